/*
** cmd_lint.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"

int kk_cmd_lint(int argc, char **argv) {
  fprintf(stderr, "kioku lint: not available in this build yet\n");
  return 1;
}
