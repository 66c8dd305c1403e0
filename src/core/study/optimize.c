/*
** optimize.c -- fitting FSRS-6 parameters to a review log (see optimize.h
** and docs/fsrs.md).
**
** Divisions: the training set (cards, day gaps, predictions, recency
** weights); the model with its reverse-mode gradient; evaluation (log loss,
** binned RMSE); pre-training (outliers, initial stabilities, smoothing);
** the Adam loop; the fit; storing fits.
**
** The method is fsrs-rs's, re-derived: a card's history starts at its last
** first-learning; each review on a later day than the one before is a
** prediction of recall (rating > 1) from the state the earlier reviews
** left; same-day reviews only move the state (short-term formula).  The
** first-review stabilities w0..w3 are fitted first, from the first
** long-term review of each card, by a one-dimensional search per first
** rating; then all 21 parameters take Adam steps on the summed log loss
** of batches of whole cards, plus an L2 pull toward the starting point
** scaled by each parameter's spread across users, and are clamped after
** every step.  Everything runs in double precision.
*/
#include "core/study/optimize.h"
#include "core/base/i18n.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"

#define BATCH_PREDICTIONS 512
#define LEARNING_RATE 4e-2
#define GAMMA 1.0
#define PROB_MIN 1e-7
#define PI 3.14159265358979323846
#define INIT_S_MAX 100.0
/* -ln 0.9: the forgetting curve passes 0.9 at t = S */
#define NEG_LN_09 0.10536051565782628

/* How far each parameter typically sits from the default across users
** (the spread fsrs-rs scales its regularisation by). */
static const double params_stddev[KK_FSRS_NPARAMS] = {
    6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6,  0.12, 0.39, 0.18, 0.33,
    0.3,  0.09, 0.16,  0.57,  0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
};

void kk_optimize_options_default(kk_OptimizeOptions *o) {
  memset(o, 0, sizeof *o);
  o->day_start_hour = KK_DAY_START_DEFAULT;
  o->short_term = 1;
  o->seed = 2023;
  o->epochs = 5;
}

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* 1 if x lies within [lo, hi]: the clamp passes gradients there. */
static double inside(double x, double lo, double hi) { return x >= lo && x <= hi ? 1.0 : 0.0; }

/* ---- the training set -------------------------------------------------- */

typedef struct {
  int32_t start, len; /* into the review arrays */
  int32_t npred;      /* predictions of this card */
  int used;           /* 0: left out of training (outlier) */
} Card;

struct kk_OptimizeSet {
  Card *cards;
  size_t ncards;
  int32_t *dt;      /* days since the card's previous review (0 on the first) */
  unsigned char *g; /* rating 1..4 */
  double *recency;  /* weight of each prediction (0: not a prediction) */
  int64_t *time_ms;
  size_t n;
  long npred;
};

typedef struct {
  int64_t card, time_ms;
  size_t idx;
  int rating, state;
} Row;

