/*
** ui_home.c -- the home screen (decks with new / learning / due counts and
** a mastery bar, today's totals, streak, exam date) and the end-of-session
** summary.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/ui/ui_int.h"

/* ---- home --------------------------------------------------------------------- */

/* Rows on home: the decks, then the files that failed to load. */
static int nrows(const kk_Ui *ui) { return (int)(ui->cfg.ndecks + ui->cfg.nbad_decks); }

/* Shows every problem of bad deck i (the preview screen lists them). */
static unsigned show_problems(kk_Ui *ui, size_t i) {
  if (i >= ui->cfg.nbad_decks) return 0;
  ui->cfg.preview_path = ui->cfg.bad_decks[i].path;
  kk_ui_set_preview(ui, NULL, ui->cfg.bad_decks[i].diags);
  ui->pv_scroll = 0;
  kk_ui_go(ui, KK_UI_PREVIEW);
  return KK_UIF_REDRAW;
}

/* Enter (or a click) on row `row`. */
static unsigned open_row(kk_Ui *ui, int row) {
  ui->home_sel = row;
  if (row >= (int)ui->cfg.ndecks) return show_problems(ui, (size_t)row - ui->cfg.ndecks);
  size_t i = (size_t)row;
  return kk_ui_session_start(ui, &i, 1) | KK_UIF_REDRAW;
}

static void home_enter(kk_Ui *ui) {
  const kk_UiHost *h = ui->cfg.host;
  memset(&ui->today, 0, sizeof ui->today);
  for (size_t i = 0; i < ui->cfg.ndecks; i++) {
    memset(&ui->counts[i], 0, sizeof ui->counts[i]);
    if (h && h->deck_counts) h->deck_counts(h->ud, i, ui->now_ms, &ui->counts[i]);
  }
  if (h && h->today) h->today(h->ud, ui->now_ms, &ui->today);
  if (ui->home_sel >= nrows(ui)) ui->home_sel = 0;
}

static unsigned home_key(kk_Ui *ui, const kk_UiEvent *ev) {
  int n = nrows(ui);
  uint32_t ch = ev->key == KK_KEY_CHAR && !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT)) ? ev->ch : 0;
  int sel = ui->home_sel;
  if (ev->key == KK_KEY_DOWN || ch == 'j')
    sel++;
  else if (ev->key == KK_KEY_UP || ch == 'k')
    sel--;
  else if (ev->key == KK_KEY_HOME)
    sel = 0;
  else if (ev->key == KK_KEY_END)
    sel = n - 1;
  else if (ev->key == KK_KEY_PAGEDOWN)
    sel += 5;
  else if (ev->key == KK_KEY_PAGEUP)
    sel -= 5;
  else if ((ev->key == KK_KEY_ENTER || ev->key == KK_KEY_SPACE) && n > 0)
    return open_row(ui, ui->home_sel);
  else if (ch == 'a')
    return kk_ui_session_start(ui, NULL, 0);
  else if (ch == 's' && ui->cfg.host) {
    kk_ui_go(ui, KK_UI_STATS);
    return KK_UIF_REDRAW;
  } else if (ch == 'o' && ui->cfg.host && n > 0) {
    ui->st_deck = (size_t)ui->home_sel;
    kk_ui_go(ui, KK_UI_SETTINGS);
    return KK_UIF_REDRAW;
  } else if (ch == 'b' && ui->cfg.host) {
    kk_ui_go(ui, KK_UI_BROWSE);
    return KK_UIF_REDRAW;
  } else if (ch == 'p' && (ui->cfg.preview_deck || ui->cfg.preview_diags)) {
    kk_ui_go(ui, KK_UI_PREVIEW);
    return KK_UIF_REDRAW;
  } else
    return 0;
  if (sel >= n) sel = n - 1;
  if (sel < 0) sel = 0;
  if (sel == ui->home_sel) return 0;
  ui->home_sel = sel;
  return KK_UIF_REDRAW;
}

