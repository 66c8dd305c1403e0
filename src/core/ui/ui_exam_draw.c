/*
** ui_exam_draw.c -- the exam screens drawn (see ui_exam.h): the start
** screen, the question between a fixed top bar (title, countdown,
** navigator) and footer with its content scrolled, the submit dialog and
** the results.  Built from the shared widgets (ui_int.h: buttons, list
** rows, wrapped text, scrolling, hit rectangles) in the trainer's theme
** and zoom; each screen's content is laid out once to measure it (to bound
** the scroll and bring the cursor row into view), then drawn.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/base/utf8.h"
#include "core/deck/cloze.h"
#include "core/exam/mark.h"
#include "core/ui/ui_exam_int.h"

static int S(const kk_ExamUi *u, int pt) { return kk_ui_sp(u->w, pt); }  /* spacing */
static int PX(const kk_ExamUi *u, int pt) { return kk_ui_px(u->w, pt); } /* font size */

static int text_w(kk_ExamUi *u, int px, const char *s) {
  return kk_ui_text_w(u->w, px, s, strlen(s));
}

static int line_h(kk_ExamUi *u, int px) { return kk_ui_line_h(u->w, px); }

/* One line of text, cut with an ellipsis at max_w (<= 0: no cut). */
static void label(kk_ExamUi *u, int x, int y, int px, int style, kk_Color c, const char *s,
                  int max_w) {
  kk_ui_label(u->w, x, y, px, style, c, s, max_w);
}

/* A wrapped paragraph; returns its height (measured only unless draw). */
static int wrap(kk_ExamUi *u, int x, int y, int w, int px, int style, kk_Color c, const char *s,
                int draw) {
  return kk_ui_wrap(u->w, s, c, px, style, x, y, w, draw);
}

/* The tail of s that fits in avail pixels at px (the caret end of a field). */
static const char *fit_tail(kk_ExamUi *u, int px, const char *s, int avail) {
  size_t len = strlen(s), at = len;
  int used = 0;
  while (at > 0) {
    size_t prev = kk_utf8_prev(s, len, at);
    int cw = kk_ui_text_w(u->w, px, s + prev, at - prev);
    if (used + cw > avail) break;
    used += cw;
    at = prev;
  }
  return s + at;
}

/* A one-line text field with the IME composition and the caret at the end;
** long text shows its end. */
static void field(kk_ExamUi *u, kk_Rect r, int px, const char *value, int focus) {
  const kk_UiTheme *th = u->w->th;
  int pad = S(u, 8), lh = line_h(u, px);
  kk_draw_rect(u->w->dl, r, th->panel);
  kk_draw_frame(u->w->dl, r, focus ? th->accent : th->border, focus ? 2 : 1);
  int ty = r.y + (r.h - lh) / 2;
  int avail = r.w - 2 * pad - S(u, 2);
  int cw = focus && u->comp[0] ? text_w(u, px, u->comp) : 0;
  const char *shown = fit_tail(u, px, value, avail - cw > 0 ? avail - cw : 0);
  label(u, r.x + pad, ty, px, 0, th->text, shown, 0);
  if (!focus) return;
  int cx = r.x + pad + text_w(u, px, shown);
  if (u->comp[0]) {
    label(u, cx, ty, px, KK_TEXT_UNDERLINE, th->accent, u->comp, r.x + r.w - pad - cx);
    cx += cw;
    if (cx > r.x + r.w - pad) cx = r.x + r.w - pad;
  }
  kk_draw_rect(u->w->dl, (kk_Rect){cx, ty, S(u, 2) > 0 ? S(u, 2) : 1, lh}, th->accent);
  kk_draw_ime_rect(u->w->dl, (kk_Rect){cx, r.y, S(u, 2), r.h});
}

/* Blocks clicks on rows scrolled under a fixed bar. */
static void cover(kk_ExamUi *u, kk_Rect r) {
  kk_draw_rect(u->w->dl, r, u->w->th->bg);
  kk_ui_hit(u->w, r, H_NONE, 0);
}

