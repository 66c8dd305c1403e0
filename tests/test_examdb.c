/* test_examdb.c -- the exam engine with an injected clock, and attempts in
** the store: time-out submission, resume after a kill, per-student
** extensions, per-question limits, save-as-you-go, result files. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/hash.h"
#include "core/exam/attempt.h"
#include "core/exam/examdb.h"
#include "core/exam/examsched.h"
#include "core/study/store.h"
#include "core/exam/results.h"
#include "core/exam/mark.h"
#include "exam_bank.h"
#include "kt.h"
#include "kt_fixture.h"

#define MIN 60000LL
static const int64_t T0 = 1795000000000LL; /* some instant in 2026 */

static char tmpdir[256];

static kk_ExamSpec *spec_of(const char *extra) {
  char t[1024];
  snprintf(t, sizeof t,
           "exam: e1\ntitle: T\ndecks: [a]\ntime_limit: 10m\n"
           "extensions: {S2: 15}\n%s"
           "pools:\n  - count: 6\n",
           extra);
  return kt_spec(t, "e1.yaml");
}

/* A progress store (the real migrations) in tmpdir/NAME/. */
static kk_Store *open_db(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  return kt_store(path);
}

/* A second, raw connection to the same store (another process would see
** the file the same way). */
static sqlite3 *open_raw(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s/" KK_STORE_FILE, tmpdir, name);
  sqlite3 *db = NULL;
  if (sqlite3_open(path, &db) != SQLITE_OK) return NULL;
  return db;
}

static int64_t db_int(kk_Store *store, const char *sql) {
  sqlite3 *db = kk_store_sqlite(store);
  sqlite3_stmt *st;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -2;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* A correct answer for question i, in the stored format. */
static void right_answer(const kk_Attempt *a, size_t i, char *buf, size_t n) {
  const kk_Question *q = kk_paper_question(kk_attempt_paper(a), i);
  kk_mark_correct(q, buf, n);
}

static void test_timeout_submits(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("timeout.db");
  kk_Attempt *a = NULL;
  kk_Err err;
  kk_ExamOpenInfo info;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "Ann", "S1", T0, &a, &info, &err) == KK_OK);
  KT_REQUIRE(a != NULL);
  KT_CHECK(info.resumed == 0);
  KT_CHECK(kk_attempt_deadline_ms(a) == T0 + 10 * MIN);
  KT_CHECK(kk_attempt_remaining_ms(a, T0 + 4 * MIN) == 6 * MIN);
  char ans[256];
  right_answer(a, 0, ans, sizeof ans);
  KT_CHECK(kk_attempt_answer(a, 0, ans, T0 + MIN, &err) == KK_OK);
  unsigned ev = 99;
  KT_CHECK(kk_attempt_tick(a, T0 + 10 * MIN - 1, &ev, &err) == KK_OK);
  KT_CHECK(ev == 0 && kk_attempt_submitted_ms(a) == 0);
  KT_CHECK(kk_attempt_tick(a, T0 + 10 * MIN, &ev, &err) == KK_OK);
  KT_CHECK(ev == KK_TICK_SUBMITTED);
  KT_CHECK(kk_attempt_submitted_ms(a) == T0 + 10 * MIN);
  KT_CHECK(kk_attempt_auto_submitted(a));
  KT_CHECK(kk_attempt_remaining_ms(a, T0 + 10 * MIN) == 0);
  KT_CHECK(db_int(db, "SELECT submitted_ms FROM exam_attempt") == T0 + 10 * MIN);
  /* After submission nothing changes. */
  KT_CHECK(kk_attempt_answer(a, 1, "x", T0 + 10 * MIN + 1, &err) == KK_ERR_USAGE);
  KT_CHECK(kk_attempt_submit(a, T0 + 11 * MIN, &err) == KK_ERR_USAGE);
  KT_CHECK_NEAR(kk_attempt_score(a), kk_paper_question(kk_attempt_paper(a), 0)->points, 1e-12);
  kk_attempt_free(a);

  /* A late answer without a tick in between: refused, and the attempt is
  ** submitted at the deadline, not at the late time. */
  a = NULL;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "Bob", "S3", T0, &a, NULL, &err) == KK_OK);
  if (a) {
    KT_CHECK(kk_attempt_answer(a, 0, "true", T0 + 12 * MIN, &err) == KK_ERR_LIMIT);
    KT_CHECK(kk_attempt_submitted_ms(a) == T0 + 10 * MIN);
    KT_CHECK(!kk_attempt_answered(a, 0));
    /* Time on question 0 stops at the deadline. */
    KT_CHECK(kk_attempt_response(a, 0)->time_spent_ms == 10 * MIN);
  }
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* Answers given in a child process that is then killed (SIGKILL, no
** cleanup at all) are all there when the exam is opened again. */
static void test_resume_after_kill(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Err err;
  pid_t pid = fork();
  if (pid == 0) {
    kk_Store *db = open_db("kill.db");
    kk_Attempt *a = NULL;
    if (kk_examdb_open(db, s, bank_items, BANK_N, "Cho", "S1", T0, &a, NULL, &err)) _exit(3);
    char ans[256];
    right_answer(a, 0, ans, sizeof ans);
    kk_attempt_answer(a, 0, ans, T0 + MIN, &err);
    kk_attempt_goto(a, 2, T0 + 2 * MIN, &err);
    kk_attempt_answer(a, 2, "wrong", T0 + 3 * MIN, &err);
    kk_attempt_flag(a, 2, 1, T0 + 3 * MIN, &err);
    kill(getpid(), SIGKILL);
    _exit(4);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  KT_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  kk_Store *db = open_db("kill.db");
  kk_Attempt *a = NULL, *fresh = NULL;
  kk_ExamOpenInfo info;
  /* Reopened 5 minutes in: same paper, answers, flag; 5 minutes left. */
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "Cho", "S1", T0 + 5 * MIN, &a, &info, &err) ==
           KK_OK);
  KT_REQUIRE(a != NULL);
  KT_CHECK(info.resumed == 1 && info.spec_changed == 0);
  KT_CHECK(kk_attempt_started_ms(a) == T0);
  KT_CHECK(kk_attempt_remaining_ms(a, T0 + 5 * MIN) == 5 * MIN);
  KT_CHECK(kk_attempt_current(a) == 2);
  KT_CHECK(kk_attempt_answered(a, 0) && !kk_attempt_answered(a, 1));
  KT_CHECK_STR(kk_attempt_response(a, 2)->answer, "wrong");
  KT_CHECK(kk_attempt_response(a, 2)->flagged == 1);
  KT_CHECK(kk_attempt_response(a, 0)->time_spent_ms == 2 * MIN); /* shown until the goto */
  KT_CHECK(kk_attempt_response(a, 0)->answered_ms == T0 + MIN);
  KT_CHECK_NEAR(kk_attempt_points(a, 0), kk_paper_question(kk_attempt_paper(a), 0)->points, 1e-12);
  /* The paper is the stored one: a fresh draw with the same seed agrees. */
  kk_Paper *p = NULL;
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, kk_exam_student_seed(s, "S1"), &p, &err) == KK_OK);
  char *t1 = kk_paper_serialize(p), *t2 = kk_paper_serialize(kk_attempt_paper(a));
  KT_CHECK_STR(t1, t2);
  kk_free(t1);
  kk_free(t2);
  kk_paper_free(p);
  /* A new answer after the resume is saved too. */
  KT_CHECK(kk_attempt_answer(a, 1, "x", T0 + 6 * MIN, &err) == KK_OK);
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer") == 3);
  kk_attempt_free(a);
  kk_store_close(db);

  /* Opened again after the deadline: submitted at the deadline. */
  db = open_db("kill.db");
  a = NULL;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "Cho", "S1", T0 + 60 * MIN, &a, &info, &err) ==
           KK_OK);
  if (a) {
    KT_CHECK(kk_attempt_submitted_ms(a) == T0 + 10 * MIN);
    KT_CHECK(kk_attempt_auto_submitted(a));
  }
  KT_CHECK(db_int(db, "SELECT submitted_ms FROM exam_attempt") == T0 + 10 * MIN);
  kk_attempt_free(a);
  /* A spec edited meanwhile is noticed (the stored paper still rules). */
  kk_ExamSpec *s2 = spec_of("instructions: changed\n");
  KT_CHECK(kk_examdb_open(db, s2, bank_items, BANK_N, "Cho", "S1", T0 + 61 * MIN, &fresh, &info,
                          &err) == KK_OK);
  KT_CHECK(info.resumed && info.spec_changed);
  kk_attempt_free(fresh);
  kk_exam_spec_free(s2);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

