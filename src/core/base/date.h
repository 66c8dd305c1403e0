/*
** date.h -- calendar dates as day numbers (days since 1970-01-01,
** proleptic Gregorian), and the strict YYYY-MM-DD form decks and settings
** use, and the range a time read from a file must lie in.  Depends on
** nothing; pure functions on values.
*/
#ifndef KK_DATE_H
#define KK_DATE_H

#include <stdint.h>

/* Day number of year y, month m (1-12), day d. */
int64_t kk_date_days(int y, int m, int d);
/* The civil date of a day number. */
void kk_date_civil(int64_t days, int *y, int *m, int *d);
/* Parses exactly "YYYY-MM-DD" (a real date, year 1970-9999); returns 1 and
** sets *days (may be NULL), or 0. */
int kk_date_parse(const char *s, int64_t *days);

/* ---- times read from files --------------------------------------------------
** Kioku's times are milliseconds since 1970 in an int64_t.  A time read
** from anything a user or another machine can edit (a review log, a sync
** file, a result file, a stored attempt, an Anki package) is used only if
** kk_time_ok: then day arithmetic, time-zone offsets and differences of two
** times stay far inside int64_t.  A duration (time spent on one review or
** one question) is clamped to 0..KK_DURATION_MAX_MS, so a sum over a
** million of them cannot overflow either.  The double forms are false for
** NaN. */
#define KK_TIME_MAX_MS INT64_C(1000000000000000) /* 1e15 ms: the year 33658 */
#define KK_DURATION_MAX_MS INT64_C(86400000)     /* a day */
static inline int kk_time_ok(int64_t t) { return t >= 0 && t <= KK_TIME_MAX_MS; }
static inline int kk_time_ok_d(double t) { return t >= 0 && t <= (double)KK_TIME_MAX_MS; }
static inline int64_t kk_duration_clamp(int64_t d) {
  return d < 0 ? 0 : d > KK_DURATION_MAX_MS ? KK_DURATION_MAX_MS : d;
}
static inline int64_t kk_duration_clamp_d(double d) {
  return !(d > 0) ? 0 : d >= (double)KK_DURATION_MAX_MS ? KK_DURATION_MAX_MS : (int64_t)d;
}

#endif