/* A deck file that did not load: greyed, its name and first error
** (path:line:col), a hint that Enter lists them all. */
static void bad_row(kk_Ui *ui, kk_Rect r, int row) {
  const kk_UiTheme *th = ui->th;
  const kk_UiBadDeck *b = &ui->cfg.bad_decks[row - (int)ui->cfg.ndecks];
  int px = kk_ui_px(ui, 15), spx = kk_ui_px(ui, 13), pad = kk_ui_sp(ui, 10);
  int lh = kk_ui_line_h(ui, px);
  int sel = row == ui->home_sel;
  kk_draw_rect(ui->dl, r, sel ? th->selection : th->bg);
  kk_draw_frame(ui->dl, r,
                sel || kk_ui_hovered(ui, HIT_BAD_DECK, row - (int)ui->cfg.ndecks) ? th->accent
                                                                                  : th->border,
                sel ? 2 : 1);
  kk_ui_hit(ui, r, HIT_BAD_DECK, row - (int)ui->cfg.ndecks);
  const char *name = strrchr(b->path, '/');
  name = name ? name + 1 : b->path;
  char buf[1200];
  size_t nerr = b->diags ? b->diags->nerrors : 0;
  snprintf(buf, sizeof buf,
           kk_ui_ngettext("%zu problem: Enter lists it", "%zu problems: Enter lists them", nerr),
           nerr);
  int hw = kk_ui_text_w(ui, spx, buf, strlen(buf));
  int room = r.w / 2;
  if (hw <= room)
    kk_ui_label(ui, r.x + r.w - pad - hw, r.y + pad, spx, 0, th->muted, buf, 0);
  else
    hw = -pad;
  snprintf(buf, sizeof buf, _("%s (not loaded)"), name);
  kk_ui_label(ui, r.x + pad, r.y + pad, px, KK_TEXT_BOLD, th->muted, buf, r.w - 3 * pad - hw);
  kk_Err e;
  kk_err_clear(&e);
  if (b->diags && kk_diags_first_error(b->diags, &e) != KK_OK) {
    kk_err_format(&e, buf, sizeof buf);
    kk_ui_label(ui, r.x + pad, r.y + pad + lh + kk_ui_sp(ui, 4), spx, 0, th->bad, buf,
                r.w - 2 * pad);
  }
}

