/* test_queue.c -- today's study queue: order, limits, burying, suspension,
** day boundaries, counts; reading the store; building from loaded decks. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/study/fsrs.h"
#include "core/deck/load.h"
#include "core/study/queue.h"
#include "core/study/plan.h"
#include "core/study/sched.h"
#include "core/study/sim.h"
#include "kt.h"
#include "kt_fixture.h"

#define DAY 86400000LL
#define HOUR 3600000LL
#define MIN 60000LL

/* Japan, day starts 04:00; "now" is 2026-11-23 15:00 local. */
static kk_Clock jp_clock(void) {
  kk_Clock c = {0, 540, 4};
  c.now_ms = 1795413600000LL; /* 2026-11-23 06:00 UTC = 15:00 JST */
  return c;
}

static kk_QueueInput *input_with(int ndecks) {
  kk_QueueInput *in = kk_queue_input_new();
  for (int d = 0; d < ndecks; d++) {
    char id[16];
    snprintf(id, sizeof id, "deck%d", d);
    kk_queue_input_add_deck(in, id, -1, -1);
  }
  return in;
}

/* Adds an item whose card number is its own index (no siblings). */
static size_t add(kk_QueueInput *in, int deck, const char *key) {
  kk_Err e;
  size_t i = in->nitems;
  kk_queue_input_add_item(in, deck, (int)i, key, &e);
  return i;
}

static void set_review(kk_QueueInput *in, size_t i, int64_t last_ms, double stability,
                       int64_t due_ms) {
  kk_QueueItem *it = &in->items[i];
  it->has_state = 1;
  memset(&it->state, 0, sizeof it->state);
  it->state.phase = KK_PHASE_REVIEW;
  it->state.stability = stability;
  it->state.difficulty = 5;
  it->state.last_review_ms = last_ms;
  it->state.due_ms = due_ms;
  it->state.reps = 3;
}

static void set_learning(kk_QueueInput *in, size_t i, int64_t due_ms, int64_t last_ms) {
  kk_QueueItem *it = &in->items[i];
  it->has_state = 1;
  memset(&it->state, 0, sizeof it->state);
  it->state.phase = KK_PHASE_LEARNING;
  it->state.due_ms = due_ms;
  it->state.last_review_ms = last_ms;
  it->state.reps = 1;
}

static kk_Queue *build(const kk_QueueInput *in, const kk_Clock *c, const kk_QueueOptions *o) {
  kk_Err e;
  kk_Queue *q = NULL;
  if (kk_queue_build(in, c, o, &e, &q) != KK_OK) fprintf(stderr, "build: %s\n", e.msg);
  return q;
}

static const char *key_at(const kk_QueueInput *in, const kk_Queue *q, size_t j) {
  return j < q->n ? in->items[q->entries[j].item].key : "(none)";
}

static void test_empty(void) {
  kk_QueueInput *in = input_with(1);
  kk_Clock c = jp_clock();
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 0 && q->total.new_count == 0 && q->next_learning_ms == 0);
  kk_queue_free(q);
  kk_queue_input_free(in);
  kk_queue_free(NULL);
  kk_queue_input_free(NULL);
}

static void test_new_limit_and_order(void) {
  kk_QueueInput *in = input_with(2);
  char key[32];
  for (int i = 0; i < 30; i++) {
    snprintf(key, sizeof key, "a-%02d", i);
    add(in, 0, key);
  }
  for (int i = 0; i < 5; i++) {
    snprintf(key, sizeof key, "b-%02d", i);
    add(in, 1, key);
  }
  in->decks[1].new_per_day = 3;
  kk_Clock c = jp_clock();
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 23);
  if (!q) return;
  KT_CHECK(q->decks[0].new_count == KK_QUEUE_NEW_PER_DAY && q->decks[1].new_count == 3);
  KT_CHECK(q->total.new_count == 23);
  /* Deck order: deck 0's items first, in order. */
  KT_CHECK_STR(key_at(in, q, 0), "a-00");
  KT_CHECK_STR(key_at(in, q, 19), "a-19");
  KT_CHECK_STR(key_at(in, q, 20), "b-00");
  for (size_t j = 0; j < q->n; j++) KT_CHECK(q->entries[j].kind == KK_QUEUE_NEW);
  kk_queue_free(q);
  /* What was studied today counts against the limit. */
  in->decks[0].new_done_today = 15;
  in->decks[1].new_done_today = 9;
  q = build(in, &c, NULL);
  KT_CHECK(q && q->decks[0].new_count == 5 && q->decks[1].new_count == 0 && q->n == 5);
  kk_queue_free(q);
  kk_queue_input_free(in);
}

