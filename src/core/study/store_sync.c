/*
** store_sync.c -- the sync tables of the progress store (defined by the
** store's migration 5 in store.c).  The items a sync touches are kept in
** a temporary table of the connection (temp.sync_touched) until the
** replay has rewritten them.  Errors go through the store's one mapper.
*/
#include "core/study/store_sync.h"
#include "core/base/i18n.h"

#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/deck/deck.h"

static kk_Status fail(kk_Store *s, int rc, const char *what, kk_Err *err) {
  return kk_store_fail(s, rc, what, err);
}

static int exec(kk_Store *s, const char *sql) {
  return sqlite3_exec(kk_store_sqlite(s), sql, NULL, NULL, NULL);
}

static int prep(kk_Store *s, const char *sql, sqlite3_stmt **q) {
  return sqlite3_prepare_v2(kk_store_sqlite(s), sql, -1, q, NULL);
}

/* Steps a statement to its end and resets it for the next use. */
static int run(sqlite3_stmt *q) {
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static void text(sqlite3_stmt *q, int i, const char *v) {
  sqlite3_bind_text(q, i, v ? v : "", -1, SQLITE_STATIC);
}

/* ==== transactions ======================================================== */

/* A merge walks the whole log and its indexes: with SQLite's default page
** cache (2 MB) a year's log is read from the OS again and again. */
#define SYNC_CACHE "PRAGMA cache_size=-65536" /* KiB */

kk_Status kk_store_sync_begin(kk_Store *s, kk_Err *err) {
  int rc = exec(s, "CREATE TEMP TABLE IF NOT EXISTS sync_touched("
                   "item_key TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;" SYNC_CACHE);
  if (rc == SQLITE_OK) rc = exec(s, "BEGIN IMMEDIATE");
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("starting a sync"), err);
}

kk_Status kk_store_sync_commit(kk_Store *s, kk_Err *err) {
  int rc = exec(s, "COMMIT");
  if (rc == SQLITE_OK) return KK_OK;
  kk_Status st = fail(s, rc, _("finishing a sync"), err);
  exec(s, "ROLLBACK");
  return st;
}

void kk_store_sync_rollback(kk_Store *s) { exec(s, "ROLLBACK"); }

/* ==== export ============================================================== */

/* The log's entries that are events of their own: reviews, forget and
** set-due (suspend, unsuspend and bury reach the other devices as flag
** events instead). */
#define SYNC_ACTIONS "(0,4,5)"

kk_Status kk_store_sync_add_local(kk_Store *s, int kind, const char *item_key,
                                  const char *deck_id, int64_t n, const char *txt,
                                  int64_t time_ms, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT INTO sync_event(kind,time_ms,item_key,deck_id,n,text)"
                   " VALUES(?,?,?,?,?,?)", &q);
  if (rc == SQLITE_OK) {
    char k[2] = {(char)kind, 0};
    text(q, 1, k);
    sqlite3_bind_int64(q, 2, time_ms);
    text(q, 3, item_key);
    text(q, 4, deck_id);
    sqlite3_bind_int64(q, 5, n);
    text(q, 6, txt);
    rc = run(q);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("queueing a sync event"), err);
}

