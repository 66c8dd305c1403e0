/*
** cmd_window.c -- placeholder until the module lands.
*/
#include <stdio.h>

#include "cli/cli.h"
#include "sdl/app.h"

int kk_cmd_trainer(int argc, char **argv) { return kk_app_main(argc, argv); }

int kk_cmd_preview(int argc, char **argv) {
  fprintf(stderr, "kioku preview: not available in this build yet\n");
  return 1;
}
