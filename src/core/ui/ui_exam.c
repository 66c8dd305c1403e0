/*
** ui_exam.c -- the exam screens (see ui_exam.h).
**
** The drawing is in ui_exam_draw.c, built from the trainer's widgets
** (ui_int.h) through a kk_Ui kept as the widget context, so theme, zoom,
** text layout and hit-testing are the drill's.
**
** Divisions:
**   state        the context (ui_exam_int.h), per-question editing state
**   acting       answers, navigation, submission, the clock
**   input        keys, text, clicks, drags and the wheel per screen
*/
#include "core/base/i18n.h"
#include "core/ui/ui_exam_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"

/* ---- state -------------------------------------------------------------------*/

int kk_exam_ui_warning_level(int64_t remaining_ms) {
  if (remaining_ms <= 60000) return 2;
  if (remaining_ms <= 600000) return 1;
  return 0;
}

kk_ExamUi *kk_exam_ui_new(const kk_ExamSpec *spec, const kk_ExamUiHost *host, const char *name,
                          const char *number) {
  kk_ExamUi *u = kk_calloc(1, sizeof *u);
  if (!u) return NULL;
  u->w = kk_ui_context_new(0, 100);
  if (!u->w) {
    kk_free(u);
    return NULL;
  }
  u->spec = spec;
  u->host = *host;
  u->screen = KK_EXAM_UI_START;
  if (name) snprintf(u->name, sizeof u->name, "%s", name);
  if (number) snprintf(u->number, sizeof u->number, "%s", number);
  u->autostart = name && number && *number;
  u->field = name ? 1 : 0;
  u->picked = u->press_row = -1;
  return u;
}

void kk_exam_ui_free(kk_ExamUi *u) {
  if (!u) return;
  kk_ui_context_free(u->w);
  kk_free(u);
}

void kk_exam_ui_set_look(kk_ExamUi *u, int dark, int zoom_pct) {
  u->w->dark = dark != 0; /* as kk_ui_context_new does */
  u->w->zoom_pct = 100;
  if (zoom_pct > 0) kk_ui_zoom(u->w, zoom_pct - 100);
  u->w->th = kk_ui_theme(u->w->dark);
}
int kk_exam_ui_dark(const kk_ExamUi *u) { return u->w->dark; }
int kk_exam_ui_zoom_pct(const kk_ExamUi *u) { return u->w->zoom_pct; }
kk_Color kk_exam_ui_background(const kk_ExamUi *u) { return kk_ui_theme(u->w->dark)->bg; }

kk_ExamUiScreen kk_exam_ui_screen(const kk_ExamUi *u) { return u->screen; }
kk_Attempt *kk_exam_ui_attempt(const kk_ExamUi *u) { return u->a; }
const char *kk_exam_ui_message(const kk_ExamUi *u) { return u->msg; }

static const kk_Question *cur_q(const kk_ExamUi *u) { return kk_exam_ui_question(u); }

static int is_text_type(kk_CardType t) {
  return t == KK_CARD_TYPED || t == KK_CARD_NUMERIC || t == KK_CARD_CLOZE;
}

int kk_exam_ui_text_input(const kk_ExamUi *u) {
  if (u->screen == KK_EXAM_UI_START) return 1;
  if (u->screen != KK_EXAM_UI_QUESTION || !u->a || u->go_mode) return 0;
  return is_text_type(cur_q(u)->card->type);
}

/* Loads the editing state of the current question from its answer. */
static void load_edit(kk_ExamUi *u) {
  size_t i = kk_attempt_current(u->a);
  const kk_Question *q = cur_q(u);
  const char *ans = kk_attempt_response(u->a, i)->answer;
  u->shown = i;
  u->loaded = 1;
  u->cursor = 0;
  u->comp[0] = '\0';
  u->scroll = 0;
  u->picked = u->press_row = -1;
  u->dragging = 0;
  size_t k = 0;
  for (const char *p = ans; *p && k + 4 < sizeof u->text; p++) {
    if (*p == '\n') { /* cloze blanks are typed with "|" */
      memcpy(u->text + k, " | ", 3);
      k += 3;
    } else {
      u->text[k++] = *p;
    }
  }
  u->text[k] = '\0';
  if (q->card->type == KK_CARD_ORDER) {
    size_t n = q->nperm;
    if (n > KK_DECK_MAX_ORDER_ITEMS) n = KK_DECK_MAX_ORDER_ITEMS; /* the loader's limit */
    size_t got[KK_DECK_MAX_ORDER_ITEMS];
    int m = kk_paper_parse_list(ans, got, KK_DECK_MAX_ORDER_ITEMS, q->nperm);
    u->norder = n;
    for (size_t j = 0; j < n; j++) u->order[j] = m == (int)q->nperm ? got[j] : q->perm[j];
  }
}

