/*
** action.c -- suspend, unsuspend, bury, forget and set-due on item states.
*/
#include "core/study/action.h"
#include "core/base/i18n.h"

#include <string.h>

kk_Status kk_action_apply(kk_StoreAction action, const kk_CardState *before, const kk_Clock *clock,
                          int days, kk_CardState *after, kk_Err *err) {
  kk_CardState st = *before;
  int64_t today = kk_clock_day(clock, clock->now_ms);
  switch (action) {
  case KK_STORE_ACTION_SUSPEND: st.suspended = 1; break;
  case KK_STORE_ACTION_UNSUSPEND: st.suspended = 0; break;
  case KK_STORE_ACTION_BURY: st.buried_until_ms = kk_clock_day_start_ms(clock, today + 1); break;
  case KK_STORE_ACTION_FORGET:
    memset(&st, 0, sizeof st);
    st.suspended = before->suspended;
    break;
  case KK_STORE_ACTION_SET_DUE:
    if (days < 0)
      return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0,
                        _("a due date must be today or later (days %d)"), days);
    if (days > KK_ACTION_MAX_DAYS)
      return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0,
                        _("a due date is at most %d days from today (days %d)"), KK_ACTION_MAX_DAYS,
                        days);
    if (st.phase != KK_PHASE_REVIEW) {
      double ivl = days > 0 ? days : 1;
      st.phase = KK_PHASE_REVIEW;
      st.step = 0;
      st.interval_days = ivl;
      if (st.review_interval_days <= 0) st.review_interval_days = ivl;
      if (st.stability <= 0) st.stability = ivl;
      if (st.difficulty <= 0) st.difficulty = 5;
      if (st.ease <= 0) st.ease = 2.5;
      if (st.last_review_ms <= 0) st.last_review_ms = clock->now_ms;
    }
    st.due_ms = kk_clock_day_start_ms(clock, today + days);
    break;
  default: return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("unknown action %d"), (int)action);
  }
  *after = st;
  return KK_OK;
}

kk_Status kk_action_run(kk_Store *s, const char *item_key, const char *deck_id,
                        kk_StoreAction action, const kk_Clock *clock, int days, kk_CardState *after,
                        int64_t *id, kk_Err *err) {
  kk_CardState before, next;
  kk_Status st = kk_store_get_state(s, item_key, err, &before, NULL);
  if (st == KK_OK) st = kk_action_apply(action, &before, clock, days, &next, err);
  if (st == KK_OK)
    st = kk_store_record_action(s, item_key, deck_id, action, &before, &next, clock->now_ms, err,
                                id);
  if (st == KK_OK && after) *after = next;
  return st;
}
