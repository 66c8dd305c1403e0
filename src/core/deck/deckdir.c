/*
** deckdir.c -- deck folder scanning with loop detection.
**
** Divisions: the visited set (device, inode); listing one folder; adding
** a path.
*/
#define _XOPEN_SOURCE 700
#include "core/deck/deckdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/base/i18n.h"
#include "core/base/alloc.h"
#include "core/base/hash.h"

/* ---- visited set ---------------------------------------------------------*/

typedef struct {
  uint64_t dev, ino;
  int used;
} Seen;

struct kk_DeckDirSeen {
  Seen *slot;
  size_t cap, n; /* cap a power of two */
};

static size_t seen_hash(uint64_t dev, uint64_t ino) {
  return (size_t)kk_hash_mix(kk_hash_mix(KK_HASH_INIT, dev), ino);
}

/* Marks (dev, ino) visited.  Returns 1 if it is new, 0 if it was seen
** before, -1 out of memory. */
static int seen_add(struct kk_DeckDirSeen *s, uint64_t dev, uint64_t ino) {
  if (2 * (s->n + 1) > s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 64;
    Seen *ns = kk_calloc(nc, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->slot[i].used) continue;
      size_t h = seen_hash(s->slot[i].dev, s->slot[i].ino) & (nc - 1);
      while (ns[h].used) h = (h + 1) & (nc - 1);
      ns[h] = s->slot[i];
    }
    kk_free(s->slot);
    s->slot = ns, s->cap = nc;
  }
  size_t h = seen_hash(dev, ino) & (s->cap - 1);
  for (; s->slot[h].used; h = (h + 1) & (s->cap - 1))
    if (s->slot[h].dev == dev && s->slot[h].ino == ino) return 0;
  s->slot[h] = (Seen){dev, ino, 1};
  s->n++;
  return 1;
}

/* ---- scanning ------------------------------------------------------------*/

void kk_deckdir_init(kk_DeckDir *dd) { memset(dd, 0, sizeof *dd); }

void kk_deckdir_free(kk_DeckDir *dd) {
  if (!dd) return;
  for (size_t i = 0; i < dd->n; i++) kk_free(dd->paths[i]);
  kk_free(dd->paths);
  if (dd->seen_) kk_free(dd->seen_->slot);
  kk_free(dd->seen_);
  memset(dd, 0, sizeof *dd);
}

int kk_deckdir_is_deck_name(const char *name) {
  size_t n = strlen(name);
  return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
         (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static kk_Status push(kk_DeckDir *dd, const char *path) {
  if (dd->n == dd->cap) {
    char **np = kk_grow(dd->paths, &dd->cap, dd->n + 1, sizeof *np, 16);
    if (!np) return KK_ERR_NOMEM;
    dd->paths = np;
  }
  char *c = kk_strdup(path);
  if (!c) return KK_ERR_NOMEM;
  dd->paths[dd->n++] = c;
  return KK_OK;
}

static kk_Status add(kk_DeckDir *dd, const char *path, int recursive, int depth, kk_Diags *diags);

/* The deck files and (if recursive) subfolders of the folder path, sorted,
** each added in turn. */
static kk_Status add_folder(kk_DeckDir *dd, const char *path, int recursive, int depth,
                            kk_Diags *diags) {
  DIR *d = opendir(path);
  if (!d) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, _("cannot open folder: %s"), strerror(errno));
    return KK_ERR_IO;
  }
  char **names = NULL;
  size_t n = 0, cap = 0, plen = strlen(path);
  int slash = plen && path[plen - 1] == '/';
  kk_Status st = KK_OK;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    size_t len = plen + strlen(e->d_name) + 2;
    char *full = kk_malloc(len);
    if (!full) {
      st = KK_ERR_NOMEM;
      break;
    }
    snprintf(full, len, "%s%s%s", path, slash ? "" : "/", e->d_name);
    struct stat es;
    int want =
        stat(full, &es) == 0 && ((recursive && S_ISDIR(es.st_mode)) ||
                                 (!S_ISDIR(es.st_mode) && kk_deckdir_is_deck_name(e->d_name)));
    if (want && n == cap) {
      char **nn = kk_grow(names, &cap, n + 1, sizeof *nn, 16);
      if (!nn)
        want = 0, st = KK_ERR_NOMEM;
      else
        names = nn;
    }
    if (!want) {
      kk_free(full);
      if (st) break;
      continue;
    }
    names[n++] = full;
  }
  closedir(d);
  if (n > 1) qsort(names, n, sizeof *names, cmp_str);
  for (size_t i = 0; i < n; i++) {
    if (st != KK_ERR_NOMEM) {
      kk_Status s = add(dd, names[i], recursive, depth + 1, diags);
      if (s) st = s;
    }
    kk_free(names[i]);
  }
  kk_free(names);
  return st;
}

static kk_Status add(kk_DeckDir *dd, const char *path, int recursive, int depth, kk_Diags *diags) {
  struct stat st;
  if (stat(path, &st) != 0) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, _("cannot open: %s"), strerror(errno));
    return KK_ERR_NOTFOUND;
  }
  if (!dd->seen_ && !(dd->seen_ = kk_calloc(1, sizeof *dd->seen_))) return KK_ERR_NOMEM;
  int fresh = seen_add(dd->seen_, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
  if (fresh < 0) return KK_ERR_NOMEM;
  if (!fresh) return KK_OK; /* reached before: a link loop or a second name */
  if (!S_ISDIR(st.st_mode)) return push(dd, path);
  if (depth > KK_DECKDIR_MAX_DEPTH) return KK_OK;
  return add_folder(dd, path, recursive, depth, diags);
}

kk_Status kk_deckdir_add(kk_DeckDir *dd, const char *path, int recursive, kk_Diags *diags) {
  return add(dd, path, recursive, 0, diags);
}
