/*
** paper.c -- drawing exam papers.
**
** Divisions:
**   papers           building, serializing, parsing
**   cloze            prompts and answers of {{cN::answer::hint}} markers
** (marking is mark.c; the random numbers are base/rng.c)
*/
#include "core/exam/paper.h"
#include "core/base/i18n.h"
#include "core/base/hash.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/buf.h"
#include "core/base/date.h"
#include "core/deck/cloze.h"
#include "core/deck/text.h"

uint64_t kk_exam_student_seed(const kk_ExamSpec *spec, const char *student_no) {
  if (spec->seed_mode == KK_SEED_CLASS || !student_no) return spec->seed;
  uint64_t h = kk_hash_bytes(student_no, strlen(student_no), KK_HASH_INIT);
  return kk_rng_mix64(spec->seed ^ kk_rng_mix64(h));
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
  size_t size = strlen(c->id) + 16; /* "#c" and the number */
  char *k = kk_arena_alloc(a, size);
  return k && kk_item_key_write(c->id, cloze, 0, k, size) >= 0 ? k : NULL;
}

static int identity(const size_t *a, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != i) return 0;
  return 1;
}

/* Fills q's permutation for the card type. */
static int make_perm(kk_Paper *p, kk_Question *q, const kk_ExamSpec *spec, kk_Rng *r) {
  const kk_Card *c = q->card;
  size_t n = c->type == KK_CARD_CHOICE ? c->noptions : c->type == KK_CARD_ORDER ? c->nitems : 0;
  q->nperm = n;
  if (!n) return 1;
  q->perm = kk_arena_alloc(&p->arena, n * sizeof *q->perm);
  if (!q->perm) return 0;
  for (size_t i = 0; i < n; i++) q->perm[i] = i;
  if (c->type == KK_CARD_CHOICE) {
    /* options marked `fixed` (e.g. "none of the above") keep their place */
    unsigned char keep[32] = {0};
    int any = 0;
    for (size_t i = 0; i < n && n <= sizeof keep; i++) {
      keep[i] = c->options[i].fixed != 0;
      any |= keep[i];
    }
    if (spec->shuffle_choices) kk_rng_shuffle(r, q->perm, n, any ? keep : NULL);
  } else {
    /* Order items are always shown out of order, else the answer shows. */
    for (int tries = 0; tries < 64 && identity(q->perm, n); tries++)
      kk_rng_shuffle(r, q->perm, n, NULL);
    if (identity(q->perm, n)) {
      size_t t = q->perm[0];
      memmove(q->perm, q->perm + 1, (n - 1) * sizeof *q->perm);
      q->perm[n - 1] = t;
    }
  }
  return 1;
}