static void test_extension(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("ext.db");
  kk_Attempt *a1 = NULL, *a2 = NULL;
  kk_Err err;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a1, NULL, &err) == KK_OK);
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "B", "S2", T0, &a2, NULL, &err) == KK_OK);
  if (!a1 || !a2) return;
  KT_CHECK(kk_attempt_deadline_ms(a1) == T0 + 10 * MIN);
  KT_CHECK(kk_attempt_deadline_ms(a2) == T0 + 25 * MIN);
  unsigned ev;
  KT_CHECK(kk_attempt_tick(a1, T0 + 20 * MIN, &ev, &err) == KK_OK && ev == KK_TICK_SUBMITTED);
  KT_CHECK(kk_attempt_tick(a2, T0 + 20 * MIN, &ev, &err) == KK_OK && ev == 0);
  KT_CHECK(kk_attempt_answer(a2, 0, "x", T0 + 20 * MIN, &err) == KK_OK);
  KT_CHECK(kk_attempt_tick(a2, T0 + 25 * MIN, &ev, &err) == KK_OK && ev == KK_TICK_SUBMITTED);
  KT_CHECK(kk_attempt_submitted_ms(a2) == T0 + 25 * MIN);
  /* Class seed: both students got the same paper. */
  char *t1 = kk_paper_serialize(kk_attempt_paper(a1));
  char *t2 = kk_paper_serialize(kk_attempt_paper(a2));
  KT_CHECK_STR(t1, t2);
  kk_free(t1);
  kk_free(t2);
  kk_attempt_free(a1);
  kk_attempt_free(a2);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* Extensions in the spec students receive need not name the students:
** hashed keys under extensions_salt. */
static void test_extension_hashed(void) {
  char key[KK_EXAM_EXT_KEY_MAX], key2[KK_EXAM_EXT_KEY_MAX];
  KT_REQUIRE(kk_exam_extension_key("pepper", "2026014", key) == 0);
  KT_CHECK(strncmp(key, "h:", 2) == 0 && strlen(key) == 34);
  KT_CHECK(strstr(key, "2026014") == NULL);
  KT_REQUIRE(kk_exam_extension_key("salt2", "2026014", key2) == 0);
  KT_CHECK(strcmp(key, key2) != 0); /* the salt matters */
  KT_REQUIRE(kk_exam_extension_key("pepper", "2026014", key2) == 0);
  KT_CHECK_STR(key, key2); /* and it is stable */
  /* a spec entry is written under its hash; one already hashed is kept */
  KT_REQUIRE(kk_exam_extension_entry_key("pepper", "2026014", key2) == 0);
  KT_CHECK_STR(key2, key);
  KT_REQUIRE(kk_exam_extension_entry_key("pepper", key, key2) == 0);
  KT_CHECK_STR(key2, key);
  char t[1024];
  snprintf(t, sizeof t,
           "exam: e1\ntitle: T\ndecks: [a]\ntime_limit: 10m\n"
           "extensions_salt: pepper\nextensions: {\"%s\": 20}\npools:\n  - count: 6\n",
           key);
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_ExamSpec *s = NULL;
  KT_CHECK(kk_exam_spec_load_mem(t, strlen(t), "e1.yaml", &d, &s) == KK_OK);
  kk_diags_free(&d);
  if (s) {
    KT_CHECK(kk_exam_spec_extension_min(s, "2026014") == 20);
    KT_CHECK(kk_exam_spec_extension_min(s, "2026015") == 0);
    KT_CHECK(kk_attempt_deadline_for(s, "2026014", T0) == T0 + 30 * MIN);
    kk_exam_spec_free(s);
  }
  /* A hashed key without the salt, and a malformed one, are errors. */
  snprintf(t, sizeof t,
           "exam: e1\ntitle: T\ndecks: [a]\ntime_limit: 10m\n"
           "extensions: {\"%s\": 20}\npools:\n  - count: 6\n",
           key);
  kk_diags_init(&d, 0);
  KT_CHECK(kk_exam_spec_load_mem(t, strlen(t), "e1.yaml", &d, &s) == KK_ERR_INVALID);
  kk_diags_free(&d);
  const char *bad = "exam: e1\ntitle: T\ndecks: [a]\ntime_limit: 10m\nextensions_salt: x\n"
                    "extensions: {\"h:12\": 20}\npools:\n  - count: 6\n";
  kk_diags_init(&d, 0);
  KT_CHECK(kk_exam_spec_load_mem(bad, strlen(bad), "e1.yaml", &d, &s) == KK_ERR_INVALID);
  kk_diags_free(&d);
}

