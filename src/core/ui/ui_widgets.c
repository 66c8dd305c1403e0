/*
** ui_widgets.c -- the screens' small parts: themes, hit rectangles,
** buttons, progress bars, list rows, scrolling, frames drawn outside
** kk_ui_draw, zoom steps, and the formatting of durations, item states
** and card types.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/date.h"
#include "core/base/i18n.h"
#include "core/deck/text.h"
#include "core/ui/ui_int.h"

/* ---- themes ----------------------------------------------------------------- */

#define C(r, g, b)                                                                                 \
  { r, g, b, 255 }
static const kk_UiTheme light = {.bg = C(250, 249, 246),
                                 .panel = C(255, 255, 255),
                                 .text = C(28, 28, 30),
                                 .muted = C(110, 110, 118),
                                 .accent = C(37, 99, 185),
                                 .accent_text = C(255, 255, 255),
                                 .good = C(30, 130, 60),
                                 .bad = C(190, 40, 40),
                                 .warn = C(190, 120, 10),
                                 .border = C(210, 208, 204),
                                 .bar_bg = C(228, 226, 222),
                                 .new_c = C(37, 99, 185),
                                 .learn_c = C(200, 90, 20),
                                 .due_c = C(30, 130, 60),
                                 .shade = {0, 0, 0, 110},
                                 .selection = C(222, 234, 252)};
static const kk_UiTheme dark = {.bg = C(30, 31, 34),
                                .panel = C(42, 44, 48),
                                .text = C(232, 232, 235),
                                .muted = C(150, 152, 160),
                                .accent = C(96, 156, 240),
                                .accent_text = C(16, 16, 20),
                                .good = C(90, 196, 120),
                                .bad = C(240, 100, 100),
                                .warn = C(230, 170, 60),
                                .border = C(70, 72, 78),
                                .bar_bg = C(58, 60, 66),
                                .new_c = C(110, 165, 245),
                                .learn_c = C(240, 140, 70),
                                .due_c = C(90, 196, 120),
                                .shade = {0, 0, 0, 150},
                                .selection = C(48, 66, 96)};
#undef C

const kk_UiTheme *kk_ui_theme(int is_dark) { return is_dark ? &dark : &light; }

/* ---- hit rectangles ----------------------------------------------------------- */

void kk_ui_hit(kk_Ui *ui, kk_Rect r, int id, int arg) {
  if (ui->nhits == ui->hitcap) {
    kk_UiHit *n = kk_grow(ui->hits, &ui->hitcap, ui->nhits + 1, sizeof *n, 64);
    if (!n) {
      ui->hits_oom = 1;
      return;
    }
    ui->hits = n;
  }
  ui->hits[ui->nhits++] = (kk_UiHit){r, id, arg};
}

int kk_ui_hovered(const kk_Ui *ui, int id, int arg) {
  return id != HIT_NONE && ui->hover_id == id && ui->hover_arg == arg;
}

/* ---- widgets ------------------------------------------------------------------ */

void kk_ui_button(kk_Ui *ui, kk_Rect r, const char *label, const char *sub, int hot, int id,
                  int arg) {
  const kk_UiTheme *th = ui->th;
  int over = kk_ui_hovered(ui, id, arg);
  kk_draw_rect(ui->dl, r, hot ? th->accent : over ? th->selection : th->panel);
  kk_draw_frame(ui->dl, r, hot || over ? th->accent : th->border, 1);
  kk_Color fg = hot ? th->accent_text : th->text;
  int px = kk_ui_px(ui, 15), spx = kk_ui_px(ui, 12);
  int lh = kk_ui_line_h(ui, px), slh = sub ? kk_ui_line_h(ui, spx) : 0;
  int pad = kk_ui_sp(ui, 6);
  int lw = kk_ui_text_w(ui, px, label, strlen(label));
  if (lw > r.w - 2 * pad) lw = r.w - 2 * pad;
  int y = r.y + (r.h - lh - slh) / 2;
  if (r.w - 2 * pad < 1) { /* too narrow for any text (a max_w <= 0 would not cut) */
    kk_ui_hit(ui, r, id, arg);
    return;
  }
  kk_ui_label(ui, r.x + (r.w - lw) / 2, y, px, 0, fg, label, r.w - 2 * pad);
  if (sub) {
    int sw = kk_ui_text_w(ui, spx, sub, strlen(sub));
    if (sw > r.w - 2 * pad) sw = r.w - 2 * pad;
    kk_ui_label(ui, r.x + (r.w - sw) / 2, y + lh, spx, 0, hot ? th->accent_text : th->muted, sub,
                r.w - 2 * pad);
  }
  kk_ui_hit(ui, r, id, arg);
}

