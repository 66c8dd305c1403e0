/*
** action.h -- what the student does to study items outside a review:
** suspend, unsuspend, bury until tomorrow, forget (back to new; the log
** keeps the history) and set the due date.  Depends on review.h, store.h.
** kk_action_apply is a pure function of the state and the clock;
** kk_action_run reads, applies and records one item in the store (so
** kk_store_undo_last takes it back).
*/
#ifndef KK_ACTION_H
#define KK_ACTION_H

#include "core/base/err.h"
#include "core/deck/deck.h"
#include "core/study/review.h"
#include "core/study/store.h"

/* The furthest day set-due takes, counted from today (the longest interval
** a deck may set); the window and the CLI ask within 0..this. */
#define KK_ACTION_MAX_DAYS KK_DECK_MAX_INTERVAL_DAYS

/* The state after action on before (days: for SET_DUE, the day it becomes
** due, counted from today's study day, 0..KK_ACTION_MAX_DAYS; ignored
** otherwise).
**   SUSPEND/UNSUSPEND  the suspended flag
**   BURY               hidden until the next study day starts
**   FORGET             a new item again (a zeroed state; the suspended flag
**                      stays, since the student set it on purpose)
**   SET_DUE            due at the start of that study day; an item that was
**                      new or learning becomes a review item with that
**                      interval (stability = the interval, difficulty 5, ease
**                      2.5 where it had none), as if just reviewed
** KK_ERR_USAGE for an unknown action or days out of range with SET_DUE. */
kk_Status kk_action_apply(kk_StoreAction action, const kk_CardState *before, const kk_Clock *clock,
                          int days, kk_CardState *after, kk_Err *err);

/* Applies action to the item's stored state (new if none) and records it.
** after and id (either may be NULL) receive the new state and the log id
** (kk_store_undo_review takes it back). */
kk_Status kk_action_run(kk_Store *s, const char *item_key, const char *deck_id,
                        kk_StoreAction action, const kk_Clock *clock, int days, kk_CardState *after,
                        int64_t *id, kk_Err *err);

#endif
