/*
** text.h -- UTF-8 primitives and typed-answer comparison.
** Depends on alloc.h, err.h, ruby.h and libutf8proc.  Every function takes
** (pointer, byte length) and never reads past it; ill-formed UTF-8 is
** either reported (kk_utf8_validate) or treated as U+FFFD, one per maximal
** ill-formed subpart (Unicode 3.9, "best practice").  Offsets are bytes;
** "columns" count code points.  Strings returned through `char **out` are
** new and NUL-terminated; the caller frees them with kk_free.
*/
#ifndef KK_TEXT_H
#define KK_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/err.h"
#include "core/base/utf8.h"

/* Start of the extended grapheme cluster (UAX #29) that ends at off, i.e.
** where Backspace at off should cut to; 0 if off == 0. */
size_t kk_text_prev_grapheme(const char *s, size_t len, size_t off);

/* End of the grapheme cluster that starts at or contains off; len at most. */
size_t kk_text_next_grapheme(const char *s, size_t len, size_t off);

/* ---- typed answers ------------------------------------------------------- */

/* Folds an answer for comparison: strips furigana markup (ruby.h, the base
** text stays), applies NFKC and Unicode case folding, drops default-ignorable
** and control characters, folds every whitespace run (including U+3000)
** to one ASCII space, trimming both ends, and writes katakana as hiragana
** (ゼロトラスト -> ぜろとらすと; ー and ヷ..ヺ stay).  So "５％" -> "5%",
** "ＮＡＴＯ" -> "nato", "  North\tAtlantic " -> "north atlantic".
** Ill-formed input is folded as U+FFFD.  Folding a folded answer changes
** nothing.  Returns a new string in *out (caller kk_frees). */
kk_Status kk_text_fold_answer(const char *in, size_t len, char **out);

/* Flags for the folding: KK_TEXT_FOLD_NO_KANA keeps hiragana and katakana
** apart (a deck's `fold_kana: false`). */
#define KK_TEXT_FOLD_NO_KANA 1u
kk_Status kk_text_fold_answer_flags(const char *in, size_t len, unsigned flags, char **out);

/* Returns 1 + the index of the first of the n NUL-terminated accepted answers
** equal to typed after kk_text_fold_answer_flags, or 0 if none matches (out
** of memory also counts as no match).  *script_differed (may be NULL) is set
** to 1 when the match needed kana folding (the student wrote hiragana for
** katakana or the other way round), so feedback can note it. */
int kk_text_answer_match(const char *typed, const char *const *accepted, size_t n, unsigned flags,
                         int *script_differed);
/* The same with the default folding (kana folded) and no script report. */
int kk_text_answer_matches(const char *typed, const char *const *accepted, size_t n);

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
kk_Status kk_text_diff(const char *a, size_t alen, const char *b, size_t blen, kk_TextDiff *out);
/* Frees the runs and zeroes d; d may be NULL. */
void kk_text_diff_free(kk_TextDiff *d);

#endif
