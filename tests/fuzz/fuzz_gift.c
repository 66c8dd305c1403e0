/* fuzz_gift.c -- the GIFT reader on arbitrary text: an error or a question
** bank, never a crash; every card it keeps has text. */
#include <stdlib.h>

#include "core/interop/gift.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_Qbank q = {0};
  kk_Diags dg;
  kk_diags_init(&dg, 16);
  kk_Err e;
  if (kk_gift_import((const char *)data, size, "fuzz.gift", &q, &dg, &e) == KK_OK)
    for (size_t i = 0; i < q.ncards; i++)
      if (!q.cards[i].front || !*q.cards[i].front) abort();
  kk_diags_free(&dg);
  kk_qbank_free(&q);
  return 0;
}