static void test_reviews_by_retrievability(void) {
  kk_QueueInput *in = input_with(1);
  kk_Clock c = jp_clock();
  const int64_t now = c.now_ms;
  /* (days since last review, stability) pairs; all due today or before. */
  const double since[6] = {10, 3, 40, 5, 1.5, 20};
  const double stab[6] = {8, 2.5, 30, 1, 1.2, 25};
  char key[16];
  for (int i = 0; i < 6; i++) {
    snprintf(key, sizeof key, "r%d", i);
    size_t k = add(in, 0, key);
    set_review(in, k, now - (int64_t)(since[i] * DAY), stab[i], now - HOUR);
  }
  /* Not due: due tomorrow after the day starts. */
  size_t later = add(in, 0, "later");
  set_review(in, later, now - DAY, 5, now + DAY);
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 6 && q->total.review == 6);
  if (!q) return;
  kk_FsrsParams p;
  kk_fsrs_default_params(&p);
  double prev = -1;
  int sorted = 1;
  for (size_t j = 0; j < q->n; j++) {
    const kk_QueueItem *it = &in->items[q->entries[j].item];
    KT_CHECK(q->entries[j].kind == KK_QUEUE_REVIEW);
    double t = (double)(now - it->state.last_review_ms) / DAY;
    double r = kk_fsrs_retrievability(&p, t, it->state.stability);
    if (r < prev) sorted = 0;
    prev = r;
  }
  KT_CHECK(sorted);                     /* lowest R first */
  KT_CHECK_STR(key_at(in, q, 0), "r3"); /* 5 days on S = 1 */
  kk_queue_free(q);

  /* The review limit keeps the most overdue. */
  in->decks[0].reviews_per_day = 4;
  in->decks[0].reviews_done_today = 2;
  q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 2 && q->decks[0].review == 2);
  if (q) {
    KT_CHECK_STR(key_at(in, q, 0), "r3");
    KT_CHECK_STR(key_at(in, q, 1), "r2"); /* 40 days on S = 30 */
  }
  kk_queue_free(q);
  kk_queue_input_free(in);
}

static void test_default_review_limit(void) {
  kk_QueueInput *in = input_with(1);
  kk_Clock c = jp_clock();
  char key[16];
  for (int i = 0; i < 250; i++) {
    snprintf(key, sizeof key, "r%03d", i);
    size_t k = add(in, 0, key);
    set_review(in, k, c.now_ms - (int64_t)(i + 1) * DAY, 1.0, c.now_ms - HOUR);
  }
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == KK_QUEUE_REVIEWS_PER_DAY);
  if (q) {
    KT_CHECK_STR(key_at(in, q, 0), "r249");
    KT_CHECK_STR(key_at(in, q, 199), "r050");
  }
  kk_queue_free(q);
  kk_queue_input_free(in);
}

static void test_learning_first(void) {
  kk_QueueInput *in = input_with(1);
  kk_Clock c = jp_clock();
  const int64_t now = c.now_ms;
  size_t n0 = add(in, 0, "new0");
  size_t r0 = add(in, 0, "rev0");
  set_review(in, r0, now - 10 * DAY, 5, now - DAY);
  size_t l1 = add(in, 0, "learn-late");
  set_learning(in, l1, now - MIN, now - 11 * MIN);
  size_t l0 = add(in, 0, "learn-early");
  set_learning(in, l0, now - 5 * MIN, now - 6 * MIN);
  size_t la = add(in, 0, "learn-ahead");
  set_learning(in, la, now + 10 * MIN, now - MIN);
  size_t lt = add(in, 0, "learn-tonight");
  set_learning(in, lt, now + 5 * HOUR, now - MIN);
  size_t lx = add(in, 0, "learn-tomorrow");
  set_learning(in, lx, now + 2 * DAY, now - MIN);
  in->items[lx].state.phase = KK_PHASE_RELEARNING;
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 5);
  if (!q) return;
  KT_CHECK_STR(key_at(in, q, 0), "learn-early");
  KT_CHECK_STR(key_at(in, q, 1), "learn-late");
  KT_CHECK(q->entries[0].kind == KK_QUEUE_LEARNING);
  /* One review and one new: the new one goes after the review. */
  KT_CHECK_STR(key_at(in, q, 2), "rev0");
  KT_CHECK_STR(key_at(in, q, 3), "new0");
  KT_CHECK_STR(key_at(in, q, 4), "learn-ahead");
  KT_CHECK(q->entries[4].kind == KK_QUEUE_LEARNING);
  /* Learning due today counts now, ahead and tonight, not tomorrow. */
  KT_CHECK(q->decks[0].learning == 4);
  KT_CHECK(q->next_learning_ms == now + 5 * HOUR);
  (void)n0;
  kk_queue_free(q);
  /* No learn-ahead: the item waits. */
  kk_QueueOptions o = {0, 0};
  q = build(in, &c, &o);
  KT_CHECK(q && q->n == 4 && q->next_learning_ms == now + 10 * MIN);
  kk_queue_free(q);
  kk_queue_input_free(in);
}

