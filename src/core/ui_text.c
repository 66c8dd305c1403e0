/*
** ui_text.c -- text for the screens: UTF-8 and grapheme steps, one-line
** labels cut with an ellipsis, and paragraph layout of styled runs with
** Japanese line breaking (kinsoku) and ruby drawn small above its base.
**
** Divisions: code points and graphemes; break rules; paragraph layout.
**
** Breaking: a line may break after a space, and before or after any wide
** (CJK) character, except that no line starts with small kana, the long
** vowel mark or closing punctuation, and none ends with opening brackets.
** Latin words never split unless one alone is wider than the column.
** 。、 and their kin may hang past the right margin rather than wrap.
*/
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/ui_int.h"

/* ---- code points and graphemes ------------------------------------------ */

int kk_ui_utf8_next(const char *s, size_t len, uint32_t *cp) {
  utf8proc_int32_t c;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                        (utf8proc_ssize_t)(len > 4 ? 4 : len), &c);
  if (n < 1) {
    *cp = 0xFFFD;
    return 1;
  }
  *cp = (uint32_t)c;
  return (int)n;
}

size_t kk_ui_grapheme_next(const char *s, size_t len, size_t pos) {
  if (pos >= len) return len;
  utf8proc_int32_t state = 0;
  uint32_t prev;
  size_t i = pos + (size_t)kk_ui_utf8_next(s + pos, len - pos, &prev);
  while (i < len) {
    uint32_t cp;
    int n = kk_ui_utf8_next(s + i, len - i, &cp);
    if (utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev,
                                         (utf8proc_int32_t)cp, &state))
      break;
    prev = cp;
    i += (size_t)n;
  }
  return i;
}

size_t kk_ui_grapheme_prev(const char *s, size_t len, size_t pos) {
  /* Walk forward from the start: graphemes need left context. */
  size_t at = 0, last = 0;
  if (pos > len) pos = len;
  while (at < pos) {
    last = at;
    at = kk_ui_grapheme_next(s, len, at);
  }
  return last;
}

/* ---- break rules ------------------------------------------------------- */

static const uint32_t no_start[] = {
    0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087,
    0x308E, 0x3095, 0x3096, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3,
    0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6, 0x31F0, 0x30FC, /* ー */
    0x3002, 0x3001, 0xFF0C, 0xFF0E, 0x300D, 0x300F, 0xFF09, 0x3011, 0x3015,
    0xFF01, 0xFF1F, 0x30FB, 0x3005, 0x301C, 0x2026, 0x2025, 0x3009, 0x300B,
    0x3017, 0x3019, 0xFF1A, 0xFF1B, 0xFF3D, 0xFF5D, 0x301F, 0x30FD, 0x30FE,
    0x309D, 0x309E, 0x2019, 0x201D, 0xFF60, 0xFF61, 0xFF64,
    ')', ']', '}', ',', '.', '!', '?', ':', ';', '%'};
static const uint32_t no_end[] = {0x300C, 0x300E, 0xFF08, 0x3010, 0x3014,
                                  0x3008, 0x300A, 0x3016, 0x3018, 0xFF3B,
                                  0xFF5B, 0x301D, 0x2018, 0x201C, 0xFF5F,
                                  '(', '[', '{'};

int kk_ui_no_line_start(uint32_t cp) {
  for (size_t i = 0; i < sizeof no_start / sizeof *no_start; i++)
    if (no_start[i] == cp) return 1;
  return 0;
}

int kk_ui_no_line_end(uint32_t cp) {
  for (size_t i = 0; i < sizeof no_end / sizeof *no_end; i++)
    if (no_end[i] == cp) return 1;
  return 0;
}

static int is_wide(uint32_t cp) {
  return cp >= 0x1100 && utf8proc_charwidth((utf8proc_int32_t)cp) >= 2;
}

static int is_space(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

/* May hang past the right margin. */
static int is_hanging(uint32_t cp) {
  return cp == 0x3002 || cp == 0x3001 || cp == 0xFF0C || cp == 0xFF0E ||
         cp == ',' || cp == '.';
}

static int is_han(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) ||
         cp == 0x3005 || cp == 0x3006 || cp == 0x30F6;
}

/* ---- measuring ---------------------------------------------------------- */

