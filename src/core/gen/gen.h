/*
** gen.h -- the deck generator behind `kioku gen`: a UTF-8 text or Markdown
** document in, a ranked, de-duplicated draft YAML deck of cards cut from it
** out, with provenance and ids stable across edits (docs/gen.md).
** Depends on alloc.h, err.h, yamlout.h.  Borrows its input; writes to a
** caller's FILE; deterministic (no clock, no randomness).
*/
#ifndef KK_GEN_H
#define KK_GEN_H

#include <stddef.h>
#include <stdio.h>

#include "core/base/err.h"

typedef enum {
  KK_GEN_FIGURE,     /* cloze on percentages, amounts, years, dates, counts */
  KK_GEN_TERM,       /* cloze on quoted terms 「…」 “…” */
  KK_GEN_DEFINITION, /* basic: "what is X" from a heading's defining sentence */
  KK_GEN_ORDER,      /* order: the items of a numbered list */
  KK_GEN_MISSING,    /* choice: which item of a list is missing */
  KK_GEN_TABLE,      /* cloze on the cells of a table row */
  KK_GEN_KIND_COUNT
} kk_GenKind;

/* "figure", "term", ...; NULL out of range. */
const char *kk_gen_kind_name(kk_GenKind k);

typedef struct kk_GenOptions {
  const char *doc_name;  /* written as source.doc; the file's base name */
  const char *deck_id;   /* NULL: "gen-" + the doc name's stem, slugged */
  const char *title;     /* NULL: the first heading + "（自動生成）" or
                            " (generated)", else the doc name */
  const char *lang;      /* "ja", "en", or NULL to detect from the text */
  const char *id_prefix; /* card id prefix; NULL: "gen-" */
  size_t max_cards;      /* 0 or above KK_GEN_MAX_CARDS: KK_GEN_MAX_CARDS */
} kk_GenOptions;

typedef struct kk_GenStats {
  size_t found[KK_GEN_KIND_COUNT]; /* candidates of each kind */
  size_t kept[KK_GEN_KIND_COUNT];  /* written to the deck */
  size_t duplicates;               /* dropped: near-duplicates, repeated answers */
  size_t headings, sentences, lists, tables;
} kk_GenStats;

/* Writes a draft deck generated from text[0..len) to out.  stats may be
** NULL.  Errors: KK_ERR_PARSE for invalid UTF-8 or a NUL byte (err has the
** line and column), KK_ERR_USAGE for bad options, KK_ERR_NOMEM, KK_ERR_LIMIT
** for a document over KK_GEN_DOC_MAX bytes. */
#define KK_GEN_DOC_MAX (16u << 20)
#define KK_GEN_MAX_CARDS 2000
kk_Status kk_gen_deck(const char *text, size_t len, const kk_GenOptions *opt,
                      FILE *out, kk_GenStats *stats, kk_Err *err);

/* ---- building blocks, exposed for tests ----------------------------------- */

/* Returns the byte offset just past the sentence that starts at s[start]
** (Japanese 。！？ outside 「」『』（）, English . ! ? followed by a space
** and not after an abbreviation such as "U.S." or inside a decimal). */
size_t kk_gen_sentence_end(const char *s, size_t len, size_t start);

/* Finds the figures in s[0..len): writes up to max (start, end) byte pairs
** into spans and returns how many there are (may exceed max). */
size_t kk_gen_find_figures(const char *s, size_t len, size_t *spans, size_t max);

#endif
