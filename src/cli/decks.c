/*
** decks.c -- loading the decks named on a command line: files, or the deck
** files of a folder in name order (kioku export, kioku gen --against),
** found by the one folder scanner (core/deck/deckdir.h).
*/
#include <stdlib.h>

#include "cli/cli.h"
#include "core/base/alloc.h"
#include "core/deck/deckdir.h"
#include "core/deck/load.h"

int kk_cli_decks_add(kk_CliDecks *ds, kk_Deck *deck) {
  if (ds->n == ds->cap) {
    kk_Deck **nv = kk_grow(ds->v, &ds->cap, ds->n + 1, sizeof(kk_Deck *), 8);
    if (!nv) return 0;
    ds->v = nv;
  }
  ds->v[ds->n++] = deck;
  return 1;
}

int kk_cli_decks_load(kk_CliDecks *ds, const char *path, kk_Diags *diags) {
  kk_DeckDir dd;
  kk_deckdir_init(&dd);
  int ok = kk_deckdir_add(&dd, path, 0, diags) == KK_OK;
  for (size_t i = 0; i < dd.n && ok; i++) {
    kk_Deck *deck = NULL;
    ok = kk_deck_load_file(dd.paths[i], diags, &deck) == KK_OK;
    if (ok && !kk_cli_decks_add(ds, deck)) {
      kk_deck_free(deck);
      ok = 0;
    }
  }
  kk_deckdir_free(&dd);
  return ok;
}

void kk_cli_decks_free(kk_CliDecks *ds) {
  for (size_t i = 0; i < ds->n; i++) kk_deck_free(ds->v[i]);
  kk_free(ds->v);
  *ds = (kk_CliDecks){0};
}
