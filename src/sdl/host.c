/*
** host.c -- decks, store and settings behind the screens.
**
**   decks       file/folder expansion and loading, remembered folders
**   host        data dir, store, the store-backed kk_UiHost
**   settings    theme and zoom in the store
*/
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include "sdl/host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/bundle.h"
#include "core/base/file.h"
#include "core/base/i18n.h"
#include "core/deck/deckdir.h"
#include "core/deck/load.h"
#include "core/base/paths.h"
#include "core/study/store.h"
#include "core/ui/ui_store.h"

#define KEY_DIRS "window.deck_dirs" /* remembered --decks folders, one a line */

struct kk_Host {
  kk_Deck **decks;
  size_t ndecks, adecks;
  kk_UiBadDeck *bad; /* files that failed to load: path and diags owned */
  size_t nbad, abad;
  kk_Store *store;
  kk_UiStore *ui;
};

/* ---- decks ------------------------------------------------------------------ */

static int is_dir(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Keeps a file that failed to load, with its own list of every problem
** (loaded again into it), for home to show.  A path inside the current
** folder is shown relative to it. */
static kk_Status add_bad(kk_Host *h, const char *path) {
  char cwd[4096];
  size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
  if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/') path += n + 1;
  kk_UiBadDeck *nb = kk_grow(h->bad, &h->abad, h->nbad + 1, sizeof *nb, 8);
  if (!nb) return KK_ERR_NOMEM;
  h->bad = nb;
  kk_Diags *dg = kk_malloc(sizeof *dg);
  char *p = kk_strdup(path);
  if (!dg || !p) {
    kk_free(dg);
    kk_free(p);
    return KK_ERR_NOMEM;
  }
  kk_diags_init(dg, 200);
  kk_Deck *d = NULL;
  kk_deck_load_file(path, dg, &d);
  kk_deck_free(d);
  kk_diags_sort(dg);
  h->bad[h->nbad++] = (kk_UiBadDeck){p, dg};
  return KK_OK;
}

static kk_Status add_deck(kk_Host *h, const char *path, kk_Diags *diags) {
  kk_Deck *d = NULL;
  if (kk_deck_load_file(path, diags, &d) != KK_OK || !d) return add_bad(h, path); /* skipped */
  kk_Deck **nd = kk_grow(h->decks, &h->adecks, h->ndecks + 1, sizeof(kk_Deck *), 8);
  if (!nd) {
    kk_deck_free(d);
    return KK_ERR_NOMEM;
  }
  h->decks = nd;
  h->decks[h->ndecks++] = d;
  return KK_OK;
}

/* A deck file, or the deck files (.yaml, .yml) directly in a folder,
** sorted, through the one deck-folder scanner.  Problems go to diags;
** only running out of memory fails. */
static kk_Status add_path(kk_Host *h, const char *path, kk_Diags *diags) {
  kk_DeckDir dd;
  kk_deckdir_init(&dd);
  kk_Status st = kk_deckdir_add(&dd, path, 0, diags);
  if (st != KK_ERR_NOMEM) st = KK_OK;
  for (size_t i = 0; i < dd.n && st == KK_OK; i++) st = add_deck(h, dd.paths[i], diags);
  kk_deckdir_free(&dd);
  return st;
}

/* Adds the folders remembered in the store and remembers new ones. */
static kk_Status remembered_dirs(kk_Host *h, const kk_HostOptions *o, kk_Diags *diags) {
  kk_Err e;
  char *saved = NULL;
  if (kk_store_get_setting(h->store, KEY_DIRS, &e, &saved) != KK_OK) saved = NULL;
  size_t len = saved ? strlen(saved) : 0, cap = len + 2;
  /* realpath() may lengthen a folder name: leave room for a full path */
  for (size_t i = 0; i < o->ndeck_dirs; i++) cap += strlen(o->deck_dirs[i]) + 4097;
  char *all = kk_malloc(cap);
  if (!all) {
    kk_free(saved);
    return KK_ERR_NOMEM;
  }
  memcpy(all, saved ? saved : "", len + 1);
  kk_free(saved);
  int changed = 0;
  for (size_t i = 0; i < o->ndeck_dirs; i++) {
    char *real = realpath(o->deck_dirs[i], NULL);
    const char *d = real ? real : o->deck_dirs[i];
    /* already there as a whole line? */
    int found = 0;
    for (const char *p = all; *p;) {
      const char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p) : strlen(p);
      if (n == strlen(d) && strncmp(p, d, n) == 0) found = 1;
      p += n + (nl ? 1 : 0);
    }
    size_t have = strlen(all), dl = strlen(d);
    if (!found && real && have + dl + 2 <= cap) {
      if (have) all[have++] = '\n';
      memcpy(all + have, d, dl + 1);
      changed = 1;
    }
    free(real);
  }
  if (changed) kk_store_set_setting(h->store, KEY_DIRS, all, &e);
  kk_Status st = KK_OK;
  for (char *p = all; *p && st == KK_OK;) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    if (is_dir(p)) st = add_path(h, p, diags);
    p = nl ? nl + 1 : p + strlen(p);
  }
  kk_free(all);
  return st;
}

