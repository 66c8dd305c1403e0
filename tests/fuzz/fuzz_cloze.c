/* fuzz_cloze.c -- the cloze parser, renderer and renumbering on arbitrary text. */
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/deck/cloze.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  char *t = malloc(size + 1);
  if (!t) return 0;
  memcpy(t, data, size);
  t[size] = '\0';
  size_t len = strlen(t); /* renderers take NUL-terminated text */
  static kk_ClozeResult r;
  kk_ClozeProblem p = kk_cloze_parse(t, len, &r);
  if (p == KK_CLOZE_GAP) {
    /* renumbered, the text parses with the same blanks numbered 1..n */
    unsigned char map[KK_CLOZE_MAX_ORD + 1];
    size_t n = r.n;
    int used = 0;
    char *fixed = kk_cloze_renumber(t, &r, map);
    for (int k = 1; k <= KK_CLOZE_MAX_ORD; k++) used += map[k] != 0;
    if (fixed) {
      if (kk_cloze_parse(fixed, strlen(fixed), &r) != KK_CLOZE_OK || r.n != n || r.max_ord != used)
        abort();
      kk_free(fixed);
    }
    kk_cloze_parse(t, len, &r);
  }
  if (p == KK_CLOZE_OK) {
    for (int ord = 1; ord <= r.max_ord; ord++) {
      char *q = kk_cloze_render(t, &r, ord, 0, "[", "]");
      char *a = kk_cloze_render(t, &r, ord, 1, NULL, NULL);
      char *ans = kk_cloze_answer(t, &r, ord);
      /* the revealed text without brackets never contains a marker head */
      if (a && strstr(a, "{{c") && !strstr(t + r.spans[0].ans, "{{c")) {
        /* answers cannot contain '{{' (nesting is rejected), so a marker
        ** can only come from text outside markers: fine */
      }
      kk_free(q), kk_free(a), kk_free(ans);
    }
    for (size_t i = 0; i < r.n; i++)
      if (r.spans[i].end > len || r.spans[i].ans + r.spans[i].ans_len > len) abort();
  }
  free(t);
  return 0;
}
