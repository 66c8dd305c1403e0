/* test_atomic.c -- the one file writer (base/atomic.h): old or new file,
** never a part; symlinks planted at the target are not followed; an
** existing file is kept unless forced; no temporary is left behind. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "kt.h"

static char dir[256];

static const char *in(const char *name) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

static int same(const char *path, const char *want) {
  size_t n = 0;
  char *s = kt_read_file(path, &n);
  int ok = s && n == strlen(want) && memcmp(s, want, n) == 0;
  free(s);
  return ok;
}

static int entries(void) {
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  if (d) closedir(d);
  return n;
}

static void test_write_and_exists(void) {
  kk_Err err;
  KT_CHECK(kk_atomic_write(in("a.txt"), 0, "one", 3, &err) == KK_OK);
  KT_CHECK(same(in("a.txt"), "one"));
  KT_CHECK(kk_atomic_write(in("a.txt"), 0, "two", 3, &err) == KK_ERR_EXISTS);
  KT_CHECK(same(in("a.txt"), "one"));
  KT_CHECK(kk_atomic_write(in("a.txt"), KK_ATOMIC_FORCE, "three", 5, &err) == KK_OK);
  KT_CHECK(same(in("a.txt"), "three"));
  KT_CHECK(entries() == 1); /* no temporary left */
  unlink(in("a.txt"));
}

/* A symlink planted at the target: never written through. */
static void test_symlink_target(void) {
  kk_Err err;
  FILE *v = fopen(in("victim"), "wb");
  fputs("precious", v);
  fclose(v);
  KT_CHECK(symlink(in("victim"), in("out.csv")) == 0);
  KT_CHECK(kk_atomic_write(in("out.csv"), 0, "x", 1, &err) == KK_ERR_EXISTS);
  KT_CHECK(same(in("victim"), "precious"));
  KT_CHECK(kk_atomic_write(in("out.csv"), KK_ATOMIC_FORCE, "x", 1, &err) == KK_OK);
  KT_CHECK(same(in("victim"), "precious"));
  struct stat sb;
  KT_CHECK(lstat(in("out.csv"), &sb) == 0 && S_ISREG(sb.st_mode));
  KT_CHECK(same(in("out.csv"), "x"));
  /* A dangling link counts as existing too (it would create its target). */
  unlink(in("out.csv"));
  KT_CHECK(symlink(in("nowhere"), in("out.csv")) == 0);
  KT_CHECK(kk_atomic_write(in("out.csv"), 0, "x", 1, &err) == KK_ERR_EXISTS);
  KT_CHECK(access(in("nowhere"), F_OK) != 0);
  unlink(in("out.csv"));
  unlink(in("victim"));
}

/* The old fixed temporary name "PATH.tmp" with a planted link: the
** writer must not follow it (v1's results writer did). */
static void test_symlink_old_tmp_name(void) {
  kk_Err err;
  FILE *v = fopen(in("victim"), "wb");
  fputs("precious", v);
  fclose(v);
  KT_CHECK(symlink(in("victim"), in("r.json.tmp")) == 0);
  KT_CHECK(kk_atomic_write(in("r.json"), 0, "{}", 2, &err) == KK_OK);
  KT_CHECK(same(in("victim"), "precious"));
  KT_CHECK(same(in("r.json"), "{}"));
  unlink(in("r.json"));
  unlink(in("r.json.tmp"));
  unlink(in("victim"));
}

/* A failed write leaves the old file and no temporary. */
static void test_failed_write(void) {
  kk_Err err;
  KT_CHECK(kk_atomic_write(in("b.txt"), 0, "old", 3, &err) == KK_OK);
  kk_Atomic *w = NULL;
  KT_CHECK(kk_atomic_open(in("b.txt"), KK_ATOMIC_FORCE, &w, &err) == KK_OK);
  if (!w) return;
  fputs("partial", kk_atomic_file(w));
  /* A stream error (as a full disk gives). */
  FILE *f = kk_atomic_file(w);
  fgetc(f); /* reading a write-only stream sets its error flag */
  KT_CHECK(ferror(f));
  KT_CHECK(kk_atomic_commit(w, &err) == KK_ERR_IO);
  KT_CHECK(same(in("b.txt"), "old"));
  KT_CHECK(entries() == 1);
  /* Abort drops everything too. */
  KT_CHECK(kk_atomic_open(in("b.txt"), KK_ATOMIC_FORCE, &w, &err) == KK_OK);
  kk_atomic_abort(w);
  KT_CHECK(same(in("b.txt"), "old"));
  KT_CHECK(entries() == 1);
  unlink(in("b.txt"));
}

/* Every allocation failure is an error, never a half-made writer. */
static void test_oom(void) {
  kk_Err err;
  kk_alloc_fail_after(0);
  KT_CHECK(kk_atomic_write(in("c.txt"), 0, "c", 1, &err) == KK_OK);
  size_t n = kk_alloc_fail_after(0);
  unlink(in("c.txt"));
  KT_CHECK(n > 0);
  for (size_t i = 1; i <= n; i++) {
    kk_alloc_fail_after(i);
    kk_Status st = kk_atomic_write(in("c.txt"), 0, "c", 1, &err);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_ERR_NOMEM);
    KT_CHECK(access(in("c.txt"), F_OK) != 0);
    KT_CHECK(entries() == 0);
  }
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/kk-atomic-XXXXXX");
  if (!mkdtemp(dir)) return kt_skip("no temporary directory");
  KT_RUN(test_write_and_exists);
  KT_RUN(test_symlink_target);
  KT_RUN(test_symlink_old_tmp_name);
  KT_RUN(test_failed_write);
  KT_RUN(test_oom);
  rmdir(dir);
  return kt_done();
}
