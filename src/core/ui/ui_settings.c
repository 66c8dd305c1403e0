/*
** ui_settings.c -- the student's settings of one deck (O on the deck
** list): new cards and reviews a day, desired retention with the reviews a
** day it would cost (simulated over the student's own items by the host),
** maximum interval, learning and relearning steps, leech threshold and
** action, exam date, scheduler, kana folding of typed answers, and the
** hour the study day starts (all decks).  Each row shows the student's
** value (bold) or the deck's, and the deck's as the instructor's
** suggestion beside it.  Every change is saved at once through the host;
** Delete puts one row back to the deck's, Ctrl+R (or the button) all of
** them.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/date.h"
#include "core/base/i18n.h"
#include "core/deck/schema.h"
#include "core/study/settings.h"
#include "core/ui/ui_int.h"

enum {
  R_NEW,
  R_REVIEWS,
  R_RETENTION,
  R_MAXIVL,
  R_LSTEPS,
  R_RSTEPS,
  R_LEECH,
  R_LEECH_ACT,
  R_EXAM,
  R_SCHED,
  R_FOLD,
  R_DAYSTART,
  NROWS
};

static const char *row_label(int r) {
  switch (r) {
  case R_NEW: return _("New cards a day");
  case R_REVIEWS: return _("Reviews a day (at most)");
  case R_RETENTION: return _("Desired retention");
  case R_MAXIVL: return _("Maximum interval (days)");
  case R_LSTEPS: return _("Learning steps");
  case R_RSTEPS: return _("Relearning steps");
  case R_LEECH: return _("Leech after lapses");
  case R_LEECH_ACT: return _("Leech action");
  case R_EXAM: return _("Exam date");
  case R_SCHED: return _("Scheduler");
  case R_FOLD: return _("Hiragana and katakana answers");
  default: return _("Study day starts at (all decks)");
  }
}

static int is_text(int r) { return r == R_LSTEPS || r == R_RSTEPS || r == R_EXAM; }

/* 1 if the student set row r (else the deck's value is in force). */
static int is_mine(const kk_Ui *ui, int r) {
  const kk_StoreDeckSettings *m = &ui->st_mine;
  switch (r) {
  case R_NEW: return m->new_per_day >= 0;
  case R_REVIEWS: return m->reviews_per_day >= 0;
  case R_RETENTION: return m->retention > 0;
  case R_MAXIVL: return m->max_interval_days > 0;
  case R_LSTEPS: return m->learning_steps[0] != '\0';
  case R_RSTEPS: return m->relearning_steps[0] != '\0';
  case R_LEECH: return m->leech_threshold > 0;
  case R_LEECH_ACT: return m->leech_action >= 0;
  case R_EXAM: return m->exam_date[0] != '\0';
  case R_SCHED: return m->scheduler >= 0;
  case R_FOLD: return m->fold_kana >= 0;
  default: return 1;
  }
}

/* The text of row r in settings s (day: the day start hour). */
static void value_text(const kk_StoreDeckSettings *s, int day, int r, char *buf, size_t size) {
  switch (r) {
  case R_NEW: snprintf(buf, size, "%d", s->new_per_day); break;
  case R_REVIEWS: snprintf(buf, size, "%d", s->reviews_per_day); break;
  case R_RETENTION: snprintf(buf, size, "%.2f", s->retention); break;
  case R_MAXIVL: snprintf(buf, size, "%d", s->max_interval_days); break;
  case R_LSTEPS: snprintf(buf, size, "%s", s->learning_steps); break;
  case R_RSTEPS: snprintf(buf, size, "%s", s->relearning_steps); break;
  case R_LEECH: snprintf(buf, size, "%d", s->leech_threshold); break;
  case R_LEECH_ACT:
    snprintf(buf, size, "%s",
             s->leech_action == KK_LEECH_SUSPEND ? _("tag and suspend") : _("tag only"));
    break;
  case R_EXAM: snprintf(buf, size, "%s", s->exam_date[0] ? s->exam_date : _("none")); break;
  case R_SCHED: snprintf(buf, size, "%s", s->scheduler == KK_SCHED_SM2 ? "SM-2" : "FSRS"); break;
  case R_FOLD:
    snprintf(buf, size, "%s", s->fold_kana ? _("match each other") : _("kept apart"));
    break;
  default: snprintf(buf, size, "%02d:00", day); break;
  }
}

