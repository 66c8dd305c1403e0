/*
** deck_impl.h -- the inside of kk_Deck, shared by deck.c (accessors) and
** load.c (the YAML loader) only.  Not a public header.
*/
#ifndef KK_DECK_IMPL_H
#define KK_DECK_IMPL_H

#include "core/base/hash.h"
#include "core/base/alloc.h"
#include "core/base/strindex.h"
#include "core/deck/deck.h"

struct kk_Deck {
  kk_Arena arena; /* every string and array below except `cards`/`index` */
  const char *path, *id, *title, *language, *description;
  const char **tags;
  size_t ntags;
  const char **sources;
  size_t nsources;
  kk_DeckSettings settings;
  int line, col;  /* position of the deck id, for cross-deck messages */
  kk_Card *cards; /* kk_malloc'd */
  size_t ncards, capcards;
  kk_StrIndex index; /* cards by id (kk_deck_build_index); empty until built */
};

/* Builds the id index; returns 0 out of memory. */
int kk_deck_build_index(kk_Deck *d);

#endif
