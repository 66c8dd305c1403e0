/*
** pngdiff.c -- compares two PNG screenshots within a tolerance, for
** tests/screens.test.sh.  Not a test itself.
**
**   kk_pngdiff GOT.png WANT.png [--tolerance N] [--max-fraction F] [--diff OUT.png]
**
** A pixel differs when any channel differs by more than N (default 24).
** Exit 0 if the sizes match and at most F (default 0.002) of the pixels
** differ; 1 otherwise (with a line saying why); 2 on usage or read errors.
** --diff writes the differing pixels in red over a faded copy of WANT.
*/
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *load(const char *path, png_image *img) {
  memset(img, 0, sizeof *img);
  img->version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(img, path)) {
    fprintf(stderr, "%s: cannot read PNG: %s\n", path, img->message);
    return NULL;
  }
  img->format = PNG_FORMAT_RGBA;
  unsigned char *buf = malloc(PNG_IMAGE_SIZE(*img));
  if (!buf || !png_image_finish_read(img, NULL, buf, 0, NULL)) {
    fprintf(stderr, "%s: cannot decode PNG: %s\n", path, img->message);
    free(buf);
    png_image_free(img);
    return NULL;
  }
  return buf;
}

int main(int argc, char **argv) {
  const char *got_path = NULL, *want_path = NULL, *diff_path = NULL;
  int tol = 24;
  double max_fraction = 0.002;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--tolerance") == 0 && i + 1 < argc)
      tol = atoi(argv[++i]);
    else if (strcmp(argv[i], "--max-fraction") == 0 && i + 1 < argc)
      max_fraction = atof(argv[++i]);
    else if (strcmp(argv[i], "--diff") == 0 && i + 1 < argc)
      diff_path = argv[++i];
    else if (!got_path)
      got_path = argv[i];
    else if (!want_path)
      want_path = argv[i];
    else {
      fprintf(stderr, "usage: kk_pngdiff GOT.png WANT.png [--tolerance N] "
                      "[--max-fraction F] [--diff OUT.png]\n");
      return 2;
    }
  }
  if (!got_path || !want_path) {
    fprintf(stderr, "usage: kk_pngdiff GOT.png WANT.png [--tolerance N] "
                    "[--max-fraction F] [--diff OUT.png]\n");
    return 2;
  }
  png_image a, b;
  unsigned char *pa = load(got_path, &a);
  if (!pa) return 2;
  unsigned char *pb = load(want_path, &b);
  if (!pb) {
    free(pa);
    return 2;
  }
  int rc = 0;
  if (a.width != b.width || a.height != b.height) {
    printf("%s: size %ux%u, baseline %ux%u\n", got_path, a.width, a.height, b.width, b.height);
    rc = 1;
    goto done;
  }
  size_t n = (size_t)a.width * a.height, bad = 0;
  int worst = 0;
  for (size_t i = 0; i < n; i++) {
    int d = 0;
    for (int c = 0; c < 4; c++) {
      int x = abs((int)pa[i * 4 + c] - (int)pb[i * 4 + c]);
      if (x > d) d = x;
    }
    if (d > worst) worst = d;
    if (d > tol) {
      bad++;
      if (diff_path) pa[i * 4] = 255, pa[i * 4 + 1] = 0, pa[i * 4 + 2] = 0;
    } else if (diff_path) {
      for (int c = 0; c < 3; c++) pa[i * 4 + c] = (unsigned char)(128 + pb[i * 4 + c] / 2);
    }
    if (diff_path) pa[i * 4 + 3] = 255;
  }
  double frac = n ? (double)bad / (double)n : 0;
  if (frac > max_fraction) {
    printf("%s: %zu of %zu pixels differ from the baseline (%.3f%% > %.3f%%), "
           "largest channel difference %d\n",
           got_path, bad, n, frac * 100, max_fraction * 100, worst);
    rc = 1;
  }
  if (diff_path && bad) {
    a.format = PNG_FORMAT_RGBA;
    png_image_write_to_file(&a, diff_path, 0, pa, 0, NULL);
  }
done:
  png_image_free(&a);
  png_image_free(&b);
  free(pa);
  free(pb);
  return rc;
}
