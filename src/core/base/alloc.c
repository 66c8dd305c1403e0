/*
** alloc.c -- allocation with an injectable failure, and the string arena.
*/
#include "core/base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The failure hook is process-wide test state, not program state: tests
** run single-threaded and production never arms it. */
static size_t fail_at; /* 0: off; else fail when count reaches it */
static size_t count;
static size_t failures; /* allocations that returned NULL, ever */

static int should_fail(void) {
  count++;
  if (fail_at && count == fail_at) {
    failures++;
    return 1;
  }
  return 0;
}

static void *counted(void *p) {
  if (!p) failures++;
  return p;
}

size_t kk_alloc_failures(void) { return failures; }

size_t kk_alloc_fail_after(size_t n) {
  size_t was = count;
  count = 0;
  fail_at = n;
  return was;
}

size_t kk_alloc_count(void) { return count; }

void *kk_malloc(size_t n) {
  if (should_fail()) return NULL;
  return counted(malloc(n ? n : 1));
}

void *kk_calloc(size_t nmemb, size_t size) {
  if (should_fail()) return NULL;
  if (size && nmemb > SIZE_MAX / size) return counted(NULL);
  return counted(calloc(nmemb ? nmemb : 1, size ? size : 1));
}

void *kk_realloc(void *p, size_t n) {
  if (should_fail()) return NULL;
  return counted(realloc(p, n ? n : 1));
}

void kk_free(void *p) { free(p); }

char *kk_strndup(const char *s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char *d = kk_malloc(len + 1);
  if (!d) return NULL;
  memcpy(d, s, len);
  d[len] = '\0';
  return d;
}

char *kk_strdup(const char *s) { return kk_strndup(s, strlen(s)); }

/* ---- growing arrays --------------------------------------------------------*/

size_t kk_grow_cap(size_t cap, size_t need, size_t elem, size_t first) {
  size_t most = elem ? SIZE_MAX / elem : SIZE_MAX;
  if (need > most) return 0;
  size_t nc = cap ? cap : first ? first : 1;
  if (nc > most) nc = most;
  while (nc < need) nc = nc > most / 2 ? most : nc * 2;
  return nc;
}

void *kk_realloc_array(void *p, size_t n, size_t elem) {
  if (!n || (elem && n > SIZE_MAX / elem)) return counted(NULL);
  return kk_realloc(p, n * elem);
}

void *kk_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first) {
  if (p && need <= *cap) return p;
  size_t nc = kk_grow_cap(*cap, need, elem, first);
  if (!nc) return counted(NULL);
  void *np = kk_realloc_array(p, nc, elem);
  if (np) *cap = nc;
  return np;
}

/* ---- arena ---------------------------------------------------------------*/

struct kk_ArenaBlock {
  kk_ArenaBlock *next;
  size_t used, cap;
  max_align_t data[]; /* cap bytes follow */
};

#define ARENA_BLOCK 65536u

void *kk_arena_alloc(kk_Arena *a, size_t n) {
  /* every arena allocation is a point the test hook can fail, not only
  ** the ones that need a new block: out-of-memory walks reach them all */
  if (should_fail()) return NULL;
  const size_t align = _Alignof(max_align_t);
  if (n > SIZE_MAX - align) return NULL;
  n = (n + align - 1) / align * align;
  kk_ArenaBlock *b = a->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    if (cap > SIZE_MAX - sizeof *b) return NULL;
    b = kk_malloc(sizeof *b + cap);
    if (!b) return NULL;
    b->used = 0;
    b->cap = cap;
    /* Blocks form a stack, newest first, so a mark can release them. */
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)b->data + b->used;
  b->used += n;
  a->total += n;
  return p;
}

char *kk_arena_strndup(kk_Arena *a, const char *s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char *d = kk_arena_alloc(a, len + 1);
  if (!d) return NULL;
  memcpy(d, s, len);
  d[len] = '\0';
  return d;
}

char *kk_arena_strdup(kk_Arena *a, const char *s) { return kk_arena_strndup(a, s, strlen(s)); }

void *kk_arena_grow(kk_Arena *a, void *p, size_t n, size_t *cap, size_t need, size_t elem,
                    size_t first) {
  if (p && need <= *cap) return p;
  size_t nc = kk_grow_cap(*cap, need, elem, first);
  if (!nc || (elem && nc > SIZE_MAX / elem)) return counted(NULL);
  void *np = kk_arena_alloc(a, nc * elem);
  if (!np) return NULL;
  if (n && p) memcpy(np, p, n * elem);
  *cap = nc;
  return np;
}

void kk_arena_free(kk_Arena *a) {
  if (!a) return;
  kk_ArenaBlock *b = a->head;
  while (b) {
    kk_ArenaBlock *next = b->next;
    kk_free(b);
    b = next;
  }
  a->head = NULL;
  a->total = 0;
}

kk_ArenaMark kk_arena_mark(const kk_Arena *a) {
  kk_ArenaMark m = {a->head, a->head ? a->head->used : 0, a->total};
  return m;
}

void kk_arena_release(kk_Arena *a, kk_ArenaMark m) {
  while (a->head && a->head != m.block) {
    kk_ArenaBlock *next = a->head->next;
    kk_free(a->head);
    a->head = next;
  }
  if (a->head) a->head->used = m.used;
  a->total = m.total;
}