static int row_cmp(const void *a, const void *b) {
  const Row *x = a, *y = b;
  if (x->card != y->card) return x->card < y->card ? -1 : 1;
  if (x->time_ms != y->time_ms) return x->time_ms < y->time_ms ? -1 : 1;
  return (x->idx > y->idx) - (x->idx < y->idx);
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t study_day(const kk_OptimizeOptions *o, int64_t t_ms) {
  int off = o->offset_fn ? o->offset_fn(o->offset_ud, t_ms) : o->utc_offset_min;
  return floor_div(t_ms + (int64_t)off * 60000 - (int64_t)o->day_start_hour * 3600000, 86400000);
}

/* Predictions ordered by time, for the recency weights. */
typedef struct {
  int64_t time_ms;
  size_t pos;
} Pred;

static int pred_cmp(const void *a, const void *b) {
  const Pred *x = a, *y = b;
  if (x->time_ms != y->time_ms) return x->time_ms < y->time_ms ? -1 : 1;
  return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Gives the predictions of used cards the weight fsrs-rs gives by age:
** 0.25 for the oldest rising as a cubic to 1 for the newest; other
** predictions get 0.  Returns the number weighted, or -1 if out of memory. */
static long assign_recency(kk_OptimizeSet *set) {
  long n = 0;
  for (size_t c = 0; c < set->ncards; c++)
    if (set->cards[c].used) n += set->cards[c].npred;
  Pred *p = kk_malloc((size_t)(n ? n : 1) * sizeof *p);
  if (!p) return -1;
  long k = 0;
  for (size_t c = 0; c < set->ncards; c++) {
    const Card *cd = &set->cards[c];
    for (int32_t i = 1; i < cd->len; i++) {
      size_t pos = (size_t)cd->start + (size_t)i;
      if (set->dt[pos] <= 0) continue;
      if (cd->used) {
        p[k].time_ms = set->time_ms[pos];
        p[k++].pos = pos;
      } else {
        set->recency[pos] = 0;
      }
    }
  }
  qsort(p, (size_t)n, sizeof *p, pred_cmp);
  double span = n > 1 ? (double)(n - 1) : 1.0;
  for (long i = 0; i < n; i++) {
    double x = (double)i / span;
    set->recency[p[i].pos] = 0.25 + 0.75 * x * x * x;
  }
  kk_free(p);
  return n;
}

void kk_optimize_set_free(kk_OptimizeSet *set) {
  if (!set) return;
  kk_free(set->cards);
  kk_free(set->dt);
  kk_free(set->g);
  kk_free(set->recency);
  kk_free(set->time_ms);
  kk_free(set);
}

long kk_optimize_set_reviews(const kk_OptimizeSet *set) { return set->npred; }
long kk_optimize_set_cards(const kk_OptimizeSet *set) { return (long)set->ncards; }

kk_Status kk_optimize_set_new(const kk_Revlog *log, const kk_OptimizeOptions *o,
                              kk_OptimizeSet **out, kk_Err *err) {
  kk_OptimizeOptions dflt;
  if (!o) {
    kk_optimize_options_default(&dflt);
    o = &dflt;
  }
  *out = NULL;
  size_t n = log->n;
  kk_OptimizeSet *set = kk_calloc(1, sizeof *set);
  Row *rows = kk_malloc((n ? n : 1) * sizeof *rows);
  if (!set || !rows) goto nomem;
  size_t cap = n ? n : 1;
  set->dt = kk_malloc(cap * sizeof *set->dt);
  set->g = kk_malloc(cap);
  set->recency = kk_calloc(cap, sizeof *set->recency);
  set->time_ms = kk_malloc(cap * sizeof *set->time_ms);
  set->cards = kk_malloc(cap * sizeof *set->cards);
  if (!set->dt || !set->g || !set->recency || !set->time_ms || !set->cards) goto nomem;
  for (size_t i = 0; i < n; i++) {
    const kk_RevlogRow *r = &log->rows[i];
    rows[i] = (Row){r->card, r->time_ms, i, r->rating, r->state};
  }
  qsort(rows, n, sizeof *rows, row_cmp);
  for (size_t a = 0, b; a < n; a = b) {
    for (b = a + 1; b < n && rows[b].card == rows[a].card; b++) {
    }
    /* The card's history starts at its last first-learning: the first
    ** of the last run of new/learning reviews (a reset card starts over);
    ** a card never seen learning is left out. */
    size_t start = SIZE_MAX;
    for (size_t i = b; i-- > a;) {
      if (rows[i].state <= 1)
        start = i;
      else if (start != SIZE_MAX)
        break;
    }
    if (start == SIZE_MAX) continue;
    size_t len = b - start;
    if (len > KK_OPTIMIZE_MAX_SEQ) len = KK_OPTIMIZE_MAX_SEQ;
    Card cd = {(int32_t)set->n, (int32_t)len, 0, 1};
    int64_t prev_day = 0;
    for (size_t i = 0; i < len; i++) {
      const Row *r = &rows[start + i];
      int64_t day = study_day(o, r->time_ms);
      int64_t gap = i ? day - prev_day : 0;
      prev_day = day;
      size_t pos = set->n + i;
      set->dt[pos] = gap < 0 ? 0 : gap > INT32_MAX ? INT32_MAX : (int32_t)gap;
      set->g[pos] = (unsigned char)(r->rating < 1 ? 1 : r->rating > 4 ? 4 : r->rating);
      set->time_ms[pos] = r->time_ms;
      if (i && set->dt[pos] > 0) cd.npred++;
    }
    if (cd.npred == 0) continue; /* nothing to learn from this card */
    set->n += len;
    set->npred += cd.npred;
    set->cards[set->ncards++] = cd;
  }
  kk_free(rows);
  rows = NULL;
  if (assign_recency(set) < 0) goto nomem;
  *out = set;
  return KK_OK;
nomem:
  kk_free(rows);
  kk_optimize_set_free(set);
  return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
}

/* ---- the model and its gradient ---------------------------------------- */

enum { B_INIT, B_SHORT, B_SHORT_FLOOR, B_FAIL, B_FAIL_CAP, B_SUCCESS };

/* What the backward pass needs of one review's forward step. */
typedef struct {
  double s, d;         /* state after the review (clamped) */
  double s_raw, d_raw; /* before clamping */
  double r;            /* retrievability at the review (1 on the same day) */
  double a1, a2, a3;   /* branch intermediates, see step_forward */
  int branch;
} Step;

/* Per-call constants of the parameters. */
typedef struct {
  const double *w;
  double factor, dfactor; /* curve factor and its derivative by w20 */
  double exp_w8, easy_d, exp_3w5, cap_div;
} Model;

static void model_init(Model *m, const kk_FsrsParams *p) {
  const double *w = p->w;
  double e = exp(NEG_LN_09 / w[20]);
  m->w = w;
  m->factor = e - 1.0;
  m->dfactor = -e * NEG_LN_09 / (w[20] * w[20]);
  m->exp_w8 = exp(w[8]);
  m->exp_3w5 = exp(3.0 * w[5]);
  m->easy_d = w[4] - m->exp_3w5 + 1.0;
  m->cap_div = exp(w[17] * w[18]);
}

/* One review: the state after it from st[-1] (the state before), the same
** arithmetic as kk_fsrs_next with the short-term formula on. */
static void step_forward(const Model *m, Step *st, const Step *prev, int32_t dt, int g) {
  const double *w = m->w;
  if (!prev) {
    st->branch = B_INIT;
    st->s_raw = w[g - 1];
    st->d_raw = w[4] - exp(w[5] * (g - 1)) + 1.0;
    st->r = 1.0;
  } else {
    double s = prev->s, d = prev->d;
    if (dt == 0) {
      /* a1: the multiplier */
      double mult = exp(w[17] * (g - 3 + w[18]) - w[19] * log(s));
      st->branch = B_SHORT;
      if (g >= 2 && mult < 1.0) mult = 1.0, st->branch = B_SHORT_FLOOR;
      st->a1 = mult;
      st->r = 1.0;
      st->s_raw = s * mult;
    } else {
      double base = 1.0 + m->factor * dt / s;
      double r = exp(-w[20] * log(base));
      st->r = r;
      if (g == 1) {
        /* a1: the raw post-lapse stability, a2: it without (S+1)^w13 - 1,
        ** a3: (S+1)^w13 */
        double k = w[11] * exp((1.0 - r) * w[14] - w[12] * log(d));
        double pw = pow(s + 1.0, w[13]);
        double raw = k * (pw - 1.0), cap = s / m->cap_div;
        st->a1 = raw, st->a2 = k, st->a3 = pw;
        if (raw < cap)
          st->branch = B_FAIL, st->s_raw = raw;
        else
          st->branch = B_FAIL_CAP, st->s_raw = cap;
      } else {
        /* a1: the increment, a2: it without exp((1-R) w10) - 1, a3: it
        ** without the Hard/Easy factor */
        double bonus = g == 2 ? w[15] : g == 4 ? w[16] : 1.0;
        double core = m->exp_w8 * (11.0 - d) * exp(-w[9] * log(s));
        // cppcheck-suppress unpreciseMathCall ; the FSRS-6 formula as the reference implementations compute it
        double e = exp((1.0 - r) * w[10]) - 1.0;
        st->a1 = core * e * bonus;
        st->a2 = core * bonus;
        st->a3 = core * e;
        st->branch = B_SUCCESS;
        st->s_raw = s * (1.0 + st->a1);
      }
    }
    double delta = -w[6] * (g - 3);
    double nd = d + delta * (10.0 - d) / 9.0;
    st->d_raw = w[7] * m->easy_d + (1.0 - w[7]) * nd;
  }
  st->s = clampd(st->s_raw, KK_FSRS_S_MIN, KK_FSRS_S_MAX);
  st->d = clampd(st->d_raw, KK_FSRS_D_MIN, KK_FSRS_D_MAX);
}

/* Log loss of predicting r for the outcome y, and its derivative by r
** (0 where r is clamped to keep the logarithms finite). */
static double bce(double r, int y, double *dr) {
  double rc = clampd(r, PROB_MIN, 1.0 - PROB_MIN);
  *dr = (r > PROB_MIN && r < 1.0 - PROB_MIN) ? (y ? -1.0 / rc : 1.0 / (1.0 - rc)) : 0.0;
  return y ? -log(rc) : -log(1.0 - rc);
}

/* The weighted log loss of one card's predictions; with gw, adds its
** gradient.  steps has room for the card's reviews. */
static double card_loss(const Model *m, const kk_OptimizeSet *set, const Card *cd,
                        const double *weight, Step *steps, double *gw) {
  const double *w = m->w;
  const int32_t *dt = set->dt + cd->start;
  const unsigned char *g = set->g + cd->start;
  const double *wt = weight ? weight + cd->start : NULL;
  double loss = 0;
  for (int32_t i = 0; i < cd->len; i++) {
    step_forward(m, &steps[i], i ? &steps[i - 1] : NULL, dt[i], g[i]);
    if (i && dt[i] > 0) {
      double dr, k = wt ? wt[i] : 1.0;
      if (k != 0) loss += k * bce(steps[i].r, g[i] > 1, &dr);
    }
  }
  if (!gw) return loss;
  double gs = 0, gd = 0; /* d loss / d (state after review i) */
  for (int32_t i = cd->len - 1; i >= 0; i--) {
    const Step *st = &steps[i];
    int gi = g[i];
    double gsr = gs * inside(st->s_raw, KK_FSRS_S_MIN, KK_FSRS_S_MAX);
    double gdr = gd * inside(st->d_raw, KK_FSRS_D_MIN, KK_FSRS_D_MAX);
    if (st->branch == B_INIT) {
      gw[gi - 1] += gsr;
      gw[4] += gdr;
      gw[5] += gdr * -(gi - 1) * exp(w[5] * (gi - 1));
      break;
    }
    const Step *pv = &steps[i - 1];
    double s = pv->s, d = pv->d, r = st->r;
    double gsp = 0, gdp = 0, gr = 0;
    switch (st->branch) {
    case B_SHORT_FLOOR: gsp += gsr; break;
    case B_SHORT: {
      double gm = gsr * s * st->a1; /* by the exponent of the multiplier */
      gsp += gsr * st->a1 + gm * (-w[19] / s);
      gw[17] += gm * (gi - 3 + w[18]);
      gw[18] += gm * w[17];
      gw[19] += gm * -log(s);
      break;
    }
    case B_FAIL: {
      double raw = st->a1, k = st->a2, pw = st->a3;
      gw[11] += gsr * raw / w[11];
      gw[12] += gsr * raw * -log(d);
      // cppcheck-suppress unpreciseMathCall ; as the forward pass computes it
      gw[13] += gsr * k * pw * log(s + 1.0);
      gw[14] += gsr * raw * (1.0 - r);
      gsp += gsr * k * w[13] * pw / (s + 1.0);
      gdp += gsr * raw * (-w[12] / d);
      gr += gsr * raw * -w[14];
      break;
    }
    case B_FAIL_CAP: {
      double cap = st->s_raw;
      gsp += gsr / m->cap_div;
      gw[17] += gsr * cap * -w[18];
      gw[18] += gsr * cap * -w[17];
      break;
    }
    default: { /* B_SUCCESS */
      double inc = st->a1, gi_ = gsr * s;
      double e1 = exp((1.0 - r) * w[10]);
      gsp += gsr * (1.0 + inc) + gi_ * inc * (-w[9] / s);
      gdp += gi_ * -(inc / (11.0 - d));
      gr += gi_ * st->a2 * -w[10] * e1;
      gw[8] += gi_ * inc;
      gw[9] += gi_ * inc * -log(s);
      gw[10] += gi_ * st->a2 * (1.0 - r) * e1;
      if (gi == 2) gw[15] += gi_ * st->a3;
      if (gi == 4) gw[16] += gi_ * st->a3;
      break;
    }
    }
    /* difficulty: linear damping, then mean reversion toward D0(Easy) */
    double delta = -w[6] * (gi - 3);
    double nd = d + delta * (10.0 - d) / 9.0;
    gw[7] += gdr * (m->easy_d - nd);
    gw[4] += gdr * w[7];
    gw[5] += gdr * w[7] * -3.0 * m->exp_3w5;
    double gnd = gdr * (1.0 - w[7]);
    gw[6] += gnd * (10.0 - d) * -(gi - 3) / 9.0;
    gdp += gnd * (1.0 - delta / 9.0);
    /* the forgetting curve, through the update and the prediction */
    if (dt[i] > 0) {
      double k = wt ? wt[i] : 1.0, dr;
      if (k != 0) {
        bce(r, gi > 1, &dr);
        gr += k * dr;
      }
      if (gr != 0) {
        double base = 1.0 + m->factor * dt[i] / s;
        gsp += gr * r * w[20] * m->factor * dt[i] / (s * s * base);
        gw[20] += gr * r * (-log(base) - w[20] * (dt[i] / s) * m->dfactor / base);
      }
    }
    gs = gsp;
    gd = gdp;
  }
  return loss;
}

static int32_t max_len(const kk_OptimizeSet *set) {
  int32_t mx = 1;
  for (size_t c = 0; c < set->ncards; c++)
    if (set->cards[c].len > mx) mx = set->cards[c].len;
  return mx;
}

double kk_optimize_set_loss(const kk_OptimizeSet *set, const kk_FsrsParams *p, int recency,
                            double grad[KK_FSRS_NPARAMS]) {
  Model m;
  model_init(&m, p);
  Step *steps = kk_malloc((size_t)max_len(set) * sizeof *steps);
  if (!steps) return NAN;
  if (grad) memset(grad, 0, KK_FSRS_NPARAMS * sizeof *grad);
  double loss = 0;
  for (size_t c = 0; c < set->ncards; c++)
    loss += card_loss(&m, set, &set->cards[c], recency ? set->recency : NULL, steps, grad);
  kk_free(steps);
  return loss;
}

/* ---- evaluation -------------------------------------------------------- */

/* The calibration bin of a prediction as fsrs-rs groups them: by the gap
** (log steps of 3.62), the number of long-term reviews so far (steps of
** 1.89) and of lapses (steps of 1.73). */
static uint64_t bin_of(int32_t dt, int long_term, int lapses) {
  uint64_t tb = (uint64_t)llround(2.48 * pow(3.62, floor(log(dt) / log(3.62))) * 100.0);
  double len = long_term + 1.0;
  uint64_t lb = (uint64_t)llround(1.99 * pow(1.89, floor(log(len) / log(1.89))));
  uint64_t pb = lapses ? (uint64_t)llround(1.65 * pow(1.73, floor(log(lapses) / log(1.73)))) : 0;
  return tb << 32 | (lb & 0xffff) << 16 | (pb & 0xffff);
}

typedef struct {
  uint64_t bin;
  double pred, actual, weight;
} Scored;

static int scored_cmp(const void *a, const void *b) {
  const Scored *x = a, *y = b;
  return (x->bin > y->bin) - (x->bin < y->bin);
}

int kk_optimize_set_evaluate(const kk_OptimizeSet *set, const kk_FsrsParams *p, int recency,
                             double *loss_out, double *rmse_out) {
  int rc = -1;
  *loss_out = *rmse_out = NAN;
  Model m;
  model_init(&m, p);
  Step *steps = kk_malloc((size_t)max_len(set) * sizeof *steps);
  Scored *sc = kk_malloc((size_t)(set->npred ? set->npred : 1) * sizeof *sc);
  if (!steps || !sc) goto done;
  size_t k = 0;
  double loss = 0, wsum = 0;
  for (size_t c = 0; c < set->ncards; c++) {
    const Card *cd = &set->cards[c];
    int long_term = 0, lapses = 0;
    for (int32_t i = 0; i < cd->len; i++) {
      size_t pos = (size_t)cd->start + (size_t)i;
      int32_t dt = set->dt[pos];
      int g = set->g[pos];
      step_forward(&m, &steps[i], i ? &steps[i - 1] : NULL, dt, g);
      if (i && dt > 0) {
        double wt = recency ? set->recency[pos] : 1.0, dr;
        long_term++;
        loss += wt * bce(steps[i].r, g > 1, &dr);
        wsum += wt;
        sc[k++] = (Scored){bin_of(dt, long_term, lapses), steps[i].r, g > 1, wt};
        if (g == 1) lapses++;
      }
    }
  }
  qsort(sc, k, sizeof *sc, scored_cmp);
  double se = 0, wtot = 0;
  for (size_t a = 0, b; a < k; a = b) {
    double pr = 0, ac = 0, wt = 0, cnt = 0;
    for (b = a; b < k && sc[b].bin == sc[a].bin; b++)
      pr += sc[b].pred, ac += sc[b].actual, wt += sc[b].weight, cnt++;
    double diff = pr / cnt - ac / cnt;
    se += diff * diff * wt;
    wtot += wt;
  }
  if (wsum > 0) *loss_out = loss / wsum;
  if (wtot > 0) *rmse_out = sqrt(se / wtot);
  rc = 0;
done:
  kk_free(steps);
  kk_free(sc);
  return rc;
}

/* ---- pre-training: the first-review stabilities --------------------------- */

/* Outcomes of first long-term reviews with first rating g after dt days. */
typedef struct {
  int g;
  int32_t dt;
  long n, recalled;
  int keep;
} Group;

static int group_cmp(const void *a, const void *b) {
  const Group *x = a, *y = b;
  if (x->g != y->g) return x->g - y->g;
  return (x->dt > y->dt) - (x->dt < y->dt);
}

/* Within one first rating: count ascending, then gap ascending. */
static int group_rare_first(const void *a, const void *b) {
  const Group *x = a, *y = b;
  if (x->n != y->n) return x->n < y->n ? -1 : 1;
  return (x->dt > y->dt) - (x->dt < y->dt);
}

/* The card's first long-term review: its index in the card, or -1. */
static int32_t first_long_term(const kk_OptimizeSet *set, const Card *cd) {
  for (int32_t i = 1; i < cd->len; i++)
    if (set->dt[cd->start + i] > 0) return i;
  return -1;
}

static int find_group(const Group *gr, size_t n, int g, int32_t dt) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (gr[mid].g < g || (gr[mid].g == g && gr[mid].dt < dt))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && gr[lo].g == g && gr[lo].dt == dt ? (int)lo : -1;
}

/* Groups the cards by (first rating, gap to the first long-term review),
** marks the rare groups (together under 5% of a rating's cards, at least
** 20) and those with fewer than 6 cards or a gap past 100 days (365 after
** Easy) as outliers, and leaves their cards out of training.  On success
** *out holds the groups sorted by (g, dt). */
static int find_outliers(kk_OptimizeSet *set, Group **out, size_t *nout) {
  Group *gr = kk_malloc((set->ncards ? set->ncards : 1) * sizeof *gr);
  if (!gr) return -1;
  size_t n = 0;
  for (size_t c = 0; c < set->ncards; c++) {
    const Card *cd = &set->cards[c];
    int32_t i = first_long_term(set, cd);
    gr[n++] = (Group){set->g[cd->start], set->dt[cd->start + i], 1, set->g[cd->start + i] > 1, 1};
  }
  qsort(gr, n, sizeof *gr, group_cmp);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m && gr[m - 1].g == gr[i].g && gr[m - 1].dt == gr[i].dt) {
      gr[m - 1].n++;
      gr[m - 1].recalled += gr[i].recalled;
    } else {
      gr[m++] = gr[i];
    }
  }
  for (size_t a = 0, b; a < m; a = b) {
    long total = 0, removed = 0;
    for (b = a; b < m && gr[b].g == gr[a].g; b++) total += gr[b].n;
    qsort(gr + a, b - a, sizeof *gr, group_rare_first);
    long enough = total / 20 > 20 ? total / 20 : 20;
    for (size_t i = a; i < b; i++) {
      if (removed + gr[i].n >= enough) {
        gr[i].keep = gr[i].n >= 6 && gr[i].dt <= (gr[i].g != 4 ? 100 : 365);
      } else {
        removed += gr[i].n;
        gr[i].keep = 0;
      }
    }
  }
  qsort(gr, m, sizeof *gr, group_cmp);
  for (size_t c = 0; c < set->ncards; c++) {
    Card *cd = &set->cards[c];
    int32_t i = first_long_term(set, cd);
    int k = find_group(gr, m, set->g[cd->start], set->dt[cd->start + i]);
    cd->used = k >= 0 && gr[k].keep;
  }
  *out = gr;
  *nout = m;
  return 0;
}