/* Gives every row selected by `pick` (ids) the next sequence, with
** `assign` (?1 dev, ?2 seq, ?3 id). */
static int number_rows(kk_Store *s, const char *pick, const char *assign,
                       const char *dev, int64_t *seq) {
  sqlite3_stmt *p = NULL, *a = NULL;
  int rc = prep(s, pick, &p);
  if (rc == SQLITE_OK) rc = prep(s, assign, &a);
  while (rc == SQLITE_OK && (rc = sqlite3_step(p)) == SQLITE_ROW) {
    text(a, 1, dev);
    sqlite3_bind_int64(a, 2, ++*seq);
    sqlite3_bind_int64(a, 3, sqlite3_column_int64(p, 0));
    rc = run(a);
  }
  sqlite3_finalize(p);
  sqlite3_finalize(a);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

kk_Status kk_store_sync_export(kk_Store *s, const char *dev, int64_t after_seq,
                               int64_t now_ms, int64_t *last_seq, kk_Err *err) {
  int64_t seq = after_seq;
  sqlite3_stmt *q = NULL;
  int rc = exec(s, "INSERT OR IGNORE INTO temp.sync_touched SELECT item_key FROM"
                   " review_log WHERE sync_dev IS NULL AND action IN " SYNC_ACTIONS ";"
                   "INSERT OR IGNORE INTO temp.sync_touched SELECT item_key FROM"
                   " sync_event WHERE dev IS NULL AND item_key != ''");
  /* set-due entries recorded before they kept their due time: the
  ** item's due time now stands in */
  if (rc == SQLITE_OK)
    rc = exec(s, "UPDATE review_log SET duration_ms=coalesce((SELECT due_ms FROM item_state i"
                 " WHERE i.item_key=review_log.item_key), 0) WHERE sync_dev IS NULL"
                 " AND action=5 AND duration_ms=0");
  if (rc == SQLITE_OK)
    rc = number_rows(s, "SELECT id FROM review_log WHERE sync_dev IS NULL AND action IN " SYNC_ACTIONS
                     " ORDER BY id",
                     "UPDATE review_log SET sync_dev=?1, sync_seq=?2 WHERE id=?3", dev,
                     &seq);
  /* flags that differ from those last synced become events */
  if (rc == SQLITE_OK) rc = prep(s,
      "INSERT INTO sync_event(kind,time_ms,item_key,deck_id,n)"
      " SELECT 'S', ?1, i.item_key, i.deck_id, i.suspended FROM item_state i"
      " LEFT JOIN sync_flag f ON f.item_key = i.item_key"
      " WHERE i.suspended != coalesce(f.suspended, 0)"
      " UNION ALL"
      " SELECT 'B', ?1, i.item_key, i.deck_id, i.buried_until_ms FROM item_state i"
      " LEFT JOIN sync_flag f ON f.item_key = i.item_key"
      " WHERE i.buried_until_ms != coalesce(f.buried_until_ms, 0)", &q);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(q, 1, now_ms);
    rc = run(q);
  }
  sqlite3_finalize(q);
  if (rc == SQLITE_OK)
    rc = exec(s, "INSERT OR IGNORE INTO temp.sync_touched SELECT item_key FROM"
                 " sync_event WHERE dev IS NULL AND item_key != '';"
                 "INSERT OR REPLACE INTO sync_flag SELECT item_key, suspended,"
                 " buried_until_ms FROM item_state WHERE item_key IN"
                 " (SELECT item_key FROM sync_event WHERE dev IS NULL"
                 " AND kind IN ('S','B'))");
  if (rc == SQLITE_OK)
    rc = number_rows(s, "SELECT id FROM sync_event WHERE dev IS NULL ORDER BY id",
                     "UPDATE sync_event SET dev=?1, seq=?2 WHERE id=?3", dev, &seq);
  if (rc == SQLITE_OK && seq > after_seq)
    rc = kk_store_sync_set_peer(s, dev, seq, err) == KK_OK ? SQLITE_OK : SQLITE_ERROR;
  *last_seq = seq;
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("exporting changes"), err);
}

/* Reads an event row selected as
** kind,dev,seq,time_ms,item_key,deck_id,n,m,text,row. */
static void read_event(sqlite3_stmt *q, kk_StoreSyncEvent *e) {
  const char *k = (const char *)sqlite3_column_text(q, 0);
  e->kind = k ? k[0] : 0;
  e->dev = (const char *)sqlite3_column_text(q, 1);
  e->seq = sqlite3_column_int64(q, 2);
  e->time_ms = sqlite3_column_int64(q, 3);
  e->item_key = (const char *)sqlite3_column_text(q, 4);
  e->deck_id = (const char *)sqlite3_column_text(q, 5);
  e->n = sqlite3_column_int64(q, 6);
  e->m = sqlite3_column_int64(q, 7);
  e->text = (const char *)sqlite3_column_text(q, 8);
  e->row = sqlite3_column_int64(q, 9);
}

