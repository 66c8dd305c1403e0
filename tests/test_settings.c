/* test_settings.c -- the student's deck settings: steps text, the deck's
** suggestion and the merge (study/settings), the store's new columns, and
** the settings screen over the real store host (changes saved at once,
** one row or all back to the deck's, bad text refused, in force in the
** queue and the scheduler). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/base/utf8.h"
#include "core/deck/load.h"
#include "core/deck/schema.h"
#include "core/deck/text.h"
#include "core/study/fsrs.h"
#include "core/study/settings.h"
#include "core/study/sim.h"
#include "core/study/store.h"
#include "core/ui/ui.h"
#include "core/ui/ui_store.h"
#include "kt.h"
#include "kt_fixture.h"

static void test_steps(void) {
  int s[KK_SCHED_MAX_STEPS];
  char buf[64];
  KT_CHECK(kk_settings_parse_steps("1m 10m", s, KK_SCHED_MAX_STEPS) == 2 && s[0] == 60 &&
           s[1] == 600);
  KT_CHECK(kk_settings_parse_steps("30s,1h 1d", s, KK_SCHED_MAX_STEPS) == 3 && s[2] == 86400);
  KT_CHECK(kk_settings_parse_steps("1.5m", s, KK_SCHED_MAX_STEPS) == 1 && s[0] == 90);
  KT_CHECK(kk_settings_parse_steps("", s, KK_SCHED_MAX_STEPS) == 0);
  KT_CHECK(kk_settings_parse_steps("10", s, KK_SCHED_MAX_STEPS) == -1);
  KT_CHECK(kk_settings_parse_steps("1x", s, KK_SCHED_MAX_STEPS) == -1);
  KT_CHECK(kk_settings_parse_steps("1mm", s, KK_SCHED_MAX_STEPS) == -1);
  KT_CHECK(kk_settings_parse_steps("-1m", s, KK_SCHED_MAX_STEPS) == -1);
  KT_CHECK(kk_settings_parse_steps("1m 1m 1m", s, 2) == -1);
  int in[4] = {30, 600, 7200, 172800};
  kk_settings_format_steps(in, 4, buf, sizeof buf);
  KT_CHECK_STR(buf, "30s 10m 2h 2d");
}

static void test_merge(void) {
  static const char yaml[] = "deck:\n  id: d\n  title: D\n  settings:\n    new_per_day: 7\n"
                             "    retention: 0.85\n    scheduler: sm2\n"
                             "cards:\n  - {id: a, type: basic, front: x, back: y}\n";
  kk_Deck *d = kt_deck(yaml, "d.yaml");
  KT_REQUIRE(d != NULL);
  kk_StoreDeckSettings sug, mine, eff;
  kk_settings_deck_defaults(d, &sug);
  KT_CHECK(sug.new_per_day == 7 && sug.reviews_per_day == 200 && sug.retention == 0.85 &&
           sug.scheduler == KK_SCHED_SM2 && sug.leech_threshold == 8);
  KT_CHECK_STR(sug.learning_steps, "1m 10m");
  memset(&mine, 0, sizeof mine);
  mine.new_per_day = mine.reviews_per_day = mine.scheduler = mine.leech_action = -1;
  mine.new_per_day = 3;
  snprintf(mine.learning_steps, sizeof mine.learning_steps, "30s 5m");
  snprintf(mine.relearning_steps, sizeof mine.relearning_steps, "bad");
  mine.leech_threshold = 4;
  mine.leech_action = KK_LEECH_SUSPEND;
  kk_settings_effective(d, &mine, &eff);
  KT_CHECK(eff.new_per_day == 3 && eff.retention == 0.85 && eff.leech_threshold == 4);
  KT_CHECK_STR(eff.learning_steps, "30s 5m");
  KT_CHECK_STR(eff.relearning_steps, "10m"); /* bad text: the deck's */
  kk_SchedConfig cfg;
  kk_sched_config_default(&cfg);
  kk_settings_apply(&eff, &cfg);
  KT_CHECK(cfg.kind == KK_SCHED_SM2 && cfg.desired_retention == 0.85);
  KT_CHECK(cfg.n_learning_steps == 2 && cfg.learning_steps_s[0] == 30 &&
           cfg.learning_steps_s[1] == 300);
  KT_CHECK(cfg.leech_threshold == 4 && cfg.leech_action == KK_LEECH_SUSPEND);
  kk_deck_free(d);
}

