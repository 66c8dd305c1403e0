/*
** examdb.c -- exam attempts in the progress store.
**
** An attempt row keeps what makes a resume exact: the paper as drawn (text
** from kk_paper_serialize), the seed, the wall-clock start and deadline.
** Answers are upserted one row per question, each in its own transaction
** (a single statement in autocommit mode), so a kill loses nothing given.
*/
#include "core/exam/examdb.h"

#include <string.h>

#include "core/base/alloc.h"

const char kk_examdb_schema[] =
    "CREATE TABLE IF NOT EXISTS exam_attempt(id INTEGER PRIMARY KEY, "
    "exam_id TEXT NOT NULL, spec_hash TEXT NOT NULL, student_name TEXT NOT "
    "NULL, student_no TEXT NOT NULL, seed INTEGER NOT NULL, started_ms "
    "INTEGER NOT NULL, deadline_ms INTEGER NOT NULL, submitted_ms INTEGER, "
    "paper TEXT NOT NULL, UNIQUE(exam_id, student_no));\n"
    "CREATE TABLE IF NOT EXISTS exam_answer(attempt_id INTEGER NOT NULL "
    "REFERENCES exam_attempt(id), qindex INTEGER NOT NULL, answer TEXT NOT "
    "NULL, answered_ms INTEGER NOT NULL, time_spent_ms INTEGER NOT NULL "
    "DEFAULT 0, flagged INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(attempt_id, "
    "qindex));\n";

