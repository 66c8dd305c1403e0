/*
** screen.h -- what the event loop drives: something that takes kk_UiEvents
** and draws a kk_DrawList (the core's kk_Ui, or the renderer's own test
** page).  Depends on core/draw.h, core/metrics.h, core/uievent.h, and for
** the core screens core/ui.h and sdl/host.h.  The loop borrows `ud`;
** whoever made the screen frees it.
*/
#ifndef KK_SDL_SCREEN_H
#define KK_SDL_SCREEN_H

#include <stdint.h>

#include "core/ui/draw.h"
#include "core/base/err.h"
#include "core/ui/metrics.h"
#include "core/ui/uievent.h"
#include "sdl/app.h"

enum { KK_SCREEN_REDRAW = 1, KK_SCREEN_QUIT = 2, KK_SCREEN_FULLSCREEN = 4, KK_SCREEN_SETTINGS = 8 };

typedef struct kk_Screen {
  void *ud;
  /* Returns KK_SCREEN_* bits. */
  unsigned (*handle)(void *ud, const kk_UiEvent *ev);
  /* Appends the frame for a w x h device-pixel window (scale: device pixels
  ** per point) to dl, already reset by the caller. */
  void (*draw)(void *ud, int w, int h, float scale, const kk_TextMetrics *tm, kk_DrawList *dl);
  int (*text_input)(void *ud);    /* 1 while a text field has focus */
  int64_t (*next_tick)(void *ud); /* absolute ms of the next tick, 0 never */
  kk_Color (*background)(void *ud);
} kk_Screen;

/* The renderer's check page: a Japanese paragraph, a text field with IME
** composition, buttons.  Returns 0 and fills *s, -1 out of memory; free
** with kk_test_screen_free(s->ud). */
int kk_test_screen_new(kk_Screen *s);
void kk_test_screen_free(void *ud);

/* The core's screens for opt's mode (home, drill or preview) over a host
** with the decks and the store.  Problems loading decks are printed; the
** screens still open with the decks that loaded.  Returns a new screen
** (fills *s); caller frees with kk_core_screen_free after the loop.
** now_ms is the window's clock as it opens (the start's sync). */
typedef struct kk_CoreScreen kk_CoreScreen;
kk_Status kk_core_screen_new(const kk_AppOptions *opt, int64_t now_ms, kk_Screen *s,
                             kk_CoreScreen **out, kk_Err *err);
void kk_core_screen_free(kk_CoreScreen *c); /* c may be NULL */
/* The exam screens (core/ui_exam.h) over an exam session: spec from
** opt->paths[0], store in opt->data_dir.  Spec problems are printed as
** lint diagnostics and give KK_ERR_INVALID.  Free with kk_exam_screen_free
** after the loop. */
typedef struct kk_ExamScreen kk_ExamScreen;
kk_Status kk_exam_screen_new(const kk_AppOptions *opt, kk_Screen *s, kk_ExamScreen **out,
                             kk_Err *err);
void kk_exam_screen_free(kk_ExamScreen *x); /* x may be NULL */

/* The window size saved by the last run (0 x 0 if none), and saving it. */
void kk_core_screen_saved_size(kk_CoreScreen *c, int *w, int *h);
void kk_core_screen_save_size(kk_CoreScreen *c, int w, int h);
/* While the core screens wait on a long task (the FSRS fit from the stats
** screen), pump(ud, done) is called now and then: it draws a frame and
** returns nonzero if the user asked to cancel (Escape or closing the
** window).  Borrowed; set it before the loop runs. */
void kk_core_screen_set_pump(kk_CoreScreen *c, int (*pump)(void *ud, double done), void *ud);

#endif