static void sync(kk_ExamUi *u) {
  if (u->a && (!u->loaded || u->shown != kk_attempt_current(u->a))) load_edit(u);
}

void kk_exam_ui_sync(kk_ExamUi *u) { sync(u); }

/* ---- acting --------------------------------------------------------------------*/

static void note(kk_ExamUi *u, kk_Status st, const kk_Err *err) {
  if (st == KK_OK) return;
  snprintf(u->msg, sizeof u->msg, "%s%s", err->msg,
           st == KK_ERR_DB || st == KK_ERR_BUSY ? _(" (kept; it will be saved again)") : "");
}

/* Moves to the results screen once the attempt is submitted. */
static void check_submitted(kk_ExamUi *u, int64_t now) {
  if (!u->a || !kk_attempt_submitted_ms(u->a)) return;
  u->screen = KK_EXAM_UI_RESULTS;
  u->scroll = 0;
  /* Until the submission is in the store nothing about marks is shown
  ** (draw_results) and the ticks keep retrying. */
  if (!kk_attempt_saved(u->a)) {
    if (!u->notified)
      snprintf(u->msg, sizeof u->msg,
               _("Your submission is NOT saved yet; Kioku keeps trying. "
                 "Do not close this window."));
    return;
  }
  if (!u->notified) {
    u->notified = 1;
    u->msg[0] = '\0';
    if (kk_attempt_auto_submitted(u->a))
      snprintf(u->msg, sizeof u->msg, _("Time ran out: the exam was submitted. "));
    size_t l = strlen(u->msg);
    if (u->host.submitted) u->host.submitted(u->host.ud, u->a, now, u->msg + l, sizeof u->msg - l);
  }
}

static void commit(kk_ExamUi *u, const char *answer, int64_t now) {
  kk_Err err;
  u->msg[0] = '\0';
  note(u, kk_attempt_answer(u->a, kk_attempt_current(u->a), answer, now, &err), &err);
}

static void go(kk_ExamUi *u, size_t i, int64_t now) {
  kk_Err err;
  if (i >= kk_paper_count(kk_attempt_paper(u->a))) return;
  u->msg[0] = '\0';
  note(u, kk_attempt_goto(u->a, i, now, &err), &err);
  sync(u);
}

static void flag(kk_ExamUi *u, int64_t now) {
  kk_Err err;
  size_t i = kk_attempt_current(u->a);
  note(u, kk_attempt_flag(u->a, i, !kk_attempt_response(u->a, i)->flagged, now, &err), &err);
}

static void start(kk_ExamUi *u, int64_t now) {
  kk_Err err;
  kk_err_clear(&err);
  if (!u->number[0]) {
    snprintf(u->msg, sizeof u->msg, _("Enter your student number."));
    u->field = 1;
    return;
  }
  kk_Attempt *a = NULL;
  if (!u->host.open || u->host.open(u->host.ud, u->name, u->number, now, &a, &err) != KK_OK || !a) {
    snprintf(u->msg, sizeof u->msg, "%s", err.msg[0] ? err.msg : _("cannot start the exam"));
    return;
  }
  u->a = a;
  u->msg[0] = '\0';
  u->screen = KK_EXAM_UI_QUESTION;
  u->loaded = 0;
  sync(u);
  check_submitted(u, now);
}

/* The choice answer with option k toggled (multi) or chosen (single). */
static void pick_option(kk_ExamUi *u, size_t k, int64_t now) {
  const kk_Question *q = cur_q(u);
  if (k >= q->nperm) return;
  size_t card_opt = q->perm[k];
  if (card_opt >= KK_DECK_MAX_OPTIONS) return; /* the loaders refuse more */
  size_t sel[256];
  int n = kk_paper_parse_list(kk_attempt_response(u->a, kk_attempt_current(u->a))->answer, sel, 256,
                              q->card->noptions);
  if (n < 0) n = 0;
  unsigned char on[256] = {0};
  if (q->card->ncorrect > 1)
    for (int j = 0; j < n; j++) on[sel[j]] = 1;
  int was = 0;
  for (int j = 0; j < n; j++) was |= sel[j] == card_opt;
  on[card_opt] = q->card->ncorrect > 1 ? !was : 1;
  char buf[1024];
  size_t off = 0;
  buf[0] = '\0';
  for (size_t j = 0; j < q->card->noptions && j < 256 && off < sizeof buf - 8; j++)
    if (on[j]) off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%zu", off ? "," : "", j + 1);
  u->cursor = (int)k;
  commit(u, buf, now);
}

