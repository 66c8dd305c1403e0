/*
** fsrs.c -- the FSRS-6 memory model (see fsrs.h).
**
** Divisions: parameters (defaults, migration, clamping); the forgetting
** curve and intervals; the state update (initial, recall, forget, short
** term, difficulty).
**
** Arithmetic is plain double precision with no intermediate rounding, so
** results are the exact formulas; the references (fsrs-rs in f32, ts-fsrs
** rounding to 8 decimals) agree to well within 1e-6 relative.  Only the
** transcendental calls the chosen branch needs are evaluated.
*/
#include "core/study/fsrs.h"

#include <math.h>
#include <string.h>

/* ---- parameters ------------------------------------------------------ */

static const double default_w[KK_FSRS_NPARAMS] = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

/* The decay FSRS-5 and FSRS-4.5 vectors imply once migrated. */
#define FSRS5_DECAY 0.5
/* Initial stabilities are trained within [S_MIN, 100]. */
#define INIT_S_MAX 100.0

void kk_fsrs_default_params(kk_FsrsParams *p) { memcpy(p->w, default_w, sizeof default_w); }

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

void kk_fsrs_params_clamp(kk_FsrsParams *p, int relearning_steps) {
  /* With several relearning steps the short-term boost w17*w18 is bounded
  ** so that relearning cannot push a lapsed card above its old stability
  ** (the bound the references derive at D = 1, R = 0.7, S = 1). */
  double ceil1718 = 2.0;
  double *w = p->w;
  if (relearning_steps > 1) {
    double w11 = clampd(w[11], 0.001, 5.0), w13 = clampd(w[13], 0.001, 0.9);
    double w14 = clampd(w[14], 0.0, 4.0);
    double v = -(log(w11) + log(pow(2.0, w13) - 1.0) + w14 * 0.3) / relearning_steps;
    ceil1718 = fmin(sqrt(fmax(v, 0.01)), 2.0);
  }
  static const double lo[KK_FSRS_NPARAMS] = {
      KK_FSRS_S_MIN, KK_FSRS_S_MIN, KK_FSRS_S_MIN, KK_FSRS_S_MIN, 1.0,   0.001, 0.001,
      0.001,         0.0,           0.0,           0.001,         0.001, 0.001, 0.001,
      0.0,           0.0,           1.0,           0.0,           0.0,   0.0,   0.1};
  static const double hi[KK_FSRS_NPARAMS] = {
      INIT_S_MAX, INIT_S_MAX, INIT_S_MAX, INIT_S_MAX, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5,
      5.0,        0.25,       0.9,        4.0,        1.0,  6.0, 2.0, 2.0,  0.8, 0.8};
  for (int i = 0; i < KK_FSRS_NPARAMS; i++) {
    double h = (i == 17 || i == 18) ? ceil1718 : hi[i];
    w[i] = clampd(w[i], lo[i], h);
  }
}

int kk_fsrs_params_from(kk_FsrsParams *p, const double *w, int n) {
  if (n != 21 && n != 19 && n != 17) return -1;
  for (int i = 0; i < n; i++)
    if (!isfinite(w[i])) return -1;
  memcpy(p->w, w, (size_t)n * sizeof *w);
  if (n == 17) {
    /* FSRS-4.5 -> FSRS-5: D0 changed from w4 - (G-3) w5 to
    ** w4 - e^(w5 (G-1)) + 1 and the difficulty step grew by 0.5. */
    p->w[4] = w[5] * 2.0 + w[4];
    // cppcheck-suppress unpreciseMathCall ; the reference implementations use exp/log
    p->w[5] = log(w[5] * 3.0 + 1.0) / 3.0;
    p->w[6] = w[6] + 0.5;
    p->w[17] = 0.0;
    p->w[18] = 0.0;
  }
  if (n <= 19) {
    p->w[19] = 0.0; /* no stability dependence of the short-term boost */
    p->w[20] = FSRS5_DECAY;
  }
  kk_fsrs_params_clamp(p, 1);
  return 0;
}

/* ---- forgetting curve and intervals ------------------------------------ */

/* -ln 0.9 */
#define NEG_LN_09 0.10536051565782628

/* R(t) = (1 + factor t / S)^(-w20), factor chosen so that R(S) = 0.9:
** 0.9^(-1/w20) - 1, written with exp (cheaper than pow). */
static double curve_factor(double w20) {
  // cppcheck-suppress unpreciseMathCall ; the reference implementations use exp/log
  return exp(NEG_LN_09 / w20) - 1.0;
}

