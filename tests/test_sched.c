/* test_sched.c -- scheduling around FSRS and SM-2: learning steps, review
** intervals and their order, fuzz ranges, leeches, exam-date mode, interval
** labels, and a simulated month of study on an injected clock. */
#include <stdint.h>

#include "core/study/sched.h"
#include "kt.h"

#define MIN_MS 60000LL
/* 2026-01-05 12:00 UTC, Japan time (day starts 04:00 local) */
#define T0 1767614400000LL

static kk_Clock clock_at(int64_t ms) {
  kk_Clock c = {ms, 540, 4};
  return c;
}

static uint64_t rng = 0x243f6a8885a308d3ull;
static double urand(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (double)(rng >> 11) / 9007199254740992.0;
}

static kk_SchedConfig cfg_nofuzz(void) {
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  c.fuzz = 0;
  return c;
}

/* ---- learning steps and graduation ---------------------------------- */

static void test_new_card_preview(void) {
  kk_SchedConfig c = cfg_nofuzz();
  kk_CardState st = {0};
  kk_Clock k = clock_at(T0);
  kk_SchedPreview pv[4];
  kk_sched_preview(&c, NULL, &st, &k, 42, pv);
  KT_CHECK(pv[0].interval_ms == c.learning_steps_s[0] * 1000LL);
  KT_CHECK(pv[1].interval_ms == (c.learning_steps_s[0] + c.learning_steps_s[1]) * 500LL);
  KT_CHECK(pv[2].interval_ms == c.learning_steps_s[1] * 1000LL);
  KT_CHECK(pv[0].phase == KK_PHASE_LEARNING && pv[2].phase == KK_PHASE_LEARNING);
  KT_CHECK(pv[3].phase == KK_PHASE_REVIEW);
  /* Easy graduates at the FSRS interval of the initial Easy stability */
  kk_FsrsParams p;
  kk_fsrs_default_params(&p);
  long easy = kk_fsrs_interval_days(&p, p.w[3], 0.9, 36500);
  KT_CHECK(pv[3].interval_days == (double)easy);
  KT_CHECK(pv[3].due_ms == kk_clock_day_start_ms(&k, kk_clock_day(&k, T0) + easy));
  for (int i = 0; i < 3; i++) KT_CHECK(pv[i].interval_days < pv[i + 1].interval_days);
  KT_CHECK(st.reps == 0 && st.phase == KK_PHASE_NEW); /* preview changed nothing */
}

static void test_learning_to_review(void) {
  kk_SchedConfig c = cfg_nofuzz();
  kk_FsrsParams p;
  kk_fsrs_default_params(&p);
  kk_CardState st = {0};
  kk_ReviewLog log;
  int64_t now = T0;
  kk_Clock k = clock_at(now);
  int ev = kk_sched_answer(&c, &p, &st, KK_GOOD, &k, 7, &log);
  KT_CHECK(ev == 0);
  KT_CHECK(st.phase == KK_PHASE_LEARNING && st.step == 1);
  KT_CHECK(st.due_ms == now + 600000);
  KT_CHECK(log.phase_before == KK_PHASE_NEW && log.phase_after == KK_PHASE_LEARNING);
  KT_CHECK(st.stability == p.w[2]);
  KT_CHECK(log.stability == st.stability && log.difficulty == st.difficulty);
  /* Again goes back to the first step; the memory state follows the
  ** same-day formula */
  k.now_ms = now += 600000;
  kk_MemoryState m = {st.stability, st.difficulty};
  kk_sched_answer(&c, &p, &st, KK_AGAIN, &k, 7, &log);
  m = kk_fsrs_next(&p, &m, 0, 1, 1);
  KT_CHECK(st.phase == KK_PHASE_LEARNING && st.step == 0);
  KT_CHECK(st.due_ms == now + 60000);
  KT_CHECK_NEAR(st.stability, m.stability, 1e-12);
  KT_CHECK(log.elapsed_days == 0);
  /* Hard on the first step: between the steps */
  k.now_ms = now += 60000;
  kk_sched_answer(&c, &p, &st, KK_HARD, &k, 7, NULL);
  KT_CHECK(st.step == 0 && st.due_ms == now + 330000);
  m = kk_fsrs_next(&p, &m, 0, 2, 1);
  /* Good, Good: graduates at the FSRS interval */
  k.now_ms = now += 330000;
  kk_sched_answer(&c, &p, &st, KK_GOOD, &k, 7, NULL);
  m = kk_fsrs_next(&p, &m, 0, 3, 1);
  KT_CHECK(st.step == 1);
  k.now_ms = now += 600000;
  ev = kk_sched_answer(&c, &p, &st, KK_GOOD, &k, 7, &log);
  m = kk_fsrs_next(&p, &m, 0, 3, 1);
  KT_CHECK(ev & KK_SCHED_EV_GRADUATED);
  KT_CHECK(st.phase == KK_PHASE_REVIEW);
  long ivl = kk_fsrs_interval_days(&p, m.stability, 0.9, 36500);
  KT_CHECK(st.interval_days == (double)ivl);
  KT_CHECK(st.due_ms == kk_clock_day_start_ms(&k, kk_clock_day(&k, now) + ivl));
  KT_CHECK(st.reps == 5 && st.lapses == 0);
  /* a review some days later uses the elapsed study days */
  int64_t later = st.due_ms + 3 * 3600000LL;
  k.now_ms = later;
  double elapsed = (double)(kk_clock_day(&k, later) - kk_clock_day(&k, now));
  kk_sched_answer(&c, &p, &st, KK_GOOD, &k, 7, &log);
  m = kk_fsrs_next(&p, &m, elapsed, 3, 1);
  KT_CHECK(log.elapsed_days == elapsed && elapsed >= 1);
  KT_CHECK_NEAR(st.stability, m.stability, 1e-12);
  KT_CHECK_NEAR(st.difficulty, m.difficulty, 1e-12);
}

