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
#include "core/base/hash.h"
#include "core/deck/deck.h"

static kk_Status fail(kk_Store *s, int rc, const char *what, kk_Err *err) {
  return kk_store_fail(s, rc, what, err);
}

static int exec(kk_Store *s, const char *sql) {
  return sqlite3_exec(kk_store_sqlite(s), sql, NULL, NULL, NULL);
}

/* Statements come from the store's cache and go back with done(). */
static int prep(kk_Store *s, const char *sql, sqlite3_stmt **q) { return kk_store_stmt(s, sql, q); }
static void done(kk_Store *s, sqlite3_stmt *q) { kk_store_stmt_done(s, q); }

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

kk_Status kk_store_sync_add_local(kk_Store *s, int kind, const char *item_key, const char *deck_id,
                                  int64_t n, const char *txt, int64_t time_ms, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s,
                "INSERT INTO sync_event(kind,time_ms,item_key,deck_id,n,text)"
                " VALUES(?,?,?,?,?,?)",
                &q);
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
  done(s, q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("queueing a sync event"), err);
}

#define SEQ_SPENT (-1) /* not an SQLite code: numbering reached KK_SYNC_SEQ_MAX */

/* Gives every row selected by `pick` (ids) the next sequence, with
** `assign` (?1 dev, ?2 seq, ?3 id). */
static int number_rows(kk_Store *s, const char *pick, const char *assign, const char *dev,
                       int64_t *seq) {
  sqlite3_stmt *p = NULL, *a = NULL;
  int rc = prep(s, pick, &p);
  if (rc == SQLITE_OK) rc = prep(s, assign, &a);
  while (rc == SQLITE_OK && (rc = sqlite3_step(p)) == SQLITE_ROW) {
    if (*seq >= KK_SYNC_SEQ_MAX) {
      rc = SEQ_SPENT;
      break;
    }
    text(a, 1, dev);
    sqlite3_bind_int64(a, 2, ++*seq);
    sqlite3_bind_int64(a, 3, sqlite3_column_int64(p, 0));
    rc = run(a);
  }
  done(s, p);
  done(s, a);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

kk_Status kk_store_sync_export(kk_Store *s, const char *dev, int64_t after_seq, int64_t now_ms,
                               int64_t *last_seq, kk_Err *err) {
  int64_t seq = after_seq;
  *last_seq = after_seq;
  if (after_seq < 0 || after_seq > KK_SYNC_SEQ_MAX)
    return kk_err_set(err, KK_ERR_LIMIT, kk_store_path(s), 0, 0,
                      _("this device's sync sequence %lld is out of range"), (long long)after_seq);
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
    rc = number_rows(s,
                     "SELECT id FROM review_log WHERE sync_dev IS NULL AND action IN " SYNC_ACTIONS
                     " ORDER BY id",
                     "UPDATE review_log SET sync_dev=?1, sync_seq=?2 WHERE id=?3", dev, &seq);
  /* flags that differ from those last synced become events */
  if (rc == SQLITE_OK)
    rc = prep(s,
              "INSERT INTO sync_event(kind,time_ms,item_key,deck_id,n)"
              " SELECT 'S', ?1, i.item_key, i.deck_id, i.suspended FROM item_state i"
              " LEFT JOIN sync_flag f ON f.item_key = i.item_key"
              " WHERE i.suspended != coalesce(f.suspended, 0)"
              " UNION ALL"
              " SELECT 'B', ?1, i.item_key, i.deck_id, i.buried_until_ms FROM item_state i"
              " LEFT JOIN sync_flag f ON f.item_key = i.item_key"
              " WHERE i.buried_until_ms != coalesce(f.buried_until_ms, 0)",
              &q);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(q, 1, now_ms);
    rc = run(q);
  }
  done(s, q);
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
  if (rc == SEQ_SPENT)
    return kk_err_set(err, KK_ERR_LIMIT, kk_store_path(s), 0, 0,
                      _("this device has used up its sync sequence numbers"));
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
#define EVENT_UNION(where_r, where_e, order)                                                       \
  "SELECT CASE action WHEN 0 THEN 'R' WHEN 4 THEN 'F' ELSE 'T' END,sync_dev,"                      \
  "sync_seq,time_ms,item_key,deck_id,CASE action WHEN 0 THEN rating ELSE"                          \
  " duration_ms END,CASE action WHEN 0 THEN duration_ms ELSE 0 END,'',id"                          \
  " FROM review_log WHERE action IN " SYNC_ACTIONS " AND " where_r                                 \
  " UNION ALL SELECT kind,dev,seq,time_ms,item_key,deck_id,n,0,text,0"                             \
  " FROM sync_event WHERE " where_e " ORDER BY " order

static kk_Status each_event(kk_Store *s, const char *sql, const char *dev, kk_StoreSyncFn fn,
                            void *ud, const char *what, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, sql, &q);
  if (rc == SQLITE_OK && dev) text(q, 1, dev);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_StoreSyncEvent e;
    read_event(q, &e);
    rc = SQLITE_OK;
    if (fn(ud, &e)) break;
  }
  done(s, q);
  return rc == SQLITE_OK || rc == SQLITE_DONE ? KK_OK : fail(s, rc, what, err);
}

