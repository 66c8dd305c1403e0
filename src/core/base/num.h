/*
** num.h -- the one reader of numbers written by people: deck and spec
** values, and numbers in files other programs wrote (CSV, GIFT, Moodle
** XML).  Plain decimals only: digits, a sign, a point, an exponent, and '_'
** between digits (as YAML allows); no hex, no "inf" or "nan", and the value
** must be finite.  Depends on nothing; a pure function of its input.
*/
#ifndef KK_NUM_H
#define KK_NUM_H

#include <stddef.h>

/* Reads s[0..len) (white space around it allowed) into *v; 1, or 0 for
** anything else (then *v is untouched). */
int kk_num_parse(const char *s, size_t len, double *v);

#endif
