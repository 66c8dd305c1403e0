/*
** gen_text.c -- text helpers of the deck generator.
**
** Divisions: UTF-8 -- sentence boundaries -- figures -- hashing and
** similarity.
*/
#include "core/gen/gen_text.h"
#include "core/base/hash.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/utf8.h"
#include "core/gen/gen.h"

static int is_space(unsigned cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000;
}

static int is_lower(unsigned cp) { return cp >= 'a' && cp <= 'z'; }
static int is_upper(unsigned cp) { return cp >= 'A' && cp <= 'Z'; }
static int is_alpha(unsigned cp) { return is_lower(cp) || is_upper(cp); }

/* ---- sentence boundaries --------------------------------------------------- */

static int opener(unsigned cp) {
  return cp == 0x300C /* 「 */ || cp == 0x300E /* 『 */ || cp == 0xFF08 /* （ */ || cp == '(' ||
         cp == 0x201C /* “ */ || cp == 0x3010 /* 【 */;
}
static int closer(unsigned cp) {
  return cp == 0x300D || cp == 0x300F || cp == 0xFF09 || cp == ')' || cp == 0x201D || cp == 0x3011;
}

static const char *const abbrevs[] = {
    "mr",  "mrs", "ms",   "dr",   "prof", "st",   "jr",  "sr",     "vs",  "inc",
    "ltd", "co",  "corp", "art",  "fig",  "jan",  "feb", "mar",    "apr", "jun",
    "jul", "aug", "sep",  "sept", "oct",  "nov",  "dec", "approx", "cf",  "al",
    "gen", "gov", "sen",  "rep",  "pres", "dept", "est", "vol",    "pp",  NULL,
};

