/* fuzz_screens.c -- a deck from arbitrary bytes, drawn: every card that
** loads is paged through the author preview (question and answer side of
** every item) at two window sizes, a narrow one and a wide one, with a
** fake font that makes CJK twice as wide as Latin.  Drawing must never
** crash, read out of bounds or leak, whatever the deck holds. */
#include <stdlib.h>

#include "core/base/utf8.h"
#include "core/deck/load.h"
#include "core/ui/ui.h"

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
    if (ui) {
      page(ui, &dl, 640, 480, nitems);
      page(ui, &dl, 1600, 1000, nitems);
    }
    kk_draw_free(&dl);
    kk_ui_free(ui);
  }
  kk_deck_free(deck);
  kk_diags_free(&d);
  return 0;
}
