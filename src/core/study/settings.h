/*
** settings.h -- a deck's scheduling settings as the student sees them: the
** instructor's (the deck's YAML, with Kioku's defaults where it says
** nothing) and the student's own overrides from the progress store, merged
** into the kk_SchedConfig and daily limits the queue uses.  Depends on
** deck.h, sched.h, store.h.  Plain values; nothing allocated.
*/
#ifndef KK_SETTINGS_H
#define KK_SETTINGS_H

#include <stddef.h>

#include "core/deck/deck.h"
#include "core/study/sched.h"
#include "core/study/store.h"

/* Parses learning steps such as "1m 10m", "30s 1h 1d" (a number with s, m,
** h or d; spaces or commas between) into seconds; returns how many (at
** most max), or -1 if s is not such a list or has more than max steps.
** "" gives 0. */
int kk_settings_parse_steps(const char *s, int *out_s, int max);
/* Writes steps back as text ("1m 10m"). */
void kk_settings_format_steps(const int *steps_s, int n, char *buf, size_t size);

/* The deck's own settings with every "the deck's own" value filled in:
** what the instructor suggests.  deck may be NULL (Kioku's defaults). */
void kk_settings_deck_defaults(const kk_Deck *deck, kk_StoreDeckSettings *out);

/* The settings in force: the student's value where set, else the deck's
** (as kk_settings_deck_defaults). */
void kk_settings_effective(const kk_Deck *deck, const kk_StoreDeckSettings *mine,
                           kk_StoreDeckSettings *out);

/* Applies effective settings to cfg (scheduler, retention, maximum
** interval, steps, leech; not the exam date, which needs the clock). */
void kk_settings_apply(const kk_StoreDeckSettings *eff, kk_SchedConfig *cfg);

#endif
