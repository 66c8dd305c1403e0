/* test_sync.c -- syncing stores through a shared folder: two devices,
** undo tombstones, deck settings, truncated and damaged files, conflict
** copies, a missing folder, copied stores; a property test with 2-4
** simulated devices doing random offline sessions and syncing through
** folder replicas that a simulated sync tool fills in random orders and
** partial states; kill -9 during syncs. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/file.h"
#include "core/base/hash.h"
#include "core/base/rng.h"
#include "core/study/action.h"
#include "core/study/queue.h"
#include "core/study/sched.h"
#include "core/study/store.h"
#include "core/study/store_sync.h"
#include "core/study/sync.h"
#include "kt.h"
#include "kt_fixture.h"

#define T0 1764547200000LL /* 2025-12-01 */

static char root[256];

static void path_of(char *buf, size_t n, const char *a, const char *b) {
  snprintf(buf, n, "%s/%s", a, b);
}

static kk_Store *open_at(const char *name) {
  char d[512];
  path_of(d, sizeof d, root, name);
  kk_Store *s = kt_store(d);
  /* no fsync: these tests kill processes, not machines, and the property
  ** test makes thousands of small transactions */
  if (s) sqlite3_exec(kk_store_sqlite(s), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
  return s;
}

static const char *folder(const char *name) {
  static char d[4][512];
  static int k;
  char *p = d[k++ & 3];
  snprintf(p, 512, "%s/%s", root, name);
  mkdir(p, 0700);
  return p;
}

/* One answer as the window gives it: the state after comes from the
** scheduler under the same options a sync replays with. */
static void answer(kk_Store *s, const char *key, const char *deck, int rating, int64_t now) {
  kk_CardState before, after;
  int found;
  kk_Err e;
  kk_store_get_state(s, key, &e, &before, &found);
  after = before;
  kk_SchedConfig cfg;
  kk_FsrsParams params;
  kk_Clock c = {now, 540, 4};
  kk_sync_default_config(s, &c, deck, &cfg, &params);
  kk_ReviewLog log;
  kk_sched_answer(&cfg, &params, &after, (kk_Rating)rating, &c, kk_queue_fuzz_key(key), &log);
  log.duration_ms = 1000 + rating;
  if (kk_store_record_review(s, key, deck, &before, &after, &log, &e) != KK_OK)
    fprintf(stderr, "record: %s\n", e.msg);
}

static const unsigned char *sync_key; /* the passphrase's key, or NULL */

static kk_Status sync_at(kk_Store *s, const char *dir, int64_t now, const char *origin,
                         kk_SyncReport *r) {
  kk_SyncOptions o;
  memset(&o, 0, sizeof o);
  o.key = sync_key;
  o.clock = (kk_Clock){now, 540, 4};
  /* a new value for each call, the same in every run (the store's address,
  ** used before, moved with address-space randomisation) */
  static uint64_t calls;
  o.random = (uint64_t)now * 2654435761u ^ kk_rng_mix64(++calls);
  o.origin = origin;
  kk_Err e;
  kk_Status st = kk_sync_run(s, dir, &o, r, &e);
  if (st != KK_OK && st != KK_ERR_NOTFOUND) fprintf(stderr, "sync: %s\n", e.msg);
  return st;
}

/* ---- dumps ------------------------------------------------------------------ */

static int dump_state(void *ud, const char *key, const char *deck, const kk_CardState *st) {
  char line[512];
  static const kk_CardState zero;
  /* a zeroed row is a new item, as no row is (store.h): a device that
  ** undid an item's only review keeps one, the others never had it */
  if (memcmp(st, &zero, sizeof zero) == 0) return 0;
  snprintf(line, sizeof line, "%s %s %d %a %a %a %a %lld %lld %d %d %d %d %d %lld %a\n", key, deck,
           st->phase, st->stability, st->difficulty, st->ease, st->interval_days,
           (long long)st->due_ms, (long long)st->last_review_ms, st->step, st->reps, st->lapses,
           st->suspended, st->leech, (long long)st->buried_until_ms, st->review_interval_days);
  kk_buf_str(ud, line);
  return 0;
}

/* Every item state, byte for byte (doubles in hex). */
static char *states(kk_Store *s) {
  kk_Buf b = {0};
  kk_Err e;
  kk_store_each_state(s, NULL, dump_state, &b, &e);
  return kk_buf_take(&b);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct Lines {
  char **v;
  size_t n, cap;
} Lines;

static void lines_add(Lines *l, const char *s) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 64;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = strdup(s);
}

static void lines_free(Lines *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

static int dump_review(void *ud, const kk_StoreReview *r) {
  char line[400];
  snprintf(line, sizeof line, "%s %lld %d", r->item_key, (long long)r->log.time_ms,
           (int)r->log.rating);
  lines_add(ud, line);
  return 0;
}

/* The review log as sorted "item time rating" lines, joined. */
static char *reviews(kk_Store *s) {
  Lines l = {0};
  kk_Err e;
  kk_store_each_review(s, NULL, 0, dump_review, &l, &e);
  if (l.n) qsort(l.v, l.n, sizeof *l.v, cmp_str);
  kk_Buf b = {0};
  for (size_t i = 0; i < l.n; i++) {
    kk_buf_str(&b, l.v[i]);
    kk_buf_str(&b, "\n");
  }
  lines_free(&l);
  return kk_buf_take(&b);
}

static int64_t count(kk_Store *s) {
  int64_t n = 0;
  kk_Err e;
  kk_store_review_count(s, NULL, &e, &n);
  return n;
}

static void copy_file(const char *from, const char *to, long keep) {
  char *buf = NULL;
  size_t len = 0;
  if (kk_file_read(from, 1u << 30, &buf, &len, NULL) != KK_OK) return;
  if (keep >= 0 && (size_t)keep < len) len = (size_t)keep;
  FILE *f = fopen(to, "wb");
  if (f) {
    fwrite(buf, 1, len, f);
    fclose(f);
  }
  kk_free(buf);
}

/* The one file of dir named *.kioku-sync other than `not` (or the first). */
static int own_file(const char *dir, const char *dev, char *out, size_t n) {
  snprintf(out, n, "%s/%s%s", dir, dev, KK_SYNC_EXT);
  struct stat sb;
  return stat(out, &sb) == 0;
}

/* ---- examples ------------------------------------------------------------------ */

static void test_two_devices(void) {
  kk_Store *a = open_at("a"), *b = open_at("b");
  KT_REQUIRE(a && b);
  const char *dir = folder("shared");
  answer(a, "d#c1", "d", 3, T0);
  answer(a, "d#c2", "d", 1, T0 + 1000);
  answer(b, "d#c1", "d", 4, T0 + 500); /* both studied c1 offline */
  kk_SyncReport ra, rb;
  KT_CHECK(sync_at(a, dir, T0 + 5000, "m1:a", &ra) == KK_OK);
  KT_CHECK(ra.exported == 2 && ra.new_device && ra.merged == 0);
  KT_CHECK(sync_at(b, dir, T0 + 6000, "m2:b", &rb) == KK_OK);
  KT_CHECK(rb.merged == 2 && rb.exported == 1);
  KT_CHECK(sync_at(a, dir, T0 + 7000, "m1:a", &ra) == KK_OK);
  KT_CHECK(ra.merged == 1 && !ra.new_device);
  KT_CHECK(count(a) == 3 && count(b) == 3);
  char *sa = states(a), *sb = states(b);
  KT_CHECK_STR(sa, sb);
  /* c1 was answered Good (A) after Easy (B): reps 2 on both */
  kk_CardState st;
  int found;
  kk_Err e;
  kk_store_get_state(a, "d#c1", &e, &st, &found);
  KT_CHECK(found && st.reps == 2 && st.last_review_ms == T0 + 500);
  /* repeated syncs add nothing */
  KT_CHECK(sync_at(a, dir, T0 + 8000, "m1:a", &ra) == KK_OK);
  KT_CHECK(sync_at(b, dir, T0 + 8000, "m2:b", &rb) == KK_OK);
  KT_CHECK(ra.merged == 0 && rb.merged == 0 && ra.exported == 0 && rb.exported == 0);
  KT_CHECK(count(a) == 3 && count(b) == 3);
  kk_free(sa);
  kk_free(sb);
  sa = states(a);
  sb = states(b);
  KT_CHECK_STR(sa, sb);
  /* an undo on A reaches B as a tombstone */
  answer(a, "d#c3", "d", 3, T0 + 9000);
  sync_at(a, dir, T0 + 9500, "m1:a", &ra);
  sync_at(b, dir, T0 + 9600, "m2:b", &rb);
  KT_CHECK(count(b) == 4);
  KT_CHECK(kk_store_undo_last(a, &e, NULL) == KK_OK);
  sync_at(a, dir, T0 + 9700, "m1:a", &ra);
  sync_at(b, dir, T0 + 9800, "m2:b", &rb);
  KT_CHECK(count(a) == 3 && count(b) == 3);
  /* the window's undo (by review id) leaves a tombstone as well */
  {
    kk_CardState before, after;
    int f2;
    kk_store_get_state(a, "d#c4", &e, &before, &f2);
    after = before;
    after.reps = 1;
    kk_ReviewLog log;
    memset(&log, 0, sizeof log);
    log.time_ms = T0 + 9900;
    log.rating = KK_GOOD;
    int64_t id = 0;
    KT_CHECK(kk_store_record_review_if(a, "d#c4", "d", &before, &after, &log, &e, &id, NULL) ==
             KK_OK);
    sync_at(a, dir, T0 + 9910, "m1:a", &ra);
    sync_at(b, dir, T0 + 9920, "m2:b", &rb);
    KT_CHECK(count(b) == 4);
    KT_CHECK(kk_store_undo_review(a, id, &e, NULL) == KK_OK);
    sync_at(a, dir, T0 + 9930, "m1:a", &ra);
    sync_at(b, dir, T0 + 9940, "m2:b", &rb);
    KT_CHECK(count(a) == 3 && count(b) == 3);
  }
  /* B cannot undo A's merged reviews: its own newest goes */
  kk_StoreUndo u;
  KT_CHECK(kk_store_undo_last(b, &e, &u) == KK_OK);
  KT_CHECK_STR(u.item_key, "d#c1");
  KT_CHECK(u.log.time_ms == T0 + 500);
  kk_free(sa);
  kk_free(sb);
  kk_store_close(a);
  kk_store_close(b);
}

/* A clock that jumps back: the device's own answers keep their order. */
static void test_clock_skew(void) {
  kk_Store *a = open_at("ca"), *b = open_at("cb");
  KT_REQUIRE(a && b);
  const char *dir = folder("c-shared");
  answer(b, "d#c1", "d", 3, T0 + 100000);
  answer(b, "d#c1", "d", 1, T0 + 50000); /* clock set back */
  answer(a, "d#c1", "d", 4, T0 + 75000);
  sync_at(b, dir, T0 + 200000, "b", NULL);
  sync_at(a, dir, T0 + 200000, "a", NULL);
  sync_at(b, dir, T0 + 200000, "b", NULL);
  kk_CardState sa, sb;
  int found;
  kk_Err e;
  kk_store_get_state(a, "d#c1", &e, &sa, &found);
  kk_store_get_state(b, "d#c1", &e, &sb, &found);
  KT_CHECK(memcmp(&sa, &sb, sizeof sa) == 0);
  /* B's Good, then A's Easy (by time), then B's Again (after B's Good) */
  KT_CHECK(sa.reps == 3 && sa.last_review_ms == T0 + 50000 && sa.phase == KK_PHASE_RELEARNING);
  kk_store_close(a);
  kk_store_close(b);
}

/* Regression: an item whose only review was undone on the device that
** made it kept the merged review's state on the other devices (a replay
** of no events wrote nothing); it is new again there too. */
static void test_undo_only_review(void) {
  kk_Store *a = open_at("ua"), *b = open_at("ub");
  KT_REQUIRE(a && b);
  const char *dir = folder("u-shared");
  answer(a, "d#u1", "d", 3, T0);
  answer(a, "d#u2", "d", 3, T0 + 100);
  KT_CHECK(sync_at(a, dir, T0 + 1000, "x", NULL) == KK_OK);
  KT_CHECK(sync_at(b, dir, T0 + 2000, "y", NULL) == KK_OK);
  kk_CardState st;
  int found = 0;
  kk_Err e;
  kk_store_get_state(b, "d#u2", &e, &st, &found);
  KT_CHECK(found && st.reps == 1);
  kk_StoreUndo u;
  KT_CHECK(kk_store_undo_last(a, &e, &u) == KK_OK);
  KT_CHECK_STR(u.item_key, "d#u2");
  KT_CHECK(sync_at(a, dir, T0 + 3000, "x", NULL) == KK_OK);
  KT_CHECK(sync_at(b, dir, T0 + 4000, "y", NULL) == KK_OK);
  kk_store_get_state(b, "d#u2", &e, &st, &found);
  KT_CHECK(st.reps == 0 && st.phase == KK_PHASE_NEW && st.due_ms == 0);
  char *sa = states(a), *sb = states(b);
  KT_CHECK_STR(sb, sa);
  kk_free(sa);
  kk_free(sb);
  kk_store_close(a);
  kk_store_close(b);
}

/* A deck's settings as one line (every field the store keeps). */
static void settings_line(kk_Store *s, const char *deck, char *buf, size_t n) {
  kk_StoreDeckSettings ds;
  int found = 0;
  kk_Err e;
  kk_store_get_deck_settings(s, deck, &e, &ds, &found);
  snprintf(buf, n, "%d %a %d %d %d %d [%s] [%s] [%s] %d %d %d", found, ds.retention, ds.new_per_day,
           ds.reviews_per_day, ds.max_interval_days, ds.scheduler, ds.exam_date, ds.learning_steps,
           ds.relearning_steps, ds.leech_threshold, ds.leech_action, ds.fold_kana);
}

static void test_deck_settings(void) {
  kk_Store *a = open_at("sa"), *b = open_at("sb");
  KT_REQUIRE(a && b);
  const char *dir = folder("s-shared");
  kk_StoreDeckSettings ds;
  int found;
  kk_Err e;
  kk_store_get_deck_settings(a, "d", &e, &ds, &found);
  ds.retention = 0.85;
  snprintf(ds.learning_steps, sizeof ds.learning_steps, "2m 15m");
  ds.leech_threshold = 5;
  kk_store_put_deck_settings(a, "d", &ds, &e);
  sync_at(a, dir, T0 + 1000, "x", NULL);
  ds.learning_steps[0] = '\0';
  ds.leech_threshold = 0;
  ds.retention = 0.95; /* B changes them later: B's settings win, all of them */
  kk_store_put_deck_settings(b, "d", &ds, &e);
  sync_at(b, dir, T0 + 2000, "y", NULL);
  sync_at(a, dir, T0 + 3000, "x", NULL);
  kk_store_get_deck_settings(a, "d", &e, &ds, &found);
  KT_CHECK(found && ds.retention == 0.95);
  KT_CHECK_STR(ds.learning_steps, "");
  KT_CHECK(ds.leech_threshold == 0);
  kk_store_get_deck_settings(b, "d", &e, &ds, &found);
  KT_CHECK(found && ds.retention == 0.95);
  kk_store_close(a);
  kk_store_close(b);
}

/* Regression: learning and relearning steps, the leech threshold and
** action and kana folding stayed on the machine where they were set. */
static void test_deck_settings_travel(void) {
  kk_Store *a = open_at("va"), *b = open_at("vb");
  KT_REQUIRE(a && b);
  const char *dir = folder("v-shared");
  kk_StoreDeckSettings ds;
  int found;
  kk_Err e;
  kk_store_get_deck_settings(a, "d", &e, &ds, &found);
  /* spaces, a comma and a '%' in the typed text travel byte for byte */
  snprintf(ds.learning_steps, sizeof ds.learning_steps, "2m,  15m 1h");
  snprintf(ds.relearning_steps, sizeof ds.relearning_steps, "5m %%");
  ds.leech_threshold = 3;
  ds.leech_action = KK_LEECH_TAG;
  ds.fold_kana = 0;
  kk_store_put_deck_settings(a, "d", &ds, &e);
  answer(a, "d#c1", "d", 3, T0 + 500); /* under A's steps */
  KT_CHECK(sync_at(a, dir, T0 + 1000, "x", NULL) == KK_OK);
  KT_CHECK(sync_at(b, dir, T0 + 2000, "y", NULL) == KK_OK);
  char la[400], lb[400];
  settings_line(a, "d", la, sizeof la);
  settings_line(b, "d", lb, sizeof lb);
  KT_CHECK_STR(lb, la);
  kk_store_get_deck_settings(b, "d", &e, &ds, &found);
  KT_CHECK(found && ds.leech_threshold == 3 && ds.leech_action == KK_LEECH_TAG);
  KT_CHECK(ds.fold_kana == 0);
  KT_CHECK_STR(ds.learning_steps, "2m,  15m 1h");
  KT_CHECK_STR(ds.relearning_steps, "5m %");
  /* B's replay schedules A's review with A's learning steps: the second
  ** step, 15 minutes and up to 5 of fuzz, after a Good on a new card (the
  ** default steps give 10 and up to 2.5) */
  kk_CardState sa, sb;
  kk_store_get_state(a, "d#c1", &e, &sa, &found);
  kk_store_get_state(b, "d#c1", &e, &sb, &found);
  KT_CHECK(found && memcmp(&sa, &sb, sizeof sa) == 0);
  KT_CHECK(sb.step == 1 && sb.due_ms >= T0 + 500 + 15 * 60000 &&
           sb.due_ms <= T0 + 500 + 20 * 60000);
  /* B changes one of them later: it wins on A, nothing else moves */
  ds.leech_action = KK_LEECH_SUSPEND;
  kk_store_put_deck_settings(b, "d", &ds, &e);
  KT_CHECK(sync_at(b, dir, T0 + 3000, "y", NULL) == KK_OK);
  KT_CHECK(sync_at(a, dir, T0 + 4000, "x", NULL) == KK_OK);
  settings_line(a, "d", la, sizeof la);
  settings_line(b, "d", lb, sizeof lb);
  KT_CHECK_STR(la, lb);
  kk_store_get_deck_settings(a, "d", &e, &ds, &found);
  KT_CHECK(ds.leech_action == KK_LEECH_SUSPEND && ds.leech_threshold == 3);
  /* and nothing more is sent: the settings are as last synced */
  kk_SyncReport r;
  KT_CHECK(sync_at(a, dir, T0 + 5000, "x", &r) == KK_OK && r.exported == 0);
  KT_CHECK(sync_at(b, dir, T0 + 5000, "y", &r) == KK_OK && r.exported == 0 && r.merged == 0);
  kk_store_close(a);
  kk_store_close(b);
}

/* Writes a sync file of device dev in the clear: its header, then the
** payloads (event records) as given. */
static void write_sync_file(const char *dir, const char *dev, const char *const *payload, int n) {
  char path[700], h[64];
  snprintf(path, sizeof path, "%s/%s%s", dir, dev, KK_SYNC_EXT);
  kk_Buf b = {0};
  kk_buf_str(&b, "KIOKU-SYNC 1\n");
  snprintf(h, sizeof h, "H\t%s", dev);
  for (int i = -1; i < n; i++) {
    const char *rec = i < 0 ? h : payload[i];
    size_t len = strlen(rec);
    uint64_t sum = kk_hash_bytes(rec, len, KK_HASH_INIT);
    char le[12];
    for (int k = 0; k < 4; k++) le[k] = (char)(len >> (8 * k) & 0xff);
    for (int k = 0; k < 8; k++) le[4 + k] = (char)(sum >> (8 * k) & 0xff);
    kk_buf_add(&b, le, sizeof le);
    kk_buf_add(&b, rec, len);
  }
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(b.p, 1, b.n, f);
    fclose(f);
  }
  kk_buf_free(&b);
}

/* Writes a sync file of device dev holding one 'D' record with text. */
static void write_deck_record(const char *dir, const char *dev, int64_t time_ms, const char *deck,
                              const char *text) {
  char p[600];
  snprintf(p, sizeof p, "D\t1\t%lld\t\t%s\t0\t0\t%s", (long long)time_ms, deck, text);
  const char *rec[1] = {p};
  write_sync_file(dir, dev, rec, 1);
}

/* Records of Kioku before the steps, leech and kana settings travelled:
** their settings win as before and the ones they lack stay; a store that
** last synced such a record sends its own values of those only if they
** are not "the deck's own". */
static void test_deck_settings_older(void) {
  kk_Store *b = open_at("ob"), *c = open_at("oc");
  KT_REQUIRE(b && c);
  const char *dir = folder("o-shared");
  kk_StoreDeckSettings ds;
  int found;
  kk_Err e;
  kk_store_get_deck_settings(b, "d", &e, &ds, &found);
  snprintf(ds.learning_steps, sizeof ds.learning_steps, "3m");
  kk_store_put_deck_settings(b, "d", &ds, &e);
  KT_CHECK(sync_at(b, dir, T0 + 1000, "b", NULL) == KK_OK);
  write_deck_record(dir, "00000000000000aa", T0 + 2000, "d", "0.87 -1 -1 0 -1 -");
  kk_SyncReport r;
  KT_CHECK(sync_at(b, dir, T0 + 3000, "b", &r) == KK_OK && r.merged == 1);
  kk_store_get_deck_settings(b, "d", &e, &ds, &found);
  KT_CHECK(ds.retention == 0.87);
  KT_CHECK_STR(ds.learning_steps, "3m");
  KT_CHECK(sync_at(b, dir, T0 + 4000, "b", &r) == KK_OK && r.exported == 0);
  /* a store updated after its last sync: the record it remembers is of
  ** the older form */
  sqlite3 *db = kk_store_sqlite(c);
  ds.retention = 0.9;
  ds.learning_steps[0] = '\0';
  kk_store_put_deck_settings(c, "d", &ds, &e);
  KT_CHECK(sync_at(c, dir, T0 + 5000, "c", &r) == KK_OK);
  KT_CHECK(sqlite3_exec(db, "UPDATE sync_deck SET value='0.90000000000000002 -1 -1 0 -1 -'", NULL,
                        NULL, NULL) == SQLITE_OK);
  KT_CHECK(sync_at(c, dir, T0 + 6000, "c", &r) == KK_OK && r.exported == 0);
  KT_CHECK(sqlite3_exec(db, "UPDATE sync_deck SET value='0.90000000000000002 -1 -1 0 -1 -'", NULL,
                        NULL, NULL) == SQLITE_OK);
  ds.leech_threshold = 4; /* set before the update */
  kk_store_put_deck_settings(c, "d", &ds, &e);
  KT_CHECK(sync_at(c, dir, T0 + 7000, "c", &r) == KK_OK && r.exported == 1);
  KT_CHECK(sync_at(b, dir, T0 + 8000, "b", &r) == KK_OK);
  kk_store_get_deck_settings(b, "d", &e, &ds, &found);
  KT_CHECK(ds.leech_threshold == 4 && ds.retention == 0.9);
  kk_store_close(b);
  kk_store_close(c);
}

/* A file that arrives in pieces merges what is complete; a conflict copy
** adds nothing twice; a damaged record stops the file there. */
static void test_partial_files(void) {
  kk_Store *a = open_at("pa"), *b = open_at("pb");
  KT_REQUIRE(a && b);
  const char *da = folder("pa-dir"), *db = folder("pb-dir");
  for (int i = 0; i < 20; i++) answer(a, i % 2 ? "d#x" : "d#y", "d", 1 + i % 4, T0 + i * 60000);
  kk_SyncReport ra, rb;
  sync_at(a, da, T0 + 2000000, "a", &ra);
  char src[600], dst[600];
  KT_REQUIRE(own_file(da, ra.device, src, sizeof src));
  snprintf(dst, sizeof dst, "%s/%s%s", db, ra.device, KK_SYNC_EXT);
  struct stat sb;
  stat(src, &sb);
  int64_t merged = 0;
  for (long keep = 0; keep < (long)sb.st_size; keep += 97) {
    copy_file(src, dst, keep);
    KT_CHECK(sync_at(b, db, T0 + 3000000 + keep, "b", &rb) == KK_OK);
    merged += rb.merged;
    KT_CHECK(count(b) == merged);
  }
  KT_CHECK(merged < 20);
  copy_file(src, dst, -1);
  sync_at(b, db, T0 + 4000000, "b", &rb);
  KT_CHECK(count(b) == 20);
  char *sa = states(a), *s2 = states(b);
  KT_CHECK_STR(sa, s2);
  kk_free(s2);
  /* conflict copies of the same file: nothing new */
  snprintf(dst, sizeof dst, "%s/%s (conflict copy).kioku-sync", db, ra.device);
  copy_file(src, dst, -1);
  snprintf(dst, sizeof dst, "%s/%s.sync-conflict-20251201-101010-ABCDEF.kioku-sync", db, ra.device);
  copy_file(src, dst, -1);
  sync_at(b, db, T0 + 5000000, "b", &rb);
  KT_CHECK(rb.merged == 0 && rb.files_read == 2 && count(b) == 20);
  /* a new review only in a conflict copy still merges, once */
  answer(a, "d#z", "d", 3, T0 + 6000000);
  sync_at(a, da, T0 + 6000001, "a", &ra);
  copy_file(src, dst, -1);
  sync_at(b, db, T0 + 6000002, "b", &rb);
  KT_CHECK(rb.merged == 1 && count(b) == 21);
  /* a damaged record: the file is read up to it */
  kk_Store *c = open_at("pc");
  const char *dc = folder("pc-dir");
  char *buf = NULL;
  size_t len = 0;
  kk_file_read(src, 1u << 20, &buf, &len, NULL);
  buf[len - 3] ^= 0x20; /* inside the last record */
  snprintf(dst, sizeof dst, "%s/%s%s", dc, ra.device, KK_SYNC_EXT);
  FILE *f = fopen(dst, "wb");
  fwrite(buf, 1, len, f);
  fclose(f);
  kk_free(buf);
  kk_SyncReport rc;
  sync_at(c, dc, T0 + 7000000, "c", &rc);
  KT_CHECK(rc.files_partial == 1 && count(c) == 20);
  kk_free(sa);
  kk_store_close(a);
  kk_store_close(b);
  kk_store_close(c);
}

static void test_missing_folder_and_copies(void) {
  kk_Store *a = open_at("ma");
  KT_REQUIRE(a);
  answer(a, "d#c1", "d", 3, T0);
  char gone[512];
  path_of(gone, sizeof gone, root, "not-mounted");
  kk_SyncReport r;
  KT_CHECK(sync_at(a, gone, T0 + 1, "a", &r) == KK_ERR_NOTFOUND);
  struct stat sb;
  KT_CHECK(stat(gone, &sb) != 0); /* not created */
  KT_CHECK(count(a) == 1);
  const char *dir = folder("m-shared");
  KT_CHECK(sync_at(a, dir, T0 + 2, "a", &r) == KK_OK && r.exported == 1);
  char first[KK_SYNC_ID_LEN + 1];
  memcpy(first, r.device, sizeof first);
  kk_store_close(a);
  /* the store copied by hand to another machine */
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "cp -r '%s/ma' '%s/mb'", root, root);
  KT_REQUIRE(system(cmd) == 0);
  kk_Store *b = open_at("mb");
  a = open_at("ma");
  KT_REQUIRE(a && b);
  answer(b, "d#c2", "d", 3, T0 + 10);
  KT_CHECK(sync_at(b, dir, T0 + 20, "b", &r) == KK_OK);
  KT_CHECK(r.new_device && strcmp(r.device, first) != 0 && r.exported == 1);
  answer(a, "d#c3", "d", 3, T0 + 30);
  KT_CHECK(sync_at(a, dir, T0 + 40, "a", &r) == KK_OK);
  KT_CHECK(!r.new_device && strcmp(r.device, first) == 0 && r.merged == 1);
  sync_at(b, dir, T0 + 50, "b", &r);
  KT_CHECK(count(a) == 3 && count(b) == 3);
  /* the same origin claimed twice (a copy that looks like home): the one
  ** that finds events of its id it never gave splits off */
  kk_store_close(b);
  snprintf(cmd, sizeof cmd, "rm -rf '%s/mb' && cp -r '%s/ma' '%s/mb'", root, root, root);
  KT_REQUIRE(system(cmd) == 0);
  b = open_at("mb");
  answer(a, "d#c4", "d", 3, T0 + 60);
  sync_at(a, dir, T0 + 70, "a", &r);
  answer(b, "d#c5", "d", 3, T0 + 80);
  KT_CHECK(sync_at(b, dir, T0 + 90, "a", &r) == KK_OK);
  KT_CHECK(r.new_device && r.merged == 1);
  sync_at(a, dir, T0 + 100, "a", &r);
  KT_CHECK(!r.new_device);
  KT_CHECK(count(a) == 5 && count(b) == 5);
  kk_store_close(a);
  kk_store_close(b);
}

