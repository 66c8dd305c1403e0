/*
** atomic.h -- the one way Kioku writes a file: so that a reader (or a crash,
** or a kill) finds the old file, the complete new one, or nothing -- never a
** part.  Depends on err.h.  The data goes to a temporary created with
** O_CREAT|O_EXCL|O_NOFOLLOW in the target's own folder (a symlink planted
** at either name is never followed), which is flushed, fsynced, moved to
** the target name, and the folder fsynced.  A regular file replaced under
** KK_ATOMIC_FORCE keeps its permission bits.  kk_atomic_open returns a new
** kk_Atomic; kk_atomic_commit and kk_atomic_abort free it.
*/
#ifndef KK_ATOMIC_H
#define KK_ATOMIC_H

#include <stddef.h>
#include <stdio.h>

#include "core/base/err.h"

enum {
  KK_ATOMIC_FORCE = 1 /* replace an existing target (else KK_ERR_EXISTS) */
};

typedef struct kk_Atomic kk_Atomic;

/* Starts writing path: creates the temporary beside it.  Without
** KK_ATOMIC_FORCE an existing path (a symlink counts) is KK_ERR_EXISTS,
** checked here and again, atomically, at commit. */
kk_Status kk_atomic_open(const char *path, int flags, kk_Atomic **out, kk_Err *err);
/* The stream to write into, borrowed (valid until commit or abort). */
FILE *kk_atomic_file(kk_Atomic *w);
/* Makes the data the file at path.  A write error seen on the stream, a
** failed flush or fsync, or a target that appeared meanwhile (without
** FORCE) fails, leaves path as it was and removes the temporary.  Frees w
** in every case. */
kk_Status kk_atomic_commit(kk_Atomic *w, kk_Err *err);
/* Drops the temporary and frees w (w may be NULL). */
void kk_atomic_abort(kk_Atomic *w);

/* Writes buf[0..len) to path as above. */
kk_Status kk_atomic_write(const char *path, int flags, const void *buf, size_t len, kk_Err *err);

#endif