static void test_published_py_fsrs(void) {
  /* py-fsrs's scheduler test (FSRS-5 parameters, fuzz off, steps 1m 10m):
  ** Good six times, each at its due time, gives intervals of 0 (the 10m
  ** step), 4, 17, 62, 198 and 563 days.  (That test goes on with lapses, but
  ** its version predates the linear damping of difficulty, so only the
  ** all-Good part is a reference for FSRS-6.) */
  const double w[19] = {0.4197, 1.1869, 3.0412, 15.2441, 7.1434, 0.6477, 1.0007,
                        0.0674, 1.6597, 0.1712, 1.1178,  2.0225, 0.0904, 0.3025,
                        2.1214, 0.2498, 2.9466, 0.4891,  0.6468};
  const int want[6] = {0, 4, 17, 62, 198, 563};
  kk_FsrsParams p;
  kk_fsrs_params_from(&p, w, 19);
  kk_SchedConfig c = cfg_nofuzz();
  kk_CardState st = {0};
  kk_Clock k = {1669725000000LL, 0, 0}; /* 2022-11-29 12:30 UTC */
  for (int i = 0; i < 6; i++) {
    kk_sched_answer(&c, &p, &st, KK_GOOD, &k, 1, NULL);
    KT_CHECK((int)floor(st.interval_days) == want[i]);
    k.now_ms = st.due_ms;
  }
}

static void test_lapse_and_relearning(void) {
  kk_SchedConfig c = cfg_nofuzz();
  kk_CardState st = {0};
  kk_Clock k = clock_at(T0);
  kk_sched_answer(&c, NULL, &st, KK_EASY, &k, 1, NULL);
  KT_CHECK(st.phase == KK_PHASE_REVIEW);
  k.now_ms = st.due_ms + 3600000;
  kk_ReviewLog log;
  int ev = kk_sched_answer(&c, NULL, &st, KK_AGAIN, &k, 1, &log);
  KT_CHECK(ev & KK_SCHED_EV_LAPSE);
  KT_CHECK(st.lapses == 1 && st.phase == KK_PHASE_RELEARNING);
  KT_CHECK(st.due_ms == k.now_ms + c.relearning_steps_s[0] * 1000LL);
  KT_CHECK(log.phase_before == KK_PHASE_REVIEW && log.phase_after == KK_PHASE_RELEARNING);
  k.now_ms = st.due_ms;
  ev = kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, 1, NULL);
  KT_CHECK(ev & KK_SCHED_EV_GRADUATED);
  KT_CHECK(st.phase == KK_PHASE_REVIEW && st.interval_days >= 1);
  /* without relearning steps a lapse goes straight back to review */
  c.n_relearning_steps = 0;
  k.now_ms = st.due_ms;
  kk_sched_answer(&c, NULL, &st, KK_AGAIN, &k, 1, NULL);
  KT_CHECK(st.phase == KK_PHASE_REVIEW && st.lapses == 2 && st.interval_days >= 1);
}

