/*
** paper.c -- drawing exam papers and marking answers.
**
** Divisions:
**   random numbers   splitmix64 seeding, xoshiro256**, unbiased ranges
**   papers           building, serializing, parsing
**   cloze            prompts and answers of {{cN::answer::hint}} markers
**   marking          per card type, with the spec's partial credit
*/
#include "core/exam/paper.h"
#include "core/base/hash.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/buf.h"
#include "core/deck/cloze.h"
#include "core/deck/text.h"

/* ---- random numbers ---------------------------------------------------------*/

uint64_t kk_mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

void kk_rng_seed(kk_Rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) {
    r->s[i] = kk_mix64(x);
    x += 0x9e3779b97f4a7c15ull;
  }
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t kk_rng_next(kk_Rng *r) {
  uint64_t *s = r->s;
  uint64_t out = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

uint64_t kk_rng_below(kk_Rng *r, uint64_t n) {
  /* Rejection keeps every residue equally likely. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = kk_rng_next(r);
  while (x >= limit);
  return x % n;
}

uint64_t kk_exam_student_seed(const kk_ExamSpec *spec, const char *student_no) {
  if (spec->seed_mode == KK_SEED_CLASS || !student_no) return spec->seed;
  uint64_t h = kk_hash_bytes(student_no, strlen(student_no), KK_HASH_INIT);
  return kk_mix64(spec->seed ^ kk_mix64(h));
}

static void shuffle(kk_Rng *r, size_t *a, size_t n) {
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)kk_rng_below(r, i);
    size_t t = a[i - 1];
    a[i - 1] = a[j];
    a[j] = t;
  }
}

/* ---- papers -------------------------------------------------------------------*/

struct kk_Paper {
  kk_Question *q;
  size_t n;
  double max_points;
  kk_Arena arena; /* keys, permutations */
};

void kk_paper_free(kk_Paper *p) {
  if (!p) return;
  kk_free(p->q);
  kk_arena_free(&p->arena);
  kk_free(p);
}

size_t kk_paper_count(const kk_Paper *p) { return p->n; }
const kk_Question *kk_paper_question(const kk_Paper *p, size_t i) {
  return i < p->n ? &p->q[i] : NULL;
}
double kk_paper_max_points(const kk_Paper *p) { return p->max_points; }

static const char *item_key(kk_Arena *a, const kk_Card *c, int cloze) {
  if (!cloze) return kk_arena_strdup(a, c->id);
  char buf[32];
  snprintf(buf, sizeof buf, "#c%d", cloze);
  size_t l = strlen(c->id), b = strlen(buf);
  char *k = kk_arena_alloc(a, l + b + 1);
  if (!k) return NULL;
  memcpy(k, c->id, l);
  memcpy(k + l, buf, b + 1);
  return k;
}

static int identity(const size_t *a, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != i) return 0;
  return 1;
}

/* Fills q's permutation for the card type. */
static int make_perm(kk_Paper *p, kk_Question *q, const kk_ExamSpec *spec,
                     kk_Rng *r) {
  const kk_Card *c = q->card;
  size_t n = c->type == KK_CARD_CHOICE ? c->noptions
             : c->type == KK_CARD_ORDER ? c->nitems : 0;
  q->nperm = n;
  if (!n) return 1;
  q->perm = kk_arena_alloc(&p->arena, n * sizeof *q->perm);
  if (!q->perm) return 0;
  for (size_t i = 0; i < n; i++) q->perm[i] = i;
  if (c->type == KK_CARD_CHOICE) {
    if (spec->shuffle_choices) shuffle(r, q->perm, n);
  } else {
    /* Order items are always shown out of order, else the answer shows. */
    for (int tries = 0; tries < 64 && identity(q->perm, n); tries++)
      shuffle(r, q->perm, n);
    if (identity(q->perm, n)) {
      size_t t = q->perm[0];
      memmove(q->perm, q->perm + 1, (n - 1) * sizeof *q->perm);
      q->perm[n - 1] = t;
    }
  }
  return 1;
}

kk_Status kk_paper_build(const kk_ExamSpec *spec, const kk_ExamItem *items,
                         size_t n, uint64_t seed, kk_Paper **out, kk_Err *err) {
  *out = NULL;
  kk_Status st = KK_ERR_NOMEM;
  size_t total = 0;
  for (size_t k = 0; k < spec->npools; k++) total += spec->pools[k].count;
  kk_Paper *p = kk_calloc(1, sizeof *p);
  unsigned char *used = kk_calloc(n ? n : 1, 1);
  size_t *cand = kk_malloc((n ? n : 1) * sizeof *cand);
  size_t *order = kk_malloc((total ? total : 1) * sizeof *order);
  if (!p || !used || !cand || !order) goto fail;
  if (!(p->q = kk_calloc(total ? total : 1, sizeof *p->q))) goto fail;
  kk_Rng rng;
  kk_rng_seed(&rng, seed);
  for (size_t k = 0; k < spec->npools; k++) {
    const kk_ExamPool *pool = &spec->pools[k];
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
      if (!used[i] && kk_exam_pool_accepts(pool, items[i].deck_id, items[i].card))
        cand[nc++] = i;
    if (nc < pool->count) {
      st = kk_err_set(err, KK_ERR_INVALID, spec->path, pool->count_line,
                      pool->count_col,
                      "%s asks for %zu questions but only %zu unused cards match it",
                      pool->name, pool->count, nc);
      goto fail;
    }
    for (size_t j = 0; j < pool->count; j++) {
      /* Partial Fisher-Yates: cand[j] becomes a random one of the rest. */
      size_t pick = j + (size_t)kk_rng_below(&rng, nc - j);
      size_t t = cand[j];
      cand[j] = cand[pick];
      cand[pick] = t;
      const kk_ExamItem *it = &items[cand[j]];
      used[cand[j]] = 1;
      kk_Question *q = &p->q[p->n++];
      q->card = it->card;
      q->deck_id = it->deck_id;
      q->pool = k;
      q->points = pool->points;
      q->time_limit_ms = pool->question_time_ms;
      if (it->card->type == KK_CARD_CLOZE)
        q->cloze = it->card->cloze_ords[kk_rng_below(&rng, it->card->ncloze)];
      if (!(q->key = item_key(&p->arena, it->card, q->cloze))) goto fail;
      if (!make_perm(p, q, spec, &rng)) goto fail;
      p->max_points += q->points;
    }
    if (!spec->shuffle_questions) {
      /* Unshuffled papers list each pool's cards in deck order. */
      size_t base = p->n - pool->count;
      for (size_t a = 1; a < pool->count; a++)
        for (size_t b = a; b > 0 && cand[b - 1] > cand[b]; b--) {
          size_t ti = cand[b - 1];
          cand[b - 1] = cand[b];
          cand[b] = ti;
          kk_Question tq = p->q[base + b - 1];
          p->q[base + b - 1] = p->q[base + b];
          p->q[base + b] = tq;
        }
    }
  }
  if (spec->shuffle_questions && p->n > 1) {
    for (size_t i = 0; i < p->n; i++) order[i] = i;
    shuffle(&rng, order, p->n);
    kk_Question *nq = kk_malloc(p->n * sizeof *nq);
    if (!nq) goto fail;
    for (size_t i = 0; i < p->n; i++) nq[i] = p->q[order[i]];
    kk_free(p->q);
    p->q = nq;
  }
  kk_free(used);
  kk_free(cand);
  kk_free(order);
  *out = p;
  return KK_OK;
fail:
  if (st == KK_ERR_NOMEM) kk_err_set(err, st, spec->path, 0, 0, "out of memory");
  kk_free(used);
  kk_free(cand);
  kk_free(order);
  kk_paper_free(p);
  return st;
}


#define PAPER_MAGIC "kioku-paper 1\n"

char *kk_paper_serialize(const kk_Paper *p) {
  kk_Buf b = {0};
  kk_buf_str(&b, PAPER_MAGIC);
  for (size_t i = 0; i < p->n; i++) {
    const kk_Question *q = &p->q[i];
    char num[96];
    kk_buf_str(&b, q->key);
    snprintf(num, sizeof num, "\t%zu\t%.17g\t%lld\t", q->pool, q->points,
             (long long)q->time_limit_ms);
    kk_buf_str(&b, num);
    for (size_t j = 0; j < q->nperm; j++) {
      snprintf(num, sizeof num, "%s%zu", j ? "," : "", q->perm[j] + 1);
      kk_buf_str(&b, num);
    }
    kk_buf_str(&b, "\n");
  }
  return kk_buf_take(&b);
}

int kk_answer_parse_list(const char *s, size_t *idx, size_t max, size_t limit) {
  int n = 0;
  const char *p = s;
  while (*p == ' ') p++;
  if (!*p) return 0;
  for (;;) {
    while (*p == ' ') p++;
    if (*p < '0' || *p > '9') return -1;
    size_t x = 0;
    while (*p >= '0' && *p <= '9') {
      x = x * 10 + (size_t)(*p++ - '0');
      if (x > 1000000) return -1;
    }
    if (x < 1 || x > limit || (size_t)n >= max) return -1;
    idx[n++] = x - 1;
    while (*p == ' ') p++;
    if (!*p) return n;
    if (*p != ',') return -1;
    p++;
  }
}

kk_Status kk_paper_parse(const char *text, const kk_ExamItem *items, size_t n,
                         kk_Paper **out, kk_Err *err) {
  *out = NULL;
  kk_Status st = KK_ERR_NOMEM;
  size_t lines = 0;
  if (strncmp(text, PAPER_MAGIC, strlen(PAPER_MAGIC)) != 0)
    return kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, "stored paper is damaged (no header)");
  const char *body = text + strlen(PAPER_MAGIC);
  for (const char *c = body; *c; c++) lines += *c == '\n';
  size_t blen = strlen(body);
  if (lines == 0 || body[blen - 1] != '\n')
    return kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0,
                      "stored paper is damaged (%s)", lines ? "cut short" : "no questions");
  kk_Paper *p = kk_calloc(1, sizeof *p);
  if (!p || !(p->q = kk_calloc(lines, sizeof *p->q))) goto fail; /* lines >= 1 */
  const char *line = body;
  while (*line) {
    const char *nl = strchr(line, '\n');
    if (!nl) break;
    char tmp[1024];
    size_t len = (size_t)(nl - line);
    if (len >= sizeof tmp) {
      st = kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, "stored paper line too long");
      goto fail;
    }
    memcpy(tmp, line, len);
    tmp[len] = '\0';
    line = nl + 1;
    char *f[5];
    int nf = 0;
    char *s = tmp;
    f[nf++] = s;
    while (nf < 5 && (s = strchr(s, '\t'))) *s++ = '\0', f[nf++] = s;
    if (nf != 5) {
      st = kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, "stored paper is damaged (question %zu)", p->n + 1);
      goto fail;
    }
    kk_Question *q = &p->q[p->n];
    size_t idlen = kk_item_key_card_len(f[0]);
    const kk_ExamItem *it = NULL;
    for (size_t i = 0; i < n && !it; i++)
      if (strlen(items[i].card->id) == idlen && !strncmp(items[i].card->id, f[0], idlen))
        it = &items[i];
    if (!it) {
      st = kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0,
                      "question %zu of the stored paper, card '%.*s', is no longer in the decks",
                      p->n + 1, (int)idlen, f[0]);
      goto fail;
    }
    q->card = it->card;
    q->deck_id = it->deck_id;
    if (!(q->key = kk_arena_strdup(&p->arena, f[0]))) goto fail;
    if (it->card->type == KK_CARD_CLOZE) {
      const char *suf = f[0] + idlen;
      q->cloze = strncmp(suf, "#c", 2) == 0 ? (int)strtol(suf + 2, NULL, 10) : 0;
    }
    q->pool = (size_t)strtoull(f[1], NULL, 10);
    q->points = strtod(f[2], NULL);
    q->time_limit_ms = strtoll(f[3], NULL, 10);
    size_t want = it->card->type == KK_CARD_CHOICE ? it->card->noptions
                  : it->card->type == KK_CARD_ORDER ? it->card->nitems : 0;
    if (want) {
      if (!(q->perm = kk_arena_alloc(&p->arena, want * sizeof *q->perm))) goto fail;
      int got = kk_answer_parse_list(f[4], q->perm, want, want);
      if (got != (int)want) {
        st = kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0,
                        "card '%s' changed since the paper was drawn (options differ)",
                        it->card->id);
        goto fail;
      }
      q->nperm = want;
    }
    p->max_points += q->points;
    p->n++;
  }
  *out = p;
  return KK_OK;