/* Content laid out by fn in the view (x, view.y) w wide, scrolled by
** u->scroll: measured first (to bound the scroll and bring the cursor row
** into view), then drawn clipped to the view, with a position bar. */
typedef int (*ContentFn)(kk_ExamUi *u, int x, int y, int w, int draw, int64_t now);

static void scrolled(kk_ExamUi *u, kk_Rect view, int x, int w, ContentFn fn, int64_t now) {
  u->view_h = view.h;
  u->cur_top = u->cur_bot = -1;
  u->content_h = fn(u, x, 0, w, 0, now);
  kk_UiScroll sc = {u->scroll, u->content_h, u->view_h};
  if (u->reveal && u->cur_top >= 0)
    kk_ui_scroll_reveal(&sc, u->cur_top - S(u, 8), u->cur_bot + S(u, 8));
  kk_ui_scroll_clamp(&sc);
  u->scroll = sc.pos;
  u->reveal = 0;
  kk_draw_clip(u->w->dl, view);
  fn(u, x, view.y - u->scroll, w, 1, now);
  kk_draw_clip(u->w->dl, (kk_Rect){0, 0, 0, 0});
  kk_ui_scrollbar(u->w, view, &sc);
}

/* ---- the start screen ---- */

static int start_content(kk_ExamUi *u, int m, int y0, int cw, int draw, int64_t now) {
  const kk_ExamSpec *s = u->spec;
  const kk_UiTheme *th = u->w->th;
  int y = y0 + S(u, 32);
  int px = PX(u, 18), lh = line_h(u, px), spx = PX(u, 15);
  (void)now;
  y += wrap(u, m, y, cw, PX(u, 28), KK_TEXT_BOLD, th->text, s->title, draw) + S(u, 16);
  if (s->instructions[0]) y += wrap(u, m, y, cw, px, 0, th->text, s->instructions, draw) + S(u, 12);
  char line[160];
  if (s->time_limit_ms)
    snprintf(line, sizeof line, _("Time limit: %lld minutes"),
             (long long)(s->time_limit_ms / 60000));
  else
    snprintf(line, sizeof line, _("No time limit"));
  if (draw) label(u, m, y, px, KK_TEXT_BOLD, th->text, line, cw);
  y += lh;
  int ext = u->number[0] ? kk_exam_spec_extension_min(s, u->number) : 0;
  if (ext) {
    snprintf(line, sizeof line, _("Extra time for %s: %d minutes"), u->number, ext);
    if (draw) label(u, m, y, px, 0, th->accent, line, cw);
    y += lh;
  }
  y += S(u, 20);
  const char *labels[2] = {_("Name"), _("Student number")};
  char *vals[2] = {u->name, u->number};
  for (int i = 0; i < 2; i++) {
    if (i == u->field) u->cur_top = y - y0; /* kept in view with Start below */
    if (draw) label(u, m, y, spx, 0, th->muted, labels[i], cw);
    y += line_h(u, spx);
    kk_Rect r = {m, y, cw < S(u, 480) ? cw : S(u, 480), lh + S(u, 12)};
    if (draw) {
      field(u, r, px, vals[i], u->field == i);
      kk_ui_hit(u->w, r, i ? H_NUMBER : H_NAME, 0);
    }
    y += r.h + S(u, 14);
  }
  int bw = cw < S(u, 200) ? cw : S(u, 200);
  if (draw)
    kk_ui_button(u->w, (kk_Rect){m, y, bw, S(u, 44)}, _("Start (Enter)"), NULL, 1, H_START, 0);
  y += S(u, 56);
  u->cur_bot = y - y0;
  if (u->msg[0]) y += wrap(u, m, y, cw, px, 0, th->bad, u->msg, draw);
  return y - y0 + S(u, 16);
}

static void draw_start(kk_ExamUi *u, int w, int h) {
  int m = S(u, 48);
  if (m > w / 10) m = w / 10;
  scrolled(u, (kk_Rect){0, 0, w, h}, m, w - 2 * m, start_content, 0);
}

