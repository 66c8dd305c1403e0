/* test_ui_exam.c -- the exam screens driven headlessly by events with fake
** text metrics: start screen, keyboard-only answering of every widget,
** navigator, flags, countdown colours, submit dialog, results, time-out,
** the order-card limit, wrapping and scrolling at 640x480, order rows by
** mouse, images, theme and zoom. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/base/alloc.h"
#include "core/study/store.h"
#include "core/exam/mark.h"
#include "core/ui/examsession.h"
#include "core/ui/ui_exam.h"
#include "exam_bank.h"
#include "core/exam/student.h"
#include "kt.h"
#include "kt_fixture.h"

#define MIN 60000LL
static const int64_t T0 = 1795000000000LL;

/* Every code point 10 px wide, lines 20 px. */
static int fake_width(void *ud, int px, const char *s, size_t len) {
  int n = 0;
  for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n * 10;
}
static int fake_lh(void *ud, int px) { return 20; }
static int fake_asc(void *ud, int px) { return 16; }
static const kk_TextMetrics tm = {NULL, fake_width, fake_lh, fake_asc};

typedef struct {
  const kk_ExamSpec *spec;
  kk_Attempt *a;
  int opened, submitted;
  char name[KK_STUDENT_BUF], number[KK_STUDENT_BUF];
  const kk_ExamItem *items; /* the bank; NULL: exam_bank.h's */
  size_t nitems;
} Host;

static kk_Status host_open(void *ud, const char *name, const char *number, int64_t now,
                           kk_Attempt **out, kk_Err *err) {
  Host *h = ud;
  h->opened++;
  snprintf(h->name, sizeof h->name, "%s", name);
  snprintf(h->number, sizeof h->number, "%s", number);
  kk_Paper *p = NULL;
  kk_Status st =
      kk_paper_build(h->spec, h->items ? h->items : bank_items, h->items ? h->nitems : BANK_N,
                     kk_exam_student_seed(h->spec, number), &p, err);
  if (st) return st;
  st = kk_attempt_new(h->spec, p, name, number, 0, now,
                      kk_attempt_deadline_for(h->spec, number, now), &h->a);
  *out = h->a;
  return st;
}

static void host_submitted(void *ud, kk_Attempt *a, int64_t now, char *msg, size_t size) {
  Host *h = ud;
  h->submitted++;
  snprintf(msg, size, "Results saved.");
}

static kk_ExamSpec *spec_with(const char *extra) {
  char t[1024];
  snprintf(t, sizeof t,
           "exam: ui\ntitle: UI exam\ninstructions: Answer all.\n"
           "decks: [a]\ntime_limit: 15m\nshuffle: false\n%s"
           "extensions: {S2: 5}\npools:\n"
           "  - {tags: crypto, types: truefalse, count: 1}\n"
           "  - {tags: social, types: choice, count: 1}\n"
           "  - {types: typed, count: 1}\n"
           "  - {types: order, count: 1}\n",
           extra);
  return kt_spec(t, "ui.yaml");
}

static kk_ExamSpec *spec_of(void) { return spec_with(""); }

static kk_DrawList dl;

static void draw(kk_ExamUi *u, int64_t now) {
  kk_draw_reset(&dl);
  kk_exam_ui_draw(u, 1000, 800, 1.0f, &tm, now, &dl);
}

/* The first text command containing s, or NULL. */
static const kk_DrawCmd *find_text(const char *s) {
  for (size_t i = 0; i < dl.n; i++)
    if (dl.cmds[i].kind == KK_DRAW_TEXT && strstr(dl.cmds[i].text, s)) return &dl.cmds[i];
  return NULL;
}

static int has_kind(kk_DrawKind k) {
  for (size_t i = 0; i < dl.n; i++)
    if (dl.cmds[i].kind == k) return 1;
  return 0;
}

static unsigned key(kk_ExamUi *u, kk_Key k, uint32_t ch, int mods, int64_t now) {
  kk_UiEvent ev = {0};
  ev.kind = KK_EV_KEY;
  ev.key = k;
  ev.ch = ch;
  ev.mods = mods;
  ev.now_ms = now;
  return kk_exam_ui_handle(u, &ev);
}

static unsigned typed(kk_ExamUi *u, const char *s, int64_t now) {
  kk_UiEvent ev = {0};
  ev.kind = KK_EV_TEXT;
  ev.text = s;
  ev.now_ms = now;
  return kk_exam_ui_handle(u, &ev);
}

static void tick(kk_ExamUi *u, int64_t now) {
  kk_UiEvent ev = {0};
  ev.kind = KK_EV_TICK;
  ev.now_ms = now;
  kk_exam_ui_handle(u, &ev);
}

