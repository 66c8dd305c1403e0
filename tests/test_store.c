/* test_store.c -- data dir resolution, the progress store: states, reviews,
** undo, suspend/bury, settings, migrations from every schema version,
** busy handling, revlog export. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/date.h"
#include "core/base/paths.h"
#include "core/study/revlog.h"
#include "core/study/store.h"
#include "core/study/answer.h"
#include "kt.h"
#include "kt_fixture.h"

static char tmpdir[256];

static void make_tmpdir(void) {
  if (kt_tmpdir(tmpdir, sizeof tmpdir, "store") != 0) exit(kt_done());
}

/* A fresh sub directory of tmpdir for one test. */
static const char *subdir(const char *name) {
  static char buf[512];
  snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
  return buf;
}

static kk_CardState sample_state(int seed) {
  kk_CardState st;
  memset(&st, 0, sizeof st);
  st.phase = (kk_Phase)(seed % 4);
  st.stability = 1.25 + seed;
  st.difficulty = 3.5 + seed * 0.01;
  st.ease = 2.5 - seed * 0.001;
  st.interval_days = 7.75 + seed;
  st.due_ms = 1700000000000LL + seed * 1000LL;
  st.last_review_ms = 1690000000000LL + seed;
  st.step = seed % 3 + 1;
  st.reps = seed + 5;
  st.lapses = seed % 7 + 1;
  st.suspended = seed % 2;
  st.leech = (seed + 1) % 2;
  st.buried_until_ms = 1800000000000LL + seed;
  st.review_interval_days = 11.5 + seed;
  return st;
}

static int state_eq(const kk_CardState *a, const kk_CardState *b) {
  return a->phase == b->phase && a->stability == b->stability && a->difficulty == b->difficulty &&
         a->ease == b->ease && a->interval_days == b->interval_days && a->due_ms == b->due_ms &&
         a->last_review_ms == b->last_review_ms && a->step == b->step && a->reps == b->reps &&
         a->lapses == b->lapses && a->suspended == b->suspended && a->leech == b->leech &&
         a->buried_until_ms == b->buried_until_ms &&
         a->review_interval_days == b->review_interval_days;
}

static kk_ReviewLog sample_log(int seed) {
  kk_ReviewLog l;
  memset(&l, 0, sizeof l);
  l.time_ms = 1700000000000LL + seed * 60000LL;
  l.rating = (kk_Rating)(seed % 4 + 1);
  l.elapsed_days = seed * 0.5;
  l.duration_ms = 1000 + seed;
  l.phase_before = (kk_Phase)(seed % 4);
  l.phase_after = (kk_Phase)((seed + 1) % 4);
  l.stability = 2.0 + seed;
  l.difficulty = 5.0 + seed * 0.1;
  l.interval_days = 3.0 + seed;
  l.scheduler = (kk_SchedulerKind)(seed % 2);
  return l;
}

static int query_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *q = NULL;
  int v = -999;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    v = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  return v;
}

static int query_text_is(sqlite3 *db, const char *sql, const char *want) {
  sqlite3_stmt *q = NULL;
  int ok = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(q, 0);
    ok = t && strcmp(t, want) == 0;
  }
  sqlite3_finalize(q);
  return ok;
}

/* ---- paths ---------------------------------------------------------------*/

static void test_data_dir_order(void) {
  char buf[256];
  kk_Err e;
  KT_CHECK(kk_paths_data_dir_from("/a", "/b", "/c", "/h", &e, buf, sizeof buf) == KK_OK);
  KT_CHECK_STR(buf, "/a");
  KT_CHECK(kk_paths_data_dir_from(NULL, "/b/", "/c", "/h", &e, buf, sizeof buf) == KK_OK);
  KT_CHECK_STR(buf, "/b");
  KT_CHECK(kk_paths_data_dir_from("", "", "/c", "/h", &e, buf, sizeof buf) == KK_OK);
  KT_CHECK_STR(buf, "/c/kioku");
  KT_CHECK(kk_paths_data_dir_from(NULL, NULL, NULL, "/home/u", &e, buf, sizeof buf) == KK_OK);
  KT_CHECK_STR(buf, "/home/u/.local/share/kioku");
  KT_CHECK(kk_paths_data_dir_from(NULL, NULL, NULL, NULL, &e, buf, sizeof buf) == KK_ERR_USAGE);
  KT_CHECK(kk_paths_data_dir_from("/a/long/path", NULL, NULL, NULL, &e, buf, 5) == KK_ERR_LIMIT);
  /* The environment wrapper follows the same order. */
  setenv("KIOKU_DATA_DIR", "/env/kioku", 1);
  KT_CHECK(kk_paths_data_dir(NULL, &e, buf, sizeof buf) == KK_OK);
  KT_CHECK_STR(buf, "/env/kioku");
  KT_CHECK(kk_paths_data_dir("/arg", &e, buf, sizeof buf) == KK_OK);
  KT_CHECK_STR(buf, "/arg");
  unsetenv("KIOKU_DATA_DIR");
  setenv("XDG_DATA_HOME", "/xdg", 1);
  KT_CHECK(kk_paths_data_dir(NULL, &e, buf, sizeof buf) == KK_OK);
  KT_CHECK_STR(buf, "/xdg/kioku");
}

/* kk_paths_plain_name: what importers write beside a deck stays there. */
static void test_paths_plain_name(void) {
  KT_CHECK(kk_paths_plain_name("chart.png") && kk_paths_plain_name("図 1.png"));
  static const char *const bad[] = {"",         ".png",       "..",   "../evil.png", "a/b.png",
                                    "a\\b.png", "C:evil.png", "a\tb", "a\x7f",       "/etc/passwd"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) KT_CHECK(!kk_paths_plain_name(bad[i]));
  char n[202];
  memset(n, 'a', sizeof n - 1);
  n[201] = '\0';
  n[200] = '\0';
  KT_CHECK(kk_paths_plain_name(n)); /* 200 bytes */
  n[200] = 'a';
  KT_CHECK(!kk_paths_plain_name(n));
}