/* Settings a store may hold from before sync checked them (a retention of
** 5 or NaN, a leech threshold past the screen's range) are not applied:
** the scheduler keeps its own. */
static void test_apply_out_of_range(void) {
  static const double bad_retention[] = {5, -1, 0.5, 1.0};
  for (size_t i = 0; i < sizeof bad_retention / sizeof bad_retention[0]; i++) {
    kk_StoreDeckSettings eff;
    memset(&eff, 0, sizeof eff);
    eff.scheduler = eff.leech_action = -1;
    eff.retention = bad_retention[i];
    eff.leech_threshold = KK_LEECH_THRESHOLD_MAX + 1;
    kk_SchedConfig cfg, def;
    kk_sched_config_default(&cfg);
    kk_sched_config_default(&def);
    kk_settings_apply(&eff, &cfg);
    KT_CHECK(cfg.desired_retention == def.desired_retention);
    KT_CHECK(cfg.leech_threshold == def.leech_threshold);
  }
  kk_StoreDeckSettings eff;
  memset(&eff, 0, sizeof eff);
  eff.scheduler = eff.leech_action = -1;
  eff.retention = 0.97;
  eff.leech_threshold = KK_LEECH_THRESHOLD_MAX;
  kk_SchedConfig cfg;
  kk_sched_config_default(&cfg);
  kk_settings_apply(&eff, &cfg);
  KT_CHECK(cfg.desired_retention == 0.97 && cfg.leech_threshold == KK_LEECH_THRESHOLD_MAX);
}

/* ---- the screen ------------------------------------------------------------------ */

static kk_StoreDeckSettings mine_of(kk_Store *s) {
  kk_StoreDeckSettings ds;
  kk_Err e;
  kk_store_get_deck_settings(s, "browse-en", &e, &ds, NULL);
  return ds;
}

