/*
** queue.h -- today's study queue: which items to study now and in what
** order.  Depends on review.h (states, clock), deck.h (items), sched.h
** (exam-date mode), store.h (reading states and today's log), alloc.h.
** kk_queue_build is a pure function of a
** kk_QueueInput and the clock.  kk_queue_input_new returns a new input;
** caller frees with kk_queue_input_free; it owns copies of the keys and
** deck ids.  kk_queue_build returns a new kk_Queue; caller frees with
** kk_queue_free; its entries refer to the input's items by index.
**
** Order: learning items due now (earliest first); then reviews due today,
** lowest retrievability first, with new items (in deck order) spread evenly
** among them (a review first); then learning items due within the learn-ahead window.
** Limits per deck: new_per_day (20) and reviews_per_day (200), less what
** the log shows was studied today.  Suspended and buried items are left
** out; of the items of one card (siblings) at most one new-or-review item is
** queued per day, and none once a sibling was answered today.
**
** Use: add decks (kk_queue_input_add_decks), read the store, build.  After
** each answer, record it (kk_store_record_review), tell the input
** (kk_queue_input_answered) and build again: the answered item leaves or
** comes back as learning, its siblings are buried because their card was
** answered today, and the limits count it.  After kk_store_undo_last, tell
** the input with kk_queue_input_undone.  When the study day changes, read
** the store again (today's counts start over).
*/
#ifndef KK_QUEUE_H
#define KK_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/alloc.h"
#include "core/deck/deck.h"
#include "core/base/err.h"
#include "core/study/review.h"
#include "core/study/sched.h"
#include "core/study/store.h"

#define KK_QUEUE_NEW_PER_DAY 20
#define KK_QUEUE_REVIEWS_PER_DAY 200
#define KK_QUEUE_LEARN_AHEAD_MS ((int64_t)20 * 60 * 1000)

/* One study item of the loaded decks. */
typedef struct kk_QueueItem {
  const char *key;          /* item key, owned by the input */
  int deck;                 /* index into the input's decks */
  int card;                 /* siblings share it; 0 <= card < number of items */
  const kk_Card *deck_card; /* borrowed from its deck (valid until kk_deck_free);
                          NULL for items added by key alone */
  int has_state;            /* 0: never studied (new) */
  kk_CardState state;       /* valid if has_state */
} kk_QueueItem;

typedef struct kk_QueueDeck {
  const char *id; /* owned by the input */
  /* Exam-date mode: with sched->exam_date_ms set, a review item is due when
  ** kk_sched_exam_due says (which may be before its due_ms).  Both borrowed
  ** (valid while the input is used); NULL: due_ms as stored, FSRS defaults. */
  const kk_SchedConfig *sched;
  const kk_FsrsParams *params;
  int new_per_day;        /* < 0: KK_QUEUE_NEW_PER_DAY */
  int reviews_per_day;    /* < 0: KK_QUEUE_REVIEWS_PER_DAY */
  int new_done_today;     /* new items first answered today */
  int reviews_done_today; /* review-phase items answered today */
} kk_QueueDeck;

typedef struct kk_QueueInput {
  kk_QueueItem *items; /* in deck order */
  size_t nitems, items_cap;
  kk_QueueDeck *decks;
  size_t ndecks, decks_cap;
  kk_Arena arena; /* the strings */
} kk_QueueInput;

kk_QueueInput *kk_queue_input_new(void);     /* NULL if out of memory */
void kk_queue_input_free(kk_QueueInput *in); /* in may be NULL */
/* Adds a deck; returns its index, or -1 if out of memory. */
int kk_queue_input_add_deck(kk_QueueInput *in, const char *deck_id, int new_per_day,
                            int reviews_per_day);
/* Adds an item (new, no state) of deck `deck`; card numbers siblings.
** Items are queued in the order they were added. */
kk_Status kk_queue_input_add_item(kk_QueueInput *in, int deck, int card, const char *key,
                                  kk_Err *err);
/* After an answer to item i was recorded: its state becomes *after and
** the answer counts against today's limit of its deck (new or review, by
** the phase in *before). */
void kk_queue_input_answered(kk_QueueInput *in, size_t i, const kk_CardState *before,
                             const kk_CardState *after);
/* After kk_store_undo_last (u): restores that item's state, if the item is
** in the input, and gives the answer back to today's limits if it was given
** today (an undone action, u->action, gives nothing back).  Returns the
** item's index or -1. */
long kk_queue_input_undone(kk_QueueInput *in, const kk_StoreUndo *u, const kk_Clock *clock);

/* The index of the item with that key, or -1 (a linear search). */
long kk_queue_input_find(const kk_QueueInput *in, const char *key);
/* The fuzz key of an item for kk_sched_answer and friends (64-bit FNV-1a of
** the item key); the queue uses it for exam-date mode, so the UI should too. */
uint64_t kk_queue_fuzz_key(const char *item_key);

/* Adds the decks, with the limits of their own settings, and all their
** items in deck order; the items of one card are siblings.  Borrows decks
** for the call only. */
kk_Status kk_queue_input_add_decks(kk_QueueInput *in, kk_Deck *const *decks, size_t n, kk_Err *err);
/* Fills every item's state from the store, each deck's done-today counts
** from today's log, and applies the store's deck settings (limits) over the
** ones given to add_deck.  Items unknown to the store stay new. */
kk_Status kk_queue_input_read_store(kk_QueueInput *in, kk_Store *s, const kk_Clock *clock,
                                    kk_Err *err);

typedef enum { KK_QUEUE_LEARNING, KK_QUEUE_REVIEW, KK_QUEUE_NEW } kk_QueueKind;

typedef struct kk_QueueEntry {
  size_t item; /* index into the input's items */
  kk_QueueKind kind;
} kk_QueueEntry;

/* Counts for the home screen. */
typedef struct kk_QueueCounts {
  int new_count; /* new items queued today (after the limit) */
  int learning;  /* learning items due today, now or later */
  int review;    /* reviews queued today (after the limit) */
} kk_QueueCounts;

typedef struct kk_QueueOptions {
  int new_every;          /* one new item after this many reviews; 0: spread
                             new items evenly over the reviews */
  int64_t learn_ahead_ms; /* < 0: KK_QUEUE_LEARN_AHEAD_MS */
} kk_QueueOptions;

typedef struct kk_Queue {
  kk_QueueEntry *entries; /* in study order */
  size_t n;
  kk_QueueCounts *decks; /* per input deck */
  size_t ndecks;
  kk_QueueCounts total;
  int64_t next_learning_ms; /* earliest learning item due later today that
                               is not queued yet, 0 if none */
} kk_Queue;

/* Builds today's queue.  opt may be NULL (defaults).  Fails with
** KK_ERR_USAGE if an item's deck or card is out of range, KK_ERR_NOMEM. */
kk_Status kk_queue_build(const kk_QueueInput *in, const kk_Clock *clock, const kk_QueueOptions *opt,
                         kk_Err *err, kk_Queue **out);
void kk_queue_free(kk_Queue *q); /* q may be NULL */

#endif
