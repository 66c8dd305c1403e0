/*
** deck.c -- deck accessors, study items and cross-deck checks.
*/
#include "core/deck/deck.h"

#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/deck/cloze.h"
#include "core/deck/deck_impl.h"

const char *const kk_card_type_names[KK_CARD_TYPE_COUNT + 1] = {
    "basic", "reversed", "cloze", "choice", "typed", "numeric", "truefalse", "order", NULL};

const char *kk_card_type_name(kk_CardType t) {
  return (unsigned)t < KK_CARD_TYPE_COUNT ? kk_card_type_names[t] : NULL;
}

int kk_card_type_parse(const char *name, kk_CardType *t) {
  for (int i = 0; i < KK_CARD_TYPE_COUNT; i++)
    if (strcmp(name, kk_card_type_names[i]) == 0) {
      *t = (kk_CardType)i;
      return 1;
    }
  return 0;
}

void kk_deck_free(kk_Deck *d) {
  if (!d) return;
  kk_free(d->cards);
  kk_strindex_free(&d->index);
  kk_arena_free(&d->arena);
  kk_free(d);
}

const char *kk_deck_id(const kk_Deck *d) { return d->id; }
const char *kk_deck_title(const kk_Deck *d) { return d->title; }
const char *kk_deck_language(const kk_Deck *d) { return d->language; }
const char *kk_deck_description(const kk_Deck *d) { return d->description; }
const char *kk_deck_path(const kk_Deck *d) { return d->path; }
size_t kk_deck_tag_count(const kk_Deck *d) { return d->ntags; }
const char *kk_deck_tag(const kk_Deck *d, size_t i) { return i < d->ntags ? d->tags[i] : NULL; }
size_t kk_deck_source_count(const kk_Deck *d) { return d->nsources; }
const char *kk_deck_source(const kk_Deck *d, size_t i) {
  return i < d->nsources ? d->sources[i] : NULL;
}
const kk_DeckSettings *kk_deck_settings(const kk_Deck *d) { return &d->settings; }
size_t kk_deck_card_count(const kk_Deck *d) { return d->ncards; }
const kk_Card *kk_deck_card(const kk_Deck *d, size_t i) {
  return i < d->ncards ? &d->cards[i] : NULL;
}

static const char *card_id(const void *ctx, size_t i) {
  return ((const kk_Deck *)ctx)->cards[i].id;
}

int kk_deck_build_index(kk_Deck *d) {
  kk_strindex_free(&d->index);
  if (!kk_strindex_init(&d->index, d->ncards, card_id, d)) return 0;
  for (size_t i = 0; i < d->ncards; i++) kk_strindex_add(&d->index, i);
  return 1;
}

const kk_Card *kk_deck_find(const kk_Deck *d, const char *id) {
  if (!d->index.slot) {
    for (size_t i = 0; i < d->ncards; i++)
      if (strcmp(d->cards[i].id, id) == 0) return &d->cards[i];
    return NULL;
  }
  size_t i = kk_strindex_find(&d->index, id);
  return i == KK_STRINDEX_NONE ? NULL : &d->cards[i];
}

/* ---- study items ------------------------------------------------------------*/

size_t kk_card_item_count(const kk_Card *c) {
  switch (c->type) {
  case KK_CARD_REVERSED: return 2;
  case KK_CARD_CLOZE: return c->ncloze ? c->ncloze : 1;
  default: return 1;
  }
}

int kk_card_item_key(const kk_Card *c, size_t i, char *buf, size_t size) {
  if (i >= kk_card_item_count(c) || size == 0) {
    if (size) buf[0] = '\0';
    return -1;
  }
  return kk_item_key_write(c->id, kk_card_item_cloze(c, i), kk_card_item_reversed(c, i), buf, size);
}

int kk_item_key_write(const char *id, int cloze, int reversed, char *buf, size_t size) {
  if (!size) return -1;
  buf[0] = '\0';
  if (cloze > KK_CLOZE_MAX_ORD) return -1;
  int n = cloze > 0  ? snprintf(buf, size, "%s#c%d", id, cloze)
          : reversed ? snprintf(buf, size, "%s#rev", id)
                     : snprintf(buf, size, "%s", id);
  return n < 0 || (size_t)n >= size ? -1 : n;
}

int kk_item_key_cloze(const char *key) {
  const char *h = strchr(key, '#');
  if (!h) return 0;
  if (h[1] != 'c' || h[2] < '1' || h[2] > '9') return -1;
  int n = 0;
  for (const char *p = h + 2; *p; p++) {
    if (*p < '0' || *p > '9' || (n = n * 10 + (*p - '0')) > KK_CLOZE_MAX_ORD) return -1;
  }
  return n;
}

int kk_card_item_cloze(const kk_Card *c, size_t i) {
  if (c->type != KK_CARD_CLOZE || i >= c->ncloze) return 0;
  return c->cloze_ords[i];
}

int kk_card_item_reversed(const kk_Card *c, size_t i) {
  return c->type == KK_CARD_REVERSED && i == 1;
}

size_t kk_item_key_card_len(const char *key) {
  const char *h = strchr(key, '#');
  return h ? (size_t)(h - key) : strlen(key);
}

/* ---- sets of decks ------------------------------------------------------------*/

typedef struct Owned {
  const kk_Card *card;
  size_t deck;
} Owned;

static const char *owned_id(const void *ctx, size_t i) { return ((const Owned *)ctx)[i].card->id; }

size_t kk_decks_check_duplicates(kk_Deck *const *decks, size_t n, kk_Diags *diags) {
  size_t total = 0, dups = 0;
  for (size_t i = 0; i < n; i++) total += decks[i]->ncards;
  /* every card, with the deck it is in, in deck order */
  Owned *all = kk_malloc((total ? total : 1) * sizeof *all);
  kk_StrIndex ix;
  if (!all || !kk_strindex_init(&ix, total, owned_id, all)) {
    kk_free(all);
    kk_diags_add(diags, KK_SEV_ERROR, NULL, 0, 0, _("out of memory checking duplicate ids"));
    return 0;
  }
  for (size_t di = 0, k = 0; di < n; di++)
    for (size_t ci = 0; ci < decks[di]->ncards; ci++) all[k++] = (Owned){&decks[di]->cards[ci], di};
  for (size_t k = 0; k < total; k++) {
    size_t first = kk_strindex_add(&ix, k);
    if (first == KK_STRINDEX_NONE) continue;
    const kk_Deck *d = decks[all[k].deck], *od = decks[all[first].deck];
    if (od == d) continue; /* same-deck duplicates are the loader's to report */
    const kk_Card *c = all[k].card, *oc = all[first].card;
    kk_Diag *dg = kk_diags_add(diags, KK_SEV_ERROR, d->path, c->line, c->col,
                               _("card id '%s' is also used in deck '%s'"), c->id, od->id);
    kk_diag_note(
        diags, dg,
        _("first used at %s:%d:%d; progress is kept by card id, so ids must be unique across decks"),
        od->path, oc->line, oc->col);
    dups++;
  }
  kk_strindex_free(&ix);
  kk_free(all);
  return dups;
}
