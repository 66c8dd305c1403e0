/*
** fsrs.h -- FSRS-6 memory model: the forgetting curve, initial and updated
** stability and difficulty, short-term (same-day) stability, intervals for a
** desired retention, parameter clamping and migration from FSRS-5 and
** FSRS-4.5.  Depends on nothing; pure functions on plain values, no I/O,
** no clock: elapsed time is an argument.  Agrees with the public reference
** implementations (fsrs-rs, ts-fsrs) to 1e-6 relative.
*/
#ifndef KK_FSRS_H
#define KK_FSRS_H

#define KK_FSRS_NPARAMS 21
#define KK_FSRS_S_MIN 0.001
#define KK_FSRS_S_MAX 36500.0
#define KK_FSRS_D_MIN 1.0
#define KK_FSRS_D_MAX 10.0

typedef struct kk_FsrsParams {
  double w[KK_FSRS_NPARAMS];
} kk_FsrsParams;

typedef struct kk_MemoryState {
  double stability;  /* days */
  double difficulty; /* 1..10 */
} kk_MemoryState;

/* The 21 FSRS-6 default parameters. */
void kk_fsrs_default_params(kk_FsrsParams *p);

/* Fills p from n values: 21 (FSRS-6), 19 (FSRS-5) or 17 (FSRS-4.5), migrated
** as the reference does, then clamped to the valid ranges.  Returns 0 on
** success, -1 if n is not one of those. */
int kk_fsrs_params_from(kk_FsrsParams *p, const double *w, int n);

/* Retrievability after elapsed_days with stability s: the FSRS-6 curve
** (1 + factor * t / s) ^ (-w20), factor = 0.9^(-1/w20) - 1. */
double kk_fsrs_retrievability(const kk_FsrsParams *p, double elapsed_days, double s);

/* The memory state after a review with rating 1..4.  `prev` NULL means the
** first review (initial stability and difficulty).  elapsed_days == 0 with a
** previous state uses the short-term formula unless short_term is 0 (then
** the long-term formulas apply with R computed at elapsed_days).
** Details, as fsrs-rs (the FSRS-6 release Anki ships) and py-fsrs do: a
** same-day Good or Easy never lowers S (Hard may; ts-fsrs floors Hard too);
** after a lapse S is at most S / e^(w17 w18), or S itself when short_term
** is 0; mean reversion is towards the unclamped D0(Easy).  A prev with
** stability <= 0 counts as no previous state. */
kk_MemoryState kk_fsrs_next(const kk_FsrsParams *p, const kk_MemoryState *prev, double elapsed_days,
                            int rating, int short_term);

/* The interval in days (unrounded) at which R falls to desired_retention. */
double kk_fsrs_interval(const kk_FsrsParams *p, double s, double desired_retention);

/* ---- additions ---------------------------------------------------------- */

/* Clamps p to the trainable ranges in place.  relearning_steps > 1 lowers
** the ceiling of w17 and w18 as the references do (1 for the usual single
** relearning step).  kk_fsrs_params_from already clamps with 1. */
void kk_fsrs_params_clamp(kk_FsrsParams *p, int relearning_steps);

/* The factor that turns S into the interval for desired_retention
** (exactly 1 at 0.9). */
double kk_fsrs_interval_modifier(const kk_FsrsParams *p, double desired_retention);

/* The interval in whole days, as the references schedule without fuzz:
** round half up, at least 1, at most max_interval_days. */
long kk_fsrs_interval_days(const kk_FsrsParams *p, double s, double desired_retention,
                           long max_interval_days);

#endif
