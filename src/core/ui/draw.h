/*
** draw.h -- a frame as a list of draw commands.  Core screens append
** commands; the SDL front end walks the list and draws it (and a test can
** inspect it).  Depends on alloc.h.  A kk_DrawList owns the text of its
** commands (copied into its arena); kk_draw_reset keeps the memory for the
** next frame; kk_draw_free releases it.
*/
#ifndef KK_DRAW_H
#define KK_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/alloc.h"

typedef struct kk_Color {
  uint8_t r, g, b, a;
} kk_Color;

typedef struct kk_Rect {
  int x, y, w, h;
} kk_Rect;

typedef enum {
  KK_DRAW_RECT,     /* filled rectangle */
  KK_DRAW_FRAME,    /* 1-pixel-wide outline (thickness in `px`) */
  KK_DRAW_TEXT,     /* one line of text: top-left at r.x, r.y, size px */
  KK_DRAW_LINE,     /* from (r.x, r.y) to (r.x + r.w, r.y + r.h) */
  KK_DRAW_CLIP,     /* clip later commands to r; r.w == 0 removes the clip */
  KK_DRAW_IME_RECT, /* where the IME candidate window should go (no pixels) */
  KK_DRAW_IMAGE     /* the PNG file named by text, fitted into r keeping
                     ** its aspect ratio, top-left aligned */
} kk_DrawKind;

enum { KK_TEXT_BOLD = 1, KK_TEXT_UNDERLINE = 2 };

typedef struct kk_DrawCmd {
  kk_DrawKind kind;
  kk_Rect r;
  kk_Color color;
  int px;           /* TEXT: font size in pixels; FRAME: thickness */
  int style;        /* TEXT: KK_TEXT_* bits */
  const char *text; /* TEXT: UTF-8, NUL-terminated, owned by the list */
} kk_DrawCmd;

typedef struct kk_DrawList {
  kk_DrawCmd *cmds;
  size_t n, cap;
  kk_Arena arena;
  int oom;       /* 1 if a command was dropped for lack of memory */
  uint64_t hash; /* running hash of the commands, to skip identical frames */
} kk_DrawList;

void kk_draw_init(kk_DrawList *dl);
void kk_draw_reset(kk_DrawList *dl); /* empties, keeps capacity */
void kk_draw_free(kk_DrawList *dl);  /* dl may be NULL */

void kk_draw_rect(kk_DrawList *dl, kk_Rect r, kk_Color c);
void kk_draw_frame(kk_DrawList *dl, kk_Rect r, kk_Color c, int thickness);
void kk_draw_line(kk_DrawList *dl, int x0, int y0, int x1, int y1, kk_Color c);
void kk_draw_clip(kk_DrawList *dl, kk_Rect r);
void kk_draw_ime_rect(kk_DrawList *dl, kk_Rect r);
/* The image file at path (copied), fitted into r. */
void kk_draw_image(kk_DrawList *dl, kk_Rect r, const char *path);
/* Text s[0..len) at (x, y) top-left; w/h of r are filled by the caller if
** known (for hit-testing), else 0. */
void kk_draw_text(kk_DrawList *dl, int x, int y, int px, int style, kk_Color c, const char *s,
                  size_t len);

#endif
