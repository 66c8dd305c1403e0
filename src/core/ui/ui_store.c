/*
** ui_store.c -- the trainer's kk_UiHost over the store, queue, scheduler
** and statistics.
**
** Divisions: dates and scheduler options; reloading the items; the session
** (queue, answers, undo); home numbers; the stats screen.
**
** One kk_QueueInput holds every item of every listed deck with its state.
** It is read from the store when a session starts and when the home or
** stats screen asks; in between, answers update it in memory as they are
** written to the store, and the queue is rebuilt from it (a pure, in-memory
** step) before each card, so learning steps come back when due and the
** daily limits and sibling rules hold as answers go by.
*/
#include "core/ui/ui_store.h"

#include <stdio.h>
#include <string.h>

#include "core/base/date.h"
#include "core/study/answer.h"
#include "core/study/optimize.h"
#include "core/study/plan.h"
#include "core/study/queue.h"
#include "core/study/sched.h"
#include "core/study/stats.h"

#define HEAT_DAYS 182

struct kk_UiStore {
  kk_UiHost host;
  kk_Store *store;
  kk_Deck *const *decks;
  size_t ndecks;
  kk_Clock clock;
  kk_SchedConfig *cfg;      /* per deck */
  kk_FsrsParams *params;    /* per deck: the student's fitted ones or the defaults */
  kk_QueueInput *in;
  kk_Queue *q;
  unsigned char *session;   /* per deck: part of the running session */
  size_t cur;               /* item shown now, SIZE_MAX if none */
  size_t last;              /* item answered last, SIZE_MAX if none */
  struct Undo {
    size_t item;
    int had_state;
    int64_t review_id;      /* this window's review in the store's log */
  } *undo;
  size_t nundo, undocap;
  kk_Stats *stats;
  int heat[HEAT_DAYS];
  kk_UiBar *bars;           /* deck bars, then tag bars */
  char exam[11];
  char model[200];          /* the stats screen's memory-model line */
  char err[KK_ERR_MSG_MAX];
  int events;               /* KK_SCHED_EV_* of the last answer */
};

/* ---- dates and scheduler options ------------------------------------------------ */



/* The exam date of deck d (the student's override first), or NULL. */
static const char *deck_exam(kk_UiStore *s, size_t d, char buf[11]) {
  return kk_plan_exam_date(s->decks[d], s->store, buf);
}

static void load_config(kk_UiStore *s, size_t d) {
  kk_plan_config(s->decks[d], s->store, &s->clock, &s->cfg[d]);
  kk_OptimizeSaved fit;
  int found = 0;
  kk_Err e;
  kk_optimize_load(s->store, kk_deck_id(s->decks[d]), &fit, &found, &e);
  s->params[d] = fit.params; /* the defaults when nothing is stored */
}

/* ---- reloading --------------------------------------------------------------------- */

static kk_Status reload(kk_UiStore *s, int64_t now, kk_Err *err) {
  s->clock.now_ms = now;
  kk_queue_input_free(s->in);
  s->in = kk_queue_input_new();
  if (!s->in) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
  kk_Status st = kk_queue_input_add_decks(s->in, s->decks, s->ndecks, err);
  if (st == KK_OK) st = kk_queue_input_read_store(s->in, s->store, &s->clock, err);
  if (st != KK_OK) return st;
  for (size_t d = 0; d < s->ndecks; d++) {
    load_config(s, d);
    /* the queue applies exam-date mode with the deck's options */
    s->in->decks[d].sched = &s->cfg[d];
    s->in->decks[d].params = &s->params[d];
  }
  s->cur = s->last = SIZE_MAX;
  return KK_OK;
}

static kk_Status rebuild(kk_UiStore *s, int64_t now, kk_Err *err) {
  s->clock.now_ms = now;
  kk_queue_free(s->q);
  s->q = NULL;
  if (!s->in) return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, "no items loaded");
  return kk_queue_build(s->in, &s->clock, NULL, err, &s->q);
}

static void note(kk_UiStore *s, const kk_Err *e) {
  snprintf(s->err, sizeof s->err, "%s", e->msg[0] ? e->msg : kk_status_str(e->code));
}

