/*
** uievent.h -- input as the core sees it.  The SDL front end translates SDL
** events into these at the edge; no SDL keycode enters the core.  Scripts
** (`kioku --script`) produce the same SDL events, so both paths meet here.
** Depends on nothing.  Plain values; `text` is borrowed for the call.
*/
#ifndef KK_UIEVENT_H
#define KK_UIEVENT_H

#include <stdint.h>

typedef enum {
  KK_EV_KEY,    /* key pressed: key (+ ch for KK_KEY_CHAR), mods */
  KK_EV_TEXT,   /* committed text input (UTF-8 in text) */
  KK_EV_EDIT,   /* IME composition: text (may be ""), cursor in code points */
  KK_EV_CLICK,  /* mouse button released at x, y (button 1 left, 3 right) */
  KK_EV_WHEEL,  /* wheel: dy > 0 scrolls up */
  KK_EV_MOVE,   /* pointer moved to x, y (hover) */
  KK_EV_RESIZE, /* window resized to w x h (pixels) */
  KK_EV_TICK,   /* time passed (countdowns, animations, file watching) */
  KK_EV_QUIT,   /* the window asked to close */
  KK_EV_FOCUS,  /* the window got the keyboard focus back (home refreshes) */
  KK_EV_PRESS   /* mouse button pressed at x, y (a CLICK follows at the
                   release, wherever the pointer is then: a drag) */
} kk_UiEventKind;

typedef enum {
  KK_KEY_NONE,
  KK_KEY_CHAR, /* a printable key: `ch` is its code point ('1', 'a', '?', '+') */
  KK_KEY_ENTER,
  KK_KEY_SPACE,
  KK_KEY_ESCAPE,
  KK_KEY_BACKSPACE,
  KK_KEY_DELETE,
  KK_KEY_TAB,
  KK_KEY_UP,
  KK_KEY_DOWN,
  KK_KEY_LEFT,
  KK_KEY_RIGHT,
  KK_KEY_HOME,
  KK_KEY_END,
  KK_KEY_PAGEUP,
  KK_KEY_PAGEDOWN,
  KK_KEY_F1,
  KK_KEY_F11
} kk_Key;

enum { KK_MOD_SHIFT = 1, KK_MOD_CTRL = 2, KK_MOD_ALT = 4 };

typedef struct kk_UiEvent {
  kk_UiEventKind kind;
  kk_Key key;
  uint32_t ch; /* KK_KEY_CHAR: the code point, lower case for letters */
  int mods;    /* KK_MOD_* bits */
  int x, y;    /* pointer position in window pixels */
  int button;
  int dy;           /* wheel */
  int w, h;         /* resize */
  const char *text; /* TEXT / EDIT: UTF-8, borrowed */
  int cursor;       /* EDIT: caret within the composition, in code points */
  int64_t now_ms;   /* the clock for every event */
} kk_UiEvent;

#endif
