/*
** hash.h -- the one 64-bit hash of Kioku: FNV-1a.  Depends on nothing.
** Used for stable ids (derived card ids, exam seeds, generated ids), hash
** tables and render caches.  Pure functions on borrowed bytes.
** Seeds are values: chain calls by passing the previous result as `h`.
*/
#ifndef KK_HASH_H
#define KK_HASH_H

#include <stddef.h>
#include <stdint.h>

#define KK_HASH_INIT 0xcbf29ce484222325ull /* FNV-1a 64-bit offset basis */
#define KK_HASH_PRIME 0x100000001b3ull     /* FNV-1a 64-bit prime */
/* v1 seeded derived card ids, the scheduler's fuzz and the drill's shuffle
** with this value (the basis with its last digit missing).  Progress is
** keyed by derived ids and fuzz must not jump for existing students, so
** those keep it. */
#define KK_HASH_V1_SEED 1469598103934665603ull

/* One FNV-1a step that mixes a whole value (not its bytes) into h. */
static inline uint64_t kk_hash_mix(uint64_t h, uint64_t v) { return (h ^ v) * KK_HASH_PRIME; }

/* FNV-1a of buf[0..len) continued from h. */
uint64_t kk_hash_bytes(const void *buf, size_t len, uint64_t h);

/* FNV-1a of the NUL-terminated s continued from h (s may not be NULL). */
uint64_t kk_hash_str(const char *s, uint64_t h);

/* FNV-1a of text[0..len) continued from h, skipping ASCII white space and
** closing with a field separator, so re-wrapped text keeps its hash: the
** stable ids of generated cards and exported notes are built from it. */
uint64_t kk_hash_text(const char *s, size_t len, uint64_t h);

#endif
