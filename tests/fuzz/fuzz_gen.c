/* fuzz_gen.c -- the deck generator on arbitrary documents: whatever the
** input, the draft it writes must load with no errors.  (The CSV importer,
** which shares the draft writer, has its own target: fuzz_csvimport.) */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gen/gen.h"
#include "core/deck/load.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Loads yaml[0..n) and aborts if the loader reports an error. */
static void must_load(const char *yaml, size_t n) {
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_Deck *d = NULL;
  if (kk_deck_load_mem(yaml, n, "fuzz.yaml", &dg, &d) != KK_OK || dg.nerrors) {
    kk_diags_print(&dg, stderr);
    fwrite(yaml, 1, n, stderr);
    abort();
  }
  kk_deck_free(d);
  kk_diags_free(&dg);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  /* the first byte picks Markdown or plain text */
  int md = size > 0 && (data[0] & 1);
  kk_GenOptions opt = {.doc_name = md ? "fuzz.md" : "fuzz.txt", .max_cards = size % 7 ? 0 : 5};
  char *out = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&out, &n);
  if (!f) return 0;
  kk_Err e;
  kk_Status st = kk_gen_deck((const char *)data, size, &opt, f, NULL, &e);
  fclose(f);
  if (st == KK_OK) must_load(out, n);
  free(out);
  return 0;
}
