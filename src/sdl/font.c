/*
** font.c -- Japanese font discovery (fontconfig) and the TTF_Font cache.
**
**   discovery   fontconfig match of sans-serif:lang=ja, --font PATH[:INDEX]
**   cache       one TTF_Font per (device px, bold), LRU-bounded
**   metrics     kk_TextMetrics callbacks, with a small width memo
*/
#include "sdl/font.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/base/hash.h"
#include "core/base/alloc.h"
#include "core/base/file.h"

#define WIDTH_MEMO 4096

typedef struct {
  TTF_Font *font;
  int px, bold;
  uint64_t used;
} Slot;

typedef struct {
  uint64_t hash; /* of text bytes, len and px; 0 = empty */
  int width;
} Memo;

struct kk_Fonts {
  kk_FontSpec regular, bold, fallback;
  Slot slots[KK_FONTS_MAX];
  uint64_t clock;
  float scale;
  char family[128];
  Memo memo[WIDTH_MEMO];
};

/* ---- discovery ------------------------------------------------------- */

static const char JA_PACKAGE[] = N_("no Japanese font found; install one (Debian/Ubuntu: "
                                    "sudo apt install fonts-noto-cjk) or pass --font PATH[:INDEX]");

static int pattern_has_ja(FcPattern *p) {
  FcLangSet *ls = NULL;
  if (FcPatternGetLangSet(p, FC_LANG, 0, &ls) != FcResultMatch || !ls) return 0;
  return FcLangSetHasLang(ls, (const FcChar8 *)"ja") == FcLangEqual;
}

/* Matches `pattern`; fills spec if the match covers Japanese (and, when
** want_bold, is bold).  Returns 1 on success. */
static int fc_match(const char *pattern, int want_bold, kk_FontSpec *spec) {
  int ok = 0;
  FcPattern *pat = FcNameParse((const FcChar8 *)pattern);
  FcPattern *match = NULL;
  if (!pat) return 0;
  FcConfigSubstitute(NULL, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  match = FcFontMatch(NULL, pat, &res);
  if (!match) goto done;
  FcChar8 *file = NULL;
  int index = 0, weight = 0;
  if (FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch) goto done;
  if (FcPatternGetInteger(match, FC_INDEX, 0, &index) != FcResultMatch) index = 0;
  if (!pattern_has_ja(match)) goto done;
  if (want_bold && (FcPatternGetInteger(match, FC_WEIGHT, 0, &weight) != FcResultMatch ||
                    weight < FC_WEIGHT_BOLD))
    goto done;
  snprintf(spec->path, sizeof spec->path, "%s", (const char *)file);
  spec->index = index;
  ok = 1;
done:
  if (match) FcPatternDestroy(match);
  FcPatternDestroy(pat);
  return ok;
}

/* Any sans-serif face, for symbols the Japanese face lacks. */
static void find_fallback(kk_FontSpec *spec) {
  FcPattern *pat = FcNameParse((const FcChar8 *)"sans-serif");
  if (!pat) return;
  FcConfigSubstitute(NULL, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  FcPattern *match = FcFontMatch(NULL, pat, &res);
  FcChar8 *file = NULL;
  int index = 0;
  if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
    if (FcPatternGetInteger(match, FC_INDEX, 0, &index) != FcResultMatch) index = 0;
    snprintf(spec->path, sizeof spec->path, "%s", (const char *)file);
    spec->index = index;
    spec->exact = 1;
  }
  if (match) FcPatternDestroy(match);
  FcPatternDestroy(pat);
}

kk_Status kk_fonts_find(const char *override, kk_FontSpec *regular, kk_FontSpec *bold,
                        kk_FontSpec *fallback, kk_Err *err) {
  memset(regular, 0, sizeof *regular);
  memset(bold, 0, sizeof *bold);
  memset(fallback, 0, sizeof *fallback);
  if (FcInit()) find_fallback(fallback);
  if (override && *override) {
    /* PATH[:INDEX]: the index is the part after the last ':' if it is all
    ** digits, so paths with colons still work. */
    snprintf(regular->path, sizeof regular->path, "%s", override);
    char *colon = strrchr(regular->path, ':');
    if (colon && colon[1]) {
      char *end;
      long ix = strtol(colon + 1, &end, 10);
      if (*end == '\0' && ix >= 0) {
        *colon = '\0';
        regular->index = ix;
      }
    }
    regular->exact = 1;
    if (kk_file_check(regular->path, NULL) != KK_OK)
      return kk_err_set(err, KK_ERR_NOTFOUND, regular->path, 0, 0,
                        _("cannot open the font given with --font"));
    return KK_OK;
  }
  if (!FcInit())
    return kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0,
                      _("fontconfig could not be initialised; %s"), _(JA_PACKAGE));
  if (!fc_match("sans-serif:lang=ja", 0, regular))
    return kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0, "%s", _(JA_PACKAGE));
  if (!fc_match("sans-serif:lang=ja:weight=bold", 1, bold)) bold->path[0] = '\0';
  return KK_OK;
}

