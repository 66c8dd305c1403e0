/*
** examdb.c -- exam attempts in the progress store.
**
** An attempt row keeps what makes a resume exact: the paper as drawn (text
** from kk_paper_serialize), the seed, the wall-clock start and deadline.
** Answers are upserted one row per question, each in its own transaction,
** so a kill loses nothing given.  The SQL is the store's (store_exam.h).
*/
#include "core/exam/examdb.h"
#include "core/base/i18n.h"

#include <string.h>

#include "core/base/alloc.h"
#include "core/base/date.h"

/* ---- the sink ----------------------------------------------------------------*/

typedef struct {
  kk_Store *store;
  int64_t id;
} Sink;

static void sink_free(void *p) { kk_free(p); }

static kk_Status sink_save(void *ctx, const kk_Attempt *a, kk_SaveWhat what, size_t q,
                           kk_Err *err) {
  Sink *s = ctx;
  kk_StoreClock clock = {kk_attempt_clock_seen_ms(a), kk_attempt_clock_back_ms(a)};
  if (what == KK_SAVE_SUBMIT) {
    /* every response with the submission: one transaction */
    size_t n = kk_paper_count(kk_attempt_paper(a));
    kk_StoreAnswer *rows = kk_calloc(n ? n : 1, sizeof *rows);
    if (!rows) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    for (size_t i = 0; i < n; i++) {
      const kk_Response *r = kk_attempt_response(a, i);
      rows[i] =
          (kk_StoreAnswer){(int64_t)i, r->answer, r->answered_ms, r->time_spent_ms, r->flagged};
    }
    kk_Status st =
        kk_store_exam_submit(s->store, s->id, rows, n, kk_attempt_submitted_ms(a), &clock, err);
    kk_free(rows);
    return st;
  }
  const kk_Response *r = kk_attempt_response(a, q);
  kk_StoreAnswer row = {(int64_t)q, r->answer, r->answered_ms, r->time_spent_ms, r->flagged};
  return kk_store_exam_put_answer(s->store, s->id, &row, &clock, err);
}

static kk_Status install_sink(kk_Store *store, kk_Attempt *a, int64_t id, kk_Err *err) {
  Sink *s = kk_calloc(1, sizeof *s);
  if (!s) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  s->store = store;
  s->id = id;
  kk_attempt_set_sink(a, sink_save, s, sink_free);
  return KK_OK;
}

/* ---- open --------------------------------------------------------------------*/

static kk_Status start_new(kk_Store *db, const kk_ExamSpec *spec, const kk_ExamItem *items,
                           size_t n, const char *name, const char *no, int64_t now_ms,
                           kk_Attempt **out, int64_t *id, kk_Err *err) {
  uint64_t seed = kk_exam_student_seed(spec, no);
  kk_Paper *paper = NULL;
  char *text = NULL;
  kk_Status s = kk_paper_build(spec, items, n, seed, &paper, err);
  if (s) return s;
  if (!(text = kk_paper_serialize(paper))) {
    s = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    goto fail;
  }
  int64_t deadline = kk_attempt_deadline_for(spec, no, now_ms);
  kk_StoreNewAttempt row = {spec->id, spec->hash, name, no, text, seed, now_ms, deadline};
  if ((s = kk_store_exam_start(db, &row, id, err))) goto fail;
  kk_free(text);
  s = kk_attempt_new(spec, paper, name, no, seed, now_ms, deadline, out);
  if (s) return kk_err_set(err, s, NULL, 0, 0, _("out of memory"));
  return KK_OK;
fail:
  kk_free(text);
  kk_paper_free(paper);
  return s;
}

typedef struct {
  kk_Attempt *a;
  size_t n, current;
  kk_Status st;
  const char *bad; /* the stored time out of range, if any */
} Restore;

static int restore_one(void *ud, const kk_StoreAnswer *r) {
  Restore *x = ud;
  if (r->qindex < 0 || (uint64_t)r->qindex >= x->n) return 0;
  if (!kk_time_ok(r->answered_ms) || !kk_time_ok(r->time_spent_ms)) {
    x->bad = !kk_time_ok(r->answered_ms) ? "answered_ms" : "time_spent_ms";
    x->st = KK_ERR_INVALID;
    return 1;
  }
  x->st = kk_attempt_restore(x->a, (size_t)r->qindex, r->answer, r->answered_ms, r->time_spent_ms,
                             r->flagged);
  x->current = (size_t)r->qindex;
  return x->st != KK_OK;
}

