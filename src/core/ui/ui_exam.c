/*
** ui_exam.c -- the exam screens (see ui_exam.h).
**
** Divisions:
**   state        the context, per-question editing state, hits
**   acting       answers, navigation, submission, the clock
**   input        keys, text, clicks per screen
**   drawing      text helpers, start, question, dialog, results
*/
#include "core/ui/ui_exam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/ui/layout.h"
#include "core/exam/mark.h"

/* ---- state -------------------------------------------------------------------*/

#define MAX_HITS 512
#define MAX_ORDER 64

typedef enum {
  H_NONE, H_NAV, H_OPTION, H_TRUE, H_FALSE, H_ORDER_ROW, H_PREV, H_NEXT,
  H_FLAG, H_SUBMIT, H_YES, H_NO, H_NAME, H_NUMBER, H_START, H_QUIT
} HitId;

typedef struct {
  kk_Rect r;
  HitId id;
  int arg;
} Hit;

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
  size_t order[MAX_ORDER], norder; /* order: card item numbers as arranged */
  int go_mode;
  char go_buf[8];
  int scroll;
  int notified; /* host told about the submission */
  Hit hits[MAX_HITS];
  size_t nhits;
  /* drawing context (valid during draw) */
  kk_DrawList *dl;
  const kk_TextMetrics *tm;
  float scale;
};

static const kk_Color C_BG = {250, 250, 247, 255}, C_TEXT = {30, 30, 34, 255},
                      C_MUTED = {110, 110, 118, 255}, C_ACCENT = {38, 98, 200, 255},
                      C_ACCENT_BG = {216, 228, 250, 255}, C_WARN = {214, 120, 0, 255},
                      C_BAD = {200, 30, 40, 255}, C_GOOD = {30, 140, 70, 255},
                      C_PANEL = {255, 255, 255, 255}, C_BORDER = {190, 190, 196, 255},
                      C_SHADE = {0, 0, 0, 110}, C_WHITE = {255, 255, 255, 255};

int kk_exam_ui_warning_level(int64_t remaining_ms) {
  if (remaining_ms <= 60000) return 2;
  if (remaining_ms <= 600000) return 1;
  return 0;
}

kk_ExamUi *kk_exam_ui_new(const kk_ExamSpec *spec, const kk_ExamUiHost *host,
                          const char *name, const char *number) {
  kk_ExamUi *u = kk_calloc(1, sizeof *u);
  if (!u) return NULL;
  u->spec = spec;
  u->host = *host;
  u->screen = KK_EXAM_UI_START;
  if (name) snprintf(u->name, sizeof u->name, "%s", name);
  if (number) snprintf(u->number, sizeof u->number, "%s", number);
  u->autostart = name && number && *number;
  u->field = name ? 1 : 0;
  return u;
}

void kk_exam_ui_free(kk_ExamUi *u) { kk_free(u); }

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
    if (n > MAX_ORDER) n = MAX_ORDER;
    size_t got[256];
    int m = kk_paper_parse_list(ans, got, 256, q->nperm);
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
  for (size_t i = u->nhits; i-- > 0;) {
    const Hit *h = &u->hits[i];
    if (x >= h->r.x && y >= h->r.y && x < h->r.x + h->r.w && y < h->r.y + h->r.h) return h;
  }
  return NULL;
}