kk_Status kk_store_sync_each_own(kk_Store *s, const char *dev, kk_StoreSyncFn fn, void *ud,
                                 kk_Err *err) {
  return each_event(s, EVENT_UNION("sync_dev=?1", "dev=?1", "3"), dev, fn, ud,
                    _("reading this device's events"), err);
}

/* ==== peers and merging =================================================== */

kk_Status kk_store_sync_peer(kk_Store *s, const char *dev, int64_t *max_seq, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  *max_seq = 0;
  int rc = prep(s, "SELECT max_seq FROM sync_peer WHERE dev=?", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, dev);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) *max_seq = sqlite3_column_int64(q, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  done(s, q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("reading a sync peer"), err);
}

kk_Status kk_store_sync_set_peer(kk_Store *s, const char *dev, int64_t max_seq, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR REPLACE INTO sync_peer(dev,max_seq) VALUES(?,?)", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, dev);
    sqlite3_bind_int64(q, 2, max_seq);
    rc = run(q);
  }
  done(s, q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing a sync peer"), err);
}

/* ---- the stage ---- */

typedef struct Table {
  uint32_t *slot; /* index + 1, 0 = empty */
  uint64_t *hash;
  size_t cap, n;
} Table;

typedef struct StageItem {
  const char *key; /* borrowed from an event */
  int rows;        /* the item had log rows in the store */
  int touched;
} StageItem;

struct kk_StoreSyncStage {
  kk_StoreSyncStaged *v;
  size_t n, cap;
  StageItem *items;
  size_t nitems, itemcap;
  Table by_id, by_same, by_item; /* v by (dev, seq) and by (item, time,
                                 ** rating, action); items by key */
};

/*
** Three open-addressing tables of stage indexes (linear probing; the hash
** is kept beside each slot).  Entries are never removed: an entry undone
** later is marked dead and lookups pass over it. */

static int table_add(Table *t, uint64_t h, size_t idx) {
  if ((t->n + 1) * 2 > t->cap) {
    size_t nc = t->cap ? t->cap * 2 : 1024;
    uint32_t *slot = kk_calloc(nc, sizeof *slot);
    uint64_t *hash = kk_malloc(nc * sizeof *hash);
    if (!slot || !hash) {
      kk_free(slot);
      kk_free(hash);
      return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
      if (!t->slot[i]) continue;
      size_t j = (size_t)t->hash[i] & (nc - 1);
      while (slot[j]) j = (j + 1) & (nc - 1);
      slot[j] = t->slot[i];
      hash[j] = t->hash[i];
    }
    kk_free(t->slot);
    kk_free(t->hash);
    t->slot = slot;
    t->hash = hash;
    t->cap = nc;
  }
  size_t j = (size_t)h & (t->cap - 1);
  while (t->slot[j]) j = (j + 1) & (t->cap - 1);
  t->slot[j] = (uint32_t)idx + 1;
  t->hash[j] = h;
  t->n++;
  return 0;
}

/* Walks the entries whose hash is h: *pos starts at SIZE_MAX; returns an
** index into the stage, or -1 at the end. */
static long table_next(const Table *t, uint64_t h, size_t *pos) {
  if (!t->cap) return -1;
  size_t j = *pos == SIZE_MAX ? (size_t)h & (t->cap - 1) : (*pos + 1) & (t->cap - 1);
  for (; t->slot[j]; j = (j + 1) & (t->cap - 1))
    if (t->hash[j] == h) {
      *pos = j;
      return (long)t->slot[j] - 1;
    }
  return -1;
}

