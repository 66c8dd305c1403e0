/* test_optimize.c -- the FSRS parameter fit: analytic gradients against
** finite differences, the model against kk_fsrs_next, recovery of known
** parameters from a synthetic student, the too-little-data rule,
** determinism, reading review logs (bad input with its line), storing fits. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/deck/load.h"
#include "core/study/optimize.h"
#include "core/ui/ui_store.h"
#include "fsrs_sim.h"
#include "kt.h"
#include "kt_fixture.h"

/* Parameters away from every clamp bound, so that finite differences see
** the same branches as the analytic gradient. */
static void off_default(kk_FsrsParams *p) {
  kk_fsrs_default_params(p);
  const double w[KK_FSRS_NPARAMS] = {0.4, 1.6,  3.1, 9.0, 6.0,  0.7, 2.5, 0.05, 1.7,  0.2, 0.9,
                                     1.3, 0.08, 0.3, 1.5, 0.55, 1.9, 0.5, 0.12, 0.08, 0.2};
  memcpy(p->w, w, sizeof w);
}

/* ---- gradients ---------------------------------------------------------- */

static void test_gradient(void) {
  kk_FsrsParams truth, p;
  kk_fsrs_default_params(&truth);
  off_default(&p);
  kk_Revlog *log = kk_revlog_new();
  KT_CHECK(sim_student(&truth, 120, 6, 120, 1, 7, log) > 0);
  kk_OptimizeSet *set = NULL;
  kk_Err e;
  KT_CHECK(kk_optimize_set_new(log, NULL, &set, &e) == KK_OK);
  for (int recency = 0; recency <= 1; recency++) {
    double g[KK_FSRS_NPARAMS];
    kk_optimize_set_loss(set, &p, recency, g);
    for (int i = 0; i < KK_FSRS_NPARAMS; i++) {
      double h = 1e-6 * fmax(1.0, fabs(p.w[i]));
      kk_FsrsParams a = p, b = p;
      a.w[i] += h;
      b.w[i] -= h;
      double fd = (kk_optimize_set_loss(set, &a, recency, NULL) -
                   kk_optimize_set_loss(set, &b, recency, NULL)) /
                  (2 * h);
      /* every parameter takes part in this log */
      KT_CHECK(fabs(g[i]) > 1e-6);
      if (fabs(g[i] - fd) > 1e-5 * fmax(1.0, fabs(fd)))
        printf("  w%d: analytic %.9g finite differences %.9g\n", i, g[i], fd);
      KT_CHECK(fabs(g[i] - fd) <= 1e-5 * fmax(1.0, fabs(fd)));
    }
  }
  kk_optimize_set_free(set);
  kk_revlog_free(log);
}

/* ---- recovery ------------------------------------------------------------ */

/* A student far from the defaults in the parameters a year of reviews
** pins down: first-review stabilities, growth (w8, w9), post-lapse
** stability (w11) and the curve's decay. */
static void truth_params(kk_FsrsParams *p) {
  kk_fsrs_default_params(p);
  const double s0[4] = {1.0, 3.0, 6.0, 20.0};
  memcpy(p->w, s0, sizeof s0);
  p->w[8] = 1.3, p->w[9] = 0.3, p->w[11] = 1.0, p->w[20] = 0.4;
}

