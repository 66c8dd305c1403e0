/*
** store.h -- the progress store: one SQLite database (progress.sqlite3) in
** the data dir holding item states, the review log, deck and UI settings and
** the exam tables.  Depends on err.h, review.h and SQLite.  kk_store_open
** returns a new kk_Store; caller frees with kk_store_close.  Strings handed
** to callbacks are borrowed and valid only during the call.  Writes are
** durable (WAL, synchronous=FULL) when the call returns KK_OK.  Another
** process holding the store past the busy timeout gives KK_ERR_BUSY.
*/
#ifndef KK_STORE_H
#define KK_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/err.h"
#include "core/study/review.h"

#define KK_STORE_FILE "progress.sqlite3"
#define KK_STORE_VERSION 10   /* PRAGMA user_version of a current store */
#define KK_STORE_BUSY_MS 2000 /* how long to wait for another process */
#define KK_STORE_KEY_MAX 256  /* longest item key / deck id, with NUL */

typedef struct kk_Store kk_Store;

/* Opens DIR/progress.sqlite3, creating it only where no file exists (built
** whole beside it and linked into place); DIR is created with mode 0700,
** the file with 0600.  Migrates an older schema forward.  Fails with
** KK_ERR_BUSY if another process holds the store, KK_ERR_INVALID if the
** store was written by a newer Kioku or the file is empty (0 bytes: a cut
** short store, never taken for a new one; the message names it and says
** how to start afresh) or not a regular file, KK_ERR_DB / KK_ERR_IO
** otherwise.  Where the file system cannot do SQLite's write-ahead log the
** store uses a rollback journal and kk_store_journal_note says why. */
kk_Status kk_store_open(const char *dir, kk_Err *err, kk_Store **out);
void kk_store_close(kk_Store *s); /* s may be NULL */

/* 1 if this kk_store_open created the file (the window and CLI say
** "created a new progress store at PATH": a mistyped data dir shows). */
int kk_store_created(const kk_Store *s);
/* Why the store is not in WAL mode (one sentence naming the real cause),
** borrowed; NULL when it is.  Worth a warning: with a rollback journal a
** second window waits while one writes. */
#define KK_STORE_NOTE_MAX 384
const char *kk_store_journal_note(const kk_Store *s);

/* The database handle, borrowed (valid until kk_store_close), for the
** store's own files (store_exam.c); no other module uses SQL. */
sqlite3 *kk_store_sqlite(kk_Store *s);
/* A statement for sql, for the store's own files: from the store's cache
** (prepared once, kept until kk_store_close; a sync prepared some thirty
** statements each run) or, when the cached one is in use (a callback
** asking again for the statement whose rows it is called from), a fresh
** one.  Returns an SQLite result code.  Hand it back with
** kk_store_stmt_done, which resets it and clears its bindings (or
** finalizes a fresh one); never finalize it yourself. */
int kk_store_stmt(kk_Store *s, const char *sql, sqlite3_stmt **q);
void kk_store_stmt_done(kk_Store *s, sqlite3_stmt *q); /* NULL is fine */
/* The one SQLite error mapper, for the store's own files (store_exam.c): busy or locked -> KK_ERR_BUSY, no memory ->
** KK_ERR_NOMEM, else KK_ERR_DB with SQLite's message; what says what was
** being done.  Returns the status it set in err. */
kk_Status kk_store_fail(kk_Store *s, int rc, const char *what, kk_Err *err);
/* Full path of the database file, borrowed. */
const char *kk_store_path(const kk_Store *s);

/* ---- item states --------------------------------------------------------
** An item with no row is new (a zeroed kk_CardState). */
kk_Status kk_store_get_state(kk_Store *s, const char *item_key, kk_Err *err, kk_CardState *out,
                             int *found);
kk_Status kk_store_put_state(kk_Store *s, const char *item_key, const char *deck_id,
                             const kk_CardState *st, kk_Err *err);

/* Records one review in a single transaction: the item's state becomes
** *after and the log gains an entry holding *log and the full *before state
** (for undo).  When it returns KK_OK the review is on disk. */
kk_Status kk_store_record_review(kk_Store *s, const char *item_key, const char *deck_id,
                                 const kk_CardState *before, const kk_CardState *after,
                                 const kk_ReviewLog *log, kk_Err *err);

/* An item's history brought in from another program (an Anki package):
** its current state and its reviews, oldest first. */
typedef struct kk_StoreHistory {
  const char *item_key;
  kk_CardState state;
  const kk_ReviewLog *logs; /* borrowed */
  size_t nlogs;
} kk_StoreHistory;

/* Writes n items' histories in one transaction: each item's state is
** replaced by .state and its reviews are appended to the log (the state
** recorded before each is a new state in the review's phase_before).
** Nothing is written unless everything is. */
kk_Status kk_store_import_history(kk_Store *s, const char *deck_id, const kk_StoreHistory *items,
                                  size_t n, kk_Err *err);