/* kk_paths_tilde: a folder under HOME as ~/..., only on a whole component,
** anything else unchanged, cut at a code point to fit. */
static void test_paths_tilde(void) {
  char b[64];
  KT_CHECK(!strcmp(kk_paths_tilde("/home/a/Sync", "/home/a", b, sizeof b), "~/Sync"));
  KT_CHECK(!strcmp(kk_paths_tilde("/home/a/Sync", "/home/a/", b, sizeof b), "~/Sync"));
  KT_CHECK(!strcmp(kk_paths_tilde("/home/a", "/home/a", b, sizeof b), "~"));
  KT_CHECK(!strcmp(kk_paths_tilde("/home/ab/Sync", "/home/a", b, sizeof b), "/home/ab/Sync"));
  KT_CHECK(!strcmp(kk_paths_tilde("/mnt/usb", "/home/a", b, sizeof b), "/mnt/usb"));
  KT_CHECK(!strcmp(kk_paths_tilde("rel/dir", "/home/a", b, sizeof b), "rel/dir"));
  KT_CHECK(!strcmp(kk_paths_tilde("/srv/x", NULL, b, sizeof b), "/srv/x"));
  KT_CHECK(!strcmp(kk_paths_tilde("/srv/x", "", b, sizeof b), "/srv/x"));
  KT_CHECK(!strcmp(kk_paths_tilde("/srv/x", "/", b, sizeof b), "/srv/x")); /* not ~srv/x */
  char small[8];                                                           /* 7 bytes fit */
  KT_CHECK(!strcmp(kk_paths_tilde("/home/a/同期", "/home/a", small, sizeof small), "~/同"));
  KT_CHECK(!strcmp(kk_paths_tilde("/abcdefghij", NULL, small, sizeof small), "/abcdef"));
}

/* kk_store_day_start_hour: the one reader of the study day's start; the
** caller's default when none is stored or what is stored is no hour. */
static void test_day_start_hour(void) {
  kk_Store *s = NULL;
  kk_Err e;
  KT_REQUIRE(kk_store_open(subdir("daystart"), &e, &s) == KK_OK);
  KT_CHECK(kk_store_day_start_hour(s, KK_DAY_START_DEFAULT) == 4);
  KT_CHECK(kk_store_day_start_hour(s, 7) == 7);
  KT_CHECK(kk_store_set_day_start_hour(s, 0, &e) == KK_OK);
  KT_CHECK(kk_store_day_start_hour(s, KK_DAY_START_DEFAULT) == 0);
  KT_CHECK(kk_store_set_day_start_hour(s, 23, &e) == KK_OK);
  KT_CHECK(kk_store_day_start_hour(s, KK_DAY_START_DEFAULT) == 23);
  KT_CHECK(kk_store_set_day_start_hour(s, 24, &e) == KK_ERR_USAGE);
  KT_CHECK(kk_store_set_day_start_hour(s, -1, &e) == KK_ERR_USAGE);
  KT_CHECK(kk_store_day_start_hour(s, KK_DAY_START_DEFAULT) == 23);
  static const char *const junk[] = {"24", "-1", "4h", "", "0x3", "99999999999999999999"};
  for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
    KT_CHECK(kk_store_set_setting(s, "day_start_hour", junk[i], &e) == KK_OK);
    KT_CHECK(kk_store_day_start_hour(s, 6) == 6);
  }
  kk_store_close(s);
}

static void test_mkdir_modes(void) {
  kk_Err e;
  char dir[512], file[600];
  snprintf(dir, sizeof dir, "%s/p1/p2/kioku/", tmpdir);
  mode_t old = umask(022);
  KT_CHECK(kk_paths_mkdir_p(dir, &e) == KK_OK);
  struct stat sb;
  KT_CHECK(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & 0777) == 0700);
  snprintf(dir, sizeof dir, "%s/p1", tmpdir);
  KT_CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700);
  /* Again: existing dirs are fine. */
  KT_CHECK(kk_paths_mkdir_p(dir, &e) == KK_OK);
  /* A file in the way is an error. */
  snprintf(file, sizeof file, "%s/afile", tmpdir);
  FILE *f = fopen(file, "w");
  if (f) fclose(f);
  snprintf(dir, sizeof dir, "%s/afile/sub", tmpdir);
  KT_CHECK(kk_paths_mkdir_p(dir, &e) == KK_ERR_IO);
  KT_CHECK(strstr(e.msg, "not a directory") != NULL);
  /* The store creates its dir 0700 and its file 0600 despite the umask. */
  umask(0);
  kk_Store *s = NULL;
  snprintf(dir, sizeof dir, "%s/q/data", tmpdir);
  KT_CHECK(kk_store_open(dir, &e, &s) == KK_OK);
  KT_CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700);
  snprintf(file, sizeof file, "%s/%s", dir, KK_STORE_FILE);
  KT_CHECK(stat(file, &sb) == 0 && (sb.st_mode & 0777) == 0600);
  kk_store_close(s);
  umask(old);
}

/* ---- store ---------------------------------------------------------------*/

static void test_open_pragmas(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("pragmas"), &e, &s) == KK_OK);
  if (!s) return;
  sqlite3 *db = kk_store_sqlite(s);
  KT_CHECK(query_int(db, "PRAGMA user_version") == KK_STORE_VERSION);
  KT_CHECK(query_text_is(db, "PRAGMA journal_mode", "wal"));
  KT_CHECK(query_int(db, "PRAGMA synchronous") == 2); /* FULL */
  KT_CHECK(query_int(db, "PRAGMA busy_timeout") == KK_STORE_BUSY_MS);
  KT_CHECK(strstr(kk_store_path(s), KK_STORE_FILE) != NULL);
  kk_store_close(s);
  kk_store_close(NULL);
}

/* kk_store_stmt: a statement handed back is reset, its bindings cleared,
** and handed out again; asked for while in use (a callback asking for the
** statement whose rows it is called from), a second one that reads its
** own rows; past the cache's size, fresh ones that still work. */
static void test_stmt_cache(void) {
  kk_Store *s = NULL;
  kk_Err e;
  KT_REQUIRE(kk_store_open(subdir("stmtcache"), &e, &s) == KK_OK);
  const char *sql = "SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2) WHERE ?1 IS NULL "
                    "OR value = ?1 ORDER BY value";
  sqlite3_stmt *a = NULL, *b = NULL, *c = NULL;
  KT_REQUIRE(kk_store_stmt(s, sql, &a) == SQLITE_OK && a);
  sqlite3_bind_int(a, 1, 2);
  KT_CHECK(sqlite3_step(a) == SQLITE_ROW && sqlite3_column_int(a, 0) == 2);
  /* in use: another statement, with its own rows */
  KT_REQUIRE(kk_store_stmt(s, sql, &b) == SQLITE_OK && b && b != a);
  KT_CHECK(sqlite3_step(b) == SQLITE_ROW && sqlite3_column_int(b, 0) == 1);
  kk_store_stmt_done(s, b);
  kk_store_stmt_done(s, a); /* left mid-rows: reset */
  KT_REQUIRE(kk_store_stmt(s, sql, &c) == SQLITE_OK);
  KT_CHECK(c == a || c == b); /* from the cache */
  /* reset and unbound: both rows from the first */
  KT_CHECK(sqlite3_step(c) == SQLITE_ROW && sqlite3_column_int(c, 0) == 1);
  KT_CHECK(sqlite3_step(c) == SQLITE_ROW && sqlite3_column_int(c, 0) == 2);
  KT_CHECK(sqlite3_step(c) == SQLITE_DONE);
  /* more distinct statements than the cache holds, all in use at once */
  enum { MANY = 80 };
  sqlite3_stmt *q[MANY];
  for (int i = 0; i < MANY; i++) {
    char text[64];
    snprintf(text, sizeof text, "SELECT %d", i);
    q[i] = NULL;
    KT_CHECK(kk_store_stmt(s, text, &q[i]) == SQLITE_OK && q[i]);
  }
  int good = 0;
  for (int i = 0; i < MANY; i++)
    good += q[i] && sqlite3_step(q[i]) == SQLITE_ROW && sqlite3_column_int(q[i], 0) == i;
  KT_CHECK(good == MANY);
  for (int i = 0; i < MANY; i++) kk_store_stmt_done(s, q[i]);
  kk_store_stmt_done(s, c);
  /* a statement SQLite refuses */
  sqlite3_stmt *bad = NULL;
  KT_CHECK(kk_store_stmt(s, "SELEC nothing", &bad) != SQLITE_OK && bad == NULL);
  kk_store_stmt_done(s, bad);
  kk_store_close(s); /* finalizes the cache: ASan reports a leak if not */
}

