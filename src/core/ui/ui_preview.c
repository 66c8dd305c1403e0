/*
** ui_preview.c -- the author preview: pages through every study item of
** one deck, question and answer side, drawn by the same code as the drill,
** with the deck's lint problems (path:line:col) listed below.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/deck/ruby.h"
#include "core/ui/ui_int.h"

static size_t ncards(const kk_Ui *ui) {
  return ui->cfg.preview_deck ? kk_deck_card_count(ui->cfg.preview_deck) : 0;
}

/* Scrolls the problem list to start at entry s, kept within the list
** (its last entry stays in view). */
static unsigned scroll_problems(kk_Ui *ui, int s) {
  int nd = ui->cfg.preview_diags ? (int)ui->cfg.preview_diags->n : 0;
  if (s > nd - 1) s = nd - 1;
  if (s < 0) s = 0;
  if (s == ui->pv_scroll) return 0;
  ui->pv_scroll = s;
  return KK_UIF_REDRAW;
}

/* One lint problem, path:line:col: error: message (the prefix editors
** parse stays untranslated), wrapped in a column w wide; drawn if draw.
** Returns its height. */
static int problem(kk_Ui *ui, const kk_Diag *g, const char *path, char *buf, size_t size, int x,
                   int y, int w, int draw) {
  snprintf(buf, size, "%s:%d:%d: %s: %s", g->path ? g->path : path, g->line, g->col,
           g->sev == KK_SEV_ERROR ? "error" : "warning", g->msg ? g->msg : "");
  const kk_UiTheme *th = ui->th;
  kk_UiSpan sp = {
      buf, strlen(buf), g->sev == KK_SEV_ERROR ? th->bad : th->warn, kk_ui_px(ui, 13), 0, 0,
      0,   {0, 0, 0, 0}};
  int h = kk_ui_para(ui, &sp, 1, x, y, w, KK_UI_ALIGN_LEFT, draw);
  return h > 0 ? h : kk_ui_line_h(ui, sp.px);
}

static unsigned step(kk_Ui *ui, int dir) {
  size_t n = ncards(ui);
  if (!n) return 0;
  const kk_Card *c = kk_deck_card(ui->cfg.preview_deck, ui->pv_card);
  size_t items = kk_card_item_count(c);
  if (dir > 0) {
    if (ui->pv_item + 1 < items)
      ui->pv_item++;
    else if (ui->pv_card + 1 < n)
      ui->pv_card++, ui->pv_item = 0;
    else
      return 0;
  } else {
    if (ui->pv_item > 0)
      ui->pv_item--;
    else if (ui->pv_card > 0) {
      ui->pv_card--;
      size_t k = kk_card_item_count(kk_deck_card(ui->cfg.preview_deck, ui->pv_card));
      ui->pv_item = k ? k - 1 : 0;
    } else
      return 0;
  }
  ui->pv_answer = 0;
  return KK_UIF_REDRAW;
}

static unsigned preview_key(kk_Ui *ui, const kk_UiEvent *ev) {
  uint32_t ch = ev->key == KK_KEY_CHAR && !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT)) ? ev->ch : 0;
  size_t n = ncards(ui);
  switch (ev->key) {
  case KK_KEY_RIGHT:
  case KK_KEY_PAGEDOWN: return step(ui, 1);
  case KK_KEY_LEFT:
  case KK_KEY_PAGEUP: return step(ui, -1);
  case KK_KEY_SPACE:
  case KK_KEY_ENTER: ui->pv_answer = !ui->pv_answer; return KK_UIF_REDRAW;
  case KK_KEY_HOME:
    ui->pv_card = ui->pv_item = 0;
    ui->pv_answer = 0;
    return KK_UIF_REDRAW;
  case KK_KEY_END:
    if (n) ui->pv_card = n - 1, ui->pv_item = 0, ui->pv_answer = 0;
    return KK_UIF_REDRAW;
  case KK_KEY_DOWN: return scroll_problems(ui, ui->pv_scroll + 1);
  case KK_KEY_UP: return scroll_problems(ui, ui->pv_scroll - 1);
  case KK_KEY_ESCAPE:
    if (ui->cfg.ndecks || ui->cfg.nbad_decks) {
      kk_ui_go(ui, KK_UI_HOME);
      return KK_UIF_REDRAW;
    }
    return 0;
  default: break;
  }
  if (ch == 'n') return step(ui, 1);
  if (ch == 'p') return step(ui, -1);
  return 0;
}