/* The input index of a UI item (the shown one, normally). */
static size_t find_item(const kk_UiStore *s, const kk_UiItem *it) {
  if (!s->in) return SIZE_MAX;
  if (s->cur < s->in->nitems && s->in->items[s->cur].deck_card == it->card &&
      s->cur - (size_t)s->in->items[s->cur].card == it->item)
    return s->cur;
  for (size_t i = 0; i < s->in->nitems; i++)
    if (s->in->items[i].deck_card == it->card && i - (size_t)s->in->items[i].card == it->item)
      return i;
  return SIZE_MAX;
}

static void fill_item(const kk_UiStore *s, size_t i, kk_UiItem *out) {
  const kk_QueueItem *qi = &s->in->items[i];
  out->card = qi->deck_card;
  /* items of one card are added together; `card` is the first one's index */
  out->item = i - (size_t)qi->card;
  out->deck = (size_t)qi->deck;
  out->phase = qi->has_state ? qi->state.phase : KK_PHASE_NEW;
  out->reps = qi->has_state ? qi->state.reps : 0;
}

/* ---- the session ------------------------------------------------------------------ */

static kk_Status cb_start(void *ud, const size_t *decks, size_t n, int64_t now, kk_Err *err) {
  kk_UiStore *s = ud;
  kk_Status st = reload(s, now, err);
  if (st != KK_OK) return st;
  memset(s->session, 0, s->ndecks ? s->ndecks : 1);
  for (size_t i = 0; i < n; i++)
    if (decks[i] < s->ndecks) s->session[decks[i]] = 1;
  s->nundo = 0;
  return rebuild(s, now, err);
}

static int cb_next(void *ud, int64_t now, kk_UiItem *out) {
  kk_UiStore *s = ud;
  kk_Err e;
  if (rebuild(s, now, &e) != KK_OK || !s->q) {
    note(s, &e);
    return 0;
  }
  size_t pick = SIZE_MAX;
  for (size_t k = 0; k < s->q->n; k++) {
    size_t i = s->q->entries[k].item;
    if (!s->session[s->in->items[i].deck] || !s->in->items[i].deck_card) continue;
    /* the card just answered comes again only if nothing else is left */
    if (i == s->last && pick == SIZE_MAX) {
      pick = i;
      continue;
    }
    pick = i;
    break;
  }
  if (pick == SIZE_MAX) return 0;
  s->cur = pick;
  fill_item(s, pick, out);
  return 1;
}

static void cb_remaining(void *ud, int64_t now, int counts[3]) {
  kk_UiStore *s = ud;
  counts[0] = counts[1] = counts[2] = 0;
  if (!s->q) return;
  for (size_t k = 0; k < s->q->n; k++) {
    const kk_QueueEntry *en = &s->q->entries[k];
    if (!s->session[s->in->items[en->item].deck]) continue;
    counts[en->kind == KK_QUEUE_NEW ? 0 : en->kind == KK_QUEUE_LEARNING ? 1 : 2]++;
  }
}

static void cb_preview(void *ud, const kk_UiItem *it, int64_t now, double days[4]) {
  kk_UiStore *s = ud;
  size_t i = find_item(s, it);
  if (i == SIZE_MAX) return;
  const kk_QueueItem *qi = &s->in->items[i];
  kk_CardState zero;
  memset(&zero, 0, sizeof zero);
  kk_SchedPreview p[4];
  s->clock.now_ms = now;
  kk_sched_preview(&s->cfg[qi->deck], &s->params[qi->deck], qi->has_state ? &qi->state : &zero, &s->clock,
                   kk_queue_fuzz_key(qi->key), p);
  for (int r = 0; r < 4; r++) days[r] = p[r].interval_days;
}

static kk_Status cb_answer(void *ud, const kk_UiItem *it, kk_Rating r, int64_t now,
                           int64_t duration_ms, kk_Err *err) {
  kk_UiStore *s = ud;
  size_t i = find_item(s, it);
  if (i == SIZE_MAX) return kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0, "the card is not loaded");
  kk_QueueItem *qi = &s->in->items[i];
  kk_CardState seen;
  if (qi->has_state) seen = qi->state;
  else memset(&seen, 0, sizeof seen);
  s->clock.now_ms = now;
  if (s->nundo == s->undocap) {
    size_t nc = s->undocap ? s->undocap * 2 : 64;
    struct Undo *u = kk_realloc(s->undo, nc * sizeof *u);
    if (!u) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    s->undo = u;
    s->undocap = nc;
  }
  /* recorded over the state this window read; if another window answered
  ** the item meanwhile, answered again from the stored state */
  kk_AnswerResult res;
  kk_Status st = kk_answer_record(s->store, &s->cfg[qi->deck], &s->params[qi->deck], qi->key,
                                  s->in->decks[qi->deck].id, &seen, r, &s->clock, duration_ms,
                                  err, &res);
  if (st != KK_OK) {
    note(s, err);
    return st;
  }
  s->events = res.events;
  s->undo[s->nundo++] = (struct Undo){i, qi->has_state || res.recomputed, res.review_id};
  if (res.before.phase == KK_PHASE_NEW) s->in->decks[qi->deck].new_done_today++;
  else if (res.before.phase == KK_PHASE_REVIEW) s->in->decks[qi->deck].reviews_done_today++;
  qi->state = res.after;
  qi->has_state = 1;
  s->last = i;
  s->cur = SIZE_MAX;
  return KK_OK;
}

