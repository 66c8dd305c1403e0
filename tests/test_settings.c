/* test_settings.c -- the student's deck settings: steps text, the deck's
** suggestion and the merge (study/settings), the store's new columns, and
** the settings screen over the real store host (changes saved at once,
** one row or all back to the deck's, bad text refused, in force in the
** queue and the scheduler). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/base/utf8.h"
#include "core/deck/load.h"
#include "core/study/settings.h"
#include "core/study/store.h"
#include "core/ui/ui.h"
#include "core/ui/ui_store.h"
#include "kt.h"

static void test_steps(void) {
  int s[KK_SCHED_MAX_STEPS];
  char buf[64];
  KT_CHECK(kk_settings_parse_steps("1m 10m", s, KK_SCHED_MAX_STEPS) == 2 && s[0] == 60 && s[1] == 600);
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
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  static const char yaml[] = "deck:\n  id: d\n  title: D\n  settings:\n    new_per_day: 7\n"
                             "    retention: 0.85\n    scheduler: sm2\n"
                             "cards:\n  - {id: a, type: basic, front: x, back: y}\n";
  kk_Deck *d = NULL;
  kk_Status st = kk_deck_load_mem(yaml, strlen(yaml), "d.yaml", &dg, &d);
  if (st != KK_OK) kk_diags_print(&dg, stderr);
  kk_diags_free(&dg);
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
  KT_CHECK(cfg.n_learning_steps == 2 && cfg.learning_steps_s[0] == 30 && cfg.learning_steps_s[1] == 300);
  KT_CHECK(cfg.leech_threshold == 4 && cfg.leech_action == KK_LEECH_SUSPEND);
  kk_deck_free(d);
}

/* ---- the screen ------------------------------------------------------------------ */

static int fake_width(void *ud, int px, const char *s, size_t len) {
  size_t i = 0;
  int w = 0;
  (void)ud;
  if (px < 0) px = -px;
  while (i < len) {
    int32_t cp = kk_utf8_next(s, len, &i);
    w += cp >= 0x1100 ? px : px / 2;
  }
  return w;
}
static int fake_line_height(void *ud, int px) { return (void)ud, px + px / 4; }
static int fake_ascent(void *ud, int px) { return (void)ud, px; }
static const kk_TextMetrics tm = {NULL, fake_width, fake_line_height, fake_ascent};

typedef struct Fx {
  kk_Ui *ui;
  kk_DrawList dl;
  int64_t now;
} Fx;
static void send(Fx *f, kk_UiEvent ev) {
  f->now += 700;
  ev.now_ms = f->now;
  kk_ui_handle(f->ui, &ev);
  kk_draw_reset(&f->dl);
  kk_ui_draw(f->ui, 960, 680, 1.0f, &tm, &f->dl);
}
static void key(Fx *f, kk_Key k, int mods) { send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = k, .mods = mods}); }
static void ch(Fx *f, uint32_t c, int mods) {
  send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = KK_KEY_CHAR, .ch = c, .mods = mods});
}
static void text(Fx *f, const char *s) { send(f, (kk_UiEvent){.kind = KK_EV_TEXT, .text = s}); }
static const kk_DrawCmd *find(const Fx *f, const char *s) {
  for (size_t i = 0; i < f->dl.n; i++)
    if (f->dl.cmds[i].kind == KK_DRAW_TEXT && strstr(f->dl.cmds[i].text, s)) return &f->dl.cmds[i];
  return NULL;
}

static const kk_DrawCmd *find_exact(const Fx *f, const char *s) {
  for (size_t i = 0; i < f->dl.n; i++)
    if (f->dl.cmds[i].kind == KK_DRAW_TEXT && strcmp(f->dl.cmds[i].text, s) == 0) return &f->dl.cmds[i];
  return NULL;
}

static kk_StoreDeckSettings mine_of(kk_Store *s) {
  kk_StoreDeckSettings ds;
  kk_Err e;
  kk_store_get_deck_settings(s, "browse-en", &e, &ds, NULL);
  return ds;
}

