/*
** attempt.c -- the exam engine.
**
** Time on a question is counted while it is the current one, from
** `entered_ms` to the next flush (goto, answer, flag, tick, submit), never
** past the deadline and never past the question's own limit.  The clock
** between a crash and the resume is not charged to any question; the exam's
** deadline, being wall-clock, keeps running.
*/
#include "core/exam/attempt.h"
#include "core/base/i18n.h"

#include <string.h>

#include "core/base/alloc.h"
#include "core/base/utf8.h"
#include "core/exam/mark.h"

struct kk_Attempt {
  const kk_ExamSpec *spec;
  kk_Paper *paper;
  kk_Response *r;
  size_t n;
  char *name, *number;
  uint64_t seed;
  int64_t started_ms, deadline_ms, submitted_ms;
  int auto_submitted;
  int submit_dirty; /* saving the submission failed; retried later */
  size_t current;
  int64_t entered_ms;
  int64_t clock_seen_ms;   /* the latest time any call has given */
  int64_t clock_back_ms;   /* the clock's steps back, in total */
  int64_t clock_offset_ms; /* added to readings since the clock went back */
  kk_AttemptSink sink;
  void *sink_ctx;
  void (*sink_free)(void *);
};

int64_t kk_attempt_deadline_for(const kk_ExamSpec *spec, const char *student_no,
                                int64_t started_ms) {
  if (!spec->time_limit_ms) return 0;
  int ext = student_no ? kk_exam_spec_extension_min(spec, student_no) : 0;
  return started_ms + spec->time_limit_ms + (int64_t)ext * 60000;
}

kk_Status kk_attempt_new(const kk_ExamSpec *spec, kk_Paper *paper, const char *student_name,
                         const char *student_no, uint64_t seed, int64_t started_ms,
                         int64_t deadline_ms, kk_Attempt **out) {
  *out = NULL;
  kk_Attempt *a = kk_calloc(1, sizeof *a);
  if (!a) {
    kk_paper_free(paper);
    return KK_ERR_NOMEM;
  }
  a->spec = spec;
  a->paper = paper;
  a->n = kk_paper_count(paper);
  a->r = kk_calloc(a->n ? a->n : 1, sizeof *a->r);
  a->name = kk_strdup(student_name ? student_name : "");
  a->number = kk_strdup(student_no ? student_no : "");
  if (!a->r || !a->name || !a->number) goto fail;
  for (size_t i = 0; i < a->n; i++)
    if (!(a->r[i].answer = kk_strdup(""))) goto fail;
  a->seed = seed;
  a->started_ms = started_ms;
  a->clock_seen_ms = started_ms;
  a->deadline_ms = deadline_ms;
  a->entered_ms = started_ms;
  *out = a;
  return KK_OK;
fail:
  kk_attempt_free(a);
  return KK_ERR_NOMEM;
}

void kk_attempt_free(kk_Attempt *a) {
  if (!a) return;
  if (a->r)
    for (size_t i = 0; i < a->n; i++) kk_free(a->r[i].answer);
  kk_free(a->r);
  kk_free(a->name);
  kk_free(a->number);
  kk_paper_free(a->paper);
  if (a->sink_free) a->sink_free(a->sink_ctx);
  kk_free(a);
}

void kk_attempt_set_sink(kk_Attempt *a, kk_AttemptSink fn, void *ctx, void (*ctx_free)(void *)) {
  if (a->sink_free) a->sink_free(a->sink_ctx);
  a->sink = fn;
  a->sink_ctx = ctx;
  a->sink_free = ctx_free;
}

/* ---- reading ---------------------------------------------------------------*/

const kk_ExamSpec *kk_attempt_spec(const kk_Attempt *a) { return a->spec; }
const kk_Paper *kk_attempt_paper(const kk_Attempt *a) { return a->paper; }
const char *kk_attempt_student_name(const kk_Attempt *a) { return a->name; }
const char *kk_attempt_student_no(const kk_Attempt *a) { return a->number; }
uint64_t kk_attempt_seed(const kk_Attempt *a) { return a->seed; }
int64_t kk_attempt_started_ms(const kk_Attempt *a) { return a->started_ms; }
int64_t kk_attempt_deadline_ms(const kk_Attempt *a) { return a->deadline_ms; }
int64_t kk_attempt_submitted_ms(const kk_Attempt *a) { return a->submitted_ms; }
int kk_attempt_auto_submitted(const kk_Attempt *a) { return a->auto_submitted; }
size_t kk_attempt_current(const kk_Attempt *a) { return a->current; }

const kk_Response *kk_attempt_response(const kk_Attempt *a, size_t i) {
  return i < a->n ? &a->r[i] : NULL;
}