/* The log loss of the groups of one first rating under stability s with
** the default curve, plus a pull toward the default s0. */
static double init_loss(const Group *gr, size_t n, double avg_recall, double s, double s0) {
  kk_FsrsParams d;
  kk_fsrs_default_params(&d);
  double loss = 0;
  for (size_t i = 0; i < n; i++) {
    /* recall smoothed toward the average by one pseudo-review */
    double y = ((double)gr[i].recalled + avg_recall) / ((double)gr[i].n + 1.0);
    double r = kk_fsrs_retrievability(&d, gr[i].dt, s);
    loss -= (y * log(r) + (1.0 - y) * log(1.0 - r)) * (double)gr[i].n;
  }
  return loss + fabs(s - s0) / 16.0;
}

/* Orders the four stabilities (the better supported value wins where two
** ratings are out of order) and fills the ratings without data by the
** log-linear relations between neighbours that hold across users:
** ln s2 = a ln s1 + (1-a) ln s3, ln s3 = (1-b) ln s2 + b ln s4.
** known[i] is 0 for a missing rating.  Returns -1 if none is known. */
static int smooth_and_fill(double s[4], const long count[4]) {
  static const int pairs[6][2] = {{0, 1}, {1, 2}, {2, 3}, {0, 2}, {1, 3}, {0, 3}};
  const double a = 0.41, b = 0.54;
  int nk = 0;
  for (int i = 0; i < 4; i++) nk += count[i] > 0;
  if (nk == 0) return -1;
  for (int k = 0; k < 6; k++) {
    int lo = pairs[k][0], hi = pairs[k][1];
    if (count[lo] && count[hi] && s[lo] > s[hi]) {
      if (count[lo] > count[hi])
        s[hi] = s[lo];
      else
        s[lo] = s[hi];
    }
  }
  kk_FsrsParams d;
  kk_fsrs_default_params(&d);
  double x[4];
  for (int i = 0; i < 4; i++) x[i] = count[i] ? log(s[i]) : 0;
  /* the two relations as rows of coefficients, each = 0 */
  const double e[2][4] = {{-a, 1.0, -(1.0 - a), 0.0}, {0.0, -(1.0 - b), 1.0, -b}};
  if (nk == 1) {
    int k = 0;
    while (!count[k]) k++;
    for (int i = 0; i < 4; i++) x[i] = log(d.w[i] * s[k] / d.w[k]);
  } else if (nk == 2) {
    int u[2] = {0, 1}, nu = 0;
    for (int i = 0; i < 4 && nu < 2; i++)
      if (!count[i]) u[nu++] = i;
    double rhs[2] = {0, 0};
    for (int q = 0; q < 2; q++)
      for (int i = 0; i < 4; i++)
        if (count[i]) rhs[q] -= e[q][i] * x[i];
    double det = e[0][u[0]] * e[1][u[1]] - e[0][u[1]] * e[1][u[0]];
    x[u[0]] = (rhs[0] * e[1][u[1]] - e[0][u[1]] * rhs[1]) / det;
    x[u[1]] = (e[0][u[0]] * rhs[1] - rhs[0] * e[1][u[0]]) / det;
  } else if (nk == 3) {
    int k = 0;
    while (count[k]) k++;
    int q = k <= 1 ? 0 : 1;
    double sum = 0;
    for (int i = 0; i < 4; i++)
      if (i != k) sum += e[q][i] * x[i];
    x[k] = -sum / e[q][k];
  }
  for (int i = 0; i < 4; i++) s[i] = clampd(exp(x[i]), KK_FSRS_S_MIN, INIT_S_MAX);
  return 0;
}

