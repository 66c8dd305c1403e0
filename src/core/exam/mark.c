/*
** mark.c -- marking answers per card type, with the spec's partial credit.
*/
#include "core/exam/mark.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/num.h"
#include "core/base/utf8.h"
#include "core/deck/cloze.h"
#include "core/deck/text.h"

/* The answer folded for comparison (text.h); NULL when out of memory.
** Caller kk_frees. */
static char *fold(const char *s) {
  char *out = NULL;
  if (kk_text_fold_answer(s, strlen(s), &out) != KK_OK) return NULL;
  return out;
}

int kk_mark_matches(const char *given, const char *accepted) {
  return kk_mark_matches_flags(given, accepted, 0);
}

/* 1 if given, not blank once folded, matches one of the n accepted answers:
** given is folded once for the blank test and once or twice (kana kept,
** then folded) for all of them together, not again for each. */
static int matches_any(const char *given, const char *const *accepted, size_t n, unsigned flags) {
  char *g = fold(given);
  int m = g && *g && kk_text_answer_match(given, accepted, n, flags, NULL) != 0;
  kk_free(g);
  return m;
}

int kk_mark_matches_flags(const char *given, const char *accepted, unsigned flags) {
  return matches_any(given, &accepted, 1, flags);
}

/* The folding the card's deck asks for. */
static unsigned card_fold(const kk_Card *c) { return c->kana_exact ? KK_TEXT_FOLD_NO_KANA : 0; }

static double mark_choice(const kk_ExamSpec *spec, const kk_Card *c, const char *answer) {
  size_t pick[256];
  int np = kk_paper_parse_list(answer, pick, 256, c->noptions);
  if (np <= 0) return 0;
  size_t right = 0, wrong = 0;
  unsigned char seen[256] = {0};
  for (int i = 0; i < np; i++) {
    if (pick[i] >= 256 || seen[pick[i]]) continue;
    seen[pick[i]] = 1;
    if (c->options[pick[i]].correct)
      right++;
    else
      wrong++;
  }
  if (c->ncorrect <= 1 || spec->choice_credit == KK_CHOICE_ALL_OR_NOTHING)
    return right == c->ncorrect && wrong == 0 ? 1.0 : 0.0;
  size_t nwrong = c->noptions - c->ncorrect;
  double f = (double)right / (double)c->ncorrect - (nwrong ? (double)wrong / (double)nwrong : 0.0);
  return f < 0 ? 0 : f;
}