static void test_state_roundtrip(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("state"), &e, &s) == KK_OK);
  if (!s) return;
  kk_CardState got, a = sample_state(3), b = sample_state(8);
  int found = -1;
  KT_CHECK(kk_store_get_state(s, "x-001", &e, &got, &found) == KK_OK);
  KT_CHECK(found == 0 && got.phase == KK_PHASE_NEW && got.reps == 0);
  KT_CHECK(kk_store_put_state(s, "x-001", "deckA", &a, &e) == KK_OK);
  KT_CHECK(kk_store_put_state(s, "記憶-2#c1", "deckB", &b, &e) == KK_OK);
  KT_CHECK(kk_store_get_state(s, "x-001", &e, &got, &found) == KK_OK);
  KT_CHECK(found == 1 && state_eq(&got, &a));
  KT_CHECK(kk_store_get_state(s, "記憶-2#c1", &e, &got, &found) == KK_OK);
  KT_CHECK(found == 1 && state_eq(&got, &b));
  /* Overwrite. */
  KT_CHECK(kk_store_put_state(s, "x-001", "deckA", &b, &e) == KK_OK);
  KT_CHECK(kk_store_get_state(s, "x-001", &e, &got, &found) == KK_OK);
  KT_CHECK(state_eq(&got, &b));
  /* Bad keys are refused, not stored. */
  KT_CHECK(kk_store_put_state(s, "", "deckA", &a, &e) == KK_ERR_USAGE);
  char longkey[400];
  memset(longkey, 'k', sizeof longkey - 1);
  longkey[sizeof longkey - 1] = '\0';
  KT_CHECK(kk_store_put_state(s, longkey, "deckA", &a, &e) == KK_ERR_LIMIT);
  kk_store_close(s);
}

typedef struct {
  int n;
  char keys[8][64];
  char decks[8][64];
  kk_StoreReview r[8];
} Collect;

static int collect_review(void *ud, const kk_StoreReview *r) {
  Collect *c = ud;
  if (c->n < 8) {
    snprintf(c->keys[c->n], 64, "%s", r->item_key);
    snprintf(c->decks[c->n], 64, "%s|%s", r->card_id, r->deck_id);
    c->r[c->n] = *r;
  }
  c->n++;
  return 0;
}

static int collect_state(void *ud, const char *key, const char *deck, const kk_CardState *st) {
  Collect *c = ud;
  if (c->n < 8) {
    snprintf(c->keys[c->n], 64, "%s", key);
    snprintf(c->decks[c->n], 64, "%s", deck);
    c->r[c->n].before = *st;
  }
  c->n++;
  return 0;
}

static int stop_at_first(void *ud, const kk_StoreReview *r) {
  (*(int *)ud)++;
  return 1;
}

static void test_review_and_undo(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("review"), &e, &s) == KK_OK);
  if (!s) return;
  const char *keys[3] = {"c-1", "c-2#rev", "c-3#c12"};
  kk_CardState states[4];
  states[0] = (kk_CardState){0};
  for (int i = 1; i < 4; i++) states[i] = sample_state(i);
  /* c-1 reviewed three times, then c-2#rev and c-3#c12 once each. */
  for (int i = 0; i < 3; i++) {
    kk_ReviewLog l = sample_log(i);
    KT_CHECK(kk_store_record_review(s, "c-1", "deckA", &states[i], &states[i + 1], &l, &e) ==
             KK_OK);
  }
  kk_ReviewLog l3 = sample_log(10), l4 = sample_log(11);
  kk_CardState z = {0};
  KT_CHECK(kk_store_record_review(s, keys[1], "deckB", &z, &states[2], &l3, &e) == KK_OK);
  KT_CHECK(kk_store_record_review(s, keys[2], "deckB", &z, &states[3], &l4, &e) == KK_OK);
  int64_t n = 0;
  KT_CHECK(kk_store_review_count(s, NULL, &e, &n) == KK_OK && n == 5);
  KT_CHECK(kk_store_review_count(s, "deckB", &e, &n) == KK_OK && n == 2);

  Collect c = {0};
  KT_CHECK(kk_store_each_review(s, NULL, 0, collect_review, &c, &e) == KK_OK);
  KT_CHECK(c.n == 5);
  KT_CHECK_STR(c.keys[0], "c-1");
  KT_CHECK_STR(c.keys[4], "c-3#c12");
  KT_CHECK_STR(c.decks[3], "c-2|deckB"); /* card id without the #rev suffix */
  KT_CHECK_STR(c.decks[4], "c-3|deckB");
  kk_ReviewLog want = sample_log(1);
  KT_CHECK(
      c.r[1].log.time_ms == want.time_ms && c.r[1].log.rating == want.rating &&
      c.r[1].log.elapsed_days == want.elapsed_days && c.r[1].log.duration_ms == want.duration_ms &&
      c.r[1].log.phase_before == want.phase_before && c.r[1].log.phase_after == want.phase_after &&
      c.r[1].log.stability == want.stability && c.r[1].log.difficulty == want.difficulty &&
      c.r[1].log.interval_days == want.interval_days && c.r[1].log.scheduler == want.scheduler);
  KT_CHECK(state_eq(&c.r[2].before, &states[2]));
  KT_CHECK(c.r[0].id < c.r[1].id && c.r[3].id < c.r[4].id);
  /* Filters: deck and time. */
  c.n = 0;
  KT_CHECK(kk_store_each_review(s, "deckA", sample_log(1).time_ms, collect_review, &c, &e) ==
           KK_OK);
  KT_CHECK(c.n == 2);
  int stops = 0;
  KT_CHECK(kk_store_each_review(s, NULL, 0, stop_at_first, &stops, &e) == KK_OK);
  KT_CHECK(stops == 1);

  /* Undo the newest three, one at a time. */
  kk_StoreUndo u;
  kk_CardState got;
  int found;
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK);
  KT_CHECK_STR(u.item_key, keys[2]);
  KT_CHECK(u.log.time_ms == l4.time_ms);
  KT_CHECK(kk_store_get_state(s, keys[2], &e, &got, &found) == KK_OK && state_eq(&got, &z));
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK);
  KT_CHECK_STR(u.item_key, keys[1]);
  KT_CHECK_STR(u.deck_id, "deckB");
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_OK);
  KT_CHECK_STR(u.item_key, "c-1");
  KT_CHECK(state_eq(&u.restored, &states[2]));
  KT_CHECK(kk_store_get_state(s, "c-1", &e, &got, &found) == KK_OK && state_eq(&got, &states[2]));
  KT_CHECK(kk_store_review_count(s, NULL, &e, &n) == KK_OK && n == 2);
  KT_CHECK(kk_store_undo_last(s, &e, NULL) == KK_OK);
  KT_CHECK(kk_store_undo_last(s, &e, NULL) == KK_OK);
  KT_CHECK(kk_store_get_state(s, "c-1", &e, &got, &found) == KK_OK && state_eq(&got, &states[0]));
  KT_CHECK(kk_store_undo_last(s, &e, &u) == KK_ERR_NOTFOUND);
  /* Recording after undo works and numbering continues. */
  KT_CHECK(kk_store_record_review(s, "c-1", "deckA", &states[0], &states[1], &l3, &e) == KK_OK);
  KT_CHECK(kk_store_review_count(s, NULL, &e, &n) == KK_OK && n == 1);
  kk_store_close(s);
}

