/* test_optimize.c -- the FSRS parameter fit: analytic gradients against
** finite differences, the model against kk_fsrs_next, recovery of known
** parameters from a synthetic student, the too-little-data rule,
** determinism, reading review logs (bad input with its line), storing fits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/study/optimize.h"
#include "fsrs_sim.h"
#include "kt.h"

/* Parameters away from every clamp bound, so that finite differences see
** the same branches as the analytic gradient. */
static void off_default(kk_FsrsParams *p) {
  kk_fsrs_default_params(p);
  const double w[KK_FSRS_NPARAMS] = {0.4, 1.6, 3.1, 9.0, 6.0, 0.7, 2.5, 0.05, 1.7, 0.2, 0.9,
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
                   kk_optimize_set_loss(set, &b, recency, NULL)) / (2 * h);
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

int main(void) {
  KT_RUN(test_gradient);
  return kt_done();
}
