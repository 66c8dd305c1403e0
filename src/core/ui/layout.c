/*
** layout.c -- paragraph layout (contract in layout.h).
** Divisions: character classes / clusters and break opportunities /
** greedy line filling / furigana placement.
**
** The text is cut into grapheme clusters; each boundary between clusters
** gets a break opportunity from libunibreak, which the kinsoku tables and
** ruby bases then veto.  Lines are filled greedily from opportunity to
** opportunity; a unit wider than the whole line is split between clusters
** as a last resort, preferring boundaries kinsoku allows.
*/
#include "core/ui/layout.h"

#include <linebreak.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "core/base/alloc.h"
#include "core/deck/text.h"

/* ======================================================================
** Character classes
** ====================================================================== */

/* May not start a line: small kana, the prolonged sound mark, closing
** brackets and punctuation, iteration marks.  The list, plus the
** obvious kin (half-width forms, ゝゞヽヾ, more closing brackets). */
static int no_start(int32_t c) {
  switch (c) {
  case 0x3041:
  case 0x3043:
  case 0x3045:
  case 0x3047:
  case 0x3049: /* ぁぃぅぇぉ */
  case 0x3063:
  case 0x3083:
  case 0x3085:
  case 0x3087:
  case 0x308E: /* っゃゅょゎ */
  case 0x3095:
  case 0x3096: /* ゕゖ */
  case 0x30A1:
  case 0x30A3:
  case 0x30A5:
  case 0x30A7:
  case 0x30A9: /* ァィゥェォ */
  case 0x30C3:
  case 0x30E3:
  case 0x30E5:
  case 0x30E7:
  case 0x30EE: /* ッャュョヮ */
  case 0x30F5:
  case 0x30F6: /* ヵヶ */
  case 0x30FC:
  case 0xFF70: /* ー ｰ */
  case 0x3002:
  case 0x3001:
  case 0xFF0C:
  case 0xFF0E: /* 。、，． */
  case 0xFF61:
  case 0xFF64:
  case 0xFF63: /* ｡､｣ */
  case 0x300D:
  case 0x300F:
  case 0xFF09:
  case 0x3011:
  case 0x3015: /* 」』）】〕 */
  case 0x3009:
  case 0x300B:
  case 0x3017:
  case 0x3019:
  case 0xFF3D: /* 〉》〗〙］ */
  case 0xFF5D: /* ｝ */
  case 0xFF01:
  case 0xFF1F:
  case 0x30FB:
  case 0xFF65: /* ！？・･ */
  case 0xFF1A:
  case 0xFF1B: /* ：； */
  case 0x3005:
  case 0x309D:
  case 0x309E:
  case 0x30FD:
  case 0x30FE: /* 々ゝゞヽヾ */
  case 0x301C:
  case 0xFF5E:
  case 0x2026:
  case 0x2025: /* 〜～…‥ */ return 1;
  default: return (c >= 0x31F0 && c <= 0x31FF); /* small katakana extension */
  }
}

/* May not end a line: opening brackets. */
static int no_end(int32_t c) {
  switch (c) {
  case 0x300C:
  case 0x300E:
  case 0xFF08:
  case 0x3010:
  case 0x3014: /* 「『（【〔 */
  case 0x3008:
  case 0x300A:
  case 0x3016:
  case 0x3018:
  case 0xFF3B: /* 〈《〖〘［ */
  case 0xFF5B:
  case 0xFF62: /* ｛｢ */ return 1;
  default: return 0;
  }
}

/* May hang past the right margin at a line end. */
static int hangs(int32_t c) {
  return c == 0x3002 || c == 0x3001 || c == 0xFF0C || c == 0xFF0E || c == 0xFF61 || c == 0xFF64;
}

static int is_space(int32_t c) { return c == ' ' || c == '\t' || c == 0x3000; }

