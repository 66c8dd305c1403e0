/*
** review.h -- value types shared by the scheduler, the study queue and the
** progress store: ratings, card phases, a card's scheduling state, one review
** log entry, and the clock.  Depends on nothing.  All plain values.
** Times are milliseconds since the Unix epoch (UTC) in int64_t, `*_ms`.
*/
#ifndef KK_REVIEW_H
#define KK_REVIEW_H

#include <limits.h>
#include <stdint.h>

typedef enum { KK_AGAIN = 1, KK_HARD = 2, KK_GOOD = 3, KK_EASY = 4 } kk_Rating;

typedef enum {
  KK_PHASE_NEW = 0,
  KK_PHASE_LEARNING = 1,
  KK_PHASE_REVIEW = 2,
  KK_PHASE_RELEARNING = 3
} kk_Phase;

typedef enum { KK_SCHED_FSRS = 0, KK_SCHED_SM2 = 1 } kk_SchedulerKind;

/* The most reviews or lapses an item can count: a state read from a file
** (the store, an Anki package) is held below this, far from overflowing
** the scheduler's increments. */
#define KK_STATE_MAX_COUNT (INT_MAX / 2)

/* A study item's scheduling state.  A zeroed struct is a new item. */
typedef struct kk_CardState {
  kk_Phase phase;
  double stability;            /* FSRS, days; 0 while new */
  double difficulty;           /* FSRS, 1..10; 0 while new */
  double ease;                 /* SM-2 ease factor (2.5 start); 0 while new */
  double interval_days;        /* last scheduled interval in days (may be < 1) */
  int64_t due_ms;              /* when it is due next; 0 while new */
  int64_t last_review_ms;      /* 0 if never reviewed */
  int step;                    /* index into (re)learning steps */
  int reps;                    /* successful + failed reviews */
  int lapses;                  /* times forgotten in review */
  int suspended;               /* 1: kept out of the queue (by user or leech) */
  int leech;                   /* 1: tagged as leech */
  int64_t buried_until_ms;     /* sibling burying: hidden until then, 0 if not */
  double review_interval_days; /* the interval of the last review-phase
                               ** scheduling, kept through relearning so SM-2
                               ** can return to it (0 until graduated) */
} kk_CardState;

/* One review as logged. */
typedef struct kk_ReviewLog {
  int64_t time_ms; /* when the answer was given */
  kk_Rating rating;
  double elapsed_days; /* since the previous review, 0 for the first */
  int64_t duration_ms; /* how long the student took to answer */
  kk_Phase phase_before, phase_after;
  double stability, difficulty; /* after the review */
  double interval_days;         /* scheduled interval after the review */
  kk_SchedulerKind scheduler;
} kk_ReviewLog;

/* The clock as an input: now, and the local offset from UTC so that the
** study day (which starts at day_start_hour local time) is computed without
** touching the system's time zone. */
typedef struct kk_Clock {
  int64_t now_ms;
  int utc_offset_min; /* e.g. +540 for Japan */
  int day_start_hour; /* 0..23, default KK_DAY_START_DEFAULT */
} kk_Clock;
#define KK_DAY_START_DEFAULT 4 /* the study day starts at 4:00, as Anki's */

/* The study-day number of time t_ms under clock c's offset and day start:
** days since 1970-01-01 counted from day_start_hour local time. */
static inline int64_t kk_clock_day(const kk_Clock *c, int64_t t_ms) {
  int64_t local = t_ms + (int64_t)c->utc_offset_min * 60000 - (int64_t)c->day_start_hour * 3600000;
  int64_t d = local / 86400000;
  if (local % 86400000 < 0) d--;
  return d;
}

/* The instant the study day `day` starts (UTC ms). */
static inline int64_t kk_clock_day_start_ms(const kk_Clock *c, int64_t day) {
  return day * 86400000 - (int64_t)c->utc_offset_min * 60000 + (int64_t)c->day_start_hour * 3600000;
}

#endif