/* ---- property test --------------------------------------------------------------- */

#define MAXDEV 4
#define NITEMS 12

typedef struct Sim {
  kk_Store *s[MAXDEV];
  char dir[MAXDEV][512]; /* each device's replica of the folder */
  char origin[MAXDEV][32];
  char dev[MAXDEV][KK_SYNC_ID_LEN + 1];
  int n;
  int64_t now;
  kk_Rng rng;
  Lines expect; /* every review not undone: "item time rating" */
  Lines acts;   /* every forget and set-due not undone: "item time F|T days" */
} Sim;

static void item_name(char *buf, size_t n, int i) {
  snprintf(buf, n, "%s#c%d", i % 3 ? "deck-a" : "deck-b", i);
}

static void sim_sync(Sim *m, int d) {
  kk_SyncReport r;
  m->now += 1000;
  if (sync_at(m->s[d], m->dir[d], m->now, m->origin[d], &r) == KK_OK)
    memcpy(m->dev[d], r.device, sizeof r.device);
}

/* The sync tool: copies device j's own file into device i's replica,
** whole, cut short, or as a conflict copy. */
static void sim_carry(Sim *m, int i, int j) {
  if (!m->dev[j][0] || i == j) return;
  char src[600], dst[700];
  if (!own_file(m->dir[j], m->dev[j], src, sizeof src)) return;
  struct stat sb;
  stat(src, &sb);
  int how = (int)kk_rng_below(&m->rng, 5);
  long keep = how == 0 ? (long)kk_rng_below(&m->rng, (uint64_t)sb.st_size + 1) : -1;
  if (how == 1)
    snprintf(dst, sizeof dst, "%s/%s (conflict copy %d).kioku-sync", m->dir[i], m->dev[j],
             (int)kk_rng_below(&m->rng, 3));
  else
    snprintf(dst, sizeof dst, "%s/%s%s", m->dir[i], m->dev[j], KK_SYNC_EXT);
  copy_file(src, dst, keep);
}

