/*
** sim.c -- a simulated student (see sim.h).  Each day from 09:00 local the
** student answers what the queue offers, 20 seconds an answer, waiting for
** learning steps due the same day; each answer is Good with the item's
** predicted recall (first answers: first_recall), else Again.
*/
#include "core/study/sim.h"
#include "core/base/i18n.h"

#include <stdio.h>
#include <string.h>

#include "core/study/queue.h"

#define ANSWER_MS 20000
#define MAX_ANSWERS_PER_DAY 5000

static double uniform(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return (double)(z >> 11) / 9007199254740992.0;
}

kk_Status kk_sim_run(const kk_SimSpec *spec, kk_Err *err, kk_SimResult *out) {
  memset(out, 0, sizeof *out);
  if (spec->days < 1 || spec->days > KK_SIM_MAX_DAYS || spec->nitems < 0)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("simulation: bad days or items"));
  kk_Status st = KK_OK;
  kk_Queue *q = NULL;
  kk_QueueInput *in = kk_queue_input_new();
  if (!in) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  kk_Clock clock = {spec->start_ms, 0, KK_DAY_START_DEFAULT};
  int64_t day0 = kk_clock_day(&clock, spec->start_ms);
  int64_t exam_ms = kk_clock_day_start_ms(&clock, day0 + spec->days);
  kk_SchedConfig cfg = spec->cfg;
  cfg.exam_date_ms = spec->exam_mode ? exam_ms : 0;
  int deck = kk_queue_input_add_deck(in, "sim", spec->new_per_day, spec->reviews_per_day);
  if (deck < 0) {
    st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    goto fail;
  }
  in->decks[deck].sched = &cfg;
  for (int i = 0; i < spec->nitems && st == KK_OK; i++) {
    char key[32];
    snprintf(key, sizeof key, "sim-%05d", i);
    st = kk_queue_input_add_item(in, deck, i, key, err);
  }
  if (st != KK_OK) goto fail;
  uint64_t rng = spec->seed;
  for (int d = 0; d < spec->days; d++) {
    int64_t start = kk_clock_day_start_ms(&clock, day0 + d);
    clock.now_ms = start + 5 * 3600000LL; /* 09:00 with the day starting at 04:00 */
    in->decks[deck].new_done_today = in->decks[deck].reviews_done_today = 0;
    for (int a = 0; a < MAX_ANSWERS_PER_DAY; a++) {
      kk_queue_free(q);
      q = NULL;
      if ((st = kk_queue_build(in, &clock, NULL, err, &q)) != KK_OK) goto fail;
      if (q->n == 0) {
        if (!q->next_learning_ms || kk_clock_day(&clock, q->next_learning_ms) != day0 + d) break;
        clock.now_ms = q->next_learning_ms;
        continue;
      }
      size_t i = q->entries[0].item;
      kk_QueueItem *it = &in->items[i];
      kk_CardState before = it->has_state ? it->state : (kk_CardState){0};
      kk_CardState after = before;
      double p = before.stability > 0 ? kk_sched_retention_at(NULL, &before, clock.now_ms)
                                      : spec->first_recall;
      kk_Rating g = uniform(&rng) < p ? KK_GOOD : KK_AGAIN;
      if (before.phase == KK_PHASE_REVIEW) out->reviews[d]++;
      if (before.phase == KK_PHASE_NEW) out->new_items[d]++;
      kk_sched_answer(&cfg, NULL, &after, g, &clock, kk_queue_fuzz_key(it->key), NULL);
      kk_queue_input_answered(in, i, &before, &after);
      clock.now_ms += ANSWER_MS;
    }
    if (out->reviews[d] > out->max_reviews) out->max_reviews = out->reviews[d];
    double sum = 0;
    int64_t end = kk_clock_day_start_ms(&clock, day0 + d + 1);
    for (size_t k = 0; k < in->nitems; k++)
      if (in->items[k].has_state) sum += kk_sched_retention_at(NULL, &in->items[k].state, end);
    out->recall_now[d] = in->nitems ? sum / (double)in->nitems : 0;
  }
  double sum = 0;
  for (size_t k = 0; k < in->nitems; k++) {
    if (in->items[k].has_state)
      sum += kk_sched_retention_at(NULL, &in->items[k].state, exam_ms);
    else
      out->unseen++;
  }
  out->exam_recall = in->nitems ? sum / (double)in->nitems : 0;
fail:
  kk_queue_free(q);
  kk_queue_input_free(in);
  return st;
}

/* ---- the workload of a retention ------------------------------------------ */

#define WORKLOAD_MAX_ANSWERS 400 /* per item over the period: a stop, not a limit met */

static int followed(const kk_CardState *st) {
  return st->phase != KK_PHASE_NEW && !st->suspended && st->stability > 0;
}

double kk_sim_workload(const kk_CardState *states, size_t n, const kk_SchedConfig *cfg,
                       const kk_FsrsParams *params, const kk_Clock *clock, int days,
                       size_t max_items, uint64_t seed, int *items) {
  *items = 0;
  if (days < 1 || days > KK_SIM_MAX_DAYS) return -1;
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += followed(&states[i]);
  if (!total) return 0;
  /* every k-th followed item when there are more than max_items */
  size_t k = max_items && total > max_items ? (total + max_items - 1) / max_items : 1;
  int64_t end = clock->now_ms + (int64_t)days * 86400000;
  uint64_t rs = seed;
  size_t seen = 0, used = 0;
  long answers = 0;
  for (size_t i = 0; i < n; i++) {
    if (!followed(&states[i]) || seen++ % k) continue;
    used++;
    kk_CardState st = states[i];
    int64_t t = st.due_ms > clock->now_ms ? st.due_ms : clock->now_ms;
    for (int a = 0; a < WORKLOAD_MAX_ANSWERS && t < end; a++) {
      double recall = kk_sched_retention_at(params, &st, t);
      kk_Clock c = *clock;
      c.now_ms = t;
      kk_sched_answer(cfg, params, &st, uniform(&rs) < recall ? KK_GOOD : KK_AGAIN, &c,
                      (uint64_t)i * 0x9e3779b97f4a7c15ull ^ seed, NULL);
      answers++;
      t = st.due_ms > t ? st.due_ms : t + 60000;
    }
  }
  *items = (int)total;
  return (double)answers * ((double)total / (double)used) / days;
}
