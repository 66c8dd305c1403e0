/* bench_fsrs.c -- speed of the memory model and the scheduler, and of
** `kioku fsrs replay` on 1 M rows.  Prints figures; asserts nothing.
** Targets: >= 10 M FSRS updates/s on one thread; replay of 1 M rows < 1 s. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/study/fsrs.h"
#include "core/study/sched.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_u64(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return rng;
}

enum { NINPUT = 1 << 16 };
static double elapsed_in[NINPUT];
static int rating_in[NINPUT];

static void bench_next(void) {
  kk_FsrsParams p;
  kk_fsrs_default_params(&p);
  for (int i = 0; i < NINPUT; i++) {
    uint64_t u = next_u64();
    elapsed_in[i] = (u & 7) == 0 ? 0.0 : (double)((u >> 8) % 4000) / 100.0;
    rating_in[i] = 1 + (int)((u >> 40) % 4);
  }
  const long n = 20000000;
  double sink = 0;
  double t0 = now_s();
  kk_MemoryState m = kk_fsrs_next(&p, NULL, 0, 3, 1);
  for (long i = 0; i < n; i++) {
    int j = (int)(i & (NINPUT - 1));
    m = kk_fsrs_next(&p, &m, elapsed_in[j], rating_in[j], 1);
    if ((i & 63) == 63) { /* keep S in a realistic range */
      sink += m.stability;
      m.stability = 1.0 + (double)(i & 1023);
    }
  }
  double dt = now_s() - t0;
  printf("fsrs next-state updates:   %8.1f M/s  (%ld in %.3f s, checksum %.3g)\n",
         (double)n / dt / 1e6, n, dt, sink + m.difficulty);

  long nr = 20000000;
  t0 = now_s();
  for (long i = 0; i < nr; i++)
    sink += kk_fsrs_retrievability(&p, elapsed_in[i & (NINPUT - 1)], 1.0 + (double)(i & 255));
  dt = now_s() - t0;
  printf("fsrs retrievability:       %8.1f M/s  (checksum %.6g)\n", (double)nr / dt / 1e6, sink);
}

static void bench_answer(void) {
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  kk_FsrsParams p;
  kk_fsrs_default_params(&p);
  kk_CardState st = {0};
  kk_Clock k = {1767614400000LL, 540, 4};
  const long n = 2000000;
  const int64_t start = k.now_ms;
  double t0 = now_s();
  for (long i = 0; i < n; i++) {
    if ((i & 31) == 0) st = (kk_CardState){0}, k.now_ms = start;
    kk_sched_answer(&c, &p, &st, (kk_Rating)rating_in[i & (NINPUT - 1)], &k, (uint64_t)i, NULL);
    k.now_ms = st.due_ms;
  }
  double dt = now_s() - t0;
  printf("scheduler answers (FSRS):  %8.2f M/s\n", (double)n / dt / 1e6);
  /* each item studied from scratch for 32 answers, an exam 60 days on */
  c.exam_date_ms = start + 60LL * 86400000;
  t0 = now_s();
  for (long i = 0; i < n; i++) {
    if ((i & 31) == 0) st = (kk_CardState){0}, k.now_ms = start;
    kk_sched_answer(&c, &p, &st, (kk_Rating)rating_in[i & (NINPUT - 1)], &k, (uint64_t)i, NULL);
    k.now_ms = st.due_ms;
  }
  dt = now_s() - t0;
  printf("  with an exam date:       %8.2f M/s\n", (double)n / dt / 1e6);
}

static void bench_replay(void) {
  char in[] = "/tmp/kk-bench-fsrs-XXXXXX";
  int fd = mkstemp(in);
  if (fd < 0) {
    printf("replay: cannot create a temporary file\n");
    return;
  }
  FILE *f = fdopen(fd, "w");
  if (!f) {
    close(fd);
    unlink(in);
    return;
  }
  const long rows = 1000000, per_card = 10;
  fputs("card,elapsed_days,rating\n", f);
  for (long i = 0; i < rows; i++) {
    uint64_t u = next_u64();
    long card = i / per_card;
    int first = i % per_card == 0;
    double t = first || (u & 7) == 0 ? 0.0 : (double)((u >> 8) % 40000) / 1000.0;
    fprintf(f, "card%ld,%.3f,%d\n", card, t, 1 + (int)((u >> 40) % 4));
  }
  fclose(f);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "'%s' fsrs replay < %s > /dev/null", KK_KIOKU_EXE, in);
  double best = 1e9;
  int rc = 0;
  for (int run = 0; run < 3; run++) {
    double t0 = now_s();
    rc = system(cmd);
    double dt = now_s() - t0;
    if (dt < best) best = dt;
  }
  unlink(in);
  printf("kioku fsrs replay, 1 M rows: %.3f s (best of 3%s)\n", best,
         rc == 0 ? "" : ", NOTE: the command failed");
}

int main(void) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  printf("bench_fsrs (%ld CPUs online; single-threaded figures)\n", cpus);
  bench_next();
  bench_answer();
  bench_replay();
  return 0;
}
