/*
** deck.h -- the deck model: a deck, its cards, and the study items they
** yield.  Depends on alloc.h, diag.h.  A kk_Deck owns every string of its
** cards in one arena; kk_Card pointers and their strings are borrowed and
** valid until kk_deck_free.  Decks are built by the YAML loader (load.h).
**
** YAML keys (docs/deck-format.md has the full format and examples):
**   deck: id, title, language (ja|en|...), description, tags, sources
**         (list of document file names), settings {scheduler: fsrs|sm2,
**         retention, new_per_day, reviews_per_day, max_interval_days,
**         exam_date: YYYY-MM-DD}, cards (list).
**   card: id, type, tags, explanation, source {doc, section, line}, origin
**         (hand|gen), image (a PNG inside the deck's folder), and per type:
**     basic, reversed  front, back
**     cloze            text (with {{c1::answer}} / {{c1::answer::hint}}), back
**     choice           question, options (strings or {text, correct,
**                      feedback}), answer (1-based index or list of them;
**                      optional when options carry `correct: true`)
**     typed            question, answer (string or list of accepted strings)
**     numeric          question, answer (number), tolerance, unit
**     truefalse        statement, answer (true|false)
**     order            question, items (listed in the correct order)
*/
#ifndef KK_DECK_H
#define KK_DECK_H

#include <stddef.h>

#include "core/base/diag.h"

/* The longest text a card can show, in bytes: the loader refuses longer
** texts (with their position) and the layout draws texts up to this size,
** so no accepted text is drawn as a blank card. */
#define KK_DECK_MAX_TEXT ((size_t)1 << 18)

typedef enum {
  KK_CARD_BASIC,
  KK_CARD_REVERSED,
  KK_CARD_CLOZE,
  KK_CARD_CHOICE,
  KK_CARD_TYPED,
  KK_CARD_NUMERIC,
  KK_CARD_TRUEFALSE,
  KK_CARD_ORDER,
  KK_CARD_TYPE_COUNT
} kk_CardType;

/* "basic", "reversed", ...; NULL for an out-of-range value. */
const char *kk_card_type_name(kk_CardType t);
/* The type names in kk_CardType order, NULL-terminated. */
extern const char *const kk_card_type_names[KK_CARD_TYPE_COUNT + 1];
/* Returns 1 and sets *t if name is a card type name, else 0. */
int kk_card_type_parse(const char *name, kk_CardType *t);

typedef struct kk_Source {
  const char *doc;     /* document file name, e.g. "000_58e3e53a805f13db.txt" */
  const char *section; /* section heading as written in the document */
  int line;            /* 1-based line in the document, 0 if not given */
} kk_Source;

typedef struct kk_Option {
  const char *text;
  const char *feedback; /* NULL if none */
  int correct;          /* 1 if this option is (one of) the answer(s) */
  int fixed;            /* 1: keeps its place when options are shuffled
                           (e.g. "none of the above") */
} kk_Option;

/* The most options a choice card may have (one letter each, A to Z).  The
** loader and the exam pack reader reject more; the screens and marking
** hold this many. */
#define KK_DECK_MAX_OPTIONS 26

/* The most items an order card may have.  The loader (and so lint) rejects
** more; the drill, the exam screens and marking hold this many, so every
** card that loads can be shown and scored whole. */
#define KK_DECK_MAX_ORDER_ITEMS 100

typedef struct kk_Card {
  const char *id; /* stable id; unique across decks loaded together */
  kk_CardType type;
  int id_derived;          /* 1: no id in the file, derived from the content */
  const char *front;       /* basic/reversed front; choice/typed/numeric/order
                              question; truefalse statement; cloze text with
                              its {{cN::...}} markers */
  const char *back;        /* basic/reversed back; cloze extra; else NULL */
  const char *explanation; /* NULL if none */
  const char **tags;
  size_t ntags;
  kk_Source source;
  const char *origin; /* "hand" (default) or "gen" */
  /* an image shown with the question: as written (relative to the deck's
  ** folder) and, when loaded from a file, the checked absolute path; NULL
  ** if none */
  const char *image;
  const char *image_path;
  /* choice */
  kk_Option *options;
  size_t noptions;
  size_t ncorrect; /* >1: several correct, the student picks all */
  /* typed: accepted answers, the first is the one shown */
  const char **answers;
  size_t nanswers;
  /* numeric */
  double value, tolerance;
  const char *unit; /* NULL if none */
  /* truefalse */
  int truth;
  /* order: the items in their correct order (at most
  ** KK_DECK_MAX_ORDER_ITEMS) */
  const char **items;
  size_t nitems;
  /* cloze: the distinct cloze numbers used, ascending (c1, c2, ...) */
  int *cloze_ords;
  size_t ncloze;
  /* where the card's mapping starts in the file (1-based), and its id
  ** value (0, 0 when the id was derived) */
  int line, col;
  int id_line, id_col;
  /* typed, cloze and exam answers: 0 (default) to match hiragana with
  ** katakana, 1 to keep them apart (the deck's fold_kana: false; pass
  ** KK_TEXT_FOLD_NO_KANA to text.h's comparison) */
  int kana_exact;
} kk_Card;

