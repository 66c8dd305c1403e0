/*
** cmd_results.c -- `kioku results summarize [-o DIR] [--force] FILES...`:
** the class report over exam result JSON files (or folders of them, or
** .zip files of them as an LMS's "download all submissions" gives):
** figures and a text histogram on the terminal, CSV files with -o.
** `kioku results export --format moodle|csv [-o FILE] [--force] FILES...`:
** one grade row per student, for a gradebook import.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zip.h>

#include "cli/cli.h"
#include "cli/usage.h"
#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "core/base/file.h"
#include "core/base/csv.h"
#include "core/base/i18n.h"
#include "core/base/paths.h"
#include "core/exam/remark.h"
#include "core/exam/results.h"

#define ZIP_ENTRY_MAX ((zip_uint64_t)16 << 20) /* bytes of one result file */

static int ends_with(const char *s, const char *tail) {
  size_t a = strlen(s), b = strlen(tail);
  return a >= b && strcmp(s + a - b, tail) == 0;
}

/* What is done with each result document found: adds it to a class, or
** marks it.  Returns 1 to go on. */
typedef int (*DocFn)(void *ud, const char *buf, size_t len, const char *where);

static int class_doc(void *ud, const char *buf, size_t len, const char *where) {
  kk_Err err = {0};
  if (kk_class_add_mem(ud, buf, len, where, &err) == KK_OK) return 1;
  char msg[1400];
  kk_err_format(&err, msg, sizeof msg);
  fprintf(stderr, "%s\n", msg);
  return 0;
}

/* Every *.json entry of a .zip (folders inside it too; macOS resource
** forks skipped), in the archive's order. */
static int each_zip(const char *path, DocFn fn, void *ud) {
  int zerr = 0;
  zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
  if (!z) {
    kk_cli_error(path, "%s", _("not a readable .zip file"));
    return 0;
  }
  int ok = 1;
  zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n && ok; i++) {
    zip_stat_t st;
    if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    const char *base = strrchr(st.name, '/');
    base = base ? base + 1 : st.name;
    if (!ends_with(st.name, ".json") || strstr(st.name, "__MACOSX/") || base[0] == '.') continue;
    char where[1200];
    snprintf(where, sizeof where, "%s:%s", path, st.name);
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > ZIP_ENTRY_MAX) {
      kk_cli_error(where, "%s", _("too large for a result file"));
      ok = 0;
      break;
    }
    char *buf = malloc(st.size ? (size_t)st.size : 1);
    zip_file_t *f = buf ? zip_fopen_index(z, (zip_uint64_t)i, 0) : NULL;
    zip_int64_t got = f ? zip_fread(f, buf, st.size) : -1;
    if (f) zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size) {
      kk_cli_error(where, "%s", _("cannot read it from the archive"));
      ok = 0;
    } else {
      ok = fn(ud, buf, (size_t)st.size, where);
    }
    free(buf);
  }
  zip_discard(z);
  return ok;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file, or every *.json (and .zip) directly in a folder (sorted). */
static int each_doc(const char *path, DocFn fn, void *ud) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    kk_cli_error(path, "%s", _("no such file or folder"));
    return 0;
  }
  if (!S_ISDIR(sb.st_mode) && ends_with(path, ".zip")) return each_zip(path, fn, ud);
  if (!S_ISDIR(sb.st_mode)) {
    char *buf = NULL;
    size_t len = 0;
    kk_Err err = {0};
    if (kk_file_read(path, (size_t)1 << 28, &buf, &len, &err) != KK_OK) {
      char msg[1200];
      kk_err_format(&err, msg, sizeof msg);
      fprintf(stderr, "%s\n", msg);
      return 0;
    }
    int ok = fn(ud, buf, len, path);
    kk_free(buf);
    return ok;
  }
  DIR *d = opendir(path);
  if (!d) {
    kk_cli_error(path, "%s", _("cannot open folder"));
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int ok = 1;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t l = strlen(de->d_name);
    if (de->d_name[0] == '.' || (!ends_with(de->d_name, ".json") && !ends_with(de->d_name, ".zip")))
      continue;
    char **nn = kk_grow(names, &cap, n + 1, sizeof *nn, 16);
    if (!nn) {
      ok = 0;
      break;
    }
    names = nn;
    size_t len = strlen(path) + l + 2;
    if (!(names[n] = malloc(len))) {
      ok = 0;
      break;
    }
    snprintf(names[n++], len, "%s/%s", path, de->d_name);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp_str);
  for (size_t i = 0; i < n; i++) {
    if (ok) ok = each_doc(names[i], fn, ud);
    free(names[i]);
  }
  kk_free(names);
  return ok;
}

static int add_path(kk_Class *c, const char *path) { return each_doc(path, class_doc, c); }

