/*
** ui_card.c -- one card drawn as students see it, question or answer
** side, for every card type: used by the drill and by the author preview.
** The student's input (typed text, IME composition, picks, order) comes
** from the kk_UiDrill passed in.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/deck/cloze.h"
#include "core/deck/ruby.h"
#include "core/deck/text.h"
#include "core/ui/ui_int.h"

static kk_UiSpan span(const char *s, kk_Color c, int px, int style) {
  kk_UiSpan sp = {s ? s : "", s ? strlen(s) : 0, c, px, style, 1, 0, {0, 0, 0, 0}};
  return sp;
}

static int para(kk_Ui *ui, const char *s, kk_Color c, int px, int style, int x, int y, int w) {
  kk_UiSpan sp = span(s, c, px, style);
  int h = kk_ui_para(ui, &sp, 1, x, y, w, KK_UI_ALIGN_LEFT, 1);
  return h > 0 ? h : 0;
}

const char *kk_ui_grade_name(int grade) {
  switch (grade) {
  case 1: return kk_pgettext("grade", "Again");
  case 2: return kk_pgettext("grade", "Hard");
  case 3: return kk_pgettext("grade", "Good");
  default: return kk_pgettext("grade", "Easy");
  }
}

static const char *type_label(const kk_UiDrill *d) {
  switch (d->it.card->type) {
  case KK_CARD_BASIC: return _("Card");
  case KK_CARD_REVERSED:
    return kk_card_item_reversed(d->it.card, d->it.item) ? _("Card (reversed)") : _("Card");
  case KK_CARD_CLOZE: return _("Fill the blank");
  case KK_CARD_CHOICE:
    return d->it.card->ncorrect > 1 ? _("Choose all that apply") : _("Choose one");
  case KK_CARD_TYPED: return _("Type the answer");
  case KK_CARD_NUMERIC: return _("Type a number");
  case KK_CARD_TRUEFALSE: return _("True or false?");
  case KK_CARD_ORDER: return _("Arrange in order");
  default: return "";
  }
}

/* ---- cloze ---------------------------------------------------------------------- */

static int draw_cloze(kk_Ui *ui, const kk_UiDrill *d, int x, int y, int w, int px) {
  const kk_UiTheme *th = ui->th;
  const kk_Card *c = d->it.card;
  int ord = kk_card_item_cloze(c, d->it.item);
  int rev = d->phase == KK_DRILL_ANSWERED;
  enum { CAP = 2 * KK_CLOZE_MAX_SPANS + 1 }; /* text, blank, text, ... */
  kk_UiClozePiece *pc = kk_malloc(CAP * sizeof *pc);
  kk_UiSpan *sp = kk_malloc(CAP * sizeof *sp);
  char blanks[1024];
  size_t bo = 0;
  if (!pc || !sp) {
    kk_free(pc);
    kk_free(sp);
    return 0;
  }
  size_t n = kk_ui_cloze_split(c->front ? c->front : "", ord, rev, pc, CAP);
  for (size_t i = 0; i < n; i++) {
    sp[i] = (kk_UiSpan){pc[i].s, pc[i].len, th->text, px, 0, 1, 0, {0, 0, 0, 0}};
    if (pc[i].kind == 1) {
      /* the blank: "[...]" or "[hint]"; drawn literally (no furigana) */
      sp[i].ruby = 0;
      int k = pc[i].len
                  ? snprintf(blanks + bo, sizeof blanks - bo, "[%.*s]", (int)pc[i].len, pc[i].s)
                  : snprintf(blanks + bo, sizeof blanks - bo, "[\xE2\x80\xA6]");
      if (k < 0 || (size_t)k >= sizeof blanks - bo) k = 0;
      sp[i].s = blanks + bo;
      sp[i].len = (size_t)k;
      bo += (size_t)k;
      sp[i].color = th->accent;
      sp[i].style = KK_TEXT_BOLD;
      sp[i].bg = 1;
      sp[i].bg_color = th->selection;
    } else if (pc[i].kind == 2) {
      sp[i].color = th->accent;
      sp[i].style = KK_TEXT_BOLD | KK_TEXT_UNDERLINE;
      sp[i].bg = 1;
      sp[i].bg_color = th->selection;
    }
  }
  int h = kk_ui_para(ui, sp, n, x, y, w, KK_UI_ALIGN_LEFT, 1);
  kk_free(pc);
  kk_free(sp);
  return h > 0 ? h : 0;
}

