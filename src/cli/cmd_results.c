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
#include "core/base/atomic.h"
#include "core/base/csv.h"
#include "core/base/paths.h"
#include "core/exam/results.h"

#define USAGE                                                                 \
  "usage: kioku results summarize [-o DIR] [--force] FILE.json|FOLDER|FILE.zip...\n" \
  "       kioku results export --format moodle|csv [-o FILE] [--force] "          \
  "FILE.json|FOLDER|FILE.zip...\n"
#define ZIP_ENTRY_MAX ((zip_uint64_t)16 << 20) /* bytes of one result file */

static int ends_with(const char *s, const char *tail) {
  size_t a = strlen(s), b = strlen(tail);
  return a >= b && strcmp(s + a - b, tail) == 0;
}

/* Adds every *.json entry of a .zip (folders inside it too; macOS
** resource forks skipped), in the archive's order. */
static int add_zip(kk_Class *c, const char *path) {
  int zerr = 0;
  zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
  if (!z) {
    fprintf(stderr, "%s: error: not a readable .zip file\n", path);
    return 0;
  }
  int ok = 1;
  zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n && ok; i++) {
    zip_stat_t st;
    if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    const char *base = strrchr(st.name, '/');
    base = base ? base + 1 : st.name;
    if (!ends_with(st.name, ".json") || strstr(st.name, "__MACOSX/") || base[0] == '.')
      continue;
    char where[1200];
    snprintf(where, sizeof where, "%s:%s", path, st.name);
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > ZIP_ENTRY_MAX) {
      fprintf(stderr, "%s: error: too large for a result file\n", where);
      ok = 0;
      break;
    }
    char *buf = malloc(st.size ? (size_t)st.size : 1);
    zip_file_t *f = buf ? zip_fopen_index(z, (zip_uint64_t)i, 0) : NULL;
    zip_int64_t got = f ? zip_fread(f, buf, st.size) : -1;
    if (f) zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size) {
      fprintf(stderr, "%s: error: cannot read it from the archive\n", where);
      ok = 0;
    } else {
      kk_Err err;
      if (kk_class_add_mem(c, buf, (size_t)st.size, where, &err) != KK_OK) {
        char msg[1400];
        kk_err_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        ok = 0;
      }
    }
    free(buf);
  }
  zip_discard(z);
  return ok;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds a file, or every *.json directly in a folder (sorted). */
static int add_path(kk_Class *c, const char *path) {
  kk_Err err;
  struct stat sb;
  if (stat(path, &sb) != 0) {
    fprintf(stderr, "%s: error: no such file or folder\n", path);
    return 0;
  }
  if (!S_ISDIR(sb.st_mode) && ends_with(path, ".zip")) return add_zip(c, path);
  if (!S_ISDIR(sb.st_mode)) {
    if (kk_class_add_file(c, path, &err) == KK_OK) return 1;
    char msg[1200];
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    return 0;
  }
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "%s: error: cannot open folder\n", path);
    return 0;
  }
  char **names = NULL;
  size_t n = 0;
  int ok = 1;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t l = strlen(de->d_name);
    if (de->d_name[0] == '.' || (!ends_with(de->d_name, ".json") && !ends_with(de->d_name, ".zip")))
      continue;
    char **nn = realloc(names, (n + 1) * sizeof *nn);
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
    if (ok) ok = add_path(c, names[i]);
    free(names[i]);
  }
  free(names);
  return ok;
}

static int summarize(int argc, char **argv) {
  const char *outdir = NULL;
  int force = 0, nfiles = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc) outdir = argv[++i];
    else if (!strcmp(argv[i], "--force")) force = 1;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "kioku results: unknown option '%s'\n" USAGE, argv[i]);
      return 2;
    } else nfiles++;
  }
  if (!nfiles) {
    fputs(USAGE, stderr);
    return 2;
  }
  kk_Class *c = kk_class_new();
  if (!c) {
    fputs("kioku results: out of memory\n", stderr);
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
  kk_Err err;
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
        printf("\nWritten to %s: summary.csv, scores.csv, histogram.csv, items.csv, histogram.svg\n", outdir);
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
    if (!strcmp(argv[i], "-o") && i + 1 < argc) outpath = argv[++i];
    else if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
    else if (!strcmp(argv[i], "--force")) force = 1;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "kioku results: unknown option '%s'\n" USAGE, argv[i]);
      return 2;
    } else nfiles++;
  }
  if (!nfiles || !format || (strcmp(format, "moodle") && strcmp(format, "csv"))) {
    fputs(USAGE, stderr);
    return 2;
  }
  kk_Class *c = kk_class_new();
  if (!c) {
    fputs("kioku results: out of memory\n", stderr);
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
        fprintf(stderr, "%s: error: student %s also has %s; keep one result per student\n",
                kk_class_student(c, j)->path, kk_class_student(c, j)->number,
                kk_class_student(c, i)->path);
        rc = 1;
        break;
      }
  char *buf = NULL;
  size_t len = 0;
  FILE *m = rc ? NULL : open_memstream(&buf, &len);
  if (m) {
    int moodle = !strcmp(format, "moodle");
    fputs(moodle ? "ID number,Grade\r\n"
                 : "student_no,student_name,score,max_score,percent,passed\r\n", m);
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
    kk_Err err;
    if (outpath) {
      kk_Status st = kk_atomic_write(outpath, force ? KK_ATOMIC_FORCE : 0, buf, len, &err);
      if (st != KK_OK) {
        char msg[1200];
        kk_err_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        rc = 1;
      } else {
        fprintf(stderr, "kioku results: %zu students written to %s\n", n, outpath);
      }
    } else if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
      rc = 1;
    }
  }
  free(buf);
  kk_class_free(c);
  return rc;
}

int kk_cmd_results(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "summarize")) return summarize(argc - 1, argv + 1);
  if (argc >= 2 && !strcmp(argv[1], "export")) return export_grades(argc - 1, argv + 1);
  fputs(USAGE, stderr);
  return 2;
}