static void test_screen(void) {
  char dir[] = "/tmp/kk_test_settings_XXXXXX";
  KT_REQUIRE(mkdtemp(dir) != NULL);
  kk_Deck *deck = NULL;
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_deck_load_file("tests/scripts/decks-browse/browse-en.yaml", &dg, &deck);
  kk_diags_free(&dg);
  kk_Store *store = NULL;
  kk_UiStore *us = NULL;
  kk_Err e;
  Fx f;
  memset(&f, 0, sizeof f);
  KT_CHECK(deck != NULL);
  KT_CHECK(kk_store_open(dir, &e, &store) == KK_OK);
  if (!deck || !store) goto done;
  KT_CHECK(kk_ui_store_new(store, &deck, 1, 540, 4, &e, &us) == KK_OK);
  if (!us) goto done;
  kk_UiConfig cfg = {0};
  cfg.decks = &deck;
  cfg.ndecks = 1;
  cfg.host = kk_ui_store_host(us);
  f.ui = kk_ui_new(&cfg);
  f.now = 1790000000000;
  kk_draw_init(&f.dl);
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE});
  KT_CHECK(find_exact(&f, "19 new") != NULL); /* every item: under the deck's 20 */

  ch(&f, 'o', 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SETTINGS);
  KT_CHECK(find(&f, "Settings: Browser test (English)") != NULL);
  KT_CHECK(find(&f, "deck: 20") != NULL);
  KT_CHECK(find(&f, "the workload shows once some items are studied") != NULL);
  /* new cards a day: 20 - 10 (Shift+Left) - 1 = 9, saved at once */
  key(&f, KK_KEY_LEFT, KK_MOD_SHIFT);
  key(&f, KK_KEY_LEFT, 0);
  KT_CHECK(mine_of(store).new_per_day == 9);
  /* retention down two steps; scheduler switched by Enter */
  key(&f, KK_KEY_DOWN, 0);
  key(&f, KK_KEY_DOWN, 0);
  key(&f, KK_KEY_LEFT, 0);
  key(&f, KK_KEY_LEFT, 0);
  KT_CHECK(mine_of(store).retention > 0.879 && mine_of(store).retention < 0.881);
  /* learning steps typed: bad text refused, good text kept */
  key(&f, KK_KEY_DOWN, 0);
  key(&f, KK_KEY_DOWN, 0);
  key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(kk_ui_text_input_active(f.ui));
  text(&f, "10 minutes");
  key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(find(&f, "Steps are times such as") != NULL);
  KT_CHECK(mine_of(store).learning_steps[0] == '\0');
  key(&f, KK_KEY_ESCAPE, 0);
  key(&f, KK_KEY_ENTER, 0);
  text(&f, "30s 5m");
  key(&f, KK_KEY_ENTER, 0);
  KT_CHECK_STR(mine_of(store).learning_steps, "30s 5m");
  KT_CHECK(!kk_ui_text_input_active(f.ui));
  /* Delete puts one row back to the deck's */
  key(&f, KK_KEY_DELETE, 0);
  KT_CHECK(mine_of(store).learning_steps[0] == '\0');
  /* the exam date: a bad one refused */
  for (int i = 0; i < 4; i++) key(&f, KK_KEY_DOWN, 0);
  key(&f, KK_KEY_ENTER, 0);
  text(&f, "2026-13-01");
  key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(find(&f, "The exam date is YYYY-MM-DD") != NULL);
  key(&f, KK_KEY_ESCAPE, 0);
  /* the study day's start hour (all decks) */
  key(&f, KK_KEY_DOWN, 0);
  key(&f, KK_KEY_DOWN, 0);
  key(&f, KK_KEY_RIGHT, 0);
  char *v = NULL;
  KT_CHECK(kk_store_get_setting(store, "day_start_hour", &e, &v) == KK_OK && v && strcmp(v, "5") == 0);
  kk_free(v);
  /* back home: the limit is in force */
  key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  KT_CHECK(find_exact(&f, "9 new") != NULL);
  /* Ctrl+R: every deck setting back to the deck's (opened by the mouse) */
  const kk_DrawCmd *btn = find(&f, "Settings");
  KT_REQUIRE(btn != NULL);
  send(&f, (kk_UiEvent){.kind = KK_EV_CLICK, .x = btn->r.x + 2, .y = btn->r.y + 2, .button = 1});
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SETTINGS);
  ch(&f, 'r', KK_MOD_CTRL);
  kk_StoreDeckSettings ds = mine_of(store);
  KT_CHECK(ds.new_per_day == -1 && ds.retention == 0 && ds.learning_steps[0] == '\0');
  KT_CHECK(find(&f, "Back to the deck's settings") != NULL);
  key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(find_exact(&f, "19 new") != NULL);
done:
  kk_ui_free(f.ui);
  kk_draw_free(&f.dl);
  kk_ui_store_free(us);
  kk_store_close(store);
  kk_deck_free(deck);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

int main(void) {
  KT_RUN(test_steps);
  KT_RUN(test_merge);
  KT_RUN(test_screen);
  return kt_done();
}
