/*
** ui_stats.c -- the stats screen: reviews per day (last 30 days), the due
** forecast (next 30 days), true retention, a calendar heat map of study
** days, mastery per deck and per tag, and predicted recall on exam day.
** Charts are rects and lines; the data comes from the host's stats call.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/ui/ui_int.h"

static void stats_enter(kk_Ui *ui) {
  const kk_UiHost *h = ui->cfg.host;
  memset(&ui->stats, 0, sizeof ui->stats);
  ui->stats.retention = -1;
  ui->stats.exam_recall = -1;
  /* the exam lines per deck, as home shows them; read first: the host's
  ** stats arrays are valid only until its next call */
  for (size_t i = 0; i < ui->cfg.ndecks; i++) {
    memset(&ui->counts[i], 0, sizeof ui->counts[i]);
    ui->counts[i].exam_recall = -1;
    if (h && h->deck_counts) h->deck_counts(h->ud, i, ui->now_ms, &ui->counts[i]);
  }
  if (h && h->stats) h->stats(h->ud, ui->now_ms, &ui->stats);
  ui->stats_scroll = 0;
}

/* The FSRS fit's progress: kept for the frame the host draws now. */
static int fit_progress(void *ud, double done) {
  kk_Ui *ui = ud;
  ui->fit_done = done;
  return ui->cfg.busy ? ui->cfg.busy(ui->cfg.busy_ud, done) : 0;
}

/* Fits the student's parameters on their own log (blocking; the host's
** busy callback draws the progress between batches and reads Escape). */
static unsigned run_fit(kk_Ui *ui) {
  const kk_UiHost *h = ui->cfg.host;
  if (!h || !h->optimize || ui->fit_running) return 0;
  ui->fit_running = 1;
  ui->fit_done = 0;
  kk_UiFit fit;
  kk_Err e;
  kk_err_clear(&e);
  kk_Status st = fit_progress(ui, 0) ? KK_ERR_USAGE
                                     : h->optimize(h->ud, ui->now_ms, fit_progress, ui, &fit, &e);
  ui->fit_running = 0;
  if (st == KK_OK && fit.fitted)
    snprintf(ui->fit_msg, sizeof ui->fit_msg,
             kk_ui_ngettext("Fitted on %ld review: log loss %.3f → %.3f; the scheduler uses "
                            "it from now on",
                            "Fitted on %ld reviews: log loss %.3f → %.3f; the scheduler uses "
                            "it from now on",
                            (unsigned long)fit.reviews),
             fit.reviews, fit.loss_before, fit.loss_after);
  else if (st == KK_OK)
    snprintf(ui->fit_msg, sizeof ui->fit_msg, _("Nothing changed: %s"),
             fit.note[0] ? fit.note : _("the fit was no better than the parameters in use"));
  else if (st == KK_ERR_USAGE)
    snprintf(ui->fit_msg, sizeof ui->fit_msg, "%s", _("Cancelled: nothing changed"));
  else
    snprintf(ui->fit_msg, sizeof ui->fit_msg, _("Could not fit: %s"),
             e.msg[0] ? e.msg : kk_status_str(st));
  /* the memory-model line again, from the store */
  char keep[sizeof ui->fit_msg];
  memcpy(keep, ui->fit_msg, sizeof keep);
  int scroll = ui->stats_scroll;
  stats_enter(ui);
  ui->stats_scroll = scroll;
  memcpy(ui->fit_msg, keep, sizeof keep);
  return KK_UIF_REDRAW;
}

/* Scrolls to line s, kept between the top and the end of the page. */
static unsigned set_scroll(kk_Ui *ui, int s) {
  if (s > ui->stats_scroll_max) s = ui->stats_scroll_max;
  if (s < 0) s = 0;
  if (s == ui->stats_scroll) return 0;
  ui->stats_scroll = s;
  return KK_UIF_REDRAW;
}

static unsigned stats_key(kk_Ui *ui, const kk_UiEvent *ev) {
  uint32_t ch = ev->key == KK_KEY_CHAR && !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT)) ? ev->ch : 0;
  if (ch == 'o') return run_fit(ui);
  if (ev->key == KK_KEY_ESCAPE || ch == 'h') {
    ui->fit_msg[0] = '\0';
    kk_ui_go(ui, KK_UI_HOME);
    return KK_UIF_REDRAW;
  }
  int s = ui->stats_scroll;
  if (ev->key == KK_KEY_DOWN || ch == 'j')
    s += 1;
  else if (ev->key == KK_KEY_UP || ch == 'k')
    s -= 1;
  else if (ev->key == KK_KEY_PAGEDOWN || ev->key == KK_KEY_SPACE)
    s += 10;
  else if (ev->key == KK_KEY_PAGEUP)
    s -= 10;
  else if (ev->key == KK_KEY_HOME)
    s = 0;
  else
    return 0;
  return set_scroll(ui, s);
}

