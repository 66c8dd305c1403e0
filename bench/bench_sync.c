/* bench_sync.c -- syncing a year of one student's reviews: device A holds
** 100k reviews of 3000 items (made with raw SQL) and exports them; device B
** merges them from A's file (target < 1 s); then a sync with nothing new
** (target < 20 ms).  Stores and folder in /tmp/kk_bench_sync (rebuilt each
** run).  Prints figures; asserts nothing. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/study/store.h"
#include "core/study/sync.h"

#define NREVIEWS 100000
#define NITEMS 3000
#define DAY 86400000LL
#define ROOT "/tmp/kk_bench_sync"
#define T0 1735689600000LL /* 2025-01-01 */

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this process: the machine may be shared, wall time is noisy */
static double cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fill(kk_Store *s) {
  sqlite3 *db = kk_store_sqlite(s);
  sqlite3_stmt *q = NULL;
  unsigned seed = 7;
  if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return 0;
  sqlite3_prepare_v2(db,
                     "INSERT INTO review_log(item_key,card_id,deck_id,time_ms,rating,"
                     "elapsed_days,duration_ms,phase_before,phase_after,stability,"
                     "difficulty,interval_days,scheduler) VALUES(?,?,?,?,?,0,4000,0,0,0,0,0,0)",
                     -1, &q, NULL);
  for (int i = 0; i < NREVIEWS; i++) {
    char key[48], card[40], deck[16];
    int item = (int)(rand_r(&seed) % NITEMS);
    snprintf(deck, sizeof deck, "deck%d", item % 8);
    snprintf(card, sizeof card, "%s#card%04d", deck, item);
    snprintf(key, sizeof key, "%s", card);
    sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, card, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, deck, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 4, T0 + (int64_t)i * (365 * DAY / NREVIEWS));
    sqlite3_bind_int(q, 5, 1 + (int)(rand_r(&seed) % 10 < 8 ? 2 : rand_r(&seed) % 4));
    if (sqlite3_step(q) != SQLITE_DONE) return 0;
    sqlite3_reset(q);
  }
  sqlite3_finalize(q);
  return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
}

static int run(kk_Store *s, const char *origin, int64_t now, kk_SyncReport *r) {
  kk_SyncOptions o;
  memset(&o, 0, sizeof o);
  o.clock = (kk_Clock){now, 540, 4};
  o.random = (uint64_t)now ^ (uintptr_t)origin;
  o.origin = origin;
  kk_Err e;
  if (kk_sync_run(s, ROOT "/shared", &o, r, &e) != KK_OK) {
    fprintf(stderr, "sync: %s\n", e.msg);
    return 0;
  }
  return 1;
}

int main(void) {
  if (system("rm -rf " ROOT) != 0) return 1;
  mkdir(ROOT, 0700);
  mkdir(ROOT "/shared", 0700);
  kk_Err e;
  kk_Store *a = NULL, *b = NULL;
  if (kk_store_open(ROOT "/a", &e, &a) != KK_OK || kk_store_open(ROOT "/b", &e, &b) != KK_OK ||
      !fill(a)) {
    fprintf(stderr, "setup failed\n");
    return 1;
  }
  kk_SyncReport r;
  int64_t now = T0 + 366 * DAY;
  double t = now_s(), c = cpu_s();
  if (!run(a, "a", now, &r)) return 1;
  printf("first sync of A (export %lld reviews, replay %lld items): %.0f ms (cpu %.0f ms)\n",
         (long long)r.exported, (long long)r.replayed, (now_s() - t) * 1e3, (cpu_s() - c) * 1e3);
  t = now_s();
  c = cpu_s();
  if (!run(b, "b", now + 1000, &r)) return 1;
  printf("B merges a year of A's reviews (%lld events, %lld items): %.0f ms (cpu %.0f ms;"
         " target < 1000)\n",
         (long long)r.merged, (long long)r.replayed, (now_s() - t) * 1e3, (cpu_s() - c) * 1e3);
  double best = 1e9;
  for (int i = 0; i < 10; i++) {
    t = now_s();
    if (!run(b, "b", now + 2000 + i, &r)) return 1;
    double d = now_s() - t;
    if (d < best) best = d;
  }
  printf("sync with nothing new: %.1f ms (best of 10; target < 20)\n", best * 1e3);
  kk_store_close(a);
  kk_store_close(b);
  return 0;
}
