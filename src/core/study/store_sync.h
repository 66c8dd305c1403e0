/*
** store_sync.h -- the sync engine's rows in the progress store (defined by
** the store's migration 5 in store.c): each review's global id (device,
** sequence), the other events (undo tombstones, suspend, bury, deck
** settings), what was merged from each device, the folder's files as last
** read, the items touched by the sync under way.  Depends on store.h.
** Every SQL statement about sync lives in store_sync.c; sync.c holds the
** logic.  Strings in callbacks are borrowed, valid during the call.
*/
#ifndef KK_STORE_SYNC_H
#define KK_STORE_SYNC_H

#include <stdint.h>

#include "core/study/store.h"

/* Event kinds, as stored and as written in the sync files. */
enum {
  KK_SYNC_EV_REVIEW = 'R',  /* item, deck; n = rating, m = duration_ms */
  KK_SYNC_EV_UNDO = 'U',    /* item, deck of the undone review; text = its
                           ** device, n = its sequence */
  KK_SYNC_EV_SUSPEND = 'S', /* item, deck; n = 0 or 1 */
  KK_SYNC_EV_BURY = 'B',    /* item, deck; n = buried until (ms), 0 = not */
  KK_SYNC_EV_DECK = 'D',    /* deck; text = the settings (sync.c's format) */
  KK_SYNC_EV_FORGET = 'F',  /* item, deck: back to a new item (a log entry) */
  KK_SYNC_EV_SET_DUE = 'T'  /* item, deck; n = the due time set (ms; a log
                           ** entry) */
};

/* A device's sequences run 1..KK_SYNC_SEQ_MAX (a million events a day
** for a thousand times longer than anyone studies): a larger one, in a
** sync file or in this store's settings, is damage; below it, numbering
** never overflows. */
#define KK_SYNC_SEQ_MAX INT64_C(1000000000000000)

typedef struct kk_StoreSyncEvent {
  int kind;
  const char *dev;
  int64_t seq, time_ms;
  const char *item_key, *deck_id, *text;
  int64_t n, m;
  int64_t row; /* review_log id (reviews read back), else 0 */
} kk_StoreSyncEvent;
typedef int (*kk_StoreSyncFn)(void *ud, const kk_StoreSyncEvent *e);

/* One IMMEDIATE transaction around a sync step. */
kk_Status kk_store_sync_begin(kk_Store *s, kk_Err *err);
kk_Status kk_store_sync_commit(kk_Store *s, kk_Err *err);
void kk_store_sync_rollback(kk_Store *s);

/* Queues a local event not yet exported (a deck settings change). */
kk_Status kk_store_sync_add_local(kk_Store *s, int kind, const char *item_key, const char *deck_id,
                                  int64_t n, const char *text, int64_t time_ms, kk_Err *err);

/* Turns every local change not yet exported into events of device dev
** with sequences after_seq+1, ...: reviews (in recording order), then the
** queued events (undos, deck settings), then suspend and bury flags that
** differ from those last synced (timed now_ms).  Their items are touched.
** *last_seq is the last sequence given (after_seq if nothing was new).
** after_seq must lie in 0..KK_SYNC_SEQ_MAX, and numbering stops there
** (KK_ERR_LIMIT). */
kk_Status kk_store_sync_export(kk_Store *s, const char *dev, int64_t after_seq, int64_t now_ms,
                               int64_t *last_seq, kk_Err *err);

/* Every event of device dev in sequence order (the device's own file). */
kk_Status kk_store_sync_each_own(kk_Store *s, const char *dev, kk_StoreSyncFn fn, void *ud,
                                 kk_Err *err);

/* Highest sequence merged from dev (0 if none), and setting it. */
kk_Status kk_store_sync_peer(kk_Store *s, const char *dev, int64_t *max_seq, kk_Err *err);
kk_Status kk_store_sync_set_peer(kk_Store *s, const char *dev, int64_t max_seq, kk_Err *err);

