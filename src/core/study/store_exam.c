/*
** store_exam.c -- the exam tables of the progress store (defined by the
** store's migrations in store.c).  Each call is one statement or one
** transaction; errors go through the store's one mapper, kk_store_fail.
*/
#include "core/study/store_exam.h"
#include "core/base/i18n.h"

#include <string.h>

#include "core/base/alloc.h"

void kk_store_attempt_clear(kk_StoreAttempt *a) {
  if (!a) return;
  kk_free(a->exam_id);
  kk_free(a->spec_hash);
  kk_free(a->student_name);
  kk_free(a->student_no);
  kk_free(a->paper);
  memset(a, 0, sizeof *a);
}

static char *col_dup(sqlite3_stmt *q, int i) {
  const char *t = (const char *)sqlite3_column_text(q, i);
  return kk_strdup(t ? t : "");
}

static kk_Status nomem(kk_Err *err) {
  return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
}

kk_Status kk_store_exam_find(kk_Store *s, const char *exam_id, const char *student_no,
                             kk_StoreAttempt *out, int *found, kk_Err *err) {
  memset(out, 0, sizeof *out);
  *found = 0;
  sqlite3_stmt *q = NULL;
  kk_Status st = KK_OK;
  int rc = kk_store_stmt(s,
                         "SELECT id, exam_id, spec_hash, student_name, student_no, seed, "
                         "started_ms, deadline_ms, submitted_ms, paper, clock_seen_ms, "
                         "clock_back_ms FROM exam_attempt "
                         "WHERE exam_id = ?1 AND student_no = ?2",
                         &q);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 1, exam_id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 2, student_no, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    out->id = sqlite3_column_int64(q, 0);
    out->exam_id = col_dup(q, 1);
    out->spec_hash = col_dup(q, 2);
    out->student_name = col_dup(q, 3);
    out->student_no = col_dup(q, 4);
    out->seed = (uint64_t)sqlite3_column_int64(q, 5); /* stored as its bits */
    out->started_ms = sqlite3_column_int64(q, 6);
    out->deadline_ms = sqlite3_column_int64(q, 7);
    out->submitted_ms = sqlite3_column_int64(q, 8); /* NULL reads as 0 */
    out->paper = col_dup(q, 9);
    out->clock_seen_ms = sqlite3_column_int64(q, 10);
    out->clock_back_ms = sqlite3_column_int64(q, 11);
    if (!out->exam_id || !out->spec_hash || !out->student_name || !out->student_no || !out->paper) {
      st = nomem(err);
      kk_store_attempt_clear(out);
    } else {
      *found = 1;
    }
  } else if (rc != SQLITE_DONE) {
    st = kk_store_fail(s, rc, _("looking for the exam attempt"), err);
  }
  kk_store_stmt_done(s, q);
  return st;
}

int kk_store_exam_exists(kk_Store *s, const char *exam_id, const char *student_no) {
  sqlite3_stmt *q = NULL;
  int rc = kk_store_stmt(s,
                         "SELECT 1 FROM exam_attempt WHERE exam_id = ?1 "
                         "AND student_no = ?2",
                         &q);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 1, exam_id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 2, student_no, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(q);
  kk_store_stmt_done(s, q);
  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

kk_Status kk_store_exam_start(kk_Store *s, const kk_StoreNewAttempt *row, int64_t *id,
                              kk_Err *err) {
  sqlite3 *db = kk_store_sqlite(s);
  sqlite3_stmt *q = NULL;
  int rc = kk_store_stmt(s,
                         "INSERT INTO exam_attempt(exam_id, spec_hash, student_name, student_no, "
                         "seed, started_ms, deadline_ms, submitted_ms, paper) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
                         &q);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 1, row->exam_id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 2, row->spec_hash, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 3, row->student_name, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 4, row->student_no, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 5, (sqlite3_int64)row->seed);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 6, row->started_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 7, row->deadline_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 8, row->paper, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(q);
  kk_store_stmt_done(s, q);
  if (rc != SQLITE_DONE) return kk_store_fail(s, rc, _("starting the exam attempt"), err);
  *id = sqlite3_last_insert_rowid(db);
  return KK_OK;
}

