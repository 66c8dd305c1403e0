/*
** json.c -- recursive-descent JSON reader into an arena.
*/
#include "core/base/json.h"
#include "core/base/i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *p, *end, *start;
  const char *path;
  kk_Arena *arena;
  kk_Err *err;
  int depth;
  int failed;
} P;

static void position(const P *ps, const char *at, int *line, int *col) {
  *line = 1;
  *col = 1;
  for (const char *c = ps->start; c < at && c < ps->end; c++) {
    if (*c == '\n')
      ++*line, *col = 1;
    else if (((unsigned char)*c & 0xC0) != 0x80)
      ++*col;
  }
}

static int fail(P *ps, const char *msg) {
  if (ps->failed) return 0;
  int line, col;
  position(ps, ps->p, &line, &col);
  ps->failed = 1;
  kk_err_set(ps->err, KK_ERR_PARSE, ps->path, line, col, "%s", msg);
  return 0;
}

static int nomem(P *ps) {
  if (!ps->failed) kk_err_set(ps->err, KK_ERR_NOMEM, ps->path, 0, 0, _("out of memory"));
  ps->failed = 1;
  return 0;
}

static void ws(P *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
    ps->p++;
}

static int value(P *ps, kk_Json *out);

static int hex4(P *ps, unsigned *u) {
  if (ps->end - ps->p < 4) return fail(ps, _("short \\u escape"));
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = *ps->p++;
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (unsigned)(c - 'A' + 10);
    else
      return fail(ps, _("bad \\u escape"));
  }
  *u = v;
  return 1;
}