static void home_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  int top = kk_ui_top_bar(ui, "Kioku");
  int m = kk_ui_sp(ui, 20);
  int cw = ui->w - 2 * m, maxw = kk_ui_sp(ui, 760);
  if (cw > maxw) cw = maxw;
  if (cw < 1) cw = 1;
  int x = (ui->w - cw) / 2, y = top + m;
  int px = kk_ui_px(ui, 15), spx = kk_ui_px(ui, 13);
  int lh = kk_ui_line_h(ui, px), slh = kk_ui_line_h(ui, spx);
  char buf[256], a[32];

  /* today's totals */
  const kk_UiToday *t = &ui->today;
  kk_ui_fmt_duration(t->studied_ms, a, sizeof a);
  if (t->reviewed)
    snprintf(buf, sizeof buf,
             kk_ui_ngettext("Today: %d answer, %d%% right, %s", "Today: %d answers, %d%% right, %s",
                            (unsigned long)t->reviewed),
             t->reviewed, (int)(100.0 * t->correct / t->reviewed + 0.5), a);
  else
    snprintf(buf, sizeof buf, _("Today: nothing studied yet"));
  kk_ui_label(ui, x, y, px, 0, th->text, buf, cw);
  y += lh;
  snprintf(buf, sizeof buf,
           kk_ui_ngettext("Streak: %d day", "Streak: %d days", (unsigned long)t->streak_days),
           t->streak_days);
  int sw = kk_ui_label(ui, x, y, spx, 0, th->muted, buf, cw);
  if (t->exam_date) {
    char date[64];
    kk_ui_fmt_date(t->exam_date, date, sizeof date);
    if (t->exam_days_left >= 0)
      snprintf(buf, sizeof buf,
               kk_ui_ngettext("Exam %s: %d day left", "Exam %s: %d days left",
                              (unsigned long)t->exam_days_left),
               date, t->exam_days_left);
    else
      snprintf(buf, sizeof buf, _("Exam %s: passed"), date);
    int gap = kk_ui_sp(ui, 24);
    if (sw + gap < cw)
      kk_ui_label(ui, x + sw + gap, y, spx, KK_TEXT_BOLD, th->warn, buf, cw - sw - gap);
  }
  y += slh + m / 2;
  if (ui->cfg.notice) {
    kk_UiSpan sp = {ui->cfg.notice, strlen(ui->cfg.notice), th->warn, spx, KK_TEXT_BOLD, 0, 0,
                    {0, 0, 0, 0}};
    y += kk_ui_para(ui, &sp, 1, x, y, cw, KK_UI_ALIGN_LEFT, 1) + m / 2;
  }
  if (ui->err[0]) {
    kk_UiSpan sp = {ui->err, strlen(ui->err), th->bad, spx, 0, 0, 0, {0, 0, 0, 0}};
    y += kk_ui_para(ui, &sp, 1, x, y, cw, KK_UI_ALIGN_LEFT, 1) + m / 2;
  }

  /* buttons */
  int bh = lh + kk_ui_sp(ui, 14),
      bw = kk_ui_text_w(ui, px, _("Study all (A)"), strlen(_("Study all (A)"))) +
           2 * kk_ui_sp(ui, 14);
  if (bw > cw) bw = cw;
  kk_ui_button(ui, (kk_Rect){x, y, bw, bh}, _("Study all (A)"), NULL, 0, HIT_STUDY_ALL, 0);
  y += bh + m / 2;

  if (!nrows(ui)) {
    kk_ui_label(ui, x, y, px, 0, th->muted, _("No decks found. Start with --decks DIR."), cw);
    return;
  }
  /* deck rows; scrolled so the selected one is visible */
  int pad = kk_ui_sp(ui, 10);
  int rh = lh + slh + kk_ui_sp(ui, 8) + 2 * pad;
  /* exam-date mode: a line per row with the date, days left and recall
  ** on the day, and one more for the warning (every row the same height) */
  int exam_lines = 0, warn_lines = 0;
  for (size_t i = 0; i < ui->cfg.ndecks; i++) {
    exam_lines |= ui->counts[i].exam_date[0] != 0;
    warn_lines |= kk_ui_exam_warning(&ui->counts[i], buf, sizeof buf);
  }
  rh += (exam_lines + warn_lines) * (slh + kk_ui_sp(ui, 2));
  int avail = ui->h - y - m;
  int per = avail / rh;
  if (per < 1) per = 1;
  int first = ui->home_sel - per + 1;
  if (first < 0) first = 0;
  for (int i = first; i < nrows(ui) && i < first + per; i++) {
    if (i >= (int)ui->cfg.ndecks) {
      bad_row(ui, (kk_Rect){x, y, cw, rh - kk_ui_sp(ui, 6)}, i);
      y += rh;
      continue;
    }
    const kk_UiDeckCounts *c = &ui->counts[i];
    kk_Rect r = {x, y, cw, rh - kk_ui_sp(ui, 6)};
    kk_draw_rect(ui->dl, r, i == ui->home_sel ? th->selection : th->panel);
    kk_draw_frame(ui->dl, r,
                  i == ui->home_sel || kk_ui_hovered(ui, HIT_DECK, i) ? th->accent : th->border,
                  i == ui->home_sel ? 2 : 1);
    kk_ui_hit(ui, r, HIT_DECK, i);
    const char *title = kk_deck_title(ui->cfg.decks[i]);
    if (!title || !*title) title = kk_deck_id(ui->cfg.decks[i]);
    /* counts at the right: new  learning  due */
    int cx = r.x + r.w - pad;
    struct {
      int v;
      kk_Color c;
      const char *fmt;
    } cs[3] = {{c->due, th->due_c, _("%d due")},
               {c->learning, th->learn_c, _("%d learning")},
               {c->new_count, th->new_c, _("%d new")}};
    int room = r.w / 2;
    for (int k = 0; k < 3; k++) {
      snprintf(buf, sizeof buf, cs[k].fmt, cs[k].v);
      int w = kk_ui_text_w(ui, spx, buf, strlen(buf));
      if (w + kk_ui_sp(ui, 12) > room) {
        snprintf(buf, sizeof buf, "%d", cs[k].v);
        w = kk_ui_text_w(ui, spx, buf, strlen(buf));
      }
      if (cx - w < r.x + r.w / 2) break;
      cx -= w;
      kk_ui_label(ui, cx, r.y + pad, spx, cs[k].v ? KK_TEXT_BOLD : 0, cs[k].v ? cs[k].c : th->muted,
                  buf, 0);
      cx -= kk_ui_sp(ui, 12);
      room -= w + kk_ui_sp(ui, 12);
    }
    kk_ui_label(ui, r.x + pad, r.y + pad, px, KK_TEXT_BOLD, th->text, title, cx - r.x - 2 * pad);
    int by = r.y + pad + lh + kk_ui_sp(ui, 4);
    snprintf(buf, sizeof buf, _("%d%% known of %d"), (int)(c->mastery * 100 + 0.5), c->total);
    int mw = kk_ui_text_w(ui, spx, buf, strlen(buf));
    int barw = r.w - 3 * pad - mw;
    if (barw > 0) {
      kk_ui_bar(ui, (kk_Rect){r.x + pad, by + slh / 3, barw, slh / 3 > 2 ? slh / 3 : 2}, c->mastery,
                th->good);
      kk_ui_label(ui, r.x + 2 * pad + barw, by, spx, 0, th->muted, buf, mw);
    }
    by += slh + kk_ui_sp(ui, 2);
    if (kk_ui_exam_text(c, buf, sizeof buf)) {
      kk_ui_label(ui, r.x + pad, by, spx, 0, c->exam_days_left < 0 ? th->muted : th->warn, buf,
                  r.w - 2 * pad);
      by += slh + kk_ui_sp(ui, 2);
    }
    if (kk_ui_exam_warning(c, buf, sizeof buf))
      kk_ui_label(ui, r.x + pad, by, spx, KK_TEXT_BOLD, th->bad, buf, r.w - 2 * pad);
    y += rh;
  }
  if (first + per < nrows(ui))
    kk_ui_label(ui, x, y, spx, 0, th->muted, _("\xE2\x80\xA6 more below (Down)"), cw);
}