static int is_newline(int32_t c) {
  return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

/* ======================================================================
** Clusters and break opportunities
** ====================================================================== */

enum { CL_SPACE = 1, CL_NL = 2, CL_HANG = 4, CL_NOSTART = 8, CL_NOEND = 16 };

typedef struct Cluster {
  size_t off, end; /* bytes */
  int w;           /* width in px */
  int ruby;        /* index of the ruby base holding it, or -1 */
  uint8_t flags;
  uint8_t allow; /* a break after this cluster is allowed */
} Cluster;

typedef struct Ctx {
  const kk_TextMetrics *m;
  const char *t;
  size_t len;
  int px, max_w;
  Cluster *cl;
  size_t ncl;
  kk_Layout *out;
} Ctx;

static int measure(const Ctx *c, int px, const char *s, size_t n) {
  if (n == 0) return 0;
  int w = c->m->width(c->m->ud, px, s, n);
  return w < 0 ? 0 : w;
}

static void ensure_init(void) {
  /* libunibreak's index of line-breaking properties (a speed-up for
  ** large code points such as CJK): built once per process. */
  static int done;
  if (!done) init_linebreak(), done = 1;
}

static kk_Status build_clusters(Ctx *c, const char *lang) {
  const char *t = c->t;
  size_t len = c->len;
  const kk_Ruby *src = &c->out->src_;
  char *brks = kk_malloc(len ? len : 1);
  c->cl = kk_malloc((len ? len : 1) * sizeof *c->cl);
  if (!brks || !c->cl) {
    kk_free(brks);
    return KK_ERR_NOMEM;
  }
  /* libunibreak takes U+FFFF for its end-of-text marker and asserts when
  ** one stands inside the text; it gets a copy with U+FFFD there instead
  ** (same three bytes, so every offset stays the same). */
  const char *lbt = t;
  char *copy = NULL;
  for (size_t i = 0; i + 2 < len; i++)
    if ((unsigned char)t[i] == 0xEF && (unsigned char)t[i + 1] == 0xBF &&
        (unsigned char)t[i + 2] == 0xBF) {
      if (!copy) {
        copy = kk_malloc(len);
        if (!copy) {
          kk_free(brks);
          return KK_ERR_NOMEM;
        }
        memcpy(copy, t, len);
        lbt = copy;
      }
      copy[i + 2] = (char)0xBD;
    }
  if (len) set_linebreaks_utf8((const utf8_t *)lbt, len, lang, brks);
  kk_free(copy);
  size_t p = 0, n = 0, run = 0;
  int32_t prev = -1, state = 0;
  while (p < len) {
    size_t st = p;
    int32_t cp = kk_utf8_next(t, len, &p); /* t is well-formed */
    int nl = is_newline(cp);
    int brk = 1;
    if (n == 0 || nl || is_newline(prev))
      state = 0;
    else
      brk = utf8proc_grapheme_break_stateful(prev, cp, &state);
    if (cp == '\n' && prev == '\r') brk = 0; /* CRLF is one break */
    prev = cp;
    if (brk) {
      Cluster *k = &c->cl[n++];
      memset(k, 0, sizeof *k);
      k->off = st;
      k->ruby = -1;
      k->flags =
          (uint8_t)((is_space(cp) ? CL_SPACE : 0) | (nl ? CL_NL : 0) | (hangs(cp) ? CL_HANG : 0) |
                    (no_start(cp) ? CL_NOSTART : 0) | (no_end(cp) ? CL_NOEND : 0));
      while (run < src->nruns && src->runs[run].base_off + src->runs[run].base_len <= st) run++;
      if (run < src->nruns && src->runs[run].ruby && src->runs[run].base_off <= st)
        k->ruby = (int)run;
    }
    c->cl[n - 1].end = p;
  }
  c->ncl = n;
  for (size_t i = 0; i < n; i++) {
    Cluster *k = &c->cl[i];
    k->w = (k->flags & CL_NL) ? 0 : measure(c, c->px, t + k->off, k->end - k->off);
    if (i + 1 == n) {
      k->allow = 1;
      break;
    }
    const Cluster *nx = &c->cl[i + 1];
    char b = brks[k->end - 1];
    int ok = b == LINEBREAK_ALLOWBREAK || b == LINEBREAK_MUSTBREAK;
    if ((nx->flags & CL_NOSTART) || (k->flags & CL_NOEND)) ok = 0;
    if (k->ruby >= 0 && k->ruby == nx->ruby) ok = 0;
    if ((k->flags | nx->flags) & CL_NL) ok = 1; /* handled as hard breaks */
    k->allow = (uint8_t)ok;
  }
  kk_free(brks);
  return KK_OK;
}

/* ======================================================================
** Greedy line filling
** ====================================================================== */

/* Appends the line made of clusters [a, b] (b < a: an empty line at a). */
static void emit_line(Ctx *c, size_t a, size_t b, int empty) {
  kk_Layout *L = c->out;
  kk_LayoutLine *ln = &L->lines[L->nlines++];
  memset(ln, 0, sizeof *ln);
  if (empty) {
    ln->off = a < c->ncl ? c->cl[a].off : c->len;
    return;
  }
  while (b > a && (c->cl[b].flags & CL_SPACE)) b--;
  ln->off = c->cl[a].off;
  ln->len = (c->cl[b].flags & CL_SPACE) ? 0 : c->cl[b].end - ln->off;
  ln->width_px = measure(c, c->px, c->t + ln->off, ln->len);
}

/* Last resort when no break opportunity fits: the end cluster of a first
** piece taken from [a, lim) (lim: the first cluster that no longer fits).
** Takes as much as fits, preferring boundaries kinsoku allows, never inside
** a ruby base; at least one cluster, or the whole base (up to s1). */
static size_t split_unit(const Ctx *c, size_t a, size_t lim, size_t s1) {
  const Cluster *cl = c->cl;
  size_t best = SIZE_MAX, best_any = SIZE_MAX;
  for (size_t j = a; j < lim; j++) {
    if (cl[j].ruby >= 0 && cl[j].ruby == cl[j + 1].ruby) continue;
    best_any = j;
    if (!(cl[j + 1].flags & CL_NOSTART) && !(cl[j].flags & CL_NOEND)) best = j;
  }
  if (best != SIZE_MAX) return best;
  if (best_any != SIZE_MAX) return best_any;
  size_t j = a;
  while (j + 1 < s1 && cl[j].ruby >= 0 && cl[j].ruby == cl[j + 1].ruby) j++;
  return j;
}

/* Clusters are measured one at a time, and a font may measure a whole
** line wider than the sum of its clusters (hinting rounds each glyph
** measured alone; 8% over a line of digits and commas in Noto Sans CJK at
** 17 px).  Returns the last cluster of the line [ls, best] backed off to
** earlier break opportunities while the line measured whole (without
** trailing spaces or a hanging mark) passes the margin. */
static size_t fit_whole(const Ctx *c, size_t ls, size_t best) {
  const Cluster *cl = c->cl;
  for (;;) {
    size_t end = best;
    while (end > ls && (cl[end].flags & CL_SPACE)) end--;
    size_t stop = (cl[end].flags & CL_HANG) && end > ls ? cl[end].off : cl[end].end;
    if (measure(c, c->px, c->t + cl[ls].off, stop - cl[ls].off) <= c->max_w) return best;
    size_t prev = SIZE_MAX;
    for (size_t k = best; k-- > ls;)
      if (cl[k].allow) {
        prev = k;
        break;
      }
    if (prev == SIZE_MAX) return best;
    best = prev;
  }
}

/* Fills clusters [s0, s1) (no newlines inside) into lines.  Linear: a line
** scan stops at the first cluster past the margin, because from there on
** no later break can fit (widths only grow; trailing spaces and one
** hanging mark are the only things not counted). */
static void fill_segment(Ctx *c, size_t s0, size_t s1) {
  const Cluster *cl = c->cl;
  if (s0 >= s1) {
    emit_line(c, s0, s0, 1);
    return;
  }
  size_t ls = s0;
  while (ls < s1) {
    int x = 0, sp_tail = 0, hang = 0;
    size_t best = SIZE_MAX, k;
    for (k = ls; k < s1; k++) {
      x += cl[k].w;
      if (cl[k].flags & CL_SPACE)
        sp_tail += cl[k].w;
      else
        sp_tail = 0, hang = (cl[k].flags & CL_HANG) ? cl[k].w : 0;
      if (x - sp_tail - hang > c->max_w) break;
      if (k + 1 == s1 || cl[k].allow) best = k;
    }
    if (k == s1) { /* the rest fits, unless measured whole it does not */
      best = fit_whole(c, ls, s1 - 1);
      if (best == s1 - 1) {
        emit_line(c, ls, s1 - 1, 0);
        return;
      }
    } else if (best == SIZE_MAX)
      best = split_unit(c, ls, k, s1);
    else
      best = fit_whole(c, ls, best);
    emit_line(c, ls, best, 0);
    ls = best + 1;
    /* A soft-wrapped line never starts with spaces (UAX #14 keeps them at
    ** line ends, except U+3000, which is ideographic). */
    while (ls < s1 && (cl[ls].flags & CL_SPACE)) ls++;
  }
}

/* ======================================================================
** Furigana placement and the public entry points
** ====================================================================== */

static void place_rubies(Ctx *c) {
  kk_Layout *L = c->out;
  const kk_Ruby *src = &L->src_;
  size_t li = 0;
  for (size_t i = 0; i < src->nruns; i++) {
    const kk_RubyRun *run = &src->runs[i];
    if (!run->ruby) continue;
    while (li + 1 < L->nlines && L->lines[li + 1].off <= run->base_off) li++;
    kk_LayoutLine *ln = &L->lines[li];
    kk_LayoutRuby *r = &L->rubies[L->nrubies];
    if (ln->nruby == 0) ln->first_ruby = L->nrubies;
    ln->nruby++;
    L->nrubies++;
    r->text = run->ruby;
    r->len = run->ruby_len;
    r->line = li;
    r->base_off = run->base_off;
    r->base_len = run->base_len;
    r->base_x_px = measure(c, c->px, c->t + ln->off, run->base_off - ln->off);
    r->base_w_px = measure(c, c->px, c->t + run->base_off, run->base_len);
    r->w_px = measure(c, L->ruby_px, run->ruby, run->ruby_len);
    int x = r->base_x_px + (r->base_w_px - r->w_px) / 2;
    int right = c->max_w > ln->width_px ? c->max_w : ln->width_px;
    /* Readings wider than their bases would overlap a neighbour: push
    ** right past the previous reading on the line while there is room. */
    if (ln->nruby > 1) {
      const kk_LayoutRuby *pr = r - 1;
      if (x < pr->x_px + pr->w_px) x = pr->x_px + pr->w_px;
    }
    if (x + r->w_px > right) x = right - r->w_px;
    if (x < 0) x = 0;
    r->x_px = x;
    r->y_px = ln->y_px - L->ruby_h_px;
  }
}

/* Raw text: one plain run over a sanitised copy. */
static kk_Status parse_raw(const char *s, size_t len, kk_Ruby *r) {
  memset(r, 0, sizeof *r);
  kk_Status st = kk_utf8_sanitize(s, len, &r->plain, &r->plain_len);
  if (st != KK_OK) return st;
  r->runs = kk_malloc(sizeof *r->runs);
  if (!r->runs) {
    kk_ruby_free(r);
    return KK_ERR_NOMEM;
  }
  memset(r->runs, 0, sizeof *r->runs);
  r->runs[0].base = r->plain;
  r->runs[0].base_len = r->plain_len;
  r->nruns = 1;
  return KK_OK;
}

kk_Status kk_layout_paragraph(const char *text, size_t len, const char *lang, int max_width_px,
                              int font_px, const kk_TextMetrics *m, kk_Layout *out) {
  return kk_layout_paragraph_flags(text, len, lang, max_width_px, font_px, 0, m, out);
}

kk_Status kk_layout_paragraph_flags(const char *text, size_t len, const char *lang,
                                    int max_width_px, int font_px, unsigned flags,
                                    const kk_TextMetrics *m, kk_Layout *out) {
  kk_Status st;
  Ctx c;
  memset(&c, 0, sizeof c);
  memset(out, 0, sizeof *out);
  if (!m || !m->width || !m->line_height || font_px < 1 || (!text && len)) return KK_ERR_USAGE;
  if (len > KK_LAYOUT_MAX_BYTES) return KK_ERR_LIMIT;
  st = (flags & KK_LAYOUT_RAW) ? parse_raw(text ? text : "", len, &out->src_)
                               : kk_ruby_parse(text ? text : "", len, &out->src_);
  if (st != KK_OK) return st;
  if (out->src_.plain_len > KK_LAYOUT_MAX_BYTES) {
    st = KK_ERR_LIMIT;
    goto fail;
  }
  ensure_init();
  c.m = m;
  c.t = out->src_.plain;
  c.len = out->src_.plain_len;
  c.px = font_px;
  c.max_w = max_width_px < 1 ? 1 : max_width_px;
  c.out = out;
  out->text = c.t;
  out->len = c.len;
  out->font_px = font_px;
  out->ruby_px = font_px / 2 > 0 ? font_px / 2 : 1;
  if ((st = build_clusters(&c, lang)) != KK_OK) goto fail;
  /* Each line holds at least one cluster, or is one of the empty lines
  ** around newline clusters. */
  out->lines = kk_malloc((2 * c.ncl + 1) * sizeof *out->lines);
  out->rubies = kk_malloc((out->src_.nruby + 1) * sizeof *out->rubies);
  if (!out->lines || !out->rubies) {
    st = KK_ERR_NOMEM;
    goto fail;
  }
  size_t s0 = 0;
  for (size_t i = 0; i < c.ncl; i++)
    if (c.cl[i].flags & CL_NL) {
      fill_segment(&c, s0, i);
      s0 = i + 1;
    }
  if (s0 < c.ncl || out->nlines == 0) fill_segment(&c, s0, c.ncl);

  out->line_h_px = m->line_height(m->ud, font_px);
  out->ruby_h_px = out->src_.nruby ? m->line_height(m->ud, out->ruby_px) : 0;
  int pitch = out->line_h_px + out->ruby_h_px;
  for (size_t i = 0; i < out->nlines; i++) {
    out->lines[i].y_px = (int)i * pitch + out->ruby_h_px;
    if (out->lines[i].width_px > out->width_px) out->width_px = out->lines[i].width_px;
  }
  out->height_px = (int)out->nlines * pitch;
  place_rubies(&c);
  kk_free(c.cl);
  return KK_OK;
fail:
  kk_free(c.cl);
  kk_layout_free(out);
  return st;
}

void kk_layout_free(kk_Layout *l) {
  if (!l) return;
  kk_free(l->lines);
  kk_free(l->rubies);
  kk_ruby_free(&l->src_);
  memset(l, 0, sizeof *l);
}

void kk_layout_locate(const kk_Layout *l, const kk_TextMetrics *m, size_t off, size_t *line,
                      int *x_px) {
  size_t li = 0;
  if (off > l->len) off = l->len;
  while (li + 1 < l->nlines && l->lines[li + 1].off <= off) li++;
  const kk_LayoutLine *ln = l->nlines ? &l->lines[li] : NULL;
  int x = 0;
  if (ln && off > ln->off) {
    size_t n = off - ln->off;
    if (n > ln->len) n = ln->len; /* in the break whitespace: line end */
    x = m->width(m->ud, l->font_px, l->text + ln->off, n);
  }
  if (line) *line = li;
  if (x_px) *x_px = x;
}