static size_t put_utf8(char *o, unsigned u) {
  if (u < 0x80) return o[0] = (char)u, 1;
  if (u < 0x800) {
    o[0] = (char)(0xC0 | (u >> 6));
    o[1] = (char)(0x80 | (u & 0x3F));
    return 2;
  }
  if (u < 0x10000) {
    o[0] = (char)(0xE0 | (u >> 12));
    o[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    o[2] = (char)(0x80 | (u & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (u >> 18));
  o[1] = (char)(0x80 | ((u >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((u >> 6) & 0x3F));
  o[3] = (char)(0x80 | (u & 0x3F));
  return 4;
}

/* ps->p at the opening quote. */
static int string(P *ps, const char **out) {
  ps->p++;
  const char *s = ps->p;
  while (ps->p < ps->end && *ps->p != '"') {
    if (*ps->p == '\\') ps->p++;
    ps->p++;
  }
  if (ps->p >= ps->end) return fail(ps, _("unterminated string"));
  /* Escapes never make the text longer. */
  char *o = kk_arena_alloc(ps->arena, (size_t)(ps->p - s) + 1);
  if (!o) return nomem(ps);
  const char *stop = ps->p;
  size_t k = 0;
  ps->p = s;
  while (ps->p < stop) {
    char c = *ps->p++;
    if ((unsigned char)c < 0x20) return ps->p--, fail(ps, _("control character in string"));
    if (c != '\\') {
      o[k++] = c;
      continue;
    }
    c = *ps->p++;
    switch (c) {
    case '"': o[k++] = '"'; break;
    case '\\': o[k++] = '\\'; break;
    case '/': o[k++] = '/'; break;
    case 'b': o[k++] = '\b'; break;
    case 'f': o[k++] = '\f'; break;
    case 'n': o[k++] = '\n'; break;
    case 'r': o[k++] = '\r'; break;
    case 't': o[k++] = '\t'; break;
    case 'u': {
      unsigned u = 0, lo = 0;
      if (!hex4(ps, &u)) return 0;
      if (u >= 0xD800 && u < 0xDC00 && stop - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
        ps->p += 2;
        if (!hex4(ps, &lo)) return 0;
        if (lo >= 0xDC00 && lo < 0xE000) {
          u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        } else {
          u = 0xFFFD; /* a lone high surrogate; the escape after it is */
          ps->p -= 6; /* read again on its own */
        }
      } else if (u >= 0xD800 && u < 0xE000) {
        u = 0xFFFD;
      }
      k += put_utf8(o + k, u);
      break;
    }
    default: ps->p--; return fail(ps, _("bad escape in string"));
    }
  }
  o[k] = '\0';
  ps->p = stop + 1;
  *out = o;
  return 1;
}

static int number(P *ps, kk_Json *out) {
  const char *s = ps->p;
  if (ps->p < ps->end && *ps->p == '-') ps->p++;
  if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') return fail(ps, _("bad number"));
  /* (a NUL byte is not a number character: strchr would find the
  ** terminator) */
  while (ps->p < ps->end && *ps->p && strchr("0123456789+-.eE", *ps->p)) ps->p++;
  char tmp[64];
  size_t len = (size_t)(ps->p - s);
  if (len >= sizeof tmp) return fail(ps, _("number too long"));
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  char *end;
  double d = strtod(tmp, &end);
  if (*end || !isfinite(d)) return ps->p = s, fail(ps, _("bad number"));
  out->type = KK_JSON_NUMBER;
  out->number = d;
  return 1;
}

static int word(P *ps, const char *w) {
  size_t l = strlen(w);
  if ((size_t)(ps->end - ps->p) < l || memcmp(ps->p, w, l) != 0) return 0;
  ps->p += l;
  return 1;
}

/* Arrays and objects: children gathered in a heap vector, then moved. */
static int container(P *ps, kk_Json *out, int object) {
  char close = object ? '}' : ']';
  if (++ps->depth > 64) return fail(ps, _("nested too deeply"));
  ps->p++;
  kk_Json *items = NULL;
  const char **keys = NULL;
  size_t n = 0, cap = 0;
  int ok = 0;
  ws(ps);
  if (ps->p < ps->end && *ps->p == close) {
    ps->p++;
    ok = 1;
    goto done;
  }
  for (;;) {
    if (n == cap) {
      size_t nc = kk_grow_cap(cap, n + 1, sizeof(kk_Json), 8);
      kk_Json *ni = kk_realloc_array(items, nc, sizeof *ni);
      if (!ni) {
        nomem(ps);
        goto done;
      }
      items = ni;
      const char **nk = kk_realloc_array(keys, nc, sizeof *nk);
      if (!nk) {
        nomem(ps);
        goto done;
      }
      keys = nk;
      cap = nc;
    }
    ws(ps);
    if (object) {
      if (ps->p >= ps->end || *ps->p != '"') {
        fail(ps, _("expected a key string"));
        goto done;
      }
      if (!string(ps, &keys[n])) goto done;
      ws(ps);
      if (ps->p >= ps->end || *ps->p != ':') {
        fail(ps, _("expected ':'"));
        goto done;
      }
      ps->p++;
    }
    memset(&items[n], 0, sizeof items[n]);
    if (!value(ps, &items[n])) goto done;
    n++;
    ws(ps);
    if (ps->p < ps->end && *ps->p == ',') {
      ps->p++;
      continue;
    }
    if (ps->p < ps->end && *ps->p == close) {
      ps->p++;
      break;
    }
    fail(ps, object ? _("expected ',' or '}'") : _("expected ',' or ']'"));
    goto done;
  }
  ok = 1;
done:
  if (ok) {
    out->type = object ? KK_JSON_OBJECT : KK_JSON_ARRAY;
    out->n = n;
    if (n) {
      out->items = kk_arena_alloc(ps->arena, n * sizeof *out->items);
      if (object) out->keys = kk_arena_alloc(ps->arena, n * sizeof *out->keys);
      if (!out->items || (object && !out->keys))
        ok = nomem(ps);
      else {
        memcpy(out->items, items, n * sizeof *items);
        if (object) memcpy(out->keys, keys, n * sizeof *keys);
      }
    }
  }
  kk_free(items);
  kk_free(keys);
  ps->depth--;
  return ok;
}

static int value(P *ps, kk_Json *out) {
  ws(ps);
  if (ps->p >= ps->end) return fail(ps, _("unexpected end of input"));
  switch (*ps->p) {
  case '{': return container(ps, out, 1);
  case '[': return container(ps, out, 0);
  case '"': out->type = KK_JSON_STRING; return string(ps, &out->string);
  case 't':
    if (!word(ps, "true")) break;
    out->type = KK_JSON_BOOL;
    out->boolean = 1;
    return 1;
  case 'f':
    if (!word(ps, "false")) break;
    out->type = KK_JSON_BOOL;
    return 1;
  case 'n':
    if (!word(ps, "null")) break;
    out->type = KK_JSON_NULL;
    return 1;
  default: return number(ps, out);
  }
  return fail(ps, _("unexpected word"));
}

kk_Status kk_json_parse(const char *buf, size_t len, const char *path, kk_Arena *arena,
                        kk_Json **out, kk_Err *err) {
  *out = NULL;
  // cppcheck-suppress ctuuninitvar ; err is an output: only its address is kept here
  P ps = {buf, buf + len, buf, path, arena, err, 0, 0};
  kk_Json *root = kk_arena_alloc(arena, sizeof *root);
  if (!root) return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
  memset(root, 0, sizeof *root);
  if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) ps.p += 3;
  if (!value(&ps, root)) return err ? err->code : KK_ERR_PARSE;
  ws(&ps);
  if (ps.p != ps.end) {
    fail(&ps, _("text after the JSON value"));
    return KK_ERR_PARSE;
  }
  *out = root;
  return KK_OK;
}

const kk_Json *kk_json_get(const kk_Json *obj, const char *key) {
  if (!obj || obj->type != KK_JSON_OBJECT) return NULL;
  for (size_t i = obj->n; i-- > 0;)
    if (!strcmp(obj->keys[i], key)) return &obj->items[i];
  return NULL;
}

const char *kk_json_str(const kk_Json *obj, const char *key, const char *dflt) {
  const kk_Json *v = kk_json_get(obj, key);
  return v && v->type == KK_JSON_STRING ? v->string : dflt;
}

double kk_json_num(const kk_Json *obj, const char *key, double dflt) {
  const kk_Json *v = kk_json_get(obj, key);
  return v && v->type == KK_JSON_NUMBER ? v->number : dflt;
}

int kk_json_bool(const kk_Json *obj, const char *key, int dflt) {
  const kk_Json *v = kk_json_get(obj, key);
  return v && v->type == KK_JSON_BOOL ? v->boolean : dflt;
}

void kk_json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\t': fputs("\\t", f); break;
    case '\r': fputs("\\r", f); break;
    default:
      if (*p < 0x20)
        fprintf(f, "\\u%04x", *p);
      else
        fputc(*p, f);
    }
  }
  fputc('"', f);
}
