/* test_stats.c -- statistics over a store built with known reviews and
** states: due forecast, counts, true retention, reviews per day, streak,
** mastery per tag and deck, deck filter, JSON. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/deck/load.h"
#include "core/study/stats.h"
#include "kt.h"
#include "kt_fixture.h"

#define DAY 86400000LL
#define HOUR 3600000LL

static char dir[64];

static kk_Clock jp_clock(void) {
  kk_Clock c = {1795413600000LL, 540, 4}; /* 2026-11-23 15:00 JST */
  return c;
}

/* Records one review at t of item key with the given phase before and
** interval before; rating r. */
static void review(kk_Store *s, const char *key, const char *deck, int64_t t, kk_Phase before_phase,
                   double before_ivl, kk_Rating r) {
  kk_Err e;
  kk_CardState b = {0}, a = {0};
  b.phase = before_phase;
  b.interval_days = before_ivl;
  a.phase = KK_PHASE_REVIEW;
  kk_ReviewLog l = {0};
  l.time_ms = t;
  l.rating = r;
  l.duration_ms = 6000;
  l.phase_before = before_phase;
  l.phase_after = KK_PHASE_REVIEW;
  if (kk_store_record_review(s, key, deck, &b, &a, &l, &e) != KK_OK)
    fprintf(stderr, "record: %s\n", e.msg);
}

static void state(kk_Store *s, const char *key, const char *deck, kk_Phase ph, double stability,
                  double ivl, int64_t due, int suspended) {
  kk_Err e;
  kk_CardState st = {0};
  st.phase = ph;
  st.stability = stability;
  st.interval_days = ivl;
  st.due_ms = due;
  st.suspended = suspended;
  if (kk_store_put_state(s, key, deck, &st, &e) != KK_OK) fprintf(stderr, "put: %s\n", e.msg);
}

static void test_log_stats(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(dir, &e, &s) == KK_OK);
  if (!s) return;
  kk_Clock c = jp_clock();
  const int64_t now = c.now_ms;
  /* Study on today, -1, -2; a gap at -3; -4; and long ago (-40). */
  const int days_ago[] = {0, 0, 1, 2, 2, 2, 4, 40};
  const kk_Phase ph[] = {KK_PHASE_REVIEW,     KK_PHASE_LEARNING, KK_PHASE_REVIEW, KK_PHASE_REVIEW,
                         KK_PHASE_RELEARNING, KK_PHASE_REVIEW,   KK_PHASE_REVIEW, KK_PHASE_REVIEW};
  const double ivl[] = {3, 0, 30, 5, 0, 25, 2, 4};
  const kk_Rating rt[] = {KK_GOOD,  KK_AGAIN, KK_AGAIN, KK_HARD,
                          KK_AGAIN, KK_EASY,  KK_GOOD,  KK_AGAIN};
  const int n = (int)(sizeof days_ago / sizeof *days_ago);
  int want_per_day[KK_STATS_DAYS] = {0};
  int want_rev = 0, want_pass = 0, want_young = 0, want_mature = 0, want_mpass = 0;
  for (int i = 0; i < n; i++) {
    char key[16];
    snprintf(key, sizeof key, "k%d", i);
    /* 10:00 local on that day: 01:00 UTC */
    int64_t t = now - days_ago[i] * DAY - 5 * HOUR;
    review(s, key, i % 2 ? "d2" : "d1", t, ph[i], ivl[i], rt[i]);
    if (days_ago[i] >= KK_STATS_DAYS) continue;
    want_per_day[KK_STATS_DAYS - 1 - days_ago[i]]++;
    if (ph[i] != KK_PHASE_REVIEW) continue;
    want_rev++;
    want_pass += rt[i] != KK_AGAIN;
    if (ivl[i] >= 21) {
      want_mature++;
      want_mpass += rt[i] != KK_AGAIN;
    } else {
      want_young++;
    }
  }
  kk_Stats *st = NULL;
  KT_CHECK(kk_stats_compute(s, NULL, NULL, &c, &e, &st) == KK_OK);
  if (!st) return;
  for (int d = 0; d < KK_STATS_DAYS; d++) KT_CHECK(st->reviews_per_day[d] == want_per_day[d]);
  KT_CHECK(st->time_ms_per_day[KK_STATS_DAYS - 1] == 2 * 6000);
  KT_CHECK(st->reviews_today == 2);
  KT_CHECK(st->total_reviews == n);
  KT_CHECK(st->retention_reviews == want_rev && st->retention_passed == want_pass);
  KT_CHECK_NEAR(st->true_retention, (double)want_pass / want_rev, 1e-12);
  KT_CHECK(st->young_reviews == want_young && st->mature_reviews == want_mature);
  KT_CHECK(st->mature_passed == want_mpass);
  KT_CHECK(st->streak == 3 && st->studied_today == 1);
  kk_stats_free(st);

  /* Tomorrow before studying: the streak still counts up to yesterday. */
  kk_Clock t = c;
  t.now_ms += DAY;
  KT_CHECK(kk_stats_compute(s, NULL, NULL, &t, &e, &st) == KK_OK);
  if (st) {
    KT_CHECK(st->streak == 3 && st->studied_today == 0 && st->reviews_today == 0);
    KT_CHECK(st->reviews_per_day[KK_STATS_DAYS - 2] == 2);
  }
  kk_stats_free(st);
  /* Two days later it is broken. */
  t.now_ms += DAY;
  KT_CHECK(kk_stats_compute(s, NULL, NULL, &t, &e, &st) == KK_OK);
  if (st) KT_CHECK(st->streak == 0);
  kk_stats_free(st);
  /* Deck filter: d2 has items 1, 3, 5, 7 (today, -2, -2, -40). */
  KT_CHECK(kk_stats_compute(s, NULL, "d2", &c, &e, &st) == KK_OK);
  if (st) {
    KT_CHECK(st->total_reviews == 4);
    KT_CHECK(st->reviews_today == 1);
    KT_CHECK(st->streak == 1 && st->studied_today == 1);
    KT_CHECK(st->retention_reviews == 2 && st->retention_passed == 2);
  }
  kk_stats_free(st);
  kk_store_close(s);
}

