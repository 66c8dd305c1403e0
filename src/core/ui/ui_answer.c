/*
** ui_answer.c -- checking what a student answered, on top of text.h
** (folding, matching) and cloze.h: numbers typed with full-width digits,
** thousands separators and an optional unit, and cloze text split into
** plain pieces and blanks for drawing.
*/
#include <stdlib.h>
#include <string.h>

#include "core/deck/cloze.h"
#include "core/deck/text.h"
#include "core/ui/ui_int.h"

/* ---- numbers ------------------------------------------------------------------- */

int kk_ui_parse_number(const char *s, const char *unit, double *out) {
  char buf[128];
  size_t o = 0, len = strlen(s), i = 0;
  while (i < len && o + 1 < sizeof buf) {
    size_t at = i;
    int32_t cp = kk_utf8_next(s, len, &i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; /* full-width ASCII */
    if (cp == 0x3000) cp = ' ';
    if (cp == 0x2212) cp = '-'; /* minus sign */
    if (cp >= 0 && cp < 0x80) {
      if (cp != ',' && cp != '_') buf[o++] = (char)cp;
    } else if (o + (i - at) + 1 < sizeof buf) {
      memcpy(buf + o, s + at, i - at);
      o += i - at;
    }
  }
  buf[o] = '\0';
  char *p = buf;
  while (*p == ' ') p++;
  if (!*p) return 0;
  char *end;
  double v = strtod(p, &end);
  if (end == p) return 0;
  while (*end == ' ') end++;
  if (*end) {
    /* a trailing unit is accepted when it is the card's unit */
    const char *u[1] = {unit};
    if (!unit || !kk_text_answer_matches(end, u, 1)) return 0;
  }
  *out = v;
  return 1;
}

/* ---- cloze -------------------------------------------------------------------- */

size_t kk_ui_cloze_split(const char *text, int ord, int revealed, kk_UiClozePiece *out,
                         size_t cap) {
  size_t len = strlen(text), n = 0, at = 0;
  kk_ClozeResult *r = kk_malloc(sizeof *r);
  if (!r || !cap) {
    kk_free(r);
    return 0;
  }
  if (kk_cloze_parse(text, len, r) != KK_CLOZE_OK) r->n = 0; /* show as written */
  for (size_t i = 0; i < r->n && n + 2 <= cap; i++) {
    const kk_ClozeSpan *sp = &r->spans[i];
    if (sp->start > at) out[n++] = (kk_UiClozePiece){text + at, sp->start - at, 0};
    if (sp->ord != ord)
      out[n++] = (kk_UiClozePiece){text + sp->ans, sp->ans_len, 3};
    else if (revealed)
      out[n++] = (kk_UiClozePiece){text + sp->ans, sp->ans_len, 2};
    else
      out[n++] = (kk_UiClozePiece){text + sp->hint, sp->hint_len, 1};
    at = sp->end;
  }
  if (at < len && n < cap) out[n++] = (kk_UiClozePiece){text + at, len - at, 0};
  kk_free(r);
  return n;
}
