/*
** utf8.h -- the one UTF-8 decoder: decoding, encoding, validation and
** positions.  Depends on err.h and alloc.h.  Every function takes (pointer,
** byte length) and never reads past it; ill-formed UTF-8 is either reported
** (kk_utf8_validate, kk_utf8_check) or treated as one unit per maximal
** ill-formed subpart (Unicode 3.9, "best practice").  Offsets are bytes;
** "columns" count code points.  kk_utf8_sanitize returns a new string the
** caller frees with kk_free; everything else borrows.
*/
#ifndef KK_UTF8_H
#define KK_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/err.h"

/* Returned by kk_utf8_next for an ill-formed sequence. */
#define KK_UTF8_BAD (-1)
#define KK_UTF8_REPLACEMENT 0xFFFD

/* ---- decoding ----------------------------------------------------------- */

/* Decodes the code point at s[*pos] (requires *pos < len), advances *pos past
** it and returns it.  On an ill-formed sequence returns KK_UTF8_BAD and
** advances past its maximal subpart (at least one byte). */
int32_t kk_utf8_next(const char *s, size_t len, size_t *pos);

/* Byte offset of the start of the code point (or ill-formed unit) that ends
** at off; 0 if off == 0.  off is clamped to len. */
size_t kk_utf8_prev(const char *s, size_t len, size_t off);

/* Encodes cp (invalid values become U+FFFD) into buf; returns 1..4. */
size_t kk_utf8_encode(int32_t cp, char buf[4]);

/* KK_OK if s[0..len) is well-formed UTF-8 (NUL bytes are well-formed);
** otherwise KK_ERR_PARSE and, if bad_off is not NULL, the byte offset of the
** first ill-formed sequence. */
kk_Status kk_utf8_validate(const char *s, size_t len, size_t *bad_off);

/* Returns a new copy of s with every ill-formed subpart replaced by U+FFFD;
** *out_len (may be NULL) receives its byte length. */
kk_Status kk_utf8_sanitize(const char *s, size_t len, char **out, size_t *out_len);

/* ---- counting and positions ---------------------------------------------- */

/* Number of code points (an ill-formed subpart counts as one). */
size_t kk_utf8_count(const char *s, size_t len);

/* 0-based code point column of byte offset off (clamped to len): the number
** of code points that start before off. */
size_t kk_utf8_off_to_col(const char *s, size_t len, size_t off);

/* Byte offset of 0-based code point column col; len if col is past the end. */
size_t kk_utf8_col_to_off(const char *s, size_t len, size_t col);

/* 1-based line and column (in code points) of byte offset off, as diagnostics
** print them.  Lines end at "\n". */
void kk_utf8_line_col(const char *s, size_t len, size_t off, int *line, int *col);

/* The inverse: byte offset of the 1-based line and column (in code points)
** line:col, as diagnostics and libyaml give them.  A column past the end of
** its line stops at the line's end; a line past the end of s gives len. */
size_t kk_utf8_line_col_to_off(const char *s, size_t len, int line, int col);

/* Decodes the code point at s[i] (requires i < len) and stores its byte
** length in *n; an ill-formed unit gives U+FFFD and its length. */
uint32_t kk_utf8_at(const char *s, size_t len, size_t i, size_t *n);

/* Checks buf is valid UTF-8 without NUL bytes.  Returns 1 if so; else 0
** with the 1-based line and code-point column of the first bad byte, and
** the byte itself in *bad (0 for a NUL).  line, col and bad may be NULL. */
int kk_utf8_check(const char *buf, size_t len, int *line, int *col, unsigned char *bad);

/* Validation one byte at a time, for readers that stream (the CSV reader):
** zero-initialise a kk_Utf8Stream, feed every byte to kk_utf8_stream_step
** (0: the byte makes the text ill-formed), and at the end
** kk_utf8_stream_pending says whether a sequence was cut short.  Same rules
** as kk_utf8_next (Unicode Table 3-7). */
typedef struct kk_Utf8Stream {
  int need;             /* continuation bytes still expected */
  unsigned char lo, hi; /* the allowed range of the next one */
} kk_Utf8Stream;
int kk_utf8_stream_step(kk_Utf8Stream *u, unsigned char b);
int kk_utf8_stream_pending(const kk_Utf8Stream *u);

/* 1 for CJK punctuation, kana, ideographs and full-width forms: the code
** points that mark a text as Japanese (U+3000-30FF, U+3400-9FFF,
** U+F900-FAFF, U+FF00-FFEF, U+20000-2FFFF). */
int kk_utf8_is_cjk(uint32_t cp);

#endif