static void test_recovery(void) {
  kk_FsrsParams truth, dflt;
  truth_params(&truth);
  kk_fsrs_default_params(&dflt);
  kk_Revlog *log = kk_revlog_new();
  KT_CHECK(sim_student(&truth, 2000, 10, 365, 1, 42, log) > 30000);
  kk_OptimizeResult r;
  kk_Err e;
  KT_CHECK(kk_optimize_fit(log, NULL, &r, &e) == KK_OK);
  KT_CHECK(r.fitted == 1);
  KT_CHECK(r.reviews > 25000);
  kk_OptimizeSet *set = NULL;
  KT_CHECK(kk_optimize_set_new(log, NULL, &set, &e) == KK_OK);
  double lt, rt;
  kk_optimize_set_evaluate(set, &truth, 1, &lt, &rt);
  /* The true parameters are the best any fit can do in expectation (an
  ** overfit gains about k/2N = 21/60000 nats, well below the gap here of
  ** 0.015).  The method stops after five epochs with a pull toward the
  ** defaults, so it is asked to close three quarters of the gap between
  ** the defaults and the truth, and to be calibrated better than the
  ** defaults. */
  printf("  log loss: defaults %.5f fit %.5f truth %.5f; RMSE %.4f -> %.4f (truth %.4f)\n",
         r.loss_default, r.loss_fit, lt, r.rmse_default, r.rmse_fit, rt);
  KT_CHECK(r.loss_default - r.loss_fit >= 0.75 * (r.loss_default - lt));
  KT_CHECK(r.rmse_fit < r.rmse_default);
  /* w0 and w2 rest on a thousand first reviews each: within 25%.  The
  ** growth and lapse parameters share their information with others, so
  ** they only have to move toward the truth from the defaults. */
  KT_CHECK(fabs(r.params.w[0] - truth.w[0]) < 0.25 * truth.w[0]);
  KT_CHECK(fabs(r.params.w[2] - truth.w[2]) < 0.25 * truth.w[2]);
  const int moved[] = {8, 9, 11};
  for (int k = 0; k < 3; k++) {
    int i = moved[k];
    KT_CHECK(fabs(r.params.w[i] - truth.w[i]) < fabs(dflt.w[i] - truth.w[i]));
  }
  /* deterministic: the same log and seed give the same bits */
  kk_OptimizeResult r2;
  KT_CHECK(kk_optimize_fit(log, NULL, &r2, &e) == KK_OK);
  KT_CHECK(memcmp(&r.params, &r2.params, sizeof r.params) == 0);
  KT_CHECK(r.loss_fit == r2.loss_fit);
  kk_optimize_set_free(set);
  kk_revlog_free(log);
}

static void test_too_little_data(void) {
  kk_FsrsParams truth, dflt;
  truth_params(&truth);
  kk_fsrs_default_params(&dflt);
  kk_Revlog *log = kk_revlog_new();
  KT_CHECK(sim_student(&truth, 40, 5, 60, 1, 3, log) > 0);
  kk_OptimizeResult r;
  kk_Err e;
  KT_CHECK(kk_optimize_fit(log, NULL, &r, &e) == KK_OK);
  KT_CHECK(r.reviews > 0 && r.reviews < KK_OPTIMIZE_MIN_REVIEWS);
  KT_CHECK(r.fitted == 0);
  KT_CHECK(strstr(r.note, "keeping the defaults") != NULL);
  KT_CHECK(memcmp(&r.params, &dflt, sizeof dflt) == 0);
  KT_CHECK(r.loss_fit == r.loss_default);
  /* an empty log too */
  kk_Revlog *empty = kk_revlog_new();
  KT_CHECK(kk_optimize_fit(empty, NULL, &r, &e) == KK_OK);
  KT_CHECK(r.fitted == 0 && r.reviews == 0);
  kk_revlog_free(empty);
  kk_revlog_free(log);
}

/* Each card seen once after its first day: only the first-review
** stabilities can be learned; the other parameters stay the defaults. */
static void test_first_reviews_only(void) {
  kk_FsrsParams truth, dflt;
  kk_fsrs_default_params(&truth);
  kk_fsrs_default_params(&dflt);
  truth.w[2] = 6.0;
  kk_Revlog *log = kk_revlog_new();
  uint64_t seed = 11;
  const int64_t t0 = 19000LL * 86400000 + 10 * 3600000LL;
  for (int c = 0; c < 1500; c++) {
    int gap = 1 + c % 8;
    double r = kk_fsrs_retrievability(&truth, gap, truth.w[2]);
    kk_RevlogRow a = {c, t0 + c * 1000, 3, 0, 0};
    kk_RevlogRow b = {c, t0 + gap * 86400000LL + c * 1000, sim_uniform(&seed) < r ? 3 : 1, 2, 0};
    KT_CHECK(kk_revlog_push(log, &a) == 0 && kk_revlog_push(log, &b) == 0);
  }
  kk_OptimizeResult r;
  kk_Err e;
  KT_CHECK(kk_optimize_fit(log, NULL, &r, &e) == KK_OK);
  KT_CHECK(r.fitted == 1 && r.reviews == 1500);
  KT_CHECK(fabs(r.params.w[2] - 6.0) < 1.5);
  KT_CHECK(memcmp(r.params.w + 4, dflt.w + 4, 17 * sizeof(double)) == 0);
  kk_revlog_free(log);
}

