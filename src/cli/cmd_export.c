/*
** cmd_export.c -- `kioku export --format anki|csv [-o FILE] [--force]
** DECK...` (decks out for Anki's text import or as CSV) and `kioku import
** csv [--deck-id ID] [--title T] [--lang ja|en] [-o FILE] [--force]
** FILE.csv` (a draft YAML deck from a two-column CSV).  Output goes to
** stdout without -o; an existing file is only replaced with --force, and
** only after the whole output was produced.
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/base/atomic.h"
#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/base/diag.h"
#include "core/deck/export.h"
#include "core/deck/load.h"

#define CSV_MAX (64u << 20)

static int print_err(const kk_Err *e) {
  char msg[1200];
  kk_err_format(e, msg, sizeof msg);
  fprintf(stderr, "%s\n", msg);
  return 1;
}

/* Writes buf to path (or stdout when NULL) through the atomic writer,
** refusing to replace an existing file without force.  Returns the exit
** code. */
static int emit(const char *cmd, const char *path, int force, const char *buf, size_t len) {
  if (path) {
    kk_Err e;
    if (kk_atomic_write(path, force ? KK_ATOMIC_FORCE : 0, buf, len, &e) == KK_OK) return 0;
    if (e.code == KK_ERR_EXISTS) {
      fprintf(stderr, "kioku %s: %s exists; use --force to overwrite it\n", cmd, path);
      return 1;
    }
    return print_err(&e);
  }
  fwrite(buf, 1, len, stdout);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "stdout: error: write failed\n");
    return 1;
  }
  return 0;
}

static int export_usage(void) {
  fputs("usage: kioku export --format anki|csv [-o FILE] [--force] DECK...\n", stderr);
  return 2;
}

int kk_cmd_export(int argc, char **argv) {
  const char *format = NULL, *outpath = NULL;
  int force = 0, ndecks = 0;
  const char **paths = calloc((size_t)argc + 1, sizeof(const char *));
  if (!paths) {
    fprintf(stderr, "kioku export: out of memory\n");
    return 1;
  }
  int rc = 2;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
      if (++i >= argc) goto usage;
      format = argv[i];
    } else if (strncmp(a, "--format=", 9) == 0) {
      format = a + 9;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
      if (++i >= argc) goto usage;
      outpath = argv[i];
    } else if (strcmp(a, "--force") == 0) {
      force = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "kioku export: unknown option '%s'\n", a);
      goto usage;
    } else
      paths[ndecks++] = a;
  }
  if (!format || (strcmp(format, "anki") != 0 && strcmp(format, "csv") != 0)) {
    fprintf(stderr, "kioku export: --format must be anki or csv\n");
    goto usage;
  }
  if (ndecks == 0) goto usage;
  if (outpath && !force) {
    struct stat sb;
    if (stat(outpath, &sb) == 0) {
      fprintf(stderr, "kioku export: %s exists; use --force to overwrite it\n", outpath);
      free(paths);
      return 1;
    }
  }
  kk_CliDecks ds = {0};
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  int ok = 1;
  for (int i = 0; i < ndecks && ok; i++) ok = kk_cli_decks_load(&ds, paths[i], &diags);
  if (ok && kk_decks_check_duplicates(ds.v, ds.n, &diags) > 0) ok = 0;
  kk_diags_print(&diags, stderr);
  rc = 1;
  if (ok) {
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    kk_Err err;
    kk_Status st = KK_ERR_NOMEM;
    if (mem) {
      st = strcmp(format, "anki") == 0 ? kk_export_anki(ds.v, ds.n, mem, &err)
                                       : kk_export_csv(ds.v, ds.n, mem, &err);
      fclose(mem);
    } else
      kk_err_set(&err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st != KK_OK) print_err(&err);
    else
      rc = emit("export", outpath, force, buf, len);
    free(buf);
    if (rc == 0 && outpath) {
      size_t cards = 0;
      for (size_t i = 0; i < ds.n; i++) cards += kk_deck_card_count(ds.v[i]);
      fprintf(stderr, "kioku export: %zu cards from %zu decks written to %s\n", cards, ds.n,
              outpath);
    }
  }
  kk_cli_decks_free(&ds);
  kk_diags_free(&diags);
  free(paths);
  return rc;
usage:
  free(paths);
  return export_usage();
}

static int import_usage(void) {
  fputs("usage: kioku import csv [--deck-id ID] [--title T] [--lang ja|en] [-o FILE] "
        "[--schema PATH|none] [--force] FILE.csv\n",
        stderr);
  return 2;
}

int kk_cmd_import(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "csv") != 0) {
    fprintf(stderr, "kioku import: the only format is csv\n");
    return import_usage();
  }
  kk_ImportOptions opt = {0};
  const char *in = NULL, *outpath = NULL, *schema_ref = NULL;
  int force = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char **dst = NULL;
    if (strcmp(a, "--deck-id") == 0) dst = &opt.deck_id;
    else if (strcmp(a, "--title") == 0) dst = &opt.title;
    else if (strcmp(a, "--lang") == 0) dst = &opt.lang;
    else if (strcmp(a, "--schema") == 0) dst = &schema_ref;
    else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) dst = &outpath;
    else if (strcmp(a, "--force") == 0) {
      force = 1;
      continue;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "kioku import: unknown option '%s'\n", a);
      return import_usage();
    } else if (!in) {
      in = a;
      continue;
    } else
      return import_usage();
    if (++i >= argc) return import_usage();
    *dst = argv[i];
  }
  if (!in) return import_usage();
  if (opt.lang && strcmp(opt.lang, "ja") != 0 && strcmp(opt.lang, "en") != 0) {
    fprintf(stderr, "kioku import: --lang must be ja or en\n");
    return 2;
  }
  if (outpath && !force) {
    struct stat sb;
    if (stat(outpath, &sb) == 0) {
      fprintf(stderr, "kioku import: %s exists; use --force to overwrite it\n", outpath);
      return 1;
    }
  }
  char *text = NULL;
  size_t len = 0;
  kk_Err err;
  if (kk_file_read(in, CSV_MAX, &text, &len, &err) != KK_OK) {
    if (!err.path[0]) snprintf(err.path, sizeof err.path, "%s", in);
    return print_err(&err);
  }
  const char *base = strrchr(in, '/');
  opt.csv_name = base ? base + 1 : in;
  char *buf = NULL;
  size_t blen = 0, ncards = 0;
  FILE *mem = open_memstream(&buf, &blen);
  int rc = 1;
  if (!mem) {
    fprintf(stderr, "kioku import: out of memory\n");
  } else {
    char line[PATH_MAX * 2 + 64]; /* first line: the schema for editors */
    if (!schema_ref) kk_cli_modeline(outpath, "deck", line, sizeof line);
    else if (strcmp(schema_ref, "none") != 0) kk_cli_modeline_ref(schema_ref, line, sizeof line);
    else line[0] = '\0';
    fputs(line, mem);
    kk_Status st = kk_import_csv(text, len, &opt, mem, &ncards, &err);
    fclose(mem);
    if (st != KK_OK) {
      if (strcmp(err.path, opt.csv_name) == 0) snprintf(err.path, sizeof err.path, "%s", in);
      print_err(&err);
      rc = st == KK_ERR_USAGE ? 2 : 1;
    } else {
      rc = emit("import", outpath, force, buf, blen);
      if (rc == 0)
        fprintf(stderr, "kioku import: %zu cards drafted from %s\n", ncards, in);
    }
  }
  free(buf);
  kk_free(text);
  return rc;
}
