/*
** ui_text.c -- text for the screens: one-line labels cut with an ellipsis,
** and paragraphs of styled runs laid out by layout.h (UAX #14 with the
** kinsoku rules, furigana drawn small above its base).
**
** A paragraph's runs are joined into one markup string for kk_layout_paragraph:
** runs that carry furigana markup go in as written, the others with their
** brackets escaped so they stay literal.  Lines come back as byte ranges of
** the markup-free text; each line is drawn cut at the run boundaries so
** every piece keeps its run's colour, style and background.
*/
#include <string.h>

#include "core/base/hash.h"
#include "core/base/buf.h"
#include "core/ui/layout.h"
#include "core/deck/ruby.h"
#include "core/deck/text.h"
#include "core/ui/ui_int.h"

/* ---- memoised metrics ------------------------------------------------------------
** With SDL_ttf every width is a real measurement and a frame asks for
** hundreds of them (layout measures cluster runs), nearly all the same as
** in the previous frame.  A 64-bit hash of (px, bytes) plus the length
** keys the table; a collision would need two strings of one length and
** size with the same 64-bit hash. */

static uint64_t wkey(int px, const char *s, size_t len) {
  uint64_t h = kk_hash_bytes(s, len, kk_hash_mix(KK_HASH_INIT, (unsigned)px));
  return h ? h : 1;
}

static int c_width(void *ud, int px, const char *s, size_t len) {
  kk_Ui *ui = ud;
  const kk_TextMetrics *m = ui->host_tm;
  if (!ui->wcache) {
    ui->metric_calls++;
    return m->width(m->ud, px, s, len);
  }
  uint64_t k = wkey(px, s, len);
  size_t at = (size_t)(k & (KK_UI_WCACHE - 1));
  struct kk_UiWidth *e = &ui->wcache[at];
  if (e->key == k && e->len == (uint32_t)len) return e->w;
  ui->metric_calls++;
  int w = m->width(m->ud, px, s, len);
  /* direct-mapped: a newer string replaces an older one */
  e->key = k;
  e->len = (uint32_t)len;
  e->w = w;
  return w;
}

static int c_line_h(void *ud, int px) {
  kk_Ui *ui = ud;
  if (px > 0 && px < 256 && ui->lh_cache[px]) return ui->lh_cache[px];
  ui->metric_calls++;
  int v = ui->host_tm->line_height(ui->host_tm->ud, px);
  if (px > 0 && px < 256) ui->lh_cache[px] = v;
  return v;
}

static int c_ascent(void *ud, int px) {
  kk_Ui *ui = ud;
  if (px > 0 && px < 256 && ui->asc_cache[px]) return ui->asc_cache[px];
  ui->metric_calls++;
  int v = ui->host_tm->ascent(ui->host_tm->ud, px);
  if (px > 0 && px < 256) ui->asc_cache[px] = v;
  return v;
}

static void forget_layouts(kk_Ui *ui) {
  if (!ui->laid) return;
  for (size_t i = 0; i < KK_UI_LCACHE; i++) {
    kk_free(ui->laid[i].markup);
    kk_layout_free(&ui->laid[i].L);
  }
  memset(ui->laid, 0, KK_UI_LCACHE * sizeof *ui->laid);
}

void kk_ui_text_free(kk_Ui *ui) {
  forget_layouts(ui);
  kk_free(ui->laid);
  ui->laid = NULL;
  kk_free(ui->wcache);
  ui->wcache = NULL;
}

long kk_ui_layout_count(const kk_Ui *ui) { return ui->layouts; }

void kk_ui_forget_metrics(kk_Ui *ui) {
  forget_layouts(ui);
  if (ui->wcache) memset(ui->wcache, 0, KK_UI_WCACHE * sizeof *ui->wcache);
  memset(ui->lh_cache, 0, sizeof ui->lh_cache);
  memset(ui->asc_cache, 0, sizeof ui->asc_cache);
}

void kk_ui_metrics_begin(kk_Ui *ui, const kk_TextMetrics *host) {
  if (!host) return; /* kk_ui_draw refuses a NULL table */
  if (ui->host_tm != host || ui->cache_tm.ud != ui ||
      (ui->host_tm && memcmp(&ui->cache_src, host, sizeof *host) != 0))
    kk_ui_forget_metrics(ui);
  ui->host_tm = host;
  ui->cache_src = *host;
  if (!ui->wcache) ui->wcache = kk_calloc(KK_UI_WCACHE, sizeof *ui->wcache);
  if (!ui->laid) ui->laid = kk_calloc(KK_UI_LCACHE, sizeof *ui->laid);
  ui->cache_tm = (kk_TextMetrics){ui, c_width, c_line_h, c_ascent};
  ui->tm = &ui->cache_tm;
}

/* ---- measuring ---------------------------------------------------------- */

int kk_ui_text_w(kk_Ui *ui, int px, const char *s, size_t len) {
  if (!len) return 0;
  return ui->tm->width(ui->tm->ud, px, s, len);
}

