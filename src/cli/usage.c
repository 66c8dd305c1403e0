/*
** usage.c -- the text of `kioku --help` and of each command's usage: one
** table that --help, `kioku help COMMAND` and the manual page read.
*/
#include "cli/usage.h"

#include <string.h>

static const kk_CliUsage commands[] = {
  {"drill", "drill the given decks in the trainer window",
   "kioku drill [--data-dir DIR] [--font PATH[:INDEX]] PATH...\n"
   "  Opens the trainer straight on a study session of the decks in PATH\n"
   "  (YAML files or folders of them)."},
  {"preview", "page through a deck as students will see it",
   "kioku preview DECK.yaml\n"
   "  Shows every card, question and answer side, reloads when the file\n"
   "  changes, and shows lint problems in the window."},
  {"exam", "run a timed exam from an exam spec",
   "kioku exam [--results DIR] [--data-dir DIR] [--student NAME --number NO]\n"
   "           [--force] [--windowed | --terminal] SPEC.yaml\n"
   "  Runs the exam full-screen (--windowed: in a window; --terminal: line by\n"
   "  line in the terminal).  Answers are saved as they are given; running\n"
   "  the same command again resumes the attempt."},
  {"lint", "check decks and exam specs for mistakes",
   "kioku lint [--format text|json] [--fix-ids] PATH...\n"
   "  PATH is a YAML file or a folder (searched for *.yaml).  Prints\n"
   "  path:line:col: error: message lines.  Exit 0 clean, 1 problems,\n"
   "  2 usage error.  --fix-ids writes generated ids into cards that have\n"
   "  none, keeping comments and formatting."},
  {"export", "export decks for Anki (text import) or as CSV",
   "kioku export --format anki|csv [-o FILE] [--force] DECK..."},
  {"import", "draft a YAML deck from a two-column CSV",
   "kioku import csv [--deck-id ID] [--title T] [--lang ja|en] [-o FILE] [--force] FILE.csv"},
  {"gen", "draft a deck from a text or Markdown document",
   "kioku gen DOC [--deck-id ID] [--title T] [--lang ja|en] [--max N]\n"
   "             [--id-prefix P] [-o FILE] [--force]"},
  {"fsrs", "FSRS tools: replay review histories",
   "kioku fsrs replay [--retention R] [--params w0,...,w20] [--no-short-term]\n"
   "  Reads CSV card,elapsed_days,rating on stdin; writes\n"
   "  card,rating,stability,difficulty,retrievability,interval."},
  {"stats", "show study statistics",
   "kioku stats [--json] [--deck ID] [--data-dir DIR] [DECK.yaml|FOLDER...]"},
  {"revlog", "export the review log",
   "kioku revlog export [--data-dir DIR] [--force] FILE.csv"},
  {"results", "summarize exam results for a class",
   "kioku results summarize [-o DIR] FILES..."},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const kk_CliUsage *kk_cli_usage_find(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

const kk_CliUsage *kk_cli_usage_at(size_t i) { return i < NCOMMANDS ? &commands[i] : NULL; }

int kk_cli_help(const char *name, FILE *f) {
  if (name) {
    const kk_CliUsage *c = kk_cli_usage_find(name);
    if (!c) {
      fprintf(stderr, "kioku: no such command '%s'; see 'kioku --help'\n", name);
      return 2;
    }
    fprintf(f, "%s\n\n  %s\n", c->usage, c->summary);
    return 0;
  }
  fputs("Kioku " KK_VERSION " -- quiz and flashcard trainer for course readings\n\n"
        "usage: kioku                 open the trainer on the bundled decks\n"
        "       kioku COMMAND [ARGS]  run a command\n\n"
        "options for the trainer:\n"
        "  --decks DIR         add a folder of decks (remembered)\n"
        "  --data-dir DIR      where progress is kept (or KIOKU_DATA_DIR)\n"
        "  --font PATH[:INDEX] use this font instead of fontconfig's match\n"
        "  --script FILE       replay scripted input (tests, screenshots)\n"
        "  --size WxH          window size\n\n"
        "commands:\n", f);
  for (size_t i = 0; i < NCOMMANDS; i++)
    fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fputs("  help      show help for a command\n\n"
        "'kioku help COMMAND' shows a command's options.\n", f);
  return 0;
}