static void test_time_accounting(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Err err;
  kk_Paper *p = NULL;
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, 3, &p, &err) == KK_OK);
  kk_Attempt *a = NULL;
  KT_CHECK(kk_attempt_new(s, p, "A", "S1", 3, T0, T0 + 10 * MIN, &a) == KK_OK);
  KT_REQUIRE(a != NULL);
  KT_CHECK(kk_attempt_goto(a, 1, T0 + 10000, &err) == KK_OK);
  KT_CHECK(kk_attempt_goto(a, 0, T0 + 25000, &err) == KK_OK);
  KT_CHECK(kk_attempt_answer(a, 0, "x", T0 + 30000, &err) == KK_OK);
  KT_CHECK(kk_attempt_response(a, 0)->time_spent_ms == 10000 + 5000);
  KT_CHECK(kk_attempt_response(a, 1)->time_spent_ms == 15000);
  KT_CHECK(kk_attempt_time_spent_ms(a, 0, T0 + 32000) == 17000);
  KT_CHECK(kk_attempt_goto(a, 99, T0 + 32000, &err) == KK_ERR_USAGE);
  KT_CHECK(kk_attempt_submit(a, T0 + 40000, &err) == KK_OK);
  KT_CHECK(kk_attempt_response(a, 0)->time_spent_ms == 25000);
  KT_CHECK(!kk_attempt_auto_submitted(a));
  kk_attempt_free(a);
  kk_exam_spec_free(s);
}

static void test_question_limit_sequential(void) {
  kk_ExamSpec *s = spec_of("navigation: sequential\nquestion_time_limit: 30s\n");
  kk_Err err;
  kk_Paper *p = NULL;
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, 3, &p, &err) == KK_OK);
  kk_Attempt *a = NULL;
  KT_CHECK(kk_attempt_new(s, p, "A", "S1", 3, T0, T0 + 10 * MIN, &a) == KK_OK);
  KT_REQUIRE(a != NULL);
  KT_CHECK(kk_attempt_question_remaining_ms(a, T0 + 10000) == 20000);
  KT_CHECK(!kk_attempt_can_visit(a, 2));
  KT_CHECK(kk_attempt_goto(a, 2, T0 + 1000, &err) == KK_ERR_USAGE);
  unsigned ev;
  KT_CHECK(kk_attempt_tick(a, T0 + 29999, &ev, &err) == KK_OK && ev == 0);
  KT_CHECK(kk_attempt_tick(a, T0 + 31000, &ev, &err) == KK_OK);
  KT_CHECK(ev == (KK_TICK_LOCKED | KK_TICK_MOVED));
  KT_CHECK(kk_attempt_current(a) == 1);
  KT_CHECK(kk_attempt_response(a, 0)->locked);
  KT_CHECK(kk_attempt_response(a, 0)->time_spent_ms == 30000);
  /* No way back in sequential navigation. */
  KT_CHECK(kk_attempt_answer(a, 0, "x", T0 + 32000, &err) == KK_ERR_USAGE);
  KT_CHECK(kk_attempt_answer(a, 1, "y", T0 + 32000, &err) == KK_OK);
  KT_CHECK(kk_attempt_goto(a, 2, T0 + 33000, &err) == KK_OK);
  KT_CHECK(kk_attempt_goto(a, 1, T0 + 34000, &err) == KK_ERR_USAGE);
  kk_attempt_free(a);
  kk_exam_spec_free(s);
}

static void test_after_each_locks(void) {
  kk_ExamSpec *s = spec_of("feedback: after_each\n");
  kk_Err err;
  kk_Paper *p = NULL;
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, 3, &p, &err) == KK_OK);
  kk_Attempt *a = NULL;
  KT_CHECK(kk_attempt_new(s, p, "A", "S1", 3, T0, 0, &a) == KK_OK);
  KT_REQUIRE(a != NULL);
  KT_CHECK(kk_attempt_remaining_ms(a, T0 + 999 * MIN) == INT64_MAX); /* untimed */
  KT_CHECK(kk_attempt_answer(a, 0, "x", T0 + 1000, &err) == KK_OK);
  KT_CHECK(kk_attempt_response(a, 0)->locked);
  KT_CHECK(kk_attempt_answer(a, 0, "y", T0 + 2000, &err) == KK_ERR_LIMIT);
  KT_CHECK_STR(kk_attempt_response(a, 0)->answer, "x");
  kk_attempt_free(a);
  kk_exam_spec_free(s);
}