static int same_color(kk_Color a, kk_Color b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

static void test_keyboard_flow(void) {
  kk_ExamSpec *s = spec_of();
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", "", NULL, 0};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, NULL, NULL);
  KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_START);
  KT_CHECK(kk_exam_ui_text_input(u));
  draw(u, T0);
  KT_CHECK(find_text("Time limit: 15 minutes") != NULL);
  KT_CHECK(find_text("Answer all.") != NULL);
  /* Enter with no number moves to the number field; nothing opens. */
  typed(u, "Hana", T0);
  key(u, KK_KEY_ENTER, 0, 0, T0);
  KT_CHECK(h.opened == 0);
  typed(u, "S2", T0);
  draw(u, T0);
  KT_CHECK(find_text("Extra time for S2: 5 minutes") != NULL);
  KT_CHECK(has_kind(KK_DRAW_IME_RECT));
  key(u, KK_KEY_ENTER, 0, 0, T0);
  KT_CHECK(h.opened == 1);
  KT_CHECK_STR(h.name, "Hana");
  KT_CHECK_STR(h.number, "S2");
  KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_QUESTION);
  kk_Attempt *a = kk_exam_ui_attempt(u);
  if (!a) return;
  KT_CHECK(kk_attempt_deadline_ms(a) == T0 + 20 * MIN);
  /* The countdown: 20:00 in the normal colour. */
  draw(u, T0);
  const kk_DrawCmd *cd = find_text("20:00");
  KT_CHECK(cd && same_color(cd->color, (kk_Color){28, 28, 30, 255}));
  KT_CHECK(kk_exam_ui_next_tick_ms(u, T0 + 250) == T0 + 1000);
  /* Q1 true/false by key. */
  KT_CHECK(kk_paper_question(kk_attempt_paper(a), 0)->card->type == KK_CARD_TRUEFALSE);
  key(u, KK_KEY_CHAR, 'f', 0, T0 + 1000);
  KT_CHECK_STR(kk_attempt_response(a, 0)->answer, "false");
  /* Q2 choice with two answers: digits toggle; card options unshuffled. */
  key(u, KK_KEY_PAGEDOWN, 0, 0, T0 + 2000);
  KT_CHECK(kk_attempt_current(a) == 1);
  key(u, KK_KEY_CHAR, '1', 0, T0 + 3000);
  key(u, KK_KEY_CHAR, '3', 0, T0 + 4000);
  KT_CHECK_STR(kk_attempt_response(a, 1)->answer, "1,3");
  key(u, KK_KEY_CHAR, '1', 0, T0 + 5000);
  KT_CHECK_STR(kk_attempt_response(a, 1)->answer, "3");
  key(u, KK_KEY_DOWN, 0, 0, T0 + 5000);
  key(u, KK_KEY_DOWN, 0, 0, T0 + 5000);
  key(u, KK_KEY_UP, 0, 0, T0 + 5000);
  key(u, KK_KEY_UP, 0, 0, T0 + 5000);
  key(u, KK_KEY_SPACE, 0, 0, T0 + 5000); /* cursor back on option 1 */
  KT_CHECK_STR(kk_attempt_response(a, 1)->answer, "1,3");
  key(u, KK_KEY_CHAR, 'f', KK_MOD_CTRL, T0 + 6000);
  KT_CHECK(kk_attempt_response(a, 1)->flagged == 1);
  /* Q3 typed: a text field; Enter saves. */
  key(u, KK_KEY_RIGHT, 0, KK_MOD_CTRL, T0 + 7000);
  KT_CHECK(kk_attempt_current(a) == 2);
  KT_CHECK(kk_exam_ui_text_input(u));
  typed(u, "AEX", T0 + 8000);
  key(u, KK_KEY_BACKSPACE, 0, 0, T0 + 8000);
  typed(u, "S", T0 + 8000);
  KT_CHECK_STR(kk_attempt_response(a, 2)->answer, "AES"); /* saved as typed */
  key(u, KK_KEY_BACKSPACE, 0, 0, T0 + 8500);
  KT_CHECK_STR(kk_attempt_response(a, 2)->answer, "AE");
  typed(u, "S", T0 + 8600);
  key(u, KK_KEY_ENTER, 0, 0, T0 + 9000);
  KT_CHECK_STR(kk_attempt_response(a, 2)->answer, "AES");
  /* Q4 order: Alt+Down moves the first row down and saves. */
  key(u, KK_KEY_PAGEDOWN, 0, 0, T0 + 10000);
  const kk_Question *q4 = kk_paper_question(kk_attempt_paper(a), 3);
  KT_CHECK(q4->card->type == KK_CARD_ORDER);
  key(u, KK_KEY_DOWN, 0, KK_MOD_ALT, T0 + 11000);
  char want[64];
  snprintf(want, sizeof want, "%zu,%zu,%zu,%zu", q4->perm[1] + 1, q4->perm[0] + 1, q4->perm[2] + 1,
           q4->perm[3] + 1);
  KT_CHECK_STR(kk_attempt_response(a, 3)->answer, want);
  /* Go to question 1 by number. */
  key(u, KK_KEY_CHAR, 'g', KK_MOD_CTRL, T0 + 12000);
  key(u, KK_KEY_CHAR, '1', 0, T0 + 12000);
  key(u, KK_KEY_ENTER, 0, 0, T0 + 12000);
  KT_CHECK(kk_attempt_current(a) == 0);
  /* Warning colours at 10 minutes and 1 minute left. */
  tick(u, T0 + 10 * MIN + 500);
  draw(u, T0 + 10 * MIN + 500);
  cd = find_text("10:00");
  KT_CHECK(cd && same_color(cd->color, (kk_Color){190, 120, 10, 255}));
  draw(u, T0 + 19 * MIN + 1000);
  cd = find_text("0:59");
  KT_CHECK(cd && same_color(cd->color, (kk_Color){190, 40, 40, 255}));
  KT_CHECK(kk_exam_ui_warning_level(11 * MIN) == 0 && kk_exam_ui_warning_level(10 * MIN) == 1 &&
           kk_exam_ui_warning_level(MIN) == 2);
  /* The submit dialog lists flagged questions; Escape goes back. */
  key(u, KK_KEY_CHAR, 's', KK_MOD_CTRL, T0 + 19 * MIN + 2000);
  KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_CONFIRM);
  draw(u, T0 + 19 * MIN + 2000);
  KT_CHECK(find_text("Unanswered questions: none") != NULL);
  KT_CHECK(find_text("Flagged for review: 1 (2)") != NULL);
  key(u, KK_KEY_ESCAPE, 0, 0, T0 + 19 * MIN + 3000);
  KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_QUESTION);
  key(u, KK_KEY_CHAR, 'c', 0, T0 + 19 * MIN + 3000); /* no effect on t/f */
  key(u, KK_KEY_ENTER, 0, KK_MOD_CTRL, T0 + 19 * MIN + 4000);
  key(u, KK_KEY_ENTER, 0, 0, T0 + 19 * MIN + 5000);
  KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_RESULTS);
  KT_CHECK(h.submitted == 1);
  KT_CHECK(kk_attempt_submitted_ms(a) == T0 + 19 * MIN + 5000);
  draw(u, T0 + 19 * MIN + 6000);
  /* tf (false is right for tf and tf3, wrong for tf2), choice 1,3 right,
  ** typed AES right, order partly. */
  char score[64];
  snprintf(score, sizeof score, "Score: %g of 4", kk_attempt_score(a));
  KT_CHECK(find_text(score) != NULL);
  KT_CHECK(find_text("Results saved.") != NULL);
  KT_CHECK(find_text("Your answer: phishing | pretexting") != NULL);
  KT_CHECK(key(u, KK_KEY_ESCAPE, 0, 0, T0 + 20 * MIN) & KK_EXAM_UIF_QUIT);
  KT_CHECK(h.submitted == 1);
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

