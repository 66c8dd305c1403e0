/*
** script.h -- replaying input from a .kks file through SDL's own event
** queue (SDL_PushEvent), so scripted input takes the path a person's does.
** Depends on SDL2 and core/err.h.  Format: docs/script-format.md.  A
** kk_Script owns its parsed lines; kk_script_free releases them.
*/
#ifndef KK_SDL_SCRIPT_H
#define KK_SDL_SCRIPT_H

#include <SDL.h>
#include <stdint.h>

#include "core/base/err.h"

typedef struct kk_Script kk_Script;

typedef enum {
  KK_SCRIPT_EVENTS,     /* events were pushed: process them, then step again */
  KK_SCRIPT_WAIT,       /* wait *wait_ms of (virtual or real) time */
  KK_SCRIPT_SCREENSHOT, /* draw, then save the frame to *path */
  KK_SCRIPT_RESIZE,     /* resize the window to *w x *h */
  KK_SCRIPT_FRAMES,     /* redraw the frame w times and print the timing */
  KK_SCRIPT_DONE        /* end of script (or `quit`: SDL_QUIT was pushed) */
} kk_ScriptStep;

typedef struct kk_ScriptAction {
  kk_ScriptStep step;
  int64_t wait_ms;
  int w, h;
  const char *path; /* borrowed from the script */
  int line;         /* 1-based line of the command */
} kk_ScriptAction;

/* Parses the whole file; a bad line is an error with its line:col.
** Returns a new script; caller frees with kk_script_free. */
kk_Status kk_script_load(const char *path, kk_Script **out, kk_Err *err);
void kk_script_free(kk_Script *s);

/* Runs the next command: pushes its SDL events (into window `win`) or
** tells the caller what to do.  text_active says whether SDL text input is
** on (typed keys then also produce SDL_TEXTINPUT, as on a real keyboard). */
kk_ScriptAction kk_script_step(kk_Script *s, SDL_Window *win, int text_active);

#endif
