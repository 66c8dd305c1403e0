/*
** buf.h -- a growable, always NUL-terminated string.  Depends on alloc.h.
** Zero-initialise a kk_Buf; appends never fail loudly: out of memory (or an
** absurd size) sets `oom` and later appends do nothing.  The buffer owns p
** until kk_buf_take hands it over or kk_buf_free releases it.
*/
#ifndef KK_BUF_H
#define KK_BUF_H

#include <stddef.h>

typedef struct kk_Buf {
  char *p;  /* NULL until something non-empty is appended */
  size_t n; /* bytes used, not counting the NUL */
  size_t cap;
  int oom;
} kk_Buf;

/* Appends s[0..n); n == 0 does nothing. */
void kk_buf_add(kk_Buf *b, const char *s, size_t n);
/* Appends the C string s. */
void kk_buf_str(kk_Buf *b, const char *s);
/* Returns the string (caller kk_frees; "" if nothing was appended), or NULL
** if an append failed; b is left empty either way. */
char *kk_buf_take(kk_Buf *b);
/* Releases the string; b is left empty.  b may be NULL. */
void kk_buf_free(kk_Buf *b);

#endif
