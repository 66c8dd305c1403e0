/* bench_gen.c -- speed of `kioku gen` (on the course documents and on a
** synthetic document of distinct figure sentences, the worst case for the
** near-duplicate check) and of the CSV reader.  Prints figures; asserts
** nothing.  Targets: a course document in under 10 ms without MeCab (with
** it, opening the dictionary comes on top, printed separately); 1 MB of
** adversarial text in under 1 s; CSV reading at 100 MB/s or more. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/base/csv.h"
#include "core/gen/gen.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  fclose(f);
  if (b) b[n] = '\0', *len = (size_t)n;
  return b;
}

/* Runs gen once into /dev/null-like memory; returns seconds. */
static int no_morph;

static double gen_once(const char *text, size_t len, const char *name, kk_GenStats *st) {
  FILE *out = fopen("/dev/null", "w");
  kk_GenOptions opt = {.doc_name = name, .no_morph = no_morph};
  kk_Err e;
  double t = now_s();
  kk_gen_deck(text, len, &opt, out, st, &e);
  t = now_s() - t;
  fclose(out);
  return t;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_u64(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return rng;
}

/* A document of `sections` headings with 100 distinct figure sentences
** each, made of a 20-word vocabulary (similar texts, distinct answers). */
static char *synthetic(size_t sections, size_t *len) {
  static const char *const w[] = {"防衛", "予算", "同盟", "抑止",   "核",   "戦略", "条約",
                                  "欧州", "米国", "中国", "ロシア", "日本", "軍事", "安全",
                                  "保障", "協力", "負担", "会議",   "合意", "計画"};
  size_t cap = sections * 100 * 160 + 1024, n = 0;
  char *b = malloc(cap);
  if (!b) return NULL;
  for (size_t s = 0; s < sections; s++) {
    n += (size_t)snprintf(b + n, cap - n, "見出し%zu号\n\n", s);
    for (int k = 0; k < 100; k++) {
      for (int j = 0; j < 6; j++) n += (size_t)snprintf(b + n, cap - n, "%s", w[next_u64() % 20]);
      n += (size_t)snprintf(b + n, cap - n, "は%u億ドル増加した。",
                            (unsigned)(next_u64() % 999999) + 1);
    }
    n += (size_t)snprintf(b + n, cap - n, "\n\n");
  }
  *len = n;
  return b;
}

int main(void) {
  static const char *const seeds[] = {"000_58e3e53a805f13db.txt", "003_4239d4c3afee01f3.txt"};
  for (int i = 0; i < 2; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/../shared/seeds/%s", KK_SOURCE_DIR, seeds[i]);
    size_t len;
    char *doc = read_all(path, &len);
    if (!doc) {
      snprintf(path, sizeof path, "%s/../../shared/seeds/%s", KK_SOURCE_DIR, seeds[i]);
      doc = read_all(path, &len);
    }
    if (!doc) {
      printf("gen %s: not found, skipped\n", seeds[i]);
      continue;
    }
    kk_GenStats st;
    for (no_morph = 1; no_morph >= 0; no_morph--) {
      double best = 1e9;
      for (int r = 0; r < 20; r++) {
        double t = gen_once(doc, len, seeds[i], &st);
        if (t < best) best = t;
      }
      size_t kept = 0;
      for (int k = 0; k < KK_GEN_KIND_COUNT; k++) kept += st.kept[k];
      printf("gen %s (%zu KB, %zu cards, %s): %.2f ms\n", seeds[i], len / 1024, kept,
             no_morph ? "rules" : "MeCab", best * 1e3);
    }
    free(doc);
  }
  /* what opening MeCab and its dictionary costs, on a one-line document */
  no_morph = 0;
  {
    static const char one[] = "見出し\n\n本文は短い。\n";
    kk_GenStats st;
    double best = 1e9;
    for (int r = 0; r < 20; r++) {
      double t = gen_once(one, sizeof one - 1, "one.txt", &st);
      if (t < best) best = t;
    }
    printf("gen: opening MeCab and its dictionary (a one-line document): %.2f ms\n", best * 1e3);
  }
  size_t sizes[] = {7, 70};
  for (int i = 0; i < 2; i++) {
    size_t len;
    char *doc = synthetic(sizes[i] * 10, &len);
    if (!doc) return 1;
    kk_GenStats st;
    double t = gen_once(doc, len, "synthetic.txt", &st);
    printf("gen synthetic %.1f MB (%zu sentences, %zu figure candidates): %.2f s\n",
           (double)len / 1e6, st.sentences, st.found[KK_GEN_FIGURE], t);
    free(doc);
  }
  /* CSV: 200000 records of three quoted and plain fields */
  size_t cap = 40u << 20, n = 0;
  char *csv = malloc(cap);
  if (!csv) return 1;
  for (int r = 0; r < 200000 && n + 200 < cap; r++)
    n += (size_t)snprintf(csv + n, cap - n, "card-%d,\"集団防衛, \"\"第5条\"\"\",plain text %d\r\n",
                          r, r);
  kk_CsvReader *rd = kk_csv_reader_mem(csv, n, "bench.csv", NULL);
  const char *const *f;
  size_t nf, rows = 0;
  kk_Err e;
  double t = now_s();
  while (kk_csv_next(rd, &f, &nf, &e) == KK_OK && nf) rows++;
  t = now_s() - t;
  printf("csv read %zu rows, %.1f MB: %.3f s (%.0f MB/s)\n", rows, (double)n / 1e6, t,
         (double)n / 1e6 / t);
  kk_csv_reader_free(rd);
  free(csv);
  return 0;
}
