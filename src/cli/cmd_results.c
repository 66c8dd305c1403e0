/*
** cmd_results.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"

int kk_cmd_results(int argc, char **argv) {
  fprintf(stderr, "kioku results: not available in this build yet\n");
  return 1;
}