static void load(kk_Ui *ui) {
  const kk_UiHost *h = ui->cfg.host;
  ui->st_ok = h && h->settings_get && ui->st_deck < ui->cfg.ndecks &&
              h->settings_get(h->ud, ui->st_deck, &ui->st_mine, &ui->st_sugg, &ui->st_day_start);
}

static void settings_enter(kk_Ui *ui) {
  load(ui);
  ui->st_editing = 0;
  ui->st_err[0] = '\0';
}

static unsigned save(kk_Ui *ui) {
  const kk_UiHost *h = ui->cfg.host;
  kk_Err e;
  kk_err_clear(&e);
  if (!h || !h->settings_put ||
      h->settings_put(h->ud, ui->st_deck, &ui->st_mine, ui->st_day_start, &e) != KK_OK)
    snprintf(ui->st_err, sizeof ui->st_err, "%.150s", e.msg[0] ? e.msg : _("cannot save"));
  else
    ui->st_err[0] = '\0';
  load(ui); /* what the store now holds */
  return KK_UIF_REDRAW;
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* v within the range the deck format allows for settings key: the schema
** is the one place the ranges are written. */
static double in_range(const char *key, double v) {
  const kk_SchemaKey *k = kk_schema_find(kk_schema_settings, key);
  return !k || !k->has_range ? v : v < k->lo ? k->lo : v > k->hi ? k->hi : v;
}

/* Left/Right: one step down or up (Shift: ten). */
static unsigned step(kk_Ui *ui, int r, int dir, int big) {
  kk_StoreDeckSettings *m = &ui->st_mine;
  const kk_StoreDeckSettings *s = &ui->st_sugg;
  int k = big ? 10 : 1;
  switch (r) {
  case R_NEW:
    m->new_per_day = (int)in_range(
        "new_per_day", (m->new_per_day >= 0 ? m->new_per_day : s->new_per_day) + dir * k);
    break;
  case R_REVIEWS:
    m->reviews_per_day = (int)in_range(
        "reviews_per_day",
        (m->reviews_per_day >= 0 ? m->reviews_per_day : s->reviews_per_day) + dir * 10 * k);
    break;
  case R_RETENTION: {
    double v = (m->retention > 0 ? m->retention : s->retention) + dir * 0.01 * k;
    m->retention = (double)(int)(in_range("retention", v) * 100 + 0.5) / 100;
    break;
  }
  case R_MAXIVL:
    m->max_interval_days = (int)in_range(
        "max_interval_days",
        (m->max_interval_days > 0 ? m->max_interval_days : s->max_interval_days) + dir * 30 * k);
    break;
  case R_LEECH:
    m->leech_threshold =
        clampi((m->leech_threshold > 0 ? m->leech_threshold : s->leech_threshold) + dir * k, 1,
               KK_LEECH_THRESHOLD_MAX);
    break;
  case R_LEECH_ACT:
    m->leech_action = (m->leech_action >= 0 ? m->leech_action : s->leech_action) == KK_LEECH_SUSPEND
                          ? KK_LEECH_TAG
                          : KK_LEECH_SUSPEND;
    break;
  case R_SCHED:
    m->scheduler = (m->scheduler >= 0 ? m->scheduler : s->scheduler) == KK_SCHED_SM2 ? KK_SCHED_FSRS
                                                                                     : KK_SCHED_SM2;
    break;
  case R_FOLD: m->fold_kana = !(m->fold_kana >= 0 ? m->fold_kana : s->fold_kana); break;
  case R_DAYSTART: ui->st_day_start = (ui->st_day_start + dir + 24) % 24; break;
  default: return 0; /* text rows are typed */
  }
  return save(ui);
}

/* Row r back to the deck's value. */
static unsigned reset_row(kk_Ui *ui, int r) {
  kk_StoreDeckSettings *m = &ui->st_mine;
  switch (r) {
  case R_NEW: m->new_per_day = -1; break;
  case R_REVIEWS: m->reviews_per_day = -1; break;
  case R_RETENTION: m->retention = 0; break;
  case R_MAXIVL: m->max_interval_days = 0; break;
  case R_LSTEPS: m->learning_steps[0] = '\0'; break;
  case R_RSTEPS: m->relearning_steps[0] = '\0'; break;
  case R_LEECH: m->leech_threshold = 0; break;
  case R_LEECH_ACT: m->leech_action = -1; break;
  case R_EXAM: m->exam_date[0] = '\0'; break;
  case R_SCHED: m->scheduler = -1; break;
  case R_FOLD: m->fold_kana = -1; break;
  default: ui->st_day_start = 4; break;
  }
  return save(ui);
}

static unsigned reset_all(kk_Ui *ui) {
  for (int r = 0; r < NROWS; r++)
    if (r != R_DAYSTART) reset_row(ui, r);
  kk_ui_toast(ui, _("Back to the deck's settings"));
  return KK_UIF_REDRAW | KK_UIF_TICK;
}

/* Starts typing row r: the student's text to edit, or an empty field
** (the deck's value shown greyed in it). */
static unsigned start_edit(kk_Ui *ui, int r) {
  char buf[64] = "";
  if (is_mine(ui, r)) value_text(&ui->st_mine, ui->st_day_start, r, buf, sizeof buf);
  memset(&ui->st_field, 0, sizeof ui->st_field);
  snprintf(ui->st_field.buf, sizeof ui->st_field.buf, "%s", buf);
  ui->st_field.len = ui->st_field.caret = strlen(ui->st_field.buf);
  ui->st_editing = 1;
  return KK_UIF_REDRAW;
}

/* Enter while typing: checks and keeps the text ("" = the deck's). */
static unsigned commit_edit(kk_Ui *ui) {
  int r = ui->st_row;
  const char *t = ui->st_field.buf;
  int steps[KK_SCHED_MAX_STEPS];
  int64_t day;
  if ((r == R_LSTEPS || r == R_RSTEPS) && *t &&
      kk_settings_parse_steps(t, steps, KK_SCHED_MAX_STEPS) <= 0) {
    snprintf(ui->st_err, sizeof ui->st_err, "%s",
             _("Steps are times such as 1m 10m 1h 1d (at most 10)"));
    return KK_UIF_REDRAW;
  }
  if (r == R_EXAM && *t && !kk_date_parse(t, &day)) {
    snprintf(ui->st_err, sizeof ui->st_err, "%s", _("The exam date is YYYY-MM-DD"));
    return KK_UIF_REDRAW;
  }
  char *dst = r == R_LSTEPS   ? ui->st_mine.learning_steps
              : r == R_RSTEPS ? ui->st_mine.relearning_steps
                              : ui->st_mine.exam_date;
  size_t size = r == R_EXAM ? sizeof ui->st_mine.exam_date : sizeof ui->st_mine.learning_steps;
  size_t len = strlen(t);
  if (len >= size) { /* a valid list of 10 steps fits: this is not one */
    snprintf(ui->st_err, sizeof ui->st_err, "%s", _("Too long"));
    return KK_UIF_REDRAW;
  }
  memcpy(dst, t, len + 1);
  ui->st_editing = 0;
  return save(ui);
}

static unsigned settings_key(kk_Ui *ui, const kk_UiEvent *ev) {
  if (!ui->st_ok) {
    if (ev->kind == KK_EV_KEY && ev->key == KK_KEY_ESCAPE) kk_ui_go(ui, KK_UI_HOME);
    return KK_UIF_REDRAW;
  }
  if (ui->st_editing) {
    if (ev->kind == KK_EV_KEY && !ui->st_field.comp[0]) {
      if (ev->key == KK_KEY_ESCAPE) {
        ui->st_editing = 0;
        ui->st_err[0] = '\0';
        return KK_UIF_REDRAW;
      }
      if (ev->key == KK_KEY_ENTER) return commit_edit(ui);
    }
    return kk_ui_field_event(&ui->st_field, ev) ? KK_UIF_REDRAW : 0;
  }
  if (ev->kind != KK_EV_KEY) return 0;
  int big = (ev->mods & KK_MOD_SHIFT) != 0;
  if ((ev->mods & KK_MOD_CTRL) && ev->key == KK_KEY_CHAR && ev->ch == 'r') return reset_all(ui);
  switch (ev->key) {
  case KK_KEY_ESCAPE: kk_ui_go(ui, KK_UI_HOME); return KK_UIF_REDRAW;
  case KK_KEY_UP: ui->st_row = (ui->st_row + NROWS - 1) % NROWS; return KK_UIF_REDRAW;
  case KK_KEY_DOWN: ui->st_row = (ui->st_row + 1) % NROWS; return KK_UIF_REDRAW;
  case KK_KEY_LEFT: return step(ui, ui->st_row, -1, big);
  case KK_KEY_RIGHT: return step(ui, ui->st_row, +1, big);
  case KK_KEY_ENTER:
  case KK_KEY_SPACE:
    return is_text(ui->st_row) ? start_edit(ui, ui->st_row) : step(ui, ui->st_row, +1, 0);
  case KK_KEY_DELETE:
  case KK_KEY_BACKSPACE: return reset_row(ui, ui->st_row);
  default: return 0;
  }
}

static unsigned settings_click(kk_Ui *ui, int id, int arg) {
  if (!ui->st_ok) return 0;
  if (id == HIT_SET_RESET) return reset_all(ui);
  if (arg < 0 || arg >= NROWS) return 0;
  if (ui->st_editing && id != HIT_FIELD) ui->st_editing = 0;
  switch (id) {
  case HIT_SET_ROW: ui->st_row = arg; return is_text(arg) ? start_edit(ui, arg) : KK_UIF_REDRAW;
  case HIT_SET_DEC: ui->st_row = arg; return step(ui, arg, -1, 0);
  case HIT_SET_INC: ui->st_row = arg; return step(ui, arg, +1, 0);
  default: return 0;
  }
}

/* ---- drawing ------------------------------------------------------------------- */

static void settings_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  char title[160];
  const char *deck = ui->st_deck < ui->cfg.ndecks ? kk_deck_title(ui->cfg.decks[ui->st_deck]) : "";
  snprintf(title, sizeof title, _("Settings: %.120s"), deck);
  int top = kk_ui_top_bar(ui, title);
  int m = kk_ui_sp(ui, 20), pad = kk_ui_sp(ui, 6);
  int cw = ui->w - 2 * m, maxw = kk_ui_sp(ui, 820);
  if (cw > maxw) cw = maxw;
  if (cw < 1) cw = 1;
  int x = (ui->w - cw) / 2, y = top + m;
  int px = kk_ui_px(ui, 14), spx = kk_ui_px(ui, 12), lh = kk_ui_line_h(ui, px);
  if (!ui->st_ok) {
    kk_ui_label(ui, x, y, px, 0, th->muted, _("No progress store: settings cannot be kept."), cw);
    return;
  }
  kk_ui_label(
      ui, x, y, spx, 0, th->muted,
      _("Your values are bold; the rest are the deck's. Beside each: what the instructor's deck suggests."),
      cw);
  y += kk_ui_line_h(ui, spx) + pad;
  int rh = lh + 2 * pad;
  int lw = cw * 38 / 100, vw = cw * 26 / 100,
      bw = kk_ui_text_w(ui, px, "+", 1) + 2 * kk_ui_sp(ui, 10);
  for (int r = 0; r < NROWS; r++) {
    kk_Rect rr = {x, y, cw, rh};
    int cur = r == ui->st_row;
    if (cur || kk_ui_hovered(ui, HIT_SET_ROW, r)) kk_draw_rect(ui->dl, rr, th->selection);
    if (cur) kk_draw_frame(ui->dl, rr, th->accent, 1);
    kk_ui_hit(ui, rr, HIT_SET_ROW, r);
    int ty = y + pad;
    kk_ui_label(ui, x + pad, ty, px, 0, th->text, row_label(r), lw - 2 * pad);
    char v[64], sv[64];
    int mine = is_mine(ui, r);
    value_text(mine ? &ui->st_mine : &ui->st_sugg, ui->st_day_start, r, v, sizeof v);
    value_text(&ui->st_sugg, 4, r, sv, sizeof sv);
    int vx = x + lw;
    if (cur && ui->st_editing) {
      kk_ui_field_draw(ui, (kk_Rect){vx, y + 1, vw + 2 * bw, rh - 2}, &ui->st_field, px, sv);
      kk_ui_hit(ui, (kk_Rect){vx, y + 1, vw + 2 * bw, rh - 2}, HIT_FIELD, r);
    } else {
      if (!is_text(r)) {
        kk_ui_button_small(ui, (kk_Rect){vx, y + pad / 2, bw, rh - pad}, "\xE2\x88\x92",
                           HIT_SET_DEC, r);
        kk_ui_button_small(ui, (kk_Rect){vx + vw + bw, y + pad / 2, bw, rh - pad}, "+", HIT_SET_INC,
                           r);
      }
      int tx = is_text(r) ? vx : vx + bw + pad;
      kk_ui_label(ui, tx, ty, px, mine ? KK_TEXT_BOLD : 0, mine ? th->text : th->muted, v,
                  vw + (is_text(r) ? 2 * bw : -pad));
    }
    char sug[96];
    if (r == R_DAYSTART)
      snprintf(sug, sizeof sug, "%s", _("04:00 by default"));
    else
      snprintf(sug, sizeof sug, _("deck: %.60s"), sv);
    int sx = vx + vw + 2 * bw + 2 * pad;
    if (sx < x + cw)
      kk_ui_label(ui, sx, ty + (lh - kk_ui_line_h(ui, spx)) / 2, spx, 0, th->muted, sug,
                  x + cw - sx - pad);
    y += rh;
    if (r == R_RETENTION) {
      /* what the chosen retention costs */
      const kk_UiHost *h = ui->cfg.host;
      int items = 0;
      double ret = ui->st_mine.retention > 0 ? ui->st_mine.retention : ui->st_sugg.retention;
      double workload = h && h->settings_workload
                            ? h->settings_workload(h->ud, ui->st_deck, ret, ui->now_ms, &items)
                            : -1;
      char wl[160];
      if (workload >= 0 && items > 0)
        snprintf(
            wl, sizeof wl,
            kk_ui_ngettext(
                "at %.0f%%: about %.1f reviews a day in the next 30 days (simulated, your %d item)",
                "at %.0f%%: about %.1f reviews a day in the next 30 days (simulated, your %d items)",
                (unsigned long)items),
            ret * 100, workload, items);
      else
        snprintf(wl, sizeof wl, "%s", _("the workload shows once some items are studied"));
      kk_ui_label(ui, x + lw, y, spx, 0, th->accent, wl, cw - lw);
      y += kk_ui_line_h(ui, spx) + pad;
    }
  }
  y += pad;
  if (ui->st_err[0]) {
    kk_ui_label(ui, x, y, spx, 0, th->bad, ui->st_err, cw);
    y += kk_ui_line_h(ui, spx) + pad;
  }
  const char *rl = _("Reset to the deck's defaults");
  int rw = kk_ui_text_w(ui, kk_ui_px(ui, 13), rl, strlen(rl)) + 2 * kk_ui_sp(ui, 12);
  if (rw > cw) rw = cw;
  kk_ui_button_small(ui, (kk_Rect){x, y, rw, kk_ui_line_h(ui, kk_ui_px(ui, 13)) + 2 * pad}, rl,
                     HIT_SET_RESET, 0);
}

const kk_UiScreenOps kk_ui_settings_screen = {settings_enter, settings_key, settings_click, NULL,
                                              settings_draw};
