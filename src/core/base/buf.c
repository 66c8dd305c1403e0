/*
** buf.c -- growable strings.
*/
#include "core/base/buf.h"

#include <stdint.h>
#include <string.h>

#include "core/base/alloc.h"

void kk_buf_add(kk_Buf *b, const char *s, size_t n) {
  if (b->oom || n == 0) return;
  if (n > SIZE_MAX / 4 || b->n > SIZE_MAX / 4) { /* keeps the doubling sane */
    b->oom = 1;
    return;
  }
  if (!b->p || b->n + n + 1 > b->cap) {
    char *np = kk_grow(b->p, &b->cap, b->n + n + 1, 1, 128);
    if (!np) {
      b->oom = 1;
      return;
    }
    b->p = np;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void kk_buf_str(kk_Buf *b, const char *s) { kk_buf_add(b, s, strlen(s)); }

char *kk_buf_take(kk_Buf *b) {
  char *r = NULL;
  if (!b->oom)
    r = b->p ? b->p : kk_strdup("");
  else
    kk_free(b->p);
  memset(b, 0, sizeof *b);
  return r;
}

void kk_buf_free(kk_Buf *b) {
  if (!b) return;
  kk_free(b->p);
  memset(b, 0, sizeof *b);
}
