/*
** layout.h -- paragraph layout: line breaking (UAX #14 via libunibreak plus
** Japanese kinsoku rules) and furigana placement, measured through injected
** metrics (metrics.h) so it runs headless.  Depends on alloc.h, err.h,
** metrics.h, ruby.h, text.h, libunibreak, libutf8proc.  kk_layout_paragraph
** fills a caller-owned kk_Layout whose buffers it owns (kk_layout_free);
** the metrics are borrowed for the call only.  The first call builds
** libunibreak's property index, so make it from one thread.
**
** Rules: breaks where UAX #14 allows them, except that no line starts with
** small kana, ー or 。、，．」』）】〕！？・々〜… (and a few kin, see
** layout.c) and no line ends with 「『（【〔; a ruby base is never split;
** words are split by grapheme only when one alone is wider than the line;
** 。、，． may hang past the margin; trailing spaces do not count; "\n"
** (and CR, CRLF, U+2028/9) forces a break.
*/
#ifndef KK_LAYOUT_H
#define KK_LAYOUT_H

#include <stddef.h>

#include "core/base/err.h"
#include "core/ui/metrics.h"
#include "core/deck/deck.h"
#include "core/deck/ruby.h"

/* Longest paragraph accepted (bytes): KK_ERR_LIMIT beyond.  The deck
** model's limit, so every text the loader accepts can be drawn. */
#define KK_LAYOUT_MAX_BYTES KK_DECK_MAX_TEXT

typedef struct kk_LayoutLine {
  size_t off, len;          /* bytes in kk_Layout.text, without trailing spaces or
                   ** the line break itself */
  int width_px;             /* drawn width; may pass max_width_px by one hanging
                   ** 。、，． or when one grapheme or ruby base is wider */
  int y_px;                 /* top of this line's text row from the paragraph top */
  size_t first_ruby, nruby; /* this line's readings in kk_Layout.rubies */
} kk_LayoutLine;

typedef struct kk_LayoutRuby {
  const char *text; /* the reading, NUL-terminated, owned by the layout */
  size_t len;
  size_t line;               /* index in kk_Layout.lines */
  size_t base_off, base_len; /* the base: bytes in kk_Layout.text */
  int base_x_px, base_w_px;  /* the base, x from the paragraph's left */
  int x_px, y_px, w_px;      /* top-left and width of the reading, drawn at
                             ** kk_Layout.ruby_px: centred over the base,
                             ** pushed right of the previous reading on the
                             ** line if they would overlap, kept within
                             ** 0..max(max_width, line width) */
} kk_LayoutRuby;

typedef struct kk_Layout {
  const char *text; /* the text without markup; lines point into it */
  size_t len;
  kk_LayoutLine *lines; /* at least one line, even for empty text */
  size_t nlines;
  kk_LayoutRuby *rubies;
  size_t nrubies;
  int font_px, ruby_px; /* ruby_px is about half of font_px */
  int line_h_px;        /* height of a text row (metrics line_height) */
  int ruby_h_px;        /* band above every row for readings; 0 if none */
  int width_px;         /* widest line */
  int height_px;        /* nlines * (ruby_h_px + line_h_px) */
  kk_Ruby src_;         /* owns text and readings */
} kk_Layout;

/* Lays out text[0..len) (furigana markup allowed, see ruby.h; ill-formed
** UTF-8 shows as U+FFFD) for a column max_width_px wide at font_px.
** lang is a BCP 47 tag for UAX #14 tailoring ("ja", "en"; may be NULL).
** Fills *out (zeroed on failure).  KK_ERR_USAGE for a NULL metrics table
** or font_px < 1; max_width_px < 1 is treated as 1. */
kk_Status kk_layout_paragraph(const char *text, size_t len, const char *lang, int max_width_px,
                              int font_px, const kk_TextMetrics *m, kk_Layout *out);

/* Flags for kk_layout_paragraph_flags. */
enum {
  KK_LAYOUT_RAW = 1 /* text as typed (an answer field): no furigana markup */
};

/* kk_layout_paragraph with flags (KK_LAYOUT_*).  With KK_LAYOUT_RAW, the
** offsets of l->text equal those of well-formed input text, so a caret kept
** in the input buffer can be passed to kk_layout_locate directly. */
kk_Status kk_layout_paragraph_flags(const char *text, size_t len, const char *lang,
                                    int max_width_px, int font_px, unsigned flags,
                                    const kk_TextMetrics *m, kk_Layout *out);

/* Frees what *l owns and zeroes it; l may be NULL. */
void kk_layout_free(kk_Layout *l);

/* Where byte offset off of l->text is drawn: line index and x from the
** paragraph's left (for a caret, or the IME candidate window).  Offsets in
** the whitespace between two lines belong to the earlier line. */
void kk_layout_locate(const kk_Layout *l, const kk_TextMetrics *m, size_t off, size_t *line,
                      int *x_px);

#endif
