/*
** cmd_window.c -- `kioku` (no subcommand), `kioku drill PATH...` and
** `kioku preview DECK.yaml`: argument parsing for the trainer window.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/base/i18n.h"
#include "core/ui/ui.h"
#include "cli/usage.h"
#include "sdl/app.h"

/* Parses the window options shared by every window command; positional
** arguments go to opt->paths.  Returns 0, or 2 after printing a usage error. */
static int parse(const char *cmd, int argc, char **argv, kk_AppOptions *opt) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
    const char *name = a;
    char namebuf[32];
    /* --opt=value as well as --opt value */
    const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
    if (eq && (size_t)(eq - a) < sizeof namebuf) {
      memcpy(namebuf, a, (size_t)(eq - a));
      namebuf[eq - a] = '\0';
      name = namebuf;
      val = eq + 1;
    }
#define TAKE()                                                                                     \
  do {                                                                                             \
    if (!val) {                                                                                    \
      if (i + 1 >= argc) {                                                                         \
        fprintf(stderr, _("kioku %s: %s needs a value\n"), cmd, name);                             \
        return 2;                                                                                  \
      }                                                                                            \
      val = argv[++i];                                                                             \
    }                                                                                              \
  } while (0)
    if (strcmp(name, "--decks") == 0) {
      TAKE();
      if (opt->ndeck_dirs == KK_APP_MAX_PATHS) {
        fprintf(stderr, _("kioku %s: too many --decks\n"), cmd);
        return 2;
      }
      opt->deck_dirs[opt->ndeck_dirs++] = val;
    } else if (strcmp(name, "--data-dir") == 0) {
      TAKE();
      opt->data_dir = val;
    } else if (strcmp(name, "--font") == 0) {
      TAKE();
      opt->font = val;
    } else if (strcmp(name, "--script") == 0) {
      TAKE();
      opt->script = val;
    } else if (strcmp(name, "--size") == 0) {
      TAKE();
      if (!kk_ui_window_size_parse(val, &opt->width, &opt->height)) {
        fprintf(stderr,
                _("kioku %s: --size wants WxH, e.g. 1024x720 (at least %dx%d, at most %d)\n"), cmd,
                KK_UI_WINDOW_MIN_W, KK_UI_WINDOW_MIN_H, KK_UI_WINDOW_MAX);
        return 2;
      }
    } else if (strcmp(cmd, "exam") == 0 && strcmp(name, "--results") == 0) {
      TAKE();
      opt->results_dir = val;
    } else if (strcmp(cmd, "exam") == 0 && strcmp(name, "--student") == 0) {
      TAKE();
      opt->student_name = val;
    } else if (strcmp(cmd, "exam") == 0 && strcmp(name, "--number") == 0) {
      TAKE();
      opt->student_no = val;
    } else if (strcmp(cmd, "exam") == 0 && strcmp(name, "--force") == 0 && !val) {
      opt->force = 1;
    } else if (strcmp(cmd, "exam") == 0 && strcmp(name, "--password-file") == 0) {
      /* a sealed pack's password (the window does not ask for one) */
      static char password[1024];
      TAKE();
      if (kk_cli_password_file(val, password, sizeof password) != 0) return 1;
      opt->pack_password = password;
    } else if (strcmp(cmd, "exam") == 0 && strcmp(name, "--windowed") == 0 && !val) {
      opt->windowed = 1;
    } else if (strcmp(name, "--test-screen") == 0 && !val) {
      opt->mode = KK_APP_TEST;
    } else if (a[0] == '-' && a[1]) {
      if (strcmp(cmd, "trainer") == 0)
        fprintf(stderr, _("kioku: unknown option '%s'; see 'kioku --help'\n"), a);
      else
        fprintf(stderr, _("kioku %s: unknown option '%s'; see 'kioku help %s'\n"), cmd, a, cmd);
      return 2;
    } else {
      if (opt->npaths == KK_APP_MAX_PATHS) {
        fprintf(stderr, _("kioku %s: too many paths\n"), cmd);
        return 2;
      }
      opt->paths[opt->npaths++] = a;
    }
#undef TAKE
  }
  if (!opt->data_dir) {
    const char *env = getenv("KIOKU_DATA_DIR");
    if (env && *env) opt->data_dir = env;
  }
  return 0;
}

int kk_cmd_trainer(int argc, char **argv) {
  kk_AppOptions opt;
  memset(&opt, 0, sizeof opt);
  int drill = argc > 0 && strcmp(argv[0], "drill") == 0;
  opt.mode = drill ? KK_APP_DRILL : KK_APP_HOME;
  int rc = parse(drill ? "drill" : "trainer", argc, argv, &opt);
  if (rc) return rc;
  if (drill && opt.npaths == 0 && opt.mode != KK_APP_TEST) {
    fputs(_("kioku drill: give at least one deck file or folder\n"
            "usage: kioku drill [--data-dir DIR] [--font PATH[:INDEX]] PATH...\n"),
          stderr);
    return 2;
  }
  if (!drill && opt.npaths > 0) {
    fprintf(stderr, _("kioku: unexpected argument '%s' (did you mean 'kioku drill %s'?)\n"),
            opt.paths[0], opt.paths[0]);
    return 2;
  }
  return kk_app_run(&opt);
}

int kk_cmd_preview(int argc, char **argv) {
  kk_AppOptions opt;
  memset(&opt, 0, sizeof opt);
  opt.mode = KK_APP_PREVIEW;
  int rc = parse("preview", argc, argv, &opt);
  if (rc) return rc;
  if (opt.npaths != 1 && opt.mode == KK_APP_PREVIEW) {
    fputs(_("usage: kioku preview [--font PATH[:INDEX]] DECK.yaml\n"), stderr);
    return 2;
  }
  return kk_app_run(&opt);
}

int kk_cmd_exam_window(int argc, char **argv) {
  kk_AppOptions opt;
  memset(&opt, 0, sizeof opt);
  int rc = parse("exam", argc, argv, &opt);
  if (rc) return rc;
  if (opt.npaths != 1) {
    kk_cli_help("exam", stderr);
    return 2;
  }
  opt.mode = KK_APP_EXAM;
  return kk_app_run(&opt);
}
