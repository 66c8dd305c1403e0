/*
** store.c -- the SQLite progress store.
**
** Divisions of this file:
**   schema       the DDL of every schema version, as forward migrations
**   state I/O    the one place that maps kk_CardState to columns
**   open/close   pragmas, migration, prepared statements
**   reviews      record, undo, suspend, bury
**   iteration    states and the log
**   settings     deck settings and key/value settings
*/
#define _GNU_SOURCE /* renameat2 */
#include "core/study/store.h"
#include "core/base/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/date.h"
#include "core/deck/deck.h"
#include "core/study/fsrs.h"
#include "core/study/sched.h"
#include "core/base/paths.h"

/* ==== schema ===============================================================
** MIGRATIONS[v-1] takes a store from version v-1 to v.  A new store runs
** them all.  Never edit a step once released: add one.  The columns of
** item_state and of the review log's before-state ("b_" prefix) must match
** STATE_FIELDS below; a field added to kk_CardState needs a step such as
**   ALTER TABLE item_state ADD COLUMN x REAL NOT NULL DEFAULT 0;
**   ALTER TABLE review_log ADD COLUMN b_x REAL NOT NULL DEFAULT 0;
** and a line in STATE_FIELDS. */
static const char *const MIGRATIONS[KK_STORE_VERSION] = {
    /* 1: item states, the review log, key/value settings */
    "CREATE TABLE item_state("
    " item_key TEXT PRIMARY KEY NOT NULL,"
    " deck_id TEXT NOT NULL,"
    " phase INTEGER NOT NULL DEFAULT 0,"
    " stability REAL NOT NULL DEFAULT 0,"
    " difficulty REAL NOT NULL DEFAULT 0,"
    " ease REAL NOT NULL DEFAULT 0,"
    " interval_days REAL NOT NULL DEFAULT 0,"
    " due_ms INTEGER NOT NULL DEFAULT 0,"
    " last_review_ms INTEGER NOT NULL DEFAULT 0,"
    " step INTEGER NOT NULL DEFAULT 0,"
    " reps INTEGER NOT NULL DEFAULT 0,"
    " lapses INTEGER NOT NULL DEFAULT 0,"
    " suspended INTEGER NOT NULL DEFAULT 0,"
    " leech INTEGER NOT NULL DEFAULT 0,"
    " buried_until_ms INTEGER NOT NULL DEFAULT 0"
    ") WITHOUT ROWID;"
    "CREATE TABLE review_log("
    " id INTEGER PRIMARY KEY,"
    " item_key TEXT NOT NULL,"
    " card_id TEXT NOT NULL,"
    " deck_id TEXT NOT NULL,"
    " time_ms INTEGER NOT NULL,"
    " rating INTEGER NOT NULL,"
    " elapsed_days REAL NOT NULL,"
    " duration_ms INTEGER NOT NULL,"
    " phase_before INTEGER NOT NULL,"
    " phase_after INTEGER NOT NULL,"
    " stability REAL NOT NULL,"
    " difficulty REAL NOT NULL,"
    " interval_days REAL NOT NULL,"
    " scheduler INTEGER NOT NULL,"
    " b_phase INTEGER NOT NULL DEFAULT 0,"
    " b_stability REAL NOT NULL DEFAULT 0,"
    " b_difficulty REAL NOT NULL DEFAULT 0,"
    " b_ease REAL NOT NULL DEFAULT 0,"
    " b_interval_days REAL NOT NULL DEFAULT 0,"
    " b_due_ms INTEGER NOT NULL DEFAULT 0,"
    " b_last_review_ms INTEGER NOT NULL DEFAULT 0,"
    " b_step INTEGER NOT NULL DEFAULT 0,"
    " b_reps INTEGER NOT NULL DEFAULT 0,"
    " b_lapses INTEGER NOT NULL DEFAULT 0,"
    " b_suspended INTEGER NOT NULL DEFAULT 0,"
    " b_leech INTEGER NOT NULL DEFAULT 0,"
    " b_buried_until_ms INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE setting(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);",

    /* 2: per-deck settings, the exam engine's tables */
    "CREATE TABLE deck_setting("
    " deck_id TEXT PRIMARY KEY NOT NULL,"
    " retention REAL NOT NULL DEFAULT 0,"
    " new_per_day INTEGER NOT NULL DEFAULT -1,"
    " reviews_per_day INTEGER NOT NULL DEFAULT -1,"
    " max_interval_days INTEGER NOT NULL DEFAULT 0,"
    " scheduler INTEGER NOT NULL DEFAULT -1,"
    " exam_date TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE exam_attempt("
    " id INTEGER PRIMARY KEY,"
    " exam_id TEXT NOT NULL,"
    " spec_hash TEXT NOT NULL,"
    " student_name TEXT NOT NULL,"
    " student_no TEXT NOT NULL,"
    " seed INTEGER NOT NULL,"
    " started_ms INTEGER NOT NULL,"
    " deadline_ms INTEGER NOT NULL,"
    " submitted_ms INTEGER,"
    " paper TEXT NOT NULL,"
    " UNIQUE(exam_id, student_no));"
    "CREATE TABLE exam_answer("
    " attempt_id INTEGER NOT NULL REFERENCES exam_attempt(id),"
    " qindex INTEGER NOT NULL,"
    " answer TEXT NOT NULL,"
    " answered_ms INTEGER NOT NULL,"
    " time_spent_ms INTEGER NOT NULL DEFAULT 0,"
    " flagged INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(attempt_id, qindex));",

    /* 3: indexes for the queue (today's reviews) and per-deck queries */
    "CREATE INDEX review_log_time ON review_log(time_ms);"
    "CREATE INDEX review_log_deck ON review_log(deck_id, time_ms);"
    "CREATE INDEX item_state_deck ON item_state(deck_id);",

    /* 4: kk_CardState.review_interval_days (SM-2 returns to it after
    ** relearning) */
    /* two statements in one step: the parentheses say the joined literal
    ** is meant */
    ("ALTER TABLE item_state ADD COLUMN review_interval_days REAL NOT NULL DEFAULT 0;"
     "ALTER TABLE review_log ADD COLUMN b_review_interval_days REAL NOT NULL DEFAULT 0;"),

    /* 5: the exam clock's high-water mark and the largest step back seen
    ** (a clock set back during an attempt is reported) */
    ("ALTER TABLE exam_attempt ADD COLUMN clock_seen_ms INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE exam_attempt ADD COLUMN clock_back_ms INTEGER NOT NULL DEFAULT 0;"),

    /* 6: a submitted attempt is immutable, refused by the store itself
    ** (whoever writes: another Kioku, another process, a tool) */
    "CREATE TRIGGER exam_attempt_frozen BEFORE UPDATE ON exam_attempt"
    " WHEN OLD.submitted_ms IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'exam attempt already submitted'); END;"
    "CREATE TRIGGER exam_attempt_kept BEFORE DELETE ON exam_attempt"
    " WHEN OLD.submitted_ms IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'exam attempt already submitted'); END;"
    "CREATE TRIGGER exam_answer_frozen_insert BEFORE INSERT ON exam_answer"
    " WHEN (SELECT submitted_ms FROM exam_attempt WHERE id = NEW.attempt_id) IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'exam attempt already submitted'); END;"
    "CREATE TRIGGER exam_answer_frozen_update BEFORE UPDATE ON exam_answer"
    " WHEN (SELECT submitted_ms FROM exam_attempt WHERE id = OLD.attempt_id) IS NOT NULL"
    "  OR (SELECT submitted_ms FROM exam_attempt WHERE id = NEW.attempt_id) IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'exam attempt already submitted'); END;"
    "CREATE TRIGGER exam_answer_kept BEFORE DELETE ON exam_answer"
    " WHEN (SELECT submitted_ms FROM exam_attempt WHERE id = OLD.attempt_id) IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'exam attempt already submitted'); END;",

    /* 7: actions in the log (suspend, forget, ...: rating 0), and finding
    ** one item's history */
    ("ALTER TABLE review_log ADD COLUMN action INTEGER NOT NULL DEFAULT 0;"
     "CREATE INDEX review_log_item ON review_log(item_key, id);"),

    /* 8: more of the student's deck settings */
    ("ALTER TABLE deck_setting ADD COLUMN learning_steps TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE deck_setting ADD COLUMN relearning_steps TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE deck_setting ADD COLUMN leech_threshold INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE deck_setting ADD COLUMN leech_action INTEGER NOT NULL DEFAULT -1;"),

    /* 9: sync through a shared folder (store_sync.c): each review's global
    ** id (device, sequence; NULL until exported), whether it came from
    ** another device; the other events (undo tombstones, suspend, bury,
    ** deck settings), what was merged from each device, the folder's files
    ** as last read, and the flags and deck settings as last synced */
    ("ALTER TABLE review_log ADD COLUMN sync_dev TEXT;"
     "ALTER TABLE review_log ADD COLUMN sync_seq INTEGER;"
     "ALTER TABLE review_log ADD COLUMN sync_remote INTEGER NOT NULL DEFAULT 0;"
     "CREATE UNIQUE INDEX review_log_sync ON review_log(sync_dev, sync_seq);"
     "CREATE INDEX review_log_unsynced ON review_log(id) WHERE sync_dev IS NULL;"
     "CREATE INDEX review_log_item_time ON review_log(item_key, time_ms);"
     "CREATE TABLE sync_event("
     " id INTEGER PRIMARY KEY,"
     " dev TEXT, seq INTEGER,"
     " kind TEXT NOT NULL,"
     " time_ms INTEGER NOT NULL,"
     " item_key TEXT NOT NULL DEFAULT '',"
     " deck_id TEXT NOT NULL DEFAULT '',"
     " n INTEGER NOT NULL DEFAULT 0,"
     " text TEXT NOT NULL DEFAULT '',"
     " UNIQUE(dev, seq));"
     "CREATE INDEX sync_event_item ON sync_event(item_key);"
     "CREATE INDEX sync_event_target ON sync_event(kind, text, n);"
     "CREATE TABLE sync_peer(dev TEXT PRIMARY KEY NOT NULL, max_seq INTEGER NOT NULL)"
     " WITHOUT ROWID;"
     "CREATE TABLE sync_file(name TEXT PRIMARY KEY NOT NULL, size INTEGER NOT NULL,"
     " mtime_ns INTEGER NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE sync_flag(item_key TEXT PRIMARY KEY NOT NULL,"
     " suspended INTEGER NOT NULL, buried_until_ms INTEGER NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE sync_deck(deck_id TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"
     " WITHOUT ROWID;"),

    /* 10: the student's kana folding per deck */
    ("ALTER TABLE deck_setting ADD COLUMN fold_kana INTEGER NOT NULL DEFAULT -1;"),
};