kk_Status kk_store_exam_each_answer(kk_Store *s, int64_t id, kk_StoreAnswerFn fn, void *ud,
                                    kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = kk_store_stmt(s,
                         "SELECT qindex, answer, answered_ms, time_spent_ms, "
                         "flagged FROM exam_answer WHERE attempt_id = ?1 "
                         "ORDER BY qindex",
                         &q);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 1, id);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(q, 1);
    kk_StoreAnswer a = {sqlite3_column_int64(q, 0), t ? t : "", sqlite3_column_int64(q, 2),
                        sqlite3_column_int64(q, 3), sqlite3_column_int(q, 4)};
    if (fn(ud, &a)) {
      rc = SQLITE_DONE;
      break;
    }
    rc = SQLITE_OK;
  }
  kk_store_stmt_done(s, q);
  if (rc != SQLITE_DONE) return kk_store_fail(s, rc, _("reading the exam answers"), err);
  return KK_OK;
}

static int put_answer(kk_Store *s, int64_t id, const kk_StoreAnswer *a) {
  sqlite3_stmt *q = NULL;
  int rc = kk_store_stmt(s,
                         "INSERT INTO exam_answer(attempt_id, qindex, answer, answered_ms, "
                         "time_spent_ms, flagged) VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
                         "ON CONFLICT(attempt_id, qindex) DO UPDATE SET answer = excluded.answer, "
                         "answered_ms = excluded.answered_ms, time_spent_ms = "
                         "excluded.time_spent_ms, flagged = excluded.flagged",
                         &q);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 1, id);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 2, a->qindex);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 3, a->answer, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 4, a->answered_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 5, a->time_spent_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, 6, a->flagged);
  if (rc == SQLITE_OK) rc = sqlite3_step(q);
  kk_store_stmt_done(s, q);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }

/* Raises the stored clock of an open attempt. */
static int put_clock(kk_Store *s, int64_t id, const kk_StoreClock *c) {
  sqlite3_stmt *q = NULL;
  int rc =
      kk_store_stmt(s,
                    "UPDATE exam_attempt SET clock_seen_ms = max(clock_seen_ms, ?1), "
                    "clock_back_ms = max(clock_back_ms, ?2) WHERE id = ?3 AND submitted_ms IS NULL",
                    &q);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 1, c->seen_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 2, c->back_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 3, id);
  if (rc == SQLITE_OK) rc = sqlite3_step(q);
  kk_store_stmt_done(s, q);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

kk_Status kk_store_exam_put_answer(kk_Store *s, int64_t id, const kk_StoreAnswer *a,
                                   const kk_StoreClock *clock, kk_Err *err) {
  sqlite3 *db = kk_store_sqlite(s);
  int rc = exec(db, "BEGIN IMMEDIATE");
  if (rc == SQLITE_OK) rc = put_answer(s, id, a);
  if (rc == SQLITE_OK) rc = put_clock(s, id, clock);
  if (rc == SQLITE_OK) rc = exec(db, "COMMIT");
  if (rc == SQLITE_OK) return KK_OK;
  kk_Status st = kk_store_fail(s, rc, _("saving an answer"), err);
  exec(db, "ROLLBACK");
  return st;
}

kk_Status kk_store_exam_submit(kk_Store *s, int64_t id, const kk_StoreAnswer *answers, size_t n,
                               int64_t submitted_ms, const kk_StoreClock *clock, kk_Err *err) {
  sqlite3 *db = kk_store_sqlite(s);
  sqlite3_stmt *q = NULL;
  int rc = exec(db, "BEGIN IMMEDIATE");
  for (size_t i = 0; rc == SQLITE_OK && i < n; i++) rc = put_answer(s, id, &answers[i]);
  if (rc == SQLITE_OK) rc = put_clock(s, id, clock);
  if (rc == SQLITE_OK)
    rc = kk_store_stmt(s, "UPDATE exam_attempt SET submitted_ms = ?1 WHERE id = ?2", &q);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 1, submitted_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 2, id);
  if (rc == SQLITE_OK) rc = sqlite3_step(q);
  kk_store_stmt_done(s, q);
  if (rc == SQLITE_DONE) rc = exec(db, "COMMIT");
  if (rc == SQLITE_OK) return KK_OK;
  kk_Status st = kk_store_fail(s, rc, _("saving the submission"), err);
  exec(db, "ROLLBACK");
  return st;
}
