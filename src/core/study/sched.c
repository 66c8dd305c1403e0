/*
** sched.c -- scheduling around the memory model (see sched.h).
**
** Divisions: configuration and the deterministic draws; fuzz; learning
** steps; review intervals (FSRS and SM-2); exam-date mode; answering and
** previewing; interval labels; exam-day retention.
**
** Time: learning steps are delays in seconds from now; review intervals are
** whole study days (kk_clock_day) and a review card falls due when its day
** starts.  Elapsed time fed to FSRS is the number of study days since the
** previous review, as Anki does, so same-day reviews take the short-term
** formula.
*/
#include "core/study/sched.h"

#include "core/base/i18n.h"
#include "core/deck/deck.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- configuration and deterministic draws ---------------------------- */

void kk_sched_config_default(kk_SchedConfig *c) {
  memset(c, 0, sizeof *c);
  c->kind = KK_SCHED_FSRS;
  c->desired_retention = 0.9;
  c->max_interval_days = KK_DECK_MAX_INTERVAL_DAYS;
  c->learning_steps_s[0] = 60;
  c->learning_steps_s[1] = 600;
  c->n_learning_steps = 2;
  c->relearning_steps_s[0] = 600;
  c->n_relearning_steps = 1;
  c->fuzz = 1;
  c->short_term = 1;
  c->leech_threshold = 8;
  c->leech_every = 4;
  c->leech_action = KK_LEECH_SUSPEND;
  c->exam_retention = 0.95;
  c->sm2_starting_ease = 2.5;
  c->sm2_easy_bonus = 1.3;
  c->sm2_hard_multiplier = 1.2;
  c->sm2_interval_modifier = 1.0;
  c->sm2_lapse_multiplier = 0.0;
  c->sm2_lapse_min_days = 1;
  c->sm2_graduating_days = 1;
  c->sm2_easy_days = 4;
}

/* Salts keep the draws for different purposes independent. */
enum { SALT_REVIEW = 1, SALT_LEARN = 2, SALT_EXAM = 3 };

/* A uniform number in [0, 1) fixed by the item, its review count and the
** purpose (splitmix64 finaliser). */
static double draw(uint64_t key, int reps, int salt) {
  uint64_t z = key ^ ((uint64_t)(unsigned)reps * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)salt << 56);
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return (double)(z >> 11) / 9007199254740992.0;
}

static int clampi(int x, int lo, int hi) { return x < lo ? lo : x > hi ? hi : x; }

/* ---- fuzz ---------------------------------------------------------------- */

void kk_sched_fuzz_range(double days, int min_days, int max_days, int *lo, int *hi) {
  if (max_days < 1) max_days = 1;
  if (min_days < 1) min_days = 1;
  if (min_days > max_days) min_days = max_days;
  double ivl = days < min_days ? min_days : days > max_days ? max_days : days;
  if (!(ivl == ivl)) ivl = min_days; /* NaN */
  double delta = 0;
  if (ivl >= 2.5) /* Anki's ranges: 15% to 7 d, 10% to 20 d, 5% beyond */
    delta = 1.0 + 0.15 * (fmin(ivl, 7.0) - 2.5) + 0.10 * fmax(0, fmin(ivl, 20.0) - 7.0) +
            0.05 * fmax(0, ivl - 20.0);
  int l = (int)floor(ivl - delta + 0.5), h = (int)floor(ivl + delta + 0.5);
  l = clampi(l, min_days, max_days);
  h = clampi(h, min_days, max_days);
  if (h == l && h > 2 && h < max_days) h = l + 1;
  *lo = l, *hi = h;
}

int kk_sched_fuzz_days(double days, int min_days, int max_days, int fuzz, uint64_t fuzz_key,
                       int reps) {
  int lo, hi;
  if (!fuzz) { /* the range's middle, rounded: no draw */
    if (max_days < 1) max_days = 1;
    if (min_days < 1) min_days = 1;
    if (min_days > max_days) min_days = max_days;
    if (!(days == days)) return min_days; /* NaN */
    double v = days < min_days ? min_days : days > max_days ? max_days : days;
    return clampi((int)floor(v + 0.5), min_days, max_days);
  }
  kk_sched_fuzz_range(days, min_days, max_days, &lo, &hi);
  int v = lo + (int)floor(draw(fuzz_key, reps, SALT_REVIEW) * (hi - lo + 1));
  return v > hi ? hi : v;
}