/* ---- opening ----------------------------------------------------------- */

/* A collection holds JP, KR, SC, TC, HK faces of the same design; the Chinese
** faces draw 、。 centred in the cell.  Returns the index of a face of path
** whose family name says JP, or -1 (then the asked index is kept: a
** single-face Japanese font). */
static long jp_face(const char *path, long skip, long faces) {
  for (long i = 0; i < faces && i < 32; i++) {
    if (i == skip) continue;
    TTF_Font *g = TTF_OpenFontIndex(path, 16, i);
    if (!g) continue;
    const char *fam = TTF_FontFaceFamilyName(g);
    int ok = fam && strstr(fam, "JP");
    TTF_CloseFont(g);
    if (ok) return i;
  }
  return -1;
}

kk_Status kk_fonts_open(const kk_FontSpec *regular, const kk_FontSpec *bold,
                        const kk_FontSpec *fallback, kk_Fonts **out, kk_Err *err) {
  *out = NULL;
  if (!TTF_WasInit() && TTF_Init() != 0)
    return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, "SDL_ttf: %s", TTF_GetError());
  kk_Fonts *f = kk_calloc(1, sizeof *f);
  if (!f) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
  f->regular = *regular;
  f->bold = *bold;
  f->fallback = *fallback;
  if (strcmp(f->fallback.path, f->regular.path) == 0) f->fallback.path[0] = '\0';
  f->scale = 1.0f;
  /* One open checks the face: it loads, and in a collection it is the
  ** Japanese one (fontconfig gives index 0 = JP for Noto Sans CJK; this
  ** catches a configuration that does not). */
  TTF_Font *probe = TTF_OpenFontIndex(f->regular.path, 16, f->regular.index);
  if (!probe) {
    kk_Status s = kk_err_set(err, KK_ERR_IO, f->regular.path, 0, 0,
                             _("cannot open font face %ld: %s"), f->regular.index, TTF_GetError());
    kk_free(f);
    return s;
  }
  long faces = TTF_FontFaces(probe);
  const char *fam = TTF_FontFaceFamilyName(probe);
  snprintf(f->family, sizeof f->family, "%s", fam ? fam : "?");
  TTF_CloseFont(probe);
  if (faces > 1 && !f->regular.exact && !strstr(f->family, "JP")) {
    long jp = jp_face(f->regular.path, f->regular.index, faces);
    if (jp >= 0) {
      f->regular.index = jp;
      TTF_Font *r = TTF_OpenFontIndex(f->regular.path, 16, jp);
      fam = r ? TTF_FontFaceFamilyName(r) : NULL;
      snprintf(f->family, sizeof f->family, "%s", fam ? fam : "?");
      if (r) TTF_CloseFont(r);
      /* the bold collection is laid out the same way */
      if (f->bold.path[0]) f->bold.index = jp;
    }
  }
  *out = f;
  return KK_OK;
}

void kk_fonts_free(kk_Fonts *f) {
  if (!f) return;
  for (int i = 0; i < KK_FONTS_MAX; i++)
    if (f->slots[i].font) TTF_CloseFont(f->slots[i].font);
  kk_free(f);
}

void kk_fonts_shutdown(void) { FcFini(); }

const char *kk_fonts_family(kk_Fonts *f) { return f->family; }

void kk_fonts_set_scale(kk_Fonts *f, float scale) {
  if (scale <= 0) scale = 1;
  if (scale != f->scale) memset(f->memo, 0, sizeof f->memo);
  f->scale = scale;
}

/* ---- cache --------------------------------------------------------------- */

static TTF_Font *open_face(kk_Fonts *f, int px, int bold) {
  if (bold == 2 && !f->fallback.path[0]) return NULL;
  const kk_FontSpec *s = bold == 2                 ? &f->fallback
                         : bold && f->bold.path[0] ? &f->bold
                                                   : &f->regular;
  TTF_Font *font = TTF_OpenFontIndex(s->path, px, s->index);
  if (!font) return NULL;
  if (bold && s == &f->regular) TTF_SetFontStyle(font, TTF_STYLE_BOLD);
  /* Light hinting keeps CJK strokes even without distorting the shapes. */
  TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
  return font;
}