fail:
  if (st == KK_ERR_NOMEM) kk_err_set(err, st, NULL, 0, 0, "out of memory");
  kk_paper_free(p);
  return st;
}

/* ---- cloze ----------------------------------------------------------------------*/

int kk_cloze_prompt(const char *text, int ord, char *buf, size_t size) {
  kk_ClozeResult *r = kk_malloc(sizeof *r);
  if (!r) return -1;
  kk_cloze_parse(text, strlen(text), r);
  char *out = kk_cloze_render(text, r, ord, 0, "[", "]");
  kk_free(r);
  int n = -1;
  if (out && strlen(out) < size) {
    n = (int)strlen(out);
    memcpy(buf, out, (size_t)n + 1);
  }
  kk_free(out);
  return n;
}

int kk_cloze_answers(const char *text, int ord, char *buf, size_t size) {
  kk_ClozeResult *r = kk_malloc(sizeof *r);
  if (!r) return -1;
  kk_cloze_parse(text, strlen(text), r);
  int count = 0;
  size_t off = 0;
  if (size) buf[0] = '\0';
  for (size_t i = 0; i < r->n; i++) {
    const kk_ClozeSpan *sp = &r->spans[i];
    if (sp->ord != ord) continue;
    if (off + sp->ans_len + 2 > size) {
      count = -1;
      break;
    }
    if (count) buf[off++] = '\n';
    memcpy(buf + off, text + sp->ans, sp->ans_len);
    off += sp->ans_len;
    buf[off] = '\0';
    count++;
  }
  kk_free(r);
  return count;
}