/* Fits w0..w3 to the first long-term reviews of the kept groups: for each
** first rating, a ternary search for the stability whose curve best
** explains recall by gap.  count[] gets the reviews behind each.  Returns
** 0, -1 if no rating has data, -2 if out of memory. */
static int pretrain(const Group *gr, size_t n, double avg_recall, double s[4], long count[4]) {
  kk_FsrsParams d;
  kk_fsrs_default_params(&d);
  for (int g = 1; g <= 4; g++) {
    size_t a = 0, b;
    while (a < n && gr[a].g != g) a++;
    for (b = a; b < n && gr[b].g == g; b++) {
    }
    /* the kept groups of this rating, gathered in place order */
    Group *sel = kk_malloc((b > a ? b - a : 1) * sizeof *sel);
    if (!sel) return -2;
    size_t k = 0;
    count[g - 1] = 0;
    for (size_t i = a; i < b; i++)
      if (gr[i].keep) sel[k++] = gr[i], count[g - 1] += gr[i].n;
    s[g - 1] = d.w[g - 1];
    if (k) {
      double lo = KK_FSRS_S_MIN, hi = INIT_S_MAX;
      for (int it = 0; it < 1000 && hi - lo > DBL_EPSILON; it++) {
        double m1 = lo + (hi - lo) / 3.0, m2 = hi - (hi - lo) / 3.0;
        if (init_loss(sel, k, avg_recall, m1, d.w[g - 1]) <
            init_loss(sel, k, avg_recall, m2, d.w[g - 1]))
          hi = m2;
        else
          lo = m1;
      }
      s[g - 1] = (lo + hi) / 2.0;
    }
    kk_free(sel);
  }
  return smooth_and_fill(s, count);
}