static void sim_session(Sim *m, int d) {
  int steps = 1 + (int)kk_rng_below(&m->rng, 8);
  kk_Err e;
  for (int k = 0; k < steps; k++) {
    char key[64];
    item_name(key, sizeof key, (int)kk_rng_below(&m->rng, NITEMS));
    const char *deck = key[5] == 'a' ? "deck-a" : "deck-b";
    int what = (int)kk_rng_below(&m->rng, 23);
    m->now += 1000 + (int64_t)kk_rng_below(&m->rng, 3 * KK_DAY_MS);
    if (what < 14) {
      int rating = 1 + (int)kk_rng_below(&m->rng, 4);
      answer(m->s[d], key, deck, rating, m->now);
      char line[128];
      snprintf(line, sizeof line, "%s %lld %d", key, (long long)m->now, rating);
      lines_add(&m->expect, line);
    } else if (what < 16) {
      kk_StoreUndo u;
      if (kk_store_undo_last(m->s[d], &e, &u) == KK_OK) {
        char line[400];
        Lines *l = u.action ? &m->acts : &m->expect;
        if (u.action)
          snprintf(line, sizeof line, "%s %lld %c ", u.item_key, (long long)u.log.time_ms,
                   u.action == KK_STORE_ACTION_FORGET ? 'F' : 'T');
        else
          snprintf(line, sizeof line, "%s %lld %d", u.item_key, (long long)u.log.time_ms,
                   (int)u.log.rating);
        size_t ll = strlen(line);
        for (size_t i = 0; i < l->n; i++)
          if (u.action ? strncmp(l->v[i], line, ll) == 0 : strcmp(l->v[i], line) == 0) {
            free(l->v[i]);
            l->v[i] = l->v[--l->n];
            break;
          }
      }
    } else if (what < 18) {
      kk_store_set_suspended(m->s[d], key, deck, (int)kk_rng_below(&m->rng, 2), &e);
    } else if (what < 19) {
      kk_store_bury(m->s[d], key, deck, m->now + KK_DAY_MS, &e);
    } else if (what < 22) {
      /* the browser's forget and set-due */
      int forget = what == 19;
      int days = (int)kk_rng_below(&m->rng, 40);
      kk_Clock c = {m->now, 540, 4};
      if (kk_action_run(m->s[d], key, deck,
                        forget ? KK_STORE_ACTION_FORGET : KK_STORE_ACTION_SET_DUE, &c, days, NULL,
                        NULL, &e) == KK_OK) {
        char line[128];
        snprintf(line, sizeof line, "%s %lld %c %d", key, (long long)m->now, forget ? 'F' : 'T',
                 days);
        lines_add(&m->acts, line);
      }
    } else {
      kk_StoreDeckSettings ds;
      int found;
      kk_store_get_deck_settings(m->s[d], deck, &e, &ds, &found);
      ds.retention = 0.8 + 0.01 * (double)kk_rng_below(&m->rng, 15);
      if (kk_rng_below(&m->rng, 2))
        memcpy(ds.exam_date, kk_rng_below(&m->rng, 2) ? "2026-01-15" : "2026-02-20", 11);
      /* the settings that used to stay on one machine, each now and then */
      static const char *const lsteps[] = {"", "1m 10m", "2m,  20m 1h", "30s 5m", "not steps"};
      static const char *const relearn[] = {"", "10m", "5m 30m"};
      if (kk_rng_below(&m->rng, 2))
        snprintf(ds.learning_steps, sizeof ds.learning_steps, "%s",
                 lsteps[kk_rng_below(&m->rng, 5)]);
      if (kk_rng_below(&m->rng, 2))
        snprintf(ds.relearning_steps, sizeof ds.relearning_steps, "%s",
                 relearn[kk_rng_below(&m->rng, 3)]);
      if (kk_rng_below(&m->rng, 2)) ds.leech_threshold = (int)kk_rng_below(&m->rng, 4);
      if (kk_rng_below(&m->rng, 2)) ds.leech_action = (int)kk_rng_below(&m->rng, 3) - 1;
      if (kk_rng_below(&m->rng, 2)) ds.fold_kana = (int)kk_rng_below(&m->rng, 3) - 1;
      kk_store_put_deck_settings(m->s[d], deck, &ds, &e);
    }
  }
}

