/*
** i18n.c -- gettext catalogs read by Kioku (see i18n.h).
**
**   choosing     the language from --lang and the environment
**   catalog      reading a .mo file: header, tables, every offset checked
**   plural       the Plural-Forms expression, parsed once, evaluated per n
**   lookup       binary search over the sorted original strings
*/
#include "core/base/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/date.h"
#include "core/base/file.h"

/* ==== choosing ============================================================ */

const char *kk_i18n_pick(const char *override) {
  static char out[16];
  const char *v = override && *override ? override : NULL;
  if (!v) {
    const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 4 && !v; i++) {
      const char *e = getenv(names[i]);
      if (e && *e) v = e;
    }
  }
  if (!v) v = "en";
  /* the first entry of a colon list; the language part of ll_CC.codeset@mod */
  size_t n = strcspn(v, ":_.@");
  if (n == 0 || n >= sizeof out) return "en";
  memcpy(out, v, n);
  out[n] = '\0';
  if (strcmp(out, "C") == 0 || strcmp(out, "POSIX") == 0) return "en";
  for (char *p = out; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  return out;
}

/* ==== plural ================================================================
** The C subset gettext allows: n, decimal numbers, ( ), ! * / % + - < <= >
** >= == != && || ?:.  Parsed into a small node array; evaluation cannot
** fail (division by zero gives 0). */

enum { P_NUM, P_N, P_NOT, P_BIN, P_COND };

typedef struct {
  int kind;
  int op; /* P_BIN: the operator's first char, or '<' + 256 for <= etc. */
  unsigned long v;
  int a, b, c; /* operand node indices */
} PNode;

#define P_MAX 64

typedef struct {
  const char *s;
  PNode *nodes;
  int n;
  int bad;
} PParse;

static int p_new(PParse *p, PNode x) {
  if (p->n >= P_MAX) {
    p->bad = 1;
    return 0;
  }
  p->nodes[p->n] = x;
  return p->n++;
}

static void p_ws(PParse *p) {
  while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n') p->s++;
}

static int p_cond(PParse *p, int depth);

static int p_unary(PParse *p, int depth) {
  p_ws(p);
  if (depth > 32) {
    p->bad = 1;
    return 0;
  }
  if (*p->s == '!') {
    p->s++;
    int a = p_unary(p, depth + 1);
    return p_new(p, (PNode){P_NOT, 0, 0, a, 0, 0});
  }
  if (*p->s == '(') {
    p->s++;
    int a = p_cond(p, depth + 1);
    p_ws(p);
    if (*p->s != ')')
      p->bad = 1;
    else
      p->s++;
    return a;
  }
  if (*p->s == 'n') {
    p->s++;
    return p_new(p, (PNode){P_N, 0, 0, 0, 0, 0});
  }
  if (*p->s >= '0' && *p->s <= '9') {
    unsigned long v = 0;
    while (*p->s >= '0' && *p->s <= '9') {
      if (v > 100000000ul) p->bad = 1;
      v = v * 10 + (unsigned long)(*p->s++ - '0');
    }
    return p_new(p, (PNode){P_NUM, 0, v, 0, 0, 0});
  }
  p->bad = 1;
  return 0;
}

/* Binary operators by precedence level, lowest first:
**   ||   &&   == !=   < <= > >=   + -   * / %  */
#define NLEVELS 6

static int match_op(PParse *p, int level) {
  p_ws(p);
  const char *s = p->s;
  switch (level) {
  case 0: return s[0] == '|' && s[1] == '|' ? (p->s += 2, '|') : 0;
  case 1: return s[0] == '&' && s[1] == '&' ? (p->s += 2, '&') : 0;
  case 2:
    if (s[0] == '=' && s[1] == '=') return p->s += 2, '=';
    if (s[0] == '!' && s[1] == '=') return p->s += 2, '!';
    return 0;
  case 3:
    if ((s[0] == '<' || s[0] == '>') && s[1] == '=') return p->s += 2, s[0] + 256;
    if (s[0] == '<' || s[0] == '>') return p->s += 1, s[0];
    return 0;
  case 4: return s[0] == '+' || s[0] == '-' ? (p->s += 1, s[0]) : 0;
  default: return s[0] == '*' || s[0] == '/' || s[0] == '%' ? (p->s += 1, s[0]) : 0;
  }
}

static int p_binary(PParse *p, int level, int depth) {
  if (level == NLEVELS) return p_unary(p, depth);
  int a = p_binary(p, level + 1, depth);
  int op;
  while (!p->bad && (op = match_op(p, level)) != 0) {
    int b = p_binary(p, level + 1, depth);
    a = p_new(p, (PNode){P_BIN, op, 0, a, b, 0});
  }
  return a;
}

