/*
** queue.c -- today's study queue.
**
** Divisions: input (building a kk_QueueInput, reading the store into it),
** build (the pure queue builder).
*/
#include "core/study/queue.h"
#include "core/base/i18n.h"
#include "core/base/hash.h"

#include <stdlib.h>
#include <string.h>

/* ==== input ================================================================*/

kk_QueueInput *kk_queue_input_new(void) { return kk_calloc(1, sizeof(kk_QueueInput)); }

void kk_queue_input_free(kk_QueueInput *in) {
  if (!in) return;
  kk_free(in->items);
  kk_free(in->decks);
  kk_arena_free(&in->arena);
  kk_free(in);
}

int kk_queue_input_add_deck(kk_QueueInput *in, const char *deck_id, int new_per_day,
                            int reviews_per_day) {
  kk_QueueDeck *dv = kk_grow(in->decks, &in->decks_cap, in->ndecks + 1, sizeof *dv, 64);
  if (!dv) return -1;
  in->decks = dv;
  const char *id = kk_arena_strdup(&in->arena, deck_id);
  if (!id) return -1;
  kk_QueueDeck *d = &in->decks[in->ndecks];
  memset(d, 0, sizeof *d);
  d->id = id;
  d->new_per_day = new_per_day;
  d->reviews_per_day = reviews_per_day;
  return (int)in->ndecks++;
}

kk_Status kk_queue_input_add_item(kk_QueueInput *in, int deck, int card, const char *key,
                                  kk_Err *err) {
  if (deck < 0 || (size_t)deck >= in->ndecks)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("no deck %d"), deck);
  kk_QueueItem *iv = kk_grow(in->items, &in->items_cap, in->nitems + 1, sizeof *iv, 64);
  if (!iv) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  in->items = iv;
  const char *k = kk_arena_strdup(&in->arena, key);
  if (!k) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  kk_QueueItem *it = &in->items[in->nitems++];
  memset(it, 0, sizeof *it);
  it->key = k;
  it->deck = deck;
  it->card = card;
  return KK_OK;
}

kk_Status kk_queue_input_add_decks(kk_QueueInput *in, kk_Deck *const *decks, size_t n,
                                   kk_Err *err) {
  char key[512];
  for (size_t d = 0; d < n; d++) {
    const kk_DeckSettings *ds = kk_deck_settings(decks[d]);
    int di = kk_queue_input_add_deck(in, kk_deck_id(decks[d]), ds ? ds->new_per_day : -1,
                                     ds ? ds->reviews_per_day : -1);
    if (di < 0) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    for (size_t c = 0, nc = kk_deck_card_count(decks[d]); c < nc; c++) {
      const kk_Card *card = kk_deck_card(decks[d], c);
      int card_no = (int)in->nitems; /* unique, and below the item count */
      for (size_t i = 0, ni = kk_card_item_count(card); i < ni; i++) {
        if (kk_card_item_key(card, i, key, sizeof key) < 0)
          return kk_err_set(err, KK_ERR_LIMIT, kk_deck_path(decks[d]), card->line, card->col,
                            _("card id too long for an item key"));
        kk_Status st = kk_queue_input_add_item(in, di, card_no, key, err);
        if (st != KK_OK) return st;
        in->items[in->nitems - 1].deck_card = card;
      }
    }
  }
  return KK_OK;
}

void kk_queue_input_answered(kk_QueueInput *in, size_t i, const kk_CardState *before,
                             const kk_CardState *after) {
  if (i >= in->nitems) return;
  kk_QueueItem *it = &in->items[i];
  kk_QueueDeck *d = &in->decks[it->deck];
  if (before->phase == KK_PHASE_NEW)
    d->new_done_today++;
  else if (before->phase == KK_PHASE_REVIEW)
    d->reviews_done_today++;
  it->state = *after;
  it->has_state = 1;
}

long kk_queue_input_undone(kk_QueueInput *in, const kk_StoreUndo *u, const kk_Clock *clock) {
  long i = kk_queue_input_find(in, u->item_key);
  if (i < 0) return -1;
  kk_QueueItem *it = &in->items[i];
  kk_QueueDeck *d = &in->decks[it->deck];
  if (!u->action && kk_clock_day(clock, u->log.time_ms) == kk_clock_day(clock, clock->now_ms)) {
    if (u->log.phase_before == KK_PHASE_NEW && d->new_done_today > 0) d->new_done_today--;
    if (u->log.phase_before == KK_PHASE_REVIEW && d->reviews_done_today > 0)
      d->reviews_done_today--;
  }
  it->state = u->restored;
  it->has_state = 1;
  return i;
}