/* A log entry as an event: a review 'R' (n rating, m duration), a forget
** 'F' or a set-due 'T' (n the due time, kept in duration_ms, store.h). */
#define EVENT_UNION(where_r, where_e, order)                                   \
  "SELECT CASE action WHEN 0 THEN 'R' WHEN 4 THEN 'F' ELSE 'T' END,sync_dev,"  \
  "sync_seq,time_ms,item_key,deck_id,CASE action WHEN 0 THEN rating ELSE"      \
  " duration_ms END,CASE action WHEN 0 THEN duration_ms ELSE 0 END,'',id"      \
  " FROM review_log WHERE action IN " SYNC_ACTIONS " AND " where_r            \
  " UNION ALL SELECT kind,dev,seq,time_ms,item_key,deck_id,n,0,text,0"        \
  " FROM sync_event WHERE " where_e " ORDER BY " order

static kk_Status each_event(kk_Store *s, const char *sql, const char *dev,
                            kk_StoreSyncFn fn, void *ud, const char *what, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, sql, &q);
  if (rc == SQLITE_OK && dev) text(q, 1, dev);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_StoreSyncEvent e;
    read_event(q, &e);
    rc = SQLITE_OK;
    if (fn(ud, &e)) break;
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK || rc == SQLITE_DONE ? KK_OK : fail(s, rc, what, err);
}

kk_Status kk_store_sync_each_own(kk_Store *s, const char *dev, kk_StoreSyncFn fn,
                                 void *ud, kk_Err *err) {
  return each_event(s, EVENT_UNION("sync_dev=?1", "dev=?1", "3"), dev, fn, ud,
                    _("reading this device's events"), err);
}

/* ==== peers and merging =================================================== */

kk_Status kk_store_sync_peer(kk_Store *s, const char *dev, int64_t *max_seq,
                             kk_Err *err) {
  sqlite3_stmt *q = NULL;
  *max_seq = 0;
  int rc = prep(s, "SELECT max_seq FROM sync_peer WHERE dev=?", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, dev);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) *max_seq = sqlite3_column_int64(q, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("reading a sync peer"), err);
}

kk_Status kk_store_sync_set_peer(kk_Store *s, const char *dev, int64_t max_seq,
                                 kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR REPLACE INTO sync_peer(dev,max_seq) VALUES(?,?)", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, dev);
    sqlite3_bind_int64(q, 2, max_seq);
    rc = run(q);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing a sync peer"), err);
}

enum { M_TOMB, M_SAME, M_INSERT_R, M_INSERT_E, M_TOUCH, M_KILL, M_KILL_ITEM, NMERGE };
static const char *const MERGE_SQL[NMERGE] = {
    [M_TOMB] = "SELECT 1 FROM sync_event WHERE kind='U' AND text=?1 AND n=?2",
    [M_SAME] = ("SELECT 1 FROM review_log WHERE time_ms=?1 AND item_key=?2 AND rating=?3"
                " AND action=?6"
                " UNION ALL SELECT 1 FROM review_log WHERE sync_dev=?4 AND sync_seq=?5"),
    [M_INSERT_R] = ("INSERT INTO review_log(item_key,card_id,deck_id,time_ms,rating,"
                    "elapsed_days,duration_ms,phase_before,phase_after,stability,"
                    "difficulty,interval_days,scheduler,sync_dev,sync_seq,sync_remote,action)"
                    " VALUES(?1,substr(?1,1,?2),?3,?4,?5,0,?6,0,0,0,0,0,0,?7,?8,1,?9)"),
    [M_INSERT_E] = ("INSERT OR IGNORE INTO sync_event(dev,seq,kind,time_ms,item_key,"
                    "deck_id,n,text) VALUES(?,?,?,?,?,?,?,?)"),
    [M_TOUCH] = "INSERT OR IGNORE INTO temp.sync_touched VALUES(?)",
    [M_KILL_ITEM] = "SELECT item_key FROM review_log WHERE sync_dev=?1 AND sync_seq=?2",
    [M_KILL] = "DELETE FROM review_log WHERE sync_dev=?1 AND sync_seq=?2",
};