static int p_cond(PParse *p, int depth) {
  if (depth > 32) {
    p->bad = 1;
    return 0;
  }
  int c = p_binary(p, 0, depth);
  p_ws(p);
  if (*p->s != '?') return c;
  p->s++;
  int a = p_cond(p, depth + 1);
  p_ws(p);
  if (*p->s != ':') {
    p->bad = 1;
    return 0;
  }
  p->s++;
  int b = p_cond(p, depth + 1);
  return p_new(p, (PNode){P_COND, 0, 0, c, a, b});
}

static unsigned long p_eval(const PNode *t, int i, unsigned long n, int depth) {
  const PNode *x = &t[i];
  if (depth > 64) return 0;
  switch (x->kind) {
  case P_NUM: return x->v;
  case P_N: return n;
  case P_NOT: return !p_eval(t, x->a, n, depth + 1);
  case P_COND:
    return p_eval(t, x->a, n, depth + 1) ? p_eval(t, x->b, n, depth + 1)
                                         : p_eval(t, x->c, n, depth + 1);
  default: break;
  }
  unsigned long a = p_eval(t, x->a, n, depth + 1);
  if (x->op == '|' && a) return 1;
  if (x->op == '&' && !a) return 0;
  unsigned long b = p_eval(t, x->b, n, depth + 1);
  switch (x->op) {
  case '|':
  case '&': return b != 0;
  case '=': return a == b;
  case '!': return a != b;
  case '<': return a < b;
  case '>': return a > b;
  case '<' + 256: return a <= b;
  case '>' + 256: return a >= b;
  case '+': return a + b;
  case '-': return a - b;
  case '*': return a * b;
  case '/': return b ? a / b : 0;
  case '%': return b ? a % b : 0;
  default: return 0;
  }
}

/* ==== catalog ============================================================= */

typedef struct {
  char lang[16];
  unsigned char *mo; /* the file, kk_malloc'd */
  size_t len;
  uint32_t count, orig, trans; /* entries; offsets of the two tables */
  int swap;                    /* the file's byte order is not ours */
  unsigned long nplurals;
  PNode plural[P_MAX];
  int plural_root; /* -1: English rule */
} Catalog;

static Catalog cat = {"en", NULL, 0, 0, 0, 0, 0, 2, {{0}}, -1};

static uint32_t rd32(const Catalog *c, size_t off) {
  const unsigned char *p = c->mo + off;
  return c->swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                 : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* String i of the table at `table`: its bytes and length, or NULL if the
** entry points outside the file or is not NUL-terminated. */
static const char *entry(const Catalog *c, uint32_t table, uint32_t i, uint32_t *len) {
  size_t at = (size_t)table + (size_t)i * 8;
  if (at + 8 > c->len) return NULL;
  uint32_t l = rd32(c, at), off = rd32(c, at + 4);
  if ((size_t)off + l >= c->len || c->mo[(size_t)off + l] != '\0') return NULL;
  if (len) *len = l;
  return (const char *)c->mo + off;
}

void kk_i18n_reset(void) {
  kk_free(cat.mo);
  memset(&cat, 0, sizeof cat);
  memcpy(cat.lang, "en", 3);
  cat.nplurals = 2;
  cat.plural_root = -1;
}

static kk_Status bad(kk_Err *err, const char *what) {
  return kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, "message catalog: %s", what);
}

/* Reads "Plural-Forms: nplurals=N; plural=EXPR;" from the header. */
static int read_plural(Catalog *c, const char *hdr) {
  const char *pf = strstr(hdr, "Plural-Forms:");
  if (!pf) return 1; /* English rule */
  const char *np = strstr(pf, "nplurals=");
  const char *pl = strstr(pf, "plural=");
  if (pl && pl > pf && pl[-1] == 'n') pl = strstr(pl + 1, "plural="); /* "nplurals=" */
  if (!np || !pl) return 0;
  c->nplurals = strtoul(np + 9, NULL, 10);
  if (c->nplurals < 1 || c->nplurals > 6) return 0;
  PParse p = {pl + 7, c->plural, 0, 0};
  int root = p_cond(&p, 0);
  p_ws(&p);
  if (p.bad || (*p.s != ';' && *p.s != '\n' && *p.s != '\0')) return 0;
  c->plural_root = root;
  return 1;
}