/* ---- answering: shared context ------------------------------------------- */

typedef struct {
  const kk_SchedConfig *cfg;
  const kk_FsrsParams *p;
  const kk_Clock *clock;
  int64_t now, today;
  uint64_t key;
  int reps;            /* review count before this answer: the fuzz index */
  int first;           /* no memory state yet */
  double elapsed;      /* study days since the previous review */
  kk_MemoryState prev; /* before the answer (when !first) */
} Ctx;

static kk_MemoryState memory_after(const Ctx *x, int g) {
  return kk_fsrs_next(x->p, x->first ? NULL : &x->prev, x->elapsed, g, x->cfg->short_term);
}

/* The outcome of an answer before it is written into the state. */
typedef struct {
  kk_Phase phase;
  int step;
  int64_t delay_s; /* (re)learning: seconds from now */
  int days;        /* review: whole days from today */
  int exam_moved;
} Outcome;

/* ---- learning steps ---------------------------------------------------- */

/* Anki's delay for Hard on the first step: halfway to the second step, or
** half as long again as a single step (at most a day more). */
static int64_t hard_delay(const int *steps, int n) {
  if (n >= 2) return ((int64_t)steps[0] + steps[1] + 1) / 2;
  int64_t s = steps[0], h = s * 3 / 2;
  return h < s + 86400 ? h : s + 86400;
}

/* Anki's learning fuzz: up to a quarter of the delay, at most 5 minutes. */
static int64_t fuzz_delay(const Ctx *x, int64_t secs) {
  if (!x->cfg->fuzz || secs <= 0) return secs;
  double room = fmin((double)secs * 0.25, 300.0);
  return secs + (int64_t)floor(draw(x->key, x->reps, SALT_LEARN) * room);
}

/* ---- review intervals -------------------------------------------------- */

/* Configured values are used within sane bounds, whatever a deck says. */
#define MAX_DAYS_CAP 1000000
static int max_days(const Ctx *x) {
  int m = x->cfg->max_interval_days;
  return m <= 0 ? KK_DECK_MAX_INTERVAL_DAYS : m > MAX_DAYS_CAP ? MAX_DAYS_CAP : m;
}

static int fuzzed(const Ctx *x, double days, int min_days) {
  return kk_sched_fuzz_days(days, min_days, max_days(x), x->cfg->fuzz, x->key, x->reps);
}

static double fsrs_days(const Ctx *x, double s) {
  double r = x->cfg->desired_retention;
  r = r >= 0.01 ? (r <= 1.0 ? r : 1.0) : 0.01; /* also NaN */
  return kk_fsrs_interval(x->p, s, r);
}

/* FSRS intervals for Hard, Good, Easy from the stability each would give,
** kept in that order (each at least a day more than the one before, unless
** the maximum interval caps them). */
static void fsrs_passing(const Ctx *x, int out[3]) {
  kk_MemoryState h = memory_after(x, 2), g = memory_after(x, 3), e = memory_after(x, 4);
  out[0] = fuzzed(x, fsrs_days(x, h.stability), 1);
  out[1] = fuzzed(x, fsrs_days(x, g.stability), out[0] + 1);
  out[2] = fuzzed(x, fsrs_days(x, e.stability), out[1] + 1);
}

static double sm2_ease(const kk_SchedConfig *c, const kk_CardState *st) {
  return st->ease >= 1.3 ? st->ease : c->sm2_starting_ease;
}

