/*
** ui_exam.h -- the exam screens as a state machine in the core: start
** screen (title, instructions, time limit, name and number fields), the
** questions with an always-visible countdown (warning colours at 10 and 1
** minutes) and a navigator (jump, flag, answered at a glance), the submit
** dialog (unanswered and flagged questions), and the results screen.
** Input kk_UiEvent, output kk_DrawList, text measured by the host's
** kk_TextMetrics: runs headless.  Depends on attempt.h, draw.h, metrics.h,
** uievent.h, layout.h.  The spec and host are borrowed and must outlive
** the kk_ExamUi; the attempt the host opens is the host's (borrowed here).
** kk_exam_ui_new returns a new kk_ExamUi; caller frees with kk_exam_ui_free.
**
** The screens are drawn with the trainer's widgets (ui_int.h), in its
** theme and zoom: long options and items wrap, a question taller than the
** window scrolls between the fixed top bar and footer, card images show.
**
** Keys (everything works without a mouse):
**   start     type the name, Tab to the number, Enter starts
**   question  PageDown / Ctrl+Right next, PageUp / Ctrl+Left previous,
**             Ctrl+G then digits and Enter: go to a question,
**             Ctrl+F flag, Ctrl+S (or Ctrl+Enter) the submit dialog;
**             choice: 1-9 or Up/Down + Space; true/false: T / F (or 1 / 2);
**             order: Up/Down select, Space picks up / puts down (Up/Down
**             then move the row), Alt+Up/Down (or Shift) move, Enter
**             confirms the order; typed/numeric/cloze: type (saved as
**             typed; with after_each feedback Enter commits), cloze
**             blanks separated by "|"
**   dialog    Enter submits, Escape goes back
**   results   Up/Down/PageUp/PageDown scroll; Ctrl+Q or Escape quits
**   anywhere  Ctrl+T theme, Ctrl+= / Ctrl+- / Ctrl+0 zoom, the wheel scrolls
**             (Ctrl+wheel zooms)
** Mouse: every button, navigator box and option takes a click; an order
** row is dragged to its place, or clicked (picked up) and then its place
** clicked.
*/
#ifndef KK_UI_EXAM_H
#define KK_UI_EXAM_H

#include "core/exam/attempt.h"
#include "core/ui/draw.h"
#include "core/ui/metrics.h"
#include "core/ui/uievent.h"

typedef struct kk_ExamUiHost {
  void *ud; /* borrowed, passed to every callback */
  /* Opens (starts or resumes) the attempt of student number `number`;
  ** the attempt stays the host's.  On failure fills err (shown on screen). */
  kk_Status (*open)(void *ud, const char *name, const char *number, int64_t now_ms,
                    kk_Attempt **out, kk_Err *err);
  /* Called once when the attempt becomes submitted (by the student or the
  ** clock): write results etc.  May leave a line for the results screen in
  ** msg (e.g. where the files went). */
  void (*submitted)(void *ud, kk_Attempt *a, int64_t now_ms, char *msg, size_t size);
} kk_ExamUiHost;

typedef enum {
  KK_EXAM_UI_START,
  KK_EXAM_UI_QUESTION,
  KK_EXAM_UI_CONFIRM, /* the submit dialog over the question */
  KK_EXAM_UI_RESULTS
} kk_ExamUiScreen;

typedef struct kk_ExamUi kk_ExamUi;

/* name/number: prefilled fields (may be NULL).  If both are given the UI
** opens the attempt at the first event. */
kk_ExamUi *kk_exam_ui_new(const kk_ExamSpec *spec, const kk_ExamUiHost *host, const char *name,
                          const char *number);
void kk_exam_ui_free(kk_ExamUi *u); /* u may be NULL */

/* Theme (dark 0/1) and zoom in percent (0 = 100), e.g. as saved by the
** trainer; the keys change them later. */
void kk_exam_ui_set_look(kk_ExamUi *u, int dark, int zoom_pct);
int kk_exam_ui_dark(const kk_ExamUi *u);
int kk_exam_ui_zoom_pct(const kk_ExamUi *u);
/* The window background of the current theme. */
kk_Color kk_exam_ui_background(const kk_ExamUi *u);

enum {
  KK_EXAM_UIF_REDRAW = 1,
  KK_EXAM_UIF_QUIT = 2,
  KK_EXAM_UIF_TEXT_INPUT = 4, /* a text field has focus */
  KK_EXAM_UIF_SETTINGS = 8    /* theme or zoom changed: save them */
};
/* Handles one event (ev->now_ms is the clock); returns KK_EXAM_UIF_* bits.
** Every answer goes to the attempt (and so to the store) at once. */
unsigned kk_exam_ui_handle(kk_ExamUi *u, const kk_UiEvent *ev);
/* Appends the frame for a w x h window to dl (reset by the caller) at
** time now_ms.  Keeps hit rectangles for clicks. */
void kk_exam_ui_draw(kk_ExamUi *u, int w, int h, float scale, const kk_TextMetrics *tm,
                     int64_t now_ms, kk_DrawList *dl);
/* When the UI wants a KK_EV_TICK (the countdown's next second), 0 never. */
int64_t kk_exam_ui_next_tick_ms(const kk_ExamUi *u, int64_t now_ms);
int kk_exam_ui_text_input(const kk_ExamUi *u);

kk_ExamUiScreen kk_exam_ui_screen(const kk_ExamUi *u);
/* The attempt once opened (borrowed), NULL before. */
kk_Attempt *kk_exam_ui_attempt(const kk_ExamUi *u);
/* The last error or notice shown, "" if none. */
const char *kk_exam_ui_message(const kk_ExamUi *u);

/* Countdown colour band for ms left: 0 normal, 1 ten minutes or less,
** 2 one minute or less. */
int kk_exam_ui_warning_level(int64_t remaining_ms);

#endif