/* ---- properties over random histories ------------------------------- */

static void test_random_histories(void) {
  long bad_range = 0, bad_order = 0, bad_due = 0, checked = 0, capped = 0;
  for (int card = 0; card < 400; card++) {
    kk_SchedConfig c;
    kk_sched_config_default(&c);
    c.fuzz = card % 3 != 0;
    c.kind = card % 4 == 3 ? KK_SCHED_SM2 : KK_SCHED_FSRS;
    c.desired_retention = 0.7 + urand() * 0.27;
    if (card % 5 == 4) c.max_interval_days = 1 + (int)(urand() * 60);
    kk_CardState st = {0};
    int64_t now = T0 + (int64_t)(urand() * 86400000.0);
    uint64_t key = (uint64_t)card * 0x9e3779b97f4a7c15ull;
    for (int j = 0; j < 60; j++) {
      kk_Clock k = clock_at(now);
      kk_SchedPreview pv[4];
      kk_sched_preview(&c, NULL, &st, &k, key, pv);
      for (int i = 0; i < 3; i++) {
        checked++;
        if (!(pv[i].interval_days < pv[i + 1].interval_days)) {
          if (pv[i + 1].interval_days >= c.max_interval_days)
            capped++;
          else
            bad_order++;
        }
      }
      int g = 1 + (int)(urand() * 4);
      kk_CardState before = st;
      kk_sched_answer(&c, NULL, &st, (kk_Rating)g, &k, key, NULL);
      if (st.due_ms != pv[g - 1].due_ms) bad_due++; /* preview == answer */
      if (st.due_ms <= now || st.interval_days > c.max_interval_days) bad_due++;
      if (!(st.stability >= KK_FSRS_S_MIN && st.stability <= KK_FSRS_S_MAX &&
            st.difficulty >= KK_FSRS_D_MIN && st.difficulty <= KK_FSRS_D_MAX))
        bad_range++;
      if (c.kind == KK_SCHED_SM2 && st.phase == KK_PHASE_REVIEW && st.ease < 1.3) bad_range++;
      if (st.reps != before.reps + 1) bad_range++;
      /* next answer: on time, early, late or the same day */
      double u = urand();
      int64_t wait = st.due_ms - now;
      now += u < 0.6   ? wait
             : u < 0.8 ? (int64_t)(wait * urand()) + 1
                       : wait + (int64_t)(urand() * 30 * KK_DAY_MS);
    }
  }
  KT_CHECK(checked > 50000);
  KT_CHECK(bad_range == 0);
  KT_CHECK(bad_order == 0);
  KT_CHECK(bad_due == 0);
  fprintf(stderr, "  %ld orderings checked, %ld equal at the maximum interval\n", checked, capped);
}

