/*
** gen_int.h -- shared internals of the deck generator (gen.c: document
** structure, ranking, output; gen_mine.c and gen_list.c: the candidate
** miners; gen_ctx.c: what to ask, context, distractors; gen_morph.c:
** MeCab).  Not a public header: only gen*.c include it.  A Gen owns its
** lines, candidates, terms, figures, MeCab tagger and arena; candidate
** strings live in the arena until kk_gen_deck returns.
*/
#ifndef KK_GEN_INT_H
#define KK_GEN_INT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/gen/gen.h"
#include "core/gen/gen_morph.h"
#include "core/gen/gen_text.h"

#define MAX_CLOZES 3
#define LIST_MIN 3
#define LIST_MAX 10
#define LABEL_MAX_CP 40
#define SENTENCE_MIN_CP 8

enum { L_BLANK, L_TEXT, L_HEADING, L_ITEM, L_TABLE, L_TABLESEP, L_SKIP };
enum { M_NONE, M_BULLET, M_NUMBER };

typedef struct Line {
  const char *s; /* the raw line, without its newline */
  size_t len;
  int kind, marker, indent;
  const char *text; /* content: without indent, list marker, '#'s */
  size_t tlen;
  int section; /* index of the heading line it is under, -1 if none */
} Line;

typedef struct Cand {
  kk_GenKind kind;
  const char *front, *back, *key; /* key: text compared for near-duplicates */
  const char **items;
  size_t nitems, answer;
  int section, line; /* heading line index, 1-based document line */
  double score, adj;
  int list;            /* missing: the list it comes from */
  kk_GenBigrams bg;    /* of key, computed when the card is considered */
  const char *expl;    /* explanation: the source sentence, section and line */
  const char *akind;   /* cloze with one answer: its kind ("C:country",
                        "U:N億ドル", "H:構想"), for same-kind distractors */
  const char *against; /* id of an existing card asking the same, or NULL */
  char id[48];
} Cand;

/* A term of the document (a noun compound, proper noun or loanword found by
** MeCab): how central it is, and its kind for distractors. */
typedef struct Term {
  const char *s; /* arena */
  size_t n;
  int count, nsec, last_sec;
  int heading, summary; /* seen in a heading / in a summary section */
  int title;            /* a single word of the document's title (日本, ISS):
                           what the whole text is about, too easy to ask */
  int in_title;         /* a phrase of the title (洋上風力発電, Panama Canal):
                           asked only where a sentence defines it */
  int proper;           /* proper noun, compound or loanword */
  const char *kind;     /* "C:country", "H:構想", ... or NULL */
} Term;

/* A figure of the document and its unit key, for same-kind distractors. */
typedef struct Fig {
  const char *s, *kind;
} Fig;

/* A span of a sentence that is one term: MeCab tokens [t0, t1). */
typedef struct Compound {
  size_t start, end;
  size_t head; /* where its last word starts */
  int ntok;
  unsigned flags; /* KK_TOKF_* of a proper noun in it */
  int katakana;   /* all katakana (a loanword) */
  int loan;       /* has a katakana word in it */
} Compound;

typedef struct Gen {
  const kk_GenOptions *opt;
  const char *prefix, *lang;
  int markdown; /* the document is Markdown: strip inline markup */
  kk_Arena arena;
  Line *lines;
  size_t nlines;
  Cand *cands;
  size_t ncands, acands;
  /* labels of every usable list, for distractors */
  const char **pool;
  int *pool_list;
  size_t npool, apool;
  int nlists;
  /* cloze answers of the kept cards and how often each is asked */
  const char **answers;
  size_t *answer_len, *answer_n;
  size_t nanswers, aanswers;
  kk_GenStats st;
  int oom;
  /* Japanese morphology (NULL: rule-based) and the document's terms */
  kk_GenMorph *morph;
  Term *terms;
  size_t nterms, aterms;
  size_t *term_ix; /* open addressing: index + 1, 0 empty */
  size_t term_cap;
  Fig *figs;
  size_t nfigs, afigs;
  int pass; /* 0: collect terms and figures; 1: draft cards */
  /* the previous sentence of the same section, for context */
  const char *prev;
  size_t prev_n;
  int prev_section, prev_line, prev_anaphor;
  int title_line; /* the first heading, -1 if none */
  /* key-term answers already asked, by section: one card per term and section */
  const char **asked;
  size_t *asked_len;
  int *asked_sec;
  size_t nasked, aasked;
} Gen;