static int exists(sqlite3_stmt *q, int *yes) {
  int rc = sqlite3_step(q);
  *yes = rc == SQLITE_ROW;
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* tombs: whether any tombstone is stored (most stores have none, and the
** lookup can be skipped).  New reviews' items are touched in bulk later. */
static int merge_one(sqlite3_stmt **q, const kk_StoreSyncEvent *e, int *tombs,
                     int64_t *added) {
  int yes = 0, rc = SQLITE_OK;
  if (e->kind == KK_SYNC_EV_REVIEW || e->kind == KK_SYNC_EV_FORGET ||
      e->kind == KK_SYNC_EV_SET_DUE) {
    /* log entries: a review, or a forget or set-due (rating 0, its value
    ** in duration_ms) */
    int action = e->kind == KK_SYNC_EV_FORGET    ? KK_STORE_ACTION_FORGET
                 : e->kind == KK_SYNC_EV_SET_DUE ? KK_STORE_ACTION_SET_DUE
                                                 : 0;
    int64_t rating = action ? 0 : e->n, value = action ? e->n : e->m;
    text(q[M_TOMB], 1, e->dev);
    sqlite3_bind_int64(q[M_TOMB], 2, e->seq);
    rc = *tombs ? exists(q[M_TOMB], &yes) : SQLITE_OK;
    if (rc != SQLITE_OK || yes) return rc;
    sqlite3_bind_int64(q[M_SAME], 1, e->time_ms);
    text(q[M_SAME], 2, e->item_key);
    sqlite3_bind_int64(q[M_SAME], 3, rating);
    sqlite3_bind_int(q[M_SAME], 6, action);
    text(q[M_SAME], 4, e->dev);
    sqlite3_bind_int64(q[M_SAME], 5, e->seq);
    rc = exists(q[M_SAME], &yes);
    if (rc != SQLITE_OK || yes) return rc;
    sqlite3_stmt *r = q[M_INSERT_R];
    text(r, 1, e->item_key);
    sqlite3_bind_int64(r, 2, (int64_t)kk_item_key_card_len(e->item_key));
    text(r, 3, e->deck_id);
    sqlite3_bind_int64(r, 4, e->time_ms);
    sqlite3_bind_int64(r, 5, rating);
    sqlite3_bind_int64(r, 6, value);
    text(r, 7, e->dev);
    sqlite3_bind_int64(r, 8, e->seq);
    sqlite3_bind_int(r, 9, action);
    rc = run(r);
    if (rc == SQLITE_OK) ++*added;
    return rc;
  } else {
    sqlite3_stmt *r = q[M_INSERT_E];
    char kind[2] = {(char)e->kind, 0};
    text(r, 1, e->dev);
    sqlite3_bind_int64(r, 2, e->seq);
    text(r, 3, kind);
    sqlite3_bind_int64(r, 4, e->time_ms);
    text(r, 5, e->item_key);
    text(r, 6, e->deck_id);
    sqlite3_bind_int64(r, 7, e->n);
    text(r, 8, e->text);
    rc = run(r);
    if (e->kind == KK_SYNC_EV_UNDO) *tombs = 1;
    if (rc == SQLITE_OK && e->kind == KK_SYNC_EV_UNDO) {
      text(q[M_KILL], 1, e->text);
      sqlite3_bind_int64(q[M_KILL], 2, e->n);
      rc = run(q[M_KILL]);
    }
  }
  if (rc == SQLITE_OK && e->item_key && e->item_key[0]) {
    text(q[M_TOUCH], 1, e->item_key);
    rc = run(q[M_TOUCH]);
  }
  if (rc == SQLITE_OK) ++*added;
  return rc;
}

kk_Status kk_store_sync_merge(kk_Store *s, const kk_StoreSyncEvent *ev, size_t n,
                              int64_t *added, kk_Err *err) {
  sqlite3_stmt *q[NMERGE] = {0}, *t = NULL;
  int64_t first = 0;
  int tombs = 1;
  int rc = prep(s, "SELECT coalesce(max(id), 0) + 1, EXISTS(SELECT 1 FROM sync_event"
                   " WHERE kind='U') FROM review_log", &t);
  if (rc == SQLITE_OK && (rc = sqlite3_step(t)) == SQLITE_ROW) {
    first = sqlite3_column_int64(t, 0);
    tombs = sqlite3_column_int(t, 1);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(t);
  for (int i = 0; i < NMERGE && rc == SQLITE_OK; i++) rc = prep(s, MERGE_SQL[i], &q[i]);
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) rc = merge_one(q, &ev[i], &tombs, added);
  for (int i = 0; i < NMERGE; i++) sqlite3_finalize(q[i]);
  if (rc == SQLITE_OK && (rc = prep(s, "INSERT OR IGNORE INTO temp.sync_touched SELECT"
                                       " item_key FROM review_log WHERE id >= ?", &t)) == SQLITE_OK) {
    sqlite3_bind_int64(t, 1, first);
    rc = run(t);
    sqlite3_finalize(t);
  }
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("merging events"), err);
}