int kk_ui_text_w(kk_Ui *ui, int px, const char *s, size_t len) {
  if (!len) return 0;
  return ui->tm->width(ui->tm->ud, px, s, len);
}

int kk_ui_line_h(kk_Ui *ui, int px) { return ui->tm->line_height(ui->tm->ud, px); }

static void set_last_size(kk_Ui *ui, size_t before, int w, int h) {
  kk_DrawList *dl = ui->dl;
  if (dl->n > before && dl->cmds[dl->n - 1].kind == KK_DRAW_TEXT) {
    dl->cmds[dl->n - 1].r.w = w;
    dl->cmds[dl->n - 1].r.h = h;
  }
}

int kk_ui_label(kk_Ui *ui, int x, int y, int px, int style, kk_Color c,
                const char *s, int max_w) {
  size_t len = strlen(s);
  int w = kk_ui_text_w(ui, px, s, len);
  char buf[512];
  const char *out = s;
  if (max_w > 0 && w > max_w) {
    /* Cut at a grapheme boundary and add an ellipsis. */
    static const char ell[] = "\xE2\x80\xA6";
    int ew = kk_ui_text_w(ui, px, ell, 3);
    size_t keep = 0, at = 0;
    while (at < len) {
      size_t nx = kk_ui_grapheme_next(s, len, at);
      if (nx + 4 > sizeof buf) break;
      if (kk_ui_text_w(ui, px, s, nx) + ew > max_w) break;
      keep = at = nx;
    }
    memcpy(buf, s, keep);
    memcpy(buf + keep, ell, 4);
    out = buf;
    len = keep + 3;
    w = kk_ui_text_w(ui, px, buf, len);
    if (w > max_w) return 0; /* not even the ellipsis fits */
  }
  if (ui->dl) {
    size_t before = ui->dl->n;
    kk_draw_text(ui->dl, x, y, px, style, c, out, len);
    set_last_size(ui, before, w, kk_ui_line_h(ui, px));
  }
  return w;
}

/* ---- paragraph layout ---------------------------------------------------- */

typedef struct Glyph {
  const char *p;
  int n;       /* bytes */
  int span;
  int ruby;    /* index into rubies, -1 if none */
  uint32_t cp;
  unsigned char brk; /* a line may break before this glyph */
} Glyph;

typedef struct Ruby {
  const char *p; /* reading */
  size_t n;
} Ruby;

typedef struct Para {
  kk_Ui *ui;
  const kk_UiSpan *spans;
  Glyph *g;
  size_t ng;
  Ruby *rb;
  size_t nrb;
} Para;

static int ruby_px(int px) { return px / 2 > 6 ? px / 2 : 6; }

/* Width of the ruby group starting at glyph i; *end gets its end. */
static int group_w(Para *pa, size_t i, size_t *end) {
  int r = pa->g[i].ruby;
  size_t j = i;
  while (j < pa->ng && pa->g[j].ruby == r) j++;
  const Glyph *a = &pa->g[i], *z = &pa->g[j - 1];
  int px = pa->spans[a->span].px;
  int bw = kk_ui_text_w(pa->ui, px, a->p, (size_t)(z->p + z->n - a->p));
  int rw = kk_ui_text_w(pa->ui, ruby_px(px), pa->rb[r].p, pa->rb[r].n);
  *end = j;
  return bw > rw ? bw : rw;
}

/* End of the run of glyphs from i that can be measured as one string. */
static size_t run_end(const Para *pa, size_t i, size_t b) {
  size_t j = i + 1;
  while (j < b && pa->g[j].ruby < 0 && pa->g[j].span == pa->g[i].span &&
         pa->g[j].p == pa->g[j - 1].p + pa->g[j - 1].n && pa->g[j].cp != '\n')
    j++;
  return j;
}

static int range_w(Para *pa, size_t a, size_t b) {
  int w = 0;
  size_t i = a;
  while (i < b) {
    if (pa->g[i].ruby >= 0) {
      size_t e;
      w += group_w(pa, i, &e);
      i = e;
      continue;
    }
    size_t j = run_end(pa, i, b);
    const Glyph *z = &pa->g[j - 1];
    w += kk_ui_text_w(pa->ui, pa->spans[pa->g[i].span].px, pa->g[i].p,
                      (size_t)(z->p + z->n - pa->g[i].p));
    i = j;
  }
  return w;
}

