/*
** rng.h -- deterministic random numbers (xoshiro256**, seeded by
** splitmix64).  No dependencies; a kk_Rng is a plain value the caller owns.
** The seed is always an input: nothing here reads the clock.
*/
#ifndef KK_RNG_H
#define KK_RNG_H

#include <stdint.h>

typedef struct kk_Rng {
  uint64_t s[4];
} kk_Rng;

void kk_rng_seed(kk_Rng *r, uint64_t seed);
uint64_t kk_rng_next(kk_Rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t kk_rng_below(kk_Rng *r, uint64_t n);
/* splitmix64 step: a good 64-bit mixer. */
uint64_t kk_rng_mix64(uint64_t x);

#endif