static void commit_order(kk_ExamUi *u, int64_t now) {
  char buf[1024];
  size_t off = 0;
  for (size_t j = 0; j < u->norder && off < sizeof buf - 8; j++)
    off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%zu", j ? "," : "", u->order[j] + 1);
  commit(u, buf, now);
}

static void commit_text(kk_ExamUi *u, int64_t now) {
  char buf[sizeof u->text];
  size_t k = 0;
  int cloze = cur_q(u)->card->type == KK_CARD_CLOZE;
  for (const char *p = u->text; *p && k + 1 < sizeof buf; p++)
    buf[k++] = cloze && *p == '|' ? '\n' : *p;
  buf[k] = '\0';
  commit(u, buf, now);
}

/* ---- input ------------------------------------------------------------------------*/

static int S(const kk_ExamUi *u, int pt) { return kk_ui_sp(u->w, pt); } /* spacing */

static void backspace(char *s) {
  size_t l = strlen(s);
  while (l && ((unsigned char)s[l - 1] & 0xC0) == 0x80) l--; /* continuation bytes */
  if (l) l--;
  s[l] = '\0';
}

static void append(char *s, size_t size, const char *t) {
  size_t l = strlen(s), n = strlen(t);
  if (l + n < size) memcpy(s + l, t, n + 1);
}

static const Hit *hit_at(const kk_ExamUi *u, int x, int y) {
  const Hit *h = kk_ui_hit_at(u->w, x, y);
  return h && h->id != H_NONE ? h : NULL;
}

/* Theme and zoom keys, on every screen: Ctrl+T, Ctrl+= / Ctrl+- / Ctrl+0. */
static unsigned look_key(kk_ExamUi *u, const kk_UiEvent *ev) {
  if (ev->kind != KK_EV_KEY || !(ev->mods & KK_MOD_CTRL) || ev->key != KK_KEY_CHAR) return 0;
  int changed = 0;
  if (ev->ch == 't')
    u->w->dark = !u->w->dark, changed = 1;
  else if (ev->ch == '=' || ev->ch == '+')
    changed = kk_ui_zoom(u->w, +10);
  else if (ev->ch == '-')
    changed = kk_ui_zoom(u->w, -10);
  else if (ev->ch == '0')
    changed = kk_ui_zoom(u->w, 0);
  else
    return 0;
  u->w->th = kk_ui_theme(u->w->dark);
  return KK_EXAM_UIF_REDRAW | (changed ? KK_EXAM_UIF_SETTINGS : 0);
}

/* Scrolls the shown content by dy pixels within its last layout. */
static void scroll_by(kk_ExamUi *u, int dy) {
  kk_UiScroll sc = {u->scroll, u->content_h, u->view_h};
  kk_ui_scroll_by(&sc, dy);
  u->scroll = sc.pos;
}

static unsigned handle_start(kk_ExamUi *u, const kk_UiEvent *ev) {
  char *f = u->field ? u->number : u->name;
  _Static_assert(sizeof u->number == sizeof u->name, "one size for both fields");
  size_t fs = sizeof u->name;
  if (ev->kind == KK_EV_TEXT && ev->text)
    append(f, fs, ev->text);
  else if (ev->kind == KK_EV_EDIT)
    snprintf(u->comp, sizeof u->comp, "%s", ev->text ? ev->text : "");
  else if (ev->kind == KK_EV_KEY) {
    u->reveal = 1;
    if (ev->key == KK_KEY_BACKSPACE)
      backspace(f);
    else if (ev->key == KK_KEY_TAB || ev->key == KK_KEY_DOWN || ev->key == KK_KEY_UP)
      u->field = !u->field;
    else if (ev->key == KK_KEY_ENTER) {
      if (u->field == 0 && !u->number[0])
        u->field = 1;
      else
        start(u, ev->now_ms);
    }
  } else if (ev->kind == KK_EV_CLICK) {
    const Hit *h = hit_at(u, ev->x, ev->y);
    if (h && h->id == H_NAME)
      u->field = 0;
    else if (h && h->id == H_NUMBER)
      u->field = 1;
    else if (h && h->id == H_START)
      start(u, ev->now_ms);
  }
  return KK_EXAM_UIF_REDRAW;
}