static unsigned home_click(kk_Ui *ui, int id, int arg) {
  if (id == HIT_DECK) return open_row(ui, arg);
  if (id == HIT_BAD_DECK) return open_row(ui, (int)ui->cfg.ndecks + arg);
  if (id == HIT_STUDY_ALL) return kk_ui_session_start(ui, NULL, 0);
  return 0;
}

/* The wheel moves the selection. */
static unsigned home_wheel(kk_Ui *ui, int dy) {
  int sel = ui->home_sel + (dy > 0 ? -1 : 1);
  if (sel < 0 || sel >= nrows(ui)) return 0;
  ui->home_sel = sel;
  return KK_UIF_REDRAW;
}

const kk_UiScreenOps kk_ui_home_screen = {home_enter, home_key, home_click, home_wheel, home_draw};

/* ---- summary ------------------------------------------------------------------ */

static unsigned summary_key(kk_Ui *ui, const kk_UiEvent *ev) {
  uint32_t ch = ev->key == KK_KEY_CHAR ? ev->ch : 0;
  if ((ev->mods & KK_MOD_CTRL) && ch == 'z') return kk_ui_drill_undo(ui);
  if (ev->key == KK_KEY_ENTER || ev->key == KK_KEY_ESCAPE || ev->key == KK_KEY_SPACE) {
    kk_ui_go(ui, KK_UI_HOME);
    return KK_UIF_REDRAW;
  }
  if (ch == 's' && ui->cfg.host) {
    kk_ui_go(ui, KK_UI_STATS);
    return KK_UIF_REDRAW;
  }
  return 0;
}

static void summary_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  const kk_UiDrill *d = &ui->d;
  int top = kk_ui_top_bar(ui, _("Session complete"));
  int m = kk_ui_sp(ui, 24), px = kk_ui_px(ui, 18), bpx = kk_ui_px(ui, 30);
  int cw = ui->w - 2 * m, maxw = kk_ui_sp(ui, 520);
  if (cw > maxw) cw = maxw;
  if (cw < 1) cw = 1;
  int x = (ui->w - cw) / 2, y = top + m;
  char buf[160], a[32];
  kk_ui_label(ui, x, y, bpx, KK_TEXT_BOLD, th->text, _("Well done."), cw);
  y += kk_ui_line_h(ui, bpx) + m / 2;
  int lh = kk_ui_line_h(ui, px);
  snprintf(buf, sizeof buf, _("Cards: %d"), d->answered);
  kk_ui_label(ui, x, y, px, 0, th->text, buf, cw);
  y += lh;
  if (d->answered)
    snprintf(buf, sizeof buf, _("Accuracy: %d%%"), (int)(100.0 * d->right / d->answered + 0.5));
  else
    snprintf(buf, sizeof buf, _("Accuracy: -"));
  kk_ui_label(ui, x, y, px, 0, th->text, buf, cw);
  y += lh;
  kk_ui_fmt_duration(d->spent_ms, a, sizeof a);
  snprintf(buf, sizeof buf, _("Time: %s"), a);
  kk_ui_label(ui, x, y, px, 0, th->text, buf, cw);
  y += lh;
  snprintf(buf, sizeof buf, _("Tomorrow: %d due"), ui->summary_tomorrow);
  kk_ui_label(ui, x, y, px, 0, th->text, buf, cw);
  y += lh + m;
  int bw = cw < kk_ui_sp(ui, 220) ? cw : kk_ui_sp(ui, 220);
  kk_ui_button(ui, (kk_Rect){x, y, bw, lh + kk_ui_sp(ui, 14)}, _("Back to decks (Enter)"), NULL, 1,
               HIT_CLOSE, 0);
  if (d->nundo && x + bw + kk_ui_sp(ui, 8) + bw <= x + cw)
    kk_ui_button(ui, (kk_Rect){x + bw + kk_ui_sp(ui, 8), y, bw, lh + kk_ui_sp(ui, 14)},
                 _("Undo last (Ctrl+Z)"), NULL, 0, HIT_UNDO, 0);
}

static unsigned summary_click(kk_Ui *ui, int id, int arg) {
  (void)arg;
  if (id == HIT_UNDO) return kk_ui_drill_undo(ui);
  if (id == HIT_CLOSE) {
    kk_ui_go(ui, KK_UI_HOME);
    return KK_UIF_REDRAW;
  }
  return 0;
}

const kk_UiScreenOps kk_ui_summary_screen = {NULL, summary_key, summary_click, NULL, summary_draw};
