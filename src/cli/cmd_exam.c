/*
** cmd_exam.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"
#include "cli/lintx.h"

int kk_cmd_exam(int argc, char **argv) {
  fprintf(stderr, "kioku exam: not available in this build yet\n");
  return 1;
}

void kk_cli_lint_exam(const char *path, const char *buf, size_t len, kk_Diags *diags) {
  (void)buf;
  (void)len;
  kk_diags_add(diags, KK_SEV_WARNING, path, 1, 1, "exam specs cannot be checked by this build yet");
}