static void test_suspend_bury_iterate(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("suspend"), &e, &s) == KK_OK);
  if (!s) return;
  kk_CardState a = sample_state(2), got;
  a.suspended = 0;
  int found;
  KT_CHECK(kk_store_put_state(s, "b-1", "d1", &a, &e) == KK_OK);
  KT_CHECK(kk_store_set_suspended(s, "b-1", "d1", 1, &e) == KK_OK);
  KT_CHECK(kk_store_get_state(s, "b-1", &e, &got, &found) == KK_OK);
  KT_CHECK(got.suspended == 1 && got.reps == a.reps && got.stability == a.stability);
  KT_CHECK(kk_store_set_suspended(s, "b-1", "d1", 0, &e) == KK_OK);
  KT_CHECK(kk_store_get_state(s, "b-1", &e, &got, &found) == KK_OK && got.suspended == 0);
  /* Suspending a never-seen item creates a new, suspended state. */
  KT_CHECK(kk_store_set_suspended(s, "a-9", "d2", 1, &e) == KK_OK);
  KT_CHECK(kk_store_get_state(s, "a-9", &e, &got, &found) == KK_OK);
  KT_CHECK(found && got.suspended == 1 && got.phase == KK_PHASE_NEW && got.reps == 0);
  KT_CHECK(kk_store_bury(s, "b-1", "d1", 12345, &e) == KK_OK);
  KT_CHECK(kk_store_get_state(s, "b-1", &e, &got, &found) == KK_OK);
  KT_CHECK(got.buried_until_ms == 12345 && got.reps == a.reps);
  KT_CHECK(kk_store_bury(s, "b-1", "d1", 0, &e) == KK_OK);
  KT_CHECK(kk_store_get_state(s, "b-1", &e, &got, &found) == KK_OK && got.buried_until_ms == 0);

  Collect c = {0};
  KT_CHECK(kk_store_each_state(s, NULL, collect_state, &c, &e) == KK_OK);
  KT_CHECK(c.n == 2);
  KT_CHECK_STR(c.keys[0], "a-9");
  KT_CHECK_STR(c.decks[0], "d2");
  KT_CHECK_STR(c.keys[1], "b-1");
  KT_CHECK(c.r[1].before.stability == a.stability);
  c.n = 0;
  KT_CHECK(kk_store_each_state(s, "d1", collect_state, &c, &e) == KK_OK);
  KT_CHECK(c.n == 1);
  KT_CHECK_STR(c.keys[0], "b-1");
  kk_store_close(s);
}

static void test_settings(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("settings"), &e, &s) == KK_OK);
  if (!s) return;
  char *v = (char *)"sentinel";
  KT_CHECK(kk_store_get_setting(s, "ui.theme", &e, &v) == KK_OK && v == NULL);
  KT_CHECK(kk_store_set_setting(s, "ui.theme", "dark", &e) == KK_OK);
  KT_CHECK(kk_store_set_setting(s, "deck_dirs", "/a\n/b/記憶", &e) == KK_OK);
  KT_CHECK(kk_store_get_setting(s, "ui.theme", &e, &v) == KK_OK);
  KT_CHECK_STR(v, "dark");
  kk_free(v);
  KT_CHECK(kk_store_get_setting(s, "deck_dirs", &e, &v) == KK_OK);
  KT_CHECK_STR(v, "/a\n/b/記憶");
  kk_free(v);
  KT_CHECK(kk_store_set_setting(s, "ui.theme", NULL, &e) == KK_OK);
  KT_CHECK(kk_store_get_setting(s, "ui.theme", &e, &v) == KK_OK && v == NULL);

  kk_StoreDeckSettings ds, got;
  int found = -1;
  KT_CHECK(kk_store_get_deck_settings(s, "sec-101", &e, &got, &found) == KK_OK);
  KT_CHECK(found == 0 && got.new_per_day == -1 && got.scheduler == -1 && got.retention == 0);
  memset(&ds, 0, sizeof ds);
  ds.retention = 0.85;
  ds.new_per_day = 15;
  ds.reviews_per_day = 150;
  ds.max_interval_days = 365;
  ds.scheduler = KK_SCHED_SM2;
  snprintf(ds.exam_date, sizeof ds.exam_date, "2027-01-20");
  KT_CHECK(kk_store_put_deck_settings(s, "sec-101", &ds, &e) == KK_OK);
  KT_CHECK(kk_store_get_deck_settings(s, "sec-101", &e, &got, &found) == KK_OK);
  KT_CHECK(found == 1 && got.retention == 0.85 && got.new_per_day == 15 &&
           got.reviews_per_day == 150 && got.max_interval_days == 365 &&
           got.scheduler == KK_SCHED_SM2);
  KT_CHECK_STR(got.exam_date, "2027-01-20");
  kk_store_close(s);
  /* Settings persist across reopen. */
  KT_CHECK(kk_store_open(subdir("settings"), &e, &s) == KK_OK);
  if (!s) return;
  KT_CHECK(kk_store_get_setting(s, "deck_dirs", &e, &v) == KK_OK);
  KT_CHECK_STR(v, "/a\n/b/記憶");
  kk_free(v);
  kk_store_close(s);
}

