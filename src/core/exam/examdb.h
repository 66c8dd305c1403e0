/*
** examdb.h -- exam attempts in the progress store: start or resume a
** student's attempt, and save every answer the moment it is given.
** Depends on attempt.h and the store's exam rows (study/store_exam.h); no
** SQL here.  Borrows the store: it must outlive every attempt opened on it.
*/
#ifndef KK_EXAMDB_H
#define KK_EXAMDB_H

#include "core/exam/attempt.h"
#include "core/study/store_exam.h"

typedef struct kk_ExamOpenInfo {
  int resumed;        /* 1: an earlier attempt was picked up */
  int spec_changed;   /* 1: the spec file differs from the one it started on */
  int64_t attempt_id; /* exam_attempt.id */
} kk_ExamOpenInfo;

/* Returns student_no's attempt at spec: the stored one if there is one
** (same paper, answers, flags, time spent and deadline; auto-submitted if
** the deadline passed meanwhile), else a new one started at now_ms with a
** paper drawn from items[0..n) and the student's seed.  The attempt saves
** each change to db (one transaction per answer).  Returns a new attempt;
** caller frees with kk_attempt_free (before closing db).  info may be NULL.
** KK_ERR_DB / KK_ERR_BUSY on store errors, KK_ERR_NOTFOUND when a stored
** paper's cards are gone. */
kk_Status kk_examdb_open(kk_Store *db, const kk_ExamSpec *spec, const kk_ExamItem *items, size_t n,
                         const char *student_name, const char *student_no, int64_t now_ms,
                         kk_Attempt **out, kk_ExamOpenInfo *info, kk_Err *err);

/* 1 if student_no has an attempt at exam_id in db (0 if not, -1 on error). */
int kk_examdb_exists(kk_Store *db, const char *exam_id, const char *student_no);

#endif
