/*
** strindex.h -- positions 0..n-1 of a list of strings, found by their text:
** the one hash table behind a deck's card index and the duplicate-id checks
** of the loader and of a set of decks.  Depends on alloc.h, hash.h.
**
** The strings stay the caller's: the index keeps positions only and asks
** key(ctx, i) for the string at position i whenever it compares, so the
** strings and ctx must outlive every call on the index and not change
** while they are in it.  Open addressing with linear probing, at most half
** full; a position is added once.  A kk_StrIndex is the caller's (often
** a member of another struct); kk_strindex_free frees what it holds.
*/
#ifndef KK_STRINDEX_H
#define KK_STRINDEX_H

#include <stddef.h>
#include <stdint.h>

#define KK_STRINDEX_NONE SIZE_MAX /* no position */

typedef const char *(*kk_StrIndexKey)(const void *ctx, size_t i);

typedef struct kk_StrIndex {
  size_t *slot; /* position + 1, 0 = empty; kk_malloc'd */
  size_t cap;   /* a power of two, at least twice the positions */
  size_t used;  /* positions added */
  kk_StrIndexKey key;
  const void *ctx;
} kk_StrIndex;

/* An empty index with room for n positions.  Returns 1, or 0 when out of
** memory or n is too large (*x is then empty, and kk_strindex_find finds
** nothing). */
int kk_strindex_init(kk_StrIndex *x, size_t n, kk_StrIndexKey key, const void *ctx);
void kk_strindex_free(kk_StrIndex *x); /* x may be NULL; leaves it empty */

/* Adds position i unless a position added before has the same string:
** returns KK_STRINDEX_NONE when i was added, else that earlier position (i
** is then not added).  At most the n of init are added: past them (and on
** an index whose init failed) nothing is, and KK_STRINDEX_NONE comes back. */
size_t kk_strindex_add(kk_StrIndex *x, size_t i);

/* The first position added whose string is s, or KK_STRINDEX_NONE. */
size_t kk_strindex_find(const kk_StrIndex *x, const char *s);

#endif
