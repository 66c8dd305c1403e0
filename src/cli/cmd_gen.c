/*
** cmd_gen.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"

int kk_cmd_gen(int argc, char **argv) {
  fprintf(stderr, "kioku gen: not available in this build yet\n");
  return 1;
}