static void test_timeout_and_clicks(void) {
  kk_ExamSpec *s = spec_of();
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", "", NULL, 0};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, "Ken", "S1"); /* prefilled: opens at once */
  tick(u, T0);
  KT_CHECK(h.opened == 1 && kk_exam_ui_screen(u) == KK_EXAM_UI_QUESTION);
  kk_Attempt *a = kk_exam_ui_attempt(u);
  if (!a) return;
  /* Click the navigator box "3". */
  draw(u, T0 + 1000);
  const kk_DrawCmd *b3 = NULL;
  for (size_t i = 0; i < dl.n && !b3; i++)
    if (dl.cmds[i].kind == KK_DRAW_TEXT && !strcmp(dl.cmds[i].text, "3")) b3 = &dl.cmds[i];
  KT_CHECK(b3 != NULL);
  if (b3) {
    kk_UiEvent ev = {0};
    ev.kind = KK_EV_CLICK;
    ev.x = b3->r.x + 2;
    ev.y = b3->r.y + 2;
    ev.button = 1;
    ev.now_ms = T0 + 2000;
    kk_exam_ui_handle(u, &ev);
    KT_CHECK(kk_attempt_current(a) == 2);
  }
  /* Clicking "True" on question 1. */
  key(u, KK_KEY_PAGEUP, 0, 0, T0 + 3000);
  key(u, KK_KEY_PAGEUP, 0, 0, T0 + 3000);
  draw(u, T0 + 3000);
  const kk_DrawCmd *t = find_text("True (T)");
  if (t) {
    kk_UiEvent ev = {0};
    ev.kind = KK_EV_CLICK;
    ev.x = t->r.x;
    ev.y = t->r.y + 2;
    ev.now_ms = T0 + 4000;
    kk_exam_ui_handle(u, &ev);
  }
  KT_CHECK_STR(kk_attempt_response(a, 0)->answer, "true");
  /* Time runs out: the next tick submits and shows the results. */
  tick(u, T0 + 15 * MIN);
  KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_RESULTS);
  KT_CHECK(kk_attempt_auto_submitted(a));
  KT_CHECK(h.submitted == 1);
  KT_CHECK(strstr(kk_exam_ui_message(u), "Time ran out") != NULL);
  KT_CHECK(kk_exam_ui_next_tick_ms(u, T0 + 15 * MIN) == 0);
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

