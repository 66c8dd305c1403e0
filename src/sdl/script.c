/*
** script.c -- parsing .kks input scripts and pushing their SDL events.
**
**   parsing     one command per line, checked when the file is loaded
**   replay      kk_script_step: SDL_PushEvent of key/text/edit/mouse events
*/
#define _POSIX_C_SOURCE 200809L
#include "sdl/script.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/file.h"
#include "sdl/input.h"

typedef enum {
  C_KEY,
  C_TEXT,
  C_EDIT,
  C_CLICK,
  C_MOVE,
  C_WHEEL,
  C_WAIT,
  C_RESIZE,
  C_SCREENSHOT,
  C_QUIT,
  C_FRAMES,
  C_CLIPBOARD,
  C_DRAG,
  C_FOCUS
} CmdKind;

typedef struct {
  CmdKind kind;
  int line;
  SDL_Keycode key;
  Uint16 mod;
  char *str; /* TEXT/EDIT text, SCREENSHOT path (owned) */
  int a, b, c, d;
} Cmd;

struct kk_Script {
  Cmd *cmds;
  size_t n, next;
};

/* ---- parsing ------------------------------------------------------------- */

static int col_of(const char *line, const char *p) {
  int col = 1;
  for (const char *q = line; q < p; q++)
    if (((unsigned char)*q & 0xC0) != 0x80) col++;
  return col;
}

static const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\t') p++;
  return p;
}

/* Reads a token or a "quoted string" (with \" \\ and \n) into a new string. */
static char *read_arg(const char **pp) {
  const char *p = skip_ws(*pp);
  size_t cap = strlen(p) + 1, n = 0;
  char *out = kk_malloc(cap);
  if (!out) return NULL;
  if (*p == '"') {
    p++;
    while (*p && *p != '"') {
      if (*p == '\\' && p[1] == 'n') {
        out[n++] = '\n';
        p += 2;
        continue;
      }
      if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
      out[n++] = *p++;
    }
    if (*p != '"') {
      kk_free(out);
      return NULL;
    }
    p++;
  } else {
    while (*p && *p != ' ' && *p != '\t') out[n++] = *p++;
  }
  out[n] = '\0';
  *pp = p;
  return out;
}

static int read_int(const char **pp, int *v) {
  const char *p = skip_ws(*pp);
  char *end;
  long x = strtol(p, &end, 10);
  if (end == p || x < -1000000 || x > 2000000000) return 0;
  *v = (int)x;
  *pp = end;
  return 1;
}

static int parse_key(const char *spec, SDL_Keycode *key, Uint16 *mod) {
  *mod = 0;
  for (;;) {
    if (SDL_strncasecmp(spec, "ctrl+", 5) == 0 && spec[5])
      *mod |= KMOD_LCTRL, spec += 5;
    else if (SDL_strncasecmp(spec, "shift+", 6) == 0 && spec[6])
      *mod |= KMOD_LSHIFT, spec += 6;
    else if (SDL_strncasecmp(spec, "alt+", 4) == 0 && spec[4])
      *mod |= KMOD_LALT, spec += 4;
    else
      break;
  }
  if (spec[0] && !spec[1]) {
    int shift;
    if (!kk_input_us_key((unsigned char)spec[0], key, &shift)) return 0;
    if (shift) *mod |= KMOD_LSHIFT;
    return 1;
  }
  if (SDL_strcasecmp(spec, "Enter") == 0) spec = "Return";
  *key = SDL_GetKeyFromName(spec);
  return *key != SDLK_UNKNOWN;
}

