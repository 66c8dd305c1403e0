/*
** cmd_fsrs.c -- `kioku fsrs replay`: replays review histories through the
** FSRS-6 model (core/fsrs.h) and prints the memory state after each review.
**
** Input (stdin): CSV with the header card,elapsed_days,rating.  elapsed_days
** is the real number of days since that card's previous review, used as
** given (0 = same day: the short-term formula); it is ignored on a card's
** first review.  Rows of different cards may interleave.
** Output (stdout): card,rating,stability,difficulty,retrievability,interval
** with 9 decimals; retrievability is R just before the review (0 on a
** first review); interval the whole days for the desired retention without
** fuzz.  Bad input: "stdin:LINE: error: message", exit 1, nothing on
** stdout.  Usage errors exit 2.
**
** Divisions: options; the card table; number formatting; the replay loop.
*/
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/fsrs.h"

#define MAX_INTERVAL_DAYS 36500L
#define MAX_INPUT_BYTES ((size_t)1 << 34) /* 16 GiB: refuse beyond */

static const char usage[] =
  "usage: kioku fsrs replay [--retention R] [--params w0,...,w20] [--no-short-term]\n"
  "  Reads CSV card,elapsed_days,rating on stdin; writes\n"
  "  card,rating,stability,difficulty,retrievability,interval.\n"
  "  --params takes 21 (FSRS-6), 19 (FSRS-5) or 17 (FSRS-4.5) values.\n";

/* ---- options ----------------------------------------------------------- */

typedef struct {
  kk_FsrsParams params;
  double retention;
  int short_term;
} Options;

/* Parses a whole string as a finite double; 0 on success. */
static int parse_double(const char *s, double *out) {
  char *end;
  if (!*s || strchr(" \t\n", *s)) return -1;
  errno = 0;
  double v = strtod(s, &end);
  if (*end || errno == ERANGE || !isfinite(v)) return -1;
  *out = v;
  return 0;
}

static int parse_params(const char *s, kk_FsrsParams *p) {
  double w[22];
  int n = 0;
  char buf[64];
  while (1) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    if (n == 22 || len == 0 || len >= sizeof buf) return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (parse_double(buf, &w[n++]) != 0) return -1;
    if (!comma) break;
    s = comma + 1;
  }
  return kk_fsrs_params_from(p, w, n);
}

static int parse_options(int argc, char **argv, Options *o) {
  kk_fsrs_default_params(&o->params);
  o->retention = 0.9;
  o->short_term = 1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i], *val = NULL;
    size_t nlen = strcspn(a, "=");
    if (a[nlen] == '=') val = a + nlen + 1;
    if (strcmp(a, "--no-short-term") == 0) {
      o->short_term = 0;
      continue;
    }
    int is_ret = strncmp(a, "--retention", nlen) == 0 && nlen == 11;
    int is_par = strncmp(a, "--params", nlen) == 0 && nlen == 8;
    if (!is_ret && !is_par) {
      fprintf(stderr, "kioku fsrs replay: unknown option '%s'\n%s", a, usage);
      return -1;
    }
    if (!val) {
      if (i + 1 >= argc) {
        fprintf(stderr, "kioku fsrs replay: %s needs a value\n%s", a, usage);
        return -1;
      }
      val = argv[++i];
    }
    if (is_ret) {
      if (parse_double(val, &o->retention) != 0 || !(o->retention > 0) ||
          o->retention > 1) {
        fprintf(stderr, "kioku fsrs replay: --retention must be a number in (0, 1], "
                        "not '%s'\n", val);
        return -1;
      }
    } else if (parse_params(val, &o->params) != 0) {
      fprintf(stderr, "kioku fsrs replay: --params takes 17, 19 or 21 comma-separated "
                      "finite numbers\n");
      return -1;
    }
  }
  return 0;
}

/* ---- the card table: open addressing, keyed by the card's text --------- */

typedef struct {
  const char *key; /* borrows the input buffer or the arena */
  size_t len;
  uint64_t hash;
  kk_MemoryState m;
} Slot;

typedef struct {
  Slot *slots; /* cap entries; key == NULL when empty */
  size_t cap, n;
} CardMap;

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h ^ (h >> 29);
}

static int map_grow(CardMap *m) {
  size_t ncap = m->cap ? m->cap * 2 : 1024;
  Slot *ns = kk_calloc(ncap, sizeof *ns);
  if (!ns) return -1;
  for (size_t i = 0; i < m->cap; i++) {
    Slot *s = &m->slots[i];
    if (!s->key) continue;
    size_t j = s->hash & (ncap - 1);
    while (ns[j].key) j = (j + 1) & (ncap - 1);
    ns[j] = *s;
  }
  kk_free(m->slots);
  m->slots = ns;
  m->cap = ncap;
  return 0;
}