static unsigned preview_click(kk_Ui *ui, int id, int arg) {
  if (id == HIT_NEXT) return step(ui, 1);
  if (id == HIT_PREV) return step(ui, -1);
  if (id == HIT_FLIP || id == HIT_REVEAL) {
    ui->pv_answer = !ui->pv_answer;
    return KK_UIF_REDRAW;
  }
  return 0;
}

/* A drill state showing the card as answered correctly (answer side) or
** untouched (question side). */
static void fake_drill(kk_Ui *ui, const kk_Card *c, kk_UiDrill *d, char *buf, size_t size) {
  memset(d, 0, sizeof *d);
  d->it.card = c;
  d->it.item = ui->pv_item;
  d->phase = ui->pv_answer ? KK_DRILL_ANSWERED : KK_DRILL_ASK;
  d->chosen = -1;
  d->tf_answer = -1;
  d->correct = -1;
  d->norder = c->nitems < KK_DECK_MAX_ORDER_ITEMS ? c->nitems : KK_DECK_MAX_ORDER_ITEMS;
  for (size_t i = 0; i < d->norder; i++) d->order[i] = i;
  buf[0] = '\0';
  d->buf = buf;
  d->cap = size;
  if (!ui->pv_answer) return;
  switch (c->type) {
  case KK_CARD_CHOICE:
    for (size_t i = 0; i < c->noptions && i < KK_UI_MAX_OPTIONS; i++)
      if (c->options[i].correct) d->picked |= 1u << i;
    d->correct = 1;
    break;
  case KK_CARD_TYPED: {
    char *s = NULL;
    if (c->nanswers && kk_ruby_plain(c->answers[0], strlen(c->answers[0]), &s, NULL) != KK_OK)
      s = NULL;
    snprintf(buf, size, "%s", s ? s : "");
    kk_free(s);
    d->len = d->caret = strlen(buf);
    d->correct = 1;
    break;
  }
  case KK_CARD_NUMERIC:
    snprintf(buf, size, "%g", c->value);
    d->len = d->caret = strlen(buf);
    d->correct = 1;
    break;
  case KK_CARD_TRUEFALSE:
    d->tf_answer = c->truth != 0;
    d->correct = 1;
    break;
  case KK_CARD_ORDER: d->correct = 1; break;
  default: break;
  }
}

