/*
** idset.c -- used ids and unique ids for draft decks (the rule is in
** idset.h).  Open addressing on the one hash (hash.h), at most half full.
*/
#include "core/deck/idset.h"

#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/hash.h"

typedef struct Slot {
  char *id;  /* owned; NULL: empty */
  long next; /* the next suffix to try when id is asked for again (2 at first) */
} Slot;

struct kk_IdSet {
  Slot *slots;
  size_t cap, n; /* cap a power of two */
};

kk_IdSet *kk_idset_new(void) {
  kk_IdSet *s = kk_calloc(1, sizeof *s);
  if (!s) return NULL;
  s->cap = 64;
  s->slots = kk_calloc(s->cap, sizeof *s->slots);
  if (!s->slots) {
    kk_free(s);
    return NULL;
  }
  return s;
}

void kk_idset_free(kk_IdSet *s) {
  if (!s) return;
  for (size_t i = 0; i < s->cap; i++) kk_free(s->slots[i].id);
  kk_free(s->slots);
  kk_free(s);
}

/* The slot holding id, or the empty slot where it would go. */
static Slot *find(const kk_IdSet *s, const char *id) {
  size_t mask = s->cap - 1, i = (size_t)kk_hash_str(id, KK_HASH_INIT) & mask;
  while (s->slots[i].id && strcmp(s->slots[i].id, id) != 0) i = (i + 1) & mask;
  return &s->slots[i];
}

static int grow(kk_IdSet *s) {
  if (s->cap > ((size_t)-1) / 2 / sizeof(Slot)) return 0;
  size_t nc = s->cap * 2;
  Slot *ns = kk_calloc(nc, sizeof *ns);
  if (!ns) return 0;
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->slots[i].id) continue;
    size_t j = (size_t)kk_hash_str(s->slots[i].id, KK_HASH_INIT) & (nc - 1);
    while (ns[j].id) j = (j + 1) & (nc - 1);
    ns[j] = s->slots[i];
  }
  kk_free(s->slots);
  s->slots = ns;
  s->cap = nc;
  return 1;
}

int kk_idset_has(const kk_IdSet *s, const char *id) { return find(s, id)->id != NULL; }

int kk_idset_add(kk_IdSet *s, const char *id) {
  if (find(s, id)->id) return 0;
  if ((s->n + 1) * 2 > s->cap && !grow(s)) return -1;
  Slot *slot = find(s, id);
  size_t len = strlen(id);
  char *copy = kk_malloc(len + 1);
  if (!copy) return -1;
  memcpy(copy, id, len + 1);
  slot->id = copy;
  slot->next = 2;
  s->n++;
  return 1;
}

int kk_idset_unique(kk_IdSet *s, const char *id, char *buf, size_t size) {
  if (size == 0) return 0;
  buf[0] = '\0';
  Slot *own = find(s, id);
  if (!own->id) {
    size_t len = strlen(id);
    if (len >= size || kk_idset_add(s, id) < 0) return 0;
    memcpy(buf, id, len + 1);
    return 1;
  }
  /* every suffix below own->next was taken when it was last asked for,
  ** and ids are never removed: the first free one is at or after it */
  size_t idlen = strlen(id);
  for (long k = own->next;; k++) {
    char suf[24];
    size_t sl = (size_t)snprintf(suf, sizeof suf, "-%ld", k);
    if (sl + 2 > size) { /* not even one character of id and the suffix */
      buf[0] = '\0';
      return 0;
    }
    size_t keep = idlen + sl < size ? idlen : size - 1 - sl;
    memcpy(buf, id, keep);
    memcpy(buf + keep, suf, sl + 1);
    if (kk_idset_has(s, buf)) continue;
    long next = k + 1;
    if (kk_idset_add(s, buf) < 0) {
      buf[0] = '\0';
      return 0;
    }
    find(s, id)->next = next; /* the add may have moved the slots */
    return 1;
  }
}
