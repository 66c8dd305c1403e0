/*
** term.h -- text made safe for a terminal.  Depends on utf8.h.  Text from
** decks, specs and students may hold escape sequences (ESC [ ..., OSC 52 to
** set the clipboard, a title change), other control characters, bidi
** overrides that reorder what is shown, or ill-formed UTF-8: written as is
** they drive the terminal instead of being read.  Everything Kioku prints
** that came from a file or a person goes through here.  Borrows its input.
*/
#ifndef KK_TERM_H
#define KK_TERM_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) to f with line breaks and tabs kept; other C0 controls
** and DEL shown as ^X (ESC as ^[), C1 controls and bidi embedding,
** override and isolate controls as <U+XXXX>, and each ill-formed UTF-8
** sequence as U+FFFD. */
void kk_term_write(FILE *f, const char *s, size_t len);
void kk_term_puts(FILE *f, const char *s); /* s may be NULL: nothing */

#endif