static void test_odd_configs(void) {
  /* whatever a deck configures, answers stay sane: due in the future, the
  ** interval within the maximum, S and D in range (run under UBSan too) */
  long bad = 0;
  for (int n = 0; n < 300; n++) {
    kk_SchedConfig c;
    kk_sched_config_default(&c);
    c.kind = n % 2 ? KK_SCHED_SM2 : KK_SCHED_FSRS;
    c.n_learning_steps = (int)(urand() * 12) - 1;
    c.n_relearning_steps = (int)(urand() * 12) - 1;
    for (int i = 0; i < KK_SCHED_MAX_STEPS; i++) {
      c.learning_steps_s[i] = (int)(urand() * 200000) - 1000;
      c.relearning_steps_s[i] = n % 7 == 0 ? 2147483647 : (int)(urand() * 5000);
    }
    const double rets[] = {-1, 0, 0.01, 0.5, 0.99, 1, 2, NAN};
    c.desired_retention = rets[n % 8];
    const int maxes[] = {-5, 0, 1, 2, 7, 36500, 2147483647};
    c.max_interval_days = maxes[n % 7];
    c.leech_threshold = (int)(urand() * 4) - 1;
    c.leech_every = (int)(urand() * 3) - 1;
    c.fuzz = n % 3 != 0;
    c.short_term = n % 5 != 0;
    if (n % 11 == 0) c.exam_date_ms = T0 + (int64_t)(urand() * 90 * KK_DAY_MS);
    kk_CardState st = {0};
    int64_t now = T0;
    int maxd = c.max_interval_days <= 0        ? 36500
               : c.max_interval_days > 1000000 ? 1000000
                                               : c.max_interval_days;
    for (int j = 0; j < 40; j++) {
      kk_Clock k = clock_at(now);
      kk_sched_answer(&c, NULL, &st, (kk_Rating)(urand() * 6), &k, (uint64_t)n, NULL);
      /* (a learning step may be longer than the maximum interval) */
      if (st.due_ms <= now || (st.phase == KK_PHASE_REVIEW && st.interval_days > maxd) ||
          !(st.stability >= KK_FSRS_S_MIN) ||
          !(st.difficulty >= KK_FSRS_D_MIN && st.difficulty <= KK_FSRS_D_MAX)) {
        if (bad++ < 3)
          fprintf(stderr, "  config %d answer %d: due %+lld ms, interval %g d, S %g, D %g\n", n, j,
                  (long long)(st.due_ms - now), st.interval_days, st.stability, st.difficulty);
      }
      now = st.due_ms;
    }
  }
  KT_CHECK(bad == 0);
}

static void test_deterministic(void) {
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  kk_CardState a = {0}, b = {0};
  kk_Clock k = clock_at(T0);
  for (int i = 0; i < 20; i++) {
    kk_sched_answer(&c, NULL, &a, (kk_Rating)(i % 4 + 1), &k, 99, NULL);
    kk_sched_answer(&c, NULL, &b, (kk_Rating)(i % 4 + 1), &k, 99, NULL);
    k.now_ms = a.due_ms;
  }
  KT_CHECK(memcmp(&a, &b, sizeof a) == 0);
}

/* ---- fuzz ------------------------------------------------------------- */

static void test_fuzz_ranges(void) {
  int lo, hi;
  /* below 2.5 days: no fuzz */
  kk_sched_fuzz_range(1.0, 1, 36500, &lo, &hi);
  KT_CHECK(lo == 1 && hi == 1);
  kk_sched_fuzz_range(2.4, 1, 36500, &lo, &hi);
  KT_CHECK(lo == 2 && hi == 2);
  /* Anki's ranges: +-(1 + 15% of the part in 2.5..7, 10% in 7..20, 5% beyond) */
  const double ivl[] = {3, 5, 7, 10, 20, 30, 100, 365, 3650};
  for (int i = 0; i < 9; i++) {
    double v = ivl[i];
    double d =
        1 + 0.15 * (fmin(v, 7) - 2.5) + 0.1 * fmax(0, fmin(v, 20) - 7) + 0.05 * fmax(0, v - 20);
    kk_sched_fuzz_range(v, 1, 36500, &lo, &hi);
    KT_CHECK(lo == (int)floor(v - d + 0.5) && hi == (int)floor(v + d + 0.5));
    /* the draw covers the range, never leaves it, and is reproducible */
    int seen_lo = 0, seen_hi = 0, out = 0;
    for (uint64_t key = 0; key < 4000; key++) {
      int f = kk_sched_fuzz_days(v, 1, 36500, 1, key, 3);
      out += f < lo || f > hi;
      seen_lo |= f == lo, seen_hi |= f == hi;
      if (f != kk_sched_fuzz_days(v, 1, 36500, 1, key, 3)) out++;
    }
    KT_CHECK(out == 0 && seen_lo && seen_hi);
  }
  KT_CHECK(lo >= 3650 - 200 && hi <= 3650 + 200);
  /* the bounds win: minimum and maximum interval */
  kk_sched_fuzz_range(100, 1, 90, &lo, &hi);
  KT_CHECK(hi == 90 && lo < 90);
  kk_sched_fuzz_range(10, 15, 36500, &lo, &hi);
  KT_CHECK(lo == 15 && hi > 15);
  /* fuzz off: rounded */
  KT_CHECK(kk_sched_fuzz_days(10.4, 1, 36500, 0, 5, 5) == 10);
  KT_CHECK(kk_sched_fuzz_days(10.5, 1, 36500, 0, 5, 5) == 11);
  KT_CHECK(kk_sched_fuzz_days(0.2, 1, 36500, 0, 5, 5) == 1);
  /* the review count changes the draw */
  int differ = 0;
  for (int r = 0; r < 50; r++)
    differ +=
        kk_sched_fuzz_days(100, 1, 36500, 1, 77, r) != kk_sched_fuzz_days(100, 1, 36500, 1, 77, 0);
  KT_CHECK(differ > 25);
}