/* ---- text field ------------------------------------------------------------------ */

static int draw_field(kk_Ui *ui, const kk_UiDrill *d, int x, int y, int w, int px) {
  const kk_UiTheme *th = ui->th;
  const kk_Card *c = d->it.card;
  int pad = kk_ui_sp(ui, 8), lh = kk_ui_line_h(ui, px);
  int uw = 0;
  if (c->type == KK_CARD_NUMERIC && c->unit)
    uw = kk_ui_text_w(ui, px, c->unit, strlen(c->unit)) + pad;
  if (c->type == KK_CARD_NUMERIC && w > kk_ui_sp(ui, 260) + uw) w = kk_ui_sp(ui, 260) + uw;
  int fw = w - uw;
  if (fw < 2 * pad + 1) fw = 2 * pad + 1;
  kk_Rect f = {x, y, fw, lh + 2 * pad};
  kk_draw_rect(ui->dl, f, th->panel);
  kk_draw_frame(ui->dl, f, th->accent, 2);
  kk_ui_hit(ui, f, HIT_FIELD, 0);
  if (uw) kk_ui_label(ui, x + fw + pad, y + pad, px, 0, th->muted, c->unit, uw);
  const char *b = d->buf ? d->buf : "";
  int w1 = kk_ui_text_w(ui, px, b, d->caret);
  int wc = kk_ui_text_w(ui, px, d->comp, strlen(d->comp));
  /* caret inside the composition */
  int wcc = 0;
  {
    size_t n = strlen(d->comp);
    size_t i = kk_utf8_col_to_off(d->comp, n, d->comp_cursor > 0 ? (size_t)d->comp_cursor : 0);
    wcc = kk_ui_text_w(ui, px, d->comp, i);
  }
  int inner = fw - 2 * pad;
  int caret_x = w1 + (d->comp[0] ? wcc : 0);
  int shift = caret_x > inner - 2 ? caret_x - inner + 2 : 0;
  int tx = x + pad - shift, ty = y + pad;
  kk_draw_clip(ui->dl, (kk_Rect){x + pad, y, inner, f.h});
  if (d->caret) {
    size_t before = ui->dl->n;
    kk_draw_text(ui->dl, tx, ty, px, 0, th->text, b, d->caret);
    if (ui->dl->n > before)
      ui->dl->cmds[ui->dl->n - 1].r.w = w1, ui->dl->cmds[ui->dl->n - 1].r.h = lh;
  }
  if (d->comp[0]) {
    size_t before = ui->dl->n;
    kk_draw_text(ui->dl, tx + w1, ty, px, KK_TEXT_UNDERLINE, th->accent, d->comp, strlen(d->comp));
    if (ui->dl->n > before)
      ui->dl->cmds[ui->dl->n - 1].r.w = wc, ui->dl->cmds[ui->dl->n - 1].r.h = lh;
  }
  if (d->caret < d->len) {
    size_t before = ui->dl->n;
    int w2 = kk_ui_text_w(ui, px, b + d->caret, d->len - d->caret);
    kk_draw_text(ui->dl, tx + w1 + wc, ty, px, 0, th->text, b + d->caret, d->len - d->caret);
    if (ui->dl->n > before)
      ui->dl->cmds[ui->dl->n - 1].r.w = w2, ui->dl->cmds[ui->dl->n - 1].r.h = lh;
  }
  int cx = tx + caret_x;
  if (d->phase == KK_DRILL_ASK)
    kk_draw_rect(ui->dl, (kk_Rect){cx, ty, kk_ui_sp(ui, 2) > 0 ? kk_ui_sp(ui, 2) : 1, lh},
                 th->text);
  kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
  if (d->phase == KK_DRILL_ASK)
    kk_draw_ime_rect(ui->dl, (kk_Rect){cx, ty, kk_ui_sp(ui, 2) + 1, lh});
  return f.h;
}

