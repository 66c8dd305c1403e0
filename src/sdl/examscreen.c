/*
** examscreen.c -- the exam screens (core/ui_exam.h) as the loop's
** kk_Screen: the session (spec, decks, store, attempt, result files)
** behind them.  Every answer reaches the store inside kk_exam_ui_handle.
*/
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/base/alloc.h"
#include "core/ui/examsession.h"
#include "core/base/paths.h"
#include "core/base/i18n.h"
#include "core/ui/ui_exam.h"
#include "core/ui/ui_unlock.h"
#include "sdl/host.h"
#include "sdl/screen.h"

struct kk_ExamScreen {
  kk_ExamSession *sess;
  kk_ExamUi *ui;
  kk_UnlockUi *lock; /* a sealed pack until its password is given */
  kk_AppOptions opt; /* for opening the session once unlocked */
  int64_t now_ms;    /* the clock of the newest event, for drawing */
};
typedef struct kk_ExamScreen Exam;

static kk_Status open_exam(Exam *x, const char *password, kk_Err *err);

/* The password screen: Enter tries the password; a wrong one is said and
** the field cleared. */
static unsigned lock_handle(Exam *x, const kk_UiEvent *ev) {
  unsigned f = kk_unlock_ui_handle(x->lock, ev), out = 0;
  if (f & KK_UNLOCK_REDRAW) out |= KK_SCREEN_REDRAW;
  if (f & KK_UNLOCK_QUIT) out |= KK_SCREEN_QUIT;
  if (f & KK_UNLOCK_SUBMIT) {
    kk_Err e;
    if (open_exam(x, kk_unlock_ui_password(x->lock), &e) == KK_OK) {
      kk_unlock_ui_free(x->lock);
      x->lock = NULL;
      kk_UiEvent rs = *ev;
      rs.kind = KK_EV_RESIZE; /* the exam's first event */
      kk_exam_ui_handle(x->ui, &rs);
    } else {
      kk_unlock_ui_refuse(x->lock, e.code == KK_ERR_INVALID
                                       ? _("That password does not open this exam. Try again.")
                                       : e.msg);
    }
    out |= KK_SCREEN_REDRAW;
  }
  return out;
}

static unsigned exam_handle(void *ud, const kk_UiEvent *ev) {
  Exam *x = ud;
  x->now_ms = ev->now_ms;
  if (x->lock) return lock_handle(x, ev);
  unsigned f = kk_exam_ui_handle(x->ui, ev), out = 0;
  if (f & KK_EXAM_UIF_REDRAW) out |= KK_SCREEN_REDRAW;
  if (f & KK_EXAM_UIF_QUIT) out |= KK_SCREEN_QUIT;
  if (f & KK_EXAM_UIF_SETTINGS) { /* the trainer's theme and zoom, shared */
    kk_Err e;
    if (kk_host_store_save_settings(kk_exam_session_store(x->sess), kk_exam_ui_dark(x->ui),
                                    kk_exam_ui_zoom_pct(x->ui), &e) != KK_OK)
      fprintf(stderr, _("kioku: could not save the settings: %s\n"), e.msg);
  }
  /* the countdown changes every second even without input */
  if (ev->kind == KK_EV_TICK) out |= KK_SCREEN_REDRAW;
  return out;
}

static void exam_draw(void *ud, int w, int h, float scale, const kk_TextMetrics *tm,
                      kk_DrawList *dl) {
  Exam *x = ud;
  if (x->lock)
    kk_unlock_ui_draw(x->lock, w, h, scale, tm, dl);
  else
    kk_exam_ui_draw(x->ui, w, h, scale, tm, x->now_ms, dl);
}

static int exam_text_input(void *ud) {
  Exam *x = ud;
  return x->lock ? 1 : kk_exam_ui_text_input(x->ui);
}

static int64_t exam_next_tick(void *ud) {
  Exam *x = ud;
  return x->lock ? 0 : kk_exam_ui_next_tick_ms(x->ui, x->now_ms);
}

static kk_Color exam_background(void *ud) {
  Exam *x = ud;
  return x->lock ? kk_unlock_ui_background(x->lock) : kk_exam_ui_background(x->ui);
}

void kk_exam_screen_free(kk_ExamScreen *x) {
  if (!x) return;
  kk_unlock_ui_free(x->lock);
  kk_exam_ui_free(x->ui);
  kk_exam_session_free(x->sess);
  kk_free(x);
}

/* Opens the session (spec or pack, decks, store, attempt) and the exam
** screens over it. */
static kk_Status open_exam(Exam *x, const char *password, kk_Err *err) {
  const kk_AppOptions *opt = &x->opt;
  char dir[4096];
  kk_Status st = kk_paths_data_dir(opt->data_dir, err, dir, sizeof dir);
  if (st != KK_OK) return st;
  kk_ExamSessionOptions so = {opt->paths[0], dir, opt->results_dir, opt->force, 0, 4, password};
  struct tm tm;
  time_t tt = time(NULL);
  if (localtime_r(&tt, &tm)) so.utc_offset_min = (int)(tm.tm_gmtoff / 60);
  kk_Diags diags;
  kk_diags_init(&diags, 200);
  st = kk_exam_session_open(&so, &diags, &x->sess, err);
  if (st != KK_OK) {
    if (diags.n) {
      if (!x->lock) kk_diags_print(&diags, stderr); /* a wrong password is said on screen */
      kk_diags_first_error(&diags, err);
      err->code = st;
    }
    kk_diags_free(&diags);
    return st;
  }
  kk_diags_free(&diags);
  x->ui = kk_exam_ui_new(kk_exam_session_spec(x->sess), kk_exam_session_ui_host(x->sess),
                         opt->student_name, opt->student_no);
  if (!x->ui) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
  /* the theme and zoom the trainer saved in the same store */
  int dark = 0, zoom = 0;
  kk_host_store_settings(kk_exam_session_store(x->sess), &dark, &zoom);
  const char *env = getenv("KIOKU_DARK");
  if (env && *env) dark = strcmp(env, "1") == 0;
  kk_exam_ui_set_look(x->ui, dark, zoom);
  return KK_OK;
}

kk_Status kk_exam_screen_new(const kk_AppOptions *opt, kk_Screen *s, kk_ExamScreen **out,
                             kk_Err *err) {
  Exam *x = kk_calloc(1, sizeof *x);
  if (!x) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
  x->opt = *opt;
  kk_Status st = KK_OK;
  if (!opt->pack_password && kk_exam_session_sealed(opt->paths[0])) {
    /* a sealed pack without --password-file: ask in the window */
    const char *name = strrchr(opt->paths[0], '/');
    x->lock = kk_unlock_ui_new(name ? name + 1 : opt->paths[0], 0, 0);
    if (!x->lock) st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
  } else {
    st = open_exam(x, opt->pack_password, err);
  }
  if (st != KK_OK) {
    kk_exam_screen_free(x);
    return st;
  }
  *s = (kk_Screen){x, exam_handle, exam_draw, exam_text_input, exam_next_tick, exam_background};
  *out = x;
  return KK_OK;
}