/* ---- marking ----------------------------------------------------------------*/

/* The answer folded for comparison (text.h); NULL when out of memory.
** Caller kk_frees. */
static char *fold(const char *s) {
  char *out = NULL;
  if (kk_text_fold_answer(s, strlen(s), &out) != KK_OK) return NULL;
  return out;
}

int kk_exam_answer_matches(const char *given, const char *accepted) {
  char *g = fold(given);
  int m = g && *g && kk_text_answer_matches(given, &accepted, 1) != 0;
  kk_free(g);
  return m;
}

static double mark_choice(const kk_ExamSpec *spec, const kk_Card *c,
                          const char *answer) {
  size_t pick[256];
  int np = kk_answer_parse_list(answer, pick, 256, c->noptions);
  if (np <= 0) return 0;
  size_t right = 0, wrong = 0;
  unsigned char seen[256] = {0};
  for (int i = 0; i < np; i++) {
    if (pick[i] >= 256 || seen[pick[i]]) continue;
    seen[pick[i]] = 1;
    if (c->options[pick[i]].correct) right++;
    else wrong++;
  }
  if (c->ncorrect <= 1 || spec->choice_credit == KK_CHOICE_ALL_OR_NOTHING)
    return right == c->ncorrect && wrong == 0 ? 1.0 : 0.0;
  size_t nwrong = c->noptions - c->ncorrect;
  double f = (double)right / (double)c->ncorrect -
             (nwrong ? (double)wrong / (double)nwrong : 0.0);
  return f < 0 ? 0 : f;
}