static kk_Status db_err(sqlite3 *db, int rc, kk_Err *err, const char *what) {
  kk_Status st = (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? KK_ERR_BUSY
                 : rc == SQLITE_NOMEM ? KK_ERR_NOMEM : KK_ERR_DB;
  return kk_err_set(err, st, sqlite3_db_filename(db, "main"), 0, 0,
                    "%s: %s", what, sqlite3_errmsg(db));
}

/* ---- the sink ----------------------------------------------------------------*/

typedef struct {
  sqlite3 *db;
  int64_t id;
  sqlite3_stmt *put, *submit;
} Sink;

static void sink_free(void *p) {
  Sink *s = p;
  if (!s) return;
  sqlite3_finalize(s->put);
  sqlite3_finalize(s->submit);
  kk_free(s);
}

static kk_Status sink_save(void *ctx, const kk_Attempt *a, kk_SaveWhat what,
                           size_t q, kk_Err *err) {
  Sink *s = ctx;
  int rc;
  if (what == KK_SAVE_SUBMIT) {
    sqlite3_reset(s->submit);
    sqlite3_bind_int64(s->submit, 1, kk_attempt_submitted_ms(a));
    sqlite3_bind_int64(s->submit, 2, s->id);
    rc = sqlite3_step(s->submit);
    sqlite3_reset(s->submit);
    return rc == SQLITE_DONE ? KK_OK : db_err(s->db, rc, err, "saving the submission");
  }
  const kk_Response *r = kk_attempt_response(a, q);
  sqlite3_reset(s->put);
  sqlite3_bind_int64(s->put, 1, s->id);
  sqlite3_bind_int64(s->put, 2, (sqlite3_int64)q);
  sqlite3_bind_text(s->put, 3, r->answer, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s->put, 4, r->answered_ms);
  sqlite3_bind_int64(s->put, 5, r->time_spent_ms);
  sqlite3_bind_int(s->put, 6, r->flagged);
  rc = sqlite3_step(s->put);
  sqlite3_reset(s->put);
  sqlite3_clear_bindings(s->put);
  return rc == SQLITE_DONE ? KK_OK : db_err(s->db, rc, err, "saving an answer");
}

static kk_Status install_sink(sqlite3 *db, kk_Attempt *a, int64_t id,
                              kk_Err *err) {
  Sink *s = kk_calloc(1, sizeof *s);
  if (!s) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
  s->db = db;
  s->id = id;
  int rc = sqlite3_prepare_v2(
      db,
      "INSERT INTO exam_answer(attempt_id, qindex, answer, answered_ms, "
      "time_spent_ms, flagged) VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT(attempt_id, qindex) DO UPDATE SET answer = excluded.answer, "
      "answered_ms = excluded.answered_ms, time_spent_ms = "
      "excluded.time_spent_ms, flagged = excluded.flagged",
      -1, &s->put, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db,
                            "UPDATE exam_attempt SET submitted_ms = ?1 WHERE id = ?2",
                            -1, &s->submit, NULL);
  if (rc != SQLITE_OK) {
    kk_Status st = db_err(db, rc, err, "preparing the exam tables");
    sink_free(s);
    return st;
  }
  kk_attempt_set_sink(a, sink_save, s, sink_free);
  return KK_OK;
}

/* ---- open --------------------------------------------------------------------*/

static kk_Status start_new(sqlite3 *db, const kk_ExamSpec *spec,
                           const kk_ExamItem *items, size_t n, const char *name,
                           const char *no, int64_t now_ms, kk_Attempt **out,
                           int64_t *id, kk_Err *err) {
  uint64_t seed = kk_exam_student_seed(spec, no);
  kk_Paper *paper = NULL;
  char *text = NULL;
  sqlite3_stmt *st = NULL;
  kk_Status s = kk_paper_build(spec, items, n, seed, &paper, err);
  if (s) return s;
  if (!(text = kk_paper_serialize(paper))) {
    s = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto fail;
  }
  int64_t deadline = kk_attempt_deadline_for(spec, no, now_ms);
  int rc = sqlite3_prepare_v2(
      db,
      "INSERT INTO exam_attempt(exam_id, spec_hash, student_name, student_no, "
      "seed, started_ms, deadline_ms, submitted_ms, paper) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
      -1, &st, NULL);
  if (rc != SQLITE_OK) {
    s = db_err(db, rc, err, "starting the attempt");
    goto fail;
  }
  sqlite3_bind_text(st, 1, spec->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, spec->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, no, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, (sqlite3_int64)seed); /* stored as its bits */
  sqlite3_bind_int64(st, 6, now_ms);
  sqlite3_bind_int64(st, 7, deadline);
  sqlite3_bind_text(st, 8, text, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc != SQLITE_DONE) {
    s = db_err(db, rc, err, "starting the attempt");
    goto fail;
  }
  *id = sqlite3_last_insert_rowid(db);
  sqlite3_finalize(st);
  kk_free(text);
  s = kk_attempt_new(spec, paper, name, no, seed, now_ms, deadline, out);
  if (s) return kk_err_set(err, s, NULL, 0, 0, "out of memory");
  return KK_OK;
fail:
  sqlite3_finalize(st);
  kk_free(text);
  kk_paper_free(paper);
  return s;
}

static kk_Status resume(sqlite3 *db, sqlite3_stmt *row, const kk_ExamSpec *spec,
                        const kk_ExamItem *items, size_t n, int64_t now_ms,
                        kk_Attempt **out, kk_ExamOpenInfo *info, kk_Err *err) {
  int64_t id = sqlite3_column_int64(row, 0);
  const char *hash = (const char *)sqlite3_column_text(row, 1);
  const char *name = (const char *)sqlite3_column_text(row, 2);
  const char *no = (const char *)sqlite3_column_text(row, 3);
  uint64_t seed = (uint64_t)sqlite3_column_int64(row, 4);
  int64_t started = sqlite3_column_int64(row, 5);
  int64_t deadline = sqlite3_column_int64(row, 6);
  int64_t submitted = sqlite3_column_int64(row, 7); /* NULL reads as 0 */
  const char *text = (const char *)sqlite3_column_text(row, 8);
  kk_Paper *paper = NULL;
  kk_Attempt *a = NULL;
  sqlite3_stmt *st = NULL;
  kk_Status s = kk_paper_parse(text ? text : "", items, n, &paper, err);
  if (s) return s;
  if ((s = kk_attempt_new(spec, paper, name, no, seed, started, deadline, &a)))
    return kk_err_set(err, s, NULL, 0, 0, "out of memory");
  int rc = sqlite3_prepare_v2(db,
                              "SELECT qindex, answer, answered_ms, time_spent_ms, "
                              "flagged FROM exam_answer WHERE attempt_id = ?1 "
                              "ORDER BY qindex",
                              -1, &st, NULL);
  if (rc != SQLITE_OK) {
    s = db_err(db, rc, err, "reading the answers");
    goto fail;
  }
  sqlite3_bind_int64(st, 1, id);
  size_t current = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t q = sqlite3_column_int64(st, 0);
    if (q < 0 || (uint64_t)q >= kk_paper_count(paper)) continue;
    s = kk_attempt_restore(a, (size_t)q, (const char *)sqlite3_column_text(st, 1),
                           sqlite3_column_int64(st, 2),
                           sqlite3_column_int64(st, 3), sqlite3_column_int(st, 4));
    if (s) {
      kk_err_set(err, s, NULL, 0, 0, "out of memory");
      goto fail;
    }
    current = (size_t)q;
  }
  if (rc != SQLITE_DONE) {
    s = db_err(db, rc, err, "reading the answers");
    goto fail;
  }
  sqlite3_finalize(st);
  st = NULL;
  kk_attempt_restore_state(a, submitted, current, now_ms);
  if ((s = install_sink(db, a, id, err))) goto fail;
  if (info) {
    info->resumed = 1;
    info->spec_changed = !hash || strcmp(hash, spec->hash) != 0;
    info->attempt_id = id;
  }
  *out = a;
  return KK_OK;
fail:
  sqlite3_finalize(st);
  kk_attempt_free(a);
  return s;
}

