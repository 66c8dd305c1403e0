/*
** ui_browse.c -- the browser screen: every study item of the loaded decks
** in a table (deck, type, question, state, due, interval, stability,
** recall now, lapses), filtered as the student types a search
** (core/study/search.h syntax) and sorted by any column; one or many rows
** selected and suspended, unsuspended, buried until tomorrow or forgotten,
** each undoable.  The rows come from the host's browse callback.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/study/action.h"
#include "core/study/sched.h"
#include "core/study/store.h"
#include "core/ui/ui_int.h"

void kk_ui_browse_free(kk_UiBrowse *b) {
  kk_free(b->sel);
  b->sel = NULL;
  kk_free(b->keep_ids);
  b->keep_ids = NULL;
  b->nkeep = b->keep_cap = 0;
}

/* Notes the selection and the cursor by item id (while the rows are
** valid: right after an event of this screen). */
static void remember(kk_UiBrowse *b) {
  b->nkeep = 0;
  b->cursor_id = b->rows && b->cursor >= 0 && b->cursor < b->n ? b->rows[b->cursor].id : SIZE_MAX;
  for (long i = 0; b->rows && b->sel && i < b->n; i++) {
    if (!b->sel[i]) continue;
    if (b->nkeep == b->keep_cap) {
      size_t *v = kk_grow(b->keep_ids, &b->keep_cap, b->nkeep + 1, sizeof *v, 64);
      if (!v) return; /* the rest of the selection is forgotten */
      b->keep_ids = v;
    }
    b->keep_ids[b->nkeep++] = b->rows[i].id;
  }
}

/* Asks the host again for the rows; keeps the selection and the cursor on
** the same items (by id, as remember noted them) when keep is 1.  The old
** rows are not read: the host may have dropped them. */
static void refresh(kk_Ui *ui, int keep) {
  kk_UiBrowse *b = &ui->br;
  const kk_UiHost *h = ui->cfg.host;
  const size_t *ids = keep ? b->keep_ids : NULL;
  size_t nids = keep ? b->nkeep : 0, cursor_id = keep ? b->cursor_id : SIZE_MAX;
  kk_free(b->sel);
  b->sel = NULL;
  b->rows = NULL;
  b->n = 0;
  b->err[0] = '\0';
  if (!h || !h->browse) {
    snprintf(b->err, sizeof b->err, "%s", _("no progress store: nothing to browse"));
    return;
  }
  kk_Err e;
  kk_err_clear(&e);
  const kk_UiBrowseRow *rows = NULL;
  long n = h->browse(h->ud, b->q.buf, b->sort, b->desc, ui->now_ms, &rows, &e);
  if (n < 0) {
    /* the query's problem at its column ("search:1:COL: ...") */
    if (e.col > 0)
      snprintf(b->err, sizeof b->err, _("column %d: %.150s"), e.col, e.msg);
    else
      snprintf(b->err, sizeof b->err, "%.150s", e.msg);
    return;
  }
  b->rows = rows;
  b->n = n;
  b->sel = kk_calloc((size_t)(n ? n : 1), 1);
  long cur = 0;
  for (long i = 0; i < n; i++) {
    if (rows[i].id == cursor_id) cur = i;
    for (size_t k = 0; b->sel && k < nids; k++)
      if (ids[k] == rows[i].id) b->sel[i] = 1;
  }
  b->cursor = keep ? cur : 0;
  if (!keep) b->anchor = 0, b->scroll.pos = 0;
  if (b->cursor >= n) b->cursor = n ? n - 1 : 0;
}

static void browse_enter(kk_Ui *ui) { refresh(ui, 1); }

static long nselected(const kk_UiBrowse *b) {
  long k = 0;
  for (long i = 0; b->sel && i < b->n; i++) k += b->sel[i];
  return k;
}

