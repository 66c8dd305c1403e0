/*
** term.c -- terminal-safe output (see term.h).
*/
#include "core/base/term.h"

#include <string.h>

#include "core/base/utf8.h"

static int is_bidi_control(int32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

void kk_term_write(FILE *f, const char *s, size_t len) {
  size_t pos = 0, run = 0; /* s[run..pos) is clean and not yet written */
  while (pos < len) {
    size_t at = pos;
    int32_t cp = kk_utf8_next(s, len, &pos);
    int clean = cp != KK_UTF8_BAD && (cp >= 0x20 || cp == '\n' || cp == '\t') && cp != 0x7F &&
                !(cp >= 0x80 && cp < 0xA0) && !is_bidi_control(cp);
    if (clean) continue;
    fwrite(s + run, 1, at - run, f);
    run = pos;
    if (cp == KK_UTF8_BAD)
      fputs("\xEF\xBF\xBD", f);
    else if (cp < 0x20)
      fprintf(f, "^%c", (char)(cp + '@'));
    else if (cp == 0x7F)
      fputs("^?", f);
    else
      fprintf(f, "<U+%04X>", (unsigned)cp);
  }
  fwrite(s + run, 1, len - run, f);
}

void kk_term_puts(FILE *f, const char *s) {
  if (s) kk_term_write(f, s, strlen(s));
}
