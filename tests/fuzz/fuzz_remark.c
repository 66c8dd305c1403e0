/* fuzz_remark.c -- `kioku results mark` on arbitrary bytes: a result file
** is what a student hands in, so every byte of it is the adversary's.  It
** must be refused with a message or re-marked against the spec: a
** submitted attempt whose score lies between 0 and the paper's maximum,
** with no flag Kioku does not know.  Never crash, leak or overflow. */
#include <stdlib.h>
#include <string.h>

#include "../exam_bank.h"
#include "core/exam/remark.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  static kk_ExamSpec *spec;
  if (!spec) {
    static const char yaml[] =
        "exam: e1\ntitle: T\ndecks: [a]\ntime_limit: 10m\nseed_mode: student\n"
        "extensions: {S2: 15}\npools:\n  - count: 7\n"
        "    types: [choice, truefalse, typed, numeric, order, cloze]\n";
    bank_init();
    kk_Diags d;
    kk_diags_init(&d, 0);
    if (kk_exam_spec_load_mem(yaml, sizeof yaml - 1, "e1.yaml", &d, &spec) != KK_OK) abort();
    kk_diags_free(&d);
  }
  kk_Attempt *a = NULL;
  unsigned flags = 0;
  kk_Err err;
  kk_Status st =
      kk_remark(spec, bank_items, BANK_N, (const char *)data, size, "r.json", &a, &flags, &err);
  if (st == KK_OK) {
    if (!a || kk_attempt_submitted_ms(a) <= 0) abort();
    double score = kk_attempt_score(a), max = kk_attempt_max_score(a);
    if (!(score >= 0 && score <= max + 1e-9)) abort();
    if (flags &
        ~(unsigned)(KK_REMARK_PAPER | KK_REMARK_SPEC_HASH | KK_REMARK_LATE | KK_REMARK_CLOCK))
      abort();
  } else if (a || !err.msg[0]) {
    abort(); /* a refusal says why and hands out nothing */
  }
  kk_attempt_free(a);
  return 0;
}
