/*
** sched.h -- scheduling around the memory model as Anki does: learning and
** relearning steps, FSRS intervals for a desired retention (or Anki's SM-2),
** interval fuzz, Hard < Good < Easy ordering, leeches, and exam-date mode.
** Depends on core/fsrs.h and core/review.h.  Pure functions on plain values:
** the clock and a per-card fuzz key are inputs; nothing here allocates,
** prints or reads the time.  The study queue, store, limits, burying and
** undo are built on top of these by their own modules.
*/
#ifndef KK_SCHED_H
#define KK_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "core/study/fsrs.h"
#include "core/study/review.h"

#define KK_SCHED_MAX_STEPS 10
#define KK_DAY_MS 86400000LL

typedef enum { KK_LEECH_TAG = 0, KK_LEECH_SUSPEND = 1 } kk_LeechAction;

/* A deck's (or course's) scheduling options.  Start from
** kk_sched_config_default and change what the deck sets. */
typedef struct kk_SchedConfig {
  kk_SchedulerKind kind;                    /* KK_SCHED_FSRS (default) or KK_SCHED_SM2 */
  double desired_retention;                 /* FSRS: 0.9 */
  int max_interval_days;                    /* KK_DECK_MAX_INTERVAL_DAYS */
  int learning_steps_s[KK_SCHED_MAX_STEPS]; /* seconds: {60, 600} */
  int n_learning_steps;
  int relearning_steps_s[KK_SCHED_MAX_STEPS]; /* {600} */
  int n_relearning_steps;
  int fuzz;                    /* 1: fuzz review intervals and learning delays */
  int short_term;              /* FSRS: same-day reviews use the short-term formula (1) */
  int leech_threshold;         /* 8 lapses make a leech ... */
  int leech_every;             /* ... and then every 4 more */
  kk_LeechAction leech_action; /* suspend (default) or only tag */
  int64_t exam_date_ms;        /* 0: none; else the exam's time */
  double exam_retention;       /* recall wanted on exam day (0.95); 0: desired_retention */
  /* SM-2 (Anki's variant) */
  double sm2_starting_ease;     /* 2.5 */
  double sm2_easy_bonus;        /* 1.3 */
  double sm2_hard_multiplier;   /* 1.2 */
  double sm2_interval_modifier; /* 1.0 */
  double sm2_lapse_multiplier;  /* 0.0: a lapse restarts at the minimum */
  int sm2_lapse_min_days;       /* 1 */
  int sm2_graduating_days;      /* 1: Good on the last learning step */
  int sm2_easy_days;            /* 4: Easy on a new or learning card */
} kk_SchedConfig;

/* Anki's defaults, FSRS, no exam date (exam_retention 0.95 for when one is
** set), leeches suspended. */
void kk_sched_config_default(kk_SchedConfig *cfg);

/* Events kk_sched_answer reports (bit flags). */
enum {
  KK_SCHED_EV_LAPSE = 1,     /* a review card was forgotten */
  KK_SCHED_EV_LEECH = 2,     /* ... and that lapse made it a leech */
  KK_SCHED_EV_GRADUATED = 4, /* left (re)learning for the review phase */
  KK_SCHED_EV_EXAM = 8       /* the due date was brought forward for the exam */
};

/* Answers an item: updates *st (phase, memory state, ease, intervals, due,
** counters, leech and suspension) for rating at clock->now_ms, fills *log
** (may be NULL; duration_ms is left 0 for the caller), and returns the
** KK_SCHED_EV_* flags.  fuzz_key identifies the item (e.g. a 64-bit hash of
** its key): the fuzz drawn depends only on it and st->reps, so answers are
** reproducible and kk_sched_preview shows exactly what answering will do.
** params may be NULL for the FSRS defaults.  A rating outside 1..4 is
** clamped. */
int kk_sched_answer(const kk_SchedConfig *cfg, const kk_FsrsParams *params, kk_CardState *st,
                    kk_Rating rating, const kk_Clock *clock, uint64_t fuzz_key, kk_ReviewLog *log);

/* What each rating would do, for the grade buttons: out[0] is Again ...
** out[3] Easy; interval_days strictly increase from Again to Easy unless
** the maximum interval caps them.  Does not change *st. */
typedef struct kk_SchedPreview {
  int64_t due_ms;
  int64_t interval_ms;  /* due_ms - now */
  double interval_days; /* steps: the delay in days; reviews: whole days.
                        ** Label buttons with kk_sched_format_days of this
                        ** (a 1-day interval answered just before the day
                        ** starts is due minutes later, but reads "1d"). */
  kk_Phase phase;       /* the phase after that answer */
} kk_SchedPreview;
void kk_sched_preview(const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                      const kk_CardState *st, const kk_Clock *clock, uint64_t fuzz_key,
                      kk_SchedPreview out[4]);

/* Writes an interval the way Anki labels its buttons ("45s", "10m",
** "1.5h", "4d", "3mo", "1.2y") into buf (always NUL-terminated); returns
** the length it wanted, like snprintf. */
int kk_sched_format_interval(int64_t interval_ms, char *buf, size_t size);
/* The same for a number of days. */
int kk_sched_format_days(double days, char *buf, size_t size);

/* ---- fuzz ---------------------------------------------------------------- */

/* Anki's fuzz range for an interval of `days` kept within [min_days,
** max_days]: *lo..*hi inclusive (equal when no fuzz applies, below 2.5 d). */
void kk_sched_fuzz_range(double days, int min_days, int max_days, int *lo, int *hi);

/* The fuzzed whole-day interval: uniform over the range, the draw fixed by
** fuzz_key and reps.  With fuzz off: days rounded, within the bounds. */
int kk_sched_fuzz_days(double days, int min_days, int max_days, int fuzz, uint64_t fuzz_key,
                       int reps);

/* ---- retention and the exam ---------------------------------------------- */

/* Retrievability of st at time t_ms if it is not reviewed before then
** (0 for an item never reviewed). */
double kk_sched_retention_at(const kk_FsrsParams *params, const kk_CardState *st, int64_t t_ms);

/* For an item already scheduled, the due time exam-date mode wants for it
** now: earlier than st->due_ms when the item would first come due after
** the exam day with predicted recall at the exam below the target (the
** same rule kk_sched_answer applies), else st->due_ms.  Lets the queue
** apply a newly set exam date without waiting for each item's next answer;
** a result at or before clock->now_ms means "due now". */
int64_t kk_sched_exam_due(const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                          const kk_CardState *st, const kk_Clock *clock, uint64_t fuzz_key);

/* Predicted recall at the exam (cfg->exam_date_ms, or exam_ms if nonzero)
** for a student who does every review the schedule asks for before it,
** answering Good: the schedule is simulated from st and clock->now_ms.
** New items count 0. */
double kk_sched_exam_retention(const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                               const kk_CardState *st, const kk_Clock *clock, uint64_t fuzz_key,
                               int64_t exam_ms);

/* The mean of kk_sched_exam_retention over n items (fuzz_keys may be NULL:
** keys 0..n-1).  Returns 0 for n == 0. */
double kk_sched_exam_retention_avg(const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                                   const kk_CardState *states, const uint64_t *fuzz_keys, size_t n,
                                   const kk_Clock *clock, int64_t exam_ms);

#endif