int kk_attempt_answered(const kk_Attempt *a, size_t i) {
  return i < a->n && a->r[i].answer[0] != '\0';
}

/* Notes the time a call gives and returns the attempt's time.  A clock
** that steps back more than KK_CLOCK_SLACK_MS behind the latest time seen
** is recorded (the result says so) and the step is added to every later
** reading: the attempt's time goes on from where it was, at the clock's
** pace, so setting the clock back buys no time.  Smaller steps (clock
** adjustment) only hold the time still. */
static int64_t see(kk_Attempt *a, int64_t now_ms) {
  int64_t t = now_ms + a->clock_offset_ms;
  if (t >= a->clock_seen_ms) {
    a->clock_seen_ms = t;
    return t;
  }
  int64_t back = a->clock_seen_ms - t;
  if (back > KK_CLOCK_SLACK_MS) {
    a->clock_offset_ms += back;
    a->clock_back_ms += back;
  }
  return a->clock_seen_ms;
}

/* The attempt's time at now_ms, without noting it. */
static int64_t seen(const kk_Attempt *a, int64_t now_ms) {
  int64_t t = now_ms + a->clock_offset_ms;
  return t > a->clock_seen_ms ? t : a->clock_seen_ms;
}

static int64_t spent_at(const kk_Attempt *a, size_t i, int64_t t_ms);
static kk_Status goto_at(kk_Attempt *a, size_t i, int64_t now_ms, kk_Err *err);

int64_t kk_attempt_clock_seen_ms(const kk_Attempt *a) { return a->clock_seen_ms; }
int64_t kk_attempt_clock_back_ms(const kk_Attempt *a) { return a->clock_back_ms; }

void kk_attempt_restore_clock(kk_Attempt *a, int64_t seen_ms, int64_t back_ms) {
  if (seen_ms > a->clock_seen_ms) a->clock_seen_ms = seen_ms;
  if (back_ms > a->clock_back_ms) a->clock_back_ms = back_ms;
}

int64_t kk_attempt_remaining_ms(const kk_Attempt *a, int64_t now_ms) {
  if (!a->deadline_ms) return INT64_MAX;
  if (a->submitted_ms) return 0;
  now_ms = seen(a, now_ms);
  return now_ms >= a->deadline_ms ? 0 : a->deadline_ms - now_ms;
}

/* now, clamped to the deadline. */
static int64_t effective(const kk_Attempt *a, int64_t now_ms) {
  if (a->deadline_ms && now_ms > a->deadline_ms) return a->deadline_ms;
  return now_ms;
}

static int64_t limit_of(const kk_Attempt *a, size_t i) {
  const kk_Question *q = kk_paper_question(a->paper, i);
  return q ? q->time_limit_ms : 0;
}

int64_t kk_attempt_time_spent_ms(const kk_Attempt *a, size_t i, int64_t now_ms) {
  return spent_at(a, i, seen(a, now_ms));
}

/* Time spent on question i at the attempt's time t (see()). */
static int64_t spent_at(const kk_Attempt *a, size_t i, int64_t t_ms) {
  if (i >= a->n) return 0;
  int64_t t = a->r[i].time_spent_ms;
  if (i == a->current && !a->submitted_ms) {
    int64_t run = effective(a, t_ms) - a->entered_ms;
    if (run > 0) t += run;
    int64_t lim = limit_of(a, i);
    if (lim && t > lim) t = lim;
  }
  return t;
}

int64_t kk_attempt_question_remaining_ms(const kk_Attempt *a, int64_t now_ms) {
  int64_t lim = limit_of(a, a->current);
  if (!lim || a->submitted_ms) return INT64_MAX;
  int64_t t = spent_at(a, a->current, seen(a, now_ms));
  return t >= lim ? 0 : lim - t;
}

int kk_attempt_can_visit(const kk_Attempt *a, size_t i) {
  if (i >= a->n) return 0;
  if (a->submitted_ms) return a->spec->review_after_submit;
  if (a->spec->navigation == KK_NAV_SEQUENTIAL) return i == a->current || i == a->current + 1;
  return 1;
}

/* ---- saving ------------------------------------------------------------------*/

/* The submission carries every response with it (one transaction in the
** store), so once it is saved nothing else waits. */
static kk_Status save(kk_Attempt *a, kk_SaveWhat what, size_t q, kk_Err *err) {
  if (!a->sink) return KK_OK;
  kk_Status st = a->sink(a->sink_ctx, a, what, q, err);
  if (what == KK_SAVE_RESPONSE) {
    a->r[q].dirty = st != KK_OK;
  } else {
    a->submit_dirty = st != KK_OK;
    if (st == KK_OK)
      for (size_t i = 0; i < a->n; i++) a->r[i].dirty = 0;
  }
  return st;
}