static void test_suspend_bury(void) {
  kk_QueueInput *in = input_with(1);
  kk_Clock c = jp_clock();
  const int64_t now = c.now_ms;
  size_t a = add(in, 0, "susp-rev");
  set_review(in, a, now - 9 * DAY, 3, now - DAY);
  in->items[a].state.suspended = 1;
  size_t b = add(in, 0, "susp-new");
  in->items[b].has_state = 1;
  in->items[b].state.suspended = 1;
  size_t d = add(in, 0, "buried");
  set_review(in, d, now - 9 * DAY, 3, now - DAY);
  in->items[d].state.buried_until_ms = now + HOUR;
  size_t e = add(in, 0, "unburied");
  set_review(in, e, now - 9 * DAY, 3, now - DAY);
  in->items[e].state.buried_until_ms = now - HOUR;
  size_t f = add(in, 0, "plain-new");
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 2);
  if (q) {
    KT_CHECK_STR(key_at(in, q, 0), "unburied");
    KT_CHECK_STR(key_at(in, q, 1), "plain-new");
  }
  (void)f;
  kk_queue_free(q);
  kk_queue_input_free(in);
}

static void test_siblings(void) {
  kk_QueueInput *in = input_with(1);
  kk_Clock c = jp_clock();
  const int64_t now = c.now_ms;
  kk_Err e;
  /* Card 0: three new cloze items -> only the first today. */
  kk_queue_input_add_item(in, 0, 0, "cz#c1", &e);
  kk_queue_input_add_item(in, 0, 0, "cz#c2", &e);
  kk_queue_input_add_item(in, 0, 0, "cz#c3", &e);
  /* Card 3: one item answered an hour ago (now in review, due later), the
  ** other due for review -> hidden until tomorrow. */
  kk_queue_input_add_item(in, 0, 3, "rv", &e);
  kk_queue_input_add_item(in, 0, 3, "rv#rev", &e);
  set_review(in, 3, now - HOUR, 3, now + 3 * DAY);
  set_review(in, 4, now - 20 * DAY, 3, now - DAY);
  /* Card 5: both due; the more overdue one is kept, the other waits. */
  kk_queue_input_add_item(in, 0, 5, "two", &e);
  kk_queue_input_add_item(in, 0, 5, "two#rev", &e);
  set_review(in, 5, now - 4 * DAY, 3, now - DAY);
  set_review(in, 6, now - 8 * DAY, 3, now - DAY);
  /* Card 7: a sibling in learning stays, the new sibling is hidden
  ** because the learning one was answered today. */
  kk_queue_input_add_item(in, 0, 7, "lc#c1", &e);
  kk_queue_input_add_item(in, 0, 7, "lc#c2", &e);
  set_learning(in, 7, now - MIN, now - 2 * MIN);
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 3);
  if (q) {
    KT_CHECK_STR(key_at(in, q, 0), "lc#c1");
    KT_CHECK_STR(key_at(in, q, 1), "two#rev");
    KT_CHECK_STR(key_at(in, q, 2), "cz#c1");
  }
  kk_queue_free(q);
  /* Tomorrow the hidden ones come back (the clock moves a day). */
  in->items[7].state.phase = KK_PHASE_REVIEW;
  in->items[7].state.due_ms = now + 10 * DAY;
  kk_Clock t = c;
  t.now_ms += DAY;
  q = build(in, &t, NULL);
  KT_CHECK(q != NULL);
  if (q) {
    int saw_rv = 0, saw_c2 = 0;
    for (size_t j = 0; j < q->n; j++) {
      if (strcmp(key_at(in, q, j), "rv#rev") == 0) saw_rv = 1;
      if (strcmp(key_at(in, q, j), "lc#c2") == 0) saw_c2 = 1;
    }
    KT_CHECK(saw_rv && saw_c2);
  }
  kk_queue_free(q);
  kk_queue_input_free(in);
}

