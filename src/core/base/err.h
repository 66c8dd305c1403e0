/*
** err.h -- status codes and the error value every fallible core call fills.
** Depends on nothing in its interface (err.c uses i18n.c for the status
** words and utf8.c to cut a long message between characters).  Messages
** are in the interface language; the "path:line:col: error:" prefix never
** is translated.  A kk_Err is a plain value owned by the caller; the
** core never prints and never exits, it fills one of these and returns a code.
** Printed form (everywhere): "path:line:col: error: message".  Lines and
** columns are 1-based; columns count Unicode code points, not bytes.
*/
#ifndef KK_ERR_H
#define KK_ERR_H

#include <stddef.h>

typedef enum {
  KK_OK = 0,
  KK_ERR_NOMEM,    /* an allocation failed */
  KK_ERR_IO,       /* a file could not be read or written */
  KK_ERR_PARSE,    /* input is not well-formed (YAML, CSV, UTF-8) */
  KK_ERR_INVALID,  /* well-formed input that breaks the format's rules */
  KK_ERR_LIMIT,    /* input exceeds a documented limit */
  KK_ERR_NOTFOUND, /* a named thing does not exist */
  KK_ERR_BUSY,     /* a resource is in use by another process */
  KK_ERR_DB,       /* the progress store reported an error */
  KK_ERR_USAGE,    /* the caller passed bad arguments */
  KK_ERR_EXISTS    /* refusing to overwrite something that exists */
} kk_Status;

#define KK_ERR_PATH_MAX 512
#define KK_ERR_MSG_MAX 512

typedef struct kk_Err {
  kk_Status code;
  char path[KK_ERR_PATH_MAX]; /* file the error is about, "" if none */
  int line;                   /* 1-based, 0 if unknown */
  int col;                    /* 1-based in code points, 0 if unknown */
  char msg[KK_ERR_MSG_MAX];   /* one sentence, no trailing newline */
} kk_Err;

#if defined(__GNUC__)
#define KK_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define KK_PRINTF(fmt, args)
#endif

/* Clears e (code KK_OK).  e may be NULL. */
void kk_err_clear(kk_Err *e);

/* Fills e (may be NULL) and returns code, so callers can write
** `return kk_err_set(e, KK_ERR_IO, path, 0, 0, "cannot open: %s", why);`.
** path may be NULL. */
kk_Status kk_err_set(kk_Err *e, kk_Status code, const char *path, int line, int col,
                     const char *fmt, ...) KK_PRINTF(6, 7);

/* Writes "path:line:col: error: msg" (omitting empty parts) into buf,
** always NUL-terminated; returns the length it wanted, like snprintf. */
int kk_err_format(const kk_Err *e, char *buf, size_t size);

/* Short constant name of a status, e.g. "out of memory". */
const char *kk_status_str(kk_Status s);

#endif
