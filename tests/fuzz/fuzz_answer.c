/* fuzz_answer.c -- typed-answer folding, matching and the diff on
** arbitrary bytes (split into typed | expected at the first 0xFF byte). */
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/deck/text.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  const unsigned char *sep = memchr(data, 0xFF, size);
  size_t alen = sep ? (size_t)(sep - data) : size;
  const char *a = (const char *)data, *b = sep ? (const char *)sep + 1 : "";
  size_t blen = sep ? size - alen - 1 : 0;
  char *fa = NULL, *fb = NULL;
  if (kk_text_fold_answer(a, alen, &fa) == KK_OK && fa) {
    size_t flen = strlen(fa), bad;
    /* the folded text is valid UTF-8 without control characters */
    if (kk_utf8_validate(fa, flen, &bad) != KK_OK) abort();
    for (size_t i = 0; i < flen; i++)
      if ((unsigned char)fa[i] < 0x20 || fa[i] == 0x7f) abort();
    /* and folding it again changes nothing, unless it spells furigana
    ** markup ('[', '\\', '|', U+FF5C), which folding interprets by design */
    if (!strpbrk(fa, "[\\|") && !strstr(fa, "\xef\xbd\x9c")) {
      char *ff = NULL;
      if (kk_text_fold_answer(fa, flen, &ff) == KK_OK && ff && strcmp(fa, ff) != 0) abort();
      kk_free(ff);
    }
  }
  kk_text_fold_answer(b, blen, &fb);
  /* without kana folding, folding is idempotent too */
  char *na = NULL;
  if (kk_text_fold_answer_flags(a, alen, KK_TEXT_FOLD_NO_KANA, &na) == KK_OK && na &&
      !strpbrk(na, "[\\|") && !strstr(na, "\xef\xbd\x9c")) {
    char *nn = NULL;
    if (kk_text_fold_answer_flags(na, strlen(na), KK_TEXT_FOLD_NO_KANA, &nn) == KK_OK && nn &&
        strcmp(na, nn) != 0)
      abort();
    kk_free(nn);
  }
  kk_free(na);
  char *ta = malloc(alen + 1), *tb = malloc(blen + 1);
  if (ta && tb) {
    memcpy(ta, a, alen), ta[alen] = '\0';
    memcpy(tb, b, blen), tb[blen] = '\0';
    const char *acc[1] = {tb};
    int folded = kk_text_answer_matches(ta, acc, 1), differed = 0;
    /* kana folding only adds matches, and a script note comes with one */
    int exact = kk_text_answer_match(ta, acc, 1, KK_TEXT_FOLD_NO_KANA, NULL);
    int m = kk_text_answer_match(ta, acc, 1, 0, &differed);
    if (m != folded || (exact && !m) || (differed && (!m || exact))) abort();
    kk_TextDiff d;
    if (kk_text_diff(ta, strlen(ta), tb, strlen(tb), &d) == KK_OK) kk_text_diff_free(&d);
  }
  free(ta), free(tb);
  kk_free(fa), kk_free(fb);
  return 0;
}