/* A bar chart of n values in r; returns nothing, labels the maximum. */
static void bars(kk_Ui *ui, kk_Rect r, const int *v, size_t n, kk_Color c, int today_first,
                 const char *left, const char *right) {
  const kk_UiTheme *th = ui->th;
  kk_draw_rect(ui->dl, r, th->panel);
  kk_draw_frame(ui->dl, r, th->border, 1);
  if (!n || r.w < (int)n) return;
  int max = 1;
  for (size_t i = 0; i < n; i++)
    if (v[i] > max) max = v[i];
  int spx = kk_ui_px(ui, 11);
  char buf[32];
  snprintf(buf, sizeof buf, "%d", max);
  int lw = kk_ui_text_w(ui, spx, buf, strlen(buf));
  int pad = kk_ui_sp(ui, 4);
  int gx = r.x + lw + 2 * pad, gw = r.w - lw - 3 * pad;
  int gy = r.y + pad, gh = r.h - 2 * pad;
  if (gw < (int)n || gh < 2) return;
  kk_ui_label(ui, r.x + pad, gy, spx, 0, th->muted, buf, lw);
  kk_draw_line(ui->dl, gx, gy + gh, gx + gw, gy + gh, th->border);
  for (size_t i = 0; i < n; i++) {
    int x0 = gx + (int)(i * (size_t)gw / n), x1 = gx + (int)((i + 1) * (size_t)gw / n);
    int bh = (int)((double)v[i] / max * gh + 0.5);
    int today = today_first ? i == 0 : i + 1 == n;
    if (bh > 0)
      kk_draw_rect(ui->dl, (kk_Rect){x0 + 1, gy + gh - bh, x1 - x0 - 1 > 0 ? x1 - x0 - 1 : 1, bh},
                   today ? th->accent : c);
  }
  /* the time axis, under the box */
  int ly = r.y + r.h + kk_ui_sp(ui, 2);
  int rw = kk_ui_text_w(ui, spx, right, strlen(right));
  kk_ui_label(ui, gx, ly, spx, 0, th->muted, left, gw / 2);
  if (rw < gw / 2) kk_ui_label(ui, gx + gw - rw, ly, spx, 0, th->muted, right, rw);
}

static int heading(kk_Ui *ui, int x, int y, int w, const char *s) {
  int px = kk_ui_px(ui, 16);
  kk_ui_label(ui, x, y, px, KK_TEXT_BOLD, ui->th->text, s, w);
  return kk_ui_line_h(ui, px) + kk_ui_sp(ui, 4);
}

static int mastery_list(kk_Ui *ui, int x, int y, int w, const kk_UiBar *b, size_t n) {
  const kk_UiTheme *th = ui->th;
  int px = kk_ui_px(ui, 13), lh = kk_ui_line_h(ui, px), h = 0;
  int lw = w * 2 / 5;
  char buf[48];
  for (size_t i = 0; i < n; i++) {
    kk_ui_label(ui, x, y + h, px, 0, th->text, b[i].label ? b[i].label : "", lw - kk_ui_sp(ui, 8));
    snprintf(buf, sizeof buf, _("%d%% of %d"), (int)(b[i].value * 100 + 0.5), b[i].count);
    int nw = kk_ui_text_w(ui, px, buf, strlen(buf));
    int bw = w - lw - nw - kk_ui_sp(ui, 8);
    if (bw > 0) {
      kk_ui_bar(ui, (kk_Rect){x + lw, y + h + lh / 3, bw, lh / 3 > 2 ? lh / 3 : 2}, b[i].value,
                th->good);
      kk_ui_label(ui, x + lw + bw + kk_ui_sp(ui, 8), y + h, px, 0, th->muted, buf, nw);
    }
    h += lh;
  }
  if (!n) {
    kk_ui_label(ui, x, y, px, 0, th->muted, _("no data yet"), w);
    h += lh;
  }
  return h;
}

