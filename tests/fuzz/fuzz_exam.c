/* fuzz_exam.c -- the exam spec loader on arbitrary bytes.  Every input must
** load or fail with at least one error; a loaded spec has what the engine
** relies on.  Never crash or leak. */
#include <stdlib.h>

#include "core/exam/exam.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_Diags d;
  kk_diags_init(&d, 50);
  kk_ExamSpec *s = NULL;
  kk_Status st = kk_exam_spec_load_mem((const char *)data, size, "fuzz.yaml", &d, &s);
  if (st != KK_OK && st != KK_ERR_NOMEM && d.nerrors == 0) abort();
  if (st == KK_OK) {
    if (!s || !s->id || !s->title || !s->npools || !s->ndecks) abort();
    for (size_t i = 0; i < s->npools; i++)
      if (!s->pools[i].count || !s->pools[i].types || !s->pools[i].name) abort();
    char buf[256];
    for (size_t i = 0; i < s->ndecks; i++) kk_exam_spec_deck_path(s, i, buf, sizeof buf);
  }
  (void)kk_exam_spec_sniff((const char *)data, size);
  kk_exam_spec_free(s);
  kk_diags_free(&d);
  return 0;
}