/* The longest interval between reviews a deck may set, in days (Anki's
** maximum too), and the scheduler's default. */
#define KK_DECK_MAX_INTERVAL_DAYS 36500

typedef struct kk_DeckSettings {
  const char *scheduler;    /* "fsrs" (default) or "sm2" */
  double retention;         /* desired retention, 0 = default (0.9) */
  int new_per_day;          /* -1 = default (20) */
  int reviews_per_day;      /* -1 = default (200) */
  int max_interval_days;    /* 0 = default (KK_DECK_MAX_INTERVAL_DAYS) */
  const char *exam_date;    /* "YYYY-MM-DD" or NULL */
  double exam_retention;    /* recall wanted on exam day, 0 = default (0.95) */
  const char *leech_action; /* "suspend" (default) or "tag" */
  int fold_kana;            /* 1 (default): hiragana and katakana answers match */
} kk_DeckSettings;

typedef struct kk_Deck kk_Deck;

void kk_deck_free(kk_Deck *d); /* d may be NULL */

const char *kk_deck_id(const kk_Deck *d);
const char *kk_deck_title(const kk_Deck *d);
const char *kk_deck_language(const kk_Deck *d);    /* "ja" if not given */
const char *kk_deck_description(const kk_Deck *d); /* "" if not given */
const char *kk_deck_path(const kk_Deck *d);        /* as passed to the loader */
size_t kk_deck_tag_count(const kk_Deck *d);
const char *kk_deck_tag(const kk_Deck *d, size_t i);
size_t kk_deck_source_count(const kk_Deck *d);
const char *kk_deck_source(const kk_Deck *d, size_t i);
const kk_DeckSettings *kk_deck_settings(const kk_Deck *d);
size_t kk_deck_card_count(const kk_Deck *d);
const kk_Card *kk_deck_card(const kk_Deck *d, size_t i);
/* Returns the card with that id or NULL. */
const kk_Card *kk_deck_find(const kk_Deck *d, const char *id);

/* ---- study items ----------------------------------------------------------
** A card yields one or more items, each scheduled on its own: reversed
** yields "ID" and "ID#rev"; cloze one per number, "ID#c1", "ID#c2", ...;
** every other type "ID".  Progress is keyed by the item key. */
size_t kk_card_item_count(const kk_Card *c);
/* Writes item i's key into buf (always NUL-terminated); returns its length
** or -1 if it did not fit or i is out of range. */
int kk_card_item_key(const kk_Card *c, size_t i, char *buf, size_t size);
/* The cloze number of item i (0 if the card is not a cloze). */
int kk_card_item_cloze(const kk_Card *c, size_t i);
/* 1 if item i of a reversed card is the back-to-front direction. */
int kk_card_item_reversed(const kk_Card *c, size_t i);
/* Splits an item key into card id and suffix: returns the length of the
** card-id part ("a5-003#c2" -> 6). */
size_t kk_item_key_card_len(const char *key);
/* The one writer of item keys: card id's item for cloze number cloze
** ("ID#cN" when cloze > 0), the reverse direction ("ID#rev" when
** reversed), else "ID".  Into buf, always NUL-terminated; returns the
** length, or -1 if it did not fit or cloze is above KK_CLOZE_MAX_ORD
** (kk_item_key_cloze reads back every key it writes). */
int kk_item_key_write(const char *id, int cloze, int reversed, char *buf, size_t size);
/* The cloze number a key's suffix names ("a5#c2" -> 2), 0 for a key
** without a suffix, -1 for any other suffix (or a number outside
** 1..KK_CLOZE_MAX_ORD). */
int kk_item_key_cloze(const char *key);

/* ---- sets of decks loaded together -----------------------------------------
** Reports ids that occur in more than one of the n decks (error, with a note
** pointing at the first occurrence).  Returns the number of duplicates. */
size_t kk_decks_check_duplicates(kk_Deck *const *decks, size_t n, kk_Diags *diags);

#endif
