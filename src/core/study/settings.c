/*
** settings.c -- merging the instructor's and the student's deck settings.
*/
#include "core/study/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deck/text.h"
#include "core/deck/schema.h"
#include "core/study/queue.h"

int kk_settings_parse_steps(const char *s, int *out_s, int max) {
  int n = 0;
  const char *p = s;
  for (;;) {
    while (*p == ' ' || *p == ',' || *p == '\t') p++;
    if (!*p) return n;
    char *end = NULL;
    double v = strtod(p, &end);
    if (end == p || v <= 0) return -1;
    double unit;
    switch (*end) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: return -1;
    }
    double secs = v * unit;
    if (n >= max || secs < 1 || secs > 365.0 * 86400) return -1;
    out_s[n++] = (int)(secs + 0.5);
    p = end + 1;
    if (*p && *p != ' ' && *p != ',' && *p != '\t') return -1;
  }
}

void kk_settings_format_steps(const int *steps_s, int n, char *buf, size_t size) {
  size_t used = 0;
  if (size) buf[0] = '\0';
  for (int i = 0; i < n && used < size; i++) {
    int s = steps_s[i];
    int w = s % 86400 == 0  ? snprintf(buf + used, size - used, "%s%dd", i ? " " : "", s / 86400)
            : s % 3600 == 0 ? snprintf(buf + used, size - used, "%s%dh", i ? " " : "", s / 3600)
            : s % 60 == 0   ? snprintf(buf + used, size - used, "%s%dm", i ? " " : "", s / 60)
                            : snprintf(buf + used, size - used, "%s%ds", i ? " " : "", s);
    if (w < 0) break;
    used += (size_t)w;
  }
}

void kk_settings_deck_defaults(const kk_Deck *deck, kk_StoreDeckSettings *out) {
  kk_SchedConfig d;
  kk_sched_config_default(&d);
  memset(out, 0, sizeof *out);
  out->retention = d.desired_retention;
  out->new_per_day = KK_QUEUE_NEW_PER_DAY;
  out->reviews_per_day = KK_QUEUE_REVIEWS_PER_DAY;
  out->max_interval_days = d.max_interval_days;
  out->scheduler = (int)d.kind;
  out->leech_threshold = d.leech_threshold;
  out->leech_action = (int)d.leech_action;
  out->fold_kana = 1;
  kk_settings_format_steps(d.learning_steps_s, d.n_learning_steps, out->learning_steps,
                           sizeof out->learning_steps);
  kk_settings_format_steps(d.relearning_steps_s, d.n_relearning_steps, out->relearning_steps,
                           sizeof out->relearning_steps);
  const kk_DeckSettings *own = deck ? kk_deck_settings(deck) : NULL;
  if (!own) return;
  out->fold_kana = own->fold_kana != 0;
  if (own->retention > 0) out->retention = own->retention;
  if (own->new_per_day >= 0) out->new_per_day = own->new_per_day;
  if (own->reviews_per_day >= 0) out->reviews_per_day = own->reviews_per_day;
  if (own->max_interval_days > 0) out->max_interval_days = own->max_interval_days;
  if (own->scheduler && strcmp(own->scheduler, "sm2") == 0) out->scheduler = KK_SCHED_SM2;
  if (own->exam_date) snprintf(out->exam_date, sizeof out->exam_date, "%s", own->exam_date);
  if (own->leech_action)
    out->leech_action = strcmp(own->leech_action, "tag") == 0 ? KK_LEECH_TAG : KK_LEECH_SUSPEND;
}

void kk_settings_effective(const kk_Deck *deck, const kk_StoreDeckSettings *mine,
                           kk_StoreDeckSettings *out) {
  kk_settings_deck_defaults(deck, out);
  if (!mine) return;
  if (mine->retention > 0) out->retention = mine->retention;
  if (mine->new_per_day >= 0) out->new_per_day = mine->new_per_day;
  if (mine->reviews_per_day >= 0) out->reviews_per_day = mine->reviews_per_day;
  if (mine->max_interval_days > 0) out->max_interval_days = mine->max_interval_days;
  if (mine->scheduler >= 0) out->scheduler = mine->scheduler;
  if (mine->exam_date[0]) memcpy(out->exam_date, mine->exam_date, sizeof out->exam_date);
  int tmp[KK_SCHED_MAX_STEPS];
  if (mine->learning_steps[0] &&
      kk_settings_parse_steps(mine->learning_steps, tmp, KK_SCHED_MAX_STEPS) > 0)
    memcpy(out->learning_steps, mine->learning_steps, sizeof out->learning_steps);
  if (mine->relearning_steps[0] &&
      kk_settings_parse_steps(mine->relearning_steps, tmp, KK_SCHED_MAX_STEPS) > 0)
    memcpy(out->relearning_steps, mine->relearning_steps, sizeof out->relearning_steps);
  if (mine->leech_threshold > 0) out->leech_threshold = mine->leech_threshold;
  if (mine->leech_action >= 0) out->leech_action = mine->leech_action;
  if (mine->fold_kana >= 0) out->fold_kana = mine->fold_kana != 0;
}

unsigned kk_settings_text_fold(const kk_Deck *deck, const kk_StoreDeckSettings *mine) {
  kk_StoreDeckSettings eff;
  kk_settings_effective(deck, mine, &eff);
  return eff.fold_kana ? 0u : KK_TEXT_FOLD_NO_KANA;
}

/* A stored retention the deck format allows (a store may hold one from
** before sync checked it). */
static int retention_ok(double r) {
  const kk_SchemaKey *k = kk_schema_find(kk_schema_settings, "retention");
  return r >= k->lo && r <= k->hi;
}

void kk_settings_apply(const kk_StoreDeckSettings *eff, kk_SchedConfig *cfg) {
  if (retention_ok(eff->retention)) cfg->desired_retention = eff->retention;
  if (eff->max_interval_days > 0) cfg->max_interval_days = eff->max_interval_days;
  if (eff->scheduler >= 0) cfg->kind = (kk_SchedulerKind)eff->scheduler;
  int tmp[KK_SCHED_MAX_STEPS];
  int n = kk_settings_parse_steps(eff->learning_steps, tmp, KK_SCHED_MAX_STEPS);
  if (n > 0) memcpy(cfg->learning_steps_s, tmp, (size_t)n * sizeof *tmp), cfg->n_learning_steps = n;
  n = kk_settings_parse_steps(eff->relearning_steps, tmp, KK_SCHED_MAX_STEPS);
  if (n > 0)
    memcpy(cfg->relearning_steps_s, tmp, (size_t)n * sizeof *tmp), cfg->n_relearning_steps = n;
  if (eff->leech_threshold > 0 && eff->leech_threshold <= KK_LEECH_THRESHOLD_MAX)
    cfg->leech_threshold = eff->leech_threshold;
  if (eff->leech_action >= 0) cfg->leech_action = (kk_LeechAction)eff->leech_action;
}
