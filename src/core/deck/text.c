/*
** text.c -- UTF-8 decoding, positions, graphemes, answer folding and diff.
** Divisions: decoding / positions and graphemes / answer folding / diff.
*/
#include "core/deck/text.h"
#include "core/base/hash.h"

#include <assert.h>
#include <string.h>
#include <utf8proc.h>

#include "core/base/alloc.h"
#include "core/deck/ruby.h"

/* ======================================================================
** Graphemes
** ====================================================================== */

/* Walks the grapheme boundaries of s from the start and returns the last
** one before off (want_next == 0) or the first one after off (else len).
** Ill-formed units count as U+FFFD. */
static size_t grapheme_scan(const char *s, size_t len, size_t off, int want_next) {
  size_t p = 0, last = 0;
  int32_t state = 0, prev = -1;
  while (p < len) {
    size_t st = p;
    int32_t cp = kk_utf8_next(s, len, &p);
    if (cp == KK_UTF8_BAD) cp = KK_UTF8_REPLACEMENT;
    int brk = prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state);
    prev = cp;
    if (brk) {
      if (want_next && st > off) return st;
      if (!want_next && st >= off) return last;
      last = st;
    }
  }
  return want_next ? len : last;
}

size_t kk_text_prev_grapheme(const char *s, size_t len, size_t off) {
  if (off > len) off = len;
  if (off == 0) return 0;
  return grapheme_scan(s, len, off, 0);
}

size_t kk_text_next_grapheme(const char *s, size_t len, size_t off) {
  if (off >= len) return len;
  return grapheme_scan(s, len, off, 1);
}

/* ======================================================================
** Answer folding
** ====================================================================== */

static int is_space_cp(int32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r' || cp == 0x85 ||
      cp == 0x2028 || cp == 0x2029)
    return 1;
  return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

#define FOLD_OPTS                                                                                  \
  (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |   \
                      UTF8PROC_IGNORE)

/* Katakana to hiragana, one code point: ァ..ヶ to ぁ..ゖ, the iteration
** marks ヽヾ to ゝゞ.  The prolonged sound mark ー, the middle dot and the
** katakana-only letters ヷ..ヺ have no hiragana and stay.  Precomposed
** letters map to precomposed ones, so the text stays normalised. */
static int32_t kana_fold(int32_t cp) {
  if (cp >= 0x30A1 && cp <= 0x30F6) return cp - 0x60;
  if (cp == 0x30FD || cp == 0x30FE) return cp - 0x60;
  return cp;
}

/* One pass of NFKC + case folding + space and control filtering (and kana
** folding unless flags has KK_TEXT_FOLD_NO_KANA) over text without
** furigana markup.  plain is borrowed; *out is new (kk_free). */
static kk_Status fold_plain(const char *plain, size_t plen, unsigned flags, char **out) {
  char *res = NULL;
  utf8proc_int32_t *cps = NULL;
  kk_Status st;
  *out = NULL;
  /* plain is well-formed, so utf8proc only fails on exhaustion. */
  utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)plain, (utf8proc_ssize_t)plen,
                                          NULL, 0, FOLD_OPTS);
  if (n < 0) {
    st = KK_ERR_PARSE;
    goto fail;
  }
  if ((size_t)n > SIZE_MAX / sizeof *cps - 1) {
    st = KK_ERR_LIMIT;
    goto fail;
  }
  cps = kk_malloc(((size_t)n + 1) * sizeof *cps);
  if (!cps) {
    st = KK_ERR_NOMEM;
    goto fail;
  }
  utf8proc_ssize_t n2 = utf8proc_decompose((const utf8proc_uint8_t *)plain, (utf8proc_ssize_t)plen,
                                           cps, n, FOLD_OPTS);
  if (n2 != n) {
    st = KK_ERR_PARSE;
    goto fail;
  }
  n = utf8proc_normalize_utf32(cps, n, FOLD_OPTS);
  if (n < 0) {
    st = KK_ERR_PARSE;
    goto fail;
  }
  res = kk_malloc((size_t)n * 4 + 1);
  if (!res) {
    st = KK_ERR_NOMEM;
    goto fail;
  }
  size_t o = 0;
  int pending_space = 0;
  for (utf8proc_ssize_t i = 0; i < n; i++) {
    int32_t cp = cps[i];
    if (is_space_cp(cp)) {
      pending_space = o > 0;
      continue;
    }
    if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC) continue;
    if (pending_space) res[o++] = ' ', pending_space = 0;
    if (!(flags & KK_TEXT_FOLD_NO_KANA)) cp = kana_fold(cp);
    o += kk_utf8_encode(cp, res + o);
  }
  res[o] = '\0';
  kk_free(cps);
  *out = res;
  return KK_OK;
