/*
** font.h -- finding a Japanese font and keeping one TTF_Font per size and
** style.  Depends on SDL2_ttf, fontconfig and core/metrics.h.  A kk_Fonts
** owns its TTF_Fonts (at most KK_FONTS_MAX open, least recently used closed
** first); a TTF_Font returned by kk_fonts_get is borrowed and valid until the
** next kk_fonts_get or kk_fonts_free.
*/
#ifndef KK_SDL_FONT_H
#define KK_SDL_FONT_H

#include <SDL_ttf.h>

#include "core/base/err.h"
#include "core/ui/metrics.h"

#define KK_FONTS_MAX 24

typedef struct kk_FontSpec {
  char path[1024]; /* "" if none */
  long index;      /* face index inside a .ttc collection */
  int exact;       /* 1: given by the user; never swap for the JP face */
} kk_FontSpec;

typedef struct kk_Fonts kk_Fonts;

/* Resolves the regular and bold faces (and a fallback for symbols).  `override` is "PATH" or
** "PATH:INDEX" (from --font) or NULL to ask fontconfig for `sans-serif`
** with lang=ja.  A match that does not cover Japanese is an error naming the
** package to install.  bold->path is "" when no bold face is found (the
** regular face is then emboldened by SDL_ttf). */
kk_Status kk_fonts_find(const char *override, kk_FontSpec *regular, kk_FontSpec *bold,
                        kk_FontSpec *fallback, kk_Err *err);

/* Returns a new font cache over the given faces, after checking the regular
** face opens (and, for a collection, that the face is the Japanese one).
** Caller frees with kk_fonts_free. */
kk_Status kk_fonts_open(const kk_FontSpec *regular, const kk_FontSpec *bold,
                        const kk_FontSpec *fallback, kk_Fonts **out, kk_Err *err);
void kk_fonts_free(kk_Fonts *f);
/* Releases fontconfig's process-wide state (at exit, after every kk_Fonts
** is freed and kk_fonts_find will not run again). */
void kk_fonts_shutdown(void);

/* The font for size px (pixels per em, device pixels) and bold 0/1 (2: the
** fallback face), or NULL if it cannot be opened. */
TTF_Font *kk_fonts_get(kk_Fonts *f, int px, int bold);

/* Splits s[0..len) into runs each drawn by one face: the Japanese face,
** or a fallback face (fontconfig's plain sans-serif) for code points it
** lacks (e.g. U+2717).  Calls fn(ud, font, run, runlen) in order; a text
** the Japanese face covers is one run.  Fonts are borrowed (see above). */
typedef void (*kk_FontRunFn)(void *ud, TTF_Font *font, const char *s, size_t len);
void kk_fonts_runs(kk_Fonts *f, int px, int bold, const char *s, size_t len, kk_FontRunFn fn,
                   void *ud);

/* Family name of the regular face, e.g. "Noto Sans CJK JP" (borrowed). */
const char *kk_fonts_family(kk_Fonts *f);

/* Sets the ratio of device pixels to layout pixels (HiDPI): the metrics
** below measure at round(px * scale) and report layout pixels. */
void kk_fonts_set_scale(kk_Fonts *f, float scale);

/* Fills m with callbacks backed by this cache (m->ud = f, borrowed). */
void kk_fonts_metrics(kk_Fonts *f, kk_TextMetrics *m);

#endif
