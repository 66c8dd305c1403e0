/* test_action.c -- suspend, unsuspend, bury, forget and set-due: the state
** each gives, recording in the store, undo, and that readers of reviews
** (counts, today's limits, the FSRS export) see no actions. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/study/action.h"
#include "core/study/queue.h"
#include "core/study/revlog.h"
#include "core/study/store.h"
#include "kt.h"
#include "kt_fixture.h"

#define DAY ((int64_t)86400000)
static const kk_Clock CLOCK = {1760000000000LL, 540, 4};

static char tmpdir[256];

static kk_CardState review_state(void) {
  kk_CardState st;
  memset(&st, 0, sizeof st);
  st.phase = KK_PHASE_REVIEW;
  st.stability = 12;
  st.difficulty = 6;
  st.ease = 2.3;
  st.interval_days = 10;
  st.review_interval_days = 10;
  st.due_ms = CLOCK.now_ms - DAY;
  st.last_review_ms = CLOCK.now_ms - 11 * DAY;
  st.reps = 7;
  st.lapses = 2;
  return st;
}

static void test_apply(void) {
  kk_CardState b = review_state(), a;
  kk_Err e = {0};
  int64_t today = kk_clock_day(&CLOCK, CLOCK.now_ms);
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_SUSPEND, &b, &CLOCK, 0, &a, &e) == KK_OK);
  KT_CHECK(a.suspended == 1 && a.stability == 12 && a.due_ms == b.due_ms);
  b = a;
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_UNSUSPEND, &b, &CLOCK, 0, &a, &e) == KK_OK);
  KT_CHECK(a.suspended == 0);
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_BURY, &b, &CLOCK, 0, &a, &e) == KK_OK);
  KT_CHECK(a.buried_until_ms == kk_clock_day_start_ms(&CLOCK, today + 1));
  KT_CHECK(a.buried_until_ms > CLOCK.now_ms);
  b = review_state();
  b.suspended = 1;
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_FORGET, &b, &CLOCK, 0, &a, &e) == KK_OK);
  KT_CHECK(a.phase == KK_PHASE_NEW && a.stability == 0 && a.reps == 0 && a.lapses == 0 &&
           a.due_ms == 0 && a.last_review_ms == 0 && a.suspended == 1);
  /* set due: a review item keeps its memory, only the due day moves */
  b = review_state();
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_SET_DUE, &b, &CLOCK, 3, &a, &e) == KK_OK);
  KT_CHECK(a.due_ms == kk_clock_day_start_ms(&CLOCK, today + 3));
  KT_CHECK(kk_clock_day(&CLOCK, a.due_ms) == today + 3);
  KT_CHECK(a.stability == 12 && a.interval_days == 10 && a.phase == KK_PHASE_REVIEW);
  /* a new item becomes a review item */
  memset(&b, 0, sizeof b);
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_SET_DUE, &b, &CLOCK, 5, &a, &e) == KK_OK);
  KT_CHECK(a.phase == KK_PHASE_REVIEW && a.interval_days == 5 && a.stability == 5 &&
           a.difficulty == 5 && a.ease == 2.5 && a.last_review_ms == CLOCK.now_ms);
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_SET_DUE, &b, &CLOCK, 0, &a, &e) == KK_OK);
  KT_CHECK(a.interval_days == 1 && kk_clock_day(&CLOCK, a.due_ms) == today);
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_SET_DUE, &b, &CLOCK, -1, &a, &e) == KK_ERR_USAGE);
  /* the furthest day the window and the CLI offer is taken; one more is not */
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_SET_DUE, &b, &CLOCK, KK_ACTION_MAX_DAYS, &a, &e) ==
           KK_OK);
  KT_CHECK(a.due_ms ==
           kk_clock_day_start_ms(&CLOCK, kk_clock_day(&CLOCK, CLOCK.now_ms) + KK_ACTION_MAX_DAYS));
  KT_CHECK(kk_action_apply(KK_STORE_ACTION_SET_DUE, &b, &CLOCK, KK_ACTION_MAX_DAYS + 1, &a, &e) ==
           KK_ERR_USAGE);
  KT_CHECK(kk_action_apply((kk_StoreAction)9, &b, &CLOCK, 0, &a, &e) == KK_ERR_USAGE);
  KT_CHECK(kk_store_action_name(KK_STORE_ACTION_SET_DUE) != NULL);
  KT_CHECK(kk_store_action_name(0) == NULL && kk_store_action_name(6) == NULL);
}

