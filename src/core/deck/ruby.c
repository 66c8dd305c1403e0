/*
** ruby.c -- furigana markup parser (the rule is documented in ruby.h).
** One pass over the input: plain text is copied (ill-formed bytes become
** U+FFFD) into `plain`; at a `[` or a start marker we look ahead a bounded
** distance for `READING]` and, when it is there, cut a ruby run.
*/
#include "core/deck/ruby.h"

#include <string.h>

#include "core/base/alloc.h"
#include "core/base/utf8.h"

int kk_ruby_is_han(int cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F) ||
         (cp >= 0x30000 && cp <= 0x3134F) || cp == 0x3005 /* 々 */ || cp == 0x3006 /* 〆 */ ||
         cp == 0x3007 /* 〇 */ || cp == 0x30F6 /* ヶ */;
}

static int is_marker(int32_t cp) { return cp == '|' || cp == 0xFF5C; }
static int is_eol(int32_t cp) { return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029; }

/* Scans `READING]` starting at s[p] (just after `[`).  On success returns 1
** with the reading's byte range and *end just after `]`. */
static int scan_reading(const char *s, size_t len, size_t p, size_t *r_off, size_t *r_len,
                        size_t *end) {
  size_t st = p, ncp = 0;
  while (p < len && ncp <= KK_RUBY_MAX_READING) {
    size_t q = p;
    int32_t cp = kk_utf8_next(s, len, &q);
    if (cp == ']') {
      if (ncp == 0) return 0;
      *r_off = st, *r_len = p - st, *end = q;
      return 1;
    }
    if (cp == '[' || is_eol(cp)) return 0;
    p = q, ncp++;
  }
  return 0;
}

/* After a start marker at s[p]: `BASE[READING]`.  Returns 1 with the ranges
** on success. */
static int scan_explicit(const char *s, size_t len, size_t p, size_t *b_off, size_t *b_len,
                         size_t *r_off, size_t *r_len, size_t *end) {
  size_t st = p, ncp = 0;
  while (p < len && ncp <= KK_RUBY_MAX_BASE) {
    size_t q = p;
    int32_t cp = kk_utf8_next(s, len, &q);
    if (cp == '[') {
      if (ncp == 0) return 0;
      *b_off = st, *b_len = p - st;
      return scan_reading(s, len, q, r_off, r_len, end);
    }
    if (cp == ']' || is_marker(cp) || is_eol(cp)) return 0;
    p = q, ncp++;
  }
  return 0;
}

/* Appends s[off..off+n) to buf at *o, replacing ill-formed units. */
static void put_text(char *buf, size_t *o, const char *s, size_t off, size_t n) {
  size_t p = off, end = off + n;
  while (p < end) {
    size_t st = p;
    if (kk_utf8_next(s, end, &p) == KK_UTF8_BAD)
      *o += kk_utf8_encode(KK_UTF8_REPLACEMENT, buf + *o);
    else
      memcpy(buf + *o, s + st, p - st), *o += p - st;
  }
}

typedef struct Parser {
  kk_Ruby *r;
  size_t seg; /* plain offset where the current plain run starts */
  size_t ro;  /* bytes used in readings_ */
} Parser;

static void flush_plain(Parser *ps, size_t upto) {
  kk_Ruby *r = ps->r;
  if (upto > ps->seg) {
    kk_RubyRun *run = &r->runs[r->nruns++];
    run->base_off = ps->seg, run->base_len = upto - ps->seg;
    run->ruby = NULL, run->ruby_len = 0;
  }
  ps->seg = upto;
}

