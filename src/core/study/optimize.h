/*
** optimize.h -- fits the 21 FSRS-6 parameters to a student's review log:
** training items from each card's history, pre-training of the initial
** stabilities, then Adam on the log loss with analytic gradients through
** the whole review sequence, clamped and regularised toward the defaults.
** Depends on fsrs.h, revlog.h, store.h.  Deterministic: the seed, the
** day boundary and the time zone are inputs.  kk_optimize_set_new returns
** a new kk_OptimizeSet; caller frees with kk_optimize_set_free.  Never
** prints.  How the fit works: docs/fsrs.md.
*/
#ifndef KK_OPTIMIZE_H
#define KK_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/err.h"
#include "core/study/fsrs.h"
#include "core/study/revlog.h"
#include "core/study/store.h"

/* Fewer training reviews than this keep the defaults. */
#define KK_OPTIMIZE_MIN_REVIEWS 400
/* Reviews of one card past this many are left out (as fsrs-rs does). */
#define KK_OPTIMIZE_MAX_SEQ 256

typedef struct kk_OptimizeOptions {
  int utc_offset_min; /* the log's time zone, unless offset_fn is set */
  /* Minutes east of UTC at t_ms (for zones with daylight saving); NULL:
  ** utc_offset_min everywhere. */
  int (*offset_fn)(void *ud, int64_t t_ms);
  void *offset_ud;
  int day_start_hour; /* 0..23: the study day's start, local time (4) */
  int short_term;     /* 0: keep w17..w19 (and w0..w3 after pre-training)
                       ** out of the gradient steps, as fsrs-rs does */
  uint64_t seed;      /* batch order */
  int epochs;         /* 5 */
  /* Called after each batch with the fraction done; nonzero cancels
  ** (KK_ERR_USAGE "cancelled").  NULL: none. */
  int (*progress)(void *ud, double done);
  void *progress_ud;
} kk_OptimizeOptions;

/* Offset 0, day start 4, short term on, seed 2023, 5 epochs. */
void kk_optimize_options_default(kk_OptimizeOptions *o);

/* The fit's outcome and the figures that judge it. */
typedef struct kk_OptimizeResult {
  kk_FsrsParams params; /* the fit, or the defaults when fitted == 0 */
  int fitted;           /* 0: the defaults were kept; note says why */
  long reviews;         /* reviews the fit learned from (predicted reviews) */
  long cards;           /* cards they belong to */
  /* Log loss and binned RMSE over those reviews, recency-weighted as
  ** fsrs-rs evaluates, of the default parameters and of params. */
  double loss_default, rmse_default, loss_fit, rmse_fit;
  char note[200]; /* "" or why the defaults were kept */
} kk_OptimizeResult;

/* Fits parameters to log (borrowed).  Too little data or a fit no better
** than the defaults is not an error: KK_OK with fitted 0 and a note.
** Errors: KK_ERR_NOMEM, KK_ERR_USAGE (cancelled). */
kk_Status kk_optimize_fit(const kk_Revlog *log, const kk_OptimizeOptions *o, kk_OptimizeResult *out,
                          kk_Err *err);

/* ---- the training set, for evaluation and tests ----------------------- */

/* The log as training items: each usable card's reviews from its last
** first-learning on, with day gaps; every review after the first that
** falls on a later day than the one before is a prediction. */
typedef struct kk_OptimizeSet kk_OptimizeSet;
kk_Status kk_optimize_set_new(const kk_Revlog *log, const kk_OptimizeOptions *o,
                              kk_OptimizeSet **out, kk_Err *err);
void kk_optimize_set_free(kk_OptimizeSet *set); /* set may be NULL */
/* Number of predictions and of cards with at least one. */
long kk_optimize_set_reviews(const kk_OptimizeSet *set);
long kk_optimize_set_cards(const kk_OptimizeSet *set);

/* The summed log loss of p over every prediction, each with weight 1 (or
** its recency weight if recency), and, if grad is not NULL, its gradient
** with respect to p->w (21 values, overwritten).  No regularisation. */
double kk_optimize_set_loss(const kk_OptimizeSet *set, const kk_FsrsParams *p, int recency,
                            double grad[KK_FSRS_NPARAMS]);

/* Mean log loss and binned RMSE of p over the set (recency-weighted as
** fsrs-rs evaluates if recency, else every prediction counts 1); NaN for a
** set without predictions.  Returns 0, or -1 if out of memory. */
int kk_optimize_set_evaluate(const kk_OptimizeSet *set, const kk_FsrsParams *p, int recency,
                             double *loss, double *rmse);

/* ---- fitted parameters in the progress store ---------------------------- */

/* What is stored with fitted parameters. */
typedef struct kk_OptimizeSaved {
  kk_FsrsParams params;
  long reviews;
  double loss_default, loss_fit;
} kk_OptimizeSaved;

/* Stores r's parameters for deck_id, or for every deck if deck_id is NULL
** (a deck's own fit wins over that). */
kk_Status kk_optimize_save(kk_Store *s, const char *deck_id, const kk_OptimizeResult *r,
                           kk_Err *err);
/* The parameters that apply to deck_id (may be NULL: the all-decks fit):
** its own fit, else the all-decks fit; *found 0 (and out the defaults)
** when neither exists.  A stored value that does not parse counts as
** absent. */
kk_Status kk_optimize_load(kk_Store *s, const char *deck_id, kk_OptimizeSaved *out, int *found,
                           kk_Err *err);
/* Removes the stored fit of deck_id (NULL: the all-decks fit). */
kk_Status kk_optimize_clear(kk_Store *s, const char *deck_id, kk_Err *err);

#endif