static int utc_offset_min(void) {
  time_t t = time(NULL);
  struct tm tm;
  return localtime_r(&t, &tm) ? (int)(tm.tm_gmtoff / 60) : 0;
}

kk_Status kk_host_new(const kk_HostOptions *o, kk_Diags *diags, kk_Host **out, kk_Err *err) {
  *out = NULL;
  kk_Status st;
  kk_Host *h = kk_calloc(1, sizeof *h);
  if (!h) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
  char dir[1024];
  st = kk_paths_data_dir(o->data_dir, err, dir, sizeof dir);
  if (st == KK_OK) st = kk_paths_mkdir_p(dir, err);
  if (st == KK_OK) st = kk_store_open(dir, err, &h->store);
  if (st != KK_OK) goto fail;
  if (o->drill) {
    for (size_t i = 0; i < o->npaths; i++)
      if (add_path(h, o->paths[i], diags) != KK_OK) goto nomem;
  } else {
    const char *bundled = kk_bundled_decks_dir();
    if (bundled && add_path(h, bundled, diags) != KK_OK) goto nomem;
    if (remembered_dirs(h, o, diags) != KK_OK) goto nomem;
  }
  /* Two copies of one deck (a folder both bundled and remembered): the
  ** first wins, later ones are dropped with a note. */
  for (size_t i = 1; i < h->ndecks; i++)
    for (size_t j = 0; j < i; j++)
      if (strcmp(kk_deck_id(h->decks[i]), kk_deck_id(h->decks[j])) == 0) {
        kk_diags_add(diags, KK_SEV_WARNING, kk_deck_path(h->decks[i]), 0, 0,
                     _("deck '%s' is already loaded from %s; this copy is skipped"),
                     kk_deck_id(h->decks[i]), kk_deck_path(h->decks[j]));
        kk_deck_free(h->decks[i]);
        memmove(h->decks + i, h->decks + i + 1, (h->ndecks - i - 1) * sizeof(kk_Deck *));
        h->ndecks--;
        i--;
        break;
      }
  st = kk_ui_store_new(h->store, h->decks, h->ndecks, utc_offset_min(), KK_DAY_START_DEFAULT, err,
                       &h->ui);
  if (st != KK_OK) goto fail;
  *out = h;
  return KK_OK;
nomem:
  st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
fail:
  kk_host_free(h);
  return st;
}

void kk_host_free(kk_Host *h) {
  if (!h) return;
  kk_ui_store_free(h->ui);
  for (size_t i = 0; i < h->ndecks; i++) kk_deck_free(h->decks[i]);
  kk_free(h->decks);
  for (size_t i = 0; i < h->nbad; i++) {
    kk_free((char *)h->bad[i].path);
    kk_diags_free((kk_Diags *)h->bad[i].diags);
    kk_free((kk_Diags *)h->bad[i].diags);
  }
  kk_free(h->bad);
  kk_store_close(h->store);
  kk_free(h);
}

kk_Deck *const *kk_host_decks(const kk_Host *h, size_t *n) {
  *n = h->ndecks;
  return h->decks;
}

const kk_UiHost *kk_host_ui(kk_Host *h) { return kk_ui_store_host(h->ui); }

const kk_UiBadDeck *kk_host_bad_decks(const kk_Host *h, size_t *n) {
  *n = h->nbad;
  return h->bad;
}

const char *kk_host_created_store(const kk_Host *h) {
  return kk_store_created(h->store) ? kk_store_path(h->store) : NULL;
}

const char *kk_host_journal_note(const kk_Host *h) { return kk_store_journal_note(h->store); }

/* ---- settings ------------------------------------------------------------------ */

static int setting_int(kk_Store *st, const char *key) {
  kk_Err e;
  char *v = NULL;
  if (kk_store_get_setting(st, key, &e, &v) != KK_OK || !v) return -1;
  char *end;
  long x = strtol(v, &end, 10);
  if (end == v || x < -1000000 || x > 1000000) x = -1;
  kk_free(v);
  return (int)x;
}

void kk_host_store_settings(kk_Store *st, int *dark, int *zoom_pct) {
  int d = setting_int(st, "window.dark"), z = setting_int(st, "window.zoom_pct");
  *dark = d == 1;
  *zoom_pct = z >= 50 && z <= 300 ? z : 0;
}

kk_Status kk_host_store_save_settings(kk_Store *s, int dark, int zoom_pct, kk_Err *err) {
  char buf[16];
  snprintf(buf, sizeof buf, "%d", dark ? 1 : 0);
  kk_Status st = kk_store_set_setting(s, "window.dark", buf, err);
  if (st != KK_OK) return st;
  snprintf(buf, sizeof buf, "%d", zoom_pct);
  return kk_store_set_setting(s, "window.zoom_pct", buf, err);
}