/* Records a GOOD review of key at t. */
static void review(kk_Store *s, const char *key, int64_t t, kk_CardState *st) {
  kk_CardState before = *st;
  kk_ReviewLog log;
  memset(&log, 0, sizeof log);
  log.time_ms = t;
  log.rating = KK_GOOD;
  log.phase_before = before.phase;
  log.phase_after = KK_PHASE_REVIEW;
  st->phase = KK_PHASE_REVIEW;
  st->reps++;
  st->stability += 1;
  st->last_review_ms = t;
  st->due_ms = t + DAY;
  kk_Err e = {0};
  KT_CHECK(kk_store_record_review(s, key, "d", &before, st, &log, &e) == KK_OK);
}

static int count_cb(void *ud, const kk_StoreReview *r) {
  (void)r;
  (*(int *)ud)++;
  return 0;
}

typedef struct Hist {
  int n, actions[8];
} Hist;
static int hist_cb(void *ud, const kk_StoreReview *r) {
  Hist *h = ud;
  if (h->n < 8) h->actions[h->n] = r->action;
  h->n++;
  return 0;
}

static void test_store_undo(void) {
  char dir[300];
  snprintf(dir, sizeof dir, "%s/undo", tmpdir);
  kk_Store *s = NULL;
  kk_Err e = {0};
  KT_REQUIRE(kk_store_open(dir, &e, &s) == KK_OK);
  kk_CardState st;
  memset(&st, 0, sizeof st);
  review(s, "d/a", CLOCK.now_ms - 3 * DAY, &st);
  review(s, "d/a", CLOCK.now_ms - 2 * DAY, &st);
  kk_CardState reviewed = st, after, got;
  int found = 0;

  /* suspend: stored, logged as an action, undone */
  KT_CHECK(kk_action_run(s, "d/a", "d", KK_STORE_ACTION_SUSPEND, &CLOCK, 0, &after, NULL, &e) ==
           KK_OK);
  KT_CHECK(kk_store_get_state(s, "d/a", &e, &got, &found) == KK_OK && found && got.suspended == 1);
  int64_t n = -1;
  KT_CHECK(kk_store_review_count(s, NULL, &e, &n) == KK_OK && n == 2);
  int cnt = 0;
  KT_CHECK(kk_store_each_review(s, NULL, 0, count_cb, &cnt, &e) == KK_OK && cnt == 2);
  cnt = 0;
  KT_CHECK(kk_store_each_review(s, "d", 0, count_cb, &cnt, &e) == KK_OK && cnt == 2);
  kk_StoreUndo u;
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK);
  KT_CHECK(u.action == KK_STORE_ACTION_SUSPEND && strcmp(u.item_key, "d/a") == 0);
  KT_CHECK(kk_store_get_state(s, "d/a", &e, &got, &found) == KK_OK);
  KT_CHECK(memcmp(&got, &reviewed, sizeof got) == 0);

  /* forget: a new item, the history stays; undo brings the memory back */
  KT_CHECK(kk_action_run(s, "d/a", "d", KK_STORE_ACTION_FORGET, &CLOCK, 0, &after, NULL, &e) ==
           KK_OK);
  KT_CHECK(kk_store_get_state(s, "d/a", &e, &got, &found) == KK_OK && got.phase == KK_PHASE_NEW);
  KT_CHECK(kk_store_review_count(s, "d", &e, &n) == KK_OK && n == 2);
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK && u.action == KK_STORE_ACTION_FORGET);
  KT_CHECK(kk_store_get_state(s, "d/a", &e, &got, &found) == KK_OK);
  KT_CHECK(memcmp(&got, &reviewed, sizeof got) == 0);
  /* undo goes on to the reviews once the actions are gone */
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK && u.action == 0 && u.log.rating == KK_GOOD);

  /* set due and bury, then the item's whole history in order */
  KT_CHECK(kk_action_run(s, "d/a", "d", KK_STORE_ACTION_SET_DUE, &CLOCK, 4, &after, NULL, &e) ==
           KK_OK);
  KT_CHECK(kk_clock_day(&CLOCK, after.due_ms) == kk_clock_day(&CLOCK, CLOCK.now_ms) + 4);
  KT_CHECK(kk_action_run(s, "d/a", "d", KK_STORE_ACTION_BURY, &CLOCK, 0, &after, NULL, &e) ==
           KK_OK);
  KT_CHECK(kk_action_run(s, "d/b", "d", KK_STORE_ACTION_SUSPEND, &CLOCK, 0, &after, NULL, &e) ==
           KK_OK);
  Hist h = {0};
  KT_CHECK(kk_store_each_item_log(s, "d/a", hist_cb, &h, &e) == KK_OK);
  KT_CHECK(h.n == 3 && h.actions[0] == 0 && h.actions[1] == KK_STORE_ACTION_SET_DUE &&
           h.actions[2] == KK_STORE_ACTION_BURY);
  /* an item never studied gets a row by an action; undo takes it back to new */
  KT_CHECK(kk_store_get_state(s, "d/b", &e, &got, &found) == KK_OK && found && got.suspended);
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK && strcmp(u.item_key, "d/b") == 0);
  KT_CHECK(kk_store_get_state(s, "d/b", &e, &got, &found) == KK_OK && !got.suspended &&
           got.phase == KK_PHASE_NEW);
  KT_CHECK(kk_action_run(s, "", "d", KK_STORE_ACTION_SUSPEND, &CLOCK, 0, &after, NULL, &e) !=
           KK_OK);

  /* undo by log id (one window's own action): a later review of another
  ** item stays; a later entry of the same item makes it refuse */
  int64_t id = 0, before_n = 0, after_n = 0;
  KT_CHECK(kk_action_run(s, "d/c", "d", KK_STORE_ACTION_SUSPEND, &CLOCK, 0, NULL, &id, &e) ==
           KK_OK);
  KT_CHECK(id > 0);
  kk_CardState other;
  memset(&other, 0, sizeof other);
  review(s, "d/z", CLOCK.now_ms, &other);
  KT_CHECK(kk_store_review_count(s, NULL, &e, &before_n) == KK_OK);
  KT_CHECK(kk_store_undo_review(s, id, &e, &u) == KK_OK);
  KT_CHECK(u.action == KK_STORE_ACTION_SUSPEND && strcmp(u.item_key, "d/c") == 0);
  KT_CHECK(kk_store_get_state(s, "d/c", &e, &got, &found) == KK_OK && !got.suspended);
  KT_CHECK(kk_store_review_count(s, NULL, &e, &after_n) == KK_OK && after_n == before_n);
  KT_CHECK(kk_action_run(s, "d/c", "d", KK_STORE_ACTION_BURY, &CLOCK, 0, NULL, &id, &e) == KK_OK);
  KT_CHECK(kk_action_run(s, "d/c", "d", KK_STORE_ACTION_SUSPEND, &CLOCK, 0, NULL, NULL, &e) ==
           KK_OK);
  KT_CHECK(kk_store_undo_review(s, id, &e, &u) == KK_ERR_EXISTS);
  kk_store_close(s);
}

