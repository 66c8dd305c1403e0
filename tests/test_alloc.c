/* test_alloc.c -- allocation hook and arena. */
#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "kt.h"

static void test_fail_nth(void) {
  kk_alloc_fail_after(2);
  void *a = kk_malloc(10);
  void *b = kk_malloc(10);
  void *c = kk_malloc(10);
  KT_CHECK(a != NULL);
  KT_CHECK(b == NULL);
  KT_CHECK(c != NULL);
  KT_CHECK(kk_alloc_fail_after(0) == 3);
  kk_free(a);
  kk_free(c);
}

static void test_arena(void) {
  kk_Arena ar = {0};
  char *s = kk_arena_strdup(&ar, "記憶");
  KT_CHECK_STR(s, "記憶");
  char *big = kk_arena_alloc(&ar, 200000);
  KT_CHECK(big != NULL);
  memset(big, 1, 200000);
  char *t = kk_arena_strdup(&ar, "after big");
  KT_CHECK_STR(t, "after big");
  KT_CHECK_STR(s, "記憶");
  KT_CHECK(((size_t)big % _Alignof(max_align_t)) == 0);
  kk_arena_free(&ar);
  KT_CHECK(ar.head == NULL);
  kk_arena_free(NULL);
}

static void test_diags(void) {
  kk_Diags d;
  kk_diags_init(&d, 2);
  kk_Diag *x = kk_diags_add(&d, KK_SEV_ERROR, "b.yaml", 3, 4, "second %d", 2);
  kk_diag_note(&d, x, "a note");
  kk_diags_add(&d, KK_SEV_WARNING, "a.yaml", 9, 1, "first");
  KT_CHECK(kk_diags_add(&d, KK_SEV_ERROR, "a.yaml", 1, 1, "dropped") == NULL);
  KT_CHECK(d.truncated == 1);
  KT_CHECK(d.nerrors == 2 && d.nwarnings == 1 && d.n == 2);
  kk_diags_sort(&d);
  KT_CHECK_STR(d.items[0].path, "a.yaml");
  kk_Err e;
  KT_CHECK(kk_diags_first_error(&d, &e) == KK_ERR_INVALID);
  char buf[256];
  kk_err_format(&e, buf, sizeof buf);
  KT_CHECK_STR(buf, "b.yaml:3:4: error: second 2");
  kk_diags_free(&d);
}

int main(void) {
  KT_RUN(test_fail_nth);
  KT_RUN(test_arena);
  KT_RUN(test_diags);
  return kt_done();
}