/* Moves order row `from` to position `to` (the rows between shift) and
** saves the order. */
static void move_row(kk_ExamUi *u, int from, int to, int64_t now) {
  if (from < 0 || to < 0 || from >= (int)u->norder || to >= (int)u->norder) return;
  if (kk_attempt_response(u->a, kk_attempt_current(u->a))->locked) return; /* shown as saved */
  u->cursor = to;
  u->reveal = 1;
  if (from == to) return;
  size_t t = u->order[from];
  if (from < to)
    memmove(u->order + from, u->order + from + 1, (size_t)(to - from) * sizeof *u->order);
  else
    memmove(u->order + to + 1, u->order + to, (size_t)(from - to) * sizeof *u->order);
  u->order[to] = t;
  commit_order(u, now);
}

static void question_key(kk_ExamUi *u, const kk_UiEvent *ev) {
  const kk_Question *q = cur_q(u);
  size_t cur = kk_attempt_current(u->a);
  int ctrl = ev->mods & KK_MOD_CTRL;
  int64_t now = ev->now_ms;
  if (u->go_mode) {
    if (ev->key == KK_KEY_CHAR && ev->ch >= '0' && ev->ch <= '9' && strlen(u->go_buf) < 5) {
      char d[2] = {(char)ev->ch, 0};
      append(u->go_buf, sizeof u->go_buf, d);
    } else if (ev->key == KK_KEY_BACKSPACE) {
      backspace(u->go_buf);
    } else if (ev->key == KK_KEY_ENTER) {
      u->go_mode = 0;
      if (u->go_buf[0]) go(u, (size_t)strtoul(u->go_buf, NULL, 10) - 1, now);
    } else if (ev->key == KK_KEY_ESCAPE) {
      u->go_mode = 0;
    }
    return;
  }
  if (ev->key == KK_KEY_PAGEDOWN || (ctrl && ev->key == KK_KEY_RIGHT))
    go(u, cur + 1, now);
  else if (ev->key == KK_KEY_PAGEUP || (ctrl && ev->key == KK_KEY_LEFT)) {
    if (cur) go(u, cur - 1, now);
  } else if (ctrl && ev->key == KK_KEY_CHAR && ev->ch == 'f')
    flag(u, now);
  else if (ctrl && ev->key == KK_KEY_CHAR && ev->ch == 'g')
    u->go_mode = 1, u->go_buf[0] = '\0';
  else if ((ctrl && ev->key == KK_KEY_CHAR && ev->ch == 's') || (ctrl && ev->key == KK_KEY_ENTER))
    u->screen = KK_EXAM_UI_CONFIRM;
  else if (ctrl)
    return;
  else
    switch (q->card->type) {
    case KK_CARD_CHOICE:
      if (ev->key == KK_KEY_CHAR && ev->ch >= '1' && ev->ch <= '9')
        pick_option(u, ev->ch - '1', now);
      else if (ev->key == KK_KEY_UP && u->cursor > 0)
        u->cursor--;
      else if (ev->key == KK_KEY_DOWN && (size_t)u->cursor + 1 < q->nperm)
        u->cursor++;
      else if (ev->key == KK_KEY_SPACE || ev->key == KK_KEY_ENTER)
        pick_option(u, (size_t)u->cursor, now);
      u->reveal = 1;
      break;
    case KK_CARD_TRUEFALSE:
      if (ev->key == KK_KEY_CHAR && (ev->ch == 't' || ev->ch == '1'))
        commit(u, "true", now);
      else if (ev->key == KK_KEY_CHAR && (ev->ch == 'f' || ev->ch == '2'))
        commit(u, "false", now);
      else if (ev->key == KK_KEY_UP || ev->key == KK_KEY_DOWN)
        scroll_by(u, (ev->key == KK_KEY_UP ? -1 : 1) * S(u, 40));
      break;
    case KK_CARD_ORDER: {
      /* Up/Down move the cursor, or the row when it is picked up (Space) or
    ** with Alt/Shift held; Enter confirms the order. */
      int c = u->cursor;
      int move = u->picked >= 0 || (ev->mods & (KK_MOD_ALT | KK_MOD_SHIFT));
      int to = ev->key == KK_KEY_UP ? c - 1 : ev->key == KK_KEY_DOWN ? c + 1 : c;
      if (to != c && to >= 0 && to < (int)u->norder) {
        if (move) {
          move_row(u, c, to, now);
          if (u->picked >= 0) u->picked = to;
        } else {
          u->cursor = to;
        }
      } else if (ev->key == KK_KEY_SPACE) {
        u->picked = u->picked >= 0 ? -1 : c;
      } else if (ev->key == KK_KEY_ENTER) {
        u->picked = -1;
        commit_order(u, now);
      }
      u->reveal = 1;
      break;
    }
    default:
      if (ev->key == KK_KEY_BACKSPACE && !u->comp[0]) {
        backspace(u->text);
        if (u->spec->feedback != KK_FEEDBACK_AFTER_EACH) commit_text(u, now);
      } else if (ev->key == KK_KEY_ENTER && !u->comp[0]) {
        commit_text(u, now);
      } else if (ev->key == KK_KEY_UP || ev->key == KK_KEY_DOWN) {
        scroll_by(u, (ev->key == KK_KEY_UP ? -1 : 1) * S(u, 40));
      }
      break;
    }
}

