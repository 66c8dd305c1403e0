/*
** ui_store.c -- the trainer's kk_UiHost over the store, queue, scheduler
** and statistics.
**
** Divisions: dates and scheduler options; reloading the items; the session
** (queue, answers, undo); home numbers; the stats screen; leeches and
** the FSRS fit run from the window.
**
** One kk_QueueInput holds every item of every listed deck with its state.
** It is read from the store when a session starts and when the home or
** stats screen asks; in between, answers update it in memory as they are
** written to the store, and the queue is rebuilt from it (a pure, in-memory
** step) before each card, so learning steps come back when due and the
** daily limits and sibling rules hold as answers go by.
*/
#include "core/base/i18n.h"
#include "core/ui/ui_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/date.h"
#include "core/study/action.h"
#include "core/study/answer.h"
#include "core/study/optimize.h"
#include "core/study/plan.h"
#include "core/study/revlog.h"
#include "core/study/queue.h"
#include "core/study/sched.h"
#include "core/study/search.h"
#include "core/study/settings.h"
#include "core/study/sim.h"
#include "core/study/stats.h"

#define HEAT_DAYS 182

struct kk_UiStore {
  kk_UiHost host;
  kk_Store *store;
  kk_Deck *const *decks;
  size_t ndecks;
  kk_Clock clock;
  kk_SchedConfig *cfg;   /* per deck */
  kk_FsrsParams *params; /* per deck: the student's fitted ones or the defaults */
  unsigned char *kana;   /* per deck: kk_UiItem.kana in force (1 or 2) */
  unsigned gen;          /* bumped when items' states may change */
  struct WorkloadCache { /* the last workload asked for (settings redraws) */
    unsigned gen;
    size_t deck;
    int retention_pm, items;
    double per_day; /* < 0: nothing cached */
  } wl;
  kk_QueueInput *in;
  kk_Queue *q;
  unsigned char *session; /* per deck: part of the running session */
  size_t cur;             /* item shown now, SIZE_MAX if none */
  size_t last;            /* item answered last, SIZE_MAX if none */
  struct Undo {
    size_t item;
    int had_state;
    int64_t review_id; /* this window's review in the store's log */
  } * undo;
  size_t nundo, undocap;
  kk_Stats *stats;
  int heat[HEAT_DAYS];
  kk_UiBar *bars; /* deck bars, then tag bars */
  char exam[11];
  char model[200]; /* the stats screen's memory-model line */
  char err[KK_ERR_MSG_MAX];
  int events; /* KK_SCHED_EV_* of the last answer */
  int leech;  /* KK_UI_LEECH_* of the last answer, 0 if none */
  /* the browser: search items and questions of `in` (built on first use
  ** after each reload), the rows of the last search, undo groups */
  kk_SearchItems br_items;
  char **br_question; /* per item, made when first shown */
  kk_UiBrowseRow *br_rows;
  int64_t *br_ids; /* log ids of the actions, oldest first */
  size_t nbr_ids, br_ids_cap;
  size_t *br_groups; /* where each action starts in br_ids */
  size_t nbr_groups, br_groups_cap;
  kk_UiReview *ci_reviews; /* card info's history */
  size_t nci, ci_cap;
};

static void browse_forget(kk_UiStore *s);

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
  kk_StoreDeckSettings mine;
  found = 0;
  if (kk_store_get_deck_settings(s->store, kk_deck_id(s->decks[d]), &e, &mine, &found) != KK_OK)
    found = 0;
  s->kana[d] = kk_settings_text_fold(s->decks[d], found ? &mine : NULL) ? 2 : 1;
}

/* ---- reloading --------------------------------------------------------------------- */

/* The study day's start hour the student chose (settings screen), if any. */
static void read_day_start(kk_UiStore *s) {
  s->clock.day_start_hour = kk_store_day_start_hour(s->store, s->clock.day_start_hour);
}

