/*
** cmd_export.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"

int kk_cmd_export(int argc, char **argv) {
  fprintf(stderr, "kioku export: not available in this build yet\n");
  return 1;
}

int kk_cmd_import(int argc, char **argv) {
  fprintf(stderr, "kioku import: not available in this build yet\n");
  return 1;
}