/* ---- SM-2 --------------------------------------------------------------- */

static void test_sm2(void) {
  kk_SchedConfig c = cfg_nofuzz();
  c.kind = KK_SCHED_SM2;
  kk_CardState st = {0};
  kk_Clock k = clock_at(T0);
  kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, 3, NULL);
  KT_CHECK(st.ease == c.sm2_starting_ease);
  k.now_ms = st.due_ms;
  kk_ReviewLog log;
  kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, 3, &log);
  KT_CHECK(st.phase == KK_PHASE_REVIEW && st.interval_days == c.sm2_graduating_days);
  KT_CHECK(log.scheduler == KK_SCHED_SM2);
  /* on time: hard = ivl*1.2 (at least ivl+1), good = ivl*ease, easy *1.3 */
  k.now_ms = st.due_ms + 3600000;
  kk_SchedPreview pv[4];
  kk_sched_preview(&c, NULL, &st, &k, 3, pv);
  double ivl = st.interval_days, ease = st.ease;
  int hard = (int)fmax(floor(ivl * 1.2 + 0.5), ivl + 1);
  int good = (int)fmax(floor(ivl * ease + 0.5), hard + 1);
  int easy = (int)fmax(floor(ivl * ease * 1.3 + 0.5), good + 1);
  KT_CHECK(pv[1].interval_days == hard);
  KT_CHECK(pv[2].interval_days == good);
  KT_CHECK(pv[3].interval_days == easy);
  kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, 3, NULL);
  KT_CHECK(st.interval_days == good && st.ease == ease);
  /* a late review counts half the delay for Good */
  ivl = st.interval_days;
  k.now_ms = st.due_ms + 4 * KK_DAY_MS;
  kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, 3, NULL);
  KT_CHECK(st.interval_days == floor((ivl + 2) * ease + 0.5));
  /* Easy +0.15, Hard -0.15, Again -0.2 with a floor of 1.3 */
  k.now_ms = st.due_ms;
  kk_sched_answer(&c, NULL, &st, KK_EASY, &k, 3, NULL);
  KT_CHECK_NEAR(st.ease, ease + 0.15, 1e-12);
  k.now_ms = st.due_ms;
  kk_sched_answer(&c, NULL, &st, KK_HARD, &k, 3, NULL);
  KT_CHECK_NEAR(st.ease, ease, 1e-12);
  k.now_ms = st.due_ms;
  kk_sched_answer(&c, NULL, &st, KK_AGAIN, &k, 3, NULL);
  KT_CHECK_NEAR(st.ease, ease - 0.2, 1e-12);
  KT_CHECK(st.phase == KK_PHASE_RELEARNING && st.lapses == 1);
  k.now_ms = st.due_ms;
  kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, 3, NULL);
  KT_CHECK(st.phase == KK_PHASE_REVIEW && st.interval_days == c.sm2_lapse_min_days);
  for (int i = 0; i < 10; i++) { /* graduate, lapse, ... */
    k.now_ms = st.due_ms;
    kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, 3, NULL);
    k.now_ms = st.due_ms;
    kk_sched_answer(&c, NULL, &st, KK_AGAIN, &k, 3, NULL);
  }
  KT_CHECK(st.ease == 1.3 && st.lapses == 11);
}

/* ---- leeches -------------------------------------------------------- */

