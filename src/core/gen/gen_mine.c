/*
** gen_mine.c -- the sentence miners of the deck generator: cloze cards on
** figures, quoted terms and key terms, "what is X" cards from defining
** sentences, each with its context (widened or resolved) and explanation.
** Lists and tables are mined in gen_list.c.
*/
#include <stdlib.h>

#include "core/gen/gen_int.h"

/* ---- sentences: figures, terms, definitions -------------------------------- */

/* Appends s[0..n) with the spans (sorted, disjoint) as c1.. clozes; spans
** with the same text share a number. */
/* The most spans one card marks: a key term's every occurrence in its
** sentence (the figure miner keeps MAX_CLOZES). */
#define MAX_SPANS 16
_Static_assert(MAX_SPANS >= MAX_CLOZES, "a figure card's clozes fit");

static void cloze_text(kk_Buf *b, const char *s, size_t n, const kk_GenSpan *sp, size_t k) {
  size_t at = 0;
  int nums[MAX_SPANS], next = 1;
  if (k > MAX_SPANS) k = MAX_SPANS; /* the rest stays plain text */
  for (size_t i = 0; i < k; i++) {
    int num = 0;
    for (size_t j = 0; j < i && !num; j++)
      if (sp[j].end - sp[j].start == sp[i].end - sp[i].start &&
          memcmp(s + sp[j].start, s + sp[i].start, sp[i].end - sp[i].start) == 0)
        num = nums[j];
    nums[i] = num ? num : next++;
    kk_buf_add(b, s + at, sp[i].start - at);
    char open[16];
    snprintf(open, sizeof open, "{{c%d::", nums[i]);
    kk_buf_str(b, open);
    kk_buf_add(b, s + sp[i].start, sp[i].end - sp[i].start);
    kk_buf_str(b, "}}");
    at = sp[i].end;
  }
  kk_buf_add(b, s + at, n - at);
}

static int cmp_span_weight(const void *a, const void *b) {
  const kk_GenSpan *x = a, *y = b;
  if (x->weight != y->weight) return y->weight - x->weight;
  return x->start < y->start ? -1 : x->start > y->start;
}