/* ---- the Adam loop ----------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

typedef struct {
  size_t first, n; /* into the card order */
  long npred;
} Batch;

static int len_cmp(const void *a, const void *b) {
  const Card *const *x = a, *const *y = b;
  if ((*x)->len != (*y)->len) return (*x)->len - (*y)->len;
  return (*x < *y) ? -1 : (*x > *y);
}

/* Adam with the learning rate on a cosine from LEARNING_RATE to 0 over the
** whole run; after each batch the parameters are clamped.  p holds the
** starting point and gets the result.  Returns 0, -1 out of memory, 1
** cancelled. */
static int train(const kk_OptimizeSet *set, const kk_OptimizeOptions *o, long total,
                 kk_FsrsParams *p) {
  const Card **order = NULL;
  Batch *batches = NULL;
  size_t *perm = NULL, nb = 0, nc = 0;
  Step *steps = kk_malloc((size_t)max_len(set) * sizeof *steps);
  int rc = -1;
  // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
  order = kk_malloc((set->ncards ? set->ncards : 1) * sizeof *order);
  // NOLINTEND(bugprone-sizeof-expression)
  batches = kk_malloc((set->ncards ? set->ncards : 1) * sizeof *batches);
  perm = kk_malloc((set->ncards ? set->ncards : 1) * sizeof *perm);
  if (!steps || !order || !batches || !perm) goto done;
  for (size_t c = 0; c < set->ncards; c++)
    if (set->cards[c].used) order[nc++] = &set->cards[c];
  /* whole cards per batch, similar lengths together */
  // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
  qsort(order, nc, sizeof *order, len_cmp);
  // NOLINTEND(bugprone-sizeof-expression)
  for (size_t c = 0; c < nc; c++) {
    if (nb && batches[nb - 1].npred + order[c]->npred <= BATCH_PREDICTIONS) {
      batches[nb - 1].n++;
      batches[nb - 1].npred += order[c]->npred;
    } else {
      batches[nb++] = (Batch){c, 1, order[c]->npred};
    }
  }
  const kk_FsrsParams start = *p;
  double m1[KK_FSRS_NPARAMS] = {0}, m2[KK_FSRS_NPARAMS] = {0};
  int epochs = o->epochs > 0 ? o->epochs : 5;
  long nbatches = total / BATCH_PREDICTIONS + 1; /* whole batches, as counted */
  double iterations = (double)(nbatches * epochs);
  uint64_t rng = o->seed;
  long t = 0;
  for (int ep = 0; ep < epochs; ep++) {
    for (size_t i = 0; i < nb; i++) perm[i] = i;
    for (size_t i = nb; i > 1; i--) {
      size_t j = (size_t)(splitmix64(&rng) % i);
      size_t tmp = perm[i - 1];
      perm[i - 1] = perm[j];
      perm[j] = tmp;
    }
    for (size_t bi = 0; bi < nb; bi++) {
      const Batch *b = &batches[perm[bi]];
      double lr = LEARNING_RATE * (1.0 + cos(PI * (double)t / iterations)) / 2.0;
      double grad[KK_FSRS_NPARAMS] = {0};
      Model m;
      model_init(&m, p);
      for (size_t c = 0; c < b->n; c++)
        card_loss(&m, set, order[b->first + c], set->recency, steps, grad);
      double scale = GAMMA * (double)b->npred / (double)total;
      for (int k = 0; k < KK_FSRS_NPARAMS; k++)
        grad[k] += 2.0 * (p->w[k] - start.w[k]) / (params_stddev[k] * params_stddev[k]) * scale;
      if (!o->short_term) {
        for (int k = 0; k < 4; k++) grad[k] = 0;
        for (int k = 17; k < 20; k++) grad[k] = 0;
      }
      t++;
      double c1 = 1.0 - pow(0.9, (double)t), c2 = 1.0 - pow(0.999, (double)t);
      for (int k = 0; k < KK_FSRS_NPARAMS; k++) {
        m1[k] = 0.9 * m1[k] + 0.1 * grad[k];
        m2[k] = 0.999 * m2[k] + 0.001 * grad[k] * grad[k];
        p->w[k] -= lr * (m1[k] / c1) / (sqrt(m2[k] / c2) + 1e-8);
      }
      kk_fsrs_params_clamp(p, 1);
      if (o->short_term && p->w[19] < 0.01) p->w[19] = 0.01;
      if (o->progress &&
          o->progress(o->progress_ud, ((double)ep + (double)(bi + 1) / (double)nb) / epochs)) {
        rc = 1;
        goto done;
      }
    }
  }
  rc = 0;
done:
  kk_free(steps);
  kk_free(order);
  kk_free(batches);
  kk_free(perm);
  return rc;
}