static void test_leech(void) {
  kk_SchedConfig c = cfg_nofuzz();
  KT_CHECK(c.leech_action == KK_LEECH_SUSPEND); /* the default */
  c.leech_action = KK_LEECH_TAG;
  c.n_relearning_steps = 0;
  kk_CardState st = {0};
  kk_Clock k = clock_at(T0);
  kk_sched_answer(&c, NULL, &st, KK_EASY, &k, 5, NULL);
  int leech_at[32] = {0};
  for (int lapse = 1; lapse <= 20; lapse++) {
    k.now_ms = st.due_ms;
    int ev = kk_sched_answer(&c, NULL, &st, KK_AGAIN, &k, 5, NULL);
    leech_at[lapse] = (ev & KK_SCHED_EV_LEECH) != 0;
    KT_CHECK(ev & KK_SCHED_EV_LAPSE);
  }
  for (int lapse = 1; lapse <= 20; lapse++)
    KT_CHECK(leech_at[lapse] == (lapse >= 8 && (lapse - 8) % 4 == 0));
  KT_CHECK(st.leech && !st.suspended); /* tag only */
  /* the suspend action also suspends */
  c.leech_action = KK_LEECH_SUSPEND;
  kk_CardState s2 = {0};
  k.now_ms = T0;
  kk_sched_answer(&c, NULL, &s2, KK_EASY, &k, 6, NULL);
  for (int lapse = 1; lapse <= 8; lapse++) {
    KT_CHECK(!s2.suspended);
    k.now_ms = s2.due_ms;
    kk_sched_answer(&c, NULL, &s2, KK_AGAIN, &k, 6, NULL);
  }
  KT_CHECK(s2.leech && s2.suspended);
}

/* ---- exam-date mode --------------------------------------------------- */

/* A card reviewed a few times so that its next Good interval is long. */
static kk_CardState mature_card(const kk_SchedConfig *c, kk_Clock *k, uint64_t key) {
  kk_CardState st = {0};
  kk_sched_answer(c, NULL, &st, KK_EASY, k, key, NULL);
  for (int i = 0; i < 3; i++) {
    k->now_ms = st.due_ms;
    kk_sched_answer(c, NULL, &st, KK_GOOD, k, key, NULL);
  }
  return st;
}

static void test_exam_pulls_forward(void) {
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  c.exam_date_ms = 0;
  kk_Clock k = clock_at(T0);
  kk_CardState base = mature_card(&c, &k, 11);
  /* the answer without an exam: a long interval */
  k.now_ms = base.due_ms + 3600000;
  kk_CardState plain_st = base;
  kk_sched_answer(&c, NULL, &plain_st, KK_GOOD, &k, 1, NULL);
  int natural = (int)plain_st.interval_days;
  KT_CHECK(natural > 60);
  /* an exam at a third of it, wanting more than the memory would give */
  c.exam_date_ms = k.now_ms + (natural / 3) * KK_DAY_MS;
  double r_plain = kk_sched_retention_at(NULL, &plain_st, c.exam_date_ms);
  c.exam_retention = (r_plain + 1) / 2;
  int64_t exam_day = kk_clock_day(&k, c.exam_date_ms);
  int per_day[64] = {0}, moved = 0, maxday = 0, bad_day = 0, below = 0;
  for (uint64_t key = 0; key < 1000; key++) {
    kk_CardState st = base;
    int ev = kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, key, NULL);
    int64_t d = kk_clock_day(&k, st.due_ms);
    if (ev & KK_SCHED_EV_EXAM) moved++;
    if (d >= exam_day) bad_day++; /* reviewed before the exam */
    int64_t off = d - kk_clock_day(&k, k.now_ms);
    if (off >= 0 && off < 64 && ++per_day[off] > maxday) maxday = per_day[off];
    /* doing that review (Good) keeps recall at the exam at the target */
    if (kk_sched_exam_retention(&c, NULL, &st, &k, key, 0) < c.exam_retention) below++;
  }
  KT_CHECK(bad_day == 0 && below == 0);
  KT_CHECK(moved == 1000);
  KT_CHECK(maxday < 400); /* spread over several days, not one */
  KT_CHECK(kk_clock_day(&k, plain_st.due_ms) > exam_day);
  KT_CHECK(r_plain < c.exam_retention);
  /* an exam the memory already covers changes nothing */
  kk_SchedConfig easy = c;
  easy.exam_retention = r_plain - 0.01;
  kk_CardState st2 = base;
  int ev = kk_sched_answer(&easy, NULL, &st2, KK_GOOD, &k, 1, NULL);
  KT_CHECK(!(ev & KK_SCHED_EV_EXAM) && st2.due_ms == plain_st.due_ms);
}