static double mark_order(const kk_ExamSpec *spec, const kk_Card *c,
                         const char *answer) {
  size_t n = c->nitems;
  if (n < 1 || n > KK_DECK_MAX_ORDER_ITEMS) return 0;
  size_t a[KK_DECK_MAX_ORDER_ITEMS];
  unsigned char seen[KK_DECK_MAX_ORDER_ITEMS] = {0};
  if (kk_answer_parse_list(answer, a, KK_DECK_MAX_ORDER_ITEMS, n) != (int)n) return 0;
  for (size_t i = 0; i < n; i++) {
    if (seen[a[i]]) return 0; /* not a permutation */
    seen[a[i]] = 1;
  }
  if (spec->order_credit == KK_ORDER_PAIRWISE && n > 1) {
    size_t good = 0, pairs = n * (n - 1) / 2;
    for (size_t i = 0; i < n; i++)
      for (size_t j = i + 1; j < n; j++) good += a[i] < a[j];
    return (double)good / (double)pairs;
  }
  size_t at = 0;
  for (size_t i = 0; i < n; i++) at += a[i] == i;
  if (spec->order_credit == KK_ORDER_ALL_OR_NOTHING) return at == n ? 1.0 : 0.0;
  return (double)at / (double)n;
}

static double mark_numeric(const kk_Card *c, const char *answer) {
  char *f = fold(answer);
  if (!f) return 0;
  /* Drop the unit if the student wrote it, and thousands separators. */
  char *u = c->unit ? fold(c->unit) : NULL;
  size_t fl = strlen(f);
  if (u && *u && fl > strlen(u) && !strcmp(f + fl - strlen(u), u)) {
    f[fl - strlen(u)] = '\0';
  }
  kk_free(u);
  char clean[128];
  size_t k = 0;
  for (char *p = f; *p && k < sizeof clean - 1; p++)
    if (*p != ',' && *p != ' ') clean[k++] = *p;
  clean[k] = '\0';
  kk_free(f);
  if (!k) return 0;
  char *end;
  double x = strtod(clean, &end);
  if (*end || !isfinite(x)) return 0;
  double tol = c->tolerance > 0 ? c->tolerance : 0;
  double slack = 1e-9 * (fabs(c->value) > 1 ? fabs(c->value) : 1);
  return fabs(x - c->value) <= tol + slack ? 1.0 : 0.0;
}

