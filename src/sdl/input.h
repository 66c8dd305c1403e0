/*
** input.h -- SDL events to kk_UiEvent, at the edge: no SDL keycode goes
** further.  Depends on SDL2 and core/uievent.h.  The translated event's
** `text` borrows from the SDL event (valid until the SDL event is released).
**
** While text input is active (a field has focus) printable keys arrive as
** KK_EV_TEXT only; KK_EV_KEY carries them only with Ctrl or Alt held, so a
** shortcut (Ctrl+Z) still works and typed "1" is not also a grade.
*/
#ifndef KK_SDL_INPUT_H
#define KK_SDL_INPUT_H

#include <SDL.h>

#include "core/ui/uievent.h"

/* Translates ev into *out; returns 1 if it produced an event, 0 if the
** event means nothing to the core.  Positions and sizes stay in window
** coordinates, which are the core's layout pixels (HiDPI scaling happens
** only when drawing).  text_active: SDL text input is on. */
int kk_input_translate(const SDL_Event *ev, int text_active, int64_t now_ms, kk_UiEvent *out);

/* The unshifted key and shift state that type ch on a US keyboard
** ('?' -> '/' + shift), for scripts; returns 0 if ch is not ASCII. */
int kk_input_us_key(uint32_t ch, SDL_Keycode *key, int *shift);

/* The code point a key types on a US layout (shift applied to symbols,
** letters stay lower case), or 0 for a non-printable key. */
uint32_t kk_input_char(SDL_Keycode k, int shift);

#endif
