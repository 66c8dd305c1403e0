/*
** ui_cardinfo.c -- card info: one study item as the drill shows it
** (question and answer), where it comes from (document, section, line),
** its memory now, every review and action of its history (date, rating,
** time taken, interval, stability, difficulty, recall just before) and a
** chart of stability over time.  Opened from the browser (Enter, the Info
** button) and the drill (I); Esc goes back.  The data comes from the
** host's card_info callback.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/base/date.h"
#include "core/base/i18n.h"
#include "core/study/sched.h"
#include "core/ui/ui_int.h"

static void cardinfo_enter(kk_Ui *ui) {
  const kk_UiHost *h = ui->cfg.host;
  memset(&ui->ci, 0, sizeof ui->ci);
  ui->ci_ok = h && h->card_info && h->card_info(h->ud, &ui->ci_item, ui->now_ms, &ui->ci);
  ui->ci_scroll.pos = 0;
}

unsigned kk_ui_cardinfo_open(kk_Ui *ui, const kk_UiItem *it) {
  if (!it->card) return 0;
  ui->ci_item = *it;
  ui->ci_back = ui->screen == KK_UI_CARDINFO ? ui->ci_back : ui->screen;
  kk_ui_go(ui, KK_UI_CARDINFO);
  return KK_UIF_REDRAW;
}

static unsigned cardinfo_key(kk_Ui *ui, const kk_UiEvent *ev) {
  if (ev->kind != KK_EV_KEY) return 0;
  uint32_t ch = ev->key == KK_KEY_CHAR && !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT)) ? ev->ch : 0;
  int step = kk_ui_sp(ui, 40);
  switch (ev->key) {
  case KK_KEY_ESCAPE: kk_ui_go(ui, ui->ci_back); return KK_UIF_REDRAW;
  case KK_KEY_DOWN: return kk_ui_scroll_by(&ui->ci_scroll, step) ? KK_UIF_REDRAW : 0;
  case KK_KEY_UP: return kk_ui_scroll_by(&ui->ci_scroll, -step) ? KK_UIF_REDRAW : 0;
  case KK_KEY_PAGEDOWN:
    return kk_ui_scroll_by(&ui->ci_scroll, ui->ci_scroll.view_h * 3 / 4) ? KK_UIF_REDRAW : 0;
  case KK_KEY_PAGEUP:
    return kk_ui_scroll_by(&ui->ci_scroll, -ui->ci_scroll.view_h * 3 / 4) ? KK_UIF_REDRAW : 0;
  case KK_KEY_HOME: ui->ci_scroll.pos = 0; return KK_UIF_REDRAW;
  default: break;
  }
  if (ch == 'i') {
    kk_ui_go(ui, ui->ci_back);
    return KK_UIF_REDRAW;
  }
  return 0;
}

static unsigned cardinfo_click(kk_Ui *ui, int id, int arg) {
  (void)arg;
  if (id == HIT_CLOSE) {
    kk_ui_go(ui, ui->ci_back);
    return KK_UIF_REDRAW;
  }
  return 0;
}

static unsigned cardinfo_wheel(kk_Ui *ui, int dy) {
  int step = kk_ui_sp(ui, 60);
  return kk_ui_scroll_by(&ui->ci_scroll, dy > 0 ? -step : step) ? KK_UIF_REDRAW : 0;
}

/* ---- drawing ------------------------------------------------------------------- */

/* Local date and time of ms (the host's UTC offset). */
static void fmt_time(const kk_Ui *ui, int64_t ms, char *buf, size_t size) {
  ms += (int64_t)ui->ci.utc_offset_min * 60000;
  int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  int64_t rem = ms - days * 86400000;
  int y, m, d;
  kk_date_civil(days, &y, &m, &d);
  snprintf(buf, size, "%04u-%02u-%02u %02u:%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
           (unsigned)d % 100u, (unsigned)(rem / 3600000) % 100u, (unsigned)(rem / 60000 % 60));
}

static const char *rating_name(int r) {
  switch (r) {
  case 1: return _("Again");
  case 2: return _("Hard");
  case 3: return _("Good");
  case 4: return _("Easy");
  default: return "?";
  }
}

static const char *action_name(const char *a) {
  if (strcmp(a, "suspend") == 0) return _("suspended");
  if (strcmp(a, "unsuspend") == 0) return _("unsuspended");
  if (strcmp(a, "bury") == 0) return _("buried");
  if (strcmp(a, "forget") == 0) return _("forgotten");
  if (strcmp(a, "set-due") == 0) return _("due date set");
  return a;
}

