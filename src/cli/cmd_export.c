/*
** cmd_export.c -- `kioku export --format anki|csv|apkg [-o FILE] [--force]
** [--with-progress] [--data-dir DIR] DECK...` (decks out for Anki's text
** import, as CSV, or as an Anki package) and `kioku import apkg` (an Anki
** package into YAML decks), and `kioku import
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
#include <time.h>

#include "cli/cli.h"
#include "cli/usage.h"
#include "core/base/i18n.h"
#include "core/base/atomic.h"
#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/base/diag.h"
#include "core/deck/export.h"
#include "core/deck/load.h"
#include "core/base/paths.h"
#include "core/exam/exam.h"
#include "core/interop/apkg.h"
#include "core/interop/gift.h"
#include "core/interop/mxml.h"
#include "core/interop/qbank.h"
#include "core/study/store.h"

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
      fprintf(stderr, _("kioku %s: %s exists; use --force to overwrite it\n"), cmd, path);
      return 1;
    }
    return print_err(&e);
  }
  fwrite(buf, 1, len, stdout);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    kk_cli_error("stdout", "%s", _("write failed"));
    return 1;
  }
  return 0;
}

static int export_usage(void) {
  kk_cli_help("export", stderr);
  return 2;
}

/* Opens the progress store in data_dir (NULL: the default data dir). */
static kk_Store *open_store(const char *cmd, const char *data_dir) {
  char dir[1024];
  kk_Err e;
  kk_Store *s = NULL;
  if (kk_paths_data_dir(data_dir, &e, dir, sizeof dir) != KK_OK ||
      kk_store_open(dir, &e, &s) != KK_OK) {
    char msg[1200];
    kk_err_format(&e, msg, sizeof msg);
    fprintf(stderr, "kioku %s: %s\n", cmd, msg);
    return NULL;
  }
  return s;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- exam specs as question banks ----------------------------------------- */

/* The specs and banks of exams being exported (the sections borrow them). */
#define MAX_EXAMS 16

typedef struct ExamBanks {
  kk_ExamSpec *spec[MAX_EXAMS];
  kk_ExamBank bank[MAX_EXAMS];
  size_t n;
} ExamBanks;

static void exam_banks_free(ExamBanks *eb) {
  for (size_t i = 0; i < eb->n; i++) {
    kk_exam_bank_free(&eb->bank[i]);
    kk_exam_spec_free(eb->spec[i]);
  }
  eb->n = 0;
}

/* 1 if path is a file holding an exam spec. */
static int is_exam_spec(const char *path) {
  char *buf = NULL;
  size_t len = 0;
  struct stat sb;
  if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
  if (kk_file_read(path, CSV_MAX, &buf, &len, NULL) != KK_OK) return 0;
  int yes = kk_exam_spec_sniff(buf, len);
  kk_free(buf);
  return yes;
}

/* One section per pool of the exam at path ("TITLE/POOL"), each holding
** the cards the pool accepts that no earlier pool took.  Returns 0 on
** errors (in diags). */
static int exam_sections(ExamBanks *eb, const char *path, kk_QbankSections *secs, kk_Diags *diags) {
  if (eb->n == MAX_EXAMS) {
    fprintf(stderr, _("kioku export: at most %zu exam specs at once\n"), eb->n);
    return 0;
  }
  kk_ExamSpec *spec = NULL;
  kk_ExamBank *b = &eb->bank[eb->n];
  memset(b, 0, sizeof *b);
  if (kk_exam_spec_load_file(path, diags, &spec) != KK_OK) return 0;
  if (kk_exam_bank_load(spec, diags, b) != KK_OK) {
    kk_exam_spec_free(spec);
    return 0;
  }
  eb->spec[eb->n++] = spec;
  char *taken = calloc(b->n ? b->n : 1, 1);
  if (!taken) return 0;
  int ok = 1;
  for (size_t p = 0; p < spec->npools && ok; p++) {
    char cat[600];
    snprintf(cat, sizeof cat, "%s/%s", spec->title, spec->pools[p].name);
    kk_QbankSection *sec = kk_qbank_section(secs, cat, b->n);
    if (!sec) {
      ok = 0;
      break;
    }
    for (size_t i = 0; i < b->n; i++) {
      if (taken[i] || !kk_exam_pool_accepts(&spec->pools[p], b->items[i].deck_id, b->items[i].card))
        continue;
      const kk_Deck *d = NULL;
      for (size_t k = 0; k < b->ndecks && !d; k++)
        if (strcmp(kk_deck_id(b->decks[k]), b->items[i].deck_id) == 0) d = b->decks[k];
      if (!d) continue;
      taken[i] = 1;
      kk_qbank_section_add(sec, d, b->items[i].card);
    }
  }
  free(taken);
  return ok;
}

static int export_apkg(kk_CliDecks *ds, const char *outpath, int force, int progress,
                       const char *data_dir) {
  kk_ApkgExportOptions opt = {.now_ms = now_ms()};
  if (progress && !(opt.progress = open_store("export", data_dir))) return 1;
  kk_ApkgCounts n;
  kk_Err err;
  kk_Status st = kk_apkg_export(ds->v, ds->n, &opt, outpath, force ? KK_ATOMIC_FORCE : 0, &n, &err);
  kk_store_close(opt.progress);
  if (st != KK_OK) return print_err(&err);
  char what[160];
  snprintf(what, sizeof what,
           kk_ngettext("%zu note (%zu cards, %zu images, %zu reviews)",
                       "%zu notes (%zu cards, %zu images, %zu reviews)", n.notes),
           n.notes, n.cards, n.media, n.reviews);
  fprintf(stderr,
          kk_ngettext("kioku export: %s from %zu deck written to %s\n",
                      "kioku export: %s from %zu decks written to %s\n", n.decks),
          what, n.decks, outpath);
  return 0;
}

int kk_cmd_export(int argc, char **argv) {
  const char *format = NULL, *outpath = NULL, *data_dir = NULL;
  int force = 0, ndecks = 0, progress = 0;
  const char **paths = calloc((size_t)argc + 1, sizeof(const char *));
  if (!paths) {
    fputs(_("kioku export: out of memory\n"), stderr);
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
    } else if (strcmp(a, "--with-progress") == 0) {
      progress = 1;
    } else if (strcmp(a, "--data-dir") == 0) {
      if (++i >= argc) goto usage;
      data_dir = argv[i];
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, _("kioku export: unknown option '%s'\n"), a);
      goto usage;
    } else
      paths[ndecks++] = a;
  }
  int apkg = format && strcmp(format, "apkg") == 0;
  if (!format || (strcmp(format, "anki") != 0 && strcmp(format, "csv") != 0 &&
                  strcmp(format, "gift") != 0 && strcmp(format, "moodle-xml") != 0 && !apkg)) {
    fprintf(stderr, _("kioku export: --format must be anki, csv, apkg, gift or moodle-xml\n"));
    goto usage;
  }
  if (ndecks == 0) goto usage;
  if (apkg && !outpath) {
    fprintf(stderr, _("kioku export: --format apkg needs -o FILE.apkg\n"));
    goto usage;
  }
  if (progress && !apkg) {
    fprintf(stderr, _("kioku export: --with-progress goes with --format apkg\n"));
    goto usage;
  }
  if (outpath && !force) {
    struct stat sb;
    if (stat(outpath, &sb) == 0) {
      fprintf(stderr, _("kioku export: %s exists; use --force to overwrite it\n"), outpath);
      free(paths);
      return 1;
    }
  }
  kk_CliDecks ds = {0};
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  int ok = 1, bank = strcmp(format, "gift") == 0 || strcmp(format, "moodle-xml") == 0;
  kk_QbankSections secs = {0};
  ExamBanks eb = {0};
  for (int i = 0; i < ndecks && ok; i++) {
    if (is_exam_spec(paths[i])) {
      if (!bank) {
        fprintf(stderr, _("kioku export: %s is an exam spec; exams export as gift or moodle-xml\n"),
                paths[i]);
        ok = 0;
      } else
        ok = exam_sections(&eb, paths[i], &secs, &diags);
    } else {
      size_t before = ds.n;
      ok = kk_cli_decks_load(&ds, paths[i], &diags);
      if (ok && bank && kk_qbank_sections_decks(&secs, ds.v + before, ds.n - before) != KK_OK)
        ok = 0;
    }
  }
  if (ok && kk_decks_check_duplicates(ds.v, ds.n, &diags) > 0) ok = 0;
  kk_diags_print(&diags, stderr);
  rc = 1;
  if (ok && apkg) {
    rc = export_apkg(&ds, outpath, force, progress, data_dir);
  } else if (ok) {
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    kk_Err err;
    kk_Diags report;
    kk_diags_init(&report, 0);
    kk_Status st = KK_ERR_NOMEM;
    if (mem) {
      if (strcmp(format, "anki") == 0)
        st = kk_export_anki(ds.v, ds.n, mem, &err);
      else if (strcmp(format, "gift") == 0)
        st = kk_gift_export(&secs, mem, &report, &err);
      else if (strcmp(format, "moodle-xml") == 0)
        st = kk_mxml_export(&secs, mem, &report, &err);
      else
        st = kk_export_csv(ds.v, ds.n, mem, &err);
      fclose(mem);
    } else
      kk_err_set(&err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    kk_diags_print(&report, stderr);
    if (report.nwarnings)
      fprintf(stderr,
              kk_ngettext("kioku export: %zu thing %s cannot hold (listed above)\n",
                          "kioku export: %zu things %s cannot hold (listed above)\n",
                          report.nwarnings),
              report.nwarnings, format);
    kk_diags_free(&report);
    if (st != KK_OK)
      print_err(&err);
    else
      rc = emit("export", outpath, force, buf, len);
    free(buf);
    if (rc == 0 && outpath && bank) {
      size_t cards = 0;
      for (size_t i = 0; i < secs.n; i++) cards += secs.v[i].n;
      char what[64];
      snprintf(what, sizeof what, kk_ngettext("%zu card", "%zu cards", cards), cards);
      fprintf(stderr,
              kk_ngettext("kioku export: %s in %zu category written to %s\n",
                          "kioku export: %s in %zu categories written to %s\n", secs.n),
              what, secs.n, outpath);
    } else if (rc == 0 && outpath) {
      size_t cards = 0;
      for (size_t i = 0; i < ds.n; i++) cards += kk_deck_card_count(ds.v[i]);
      char what[64];
      snprintf(what, sizeof what, kk_ngettext("%zu card", "%zu cards", cards), cards);
      fprintf(stderr,
              kk_ngettext("kioku export: %s from %zu deck written to %s\n",
                          "kioku export: %s from %zu decks written to %s\n", ds.n),
              what, ds.n, outpath);
    }
  }
  kk_qbank_sections_free(&secs);
  exam_banks_free(&eb);
  kk_cli_decks_free(&ds);
  kk_diags_free(&diags);
  free(paths);
  return rc;
usage:
  free(paths);
  return export_usage();
}

