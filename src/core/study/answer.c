/*
** answer.c -- answer, then record only over the state answered from (see
** answer.h).
*/
#include "core/study/answer.h"
#include "core/base/i18n.h"

#include <string.h>

#include "core/study/queue.h"

#define MAX_TRIES 8

kk_Status kk_answer_record(kk_Store *s, const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                           const char *item_key, const char *deck_id, const kk_CardState *seen,
                           kk_Rating rating, const kk_Clock *clock, int64_t duration_ms,
                           kk_Err *err, kk_AnswerResult *out) {
  memset(out, 0, sizeof *out);
  out->before = *seen;
  for (int t = 0; t < MAX_TRIES; t++) {
    kk_CardState current;
    out->after = out->before;
    out->events = kk_sched_answer(cfg, params, &out->after, rating, clock,
                                  kk_queue_fuzz_key(item_key), &out->log);
    out->log.duration_ms = duration_ms;
    kk_Status st = kk_store_record_review_if(s, item_key, deck_id, &out->before, &out->after,
                                             &out->log, err, &out->review_id, &current);
    if (st != KK_ERR_EXISTS) return st;
    out->before = current;
    out->recomputed = 1;
  }
  return kk_err_set(err, KK_ERR_BUSY, kk_store_path(s), 0, 0,
                    _("%s keeps being reviewed by another window; try again"), item_key);
}
