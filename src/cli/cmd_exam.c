/*
** cmd_exam.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"

int kk_cmd_exam(int argc, char **argv) {
  fprintf(stderr, "kioku exam: not available in this build yet\n");
  return 1;
}
