/*
** cmd_lint.c -- `kioku lint`: check decks (and exam specs) and print
** GCC-style diagnostics; `--fix-ids` writes derived ids into cards that
** have none, as a text edit that keeps comments and formatting.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/lintx.h"
#include "core/alloc.h"
#include "core/load.h"
#include "core/ydoc.h"

typedef struct {
  char **paths;
  size_t n, cap;
} PathList;

static int push_path(PathList *pl, const char *p) {
  if (pl->n == pl->cap) {
    size_t nc = pl->cap ? pl->cap * 2 : 16;
    char **np = realloc(pl->paths, nc * sizeof *np);
    if (!np) return 0;
    pl->paths = np, pl->cap = nc;
  }
  char *c = strdup(p);
  if (!c) return 0;
  pl->paths[pl->n++] = c;
  return 1;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_yaml_ext(const char *name) {
  size_t n = strlen(name);
  return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
         (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Adds path, or the *.yaml files below it (sorted, recursive) if it is a
** folder.  Returns 0 if path does not exist (reported). */
static int collect(PathList *pl, const char *path, int depth) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
    return 0;
  }
  if (!S_ISDIR(st.st_mode)) return push_path(pl, path);
  if (depth > 16) return 1;
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "%s: error: cannot open folder: %s\n", path, strerror(errno));
    return 0;
  }
  PathList sub = {0};
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    size_t n = strlen(path) + strlen(e->d_name) + 2;
    char *full = malloc(n);
    if (!full) break;
    snprintf(full, n, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
    struct stat es;
    if (stat(full, &es) == 0 && (S_ISDIR(es.st_mode) || has_yaml_ext(e->d_name)))
      push_path(&sub, full);
    free(full);
  }
  closedir(d);
  if (sub.n > 1) qsort(sub.paths, sub.n, sizeof *sub.paths, cmp_str);
  int ok = 1;
  for (size_t i = 0; i < sub.n; i++) {
    ok &= collect(pl, sub.paths[i], depth + 1);
    free(sub.paths[i]);
  }
  free(sub.paths);
  return ok;
}

/* Is this YAML file an exam spec?  Its first top-level key is `exam:`. */
static int looks_like_exam(const char *buf) {
  const char *p = buf;
  while (p && *p) {
    if (*p != '#' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' &&
        strncmp(p, "---", 3) != 0)
      return strncmp(p, "exam:", 5) == 0;
    p = strchr(p, '\n');
    if (p) p++;
  }
  return 0;
}

/* ---- --fix-ids ---------------------------------------------------------------*/

static size_t offset_of(const char *buf, size_t len, int line, int col) {
  size_t p = 0;
  for (int l = 1; l < line && p < len; p++)
    if (buf[p] == '\n') l++;
  for (int c = 1; c < col && p < len && buf[p] != '\n'; c++) {
    p++;
    while (p < len && ((unsigned char)buf[p] & 0xC0) == 0x80) p++;
  }
  return p;
}

/* Writes ids into the id-less cards of deck into path's text.  Returns the
** number written, -1 on error (reported). */
static int fix_ids(const char *path, const char *buf, size_t len, const kk_Deck *deck) {
  size_t n = kk_deck_card_count(deck), nfix = 0;
  for (size_t i = 0; i < n; i++) nfix += kk_deck_card(deck, i)->id_derived;
  if (!nfix) return 0;
  size_t cap = len + nfix * (KK_DECK_MAX_ID + 200) + 1;
  char *out = malloc(cap);
  if (!out) return -1;
  size_t o = 0, at = 0;
  for (size_t i = 0; i < n; i++) {
    const kk_Card *c = kk_deck_card(deck, i);
    if (!c->id_derived) continue;
    size_t p = offset_of(buf, len, c->line, c->col);
    memcpy(out + o, buf + at, p - at);
    o += p - at;
    if (buf[p] == '{') { /* flow mapping: {id: X, type: ...} */
      o += (size_t)sprintf(out + o, "{id: %s, ", c->id);
      at = p + 1;
    } else { /* block mapping: "id: X" then the same indentation */
      o += (size_t)sprintf(out + o, "id: %s\n%*s", c->id, c->col - 1, "");
      at = p;
    }
  }
  memcpy(out + o, buf + at, len - at);
  o += len - at;
  /* write beside, then rename: the file is never half-written */
  size_t tl = strlen(path) + 16;
  char *tmp = malloc(tl);
  int rc = -1;
  if (!tmp) goto done;
  snprintf(tmp, tl, "%s.tmp%d", path, (int)getpid());
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    fprintf(stderr, "%s: error: cannot write: %s\n", tmp, strerror(errno));
    goto done;
  }
  int bad = fwrite(out, 1, o, f) != o;
  bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
  bad |= fclose(f) != 0;
  struct stat st;
  if (!bad && stat(path, &st) == 0) chmod(tmp, st.st_mode & 07777);
  if (bad || rename(tmp, path) != 0) {
    fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
    unlink(tmp);
    goto done;
  }
  rc = (int)nfix;
