/*
** attempt.h -- the exam engine: one student's attempt at a paper, driven by
** an injected clock (every call takes now_ms).  Records answers with their
** times, keeps the wall-clock deadline (a restart gives no extra time),
** per-question limits, navigation rules, and submits by itself when time
** runs out.  Depends on paper.h, exam.h.  No I/O: every change is handed
** to a sink (examdb.h installs one that writes the store) the moment it
** happens.  kk_attempt_new returns a new kk_Attempt; caller frees with
** kk_attempt_free.  It borrows the spec and takes ownership of the paper.
*/
#ifndef KK_ATTEMPT_H
#define KK_ATTEMPT_H

#include <stdint.h>

#include "core/exam/paper.h"

/* What the student did with one question. */
typedef struct kk_Response {
  char *answer;          /* owned by the attempt; "" = unanswered */
  int64_t answered_ms;   /* time of the last change, 0 if none */
  int64_t time_spent_ms; /* time the question was on screen (saved part) */
  int flagged;           /* marked for review */
  int locked;            /* no more changes (its time is up / after_each) */
  int dirty;             /* the last save failed; retried by the next one */
} kk_Response;

typedef struct kk_Attempt kk_Attempt;

typedef enum { KK_SAVE_RESPONSE, KK_SAVE_SUBMIT } kk_SaveWhat;

/* Called after every change: KK_SAVE_RESPONSE with the question index, or
** KK_SAVE_SUBMIT, which must save every response and the submission in one
** transaction (all or nothing).  A failing sink's status is returned by the
** call that made the change; the change stays in memory and is saved again
** later.  Until kk_attempt_saved says so, a submitted attempt is not in the
** store: front ends show no marks and no correct answers before that. */
typedef kk_Status (*kk_AttemptSink)(void *ctx, const kk_Attempt *a, kk_SaveWhat what, size_t q,
                                    kk_Err *err);

/* The deadline of a new attempt started at started_ms: time limit plus the
** student's extension; 0 for an untimed exam. */
int64_t kk_attempt_deadline_for(const kk_ExamSpec *spec, const char *student_no,
                                int64_t started_ms);

/* A new attempt on paper (ownership taken, also on failure).  deadline_ms
** as stored (0 = untimed).  Starts on question 0. */
kk_Status kk_attempt_new(const kk_ExamSpec *spec, kk_Paper *paper, const char *student_name,
                         const char *student_no, uint64_t seed, int64_t started_ms,
                         int64_t deadline_ms, kk_Attempt **out);
void kk_attempt_free(kk_Attempt *a); /* a may be NULL */

/* The sink; ctx_free (may be NULL) is called on ctx by kk_attempt_free. */
void kk_attempt_set_sink(kk_Attempt *a, kk_AttemptSink fn, void *ctx, void (*ctx_free)(void *));

/* 1 when every change has reached the sink (no failed save waits for a
** retry; kk_attempt_tick retries, also after submission). */
int kk_attempt_saved(const kk_Attempt *a);
/* Retries every failed save now (for a front end that is leaving). */
kk_Status kk_attempt_save_pending(kk_Attempt *a, kk_Err *err);