static int cmp_span_pos(const void *a, const void *b) {
  const kk_GenSpan *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Clause boundaries for trimming long sentences. */
static int clause_mark(const char *s, size_t len, size_t i, size_t *n) {
  unsigned cp = kk_utf8_at(s, len, i, n);
  return cp == 0x3001 || cp == 0xFF0C || cp == ',' || cp == ';' || cp == 0xFF1B;
}

/* Narrows a long sentence to the clauses around [fs, fe): sets *ws, *we. */
static void clause_window(const char *s, size_t len, size_t fs, size_t fe, size_t max_cp,
                          size_t *ws, size_t *we) {
  size_t a = fs, b = fe, n;
  /* grow to clause boundaries */
  while (a > 0) {
    size_t p = a - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
    if (clause_mark(s, len, p, &n)) break;
    a = p;
  }
  while (b < len && !clause_mark(s, len, b, &n)) b += n;
  if (b < len) b += n; /* keep the comma */
  /* then add whole neighbouring clauses while short enough */
  for (;;) {
    size_t nb = b;
    while (nb < len && !clause_mark(s, len, nb, &n)) nb += n;
    if (nb < len) nb += n;
    if (nb > b && kk_utf8_count(s + a, nb - a) <= max_cp) {
      b = nb;
      continue;
    }
    break;
  }
  while (a < b && s[a] == ' ') a++;
  *ws = a;
  *we = b;
}

/* How long a card's sentence may be, in code points: Latin text (even in a
** Japanese document, such as a quoted treaty) needs about twice as many. */
static size_t max_sentence_cp(const char *s, size_t n) {
  size_t cjk = 0, all = 0, i = 0, m;
  while (i < n) {
    if (kk_utf8_is_cjk(kk_utf8_at(s, n, i, &m))) cjk++;
    all++;
    i += m;
  }
  return cjk * 5 >= all ? 110 : 220;
}

/* Score lost by a card text of cp code points when max is allowed: none
** up to about three quarters of max, then one point per quarter. */
static double length_penalty(size_t cp, size_t max) {
  double free_cp = (double)max * 0.73, step = (double)max * 0.27;
  return (double)cp > free_cp ? ((double)cp - free_cp) / step : 0;
}

/* 1 if the year span s[a..b) is a deadline ("2035年までに", "by 2035"). */
static int deadline(const char *s, size_t n, size_t a, size_t b) {
  return starts(s + b, n - b, "までに") || starts(s + b, n - b, "まで") ||
         (a >= 3 && memcmp(s + a - 3, "by ", 3) == 0) ||
         (a >= 6 && memcmp(s + a - 6, "until ", 6) == 0);
}

/* A count worth asking: 10 or more, or followed by a unit of measure. */
static int big_count(const char *s, size_t n, size_t a, size_t b) {
  int digits = 0;
  for (size_t q = a; q < b; q++) digits += s[q] >= '0' && s[q] <= '9';
  if (digits >= 2) return 1;
  static const char *const units[] = {" hours",      " minutes", " days",   " weeks",
                                      " months",     " metres",  " meters", " kilometres",
                                      " kilometers", " km",      " miles",  " tonnes",
                                      " tons",       " degrees", NULL};
  for (size_t i = 0; units[i]; i++)
    if (starts(s + b, n - b, units[i])) return 1;
  /* "8 to 10 hours" */
  if (starts(s + b, n - b, " to ")) {
    size_t c = b + 4;
    while (c < n && s[c] >= '0' && s[c] <= '9') c++;
    for (size_t i = 0; units[i]; i++)
      if (c > b + 4 && starts(s + c, n - c, units[i])) return 1;
  }
  return 0;
}

/* A cloze on the figures of s[from..n) (s[0..from) is the previous
** sentence, kept for context).  Counts are trivia and not asked; dates and
** years only when the sentence is about the event on that date (or the
** year is a deadline); never a figure whose sentence has no subject. */
static void figure_card(Gen *g, const char *s, size_t n, size_t from, int section, int line,
                        int final) {
  kk_GenSpan sp[32];
  size_t k = kk_gen_ctx_figures(g, s, n, sp, 32);
  if (k == 0) return;
  int event = -1;
  size_t m0 = 0;
  for (size_t i = 0; i < k; i++) {
    size_t a = sp[i].start, b = sp[i].end;
    if (a < from) continue;
    /* small counts (3点, 二つ, 7 pillars) are trivia; 22,000 workers,
    ** 30年間 and 8 to 10 hours are not */
    if (sp[i].weight == 2 && !big_count(s, n, a, b)) continue;
    if (sp[i].weight == 3 || sp[i].weight == 4) {
      if (event < 0) event = kk_gen_ctx_event(s + from, n - from);
      if (!event && !(sp[i].weight == 3 && deadline(s, n, a, b))) continue;
    }
    /* "30ギガワットは…約30基分": the number shows elsewhere, a give-away */
    {
      size_t d0 = a;
      while (d0 < b && !(s[d0] >= '0' && s[d0] <= '9')) d0++;
      size_t d1 = d0;
      while (d1 < b && ((s[d1] >= '0' && s[d1] <= '9') || s[d1] == ',' || s[d1] == '.')) d1++;
      int shown = 0;
      for (size_t q = 0; d1 > d0 && q + (d1 - d0) <= n && !shown; q++)
        if ((q < a || q >= b) && memcmp(s + q, s + d0, d1 - d0) == 0 &&
            !(q > 0 && s[q - 1] >= '0' && s[q - 1] <= '9') &&
            !(q + (d1 - d0) < n && s[q + (d1 - d0)] >= '0' && s[q + (d1 - d0)] <= '9'))
          shown = 1;
      if (shown) continue;
    }
    /* the answer must not stand in the context sentence */
    char ans[128];
    if (b - a < sizeof ans && from > 0) {
      memcpy(ans, s + a, b - a);
      ans[b - a] = '\0';
      if (contains(s, from, ans)) continue;
    }
    sp[m0++] = sp[i];
  }
  k = m0;
  if (k == 0) return;
  if (!kk_gen_ctx_has_subject(g, s, n)) {
    g->st.skipped++;
    return;
  }
  size_t ws = 0, we = n;
  size_t cp = kk_utf8_count(s, n);
  if (cp > max_sentence_cp(s, n)) {
    qsort(sp, k, sizeof *sp, cmp_span_weight);
    clause_window(s, n, sp[0].start, sp[0].end, max_sentence_cp(s, n) * 2 / 3, &ws, &we);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
      if (sp[i].start >= ws && sp[i].end <= we) sp[m++] = sp[i];
    k = m;
    size_t wcp = kk_utf8_count(s + ws, we - ws);
    if (k == 0 || wcp > max_sentence_cp(s, n) || wcp < 25) return;
  }
  qsort(sp, k, sizeof *sp, cmp_span_weight);
  if (k > MAX_CLOZES) k = MAX_CLOZES;
  int weight = 0;
  for (size_t i = 0; i < k; i++) weight += sp[i].weight;
  qsort(sp, k, sizeof *sp, cmp_span_pos);
  for (size_t i = 0; i < k; i++) {
    sp[i].start -= ws;
    sp[i].end -= ws;
    if (contains(s + ws + sp[i].start, sp[i].end - sp[i].start, "::")) return;
  }
  Cand *c = new_cand(g, KK_GEN_FIGURE, section, line);
  if (!c) return;
  kk_Buf b = {0};
  if (ws > 0) kk_buf_str(&b, "…");
  cloze_text(&b, s + ws, we - ws, sp, k);
  if (we < n) kk_buf_str(&b, "…");
  c->front = sb_done(g, &b);
  c->key = adup(g, s + ws, we - ws);
  if (k == 1) c->akind = kk_gen_ctx_fig_kind(g, s + ws + sp[0].start, sp[0].end - sp[0].start);
  size_t wcp = kk_utf8_count(s + ws, we - ws);
  c->score = 3 + weight + (final && ws == 0 && we == n ? 1.5 : 0) -
             length_penalty(wcp, max_sentence_cp(s, n));
}

/* Finds quoted terms: 「…」 『…』 “…” and "…"; returns how many spans
** (of the inner text) it wrote. */
static size_t find_terms(const char *s, size_t n, kk_GenSpan *out, size_t max) {
  size_t k = 0, i = 0, m;
  while (i < n && k < max) {
    unsigned cp = kk_utf8_at(s, n, i, &m);
    unsigned close = cp == 0x300C   ? 0x300D
                     : cp == 0x300E ? 0x300F
                     : cp == 0x201C ? 0x201D
                     : cp == '"'    ? '"'
                                    : 0;
    if (!close) {
      i += m;
      continue;
    }
    size_t a = i + m, j = a, mm;
    int ok = 0;
    while (j < n) {
      unsigned c2 = kk_utf8_at(s, n, j, &mm);
      if (c2 == close) {
        ok = 1;
        break;
      }
      if (c2 == cp && cp != '"') break; /* nested: give up on this one */
      j += mm;
    }
    if (!ok) {
      i = a;
      continue;
    }
    size_t cl = kk_utf8_count(s + a, j - a);
    size_t maxcp = j - a == cl ? 40 : 24; /* Latin terms run longer */
    const char *t = s + a;
    size_t tn = j - a;
    trim(&t, &tn);
    if (cl >= 2 && cl <= maxcp && tn == j - a && !contains(s + a, j - a, "。") &&
        !contains(s + a, j - a, "::") && !has_markup(s + a, j - a) && !has_control(s + a, j - a))
      out[k++] = (kk_GenSpan){a, j, 4};
    i = j + mm;
  }
  return k;
}

static void term_card(Gen *g, const char *s, size_t n, size_t from, int section, int line,
                      int final) {
  if (kk_utf8_count(s, n) > max_sentence_cp(s, n)) return;
  kk_GenSpan t[8];
  size_t k = find_terms(s, n, t, 8), m0 = 0;
  for (size_t i = 0; i < k && i < 8; i++)
    if (t[i].start >= from) t[m0++] = t[i];
  k = m0;
  if (k == 0) return;
  /* every occurrence of each distinct term, so the answer is not shown */
  kk_GenSpan sp[16];
  size_t ns = 0, nt = 0;
  const char *terms[MAX_CLOZES] = {NULL};
  size_t tl[MAX_CLOZES] = {0};
  for (size_t i = 0; i < k && nt < MAX_CLOZES; i++) {
    int dup = 0;
    for (size_t j = 0; j < nt; j++)
      if (tl[j] == t[i].end - t[i].start && memcmp(terms[j], s + t[i].start, tl[j]) == 0) dup = 1;
    if (dup) continue;
    terms[nt] = s + t[i].start;
    tl[nt++] = t[i].end - t[i].start;
  }
  for (size_t i = 0; i < n && ns < 16;) {
    size_t best = 0;
    for (size_t j = 0; j < nt; j++)
      if (tl[j] > best && i + tl[j] <= n && memcmp(s + i, terms[j], tl[j]) == 0) best = tl[j];
    if (best) {
      sp[ns++] = (kk_GenSpan){i, i + best, 4};
      i += best;
    } else
      i++;
  }
  if (ns == 0) return;
  /* numbers by term, in order of first appearance, so there are no gaps
  ** even when a term only ever occurs inside a longer one */
  Cand *c = new_cand(g, KK_GEN_TERM, section, line);
  if (!c) return;
  kk_Buf b = {0};
  size_t at = 0;
  int nums[MAX_CLOZES] = {0}, next = 1;
  for (size_t i = 0; i < ns; i++) {
    int num = 1;
    for (size_t j = 0; j < nt; j++)
      if (tl[j] == sp[i].end - sp[i].start && memcmp(terms[j], s + sp[i].start, tl[j]) == 0) {
        if (!nums[j]) nums[j] = next++;
        num = nums[j];
      }
    kk_buf_add(&b, s + at, sp[i].start - at);
    char open[16];
    snprintf(open, sizeof open, "{{c%d::", num);
    kk_buf_str(&b, open);
    kk_buf_add(&b, s + sp[i].start, sp[i].end - sp[i].start);
    kk_buf_str(&b, "}}");
    at = sp[i].end;
  }
  kk_buf_add(&b, s + at, n - at);
  c->front = sb_done(g, &b);
  c->key = adup(g, s, n);
  size_t cp = kk_utf8_count(s, n);
  /* a quoted term the document keeps coming back to is worth more */
  double base = 4 + (double)nt * 0.5;
  for (size_t j = 0; j < nt; j++) {
    double cen = kk_gen_ctx_centrality(kk_gen_ctx_term(g, terms[j], tl[j]));
    if (cen + 1 > base) base = cen + 1;
  }
  c->score = base + (final ? 1 : 0) - length_penalty(cp, max_sentence_cp(s, n));
}

/* Copies s without 「」『』“”"' and "の", for loose heading matching. */
static char *loose(Gen *g, const char *s, size_t n) {
  kk_Buf b = {0};
  size_t i = 0, m;
  while (i < n) {
    unsigned cp = kk_utf8_at(s, n, i, &m);
    if (cp != 0x300C && cp != 0x300D && cp != 0x300E && cp != 0x300F && cp != 0x201C &&
        cp != 0x201D && cp != '"' && cp != 0x306E /* の */ && cp != ' ') {
      if (cp >= 'A' && cp <= 'Z') {
        char c = (char)(cp + 32);
        kk_buf_add(&b, &c, 1);
      } else
        kk_buf_add(&b, s + i, m);
    }
    i += m;
  }
  return sb_done(g, &b);
}

static int loose_match(Gen *g, const char *term, size_t tn, const Line *h) {
  if (!h) return 0;
  char *a = loose(g, term, tn), *b = loose(g, h->text, h->tlen);
  if (!a || !b || strlen(a) < 2) return 0;
  return strstr(b, a) != NULL || (strlen(b) >= 6 && strstr(a, b) != NULL);
}

/* "Xとは…" / "Xは…である。" (ja) or "X is/are/means/refers to …" (en) at
** the start of s, with X matching the section's heading or its parent's. */
static void definition_card(Gen *g, const char *s, size_t n, int section, int line) {
  if (!ends_punct(s, n) || kk_utf8_count(s, n) > max_sentence_cp(s, n)) return;
  const Line *h = &g->lines[section], *parent = NULL;
  for (int i = section - 1; i >= 0; i--)
    if (g->lines[i].kind == L_HEADING) {
      parent = &g->lines[i];
      break;
    }
  size_t tn = 0;
  const char *p;
  int strong = 0;
  /* a definition says what X is and ends so: "…である。", "…を指す。";
  ** "Xは…の象徴であり、…をなしてきた。" describes X, it does not define it */
  int defining = ends(s, n, "である。") || ends(s, n, "を指す。") || ends(s, n, "をいう。") ||
                 ends(s, n, "を意味する。") || ends(s, n, "のことだ。");
  if ((p = strstr(s, "とは")) && (size_t)(p - s) < n) {
    tn = defining ? (size_t)(p - s) : 0;
    strong = 1;
  } else if ((p = strstr(s, "は")) && (size_t)(p - s) < n) {
    tn = defining ? (size_t)(p - s) : 0;
  }
  if (tn == 0 && ja(g)) return;
  if (tn == 0) {
    static const char *const verbs[] = {" is ", " are ", " refers to ", " means ", NULL};
    for (size_t v = 0; verbs[v] && !tn; v++)
      if ((p = strstr(s, verbs[v])) && (size_t)(p - s) < n && (size_t)(p - s) <= 60) {
        tn = (size_t)(p - s);
        strong = 1;
      }
  }
  if (tn == 0) return;
  const char *term = s;
  /* drop a parenthetical gloss after the term: 非介入主義(non-interventionism) */
  size_t cut = tn;
  for (size_t i = 0; i < tn; i++)
    if (s[i] == '(' || starts(s + i, tn - i, "（")) {
      cut = i;
      break;
    }
  size_t cl = kk_utf8_count(term, cut);
  if (cl < 2 || cl > 20 || contains(term, cut, "、") || contains(term, cut, ",")) return;
  if (!loose_match(g, term, cut, h) && !loose_match(g, term, cut, parent)) return;
  /* strip quotes around the term for the question */
  const char *q = term;
  size_t qn = cut;
  if (starts(q, qn, "「") && ends(q, qn, "」")) q += 3, qn -= 6;
  if (qn >= 2 && q[0] == '"' && q[qn - 1] == '"') q++, qn -= 2;
  if (qn == 0) return;
  Cand *c = new_cand(g, KK_GEN_DEFINITION, section, line);
  if (!c) return;
  kk_Buf b = {0};
  if (ja(g)) {
    kk_buf_str(&b, "「");
    kk_buf_add(&b, q, qn);
    kk_buf_str(&b, "」とは何か。");
  } else {
    kk_buf_str(&b, "What is ");
    if (qn > 4 && memcmp(q, "The ", 4) == 0) kk_buf_str(&b, "the "), q += 4, qn -= 4;
    kk_buf_add(&b, q, qn);
    kk_buf_str(&b, "?");
  }
  c->front = sb_done(g, &b);
  c->back = adup(g, s, n);
  c->key = c->back;
  c->score = 6 + (strong ? 1 : 0);
}

/* Joins a run of text lines into one unit and cuts it into sentences. */
typedef struct Unit {
  char *text;
  size_t len;
  size_t *offs; /* byte offset in text where each joined line starts */
  int *lines;
  size_t nlines;
} Unit;

/* A line cut in mid-sentence ("…という文言により、第5条は"): no final
** punctuation and a trailing particle or comma. */
static int fragment(const char *s, size_t n) {
  static const char *const tails[] = {"は", "が", "を", "に", "の", "と",
                                      "で", "も", "、", ",",  NULL};
  if (ends_punct(s, n) && !ends(s, n, "、") && !ends(s, n, ",")) return 0;
  for (size_t i = 0; tails[i]; i++)
    if (ends(s, n, tails[i])) return 1;
  return 0;
}

/* 1 if the sentence says what its subject is: "…である。", "…を指す。",
** "X is/are …". */
static int defines(const char *s, size_t n) {
  return ends(s, n, "である。") || ends(s, n, "を指す。") || ends(s, n, "をいう。") ||
         ends(s, n, "を意味する。") || contains(s, n, " is ") || contains(s, n, " are ");
}

/* A cloze on the most central term of s[from..n) found by MeCab (every
** occurrence blanked; a term that also shows inside a longer word, where
** it cannot be blanked whole, is passed over). */
static void keyterm_card(Gen *g, const char *s, size_t n, size_t from, int section, int line,
                         int final) {
  size_t cp = kk_utf8_count(s, n);
  if ((ja(g) && !g->morph) || !final || cp > max_sentence_cp(s, n) || cp < (ja(g) ? 18 : 40))
    return;
  Compound cs[64];
  size_t nc = kk_gen_ctx_compounds(g, s, n, cs, 64);
  if (nc > 64) nc = 64;
  /* the two most central terms, each a candidate: when the first was
  ** asked already in this section, the second can still be */
  double best[2] = {0, 0};
  size_t bi[2] = {nc, nc};
  const Term *bt[2] = {NULL, NULL};
  for (size_t i = 0; i < nc; i++) {
    if (cs[i].start < from) continue;
    size_t len = cs[i].end - cs[i].start;
    const char *w = s + cs[i].start;
    const Term *t = kk_gen_ctx_term(g, w, len);
    double c = kk_gen_ctx_centrality(t);
    if (c <= best[1] || contains(w, len, "::") || t == bt[0]) continue;
    /* the title's own subject is too easy a blank, except where the
    ** sentence defines it ("洋上風力発電は、…方式である。") */
    int at_start =
        cs[i].start == from || (cs[i].start == from + 4 && memcmp(s + from, "The ", 4) == 0);
    if (t->in_title && !(at_start && defines(s + from, n - from))) continue;
    size_t whole = 0, seen = 0;
    for (size_t j = 0; j < nc; j++)
      if (cs[j].end - cs[j].start == len && memcmp(s + cs[j].start, w, len) == 0) whole++;
    for (size_t p = 0; p + len <= n; p++)
      if (memcmp(s + p, w, len) == 0) seen++;
    if (seen != whole) continue;
    if (c > best[0]) {
      best[1] = best[0], bi[1] = bi[0], bt[1] = bt[0];
      best[0] = c, bi[0] = i, bt[0] = t;
    } else
      best[1] = c, bi[1] = i, bt[1] = t;
  }
  for (int r = 0; r < 2; r++) {
    if (bi[r] == nc) return;
    size_t len = cs[bi[r]].end - cs[bi[r]].start;
    const char *w = s + cs[bi[r]].start;
    kk_GenSpan sp[MAX_SPANS];
    size_t k = 0;
    for (size_t j = 0; j < nc && k < MAX_SPANS; j++)
      if (cs[j].end - cs[j].start == len && memcmp(s + cs[j].start, w, len) == 0)
        sp[k++] = (kk_GenSpan){cs[j].start, cs[j].end, 4};
    Cand *c = new_cand(g, KK_GEN_KEYTERM, section, line);
    if (!c) return;
    kk_Buf b = {0};
    cloze_text(&b, s, n, sp, k);
    c->front = sb_done(g, &b);
    c->key = adup(g, s, n);
    c->akind = bt[r]->kind;
    c->score = best[r] - 0.5 * r + (final ? 1 : 0) - length_penalty(cp, max_sentence_cp(s, n));
  }
}

/* The card's explanation: the source sentence, with the one before it
** when that carries the subject, and where it stands. */
static char *explanation(Gen *g, int section, int line, const char *prev, size_t pn, const char *s,
                         size_t n) {
  const Line *h = &g->lines[section];
  kk_Buf b = {0};
  char num[32];
  snprintf(num, sizeof num, "%d", line);
  if (ja(g)) {
    kk_buf_str(&b, "原文（「");
    kk_buf_add(&b, h->text, h->tlen);
    kk_buf_str(&b, "」");
    kk_buf_str(&b, num);
    kk_buf_str(&b, "行目）: ");
  } else {
    kk_buf_str(&b, "Source (\"");
    kk_buf_add(&b, h->text, h->tlen);
    kk_buf_str(&b, "\", line ");
    kk_buf_str(&b, num);
    kk_buf_str(&b, "): ");
  }
  if (prev) {
    kk_buf_add(&b, prev, pn);
    if (!ja(g)) kk_buf_str(&b, " ");
  }
  kk_buf_add(&b, s, n);
  return sb_done(g, &b);
}

/* Forgets the previous sentence (a new section, a caption, a fragment). */
static void no_prev(Gen *g) {
  g->prev = NULL;
  g->prev_n = 0;
}

static void sentences(Gen *g, const Unit *u, int section, int first_unit, int item) {
  size_t at = 0;
  int nth = 0;
  /* a list item neither lends nor borrows context: items are not prose */
  if (g->prev_section != section || item) no_prev(g);
  g->prev_section = section;
  while (at < u->len && !g->oom) {
    size_t e = kk_gen_sentence_end(u->text, u->len, at);
    const char *s = u->text + at;
    size_t n = e - at;
    size_t lead = 0;
    trim(&s, &n);
    lead = (size_t)(s - u->text);
    at = e;
    if (n == 0) continue;
    int line = u->lines[0];
    for (size_t i = 0; i < u->nlines; i++)
      if (u->offs[i] <= lead) line = u->lines[i];
    if (g->pass == 1) g->st.sentences++;
    if (kk_utf8_count(s, n) < SENTENCE_MIN_CP || has_markup(s, n) || fragment(s, n)) {
      nth++;
      no_prev(g);
      continue;
    }
    char *copy = adup(g, s, n); /* NUL-terminated for strstr */
    if (!copy) return;
    if (g->pass == 0) {
      if (!kk_gen_ctx_skip(copy, n)) kk_gen_ctx_note(g, copy, n, section, 0);
      continue;
    }
    if (kk_gen_ctx_skip(copy, n)) {
      g->st.skipped++;
      nth++;
      no_prev(g);
      continue;
    }
    int final = ends_punct(s, n);
    int anaphor = kk_gen_ctx_anaphor(g, copy, n);
    /* a Japanese sentence with no topic (水深が…に向いている) leans on the
    ** one before it: widen it when there is one */
    int weak = !anaphor && !item && !kk_gen_ctx_has_topic(g, copy, n);
    const char *text = copy, *ctx = NULL;
    size_t tn = n, from = 0, cn = 0;
    int resolved = 0;
    if (anaphor) {
      char *r = g->prev ? kk_gen_ctx_resolve(g, copy, n, g->prev, g->prev_n) : NULL;
      if (r) {
        text = r, tn = strlen(r), resolved = 1;
      } else if (g->prev && !g->prev_anaphor &&
                 kk_utf8_count(g->prev, g->prev_n) + kk_utf8_count(copy, n) + 1 <=
                     max_sentence_cp(copy, n)) {
        /* widen: the previous sentence, then this one */
        kk_Buf b = {0};
        kk_buf_add(&b, g->prev, g->prev_n);
        if (!ja(g)) kk_buf_str(&b, " ");
        from = b.n;
        kk_buf_add(&b, copy, n);
        char *w = sb_done(g, &b);
        if (!w) return;
        text = w, tn = strlen(w), ctx = g->prev, cn = g->prev_n;
      } else {
        /* still needs its neighbour: no card */
        g->st.context++;
        nth++;
        g->prev = copy, g->prev_n = n, g->prev_line = line, g->prev_anaphor = 1;
        continue;
      }
    } else if (g->prev && !kk_gen_ctx_has_subject(g, copy, n)) {
      ctx = g->prev, cn = g->prev_n; /* the explanation carries the subject */
    }
    size_t before = g->ncands;
    if (weak && g->prev && !g->prev_anaphor &&
        kk_utf8_count(g->prev, g->prev_n) + kk_utf8_count(copy, n) + 1 <=
            max_sentence_cp(copy, n)) {
      /* a figure in it is asked with the previous sentence as context */
      kk_Buf b = {0};
      kk_buf_add(&b, g->prev, g->prev_n);
      size_t wf = b.n;
      kk_buf_add(&b, copy, n);
      char *w = sb_done(g, &b);
      if (!w) return;
      size_t nc0 = g->ncands;
      figure_card(g, w, strlen(w), wf, section, line, final);
      if (g->ncands > nc0) ctx = g->prev, cn = g->prev_n, from = wf;
    } else
      figure_card(g, text, tn, from, section, line, final);
    term_card(g, text, tn, from, section, line, final);
    keyterm_card(g, text, tn, from, section, line, final);
    if (first_unit && nth < 2 && !anaphor) definition_card(g, copy, n, section, line);
    if (g->ncands > before) {
      if (from) g->st.widened++;
      if (resolved) g->st.resolved++;
      char *ex = explanation(g, section, line, ctx, cn, copy, n);
      for (size_t i = before; i < g->ncands; i++) g->cands[i].expl = ex;
    }
    if (resolved) copy = (char *)text, n = tn; /* the next one reads it resolved */
    g->prev = copy, g->prev_n = n, g->prev_line = line, g->prev_anaphor = anaphor && !resolved;
    nth++;
  }
  if (item) no_prev(g);
}

/* Appends Markdown text without its inline markup: **strong**, __strong__
** and `code` lose their markers, [text](url) keeps its text. */
void kk_gen_mine_inline_md(kk_Buf *b, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (i + 1 < n && ((s[i] == '*' && s[i + 1] == '*') || (s[i] == '_' && s[i + 1] == '_'))) {
      i += 2;
      continue;
    }
    if (s[i] == '`') {
      i++;
      continue;
    }
    if (s[i] == '[') {
      const char *close = memchr(s + i, ']', n - i);
      if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
        const char *end = memchr(close, ')', n - (size_t)(close - s));
        if (end) {
          kk_buf_add(b, s + i + 1, (size_t)(close - s) - i - 1);
          i = (size_t)(end - s) + 1;
          continue;
        }
      }
    }
    kk_buf_add(b, s + i, 1);
    i++;
  }
}

