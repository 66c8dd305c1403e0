/*
** host.h -- what the trainer window runs on: finds and loads the decks
** (bundled, remembered and --decks folders, or the drill paths), opens the
** progress store in the data dir and hands the screens its kk_UiHost
** (core/ui_store.h).  Also persists the window settings (theme, zoom) and
** the remembered deck folders in the store.  Depends on core/load.h,
** core/store.h, core/ui_store.h, core/paths.h, core/bundle.h.
** kk_host_new returns a new kk_Host owning decks and store; caller frees
** with kk_host_free.
*/
#ifndef KK_SDL_HOST_H
#define KK_SDL_HOST_H

#include <stddef.h>

#include "core/base/diag.h"
#include "core/study/store.h"
#include "core/study/sync.h"
#include "core/ui/ui.h"

typedef struct kk_Host kk_Host;

typedef struct kk_HostOptions {
  const char *const *paths; /* drill: decks (files or folders) */
  size_t npaths;
  const char *const *deck_dirs; /* --decks DIR: listed and remembered */
  size_t ndeck_dirs;
  int drill;            /* 1: only `paths`; 0: bundled + remembered + dirs */
  const char *data_dir; /* --data-dir, or NULL for the usual rule */
} kk_HostOptions;

/* Loads the decks (YAML files, or folders searched for *.yaml, sorted by
** name; a deck that fails to load is reported in diags and kept aside,
** see kk_host_bad_decks) and
** opens the store.  Fails if the store cannot be opened (busy, newer
** version, I/O). */
kk_Status kk_host_new(const kk_HostOptions *o, kk_Diags *diags, kk_Host **out, kk_Err *err);
void kk_host_free(kk_Host *h);

/* The loaded decks (borrowed, valid until kk_host_free). */
kk_Deck *const *kk_host_decks(const kk_Host *h, size_t *n);
/* The screens' data callbacks (borrowed, valid until kk_host_free). */
const kk_UiHost *kk_host_ui(kk_Host *h);
/* The deck files that failed to load, each with every problem found
** (borrowed, valid until kk_host_free). */
const kk_UiBadDeck *kk_host_bad_decks(const kk_Host *h, size_t *n);
/* The progress store's path when opening it created the file (a new,
** empty store: maybe a mistyped --data-dir), else NULL.  Borrowed. */
const char *kk_host_created_store(const kk_Host *h);
/* Why the progress store runs without SQLite's write-ahead log (it uses a
** rollback journal), or NULL when it has it.  Borrowed. */
const char *kk_host_journal_note(const kk_Host *h);

/* Theme and zoom as last saved (dark 0/1, zoom percent, 0 if unset). */
void kk_host_settings(kk_Host *h, int *dark, int *zoom_pct);
/* Saves them; failures are not fatal (returned for a message). */
kk_Status kk_host_save_settings(kk_Host *h, int dark, int zoom_pct, kk_Err *err);
/* The same settings in a store opened elsewhere (the exam window's). */
void kk_host_store_settings(kk_Store *st, int *dark, int *zoom_pct);
kk_Status kk_host_store_save_settings(kk_Store *st, int dark, int zoom_pct, kk_Err *err);

/* Window size as last saved (0 x 0 if unset or implausible); saving it. */
void kk_host_window_size(kk_Host *h, int *w, int *hgt);
kk_Status kk_host_save_window_size(kk_Host *h, int w, int hgt, kk_Err *err);

/* ---- sync through a shared folder (core/study/sync.h) ----------------------
** The folder is remembered in the store (KK_HOST_SYNC_KEY, set by `kioku
** sync --remember`); the window syncs on start, every KK_HOST_SYNC_EVERY_MS
** and on quit. */
#define KK_HOST_SYNC_KEY "sync.folder"
#define KK_HOST_SYNC_SECRET "sync.key" /* the passphrase's key, hex (this store only) */
#define KK_HOST_SYNC_EVERY_MS ((int64_t)5 * 60 * 1000)
/* Options for a sync of st at now_ms (the caller's clock: the window's, so
** a test build's fixed clock reaches the sync too): the local offset, the
** student's study day (kk_store_day_start_hour), the system's randomness,
** the origin (machine id, else host name, and the store's path) in origin,
** and the remembered passphrase key, if any, in key. */
void kk_host_sync_options(kk_Store *st, int64_t now_ms, kk_SyncOptions *o, char *origin, size_t n,
                          unsigned char key[KK_SYNC_KEY_BYTES]);
/* Syncs h's store with the remembered folder at now_ms: 0 if none is
** remembered, else 1 with a one-line result for home in line ("Synced with
** ~/Sync at HH:MM ..." or the problem). */
int kk_host_sync(kk_Host *h, int64_t now_ms, char *line, size_t n);
#endif