static unsigned handle_start(kk_ExamUi *u, const kk_UiEvent *ev) {
  char *f = u->field ? u->number : u->name;
  size_t fs = u->field ? sizeof u->number : sizeof u->name;
  if (ev->kind == KK_EV_TEXT && ev->text) append(f, fs, ev->text);
  else if (ev->kind == KK_EV_EDIT) snprintf(u->comp, sizeof u->comp, "%s", ev->text ? ev->text : "");
  else if (ev->kind == KK_EV_KEY) {
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
    break;
  case KK_CARD_TRUEFALSE:
    if (ev->key == KK_KEY_CHAR && (ev->ch == 't' || ev->ch == '1')) commit(u, "true", now);
    else if (ev->key == KK_KEY_CHAR && (ev->ch == 'f' || ev->ch == '2')) commit(u, "false", now);
    break;
  case KK_CARD_ORDER: {
    int move = ev->mods & (KK_MOD_ALT | KK_MOD_SHIFT);
    size_t c = (size_t)u->cursor;
    if (ev->key == KK_KEY_UP && c > 0) {
      if (move) {
        size_t t = u->order[c - 1];
        u->order[c - 1] = u->order[c];
        u->order[c] = t;
        u->cursor--;
        commit_order(u, now);
      } else u->cursor--;
    } else if (ev->key == KK_KEY_DOWN && c + 1 < u->norder) {
      if (move) {
        size_t t = u->order[c + 1];
        u->order[c + 1] = u->order[c];
        u->order[c] = t;
        u->cursor++;
        commit_order(u, now);
      } else u->cursor++;
    } else if (ev->key == KK_KEY_ENTER || ev->key == KK_KEY_SPACE) {
      commit_order(u, now);
    }
    break;
  }
  default:
    if (ev->key == KK_KEY_BACKSPACE && !u->comp[0]) {
      backspace(u->text);
      if (u->spec->feedback != KK_FEEDBACK_AFTER_EACH) commit_text(u, now);
    } else if (ev->key == KK_KEY_ENTER && !u->comp[0]) {
      commit_text(u, now);
    }
    break;
  }
}

static void question_click(kk_ExamUi *u, const kk_UiEvent *ev) {
  const Hit *h = hit_at(u, ev->x, ev->y);
  if (!h) return;
  int64_t now = ev->now_ms;
  size_t cur = kk_attempt_current(u->a);
  switch (h->id) {
  case H_NAV: go(u, (size_t)h->arg, now); break;
  case H_OPTION: pick_option(u, (size_t)h->arg, now); break;
  case H_TRUE: commit(u, "true", now); break;
  case H_FALSE: commit(u, "false", now); break;
  case H_ORDER_ROW: u->cursor = h->arg; break;
  case H_PREV: if (cur) go(u, cur - 1, now); break;
  case H_NEXT: go(u, cur + 1, now); break;
  case H_FLAG: flag(u, now); break;
  case H_SUBMIT: u->screen = KK_EXAM_UI_CONFIRM; break;
  default: break;
  }
}