/* ---- reading logs -------------------------------------------------------- */

static void check_bad(const char *csv, int line, const char *want) {
  kk_Revlog *log = NULL;
  kk_Err e;
  kk_err_clear(&e);
  kk_Status st = kk_revlog_parse(csv, strlen(csv), "log.csv", &log, &e);
  KT_CHECK(st != KK_OK);
  KT_CHECK(log == NULL);
  KT_CHECK(e.line == line);
  KT_CHECK(strstr(e.msg, want) != NULL);
  if (e.line != line || !strstr(e.msg, want))
    printf("  got line %d: %s (wanted line %d: %s)\n", e.line, e.msg, line, want);
}

#define HDR "card_id,review_time,review_rating,review_state,review_duration\n"

static void test_parse(void) {
  const char *good = HDR "1,1700000000000,3,0,5000\n"
                         "2,1700000060000,1,0,4000\n"
                         "1,1700090000000,4,2,3000\n";
  kk_Revlog *log = NULL;
  kk_Err e;
  KT_CHECK(kk_revlog_parse(good, strlen(good), "log.csv", &log, &e) == KK_OK);
  KT_CHECK(log && log->n == 3);
  if (log) {
    KT_CHECK(log->rows[2].card == 1 && log->rows[2].time_ms == 1700090000000LL);
    KT_CHECK(log->rows[2].rating == 4 && log->rows[2].state == 2 && log->rows[2].line == 4);
  }
  kk_revlog_free(log);
  /* columns in another order, without review_duration */
  const char *reordered = "review_rating,card_id,review_state,review_time\n3,7,0,1700000000000\n";
  KT_CHECK(kk_revlog_parse(reordered, strlen(reordered), "log.csv", &log, &e) == KK_OK);
  KT_CHECK(log && log->n == 1 && log->rows[0].card == 7);
  kk_revlog_free(log);

  check_bad("card_id,review_time,review_rating\n1,1700000000000,3\n", 1,
            "missing column 'review_state'");
  check_bad("", 1, "empty file");
  check_bad(HDR "1,1700000000000,3,0,1\n1,1700000000000,3,2,1\n", 3, "duplicate row");
  check_bad(HDR "1,1700000000000,3,0,1\n2,1700000000000,3,0,1\n1,1699990000000,3,2,1\n", 4,
            "not in time order");
  check_bad(HDR "1,1700000000000,5,0,1\n", 2, "review_rating must be 1, 2, 3 or 4");
  check_bad(HDR "1,1700000000000,0,0,1\n", 2, "review_rating must be 1, 2, 3 or 4");
  check_bad(HDR "1,1700000000000,3,0,1\n1,1700000100,3,2,1\n", 3, "looks like seconds");
  check_bad(HDR "1,17000000000x0,3,0,1\n", 2, "not an integer");
  check_bad(HDR "1,1700000000000,3,7,1\n", 2, "review_state must be");
  check_bad(HDR "1,1700000000000,3,0\n", 2, "expected 5 fields");
  /* at the end of int64_t (with a zone ahead of UTC, the day arithmetic of
  ** the fit overflowed) */
  check_bad(HDR "1,9223372036854775807,3,0,1\n", 2, "past any date");
  check_bad(HDR "1,1000000000000001,3,0,1\n", 2, "past any date");
}

/* ---- storing fits -------------------------------------------------------- */