/* An order row clicked without dragging: the first click picks it up, a
** click on another row puts it there, a second click on it puts it back. */
static void order_click(kk_ExamUi *u, int row, int64_t now) {
  if (u->picked < 0) {
    u->picked = row;
    u->cursor = row;
  } else {
    int from = u->picked;
    u->picked = -1;
    move_row(u, from, row, now);
  }
}

static void question_click(kk_ExamUi *u, const kk_UiEvent *ev) {
  const Hit *h = hit_at(u, ev->x, ev->y);
  int64_t now = ev->now_ms;
  if (u->press_row >= 0 && u->dragging) { /* the end of a drag */
    int from = u->press_row;
    u->press_row = -1;
    u->dragging = 0;
    u->picked = -1;
    move_row(u, from, h && h->id == H_ORDER_ROW ? h->arg : u->drop_row, now);
    return;
  }
  u->press_row = -1;
  if (!h) return;
  size_t cur = kk_attempt_current(u->a);
  switch (h->id) {
  case H_NAV: go(u, (size_t)h->arg, now); break;
  case H_OPTION: pick_option(u, (size_t)h->arg, now); break;
  case H_TRUE: commit(u, "true", now); break;
  case H_FALSE: commit(u, "false", now); break;
  case H_ORDER_ROW: order_click(u, h->arg, now); break;
  case H_PREV:
    if (cur) go(u, cur - 1, now);
    break;
  case H_NEXT: go(u, cur + 1, now); break;
  case H_FLAG: flag(u, now); break;
  case H_SUBMIT: u->screen = KK_EXAM_UI_CONFIRM; break;
  default: break;
  }
}

/* Presses, pointer motion and the wheel: hover, order drags, scrolling. */
static unsigned pointer(kk_ExamUi *u, const kk_UiEvent *ev) {
  if (ev->kind == KK_EV_WHEEL) {
    if (ev->mods & KK_MOD_CTRL)
      return kk_ui_zoom(u->w, ev->dy > 0 ? 10 : -10) ? KK_EXAM_UIF_REDRAW | KK_EXAM_UIF_SETTINGS
                                                     : 0;
    scroll_by(u, -ev->dy * S(u, 48));
    return KK_EXAM_UIF_REDRAW;
  }
  const Hit *h = hit_at(u, ev->x, ev->y);
  if (ev->kind == KK_EV_PRESS) {
    u->press_row = u->screen == KK_EXAM_UI_QUESTION && h && h->id == H_ORDER_ROW ? h->arg : -1;
    u->press_y = ev->y;
    u->dragging = 0;
    u->drop_row = u->press_row;
    return KK_EXAM_UIF_REDRAW;
  }
  /* KK_EV_MOVE */
  u->w->hover_id = h ? h->id : H_NONE;
  u->w->hover_arg = h ? h->arg : 0;
  if (u->press_row >= 0) {
    int dy = ev->y - u->press_y;
    if (dy > S(u, 6) || dy < -S(u, 6)) u->dragging = 1;
    if (h && h->id == H_ORDER_ROW) u->drop_row = h->arg;
  }
  return KK_EXAM_UIF_REDRAW;
}

