/*
** exambank.c -- the cards an exam draws from: which cards a pool accepts,
** whether the pools can be supplied, loading the decks a spec lists, and
** linting specs.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/i18n.h"
#include "core/base/file.h"
#include "core/exam/exam.h"
#include "core/deck/load.h"
#include "core/deck/ydoc.h"

void kk_exam_bank_free(kk_ExamBank *b) {
  if (!b) return;
  for (size_t i = 0; i < b->ndecks; i++) kk_deck_free(b->decks[i]);
  kk_free(b->decks);
  kk_free(b->items);
  memset(b, 0, sizeof *b);
}

kk_Status kk_exam_bank_load(const kk_ExamSpec *s, kk_Diags *diags, kk_ExamBank *b) {
  memset(b, 0, sizeof *b);
  kk_Status first = KK_OK;
  b->decks = kk_calloc(s->ndecks ? s->ndecks : 1, sizeof(kk_Deck *));
  if (!b->decks) return KK_ERR_NOMEM;
  size_t total = 0;
  for (size_t i = 0; i < s->ndecks; i++) {
    char path[4096];
    if (kk_exam_spec_deck_path(s, i, path, sizeof path) < 0) {
      kk_diags_add(diags, KK_SEV_ERROR, s->path, s->deck_lines[i], s->deck_cols[i],
                   _("deck path too long"));
      if (!first) first = KK_ERR_LIMIT;
      continue;
    }
    kk_Err fe;
    if (kk_file_check(path, &fe) != KK_OK) {
      kk_Diag *d = kk_diags_add(diags, KK_SEV_ERROR, s->path, s->deck_lines[i], s->deck_cols[i],
                                _("cannot read deck '%s': %s"), s->decks[i], fe.msg);
      kk_diag_note(diags, d, _("deck paths are relative to the spec's folder (%s)"), path);
      if (!first) first = KK_ERR_IO;
      continue;
    }
    kk_Deck *deck = NULL;
    kk_Status st = kk_deck_load_file(path, diags, &deck);
    if (st) {
      if (!first) first = st;
      continue;
    }
    b->decks[b->ndecks++] = deck;
    total += kk_deck_card_count(deck);
  }
  if (!first && kk_decks_check_duplicates(b->decks, b->ndecks, diags)) first = KK_ERR_INVALID;
  if (first) {
    kk_exam_bank_free(b);
    return first;
  }
  b->items = kk_calloc(total ? total : 1, sizeof *b->items);
  if (!b->items) {
    kk_exam_bank_free(b);
    return KK_ERR_NOMEM;
  }
  for (size_t i = 0; i < b->ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(b->decks[i]); j++) {
      b->items[b->n].deck_id = kk_deck_id(b->decks[i]);
      b->items[b->n].card = kk_deck_card(b->decks[i], j);
      b->n++;
    }
  return KK_OK;
}

kk_Status kk_exam_spec_lint_mem(const char *buf, size_t len, const char *path, kk_Diags *diags) {
  kk_ExamSpec *s = NULL;
  kk_Status st = kk_exam_spec_load_partial(buf, len, path, diags, &s);
  if (!s) return st;
  /* Decks are checked even when the spec itself has problems; the pools
  ** only against a spec without errors. */
  kk_ExamBank b;
  kk_Status bst = kk_exam_bank_load(s, diags, &b);
  if (!st) st = bst;
  if (!st && kk_exam_spec_check_bank(s, b.items, b.n, diags)) st = KK_ERR_INVALID;
  kk_exam_bank_free(&b);
  kk_exam_spec_free(s);
  return st;
}

kk_Status kk_exam_spec_lint(const char *path, kk_Diags *diags) {
  char *buf = NULL;
  size_t len = 0;
  kk_Err e;
  kk_Status st = kk_file_read(path, kk_ylimits_max_bytes(), &buf, &len, &e);
  if (st) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, "%s", e.msg);
    return st;
  }
  st = kk_exam_spec_lint_mem(buf, len, path, diags);
  kk_free(buf);
  return st;
}