/* Typed vs expected, character by character (text.h's diff): what the
** student typed that is not expected is marked in the first row, what
** is missing in the second. */
static int draw_diff(kk_Ui *ui, const kk_UiDrill *d, int x, int y, int w, int px) {
  const kk_UiTheme *th = ui->th;
  const kk_Card *c = d->it.card;
  const char *typed = d->buf ? d->buf : "";
  size_t tlen = d->len;
  int spx = kk_ui_px(ui, 13), h = 0;
  /* compare with the accepted answer closest to what was typed */
  char *exp = NULL;
  size_t elen = 0, best = (size_t)-1;
  kk_TextDiff diff = {NULL, 0};
  for (size_t i = 0; i < c->nanswers; i++) {
    char *e = NULL;
    size_t el = 0;
    kk_TextDiff df = {NULL, 0};
    if (kk_ruby_plain(c->answers[i], strlen(c->answers[i]), &e, &el) != KK_OK) break;
    if (kk_text_diff(typed, tlen, e, el, &df) != KK_OK) {
      kk_free(e);
      break;
    }
    size_t bad = 0;
    for (size_t k = 0; k < df.n; k++) bad += df.runs[k].op != KK_DIFF_EQUAL ? df.runs[k].ncp : 0;
    if (bad < best) {
      best = bad;
      kk_free(exp);
      kk_text_diff_free(&diff);
      exp = e, elen = el, diff = df;
    } else {
      kk_free(e);
      kk_text_diff_free(&df);
    }
  }
  if (!exp) return 0;
  kk_UiSpan *sp = kk_malloc((diff.n + 1) * sizeof *sp);
  if (sp) {
    const char *heads[2] = {_("You typed"), _("Answer")};
    for (int row = 0; row < 2; row++) {
      kk_ui_label(ui, x, y + h, spx, 0, th->muted, heads[row], w);
      h += kk_ui_line_h(ui, spx);
      size_t n = 0;
      for (size_t k = 0; k < diff.n; k++) {
        const kk_DiffRun *r = &diff.runs[k];
        size_t off = row ? r->b_off : r->a_off, len = row ? r->b_len : r->a_len;
        if (!len) continue;
        int eq = r->op == KK_DIFF_EQUAL;
        /* accepted (kana, width or case folded): marked, but not as wrong */
        int ok = !eq && d->correct == 1;
        sp[n++] = (kk_UiSpan){(row ? exp : typed) + off,
                              len,
                              eq    ? th->text
                              : ok  ? th->warn
                              : row ? th->good
                                    : th->bad,
                              px,
                              eq   ? 0
                              : ok ? KK_TEXT_UNDERLINE
                                   : KK_TEXT_BOLD | KK_TEXT_UNDERLINE,
                              0,
                              !eq && !ok,
                              th->selection};
      }
      const char *none = _("(nothing)");
      if (!n) sp[n++] = (kk_UiSpan){none, strlen(none), th->muted, px, 0, 0, 0, {0, 0, 0, 0}};
      int ph = kk_ui_para(ui, sp, n, x, y + h, w, KK_UI_ALIGN_LEFT, 1);
      h += (ph > 0 ? ph : 0) + kk_ui_sp(ui, 6);
    }
    kk_free(sp);
  }
  if (c->nanswers > 1) {
    char buf[512];
    size_t o = (size_t)snprintf(buf, sizeof buf, _("Also accepted:"));
    for (size_t i = 0; i < c->nanswers && o < sizeof buf; i++)
      if (strcmp(c->answers[i], exp) != 0)
        o += (size_t)snprintf(buf + o, sizeof buf - o, " %s%s", c->answers[i],
                              i + 1 < c->nanswers ? "," : "");
    h += para(ui, buf, th->muted, spx, 0, x, y + h, w);
  }
  (void)elen;
  kk_free(exp);
  kk_text_diff_free(&diff);
  return h;
}