long kk_queue_input_find(const kk_QueueInput *in, const char *key) {
  for (size_t i = 0; i < in->nitems; i++)
    if (strcmp(in->items[i].key, key) == 0) return (long)i;
  return -1;
}

/* An open-addressing hash set of item indices keyed by item key. */
typedef struct {
  const kk_QueueInput *in;
  uint32_t *slot; /* item index + 1; 0 = empty */
  size_t mask;
} KeyIndex;

static uint64_t hash_str(const char *s) { return kk_hash_str(s, KK_HASH_V1_SEED); }

uint64_t kk_queue_fuzz_key(const char *item_key) { return hash_str(item_key); }

static int index_build(KeyIndex *ix, const kk_QueueInput *in) {
  size_t cap = 64;
  while (cap < in->nitems * 2) cap *= 2;
  if (in->nitems >= UINT32_MAX) return 0;
  ix->in = in;
  ix->mask = cap - 1;
  ix->slot = kk_calloc(cap, sizeof *ix->slot);
  if (!ix->slot) return 0;
  for (size_t i = 0; i < in->nitems; i++) {
    size_t h = (size_t)hash_str(in->items[i].key) & ix->mask;
    while (ix->slot[h]) {
      /* A key added twice: the first one keeps the state. */
      if (strcmp(in->items[ix->slot[h] - 1].key, in->items[i].key) == 0) break;
      h = (h + 1) & ix->mask;
    }
    if (!ix->slot[h]) ix->slot[h] = (uint32_t)i + 1;
  }
  return 1;
}

static long index_find(const KeyIndex *ix, const char *key) {
  size_t h = (size_t)hash_str(key) & ix->mask;
  while (ix->slot[h]) {
    if (strcmp(ix->in->items[ix->slot[h] - 1].key, key) == 0) return (long)ix->slot[h] - 1;
    h = (h + 1) & ix->mask;
  }
  return -1;
}

static int take_state(void *ud, const char *key, const char *deck_id, const kk_CardState *st) {
  KeyIndex *ix = ud;
  long i = index_find(ix, key);
  if (i >= 0) {
    kk_QueueItem *it = &((kk_QueueInput *)ix->in)->items[i];
    it->state = *st;
    it->has_state = 1;
  }
  return 0;
}

static int count_today(void *ud, const kk_StoreReview *r) {
  kk_QueueInput *in = ud;
  for (size_t d = 0; d < in->ndecks; d++) {
    if (strcmp(in->decks[d].id, r->deck_id) != 0) continue;
    if (r->log.phase_before == KK_PHASE_NEW)
      in->decks[d].new_done_today++;
    else if (r->log.phase_before == KK_PHASE_REVIEW)
      in->decks[d].reviews_done_today++;
    break;
  }
  return 0;
}

kk_Status kk_queue_input_read_store(kk_QueueInput *in, kk_Store *s, const kk_Clock *clock,
                                    kk_Err *err) {
  KeyIndex ix;
  if (!index_build(&ix, in)) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  for (size_t i = 0; i < in->nitems; i++) {
    in->items[i].has_state = 0;
    memset(&in->items[i].state, 0, sizeof in->items[i].state);
  }
  kk_Status st = kk_store_each_state(s, NULL, take_state, &ix, err);
  kk_free(ix.slot);
  if (st != KK_OK) return st;
  for (size_t d = 0; d < in->ndecks; d++) {
    kk_StoreDeckSettings ds;
    int found = 0;
    in->decks[d].new_done_today = in->decks[d].reviews_done_today = 0;
    st = kk_store_get_deck_settings(s, in->decks[d].id, err, &ds, &found);
    if (st != KK_OK) return st;
    if (found && ds.new_per_day >= 0) in->decks[d].new_per_day = ds.new_per_day;
    if (found && ds.reviews_per_day >= 0) in->decks[d].reviews_per_day = ds.reviews_per_day;
  }
  int64_t start = kk_clock_day_start_ms(clock, kk_clock_day(clock, clock->now_ms));
  return kk_store_each_review(s, NULL, start, count_today, in, err);
}

