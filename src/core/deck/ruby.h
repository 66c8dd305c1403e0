/*
** ruby.h -- furigana markup in card text: `漢字[かんじ]` -> base + reading.
** Depends on alloc.h, err.h, utf8.h.  kk_ruby_parse fills a caller-owned
** kk_Ruby whose buffers it owns (kk_ruby_free); the parsed text is always
** well-formed UTF-8 (ill-formed input bytes become U+FFFD).
**
** The rule:
**  - `BASE[READING]` is ruby when BASE is the maximal run of Han ideographs
**    (CJK unified, extensions, compatibility ideographs, plus 々 〆 〇 ヶ)
**    directly before `[`, READING is non-empty, and the `]` follows on the
**    same line.  `東京都[とうきょうと]`: the base is 東京都.
**  - An explicit start marker `｜` (U+FF5C) or `|` lets authors ruby any text:
**    `｜NATO[ナトー]`; the base is everything between the marker and `[`
**    (non-empty, on one line, no brackets or markers in it).  The marker is
**    dropped.  A marker not followed by such `BASE[READING]` is literal text.
**  - A `[` that does not close a valid ruby as above is literal text, and so
**    is its `]`: `[1]`, `a[b]`, `漢字[]` stay as written.
**  - `\[`, `\]`, `\|`, `\｜` and `\\` give the character after the backslash
**    literally; any other backslash is literal.
**  - Limits: a base of at most KK_RUBY_MAX_BASE code points and a reading of
**    at most KK_RUBY_MAX_READING; longer candidates are literal text.
*/
#ifndef KK_RUBY_H
#define KK_RUBY_H

#include <stddef.h>

#include "core/base/err.h"

#define KK_RUBY_MAX_BASE 64
#define KK_RUBY_MAX_READING 128

/* One run of the text: plain text (ruby == NULL) or a base with a reading. */
typedef struct kk_RubyRun {
  const char *base;          /* == plain + base_off; not NUL-terminated */
  size_t base_off, base_len; /* bytes in kk_Ruby.plain */
  const char *ruby;          /* NUL-terminated reading, or NULL */
  size_t ruby_len;
} kk_RubyRun;

typedef struct kk_Ruby {
  char *plain; /* the text without markup (bases only), NUL-terminated */
  size_t plain_len;
  kk_RubyRun *runs; /* in order; their bases tile plain exactly */
  size_t nruns;
  size_t nruby;    /* how many runs carry a reading */
  char *readings_; /* storage of the readings */
} kk_Ruby;

/* Parses s[0..len) into *out (overwritten; zeroed on failure). */
kk_Status kk_ruby_parse(const char *s, size_t len, kk_Ruby *out);

/* Frees what *r owns and zeroes it; r may be NULL. */
void kk_ruby_free(kk_Ruby *r);

/* The plain text only (markup removed, readings dropped), for comparisons
** and search: a new NUL-terminated string in *out (caller kk_frees),
** its length in *out_len (may be NULL). */
kk_Status kk_ruby_plain(const char *s, size_t len, char **out, size_t *out_len);

/* 1 if cp may be part of an implicit ruby base (see the rule above). */
int kk_ruby_is_han(int cp);

#endif