/* Retries every save that failed before (after submission: the
** submission, which holds every answer). */
static kk_Status retry(kk_Attempt *a, kk_Err *err) {
  kk_Status st = KK_OK;
  if (a->submitted_ms) return a->submit_dirty ? save(a, KK_SAVE_SUBMIT, 0, err) : KK_OK;
  for (size_t i = 0; i < a->n; i++)
    if (a->r[i].dirty) {
      kk_Status s = save(a, KK_SAVE_RESPONSE, i, err);
      if (s && !st) st = s;
    }
  return st;
}

kk_Status kk_attempt_save_pending(kk_Attempt *a, kk_Err *err) { return retry(a, err); }

/* Moves the running visit's time into the current response; 1 if it grew. */
static int flush(kk_Attempt *a, int64_t now_ms) {
  if (a->submitted_ms || !a->n) return 0;
  int64_t now = effective(a, now_ms);
  int64_t run = now - a->entered_ms;
  a->entered_ms = now;
  if (run <= 0) return 0;
  kk_Response *r = &a->r[a->current];
  int64_t before = r->time_spent_ms;
  r->time_spent_ms += run;
  int64_t lim = limit_of(a, a->current);
  if (lim && r->time_spent_ms >= lim) {
    r->time_spent_ms = lim;
    r->locked = 1;
  }
  return r->time_spent_ms != before || r->locked;
}

static kk_Status do_submit(kk_Attempt *a, int64_t at_ms, int automatic, kk_Err *err) {
  flush(a, at_ms); /* the time on the last question goes in too */
  a->submitted_ms = at_ms;
  a->auto_submitted = automatic;
  return save(a, KK_SAVE_SUBMIT, 0, err);
}

/* Submits if the deadline has passed; returns 1 if it did (or had). */
static int check_deadline(kk_Attempt *a, int64_t now_ms, kk_Status *st, kk_Err *err) {
  if (a->submitted_ms) return 1;
  if (a->deadline_ms && now_ms >= a->deadline_ms) {
    *st = do_submit(a, a->deadline_ms, 1, err);
    return 1;
  }
  return 0;
}

/* ---- acting --------------------------------------------------------------------*/

static kk_Status usage(kk_Err *err, const char *msg) {
  return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, "%s", msg);
}

/* Common entry checks; returns KK_OK if the call may go on. */
static kk_Status enter(kk_Attempt *a, size_t i, int64_t now_ms, kk_Err *err) {
  if (i >= a->n) return usage(err, _("no such question"));
  kk_Status st = KK_OK;
  int was = a->submitted_ms != 0;
  if (check_deadline(a, now_ms, &st, err)) {
    if (was) return usage(err, _("the exam has been submitted"));
    if (st) return st;
    return kk_err_set(err, KK_ERR_LIMIT, NULL, 0, 0, _("time is up: the exam was submitted"));
  }
  return KK_OK;
}

kk_Status kk_attempt_goto(kk_Attempt *a, size_t i, int64_t now_ms, kk_Err *err) {
  return goto_at(a, i, see(a, now_ms), err);
}

/* kk_attempt_goto at the attempt's time now_ms (see()). */
static kk_Status goto_at(kk_Attempt *a, size_t i, int64_t now_ms, kk_Err *err) {
  kk_Status st = enter(a, i, now_ms, err);
  if (st) return st;
  if (i == a->current) return KK_OK;
  if (!kk_attempt_can_visit(a, i)) return usage(err, _("questions must be answered in order"));
  if (flush(a, now_ms)) st = save(a, KK_SAVE_RESPONSE, a->current, err);
  a->current = i;
  a->entered_ms = effective(a, now_ms);
  return st;
}

kk_Status kk_attempt_answer(kk_Attempt *a, size_t i, const char *answer, int64_t now_ms,
                            kk_Err *err) {
  now_ms = see(a, now_ms);
  kk_Status st = enter(a, i, now_ms, err);
  if (st) return st;
  /* A failed save while moving there (the previous question's time) is
  ** retried later; the answer still counts. */
  if (i != a->current && (st = goto_at(a, i, now_ms, err)) && a->current != i) return st;
  flush(a, now_ms);
  kk_Response *r = &a->r[i];
  if (r->locked) {
    save(a, KK_SAVE_RESPONSE, i, err);
    return kk_err_set(err, KK_ERR_LIMIT, NULL, 0, 0, _("this question can no longer be changed"));
  }
  /* Only valid UTF-8 is stored: result files must stay readable. */
  if (answer && kk_utf8_validate(answer, strlen(answer), NULL) != KK_OK)
    return kk_err_set(err, KK_ERR_PARSE, NULL, 0, 0, _("the answer is not valid UTF-8 text"));
  char *copy = kk_strdup(answer ? answer : "");
  if (!copy) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  kk_free(r->answer);
  r->answer = copy;
  r->answered_ms = effective(a, now_ms);
  if (a->spec->feedback == KK_FEEDBACK_AFTER_EACH && copy[0]) r->locked = 1;
  kk_Status s2 = save(a, KK_SAVE_RESPONSE, i, err);
  return s2 ? s2 : st;
}

