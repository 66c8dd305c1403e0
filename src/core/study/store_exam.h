/*
** store_exam.h -- the exam engine's rows in the progress store: one row per
** attempt (exam_attempt) and one per answered question (exam_answer), as
** defined by the store's migrations (store.c).  Depends on store.h.  Every
** SQL statement about exams lives in store_exam.c; callers see plain values.
** Strings in a kk_StoreAttempt are owned by it (kk_store_attempt_clear).
*/
#ifndef KK_STORE_EXAM_H
#define KK_STORE_EXAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/study/store.h"

/* One attempt row. */
typedef struct kk_StoreAttempt {
  int64_t id;
  char *exam_id, *spec_hash, *student_name, *student_no;
  char *paper; /* kk_paper_serialize text */
  uint64_t seed;
  int64_t started_ms, deadline_ms;
  int64_t submitted_ms;  /* 0: not submitted */
  int64_t clock_seen_ms; /* the latest time the attempt saw */
  int64_t clock_back_ms; /* the largest step back of the clock, 0 if none */
} kk_StoreAttempt;
void kk_store_attempt_clear(kk_StoreAttempt *a); /* frees the strings */

/* One answer row; strings borrowed. */
typedef struct kk_StoreAnswer {
  int64_t qindex;
  const char *answer;
  int64_t answered_ms, time_spent_ms;
  int flagged;
} kk_StoreAnswer;

/* Fills *out with student_no's attempt at exam_id (*found = 1), or
** *found = 0.  out is cleared first. */
kk_Status kk_store_exam_find(kk_Store *s, const char *exam_id, const char *student_no,
                             kk_StoreAttempt *out, int *found, kk_Err *err);
/* 1 if student_no has an attempt at exam_id, 0 if not, -1 on error. */
int kk_store_exam_exists(kk_Store *s, const char *exam_id, const char *student_no);
/* A new attempt; strings borrowed. */
typedef struct kk_StoreNewAttempt {
  const char *exam_id, *spec_hash, *student_name, *student_no, *paper;
  uint64_t seed;
  int64_t started_ms, deadline_ms;
} kk_StoreNewAttempt;
/* Inserts a new, unsubmitted attempt; *id gets its id. */
kk_Status kk_store_exam_start(kk_Store *s, const kk_StoreNewAttempt *row, int64_t *id, kk_Err *err);
/* Calls fn for every answer of attempt id in question order; fn returns 0
** to go on.  Strings are valid during the call only. */
typedef int (*kk_StoreAnswerFn)(void *ud, const kk_StoreAnswer *a);
kk_Status kk_store_exam_each_answer(kk_Store *s, int64_t id, kk_StoreAnswerFn fn, void *ud,
                                    kk_Err *err);
/* The attempt's clock (kk_StoreAttempt.clock_*), saved with each write;
** stored values only grow. */
typedef struct kk_StoreClock {
  int64_t seen_ms, back_ms;
} kk_StoreClock;

/* Writes (inserts or replaces) one answer of attempt id and its clock, in
** one transaction. */
kk_Status kk_store_exam_put_answer(kk_Store *s, int64_t id, const kk_StoreAnswer *a,
                                   const kk_StoreClock *clock, kk_Err *err);
/* Submits attempt id: writes answers[0..n) and marks it submitted at
** submitted_ms, in one transaction -- all of it is stored, or none. */
kk_Status kk_store_exam_submit(kk_Store *s, int64_t id, const kk_StoreAnswer *answers, size_t n,
                               int64_t submitted_ms, const kk_StoreClock *clock, kk_Err *err);

#endif
