/*
** cmd_lint.c -- `kioku lint`: check decks (and exam specs) and print
** GCC-style diagnostics; `--fix-ids` writes derived ids into cards that
** have none, as a text edit that keeps comments and formatting.
*/
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/usage.h"
#include "cli/lintx.h"
#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/deck/load.h"
#include "core/deck/ydoc.h"

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

/* From a card's start (which may be a tag `!!map` or an anchor `&a`), the
** place to insert its id: the '{' of a flow mapping, or the first key of a
** block mapping.  *indent receives the key's column (0-based) for block
** mappings. */
static size_t insert_point(const char *buf, size_t len, size_t p, size_t *indent) {
  for (;;) {
    while (p < len && (buf[p] == ' ' || buf[p] == '\t')) p++;
    if (p < len && (buf[p] == '!' || buf[p] == '&')) {
      while (p < len && buf[p] != ' ' && buf[p] != '\t' && buf[p] != '\n') p++;
      continue;
    }
    if (p < len && buf[p] == '#')
      while (p < len && buf[p] != '\n') p++;
    if (p < len && (buf[p] == '\n' || buf[p] == '\r')) {
      while (p < len && (buf[p] == '\n' || buf[p] == '\r')) p++;
      continue;
    }
    break;
  }
  size_t ls = p;
  while (ls > 0 && buf[ls - 1] != '\n') ls--;
  *indent = 0;
  for (size_t i = ls; i < p; i++) *indent += ((unsigned char)buf[i] & 0xC0) != 0x80;
  return p;
}

/* Writes data to path through a temporary file in the same folder, then
** renames it into place (following a symbolic link to the real file, whose
** mode is kept).  Returns 0, or -1 (reported). */
static int replace_file(const char *path, const char *data, size_t n) {
  char real[PATH_MAX];
  if (!realpath(path, real)) {
    fprintf(stderr, "%s: error: cannot resolve: %s\n", path, strerror(errno));
    return -1;
  }
  char tmp[PATH_MAX + 16], dir[PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s.XXXXXX", real);
  snprintf(dir, sizeof dir, "%s", real);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  int fd = mkstemp(tmp);
  if (fd < 0) {
    fprintf(stderr, "%s: error: cannot write beside it: %s\n", path, strerror(errno));
    return -1;
  }
  struct stat st;
  if (stat(real, &st) == 0) fchmod(fd, st.st_mode & 07777);
  size_t off = 0;
  int bad = 0;
  while (off < n && !bad) {
    ssize_t w = write(fd, data + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) bad = 1;
    else off += (size_t)w;
  }
  bad |= fsync(fd) != 0;
  bad |= close(fd) != 0;
  if (bad || rename(tmp, real) != 0) {
    fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
    unlink(tmp);
    return -1;
  }
  int dfd = open(slash ? dir : ".", O_RDONLY);
  if (dfd >= 0) {
    fsync(dfd); /* the rename itself is durable */
    close(dfd);
  }
  return 0;
}

/* Writes ids into the id-less cards of deck into path's text.  The edited
** text is loaded again before anything is written: it must load with the
** same cards and the ids written.  Returns the number written, -1 on error
** (reported; the file is then left as it was). */
static int fix_ids(const char *path, const char *buf, size_t len, const kk_Deck *deck) {
  size_t n = kk_deck_card_count(deck), nfix = 0, cap = len + 1;
  for (size_t i = 0; i < n; i++) {
    const kk_Card *c = kk_deck_card(deck, i);
    if (!c->id_derived) continue;
    nfix++;
    size_t p = kk_file_offset(buf, len, c->line, c->col), indent;
    insert_point(buf, len, p, &indent);
    size_t add = strlen(c->id) + indent + 16;
    if (cap > SIZE_MAX - add) return -1;
    cap += add;
  }
  if (!nfix) return 0;
  char *out = malloc(cap);
  if (!out) {
    fprintf(stderr, "%s: error: out of memory\n", path);
    return -1;
  }
  size_t o = 0, at = 0;
  for (size_t i = 0; i < n; i++) {
    const kk_Card *c = kk_deck_card(deck, i);
    if (!c->id_derived) continue;
    size_t indent;
    size_t p = insert_point(buf, len, kk_file_offset(buf, len, c->line, c->col), &indent);
    memcpy(out + o, buf + at, p - at);
    o += p - at;
    if (p < len && buf[p] == '{') { /* flow mapping: {id: X, type: ...} */
      o += (size_t)snprintf(out + o, cap - o, "{id: %s, ", c->id);
      at = p + 1;
    } else { /* block mapping: "id: X" then the key's own indentation */
      o += (size_t)snprintf(out + o, cap - o, "id: %s\n%*s", c->id, (int)indent, "");
      at = p;
    }
  }
  memcpy(out + o, buf + at, len - at);
  o += len - at;
  /* check the edit before it touches the file */
  kk_Diags check;
  kk_diags_init(&check, 0);
  kk_Deck *again = NULL;
  int ok = kk_deck_load_mem(out, o, path, &check, &again) == KK_OK &&
           kk_deck_card_count(again) == n;
  for (size_t i = 0; ok && i < n; i++) {
    const kk_Card *was = kk_deck_card(deck, i), *now = kk_deck_card(again, i);
    ok = !now->id_derived && strcmp(was->id, now->id) == 0;
  }
  kk_deck_free(again);
  kk_diags_free(&check);
  int rc = -1;
  if (!ok)
    fprintf(stderr, "%s: error: could not insert the ids safely here; the file is unchanged "
                    "(write the ids by hand)\n", path);
  else if (replace_file(path, out, o) == 0)
    rc = (int)nfix;
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
    if (kk_file_read(path, lim.max_bytes, &buf, &len, &e) != KK_OK) {
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
  else kk_diags_print(&diags, stderr), kk_diags_print_count(&diags, stderr);
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
