/*
** decks.c -- loading the decks named on a command line: files, or the
** *.yaml files of a folder in name order (kioku export, kioku gen
** --against).
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/deck/load.h"

static int has_yaml_ext(const char *name) {
  size_t n = strlen(name);
  return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
         (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int kk_cli_decks_load(kk_CliDecks *ds, const char *path, kk_Diags *diags) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    if (!d) {
      fprintf(stderr, "%s: error: cannot open folder: %s\n", path, strerror(errno));
      return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int ok = 1;
    while ((e = readdir(d)) && ok) {
      if (e->d_name[0] == '.' || !has_yaml_ext(e->d_name)) continue;
      if (n == cap) {
        cap = cap ? cap * 2 : 16;
        char **nn = realloc(names, cap * sizeof *nn);
        if (!nn) {
          ok = 0;
          break;
        }
        names = nn;
      }
      size_t len = strlen(path) + strlen(e->d_name) + 2;
      if (!(names[n] = malloc(len))) {
        ok = 0;
        break;
      }
      snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (names) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
      if (ok) ok = kk_cli_decks_load(ds, names[i], diags);
      free(names[i]);
    }
    free(names);
    return ok;
  }
  kk_Deck *deck = NULL;
  if (kk_deck_load_file(path, diags, &deck) != KK_OK) return 0;
  if (ds->n == ds->cap) {
    ds->cap = ds->cap ? ds->cap * 2 : 8;
    kk_Deck **nv = realloc(ds->v, ds->cap * sizeof(kk_Deck *));
    if (!nv) {
      kk_deck_free(deck);
      return 0;
    }
    ds->v = nv;
  }
  ds->v[ds->n++] = deck;
  return 1;
}

void kk_cli_decks_free(kk_CliDecks *ds) {
  for (size_t i = 0; i < ds->n; i++) kk_deck_free(ds->v[i]);
  free(ds->v);
  *ds = (kk_CliDecks){0};
}
