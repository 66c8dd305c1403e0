/* test_ui_browse.c -- the browser screen over the real store host: opening
** it, searching as one types (kana- and case-folded, errors with their
** column), sorting, keyboard and mouse selection, suspend / bury / forget
** on the selection and undo, checked in the progress store. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/base/utf8.h"
#include "core/deck/load.h"
#include "core/study/store.h"
#include "core/ui/ui.h"
#include "core/ui/ui_store.h"
#include "kt.h"

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
  int w, h;
  int64_t now;
  int out_of_bounds;
} Fx;

static void frame(Fx *f) {
  kk_draw_reset(&f->dl);
  kk_ui_draw(f->ui, f->w, f->h, 1.0f, &tm, &f->dl);
  for (size_t i = 0; i < f->dl.n; i++) {
    const kk_DrawCmd *c = &f->dl.cmds[i];
    if (c->kind != KK_DRAW_TEXT) continue;
    int w = fake_width(NULL, c->px, c->text, strlen(c->text));
    if (c->r.x < 0 || c->r.x + w > f->w) f->out_of_bounds++;
  }
}
static unsigned send(Fx *f, kk_UiEvent ev) {
  f->now += 700;
  ev.now_ms = f->now;
  unsigned fl = kk_ui_handle(f->ui, &ev);
  frame(f);
  return fl;
}
static unsigned key(Fx *f, kk_Key k, int mods) {
  return send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = k, .mods = mods});
}
static unsigned ch(Fx *f, uint32_t c, int mods) {
  return send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = KK_KEY_CHAR, .ch = c, .mods = mods});
}
static unsigned text(Fx *f, const char *s) { return send(f, (kk_UiEvent){.kind = KK_EV_TEXT, .text = s}); }
static const kk_DrawCmd *find(const Fx *f, const char *s) {
  for (size_t i = 0; i < f->dl.n; i++)
    if (f->dl.cmds[i].kind == KK_DRAW_TEXT && strstr(f->dl.cmds[i].text, s)) return &f->dl.cmds[i];
  return NULL;
}
static unsigned click_at(Fx *f, const kk_DrawCmd *c, int mods) {
  if (!c) return 0;
  int x = c->r.x + 2, y = c->r.y + 2;
  send(f, (kk_UiEvent){.kind = KK_EV_PRESS, .x = x, .y = y, .button = 1, .mods = mods});
  return send(f, (kk_UiEvent){.kind = KK_EV_CLICK, .x = x, .y = y, .button = 1, .mods = mods});
}
/* Replaces the query with q. */
static void search(Fx *f, const char *q) {
  key(f, KK_KEY_ESCAPE, 0); /* clears the field (stays in the browser) */
  if (*q) text(f, q);
}

static kk_CardState stored(kk_Store *s, const char *key_) {
  kk_CardState st;
  kk_Err e;
  int found = 0;
  memset(&st, 0, sizeof st);
  kk_store_get_state(s, key_, &e, &st, &found);
  return st;
}