static kk_Status parse_line(const char *path, int lineno, const char *line, Cmd *c, int *have,
                            kk_Err *err) {
  *have = 0;
  memset(c, 0, sizeof *c);
  c->line = lineno;
  const char *p = skip_ws(line);
  if (*p == '\0' || *p == '#') return KK_OK;
  const char *w = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  size_t wl = (size_t)(p - w);
#define IS(s) (wl == sizeof(s) - 1 && strncmp(w, s, wl) == 0)
#define BAD(msg) return kk_err_set(err, KK_ERR_PARSE, path, lineno, col_of(line, p), msg)
  if (IS("key")) {
    char *spec = read_arg(&p);
    if (!spec || !*spec) {
      kk_free(spec);
      BAD("`key` wants a key name, e.g. key Return, key ctrl+z, key 1");
    }
    int ok = parse_key(spec, &c->key, &c->mod);
    kk_free(spec);
    if (!ok) BAD("unknown key name (SDL names: Return, Space, Escape, Backspace, Up, F1, ...)");
    c->kind = C_KEY;
  } else if (IS("text")) {
    p = skip_ws(p);
    if (*p == '"') {
      c->str = read_arg(&p);
      if (!c->str) BAD("unterminated quoted text");
    } else {
      size_t n = strlen(p);
      while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
      if (!n) BAD("`text` wants the text to type");
      c->str = kk_strndup(p, n);
      p += n;
    }
    c->kind = C_TEXT;
  } else if (IS("edit")) {
    p = skip_ws(p);
    c->str = *p ? read_arg(&p) : kk_strdup("");
    if (!c->str) BAD("unterminated quoted composition");
    c->a = -1;
    if (*skip_ws(p) && !read_int(&p, &c->a)) BAD("`edit` cursor must be a number");
    c->kind = C_EDIT;
  } else if (IS("click") || IS("move")) {
    c->kind = IS("click") ? C_CLICK : C_MOVE;
    if (!read_int(&p, &c->a) || !read_int(&p, &c->b)) BAD("wants X Y");
    c->c = 1;
    if (c->kind == C_CLICK && *skip_ws(p)) {
      char *b = read_arg(&p);
      if (b && strcmp(b, "right") == 0)
        c->c = 3;
      else if (b && strcmp(b, "middle") == 0)
        c->c = 2;
      else if (!b || strcmp(b, "left") != 0) {
        kk_free(b);
        BAD("button is left, right or middle");
      }
      kk_free(b);
    }
  } else if (IS("drag")) {
    c->kind = C_DRAG;
    if (!read_int(&p, &c->a) || !read_int(&p, &c->b) || !read_int(&p, &c->c) ||
        !read_int(&p, &c->d))
      BAD("wants X0 Y0 X1 Y1");
  } else if (IS("wheel")) {
    c->kind = C_WHEEL;
    if (!read_int(&p, &c->a)) BAD("wants DY (positive scrolls up)");
  } else if (IS("wait")) {
    c->kind = C_WAIT;
    if (!read_int(&p, &c->a) || c->a < 0) BAD("wants milliseconds");
  } else if (IS("resize")) {
    c->kind = C_RESIZE;
    if (!read_int(&p, &c->a) || !read_int(&p, &c->b) || c->a < 200 || c->b < 150)
      BAD("wants W H (at least 200 150)");
  } else if (IS("screenshot")) {
    c->kind = C_SCREENSHOT;
    c->str = read_arg(&p);
    if (!c->str || !*c->str) BAD("wants a file name");
  } else if (IS("clipboard")) {
    c->kind = C_CLIPBOARD;
    c->str = read_arg(&p);
    if (!c->str) BAD("unterminated quoted text");
  } else if (IS("frames")) {
    c->kind = C_FRAMES;
    if (!read_int(&p, &c->a) || c->a < 1 || c->a > 100000) BAD("wants a count (1..100000)");
  } else if (IS("quit")) {
    c->kind = C_QUIT;
  } else if (IS("focus")) {
    c->kind = C_FOCUS;
  } else {
    p = w;
    BAD("unknown command (key, text, edit, click, drag, move, wheel, wait, resize, "
        "screenshot, frames, clipboard, focus, quit)");
  }
  if (*skip_ws(p) && *skip_ws(p) != '#') {
    p = skip_ws(p);
    kk_free(c->str);
    c->str = NULL;
    BAD("unexpected text after the command");
  }
#undef IS
#undef BAD
  *have = 1;
  return KK_OK;
}