static void table_free(Table *t) {
  kk_free(t->slot);
  kk_free(t->hash);
  memset(t, 0, sizeof *t);
}

kk_StoreSyncStage *kk_store_sync_stage_new(void) { return kk_calloc(1, sizeof(kk_StoreSyncStage)); }

void kk_store_sync_stage_free(kk_StoreSyncStage *g) {
  if (!g) return;
  kk_free(g->v);
  kk_free(g->items);
  table_free(&g->by_id);
  table_free(&g->by_same);
  table_free(&g->by_item);
  kk_free(g);
}

kk_StoreSyncStaged *kk_store_sync_stage_entries(kk_StoreSyncStage *g, size_t *n) {
  *n = g->n;
  return g->v;
}

static uint64_t hash_id(const char *dev, int64_t seq) {
  return kk_hash_mix(kk_hash_str(dev, KK_HASH_INIT), (uint64_t)seq);
}

/* a log entry's action, as review_log keeps it */
static int action_of(int kind) {
  return kind == KK_SYNC_EV_FORGET    ? KK_STORE_ACTION_FORGET
         : kind == KK_SYNC_EV_SET_DUE ? KK_STORE_ACTION_SET_DUE
                                      : 0;
}

/* the same entry under any id: item, time, rating (0 for actions), action */
static uint64_t hash_same(const kk_StoreSyncEvent *e) {
  int action = action_of(e->kind);
  uint64_t h = kk_hash_str(e->item_key, KK_HASH_INIT);
  h = kk_hash_mix(h, (uint64_t)e->time_ms);
  h = kk_hash_mix(h, (uint64_t)(action ? 0 : e->n));
  return kk_hash_mix(h, (uint64_t)action);
}

static int same_entry(const kk_StoreSyncEvent *a, const kk_StoreSyncEvent *b) {
  int x = action_of(a->kind), y = action_of(b->kind);
  return x == y && a->time_ms == b->time_ms && (x ? 1 : a->n == b->n) &&
         strcmp(a->item_key, b->item_key) == 0;
}

/* ---- merging ---- */

enum { M_TOMB, M_SAME, M_ID, M_MAXSEQ, M_ROWS, M_INSERT_E, M_TOUCH, M_KILL, NMERGE };
static const char *const MERGE_SQL[NMERGE] = {
    [M_TOMB] = "SELECT 1 FROM sync_event WHERE kind='U' AND text=?1 AND n=?2",
    [M_SAME] = ("SELECT 1 FROM review_log WHERE time_ms=?1 AND item_key=?2 AND rating=?3"
                " AND action=?4"),
    [M_ID] = "SELECT 1 FROM review_log WHERE sync_dev=?1 AND sync_seq=?2",
    [M_MAXSEQ] = "SELECT coalesce(max(sync_seq), 0) FROM review_log WHERE sync_dev=?1",
    [M_ROWS] = "SELECT EXISTS(SELECT 1 FROM review_log WHERE item_key=?1)",
    [M_INSERT_E] = ("INSERT OR IGNORE INTO sync_event(dev,seq,kind,time_ms,item_key,"
                    "deck_id,n,text) VALUES(?,?,?,?,?,?,?,?)"),
    [M_TOUCH] = "INSERT OR IGNORE INTO temp.sync_touched VALUES(?)",
    [M_KILL] = "DELETE FROM review_log WHERE sync_dev=?1 AND sync_seq=?2",
};

