/*
** deckdir.h -- the one scanner of deck folders: which files a path given
** on a command line (or remembered by the window) stands for.
** Depends on diag.h.  A kk_DeckDir owns its path strings; free it with
** kk_deckdir_free.  Deck files end in .yaml or .yml; names starting with
** '.' are skipped.  Symbolic links are followed, but every folder and file
** is visited once, by (device, inode): a link loop ends, and a deck
** reached twice is listed (and read) once.
*/
#ifndef KK_DECKDIR_H
#define KK_DECKDIR_H

#include <stddef.h>

#include "core/base/diag.h"

/* Folders nested deeper than this below a named folder are not entered. */
#define KK_DECKDIR_MAX_DEPTH 16

typedef struct kk_DeckDir {
  char **paths; /* the deck files found, in order; owned */
  size_t n, cap;
  struct kk_DeckDirSeen *seen_; /* internal: (device, inode) visited */
} kk_DeckDir;

/* Zero-initialise a kk_DeckDir, or call this. */
void kk_deckdir_init(kk_DeckDir *dd);
void kk_deckdir_free(kk_DeckDir *dd); /* dd may be NULL */

/* Adds path: a file is listed as it is (whatever its name); a folder adds
** its deck files sorted by name, and with `recursive` those of its
** subfolders too (sorted with the files).  A path that does not exist or a
** folder that cannot be read is an error in diags (KK_ERR_NOTFOUND or
** KK_ERR_IO returned; what was found is kept).  KK_ERR_NOMEM out of memory. */
kk_Status kk_deckdir_add(kk_DeckDir *dd, const char *path, int recursive, kk_Diags *diags);

/* 1 if name ends in .yaml or .yml. */
int kk_deckdir_is_deck_name(const char *name);

#endif
