/*
** replay.h -- replays review histories through the FSRS-6 model: the
** engine behind `kioku fsrs replay`.  Depends on fsrs.h, alloc.h, err.h.
** Input: CSV with the header card,elapsed_days,rating (elapsed_days real,
** used as given; 0 = same day; ignored on a card's first review; rows of
** different cards may interleave).  Output: a new buffer of CSV
** card,rating,stability,difficulty,retrievability,interval with 9 decimals
** (caller frees with kk_free).  A bad row: KK_ERR_PARSE with e->line set.
*/
#ifndef KK_REPLAY_H
#define KK_REPLAY_H

#include <stddef.h>

#include "core/base/err.h"
#include "core/study/fsrs.h"

typedef struct kk_ReplayOptions {
  kk_FsrsParams params;
  double retention; /* desired retention for the interval column */
  int short_term;   /* 0: same-day reviews use the long-term formulas */
} kk_ReplayOptions;

/* in[0..len) is borrowed; on KK_OK *out is a new buffer of *out_len bytes
** (caller kk_frees), otherwise *out is NULL and e (may be NULL) says why. */
kk_Status kk_fsrs_replay(const kk_ReplayOptions *o, const char *in, size_t len, char **out,
                         size_t *out_len, kk_Err *e);

#endif
