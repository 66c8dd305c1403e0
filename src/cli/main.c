/*
** main.c -- the `kioku` executable: with no arguments the trainer window,
** otherwise a subcommand for instructors and tooling.  The usage text of
** each command is in usage.c; this file only dispatches.
*/
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/base/bundle.h"
#include "core/base/i18n.h"
#include "cli/usage.h"

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
} Command;

static const Command commands[] = {
    {"drill", kk_cmd_trainer}, {"preview", kk_cmd_preview}, {"exam", kk_cmd_exam},
    {"lint", kk_cmd_lint},     {"export", kk_cmd_export},   {"import", kk_cmd_import},
    {"gen", kk_cmd_gen},       {"fsrs", kk_cmd_fsrs},       {"stats", kk_cmd_stats},
    {"revlog", kk_cmd_revlog}, {"results", kk_cmd_results}, {"cards", kk_cmd_cards},
    {"schema", kk_cmd_schema}, {"sync", kk_cmd_sync},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const Command *find(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

/* The interface language: `--lang LANG` before the command (after it,
** --lang is a command's own option, e.g. a deck's language for gen), else
** the environment.  Removes the option from argv. */
static void set_language(int *argc, char **argv) {
  const char *lang = NULL;
  if (*argc >= 3 && strcmp(argv[1], "--lang") == 0) {
    lang = argv[2];
    memmove(argv + 1, argv + 3, (size_t)(*argc - 2) * sizeof *argv); /* keeps argv[argc] */
    *argc -= 2;
  } else if (*argc >= 2 && strncmp(argv[1], "--lang=", 7) == 0) {
    lang = argv[1] + 7;
    memmove(argv + 1, argv + 2, (size_t)(*argc - 1) * sizeof *argv);
    *argc -= 1;
  }
  kk_Err err;
  const char *pick = kk_i18n_pick(lang);
  if (kk_i18n_set(pick, kk_bundled_locale_dirs(), &err) != KK_OK && lang) {
    char msg[KK_ERR_PATH_MAX + KK_ERR_MSG_MAX + 32];
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "kioku: %s\n", msg);
  }
}

int main(int argc, char **argv) {
  set_language(&argc, argv);
  if (argc < 2 || argv[1][0] == '-') {
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
      return kk_cli_help(NULL, stdout);
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
      const char *decks = kk_bundled_decks_dir();
      printf("kioku %s\n", KK_VERSION);
      printf(_("bundled decks: %s\n"), decks ? decks : _("(none found)"));
      return 0;
    }
    return kk_cmd_trainer(argc, argv);
  }
  if (strcmp(argv[1], "help") == 0) return kk_cli_help(argc > 2 ? argv[2] : NULL, stdout);
  const Command *c = find(argv[1]);
  if (!c) {
    fprintf(stderr, _("kioku: no such command '%s'; see 'kioku --help'\n"), argv[1]);
    return 2;
  }
  if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0))
    return kk_cli_help(argv[1], stdout);
  return c->run(argc - 1, argv + 1);
}