/* Emits a ruby run whose base is plain[base_off..plain_len). */
static void add_ruby(Parser *ps, size_t base_off, const char *s, size_t r_off, size_t r_len) {
  kk_Ruby *r = ps->r;
  flush_plain(ps, base_off);
  kk_RubyRun *run = &r->runs[r->nruns++];
  run->base_off = base_off, run->base_len = r->plain_len - base_off;
  size_t o = ps->ro;
  put_text(r->readings_, &ps->ro, s, r_off, r_len);
  run->ruby_len = ps->ro - o;
  r->readings_[ps->ro++] = '\0';
  run->ruby = r->readings_ + o; /* readings_ never moves */
  r->nruby++;
  ps->seg = r->plain_len;
}

kk_Status kk_ruby_parse(const char *s, size_t len, kk_Ruby *out) {
  memset(out, 0, sizeof *out);
  if (len > (SIZE_MAX - 2) / 4 / sizeof(kk_RubyRun)) return KK_ERR_LIMIT;
  /* Bounds: each input byte yields at most 3 output bytes (U+FFFD), each
  ** reading ends in a NUL, and each `[` cuts at most two runs. */
  size_t nbr = 0;
  for (size_t i = 0; i < len; i++) nbr += s[i] == '[';
  out->plain = kk_malloc(len * 3 + 1);
  out->readings_ = kk_malloc(len * 3 + 1);
  out->runs = kk_malloc((2 * nbr + 1) * sizeof *out->runs);
  if (!out->plain || !out->readings_ || !out->runs) {
    kk_ruby_free(out);
    return KK_ERR_NOMEM;
  }
  Parser ps = {out, 0, 0};
  size_t p = 0;
  while (p < len) {
    size_t st = p;
    int32_t cp = kk_utf8_next(s, len, &p);
    size_t b_off, b_len, r_off, r_len, end;
    if (cp == '\\' && p < len) {
      size_t q = p;
      int32_t nx = kk_utf8_next(s, len, &q);
      if (nx == '[' || nx == ']' || nx == '\\' || is_marker(nx)) {
        put_text(out->plain, &out->plain_len, s, p, q - p);
        p = q;
        continue;
      }
    } else if (is_marker(cp) && scan_explicit(s, len, p, &b_off, &b_len, &r_off, &r_len, &end)) {
      size_t base = out->plain_len;
      put_text(out->plain, &out->plain_len, s, b_off, b_len);
      add_ruby(&ps, base, s, r_off, r_len);
      p = end;
      continue;
    } else if (cp == '[' && scan_reading(s, len, p, &r_off, &r_len, &end)) {
      /* The implicit base: Han code points at the end of the current
      ** plain run (plain is well-formed, so kk_utf8_prev is exact). */
      size_t base = out->plain_len, nb = 0;
      while (base > ps.seg && nb <= KK_RUBY_MAX_BASE) {
        size_t q = kk_utf8_prev(out->plain, out->plain_len, base), t = q;
        if (!kk_ruby_is_han(kk_utf8_next(out->plain, out->plain_len, &t))) break;
        base = q, nb++;
      }
      if (nb > 0 && nb <= KK_RUBY_MAX_BASE) {
        add_ruby(&ps, base, s, r_off, r_len);
        p = end;
        continue;
      }
    }
    put_text(out->plain, &out->plain_len, s, st, p - st);
  }
  flush_plain(&ps, out->plain_len);
  out->plain[out->plain_len] = '\0';
  for (size_t i = 0; i < out->nruns; i++) out->runs[i].base = out->plain + out->runs[i].base_off;
  return KK_OK;
}

void kk_ruby_free(kk_Ruby *r) {
  if (!r) return;
  kk_free(r->plain);
  kk_free(r->readings_);
  kk_free(r->runs);
  memset(r, 0, sizeof *r);
}

kk_Status kk_ruby_plain(const char *s, size_t len, char **out, size_t *out_len) {
  kk_Ruby r;
  *out = NULL;
  kk_Status st = kk_ruby_parse(s, len, &r);
  if (st != KK_OK) return st;
  *out = r.plain;
  if (out_len) *out_len = r.plain_len;
  r.plain = NULL;
  kk_ruby_free(&r);
  return KK_OK;
}