/* ---- choice and order rows --------------------------------------------------------- */

static int draw_options(kk_Ui *ui, const kk_UiDrill *d, int x, int y, int w, int px) {
  const kk_UiTheme *th = ui->th;
  const kk_Card *c = d->it.card;
  int pad = kk_ui_sp(ui, 8), gap = kk_ui_sp(ui, 6), h = 0;
  int ans = d->phase == KK_DRILL_ANSWERED;
  int nw = kk_ui_text_w(ui, px, "00", 2) + 2 * pad;
  for (size_t row = 0; row < c->noptions; row++) {
    size_t i = d->nopt && row < d->nopt ? d->opt[row] : row; /* shuffled */
    const kk_Option *o = &c->options[i];
    int picked = i < 32 && ((d->picked >> i) & 1u);
    kk_UiSpan sp = span(o->text, th->text, px, 0);
    int tw = w - nw - pad;
    if (tw < 1) tw = 1;
    int th_ = kk_ui_para(ui, &sp, 1, 0, 0, tw, KK_UI_ALIGN_LEFT, 0);
    const char *fb = ans && picked && o->feedback ? o->feedback : NULL;
    int spx = kk_ui_px(ui, 13);
    kk_UiSpan fsp = span(fb, th->muted, spx, 0);
    int fh = fb ? kk_ui_para(ui, &fsp, 1, 0, 0, tw, KK_UI_ALIGN_LEFT, 0) : 0;
    kk_Rect r = {x, y + h, w, (th_ > 0 ? th_ : 0) + (fh > 0 ? fh : 0) + 2 * pad};
    kk_Color bg = th->panel, fr = th->border;
    int thick = 1;
    if (!ans && ((int)row == d->cursor || kk_ui_hovered(ui, HIT_OPTION, (int)row)))
      bg = th->selection;
    if (!ans && picked) fr = th->accent, thick = 2;
    if (ans && o->correct)
      fr = th->good, thick = 3;
    else if (ans && picked)
      fr = th->bad, thick = 3;
    kk_draw_rect(ui->dl, r, bg);
    kk_draw_frame(ui->dl, r, fr, thick);
    kk_ui_hit(ui, r, HIT_OPTION, (int)row);
    char num[32];
    if (ans && o->correct)
      snprintf(num, sizeof num, "\xE2\x9C\x93");
    else if (ans && picked)
      snprintf(num, sizeof num, "\xE2\x9C\x97");
    else
      snprintf(num, sizeof num, "%zu", row + 1);
    kk_ui_label(ui, x + pad, r.y + pad, px, KK_TEXT_BOLD,
                ans ? (o->correct ? th->good
                       : picked   ? th->bad
                                  : th->muted)
                    : th->accent,
                num, nw - pad);
    kk_ui_para(ui, &sp, 1, x + nw, r.y + pad, tw, KK_UI_ALIGN_LEFT, 1);
    if (fb) kk_ui_para(ui, &fsp, 1, x + nw, r.y + pad + th_, tw, KK_UI_ALIGN_LEFT, 1);
    h += r.h + gap;
  }
  return h;
}