kk_Status kk_attempt_flag(kk_Attempt *a, size_t i, int flagged, int64_t now_ms, kk_Err *err) {
  now_ms = see(a, now_ms);
  kk_Status st = enter(a, i, now_ms, err);
  if (st) return st;
  flush(a, now_ms);
  a->r[i].flagged = flagged ? 1 : 0;
  return save(a, KK_SAVE_RESPONSE, i, err);
}

kk_Status kk_attempt_submit(kk_Attempt *a, int64_t now_ms, kk_Err *err) {
  now_ms = see(a, now_ms);
  if (a->submitted_ms) return usage(err, _("the exam has been submitted"));
  kk_Status st = KK_OK;
  if (check_deadline(a, now_ms, &st, err)) return st;
  return do_submit(a, now_ms, 0, err);
}

kk_Status kk_attempt_tick(kk_Attempt *a, int64_t now_ms, unsigned *events, kk_Err *err) {
  now_ms = see(a, now_ms);
  unsigned ev = 0;
  kk_Status st = KK_OK;
  if (events) *events = 0;
  if (a->submitted_ms) return retry(a, err); /* saves that failed at submission */
  if (check_deadline(a, now_ms, &st, err)) {
    if (events) *events = KK_TICK_SUBMITTED;
    return st;
  }
  st = retry(a, err);
  int64_t lim = limit_of(a, a->current);
  if (lim && !a->r[a->current].locked && spent_at(a, a->current, now_ms) >= lim) {
    flush(a, now_ms);
    a->r[a->current].locked = 1;
    kk_Status s = save(a, KK_SAVE_RESPONSE, a->current, err);
    if (s && !st) st = s;
    ev |= KK_TICK_LOCKED;
    if (a->spec->navigation == KK_NAV_SEQUENTIAL && a->current + 1 < a->n) {
      a->current++;
      a->entered_ms = effective(a, now_ms);
      ev |= KK_TICK_MOVED;
    }
  }
  if (events) *events = ev;
  return st;
}

/* ---- marks ---------------------------------------------------------------------*/

double kk_attempt_points(const kk_Attempt *a, size_t i) {
  const kk_Question *q = kk_paper_question(a->paper, i);
  if (!q) return 0;
  return q->points * kk_mark_question(a->spec, q, a->r[i].answer);
}

double kk_attempt_score(const kk_Attempt *a) {
  double s = 0;
  for (size_t i = 0; i < a->n; i++) s += kk_attempt_points(a, i);
  return s;
}

double kk_attempt_max_score(const kk_Attempt *a) { return kk_paper_max_points(a->paper); }

int kk_attempt_passed(const kk_Attempt *a) {
  double max = kk_attempt_max_score(a);
  if (max <= 0) return 0;
  /* A hair of slack so 0.6 * 10 passes a 60% mark despite rounding. */
  return kk_attempt_score(a) * 100.0 >= a->spec->pass_percent * max - 1e-9;
}

/* ---- resuming ----------------------------------------------------------------*/

kk_Status kk_attempt_restore(kk_Attempt *a, size_t i, const char *answer, int64_t answered_ms,
                             int64_t time_spent_ms, int flagged) {
  if (i >= a->n) return KK_ERR_INVALID;
  char *copy = kk_strdup(answer ? answer : "");
  if (!copy) return KK_ERR_NOMEM;
  kk_Response *r = &a->r[i];
  kk_free(r->answer);
  r->answer = copy;
  r->answered_ms = answered_ms;
  r->time_spent_ms = time_spent_ms;
  r->flagged = flagged ? 1 : 0;
  int64_t lim = limit_of(a, i);
  r->locked =
      (lim && time_spent_ms >= lim) || (a->spec->feedback == KK_FEEDBACK_AFTER_EACH && copy[0]);
  return KK_OK;
}

void kk_attempt_restore_state(kk_Attempt *a, int64_t submitted_ms, size_t current, int64_t now_ms) {
  a->submitted_ms = submitted_ms;
  a->auto_submitted = submitted_ms && a->deadline_ms && submitted_ms >= a->deadline_ms;
  a->current = current < a->n ? current : 0;
  a->entered_ms = effective(a, see(a, now_ms));
}

int kk_attempt_saved(const kk_Attempt *a) {
  if (a->submit_dirty) return 0;
  for (size_t i = 0; i < a->n; i++)
    if (a->r[i].dirty) return 0;
  return 1;
}
