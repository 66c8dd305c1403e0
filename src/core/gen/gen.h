/*
** gen.h -- the deck generator behind `kioku gen`: a UTF-8 text or Markdown
** document in, a ranked, de-duplicated draft YAML deck of cards cut from it
** out, with provenance and ids stable across edits (docs/gen.md).
** Depends on alloc.h, err.h, yamlout.h, deck.h and, when built with it,
** MeCab.  Borrows its input; writes to a caller's FILE; deterministic (no
** clock, no randomness).
*/
#ifndef KK_GEN_H
#define KK_GEN_H

#include <stddef.h>
#include <stdio.h>

#include "core/base/err.h"
#include "core/deck/deck.h"

typedef enum {
  KK_GEN_FIGURE,     /* cloze on percentages, amounts, years, dates, counts */
  KK_GEN_TERM,       /* cloze on quoted terms 「…」 “…” */
  KK_GEN_DEFINITION, /* basic: "what is X" from a heading's defining sentence */
  KK_GEN_ORDER,      /* order: the items of a numbered list */
  KK_GEN_MISSING,    /* choice: which item of a list is missing */
  KK_GEN_TABLE,      /* cloze on the cells of a table row */
  KK_GEN_KEYTERM,    /* cloze on a central term found by MeCab (ja) */
  KK_GEN_CHOICE,     /* choice: the blanked term or figure among same-kind ones */
  KK_GEN_TRUEFALSE,  /* truefalse: the sentence, or it with a same-kind term swapped */
  KK_GEN_KIND_COUNT
} kk_GenKind;

/* "figure", "term", ...; NULL out of range. */
const char *kk_gen_kind_name(kk_GenKind k);

typedef struct kk_GenOptions {
  const char *doc_name;     /* written as source.doc; the file's base name */
  const char *deck_id;      /* NULL: "gen-" + the doc name's stem, slugged */
  const char *title;        /* NULL: the first heading + "（自動生成）" or
                            " (generated)", else the doc name */
  const char *lang;         /* "ja", "en", or NULL to detect from the text */
  const char *id_prefix;    /* card id prefix; NULL: "gen-" */
  size_t max_cards;         /* 0 or above KK_GEN_MAX_CARDS: KK_GEN_MAX_CARDS */
  int no_morph;             /* 1: do not use MeCab (the rule-based fallback) */
  const char *mecab_dicdir; /* MeCab dictionary folder; NULL: its default */
  /* existing decks (borrowed): a draft that asks the same answer term as
  ** one of their cards in the same document section is dropped */
  const kk_Deck *const *against;
  size_t nagainst;
  int against_mark; /* 1: keep such drafts, marked with a comment naming the card */
} kk_GenOptions;

typedef struct kk_GenStats {
  size_t found[KK_GEN_KIND_COUNT]; /* candidates of each kind */
  size_t kept[KK_GEN_KIND_COUNT];  /* written to the deck */
  size_t duplicates;               /* dropped: near-duplicates, repeated answers */
  size_t headings, sentences, lists, tables;
  size_t skipped;  /* sentences skipped: captions, boilerplate, no subject */
  size_t context;  /* drafts dropped: they still needed a neighbour sentence */
  size_t widened;  /* drafts widened to the previous sentence */
  size_t resolved; /* 同X / その… resolved to the preceding noun phrase */
  size_t against;  /* drafts that ask the same as a card of opt->against
                        (dropped, or marked with against_mark) */
  int morph;       /* 1 MeCab segmented the text; 0 not asked (English or
                        no_morph); -1 unavailable, see morph_why */
  char morph_why[256];
} kk_GenStats;

/* Writes a draft deck generated from text[0..len) to out.  stats may be
** NULL.  Errors: KK_ERR_PARSE for invalid UTF-8 or a NUL byte (err has the
** line and column), KK_ERR_USAGE for bad options, KK_ERR_NOMEM, KK_ERR_LIMIT
** for a document over KK_GEN_DOC_MAX bytes. */
#define KK_GEN_DOC_MAX (16u << 20)
#define KK_GEN_MAX_CARDS 2000
kk_Status kk_gen_deck(const char *text, size_t len, const kk_GenOptions *opt, FILE *out,
                      kk_GenStats *stats, kk_Err *err);

/* ---- building blocks, exposed for tests ----------------------------------- */

/* Returns the byte offset just past the sentence that starts at s[start]
** (Japanese 。！？ outside 「」『』（）, English . ! ? followed by a space
** and not after an abbreviation such as "U.S." or inside a decimal). */
size_t kk_gen_sentence_end(const char *s, size_t len, size_t start);

/* Finds the figures in s[0..len): writes up to max (start, end) byte pairs
** into spans and returns how many there are (may exceed max). */
size_t kk_gen_find_figures(const char *s, size_t len, size_t *spans, size_t max);

#endif