kk_Status kk_i18n_set_mo(const char *lang, const void *mo, size_t len, kk_Err *err) {
  Catalog c;
  memset(&c, 0, sizeof c);
  c.plural_root = -1;
  c.nplurals = 2;
  size_t ll = lang ? strlen(lang) : 0;
  if (ll == 0 || ll >= sizeof c.lang) return bad(err, "bad language name");
  memcpy(c.lang, lang, ll + 1);
  if (len < 28 || len > ((size_t)64 << 20)) return bad(err, "not a .mo file");
  c.mo = kk_malloc(len);
  if (!c.mo) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
  memcpy(c.mo, mo, len);
  c.len = len;
  uint32_t magic = (uint32_t)c.mo[0] | (uint32_t)c.mo[1] << 8 | (uint32_t)c.mo[2] << 16 |
                   (uint32_t)c.mo[3] << 24;
  if (magic == 0xde120495u)
    c.swap = 1;
  else if (magic != 0x950412deu)
    goto notmo;
  if (rd32(&c, 4) >> 16 != 0) goto notmo; /* major revision 0 */
  c.count = rd32(&c, 8);
  c.orig = rd32(&c, 12);
  c.trans = rd32(&c, 16);
  if ((size_t)c.count > len / 16 || (size_t)c.orig + (size_t)c.count * 8 > len ||
      (size_t)c.trans + (size_t)c.count * 8 > len)
    goto notmo;
  for (uint32_t i = 0; i < c.count; i++)
    if (!entry(&c, c.orig, i, NULL) || !entry(&c, c.trans, i, NULL)) goto notmo;
  /* the header is the translation of "" (sorted first) */
  uint32_t l0;
  if (c.count > 0 && entry(&c, c.orig, 0, &l0) && l0 == 0 &&
      !read_plural(&c, entry(&c, c.trans, 0, NULL))) {
    kk_free(c.mo);
    return bad(err, "unreadable Plural-Forms in the header");
  }
  kk_free(cat.mo);
  cat = c;
  return KK_OK;
notmo:
  kk_free(c.mo);
  return bad(err, "not a .mo file, or a damaged one");
}

kk_Status kk_i18n_set(const char *lang, const char *const *dirs, kk_Err *err) {
  if (!lang || strcmp(lang, "en") == 0) {
    kk_i18n_reset();
    return KK_OK;
  }
  for (size_t i = 0; dirs && dirs[i]; i++) {
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/kioku.mo", dirs[i], lang);
    if (n < 0 || (size_t)n >= sizeof path) continue;
    char *buf = NULL;
    size_t len = 0;
    kk_Err e;
    if (kk_file_read(path, (size_t)64 << 20, &buf, &len, &e) != KK_OK) continue;
    kk_Status st = kk_i18n_set_mo(lang, buf, len, err);
    kk_free(buf);
    if (st != KK_OK && err) {
      size_t pl = strlen(path);
      if (pl >= sizeof err->path) pl = sizeof err->path - 1;
      memcpy(err->path, path, pl);
      err->path[pl] = '\0';
    }
    return st;
  }
  kk_i18n_reset();
  return kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0,
                    "no message catalog for language '%s'; using English", lang);
}

const char *kk_i18n_lang(void) { return cat.lang; }

/* ==== lookup ================================================================ */

