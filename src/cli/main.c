/*
** main.c -- the `kioku` executable: with no arguments the trainer window,
** otherwise a subcommand for instructors and tooling.  The usage text of
** each command is in usage.c; this file only dispatches.
*/
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/base/bundle.h"
#include "cli/usage.h"

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
} Command;

static const Command commands[] = {
  {"drill", kk_cmd_trainer},  {"preview", kk_cmd_preview}, {"exam", kk_cmd_exam},
  {"lint", kk_cmd_lint},      {"export", kk_cmd_export},   {"import", kk_cmd_import},
  {"gen", kk_cmd_gen},        {"fsrs", kk_cmd_fsrs},       {"stats", kk_cmd_stats},
  {"revlog", kk_cmd_revlog},  {"results", kk_cmd_results},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const Command *find(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2 || argv[1][0] == '-') {
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
      return kk_cli_help(NULL, stdout);
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
      const char *decks = kk_bundled_decks_dir();
      printf("kioku %s\nbundled decks: %s\n", KK_VERSION, decks ? decks : "(none found)");
      return 0;
    }
    return kk_cmd_trainer(argc, argv);
  }
  if (strcmp(argv[1], "help") == 0)
    return kk_cli_help(argc > 2 ? argv[2] : NULL, stdout);
  const Command *c = find(argv[1]);
  if (!c) {
    fprintf(stderr, "kioku: no such command '%s'; see 'kioku --help'\n", argv[1]);
    return 2;
  }
  if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0))
    return kk_cli_help(argv[1], stdout);
  return c->run(argc - 1, argv + 1);
}
