/*
** pack.h -- the containers other programs' files come in: zip archives
** (libzip, read from and written to memory) and zstd frames (libzstd).
** Depends on err.h, atomic.h.  Reading is hostile-input safe: member names
** that could leave a folder are refused when the archive is opened, and
** every byte extracted counts against a cap on the total (a zip bomb's
** declared sizes are not trusted).  kk_pack_open returns a new kk_PackReader
** (caller frees with kk_pack_close); the archive bytes are borrowed and must
** outlive it.  kk_pack_writer_new returns a new kk_PackWriter freed by
** kk_pack_writer_commit or kk_pack_writer_free.  Buffers handed out are new
** (caller kk_frees them).
*/
#ifndef KK_PACK_H
#define KK_PACK_H

#include <stddef.h>

#include "core/base/err.h"

typedef struct kk_PackReader kk_PackReader;

/* Opens the zip archive in buf[0..len); path names it in errors.  Refuses
** (KK_ERR_PARSE) what is not a zip archive, and (KK_ERR_INVALID) member
** names that are absolute, hold a ".." component or a backslash, or are
** empty; KK_ERR_LIMIT when the declared sizes already pass max_total. */
kk_Status kk_pack_open(const void *buf, size_t len, const char *path, size_t max_total,
                       kk_PackReader **out, kk_Err *err);
void kk_pack_close(kk_PackReader *r); /* r may be NULL */

/* 1 if the archive has a member of that name. */
int kk_pack_has(kk_PackReader *r, const char *name);
/* Number of members and the name of member i (borrowed, valid until
** kk_pack_close). */
size_t kk_pack_count(kk_PackReader *r);
const char *kk_pack_name(kk_PackReader *r, size_t i);

/* Extracts member name into a new NUL-terminated buffer.  KK_ERR_NOTFOUND
** if there is none; KK_ERR_LIMIT when the bytes extracted so far from the
** whole archive pass its max_total; KK_ERR_PARSE for a damaged member. */
kk_Status kk_pack_read(kk_PackReader *r, const char *name, char **out, size_t *out_len,
                       kk_Err *err);

/* Decodes the zstd frames in buf[0..len) into a new NUL-terminated buffer
** of at most max bytes (KK_ERR_LIMIT past it, KK_ERR_PARSE if damaged). */
kk_Status kk_pack_unzstd(const void *buf, size_t len, size_t max, const char *path, char **out,
                         size_t *out_len, kk_Err *err);

typedef struct kk_PackWriter kk_PackWriter;

kk_Status kk_pack_writer_new(kk_PackWriter **out, kk_Err *err);
/* Adds a member (deflated) holding a copy of buf[0..len). */
kk_Status kk_pack_add(kk_PackWriter *w, const char *name, const void *buf, size_t len, kk_Err *err);
/* Writes the archive to path through the atomic writer (flags as
** kk_atomic_open's) and frees w in every case. */
kk_Status kk_pack_writer_commit(kk_PackWriter *w, const char *path, int flags, kk_Err *err);
void kk_pack_writer_free(kk_PackWriter *w); /* w may be NULL */

#endif