unsigned kk_exam_ui_handle(kk_ExamUi *u, const kk_UiEvent *ev) {
  int64_t now = ev->now_ms;
  unsigned out = KK_EXAM_UIF_REDRAW;
  if (ev->kind == KK_EV_QUIT) return KK_EXAM_UIF_QUIT;
  if (ev->kind == KK_EV_KEY && (ev->mods & KK_MOD_CTRL) && ev->key == KK_KEY_CHAR && ev->ch == 'q')
    return KK_EXAM_UIF_QUIT; /* leaving keeps everything: resume later */
  unsigned look = look_key(u, ev);
  if (look) return look | (kk_exam_ui_text_input(u) ? KK_EXAM_UIF_TEXT_INPUT : 0);
  if (ev->kind == KK_EV_MOVE || ev->kind == KK_EV_PRESS || ev->kind == KK_EV_WHEEL)
    out |= pointer(u, ev);
  if (u->screen == KK_EXAM_UI_START) {
    if (u->autostart) {
      u->autostart = 0;
      start(u, now);
      if (u->screen != KK_EXAM_UI_START) goto done;
    }
    out |= handle_start(u, ev);
    goto done;
  }
  if (!u->a) goto done;
  if (!kk_attempt_submitted_ms(u->a) || !kk_attempt_saved(u->a)) {
    kk_Err err;
    unsigned tev = 0;
    note(u, kk_attempt_tick(u->a, now, &tev, &err), &err);
    if (tev & KK_TICK_MOVED) snprintf(u->msg, sizeof u->msg, _("Time for that question ran out."));
    sync(u);
  }
  check_submitted(u, now);
  if (u->screen == KK_EXAM_UI_RESULTS) {
    if (ev->kind == KK_EV_KEY) {
      int step = ev->key == KK_KEY_PAGEDOWN ? u->view_h * 9 / 10
                 : ev->key == KK_KEY_PAGEUP ? -u->view_h * 9 / 10
                 : ev->key == KK_KEY_DOWN   ? S(u, 40)
                 : ev->key == KK_KEY_UP     ? -S(u, 40)
                                            : 0;
      scroll_by(u, step);
      if (ev->key == KK_KEY_ESCAPE) return KK_EXAM_UIF_QUIT;
    }
    goto done;
  }
  if (u->screen == KK_EXAM_UI_CONFIRM) {
    const Hit *h = ev->kind == KK_EV_CLICK ? hit_at(u, ev->x, ev->y) : NULL;
    if ((ev->kind == KK_EV_KEY && ev->key == KK_KEY_ENTER) || (h && h->id == H_YES)) {
      kk_Err err;
      note(u, kk_attempt_submit(u->a, now, &err), &err);
      check_submitted(u, now);
    } else if ((ev->kind == KK_EV_KEY && ev->key == KK_KEY_ESCAPE) || (h && h->id == H_NO)) {
      u->screen = KK_EXAM_UI_QUESTION;
    }
    goto done;
  }
  /* the question screen */
  if (ev->kind == KK_EV_KEY)
    question_key(u, ev);
  else if (ev->kind == KK_EV_CLICK)
    question_click(u, ev);
  else if (ev->kind == KK_EV_TEXT && ev->text && kk_exam_ui_text_input(u)) {
    append(u->text, sizeof u->text, ev->text);
    u->comp[0] = '\0';
    /* Typed text is saved as it is typed (nothing is lost if time runs
    ** out or the machine stops); with after_each feedback Enter commits,
    ** since an answer then locks. */
    if (u->spec->feedback != KK_FEEDBACK_AFTER_EACH) commit_text(u, now);
  } else if (ev->kind == KK_EV_EDIT && kk_exam_ui_text_input(u)) {
    snprintf(u->comp, sizeof u->comp, "%s", ev->text ? ev->text : "");
  }
  check_submitted(u, now);
done:
  if (kk_exam_ui_text_input(u)) out |= KK_EXAM_UIF_TEXT_INPUT;
  return out;
}

int64_t kk_exam_ui_next_tick_ms(const kk_ExamUi *u, int64_t now_ms) {
  if (u->a && kk_attempt_submitted_ms(u->a) && !kk_attempt_saved(u->a))
    return now_ms + 1000; /* the submission's save is retried */
  if (!u->a || kk_attempt_submitted_ms(u->a) || u->screen == KK_EXAM_UI_START) return 0;
  int64_t left = kk_attempt_remaining_ms(u->a, now_ms);
  int64_t qleft = kk_attempt_question_remaining_ms(u->a, now_ms);
  if (qleft < left) left = qleft;
  if (left == INT64_MAX) return 0;
  int64_t step = left % 1000;
  return now_ms + (step ? step : 1000);
}