static void test_store(void) {
  char dir[64];
  KT_CHECK(kt_tmpdir(dir, sizeof dir, "optimize") == 0);
  kk_Store *s = NULL;
  kk_Err e;
  KT_CHECK(kk_store_open(dir, &e, &s) == KK_OK);
  kk_OptimizeSaved got;
  int found = 1;
  KT_CHECK(kk_optimize_load(s, "deck-a", &got, &found, &e) == KK_OK);
  KT_CHECK(found == 0);
  kk_OptimizeResult all = {0}, own = {0};
  off_default(&all.params);
  all.reviews = 1234, all.loss_default = 0.35, all.loss_fit = 0.33;
  own = all;
  own.params.w[8] = 1.234567;
  own.reviews = 99;
  KT_CHECK(kk_optimize_save(s, NULL, &all, &e) == KK_OK);
  KT_CHECK(kk_optimize_save(s, "deck-a", &own, &e) == KK_OK);
  KT_CHECK(kk_optimize_load(s, "deck-a", &got, &found, &e) == KK_OK);
  KT_CHECK(found == 1 && got.reviews == 99);
  KT_CHECK_NEAR(got.params.w[8], 1.234567, 1e-9);
  KT_CHECK(kk_optimize_load(s, "deck-b", &got, &found, &e) == KK_OK);
  KT_CHECK(found == 1 && got.reviews == 1234);
  KT_CHECK_NEAR(got.loss_fit, 0.33, 1e-9);
  for (int i = 0; i < KK_FSRS_NPARAMS; i++) KT_CHECK_NEAR(got.params.w[i], all.params.w[i], 1e-6);
  KT_CHECK(kk_optimize_clear(s, "deck-a", &e) == KK_OK);
  KT_CHECK(kk_optimize_load(s, "deck-a", &got, &found, &e) == KK_OK);
  KT_CHECK(found == 1 && got.reviews == 1234);
  /* a damaged value counts as absent */
  KT_CHECK(kk_store_set_setting(s, "fsrs.params", "reviews=1;w=1,2", &e) == KK_OK);
  KT_CHECK(kk_optimize_load(s, NULL, &got, &found, &e) == KK_OK);
  KT_CHECK(found == 0 && got.params.w[0] == 0.212);
  kk_store_close(s);
  KT_CHECK(kt_rm_rf(dir) == 0);
}

/* ---- the trainer uses a stored fit ---------------------------------------- */

/* The Easy interval of the first new card, and the stats screen's line,
** from a trainer host over store s. */
static double easy_days(kk_Store *s, kk_Deck *deck, char *model, size_t size) {
  kk_UiStore *us = NULL;
  kk_Err e;
  double days[4] = {0, 0, 0, 0};
  const int64_t now = 1790000000000; /* 2026-09-21 */
  if (kk_ui_store_new(s, &deck, 1, 540, 4, &e, &us) != KK_OK) return -1;
  const kk_UiHost *h = kk_ui_store_host(us);
  size_t d0 = 0;
  kk_UiItem it;
  if (h->session_start(h->ud, &d0, 1, now, &e) == KK_OK && h->session_next(h->ud, now, &it))
    h->preview(h->ud, &it, now, days);
  kk_UiStats st;
  memset(&st, 0, sizeof st);
  h->stats(h->ud, now, &st);
  snprintf(model, size, "%s", st.memory_model ? st.memory_model : "");
  kk_ui_store_free(us);
  return days[3];
}

