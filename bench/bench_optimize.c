/* bench_optimize.c -- the FSRS parameter fit on synthetic students: fit
** time and log loss on held-out reviews, beside fsrs-rs when its figures
** are at hand.  Prints figures; asserts nothing.
**
**   bench_optimize                 our fit on three students
**   bench_optimize --write DIR     also writes DIR/studentN-{train,test}.csv
**   bench_optimize --compare DIR   also evaluates DIR/studentN-fsrsrs.txt
**                                  (a line of 21 parameters, then seconds)
** bench/optimize.sh runs fsrs-rs (npm @open-spaced-repetition/binding,
** installed under /tmp) between the two.  Each student's cards are split
** by card id: four fifths train, one fifth held out; both halves are the
** same student, so held-out loss measures the fit, not luck of the draw.
** Target: 30,000 reviews in about a second; held-out log loss within 0.5%
** of fsrs-rs's. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tests/fsrs_sim.h"
#include "core/study/optimize.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void student(int k, kk_FsrsParams *p) {
  kk_fsrs_default_params(p);
  if (k == 1) {
    const double s0[4] = {1.0, 3.0, 6.0, 20.0};
    memcpy(p->w, s0, sizeof s0);
    p->w[8] = 1.3, p->w[9] = 0.3, p->w[11] = 1.0, p->w[20] = 0.4;
  } else if (k == 2) {
    const double s0[4] = {0.1, 0.8, 1.5, 5.0};
    memcpy(p->w, s0, sizeof s0);
    p->w[4] = 7.5, p->w[6] = 2.0, p->w[8] = 2.2, p->w[10] = 1.1, p->w[14] = 1.2, p->w[20] = 0.25;
  }
}

static int write_csv(const char *path, const kk_Revlog *log) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fputs("card_id,review_time,review_rating,review_state,review_duration\n", f);
  for (size_t i = 0; i < log->n; i++) {
    const kk_RevlogRow *r = &log->rows[i];
    fprintf(f, "%lld,%lld,%d,%d,5000\n", (long long)r->card, (long long)r->time_ms, r->rating,
            r->state);
  }
  return fclose(f);
}

static int read_params(const char *path, kk_FsrsParams *p, double *secs) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  double w[KK_FSRS_NPARAMS];
  int ok = 1;
  for (int i = 0; i < KK_FSRS_NPARAMS && ok; i++) ok = fscanf(f, " %lf ,", &w[i]) == 1;
  ok = ok && fscanf(f, " %lf", secs) == 1;
  fclose(f);
  return ok && kk_fsrs_params_from(p, w, KK_FSRS_NPARAMS) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  const char *write_dir = NULL, *compare_dir = NULL;
  if (argc == 3 && strcmp(argv[1], "--write") == 0) write_dir = argv[2];
  if (argc == 3 && strcmp(argv[1], "--compare") == 0) compare_dir = argv[2];
  printf("student  train-reviews  fit-s   held-out log loss: defaults  ours    truth"
         "%s\n",
         compare_dir ? "   fsrs-rs (ours/fsrs-rs)  fsrs-rs-s" : "");
  for (int k = 0; k < 3; k++) {
    kk_FsrsParams truth, dflt;
    student(k, &truth);
    kk_fsrs_default_params(&dflt);
    kk_Revlog *all = kk_revlog_new(), *train = kk_revlog_new(), *test = kk_revlog_new();
    sim_student(&truth, 2400, 10, 365, 1, 1000 + (uint64_t)k, all);
    for (size_t i = 0; i < all->n; i++)
      kk_revlog_push(all->rows[i].card % 5 == 0 ? test : train, &all->rows[i]);
    char path[512];
    if (write_dir) {
      snprintf(path, sizeof path, "%s/student%d-train.csv", write_dir, k);
      write_csv(path, train);
      snprintf(path, sizeof path, "%s/student%d-test.csv", write_dir, k);
      write_csv(path, test);
    }
    kk_OptimizeOptions o;
    kk_optimize_options_default(&o);
    kk_OptimizeResult r;
    kk_Err e;
    double t0 = now_s();
    kk_optimize_fit(train, &o, &r, &e);
    double secs = now_s() - t0;
    kk_OptimizeSet *hold = NULL;
    kk_optimize_set_new(test, &o, &hold, &e);
    double ld, lo, lt, lr, rmse;
    kk_optimize_set_evaluate(hold, &dflt, 0, &ld, &rmse);
    kk_optimize_set_evaluate(hold, &r.params, 0, &lo, &rmse);
    kk_optimize_set_evaluate(hold, &truth, 0, &lt, &rmse);
    printf("%7d  %13ld  %5.3f   %27.5f  %.5f %.5f", k, r.reviews, secs, ld, lo, lt);
    kk_FsrsParams theirs;
    double their_s;
    snprintf(path, sizeof path, "%s/student%d-fsrsrs.txt", compare_dir ? compare_dir : ".", k);
    if (compare_dir && read_params(path, &theirs, &their_s) == 0) {
      kk_optimize_set_evaluate(hold, &theirs, 0, &lr, &rmse);
      printf("  %.5f (%+.2f%%)  %9.3f", lr, (lo / lr - 1.0) * 100.0, their_s);
    }
    printf("\n");
    kk_optimize_set_free(hold);
    kk_revlog_free(all);
    kk_revlog_free(train);
    kk_revlog_free(test);
  }
  return 0;
}
