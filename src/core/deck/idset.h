/*
** idset.h -- the ids a draft deck has used so far, and the one rule that
** gives a card a unique id: its own id if free, else the first of ID-2,
** ID-3, ... that is.  Used by every importer (CSV in both forms, GIFT,
** Moodle XML, Anki packages).  Depends on alloc.h, hash.h.
**
** A hash set of copied strings; each id also remembers the next suffix to
** try, so a file of 200,000 rows with the same question numbers its ids in
** linear time (the importers compared every id with every other, and each
** suffix again: 3,000 equal rows took 10 s, 200,000 distinct ones
** minutes).  kk_idset_new returns a set the caller frees with
** kk_idset_free; ids passed in are copied, strings returned are the
** caller's buffers.
*/
#ifndef KK_IDSET_H
#define KK_IDSET_H

#include <stddef.h>

typedef struct kk_IdSet kk_IdSet;

kk_IdSet *kk_idset_new(void);    /* NULL when out of memory */
void kk_idset_free(kk_IdSet *s); /* s may be NULL */

/* 1 if id is in s. */
int kk_idset_has(const kk_IdSet *s, const char *id);

/* Adds id: 1, or 0 if it was there already (s unchanged), or -1 when out
** of memory. */
int kk_idset_add(kk_IdSet *s, const char *id);

/* The unique id for a card whose own id is id: id itself if s lacks it,
** else the first of "ID-2", "ID-3", ... that s lacks, ID cut at the end
** so the whole fits in buf (size bytes: KK_DECK_MAX_ID + 1 keeps every id
** the loader's length); written into buf and added to s.  Returns 1, or 0
** when id itself does not fit, no suffix fits, or out of memory (buf is
** then ""). */
int kk_idset_unique(kk_IdSet *s, const char *id, char *buf, size_t size);

#endif