/* Stability after each review against time, in r (x: time, y: days). */
static int chart(kk_Ui *ui, kk_Rect r, int draw) {
  const kk_UiTheme *th = ui->th;
  const kk_UiCardInfo *c = &ui->ci;
  int spx = kk_ui_px(ui, 11), lh = kk_ui_line_h(ui, spx);
  if (!draw) return r.h + lh + kk_ui_sp(ui, 4);
  kk_draw_rect(ui->dl, r, th->panel);
  kk_draw_frame(ui->dl, r, th->border, 1);
  int64_t t0 = 0, t1 = 0;
  double smax = 1;
  size_t n = 0;
  for (size_t i = 0; i < c->nreviews; i++) {
    const kk_UiReview *v = &c->reviews[i];
    if (v->action) continue;
    if (!n) t0 = v->time_ms;
    t1 = v->time_ms;
    if (v->stability > smax) smax = v->stability;
    n++;
  }
  char buf[64];
  int pad = kk_ui_sp(ui, 6);
  kk_sched_format_days(smax, buf, sizeof buf);
  int lw = kk_ui_text_w(ui, spx, buf, strlen(buf));
  kk_ui_label(ui, r.x + pad, r.y + pad, spx, 0, th->muted, buf, lw);
  int gx = r.x + lw + 2 * pad, gy = r.y + pad, gw = r.w - lw - 3 * pad, gh = r.h - 2 * pad;
  if (gw < 4 || gh < 4) return r.h;
  kk_draw_line(ui->dl, gx, gy + gh, gx + gw, gy + gh, th->border);
  kk_draw_line(ui->dl, gx, gy, gx, gy + gh, th->border);
  if (!n) {
    kk_ui_label(ui, gx + pad, gy + gh / 2 - lh / 2, spx, 0, th->muted, _("no reviews yet"),
                gw - 2 * pad);
    return r.h;
  }
  int px0 = 0, py0 = 0, first = 1;
  for (size_t i = 0; i < c->nreviews; i++) {
    const kk_UiReview *v = &c->reviews[i];
    int x = t1 > t0 ? gx + (int)((double)(v->time_ms - t0) / (double)(t1 - t0) * gw) : gx + gw / 2;
    if (v->action) {
      /* a mark on the axis for a forget or another action */
      kk_draw_line(ui->dl, x, gy + gh - pad, x, gy + gh, th->warn);
      continue;
    }
    int y = gy + gh - (int)(v->stability / smax * gh);
    if (!first) kk_draw_line(ui->dl, px0, py0, x, y, th->accent);
    int d = kk_ui_sp(ui, 3) > 1 ? kk_ui_sp(ui, 3) : 1;
    kk_draw_rect(ui->dl, (kk_Rect){x - d, y - d, 2 * d, 2 * d},
                 v->rating == 1 ? th->bad : th->accent);
    px0 = x, py0 = y, first = 0;
  }
  /* the time axis under the box */
  char a[24], b[24];
  fmt_time(ui, t0, a, sizeof a);
  fmt_time(ui, t1, b, sizeof b);
  a[10] = b[10] = '\0';
  int ly = r.y + r.h + kk_ui_sp(ui, 2);
  kk_ui_label(ui, gx, ly, spx, 0, th->muted, a, gw / 2);
  int bw = kk_ui_text_w(ui, spx, b, strlen(b));
  if (t1 > t0 && bw < gw / 2) kk_ui_label(ui, gx + gw - bw, ly, spx, 0, th->muted, b, bw);
  return r.h + lh + kk_ui_sp(ui, 4);
}

/* One line of label: value pairs across the column; returns its height. */
static int facts(kk_Ui *ui, int x, int y, int w, const char *const *kv, size_t n, int draw) {
  const kk_UiTheme *th = ui->th;
  int px = kk_ui_px(ui, 13), lh = kk_ui_line_h(ui, px), h = 0, cx = 0;
  int gap = kk_ui_sp(ui, 16);
  for (size_t i = 0; i + 1 < n; i += 2) {
    int kw = kk_ui_text_w(ui, px, kv[i], strlen(kv[i])) + kk_ui_sp(ui, 4);
    int vw = kk_ui_text_w(ui, px, kv[i + 1], strlen(kv[i + 1]));
    if (cx && cx + kw + vw > w) cx = 0, h += lh;
    if (draw) {
      kk_ui_label(ui, x + cx, y + h, px, 0, th->muted, kv[i], w - cx);
      if (kw < w - cx)
        kk_ui_label(ui, x + cx + kw, y + h, px, KK_TEXT_BOLD, th->text, kv[i + 1], w - cx - kw);
    }
    cx += kw + vw + gap;
  }
  return h + lh;
}