static void test_screen(void) {
  char dir[64];
  kk_Err e;
  kt_Ui f;
  memset(&f, 0, sizeof f);
  KT_REQUIRE(kt_tmpdir(dir, sizeof dir, "settings") == 0);
  kk_Deck *deck = kt_deck_file("tests/scripts/decks-browse/browse-en.yaml");
  kk_Store *store = kt_store(dir);
  KT_CHECK(deck != NULL);
  KT_CHECK(store != NULL);
  if (!deck || !store) goto done;
  KT_CHECK(kt_ui_open(&f, store, &deck, 1, KK_UI_HOME) == 0);
  if (!f.ui) goto done;
  KT_CHECK(kt_ui_find_exact(&f, "19 new") != NULL); /* every item: under the deck's 20 */

  kt_ui_ch(&f, 'o', 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SETTINGS);
  KT_CHECK(kt_ui_find(&f, "Settings: Browser test (English)") != NULL);
  KT_CHECK(kt_ui_find(&f, "deck: 20") != NULL);
  KT_CHECK(kt_ui_find(&f, "the workload shows once some items are studied") != NULL);
  /* new cards a day: 20 - 10 (Shift+Left) - 1 = 9, saved at once */
  kt_ui_key(&f, KK_KEY_LEFT, KK_MOD_SHIFT);
  kt_ui_key(&f, KK_KEY_LEFT, 0);
  KT_CHECK(mine_of(store).new_per_day == 9);
  /* retention down two steps; scheduler switched by Enter */
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_LEFT, 0);
  kt_ui_key(&f, KK_KEY_LEFT, 0);
  KT_CHECK(mine_of(store).retention > 0.879 && mine_of(store).retention < 0.881);
  /* the rows stop at the ranges the deck format allows (the schema's) */
  const kk_SchemaKey *rk = kk_schema_find(kk_schema_settings, "retention");
  KT_REQUIRE(rk != NULL);
  for (int i = 0; i < 3; i++) kt_ui_key(&f, KK_KEY_LEFT, KK_MOD_SHIFT);
  KT_CHECK(fabs(mine_of(store).retention - rk->lo) < 1e-9);
  for (int i = 0; i < 4; i++) kt_ui_key(&f, KK_KEY_RIGHT, KK_MOD_SHIFT);
  KT_CHECK(fabs(mine_of(store).retention - rk->hi) < 1e-9);
  kt_ui_key(&f, KK_KEY_LEFT, KK_MOD_SHIFT);
  kt_ui_key(&f, KK_KEY_LEFT, 0);
  KT_CHECK(mine_of(store).retention > 0.879 && mine_of(store).retention < 0.881);
  /* the maximum interval: up from the deck's (the longest) stays there */
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_RIGHT, KK_MOD_SHIFT);
  KT_CHECK(mine_of(store).max_interval_days == KK_DECK_MAX_INTERVAL_DAYS);
  kt_ui_key(&f, KK_KEY_LEFT, 0);
  KT_CHECK(mine_of(store).max_interval_days == KK_DECK_MAX_INTERVAL_DAYS - 30);
  kt_ui_key(&f, KK_KEY_DELETE, 0); /* back to the deck's */
  KT_CHECK(mine_of(store).max_interval_days <= 0);
  kt_ui_key(&f, KK_KEY_UP, 0);
  kt_ui_key(&f, KK_KEY_UP, 0);
  kt_ui_key(&f, KK_KEY_UP, 0);
  kt_ui_key(&f, KK_KEY_LEFT, KK_MOD_SHIFT);
  KT_CHECK(mine_of(store).new_per_day == 0);
  for (int i = 0; i < 9; i++) kt_ui_key(&f, KK_KEY_RIGHT, 0);
  KT_CHECK(mine_of(store).new_per_day == 9);
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  for (int i = 0; i < 3; i++) kt_ui_key(&f, KK_KEY_LEFT, KK_MOD_SHIFT);
  KT_CHECK(mine_of(store).reviews_per_day == 0);
  kt_ui_key(&f, KK_KEY_DELETE, 0);
  KT_CHECK(mine_of(store).reviews_per_day < 0);
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  /* learning steps typed: bad text refused, good text kept */
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(kk_ui_text_input_active(f.ui));
  kt_ui_text(&f, "10 minutes");
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(kt_ui_find(&f, "Steps are times such as") != NULL);
  KT_CHECK(mine_of(store).learning_steps[0] == '\0');
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  kt_ui_text(&f, "30s 5m");
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  KT_CHECK_STR(mine_of(store).learning_steps, "30s 5m");
  KT_CHECK(!kk_ui_text_input_active(f.ui));
  /* Delete puts one row back to the deck's */
  kt_ui_key(&f, KK_KEY_DELETE, 0);
  KT_CHECK(mine_of(store).learning_steps[0] == '\0');
  /* the exam date: a bad one refused */
  for (int i = 0; i < 4; i++) kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  kt_ui_text(&f, "2026-13-01");
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(kt_ui_find(&f, "The exam date is YYYY-MM-DD") != NULL);
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  /* kana folding: the deck's (they match) beside, Enter keeps them apart */
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  KT_CHECK(kt_ui_find(&f, "deck: match each other") != NULL);
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(mine_of(store).fold_kana == 0);
  KT_CHECK(kt_ui_find_exact(&f, "kept apart") != NULL);
  /* the study day's start hour (all decks) */
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_RIGHT, 0);
  char *v = NULL;
  KT_CHECK(kk_store_get_setting(store, "day_start_hour", &e, &v) == KK_OK && v &&
           strcmp(v, "5") == 0);
  kk_free(v);
  /* back home: the limit is in force */
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  KT_CHECK(kt_ui_find_exact(&f, "9 new") != NULL);
  /* Ctrl+R: every deck setting back to the deck's (opened by the mouse) */
  const kk_DrawCmd *btn = kt_ui_find(&f, "Settings");
  KT_REQUIRE(btn != NULL);
  kt_ui_send(&f,
             (kk_UiEvent){.kind = KK_EV_CLICK, .x = btn->r.x + 2, .y = btn->r.y + 2, .button = 1});
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SETTINGS);
  kt_ui_ch(&f, 'r', KK_MOD_CTRL);
  kk_StoreDeckSettings ds = mine_of(store);
  KT_CHECK(ds.new_per_day == -1 && ds.retention == 0 && ds.learning_steps[0] == '\0' &&
           ds.fold_kana == -1);
  KT_CHECK(kt_ui_find(&f, "Back to the deck's settings") != NULL);
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kt_ui_find_exact(&f, "19 new") != NULL);
done:
  kt_ui_close(&f);
  kk_store_close(store);
  kk_deck_free(deck);
  kt_rm_rf(dir);
}