static int cjk_boundary(const char *a, size_t an, const char *b, size_t bn) {
  if (!an || !bn) return 1;
  size_t p = an - 1, m;
  while (p > 0 && ((unsigned char)a[p] & 0xC0) == 0x80) p--;
  return kk_utf8_is_cjk(kk_utf8_at(a, an, p, &m)) || kk_utf8_is_cjk(kk_utf8_at(b, bn, 0, &m));
}

/* Walks the lines: paragraphs (runs of text lines) and list items become
** units and their sentences are mined. */
void kk_gen_mine_sentences(Gen *g) {
  size_t i = 0;
  int last_section = -2, first_unit = 0;
  while (i < g->nlines && !g->oom) {
    Line *l = &g->lines[i];
    if (l->section != last_section) {
      last_section = l->section;
      first_unit = 1;
    }
    if ((l->kind != L_TEXT && l->kind != L_ITEM) || reference_section(g, l->section)) {
      i++;
      continue;
    }
    size_t j = i + 1;
    /* Markdown joins every line of a paragraph; plain text only lines that
    ** look hard-wrapped (long, no final punctuation), since its line breaks
    ** often matter (a caption above a paragraph, one sentence per line) */
    if (l->kind == L_TEXT)
      while (j < g->nlines && g->lines[j].kind == L_TEXT && g->lines[j].indent == l->indent &&
             g->lines[j].section == l->section &&
             (g->markdown || (!ends_punct(g->lines[j - 1].text, g->lines[j - 1].tlen) &&
                              kk_utf8_count(g->lines[j - 1].text, g->lines[j - 1].tlen) >= 60)))
        j++;
    Unit u = {0};
    kk_Buf b = {0};
    u.offs = kk_malloc((j - i) * sizeof *u.offs);
    u.lines = kk_malloc((j - i) * sizeof *u.lines);
    if (!u.offs || !u.lines) {
      g->oom = 1;
    } else {
      for (size_t k = i; k < j; k++) {
        const Line *lk = &g->lines[k];
        if (k > i && !cjk_boundary(b.p, b.n, lk->text, lk->tlen)) kk_buf_str(&b, " ");
        u.offs[u.nlines] = b.n;
        u.lines[u.nlines++] = (int)k + 1;
        if (g->markdown)
          kk_gen_mine_inline_md(&b, lk->text, lk->tlen);
        else
          kk_buf_add(&b, lk->text, lk->tlen);
      }
      if (b.oom)
        g->oom = 1;
      else if (b.p) {
        u.text = b.p;
        u.len = b.n;
        sentences(g, &u, l->section, first_unit && l->kind == L_TEXT, l->kind == L_ITEM);
      }
    }
    if (l->kind == L_TEXT) first_unit = 0;
    kk_free(b.p);
    kk_free(u.offs);
    kk_free(u.lines);
    i = j;
  }
}
