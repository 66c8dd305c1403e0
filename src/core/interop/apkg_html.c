/*
** apkg_html.c -- Anki field HTML to Kioku card text (kk_apkg_html_text):
** block tags to line breaks, <ruby> to 漢字[かんじ], entities decoded,
** <img> sources handed to a callback, every other tag dropped.
*/
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/utf8.h"
#include "core/deck/ruby.h"
#include "core/interop/apkg.h"

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* 1 if the tag name at s[0..n) is name (case-insensitive). */
static int is_tag(const char *s, size_t n, const char *name) {
  size_t k = strlen(name);
  if (n != k) return 0;
  for (size_t i = 0; i < k; i++)
    if (lower((unsigned char)s[i]) != name[i]) return 0;
  return 1;
}

static int is_block(const char *s, size_t n) {
  static const char *const names[] = {"div", "p",  "li", "tr", "h1",    "h2",         "h3", "h4",
                                      "h5",  "h6", "ul", "ol", "table", "blockquote", NULL};
  for (size_t i = 0; names[i]; i++)
    if (is_tag(s, n, names[i])) return 1;
  return 0;
}

/* Appends a line break unless the text is empty or already ends in one. */
static void newline(kk_Buf *b) {
  if (b->n && b->p[b->n - 1] != '\n') kk_buf_add(b, "\n", 1);
}

/* Decodes the entity at s[i] == '&'; appends it and returns the bytes it
** took, or 0 (the '&' is then literal). */
static size_t entity(const char *s, size_t len, size_t i, kk_Buf *b) {
  static const struct {
    const char *name, *text;
  } named[] = {{"amp", "&"},    {"lt", "<"},     {"gt", ">"},     {"quot", "\""},  {"apos", "'"},
               {"nbsp", " "},   {"ensp", " "},   {"emsp", " "},   {"thinsp", " "}, {"shy", ""},
               {"mdash", "—"},  {"ndash", "–"},  {"hellip", "…"}, {"times", "×"},  {"divide", "÷"},
               {"plusmn", "±"}, {"middot", "·"}, {"laquo", "«"},  {"raquo", "»"},  {"deg", "°"},
               {NULL, NULL}};
  size_t e = i + 1;
  while (e < len && e - i < 12 && s[e] != ';' && s[e] != '&' && s[e] != '<') e++;
  if (e >= len || s[e] != ';') return 0;
  const char *name = s + i + 1;
  size_t n = e - i - 1;
  if (n >= 2 && name[0] == '#') {
    long cp = 0;
    int hex = name[1] == 'x' || name[1] == 'X';
    size_t k = hex ? 2 : 1;
    if (k >= n) return 0;
    for (; k < n; k++) {
      int c = lower((unsigned char)name[k]), d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else
        return 0;
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) return 0;
    }
    if (cp == 0xA0) cp = ' ';
    if (cp == 0 || (cp < 0x20 && cp != '\n' && cp != '\t')) cp = 0xFFFD;
    char u[4];
    kk_buf_add(b, u, kk_utf8_encode((int32_t)cp, u));
    return e - i + 1;
  }
  for (size_t k = 0; named[k].name; k++)
    if (strlen(named[k].name) == n && memcmp(named[k].name, name, n) == 0) {
      kk_buf_str(b, named[k].text);
      return e - i + 1;
    }
  return 0;
}

/* The value of attribute attr in the tag body s[0..n), into a new string. */
static char *attribute(const char *s, size_t n, const char *attr) {
  size_t al = strlen(attr);
  for (size_t i = 0; i + al < n; i++) {
    if ((i && s[i - 1] != ' ' && s[i - 1] != '\t' && s[i - 1] != '\n') || !is_tag(s + i, al, attr))
      continue;
    size_t k = i + al;
    while (k < n && s[k] == ' ') k++;
    if (k >= n || s[k] != '=') continue;
    k++;
    while (k < n && s[k] == ' ') k++;
    char q = k < n && (s[k] == '"' || s[k] == '\'') ? s[k++] : 0;
    size_t st = k;
    while (k < n && (q ? s[k] != q : s[k] != ' ' && s[k] != '/')) k++;
    /* decode entities in the value (&amp; in file names) */
    kk_Buf v = {0};
    for (size_t j = st; j < k;) {
      size_t used = s[j] == '&' ? entity(s, k, j, &v) : 0;
      if (used)
        j += used;
      else
        kk_buf_add(&v, s + j++, 1);
    }
    return kk_buf_take(&v);
  }
  return NULL;
}