/* ---- the question screen ---- */

/* Draws the countdown right-aligned at x_right; returns its width. */
static int countdown(kk_ExamUi *u, int x_right, int y, int64_t now) {
  const kk_UiTheme *th = u->w->th;
  int64_t left = kk_attempt_remaining_ms(u->a, now);
  char buf[64];
  int level = 0;
  if (left == INT64_MAX)
    snprintf(buf, sizeof buf, _("untimed"));
  else {
    int64_t s = (left + 999) / 1000;
    snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60),
             (long long)(s % 60));
    if (s < 3600)
      snprintf(buf, sizeof buf, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
    level = kk_exam_ui_warning_level(left);
  }
  int px = PX(u, 24);
  kk_Color c = level == 2 ? th->bad : level == 1 ? th->warn : th->text;
  int tw = text_w(u, px, buf);
  if (level) {
    kk_Rect r = {x_right - tw - S(u, 8), y - S(u, 3), tw + S(u, 16), line_h(u, px) + S(u, 6)};
    kk_draw_frame(u->w->dl, r, c, S(u, 2) > 0 ? S(u, 2) : 1);
  }
  label(u, x_right - tw, y, px, KK_TEXT_BOLD, c, buf, 0);
  return tw + (level ? S(u, 8) : 0);
}

static const char *hint_of(const kk_ExamUi *u, const kk_Card *c) {
  if (c->type == KK_CARD_CHOICE)
    return c->ncorrect > 1 ? _("Choose all that apply: 1-9, or Up/Down and Space, or click")
                           : _("Choose one: 1-9, or Up/Down and Space, or click");
  if (u->picked >= 0) return _("Moving: Up/Down, or click its place; Space puts it down");
  return _("Drag a row to its place, or click it and click its place; "
           "keys: Up/Down select, Space picks up (or Alt+Up/Down moves), Enter confirms");
}