static void test_exam_reschedule(void) {
  /* an exam set after the items were scheduled: kk_sched_exam_due brings
  ** forward those that need it, and reviewing then (Good) reaches the
  ** target at the exam */
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  long moved = 0, below = 0, later = 0;
  for (uint64_t key = 0; key < 300; key++) {
    kk_Clock k = clock_at(T0);
    c.exam_date_ms = 0;
    kk_CardState st = mature_card(&c, &k, key);
    k.now_ms = st.due_ms + 3600000;
    kk_sched_answer(&c, NULL, &st, KK_GOOD, &k, key, NULL);
    /* some days later the course sets an exam before the item's due day */
    k.now_ms += (int64_t)(1 + key % 5) * KK_DAY_MS;
    int64_t left = kk_clock_day(&k, st.due_ms) - kk_clock_day(&k, k.now_ms);
    c.exam_date_ms = k.now_ms + (left / 2 + 1) * KK_DAY_MS;
    c.exam_retention = key % 2 ? 0.97 : 0.5;
    int64_t due = kk_sched_exam_due(&c, NULL, &st, &k, key);
    if (due > st.due_ms) later++;
    if (due == st.due_ms) {
      if (kk_sched_retention_at(NULL, &st, c.exam_date_ms) < c.exam_retention) below++;
      continue;
    }
    moved++;
    if (kk_clock_day(&k, due) > kk_clock_day(&k, c.exam_date_ms)) below++;
    kk_Clock at = k;
    if (due > at.now_ms) at.now_ms = due;
    kk_CardState s2 = st;
    kk_sched_answer(&c, NULL, &s2, KK_GOOD, &at, key, NULL);
    if (kk_sched_exam_retention(&c, NULL, &s2, &at, key, 0) < c.exam_retention) below++;
  }
  KT_CHECK(moved >= 100 && moved <= 150); /* the 0.97 half */
  KT_CHECK(below == 0 && later == 0);
  /* no exam, or a new item: unchanged */
  kk_CardState fresh = {0};
  kk_Clock k = clock_at(T0);
  KT_CHECK(kk_sched_exam_due(&c, NULL, &fresh, &k, 1) == 0);
}

static void test_exam_property(void) {
  /* random histories with an exam 1..60 days ahead: a student who keeps up
  ** (Good on every due review) reaches the target on exam day */
  long below = 0, n = 0;
  for (int card = 0; card < 300; card++) {
    kk_SchedConfig c;
    kk_sched_config_default(&c);
    c.kind = card % 3 == 2 ? KK_SCHED_SM2 : KK_SCHED_FSRS;
    c.exam_retention = card % 2 ? 0.9 : 0.95;
    kk_CardState st = {0};
    int64_t now = T0;
    uint64_t key = (uint64_t)card * 7919;
    int nrev = 1 + (int)(urand() * 12);
    for (int j = 0; j < nrev; j++) {
      kk_Clock k = clock_at(now);
      kk_sched_answer(&c, NULL, &st, (kk_Rating)(1 + (int)(urand() * 4)), &k, key, NULL);
      now = st.due_ms + (int64_t)(urand() * 3 * KK_DAY_MS);
    }
    kk_Clock k = clock_at(now);
    c.exam_date_ms = now + (int64_t)((1 + urand() * 60) * KK_DAY_MS);
    double r = kk_sched_exam_retention(&c, NULL, &st, &k, key, 0);
    n++;
    if (r < c.exam_retention) below++;
  }
  KT_CHECK(n == 300 && below == 0);
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  kk_CardState sts[3] = {{0}};
  kk_Clock k = clock_at(T0);
  KT_CHECK(kk_sched_exam_retention_avg(&c, NULL, sts, NULL, 3, &k, T0 + KK_DAY_MS) == 0);
  KT_CHECK(kk_sched_exam_retention_avg(&c, NULL, sts, NULL, 0, &k, T0) == 0);
  sts[1] = mature_card(&c, &k, 3);
  double avg = kk_sched_exam_retention_avg(&c, NULL, sts, NULL, 3, &k, k.now_ms + 5 * KK_DAY_MS);
  KT_CHECK(avg > 0.25 && avg < 1.0 / 3 + 1e-9);
}

/* ---- labels -------------------------------------------------------- */