static int build(Para *pa, size_t nspans) {
  size_t cap = 0;
  for (size_t s = 0; s < nspans; s++) cap += pa->spans[s].len;
  pa->g = kk_malloc((cap + 1) * sizeof *pa->g);
  pa->rb = kk_malloc((cap / 2 + 1) * sizeof *pa->rb);
  if (!pa->g || !pa->rb) return -1;
  pa->ng = pa->nrb = 0;
  for (size_t s = 0; s < nspans; s++) {
    const kk_UiSpan *sp = &pa->spans[s];
    size_t i = 0;
    while (i < sp->len) {
      uint32_t cp;
      int n = kk_ui_utf8_next(sp->s + i, sp->len - i, &cp);
      if (cp == '[' && sp->ruby) {
        /* 漢字[かんじ]: the base is the run of han just before, same span */
        size_t k = pa->ng;
        while (k > 0 && pa->g[k - 1].span == (int)s && pa->g[k - 1].ruby < 0 &&
               is_han(pa->g[k - 1].cp))
          k--;
        const char *close = memchr(sp->s + i, ']', sp->len - i);
        const char *open2 = close ? memchr(sp->s + i + 1, '[', (size_t)(close - sp->s) - i - 1) : NULL;
        if (k < pa->ng && close && !open2 && close > sp->s + i + 1) {
          Ruby *r = &pa->rb[pa->nrb];
          r->p = sp->s + i + 1;
          r->n = (size_t)(close - r->p);
          for (size_t q = k; q < pa->ng; q++) pa->g[q].ruby = (int)pa->nrb;
          pa->nrb++;
          i = (size_t)(close - sp->s) + 1;
          continue;
        }
      }
      Glyph *g = &pa->g[pa->ng++];
      g->p = sp->s + i;
      g->n = n;
      g->span = (int)s;
      g->ruby = -1;
      g->cp = cp;
      g->brk = 0;
      i += (size_t)n;
    }
  }
  /* break opportunities */
  for (size_t i = 1; i < pa->ng; i++) {
    const Glyph *a = &pa->g[i - 1], *b = &pa->g[i];
    int ok;
    if (a->ruby >= 0 && a->ruby == b->ruby) ok = 0;
    else if (kk_ui_no_line_start(b->cp) || kk_ui_no_line_end(a->cp)) ok = 0;
    else if (is_space(b->cp)) ok = 0; /* spaces stay with the word before */
    else if (is_space(a->cp)) ok = 1;
    else if (is_wide(a->cp) || is_wide(b->cp)) ok = 1;
    else ok = 0;
    pa->g[i].brk = (unsigned char)ok;
  }
  return 0;
}

/* Next break position after i (exclusive bound b). */
static size_t next_brk(const Para *pa, size_t i, size_t b) {
  size_t k = i + 1;
  while (k < b && !pa->g[k].brk && pa->g[k].cp != '\n') k++;
  return k;
}

static void draw_line(Para *pa, size_t a, size_t b, int x, int top, int ruby_h,
                      int asc_max) {
  kk_Ui *ui = pa->ui;
  size_t i = a;
  while (i < b) {
    const Glyph *g = &pa->g[i];
    const kk_UiSpan *sp = &pa->spans[g->span];
    int asc = ui->tm->ascent(ui->tm->ud, sp->px);
    int ty = top + ruby_h + asc_max - asc;
    int lh = kk_ui_line_h(ui, sp->px);
    if (g->ruby >= 0) {
      size_t e;
      int gw = group_w(pa, i, &e);
      const Glyph *z = &pa->g[e - 1];
      size_t blen = (size_t)(z->p + z->n - g->p);
      int bw = kk_ui_text_w(ui, sp->px, g->p, blen);
      const Ruby *r = &pa->rb[g->ruby];
      int rpx = ruby_px(sp->px);
      int rw = kk_ui_text_w(ui, rpx, r->p, r->n);
      if (sp->bg) kk_draw_rect(ui->dl, (kk_Rect){x, ty, gw, lh}, sp->bg_color);
      size_t before = ui->dl->n;
      kk_draw_text(ui->dl, x + (gw - bw) / 2, ty, sp->px, sp->style, sp->color,
                   g->p, blen);
      set_last_size(ui, before, bw, lh);
      before = ui->dl->n;
      int rh = kk_ui_line_h(ui, rpx);
      kk_draw_text(ui->dl, x + (gw - rw) / 2, ty - rh, rpx, 0, sp->color, r->p, r->n);
      set_last_size(ui, before, rw, rh);
      x += gw;
      i = e;
      continue;
    }
    size_t j = run_end(pa, i, b);
    const Glyph *z = &pa->g[j - 1];
    size_t len = (size_t)(z->p + z->n - g->p);
    int w = kk_ui_text_w(ui, sp->px, g->p, len);
    if (sp->bg) kk_draw_rect(ui->dl, (kk_Rect){x, ty, w, lh}, sp->bg_color);
    size_t before = ui->dl->n;
    kk_draw_text(ui->dl, x, ty, sp->px, sp->style, sp->color, g->p, len);
    set_last_size(ui, before, w, lh);
    x += w;
    i = j;
  }
}