int kk_ui_line_h(kk_Ui *ui, int px) { return ui->tm->line_height(ui->tm->ud, px); }

/* Width of s[0..len) in the face of `style` (bold measured as bold). */
static int styled_w(kk_Ui *ui, int px, int style, const char *s, size_t len) {
  return kk_ui_text_w(ui, style & KK_TEXT_BOLD ? -px : px, s, len);
}

static void set_last_size(kk_Ui *ui, size_t before, int w, int h) {
  kk_DrawList *dl = ui->dl;
  if (dl->n > before && dl->cmds[dl->n - 1].kind == KK_DRAW_TEXT) {
    dl->cmds[dl->n - 1].r.w = w;
    dl->cmds[dl->n - 1].r.h = h;
  }
}

int kk_ui_label(kk_Ui *ui, int x, int y, int px, int style, kk_Color c, const char *s, int max_w) {
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
      size_t nx = kk_text_next_grapheme(s, len, at);
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

/* ---- paragraphs ---------------------------------------------------------------- */

/* Appends s[0..len) with every markup character escaped. */
static void put_literal(kk_Buf *b, const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t at = i;
    int32_t cp = kk_utf8_next(s, len, &i);
    if (cp == '[' || cp == ']' || cp == '|' || cp == '\\' || cp == 0xFF5C) kk_buf_add(b, "\\", 1);
    kk_buf_add(b, s + at, i - at);
  }
}

/* 1 if the markup so far ends with a character that may be a ruby base. */
static int ends_han(const kk_Buf *b) {
  if (!b->n) return 0;
  size_t at = kk_utf8_prev(b->p, b->n, b->n), i = at;
  return kk_ruby_is_han(kk_utf8_next(b->p, b->n, &i));
}

/* Metrics that measure the bold face: a paragraph all in bold is broken
** into lines by its real widths, so no line runs past max_w. */
static int bold_width(void *ud, int px, const char *s, size_t len) {
  const kk_TextMetrics *tm = ud;
  return tm->width(tm->ud, px > 0 ? -px : px, s, len);
}
static int pass_line_height(void *ud, int px) {
  const kk_TextMetrics *tm = ud;
  return tm->line_height(tm->ud, px);
}
static int pass_ascent(void *ud, int px) {
  const kk_TextMetrics *tm = ud;
  return tm->ascent(tm->ud, px);
}

/* The layout of markup[0..len) at max_w and px (all_bold: measured in the
** bold face): from ui->laid when it holds one with the same inputs, else
** laid out and kept there.  Without a slot (no
** memory, or a language tag too long to key on) it is laid out into
** *scratch, which the caller frees.  NULL if layout failed. */
static const kk_Layout *laid_out(kk_Ui *ui, const char *markup, size_t len, int max_w, int px,
                                 int all_bold, kk_Layout *scratch) {
  const char *lang = ui->lang ? ui->lang : "";
  size_t langlen = strlen(lang);
  uint64_t hash = kk_hash_bytes(markup, len, KK_HASH_INIT);
  int keyed = ui->laid && langlen < sizeof ui->laid[0].lang;
  if (keyed)
    for (size_t i = 0; i < KK_UI_LCACHE; i++) {
      struct kk_UiLaid *e = &ui->laid[i];
      if (e->markup && e->hash == hash && e->len == len && e->max_w == max_w && e->px == px &&
          e->bold == all_bold && !strcmp(e->lang, lang) && !memcmp(e->markup, markup, len)) {
        e->used = 1;
        return &e->L;
      }
    }
  kk_TextMetrics bold_tm = {(void *)ui->tm, bold_width, pass_line_height, pass_ascent};
  if (kk_layout_paragraph(markup, len, ui->lang, max_w, px, all_bold ? &bold_tm : ui->tm,
                          scratch) != KK_OK)
    return NULL;
  ui->layouts++;
  char *copy = keyed ? kk_malloc(len + 1) : NULL;
  if (!copy) return scratch;
  memcpy(copy, markup, len);
  copy[len] = '\0';
  /* the next slot not found since it was last passed over (a second
  ** chance: the layouts a screen keeps drawing stay, one-off ones go) */
  struct kk_UiLaid *e = &ui->laid[ui->laid_next];
  for (int k = 0; k < 2 * KK_UI_LCACHE && e->markup && e->used; k++) {
    e->used = 0;
    ui->laid_next = (ui->laid_next + 1) % KK_UI_LCACHE;
    e = &ui->laid[ui->laid_next];
  }
  ui->laid_next = (ui->laid_next + 1) % KK_UI_LCACHE;
  kk_free(e->markup);
  kk_layout_free(&e->L);
  *e = (struct kk_UiLaid){copy, len, hash, "", max_w, px, all_bold, 0, *scratch};
  memcpy(e->lang, lang, langlen + 1);
  memset(scratch, 0, sizeof *scratch);
  return &e->L;
}