static const int HW[] = {220, 140, 100, 130, 140, 140, 130}; /* per mille of the table */

static int history(kk_Ui *ui, int x, int y, int w, int draw) {
  const kk_UiTheme *th = ui->th;
  const kk_UiCardInfo *c = &ui->ci;
  int px = kk_ui_px(ui, 12), lh = kk_ui_line_h(ui, px) + kk_ui_sp(ui, 4), h = 0;
  int xs[8], acc = 0;
  for (int k = 0; k <= 7; k++) {
    xs[k] = x + (int)((long long)w * acc / 1000);
    if (k < 7) acc += HW[k];
  }
  xs[7] = x + w;
  int pad = kk_ui_sp(ui, 4);
  if (draw) {
    const char *head[] = {_("Date"),      _("Rating"),     _("Time"),  _("Interval"),
                          _("Stability"), _("Difficulty"), _("Recall")};
    kk_draw_rect(ui->dl, (kk_Rect){x, y, w, lh}, th->bar_bg);
    for (int k = 0; k < 7; k++)
      kk_ui_label(ui, xs[k] + pad, y + pad / 2, px, KK_TEXT_BOLD, th->text, head[k],
                  xs[k + 1] - xs[k] - 2 * pad);
  }
  h += lh;
  for (size_t i = c->nreviews; i-- > 0;) { /* newest first */
    const kk_UiReview *v = &c->reviews[i];
    if (draw && y + h + lh > 0 && y + h < ui->h) {
      char cellv[7][40];
      fmt_time(ui, v->time_ms, cellv[0], sizeof cellv[0]);
      snprintf(cellv[1], sizeof cellv[1], "%s",
               v->action ? action_name(v->action) : rating_name(v->rating));
      cellv[2][0] = cellv[3][0] = cellv[4][0] = cellv[5][0] = cellv[6][0] = '\0';
      if (!v->action) {
        kk_ui_fmt_duration(v->duration_ms, cellv[2], sizeof cellv[2]);
        kk_sched_format_days(v->interval_days, cellv[3], sizeof cellv[3]);
        kk_sched_format_days(v->stability, cellv[4], sizeof cellv[4]);
        snprintf(cellv[5], sizeof cellv[5], "%.2f", v->difficulty);
        if (v->recall >= 0)
          snprintf(cellv[6], sizeof cellv[6], "%d%%", (int)(v->recall * 100 + 0.5));
        else
          snprintf(cellv[6], sizeof cellv[6], "-");
      }
      kk_Color rc = v->action        ? th->warn
                    : v->rating == 1 ? th->bad
                    : v->rating == 2 ? th->learn_c
                                     : th->good;
      for (int k = 0; k < 7; k++)
        kk_ui_label(ui, xs[k] + pad, y + h + pad / 2, px, k == 1 ? KK_TEXT_BOLD : 0,
                    k == 1 ? rc : th->text, cellv[k], xs[k + 1] - xs[k] - 2 * pad);
    }
    h += lh;
  }
  if (!c->nreviews) {
    if (draw) kk_ui_label(ui, x + pad, y + h, px, 0, th->muted, _("Never reviewed."), w - 2 * pad);
    h += lh;
  }
  return h;
}

static int heading(kk_Ui *ui, int x, int y, int w, const char *s, int draw) {
  int px = kk_ui_px(ui, 15);
  if (draw) kk_ui_label(ui, x, y, px, KK_TEXT_BOLD, ui->th->text, s, w);
  return kk_ui_line_h(ui, px) + kk_ui_sp(ui, 4);
}