static int import_usage(void) {
  kk_cli_help("import", stderr);
  return 2;
}

static int import_apkg(int argc, char **argv) {
  const char *in = NULL, *outdir = NULL, *data_dir = NULL;
  kk_ApkgImportOptions opt = {0};
  int history = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
      outdir = argv[++i];
    else if (strcmp(a, "--data-dir") == 0 && i + 1 < argc)
      data_dir = argv[++i];
    else if (strcmp(a, "--force") == 0)
      opt.force = 1;
    else if (strcmp(a, "--with-history") == 0)
      history = 1;
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, _("kioku import: unknown option '%s'\n"), a);
      kk_cli_help("import", stderr);
      return 2;
    } else if (!in)
      in = a;
    else {
      kk_cli_help("import", stderr);
      return 2;
    }
  }
  if (!in || !outdir) {
    kk_cli_help("import", stderr);
    return 2;
  }
  char *buf = NULL;
  size_t len = 0;
  kk_Err err;
  if (kk_file_read(in, KK_APKG_MAX_FILE, &buf, &len, &err) != KK_OK) {
    if (!err.path[0]) snprintf(err.path, sizeof err.path, "%s", in);
    return print_err(&err);
  }
  if (history && !(opt.history = open_store("import", data_dir))) {
    kk_free(buf);
    return 1;
  }
  /* every deck written gets the editor modeline, leading from outdir */
  char line[1200], where[1100];
  snprintf(where, sizeof where, "%s/deck.yaml", outdir);
  if (kk_cli_modeline(where, "deck", line, sizeof line) > 0) opt.first_line = line;
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  kk_ApkgCounts n;
  kk_Status st = kk_apkg_import(buf, len, in, outdir, &opt, &diags, &n, &err);
  kk_diags_print(&diags, stderr);
  kk_diags_free(&diags);
  kk_store_close(opt.history);
  kk_free(buf);
  if (st != KK_OK) return print_err(&err);
  char notes[64], decks[64], media[64], revs[80] = "";
  snprintf(notes, sizeof notes, kk_ngettext("%zu note", "%zu notes", n.notes), n.notes);
  snprintf(decks, sizeof decks, kk_ngettext("%zu deck", "%zu decks", n.decks), n.decks);
  snprintf(media, sizeof media, kk_ngettext("%zu image", "%zu images", n.media), n.media);
  if (history)
    snprintf(revs, sizeof revs, kk_ngettext(", %zu review", ", %zu reviews", n.reviews), n.reviews);
  /* TRANSLATORS: "12 notes into 2 decks, 3 images[, 40 reviews] written to DIR" */
  fprintf(stderr, _("kioku import: %s into %s, %s%s written to %s\n"), notes, decks, media, revs,
          outdir);
  return 0;
}

