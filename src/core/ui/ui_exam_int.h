/*
** ui_exam_int.h -- internals shared by the exam screens' files: the
** kk_ExamUi context and its hit ids.  ui_exam.c keeps the state, acts on
** the attempt and handles input; ui_exam_draw.c lays the screens out with
** the shared widgets (ui_int.h).  Not part of the public API (include
** core/ui/ui_exam.h instead).
*/
#ifndef KK_UI_EXAM_INT_H
#define KK_UI_EXAM_INT_H

#include "core/exam/student.h"
#include "core/ui/ui_exam.h"
#include "core/ui/ui_int.h"

typedef enum {
  H_NONE,
  H_NAV,
  H_OPTION,
  H_TRUE,
  H_FALSE,
  H_ORDER_ROW,
  H_PREV,
  H_NEXT,
  H_FLAG,
  H_SUBMIT,
  H_YES,
  H_NO,
  H_NAME,
  H_NUMBER,
  H_START,
  H_QUIT
} HitId;

typedef kk_UiHit Hit; /* hit rectangles live in the widget context */

struct kk_ExamUi {
  const kk_ExamSpec *spec;
  kk_ExamUiHost host;
  kk_ExamUiScreen screen;
  kk_Attempt *a;
  char name[KK_STUDENT_BUF], number[KK_STUDENT_BUF]; /* as typed; checked by the host */
  int field;                                         /* start screen: 0 name, 1 number */
  int autostart;
  char msg[600];
  /* editing state of the question shown */
  size_t shown;
  int loaded;
  char text[2048];                               /* text field (typed, numeric, cloze) */
  char comp[256];                                /* IME composition */
  int cursor;                                    /* choice / order row */
  size_t order[KK_DECK_MAX_ORDER_ITEMS], norder; /* order: card item numbers as arranged */
  int go_mode;
  char go_buf[8];
  int scroll;   /* content scrolled up by this many pixels */
  int notified; /* host told about the submission */
  /* widgets and layout of the last frame */
  kk_Ui *w;              /* the widget context: theme, zoom, metrics, hits (owned) */
  int content_h, view_h; /* of the scrolled content, to bound scrolling */
  int reveal;            /* bring the cursor row into view at the next draw */
  int cur_top, cur_bot;  /* the cursor row in content coordinates */
  /* order rows by mouse: picked by a click (or Space), or dragged */
  int picked;    /* row picked up, -1 none */
  int press_row; /* row under the button press, -1 none */
  int press_y, dragging, drop_row;
};

/* The question shown (the attempt must be open). */
static inline const kk_Question *kk_exam_ui_question(const kk_ExamUi *u) {
  return kk_paper_question(kk_attempt_paper(u->a), kk_attempt_current(u->a));
}
/* Loads the editing state when the attempt moved to another question. */
void kk_exam_ui_sync(kk_ExamUi *u);

#endif