/* The question's scrolled part: head line, message, image, prompt, the
** answer widgets, feedback.  Returns its height. */
static int question_content(kk_ExamUi *u, int m, int y0, int cw, int draw, int64_t now) {
  const kk_UiTheme *th = u->w->th;
  const kk_Paper *p = kk_attempt_paper(u->a);
  size_t n = kk_paper_count(p), cur = kk_attempt_current(u->a);
  const kk_Question *q = kk_exam_ui_question(u);
  const kk_Response *r = kk_attempt_response(u->a, cur);
  const kk_Card *c = q->card;
  int px = PX(u, 18), small = PX(u, 14), gap = S(u, 12);
  int y = y0 + S(u, 12);
  /* head line, the question's own timer at the right */
  char head[200], qt[64] = "";
  int64_t ql = kk_attempt_question_remaining_ms(u->a, now);
  snprintf(head, sizeof head,
           kk_ui_ngettext("Question %zu of %zu  \xC2\xB7  %g point%s",
                          "Question %zu of %zu  \xC2\xB7  %g points%s", q->points == 1 ? 1 : 2),
           cur + 1, n, q->points, r->flagged ? _("  \xC2\xB7  flagged") : "");
  if (ql != INT64_MAX)
    snprintf(qt, sizeof qt, _("this question: %llds"), (long long)((ql + 999) / 1000));
  int qtw = qt[0] ? text_w(u, small, qt) + S(u, 12) : 0;
  if (draw) {
    label(u, m, y, small, 0, th->muted, head, cw - qtw);
    if (qt[0])
      label(u, m + cw - qtw + S(u, 12), y, small, 0, ql <= 10000 ? th->bad : th->muted, qt, 0);
  }
  y += line_h(u, small) + S(u, 6);
  if (u->msg[0]) y += wrap(u, m, y, cw, small, 0, th->bad, u->msg, draw) + S(u, 6);
  if (c->image_path) { /* a box the renderer fits the picture into, as in the drill */
    int ih = S(u, 220), most = u->view_h * 2 / 5;
    if (ih > most) ih = most > S(u, 80) ? most : S(u, 80);
    if (draw) kk_draw_image(u->w->dl, (kk_Rect){m, y, cw, ih}, c->image_path);
    y += ih + gap;
  }
  /* a cloze with its blank hidden (never the text itself: it holds the
  ** answers) */
  char *prompt = c->type == KK_CARD_CLOZE ? kk_cloze_prompt(c->front, q->cloze) : NULL;
  const char *ptext = c->type == KK_CARD_CLOZE ? (prompt ? prompt : "") : c->front;
  y += wrap(u, m, y, cw, PX(u, 22), 0, th->text, ptext, draw) + gap;
  kk_free(prompt);
  if (c->type == KK_CARD_CHOICE || c->type == KK_CARD_ORDER) {
    int order = c->type == KK_CARD_ORDER;
    y += wrap(u, m, y, cw, small, 0, th->muted, hint_of(u, c), draw) + S(u, 6);
    size_t sel[256];
    int ns = order ? 0 : kk_paper_parse_list(r->answer, sel, 256, c->noptions);
    size_t rows = order ? u->norder : q->nperm;
    int rgap = S(u, 6);
    for (size_t k = 0; k < rows; k++) {
      kk_UiRow row;
      memset(&row, 0, sizeof row);
      char key[32];
      snprintf(key, sizeof key, order ? "%zu." : "%zu", k + 1);
      row.key = key;
      row.text = order ? c->items[u->order[k]] : c->options[q->perm[k]].text;
      for (int j = 0; j < ns; j++) row.on |= sel[j] == q->perm[k];
      row.cursor = (int)k == u->cursor;
      row.lifted = order && ((int)k == u->picked || (u->dragging && (int)k == u->press_row));
      int rh = kk_ui_row(u->w, m, y, cw, px, &row, order ? H_ORDER_ROW : H_OPTION, (int)k, draw);
      if ((int)k == u->cursor) u->cur_top = y - y0, u->cur_bot = y - y0 + rh;
      if (draw && order && u->dragging && (int)k == u->drop_row && u->drop_row != u->press_row) {
        /* where the dragged row will land */
        int ly = u->drop_row < u->press_row ? y - rgap / 2 - S(u, 2) : y + rh + rgap / 2 - S(u, 1);
        kk_draw_rect(u->w->dl, (kk_Rect){m, ly, cw, S(u, 3) > 0 ? S(u, 3) : 1}, th->accent);
      }
      y += rh + rgap;
    }
  } else if (c->type == KK_CARD_TRUEFALSE) {
    int bw = (cw - gap) / 2, bh = line_h(u, px) + S(u, 20);
    if (bw > S(u, 180)) bw = S(u, 180);
    if (draw) {
      kk_ui_button(u->w, (kk_Rect){m, y, bw, bh}, _("True (T)"), NULL, !strcmp(r->answer, "true"),
                   H_TRUE, 0);
      kk_ui_button(u->w, (kk_Rect){m + bw + gap, y, bw, bh}, _("False (F)"), NULL,
                   !strcmp(r->answer, "false"), H_FALSE, 0);
    }
    y += bh + gap;
  } else {
    kk_Rect f = {m, y, cw, line_h(u, px) + S(u, 16)};
    if (draw) field(u, f, px, u->text, !u->go_mode);
    u->cur_top = y - y0, u->cur_bot = y - y0 + f.h;
    y += f.h + S(u, 6);
    char saved[2100];
    snprintf(saved, sizeof saved, "%s", _("Type your answer"));
    if (c->type == KK_CARD_CLOZE) {
      int nb = 0;
      kk_free(kk_cloze_answers(c->front, q->cloze, &nb));
      if (nb > 1) snprintf(saved, sizeof saved, _("Type your answers, the blanks separated by |"));
    }
    if (r->answer[0]) {
      snprintf(saved, sizeof saved, _("Saved: %s"), r->answer);
    }
    for (char *s = saved; *s; s++)
      if (*s == '\n') *s = '|';
    y += wrap(u, m, y, cw, small, 0, th->muted, saved, draw) + gap;
  }
  if (u->spec->feedback == KK_FEEDBACK_AFTER_EACH && r->answer[0] && r->locked) {
    /* Feedback right after the answer (which is then final). */
    double mk = kk_mark_question(u->spec, q, r->answer);
    char fb[4400], corr[2048], ctext[2048];
    if (kk_mark_correct(q, corr, sizeof corr) < 0 ||
        kk_mark_answer_text(q, corr, ctext, sizeof ctext) < 0)
      ctext[0] = '\0';
    for (char *t = ctext; *t; t++)
      if (*t == '\n') *t = '|';
    snprintf(fb, sizeof fb, _("%s  Correct answer: %s"),
             mk >= 1  ? _("Correct.")
             : mk > 0 ? _("Partly correct.")
                      : _("Not correct."),
             ctext);
    y += wrap(u, m, y, cw, px, 0, mk >= 1 ? th->good : mk > 0 ? th->warn : th->bad, fb, draw);
    if (c->explanation)
      y += S(u, 4) + wrap(u, m, y + S(u, 4), cw, small, 0, th->muted, c->explanation, draw);
    y += gap;
  } else if (r->locked) {
    y += wrap(u, m, y, cw, small, 0, th->warn, _("This answer can no longer be changed."), draw) +
         gap;
  }
  return y - y0;
}

