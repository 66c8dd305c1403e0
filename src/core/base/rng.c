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