void kk_host_settings(kk_Host *h, int *dark, int *zoom_pct) {
  kk_host_store_settings(h->store, dark, zoom_pct);
}

kk_Status kk_host_save_settings(kk_Host *h, int dark, int zoom_pct, kk_Err *err) {
  return kk_host_store_save_settings(h->store, dark, zoom_pct, err);
}

void kk_host_window_size(kk_Host *h, int *w, int *hgt) {
  *w = *hgt = 0;
  kk_Err e;
  char *v = NULL;
  if (kk_store_get_setting(h->store, "window.size", &e, &v) != KK_OK || !v) return;
  kk_ui_window_size_parse(v, w, hgt);
  kk_free(v);
}

kk_Status kk_host_save_window_size(kk_Host *h, int w, int hgt, kk_Err *err) {
  char buf[32];
  snprintf(buf, sizeof buf, "%dx%d", w, hgt);
  return kk_store_set_setting(h->store, "window.size", buf, err);
}

/* ---- sync ------------------------------------------------------------------ */

void kk_host_sync_options(kk_Store *st, int64_t now_ms, kk_SyncOptions *o, char *origin, size_t n,
                          unsigned char key[KK_SYNC_KEY_BYTES]) {
  memset(o, 0, sizeof *o);
  o->clock.now_ms = now_ms;
  time_t t = (time_t)(now_ms / 1000);
  struct tm tm;
  o->clock.utc_offset_min = localtime_r(&t, &tm) ? (int)(tm.tm_gmtoff / 60) : 0;
  /* the replay schedules with the student's own study day */
  o->clock.day_start_hour = kk_store_day_start_hour(st, KK_DAY_START_DEFAULT);
  if (getrandom(&o->random, sizeof o->random, 0) != (ssize_t)sizeof o->random)
    o->random = (uint64_t)now_ms ^ (uint64_t)getpid() << 32;
  /* the machine's id (or host name) and the store's path: a store copied
  ** elsewhere is told apart from the original */
  char host[256] = "";
  char *id = NULL;
  size_t len = 0;
  if (kk_file_read("/etc/machine-id", 256, &id, &len, NULL) == KK_OK) {
    while (len > 0 && (id[len - 1] == '\n' || id[len - 1] == ' ')) id[--len] = '\0';
    snprintf(host, sizeof host, "%s", id);
  }
  kk_free(id);
  if (!host[0] && gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  snprintf(origin, n, "%s:%s", host, kk_store_path(st));
  o->origin = origin;
  char *hex = NULL;
  kk_Err e;
  if (kk_store_get_setting(st, KK_HOST_SYNC_SECRET, &e, &hex) == KK_OK && hex &&
      strlen(hex) == (size_t)2 * KK_SYNC_KEY_BYTES) {
    int ok = 1;
    for (size_t i = 0; i < KK_SYNC_KEY_BYTES && ok; i++) {
      char two[3] = {hex[2 * i], hex[2 * i + 1], 0}, *end = NULL;
      unsigned long v = strtoul(two, &end, 16);
      ok = end == two + 2;
      key[i] = (unsigned char)v;
    }
    if (ok) o->key = key;
  }
  kk_free(hex);
}

int kk_host_sync(kk_Host *h, int64_t now_ms, char *line, size_t n) {
  char *folder = NULL;
  kk_Err e;
  kk_err_clear(&e);
  if (kk_store_get_setting(h->store, KK_HOST_SYNC_KEY, &e, &folder) != KK_OK || !folder) {
    kk_free(folder);
    return 0;
  }
  kk_SyncOptions o;
  char origin[4400];
  unsigned char key[KK_SYNC_KEY_BYTES];
  kk_host_sync_options(h->store, now_ms, &o, origin, sizeof origin, key);
  kk_SyncReport r;
  char shown[512]; /* the folder as people read it: ~/Sync */
  kk_paths_tilde(folder, getenv("HOME"), shown, sizeof shown);
  if (kk_sync_run(h->store, folder, &o, &r, &e) == KK_OK) {
    time_t t = (time_t)(o.clock.now_ms / 1000);
    struct tm tm;
    char hm[8] = "";
    if (localtime_r(&t, &tm)) strftime(hm, sizeof hm, "%H:%M", &tm);
    if (r.refused.code != KK_OK) {
      const char *file = strrchr(r.refused.path, '/');
      snprintf(line, n, _("Synced with %s at %s (%lld received); %s was refused at record %d: %s"),
               shown, hm, (long long)r.merged, file ? file + 1 : r.refused.path, r.refused.line,
               r.refused.msg);
    } else {
      snprintf(line, n, _("Synced with %s at %s (%lld received)"), shown, hm, (long long)r.merged);
    }
  } else {
    snprintf(line, n, _("Sync skipped: %s"), e.msg);
  }
  kk_free(folder);
  return 1;
}
