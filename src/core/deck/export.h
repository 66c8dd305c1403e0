/*
** export.h -- decks out to other tools and in from spreadsheets: Anki's
** text-import format and plain CSV for loaded kk_Decks, and a draft YAML
** deck of basic cards from a two-column CSV.  Depends on deck.h, csv.h,
** ruby.h, yamlout.h.  Everything borrows its inputs and writes to a
** caller's FILE; nothing is allocated that outlives a call.
*/
#ifndef KK_EXPORT_H
#define KK_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "core/deck/deck.h"
#include "core/base/alloc.h"
#include "core/base/err.h"

/* Anki text import (tab-separated, one note per line) with the header
** lines Anki reads:
**   #separator:tab  #html:true  #guid column:1  #notetype column:2
**   #deck column:3  #tags column:6
** Columns: guid (the card id), note type, deck (the deck title), the two
** fields, tags.  cloze -> "Cloze" (Text, Back Extra; {{cN::...}} kept),
** basic -> "Basic", reversed -> "Basic (and reversed card)", every other
** type -> "Basic" with the question (and options or scrambled items) on
** the front and the answer on the back.  Text is HTML-escaped, newlines
** become <br>, furigana 漢字[かんじ] becomes <ruby>漢字<rt>かんじ</rt></ruby>. */
kk_Status kk_export_anki(kk_Deck *const *decks, size_t n, FILE *f, kk_Err *err);

/* CSV (RFC 4180, CRLF) with a header row and one row per card:
** id,type,front,back,tags,source -- front/back as plain text for reading
** (options and answers spelled out, the explanation after the answer),
** tags space-separated, source "DOC § SECTION (line N)" -- then the
** columns `kioku import csv` rebuilds the card from: explanation,
** question (the card's own text), options, feedback (one line per
** option), answer (choice: "1,3"; typed: one accepted answer per line;
** numeric: the value; truefalse: true|false; basic, reversed, cloze: the
** back), tolerance, unit, items (order, one per line, in order). */
kk_Status kk_export_csv(kk_Deck *const *decks, size_t n, FILE *f, kk_Err *err);

/* A scrambled but deterministic order of an order card's first
** KK_EXPORT_SCRAMBLE_MAX items into perm: by hash of id and item, rotated
** if it happens to equal the answer. */
#define KK_EXPORT_SCRAMBLE_MAX KK_DECK_MAX_ORDER_ITEMS
void kk_export_scramble(const kk_Card *c, size_t *perm);

/* A card's source as "DOC § SECTION (line N)" (parts left out when not
** given; nothing without a doc), and back: *doc and *section become
** strings in ar (NULL when absent), *line 0 when absent.  Returns 0 when
** out of memory. */
void kk_export_source(FILE *f, const kk_Card *c);
int kk_export_source_parse(const char *s, kk_Arena *ar, const char **doc, const char **section,
                           int *line);

/* Writes s as Anki field HTML (escaping, <br>, <ruby>) to f. */
void kk_export_html(FILE *f, const char *s);

/* The longest deck id kk_import_csv takes: card ids are made from it
** ("<deck id>-<8 hex>-<n>") and must stay within KK_DECK_MAX_ID. */
#define KK_IMPORT_MAX_DECK_ID 100

typedef struct kk_ImportOptions {
  const char *csv_name; /* file name for source.doc and defaults; required */
  const char *deck_id;  /* NULL: "csv-" + the file name's stem, slugged */
  const char *title;    /* NULL: the file name's stem */
  const char *lang;     /* NULL: detected from the text */
} kk_ImportOptions;

/* Reads a two-column CSV (front,back; comma or tab separated, detected; an
** optional header row such as "front,back" or "表,裏" is skipped) from
** buf[0..len) and writes a draft YAML deck of basic cards to f, with ids
** "<deck-id>-<8 hex>" hashed from the front (stable when the back or the
** row order changes).  *ncards (may be NULL) gets the number of cards.
** Errors (KK_ERR_PARSE, KK_ERR_INVALID -- also for a file without rows --,
** KK_ERR_LIMIT, KK_ERR_NOMEM) carry path = csv_name and the line of the
** offending record. */
kk_Status kk_import_csv(const char *buf, size_t len, const kk_ImportOptions *opt, FILE *f,
                        size_t *ncards, kk_Err *err);

#endif