static const char DECK[] = "deck:\n"
                           "  id: sd\n"
                           "  title: Stats deck\n"
                           "cards:\n"
                           "  - {id: s-1, type: basic, front: a, back: b, tags: [nato, treaty]}\n"
                           "  - {id: s-2, type: reversed, front: c, back: d, tags: [nato]}\n"
                           "  - {id: s-3, type: basic, front: e, back: f}\n"
                           "  - {id: s-4, type: basic, front: g, back: h, tags: [treaty]}\n";

static void test_state_stats(void) {
  kk_Err e;
  char sub[128];
  snprintf(sub, sizeof sub, "%s/states", dir);
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(sub, &e, &s) == KK_OK);
  if (!s) return;
  kk_Clock c = jp_clock();
  const int64_t now = c.now_ms;
  /* s-1: mastered, due today (overdue); s-2: young, due tomorrow;
  ** s-2#rev: learning, due in an hour; s-3: new (no state);
  ** s-4: suspended, due today; gone: a removed card, due in 5 days. */
  state(s, "s-1", "sd", KK_PHASE_REVIEW, 40, 35, now - 2 * DAY, 0);
  state(s, "s-2", "sd", KK_PHASE_REVIEW, 5, 5, now + DAY, 0);
  state(s, "s-2#rev", "sd", KK_PHASE_LEARNING, 0.1, 0, now + HOUR, 0);
  state(s, "s-4", "sd", KK_PHASE_REVIEW, 30, 30, now - HOUR, 1);
  state(s, "gone", "sd", KK_PHASE_REVIEW, 9, 9, now + 5 * DAY, 0);
  /* s-4 is a leech (suspended by it) */
  kk_CardState ls;
  int lf = 0;
  KT_CHECK(kk_store_get_state(s, "s-4", &e, &ls, &lf) == KK_OK && lf);
  ls.leech = 1;
  ls.lapses = 8;
  KT_CHECK(kk_store_put_state(s, "s-4", "sd", &ls, &e) == KK_OK);

  /* From the store alone: every state, removed ones included. */
  kk_Stats *st = NULL;
  KT_CHECK(kk_stats_compute(s, NULL, NULL, &c, &e, &st) == KK_OK);
  if (st) {
    KT_CHECK(st->items == 5 && st->new_count == 0 && st->learning_count == 1);
    KT_CHECK(st->review_count == 4 && st->mature == 2 && st->young == 2);
    KT_CHECK(st->suspended == 1);
    KT_CHECK(st->due_today == 2); /* s-1 overdue, s-2#rev later today */
    KT_CHECK(st->due_tomorrow == 1);
    KT_CHECK(st->forecast[5] == 1);
    KT_CHECK(st->true_retention < 0 && st->streak == 0);
    KT_CHECK(st->ntags == 0 && st->ndecks == 1);
    KT_CHECK(st->nleeches == 1);
    if (st->nleeches == 1) {
      KT_CHECK_STR(st->leeches[0].item_key, "s-4");
      KT_CHECK_STR(st->leeches[0].deck_id, "sd");
      KT_CHECK(st->leeches[0].lapses == 8 && st->leeches[0].suspended == 1);
    }
    if (st->ndecks == 1) {
      KT_CHECK_STR(st->decks[0].name, "sd");
      KT_CHECK(st->decks[0].items == 5 && st->decks[0].mastered == 2);
    }
  }
  kk_stats_free(st);

  /* With the loaded deck: its items only, new ones counted, tags known. */
  kk_Deck *deck = NULL;
  KT_CHECK(kk_deck_load_mem(DECK, sizeof DECK - 1, "sd.yaml", NULL, &deck) == KK_OK);
  kk_QueueInput *in = kk_queue_input_new();
  KT_CHECK(deck && kk_queue_input_add_decks(in, &deck, 1, &e) == KK_OK);
  KT_CHECK(kk_queue_input_read_store(in, s, &c, &e) == KK_OK);
  KT_CHECK(kk_stats_compute(s, in, NULL, &c, &e, &st) == KK_OK);
  if (st) {
    KT_CHECK(st->items == 5 && st->new_count == 1 && st->review_count == 3);
    KT_CHECK(st->due_today == 2 && st->due_tomorrow == 1 && st->forecast[5] == 0);
    KT_CHECK(st->ntags == 2);
    if (st->ntags == 2) {
      /* nato: s-1 (mastered), s-2, s-2#rev; treaty: s-1 (mastered), s-4
      ** (stability 30: mastered although suspended). */
      KT_CHECK_STR(st->tags[0].name, "nato");
      KT_CHECK(st->tags[0].items == 3 && st->tags[0].mastered == 1);
      KT_CHECK_NEAR(st->tags[0].mastery, 1.0 / 3.0, 1e-12);
      KT_CHECK_STR(st->tags[1].name, "treaty");
      KT_CHECK(st->tags[1].items == 2 && st->tags[1].mastered == 2);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    KT_CHECK(f && kk_stats_write_json(st, f) == 0);
    if (f) fclose(f);
    KT_CHECK(buf && strstr(buf, "\"due_today\": 2,") && strstr(buf, "\"name\": \"nato\"") &&
             strstr(buf, "\"true_retention\": null"));
    KT_CHECK(buf && strstr(buf, "\"leeches\": [\n    {\"item\": \"s-4\", \"deck\": \"sd\", "
                                "\"lapses\": 8, \"suspended\": true}\n  ]"));
    KT_CHECK(st->nleeches == 1);
    free(buf);
  }
  kk_stats_free(st);
  kk_stats_free(NULL);
  /* Deck filter on a deck that is not loaded: nothing. */
  KT_CHECK(kk_stats_compute(s, in, "other", &c, &e, &st) == KK_OK);
  if (st) KT_CHECK(st->items == 0 && st->ndecks == 0);
  kk_stats_free(st);
  kk_queue_input_free(in);
  kk_deck_free(deck);
  kk_store_close(s);
}