/* ---- the fit ----------------------------------------------------------- */

kk_Status kk_optimize_fit(const kk_Revlog *log, const kk_OptimizeOptions *o, kk_OptimizeResult *out,
                          kk_Err *err) {
  kk_OptimizeOptions dflt;
  if (!o) {
    kk_optimize_options_default(&dflt);
    o = &dflt;
  }
  memset(out, 0, sizeof *out);
  kk_fsrs_default_params(&out->params);
  kk_OptimizeSet *set = NULL;
  Group *groups = NULL;
  size_t ngroups = 0;
  kk_Status st = kk_optimize_set_new(log, o, &set, err);
  if (st != KK_OK) return st;
  if (!set) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  kk_FsrsParams dp;
  kk_fsrs_default_params(&dp);
  out->reviews = set->npred;
  out->cards = (long)set->ncards;
  if (kk_optimize_set_evaluate(set, &dp, 1, &out->loss_default, &out->rmse_default) != 0)
    goto nomem;
  out->loss_fit = out->loss_default;
  out->rmse_fit = out->rmse_default;
  if (set->npred < KK_OPTIMIZE_MIN_REVIEWS) {
    snprintf(
        out->note, sizeof out->note,
        kk_ngettext("%ld review to learn from; the fit needs at least %d: keeping the defaults",
                    "%ld reviews to learn from; the fit needs at least %d: keeping the defaults",
                    (unsigned long)set->npred),
        set->npred, KK_OPTIMIZE_MIN_REVIEWS);
    goto done;
  }
  if (find_outliers(set, &groups, &ngroups) != 0) goto nomem;
  long total = assign_recency(set);
  if (total < 0) goto nomem;
  long recalled = 0;
  for (size_t c = 0; c < set->ncards; c++) {
    const Card *cd = &set->cards[c];
    if (!cd->used) continue;
    for (int32_t i = 1; i < cd->len; i++)
      if (set->dt[cd->start + i] > 0) recalled += set->g[cd->start + i] > 1;
  }
  if (total < KK_OPTIMIZE_MIN_REVIEWS) {
    snprintf(out->note, sizeof out->note,
             kk_ngettext("%ld usable review once unusual first intervals are set aside; the fit "
                         "needs at least %d: keeping the defaults",
                         "%ld usable reviews once unusual first intervals are set aside; the fit "
                         "needs at least %d: keeping the defaults",
                         (unsigned long)total),
             total, KK_OPTIMIZE_MIN_REVIEWS);
    goto done;
  }
  double s0[4];
  long count[4];
  int prc = pretrain(groups, ngroups, (double)recalled / (double)total, s0, count);
  if (prc == -2) goto nomem;
  if (prc < 0) {
    snprintf(out->note, sizeof out->note, "%s",
             _("no card has enough first reviews in a common interval to fit the "
               "initial stabilities: keeping the defaults"));
    goto done;
  }
  kk_FsrsParams p = dp;
  memcpy(p.w, s0, sizeof s0);
  /* With only first long-term reviews there is nothing for the other
  ** parameters to learn from: pre-training is the fit. */
  int only_first = 1;
  for (size_t c = 0; c < set->ncards && only_first; c++)
    if (set->cards[c].used && set->cards[c].npred > 1) only_first = 0;
  int trc = only_first ? 0 : train(set, o, total, &p);
  if (trc < 0) goto nomem;
  if (trc > 0) {
    st = kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("cancelled"));
    goto fail;
  }
  /* the first-review stabilities go through the same ordering and filling
  ** as after pre-training */
  memcpy(s0, p.w, sizeof s0);
  smooth_and_fill(s0, count);
  memcpy(p.w, s0, sizeof s0);
  for (size_t c = 0; c < set->ncards; c++) set->cards[c].used = 1;
  if (assign_recency(set) < 0) goto nomem;
  double loss, rmse;
  if (kk_optimize_set_evaluate(set, &p, 1, &loss, &rmse) != 0) goto nomem;
  if (!(loss < out->loss_default)) {
    snprintf(out->note, sizeof out->note,
             _("the fit (log loss %.4f) is no better than the defaults (%.4f): keeping "
               "the defaults"),
             loss, out->loss_default);
    goto done;
  }
  out->params = p;
  out->fitted = 1;
  out->loss_fit = loss;
  out->rmse_fit = rmse;
