/* fuzz_replay.c -- the `fsrs replay` reader on arbitrary CSV.  Succeeds
** with one output row per input row, or fails with a line number. */
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/study/replay.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_ReplayOptions o;
  kk_fsrs_default_params(&o.params);
  o.retention = 0.9;
  o.short_term = size & 1;
  char *out = NULL;
  size_t len = 0;
  kk_Err e;
  kk_Status st = kk_fsrs_replay(&o, (const char *)data, size, &out, &len, &e);
  if (st == KK_OK) {
    if (!out && len) abort();
    /* every output line has six fields */
    size_t fields = 1;
    for (size_t i = 0; i < len; i++) {
      if (out[i] == '\n') {
        if (fields < 6) abort();
        fields = 1;
      } else if (out[i] == ',') {
        fields++;
      }
    }
  } else if (st == KK_ERR_PARSE && e.line < 1) {
    abort(); /* a bad row names its line */
  }
  kk_free(out);
  return 0;
}
