/*
** utf8.c -- UTF-8 decoding, encoding, validation and positions (utf8.h).
*/
#include "core/base/utf8.h"

#include <string.h>

#include "core/base/alloc.h"

int32_t kk_utf8_next(const char *s, size_t len, size_t *pos) {
  const unsigned char *u = (const unsigned char *)s;
  size_t p = *pos;
  if (p >= len) return KK_UTF8_BAD; /* caller error; stay in bounds */
  unsigned b0 = u[p];
  if (b0 < 0x80) {
    *pos = p + 1;
    return (int32_t)b0;
  }
  /* Table 3-7 of the Unicode standard: the allowed range of the second
  ** byte depends on the first; later bytes are plain continuation bytes. */
  int n;
  unsigned lo = 0x80, hi = 0xBF;
  int32_t cp;
  if (b0 < 0xC2 || b0 >= 0xF5) { /* continuation, overlong or beyond U+10FFFF */
    *pos = p + 1;
    return KK_UTF8_BAD;
  }
  if (b0 < 0xE0) {
    n = 1, cp = (int32_t)(b0 & 0x1F);
  } else if (b0 < 0xF0) {
    n = 2, cp = (int32_t)(b0 & 0x0F);
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else {
    n = 3, cp = (int32_t)(b0 & 0x07);
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  }
  for (int k = 1; k <= n; k++) {
    if (p + (size_t)k >= len) {
      *pos = p + (size_t)k;
      return KK_UTF8_BAD;
    }
    unsigned b = u[p + (size_t)k];
    unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (b < l || b > h) {
      *pos = p + (size_t)k;
      return KK_UTF8_BAD;
    }
    cp = (cp << 6) | (int32_t)(b & 0x3F);
  }
  *pos = p + (size_t)n + 1;
  return cp;
}

size_t kk_utf8_prev(const char *s, size_t len, size_t off) {
  if (off > len) off = len;
  if (off == 0) return 0;
  /* A unit is at most 4 bytes.  Bytes outside 0x80..0xBF always start a
  ** unit when decoding forwards, so the first candidate (farthest first)
  ** that decodes, within s[0..off), to exactly off is the unit's start. */
  size_t lo = off >= 4 ? off - 4 : 0;
  for (size_t st = lo; st < off; st++) {
    size_t p = st;
    kk_utf8_next(s, off, &p);
    if (p == off) return st;
  }
  return off - 1;
}

size_t kk_utf8_encode(int32_t cp, char buf[4]) {
  if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = KK_UTF8_REPLACEMENT;
  if (cp < 0x80) {
    buf[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    buf[0] = (char)(0xC0 | (cp >> 6));
    buf[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    buf[0] = (char)(0xE0 | (cp >> 12));
    buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  buf[0] = (char)(0xF0 | (cp >> 18));
  buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  buf[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

kk_Status kk_utf8_validate(const char *s, size_t len, size_t *bad_off) {
  size_t p = 0;
  while (p < len) {
    size_t st = p;
    if (kk_utf8_next(s, len, &p) == KK_UTF8_BAD) {
      if (bad_off) *bad_off = st;
      return KK_ERR_PARSE;
    }
  }
  return KK_OK;
}

kk_Status kk_utf8_sanitize(const char *s, size_t len, char **out, size_t *out_len) {
  *out = NULL;
  if (len > (SIZE_MAX - 1) / 3) return KK_ERR_LIMIT;
  char *buf = kk_malloc(len * 3 + 1); /* each bad byte -> 3 bytes at most */
  if (!buf) return KK_ERR_NOMEM;
  size_t p = 0, o = 0;
  while (p < len) {
    size_t st = p;
    int32_t cp = kk_utf8_next(s, len, &p);
    if (cp == KK_UTF8_BAD)
      o += kk_utf8_encode(KK_UTF8_REPLACEMENT, buf + o);
    else
      memcpy(buf + o, s + st, p - st), o += p - st;
  }
  buf[o] = '\0';
  *out = buf;
  if (out_len) *out_len = o;
  return KK_OK;
}

size_t kk_utf8_count(const char *s, size_t len) {
  size_t p = 0, n = 0;
  while (p < len) kk_utf8_next(s, len, &p), n++;
  return n;
}

size_t kk_utf8_off_to_col(const char *s, size_t len, size_t off) {
  if (off > len) off = len;
  size_t p = 0, n = 0;
  while (p < off) kk_utf8_next(s, len, &p), n++;
  return n;
}

size_t kk_utf8_col_to_off(const char *s, size_t len, size_t col) {
  size_t p = 0;
  while (p < len && col > 0) kk_utf8_next(s, len, &p), col--;
  return p;
}

size_t kk_utf8_line_col_to_off(const char *s, size_t len, int line, int col) {
  size_t p = 0;
  for (int l = 1; l < line && p < len; p++)
    if (s[p] == '\n') l++;
  const char *nl = memchr(s + p, '\n', len - p);
  size_t end = nl ? (size_t)(nl - s) : len;
  return p + kk_utf8_col_to_off(s + p, end - p, col > 1 ? (size_t)col - 1 : 0);
}

void kk_utf8_line_col(const char *s, size_t len, size_t off, int *line, int *col) {
  if (off > len) off = len;
  size_t p = 0;
  int l = 1, c = 1;
  while (p < off) {
    int32_t cp = kk_utf8_next(s, len, &p);
    if (cp == '\n')
      l++, c = 1;
    else
      c++;
  }
  if (line) *line = l;
  if (col) *col = c;
}

uint32_t kk_utf8_at(const char *s, size_t len, size_t i, size_t *n) {
  size_t p = i;
  int32_t cp = kk_utf8_next(s, len, &p);
  *n = p - i;
  return cp == KK_UTF8_BAD ? KK_UTF8_REPLACEMENT : (uint32_t)cp;
}

int kk_utf8_check(const char *buf, size_t len, int *line, int *col, unsigned char *bad) {
  const unsigned char *p = (const unsigned char *)buf, *end = p + len;
  int ln = 1, cl = 1;
  while (p < end) {
    unsigned c = *p;
    size_t need;
    uint32_t cp, min;
    if (c == 0) goto fail;
    if (c < 0x80) {
      if (c == '\n')
        ln++, cl = 1;
      else
        cl++;
      p++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF)
      need = 1, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
      need = 2, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
      need = 3, cp = c & 0x07, min = 0x10000;
    else
      goto fail;
    if ((size_t)(end - p) <= need) goto fail;
    for (size_t i = 1; i <= need; i++) {
      if ((p[i] & 0xC0) != 0x80) goto fail;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) goto fail;
    p += need + 1;
    cl++;
  }
  return 1;
fail:
  if (line) *line = ln;
  if (col) *col = cl;
  if (bad) *bad = *p;
  return 0;
}

int kk_utf8_is_cjk(uint32_t cp) {
  return (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

int kk_utf8_stream_step(kk_Utf8Stream *u, unsigned char b) {
  if (u->need) {
    if (b < u->lo || b > u->hi) return 0;
    u->need--;
    u->lo = 0x80;
    u->hi = 0xBF;
    return 1;
  }
  if (b < 0x80) return 1;
  u->lo = 0x80;
  u->hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF)
    u->need = 1;
  else if (b >= 0xE0 && b <= 0xEF) {
    u->need = 2;
    if (b == 0xE0) u->lo = 0xA0;
    if (b == 0xED) u->hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    u->need = 3;
    if (b == 0xF0) u->lo = 0x90;
    if (b == 0xF4) u->hi = 0x8F;
  } else
    return 0;
  return 1;
}

int kk_utf8_stream_pending(const kk_Utf8Stream *u) { return u->need > 0; }