/* Returns the slot of key (new slots have stability 0), or NULL if out of
** memory. */
static Slot *map_get(CardMap *m, const char *key, size_t len) {
  if ((m->n + 1) * 2 > m->cap && map_grow(m) != 0) return NULL;
  uint64_t h = hash_bytes(key, len);
  size_t j = h & (m->cap - 1);
  while (m->slots[j].key) {
    Slot *s = &m->slots[j];
    if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) return s;
    j = (j + 1) & (m->cap - 1);
  }
  Slot *s = &m->slots[j];
  s->key = key, s->len = len, s->hash = h;
  s->m.stability = 0, s->m.difficulty = 0;
  m->n++;
  return s;
}

/* ---- output ------------------------------------------------------------ */

typedef struct {
  char *buf;
  size_t len, cap;
} Out;

static int out_reserve(Out *o, size_t n) {
  if (o->cap - o->len >= n) return 0;
  size_t ncap = o->cap ? o->cap : 1 << 16;
  while (ncap - o->len < n) {
    if (ncap > SIZE_MAX / 2) return -1;
    ncap *= 2;
  }
  char *nb = kk_realloc(o->buf, ncap);
  if (!nb) return -1;
  o->buf = nb, o->cap = ncap;
  return 0;
}

/* Appends v (0 <= v < 1e9) with exactly 9 decimals; no locale, no printf:
** this runs three times per row. */
static char *put_fixed9(char *p, double v) {
  uint64_t u = (uint64_t)llround(v * 1e9);
  uint64_t ip = u / 1000000000u, fp = u % 1000000000u;
  char tmp[24];
  int n = 0;
  do tmp[n++] = (char)('0' + ip % 10), ip /= 10;
  while (ip);
  while (n) *p++ = tmp[--n];
  *p++ = '.';
  for (int i = 8; i >= 0; i--) p[i] = (char)('0' + fp % 10), fp /= 10;
  return p + 9;
}

static char *put_long(char *p, long v) {
  char tmp[24];
  int n = 0;
  do tmp[n++] = (char)('0' + v % 10), v /= 10;
  while (v);
  while (n) *p++ = tmp[--n];
  return p;
}

/* ---- the replay loop ------------------------------------------------- */

static char *read_all(FILE *f, size_t *len) {
  size_t cap = 1 << 20, n = 0;
  char *buf = kk_malloc(cap + 1);
  if (!buf) return NULL;
  size_t r;
  while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      if (cap >= MAX_INPUT_BYTES) break;
      char *nb = kk_realloc(buf, cap * 2 + 1);
      if (!nb) {
        kk_free(buf);
        return NULL;
      }
      buf = nb, cap *= 2;
    }
  }
  if (ferror(f) || n >= MAX_INPUT_BYTES) {
    kk_free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Validates an elapsed_days field: a plain non-negative decimal number
** (digits, one point, optional exponent), nothing else. */
static const char *parse_elapsed(const char *s, const char *end, double *out) {
  const char *p = s;
  int digits = 0;
  if (p == end) return "elapsed_days is empty";
  if (*p == '-') return "elapsed_days must not be negative";
  if (*p == '+') p++;
  while (p < end && *p >= '0' && *p <= '9') p++, digits++;
  if (p < end && *p == '.') {
    p++;
    while (p < end && *p >= '0' && *p <= '9') p++, digits++;
  }
  if (!digits) return "elapsed_days is not a number";
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    const char *q = p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    if (p == q) return "elapsed_days is not a number";
  }
  if (p != end) return "elapsed_days is not a number";
  char tmp[64];
  const char *num = s;
  char *stop;
  if ((size_t)(end - s) < sizeof tmp) { /* the field is followed by ',': copy */
    memcpy(tmp, s, (size_t)(end - s));
    tmp[end - s] = '\0';
    num = tmp;
  } else {
    return "elapsed_days is too long";
  }
  double v = strtod(num, &stop);
  if (!isfinite(v)) return "elapsed_days is out of range";
  *out = v;
  return NULL;
}

static void report(long line, const char *msg) {
  fprintf(stderr, "stdin:%ld: error: %s\n", line, msg);
}