static void test_interleave(void) {
  kk_QueueInput *in = input_with(1);
  kk_Clock c = jp_clock();
  char key[16];
  for (int i = 0; i < 10; i++) {
    snprintf(key, sizeof key, "r%d", i);
    size_t k = add(in, 0, key);
    set_review(in, k, c.now_ms - (int64_t)(20 - i) * DAY, 2.0, c.now_ms - DAY);
  }
  add(in, 0, "n0");
  add(in, 0, "n1");
  /* Spread evenly: 10 reviews, 2 new -> after 4 and after 7 reviews. */
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 12);
  if (q) {
    KT_CHECK_STR(key_at(in, q, 4), "n0");
    KT_CHECK_STR(key_at(in, q, 8), "n1");
    KT_CHECK(q->total.review == 10 && q->total.new_count == 2);
  }
  kk_queue_free(q);
  /* One new after every 2 reviews. */
  kk_QueueOptions o = {2, -1};
  q = build(in, &c, &o);
  KT_CHECK(q && q->n == 12);
  if (q) {
    KT_CHECK_STR(key_at(in, q, 2), "n0");
    KT_CHECK_STR(key_at(in, q, 5), "n1");
    KT_CHECK_STR(key_at(in, q, 11), "r9");
  }
  kk_queue_free(q);
  kk_queue_input_free(in);
}

static void test_day_boundary(void) {
  kk_QueueInput *in = input_with(1);
  /* 23:00 JST on day D; the study day runs to 04:00 on D+1. */
  kk_Clock c = jp_clock();
  c.now_ms += 8 * HOUR;
  size_t a = add(in, 0, "due-0330");
  set_review(in, a, c.now_ms - 5 * DAY, 5, c.now_ms + 4 * HOUR + 30 * MIN);
  size_t b = add(in, 0, "due-0430");
  set_review(in, b, c.now_ms - 5 * DAY, 5, c.now_ms + 5 * HOUR + 30 * MIN);
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 1);
  if (q) KT_CHECK_STR(key_at(in, q, 0), "due-0330");
  kk_queue_free(q);
  /* With the day starting at midnight, neither is due today. */
  c.day_start_hour = 0;
  q = build(in, &c, NULL);
  KT_CHECK(q && q->n == 0);
  kk_queue_free(q);
  /* Bad input is refused. */
  kk_Err e;
  in->items[0].card = 99;
  q = NULL;
  KT_CHECK(kk_queue_build(in, &c, NULL, &e, &q) == KK_ERR_USAGE && q == NULL);
  kk_queue_input_free(in);
}

static void test_oom(void) {
  kk_QueueInput *in = input_with(2);
  kk_Clock c = jp_clock();
  char key[16];
  for (int i = 0; i < 40; i++) {
    snprintf(key, sizeof key, "k%d", i);
    size_t k = add(in, i % 2, key);
    if (i % 3 == 0) set_review(in, k, c.now_ms - 5 * DAY, 2, c.now_ms - DAY);
  }
  kk_Err e;
  kk_Queue *q = NULL;
  kk_alloc_fail_after(0);
  KT_CHECK(kk_queue_build(in, &c, NULL, &e, &q) == KK_OK);
  size_t n = kk_alloc_fail_after(0);
  kk_queue_free(q);
  for (size_t i = 1; i <= n; i++) {
    kk_alloc_fail_after(i);
    q = NULL;
    kk_Status st = kk_queue_build(in, &c, NULL, &e, &q);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_ERR_NOMEM && q == NULL);
  }
  kk_queue_input_free(in);
}

/* ---- with the store and real decks -------------------------------------*/

static const char DECK[] = "deck:\n"
                           "  id: qd\n"
                           "  title: Queue deck\n"
                           "  settings: {new_per_day: 5}\n"
                           "cards:\n"
                           "  - {id: q-1, type: basic, front: a, back: b}\n"
                           "  - {id: q-2, type: reversed, front: c, back: d}\n"
                           "  - id: q-3\n"
                           "    type: cloze\n"
                           "    text: \"{{c1::x}} and {{c2::y}}\"\n"
                           "  - {id: q-4, type: basic, front: e, back: f}\n";

