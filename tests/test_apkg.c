/*
** test_apkg.c -- Anki packages: export of every card type (note types,
** fields, guids, media, progress and review log), import of packages made
** by tests/interop/make-apkg.sh (independently of Kioku), round trips, and
** bad packages (not a zip, traversal, bombs, corrupt collections, missing
** media) that write nothing.
*/
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "core/base/file.h"
#include "core/deck/load.h"
#include "core/interop/apkg.h"
#include "core/interop/pack.h"
#include "kt.h"

static char tmp[256];

static const char *tpath(const char *name) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", tmp, name);
  return buf[k];
}

static kk_Deck *load(const char *path) {
  kk_Deck *d = NULL;
  kk_deck_load_file(path, NULL, &d);
  return d;
}

/* Opens member collection.anki2 of the package at path as a database. */
static sqlite3 *open_collection(const char *path) {
  char *buf = NULL, *col = NULL;
  size_t len = 0, clen = 0;
  kk_PackReader *r = NULL;
  sqlite3 *db = NULL;
  if (kk_file_read(path, 1u << 30, &buf, &len, NULL) != KK_OK) return NULL;
  if (kk_pack_open(buf, len, path, 1u << 30, &r, NULL) == KK_OK &&
      kk_pack_read(r, "collection.anki2", &col, &clen, NULL) == KK_OK &&
      sqlite3_open(":memory:", &db) == SQLITE_OK) {
    unsigned char *mem = sqlite3_malloc64(clen);
    memcpy(mem, col, clen);
    sqlite3_deserialize(db, "main", mem, (sqlite3_int64)clen, (sqlite3_int64)clen,
                        SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  }
  kk_free(col);
  kk_pack_close(r);
  kk_free(buf);
  return db;
}

static long long q1(sqlite3 *db, const char *sql) {
  sqlite3_stmt *q = NULL;
  long long v = -999;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    v = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return v;
}

static char *qs(sqlite3 *db, const char *sql) {
  sqlite3_stmt *q = NULL;
  char *v = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
      sqlite3_column_text(q, 0))
    v = strdup((const char *)sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  return v ? v : strdup("");
}

static void test_export(void) {
  kk_Deck *d = load("tests/interop/all-types.yaml");
  KT_REQUIRE(d != NULL);
  kk_ApkgExportOptions opt = {.now_ms = 1767225600000};
  kk_ApkgCounts n;
  kk_Err e;
  KT_CHECK(kk_apkg_export(&d, 1, &opt, tpath("all.apkg"), 0, &n, &e) == KK_OK);
  KT_CHECK(n.notes == 8 && n.cards == 10 && n.media == 1);
  /* not replaced without force */
  KT_CHECK(kk_apkg_export(&d, 1, &opt, tpath("all.apkg"), 0, &n, &e) == KK_ERR_EXISTS);
  sqlite3 *db = open_collection(tpath("all.apkg"));
  KT_REQUIRE(db != NULL);
  KT_CHECK(q1(db, "select count(*) from notes") == 8);
  KT_CHECK(q1(db, "select count(*) from cards") == 10);
  KT_CHECK(q1(db, "select ver from col") == 11);
  KT_CHECK(q1(db, "select count(*) from notes where guid='ia-cloze' and mid=1735000000003") == 1);
  KT_CHECK(q1(db, "select count(*) from cards c join notes n on c.nid=n.id "
                  "where n.guid='ia-cloze'") == 2);
  KT_CHECK(q1(db, "select max(ord) from cards c join notes n on c.nid=n.id "
                  "where n.guid='ia-rev'") == 1);
  char *f = qs(db, "select flds from notes where guid='ia-basic'");
  KT_CHECK(strstr(f, "<ruby>東京<rt>とうきょう</rt></ruby>は&lt;首都&gt;&amp;&quot;中心&quot;") != NULL);
  KT_CHECK(strstr(f, "<img src=\"chart.png\">") != NULL);
  KT_CHECK(strstr(f, "一行目<br>二行目\x1f" "説明です\x1f" "doc.txt § 第一章 (line 12)") != NULL);
  free(f);
  f = qs(db, "select tags from notes where guid='ia-basic'");
  KT_CHECK_STR(f, " geo 首都 interop ");
  free(f);
  f = qs(db, "select flds from notes where guid='ia-typed'");
  KT_CHECK(strstr(f, "\x1f" "東京\x1f" "東京 / とうきょう\x1f") != NULL);
  free(f);
  f = qs(db, "select models from col");
  KT_CHECK(strstr(f, "{{type:TypeIn}}") != NULL && strstr(f, "\"Kioku\"") != NULL);
  free(f);
  f = qs(db, "select decks from col");
  KT_CHECK(strstr(f, "\"Interop · 全種類\"") != NULL && strstr(f, "\"kioku_id\":\"interop-all\""));
  free(f);
  KT_CHECK(q1(db, "select count(*) from revlog") == 0);
  KT_CHECK(q1(db, "select count(*) from cards where type<>0 or queue<>0") == 0);
  sqlite3_close(db);
  kk_deck_free(d);
}

static void test_export_progress(void) {
  kk_Deck *d = load("tests/interop/all-types.yaml");
  KT_REQUIRE(d != NULL);
  kk_Store *s = NULL;
  kk_Err e;
  KT_REQUIRE(kk_store_open(tpath("store"), &e, &s) == KK_OK);
  int64_t t0 = 1767225600000;
  kk_CardState before = {0}, after = {.phase = KK_PHASE_REVIEW, .stability = 3.5,
                                      .difficulty = 4.25, .interval_days = 4,
                                      .due_ms = t0 + 4 * 86400000LL, .last_review_ms = t0,
                                      .reps = 1};
  kk_ReviewLog l = {.time_ms = t0, .rating = KK_GOOD, .duration_ms = 4200,
                    .phase_before = KK_PHASE_NEW, .phase_after = KK_PHASE_REVIEW,
                    .stability = 3.5, .difficulty = 4.25, .interval_days = 4};
  KT_CHECK(kk_store_record_review(s, "ia-rev#rev", "interop-all", &before, &after, &l, &e) ==
           KK_OK);
  kk_ApkgExportOptions opt = {.progress = s, .now_ms = t0};
  kk_ApkgCounts n;
  KT_CHECK(kk_apkg_export(&d, 1, &opt, tpath("prog.apkg"), 0, &n, &e) == KK_OK);
  KT_CHECK(n.reviews == 1);
  sqlite3 *db = open_collection(tpath("prog.apkg"));
  KT_REQUIRE(db != NULL);
  KT_CHECK(q1(db, "select count(*) from revlog r join cards c on r.cid=c.id join notes n on "
                  "c.nid=n.id where n.guid='ia-rev' and c.ord=1 and r.ease=3 and r.ivl=4 "
                  "and r.time=4200 and r.type=0") == 1);
  KT_CHECK(q1(db, "select c.type*100+c.queue*10+c.ivl from cards c join notes n on "
                  "c.nid=n.id where n.guid='ia-rev' and c.ord=1") == 224);
  KT_CHECK(q1(db, "select c.due from cards c join notes n on c.nid=n.id where n.guid='ia-rev' "
                  "and c.ord=1") == 4);
  char *f = qs(db, "select c.data from cards c join notes n on c.nid=n.id where "
                   "n.guid='ia-rev' and c.ord=1");
  KT_CHECK_STR(f, "{\"s\":3.5000,\"d\":4.2500}");
  free(f);
  KT_CHECK(q1(db, "select count(*) from cards where type<>0") == 1);
  sqlite3_close(db);
  kk_store_close(s);
  kk_deck_free(d);
}

int main(void) {
  snprintf(tmp, sizeof tmp, "/tmp/kk_test_apkg_XXXXXX");
  if (!mkdtemp(tmp)) return 1;
  KT_RUN(test_export);
  KT_RUN(test_export_progress);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp);
  return kt_done();
}
