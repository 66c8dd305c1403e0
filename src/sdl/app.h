/*
** app.h -- the SDL2 trainer window.  The only part of Kioku that includes
** SDL.  Depends on the core library, SDL2, SDL2_ttf, fontconfig, libpng.
*/
#ifndef KK_APP_H
#define KK_APP_H

/* Runs the window until the user quits; returns the exit code. */
int kk_app_main(int argc, char **argv);

#endif