/* Writes rows a store of `version` could hold, with raw SQL of that
** version's schema. */
static int fill_version(sqlite3 *db, int version) {
  int rc = sqlite3_exec(
      db,
      "INSERT INTO item_state(item_key,deck_id,phase,stability,difficulty,reps,due_ms)"
      " VALUES('old-1#c2','olddeck',2,12.5,4.25,3,1700000000000);"
      "INSERT INTO review_log(item_key,card_id,deck_id,time_ms,rating,elapsed_days,"
      "duration_ms,phase_before,phase_after,stability,difficulty,interval_days,scheduler)"
      " VALUES('old-1#c2','old-1','olddeck',1690000000000,3,2.0,4000,2,2,12.5,4.25,12,0);"
      "INSERT INTO setting(key,value) VALUES('ui.zoom','1.5');",
      NULL, NULL, NULL);
  if (rc == SQLITE_OK && version >= 2)
    rc = sqlite3_exec(db,
                      "INSERT INTO deck_setting(deck_id,retention) VALUES('olddeck',0.8);"
                      "INSERT INTO exam_attempt(exam_id,spec_hash,student_name,student_no,seed,"
                      "started_ms,deadline_ms,paper) VALUES('e1','h','Name','s1',7,1,2,'[]');",
                      NULL, NULL, NULL);
  return rc;
}

static void test_migrations(void) {
  kk_Err e;
  for (int v = 1; v <= KK_STORE_VERSION; v++) {
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/mig%d", tmpdir, v);
    snprintf(path, sizeof path, "%s/%s", dir, KK_STORE_FILE);
    KT_CHECK(kk_paths_mkdir_p(dir, &e) == KK_OK);
    KT_CHECK(kk_store_create_version(path, v, &e) == KK_OK);
    sqlite3 *db = NULL;
    KT_CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    KT_CHECK(query_int(db, "PRAGMA user_version") == v);
    /* Version v has exactly its own tables: v1 lacks deck_setting. */
    KT_CHECK(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name='deck_setting'") ==
             (v >= 2));
    KT_CHECK(fill_version(db, v) == SQLITE_OK);
    sqlite3_close(db);

    kk_Store *s = NULL;
    KT_CHECK(kk_store_open(dir, &e, &s) == KK_OK);
    if (!s) continue;
    db = kk_store_sqlite(s);
    KT_CHECK(query_int(db, "PRAGMA user_version") == KK_STORE_VERSION);
    KT_CHECK(query_text_is(db, "PRAGMA integrity_check", "ok"));
    /* Old data is intact and usable through the API. */
    kk_CardState got;
    int found = 0;
    KT_CHECK(kk_store_get_state(s, "old-1#c2", &e, &got, &found) == KK_OK);
    KT_CHECK(found && got.phase == KK_PHASE_REVIEW && got.stability == 12.5 && got.reps == 3);
    int64_t n = 0;
    KT_CHECK(kk_store_review_count(s, "olddeck", &e, &n) == KK_OK && n == 1);
    char *z = NULL;
    KT_CHECK(kk_store_get_setting(s, "ui.zoom", &e, &z) == KK_OK);
    KT_CHECK_STR(z, "1.5");
    kk_free(z);
    kk_StoreDeckSettings ds;
    KT_CHECK(kk_store_get_deck_settings(s, "olddeck", &e, &ds, &found) == KK_OK);
    KT_CHECK(found == (v >= 2));
    /* Every current table and index works after the migration. */
    KT_CHECK(query_int(db, "SELECT count(*) FROM exam_attempt") == (v >= 2));
    KT_CHECK(query_int(db, "SELECT count(*) FROM exam_answer") == 0);
    KT_CHECK(query_int(db, "SELECT count(*) FROM sqlite_master WHERE type='index' AND"
                           " name='review_log_time'") == 1);
    kk_ReviewLog l = sample_log(1);
    kk_CardState b = got, a = sample_state(4);
    KT_CHECK(kk_store_record_review(s, "old-1#c2", "olddeck", &b, &a, &l, &e) == KK_OK);
    KT_CHECK(kk_store_undo_last(s, &e, NULL) == KK_OK);
    KT_CHECK(kk_store_get_state(s, "old-1#c2", &e, &got, &found) == KK_OK && state_eq(&got, &b));
    kk_store_close(s);
  }
  /* A store from a newer Kioku is refused, untouched. */
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("newer"), &e, &s) == KK_OK);
  if (s) {
    sqlite3_exec(kk_store_sqlite(s), "PRAGMA user_version=99", NULL, NULL, NULL);
    kk_store_close(s);
  }
  KT_CHECK(kk_store_open(subdir("newer"), &e, &s) == KK_ERR_INVALID);
  KT_CHECK(s == NULL && strstr(e.msg, "newer") != NULL);
  KT_CHECK(kk_store_create_version(subdir("x.db"), KK_STORE_VERSION + 1, &e) == KK_ERR_USAGE);
}

