/*
** ui_exam.c -- the exam screens (see ui_exam.h).
**
** The screens are built from the trainer's widgets (ui_int.h): buttons,
** wrapped text, list rows and scrolling come from ui_widgets.c and
** ui_text.c through a kk_Ui kept as the widget context, so theme, zoom,
** text layout and hit-testing are the drill's.
**
** Divisions:
**   state        the context, per-question editing state
**   acting       answers, navigation, submission, the clock
**   input        keys, text, clicks, drags and the wheel per screen
**   drawing      start, question (scrolled between fixed bars), dialog,
**                results
*/
#include "core/ui/ui_exam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/utf8.h"
#include "core/deck/cloze.h"
#include "core/ui/ui_int.h"
#include "core/exam/mark.h"

/* ---- state -------------------------------------------------------------------*/

typedef enum {
  H_NONE, H_NAV, H_OPTION, H_TRUE, H_FALSE, H_ORDER_ROW, H_PREV, H_NEXT,
  H_FLAG, H_SUBMIT, H_YES, H_NO, H_NAME, H_NUMBER, H_START, H_QUIT
} HitId;

typedef kk_UiHit Hit; /* hit rectangles live in the widget context */

struct kk_ExamUi {
  const kk_ExamSpec *spec;
  kk_ExamUiHost host;
  kk_ExamUiScreen screen;
  kk_Attempt *a;
  char name[128], number[64];
  int field; /* start screen: 0 name, 1 number */
  int autostart;
  char msg[600];
  /* editing state of the question shown */
  size_t shown;
  int loaded;
  char text[2048];  /* text field (typed, numeric, cloze) */
  char comp[256];   /* IME composition */
  int cursor;       /* choice / order row */
  size_t order[KK_DECK_MAX_ORDER_ITEMS], norder; /* order: card item numbers as arranged */
  int go_mode;
  char go_buf[8];
  int scroll;       /* content scrolled up by this many pixels */
  int notified; /* host told about the submission */
  /* widgets and layout of the last frame */
  kk_Ui *w;         /* the widget context: theme, zoom, metrics, hits (owned) */
  int content_h, view_h; /* of the scrolled content, to bound scrolling */
  int reveal;       /* bring the cursor row into view at the next draw */
  int cur_top, cur_bot; /* the cursor row in content coordinates */
  /* order rows by mouse: picked by a click (or Space), or dragged */
  int picked;       /* row picked up, -1 none */
  int press_row;    /* row under the button press, -1 none */
  int press_y, dragging, drop_row;
};

int kk_exam_ui_warning_level(int64_t remaining_ms) {
  if (remaining_ms <= 60000) return 2;
  if (remaining_ms <= 600000) return 1;
  return 0;
}

kk_ExamUi *kk_exam_ui_new(const kk_ExamSpec *spec, const kk_ExamUiHost *host,
                          const char *name, const char *number) {
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

static const kk_Question *cur_q(const kk_ExamUi *u) {
  return kk_paper_question(kk_attempt_paper(u->a), kk_attempt_current(u->a));
}

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
    for (size_t j = 0; j < n; j++)
      u->order[j] = m == (int)q->nperm ? got[j] : q->perm[j];
  }
}

static void sync(kk_ExamUi *u) {
  if (u->a && (!u->loaded || u->shown != kk_attempt_current(u->a))) load_edit(u);
}

/* ---- acting --------------------------------------------------------------------*/

static void note(kk_ExamUi *u, kk_Status st, const kk_Err *err) {
  if (st == KK_OK) return;
  snprintf(u->msg, sizeof u->msg, "%s%s", err->msg,
           st == KK_ERR_DB || st == KK_ERR_BUSY
               ? " (kept; it will be saved again)" : "");
}