static int summarize(int argc, char **argv) {
  const char *outdir = NULL;
  int force = 0, nfiles = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc)
      outdir = argv[++i];
    else if (!strcmp(argv[i], "--force"))
      force = 1;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, _("kioku results: unknown option '%s'\n"), argv[i]);
      kk_cli_help("results", stderr);
      return 2;
    } else
      nfiles++;
  }
  if (!nfiles) {
    kk_cli_help("results", stderr);
    return 2;
  }
  kk_Class *c = kk_class_new();
  if (!c) {
    fputs(_("kioku results: out of memory\n"), stderr);
    return 1;
  }
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o")) {
      i++;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1]) continue;
    if (!add_path(c, argv[i])) rc = 1;
  }
  kk_Summary *s = NULL;
  kk_Err err = {0};
  char msg[1200];
  if (rc == 0 && kk_class_summarize(c, &s, &err) != KK_OK) {
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    rc = 1;
  }
  if (s) {
    kk_summary_print(s, stdout);
    if (outdir) {
      if (kk_paths_mkdir_p(outdir, &err) != KK_OK ||
          kk_summary_write_csv(s, outdir, force, &err) != KK_OK) {
        kk_err_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        rc = 1;
      } else {
        printf(
            _("\nWritten to %s: summary.csv, scores.csv, histogram.csv, items.csv, histogram.svg\n"),
            outdir);
      }
    }
  }
  kk_summary_free(s);
  kk_class_free(c);
  return rc;
}

/* `results export`: one row per student.  moodle: "ID number,Grade" -- the
** identifier column maps to Moodle's "ID number" user field, the grade is
** the score in points; csv: number, name, score, max, percent, passed.
** Two results for one number are refused (a gradebook takes one). */
static int export_grades(int argc, char **argv) {
  const char *outpath = NULL, *format = NULL;
  int force = 0, nfiles = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc)
      outpath = argv[++i];
    else if (!strcmp(argv[i], "--format") && i + 1 < argc)
      format = argv[++i];
    else if (!strcmp(argv[i], "--force"))
      force = 1;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, _("kioku results: unknown option '%s'\n"), argv[i]);
      kk_cli_help("results", stderr);
      return 2;
    } else
      nfiles++;
  }
  if (!nfiles || !format || (strcmp(format, "moodle") != 0 && strcmp(format, "csv") != 0)) {
    kk_cli_help("results", stderr);
    return 2;
  }
  kk_Class *c = kk_class_new();
  if (!c) {
    fputs(_("kioku results: out of memory\n"), stderr);
    return 1;
  }
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--format")) {
      i++;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1]) continue;
    if (!add_path(c, argv[i])) rc = 1;
  }
  size_t n = kk_class_count(c);
  for (size_t i = 0; i < n && !rc; i++)
    for (size_t j = i + 1; j < n; j++)
      if (!strcmp(kk_class_student(c, i)->number, kk_class_student(c, j)->number)) {
        kk_cli_error(kk_class_student(c, j)->path,
                     _("student %s also has %s; keep one result per student"),
                     kk_class_student(c, j)->number, kk_class_student(c, i)->path);
        rc = 1;
        break;
      }
  char *buf = NULL;
  size_t len = 0;
  FILE *m = rc ? NULL : open_memstream(&buf, &len);
  if (m) {
    int moodle = !strcmp(format, "moodle");
    fputs(moodle ? "ID number,Grade\r\n"
                 : "student_no,student_name,score,max_score,percent,passed\r\n",
          m);
    for (size_t i = 0; i < n; i++) {
      const kk_ResultStudent *r = kk_class_student(c, i);
      kk_csv_write_field(m, r->number, ',');
      if (moodle) {
        fprintf(m, ",%.10g\r\n", r->score);
        continue;
      }
      fputc(',', m);
      kk_csv_write_field(m, r->name, ',');
      fprintf(m, ",%.10g,%.10g,%.2f,%d\r\n", r->score, r->max_score,
              r->max_score > 0 ? 100.0 * r->score / r->max_score : 0.0, r->passed);
    }
    if (fclose(m) != 0) rc = 1;
  } else if (!rc) {
    rc = 1;
  }
  if (!rc) {
    kk_Err err = {0};
    if (outpath) {
      kk_Status st = kk_atomic_write(outpath, force ? KK_ATOMIC_FORCE : 0, buf, len, &err);
      if (st != KK_OK) {
        char msg[1200];
        kk_err_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        rc = 1;
      } else {
        fprintf(stderr,
                kk_ngettext("kioku results: %zu student written to %s\n",
                            "kioku results: %zu students written to %s\n", n),
                n, outpath);
      }
    } else if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
      rc = 1;
    }
  }
  free(buf);
  kk_class_free(c);
  return rc;
}

/* ---- results mark -------------------------------------------------------- */

typedef struct {
  const kk_ExamSpec *spec;
  const kk_ExamBank *bank;
  const char *outdir;
  int force, bad, flagged;
  char **numbers; /* seen so far, for duplicates */
  size_t n, cap;
} Mark;

