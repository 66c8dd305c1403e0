/* fuzz_screens.c -- a deck from arbitrary bytes, drawn: every card that
** loads is paged through the author preview (question and answer side of
** every item, as the drill draws them) and every card an exam can ask is
** put on an exam paper and drawn through the exam screens (each question,
** an answer typed into it, the submit dialog and the results), at a narrow
** or a wide window size (the input's length picks one, so the fuzzer tries
** both without paying for both on every input), with a fake font that makes
** CJK twice as wide as Latin.  Drawing must never crash, read out of bounds
** or leak, whatever the deck holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/utf8.h"
#include "core/deck/load.h"
#include "core/exam/attempt.h"
#include "core/exam/paper.h"
#include "core/ui/ui.h"
#include "core/ui/ui_exam.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int width(void *ud, int px, const char *s, size_t len) {
  (void)ud;
  size_t i = 0;
  int w = 0;
  if (px < 0) px = -px; /* the bold face */
  while (i < len) w += kk_utf8_next(s, len, &i) >= 0x1100 ? px : px / 2;
  return w;
}
static int line_height(void *ud, int px) { return (void)ud, px + px / 4; }
static int ascent(void *ud, int px) { return (void)ud, px; }
static const kk_TextMetrics tm = {NULL, width, line_height, ascent};

static void page(kk_Ui *ui, kk_DrawList *dl, int w, int h, size_t nitems) {
  kk_UiEvent ev = {.kind = KK_EV_RESIZE, .w = w, .h = h, .now_ms = 1700000000000};
  kk_ui_handle(ui, &ev);
  ev.kind = KK_EV_KEY;
  ev.key = KK_KEY_HOME;
  kk_ui_handle(ui, &ev);
  /* every item, both sides; bounded in case paging does not end */
  for (size_t i = 0; i <= nitems && i < 4096; i++) {
    kk_draw_reset(dl);
    kk_ui_draw(ui, w, h, 1.0f, &tm, dl);
    ev.key = KK_KEY_SPACE;
    kk_ui_handle(ui, &ev);
    kk_draw_reset(dl);
    kk_ui_draw(ui, w, h, 1.0f, &tm, dl);
    ev.key = KK_KEY_RIGHT;
    if (!(kk_ui_handle(ui, &ev) & KK_UIF_REDRAW)) break;
  }
}

/* ---- the exam screens --------------------------------------------------- */

typedef struct {
  const kk_ExamSpec *spec;
  const kk_ExamItem *items;
  size_t nitems;
  kk_Attempt *a;
} Host;

static kk_Status host_open(void *ud, const char *name, const char *number, int64_t now,
                           kk_Attempt **out, kk_Err *err) {
  Host *h = ud;
  kk_Paper *p = NULL;
  kk_Status st =
      kk_paper_build(h->spec, h->items, h->nitems, kk_exam_student_seed(h->spec, number), &p, err);
  if (st != KK_OK) return st;
  st = kk_attempt_new(h->spec, p, name, number, 0, now,
                      kk_attempt_deadline_for(h->spec, number, now), &h->a);
  *out = h->a;
  return st;
}

static void host_submitted(void *ud, kk_Attempt *a, int64_t now, char *msg, size_t size) {
  (void)ud, (void)a, (void)now;
  snprintf(msg, size, "saved");
}

static int exam_type(kk_CardType t) {
  return t == KK_CARD_CHOICE || t == KK_CARD_TRUEFALSE || t == KK_CARD_TYPED ||
         t == KK_CARD_NUMERIC || t == KK_CARD_ORDER || t == KK_CARD_CLOZE;
}

static void exam_key(kk_ExamUi *u, kk_Key k, uint32_t ch, int mods, int64_t now) {
  kk_UiEvent ev = {.kind = KK_EV_KEY, .key = k, .ch = ch, .mods = mods, .now_ms = now};
  kk_exam_ui_handle(u, &ev);
}

static const int sizes[2][2] = {{640, 480}, {1600, 1000}};

/* Questions on the fuzz exam: enough for a results list that scrolls and
** for every card type a small deck holds; each more costs two draws of its
** question and a line of every results draw, and adds no new path. */
enum { EXAM_QUESTIONS = 12 };