/* Runs a shell command; returns its exit code. */
static int run(const char *cmd) {
  int st = system(cmd);
  return st == -1 ? -1 : WEXITSTATUS(st);
}

static void test_cli(void) {
  char sub[128], cmd[1024], csv[160], out[160];
  snprintf(sub, sizeof sub, "%s/cli", dir);
  snprintf(csv, sizeof csv, "%s/rev.csv", dir);
  snprintf(out, sizeof out, "%s/out.txt", dir);
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(sub, &e, &s) == KK_OK);
  if (!s) return;
  /* Reviews a week and more ago, so the figures do not depend on when the
  ** test runs (except the 30-day window, avoided here). */
  int64_t t0 = 1700000000000LL;
  review(s, "c-1", "cd", t0, KK_PHASE_NEW, 0, KK_GOOD);
  review(s, "c-2#rev", "cd", t0 + 1000, KK_PHASE_NEW, 0, KK_AGAIN);
  review(s, "c-1", "cd", t0 + 3 * DAY, KK_PHASE_REVIEW, 3, KK_HARD);
  kk_store_close(s);

  snprintf(cmd, sizeof cmd, "'%s' stats --json --data-dir '%s' > '%s'", KK_KIOKU_EXE, sub, out);
  KT_CHECK(run(cmd) == 0);
  char *txt = kt_read_file(out, NULL);
  KT_CHECK(txt && strstr(txt, "\"total_reviews\": 3,") && strstr(txt, "\"items\": 2,"));
  free(txt);
  /* an unknown deck id is an error, a known one is not */
  snprintf(cmd, sizeof cmd, "'%s' stats --deck other --data-dir '%s' 2> '%s'", KK_KIOKU_EXE, sub,
           out);
  KT_CHECK(run(cmd) == 1);
  txt = kt_read_file(out, NULL);
  KT_CHECK(txt && strstr(txt, "no deck 'other'"));
  free(txt);
  snprintf(cmd, sizeof cmd, "'%s' stats --deck cd --data-dir '%s' > '%s'", KK_KIOKU_EXE, sub, out);
  KT_CHECK(run(cmd) == 0);
  txt = kt_read_file(out, NULL);
  KT_CHECK(txt && strstr(txt, "in total: 3"));
  free(txt);
  /* a data dir with no store: made, and said so */
  snprintf(cmd, sizeof cmd, "'%s' stats --data-dir '%s/fresh' 2> '%s' >/dev/null", KK_KIOKU_EXE,
           dir, out);
  KT_CHECK(run(cmd) == 0);
  txt = kt_read_file(out, NULL);
  KT_CHECK(txt && strstr(txt, "created a new progress store at "));
  free(txt);
  snprintf(cmd, sizeof cmd, "'%s' stats --bogus 2>/dev/null", KK_KIOKU_EXE);
  KT_CHECK(run(cmd) == 2);

  snprintf(cmd, sizeof cmd, "'%s' revlog export --data-dir '%s' '%s'", KK_KIOKU_EXE, sub, csv);
  KT_CHECK(run(cmd) == 0);
  txt = kt_read_file(csv, NULL);
  char want[512];
  snprintf(want, sizeof want,
           "card_id,review_time,review_rating,review_state,review_duration\n"
           "1,%lld,3,0,6000\n2,%lld,1,0,6000\n1,%lld,2,2,6000\n",
           (long long)t0, (long long)(t0 + 1000), (long long)(t0 + 3 * DAY));
  KT_CHECK_STR(txt, want);
  free(txt);
  /* Refuses to overwrite, then --force does. */
  snprintf(cmd, sizeof cmd, "'%s' revlog export --data-dir '%s' '%s' 2>'%s'", KK_KIOKU_EXE, sub,
           csv, out);
  KT_CHECK(run(cmd) == 1);
  txt = kt_read_file(out, NULL);
  KT_CHECK(txt && strstr(txt, "--force"));
  free(txt);
  snprintf(cmd, sizeof cmd, "'%s' revlog export --force --data-dir '%s' '%s'", KK_KIOKU_EXE, sub,
           csv);
  KT_CHECK(run(cmd) == 0);
  /* '-' writes to stdout (a file called '-' is not made) */
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' revlog export --data-dir '%s' - > '%s'", dir,
           KK_KIOKU_EXE, sub, out);
  KT_CHECK(run(cmd) == 0);
  txt = kt_read_file(out, NULL);
  KT_CHECK_STR(txt, want);
  free(txt);
  snprintf(cmd, sizeof cmd, "%s/-", dir);
  KT_CHECK(access(cmd, F_OK) != 0);
  snprintf(cmd, sizeof cmd, "'%s' revlog 2>/dev/null", KK_KIOKU_EXE);
  KT_CHECK(run(cmd) == 2);
}

int main(void) {
  if (kt_tmpdir(dir, sizeof dir, "stats") != 0) return kt_done();
  KT_RUN(test_log_stats);
  KT_RUN(test_state_stats);
  KT_RUN(test_cli);
  kt_rm_rf(dir);
  return kt_done();
}