/* ==== deck settings ======================================================= */

kk_Status kk_store_sync_each_deck(kk_Store *s, kk_StoreSyncDeckFn fn, void *ud,
                                  kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "SELECT d.deck_id,retention,new_per_day,reviews_per_day,"
                   "max_interval_days,scheduler,exam_date,v.value FROM deck_setting d"
                   " LEFT JOIN sync_deck v ON v.deck_id = d.deck_id ORDER BY d.deck_id",
                &q);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_StoreDeckSettings ds;
    memset(&ds, 0, sizeof ds);
    ds.retention = sqlite3_column_double(q, 1);
    ds.new_per_day = sqlite3_column_int(q, 2);
    ds.reviews_per_day = sqlite3_column_int(q, 3);
    ds.max_interval_days = sqlite3_column_int(q, 4);
    ds.scheduler = sqlite3_column_int(q, 5);
    const char *d = (const char *)sqlite3_column_text(q, 6);
    snprintf(ds.exam_date, sizeof ds.exam_date, "%s", d ? d : "");
    rc = SQLITE_OK;
    if (fn(ud, (const char *)sqlite3_column_text(q, 0), &ds,
           (const char *)sqlite3_column_text(q, 7)))
      break;
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK || rc == SQLITE_DONE ? KK_OK
                                              : fail(s, rc, _("reading deck settings"), err);
}

kk_Status kk_store_sync_each_deck_winner(kk_Store *s, kk_StoreSyncTextFn fn, void *ud,
                                         kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "SELECT deck_id, text FROM (SELECT deck_id, text, row_number() OVER"
                   " (PARTITION BY deck_id ORDER BY time_ms DESC, dev DESC) AS k"
                   " FROM sync_event WHERE kind='D' AND dev IS NOT NULL) WHERE k=1"
                   " ORDER BY deck_id", &q);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    rc = SQLITE_OK;
    if (fn(ud, (const char *)sqlite3_column_text(q, 0),
           (const char *)sqlite3_column_text(q, 1)))
      break;
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK || rc == SQLITE_DONE ? KK_OK
                                              : fail(s, rc, _("reading synced deck settings"), err);
}

