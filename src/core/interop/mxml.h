/*
** mxml.h -- Moodle XML question banks out of and into Kioku.  Depends on
** deck.h, qbank.h, xml.h and libsodium (base64).  Everything borrows its
** inputs; the export writes to a caller's FILE and reports per card what
** Moodle XML cannot hold.  docs/interop.md has the table.
*/
#ifndef KK_MXML_H
#define KK_MXML_H

#include <stddef.h>
#include <stdio.h>

#include "core/base/diag.h"
#include "core/base/err.h"
#include "core/deck/deck.h"
#include "core/interop/qbank.h"

/* A category question per section ($course$/top/NAME; one per deck, or
** one per exam pool), then per card:
**   basic, reversed  shortanswer (reported, as in GIFT)
**   cloze            multianswer, each {{cN::x}} an embedded
**                    {1:SHORTANSWER:=x} (hints reported)
**   choice           multichoice, fractions of Kioku's per_option rule
**   typed            shortanswer    numeric  numerical with tolerance, unit
**   truefalse        truefalse      order    ordering (qtype_ordering)
** Texts are HTML in CDATA; explanations are general feedback; images are
** embedded as base64 <file> elements referenced by @@PLUGINFILE@@.  Card
** images are read through file.h.  report may be NULL. */
kk_Status kk_mxml_export(const kk_QbankSections *secs, FILE *f, kk_Diags *report, kk_Err *err);

/* Parses a Moodle XML bank into q: multichoice, truefalse, shortanswer,
** numerical, multianswer (embedded answers become cloze markers), ordering;
** categories become tags (the first one the title); embedded PNG files
** become the card's image.  Other types (essay, matching, description,
** drag-and-drop, calculated, ...) are listed in diags by name and skipped. */
kk_Status kk_mxml_import(const char *buf, size_t len, const char *path, kk_Qbank *q,
                         kk_Diags *diags, kk_Err *err);

#endif
