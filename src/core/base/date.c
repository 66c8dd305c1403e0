/*
** date.c -- civil dates <-> day numbers (the era-based formulas: exact for
** every proleptic Gregorian date, no loops, no time zone).
*/
#include "core/base/date.h"

#include <string.h>

int64_t kk_date_days(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void kk_date_civil(int64_t days, int *y, int *m, int *d) {
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t mm = mp < 10 ? mp + 3 : mp - 9;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)mm;
  *y = (int)(yoe + era * 400 + (mm <= 2));
}

static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int kk_date_parse(const char *s, int64_t *days) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
  if (y < 1970 || m < 1 || m > 12 || d < 1) return 0;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] || (m == 2 && d == 29 && !leap)) return 0;
  if (days) *days = kk_date_days(y, m, d);
  return 1;
}
