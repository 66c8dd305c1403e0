/*
** usage.c -- the text of `kioku --help` and of each command's usage: one
** table that --help, `kioku help COMMAND` and the manual page read.
*/
#include "cli/usage.h"

#include <string.h>

#include "core/base/i18n.h"

static const kk_CliUsage commands[] = {
    {"drill", N_("drill the given decks in the trainer window"),
     N_("kioku drill [--data-dir DIR] [--font PATH[:INDEX]] PATH...\n"
        "  Opens the trainer straight on a study session of the decks in PATH\n"
        "  (YAML files or folders of them).")},
    {"preview", N_("page through a deck as students will see it"),
     N_("kioku preview DECK.yaml\n"
        "  Shows every card, question and answer side, reloads when the file\n"
        "  changes, and shows lint problems in the window.")},
    {"exam", N_("run a timed exam from an exam spec or pack"),
     N_("kioku exam [--results DIR] [--data-dir DIR] [--student NAME --number NO]\n"
        "           [--force] [--windowed | --terminal] [--password-file FILE] SPEC.yaml|EXAM.kexam\n"
        "  Runs the exam full-screen (--windowed: in a window; --terminal: line by\n"
        "  line in the terminal).  Answers are saved as they are given; running\n"
        "  the same command again resumes the attempt.  A sealed pack asks for\n"
        "  its password.\n"
        "kioku exam pack SPEC.yaml -o EXAM.kexam [--force] [--password | --password-file FILE]\n"
        "  Writes what students receive: the questions without the answer key,\n"
        "  sealed with a password if asked.\n"
        "kioku exam extension-keys SPEC.yaml\n"
        "  Prints the spec's extensions keyed by salted hashes of the numbers.")},
    {"lint", N_("check decks and exam specs for mistakes"),
     N_("kioku lint [--format text|json] [--fix-ids] PATH...\n"
        "  PATH is a YAML file or a folder (searched for *.yaml).  Prints\n"
        "  path:line:col: error: message lines.  Exit 0 clean, 1 problems,\n"
        "  2 usage error.  --fix-ids writes generated ids into cards that have\n"
        "  none, keeping comments and formatting.")},
    {"export", N_("export decks for Anki, Moodle or as CSV"),
     N_("kioku export --format anki|csv|apkg|gift|moodle-xml [-o FILE] [--force] DECK...\n"
        "  --format apkg writes an Anki package (-o FILE.apkg); --with-progress\n"
        "  [--data-dir DIR] adds the scheduling state and the review log.\n"
        "  gift and moodle-xml write Moodle question banks (an exam spec's pools\n"
        "  become categories) and list, per card, what the format cannot hold.")},
    {"import", N_("draft YAML decks from CSV, Anki packages or Moodle banks"),
     N_("kioku import csv [--deck-id ID] [--title T] [--lang ja|en] [-o FILE] [--force]\n"
        "                 [--schema PATH|none] FILE.csv\n"
        "  csv writes a '# yaml-language-server: $schema=' first line pointing at\n"
        "  the shipped deck schema (--schema: that path instead; none: no line).\n"
        "kioku import apkg [--with-history] [--data-dir DIR] [--force] -o DIR FILE.apkg\n"
        "  apkg writes one deck per Anki deck into DIR, images beside them;\n"
        "  --with-history also brings the review log into the progress store.\n"
        "kioku import gift|moodle-xml [--deck-id ID] [--title T] [--lang ja|en] [--force]\n"
        "             -o DECK.yaml FILE\n"
        "  question types Kioku lacks are listed and skipped.")},
    {"gen", N_("draft a deck from a text or Markdown document"),
     N_("kioku gen DOC [--deck-id ID] [--title T] [--lang ja|en] [--max N]\n"
        "             [--id-prefix P] [--against DECKS]... [--mark] [--no-mecab]\n"
        "             [--mecab-dicdir DIR] [--schema PATH|none] [-o FILE] [--force]\n"
        "  Japanese is segmented by MeCab when it and its dictionary are there\n"
        "  (else gen says so and uses its rules); --against drops drafts that ask\n"
        "  what a card of those decks asks in the same section, --mark keeps them\n"
        "  with a comment naming that card (docs/gen.md).")},
    {"fsrs", N_("FSRS tools: fit parameters, replay review histories"),
     N_("kioku fsrs optimize [REVLOG.csv] [--json] [--apply [--deck ID]] [--timezone ZONE]\n"
        "         [--day-start HOUR] [--no-short-term] [--data-dir DIR]\n"
        "  Fits the 21 FSRS-6 parameters to a review log (see docs/fsrs.md).\n"
        "kioku fsrs replay [--retention R] [--params w0,...,w20] [--no-short-term]\n"
        "  Reads CSV card,elapsed_days,rating on stdin; writes\n"
        "  card,rating,stability,difficulty,retrievability,interval.")},
    {"stats", N_("show study statistics"),
     N_("kioku stats [--json] [--deck ID] [--data-dir DIR] [DECK.yaml|FOLDER...]")},
    {"cards", N_("list, search and suspend or forget study items"),
     N_("kioku cards [--search QUERY] [--format text|csv|json] [--data-dir DIR] [PATH...]\n"
        "kioku cards suspend|unsuspend|bury|forget [--data-dir DIR] QUERY [PATH...]\n"
        "kioku cards set-due DAYS [--data-dir DIR] QUERY [PATH...]\n"
        "  The study items of the decks in PATH (the bundled decks if none) with\n"
        "  their progress; QUERY as in the window's browser: words, \"phrases\",\n"
        "  tag:T deck:D type:T is:new|due|learning|review|suspended|buried|leech\n"
        "  prop:ivl|due|lapses|reps|s|d|r|ease<>=N, -negation, or, (groups).\n"
        "  Actions are recorded in the progress store and can be undone there.")},
    {"revlog", N_("export the review log"),
     N_("kioku revlog export [--data-dir DIR] [--force] FILE.csv|-")},
    {"results", N_("mark, summarize and export a class's exam results"),
     N_("kioku results mark --spec SPEC.yaml [-o DIR] [--force] FILE.json|FOLDER|FILE.zip...\n"
        "  Marks the answers with the spec's key and flags mismatched papers,\n"
        "  repeated or late submissions and clocks set back.\n"
        "kioku results summarize [-o DIR] [--force] FILE.json|FOLDER|FILE.zip...\n"
        "kioku results export --format moodle|csv [-o FILE] [--force] FILE.json|FOLDER|FILE.zip...")},
    {"schema", N_("print the JSON Schema of decks or exam specs (for editors)"),
     N_("kioku schema deck|exam [--lang ja|en]\n"
        "  Prints a JSON Schema (draft 2020-12) written from the tables the loaders\n"
        "  check against; editors with a YAML language server use it for\n"
        "  completion, hover help and errors as you type (docs/editors.md).")},
    {"sync", N_("sync progress with other machines through a shared folder"),
     N_("kioku sync [--data-dir DIR] [--remember] [--passphrase-file FILE] [FOLDER]\n"
        "kioku sync [--data-dir DIR] --forget\n"
        "  Sends this machine's reviews to FOLDER (Syncthing, a network share,\n"
        "  ...) and merges those of the other machines (docs/sync.md).\n"
        "  --remember keeps FOLDER: the window then syncs on start, every 5\n"
        "  minutes and on quit, and `kioku sync` alone uses it.  --forget\n"
        "  stops that.  --passphrase-file seals this machine's file with the\n"
        "  passphrase in FILE and reads files sealed with it (with --remember,\n"
        "  its key is kept in this machine's store).")},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const kk_CliUsage *kk_cli_usage_find(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

const kk_CliUsage *kk_cli_usage_at(size_t i) { return i < NCOMMANDS ? &commands[i] : NULL; }

/* The trainer's own options (kioku with no command), for --help and the
** manual page. */
static const char *const trainer_opts[][2] = {
    {"--decks DIR", N_("add a folder of decks (remembered)")},
    {"--data-dir DIR", N_("where progress is kept (or KIOKU_DATA_DIR)")},
    {"--font PATH[:INDEX]", N_("use this font instead of fontconfig's match")},
    {"--script FILE", N_("replay scripted input (tests, screenshots)")},
    {"--size WxH", N_("window size")},
    {"--lang ja|en", N_("the interface language (before a command; else from the locale)")},
    {"--version", N_("print the version")},
};
#define NTRAINER_OPTS (sizeof trainer_opts / sizeof trainer_opts[0])

#define TAGLINE N_("quiz and flashcard trainer for course readings")

int kk_cli_help(const char *name, FILE *f) {
  if (name) {
    const kk_CliUsage *c = kk_cli_usage_find(name);
    if (!c) {
      fprintf(stderr, _("kioku: no such command '%s'; see 'kioku --help'\n"), name);
      return 2;
    }
    fprintf(f, "%s\n\n  %s\n", _(c->usage), _(c->summary));
    return 0;
  }
  fprintf(f, "Kioku %s -- %s\n\n", KK_VERSION, _(TAGLINE));
  fprintf(f, _("usage: kioku                 open the trainer on the bundled decks\n"
               "       kioku COMMAND [ARGS]  run a command\n\n"
               "options for the trainer:\n"));
  for (size_t i = 0; i < NTRAINER_OPTS; i++)
    fprintf(f, "  %-19s %s\n", trainer_opts[i][0], _(trainer_opts[i][1]));
  fputs(_("\ncommands:\n"), f);
  for (size_t i = 0; i < NCOMMANDS; i++)
    fprintf(f, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
  fprintf(f, "  %-9s %s\n\n", "help", _("show help for a command"));
  fputs(_("'kioku help COMMAND' shows a command's options.\n"), f);
  return 0;
}

/* ---- the manual page ------------------------------------------------------ */

/* Writes s as roff text: backslashes doubled, a leading '.' or '\'' escaped,
** '-' as \- (so options copy and paste as ASCII hyphens). */
static void roff(FILE *f, const char *s) {
  int bol = 1;
  for (; *s; s++) {
    if (bol && (*s == '.' || *s == '\'')) fputs("\\&", f);
    if (*s == '\\')
      fputs("\\e", f);
    else if (*s == '-')
      fputs("\\-", f);
    else
      fputc(*s, f);
    bol = *s == '\n';
  }
}

void kk_cli_manpage(FILE *f) {
  fputs(".TH KIOKU 1 \"\" \"Kioku " KK_VERSION "\" \"User Commands\"\n"
        ".SH NAME\nkioku \\- " TAGLINE "\n"
        ".SH SYNOPSIS\n.B kioku\n[\\fIOPTION\\fR...]\n.br\n"
        ".B kioku\n\\fICOMMAND\\fR [\\fIARGS\\fR...]\n"
        ".SH DESCRIPTION\n"
        "Kioku is a desktop quiz and flashcard trainer.  Without a command it opens\n"
        "the trainer window on the bundled decks and the folders added with\n"
        ".BR \\-\\-decks ;\n"
        "a spaced-repetition scheduler (FSRS) decides when each card comes back.\n"
        "The commands below are for instructors and tooling: checking and drafting\n"
        "decks, exporting them, running timed exams and summarising their results.\n"
        ".SH OPTIONS\n",
        f);
  for (size_t i = 0; i < NTRAINER_OPTS; i++) {
    fputs(".TP\n.B ", f);
    roff(f, trainer_opts[i][0]);
    fputs("\n", f);
    roff(f, trainer_opts[i][1]);
    fputs("\n", f);
  }
  fputs(".SH COMMANDS\n", f);
  for (size_t i = 0; i < NCOMMANDS; i++) {
    fputs(".SS ", f);
    roff(f, commands[i].name);
    fputs("\n", f);
    roff(f, commands[i].summary);
    fputs(".\n.PP\n.nf\n", f);
    roff(f, commands[i].usage);
    fputs("\n.fi\n", f);
  }
  fputs(".SH ENVIRONMENT\n"
        ".TP\n.B KIOKU_DATA_DIR\nwhere progress is kept, as \\-\\-data\\-dir.\n"
        ".TP\n.B XDG_DATA_HOME\nthe progress store is in $XDG_DATA_HOME/kioku"
        " (default ~/.local/share/kioku).\n"
        ".SH FILES\n"
        ".TP\n.I /usr/share/kioku/decks\nthe bundled decks and sample exams.\n"
        ".TP\n.I ~/.local/share/kioku/progress.sqlite3\neach student's progress.\n"
        ".SH EXIT STATUS\n"
        "0 on success, 1 when problems were found or an operation failed, 2 on a\n"
        "usage error.\n"
        ".SH SEE ALSO\n"
        "The deck and exam formats are described in\n"
        ".I /usr/share/doc/kioku/\n"
        "(deck-format.md, exam-format.md).\n",
        f);
}