/* ==== state I/O ============================================================
** The fields of kk_CardState as columns: X(field, kind), kind I (int or
** enum), L (int64_t), D (double).  The column is named like the field. */
#define STATE_FIELDS(X)                                                                            \
  X(phase, I)                                                                                      \
  X(stability, D)                                                                                  \
  X(difficulty, D)                                                                                 \
  X(ease, D)                                                                                       \
  X(interval_days, D)                                                                              \
  X(due_ms, L)                                                                                     \
  X(last_review_ms, L)                                                                             \
  X(step, I)                                                                                       \
  X(reps, I)                                                                                       \
  X(lapses, I)                                                                                     \
  X(suspended, I)                                                                                  \
  X(leech, I)                                                                                      \
  X(buried_until_ms, L)                                                                            \
  X(review_interval_days, D)

/* A tripwire: when kk_CardState grows, this fails until STATE_FIELDS and
** MIGRATIONS learn the new field (the size is the LP64 layout of the fields
** listed above; update it with them). */
#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(sizeof(kk_CardState) == 96,
               "kk_CardState changed: add the field to STATE_FIELDS and a "
               "schema migration in store.c");
#endif

#define COL_NAME(f, k) #f ","
#define COL_BNAME(f, k) "b_" #f ","
#define COL_Q(f, k) "?,"
#define COL_COUNT(f, k) +1                /* NOLINT(bugprone-macro-parentheses): a term of a sum */
#define STATE_COLS STATE_FIELDS(COL_NAME) /* "phase,...,buried_until_ms," */
#define STATE_BCOLS STATE_FIELDS(COL_BNAME) /* "b_phase,...," */
#define STATE_QS STATE_FIELDS(COL_Q)        /* "?,?,...," */
enum { NSTATE = 0 STATE_FIELDS(COL_COUNT) };

static int bind_I(sqlite3_stmt *q, int i, int v) { return sqlite3_bind_int(q, i, v); }
static int bind_L(sqlite3_stmt *q, int i, int64_t v) { return sqlite3_bind_int64(q, i, v); }
static int bind_D(sqlite3_stmt *q, int i, double v) { return sqlite3_bind_double(q, i, v); }
static int col_I(sqlite3_stmt *q, int i) { return sqlite3_column_int(q, i); }
static int64_t col_L(sqlite3_stmt *q, int i) { return sqlite3_column_int64(q, i); }
static double col_D(sqlite3_stmt *q, int i) { return sqlite3_column_double(q, i); }

/* Binds the state's fields to parameters first, first+1, ... */
static int bind_state(sqlite3_stmt *q, int first, const kk_CardState *st) {
  int i = first, rc = SQLITE_OK;
#define BIND_ONE(f, k)                                                                             \
  if (rc == SQLITE_OK) rc = bind_##k(q, i++, st->f);
  STATE_FIELDS(BIND_ONE)
#undef BIND_ONE
  return rc;
}

