/*
** gen_text.h -- text helpers of the deck generator (internal to gen*.c):
** sentence ends, figure spans and similarity for near-duplicate detection.
** Depends on base/hash.h and base/utf8.h (the one hash and UTF-8 decoder,
** which the generator's files use through this header).  Inputs are
** borrowed byte ranges; only the similarity functions allocate (through
** alloc.h; kk_gen_similarity degrades to exact comparison when that fails).
*/
#ifndef KK_GEN_TEXT_H
#define KK_GEN_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "core/base/hash.h"
#include "core/base/utf8.h"

/* A figure found in a sentence: bytes [start, end) and how useful a cloze
** on it is (5 amounts and percentages ... 1 article numbers). */
typedef struct kk_GenSpan {
  size_t start, end;
  int weight;
} kk_GenSpan;

/* Figures in s[0..len), in order, non-overlapping; returns the count found
** (may exceed max; only max are written). */
size_t kk_gen_figures(const char *s, size_t len, kk_GenSpan *out, size_t max);
/* Similarity in [0,1] of two texts: Dice coefficient of their code-point
** bigrams, ignoring cloze markup, spaces and punctuation.  For many
** comparisons, compute each text's bigrams once (kk_gen_bigrams: a new
** sorted array, caller kk_frees .v; .oom set when memory ran out) and
** compare them with kk_gen_dice. */
#define KK_GEN_SKETCH 8
typedef struct kk_GenBigrams {
  uint64_t *v;
  size_t n;
  int oom;
  /* MinHash sketch: texts with Dice >= 0.8 share at least one of these
  ** minima with probability above 0.999, so comparing sketches first
  ** skips most of the unrelated pairs cheaply */
  uint64_t sketch[KK_GEN_SKETCH];
} kk_GenBigrams;
kk_GenBigrams kk_gen_bigrams(const char *s);
double kk_gen_dice(const kk_GenBigrams *a, const kk_GenBigrams *b);
/* 1 if the two sketches share a minimum (a possible near-duplicate). */
int kk_gen_sketch_meet(const kk_GenBigrams *a, const kk_GenBigrams *b);
double kk_gen_similarity(const char *a, const char *b);

#endif