/* What kk_store_undo_last took back. */
typedef struct kk_StoreUndo {
  char item_key[KK_STORE_KEY_MAX];
  char deck_id[KK_STORE_KEY_MAX];
  kk_CardState restored; /* the state before the undone review, now current */
  kk_ReviewLog log;      /* the undone review */
  int action;            /* 0: a review; else the kk_StoreAction undone */
} kk_StoreUndo;

/* Removes this device's newest entry of the log (a review or an action;
** reviews merged from other devices are not undone here) and restores the
** item's state from before it, in one transaction.  Repeatable: each call
** undoes one more.  KK_ERR_NOTFOUND if the log is empty.  out may be NULL.
** A review already exported to the sync folder leaves a tombstone
** (store_sync.h). */
kk_Status kk_store_undo_last(kk_Store *s, kk_Err *err, kk_StoreUndo *out);

/* ---- actions --------------------------------------------------------------
** What the student does to an item outside a review (the browser, `kioku
** cards`).  Each is an entry of the log (rating 0, `action` set) holding the
** state before it, so kk_store_undo_last takes it back like a review; every
** reader of reviews (each_review, review_count, each_review_time, the FSRS
** export) skips them, except that after a forget the export numbers the
** item's later reviews as a new card (its memory starts over).  A set-due
** entry keeps the due time it set in duration_ms.  Forget and set-due
** entries are sync events of their own (store_sync.h) replayed in order
** with the reviews; suspend, unsuspend and bury reach other devices as
** flag changes. */
typedef enum {
  KK_STORE_ACTION_SUSPEND = 1,
  KK_STORE_ACTION_UNSUSPEND = 2,
  KK_STORE_ACTION_BURY = 3,
  KK_STORE_ACTION_FORGET = 4,
  KK_STORE_ACTION_SET_DUE = 5
} kk_StoreAction;

/* "suspend", "unsuspend", "bury", "forget", "set-due"; NULL if out of range. */
const char *kk_store_action_name(int action);

/* Records action at time_ms in one transaction: the item's state becomes
** *after, the log gains the entry with *before; *id (may be NULL) its log
** id, for kk_store_undo_review (which takes actions back too).
** (study/action.h computes *after.) */
kk_Status kk_store_record_action(kk_Store *s, const char *item_key, const char *deck_id,
                                 kk_StoreAction action, const kk_CardState *before,
                                 const kk_CardState *after, int64_t time_ms, kk_Err *err,
                                 int64_t *id);

/* Rewrites the derived columns of review `id` (the state before it and
** the log's elapsed days, phases, memory state, interval, scheduler) after
** a replay; time, rating and duration stay. */
kk_Status kk_store_update_review(kk_Store *s, int64_t id, const kk_CardState *before,
                                 const kk_ReviewLog *log, kk_Err *err);
/* Appends a log entry merged from another device (sync.h): its global id
** (dev, seq), the state before it and the log as a replay computed them;
** no transaction of its own (the sync's). */
kk_Status kk_store_insert_synced(kk_Store *s, const char *item_key, const char *deck_id,
                                 const kk_CardState *before, const kk_ReviewLog *log, int action,
                                 const char *dev, int64_t seq, kk_Err *err);
/* Several windows on one store.  Records one review like
** kk_store_record_review, but only if the item's stored state is still
** *before (what the caller read; a zeroed state for an item without a
** row): otherwise nothing is written, *current (may be NULL) receives the
** stored state and the result is KK_ERR_EXISTS, so the caller answers
** again from it and both reviews count.  *id (may be NULL) receives the
** new log entry's id, for kk_store_undo_review. */
kk_Status kk_store_record_review_if(kk_Store *s, const char *item_key, const char *deck_id,
                                    const kk_CardState *before, const kk_CardState *after,
                                    const kk_ReviewLog *log, kk_Err *err, int64_t *id,
                                    kk_CardState *current);
/* Takes back the review with log id `id` (one this window recorded) and
** restores the item's state from before it, in one transaction.
** KK_ERR_NOTFOUND if it is no longer in the log; KK_ERR_EXISTS (nothing
** changed) if the item was reviewed again after it, by another window.
** out may be NULL. */
kk_Status kk_store_undo_review(kk_Store *s, int64_t id, kk_Err *err, kk_StoreUndo *out);

/* Suspend (on=1) or unsuspend (on=0) an item; bury it until until_ms (0
** unburies).  An item without a row gets one (a new state). */
kk_Status kk_store_set_suspended(kk_Store *s, const char *item_key, const char *deck_id, int on,
                                 kk_Err *err);
kk_Status kk_store_bury(kk_Store *s, const char *item_key, const char *deck_id, int64_t until_ms,
                        kk_Err *err);

/* ---- iteration ----------------------------------------------------------
** Callbacks return 0 to go on, nonzero to stop early (not an error). */
typedef int (*kk_StoreStateFn)(void *ud, const char *item_key, const char *deck_id,
                               const kk_CardState *st);
/* Every item state (of deck_id only, unless NULL), in item key order. */
kk_Status kk_store_each_state(kk_Store *s, const char *deck_id, kk_StoreStateFn fn, void *ud,
                              kk_Err *err);