int kk_ui_para(kk_Ui *ui, const kk_UiSpan *spans, size_t n, int x, int y,
               int max_w, int align, int draw) {
  Para pa = {ui, spans, NULL, 0, NULL, 0};
  int h = 0;
  if (build(&pa, n) < 0) {
    h = -1;
    goto done;
  }
  int ruby_h = 0, px_max = 0;
  for (size_t s = 0; s < n; s++)
    if (spans[s].px > px_max) px_max = spans[s].px;
  if (pa.nrb) ruby_h = kk_ui_line_h(ui, ruby_px(px_max));
  if (max_w < 1) max_w = 1;
  size_t i = 0;
  for (;;) {
    size_t a = i, end;
    if (i > 0 && pa.g[i - 1].cp != '\n')
      while (a < pa.ng && is_space(pa.g[a].cp)) a++;
    size_t j = a;
    int xw = 0;
    end = pa.ng;
    size_t resume = pa.ng;
    while (j < pa.ng) {
      if (pa.g[j].cp == '\n') {
        end = j;
        resume = j + 1;
        break;
      }
      size_t k = next_brk(&pa, j, pa.ng);
      /* trailing spaces and hanging punctuation do not count for the fit */
      size_t kf = k;
      while (kf > j && (is_space(pa.g[kf - 1].cp) || is_hanging(pa.g[kf - 1].cp))) kf--;
      int fit_w = kf > j ? range_w(&pa, j, kf) : 0;
      if (xw + fit_w > max_w) {
        if (j > a) {
          end = j;
          resume = j;
          break;
        }
        /* one atom wider than the column: cut it by glyphs */
        size_t m = j + 1;
        while (m < k && range_w(&pa, j, m + 1) <= max_w) m++;
        /* never cut inside a ruby group */
        while (m < k && pa.g[m].ruby >= 0 && pa.g[m].ruby == pa.g[m - 1].ruby) m++;
        end = m;
        resume = m;
        break;
      }
      xw += range_w(&pa, j, k);
      j = k;
    }
    /* line [a, end) */
    int asc_max = 0, lh = 0;
    for (size_t q = a; q < end; q++) {
      int px = spans[pa.g[q].span].px;
      int as = ui->tm->ascent(ui->tm->ud, px), l = kk_ui_line_h(ui, px);
      if (as > asc_max) asc_max = as;
      if (l > lh) lh = l;
    }
    if (!lh) {
      /* empty line: height of the largest span */
      lh = kk_ui_line_h(ui, px_max ? px_max : 12);
      asc_max = ui->tm->ascent(ui->tm->ud, px_max ? px_max : 12);
    }
    if (draw && ui->dl && end > a) {
      size_t ew = end;
      while (ew > a && is_space(pa.g[ew - 1].cp)) ew--;
      int lx = x;
      if (align == KK_UI_ALIGN_CENTER) {
        int lw = range_w(&pa, a, ew);
        if (lw < max_w) lx += (max_w - lw) / 2;
      }
      draw_line(&pa, a, ew, lx, y + h, ruby_h, asc_max);
    }
    h += ruby_h + lh;
    i = resume;
    if (i >= pa.ng) break;
  }
done:
  kk_free(pa.g);
  kk_free(pa.rb);
  return h;
}
