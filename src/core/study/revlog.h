/*
** revlog.h -- the review log exported for FSRS tools.  Depends on store.h.
** Writes a file; never prints.
*/
#ifndef KK_REVLOG_H
#define KK_REVLOG_H

#include "core/base/err.h"
#include "core/study/store.h"

/* Writes the log as CSV card_id,review_time,review_rating,review_state,
** review_duration (the FSRS optimizer's format: card_id a number per item,
** numbered by first review; time and duration in ms; state the phase before
** the review, 0 new 1 learning 2 review 3 relearning), in recording order.
** Refuses with KK_ERR_EXISTS if path exists and force is 0.  Writes a
** temporary file and renames it, so a failure leaves no half file. */
kk_Status kk_revlog_export(kk_Store *s, const char *path, int force, kk_Err *err);

#endif
