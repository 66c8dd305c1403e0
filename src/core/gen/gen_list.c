/*
** gen_list.c -- the list and table miners of the deck generator: order
** cards from numbered lists, "which is missing" choice cards with
** same-kind distractors from other lists, cloze cards on table rows.
**
** Divisions: lists -- tables.
*/
#include <stdlib.h>

#include "core/gen/gen_int.h"

/* ---- lists ------------------------------------------------------------------ */

typedef struct List {
  size_t items[LIST_MAX + 1];
  size_t n;
  int marker, indent, section;
  int overflow;
} List;

/* The label of an item: the part before a colon when there is a body
** after it ("防衛費の再定義:NATO…" -> "防衛費の再定義"). */
static void item_label(const Line *l, const char **s, size_t *n) {
  *s = l->text;
  *n = l->tlen;
  for (size_t i = 0; i < l->tlen; i++) {
    size_t cl = 0;
    if (l->text[i] == ':' && i + 1 < l->tlen)
      cl = 1;
    else if (starts(l->text + i, l->tlen - i, "：") && i + 3 < l->tlen)
      cl = 3;
    if (cl) {
      if (kk_utf8_count(l->text, i) <= LABEL_MAX_CP && i > 0) *n = i;
      break;
    }
  }
}

/* ASCII or full-width digits (U+FF10..U+FF19: EF BC 90..99). */
static int has_digit(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] >= '0' && s[i] <= '9') return 1;
    if (i + 2 < n && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
        (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99)
      return 1;
  }
  return 0;
}

static void pool_add(Gen *g, const char *label, int list) {
  if (g->npool == g->apool) {
    size_t na = kk_grow_cap(g->apool, g->npool + 1, sizeof(const char *), 32);
    const char **np = kk_realloc_array(g->pool, na, sizeof *np);
    if (!np) {
      g->oom = 1;
      return;
    }
    g->pool = np;
    int *nl = kk_realloc_array(g->pool_list, na, sizeof *nl);
    if (!nl) {
      g->oom = 1;
      return;
    }
    g->pool_list = nl;
    g->apool = na;
  }
  g->pool[g->npool] = label;
  g->pool_list[g->npool++] = list;
}

/* Turns a finished list into candidates (order for numbered lists, then a
** "which is missing" choice drafted now and completed with distractors in
** finish_missing once every list is known). */
static void list_done(Gen *g, List *L) {
  if (L->n == 0) return;
  g->st.lists++;
  if (L->overflow || L->n < LIST_MIN || reference_section(g, L->section)) return;
  const char **labels = kk_arena_alloc(&g->arena, L->n * sizeof *labels);
  if (!labels) {
    g->oom = 1;
    return;
  }
  for (size_t i = 0; i < L->n; i++) {
    const Line *l = &g->lines[L->items[i]];
    const char *s;
    size_t n;
    item_label(l, &s, &n);
    if (kk_utf8_count(s, n) > LABEL_MAX_CP || ends(s, n, "、") || ends(s, n, ",") ||
        has_markup(s, n))
      return;
    if (g->markdown) {
      kk_Buf lb = {0};
      kk_gen_mine_inline_md(&lb, s, n);
      labels[i] = sb_done(g, &lb);
    } else
      labels[i] = adup(g, s, n);
    if (!labels[i]) return;
  }
  int id = g->nlists++;
  /* the heading names the list in the question, without its numbering
  ** ("2.主要国別の特徴" -> "主要国別の特徴"), and only if no figure is left */
  const Line *h = &g->lines[L->section];
  const char *ht = h->text;
  size_t hn = h->tlen;
  size_t q = 0;
  while (q < hn && ht[q] >= '0' && ht[q] <= '9') q++;
  if (q > 0 && q < hn && (ht[q] == '.' || ht[q] == ')'))
    ht += q + 1, hn -= q + 1;
  else if (hn > 3 && (unsigned char)ht[0] == 0xE2 && (unsigned char)ht[1] == 0x91 &&
           (unsigned char)ht[2] >= 0xA0 && (unsigned char)ht[2] <= 0xB3)
    ht += 3, hn -= 3; /* ①..⑳ */
  trim(&ht, &hn);
  int show_heading = hn > 0 && !has_digit(ht, hn);
  char *heading = adup(g, ht, hn);
  if (!heading) return;
  int line = (int)L->items[0] + 1;
  if (L->marker == M_NUMBER) {
    Cand *c = new_cand(g, KK_GEN_ORDER, L->section, line);
    if (!c) return;
    kk_Buf b = {0};
    if (ja(g)) {
      if (show_heading) kk_buf_str(&b, "「"), kk_buf_str(&b, heading), kk_buf_str(&b, "」に");
      kk_buf_str(&b, "挙げられている項目を、文書の順に並べよ。");
    } else {
      kk_buf_str(&b, "Put the items listed");
      if (show_heading) kk_buf_str(&b, " under \""), kk_buf_str(&b, heading), kk_buf_str(&b, "\"");
      kk_buf_str(&b, " in the document's order.");
    }
    c->front = sb_done(g, &b);
    c->items = labels;
    c->nitems = L->n;
    kk_Buf k = {0};
    kk_buf_str(&k, "order:");
    for (size_t i = 0; i < L->n; i++) kk_buf_str(&k, labels[i]), kk_buf_str(&k, "\n");
    c->key = sb_done(g, &k);
    c->score = 6 + (L->n >= 4 ? 0.5 : 0);
  }
  for (size_t i = 0; i < L->n; i++)
    if (!has_digit(labels[i], strlen(labels[i]))) pool_add(g, labels[i], id);
  Cand *c = new_cand(g, KK_GEN_MISSING, L->section, line);
  if (!c) return;
  uint64_t hsh = KK_HASH_INIT;
  for (size_t i = 0; i < L->n; i++) hsh = hash_str(hsh, labels[i]);
  size_t miss = (size_t)(hsh % L->n);
  /* items holds the whole list for now, answer the missing index + 1 and
  ** back the heading to show, until finish_missing */
  c->items = labels;
  c->nitems = L->n;
  c->answer = miss + 1;
  c->back = show_heading ? heading : NULL;
  c->score = 5;
  c->line = (int)L->items[miss] + 1;
  c->list = id;
}

