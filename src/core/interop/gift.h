/*
** gift.h -- Moodle's GIFT text format for question banks, out of and into
** Kioku.  Depends on deck.h, qbank.h, diag.h.  Everything borrows its
** inputs.  The export writes to a caller's FILE and reports, per card, what
** GIFT cannot hold (warnings with the deck file and the card's line);
** nothing is dropped silently.  docs/interop.md has the table.
*/
#ifndef KK_GIFT_H
#define KK_GIFT_H

#include <stddef.h>
#include <stdio.h>

#include "core/base/diag.h"
#include "core/base/err.h"
#include "core/deck/deck.h"
#include "core/interop/qbank.h"

/* One $CATEGORY per section (kk_qbank_sections_decks: one per deck), one
** question per card, named ::card id::, text
** in [html] with GIFT's escapes (\~ \= \# \{ \} \: \\ and \n):
**   basic, reversed   short answer {=back}  (reported: typed exactly; the
**                     reverse direction of a reversed card is dropped)
**   cloze             one blank: missing word "text {=answer} text";
**                     several blanks are skipped (reported)
**   choice            {=right ~wrong}; several correct: {~%50%a ~%-100%b}
**                     with fractions of Kioku's per_option rule
**   typed             {=a =b}     numeric  {#value:tolerance} (unit reported)
**   truefalse         {TRUE} / {FALSE}
**   order             skipped (reported): GIFT has no ordering question
** Explanations become general feedback (####), option feedback #feedback;
** images are reported (GIFT cannot carry files).  report may be NULL. */
kk_Status kk_gift_export(const kk_QbankSections *secs, FILE *f, kk_Diags *report, kk_Err *err);

/* Parses the GIFT text buf[0..len) (path names it in messages) into q:
** multiple choice (single, several correct, partial credit), true/false,
** short answer, numerical (value:tolerance, min..max, the first of several
** answers), missing word (becomes a cloze or a choice), general and option
** feedback, ::titles:: (kept as ids when valid), $CATEGORY (the deck title
** when the caller gives none).  Essays, descriptions and matching
** questions are listed in diags by name and skipped. */
kk_Status kk_gift_import(const char *buf, size_t len, const char *path, kk_Qbank *q,
                         kk_Diags *diags, kk_Err *err);

#endif
