/*
** test_idset.c -- the importers' one unique-id rule (core/deck/idset.h):
** an id if free, else the first free ID-2, ID-3, ...; ids are kept.
*/
#include <stdio.h>
#include <string.h>

#include "core/deck/idset.h"
#include "core/deck/load.h"
#include "kt.h"

static void test_add_has(void) {
  kk_IdSet *s = kk_idset_new();
  KT_REQUIRE(s != NULL);
  KT_CHECK(!kk_idset_has(s, "a"));
  KT_CHECK(kk_idset_add(s, "a") == 1);
  KT_CHECK(kk_idset_add(s, "a") == 0);
  KT_CHECK(kk_idset_has(s, "a") && !kk_idset_has(s, "a-2") && !kk_idset_has(s, ""));
  /* well past the first table: every id is still found, none invented */
  char id[32];
  int all = 1;
  for (int i = 0; i < 20000; i++) {
    snprintf(id, sizeof id, "card-%d", i);
    all &= kk_idset_add(s, id) == 1;
  }
  KT_CHECK(all);
  int found = 0;
  for (int i = 0; i < 20000; i++) {
    snprintf(id, sizeof id, "card-%d", i);
    found += kk_idset_has(s, id);
  }
  KT_CHECK(found == 20000);
  KT_CHECK(!kk_idset_has(s, "card-20000") && !kk_idset_has(s, "card-"));
  kk_idset_free(s);
  kk_idset_free(NULL);
}

static void test_unique(void) {
  kk_IdSet *s = kk_idset_new();
  KT_REQUIRE(s != NULL);
  char buf[64];
  KT_CHECK(kk_idset_unique(s, "q", buf, sizeof buf) && !strcmp(buf, "q"));
  KT_CHECK(kk_idset_unique(s, "q", buf, sizeof buf) && !strcmp(buf, "q-2"));
  /* an id taken on its own (a card whose id is "q-3") is skipped */
  KT_CHECK(kk_idset_add(s, "q-3") == 1);
  KT_CHECK(kk_idset_unique(s, "q", buf, sizeof buf) && !strcmp(buf, "q-4"));
  KT_CHECK(kk_idset_unique(s, "q", buf, sizeof buf) && !strcmp(buf, "q-5"));
  /* a suffixed id asked for again gets its own suffix */
  KT_CHECK(kk_idset_unique(s, "q-2", buf, sizeof buf) && !strcmp(buf, "q-2-2"));
  /* taken on its own where the counter stands: skipped, never handed out twice */
  KT_CHECK(kk_idset_add(s, "q-6") == 1);
  KT_CHECK(kk_idset_unique(s, "q", buf, sizeof buf) && !strcmp(buf, "q-7"));
  /* too small a buffer: 0 and "" (and nothing added) */
  char small[3];
  KT_CHECK(!kk_idset_unique(s, "q", small, sizeof small) && small[0] == '\0');
  KT_CHECK(!kk_idset_unique(s, "longer", small, sizeof small) && small[0] == '\0');
  KT_CHECK(!kk_idset_has(s, "longer"));
  KT_CHECK(kk_idset_unique(s, "q", buf, sizeof buf) && !strcmp(buf, "q-8"));
  /* the longest id asked for twice: its suffixed form is cut to fit */
  char longest[KK_DECK_MAX_ID + 1], out[KK_DECK_MAX_ID + 1];
  memset(longest, 'L', KK_DECK_MAX_ID);
  longest[KK_DECK_MAX_ID] = '\0';
  KT_CHECK(kk_idset_unique(s, longest, out, sizeof out) && !strcmp(out, longest));
  KT_CHECK(kk_idset_unique(s, longest, out, sizeof out) && strlen(out) == KK_DECK_MAX_ID &&
           !strcmp(out + KK_DECK_MAX_ID - 2, "-2") && kk_deck_valid_id(out));
  KT_CHECK(kk_idset_unique(s, longest, out, sizeof out) && strlen(out) == KK_DECK_MAX_ID &&
           !strcmp(out + KK_DECK_MAX_ID - 2, "-3"));
  /* a cut form already taken is skipped */
  char taken[KK_DECK_MAX_ID + 1];
  memcpy(taken, longest, KK_DECK_MAX_ID - 2);
  memcpy(taken + KK_DECK_MAX_ID - 2, "-4", 3);
  KT_CHECK(kk_idset_add(s, taken) == 1);
  KT_CHECK(kk_idset_unique(s, longest, out, sizeof out) && !strcmp(out + KK_DECK_MAX_ID - 2, "-5"));
  kk_idset_free(s);
}

/* 5,000 cards with one id: q, q-2 ... q-5000, each once (the importers'
** pairwise checks made this cubic). */
static void test_many_equal(void) {
  kk_IdSet *s = kk_idset_new();
  KT_REQUIRE(s != NULL);
  char buf[64], want[64];
  int right = 0;
  for (int i = 1; i <= 5000; i++) {
    if (i == 1)
      snprintf(want, sizeof want, "q");
    else
      snprintf(want, sizeof want, "q-%d", i);
    right += kk_idset_unique(s, "q", buf, sizeof buf) && !strcmp(buf, want);
  }
  KT_CHECK(right == 5000);
  KT_CHECK(kk_idset_has(s, "q-5000") && !kk_idset_has(s, "q-5001"));
  kk_idset_free(s);
}

int main(void) {
  KT_RUN(test_add_has);
  KT_RUN(test_unique);
  KT_RUN(test_many_equal);
  return kt_done();
}
