/*
** revlog.h -- the review log in the form FSRS tools share: writing it from
** the progress store, and reading it back (from a CSV buffer or straight
** from the store) as plain rows for the parameter fit.  Depends on store.h,
** csv.h, alloc.h.  kk_revlog_parse and kk_revlog_read_store return a new
** kk_Revlog; caller frees with kk_revlog_free.  Never prints.
*/
#ifndef KK_REVLOG_H
#define KK_REVLOG_H

#include <stdint.h>
#include <stdio.h>

#include "core/base/err.h"
#include "core/study/store.h"

/* Writes the log as CSV card_id,review_time,review_rating,review_state,
** review_duration (the FSRS optimizer's format: card_id a number per item,
** numbered by first review; time and duration in ms; state the phase before
** the review, 0 new 1 learning 2 review 3 relearning), in recording order.
** Refuses with KK_ERR_EXISTS if path exists and force is 0.  Writes a
** temporary file and renames it, so a failure leaves no half file. */
kk_Status kk_revlog_export(kk_Store *s, const char *path, int force, kk_Err *err);
/* The same CSV written to f (borrowed; e.g. stdout for `revlog export -`),
** flushed; KK_ERR_IO if writing failed. */
kk_Status kk_revlog_write(kk_Store *s, FILE *f, kk_Err *err);

/* One review of the log.  Times are ms since the Unix epoch (UTC). */
typedef struct kk_RevlogRow {
  int64_t card;    /* card_id: reviews of one card share it */
  int64_t time_ms; /* review_time */
  int rating;      /* 1..4 */
  int state;       /* review_state before the review: 0 new, 1 learning,
                   ** 2 review, 3 relearning, 4 filtered (reviewed ahead) */
  int line;        /* 1-based line in the CSV; 0 when read from the store */
} kk_RevlogRow;

typedef struct kk_Revlog {
  kk_RevlogRow *rows; /* in input order */
  size_t n, cap;
} kk_Revlog;

/* The review_time below which a log is taken to count seconds, not ms:
** 1e11 ms is March 1973, 1e11 s the year 5138. */
#define KK_REVLOG_MS_MIN 100000000000LL

/* Parses CSV buf[0..len) (borrowed) with a header naming at least
** card_id, review_time, review_rating and review_state (any order; other
** columns such as review_duration are ignored).  path is only used in
** errors.  Checks, each reported as path:line:col (col: the 1-based field
** number) with the offending row:
** missing columns, non-integers, ratings outside 1..4, states outside
** 0..4, times that look like seconds, and rows of one card that are not in
** time order or repeat a review_time (rows of different cards may
** interleave).  KK_ERR_PARSE / KK_ERR_INVALID / KK_ERR_NOMEM. */
kk_Status kk_revlog_parse(const char *buf, size_t len, const char *path, kk_Revlog **out,
                          kk_Err *err);

/* The same from the file at path. */
kk_Status kk_revlog_read_file(const char *path, kk_Revlog **out, kk_Err *err);

/* Reads the store's review log (of deck_id only, unless NULL) as the rows
** kk_revlog_export writes, in recording order. */
kk_Status kk_revlog_read_store(kk_Store *s, const char *deck_id, kk_Revlog **out, kk_Err *err);

/* Appends one row; -1 if out of memory.  For building logs in memory. */
int kk_revlog_push(kk_Revlog *log, const kk_RevlogRow *row);
kk_Revlog *kk_revlog_new(void);      /* NULL if out of memory */
void kk_revlog_free(kk_Revlog *log); /* log may be NULL */

#endif