static int cb_undo(void *ud, int64_t now, kk_UiItem *out) {
  kk_UiStore *s = ud;
  if (!s->nundo || !s->in) return 0;
  kk_StoreUndo u;
  kk_Err e;
  struct Undo un = s->undo[s->nundo - 1];
  /* this window's own newest answer, not the store's newest */
  kk_Status st = kk_store_undo_review(s->store, un.review_id, &e, &u);
  if (st != KK_OK) {
    note(s, &e);
    if (st == KK_ERR_NOTFOUND || st == KK_ERR_EXISTS) {
      s->nundo--; /* gone, or answered again elsewhere: not undoable */
      kk_Err e2;
      if (reload(s, now, &e2) != KK_OK) note(s, &e2);
    }
    return 0;
  }
  s->nundo--;
  kk_QueueItem *qi = &s->in->items[un.item];
  if (u.log.phase_before == KK_PHASE_NEW) s->in->decks[qi->deck].new_done_today--;
  else if (u.log.phase_before == KK_PHASE_REVIEW) s->in->decks[qi->deck].reviews_done_today--;
  qi->state = u.restored;
  qi->has_state = un.had_state;
  s->cur = un.item;
  s->last = SIZE_MAX;
  fill_item(s, un.item, out);
  kk_Err e3;
  if (rebuild(s, now, &e3) != KK_OK) note(s, &e3);
  return 1;
}

static int cb_tomorrow(void *ud, int64_t now) {
  kk_UiStore *s = ud;
  if (!s->in) return 0;
  s->clock.now_ms = now;
  int64_t end = kk_clock_day_start_ms(&s->clock, kk_clock_day(&s->clock, now) + 2);
  int n = 0;
  for (size_t i = 0; i < s->in->nitems; i++) {
    const kk_QueueItem *qi = &s->in->items[i];
    if (qi->has_state && qi->state.phase != KK_PHASE_NEW && !qi->state.suspended &&
        qi->state.due_ms < end)
      n++;
  }
  return n;
}

/* ---- home numbers -------------------------------------------------------------------- */

/* Re-reads everything for the home and stats screens. */
static void refresh(kk_UiStore *s, int64_t now) {
  kk_Err e;
  kk_stats_free(s->stats);
  s->stats = NULL;
  if (reload(s, now, &e) != KK_OK || rebuild(s, now, &e) != KK_OK ||
      kk_stats_compute(s->store, s->in, NULL, &s->clock, &e, &s->stats) != KK_OK)
    note(s, &e);
}

static const kk_StatsGroup *group(const kk_StatsGroup *g, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(g[i].name, name) == 0) return &g[i];
  return NULL;
}

static void cb_counts(void *ud, size_t deck, int64_t now, kk_UiDeckCounts *out) {
  kk_UiStore *s = ud;
  if (deck == 0 || !s->q) refresh(s, now);
  if (!s->q || deck >= s->q->ndecks) return;
  out->new_count = s->q->decks[deck].new_count;
  out->learning = s->q->decks[deck].learning;
  out->due = s->q->decks[deck].review;
  for (size_t i = 0; i < s->in->nitems; i++) out->total += s->in->items[i].deck == (int)deck;
  const kk_StatsGroup *g =
      s->stats ? group(s->stats->decks, s->stats->ndecks, kk_deck_id(s->decks[deck])) : NULL;
  out->mastery = g ? g->mastery : 0;
  out->exam_recall = -1;
  char buf[11];
  const char *date = deck_exam(s, deck, buf);
  kk_PlanExam pe;
  kk_plan_exam(s->in, deck, &s->clock, &pe);
  if (date && pe.has_exam) {
    snprintf(out->exam_date, sizeof out->exam_date, "%s", date);
    out->exam_days_left = pe.days_left;
    if (pe.days_left >= 0) out->exam_recall = pe.recall;
    out->exam_new_short = pe.new_short;
  }
}