/* Anki's SM-2 intervals for a review card answered Hard, Good, Easy. */
static void sm2_passing(const Ctx *x, const kk_CardState *st, int out[3]) {
  const kk_SchedConfig *c = x->cfg;
  double sched = st->review_interval_days >= 1 ? st->review_interval_days : 1;
  double ease = sm2_ease(c, st), mod = c->sm2_interval_modifier;
  double cur = sched, late = x->elapsed - sched;
  int hard_min = c->sm2_hard_multiplier > 1 ? (int)sched + 1 : 1;
  if (late < 0) { /* early: grow from the time actually waited */
    cur = x->elapsed >= 1 ? x->elapsed : 1;
    late = 0;
    hard_min = 1;
  }
  out[0] = fuzzed(x, cur * c->sm2_hard_multiplier * mod, hard_min);
  out[1] = fuzzed(x, (cur + late / 2) * ease * mod, out[0] + 1);
  out[2] = fuzzed(x, (cur + late) * ease * c->sm2_easy_bonus * mod, out[1] + 1);
}

/* The review interval for a card leaving (re)learning: Good or Easy. */
static int graduate_days(const Ctx *x, const kk_CardState *st, int g, int relearning) {
  const kk_SchedConfig *c = x->cfg;
  int good;
  if (c->kind == KK_SCHED_SM2) {
    double base = relearning ? fmax(st->review_interval_days, 1) : c->sm2_graduating_days;
    good = fuzzed(x, base, 1);
    if (g <= 3) return good;
    return fuzzed(x, relearning ? base + 1 : c->sm2_easy_days, good + 1);
  }
  /* Again or Hard here only without steps: the interval of that answer */
  good = fuzzed(x, fsrs_days(x, memory_after(x, g < 3 ? g : 3).stability), 1);
  if (g <= 3) return good;
  return fuzzed(x, fsrs_days(x, memory_after(x, 4).stability), good + 1);
}

/* ---- exam-date mode ---------------------------------------------------- */

/* A review on day today+xd answered Good, base days after the previous
** one: is recall at the exam then at least target? */
static int exam_ok_after(const Ctx *x, const kk_MemoryState *m, int base, int xd, double target) {
  int64_t at = kk_clock_day_start_ms(x->clock, x->today + xd);
  double gap = (double)(x->cfg->exam_date_ms - at) / (double)KK_DAY_MS;
  kk_MemoryState n = kk_fsrs_next(x->p, m, (double)(base + xd), 3, x->cfg->short_term);
  return kk_fsrs_retrievability(x->p, gap > 0 ? gap : 0, n.stability) >= target;
}

/* Exam-date mode.  m is the memory state since last_ms (base whole days
** before today); days the interval from today the schedule wants.  If that
** carries the item past the exam day with predicted recall at the exam
** below the target, returns a shorter interval (>= min_day) that keeps it:
** a day drawn evenly (a deterministic jitter) between the earliest day on
** which a successful review lifts recall at the exam to the target and the
** day before the exam, so that items do not pile up on one day and most
** are seen late.  Otherwise returns days. */
static int exam_days(const Ctx *x, const kk_MemoryState *m, int64_t last_ms, int base, int days,
                     int min_day, int *moved) {
  const kk_SchedConfig *c = x->cfg;
  if (!c->exam_date_ms) return days;
  int64_t exam_day = kk_clock_day(x->clock, c->exam_date_ms);
  int64_t span = exam_day - x->today;        /* days until the exam's day */
  if (span <= 0 || days < span) return days; /* due on the day: too late */
  double target = c->exam_retention > 0 ? c->exam_retention : c->desired_retention;
  double t_exam = (double)(c->exam_date_ms - last_ms) / (double)KK_DAY_MS;
  if (kk_fsrs_retrievability(x->p, t_exam > 0 ? t_exam : 0, m->stability) >= target) return days;
  /* success at the exam grows with the review day: bisect for the first */
  int lo = min_day, hi = (int)span;
  if (!exam_ok_after(x, m, base, hi, target)) {
    lo = hi;
  } else {
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      if (exam_ok_after(x, m, base, mid, target))
        hi = mid;
      else
        lo = mid + 1;
    }
  }
  int last = span > 1 ? (int)span - 1 : 1;
  if (last < lo) last = lo;
  int room = last - lo; /* the whole window: later reviews leave more on the day */
  int d = lo + (int)floor(draw(x->key, x->reps, SALT_EXAM) * (room + 1));
  if (d > lo + room) d = lo + room;
  *moved = 1;
  return d;
}

/* ---- answering ------------------------------------------------------- */

