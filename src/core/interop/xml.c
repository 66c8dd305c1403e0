/*
** xml.c -- the small XML reader (kk_xml_parse).
*/
#include "core/interop/xml.h"
#include "core/base/i18n.h"

#include <string.h>

#include "core/base/buf.h"
#include "core/base/utf8.h"

typedef struct P {
  const char *s;
  size_t n, i;
  int line;
  size_t line_start;
  kk_Arena *ar;
  const char *path;
  kk_Err *err;
} P;

static kk_Status fail(P *p, const char *msg) {
  int col = (int)kk_utf8_count(p->s + p->line_start, p->i - p->line_start) + 1;
  return kk_err_set(p->err, KK_ERR_PARSE, p->path, p->line, col, "%s", msg);
}

static void adv(P *p, size_t k) {
  for (size_t e = p->i + k; p->i < e && p->i < p->n; p->i++)
    if (p->s[p->i] == '\n') p->line++, p->line_start = p->i + 1;
}

static int at(P *p, const char *lit) {
  size_t k = strlen(lit);
  return p->n - p->i >= k && memcmp(p->s + p->i, lit, k) == 0;
}

/* Skips to just past lit; 0 if it never comes. */
static int skip_past(P *p, const char *lit) {
  size_t k = strlen(lit);
  while (p->i < p->n) {
    if (at(p, lit)) {
      adv(p, k);
      return 1;
    }
    adv(p, 1);
  }
  return 0;
}

static int name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

static const char *name(P *p) {
  size_t a = p->i;
  while (p->i < p->n && name_char(p->s[p->i])) p->i++;
  if (p->i == a) return NULL;
  return kk_arena_strndup(p->ar, p->s + a, p->i - a);
}

