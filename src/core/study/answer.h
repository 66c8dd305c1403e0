/*
** answer.h -- answering an item and recording it, safe with several
** windows on one store: the answer is computed from the state the window
** holds and recorded only if the store still has that state; otherwise it
** is computed again from the stored one (another window's review came
** first) so both reviews count.  Depends on sched.h, store.h, queue.h
** (the fuzz key).  Fills a caller-owned kk_AnswerResult; borrows the rest.
*/
#ifndef KK_ANSWER_H
#define KK_ANSWER_H

#include <stdint.h>

#include "core/study/sched.h"
#include "core/study/store.h"

typedef struct kk_AnswerResult {
  kk_CardState before; /* the state answered from (the stored one) */
  kk_CardState after;  /* now stored */
  kk_ReviewLog log;
  int events;        /* KK_SCHED_EV_*: KK_SCHED_EV_LEECH = it just became
                        ** a leech (tell the student; suspended unless the
                        ** deck's leech_action is tag) */
  int64_t review_id; /* for kk_store_undo_review: this window's undo */
  int recomputed;    /* 1: another window had answered it meanwhile */
} kk_AnswerResult;

/* Answers item_key (of deck_id) with rating at clock->now_ms from *seen,
** the state this window read (zeroed for a new item), and records it.
** params may be NULL (FSRS defaults).  Errors as kk_store_record_review_if
** (never KK_ERR_EXISTS: a changed state is answered again, a few times at
** most, then KK_ERR_BUSY). */
kk_Status kk_answer_record(kk_Store *s, const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                           const char *item_key, const char *deck_id, const kk_CardState *seen,
                           kk_Rating rating, const kk_Clock *clock, int64_t duration_ms,
                           kk_Err *err, kk_AnswerResult *out);

#endif
