/*
** file.h -- the one reader of user-named files.
** Depends on err.h, alloc.h.  Every file a user names (decks, exam specs,
** card images, CSV, review logs) is opened here: non-blocking, checked with
** fstat on the opened descriptor, and refused unless it is a regular file,
** so a FIFO, a device or a folder gets an error instead of a hang.
*/
#ifndef KK_FILE_H
#define KK_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/base/err.h"

/* Reads the whole regular file at path, of at most max bytes, into a new
** NUL-terminated buffer: on KK_OK caller kk_frees *buf, *len is its length.
** Errors (in e, which may be NULL): KK_ERR_IO (cannot open, not a regular
** file, read error), KK_ERR_LIMIT (too large), KK_ERR_NOMEM. */
kk_Status kk_file_read(const char *path, size_t max, char **buf, size_t *len, kk_Err *e);

/* Reads stream f (standard input, a pipe) to its end, within max bytes,
** into a new NUL-terminated buffer, as kk_file_read does for a path: on
** KK_OK caller kk_frees *buf.  name labels errors.  Errors: KK_ERR_IO
** (read error), KK_ERR_LIMIT (more than max bytes), KK_ERR_NOMEM. */
kk_Status kk_file_read_stream(FILE *f, const char *name, size_t max, char **buf, size_t *len,
                              kk_Err *e);

/* Checks that path names a regular file that can be opened for reading
** (opened non-blocking, fstat on the descriptor, closed again).  KK_OK,
** or KK_ERR_IO with the reason in e (may be NULL). */
kk_Status kk_file_check(const char *path, kk_Err *e);

/* Opens the regular file at path for reading as a stream, for readers that
** stream (CSV review logs, scripts): the same checks as kk_file_read.
** Returns a FILE the caller fcloses, or NULL with e (may be NULL) filled
** (KK_ERR_IO). */
FILE *kk_file_open(const char *path, kk_Err *e);

#endif
