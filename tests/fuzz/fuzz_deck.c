/* fuzz_deck.c -- the YAML deck loader on arbitrary bytes.  Every input must
** load or fail with at least one diagnostic; never crash or leak. */
#include <stdlib.h>

#include "core/deck/load.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_Diags d;
  kk_diags_init(&d, 50);
  kk_Deck *deck = NULL;
  kk_Status st = kk_deck_load_mem((const char *)data, size, "fuzz.yaml", &d, &deck);
  if (st != KK_OK && d.nerrors == 0) abort(); /* a failure must say why */
  if (st == KK_OK) {
    if (!deck) abort();
    for (size_t i = 0; i < kk_deck_card_count(deck); i++) {
      const kk_Card *c = kk_deck_card(deck, i);
      char key[256];
      for (size_t k = 0; k < kk_card_item_count(c); k++) kk_card_item_key(c, k, key, sizeof key);
      if (kk_deck_find(deck, c->id) == NULL) abort();
    }
  }
  kk_deck_free(deck);
  kk_diags_free(&d);
  return 0;
}
