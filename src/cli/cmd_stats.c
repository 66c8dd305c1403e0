/*
** cmd_stats.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"

int kk_cmd_stats(int argc, char **argv) {
  fprintf(stderr, "kioku stats: not available in this build yet\n");
  return 1;
}

int kk_cmd_revlog(int argc, char **argv) {
  fprintf(stderr, "kioku revlog: not available in this build yet\n");
  return 1;
}