kk_Status kk_paper_build(const kk_ExamSpec *spec, const kk_ExamItem *items, size_t n, uint64_t seed,
                         kk_Paper **out, kk_Err *err) {
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
      if (!used[i] && kk_exam_pool_accepts(pool, items[i].deck_id, items[i].card)) cand[nc++] = i;
    if (nc < pool->count) {
      char asked[48];
      snprintf(asked, sizeof asked, kk_ngettext("%zu question", "%zu questions", pool->count),
               pool->count);
      st = kk_err_set(err, KK_ERR_INVALID, spec->path, pool->count_line, pool->count_col,
                      kk_ngettext("%s asks for %s but only %zu unused card matches it",
                                  "%s asks for %s but only %zu unused cards match it", nc),
                      pool->name, asked, nc);
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
    kk_rng_shuffle(&rng, order, p->n, NULL);
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
  if (st == KK_ERR_NOMEM) kk_err_set(err, st, spec->path, 0, 0, _("out of memory"));
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

int kk_paper_parse_list(const char *s, size_t *idx, size_t max, size_t limit) {
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

kk_Status kk_paper_parse(const char *text, const kk_ExamItem *items, size_t n, kk_Paper **out,
                         kk_Err *err) {
  *out = NULL;
  kk_Status st = KK_ERR_NOMEM;
  size_t lines = 0;
  if (strncmp(text, PAPER_MAGIC, strlen(PAPER_MAGIC)) != 0)
    return kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, _("stored paper is damaged (no header)"));
  const char *body = text + strlen(PAPER_MAGIC);
  for (const char *c = body; *c; c++) lines += *c == '\n';
  size_t blen = strlen(body);
  if (lines == 0 || body[blen - 1] != '\n')
    return kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, _("stored paper is damaged (%s)"),
                      lines ? _("cut short") : _("no questions"));
  kk_Paper *p = kk_calloc(1, sizeof *p);
  if (!p || !(p->q = kk_calloc(lines, sizeof *p->q))) goto fail; /* lines >= 1 */
  const char *line = body;
  while (*line) {
    const char *nl = strchr(line, '\n');
    if (!nl) break;
    char tmp[1024];
    size_t len = (size_t)(nl - line);
    if (len >= sizeof tmp) {
      st = kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, _("stored paper line too long"));
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
    if (nf != 5) goto damaged;
    kk_Question *q = &p->q[p->n];
    size_t idlen = kk_item_key_card_len(f[0]);
    const kk_ExamItem *it = NULL;
    for (size_t i = 0; i < n && !it; i++)
      if (strlen(items[i].card->id) == idlen && !strncmp(items[i].card->id, f[0], idlen))
        it = &items[i];
    if (!it) {
      st = kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0,
                      _("question %zu of the stored paper, card '%.*s', is no longer in the decks"),
                      p->n + 1, (int)idlen, f[0]);
      goto fail;
    }
    q->card = it->card;
    q->deck_id = it->deck_id;
    if (!(q->key = kk_arena_strdup(&p->arena, f[0]))) goto fail;
    /* The store is the student's to edit: every number is held to what
    ** kk_paper_build can write before it is used. */
    char *end;
    if (it->card->type == KK_CARD_CLOZE) {
      int c = kk_item_key_cloze(f[0]), has = 0;
      for (size_t k = 0; c > 0 && k < it->card->ncloze && !has; k++)
        has = it->card->cloze_ords[k] == c; /* a blank the card has */
      if (!has) goto damaged;
      q->cloze = c;
    }
    q->pool = (size_t)strtoull(f[1], NULL, 10);
    q->points = strtod(f[2], &end);
    if (end == f[2] || *end || !kk_exam_points_ok(q->points)) goto damaged;
    long long tl = strtoll(f[3], &end, 10);
    if (end == f[3] || *end || !kk_time_ok(tl)) goto damaged;
    q->time_limit_ms = tl;
    size_t want = it->card->type == KK_CARD_CHOICE  ? it->card->noptions
                  : it->card->type == KK_CARD_ORDER ? it->card->nitems
                                                    : 0;
    if (want) {
      if (!(q->perm = kk_arena_alloc(&p->arena, want * sizeof *q->perm))) goto fail;
      int got = kk_paper_parse_list(f[4], q->perm, want, want);
      if (got != (int)want) {
        st = kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0,
                        _("card '%s' changed since the paper was drawn (options differ)"),
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
damaged:
  st = kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, _("stored paper is damaged (question %zu)"),
                  p->n + 1);
fail:
  if (st == KK_ERR_NOMEM) kk_err_set(err, st, NULL, 0, 0, _("out of memory"));
  kk_paper_free(p);
  return st;
}

/* ---- cloze ----------------------------------------------------------------------*/

char *kk_cloze_prompt(const char *text, int ord) {
  kk_ClozeResult *r = kk_malloc(sizeof *r);
  if (!r) return NULL;
  kk_cloze_parse(text, strlen(text), r);
  char *out = kk_cloze_render(text, r, ord, 0, "[", "]");
  kk_free(r);
  return out;
}

char *kk_cloze_answers(const char *text, int ord, int *count) {
  *count = 0;
  kk_ClozeResult *r = kk_malloc(sizeof *r);
  if (!r) return NULL;
  kk_cloze_parse(text, strlen(text), r);
  kk_Buf b = {NULL, 0, 0, 0};
  int n = 0;
  for (size_t i = 0; i < r->n; i++) {
    const kk_ClozeSpan *sp = &r->spans[i];
    if (sp->ord != ord) continue;
    if (n++) kk_buf_add(&b, "\n", 1);
    kk_buf_add(&b, text + sp->ans, sp->ans_len);
  }
  kk_free(r);
  char *out = kk_buf_take(&b); /* "" with no blanks */
  if (out) *count = n;
  return out;
}
