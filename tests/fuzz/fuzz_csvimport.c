/* fuzz_csvimport.c -- `kioku import csv` on arbitrary bytes, both the
** two-column form and a header naming columns: an error, or a draft deck
** that the deck loader accepts. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deck/export.h"
#include "core/deck/load.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  if (!m) return 0;
  kk_ImportOptions o = {.csv_name = "fuzz.csv"};
  kk_Err e;
  size_t n = 0;
  kk_Status st = kk_import_csv((const char *)data, size, &o, m, &n, &e);
  if (fclose(m) != 0) st = KK_ERR_NOMEM;
  if (st == KK_OK) {
    kk_Deck *d = NULL;
    if (kk_deck_load_mem(out, len, "fuzz.yaml", NULL, &d) != KK_OK) abort();
    if (kk_deck_card_count(d) != n) abort();
    kk_deck_free(d);
  }
  free(out);
  return 0;
}
