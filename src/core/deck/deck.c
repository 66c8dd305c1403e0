/*
** deck.c -- deck accessors, study items and cross-deck checks.
*/
#include "core/deck/deck.h"

#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
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
  kk_free(d->index);
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

int kk_deck_build_index(kk_Deck *d) {
  size_t cap = 16;
  while (cap < d->ncards * 2) cap *= 2;
  size_t *ix = kk_calloc(cap, sizeof *ix);
  if (!ix) return 0;
  for (size_t i = 0; i < d->ncards; i++) {
    size_t h = (size_t)kk_hash_str(d->cards[i].id, KK_HASH_INIT) & (cap - 1);
    while (ix[h]) h = (h + 1) & (cap - 1);
    ix[h] = i + 1;
  }
  kk_free(d->index);
  d->index = ix;
  d->index_cap = cap;
  return 1;
}

const kk_Card *kk_deck_find(const kk_Deck *d, const char *id) {
  if (!d->index) {
    for (size_t i = 0; i < d->ncards; i++)
      if (strcmp(d->cards[i].id, id) == 0) return &d->cards[i];
    return NULL;
  }
  size_t h = (size_t)kk_hash_str(id, KK_HASH_INIT) & (d->index_cap - 1);
  while (d->index[h]) {
    const kk_Card *c = &d->cards[d->index[h] - 1];
    if (strcmp(c->id, id) == 0) return c;
    h = (h + 1) & (d->index_cap - 1);
  }
  return NULL;
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
  int n;
  if (c->type == KK_CARD_REVERSED && i == 1)
    n = snprintf(buf, size, "%s#rev", c->id);
  else if (c->type == KK_CARD_CLOZE && c->ncloze)
    n = snprintf(buf, size, "%s#c%d", c->id, c->cloze_ords[i]);
  else
    n = snprintf(buf, size, "%s", c->id);
  return n < 0 || (size_t)n >= size ? -1 : n;
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

size_t kk_decks_check_duplicates(kk_Deck *const *decks, size_t n, kk_Diags *diags) {
  size_t total = 0, dups = 0;
  for (size_t i = 0; i < n; i++) total += decks[i]->ncards;
  size_t cap = 16;
  while (cap < total * 2) cap *= 2;
  /* entries: deck index << 32 | card index, + 1 */
  unsigned long long *ix = kk_calloc(cap, sizeof *ix);
  if (!ix) {
    kk_diags_add(diags, KK_SEV_ERROR, NULL, 0, 0, _("out of memory checking duplicate ids"));
    return 0;
  }
  for (size_t di = 0; di < n; di++) {
    const kk_Deck *d = decks[di];
    for (size_t ci = 0; ci < d->ncards; ci++) {
      const kk_Card *c = &d->cards[ci];
      size_t h = (size_t)kk_hash_str(c->id, KK_HASH_INIT) & (cap - 1);
      int dup = 0;
      while (ix[h]) {
        unsigned long long e = ix[h] - 1;
        const kk_Deck *od = decks[e >> 32];
        const kk_Card *oc = &od->cards[e & 0xffffffffu];
        if (strcmp(oc->id, c->id) == 0) {
          if (od != d) { /* same-deck duplicates are the loader's to report */
            kk_Diag *dg = kk_diags_add(diags, KK_SEV_ERROR, d->path, c->line, c->col,
                                       _("card id '%s' is also used in deck '%s'"), c->id, od->id);
            kk_diag_note(
                diags, dg,
                _("first used at %s:%d:%d; progress is kept by card id, so ids must be unique across decks"),
                od->path, oc->line, oc->col);
            dups++;
          }
          dup = 1;
          break;
        }
        h = (h + 1) & (cap - 1);
      }
      if (!dup) ix[h] = ((unsigned long long)di << 32 | ci) + 1;
    }
  }
  kk_free(ix);
  return dups;
}