static char *expected(Sim *m) {
  if (m->expect.n) qsort(m->expect.v, m->expect.n, sizeof *m->expect.v, cmp_str);
  kk_Buf b = {0};
  for (size_t i = 0; i < m->expect.n; i++) {
    kk_buf_str(&b, m->expect.v[i]);
    kk_buf_str(&b, "\n");
  }
  return kk_buf_take(&b);
}

/* An independent model of the merged state: each item's expected reviews,
** forgets and due dates set, in time order, through the scheduler and the
** browser's actions under the final deck settings (flags are left to the
** byte comparison between devices). */
static void check_model(Sim *m, kk_Store *s) {
  for (int i = 0; i < NITEMS; i++) {
    char key[64];
    item_name(key, sizeof key, i);
    const char *deck = key[5] == 'a' ? "deck-a" : "deck-b";
    Lines l = {0};
    size_t kl = strlen(key);
    for (size_t k = 0; k < m->expect.n; k++)
      if (strncmp(m->expect.v[k], key, kl) == 0 && m->expect.v[k][kl] == ' ') {
        char line[128];
        long long t;
        int rating;
        sscanf(m->expect.v[k] + kl + 1, "%lld %d", &t, &rating);
        snprintf(line, sizeof line, "%lld R %d", t, rating);
        lines_add(&l, line);
      }
    for (size_t k = 0; k < m->acts.n; k++)
      if (strncmp(m->acts.v[k], key, kl) == 0 && m->acts.v[k][kl] == ' ')
        lines_add(&l, m->acts.v[k] + kl + 1);
    if (l.n) qsort(l.v, l.n, sizeof *l.v, cmp_str); /* times have equal widths */
    kk_CardState want, got;
    kk_Err e;
    memset(&want, 0, sizeof want);
    kk_SchedConfig cfg;
    kk_FsrsParams params;
    kk_Clock c0 = {0, 540, 4};
    kk_sync_default_config(s, &c0, deck, &cfg, &params);
    for (size_t k = 0; k < l.n; k++) {
      long long t;
      char kind;
      int v;
      sscanf(l.v[k], "%lld %c %d", &t, &kind, &v);
      kk_Clock c = {t, 540, 4};
      if (kind == 'R') {
        kk_sched_answer(&cfg, &params, &want, (kk_Rating)v, &c, kk_queue_fuzz_key(key), NULL);
      } else {
        kk_CardState next;
        KT_CHECK(kk_action_apply(kind == 'F' ? KK_STORE_ACTION_FORGET : KK_STORE_ACTION_SET_DUE,
                                 &want, &c, v, &next, &e) == KK_OK);
        want = next;
      }
    }
    int found;
    kk_store_get_state(s, key, &e, &got, &found);
    KT_CHECK(got.reps == want.reps && got.lapses == want.lapses && got.phase == want.phase);
    KT_CHECK(got.due_ms == want.due_ms && got.last_review_ms == want.last_review_ms);
    KT_CHECK(got.stability == want.stability && got.difficulty == want.difficulty);
    lines_free(&l);
  }
}