fail:
  kk_free(cps);
  kk_free(res);
  return st;
}

kk_Status kk_text_fold_answer(const char *in, size_t len, char **out) {
  return kk_text_fold_answer_flags(in, len, 0, out);
}

kk_Status kk_text_fold_answer_flags(const char *in, size_t len, unsigned flags, char **out) {
  char *plain = NULL, *cur = NULL;
  size_t plen = 0;
  *out = NULL;
  kk_Status st = kk_ruby_plain(in, len, &plain, &plen);
  if (st != KK_OK) return st;
  st = fold_plain(plain, plen, flags, &cur);
  kk_free(plain);
  /* Controls and spaces are dropped after normalisation, which can bring
  ** combining marks together that normalise differently; passes repeat
  ** (markup is not read again) until the text is stable, so folding a
  ** folded answer changes nothing.  Real text is stable after one pass. */
  for (int pass = 0; st == KK_OK && pass < 4; pass++) {
    char *next = NULL;
    st = fold_plain(cur, strlen(cur), flags, &next);
    if (st != KK_OK) break;
    int same = strcmp(next, cur) == 0;
    kk_free(cur);
    cur = next;
    if (same) break;
  }
  if (st != KK_OK) {
    kk_free(cur);
    return st;
  }
  *out = cur;
  return KK_OK;
}

/* 1 + the index of the first accepted answer equal to typed folded with
** flags, 0 if none, -1 if out of memory. */
static int match_folded(const char *typed, const char *const *accepted, size_t n, unsigned flags) {
  char *ft = NULL;
  int found = 0;
  if (kk_text_fold_answer_flags(typed, strlen(typed), flags, &ft) != KK_OK) return -1;
  for (size_t i = 0; i < n && !found; i++) {
    char *fa = NULL;
    if (!accepted[i]) continue;
    if (kk_text_fold_answer_flags(accepted[i], strlen(accepted[i]), flags, &fa) != KK_OK) {
      found = -1;
      break;
    }
    if (strcmp(ft, fa) == 0) found = (int)i + 1;
    kk_free(fa);
  }
  kk_free(ft);
  return found;
}

int kk_text_answer_match(const char *typed, const char *const *accepted, size_t n, unsigned flags,
                         int *script_differed) {
  if (script_differed) *script_differed = 0;
  if (!typed) return 0;
  int m = match_folded(typed, accepted, n, flags | KK_TEXT_FOLD_NO_KANA);
  if (m != 0 || (flags & KK_TEXT_FOLD_NO_KANA)) return m > 0 ? m : 0;
  m = match_folded(typed, accepted, n, flags);
  if (m <= 0) return 0;
  /* equal once kana are folded, not before: hiragana for katakana or the
  ** other way round */
  if (script_differed) *script_differed = 1;
  return m;
}

int kk_text_answer_matches(const char *typed, const char *const *accepted, size_t n) {
  return kk_text_answer_match(typed, accepted, n, 0, NULL);
}

/* ======================================================================
** Diff
** ====================================================================== */

typedef struct Unit {
  size_t off, len; /* bytes */
  uint64_t key;    /* folded identity */
} Unit;

/* Identity of one code point after NFKC + case folding on its own (FNV-1a
** over the folded sequence); ill-formed units compare by their bytes. */
static uint64_t unit_key(const char *s, size_t off, size_t len, int32_t cp) {
  uint64_t h = KK_HASH_INIT;
  if (cp == KK_UTF8_BAD) {
    h = kk_hash_bytes(s + off, len, h ^ 0x5A5A5A5Au);
    return h | ((uint64_t)1 << 63);
  }
  if (is_space_cp(cp)) return 0x20;
  utf8proc_int32_t buf[32];
  int bc = 0;
  utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 32, FOLD_OPTS, &bc);
  if (n < 0 || n > 32) n = 1, buf[0] = cp;
  if (n == 1) return (uint64_t)(uint32_t)buf[0];
  for (utf8proc_ssize_t i = 0; i < n; i++) h = kk_hash_mix(h, (uint32_t)buf[i]);
  return h | ((uint64_t)1 << 63);
}

static Unit *split_units(const char *s, size_t len, size_t *n) {
  Unit *u = kk_malloc((len ? len : 1) * sizeof *u);
  if (!u) return NULL;
  size_t p = 0, k = 0;
  while (p < len) {
    size_t st = p;
    int32_t cp = kk_utf8_next(s, len, &p);
    u[k].off = st;
    u[k].len = p - st;
    u[k].key = unit_key(s, st, p - st, cp);
    k++;
  }
  *n = k;
  return u;
}

