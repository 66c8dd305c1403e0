/*
** clock.h -- the wall clock the window and the terminal exam run on: the
** real time when the program started, advanced by the boot-time clock
** (which the user cannot set and which counts suspend), so changing the
** system clock while Kioku runs has no effect on the time it sees.
** Depends on nothing.  A kk_WallClock is a plain value the caller owns.
**
** Test builds only (KK_TEST_HOOKS, the kioku-testclock executable):
** KIOKU_NOW_MS fixes the start, and time moves only by kk_wallclock_advance
** (the script's waits).  The shipped `kioku` has no clock override at all.
*/
#ifndef KK_CLOCK_H
#define KK_CLOCK_H

#include <stdint.h>

typedef struct kk_WallClock {
  int fixed;        /* test builds: KIOKU_NOW_MS given */
  int64_t base_ms;  /* wall time at start (or the fixed start) */
  int64_t mono0_ms; /* boot-time clock at start */
  int64_t virt_ms;  /* fixed: waits so far */
} kk_WallClock;

void kk_wallclock_init(kk_WallClock *c);
int64_t kk_wallclock_now_ms(const kk_WallClock *c);
/* Fixed clocks only: time jumps by ms (a script's wait).  Returns 1 if the
** clock is fixed (and moved), 0 if it runs by itself. */
int kk_wallclock_advance(kk_WallClock *c, int64_t ms);
/* 1 in a build with test hooks. */
int kk_wallclock_has_hooks(void);

#endif