static int run_sim(uint64_t seed) {
  Sim m;
  memset(&m, 0, sizeof m);
  kk_rng_seed(&m.rng, seed);
  m.n = 2 + (int)kk_rng_below(&m.rng, 3);
  m.now = T0;
  int fails = kt_fail;
  for (int d = 0; d < m.n; d++) {
    char name[64];
    snprintf(name, sizeof name, "sim%llu-%d", (unsigned long long)seed, d);
    m.s[d] = open_at(name);
    snprintf(name, sizeof name, "sim%llu-%d-dir", (unsigned long long)seed, d);
    snprintf(m.dir[d], sizeof m.dir[d], "%s", folder(name));
    snprintf(m.origin[d], sizeof m.origin[d], "machine-%d", d);
    if (!m.s[d]) return -1;
  }
  int rounds = 10 + (int)kk_rng_below(&m.rng, 15);
  for (int k = 0; k < rounds; k++) {
    int d = (int)kk_rng_below(&m.rng, (uint64_t)m.n);
    switch (kk_rng_below(&m.rng, 3)) {
    case 0: sim_session(&m, d); break;
    case 1: sim_sync(&m, d); break;
    default: sim_carry(&m, d, (int)kk_rng_below(&m.rng, (uint64_t)m.n)); break;
    }
  }
  /* the folders settle: the tool carries everything, each device syncs;
  ** two quiet rounds in a row mean nothing more can arrive */
  for (int quiet = 0, k = 0; quiet < 2 && k < 8; k++) {
    int64_t moved = 0;
    for (int d = 0; d < m.n; d++) sim_sync(&m, d);
    for (int i = 0; i < m.n; i++)
      for (int j = 0; j < m.n; j++) {
        char src[600], dst[700];
        if (i == j || !own_file(m.dir[j], m.dev[j], src, sizeof src)) continue;
        snprintf(dst, sizeof dst, "%s/%s%s", m.dir[i], m.dev[j], KK_SYNC_EXT);
        copy_file(src, dst, -1);
      }
    for (int d = 0; d < m.n; d++) {
      kk_SyncReport r;
      m.now += 1000;
      sync_at(m.s[d], m.dir[d], m.now, m.origin[d], &r);
      moved += r.merged + r.exported;
    }
    quiet = moved ? 0 : quiet + 1;
  }
  char *want = expected(&m);
  char *s0 = states(m.s[0]);
  check_model(&m, m.s[0]);
  for (int d = 0; d < m.n; d++) {
    char *sd = states(m.s[d]), *rd = reviews(m.s[d]);
    /* every deck setting the store keeps ends equal everywhere */
    for (int k = 0; k < 2; k++) {
      char l0[400], ld[400];
      settings_line(m.s[0], k ? "deck-b" : "deck-a", l0, sizeof l0);
      settings_line(m.s[d], k ? "deck-b" : "deck-a", ld, sizeof ld);
      KT_CHECK_STR(ld, l0);
    }
    KT_CHECK_STR(sd, s0);
    KT_CHECK_STR(rd, want);
    if (getenv("KK_SYNC_DEBUG") && strcmp(rd, want) != 0) {
      FILE *f = fopen("/tmp/kk_got", "w");
      fputs(rd, f);
      fclose(f);
      f = fopen("/tmp/kk_want", "w");
      fputs(want, f);
      fclose(f);
      fprintf(stderr, "device %d differs\n", d);
      exit(1);
    }
    /* the states are those of a replay of the merged log */
    kk_SyncOptions o;
    memset(&o, 0, sizeof o);
    o.clock = (kk_Clock){m.now, 540, 4};
    kk_Err e;
    KT_CHECK(kk_sync_replay_all(m.s[d], &o, NULL, &e) == KK_OK);
    char *again = states(m.s[d]);
    KT_CHECK_STR(again, sd);
    kk_free(again);
    kk_free(sd);
    kk_free(rd);
  }
  kk_free(s0);
  kk_free(want);
  lines_free(&m.expect);
  lines_free(&m.acts);
  for (int d = 0; d < m.n; d++) kk_store_close(m.s[d]);
  if (kt_fail != fails) fprintf(stderr, "sim seed %llu failed\n", (unsigned long long)seed);
  return 0;
}

static void test_property(void) {
  const char *env = getenv("KK_SYNC_SEEDS"), *one = getenv("KK_SYNC_SEED");
  int seeds = env ? atoi(env) : kt_valgrind() ? 4 : 30;
  if (one) { /* KK_SYNC_SEED=N: that simulation alone */
    KT_CHECK(run_sim((uint64_t)atoll(one)) == 0);
    return;
  }
  for (int i = 1; i <= seeds; i++) KT_CHECK(run_sim((uint64_t)i) == 0);
}

/* ---- kill -9 ------------------------------------------------------------------ */

static void sleep_us(long us) {
  struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
  nanosleep(&ts, NULL);
}

/* The review log's indexes by name, joined (a static buffer). */
static const char *index_list(kk_Store *s) {
  static char buf[2][512];
  static int k;
  char *out = buf[k++ & 1];
  out[0] = '\0';
  sqlite3_stmt *q = NULL;
  sqlite3_prepare_v2(kk_store_sqlite(s),
                     "SELECT name || ' ' || sql FROM sqlite_master WHERE"
                     " type='index' AND tbl_name='review_log' ORDER BY name",
                     -1, &q, NULL);
  while (q && sqlite3_step(q) == SQLITE_ROW) {
    strncat(out, (const char *)sqlite3_column_text(q, 0), 511 - strlen(out));
    strncat(out, ";", 511 - strlen(out));
  }
  sqlite3_finalize(q);
  return out;
}

static const char *integrity(kk_Store *s) {
  static char out[64];
  sqlite3_stmt *q = NULL;
  out[0] = '\0';
  sqlite3_prepare_v2(kk_store_sqlite(s), "PRAGMA integrity_check", -1, &q, NULL);
  if (q && sqlite3_step(q) == SQLITE_ROW)
    snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  return out;
}

/* Device B merges a large file from A and exports its own reviews while
** being killed at random moments; afterwards one sync to the end gives
** exactly what an uninterrupted sync gives. */
static void test_kill(void) {
  kk_Store *a = open_at("ka");
  KT_REQUIRE(a);
  const char *dir = folder("k-shared");
  for (int i = 0; i < 4200; i++) { /* a bulk merge for B (store_sync.c) */
    char key[32];
    snprintf(key, sizeof key, "d#k%d", i % 150);
    answer(a, key, "d", 1 + i % 4, T0 + (int64_t)i * 3600000);
  }
  sync_at(a, dir, T0 + 4300LL * 3600000, "a", NULL);
  /* the reference: a device that syncs without interruption */
  kk_Store *ref = open_at("kref");
  for (int i = 0; i < 50; i++) answer(ref, "d#k7", "d", 3, T0 + 10 + (int64_t)i * 7200000);
  kk_store_close(ref);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "cp -r '%s/kref' '%s/kb'", root, root);
  KT_REQUIRE(system(cmd) == 0);
  ref = open_at("kref");
  const char *rdir = folder("k-ref");
  snprintf(cmd, sizeof cmd, "cp '%s'/*.kioku-sync '%s'/", dir, rdir);
  KT_REQUIRE(system(cmd) == 0);
  sync_at(ref, rdir, T0 + 5000LL * 3600000, "b", NULL);
  char *want = states(ref), *want_log = reviews(ref);
  kk_Rng rng;
  kk_rng_seed(&rng, 7);
  int killed = 0;
  for (int round = 0; round < 25; round++) {
    pid_t pid = fork();
    if (pid == 0) {
      kk_Store *b = open_at("kb");
      if (b) sync_at(b, dir, T0 + 5000LL * 3600000, "b", NULL);
      _exit(0);
    }
    sleep_us((long)kk_rng_below(&rng, 60000));
    if (kill(pid, SIGKILL) == 0) killed++;
    int status;
    waitpid(pid, &status, 0);
  }
  kk_Store *b = open_at("kb");
  KT_REQUIRE(b);
  KT_CHECK(sync_at(b, dir, T0 + 5000LL * 3600000, "b", NULL) == KK_OK);
  char *got = states(b), *got_log = reviews(b);
  KT_CHECK(killed > 0);
  KT_CHECK(count(b) == 4250);
  KT_CHECK_STR(got_log, want_log);
  KT_CHECK_STR(got, want);
  /* the log's indexes, dropped and built again by the bulk merge, are all
  ** there and whole */
  KT_CHECK_STR(index_list(b), index_list(a));
  KT_CHECK_STR(integrity(b), "ok");
  /* and A gets B's reviews from B's file, whole */
  kk_SyncReport r;
  sync_at(a, dir, T0 + 5001LL * 3600000, "a", &r);
  KT_CHECK(r.merged == 50 && count(a) == 4250);
  kk_free(got);
  kk_free(got_log);
  kk_free(want);
  kk_free(want_log);
  kk_store_close(a);
  kk_store_close(b);
  kk_store_close(ref);
}

