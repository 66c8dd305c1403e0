/*
** alloc.h -- the one allocation entry point of the core, and a string arena.
** Depends on nothing.  Every core allocation goes through kk_malloc,
** kk_calloc, kk_realloc and is released with kk_free, so tests can make the
** n-th allocation fail (kk_alloc_fail_after) and walk every out-of-memory
** path.  Sizes that come from input are checked by the caller; these
** functions return NULL on overflow as on exhaustion, they never abort.
*/
#ifndef KK_ALLOC_H
#define KK_ALLOC_H

#include <stddef.h>

void *kk_malloc(size_t n);
void *kk_calloc(size_t count, size_t size);
void *kk_realloc(void *p, size_t n);
void kk_free(void *p);
/* Returns a new copy of s (len bytes, NUL-terminated); caller kk_frees. */
char *kk_strndup(const char *s, size_t len);
char *kk_strdup(const char *s);

/* ---- growing arrays: the one rule --------------------------------------
** An array of *cap elements of elem bytes grows to the first of
** first, 2*first, 4*first ... (or *cap, 2 * *cap ... once it has a
** capacity) that holds need elements.  Doubling that would pass what
** size_t can address stops at the largest count that fits; a need that
** cannot fit at all is refused.  Allocation goes through kk_realloc, so
** the out-of-memory hook reaches every growth. */

/* Returns the capacity for need elements by the rule above: *cap itself
** when it already holds need, 0 when need elements of elem bytes overflow
** size_t.  first = 0 counts as 1. */
size_t kk_grow_cap(size_t cap, size_t need, size_t elem, size_t first);
/* kk_realloc of n elements of elem bytes; NULL (p untouched) when n is 0
** (kk_grow_cap's refusal, so the pair needs no check between them) or
** n * elem overflows, counted as a failed allocation.  For arrays that
** grow side by side: na = kk_grow_cap(...) once, then this for each. */
void *kk_realloc_array(void *p, size_t n, size_t elem);
/* Grows the array p (NULL for none) of *cap elements to hold need.
** Returns the array, which takes the place of p, and sets *cap; returns p
** unchanged when it already holds need.  Returns NULL on overflow or out
** of memory: then p and *cap are untouched and p stays the caller's to
** free with kk_free.  The usual call, before storing element n:
**   T *v = kk_grow(x->v, &x->cap, x->n + 1, sizeof *v, 16);
**   if (!v) return KK_ERR_NOMEM;
**   x->v = v; */
void *kk_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first);

/* Test hook: the n-th allocation from now fails (n = 1: the next one) and
** every later one succeeds; n = 0 turns the hook off.  Allocations are the
** calls of kk_malloc, kk_calloc, kk_realloc and every kk_arena_alloc (even
** one its current block can hold), so a walk reaches them all.  Returns how
** many allocations have been counted since the last call, so a test can
** first count a whole operation, then fail each allocation in turn. */
size_t kk_alloc_fail_after(size_t n);
/* Number of allocations since the last kk_alloc_fail_after call. */
size_t kk_alloc_count(void);
/* How many allocations have failed since the program started (the hook's
** and real ones).  A writer whose helpers cannot report a failure (marks
** computed as numbers) compares it before and after, as ferror does for a
** stream. */
size_t kk_alloc_failures(void);

/* ---- arena: many small strings freed at once ----------------------------
** A kk_Arena owns every block it hands out; they stay valid until
** kk_arena_free.  Zero-initialise a kk_Arena before first use. */
typedef struct kk_ArenaBlock kk_ArenaBlock;
typedef struct kk_Arena {
  kk_ArenaBlock *head;
  size_t total; /* bytes handed out, for limits and figures */
} kk_Arena;

/* Returns n bytes aligned for any type, or NULL. */
void *kk_arena_alloc(kk_Arena *a, size_t n);
/* Returns a NUL-terminated copy of s[0..len) owned by the arena, or NULL. */
char *kk_arena_strndup(kk_Arena *a, const char *s, size_t len);
char *kk_arena_strdup(kk_Arena *a, const char *s);
/* kk_grow for an array held in the arena: the grown array is a new arena
** allocation holding the n elements in use, copied from p; the old one
** stays in the arena until it is freed.  Returns p when *cap already holds
** need, NULL (p and *cap untouched) on overflow or out of memory. */
void *kk_arena_grow(kk_Arena *a, void *p, size_t n, size_t *cap, size_t need, size_t elem,
                    size_t first);
/* Marks and releases: kk_arena_release frees everything allocated since
** the mark was taken (pointers from then on become invalid). */
typedef struct kk_ArenaMark {
  kk_ArenaBlock *block;
  size_t used, total;
} kk_ArenaMark;
kk_ArenaMark kk_arena_mark(const kk_Arena *a);
void kk_arena_release(kk_Arena *a, kk_ArenaMark m);

/* Frees every block; a may be NULL.  Leaves a zeroed, ready for reuse. */
void kk_arena_free(kk_Arena *a);

#endif