typedef struct kk_StoreReview {
  int64_t id; /* increasing in recording order */
  const char *item_key, *card_id, *deck_id;
  kk_ReviewLog log;
  kk_CardState before;
  int action; /* 0: a review; else a kk_StoreAction (rating 0) */
} kk_StoreReview;
typedef int (*kk_StoreReviewFn)(void *ud, const kk_StoreReview *r);
/* Every review with time_ms >= since_ms (of deck_id only, unless NULL), in
** recording order. */
kk_Status kk_store_each_review(kk_Store *s, const char *deck_id, int64_t since_ms,
                               kk_StoreReviewFn fn, void *ud, kk_Err *err);
/* Every entry of one item's log, reviews and actions, oldest first. */
kk_Status kk_store_each_item_log(kk_Store *s, const char *item_key, kk_StoreReviewFn fn, void *ud,
                                 kk_Err *err);
/* Number of reviews in the log (of deck_id only, unless NULL). */
kk_Status kk_store_review_count(kk_Store *s, const char *deck_id, kk_Err *err, int64_t *out);

/* Every review's time, newest first (of deck_id only, unless NULL). */
typedef int (*kk_StoreTimeFn)(void *ud, int64_t time_ms);
kk_Status kk_store_each_review_time(kk_Store *s, const char *deck_id, kk_StoreTimeFn fn, void *ud,
                                    kk_Err *err);

/* The review log in the columns FSRS tools read, in recording order; items
** are numbered 1, 2, ... by their first review (stable while the log grows). */
typedef struct kk_StoreRevlogRow {
  int64_t card_n, time_ms;
  int rating, state_before;
  int64_t duration_ms;
} kk_StoreRevlogRow;
typedef int (*kk_StoreRevlogFn)(void *ud, const kk_StoreRevlogRow *r);
/* Of deck_id only, unless NULL (card numbers stay those of the whole log). */
kk_Status kk_store_each_revlog_row(kk_Store *s, const char *deck_id, kk_StoreRevlogFn fn, void *ud,
                                   kk_Err *err);

/* *known = 1 if the store has any state, review or setting of deck_id. */
kk_Status kk_store_deck_known(kk_Store *s, const char *deck_id, kk_Err *err, int *known);

/* ---- deck settings (the student's overrides of a deck's own) ------------ */
typedef struct kk_StoreDeckSettings {
  double retention;          /* desired retention; 0 = the deck's own */
  int new_per_day;           /* -1 = the deck's own */
  int reviews_per_day;       /* -1 = the deck's own */
  int max_interval_days;     /* 0 = the deck's own */
  int scheduler;             /* kk_SchedulerKind, or -1 = the deck's own */
  char exam_date[11];        /* "YYYY-MM-DD" or "" */
  char learning_steps[64];   /* e.g. "1m 10m" (kk_sched_parse_steps), "" = the deck's own */
  char relearning_steps[64]; /* "" = the deck's own */
  int leech_threshold;       /* lapses, 1..KK_LEECH_THRESHOLD_MAX; 0 = the deck's own */
  int leech_action;          /* kk_LeechAction, or -1 = the deck's own */
  int fold_kana;             /* 1: hiragana and katakana answers match, 0: kept
                              apart, -1 = the deck's own (its fold_kana) */
} kk_StoreDeckSettings;

/* The largest leech threshold a student can set (lapses). */
#define KK_LEECH_THRESHOLD_MAX 99

/* Fills *out with the deck's row, or the "deck's own" values and *found = 0. */
kk_Status kk_store_get_deck_settings(kk_Store *s, const char *deck_id, kk_Err *err,
                                     kk_StoreDeckSettings *out, int *found);
kk_Status kk_store_put_deck_settings(kk_Store *s, const char *deck_id,
                                     const kk_StoreDeckSettings *ds, kk_Err *err);

/* ---- key/value settings (UI settings, remembered deck folders) ---------
** get: *out is a new string (caller frees with kk_free) or NULL if unset.
** set: value NULL deletes the key. */
kk_Status kk_store_get_setting(kk_Store *s, const char *key, kk_Err *err, char **out);
/* The study day's start hour the student chose (the settings screen): the
** one reader of that setting, for the window, the CLI, the optimizer and
** the sync's replay.  0..23; dflt when none is stored or what is stored
** is not an hour. */
int kk_store_day_start_hour(kk_Store *s, int dflt);
/* Stores it (h in 0..23, else KK_ERR_USAGE). */
kk_Status kk_store_set_day_start_hour(kk_Store *s, int h, kk_Err *err);
kk_Status kk_store_set_setting(kk_Store *s, const char *key, const char *value, kk_Err *err);

/* ---- schema, for tests ---------------------------------------------------
** Creates a database file at path holding schema version `version`
** (1..KK_STORE_VERSION) exactly as that version of Kioku made it, without
** migrating further, so tests can check every migration path. */
kk_Status kk_store_create_version(const char *path, int version, kk_Err *err);

#endif