/* Kana folding: the deck's fold_kana, the student's value over it (the
** merge, the store's column) and the drill's marking of a typed answer
** under the value in force. */
static int drill_kana(kk_Store *store, kk_Deck *deck, const char *typed) {
  kt_Ui f;
  if (kt_ui_open(&f, store, &deck, 1, KK_UI_DRILL) != 0) {
    kt_ui_close(&f);
    return -1;
  }
  kt_ui_text(&f, typed);
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  kk_UiDrillState ds;
  kk_ui_drill_state(f.ui, &ds);
  int r = ds.phase == KK_DRILL_ANSWERED ? ds.correct : -1;
  kt_ui_close(&f);
  return r;
}

static void test_fold_kana(void) {
  static const char yaml[] = "deck:\n  id: kana\n  title: K\n"
                             "cards:\n  - {id: k, type: typed, question: q, answer: [カタカナ]}\n";
  static const char strict[] =
      "deck:\n  id: kana\n  title: K\n  settings:\n    fold_kana: false\n"
      "cards:\n  - {id: k, type: typed, question: q, answer: [カタカナ]}\n";
  kk_Deck *d = kt_deck(yaml, "k.yaml"), *ds = kt_deck(strict, "k.yaml");
  KT_REQUIRE(d != NULL && ds != NULL);
  kk_StoreDeckSettings sug, mine, eff;
  kk_settings_deck_defaults(d, &sug);
  KT_CHECK(sug.fold_kana == 1);
  kk_settings_deck_defaults(ds, &sug);
  KT_CHECK(sug.fold_kana == 0);
  memset(&mine, 0, sizeof mine);
  mine.new_per_day = mine.reviews_per_day = mine.scheduler = mine.leech_action = -1;
  mine.fold_kana = -1;
  kk_settings_effective(ds, &mine, &eff);
  KT_CHECK(eff.fold_kana == 0 && kk_settings_text_fold(ds, &mine) == KK_TEXT_FOLD_NO_KANA);
  mine.fold_kana = 1;
  kk_settings_effective(ds, &mine, &eff);
  KT_CHECK(eff.fold_kana == 1 && kk_settings_text_fold(ds, &mine) == 0);
  mine.fold_kana = 0;
  KT_CHECK(kk_settings_text_fold(d, &mine) == KK_TEXT_FOLD_NO_KANA);

  char dir[64];
  KT_REQUIRE(kt_tmpdir(dir, sizeof dir, "settings") == 0);
  kk_Store *store = kt_store(dir);
  kk_Err e;
  KT_REQUIRE(store != NULL);
  /* the deck folds: hiragana typed for katakana is right */
  KT_CHECK(drill_kana(store, d, "かたかな") == 1);
  /* the student keeps them apart: the same answer is wrong, katakana right */
  mine.fold_kana = 0;
  KT_CHECK(kk_store_put_deck_settings(store, "kana", &mine, &e) == KK_OK);
  kk_StoreDeckSettings got;
  int found = 0;
  KT_CHECK(kk_store_get_deck_settings(store, "kana", &e, &got, &found) == KK_OK && found &&
           got.fold_kana == 0);
  KT_CHECK(drill_kana(store, d, "かたかな") == 0);
  KT_CHECK(drill_kana(store, d, "カタカナ") == 1);
  /* a deck that keeps them apart, the student folds */
  KT_CHECK(drill_kana(store, ds, "かたかな") == 0);
  mine.fold_kana = 1;
  KT_CHECK(kk_store_put_deck_settings(store, "kana", &mine, &e) == KK_OK);
  KT_CHECK(drill_kana(store, ds, "かたかな") == 1);
  kk_store_close(store);
  kk_deck_free(d);
  kk_deck_free(ds);
  kt_rm_rf(dir);
}

