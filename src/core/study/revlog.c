/*
** revlog.c -- the review log as FSRS-optimizer CSV: export from the store,
** parsing back with checks, reading the store's log as rows.
**
** Divisions: the store query; export; the row list; parsing CSV.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/study/revlog.h"
#include "core/base/i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/date.h"
#include "core/base/atomic.h"
#include "core/base/csv.h"
#include "core/base/file.h"

static int put_row(void *ud, const kk_StoreRevlogRow *r) {
  fprintf(ud, "%lld,%lld,%d,%d,%lld\n", (long long)r->card_n, (long long)r->time_ms, r->rating,
          r->state_before, (long long)r->duration_ms);
  return 0;
}

#define REVLOG_HEADER "card_id,review_time,review_rating,review_state,review_duration\n"

kk_Status kk_revlog_write(kk_Store *s, FILE *f, kk_Err *err) {
  fputs(REVLOG_HEADER, f);
  kk_Status ks = kk_store_each_revlog_row(s, NULL, put_row, f, err);
  if (ks == KK_OK && (ferror(f) || fflush(f) != 0))
    ks = kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("cannot write the review log: %s"),
                    strerror(errno));
  return ks;
}

kk_Status kk_revlog_export(kk_Store *s, const char *path, int force, kk_Err *err) {
  kk_Atomic *w = NULL;
  kk_Status ks = kk_atomic_open(path, force ? KK_ATOMIC_FORCE : 0, &w, err);
  if (ks == KK_ERR_EXISTS)
    return kk_err_set(err, KK_ERR_EXISTS, path, 0, 0,
                      _("file exists; pass --force to overwrite it"));
  if (ks != KK_OK) return ks;
  FILE *f = kk_atomic_file(w);
  fputs(REVLOG_HEADER, f);
  ks = kk_store_each_revlog_row(s, NULL, put_row, f, err);
  if (ks != KK_OK) {
    kk_atomic_abort(w);
    return ks;
  }
  ks = kk_atomic_commit(w, err);
  if (ks == KK_ERR_EXISTS)
    return kk_err_set(err, KK_ERR_EXISTS, path, 0, 0,
                      _("file exists; pass --force to overwrite it"));
  return ks;
}

/* ---- the row list -------------------------------------------------------- */

kk_Revlog *kk_revlog_new(void) { return kk_calloc(1, sizeof(kk_Revlog)); }

void kk_revlog_free(kk_Revlog *log) {
  if (!log) return;
  kk_free(log->rows);
  kk_free(log);
}

int kk_revlog_push(kk_Revlog *log, const kk_RevlogRow *row) {
  if (log->n == log->cap) {
    kk_RevlogRow *nr = kk_grow(log->rows, &log->cap, log->n + 1, sizeof *nr, 1024);
    if (!nr) return -1;
    log->rows = nr;
  }
  log->rows[log->n++] = *row;
  return 0;
}

typedef struct {
  kk_Revlog *log;
  int nomem;
} Collect;

static int push_store_row(void *ud, const kk_StoreRevlogRow *r) {
  Collect *c = ud;
  kk_RevlogRow row = {r->card_n, r->time_ms, r->rating, r->state_before, 0};
  if (kk_revlog_push(c->log, &row) != 0) c->nomem = 1;
  return c->nomem;
}

kk_Status kk_revlog_read_store(kk_Store *s, const char *deck_id, kk_Revlog **out, kk_Err *err) {
  Collect c = {kk_revlog_new(), 0};
  *out = NULL;
  if (!c.log) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  kk_Status st = kk_store_each_revlog_row(s, deck_id, push_store_row, &c, err);
  if (st == KK_OK && c.nomem) st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  if (st != KK_OK) {
    kk_revlog_free(c.log);
    return st;
  }
  *out = c.log;
  return KK_OK;
}

/* ---- parsing CSV ------------------------------------------------------- */

enum { COL_CARD, COL_TIME, COL_RATING, COL_STATE, NCOLS };
static const char *const col_names[NCOLS] = {"card_id", "review_time", "review_rating",
                                             "review_state"};

/* Parses a whole field as a decimal integer (optional '-'); 0 on success. */
static int parse_int(const char *s, int64_t *out) {
  const char *p = s;
  int neg = 0;
  uint64_t v = 0;
  if (*p == '-') neg = 1, p++;
  if (!*p) return -1;
  for (; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    if (v > (UINT64_MAX - 9) / 10) return -1;
    v = v * 10 + (uint64_t)(*p - '0');
  }
  if (v > (uint64_t)INT64_MAX) return -1;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return 0;
}

/* Order of rows by card, then position in the file. */
static int by_card_line(const void *a, const void *b) {
  const kk_RevlogRow *x = a, *y = b;
  if (x->card != y->card) return x->card < y->card ? -1 : 1;
  return (x->line > y->line) - (x->line < y->line);
}