kk_Status kk_examdb_open(sqlite3 *db, const kk_ExamSpec *spec,
                         const kk_ExamItem *items, size_t n,
                         const char *student_name, const char *student_no,
                         int64_t now_ms, kk_Attempt **out,
                         kk_ExamOpenInfo *info, kk_Err *err) {
  *out = NULL;
  if (info) memset(info, 0, sizeof *info);
  if (!student_no || !*student_no)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, "a student number is needed");
  sqlite3_stmt *row = NULL;
  kk_Attempt *a = NULL;
  kk_Status s;
  int rc = sqlite3_prepare_v2(
      db,
      "SELECT id, spec_hash, student_name, student_no, seed, started_ms, "
      "deadline_ms, submitted_ms, paper FROM exam_attempt "
      "WHERE exam_id = ?1 AND student_no = ?2",
      -1, &row, NULL);
  if (rc != SQLITE_OK) return db_err(db, rc, err, "looking for the attempt");
  sqlite3_bind_text(row, 1, spec->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(row, 2, student_no, -1, SQLITE_STATIC);
  rc = sqlite3_step(row);
  if (rc == SQLITE_ROW) {
    s = resume(db, row, spec, items, n, now_ms, &a, info, err);
    sqlite3_finalize(row);
    if (s) return s;
    /* Time may have run out while Kioku was not running. */
    if ((s = kk_attempt_tick(a, now_ms, NULL, err))) goto fail;
    *out = a;
    return KK_OK;
  }
  if (rc != SQLITE_DONE) {
    s = db_err(db, rc, err, "looking for the attempt");
    sqlite3_finalize(row);
    return s;
  }
  sqlite3_finalize(row);
  int64_t id = 0;
  if ((s = start_new(db, spec, items, n, student_name ? student_name : "",
                     student_no, now_ms, &a, &id, err)))
    return s;
  if ((s = install_sink(db, a, id, err))) goto fail;
  if (info) info->attempt_id = id;
  *out = a;
  return KK_OK;
fail:
  kk_attempt_free(a);
  return s;
}

int kk_examdb_exists(sqlite3 *db, const char *exam_id, const char *student_no) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT 1 FROM exam_attempt WHERE exam_id = ?1 AND "
                         "student_no = ?2",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, exam_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, student_no, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