/* Runs action on the selected rows (the cursor's row when none is); days
** for SET_DUE. */
static unsigned act_days(kk_Ui *ui, int action, int days) {
  kk_UiBrowse *b = &ui->br;
  const kk_UiHost *h = ui->cfg.host;
  if (!h || !h->browse_action || !b->n) return 0;
  long k = nselected(b);
  size_t *ids = kk_malloc((size_t)(k ? k : 1) * sizeof *ids), n = 0;
  if (!ids) {
    kk_ui_toast(ui, _("out of memory"));
    return KK_UIF_REDRAW;
  }
  int suspended_all = 1;
  for (long i = 0; i < b->n; i++)
    if (k ? b->sel[i] : i == b->cursor) {
      ids[n++] = b->rows[i].id;
      suspended_all &= strcmp(b->rows[i].state, "suspended") == 0;
    }
  /* Suspend on suspended rows takes them back, as Anki's toggle does */
  if (action == KK_STORE_ACTION_SUSPEND && suspended_all) action = KK_STORE_ACTION_UNSUSPEND;
  kk_Err e;
  kk_err_clear(&e);
  char msg[128];
  if (h->browse_action(h->ud, ids, n, action, days, ui->now_ms, &e) != KK_OK) {
    snprintf(msg, sizeof msg, "%.120s", e.msg);
  } else {
    const char *what =
        action == KK_STORE_ACTION_SUSPEND
            ? kk_ui_ngettext("Suspended %lu item", "Suspended %lu items", n)
        : action == KK_STORE_ACTION_UNSUSPEND
            ? kk_ui_ngettext("Unsuspended %lu item", "Unsuspended %lu items", n)
        : action == KK_STORE_ACTION_BURY
            ? kk_ui_ngettext("Buried %lu item until tomorrow", "Buried %lu items until tomorrow", n)
        : action == KK_STORE_ACTION_SET_DUE
            ? kk_ui_ngettext("Set the due date of %lu item", "Set the due date of %lu items", n)
            : kk_ui_ngettext("Forgot %lu item (history kept)", "Forgot %lu items (history kept)",
                             n);
    snprintf(msg, sizeof msg, what, (unsigned long)n);
  }
  kk_free(ids);
  kk_ui_toast(ui, msg);
  refresh(ui, 1);
  return KK_UIF_REDRAW | KK_UIF_TICK;
}

static unsigned act(kk_Ui *ui, int action) { return act_days(ui, action, 0); }

/* The days prompt of set-due: digits, Enter applies, Esc cancels. */
static unsigned due_key(kk_Ui *ui, const kk_UiEvent *ev) {
  kk_UiBrowse *b = &ui->br;
  if (ev->kind == KK_EV_KEY && ev->key == KK_KEY_ESCAPE && !b->days.comp[0]) {
    b->due_mode = 0;
    return KK_UIF_REDRAW;
  }
  if (ev->kind == KK_EV_KEY && ev->key == KK_KEY_ENTER && !b->days.comp[0]) {
    char *end = NULL;
    long d = strtol(b->days.buf, &end, 10);
    if (end == b->days.buf || *end || d < 0 || d > KK_ACTION_MAX_DAYS) {
      char msg[96];
      snprintf(msg, sizeof msg, _("Type a number of days from today, 0 to %d"), KK_ACTION_MAX_DAYS);
      kk_ui_toast(ui, msg);
      return KK_UIF_REDRAW | KK_UIF_TICK;
    }
    b->due_mode = 0;
    return act_days(ui, KK_STORE_ACTION_SET_DUE, (int)d);
  }
  return kk_ui_field_event(&b->days, ev) ? KK_UIF_REDRAW : 0;
}

static unsigned undo(kk_Ui *ui) {
  const kk_UiHost *h = ui->cfg.host;
  size_t n = h && h->browse_undo ? h->browse_undo(h->ud, ui->now_ms) : 0;
  char msg[128];
  if (!n)
    snprintf(msg, sizeof msg, "%s", _("Nothing to undo"));
  else
    snprintf(msg, sizeof msg, kk_ui_ngettext("Undone for %lu item", "Undone for %lu items", n),
             (unsigned long)n);
  kk_ui_toast(ui, msg);
  refresh(ui, 1);
  return KK_UIF_REDRAW | KK_UIF_TICK;
}