/* ==== build ================================================================*/

typedef struct {
  size_t item;
  double key; /* sort key: larger first (reviews), smaller first (learning) */
} Cand;

static int cmp_desc(const void *a, const void *b) {
  const Cand *x = a, *y = b;
  if (x->key != y->key) return x->key > y->key ? -1 : 1;
  return x->item < y->item ? -1 : x->item > y->item;
}

static int cmp_asc(const void *a, const void *b) {
  const Cand *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->item < y->item ? -1 : x->item > y->item;
}

/* How overdue a review is, as elapsed time over stability: retrievability
** (FSRS's curve, and any forgetting curve that depends on t/S) falls as
** this grows, so sorting by it descending is sorting by R ascending without
** evaluating the curve.  SM-2 items have no stability: their interval
** stands in for it. */
static double overdue_key(const kk_CardState *st, int64_t now_ms) {
  double s = st->stability > 0 ? st->stability : st->interval_days;
  if (s < 0.001) s = 0.001;
  double t = (double)(now_ms - st->last_review_ms) / 86400000.0;
  if (t < 0) t = 0;
  return t / s;
}

void kk_queue_free(kk_Queue *q) {
  if (!q) return;
  kk_free(q->entries);
  kk_free(q->decks);
  kk_free(q);
}

static int limit_of(int v, int dflt, int done) {
  int lim = (v < 0 ? dflt : v) - done;
  return lim > 0 ? lim : 0;
}