static kk_Status reload(kk_UiStore *s, int64_t now, kk_Err *err) {
  s->clock.now_ms = now;
  s->gen++;
  read_day_start(s);
  browse_forget(s); /* its items point into the old input */
  kk_queue_input_free(s->in);
  s->in = kk_queue_input_new();
  if (!s->in) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
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
  if (!s->in) return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("no items loaded"));
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
  out->kana = s->kana[qi->deck];
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
  kk_sched_preview(&s->cfg[qi->deck], &s->params[qi->deck], qi->has_state ? &qi->state : &zero,
                   &s->clock, kk_queue_fuzz_key(qi->key), p);
  for (int r = 0; r < 4; r++) days[r] = p[r].interval_days;
}

static kk_Status cb_answer(void *ud, const kk_UiItem *it, kk_Rating r, int64_t now,
                           int64_t duration_ms, kk_Err *err) {
  kk_UiStore *s = ud;
  size_t i = find_item(s, it);
  s->gen++;
  if (i == SIZE_MAX)
    return kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0, _("the card is not loaded"));
  kk_QueueItem *qi = &s->in->items[i];
  kk_CardState seen;
  if (qi->has_state)
    seen = qi->state;
  else
    memset(&seen, 0, sizeof seen);
  s->clock.now_ms = now;
  if (s->nundo == s->undocap) {
    struct Undo *u = kk_grow(s->undo, &s->undocap, s->nundo + 1, sizeof *u, 64);
    if (!u) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    s->undo = u;
  }
  /* recorded over the state this window read; if another window answered
  ** the item meanwhile, answered again from the stored state */
  kk_AnswerResult res;
  kk_Status st =
      kk_answer_record(s->store, &s->cfg[qi->deck], &s->params[qi->deck], qi->key,
                       s->in->decks[qi->deck].id, &seen, r, &s->clock, duration_ms, err, &res);
  if (st != KK_OK) {
    note(s, err);
    return st;
  }
  s->events = res.events;
  s->leech = !(res.events & KK_SCHED_EV_LEECH)               ? 0
             : s->cfg[qi->deck].leech_action == KK_LEECH_TAG ? KK_UI_LEECH_TAGGED
                                                             : KK_UI_LEECH_SUSPENDED;
  s->undo[s->nundo++] = (struct Undo){i, qi->has_state || res.recomputed, res.review_id};
  if (res.before.phase == KK_PHASE_NEW)
    s->in->decks[qi->deck].new_done_today++;
  else if (res.before.phase == KK_PHASE_REVIEW)
    s->in->decks[qi->deck].reviews_done_today++;
  qi->state = res.after;
  qi->has_state = 1;
  s->last = i;
  s->cur = SIZE_MAX;
  return KK_OK;
}

static int cb_undo(void *ud, int64_t now, kk_UiItem *out) {
  kk_UiStore *s = ud;
  s->gen++;
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
  if (u.log.phase_before == KK_PHASE_NEW)
    s->in->decks[qi->deck].new_done_today--;
  else if (u.log.phase_before == KK_PHASE_REVIEW)
    s->in->decks[qi->deck].reviews_done_today--;
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
  if (kk_store_each_review(s->store, NULL, kk_clock_day_start_ms(&s->clock, today), today_cb, &a,
                           &e) != KK_OK)
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
             _("Memory model: your own FSRS parameters%s, fitted on %ld reviews "
               "(log loss %.3f \u2192 %.3f)"),
             has_all || own == (int)s->ndecks ? "" : _(" (one deck)"), all.reviews,
             all.loss_default, all.loss_fit);
  else if (own)
    snprintf(s->model, sizeof s->model,
             _("Memory model: your own FSRS parameters for %d of %zu decks"), own, s->ndecks);
  else
    snprintf(s->model, sizeof s->model,
             _("Memory model: FSRS defaults (kioku fsrs optimize --apply fits your own)"));
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
  out->leeches = (int)st->nleeches;
  out->leeches_suspended = 0;
  for (size_t i = 0; i < st->nleeches; i++) out->leeches_suspended += st->leeches[i].suspended != 0;
  /* heat map: reviews per study day over the last HEAT_DAYS days */
  memset(s->heat, 0, sizeof s->heat);
  int64_t today = kk_clock_day(&s->clock, now);
  HeatAcc a = {s, today - HEAT_DAYS + 1};
  kk_Err e;
  if (kk_store_each_review(s->store, NULL, kk_clock_day_start_ms(&s->clock, a.first), heat_cb, &a,
                           &e) != KK_OK)
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
      s->bars[st->ndecks + i] =
          (kk_UiBar){st->tags[i].name, st->tags[i].mastery, st->tags[i].items};
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
        sum += kk_sched_exam_retention(c, &s->params[qi->deck], &qi->state, &s->clock,
                                       kk_queue_fuzz_key(qi->key),
                                       kk_clock_day_start_ms(&s->clock, exam_day));
    }
    if (n) out->exam_recall = sum / (double)n;
  }
}