/* Text ending in a Han character would swallow an implicit ruby base. */
static int ends_han(const kk_Buf *b) {
  if (!b->n) return 0;
  size_t off = kk_utf8_prev(b->p, b->n, b->n);
  size_t pos = off;
  return kk_ruby_is_han(kk_utf8_next(b->p, b->n, &pos));
}

static int all_han(const char *s, size_t n) {
  if (!n) return 0;
  for (size_t i = 0; i < n;)
    if (!kk_ruby_is_han(kk_utf8_next(s, n, &i))) return 0;
  return 1;
}

char *kk_apkg_html_text(const char *s, size_t len, void (*img)(void *ud, const char *src),
                        void *ud) {
  kk_Buf out = {0}, base = {0}, reading = {0};
  kk_Buf *cur = &out;        /* where text goes: out, or the ruby's base/reading */
  int in_ruby = 0, skip = 0; /* skip: inside <rp>, <script>, <style> */
  for (size_t i = 0; i < len;) {
    char c = s[i];
    if (c == '<') {
      size_t e = i + 1;
      while (e < len && s[e] != '>') e++;
      if (e >= len) { /* a lone '<' is text */
        if (!skip) kk_buf_add(cur, "<", 1);
        i++;
        continue;
      }
      const char *t = s + i + 1;
      size_t tn = e - i - 1;
      int close = tn && t[0] == '/';
      if (close) t++, tn--;
      size_t nl = 0;
      while (nl < tn && t[nl] != ' ' && t[nl] != '/' && t[nl] != '\t' && t[nl] != '\n') nl++;
      if (is_tag(t, nl, "script") || is_tag(t, nl, "style") || is_tag(t, nl, "rp")) {
        skip = !close;
      } else if (skip) {
      } else if (is_tag(t, nl, "br")) {
        kk_buf_add(cur, "\n", 1);
      } else if (is_block(t, nl)) {
        newline(cur);
      } else if (is_tag(t, nl, "img") && !close) {
        char *src = attribute(t + nl, tn - nl, "src");
        if (src && img) img(ud, src);
        kk_free(src);
      } else if (is_tag(t, nl, "ruby")) {
        if (!close && !in_ruby) {
          in_ruby = 1;
          kk_buf_free(&base);
          kk_buf_free(&reading);
          cur = &base;
        } else if (close && in_ruby) {
          in_ruby = 0;
          cur = &out;
          if (base.n && reading.n) {
            if (!all_han(base.p, base.n) || ends_han(&out)) kk_buf_str(&out, "｜");
            kk_buf_add(&out, base.p, base.n);
            kk_buf_add(&out, "[", 1);
            kk_buf_add(&out, reading.p, reading.n);
            kk_buf_add(&out, "]", 1);
          } else if (base.n)
            kk_buf_add(&out, base.p, base.n);
        }
      } else if (is_tag(t, nl, "rt") && in_ruby) {
        cur = close ? &base : &reading;
      }
      i = e + 1;
      continue;
    }
    if (skip) {
      i++;
      continue;
    }
    if (c == '&') {
      size_t used = entity(s, len, i, cur);
      if (used) {
        i += used;
        continue;
      }
    }
    if (c == '\r') {
      i++;
      continue;
    }
    /* line breaks in the HTML source are white space, as a browser shows them */
    kk_buf_add(cur, c == '\n' || c == '\t' ? " " : &s[i], 1);
    i++;
  }
  if (in_ruby) { /* an unclosed <ruby>: keep its text */
    kk_buf_add(&out, base.p ? base.p : "", base.n);
    kk_buf_add(&out, reading.p ? reading.p : "", reading.n);
  }
  kk_buf_free(&base);
  kk_buf_free(&reading);
  /* trim surrounding white space and line breaks */
  if (out.oom) {
    kk_buf_free(&out);
    return NULL;
  }
  size_t a = 0, z = out.n;
  while (a < z && (out.p[a] == ' ' || out.p[a] == '\n')) a++;
  while (z > a && (out.p[z - 1] == ' ' || out.p[z - 1] == '\n')) z--;
  char *r = kk_strndup(out.p ? out.p + a : "", z - a);
  kk_buf_free(&out);
  return r;
}
