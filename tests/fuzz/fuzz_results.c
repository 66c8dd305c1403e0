/* fuzz_results.c -- exam result files (JSON) on arbitrary bytes, then the
** class summary over what loaded.  Never crash or leak. */
#include <stdio.h>
#include <stdlib.h>

#include "core/exam/results.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_Class *c = kk_class_new();
  if (!c) return 0;
  kk_Err err;
  /* The same document twice: a class of two. */
  if (kk_class_add_mem(c, (const char *)data, size, "a.json", &err) == KK_OK &&
      kk_class_add_mem(c, (const char *)data, size, "b.json", &err) == KK_OK) {
    kk_Summary *s = NULL;
    if (kk_class_summarize(c, &s, &err) == KK_OK) {
      if (!s || s->n != 2) abort();
      FILE *f = fopen("/dev/null", "w");
      if (f) {
        kk_summary_print(s, f);
        fclose(f);
      }
    }
    kk_summary_free(s);
  }
  kk_class_free(c);
  return 0;
}