/* The screens over a real session (spec file, deck file, store, result
** files): answer, leave without submitting (the process "dies"), open a
** new session, resume, submit; the result files appear once. */
static void test_with_session(void) {
  char dir[64];
  if (kt_tmpdir(dir, sizeof dir, "uiexam") != 0) return;
  char deck[300], spec[300], data[300], res[300], path[400];
  snprintf(deck, sizeof deck, "%s/d.yaml", dir);
  snprintf(spec, sizeof spec, "%s/s.yaml", dir);
  snprintf(data, sizeof data, "%s/data", dir);
  snprintf(res, sizeof res, "%s/res", dir);
  kt_write_file(deck, "deck:\n  id: d\n  title: D\ncards:\n"
                      "  - {id: t1, type: truefalse, statement: A, answer: true}\n"
                      "  - {id: t2, type: truefalse, statement: B, answer: false}\n");
  kt_write_file(spec, "exam: se\ntitle: Session\ndecks: [d.yaml]\ntime_limit: 10m\n"
                      "shuffle: false\npools:\n  - count: 2\n");
  kk_ExamSessionOptions so = {spec, data, res, 0, 540, 4, NULL};
  for (int run = 0; run < 2; run++) {
    kk_Diags d;
    kk_diags_init(&d, 0);
    kk_ExamSession *sess = NULL;
    kk_Err err;
    KT_CHECK(kk_exam_session_open(&so, &d, &sess, &err) == KK_OK);
    if (d.nerrors) kk_diags_print(&d, stderr);
    kk_diags_free(&d);
    if (!sess) break;
    KT_CHECK(kk_exam_session_known(sess, "7") == run);
    kk_ExamUi *u =
        kk_exam_ui_new(kk_exam_session_spec(sess), kk_exam_session_ui_host(sess), "Mei", "7");
    tick(u, T0 + run * MIN);
    KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_QUESTION);
    kk_Attempt *a = kk_exam_ui_attempt(u);
    if (run == 0 && a) {
      key(u, KK_KEY_CHAR, 't', 0, T0 + 1000);
      kk_exam_ui_free(u);
      kk_exam_session_free(sess); /* leave without submitting */
      continue;
    }
    if (a) {
      KT_CHECK_STR(kk_attempt_response(a, 0)->answer, "true"); /* kept */
      KT_CHECK(kk_attempt_current(a) == 0);
      key(u, KK_KEY_PAGEDOWN, 0, 0, T0 + MIN + 1000);
      key(u, KK_KEY_CHAR, 'f', 0, T0 + MIN + 2000);
      key(u, KK_KEY_CHAR, 's', KK_MOD_CTRL, T0 + MIN + 3000);
      /* The store is locked by another process while the student submits:
      ** no marks, no correct answers, no result files -- a clear "not
      ** saved" and retries; v1 showed the marks and left it open. */
      snprintf(path, sizeof path, "%s/" KK_STORE_FILE, data);
      sqlite3 *other = NULL;
      KT_CHECK(sqlite3_open(path, &other) == SQLITE_OK);
      KT_CHECK(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
      key(u, KK_KEY_ENTER, 0, 0, T0 + MIN + 4000);
      draw(u, T0 + MIN + 4000);
      KT_CHECK(!kk_attempt_saved(a));
      KT_CHECK(find_text("Score") == NULL);
      KT_CHECK(find_text("Correct") == NULL);
      KT_CHECK(find_text("Submitted") == NULL);
      KT_CHECK(strstr(kk_exam_ui_message(u), "NOT saved") != NULL);
      KT_CHECK(find_text("NOT saved") != NULL);
      KT_CHECK(kk_exam_ui_next_tick_ms(u, T0 + MIN + 4000) == T0 + MIN + 5000);
      char digest0[33];
      kk_exam_number_digest(NULL, "7", digest0);
      snprintf(path, sizeof path, "%s/se_7-%s.json", res, digest0);
      KT_CHECK(access(path, F_OK) != 0);
      sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
      sqlite3_close(other);
      tick(u, T0 + MIN + 5000);
      draw(u, T0 + MIN + 5000);
      KT_CHECK(kk_attempt_saved(a));
      KT_CHECK(find_text("Score") != NULL);
      KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_RESULTS);
      KT_CHECK(strstr(kk_exam_ui_message(u), "Results saved:") != NULL);
      KT_CHECK_NEAR(kk_attempt_score(a), 2, 1e-12);
    }
    kk_exam_ui_free(u);
    kk_exam_session_free(sess);
  }
  char digest[33];
  kk_exam_number_digest(NULL, "7", digest);
  snprintf(path, sizeof path, "%s/se_7-%s.csv", res, digest);
  KT_CHECK(access(path, F_OK) == 0);
  kt_rm_rf(dir);
}

