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
#include "kt_fixture.h"

static unsigned click_at(kt_Ui *f, const kk_DrawCmd *c, int mods) {
  if (!c) return 0;
  int x = c->r.x + 2, y = c->r.y + 2;
  kt_ui_send(f, (kk_UiEvent){.kind = KK_EV_PRESS, .x = x, .y = y, .button = 1, .mods = mods});
  return kt_ui_send(f,
                    (kk_UiEvent){.kind = KK_EV_CLICK, .x = x, .y = y, .button = 1, .mods = mods});
}
/* Replaces the query with q. */
static void search(kt_Ui *f, const char *q) {
  kt_ui_key(f, KK_KEY_ESCAPE, 0); /* clears the field (stays in the browser) */
  if (*q) kt_ui_text(f, q);
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
  char dir[64];
  KT_REQUIRE(kt_tmpdir(dir, sizeof dir, "ui_browse") == 0);
  kk_Deck *decks[2] = {kt_deck_file("tests/scripts/decks-browse/browse-en.yaml"),
                       kt_deck_file("tests/scripts/decks-browse/browse-ja.yaml")};
  kk_Store *store = kt_store(dir);
  kk_Err e;
  kt_Ui f;
  memset(&f, 0, sizeof f);
  KT_CHECK(decks[0] && decks[1]);
  KT_CHECK(store != NULL);
  if (!decks[0] || !decks[1] || !store) goto done;
  f.now = 1790000000000; /* the history below is written at kt_ui_open's clock */
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
  KT_CHECK(kk_store_record_review(store, "ja-003", "browse-ja", &before, &after, &log, &e) ==
           KK_OK);
  KT_CHECK(kt_ui_open(&f, store, decks, 2, KK_UI_HOME) == 0);
  if (!f.ui) goto done;

  /* B from home: every item, the field takes text */
  kt_ui_ch(&f, 'b', 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_BROWSE);
  KT_CHECK(kk_ui_text_input_active(f.ui));
  KT_CHECK(kt_ui_find(&f, "Browse: 40 items") != NULL);
  KT_CHECK(kt_ui_find(&f, "第5条が初めて発動された年は?") != NULL);
  /* pages and the wheel scroll the long list (the last rows come into view) */
  KT_CHECK(kt_ui_find(&f, "非介入主義を採った国の例は?") == NULL);
  kt_ui_key(&f, KK_KEY_PAGEDOWN, 0);
  kt_ui_key(&f, KK_KEY_PAGEDOWN, 0);
  kt_ui_send(&f, (kk_UiEvent){.kind = KK_EV_WHEEL, .dy = -1});
  KT_CHECK(kt_ui_find(&f, "非介入主義を採った国の例は?") != NULL);
  KT_CHECK(kt_ui_find(&f, "What year was NATO founded?") == NULL);

  /* typing filters: kana folded, then case folded across both decks */
  kt_ui_text(&f, "たべる");
  KT_CHECK(kt_ui_find(&f, "Browse: 1 item") != NULL);
  KT_CHECK(kt_ui_find(&f, "タベル (食べる) は何の動詞?") != NULL);
  search(&f, "TOKYO");
  KT_CHECK(kt_ui_find(&f, "Browse: 1 item") != NULL);
  KT_CHECK(kt_ui_find(&f, "What is TOKYO's role?") != NULL);
  /* Backspace edits the query: "TOKY" still matches */
  kt_ui_key(&f, KK_KEY_BACKSPACE, 0);
  KT_CHECK(kt_ui_find(&f, "Browse: 1 item") != NULL);
  /* a bad query: its column and problem, no rows */
  search(&f, "tag:year prop:lapses~2");
  KT_CHECK(kt_ui_find(&f, "column 10: expected one of") != NULL);
  KT_CHECK(kt_ui_find(&f, "Browse: 0 items") != NULL);

  /* sort by lapses, descending (Ctrl+9 twice): the item with history first */
  search(&f, "deck:browse-ja");
  KT_CHECK(kt_ui_find(&f, "Browse: 21 items") != NULL);
  kt_ui_ch(&f, '9', KK_MOD_CTRL);
  kt_ui_ch(&f, '9', KK_MOD_CTRL);
  const kk_DrawCmd *first = kt_ui_find(&f, "年は?"); /* the first question drawn */
  KT_CHECK(first && strstr(first->text, "第5条が初めて発動された年は?"));
  KT_CHECK(kt_ui_find(&f, "review") != NULL);
  kt_ui_ch(&f, '1', KK_MOD_CTRL); /* back to deck order */

  /* keyboard selection: two rows, suspend (Ctrl+J), stored */
  search(&f, "deck:browse-en tag:year");
  KT_CHECK(kt_ui_find(&f, "Browse: 3 items") != NULL);
  kt_ui_key(&f, KK_KEY_DOWN, 0);
  kt_ui_key(&f, KK_KEY_DOWN, KK_MOD_SHIFT);
  KT_CHECK(kt_ui_find(&f, "2 selected") != NULL);
  kt_ui_ch(&f, 'j', KK_MOD_CTRL);
  KT_CHECK(kt_ui_find(&f, "Suspended 2 items") != NULL);
  KT_CHECK(stored(store, "en-007").suspended == 1);
  KT_CHECK(stored(store, "en-018").suspended == 1);
  KT_CHECK(stored(store, "en-001").suspended == 0);
  /* the search sees the new state at once */
  kt_ui_text(&f, " is:suspended");
  KT_CHECK(kt_ui_find(&f, "Browse: 2 items") != NULL);
  /* Ctrl+J on suspended rows takes them back; Ctrl+Z undoes that */
  kt_ui_ch(&f, 'a', KK_MOD_CTRL);
  kt_ui_ch(&f, 'j', KK_MOD_CTRL);
  KT_CHECK(kt_ui_find(&f, "Unsuspended 2 items") != NULL);
  KT_CHECK(stored(store, "en-007").suspended == 0);
  kt_ui_ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(kt_ui_find(&f, "Undone for 2 items") != NULL);
  KT_CHECK(stored(store, "en-007").suspended == 1 && stored(store, "en-018").suspended == 1);
  kt_ui_ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(stored(store, "en-007").suspended == 0 && stored(store, "en-018").suspended == 0);
  kt_ui_ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(kt_ui_find(&f, "Nothing to undo") != NULL);

  /* forget (Ctrl+Alt+N) the reviewed item: new again, the review stays in
  ** the log; undo brings its memory back */
  search(&f, "prop:lapses>=3");
  KT_CHECK(kt_ui_find(&f, "Browse: 1 item") != NULL);
  kt_ui_ch(&f, 'n', KK_MOD_CTRL | KK_MOD_ALT);
  KT_CHECK(kt_ui_find(&f, "Forgot 1 item") != NULL);
  KT_CHECK(stored(store, "ja-003").phase == KK_PHASE_NEW && stored(store, "ja-003").lapses == 0);
  KT_CHECK(kt_ui_find(&f, "Browse: 0 items") != NULL); /* no lapses any more */
  int64_t n = 0;
  KT_CHECK(kk_store_review_count(store, NULL, &e, &n) == KK_OK && n == 1);
  kt_ui_ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(stored(store, "ja-003").lapses == 3 && stored(store, "ja-003").stability == 8);
  KT_CHECK(kt_ui_find(&f, "Browse: 1 item") != NULL);

  /* card info (Enter): the card, its source, memory and the history with
  ** the review and the actions (a suspend and its undo leave no trace; the
  ** forget was undone too) */
  kt_ui_ch(&f, 'j', KK_MOD_CTRL); /* suspend: an action in the history */
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_CARDINFO);
  KT_CHECK(kt_ui_find(&f, "第5条が初めて発動された年は?") != NULL);
  KT_CHECK(kt_ui_find(&f, "2001年") != NULL); /* the answer side */
  KT_CHECK(kt_ui_find(&f, "000_58e3e53a805f13db.txt") != NULL);
  KT_CHECK(kt_ui_find(&f, "12") != NULL && kt_ui_find(&f, "Line:") != NULL);
  KT_CHECK(kt_ui_find(&f, "Stability over time") != NULL);
  KT_CHECK(kt_ui_find(&f, "Good") != NULL);      /* the review */
  KT_CHECK(kt_ui_find(&f, "suspended") != NULL); /* the action (and the state) */
  KT_CHECK(kt_ui_find(&f, "forgotten") == NULL); /* undone: gone from the log */
  KT_CHECK(kt_ui_find(&f, "8d") != NULL);        /* stability after the review */
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_BROWSE);
  kt_ui_ch(&f, 'z', KK_MOD_CTRL); /* unsuspend again */
  KT_CHECK(stored(store, "ja-003").suspended == 0);

  /* set the due date (Ctrl+Shift+D, days typed): a new item becomes a
  ** review due that day; a bad number is refused; undo */
  search(&f, "deck:browse-en sweden");
  KT_CHECK(kt_ui_find(&f, "Browse: 1 item") != NULL);
  kt_ui_ch(&f, 'd', KK_MOD_CTRL | KK_MOD_SHIFT);
  KT_CHECK(kt_ui_find(&f, "Due in how many days?") != NULL);
  kt_ui_text(&f, "x");
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(kt_ui_find(&f, "Type a number of days") != NULL);
  kt_ui_key(&f, KK_KEY_BACKSPACE, 0);
  kt_ui_text(&f, "3");
  kt_ui_key(&f, KK_KEY_ENTER, 0);
  KT_CHECK(kt_ui_find(&f, "Set the due date of 1 item") != NULL);
  kk_Clock clk = {f.now, 540, 4};
  kk_CardState due = stored(store, "en-018");
  KT_CHECK(due.phase == KK_PHASE_REVIEW);
  KT_CHECK(kk_clock_day(&clk, due.due_ms) == kk_clock_day(&clk, f.now) + 3);
  KT_CHECK(kt_ui_find(&f, "review") != NULL);
  kt_ui_ch(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(stored(store, "en-018").phase == KK_PHASE_NEW);
  /* Esc leaves the prompt without acting */
  kt_ui_ch(&f, 'd', KK_MOD_CTRL | KK_MOD_SHIFT);
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kt_ui_find(&f, "Due in how many days?") == NULL && kt_ui_find(&f, "sweden") != NULL);

  /* the mouse: click one row, Ctrl+click another, bury both with the button */
  search(&f, "deck:browse-en what");
  click_at(&f, kt_ui_find(&f, "What year was NATO founded?"), 0);
  click_at(&f, kt_ui_find(&f, "What is burden sharing?"), KK_MOD_CTRL);
  KT_CHECK(kt_ui_find(&f, "2 selected") != NULL);
  click_at(&f, kt_ui_find(&f, "Bury"), 0);
  KT_CHECK(kt_ui_find(&f, "Buried 2 items until tomorrow") != NULL);
  KT_CHECK(stored(store, "en-001").buried_until_ms > f.now);
  KT_CHECK(stored(store, "en-011").buried_until_ms > f.now);
  KT_CHECK(stored(store, "en-002").buried_until_ms == 0);
  /* a heading click sorts */
  click_at(&f, kt_ui_find(&f, "Question"), 0);
  KT_CHECK(kt_ui_find(&f, "Question \xE2\x96\xB2") != NULL);

  /* Esc clears the search, then leaves; the help lists the browser */
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_BROWSE && kt_ui_find(&f, "Browse: 40 items"));
  kt_ui_key(&f, KK_KEY_F1, 0);
  KT_CHECK(kt_ui_find(&f, "suspend / unsuspend the selected items") != NULL);
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  /* I in the drill: card info of the item shown, Esc back to it */
  kt_ui_ch(&f, 'a', 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  kt_ui_ch(&f, 'i', 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_CARDINFO && kt_ui_find(&f, "History") != NULL);
  KT_CHECK(kt_ui_find(&f, "Never reviewed.") != NULL || kt_ui_find(&f, "Good") != NULL);
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  /* the same by the mouse: the drill's Info button */
  const kk_DrawCmd *info = kt_ui_find(&f, "Info");
  KT_CHECK(info != NULL);
  click_at(&f, info, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_CARDINFO && kt_ui_find(&f, "History") != NULL);
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  kt_ui_key(&f, KK_KEY_ESCAPE, 0);
  /* the top bar's Browse button */
  click_at(&f, kt_ui_find(&f, "Browse"), 0);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_BROWSE);
  /* a small window: nothing drawn past the edges */
  f.w = 480, f.h = 360;
  kt_ui_send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE});
  KT_CHECK(f.out_of_bounds == 0);
  KT_CHECK_STR(kk_ui_store_error(f.us), "");
done:
  kt_ui_close(&f);
  kk_store_close(store);
  kk_deck_free(decks[0]);
  kk_deck_free(decks[1]);
  kt_rm_rf(dir);
}

int main(void) {
  KT_RUN(test_browser);
  return kt_done();
}