/* The answered order card: the student's order and the correct one side by
** side, row by row (one above the other when the column is narrow).  A
** row of the student's is green where its item belongs, red where not. */
static int draw_order_feedback(kk_Ui *ui, const kk_UiDrill *d, int x, int y, int w, int px) {
  const kk_UiTheme *th = ui->th;
  const kk_Card *c = d->it.card;
  int pad = kk_ui_sp(ui, 8), gap = kk_ui_sp(ui, 6), spx = kk_ui_px(ui, 13);
  int slh = kk_ui_line_h(ui, spx), h = 0;
  int nw = kk_ui_text_w(ui, px, "00", 2) + 2 * pad;
  int side = w >= kk_ui_sp(ui, 460);
  int cw = side ? (w - gap) / 2 : w;
  int tw = cw - nw - pad;
  if (tw < 1) tw = 1;
  const char *heads[2] = {_("Your order"), _("Correct order")};
  /* pass 0: the student's column (and, side by side, the correct one);
  ** pass 1: the correct column below, when stacked */
  for (int pass = 0; pass < (side ? 1 : 2); pass++) {
    if (pass) h += gap;
    for (int k = pass; k <= (side ? 1 : pass); k++)
      kk_ui_label(ui, x + (side ? k * (cw + gap) : 0), y + h, spx, KK_TEXT_BOLD, th->muted,
                  heads[k], cw);
    h += slh + kk_ui_sp(ui, 4);
    for (size_t row = 0; row < d->norder; row++) {
      size_t mine = d->order[row];
      kk_UiSpan sp[2] = {span(c->items[mine], th->text, px, 0),
                         span(c->items[row], th->text, px, 0)};
      int rh = 0;
      for (int k = pass; k <= (side ? 1 : pass); k++) {
        int ph = kk_ui_para(ui, &sp[k], 1, 0, 0, tw, KK_UI_ALIGN_LEFT, 0);
        if (ph > rh) rh = ph;
      }
      rh += 2 * pad;
      char num[24]; /* room for any size_t */
      snprintf(num, sizeof num, "%zu", row + 1);
      for (int k = pass; k <= (side ? 1 : pass); k++) {
        int kx = x + (side ? k * (cw + gap) : 0);
        kk_Rect r = {kx, y + h, cw, rh};
        kk_Color fr = k == 0 ? (mine == row ? th->good : th->bad) : th->border;
        kk_draw_rect(ui->dl, r, th->panel);
        kk_draw_frame(ui->dl, r, fr, k == 0 ? 2 : 1);
        kk_ui_label(ui, kx + pad, r.y + pad, px, KK_TEXT_BOLD, k == 0 ? fr : th->muted, num,
                    nw - pad);
        kk_ui_para(ui, &sp[k], 1, kx + nw, r.y + pad, tw, KK_UI_ALIGN_LEFT, 1);
      }
      h += rh + gap;
    }
  }
  return h;
}