static void draw_question(kk_ExamUi *u, int w, int h, int64_t now) {
  const kk_UiTheme *th = u->w->th;
  const kk_Paper *p = kk_attempt_paper(u->a);
  size_t n = kk_paper_count(p), cur = kk_attempt_current(u->a);
  const kk_Response *r = kk_attempt_response(u->a, cur);
  int m = S(u, 24), small = PX(u, 14);
  if (m > w / 16) m = w / 16;
  /* the fixed parts' geometry: top bar, navigator, footer */
  int top = line_h(u, PX(u, 24)) + S(u, 20);
  int box = line_h(u, small) + S(u, 10), bgap = S(u, 6);
  int per_row = (w - 2 * m + bgap) / (box + bgap);
  if (per_row < 1) per_row = 1;
  int nav_rows = (int)((n + (size_t)per_row - 1) / (size_t)per_row);
  int nav_top = top + S(u, 10), nav_bot = nav_top + nav_rows * (box + bgap) - bgap + S(u, 10);
  int bh = line_h(u, PX(u, 15)) + S(u, 18);
  int foot = h - bh - 2 * S(u, 10); /* the footer's top edge */
  /* the scrolled question between them (drawn first: the bars cover it) */
  int sb = S(u, 10);
  kk_Rect view = {0, nav_bot, w, foot - nav_bot};
  if (view.h > 0) scrolled(u, view, m, w - 2 * m - sb, question_content, now);
  /* top bar: title and the countdown, always visible */
  cover(u, (kk_Rect){0, 0, w, nav_bot});
  kk_draw_rect(u->w->dl, (kk_Rect){0, 0, w, top}, th->panel);
  kk_draw_line(u->w->dl, 0, top, w, top, th->border);
  int cdw = countdown(u, w - m, (top - line_h(u, PX(u, 24))) / 2, now);
  int title_w = w - 2 * m - cdw - S(u, 16);
  label(u, m, (top - line_h(u, PX(u, 18))) / 2, PX(u, 18), KK_TEXT_BOLD, th->text, u->spec->title,
        title_w > 1 ? title_w : 1);
  /* navigator: answered boxes filled, flagged ones marked, the current framed */
  for (size_t i = 0; i < n; i++) {
    int col = (int)(i % (size_t)per_row), row = (int)(i / (size_t)per_row);
    kk_Rect b = {m + col * (box + bgap), nav_top + row * (box + bgap), box, box};
    const kk_Response *ri = kk_attempt_response(u->a, i);
    int can = kk_attempt_can_visit(u->a, i);
    int over = kk_ui_hovered(u->w, H_NAV, (int)i);
    kk_draw_rect(u->w->dl, b, ri->answer[0] ? th->selection : th->panel);
    kk_draw_frame(u->w->dl, b, i == cur || over ? th->accent : th->border,
                  i == cur ? (S(u, 3) > 0 ? S(u, 3) : 1) : 1);
    char num[24];
    snprintf(num, sizeof num, "%zu", i + 1);
    int tw = text_w(u, small, num);
    label(u, b.x + (box - tw) / 2, b.y + (box - line_h(u, small)) / 2, small, 0,
          can ? th->text : th->muted, num, 0);
    if (ri->flagged)
      kk_draw_rect(u->w->dl, (kk_Rect){b.x + box - S(u, 8), b.y, S(u, 8), S(u, 8)}, th->warn);
    kk_ui_hit(u->w, b, H_NAV, (int)i);
  }
  /* footer: Prev, Flag, Next at the left, Submit at the right */
  cover(u, (kk_Rect){0, foot, w, h - foot});
  kk_draw_line(u->w->dl, 0, foot, w, foot, th->border);
  int gap = S(u, 10), by = foot + S(u, 10);
  int bw = (w - 2 * m - 4 * gap) / 4;
  if (bw > S(u, 150)) bw = S(u, 150);
  if (bw < 1) bw = 1;
  kk_ui_button(u->w, (kk_Rect){m, by, bw, bh}, _("< Prev (PgUp)"), NULL, 0, H_PREV, 0);
  kk_ui_button(u->w, (kk_Rect){m + bw + gap, by, bw, bh},
               r->flagged ? _("Unflag (^F)") : _("Flag (^F)"), NULL, 0, H_FLAG, 0);
  kk_ui_button(u->w, (kk_Rect){m + 2 * (bw + gap), by, bw, bh}, _("Next (PgDn) >"), NULL, 0, H_NEXT,
               0);
  kk_ui_button(u->w, (kk_Rect){w - m - bw, by, bw, bh}, _("Submit (^S)"), NULL, 1, H_SUBMIT, 0);
  if (u->go_mode) { /* over the top of the scrolled part */
    char g[32];
    snprintf(g, sizeof g, _("Go to question: %s_"), u->go_buf);
    int gw = text_w(u, PX(u, 15), g) + 2 * gap, gh = line_h(u, PX(u, 15)) + gap;
    kk_Rect gr = {m, foot - gh - gap, gw, gh};
    kk_draw_rect(u->w->dl, gr, th->panel);
    kk_draw_frame(u->w->dl, gr, th->accent, 2);
    label(u, gr.x + gap, gr.y + gap / 2, PX(u, 15), KK_TEXT_BOLD, th->accent, g, w - 2 * m);
  }
}

