/*
** date.h -- calendar dates as day numbers (days since 1970-01-01,
** proleptic Gregorian), and the strict YYYY-MM-DD form decks and settings
** use.  Depends on nothing; pure functions on values.
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

#endif