/* The stored time of row that no Kioku writes (the student can edit the
** store: a time out of range would overflow the clock arithmetic), or
** NULL. */
static const char *bad_time(const kk_StoreAttempt *row) {
  if (!kk_time_ok(row->started_ms)) return "started_ms";
  if (!kk_time_ok(row->deadline_ms)) return "deadline_ms";
  if (!kk_time_ok(row->submitted_ms)) return "submitted_ms";
  if (!kk_time_ok(row->clock_seen_ms)) return "clock_seen_ms";
  if (!kk_time_ok(row->clock_back_ms)) return "clock_back_ms";
  return NULL;
}

static kk_Status damaged(kk_Err *err, const char *what) {
  return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0,
                    _("the saved exam attempt is damaged (%s is out of range); ask the proctor"),
                    what);
}

static kk_Status resume(kk_Store *db, const kk_StoreAttempt *row, const kk_ExamSpec *spec,
                        const kk_ExamItem *items, size_t n, int64_t now_ms, kk_Attempt **out,
                        kk_ExamOpenInfo *info, kk_Err *err) {
  kk_Paper *paper = NULL;
  kk_Attempt *a = NULL;
  const char *bad = bad_time(row);
  if (bad) return damaged(err, bad);
  kk_Status s = kk_paper_parse(row->paper, items, n, &paper, err);
  if (s) return s;
  if ((s = kk_attempt_new(spec, paper, row->student_name, row->student_no, row->seed,
                          row->started_ms, row->deadline_ms, &a)))
    return kk_err_set(err, s, NULL, 0, 0, _("out of memory"));
  Restore x = {a, kk_paper_count(kk_attempt_paper(a)), 0, KK_OK, NULL};
  if ((s = kk_store_exam_each_answer(db, row->id, restore_one, &x, err))) goto fail;
  if ((s = x.st)) {
    if (x.bad)
      damaged(err, x.bad);
    else
      kk_err_set(err, s, NULL, 0, 0, _("out of memory"));
    goto fail;
  }
  kk_attempt_restore_clock(a, row->clock_seen_ms, row->clock_back_ms);
  kk_attempt_restore_state(a, row->submitted_ms, x.current, now_ms);
  if ((s = install_sink(db, a, row->id, err))) goto fail;
  if (info) {
    info->resumed = 1;
    info->spec_changed = strcmp(row->spec_hash, spec->hash) != 0;
    info->attempt_id = row->id;
  }
  *out = a;
  return KK_OK;
fail:
  kk_attempt_free(a);
  return s;
}

kk_Status kk_examdb_open(kk_Store *db, const kk_ExamSpec *spec, const kk_ExamItem *items, size_t n,
                         const char *student_name, const char *student_no, int64_t now_ms,
                         kk_Attempt **out, kk_ExamOpenInfo *info, kk_Err *err) {
  *out = NULL;
  if (info) memset(info, 0, sizeof *info);
  if (!student_no || !*student_no)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("a student number is needed"));
  kk_Attempt *a = NULL;
  kk_StoreAttempt row;
  int found = 0;
  kk_Status s = kk_store_exam_find(db, spec->id, student_no, &row, &found, err);
  if (s) return s;
  if (found) {
    s = resume(db, &row, spec, items, n, now_ms, &a, info, err);
    kk_store_attempt_clear(&row);
    if (s) return s;
    /* Time may have run out while Kioku was not running. */
    if ((s = kk_attempt_tick(a, now_ms, NULL, err))) goto fail;
    *out = a;
    return KK_OK;
  }
  int64_t id = 0;
  if ((s = start_new(db, spec, items, n, student_name ? student_name : "", student_no, now_ms, &a,
                     &id, err)))
    return s;
  if ((s = install_sink(db, a, id, err))) goto fail;
  if (info) info->attempt_id = id;
  *out = a;
  return KK_OK;
fail:
  kk_attempt_free(a);
  return s;
}

int kk_examdb_exists(kk_Store *db, const char *exam_id, const char *student_no) {
  return kk_store_exam_exists(db, exam_id, student_no);
}
