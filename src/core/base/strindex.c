/*
** strindex.c -- positions of strings by their text (strindex.h).
*/
#include "core/base/strindex.h"

#include <string.h>

#include "core/base/alloc.h"
#include "core/base/hash.h"

int kk_strindex_init(kk_StrIndex *x, size_t n, kk_StrIndexKey key, const void *ctx) {
  memset(x, 0, sizeof *x);
  x->key = key;
  x->ctx = ctx;
  size_t cap = 16;
  while (cap / 2 < n) {
    if (cap > SIZE_MAX / 4) return 0;
    cap *= 2;
  }
  x->slot = kk_calloc(cap, sizeof *x->slot);
  if (!x->slot) return 0;
  x->cap = cap;
  return 1;
}

void kk_strindex_free(kk_StrIndex *x) {
  if (!x) return;
  kk_free(x->slot);
  x->slot = NULL;
  x->cap = x->used = 0;
}

/* The slot holding s, or the empty slot where s would go. */
static size_t probe(const kk_StrIndex *x, const char *s) {
  size_t mask = x->cap - 1, h = (size_t)kk_hash_str(s, KK_HASH_INIT) & mask;
  while (x->slot[h] && strcmp(x->key(x->ctx, x->slot[h] - 1), s) != 0) h = (h + 1) & mask;
  return h;
}

size_t kk_strindex_add(kk_StrIndex *x, size_t i) {
  if (!x->slot || x->used >= x->cap / 2) return KK_STRINDEX_NONE; /* keeps an empty slot */
  size_t h = probe(x, x->key(x->ctx, i));
  if (x->slot[h]) return x->slot[h] - 1;
  x->slot[h] = i + 1;
  x->used++;
  return KK_STRINDEX_NONE;
}

size_t kk_strindex_find(const kk_StrIndex *x, const char *s) {
  if (!x->slot) return KK_STRINDEX_NONE;
  size_t h = probe(x, s);
  return x->slot[h] ? x->slot[h] - 1 : KK_STRINDEX_NONE;
}
