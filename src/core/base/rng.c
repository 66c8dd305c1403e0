/*
** rng.c -- deterministic random numbers: splitmix64 seeding, xoshiro256**,
** unbiased ranges.
*/
#include "core/base/rng.h"

uint64_t kk_rng_mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

void kk_rng_seed(kk_Rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) {
    r->s[i] = kk_rng_mix64(x);
    x += 0x9e3779b97f4a7c15ull;
  }
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t kk_rng_next(kk_Rng *r) {
  uint64_t *s = r->s;
  uint64_t out = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

uint64_t kk_rng_below(kk_Rng *r, uint64_t n) {
  /* Rejection keeps every residue equally likely. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = kk_rng_next(r);
  while (x >= limit);
  return x % n;
}

/* The k-th position of a[] that is not kept. */
static size_t free_pos(const unsigned char *keep, size_t k) {
  if (!keep) return k;
  size_t i = 0;
  for (;; i++)
    if (!keep[i] && k-- == 0) return i;
}

void kk_rng_shuffle(kk_Rng *r, size_t *a, size_t n, const unsigned char *keep) {
  size_t m = n;
  if (keep)
    for (size_t i = 0; i < n; i++) m -= keep[i] != 0;
  for (size_t i = m; i > 1; i--) {
    size_t p = free_pos(keep, i - 1), q = free_pos(keep, (size_t)kk_rng_below(r, i));
    size_t t = a[p];
    a[p] = a[q];
    a[q] = t;
  }
}