static void test_busy(void) {
  kk_Err e;
  kk_Store *a = NULL, *b = NULL;
  KT_CHECK(kk_store_open(subdir("busy"), &e, &a) == KK_OK);
  if (!a) return;
  /* Two stores on one dir both work while nobody holds a write lock. */
  KT_CHECK(kk_store_open(subdir("busy"), &e, &b) == KK_OK);
  if (!b) {
    kk_store_close(a);
    return;
  }
  kk_CardState z = {0}, st = sample_state(1);
  kk_ReviewLog l = sample_log(1);
  KT_CHECK(kk_store_record_review(a, "k1", "d", &z, &st, &l, &e) == KK_OK);
  KT_CHECK(kk_store_record_review(b, "k2", "d", &z, &st, &l, &e) == KK_OK);
  int64_t n = 0;
  KT_CHECK(kk_store_review_count(a, NULL, &e, &n) == KK_OK && n == 2);
  /* A writer that holds the lock past the timeout: a clear busy error. */
  KT_CHECK(sqlite3_exec(kk_store_sqlite(a), "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
  KT_CHECK(kk_store_record_review(b, "k3", "d", &z, &st, &l, &e) == KK_ERR_BUSY);
  KT_CHECK(strstr(e.msg, "in use by another Kioku") != NULL);
  KT_CHECK(strstr(e.msg, subdir("busy")) != NULL);
  kk_Store *c = NULL;
  /* Opening checks the schema in a write transaction: busy too. */
  KT_CHECK(kk_store_open(subdir("busy"), &e, &c) == KK_ERR_BUSY && c == NULL);
  KT_CHECK(sqlite3_exec(kk_store_sqlite(a), "COMMIT", NULL, NULL, NULL) == SQLITE_OK);
  KT_CHECK(kk_store_record_review(b, "k3", "d", &z, &st, &l, &e) == KK_OK);
  KT_CHECK(kk_store_review_count(a, NULL, &e, &n) == KK_OK && n == 3);
  kk_store_close(b);
  kk_store_close(a);
}

static void test_export(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("export"), &e, &s) == KK_OK);
  if (!s) return;
  kk_CardState z = {0}, st = sample_state(1);
  const char *keys[4] = {"q-2", "q-1", "q-2", "q-1#rev"};
  for (int i = 0; i < 4; i++) {
    kk_ReviewLog l = sample_log(i);
    KT_CHECK(kk_store_record_review(s, keys[i], "d", &z, &st, &l, &e) == KK_OK);
  }
  char path[600];
  snprintf(path, sizeof path, "%s/export/rev.csv", tmpdir);
  KT_CHECK(kk_revlog_export(s, path, 0, &e) == KK_OK);
  char *csv = kt_read_file(path, NULL);
  KT_CHECK(csv != NULL);
  if (csv) {
    char want[1024];
    int n = snprintf(want, sizeof want,
                     "card_id,review_time,review_rating,review_state,review_duration\n");
    const int ids[4] = {1, 2, 1, 3};
    for (int i = 0; i < 4; i++) {
      kk_ReviewLog l = sample_log(i);
      n += snprintf(want + n, sizeof want - (size_t)n, "%d,%lld,%d,%d,%lld\n", ids[i],
                    (long long)l.time_ms, (int)l.rating, (int)l.phase_before,
                    (long long)l.duration_ms);
    }
    KT_CHECK_STR(csv, want);
    free(csv);
  }
  /* Refuses to overwrite without force; overwrites with it. */
  FILE *f = fopen(path, "w");
  if (f) {
    fputs("precious\n", f);
    fclose(f);
  }
  KT_CHECK(kk_revlog_export(s, path, 0, &e) == KK_ERR_EXISTS);
  csv = kt_read_file(path, NULL);
  KT_CHECK(csv && strcmp(csv, "precious\n") == 0);
  free(csv);
  KT_CHECK(kk_revlog_export(s, path, 1, &e) == KK_OK);
  csv = kt_read_file(path, NULL);
  KT_CHECK(csv && strncmp(csv, "card_id,", 8) == 0);
  free(csv);
  kk_store_close(s);
}

static void test_not_a_database(void) {
  kk_Err e;
  char d[512], path[600];
  snprintf(d, sizeof d, "%s/garbage", tmpdir);
  KT_CHECK(kk_paths_mkdir_p(d, &e) == KK_OK);
  snprintf(path, sizeof path, "%s/%s", d, KK_STORE_FILE);
  FILE *f = fopen(path, "wb");
  if (f) {
    for (int i = 0; i < 4096; i++) fputc("garbage!"[i % 8], f);
    fclose(f);
  }
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(d, &e, &s) == KK_ERR_DB && s == NULL);
  KT_CHECK(strstr(e.msg, "not a database") != NULL);
  KT_CHECK(strstr(e.path, KK_STORE_FILE) != NULL);
  /* The file is left alone for the user to inspect. */
  char *txt = kt_read_file(path, NULL);
  KT_CHECK(txt && strncmp(txt, "garbage!", 8) == 0);
  free(txt);
}

static void test_oom(void) {
  /* Every allocation failure of open gives an error, never a crash. */
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("oom"), &e, &s) == KK_OK); /* creates it */
  kk_store_close(s);
  s = NULL;
  kk_alloc_fail_after(0);
  KT_CHECK(kk_store_open(subdir("oom"), &e, &s) == KK_OK);
  size_t n = kk_alloc_fail_after(0);
  kk_store_close(s);
  for (size_t i = 1; i <= n; i++) {
    kk_alloc_fail_after(i);
    s = NULL;
    kk_Status st = kk_store_open(subdir("oom"), &e, &s);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_ERR_NOMEM && s == NULL);
    kk_store_close(s);
  }
  /* the same when the store is being created (a fresh folder each time) */
  char d[64];
  kk_alloc_fail_after(0);
  KT_CHECK(kk_store_open(subdir("oomc0"), &e, &s) == KK_OK);
  n = kk_alloc_fail_after(0);
  kk_store_close(s);
  for (size_t i = 1; i <= n; i++) {
    snprintf(d, sizeof d, "oomc%zu", i);
    kk_alloc_fail_after(i);
    s = NULL;
    kk_Status st = kk_store_open(subdir(d), &e, &s);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_ERR_NOMEM && s == NULL);
    kk_store_close(s);
  }
}

/* ---- creating, empty files, file systems without WAL (issue 19) ---------- */

static void test_created_flag(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("created"), &e, &s) == KK_OK);
  if (!s) return;
  KT_CHECK(kk_store_created(s) == 1);
  KT_CHECK(kk_store_journal_note(s) == NULL);
  kk_store_close(s);
  s = NULL;
  KT_CHECK(kk_store_open(subdir("created"), &e, &s) == KK_OK);
  KT_CHECK(s && kk_store_created(s) == 0);
  kk_store_close(s);
  /* no temporary is left beside the store */
  char cmd[700];
  snprintf(cmd, sizeof cmd, "ls '%s' | grep -q new-", subdir("created"));
  KT_CHECK(system(cmd) != 0);
}

static void test_empty_file(void) {
  kk_Err e;
  char d[512], path[600];
  snprintf(d, sizeof d, "%s/empty", tmpdir);
  KT_CHECK(kk_paths_mkdir_p(d, &e) == KK_OK);
  snprintf(path, sizeof path, "%s/%s", d, KK_STORE_FILE);
  FILE *f = fopen(path, "wb");
  if (f) fclose(f);
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(d, &e, &s) == KK_ERR_INVALID && s == NULL);
  KT_CHECK(strstr(e.path, KK_STORE_FILE) != NULL);
  KT_CHECK(strstr(e.msg, "empty (0 bytes)") != NULL);
  KT_CHECK(strstr(e.msg, "start afresh") != NULL && strstr(e.msg, path) != NULL);
  /* left as it was: still empty, nothing created over it */
  size_t len = 99;
  char *txt = kt_read_file(path, &len);
  KT_CHECK(txt && len == 0);
  free(txt);
  /* a directory in its place is refused too */
  KT_CHECK(remove(path) == 0);
  KT_CHECK(kk_paths_mkdir_p(path, &e) == KK_OK);
  KT_CHECK(kk_store_open(d, &e, &s) == KK_ERR_INVALID && strstr(e.msg, "regular") != NULL);
}