unsigned kk_exam_ui_handle(kk_ExamUi *u, const kk_UiEvent *ev) {
  int64_t now = ev->now_ms;
  unsigned out = KK_EXAM_UIF_REDRAW;
  if (ev->kind == KK_EV_QUIT) return KK_EXAM_UIF_QUIT;
  if (ev->kind == KK_EV_KEY && (ev->mods & KK_MOD_CTRL) && ev->key == KK_KEY_CHAR && ev->ch == 'q')
    return KK_EXAM_UIF_QUIT; /* leaving keeps everything: resume later */
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
      int step = ev->key == KK_KEY_PAGEDOWN ? 400 : ev->key == KK_KEY_PAGEUP ? -400
                 : ev->key == KK_KEY_DOWN ? 40 : ev->key == KK_KEY_UP ? -40 : 0;
      u->scroll += step;
      if (u->scroll < 0) u->scroll = 0;
      if (ev->key == KK_KEY_ESCAPE) return KK_EXAM_UIF_QUIT;
    } else if (ev->kind == KK_EV_WHEEL) {
      u->scroll -= ev->dy * 40;
      if (u->scroll < 0) u->scroll = 0;
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

static int S(const kk_ExamUi *u, int pt) { return (int)(pt * u->scale + 0.5f); }

static void add_hit(kk_ExamUi *u, kk_Rect r, HitId id, int arg) {
  if (u->nhits < MAX_HITS) u->hits[u->nhits++] = (Hit){r, id, arg};
}

static int text_w(kk_ExamUi *u, int px, const char *s) {
  return u->tm->width(u->tm->ud, px, s, strlen(s));
}

static void text(kk_ExamUi *u, int x, int y, int px, int style, kk_Color c, const char *s) {
  kk_draw_text(u->dl, x, y, px, style, c, s, strlen(s));
}

/* A wrapped paragraph; returns its height. */
static int para(kk_ExamUi *u, int x, int y, int w, int px, kk_Color c, const char *s) {
  kk_Layout l;
  if (kk_layout_paragraph(s, strlen(s), "ja", w, px, u->tm, &l) != KK_OK) {
    text(u, x, y, px, 0, c, s);
    return u->tm->line_height(u->tm->ud, px);
  }
  for (size_t i = 0; i < l.nlines; i++)
    kk_draw_text(u->dl, x, y + l.ruby_h_px + l.lines[i].y_px, px, 0, c,
                 l.text + l.lines[i].off, l.lines[i].len);
  for (size_t i = 0; i < l.nrubies; i++)
    kk_draw_text(u->dl, x + l.rubies[i].x_px, y + l.rubies[i].y_px, l.ruby_px, 0,
                 C_MUTED, l.rubies[i].text, l.rubies[i].len);
  int h = l.height_px;
  kk_layout_free(&l);
  return h;
}

static void button(kk_ExamUi *u, kk_Rect r, const char *label, int primary, HitId id, int arg) {
  kk_draw_rect(u->dl, r, primary ? C_ACCENT : C_PANEL);
  kk_draw_frame(u->dl, r, primary ? C_ACCENT : C_BORDER, 1);
  int px = S(u, 16);
  int lh = u->tm->line_height(u->tm->ud, px);
  text(u, r.x + (r.w - text_w(u, px, label)) / 2, r.y + (r.h - lh) / 2, px, 0,
       primary ? C_WHITE : C_TEXT, label);
  add_hit(u, r, id, arg);
}

static void draw_start(kk_ExamUi *u, int w, int h) {
  const kk_ExamSpec *s = u->spec;
  int m = S(u, 48), y = S(u, 40), cw = w - 2 * m;
  int px = S(u, 18), lh = u->tm->line_height(u->tm->ud, px);
  y += para(u, m, y, cw, S(u, 28), C_TEXT, s->title) + S(u, 16);
  if (s->instructions[0]) y += para(u, m, y, cw, px, C_TEXT, s->instructions) + S(u, 12);
  char line[160];
  if (s->time_limit_ms)
    snprintf(line, sizeof line, "Time limit: %lld minutes", (long long)(s->time_limit_ms / 60000));
  else
    snprintf(line, sizeof line, "No time limit");
  text(u, m, y, px, KK_TEXT_BOLD, C_TEXT, line);
  y += lh;
  int ext = u->number[0] ? kk_exam_spec_extension_min(s, u->number) : 0;
  if (ext) {
    snprintf(line, sizeof line, "Extra time for %s: %d minutes", u->number, ext);
    text(u, m, y, px, 0, C_ACCENT, line);
    y += lh;
  }
  y += S(u, 20);
  const char *labels[2] = {"Name", "Student number"};
  char *vals[2] = {u->name, u->number};
  for (int i = 0; i < 2; i++) {
    text(u, m, y, S(u, 15), 0, C_MUTED, labels[i]);
    y += u->tm->line_height(u->tm->ud, S(u, 15));
    kk_Rect r = {m, y, cw < S(u, 480) ? cw : S(u, 480), lh + S(u, 12)};
    kk_draw_rect(u->dl, r, C_PANEL);
    kk_draw_frame(u->dl, r, u->field == i ? C_ACCENT : C_BORDER, u->field == i ? 2 : 1);
    text(u, r.x + S(u, 8), r.y + S(u, 6), px, 0, C_TEXT, vals[i]);
    if (u->field == i) {
      int cx = r.x + S(u, 8) + text_w(u, px, vals[i]);
      if (u->comp[0]) {
        text(u, cx, r.y + S(u, 6), px, KK_TEXT_UNDERLINE, C_ACCENT, u->comp);
        cx += text_w(u, px, u->comp);
      }
      kk_draw_rect(u->dl, (kk_Rect){cx, r.y + S(u, 6), S(u, 2), lh}, C_ACCENT);
      kk_draw_ime_rect(u->dl, (kk_Rect){cx, r.y, S(u, 2), r.h});
    }
    add_hit(u, r, i ? H_NUMBER : H_NAME, 0);
    y += r.h + S(u, 14);
  }
  button(u, (kk_Rect){m, y, S(u, 200), S(u, 44)}, "Start (Enter)", 1, H_START, 0);
  y += S(u, 60);
  if (u->msg[0]) text(u, m, y, px, 0, C_BAD, u->msg);
  (void)h;
}

static void countdown(kk_ExamUi *u, int x_right, int y, int64_t now) {
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
  int px = S(u, 26);
  kk_Color c = level == 2 ? C_BAD : level == 1 ? C_WARN : C_TEXT;
  int tw = text_w(u, px, buf);
  if (level) {
    kk_Rect r = {x_right - tw - S(u, 12), y - S(u, 4), tw + S(u, 24),
                 u->tm->line_height(u->tm->ud, px) + S(u, 8)};
    kk_draw_frame(u->dl, r, c, S(u, 2));
  }
  text(u, x_right - tw, y, px, KK_TEXT_BOLD, c, buf);
}

static void draw_question(kk_ExamUi *u, int w, int h, int64_t now) {
  const kk_Paper *p = kk_attempt_paper(u->a);
  size_t n = kk_paper_count(p), cur = kk_attempt_current(u->a);
  const kk_Question *q = cur_q(u);
  const kk_Response *r = kk_attempt_response(u->a, cur);
  int m = S(u, 24), px = S(u, 20), small = S(u, 15);
  int lh = u->tm->line_height(u->tm->ud, px);
  /* top bar: title and the countdown, always visible */
  kk_draw_rect(u->dl, (kk_Rect){0, 0, w, S(u, 56)}, C_PANEL);
  kk_draw_line(u->dl, 0, S(u, 56), w, S(u, 56), C_BORDER);
  text(u, m, S(u, 16), S(u, 18), KK_TEXT_BOLD, C_TEXT, u->spec->title);
  countdown(u, w - m, S(u, 12), now);
  /* navigator */
  int y = S(u, 68), bx = m, box = S(u, 30), gap = S(u, 6);
  for (size_t i = 0; i < n; i++) {
    if (bx + box > w - m) bx = m, y += box + gap;
    kk_Rect b = {bx, y, box, box};
    const kk_Response *ri = kk_attempt_response(u->a, i);
    int can = kk_attempt_can_visit(u->a, i);
    kk_draw_rect(u->dl, b, ri->answer[0] ? C_ACCENT_BG : C_PANEL);
    kk_draw_frame(u->dl, b, i == cur ? C_ACCENT : C_BORDER, i == cur ? S(u, 3) : 1);
    char num[24];
    snprintf(num, sizeof num, "%zu", i + 1);
    text(u, bx + (box - text_w(u, small, num)) / 2, y + S(u, 6), small, 0,
         can ? C_TEXT : C_MUTED, num);
    if (ri->flagged) kk_draw_rect(u->dl, (kk_Rect){bx + box - S(u, 8), y, S(u, 8), S(u, 8)}, C_WARN);
    add_hit(u, b, H_NAV, (int)i);
    bx += box + gap;
  }
  y += box + S(u, 18);
  /* the question */
  char head[200];
  int64_t ql = kk_attempt_question_remaining_ms(u->a, now);
  snprintf(head, sizeof head, "Question %zu of %zu  ·  %g point%s%s", cur + 1, n,
           q->points, q->points == 1 ? "" : "s", r->flagged ? "  ·  flagged" : "");
  text(u, m, y, small, 0, C_MUTED, head);
  if (ql != INT64_MAX) {
    snprintf(head, sizeof head, "this question: %llds", (long long)((ql + 999) / 1000));
    text(u, w - m - text_w(u, small, head), y, small, 0,
         ql <= 10000 ? C_BAD : C_MUTED, head);
  }
  y += u->tm->line_height(u->tm->ud, small) + S(u, 10);
  const kk_Card *c = q->card;
  char prompt[4096];
  const char *ptext = c->front;
  if (c->type == KK_CARD_CLOZE && kk_cloze_prompt(c->front, q->cloze, prompt, sizeof prompt) >= 0)
    ptext = prompt;
  y += para(u, m, y, w - 2 * m, S(u, 22), C_TEXT, ptext) + S(u, 16);
  int cw = w - 2 * m;
  if (c->type == KK_CARD_CHOICE || c->type == KK_CARD_ORDER) {
    for (size_t k = 0; k < q->nperm; k++) {
      const char *label = c->type == KK_CARD_CHOICE ? c->options[q->perm[k]].text
                                                    : c->items[u->order[k]];
      int on = 0;
      if (c->type == KK_CARD_CHOICE) {
        size_t sel[256];
        int ns = kk_paper_parse_list(r->answer, sel, 256, c->noptions);
        for (int j = 0; j < ns; j++) on |= sel[j] == q->perm[k];
      }
      kk_Rect row = {m, y, cw, lh + S(u, 14)};
      kk_draw_rect(u->dl, row, on ? C_ACCENT_BG : C_PANEL);
      kk_draw_frame(u->dl, row, (int)k == u->cursor ? C_ACCENT : C_BORDER, (int)k == u->cursor ? 2 : 1);
      char key[32];
      snprintf(key, sizeof key, c->type == KK_CARD_CHOICE ? "%zu" : "%zu.", k + 1);
      text(u, m + S(u, 10), y + S(u, 7), px, KK_TEXT_BOLD, on ? C_ACCENT : C_MUTED, key);
      text(u, m + S(u, 44), y + S(u, 7), px, 0, C_TEXT, label);
      add_hit(u, row, c->type == KK_CARD_CHOICE ? H_OPTION : H_ORDER_ROW, (int)k);
      y += row.h + S(u, 6);
    }
    text(u, m, y + S(u, 4), small, 0, C_MUTED,
         c->type == KK_CARD_CHOICE
             ? (c->ncorrect > 1 ? "Choose all that apply: 1-9 or Up/Down and Space"
                                : "Choose one: 1-9 or Up/Down and Space")
             : "Up/Down select, Alt+Up/Down move, Enter confirms the order");
  } else if (c->type == KK_CARD_TRUEFALSE) {
    int bw = S(u, 160), bh = S(u, 48);
    button(u, (kk_Rect){m, y, bw, bh}, "True (T)", !strcmp(r->answer, "true"), H_TRUE, 0);
    button(u, (kk_Rect){m + bw + S(u, 16), y, bw, bh}, "False (F)", !strcmp(r->answer, "false"), H_FALSE, 0);
  } else {
    kk_Rect f = {m, y, cw, lh + S(u, 16)};
    kk_draw_rect(u->dl, f, C_PANEL);
    kk_draw_frame(u->dl, f, C_ACCENT, 2);
    text(u, m + S(u, 8), y + S(u, 8), px, 0, C_TEXT, u->text);
    int cx = m + S(u, 8) + text_w(u, px, u->text);
    if (u->comp[0]) {
      text(u, cx, y + S(u, 8), px, KK_TEXT_UNDERLINE, C_ACCENT, u->comp);
      cx += text_w(u, px, u->comp);
    }
    kk_draw_rect(u->dl, (kk_Rect){cx, y + S(u, 8), S(u, 2), lh}, C_ACCENT);
    kk_draw_ime_rect(u->dl, (kk_Rect){cx, y, S(u, 2), f.h});
    char saved[2100] = "Type your answer";
    if (r->answer[0]) {
      snprintf(saved, sizeof saved, "Saved: ");
      append(saved, sizeof saved, r->answer);
    }
    for (char *s = saved; *s; s++) if (*s == '\n') *s = '|';
    text(u, m, y + f.h + S(u, 6), small, 0, C_MUTED, saved);
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
    int fy = h - S(u, 200);
    fy += para(u, m, fy, cw, px, mk >= 1 ? C_GOOD : mk > 0 ? C_WARN : C_BAD, fb);
    if (c->explanation) para(u, m, fy + S(u, 4), cw, small, C_MUTED, c->explanation);
  } else if (r->locked) {
    text(u, m, h - S(u, 96), small, 0, C_WARN, "This answer can no longer be changed.");
  }
  if (u->msg[0]) text(u, m, h - S(u, 96) + u->tm->line_height(u->tm->ud, small), small, 0, C_BAD, u->msg);
  /* bottom bar */
  int by = h - S(u, 60), bw = S(u, 130), bh = S(u, 40);
  kk_draw_line(u->dl, 0, by - S(u, 8), w, by - S(u, 8), C_BORDER);
  button(u, (kk_Rect){m, by, bw, bh}, "< Prev (PgUp)", 0, H_PREV, 0);
  button(u, (kk_Rect){m + bw + S(u, 10), by, bw, bh}, r->flagged ? "Unflag (^F)" : "Flag (^F)", 0, H_FLAG, 0);
  button(u, (kk_Rect){m + 2 * (bw + S(u, 10)), by, bw, bh}, "Next (PgDn) >", 0, H_NEXT, 0);
  button(u, (kk_Rect){w - m - bw, by, bw, bh}, "Submit (^S)", 1, H_SUBMIT, 0);
  if (u->go_mode) {
    char g[32];
    snprintf(g, sizeof g, "Go to question: %s_", u->go_buf);
    text(u, m + 3 * (bw + S(u, 10)), by + S(u, 10), small, KK_TEXT_BOLD, C_ACCENT, g);
  }
}

static void list_numbers(char *buf, size_t size, const kk_Attempt *a, int flagged) {
  size_t n = kk_paper_count(kk_attempt_paper(a)), off = 0, cnt = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && off + 16 < size; i++) {
    int take = flagged ? kk_attempt_response(a, i)->flagged : !kk_attempt_answered(a, i);
    if (take) off += (size_t)snprintf(buf + off, size - off, "%s%zu", cnt++ ? ", " : "", i + 1);
  }
  if (!cnt) snprintf(buf, size, "none");
}