static void test_store_and_decks(void) {
  char dir[64];
  if (kt_tmpdir(dir, sizeof dir, "queue") != 0) return;
  kk_Diags diags = {0};
  kk_Deck *deck = NULL;
  KT_CHECK(kk_deck_load_mem(DECK, sizeof DECK - 1, "qd.yaml", &diags, &deck) == KK_OK);
  kk_diags_free(&diags);
  if (!deck) return;
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(dir, &e, &s) == KK_OK);
  if (!s) return;
  kk_Clock c = jp_clock();
  const int64_t now = c.now_ms;
  /* q-1 was new and answered this morning (counts against new today) and
  ** is due again in 3 days; q-2#rev is a due review; a removed card has a
  ** state and must not be queued. */
  kk_CardState z = {0}, r1 = {0}, r2 = {0};
  r1.phase = KK_PHASE_REVIEW;
  r1.stability = 3;
  r1.last_review_ms = now - 2 * HOUR;
  r1.due_ms = now + 3 * DAY;
  kk_ReviewLog l = {0};
  l.time_ms = now - 2 * HOUR;
  l.rating = KK_GOOD;
  l.phase_before = KK_PHASE_NEW;
  l.phase_after = KK_PHASE_REVIEW;
  KT_CHECK(kk_store_record_review(s, "q-1", "qd", &z, &r1, &l, &e) == KK_OK);
  r2 = r1;
  r2.last_review_ms = now - 6 * DAY;
  r2.due_ms = now - DAY;
  KT_CHECK(kk_store_put_state(s, "q-2#rev", "qd", &r2, &e) == KK_OK);
  KT_CHECK(kk_store_put_state(s, "gone-9", "qd", &r2, &e) == KK_OK);
  /* A yesterday review does not count for today. */
  l.time_ms = now - DAY;
  l.phase_before = KK_PHASE_REVIEW;
  KT_CHECK(kk_store_record_review(s, "q-4", "qd", &z, &z, &l, &e) == KK_OK);
  /* The student lowered the new limit to 3 for this deck. */
  kk_StoreDeckSettings ds = {.new_per_day = 3,
                             .reviews_per_day = -1,
                             .scheduler = -1,
                             .leech_action = -1,
                             .fold_kana = -1};
  KT_CHECK(kk_store_put_deck_settings(s, "qd", &ds, &e) == KK_OK);

  kk_QueueInput *in = kk_queue_input_new();
  KT_CHECK(kk_queue_input_add_decks(in, &deck, 1, &e) == KK_OK);
  KT_CHECK(in->nitems == 6 && in->ndecks == 1);
  KT_CHECK(in->decks[0].new_per_day == 5);
  KT_CHECK(kk_queue_input_read_store(in, s, &c, &e) == KK_OK);
  KT_CHECK(in->decks[0].new_per_day == 3);
  KT_CHECK(in->decks[0].new_done_today == 1 && in->decks[0].reviews_done_today == 0);
  KT_CHECK_STR(in->items[2].key, "q-2#rev");
  KT_CHECK(in->items[2].has_state && in->items[2].state.stability == 3);
  KT_CHECK(in->items[1].card == in->items[2].card);
  KT_CHECK(in->items[3].card == in->items[4].card && in->items[3].card != in->items[1].card);
  kk_Queue *q = build(in, &c, NULL);
  /* The review q-2#rev, then new items up to the limit 3 - 1 done = 2:
  ** q-3#c1 (q-3#c2 is its sibling) and q-4 (its zero after-state is new).
  ** q-2 is hidden as the sibling of a queued review. */
  KT_CHECK(q && q->n == 3);
  if (q) {
    KT_CHECK_STR(key_at(in, q, 0), "q-2#rev");
    KT_CHECK_STR(key_at(in, q, 1), "q-3#c1");
    KT_CHECK_STR(key_at(in, q, 2), "q-4");
    KT_CHECK(q->decks[0].new_count == 2 && q->decks[0].review == 1);
  }
  kk_queue_free(q);
  kk_queue_input_free(in);
  kk_store_close(s);
  kk_deck_free(deck);
  kt_rm_rf(dir);
}

static void test_answer_and_undo_counts(void) {
  kk_QueueInput *in = input_with(1);
  in->decks[0].new_per_day = 2;
  kk_Clock c = jp_clock();
  add(in, 0, "n0");
  add(in, 0, "n1");
  add(in, 0, "n2");
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->total.new_count == 2);
  kk_queue_free(q);
  kk_CardState before = {0}, after = {0};
  after.phase = KK_PHASE_LEARNING;
  after.due_ms = c.now_ms + 10 * MIN;
  after.last_review_ms = c.now_ms;
  kk_queue_input_answered(in, 0, &before, &after);
  KT_CHECK(in->decks[0].new_done_today == 1 && in->items[0].has_state);
  q = build(in, &c, NULL);
  /* One new left today; n0 is learning, due within the learn-ahead. */
  KT_CHECK(q && q->total.new_count == 1 && q->total.learning == 1 && q->n == 2);
  if (q) KT_CHECK_STR(key_at(in, q, 0), "n1");
  kk_queue_free(q);
  kk_StoreUndo u;
  memset(&u, 0, sizeof u);
  snprintf(u.item_key, sizeof u.item_key, "n0");
  u.log.time_ms = c.now_ms;
  u.log.phase_before = KK_PHASE_NEW;
  KT_CHECK(kk_queue_input_undone(in, &u, &c) == 0);
  KT_CHECK(in->decks[0].new_done_today == 0 && in->items[0].state.phase == KK_PHASE_NEW);
  q = build(in, &c, NULL);
  KT_CHECK(q && q->total.new_count == 2 && q->n == 2);
  if (q) KT_CHECK_STR(key_at(in, q, 0), "n0");
  kk_queue_free(q);
  snprintf(u.item_key, sizeof u.item_key, "nope");
  KT_CHECK(kk_queue_input_undone(in, &u, &c) == -1);
  kk_queue_input_free(in);
}