/* Moves to the results screen once the attempt is submitted. */
static void check_submitted(kk_ExamUi *u, int64_t now) {
  if (!u->a || !kk_attempt_submitted_ms(u->a)) return;
  u->screen = KK_EXAM_UI_RESULTS;
  u->scroll = 0;
  if (!u->notified) {
    u->notified = 1;
    u->msg[0] = '\0';
    if (kk_attempt_auto_submitted(u->a))
      snprintf(u->msg, sizeof u->msg, "Time ran out: the exam was submitted. ");
    size_t l = strlen(u->msg);
    if (u->host.submitted)
      u->host.submitted(u->host.ud, u->a, now, u->msg + l, sizeof u->msg - l);
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
    snprintf(u->msg, sizeof u->msg, "Enter your student number.");
    u->field = 1;
    return;
  }
  kk_Attempt *a = NULL;
  if (!u->host.open || u->host.open(u->host.ud, u->name, u->number, now, &a, &err) != KK_OK || !a) {
    snprintf(u->msg, sizeof u->msg, "%s", err.msg[0] ? err.msg : "cannot start the exam");
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
  size_t sel[256];
  int n = kk_paper_parse_list(kk_attempt_response(u->a, kk_attempt_current(u->a))->answer,
                               sel, 256, q->card->noptions);
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

static int S(const kk_ExamUi *u, int pt) { return kk_ui_sp(u->w, pt); }  /* spacing */
static int PX(const kk_ExamUi *u, int pt) { return kk_ui_px(u->w, pt); } /* font size */

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
  if (ev->ch == 't') u->w->dark = !u->w->dark, changed = 1;
  else if (ev->ch == '=' || ev->ch == '+') changed = kk_ui_zoom(u->w, +10);
  else if (ev->ch == '-') changed = kk_ui_zoom(u->w, -10);
  else if (ev->ch == '0') changed = kk_ui_zoom(u->w, 0);
  else return 0;
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
  size_t fs = u->field ? sizeof u->number : sizeof u->name;
  if (ev->kind == KK_EV_TEXT && ev->text) append(f, fs, ev->text);
  else if (ev->kind == KK_EV_EDIT) snprintf(u->comp, sizeof u->comp, "%s", ev->text ? ev->text : "");
  else if (ev->kind == KK_EV_KEY) {
    u->reveal = 1;
    if (ev->key == KK_KEY_BACKSPACE) backspace(f);
    else if (ev->key == KK_KEY_TAB || ev->key == KK_KEY_DOWN || ev->key == KK_KEY_UP) u->field = !u->field;
    else if (ev->key == KK_KEY_ENTER) {
      if (u->field == 0 && !u->number[0]) u->field = 1;
      else start(u, ev->now_ms);
    }
  } else if (ev->kind == KK_EV_CLICK) {
    const Hit *h = hit_at(u, ev->x, ev->y);
    if (h && h->id == H_NAME) u->field = 0;
    else if (h && h->id == H_NUMBER) u->field = 1;
    else if (h && h->id == H_START) start(u, ev->now_ms);
  }
  return KK_EXAM_UIF_REDRAW;
}

/* Moves order row `from` to position `to` (the rows between shift) and
** saves the order. */
static void move_row(kk_ExamUi *u, int from, int to, int64_t now) {
  if (from < 0 || to < 0 || from >= (int)u->norder || to >= (int)u->norder) return;
  u->cursor = to;
  u->reveal = 1;
  if (from == to) return;
  size_t t = u->order[from];
  if (from < to) memmove(u->order + from, u->order + from + 1, (size_t)(to - from) * sizeof *u->order);
  else memmove(u->order + to + 1, u->order + to, (size_t)(from - to) * sizeof *u->order);
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
  if (ev->key == KK_KEY_PAGEDOWN || (ctrl && ev->key == KK_KEY_RIGHT)) go(u, cur + 1, now);
  else if (ev->key == KK_KEY_PAGEUP || (ctrl && ev->key == KK_KEY_LEFT)) { if (cur) go(u, cur - 1, now); }
  else if (ctrl && ev->key == KK_KEY_CHAR && ev->ch == 'f') flag(u, now);
  else if (ctrl && ev->key == KK_KEY_CHAR && ev->ch == 'g') u->go_mode = 1, u->go_buf[0] = '\0';
  else if ((ctrl && ev->key == KK_KEY_CHAR && ev->ch == 's') || (ctrl && ev->key == KK_KEY_ENTER))
    u->screen = KK_EXAM_UI_CONFIRM;
  else if (ctrl) return;
  else switch (q->card->type) {
  case KK_CARD_CHOICE:
    if (ev->key == KK_KEY_CHAR && ev->ch >= '1' && ev->ch <= '9') pick_option(u, ev->ch - '1', now);
    else if (ev->key == KK_KEY_UP && u->cursor > 0) u->cursor--;
    else if (ev->key == KK_KEY_DOWN && (size_t)u->cursor + 1 < q->nperm) u->cursor++;
    else if (ev->key == KK_KEY_SPACE || ev->key == KK_KEY_ENTER) pick_option(u, (size_t)u->cursor, now);
    u->reveal = 1;
    break;
  case KK_CARD_TRUEFALSE:
    if (ev->key == KK_KEY_CHAR && (ev->ch == 't' || ev->ch == '1')) commit(u, "true", now);
    else if (ev->key == KK_KEY_CHAR && (ev->ch == 'f' || ev->ch == '2')) commit(u, "false", now);
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
  case H_PREV: if (cur) go(u, cur - 1, now); break;
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
      return kk_ui_zoom(u->w, ev->dy > 0 ? 10 : -10) ? KK_EXAM_UIF_REDRAW | KK_EXAM_UIF_SETTINGS : 0;
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
  if (!kk_attempt_submitted_ms(u->a)) {
    kk_Err err;
    unsigned tev = 0;
    note(u, kk_attempt_tick(u->a, now, &tev, &err), &err);
    if (tev & KK_TICK_MOVED) snprintf(u->msg, sizeof u->msg, "Time for that question ran out.");
    sync(u);
  }
  check_submitted(u, now);
  if (u->screen == KK_EXAM_UI_RESULTS) {
    if (ev->kind == KK_EV_KEY) {
      int step = ev->key == KK_KEY_PAGEDOWN ? u->view_h * 9 / 10
                 : ev->key == KK_KEY_PAGEUP ? -u->view_h * 9 / 10
                 : ev->key == KK_KEY_DOWN ? S(u, 40) : ev->key == KK_KEY_UP ? -S(u, 40) : 0;
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
  if (ev->kind == KK_EV_KEY) question_key(u, ev);
  else if (ev->kind == KK_EV_CLICK) question_click(u, ev);
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
  if (!u->a || kk_attempt_submitted_ms(u->a) || u->screen == KK_EXAM_UI_START) return 0;
  int64_t left = kk_attempt_remaining_ms(u->a, now_ms);
  int64_t qleft = kk_attempt_question_remaining_ms(u->a, now_ms);
  if (qleft < left) left = qleft;
  if (left == INT64_MAX) return 0;
  int64_t step = left % 1000;
  return now_ms + (step ? step : 1000);
}

/* ---- drawing ------------------------------------------------------------------------*/

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
static int wrap(kk_ExamUi *u, int x, int y, int w, int px, int style, kk_Color c,
                const char *s, int draw) {
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
    snprintf(line, sizeof line, "Time limit: %lld minutes", (long long)(s->time_limit_ms / 60000));
  else
    snprintf(line, sizeof line, "No time limit");
  if (draw) label(u, m, y, px, KK_TEXT_BOLD, th->text, line, cw);
  y += lh;
  int ext = u->number[0] ? kk_exam_spec_extension_min(s, u->number) : 0;
  if (ext) {
    snprintf(line, sizeof line, "Extra time for %s: %d minutes", u->number, ext);
    if (draw) label(u, m, y, px, 0, th->accent, line, cw);
    y += lh;
  }
  y += S(u, 20);
  const char *labels[2] = {"Name", "Student number"};
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
  if (draw) kk_ui_button(u->w, (kk_Rect){m, y, bw, S(u, 44)}, "Start (Enter)", NULL, 1, H_START, 0);
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
  if (left == INT64_MAX) snprintf(buf, sizeof buf, "untimed");
  else {
    int64_t s = (left + 999) / 1000;
    snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", (long long)(s / 3600),
             (long long)(s / 60 % 60), (long long)(s % 60));
    if (s < 3600) snprintf(buf, sizeof buf, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
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
    return c->ncorrect > 1 ? "Choose all that apply: 1-9, or Up/Down and Space, or click"
                           : "Choose one: 1-9, or Up/Down and Space, or click";
  if (u->picked >= 0)
    return "Moving: Up/Down, or click its place; Space puts it down";
  return "Drag a row to its place, or click it and click its place; "
         "keys: Up/Down select, Space picks up (or Alt+Up/Down moves), Enter confirms";
}

/* The question's scrolled part: head line, message, image, prompt, the
** answer widgets, feedback.  Returns its height. */
static int question_content(kk_ExamUi *u, int m, int y0, int cw, int draw, int64_t now) {
  const kk_UiTheme *th = u->w->th;
  const kk_Paper *p = kk_attempt_paper(u->a);
  size_t n = kk_paper_count(p), cur = kk_attempt_current(u->a);
  const kk_Question *q = cur_q(u);
  const kk_Response *r = kk_attempt_response(u->a, cur);
  const kk_Card *c = q->card;
  int px = PX(u, 18), small = PX(u, 14), gap = S(u, 12);
  int y = y0 + S(u, 12);
  /* head line, the question's own timer at the right */
  char head[200], qt[64] = "";
  int64_t ql = kk_attempt_question_remaining_ms(u->a, now);
  snprintf(head, sizeof head, "Question %zu of %zu  \xC2\xB7  %g point%s%s", cur + 1, n,
           q->points, q->points == 1 ? "" : "s", r->flagged ? "  \xC2\xB7  flagged" : "");
  if (ql != INT64_MAX) snprintf(qt, sizeof qt, "this question: %llds", (long long)((ql + 999) / 1000));
  int qtw = qt[0] ? text_w(u, small, qt) + S(u, 12) : 0;
  if (draw) {
    label(u, m, y, small, 0, th->muted, head, cw - qtw);
    if (qt[0]) label(u, m + cw - qtw + S(u, 12), y, small, 0, ql <= 10000 ? th->bad : th->muted, qt, 0);
  }
  y += line_h(u, small) + S(u, 6);
  if (u->msg[0]) y += wrap(u, m, y, cw, small, 0, th->bad, u->msg, draw) + S(u, 6);
  if (c->image_path) { /* a box the renderer fits the picture into, as in the drill */
    int ih = S(u, 220), most = u->view_h * 2 / 5;
    if (ih > most) ih = most > S(u, 80) ? most : S(u, 80);
    if (draw) kk_draw_image(u->w->dl, (kk_Rect){m, y, cw, ih}, c->image_path);
    y += ih + gap;
  }
  char prompt[4096];
  const char *ptext = c->front;
  if (c->type == KK_CARD_CLOZE && kk_cloze_prompt(c->front, q->cloze, prompt, sizeof prompt) >= 0)
    ptext = prompt;
  y += wrap(u, m, y, cw, PX(u, 22), 0, th->text, ptext, draw) + gap;
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
      kk_ui_button(u->w, (kk_Rect){m, y, bw, bh}, "True (T)", NULL, !strcmp(r->answer, "true"),
                   H_TRUE, 0);
      kk_ui_button(u->w, (kk_Rect){m + bw + gap, y, bw, bh}, "False (F)", NULL,
                   !strcmp(r->answer, "false"), H_FALSE, 0);
    }
    y += bh + gap;
  } else {
    kk_Rect f = {m, y, cw, line_h(u, px) + S(u, 16)};
    if (draw) field(u, f, px, u->text, !u->go_mode);
    u->cur_top = y - y0, u->cur_bot = y - y0 + f.h;
    y += f.h + S(u, 6);
    char saved[2100] = "Type your answer", blanks[2048];
    if (c->type == KK_CARD_CLOZE && kk_cloze_answers(c->front, q->cloze, blanks, sizeof blanks) >= 0 &&
        strchr(blanks, '\n'))
      snprintf(saved, sizeof saved, "Type your answers, the blanks separated by |");
    if (r->answer[0]) {
      snprintf(saved, sizeof saved, "Saved: ");
      append(saved, sizeof saved, r->answer);
    }
    for (char *s = saved; *s; s++) if (*s == '\n') *s = '|';
    y += wrap(u, m, y, cw, small, 0, th->muted, saved, draw) + gap;
  }
  if (u->spec->feedback == KK_FEEDBACK_AFTER_EACH && r->answer[0] && r->locked) {
    /* Feedback right after the answer (which is then final). */
    double mk = kk_mark_question(u->spec, q, r->answer);
    char fb[4400], corr[2048], ctext[2048];
    if (kk_mark_correct(q, corr, sizeof corr) < 0 ||
        kk_mark_answer_text(q, corr, ctext, sizeof ctext) < 0)
      ctext[0] = '\0';
    for (char *t = ctext; *t; t++) if (*t == '\n') *t = '|';
    snprintf(fb, sizeof fb, "%s  Correct answer: %s",
             mk >= 1 ? "Correct." : mk > 0 ? "Partly correct." : "Not correct.", ctext);
    y += wrap(u, m, y, cw, px, 0, mk >= 1 ? th->good : mk > 0 ? th->warn : th->bad, fb, draw);
    if (c->explanation) y += S(u, 4) + wrap(u, m, y + S(u, 4), cw, small, 0, th->muted, c->explanation, draw);
    y += gap;
  } else if (r->locked) {
    y += wrap(u, m, y, cw, small, 0, th->warn, "This answer can no longer be changed.", draw) + gap;
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
    if (ri->flagged) kk_draw_rect(u->w->dl, (kk_Rect){b.x + box - S(u, 8), b.y, S(u, 8), S(u, 8)}, th->warn);
    kk_ui_hit(u->w, b, H_NAV, (int)i);
  }
  /* footer: Prev, Flag, Next at the left, Submit at the right */
  cover(u, (kk_Rect){0, foot, w, h - foot});
  kk_draw_line(u->w->dl, 0, foot, w, foot, th->border);
  int gap = S(u, 10), by = foot + S(u, 10);
  int bw = (w - 2 * m - 4 * gap) / 4;
  if (bw > S(u, 150)) bw = S(u, 150);
  if (bw < 1) bw = 1;
  kk_ui_button(u->w, (kk_Rect){m, by, bw, bh}, "< Prev (PgUp)", NULL, 0, H_PREV, 0);
  kk_ui_button(u->w, (kk_Rect){m + bw + gap, by, bw, bh}, r->flagged ? "Unflag (^F)" : "Flag (^F)",
               NULL, 0, H_FLAG, 0);
  kk_ui_button(u->w, (kk_Rect){m + 2 * (bw + gap), by, bw, bh}, "Next (PgDn) >", NULL, 0, H_NEXT, 0);
  kk_ui_button(u->w, (kk_Rect){w - m - bw, by, bw, bh}, "Submit (^S)", NULL, 1, H_SUBMIT, 0);
  if (u->go_mode) { /* over the top of the scrolled part */
    char g[32];
    snprintf(g, sizeof g, "Go to question: %s_", u->go_buf);
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
    snprintf(buf, size, "none");
    return;
  }
  size_t off = (size_t)snprintf(buf, size, "%zu (", cnt), k = 0;
  for (size_t i = 0; i < n && off + 24 < size; i++) {
    int take = flagged ? kk_attempt_response(a, i)->flagged : !kk_attempt_answered(a, i);
    if (take) off += (size_t)snprintf(buf + off, size - off, "%s%zu", k++ ? ", " : "", i + 1);
  }
  snprintf(buf + off, size - off, "%s)", k < cnt ? ", ..." : "");
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
  snprintf(l1, sizeof l1, "Unanswered questions: %s", un);
  snprintf(l2, sizeof l2, "Flagged for review: %s", fl);
  const char *note_s = "Answers cannot be changed after submitting.";
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
  label(u, x, y, PX(u, 22), KK_TEXT_BOLD, th->text, "Submit the exam?", tw);
  y += line_h(u, PX(u, 22)) + S(u, 14);
  y += wrap(u, x, y, tw, px, 0, strcmp(un, "none") ? th->bad : th->text, l1, 1) + gap;
  y += wrap(u, x, y, tw, px, 0, strcmp(fl, "none") ? th->warn : th->text, l2, 1) + gap;
  y += wrap(u, x, y, tw, PX(u, 14), 0, th->muted, note_s, 1) + S(u, 18);
  int bw = (tw - gap) / 2;
  if (bw > S(u, 190)) bw = S(u, 190);
  kk_ui_button(u->w, (kk_Rect){x, y, bw, bh}, "Submit (Enter)", NULL, 1, H_YES, 0);
  kk_ui_button(u->w, (kk_Rect){x + bw + gap, y, bw, bh}, "Back (Esc)", NULL, 0, H_NO, 0);
}

/* ---- the results screen ---- */

static int results_content(kk_ExamUi *u, int m, int y0, int cw, int draw, int64_t now) {
  const kk_ExamSpec *s = u->spec;
  const kk_UiTheme *th = u->w->th;
  int y = y0 + S(u, 32), px = PX(u, 18), small = PX(u, 15);
  int lh = line_h(u, px);
  (void)now;
  y += wrap(u, m, y, cw, PX(u, 26), KK_TEXT_BOLD, th->text, s->title, draw) + S(u, 10);
  if (draw) label(u, m, y, px, 0, th->text, "Submitted.", cw);
  y += lh;
  if (u->msg[0]) y += wrap(u, m, y, cw, small, 0, th->muted, u->msg, draw) + S(u, 4);
  if (s->feedback == KK_FEEDBACK_NEVER) return y - y0 + S(u, 16);
  double score = kk_attempt_score(u->a), max = kk_attempt_max_score(u->a);
  char line[4400];
  snprintf(line, sizeof line, "Score: %g of %g (%.1f%%)", score, max, max > 0 ? 100 * score / max : 0.0);
  if (draw) label(u, m, y + S(u, 8), PX(u, 24), KK_TEXT_BOLD, th->text, line, cw);
  y += line_h(u, PX(u, 24)) + S(u, 12);
  int passed = kk_attempt_passed(u->a);
  snprintf(line, sizeof line, "%s (pass mark %g%%)", passed ? "Passed" : "Not passed", s->pass_percent);
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
    if (kk_mark_correct(q, c, sizeof c) < 0 ||
        kk_mark_answer_text(q, c, ct, sizeof ct) < 0) ct[0] = '\0';
    for (char *t = a; *t; t++) if (*t == '\n') *t = '|';
    for (char *t = ct; *t; t++) if (*t == '\n') *t = '|';
    snprintf(line, sizeof line, "%zu.  %g / %g", i + 1, pts, q->points);
    if (draw) label(u, m, y, px, KK_TEXT_BOLD, pts >= q->points ? th->good : pts > 0 ? th->warn : th->bad, line, cw);
    y += lh;
    char ptext[4096];
    const char *pt = q->card->front;
    if (q->card->type == KK_CARD_CLOZE && kk_cloze_prompt(pt, q->cloze, ptext, sizeof ptext) >= 0) pt = ptext;
    y += wrap(u, m + in, y, cw - in, small, 0, th->text, pt, draw);
    snprintf(line, sizeof line, "Your answer: %s", a[0] ? a : "(none)");
    y += wrap(u, m + in, y, cw - in, small, 0, th->muted, line, draw);
    snprintf(line, sizeof line, "Correct: %s", ct);
    y += wrap(u, m + in, y, cw - in, small, 0, th->muted, line, draw) + S(u, 10);
  }
  return y - y0 + S(u, 16);
}

static void draw_results(kk_ExamUi *u, int w, int h) {
  int m = S(u, 40);
  if (m > w / 12) m = w / 12;
  scrolled(u, (kk_Rect){0, 0, w, h}, m, w - 2 * m - S(u, 10), results_content, 0);
}

void kk_exam_ui_draw(kk_ExamUi *u, int w, int h, float scale,
                     const kk_TextMetrics *tm, int64_t now_ms, kk_DrawList *dl) {
  if (!tm || !dl) return; /* programmer error: nothing to measure or draw with */
  kk_ui_frame_begin(u->w, w, h, scale, tm, dl);
  w = u->w->w, h = u->w->h;
  kk_draw_rect(dl, (kk_Rect){0, 0, w, h}, u->w->th->bg);
  if (u->screen == KK_EXAM_UI_START || !u->a) draw_start(u, w, h);
  else if (u->screen == KK_EXAM_UI_RESULTS) draw_results(u, w, h);
  else {
    sync(u);
    draw_question(u, w, h, now_ms);
    if (u->screen == KK_EXAM_UI_CONFIRM) {
      u->w->nhits = 0; /* the dialog is modal */
      draw_confirm(u, w, h);
    }
  }
  kk_ui_frame_end(u->w);
}