/* ---- bank ---------------------------------------------------------------------*/

int kk_exam_pool_accepts(const kk_ExamPool *p, const char *deck_id, const kk_Card *card) {
  if ((unsigned)card->type >= KK_CARD_TYPE_COUNT) return 0;
  if (!(p->types & KK_EXAM_TYPE_BIT(card->type))) return 0;
  if (card->type == KK_CARD_CLOZE && card->ncloze == 0) return 0;
  if (card->type == KK_CARD_CHOICE && (card->ncorrect == 0 || card->noptions < 2)) return 0;
  if (card->type == KK_CARD_TYPED && card->nanswers == 0) return 0;
  if (card->type == KK_CARD_ORDER && card->nitems < 2) return 0;
  if (p->ndecks) {
    int ok = 0;
    for (size_t i = 0; i < p->ndecks; i++)
      if (deck_id && !strcmp(p->decks[i], deck_id)) ok = 1;
    if (!ok) return 0;
  }
  if (p->ntags) {
    for (size_t i = 0; i < p->ntags; i++)
      for (size_t j = 0; j < card->ntags; j++)
        if (!strcmp(p->tags[i], card->tags[j])) return 1;
    return 0;
  }
  return 1;
}

size_t kk_exam_spec_check_bank(const kk_ExamSpec *s, const kk_ExamItem *items, size_t n,
                               kk_Diags *diags) {
  size_t errors = 0;
  for (size_t k = 0; k < s->npools; k++) {
    const kk_ExamPool *p = &s->pools[k];
    for (size_t d = 0; d < p->ndecks; d++) {
      int found = 0;
      for (size_t i = 0; i < n && !found; i++)
        if (items[i].deck_id && !strcmp(items[i].deck_id, p->decks[d])) found = 1;
      if (!found) {
        kk_diags_add(diags, KK_SEV_ERROR, s->path, p->line, p->col,
                     _("%s: no deck with id '%s' among the exam's decks"), p->name, p->decks[d]);
        errors++;
      }
    }
    /* Worst case: every earlier pool took as many of this pool's cards as
    ** it could. */
    size_t have = 0;
    size_t *shared = kk_calloc(k + 1, sizeof *shared);
    if (!shared) {
      diags->oom = 1;
      return errors + 1;
    }
    for (size_t i = 0; i < n; i++) {
      if (!kk_exam_pool_accepts(p, items[i].deck_id, items[i].card)) continue;
      have++;
      for (size_t j = 0; j < k; j++)
        if (kk_exam_pool_accepts(&s->pools[j], items[i].deck_id, items[i].card)) shared[j]++;
    }
    size_t taken = 0;
    for (size_t j = 0; j < k; j++)
      taken += shared[j] < s->pools[j].count ? shared[j] : s->pools[j].count;
    kk_free(shared);
    char asked[48];
    snprintf(asked, sizeof asked, kk_ngettext("%zu question", "%zu questions", p->count), p->count);
    if (have < p->count) {
      kk_Diag *dg = kk_diags_add(diags, KK_SEV_ERROR, s->path, p->count_line, p->count_col,
                                 kk_ngettext("%s asks for %s but only %zu card matches it",
                                             "%s asks for %s but only %zu cards match it", have),
                                 p->name, asked, have);
      kk_diag_note(diags, dg, _("widen its decks, tags or types, or lower its count"));
      errors++;
    } else if (have - (taken < have ? taken : have) < p->count) {
      kk_Diag *dg =
          kk_diags_add(diags, KK_SEV_ERROR, s->path, p->count_line, p->count_col,
                       kk_ngettext("%s asks for %s; %zu card matches it, but earlier pools "
                                   "may take %zu of them",
                                   "%s asks for %s; %zu cards match it, but earlier pools "
                                   "may take %zu of them",
                                   have),
                       p->name, asked, have, taken);
      kk_diag_note(
          diags, dg,
          _("a card appears at most once per paper; make the pools disjoint or lower the counts"));
      errors++;
    }
  }
  return errors;
}