kk_Status kk_store_sync_set_deck_seen(kk_Store *s, const char *deck_id,
                                      const char *txt, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR REPLACE INTO sync_deck(deck_id,value) VALUES(?,?)", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, deck_id);
    text(q, 2, txt);
    rc = run(q);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("remembering deck settings"), err);
}

/* ==== replay ============================================================== */

kk_Status kk_store_sync_each_touched(kk_Store *s, kk_StoreSyncFn fn, void *ud,
                                     kk_Err *err) {
  return each_event(
      s,
      EVENT_UNION("sync_dev IS NOT NULL AND item_key IN temp.sync_touched",
                  "dev IS NOT NULL AND kind IN ('S','B') AND item_key IN temp.sync_touched",
                  "5, 2, 3"),
      NULL, fn, ud, _("reading the touched items' events"), err);
}

kk_Status kk_store_sync_put_states(kk_Store *s, const kk_StoreSyncItem *it, size_t n,
                                   kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR REPLACE INTO sync_flag VALUES(?,?,?)", &q);
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
    kk_Status st = kk_store_put_state(s, it[i].item_key, it[i].deck_id, &it[i].st, err);
    if (st != KK_OK) {
      sqlite3_finalize(q);
      return st;
    }
    text(q, 1, it[i].item_key);
    sqlite3_bind_int(q, 2, it[i].st.suspended);
    sqlite3_bind_int64(q, 3, it[i].st.buried_until_ms);
    rc = run(q);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing replayed states"), err);
}

kk_Status kk_store_sync_touch_all(kk_Store *s, kk_Err *err) {
  int rc = exec(s, "INSERT OR IGNORE INTO temp.sync_touched SELECT item_key FROM"
                   " review_log WHERE sync_dev IS NOT NULL;"
                   "INSERT OR IGNORE INTO temp.sync_touched SELECT item_key FROM"
                   " sync_event WHERE dev IS NOT NULL AND kind IN ('S','B')");
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("touching every item"), err);
}

kk_Status kk_store_sync_touch_deck(kk_Store *s, const char *deck_id, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR IGNORE INTO temp.sync_touched SELECT item_key FROM"
                   " review_log WHERE deck_id=?1 AND sync_dev IS NOT NULL UNION"
                   " SELECT item_key FROM sync_event WHERE deck_id=?1 AND dev IS NOT NULL"
                   " AND kind IN ('S','B')", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, deck_id);
    rc = run(q);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("touching a deck's items"), err);
}

kk_Status kk_store_sync_touched_count(kk_Store *s, int64_t *n, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  *n = 0;
  int rc = prep(s, "SELECT count(*) FROM temp.sync_touched", &q);
  if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    *n = sqlite3_column_int64(q, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("counting touched items"), err);
}

kk_Status kk_store_sync_clear_touched(kk_Store *s, kk_Err *err) {
  int rc = exec(s, "DELETE FROM temp.sync_touched");
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("clearing touched items"), err);
}

/* ==== files =============================================================== */

kk_Status kk_store_sync_file(kk_Store *s, const char *name, int64_t *size,
                             int64_t *mtime_ns, int *found, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  *found = 0;
  *size = *mtime_ns = 0;
  int rc = prep(s, "SELECT size, mtime_ns FROM sync_file WHERE name=?", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, name);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
      *found = 1;
      *size = sqlite3_column_int64(q, 0);
      *mtime_ns = sqlite3_column_int64(q, 1);
    }
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("reading a sync file's record"), err);
}

kk_Status kk_store_sync_set_file(kk_Store *s, const char *name, int64_t size,
                                 int64_t mtime_ns, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR REPLACE INTO sync_file VALUES(?,?,?)", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, name);
    sqlite3_bind_int64(q, 2, size);
    sqlite3_bind_int64(q, 3, mtime_ns);
    rc = run(q);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing a sync file's record"), err);
}