void kk_script_free(kk_Script *s) {
  if (!s) return;
  for (size_t i = 0; i < s->n; i++) kk_free(s->cmds[i].str);
  kk_free(s->cmds);
  kk_free(s);
}

kk_Status kk_script_load(const char *path, kk_Script **out, kk_Err *err) {
  kk_Status st;
  char *line = NULL;
  size_t linecap = 0, cap = 0;
  *out = NULL;
  FILE *f = kk_file_open(path, err);
  if (!f) return KK_ERR_IO;
  kk_Script *s = kk_calloc(1, sizeof *s);
  if (!s) {
    st = kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, "out of memory");
    goto fail;
  }
  int lineno = 0;
  ssize_t got;
  while ((got = getline(&line, &linecap, f)) >= 0) {
    lineno++;
    while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = '\0';
    Cmd c;
    int have;
    st = parse_line(path, lineno, line, &c, &have, err);
    if (st != KK_OK) {
      kk_free(c.str); /* a command's text parsed before the mistake */
      goto fail;
    }
    if (!have) continue;
    if (s->n == cap) {
      Cmd *nn = kk_grow(s->cmds, &cap, s->n + 1, sizeof *nn, 32);
      if (!nn) {
        kk_free(c.str);
        st = kk_err_set(err, KK_ERR_NOMEM, path, lineno, 0, "out of memory");
        goto fail;
      }
      s->cmds = nn;
    }
    s->cmds[s->n++] = c;
  }
  free(line);
  fclose(f);
  *out = s;
  return KK_OK;
fail:
  free(line);
  fclose(f);
  kk_script_free(s);
  return st;
}

/* ---- replay --------------------------------------------------------------- */

static void push_key(SDL_Window *win, SDL_Keycode key, Uint16 mod, int down) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  e.key.windowID = SDL_GetWindowID(win);
  e.key.state = down ? SDL_PRESSED : SDL_RELEASED;
  e.key.keysym.sym = key;
  e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
  e.key.keysym.mod = mod;
  SDL_PushEvent(&e);
}

/* SDL_TEXTINPUT carries at most 31 bytes: split at code point boundaries. */
static void push_text(SDL_Window *win, const char *s, size_t len) {
  while (len) {
    size_t n = len < SDL_TEXTINPUTEVENT_TEXT_SIZE - 1 ? len : SDL_TEXTINPUTEVENT_TEXT_SIZE - 1;
    size_t cut = n;
    while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    if (cut > 0) n = cut; /* else ill-formed UTF-8: split anywhere */
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    e.text.windowID = SDL_GetWindowID(win);
    memcpy(e.text.text, s, n);
    e.text.text[n] = '\0';
    SDL_PushEvent(&e);
    s += n;
    len -= n;
  }
}

static int utf8_count(const char *s) {
  int n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) n++;
  return n;
}

static void push_edit(SDL_Window *win, const char *s, int cursor) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  if (cursor < 0) cursor = utf8_count(s);
  if (strlen(s) < SDL_TEXTEDITINGEVENT_TEXT_SIZE) {
    e.type = SDL_TEXTEDITING;
    e.edit.windowID = SDL_GetWindowID(win);
    memcpy(e.edit.text, s, strlen(s) + 1);
    e.edit.start = cursor;
    e.edit.length = 0;
  } else {
    /* Long compositions travel as _EXT, as SDL does with the extended-text
    ** hint set; the receiver SDL_frees the text. */
    e.type = SDL_TEXTEDITING_EXT;
    e.editExt.windowID = SDL_GetWindowID(win);
    e.editExt.text = SDL_strdup(s);
    e.editExt.start = cursor;
    e.editExt.length = 0;
  }
  if (SDL_PushEvent(&e) != 1 && e.type == SDL_TEXTEDITING_EXT) SDL_free(e.editExt.text);
}

