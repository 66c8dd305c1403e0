/*
** revlog.c -- exporting the review log as FSRS-optimizer CSV.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/study/revlog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/alloc.h"

static int put_row(void *ud, const kk_StoreRevlogRow *r) {
  fprintf(ud, "%lld,%lld,%d,%d,%lld\n", (long long)r->card_n, (long long)r->time_ms,
          r->rating, r->state_before, (long long)r->duration_ms);
  return 0;
}

kk_Status kk_revlog_export(kk_Store *s, const char *path, int force, kk_Err *err) {
  struct stat sb;
  if (!force && lstat(path, &sb) == 0)
    return kk_err_set(err, KK_ERR_EXISTS, path, 0, 0,
                      "file exists; pass --force to overwrite it");
  size_t n = strlen(path);
  char *tmp = kk_malloc(n + 16);
  if (!tmp) return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, "out of memory");
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
  FILE *f = NULL;
  kk_Status ks;
  int fd = mkstemp(tmp);
  if (fd < 0) {
    ks = kk_err_set(err, KK_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    kk_free(tmp);
    return ks;
  }
  f = fdopen(fd, "w");
  if (!f) {
    close(fd);
    ks = kk_err_set(err, KK_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    goto fail;
  }
  fputs("card_id,review_time,review_rating,review_state,review_duration\n", f);
  ks = kk_store_each_revlog_row(s, put_row, f, err);
  if (ks != KK_OK) goto fail;
  if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
    ks = kk_err_set(err, KK_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    goto fail;
  }
  int bad = fclose(f);
  f = NULL;
  if (bad) {
    ks = kk_err_set(err, KK_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    goto fail;
  }
  /* Without --force, link() refuses atomically if the file appeared since
  ** the check above. */
  if (force ? rename(tmp, path) != 0 : link(tmp, path) != 0) {
    ks = errno == EEXIST
             ? kk_err_set(err, KK_ERR_EXISTS, path, 0, 0,
                          "file exists; pass --force to overwrite it")
             : kk_err_set(err, KK_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    goto fail;
  }
  if (!force) unlink(tmp);
  kk_free(tmp);
  return KK_OK;
fail:
  if (f) fclose(f);
  unlink(tmp);
  kk_free(tmp);
  return ks;
}
