/*
** cmd_fsrs.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"

int kk_cmd_fsrs(int argc, char **argv) {
  fprintf(stderr, "kioku fsrs: not available in this build yet\n");
  return 1;
}