static inline int is_space_b(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static inline void trim(const char **s, size_t *len) {
  while (*len && is_space_b(**s)) (*s)++, (*len)--;
  /* U+3000 ideographic space at either end */
  while (*len >= 3 && memcmp(*s, "\xE3\x80\x80", 3) == 0) *s += 3, *len -= 3;
  while (*len && (is_space_b((*s)[*len - 1]))) (*len)--;
  while (*len >= 3 && memcmp(*s + *len - 3, "\xE3\x80\x80", 3) == 0) *len -= 3;
}

static inline int starts(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  return len >= n && memcmp(s, p, n) == 0;
}

static inline int ends(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  return len >= n && memcmp(s + len - n, p, n) == 0;
}

static inline int contains(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  if (n == 0) return 1;
  if (n > len) return 0;
  /* compare only where the first byte matches */
  const char *end = s + (len - n) + 1; /* a match starts before end */
  for (const char *q = s; (q = memchr(q, p[0], (size_t)(end - q))) != NULL; q++)
    if (memcmp(q + 1, p + 1, n - 1) == 0) return 1;
  return 0;
}

/* Sentence-final or clause-final punctuation at the end of a line. */
static inline int ends_punct(const char *s, size_t len) {
  static const char *const p[] = {"。", "．", "！", "？", "、", "，", "：", "；",
                                  ".",  "!",  "?",  ",",  ":",  ";",  NULL};
  for (size_t i = 0; p[i]; i++)
    if (ends(s, len, p[i])) return 1;
  return 0;
}

/* Sections whose lists and sentences are bibliography, not content. */
static inline int reference_section(const Gen *g, int section) {
  if (section < 0) return 1;
  const Line *h = &g->lines[section];
  static const char *const words[] = {
      "参考", "引用", "出典", "References", "Sources", "Bibliography", "Further reading", NULL};
  for (size_t i = 0; words[i]; i++)
    if (contains(h->text, h->tlen, words[i])) return 1;
  return 0;
}

static inline char *adup(Gen *g, const char *s, size_t n) {
  char *r = kk_arena_strndup(&g->arena, s, n);
  if (!r) g->oom = 1;
  return r;
}

/* Copies a growable string (core/buf.h) into the arena and empties it. */
static inline char *sb_done(Gen *g, kk_Buf *b) {
  char *r = NULL;
  if (b->oom)
    g->oom = 1;
  else
    r = adup(g, b->p ? b->p : "", b->n);
  kk_free(b->p);
  *b = (kk_Buf){0};
  return r;
}

static inline Cand *new_cand(Gen *g, kk_GenKind kind, int section, int line) {
  if (g->ncands == g->acands) {
    Cand *nc = kk_grow(g->cands, &g->acands, g->ncands + 1, sizeof *nc, 64);
    if (!nc) {
      g->oom = 1;
      return NULL;
    }
    g->cands = nc;
  }
  Cand *c = &g->cands[g->ncands++];
  memset(c, 0, sizeof *c);
  c->kind = kind;
  c->section = section;
  c->line = line;
  g->st.found[kind]++;
  return c;
}

static inline int ja(const Gen *g) { return strcmp(g->lang, "ja") == 0; }

/* Any brace: text next to a cloze marker must not extend it ("{2028" would
** become "{{{c1::2028}}"), so texts with braces are not made into cards. */
static inline int has_markup(const char *s, size_t n) {
  return memchr(s, '{', n) != NULL || memchr(s, '}', n) != NULL;
}

/* ASCII control characters (tab included): not wanted inside an answer. */
static inline int has_control(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) return 1;
  return 0;
}