/* A VFS like the default one but without shared memory (as on file systems
** where SQLite cannot use WAL), or with shared memory that cannot be mapped. */
static sqlite3_vfs novfs, *real_vfs;
static int shm_fail_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp) {
  (void)f, (void)pg, (void)sz, (void)ext;
  *pp = NULL;
  return SQLITE_IOERR_SHMMAP;
}
static int shm_mode; /* 0: no shared memory at all; 1: mapping fails */
/* Each kind of file the real VFS opens keeps its own methods: one copy each. */
static sqlite3_io_methods shm_io[8];
static const sqlite3_io_methods *shm_real[8];
static int nshm;
static const sqlite3_io_methods *wrap_io(const sqlite3_io_methods *m) {
  for (int i = 0; i < nshm; i++)
    if (shm_real[i] == m) return &shm_io[i];
  if (nshm == 8) return m;
  shm_real[nshm] = m;
  shm_io[nshm] = *m;
  if (shm_mode) {
    shm_io[nshm].xShmMap = shm_fail_map;
  } else {
    shm_io[nshm].iVersion = 1;
    shm_io[nshm].xShmMap = NULL;
  }
  return &shm_io[nshm++];
}
static int shm_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags, int *out) {
  (void)v;
  int rc = real_vfs->xOpen(real_vfs, name, f, flags, out);
  if (rc == SQLITE_OK && f->pMethods) f->pMethods = wrap_io(f->pMethods);
  return rc;
}

static void no_wal_case(const char *name, int shm_fails) {
  kk_Err e;
  real_vfs = sqlite3_vfs_find(NULL);
  novfs = *real_vfs;
  novfs.zName = "kk-no-wal";
  novfs.xOpen = shm_open;
  shm_mode = shm_fails;
  nshm = 0;
  KT_CHECK(sqlite3_vfs_register(&novfs, 1) == SQLITE_OK);
  kk_Store *a = NULL, *b = NULL;
  KT_CHECK(kk_store_open(subdir(name), &e, &a) == KK_OK);
  if (!a) fprintf(stderr, "  %s\n", e.msg);
  KT_CHECK(a && kk_store_journal_note(a) && strstr(kk_store_journal_note(a), "rollback journal"));
  KT_CHECK(a && kk_store_journal_note(a) &&
           strstr(kk_store_journal_note(a), shm_fails ? "cannot map" : "does not support"));
  KT_CHECK(kk_store_open(subdir(name), &e, &b) == KK_OK);
  if (a && b) {
    kk_CardState z = {0}, st = sample_state(1);
    kk_ReviewLog l = sample_log(1);
    KT_CHECK(kk_store_record_review(a, "k1", "d", &z, &st, &l, &e) == KK_OK);
    KT_CHECK(kk_store_record_review(b, "k2", "d", &z, &st, &l, &e) == KK_OK);
    int64_t n = 0;
    KT_CHECK(kk_store_review_count(a, NULL, &e, &n) == KK_OK && n == 2);
  }
  kk_store_close(b);
  kk_store_close(a);
  sqlite3_vfs_unregister(&novfs);
  sqlite3_vfs_register(real_vfs, 1);
}

static void test_no_wal(void) {
  no_wal_case("nowal", 0);
  no_wal_case("noshm", 1);
}

/* ---- two windows on one store (issue 12) -------------------------------- */

static void test_two_windows(void) {
  kk_Err e;
  kk_Store *a = NULL, *b = NULL;
  KT_CHECK(kk_store_open(subdir("windows"), &e, &a) == KK_OK);
  KT_CHECK(kk_store_open(subdir("windows"), &e, &b) == KK_OK);
  if (!a || !b) {
    kk_store_close(a);
    kk_store_close(b);
    return;
  }
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  kk_Clock k = {1767258000000LL, 0, 4};
  kk_CardState zero = {0}, got;
  int found;
  /* both windows read w-1 as new; A answers, then B from its stale copy */
  kk_AnswerResult ra, rb, r2, r3;
  KT_CHECK(kk_answer_record(a, &c, NULL, "w-1", "d", &zero, KK_GOOD, &k, 1000, &e, &ra) == KK_OK);
  KT_CHECK(ra.recomputed == 0 && ra.review_id > 0);
  k.now_ms += 30000;
  KT_CHECK(kk_answer_record(b, &c, NULL, "w-1", "d", &zero, KK_GOOD, &k, 1000, &e, &rb) == KK_OK);
  KT_CHECK(rb.recomputed == 1);
  KT_CHECK(state_eq(&rb.before, &ra.after)); /* answered from A's result */
  KT_CHECK(kk_store_get_state(a, "w-1", &e, &got, &found) == KK_OK);
  KT_CHECK(got.reps == 2 && state_eq(&got, &rb.after)); /* both reviews count */
  int64_t n = 0;
  KT_CHECK(kk_store_review_count(a, NULL, &e, &n) == KK_OK && n == 2);
  /* the plain checked record refuses a stale state and says what is stored */
  kk_ReviewLog l = sample_log(1);
  kk_CardState cur;
  KT_CHECK(kk_store_record_review_if(a, "w-1", "d", &ra.after, &zero, &l, &e, NULL, &cur) ==
           KK_ERR_EXISTS);
  KT_CHECK(state_eq(&cur, &rb.after) && strstr(e.msg, "another window") != NULL);

  /* undo is per window: A takes back its w-2, not B's newer w-3 */
  KT_CHECK(kk_answer_record(a, &c, NULL, "w-2", "d", &zero, KK_GOOD, &k, 1000, &e, &r2) == KK_OK);
  KT_CHECK(kk_answer_record(b, &c, NULL, "w-3", "d", &zero, KK_GOOD, &k, 1000, &e, &r3) == KK_OK);
  kk_StoreUndo u;
  KT_CHECK(kk_store_undo_review(a, r2.review_id, &e, &u) == KK_OK);
  KT_CHECK_STR(u.item_key, "w-2");
  KT_CHECK(kk_store_get_state(a, "w-2", &e, &got, &found) == KK_OK && state_eq(&got, &zero));
  KT_CHECK(kk_store_get_state(a, "w-3", &e, &got, &found) == KK_OK && state_eq(&got, &r3.after));
  KT_CHECK(kk_store_undo_review(a, r2.review_id, &e, &u) == KK_ERR_NOTFOUND);
  /* A's w-1 answer was followed by B's: it cannot be taken back alone */
  KT_CHECK(kk_store_undo_review(a, ra.review_id, &e, &u) == KK_ERR_EXISTS);
  KT_CHECK(kk_store_get_state(a, "w-1", &e, &got, &found) == KK_OK && state_eq(&got, &rb.after));
  /* once B takes back its own, A can */
  KT_CHECK(kk_store_undo_review(b, rb.review_id, &e, &u) == KK_OK);
  KT_CHECK(kk_store_undo_review(a, ra.review_id, &e, &u) == KK_OK);
  KT_CHECK(kk_store_get_state(a, "w-1", &e, &got, &found) == KK_OK && state_eq(&got, &zero));
  KT_CHECK(kk_store_review_count(a, NULL, &e, &n) == KK_OK && n == 1); /* B's w-3 */
  kk_store_close(b);
  kk_store_close(a);
}