/* Moves the cursor to row to and selects it alone; shift selects the
** range from the anchor instead. */
static unsigned move_to(kk_Ui *ui, long to, int shift) {
  kk_UiBrowse *b = &ui->br;
  if (!b->n) return 0;
  if (to < 0) to = 0;
  if (to >= b->n) to = b->n - 1;
  b->cursor = to;
  b->reveal = 1;
  if (!shift) b->anchor = to;
  long lo = b->anchor < to ? b->anchor : to, hi = b->anchor < to ? to : b->anchor;
  if (b->sel)
    for (long i = 0; i < b->n; i++) b->sel[i] = i >= lo && i <= hi;
  return KK_UIF_REDRAW;
}

static unsigned sort_by(kk_Ui *ui, int col) {
  kk_UiBrowse *b = &ui->br;
  if (col < 0 || col >= KK_UI_NCOLS) return 0;
  if ((int)b->sort == col)
    b->desc = !b->desc;
  else
    b->sort = (kk_UiColumn)col, b->desc = 0;
  refresh(ui, 1);
  return KK_UIF_REDRAW;
}

/* Rows per page, from the last draw. */
static long page(const kk_Ui *ui) {
  long p = ui->br.row_h > 0 ? ui->br.scroll.view_h / ui->br.row_h : 1;
  return p > 1 ? p - 1 : 1;
}

static unsigned browse_key_(kk_Ui *ui, const kk_UiEvent *ev) {
  kk_UiBrowse *b = &ui->br;
  int ctrl = (ev->mods & KK_MOD_CTRL) != 0, alt = (ev->mods & KK_MOD_ALT) != 0;
  int shift = (ev->mods & KK_MOD_SHIFT) != 0;
  uint32_t ch = ev->key == KK_KEY_CHAR ? ev->ch : 0;
  if (b->due_mode) return due_key(ui, ev);
  if (ev->kind == KK_EV_KEY && ctrl && shift && ch == 'd' && b->n) {
    b->due_mode = 1;
    memset(&b->days, 0, sizeof b->days);
    return KK_UIF_REDRAW;
  }
  if (ev->kind == KK_EV_KEY && ctrl) {
    if (ch == 'z') return undo(ui);
    if (ch == 'j') return act(ui, KK_STORE_ACTION_SUSPEND);
    if (ch == 'b') return act(ui, KK_STORE_ACTION_BURY);
    if (ch == 'n' && alt) return act(ui, KK_STORE_ACTION_FORGET);
    if (ch == 'a') {
      for (long i = 0; b->sel && i < b->n; i++) b->sel[i] = 1;
      return KK_UIF_REDRAW;
    }
    if (ch >= '1' && ch <= '9') return sort_by(ui, (int)(ch - '1'));
    if (ev->key == KK_KEY_HOME) return move_to(ui, 0, shift);
    if (ev->key == KK_KEY_END) return move_to(ui, b->n - 1, shift);
  }
  if (ev->kind == KK_EV_KEY && !b->q.comp[0]) {
    switch (ev->key) {
    case KK_KEY_ESCAPE:
      if (b->q.len) {
        b->q.len = b->q.caret = 0;
        b->q.buf[0] = '\0';
        refresh(ui, 0);
      } else {
        kk_ui_go(ui, ui->d.active ? KK_UI_DRILL : KK_UI_HOME);
      }
      return KK_UIF_REDRAW;
    case KK_KEY_ENTER:
      if (b->cursor >= 0 && b->cursor < b->n)
        return kk_ui_cardinfo_open(ui, &b->rows[b->cursor].item);
      return 0;
    case KK_KEY_UP: return move_to(ui, b->cursor - 1, shift);
    case KK_KEY_DOWN: return move_to(ui, b->cursor + 1, shift);
    case KK_KEY_PAGEUP: return move_to(ui, b->cursor - page(ui), shift);
    case KK_KEY_PAGEDOWN: return move_to(ui, b->cursor + page(ui), shift);
    default: break;
    }
  }
  int r = kk_ui_field_event(&b->q, ev);
  if (r == 1) refresh(ui, 0);
  return r ? KK_UIF_REDRAW : 0;
}