/* Values brought into what Kioku writes: the store is the student's file,
** and a number no Kioku writes (a time at the end of int64_t, a count at
** INT_MAX, NaN) would overflow the scheduler's and the queue's arithmetic.
** Each goes to the nearest value Kioku could have written (NaN to the low
** end); a state in range is left exactly as it was. */
#define MAX_DAYS ((double)KK_TIME_MAX_MS / 86400000.0)
static double dbl_in(double v, double lo, double hi) { return v >= lo ? (v <= hi ? v : hi) : lo; }
static int int_in(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static int64_t time_in(int64_t t) { return t < 0 ? 0 : t > KK_TIME_MAX_MS ? KK_TIME_MAX_MS : t; }

static void sane_state(kk_CardState *st) {
  if (st->phase < KK_PHASE_NEW || st->phase > KK_PHASE_RELEARNING) st->phase = KK_PHASE_NEW;
  st->stability = dbl_in(st->stability, 0, KK_FSRS_S_MAX);
  st->difficulty = dbl_in(st->difficulty, 0, KK_FSRS_D_MAX);
  st->ease = dbl_in(st->ease, 0, 100);
  st->interval_days = dbl_in(st->interval_days, 0, MAX_DAYS);
  st->review_interval_days = dbl_in(st->review_interval_days, 0, MAX_DAYS);
  st->due_ms = time_in(st->due_ms);
  st->last_review_ms = time_in(st->last_review_ms);
  st->buried_until_ms = time_in(st->buried_until_ms);
  st->step = int_in(st->step, 0, KK_SCHED_MAX_STEPS);
  st->reps = int_in(st->reps, 0, KK_STATE_MAX_COUNT);
  st->lapses = int_in(st->lapses, 0, KK_STATE_MAX_COUNT);
  st->suspended = st->suspended != 0;
  st->leech = st->leech != 0;
}

/* Reads the state's fields from result columns first, first+1, ... */
static void read_state(sqlite3_stmt *q, int first, kk_CardState *st) {
  int i = first;
  memset(st, 0, sizeof *st);
#define READ_ONE(f, k) st->f = col_##k(q, i++);
  STATE_FIELDS(READ_ONE)
#undef READ_ONE
  sane_state(st);
}

/* ==== open/close =========================================================== */

enum {
  Q_GET_STATE,
  Q_PUT_STATE,
  Q_INSERT_LOG,
  Q_LAST_LOG,
  Q_DELETE_LOG,
  Q_TOMBSTONE,
  Q_LOG_SYNC,
  Q_SUSPEND,
  Q_BURY,
  Q_GET_DECK,
  Q_PUT_DECK,
  Q_GET_SETTING,
  Q_SET_SETTING,
  Q_DEL_SETTING,
  Q_COUNT_LOG,
  Q_UPDATE_LOG,
  Q_INSERT_SYNCED,
  NQUERIES
};

#define LOG_COLS                                                                                   \
  "id,item_key,card_id,deck_id,time_ms,rating,elapsed_days,duration_ms,"                           \
  "phase_before,phase_after,stability,difficulty,interval_days,scheduler,"

static const char *const QUERIES[NQUERIES] = {
    [Q_GET_STATE] = "SELECT " STATE_COLS "deck_id FROM item_state WHERE item_key=?",
    [Q_PUT_STATE] =
        "INSERT OR REPLACE INTO item_state(" STATE_COLS "item_key,deck_id) VALUES(" STATE_QS "?,?)",
    [Q_INSERT_LOG] =
        "INSERT INTO review_log(" STATE_BCOLS
        "item_key,card_id,deck_id,time_ms,rating,elapsed_days,"
        "duration_ms,phase_before,phase_after,stability,difficulty,"
        "interval_days,scheduler,action) VALUES(" STATE_QS "?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    /* merged reviews of other devices are not this device's to undo */
    [Q_LAST_LOG] = "SELECT " LOG_COLS STATE_BCOLS "action FROM review_log WHERE sync_remote=0"
                   " ORDER BY id DESC LIMIT 1",
    [Q_LOG_SYNC] = "SELECT sync_dev,sync_seq FROM review_log WHERE id=? AND sync_dev IS NOT NULL",
    [Q_TOMBSTONE] = "INSERT INTO sync_event(kind,time_ms,item_key,deck_id,n,text)"
                    " VALUES('U',?,?,?,?,?)",
    [Q_DELETE_LOG] = "DELETE FROM review_log WHERE id=?",
    [Q_SUSPEND] = "INSERT INTO item_state(item_key,deck_id,suspended) VALUES(?,?,?)"
                  " ON CONFLICT(item_key) DO UPDATE SET suspended=excluded.suspended",
    [Q_BURY] = "INSERT INTO item_state(item_key,deck_id,buried_until_ms) VALUES(?,?,?)"
               " ON CONFLICT(item_key) DO UPDATE SET buried_until_ms=excluded.buried_until_ms",
    [Q_GET_DECK] = "SELECT retention,new_per_day,reviews_per_day,max_interval_days,"
                   "scheduler,exam_date,learning_steps,relearning_steps,leech_threshold,"
                   "leech_action,fold_kana FROM deck_setting WHERE deck_id=?",
    [Q_PUT_DECK] = "INSERT OR REPLACE INTO deck_setting(deck_id,retention,new_per_day,"
                   "reviews_per_day,max_interval_days,scheduler,exam_date,learning_steps,"
                   "relearning_steps,leech_threshold,leech_action,fold_kana)"
                   " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
    [Q_GET_SETTING] = "SELECT value FROM setting WHERE key=?",
    [Q_SET_SETTING] = "INSERT OR REPLACE INTO setting(key,value) VALUES(?,?)",
    [Q_DEL_SETTING] = "DELETE FROM setting WHERE key=?",
    [Q_COUNT_LOG] = "SELECT count(*) FROM review_log WHERE action=0 AND (?1 IS NULL OR deck_id=?1)",
    /* a log entry merged from another device (store_sync.c) */
    [Q_INSERT_SYNCED] = "INSERT INTO review_log(" STATE_BCOLS
                        "item_key,card_id,deck_id,time_ms,rating,elapsed_days,"
                        "duration_ms,phase_before,phase_after,stability,difficulty,"
                        "interval_days,scheduler,action,sync_dev,sync_seq,sync_remote)"
                        " VALUES(" STATE_QS "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
    [Q_UPDATE_LOG] = "UPDATE review_log SET (" STATE_BCOLS
                     "elapsed_days,phase_before,phase_after,stability,difficulty,"
                     "interval_days,scheduler) = (" STATE_QS "?,?,?,?,?,?,?) WHERE id=?",
};

#define STMT_CACHE 48 /* more than the store's files ask for: the rest are fresh */

struct kk_Store {
  sqlite3 *db;
  char *dir;
  char *path;
  sqlite3_stmt *q[NQUERIES];
  /* kk_store_stmt's cache: prepared statements, and whether each is handed out */
  sqlite3_stmt *cache[STMT_CACHE];
  unsigned char cache_busy[STMT_CACHE];
  int created;                  /* this open made the file */
  char note[KK_STORE_NOTE_MAX]; /* why WAL is not used, or "" */
};

static int is_busy(int rc) {
  rc &= 0xff;
  return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Turns an SQLite result code into a kk_Err; what says what was being done. */
static kk_Status db_fail(const char *dir, const char *path, sqlite3 *db, int rc, const char *what,
                         kk_Err *err) {
  if (is_busy(rc))
    return kk_err_set(err, KK_ERR_BUSY, path, 0, 0,
                      _("the progress store %s is in use by another Kioku "
                        "(waited %d ms while %s); close the other Kioku and try again"),
                      dir, KK_STORE_BUSY_MS, what);
  if ((rc & 0xff) == SQLITE_NOMEM)
    return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory while %s"), what);
  return kk_err_set(err, KK_ERR_DB, path, 0, 0, _("progress store: %s: %s"), what,
                    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

kk_Status kk_store_fail(kk_Store *s, int rc, const char *what, kk_Err *err) {
  return db_fail(s->dir, s->path, s->db, rc, what, err);
}

static kk_Status fail(kk_Store *s, int rc, const char *what, kk_Err *err) {
  return kk_store_fail(s, rc, what, err);
}

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }

static int user_version(sqlite3 *db, int *v) {
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
      *v = sqlite3_column_int(q, 0);
      rc = SQLITE_OK;
    }
  }
  sqlite3_finalize(q);
  return rc;
}

/* Runs migrations from the current version up to `target` in one
** IMMEDIATE transaction (so two processes opening a new store at once do
** not both create it). */
static kk_Status migrate(sqlite3 *db, const char *dir, const char *path, int target, kk_Err *err) {
  int rc = exec(db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) return db_fail(dir, path, db, rc, _("starting the schema check"), err);
  int v = 0;
  rc = user_version(db, &v);
  if (rc != SQLITE_OK) goto fail;
  if (v > KK_STORE_VERSION) {
    exec(db, "ROLLBACK");
    return kk_err_set(err, KK_ERR_INVALID, path, 0, 0,
                      _("the progress store has schema version %d, newer than this "
                        "Kioku knows (%d); use a newer Kioku"),
                      v, KK_STORE_VERSION);
  }
  for (; v < target; v++) {
    rc = exec(db, MIGRATIONS[v]);
    if (rc != SQLITE_OK) goto fail;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v + 1);
    rc = exec(db, sql);
    if (rc != SQLITE_OK) goto fail;
  }
  rc = exec(db, "COMMIT");
  if (rc != SQLITE_OK) goto fail;
  return KK_OK;
fail:;
  kk_Status st = db_fail(dir, path, db, rc, _("migrating the schema"), err);
  exec(db, "ROLLBACK");
  return st;
}

/* Creates the file with mode 0600 if it does not exist yet (SQLite would
** use 0644). */
static kk_Status create_private(const char *path, kk_Err *err) {
  int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return KK_OK;
    return kk_err_set(err, KK_ERR_IO, path, 0, 0, _("cannot create: %s"), strerror(errno));
  }
  int bad = fchmod(fd, 0600) != 0;
  close(fd);
  if (bad) return kk_err_set(err, KK_ERR_IO, path, 0, 0, _("cannot set mode 0600"));
  return KK_OK;
}

/* Switches to WAL.  The mode is persistent, so this only does work on a
** new database.  Sets *wal to 0 when SQLite answers with the old mode: it
** does so only where WAL cannot work (a VFS or file system without the
** shared memory the log needs), and the store then keeps its rollback
** journal.  Busy is retried for as long as the busy timeout: SQLite does
** not call the busy handler here. */
static int set_wal(sqlite3 *db, int *wal) {
  int rc = SQLITE_BUSY;
  *wal = 0;
  for (int waited = 0; waited <= KK_STORE_BUSY_MS; waited += 10) {
    sqlite3_stmt *q = NULL;
    rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &q, NULL);
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(q);
      if (rc == SQLITE_ROW) {
        const char *mode = (const char *)sqlite3_column_text(q, 0);
        *wal = mode && strcmp(mode, "wal") == 0;
        rc = SQLITE_OK;
      }
    }
    sqlite3_finalize(q);
    if (!is_busy(rc)) break;
    sqlite3_sleep(10);
  }
  return rc;
}

/* The current journal mode into buf ("wal", "delete", ...). */
static int journal_mode(sqlite3 *db, char *buf, size_t size) {
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *m = (const char *)sqlite3_column_text(q, 0);
    snprintf(buf, size, "%s", m ? m : "");
    rc = SQLITE_OK;
  }
  sqlite3_finalize(q);
  return rc;
}

/* Errors that mean "the WAL index cannot be used here", not "busy". */
static int is_shm_failure(int rc) {
  rc &= 0xff;
  return rc == SQLITE_IOERR || rc == SQLITE_CANTOPEN || rc == SQLITE_PROTOCOL;
}

static int open_conn(const char *path, int create, sqlite3 **db) {
  int rc =
      sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), NULL);
  if (rc == SQLITE_OK) {
    sqlite3_extended_result_codes(*db, 0);
    sqlite3_busy_timeout(*db, KK_STORE_BUSY_MS);
  }
  return rc;
}

/* Takes a WAL database whose WAL index cannot be mapped back to a rollback
** journal: a fresh connection in exclusive locking mode keeps the index in
** private memory, so it can read the log and switch; normal locking
** resumes with the next access. */
static int leave_wal(const char *path, sqlite3 **db) {
  sqlite3_close(*db);
  *db = NULL;
  int rc = open_conn(path, 0, db);
  if (rc == SQLITE_OK) rc = exec(*db, "PRAGMA locking_mode=EXCLUSIVE");
  if (rc == SQLITE_OK) rc = exec(*db, "PRAGMA journal_mode=DELETE");
  if (rc == SQLITE_OK) rc = exec(*db, "PRAGMA locking_mode=NORMAL");
  if (rc == SQLITE_OK) rc = exec(*db, "SELECT count(*) FROM sqlite_master");
  return rc;
}

