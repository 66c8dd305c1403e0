/*
** examsession.h -- everything `kioku exam` needs around the engine, for
** any front end (the terminal runner, the window): the spec and its decks,
** the progress store, the student's attempt, and what happens on
** submission (result files, the optional schedule update).  It also
** supplies the kk_ExamUiHost the exam screens (ui_exam.h) call.
** Depends on examdb.h, examsched.h, results.h, store.h, ui_exam.h.
** kk_exam_session_open returns a new kk_ExamSession; caller frees with
** kk_exam_session_free (which frees the attempt, the decks and the store).
*/
#ifndef KK_EXAMSESSION_H
#define KK_EXAMSESSION_H

#include "core/exam/examdb.h"
#include "core/study/review.h"
#include "core/study/store.h"
#include "core/ui/ui_exam.h"

typedef struct kk_ExamSession kk_ExamSession;

typedef struct kk_ExamSessionOptions {
  const char *spec_path;
  const char *data_dir;    /* resolved data dir (kk_paths_data_dir) */
  const char *results_dir; /* NULL: DATA_DIR/results */
  int force;               /* overwrite existing result files */
  /* The clock's zone for the schedule update (kk_Clock fields). */
  int utc_offset_min, day_start_hour;
  const char *pack_password; /* for a sealed pack (pack.h); NULL: none */
} kk_ExamSessionOptions;

/* Loads the spec and its decks (problems into diags: lint-style), checks
** the pools and opens the store.  KK_ERR_INVALID etc. with diags filled,
** or a store error in err. */
/* 1 if the file at path is a sealed exam pack (its password is needed
** before kk_exam_session_open can read it); 0 otherwise or unreadable. */
int kk_exam_session_sealed(const char *path);

kk_Status kk_exam_session_open(const kk_ExamSessionOptions *opt, kk_Diags *diags,
                               kk_ExamSession **out, kk_Err *err);
void kk_exam_session_free(kk_ExamSession *s); /* s may be NULL */

const kk_ExamSpec *kk_exam_session_spec(const kk_ExamSession *s);
/* 1 if student_no already has an attempt (so no name needs asking). */
int kk_exam_session_known(kk_ExamSession *s, const char *student_no);

/* Starts or resumes the attempt (kk_examdb_open); the session keeps it
** (borrowed by the caller until kk_exam_session_free).  info may be NULL. */
kk_Status kk_exam_session_start(kk_ExamSession *s, const char *name, const char *number,
                                int64_t now_ms, kk_Attempt **out, kk_ExamOpenInfo *info,
                                kk_Err *err);

/* After submission: writes the result files (once; if they exist from an
** earlier run of a resumed attempt, says so) and, if the spec asks and the
** submission happened in this session, updates the schedule.  A one-line
** summary for the student goes to msg.  Repeated calls do nothing. */
kk_Status kk_exam_session_finish(kk_ExamSession *s, int64_t now_ms, char *msg, size_t size,
                                 kk_Err *err);

/* The progress store (borrowed, valid until kk_exam_session_free), e.g.
** for the window settings kept in it. */
kk_Store *kk_exam_session_store(kk_ExamSession *s);

/* Callbacks for the exam screens, bound to this session. */
const kk_ExamUiHost *kk_exam_session_ui_host(kk_ExamSession *s);

#endif
