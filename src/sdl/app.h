/*
** app.h -- the SDL2 trainer window: options, the event loop, the glue
** between SDL and the core screens.  The only part of Kioku that includes
** SDL (with the other src/sdl modules).  Depends on the core library, SDL2,
** SDL2_ttf, fontconfig, libpng.  Options are borrowed for the run.
*/
#ifndef KK_APP_H
#define KK_APP_H

#include <stddef.h>

typedef enum {
  KK_APP_HOME,    /* `kioku`: the deck list */
  KK_APP_DRILL,   /* `kioku drill PATH...`: straight into a session */
  KK_APP_PREVIEW, /* `kioku preview DECK.yaml` */
  KK_APP_TEST,    /* hidden `--test-screen`: the renderer's own check page */
  KK_APP_EXAM     /* `kioku exam SPEC.yaml`: the timed exam, full-screen */
} kk_AppMode;

#define KK_APP_MAX_PATHS 64

typedef struct kk_AppOptions {
  kk_AppMode mode;
  const char *paths[KK_APP_MAX_PATHS]; /* drill decks or the preview deck */
  size_t npaths;
  const char *deck_dirs[KK_APP_MAX_PATHS]; /* --decks DIR (remembered) */
  size_t ndeck_dirs;
  const char *data_dir; /* --data-dir, else $KIOKU_DATA_DIR, else XDG */
  const char *font;     /* --font PATH[:INDEX], NULL: fontconfig */
  const char *script;   /* --script FILE, NULL: interactive */
  int width, height;    /* --size WxH, 0: default */
  /* exam mode: paths[0] is the spec */
  const char *results_dir;   /* --results DIR, NULL: DATA_DIR/results */
  const char *student_name;  /* --student, NULL: asked on the start screen */
  const char *student_no;    /* --number */
  int force;                 /* overwrite existing result files */
  int windowed;              /* exam: a window instead of full screen */
  const char *pack_password; /* exam: a sealed pack's password, NULL: none */
} kk_AppOptions;

/* Runs the window until the user (or the script) quits; returns the exit
** code: 0, or 1 after printing `path:line:col: error: message`. */
int kk_app_run(const kk_AppOptions *opt);

#endif
