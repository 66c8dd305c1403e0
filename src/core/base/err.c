/*
** err.c -- kk_Err helpers.
*/
#include "core/base/err.h"
#include "core/base/i18n.h"
#include "core/base/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void kk_err_clear(kk_Err *e) {
  if (e) memset(e, 0, sizeof *e);
}

kk_Status kk_err_set(kk_Err *e, kk_Status code, const char *path, int line, int col,
                     const char *fmt, ...) {
  if (!e) return code;
  e->code = code;
  snprintf(e->path, sizeof e->path, "%s", path ? path : "");
  e->line = line;
  e->col = col;
  va_list ap;
  va_start(ap, fmt);
  // NOLINTBEGIN(clang-analyzer-valist.Uninitialized): started just above
  int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  // NOLINTEND(clang-analyzer-valist.Uninitialized)
  va_end(ap);
  /* cut short: never leave half a character (Japanese takes 3 bytes each) */
  if (n >= (int)sizeof e->msg) {
    size_t len = strlen(e->msg), last = kk_utf8_prev(e->msg, len, len), p = last;
    if (kk_utf8_next(e->msg, len, &p) == KK_UTF8_BAD) e->msg[last] = '\0';
  }
  return code;
}

int kk_err_format(const kk_Err *e, char *buf, size_t size) {
  char where[KK_ERR_PATH_MAX + 32] = "";
  if (e->path[0] && e->line > 0 && e->col > 0)
    snprintf(where, sizeof where, "%s:%d:%d: ", e->path, e->line, e->col);
  else if (e->path[0] && e->line > 0)
    snprintf(where, sizeof where, "%s:%d: ", e->path, e->line);
  else if (e->path[0])
    snprintf(where, sizeof where, "%s: ", e->path);
  return snprintf(buf, size, "%serror: %s", where, e->msg[0] ? e->msg : kk_status_str(e->code));
}

const char *kk_status_str(kk_Status s) {
  switch (s) {
  case KK_OK: return _("ok");
  case KK_ERR_NOMEM: return _("out of memory");
  case KK_ERR_IO: return _("input/output error");
  case KK_ERR_PARSE: return _("parse error");
  case KK_ERR_INVALID: return _("invalid input");
  case KK_ERR_LIMIT: return _("limit exceeded");
  case KK_ERR_NOTFOUND: return _("not found");
  case KK_ERR_BUSY: return _("in use by another process");
  case KK_ERR_DB: return _("progress store error");
  case KK_ERR_USAGE: return _("usage error");
  case KK_ERR_EXISTS: return _("already exists");
  }
  return _("unknown error");
}
