/*
** plan.c -- deck options with the student's overrides, and the exam
** summary (see plan.h).
*/
#include "core/study/plan.h"

#include <stdio.h>
#include <string.h>

#include "core/base/date.h"
#include "core/study/settings.h"

const char *kk_plan_exam_date(const kk_Deck *d, kk_Store *s, char buf[11]) {
  kk_StoreDeckSettings ds;
  int found = 0;
  kk_Err e;
  if (d && s && kk_store_get_deck_settings(s, kk_deck_id(d), &e, &ds, &found) == KK_OK && found &&
      ds.exam_date[0]) {
    memcpy(buf, ds.exam_date, 11);
    buf[10] = '\0';
    return buf;
  }
  const kk_DeckSettings *own = d ? kk_deck_settings(d) : NULL;
  return own ? own->exam_date : NULL;
}

void kk_plan_config(const kk_Deck *d, kk_Store *s, const kk_Clock *clock, kk_SchedConfig *c) {
  kk_sched_config_default(c);
  const kk_DeckSettings *own = d ? kk_deck_settings(d) : NULL;
  if (own && own->exam_retention > 0) c->exam_retention = own->exam_retention;
  /* the deck's settings with the student's own over them (settings.h:
  ** scheduler, retention, maximum interval, steps, leech) */
  kk_StoreDeckSettings ds, eff;
  int found = 0;
  kk_Err e;
  if (!d || !s || kk_store_get_deck_settings(s, kk_deck_id(d), &e, &ds, &found) != KK_OK) found = 0;
  kk_settings_effective(d, found ? &ds : NULL, &eff);
  kk_settings_apply(&eff, c);
  /* the day's target never falls below the daily one */
  if (c->exam_retention < c->desired_retention) c->exam_retention = c->desired_retention;
  char buf[11];
  int64_t day;
  if (kk_date_parse(kk_plan_exam_date(d, s, buf), &day))
    c->exam_date_ms = kk_clock_day_start_ms(clock, day);
}

int kk_plan_new_short(int new_left, int new_per_day, int new_done_today, int days_left) {
  if (new_per_day < 0) new_per_day = KK_QUEUE_NEW_PER_DAY;
  int days = days_left - KK_PLAN_EXAM_NEW_LEAD_DAYS + 1; /* today counts */
  if (days < 0) days = 0;
  long long room = (long long)new_per_day * days;
  if (days > 0) room -= new_done_today < new_per_day ? new_done_today : new_per_day;
  if (room < 0) room = 0;
  return new_left > room ? (int)(new_left - room) : 0;
}

void kk_plan_exam(const kk_QueueInput *in, size_t deck, const kk_Clock *clock, kk_PlanExam *out) {
  memset(out, 0, sizeof *out);
  if (deck >= in->ndecks) return;
  const kk_QueueDeck *dk = &in->decks[deck];
  if (!dk->sched || !dk->sched->exam_date_ms) return;
  out->has_exam = 1;
  out->exam_ms = dk->sched->exam_date_ms;
  int64_t today = kk_clock_day(clock, clock->now_ms);
  out->days_left = (int)(kk_clock_day(clock, out->exam_ms) - today);
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < in->nitems; i++) {
    const kk_QueueItem *it = &in->items[i];
    if ((size_t)it->deck != deck) continue;
    n++;
    if (!it->has_state || it->state.phase == KK_PHASE_NEW) {
      out->new_left++;
      continue;
    }
    sum += kk_sched_exam_retention(dk->sched, dk->params, &it->state, clock,
                                   kk_queue_fuzz_key(it->key), out->exam_ms);
  }
  out->recall = n ? sum / (double)n : 0;
  if (out->days_left >= 0)
    out->new_short =
        kk_plan_new_short(out->new_left, dk->new_per_day, dk->new_done_today, out->days_left);
}
