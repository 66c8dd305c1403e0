/*
** kt.h -- the tiny test harness every tests/test_<module>.c uses.
** KT_CHECK(cond) records a failure with file:line and goes on;
** KT_REQUIRE(cond) records one and returns from the test (fixtures);
** KT_RUN(fn) runs one test function; kt_done() prints "N passed, N failed"
** and returns the exit code (77 = skipped, for ctest's SKIP_RETURN_CODE).
** Helpers: kt_read_file (caller frees), kt_source_path, kt_valgrind.  The
** counters live in kt_fixture.c (linked into every test), so the shared
** fixtures of kt_fixture.h can fail a test too.
*/
#ifndef KT_H
#define KT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int kt_pass, kt_fail, kt_cur_fail;
extern const char *kt_cur;

#define KT_CHECK(cond)                                                                             \
  do {                                                                                             \
    if (cond)                                                                                      \
      kt_pass++;                                                                                   \
    else {                                                                                         \
      kt_fail++, kt_cur_fail++;                                                                    \
      fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, kt_cur, #cond);         \
    }                                                                                              \
  } while (0)

/* For fixtures: a test whose setup failed (a spec or deck that did not
** load) must fail, not print "ok" after skipping every check.  Records a
** failure and returns from the (void) test function when cond is false. */
#define KT_REQUIRE(cond)                                                                           \
  do {                                                                                             \
    if (cond)                                                                                      \
      kt_pass++;                                                                                   \
    else {                                                                                         \
      kt_fail++, kt_cur_fail++;                                                                    \
      fprintf(stderr, "%s:%d: %s: required, test stopped: %s\n", __FILE__, __LINE__, kt_cur,       \
              #cond);                                                                              \
      return;                                                                                      \
    }                                                                                              \
  } while (0)

#define KT_CHECK_STR(a, b)                                                                         \
  do {                                                                                             \
    const char *kt_a = (a), *kt_b = (b);                                                           \
    if (kt_a && kt_b && strcmp(kt_a, kt_b) == 0)                                                   \
      kt_pass++;                                                                                   \
    else {                                                                                         \
      kt_fail++, kt_cur_fail++;                                                                    \
      fprintf(stderr, "%s:%d: %s: %s == %s failed:\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, \
              kt_cur, #a, #b, kt_a ? kt_a : "(null)", kt_b ? kt_b : "(null)");                     \
    }                                                                                              \
  } while (0)

#define KT_CHECK_NEAR(a, b, rel)                                                                   \
  do {                                                                                             \
    double kt_x = (a), kt_y = (b);                                                                 \
    double kt_d = fabs(kt_x - kt_y), kt_m = fabs(kt_y) > 1 ? fabs(kt_y) : 1;                       \
    if (kt_d <= (rel)*kt_m)                                                                        \
      kt_pass++;                                                                                   \
    else {                                                                                         \
      kt_fail++, kt_cur_fail++;                                                                    \
      fprintf(stderr, "%s:%d: %s: %s ~ %s failed: %.9g vs %.9g\n", __FILE__, __LINE__, kt_cur, #a, \
              #b, kt_x, kt_y);                                                                     \
    }                                                                                              \
  } while (0)

#define KT_RUN(fn)                                                                                 \
  do {                                                                                             \
    kt_cur = #fn;                                                                                  \
    kt_cur_fail = 0;                                                                               \
    fn();                                                                                          \
    fprintf(stderr, "%s %s\n", kt_cur_fail ? "FAIL" : "ok  ", #fn);                                \
  } while (0)

static inline int kt_done(void) {
  printf("%d passed, %d failed\n", kt_pass, kt_fail);
  return kt_fail ? 1 : 0;
}

/* Prints a visible skip line and returns 77 (ctest reports it as skipped). */
static inline int kt_skip(const char *why) {
  printf("SKIPPED: %s\n", why);
  return 77;
}

/* Reads a whole file; returns a malloc'd NUL-terminated buffer (caller
** frees) and its length in *len, or NULL. */
/* True when the suite runs under valgrind (scripts/valgrind.sh sets
** KK_VALGRIND): memcheck is 20-50 times slower, so loops that repeat one
** path many times (random seeds, kill rounds, timing repeats) run fewer
** rounds there; every path is still taken. */
static inline int kt_valgrind(void) { return getenv("KK_VALGRIND") != NULL; }

static inline char *kt_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  size_t r;
  while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (cap - n < 2) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) {
        free(buf);
        buf = NULL;
      } else
        buf = nb;
    }
  }
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

#endif
