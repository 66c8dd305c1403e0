/*
** stats.c -- study statistics from item states and the review log.
*/
#include "core/study/stats.h"
#include "core/base/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"

typedef struct {
  kk_StatsGroup *v;
  size_t n, cap;
} Groups;

typedef struct {
  kk_Stats *st;
  const kk_Clock *clock;
  int64_t today;
  Groups tags, decks;
  size_t leech_cap;
  int oom;
} Acc;

/* Lists a leech; sets a->oom if out of memory. */
static void add_leech(Acc *a, const char *key, const char *deck_id, const kk_CardState *s) {
  kk_Stats *st = a->st;
  if (st->nleeches == a->leech_cap) {
    kk_StatsLeech *v = kk_grow(st->leeches, &a->leech_cap, st->nleeches + 1, sizeof *v, 8);
    if (!v) {
      a->oom = 1;
      return;
    }
    st->leeches = v;
  }
  kk_StatsLeech *x = &st->leeches[st->nleeches];
  x->item_key = kk_strdup(key);
  x->deck_id = kk_strdup(deck_id);
  x->lapses = s->lapses;
  x->suspended = s->suspended;
  if (!x->item_key || !x->deck_id) {
    kk_free(x->item_key);
    kk_free(x->deck_id);
    a->oom = 1;
    return;
  }
  st->nleeches++;
}

/* Finds or adds the group called name; NULL if out of memory. */
static kk_StatsGroup *group(Groups *g, const char *name) {
  for (size_t i = g->n; i-- > 0;)
    if (strcmp(g->v[i].name, name) == 0) return &g->v[i];
  if (g->n == g->cap) {
    kk_StatsGroup *v = kk_grow(g->v, &g->cap, g->n + 1, sizeof *v, 16);
    if (!v) return NULL;
    g->v = v;
  }
  kk_StatsGroup *x = &g->v[g->n];
  memset(x, 0, sizeof *x);
  x->name = kk_strdup(name);
  if (!x->name) return NULL;
  g->n++;
  return x;
}

static int mastered(const kk_CardState *s) {
  if (!s || s->phase != KK_PHASE_REVIEW) return 0;
  double days = s->stability > 0 ? s->stability : s->interval_days;
  return days >= KK_STATS_MASTERED_DAYS;
}

/* Counts one item; s NULL means new (no state). */
static void count_item(Acc *a, const char *key, const char *deck_id, const kk_CardState *s,
                       const kk_Card *card) {
  kk_Stats *st = a->st;
  st->items++;
  if (s && s->leech) add_leech(a, key, deck_id, s);
  kk_Phase ph = s ? s->phase : KK_PHASE_NEW;
  if (s && s->suspended) st->suspended++;
  switch (ph) {
  case KK_PHASE_NEW: st->new_count++; break;
  case KK_PHASE_LEARNING:
  case KK_PHASE_RELEARNING: st->learning_count++; break;
  case KK_PHASE_REVIEW:
    st->review_count++;
    if (s->interval_days >= KK_STATS_MASTERED_DAYS)
      st->mature++;
    else
      st->young++;
    break;
  }
  if (s && ph != KK_PHASE_NEW && !s->suspended) {
    int64_t d = kk_clock_day(a->clock, s->due_ms) - a->today;
    if (d < 0) d = 0;
    if (d < KK_STATS_DAYS) st->forecast[d]++;
  }
  int m = mastered(s);
  kk_StatsGroup *g = group(&a->decks, deck_id);
  if (!g) {
    a->oom = 1;
    return;
  }
  g->items++;
  g->mastered += m;
  if (!card) return;
  for (size_t t = 0; t < card->ntags; t++) {
    g = group(&a->tags, card->tags[t]);
    if (!g) {
      a->oom = 1;
      return;
    }
    g->items++;
    g->mastered += m;
  }
}

static int state_cb(void *ud, const char *key, const char *deck_id, const kk_CardState *s) {
  Acc *a = ud;
  count_item(a, key, deck_id, s->phase == KK_PHASE_NEW && !s->suspended ? NULL : s, NULL);
  return a->oom;
}