void kk_ui_button_small(kk_Ui *ui, kk_Rect r, const char *label, int id, int arg) {
  const kk_UiTheme *th = ui->th;
  int over = kk_ui_hovered(ui, id, arg);
  int px = kk_ui_px(ui, 13);
  kk_draw_rect(ui->dl, r, over ? th->selection : th->panel);
  kk_draw_frame(ui->dl, r, over ? th->accent : th->border, 1);
  int lw = kk_ui_text_w(ui, px, label, strlen(label));
  if (lw > r.w) lw = r.w;
  kk_ui_label(ui, r.x + (r.w - lw) / 2, r.y + (r.h - kk_ui_line_h(ui, px)) / 2, px, 0, th->text,
              label, r.w);
  kk_ui_hit(ui, r, id, arg);
}

void kk_ui_bar(kk_Ui *ui, kk_Rect r, double frac, kk_Color fg) {
  if (frac < 0) frac = 0;
  if (frac > 1) frac = 1;
  kk_draw_rect(ui->dl, r, ui->th->bar_bg);
  int w = (int)(r.w * frac + 0.5);
  if (w > 0) kk_draw_rect(ui->dl, (kk_Rect){r.x, r.y, w, r.h}, fg);
}

/* ---- formatting ---------------------------------------------------------------- */

void kk_ui_fmt_duration(int64_t ms, char *buf, size_t size) {
  int64_t s = ms / 1000;
  /* TRANSLATORS: a short duration in seconds: "45s" */
  if (s < 60) snprintf(buf, size, _("%ds"), (int)s);
  /* TRANSLATORS: minutes and seconds: "3m 05s" */
  else if (s < 3600)
    snprintf(buf, size, _("%dm %02ds"), (int)(s / 60), (int)(s % 60));
  /* TRANSLATORS: hours and minutes: "1h 02m" */
  else
    snprintf(buf, size, _("%dh %02dm"), (int)(s / 3600), (int)(s / 60 % 60));
}

const char *kk_ui_fmt_date(const char *iso, char *buf, size_t size) {
  int64_t days;
  if (iso && kk_date_parse(iso, &days)) return kk_i18n_date(buf, size, days);
  if (size) snprintf(buf, size, "%s", iso ? iso : "");
  return buf;
}

const char *kk_ui_state_label(const char *s) {
  if (strcmp(s, "new") == 0) return _("new");
  if (strcmp(s, "learning") == 0) return _("learning");
  if (strcmp(s, "relearning") == 0) return _("relearning");
  if (strcmp(s, "review") == 0) return _("review");
  if (strcmp(s, "suspended") == 0) return _("suspended");
  if (strcmp(s, "buried") == 0) return _("buried");
  if (strcmp(s, "leech") == 0) return _("leech");
  return s;
}

const char *kk_ui_type_label(const char *t) {
  if (strcmp(t, "basic") == 0) return kk_pgettext("card type", "basic");
  if (strcmp(t, "cloze") == 0) return kk_pgettext("card type", "cloze");
  if (strcmp(t, "typed") == 0) return kk_pgettext("card type", "typed");
  if (strcmp(t, "choice") == 0) return kk_pgettext("card type", "choice");
  if (strcmp(t, "truefalse") == 0) return kk_pgettext("card type", "truefalse");
  if (strcmp(t, "numeric") == 0) return kk_pgettext("card type", "numeric");
  if (strcmp(t, "order") == 0) return kk_pgettext("card type", "order");
  return t;
}

/* ---- hit testing ------------------------------------------------------------- */

const kk_UiHit *kk_ui_hit_at(const kk_Ui *ui, int x, int y) {
  for (size_t i = ui->nhits; i-- > 0;) {
    const kk_UiHit *h = &ui->hits[i];
    if (x >= h->r.x && y >= h->r.y && x < h->r.x + h->r.w && y < h->r.y + h->r.h) return h;
  }
  return NULL;
}

/* ---- list rows ---------------------------------------------------------------- */

