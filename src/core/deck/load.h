/*
** load.h -- the YAML deck loader: bytes in, a kk_Deck or diagnostics out.
** Depends on ydoc.h (libyaml), deck.h, diag.h.  Loading from a memory buffer
** is the primitive; loading a file wraps it.  The loader reports every
** problem it finds in one pass (up to the diags cap) and returns a deck only
** when there was no error; warnings (e.g. a card without id) still load.
** Limits (docs/deck-format.md): 64 MiB per file, nesting depth 64, 10000
** aliases and 8M node visits, 8M nodes and 64 MiB of text with aliases
** expanded (alias bombs), KK_DECK_MAX_TEXT per card text, 200000 cards,
** 256 cloze markers per text, ids of at most 128 bytes.
*/
#ifndef KK_LOAD_H
#define KK_LOAD_H

#include <stddef.h>

#include "core/deck/deck.h"
#include "core/base/diag.h"

#define KK_DECK_MAX_CARDS 200000
#define KK_DECK_MAX_ID 128

/* 1 if s is a valid deck or card id: 1 to KK_DECK_MAX_ID letters, digits,
** '-', '_' or '.' (ASCII).  The one rule for every importer. */
int kk_deck_valid_id(const char *s);
/* The same characters, 1 to max of them (an exam id has its own length). */
int kk_deck_valid_id_max(const char *s, size_t max);
/* The rule as a JSON Schema pattern, for editors: KK_ID_PATTERN(128) is
** "^[A-Za-z0-9._-]{1,128}$"; max must be a number or a macro of one. */
#define KK_ID_PATTERN(max) KK_ID_PATTERN_(max)
#define KK_ID_PATTERN_(max) "^[A-Za-z0-9._-]{1," #max "}$"

/* Loads a deck from buf[0..len) (borrowed for the call; need not be
** NUL-terminated).  path names the source in diagnostics and is copied.
** Problems go to diags (may be NULL: then they are dropped).  On KK_OK *out
** is a new deck (caller frees with kk_deck_free); otherwise *out is NULL. */
kk_Status kk_deck_load_mem(const char *buf, size_t len, const char *path, kk_Diags *diags,
                           kk_Deck **out);

/* Reads path and loads it as above.  I/O problems are diagnostics too. */
kk_Status kk_deck_load_file(const char *path, kk_Diags *diags, kk_Deck **out);

/* Checks the images cards name against the real folder of the deck file at
** path: each must exist and, with symbolic links followed, lie inside it;
** fills each card's image_path.  kk_deck_load_file does this itself;
** callers of kk_deck_load_mem that know the file call it after loading.
** Problems go to diags; returns KK_ERR_INVALID if there were any. */
kk_Status kk_deck_resolve_assets(kk_Deck *d, const char *path, kk_Diags *diags);

/* The id a card without one gets: "<deck-id>-<8 hex digits>" from its type
** and text.  Writes into buf (NUL-terminated). */
void kk_deck_derive_id(const char *deck_id, const char *type, const char *text, char *buf,
                       size_t size);

/* Which keys exist, with their types and meanings: core/deck/schema.h. */

#endif