done:
  free(tmp);
  free(out);
  return rc;
}

/* ---- main ---------------------------------------------------------------------*/

int kk_cmd_lint(int argc, char **argv) {
  int json = 0, fix = 0;
  PathList pl = {0};
  int usage = 0, missing = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--format") == 0 && i + 1 < argc) {
      const char *f = argv[++i];
      if (strcmp(f, "json") == 0) json = 1;
      else if (strcmp(f, "text") == 0) json = 0;
      else usage = 1;
    } else if (strncmp(a, "--format=", 9) == 0) {
      if (strcmp(a + 9, "json") == 0) json = 1;
      else if (strcmp(a + 9, "text") != 0) usage = 1;
    } else if (strcmp(a, "--fix-ids") == 0) {
      fix = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "kioku lint: unknown option '%s'\n", a);
      usage = 1;
    } else if (!collect(&pl, a, 0)) {
      missing = 1;
    }
  }
  if (usage || (pl.n == 0 && !missing)) {
    kk_cli_help("lint", stderr);
    for (size_t i = 0; i < pl.n; i++) free(pl.paths[i]);
    free(pl.paths);
    return 2;
  }
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  kk_Deck **decks = calloc(pl.n ? pl.n : 1, sizeof *decks); /* NOLINT(bugprone-sizeof-expression): an array of pointers */
  size_t ndecks = 0;
  int fixed_total = 0, io_fail = 0;
  for (size_t i = 0; decks && i < pl.n; i++) {
    const char *path = pl.paths[i];
    char *buf;
    size_t len;
    kk_Err e;
    kk_YLimits lim;
    kk_ylimits_default(&lim);
    if (kk_read_file(path, lim.max_bytes, &buf, &len, &e) != KK_OK) {
      kk_diags_add(&diags, KK_SEV_ERROR, path, 0, 0, "%s", e.msg);
      continue;
    }
    if (looks_like_exam(buf)) {
      kk_cli_lint_exam(path, buf, len, &diags);
      kk_free(buf);
      continue;
    }
    kk_Deck *d = NULL;
    if (kk_deck_load_mem(buf, len, path, &diags, &d) == KK_OK &&
        kk_deck_resolve_assets(d, path, &diags) != KK_OK) {
      kk_deck_free(d);
      d = NULL;
    }
    if (d && fix) {
      int nf = fix_ids(path, buf, len, d);
      if (nf < 0) io_fail = 1;
      else fixed_total += nf;
    }
    kk_free(buf);
    if (d) decks[ndecks++] = d;
  }
  if (ndecks > 1) kk_decks_check_duplicates(decks, ndecks, &diags);
  kk_diags_sort(&diags);
  if (json) kk_diags_print_json(&diags, stdout);
  else kk_diags_print(&diags, stderr);
  if (fix && fixed_total)
    fprintf(stderr, "kioku lint: wrote %d id%s; the warnings above about missing ids are fixed\n",
            fixed_total, fixed_total == 1 ? "" : "s");
  if (!json && !diags.nerrors && !diags.nwarnings && !missing)
    fprintf(stderr, "kioku lint: %zu file%s, no problems\n", pl.n, pl.n == 1 ? "" : "s");
  int rc = diags.nerrors || missing || io_fail || (diags.nwarnings && !fix) ? 1 : 0;
  for (size_t i = 0; i < ndecks; i++) kk_deck_free(decks[i]);
  free(decks);
  kk_diags_free(&diags);
  for (size_t i = 0; i < pl.n; i++) free(pl.paths[i]);
  free(pl.paths);
  return rc;
}
