/* bench_exam.c -- the exam engine at class scale: drawing papers from a
** 20k-card bank, saving answers to SQLite (one transaction each, as in an
** exam: synchronous=FULL, WAL), and the class summary over 500 result
** files.  Prints figures; asserts nothing.
** Targets: a paper in < 5 ms; an answer saved in < 10 ms; 500 results
** summarized in < 1 s. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/exam/examdb.h"
#include "core/exam/pack.h"
#include "core/exam/remark.h"
#include "core/exam/results.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define NCARDS 20000
static kk_Card cards[NCARDS];
static kk_ExamItem items[NCARDS];
static char ids[NCARDS][16];
static kk_Option opts[4] = {
    {"a", NULL, 0, 0}, {"b", NULL, 1, 0}, {"c", NULL, 0, 0}, {"d", NULL, 0, 0}};
static const char *order_items[5] = {"1", "2", "3", "4", "5"};

static kk_ExamSpec *spec_of(void) {
  const char *t = "exam: bench\ntitle: Bench\ndecks: [a]\ntime_limit: 1h\n"
                  "seed_mode: student\npools:\n  - {types: choice, count: 30}\n"
                  "  - {types: [truefalse, order], count: 20, points: 2}\n";
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_ExamSpec *s = NULL;
  kk_exam_spec_load_mem(t, strlen(t), "bench.yaml", &d, &s);
  kk_diags_free(&d);
  return s;
}

int main(void) {
  for (int i = 0; i < NCARDS; i++) {
    snprintf(ids[i], sizeof ids[i], "c%05d", i);
    kk_Card *c = &cards[i];
    c->id = ids[i];
    c->front = "Question?";
    switch (i % 3) {
    case 0: c->type = KK_CARD_CHOICE, c->options = opts, c->noptions = 4, c->ncorrect = 1; break;
    case 1: c->type = KK_CARD_TRUEFALSE, c->truth = i & 1; break;
    default: c->type = KK_CARD_ORDER, c->items = order_items, c->nitems = 5; break;
    }
    items[i].deck_id = "bench";
    items[i].card = c;
  }
  kk_ExamSpec *spec = spec_of();
  if (!spec) return 1;
  kk_Err err;

  /* Papers. */
  const int npapers = 500;
  double t0 = now_s();
  for (int i = 0; i < npapers; i++) {
    kk_Paper *p = NULL;
    char no[16];
    snprintf(no, sizeof no, "%d", i);
    kk_paper_build(spec, items, NCARDS, kk_exam_student_seed(spec, no), &p, &err);
    char *text = kk_paper_serialize(p);
    kk_free(text);
    kk_paper_free(p);
  }
  double t1 = now_s();
  printf("paper draw+serialize (50 q from %d cards): %.3f ms each\n", NCARDS,
         (t1 - t0) * 1000 / npapers);

  /* Answers saved one transaction each to a file database. */
  char path[] = "/tmp/kk-bench-exam-XXXXXX";
  if (!mkdtemp(path)) return 1;
  kk_Store *db = NULL;
  if (kk_store_open(path, &err, &db) != KK_OK) return 1;
  const int64_t T0 = 1795000000000LL;
  kk_Attempt *a = NULL;
  t0 = now_s();
  kk_examdb_open(db, spec, items, NCARDS, "B", "1", T0, &a, NULL, &err);
  t1 = now_s();
  printf("start an attempt (draw + insert): %.3f ms\n", (t1 - t0) * 1000);
  const int nans = 500;
  t0 = now_s();
  for (int i = 0; a && i < nans; i++)
    kk_attempt_answer(a, (size_t)(i % 50), i & 1 ? "true" : "2", T0 + 1000 * (i + 1), &err);
  t1 = now_s();
  printf("answer saved (synchronous=FULL, WAL): %.3f ms each\n", (t1 - t0) * 1000 / nans);
  kk_attempt_free(a);
  a = NULL;
  t0 = now_s();
  kk_examdb_open(db, spec, items, NCARDS, "B", "1", T0 + 600000, &a, NULL, &err);
  t1 = now_s();
  printf("resume an attempt (parse paper + answers): %.3f ms\n", (t1 - t0) * 1000);

  /* Results of 500 students, then the summary. */
  kk_Class *c = kk_class_new();
  size_t bytes = 0;
  int nmarked = 0;
  double tmark = 0;
  double tw = 0, tr = 0;
  for (int i = 0; i < 500 && a; i++) {
    kk_Attempt *s = NULL;
    char no[16];
    snprintf(no, sizeof no, "s%d", i);
    kk_examdb_open(db, spec, items, NCARDS, "S", no, T0, &s, NULL, &err);
    if (!s) break;
    for (size_t q = 0; q < 50; q++)
      kk_attempt_answer(s, q, (q + (size_t)i) % 3 ? "2" : "true", T0 + 1000, &err);
    kk_attempt_submit(s, T0 + 2000, &err);
    char *buf = NULL;
    size_t len = 0;
    double w0 = now_s();
    FILE *f = open_memstream(&buf, &len);
    kk_results_write_json(s, f, &err);
    fclose(f);
    double w1 = now_s();
    kk_class_add_mem(c, buf, len, "r.json", &err);
    tr += now_s() - w1;
    tw += w1 - w0;
    bytes += len;
    /* marking on the instructor's side (results mark) */
    double m0 = now_s();
    kk_Attempt *re = NULL;
    unsigned flags = 0;
    if (kk_remark(spec, items, NCARDS, buf, len, "r.json", &re, &flags, &err) == KK_OK) nmarked++;
    tmark += now_s() - m0;
    kk_attempt_free(re);
    free(buf);
    kk_attempt_free(s);
  }
  printf("result JSON: %.3f ms to write, %.3f ms to read (%.1f KiB each)\n", tw * 1000 / 500,
         tr * 1000 / 500, (double)bytes / 500 / 1024);
  printf("results mark of %d students (re-draw the paper, re-mark): %.1f ms in all\n", nmarked,
         tmark * 1000);
  kk_Summary *sum = NULL;
  t0 = now_s();
  kk_class_summarize(c, &sum, &err);
  t1 = now_s();
  printf("summary of %zu students: %.1f ms (%zu items, alpha over %zu)\n", kk_class_count(c),
         (t1 - t0) * 1000, sum ? sum->nitems : 0, sum ? sum->alpha_items : 0);
  kk_summary_free(sum);

  /* Packs: write (20000-card bank), seal, unseal + load (what each of 500
  ** students' machines does once). */
  {
    char *pk = NULL, *box = NULL, *plain = NULL;
    size_t pl = 0, bl = 0, ul = 0;
    double p0 = now_s();
    FILE *m = open_memstream(&pk, &pl);
    kk_pack_write(spec, items, NCARDS, "salt", m, &err);
    fclose(m);
    double p1 = now_s();
    kk_pack_seal(pk, pl, "password", &box, &bl, &err);
    double p2 = now_s();
    kk_pack_unseal(box, bl, "password", &plain, &ul, &err);
    double p3 = now_s();
    kk_Diags d;
    kk_diags_init(&d, 0);
    kk_ExamSpec *ps = NULL;
    kk_ExamBank pb;
    kk_pack_load_mem(plain, ul, "p.kexam", &d, &ps, &pb);
    double p4 = now_s();
    printf("pack of %d cards: %.1f ms to write (%.1f KiB), %.0f ms to seal, "
           "%.0f ms to unseal (Argon2id), %.1f ms to load\n",
           NCARDS, (p1 - p0) * 1000, (double)pl / 1024, (p2 - p1) * 1000, (p3 - p2) * 1000,
           (p4 - p3) * 1000);
    kk_diags_free(&d);
    kk_exam_bank_free(&pb);
    kk_exam_spec_free(ps);
    free(pk);
    kk_free(box);
    kk_free(plain);
  }
  kk_class_free(c);
  kk_attempt_free(a);
  kk_store_close(db);
  char side[64];
  snprintf(side, sizeof side, "%s/" KK_STORE_FILE, path);
  unlink(side);
  rmdir(path);
  kk_exam_spec_free(spec);
  return 0;
}
