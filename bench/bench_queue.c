/* bench_queue.c -- building today's queue from a store with 100k items and
** 1M reviews (target < 200 ms), plus the stats over the same store.
** The store is built in /tmp (kept between runs: delete /tmp/kk_bench_queue
** to rebuild).  Prints figures; asserts nothing. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/study/queue.h"
#include "core/study/stats.h"
#include "core/study/store.h"

#define NITEMS 100000
#define NREVIEWS 1000000
#define NDECKS 10
#define DAY 86400000LL
#define DIR "/tmp/kk_bench_queue"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void key_of(int i, char *buf, size_t n) { snprintf(buf, n, "bq%d-%06d", i % NDECKS, i); }

static void deck_of(int i, char *buf, size_t n) { snprintf(buf, n, "bench%d", i % NDECKS); }

/* Fills the store with raw SQL in one transaction: 65% of the items have a
** state (60% review, 5% learning), the rest are new; 1M reviews over the
** last 365 days, 400 of them today. */
static int build_store(kk_Store *s, const kk_Clock *c) {
  sqlite3 *db = kk_store_sqlite(s);
  sqlite3_stmt *st = NULL, *lg = NULL;
  unsigned seed = 42;
  char key[32], deck[32];
  if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return 0;
  sqlite3_prepare_v2(db,
                     "INSERT INTO item_state(item_key,deck_id,phase,stability,difficulty,"
                     "interval_days,due_ms,last_review_ms,reps) VALUES(?,?,?,?,?,?,?,?,?)",
                     -1, &st, NULL);
  sqlite3_prepare_v2(db,
                     "INSERT INTO review_log(item_key,card_id,deck_id,time_ms,rating,"
                     "elapsed_days,duration_ms,phase_before,phase_after,stability,"
                     "difficulty,interval_days,scheduler,b_phase,b_interval_days)"
                     " VALUES(?1,?1,?2,?3,?4,1.5,5000,?5,2,10,5,10,0,?5,?6)",
                     -1, &lg, NULL);
  for (int i = 0; i < NITEMS * 65 / 100; i++) {
    key_of(i, key, sizeof key);
    deck_of(i, deck, sizeof deck);
    int learning = i % 13 == 0;
    double stab = 0.5 + (rand_r(&seed) % 20000) / 100.0;
    int64_t last = c->now_ms - (int64_t)(rand_r(&seed) % 60) * DAY;
    int64_t due =
        learning ? c->now_ms + (rand_r(&seed) % 120 - 60) * 60000LL : last + (int64_t)(stab * DAY);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, deck, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, learning ? KK_PHASE_LEARNING : KK_PHASE_REVIEW);
    sqlite3_bind_double(st, 4, stab);
    sqlite3_bind_double(st, 5, 5.0);
    sqlite3_bind_double(st, 6, stab);
    sqlite3_bind_int64(st, 7, due);
    sqlite3_bind_int64(st, 8, last);
    sqlite3_bind_int(st, 9, 5);
    if (sqlite3_step(st) != SQLITE_DONE) return 0;
    sqlite3_reset(st);
  }
  for (int r = 0; r < NREVIEWS; r++) {
    int i = (int)(rand_r(&seed) % (NITEMS * 65 / 100));
    key_of(i, key, sizeof key);
    deck_of(i, deck, sizeof deck);
    int64_t t = r < 400 ? c->now_ms - (int64_t)(rand_r(&seed) % 3600000)
                        : c->now_ms - (int64_t)(rand_r(&seed) % 365) * DAY - DAY;
    sqlite3_bind_text(lg, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(lg, 2, deck, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(lg, 3, t);
    sqlite3_bind_int(lg, 4, 1 + (int)(rand_r(&seed) % 4));
    sqlite3_bind_int(lg, 5, r % 5 == 0 ? KK_PHASE_NEW : KK_PHASE_REVIEW);
    sqlite3_bind_double(lg, 6, (double)(rand_r(&seed) % 60));
    if (sqlite3_step(lg) != SQLITE_DONE) return 0;
    sqlite3_reset(lg);
  }
  sqlite3_finalize(st);
  sqlite3_finalize(lg);
  return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
}

int main(void) {
  kk_Clock c = {1795413600000LL, 540, 4};
  kk_Err e;
  kk_Store *s = NULL;
  struct stat sb;
  int fresh = stat(DIR "/" KK_STORE_FILE, &sb) != 0;
  if (kk_store_open(DIR, &e, &s) != KK_OK) {
    fprintf(stderr, "bench_queue: %s\n", e.msg);
    return 1;
  }
  if (fresh) {
    double t = now_s();
    if (!build_store(s, &c)) {
      fprintf(stderr, "bench_queue: building the store failed: %s\n",
              sqlite3_errmsg(kk_store_sqlite(s)));
      return 1;
    }
    printf("built store: %d items, %d reviews in %.1f s (%s)\n", NITEMS, NREVIEWS, now_s() - t,
           DIR);
  }
  int64_t nrev = 0;
  kk_store_review_count(s, NULL, &e, &nrev);
  stat(DIR "/" KK_STORE_FILE, &sb);
  printf("store: %lld reviews, %.1f MB\n", (long long)nrev, sb.st_size / 1e6);

  const int runs = 5;
  double best_add = 1e9, best_read = 1e9, best_build = 1e9, best_stats = 1e9;
  size_t qn = 0;
  kk_QueueCounts total = {0, 0, 0};
  for (int run = 0; run < runs; run++) {
    double t0 = now_s();
    kk_QueueInput *in = kk_queue_input_new();
    char key[32], deck[32];
    for (int d = 0; d < NDECKS; d++) {
      deck_of(d, deck, sizeof deck);
      kk_queue_input_add_deck(in, deck, -1, -1);
    }
    for (int i = 0; i < NITEMS; i++) {
      key_of(i, key, sizeof key);
      kk_queue_input_add_item(in, i % NDECKS, i, key, &e);
    }
    double t1 = now_s();
    if (kk_queue_input_read_store(in, s, &c, &e) != KK_OK) {
      fprintf(stderr, "bench_queue: %s\n", e.msg);
      return 1;
    }
    double t2 = now_s();
    kk_Queue *q = NULL;
    if (kk_queue_build(in, &c, NULL, &e, &q) != KK_OK) return 1;
    double t3 = now_s();
    kk_Stats *st = NULL;
    if (kk_stats_compute(s, in, NULL, &c, &e, &st) != KK_OK) return 1;
    double t4 = now_s();
    qn = q->n;
    total = q->total;
    if (t1 - t0 < best_add) best_add = t1 - t0;
    if (t2 - t1 < best_read) best_read = t2 - t1;
    if (t3 - t2 < best_build) best_build = t3 - t2;
    if (t4 - t3 < best_stats) best_stats = t4 - t3;
    kk_stats_free(st);
    kk_queue_free(q);
    kk_queue_input_free(in);
  }
  printf("queue: %zu entries (new %d, learning %d, review %d)\n", qn, total.new_count,
         total.learning, total.review);
  printf("best of %d runs:\n", runs);
  printf("  add 100k item keys          %7.1f ms\n", best_add * 1e3);
  printf("  read states + today's log   %7.1f ms\n", best_read * 1e3);
  printf("  build queue (pure)          %7.1f ms\n", best_build * 1e3);
  printf("  queue total                 %7.1f ms   (target < 200 ms)\n",
         (best_add + best_read + best_build) * 1e3);
  printf("  stats (states + 30-day log) %7.1f ms\n", best_stats * 1e3);
  kk_store_close(s);
  return 0;
}