static void test_format(void) {
  char b[32];
  kk_sched_format_interval(30000, b, sizeof b);
  KT_CHECK_STR(b, "30s");
  kk_sched_format_interval(MIN_MS, b, sizeof b);
  KT_CHECK_STR(b, "1m");
  kk_sched_format_interval(10 * MIN_MS, b, sizeof b);
  KT_CHECK_STR(b, "10m");
  kk_sched_format_interval(90 * MIN_MS, b, sizeof b);
  KT_CHECK_STR(b, "1.5h");
  kk_sched_format_interval(4 * KK_DAY_MS, b, sizeof b);
  KT_CHECK_STR(b, "4d");
  kk_sched_format_days(4, b, sizeof b);
  KT_CHECK_STR(b, "4d");
  kk_sched_format_days(91.25, b, sizeof b);
  KT_CHECK_STR(b, "3mo");
  kk_sched_format_days(365 * 1.2, b, sizeof b);
  KT_CHECK_STR(b, "1.2y");
  kk_sched_format_days(600.0 / 86400.0, b, sizeof b);
  KT_CHECK_STR(b, "10m");
  KT_CHECK(kk_sched_format_days(36500, b, sizeof b) == 4);
  KT_CHECK_STR(b, "100y");
  KT_CHECK(kk_sched_format_interval(10 * MIN_MS, b, 2) == 3 && strlen(b) == 1);
}

/* ---- a simulated month -------------------------------------------------- */

static void test_simulated_month(void) {
  /* 1200 cards, 40 new a day, every due card reviewed; the simulated student
  ** recalls with the true FSRS probability.  Thousands of answers on an
  ** injected clock. */
  enum { N = 1200 };
  static kk_CardState cards[N];
  memset(cards, 0, sizeof cards);
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  kk_FsrsParams p;
  kk_fsrs_default_params(&p);
  long answers = 0, review_answers = 0, recalled = 0, bad = 0;
  int next_new = 0;
  for (int day = 0; day < 30; day++) {
    int64_t start = T0 + (int64_t)day * KK_DAY_MS;
    /* sessions at 12:00, 12:30, ..., so learning steps come back */
    for (int slot = 0; slot < 8; slot++) {
      int64_t now = start + slot * 30 * MIN_MS;
      kk_Clock k = clock_at(now);
      if (slot == 0)
        for (int i = 0; i < 40 && next_new < N; i++) {
          kk_sched_answer(&c, &p, &cards[next_new], KK_GOOD, &k, (uint64_t)next_new, NULL);
          next_new++, answers++;
        }
      for (int i = 0; i < next_new; i++) {
        kk_CardState *st = &cards[i];
        if (st->due_ms > now) continue;
        int was_review = st->phase == KK_PHASE_REVIEW;
        double r = kk_sched_retention_at(&p, st, now);
        int ok = urand() < r;
        kk_Rating g = !ok ? KK_AGAIN : urand() < 0.1 ? KK_HARD : urand() < 0.1 ? KK_EASY : KK_GOOD;
        kk_sched_answer(&c, &p, st, g, &k, (uint64_t)i, NULL);
        answers++;
        if (was_review) review_answers++, recalled += ok;
        if (st->due_ms <= now) bad++;
      }
    }
  }
  double retention = (double)recalled / (double)review_answers;
  fprintf(stderr, "  %ld answers, %ld reviews, retention %.3f\n", answers, review_answers,
          retention);
  KT_CHECK(answers > 3000);
  KT_CHECK(bad == 0);
  KT_CHECK(retention > 0.82 && retention < 0.98);
  int in_review = 0;
  for (int i = 0; i < N; i++) in_review += cards[i].phase == KK_PHASE_REVIEW;
  KT_CHECK(in_review > N / 2);
}

int main(void) {
  KT_RUN(test_new_card_preview);
  KT_RUN(test_learning_to_review);
  KT_RUN(test_published_py_fsrs);
  KT_RUN(test_lapse_and_relearning);
  KT_RUN(test_random_histories);
  KT_RUN(test_odd_configs);
  KT_RUN(test_deterministic);
  KT_RUN(test_fuzz_ranges);
  KT_RUN(test_sm2);
  KT_RUN(test_leech);
  KT_RUN(test_exam_pulls_forward);
  KT_RUN(test_exam_reschedule);
  KT_RUN(test_exam_property);
  KT_RUN(test_format);
  KT_RUN(test_simulated_month);
  return kt_done();
}
