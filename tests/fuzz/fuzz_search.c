/* fuzz_search.c -- the browser's search language on arbitrary bytes: every
** query parses or fails with an error that has a column; a parsed query is
** matched against a few items (studied and new, Japanese and English). */
#include <stdlib.h>
#include <string.h>

#include "core/study/search.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_Err e;
  kk_Search *s = NULL;
  kk_Status st = kk_search_parse((const char *)data, size, &e, &s);
  if (st == KK_ERR_PARSE && e.col < 1) abort(); /* a bad query says where */
  if (st == KK_OK) {
    if (!s) abort();
    static const char *const tags[] = {"nato", "article5::text"};
    kk_SearchItem items[3];
    memset(items, 0, sizeof items);
    items[0] = (kk_SearchItem){"nato-article5", "第5条 集団防衛 nato", tags, 2, 1, 0, {0}};
    items[1] = (kk_SearchItem){"golden-dome", "ごーるでん・どーむ golden dome", NULL, 0, 2, 1, {0}};
    items[1].state.lapses = 9;
    items[1].state.stability = 12.5;
    items[1].state.due_ms = 1700000000000;
    items[2] = (kk_SearchItem){"x", "", NULL, 0, -1, 1, {0}};
    kk_SearchEnv env;
    memset(&env, 0, sizeof env);
    env.clock.now_ms = 1700000000000;
    for (int i = 0; i < 3; i++) (void)kk_search_match(s, &items[i], &env);
  }
  kk_search_free(s);
  return 0;
}
