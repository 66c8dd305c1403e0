/* test_term.c -- terminal-safe output (base/term.h): escape sequences,
** controls, bidi overrides and ill-formed UTF-8 from decks and students
** never reach the terminal as such. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/term.h"
#include "kt.h"

static char *through(const char *s, size_t len) {
  char *mem = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&mem, &n);
  kk_term_write(f, s, len);
  fclose(f);
  return mem;
}

static void test_clean_text_unchanged(void) {
  const char *t = "日本語 text\twith tab\nand line";
  char *o = through(t, strlen(t));
  KT_CHECK_STR(o, t);
  free(o);
}

static void test_escapes(void) {
  /* a clipboard write (OSC 52), a colour change, a title change, a bell,
  ** CSI in its 8-bit form, DEL, a bidi override */
  const char t[] = "a\x1b]52;c;ZWNobw==\x07"
                   "b\x1b[31mred\x1b]0;pwned\x07"
                   "c\xc2\x9b"
                   "2J\x7f"
                   "\xe2\x80\xae"
                   "txt.exe";
  char *o = through(t, sizeof t - 1);
  KT_CHECK(strchr(o, 0x1b) == NULL && strchr(o, 0x07) == NULL && strchr(o, 0x7f) == NULL);
  KT_CHECK(strstr(o, "\xc2\x9b") == NULL && strstr(o, "\xe2\x80\xae") == NULL);
  KT_CHECK_STR(o, "a^[]52;c;ZWNobw==^Gb^[[31mred^[]0;pwned^Gc<U+009B>2J^?<U+202E>txt.exe");
  free(o);
}

static void test_bad_utf8(void) {
  const char t[] = "x\xff\xc3y\xe3\x81";
  char *o = through(t, sizeof t - 1);
  KT_CHECK_STR(o, "x\xEF\xBF\xBD\xEF\xBF\xBDy\xEF\xBF\xBD");
  free(o);
}

int main(void) {
  KT_RUN(test_clean_text_unchanged);
  KT_RUN(test_escapes);
  KT_RUN(test_bad_utf8);
  return kt_done();
}