static Outcome answer_steps(const Ctx *x, const kk_CardState *st, int g, int relearning) {
  const kk_SchedConfig *c = x->cfg;
  const int *steps = relearning ? c->relearning_steps_s : c->learning_steps_s;
  int n = relearning ? c->n_relearning_steps : c->n_learning_steps;
  if (n > KK_SCHED_MAX_STEPS) n = KK_SCHED_MAX_STEPS;
  int fixed[KK_SCHED_MAX_STEPS];
  for (int i = 0; i < n; i++) fixed[i] = steps[i] > 0 ? steps[i] : 1;
  steps = fixed;
  Outcome o = {relearning ? KK_PHASE_RELEARNING : KK_PHASE_LEARNING, 0, 0, 0, 0};
  int step = st->phase == KK_PHASE_NEW ? 0 : clampi(st->step, 0, n > 0 ? n - 1 : 0);
  if (n <= 0) { /* no steps: straight to review */
    o.phase = KK_PHASE_REVIEW;
    o.days = graduate_days(x, st, g, relearning);
    return o;
  }
  switch (g) {
  case 1:
    o.step = 0;
    o.delay_s = steps[0];
    break;
  case 2:
    o.step = step;
    o.delay_s = step == 0 ? hard_delay(steps, n) : steps[step];
    break;
  default:
    if (g == 3 && step + 1 < n) {
      o.step = step + 1;
      o.delay_s = steps[step + 1];
      break;
    }
    /* Good on the last step, or Easy: graduate */
    o.phase = KK_PHASE_REVIEW;
    o.days = graduate_days(x, st, g, relearning);
    return o;
  }
  o.delay_s = fuzz_delay(x, o.delay_s);
  return o;
}

static Outcome answer_review(const Ctx *x, kk_CardState *st, int g, int *ev) {
  const kk_SchedConfig *c = x->cfg;
  Outcome o = {KK_PHASE_REVIEW, 0, 0, 0, 0};
  if (g == 1) {
    *ev |= KK_SCHED_EV_LAPSE;
    st->lapses++;
    int every = c->leech_every > 0 ? c->leech_every : 1;
    if (c->leech_threshold > 0 && st->lapses >= c->leech_threshold &&
        (st->lapses - c->leech_threshold) % every == 0) {
      *ev |= KK_SCHED_EV_LEECH;
      st->leech = 1;
      if (c->leech_action == KK_LEECH_SUSPEND) st->suspended = 1;
    }
    int lapse_days;
    if (c->kind == KK_SCHED_SM2) {
      double sched = st->review_interval_days >= 1 ? st->review_interval_days : 1;
      st->ease = fmax(1.3, sm2_ease(c, st) - 0.2);
      lapse_days = fuzzed(x, sched * c->sm2_lapse_multiplier,
                          c->sm2_lapse_min_days > 1 ? c->sm2_lapse_min_days : 1);
      st->review_interval_days = lapse_days;
    } else {
      lapse_days = fuzzed(x, fsrs_days(x, memory_after(x, 1).stability), 1);
    }
    int n = c->n_relearning_steps;
    if (n > 0) {
      o.phase = KK_PHASE_RELEARNING;
      o.step = 0;
      o.delay_s = fuzz_delay(x, c->relearning_steps_s[0] > 0 ? c->relearning_steps_s[0] : 1);
    } else {
      o.days = lapse_days;
    }
    return o;
  }
  int ivl[3];
  if (c->kind == KK_SCHED_SM2) {
    sm2_passing(x, st, ivl);
    double e = sm2_ease(c, st);
    st->ease = g == 2 ? fmax(1.3, e - 0.15) : g == 4 ? e + 0.15 : e;
  } else {
    fsrs_passing(x, ivl);
  }
  o.days = ivl[g - 2];
  return o;
}