static unsigned browse_click_(kk_Ui *ui, int id, int arg) {
  kk_UiBrowse *b = &ui->br;
  switch (id) {
  case HIT_BROWSE_COL: return sort_by(ui, arg);
  case HIT_BROWSE_ACT:
    if (arg == KK_STORE_ACTION_SET_DUE) {
      b->due_mode = b->n > 0;
      memset(&b->days, 0, sizeof b->days);
      return KK_UIF_REDRAW;
    }
    return arg ? act(ui, arg) : undo(ui);
  case HIT_CARDINFO:
    if (b->cursor >= 0 && b->cursor < b->n)
      return kk_ui_cardinfo_open(ui, &b->rows[b->cursor].item);
    return 0;
  case HIT_BROWSE_ROW:
    if (arg < 0 || arg >= b->n) return 0;
    if (ui->click_mods & KK_MOD_CTRL) {
      if (b->sel) b->sel[arg] = !b->sel[arg];
      b->cursor = b->anchor = arg;
      return KK_UIF_REDRAW;
    }
    return move_to(ui, arg, (ui->click_mods & KK_MOD_SHIFT) != 0);
  default: return 0;
  }
}

static unsigned browse_key(kk_Ui *ui, const kk_UiEvent *ev) {
  unsigned f = browse_key_(ui, ev);
  remember(&ui->br); /* the rows are still valid: the next screen has not run */
  return f;
}

static unsigned browse_click(kk_Ui *ui, int id, int arg) {
  unsigned f = browse_click_(ui, id, arg);
  remember(&ui->br);
  return f;
}

static unsigned browse_wheel(kk_Ui *ui, int dy) {
  int rh = ui->br.row_h > 0 ? ui->br.row_h : 1;
  return kk_ui_scroll_by(&ui->br.scroll, dy > 0 ? -3 * rh : 3 * rh) ? KK_UIF_REDRAW : 0;
}

/* ---- drawing ------------------------------------------------------------------- */

static const char *col_name(int c) {
  switch (c) {
  case KK_UI_COL_DECK: return _("Deck");
  case KK_UI_COL_TYPE: return _("Type");
  case KK_UI_COL_QUESTION: return _("Question");
  case KK_UI_COL_STATE: return _("State");
  case KK_UI_COL_DUE: return _("Due");
  case KK_UI_COL_INTERVAL: return _("Interval");
  case KK_UI_COL_STABILITY: return _("Stability");
  case KK_UI_COL_RECALL: return _("Recall");
  default: return _("Lapses");
  }
}

static kk_Color state_color(const kk_UiTheme *th, const char *s) {
  if (strcmp(s, "new") == 0) return th->new_c;
  if (strcmp(s, "learning") == 0 || strcmp(s, "relearning") == 0) return th->learn_c;
  if (strcmp(s, "review") == 0) return th->due_c;
  if (strcmp(s, "leech") == 0) return th->bad;
  return th->muted;
}

static int text_w(kk_Ui *ui, int px, int style, const char *s) {
  return kk_ui_text_w(ui, style & KK_TEXT_BOLD ? -px : px, s, strlen(s)); /* bold as bold */
}

