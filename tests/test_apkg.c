/*
** test_apkg.c -- Anki packages: export of every card type (note types,
** fields, guids, media, progress and review log), import of packages made
** by tests/interop/make-apkg.sh (independently of Kioku), round trips, and
** bad packages (not a zip, traversal, bombs, corrupt collections, missing
** media) that write nothing.
*/
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "core/base/file.h"
#include "core/deck/load.h"
#include "core/interop/apkg.h"
#include "core/interop/pack.h"
#include "kt.h"
#include "kt_fixture.h"

static char tmp[256];

static const char *tpath(const char *name) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", tmp, name);
  return buf[k];
}

static kk_Deck *load(const char *path) { return kt_deck_file(path); }

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

static kk_Status import(const char *pkg, const char *out, kk_Store *hist, kk_Diags *dg,
                        kk_ApkgCounts *n, kk_Err *e);

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
  KT_CHECK(strstr(f, "<ruby>東京<rt>とうきょう</rt></ruby>は&lt;首都&gt;&amp;&quot;中心&quot;") !=
           NULL);
  KT_CHECK(strstr(f, "<img src=\"chart.png\">") != NULL);
  KT_CHECK(strstr(f, "一行目<br>二行目\x1f"
                     "説明です\x1f"
                     "doc.txt § 第一章 (line 12)") != NULL);
  free(f);
  f = qs(db, "select tags from notes where guid='ia-basic'");
  KT_CHECK_STR(f, " geo 首都 interop ");
  free(f);
  f = qs(db, "select flds from notes where guid='ia-typed'");
  KT_CHECK(strstr(f, "\x1f"
                     "東京\x1f"
                     "東京 / とうきょう\x1f") != NULL);
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
  kk_CardState before = {0}, after = {.phase = KK_PHASE_REVIEW,
                                      .stability = 3.5,
                                      .difficulty = 4.25,
                                      .interval_days = 4,
                                      .due_ms = t0 + 4 * 86400000LL,
                                      .last_review_ms = t0,
                                      .reps = 1};
  kk_ReviewLog l = {.time_ms = t0,
                    .rating = KK_GOOD,
                    .duration_ms = 4200,
                    .phase_before = KK_PHASE_NEW,
                    .phase_after = KK_PHASE_REVIEW,
                    .stability = 3.5,
                    .difficulty = 4.25,
                    .interval_days = 4};
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

/* ---- import ---------------------------------------------------------------- */

static char fx[300];

static kk_Status import(const char *pkg, const char *out, kk_Store *hist, kk_Diags *dg,
                        kk_ApkgCounts *n, kk_Err *e) {
  char *buf = NULL;
  size_t len = 0;
  if (kk_file_read(pkg, 1u << 30, &buf, &len, e) != KK_OK) return KK_ERR_IO;
  kk_ApkgImportOptions opt = {.history = hist};
  kk_Status st = kk_apkg_import(buf, len, pkg, out, &opt, dg, n, e);
  kk_free(buf);
  return st;
}

static const char *fixture(const char *name) {
  static char buf[600];
  snprintf(buf, sizeof buf, "%s/%s", fx, name);
  return buf;
}

/* Number of entries in a folder (-1 if it does not exist). */
static int entries(const char *dir) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "test -d '%s' || exit 255; exit $(ls -A '%s' | wc -l)", dir, dir);
  int rc = system(cmd);
  return WEXITSTATUS(rc) == 255 ? -1 : WEXITSTATUS(rc);
}

