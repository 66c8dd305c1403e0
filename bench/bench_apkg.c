/* bench_apkg.c -- Anki packages at scale: a generated deck of 50,000 notes
** with 500,000 reviews in the progress store is exported as an .apkg with
** --with-progress (time), then `kioku import apkg --with-history` reads it
** back in a child process (time and the child's peak memory; target under
** 3 s).  Works in /tmp/kk_bench_apkg (removed first).  Prints figures;
** asserts nothing. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/deck/load.h"
#include "core/interop/apkg.h"
#include "core/study/store.h"

#define NNOTES 50000
#define NREV_PER 10
#define DIR "/tmp/kk_bench_apkg"
#define DAY 86400000LL

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
  if (system("rm -rf " DIR) != 0) return 1;
  mkdir(DIR, 0700);
  /* the deck */
  char *yaml = NULL;
  size_t ylen = 0;
  FILE *f = open_memstream(&yaml, &ylen);
  fprintf(f, "deck:\n  id: bench-apkg\n  title: Bench\n  language: en\n  sources: [b.txt]\n"
             "cards:\n");
  for (int i = 0; i < NNOTES; i++)
    fprintf(f,
            "  - id: ba-%06d\n    type: basic\n    front: \"Question number %d about "
            "<b>things</b> & more\"\n    back: Answer %d\n    source: {doc: b.txt}\n",
            i, i, i);
  fclose(f);
  kk_Deck *d = NULL;
  double t0 = now_s();
  if (kk_deck_load_mem(yaml, ylen, "bench.yaml", NULL, &d) != KK_OK) return 1;
  printf("deck of %d notes loaded in %.2f s\n", NNOTES, now_s() - t0);
  /* the store: 10 reviews per card over the last year */
  kk_Store *s = NULL;
  kk_Err e;
  if (kk_store_open(DIR "/src", &e, &s) != KK_OK) return 1;
  kk_StoreHistory *items = calloc(NNOTES, sizeof *items);
  kk_ReviewLog *logs = calloc((size_t)NNOTES * NREV_PER, sizeof *logs);
  char(*keys)[16] = calloc(NNOTES, sizeof *keys);
  int64_t start = 1767225600000;
  for (int i = 0; i < NNOTES; i++) {
    snprintf(keys[i], sizeof keys[i], "ba-%06d", i);
    kk_ReviewLog *l = &logs[(size_t)i * NREV_PER];
    for (int k = 0; k < NREV_PER; k++) {
      l[k] = (kk_ReviewLog){.time_ms = start + (int64_t)k * 30 * DAY + i * 1000LL,
                            .rating = (kk_Rating)(k % 7 == 3 ? KK_AGAIN : KK_GOOD),
                            .duration_ms = 4000,
                            .phase_before = k ? KK_PHASE_REVIEW : KK_PHASE_NEW,
                            .phase_after = KK_PHASE_REVIEW,
                            .interval_days = 1 + k * 3};
      if (k) l[k].elapsed_days = 30;
    }
    items[i] = (kk_StoreHistory){.item_key = keys[i],
                                 .logs = l,
                                 .nlogs = NREV_PER,
                                 .state = {.phase = KK_PHASE_REVIEW,
                                           .stability = 40,
                                           .difficulty = 5,
                                           .interval_days = 28,
                                           .due_ms = start + 300 * DAY,
                                           .reps = NREV_PER,
                                           .last_review_ms = l[NREV_PER - 1].time_ms}};
  }
  t0 = now_s();
  if (kk_store_import_history(s, "bench-apkg", items, NNOTES, &e) != KK_OK) {
    fprintf(stderr, "store: %s\n", e.msg);
    return 1;
  }
  printf("store of %d reviews written in %.2f s\n", NNOTES * NREV_PER, now_s() - t0);
  /* export */
  kk_ApkgExportOptions opt = {.progress = s, .now_ms = start + 301 * DAY};
  kk_ApkgCounts n;
  t0 = now_s();
  if (kk_apkg_export(&d, 1, &opt, DIR "/bench.apkg", 0, &n, &e) != KK_OK) {
    fprintf(stderr, "export: %s\n", e.msg);
    return 1;
  }
  struct stat sb;
  stat(DIR "/bench.apkg", &sb);
  printf("export --with-progress: %zu notes, %zu reviews, %.1f MB package in %.2f s\n", n.notes,
         n.reviews, sb.st_size / 1e6, now_s() - t0);
  kk_store_close(s);
  kk_deck_free(d);
  free(items);
  free(logs);
  free(keys);
  free(yaml);
  /* import, in a child running the real command */
  t0 = now_s();
  pid_t pid = fork();
  if (pid == 0) {
    execl(KK_KIOKU_EXE, "kioku", "import", "apkg", "--with-history", "--data-dir", DIR "/dst", "-o",
          DIR "/out", DIR "/bench.apkg", (char *)NULL);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) return 1;
  double dt = now_s() - t0;
  printf("import --with-history: exit %d, %.2f s (target < 3 s), peak memory %.0f MB\n",
         WIFEXITED(status) ? WEXITSTATUS(status) : -1, dt, ru.ru_maxrss / 1024.0);
  return 0;
}