/* Column edges.  Every column but the deck and the question is as wide as
** its header (with room for the sort arrow) or its widest value, measured
** in the interface language, so that figures, dates and states are never
** cut off; the deck and the question share what is left (3 : 7) and are
** shortened with an ellipsis when they do not fit. */
static void col_x(kk_Ui *ui, int x, int w, int hpx, int px, int xs[KK_UI_NCOLS + 1]) {
  static const char *const states[] = {"new",       "learning", "relearning", "review",
                                       "suspended", "buried",   "leech"};
  static const char *const types[] = {"basic",     "cloze",   "typed", "choice",
                                      "truefalse", "numeric", "order"};
  int pad = kk_ui_sp(ui, 4), arrow = text_w(ui, hpx, KK_TEXT_BOLD, " \xE2\x96\xB2");
  int cw[KK_UI_NCOLS] = {0};
  char buf[32];
  for (int c = 0; c < KK_UI_NCOLS; c++) {
    if (c == KK_UI_COL_DECK || c == KK_UI_COL_QUESTION) continue;
    int m = text_w(ui, hpx, KK_TEXT_BOLD, col_name(c)) + arrow;
    int v = 0;
    switch (c) {
    case KK_UI_COL_TYPE:
      for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        int t = text_w(ui, px, 0, kk_ui_type_label(types[i]));
        if (t > v) v = t;
      }
      break;
    case KK_UI_COL_STATE:
      for (size_t i = 0; i < sizeof states / sizeof *states; i++) {
        int t = text_w(ui, px, KK_TEXT_BOLD, kk_ui_state_label(states[i]));
        if (t > v) v = t;
      }
      break;
    case KK_UI_COL_DUE: v = text_w(ui, px, 0, "0000-00-00"); break;
    case KK_UI_COL_INTERVAL:
    case KK_UI_COL_STABILITY:
      kk_sched_format_days(300.0, buf, sizeof buf); /* "9.9mo", the widest kind */
      v = text_w(ui, px, 0, buf);
      kk_sched_format_days(0.9, buf, sizeof buf); /* "21.6h" */
      if (text_w(ui, px, 0, buf) > v) v = text_w(ui, px, 0, buf);
      break;
    case KK_UI_COL_RECALL: v = text_w(ui, px, 0, "100%"); break;
    default: v = text_w(ui, px, 0, "000"); break;
    }
    cw[c] = (m > v ? m : v) + 2 * pad + 1;
  }
  int fixed = 0;
  for (int c = 0; c < KK_UI_NCOLS; c++) fixed += cw[c];
  int rest = w - fixed;
  if (rest < 0) rest = 0;
  cw[KK_UI_COL_DECK] = rest * 3 / 10;
  cw[KK_UI_COL_QUESTION] = rest - cw[KK_UI_COL_DECK];
  xs[0] = x;
  for (int c = 0; c < KK_UI_NCOLS; c++) xs[c + 1] = xs[c] + cw[c];
}

static void cell(kk_Ui *ui, const int *xs, int c, int y, int px, int style, kk_Color col,
                 const char *s) {
  int pad = kk_ui_sp(ui, 4);
  kk_ui_label(ui, xs[c] + pad, y, px, style, col, s, xs[c + 1] - xs[c] - 2 * pad);
}

