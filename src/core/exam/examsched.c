/*
** examsched.c -- exam answers as reviews, when the spec asks for it.
*/
#include "core/exam/examsched.h"
#include "core/base/i18n.h"
#include "core/base/hash.h"

#include <string.h>

#include "core/study/sched.h"
#include "core/exam/mark.h"

kk_Status kk_exam_apply_schedule(kk_Store *store, const kk_Attempt *a, const kk_Clock *clock,
                                 size_t *applied, kk_Err *err) {
  if (applied) *applied = 0;
  const kk_ExamSpec *spec = kk_attempt_spec(a);
  if (!spec->update_schedule) return KK_OK;
  if (!kk_attempt_submitted_ms(a))
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("the attempt is not submitted"));
  kk_SchedConfig cfg;
  kk_sched_config_default(&cfg);
  const kk_Paper *p = kk_attempt_paper(a);
  for (size_t i = 0; i < kk_paper_count(p); i++) {
    const kk_Question *q = kk_paper_question(p, i);
    const kk_Response *r = kk_attempt_response(a, i);
    if (!r->answer[0]) continue;
    kk_CardState before, after;
    int found = 0;
    kk_Status st = kk_store_get_state(store, q->key, err, &before, &found);
    if (st) return st;
    if (!found) memset(&before, 0, sizeof before);
    after = before;
    kk_Rating rating = kk_mark_question(spec, q, r->answer) >= 1.0 - 1e-9 ? KK_GOOD : KK_AGAIN;
    kk_ReviewLog log;
    memset(&log, 0, sizeof log);
    kk_sched_answer(&cfg, NULL, &after, rating, clock,
                    kk_hash_bytes(q->key, strlen(q->key), KK_HASH_INIT), &log);
    log.duration_ms = r->time_spent_ms;
    st = kk_store_record_review(store, q->key, q->deck_id, &before, &after, &log, err);
    if (st) return st;
    if (applied) ++*applied;
  }
  return KK_OK;
}