/* Opens a connection with the store's pragmas.  create: the file may be
** made (kk_store_create_version, the temporary of a new store); otherwise
** it must exist.  note (may be NULL, size KK_STORE_NOTE_MAX) receives why
** WAL is not used, or "" if it is.  A store already in rollback mode stays
** so (it was made where WAL could not work; switching it while another
** window has it open would break that window). */
static kk_Status open_db(const char *dir, const char *path, int create, char *note, kk_Err *err,
                         sqlite3 **out) {
  sqlite3 *db = NULL;
  kk_Status st = KK_OK;
  char mode[16] = "";
  int v = 0;
  if (note) note[0] = '\0';
  if (create && (st = create_private(path, err)) != KK_OK) return st;
  int rc = open_conn(path, create, &db);
  if (rc != SQLITE_OK) goto fail;
  rc = user_version(db, &v); /* the first read: opens the log if any */
  if (is_shm_failure(rc)) {
    char why[96];
    snprintf(why, sizeof why, "%.90s", sqlite3_errmsg(db));
    rc = leave_wal(path, &db);
    if (rc != SQLITE_OK) goto fail;
    if (note)
      snprintf(note, KK_STORE_NOTE_MAX,
               _("the file system of %.160s cannot map SQLite's write-ahead log index (%s); "
                 "using a rollback journal instead"),
               dir, why);
  } else if (rc != SQLITE_OK || (rc = journal_mode(db, mode, sizeof mode)) != SQLITE_OK) {
    goto fail;
  } else if (strcmp(mode, "wal") != 0 && v > 0) {
    if (note)
      snprintf(note, KK_STORE_NOTE_MAX,
               _("the progress store in %.160s uses a rollback journal: where it was made "
                 "the file system could not do SQLite's write-ahead log"),
               dir);
  } else if (strcmp(mode, "wal") != 0) {
    /* WAL: readers never block the writer */
    int wal = 0;
    rc = set_wal(db, &wal);
    if (rc != SQLITE_OK) goto fail;
    if (wal && is_shm_failure(rc = exec(db, "SELECT count(*) FROM sqlite_master"))) {
      char why[96];
      snprintf(why, sizeof why, "%.90s", sqlite3_errmsg(db));
      rc = leave_wal(path, &db);
      if (rc != SQLITE_OK) goto fail;
      if (note)
        snprintf(note, KK_STORE_NOTE_MAX,
                 _("the file system of %.160s cannot map SQLite's write-ahead log index "
                   "(%s); using a rollback journal instead"),
                 dir, why);
    } else if (rc != SQLITE_OK) {
      goto fail;
    } else if (!wal && note) {
      snprintf(note, KK_STORE_NOTE_MAX,
               _("the file system of %.160s does not support SQLite's write-ahead log "
                 "(no shared memory); using a rollback journal instead"),
               dir);
    }
  }
  /* FULL: a commit is fsynced before it returns, so an acknowledged review
  ** survives a crash or power loss. */
  rc = exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
  if (rc != SQLITE_OK) goto fail;
  *out = db;
  return KK_OK;
fail:
  st = db_fail(dir, path, db, rc, _("opening"), err);
  sqlite3_close(db);
  return st;
}

static char *join_path(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = kk_malloc(a + b + 2);
  if (!p) return NULL;
  memcpy(p, dir, a); /* NOLINT(bugprone-not-null-terminated-result): terminated below */
  p[a] = '/';
  // NOLINTBEGIN(bugprone-not-null-terminated-result): b + 1 copies the NUL
  memcpy(p + a + 1, name, b + 1);
  // NOLINTEND(bugprone-not-null-terminated-result)
  return p;
}

/* ==== creating a store ======================================================
** A store is made only where no file exists.  It is built whole under a
** temporary name beside its own and linked into place (link(2) never
** replaces a file), so another Kioku opening at the same moment sees no
** file or a complete store, and an empty file at the name is always a
** damaged store, never a new one. */

/* *exists = 1 if path names a usable store file.  An empty file (with no
** write-ahead log holding its pages) is an error that says how to start
** afresh; so is anything but a regular file. */
static kk_Status check_existing(const char *path, int *exists, kk_Err *err) {
  struct stat sb;
  *exists = 0;
  if (stat(path, &sb) != 0) {
    if (errno == ENOENT) return KK_OK;
    return kk_err_set(err, KK_ERR_IO, path, 0, 0, _("cannot read the progress store: %s"),
                      strerror(errno));
  }
  if (!S_ISREG(sb.st_mode))
    return kk_err_set(err, KK_ERR_INVALID, path, 0, 0,
                      _("the progress store is not a regular file; move it aside and "
                        "start Kioku again to begin a new store"));
  if (sb.st_size == 0) {
    char wal[KK_ERR_PATH_MAX + 8];
    struct stat wb;
    snprintf(wal, sizeof wal, "%s-wal", path);
    if (stat(wal, &wb) != 0 || wb.st_size == 0)
      return kk_err_set(err, KK_ERR_INVALID, path, 0, 0,
                        _("the progress store is empty (0 bytes): it was cut short, so "
                          "Kioku will not start over on top of it; to start afresh with "
                          "no progress, move it aside (mv '%s' '%s.empty') and start "
                          "Kioku again"),
                        path, path);
  }
  *exists = 1;
  return KK_OK;
}

/* Puts tmp at path unless path exists: 0, or -1 with errno (EEXIST when
** another Kioku got there first).  link(2) where the file system has hard
** links; else a rename that refuses to replace (FAT file systems). */
static int place_new(const char *tmp, const char *path) {
  if (link(tmp, path) == 0) return 0;
  /* ENOTSUP and EOPNOTSUPP are one value on Linux, two elsewhere */
  // NOLINTBEGIN(misc-redundant-expression): the same value on Linux
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS &&
      errno != EMLINK)
    return -1;
  // NOLINTEND(misc-redundant-expression)
  return renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
}

/* Builds a complete current store under a temporary name beside path and
** links it into place; note as for open_db.  *created = 0 if another Kioku got there first. */
static kk_Status create_store(const char *dir, const char *path, int *created, char *note,
                              kk_Err *err) {
  size_t n = strlen(path) + sizeof ".new-XXXXXX";
  char *tmp = kk_malloc(n);
  sqlite3 *db = NULL;
  kk_Status st = KK_OK;
  *created = 0;
  if (!tmp) return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
  snprintf(tmp, n, "%s.new-XXXXXX", path);
  int fd = mkstemp(tmp); /* mode 0600 */
  if (fd < 0) {
    st = kk_err_set(err, KK_ERR_IO, path, 0, 0, _("cannot create the progress store: %s"),
                    strerror(errno));
    kk_free(tmp);
    return st;
  }
  close(fd);
  st = open_db(dir, tmp, 1, note, err, &db);
  if (st == KK_OK) st = migrate(db, dir, tmp, KK_STORE_VERSION, err);
  if (db && sqlite3_close(db) != SQLITE_OK && st == KK_OK)
    st = kk_err_set(err, KK_ERR_DB, path, 0, 0, _("cannot close the new progress store"));
  db = NULL;
  if (st != KK_OK) goto done;
  if (place_new(tmp, path) == 0) {
    *created = 1;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      (void)fsync(dfd);
      close(dfd);
    }
  } else if (errno != EEXIST) {
    st = kk_err_set(err, KK_ERR_IO, path, 0, 0, _("cannot create the progress store: %s"),
                    strerror(errno));
  }
done:
  unlink(tmp);
  for (int i = 0; i < 2; i++) { /* left only if closing failed */
    char side[KK_ERR_PATH_MAX + 16];
    snprintf(side, sizeof side, "%s%s", tmp, i ? "-shm" : "-wal");
    unlink(side);
  }
  kk_free(tmp);
  return st;
}