static void test_exam_date(void) {
  kk_QueueInput *in = input_with(2);
  kk_Clock c = jp_clock();
  const int64_t now = c.now_ms;
  kk_SchedConfig cfg;
  kk_sched_config_default(&cfg);
  cfg.exam_date_ms = now + 3 * DAY;
  /* The same long-interval items in both decks; deck 0 has the exam. */
  const double stab[4] = {30, 30, 200, 8};
  const int last_days[4] = {40, 25, 10, 5};
  const int due_days[4] = {30, 45, 300, 10};
  char key[16];
  int want0 = 0, want1 = 0, forward = 0;
  for (int d = 0; d < 2; d++) {
    for (int i = 0; i < 4; i++) {
      snprintf(key, sizeof key, "x%d-%d", d, i);
      size_t k = add(in, d, key);
      set_review(in, k, now - last_days[i] * DAY, stab[i], now + due_days[i] * DAY);
      if (d == 1) continue;
      int64_t due = kk_sched_exam_due(&cfg, NULL, &in->items[k].state, &c, kk_queue_fuzz_key(key));
      if (kk_clock_day(&c, due) <= kk_clock_day(&c, now)) want0++;
      if (due < in->items[k].state.due_ms) forward++;
    }
  }
  in->decks[0].sched = &cfg;
  KT_CHECK(forward > 0 && want0 > 0); /* the case exercises the mode */
  kk_Queue *q = build(in, &c, NULL);
  KT_CHECK(q && q->decks[0].review == want0 && q->decks[1].review == want1);
  kk_queue_free(q);
  kk_queue_input_free(in);
}

/* A month of study with the real scheduler and store: every day, answer
** the queue until it is empty (waiting for learning steps), with a fixed
** pattern of ratings; check the limits, sibling burying and that every
** answered item was due, then undo the last answers. */
static const char MONTH_DECK[] =
    "deck:\n"
    "  id: month\n"
    "  title: Month\n"
    "  settings: {new_per_day: 8}\n"
    "cards:\n"
    "  - {id: m-01, type: reversed, front: a, back: b}\n"
    "  - {id: m-02, type: reversed, front: c, back: d}\n"
    "  - {id: m-03, type: cloze, text: \"{{c1::a}} {{c2::b}} {{c3::c}}\"}\n"
    "  - {id: m-04, type: cloze, text: \"{{c1::d}} {{c2::e}}\"}\n"
    "  - {id: m-05, type: basic, front: e, back: f}\n"
    "  - {id: m-06, type: basic, front: g, back: h}\n"
    "  - {id: m-07, type: basic, front: i, back: j}\n"
    "  - {id: m-08, type: basic, front: k, back: l}\n"
    "  - {id: m-09, type: reversed, front: m, back: n}\n"
    "  - {id: m-10, type: basic, front: o, back: p}\n"
    "  - {id: m-11, type: basic, front: q, back: r}\n"
    "  - {id: m-12, type: cloze, text: \"{{c1::f}} {{c2::g}}\"}\n"
    "  - {id: m-13, type: basic, front: s, back: t}\n"
    "  - {id: m-14, type: basic, front: u, back: v}\n"
    "  - {id: m-15, type: basic, front: w, back: x}\n"
    "  - {id: m-16, type: basic, front: y, back: z}\n";