/* `kioku import gift|moodle-xml`: a question bank into a deck file. */
static int import_qbank(int argc, char **argv) {
  const char *fmt = argv[1], *in = NULL, *outpath = NULL;
  kk_QbankOptions opt = {0};
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char **dst = NULL;
    if (strcmp(a, "--deck-id") == 0)
      dst = &opt.deck_id;
    else if (strcmp(a, "--title") == 0)
      dst = &opt.title;
    else if (strcmp(a, "--lang") == 0)
      dst = &opt.lang;
    else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
      dst = &outpath;
    else if (strcmp(a, "--force") == 0) {
      opt.force = 1;
      continue;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, _("kioku import: unknown option '%s'\n"), a);
      kk_cli_help("import", stderr);
      return 2;
    } else if (!in) {
      in = a;
      continue;
    } else {
      kk_cli_help("import", stderr);
      return 2;
    }
    if (++i >= argc) {
      kk_cli_help("import", stderr);
      return 2;
    }
    *dst = argv[i];
  }
  if (!in || !outpath) {
    kk_cli_help("import", stderr);
    return 2;
  }
  if (!kk_cli_lang_ok("import", opt.lang)) return 2;
  char *text = NULL;
  size_t len = 0;
  kk_Err err;
  if (kk_file_read(in, CSV_MAX, &text, &len, &err) != KK_OK) {
    if (!err.path[0]) snprintf(err.path, sizeof err.path, "%s", in);
    return print_err(&err);
  }
  const char *base = strrchr(in, '/');
  opt.name = base ? base + 1 : in;
  kk_Qbank q = {0};
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  kk_Status st = strcmp(fmt, "gift") == 0 ? kk_gift_import(text, len, in, &q, &diags, &err)
                                          : kk_mxml_import(text, len, in, &q, &diags, &err);
  kk_diags_print(&diags, stderr);
  char line[1200];
  if (kk_cli_modeline(outpath, "deck", line, sizeof line) > 0) opt.first_line = line;
  if (st == KK_OK) st = kk_qbank_write(&q, &opt, outpath, &err);
  int rc = 0;
  if (st != KK_OK)
    rc = st == KK_ERR_USAGE ? (print_err(&err), 2) : print_err(&err);
  else
    fprintf(stderr,
            diags.nwarnings
                ? kk_ngettext("kioku import: %zu card (%zu images) from %s written to %s; the "
                              "questions listed above were skipped or changed\n",
                              "kioku import: %zu cards (%zu images) from %s written to %s; the "
                              "questions listed above were skipped or changed\n",
                              q.ncards)
                : kk_ngettext("kioku import: %zu card (%zu images) from %s written to %s\n",
                              "kioku import: %zu cards (%zu images) from %s written to %s\n",
                              q.ncards),
            q.ncards, q.nimages, in, outpath);
  kk_diags_free(&diags);
  kk_qbank_free(&q);
  kk_free(text);
  return rc;
}