/* A leech is reported by the answer and suspended by default. */
static void test_leech_answer(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_CHECK(kk_store_open(subdir("leech"), &e, &s) == KK_OK);
  if (!s) return;
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  KT_CHECK(c.leech_action == KK_LEECH_SUSPEND && c.leech_threshold == 8);
  kk_Clock k = {1767258000000LL, 0, 4};
  kk_CardState st = {0};
  kk_AnswerResult r;
  int leech_at = 0, reports = 0;
  for (int i = 0; i < 40 && !st.suspended; i++) {
    /* graduate, then forget it once it is due */
    kk_Rating g = st.phase == KK_PHASE_REVIEW ? KK_AGAIN : KK_EASY;
    if (st.due_ms > k.now_ms) k.now_ms = st.due_ms;
    KT_CHECK(kk_answer_record(s, &c, NULL, "l-1", "d", &st, g, &k, 0, &e, &r) == KK_OK);
    if (r.events & KK_SCHED_EV_LEECH) reports++, leech_at = r.after.lapses;
    st = r.after;
  }
  KT_CHECK(reports == 1 && leech_at == 8);
  KT_CHECK(st.suspended && st.leech);
  kk_store_close(s);
}

/* A store whose item state was edited to numbers no Kioku writes (a due
** date at the end of int64_t, reps at INT_MAX, a phase that does not
** exist): read back as the nearest state Kioku could have written, so
** answering the item does not overflow the scheduler's arithmetic (it did:
** undefined behaviour under UBSan). */
static void test_damaged_state(void) {
  kk_Err e;
  kk_Store *s = NULL;
  KT_REQUIRE(kk_store_open(subdir("damaged"), &e, &s) == KK_OK);
  kk_CardState st = {0};
  st.phase = KK_PHASE_REVIEW;
  st.stability = 3;
  st.difficulty = 5;
  KT_CHECK(kk_store_put_state(s, "dmg-1", "d", &st, &e) == KK_OK);
  KT_CHECK(sqlite3_exec(kk_store_sqlite(s),
                        "UPDATE item_state SET due_ms = 9223372036854775807, "
                        "last_review_ms = -9223372036854775808, buried_until_ms = "
                        "9223372036854775807, reps = 2147483647, lapses = -5, stability = 1e308, "
                        "difficulty = -1, interval_days = 1e300, phase = 7, step = 99, "
                        "suspended = 5",
                        NULL, NULL, NULL) == SQLITE_OK);
  int found = 0;
  KT_CHECK(kk_store_get_state(s, "dmg-1", &e, &st, &found) == KK_OK && found);
  KT_CHECK(st.due_ms == KK_TIME_MAX_MS && st.last_review_ms == 0 &&
           st.buried_until_ms == KK_TIME_MAX_MS);
  KT_CHECK(st.reps == KK_STATE_MAX_COUNT && st.lapses == 0);
  KT_CHECK(st.stability == KK_FSRS_S_MAX && st.difficulty == 0);
  KT_CHECK(st.interval_days <= KK_TIME_MAX_MS / 86400000.0);
  KT_CHECK(st.phase == KK_PHASE_NEW && st.step == KK_SCHED_MAX_STEPS && st.suspended == 1);
  /* answering it works from there (suspension is the caller's business) */
  st.suspended = 0;
  kk_SchedConfig c;
  kk_sched_config_default(&c);
  kk_Clock k = {1767258000000LL, 540, 4};
  kk_AnswerResult r;
  KT_CHECK(kk_answer_record(s, &c, NULL, "dmg-1", "d", &st, KK_GOOD, &k, 0, &e, &r) == KK_OK);
  KT_CHECK(kk_time_ok(r.after.due_ms) && r.after.due_ms >= k.now_ms);
  kk_store_close(s);
}

/* Several processes opening a store that does not exist yet, at once: all
** open it, exactly one made it, none sees a half-made file. */
static void test_create_race(void) {
  enum { NPROC = 4 };
  pid_t pids[NPROC];
  int made = 0, ok = 0;
  for (int round = 0; round < 5; round++) {
    char name[32];
    snprintf(name, sizeof name, "race%d", round);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", subdir(name));
    for (int i = 0; i < NPROC; i++) {
      pids[i] = fork();
      if (pids[i] == 0) {
        kk_Err e;
        kk_Store *s = NULL;
        int rc = kk_store_open(dir, &e, &s) == KK_OK ? (kk_store_created(s) ? 10 : 11) : 1;
        if (rc == 1) fprintf(stderr, "  %s\n", e.msg);
        kk_store_close(s);
        _exit(rc);
      }
    }
    int round_made = 0;
    for (int i = 0; i < NPROC; i++) {
      int st = 0;
      if (pids[i] > 0 && waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st)) {
        ok += WEXITSTATUS(st) >= 10;
        round_made += WEXITSTATUS(st) == 10;
      }
    }
    made += round_made == 1;
  }
  KT_CHECK(ok == 5 * NPROC);
  KT_CHECK(made == 5);
}

int main(void) {
  make_tmpdir();
  KT_RUN(test_data_dir_order);
  KT_RUN(test_mkdir_modes);
  KT_RUN(test_open_pragmas);
  KT_RUN(test_stmt_cache);
  KT_RUN(test_paths_tilde);
  KT_RUN(test_paths_plain_name);
  KT_RUN(test_day_start_hour);
  KT_RUN(test_state_roundtrip);
  KT_RUN(test_review_and_undo);
  KT_RUN(test_suspend_bury_iterate);
  KT_RUN(test_settings);
  KT_RUN(test_migrations);
  KT_RUN(test_busy);
  KT_RUN(test_export);
  KT_RUN(test_not_a_database);
  KT_RUN(test_oom);
  KT_RUN(test_created_flag);
  KT_RUN(test_create_race);
  KT_RUN(test_empty_file);
  KT_RUN(test_no_wal);
  KT_RUN(test_two_windows);
  KT_RUN(test_leech_answer);
  KT_RUN(test_damaged_state);
  kt_rm_rf(tmpdir);
  return kt_done();
}
