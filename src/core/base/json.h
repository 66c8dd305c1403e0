/*
** json.h -- a small JSON reader (RFC 8259) for the files Kioku writes
** itself, such as exam results, and the string writer every JSON output
** uses (kk_json_string).  Depends on alloc.h, err.h.  The tree and
** its strings live in an arena the caller passes in: valid until
** kk_arena_free.  Nesting is limited to 64 levels.
*/
#ifndef KK_JSON_H
#define KK_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "core/base/alloc.h"
#include "core/base/err.h"

typedef enum {
  KK_JSON_NULL,
  KK_JSON_BOOL,
  KK_JSON_NUMBER,
  KK_JSON_STRING,
  KK_JSON_ARRAY,
  KK_JSON_OBJECT
} kk_JsonType;

typedef struct kk_Json {
  kk_JsonType type;
  int boolean;
  double number;
  const char *string;    /* UTF-8, NUL-terminated (embedded NULs cut it) */
  struct kk_Json *items; /* array elements or object values */
  const char **keys;     /* object keys, parallel to items */
  size_t n;
} kk_Json;

/* Parses buf[0..len).  KK_ERR_PARSE with line and column (code points) in
** err on malformed input; path is for err only. */
kk_Status kk_json_parse(const char *buf, size_t len, const char *path, kk_Arena *arena,
                        kk_Json **out, kk_Err *err);

/* The value of key in obj (last one wins), or NULL if obj is not an object
** or lacks it. */
const kk_Json *kk_json_get(const kk_Json *obj, const char *key);
/* Helpers with defaults for absent or mistyped values. */
const char *kk_json_str(const kk_Json *obj, const char *key, const char *dflt);
double kk_json_num(const kk_Json *obj, const char *key, double dflt);
int kk_json_bool(const kk_Json *obj, const char *key, int dflt);

/* Writes s as a JSON string literal (quotes and escapes) to f. */
void kk_json_string(FILE *f, const char *s);

#endif