static void spaces(P *p) {
  while (p->i < p->n &&
         (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
    adv(p, 1);
}

/* Appends s[a..e) to b with entities decoded; 0 on a bad reference. */
static int decode(P *p, kk_Buf *b, size_t a, size_t e) {
  for (size_t i = a; i < e;) {
    if (p->s[i] != '&') {
      size_t j = i;
      while (j < e && p->s[j] != '&') j++;
      kk_buf_add(b, p->s + i, j - i);
      i = j;
      continue;
    }
    size_t semi = i + 1;
    while (semi < e && semi - i < 12 && p->s[semi] != ';') semi++;
    if (semi >= e || p->s[semi] != ';') return 0;
    const char *r = p->s + i + 1;
    size_t rl = semi - i - 1;
    static const char *const ents[][2] = {
        {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}};
    int done = 0;
    for (size_t k = 0; k < 5 && !done; k++)
      if (strlen(ents[k][0]) == rl && memcmp(ents[k][0], r, rl) == 0) {
        kk_buf_str(b, ents[k][1]);
        done = 1;
      }
    if (!done) {
      if (rl < 2 || r[0] != '#') return 0;
      int hex = r[1] == 'x';
      long cp = 0;
      for (size_t k = hex ? 2 : 1; k < rl; k++) {
        char c = r[k];
        int d = c >= '0' && c <= '9'                        ? c - '0'
                : hex && (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                                            : -1;
        if (d < 0 || cp > 0x10FFFF) return 0;
        cp = cp * (hex ? 16 : 10) + d;
      }
      if (cp <= 0 || cp > 0x10FFFF) return 0;
      char u[4];
      kk_buf_add(b, u, kk_utf8_encode((int32_t)cp, u));
    }
    i = semi + 1;
  }
  return 1;
}

static kk_Status element(P *p, int depth, kk_Xml **out);

/* Content up to the closing tag of x. */
static kk_Status content(P *p, int depth, kk_Xml *x) {
  kk_Buf text = {0};
  kk_Xml **kids = NULL;
  size_t nk = 0, ak = 0;
  kk_Status st = KK_OK;
  for (;;) {
    if (p->i >= p->n) {
      st = fail(p, _("the document ends inside an element"));
      goto done;
    }
    if (at(p, "</")) {
      adv(p, 2);
      const char *nm = name(p);
      spaces(p);
      if (!nm || strcmp(nm, x->name) != 0 || p->i >= p->n || p->s[p->i] != '>') {
        st = fail(p, _("a closing tag does not match its element"));
        goto done;
      }
      adv(p, 1);
      break;
    }
    if (at(p, "<!--")) {
      if (!skip_past(p, "-->")) {
        st = fail(p, _("an unterminated comment"));
        goto done;
      }
      continue;
    }
    if (at(p, "<![CDATA[")) {
      adv(p, 9);
      size_t a = p->i;
      if (!skip_past(p, "]]>")) {
        st = fail(p, _("an unterminated CDATA section"));
        goto done;
      }
      kk_buf_add(&text, p->s + a, p->i - 3 - a);
      continue;
    }
    if (at(p, "<?")) {
      if (!skip_past(p, "?>")) {
        st = fail(p, _("an unterminated processing instruction"));
        goto done;
      }
      continue;
    }
    if (p->s[p->i] == '<') {
      kk_Xml *kid = NULL;
      if ((st = element(p, depth + 1, &kid)) != KK_OK) goto done;
      if (nk == ak) {
        kk_Xml **nv = kk_arena_grow(p->ar, kids, nk, &ak, nk + 1, sizeof(kk_Xml *), 8);
        if (!nv) goto oom;
        kids = nv;
      }
      kids[nk++] = kid;
      continue;
    }
    size_t a = p->i;
    while (p->i < p->n && p->s[p->i] != '<') adv(p, 1);
    if (!decode(p, &text, a, p->i)) {
      st = fail(p, _("a bad entity or character reference"));
      goto done;
    }
  }
  if (text.oom) goto oom;
  x->text = kk_arena_strdup(p->ar, text.p ? text.p : "");
  if (!x->text) goto oom;
  x->kids = kids;
  x->nkids = nk;
  goto done;
oom:
  st = kk_err_set(p->err, KK_ERR_NOMEM, p->path, 0, 0, _("out of memory"));
done:
  kk_buf_free(&text);
  return st;
}

static kk_Status element(P *p, int depth, kk_Xml **out) {
  if (depth > KK_XML_MAX_DEPTH) return fail(p, _("elements nest too deeply"));
  kk_Xml *x = kk_arena_alloc(p->ar, sizeof *x);
  if (!x) return kk_err_set(p->err, KK_ERR_NOMEM, p->path, 0, 0, _("out of memory"));
  memset(x, 0, sizeof *x);
  x->line = p->line;
  adv(p, 1); /* '<' */
  if (!(x->name = name(p))) return fail(p, _("a '<' that starts no element"));
  const char **attr = NULL;
  size_t na = 0, aa = 0;
  for (;;) {
    spaces(p);
    if (p->i >= p->n) return fail(p, _("the document ends inside a tag"));
    if (p->s[p->i] == '/' || p->s[p->i] == '>') break;
    const char *an = name(p);
    if (!an) return fail(p, _("a bad attribute"));
    spaces(p);
    if (p->i >= p->n || p->s[p->i] != '=') return fail(p, _("an attribute without a value"));
    adv(p, 1);
    spaces(p);
    char q = p->i < p->n ? p->s[p->i] : 0;
    if (q != '"' && q != '\'') return fail(p, _("an attribute value without quotes"));
    adv(p, 1);
    size_t a = p->i;
    while (p->i < p->n && p->s[p->i] != q) adv(p, 1);
    if (p->i >= p->n) return fail(p, _("an unterminated attribute value"));
    kk_Buf v = {0};
    int ok = decode(p, &v, a, p->i);
    adv(p, 1);
    char *val = ok && !v.oom ? kk_arena_strdup(p->ar, v.p ? v.p : "") : NULL;
    kk_buf_free(&v);
    if (!ok) return fail(p, _("a bad entity in an attribute"));
    if (na == aa) {
      /* an element of this array is a name and value pair */
      const char **nv = kk_arena_grow(p->ar, attr, na, &aa, na + 1, 2 * sizeof *nv, 4);
      if (!nv) return kk_err_set(p->err, KK_ERR_NOMEM, p->path, 0, 0, _("out of memory"));
      attr = nv;
    }
    if (!val) return kk_err_set(p->err, KK_ERR_NOMEM, p->path, 0, 0, _("out of memory"));
    attr[2 * na] = an;
    attr[2 * na + 1] = val;
    na++;
  }
  x->attr = attr;
  x->nattr = na;
  *out = x;
  if (p->s[p->i] == '/') {
    adv(p, 1);
    if (p->i >= p->n || p->s[p->i] != '>') return fail(p, _("a '/' not followed by '>'"));
    adv(p, 1);
    x->text = "";
    return KK_OK;
  }
  adv(p, 1);
  return content(p, depth, x);
}

kk_Status kk_xml_parse(const char *buf, size_t len, const char *path, kk_Arena *arena,
                       kk_Xml **root, kk_Err *err) {
  P p = {.s = buf, .n = len, .line = 1, .ar = arena, .path = path, .err = err};
  *root = NULL;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) p.i = p.line_start = 3;
  for (;;) {
    spaces(&p);
    if (at(&p, "<?")) {
      if (!skip_past(&p, "?>")) return fail(&p, _("an unterminated declaration"));
    } else if (at(&p, "<!--")) {
      if (!skip_past(&p, "-->")) return fail(&p, _("an unterminated comment"));
    } else if (at(&p, "<!DOCTYPE")) {
      /* skipped; an internal subset [...] too, never expanded */
      int depth = 0;
      while (p.i < p.n && !(p.s[p.i] == '>' && depth == 0)) {
        if (p.s[p.i] == '[')
          depth++;
        else if (p.s[p.i] == ']')
          depth--;
        adv(&p, 1);
      }
      if (p.i >= p.n) return fail(&p, _("an unterminated document type declaration"));
      adv(&p, 1);
    } else
      break;
  }
  if (p.i >= p.n || p.s[p.i] != '<') return fail(&p, _("no root element"));
  kk_Status st = element(&p, 1, root);
  if (st != KK_OK) return st;
  for (;;) {
    spaces(&p);
    if (at(&p, "<!--")) {
      if (!skip_past(&p, "-->")) return fail(&p, _("an unterminated comment"));
    } else
      break;
  }
  if (p.i < p.n) return fail(&p, _("text after the root element"));
  return KK_OK;
}

const char *kk_xml_attr(const kk_Xml *x, const char *nm) {
  for (size_t i = 0; x && i < x->nattr; i++)
    if (strcmp(x->attr[2 * i], nm) == 0) return x->attr[2 * i + 1];
  return NULL;
}

const kk_Xml *kk_xml_child(const kk_Xml *x, const char *nm) {
  for (size_t i = 0; x && i < x->nkids; i++)
    if (strcmp(x->kids[i]->name, nm) == 0) return x->kids[i];
  return NULL;
}

const char *kk_xml_text(const kk_Xml *x, const char *nm) {
  const kk_Xml *c = kk_xml_child(x, nm);
  if (!c) return "";
  const kk_Xml *t = kk_xml_child(c, "text");
  return t ? t->text : c->text;
}