kk_Status kk_store_open(const char *dir, kk_Err *err, kk_Store **out) {
  *out = NULL;
  kk_Status st = kk_paths_mkdir_p(dir, err);
  if (st != KK_OK) return st;
  kk_Store *s = kk_calloc(1, sizeof *s);
  if (!s) return kk_err_set(err, KK_ERR_NOMEM, dir, 0, 0, _("out of memory"));
  s->dir = kk_strdup(dir);
  s->path = join_path(dir, KK_STORE_FILE);
  if (!s->dir || !s->path) {
    st = kk_err_set(err, KK_ERR_NOMEM, dir, 0, 0, _("out of memory"));
    goto fail;
  }
  int exists = 0;
  st = check_existing(s->path, &exists, err);
  if (st == KK_OK && !exists) st = create_store(s->dir, s->path, &s->created, s->note, err);
  if (st != KK_OK) goto fail;
  /* a new store keeps the note of its making, which names the cause */
  st = open_db(s->dir, s->path, 0, s->created && s->note[0] ? NULL : s->note, err, &s->db);
  if (st != KK_OK) goto fail;
  st = migrate(s->db, s->dir, s->path, KK_STORE_VERSION, err);
  if (st != KK_OK) goto fail;
  for (int i = 0; i < NQUERIES; i++) {
    int rc = sqlite3_prepare_v3(s->db, QUERIES[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL);
    if (rc != SQLITE_OK) {
      st = fail(s, rc, _("preparing a query"), err);
      goto fail;
    }
  }
  *out = s;
  return KK_OK;
fail:
  kk_store_close(s);
  return st;
}

int kk_store_created(const kk_Store *s) { return s->created; }
const char *kk_store_journal_note(const kk_Store *s) { return s->note[0] ? s->note : NULL; }

void kk_store_close(kk_Store *s) {
  if (!s) return;
  for (int i = 0; i < NQUERIES; i++) sqlite3_finalize(s->q[i]);
  for (int i = 0; i < STMT_CACHE; i++) sqlite3_finalize(s->cache[i]);
  sqlite3_close(s->db);
  kk_free(s->dir);
  kk_free(s->path);
  kk_free(s);
}

sqlite3 *kk_store_sqlite(kk_Store *s) { return s->db; }

#define DAY_START_KEY "day_start_hour"

int kk_store_day_start_hour(kk_Store *s, int dflt) {
  char *v = NULL, *end = NULL;
  kk_Err e;
  int h = dflt;
  if (kk_store_get_setting(s, DAY_START_KEY, &e, &v) == KK_OK && v) {
    long x = strtol(v, &end, 10);
    if (end != v && *end == '\0' && x >= 0 && x <= 23) h = (int)x;
  }
  kk_free(v);
  return h;
}

kk_Status kk_store_set_day_start_hour(kk_Store *s, int h, kk_Err *err) {
  if (h < 0 || h > 23)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("the study day starts at an hour 0-23"));
  char v[8];
  snprintf(v, sizeof v, "%d", h);
  return kk_store_set_setting(s, DAY_START_KEY, v, err);
}

int kk_store_stmt(kk_Store *s, const char *sql, sqlite3_stmt **q) {
  int free_slot = -1;
  for (int i = 0; i < STMT_CACHE; i++) {
    if (!s->cache[i]) {
      if (free_slot < 0) free_slot = i;
    } else if (!s->cache_busy[i] && strcmp(sqlite3_sql(s->cache[i]), sql) == 0) {
      s->cache_busy[i] = 1;
      *q = s->cache[i];
      return SQLITE_OK;
    }
  }
  *q = NULL;
  int rc =
      sqlite3_prepare_v3(s->db, sql, -1, free_slot >= 0 ? SQLITE_PREPARE_PERSISTENT : 0, q, NULL);
  if (rc == SQLITE_OK && free_slot >= 0 && *q) {
    s->cache[free_slot] = *q;
    s->cache_busy[free_slot] = 1;
  }
  return rc;
}

void kk_store_stmt_done(kk_Store *s, sqlite3_stmt *q) {
  if (!q) return;
  for (int i = 0; i < STMT_CACHE; i++)
    if (s->cache[i] == q) {
      sqlite3_reset(q);
      sqlite3_clear_bindings(q);
      s->cache_busy[i] = 0;
      return;
    }
  sqlite3_finalize(q);
}
const char *kk_store_path(const kk_Store *s) { return s->path; }

kk_Status kk_store_create_version(const char *path, int version, kk_Err *err) {
  if (version < 1 || version > KK_STORE_VERSION)
    return kk_err_set(err, KK_ERR_USAGE, path, 0, 0, _("no schema version %d"), version);
  sqlite3 *db = NULL;
  kk_Status st = open_db(path, path, 1, NULL, err, &db);
  if (st != KK_OK) return st;
  st = migrate(db, path, path, version, err);
  sqlite3_close(db);
  return st;
}

/* ==== reviews ==============================================================*/

/* Runs a prepared single-step statement (INSERT/UPDATE/DELETE). */
static int step_done(sqlite3_stmt *q) {
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static kk_Status check_key(const char *what, const char *v, kk_Err *err) {
  if (!v || !v[0]) return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("empty %s"), what);
  if (strlen(v) >= KK_STORE_KEY_MAX)
    return kk_err_set(err, KK_ERR_LIMIT, NULL, 0, 0, _("%s longer than %d bytes: %.40s..."), what,
                      KK_STORE_KEY_MAX - 1, v);
  return KK_OK;
}

static int put_state(kk_Store *s, const char *key, const char *deck_id, const kk_CardState *st) {
  sqlite3_stmt *q = s->q[Q_PUT_STATE];
  int rc = bind_state(q, 1, st);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, NSTATE + 1, key, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, NSTATE + 2, deck_id, -1, SQLITE_STATIC);
  if (rc != SQLITE_OK) {
    sqlite3_reset(q);
    return rc;
  }
  return step_done(q);
}

kk_Status kk_store_get_state(kk_Store *s, const char *item_key, kk_Err *err, kk_CardState *out,
                             int *found) {
  sqlite3_stmt *q = s->q[Q_GET_STATE];
  memset(out, 0, sizeof *out);
  if (found) *found = 0;
  sqlite3_bind_text(q, 1, item_key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    read_state(q, 0, out);
    if (found) *found = 1;
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
  }
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("reading an item state"), err);
}

kk_Status kk_store_put_state(kk_Store *s, const char *item_key, const char *deck_id,
                             const kk_CardState *st, kk_Err *err) {
  kk_Status ks = check_key(_("item key"), item_key, err);
  if (ks == KK_OK) ks = check_key(_("deck id"), deck_id, err);
  if (ks != KK_OK) return ks;
  int rc = put_state(s, item_key, deck_id, st);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing an item state"), err);
}

/* Binds a log entry's columns as Q_INSERT_LOG lists them (the state before
** first); *next receives the next parameter's index. */
static int bind_log(sqlite3_stmt *q, const char *key, const char *deck_id,
                    const kk_CardState *before, const kk_ReviewLog *log, int action, int *next) {
  int i = NSTATE + 1;
  int rc = bind_state(q, 1, before);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, i++, key, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text(q, i++, key, (int)kk_item_key_card_len(key), SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, i++, deck_id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, i++, log->time_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, i++, (int)log->rating);
  if (rc == SQLITE_OK) rc = sqlite3_bind_double(q, i++, log->elapsed_days);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, i++, log->duration_ms);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, i++, (int)log->phase_before);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, i++, (int)log->phase_after);
  if (rc == SQLITE_OK) rc = sqlite3_bind_double(q, i++, log->stability);
  if (rc == SQLITE_OK) rc = sqlite3_bind_double(q, i++, log->difficulty);
  if (rc == SQLITE_OK) rc = sqlite3_bind_double(q, i++, log->interval_days);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, i++, (int)log->scheduler);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, i++, action);
  *next = i;
  return rc;
}

static int insert_log(kk_Store *s, const char *key, const char *deck_id, const kk_CardState *before,
                      const kk_ReviewLog *log, int action) {
  sqlite3_stmt *q = s->q[Q_INSERT_LOG];
  int i;
  int rc = bind_log(q, key, deck_id, before, log, action, &i);
  if (rc != SQLITE_OK) {
    sqlite3_reset(q);
    return rc;
  }
  return step_done(q);
}

kk_Status kk_store_insert_synced(kk_Store *s, const char *item_key, const char *deck_id,
                                 const kk_CardState *before, const kk_ReviewLog *log, int action,
                                 const char *dev, int64_t seq, kk_Err *err) {
  kk_Status ks = check_key("item key", item_key, err);
  if (ks == KK_OK) ks = check_key("deck id", deck_id, err);
  if (ks != KK_OK) return ks;
  sqlite3_stmt *q = s->q[Q_INSERT_SYNCED];
  int i;
  int rc = bind_log(q, item_key, deck_id, before, log, action, &i);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, i++, dev, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, i++, seq);
  if (rc != SQLITE_OK)
    sqlite3_reset(q);
  else
    rc = step_done(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("merging events"), err);
}

kk_Status kk_store_record_review(kk_Store *s, const char *item_key, const char *deck_id,
                                 const kk_CardState *before, const kk_CardState *after,
                                 const kk_ReviewLog *log, kk_Err *err) {
  kk_Status ks = check_key(_("item key"), item_key, err);
  if (ks == KK_OK) ks = check_key(_("deck id"), deck_id, err);
  if (ks != KK_OK) return ks;
  int rc = exec(s->db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) return fail(s, rc, _("starting a review"), err);
  rc = put_state(s, item_key, deck_id, after);
  if (rc == SQLITE_OK) rc = insert_log(s, item_key, deck_id, before, log, 0);
  if (rc == SQLITE_OK) rc = exec(s->db, "COMMIT");
  if (rc != SQLITE_OK) {
    ks = fail(s, rc, _("recording a review"), err);
    exec(s->db, "ROLLBACK");
    return ks;
  }
  return KK_OK;
}

