/*
** ui_unlock.h -- the screen that unlocks a sealed exam pack in the window:
** the student types the password the proctor announces (shown as dots),
** Enter tries it.  Input kk_UiEvent, output kk_DrawList, runs headless.
** Depends on draw.h, metrics.h, uievent.h.  kk_unlock_ui_new returns a new
** kk_UnlockUi; caller frees with kk_unlock_ui_free (which wipes the typed
** password from memory).
*/
#ifndef KK_UI_UNLOCK_H
#define KK_UI_UNLOCK_H

#include "core/ui/draw.h"
#include "core/ui/metrics.h"
#include "core/ui/uievent.h"

typedef struct kk_UnlockUi kk_UnlockUi;

/* name: the pack's file name, shown (borrowed for the call). */
kk_UnlockUi *kk_unlock_ui_new(const char *name, int dark, int zoom_pct);
void kk_unlock_ui_free(kk_UnlockUi *u); /* u may be NULL */

enum {
  KK_UNLOCK_REDRAW = 1,
  KK_UNLOCK_QUIT = 2,  /* Escape or Ctrl+Q: leave */
  KK_UNLOCK_SUBMIT = 4 /* Enter with a password: try kk_unlock_ui_password */
};
unsigned kk_unlock_ui_handle(kk_UnlockUi *u, const kk_UiEvent *ev);
void kk_unlock_ui_draw(kk_UnlockUi *u, int w, int h, float scale, const kk_TextMetrics *tm,
                       kk_DrawList *dl);
/* The colour behind the screen (the window's clear colour). */
kk_Color kk_unlock_ui_background(const kk_UnlockUi *u);
/* The password typed so far, borrowed (valid until the next event). */
const char *kk_unlock_ui_password(const kk_UnlockUi *u);
/* The password did not open the pack: says msg (borrowed) and wipes the
** field for another try. */
void kk_unlock_ui_refuse(kk_UnlockUi *u, const char *msg);

#endif