/* Two processes (two windows) syncing one store at once: each sync is
** whole, no sequence is given twice, and another device gets every review. */
static void test_two_processes(void) {
  kk_Store *a = open_at("ta");
  KT_REQUIRE(a);
  const char *dir = folder("t-shared");
  for (int i = 0; i < 200; i++) answer(a, i % 2 ? "d#p" : "d#q", "d", 1 + i % 4, T0 + i * 60000LL);
  kk_store_close(a);
  pid_t pid[2];
  for (int k = 0; k < 2; k++) {
    pid[k] = fork();
    if (pid[k] == 0) {
      /* the other process may hold the store longer than the busy timeout
      ** on a slow machine (valgrind): busy is a clear refusal, tried again */
      kk_Store *s = NULL;
      for (int tries = 0; !s && tries < 100; tries++) s = open_at("ta");
      kk_Status st = KK_ERR_BUSY;
      for (int tries = 0; s && st == KK_ERR_BUSY && tries < 100; tries++)
        st = sync_at(s, dir, T0 + 100000000LL + k, "a", NULL);
      kk_store_close(s);
      _exit(st == KK_OK ? 0 : 1);
    }
  }
  for (int k = 0; k < 2; k++) {
    int status = 0;
    waitpid(pid[k], &status, 0);
    KT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  a = open_at("ta");
  kk_Store *b = open_at("tb");
  KT_REQUIRE(a && b);
  kk_SyncReport r;
  KT_CHECK(sync_at(a, dir, T0 + 200000000LL, "a", &r) == KK_OK && r.exported == 0);
  KT_CHECK(sync_at(b, dir, T0 + 200000001LL, "b", &r) == KK_OK && r.merged == 200);
  KT_CHECK(count(b) == 200);
  char *sa = states(a), *sb = states(b);
  KT_CHECK_STR(sa, sb);
  kk_free(sa);
  kk_free(sb);
  kk_store_close(a);
  kk_store_close(b);
}

/* 1 if the file at path holds the bytes s. */
static int file_has(const char *path, const char *s) {
  char *buf = NULL;
  size_t len = 0, n = strlen(s);
  int found = 0;
  if (kk_file_read(path, 1u << 24, &buf, &len, NULL) != KK_OK) return 0;
  for (size_t i = 0; i + n <= len && !found; i++) found = memcmp(buf + i, s, n) == 0;
  kk_free(buf);
  return found;
}

/* A passphrase: the files hold no readable ids, devices with the key merge
** them, without it (or with another) they are left alone; a device that
** turns the passphrase on rewrites its file sealed. */
static void test_passphrase(void) {
  unsigned char key[KK_SYNC_KEY_BYTES], other[KK_SYNC_KEY_BYTES];
  kk_Err e;
  KT_REQUIRE(kk_sync_key("correct horse", 13, key, &e) == KK_OK);
  KT_REQUIRE(kk_sync_key("battery staple", 14, other, &e) == KK_OK);
  unsigned char again[KK_SYNC_KEY_BYTES];
  kk_sync_key("correct horse", 13, again, &e);
  KT_CHECK(memcmp(key, again, sizeof key) == 0); /* every device derives the same */
  kk_Store *a = open_at("ea"), *b = open_at("eb"), *c = open_at("ec");
  KT_REQUIRE(a && b && c);
  const char *dir = folder("e-shared");
  answer(a, "secret-deck#card1", "secret-deck", 3, T0);
  kk_SyncReport r;
  sync_at(a, dir, T0 + 10, "a", &r); /* in the clear first */
  char path[700];
  snprintf(path, sizeof path, "%s/%s%s", dir, r.device, KK_SYNC_EXT);
  KT_CHECK(file_has(path, "secret-deck#card1"));
  sync_key = key;
  answer(a, "secret-deck#card2", "secret-deck", 4, T0 + 20);
  sync_at(a, dir, T0 + 30, "a", &r);
  KT_CHECK(!file_has(path, "secret-deck") && !file_has(path, "card1"));
  char a_path[700];
  snprintf(a_path, sizeof a_path, "%s", path);
  KT_CHECK(sync_at(b, dir, T0 + 40, "b", &r) == KK_OK && r.merged == 2 && r.files_locked == 0);
  sync_key = other;
  KT_CHECK(sync_at(c, dir, T0 + 50, "c", &r) == KK_OK && r.merged == 0 && r.files_locked == 2);
  sync_key = NULL;
  KT_CHECK(sync_at(c, dir, T0 + 60, "c", &r) == KK_OK && r.merged == 0 && r.files_locked == 2);
  /* C's own file is in the clear: the others read it whatever their key */
  answer(c, "secret-deck#card3", "secret-deck", 2, T0 + 70);
  sync_at(c, dir, T0 + 80, "c", &r);
  sync_key = key;
  KT_CHECK(sync_at(b, dir, T0 + 90, "b", &r) == KK_OK && r.merged == 1);
  KT_CHECK(sync_at(c, dir, T0 + 100, "c", &r) == KK_OK && r.merged == 2);
  char *sb = states(b), *sc = states(c);
  KT_CHECK_STR(sb, sc);
  kk_free(sb);
  kk_free(sc);
  /* a sealed file cut short merges what is complete */
  kk_Store *d = open_at("ed");
  const char *dd = folder("ed-dir");
  char cut[800];
  snprintf(cut, sizeof cut, "%s/%s", dd, strrchr(a_path, '/') + 1);
  struct stat fst;
  stat(a_path, &fst);
  copy_file(a_path, cut, (long)fst.st_size - 5);
  KT_CHECK(sync_at(d, dd, T0 + 110, "d", &r) == KK_OK && r.files_partial == 1);
  KT_CHECK(r.merged == 1 && count(d) == 1);
  sync_key = NULL;
  kk_store_close(a);
  kk_store_close(b);
  kk_store_close(c);
  kk_store_close(d);
}

/* ---- hostile and damaged input ---------------------------------------------- */

/* The first column of the first row of sql on s's database (0 if none). */
static int64_t sql_i64(kk_Store *s, const char *sql) {
  sqlite3_stmt *q = NULL;
  int64_t v = 0;
  if (sqlite3_prepare_v2(kk_store_sqlite(s), sql, -1, &q, NULL) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW)
    v = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return v;
}

/* Every time the store keeps lies in 0..1e15 ms and every review's
** duration in 0..a day. */
static int store_in_range(kk_Store *s) {
  static const char *const bad[] = {
      "SELECT count(*) FROM review_log WHERE time_ms NOT BETWEEN 0 AND 1000000000000000"
      " OR (action=0 AND duration_ms NOT BETWEEN 0 AND 86400000)"
      " OR (action=5 AND duration_ms NOT BETWEEN 0 AND 1000000000000000)",
      "SELECT count(*) FROM sync_event WHERE time_ms NOT BETWEEN 0 AND 1000000000000000"
      " OR (kind IN ('B','T') AND n NOT BETWEEN 0 AND 1000000000000000)",
      "SELECT count(*) FROM item_state WHERE due_ms NOT BETWEEN 0 AND 1000000000000000"
      " OR buried_until_ms NOT BETWEEN 0 AND 1000000000000000"
      " OR last_review_ms NOT BETWEEN 0 AND 1000000000000000",
      "SELECT count(*) FROM sync_peer WHERE max_seq NOT BETWEEN 0 AND 1000000000000000"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    if (sql_i64(s, bad[i]) != 0) return 0;
  return 1;
}

/* Regression: a planted or damaged peer file's times, due times,
** buried-until times and sequences were merged as any int64: the replay
** then overflowed in day arithmetic (the time plus the UTC offset) and
** in set-due, and the stored values overflowed later readers.  Each bad
** record stops the file there, as other malformed records do: the
** record before it merges, the one after does not. */
static void test_hostile_numbers(void) {
  static const char *const bad[] = {
      "R\t2\t9223372036854775807\td#k\td\t3\t0\t",
      "R\t2\t-9223372036854775808\td#k\td\t3\t0\t",
      "R\t2\t-1\td#k\td\t3\t0\t",
      "R\t2\t1000000000000001\td#k\td\t3\t0\t",
      "T\t2\t1764547200000\td#k\td\t9223372036854775807\t0\t",
      "T\t2\t1764547200000\td#k\td\t-9223372036854775808\t0\t",
      "T\t2\t1764547200000\td#k\td\t-1\t0\t",
      "B\t2\t1764547200000\td#k\td\t9223372036854775807\t0\t",
      "B\t2\t1764547200000\td#k\td\t-5\t0\t",
      "S\t2\t-9223372036854775808\td#k\td\t1\t0\t",
      "D\t2\t9223372036854775807\t\td\t0\t0\t0.9 -1 -1 0 -1 -",
      "U\t2\t1764547200000\td#ok\td\t0\t0\t00000000000000bb",
      "U\t2\t1764547200000\td#ok\td\t-1\t0\t00000000000000bb",
      "R\t9223372036854775807\t1764547200000\td#k\td\t3\t0\t",
      "R\t1000000000000001\t1764547200000\td#k\td\t3\t0\t",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char name[32];
    snprintf(name, sizeof name, "hn%zu", i);
    kk_Store *s = open_at(name);
    KT_REQUIRE(s);
    snprintf(name, sizeof name, "hn%zu-dir", i);
    const char *dir = folder(name);
    const char *rec[3] = {"R\t1\t1764547200000\td#ok\td\t3\t1200\t", bad[i],
                          "R\t3\t1764547300000\td#ok2\td\t3\t1200\t"};
    write_sync_file(dir, "00000000000000bb", rec, 3);
    kk_SyncReport r;
    KT_CHECK(sync_at(s, dir, T0 + 1000000, "h", &r) == KK_OK);
    if (r.merged != 1 || r.files_partial != 1) fprintf(stderr, "  case %zu: %s\n", i, bad[i]);
    KT_CHECK(r.merged == 1 && r.files_partial == 1);
    KT_CHECK(count(s) == 1);
    KT_CHECK(store_in_range(s));
    /* the report says which record of which file, and what is wrong */
    KT_CHECK(r.refused.code == KK_ERR_INVALID && r.refused.line == 3);
    KT_CHECK(strstr(r.refused.path, "/00000000000000bb" KK_SYNC_EXT) != NULL);
    KT_CHECK(strstr(r.refused.msg, "record before") != NULL);
    if (i == 0) KT_CHECK(strstr(r.refused.msg, "time (9223372036854775807 ms") != NULL);
    kk_store_close(s);
  }
  /* anyone can name a file in the folder: the path reported shows no
  ** control characters (it may reach a terminal) */
  kk_Store *s = open_at("hn-esc");
  KT_REQUIRE(s);
  const char *dir = folder("hn-esc-dir");
  const char *rec[1] = {"R\t1\t-1\td#k\td\t3\t0\t"};
  write_sync_file(dir, "00000000000000bb", rec, 1);
  char from[700], to[700];
  snprintf(from, sizeof from, "%s/00000000000000bb%s", dir, KK_SYNC_EXT);
  snprintf(to, sizeof to, "%s/\033]0;x\a\033[2J%s", dir, KK_SYNC_EXT);
  KT_REQUIRE(rename(from, to) == 0);
  kk_SyncReport r;
  KT_CHECK(sync_at(s, dir, T0, "h", &r) == KK_OK && r.refused.code == KK_ERR_INVALID);
  KT_CHECK(r.refused.line == 2 && strstr(r.refused.path, "/?]0;x??[2J" KK_SYNC_EXT) != NULL);
  kk_store_close(s);
}

/* Regression: a file's modification time (which sync tools copy from the
** machine that wrote it) was turned into nanoseconds as
** seconds * 1e9 in int64_t: past the year 2262 that overflowed.  A file
** dated 2300 merges, and is not read again while it stays so. */
static void test_far_mtime(void) {
  kk_Store *s = open_at("fm");
  KT_REQUIRE(s);
  const char *dir = folder("fm-dir");
  const char *rec[1] = {"R\t1\t1764547200000\td#a\td\t3\t1000\t"};
  write_sync_file(dir, "00000000000000ee", rec, 1);
  char path[700];
  snprintf(path, sizeof path, "%s/00000000000000ee%s", dir, KK_SYNC_EXT);
  struct timespec ts[2] = {{10413792000, 0}, {10413792000, 0}}; /* 2300-01-01 */
  if (utimensat(AT_FDCWD, path, ts, 0) != 0) {
    printf("  (skipped: the file system keeps no such date)\n");
    kk_store_close(s);
    return;
  }
  kk_SyncReport r;
  KT_CHECK(sync_at(s, dir, T0 + 1000, "h", &r) == KK_OK && r.merged == 1 && r.files_read == 1);
  KT_CHECK(sync_at(s, dir, T0 + 2000, "h", &r) == KK_OK && r.files_read == 0);
  kk_store_close(s);
}

/* Regression: a forget record's n (unused: writers give 0) went through
** the day arithmetic of set-due; a review's duration was stored as given
** (a sum of them in the stats overflowed).  The forget merges with n 0,
** durations are clamped to 0..a day as every duration read from a file. */
static void test_hostile_forget_and_durations(void) {
  kk_Store *s = open_at("hf");
  KT_REQUIRE(s);
  const char *dir = folder("hf-dir");
  const char *rec[4] = {"R\t1\t1764547200000\td#a\td\t3\t9223372036854775807\t",
                        "R\t2\t1764547300000\td#b\td\t3\t-7\t",
                        "F\t3\t1764547400000\td#a\td\t9223372036854775807\t0\t",
                        "R\t4\t1764547500000\td#c\td\t3\t90000000\t"};
  write_sync_file(dir, "00000000000000cc", rec, 4);
  kk_SyncReport r;
  KT_CHECK(sync_at(s, dir, T0 + 1000000, "h", &r) == KK_OK);
  KT_CHECK(r.merged == 4 && r.files_partial == 0);
  KT_CHECK(sql_i64(s, "SELECT duration_ms FROM review_log WHERE item_key='d#a' AND action=0") ==
           86400000);
  KT_CHECK(sql_i64(s, "SELECT duration_ms FROM review_log WHERE item_key='d#b'") == 0);
  KT_CHECK(sql_i64(s, "SELECT duration_ms FROM review_log WHERE item_key='d#c'") == 86400000);
  KT_CHECK(sql_i64(s, "SELECT count(*) FROM review_log WHERE item_key='d#a' AND action=4"
                      " AND duration_ms=0") == 1);
  KT_CHECK(store_in_range(s));
  kk_CardState st;
  int found = 0;
  kk_Err e;
  kk_store_get_state(s, "d#a", &e, &st, &found);
  KT_CHECK(found && st.phase == KK_PHASE_NEW); /* forgotten after its review */
  kk_store_close(s);
}

/* Regression: a deck-settings record's retention was any strtod result:
** NaN became NULL in a NOT NULL column, so every sync failed (and rolled
** back) while the file stayed; inf, 5 or 1e-300 became the retention.
** Every number of the record is held to what the deck format and the
** settings screen allow, "the deck's own" values included. */
static void test_hostile_deck_settings(void) {
  static const char *const bad[] = {
      "nan -1 -1 0 -1 -",
      "-nan -1 -1 0 -1 -",
      "inf -1 -1 0 -1 -",
      "-inf -1 -1 0 -1 -",
      "5 -1 -1 0 -1 -",
      "1e-300 -1 -1 0 -1 -",
      "0x1.cp-1 -1 -1 0 -1 -", /* 0.875, but no writer gives hex */
      "0.69 -1 -1 0 -1 -",
      "-0.5 -1 -1 0 -1 -",
      "0.9 10000 -1 0 -1 -",
      "0.9 -2 -1 0 -1 -",
      "0.9 -1 100000 0 -1 -",
      "0.9 -1 -1 36501 -1 -",
      "0.9 -1 -1 -1 -1 -",
      "0.9 -1 -1 0 2 -",
      "0.9 -1 -1 0 -2 -",
      "0.9 -1 -1 0 -1 2026-13-45",
      "0.9 -1 -1 0 -1 abcdefghij",
      "0.9 -1 -1 0 -1 - - - -3 -1 -1",
      "0.9 -1 -1 0 -1 - - - 0 2 -1",
      "0.9 -1 -1 0 -1 - - - 0 -2 -1",
  };
  kk_Store *s = open_at("hd");
  KT_REQUIRE(s);
  kk_StoreDeckSettings ds;
  int found;
  kk_Err e;
  kk_store_get_deck_settings(s, "d", &e, &ds, &found);
  ds.retention = 0.85;
  kk_store_put_deck_settings(s, "d", &ds, &e);
  const char *dir = folder("hd-dir");
  KT_CHECK(sync_at(s, dir, T0, "h", NULL) == KK_OK);
  char want[400], got[400];
  settings_line(s, "d", want, sizeof want);
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    write_deck_record(dir, "00000000000000dd", T0 + 1000 + (int64_t)i, "d", bad[i]);
    kk_SyncReport r;
    KT_CHECK(sync_at(s, dir, T0 + 2000 + (int64_t)i, "h", &r) == KK_OK);
    settings_line(s, "d", got, sizeof got);
    if (strcmp(got, want) != 0 || r.files_partial != 1)
      fprintf(stderr, "  case %zu: %s\n", i, bad[i]);
    KT_CHECK_STR(got, want);
    KT_CHECK(r.merged == 0 && r.files_partial == 1);
    KT_CHECK(r.refused.code == KK_ERR_INVALID && r.refused.line == 2);
    KT_CHECK(strstr(r.refused.msg, "deck settings") != NULL);
  }
  /* the limits themselves, and "the deck's own" everywhere, are taken */
  char planted[700];
  snprintf(planted, sizeof planted, "%s/00000000000000dd%s", dir, KK_SYNC_EXT);
  KT_CHECK(remove(planted) == 0);
  static const char *const good[] = {
      "0.7 0 0 1 0 2026-02-20 1m%2010m 10m 1 0 0",
      "0.99 9999 99999 36500 1 - - - 0 1 1",
      "0 -1 -1 0 -1 - - - 0 -1 -1",
  };
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    char dev[KK_SYNC_ID_LEN + 1];
    snprintf(dev, sizeof dev, "00000000000000e%zu", i);
    write_deck_record(dir, dev, T0 + 5000 + (int64_t)i, "d", good[i]);
    kk_SyncReport r;
    KT_CHECK(sync_at(s, dir, T0 + 6000 + (int64_t)i, "h", &r) == KK_OK);
    KT_CHECK(r.merged == 1 && r.files_partial == 0 && r.refused.code == KK_OK);
    if (r.refused.code != KK_OK) fprintf(stderr, "  good %zu: %s\n", i, r.refused.msg);
  }
  kk_store_get_deck_settings(s, "d", &e, &ds, &found);
  KT_CHECK(found && ds.retention == 0 && ds.new_per_day == -1 && ds.scheduler == -1);
  kk_store_close(s);
}

