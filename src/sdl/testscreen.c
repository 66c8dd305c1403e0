/*
** testscreen.c -- the renderer's own check page (`kioku --test-screen`):
** a Japanese paragraph broken to the window width, a text field that takes
** IME compositions, four buttons and the last event.  It exercises every
** draw command and every input path without the core screens.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/ui/layout.h"
#include "sdl/screen.h"

typedef struct {
  char typed[512];
  char comp[256];
  int comp_cursor;
  int focus;
  int pressed; /* 1..4, 0 none */
  int hover;
  char last[128];
  kk_Rect buttons[4], field;
  int64_t now_ms;
} Test;

static const char PARA[] =
    "北大西洋条約機構[きたたいせいようじょうやくきこう]（NATO）は、1949年に締結された北大西洋条約に基づく"
    "集団防衛機構である。加盟国の一国に対する武力攻撃は、全加盟国に対する"
    "攻撃とみなされる（第5条）。「抑止」とは、相手に行動を思いとどまらせる"
    "ことであり、ちょっとした誤算が危機を招くこともある……。"
    "Deterrence means persuading an adversary not to act.";

static const kk_Color INK = {32, 33, 36, 255}, MUTED = {95, 99, 104, 255},
                      ACCENT = {26, 115, 232, 255}, PAPER = {250, 250, 247, 255},
                      LINE = {218, 220, 224, 255}, WHITE = {255, 255, 255, 255};

