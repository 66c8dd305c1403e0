/*
** paths.h -- where Kioku keeps its progress: the data dir.  Depends on
** err.h.  Resolution order: an explicit --data-dir argument, then
** $KIOKU_DATA_DIR, then $XDG_DATA_HOME/kioku, then $HOME/.local/share/kioku.
** Results are written into caller-owned buffers; nothing is allocated.
*/
#ifndef KK_PATHS_H
#define KK_PATHS_H

#include <stddef.h>

#include "core/base/err.h"

/* The pure rule: picks the data dir from the given values (any may be NULL
** or empty, meaning "not set") and writes it into buf.  Fails with
** KK_ERR_USAGE if nothing is set, KK_ERR_LIMIT if buf is too small. */
kk_Status kk_paths_data_dir_from(const char *arg, const char *kioku_env, const char *xdg_env,
                                 const char *home, kk_Err *err, char *buf, size_t size);

/* The same, reading KIOKU_DATA_DIR, XDG_DATA_HOME and HOME from the
** environment. */
kk_Status kk_paths_data_dir(const char *arg, kk_Err *err, char *buf, size_t size);

/* Creates dir and any missing parents, each with mode 0700 (exactly, not
** subject to the umask).  Existing directories are left as they are.
** Fails with KK_ERR_IO (and the reason) if a component is not a directory
** or cannot be created. */
kk_Status kk_paths_mkdir_p(const char *dir, kk_Err *err);

/* 1 if s is a file name that can be written into a folder as is (an
** image an importer brings in): not empty, not starting with '.', at most
** 200 bytes, without '/', '\\', ':' or control characters; else 0. */
int kk_paths_plain_name(const char *s);

/* path as a person reads it: "~/Sync" for $HOME/Sync (home as given,
** without its trailing slashes; "~" for home itself), else path unchanged.
** Only a whole component matches: /home/ab is not under /home/a.  Written
** into buf, cut at a code point to fit (size > 0); returns buf. */
char *kk_paths_tilde(const char *path, const char *home, char *buf, size_t size);

#endif