TTF_Font *kk_fonts_get(kk_Fonts *f, int px, int bold) {
  if (px < 4) px = 4;
  if (px > 400) px = 400;
  bold = bold == 2 ? 2 : bold ? 1 : 0;
  int lru = 0;
  for (int i = 0; i < KK_FONTS_MAX; i++) {
    Slot *s = &f->slots[i];
    if (s->font && s->px == px && s->bold == bold) {
      s->used = ++f->clock;
      return s->font;
    }
    if (!s->font || (f->slots[lru].font && s->used < f->slots[lru].used)) lru = i;
  }
  Slot *s = &f->slots[lru];
  TTF_Font *font = open_face(f, px, bold);
  if (!font) return NULL;
  if (s->font) TTF_CloseFont(s->font);
  s->font = font;
  s->px = px;
  s->bold = bold;
  s->used = ++f->clock;
  return font;
}

/* ---- fallback runs ---------------------------------------------------------- */

static uint32_t next_cp(const char *s, size_t len, size_t *i) {
  unsigned char c = (unsigned char)s[*i];
  int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (*i + (size_t)n > len) n = (int)(len - *i);
  uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (int k = 1; k < n; k++) cp = cp << 6 | ((unsigned char)s[*i + (size_t)k] & 0x3F);
  *i += (size_t)n;
  return cp;
}

void kk_fonts_runs(kk_Fonts *f, int px, int bold, const char *s, size_t len, kk_FontRunFn fn,
                   void *ud) {
  TTF_Font *main = kk_fonts_get(f, px, bold);
  if (!main) return;
  TTF_Font *fb = NULL;
  size_t i = 0, start = 0;
  int cur = 0; /* 0 main, 1 fallback */
  while (i < len) {
    size_t at = i;
    uint32_t cp = next_cp(s, len, &i);
    int use = 0;
    if (cp > 0x7F && !TTF_GlyphIsProvided32(main, cp)) {
      if (!fb) fb = kk_fonts_get(f, px, 2);
      main = kk_fonts_get(f, px, bold); /* the get above may evict it */
      use = fb && TTF_GlyphIsProvided32(fb, cp);
    }
    if (use != cur && at > start) {
      fn(ud, cur ? fb : main, s + start, at - start);
      start = at;
    }
    cur = use;
  }
  if (len > start) fn(ud, cur ? fb : main, s + start, len - start);
}

/* ---- metrics -------------------------------------------------------------- */

static int dev_px(kk_Fonts *f, int px) {
  int d = (int)lroundf((float)px * f->scale);
  return d < 1 ? 1 : d;
}

static int to_layout(kk_Fonts *f, int dev) {
  return f->scale == 1.0f ? dev : (int)lroundf((float)dev / f->scale);
}

static void add_width(void *ud, TTF_Font *font, const char *s, size_t len) {
  char stackbuf[512];
  char *buf = len < sizeof stackbuf ? stackbuf : kk_malloc(len + 1);
  if (!buf) return;
  memcpy(buf, s, len);
  buf[len] = '\0';
  int w = 0, h = 0;
  if (TTF_SizeUTF8(font, buf, &w, &h) == 0) *(int *)ud += w;
  if (buf != stackbuf) kk_free(buf);
}

static int m_width(void *ud, int px, const char *s, size_t len) {
  kk_Fonts *f = ud;
  if (len == 0) return 0;
  int bold = px < 0; /* callers may pass -px to measure the bold face */
  if (bold) px = -px;
  uint64_t h = kk_hash_bytes(s, len, KK_HASH_INIT);
  h = kk_hash_mix(kk_hash_mix(h, len), (uint64_t)px * 2 + (uint64_t)bold);
  if (h == 0) h = 1;
  Memo *m = &f->memo[h % WIDTH_MEMO];
  if (m->hash == h) return m->width;
  int w = 0;
  kk_fonts_runs(f, dev_px(f, px), bold, s, len, add_width, &w);
  m->hash = h;
  m->width = to_layout(f, w);
  return m->width;
}

static int m_line_height(void *ud, int px) {
  kk_Fonts *f = ud;
  TTF_Font *font = kk_fonts_get(f, dev_px(f, px), 0);
  return font ? to_layout(f, TTF_FontLineSkip(font)) : px;
}

static int m_ascent(void *ud, int px) {
  kk_Fonts *f = ud;
  TTF_Font *font = kk_fonts_get(f, dev_px(f, px), 0);
  return font ? to_layout(f, TTF_FontAscent(font)) : px;
}

void kk_fonts_metrics(kk_Fonts *f, kk_TextMetrics *m) {
  m->ud = f;
  m->width = m_width;
  m->line_height = m_line_height;
  m->ascent = m_ascent;
}