static int replay(const Options *o, const char *in, size_t len, Out *out) {
  static const char header[] = "card,elapsed_days,rating";
  static const char out_header[] =
    "card,rating,stability,difficulty,retrievability,interval\n";
  CardMap map = {0};
  kk_Arena arena = {0};
  int rc = 1;
  const char *p = in, *end = in + len;
  long line = 1;
  char msg[160];

  if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  const char *eol = memchr(p, '\n', (size_t)(end - p));
  const char *hend = eol ? eol : end;
  if (hend > p && hend[-1] == '\r') hend--;
  if (p == end) {
    report(1, "empty input: expected the header 'card,elapsed_days,rating'");
    goto fail;
  }
  if ((size_t)(hend - p) != sizeof header - 1 || memcmp(p, header, sizeof header - 1)) {
    report(1, "expected the header 'card,elapsed_days,rating'");
    goto fail;
  }
  if (out_reserve(out, sizeof out_header) != 0) goto nomem;
  memcpy(out->buf + out->len, out_header, sizeof out_header - 1);
  out->len += sizeof out_header - 1;
  p = eol ? eol + 1 : end;

  Slot *last = NULL;
  while (p < end) {
    line++;
    eol = memchr(p, '\n', (size_t)(end - p));
    const char *lend = eol ? eol : end;
    const char *next = eol ? eol + 1 : end;
    if (lend > p && lend[-1] == '\r') lend--;
    if (lend == p) {
      report(line, "empty line");
      goto fail;
    }
    /* card: plain, or quoted with "" for a quote */
    const char *key, *c = p, *raw = p;
    size_t klen;
    if (*c == '"') {
      size_t n = 0, esc = 0;
      c++;
      while (c < lend && !(*c == '"' && (c + 1 >= lend || c[1] != '"'))) {
        if (*c == '"') c++, esc++;
        c++, n++;
      }
      if (c >= lend) {
        report(line, "unterminated quoted card id");
        goto fail;
      }
      c++; /* closing quote */
      if (c < lend && *c != ',') {
        report(line, "text after the closing quote of the card id");
        goto fail;
      }
      if (esc) {
        char *k = kk_arena_alloc(&arena, n ? n : 1);
        if (!k) goto nomem;
        for (const char *q = raw + 1, *qe = c - 1; q < qe; q++) {
          *k++ = *q;
          if (*q == '"') q++;
        }
        key = k - n;
      } else {
        key = raw + 1;
      }
      klen = n;
    } else {
      while (c < lend && *c != ',') {
        if (*c == '"') {
          report(line, "a quote inside an unquoted card id");
          goto fail;
        }
        c++;
      }
      key = raw, klen = (size_t)(c - raw);
    }
    const char *raw_end = c;
    if (klen == 0) {
      report(line, "empty card id");
      goto fail;
    }
    int fields = 1;
    for (const char *q = c; q < lend; q++) fields += *q == ',';
    if (fields != 3) {
      snprintf(msg, sizeof msg, "expected 3 fields (card,elapsed_days,rating), found %d",
               fields);
      report(line, msg);
      goto fail;
    }
    const char *e0 = c + 1, *e1 = memchr(e0, ',', (size_t)(lend - e0));
    double t = 0;
    const char *why = parse_elapsed(e0, e1, &t);
    if (why) {
      report(line, why);
      goto fail;
    }
    const char *r0 = e1 + 1;
    if (lend - r0 != 1 || *r0 < '1' || *r0 > '4') {
      report(line, "rating must be 1, 2, 3 or 4");
      goto fail;
    }
    int rating = *r0 - '0';

    Slot *s = (last && last->len == klen && memcmp(last->key, key, klen) == 0)
                  ? last : map_get(&map, key, klen);
    if (!s) goto nomem;
    last = s;
    double r = 0;
    if (s->m.stability > 0) {
      r = kk_fsrs_retrievability(&o->params, t, s->m.stability);
      s->m = kk_fsrs_next(&o->params, &s->m, t, rating, o->short_term);
    } else {
      s->m = kk_fsrs_next(&o->params, NULL, 0, rating, o->short_term);
    }
    long ivl = kk_fsrs_interval_days(&o->params, s->m.stability, o->retention,
                                     MAX_INTERVAL_DAYS);
    size_t rawlen = (size_t)(raw_end - raw);
    if (out_reserve(out, rawlen + 96) != 0) goto nomem;
    char *w = out->buf + out->len;
    memcpy(w, raw, rawlen);
    w += rawlen;
    *w++ = ',';
    *w++ = (char)('0' + rating);
    *w++ = ',';
    w = put_fixed9(w, s->m.stability);
    *w++ = ',';
    w = put_fixed9(w, s->m.difficulty);
    *w++ = ',';
    w = put_fixed9(w, r);
    *w++ = ',';
    w = put_long(w, ivl);
    *w++ = '\n';
    out->len = (size_t)(w - out->buf);
    p = next;
  }
  rc = 0;
  goto fail;
nomem:
  report(line, "out of memory");
fail:
  kk_free(map.slots);
  kk_arena_free(&arena);
  return rc;
}

int kk_cmd_fsrs(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "replay") != 0) {
    fprintf(stderr, "%s", usage);
    return 2;
  }
  Options o;
  if (parse_options(argc, argv, &o) != 0) return 2;
  size_t len = 0;
  char *in = read_all(stdin, &len);
  if (!in) {
    fprintf(stderr, "stdin: error: cannot read the input (%s)\n",
            ferror(stdin) ? "read error" : "out of memory or too large");
    return 1;
  }
  Out out = {0};
  int rc = replay(&o, in, len, &out);
  if (rc == 0 && out.len && fwrite(out.buf, 1, out.len, stdout) != out.len) rc = 1;
  if (rc == 0 && fflush(stdout) != 0) rc = 1;
  kk_free(out.buf);
  kk_free(in);
  return rc;
}