/* Reads the log from r (taken over: freed here). */
static kk_Status parse_reader(kk_CsvReader *r, const char *path, kk_Revlog **out, kk_Err *err) {
  kk_Status st = KK_OK;
  kk_Revlog *log = kk_revlog_new();
  kk_RevlogRow *sorted = NULL;
  int col[NCOLS];
  size_t ncol_header = 0;
  *out = NULL;
  if (!log || !r) goto nomem;
  const char *const *fl;
  size_t nf;
  if ((st = kk_csv_next(r, &fl, &nf, err)) != KK_OK) goto fail;
  if (nf == 0) {
    st = kk_err_set(err, KK_ERR_INVALID, path, 1, 1,
                    _("empty file: expected the header card_id,review_time,review_rating,"
                      "review_state,review_duration"));
    goto fail;
  }
  ncol_header = nf;
  for (int c = 0; c < NCOLS; c++) {
    col[c] = -1;
    for (size_t i = 0; i < nf; i++)
      if (strcmp(fl[i], col_names[c]) == 0) col[c] = (int)i;
    if (col[c] < 0) {
      st = kk_err_set(err, KK_ERR_INVALID, path, kk_csv_record_line(r), 1,
                      _("missing column '%s' in the header (expected card_id,review_time,"
                        "review_rating,review_state,review_duration)"),
                      col_names[c]);
      goto fail;
    }
  }
  for (;;) {
    if ((st = kk_csv_next(r, &fl, &nf, err)) != KK_OK) goto fail;
    if (nf == 0) break;
    int line = kk_csv_record_line(r);
    if (nf != ncol_header) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, 1,
                      _("expected %zu fields as in the header, found %zu"), ncol_header, nf);
      goto fail;
    }
    int64_t v[NCOLS];
    for (int c = 0; c < NCOLS; c++)
      if (parse_int(fl[col[c]], &v[c]) != 0) {
        st = kk_err_set(err, KK_ERR_PARSE, path, line, col[c] + 1,
                        _("%s '%.40s' is not an integer"), col_names[c], fl[col[c]]);
        goto fail;
      }
    if (v[COL_RATING] < 1 || v[COL_RATING] > 4) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, col[COL_RATING] + 1,
                      _("review_rating must be 1, 2, 3 or 4, not %lld"), (long long)v[COL_RATING]);
      goto fail;
    }
    if (v[COL_STATE] < 0 || v[COL_STATE] > 4) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, col[COL_STATE] + 1,
                      _("review_state must be 0 (new), 1 (learning), 2 (review), "
                        "3 (relearning) or 4 (filtered), not %lld"),
                      (long long)v[COL_STATE]);
      goto fail;
    }
    if (v[COL_TIME] <= 0) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, col[COL_TIME] + 1,
                      _("review_time must be a positive number of milliseconds since 1970"));
      goto fail;
    }
    if (v[COL_TIME] < KK_REVLOG_MS_MIN) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, col[COL_TIME] + 1,
                      _("review_time %lld looks like seconds; the log needs milliseconds "
                        "since 1970 (multiply by 1000)"),
                      (long long)v[COL_TIME]);
      goto fail;
    }
    if (!kk_time_ok(v[COL_TIME])) { /* the day arithmetic would overflow */
      st = kk_err_set(err, KK_ERR_INVALID, path, line, col[COL_TIME] + 1,
                      _("review_time %lld is past any date (at most %lld)"), (long long)v[COL_TIME],
                      (long long)KK_TIME_MAX_MS);
      goto fail;
    }
    kk_RevlogRow row = {v[COL_CARD], v[COL_TIME], (int)v[COL_RATING], (int)v[COL_STATE], line};
    if (kk_revlog_push(log, &row) != 0) goto nomem;
  }
  /* Rows of each card in file order must go forward in time.  Of all the
  ** rows that break this, report the first in the file. */
  if (log->n) {
    sorted = kk_malloc(log->n * sizeof *sorted);
    if (!sorted) goto nomem;
    memcpy(sorted, log->rows, log->n * sizeof *sorted);
    qsort(sorted, log->n, sizeof *sorted, by_card_line);
    const kk_RevlogRow *bad = NULL, *prev_of_bad = NULL;
    for (size_t i = 1; i < log->n; i++) {
      const kk_RevlogRow *a = &sorted[i - 1], *b = &sorted[i];
      if (a->card == b->card && b->time_ms <= a->time_ms && (!bad || b->line < bad->line))
        bad = b, prev_of_bad = a;
    }
    if (bad) {
      st = bad->time_ms == prev_of_bad->time_ms
               ? kk_err_set(err, KK_ERR_INVALID, path, bad->line, col[COL_TIME] + 1,
                            _("duplicate row: card_id %lld was already reviewed at %lld "
                              "(line %d)"),
                            (long long)bad->card, (long long)bad->time_ms, prev_of_bad->line)
               : kk_err_set(err, KK_ERR_INVALID, path, bad->line, col[COL_TIME] + 1,
                            _("rows are not in time order: this review of card_id %lld is "
                              "earlier than the one on line %d; sort the log by time"),
                            (long long)bad->card, prev_of_bad->line);
      goto fail;
    }
  }
  kk_free(sorted);
  kk_csv_reader_free(r);
  *out = log;
  return KK_OK;
nomem:
  st = kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
fail:
  kk_free(sorted);
  kk_csv_reader_free(r);
  kk_revlog_free(log);
  return st;
}

kk_Status kk_revlog_parse(const char *buf, size_t len, const char *path, kk_Revlog **out,
                          kk_Err *err) {
  *out = NULL;
  kk_CsvReader *r = kk_csv_reader_mem(buf, len, path, NULL);
  if (!r) return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
  return parse_reader(r, path, out, err);
}

kk_Status kk_revlog_read_file(const char *path, kk_Revlog **out, kk_Err *err) {
  *out = NULL;
  FILE *f = kk_file_open(path, err);
  if (!f) return KK_ERR_IO;
  kk_CsvReader *r = kk_csv_reader_file(f, path, NULL);
  kk_Status st = r ? parse_reader(r, path, out, err)
                   : kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
  fclose(f);
  return st;
}