static size_t cp_len(const char *s) {
  unsigned char c = (unsigned char)*s;
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The paragraph through the core's layout (kinsoku, furigana); returns the
** y below it. */
static int paragraph(kk_DrawList *dl, const kk_TextMetrics *tm, int x, int y, int w, int px,
                     const char *s) {
  kk_Layout l;
  if (kk_layout_paragraph(s, strlen(s), "ja", w, px, tm, &l) != KK_OK) return y;
  for (size_t i = 0; i < l.nlines; i++) {
    const kk_LayoutLine *ln = &l.lines[i];
    kk_draw_text(dl, x, y + ln->y_px, px, 0, INK, l.text + ln->off, ln->len);
  }
  for (size_t i = 0; i < l.nrubies; i++) {
    const kk_LayoutRuby *r = &l.rubies[i];
    kk_draw_text(dl, x + r->x_px, y + r->y_px, l.ruby_px, 0, MUTED, r->text, r->len);
  }
  y += l.height_px;
  kk_layout_free(&l);
  return y;
}

static unsigned t_handle(void *ud, const kk_UiEvent *ev) {
  Test *t = ud;
  t->now_ms = ev->now_ms;
  switch (ev->kind) {
  case KK_EV_QUIT: return KK_SCREEN_QUIT;
  case KK_EV_KEY:
    snprintf(t->last, sizeof t->last, "key %d ch %u mods %d", (int)ev->key, (unsigned)ev->ch,
             ev->mods);
    if (ev->key == KK_KEY_ESCAPE) {
      if (!t->focus) return KK_SCREEN_QUIT;
      t->focus = 0;
    } else if (ev->key == KK_KEY_TAB)
      t->focus = !t->focus;
    else if (ev->key == KK_KEY_BACKSPACE && t->focus && !t->comp[0]) {
      size_t n = strlen(t->typed);
      while (n > 0 && ((unsigned char)t->typed[n - 1] & 0xC0) == 0x80) n--;
      if (n > 0) n--;
      t->typed[n] = '\0';
    } else if (ev->key == KK_KEY_ENTER && t->focus && !t->comp[0]) {
      t->focus = 0;
    } else if (ev->key == KK_KEY_CHAR && ev->ch >= '1' && ev->ch <= '4')
      t->pressed = (int)(ev->ch - '0');
    else if (ev->key == KK_KEY_CHAR && ev->ch == 'q' && (ev->mods & KK_MOD_CTRL))
      return KK_SCREEN_QUIT;
    return KK_SCREEN_REDRAW;
  case KK_EV_TEXT:
    if (t->focus) {
      size_t have = strlen(t->typed), add = strlen(ev->text);
      if (have + add < sizeof t->typed) memcpy(t->typed + have, ev->text, add + 1);
    }
    t->comp[0] = '\0';
    snprintf(t->last, sizeof t->last, "text \"%s\"", ev->text);
    return KK_SCREEN_REDRAW;
  case KK_EV_EDIT:
    snprintf(t->comp, sizeof t->comp, "%s", ev->text);
    t->comp_cursor = ev->cursor;
    snprintf(t->last, sizeof t->last, "edit \"%s\" %d", ev->text, ev->cursor);
    return KK_SCREEN_REDRAW;
  case KK_EV_CLICK: {
    kk_Rect f = t->field;
    t->focus = ev->x >= f.x && ev->x < f.x + f.w && ev->y >= f.y && ev->y < f.y + f.h;
    for (int i = 0; i < 4; i++) {
      kk_Rect b = t->buttons[i];
      if (ev->x >= b.x && ev->x < b.x + b.w && ev->y >= b.y && ev->y < b.y + b.h)
        t->pressed = i + 1;
    }
    snprintf(t->last, sizeof t->last, "click %d %d", ev->x, ev->y);
    return KK_SCREEN_REDRAW;
  }
  case KK_EV_MOVE: {
    int h = 0;
    for (int i = 0; i < 4; i++) {
      kk_Rect b = t->buttons[i];
      if (ev->x >= b.x && ev->x < b.x + b.w && ev->y >= b.y && ev->y < b.y + b.h) h = i + 1;
    }
    if (h == t->hover) return 0;
    t->hover = h;
    return KK_SCREEN_REDRAW;
  }
  default: return KK_SCREEN_REDRAW;
  }
}

static void t_draw(void *ud, int w, int h, float scale, const kk_TextMetrics *tm, kk_DrawList *dl) {
  Test *t = ud;
  int m = (int)(32 * scale), px = (int)(22 * scale), small = (int)(15 * scale);
  kk_draw_rect(dl, (kk_Rect){0, 0, w, h}, PAPER);
  static const char title[] = "Kioku 記憶 — renderer check";
  kk_draw_text(dl, m, m, (int)(28 * scale), KK_TEXT_BOLD, INK, title, sizeof title - 1);
  int y = m + tm->line_height(tm->ud, (int)(28 * scale)) + m / 2;
  kk_draw_line(dl, m, y, w - m, y, LINE);
  y += m / 2;
  /* 。、 may hang past the margin: clip at the window edge, not the column */
  kk_draw_clip(dl, (kk_Rect){0, y, w, h - y});
  y = paragraph(dl, tm, m, y, w - 2 * m, px, PARA);
  kk_draw_clip(dl, (kk_Rect){0, 0, 0, 0});
  y += m / 2;
  /* text field */
  int lh = tm->line_height(tm->ud, px);
  t->field = (kk_Rect){m, y, w - 2 * m, lh + (int)(16 * scale)};
  kk_draw_rect(dl, t->field, WHITE);
  kk_draw_frame(dl, t->field, t->focus ? ACCENT : LINE, t->focus ? (int)(2 * scale) : 1);
  int tx = m + (int)(10 * scale), ty = y + (int)(8 * scale);
  if (!t->typed[0] && !t->comp[0] && !t->focus) {
    static const char hint[] = "答えを入力 (Tab)";
    kk_draw_text(dl, tx, ty, px, 0, MUTED, hint, sizeof hint - 1);
  }
  kk_draw_text(dl, tx, ty, px, 0, INK, t->typed, strlen(t->typed));
  tx += tm->width(tm->ud, px, t->typed, strlen(t->typed));
  int cx = tx;
  if (t->comp[0]) {
    kk_draw_text(dl, tx, ty, px, KK_TEXT_UNDERLINE, ACCENT, t->comp, strlen(t->comp));
    size_t b = 0;
    for (int i = 0; i < t->comp_cursor && t->comp[b]; i++) b += cp_len(t->comp + b);
    cx = tx + tm->width(tm->ud, px, t->comp, b);
  }
  if (t->focus) {
    kk_draw_rect(dl, (kk_Rect){cx, ty, (int)(2 * scale) > 0 ? (int)(2 * scale) : 1, lh}, ACCENT);
    kk_draw_ime_rect(dl, (kk_Rect){cx, ty, 1, lh});
  }
  y += t->field.h + m / 2;
  /* buttons */
  static const char *const labels[4] = {"1 もう一度", "2 難しい", "3 正解", "4 簡単"};
  int bw = (w - 2 * m - 3 * m / 2) / 4, bh = lh + (int)(20 * scale);
  for (int i = 0; i < 4; i++) {
    kk_Rect b = {m + i * (bw + m / 2), y, bw, bh};
    t->buttons[i] = b;
    int on = t->pressed == i + 1;
    kk_draw_rect(dl, b, on ? ACCENT : t->hover == i + 1 ? (kk_Color){232, 240, 254, 255} : WHITE);
    kk_draw_frame(dl, b, on ? ACCENT : LINE, 1);
    int lw = tm->width(tm->ud, px, labels[i], strlen(labels[i]));
    kk_draw_text(dl, b.x + (bw - lw) / 2, b.y + (bh - lh) / 2, px, 0, on ? WHITE : INK, labels[i],
                 strlen(labels[i]));
  }
  y += bh + m / 2;
  kk_draw_text(dl, m, y, small, 0, MUTED, t->last, strlen(t->last));
}

static int t_text_input(void *ud) { return ((Test *)ud)->focus; }
static int64_t t_next_tick(void *ud) { return 0; }
static kk_Color t_background(void *ud) { return PAPER; }

int kk_test_screen_new(kk_Screen *s) {
  Test *t = kk_calloc(1, sizeof *t);
  if (!t) return -1;
  snprintf(t->last, sizeof t->last, "(no input yet)");
  *s = (kk_Screen){t, t_handle, t_draw, t_text_input, t_next_tick, t_background};
  return 0;
}

void kk_test_screen_free(void *ud) { kk_free(ud); }