/* After a forget, the FSRS export numbers the item's later reviews as a
** new card; actions never appear as rows. */
static void test_export_forget(void) {
  char dir[300];
  snprintf(dir, sizeof dir, "%s/export", tmpdir);
  kk_Store *s = NULL;
  kk_Err e = {0};
  KT_REQUIRE(kk_store_open(dir, &e, &s) == KK_OK);
  kk_CardState a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  review(s, "d/a", CLOCK.now_ms - 9 * DAY, &a);
  review(s, "d/b", CLOCK.now_ms - 8 * DAY, &b);
  review(s, "d/a", CLOCK.now_ms - 7 * DAY, &a);
  KT_CHECK(kk_action_run(s, "d/a", "d", KK_STORE_ACTION_SUSPEND, &CLOCK, 0, NULL, NULL, &e) ==
           KK_OK);
  KT_CHECK(kk_action_run(s, "d/a", "d", KK_STORE_ACTION_UNSUSPEND, &CLOCK, 0, NULL, NULL, &e) ==
           KK_OK);
  KT_CHECK(kk_action_run(s, "d/a", "d", KK_STORE_ACTION_FORGET, &CLOCK, 0, NULL, NULL, &e) ==
           KK_OK);
  kk_CardState fresh;
  KT_CHECK(kk_store_get_state(s, "d/a", &e, &fresh, NULL) == KK_OK);
  review(s, "d/a", CLOCK.now_ms + 1000, &fresh);
  review(s, "d/b", CLOCK.now_ms + 2000, &b);
  kk_Revlog *rl = NULL;
  KT_REQUIRE(kk_revlog_read_store(s, NULL, &rl, &e) == KK_OK);
  KT_CHECK(rl->n == 5);
  if (rl->n == 5) {
    KT_CHECK(rl->rows[0].card == 1 && rl->rows[1].card == 2 && rl->rows[2].card == 1);
    KT_CHECK(rl->rows[3].card == 3); /* a's reviews after the forget */
    KT_CHECK(rl->rows[3].state == KK_PHASE_NEW);
    KT_CHECK(rl->rows[4].card == 2);
    for (size_t i = 0; i < rl->n; i++) KT_CHECK(rl->rows[i].rating >= 1 && rl->rows[i].rating <= 4);
  }
  kk_revlog_free(rl);
  /* today's limits: the queue counts reviews, not actions */
  kk_QueueInput *in = kk_queue_input_new();
  KT_REQUIRE(in != NULL);
  int d = kk_queue_input_add_deck(in, "d", -1, -1);
  KT_CHECK(kk_queue_input_add_item(in, d, 0, "d/a", &e) == KK_OK);
  KT_CHECK(kk_queue_input_add_item(in, d, 1, "d/b", &e) == KK_OK);
  KT_CHECK(kk_action_run(s, "d/b", "d", KK_STORE_ACTION_BURY, &CLOCK, 0, NULL, NULL, &e) == KK_OK);
  KT_CHECK(kk_queue_input_read_store(in, s, &CLOCK, &e) == KK_OK);
  KT_CHECK(in->decks[0].new_done_today == 1 && in->decks[0].reviews_done_today == 1);
  /* undoing the bury restores the state and leaves the counts alone */
  kk_StoreUndo u;
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK);
  KT_CHECK(kk_queue_input_undone(in, &u, &CLOCK) == 1);
  KT_CHECK(in->decks[0].new_done_today == 1 && in->decks[0].reviews_done_today == 1);
  KT_CHECK(in->items[1].state.buried_until_ms == 0);
  kk_queue_input_free(in);
  kk_store_close(s);
}

int main(void) {
  if (kt_tmpdir(tmpdir, sizeof tmpdir, "action") != 0) return kt_done();
  KT_RUN(test_apply);
  KT_RUN(test_store_undo);
  KT_RUN(test_export_forget);
  kt_rm_rf(tmpdir);
  return kt_done();
}
