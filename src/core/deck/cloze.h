/*
** cloze.h -- cloze markers in card text: {{c1::answer}} and
** {{c1::answer::hint}}, as Anki writes them.  Depends on alloc.h.
** Parsing borrows the text; spans are byte offsets into it.  Rendering
** returns new strings the caller frees with kk_free.
*/
#ifndef KK_CLOZE_H
#define KK_CLOZE_H

#include <stddef.h>

#include "core/base/err.h"

typedef struct kk_ClozeSpan {
  int ord;               /* the N of cN, >= 1 */
  size_t start, end;     /* byte range of the whole marker {{...}} */
  size_t ans, ans_len;   /* byte range of the answer */
  size_t hint, hint_len; /* byte range of the hint; hint_len 0 if none */
} kk_ClozeSpan;

#define KK_CLOZE_MAX_ORD 99
#define KK_CLOZE_MAX_SPANS 256

typedef enum {
  KK_CLOZE_OK = 0,
  KK_CLOZE_UNCLOSED,    /* "{{" without "}}" */
  KK_CLOZE_STRAY_CLOSE, /* "}}" without "{{" */
  KK_CLOZE_BAD_HEAD,    /* "{{" not followed by cN:: */
  KK_CLOZE_EMPTY,       /* empty answer */
  KK_CLOZE_NESTED,      /* "{{" inside a marker */
  KK_CLOZE_TOO_MANY,    /* more than KK_CLOZE_MAX_SPANS markers */
  KK_CLOZE_NONE,        /* no marker at all */
  KK_CLOZE_GAP          /* numbers do not run 1..max without gaps */
} kk_ClozeProblem;

typedef struct kk_ClozeResult {
  kk_ClozeSpan spans[KK_CLOZE_MAX_SPANS];
  size_t n;
  int max_ord;
  kk_ClozeProblem problem;
  size_t problem_at; /* byte offset the problem points at */
  int missing_ord;   /* for KK_CLOZE_GAP: the first missing number */
} kk_ClozeResult;

/* Parses text[0..len); fills r (caller-provided, no allocation).  Returns
** r->problem. */
kk_ClozeProblem kk_cloze_parse(const char *text, size_t len, kk_ClozeResult *r);

/* One-sentence description of a problem, for diagnostics. */
const char *kk_cloze_problem_str(kk_ClozeProblem p);

/* The text as shown for cloze number ord: markers of ord become "[...]"
** (or "[hint]") when reveal is 0, the answer when reveal is 1; markers of
** other numbers always show their answer.  Returns a new string (kk_free),
** NULL out of memory.  `open`/`close` wrap the blank/answer (e.g. "[", "]");
** NULL for none. */
char *kk_cloze_render(const char *text, const kk_ClozeResult *r, int ord, int reveal,
                      const char *open, const char *close);

/* For a text whose numbers have gaps (r from kk_cloze_parse with
** KK_CLOZE_GAP; Anki keeps c1 and c3 when c2 was deleted), the text with
** the markers numbered 1..n in the order of their old numbers: a new
** string (kk_free), NULL out of memory.  map[old] = new for each old
** number in 1..KK_CLOZE_MAX_ORD, 0 for numbers the text does not use. */
char *kk_cloze_renumber(const char *text, const kk_ClozeResult *r,
                        unsigned char map[KK_CLOZE_MAX_ORD + 1]);

/* The answers of cloze number ord joined with " / " (kk_free). */
char *kk_cloze_answer(const char *text, const kk_ClozeResult *r, int ord);

#endif