static void draw_confirm(kk_ExamUi *u, int w, int h) {
  kk_draw_rect(u->dl, (kk_Rect){0, 0, w, h}, C_SHADE);
  int pw = w * 2 / 3, ph = S(u, 260);
  kk_Rect p = {(w - pw) / 2, (h - ph) / 2, pw, ph};
  kk_draw_rect(u->dl, p, C_PANEL);
  kk_draw_frame(u->dl, p, C_BORDER, 1);
  int x = p.x + S(u, 24), y = p.y + S(u, 20), px = S(u, 18);
  int lh = u->tm->line_height(u->tm->ud, px);
  text(u, x, y, S(u, 22), KK_TEXT_BOLD, C_TEXT, "Submit the exam?");
  y += lh + S(u, 16);
  char list[1024], line[1100];
  list_numbers(list, sizeof list, u->a, 0);
  snprintf(line, sizeof line, "Unanswered: %s", list);
  y += para(u, x, y, pw - S(u, 48), px, strcmp(list, "none") ? C_BAD : C_TEXT, line) + S(u, 6);
  list_numbers(list, sizeof list, u->a, 1);
  snprintf(line, sizeof line, "Flagged for review: %s", list);
  y += para(u, x, y, pw - S(u, 48), px, strcmp(list, "none") ? C_WARN : C_TEXT, line) + S(u, 6);
  text(u, x, y, S(u, 15), 0, C_MUTED, "Answers cannot be changed after submitting.");
  int by = p.y + ph - S(u, 60);
  button(u, (kk_Rect){x, by, S(u, 180), S(u, 42)}, "Submit (Enter)", 1, H_YES, 0);
  button(u, (kk_Rect){x + S(u, 196), by, S(u, 180), S(u, 42)}, "Back (Esc)", 0, H_NO, 0);
}