/* The translation of key[0..klen) (msgid, or ctx \004 msgid), or NULL. */
static const char *find(const char *key, size_t klen, uint32_t *tlen) {
  if (!cat.mo) return NULL;
  uint32_t lo = 0, hi = cat.count;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2, ol;
    const char *o = entry(&cat, cat.orig, mid, &ol);
    /* a plural entry's original is "one\0other": compare the first part */
    size_t first = strlen(o);
    size_t m = first < klen ? first : klen;
    int r = memcmp(key, o, m);
    if (r == 0) r = klen < first ? -1 : klen > first ? 1 : 0;
    if (r == 0) return entry(&cat, cat.trans, mid, tlen);
    if (r < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

const char *kk_gettext(const char *msgid) {
  if (!msgid || !*msgid) return msgid;
  const char *t = find(msgid, strlen(msgid), NULL);
  return t && *t ? t : msgid;
}

const char *kk_pgettext(const char *ctx, const char *msgid) {
  char key[1024];
  size_t cl = strlen(ctx), ml = strlen(msgid);
  if (!cat.mo || cl + ml + 2 > sizeof key) return msgid;
  memcpy(key, ctx, cl);
  key[cl] = '\004';
  memcpy(key + cl + 1, msgid, ml);
  key[cl + 1 + ml] = '\0';
  const char *t = find(key, cl + 1 + ml, NULL);
  return t && *t ? t : msgid;
}

const char *kk_ngettext(const char *one, const char *other, unsigned long n) {
  uint32_t tlen = 0;
  const char *t = cat.mo ? find(one, strlen(one), &tlen) : NULL;
  unsigned long form = cat.plural_root < 0 ? n != 1 : p_eval(cat.plural, cat.plural_root, n, 0);
  if (!t || !*t) return n == 1 ? one : other;
  if (form >= cat.nplurals) form = 0;
  /* msgstr[0] \0 msgstr[1] \0 ... within tlen bytes */
  const char *p = t, *end = t + tlen;
  for (unsigned long i = 0; i < form; i++) {
    const char *z = memchr(p, '\0', (size_t)(end - p));
    if (!z || z + 1 > end) return t;
    p = z + 1;
  }
  return *p ? p : t;
}

/* ---- dates and durations ------------------------------------------------------*/

static const char *const month_names[12] = {
    N_("January"), N_("February"), N_("March"),     N_("April"),   N_("May"),      N_("June"),
    N_("July"),    N_("August"),   N_("September"), N_("October"), N_("November"), N_("December")};

char *kk_i18n_date(char *buf, size_t size, int64_t days) {
  if (!size) return buf;
  int y, m, d;
  kk_date_civil(days, &y, &m, &d);
  /* TRANSLATORS: a date; keep the words in braces: {year} 2026, {month} the
  ** month's name, {mon} the month's number, {day} the day of the month */
  const char *pat = _("{month} {day}, {year}");
  size_t o = 0;
  buf[0] = '\0';
  for (const char *p = pat; *p && o + 1 < size;) {
    const char *text = NULL;
    if (*p == '{') {
      const char *z = strchr(p, '}');
      size_t n = z ? (size_t)(z - p - 1) : 0;
      if (z && n < 16) {
        char word[16];
        memcpy(word, p + 1, n);
        word[n] = '\0';
        char num[16];
        if (!strcmp(word, "year"))
          snprintf(num, sizeof num, "%d", y), text = num;
        else if (!strcmp(word, "mon"))
          snprintf(num, sizeof num, "%d", m), text = num;
        else if (!strcmp(word, "day"))
          snprintf(num, sizeof num, "%d", d), text = num;
        else if (!strcmp(word, "month"))
          text = _(month_names[m - 1]);
        if (text) {
          int w = snprintf(buf + o, size - o, "%s", text);
          o = w < 0 ? o : o + (size_t)w >= size ? size - 1 : o + (size_t)w;
          p = z + 1;
          continue;
        }
      }
    }
    buf[o++] = *p++;
    buf[o] = '\0';
  }
  return buf;
}

char *kk_i18n_days(char *buf, size_t size, long n) {
  unsigned long u = n < 0 ? (unsigned long)-n : (unsigned long)n;
  if (size) snprintf(buf, size, kk_ngettext("%ld day", "%ld days", u), n);
  return buf;
}

char *kk_i18n_duration(char *buf, size_t size, double seconds) {
  if (!size) return buf;
  double s = seconds < 0 ? 0 : seconds;
  const double min = 60, hour = 3600, day = 86400, month = 30.44 * 86400, year = 365.25 * 86400;
  /* the unit: the largest the span reaches once rounded in the unit below */
  if (s < min - 0.5) {
    long n = (long)(s + 0.5);
    snprintf(buf, size, kk_ngettext("%ld second", "%ld seconds", (unsigned long)n), n);
  } else if (s < hour - 30) {
    long n = (long)(s / min + 0.5);
    snprintf(buf, size, kk_ngettext("%ld minute", "%ld minutes", (unsigned long)n), n);
  } else if (s < day - 1800) {
    long n = (long)(s / hour + 0.5);
    snprintf(buf, size, kk_ngettext("%ld hour", "%ld hours", (unsigned long)n), n);
  } else if (s < month - day / 2) {
    long n = (long)(s / day + 0.5);
    kk_i18n_days(buf, size, n);
  } else if (s < year - month / 2) {
    long n = (long)(s / month + 0.5);
    snprintf(buf, size, kk_ngettext("%ld month", "%ld months", (unsigned long)n), n);
  } else {
    /* years to one decimal: "1.5 years"; whole numbers without ".0" */
    long tenths = (long)(s / year * 10 + 0.5);
    if (tenths % 10 == 0)
      snprintf(buf, size, kk_ngettext("%ld year", "%ld years", (unsigned long)(tenths / 10)),
               tenths / 10);
    else
      snprintf(buf, size, _("%.1f years"), (double)tenths / 10);
  }
  return buf;
}
