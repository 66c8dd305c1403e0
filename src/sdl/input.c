/*
** input.c -- translation of SDL events into kk_UiEvent.
*/
#include "sdl/input.h"

#include <string.h>

/* US layout: the shifted symbol on each unshifted key. */
static const char US_PLAIN[] = "1234567890-=[]\\;',./`";
static const char US_SHIFT[] = "!@#$%^&*()_+{}|:\"<>?~";

int kk_input_us_key(uint32_t ch, SDL_Keycode *key, int *shift) {
  if (ch == 0 || ch > 126) return 0;
  *shift = 0;
  if (ch >= 'A' && ch <= 'Z') {
    *key = (SDL_Keycode)(ch - 'A' + 'a');
    *shift = 1;
    return 1;
  }
  const char *p = strchr(US_SHIFT, (int)ch);
  if (p) {
    *key = (SDL_Keycode)US_PLAIN[p - US_SHIFT];
    *shift = 1;
    return 1;
  }
  *key = (SDL_Keycode)ch;
  return 1;
}

static int mods_of(Uint16 m) {
  int k = 0;
  if (m & KMOD_SHIFT) k |= KK_MOD_SHIFT;
  if (m & (KMOD_CTRL | KMOD_GUI)) k |= KK_MOD_CTRL;
  if (m & KMOD_ALT) k |= KK_MOD_ALT;
  return k;
}

/* Printable code point of a key (with shift applied on a US layout, since
** the core sees '?' and '+', not '/' and '='), or 0. */
uint32_t kk_input_char(SDL_Keycode k, int shift) {
  switch (k) {
  case SDLK_KP_0:
  case SDLK_KP_1:
  case SDLK_KP_2:
  case SDLK_KP_3:
  case SDLK_KP_4:
  case SDLK_KP_5:
  case SDLK_KP_6:
  case SDLK_KP_7:
  case SDLK_KP_8:
  case SDLK_KP_9: return k == SDLK_KP_0 ? '0' : (uint32_t)('1' + (k - SDLK_KP_1));
  case SDLK_KP_PLUS: return '+';
  case SDLK_KP_MINUS: return '-';
  case SDLK_KP_MULTIPLY: return '*';
  case SDLK_KP_DIVIDE: return '/';
  case SDLK_KP_PERIOD: return '.';
  default: break;
  }
  if (k < 33 || k > 126) return 0;
  if (shift) {
    const char *p = strchr(US_PLAIN, (int)k);
    if (p) return (uint32_t)(unsigned char)US_SHIFT[p - US_PLAIN];
  }
  return (uint32_t)k; /* letters: SDL keycodes are lower case already */
}

static kk_Key named_key(SDL_Keycode k) {
  switch (k) {
  case SDLK_RETURN:
  case SDLK_RETURN2:
  case SDLK_KP_ENTER: return KK_KEY_ENTER;
  case SDLK_SPACE: return KK_KEY_SPACE;
  case SDLK_ESCAPE: return KK_KEY_ESCAPE;
  case SDLK_BACKSPACE: return KK_KEY_BACKSPACE;
  case SDLK_DELETE: return KK_KEY_DELETE;
  case SDLK_TAB: return KK_KEY_TAB;
  case SDLK_UP: return KK_KEY_UP;
  case SDLK_DOWN: return KK_KEY_DOWN;
  case SDLK_LEFT: return KK_KEY_LEFT;
  case SDLK_RIGHT: return KK_KEY_RIGHT;
  case SDLK_HOME: return KK_KEY_HOME;
  case SDLK_END: return KK_KEY_END;
  case SDLK_PAGEUP: return KK_KEY_PAGEUP;
  case SDLK_PAGEDOWN: return KK_KEY_PAGEDOWN;
  case SDLK_F1: return KK_KEY_F1;
  case SDLK_F11: return KK_KEY_F11;
  default: return KK_KEY_NONE;
  }
}

int kk_input_translate(const SDL_Event *ev, int text_active, int64_t now_ms, kk_UiEvent *out) {
  memset(out, 0, sizeof *out);
  out->now_ms = now_ms;
  switch (ev->type) {
  case SDL_QUIT: out->kind = KK_EV_QUIT; return 1;
  case SDL_KEYDOWN: {
    SDL_Keycode k = ev->key.keysym.sym;
    out->kind = KK_EV_KEY;
    out->mods = mods_of(ev->key.keysym.mod);
    out->key = named_key(k);
    if (out->key != KK_KEY_NONE) {
      /* A field with focus types a space through SDL_TEXTINPUT. */
      if (out->key == KK_KEY_SPACE && text_active && !(out->mods & KK_MOD_CTRL)) return 0;
      return 1;
    }
    uint32_t ch = kk_input_char(k, (out->mods & KK_MOD_SHIFT) != 0);
    if (!ch) return 0;
    if (text_active && !(out->mods & (KK_MOD_CTRL | KK_MOD_ALT))) return 0;
    out->key = KK_KEY_CHAR;
    out->ch = ch;
    return 1;
  }
  case SDL_TEXTINPUT:
    out->kind = KK_EV_TEXT;
    out->text = ev->text.text;
    return 1;
  case SDL_TEXTEDITING:
    out->kind = KK_EV_EDIT;
    out->text = ev->edit.text;
    out->cursor = ev->edit.start;
    return 1;
  case SDL_TEXTEDITING_EXT:
    out->kind = KK_EV_EDIT;
    out->text = ev->editExt.text ? ev->editExt.text : "";
    out->cursor = ev->editExt.start;
    return 1;
  case SDL_MOUSEBUTTONDOWN:
  case SDL_MOUSEBUTTONUP:
    out->kind = ev->type == SDL_MOUSEBUTTONUP ? KK_EV_CLICK : KK_EV_PRESS;
    out->x = ev->button.x;
    out->y = ev->button.y;
    out->button = ev->button.button == SDL_BUTTON_RIGHT    ? 3
                  : ev->button.button == SDL_BUTTON_MIDDLE ? 2
                                                           : 1;
    out->mods = mods_of(SDL_GetModState());
    return 1;
  case SDL_MOUSEMOTION:
    out->kind = KK_EV_MOVE;
    out->x = ev->motion.x;
    out->y = ev->motion.y;
    return 1;
  case SDL_MOUSEWHEEL:
    out->kind = KK_EV_WHEEL;
    out->dy = ev->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -ev->wheel.y : ev->wheel.y;
    out->mods = mods_of(SDL_GetModState()); /* Ctrl+wheel zooms */
    SDL_GetMouseState(&out->x, &out->y);
    return 1;
  case SDL_WINDOWEVENT:
    if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
      out->kind = KK_EV_RESIZE;
      out->w = ev->window.data1;
      out->h = ev->window.data2;
      return 1;
    }
    if (ev->window.event == SDL_WINDOWEVENT_FOCUS_GAINED) {
      out->kind = KK_EV_FOCUS; /* home reads its numbers again */
      return 1;
    }
    return 0;
  default: return 0;
  }
}