int kk_cmd_import(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "apkg") == 0) return import_apkg(argc, argv);
  if (argc >= 2 && (strcmp(argv[1], "gift") == 0 || strcmp(argv[1], "moodle-xml") == 0))
    return import_qbank(argc, argv);
  if (argc < 2 || strcmp(argv[1], "csv") != 0) {
    fputs(_("kioku import: the format must be csv, apkg, gift or moodle-xml\n"), stderr);
    return import_usage();
  }
  kk_ImportOptions opt = {0};
  const char *in = NULL, *outpath = NULL, *schema_ref = NULL;
  int force = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char **dst = NULL;
    if (strcmp(a, "--deck-id") == 0)
      dst = &opt.deck_id;
    else if (strcmp(a, "--title") == 0)
      dst = &opt.title;
    else if (strcmp(a, "--lang") == 0)
      dst = &opt.lang;
    else if (strcmp(a, "--schema") == 0)
      dst = &schema_ref;
    else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
      dst = &outpath;
    else if (strcmp(a, "--force") == 0) {
      force = 1;
      continue;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, _("kioku import: unknown option '%s'\n"), a);
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
  if (!kk_cli_lang_ok("import", opt.lang)) return 2;
  if (outpath && !force) {
    struct stat sb;
    if (stat(outpath, &sb) == 0) {
      fprintf(stderr, _("kioku import: %s exists; use --force to overwrite it\n"), outpath);
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
    fputs(_("kioku import: out of memory\n"), stderr);
  } else {
    char line[PATH_MAX * 2 + 64]; /* first line: the schema for editors */
    if (!schema_ref)
      kk_cli_modeline(outpath, "deck", line, sizeof line);
    else if (strcmp(schema_ref, "none") != 0)
      kk_cli_modeline_ref(schema_ref, line, sizeof line);
    else
      line[0] = '\0';
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
        fprintf(stderr,
                kk_ngettext("kioku import: %zu card drafted from %s\n",
                            "kioku import: %zu cards drafted from %s\n", ncards),
                ncards, in);
    }
  }
  free(buf);
  kk_free(text);
  return rc;
}
