/* bench_text.c -- prints speed figures for paragraph layout, answer folding
** and the typed-answer diff, on the course documents (../shared/seeds) with
** fake metrics (no font): the cost of our code, not of glyph measuring. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "core/base/alloc.h"
#include "core/ui/layout.h"
#include "core/deck/text.h"

static long width_calls;

static int fake_width(void *ud, int px, const char *s, size_t len) {
  size_t p = 0;
  int w = 0;
  width_calls++;
  while (p < len) {
    int32_t cp = kk_utf8_next(s, len, &p);
    int cw = utf8proc_charwidth(cp < 0 ? 0xFFFD : cp);
    w += cw == 2 ? px : cw == 1 ? px / 2 : 0;
  }
  return w;
}
static int fake_lh(void *ud, int px) { return px + px / 4; }

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  *len = fread(b, 1, (size_t)n, f);
  b[*len] = '\0';
  fclose(f);
  return b;
}

int main(void) {
  const char *dirs[] = {KK_SOURCE_DIR "/../shared/seeds", KK_SOURCE_DIR "/../../shared/seeds"};
  DIR *d = NULL;
  const char *dir = NULL;
  for (int i = 0; i < 2 && !d; i++) d = opendir(dir = dirs[i]);
  if (!d) {
    printf("seeds not found; nothing to measure\n");
    return 0;
  }
  char *all = NULL;
  size_t total = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strstr(e->d_name, ".txt")) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    size_t n;
    char *b = read_all(path, &n);
    if (!b) continue;
    all = realloc(all, total + n + 1);
    memcpy(all + total, b, n);
    total += n;
    all[total] = '\0';
    free(b);
  }
  closedir(d);
  if (!all) return 0;

  kk_TextMetrics m = {NULL, fake_width, fake_lh, fake_lh};
  /* Layout, paragraph by paragraph (one source line each), 20 rounds. */
  int rounds = 20;
  size_t paragraphs = 0, lines = 0;
  width_calls = 0;
  double t0 = now_s();
  for (int r = 0; r < rounds; r++)
    for (char *p = all; *p;) {
      char *q = strchr(p, '\n');
      size_t n = q ? (size_t)(q - p) : strlen(p);
      kk_Layout l;
      if (kk_layout_paragraph(p, n, "ja", 480, 16, &m, &l) == KK_OK) {
        paragraphs++;
        lines += l.nlines;
        kk_layout_free(&l);
      }
      p += n + (q != NULL);
    }
  double t = now_s() - t0;
  printf("layout: %zu paragraphs, %zu lines, %.1f MB/s, %.2f us/paragraph, "
         "%.2f width calls per line\n",
         paragraphs, lines, (double)total * rounds / t / 1e6, t / (double)paragraphs * 1e6,
         (double)width_calls / (double)lines);

  /* Answer folding on every source line. */
  size_t folded = 0;
  t0 = now_s();
  for (int r = 0; r < rounds; r++)
    for (char *p = all; *p;) {
      char *q = strchr(p, '\n');
      size_t n = q ? (size_t)(q - p) : strlen(p);
      char *o = NULL;
      if (kk_text_fold_answer(p, n, &o) == KK_OK) folded++;
      kk_free(o);
      p += n + (q != NULL);
    }
  t = now_s() - t0;
  printf("fold: %.1f MB/s (%zu strings)\n", (double)total * rounds / t / 1e6, folded);

  /* Diff: 200-code-point answers with scattered typos, and the worst
  ** bounded case (two unrelated 1000-code-point strings). */
  size_t off = kk_utf8_col_to_off(all, total, 200);
  char *typo = malloc(off + 1);
  memcpy(typo, all, off);
  for (size_t i = 0; i < off; i += 37)
    if ((unsigned char)typo[i] < 0x80) typo[i] = 'x';
  int nd = 2000;
  t0 = now_s();
  for (int i = 0; i < nd; i++) {
    kk_TextDiff df;
    kk_text_diff(typo, off, all, off, &df);
    kk_text_diff_free(&df);
  }
  t = now_s() - t0;
  printf("diff: 200 code points with typos: %.1f us each\n", t / nd * 1e6);
  size_t a1 = kk_utf8_col_to_off(all, total, 1000);
  size_t b0 = total / 2;
  size_t b1 = b0 + kk_utf8_col_to_off(all + b0, total - b0, 1000);
  t0 = now_s();
  for (int i = 0; i < 20; i++) {
    kk_TextDiff df;
    kk_text_diff(all, a1, all + b0, b1 - b0, &df);
    kk_text_diff_free(&df);
  }
  t = now_s() - t0;
  printf("diff: two unrelated 1000-code-point strings: %.2f ms each\n", t / 20 * 1e3);
  free(typo);
  free(all);
  return 0;
}