static int mark_doc(void *ud, const char *buf, size_t len, const char *where) {
  Mark *m = ud;
  kk_Err err = {0};
  kk_Attempt *a = NULL;
  unsigned flags = 0;
  char msg[1400];
  if (kk_remark(m->spec, m->bank->items, m->bank->n, buf, len, where, &a, &flags, &err)) {
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    m->bad = 1;
    return 1; /* the other files are still marked */
  }
  const char *no = kk_attempt_student_no(a);
  int dup = 0;
  for (size_t i = 0; i < m->n; i++) dup |= !strcmp(m->numbers[i], no);
  char **nn = kk_grow(m->numbers, &m->cap, m->n + 1, sizeof *nn, 16);
  if (nn) {
    m->numbers = nn;
    if ((m->numbers[m->n] = strdup(no))) m->n++;
  }
  char names[200];
  kk_remark_flag_names(flags, names, sizeof names);
  if (dup)
    snprintf(names + strlen(names), sizeof names - strlen(names),
             _("%sanother submission for this number"), names[0] ? ", " : "");
  double score = kk_attempt_score(a), max = kk_attempt_max_score(a);
  printf("%s\t%g/%g\t%s\t", no, score, max, where);
  /* "ok" and "FLAGGED:" stay English in every language, like "error:" (scripts
  ** grep this tab-separated line); the reasons after them are translated */
  printf("%s%s\n", names[0] ? "FLAGGED: " : "ok", names);
  if (names[0]) m->flagged++;
  if (m->outdir) {
    char jp[4400];
    kk_Status st = kk_results_write(a, m->outdir, m->force, jp, sizeof jp, &err);
    if (st == KK_ERR_EXISTS && dup) {
      /* the first submission for this number keeps the marked file */
      fprintf(stderr, _("%s: not written: another submission for %s is marked there\n"), err.path,
              no);
    } else if (st != KK_OK) {
      kk_err_format(&err, msg, sizeof msg);
      fprintf(stderr, "%s\n", msg);
      m->bad = 1;
    }
  }
  kk_attempt_free(a);
  return 1;
}

/* `results mark`: every result re-marked with the instructor's spec. */
static int mark(int argc, char **argv) {
  Mark m = {0};
  const char *spec_path = NULL;
  int nfiles = 0;
  /* the options parsed once; the file operands are marked for the loop below */
  unsigned char *is_file = calloc((size_t)argc, 1);
  if (!is_file) {
    fprintf(stderr, "kioku results: %s\n", _("out of memory"));
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc)
      m.outdir = argv[++i];
    else if (!strcmp(argv[i], "--spec") && i + 1 < argc)
      spec_path = argv[++i];
    else if (!strcmp(argv[i], "--force"))
      m.force = 1;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, _("kioku results: unknown option '%s'\n"), argv[i]);
      kk_cli_help("results", stderr);
      free(is_file);
      return 2;
    } else
      is_file[i] = 1, nfiles++;
  }
  if (!nfiles || !spec_path) {
    kk_cli_help("results", stderr);
    free(is_file);
    return 2;
  }
  kk_Diags diags;
  kk_diags_init(&diags, 200);
  kk_ExamSpec *spec = NULL;
  kk_ExamBank bank = {0};
  kk_Err err = {0};
  int rc = 1;
  if (kk_exam_spec_load_file(spec_path, &diags, &spec) != KK_OK ||
      kk_exam_bank_load(spec, &diags, &bank) != KK_OK) {
    kk_diags_print(&diags, stderr);
    goto done;
  }
  if (m.outdir && kk_paths_mkdir_p(m.outdir, &err) != KK_OK) {
    char msg[1200];
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    goto done;
  }
  m.spec = spec;
  m.bank = &bank;
  int ok = 1;
  for (int i = 1; i < argc; i++)
    if (is_file[i] && !each_doc(argv[i], mark_doc, &m)) ok = 0;
  fprintf(stderr,
          kk_ngettext("kioku results: %zu result marked, %d flagged\n",
                      "kioku results: %zu results marked, %d flagged\n", m.n),
          m.n, m.flagged);
  rc = ok && !m.bad ? 0 : 1;
done:
  free(is_file);
  for (size_t i = 0; i < m.n; i++) free(m.numbers[i]);
  kk_free(m.numbers);
  kk_exam_bank_free(&bank);
  kk_exam_spec_free(spec);
  kk_diags_free(&diags);
  return rc;
}

int kk_cmd_results(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "mark")) return mark(argc - 1, argv + 1);
  if (argc >= 2 && !strcmp(argv[1], "summarize")) return summarize(argc - 1, argv + 1);
  if (argc >= 2 && !strcmp(argv[1], "export")) return export_grades(argc - 1, argv + 1);
  kk_cli_help("results", stderr);
  return 2;
}