const char *kk_store_action_name(int action) {
  static const char *const names[] = {NULL, "suspend", "unsuspend", "bury", "forget", "set-due"};
  return action >= 1 && action <= KK_STORE_ACTION_SET_DUE ? names[action] : NULL;
}

kk_Status kk_store_record_action(kk_Store *s, const char *item_key, const char *deck_id,
                                 kk_StoreAction action, const kk_CardState *before,
                                 const kk_CardState *after, int64_t time_ms, kk_Err *err,
                                 int64_t *id) {
  if (id) *id = 0;
  kk_Status ks = check_key(_("item key"), item_key, err);
  if (ks == KK_OK) ks = check_key(_("deck id"), deck_id, err);
  if (ks != KK_OK) return ks;
  if (!kk_store_action_name((int)action))
    return kk_err_set(err, KK_ERR_USAGE, s->path, 0, 0, _("unknown action %d"), (int)action);
  kk_ReviewLog log;
  memset(&log, 0, sizeof log);
  log.time_ms = time_ms;
  log.rating = (kk_Rating)0;
  log.phase_before = before->phase;
  log.phase_after = after->phase;
  log.stability = after->stability;
  log.difficulty = after->difficulty;
  log.interval_days = after->interval_days;
  /* the due time set travels with the entry (sync replays it) */
  if (action == KK_STORE_ACTION_SET_DUE) log.duration_ms = after->due_ms;
  int rc = exec(s->db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) return fail(s, rc, _("starting an action"), err);
  rc = put_state(s, item_key, deck_id, after);
  if (rc == SQLITE_OK) rc = insert_log(s, item_key, deck_id, before, &log, (int)action);
  if (rc == SQLITE_OK && id) *id = sqlite3_last_insert_rowid(s->db);
  if (rc == SQLITE_OK) rc = exec(s->db, "COMMIT");
  if (rc != SQLITE_OK) {
    ks = fail(s, rc, _("recording an action"), err);
    exec(s->db, "ROLLBACK");
    return ks;
  }
  return KK_OK;
}

kk_Status kk_store_import_history(kk_Store *s, const char *deck_id, const kk_StoreHistory *items,
                                  size_t n, kk_Err *err) {
  kk_Status ks = check_key(_("deck id"), deck_id, err);
  for (size_t i = 0; i < n && ks == KK_OK; i++)
    ks = check_key(_("item key"), items[i].item_key, err);
  if (ks != KK_OK) return ks;
  int rc = exec(s->db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) return fail(s, rc, _("starting an import"), err);
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
    const kk_StoreHistory *h = &items[i];
    for (size_t k = 0; k < h->nlogs && rc == SQLITE_OK; k++) {
      kk_CardState before = {.phase = h->logs[k].phase_before};
      rc = insert_log(s, h->item_key, deck_id, &before, &h->logs[k], 0);
    }
    if (rc == SQLITE_OK) rc = put_state(s, h->item_key, deck_id, &h->state);
  }
  if (rc == SQLITE_OK) rc = exec(s->db, "COMMIT");
  if (rc != SQLITE_OK) {
    ks = fail(s, rc, _("importing a review history"), err);
    exec(s->db, "ROLLBACK");
    return ks;
  }
  return KK_OK;
}

kk_Status kk_store_update_review(kk_Store *s, int64_t id, const kk_CardState *before,
                                 const kk_ReviewLog *log, kk_Err *err) {
  sqlite3_stmt *q = s->q[Q_UPDATE_LOG];
  int i = NSTATE + 1;
  int rc = bind_state(q, 1, before);
  if (rc == SQLITE_OK) rc = sqlite3_bind_double(q, i++, log->elapsed_days);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, i++, (int)log->phase_before);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, i++, (int)log->phase_after);
  if (rc == SQLITE_OK) rc = sqlite3_bind_double(q, i++, log->stability);
  if (rc == SQLITE_OK) rc = sqlite3_bind_double(q, i++, log->difficulty);
  if (rc == SQLITE_OK) rc = sqlite3_bind_double(q, i++, log->interval_days);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, i++, (int)log->scheduler);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, i++, id);
  if (rc != SQLITE_OK)
    sqlite3_reset(q);
  else
    rc = step_done(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("rewriting a review"), err);
}

/* Reads a review_log row selected as LOG_COLS STATE_BCOLS. */
static void read_review(sqlite3_stmt *q, kk_StoreReview *r) {
  memset(r, 0, sizeof *r);
  r->id = sqlite3_column_int64(q, 0);
  r->item_key = (const char *)sqlite3_column_text(q, 1);
  r->card_id = (const char *)sqlite3_column_text(q, 2);
  r->deck_id = (const char *)sqlite3_column_text(q, 3);
  r->log.time_ms = time_in(sqlite3_column_int64(q, 4));
  r->log.rating = (kk_Rating)int_in(sqlite3_column_int(q, 5), KK_AGAIN, KK_EASY);
  r->log.elapsed_days = dbl_in(sqlite3_column_double(q, 6), 0, MAX_DAYS);
  r->log.duration_ms = kk_duration_clamp(sqlite3_column_int64(q, 7));
  r->log.phase_before = (kk_Phase)sqlite3_column_int(q, 8);
  r->log.phase_after = (kk_Phase)sqlite3_column_int(q, 9);
  r->log.stability = dbl_in(sqlite3_column_double(q, 10), 0, KK_FSRS_S_MAX);
  r->log.difficulty = dbl_in(sqlite3_column_double(q, 11), 0, KK_FSRS_D_MAX);
  r->log.interval_days = dbl_in(sqlite3_column_double(q, 12), 0, MAX_DAYS);
  r->log.scheduler = (kk_SchedulerKind)sqlite3_column_int(q, 13);
  read_state(q, 14, &r->before);
  r->action = sqlite3_column_int(q, 14 + NSTATE); /* "action", or the constant 0 */
}

/* Deletes review `id` for an undo; one already exported to the sync folder
** leaves a tombstone (store_sync.h) so the other devices drop it too. */
static int delete_log(kk_Store *s, int64_t id, const char *key, const char *deck, int64_t time_ms) {
  sqlite3_stmt *q = s->q[Q_LOG_SYNC];
  sqlite3_bind_int64(q, 1, id);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    sqlite3_stmt *t = s->q[Q_TOMBSTONE];
    sqlite3_bind_int64(t, 1, time_ms);
    sqlite3_bind_text(t, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(t, 3, deck, -1, SQLITE_STATIC);
    sqlite3_bind_int64(t, 4, sqlite3_column_int64(q, 1));
    sqlite3_bind_text(t, 5, (const char *)sqlite3_column_text(q, 0), -1, SQLITE_TRANSIENT);
    sqlite3_reset(q);
    rc = step_done(t);
  } else {
    sqlite3_reset(q);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  sqlite3_clear_bindings(q);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(s->q[Q_DELETE_LOG], 1, id);
    rc = step_done(s->q[Q_DELETE_LOG]);
  }
  return rc;
}

/* The item key and deck id of review r, copied (the row's strings last
** only until its statement is reset). */
static void review_keys(const kk_StoreReview *r, char key[KK_STORE_KEY_MAX],
                        char deck[KK_STORE_KEY_MAX]) {
  snprintf(key, KK_STORE_KEY_MAX, "%s", r->item_key ? r->item_key : "");
  snprintf(deck, KK_STORE_KEY_MAX, "%s", r->deck_id ? r->deck_id : "");
}

/* Inside an undo's transaction, with the statement that read review r
** reset: puts back the state before r (row id of review_log, for the item
** key and deck copied by review_keys) and deletes its row, commits, and
** says what was undone in *out (may be NULL).  Returns an SQLite result
** code. */
static int take_back(kk_Store *s, int64_t id, const kk_StoreReview *r, const char *key,
                     const char *deck, kk_StoreUndo *out) {
  int rc = put_state(s, key, deck, &r->before);
  if (rc == SQLITE_OK) rc = delete_log(s, id, key, deck, r->log.time_ms);
  if (rc == SQLITE_OK) rc = exec(s->db, "COMMIT");
  if (rc == SQLITE_OK && out) {
    snprintf(out->item_key, sizeof out->item_key, "%s", key);
    snprintf(out->deck_id, sizeof out->deck_id, "%s", deck);
    out->restored = r->before;
    out->log = r->log;
    out->action = r->action;
  }
  return rc;
}

