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

static kk_Status db_fail(kk_Store *s, int rc, kk_Err *err) {
  return kk_store_fail(s, rc, "exporting the review log", err);
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
  sqlite3_stmt *q = NULL;
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
  /* Items are numbered by their first review, so the numbers are stable
  ** while the log only grows. */
  int rc = sqlite3_prepare_v2(
      kk_store_sqlite(s),
      "SELECT k.n, r.time_ms, r.rating, r.phase_before, r.duration_ms"
      " FROM review_log r JOIN (SELECT item_key, row_number() OVER"
      " (ORDER BY min(id)) AS n FROM review_log GROUP BY item_key) k"
      " ON k.item_key = r.item_key ORDER BY r.id",
      -1, &q, NULL);
  if (rc != SQLITE_OK) {
    ks = db_fail(s, rc, err);
    goto fail;
  }
  fputs("card_id,review_time,review_rating,review_state,review_duration\n", f);
  while ((rc = sqlite3_step(q)) == SQLITE_ROW)
    fprintf(f, "%lld,%lld,%d,%d,%lld\n", (long long)sqlite3_column_int64(q, 0),
            (long long)sqlite3_column_int64(q, 1), sqlite3_column_int(q, 2),
            sqlite3_column_int(q, 3), (long long)sqlite3_column_int64(q, 4));
  if (rc != SQLITE_DONE) {
    ks = db_fail(s, rc, err);
    goto fail;
  }
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
  sqlite3_finalize(q);
  kk_free(tmp);
  return KK_OK;
fail:
  sqlite3_finalize(q);
  if (f) fclose(f);
  unlink(tmp);
  kk_free(tmp);
  return ks;
}