int kk_sched_answer(const kk_SchedConfig *cfg, const kk_FsrsParams *params, kk_CardState *st,
                    kk_Rating rating, const kk_Clock *clock, uint64_t fuzz_key, kk_ReviewLog *log) {
  kk_FsrsParams defaults;
  if (!params) {
    kk_fsrs_default_params(&defaults);
    params = &defaults;
  }
  int g = rating < 1 ? 1 : rating > 4 ? 4 : (int)rating;
  Ctx x = {cfg,      params, clock, clock->now_ms, kk_clock_day(clock, clock->now_ms), fuzz_key,
           st->reps, 1,      0,     {0, 0}};
  if (st->phase != KK_PHASE_NEW && st->last_review_ms != 0 && st->stability > 0) {
    x.first = 0;
    x.prev.stability = st->stability;
    x.prev.difficulty = st->difficulty;
    int64_t d = x.today - kk_clock_day(clock, st->last_review_ms);
    x.elapsed = d > 0 ? (double)d : 0.0;
  }
  kk_Phase before = st->phase;
  kk_MemoryState m = memory_after(&x, g);
  int ev = 0;
  Outcome o;
  if (st->phase == KK_PHASE_REVIEW) {
    o = answer_review(&x, st, g, &ev);
  } else {
    o = answer_steps(&x, st, g, st->phase == KK_PHASE_RELEARNING);
    if (cfg->kind == KK_SCHED_SM2 && st->phase == KK_PHASE_NEW) st->ease = cfg->sm2_starting_ease;
  }
  if (o.phase == KK_PHASE_REVIEW) {
    if (before != KK_PHASE_REVIEW) ev |= KK_SCHED_EV_GRADUATED;
    o.days = exam_days(&x, &m, x.now, 0, o.days, 1, &o.exam_moved);
    if (o.exam_moved) ev |= KK_SCHED_EV_EXAM;
    st->step = 0;
    st->interval_days = o.days;
    st->review_interval_days = o.days;
    st->due_ms = kk_clock_day_start_ms(clock, x.today + o.days);
  } else {
    st->step = o.step;
    st->interval_days = (double)o.delay_s / 86400.0;
    st->due_ms = x.now + o.delay_s * 1000;
  }
  st->phase = o.phase;
  st->stability = m.stability;
  st->difficulty = m.difficulty;
  st->reps++;
  st->last_review_ms = x.now;
  if (log) {
    memset(log, 0, sizeof *log);
    log->time_ms = x.now;
    log->rating = (kk_Rating)g;
    log->elapsed_days = x.elapsed;
    log->phase_before = before;
    log->phase_after = o.phase;
    log->stability = m.stability;
    log->difficulty = m.difficulty;
    log->interval_days = st->interval_days;
    log->scheduler = cfg->kind;
  }
  return ev;
}

void kk_sched_preview(const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                      const kk_CardState *st, const kk_Clock *clock, uint64_t fuzz_key,
                      kk_SchedPreview out[4]) {
  for (int g = 1; g <= 4; g++) {
    kk_CardState s = *st;
    kk_sched_answer(cfg, params, &s, (kk_Rating)g, clock, fuzz_key, NULL);
    out[g - 1].due_ms = s.due_ms;
    out[g - 1].interval_ms = s.due_ms - clock->now_ms;
    out[g - 1].interval_days = s.interval_days;
    out[g - 1].phase = s.phase;
  }
}

int64_t kk_sched_exam_due(const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                          const kk_CardState *st, const kk_Clock *clock, uint64_t fuzz_key) {
  kk_FsrsParams defaults;
  if (!cfg->exam_date_ms || st->phase != KK_PHASE_REVIEW || st->stability <= 0 ||
      st->last_review_ms == 0)
    return st->due_ms;
  if (!params) {
    kk_fsrs_default_params(&defaults);
    params = &defaults;
  }
  Ctx x = {cfg,
           params,
           clock,
           clock->now_ms,
           kk_clock_day(clock, clock->now_ms),
           fuzz_key,
           st->reps,
           0,
           0,
           {st->stability, st->difficulty}};
  int64_t base = x.today - kk_clock_day(clock, st->last_review_ms);
  int64_t due_in = kk_clock_day(clock, st->due_ms) - x.today;
  if (base < 0) base = 0;
  if (due_in <= 0 || due_in > 100000) return st->due_ms;
  int moved = 0;
  int d = exam_days(&x, &x.prev, st->last_review_ms, (int)base, (int)due_in, 0, &moved);
  if (!moved) return st->due_ms;
  int64_t due = kk_clock_day_start_ms(clock, x.today + d);
  return due < st->due_ms ? due : st->due_ms;
}