static void exam_screens(const kk_Deck *deck, int s, kk_DrawList *dl) {
  size_t n = kk_deck_card_count(deck), m = 0;
  kk_ExamItem *items = calloc(n ? n : 1, sizeof *items);
  if (!items) return;
  for (size_t i = 0; i < n; i++) {
    const kk_Card *c = kk_deck_card(deck, i);
    if (exam_type(c->type)) items[m].deck_id = "fz", items[m++].card = c;
  }
  char yaml[256];
  snprintf(yaml, sizeof yaml,
           "exam: fz\ntitle: Fuzz\ndecks: [fz.yaml]\ntime_limit: 15m\n"
           "pools:\n  - {count: %zu}\n",
           m < EXAM_QUESTIONS ? m : (size_t)EXAM_QUESTIONS);
  kk_Diags d;
  kk_diags_init(&d, 10);
  kk_ExamSpec *spec = NULL;
  if (m > 0 && kk_exam_spec_load_mem(yaml, strlen(yaml), "fz-exam.yaml", &d, &spec) == KK_OK) {
    Host h = {spec, items, m, NULL};
    kk_ExamUiHost host = {&h, host_open, host_submitted};
    kk_ExamUi *u = kk_exam_ui_new(spec, &host, "Fuzz", "F1");
    int64_t now = 1700000000000;
    kk_UiEvent rs = {.kind = KK_EV_RESIZE, .w = sizes[s][0], .h = sizes[s][1], .now_ms = now};
    if (u) kk_exam_ui_handle(u, &rs);
    for (size_t q = 0; u && q <= m && q < 64; q++) {
      kk_draw_reset(dl);
      kk_exam_ui_draw(u, sizes[s][0], sizes[s][1], 1.0f, &tm, now, dl);
      exam_key(u, KK_KEY_CHAR, '1', 0, now); /* an answer of some kind */
      kk_UiEvent tx = {.kind = KK_EV_TEXT, .text = "答え|42", .now_ms = now};
      kk_exam_ui_handle(u, &tx);
      kk_draw_reset(dl);
      kk_exam_ui_draw(u, sizes[s][0], sizes[s][1], 1.0f, &tm, now, dl);
      exam_key(u, KK_KEY_PAGEDOWN, 0, 0, now);
      now += 1000;
    }
    if (u) {
      exam_key(u, KK_KEY_CHAR, 's', KK_MOD_CTRL, now); /* the submit dialog */
      kk_draw_reset(dl);
      kk_exam_ui_draw(u, sizes[s][0], sizes[s][1], 1.0f, &tm, now, dl);
      exam_key(u, KK_KEY_ENTER, 0, 0, now); /* submit: the results */
      for (int k = 0; k < 3; k++) {
        kk_draw_reset(dl);
        kk_exam_ui_draw(u, sizes[s][0], sizes[s][1], 1.0f, &tm, now, dl);
        exam_key(u, KK_KEY_PAGEDOWN, 0, 0, now);
      }
    }
    kk_exam_ui_free(u);
    kk_attempt_free(h.a);
  }
  kk_exam_spec_free(spec);
  kk_diags_free(&d);
  free(items);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_Diags d;
  kk_diags_init(&d, 50);
  kk_Deck *deck = NULL;
  if (kk_deck_load_mem((const char *)data, size, "fuzz.yaml", &d, &deck) == KK_OK && deck) {
    size_t nitems = 0;
    for (size_t i = 0; i < kk_deck_card_count(deck); i++)
      nitems += kk_card_item_count(kk_deck_card(deck, i));
    kk_UiConfig cfg = {0};
    cfg.start = KK_UI_PREVIEW;
    cfg.preview_deck = deck;
    cfg.preview_diags = &d;
    cfg.seed = 1;
    kk_Ui *ui = kk_ui_new(&cfg);
    kk_DrawList dl;
    kk_draw_init(&dl);
    int s = (int)(size & 1);
    if (ui) page(ui, &dl, sizes[s][0], sizes[s][1], nitems);
    kk_ui_free(ui);
    exam_screens(deck, s, &dl);
    kk_draw_free(&dl);
  }
  kk_deck_free(deck);
  kk_diags_free(&d);
  return 0;
}