int kk_ui_row(kk_Ui *ui, int x, int y, int w, int px, const kk_UiRow *row, int id, int arg,
              int draw) {
  const kk_UiTheme *th = ui->th;
  int pad = kk_ui_sp(ui, 8), spx = kk_ui_px(ui, 13);
  int kw = row->key ? kk_ui_text_w(ui, px, "00.", 3) + 2 * pad : pad;
  int tw = w - kw - pad - row->right_w;
  if (tw < 1) tw = 1;
  int th_ = kk_ui_wrap(ui, row->text, th->text, px, 0, 0, 0, tw, 0);
  int lh = kk_ui_line_h(ui, px);
  if (th_ < lh) th_ = lh;
  int nh = row->note ? kk_ui_wrap(ui, row->note, th->muted, spx, 0, 0, 0, tw, 0) : 0;
  int h = th_ + nh + 2 * pad;
  if (!draw || !ui->dl) return h;
  kk_Rect r = {x, y, w, h};
  int over = kk_ui_hovered(ui, id, arg);
  /* chosen: filled; keyboard focus: a thick frame; picked up: thicker */
  kk_Color bg = row->on || over ? th->selection : th->panel;
  kk_Color fr = row->on || row->cursor || row->lifted ? th->accent : th->border;
  kk_draw_rect(ui->dl, r, bg);
  kk_draw_frame(ui->dl, r, fr, row->lifted ? 3 : row->cursor ? 2 : 1);
  if (row->key)
    kk_ui_label(ui, x + pad, y + pad, px, KK_TEXT_BOLD, row->on ? th->accent : th->muted, row->key,
                kw - pad);
  kk_ui_wrap(ui, row->text, th->text, px, 0, x + kw, y + pad, tw, 1);
  if (row->note) kk_ui_wrap(ui, row->note, th->muted, spx, 0, x + kw, y + pad + th_, tw, 1);
  kk_ui_hit(ui, r, id, arg);
  return h;
}

/* ---- one-line text field -------------------------------------------------------- */

int kk_ui_field_event(kk_UiField *f, const kk_UiEvent *ev) {
  if (ev->kind == KK_EV_TEXT && ev->text) {
    int changed = 0;
    for (const char *s = ev->text; *s; s++) {
      if ((unsigned char)*s < 0x20 || *s == 0x7f) continue; /* newlines, tabs */
      if (f->len + 1 >= sizeof f->buf) break;
      memmove(f->buf + f->caret + 1, f->buf + f->caret, f->len - f->caret + 1);
      f->buf[f->caret++] = *s;
      f->len++;
      changed = 1;
    }
    /* a cut in the middle of a character: drop its leading bytes */
    while (f->caret > 0 && f->caret < f->len && ((unsigned char)f->buf[f->caret] & 0xC0) == 0x80) {
      size_t p = kk_utf8_prev(f->buf, f->len, f->caret);
      memmove(f->buf + p, f->buf + f->caret, f->len - f->caret + 1);
      f->len -= f->caret - p;
      f->caret = p;
    }
    f->comp[0] = '\0';
    return changed ? 1 : 2;
  }
  if (ev->kind == KK_EV_EDIT) {
    snprintf(f->comp, sizeof f->comp, "%s", ev->text ? ev->text : "");
    f->comp_cursor = ev->cursor;
    return 2;
  }
  if (ev->kind != KK_EV_KEY || f->comp[0] || (ev->mods & (KK_MOD_CTRL | KK_MOD_ALT))) return 0;
  switch (ev->key) {
  case KK_KEY_BACKSPACE:
    if (f->caret == 0) return 2;
    {
      size_t p = kk_text_prev_grapheme(f->buf, f->len, f->caret);
      memmove(f->buf + p, f->buf + f->caret, f->len - f->caret + 1);
      f->len -= f->caret - p;
      f->caret = p;
    }
    return 1;
  case KK_KEY_DELETE:
    if (f->caret >= f->len) return 2;
    {
      size_t q = kk_text_next_grapheme(f->buf, f->len, f->caret);
      memmove(f->buf + f->caret, f->buf + q, f->len - q + 1);
      f->len -= q - f->caret;
    }
    return 1;
  case KK_KEY_LEFT:
    if (f->caret > 0) f->caret = kk_text_prev_grapheme(f->buf, f->len, f->caret);
    return 2;
  case KK_KEY_RIGHT:
    if (f->caret < f->len) f->caret = kk_text_next_grapheme(f->buf, f->len, f->caret);
    return 2;
  case KK_KEY_HOME: f->caret = 0; return 2;
  case KK_KEY_END: f->caret = f->len; return 2;
  default: return 0;
  }
}