/* Appends one code point's worth of op, merging with the previous run. */
static void diff_push(kk_TextDiff *d, kk_DiffOp op, const Unit *a, const Unit *b) {
  /* the caller sized runs for one run per unit of a and b */
  assert(d->runs);
  if (!d->n || d->runs[d->n - 1].op != op) {
    kk_DiffRun *nr = &d->runs[d->n++];
    memset(nr, 0, sizeof *nr);
    nr->op = op;
    nr->a_off = a ? a->off : 0;
    nr->b_off = b ? b->off : 0;
  }
  kk_DiffRun *r = &d->runs[d->n - 1];
  if (a) {
    if (!r->a_len) r->a_off = a->off;
    r->a_len = a->off + a->len - r->a_off;
  }
  if (b) {
    if (!r->b_len) r->b_off = b->off;
    r->b_len = b->off + b->len - r->b_off;
  }
  r->ncp++;
}

kk_Status kk_text_diff(const char *a, size_t alen, const char *b, size_t blen, kk_TextDiff *out) {
  Unit *ua = NULL, *ub = NULL;
  uint16_t *tab = NULL;
  size_t na = 0, nb = 0;
  kk_Status st = KK_ERR_NOMEM;
  memset(out, 0, sizeof *out);
  if (alen > KK_TEXT_DIFF_MAX_BYTES || blen > KK_TEXT_DIFF_MAX_BYTES) return KK_ERR_LIMIT;
  if (!(ua = split_units(a, alen, &na)) || !(ub = split_units(b, blen, &nb))) goto fail;
  /* At most one run per code point of either side. */
  out->runs = kk_malloc((na + nb + 1) * sizeof *out->runs);
  if (!out->runs) goto fail;

  size_t pre = 0, suf = 0;
  while (pre < na && pre < nb && ua[pre].key == ub[pre].key) pre++;
  // cppcheck-suppress knownConditionTrueFalse ; pre stops at min(na, nb), so na - pre can be > 0
  while (suf < na - pre && suf < nb - pre && ua[na - 1 - suf].key == ub[nb - 1 - suf].key) suf++;
  for (size_t i = 0; i < pre; i++) diff_push(out, KK_DIFF_EQUAL, &ua[i], &ub[i]);

  size_t n = na - pre - suf, m = nb - pre - suf;
  const Unit *xa = ua + pre, *xb = ub + pre;
  if (n && m && (n + 1) <= KK_TEXT_DIFF_MAX_CELLS / (m + 1)) {
    /* tab[i][j] = LCS length of xa[i..n) and xb[j..m); fits in 16 bits
    ** because min(n, m) <= 1024 under the cell cap. */
    size_t w = m + 1;
    tab = kk_calloc((n + 1) * w, sizeof *tab);
    if (!tab) goto fail;
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;) {
        uint16_t v;
        if (xa[i].key == xb[j].key)
          v = (uint16_t)(tab[(i + 1) * w + j + 1] + 1);
        else {
          uint16_t d = tab[(i + 1) * w + j], r = tab[i * w + j + 1];
          v = d > r ? d : r;
        }
        tab[i * w + j] = v;
      }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && xa[i].key == xb[j].key &&
          tab[i * w + j] == tab[(i + 1) * w + j + 1] + 1) {
        diff_push(out, KK_DIFF_EQUAL, &xa[i], &xb[j]);
        i++, j++;
      } else if (i < n && (j == m || tab[(i + 1) * w + j] >= tab[i * w + j + 1])) {
        diff_push(out, KK_DIFF_DELETE, &xa[i], NULL);
        i++;
      } else {
        diff_push(out, KK_DIFF_INSERT, NULL, &xb[j]);
        j++;
      }
    }
  } else {
    for (size_t i = 0; i < n; i++) diff_push(out, KK_DIFF_DELETE, &xa[i], NULL);
    for (size_t j = 0; j < m; j++) diff_push(out, KK_DIFF_INSERT, NULL, &xb[j]);
  }
  for (size_t k = 0; k < suf; k++)
    diff_push(out, KK_DIFF_EQUAL, &ua[na - suf + k], &ub[nb - suf + k]);
  kk_free(tab);
  kk_free(ua);
  kk_free(ub);
  return KK_OK;
fail:
  kk_free(tab);
  kk_free(ua);
  kk_free(ub);
  kk_text_diff_free(out);
  return st;
}

void kk_text_diff_free(kk_TextDiff *d) {
  if (!d) return;
  kk_free(d->runs);
  d->runs = NULL;
  d->n = 0;
}
