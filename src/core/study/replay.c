/*
** replay.c -- replaying review histories through FSRS-6 (the engine of
** `kioku fsrs replay`): CSV in, CSV out, errors with their line.
**
** Divisions: the card table; number formatting; the replay loop.
*/
#include "core/study/replay.h"
#include "core/base/i18n.h"
#include "core/base/hash.h"
#include "core/deck/deck.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"

#define MAX_INTERVAL_DAYS ((long)KK_DECK_MAX_INTERVAL_DAYS)

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
  uint64_t h = kk_hash_bytes(s, n, KK_HASH_INIT);
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
  if (n > SIZE_MAX - o->len) return -1;
  char *nb = kk_grow(o->buf, &o->cap, o->len + n, 1, 1 << 16);
  if (!nb) return -1;
  o->buf = nb;
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

static const char *parse_elapsed(const char *s, const char *end, double *out) {
  const char *p = s;
  int digits = 0;
  if (p == end) return _("elapsed_days is empty");
  if (*p == '-') return _("elapsed_days must not be negative");
  if (*p == '+') p++;
  while (p < end && *p >= '0' && *p <= '9') p++, digits++;
  if (p < end && *p == '.') {
    p++;
    while (p < end && *p >= '0' && *p <= '9') p++, digits++;
  }
  if (!digits) return _("elapsed_days is not a number");
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    const char *q = p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    if (p == q) return _("elapsed_days is not a number");
  }
  if (p != end) return _("elapsed_days is not a number");
  char tmp[64];
  const char *num = s;
  char *stop;
  if ((size_t)(end - s) < sizeof tmp) { /* the field is followed by ',': copy */
    memcpy(tmp, s, (size_t)(end - s));
    tmp[end - s] = '\0';
    num = tmp;
  } else {
    return _("elapsed_days is too long");
  }
  double v = strtod(num, &stop);
  if (!isfinite(v)) return _("elapsed_days is out of range");
  *out = v;
  return NULL;
}

/* The error every bad row gets: stdin:LINE: message. */
static void report(kk_Err *e, long line, const char *msg) {
  kk_err_set(e, KK_ERR_PARSE, "stdin", (int)(line > 2147483647L ? 2147483647L : line), 0, "%s",
             msg);
}

static int replay(const kk_ReplayOptions *o, const char *in, size_t len, Out *out, kk_Err *e) {
  static const char header[] = "card,elapsed_days,rating";
  static const char out_header[] = "card,rating,stability,difficulty,retrievability,interval\n";
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
    report(e, 1, _("empty input: expected the header 'card,elapsed_days,rating'"));
    goto fail;
  }
  if ((size_t)(hend - p) != sizeof header - 1 || memcmp(p, header, sizeof header - 1) != 0) {
    report(e, 1, _("expected the header 'card,elapsed_days,rating'"));
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
      report(e, line, _("empty line"));
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
        report(e, line, _("unterminated quoted card id"));
        goto fail;
      }
      c++; /* closing quote */
      if (c < lend && *c != ',') {
        report(e, line, _("text after the closing quote of the card id"));
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
          report(e, line, _("a quote inside an unquoted card id"));
          goto fail;
        }
        c++;
      }
      key = raw, klen = (size_t)(c - raw);
    }
    const char *raw_end = c;
    if (klen == 0) {
      report(e, line, _("empty card id"));
      goto fail;
    }
    int fields = 1;
    for (const char *q = c; q < lend; q++) fields += *q == ',';
    if (fields != 3) {
      snprintf(msg, sizeof msg, _("expected 3 fields (card,elapsed_days,rating), found %d"),
               fields);
      report(e, line, msg);
      goto fail;
    }
    const char *e0 = c + 1, *e1 = memchr(e0, ',', (size_t)(lend - e0));
    double t = 0;
    const char *why = parse_elapsed(e0, e1, &t);
    if (why) {
      report(e, line, why);
      goto fail;
    }
    const char *r0 = e1 + 1;
    if (lend - r0 != 1 || *r0 < '1' || *r0 > '4') {
      report(e, line, _("rating must be 1, 2, 3 or 4"));
      goto fail;
    }
    int rating = *r0 - '0';

    Slot *s = (last && last->len == klen && memcmp(last->key, key, klen) == 0)
                  ? last
                  : map_get(&map, key, klen);
    if (!s) goto nomem;
    last = s;
    double r = 0;
    if (s->m.stability > 0) {
      r = kk_fsrs_retrievability(&o->params, t, s->m.stability);
      s->m = kk_fsrs_next(&o->params, &s->m, t, rating, o->short_term);
    } else {
      s->m = kk_fsrs_next(&o->params, NULL, 0, rating, o->short_term);
    }
    long ivl = kk_fsrs_interval_days(&o->params, s->m.stability, o->retention, MAX_INTERVAL_DAYS);
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
  report(e, line, _("out of memory"));
fail:
  kk_free(map.slots);
  kk_arena_free(&arena);
  return rc;
}

kk_Status kk_fsrs_replay(const kk_ReplayOptions *o, const char *in, size_t len, char **out,
                         size_t *out_len, kk_Err *e) {
  Out buf = {0};
  kk_Err local;
  if (!e) e = &local;
  kk_err_clear(e);
  int rc = replay(o, in, len, &buf, e);
  kk_Status st = rc == 0 ? KK_OK : (e->code ? e->code : KK_ERR_PARSE);
  if (st != KK_OK && strcmp(e->msg, _("out of memory")) == 0) st = e->code = KK_ERR_NOMEM;
  if (st != KK_OK) {
    kk_free(buf.buf);
    *out = NULL;
    *out_len = 0;
    return st;
  }
  *out = buf.buf;
  *out_len = buf.len;
  return KK_OK;
}