/* feedback: after_each shows right/wrong and the correct answer at once. */
static void test_feedback_after_each(void) {
  kk_ExamSpec *s = spec_with("feedback: after_each\n");
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", "", NULL, 0};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, "A", "S1");
  tick(u, T0);
  kk_Attempt *a = kk_exam_ui_attempt(u);
  if (a) {
    const kk_Card *c = kk_paper_question(kk_attempt_paper(a), 0)->card;
    key(u, KK_KEY_CHAR, c->truth ? 'f' : 't', 0, T0 + 1000); /* the wrong one */
    draw(u, T0 + 1000);
    KT_CHECK(find_text("Not correct.") != NULL);
    KT_CHECK(find_text(c->truth ? "Correct answer: true" : "Correct answer: false") != NULL);
    key(u, KK_KEY_CHAR, c->truth ? 't' : 'f', 0, T0 + 2000); /* too late */
    KT_CHECK(kk_attempt_points(a, 0) == 0);
    /* a confirmed order is final: rows no longer move, on screen either */
    key(u, KK_KEY_CHAR, 'g', KK_MOD_CTRL, T0 + 3000);
    key(u, KK_KEY_CHAR, '4', 0, T0 + 3000);
    key(u, KK_KEY_ENTER, 0, 0, T0 + 3000);
    const kk_Question *q4 = kk_paper_question(kk_attempt_paper(a), 3);
    KT_CHECK(q4->card->type == KK_CARD_ORDER);
    key(u, KK_KEY_ENTER, 0, 0, T0 + 4000);
    char saved[64];
    snprintf(saved, sizeof saved, "%s", kk_attempt_response(a, 3)->answer);
    KT_CHECK(saved[0] != '\0' && kk_attempt_response(a, 3)->locked);
    key(u, KK_KEY_DOWN, 0, KK_MOD_ALT, T0 + 5000);
    KT_CHECK_STR(kk_attempt_response(a, 3)->answer, saved);
    draw(u, T0 + 5000);
    const kk_DrawCmd *first = find_text("1.");
    const kk_DrawCmd *item = find_text(q4->card->items[q4->perm[0]]);
    KT_CHECK(first && item && item->r.y == first->r.y); /* still the first row */
  }
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

/* The deck model's limit reaches the exam screen: an order question of
** every size the loader accepts is drawn whole and scores full marks when
** put right (v1 kept 64 items, read past them while drawing and could
** never score 65 to 69). */
static void test_order_limit(void) {
  static const size_t sizes[] = {32, 33, 64, 65, KK_DECK_MAX_ORDER_ITEMS};
  static char names[KK_DECK_MAX_ORDER_ITEMS][16];
  static const char *items[KK_DECK_MAX_ORDER_ITEMS];
  for (size_t i = 0; i < KK_DECK_MAX_ORDER_ITEMS; i++) {
    snprintf(names[i], sizeof names[i], "item-%03zu", i + 1);
    items[i] = names[i];
  }
  const char *t = "exam: big\ntitle: Big\ndecks: [a]\nshuffle: false\n"
                  "pools:\n  - {types: order, count: 1}\n";
  kk_ExamSpec *s = kt_spec(t, "big.yaml");
  KT_CHECK(s != NULL);
  if (!s) return;
  for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
    size_t n = sizes[si];
    kk_Card card = {
        .id = "long", .type = KK_CARD_ORDER, .front = "Sort them", .items = items, .nitems = n};
    kk_ExamItem bank = {"a", &card};
    Host h = {s, NULL, 0, 0, "", "", &bank, 1};
    kk_ExamUiHost host = {&h, host_open, host_submitted};
    kk_ExamUi *u = kk_exam_ui_new(s, &host, "A", "S1");
    tick(u, T0);
    kk_Attempt *a = kk_exam_ui_attempt(u);
    KT_CHECK(a != NULL);
    if (!a) {
      kk_exam_ui_free(u);
      continue;
    }
    const kk_Question *q = kk_paper_question(kk_attempt_paper(a), 0);
    draw(u, T0);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) shown += find_text(names[i]) != NULL;
    KT_CHECK(shown == n);
    /* put it right by keyboard: the row holding item `want` moves up */
    size_t ord[KK_DECK_MAX_ORDER_ITEMS];
    memcpy(ord, q->perm, n * sizeof *ord);
    size_t cursor = 0;
    for (size_t want = 0; want < n; want++) {
      size_t at = want;
      while (ord[at] != want) at++;
      for (; cursor < at; cursor++) key(u, KK_KEY_DOWN, 0, 0, T0);
      for (; cursor > at; cursor--) key(u, KK_KEY_UP, 0, 0, T0);
      for (; cursor > want; cursor--) {
        key(u, KK_KEY_UP, 0, KK_MOD_ALT, T0);
        size_t tmp = ord[cursor - 1];
        ord[cursor - 1] = ord[cursor];
        ord[cursor] = tmp;
      }
    }
    key(u, KK_KEY_ENTER, 0, 0, T0 + 1000);
    KT_CHECK_NEAR(kk_mark_question(s, q, kk_attempt_response(a, 0)->answer), 1.0, 1e-12);
    draw(u, T0 + 1000);
    kk_exam_ui_free(u);
    kk_attempt_free(h.a);
  }
  kk_exam_spec_free(s);
}

/* ---- layout, mouse, images, theme: the window as students meet it ---------------- */

static void draw_at(kk_ExamUi *u, int w, int h, int64_t now) {
  kk_draw_reset(&dl);
  kk_exam_ui_draw(u, w, h, 1.0f, &tm, now, &dl);
}

static unsigned mouse(kk_ExamUi *u, kk_UiEventKind kind, int x, int y, int64_t now) {
  kk_UiEvent ev = {0};
  ev.kind = kind;
  ev.x = x;
  ev.y = y;
  ev.button = 1;
  ev.now_ms = now;
  return kk_exam_ui_handle(u, &ev);
}

static void wheel(kk_ExamUi *u, int dy, int64_t now) {
  kk_UiEvent ev = {0};
  ev.kind = KK_EV_WHEEL;
  ev.dy = dy;
  ev.now_ms = now;
  kk_exam_ui_handle(u, &ev);
}

/* Text commands running past x = w (what v1 did with long options). */
static int past_edge(int w) {
  int n = 0;
  for (size_t i = 0; i < dl.n; i++) {
    const kk_DrawCmd *c = &dl.cmds[i];
    if (c->kind != KK_DRAW_TEXT) continue;
    int tw = fake_width(NULL, c->px, c->text, strlen(c->text));
    if (c->r.x < 0 || c->r.x + tw > w) {
      fprintf(stderr, "  past the edge: x=%d w=%d \"%s\"\n", c->r.x, tw, c->text);
      n++;
    }
  }
  return n;
}

static const char *long_opts_text[] = {
    ("When the Security Council has taken the measures necessary to restore and maintain "
     "international peace and security"),
    "When the attacked Party declares that its security has been restored",
    "When the North Atlantic Council votes to end them",
    "After the armed attack has been reported to the Security Council"};
static kk_Option long_opts[4];
static const char *long_items[] = {
    "an armed attack against one or more of them in Europe or North America shall be "
    "considered an attack against them all",
    "in exercise of the right of individual or collective self-defence recognised by "
    "Article 51 of the Charter",
    "will assist the Party or Parties so attacked by taking forthwith such action as it "
    "deems necessary",
    "to restore and maintain the security of the North Atlantic area",
    "Any such armed attack and all measures taken shall immediately be reported"};
