/*
** cmd_results.c -- `kioku results summarize [-o DIR] [--force] FILES...`:
** the class report over exam result JSON files (or folders of them):
** figures and a text histogram on the terminal, CSV files with -o.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/base/paths.h"
#include "core/exam/results.h"

#define USAGE "usage: kioku results summarize [-o DIR] [--force] FILE.json|FOLDER...\n"

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
    if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".json") != 0) continue;
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

int kk_cmd_results(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "summarize")) return summarize(argc - 1, argv + 1);
  fputs(USAGE, stderr);
  return 2;
}
