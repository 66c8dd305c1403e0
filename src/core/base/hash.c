/*
** hash.c -- FNV-1a (see hash.h).
*/
#include "core/base/hash.h"

uint64_t kk_hash_bytes(const void *buf, size_t len, uint64_t h) {
  const unsigned char *p = buf;
  for (size_t i = 0; i < len; i++) h = kk_hash_mix(h, p[i]);
  return h;
}

uint64_t kk_hash_str(const char *s, uint64_t h) {
  for (; *s; s++) h = kk_hash_mix(h, (unsigned char)*s);
  return h;
}

uint64_t kk_hash_text(const char *s, size_t len, uint64_t h) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    h = kk_hash_mix(h, c);
  }
  return kk_hash_mix(h, 0xff); /* field separator */
}
