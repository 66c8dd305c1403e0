/*
** yamlout.h -- a small YAML emitter for writing decks (drafts from `kioku
** gen` and `kioku import csv`): scalars quoted only when they must be, with
** escapes for control characters and YAML line breaks, Japanese written as
** is.  Depends on deck.h (card type names).  Everything here borrows its
** input and writes to a caller's FILE.
*/
#ifndef KK_YAMLOUT_H
#define KK_YAMLOUT_H

#include <stddef.h>
#include <stdio.h>

#include "core/deck/deck.h"

/* 1 if s can be written as a plain YAML scalar and reads back as the same
** string (not a number, bool or null, no indicator or line break). */
int kk_yaml_plain_ok(const char *s);
/* Writes s as a scalar: plain when kk_yaml_plain_ok, else double-quoted
** with \" \\ \n \t \xNN \N \L \P \uFEFF escapes. */
void kk_yaml_write_scalar(FILE *f, const char *s);

/* A card as written to a draft deck; every pointer borrowed. */
typedef struct kk_DraftCard {
  const char *id;
  kk_CardType type;
  const char *front;        /* basic front; cloze text; choice/order question;
                         truefalse statement */
  const char *back;         /* basic back; cloze extra (may be NULL) */
  const char *const *items; /* choice options / order items */
  size_t nitems;
  size_t answer;               /* choice: 1-based index of the correct option */
  const int *correct;          /* choice: per option 1 if correct (several allowed);
                         NULL: `answer` alone */
  const char *const *feedback; /* choice: per option feedback or NULL; the
                         options are then written as mappings */
  const char *const *answers;  /* typed: accepted answers, the first shown */
  size_t nanswers;
  double value, tolerance; /* numeric */
  const char *unit;        /* numeric: NULL if none */
  const char *image;       /* NULL: none; a path relative to the deck file */
  int truth;               /* truefalse: 1 true, 0 false */
  const char *explanation; /* NULL: none */
  const char *const *tags;
  size_t ntags;
  const char *src_doc, *src_section; /* NULL: no source */
  int src_line;                      /* 0: not written */
  const char *origin;                /* "gen", "hand" or NULL (not written) */
  const char *comment;               /* written as a "# ..." line above the card, or NULL */
} kk_DraftCard;

/* Why a deck cannot hold draft card c, by the loader's own rules: a
** choice of more than KK_DECK_MAX_OPTIONS options, an order of more than
** KK_DECK_MAX_ORDER_ITEMS items, a text longer than KK_DECK_MAX_TEXT, a
** cloze text kk_cloze_parse refuses.  (The id is the importer's to make
** valid: kk_deck_valid_id.)
** Writes the reason (translated, e.g. "27 options, more than a choice card
** holds (26)") into why[0..size) and returns 1; returns 0 when it fits.
** Every importer asks before writing, so one such card is skipped with a
** message instead of making the whole deck fail to load. */
int kk_draft_misfit(const kk_DraftCard *c, char *why, size_t size);

typedef struct kk_DraftDeck {
  const char *id, *title, *language, *description; /* description may be NULL */
  const char *const *sources;
  size_t nsources;
  const char *const *tags;
  size_t ntags;
  const char *header; /* comment lines written first ("# " added), or NULL */
  const kk_DraftCard *cards;
  size_t ncards;
} kk_DraftDeck;

/* Writes the deck in the format of deck.h, two-space indents, one blank
** line between cards.  Deterministic: the same draft gives the same bytes. */
void kk_yaml_write_deck(FILE *f, const kk_DraftDeck *d);

#endif