static int exists(sqlite3_stmt *q, int *yes) {
  int rc = sqlite3_step(q);
  *yes = rc == SQLITE_ROW && sqlite3_column_int(q, 0) != 0;
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

typedef struct Merge {
  sqlite3_stmt *q[NMERGE];
  kk_StoreSyncStage *g;
  int tombs;           /* whether any tombstone is stored (most stores have
                         ** none, and the lookup can be skipped) */
  const char *max_dev; /* the device whose highest stored sequence ... */
  int64_t max_seq;     /* ... is this: ids above it are not stored */
} Merge;

/* The stage's record of an item (made on first sight: is it in the log?). */
static int stage_item(Merge *m, const char *key, StageItem **out) {
  kk_StoreSyncStage *g = m->g;
  uint64_t h = kk_hash_str(key, KK_HASH_INIT);
  size_t pos = SIZE_MAX;
  for (long k; (k = table_next(&g->by_item, h, &pos)) >= 0;)
    if (strcmp(g->items[k].key, key) == 0) {
      *out = &g->items[k];
      return SQLITE_OK;
    }
  if (g->nitems == g->itemcap) {
    void *v = kk_grow(g->items, &g->itemcap, g->nitems + 1, sizeof *g->items, 256);
    if (!v) return SQLITE_NOMEM;
    g->items = v;
  }
  int rows = 0;
  text(m->q[M_ROWS], 1, key);
  int rc = exists(m->q[M_ROWS], &rows);
  if (rc != SQLITE_OK) return rc;
  if (table_add(&g->by_item, h, g->nitems) != 0) return SQLITE_NOMEM;
  StageItem *it = &g->items[g->nitems++];
  it->key = key;
  it->rows = rows;
  it->touched = 0;
  *out = it;
  return SQLITE_OK;
}

/* Whether a log entry is already there: stored (under its id, or the same
** item, time and rating under another id) or staged.  The store is asked
** only where it can hold one: ids up to the device's highest stored one,
** items that have log rows. */
static int already(Merge *m, const kk_StoreSyncEvent *e, uint64_t hs, const StageItem *it,
                   int *yes) {
  kk_StoreSyncStage *g = m->g;
  int rc = SQLITE_OK;
  *yes = 0;
  size_t pos = SIZE_MAX;
  for (long k; (k = table_next(&g->by_same, hs, &pos)) >= 0;)
    if (!g->v[k].dead && same_entry(&g->v[k].e, e)) return *yes = 1, SQLITE_OK;
  if (!m->max_dev || strcmp(m->max_dev, e->dev) != 0) {
    text(m->q[M_MAXSEQ], 1, e->dev);
    rc = sqlite3_step(m->q[M_MAXSEQ]);
    m->max_seq = rc == SQLITE_ROW ? sqlite3_column_int64(m->q[M_MAXSEQ], 0) : 0;
    sqlite3_reset(m->q[M_MAXSEQ]);
    sqlite3_clear_bindings(m->q[M_MAXSEQ]);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc;
    m->max_dev = e->dev;
    rc = SQLITE_OK;
  }
  if (e->seq <= m->max_seq) {
    text(m->q[M_ID], 1, e->dev);
    sqlite3_bind_int64(m->q[M_ID], 2, e->seq);
    rc = exists(m->q[M_ID], yes);
    if (rc != SQLITE_OK || *yes) return rc;
  }
  if (it->rows) {
    int action = action_of(e->kind);
    sqlite3_bind_int64(m->q[M_SAME], 1, e->time_ms);
    text(m->q[M_SAME], 2, e->item_key);
    sqlite3_bind_int64(m->q[M_SAME], 3, action ? 0 : e->n);
    sqlite3_bind_int(m->q[M_SAME], 4, action);
    rc = exists(m->q[M_SAME], yes);
  }
  return rc;
}

static int stage_add(kk_StoreSyncStage *g, const kk_StoreSyncEvent *e, uint64_t hs) {
  if (g->n == g->cap) {
    if (g->n >= UINT32_MAX - 1) return -1; /* the tables hold 32-bit indexes */
    void *v = kk_grow(g->v, &g->cap, g->n + 1, sizeof *g->v, 1024);
    if (!v) return -1;
    g->v = v;
  }
  kk_StoreSyncStaged *x = &g->v[g->n];
  memset(x, 0, sizeof *x);
  x->e = *e;
  x->e.row = 0;
  if (table_add(&g->by_id, hash_id(e->dev, e->seq), g->n) != 0 ||
      table_add(&g->by_same, hs, g->n) != 0)
    return -1;
  g->n++;
  return 0;
}

/* An undo: the entry it names leaves the stage or the store. */
static int kill_entry(Merge *m, const char *dev, int64_t seq) {
  kk_StoreSyncStage *g = m->g;
  size_t pos = SIZE_MAX;
  for (long k; (k = table_next(&g->by_id, hash_id(dev, seq), &pos)) >= 0;)
    if (!g->v[k].dead && g->v[k].e.seq == seq && strcmp(g->v[k].e.dev, dev) == 0) g->v[k].dead = 1;
  text(m->q[M_KILL], 1, dev);
  sqlite3_bind_int64(m->q[M_KILL], 2, seq);
  return run(m->q[M_KILL]);
}

static int merge_one(Merge *m, const kk_StoreSyncEvent *e, int64_t *added) {
  int yes = 0, rc = SQLITE_OK;
  if (e->kind == KK_SYNC_EV_REVIEW || e->kind == KK_SYNC_EV_FORGET ||
      e->kind == KK_SYNC_EV_SET_DUE) {
    /* log entries: a review, or a forget or set-due (rating 0, its value
    ** in duration_ms) */
    if (m->tombs) {
      text(m->q[M_TOMB], 1, e->dev);
      sqlite3_bind_int64(m->q[M_TOMB], 2, e->seq);
      rc = exists(m->q[M_TOMB], &yes);
      if (rc != SQLITE_OK || yes) return rc;
    }
    uint64_t hs = hash_same(e);
    StageItem *it = NULL;
    rc = stage_item(m, e->item_key, &it);
    if (rc == SQLITE_OK) rc = already(m, e, hs, it, &yes);
    if (rc != SQLITE_OK || yes) return rc;
    if (stage_add(m->g, e, hs) != 0) return SQLITE_NOMEM;
    if (!it->touched) {
      /* the store's events of the item join the replay */
      text(m->q[M_TOUCH], 1, e->item_key);
      rc = run(m->q[M_TOUCH]);
      it->touched = 1;
    }
    if (rc == SQLITE_OK) ++*added;
    return rc;
  }
  sqlite3_stmt *r = m->q[M_INSERT_E];
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
  if (e->kind == KK_SYNC_EV_UNDO) m->tombs = 1;
  if (rc == SQLITE_OK && e->kind == KK_SYNC_EV_UNDO) rc = kill_entry(m, e->text, e->n);
  if (rc == SQLITE_OK && e->item_key && e->item_key[0]) {
    text(m->q[M_TOUCH], 1, e->item_key);
    rc = run(m->q[M_TOUCH]);
  }
  if (rc == SQLITE_OK) ++*added;
  return rc;
}

kk_Status kk_store_sync_merge(kk_Store *s, const kk_StoreSyncEvent *ev, size_t n,
                              kk_StoreSyncStage *g, int64_t *added, kk_Err *err) {
  Merge m;
  memset(&m, 0, sizeof m);
  m.g = g;
  m.tombs = 1;
  sqlite3_stmt *t = NULL;
  int rc = prep(s, "SELECT EXISTS(SELECT 1 FROM sync_event WHERE kind='U')", &t);
  if (rc == SQLITE_OK && (rc = sqlite3_step(t)) == SQLITE_ROW) {
    m.tombs = sqlite3_column_int(t, 0);
    rc = SQLITE_OK;
  }
  done(s, t);
  for (int i = 0; i < NMERGE && rc == SQLITE_OK; i++) rc = prep(s, MERGE_SQL[i], &m.q[i]);
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) rc = merge_one(&m, &ev[i], added);
  for (int i = 0; i < NMERGE; i++) done(s, m.q[i]);
  if (rc == SQLITE_NOMEM) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("merging events"), err);
}