done:
  kk_free(groups);
  kk_optimize_set_free(set);
  return KK_OK;
nomem:
  st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
fail:
  kk_free(groups);
  kk_optimize_set_free(set);
  return st;
}

/* ---- fitted parameters in the store --------------------------------------
** A settings value "reviews=N;before=L;after=L;w=w0,...,w20" under
** fsrs.params (every deck) or fsrs.params.deck.ID. */

#define KEY_ALL "fsrs.params"
#define KEY_DECK "fsrs.params.deck."

static void saved_key(char *buf, size_t size, const char *deck_id) {
  if (deck_id)
    snprintf(buf, size, KEY_DECK "%s", deck_id);
  else
    snprintf(buf, size, KEY_ALL);
}

kk_Status kk_optimize_save(kk_Store *s, const char *deck_id, const kk_OptimizeResult *r,
                           kk_Err *err) {
  char key[KK_STORE_KEY_MAX + 32], val[1024];
  saved_key(key, sizeof key, deck_id);
  int n = snprintf(val, sizeof val, "reviews=%ld;before=%.6f;after=%.6f;w=", r->reviews,
                   r->loss_default, r->loss_fit);
  for (int i = 0; i < KK_FSRS_NPARAMS && n > 0 && (size_t)n < sizeof val; i++)
    n += snprintf(val + n, sizeof val - (size_t)n, "%s%.6f", i ? "," : "", r->params.w[i]);
  return kk_store_set_setting(s, key, val, err);
}