kk_Status kk_store_undo_last(kk_Store *s, kk_Err *err, kk_StoreUndo *out) {
  int rc = exec(s->db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) return fail(s, rc, _("starting an undo"), err);
  sqlite3_stmt *q = s->q[Q_LAST_LOG];
  kk_StoreReview r;
  rc = sqlite3_step(q);
  if (rc == SQLITE_DONE) {
    sqlite3_reset(q);
    exec(s->db, "ROLLBACK");
    return kk_err_set(err, KK_ERR_NOTFOUND, s->path, 0, 0, _("nothing to undo"));
  }
  if (rc == SQLITE_ROW) {
    char key[KK_STORE_KEY_MAX], deck[KK_STORE_KEY_MAX];
    read_review(q, &r);
    review_keys(&r, key, deck);
    sqlite3_reset(q);
    rc = take_back(s, r.id, &r, key, deck, out);
  } else
    sqlite3_reset(q);
  if (rc == SQLITE_OK) return KK_OK;
  kk_Status ks = fail(s, rc, _("undoing a review"), err);
  exec(s->db, "ROLLBACK");
  return ks;
}

/* ==== reviews from several windows =========================================
** Each window keeps the states it read; two windows answering the same item
** would each write a state computed from the old one, and the second would
** silently drop the first's update.  The checked record compares the state
** the window saw with the stored one inside the write transaction, and
** undo takes back one given review, not whatever is newest. */

static int state_same(const kk_CardState *a, const kk_CardState *b) {
  int same = 1;
#define SAME_ONE(f, k) same = same && a->f == b->f;
  STATE_FIELDS(SAME_ONE)
#undef SAME_ONE
  return same;
}

kk_Status kk_store_record_review_if(kk_Store *s, const char *item_key, const char *deck_id,
                                    const kk_CardState *before, const kk_CardState *after,
                                    const kk_ReviewLog *log, kk_Err *err, int64_t *id,
                                    kk_CardState *current) {
  kk_Status ks = check_key(_("item key"), item_key, err);
  if (ks == KK_OK) ks = check_key(_("deck id"), deck_id, err);
  if (ks != KK_OK) return ks;
  if (id) *id = 0;
  int rc = exec(s->db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) return fail(s, rc, _("starting a review"), err);
  kk_CardState now;
  sqlite3_stmt *q = s->q[Q_GET_STATE];
  memset(&now, 0, sizeof now);
  sqlite3_bind_text(q, 1, item_key, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) read_state(q, 0, &now);
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) goto fail;
  if (!state_same(&now, before)) {
    exec(s->db, "ROLLBACK");
    if (current) *current = now;
    return kk_err_set(err, KK_ERR_EXISTS, s->path, 0, 0,
                      _("%s was reviewed elsewhere (another window) since it was read"), item_key);
  }
  rc = put_state(s, item_key, deck_id, after);
  if (rc == SQLITE_OK) rc = insert_log(s, item_key, deck_id, before, log, 0);
  if (rc == SQLITE_OK && id) *id = sqlite3_last_insert_rowid(s->db);
  if (rc == SQLITE_OK) rc = exec(s->db, "COMMIT");
  if (rc == SQLITE_OK) return KK_OK;
fail:
  ks = fail(s, rc, _("recording a review"), err);
  exec(s->db, "ROLLBACK");
  if (id) *id = 0;
  return ks;
}

kk_Status kk_store_undo_review(kk_Store *s, int64_t id, kk_Err *err, kk_StoreUndo *out) {
  sqlite3_stmt *q[2] = {NULL, NULL};
  kk_StoreReview r;
  char key[KK_STORE_KEY_MAX], deck[KK_STORE_KEY_MAX];
  kk_Status ks = KK_OK;
  int rc = exec(s->db, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK) return fail(s, rc, _("starting an undo"), err);
  rc = kk_store_stmt(s, "SELECT " LOG_COLS STATE_BCOLS "action FROM review_log WHERE id=?1", &q[0]);
  if (rc == SQLITE_OK)
    rc = kk_store_stmt(s, "SELECT count(*) FROM review_log WHERE item_key=?1 AND id>?2", &q[1]);
  if (rc != SQLITE_OK) goto fail;
  sqlite3_bind_int64(q[0], 1, id);
  rc = sqlite3_step(q[0]);
  if (rc == SQLITE_DONE) {
    ks = kk_err_set(err, KK_ERR_NOTFOUND, s->path, 0, 0, _("nothing to undo"));
    goto done;
  }
  if (rc != SQLITE_ROW) goto fail;
  read_review(q[0], &r);
  review_keys(&r, key, deck);
  sqlite3_bind_text(q[1], 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q[1], 2, id);
  if ((rc = sqlite3_step(q[1])) != SQLITE_ROW) goto fail;
  if (sqlite3_column_int64(q[1], 0) > 0) {
    ks = kk_err_set(err, KK_ERR_EXISTS, s->path, 0, 0,
                    _("%s was reviewed again elsewhere (another window) after this answer; "
                      "it cannot be taken back"),
                    key);
    goto done;
  }
  for (int i = 0; i < 2; i++) kk_store_stmt_done(s, q[i]), q[i] = NULL;
  rc = take_back(s, id, &r, key, deck, out);
  if (rc == SQLITE_OK) return KK_OK;
fail:
  ks = fail(s, rc, _("undoing a review"), err);
done:
  for (int i = 0; i < 2; i++) kk_store_stmt_done(s, q[i]);
  exec(s->db, "ROLLBACK");
  return ks;
}

static kk_Status set_flag(kk_Store *s, int which, const char *key, const char *deck_id, int64_t v,
                          const char *what, kk_Err *err) {
  kk_Status ks = check_key(_("item key"), key, err);
  if (ks == KK_OK) ks = check_key(_("deck id"), deck_id, err);
  if (ks != KK_OK) return ks;
  sqlite3_stmt *q = s->q[which];
  sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, deck_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 3, v);
  int rc = step_done(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, what, err);
}

kk_Status kk_store_set_suspended(kk_Store *s, const char *item_key, const char *deck_id, int on,
                                 kk_Err *err) {
  return set_flag(s, Q_SUSPEND, item_key, deck_id, on ? 1 : 0, "suspending", err);
}

kk_Status kk_store_bury(kk_Store *s, const char *item_key, const char *deck_id, int64_t until_ms,
                        kk_Err *err) {
  return set_flag(s, Q_BURY, item_key, deck_id, until_ms, "burying", err);
}

/* ==== iteration ============================================================
** Each iteration prepares its own statement so that callbacks may call
** other store functions. */

kk_Status kk_store_each_state(kk_Store *s, const char *deck_id, kk_StoreStateFn fn, void *ud,
                              kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_prepare_v2(
      s->db,
      deck_id ? "SELECT " STATE_COLS "item_key,deck_id FROM item_state WHERE deck_id=?1"
                " ORDER BY item_key"
              : "SELECT " STATE_COLS "item_key,deck_id FROM item_state ORDER BY item_key",
      -1, &q, NULL);
  if (rc == SQLITE_OK && deck_id) rc = sqlite3_bind_text(q, 1, deck_id, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_CardState st;
    read_state(q, 0, &st);
    rc = SQLITE_OK;
    if (fn(ud, (const char *)sqlite3_column_text(q, NSTATE),
           (const char *)sqlite3_column_text(q, NSTATE + 1), &st))
      break;
  }
  sqlite3_finalize(q);
  if (rc == SQLITE_DONE || rc == SQLITE_OK) return KK_OK;
  return fail(s, rc, _("reading item states"), err);
}

kk_Status kk_store_each_review(kk_Store *s, const char *deck_id, int64_t since_ms,
                               kk_StoreReviewFn fn, void *ud, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  /* Name the index: without statistics SQLite prefers scanning the whole
  ** log in id order to sorting a small range (today's reviews). */
  const char *sql =
      deck_id        ? "SELECT " LOG_COLS STATE_BCOLS "0 FROM review_log INDEXED BY"
                       " review_log_deck WHERE deck_id=?1 AND time_ms>=?2 AND action=0 ORDER BY id"
      : since_ms > 0 ? "SELECT " LOG_COLS STATE_BCOLS "0 FROM review_log INDEXED BY"
                       " review_log_time WHERE time_ms>=?2 AND action=0 ORDER BY id"
                     : "SELECT " LOG_COLS STATE_BCOLS "0 FROM review_log"
                       " WHERE time_ms>=?2 AND action=0 ORDER BY id";
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
  if (rc == SQLITE_OK && deck_id) rc = sqlite3_bind_text(q, 1, deck_id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 2, since_ms);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_StoreReview r;
    read_review(q, &r);
    rc = SQLITE_OK;
    if (fn(ud, &r)) break;
  }
  sqlite3_finalize(q);
  if (rc == SQLITE_DONE || rc == SQLITE_OK) return KK_OK;
  return fail(s, rc, _("reading the review log"), err);
}

