/*
** file.c -- reading user-named files safely.
*/
#define _XOPEN_SOURCE 700
#include "core/base/file.h"
#include "core/base/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/alloc.h"

static const char *kind_of(mode_t m) {
  if (S_ISDIR(m)) return _("a folder");
  if (S_ISFIFO(m)) return _("a pipe (FIFO)");
  if (S_ISCHR(m) || S_ISBLK(m)) return _("a device");
  if (S_ISSOCK(m)) return _("a socket");
  return _("a special file");
}

/* Opens path for reading without blocking (a FIFO with no writer would
** otherwise block in open) and accepts only a regular file.  Returns the
** descriptor, or -1 with e filled. */
static int open_regular(const char *path, struct stat *st, kk_Err *e) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == EISDIR)
      kk_err_set(e, KK_ERR_IO, path, 0, 0, _("is a folder, not a file"));
    else
      kk_err_set(e, KK_ERR_IO, path, 0, 0, _("cannot open: %s"), strerror(errno));
    return -1;
  }
  if (fstat(fd, st) != 0) {
    kk_err_set(e, KK_ERR_IO, path, 0, 0, _("cannot open: %s"), strerror(errno));
    close(fd);
    return -1;
  }
  if (!S_ISREG(st->st_mode)) {
    kk_err_set(e, KK_ERR_IO, path, 0, 0, _("is %s, not a regular file"), kind_of(st->st_mode));
    close(fd);
    return -1;
  }
  return fd;
}

kk_Status kk_file_check(const char *path, kk_Err *e) {
  struct stat st;
  int fd = open_regular(path, &st, e);
  if (fd < 0) return KK_ERR_IO;
  close(fd);
  return KK_OK;
}

kk_Status kk_file_read_stream(FILE *f, const char *name, size_t max, char **buf, size_t *len,
                              kk_Err *e) {
  *buf = NULL;
  *len = 0;
  char *b = NULL;
  size_t cap = 0, n = 0;
  kk_Status code;
  for (;;) {
    if (cap - n < 2) {
      if (n > max) break;
      char *nb = kk_grow(b, &cap, n + 2, 1, 1 << 20);
      if (!nb) {
        code = kk_err_set(e, KK_ERR_NOMEM, name, 0, 0, _("out of memory reading the file"));
        goto fail;
      }
      b = nb;
    }
    size_t r = fread(b + n, 1, cap - n - 1, f);
    n += r;
    if (r == 0) break;
  }
  if (ferror(f)) {
    code = kk_err_set(e, KK_ERR_IO, name, 0, 0, _("read error: %s"), strerror(errno));
    goto fail;
  }
  if (n > max) {
    code = kk_err_set(e, KK_ERR_LIMIT, name, 0, 0, _("file exceeds the limit of %zu bytes"), max);
    goto fail;
  }
  b[n] = '\0';
  *buf = b;
  *len = n;
  return KK_OK;
fail:
  kk_free(b);
  return code;
}

FILE *kk_file_open(const char *path, kk_Err *e) {
  struct stat st;
  int fd = open_regular(path, &st, e);
  if (fd < 0) return NULL;
  /* a regular file never blocks; reads go on in the ordinary mode */
  int fl = fcntl(fd, F_GETFL);
  if (fl != -1) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    kk_err_set(e, KK_ERR_IO, path, 0, 0, _("cannot open: %s"), strerror(errno));
    close(fd);
  }
  return f;
}

kk_Status kk_file_read(const char *path, size_t max, char **buf, size_t *len, kk_Err *e) {
  *buf = NULL;
  *len = 0;
  struct stat st;
  char *b = NULL;
  kk_Status code;
  int fd = open_regular(path, &st, e);
  if (fd < 0) return KK_ERR_IO;
  if ((unsigned long long)st.st_size > max) {
    code = kk_err_set(e, KK_ERR_LIMIT, path, 0, 0, _("file is %lld bytes; the limit is %zu bytes"),
                      (long long)st.st_size, max);
    goto fail;
  }
  /* the size may change while we read: read to the end, within max */
  size_t cap = (size_t)st.st_size + 2, n = 0;
  if (cap < 4096) cap = 4096;
  b = kk_malloc(cap);
  if (!b) goto oom;
  for (;;) {
    if (cap - n < 2) {
      if (n > max) break;
      char *nb = kk_grow(b, &cap, cap + 1, 1, 0);
      if (!nb) goto oom;
      b = nb;
    }
    ssize_t r = read(fd, b + n, cap - n - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      code = kk_err_set(e, KK_ERR_IO, path, 0, 0, _("read error: %s"), strerror(errno));
      goto fail;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  if (n > max) {
    code = kk_err_set(e, KK_ERR_LIMIT, path, 0, 0, _("file exceeds the limit of %zu bytes"), max);
    goto fail;
  }
  close(fd);
  b[n] = '\0';
  *buf = b;
  *len = n;
  return KK_OK;
oom:
  code = kk_err_set(e, KK_ERR_NOMEM, path, 0, 0, _("out of memory reading the file"));
fail:
  kk_free(b);
  close(fd);
  return code;
}