static void preview_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  char title[300];
  const char *path = ui->cfg.preview_path ? ui->cfg.preview_path : "";
  snprintf(title, sizeof title, _("Preview: %s"),
           ui->cfg.preview_deck ? kk_deck_title(ui->cfg.preview_deck) : path);
  if (ui->cfg.preview_deck) ui->lang = kk_deck_language(ui->cfg.preview_deck);
  int top = kk_ui_top_bar(ui, title);
  int m = kk_ui_sp(ui, 16), spx = kk_ui_px(ui, 13), slh = kk_ui_line_h(ui, spx);
  const kk_Diags *dg = ui->cfg.preview_diags;
  size_t nd = dg ? dg->n : 0;
  int n = (int)ncards(ui);
  /* problems panel at the bottom: up to a third of the window, or all of
  ** it below the message when there is no card to show */
  int ph = 0;
  char buf[600];
  if (nd) {
    int most =
        n ? ui->h / 3 : ui->h - top - 2 * kk_ui_sp(ui, 8) - kk_ui_line_h(ui, kk_ui_px(ui, 16)) - m;
    ph = slh + 2 * kk_ui_sp(ui, 8);
    for (size_t i = 0; i < nd && ph <= most; i++)
      ph += problem(ui, &dg->items[i], path, buf, sizeof buf, m, 0, ui->w - 2 * m, 0);
    if (ph > most) ph = most > slh ? most : slh;
  }
  int y = top + kk_ui_sp(ui, 8);
  /* navigation row */
  int bh = kk_ui_line_h(ui, kk_ui_px(ui, 15)) + kk_ui_sp(ui, 10);
  int bw = kk_ui_sp(ui, 90);
  if (n) {
    const kk_Card *c = kk_deck_card(ui->cfg.preview_deck, ui->pv_card);
    kk_ui_button(ui, (kk_Rect){m, y, bw, bh}, _("\xE2\x97\x80 Prev"), NULL, 0, HIT_PREV, 0);
    kk_ui_button(ui, (kk_Rect){m + bw + kk_ui_sp(ui, 6), y, bw, bh}, _("Next \xE2\x96\xB6"), NULL,
                 0, HIT_NEXT, 0);
    kk_ui_button(ui, (kk_Rect){m + 2 * (bw + kk_ui_sp(ui, 6)), y, bw, bh},
                 ui->pv_answer ? _("Question") : _("Answer"), NULL, 1, HIT_FLIP, 0);
    snprintf(buf, sizeof buf, _("card %zu of %d \xC2\xB7 %s \xC2\xB7 %s \xC2\xB7 line %d"),
             ui->pv_card + 1, n, c->id ? c->id : "", kk_ui_type_label(kk_card_type_name(c->type)),
             c->line);
    if (kk_card_item_count(c) > 1) {
      size_t o = strlen(buf);
      snprintf(buf + o, sizeof buf - o, _(" \xC2\xB7 item %zu of %zu"), ui->pv_item + 1,
               kk_card_item_count(c));
    }
    /* beside the buttons, or wrapped on lines of its own below them when
    ** it does not fit there (a narrow window, a long translation) */
    int lx = m + 3 * (bw + kk_ui_sp(ui, 6)) + kk_ui_sp(ui, 6);
    if (lx + kk_ui_text_w(ui, spx, buf, strlen(buf)) <= ui->w - m) {
      kk_ui_label(ui, lx, y + (bh - slh) / 2, spx, 0, th->muted, buf, ui->w - m - lx);
      y += bh + m;
    } else {
      y += bh + kk_ui_sp(ui, 6);
      kk_UiSpan sp = {buf, strlen(buf), th->muted, spx, 0, 0, 0, {0, 0, 0, 0}};
      int h = kk_ui_para(ui, &sp, 1, m, y, ui->w - 2 * m, KK_UI_ALIGN_LEFT, 1);
      y += (h > 0 ? h : slh) + m;
    }
    int qm = kk_ui_px(ui, 24) > m ? kk_ui_px(ui, 24) : m; /* room for hanging 。、 */
    int cw = ui->w - 2 * qm, maxw = kk_ui_sp(ui, 720);
    if (cw > maxw) cw = maxw;
    if (cw < 1) cw = 1;
    kk_UiDrill d;
    char field[512];
    fake_drill(ui, c, &d, field, sizeof field);
    kk_Rect area = {(ui->w - cw) / 2, y, cw, ui->h - y - ph - m};
    if (area.h < 1) area.h = 1;
    kk_draw_clip(ui->dl, (kk_Rect){0, area.y, ui->w, area.h});
    size_t hits = ui->nhits;
    kk_ui_card_draw(ui, &d, area, NULL);
    ui->nhits = hits; /* the preview's card is not clickable */
    kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
  } else {
    kk_ui_label(ui, m, y, kk_ui_px(ui, 16), 0, nd ? th->bad : th->muted,
                nd ? _("The deck did not load: see the problems below.")
                   : _("The deck has no cards."),
                ui->w - 2 * m);
  }
  if (nd) {
    kk_Rect p = {0, ui->h - ph, ui->w, ph};
    kk_draw_rect(ui->dl, p, th->panel);
    kk_draw_line(ui->dl, 0, p.y, ui->w, p.y, th->border);
    kk_draw_clip(ui->dl, p);
    int py = p.y + kk_ui_sp(ui, 8);
    kk_diags_count_text(dg, buf, sizeof buf);
    kk_ui_label(ui, m, py, spx, KK_TEXT_BOLD, dg->nerrors ? th->bad : th->warn, buf, ui->w - 2 * m);
    py += slh;
    size_t first = (size_t)ui->pv_scroll < nd ? (size_t)ui->pv_scroll : nd - 1;
    for (size_t i = first; i < nd && py < ui->h; i++)
      py += problem(ui, &dg->items[i], path, buf, sizeof buf, m, py, ui->w - 2 * m, 1);
    kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
  }
}

static unsigned preview_wheel(kk_Ui *ui, int dy) {
  return scroll_problems(ui, ui->pv_scroll + (dy > 0 ? -3 : 3));
}

const kk_UiScreenOps kk_ui_preview_screen = {NULL, preview_key, preview_click, preview_wheel,
                                             preview_draw};

void kk_ui_set_preview(kk_Ui *ui, const kk_Deck *deck, const kk_Diags *diags) {
  ui->cfg.preview_deck = deck;
  ui->cfg.preview_diags = diags;
  /* a reload keeps the page when the card is still there */
  size_t n = deck ? kk_deck_card_count(deck) : 0;
  if (ui->pv_card >= n) ui->pv_card = n ? n - 1 : 0, ui->pv_item = 0;
  if (n && ui->pv_item >= kk_card_item_count(kk_deck_card(deck, ui->pv_card))) ui->pv_item = 0;
}
