/*
** manpage.c -- build tool: writes kioku.1 from the usage tables of
** src/cli/usage.c to stdout, so the manual page and --help cannot drift.
** Not part of the kioku executable.
*/
#include <stdio.h>

#include "cli/usage.h"

int main(void) {
  kk_cli_manpage(stdout);
  return fflush(stdout) == 0 ? 0 : 1;
}
