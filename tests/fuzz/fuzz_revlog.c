/* fuzz_revlog.c -- the review-log reader of `kioku fsrs optimize` on
** arbitrary bytes, then the training set built from what loaded, in a time
** zone and day start picked by the input's length, scored with the default
** parameters.  A refusal names its line; a loaded log gives a set whose
** loss is finite (or NaN when nothing is predicted) and never overflows the
** day arithmetic. */
#include <math.h>
#include <stdlib.h>

#include "core/study/fsrs.h"
#include "core/study/optimize.h"
#include "core/study/revlog.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_Revlog *log = NULL;
  kk_Err e;
  kk_Status st = kk_revlog_parse((const char *)data, size, "log.csv", &log, &e);
  if (st != KK_OK) {
    if (log || (st != KK_ERR_NOMEM && e.line < 1)) abort(); /* a refusal says where */
    return 0;
  }
  kk_OptimizeOptions o;
  kk_optimize_options_default(&o);
  /* every zone from UTC-12 to UTC+14, every day start */
  o.utc_offset_min = (int)(size % 27) * 60 - 720;
  o.day_start_hour = (int)(size % 24);
  kk_OptimizeSet *set = NULL;
  if (kk_optimize_set_new(log, &o, &set, &e) == KK_OK) {
    if (kk_optimize_set_reviews(set) < 0 || kk_optimize_set_cards(set) < 0) abort();
    kk_FsrsParams p;
    kk_fsrs_default_params(&p);
    double loss = 0, rmse = 0;
    if (kk_optimize_set_evaluate(set, &p, 1, &loss, &rmse) == 0 &&
        kk_optimize_set_reviews(set) > 0 && !(isfinite(loss) && isfinite(rmse)))
      abort();
  }
  kk_optimize_set_free(set);
  kk_revlog_free(log);
  return 0;
}