/* A bulk merge (a device's first sync: the stage at least as large as the
** log) writes its rows faster when the log's plain indexes are built again
** afterwards, one sort each, than when they are kept up row by row.  The
** indexes are the store's own (their SQL read back from the schema); the
** unique and the partial ones stay.  All inside the sync's transaction: an
** interrupted sync leaves them as they were. */
#define BULK_MIN 4096

typedef struct Rebuild {
  char *sql[16];
  int n;
} Rebuild;

static int drop_plain_indexes(kk_Store *s, Rebuild *b) {
  sqlite3_stmt *q = NULL;
  char *names[16];
  int n = 0;
  int rc = prep(s,
                "SELECT name, sql FROM sqlite_master WHERE type='index'"
                " AND tbl_name='review_log' AND sql IS NOT NULL"
                " AND sql NOT LIKE 'CREATE UNIQUE %' AND sql NOT LIKE '% WHERE %'",
                &q);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW && n < 16) {
    names[n] = kk_strdup((const char *)sqlite3_column_text(q, 0));
    b->sql[n] = kk_strdup((const char *)sqlite3_column_text(q, 1));
    n++;
    if (!names[n - 1] || !b->sql[n - 1])
      rc = SQLITE_NOMEM;
    else
      rc = SQLITE_OK;
  }
  done(s, q);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) rc = SQLITE_OK;
  b->n = n;
  for (int i = 0; i < n && rc == SQLITE_OK; i++) {
    char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
    rc = sql ? exec(s, sql) : SQLITE_NOMEM;
    sqlite3_free(sql);
  }
  for (int i = 0; i < n; i++) kk_free(names[i]);
  return rc;
}

