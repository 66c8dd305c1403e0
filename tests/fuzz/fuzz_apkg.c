/* fuzz_apkg.c -- Anki packages on arbitrary bytes (zip, zstd, SQLite,
** JSON and protobuf readers, the HTML converter): an error or decks in a
** scratch folder, never a crash.  The folder is emptied after each run. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/interop/apkg.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  static char dir[64];
  if (!dir[0]) snprintf(dir, sizeof dir, "/tmp/kk_fuzz_apkg_%ld", (long)getpid());
  kk_ApkgImportOptions opt = {.force = 1};
  kk_Err e;
  kk_ApkgCounts n;
  if (kk_apkg_import((const char *)data, size, "fuzz.apkg", dir, &opt, NULL, &n, &e) == KK_OK) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) abort();
  }
  /* the HTML converter on the same bytes */
  char *t = kk_apkg_html_text((const char *)data, size, NULL, NULL);
  kk_free(t);
  return 0;
}
