/*
** qbank.h -- a question bank read from another program (GIFT, Moodle XML)
** on its way to a Kioku deck: draft cards, their images, and the one
** all-or-nothing writer of the deck file and the images beside it.
** Depends on yamlout.h, load.h, atomic.h.  A kk_Qbank is zero-initialised
** by the caller and owns everything in it (kk_qbank_free); strings live in
** its arena.
*/
#ifndef KK_QBANK_H
#define KK_QBANK_H

#include <stddef.h>

#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/err.h"
#include "core/deck/deck.h"
#include "core/deck/yamlout.h"

#define KK_QBANK_MAX_IMAGE ((size_t)16 << 20)

typedef struct kk_QbankImage {
  const char *name; /* a file name without folders */
  const char *data; /* in the arena */
  size_t len;
} kk_QbankImage;

typedef struct kk_Qbank {
  kk_Arena ar;
  kk_DraftCard *cards;
  size_t ncards, acards;
  kk_QbankImage *images;
  size_t nimages, aimages;
  const char *title; /* NULL: from the file name; the first category else */
} kk_Qbank;

typedef struct kk_QbankOptions {
  const char *name;       /* the input's file name: source.doc and defaults */
  const char *deck_id;    /* NULL: the file name's stem, slugged */
  const char *title;      /* NULL: q->title, else the file name's stem */
  const char *lang;       /* NULL: detected from the text */
  int force;              /* replace existing files */
  const char *first_line; /* written before the deck (an editor modeline); NULL: none */
} kk_QbankOptions;

/* A new zeroed card at the end (NULL when out of memory). */
kk_DraftCard *kk_qbank_add(kk_Qbank *q);
/* Copies s[0..n) into the arena (NULL when out of memory). */
char *kk_qbank_str(kk_Qbank *q, const char *s, size_t n);
/* Adds an image (data copied); its name must be a plain file name. */
kk_Status kk_qbank_image(kk_Qbank *q, const char *name, const void *data, size_t len, kk_Err *err);
void kk_qbank_free(kk_Qbank *q); /* q may be NULL */
/* Drops the cards a deck could not hold (kk_draft_misfit: too many
** options or items, a text too long to show), each with a warning in
** diags (may be NULL) at path and the card's line, so the rest of the bank
** imports (one such question made the whole deck fail to load).  Returns
** how many were dropped.  Every importer of a question bank calls it last. */
size_t kk_qbank_drop_oversize(kk_Qbank *q, const char *path, kk_Diags *diags);

/* Gives every card an id (its own when it is valid and unique, else one
** derived from its text), a source (the file) and writes the deck to
** yaml_path and the images beside it, after checking that the deck loads.
** Nothing is written unless everything can be; an existing file is kept
** unless opt->force. */
kk_Status kk_qbank_write(kk_Qbank *q, const kk_QbankOptions *opt, const char *yaml_path,
                         kk_Err *err);

/* The fraction of a choice's score an option earns in Kioku's per_option
** rule: 1/ncorrect for a correct option, -1/nwrong for a wrong one. */
double kk_qbank_fraction(int correct, size_t ncorrect, size_t noptions);
/* A fraction as Moodle writes percentages: 100*fr with at most five
** decimals, trailing zeros cut ("50", "33.33333", "-100"). */
void kk_qbank_percent(char *buf, size_t size, double fr);

/* ---- export helpers ------------------------------------------------------ */

/* What a bank export writes: categories of cards.  A deck is one category
** (its title); an exam's pool is one ("EXAM TITLE/POOL NAME"). */
typedef struct kk_QbankSection {
  const char *category;  /* the name under $course$/top/ */
  const kk_Deck **decks; /* per card: the deck it is in (for reports) */
  const kk_Card **cards;
  size_t n, cap;
} kk_QbankSection;

typedef struct kk_QbankSections {
  kk_QbankSection *v;
  size_t n, cap;
  kk_Arena ar; /* owns the arrays and category names */
} kk_QbankSections;

/* Adds a category with room for cap cards (NULL when out of memory). */
kk_QbankSection *kk_qbank_section(kk_QbankSections *s, const char *category, size_t cap);
/* Adds card c of deck d to sec (at most its cap). */
void kk_qbank_section_add(kk_QbankSection *sec, const kk_Deck *d, const kk_Card *c);
/* One section per deck, every card.  KK_ERR_NOMEM or KK_OK. */
kk_Status kk_qbank_sections_decks(kk_QbankSections *s, kk_Deck *const *decks, size_t n);
void kk_qbank_sections_free(kk_QbankSections *s); /* s may be NULL */

/* Reports what a format cannot hold of card c of deck d: a warning at the
** card's line in the deck file ("card 'ID': ..."). report may be NULL. */
void kk_qbank_report(kk_Diags *report, const kk_Deck *d, const kk_Card *c, const char *fmt, ...)
    KK_PRINTF(4, 5);
/* The one note for a basic or reversed card written as a short-answer
** question (GIFT and Moodle XML both do it): what the student must type,
** and that the reverse direction is dropped. */
void kk_qbank_report_short_answer(kk_Diags *report, const kk_Deck *d, const kk_Card *c);

/* s as HTML (escapes, <br>, <ruby>): a new string, caller free()s it; NULL
** when out of memory. */
char *kk_qbank_html(const char *s);

#endif