/* ---- reading ---------------------------------------------------------------*/
const kk_ExamSpec *kk_attempt_spec(const kk_Attempt *a);
const kk_Paper *kk_attempt_paper(const kk_Attempt *a);
const char *kk_attempt_student_name(const kk_Attempt *a);
const char *kk_attempt_student_no(const kk_Attempt *a);
uint64_t kk_attempt_seed(const kk_Attempt *a);
int64_t kk_attempt_started_ms(const kk_Attempt *a);
int64_t kk_attempt_deadline_ms(const kk_Attempt *a);  /* 0 = untimed */
int64_t kk_attempt_submitted_ms(const kk_Attempt *a); /* 0 = not yet */
int kk_attempt_auto_submitted(const kk_Attempt *a);   /* 1: time ran out */
/* Milliseconds left at now_ms (>= 0); INT64_MAX when untimed. */
int64_t kk_attempt_remaining_ms(const kk_Attempt *a, int64_t now_ms);
/* Milliseconds left for the current question's own limit, INT64_MAX if it
** has none. */
int64_t kk_attempt_question_remaining_ms(const kk_Attempt *a, int64_t now_ms);
size_t kk_attempt_current(const kk_Attempt *a);
const kk_Response *kk_attempt_response(const kk_Attempt *a, size_t i);
/* Time spent on question i including the running visit. */
int64_t kk_attempt_time_spent_ms(const kk_Attempt *a, size_t i, int64_t now_ms);
/* 1 if question i has a non-empty answer. */
int kk_attempt_answered(const kk_Attempt *a, size_t i);
/* 1 if question i may be shown now under the navigation rule. */
int kk_attempt_can_visit(const kk_Attempt *a, size_t i);

/* ---- acting (each returns KK_ERR_USAGE for a bad index, a locked question,
** a submitted attempt or a move the navigation forbids; KK_ERR_LIMIT when
** the time is up -- the attempt is then submitted; a sink failure as is) --*/
kk_Status kk_attempt_goto(kk_Attempt *a, size_t i, int64_t now_ms, kk_Err *err);
/* Records answer (format in paper.h) for question i (normally the current
** one).  With feedback after_each the question locks once answered. */
kk_Status kk_attempt_answer(kk_Attempt *a, size_t i, const char *answer, int64_t now_ms,
                            kk_Err *err);
kk_Status kk_attempt_flag(kk_Attempt *a, size_t i, int flagged, int64_t now_ms, kk_Err *err);
kk_Status kk_attempt_submit(kk_Attempt *a, int64_t now_ms, kk_Err *err);

enum {
  KK_TICK_SUBMITTED = 1, /* the deadline passed: submitted automatically */
  KK_TICK_LOCKED = 2,    /* the current question's own time ran out */
  KK_TICK_MOVED = 4      /* ... and (sequential) the next one is shown */
};
/* Advances the clock: submits at the deadline, locks a question whose own
** limit passed (moving on in sequential navigation), retries failed saves.
** Sets *events (may be NULL) to KK_TICK_* bits. */
kk_Status kk_attempt_tick(kk_Attempt *a, int64_t now_ms, unsigned *events, kk_Err *err);

/* ---- marks ----------------------------------------------------------------*/
double kk_attempt_points(const kk_Attempt *a, size_t i);
double kk_attempt_score(const kk_Attempt *a);
double kk_attempt_max_score(const kk_Attempt *a);
int kk_attempt_passed(const kk_Attempt *a);

/* ---- the clock ------------------------------------------------------------
** Every call's now_ms is noted.  Time never runs backwards for an attempt:
** after a step back of more than KK_CLOCK_SLACK_MS it goes on from the
** latest time seen (the step is added to later readings), and the step is
** recorded -- the result file reports it.  The latest time and the total
** of the steps are stored with every answer, so a resume with the clock
** set back is caught too. */
#define KK_CLOCK_SLACK_MS 2000
int64_t kk_attempt_clock_seen_ms(const kk_Attempt *a); /* the high-water mark */
int64_t kk_attempt_clock_back_ms(const kk_Attempt *a); /* total of the steps back, 0 if none */

/* ---- resuming (used by the store; no sink call) -----------------------------*/
/* Raises the clock's high-water mark and step back to the stored values. */
void kk_attempt_restore_clock(kk_Attempt *a, int64_t seen_ms, int64_t back_ms);
kk_Status kk_attempt_restore(kk_Attempt *a, size_t i, const char *answer, int64_t answered_ms,
                             int64_t time_spent_ms, int flagged);
/* Marks the attempt submitted at submitted_ms (auto if at the deadline) and
** sets the question shown on resume. */
void kk_attempt_restore_state(kk_Attempt *a, int64_t submitted_ms, size_t current, int64_t now_ms);

#endif