static void test_html(void) {
  struct {
    const char *in, *out;
  } cases[] = {
      {"a<br>b", "a\nb"},
      {"a<div>b</div><div>c</div>", "a\nb\nc"},
      {"<b>bold</b> &amp; <i>it</i>&nbsp;x", "bold & it x"},
      {"<ruby>漢字<rt>かんじ</rt></ruby>", "漢字[かんじ]"},
      {"日本<ruby>語<rp>(</rp><rt>ご</rt><rp>)</rp></ruby>", "日本｜語[ご]"},
      {"<ruby>NATO<rt>ナトー</rt></ruby>", "｜NATO[ナトー]"},
      {"&#x41;&#66;&lt;&gt;&quot;&bogus; & <", "AB<>\"&bogus; & <"},
      {"x<script>alert(1)</script>y", "xy"},
      {"  line\nbreak  ", "line break"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *t = kk_apkg_html_text(cases[i].in, strlen(cases[i].in), NULL, NULL);
    KT_CHECK_STR(t, cases[i].out);
    kk_free(t);
  }
}

static int nimg;
static char img0[64];
static void on_img(void *ud, const char *src) {
  (void)ud;
  if (!nimg++) snprintf(img0, sizeof img0, "%s", src);
}

static void test_html_img(void) {
  const char *h = "see<img class=x src=\"a&amp;b.png\"><img src='c.png'>";
  nimg = 0;
  char *t = kk_apkg_html_text(h, strlen(h), on_img, NULL);
  KT_CHECK_STR(t, "see");
  KT_CHECK(nimg == 2);
  KT_CHECK_STR(img0, "a&b.png");
  kk_free(t);
}

static const kk_Card *card(const kk_Deck *d, const char *id) {
  return d ? kk_deck_find(d, id) : NULL;
}

static void test_import_legacy(void) {
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_ApkgCounts n;
  kk_Err e;
  KT_REQUIRE(import(fixture("legacy.apkg"), tpath("legacy"), NULL, &dg, &n, &e) == KK_OK);
  KT_CHECK(n.notes == 7 && n.decks == 2 && n.media == 1);
  /* the unknown note type is named in a warning */
  KT_CHECK(dg.n == 2);
  int named = 0, sound = 0;
  for (size_t i = 0; i < dg.n; i++) {
    named |= strstr(dg.items[i].msg, "'Japanese (recognition)'") != NULL;
    sound |=
        strstr(dg.items[i].msg, "note 3002 (Basic (and reversed card)): 1 sound left out") != NULL;
  }
  KT_CHECK(named && sound);
  kk_diags_free(&dg);
  kk_Deck *geo = load(tpath("legacy/anki-geo.yaml"));
  kk_Deck *lang = load(tpath("legacy/anki-lang.yaml"));
  KT_REQUIRE(geo && lang);
  KT_CHECK_STR(kk_deck_title(lang), "Lang::日本語");
  KT_CHECK_STR(kk_deck_language(lang), "ja");
  const kk_Card *c = card(geo, "anki-3001");
  KT_REQUIRE(c != NULL);
  KT_CHECK(c->type == KK_CARD_BASIC);
  KT_CHECK_STR(c->front, "What is the capital of Japan?");
  KT_CHECK_STR(c->back, "Tokyo\n東京");
  KT_CHECK(c->ntags == 2 && strcmp(c->tags[1], "capital") == 0);
  c = card(lang, "anki-3002");
  KT_CHECK(c && c->type == KK_CARD_REVERSED && strcmp(c->front, "dog") == 0);
  c = card(lang, "anki-3007"); /* optional reverse, not asked for */
  KT_CHECK(c && c->type == KK_CARD_BASIC && strcmp(c->back, "only") == 0);
  c = card(geo, "anki-3003");
  KT_CHECK(c && c->type == KK_CARD_CLOZE && c->ncloze == 2 &&
           strcmp(c->back, "Washington Treaty") == 0);
  c = card(lang, "anki-3004");
  KT_CHECK(c && c->type == KK_CARD_TYPED && c->nanswers == 1 && strcmp(c->answers[0], "4") == 0);
  c = card(lang, "anki-3005");
  KT_CHECK(c && strcmp(c->front, "漢字[かんじ]を読む") == 0 &&
           strcmp(c->back, "to read kanji\nかんじをよむ") == 0);
  c = card(geo, "anki-3006");
  KT_CHECK(c && c->image && strcmp(c->image, "chart.png") == 0 && c->image_path);
  KT_CHECK(c && strcmp(c->back, "Spending & growth <2024>") == 0);
  kk_deck_free(geo);
  kk_deck_free(lang);
  /* a second import does not replace the files without force */
  KT_CHECK(import(fixture("legacy.apkg"), tpath("legacy"), NULL, NULL, &n, &e) == KK_ERR_EXISTS);
}

/* Notes no Kioku card can hold are skipped with a warning naming each, and
** the rest of their deck imports (one such note made the deck fail). */
static void test_import_misfit(void) {
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_ApkgCounts n;
  kk_Err e;
  KT_REQUIRE(import(fixture("misfit.apkg"), tpath("misfit"), NULL, &dg, &n, &e) == KK_OK);
  KT_CHECK(n.notes == 9 && n.decks == 2);
  int text = 0, options = 0, nested = 0, gap = 0;
  for (size_t i = 0; i < dg.n; i++) {
    const char *msg = dg.items[i].msg;
    text |= strstr(msg, "note 3008 (Basic) has a text of 300012 bytes") != NULL;
    options |= strstr(msg, "note 3009 (Kioku) has 27 options, more than a Kioku choice card "
                           "holds (26); skipped") != NULL;
    nested |= strstr(msg, "note 3012 (Cloze) has a cloze Kioku cannot read") != NULL;
    gap |= strstr(msg, "note 3011 (Cloze): cloze numbers renumbered 1 to 2") != NULL;
  }
  KT_CHECK(text && options && nested && gap);
  kk_diags_free(&dg);
  kk_Deck *geo = load(tpath("misfit/anki-geo.yaml"));
  KT_REQUIRE(geo != NULL);
  KT_CHECK(card(geo, "anki-3008") == NULL && card(geo, "k-many") == NULL);
  const kk_Card *c = card(geo, "k-fits");
  KT_CHECK(c && c->type == KK_CARD_CHOICE && c->noptions == 2 && c->options[0].correct);
  KT_CHECK(card(geo, "anki-3001") != NULL);
  /* c1 and c3 are c1 and c2 now, and c3's review is c2's */
  c = card(geo, "anki-3011");
  KT_CHECK(c && c->type == KK_CARD_CLOZE && c->ncloze == 2 &&
           strcmp(c->front, "{{c1::NATO}} and the {{c2::EU}}") == 0);
  KT_CHECK(card(geo, "anki-3012") == NULL);
  kk_deck_free(geo);
  kk_Store *s = NULL;
  KT_REQUIRE(kk_store_open(tpath("misfit-store"), &e, &s) == KK_OK);
  KT_REQUIRE(import(fixture("misfit.apkg"), tpath("misfit-h"), s, NULL, &n, &e) == KK_OK);
  kk_CardState st;
  int found = 0;
  KT_CHECK(kk_store_get_state(s, "anki-3011#c2", &e, &st, &found) == KK_OK && found);
  KT_CHECK(st.phase == KK_PHASE_REVIEW && st.interval_days == 12);
  KT_CHECK(kk_store_get_state(s, "anki-3011#c3", &e, &st, &found) == KK_OK && !found);
  KT_CHECK(kk_store_get_state(s, "anki-3011#c1", &e, &st, &found) == KK_OK && !found);
  kk_store_close(s);
}

static void test_import_latest(void) {
  kk_ApkgCounts n;
  kk_Err e;
  KT_REQUIRE(import(fixture("latest.apkg"), tpath("latest"), NULL, NULL, &n, &e) == KK_OK);
  KT_CHECK(n.notes == 2 && n.decks == 1 && n.media == 1);
  kk_Deck *d = load(tpath("latest/anki-top-sub.yaml"));
  KT_REQUIRE(d != NULL);
  KT_CHECK_STR(kk_deck_title(d), "Top::Sub");
  const kk_Card *c = card(d, "anki-5001");
  KT_CHECK(c && strcmp(c->front, "Front one") == 0 && strcmp(c->back, "Back\none") == 0);
  KT_CHECK(c && c->image && strcmp(c->image, "chart.png") == 0);
  c = card(d, "anki-5002");
  KT_CHECK(c && c->type == KK_CARD_CLOZE && c->ncloze == 2 && c->back == NULL);
  kk_deck_free(d);
  /* the image was unpacked from zstd: the same bytes as the original */
  size_t a = 0, b = 0;
  char *x = kt_read_file(tpath("latest/chart.png"), &a);
  char *y = kt_read_file("tests/interop/img/chart.png", &b);
  KT_CHECK(x && y && a == b && memcmp(x, y, a) == 0);
  free(x);
  free(y);
}

static void test_import_bad(void) {
  static const struct {
    const char *file, *msg;
    kk_Status st;
  } bad[] = {
      {"bad-not-zip.apkg", "not a zip archive", KK_ERR_PARSE},
      {"bad-corrupt.apkg", "corrupt collection", KK_ERR_INVALID},
      {"bad-missing-media.apkg", "missing media: note 3006 shows 'chart.png'", KK_ERR_NOTFOUND},
      {"bad-media-traversal.apkg", "media name '../evil.png' would leave", KK_ERR_INVALID},
      {"bad-no-collection.apkg", "not an Anki package", KK_ERR_INVALID},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    kk_ApkgCounts n;
    kk_Err e = {0};
    char out[64];
    snprintf(out, sizeof out, "bad%zu", i);
    kk_Status st = import(fixture(bad[i].file), tpath(out), NULL, NULL, &n, &e);
    KT_CHECK(st == bad[i].st);
    if (!strstr(e.msg, bad[i].msg)) fprintf(stderr, "  %s: %s\n", bad[i].file, e.msg);
    KT_CHECK(strstr(e.msg, bad[i].msg) != NULL);
    KT_CHECK(entries(tpath(out)) <= 0); /* nothing written */
  }
}

/* A member named ../x is refused when the archive is opened; a member
** that unpacks past the cap stops at the cap. */
static void test_pack_hostile(void) {
  kk_PackWriter *w = NULL;
  kk_Err e;
  KT_REQUIRE(kk_pack_writer_new(&w, &e) == KK_OK);
  KT_CHECK(kk_pack_add(w, "../evil", "x", 1, &e) == KK_OK);
  KT_CHECK(kk_pack_writer_commit(w, tpath("trav.zip"), 0, &e) == KK_OK);
  size_t len = 0;
  char *buf = kt_read_file(tpath("trav.zip"), &len);
  kk_PackReader *r = NULL;
  KT_CHECK(kk_pack_open(buf, len, "trav.zip", 1 << 20, &r, &e) == KK_ERR_INVALID);
  KT_CHECK(strstr(e.msg, "'../evil'") != NULL);
  free(buf);
  /* 8 MiB of zeros deflate to a few KiB: a small bomb */
  char *zeros = calloc(8u << 20, 1);
  KT_REQUIRE(zeros != NULL);
  KT_REQUIRE(kk_pack_writer_new(&w, &e) == KK_OK);
  KT_CHECK(kk_pack_add(w, "collection.anki2", zeros, 8u << 20, &e) == KK_OK);
  free(zeros);
  KT_CHECK(kk_pack_writer_commit(w, tpath("bomb.zip"), 0, &e) == KK_OK);
  buf = kt_read_file(tpath("bomb.zip"), &len);
  KT_CHECK(buf && len < 100000);
  /* declared size over the cap */
  KT_CHECK(kk_pack_open(buf, len, "bomb.zip", 1 << 20, &r, &e) == KK_ERR_LIMIT);
  /* a cap that admits the declared size still holds while unpacking */
  KT_CHECK(kk_pack_open(buf, len, "bomb.zip", 9u << 20, &r, &e) == KK_OK);
  char *out = NULL;
  size_t olen = 0;
  KT_CHECK(kk_pack_read(r, "collection.anki2", &out, &olen, &e) == KK_OK && olen == 8u << 20);
  kk_free(out);
  KT_CHECK(kk_pack_read(r, "collection.anki2", &out, &olen, &e) == KK_ERR_LIMIT);
  kk_free(out);
  kk_pack_close(r);
  free(buf);
}

static void test_import_history(void) {
  kk_Store *s = NULL;
  kk_Err e;
  KT_REQUIRE(kk_store_open(tpath("hstore"), &e, &s) == KK_OK);
  kk_ApkgCounts n;
  KT_REQUIRE(import(fixture("legacy.apkg"), tpath("hist"), s, NULL, &n, &e) == KK_OK);
  KT_CHECK(n.reviews == 7); /* the manual reschedule is not a review */
  int64_t count = 0;
  KT_CHECK(kk_store_review_count(s, "anki-geo", &e, &count) == KK_OK && count == 5);
  KT_CHECK(kk_store_review_count(s, "anki-lang", &e, &count) == KK_OK && count == 2);
  kk_CardState st;
  int found = 0;
  KT_CHECK(kk_store_get_state(s, "anki-3002#rev", &e, &st, &found) == KK_OK && found);
  KT_CHECK(st.phase == KK_PHASE_RELEARNING && st.lapses == 1 && st.reps == 4);
  KT_CHECK_NEAR(st.stability, 1.25, 1e-9);
  KT_CHECK_NEAR(st.difficulty, 7.5, 1e-9);
  KT_CHECK(st.due_ms == (1767225600LL + 86400 * 3) * 1000);
  KT_CHECK(kk_store_get_state(s, "anki-3003#c2", &e, &st, &found) == KK_OK && found);
  KT_CHECK(st.phase == KK_PHASE_REVIEW && st.suspended && st.interval_days == 15);
  KT_CHECK(st.due_ms == (1767225600LL + 86400 * 20) * 1000);
  KT_CHECK(kk_store_get_state(s, "anki-3003#c1", &e, &st, &found) == KK_OK && !found);
  kk_store_close(s);
}

/* A package with numbers no Anki writes: reviews at no real time or with
** an interval past any schedule are skipped, a duration is capped at a
** day, a due date past time leaves the card due now, counts are capped, a
** NaN or infinite memory state is replaced as if the package had none.
** (The times overflowed int64_t arithmetic: undefined behaviour.) */
static void test_import_hostile_history(void) {
  kk_Store *s = NULL;
  kk_Err e;
  KT_REQUIRE(kk_store_open(tpath("hostile-store"), &e, &s) == KK_OK);
  kk_ApkgCounts n;
  KT_REQUIRE(import(fixture("hostile.apkg"), tpath("hostile"), s, NULL, &n, &e) == KK_OK);
  KT_CHECK(n.reviews == 8); /* legacy's 7 and the long one */
  int64_t count = 0;
  KT_CHECK(kk_store_review_count(s, "anki-geo", &e, &count) == KK_OK && count == 6);
  kk_CardState st;
  int found = 0;
  KT_CHECK(kk_store_get_state(s, "anki-3003#c2", &e, &st, &found) == KK_OK && found);
  KT_CHECK(st.due_ms == 0 && st.reps == KK_STATE_MAX_COUNT && st.lapses == KK_STATE_MAX_COUNT);
  KT_CHECK(kk_store_get_state(s, "anki-3002#rev", &e, &st, &found) == KK_OK && found);
  KT_CHECK(isfinite(st.stability) && isfinite(st.difficulty));
  KT_CHECK_NEAR(st.stability, 0.5, 1e-9); /* no interval: half a day */
  KT_CHECK_NEAR(st.difficulty, 5, 1e-9);
  kk_store_close(s);
}

/* A student's progress goes to Anki and back: states and the log. */
static void test_progress_round_trip(void) {
  kk_Deck *a = load("tests/interop/all-types.yaml");
  KT_REQUIRE(a != NULL);
  kk_Store *s1 = NULL, *s2 = NULL;
  kk_Err e;
  KT_REQUIRE(kk_store_open(tpath("prt1"), &e, &s1) == KK_OK);
  KT_REQUIRE(kk_store_open(tpath("prt2"), &e, &s2) == KK_OK);
  int64_t t0 = 1767225600000, day = 86400000;
  kk_CardState st0 = {0};
  kk_CardState st1 = {.phase = KK_PHASE_REVIEW,
                      .stability = 2.5,
                      .difficulty = 6.125,
                      .ease = 2.5,
                      .interval_days = 3,
                      .due_ms = t0 + 3 * day,
                      .last_review_ms = t0,
                      .reps = 1};
  kk_CardState st2 = st1;
  st2.stability = 9.75, st2.interval_days = 10, st2.due_ms = t0 + 13 * day;
  st2.last_review_ms = t0 + 3 * day, st2.reps = 2;
  kk_ReviewLog l1 = {.time_ms = t0,
                     .rating = KK_GOOD,
                     .duration_ms = 3000,
                     .phase_before = KK_PHASE_NEW,
                     .phase_after = KK_PHASE_REVIEW,
                     .interval_days = 3};
  kk_ReviewLog l2 = {.time_ms = t0 + 3 * day,
                     .rating = KK_EASY,
                     .duration_ms = 2000,
                     .phase_before = KK_PHASE_REVIEW,
                     .phase_after = KK_PHASE_REVIEW,
                     .interval_days = 10,
                     .elapsed_days = 3};
  KT_CHECK(kk_store_record_review(s1, "ia-cloze#c2", "interop-all", &st0, &st1, &l1, &e) == KK_OK);
  KT_CHECK(kk_store_record_review(s1, "ia-cloze#c2", "interop-all", &st1, &st2, &l2, &e) == KK_OK);
  kk_ApkgExportOptions opt = {.progress = s1, .now_ms = t0 + 4 * day};
  kk_ApkgCounts n;
  KT_REQUIRE(kk_apkg_export(&a, 1, &opt, tpath("prt.apkg"), 0, &n, &e) == KK_OK);
  KT_REQUIRE(import(tpath("prt.apkg"), tpath("prt"), s2, NULL, &n, &e) == KK_OK);
  KT_CHECK(n.reviews == 2);
  kk_CardState got;
  int found = 0;
  KT_CHECK(kk_store_get_state(s2, "ia-cloze#c2", &e, &got, &found) == KK_OK && found);
  KT_CHECK(got.phase == KK_PHASE_REVIEW && got.reps == 2 && got.interval_days == 10);
  KT_CHECK_NEAR(got.stability, 9.75, 1e-9);
  KT_CHECK_NEAR(got.difficulty, 6.125, 1e-9);
  KT_CHECK_NEAR(got.ease, 2.5, 1e-9);
  /* due is kept to the day (Anki counts review due dates in days) */
  KT_CHECK(got.due_ms / day == st2.due_ms / day);
  KT_CHECK(got.last_review_ms == t0 + 3 * day);
  KT_CHECK(kk_store_get_state(s2, "ia-cloze#c1", &e, &got, &found) == KK_OK && !found);
  int64_t count = 0;
  KT_CHECK(kk_store_review_count(s2, "interop-all", &e, &count) == KK_OK && count == 2);
  kk_store_close(s1);
  kk_store_close(s2);
  kk_deck_free(a);
}

/* Kioku -> Anki -> Kioku gives the same cards. */
static void test_round_trip(void) {
  kk_Deck *a = load("tests/interop/all-types.yaml");
  KT_REQUIRE(a != NULL);
  kk_ApkgExportOptions opt = {.now_ms = 1767225600000};
  kk_Err e;
  kk_ApkgCounts n;
  KT_REQUIRE(kk_apkg_export(&a, 1, &opt, tpath("rt.apkg"), 0, &n, &e) == KK_OK);
  KT_REQUIRE(import(tpath("rt.apkg"), tpath("rt"), NULL, NULL, &n, &e) == KK_OK);
  kk_Deck *b = load(tpath("rt/interop-all.yaml"));
  KT_REQUIRE(b != NULL);
  KT_CHECK_STR(kk_deck_title(b), kk_deck_title(a));
  KT_CHECK_STR(kk_deck_description(b), kk_deck_description(a));
  KT_CHECK_STR(kk_deck_language(b), kk_deck_language(a));
  KT_CHECK(kk_deck_card_count(b) == kk_deck_card_count(a));
  for (size_t i = 0; i < kk_deck_card_count(a); i++) {
    const kk_Card *x = kk_deck_card(a, i), *y = card(b, x->id);
    KT_CHECK(y != NULL);
    if (!y) continue;
    kt_check_card_same(x, y);
    KT_CHECK_STR(x->source.section ? x->source.section : "",
                 y->source.section ? y->source.section : "");
    KT_CHECK((x->image == NULL) == (y->image == NULL));
    /* card tags, then the deck's */
    KT_CHECK(y->ntags ==
             x->ntags + (x->ntags && strcmp(x->tags[x->ntags - 1], "interop") == 0 ? 0 : 1));
  }
  kk_deck_free(a);
  kk_deck_free(b);
}

int main(void) {
  if (kt_tmpdir(tmp, sizeof tmp, "apkg") != 0) return kt_done();
  KT_RUN(test_export);
  KT_RUN(test_export_progress);
  KT_RUN(test_html);
  KT_RUN(test_html_img);
  KT_RUN(test_pack_hostile);
  KT_RUN(test_round_trip);
  KT_RUN(test_progress_round_trip);
  snprintf(fx, sizeof fx, "%s/fx", tmp);
  char mk[700];
  snprintf(mk, sizeof mk, "bash tests/interop/make-apkg.sh '%s'", fx);
  if (system(mk) != 0) {
    fprintf(stderr, "tests/interop/make-apkg.sh failed\n");
    kt_fail++;
  } else {
    KT_RUN(test_import_legacy);
    KT_RUN(test_import_latest);
    KT_RUN(test_import_misfit);
    KT_RUN(test_import_bad);
    KT_RUN(test_import_history);
    KT_RUN(test_import_hostile_history);
  }
  kt_rm_rf(tmp);
  return kt_done();
}