kk_Status kk_queue_build(const kk_QueueInput *in, const kk_Clock *clock, const kk_QueueOptions *opt,
                         kk_Err *err, kk_Queue **out) {
  *out = NULL;
  const size_t n = in->nitems;
  const int64_t now = clock->now_ms;
  const int64_t today = kk_clock_day(clock, now);
  const int64_t day_start = kk_clock_day_start_ms(clock, today);
  const int64_t day_end = kk_clock_day_start_ms(clock, today + 1);
  const int64_t ahead =
      opt && opt->learn_ahead_ms >= 0 ? opt->learn_ahead_ms : KK_QUEUE_LEARN_AHEAD_MS;
  const int new_every = opt ? opt->new_every : 0;
  kk_Status st = KK_OK;

  for (size_t i = 0; i < n; i++) {
    const kk_QueueItem *it = &in->items[i];
    if (it->deck < 0 || (size_t)it->deck >= in->ndecks || it->card < 0 || (size_t)it->card >= n)
      return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0,
                        _("item %s: deck or card number out of range"), it->key);
  }
  kk_Queue *q = kk_calloc(1, sizeof *q);
  unsigned char *card_used = kk_calloc(n ? n : 1, 1);
  Cand *learn = kk_malloc((n ? n : 1) * sizeof *learn);
  Cand *ahead_c = kk_malloc((n ? n : 1) * sizeof *ahead_c);
  Cand *rev = kk_malloc((n ? n : 1) * sizeof *rev);
  size_t *newi = kk_malloc((n ? n : 1) * sizeof *newi);
  int *new_left = kk_calloc(in->ndecks ? in->ndecks : 1, sizeof *new_left);
  int *rev_left = kk_calloc(in->ndecks ? in->ndecks : 1, sizeof *rev_left);
  if (q) q->decks = kk_calloc(in->ndecks ? in->ndecks : 1, sizeof *q->decks);
  if (q) q->entries = kk_malloc((n ? n : 1) * sizeof *q->entries);
  if (!q || !card_used || !learn || !ahead_c || !rev || !newi || !new_left || !rev_left ||
      !q->decks || !q->entries) {
    st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    goto fail;
  }
  q->ndecks = in->ndecks;
  for (size_t d = 0; d < in->ndecks; d++) {
    const kk_QueueDeck *dk = &in->decks[d];
    new_left[d] = limit_of(dk->new_per_day, KK_QUEUE_NEW_PER_DAY, dk->new_done_today);
    rev_left[d] = limit_of(dk->reviews_per_day, KK_QUEUE_REVIEWS_PER_DAY, dk->reviews_done_today);
  }

  /* Cards answered today keep their other items hidden until tomorrow. */
  for (size_t i = 0; i < n; i++) {
    const kk_QueueItem *it = &in->items[i];
    if (it->has_state && it->state.last_review_ms >= day_start) card_used[it->card] = 1;
  }

  /* Sort the items into candidates. */
  size_t nlearn = 0, nahead = 0, nrev = 0, nnew = 0;
  for (size_t i = 0; i < n; i++) {
    const kk_QueueItem *it = &in->items[i];
    const kk_CardState *s = &it->state;
    if (it->has_state && (s->suspended || s->buried_until_ms > now)) continue;
    if (!it->has_state || s->phase == KK_PHASE_NEW) {
      newi[nnew++] = i;
    } else if (s->phase == KK_PHASE_LEARNING || s->phase == KK_PHASE_RELEARNING) {
      if (s->due_ms >= day_end) continue; /* a learning step of days */
      q->decks[it->deck].learning++;
      if (s->due_ms <= now) {
        learn[nlearn++] = (Cand){i, (double)s->due_ms};
      } else if (s->due_ms <= now + ahead) {
        ahead_c[nahead++] = (Cand){i, (double)s->due_ms};
      } else if (!q->next_learning_ms || s->due_ms < q->next_learning_ms) {
        q->next_learning_ms = s->due_ms;
      }
    } else {
      const kk_QueueDeck *dk = &in->decks[it->deck];
      int64_t due = s->due_ms;
      if (dk->sched && dk->sched->exam_date_ms)
        due = kk_sched_exam_due(dk->sched, dk->params, s, clock, hash_str(it->key));
      if (kk_clock_day(clock, due) <= today) rev[nrev++] = (Cand){i, overdue_key(s, now)};
    }
  }
  qsort(learn, nlearn, sizeof *learn, cmp_asc);
  qsort(ahead_c, nahead, sizeof *ahead_c, cmp_asc);
  qsort(rev, nrev, sizeof *rev, cmp_desc);

  /* Reviews, most overdue first, within each deck's limit; one per card. */
  size_t nr = 0;
  for (size_t j = 0; j < nrev; j++) {
    const kk_QueueItem *it = &in->items[rev[j].item];
    if (card_used[it->card] || rev_left[it->deck] == 0) continue;
    card_used[it->card] = 1;
    rev_left[it->deck]--;
    q->decks[it->deck].review++;
    rev[nr++] = rev[j];
  }
  /* New items in deck order, within each deck's limit; one per card. */
  size_t nn = 0;
  for (size_t j = 0; j < nnew; j++) {
    const kk_QueueItem *it = &in->items[newi[j]];
    if (card_used[it->card] || new_left[it->deck] == 0) continue;
    card_used[it->card] = 1;
    new_left[it->deck]--;
    q->decks[it->deck].new_count++;
    newi[nn++] = newi[j];
  }

  /* Learning now, then reviews with new items mixed in, then learn-ahead. */
  size_t k = 0;
  for (size_t j = 0; j < nlearn; j++)
    q->entries[k++] = (kk_QueueEntry){learn[j].item, KK_QUEUE_LEARNING};
  size_t r = 0, m = 0;
  while (r < nr || m < nn) {
    /* New item m goes after this many reviews. */
    size_t after;
    if (new_every > 0)
      after = (m + 1) * (size_t)new_every;
    else
      after = ((m + 1) * nr + nn) / (nn + 1); /* ceil: reviews lead */
    if (m < nn && (r >= after || r >= nr))
      q->entries[k++] = (kk_QueueEntry){newi[m++], KK_QUEUE_NEW};
    else
      q->entries[k++] = (kk_QueueEntry){rev[r++].item, KK_QUEUE_REVIEW};
  }
  for (size_t j = 0; j < nahead; j++)
    q->entries[k++] = (kk_QueueEntry){ahead_c[j].item, KK_QUEUE_LEARNING};
  q->n = k;
  for (size_t d = 0; d < in->ndecks; d++) {
    q->total.new_count += q->decks[d].new_count;
    q->total.learning += q->decks[d].learning;
    q->total.review += q->decks[d].review;
  }
  *out = q;
  q = NULL;
fail:
  kk_queue_free(q);
  kk_free(card_used);
  kk_free(learn);
  kk_free(ahead_c);
  kk_free(rev);
  kk_free(newi);
  kk_free(new_left);
  kk_free(rev_left);
  return st;
}