static int review_cb(void *ud, const kk_StoreReview *r) {
  Acc *a = ud;
  kk_Stats *st = a->st;
  int64_t d = kk_clock_day(a->clock, r->log.time_ms) - (a->today - (KK_STATS_DAYS - 1));
  if (d < 0 || d >= KK_STATS_DAYS) return 0;
  st->reviews_per_day[d]++;
  st->time_ms_per_day[d] += r->log.duration_ms;
  if (r->log.phase_before != KK_PHASE_REVIEW) return 0;
  int pass = r->log.rating != KK_AGAIN;
  st->retention_reviews++;
  st->retention_passed += pass;
  if (r->before.interval_days >= KK_STATS_MASTERED_DAYS) {
    st->mature_reviews++;
    st->mature_passed += pass;
  } else {
    st->young_reviews++;
    st->young_passed += pass;
  }
  return 0;
}

/* The streak: walks study days backwards from the newest review and stops
** at the first gap, so it reads only the streak's reviews. */
typedef struct {
  Acc *a;
  int64_t expect; /* the day we need next to go on */
  int first;
} Streak;

static int streak_step(void *ud, int64_t time_ms) {
  Streak *k = ud;
  Acc *a = k->a;
  int64_t d = kk_clock_day(a->clock, time_ms);
  if (d > a->today) return 0; /* a clock that went back */
  if (k->first) {
    k->first = 0;
    if (d == a->today)
      a->st->studied_today = 1;
    else
      k->expect = a->today - 1;
  }
  if (d == k->expect) {
    a->st->streak++;
    k->expect--;
  } else if (d < k->expect) {
    return 1;
  }
  return 0;
}

static kk_Status streak(kk_Store *s, const char *deck_id, Acc *a, kk_Err *err) {
  Streak k = {a, a->today, 1};
  return kk_store_each_review_time(s, deck_id, streak_step, &k, err);
}

static int cmp_group(const void *x, const void *y) {
  return strcmp(((const kk_StatsGroup *)x)->name, ((const kk_StatsGroup *)y)->name);
}

static void finish_groups(Groups *g, kk_StatsGroup **v, size_t *n) {
  for (size_t i = 0; i < g->n; i++)
    g->v[i].mastery = g->v[i].items ? (double)g->v[i].mastered / g->v[i].items : 0;
  if (g->n) qsort(g->v, g->n, sizeof *g->v, cmp_group);
  *v = g->v;
  *n = g->n;
  g->v = NULL;
  g->n = g->cap = 0;
}

static void free_groups(kk_StatsGroup *v, size_t n) {
  for (size_t i = 0; i < n; i++) kk_free(v[i].name);
  kk_free(v);
}

void kk_stats_free(kk_Stats *st) {
  if (!st) return;
  free_groups(st->tags, st->ntags);
  free_groups(st->decks, st->ndecks);
  for (size_t i = 0; i < st->nleeches; i++) {
    kk_free(st->leeches[i].item_key);
    kk_free(st->leeches[i].deck_id);
  }
  kk_free(st->leeches);
  kk_free(st);
}

kk_Status kk_stats_compute(kk_Store *s, const kk_QueueInput *in, const char *deck_id,
                           const kk_Clock *clock, kk_Err *err, kk_Stats **out) {
  *out = NULL;
  kk_Status ks = KK_OK;
  Acc a;
  memset(&a, 0, sizeof a);
  a.clock = clock;
  a.today = kk_clock_day(clock, clock->now_ms);
  a.st = kk_calloc(1, sizeof *a.st);
  if (!a.st) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  kk_Stats *st = a.st;

  if (in) {
    for (size_t i = 0; i < in->nitems && !a.oom; i++) {
      const kk_QueueItem *it = &in->items[i];
      const char *did = in->decks[it->deck].id;
      if (deck_id && strcmp(did, deck_id) != 0) continue;
      count_item(&a, it->key, did, it->has_state ? &it->state : NULL, it->deck_card);
    }
  } else {
    ks = kk_store_each_state(s, deck_id, state_cb, &a, err);
    if (ks != KK_OK) goto fail;
  }
  if (a.oom) {
    ks = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    goto fail;
  }
  st->due_today = st->forecast[0];
  st->due_tomorrow = st->forecast[1];

  int64_t since = kk_clock_day_start_ms(clock, a.today - (KK_STATS_DAYS - 1));
  ks = kk_store_each_review(s, deck_id, since, review_cb, &a, err);
  if (ks != KK_OK) goto fail;
  st->reviews_today = st->reviews_per_day[KK_STATS_DAYS - 1];
  st->true_retention =
      st->retention_reviews ? (double)st->retention_passed / st->retention_reviews : -1;
  ks = kk_store_review_count(s, deck_id, err, &st->total_reviews);
  if (ks != KK_OK) goto fail;
  ks = streak(s, deck_id, &a, err);
  if (ks != KK_OK) goto fail;
  finish_groups(&a.tags, &st->tags, &st->ntags);
  finish_groups(&a.decks, &st->decks, &st->ndecks);
  *out = st;
  return KK_OK;
fail:
  free_groups(a.tags.v, a.tags.n);
  free_groups(a.decks.v, a.decks.n);
  kk_stats_free(st);
  return ks;
}