/* Parses a stored value; 0 on success. */
static int parse_saved(const char *v, kk_OptimizeSaved *out) {
  char *end;
  if (strncmp(v, "reviews=", 8) != 0) return -1;
  out->reviews = strtol(v + 8, &end, 10);
  if (strncmp(end, ";before=", 8) != 0) return -1;
  out->loss_default = strtod(end + 8, &end);
  if (strncmp(end, ";after=", 7) != 0) return -1;
  out->loss_fit = strtod(end + 7, &end);
  if (strncmp(end, ";w=", 3) != 0) return -1;
  const char *q = end + 3;
  double w[KK_FSRS_NPARAMS];
  for (int i = 0; i < KK_FSRS_NPARAMS; i++) {
    w[i] = strtod(q, &end);
    if (end == q || *end != (i + 1 < KK_FSRS_NPARAMS ? ',' : '\0')) return -1;
    q = end + 1;
  }
  return kk_fsrs_params_from(&out->params, w, KK_FSRS_NPARAMS);
}

kk_Status kk_optimize_load(kk_Store *s, const char *deck_id, kk_OptimizeSaved *out, int *found,
                           kk_Err *err) {
  char key[KK_STORE_KEY_MAX + 32];
  memset(out, 0, sizeof *out);
  kk_fsrs_default_params(&out->params);
  *found = 0;
  for (int pass = deck_id ? 0 : 1; pass < 2; pass++) {
    char *v = NULL;
    saved_key(key, sizeof key, pass == 0 ? deck_id : NULL);
    kk_Status st = kk_store_get_setting(s, key, err, &v);
    if (st != KK_OK) return st;
    kk_OptimizeSaved got;
    int ok = v && parse_saved(v, &got) == 0;
    kk_free(v);
    if (ok) {
      *out = got;
      *found = 1;
      return KK_OK;
    }
  }
  return KK_OK;
}

kk_Status kk_optimize_clear(kk_Store *s, const char *deck_id, kk_Err *err) {
  char key[KK_STORE_KEY_MAX + 32];
  saved_key(key, sizeof key, deck_id);
  return kk_store_set_setting(s, key, NULL, err);
}
