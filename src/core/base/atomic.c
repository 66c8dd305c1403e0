/*
** atomic.c -- whole-file writes through a temporary beside the target.
**
** Without FORCE the new file is put in place with link(2), which fails if
** the target exists, so two writers never replace each other's file; on a
** filesystem without hard links it falls back to an lstat check and
** rename(2).  With FORCE, rename(2) replaces the target (a symlink there is
** replaced, not followed).
*/
#define _POSIX_C_SOURCE 200809L
#include "core/base/atomic.h"
#include "core/base/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/rng.h"

#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

struct kk_Atomic {
  FILE *f;
  char *path, *tmp, *dir;
  int flags;
};

static kk_Status io_err(kk_Err *err, const char *path, const char *what, int e) {
  kk_err_set(err, KK_ERR_IO, path, 0, 0, "%s: %s", what, strerror(e));
  return KK_ERR_IO;
}

/* The folder of path ("." if none); a new string. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return kk_strdup(".");
  if (slash == path) return kk_strdup("/");
  return kk_strndup(path, (size_t)(slash - path));
}

/* A name no other writer is likely to pick (collisions only cost a retry:
** O_EXCL refuses to reuse any existing name). */
static uint64_t tmp_salt(unsigned attempt) {
  static uint64_t counter;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return kk_rng_mix64((uint64_t)getpid() * 0x100000001b3ull ^ (uint64_t)ts.tv_nsec ^
                      ((uint64_t)ts.tv_sec << 30) ^ (++counter << 8) ^ attempt);
}

kk_Status kk_atomic_open(const char *path, int flags, kk_Atomic **out, kk_Err *err) {
  *out = NULL;
  struct stat sb;
  /* failures return their code as a constant, so that static analysis of
  ** the callers sees *out set whenever KK_OK comes back */
  if (!(flags & KK_ATOMIC_FORCE) && lstat(path, &sb) == 0) {
    kk_err_set(err, KK_ERR_EXISTS, path, 0, 0, "%s", _("exists; not overwritten (use --force)"));
    return KK_ERR_EXISTS;
  }
  kk_Atomic *w = kk_calloc(1, sizeof *w);
  if (!w) {
    kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, "%s", _("out of memory"));
    return KK_ERR_NOMEM;
  }
  w->flags = flags;
  size_t n = strlen(path);
  w->path = kk_strdup(path);
  w->dir = dir_of(path);
  w->tmp = kk_malloc(n + 32);
  if (!w->path || !w->dir || !w->tmp) {
    kk_free(w->tmp);
    w->tmp = NULL; /* no temporary was made: nothing to remove */
    kk_atomic_abort(w);
    kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, "%s", _("out of memory"));
    return KK_ERR_NOMEM;
  }
  const char *base = strrchr(path, '/');
  size_t dlen = base ? (size_t)(base - path) + 1 : 0;
  base = base ? base + 1 : path;
  int fd = -1;
  for (unsigned i = 0; i < 100 && fd < 0; i++) {
    snprintf(w->tmp, n + 32, "%.*s.%s.%012llx.tmp", (int)dlen, path, base,
             (unsigned long long)(tmp_salt(i) & 0xffffffffffffull));
    fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    kk_Status st = io_err(err, path, _("cannot create a temporary file beside it"), errno);
    kk_free(w->tmp);
    w->tmp = NULL; /* not ours: never removed */
    kk_atomic_abort(w);
    return st;
  }
  /* Replacing a regular file keeps its permissions (a deck rewritten by
  ** lint --fix-ids stays as readable as it was). */
  if ((flags & KK_ATOMIC_FORCE) && lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
    (void)fchmod(fd, sb.st_mode & 07777);
  if (!(w->f = fdopen(fd, "wb"))) {
    kk_Status st = io_err(err, path, _("cannot write"), errno);
    close(fd);
    kk_atomic_abort(w);
    return st;
  }
  *out = w;
  return KK_OK;
}

FILE *kk_atomic_file(kk_Atomic *w) { return w->f; }

void kk_atomic_abort(kk_Atomic *w) {
  if (!w) return;
  if (w->f) fclose(w->f);
  if (w->tmp) unlink(w->tmp);
  kk_free(w->tmp);
  kk_free(w->path);
  kk_free(w->dir);
  kk_free(w);
}

static int sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  /* Some filesystems cannot fsync a folder; the rename still happened. */
  if (rc != 0 && (errno == EINVAL || errno == EBADF)) rc = 0;
  close(fd);
  return rc;
}

kk_Status kk_atomic_commit(kk_Atomic *w, kk_Err *err) {
  kk_Status st = KK_OK;
  if (!w) return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, "%s", _("no file being written"));
  int bad = ferror(w->f);
  if (!bad && fflush(w->f) != 0) bad = 1;
  if (!bad && fsync(fileno(w->f)) != 0) bad = 1;
  int e = errno;
  if (fclose(w->f) != 0 && !bad) {
    bad = 1;
    e = errno;
  }
  w->f = NULL;
  if (bad) {
    st = io_err(err, w->path, _("write failed"), e ? e : EIO);
    goto done;
  }
  if (w->flags & KK_ATOMIC_FORCE) {
    if (rename(w->tmp, w->path) != 0) {
      st = io_err(err, w->path, _("cannot write"), errno);
      goto done;
    }
    kk_free(w->tmp); /* it is the target now: nothing to remove */
    w->tmp = NULL;
  } else if (link(w->tmp, w->path) != 0) {
    e = errno;
    struct stat sb;
    if (e == EEXIST) {
      st =
          kk_err_set(err, KK_ERR_EXISTS, w->path, 0, 0, _("exists; not overwritten (use --force)"));
      goto done;
    }
    /* No hard links here (some FUSE and FAT mounts): check, then rename. */
    if (lstat(w->path, &sb) == 0) {
      st =
          kk_err_set(err, KK_ERR_EXISTS, w->path, 0, 0, _("exists; not overwritten (use --force)"));
      goto done;
    }
    if (rename(w->tmp, w->path) != 0) {
      st = io_err(err, w->path, _("cannot write"), errno);
      goto done;
    }
    kk_free(w->tmp);
    w->tmp = NULL;
  }
  if (sync_dir(w->dir) != 0) st = io_err(err, w->dir, _("cannot flush the folder"), errno);
done:
  kk_atomic_abort(w); /* removes the temporary (or the extra link to it) */
  return st;
}

kk_Status kk_atomic_write(const char *path, int flags, const void *buf, size_t len, kk_Err *err) {
  kk_Atomic *w = NULL;
  kk_Status st = kk_atomic_open(path, flags, &w, err);
  if (st) return st;
  if (!w) return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, "%s", _("out of memory"));
  if (len && fwrite(buf, 1, len, w->f) != len) {
    int e = errno;
    kk_atomic_abort(w);
    return io_err(err, path, _("write failed"), e ? e : EIO);
  }
  return kk_atomic_commit(w, err);
}
