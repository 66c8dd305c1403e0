/*
** cloze.c -- cloze marker parsing and rendering.
*/
#include "core/deck/cloze.h"

#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/i18n.h"

static const char *find2(const char *s, size_t from, size_t len, char c) {
  for (size_t i = from; i + 1 < len; i++)
    if (s[i] == c && s[i + 1] == c) return s + i;
  return NULL;
}

kk_ClozeProblem kk_cloze_parse(const char *t, size_t len, kk_ClozeResult *r) {
  memset(r, 0, offsetof(kk_ClozeResult, spans));
  r->n = 0;
  r->max_ord = 0;
  r->problem = KK_CLOZE_OK;
  r->problem_at = 0;
  r->missing_ord = 0;
  unsigned char seen[KK_CLOZE_MAX_ORD + 1] = {0};
  size_t i = 0;
  while (i < len) {
    const char *open = find2(t, i, len, '{');
    const char *close = find2(t, i, len, '}');
    if (close && (!open || close < open)) {
      r->problem = KK_CLOZE_STRAY_CLOSE;
      r->problem_at = (size_t)(close - t);
      return r->problem;
    }
    if (!open) break;
    size_t s = (size_t)(open - t), p = s + 2;
    /* cN:: */
    if (p >= len || (t[p] != 'c' && t[p] != 'C')) goto bad_head;
    p++;
    int ord = 0, digits = 0;
    while (p < len && t[p] >= '0' && t[p] <= '9' && digits < 3)
      ord = ord * 10 + (t[p] - '0'), p++, digits++;
    if (!digits || ord < 1 || ord > KK_CLOZE_MAX_ORD) goto bad_head;
    if (p + 1 >= len || t[p] != ':' || t[p + 1] != ':') goto bad_head;
    p += 2;
    const char *end = find2(t, p, len, '}');
    const char *inner = find2(t, p, len, '{');
    if (!end) {
      r->problem = KK_CLOZE_UNCLOSED;
      r->problem_at = s;
      return r->problem;
    }
    if (inner && inner < end) {
      r->problem = KK_CLOZE_NESTED;
      r->problem_at = (size_t)(inner - t);
      return r->problem;
    }
    size_t e = (size_t)(end - t);
    /* answer :: hint */
    size_t ans = p, ans_len = e - p, hint = 0, hint_len = 0;
    for (size_t k = p; k + 1 < e; k++)
      if (t[k] == ':' && t[k + 1] == ':') {
        ans_len = k - p;
        hint = k + 2;
        hint_len = e - hint;
        break;
      }
    int blank = 1;
    for (size_t k = ans; k < ans + ans_len; k++)
      if (t[k] != ' ' && t[k] != '\t') blank = 0;
    if (blank) {
      r->problem = KK_CLOZE_EMPTY;
      r->problem_at = s;
      return r->problem;
    }
    if (r->n == KK_CLOZE_MAX_SPANS) {
      r->problem = KK_CLOZE_TOO_MANY;
      r->problem_at = s;
      return r->problem;
    }
    kk_ClozeSpan *sp = &r->spans[r->n++];
    sp->ord = ord;
    sp->start = s;
    sp->end = e + 2;
    sp->ans = ans;
    sp->ans_len = ans_len;
    sp->hint = hint;
    sp->hint_len = hint_len;
    seen[ord] = 1;
    if (ord > r->max_ord) r->max_ord = ord;
    i = e + 2;
    continue;
  bad_head:
    r->problem = KK_CLOZE_BAD_HEAD;
    r->problem_at = s;
    return r->problem;
  }
  if (r->n == 0) {
    r->problem = KK_CLOZE_NONE;
    return r->problem;
  }
  for (int k = 1; k <= r->max_ord; k++)
    if (!seen[k]) {
      r->problem = KK_CLOZE_GAP;
      r->missing_ord = k;
      for (size_t j = 0; j < r->n; j++)
        if (r->spans[j].ord > k) {
          r->problem_at = r->spans[j].start;
          break;
        }
      return r->problem;
    }
  return KK_CLOZE_OK;
}