static void draw_row(kk_Ui *ui, const kk_UiBrowseRow *r, long i, const int *xs, int y, int rh,
                     int w) {
  const kk_UiTheme *th = ui->th;
  const kk_UiBrowse *b = &ui->br;
  int px = kk_ui_px(ui, 13), ty = y + kk_ui_sp(ui, 3);
  kk_Rect rr = {xs[0], y, w, rh};
  int sel = b->sel && b->sel[i], over = kk_ui_hovered(ui, HIT_BROWSE_ROW, (int)i);
  if (sel || over) kk_draw_rect(ui->dl, rr, th->selection);
  if (i == b->cursor) kk_draw_frame(ui->dl, rr, th->accent, 1);
  kk_Color tc = strcmp(r->state, "suspended") == 0 ? th->muted : th->text;
  char buf[32];
  cell(ui, xs, KK_UI_COL_DECK, ty, px, 0, th->muted, r->deck);
  cell(ui, xs, KK_UI_COL_TYPE, ty, px, 0, th->muted, kk_ui_type_label(r->type));
  cell(ui, xs, KK_UI_COL_QUESTION, ty, px, 0, tc, r->question);
  cell(ui, xs, KK_UI_COL_STATE, ty, px, KK_TEXT_BOLD, state_color(th, r->state),
       kk_ui_state_label(r->state));
  if (r->studied) {
    cell(ui, xs, KK_UI_COL_DUE, ty, px, 0, tc, r->due);
    kk_sched_format_days(r->interval_days, buf, sizeof buf);
    cell(ui, xs, KK_UI_COL_INTERVAL, ty, px, 0, tc, buf);
    kk_sched_format_days(r->stability, buf, sizeof buf);
    cell(ui, xs, KK_UI_COL_STABILITY, ty, px, 0, tc, buf);
    snprintf(buf, sizeof buf, "%d%%", (int)(r->recall * 100 + 0.5));
    cell(ui, xs, KK_UI_COL_RECALL, ty, px, 0, r->recall < 0.8 ? th->bad : tc, buf);
  }
  snprintf(buf, sizeof buf, "%d", r->lapses);
  cell(ui, xs, KK_UI_COL_LAPSES, ty, px, 0, r->lapses ? th->warn : th->muted, buf);
  kk_ui_hit(ui, rr, HIT_BROWSE_ROW, (int)i);
}

