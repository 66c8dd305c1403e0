/*
** queue.h -- today's study queue: which items to study now and in what
** order.  Depends on review.h (states, clock), store.h (reading states and
** today's log), alloc.h.  kk_queue_build is a pure function of a
** kk_QueueInput and the clock.  kk_queue_input_new returns a new input;
** caller frees with kk_queue_input_free; it owns copies of the keys and
** deck ids.  kk_queue_build returns a new kk_Queue; caller frees with
** kk_queue_free; its entries refer to the input's items by index.
**
** Order: learning items due now (earliest first); then reviews due today,
** lowest retrievability first, with new items (in deck order) spread evenly
** among them; then learning items due within the learn-ahead window.
** Limits per deck: new_per_day (20) and reviews_per_day (200), less what
** the log shows was studied today.  Suspended and buried items are left
** out; of the items of one card (siblings) at most one new-or-review item is
** queued per day, and none once a sibling was answered today.
*/
#ifndef KK_QUEUE_H
#define KK_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"
#include "core/deck.h"
#include "core/err.h"
#include "core/review.h"
#include "core/store.h"

#define KK_QUEUE_NEW_PER_DAY 20
#define KK_QUEUE_REVIEWS_PER_DAY 200
#define KK_QUEUE_LEARN_AHEAD_MS (20 * 60 * 1000)

/* One study item of the loaded decks. */
typedef struct kk_QueueItem {
  const char *key;    /* item key, owned by the input */
  int deck;           /* index into the input's decks */
  int card;           /* siblings share it; 0 <= card < number of items */
  const kk_Card *deck_card; /* borrowed from its deck (valid until kk_deck_free);
                          NULL for items added by key alone */
  int has_state;      /* 0: never studied (new) */
  kk_CardState state; /* valid if has_state */
} kk_QueueItem;

typedef struct kk_QueueDeck {
  const char *id;         /* owned by the input */
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
  kk_Arena arena;      /* the strings */
} kk_QueueInput;

kk_QueueInput *kk_queue_input_new(void); /* NULL if out of memory */
void kk_queue_input_free(kk_QueueInput *in); /* in may be NULL */
/* Adds a deck; returns its index, or -1 if out of memory. */
int kk_queue_input_add_deck(kk_QueueInput *in, const char *deck_id,
                            int new_per_day, int reviews_per_day);
/* Adds an item (new, no state) of deck `deck`; card numbers siblings.
** Items are queued in the order they were added. */
kk_Status kk_queue_input_add_item(kk_QueueInput *in, int deck, int card,
                                  const char *key, kk_Err *err);
/* Adds the decks, with the limits of their own settings, and all their
** items in deck order; the items of one card are siblings.  Borrows decks
** for the call only. */
kk_Status kk_queue_input_add_decks(kk_QueueInput *in, kk_Deck *const *decks,
                                   size_t n, kk_Err *err);
/* Fills every item's state from the store, each deck's done-today counts
** from today's log, and applies the store's deck settings (limits) over the
** ones given to add_deck.  Items unknown to the store stay new. */
kk_Status kk_queue_input_read_store(kk_QueueInput *in, kk_Store *s,
                                    const kk_Clock *clock, kk_Err *err);

typedef enum { KK_QUEUE_LEARNING, KK_QUEUE_REVIEW, KK_QUEUE_NEW } kk_QueueKind;

typedef struct kk_QueueEntry {
  size_t item;       /* index into the input's items */
  kk_QueueKind kind;
} kk_QueueEntry;

/* Counts for the home screen. */
typedef struct kk_QueueCounts {
  int new_count;      /* new items queued today (after the limit) */
  int learning;       /* learning items due today, now or later */
  int review;         /* reviews queued today (after the limit) */
} kk_QueueCounts;

typedef struct kk_QueueOptions {
  int new_every;          /* one new item after this many reviews; 0: spread
                             new items evenly over the reviews */
  int64_t learn_ahead_ms; /* < 0: KK_QUEUE_LEARN_AHEAD_MS */
} kk_QueueOptions;

typedef struct kk_Queue {
  kk_QueueEntry *entries; /* in study order */
  size_t n;
  kk_QueueCounts *decks;  /* per input deck */
  size_t ndecks;
  kk_QueueCounts total;
  int64_t next_learning_ms; /* earliest learning item due later today that
                               is not queued yet, 0 if none */
} kk_Queue;

/* Builds today's queue.  opt may be NULL (defaults).  Fails with
** KK_ERR_USAGE if an item's deck or card is out of range, KK_ERR_NOMEM. */
kk_Status kk_queue_build(const kk_QueueInput *in, const kk_Clock *clock,
                         const kk_QueueOptions *opt, kk_Err *err, kk_Queue **out);
void kk_queue_free(kk_Queue *q); /* q may be NULL */

#endif