static void test_simulated_month(void) {
  char dir[64];
  if (kt_tmpdir(dir, sizeof dir, "month") != 0) return;
  kk_Err e;
  kk_Deck *deck = NULL;
  KT_CHECK(kk_deck_load_mem(MONTH_DECK, sizeof MONTH_DECK - 1, "m.yaml", NULL, &deck) == KK_OK);
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(dir, &e, &s) == KK_OK);
  if (!deck || !s) return;
  kk_SchedConfig cfg;
  kk_sched_config_default(&cfg);
  kk_Clock c = jp_clock();
  c.now_ms -= 6 * HOUR; /* 09:00 local */
  kk_QueueInput *in = kk_queue_input_new();
  KT_CHECK(kk_queue_input_add_decks(in, &deck, 1, &e) == KK_OK);
  const size_t n = in->nitems;
  int *first_kind = calloc(n, sizeof *first_kind); /* per day: 0 none, else kind+1 */
  int answers = 0, bad_due = 0, bad_sibling = 0, bad_new = 0, bad_store = 0;
  unsigned pattern = 7;
  for (int day = 0; day < 30; day++) {
    KT_CHECK(kk_queue_input_read_store(in, s, &c, &e) == KK_OK);
    memset(first_kind, 0, n * sizeof *first_kind);
    int new_today = 0;
    const int64_t today = kk_clock_day(&c, c.now_ms);
    for (int guard = 0; guard < 1000; guard++) {
      kk_Queue *q = build(in, &c, NULL);
      if (!q) break;
      if (q->n == 0) {
        int64_t next = q->next_learning_ms;
        kk_queue_free(q);
        if (!next || kk_clock_day(&c, next) != today) break;
        c.now_ms = next; /* wait for the learning step */
        continue;
      }
      size_t i = q->entries[0].item;
      kk_QueueKind kind = q->entries[0].kind;
      kk_queue_free(q);
      kk_QueueItem *it = &in->items[i];
      /* It was due: learning within the learn-ahead window, reviews today. */
      if (kind == KK_QUEUE_LEARNING && it->state.due_ms > c.now_ms + KK_QUEUE_LEARN_AHEAD_MS)
        bad_due++;
      if (kind == KK_QUEUE_REVIEW && kk_clock_day(&c, it->state.due_ms) > today) bad_due++;
      if (kind == KK_QUEUE_NEW) new_today++;
      /* Siblings: no other item of the card started today as new/review. */
      if (kind != KK_QUEUE_LEARNING) {
        for (size_t j = 0; j < n; j++)
          if (j != i && in->items[j].card == it->card && first_kind[j]) bad_sibling++;
      }
      if (!first_kind[i]) first_kind[i] = (int)kind + 1;
      kk_CardState before = it->state;
      pattern = pattern * 1103515245u + 12345u;
      kk_Rating r = (pattern >> 16) % 7 == 0   ? KK_AGAIN
                    : (pattern >> 16) % 5 == 0 ? KK_HARD
                                               : KK_GOOD;
      kk_ReviewLog log;
      kk_CardState after = before;
      kk_sched_answer(&cfg, NULL, &after, r, &c, kk_queue_fuzz_key(it->key), &log);
      log.duration_ms = 4000;
      if (kk_store_record_review(s, it->key, "month", &before, &after, &log, &e) != KK_OK)
        bad_store++;
      kk_queue_input_answered(in, i, &before, &after);
      answers++;
      c.now_ms += 20000; /* 20 s per answer */
    }
    if (new_today > 8) bad_new++;
    c.now_ms = kk_clock_day_start_ms(&c, today + 1) + 5 * HOUR; /* 09:00 */
  }
  KT_CHECK(answers > 100);
  KT_CHECK(bad_due == 0);
  KT_CHECK(bad_sibling == 0);
  KT_CHECK(bad_new == 0);
  KT_CHECK(bad_store == 0);
  int64_t logged = 0;
  KT_CHECK(kk_store_review_count(s, NULL, &e, &logged) == KK_OK && logged == answers);
  /* Every item of the deck was introduced in the month (8 new a day). */
  KT_CHECK(kk_queue_input_read_store(in, s, &c, &e) == KK_OK);
  size_t seen = 0;
  for (size_t i = 0; i < n; i++) seen += in->items[i].has_state;
  KT_CHECK(seen == n);
  /* Undo the last three answers: each restores the state before, in the
  ** store and in the input. */
  for (int k = 0; k < 3; k++) {
    kk_StoreUndo u;
    KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK);
    long i = kk_queue_input_undone(in, &u, &c);
    KT_CHECK(i >= 0 && i == kk_queue_input_find(in, u.item_key));
    if (i >= 0) KT_CHECK(memcmp(&in->items[i].state, &u.restored, sizeof u.restored) == 0);
    kk_CardState got;
    int found;
    KT_CHECK(kk_store_get_state(s, u.item_key, &e, &got, &found) == KK_OK);
    KT_CHECK(found && memcmp(&got, &u.restored, sizeof got) == 0);
  }
  KT_CHECK(kk_store_review_count(s, NULL, &e, &logged) == KK_OK && logged == answers - 3);
  printf("simulated month: %d answers\n", answers);
  free(first_kind);
  kk_queue_input_free(in);
  kk_store_close(s);
  kk_deck_free(deck);
  kt_rm_rf(dir);
}

