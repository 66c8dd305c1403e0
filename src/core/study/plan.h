/*
** plan.h -- a deck's scheduling options as the student meets them (the
** deck's own settings with the student's overrides from the store), and
** the per-deck exam summary home and statistics show: the exam date, the
** predicted recall on the day, and whether the new items still fit.
** Depends on deck.h, store.h, queue.h, sched.h.  Fills caller-owned
** values; borrows everything for the call only.
*/
#ifndef KK_PLAN_H
#define KK_PLAN_H

#include <stdint.h>

#include "core/deck/deck.h"
#include "core/study/queue.h"
#include "core/study/sched.h"
#include "core/study/store.h"

/* New items must be met at least this many study days before the exam to
** be reviewed again before it. */
#define KK_PLAN_EXAM_NEW_LEAD_DAYS 2

/* Fills *cfg from the deck's settings (d may be NULL: defaults) and the
** store's deck row (s may be NULL): the student's exam date overrides the
** deck's, and so do their retention, maximum interval and scheduler.  The
** exam is at the start of its study day under clock.  A store that cannot
** be read leaves the deck's own values. */
void kk_plan_config(const kk_Deck *d, kk_Store *s, const kk_Clock *clock, kk_SchedConfig *cfg);

/* The exam date of the deck as "YYYY-MM-DD" in buf (the student's own
** first), or NULL if none. */
const char *kk_plan_exam_date(const kk_Deck *d, kk_Store *s, char buf[11]);

typedef struct kk_PlanExam {
  int has_exam;    /* 0: the deck has no exam date (the rest is 0) */
  int64_t exam_ms; /* the start of the exam's study day */
  int days_left;   /* study days until it (0: today, < 0: passed) */
  double recall;   /* mean predicted recall on the day over the deck's
                        ** items, each new item counted 0 (kk_sched_exam_retention) */
  int new_left;    /* items not yet studied */
  int new_short;   /* of those, how many the daily new limit cannot
                        ** bring in by KK_PLAN_EXAM_NEW_LEAD_DAYS before the
                        ** exam (0: they fit; home warns otherwise) */
} kk_PlanExam;

/* The summary for deck `deck` of the input (its sched set by the caller,
** as the queue uses it). */
void kk_plan_exam(const kk_QueueInput *in, size_t deck, const kk_Clock *clock, kk_PlanExam *out);

/* How many of new_left items the limit new_per_day (< 0: the queue's
** default) cannot bring in by lead days before an exam days_left study
** days away, counting today (new_done_today already met today). */
int kk_plan_new_short(int new_left, int new_per_day, int new_done_today, int days_left);

#endif