static int rebuild_indexes(kk_Store *s, Rebuild *b) {
  int rc = SQLITE_OK;
  for (int i = 0; i < b->n; i++) {
    if (rc == SQLITE_OK) rc = exec(s, b->sql[i]);
    kk_free(b->sql[i]);
  }
  b->n = 0;
  return rc;
}

kk_Status kk_store_sync_write_stage(kk_Store *s, const kk_StoreSyncStage *g, kk_Err *err) {
  Rebuild b;
  memset(&b, 0, sizeof b);
  size_t live = 0;
  for (size_t i = 0; i < g->n; i++) live += !g->v[i].dead;
  int rc = SQLITE_OK;
  if (live >= BULK_MIN) {
    sqlite3_stmt *q = NULL;
    int64_t rows = 0;
    rc = prep(s, "SELECT count(*) FROM review_log", &q);
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
      rows = sqlite3_column_int64(q, 0);
      rc = SQLITE_OK;
    }
    done(s, q);
    if (rc == SQLITE_OK && (int64_t)live >= rows) rc = drop_plain_indexes(s, &b);
  }
  kk_Status st = KK_OK;
  for (size_t i = 0; i < g->n && rc == SQLITE_OK; i++) {
    const kk_StoreSyncStaged *x = &g->v[i];
    if (x->dead) continue;
    kk_ReviewLog log = x->log;
    int action = action_of(x->e.kind);
    /* time, rating and the value kept in duration_ms come from the event */
    log.time_ms = x->e.time_ms;
    log.rating = (kk_Rating)(action ? 0 : x->e.n);
    log.duration_ms = action ? x->e.n : x->e.m;
    st = kk_store_insert_synced(s, x->e.item_key, x->e.deck_id, &x->before, &log, action, x->e.dev,
                                x->e.seq, err);
    if (st != KK_OK) break;
  }
  int rb = rebuild_indexes(s, &b);
  if (st != KK_OK) return st; /* the caller rolls back */
  if (rc == SQLITE_OK) rc = rb;
  if (rc == SQLITE_NOMEM) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("merging events"), err);
}

/* ==== deck settings ======================================================= */

kk_Status kk_store_sync_each_deck(kk_Store *s, kk_StoreSyncDeckFn fn, void *ud, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s,
                "SELECT d.deck_id, v.value FROM deck_setting d"
                " LEFT JOIN sync_deck v ON v.deck_id = d.deck_id ORDER BY d.deck_id",
                &q);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_StoreDeckSettings ds;
    const char *deck = (const char *)sqlite3_column_text(q, 0);
    kk_Status st = kk_store_get_deck_settings(s, deck, err, &ds, NULL);
    if (st != KK_OK) {
      done(s, q);
      return st;
    }
    rc = SQLITE_OK;
    if (fn(ud, deck, &ds, (const char *)sqlite3_column_text(q, 1))) break;
  }
  done(s, q);
  return rc == SQLITE_OK || rc == SQLITE_DONE ? KK_OK
                                              : fail(s, rc, _("reading deck settings"), err);
}

kk_Status kk_store_sync_each_deck_winner(kk_Store *s, kk_StoreSyncTextFn fn, void *ud,
                                         kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s,
                "SELECT deck_id, text FROM (SELECT deck_id, text, row_number() OVER"
                " (PARTITION BY deck_id ORDER BY time_ms DESC, dev DESC) AS k"
                " FROM sync_event WHERE kind='D' AND dev IS NOT NULL) WHERE k=1"
                " ORDER BY deck_id",
                &q);
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    rc = SQLITE_OK;
    if (fn(ud, (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1)))
      break;
  }
  done(s, q);
  return rc == SQLITE_OK || rc == SQLITE_DONE ? KK_OK
                                              : fail(s, rc, _("reading synced deck settings"), err);
}