/* A failed save keeps the answer and is retried by the next tick. */
static void test_save_failure_retried(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("fail.db");
  kk_Attempt *a = NULL;
  kk_Err err;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
  KT_REQUIRE(a != NULL);
  /* Another connection holds a write lock: the save fails as busy. */
  sqlite3 *other = open_raw("fail.db");
  KT_CHECK(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
  kk_Status st = kk_attempt_answer(a, 0, "kept", T0 + MIN, &err);
  KT_CHECK(st == KK_ERR_BUSY);
  KT_CHECK(kk_attempt_response(a, 0)->dirty);
  KT_CHECK_STR(kk_attempt_response(a, 0)->answer, "kept");
  sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
  sqlite3_close(other);
  unsigned ev;
  KT_CHECK(kk_attempt_tick(a, T0 + 2 * MIN, &ev, &err) == KK_OK);
  KT_CHECK(!kk_attempt_response(a, 0)->dirty);
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer WHERE answer = 'kept'") == 1);
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* A submission whose save fails stays pending: kk_attempt_saved says so,
** the next tick saves it, and only then is the attempt stored as submitted. */
static void test_submit_failure_retried(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("subfail.db");
  kk_Attempt *a = NULL;
  kk_Err err;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
  KT_REQUIRE(a != NULL);
  KT_CHECK(kk_attempt_answer(a, 0, "x", T0 + MIN, &err) == KK_OK);
  sqlite3 *other = open_raw("subfail.db");
  KT_CHECK(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
  KT_CHECK(kk_attempt_submit(a, T0 + 2 * MIN, &err) == KK_ERR_BUSY);
  KT_CHECK(kk_attempt_submitted_ms(a) != 0);
  KT_CHECK(!kk_attempt_saved(a));
  sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
  sqlite3_close(other);
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_attempt WHERE submitted_ms IS NOT NULL") == 0);
  KT_CHECK(kk_attempt_tick(a, T0 + 3 * MIN, NULL, &err) == KK_OK);
  KT_CHECK(kk_attempt_saved(a));
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_attempt WHERE submitted_ms IS NOT NULL") == 1);
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* A damaged stored paper (no questions, or cut short) is refused, not
** resumed into a crash. */
static void test_damaged_paper(void) {
  kk_Paper *p = NULL;
  kk_Err err;
  KT_CHECK(kk_paper_parse("kioku-paper 1\n", NULL, 0, &p, &err) == KK_ERR_PARSE && !p);
  KT_CHECK(kk_paper_parse("kioku-paper 1\nno-trailing-newline", NULL, 0, &p, &err) ==
               KK_ERR_PARSE &&
           !p);
}

/* A stored paper whose numbers were edited to what kk_paper_build never
** writes: points out of (0, 10000] or not a number, a time limit out of
** range, a cloze blank that does not exist.  Refused as damaged; the paper
** as written reads back. */
static void test_damaged_paper_numbers(void) {
  kk_Err err;
  kk_Paper *back = NULL;
  static const char *const lines[] = {"cz#c1\t0\tnan\t0\t",   "cz#c1\t0\t-1\t0\t",
                                      "cz#c1\t0\t0\t0\t",     "cz#c1\t0\t1e300\t0\t",
                                      "cz#c1\t0\t10001\t0\t", "cz#c1\t0\t1x\t0\t",
                                      "cz#c1\t0\t1\t-1\t",    "cz#c1\t0\t1\t9223372036854775807\t",
                                      "cz#c0\t0\t1\t0\t",     "cz#c100\t0\t1\t0\t",
                                      "cz#c1x\t0\t1\t0\t",    "cz\t0\t1\t0\t",
                                      "cz#c9\t0\t1\t0\t"};
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    char buf[256];
    snprintf(buf, sizeof buf, "kioku-paper 1\ntf\t0\t1\t0\t\n%s\n", lines[i]);
    back = NULL;
    KT_CHECK(kk_paper_parse(buf, bank_items, BANK_N, &back, &err) == KK_ERR_PARSE);
    KT_CHECK(back == NULL && strstr(err.msg, "damaged (question 2)") != NULL);
    kk_paper_free(back);
  }
  /* the edges kk_paper_build can write read back */
  const char *ok = "kioku-paper 1\ntf\t0\t0.5\t0\t\ncz#c2\t0\t10000\t3600000\t\n";
  back = NULL;
  KT_CHECK(kk_paper_parse(ok, bank_items, BANK_N, &back, &err) == KK_OK);
  if (back) KT_CHECK(kk_paper_count(back) == 2 && kk_paper_question(back, 1)->cloze == 2);
  kk_paper_free(back);
}

static void test_result_files(void) {
  kk_ExamSpec *s = spec_of("seed_mode: student\npass_mark: 50\n");
  kk_Store *db = open_db("res.db");
  kk_Attempt *a = NULL, *b = NULL;
  kk_Err err;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "Ann \"A\", Jr", "S/1", T0, &a, NULL, &err) ==
           KK_OK);
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "Bo", "S_1", T0, &b, NULL, &err) == KK_OK);
  if (!a || !b) return;
  /* Student seeds: different papers. */
  char *t1 = kk_paper_serialize(kk_attempt_paper(a));
  char *t2 = kk_paper_serialize(kk_attempt_paper(b));
  KT_CHECK(strcmp(t1, t2) != 0);
  kk_free(t1);
  kk_free(t2);
  char ans[256];
  for (size_t i = 0; i < 4; i++) {
    right_answer(a, i, ans, sizeof ans);
    KT_CHECK(kk_attempt_answer(a, i, ans, T0 + (int64_t)(i + 1) * MIN, &err) == KK_OK);
  }
  char dir[300], jp[600];
  snprintf(dir, sizeof dir, "%s/results", tmpdir);
  mkdir(dir, 0700);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_ERR_USAGE); /* not submitted */
  KT_CHECK(kk_attempt_submit(a, T0 + 5 * MIN, &err) == KK_OK);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_OK);
  char want[600];
  snprintf(want, sizeof want, "%s/e1_S_1-", dir);
  KT_CHECK(strncmp(jp, want, strlen(want)) == 0 && strlen(jp) == strlen(want) + 32 + 5);
  snprintf(want, sizeof want, "%s", jp);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_ERR_EXISTS);
  KT_CHECK(kk_results_write(a, dir, 1, jp, sizeof jp, &err) == KK_OK);
  /* "S_1" is another student: another file. */
  char jp2[600];
  KT_CHECK(kk_attempt_submit(b, T0 + 5 * MIN, &err) == KK_OK);
  KT_CHECK(kk_results_write(b, dir, 0, jp2, sizeof jp2, &err) == KK_OK);
  KT_CHECK(strcmp(jp, jp2) != 0);
  /* Read back: 4 of 6 right, each worth 1. */
  kk_Class *c = kk_class_new();
  KT_CHECK(kk_class_add_file(c, want, &err) == KK_OK);
  const kk_ResultStudent *r = kk_class_student(c, 0);
  if (r) {
    KT_CHECK_STR(r->name, "Ann \"A\", Jr");
    KT_CHECK_STR(r->number, "S/1");
    KT_CHECK_NEAR(r->score, 4, 1e-9);
    KT_CHECK_NEAR(r->max_score, 6, 1e-9);
    KT_CHECK(r->passed == 1);
    KT_CHECK(r->nanswers == 6);
    KT_CHECK_STR(r->answers[0].id, kk_paper_question(kk_attempt_paper(a), 0)->key);
    KT_CHECK_NEAR(r->answers[0].points, 1, 1e-9);
    KT_CHECK_NEAR(r->answers[5].points, 0, 1e-9);
  }
  kk_class_free(c);
  /* The CSV: a header and one line per question. */
  strcpy(want + strlen(want) - 5, ".csv");
  size_t len = 0;
  char *csv = kt_read_file(want, &len);
  KT_CHECK(csv != NULL);
  if (csv) {
    size_t rows = 0;
    for (char *q = csv; (q = strstr(q, "\r\n")); q++) rows++; /* records end in CRLF */
    KT_CHECK(rows == 7);
    KT_CHECK(strncmp(csv, "exam,student_name,student_no,seed,", 34) == 0);
    KT_CHECK(strstr(csv, "e1,\"Ann \"\"A\"\", Jr\",S/1,") != NULL);
    free(csv);
  }
  char utc[40];
  kk_format_utc(T0, utc, sizeof utc);
  KT_CHECK_STR(utc, "2026-11-18T11:06:40.000Z"); /* 1795000000 s after 1970 */
  kk_format_utc(0, utc, sizeof utc);
  KT_CHECK_STR(utc, "1970-01-01T00:00:00.000Z");
  kk_format_utc(951782400123LL, utc, sizeof utc);
  KT_CHECK_STR(utc, "2000-02-29T00:00:00.123Z");
  kk_attempt_free(a);
  kk_attempt_free(b);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* Submission is one transaction: answers and the submission are stored
