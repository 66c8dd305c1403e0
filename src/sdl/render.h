/*
** render.h -- executes a kk_DrawList with an SDL_Renderer.  Depends on SDL2,
** sdl/font.h, core/draw.h.  A kk_Render borrows the SDL_Renderer and the
** kk_Fonts (both must outlive it) and owns a bounded LRU cache of text
** textures keyed by (full text, device px, bold, colour).
*/
#ifndef KK_SDL_RENDER_H
#define KK_SDL_RENDER_H

#include <SDL.h>

#include "core/ui/draw.h"
#include "core/base/err.h"
#include "sdl/font.h"

#define KK_TEXT_CACHE_MAX 768 /* textures */
#define KK_TEXT_CACHE_BYTES                                                                        \
  (16u << 20) /* RGBA bytes held by textures: a few
                                           ** full screens of text */

typedef struct kk_Render kk_Render;

typedef struct kk_RenderStats {
  unsigned hits, misses, evictions, entries;
  size_t bytes;
} kk_RenderStats;

/* Returns a new renderer; caller frees with kk_render_free. */
kk_Render *kk_render_new(SDL_Renderer *r, kk_Fonts *fonts);
void kk_render_free(kk_Render *rd);

/* Device pixels per layout pixel (HiDPI); every coordinate is multiplied. */
void kk_render_set_scale(kk_Render *rd, float scale);

/* Clears to `bg` and draws every command of dl (no present).  If the list
** holds a KK_DRAW_IME_RECT, *ime (layout pixels) receives it and the return
** value is 1; else 0. */
int kk_render_list(kk_Render *rd, const kk_DrawList *dl, kk_Color bg, kk_Rect *ime);

kk_RenderStats kk_render_stats(const kk_Render *rd);

/* Reads the current back buffer (call before SDL_RenderPresent) and writes
** it as an 8-bit RGBA PNG at path. */
kk_Status kk_render_screenshot(SDL_Renderer *r, const char *path, kk_Err *err);

/* Writes w x h RGBA pixels (stride bytes per row) as a PNG. */
kk_Status kk_png_write(const char *path, const unsigned char *rgba, int w, int h, int stride,
                       kk_Err *err);

#endif