/* The earliest exam date of the listed decks, or NULL. */
static const char *exam_date(kk_UiStore *s, int64_t *day) {
  const char *best = NULL;
  int64_t best_day = 0;
  for (size_t d = 0; d < s->ndecks; d++) {
    char buf[11];
    const char *x = deck_exam(s, d, buf);
    int64_t dd;
    if (kk_date_parse(x, &dd) && (!best || dd < best_day)) {
      snprintf(s->exam, sizeof s->exam, "%s", x);
      best = s->exam;
      best_day = dd;
    }
  }
  *day = best_day;
  return best;
}

typedef struct TodayAcc {
  int n, right;
  int64_t ms;
} TodayAcc;

static int today_cb(void *ud, const kk_StoreReview *r) {
  TodayAcc *a = ud;
  a->n++;
  a->right += r->log.rating != KK_AGAIN;
  a->ms += r->log.duration_ms;
  return 0;
}

static void cb_today(void *ud, int64_t now, kk_UiToday *out) {
  kk_UiStore *s = ud;
  s->clock.now_ms = now;
  int64_t today = kk_clock_day(&s->clock, now);
  TodayAcc a = {0, 0, 0};
  kk_Err e;
  if (kk_store_each_review(s->store, NULL, kk_clock_day_start_ms(&s->clock, today), today_cb,
                           &a, &e) != KK_OK)
    note(s, &e);
  out->reviewed = a.n;
  out->correct = a.right;
  out->studied_ms = a.ms;
  out->streak_days = s->stats ? s->stats->streak : 0;
  out->next_day_ms = kk_clock_day_start_ms(&s->clock, today + 1);
  int64_t day;
  out->exam_date = exam_date(s, &day);
  if (out->exam_date) out->exam_days_left = (int)(day - today);
}

/* ---- the stats screen ------------------------------------------------------------------ */

typedef struct HeatAcc {
  kk_UiStore *s;
  int64_t first;
} HeatAcc;

static int heat_cb(void *ud, const kk_StoreReview *r) {
  HeatAcc *a = ud;
  int64_t d = kk_clock_day(&a->s->clock, r->log.time_ms) - a->first;
  if (d >= 0 && d < HEAT_DAYS) a->s->heat[d]++;
  return 0;
}

/* The stats screen's line on the parameters the scheduler uses: the
** student's fit (kioku fsrs optimize --apply) or the defaults. */
static const char *memory_model(kk_UiStore *s) {
  kk_OptimizeSaved all, one, first;
  int has_all = 0, found = 0, own = 0;
  kk_Err e;
  if (kk_optimize_load(s->store, NULL, &all, &has_all, &e) != KK_OK) return NULL;
  for (size_t d = 0; d < s->ndecks; d++)
    if (kk_optimize_load(s->store, kk_deck_id(s->decks[d]), &one, &found, &e) == KK_OK && found)
      if (own++ == 0) first = one;
  if (!has_all && own == 1) all = first;
  if (has_all || own == 1)
    snprintf(s->model, sizeof s->model,
             "Memory model: your own FSRS parameters%s, fitted on %ld reviews "
             "(log loss %.3f \u2192 %.3f)", has_all || own == (int)s->ndecks ? "" : " (one deck)",
             all.reviews, all.loss_default, all.loss_fit);
  else if (own)
    snprintf(s->model, sizeof s->model, "Memory model: your own FSRS parameters for %d of %zu decks",
             own, s->ndecks);
  else
    snprintf(s->model, sizeof s->model,
             "Memory model: FSRS defaults (kioku fsrs optimize --apply fits your own)");
  return s->model;
}