static void browse_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  kk_UiBrowse *b = &ui->br;
  char title[96];
  snprintf(title, sizeof title,
           kk_ui_ngettext("Browse: %ld item", "Browse: %ld items", (unsigned long)b->n), b->n);
  int top = kk_ui_top_bar(ui, title);
  int m = kk_ui_sp(ui, 12), pad = kk_ui_sp(ui, 6);
  int x = m, w = ui->w - 2 * m;
  if (w < 1) w = 1;
  int y = top + m;
  /* the search field */
  int fpx = kk_ui_px(ui, 15), fh = kk_ui_line_h(ui, fpx) + 2 * pad;
  if (b->due_mode) {
    /* the set-due prompt takes the search field's place */
    const char *ask = _("Due in how many days? (0: today; Enter sets it, Esc cancels)");
    int aw = kk_ui_text_w(ui, fpx, ask, strlen(ask));
    if (aw > w / 2) aw = w / 2;
    kk_ui_label(ui, x, y + pad, fpx, KK_TEXT_BOLD, th->text, ask, aw);
    kk_ui_field_draw(ui, (kk_Rect){x + aw + pad, y, w - aw - pad, fh}, &b->days, fpx, "");
  } else {
    kk_ui_field_draw(
        ui, (kk_Rect){x, y, w, fh}, &b->q, fpx,
        _("Search: words, \"a phrase\", tag:, deck:, is:due, prop:lapses>3, -not, or"));
  }
  kk_ui_hit(ui, (kk_Rect){x, y, w, fh}, HIT_FIELD, 0);
  y += fh + pad;
  int spx = kk_ui_px(ui, 12), slh = kk_ui_line_h(ui, spx);
  if (b->err[0]) {
    kk_ui_label(ui, x, y, spx, 0, th->bad, b->err, w);
    y += slh + pad;
  }
  /* the footer: actions and the selection count */
  int bpx = kk_ui_px(ui, 13), bh = kk_ui_line_h(ui, bpx) + 2 * pad;
  int fy = ui->h - m - bh;
  ui->footer_y = fy;
  static const struct {
    const char *label;
    int action;
  } acts[] = {{N_("Suspend"), KK_STORE_ACTION_SUSPEND},
              {N_("Bury"), KK_STORE_ACTION_BURY},
              {N_("Forget"), KK_STORE_ACTION_FORGET},
              {N_("Due date"), KK_STORE_ACTION_SET_DUE},
              {N_("Undo"), 0},
              {N_("Info"), -1}};
  int bx = x;
  for (size_t i = 0; i < sizeof acts / sizeof *acts; i++) {
    const char *l = _(acts[i].label);
    int bw = kk_ui_text_w(ui, bpx, l, strlen(l)) + 2 * kk_ui_sp(ui, 12);
    if (bx + bw > x + w) break;
    if (acts[i].action < 0)
      kk_ui_button_small(ui, (kk_Rect){bx, fy, bw, bh}, l, HIT_CARDINFO, 0);
    else
      kk_ui_button_small(ui, (kk_Rect){bx, fy, bw, bh}, l, HIT_BROWSE_ACT, acts[i].action);
    bx += bw + pad;
  }
  long k = nselected(b);
  if (k) {
    char sel[64];
    snprintf(sel, sizeof sel, kk_ui_ngettext("%ld selected", "%ld selected", (unsigned long)k), k);
    int sw = kk_ui_text_w(ui, spx, sel, strlen(sel));
    if (bx + sw + pad < x + w)
      kk_ui_label(ui, x + w - sw, fy + (bh - slh) / 2, spx, 0, th->muted, sel, sw);
  }
  /* the header */
  int xs[KK_UI_NCOLS + 1];
  int hpx = kk_ui_px(ui, 12), hh = kk_ui_line_h(ui, hpx) + 2 * kk_ui_sp(ui, 3);
  col_x(ui, x, w - kk_ui_sp(ui, 6), hpx, kk_ui_px(ui, 13), xs);
  kk_draw_rect(ui->dl, (kk_Rect){x, y, w, hh}, th->bar_bg);
  for (int c = 0; c < KK_UI_NCOLS; c++) {
    char lab[64];
    snprintf(lab, sizeof lab, "%s%s", col_name(c),
             (int)b->sort == c ? (b->desc ? " \xE2\x96\xBC" : " \xE2\x96\xB2") : "");
    cell(ui, xs, c, y + kk_ui_sp(ui, 3), hpx, KK_TEXT_BOLD,
         (int)b->sort == c ? th->accent : th->text, lab);
    kk_ui_hit(ui, (kk_Rect){xs[c], y, xs[c + 1] - xs[c], hh}, HIT_BROWSE_COL, c);
  }
  y += hh;
  /* the rows: only those in view are laid out */
  int rh = kk_ui_line_h(ui, kk_ui_px(ui, 13)) + 2 * kk_ui_sp(ui, 3);
  b->row_h = rh;
  kk_Rect view = {x, y, w, fy - pad - y};
  if (view.h < rh) view.h = rh;
  b->scroll.view_h = view.h;
  b->scroll.content_h = (int)(b->n * rh);
  if (b->n && b->reveal)
    kk_ui_scroll_reveal(&b->scroll, (int)(b->cursor * rh), (int)((b->cursor + 1) * rh));
  b->reveal = 0;
  kk_ui_scroll_clamp(&b->scroll);
  kk_draw_rect(ui->dl, view, th->panel);
  kk_draw_clip(ui->dl, view);
  long first = b->scroll.pos / rh;
  for (long i = first; i < b->n; i++) {
    int ry = view.y + (int)(i * rh) - b->scroll.pos;
    if (ry >= view.y + view.h) break;
    draw_row(ui, &b->rows[i], i, xs, ry, rh, w - kk_ui_sp(ui, 6));
  }
  if (!b->n && !b->err[0])
    kk_ui_label(ui, x + pad, view.y + pad, kk_ui_px(ui, 14), 0, th->muted,
                b->q.len ? _("No item matches the search.") : _("No study items loaded."),
                w - 2 * pad);
  kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
  kk_draw_frame(ui->dl, view, th->border, 1);
  kk_ui_scrollbar(ui, view, &b->scroll);
}

const kk_UiScreenOps kk_ui_browse_screen = {browse_enter, browse_key, browse_click, browse_wheel,
                                            browse_draw};