static kk_Card long_cards[3];
static kk_ExamItem long_bank[3];

/* A paper of three questions: long options, long order items, an image. */
static kk_ExamSpec *long_spec(void) {
  for (size_t i = 0; i < 4; i++) long_opts[i] = (kk_Option){long_opts_text[i], NULL, i == 0, 0};
  long_cards[0] = (kk_Card){.id = "lc",
                            .type = KK_CARD_CHOICE,
                            .front = "According to Article 5, when shall the measures end?",
                            .options = long_opts,
                            .noptions = 4,
                            .ncorrect = 1};
  long_cards[1] = (kk_Card){.id = "lo",
                            .type = KK_CARD_ORDER,
                            .front = "Put the elements of Article 5 in order.",
                            .items = long_items,
                            .nitems = 5};
  long_cards[2] = (kk_Card){.id = "li",
                            .type = KK_CARD_TRUEFALSE,
                            .front = "The bar is 5%.",
                            .truth = 1,
                            .image = "img/bar.png",
                            .image_path = "/decks/img/bar.png"};
  for (size_t i = 0; i < 3; i++) long_bank[i] = (kk_ExamItem){"d", &long_cards[i]};
  const char *t = "exam: lay\ntitle: Layout\ndecks: [d]\nshuffle: false\ntime_limit: 40m\n"
                  "pools:\n  - {types: choice, count: 1}\n  - {types: order, count: 1}\n"
                  "  - {types: truefalse, count: 1}\n";
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_ExamSpec *s = NULL;
  kk_exam_spec_load_mem(t, strlen(t), "lay.yaml", &d, &s);
  if (d.nerrors) kk_diags_print(&d, stderr);
  kk_diags_free(&d);
  return s;
}

/* The rectangle of the first text command holding the first 14 bytes of
** s (a wrapped row's first line), {0} if none. */
static kk_Rect text_rect(const char *s) {
  char head[16];
  snprintf(head, sizeof head, "%.14s", s);
  const kk_DrawCmd *c = find_text(head);
  return c ? c->r : (kk_Rect){0, 0, 0, 0};
}

/* At 640x480 every option and item wraps inside the window, and scrolled
** to its end the question's last row sits above the footer. */
/* A cloze longer than any fixed buffer is shown with its blank hidden:
** the screen fell back to the card's text, answers and all, when the
** prompt did not fit in 4 KiB. */
static void test_long_cloze_hidden(void) {
  static char text[20000];
  size_t n = (size_t)snprintf(text, sizeof text, "Start {{c1::SECRETANSWER}} ");
  for (int i = 0; i < 900; i++) n += (size_t)snprintf(text + n, sizeof text - n, "filler ");
  snprintf(text + n, sizeof text - n, "last words");
  int ords[] = {1};
  kk_Card card = {
      .id = "lc", .type = KK_CARD_CLOZE, .front = text, .cloze_ords = ords, .ncloze = 1};
  kk_ExamSpec *s = kt_spec("exam: lc\ntitle: Long\ndecks: [a]\n"
                           "pools:\n  - {types: cloze, count: 1}\n",
                           "lc.yaml");
  KT_CHECK(s != NULL);
  if (!s) return;
  kk_ExamItem bank = {"a", &card};
  Host h = {s, NULL, 0, 0, "", "", &bank, 1};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, "A", "S1");
  tick(u, T0);
  KT_CHECK(kk_exam_ui_attempt(u) != NULL);
  draw(u, T0);
  KT_CHECK(find_text("Start") != NULL && find_text("[...]") != NULL);
  KT_CHECK(find_text("SECRETANSWER") == NULL);
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

