/*
** host.h -- the data behind the trainer screens: finds and loads the decks
** (bundled, --decks folders, drill paths), keeps the study session and
** answers the kk_UiHost callbacks of core/ui.h.  Depends on core/load.h,
** core/ui.h.  kk_host_new returns a new kk_Host owning its decks; caller
** frees with kk_host_free.  Progress lives in memory for now (one run);
** the SQLite store and the FSRS scheduler plug in behind the same callbacks.
*/
#ifndef KK_SDL_HOST_H
#define KK_SDL_HOST_H

#include <stddef.h>

#include "core/diag.h"
#include "core/ui.h"

typedef struct kk_Host kk_Host;

/* Loads every deck of paths[0..n) (YAML files, or folders searched for
** *.yaml, sorted by name).  Problems go to diags; a deck that fails to load
** is skipped (the others still load).  Fails only out of memory. */
kk_Status kk_host_new(const char *const *paths, size_t n, kk_Diags *diags,
                      kk_Host **out, kk_Err *err);
void kk_host_free(kk_Host *h);

/* The loaded decks (borrowed, valid until kk_host_free). */
kk_Deck *const *kk_host_decks(const kk_Host *h, size_t *n);

/* Fills cb with callbacks over h (cb->ud = h, borrowed). */
void kk_host_callbacks(kk_Host *h, kk_UiHost *cb);

/* The folder of the bundled decks: $KIOKU_DECKS_DIR, else decks/ next to
** the source tree the binary was built in, else the installed share/kioku/
** decks; "" if none exists.  Writes into buf. */
void kk_host_bundled_dir(char *buf, size_t size);

#endif