void kk_ui_field_draw(kk_Ui *ui, kk_Rect r, const kk_UiField *f, int px, const char *placeholder) {
  const kk_UiTheme *th = ui->th;
  int pad = kk_ui_sp(ui, 6), lh = kk_ui_line_h(ui, px);
  kk_draw_rect(ui->dl, r, th->panel);
  kk_draw_frame(ui->dl, r, th->accent, 2);
  int x = r.x + pad, y = r.y + (r.h - lh) / 2, w = r.w - 2 * pad;
  if (!f->len && !f->comp[0]) {
    int gap = kk_ui_sp(ui, 4);
    kk_ui_label(ui, x + gap, y, px, 0, th->muted, placeholder, w - gap);
    kk_draw_rect(ui->dl, (kk_Rect){x, y, kk_ui_sp(ui, 2) > 0 ? kk_ui_sp(ui, 2) : 1, lh}, th->text);
    return;
  }
  int before = kk_ui_text_w(ui, px, f->buf, f->caret);
  int cw = f->comp[0] ? kk_ui_text_w(ui, px, f->comp, strlen(f->comp)) : 0;
  int shift = before + cw > w ? before + cw - w : 0; /* keep the caret in view */
  char head[KK_UI_FIELD_MAX];
  memcpy(head, f->buf, f->caret);
  head[f->caret] = '\0';
  kk_draw_clip(ui->dl, r);
  kk_ui_label(ui, x - shift, y, px, 0, th->text, head, 0);
  int cx = x - shift + before;
  if (!f->comp[0]) {
    kk_ui_label(ui, cx, y, px, 0, th->text, f->buf + f->caret, 0);
  } else {
    /* the composition at the caret, underlined; the rest after it */
    kk_ui_label(ui, cx, y, px, 0, th->accent, f->comp, 0);
    kk_draw_line(ui->dl, cx, y + lh - 1, cx + cw, y + lh - 1, th->accent);
    kk_ui_label(ui, cx + cw, y, px, 0, th->text, f->buf + f->caret, 0);
    size_t co = kk_utf8_col_to_off(f->comp, strlen(f->comp),
                                   (size_t)(f->comp_cursor > 0 ? f->comp_cursor : 0));
    cx += kk_ui_text_w(ui, px, f->comp, co);
  }
  kk_draw_rect(ui->dl, (kk_Rect){cx, y, kk_ui_sp(ui, 2) > 0 ? kk_ui_sp(ui, 2) : 1, lh}, th->text);
  kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
}

/* ---- scrolling ---------------------------------------------------------------- */

void kk_ui_scroll_clamp(kk_UiScroll *s) {
  int max = s->content_h - s->view_h;
  if (s->pos > max) s->pos = max;
  if (s->pos < 0) s->pos = 0;
}

int kk_ui_scroll_by(kk_UiScroll *s, int dy) {
  int was = s->pos;
  s->pos += dy;
  kk_ui_scroll_clamp(s);
  return s->pos != was;
}

void kk_ui_scroll_reveal(kk_UiScroll *s, int top, int bottom) {
  if (bottom > s->pos + s->view_h) s->pos = bottom - s->view_h;
  if (top < s->pos) s->pos = top;
  kk_ui_scroll_clamp(s);
}

void kk_ui_scrollbar(kk_Ui *ui, kk_Rect view, const kk_UiScroll *s) {
  if (s->content_h <= s->view_h || s->content_h <= 0 || view.h <= 0) return;
  int bw = kk_ui_sp(ui, 4);
  if (bw < 2) bw = 2;
  int th = (int)((long long)view.h * s->view_h / s->content_h);
  if (th < bw * 4) th = bw * 4;
  int range = s->content_h - s->view_h; /* > 0: checked on entry */
  int ty = view.y + (int)((long long)(view.h - th) * s->pos / range);
  kk_draw_rect(ui->dl, (kk_Rect){view.x + view.w - bw, view.y, bw, view.h}, ui->th->bar_bg);
  kk_draw_rect(ui->dl, (kk_Rect){view.x + view.w - bw, ty, bw, th}, ui->th->muted);
}

/* ---- frames outside kk_ui_draw -------------------------------------------------- */

kk_Ui *kk_ui_context_new(int is_dark, int zoom_pct) {
  kk_Ui *ui = kk_calloc(1, sizeof *ui);
  if (!ui) return NULL;
  ui->dark = is_dark != 0;
  ui->zoom_pct = 100;
  if (zoom_pct > 0) kk_ui_zoom(ui, zoom_pct - 100);
  ui->scale = 1.0f;
  ui->th = kk_ui_theme(ui->dark);
  return ui;
}

void kk_ui_context_free(kk_Ui *ui) {
  if (!ui) return;
  kk_free(ui->hits);
  kk_ui_text_free(ui);
  kk_free(ui);
}

void kk_ui_frame_begin(kk_Ui *ui, int w, int h, float scale, const kk_TextMetrics *tm,
                       kk_DrawList *dl) {
  ui->w = w > 1 ? w : 1;
  ui->h = h > 1 ? h : 1;
  ui->scale = scale > 0 ? scale : 1.0f;
  kk_ui_metrics_begin(ui, tm);
  ui->dl = dl;
  ui->th = kk_ui_theme(ui->dark);
  ui->nhits = 0;
  ui->lang = "ja";
}

void kk_ui_frame_end(kk_Ui *ui) {
  ui->tm = NULL;
  ui->dl = NULL;
}

int kk_ui_zoom(kk_Ui *ui, int delta) {
  int z = delta ? ui->zoom_pct + delta : 100;
  if (z < KK_UI_ZOOM_MIN) z = KK_UI_ZOOM_MIN;
  if (z > KK_UI_ZOOM_MAX) z = KK_UI_ZOOM_MAX;
  if (z == ui->zoom_pct) return 0;
  ui->zoom_pct = z;
  return 1;
}
