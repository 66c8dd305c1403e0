/*
** rng.h -- deterministic random numbers (xoshiro256**, seeded by
** splitmix64).  No dependencies; a kk_Rng is a plain value the caller owns.
** The seed is always an input: nothing here reads the clock.
*/
#ifndef KK_RNG_H
#define KK_RNG_H

#include <stddef.h>
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
/* Shuffles a[0..n) uniformly (Fisher-Yates from the end).  Positions i
** with keep[i] set keep their entry (keep may be NULL: none kept; it is
** read for i < n).  Without kept positions the draws are those of the
** plain algorithm, so a stored seed gives the same order as before. */
void kk_rng_shuffle(kk_Rng *r, size_t *a, size_t n, const unsigned char *keep);

#endif