/* Regression: the store setting sync.seq was read as any int64, and the
** export's ++seq overflowed at INT64_MAX; a value that is not a number
** read as 0, so new events reused sequences the other devices had
** already merged (and they ignored them).  A damaged sequence gives the
** store a new device id, as a copied store gets.  And a sync.written
** beyond sync.seq (damaged) kept new events out of this device's file. */
static void test_damaged_seq(void) {
  static const char *const seqs[] = {"9223372036854775807", "-4", "x12", "1000000000000001"};
  for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) {
    char name[32];
    snprintf(name, sizeof name, "ds%zu-a", i);
    kk_Store *a = open_at(name);
    snprintf(name, sizeof name, "ds%zu-b", i);
    kk_Store *b = open_at(name);
    KT_REQUIRE(a && b);
    snprintf(name, sizeof name, "ds%zu-dir", i);
    const char *dir = folder(name);
    answer(a, "d#c1", "d", 3, T0);
    kk_SyncReport r;
    kk_Err e;
    KT_CHECK(sync_at(a, dir, T0 + 1000, "a", &r) == KK_OK && r.exported == 1);
    char first[KK_SYNC_ID_LEN + 1];
    memcpy(first, r.device, sizeof first);
    KT_CHECK(sync_at(b, dir, T0 + 2000, "b", &r) == KK_OK && r.merged == 1);
    KT_CHECK(kk_store_set_setting(a, "sync.seq", seqs[i], &e) == KK_OK);
    answer(a, "d#c2", "d", 3, T0 + 3000);
    KT_CHECK(sync_at(a, dir, T0 + 4000, "a", &r) == KK_OK);
    KT_CHECK(r.exported == 1 && r.new_device && strcmp(r.device, first) != 0);
    KT_CHECK(sync_at(b, dir, T0 + 5000, "b", &r) == KK_OK && r.merged == 1);
    KT_CHECK(count(b) == 2);
    char *sa = states(a), *sb = states(b);
    KT_CHECK_STR(sa, sb);
    kk_free(sa);
    kk_free(sb);
    kk_store_close(a);
    kk_store_close(b);
  }
  static const char *const written[] = {"9223372036854775807", "5"};
  for (size_t i = 0; i < sizeof written / sizeof *written; i++) {
    char name[32];
    snprintf(name, sizeof name, "dw%zu-a", i);
    kk_Store *a = open_at(name);
    snprintf(name, sizeof name, "dw%zu-b", i);
    kk_Store *b = open_at(name);
    KT_REQUIRE(a && b);
    snprintf(name, sizeof name, "dw%zu-dir", i);
    const char *dir = folder(name);
    kk_SyncReport r;
    kk_Err e;
    answer(a, "d#c1", "d", 3, T0);
    KT_CHECK(sync_at(a, dir, T0 + 1000, "a", &r) == KK_OK);
    KT_CHECK(kk_store_set_setting(a, "sync.written", written[i], &e) == KK_OK);
    answer(a, "d#c2", "d", 3, T0 + 2000);
    KT_CHECK(sync_at(a, dir, T0 + 3000, "a", &r) == KK_OK && r.exported == 1);
    KT_CHECK(sync_at(b, dir, T0 + 4000, "b", &r) == KK_OK && r.merged == 2);
    kk_store_close(a);
    kk_store_close(b);
  }
}

