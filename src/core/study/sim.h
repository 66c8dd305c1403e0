/*
** sim.h -- a simulated student, for exam-date mode's tests and bench: n
** new items in one deck studied every day through the real study queue and
** scheduler, each answer drawn (from a seed) with FSRS's predicted recall.
** Depends on queue.h, sched.h.  Deterministic: the seed and the start time
** are inputs.  kk_sim_run fills a caller-owned kk_SimResult.
*/
#ifndef KK_SIM_H
#define KK_SIM_H

#include <stdint.h>

#include "core/base/err.h"
#include "core/study/review.h"
#include "core/study/sched.h"

#define KK_SIM_MAX_DAYS 400

typedef struct kk_SimSpec {
  int nitems;                       /* new items at the start */
  int days;                         /* days of study (the exam is at the start of day
                         ** `days`, counting the first day as 0) */
  int new_per_day, reviews_per_day; /* the deck's limits */
  double first_recall;              /* chance a new item's first answer is Good (0.75) */
  uint64_t seed;
  int64_t start_ms;   /* the first study day's morning */
  kk_SchedConfig cfg; /* exam_date_ms is set by kk_sim_run when exam_mode */
  int exam_mode;      /* 1: exam date at day `days`; 0: no exam date */
} kk_SimSpec;

typedef struct kk_SimResult {
  int reviews[KK_SIM_MAX_DAYS];       /* review-phase answers per day */
  int new_items[KK_SIM_MAX_DAYS];     /* items first seen per day */
  double recall_now[KK_SIM_MAX_DAYS]; /* mean recall at each day's end */
  double exam_recall;                 /* mean predicted recall at the exam (new: 0) */
  int max_reviews;                    /* the most review-phase answers on one day */
  int unseen;                         /* items never studied by the exam */
} kk_SimResult;

/* Runs the simulation.  KK_ERR_USAGE for days outside 1..KK_SIM_MAX_DAYS,
** KK_ERR_NOMEM. */
kk_Status kk_sim_run(const kk_SimSpec *spec, kk_Err *err, kk_SimResult *out);

/* The daily workload a retention costs the student, from their own items:
** each item studied so far (not new, not suspended; states[0..n)) is
** followed for `days` days from clock->now_ms through the real scheduler
** (cfg with cfg->desired_retention the retention asked about), each answer
** Good with the item's predicted recall at that moment, else Again (drawn
** from seed).  Returns the mean answers a day (relearning steps included)
** and sets *items to how many items it followed; 0 with *items 0 when
** there are none, -1 for days outside 1..KK_SIM_MAX_DAYS.  At most
** max_items items are followed (evenly spread; the result is scaled to
** all), so the cost is bounded; 0 = all. */
double kk_sim_workload(const kk_CardState *states, size_t n, const kk_SchedConfig *cfg,
                       const kk_FsrsParams *params, const kk_Clock *clock, int days,
                       size_t max_items, uint64_t seed, int *items);

#endif