static void cb_stats(void *ud, int64_t now, kk_UiStats *out) {
  kk_UiStore *s = ud;
  refresh(s, now);
  if (!s->stats) return;
  const kk_Stats *st = s->stats;
  out->reviews_per_day = st->reviews_per_day;
  out->nreview_days = KK_STATS_DAYS;
  out->due_forecast = st->forecast;
  out->nforecast_days = KK_STATS_DAYS;
  out->retention = st->true_retention;
  out->retention_reviews = st->retention_reviews;
  out->memory_model = memory_model(s);
  /* heat map: reviews per study day over the last HEAT_DAYS days */
  memset(s->heat, 0, sizeof s->heat);
  int64_t today = kk_clock_day(&s->clock, now);
  HeatAcc a = {s, today - HEAT_DAYS + 1};
  kk_Err e;
  if (kk_store_each_review(s->store, NULL, kk_clock_day_start_ms(&s->clock, a.first), heat_cb,
                           &a, &e) != KK_OK)
    note(s, &e);
  out->heat = s->heat;
  out->nheat_days = HEAT_DAYS;
  out->heat_first_wday = (int)(((a.first + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
  /* mastery bars: decks by title, then tags */
  kk_free(s->bars);
  s->bars = kk_calloc(st->ndecks + st->ntags + 1, sizeof *s->bars);
  if (s->bars) {
    for (size_t i = 0; i < st->ndecks; i++) {
      const char *label = st->decks[i].name;
      for (size_t d = 0; d < s->ndecks; d++)
        if (strcmp(kk_deck_id(s->decks[d]), label) == 0 && kk_deck_title(s->decks[d])[0])
          label = kk_deck_title(s->decks[d]);
      s->bars[i] = (kk_UiBar){label, st->decks[i].mastery, st->decks[i].items};
    }
    for (size_t i = 0; i < st->ntags; i++)
      s->bars[st->ndecks + i] = (kk_UiBar){st->tags[i].name, st->tags[i].mastery, st->tags[i].items};
    out->deck_mastery = s->bars;
    out->ndeck_mastery = st->ndecks;
    out->tag_mastery = s->bars + st->ndecks;
    out->ntag_mastery = st->ntags;
  }
  /* predicted recall on exam day, over the decks that have the date */
  int64_t exam_day;
  out->exam_date = exam_date(s, &exam_day);
  out->exam_recall = -1;
  if (out->exam_date && exam_day >= today) {
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < s->in->nitems; i++) {
      const kk_QueueItem *qi = &s->in->items[i];
      const kk_SchedConfig *c = &s->cfg[qi->deck];
      if (!c->exam_date_ms) continue;
      n++;
      if (qi->has_state && qi->state.phase != KK_PHASE_NEW)
        sum += kk_sched_exam_retention(c, &s->params[qi->deck], &qi->state, &s->clock, kk_queue_fuzz_key(qi->key),
                                       kk_clock_day_start_ms(&s->clock, exam_day));
    }
    if (n) out->exam_recall = sum / (double)n;
  }
}

/* ---- lifetime ------------------------------------------------------------------------ */

kk_Status kk_ui_store_new(kk_Store *store, kk_Deck *const *decks, size_t n,
                          int utc_offset_min, int day_start_hour, kk_Err *err,
                          kk_UiStore **out) {
  *out = NULL;
  kk_UiStore *s = kk_calloc(1, sizeof *s);
  if (!s) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
  s->store = store;
  s->decks = decks;
  s->ndecks = n;
  s->clock.utc_offset_min = utc_offset_min;
  s->clock.day_start_hour = day_start_hour;
  s->cur = s->last = SIZE_MAX;
  s->cfg = kk_calloc(n ? n : 1, sizeof *s->cfg);
  s->params = kk_calloc(n ? n : 1, sizeof *s->params);
  s->session = kk_calloc(n ? n : 1, 1);
  if (!s->cfg || !s->params || !s->session) {
    kk_ui_store_free(s);
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
  }
  s->host = (kk_UiHost){s, cb_counts, cb_today, cb_start, cb_next, cb_remaining,
                        cb_preview, cb_answer, cb_undo, cb_tomorrow, cb_stats};
  *out = s;
  return KK_OK;
}

void kk_ui_store_free(kk_UiStore *s) {
  if (!s) return;
  kk_queue_free(s->q);
  kk_queue_input_free(s->in);
  kk_stats_free(s->stats);
  kk_free(s->cfg);
  kk_free(s->params);
  kk_free(s->session);
  kk_free(s->undo);
  kk_free(s->bars);
  kk_free(s);
}

const kk_UiHost *kk_ui_store_host(kk_UiStore *s) { return &s->host; }
int kk_ui_store_last_events(const kk_UiStore *s) { return s->events; }

const char *kk_ui_store_error(const kk_UiStore *s) { return s->err; }