/* Log entries (reviews, forgets, set-dues) merged from other devices wait
** in a stage until the replay has computed their derived columns, and are
** then written once each, in the order merged (kk_store_sync_write_stage).
** The stage borrows the events' strings: they must stay valid until it is
** written. */
typedef struct kk_StoreSyncStaged {
  kk_StoreSyncEvent e; /* e.row is 0 */
  kk_CardState before; /* the replay's: the state before, and for */
  kk_ReviewLog log;    /* reviews the scheduler's log (else zeros) */
  int dead;            /* a tombstone merged later removed it */
} kk_StoreSyncStaged;
typedef struct kk_StoreSyncStage kk_StoreSyncStage;
/* Returns a new empty stage, or NULL without memory; caller frees with
** kk_store_sync_stage_free (which accepts NULL). */
kk_StoreSyncStage *kk_store_sync_stage_new(void);
void kk_store_sync_stage_free(kk_StoreSyncStage *g);
/* The staged entries in the order merged (dead ones included), valid
** until the next merge into g; the replay fills in before and log. */
kk_StoreSyncStaged *kk_store_sync_stage_entries(kk_StoreSyncStage *g, size_t *n);

/* Merges events of other devices; *added counts those that changed
** anything (a review already present under its id, or the same item, time
** and rating under another id, or one with a tombstone, adds nothing).  An
** undo deletes the review it names (stored, or staged).  Log entries go to
** the stage g; the other events are stored.  Touches the items. */
kk_Status kk_store_sync_merge(kk_Store *s, const kk_StoreSyncEvent *ev, size_t n,
                              kk_StoreSyncStage *g, int64_t *added, kk_Err *err);
/* Writes the stage's live entries into the log, in the order merged. */
kk_Status kk_store_sync_write_stage(kk_Store *s, const kk_StoreSyncStage *g, kk_Err *err);

/* Deck settings: every deck with a settings row, with the value last synced
** (NULL if never); and the newest 'D' event per deck (by time, then
** device id), the one that wins. */
typedef int (*kk_StoreSyncDeckFn)(void *ud, const char *deck_id, const kk_StoreDeckSettings *ds,
                                  const char *seen);
kk_Status kk_store_sync_each_deck(kk_Store *s, kk_StoreSyncDeckFn fn, void *ud, kk_Err *err);
typedef int (*kk_StoreSyncTextFn)(void *ud, const char *deck_id, const char *text);
kk_Status kk_store_sync_each_deck_winner(kk_Store *s, kk_StoreSyncTextFn fn, void *ud, kk_Err *err);
kk_Status kk_store_sync_set_deck_seen(kk_Store *s, const char *deck_id, const char *text,
                                      kk_Err *err);

/* The touched items' reviews, forget and set-due entries and suspend/bury
** events (exported ones),
** ordered by item key, device, sequence; row set for reviews (replays
** rewrite them with kk_store_update_review). */
kk_Status kk_store_sync_each_touched(kk_Store *s, kk_StoreSyncFn fn, void *ud, kk_Err *err);
/* Sets items' replayed states and remembers their flags as synced. */
typedef struct kk_StoreSyncItem {
  const char *item_key, *deck_id; /* borrowed */
  kk_CardState st;
} kk_StoreSyncItem;
kk_Status kk_store_sync_put_states(kk_Store *s, const kk_StoreSyncItem *it, size_t n, kk_Err *err);
/* Touched items with a state but no synced events left (their only
** review was undone on another device) become new again, as a replay of
** nothing gives; *n counts them. */
kk_Status kk_store_sync_reset_bare(kk_Store *s, int64_t *n, kk_Err *err);
/* Touches every item with exported events (a full replay). */
kk_Status kk_store_sync_touch_all(kk_Store *s, kk_Err *err);
/* Touches every item of deck_id with exported events (its settings
** changed). */
kk_Status kk_store_sync_touch_deck(kk_Store *s, const char *deck_id, kk_Err *err);
/* Number of touched items; forgetting them. */
kk_Status kk_store_sync_touched_count(kk_Store *s, int64_t *n, kk_Err *err);
kk_Status kk_store_sync_clear_touched(kk_Store *s, kk_Err *err);

/* A file of the sync folder as last read (size, mtime in ns); found = 0
** if never. */
kk_Status kk_store_sync_file(kk_Store *s, const char *name, int64_t *size, int64_t *mtime_ns,
                             int *found, kk_Err *err);
kk_Status kk_store_sync_set_file(kk_Store *s, const char *name, int64_t size, int64_t mtime_ns,
                                 kk_Err *err);

#endif
