/* test_file.c -- reading a whole stream (kk_file_read_stream). */
#define _POSIX_C_SOURCE 200809L
#include "core/base/alloc.h"
#include "core/base/file.h"
#include "kt.h"

/* A temporary stream holding n bytes of a repeating pattern, rewound. */
static FILE *pattern(size_t n) {
  FILE *f = tmpfile();
  if (!f) return NULL;
  for (size_t i = 0; i < n; i++) fputc('a' + (int)(i % 26), f);
  rewind(f);
  return f;
}

static void test_stream_whole(void) {
  /* past the first 1 MiB capacity, so the buffer grows twice */
  size_t n = (3u << 20) + 5;
  FILE *f = pattern(n);
  KT_REQUIRE(f != NULL);
  char *buf = NULL;
  size_t len = 0;
  kk_Err e;
  KT_CHECK(kk_file_read_stream(f, "stdin", n, &buf, &len, &e) == KK_OK);
  fclose(f);
  KT_REQUIRE(buf != NULL);
  KT_CHECK(len == n);
  KT_CHECK(buf[0] == 'a' && buf[n - 1] == 'a' + (int)((n - 1) % 26) && buf[n] == '\0');
  KT_CHECK(strlen(buf) == n);
  kk_free(buf);

  f = pattern(0);
  KT_REQUIRE(f != NULL);
  KT_CHECK(kk_file_read_stream(f, "stdin", 10, &buf, &len, &e) == KK_OK);
  fclose(f);
  KT_CHECK(buf && len == 0 && buf[0] == '\0');
  kk_free(buf);
}

static void test_stream_limit(void) {
  FILE *f = pattern(5000);
  KT_REQUIRE(f != NULL);
  char *buf = (char *)"x";
  size_t len = 7;
  kk_Err e;
  KT_CHECK(kk_file_read_stream(f, "stdin", 4999, &buf, &len, &e) == KK_ERR_LIMIT);
  fclose(f);
  KT_CHECK(buf == NULL && len == 0);
  KT_CHECK_STR(e.path, "stdin");
  KT_CHECK(strstr(e.msg, "4999") != NULL);
}

static void test_stream_oom(void) {
  FILE *f = pattern(3u << 20);
  KT_REQUIRE(f != NULL);
  char *buf = NULL;
  size_t len = 0;
  kk_alloc_fail_after(0);
  KT_REQUIRE(kk_file_read_stream(f, "stdin", 4u << 20, &buf, &len, NULL) == KK_OK);
  size_t total = kk_alloc_fail_after(0);
  kk_free(buf);
  KT_CHECK(total >= 3); /* 1 MiB, 2 MiB, 4 MiB */
  for (size_t i = 1; i <= total; i++) {
    rewind(f);
    kk_Err e;
    kk_alloc_fail_after(i);
    kk_Status st = kk_file_read_stream(f, "stdin", 4u << 20, &buf, &len, &e);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_ERR_NOMEM && buf == NULL);
  }
  fclose(f);
}

int main(void) {
  KT_RUN(test_stream_whole);
  KT_RUN(test_stream_limit);
  KT_RUN(test_stream_oom);
  return kt_done();
}