static void test_browser(void) {
  char dir[] = "/tmp/kk_test_ui_browse_XXXXXX";
  KT_REQUIRE(mkdtemp(dir) != NULL);
  kk_Deck *decks[2] = {NULL, NULL};
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_deck_load_file("tests/scripts/decks-browse/browse-en.yaml", &dg, &decks[0]);
  kk_deck_load_file("tests/scripts/decks-browse/browse-ja.yaml", &dg, &decks[1]);
  kk_diags_free(&dg);
  kk_Store *store = NULL;
  kk_UiStore *us = NULL;
  kk_Err e;
  Fx f;
  memset(&f, 0, sizeof f);
  KT_CHECK(decks[0] && decks[1]);
  KT_CHECK(kk_store_open(dir, &e, &store) == KK_OK);
  if (!decks[0] || !decks[1] || !store) goto done;
  f.now = 1790000000000;
  /* one item with a history: a review with 3 lapses, due in 4 days */
  kk_CardState before, after;
  memset(&before, 0, sizeof before);
  after = before;
  after.phase = KK_PHASE_REVIEW;
  after.stability = 8;
  after.difficulty = 7;
  after.interval_days = 8;
  after.last_review_ms = f.now - 4 * 86400000LL;
  after.due_ms = f.now + 4 * 86400000LL;
  after.lapses = 3;
  after.reps = 9;
  kk_ReviewLog log;
  memset(&log, 0, sizeof log);
  log.time_ms = after.last_review_ms;
  log.rating = KK_GOOD;
  log.phase_after = KK_PHASE_REVIEW;
  KT_CHECK(kk_store_record_review(store, "ja-003", "browse-ja", &before, &after, &log, &e) == KK_OK);
  KT_CHECK(kk_ui_store_new(store, decks, 2, 540, 4, &e, &us) == KK_OK);
  if (!us) goto done;
  kk_UiConfig cfg = {0};
  cfg.decks = decks;
  cfg.ndecks = 2;
  cfg.host = kk_ui_store_host(us);
  cfg.start = KK_UI_HOME;
  f.ui = kk_ui_new(&cfg);
  f.w = 960, f.h = 680;
  kk_draw_init(&f.dl);
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE});

  /* B from home: every item, the field takes text */
  ch(&f, 'b', 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_BROWSE);
  KT_CHECK(kk_ui_text_input_active(f.ui));
  KT_CHECK(find(&f, "Browse: 40 items") != NULL);
  KT_CHECK(find(&f, "第5条が初めて発動された年は?") != NULL);
  /* pages and the wheel scroll the long list (the last rows come into view) */
  KT_CHECK(find(&f, "非介入主義を採った国の例は?") == NULL);
  key(&f, KK_KEY_PAGEDOWN, 0);
  key(&f, KK_KEY_PAGEDOWN, 0);
  send(&f, (kk_UiEvent){.kind = KK_EV_WHEEL, .dy = -1});
  KT_CHECK(find(&f, "非介入主義を採った国の例は?") != NULL);
  KT_CHECK(find(&f, "What year was NATO founded?") == NULL);

  /* typing filters: kana folded, then case folded across both decks */
  text(&f, "たべる");
  KT_CHECK(find(&f, "Browse: 1 item") != NULL);
  KT_CHECK(find(&f, "タベル (食べる) は何の動詞?") != NULL);
  search(&f, "TOKYO");
  KT_CHECK(find(&f, "Browse: 1 item") != NULL);
  KT_CHECK(find(&f, "What is TOKYO's role?") != NULL);
  /* Backspace edits the query: "TOKY" still matches */
  key(&f, KK_KEY_BACKSPACE, 0);
  KT_CHECK(find(&f, "Browse: 1 item") != NULL);
  /* a bad query: its column and problem, no rows */
  search(&f, "tag:year prop:lapses~2");
  KT_CHECK(find(&f, "column 10: expected one of") != NULL);
  KT_CHECK(find(&f, "Browse: 0 items") != NULL);

  /* sort by lapses, descending (Ctrl+9 twice): the item with history first */
  search(&f, "deck:browse-ja");
  KT_CHECK(find(&f, "Browse: 21 items") != NULL);
  ch(&f, '9', KK_MOD_CTRL);
  ch(&f, '9', KK_MOD_CTRL);
  const kk_DrawCmd *first = find(&f, "年は?"); /* the first question drawn */
  KT_CHECK(first && strstr(first->text, "第5条が初めて発動された年は?"));
  KT_CHECK(find(&f, "review") != NULL);
  ch(&f, '1', KK_MOD_CTRL); /* back to deck order */

  /* keyboard selection: two rows, suspend (Ctrl+J), stored */
  search(&f, "deck:browse-en tag:year");
  KT_CHECK(find(&f, "Browse: 3 items") != NULL);
  key(&f, KK_KEY_DOWN, 0);
  key(&f, KK_KEY_DOWN, KK_MOD_SHIFT);
  KT_CHECK(find(&f, "2 selected") != NULL);
  ch(&f, 'j', KK_MOD_CTRL);
  KT_CHECK(find(&f, "Suspended 2 items") != NULL);
  KT_CHECK(stored(store, "en-007").suspended == 1);
  KT_CHECK(stored(store, "en-018").suspended == 1);
  KT_CHECK(stored(store, "en-001").suspended == 0);
  /* the search sees the new state at once */
  text(&f, " is:suspended");
  KT_CHECK(find(&f, "Browse: 2 items") != NULL);
  /* Ctrl+J on suspended rows takes them back; Ctrl+Z undoes that */
  ch(&f, 'a', KK_MOD_CTRL);
  ch(&f, 'j', KK_MOD_CTRL);
  KT_CHECK(find(&f, "Unsuspended 2 items") != NULL);
  KT_CHECK(stored(store, "en-007").suspended == 0);
  ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(find(&f, "Undone for 2 items") != NULL);
  KT_CHECK(stored(store, "en-007").suspended == 1 && stored(store, "en-018").suspended == 1);
  ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(stored(store, "en-007").suspended == 0 && stored(store, "en-018").suspended == 0);
  ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(find(&f, "Nothing to undo") != NULL);

  /* forget (Ctrl+Alt+N) the reviewed item: new again, the review stays in
  ** the log; undo brings its memory back */
  search(&f, "prop:lapses>=3");
  KT_CHECK(find(&f, "Browse: 1 item") != NULL);
  ch(&f, 'n', KK_MOD_CTRL | KK_MOD_ALT);
  KT_CHECK(find(&f, "Forgot 1 item") != NULL);
  KT_CHECK(stored(store, "ja-003").phase == KK_PHASE_NEW && stored(store, "ja-003").lapses == 0);
  KT_CHECK(find(&f, "Browse: 0 items") != NULL); /* no lapses any more */
  int64_t n = 0;
  KT_CHECK(kk_store_review_count(store, NULL, &e, &n) == KK_OK && n == 1);
  ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(stored(store, "ja-003").lapses == 3 && stored(store, "ja-003").stability == 8);
  KT_CHECK(find(&f, "Browse: 1 item") != NULL);

  /* card info (Enter): the card, its source, memory and the history with
  ** the review and the actions (a suspend and its undo leave no trace; the
  ** forget was undone too) */
  ch(&f, 'j', KK_MOD_CTRL); /* suspend: an action in the history */
  key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_CARDINFO);
  KT_CHECK(find(&f, "第5条が初めて発動された年は?") != NULL);
  KT_CHECK(find(&f, "2001年") != NULL); /* the answer side */
  KT_CHECK(find(&f, "000_58e3e53a805f13db.txt") != NULL);
  KT_CHECK(find(&f, "12") != NULL && find(&f, "Line:") != NULL);
  KT_CHECK(find(&f, "Stability over time") != NULL);
  KT_CHECK(find(&f, "Good") != NULL);       /* the review */
  KT_CHECK(find(&f, "suspended") != NULL);  /* the action (and the state) */
  KT_CHECK(find(&f, "forgotten") == NULL);  /* undone: gone from the log */
  KT_CHECK(find(&f, "8d") != NULL);         /* stability after the review */
  key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_BROWSE);
  ch(&f, 'z', KK_MOD_CTRL); /* unsuspend again */
  KT_CHECK(stored(store, "ja-003").suspended == 0);

  /* set the due date (Ctrl+Shift+D, days typed): a new item becomes a
  ** review due that day; a bad number is refused; undo */
  search(&f, "deck:browse-en sweden");
  KT_CHECK(find(&f, "Browse: 1 item") != NULL);
  ch(&f, 'd', KK_MOD_CTRL | KK_MOD_SHIFT);
  KT_CHECK(find(&f, "Due in how many days?") != NULL);
  text(&f, "x");
  key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(find(&f, "Type a number of days") != NULL);
  key(&f, KK_KEY_BACKSPACE, 0);
  text(&f, "3");
  key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(find(&f, "Set the due date of 1 item") != NULL);
  kk_Clock clk = {f.now, 540, 4};
  kk_CardState due = stored(store, "en-018");
  KT_CHECK(due.phase == KK_PHASE_REVIEW);
  KT_CHECK(kk_clock_day(&clk, due.due_ms) == kk_clock_day(&clk, f.now) + 3);
  KT_CHECK(find(&f, "review") != NULL);
  ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(stored(store, "en-018").phase == KK_PHASE_NEW);
  /* Esc leaves the prompt without acting */
  ch(&f, 'd', KK_MOD_CTRL | KK_MOD_SHIFT);
  key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(find(&f, "Due in how many days?") == NULL && find(&f, "sweden") != NULL);

  /* the mouse: click one row, Ctrl+click another, bury both with the button */
  search(&f, "deck:browse-en what");
  click_at(&f, find(&f, "What year was NATO founded?"), 0);
  click_at(&f, find(&f, "What is burden sharing?"), KK_MOD_CTRL);
  KT_CHECK(find(&f, "2 selected") != NULL);
  click_at(&f, find(&f, "Bury"), 0);
  KT_CHECK(find(&f, "Buried 2 items until tomorrow") != NULL);
  KT_CHECK(stored(store, "en-001").buried_until_ms > f.now);
  KT_CHECK(stored(store, "en-011").buried_until_ms > f.now);
  KT_CHECK(stored(store, "en-002").buried_until_ms == 0);
  /* a heading click sorts */
  click_at(&f, find(&f, "Question"), 0);
  KT_CHECK(find(&f, "Question \xE2\x96\xB2") != NULL);

  /* Esc clears the search, then leaves; the help lists the browser */
  key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_BROWSE && find(&f, "Browse: 40 items"));
  key(&f, KK_KEY_F1, 0);
  KT_CHECK(find(&f, "suspend / unsuspend the selected items") != NULL);
  key(&f, KK_KEY_ESCAPE, 0);
  key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  /* I in the drill: card info of the item shown, Esc back to it */
  ch(&f, 'a', 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  ch(&f, 'i', 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_CARDINFO && find(&f, "History") != NULL);
  KT_CHECK(find(&f, "Never reviewed.") != NULL || find(&f, "Good") != NULL);
  key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  key(&f, KK_KEY_ESCAPE, 0);
  /* the top bar's Browse button */
  click_at(&f, find(&f, "Browse"), 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_BROWSE);
  /* a small window: nothing drawn past the edges */
  f.w = 480, f.h = 360;
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE});
  KT_CHECK(f.out_of_bounds == 0);
  KT_CHECK_STR(kk_ui_store_error(us), "");
done:
  kk_ui_free(f.ui);
  kk_draw_free(&f.dl);
  kk_ui_store_free(us);
  kk_store_close(store);
  kk_deck_free(decks[0]);
  kk_deck_free(decks[1]);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

int main(void) {
  KT_RUN(test_browser);
  return kt_done();
}