static void draw_results(kk_ExamUi *u, int w, int h) {
  const kk_ExamSpec *s = u->spec;
  int m = S(u, 40), y = S(u, 32) - u->scroll, px = S(u, 18), small = S(u, 15);
  int lh = u->tm->line_height(u->tm->ud, px);
  y += para(u, m, y, w - 2 * m, S(u, 26), C_TEXT, s->title) + S(u, 10);
  text(u, m, y, px, 0, C_TEXT, "Submitted.");
  y += lh;
  if (u->msg[0]) y += para(u, m, y, w - 2 * m, small, C_MUTED, u->msg) + S(u, 4);
  if (s->feedback == KK_FEEDBACK_NEVER) return;
  double score = kk_attempt_score(u->a), max = kk_attempt_max_score(u->a);
  char line[4400];
  snprintf(line, sizeof line, "Score: %g of %g (%.1f%%)", score, max, max > 0 ? 100 * score / max : 0.0);
  text(u, m, y + S(u, 8), S(u, 24), KK_TEXT_BOLD, C_TEXT, line);
  y += u->tm->line_height(u->tm->ud, S(u, 24)) + S(u, 12);
  int passed = kk_attempt_passed(u->a);
  snprintf(line, sizeof line, "%s (pass mark %g%%)", passed ? "Passed" : "Not passed", s->pass_percent);
  text(u, m, y, px, KK_TEXT_BOLD, passed ? C_GOOD : C_BAD, line);
  y += lh + S(u, 16);
  if (!s->review_after_submit) return;
  char a[2048], c[2048], ct[2048];
  const kk_Paper *p = kk_attempt_paper(u->a);
  for (size_t i = 0; i < kk_paper_count(p) && y < h; i++) {
    const kk_Question *q = kk_paper_question(p, i);
    const kk_Response *r = kk_attempt_response(u->a, i);
    double pts = kk_attempt_points(u->a, i);
    if (kk_mark_answer_text(q, r->answer, a, sizeof a) < 0) a[0] = '\0';
    if (kk_mark_correct(q, c, sizeof c) < 0 ||
        kk_mark_answer_text(q, c, ct, sizeof ct) < 0) ct[0] = '\0';
    for (char *t = a; *t; t++) if (*t == '\n') *t = '|';
    for (char *t = ct; *t; t++) if (*t == '\n') *t = '|';
    snprintf(line, sizeof line, "%zu.  %g / %g", i + 1, pts, q->points);
    text(u, m, y, px, KK_TEXT_BOLD, pts >= q->points ? C_GOOD : pts > 0 ? C_WARN : C_BAD, line);
    y += lh;
    char ptext[4096];
    const char *pt = q->card->front;
    if (q->card->type == KK_CARD_CLOZE && kk_cloze_prompt(pt, q->cloze, ptext, sizeof ptext) >= 0) pt = ptext;
    y += para(u, m + S(u, 24), y, w - 2 * m - S(u, 24), small, C_TEXT, pt);
    snprintf(line, sizeof line, "Your answer: %s", a[0] ? a : "(none)");
    y += para(u, m + S(u, 24), y, w - 2 * m - S(u, 24), small, C_MUTED, line);
    snprintf(line, sizeof line, "Correct: %s", ct);
    y += para(u, m + S(u, 24), y, w - 2 * m - S(u, 24), small, C_MUTED, line) + S(u, 10);
  }
}

void kk_exam_ui_draw(kk_ExamUi *u, int w, int h, float scale,
                     const kk_TextMetrics *tm, int64_t now_ms, kk_DrawList *dl) {
  u->dl = dl;
  u->tm = tm;
  u->scale = scale > 0 ? scale : 1;
  u->nhits = 0;
  kk_draw_rect(dl, (kk_Rect){0, 0, w, h}, C_BG);
  if (u->screen == KK_EXAM_UI_START || !u->a) draw_start(u, w, h);
  else if (u->screen == KK_EXAM_UI_RESULTS) draw_results(u, w, h);
  else {
    sync(u);
    draw_question(u, w, h, now_ms);
    if (u->screen == KK_EXAM_UI_CONFIRM) {
      u->nhits = 0; /* the dialog is modal */
      draw_confirm(u, w, h);
    }
  }
  u->dl = NULL;
  u->tm = NULL;
}
