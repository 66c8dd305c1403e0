/* fuzz_pack.c -- the exam pack reader (what students receive) on arbitrary
** bytes: a pack loads or fails with a diagnostic; a sealed one with a wrong
** password is refused.  Never a crash or a leak. */
#include <stdlib.h>

#include "core/base/alloc.h"
#include "core/exam/pack.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const char *buf = (const char *)data;
  if (kk_pack_is_sealed(buf, size)) {
    char *plain = NULL;
    size_t n = 0;
    kk_Err e;
    if (kk_pack_unseal(buf, size, "fuzz", &plain, &n, &e) == KK_OK) abort(); /* forged */
    kk_free(plain);
    return 0;
  }
  kk_Diags d;
  kk_diags_init(&d, 50);
  kk_ExamSpec *spec = NULL;
  kk_ExamBank bank = {0};
  kk_Status st = kk_pack_load_mem(buf, size, "fuzz.kexam", &d, &spec, &bank);
  if (st != KK_OK && d.nerrors == 0) abort(); /* a failure must say why */
  kk_exam_spec_free(spec);
  kk_exam_bank_free(&bank);
  kk_diags_free(&d);
  return 0;
}