const char *kk_cloze_problem_str(kk_ClozeProblem p) {
  switch (p) {
  case KK_CLOZE_OK: return _("no problem");
  case KK_CLOZE_UNCLOSED: return _("cloze marker '{{' is not closed with '}}'");
  case KK_CLOZE_STRAY_CLOSE: return _("'}}' closes no cloze marker");
  case KK_CLOZE_BAD_HEAD:
    return _("cloze marker must start '{{c1::' (c followed by a number from 1 to 99, then '::')");
  case KK_CLOZE_EMPTY: return _("cloze marker has an empty answer");
  case KK_CLOZE_NESTED: return _("cloze markers cannot be nested");
  case KK_CLOZE_TOO_MANY: return _("too many cloze markers in one text (the limit is 256)");
  case KK_CLOZE_NONE: return _("cloze text has no {{c1::...}} marker");
  case KK_CLOZE_GAP: return _("cloze numbers must start at c1 and have no gaps");
  }
  return _("cloze problem");
}

static void puts0(kk_Buf *b, const char *s) {
  if (s) kk_buf_str(b, s);
}

char *kk_cloze_render(const char *t, const kk_ClozeResult *r, int ord, int reveal, const char *open,
                      const char *close) {
  kk_Buf b = {0};
  size_t at = 0;
  for (size_t i = 0; i < r->n; i++) {
    const kk_ClozeSpan *sp = &r->spans[i];
    kk_buf_add(&b, t + at, sp->start - at);
    if (sp->ord != ord) {
      kk_buf_add(&b, t + sp->ans, sp->ans_len);
    } else if (reveal) {
      puts0(&b, open);
      kk_buf_add(&b, t + sp->ans, sp->ans_len);
      puts0(&b, close);
    } else {
      puts0(&b, open);
      if (sp->hint_len)
        kk_buf_add(&b, t + sp->hint, sp->hint_len);
      else
        kk_buf_add(&b, "...", 3);
      puts0(&b, close);
    }
    at = sp->end;
  }
  kk_buf_add(&b, t + at, strlen(t + at));
  return kk_buf_take(&b);
}

char *kk_cloze_answer(const char *t, const kk_ClozeResult *r, int ord) {
  kk_Buf b = {0};
  int first = 1;
  for (size_t i = 0; i < r->n; i++) {
    const kk_ClozeSpan *sp = &r->spans[i];
    if (sp->ord != ord) continue;
    if (!first) kk_buf_add(&b, " / ", 3);
    kk_buf_add(&b, t + sp->ans, sp->ans_len);
    first = 0;
  }
  return kk_buf_take(&b);
}

char *kk_cloze_renumber(const char *text, const kk_ClozeResult *r,
                        unsigned char map[KK_CLOZE_MAX_ORD + 1]) {
  memset(map, 0, KK_CLOZE_MAX_ORD + 1);
  for (size_t i = 0; i < r->n; i++) map[r->spans[i].ord] = 1;
  unsigned char next = 0;
  for (int k = 1; k <= KK_CLOZE_MAX_ORD; k++)
    if (map[k]) map[k] = ++next;
  kk_Buf b = {0};
  size_t at = 0;
  for (size_t i = 0; i < r->n; i++) {
    const kk_ClozeSpan *sp = &r->spans[i];
    size_t digits = sp->start + 3; /* after "{{c" */
    kk_buf_add(&b, text + at, digits - at);
    char num[8];
    int w = snprintf(num, sizeof num, "%u", (unsigned)map[sp->ord]);
    kk_buf_add(&b, num, (size_t)w);
    at = digits;
    while (text[at] >= '0' && text[at] <= '9') at++;
  }
  kk_buf_str(&b, text + at);
  return kk_buf_take(&b);
}
