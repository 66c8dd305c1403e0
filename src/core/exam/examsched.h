/*
** examsched.h -- feeding a submitted exam into the study schedule, for specs
** that ask for it (update_schedule: true).  Depends on attempt.h, store.h,
** sched.h.  Borrows everything; writes one review per answered question.
*/
#ifndef KK_EXAMSCHED_H
#define KK_EXAMSCHED_H

#include "core/exam/attempt.h"
#include "core/study/store.h"

/* For every question of the submitted attempt a: the item (its key is the
** question id) is answered Good if the answer earned full marks, else
** Again, with the default scheduler settings at clock->now_ms, and the
** review is recorded in the store.  Unanswered questions are skipped.
** Does nothing (KK_OK, *applied 0) unless the spec's update_schedule is
** set.  *applied (may be NULL) receives the number of reviews written.
** Call it once, when the attempt is submitted. */
kk_Status kk_exam_apply_schedule(kk_Store *store, const kk_Attempt *a, const kk_Clock *clock,
                                 size_t *applied, kk_Err *err);

#endif