double kk_fsrs_retrievability(const kk_FsrsParams *p, double elapsed_days, double s) {
  double w20 = p->w[20];
  if (elapsed_days <= 0) return 1.0;
  return pow(1.0 + curve_factor(w20) * elapsed_days / s, -w20);
}

double kk_fsrs_interval(const kk_FsrsParams *p, double s, double desired_retention) {
  double w20 = p->w[20];
  /* Retention 0.9 takes the very expression of curve_factor, so that the
  ** modifier is exactly 1 and the interval S itself. */
  double f = curve_factor(w20);
  double g = desired_retention == 0.9 ? f : pow(desired_retention, -1.0 / w20) - 1.0;
  return s * (g / f);
}

double kk_fsrs_interval_modifier(const kk_FsrsParams *p, double desired_retention) {
  return kk_fsrs_interval(p, 1.0, desired_retention);
}

long kk_fsrs_interval_days(const kk_FsrsParams *p, double s, double desired_retention,
                           long max_interval_days) {
  double ivl = kk_fsrs_interval(p, s, desired_retention);
  if (max_interval_days < 1) max_interval_days = 1;
  if (!(ivl < (double)max_interval_days)) return max_interval_days;
  long d = (long)floor(ivl + 0.5); /* half away from zero, as the references */
  return d < 1 ? 1 : d > max_interval_days ? max_interval_days : d;
}

/* ---- state update ---------------------------------------------------- */

static double init_difficulty(const double *w, int g) { return w[4] - exp(w[5] * (g - 1)) + 1.0; }

static double next_difficulty(const double *w, double d, int g) {
  double delta = -w[6] * (g - 3);
  double nd = d + delta * (10.0 - d) / 9.0; /* linear damping */
  /* mean reversion towards D0(Easy), unclamped as the references do */
  nd = w[7] * init_difficulty(w, 4) + (1.0 - w[7]) * nd;
  return clampd(nd, KK_FSRS_D_MIN, KK_FSRS_D_MAX);
}

static double recall_stability(const double *w, double d, double s, double r, int g) {
  double bonus = g == 2 ? w[15] : g == 4 ? w[16] : 1.0;
  /* e^w8 S^-w9 as one exp */
  // cppcheck-suppress unpreciseMathCall ; the reference implementations use exp/log
  double inc = exp(w[8] - w[9] * log(s)) * (11.0 - d) * (exp((1.0 - r) * w[10]) - 1.0);
  return s * (1.0 + inc * bonus);
}

static double forget_stability(const double *w, double d, double s, double r, int short_term) {
  /* D^-w12 e^((1-R) w14) as one exp */
  double sf = w[11] * (pow(s + 1.0, w[13]) - 1.0) * exp((1.0 - r) * w[14] - w[12] * log(d));
  /* A lapse never leaves the card above S / e^(w17 w18): relearning steps
  ** will apply that boost back. */
  double cap = short_term ? s / exp(w[17] * w[18]) : s;
  return sf < cap ? sf : cap;
}

static double short_term_stability(const double *w, double s, int g) {
  double inc = exp(w[17] * (g - 3 + w[18]) - w[19] * log(s));
  if (g >= 2 && inc < 1.0) inc = 1.0; /* Hard, Good and Easy never lower S */
  return s * inc;
}

kk_MemoryState kk_fsrs_next(const kk_FsrsParams *p, const kk_MemoryState *prev, double elapsed_days,
                            int rating, int short_term) {
  const double *w = p->w;
  kk_MemoryState out;
  int g = rating < 1 ? 1 : rating > 4 ? 4 : rating;
  if (!prev || prev->stability <= 0) {
    out.stability = clampd(w[g - 1], KK_FSRS_S_MIN, KK_FSRS_S_MAX);
    out.difficulty = clampd(init_difficulty(w, g), KK_FSRS_D_MIN, KK_FSRS_D_MAX);
    return out;
  }
  double s = clampd(prev->stability, KK_FSRS_S_MIN, KK_FSRS_S_MAX);
  double d = clampd(prev->difficulty, KK_FSRS_D_MIN, KK_FSRS_D_MAX);
  double t = elapsed_days > 0 ? elapsed_days : 0.0;
  double ns;
  if (t == 0 && short_term) {
    ns = short_term_stability(w, s, g);
  } else {
    double r = kk_fsrs_retrievability(p, t, s);
    ns = g == 1 ? forget_stability(w, d, s, r, short_term) : recall_stability(w, d, s, r, g);
  }
  out.stability = clampd(ns, KK_FSRS_S_MIN, KK_FSRS_S_MAX);
  out.difficulty = next_difficulty(w, d, g);
  return out;
}
