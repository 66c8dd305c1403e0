/*
** metrics.h -- text measurement injected by the host.  The core lays text
** out without knowing fonts: the SDL front end supplies callbacks backed by
** SDL_ttf, tests supply fake ones (e.g. every code point N pixels wide).
** Depends on nothing.  `ud` is borrowed.
*/
#ifndef KK_METRICS_H
#define KK_METRICS_H

#include <stddef.h>

typedef struct kk_TextMetrics {
  void *ud;
  /* Width in pixels of s[0..len) (UTF-8) at font size px; px < 0 measures
  ** the bold face at size -px (bold Latin is wider than regular). */
  int (*width)(void *ud, int px, const char *s, size_t len);
  /* Line height (ascent + descent + line gap) at size px. */
  int (*line_height)(void *ud, int px);
  /* Ascent (baseline offset from the top of the line) at size px. */
  int (*ascent)(void *ud, int px);
} kk_TextMetrics;

#endif