/* ---- leeches and the FSRS fit -------------------------------------------------------- */

static int cb_leech(void *ud) { return ((kk_UiStore *)ud)->leech; }

/* The fit on the whole log (every deck's reviews), stored for every deck as
** `kioku fsrs optimize --apply` does, and put to work at once. */
static kk_Status cb_optimize(void *ud, int64_t now, int (*progress)(void *pud, double done),
                             void *pud, kk_UiFit *out, kk_Err *err) {
  kk_UiStore *s = ud;
  memset(out, 0, sizeof *out);
  kk_Revlog *log = NULL;
  kk_Status st = kk_revlog_read_store(s->store, NULL, &log, err);
  if (st != KK_OK) goto fail;
  kk_OptimizeOptions o;
  kk_optimize_options_default(&o);
  o.utc_offset_min = s->clock.utc_offset_min;
  o.day_start_hour = s->clock.day_start_hour;
  o.progress = progress;
  o.progress_ud = pud;
  kk_OptimizeResult r;
  st = kk_optimize_fit(log, &o, &r, err);
  if (st != KK_OK) goto fail;
  out->reviews = r.reviews;
  out->loss_before = r.loss_default;
  out->loss_after = r.loss_fit;
  snprintf(out->note, sizeof out->note, "%s", r.note);
  if (r.fitted) {
    st = kk_optimize_save(s->store, NULL, &r, err);
    if (st != KK_OK) goto fail;
    out->fitted = 1;
    s->clock.now_ms = now;
    for (size_t d = 0; d < s->ndecks; d++) load_config(s, d); /* the queue points at params */
  }
fail:
  if (st != KK_OK) note(s, err);
  kk_revlog_free(log);
  return st;
}

/* ---- the browser --------------------------------------------------------------------- */

static void browse_forget(kk_UiStore *s) {
  for (size_t i = 0; s->br_question && i < s->br_items.n; i++) kk_free(s->br_question[i]);
  kk_free(s->br_question);
  s->br_question = NULL;
  kk_search_items_free(&s->br_items);
  kk_free(s->br_rows);
  s->br_rows = NULL;
}

/* Loads the items (if no session or screen did yet) and their search
** items, with the states of now. */
static kk_Status browse_ready(kk_UiStore *s, int64_t now, kk_Err *err) {
  s->clock.now_ms = now;
  if (!s->in) {
    kk_Status st = reload(s, now, err);
    if (st != KK_OK) return st;
  }
  if (!s->br_question && s->in->nitems) {
    if (kk_search_items_build(s->in, &s->br_items) != KK_OK ||
        !(s->br_question = kk_calloc(s->in->nitems, sizeof *s->br_question))) {
      browse_forget(s);
      return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    }
  }
  kk_search_items_refresh(s->in, &s->br_items);
  return KK_OK;
}

static const char *question_of(kk_UiStore *s, size_t i) {
  if (!s->br_question[i] && s->in->items[i].deck_card)
    kk_search_question(s->in->items[i].deck_card, &s->br_question[i]);
  return s->br_question[i] ? s->br_question[i] : "";
}

/* A sort key: a number or a string, with the item index to keep ties in
** deck order. */
typedef struct SortKey {
  double v;
  const char *str;
  size_t i;
} SortKey;