kk_Status kk_store_sync_set_deck_seen(kk_Store *s, const char *deck_id, const char *txt,
                                      kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR REPLACE INTO sync_deck(deck_id,value) VALUES(?,?)", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, deck_id);
    text(q, 2, txt);
    rc = run(q);
  }
  done(s, q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("remembering deck settings"), err);
}

/* ==== replay ============================================================== */

kk_Status kk_store_sync_each_touched(kk_Store *s, kk_StoreSyncFn fn, void *ud, kk_Err *err) {
  return each_event(
      s,
      EVENT_UNION("sync_dev IS NOT NULL AND item_key IN temp.sync_touched",
                  "dev IS NOT NULL AND kind IN ('S','B') AND item_key IN temp.sync_touched",
                  "5, 2, 3"),
      NULL, fn, ud, _("reading the touched items' events"), err);
}

kk_Status kk_store_sync_put_states(kk_Store *s, const kk_StoreSyncItem *it, size_t n, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR REPLACE INTO sync_flag VALUES(?,?,?)", &q);
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
    kk_Status st = kk_store_put_state(s, it[i].item_key, it[i].deck_id, &it[i].st, err);
    if (st != KK_OK) {
      done(s, q);
      return st;
    }
    text(q, 1, it[i].item_key);
    sqlite3_bind_int(q, 2, it[i].st.suspended);
    sqlite3_bind_int64(q, 3, it[i].st.buried_until_ms);
    rc = run(q);
  }
  done(s, q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing replayed states"), err);
}

kk_Status kk_store_sync_reset_bare(kk_Store *s, int64_t *n, kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s,
                "SELECT t.item_key, i.deck_id FROM temp.sync_touched t"
                " JOIN item_state i ON i.item_key = t.item_key"
                " WHERE NOT EXISTS(SELECT 1 FROM review_log r WHERE r.item_key = t.item_key"
                " AND r.sync_dev IS NOT NULL AND r.action IN " SYNC_ACTIONS ")"
                " AND NOT EXISTS(SELECT 1 FROM sync_event e WHERE e.item_key = t.item_key"
                " AND e.dev IS NOT NULL AND e.kind IN ('S','B'))",
                &q);
  kk_Status st = KK_OK;
  while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    kk_StoreSyncItem it;
    memset(&it, 0, sizeof it);
    it.item_key = (const char *)sqlite3_column_text(q, 0);
    it.deck_id = (const char *)sqlite3_column_text(q, 1);
    rc = SQLITE_OK;
    st = kk_store_sync_put_states(s, &it, 1, err);
    if (st != KK_OK) break;
    ++*n;
  }
  done(s, q);
  if (st != KK_OK) return st;
  return rc == SQLITE_OK || rc == SQLITE_DONE ? KK_OK
                                              : fail(s, rc, _("writing replayed states"), err);
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
  int rc = prep(s,
                "INSERT OR IGNORE INTO temp.sync_touched SELECT item_key FROM"
                " review_log WHERE deck_id=?1 AND sync_dev IS NOT NULL UNION"
                " SELECT item_key FROM sync_event WHERE deck_id=?1 AND dev IS NOT NULL"
                " AND kind IN ('S','B')",
                &q);
  if (rc == SQLITE_OK) {
    text(q, 1, deck_id);
    rc = run(q);
  }
  done(s, q);
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
  done(s, q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("counting touched items"), err);
}

kk_Status kk_store_sync_clear_touched(kk_Store *s, kk_Err *err) {
  int rc = exec(s, "DELETE FROM temp.sync_touched");
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("clearing touched items"), err);
}

/* ==== files =============================================================== */

kk_Status kk_store_sync_file(kk_Store *s, const char *name, int64_t *size, int64_t *mtime_ns,
                             int *found, kk_Err *err) {
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
  done(s, q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("reading a sync file's record"), err);
}

kk_Status kk_store_sync_set_file(kk_Store *s, const char *name, int64_t size, int64_t mtime_ns,
                                 kk_Err *err) {
  sqlite3_stmt *q = NULL;
  int rc = prep(s, "INSERT OR REPLACE INTO sync_file VALUES(?,?,?)", &q);
  if (rc == SQLITE_OK) {
    text(q, 1, name);
    sqlite3_bind_int64(q, 2, size);
    sqlite3_bind_int64(q, 3, mtime_ns);
    rc = run(q);
  }
  done(s, q);
  return rc == SQLITE_OK ? KK_OK : fail(s, rc, _("writing a sync file's record"), err);
}