static void push_mouse(SDL_Window *win, int x, int y, int button, int down) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
  e.button.windowID = SDL_GetWindowID(win);
  e.button.button = (Uint8)button;
  e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
  e.button.clicks = 1;
  e.button.x = x;
  e.button.y = y;
  SDL_PushEvent(&e);
}

static void push_motion(SDL_Window *win, int x, int y) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = SDL_MOUSEMOTION;
  e.motion.windowID = SDL_GetWindowID(win);
  e.motion.x = x;
  e.motion.y = y;
  SDL_PushEvent(&e);
}

kk_ScriptAction kk_script_step(kk_Script *s, SDL_Window *win, int text_active) {
  kk_ScriptAction a = {KK_SCRIPT_EVENTS, 0, 0, 0, NULL, 0};
  if (s->next >= s->n) {
    a.step = KK_SCRIPT_DONE;
    return a;
  }
  const Cmd *c = &s->cmds[s->next++];
  a.line = c->line;
  switch (c->kind) {
  case C_KEY:
    push_key(win, c->key, c->mod, 1);
    /* A real keyboard types printable keys as text while a field listens. */
    if (text_active && !(c->mod & (KMOD_CTRL | KMOD_ALT))) {
      uint32_t ch = c->key == SDLK_SPACE ? 32u : kk_input_char(c->key, (c->mod & KMOD_SHIFT) != 0);
      if (ch >= 'a' && ch <= 'z' && (c->mod & KMOD_SHIFT)) ch = ch - 'a' + 'A';
      if (ch >= 32 && ch < 127) {
        const char t[2] = {(char)ch, 0};
        push_text(win, t, 1);
      }
    }
    push_key(win, c->key, c->mod, 0);
    break;
  case C_TEXT: push_text(win, c->str, strlen(c->str)); break;
  case C_EDIT: push_edit(win, c->str, c->a); break;
  case C_CLICK:
    push_motion(win, c->a, c->b);
    push_mouse(win, c->a, c->b, c->c, 1);
    push_mouse(win, c->a, c->b, c->c, 0);
    break;
  case C_MOVE: push_motion(win, c->a, c->b); break;
  case C_DRAG: /* press, move halfway and on, release */
    push_motion(win, c->a, c->b);
    push_mouse(win, c->a, c->b, 1, 1);
    push_motion(win, (c->a + c->c) / 2, (c->b + c->d) / 2);
    push_motion(win, c->c, c->d);
    push_mouse(win, c->c, c->d, 1, 0);
    break;
  case C_WHEEL: {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.windowID = SDL_GetWindowID(win);
    e.wheel.y = c->a;
    e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
    SDL_PushEvent(&e);
    break;
  }
  case C_WAIT:
    a.step = KK_SCRIPT_WAIT;
    a.wait_ms = c->a;
    break;
  case C_RESIZE:
    a.step = KK_SCRIPT_RESIZE;
    a.w = c->a;
    a.h = c->b;
    break;
  case C_SCREENSHOT:
    a.step = KK_SCRIPT_SCREENSHOT;
    a.path = c->str;
    break;
  case C_CLIPBOARD:
    /* as another application copying text */
    SDL_SetClipboardText(c->str);
    break;
  case C_FRAMES:
    a.step = KK_SCRIPT_FRAMES;
    a.w = c->a;
    break;
  case C_FOCUS: {
    /* as when the student comes back to the window */
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.windowID = SDL_GetWindowID(win);
    e.window.event = SDL_WINDOWEVENT_FOCUS_GAINED;
    SDL_PushEvent(&e);
    break;
  }
  case C_QUIT: {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_QUIT;
    SDL_PushEvent(&e);
    s->next = s->n;
    break;
  }
  }
  return a;
}