static double mark_cloze(const kk_Card *c, int ord, const char *answer) {
  char want[4096];
  int nb = kk_cloze_answers(c->front, ord, want, sizeof want);
  if (nb <= 0) return 0;
  size_t good = 0;
  const char *w = want, *g = answer;
  for (int i = 0; i < nb; i++) {
    const char *wn = strchr(w, '\n');
    const char *gn = g ? strchr(g, '\n') : NULL;
    char wa[2048], ga[2048];
    size_t wl = wn ? (size_t)(wn - w) : strlen(w);
    size_t gl = g ? (gn ? (size_t)(gn - g) : strlen(g)) : 0;
    if (wl >= sizeof wa) wl = sizeof wa - 1;
    if (gl >= sizeof ga) gl = sizeof ga - 1;
    memcpy(wa, w, wl);
    wa[wl] = '\0';
    if (g) memcpy(ga, g, gl);
    ga[gl] = '\0';
    if (kk_exam_answer_matches(ga, wa)) good++;
    w = wn ? wn + 1 : w + wl;
    g = g && gn ? gn + 1 : NULL;
  }
  return (double)good / (double)nb;
}

double kk_question_mark(const kk_ExamSpec *spec, const kk_Question *q,
                        const char *answer) {
  const kk_Card *c = q->card;
  if (!answer || !*answer) return 0;
  switch (c->type) {
  case KK_CARD_CHOICE: return mark_choice(spec, c, answer);
  case KK_CARD_TRUEFALSE:
    return (!strcmp(answer, "true") && c->truth) ||
                   (!strcmp(answer, "false") && !c->truth)
               ? 1.0
               : 0.0;
  case KK_CARD_TYPED:
    for (size_t i = 0; i < c->nanswers; i++)
      if (kk_exam_answer_matches(answer, c->answers[i])) return 1.0;
    return 0;
  case KK_CARD_NUMERIC: return mark_numeric(c, answer);
  case KK_CARD_ORDER: return mark_order(spec, c, answer);
  case KK_CARD_CLOZE: return mark_cloze(c, q->cloze, answer);
  default: return 0;
  }
}

int kk_question_correct(const kk_Question *q, char *buf, size_t size) {
  const kk_Card *c = q->card;
  kk_Buf b = {0};
  char num[64];
  switch (c->type) {
  case KK_CARD_CHOICE:
    for (size_t i = 0, k = 0; i < c->noptions; i++)
      if (c->options[i].correct) {
        snprintf(num, sizeof num, "%s%zu", k++ ? "," : "", i + 1);
        kk_buf_str(&b, num);
      }
    break;
  case KK_CARD_TRUEFALSE: kk_buf_str(&b, c->truth ? "true" : "false"); break;
  case KK_CARD_TYPED: kk_buf_str(&b, c->nanswers ? c->answers[0] : ""); break;
  case KK_CARD_NUMERIC:
    snprintf(num, sizeof num, "%.15g", c->value);
    kk_buf_str(&b, num);
    break;
  case KK_CARD_ORDER:
    for (size_t i = 0; i < c->nitems; i++) {
      snprintf(num, sizeof num, "%s%zu", i ? "," : "", i + 1);
      kk_buf_str(&b, num);
    }
    break;
  case KK_CARD_CLOZE: {
    char tmp[4096];
    if (kk_cloze_answers(c->front, q->cloze, tmp, sizeof tmp) < 0) b.oom = 1;
    else kk_buf_str(&b, tmp);
    break;
  }
  default: break;
  }
  int r = -1;
  if (!b.oom && b.n < size) {
    memcpy(buf, b.p ? b.p : "", b.n + 1);
    r = (int)b.n;
  }
  kk_free(b.p);
  return r;
}

int kk_question_answer_text(const kk_Question *q, const char *answer,
                            char *buf, size_t size) {
  const kk_Card *c = q->card;
  kk_Buf b = {0};
  size_t idx[256];
  int n;
  if (!answer) answer = "";
  if (c->type == KK_CARD_CHOICE &&
      (n = kk_answer_parse_list(answer, idx, 256, c->noptions)) > 0) {
    for (int i = 0; i < n; i++) {
      if (i) kk_buf_str(&b, " | ");
      kk_buf_str(&b, c->options[idx[i]].text);
    }
  } else if (c->type == KK_CARD_ORDER &&
             (n = kk_answer_parse_list(answer, idx, 256, c->nitems)) > 0) {
    for (int i = 0; i < n; i++) {
      if (i) kk_buf_str(&b, " > ");
      kk_buf_str(&b, c->items[idx[i]]);
    }
  } else {
    kk_buf_str(&b, answer);
  }
  int r = -1;
  if (!b.oom && b.n < size) {
    memcpy(buf, b.p ? b.p : "", b.n + 1);
    r = (int)b.n;
  }
  kk_free(b.p);
  return r;
}
