/* test_ui_exam.c -- the exam screens driven headlessly by events with fake
** text metrics: start screen, keyboard-only answering of every widget,
** navigator, flags, countdown colours, submit dialog, results, time-out. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/ui/examsession.h"
#include "core/ui/ui_exam.h"
#include "exam_bank.h"
#include "kt.h"

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
  char name[64], number[64];
} Host;

static kk_Status host_open(void *ud, const char *name, const char *number,
                           int64_t now, kk_Attempt **out, kk_Err *err) {
  Host *h = ud;
  h->opened++;
  snprintf(h->name, sizeof h->name, "%s", name);
  snprintf(h->number, sizeof h->number, "%s", number);
  kk_Paper *p = NULL;
  kk_Status st = kk_paper_build(h->spec, bank_items, BANK_N,
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
  snprintf(t, sizeof t, "exam: ui\ntitle: UI exam\ninstructions: Answer all.\n"
                  "decks: [a]\ntime_limit: 15m\nshuffle: false\n%s"
                  "extensions: {S2: 5}\npools:\n"
                  "  - {tags: crypto, types: truefalse, count: 1}\n"
                  "  - {tags: social, types: choice, count: 1}\n"
                  "  - {types: typed, count: 1}\n"
                  "  - {types: order, count: 1}\n", extra);
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_ExamSpec *s = NULL;
  kk_exam_spec_load_mem(t, strlen(t), "ui.yaml", &d, &s);
  if (d.nerrors) kk_diags_print(&d, stderr);
  kk_diags_free(&d);
  return s;
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

static int same_color(kk_Color a, kk_Color b) {
  return a.r == b.r && a.g == b.g && a.b == b.b;
}

static void test_keyboard_flow(void) {
  kk_ExamSpec *s = spec_of();
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", ""};
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
  KT_CHECK(cd && same_color(cd->color, (kk_Color){30, 30, 34, 255}));
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
  snprintf(want, sizeof want, "%zu,%zu,%zu,%zu", q4->perm[1] + 1, q4->perm[0] + 1,
           q4->perm[2] + 1, q4->perm[3] + 1);
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
  KT_CHECK(cd && same_color(cd->color, (kk_Color){214, 120, 0, 255}));
  draw(u, T0 + 19 * MIN + 1000);
  cd = find_text("0:59");
  KT_CHECK(cd && same_color(cd->color, (kk_Color){200, 30, 40, 255}));
  KT_CHECK(kk_exam_ui_warning_level(11 * MIN) == 0 && kk_exam_ui_warning_level(10 * MIN) == 1 &&
           kk_exam_ui_warning_level(MIN) == 2);
  /* The submit dialog lists flagged questions; Escape goes back. */
  key(u, KK_KEY_CHAR, 's', KK_MOD_CTRL, T0 + 19 * MIN + 2000);
  KT_CHECK(kk_exam_ui_screen(u) == KK_EXAM_UI_CONFIRM);
  draw(u, T0 + 19 * MIN + 2000);
  KT_CHECK(find_text("Unanswered: none") != NULL);
  KT_CHECK(find_text("Flagged for review: 2") != NULL);
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
  Host h = {s, NULL, 0, 0, "", ""};
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

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

/* The screens over a real session (spec file, deck file, store, result
** files): answer, leave without submitting (the process "dies"), open a
** new session, resume, submit; the result files appear once. */
static void test_with_session(void) {
  char dir[] = "/tmp/kk-uiexam-XXXXXX";
  if (!mkdtemp(dir)) return;
  char deck[300], spec[300], data[300], res[300], path[400];
  snprintf(deck, sizeof deck, "%s/d.yaml", dir);
  snprintf(spec, sizeof spec, "%s/s.yaml", dir);
  snprintf(data, sizeof data, "%s/data", dir);
  snprintf(res, sizeof res, "%s/res", dir);
  write_file(deck, "deck:\n  id: d\n  title: D\ncards:\n"
                   "  - {id: t1, type: truefalse, statement: A, answer: true}\n"
                   "  - {id: t2, type: truefalse, statement: B, answer: false}\n");
  write_file(spec, "exam: se\ntitle: Session\ndecks: [d.yaml]\ntime_limit: 10m\n"
                   "shuffle: false\npools:\n  - count: 2\n");
  kk_ExamSessionOptions so = {spec, data, res, 0, 540, 4};
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
    kk_ExamUi *u = kk_exam_ui_new(kk_exam_session_spec(sess), kk_exam_session_ui_host(sess),
                                  "Mei", "7");
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
      key(u, KK_KEY_ENTER, 0, 0, T0 + MIN + 4000);
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
  snprintf(path, sizeof path, "rm -rf '%s'", dir);
  if (system(path) != 0) fprintf(stderr, "could not clean %s\n", dir);
}

/* feedback: after_each shows right/wrong and the correct answer at once. */
static void test_feedback_after_each(void) {
  kk_ExamSpec *s = spec_with("feedback: after_each\n");
  if (!s) return;
  Host h = {s, NULL, 0, 0, "", ""};
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
  }
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
  kk_draw_free(&dl);
  return kt_done();
}