/* ---- the submit dialog ---- */

/* "N (1, 4, 7)" or "none": the unanswered (or flagged) questions. */
static void list_numbers(char *buf, size_t size, const kk_Attempt *a, int flagged) {
  size_t n = kk_paper_count(kk_attempt_paper(a)), cnt = 0;
  for (size_t i = 0; i < n; i++)
    cnt += flagged ? kk_attempt_response(a, i)->flagged != 0 : !kk_attempt_answered(a, i);
  if (!cnt) {
    snprintf(buf, size, _("none"));
    return;
  }
  char list[1024];
  size_t off = 0, k = 0;
  list[0] = '\0';
  for (size_t i = 0; i < n && off + 24 < sizeof list; i++) {
    int take = flagged ? kk_attempt_response(a, i)->flagged : !kk_attempt_answered(a, i);
    if (take)
      off += (size_t)snprintf(list + off, sizeof list - off, "%s%zu", k++ ? ", " : "", i + 1);
  }
  if (k < cnt) snprintf(list + off, sizeof list - off, ", ...");
  /* TRANSLATORS: how many questions, then their numbers: "2 (3, 5)" */
  snprintf(buf, size, kk_pgettext("question count and list", "%zu (%s)"), cnt, list);
}

static void draw_confirm(kk_ExamUi *u, int w, int h) {
  const kk_UiTheme *th = u->w->th;
  kk_draw_rect(u->w->dl, (kk_Rect){0, 0, w, h}, th->shade);
  int pad = S(u, 24), px = PX(u, 17), gap = S(u, 8);
  int pw = w - 2 * S(u, 16);
  if (pw > S(u, 600)) pw = S(u, 600);
  int tw = pw - 2 * pad;
  char un[1100], fl[1100], l1[1200], l2[1200];
  list_numbers(un, sizeof un, u->a, 0);
  list_numbers(fl, sizeof fl, u->a, 1);
  snprintf(l1, sizeof l1, _("Unanswered questions: %s"), un);
  snprintf(l2, sizeof l2, _("Flagged for review: %s"), fl);
  const char *note_s = _("Answers cannot be changed after submitting.");
  int bh = line_h(u, PX(u, 15)) + S(u, 20);
  int body = line_h(u, PX(u, 22)) + S(u, 14) + wrap(u, 0, 0, tw, px, 0, th->text, l1, 0) + gap +
             wrap(u, 0, 0, tw, px, 0, th->text, l2, 0) + gap +
             wrap(u, 0, 0, tw, PX(u, 14), 0, th->muted, note_s, 0) + S(u, 18) + bh;
  int ph = body + 2 * S(u, 20);
  kk_Rect p = {(w - pw) / 2, (h - ph) / 2, pw, ph};
  if (p.y < 0) p.y = 0;
  kk_draw_rect(u->w->dl, p, th->panel);
  kk_draw_frame(u->w->dl, p, th->border, 1);
  int x = p.x + pad, y = p.y + S(u, 20);
  label(u, x, y, PX(u, 22), KK_TEXT_BOLD, th->text, _("Submit the exam?"), tw);
  y += line_h(u, PX(u, 22)) + S(u, 14);
  y += wrap(u, x, y, tw, px, 0, strcmp(un, _("none")) ? th->bad : th->text, l1, 1) + gap;
  y += wrap(u, x, y, tw, px, 0, strcmp(fl, _("none")) ? th->warn : th->text, l2, 1) + gap;
  y += wrap(u, x, y, tw, PX(u, 14), 0, th->muted, note_s, 1) + S(u, 18);
  int bw = (tw - gap) / 2;
  if (bw > S(u, 190)) bw = S(u, 190);
  kk_ui_button(u->w, (kk_Rect){x, y, bw, bh}, _("Submit (Enter)"), NULL, 1, H_YES, 0);
  kk_ui_button(u->w, (kk_Rect){x + bw + gap, y, bw, bh}, _("Back (Esc)"), NULL, 0, H_NO, 0);
}

