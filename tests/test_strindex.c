/*
** test_strindex.c -- positions of strings by their text (core/base/strindex.h):
** the first position of a string wins, every position is found again
** past many tables' worth, nothing is added past the room asked for, and
** an index whose init failed finds nothing.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/strindex.h"
#include "kt.h"

static const char *name_at(const void *ctx, size_t i) { return ((const char *const *)ctx)[i]; }

static void test_first_wins(void) {
  const char *names[] = {"a", "b", "a", "", "b", ""};
  kk_StrIndex x;
  KT_REQUIRE(kk_strindex_init(&x, 6, name_at, names));
  KT_CHECK(kk_strindex_find(&x, "a") == KK_STRINDEX_NONE);
  KT_CHECK(kk_strindex_add(&x, 0) == KK_STRINDEX_NONE);
  KT_CHECK(kk_strindex_add(&x, 1) == KK_STRINDEX_NONE);
  KT_CHECK(kk_strindex_add(&x, 2) == 0); /* "a" again: the first */
  KT_CHECK(kk_strindex_add(&x, 3) == KK_STRINDEX_NONE);
  KT_CHECK(kk_strindex_add(&x, 4) == 1);
  KT_CHECK(kk_strindex_add(&x, 5) == 3);
  KT_CHECK(kk_strindex_find(&x, "a") == 0);
  KT_CHECK(kk_strindex_find(&x, "b") == 1);
  KT_CHECK(kk_strindex_find(&x, "") == 3);
  KT_CHECK(kk_strindex_find(&x, "c") == KK_STRINDEX_NONE);
  KT_CHECK(kk_strindex_find(&x, "a ") == KK_STRINDEX_NONE);
  kk_strindex_free(&x);
  KT_CHECK(x.slot == NULL && kk_strindex_find(&x, "a") == KK_STRINDEX_NONE);
  kk_strindex_free(&x); /* twice: harmless */
  kk_strindex_free(NULL);
}

enum { MANY = 50000 };

static void test_many(void) {
  static char buf[MANY][16];
  static const char *names[MANY];
  for (int i = 0; i < MANY; i++) {
    snprintf(buf[i], sizeof buf[i], "c%d", i % (MANY / 2)); /* each twice */
    names[i] = buf[i];
  }
  kk_StrIndex x;
  KT_REQUIRE(kk_strindex_init(&x, MANY, name_at, names));
  int added = 0, repeats_ok = 1;
  for (size_t i = 0; i < MANY; i++) {
    size_t first = kk_strindex_add(&x, i);
    if (first == KK_STRINDEX_NONE)
      added++;
    else
      repeats_ok &= first == i - MANY / 2;
  }
  KT_CHECK(added == MANY / 2);
  KT_CHECK(repeats_ok);
  int found = 1;
  for (size_t i = 0; i < MANY / 2; i++) found &= kk_strindex_find(&x, names[i]) == i;
  KT_CHECK(found);
  kk_strindex_free(&x);
}

/* Room for 2 asked, more added: the table never fills (the probe would
** not end), the extra positions are simply not added. */
static void test_room(void) {
  static char buf[64][8];
  const char *names[64];
  for (int i = 0; i < 64; i++) snprintf(buf[i], sizeof buf[i], "n%d", i), names[i] = buf[i];
  kk_StrIndex x;
  KT_REQUIRE(kk_strindex_init(&x, 2, name_at, names));
  for (size_t i = 0; i < 64; i++) kk_strindex_add(&x, i);
  KT_CHECK(x.used <= x.cap / 2);
  KT_CHECK(kk_strindex_find(&x, "n0") == 0 && kk_strindex_find(&x, "n1") == 1);
  KT_CHECK(kk_strindex_find(&x, "zz") == KK_STRINDEX_NONE);
  kk_strindex_free(&x);
}

static void test_no_memory(void) {
  const char *names[] = {"a"};
  kk_StrIndex x;
  kk_alloc_fail_after(1);
  int ok = kk_strindex_init(&x, 1, name_at, names);
  kk_alloc_fail_after(0);
  KT_CHECK(!ok);
  KT_CHECK(kk_strindex_add(&x, 0) == KK_STRINDEX_NONE);
  KT_CHECK(kk_strindex_find(&x, "a") == KK_STRINDEX_NONE);
  kk_strindex_free(&x);
  /* too large to ask for */
  KT_CHECK(!kk_strindex_init(&x, (size_t)-1 / 2, name_at, names));
  KT_CHECK(kk_strindex_find(&x, "a") == KK_STRINDEX_NONE);
}

int main(void) {
  KT_RUN(test_first_wins);
  KT_RUN(test_many);
  KT_RUN(test_room);
  KT_RUN(test_no_memory);
  return kt_done();
}