static inline uint64_t hash_str(uint64_t h, const char *s) { return kk_hash_text(s, strlen(s), h); }

/* Sentence context and choice (gen_ctx.c). */
/* 1 for captions, boilerplate and credit lines: not asked about. */
int kk_gen_ctx_skip(const char *s, size_t n);
/* 1 if the sentence starts with a word that points at a neighbour
** (これは, 同構想は, その, This, It, ...). */
int kk_gen_ctx_anaphor(const Gen *g, const char *s, size_t n);
/* Rewrites a leading 同X / その X to the nearest preceding noun phrase
** ending in X (in prev); returns the new sentence (arena) or NULL. */
char *kk_gen_ctx_resolve(Gen *g, const char *s, size_t n, const char *prev, size_t pn);
/* 1 if the sentence is about an event on its date (signed, began, ...). */
int kk_gen_ctx_event(const char *s, size_t n);
/* 1 if the Japanese sentence has a topic (は, には, では); 1 for English
** and without MeCab. */
int kk_gen_ctx_has_topic(Gen *g, const char *s, size_t n);
/* 1 if the sentence has a subject (Japanese: a は or が; English: a word
** before the verb). */
int kk_gen_ctx_has_subject(Gen *g, const char *s, size_t n);
/* Noun compounds of s by MeCab; returns their count (may exceed max). */
size_t kk_gen_ctx_compounds(Gen *g, const char *s, size_t n, Compound *out, size_t max);
/* Figures of s: the rule-based ones (gen_text.c) and, with MeCab, numbers
** with their units (10ギガワット, 30基); sorted, at most max. */
size_t kk_gen_ctx_figures(Gen *g, const char *s, size_t n, kk_GenSpan *out, size_t max);
/* Pass 0: notes the terms and figures of a sentence or heading. */
void kk_gen_ctx_note(Gen *g, const char *s, size_t n, int section, int heading);
/* The term s[0..n) of the table, or NULL. */
const Term *kk_gen_ctx_term(const Gen *g, const char *s, size_t n);
/* How central a term is (0: not worth asking). */
double kk_gen_ctx_centrality(const Term *t);
/* The unit key of a figure ("U:N%", "U:Y年", "U:N億ドル"), arena. */
const char *kk_gen_ctx_fig_kind(Gen *g, const char *s, size_t n);
/* Turns a kept single-answer cloze into a choice or true/false card with
** same-kind distractors from the document, for about two drafts in three
** (chosen by hash) when there are enough distractors. */
void kk_gen_ctx_convert(Gen *g, Cand *c);
/* The kind of a list label, for "which is missing" distractors: the last
** word of its last noun phrase (MeCab), else its last two characters
** (Japanese) or last word (English); arena, or NULL. */
const char *kk_gen_ctx_label_kind(Gen *g, const char *s);
/* 1 for a heading of a summary (まとめ, 要約, Summary, ...). */
int kk_gen_ctx_summary(const Line *h);
void kk_gen_ctx_free(Gen *g);

/* The miners, run in this order by kk_gen_deck: sentences (gen_mine.c,
** once per pass), then lists, their "missing" cards and tables
** (gen_list.c). */
void kk_gen_mine_sentences(Gen *g);
/* Appends Markdown text without its inline markup (**strong**, `code`,
** [text](url) keeps its text). */
void kk_gen_mine_inline_md(kk_Buf *b, const char *s, size_t n);
void kk_gen_list_mine(Gen *g);
void kk_gen_list_missing(Gen *g);
void kk_gen_list_tables(Gen *g);

#endif
