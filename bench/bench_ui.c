/* bench_ui.c -- cost of building one frame of the trainer screens in the
** core (layout + draw list), with fake text metrics: microseconds per
** frame, draw commands and text-measurement calls per frame (with SDL_ttf
** each call is a real measurement, so the call count matters more than
** the time here) and paragraphs laid out per frame (kept across frames,
** so a frame drawn again lays out nothing).  Prints figures; asserts
** nothing.  Target: the whole frame, SDL drawing included, under 2 ms. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/deck/load.h"
#include "core/deck/text.h"
#include "core/ui/ui.h"

static long calls;
static int width(void *ud, int px, const char *s, size_t len) {
  size_t i = 0;
  int w = 0;
  calls++;
  if (px < 0) px = -px; /* the bold face */
  while (i < len) w += kk_utf8_next(s, len, &i) >= 0x1100 ? px : px / 2;
  return w;
}
static int line_h(void *ud, int px) {
  calls++;
  return px + px / 4;
}
static int ascent(void *ud, int px) {
  calls++;
  return px;
}
static const kk_TextMetrics tm = {NULL, width, line_h, ascent};

static const char yaml[] =
    "deck: {id: b, title: ベンチ, language: ja}\n"
    "cards:\n"
    "  - id: c1\n"
    "    type: choice\n"
    "    question: 北大西洋条約[ほくたいせいようじょうやく]第5条は、締約国に対する武力攻撃を全締約国に対する攻撃とみなし、各締約国が必要と認める行動をとることを定めている。この条文について正しいものはどれか。\n"
    "    options:\n"
    "      - {text: 自動的な軍事介入を義務づけている。, feedback: 「必要と認める行動」であり自動的ではない。}\n"
    "      - {text: 各国が必要と認める行動をとる。, feedback: 条文のとおり。}\n"
    "      - {text: 欧州の締約国のみが対象である。}\n"
    "      - {text: 国連安保理の決議を前提とする。}\n"
    "    answer: 2\n"
    "    explanation: 第5条は集団防衛条項と呼ばれ、2001年9月11日の同時多発テロの後に初めて発動された。援助の形は各国が決める。\n";

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct Ud {
  int left;
  kk_Deck *deck;
} Ud;
static kk_Status start(void *ud, const size_t *d, size_t n, int64_t now, kk_Err *e) {
  return KK_OK;
}
static int next(void *ud, int64_t now, kk_UiItem *out) {
  Ud *u = ud;
  if (u->left-- <= 0) return 0;
  *out = (kk_UiItem){kk_deck_card(u->deck, 0), 0, 0, KK_PHASE_NEW, 0, 0};
  return 1;
}

int main(void) {
  kk_Deck *deck = NULL;
  if (kk_deck_load_mem(yaml, strlen(yaml), "bench.yaml", NULL, &deck) != KK_OK) {
    fprintf(stderr, "bench_ui: deck did not load\n");
    return 1;
  }
  Ud ud = {1, deck};
  kk_UiHost host = {0};
  host.ud = &ud;
  host.session_start = start;
  host.session_next = next;
  kk_UiConfig cfg = {0};
  cfg.decks = &deck;
  cfg.ndecks = 1;
  cfg.host = &host;
  cfg.start = KK_UI_DRILL;
  kk_Ui *ui = kk_ui_new(&cfg);
  kk_DrawList dl;
  kk_draw_init(&dl);
  kk_UiEvent ev = {.kind = KK_EV_RESIZE, .now_ms = 1};
  kk_ui_handle(ui, &ev);
  ev = (kk_UiEvent){.kind = KK_EV_KEY, .key = KK_KEY_CHAR, .ch = '1', .now_ms = 2};
  kk_ui_handle(ui, &ev); /* answered: options marked, feedback, explanation */
  static const int sizes[][2] = {{1280, 800}, {640, 480}, {2560, 1440}};
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    int n = 2000;
    calls = 0;
    long laid0 = kk_ui_layout_count(ui);
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
      kk_draw_reset(&dl);
      kk_ui_draw(ui, sizes[k][0], sizes[k][1], sizes[k][0] > 2000 ? 2.0f : 1.0f, &tm, &dl);
    }
    double dt = now_s() - t0;
    printf("ui frame %dx%d (answered choice card): %.1f us/frame, %zu draw commands, "
           "%ld host text measurements/frame, %.2f paragraph layouts/frame (both memoised)\n",
           sizes[k][0], sizes[k][1], dt / n * 1e6, dl.n, calls / n,
           (double)(kk_ui_layout_count(ui) - laid0) / n);
  }
  kk_draw_free(&dl);
  kk_ui_free(ui);
  kk_deck_free(deck);
  return 0;
}
