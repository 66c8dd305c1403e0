/*
** lintx.h -- hooks `kioku lint` uses for files that are not decks.
** kk_cli_lint_exam checks an exam spec (buf borrowed) into diags; it lives
** with the exam commands.  kk_cli_lint_pack checks an exam pack the same
** way (a sealed one gets a warning that it cannot be read without its
** password) and returns 1, or returns 0 if buf is not a pack.
*/
#ifndef KK_LINTX_H
#define KK_LINTX_H

#include <stddef.h>

#include "core/base/diag.h"

void kk_cli_lint_exam(const char *path, const char *buf, size_t len, kk_Diags *diags);
int kk_cli_lint_pack(const char *path, const char *buf, size_t len, kk_Diags *diags);

#endif