static void test_trainer_uses_fit(void) {
  static const char yaml[] = "deck:\n  id: t\n  title: T\ncards:\n"
                             "  - id: b1\n    type: basic\n    front: A\n    back: B\n";
  char dir[64];
  KT_CHECK(kt_tmpdir(dir, sizeof dir, "optimize_ui") == 0);
  kk_Deck *deck = NULL;
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  KT_CHECK(kk_deck_load_mem(yaml, strlen(yaml), "t.yaml", &dg, &deck) == KK_OK);
  kk_diags_free(&dg);
  kk_Store *s = NULL;
  kk_Err e;
  KT_CHECK(kk_store_open(dir, &e, &s) == KK_OK);
  if (!deck || !s) goto done;
  char model[256];
  /* defaults: Easy on a new card gives w3 = 8.3 days, fuzzed by at most a
  ** quarter; with the fit's w3 = 40, 30 days or more */
  KT_CHECK(easy_days(s, deck, model, sizeof model) < 15);
  KT_CHECK(strstr(model, "FSRS defaults") != NULL);
  kk_OptimizeResult r = {0};
  kk_fsrs_default_params(&r.params);
  r.params.w[3] = 40.0;
  r.fitted = 1, r.reviews = 1234, r.loss_default = 0.36, r.loss_fit = 0.34;
  KT_CHECK(kk_optimize_save(s, "t", &r, &e) == KK_OK);
  KT_CHECK(easy_days(s, deck, model, sizeof model) >= 30);
  KT_CHECK(strstr(model, "your own FSRS parameters, fitted on 1234 reviews") != NULL);
  KT_CHECK(strstr(model, "0.360") && strstr(model, "0.340"));
  /* a fit for another deck only does not touch this one */
  KT_CHECK(kk_optimize_clear(s, "t", &e) == KK_OK);
  KT_CHECK(kk_optimize_save(s, "other", &r, &e) == KK_OK);
  KT_CHECK(easy_days(s, deck, model, sizeof model) < 15);
  KT_CHECK(strstr(model, "FSRS defaults") != NULL);
done:
  kk_store_close(s);
  kk_deck_free(deck);
  KT_CHECK(kt_rm_rf(dir) == 0);
}

/* ---- out of memory ------------------------------------------------------- */

/* Every allocation of a fit and of reading a log fails in turn: each run
** reports KK_ERR_NOMEM (never a crash, never a silent result), and the
** next run without faults gives the same fit as before. */
static void test_out_of_memory(void) {
  kk_FsrsParams truth;
  truth_params(&truth);
  kk_Revlog *log = kk_revlog_new();
  KT_CHECK(sim_student(&truth, 150, 10, 120, 1, 5, log) > 0);
  kk_OptimizeResult r, again;
  kk_Err e;
  kk_alloc_fail_after(0);
  KT_CHECK(kk_optimize_fit(log, NULL, &r, &e) == KK_OK);
  KT_CHECK(r.fitted == 1); /* big enough to train: every path is walked */
  size_t n = kk_alloc_count();
  KT_CHECK(n > 5);
  int bad = 0;
  for (size_t i = 1; i <= n; i++) {
    kk_alloc_fail_after(i);
    if (kk_optimize_fit(log, NULL, &again, &e) != KK_ERR_NOMEM) bad++;
  }
  kk_alloc_fail_after(0);
  KT_CHECK(bad == 0);
  KT_CHECK(kk_optimize_fit(log, NULL, &again, &e) == KK_OK);
  KT_CHECK(memcmp(&r.params, &again.params, sizeof r.params) == 0);

  const char *csv = HDR "1,1700000000000,3,0,5000\n2,1700000060000,1,0,4000\n";
  kk_Revlog *parsed = NULL;
  kk_alloc_fail_after(0);
  KT_CHECK(kk_revlog_parse(csv, strlen(csv), "log.csv", &parsed, &e) == KK_OK);
  n = kk_alloc_count();
  kk_revlog_free(parsed);
  bad = 0;
  for (size_t i = 1; i <= n; i++) {
    kk_alloc_fail_after(i);
    parsed = NULL;
    if (kk_revlog_parse(csv, strlen(csv), "log.csv", &parsed, &e) != KK_ERR_NOMEM || parsed) bad++;
  }
  kk_alloc_fail_after(0);
  KT_CHECK(bad == 0);
  kk_revlog_free(log);
}

int main(void) {
  KT_RUN(test_gradient);
  KT_RUN(test_recovery);
  KT_RUN(test_too_little_data);
  KT_RUN(test_first_reviews_only);
  KT_RUN(test_parse);
  KT_RUN(test_store);
  KT_RUN(test_trainer_uses_fit);
  KT_RUN(test_out_of_memory);
  return kt_done();
}