/* ---- the results screen ---- */

static int results_content(kk_ExamUi *u, int m, int y0, int cw, int draw, int64_t now) {
  const kk_ExamSpec *s = u->spec;
  const kk_UiTheme *th = u->w->th;
  int y = y0 + S(u, 32), px = PX(u, 18), small = PX(u, 15);
  int lh = line_h(u, px);
  (void)now;
  y += wrap(u, m, y, cw, PX(u, 26), KK_TEXT_BOLD, th->text, s->title, draw) + S(u, 10);
  if (!kk_attempt_saved(u->a)) /* no marks before the store has the submission */
    return y - y0 + wrap(u, m, y, cw, px, 0, th->bad, u->msg, draw) + S(u, 16);
  if (draw) label(u, m, y, px, 0, th->text, _("Submitted."), cw);
  y += lh;
  if (u->msg[0]) y += wrap(u, m, y, cw, small, 0, th->muted, u->msg, draw) + S(u, 4);
  if (s->feedback == KK_FEEDBACK_NEVER) return y - y0 + S(u, 16);
  double score = kk_attempt_score(u->a), max = kk_attempt_max_score(u->a);
  char line[4400];
  snprintf(line, sizeof line, _("Score: %g of %g (%.1f%%)"), score, max,
           max > 0 ? 100 * score / max : 0.0);
  if (draw) label(u, m, y + S(u, 8), PX(u, 24), KK_TEXT_BOLD, th->text, line, cw);
  y += line_h(u, PX(u, 24)) + S(u, 12);
  int passed = kk_attempt_passed(u->a);
  snprintf(line, sizeof line, _("%s (pass mark %g%%)"), passed ? _("Passed") : _("Not passed"),
           s->pass_percent);
  if (draw) label(u, m, y, px, KK_TEXT_BOLD, passed ? th->good : th->bad, line, cw);
  y += lh + S(u, 16);
  if (!s->review_after_submit) return y - y0 + S(u, 16);
  char a[2048], c[2048], ct[2048];
  const kk_Paper *p = kk_attempt_paper(u->a);
  int in = S(u, 24);
  for (size_t i = 0; i < kk_paper_count(p); i++) {
    const kk_Question *q = kk_paper_question(p, i);
    const kk_Response *r = kk_attempt_response(u->a, i);
    double pts = kk_attempt_points(u->a, i);
    if (kk_mark_answer_text(q, r->answer, a, sizeof a) < 0) a[0] = '\0';
    if (kk_mark_correct(q, c, sizeof c) < 0 || kk_mark_answer_text(q, c, ct, sizeof ct) < 0)
      ct[0] = '\0';
    for (char *t = a; *t; t++)
      if (*t == '\n') *t = '|';
    for (char *t = ct; *t; t++)
      if (*t == '\n') *t = '|';
    snprintf(line, sizeof line, "%zu.  %g / %g", i + 1, pts, q->points);
    if (draw)
      label(u, m, y, px, KK_TEXT_BOLD,
            pts >= q->points ? th->good
            : pts > 0        ? th->warn
                             : th->bad,
            line, cw);
    y += lh;
    int cloze = q->card->type == KK_CARD_CLOZE;
    char *ptext = cloze ? kk_cloze_prompt(q->card->front, q->cloze) : NULL;
    const char *pt = cloze ? (ptext ? ptext : "") : q->card->front;
    y += wrap(u, m + in, y, cw - in, small, 0, th->text, pt, draw);
    kk_free(ptext);
    snprintf(line, sizeof line, _("Your answer: %s"), a[0] ? a : _("(none)"));
    y += wrap(u, m + in, y, cw - in, small, 0, th->muted, line, draw);
    snprintf(line, sizeof line, _("Correct: %s"), ct);
    y += wrap(u, m + in, y, cw - in, small, 0, th->muted, line, draw) + S(u, 10);
  }
  return y - y0 + S(u, 16);
}