/* A student number and name as long as the rules allow reach the host
** whole (the window kept 63 bytes of a number: a 64-character number, or
** 22 full-width digits, arrived cut). */
static void test_longest_student(void) {
  char number[KK_STUDENT_BUF], name[KK_STUDENT_BUF];
  size_t n = 0;
  for (int i = 0; i < KK_STUDENT_NO_MAX; i++) n += (size_t)snprintf(number + n, 8, "\xEF\xBC\x91");
  n = 0;
  for (int i = 0; i < KK_STUDENT_NAME_MAX; i++) n += (size_t)snprintf(name + n, 8, "\xE5\x90\x8D");
  kk_ExamSpec *s = kt_spec("exam: st\ntitle: St\ndecks: [a]\npools:\n  - {count: 1}\n", "st.yaml");
  KT_CHECK(s != NULL);
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", "", NULL, 0};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, name, number);
  tick(u, T0);
  KT_CHECK(h.opened == 1);
  KT_CHECK_STR(h.number, number);
  KT_CHECK_STR(h.name, name);
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

static void test_long_text_wraps(void) {
  kk_ExamSpec *s = long_spec();
  KT_CHECK(s != NULL);
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", "", long_bank, 3};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, "A", "S1");
  tick(u, T0);
  kk_Attempt *a = kk_exam_ui_attempt(u);
  KT_CHECK(a != NULL);
  for (int q = 0; a && q < 2; q++) {
    draw_at(u, 640, 480, T0);
    KT_CHECK(past_edge(640) == 0);
    KT_CHECK(find_text("When the Security Council") != NULL || q == 1);
    KT_CHECK(find_text("an armed attack against") != NULL || q == 0);
    /* the footer's top: above the Prev button */
    kk_Rect prev = text_rect("< Prev");
    KT_CHECK(prev.h > 0);
    int foot = prev.y - 10;
    for (int i = 0; i < 40; i++) wheel(u, -1, T0);
    draw_at(u, 640, 480, T0);
    const char *last = q == 0 ? "Security Council" : "reported";
    const kk_DrawCmd *lc = NULL;
    for (size_t i = 0; i < dl.n; i++)
      if (dl.cmds[i].kind == KK_DRAW_TEXT && strstr(dl.cmds[i].text, last)) lc = &dl.cmds[i];
    KT_CHECK(lc && lc->r.y + lc->r.h <= foot);
    /* scrolled: the question's first line has left the view */
    kk_Rect head = text_rect("Question ");
    KT_CHECK(head.h == 0 || head.y + head.h <= 480);
    key(u, KK_KEY_PAGEDOWN, 0, 0, T0);
  }
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

/* Order rows move by drag, by click-to-pick and click-to-place, and the
** keyboard cursor row is scrolled into view. */
static void test_order_by_mouse(void) {
  kk_ExamSpec *s = long_spec();
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", "", long_bank, 3};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, "A", "S1");
  tick(u, T0);
  kk_Attempt *a = kk_exam_ui_attempt(u);
  if (!a) goto done;
  key(u, KK_KEY_PAGEDOWN, 0, 0, T0);
  const kk_Question *q = kk_paper_question(kk_attempt_paper(a), 1);
  KT_CHECK(q->card->type == KK_CARD_ORDER);
  draw_at(u, 1000, 800, T0);
  /* drag row 1 onto row 3 */
  kk_Rect r1 = text_rect(long_items[q->perm[0]]), r3 = text_rect(long_items[q->perm[2]]);
  KT_CHECK(r1.h > 0 && r3.h > 0);
  mouse(u, KK_EV_PRESS, r1.x + 5, r1.y + 5, T0 + 1000);
  mouse(u, KK_EV_MOVE, r1.x + 5, (r1.y + r3.y) / 2, T0 + 1000);
  mouse(u, KK_EV_MOVE, r3.x + 5, r3.y + 5, T0 + 1000);
  draw_at(u, 1000, 800, T0 + 1000); /* the lifted row and the drop line */
  mouse(u, KK_EV_CLICK, r3.x + 5, r3.y + 5, T0 + 1000);
  char want[64];
  snprintf(want, sizeof want, "%zu,%zu,%zu,%zu,%zu", q->perm[1] + 1, q->perm[2] + 1, q->perm[0] + 1,
           q->perm[3] + 1, q->perm[4] + 1);
  KT_CHECK_STR(kk_attempt_response(a, 1)->answer, want);
  /* click row 5, then row 1: it moves to the top */
  draw_at(u, 1000, 800, T0 + 2000);
  kk_Rect r5 = text_rect(long_items[q->perm[4]]);
  r1 = text_rect(long_items[q->perm[1]]); /* now at the top */
  KT_CHECK(r5.h > 0 && r1.h > 0 && r1.y < r5.y);
  mouse(u, KK_EV_CLICK, r5.x + 5, r5.y + 5, T0 + 2000);
  KT_CHECK_STR(kk_attempt_response(a, 1)->answer, want); /* only picked up */
  draw_at(u, 1000, 800, T0 + 2000);
  mouse(u, KK_EV_CLICK, r1.x + 5, r1.y + 5, T0 + 3000);
  snprintf(want, sizeof want, "%zu,%zu,%zu,%zu,%zu", q->perm[4] + 1, q->perm[1] + 1, q->perm[2] + 1,
           q->perm[0] + 1, q->perm[3] + 1);
  KT_CHECK_STR(kk_attempt_response(a, 1)->answer, want);
  /* a small window: Down to the last row scrolls it into view */
  draw_at(u, 640, 480, T0 + 3000);
  for (int i = 0; i < 4; i++) key(u, KK_KEY_DOWN, 0, 0, T0 + 3000);
  draw_at(u, 640, 480, T0 + 3000);
  kk_Rect last = text_rect(long_items[q->perm[3]]);
  kk_Rect prev = text_rect("< Prev");
  KT_CHECK(last.h > 0 && last.y > 0 && last.y + last.h <= prev.y - 10);
  /* Space picks the row up, Up moves it, Space puts it down */
  key(u, KK_KEY_SPACE, 0, 0, T0 + 4000);
  key(u, KK_KEY_UP, 0, 0, T0 + 4000);
  key(u, KK_KEY_SPACE, 0, 0, T0 + 4000);
  key(u, KK_KEY_UP, 0, 0, T0 + 4000); /* only the cursor now */
  snprintf(want, sizeof want, "%zu,%zu,%zu,%zu,%zu", q->perm[4] + 1, q->perm[1] + 1, q->perm[2] + 1,
           q->perm[3] + 1, q->perm[0] + 1);
  KT_CHECK_STR(kk_attempt_response(a, 1)->answer, want);
done:
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

/* Every screen at small and large sizes and at 200 % zoom: no text past
** the window's right edge. */
static void test_window_sizes(void) {
  static const int sizes[][2] = {{200, 150}, {320, 240}, {640, 480}, {1920, 1080}};
  kk_ExamSpec *s = long_spec();
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", "", long_bank, 3};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, "A", NULL);
  for (int zoom = 100; zoom <= 200; zoom += 100) {
    kk_exam_ui_set_look(u, 0, zoom);
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
      int w = sizes[i][0], hh = sizes[i][1];
      draw_at(u, w, hh, T0);
      KT_CHECK(past_edge(w) == 0);
    }
  }
  kk_exam_ui_set_look(u, 0, 100);
  typed(u, "S1", T0);
  key(u, KK_KEY_ENTER, 0, 0, T0);
  kk_Attempt *a = kk_exam_ui_attempt(u);
  KT_CHECK(a != NULL);
  for (int step = 0; a && step < 5; step++) {
    if (step == 3) key(u, KK_KEY_CHAR, 's', KK_MOD_CTRL, T0);
    if (step == 4) key(u, KK_KEY_ENTER, 0, 0, T0); /* submitted: the results */
    for (int zoom = 100; zoom <= 200; zoom += 100) {
      kk_exam_ui_set_look(u, 0, zoom);
      for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        int w = sizes[i][0], hh = sizes[i][1];
        draw_at(u, w, hh, T0);
        KT_CHECK(past_edge(w) == 0);
      }
    }
    if (step < 2) key(u, KK_KEY_PAGEDOWN, 0, 0, T0);
  }
  KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_RESULTS);
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

/* Images, the dark theme and zoom, and the submit dialog's counts. */
static void test_image_theme_zoom_dialog(void) {
  kk_ExamSpec *s = long_spec();
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", "", long_bank, 3};
  kk_ExamUiHost host = {&h, host_open, host_submitted};
  kk_ExamUi *u = kk_exam_ui_new(s, &host, "A", "S1");
  tick(u, T0);
  kk_Attempt *a = kk_exam_ui_attempt(u);
  if (!a) goto done;
  draw_at(u, 1000, 800, T0);
  KT_CHECK(!has_kind(KK_DRAW_IMAGE));
  key(u, KK_KEY_CHAR, 'g', KK_MOD_CTRL, T0);
  key(u, KK_KEY_CHAR, '3', 0, T0);
  key(u, KK_KEY_ENTER, 0, 0, T0);
  draw_at(u, 1000, 800, T0);
  const kk_DrawCmd *img = NULL;
  for (size_t i = 0; i < dl.n; i++)
    if (dl.cmds[i].kind == KK_DRAW_IMAGE) img = &dl.cmds[i];
  KT_CHECK(img && !strcmp(img->text, "/decks/img/bar.png") && img->r.h > 0);
  /* light by default; the dark theme and 150 % zoom as the trainer saved */
  KT_CHECK(same_color(dl.cmds[0].color, (kk_Color){250, 249, 246, 255}));
  const kk_DrawCmd *pr = find_text("The bar is 5%.");
  int px100 = pr ? pr->px : 0;
  kk_exam_ui_set_look(u, 1, 150);
  draw_at(u, 1000, 800, T0);
  KT_CHECK(same_color(dl.cmds[0].color, (kk_Color){30, 31, 34, 255}));
  KT_CHECK(same_color(kk_exam_ui_background(u), (kk_Color){30, 31, 34, 255}));
  pr = find_text("The bar is 5%.");
  KT_CHECK(pr && same_color(pr->color, (kk_Color){232, 232, 235, 255}));
  KT_CHECK(pr && px100 > 0 && pr->px == (px100 * 3 + 1) / 2);
  /* the keys change them and ask for them to be saved */
  KT_CHECK(key(u, KK_KEY_CHAR, 't', KK_MOD_CTRL, T0) & KK_EXAM_UIF_SETTINGS);
  KT_CHECK(!kk_exam_ui_dark(u));
  KT_CHECK(key(u, KK_KEY_CHAR, '-', KK_MOD_CTRL, T0) & KK_EXAM_UIF_SETTINGS);
  KT_CHECK(kk_exam_ui_zoom_pct(u) == 140);
  KT_CHECK(key(u, KK_KEY_CHAR, '0', KK_MOD_CTRL, T0) & KK_EXAM_UIF_SETTINGS);
  KT_CHECK(kk_exam_ui_zoom_pct(u) == 100);
  /* the dialog counts the unanswered questions and lists them */
  key(u, KK_KEY_CHAR, 't', 0, T0);
  key(u, KK_KEY_CHAR, 's', KK_MOD_CTRL, T0);
  draw_at(u, 640, 480, T0);
  KT_CHECK(find_text("Unanswered questions: 2 (1, 2)") != NULL);
  KT_CHECK(find_text("Flagged for review: none") != NULL);
  KT_CHECK(past_edge(640) == 0);
done:
  kk_exam_ui_free(u);
  kk_attempt_free(h.a);
  kk_exam_spec_free(s);
}

int main(void) {
  bank_init();
  kk_draw_init(&dl);
  KT_RUN(test_keyboard_flow);
  KT_RUN(test_timeout_and_clicks);
  KT_RUN(test_with_session);
  KT_RUN(test_feedback_after_each);
  KT_RUN(test_order_limit);
  KT_RUN(test_long_text_wraps);
  KT_RUN(test_long_cloze_hidden);
  KT_RUN(test_longest_student);
  KT_RUN(test_order_by_mouse);
  KT_RUN(test_image_theme_zoom_dialog);
  KT_RUN(test_window_sizes);
  kk_draw_free(&dl);
  return kt_done();
}