** together or not at all.  A trigger planted by the test makes the last
** statement (marking the attempt submitted) fail: the answer written in the
** same transaction must not be there. */
static void test_submit_one_transaction(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("subtx.db");
  kk_Attempt *a = NULL;
  kk_Err err;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
  if (!a) return;
  KT_CHECK(kk_attempt_answer(a, 0, "first", T0 + MIN, &err) == KK_OK);
  sqlite3 *other = open_raw("subtx.db");
  KT_CHECK(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
  KT_CHECK(kk_attempt_answer(a, 1, "second", T0 + 2 * MIN, &err) == KK_ERR_BUSY);
  KT_CHECK(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL) == SQLITE_OK);
  KT_CHECK(sqlite3_exec(other,
                        "CREATE TRIGGER no_submit BEFORE UPDATE OF submitted_ms ON "
                        "exam_attempt BEGIN SELECT RAISE(ABORT, 'refused'); END",
                        NULL, NULL, NULL) == SQLITE_OK);
  KT_CHECK(kk_attempt_submit(a, T0 + 3 * MIN, &err) != KK_OK);
  KT_CHECK(!kk_attempt_saved(a));
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer WHERE answer = 'second'") == 0);
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_attempt WHERE submitted_ms IS NOT NULL") == 0);
  KT_CHECK(sqlite3_exec(other, "DROP TRIGGER no_submit", NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(other);
  /* The next tick stores everything at once. */
  KT_CHECK(kk_attempt_tick(a, T0 + 4 * MIN, NULL, &err) == KK_OK);
  KT_CHECK(kk_attempt_saved(a));
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer WHERE answer = 'second'") == 1);
  KT_CHECK(db_int(db, "SELECT submitted_ms FROM exam_attempt") == T0 + 3 * MIN);
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* v1's attack: a second process on the same attempt changed answers and
** the submission time after it was submitted.  The store itself refuses:
** through the engine (a second Kioku that opened the attempt earlier) and
** through raw SQL on another connection. */
static void test_submitted_is_immutable(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("frozen.db");
  kk_Store *db2 = open_db("frozen.db");
  kk_Attempt *a = NULL, *b = NULL;
  kk_Err err;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
  KT_CHECK(kk_examdb_open(db2, s, bank_items, BANK_N, "A", "S1", T0 + MIN, &b, NULL, &err) ==
           KK_OK);
  if (!a || !b) return;
  KT_CHECK(kk_attempt_answer(a, 0, "mine", T0 + 2 * MIN, &err) == KK_OK);
  KT_CHECK(kk_attempt_submit(a, T0 + 3 * MIN, &err) == KK_OK);
  /* The other Kioku still holds the attempt open in memory. */
  KT_CHECK(kk_attempt_answer(b, 0, "changed", T0 + 4 * MIN, &err) == KK_ERR_DB);
  KT_CHECK(strstr(err.msg, "already submitted") != NULL);
  KT_CHECK(kk_attempt_submit(b, T0 + 5 * MIN, &err) != KK_OK);
  KT_CHECK(db_int(db, "SELECT submitted_ms FROM exam_attempt") == T0 + 3 * MIN);
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer WHERE answer = 'mine'") == 1);
  /* Raw SQL from another connection. */
  sqlite3 *other = open_raw("frozen.db");
  static const char *const attacks[] = {
      "UPDATE exam_answer SET answer = 'x'",
      "DELETE FROM exam_answer",
      "INSERT OR REPLACE INTO exam_answer(attempt_id, qindex, answer, answered_ms) "
      "VALUES((SELECT id FROM exam_attempt), 0, 'x', 0)",
      "INSERT INTO exam_answer(attempt_id, qindex, answer, answered_ms) "
      "VALUES((SELECT id FROM exam_attempt), 99, 'x', 0)",
      "UPDATE exam_attempt SET submitted_ms = 1",
      "UPDATE exam_attempt SET submitted_ms = NULL",
      "DELETE FROM exam_attempt"};
  for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++)
    KT_CHECK(sqlite3_exec(other, attacks[i], NULL, NULL, NULL) != SQLITE_OK);
  sqlite3_close(other);
  KT_CHECK(db_int(db, "SELECT submitted_ms FROM exam_attempt") == T0 + 3 * MIN);
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer WHERE answer = 'mine'") == 1);
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer WHERE answer = 'x'") == 0);
  /* A fresh resume reads the submitted answers. */
  kk_attempt_free(b);
  b = NULL;
  KT_CHECK(kk_examdb_open(db2, s, bank_items, BANK_N, "A", "S1", T0 + 6 * MIN, &b, NULL, &err) ==
           KK_OK);
  if (b) KT_CHECK_STR(kk_attempt_response(b, 0)->answer, "mine");
  kk_attempt_free(a);
  kk_attempt_free(b);
  kk_store_close(db2);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* The student edits the stored times of an open attempt to values no
** Kioku writes (INT64_MAX spent on a question overflowed the time
** accounting on the next tick; a negative one escaped the question's time
** limit): resuming refuses the attempt as damaged and names the column. */
static void test_damaged_times(void) {
  static const struct {
    const char *sql, *column;
  } attacks[] = {
      {"UPDATE exam_answer SET time_spent_ms = 9223372036854775807", "time_spent_ms"},
      {"UPDATE exam_answer SET time_spent_ms = -60000", "time_spent_ms"},
      {"UPDATE exam_answer SET answered_ms = -1", "answered_ms"},
      {"UPDATE exam_attempt SET started_ms = 9223372036854775807", "started_ms"},
      {"UPDATE exam_attempt SET deadline_ms = -9223372036854775808", "deadline_ms"},
      {"UPDATE exam_attempt SET submitted_ms = -5", "submitted_ms"},
      {"UPDATE exam_attempt SET clock_seen_ms = 9223372036854775807", "clock_seen_ms"},
      {"UPDATE exam_attempt SET clock_back_ms = 9223372036854775807", "clock_back_ms"},
  };
  kk_ExamSpec *s = spec_of("");
  KT_REQUIRE(s != NULL);
  for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
    char name[32];
    snprintf(name, sizeof name, "damaged%zu.db", i);
    kk_Store *db = open_db(name);
    KT_REQUIRE(db != NULL);
    kk_Attempt *a = NULL;
    kk_Err err;
    KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
    if (a) KT_CHECK(kk_attempt_answer(a, 0, "1", T0 + MIN, &err) == KK_OK);
    kk_attempt_free(a);
    a = NULL;
    sqlite3 *other = open_raw(name);
    KT_CHECK(sqlite3_exec(other, attacks[i].sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(other);
    KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0 + 2 * MIN, &a, NULL, &err) ==
             KK_ERR_INVALID);
    KT_CHECK(a == NULL);
    KT_CHECK(strstr(err.msg, "damaged") && strstr(err.msg, attacks[i].column));
    kk_attempt_free(a);
    kk_store_close(db);
  }
  kk_exam_spec_free(s);
}

/* v1's attack: killed late in the exam, resumed with the clock set back to
** before the deadline, three more answers went in as on time.  Now the
** attempt's time goes on from the latest time it saw (stored with every
** answer), and the result reports how far the clock went back. */
static void test_clock_set_back_on_resume(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("clockback.db");
  kk_Attempt *a = NULL;
  kk_Err err;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
  if (!a) return;
  KT_CHECK(kk_attempt_answer(a, 0, "x", T0 + 9 * MIN, &err) == KK_OK);
  kk_attempt_free(a); /* killed */
  a = NULL;
  /* Real time is now past the deadline; the clock says T0 + 2 min. */
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0 + 2 * MIN, &a, NULL, &err) ==
           KK_OK);
  if (!a) return;
  KT_CHECK(kk_attempt_clock_back_ms(a) == 7 * MIN);
  KT_CHECK(kk_attempt_remaining_ms(a, T0 + 2 * MIN) == MIN);
  KT_CHECK(kk_attempt_answer(a, 1, "y", T0 + 2 * MIN + 30000, &err) == KK_OK);
  KT_CHECK(kk_attempt_answer(a, 2, "z", T0 + 3 * MIN + 1000, &err) == KK_ERR_LIMIT);
  KT_CHECK(kk_attempt_submitted_ms(a) == T0 + 10 * MIN);
  KT_CHECK(kk_attempt_auto_submitted(a));
  KT_CHECK_STR(kk_attempt_response(a, 2)->answer, "");
  KT_CHECK(db_int(db, "SELECT clock_back_ms FROM exam_attempt") == 7 * MIN);
  /* The result file says so. */
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  KT_CHECK(kk_results_write_json(a, m, &err) == KK_OK);
  fclose(m);
  KT_CHECK(buf && strstr(buf, "\"clock_back_ms\": 420000,") != NULL);
  free(buf);
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* A clock set back while the attempt runs: recorded, and the time goes on
** from where it was; a small adjustment is not reported. */
static void test_clock_set_back_running(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("clockrun.db");
  kk_Attempt *a = NULL;
  kk_Err err;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
  if (!a) return;
  KT_CHECK(kk_attempt_tick(a, T0 + 5 * MIN, NULL, &err) == KK_OK);
  KT_CHECK(kk_attempt_tick(a, T0 + 5 * MIN - 1000, NULL, &err) == KK_OK);
  KT_CHECK(kk_attempt_clock_back_ms(a) == 0);
  KT_CHECK(kk_attempt_tick(a, T0 + MIN, NULL, &err) == KK_OK);
  KT_CHECK(kk_attempt_clock_back_ms(a) == 4 * MIN);
  KT_CHECK(kk_attempt_remaining_ms(a, T0 + MIN) == 5 * MIN);
  KT_CHECK(kk_attempt_remaining_ms(a, T0 + 2 * MIN) == 4 * MIN);
  unsigned ev = 0;
  KT_CHECK(kk_attempt_tick(a, T0 + 6 * MIN, &ev, &err) == KK_OK);
  KT_CHECK(ev == KK_TICK_SUBMITTED);
  KT_CHECK(kk_attempt_submitted_ms(a) == T0 + 10 * MIN);
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* The attacks on result files: a number crafted to match another's
** sanitised name plus v1's short hash; an empty or damaged file left by a
** crash; a symlink planted at v1's temporary name. */
static void test_result_file_attacks(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("resatk.db");
  kk_Err err;
  char dir[300], jp[600], jp2[600];
  snprintf(dir, sizeof dir, "%s/results-atk", tmpdir);
  mkdir(dir, 0700);
  /* v1 named "S/1" as "S_1-<fnv32 of S/1>": a student who types exactly
  ** that number got the same file. */
  char crafted[64];
  snprintf(crafted, sizeof crafted, "S_1-%08llx",
           (unsigned long long)(kk_hash_bytes("S/1", 3, KK_HASH_INIT) & 0xffffffffu));
  kk_Attempt *a = NULL, *b = NULL;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S/1", T0, &a, NULL, &err) == KK_OK);
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "B", crafted, T0, &b, NULL, &err) == KK_OK);
  if (!a || !b) return;
  KT_CHECK(kk_attempt_submit(a, T0 + MIN, &err) == KK_OK);
  KT_CHECK(kk_attempt_submit(b, T0 + MIN, &err) == KK_OK);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_OK);
  KT_CHECK(kk_results_write(b, dir, 0, jp2, sizeof jp2, &err) == KK_OK);
  KT_CHECK(strcmp(jp, jp2) != 0);
  kk_Class *c = kk_class_new();
  KT_CHECK(kk_class_add_file(c, jp, &err) == KK_OK);
  KT_CHECK(kk_class_add_file(c, jp2, &err) == KK_OK);
  if (kk_class_count(c) == 2) {
    KT_CHECK_STR(kk_class_student(c, 0)->number, "S/1");
    KT_CHECK_STR(kk_class_student(c, 1)->number, crafted);
  }
  kk_class_free(c);
  /* An empty file (a crash before the data reached the disk) and a
  ** damaged one count as absent: written without --force. */
  FILE *f = fopen(jp, "wb");
  fclose(f);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_OK);
  size_t len = 0;
  char *back = kt_read_file(jp, &len);
  KT_CHECK(back && len > 100);
  free(back);
  f = fopen(jp, "wb");
  fputs("{\"format\": \"kioku-exam-res", f);
  fclose(f);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_OK);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_ERR_EXISTS);
  /* A symlink at v1's temporary name "PATH.tmp": not followed. */
  char victim[700], link[700];
  snprintf(victim, sizeof victim, "%s/victim", tmpdir);
  f = fopen(victim, "wb");
  fputs("precious", f);
  fclose(f);
  snprintf(link, sizeof link, "%s.tmp", jp);
  KT_CHECK(symlink(victim, link) == 0);
  KT_CHECK(kk_results_write(a, dir, 1, jp, sizeof jp, &err) == KK_OK);
  back = kt_read_file(victim, &len);
  KT_CHECK(back && strcmp(back, "precious") == 0);
  free(back);
  kk_attempt_free(a);
  kk_attempt_free(b);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* Invalid UTF-8 is never stored as an answer (v1's result JSON became
** unreadable by standard tools). */
static void test_answer_utf8(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("utf8.db");
  kk_Err err;
  kk_Attempt *a = NULL;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
  if (!a) return;
  KT_CHECK(kk_attempt_answer(a, 0, "ok", T0 + MIN, &err) == KK_OK);
  KT_CHECK(kk_attempt_answer(a, 0, "bad\xff\xfe", T0 + MIN, &err) == KK_ERR_PARSE);
  KT_CHECK(kk_attempt_answer(a, 1, "\xc3", T0 + MIN, &err) == KK_ERR_PARSE);
  KT_CHECK_STR(kk_attempt_response(a, 0)->answer, "ok");
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer WHERE answer = 'ok'") == 1);
  KT_CHECK(db_int(db, "SELECT count(*) FROM exam_answer") == 1);
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* Student-typed names, numbers and answers reach the result CSV and the
** summary's scores.csv neutralised: a spreadsheet shows them as text. */
static void test_result_csv_formulas(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("csvfx.db");
  kk_Err err;
  kk_Attempt *a = NULL;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "=HYPERLINK(\"http://x\")", "@1", T0, &a, NULL,
                          &err) == KK_OK);
  if (!a) return;
  KT_CHECK(kk_attempt_answer(a, 0, "+cmd", T0 + MIN, &err) == KK_OK);
  KT_CHECK(kk_attempt_submit(a, T0 + 2 * MIN, &err) == KK_OK);
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  KT_CHECK(kk_results_write_csv(a, m, &err) == KK_OK);
  fclose(m);
  KT_CHECK(buf && strstr(buf, ",\"'=HYPERLINK(\"\"http://x\"\")\",\"'@1\",") != NULL);
  KT_CHECK(buf && strstr(buf, ",\"'+cmd\",") != NULL);
  KT_CHECK(buf && !strstr(buf, ",=") && !strstr(buf, ",@") && !strstr(buf, ",+"));
  free(buf);
  /* The summary's scores.csv. */
  char dir[300], jp[600], sum[400];
  snprintf(dir, sizeof dir, "%s/results-fx", tmpdir);
  snprintf(sum, sizeof sum, "%s/summary-fx", tmpdir);
  mkdir(dir, 0700);
  mkdir(sum, 0700);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_OK);
  kk_Class *c = kk_class_new();
  KT_CHECK(kk_class_add_file(c, jp, &err) == KK_OK);
  kk_Summary *su = NULL;
  KT_CHECK(kk_class_summarize(c, &su, &err) == KK_OK);
  if (su) KT_CHECK(kk_summary_write_csv(su, sum, 0, &err) == KK_OK);
  char path[500];
  snprintf(path, sizeof path, "%s/scores.csv", sum);
  buf = kt_read_file(path, &len);
  KT_CHECK(buf && strstr(buf, "1,\"'@1\",\"'=HYPERLINK(") != NULL);
  free(buf);
  kk_summary_free(su);
  kk_class_free(c);
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* A result writer that runs out of memory says so; v1 reported success
** with a CSV holding only its header. */
static void test_result_writer_oom(void) {
  kk_ExamSpec *s = spec_of("");
  kk_Store *db = open_db("resoom.db");
  kk_Err err;
  kk_Attempt *a = NULL;
  KT_CHECK(kk_examdb_open(db, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
  KT_REQUIRE(a != NULL);
  KT_CHECK(kk_attempt_submit(a, T0 + MIN, &err) == KK_OK);
  for (int json = 0; json < 2; json++) {
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    kk_alloc_fail_after(0);
    KT_CHECK((json ? kk_results_write_json(a, m, &err) : kk_results_write_csv(a, m, &err)) ==
             KK_OK);
    size_t n = kk_alloc_fail_after(0);
    fclose(m);
    free(buf);
    KT_CHECK(n > 0);
    for (size_t i = 1; i <= n; i++) {
      m = open_memstream(&buf, &len);
      kk_alloc_fail_after(i);
      kk_Status st = json ? kk_results_write_json(a, m, &err) : kk_results_write_csv(a, m, &err);
      kk_alloc_fail_after(0);
      fclose(m);
      free(buf);
      KT_CHECK(st == KK_ERR_NOMEM);
    }
  }
  /* Through the file writer: an error, and no file. */
  char dir[300], jp[600];
  snprintf(dir, sizeof dir, "%s/results-oom", tmpdir);
  mkdir(dir, 0700);
  kk_alloc_fail_after(0);
  KT_CHECK(kk_results_write(a, dir, 0, jp, sizeof jp, &err) == KK_OK);
  size_t n = kk_alloc_fail_after(0);
  remove(jp);
  strcpy(jp + strlen(jp) - 5, ".csv");
  remove(jp);
  size_t failed = 0;
  for (size_t i = 1; i <= n; i++) {
    kk_alloc_fail_after(i);
    kk_Status st = kk_results_write(a, dir, 0, jp, sizeof jp, &err);
    kk_alloc_fail_after(0);
    if (st == KK_ERR_NOMEM)
      failed++;
    else
      KT_CHECK(st == KK_OK); /* allocations only used to read what exists */
  }
  KT_CHECK(failed > 0);
  kk_attempt_free(a);
  kk_store_close(db);
  kk_exam_spec_free(s);
}

/* Exam answers reach the study schedule only when the spec asks. */
static void test_schedule_opt_in(void) {
  for (int opt = 0; opt < 2; opt++) {
    kk_ExamSpec *s = spec_of(opt ? "update_schedule: true\n" : "");
    char dir[300];
    snprintf(dir, sizeof dir, "%s/store%d", tmpdir, opt);
    kk_Store *store = NULL;
    kk_Err err;
    KT_CHECK(kk_store_open(dir, &err, &store) == KK_OK);
    if (!store || !s) return;
    kk_Attempt *a = NULL;
    KT_CHECK(kk_examdb_open(store, s, bank_items, BANK_N, "A", "S1", T0, &a, NULL, &err) == KK_OK);
    KT_REQUIRE(a != NULL);
    char ans[256];
    right_answer(a, 0, ans, sizeof ans);
    KT_CHECK(kk_attempt_answer(a, 0, ans, T0 + MIN, &err) == KK_OK);
    KT_CHECK(kk_attempt_answer(a, 1, "surely wrong", T0 + 2 * MIN, &err) == KK_OK);
    KT_CHECK(kk_attempt_submit(a, T0 + 3 * MIN, &err) == KK_OK);
    kk_Clock clock = {T0 + 3 * MIN, 540, 4};
    size_t n = 99;
    KT_CHECK(kk_exam_apply_schedule(store, a, &clock, &n, &err) == KK_OK);
    KT_CHECK(n == (opt ? 2u : 0u));
    kk_CardState st;
    int found = -1;
    const kk_Paper *p = kk_attempt_paper(a);
    KT_CHECK(kk_store_get_state(store, kk_paper_question(p, 0)->key, &err, &st, &found) == KK_OK);
    KT_CHECK(found == opt);
    if (opt && found) KT_CHECK(st.reps == 1 && st.lapses == 0 && st.last_review_ms == T0 + 3 * MIN);
    KT_CHECK(kk_store_get_state(store, kk_paper_question(p, 2)->key, &err, &st, &found) == KK_OK);
    KT_CHECK(found == 0); /* unanswered: no review */
    kk_attempt_free(a);
    kk_store_close(store);
    kk_exam_spec_free(s);
  }
}

int main(void) {
  if (kt_tmpdir(tmpdir, sizeof tmpdir, "examdb") != 0) return kt_done();
  bank_init();
  KT_RUN(test_timeout_submits);
  KT_RUN(test_resume_after_kill);
  KT_RUN(test_extension);
  KT_RUN(test_extension_hashed);
  KT_RUN(test_time_accounting);
  KT_RUN(test_question_limit_sequential);
  KT_RUN(test_after_each_locks);
  KT_RUN(test_save_failure_retried);
  KT_RUN(test_submit_failure_retried);
  KT_RUN(test_damaged_paper);
  KT_RUN(test_result_files);
  KT_RUN(test_result_file_attacks);
  KT_RUN(test_submit_one_transaction);
  KT_RUN(test_submitted_is_immutable);
  KT_RUN(test_clock_set_back_on_resume);
  KT_RUN(test_clock_set_back_running);
  KT_RUN(test_result_writer_oom);
  KT_RUN(test_result_csv_formulas);
  KT_RUN(test_answer_utf8);
  KT_RUN(test_schedule_opt_in);
  KT_RUN(test_damaged_times);
  KT_RUN(test_damaged_paper_numbers);
  kt_rm_rf(tmpdir);
  return kt_done();
}