kk_Status kk_store_each_item_log(kk_Store *s, const char *item_key, kk_StoreReviewFn fn, void *ud,
                                 kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_prepare_v2(s->db,
                              "SELECT " LOG_COLS STATE_BCOLS "action FROM review_log"
                              " WHERE item_key=?1 ORDER BY id",
                              -1, &q, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 1, item_key, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_StoreReview r;
    read_review(q, &r);
    rc = SQLITE_OK;
    if (fn(ud, &r)) break;
  }
  sqlite3_finalize(q);
  if (rc == SQLITE_DONE || rc == SQLITE_OK) return KK_OK;
  return fail(s, rc, _("reading an item's history"), err);
}

kk_Status kk_store_review_count(kk_Store *s, const char *deck_id, kk_Err *err, int64_t *out) {
  sqlite3_stmt *q = s->q[Q_COUNT_LOG];
  *out = 0;
  if (deck_id) sqlite3_bind_text(q, 1, deck_id, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    *out = sqlite3_column_int64(q, 0);
    rc = SQLITE_OK;
  }
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("counting reviews"), err);
}

kk_Status kk_store_each_review_time(kk_Store *s, const char *deck_id, kk_StoreTimeFn fn, void *ud,
                                    kk_Err *err) {
  sqlite3_stmt *q = NULL;
  /* Two forms, so that each can walk an index instead of sorting. */
  int rc = sqlite3_prepare_v2(s->db,
                              deck_id ? "SELECT time_ms FROM review_log WHERE deck_id=?1"
                                        " AND action=0 ORDER BY time_ms DESC"
                                      : "SELECT time_ms FROM review_log WHERE action=0"
                                        " ORDER BY time_ms DESC",
                              -1, &q, NULL);
  if (rc == SQLITE_OK && deck_id) rc = sqlite3_bind_text(q, 1, deck_id, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    rc = SQLITE_OK;
    if (fn(ud, sqlite3_column_int64(q, 0))) break;
  }
  sqlite3_finalize(q);
  if (rc == SQLITE_DONE || rc == SQLITE_OK) return KK_OK;
  return fail(s, rc, _("reading review times"), err);
}

_Static_assert(KK_STORE_ACTION_FORGET == 4, "the export's SQL names the forget action 4");

kk_Status kk_store_each_revlog_row(kk_Store *s, const char *deck_id, kk_StoreRevlogFn fn, void *ud,
                                   kk_Err *err) {
  sqlite3_stmt *q = NULL;
  /* Items are numbered by their first review, so the numbers are stable
  ** while the log only grows.  A forget starts a new generation of the
  ** item (gen: forgets so far), numbered as a card of its own. */
  int rc =
      sqlite3_prepare_v2(s->db,
                         "WITH r AS (SELECT id, item_key, deck_id, time_ms, rating, phase_before,"
                         " duration_ms, action, sum(action=4) OVER"
                         " (PARTITION BY item_key ORDER BY id) AS gen FROM review_log),"
                         " k AS (SELECT item_key, gen, row_number() OVER (ORDER BY min(id)) AS n"
                         " FROM r WHERE action=0 GROUP BY item_key, gen)"
                         " SELECT k.n, r.time_ms, r.rating, r.phase_before, r.duration_ms"
                         " FROM r JOIN k ON k.item_key = r.item_key AND k.gen = r.gen"
                         " WHERE r.action=0 AND (?1 IS NULL OR r.deck_id = ?1) ORDER BY r.id",
                         -1, &q, NULL);
  if (rc == SQLITE_OK && deck_id) rc = sqlite3_bind_text(q, 1, deck_id, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_StoreRevlogRow r = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                           sqlite3_column_int(q, 2), sqlite3_column_int(q, 3),
                           sqlite3_column_int64(q, 4)};
    rc = SQLITE_OK;
    if (fn(ud, &r)) break;
  }
  sqlite3_finalize(q);
  if (rc == SQLITE_DONE || rc == SQLITE_OK) return KK_OK;
  return fail(s, rc, _("exporting the review log"), err);
}

/* ==== decks the store knows ===============================================*/

kk_Status kk_store_deck_known(kk_Store *s, const char *deck_id, kk_Err *err, int *known) {
  sqlite3_stmt *q = NULL;
  *known = 0;
  int rc = sqlite3_prepare_v2(
      s->db,
      "SELECT EXISTS(SELECT 1 FROM item_state WHERE deck_id=?1)"
      " OR EXISTS(SELECT 1 FROM review_log INDEXED BY review_log_deck WHERE deck_id=?1)"
      " OR EXISTS(SELECT 1 FROM deck_setting WHERE deck_id=?1)",
      -1, &q, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(q, 1, deck_id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    *known = sqlite3_column_int(q, 0) != 0;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("looking up a deck"), err);
}

/* ==== settings =============================================================*/

kk_Status kk_store_get_deck_settings(kk_Store *s, const char *deck_id, kk_Err *err,
                                     kk_StoreDeckSettings *out, int *found) {
  sqlite3_stmt *q = s->q[Q_GET_DECK];
  memset(out, 0, sizeof *out);
  out->new_per_day = out->reviews_per_day = out->scheduler = out->leech_action = -1;
  out->fold_kana = -1;
  if (found) *found = 0;
  sqlite3_bind_text(q, 1, deck_id, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    out->retention = sqlite3_column_double(q, 0);
    out->new_per_day = sqlite3_column_int(q, 1);
    out->reviews_per_day = sqlite3_column_int(q, 2);
    out->max_interval_days = sqlite3_column_int(q, 3);
    out->scheduler = sqlite3_column_int(q, 4);
    const char *d = (const char *)sqlite3_column_text(q, 5);
    snprintf(out->exam_date, sizeof out->exam_date, "%s", d ? d : "");
    d = (const char *)sqlite3_column_text(q, 6);
    snprintf(out->learning_steps, sizeof out->learning_steps, "%s", d ? d : "");
    d = (const char *)sqlite3_column_text(q, 7);
    snprintf(out->relearning_steps, sizeof out->relearning_steps, "%s", d ? d : "");
    out->leech_threshold = sqlite3_column_int(q, 8);
    out->leech_action = sqlite3_column_int(q, 9);
    out->fold_kana = sqlite3_column_int(q, 10);
    if (found) *found = 1;
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
  }
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("reading deck settings"), err);
}

kk_Status kk_store_put_deck_settings(kk_Store *s, const char *deck_id,
                                     const kk_StoreDeckSettings *ds, kk_Err *err) {
  kk_Status ks = check_key(_("deck id"), deck_id, err);
  if (ks != KK_OK) return ks;
  sqlite3_stmt *q = s->q[Q_PUT_DECK];
  sqlite3_bind_text(q, 1, deck_id, -1, SQLITE_STATIC);
  sqlite3_bind_double(q, 2, ds->retention);
  sqlite3_bind_int(q, 3, ds->new_per_day);
  sqlite3_bind_int(q, 4, ds->reviews_per_day);
  sqlite3_bind_int(q, 5, ds->max_interval_days);
  sqlite3_bind_int(q, 6, ds->scheduler);
  sqlite3_bind_text(q, 7, ds->exam_date, (int)strnlen(ds->exam_date, sizeof ds->exam_date),
                    SQLITE_STATIC);
  sqlite3_bind_text(q, 8, ds->learning_steps,
                    (int)strnlen(ds->learning_steps, sizeof ds->learning_steps), SQLITE_STATIC);
  sqlite3_bind_text(q, 9, ds->relearning_steps,
                    (int)strnlen(ds->relearning_steps, sizeof ds->relearning_steps), SQLITE_STATIC);
  sqlite3_bind_int(q, 10, ds->leech_threshold);
  sqlite3_bind_int(q, 11, ds->leech_action);
  sqlite3_bind_int(q, 12, ds->fold_kana < 0 ? -1 : ds->fold_kana != 0);
  int rc = step_done(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing deck settings"), err);
}

kk_Status kk_store_get_setting(kk_Store *s, const char *key, kk_Err *err, char **out) {
  sqlite3_stmt *q = s->q[Q_GET_SETTING];
  *out = NULL;
  sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  kk_Status ks = KK_OK;
  if (rc == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(q, 0);
    *out = kk_strndup(v ? v : "", (size_t)sqlite3_column_bytes(q, 0));
    if (!*out) ks = kk_err_set(err, KK_ERR_NOMEM, s->path, 0, 0, _("out of memory"));
  } else if (rc != SQLITE_DONE) {
    ks = fail(s, rc, _("reading a setting"), err);
  }
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return ks;
}

kk_Status kk_store_set_setting(kk_Store *s, const char *key, const char *value, kk_Err *err) {
  kk_Status ks = check_key(_("setting name"), key, err);
  if (ks != KK_OK) return ks;
  sqlite3_stmt *q = s->q[value ? Q_SET_SETTING : Q_DEL_SETTING];
  sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
  if (value) sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
  int rc = step_done(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing a setting"), err);
}