static void draw_results(kk_ExamUi *u, int w, int h) {
  int m = S(u, 40);
  if (m > w / 12) m = w / 12;
  scrolled(u, (kk_Rect){0, 0, w, h}, m, w - 2 * m - S(u, 10), results_content, 0);
}

void kk_exam_ui_draw(kk_ExamUi *u, int w, int h, float scale, const kk_TextMetrics *tm,
                     int64_t now_ms, kk_DrawList *dl) {
  if (!tm || !dl) return; /* programmer error: nothing to measure or draw with */
  kk_ui_frame_begin(u->w, w, h, scale, tm, dl);
  w = u->w->w, h = u->w->h;
  kk_draw_rect(dl, (kk_Rect){0, 0, w, h}, u->w->th->bg);
  if (u->screen == KK_EXAM_UI_START || !u->a)
    draw_start(u, w, h);
  else if (u->screen == KK_EXAM_UI_RESULTS)
    draw_results(u, w, h);
  else {
    kk_exam_ui_sync(u);
    draw_question(u, w, h, now_ms);
    if (u->screen == KK_EXAM_UI_CONFIRM) {
      u->w->nhits = 0; /* the dialog is modal */
      draw_confirm(u, w, h);
    }
  }
  kk_ui_frame_end(u->w);
}