/* 1 if the word ending just before s[dot] (a '.') is an abbreviation. */
static int abbreviation(const char *s, size_t len, size_t dot) {
  size_t b = dot;
  while (b > 0 && !is_space((unsigned char)s[b - 1]) && (unsigned char)s[b - 1] < 0x80 &&
         s[b - 1] != '(' && s[b - 1] != '"')
    b--;
  size_t n = dot - b;
  if (n == 0) return 0;
  if (memchr(s + b, '.', n)) return 1;                   /* U.S., e.g., i.e. */
  if (n == 1 && is_upper((unsigned char)s[b])) return 1; /* an initial */
  if (n > 6) return 0;
  char w[8];
  for (size_t i = 0; i < n; i++) {
    char c = s[b + i];
    w[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  w[n] = '\0';
  /* "No. 5" abbreviates "number"; "No." before anything else is the word */
  if (strcmp(w, "no") == 0)
    return dot + 2 < len && s[dot + 1] == ' ' && s[dot + 2] >= '0' && s[dot + 2] <= '9';
  for (size_t i = 0; abbrevs[i]; i++)
    if (strcmp(w, abbrevs[i]) == 0) return 1;
  return 0;
}

size_t kk_gen_sentence_end(const char *s, size_t len, size_t start) {
  int depth = 0;
  size_t i = start, n;
  while (i < len) {
    unsigned cp = kk_utf8_at(s, len, i, &n);
    if (opener(cp))
      depth++;
    else if (closer(cp)) {
      if (depth > 0) depth--;
    } else if (depth == 0) {
      if (cp == 0x3002 /* 。 */ || cp == 0xFF01 /* ！ */ || cp == 0xFF1F /* ？ */) {
        size_t j = i + n, m;
        while (j < len) { /* "？！", "。。" stay with the sentence */
          unsigned c2 = kk_utf8_at(s, len, j, &m);
          if (c2 != 0x3002 && c2 != 0xFF01 && c2 != 0xFF1F && c2 != '!' && c2 != '?') break;
          j += m;
        }
        return j;
      }
      if (cp == '.' || cp == '!' || cp == '?') {
        size_t j = i + 1, m;
        while (j < len && (s[j] == '.' || s[j] == '!' || s[j] == '?')) j++;
        /* closing quotes and brackets right after the stop belong to it */
        while (j < len) {
          unsigned c2 = kk_utf8_at(s, len, j, &m);
          if (c2 != '"' && c2 != '\'' && c2 != ')' && c2 != 0x201D && c2 != 0x2019) break;
          j += m;
        }
        if (j >= len) return len;
        unsigned next = kk_utf8_at(s, len, j, &m);
        if (!is_space(next)) {
          /* "U.S.の" or "!」": a CJK letter after ! or ? still ends it */
          if (cp != '.' && kk_utf8_is_cjk(next)) return j;
          i += n;
          continue;
        }
        if (cp == '.' && abbreviation(s, len, i)) {
          i += n;
          continue;
        }
        size_t k = j;
        while (k < len) {
          unsigned c3 = kk_utf8_at(s, len, k, &m);
          if (!is_space(c3)) break;
          k += m;
        }
        if (k < len && is_lower(kk_utf8_at(s, len, k, &m))) {
          i += n;
          continue;
        }
        return j;
      }
    }
    i += n;
  }
  return len;
}

/* ---- figures --------------------------------------------------------------- */

static int digit_at(const char *s, size_t len, size_t i, size_t *n, int *val) {
  if (i >= len) return 0;
  unsigned cp = kk_utf8_at(s, len, i, n);
  if (cp >= '0' && cp <= '9') {
    *val = (int)(cp - '0');
    return 1;
  }
  if (cp >= 0xFF10 && cp <= 0xFF19) {
    *val = (int)(cp - 0xFF10);
    return 1;
  }
  return 0;
}

/* Parses a number at s[i] (digits, "," thousands groups, "." decimals);
** returns the end offset, its integer part (capped) and digit count. */
static size_t number_end(const char *s, size_t len, size_t i, long *value, int *ndigits) {
  size_t n;
  int v;
  long val = 0;
  int nd = 0;
  while (digit_at(s, len, i, &n, &v)) {
    if (val < 100000000) val = val * 10 + v;
    nd++;
    i += n;
    /* "1,750": a comma followed by exactly three digits */
    if (i < len && s[i] == ',') {
      size_t q = i + 1, m, c = 0;
      while (c < 4 && digit_at(s, len, q, &m, &v)) q += m, c++;
      if (c == 3) i++;
    }
  }
  if (i + 1 < len && s[i] == '.' && digit_at(s, len, i + 1, &n, &v)) {
    i++;
    while (digit_at(s, len, i, &n, &v)) i += n;
  }
  *value = val;
  *ndigits = nd;
  return i;
}

/* If s[i..] starts with one of the words (UTF-8), returns its byte length. */
static size_t match_any(const char *s, size_t len, size_t i, const char *const *words) {
  for (size_t k = 0; words[k]; k++) {
    size_t wl = strlen(words[k]);
    if (i + wl <= len && memcmp(s + i, words[k], wl) == 0) return wl;
  }
  return 0;
}

static size_t match_word_ci(const char *s, size_t len, size_t i, const char *w) {
  size_t wl = strlen(w);
  if (i + wl > len) return 0;
  for (size_t k = 0; k < wl; k++) {
    char c = s[i + k];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != w[k]) return 0;
  }
  if (i + wl < len && is_alpha((unsigned char)s[i + wl])) return 0;
  return wl;
}

static const char *const big_units[] = {"兆", "億", "万", NULL};
static const char *const currencies[] = {"ドル", "円", "ユーロ", "元", "ポンド", "人", NULL};
static const char *const percents[] = {"%", "％", "パーセント", NULL};
static const char *const counters[] = {
    "か国", "カ国", "ヶ国", "カ月", "か月", "ヶ月", "日間", "週間", "年間", "項目", "つ",
    "国",   "人",   "基",   "隻",   "機",   "発",   "件",   "回",   "点",   "倍",   "名",
    "歳",   "社",   "位",   "層",   "段階", "本",   "種類", "%",    NULL,
};
static const char *const months[] = {
    "january", "february",  "march",   "april",    "may",      "june", "july",
    "august",  "september", "october", "november", "december", NULL,
};
/* 一 to 十: compared as decoded code points, which the caller has in hand
** (a byte comparison against each at every character was a fifth of the
** generator's time) */
static int is_kanji_digit(unsigned cp) {
  static const unsigned digits[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,  /* 一二三四五 */
                                    0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341}; /* 六七八九十 */
  for (size_t k = 0; k < sizeof digits / sizeof digits[0]; k++)
    if (cp == digits[k]) return 1;
  return 0;
}

static size_t month_at(const char *s, size_t len, size_t i) {
  for (size_t k = 0; months[k]; k++) {
    size_t l = match_word_ci(s, len, i, months[k]);
    if (l && is_upper((unsigned char)s[i])) return l;
  }
  return 0;
}

/* Skips one ASCII space. */
static size_t sp(const char *s, size_t len, size_t i) { return i < len && s[i] == ' ' ? i + 1 : i; }

static int is_digit_cp(unsigned cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* Tries a figure starting with the number at s[i]; fills *sp_out. */
static int figure_at(const char *s, size_t len, size_t i, unsigned prev, size_t prev_at,
                     kk_GenSpan *out) {
  long val;
  int nd;
  size_t j = number_end(s, len, i, &val, &nd);
  size_t start = i, k, n;
  int v;
  /* 第5条, Article 51 */
  if (prev == 0x7B2C /* 第 */) {
    if ((k = match_any(s, len, j, (const char *const[]){"条", NULL}))) {
      *out = (kk_GenSpan){prev_at, j + k, 1};
      return 1;
    }
    return 0;
  }
  if (i >= 8 && memcmp(s + i - 8, "Article ", 8) == 0) {
    *out = (kk_GenSpan){i - 8, j, 1};
    return 1;
  }
  if (prev == '$' || prev == 0xFF04) start = prev_at;
  /* Japanese amounts: 1兆119億ドル, 1,750億ドル */
  size_t e = j;
  int chained = 0;
  while ((k = match_any(s, len, e, big_units))) {
    e += k;
    chained = 1;
    if (digit_at(s, len, e, &n, &v)) {
      long v2;
      int nd2;
      size_t e2 = number_end(s, len, e, &v2, &nd2);
      if (match_any(s, len, e2, big_units))
        e = e2;
      else
        break;
    }
  }
  if (chained) {
    if ((k = match_any(s, len, e, currencies))) e += k;
    *out = (kk_GenSpan){start, e, 5};
    return 1;
  }
  if ((k = match_any(s, len, j, percents))) {
    *out = (kk_GenSpan){start, j + k, 5};
    return 1;
  }
  /* years, year ranges, dates */
  int yearish = nd == 4 && val >= 1000 && val <= 2999;
  if (yearish) {
    size_t r = j, m;
    unsigned dash = r < len ? kk_utf8_at(s, len, r, &m) : 0;
    if (dash == '-' || dash == 0x2013 || dash == '~' || dash == 0x301C || dash == 0xFF5E) {
      long v2;
      int nd2;
      if (digit_at(s, len, r + m, &n, &v)) {
        size_t r2 = number_end(s, len, r + m, &v2, &nd2);
        if ((nd2 == 4 || nd2 == 2) &&
            (k = match_any(s, len, r2, (const char *const[]){"年", NULL}))) {
          *out = (kk_GenSpan){start, r2 + k, 3};
          return 1;
        }
      }
    }
  }
  if ((k = match_any(s, len, j, (const char *const[]){"年", NULL}))) {
    size_t y = j + k;
    if (!yearish) { /* 3年, 250年: a count of years */
      *out = (kk_GenSpan){start, y, 2};
      return 1;
    }
    int weight = 3;
    if ((k = match_any(s, len, y, (const char *const[]){"度", NULL}))) y += k;
    long mv;
    int mnd;
    if (digit_at(s, len, y, &n, &v)) {
      size_t me = number_end(s, len, y, &mv, &mnd);
      if (mnd <= 2 && (k = match_any(s, len, me, (const char *const[]){"月", NULL}))) {
        y = me + k;
        weight = 4;
        if (digit_at(s, len, y, &n, &v)) {
          size_t de = number_end(s, len, y, &mv, &mnd);
          if (mnd <= 2 && (k = match_any(s, len, de, (const char *const[]){"日", NULL})))
            y = de + k;
        }
      }
    }
    *out = (kk_GenSpan){start, y, weight};
    return 1;
  }
  if (nd <= 2 && val >= 1 && val <= 12 &&
      (k = match_any(s, len, j, (const char *const[]){"月", NULL}))) {
    size_t y = j + k;
    long dv;
    int dnd;
    if (digit_at(s, len, y, &n, &v)) {
      size_t de = number_end(s, len, y, &dv, &dnd);
      if (dnd <= 2 && (k = match_any(s, len, de, (const char *const[]){"日", NULL}))) {
        *out = (kk_GenSpan){start, de + k, 4};
        return 1;
      }
    }
    return 0;
  }
  /* English: $175 billion, 13 percent, 5 February 2026, 7 pillars, 2035 */
  size_t w = sp(s, len, j);
  {
    static const char *const scales[] = {"trillion", "billion", "million", NULL};
    for (size_t q = 0; scales[q]; q++)
      if (w > j && (k = match_word_ci(s, len, w, scales[q]))) {
        *out = (kk_GenSpan){start, w + k, 5};
        return 1;
      }
    if (w > j &&
        ((k = match_word_ci(s, len, w, "percent")) || (k = match_word_ci(s, len, w, "per cent")))) {
      *out = (kk_GenSpan){start, w + k, 5};
      return 1;
    }
    if (w > j && nd <= 2 && val >= 1 && val <= 31 && (k = month_at(s, len, w))) {
      size_t y = w + k, ye = sp(s, len, y);
      long yv;
      int ynd;
      if (ye > y && digit_at(s, len, ye, &n, &v)) {
        size_t e2 = number_end(s, len, ye, &yv, &ynd);
        if (ynd == 4) y = e2;
      }
      *out = (kk_GenSpan){start, y, 4};
      return 1;
    }
  }
  if ((k = match_any(s, len, j, counters))) {
    *out = (kk_GenSpan){start, j + k, 2};
    return 1;
  }
  unsigned after = j < len ? kk_utf8_at(s, len, j, &n) : 0;
  if (yearish && !is_alpha(after) && !is_digit_cp(after) && !kk_utf8_is_cjk(after) &&
      !kk_utf8_is_cjk(prev)) {
    *out = (kk_GenSpan){start, j, 3};
    return 1;
  }
  if (w > j && !yearish && w < len && is_lower((unsigned char)s[w])) {
    *out = (kk_GenSpan){start, j, 2}; /* "7 pillars": cloze the number */
    return 1;
  }
  return 0;
}

size_t kk_gen_figures(const char *s, size_t len, kk_GenSpan *out, size_t max) {
  size_t count = 0, i = 0, n;
  unsigned prev = 0;
  size_t prev_at = 0;
  while (i < len) {
    unsigned cp = kk_utf8_at(s, len, i, &n);
    kk_GenSpan f;
    int found = 0;
    if (is_digit_cp(cp) && !is_alpha(prev) && !is_digit_cp(prev) && prev != '.' && prev != '-' &&
        prev != '_') {
      found = figure_at(s, len, i, prev, prev_at, &f);
      if (!found) { /* skip the rest of this number */
        long v;
        int nd;
        size_t e = number_end(s, len, i, &v, &nd);
        prev = (unsigned char)s[e - 1];
        prev_at = e - 1;
        i = e;
        continue;
      }
    } else if (is_upper(cp) && !is_alpha(prev)) {
      size_t k = month_at(s, len, i);
      if (k) { /* "February 5, 2026", "May 2025" */
        size_t y = sp(s, len, i + k), m;
        int v;
        long dv;
        int dnd;
        if (y > i + k && digit_at(s, len, y, &m, &v)) {
          size_t e = number_end(s, len, y, &dv, &dnd);
          if (dnd == 4) {
            f = (kk_GenSpan){i, e, 4};
            found = 1;
          } else if (dnd <= 2 && e + 2 < len && s[e] == ',' && s[e + 1] == ' ' &&
                     digit_at(s, len, e + 2, &m, &v)) {
            size_t e2 = number_end(s, len, e + 2, &dv, &dnd);
            if (dnd == 4) {
              f = (kk_GenSpan){i, e2, 4};
              found = 1;
            }
          }
        }
      }
    } else if (!is_kanji_digit(prev)) {
      size_t k = is_kanji_digit(cp) ? n : 0;
      if (k && i + k + 3 <= len && memcmp(s + i + k, "つ", 3) == 0) {
        f = (kk_GenSpan){i, i + k + 3, 2};
        found = 1;
      }
    }
    if (found) {
      if (count < max) out[count] = f;
      count++;
      prev = (unsigned char)s[f.end - 1];
      prev_at = f.end - 1;
      i = f.end;
      /* the last byte of a multi-byte char is not a letter: fine for prev */
      continue;
    }
    prev = cp;
    prev_at = i;
    i += n;
  }
  return count;
}

size_t kk_gen_find_figures(const char *s, size_t len, size_t *spans, size_t max) {
  kk_GenSpan tmp[64];
  size_t n = kk_gen_figures(s, len, tmp, 64);
  for (size_t i = 0; i < n && i < max && i < 64; i++) {
    spans[2 * i] = tmp[i].start;
    spans[2 * i + 1] = tmp[i].end;
  }
  return n;
}

/* ---- hashing and similarity ------------------------------------------------ */

static int ignorable(unsigned cp) {
  if (cp < 0x80) return !is_alpha(cp) && !(cp >= '0' && cp <= '9');
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || cp == 0x30FB || (cp >= 0x2010 && cp <= 0x206F);
}

/* Code points of s without cloze markup and ignorable characters. */
static unsigned *letters(const char *s, size_t *count) {
  size_t len = strlen(s);
  unsigned *v = kk_malloc((len + 1) * sizeof *v);
  if (!v) return NULL;
  size_t n = 0, i = 0, m;
  while (i < len) {
    if (s[i] == '{' && i + 4 < len && s[i + 1] == '{' && s[i + 2] == 'c') {
      const char *c = strstr(s + i, "::");
      if (c) {
        i = (size_t)(c - s) + 2;
        continue;
      }
    }
    if (s[i] == '}' && i + 1 < len && s[i + 1] == '}') {
      i += 2;
      continue;
    }
    unsigned cp = kk_utf8_at(s, len, i, &m);
    i += m;
    if (!ignorable(cp)) v[n++] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  }
  *count = n;
  return v;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

int kk_gen_sketch_meet(const kk_GenBigrams *a, const kk_GenBigrams *b) {
  if (a->n == 0 || b->n == 0) return 1;
  for (int i = 0; i < KK_GEN_SKETCH; i++)
    if (a->sketch[i] == b->sketch[i]) return 1;
  return 0;
}

kk_GenBigrams kk_gen_bigrams(const char *s) {
  kk_GenBigrams b;
  memset(&b, 0, sizeof b);
  size_t n;
  unsigned *v = letters(s, &n);
  if (!v) {
    b.oom = 1;
    return b;
  }
  if (n >= 2) {
    b.v = kk_malloc((n - 1) * sizeof *b.v);
    if (!b.v)
      b.oom = 1;
    else {
      for (size_t i = 0; i + 1 < n; i++) b.v[i] = ((uint64_t)v[i] << 32) | v[i + 1];
      b.n = n - 1;
      qsort(b.v, b.n, sizeof *b.v, cmp_u64);
      for (int k = 0; k < KK_GEN_SKETCH; k++) {
        uint64_t m = UINT64_MAX, seed = 0x9e3779b97f4a7c15ull * (uint64_t)(k + 1);
        for (size_t i = 0; i < b.n; i++) {
          uint64_t h = mix64(b.v[i] ^ seed);
          if (h < m) m = h;
        }
        b.sketch[k] = m;
      }
    }
  }
  kk_free(v);
  return b;
}

double kk_gen_dice(const kk_GenBigrams *a, const kk_GenBigrams *b) {
  if (a->n == 0 || b->n == 0) return a->n == b->n;
  size_t i = 0, j = 0, common = 0;
  while (i < a->n && j < b->n) {
    if (a->v[i] == b->v[j])
      common++, i++, j++;
    else if (a->v[i] < b->v[j])
      i++;
    else
      j++;
  }
  return 2.0 * (double)common / (double)(a->n + b->n);
}

double kk_gen_similarity(const char *a, const char *b) {
  kk_GenBigrams x = kk_gen_bigrams(a), y = kk_gen_bigrams(b);
  double r = x.oom || y.oom ? strcmp(a, b) == 0 : kk_gen_dice(&x, &y);
  kk_free(x.v);
  kk_free(y.v);
  return r;
}
