/* fsrs_sim.h -- a synthetic student for the optimizer's tests and bench:
** memory follows FSRS-6 with known parameters, answers are drawn from the
** model's retrievability with a seeded generator, and the reviews land in a
** kk_Revlog as `kioku revlog export` writes them (times in ms, UTC, studied
** at 10:00-18:00 so the study day starting at 04:00 is the calendar day).
** Header-only (static functions) so tests/ and bench/ share one copy. */
#ifndef KK_FSRS_SIM_H
#define KK_FSRS_SIM_H

#include <math.h>
#include <stdint.h>

#include "core/study/fsrs.h"
#include "core/study/revlog.h"

static uint64_t sim_next(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double sim_uniform(uint64_t *x) { return (double)(sim_next(x) >> 11) / 9007199254740992.0; }

typedef struct {
  kk_MemoryState m;
  int64_t due_day, last_day;
  int started;
} SimCard;

/* Appends reviews of ncards cards (card ids first_card..), introduced
** new_per_day a day from day 0, studied for `days` days, to log.  Intervals
** are the model's stability times a random factor in [0.5, 2] so that
** recall is seen across the whole curve.  Returns the rows added, -1 if out
** of memory. */
static long sim_student(const kk_FsrsParams *truth, int ncards, int new_per_day, int days,
                        int64_t first_card, uint64_t seed, kk_Revlog *out) {
  const int64_t day0 = 19000; /* 2022-01-08 */
  SimCard *cards = calloc((size_t)ncards, sizeof *cards);
  long added = 0;
  if (!cards) return -1;
  int introduced = 0;
  for (int day = 0; day < days; day++) {
    int64_t t = (day0 + day) * 86400000LL + 10 * 3600000LL;
    int fresh = 0;
    for (int c = 0; c < ncards; c++) {
      SimCard *sc = &cards[c];
      if (!sc->started) {
        if (c != introduced || fresh == new_per_day) continue;
        introduced++, fresh++;
      } else if (sc->due_day > day) {
        continue;
      }
      t += 20000 + (int64_t)(sim_uniform(&seed) * 40000);
      double u = sim_uniform(&seed);
      int g, state;
      if (!sc->started) {
        g = u < 0.2 ? 1 : u < 0.3 ? 2 : u < 0.85 ? 3 : 4;
        state = 0;
        sc->m = kk_fsrs_next(truth, NULL, 0, g, 1);
        sc->started = 1;
      } else {
        double r = kk_fsrs_retrievability(truth, (double)(day - sc->last_day), sc->m.stability);
        if (u >= r)
          g = 1;
        else {
          double v = sim_uniform(&seed);
          g = v < 0.15 ? 2 : v < 0.9 ? 3 : 4;
        }
        state = 2;
        sc->m = kk_fsrs_next(truth, &sc->m, (double)(day - sc->last_day), g, 1);
      }
      kk_RevlogRow row = {first_card + c, t, g, state, 0};
      if (kk_revlog_push(out, &row) != 0) goto nomem;
      added++;
      if ((state == 0 && g <= 2) || (state == 2 && g == 1)) {
        /* a learning or relearning step ten minutes later, answered Good */
        kk_RevlogRow step = {first_card + c, t + 600000, 3, state == 0 ? 1 : 3, 0};
        if (kk_revlog_push(out, &step) != 0) goto nomem;
        added++;
        sc->m = kk_fsrs_next(truth, &sc->m, 0, 3, 1);
      }
      double f = exp((sim_uniform(&seed) * 2.0 - 1.0) * 0.6931471805599453); /* 2^[-1,1] */
      double ivl = sc->m.stability * f;
      int64_t d = (int64_t)floor(ivl + 0.5);
      sc->due_day = day + (d < 1 ? 1 : d);
      sc->last_day = day;
    }
  }
  free(cards);
  return added;
nomem:
  free(cards);
  return -1;
}

#endif
