/*
** clock.c -- the wall clock (see clock.h).  Compiled into each executable
** (not into the front-end library) so that only the test executable gets
** the KIOKU_NOW_MS hook: the shipped binary does not contain the string.
*/
#define _POSIX_C_SOURCE 200809L
#include "sdl/clock.h"

#include <stdlib.h>
#include <time.h>

static int64_t read_ms(clockid_t id) {
  struct timespec ts;
  if (clock_gettime(id, &ts) != 0) return 0;
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t boot_ms(void) {
#ifdef CLOCK_BOOTTIME
  struct timespec ts;
  if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
#endif
  return read_ms(CLOCK_MONOTONIC);
}

void kk_wallclock_init(kk_WallClock *c) {
  c->fixed = 0;
  c->virt_ms = 0;
  c->base_ms = read_ms(CLOCK_REALTIME);
  c->mono0_ms = boot_ms();
#ifdef KK_TEST_HOOKS
  const char *now = getenv("KIOKU_NOW_MS");
  if (now && *now) {
    c->fixed = 1;
    c->base_ms = strtoll(now, NULL, 10);
  }
#endif
}

int64_t kk_wallclock_now_ms(const kk_WallClock *c) {
  if (c->fixed) return c->base_ms + c->virt_ms;
  return c->base_ms + (boot_ms() - c->mono0_ms);
}

int kk_wallclock_advance(kk_WallClock *c, int64_t ms) {
  if (!c->fixed) return 0;
  c->virt_ms += ms;
  return 1;
}

int kk_wallclock_has_hooks(void) {
#ifdef KK_TEST_HOOKS
  return 1;
#else
  return 0;
#endif
}
