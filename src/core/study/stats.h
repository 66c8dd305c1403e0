/*
** stats.h -- study statistics for the home screen and `kioku stats`: due
** counts and a 30-day forecast, item counts by phase, true retention,
** reviews per day, the study streak, mastery per tag and per deck.
** Depends on store.h (states and the log), queue.h (the loaded decks'
** items with their states), review.h (the clock).  kk_stats_compute
** returns a new kk_Stats; caller frees with kk_stats_free.  Never prints.
**
** Definitions.  Days are study days (kk_clock_day).  True retention is
** Anki's: of the reviews of items in the review phase (phase before the
** review = review; learning and relearning steps excluded), the share not
** rated Again; young/mature split at a 21-day interval before the review.
** An item is mastered when it is in the review phase with stability of at
** least 21 days (SM-2 items: interval of at least 21 days).  The streak is
** the number of consecutive study days with a review, ending today, or
** yesterday if nothing was studied yet today.
*/
#ifndef KK_STATS_H
#define KK_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/base/err.h"
#include "core/study/queue.h"
#include "core/study/review.h"
#include "core/study/store.h"

#define KK_STATS_DAYS 30
#define KK_STATS_MASTERED_DAYS 21.0

typedef struct kk_StatsGroup {
  char *name;     /* tag or deck id, owned by the kk_Stats */
  int items;      /* items in the group (new ones included) */
  int mastered;   /* of those, mastered */
  double mastery; /* mastered / items, 0 if empty */
} kk_StatsGroup;

/* An item that became a leech (kk_CardState.leech). */
typedef struct kk_StatsLeech {
  char *item_key, *deck_id; /* owned by the kk_Stats */
  int lapses;
  int suspended; /* 1 unless the deck's leech_action is tag (or
                            ** the student unsuspended it) */
} kk_StatsLeech;

typedef struct kk_Stats {
  /* items */
  int items;          /* items counted (see kk_stats_compute) */
  int new_count;      /* never studied */
  int learning_count; /* learning or relearning */
  int review_count;   /* review phase */
  int young, mature;  /* review items with interval < / >= 21 days */
  int suspended;      /* suspended items (also counted in their phase) */
  /* due (suspended items excluded; overdue items count as due today) */
  int due_today, due_tomorrow;
  int forecast[KK_STATS_DAYS]; /* due on today + i; [0] = due_today */
  /* the log, last KK_STATS_DAYS study days ([KK_STATS_DAYS-1] = today) */
  int reviews_per_day[KK_STATS_DAYS];
  int64_t time_ms_per_day[KK_STATS_DAYS];  /* answer time spent */
  int retention_reviews, retention_passed; /* all review-phase reviews */
  int young_reviews, young_passed, mature_reviews, mature_passed;
  double true_retention; /* passed / reviews, or -1 if none */
  int reviews_today;
  int64_t total_reviews; /* in the whole log */
  int streak;            /* days */
  int studied_today;     /* 1 if the streak includes today */
  /* mastery, sorted by name */
  kk_StatsGroup *tags;
  size_t ntags;
  kk_StatsGroup *decks;
  size_t ndecks;
  /* leeches, in item order (the decks' order, or item key order) */
  kk_StatsLeech *leeches;
  size_t nleeches;
} kk_Stats;

/* Computes the statistics.  Items: those of `in` (the loaded decks, with
** states already read from the store; card tags give the per-tag mastery),
** or, if in is NULL, every item the store has a state for (no tags then).
** deck_id (may be NULL) restricts items and log to that deck. */
kk_Status kk_stats_compute(kk_Store *s, const kk_QueueInput *in, const char *deck_id,
                           const kk_Clock *clock, kk_Err *err, kk_Stats **out);
void kk_stats_free(kk_Stats *st); /* st may be NULL */

/* Writes st as one JSON object to f (for `kioku stats --json`); returns 0,
** or -1 on a write error. */
int kk_stats_write_json(const kk_Stats *st, FILE *f);

#endif