/* The order card being answered: rows to move, with up/down buttons. */
static int draw_order(kk_Ui *ui, const kk_UiDrill *d, int x, int y, int w, int px) {
  const kk_UiTheme *th = ui->th;
  const kk_Card *c = d->it.card;
  int pad = kk_ui_sp(ui, 8), gap = kk_ui_sp(ui, 6), h = 0;
  if (d->phase == KK_DRILL_ANSWERED) return draw_order_feedback(ui, d, x, y, w, px);
  int nw = kk_ui_text_w(ui, px, "00", 2) + 2 * pad;
  int bw = kk_ui_line_h(ui, px) + pad;
  for (size_t row = 0; row < d->norder; row++) {
    size_t it = d->order[row];
    kk_UiSpan sp = span(c->items[it], th->text, px, 0);
    int tw = w - nw - 2 * bw - 2 * pad;
    if (tw < 1) tw = 1;
    int ph = kk_ui_para(ui, &sp, 1, 0, 0, tw, KK_UI_ALIGN_LEFT, 0);
    kk_Rect r = {x, y + h, w, (ph > 0 ? ph : 0) + 2 * pad};
    int sel = (int)row == d->cursor;
    int over = kk_ui_hovered(ui, HIT_ORDER_ROW, (int)row);
    kk_draw_rect(ui->dl, r, sel || over ? th->selection : th->panel);
    kk_draw_frame(ui->dl, r, sel ? th->accent : th->border, sel && d->grabbed ? 3 : 1);
    kk_ui_hit(ui, r, HIT_ORDER_ROW, (int)row);
    char num[24];
    snprintf(num, sizeof num, "%zu", row + 1);
    kk_ui_label(ui, x + pad, r.y + pad, px, KK_TEXT_BOLD, th->muted, num, nw - pad);
    kk_ui_para(ui, &sp, 1, x + nw, r.y + pad, tw, KK_UI_ALIGN_LEFT, 1);
    int bh = kk_ui_line_h(ui, px);
    kk_ui_button(ui, (kk_Rect){x + w - 2 * bw - pad, r.y + pad, bw, bh}, "\xE2\x96\xB2", NULL, 0,
                 HIT_ORDER_UP, (int)row);
    kk_ui_button(ui, (kk_Rect){x + w - bw - pad / 2, r.y + pad, bw, bh}, "\xE2\x96\xBC", NULL, 0,
                 HIT_ORDER_DOWN, (int)row);
    h += r.h + gap;
  }
  return h;
}

/* ---- the card ------------------------------------------------------------------- */

