/*
** app.c -- placeholder until the front end lands.
*/
#include "sdl/app.h"

#include <SDL.h>

int kk_app_main(int argc, char **argv) {
  SDL_Log("kioku: the trainer window is not available in this build yet");
  return 1;
}