void kk_gen_list_mine(Gen *g) {
  List stack[4];
  int depth = 0;
  for (size_t i = 0; i < g->nlines && !g->oom; i++) {
    const Line *l = &g->lines[i];
    if (l->kind == L_BLANK || l->kind == L_SKIP) continue;
    if (l->kind == L_ITEM) {
      while (depth > 0 &&
             (stack[depth - 1].indent > l->indent || stack[depth - 1].section != l->section))
        list_done(g, &stack[--depth]);
      if (depth > 0 && stack[depth - 1].indent == l->indent && stack[depth - 1].marker != l->marker)
        list_done(g, &stack[--depth]);
      if (depth == 0 || stack[depth - 1].indent < l->indent) {
        if (depth == 4) list_done(g, &stack[--depth]);
        stack[depth++] = (List){.marker = l->marker, .indent = l->indent, .section = l->section};
      }
      List *L = &stack[depth - 1];
      if (L->n < LIST_MAX)
        L->items[L->n++] = i;
      else
        L->overflow = 1;
      continue;
    }
    if (l->kind == L_TEXT && l->indent > 0 && depth > 0) continue; /* continuation */
    while (depth > 0) list_done(g, &stack[--depth]);
  }
  while (depth > 0) list_done(g, &stack[--depth]);
}

/* Completes the "missing" drafts: question with the other items, options
** with the missing one and three labels of other lists of the same kind
** (the same last word: 強化 for 強化, not a list of unrelated things);
** without three of them the draft is dropped. */
void kk_gen_list_missing(Gen *g) {
  const char **kinds = kk_calloc(g->npool ? g->npool : 1, sizeof *kinds);
  if (!kinds) {
    g->oom = 1;
    return;
  }
  for (size_t p = 0; p < g->npool; p++) kinds[p] = kk_gen_ctx_label_kind(g, g->pool[p]);
  for (size_t ci = 0; ci < g->ncands && !g->oom; ci++) {
    Cand *c = &g->cands[ci];
    if (c->kind != KK_GEN_MISSING) continue;
    int list = c->list;
    size_t miss = c->answer - 1;
    const char **labels = c->items;
    size_t n = c->nitems;
    const char *opts[4];
    size_t nopts = 0;
    opts[nopts++] = labels[miss];
    /* distractors: labels of other lists, in a stable order keyed by
    ** hash(this list, label) */
    uint64_t best[3] = {UINT64_MAX, UINT64_MAX, UINT64_MAX};
    const char *pick[3] = {NULL, NULL, NULL};
    uint64_t base = hash_str(KK_HASH_INIT, labels[miss]);
    const char *want = kk_gen_ctx_label_kind(g, labels[miss]);
    for (size_t p = 0; p < g->npool; p++) {
      if (g->pool_list[p] == list || !want || !kinds[p] || strcmp(kinds[p], want) != 0) continue;
      int clash = 0;
      for (size_t i = 0; i < n; i++)
        if (strcmp(g->pool[p], labels[i]) == 0) clash = 1;
      for (int q = 0; q < 3; q++)
        if (pick[q] && strcmp(pick[q], g->pool[p]) == 0) clash = 1;
      if (clash) continue;
      uint64_t h = hash_str(base, g->pool[p]);
      for (int q = 0; q < 3; q++)
        if (h < best[q]) {
          for (int r = 2; r > q; r--) best[r] = best[r - 1], pick[r] = pick[r - 1];
          best[q] = h;
          pick[q] = g->pool[p];
          break;
        }
    }
    for (int q = 0; q < 3; q++)
      if (pick[q]) opts[nopts++] = pick[q];
    if (nopts < 4) { /* not enough distractors: drop the draft */
      g->st.found[KK_GEN_MISSING]--;
      c->score = -1e9;
      continue;
    }
    /* place the answer at a stable position */
    size_t pos = (size_t)(base % 4);
    const char *tmp = opts[0];
    opts[0] = opts[pos];
    opts[pos] = tmp;
    const char **o = kk_arena_alloc(&g->arena, 4 * sizeof *o);
    if (!o) {
      g->oom = 1;
      break;
    }
    memcpy(o, opts, sizeof opts);
    kk_Buf b = {0};
    if (ja(g)) {
      if (c->back) kk_buf_str(&b, "「"), kk_buf_str(&b, c->back), kk_buf_str(&b, "」の");
      kk_buf_str(&b, "次の一覧から欠けている項目はどれか。");
      for (size_t i = 0; i < n; i++)
        if (i != miss) kk_buf_str(&b, "\n・"), kk_buf_str(&b, labels[i]);
    } else {
      kk_buf_str(&b, "Which item is missing from this list");
      if (c->back) kk_buf_str(&b, " under \""), kk_buf_str(&b, c->back), kk_buf_str(&b, "\"");
      kk_buf_str(&b, "?");
      for (size_t i = 0; i < n; i++)
        if (i != miss) kk_buf_str(&b, "\n- "), kk_buf_str(&b, labels[i]);
    }
    c->front = sb_done(g, &b);
    kk_Buf k = {0};
    kk_buf_str(&k, "missing:");
    for (size_t i = 0; i < n; i++) kk_buf_str(&k, labels[i]), kk_buf_str(&k, "\n");
    kk_buf_str(&k, labels[miss]);
    c->key = sb_done(g, &k);
    c->back = NULL;
    c->items = o;
    c->nitems = 4;
    c->answer = pos + 1;
  }
  kk_free(kinds);
}