/* ---- interval labels --------------------------------------------------- */

/* v with one decimal, ".0" dropped: "3", "1.2". */
static int one_decimal(double v, const char *unit, char *buf, size_t size) {
  double r = floor(v * 10 + 0.5) / 10;
  if (r == floor(r)) return snprintf(buf, size, "%.0f%s", r, unit);
  return snprintf(buf, size, "%.1f%s", r, unit);
}

int kk_sched_format_days(double days, char *buf, size_t size) {
  if (!(days >= 1.0)) /* below a day (or NaN): seconds to hours */
    return kk_sched_format_interval(days >= 0 ? (int64_t)llround(days * 86400000.0) : 0, buf, size);
  const double month = 365.0 / 12.0;
  /* TRANSLATORS: short units after interval figures on the grade buttons
  ** ("10m", "6d"; Japanese "10分", "6日") */
  if (days < month - 0.5)
    return snprintf(buf, size, "%.0f%s", floor(days + 0.5), kk_pgettext("interval", "d"));
  if (days < 365.0) return one_decimal(days / month, kk_pgettext("interval", "mo"), buf, size);
  return one_decimal(days / 365.0, kk_pgettext("interval", "y"), buf, size);
}

int kk_sched_format_interval(int64_t ms, char *buf, size_t size) {
  if (ms < 0) ms = 0;
  double s = (double)ms / 1000.0;
  if (s < 59.5) return snprintf(buf, size, "%.0f%s", floor(s + 0.5), kk_pgettext("interval", "s"));
  if (s < 3570)
    return snprintf(buf, size, "%.0f%s", floor(s / 60 + 0.5), kk_pgettext("interval", "m"));
  if (s < 86400 - 1800) return one_decimal(s / 3600, kk_pgettext("interval", "h"), buf, size);
  return kk_sched_format_days(fmax(s / 86400, 1.0), buf, size);
}

/* ---- retention at a time, and on exam day ------------------------------ */

double kk_sched_retention_at(const kk_FsrsParams *params, const kk_CardState *st, int64_t t_ms) {
  kk_FsrsParams defaults;
  if (st->last_review_ms == 0 || st->stability <= 0) return 0;
  if (!params) {
    kk_fsrs_default_params(&defaults);
    params = &defaults;
  }
  double t = (double)(t_ms - st->last_review_ms) / (double)KK_DAY_MS;
  return kk_fsrs_retrievability(params, t > 0 ? t : 0, st->stability);
}

double kk_sched_exam_retention(const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                               const kk_CardState *st, const kk_Clock *clock, uint64_t fuzz_key,
                               int64_t exam_ms) {
  if (!exam_ms) exam_ms = cfg->exam_date_ms;
  if (!exam_ms) exam_ms = clock->now_ms;
  if (st->phase == KK_PHASE_NEW || st->last_review_ms == 0) return 0;
  kk_SchedConfig c = *cfg;
  c.exam_date_ms = exam_ms;
  kk_CardState s = *st;
  kk_Clock k = *clock;
  /* bounded: learning steps take a few answers, review intervals grow */
  for (int i = 0; i < 256 && !s.suspended && s.due_ms < exam_ms; i++) {
    if (s.due_ms > k.now_ms) k.now_ms = s.due_ms;
    kk_sched_answer(&c, params, &s, KK_GOOD, &k, fuzz_key, NULL);
  }
  return kk_sched_retention_at(params, &s, exam_ms);
}

double kk_sched_exam_retention_avg(const kk_SchedConfig *cfg, const kk_FsrsParams *params,
                                   const kk_CardState *states, const uint64_t *fuzz_keys, size_t n,
                                   const kk_Clock *clock, int64_t exam_ms) {
  if (n == 0) return 0;
  double sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += kk_sched_exam_retention(cfg, params, &states[i], clock,
                                   fuzz_keys ? fuzz_keys[i] : (uint64_t)i, exam_ms);
  return sum / (double)n;
}