int kk_ui_para(kk_Ui *ui, const kk_UiSpan *spans, size_t n, int x, int y, int max_w, int align,
               int draw) {
  kk_Buf b = {NULL, 0, 0, 0};
  /* each run's end in the markup, then (drawing only) in the plain text */
  size_t *ends = kk_malloc((n + 1) * sizeof *ends);
  kk_Layout L;
  int h = -1, px = n ? spans[0].px : 12;
  memset(&L, 0, sizeof L);
  if (!ends) goto done;
  for (size_t s = 0; s < n; s++) {
    const kk_UiSpan *sp = &spans[s];
    if (sp->ruby) {
      /* a run opening with "[" must not turn the previous run's kanji into
      ** a ruby base */
      if (sp->len && sp->s[0] == '[' && ends_han(&b)) {
        kk_buf_add(&b, "\\", 1);
        kk_buf_add(&b, sp->s, sp->len);
      } else
        kk_buf_add(&b, sp->s, sp->len);
    } else
      put_literal(&b, sp->s, sp->len);
    if (b.oom) goto done;
    ends[s] = b.n;
  }
  int all_bold = n > 0;
  for (size_t k = 0; k < n; k++) all_bold &= (spans[k].style & KK_TEXT_BOLD) != 0;
  const kk_Layout *lp = laid_out(ui, b.p ? b.p : "", b.n, max_w, px, all_bold, &L);
  if (!lp) goto done;
  h = lp->height_px;
  if (!draw || !ui->dl) goto done;
  const char *mk = b.p ? b.p : "";
  for (size_t s = 0, from = 0, plain = 0; s < n; s++) {
    size_t pl = 0, to = ends[s];
    char *tmp = NULL;
    if (kk_ruby_plain(mk + from, to - from, &tmp, &pl) != KK_OK) {
      h = -1;
      goto done;
    }
    kk_free(tmp);
    plain += pl;
    ends[s] = plain;
    from = to;
  }
  for (size_t li = 0; li < lp->nlines; li++) {
    const kk_LayoutLine *ln = &lp->lines[li];
    int lx = x;
    if (align == KK_UI_ALIGN_CENTER && ln->width_px < max_w) lx += (max_w - ln->width_px) / 2;
    int ty = y + ln->y_px;
    size_t at = ln->off, end = ln->off + ln->len, s = 0;
    /* pieces are placed by their own widths: a bold run is wider than
    ** the layout measured it, and the text after it moves right by the
    ** difference (the readings above it too) */
    int px0 = 0;
    while (s < n && ends[s] <= at) s++;
    while (at < end) {
      size_t stop = s < n && ends[s] < end ? ends[s] : end;
      if (stop <= at) {
        s++;
        continue;
      }
      const kk_UiSpan *sp = s < n ? &spans[s] : &spans[n - 1];
      int w = styled_w(ui, px, sp->style, lp->text + at, stop - at);
      if (sp->bg) kk_draw_rect(ui->dl, (kk_Rect){lx + px0, ty, w, lp->line_h_px}, sp->bg_color);
      size_t before = ui->dl->n;
      kk_draw_text(ui->dl, lx + px0, ty, px, sp->style, sp->color, lp->text + at, stop - at);
      set_last_size(ui, before, w, lp->line_h_px);
      px0 += w;
      at = stop;
    }
    for (size_t r = ln->first_ruby; r < ln->first_ruby + ln->nruby && r < lp->nrubies; r++) {
      const kk_LayoutRuby *rb = &lp->rubies[r];
      size_t s2 = 0;
      while (s2 + 1 < n && ends[s2] <= rb->base_off) s2++;
      /* the bold runs before the base on this line push it right */
      int shift = 0;
      for (size_t k = 0, from = ln->off; k < n && from < rb->base_off; k++) {
        size_t to = ends[k] < rb->base_off ? ends[k] : rb->base_off;
        if (to > from && (spans[k].style & KK_TEXT_BOLD))
          shift += styled_w(ui, px, spans[k].style, lp->text + from, to - from) -
                   kk_ui_text_w(ui, px, lp->text + from, to - from);
        if (ends[k] > from) from = ends[k];
      }
      size_t before = ui->dl->n;
      kk_draw_text(ui->dl, lx + rb->x_px + shift, y + rb->y_px, lp->ruby_px, 0,
                   n ? spans[s2].color : ui->th->text, rb->text, rb->len);
      set_last_size(ui, before, rb->w_px, lp->ruby_h_px);
    }
  }
done:
  kk_layout_free(&L);
  kk_free(ends);
  kk_free(b.p);
  return h;
}

int kk_ui_wrap(kk_Ui *ui, const char *s, kk_Color c, int px, int style, int x, int y, int w,
               int draw) {
  if (!s || !*s) return 0;
  kk_UiSpan sp = {s, strlen(s), c, px, style, 1, 0, {0, 0, 0, 0}};
  int h = kk_ui_para(ui, &sp, 1, x, y, w, KK_UI_ALIGN_LEFT, draw);
  return h > 0 ? h : 0;
}