/* ---- tables ----------------------------------------------------------------- */

/* Splits a "| a | b |" row into trimmed cells (at most max). */
static size_t cells(const Line *l, const char **cs, size_t *cl, size_t max) {
  const char *t = l->text;
  size_t n = l->tlen, k = 0, i = 0;
  if (n && t[0] == '|') i = 1;
  while (i < n && k < max) {
    size_t j = i;
    while (j < n && t[j] != '|') j++;
    const char *c = t + i;
    size_t len = j - i;
    trim(&c, &len);
    cs[k] = c;
    cl[k++] = len;
    i = j + 1;
    if (j == n) break;
  }
  if (k && cl[k - 1] == 0 && t[n - 1] == '|') k--;
  return k;
}

void kk_gen_list_tables(Gen *g) {
  for (size_t i = 0; i + 2 < g->nlines && !g->oom; i++) {
    if (g->lines[i].kind != L_TABLE || g->lines[i + 1].kind != L_TABLESEP) continue;
    if (i > 0 && (g->lines[i - 1].kind == L_TABLE || g->lines[i - 1].kind == L_TABLESEP)) continue;
    const Line *hl = &g->lines[i];
    if (reference_section(g, hl->section)) continue;
    g->st.tables++;
    const char *hs[8];
    size_t hn[8];
    size_t nh = cells(hl, hs, hn, 8);
    int bad_header = 0;
    for (size_t c = 0; c < nh; c++)
      if (has_markup(hs[c], hn[c]) || contains(hs[c], hn[c], "::")) bad_header = 1;
    if (bad_header) continue;
    for (size_t r = i + 2; r < g->nlines && g->lines[r].kind == L_TABLE && !g->oom; r++) {
      const char *cs[8];
      size_t cn[8];
      size_t nc = cells(&g->lines[r], cs, cn, 8);
      if (nc < 2 || nc > nh || cn[0] == 0) continue;
      size_t k = 0;
      kk_Buf b = {0};
      /* "観点: 基本目的 / 米国: {{c1::同盟抑止}} / ロシア: {{c2::劣勢補完}}" */
      int bad = 0;
      for (size_t c = 0; c < nc; c++) {
        if (has_markup(cs[c], cn[c]) || contains(cs[c], cn[c], "::")) bad = 1;
        if (c && cn[c] == 0) continue;
        if (c) kk_buf_str(&b, " / ");
        if (hn[c]) kk_buf_add(&b, hs[c], hn[c]), kk_buf_str(&b, ": ");
        if (c && k < MAX_CLOZES) {
          char open[16];
          snprintf(open, sizeof open, "{{c%zu::", ++k);
          kk_buf_str(&b, open);
          kk_buf_add(&b, cs[c], cn[c]);
          kk_buf_str(&b, "}}");
        } else
          kk_buf_add(&b, cs[c], cn[c]);
      }
      if (bad || k == 0) {
        kk_free(b.p);
        continue;
      }
      Cand *cd = new_cand(g, KK_GEN_TABLE, hl->section, (int)r + 1);
      if (!cd) {
        kk_free(b.p);
        return;
      }
      cd->front = sb_done(g, &b);
      cd->key = adup(g, g->lines[r].text, g->lines[r].tlen);
      cd->score = 5 + (double)k * 0.5;
    }
  }
}
