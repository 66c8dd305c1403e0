/* test_alloc.c -- allocation hook and arena. */
#define _POSIX_C_SOURCE 200809L
#include "core/base/alloc.h"
#include "core/base/diag.h"

#include <stdint.h>
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

static void test_grow(void) {
  /* the rule: first, then doubling to the first capacity that holds need */
  KT_CHECK(kk_grow_cap(0, 1, 4, 16) == 16);
  KT_CHECK(kk_grow_cap(0, 17, 4, 16) == 32);
  KT_CHECK(kk_grow_cap(16, 17, 4, 16) == 32);
  KT_CHECK(kk_grow_cap(64, 10, 4, 16) == 64); /* already holds it */
  KT_CHECK(kk_grow_cap(0, 1, 1, 0) == 1);
  /* doubling near the top stops at the largest count that fits */
  size_t most = SIZE_MAX / 8;
  KT_CHECK(kk_grow_cap(most / 2 + 1, most / 2 + 2, 8, 16) == most);
  KT_CHECK(kk_grow_cap(0, most, 8, 16) == most);
  /* a need whose bytes overflow size_t is refused */
  KT_CHECK(kk_grow_cap(0, most + 1, 8, 16) == 0);

  size_t cap = 0;
  int *v = kk_grow(NULL, &cap, 1, sizeof *v, 4);
  KT_REQUIRE(v != NULL);
  KT_CHECK(cap == 4);
  for (int i = 0; i < 4; i++) v[i] = i * 7;
  KT_CHECK(kk_grow(v, &cap, 4, sizeof *v, 4) == v); /* room: no allocation */
  kk_alloc_fail_after(0);
  int *w = kk_grow(v, &cap, 5, sizeof *v, 4);
  KT_CHECK(kk_alloc_fail_after(0) == 1); /* went through kk_realloc */
  KT_REQUIRE(w != NULL);
  v = w;
  KT_CHECK(cap == 8);
  KT_CHECK(v[0] == 0 && v[3] == 21); /* elements kept */

  /* out of memory: NULL, and the array and its capacity are untouched */
  size_t failed = kk_alloc_failures();
  kk_alloc_fail_after(1);
  w = kk_grow(v, &cap, 9, sizeof *v, 4);
  kk_alloc_fail_after(0);
  KT_CHECK(w == NULL);
  KT_CHECK(cap == 8);
  KT_CHECK(v[3] == 21);
  KT_CHECK(kk_alloc_failures() == failed + 1);

  /* overflow: refused without allocating, counted as a failure */
  w = kk_grow(v, &cap, SIZE_MAX / 2, sizeof *v, 4);
  KT_CHECK(w == NULL);
  KT_CHECK(cap == 8);
  KT_CHECK(kk_alloc_fail_after(0) == 0);
  KT_CHECK(kk_alloc_failures() == failed + 2);
  KT_CHECK(kk_realloc_array(v, SIZE_MAX / 2, 4) == NULL);
  KT_CHECK(kk_realloc_array(v, kk_grow_cap(0, SIZE_MAX, 4, 1), 4) == NULL);
  KT_CHECK(v[3] == 21);
  kk_free(v);
}

static void test_arena(void) {
  kk_Arena ar = {0};
  char *s = kk_arena_strdup(&ar, "記憶");
  KT_CHECK_STR(s, "記憶");
  char *big = kk_arena_alloc(&ar, 200000);
  KT_CHECK(big != NULL);
  memset(big, 1, 200000);
  /* arrays in the arena grow by the same rule, keeping what is in use */
  size_t cap = 0;
  int *v = kk_arena_grow(&ar, NULL, 0, &cap, 1, sizeof *v, 2);
  KT_REQUIRE(v != NULL && cap == 2);
  v[0] = 5, v[1] = 6;
  KT_CHECK(kk_arena_grow(&ar, v, 2, &cap, 2, sizeof *v, 2) == v);
  int *w = kk_arena_grow(&ar, v, 2, &cap, 3, sizeof *v, 2);
  KT_REQUIRE(w != NULL);
  KT_CHECK(cap == 4 && w != v && w[0] == 5 && w[1] == 6);
  kk_alloc_fail_after(1);
  KT_CHECK(kk_arena_grow(&ar, w, 4, &cap, 5, sizeof *w, 2) == NULL);
  kk_alloc_fail_after(0);
  KT_CHECK(cap == 4);
  KT_CHECK(kk_arena_grow(&ar, w, 4, &cap, SIZE_MAX / 2, sizeof *w, 2) == NULL);
  KT_CHECK(cap == 4 && w[1] == 6);
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
  kk_diags_add(&d, KK_SEV_WARNING, "a.yaml", 9, 2, "kept");
  /* the cap (2) applies to each severity: a third warning is dropped */
  KT_CHECK(kk_diags_add(&d, KK_SEV_WARNING, "a.yaml", 9, 3, "dropped") == NULL);
  KT_CHECK(d.truncated == 1 && d.nwarnings == 3 && d.kept_warnings == 2);
  KT_CHECK(kk_diags_add(&d, KK_SEV_ERROR, "c.yaml", 1, 1, "kept too") != NULL);
  /* a third error takes the newest error's slot: the last error survives */
  KT_CHECK(kk_diags_add(&d, KK_SEV_ERROR, "c.yaml", 2, 1, "newest") != NULL);
  KT_CHECK(d.nerrors == 3 && d.kept_errors == 2 && d.n == 4);
  KT_CHECK_STR(d.items[d.last_error].msg, "newest");
  char *txt = NULL;
  size_t tlen = 0;
  FILE *mf = open_memstream(&txt, &tlen);
  kk_diags_print(&d, mf);
  kk_diags_print_count(&d, mf);
  fclose(mf);
  /* errors first, then warnings; the count line last */
  KT_CHECK(txt && strstr(txt, "c.yaml:2:1: error: newest\na.yaml:9:1: warning: first\n"));
  KT_CHECK(txt && strstr(txt, "\n2+ errors, 2+ warnings\n"));
  free(txt);
  kk_diags_sort(&d);
  /* sorted: errors first, each severity by path, line, column */
  KT_CHECK_STR(d.items[0].path, "b.yaml");
  KT_CHECK_STR(d.items[2].path, "a.yaml");
  KT_CHECK_STR(d.items[d.last_error].msg, "newest");
  kk_Err e;
  KT_CHECK(kk_diags_first_error(&d, &e) == KK_ERR_INVALID);
  char buf[256];
  kk_err_format(&e, buf, sizeof buf);
  KT_CHECK_STR(buf, "b.yaml:3:4: error: second 2");
  kk_diags_free(&d);
}

int main(void) {
  KT_RUN(test_fail_nth);
  KT_RUN(test_grow);
  KT_RUN(test_arena);
  KT_RUN(test_diags);
  return kt_done();
}