/* A store that merged out-of-range values before they were refused (or
** was damaged otherwise): the replay passes over those events instead
** of overflowing. */
static void test_damaged_store_replay(void) {
  kk_Store *a = open_at("dr-a"), *b = open_at("dr-b");
  KT_REQUIRE(a && b);
  const char *dir = folder("dr-dir");
  kk_Err e;
  answer(a, "d#c1", "d", 3, T0);
  answer(a, "d#c1", "d", 3, T0 + KK_DAY_MS);
  KT_CHECK(kk_store_bury(a, "d#c2", "d", T0 + 2 * KK_DAY_MS, &e) == KK_OK);
  KT_CHECK(sync_at(a, dir, T0 + 2 * KK_DAY_MS, "a", NULL) == KK_OK);
  KT_CHECK(sync_at(b, dir, T0 + 2 * KK_DAY_MS, "b", NULL) == KK_OK);
  sqlite3 *db = kk_store_sqlite(b);
  KT_CHECK(sqlite3_exec(db,
                        "UPDATE review_log SET time_ms=9223372036854775807 WHERE id="
                        "(SELECT max(id) FROM review_log);"
                        "UPDATE sync_event SET n=9223372036854775807 WHERE kind='B'",
                        NULL, NULL, NULL) == SQLITE_OK);
  kk_SyncOptions o;
  memset(&o, 0, sizeof o);
  o.clock = (kk_Clock){T0 + 3 * KK_DAY_MS, 540, 4};
  int64_t n = 0;
  KT_CHECK(kk_sync_replay_all(b, &o, &n, &e) == KK_OK);
  kk_CardState st;
  int found = 0;
  kk_store_get_state(b, "d#c1", &e, &st, &found);
  KT_CHECK(found && st.reps == 1 && st.last_review_ms == T0); /* the first review only */
  kk_store_get_state(b, "d#c2", &e, &st, &found);
  KT_CHECK(found && st.buried_until_ms == T0 + 2 * KK_DAY_MS); /* as before */
  kk_store_close(a);
  kk_store_close(b);
}

/* A store whose own deck settings are out of range (edited by hand) does
** not send them: the other devices would refuse the record and, with it,
** the rest of this device's file. */
static void test_local_bad_settings_kept_home(void) {
  kk_Store *a = open_at("lb-a"), *b = open_at("lb-b");
  KT_REQUIRE(a && b);
  const char *dir = folder("lb-dir");
  kk_StoreDeckSettings ds;
  int found;
  kk_Err e;
  kk_store_get_deck_settings(a, "d", &e, &ds, &found);
  ds.retention = 5;
  kk_store_put_deck_settings(a, "d", &ds, &e);
  answer(a, "d#c1", "d", 3, T0);
  kk_SyncReport r;
  KT_CHECK(sync_at(a, dir, T0 + 1000, "a", &r) == KK_OK);
  answer(a, "d#c2", "d", 3, T0 + 2000);
  KT_CHECK(sync_at(a, dir, T0 + 3000, "a", &r) == KK_OK);
  KT_CHECK(sync_at(b, dir, T0 + 4000, "b", &r) == KK_OK);
  KT_CHECK(r.merged == 2 && r.files_partial == 0 && count(b) == 2);
  kk_store_get_deck_settings(b, "d", &e, &ds, &found);
  KT_CHECK(!found);
  kk_store_close(a);
  kk_store_close(b);
}

/* KT_ONLY=test_name runs that test alone (while working on it). */
#define RUN(fn)                                                                                    \
  do {                                                                                             \
    const char *only = getenv("KT_ONLY");                                                          \
    if (!only || strcmp(only, #fn) == 0) KT_RUN(fn);                                               \
  } while (0)

int main(void) {
  /* a new folder (a name from the pid could meet a leftover of an earlier
  ** run that had the same pid) */
  if (kt_tmpdir(root, sizeof root, "sync") != 0) return kt_done();
  RUN(test_two_devices);
  RUN(test_clock_skew);
  RUN(test_undo_only_review);
  RUN(test_deck_settings);
  RUN(test_deck_settings_travel);
  RUN(test_deck_settings_older);
  RUN(test_partial_files);
  RUN(test_missing_folder_and_copies);
  RUN(test_property);
  RUN(test_kill);
  RUN(test_two_processes);
  RUN(test_passphrase);
  RUN(test_hostile_numbers);
  RUN(test_hostile_forget_and_durations);
  RUN(test_far_mtime);
  RUN(test_hostile_deck_settings);
  RUN(test_damaged_seq);
  RUN(test_damaged_store_replay);
  RUN(test_local_bad_settings_kept_home);
  kt_rm_rf(root);
  return kt_done();
}