/* Lays the page out from y (already scrolled); returns its height. */
static int page(kk_Ui *ui, int x, int y, int w, int draw) {
  const kk_UiCardInfo *c = &ui->ci;
  const kk_Card *card = ui->ci_item.card;
  int gap = kk_ui_sp(ui, 14), h = 0;
  /* the card as the drill shows it, with its answer */
  kk_UiDrill d;
  memset(&d, 0, sizeof d);
  d.active = 1;
  d.it = ui->ci_item;
  d.phase = KK_DRILL_ANSWERED;
  d.correct = -1;
  d.chosen = -1;
  d.tf_answer = -1;
  if (card->type == KK_CARD_ORDER) {
    d.norder = card->nitems < KK_DECK_MAX_ORDER_ITEMS ? card->nitems : KK_DECK_MAX_ORDER_ITEMS;
    for (size_t i = 0; i < d.norder; i++) d.order[i] = i;
  }
  kk_DrawList *dl = ui->dl;
  int ch = draw ? kk_ui_card_draw(ui, &d, (kk_Rect){x, y + h, w, 1}, NULL) : 0;
  if (!draw) {
    /* measure through a scratch list: the card widget always draws */
    kk_DrawList scratch;
    kk_draw_init(&scratch);
    ui->dl = &scratch;
    size_t nh = ui->nhits;
    ch = kk_ui_card_draw(ui, &d, (kk_Rect){x, y + h, w, 1}, NULL);
    ui->nhits = nh;
    ui->dl = dl;
    kk_draw_free(&scratch);
  }
  h += ch + gap;
  /* where it comes from */
  char line[24] = "";
  if (card->source.line > 0) snprintf(line, sizeof line, "%d", card->source.line);
  const char *src[] = {_("Deck:"),     c->deck_title ? c->deck_title : "",
                       _("Document:"), card->source.doc ? card->source.doc : "-",
                       _("Section:"),  card->source.section ? card->source.section : "-",
                       _("Line:"),     line[0] ? line : "-",
                       _("Item:"),     c->key ? c->key : ""};
  h += facts(ui, x, y + h, w, src, sizeof src / sizeof *src, draw) + gap / 2;
  /* its memory now */
  char st[24] = "-", df[24] = "-", rc[24] = "-", reps[16], lapses[16];
  if (c->studied) {
    kk_sched_format_days(c->stability, st, sizeof st);
    snprintf(df, sizeof df, "%.2f", c->difficulty);
    snprintf(rc, sizeof rc, "%d%%", (int)(c->recall * 100 + 0.5));
  }
  snprintf(reps, sizeof reps, "%d", c->reps);
  snprintf(lapses, sizeof lapses, "%d", c->lapses);
  const char *mem[] = {_("State:"),      c->state ? kk_ui_state_label(c->state) : "",
                       _("Due:"),        c->studied ? c->due : "-",
                       _("Stability:"),  st,
                       _("Difficulty:"), df,
                       _("Recall now:"), rc,
                       _("Reviews:"),    reps,
                       _("Lapses:"),     lapses};
  h += facts(ui, x, y + h, w, mem, sizeof mem / sizeof *mem, draw) + gap;
  h += heading(ui, x, y + h, w, _("Stability over time"), draw);
  int chh = kk_ui_sp(ui, 120);
  h += chart(ui, (kk_Rect){x, y + h, w, chh}, draw) + gap;
  h += heading(ui, x, y + h, w, _("History"), draw);
  h += history(ui, x, y + h, w, draw);
  return h + gap;
}

static void cardinfo_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  int top = kk_ui_top_bar(ui, _("Card info"));
  int m = kk_ui_sp(ui, 20);
  int cw = ui->w - 2 * m, maxw = kk_ui_sp(ui, 860);
  if (cw > maxw) cw = maxw;
  if (cw < 1) cw = 1;
  int x = (ui->w - cw) / 2;
  if (!ui->ci_ok || !ui->ci_item.card) {
    kk_ui_label(ui, x, top + m, kk_ui_px(ui, 14), 0, th->muted, _("This item is not loaded."), cw);
    return;
  }
  kk_Rect view = {0, top, ui->w, ui->h - top};
  ui->ci_scroll.view_h = view.h;
  ui->ci_scroll.content_h = page(ui, x, 0, cw, 0) + m;
  kk_ui_scroll_clamp(&ui->ci_scroll);
  kk_draw_clip(ui->dl, view);
  page(ui, x, top + m - ui->ci_scroll.pos, cw, 1);
  kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
  kk_ui_scrollbar(ui, view, &ui->ci_scroll);
}

const kk_UiScreenOps kk_ui_cardinfo_screen = {cardinfo_enter, cardinfo_key, cardinfo_click,
                                              cardinfo_wheel, cardinfo_draw};
