/*
** text.h -- UTF-8 primitives and typed-answer comparison.
** Depends on alloc.h, err.h, ruby.h and libutf8proc.  Every function takes
** (pointer, byte length) and never reads past it; ill-formed UTF-8 is
** either reported (kk_text_validate) or treated as U+FFFD, one per maximal
** ill-formed subpart (Unicode 3.9, "best practice").  Offsets are bytes;
** "columns" count code points.  Strings returned through `char **out` are
** new and NUL-terminated; the caller frees them with kk_free.
*/
#ifndef KK_TEXT_H
#define KK_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/err.h"

/* Returned by kk_text_next for an ill-formed sequence. */
#define KK_TEXT_BAD (-1)
#define KK_TEXT_REPLACEMENT 0xFFFD

/* ---- decoding ----------------------------------------------------------- */

/* Decodes the code point at s[*pos] (requires *pos < len), advances *pos past
** it and returns it.  On an ill-formed sequence returns KK_TEXT_BAD and
** advances past its maximal subpart (at least one byte). */
int32_t kk_text_next(const char *s, size_t len, size_t *pos);

/* Byte offset of the start of the code point (or ill-formed unit) that ends
** at off; 0 if off == 0.  off is clamped to len. */
size_t kk_text_prev(const char *s, size_t len, size_t off);

/* Encodes cp (invalid values become U+FFFD) into buf; returns 1..4. */
size_t kk_text_encode(int32_t cp, char buf[4]);

/* KK_OK if s[0..len) is well-formed UTF-8 (NUL bytes are well-formed);
** otherwise KK_ERR_PARSE and, if bad_off is not NULL, the byte offset of the
** first ill-formed sequence. */
kk_Status kk_text_validate(const char *s, size_t len, size_t *bad_off);

/* Returns a new copy of s with every ill-formed subpart replaced by U+FFFD;
** *out_len (may be NULL) receives its byte length. */
kk_Status kk_text_sanitize(const char *s, size_t len, char **out,
                           size_t *out_len);

/* ---- counting and positions ---------------------------------------------- */

/* Number of code points (an ill-formed subpart counts as one). */
size_t kk_text_count(const char *s, size_t len);

/* 0-based code point column of byte offset off (clamped to len): the number
** of code points that start before off. */
size_t kk_text_off_to_col(const char *s, size_t len, size_t off);

/* Byte offset of 0-based code point column col; len if col is past the end. */
size_t kk_text_col_to_off(const char *s, size_t len, size_t col);

/* 1-based line and column (in code points) of byte offset off, as diagnostics
** print them.  Lines end at "\n". */
void kk_text_line_col(const char *s, size_t len, size_t off, int *line,
                      int *col);

/* Start of the extended grapheme cluster (UAX #29) that ends at off, i.e.
** where Backspace at off should cut to; 0 if off == 0. */
size_t kk_text_prev_grapheme(const char *s, size_t len, size_t off);

/* End of the grapheme cluster that starts at or contains off; len at most. */
size_t kk_text_next_grapheme(const char *s, size_t len, size_t off);

/* ---- typed answers ------------------------------------------------------- */

/* Folds an answer for comparison: strips furigana markup (ruby.h, the base
** text stays), applies NFKC and Unicode case folding, drops default-ignorable
** and control characters, and folds every whitespace run (including U+3000)
** to one ASCII space, trimming both ends.  So "５％" -> "5%", "ＮＡＴＯ" ->
** "nato", "  North\tAtlantic " -> "north atlantic".  Ill-formed input is
** folded as U+FFFD.  Returns a new string in *out (caller kk_frees). */
kk_Status kk_text_fold_answer(const char *in, size_t len, char **out);

/* Returns 1 + the index of the first of the n NUL-terminated accepted answers
** equal to typed after kk_text_fold_answer, or 0 if none matches (out of
** memory also counts as no match). */
int kk_text_answer_matches(const char *typed, const char *const *accepted,
                           size_t n);

/* ---- character-level diff ------------------------------------------------
** kk_text_diff compares typed (a) with expected (b) code point by code point
** (a longest common subsequence), so the trainer can show what was wrong.
** Code points are compared after NFKC and case folding of each one alone,
** all whitespace alike, so "Ｎ" equals "n".  Runs cover both strings in
** order: EQUAL spans a[a_off..) and b[b_off..); DELETE is text the student
** typed that is not expected (a range only); INSERT is expected text the
** student left out (b range only).  Pass plain text (kk_ruby_plain) rather
** than markup.  Bounded: after trimming the common prefix and suffix, if
** the middle needs more than KK_TEXT_DIFF_MAX_CELLS table cells it is
** reported as one DELETE plus one INSERT instead of a finer diff.  Either
** string longer than KK_TEXT_DIFF_MAX_BYTES: KK_ERR_LIMIT. */
#define KK_TEXT_DIFF_MAX_CELLS ((size_t)1 << 20)
#define KK_TEXT_DIFF_MAX_BYTES ((size_t)1 << 20)

typedef enum { KK_DIFF_EQUAL, KK_DIFF_INSERT, KK_DIFF_DELETE } kk_DiffOp;

typedef struct kk_DiffRun {
  kk_DiffOp op;
  size_t a_off, a_len; /* bytes in typed; a_len == 0 for INSERT */
  size_t b_off, b_len; /* bytes in expected; b_len == 0 for DELETE */
  size_t ncp;          /* code points in the run */
} kk_DiffRun;

typedef struct kk_TextDiff {
  kk_DiffRun *runs; /* owned; freed by kk_text_diff_free */
  size_t n;
} kk_TextDiff;

/* Fills *out (owned by the caller, released with kk_text_diff_free). */
kk_Status kk_text_diff(const char *a, size_t alen, const char *b, size_t blen,
                       kk_TextDiff *out);
/* Frees the runs and zeroes d; d may be NULL. */
void kk_text_diff_free(kk_TextDiff *d);

#endif
