/*
** cli.h -- the `kioku` subcommands.  Each takes the arguments after its own
** name (argv[0] is the subcommand name) and returns the process exit code:
** 0 success, 1 problems found / operation failed, 2 usage error.
** Each lives in its own cmd_<name>.c.  Depends on the core library.
*/
#ifndef KK_CLI_H
#define KK_CLI_H

#include "core/base/diag.h"
#include "core/deck/deck.h"
#include "core/study/review.h"
#include "core/study/store.h"

int kk_cmd_lint(int argc, char **argv);
int kk_cmd_export(int argc, char **argv);
int kk_cmd_import(int argc, char **argv);
int kk_cmd_fsrs(int argc, char **argv);
int kk_cmd_fsrs_optimize(int argc, char **argv); /* argv[1] is "optimize" */
int kk_cmd_stats(int argc, char **argv);
int kk_cmd_revlog(int argc, char **argv);
int kk_cmd_cards(int argc, char **argv);
int kk_cmd_gen(int argc, char **argv);
int kk_cmd_results(int argc, char **argv);
int kk_cmd_schema(int argc, char **argv);
int kk_cmd_sync(int argc, char **argv);
/* Window commands (implemented over the SDL front end): */
int kk_cmd_trainer(int argc, char **argv); /* no subcommand, or `drill` */
int kk_cmd_preview(int argc, char **argv);
int kk_cmd_exam(int argc, char **argv);
/* `kioku exam` in the window (cmd_window.c); kk_cmd_exam calls it unless
** --terminal asks for the line-by-line runner. */
int kk_cmd_exam_window(int argc, char **argv);

/* Prints "where: error: message\n" to stderr; "error:" is never translated
** (editors parse it), fmt usually is, with _() (report.c). */
void kk_cli_error(const char *where, const char *fmt, ...) KK_PRINTF(2, 3);

/* Decks loaded from the command line (decks.c); owns them. */
typedef struct kk_CliDecks {
  kk_Deck **v;
  size_t n, cap;
} kk_CliDecks;
/* Loads path into ds (or the deck files of a folder, sorted).  Adds
** diagnostics to diags; returns 0 on any error. */
int kk_cli_decks_load(kk_CliDecks *ds, const char *path, kk_Diags *diags);
/* Adds a loaded deck to ds, which takes ownership; 0 out of memory (the
** deck is then still the caller's). */
int kk_cli_decks_add(kk_CliDecks *ds, kk_Deck *deck);
void kk_cli_decks_free(kk_CliDecks *ds); /* empties ds */

/* The `# yaml-language-server: $schema=PATH` line (with its newline) for a
** file about to be written at out_path (NULL: the current folder), PATH
** leading from there to the shipped schema of kind "deck" or "exam"
** (modeline.c).  Returns its length, or 0 (buf "") when no shipped schema
** is found or it does not fit. */
int kk_cli_modeline(const char *out_path, const char *kind, char *buf, size_t size);
/* The same line naming ref as it is. */
int kk_cli_modeline_ref(const char *ref, char *buf, size_t size);
/* 1 if buf already has such a line. */
int kk_cli_has_modeline(const char *buf, size_t len);
/* The progress store and the clock (clistore.c).  kk_cli_store_open opens
** --data-dir or the default data dir, printing why not (returns 0);
** kk_cli_clock is the system clock with the store's day start hour;
** kk_cli_print_err prints e as "path: error: msg" or "kioku CMD: msg". */
int kk_cli_store_open(const char *cmd, const char *data_dir, kk_Store **s);
kk_Clock kk_cli_clock(kk_Store *s);
void kk_cli_print_err(const char *cmd, const kk_Err *e);
/* 1 when lang is NULL (not given), "ja" or "en"; else says so as
** "kioku CMD: --lang must be ja or en" and returns 0. */
int kk_cli_lang_ok(const char *cmd, const char *lang);
/* The one reader of a whole-number option value: s all decimal digits
** (a leading '-' allowed), nothing around them, in lo..hi: 1 and *v set, or
** 0 (*v untouched; the caller says what it wanted). */
int kk_cli_whole(const char *s, long lo, long hi, long *v);

/* The first line of path (a password file, for sealed exam packs) into
** buf; 0, or -1 after saying why on stderr.  (cmd_exam.c) */
int kk_cli_password_file(const char *path, char *buf, size_t size);

#endif
