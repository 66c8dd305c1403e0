/*
** test_scaling.c -- the loaders stay linear: each case runs at 1x and 10x
** input and the 10x run must take less than 35 times as long (linear work
** gives about 10, the old pairwise checks about 100).  CPU time, best of
** three runs, compared as a ratio: no absolute time is asserted.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/deck/export.h"
#include "core/deck/load.h"
#include "core/deck/ydoc.h"
#include "kt.h"

#define MAX_RATIO 35.0

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef int (*Job)(const char *buf, size_t len);

/* Best of three CPU times of job over buf; *ok receives the job's verdict. */
static double best_time(Job job, const char *buf, size_t len, int *ok) {
  double best = 1e30;
  for (int r = 0; r < (kt_valgrind() ? 1 : 3); r++) {
    double t0 = cpu_now();
    *ok = job(buf, len);
    double t = cpu_now() - t0;
    if (t < best) best = t;
  }
  return best > 1e-6 ? best : 1e-6;
}

/* One card with n distinct (unknown) keys. */
static char *many_keys(size_t n, size_t *len) {
  char *out = NULL;
  size_t l = 0;
  FILE *m = open_memstream(&out, &l);
  fputs("deck: {id: k, title: K}\ncards:\n  - id: c1\n    type: basic\n    front: F\n"
        "    back: B\n    source: {doc: d}\n",
        m);
  for (size_t i = 0; i < n; i++) fprintf(m, "    key%zu: v\n", i);
  fclose(m);
  *len = l;
  return out;
}

static int load_deck(const char *buf, size_t len) {
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_Deck *deck = NULL;
  kk_Status st = kk_deck_load_mem(buf, len, "keys.yaml", &d, &deck);
  /* every extra key is unknown: the load fails, naming them all */
  int ok = st == KK_ERR_INVALID && d.nerrors >= 1000;
  kk_deck_free(deck);
  kk_diags_free(&d);
  return ok;
}

/* n anchors, then `aliases` aliases of the first (oldest) one. */
static char *many_anchors(size_t n, size_t aliases, size_t *len) {
  char *out = NULL;
  size_t l = 0;
  FILE *m = open_memstream(&out, &l);
  fputs("anchors:\n", m);
  for (size_t i = 0; i < n; i++) fprintf(m, "- &a%zu x\n", i);
  fputs("aliases:\n", m);
  for (size_t i = 0; i < aliases; i++) fputs("- *a0\n", m);
  fclose(m);
  *len = l;
  return out;
}

static int parse_doc(const char *buf, size_t len) {
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_YDoc *doc = NULL;
  kk_Status st = kk_ydoc_parse(buf, len, "anchors.yaml", NULL, &d, &doc);
  const kk_YNode *al = doc ? kk_ynode_get(kk_ydoc_root(doc), "aliases") : NULL;
  int ok = st == KK_OK && al && al->nkids > 0 && strcmp(al->kids[0]->str, "x") == 0;
  kk_ydoc_free(doc);
  kk_diags_free(&d);
  return ok;
}

static void check_ratio(const char *what, Job job, char *small, size_t ls, char *big, size_t lb) {
  int ok1 = 0, ok10 = 0;
  double t1 = best_time(job, small, ls, &ok1);
  double t10 = best_time(job, big, lb, &ok10);
  KT_CHECK(ok1 && ok10);
  fprintf(stderr, "  %s: 1x %.4f s, 10x %.4f s, ratio %.1f\n", what, t1, t10, t10 / t1);
  KT_CHECK(t10 / t1 < MAX_RATIO);
  free(small);
  free(big);
}

/* One card with 100k keys: repeated keys used to be checked pairwise. */
static void test_keys_scale(void) {
  size_t ls, lb;
  size_t n = kt_valgrind() ? 2000 : 10000; /* memcheck: same shape, smaller */
  char *small = many_keys(n, &ls), *big = many_keys(10 * n, &lb);
  check_ratio("keys", load_deck, small, ls, big, lb);
}

/* 150k anchors, 10000 aliases: anchors used to be looked up one by one. */
static void test_anchors_scale(void) {
  size_t ls, lb;
  size_t n = kt_valgrind() ? 3000 : 15000, a = n / 15;
  char *small = many_anchors(n, a, &ls), *big = many_anchors(10 * n, 10 * a, &lb);
  check_ratio("anchors", parse_doc, small, ls, big, lb);
}

/* ---- the CSV importer's ids -------------------------------------------- */

/* A CSV of n rows; same: every row the same front; cols: the header form. */
static char *csv_rows(size_t n, int same, int cols, size_t *len) {
  size_t cap = 64 + n * 48;
  char *b = malloc(cap);
  if (!b) return NULL;
  size_t o = (size_t)snprintf(b, cap, cols ? "front,back,type\n" : "front,back\n");
  for (size_t i = 0; i < n; i++) {
    if (same)
      o += (size_t)snprintf(b + o, cap - o, "the same question,answer %zu%s\n", i,
                            cols ? ",basic" : "");
    else
      o += (size_t)snprintf(b + o, cap - o, "question %zu,answer %zu%s\n", i, i,
                            cols ? ",basic" : "");
  }
  *len = o;
  return b;
}

static int import_csv(const char *buf, size_t len) {
  FILE *f = fopen("/dev/null", "w");
  if (!f) return 0;
  kk_ImportOptions o = {.csv_name = "scale.csv"};
  kk_Err e;
  size_t n = 0;
  int ok = kk_import_csv(buf, len, &o, f, &n, &e) == KK_OK && n > 0;
  fclose(f);
  return ok;
}

/* Rows with one front (ids q, q-2, q-3, ...) used to cost the cube of their
** number (3,000 rows: 10 s), distinct ones the square: both forms of CSV. */
static void test_csv_ids_scale(void) {
  size_t n = kt_valgrind() ? 100 : 400;
  for (int cols = 0; cols < 2; cols++) {
    size_t ls, lb;
    char *small = csv_rows(n, 1, cols, &ls), *big = csv_rows(10 * n, 1, cols, &lb);
    KT_REQUIRE(small && big);
    check_ratio(cols ? "csv columns, one front" : "csv, one front", import_csv, small, ls, big, lb);
    small = csv_rows(5 * n, 0, cols, &ls), big = csv_rows(50 * n, 0, cols, &lb);
    KT_REQUIRE(small && big);
    check_ratio(cols ? "csv columns, distinct" : "csv, distinct", import_csv, small, ls, big, lb);
  }
}

int main(void) {
  KT_RUN(test_keys_scale);
  KT_RUN(test_anchors_scale);
  KT_RUN(test_csv_ids_scale);
  return kt_done();
}
