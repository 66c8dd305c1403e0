/*
** ui_answer.c -- checking what a student answered: answer folding (NFKC,
** case, ruby markup, white space), numbers typed with full-width digits and
** an optional unit, a character diff of typed against expected, and cloze
** text split into plain pieces and blanks.
*/
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/ui_int.h"

/* ---- ruby markup ------------------------------------------------------------ */

static int han(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) ||
         cp == 0x3005 || cp == 0x3006 || cp == 0x30F6;
}

char *kk_ui_strip_ruby(const char *s) {
  size_t len = strlen(s), o = 0, i = 0;
  char *out = kk_malloc(len + 1);
  if (!out) return NULL;
  uint32_t prev = 0;
  while (i < len) {
    uint32_t cp;
    int n = kk_ui_utf8_next(s + i, len - i, &cp);
    if (cp == '[' && han(prev)) {
      const char *close = strchr(s + i + 1, ']');
      const char *open = strchr(s + i + 1, '[');
      if (close && close > s + i + 1 && (!open || open > close)) {
        i = (size_t)(close - s) + 1;
        prev = 0;
        continue;
      }
    }
    memcpy(out + o, s + i, (size_t)n);
    o += (size_t)n;
    i += (size_t)n;
    prev = cp;
  }
  out[o] = '\0';
  return out;
}

/* ---- folding ------------------------------------------------------------------ */

#define FOLD_OPTS (UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE)

static int is_ws(utf8proc_int32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000;
}

/* Returns a new array of folded code points (caller kk_frees) in *out. */
static utf8proc_ssize_t fold(const char *s, utf8proc_int32_t **out) {
  *out = NULL;
  char *plain = kk_ui_strip_ruby(s);
  if (!plain) return -1;
  utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)plain, 0, NULL,
                                          0, FOLD_OPTS | UTF8PROC_NULLTERM);
  utf8proc_int32_t *buf = NULL;
  if (n < 0) goto fail;
  buf = kk_malloc(((size_t)n + 1) * sizeof *buf);
  if (!buf) goto fail;
  n = utf8proc_decompose((const utf8proc_uint8_t *)plain, 0, buf, n,
                         FOLD_OPTS | UTF8PROC_NULLTERM);
  if (n < 0) goto fail;
  n = utf8proc_normalize_utf32(buf, n, FOLD_OPTS);
  if (n < 0) goto fail;
  /* trim and collapse white space */
  utf8proc_ssize_t o = 0;
  for (utf8proc_ssize_t i = 0; i < n; i++) {
    if (is_ws(buf[i])) {
      if (o > 0 && buf[o - 1] != ' ') buf[o++] = ' ';
    } else buf[o++] = buf[i];
  }
  while (o > 0 && buf[o - 1] == ' ') o--;
  kk_free(plain);
  *out = buf;
  return o;
fail:
  kk_free(plain);
  kk_free(buf);
  return -1;
}

int kk_ui_answer_equal(const char *typed, const char *expected) {
  utf8proc_int32_t *a, *b;
  utf8proc_ssize_t na = fold(typed, &a), nb = fold(expected, &b);
  int eq = na >= 0 && na == nb && memcmp(a, b, (size_t)na * sizeof *a) == 0;
  kk_free(a);
  kk_free(b);
  return eq;
}

/* ---- numbers ------------------------------------------------------------------- */

int kk_ui_parse_number(const char *s, const char *unit, double *out) {
  char buf[128];
  size_t o = 0, len = strlen(s), i = 0;
  while (i < len && o + 1 < sizeof buf) {
    uint32_t cp;
    int n = kk_ui_utf8_next(s + i, len - i, &cp);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; /* full width ASCII */
    if (cp == 0x3000) cp = ' ';
    if (cp == 0x2212) cp = '-'; /* minus sign */
    if (cp < 0x80) {
      if (cp != ',' && cp != '_') buf[o++] = (char)cp;
    } else if (o + (size_t)n + 1 < sizeof buf) {
      memcpy(buf + o, s + i, (size_t)n);
      o += (size_t)n;
    }
    i += (size_t)n;
  }
  buf[o] = '\0';
  char *p = buf;
  while (*p == ' ') p++;
  if (!*p) return 0;
  char *end;
  double v = strtod(p, &end);
  if (end == p) return 0;
  while (*end == ' ') end++;
  if (*end) {
    /* a trailing unit is accepted when it is the card's unit */
    if (!unit || !kk_ui_answer_equal(end, unit)) return 0;
  }
  *out = v;
  return 1;
}