/* ---- exam-date mode, simulated (issue 12) ---------------------------------
** 300 new items, a student answering by FSRS's predicted recall (seeded),
** an exam 30 days out.  With the mode on the mean predicted recall on exam
** day reaches exam_retention and clearly beats the mode off; no day goes
** past the review limit, and the reviews of the final stretch are spread
** (no day more than twice that stretch's mean). */
static void test_exam_simulation(void) {
  kk_SimSpec spec = {0};
  spec.nitems = 300;
  spec.days = 30;
  spec.new_per_day = 20;
  spec.reviews_per_day = 100;
  spec.first_recall = 0.75;
  spec.start_ms = 1767258000000LL; /* 2026-01-01 09:00 UTC */
  kk_sched_config_default(&spec.cfg);
  KT_CHECK(spec.cfg.exam_retention == 0.95); /* higher than the daily target */
  KT_CHECK(spec.cfg.exam_retention > spec.cfg.desired_retention);
  for (uint64_t seed = 1; seed <= 3; seed++) {
    kk_SimResult off, on;
    kk_Err e;
    spec.seed = seed;
    spec.exam_mode = 0;
    KT_CHECK(kk_sim_run(&spec, &e, &off) == KK_OK);
    spec.exam_mode = 1;
    KT_CHECK(kk_sim_run(&spec, &e, &on) == KK_OK);
    KT_CHECK(on.unseen == 0 && off.unseen == 0);
    KT_CHECK(on.exam_recall >= spec.cfg.exam_retention);
    KT_CHECK(on.exam_recall >= off.exam_recall + 0.01);
    KT_CHECK(on.max_reviews <= spec.reviews_per_day && off.max_reviews <= spec.reviews_per_day);
    int sum = 0, most = 0;
    for (int d = 20; d < 30; d++) {
      sum += on.reviews[d];
      if (on.reviews[d] > most) most = on.reviews[d];
    }
    KT_CHECK(most * 10 <= 2 * sum);
    fprintf(stderr, "  exam recall off %.3f on %.3f, most reviews a day %d\n", off.exam_recall,
            on.exam_recall, on.max_reviews);
  }
}

static void test_exam_new_short(void) {
  /* 30 days at 20 a day with a 2-day lead: 29 days of room, 580 items */
  KT_CHECK(kk_plan_new_short(300, 20, 0, 30) == 0);
  KT_CHECK(kk_plan_new_short(580, 20, 0, 30) == 0);
  KT_CHECK(kk_plan_new_short(600, 20, 0, 30) == 20);
  KT_CHECK(kk_plan_new_short(600, 20, 20, 30) == 40); /* today's are met already */
  KT_CHECK(kk_plan_new_short(10, 20, 0, 1) == 10);    /* too late for any */
  KT_CHECK(kk_plan_new_short(10, -1, 0, 5) == 0);     /* the default limit */
  /* the summary: exam date, days left, predicted recall, new items left */
  kk_QueueInput *in = kk_queue_input_new();
  kk_Err e;
  int d = kk_queue_input_add_deck(in, "x", 2, -1);
  KT_CHECK(kk_queue_input_add_item(in, d, 0, "x-1", &e) == KK_OK);
  KT_CHECK(kk_queue_input_add_item(in, d, 1, "x-2", &e) == KK_OK);
  KT_CHECK(kk_queue_input_add_item(in, d, 2, "x-3", &e) == KK_OK);
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  kk_Clock k = {1767258000000LL, 0, 4};
  kk_PlanExam pe;
  kk_plan_exam(in, 0, &k, &pe);
  KT_CHECK(pe.has_exam == 0);
  in->decks[0].sched = &c;
  c.exam_date_ms = kk_clock_day_start_ms(&k, kk_clock_day(&k, k.now_ms) + 2);
  kk_CardState st = {0};
  kk_sched_answer(&c, NULL, &st, KK_EASY, &k, 1, NULL);
  kk_queue_input_answered(in, 0, &(kk_CardState){0}, &st);
  kk_plan_exam(in, 0, &k, &pe);
  KT_CHECK(pe.has_exam && pe.days_left == 2 && pe.new_left == 2);
  KT_CHECK(pe.recall > 0.2 && pe.recall < 1.0 / 3 + 1e-9); /* one of three remembered */
  KT_CHECK(pe.new_short == 1); /* room for 2 a day on 1 day, 1 met today */
  kk_queue_input_free(in);
}

int main(void) {
  KT_RUN(test_empty);
  KT_RUN(test_new_limit_and_order);
  KT_RUN(test_reviews_by_retrievability);
  KT_RUN(test_default_review_limit);
  KT_RUN(test_learning_first);
  KT_RUN(test_suspend_bury);
  KT_RUN(test_siblings);
  KT_RUN(test_interleave);
  KT_RUN(test_day_boundary);
  KT_RUN(test_oom);
  KT_RUN(test_store_and_decks);
  KT_RUN(test_answer_and_undo_counts);
  KT_RUN(test_exam_date);
  KT_RUN(test_simulated_month);
  KT_RUN(test_exam_simulation);
  KT_RUN(test_exam_new_short);
  return kt_done();
}
