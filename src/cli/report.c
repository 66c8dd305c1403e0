/*
** report.c -- the one way the subcommands print a problem that has no
** kk_Err: "WHERE: error: MESSAGE".  "error:" stays English in every
** language (editors and scripts parse it); the message is the caller's,
** usually translated with _().
*/
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>

void kk_cli_error(const char *where, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: error: ", where);
  vfprintf(stderr, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized): started just above */
  fputc('\n', stderr);
  va_end(ap);
}
