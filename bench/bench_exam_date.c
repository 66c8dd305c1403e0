/* bench_exam_date.c -- exam-date mode against no exam date: 300 new items,
** a simulated student answering by FSRS's predicted recall, an exam 30
** days out.  Prints per day the reviews done and the mean recall at the
** day's end for both runs, then the mean predicted recall on exam day.
** Prints figures; asserts nothing. */
#include <stdio.h>

#include "core/study/sim.h"

int main(void) {
  kk_SimSpec spec = {0};
  spec.nitems = 300;
  spec.days = 30;
  spec.new_per_day = 20;
  spec.reviews_per_day = 200;
  spec.first_recall = 0.75;
  spec.seed = 12;
  spec.start_ms = 1767258000000LL; /* 2026-01-01 09:00 UTC */
  kk_sched_config_default(&spec.cfg);
  kk_SimResult r[2];
  kk_Err e;
  for (int m = 0; m < 2; m++) {
    spec.exam_mode = m;
    if (kk_sim_run(&spec, &e, &r[m]) != KK_OK) {
      fprintf(stderr, "bench_exam_date: %s\n", e.msg);
      return 1;
    }
  }
  printf("exam-date mode: 300 items, exam in 30 days, exam_retention %.2f, "
         "desired retention %.2f, limits %d new / %d reviews a day\n",
         spec.cfg.exam_retention, spec.cfg.desired_retention, spec.new_per_day,
         spec.reviews_per_day);
  printf("%4s  %12s %12s   %12s %12s\n", "day", "reviews off", "recall off", "reviews on",
         "recall on");
  for (int d = 0; d < spec.days; d++)
    printf("%4d  %12d %12.3f   %12d %12.3f\n", d, r[0].reviews[d], r[0].recall_now[d],
           r[1].reviews[d], r[1].recall_now[d]);
  printf("mean predicted recall on exam day: off %.3f, on %.3f\n", r[0].exam_recall,
         r[1].exam_recall);
  printf("most reviews on one day: off %d, on %d\n", r[0].max_reviews, r[1].max_reviews);
  return 0;
}
