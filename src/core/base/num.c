/*
** num.c -- plain decimal numbers (see num.h).
*/
#include "core/base/num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

int kk_num_parse(const char *s, size_t len, double *v) {
  while (len && space(*s)) s++, len--;
  while (len && space(s[len - 1])) len--;
  char tmp[128];
  if (len == 0 || len >= sizeof tmp) return 0; /* no plain number is that long */
  size_t j = 0;
  for (size_t i = 0; i < len; i++) {
    /* strtod would take hex, "inf" and "nan" too */
    if (s[i] == '\0' || !strchr("0123456789+-.eE_", s[i])) return 0;
    if (s[i] != '_') tmp[j++] = s[i];
  }
  tmp[j] = '\0';
  char *end;
  double x = strtod(tmp, &end);
  if (end == tmp || *end || !isfinite(x)) return 0;
  *v = x;
  return 1;
}