static void stats_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  const kk_UiStats *s = &ui->stats;
  int top = kk_ui_top_bar(ui, _("Statistics"));
  int m = kk_ui_sp(ui, 20);
  int cw = ui->w - 2 * m, maxw = kk_ui_sp(ui, 820);
  if (cw > maxw) cw = maxw;
  if (cw < 1) cw = 1;
  int x = (ui->w - cw) / 2;
  int px = kk_ui_px(ui, 14), lh = kk_ui_line_h(ui, px);
  if (ui->stats_scroll > ui->stats_scroll_max) ui->stats_scroll = ui->stats_scroll_max;
  int y0 = top + m, y = y0 - ui->stats_scroll * lh;
  int ch = kk_ui_sp(ui, 120);
  char buf[160];
  kk_draw_clip(ui->dl, (kk_Rect){0, top, ui->w, ui->h - top});

  /* retention and exam recall first: the figures people look for */
  if (s->retention >= 0)
    snprintf(buf, sizeof buf,
             kk_ui_ngettext("True retention (30 days): %.1f%% of %d review",
                            "True retention (30 days): %.1f%% of %d reviews",
                            (unsigned long)s->retention_reviews),
             s->retention * 100, s->retention_reviews);
  else
    snprintf(buf, sizeof buf, _("True retention: not enough reviews yet"));
  kk_ui_label(ui, x, y, px, 0, th->text, buf, cw);
  y += lh;
  if (s->exam_date) {
    char date[64];
    kk_ui_fmt_date(s->exam_date, date, sizeof date);
    if (s->exam_recall >= 0)
      snprintf(buf, sizeof buf, _("Predicted recall on exam day (%s): %.0f%%"), date,
               s->exam_recall * 100);
    else
      snprintf(buf, sizeof buf, _("Exam day: %s"), date);
    kk_ui_label(ui, x, y, px, KK_TEXT_BOLD, th->warn, buf, cw);
    y += lh;
  }
  if (s->memory_model) {
    kk_ui_label(ui, x, y, px, 0, th->text, s->memory_model, cw);
    y += lh;
  }
  if (s->leeches > 0) {
    /* cards that keep failing: how many, and where to see them */
    snprintf(buf, sizeof buf,
             kk_ui_ngettext("Leeches: %d card keeps failing (%d suspended); Browse with is:leech",
                            "Leeches: %d cards keep failing (%d suspended); Browse with is:leech",
                            (unsigned long)s->leeches),
             s->leeches, s->leeches_suspended);
    kk_ui_label(ui, x, y, px, 0, th->bad, buf, cw);
    y += lh;
  }
  const kk_UiHost *h = ui->cfg.host;
  if (h && h->optimize) {
    int spx = kk_ui_px(ui, 13), bh = kk_ui_line_h(ui, spx) + kk_ui_sp(ui, 10);
    y += kk_ui_sp(ui, 4);
    if (ui->fit_running) {
      snprintf(buf, sizeof buf, _("Fitting your memory model… %d%% (Esc cancels)"),
               (int)(ui->fit_done * 100));
      kk_ui_label(ui, x, y + (bh - kk_ui_line_h(ui, spx)) / 2, spx, KK_TEXT_BOLD, th->accent, buf,
                  cw);
      int lw = kk_ui_text_w(ui, -spx, buf, strlen(buf)); /* bold is wider */
      int bx = x + lw + kk_ui_sp(ui, 12), bw = x + cw - bx;
      if (bw > kk_ui_sp(ui, 40))
        kk_ui_bar(ui, (kk_Rect){bx, y + bh / 3, bw, bh / 3}, ui->fit_done, th->accent);
      y += bh + kk_ui_sp(ui, 4);
    } else {
      const char *label = _("Optimize now (O)");
      int bw = kk_ui_text_w(ui, spx, label, strlen(label)) + 2 * kk_ui_sp(ui, 12);
      if (bw > cw) bw = cw;
      kk_ui_button_small(ui, (kk_Rect){x, y, bw, bh}, label, HIT_OPTIMIZE, 0);
      y += bh + kk_ui_sp(ui, 4);
      if (ui->fit_msg[0]) {
        kk_UiSpan sp = {ui->fit_msg, strlen(ui->fit_msg), th->text, spx, 0, 0, 0, {0, 0, 0, 0}};
        y += kk_ui_para(ui, &sp, 1, x, y, cw, KK_UI_ALIGN_LEFT, 1);
      }
    }
  }
  /* exam-date mode per deck: date, days left, recall on the day, warning */
  int any_exam = 0;
  for (size_t i = 0; i < ui->cfg.ndecks; i++) any_exam |= ui->counts[i].exam_date[0] != 0;
  if (any_exam) {
    y += m / 2;
    y += heading(ui, x, y, cw, _("Exams per deck"));
    int spx = kk_ui_px(ui, 13), slh = kk_ui_line_h(ui, spx);
    for (size_t i = 0; i < ui->cfg.ndecks; i++) {
      const kk_UiDeckCounts *c = &ui->counts[i];
      char line[256];
      if (!kk_ui_exam_text(c, line, sizeof line)) continue;
      const char *title = kk_deck_title(ui->cfg.decks[i]);
      if (!title || !*title) title = kk_deck_id(ui->cfg.decks[i]);
      int tw = kk_ui_label(ui, x, y, px, KK_TEXT_BOLD, th->text, title, cw / 2);
      int ex = x + tw + kk_ui_sp(ui, 12);
      if (ex + kk_ui_text_w(ui, spx, line, strlen(line)) > x + cw) { /* under the title */
        y += lh;
        ex = x + kk_ui_sp(ui, 12);
      }
      kk_ui_label(ui, ex, y + (lh - slh) / 2, spx, 0, c->exam_days_left < 0 ? th->muted : th->warn,
                  line, x + cw - ex);
      y += lh;
      if (kk_ui_exam_warning(c, line, sizeof line)) {
        kk_UiSpan sp = {line, strlen(line), th->bad, spx, KK_TEXT_BOLD, 0, 0, {0, 0, 0, 0}};
        y += kk_ui_para(ui, &sp, 1, x + kk_ui_sp(ui, 12), y, cw - kk_ui_sp(ui, 12),
                        KK_UI_ALIGN_LEFT, 1);
      }
    }
  }
  y += m / 2;

  y += heading(ui, x, y, cw, _("Reviews per day, last 30 days"));
  char ago[32];
  snprintf(ago, sizeof ago, _("%zu days ago"), s->nreview_days ? s->nreview_days - 1 : 0);
  bars(ui, (kk_Rect){x, y, cw, ch}, s->reviews_per_day, s->nreview_days, th->good, 0, ago,
       _("today"));
  y += ch + m + kk_ui_line_h(ui, kk_ui_px(ui, 11));
  y += heading(ui, x, y, cw, _("Due in the next 30 days"));
  char ahead[32];
  snprintf(ahead, sizeof ahead, _("in %zu days"), s->nforecast_days ? s->nforecast_days - 1 : 0);
  bars(ui, (kk_Rect){x, y, cw, ch}, s->due_forecast, s->nforecast_days, th->new_c, 1, _("today"),
       ahead);
  y += ch + m + kk_ui_line_h(ui, kk_ui_px(ui, 11));

  /* heat map: one column per week, Monday on top */
  y += heading(ui, x, y, cw, _("Study days"));
  if (s->nheat_days) {
    size_t weeks = (s->nheat_days + (size_t)s->heat_first_wday + 6) / 7;
    int cell = (cw - 1) / (int)(weeks ? weeks : 1);
    int maxc = kk_ui_sp(ui, 16);
    if (cell > maxc) cell = maxc;
    if (cell < 2) cell = 2;
    int max = 1;
    for (size_t i = 0; i < s->nheat_days; i++)
      if (s->heat[i] > max) max = s->heat[i];
    for (size_t i = 0; i < s->nheat_days; i++) {
      size_t k = i + (size_t)s->heat_first_wday;
      int cx = x + (int)(k / 7) * cell, cy = y + (int)(k % 7) * cell;
      if (cx + cell > x + cw) break;
      kk_Color c = th->bar_bg;
      if (s->heat[i] > 0) {
        double f = 0.3 + 0.7 * s->heat[i] / max;
        c = th->good;
        c.r = (uint8_t)(th->bar_bg.r + (c.r - th->bar_bg.r) * f);
        c.g = (uint8_t)(th->bar_bg.g + (c.g - th->bar_bg.g) * f);
        c.b = (uint8_t)(th->bar_bg.b + (c.b - th->bar_bg.b) * f);
      }
      kk_draw_rect(ui->dl,
                   (kk_Rect){cx, cy, cell - 1 > 0 ? cell - 1 : 1, cell - 1 > 0 ? cell - 1 : 1}, c);
    }
    int spx = kk_ui_px(ui, 11);
    kk_ui_label(ui, x, y + 7 * cell + kk_ui_sp(ui, 2), spx, 0, th->muted,
                _("one column per week, Monday on top; darker: more reviews"), cw);
    y += 7 * cell + m + kk_ui_line_h(ui, spx);
  } else {
    kk_ui_label(ui, x, y, px, 0, th->muted, _("no study days yet"), cw);
    y += lh + m;
  }
  y += heading(ui, x, y, cw, _("Mastery per deck"));
  y += mastery_list(ui, x, y, cw, s->deck_mastery, s->ndeck_mastery) + m;
  y += heading(ui, x, y, cw, _("Mastery per tag"));
  y += mastery_list(ui, x, y, cw, s->tag_mastery, s->ntag_mastery) + m;
  kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
  /* the page ends where its last line does: scrolling stops there */
  int content = y + ui->stats_scroll * lh - y0, view = ui->h - y0;
  ui->stats_scroll_max = content > view ? (content - view + lh - 1) / lh : 0;
}

static unsigned stats_click(kk_Ui *ui, int id, int arg) {
  (void)arg;
  return id == HIT_OPTIMIZE ? run_fit(ui) : 0;
}

static unsigned stats_wheel(kk_Ui *ui, int dy) {
  return set_scroll(ui, ui->stats_scroll + (dy > 0 ? -3 : 3));
}

const kk_UiScreenOps kk_ui_stats_screen = {stats_enter, stats_key, stats_click, stats_wheel,
                                           stats_draw};
