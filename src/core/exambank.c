/*
** exambank.c -- loading the decks an exam spec lists, and linting specs.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/exam.h"
#include "core/load.h"

void kk_exam_bank_free(kk_ExamBank *b) {
  if (!b) return;
  for (size_t i = 0; i < b->ndecks; i++) kk_deck_free(b->decks[i]);
  kk_free(b->decks);
  kk_free(b->items);
  memset(b, 0, sizeof *b);
}

kk_Status kk_exam_bank_load(const kk_ExamSpec *s, kk_Diags *diags,
                            kk_ExamBank *b) {
  memset(b, 0, sizeof *b);
  kk_Status first = KK_OK;
  b->decks = kk_calloc(s->ndecks ? s->ndecks : 1, sizeof(kk_Deck *));
  if (!b->decks) return KK_ERR_NOMEM;
  size_t total = 0;
  for (size_t i = 0; i < s->ndecks; i++) {
    char path[4096];
    if (kk_exam_spec_deck_path(s, i, path, sizeof path) < 0) {
      kk_diags_add(diags, KK_SEV_ERROR, s->path, s->deck_lines[i],
                   s->deck_cols[i], "deck path too long");
      if (!first) first = KK_ERR_LIMIT;
      continue;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
      kk_Diag *d = kk_diags_add(diags, KK_SEV_ERROR, s->path, s->deck_lines[i],
                                s->deck_cols[i], "cannot read deck '%s': %s",
                                s->decks[i], strerror(errno));
      kk_diag_note(diags, d, "deck paths are relative to the spec's folder (%s)",
                   path);
      if (!first) first = KK_ERR_IO;
      continue;
    }
    fclose(f);
    kk_Deck *deck = NULL;
    kk_Status st = kk_deck_load_file(path, diags, &deck);
    if (st) {
      if (!first) first = st;
      continue;
    }
    b->decks[b->ndecks++] = deck;
    total += kk_deck_card_count(deck);
  }
  if (!first && kk_decks_check_duplicates(b->decks, b->ndecks, diags))
    first = KK_ERR_INVALID;
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

kk_Status kk_exam_spec_lint_mem(const char *buf, size_t len, const char *path,
                                kk_Diags *diags) {
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
  kk_Status st = kk_read_file(path, (size_t)1 << 26, &buf, &len, &e);
  if (st) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, "%s", e.msg);
    return st;
  }
  st = kk_exam_spec_lint_mem(buf, len, path, diags);
  kk_free(buf);
  return st;
}