/* ---- diff -------------------------------------------------------------------- */

typedef struct Cps {
  utf8proc_int32_t key[4]; /* the folded form of one code point */
  int nkey;
} Cps;

static Cps *fold_each(const char *s, size_t *n) {
  size_t len = strlen(s), cnt = 0;
  Cps *v = kk_malloc((len + 1) * sizeof *v);
  if (!v) return NULL;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    i += (size_t)kk_ui_utf8_next(s + i, len - i, &cp);
    int lb = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char((utf8proc_int32_t)cp, v[cnt].key, 4,
                                                 UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &lb);
    if (k < 1 || k > 4) {
      v[cnt].key[0] = (utf8proc_int32_t)cp;
      k = 1;
    }
    v[cnt++].nkey = (int)k;
  }
  *n = cnt;
  return v;
}

static int same(const Cps *a, const Cps *b) {
  return a->nkey == b->nkey && memcmp(a->key, b->key, (size_t)a->nkey * sizeof *a->key) == 0;
}

int kk_ui_diff(const char *a, const char *b, unsigned char **ma, size_t *na,
               unsigned char **mb, size_t *nb) {
  size_t n = 0, m = 0;
  Cps *x = fold_each(a, &n), *y = fold_each(b, &m);
  unsigned short *t = NULL;
  *ma = *mb = NULL;
  if (!x || !y) goto fail;
  *ma = kk_calloc(n + 1, 1);
  *mb = kk_calloc(m + 1, 1);
  if (!*ma || !*mb) goto fail;
  *na = n;
  *nb = m;
  if (n > 1000 || m > 1000) goto done; /* too long to align: all marked */
  /* t[i][j] = LCS of x[i..] and y[j..] */
  t = kk_calloc((n + 1) * (m + 1), sizeof *t);
  if (!t) goto fail;
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;) {
      unsigned short *c = &t[i * (m + 1) + j];
      if (same(&x[i], &y[j])) *c = (unsigned short)(t[(i + 1) * (m + 1) + j + 1] + 1);
      else {
        unsigned short d = t[(i + 1) * (m + 1) + j], r = t[i * (m + 1) + j + 1];
        *c = d > r ? d : r;
      }
    }
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (same(&x[i], &y[j])) {
      (*ma)[i++] = 1;
      (*mb)[j++] = 1;
    } else if (t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]) i++;
    else j++;
  }
done:
  kk_free(t);
  kk_free(x);
  kk_free(y);
  return 0;
fail:
  kk_free(t);
  kk_free(x);
  kk_free(y);
  kk_free(*ma);
  kk_free(*mb);
  *ma = *mb = NULL;
  return -1;
}

/* ---- cloze -------------------------------------------------------------------- */

size_t kk_ui_cloze_split(const char *text, int ord, int revealed,
                         kk_UiClozePiece *out, size_t cap) {
  size_t n = 0;
  const char *p = text;
  while (*p && n < cap) {
    const char *open = strstr(p, "{{c");
    const char *close = open ? strstr(open, "}}") : NULL;
    const char *sep = open ? strstr(open, "::") : NULL;
    if (!open || !close || !sep || sep > close) {
      out[n++] = (kk_UiClozePiece){p, strlen(p), 0};
      break;
    }
    if (open > p) out[n++] = (kk_UiClozePiece){p, (size_t)(open - p), 0};
    if (n >= cap) break;
    int num = atoi(open + 3);
    const char *ans = sep + 2;
    const char *hint = strstr(ans, "::");
    size_t alen = (size_t)((hint && hint < close ? hint : close) - ans);
    if (num == ord) {
      if (revealed) out[n++] = (kk_UiClozePiece){ans, alen, 2};
      else if (hint && hint < close)
        out[n++] = (kk_UiClozePiece){hint + 2, (size_t)(close - hint - 2), 1};
      else out[n++] = (kk_UiClozePiece){"", 0, 1};
    } else out[n++] = (kk_UiClozePiece){ans, alen, 3};
    p = close + 2;
  }
  return n;
}