static int cmp_key(const void *a, const void *b) {
  const SortKey *x = a, *y = b;
  int c = x->str && y->str ? strcmp(x->str, y->str) : (x->v > y->v) - (x->v < y->v);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int cmp_key_desc(const void *a, const void *b) {
  const SortKey *x = a, *y = b;
  int c = x->str && y->str ? strcmp(y->str, x->str) : (y->v > x->v) - (y->v < x->v);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

static void fill_row(kk_UiStore *s, size_t i, kk_UiBrowseRow *r) {
  const kk_QueueItem *qi = &s->in->items[i];
  const kk_SearchItem *it = &s->br_items.v[i];
  memset(r, 0, sizeof *r);
  r->id = i;
  fill_item(s, i, &r->item);
  r->deck = it->deck_id;
  r->type = it->type >= 0 ? kk_card_type_name((kk_CardType)it->type) : "";
  r->question = question_of(s, i);
  r->state = kk_search_state_name(it, s->clock.now_ms);
  r->studied = it->has_state && it->state.phase != KK_PHASE_NEW;
  if (r->studied) {
    int y, m, d;
    int64_t day =
        kk_clock_day(&s->clock, it->state.due_ms + (int64_t)s->clock.day_start_hour * 3600000);
    kk_date_civil(day, &y, &m, &d);
    snprintf(r->due, sizeof r->due, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    r->interval_days = it->state.interval_days;
    r->stability = it->state.stability;
    r->recall = kk_sched_retention_at(&s->params[qi->deck], &it->state, s->clock.now_ms);
  }
  r->lapses = it->has_state ? it->state.lapses : 0;
}

static double num_key(const kk_UiBrowseRow *r, kk_UiColumn col) {
  switch (col) {
  case KK_UI_COL_INTERVAL: return r->studied ? r->interval_days : -1;
  case KK_UI_COL_STABILITY: return r->studied ? r->stability : -1;
  case KK_UI_COL_RECALL: return r->studied ? r->recall : -1;
  case KK_UI_COL_LAPSES: return r->lapses;
  default: return 0;
  }
}

static long cb_browse(void *ud, const char *query, kk_UiColumn sort, int desc, int64_t now,
                      const kk_UiBrowseRow **rows, kk_Err *err) {
  kk_UiStore *s = ud;
  *rows = NULL;
  kk_Search *q = NULL;
  SortKey *keys = NULL;
  long n = -1;
  if (browse_ready(s, now, err) != KK_OK) return -1;
  if (kk_search_parse(query, strlen(query), err, &q) != KK_OK) return -1;
  size_t total = s->in->nitems;
  kk_free(s->br_rows);
  s->br_rows = kk_calloc(total ? total : 1, sizeof *s->br_rows);
  keys = kk_calloc(total ? total : 1, sizeof *keys);
  if (!s->br_rows || !keys) {
    kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    goto done;
  }
  size_t m = 0;
  for (size_t i = 0; i < total; i++) {
    kk_SearchEnv env = {s->clock, &s->params[s->in->items[i].deck]};
    if (!kk_search_match(q, &s->br_items.v[i], &env)) continue;
    kk_UiBrowseRow r;
    fill_row(s, i, &r);
    SortKey *k = &keys[m++];
    k->i = i;
    switch (sort) {
    case KK_UI_COL_DECK: k->str = r.deck; break;
    case KK_UI_COL_TYPE: k->str = r.type; break;
    case KK_UI_COL_QUESTION: k->str = r.question; break;
    case KK_UI_COL_STATE: k->str = r.state; break;
    case KK_UI_COL_DUE: k->str = r.studied ? r.due : ""; break;
    default: k->v = num_key(&r, sort); break;
    }
  }
  if (sort != KK_UI_COL_DECK || desc) qsort(keys, m, sizeof *keys, desc ? cmp_key_desc : cmp_key);
  for (size_t k = 0; k < m; k++) fill_row(s, keys[k].i, &s->br_rows[k]);
  *rows = s->br_rows;
  n = (long)m;
done:
  kk_free(keys);
  kk_search_free(q);
  return n;
}

/* The browser's undo stack: the log ids of the actions, and where each
** action (one or many items) starts. */
static kk_Status browse_push(kk_UiStore *s, int64_t id, kk_Err *err) {
  if (s->nbr_ids == s->br_ids_cap) {
    int64_t *v = kk_grow(s->br_ids, &s->br_ids_cap, s->nbr_ids + 1, sizeof *v, 64);
    if (!v) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    s->br_ids = v;
  }
  s->br_ids[s->nbr_ids++] = id;
  return KK_OK;
}

static kk_Status cb_browse_action(void *ud, const size_t *ids, size_t n, int action, int days,
                                  int64_t now, kk_Err *err) {
  kk_UiStore *s = ud;
  kk_Status st = browse_ready(s, now, err);
  if (st != KK_OK) return st;
  if (s->nbr_groups == s->br_groups_cap) {
    size_t *g = kk_grow(s->br_groups, &s->br_groups_cap, s->nbr_groups + 1, sizeof *g, 16);
    if (!g) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    s->br_groups = g;
  }
  size_t start = s->nbr_ids;
  for (size_t k = 0; k < n && st == KK_OK; k++) {
    if (ids[k] >= s->in->nitems) continue;
    kk_QueueItem *qi = &s->in->items[ids[k]];
    kk_CardState after;
    int64_t id = 0;
    st = kk_action_run(s->store, qi->key, s->in->decks[qi->deck].id, (kk_StoreAction)action,
                       &s->clock, days, &after, &id, err);
    if (st == KK_OK) {
      qi->state = after;
      qi->has_state = 1;
      st = browse_push(s, id, err);
    }
  }
  /* what was recorded is one undo step, even when an error cut it short */
  if (s->nbr_ids > start) s->br_groups[s->nbr_groups++] = start;
  if (st != KK_OK) note(s, err);
  return st;
}

/* Takes back this window's last browser action, newest entry first, by log
** id (another window's reviews and actions stay). */
static size_t cb_browse_undo(void *ud, int64_t now) {
  kk_UiStore *s = ud;
  if (!s->nbr_groups || !s->in) return 0;
  size_t start = s->br_groups[--s->nbr_groups], done = 0;
  s->clock.now_ms = now;
  int stale = 0;
  while (s->nbr_ids > start) {
    kk_StoreUndo u;
    kk_Err e;
    kk_Status st = kk_store_undo_review(s->store, s->br_ids[--s->nbr_ids], &e, &u);
    if (st == KK_OK) {
      kk_queue_input_undone(s->in, &u, &s->clock);
      done++;
    } else {
      note(s, &e); /* gone, or the item was answered again since */
      stale = 1;
    }
  }
  if (stale) {
    kk_Err e;
    if (reload(s, now, &e) != KK_OK) note(s, &e);
  }
  return done;
}

/* ---- card info -------------------------------------------------------------------------- */

typedef struct InfoCtx {
  kk_UiStore *s;
  const kk_FsrsParams *params;
  int oom;
} InfoCtx;

static int info_review(void *ud, const kk_StoreReview *r) {
  InfoCtx *c = ud;
  kk_UiStore *s = c->s;
  if (s->nci == s->ci_cap) {
    kk_UiReview *v = kk_grow(s->ci_reviews, &s->ci_cap, s->nci + 1, sizeof *v, 32);
    if (!v) {
      c->oom = 1;
      return 1;
    }
    s->ci_reviews = v;
  }
  kk_UiReview *v = &s->ci_reviews[s->nci++];
  memset(v, 0, sizeof *v);
  v->time_ms = r->log.time_ms;
  v->rating = (int)r->log.rating;
  v->action = r->action ? kk_store_action_name(r->action) : NULL;
  v->duration_ms = r->log.duration_ms;
  v->interval_days = r->log.interval_days;
  v->stability = r->log.stability;
  v->difficulty = r->log.difficulty;
  v->recall = r->before.phase != KK_PHASE_NEW && r->before.last_review_ms
                  ? kk_sched_retention_at(c->params, &r->before, r->log.time_ms)
                  : -1;
  return 0;
}

static int cb_card_info(void *ud, const kk_UiItem *it, int64_t now, kk_UiCardInfo *out) {
  kk_UiStore *s = ud;
  kk_Err e;
  memset(out, 0, sizeof *out);
  if (browse_ready(s, now, &e) != KK_OK) {
    note(s, &e);
    return 0;
  }
  size_t i = find_item(s, it);
  if (i == SIZE_MAX) return 0;
  const kk_QueueItem *qi = &s->in->items[i];
  kk_UiBrowseRow row;
  fill_row(s, i, &row);
  out->item = row.item;
  out->key = qi->key;
  out->deck_title = kk_deck_title(s->decks[qi->deck]);
  out->state = row.state;
  out->studied = row.studied;
  memcpy(out->due, row.due, sizeof out->due);
  out->stability = row.stability;
  out->difficulty = qi->has_state ? qi->state.difficulty : 0;
  out->recall = row.recall;
  out->reps = qi->has_state ? qi->state.reps : 0;
  out->lapses = row.lapses;
  out->utc_offset_min = s->clock.utc_offset_min;
  s->nci = 0;
  InfoCtx c = {s, &s->params[qi->deck], 0};
  if (kk_store_each_item_log(s->store, qi->key, info_review, &c, &e) != KK_OK) note(s, &e);
  if (c.oom) snprintf(s->err, sizeof s->err, "%s", _("out of memory"));
  out->reviews = s->ci_reviews;
  out->nreviews = s->nci;
  return 1;
}

/* ---- settings ----------------------------------------------------------------------------- */

static int cb_settings_get(void *ud, size_t deck, kk_StoreDeckSettings *mine,
                           kk_StoreDeckSettings *suggested, int *day_start_hour) {
  kk_UiStore *s = ud;
  kk_Err e;
  int found = 0;
  if (deck >= s->ndecks) return 0;
  if (kk_store_get_deck_settings(s->store, kk_deck_id(s->decks[deck]), &e, mine, &found) != KK_OK) {
    note(s, &e);
    return 0;
  }
  kk_settings_deck_defaults(s->decks[deck], suggested);
  read_day_start(s);
  *day_start_hour = s->clock.day_start_hour;
  return 1;
}

static kk_Status cb_settings_put(void *ud, size_t deck, const kk_StoreDeckSettings *mine,
                                 int day_start_hour, kk_Err *err) {
  kk_UiStore *s = ud;
  if (deck >= s->ndecks) return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("no such deck"));
  kk_Status st = kk_store_put_deck_settings(s->store, kk_deck_id(s->decks[deck]), mine, err);
  if (st == KK_OK && day_start_hour >= 0 && day_start_hour <= 23 &&
      day_start_hour != s->clock.day_start_hour) {
    st = kk_store_set_day_start_hour(s->store, day_start_hour, err);
    if (st == KK_OK) s->clock.day_start_hour = day_start_hour;
  }
  if (st != KK_OK) {
    note(s, err);
    return st;
  }
  /* in force from the next card on; limits from the next reading */
  load_config(s, deck);
  if (s->in) {
    kk_StoreDeckSettings eff;
    kk_settings_effective(s->decks[deck], mine, &eff);
    s->in->decks[deck].new_per_day = eff.new_per_day;
    s->in->decks[deck].reviews_per_day = eff.reviews_per_day;
  }
  return KK_OK;
}

/* The per-item estimate (each item back once per interval at this
** retention), when the simulation cannot run (out of memory). */
static double workload_estimate(const kk_UiStore *s, size_t deck, double retention, int *items) {
  double per_day = 0;
  int maxivl = s->cfg[deck].max_interval_days > 0 ? s->cfg[deck].max_interval_days
                                                  : KK_DECK_MAX_INTERVAL_DAYS;
  for (size_t i = 0; i < s->in->nitems; i++) {
    const kk_QueueItem *qi = &s->in->items[i];
    if ((size_t)qi->deck != deck || !qi->has_state || qi->state.phase == KK_PHASE_NEW ||
        qi->state.suspended || qi->state.stability <= 0)
      continue;
    double ivl = kk_fsrs_interval(&s->params[deck], qi->state.stability, retention);
    if (ivl < 1) ivl = 1;
    if (ivl > maxivl) ivl = maxivl;
    per_day += 1.0 / ivl;
    (*items)++;
  }
  return per_day;
}

/* Reviews a day at this retention: the next KK_UI_WORKLOAD_DAYS simulated
** from the student's own items (at most KK_UI_WORKLOAD_ITEMS of them). */
#define KK_UI_WORKLOAD_DAYS 30
#define KK_UI_WORKLOAD_ITEMS 2000
static double cb_settings_workload(void *ud, size_t deck, double retention, int64_t now,
                                   int *items) {
  kk_UiStore *s = ud;
  kk_Err e;
  *items = 0;
  if (deck >= s->ndecks || !(retention > 0 && retention < 1)) return -1;
  if (!s->in && reload(s, now, &e) != KK_OK) return -1;
  int pm = (int)(retention * 1000 + 0.5); /* per mille */
  if (s->wl.per_day >= 0 && s->wl.gen == s->gen && s->wl.deck == deck && s->wl.retention_pm == pm) {
    *items = s->wl.items;
    return s->wl.per_day;
  }
  size_t n = 0;
  for (size_t i = 0; i < s->in->nitems; i++)
    n += (size_t)s->in->items[i].deck == deck && s->in->items[i].has_state;
  kk_CardState *st = kk_calloc(n ? n : 1, sizeof *st);
  double per_day;
  if (!st) {
    per_day = workload_estimate(s, deck, retention, items);
  } else {
    size_t k = 0;
    for (size_t i = 0; i < s->in->nitems; i++)
      if ((size_t)s->in->items[i].deck == deck && s->in->items[i].has_state)
        st[k++] = s->in->items[i].state;
    kk_SchedConfig cfg = s->cfg[deck];
    cfg.desired_retention = retention;
    kk_Clock clock = s->clock;
    clock.now_ms = now;
    per_day = kk_sim_workload(st, k, &cfg, &s->params[deck], &clock, KK_UI_WORKLOAD_DAYS,
                              KK_UI_WORKLOAD_ITEMS, 1, items);
    kk_free(st);
  }
  s->wl = (struct WorkloadCache){s->gen, deck, pm, *items, per_day};
  return per_day;
}

/* ---- lifetime ------------------------------------------------------------------------ */

kk_Status kk_ui_store_new(kk_Store *store, kk_Deck *const *decks, size_t n, int utc_offset_min,
                          int day_start_hour, kk_Err *err, kk_UiStore **out) {
  *out = NULL;
  kk_UiStore *s = kk_calloc(1, sizeof *s);
  if (!s) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  s->store = store;
  s->decks = decks;
  s->ndecks = n;
  s->clock.utc_offset_min = utc_offset_min;
  s->clock.day_start_hour = day_start_hour;
  s->cur = s->last = SIZE_MAX;
  s->wl.per_day = -1;
  s->cfg = kk_calloc(n ? n : 1, sizeof *s->cfg);
  s->params = kk_calloc(n ? n : 1, sizeof *s->params);
  s->kana = kk_calloc(n ? n : 1, 1);
  s->session = kk_calloc(n ? n : 1, 1);
  if (!s->cfg || !s->params || !s->kana || !s->session) {
    kk_ui_store_free(s);
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  }
  s->host = (kk_UiHost){s,
                        cb_counts,
                        cb_today,
                        cb_start,
                        cb_next,
                        cb_remaining,
                        cb_preview,
                        cb_answer,
                        cb_undo,
                        cb_tomorrow,
                        cb_stats,
                        cb_browse,
                        cb_browse_action,
                        cb_browse_undo,
                        cb_card_info,
                        cb_settings_get,
                        cb_settings_put,
                        cb_settings_workload,
                        cb_leech,
                        cb_optimize};
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
  kk_free(s->kana);
  kk_free(s->session);
  kk_free(s->undo);
  kk_free(s->bars);
  browse_forget(s);
  kk_free(s->br_groups);
  kk_free(s->br_ids);
  kk_free(s->ci_reviews);
  kk_free(s);
}

const kk_UiHost *kk_ui_store_host(kk_UiStore *s) { return &s->host; }
int kk_ui_store_last_events(const kk_UiStore *s) { return s->events; }

const char *kk_ui_store_error(const kk_UiStore *s) { return s->err; }
