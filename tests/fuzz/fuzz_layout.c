/* fuzz_layout.c -- the line breaker on arbitrary text and widths, with
** fake metrics.  Checks every line stays inside the text. */
#include <stdlib.h>
#include <string.h>

#include "core/ui/layout.h"
#include "core/deck/text.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int width(void *ud, int px, const char *s, size_t len) {
  (void)ud;
  int w = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) w += ((unsigned char)s[i] < 0x80) ? px / 2 : px;
  return w;
}
static int line_height(void *ud, int px) {
  (void)ud;
  return px * 3 / 2;
}
static int ascent(void *ud, int px) {
  (void)ud;
  return px;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size < 2) return 0;
  int max_w = 8 + data[0] * 4;
  const char *lang = (data[1] & 1) ? "ja" : "en";
  kk_TextMetrics m = {NULL, width, line_height, ascent};
  kk_Layout l;
  if (kk_layout_paragraph((const char *)data + 2, size - 2, lang, max_w, 16, &m, &l) == KK_OK) {
    for (size_t i = 0; i < l.nlines; i++)
      if (l.lines[i].off + l.lines[i].len > l.len) abort();
    for (size_t i = 0; i < l.nrubies; i++)
      if (l.rubies[i].line >= l.nlines) abort();
    kk_layout_free(&l);
  }
  return 0;
}