static double mark_order(const kk_ExamSpec *spec, const kk_Card *c, const char *answer) {
  size_t n = c->nitems;
  if (n < 1 || n > KK_DECK_MAX_ORDER_ITEMS) return 0;
  size_t a[KK_DECK_MAX_ORDER_ITEMS];
  unsigned char seen[KK_DECK_MAX_ORDER_ITEMS] = {0};
  if (kk_paper_parse_list(answer, a, KK_DECK_MAX_ORDER_ITEMS, n) != (int)n) return 0;
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

int kk_mark_number(const kk_Card *c, const char *typed) {
  /* digits, signs and separators as ASCII; anything else kept for the unit */
  char buf[256];
  size_t o = 0, len = strlen(typed), i = 0;
  while (i < len && o + 8 < sizeof buf) {
    size_t at = i;
    int32_t cp = kk_utf8_next(typed, len, &i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; /* full-width ASCII */
    if (cp == 0x3000) cp = ' ';
    if (cp == 0x2212) cp = '-'; /* minus sign */
    if (cp == ',' || cp == '_') continue;
    if (cp >= 0 && cp < 0x80)
      buf[o++] = (char)cp;
    else {
      memcpy(buf + o, typed + at, i - at);
      o += i - at;
    }
  }
  if (i < len) return -1; /* longer than any number with a unit */
  buf[o] = '\0';
  /* spaces between digits ("1 000") go */
  size_t k = 0;
  for (size_t j = 0; j < o; j++)
    if (!(buf[j] == ' ' && k > 0 && buf[k - 1] >= '0' && buf[k - 1] <= '9' && j + 1 < o &&
          ((buf[j + 1] >= '0' && buf[j + 1] <= '9') || buf[j + 1] == ' ')))
      buf[k++] = buf[j];
  buf[k] = '\0';
  const char *p = buf;
  while (*p == ' ') p++;
  /* the longest start that is a number, with nothing or the unit after it */
  for (size_t n = strlen(p); n > 0; n--) {
    double v;
    if (!kk_num_parse(p, n, &v)) continue;
    const char *rest = p + n;
    while (*rest == ' ') rest++;
    if (*rest) {
      const char *u[1] = {c->unit};
      if (!c->unit || !kk_text_answer_matches(rest, u, 1)) continue;
    }
    double tol = c->tolerance > 0 ? c->tolerance : 0;
    double slack = 1e-9 * (fabs(c->value) > 1 ? fabs(c->value) : 1);
    return fabs(v - c->value) <= tol + slack ? 1 : 0;
  }
  return -1;
}

/* Cuts s at its next '\n' (which becomes NUL); returns the rest, or NULL
** at the end. */
static char *cut_line(char *s) {
  char *nl = strchr(s, '\n');
  if (!nl) return NULL;
  *nl = '\0';
  return nl + 1;
}

/* Each blank's answer against its line of the answer, whole (no length
** limit on either): the share of blanks right. */
static double mark_cloze(const kk_Card *c, int ord, const char *answer) {
  int nb = 0;
  char *want = kk_cloze_answers(c->front, ord, &nb);
  char *given = kk_strdup(answer);
  size_t good = 0;
  if (want && given && nb > 0) {
    char *w = want, *g = given;
    for (int i = 0; i < nb && w; i++) {
      char *wn = cut_line(w), *gn = g ? cut_line(g) : NULL;
      if (kk_mark_matches_flags(g ? g : "", w, card_fold(c))) good++;
      w = wn;
      g = gn;
    }
  }
  kk_free(want);
  kk_free(given);
  return nb > 0 ? (double)good / (double)nb : 0;
}

double kk_mark_question(const kk_ExamSpec *spec, const kk_Question *q, const char *answer) {
  const kk_Card *c = q->card;
  if (!answer || !*answer) return 0;
  switch (c->type) {
  case KK_CARD_CHOICE: return mark_choice(spec, c, answer);
  case KK_CARD_TRUEFALSE:
    return (!strcmp(answer, "true") && c->truth) || (!strcmp(answer, "false") && !c->truth) ? 1.0
                                                                                            : 0.0;
  case KK_CARD_TYPED: return matches_any(answer, c->answers, c->nanswers, card_fold(c)) ? 1.0 : 0.0;
  case KK_CARD_NUMERIC: return kk_mark_number(c, answer) == 1 ? 1.0 : 0.0;
  case KK_CARD_ORDER: return mark_order(spec, c, answer);
  case KK_CARD_CLOZE: return mark_cloze(c, q->cloze, answer);
  default: return 0;
  }
}

int kk_mark_correct(const kk_Question *q, char *buf, size_t size) {
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
    int nb = 0;
    char *all = kk_cloze_answers(c->front, q->cloze, &nb);
    if (!all)
      b.oom = 1;
    else
      kk_buf_str(&b, all);
    kk_free(all);
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

int kk_mark_answer_text(const kk_Question *q, const char *answer, char *buf, size_t size) {
  const kk_Card *c = q->card;
  kk_Buf b = {0};
  size_t idx[256];
  int n;
  if (!answer) answer = "";
  if (c->type == KK_CARD_CHOICE && (n = kk_paper_parse_list(answer, idx, 256, c->noptions)) > 0) {
    for (int i = 0; i < n; i++) {
      if (i) kk_buf_str(&b, " | ");
      kk_buf_str(&b, c->options[idx[i]].text);
    }
  } else if (c->type == KK_CARD_ORDER &&
             (n = kk_paper_parse_list(answer, idx, 256, c->nitems)) > 0) {
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