/* The workload of a retention, simulated from the student's own items. */
static void test_workload(void) {
  const int64_t now = 1790000000000, day = 86400000;
  kk_CardState st[40];
  memset(st, 0, sizeof st);
  for (int i = 0; i < 40; i++) {
    st[i].phase = KK_PHASE_REVIEW;
    st[i].stability = 5 + i % 7;
    st[i].difficulty = 5;
    st[i].reps = 3;
    st[i].interval_days = st[i].stability;
    st[i].last_review_ms = now - (int64_t)st[i].interval_days * day;
    st[i].due_ms = now + (i % 3) * day;
  }
  st[39].suspended = 1;
  st[38].phase = KK_PHASE_NEW;
  st[38].stability = 0;
  kk_SchedConfig cfg;
  kk_sched_config_default(&cfg);
  kk_FsrsParams p;
  kk_fsrs_default_params(&p);
  kk_Clock clock = {now, 0, 4};
  int items = 0, items2 = 0;
  cfg.desired_retention = 0.95;
  double hi = kk_sim_workload(st, 40, &cfg, &p, &clock, 30, 0, 7, &items);
  KT_CHECK(items == 38); /* neither the suspended nor the new one */
  KT_CHECK(hi == kk_sim_workload(st, 40, &cfg, &p, &clock, 30, 0, 7, &items2)); /* deterministic */
  cfg.desired_retention = 0.80;
  double lo = kk_sim_workload(st, 40, &cfg, &p, &clock, 30, 0, 7, &items);
  /* every item comes due in the period at least once; more often when asked to remember more */
  KT_CHECK(lo >= 38.0 / 30 && hi > lo * 1.3);
  /* a sample of the items, scaled to all of them */
  double some = kk_sim_workload(st, 40, &cfg, &p, &clock, 30, 10, 7, &items);
  KT_CHECK(items == 38 && some > lo * 0.6 && some < lo * 1.6);
  /* items due after the period cost nothing in it (a per-item estimate
  ** of one review per interval would say otherwise) */
  for (int i = 0; i < 40; i++) st[i].stability = 400, st[i].due_ms = now + 60 * day;
  KT_CHECK(kk_sim_workload(st, 40, &cfg, &p, &clock, 30, 0, 7, &items) == 0 && items == 38);
  KT_CHECK(kk_sim_workload(st, 0, &cfg, &p, &clock, 30, 0, 7, &items) == 0 && items == 0);
  KT_CHECK(kk_sim_workload(st, 40, &cfg, &p, &clock, 0, 0, 7, &items) < 0);
}

int main(void) {
  KT_RUN(test_steps);
  KT_RUN(test_merge);
  KT_RUN(test_apply_out_of_range);
  KT_RUN(test_screen);
  KT_RUN(test_fold_kana);
  KT_RUN(test_workload);
  return kt_done();
}
