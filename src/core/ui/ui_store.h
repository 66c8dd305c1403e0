/*
** ui_store.h -- the kk_UiHost the trainer runs on: today's queue (queue.h),
** the scheduler (sched.h), the progress store (store.h) and statistics
** (stats.h) behind the callbacks of ui.h.  Depends on ui.h, store.h,
** queue.h, sched.h, stats.h.  kk_ui_store_new returns a new kk_UiStore;
** caller frees with kk_ui_store_free.  The store and the decks are
** borrowed and must outlive it; the kk_UiHost it hands out is valid until
** kk_ui_store_free.
*/
#ifndef KK_UI_STORE_H
#define KK_UI_STORE_H

#include "core/study/store.h"
#include "core/ui/ui.h"

typedef struct kk_UiStore kk_UiStore;

/* decks[0..n) are the decks the UI lists (same order as kk_UiConfig.decks).
** utc_offset_min and day_start_hour define the study day (review.h). */
kk_Status kk_ui_store_new(kk_Store *store, kk_Deck *const *decks, size_t n, int utc_offset_min,
                          int day_start_hour, kk_Err *err, kk_UiStore **out);
void kk_ui_store_free(kk_UiStore *s); /* s may be NULL */

/* The callbacks, for kk_UiConfig.host. */
const kk_UiHost *kk_ui_store_host(kk_UiStore *s);

/* The KK_SCHED_EV_* flags of the last recorded answer: KK_SCHED_EV_LEECH
** means that answer made the item a leech (tell the student; it is
** suspended unless the deck's leech_action is tag). */
int kk_ui_store_last_events(const kk_UiStore *s);

/* The last error a callback met (e.g. the store was busy), "" if none. */
const char *kk_ui_store_error(const kk_UiStore *s);

#endif
