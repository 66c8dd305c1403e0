/*
** ui_answer.c -- checking what a student answered, on top of text.h
** and cloze.h: cloze text split into plain pieces and blanks for drawing.
** (A number typed for a numeric card is read by exam/mark.h's
** kk_mark_number, the exam's rule.)
*/
#include <stdlib.h>
#include <string.h>

#include "core/deck/cloze.h"
#include "core/deck/text.h"
#include "core/ui/ui_int.h"

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