int kk_ui_card_draw(kk_Ui *ui, const kk_UiDrill *d, kk_Rect r, int *answer_y) {
  const kk_UiTheme *th = ui->th;
  const kk_Card *c = d->it.card;
  int qpx = kk_ui_px(ui, 24), bpx = kk_ui_px(ui, 18), spx = kk_ui_px(ui, 13);
  int gap = kk_ui_sp(ui, 14);
  int x = r.x, y = r.y, w = r.w;
  int ans = d->phase == KK_DRILL_ANSWERED;
  int ay = -1; /* where the answer starts */
  char buf[256];
  kk_ui_label(ui, x, y, spx, 0, th->muted, type_label(d), w);
  y += kk_ui_line_h(ui, spx) + kk_ui_sp(ui, 6);
  if (c->image_path) { /* a box the renderer fits the picture into */
    int ih = kk_ui_sp(ui, 220);
    if (ui->dl) kk_draw_image(ui->dl, (kk_Rect){x, y, w, ih}, c->image_path);
    y += ih + gap;
  }
  switch (c->type) {
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED: {
    int rev = kk_card_item_reversed(c, d->it.item);
    const char *q = rev ? c->back : c->front, *a = rev ? c->front : c->back;
    y += para(ui, q, th->text, qpx, 0, x, y, w);
    if (ans) {
      y += gap;
      ay = y;
      kk_draw_line(ui->dl, x, y, x + w, y, th->border);
      y += gap;
      y += para(ui, a, th->text, qpx, 0, x, y, w);
    }
    break;
  }
  case KK_CARD_CLOZE:
    ay = y; /* the answer is in the text */
    y += draw_cloze(ui, d, x, y, w, qpx);
    if (ans && c->back && *c->back) y += gap + para(ui, c->back, th->muted, bpx, 0, x, y + gap, w);
    break;
  case KK_CARD_CHOICE:
    y += para(ui, c->front, th->text, qpx, 0, x, y, w) + gap;
    ay = y; /* the options, marked right and wrong */
    y += draw_options(ui, d, x, y, w, bpx);
    break;
  case KK_CARD_TYPED:
  case KK_CARD_NUMERIC:
    y += para(ui, c->front, th->text, qpx, 0, x, y, w) + gap;
    ay = y;
    if (!ans)
      y += draw_field(ui, d, x, y, w, bpx);
    else if (c->type == KK_CARD_TYPED)
      y += draw_diff(ui, d, x, y, w, bpx);
    else {
      snprintf(buf, sizeof buf, _("You typed: %s"), d->len ? d->buf : _("(nothing)"));
      y += para(ui, buf, d->correct ? th->good : th->bad, bpx, 0, x, y, w);
      if (c->tolerance > 0)
        snprintf(buf, sizeof buf, _("Answer: %g%s%s (\xC2\xB1 %g)"), c->value, c->unit ? " " : "",
                 c->unit ? c->unit : "", c->tolerance);
      else
        snprintf(buf, sizeof buf, _("Answer: %g%s%s"), c->value, c->unit ? " " : "",
                 c->unit ? c->unit : "");
      y += para(ui, buf, th->text, bpx, KK_TEXT_BOLD, x, y, w);
    }
    break;
  case KK_CARD_TRUEFALSE: {
    y += para(ui, c->front, th->text, qpx, 0, x, y, w) + gap;
    ay = y;
    int bw = (w - gap) / 2, maxw = kk_ui_sp(ui, 200);
    if (bw > maxw) bw = maxw;
    if (bw < 1) bw = 1;
    int bh = kk_ui_line_h(ui, bpx) + kk_ui_sp(ui, 16);
    for (int v = 1; v >= 0; v--) {
      kk_Rect b = {x + (1 - v) * (bw + gap), y, bw, bh};
      kk_ui_button(ui, b, v ? _("True (T)") : _("False (F)"), NULL, 0, v ? HIT_TRUE : HIT_FALSE, 0);
      if (ans && v == (c->truth != 0))
        kk_draw_frame(ui->dl, b, th->good, 3);
      else if (ans && v == d->tf_answer)
        kk_draw_frame(ui->dl, b, th->bad, 3);
    }
    y += bh;
    break;
  }
  case KK_CARD_ORDER:
    y += para(ui, c->front, th->text, qpx, 0, x, y, w) + gap;
    if (!ans)
      y += para(ui,
                d->grabbed ? _("Moving: Up/Down, Space to put down")
                           : _("Up/Down select, Space picks up, Enter checks"),
                th->muted, spx, 0, x, y, w) +
           kk_ui_sp(ui, 4);
    ay = y;
    y += draw_order(ui, d, x, y, w, bpx);
    break;
  default: break;
  }
  if (ans) {
    y += gap;
    if (d->correct >= 0) {
      char tbuf[32];
      kk_ui_fmt_duration(d->answered_ms - d->shown_ms, tbuf, sizeof tbuf);
      int sg = d->suggested >= 1 && d->suggested <= 4 ? (int)d->suggested : 0;
      snprintf(buf, sizeof buf, "%s \xC2\xB7 %s%s%s", d->correct ? _("Correct") : _("Wrong"), tbuf,
               sg ? _(" \xC2\xB7 Enter: ") : "", sg ? kk_ui_grade_name(sg) : "");
      y += para(ui, buf, d->correct ? th->good : th->bad, bpx, KK_TEXT_BOLD, x, y, w) +
           kk_ui_sp(ui, 6);
    }
    if (d->script_differed)
      y += para(ui,
                _("Accepted, but you wrote it in the other kana (hiragana for katakana or "
                  "back)"),
                th->warn, spx, 0, x, y, w) +
           kk_ui_sp(ui, 6);
    if (c->explanation && *c->explanation)
      y += para(ui, c->explanation, th->text, bpx, 0, x, y, w) + kk_ui_sp(ui, 6);
    if (c->source.doc || c->source.section) {
      snprintf(buf, sizeof buf, _("Source: %s%s%s"), c->source.doc ? c->source.doc : "",
               c->source.section ? " \xC2\xA7 " : "", c->source.section ? c->source.section : "");
      y += para(ui, buf, th->muted, spx, 0, x, y, w);
    }
  }
  if (answer_y) *answer_y = ans && ay >= 0 ? ay - r.y : -1;
  return y - r.y;
}