/* ---- JSON ---------------------------------------------------------------*/

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(f, "\\u%04x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

static void json_ints(FILE *f, const char *name, const int *v, size_t n) {
  fprintf(f, "  \"%s\": [", name);
  for (size_t i = 0; i < n; i++) fprintf(f, "%s%d", i ? ", " : "", v[i]);
  fputs("],\n", f);
}

static void json_groups(FILE *f, const char *name, const kk_StatsGroup *g, size_t n, int last) {
  fprintf(f, "  \"%s\": [", name);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
    json_str(f, g[i].name);
    fprintf(f, ", \"items\": %d, \"mastered\": %d, \"mastery\": %.4f}", g[i].items, g[i].mastered,
            g[i].mastery);
  }
  fprintf(f, "%s]%s\n", n ? "\n  " : "", last ? "" : ",");
}

int kk_stats_write_json(const kk_Stats *st, FILE *f) {
  fputs("{\n", f);
  fprintf(f, "  \"due_today\": %d,\n  \"due_tomorrow\": %d,\n", st->due_today, st->due_tomorrow);
  fprintf(f, "  \"items\": %d,\n  \"new\": %d,\n  \"learning\": %d,\n  \"review\": %d,\n",
          st->items, st->new_count, st->learning_count, st->review_count);
  fprintf(f, "  \"young\": %d,\n  \"mature\": %d,\n  \"suspended\": %d,\n", st->young, st->mature,
          st->suspended);
  if (st->true_retention >= 0)
    fprintf(f, "  \"true_retention\": %.4f,\n", st->true_retention);
  else
    fputs("  \"true_retention\": null,\n", f);
  fprintf(f, "  \"retention_reviews\": %d,\n  \"retention_passed\": %d,\n", st->retention_reviews,
          st->retention_passed);
  fprintf(f, "  \"young_reviews\": %d,\n  \"young_passed\": %d,\n", st->young_reviews,
          st->young_passed);
  fprintf(f, "  \"mature_reviews\": %d,\n  \"mature_passed\": %d,\n", st->mature_reviews,
          st->mature_passed);
  fprintf(f, "  \"reviews_today\": %d,\n  \"total_reviews\": %lld,\n", st->reviews_today,
          (long long)st->total_reviews);
  fprintf(f, "  \"streak_days\": %d,\n  \"studied_today\": %s,\n", st->streak,
          st->studied_today ? "true" : "false");
  json_ints(f, "reviews_per_day", st->reviews_per_day, KK_STATS_DAYS);
  fputs("  \"minutes_per_day\": [", f);
  for (int i = 0; i < KK_STATS_DAYS; i++)
    fprintf(f, "%s%.1f", i ? ", " : "", (double)st->time_ms_per_day[i] / 60000.0);
  fputs("],\n", f);
  json_ints(f, "forecast", st->forecast, KK_STATS_DAYS);
  json_groups(f, "mastery_by_tag", st->tags, st->ntags, 0);
  json_groups(f, "mastery_by_deck", st->decks, st->ndecks, 0);
  fputs("  \"leeches\": [", f);
  for (size_t i = 0; i < st->nleeches; i++) {
    fputs(i ? ",\n    {\"item\": " : "\n    {\"item\": ", f);
    json_str(f, st->leeches[i].item_key);
    fputs(", \"deck\": ", f);
    json_str(f, st->leeches[i].deck_id);
    fprintf(f, ", \"lapses\": %d, \"suspended\": %s}", st->leeches[i].lapses,
            st->leeches[i].suspended ? "true" : "false");
  }
  fprintf(f, "%s]\n", st->nleeches ? "\n  " : "");
  fputs("}\n", f);
  return ferror(f) ? -1 : 0;
}
