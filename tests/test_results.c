/* test_results.c -- the class summary of exam results, checked against
** values computed here from first principles on a tiny class, and the JSON
** reader it rests on. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/json.h"
#include "core/exam/results.h"
#include "kt.h"
#include "kt_fixture.h"

/* ---- the class ----------------------------------------------------------------
** Five students, full marks 4 each.  q1 choice (4 options, 1 point), q2
** true/false (1 point), q3 order (2 points); E's paper has q4 (2 points)
** instead of q3, so q3 and q4 are not common to everybody. */
typedef struct {
  const char *id, *type, *answer;
  double points, max;
} Q;
typedef struct {
  const char *no, *name;
  int passed;
  Q q[3];
} Student;

static const Student klass[] = {
    {"A",
     "Aiko",
     1,
     {{"q1", "choice", "2", 1, 1},
      {"q2", "truefalse", "true", 1, 1},
      {"q3", "order", "1,2,3", 2, 2}}},
    {"B",
     "Ben",
     0,
     {{"q1", "choice", "2", 1, 1},
      {"q2", "truefalse", "false", 0, 1},
      {"q3", "order", "2,1,3", 1, 2}}},
    {"C",
     "Chen",
     1,
     {{"q1", "choice", "1", 0, 1},
      {"q2", "truefalse", "true", 1, 1},
      {"q3", "order", "1,2,3", 2, 2}}},
    {"D",
     "Dana",
     0,
     {{"q1", "choice", "3", 0, 1}, {"q2", "truefalse", "", 0, 1}, {"q3", "order", "3,2,1", 0, 2}}},
    {"E",
     "Emi",
     1,
     {{"q1", "choice", "2", 1, 1}, {"q2", "truefalse", "true", 1, 1}, {"q4", "typed", "x", 1, 2}}},
};
#define NSTUD 5

static double total(const Student *s) { return s->q[0].points + s->q[1].points + s->q[2].points; }

static void doc(const Student *s, const char *exam, char *buf, size_t size) {
  int n = snprintf(buf, size,
                   "{\"format\": \"kioku-exam-result 1\", \"exam\": \"%s\",\n"
                   " \"student\": {\"name\": \"%s\", \"number\": \"%s\"},\n"
                   " \"score\": %.10g, \"max_score\": 4, \"passed\": %s,\n"
                   " \"questions\": [",
                   exam, s->name, s->no, total(s), s->passed ? "true" : "false");
  for (int i = 0; i < 3; i++)
    n += snprintf(buf + n, size - (size_t)n,
                  "%s{\"id\": \"%s\", \"type\": \"%s\", \"answer\": \"%s\", "
                  "\"points\": %.10g, \"max_points\": %.10g%s}",
                  i ? ", " : "", s->q[i].id, s->q[i].type, s->q[i].answer, s->q[i].points,
                  s->q[i].max, !strcmp(s->q[i].type, "choice") ? ", \"options\": 4" : "");
  snprintf(buf + n, size - (size_t)n, "]}\n");
}

static kk_Class *load_class(void) {
  kk_Class *c = kk_class_new();
  char buf[4096];
  kk_Err err;
  for (int i = 0; i < NSTUD; i++) {
    doc(&klass[i], "mid", buf, sizeof buf);
    char path[32];
    snprintf(path, sizeof path, "%s.json", klass[i].no);
    KT_CHECK(kk_class_add_mem(c, buf, strlen(buf), path, &err) == KK_OK);
  }
  return c;
}

/* Points of student i on item id, or NAN if the paper lacked it. */
static double item_points(int i, const char *id) {
  for (int k = 0; k < 3; k++)
    if (!strcmp(klass[i].q[k].id, id)) return klass[i].q[k].points;
  return NAN;
}

static double sample_var(const double *x, int n) {
  double m = 0, v = 0;
  for (int i = 0; i < n; i++) m += x[i];
  m /= n;
  for (int i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
  return v / (n - 1);
}

static void test_scores(void) {
  kk_Class *c = load_class();
  kk_Summary *s = NULL;
  kk_Err err;
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_OK);
  if (!s) return;
  double x[NSTUD], sum = 0;
  for (int i = 0; i < NSTUD; i++) x[i] = total(&klass[i]), sum += x[i];
  KT_CHECK(s->n == NSTUD);
  KT_CHECK_STR(s->exam_id, "mid");
  KT_CHECK_NEAR(s->mean, sum / NSTUD, 1e-12);
  KT_CHECK_NEAR(s->mean, 12.0 / 5, 1e-12); /* 4 + 2 + 3 + 0 + 3 */
  KT_CHECK_NEAR(s->median, 3, 1e-12);      /* 0 2 [3] 3 4 */
  KT_CHECK_NEAR(s->sd, sqrt(sample_var(x, NSTUD)), 1e-12);
  KT_CHECK_NEAR(s->sd, sqrt(9.2 / 4), 1e-12);
  KT_CHECK_NEAR(s->min, 0, 1e-12);
  KT_CHECK_NEAR(s->max, 4, 1e-12);
  KT_CHECK_NEAR(s->mean_percent, 60, 1e-9);
  KT_CHECK(s->npassed == 3);
  /* Percent 100, 50, 75, 0, 75: bins 9, 5, 7, 0, 7. */
  size_t want[KK_HIST_BINS] = {0};
  for (int i = 0; i < NSTUD; i++) {
    int b = (int)(total(&klass[i]) / 4 * 10);
    want[b > 9 ? 9 : b]++;
  }
  for (int b = 0; b < KK_HIST_BINS; b++) KT_CHECK(s->hist[b] == want[b]);
  KT_CHECK(s->hist[7] == 2 && s->hist[9] == 1 && s->hist[0] == 1 && s->hist[5] == 1);
  /* Ranking: A 4, then C and E tied at 3 (by number), B 2, D 0. */
  const char *order = "ACEBD";
  for (int i = 0; i < NSTUD; i++) KT_CHECK(s->ranked[i]->number[0] == order[i]);
  kk_summary_free(s);
  kk_class_free(c);
}

static void test_items(void) {
  kk_Class *c = load_class();
  kk_Summary *s = NULL;
  kk_Err err;
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_OK);
  if (!s) return;
  /* Groups: round(0.27 * 5) = 1 student each: upper A, lower D. */
  KT_CHECK(s->group_size == 1);
  KT_CHECK(s->nitems == 4);
  const char *ids[] = {"q1", "q2", "q3", "q4"};
  double maxp[] = {1, 1, 2, 2};
  for (int k = 0; k < 4 && k < (int)s->nitems; k++) {
    const kk_ItemStats *it = &s->items[k];
    KT_CHECK_STR(it->id, ids[k]);
    double fsum = 0;
    size_t n = 0;
    for (int i = 0; i < NSTUD; i++) {
      double p = item_points(i, ids[k]);
      if (!isnan(p)) fsum += p / maxp[k], n++;
    }
    KT_CHECK(it->n == n);
    KT_CHECK_NEAR(it->facility, fsum / n, 1e-12);
    double up = item_points(0, ids[k]) / maxp[k]; /* A */
    double lo = item_points(3, ids[k]) / maxp[k]; /* D */
    if (isnan(up) || isnan(lo))
      KT_CHECK(isnan(it->discrimination));
    else
      KT_CHECK_NEAR(it->discrimination, up - lo, 1e-12);
  }
  /* By hand: q1 3 of 5 right; q3 (1 + .5 + 1 + 0) / 4; q4 only E, so no
  ** discrimination. */
  KT_CHECK_NEAR(s->items[0].facility, 0.6, 1e-12);
  KT_CHECK_NEAR(s->items[2].facility, 0.625, 1e-12);
  KT_CHECK_NEAR(s->items[0].discrimination, 1, 1e-12);
  KT_CHECK(isnan(s->items[3].discrimination));
  KT_CHECK(s->items[1].unanswered == 1);
  /* Options chosen on q1: "2" three times, "1" once, "3" once. */
  KT_CHECK(s->items[0].noptions == 4);
  if (s->items[0].option_counts) {
    KT_CHECK(s->items[0].option_counts[0] == 1);
    KT_CHECK(s->items[0].option_counts[1] == 3);
    KT_CHECK(s->items[0].option_counts[2] == 1);
    KT_CHECK(s->items[0].option_counts[3] == 0);
  }
  KT_CHECK(s->items[1].option_counts == NULL);
  kk_summary_free(s);
  kk_class_free(c);
}

static void test_alpha(void) {
  kk_Class *c = load_class();
  kk_Summary *s = NULL;
  kk_Err err;
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_OK);
  if (!s) return;
  /* Common items: q1 and q2 only.  alpha = k/(k-1) (1 - sum var_i / var X). */
  double q1[NSTUD], q2[NSTUD], xs[NSTUD];
  for (int i = 0; i < NSTUD; i++) {
    q1[i] = item_points(i, "q1");
    q2[i] = item_points(i, "q2");
    xs[i] = q1[i] + q2[i];
  }
  double want =
      2.0 / 1.0 * (1 - (sample_var(q1, NSTUD) + sample_var(q2, NSTUD)) / sample_var(xs, NSTUD));
  KT_CHECK(s->alpha_items == 2);
  KT_CHECK_NEAR(s->alpha, want, 1e-12);
  /* By hand: var q1 = var q2 = 1.2/4, var X = 2.8/4, alpha = 2 (1 - 6/7). */
  KT_CHECK_NEAR(s->alpha, 2.0 / 7, 1e-12);
  kk_summary_free(s);
  kk_class_free(c);
}

static void test_errors(void) {
  kk_Class *c = kk_class_new();
  kk_Summary *s = NULL;
  kk_Err err;
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_ERR_USAGE);
  char buf[4096];
  doc(&klass[0], "mid", buf, sizeof buf);
  KT_CHECK(kk_class_add_mem(c, buf, strlen(buf), "a.json", &err) == KK_OK);
  doc(&klass[1], "final", buf, sizeof buf);
  KT_CHECK(kk_class_add_mem(c, buf, strlen(buf), "b.json", &err) == KK_OK);
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_ERR_INVALID);
  KT_CHECK_STR(err.path, "b.json");
  KT_CHECK(s == NULL);
  const char *bad = "{\"exam\": \"mid\",\n  \"student\": {\"number\" \"x\"}}";
  KT_CHECK(kk_class_add_mem(c, bad, strlen(bad), "bad.json", &err) == KK_ERR_PARSE);
  KT_CHECK(err.line == 2 && err.col == 24);
  const char *nostudent = "{\"exam\": \"mid\", \"questions\": []}";
  KT_CHECK(kk_class_add_mem(c, nostudent, strlen(nostudent), "n.json", &err) == KK_ERR_INVALID);
  KT_CHECK(kk_class_count(c) == 2);
  kk_class_free(c);
}

/* A paper that repeats a question id (hand-edited files): counted, kept out
** of alpha, no overflow.  Found by fuzz_results. */
static void test_repeated_id(void) {
  const char *d = "{\"exam\": \"x\", \"student\": {\"number\": \"1\"}, \"score\": 2,"
                  " \"max_score\": 3, \"questions\": ["
                  "{\"id\": \"q\", \"points\": 1, \"max_points\": 1},"
                  "{\"id\": \"q\", \"points\": 1, \"max_points\": 1},"
                  "{\"id\": \"q\", \"points\": 0, \"max_points\": 1}]}";
  kk_Class *c = kk_class_new();
  kk_Err err;
  KT_CHECK(kk_class_add_mem(c, d, strlen(d), "a.json", &err) == KK_OK);
  KT_CHECK(kk_class_add_mem(c, d, strlen(d), "b.json", &err) == KK_OK);
  kk_Summary *s = NULL;
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_OK);
  if (s) {
    KT_CHECK(s->nitems == 1 && s->items[0].n == 6);
    KT_CHECK_NEAR(s->items[0].facility, 4.0 / 6, 1e-12);
    KT_CHECK(s->alpha_items == 0 && isnan(s->alpha));
  }
  kk_summary_free(s);
  kk_class_free(c);
}

/* Numbers no Kioku writes, as a hand-edited (or student-edited) file may
** hold them: refused with a message, never summarized.  A score of 5e33
** once reached an out-of-range float-to-int conversion in the histogram
** (found by fuzz_results under UBSan). */
static void test_hostile_numbers(void) {
  static const struct {
    const char *score, *max, *points, *max_points, *clock;
  } cases[] = {
      /* out of a double's range: the JSON reader's "bad number" */
      {"1e999", "1e999", "1", "1", "0"},
      {"1", "3", "1", "1e999", "0"},
      {"1", "3", "1", "1", "1e999"},
      /* in range, but no result Kioku writes */
      {"05555555555555555555555555555555555", "26", "1", "1", "0"},
      {"4", "3", "1", "1", "0"},
      {"-1", "3", "0", "1", "0"},
      {"1", "-3", "1", "1", "0"},
      {"1", "3", "5", "2", "0"},
      {"1", "3", "-0.5", "1", "0"},
      {"1", "3", "1", "1", "-5"},
      /* past what a paper of one question can be worth */
      {"1", "1e300", "1", "1", "0"},
      {"1", "3", "1", "20000", "0"},
  };
  char buf[1024];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    snprintf(buf, sizeof buf,
             "{\"exam\": \"x\", \"student\": {\"number\": \"1\"}, \"score\": %s,"
             " \"max_score\": %s, \"clock_back_ms\": %s, \"questions\": ["
             "{\"id\": \"q\", \"points\": %s, \"max_points\": %s}]}",
             cases[i].score, cases[i].max, cases[i].clock, cases[i].points, cases[i].max_points);
    kk_Class *c = kk_class_new();
    KT_REQUIRE(c != NULL);
    kk_Err err;
    kk_Status st = kk_class_add_mem(c, buf, strlen(buf), "h.json", &err);
    KT_CHECK(st == (i < 3 ? KK_ERR_PARSE : KK_ERR_INVALID));
    KT_CHECK(strstr(err.msg, i < 3 ? "bad number" : "not a Kioku exam result") != NULL);
    KT_CHECK(kk_class_count(c) == 0);
    kk_class_free(c);
  }
  /* the edges are fine: full marks, no marks, a fraction */
  const char *ok = "{\"exam\": \"x\", \"student\": {\"number\": \"1\"}, \"score\": 3,"
                   " \"max_score\": 3, \"questions\": [{\"id\": \"a\", \"points\": 0,"
                   " \"max_points\": 1}, {\"id\": \"b\", \"points\": 0.5, \"max_points\": 0.5}]}";
  kk_Class *c = kk_class_new();
  KT_REQUIRE(c != NULL);
  kk_Err err;
  KT_CHECK(kk_class_add_mem(c, ok, strlen(ok), "a.json", &err) == KK_OK);
  KT_CHECK(kk_class_add_mem(c, ok, strlen(ok), "b.json", &err) == KK_OK);
  kk_Summary *s = NULL;
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_OK);
  if (s) KT_CHECK(s->hist[KK_HIST_BINS - 1] == 2);
  kk_summary_free(s);
  kk_class_free(c);
}

/* Every allocation failure in reading results and summarizing them is
** reported, never a crash. */
static void test_oom(void) {
  char buf[4096];
  doc(&klass[1], "mid", buf, sizeof buf);
  kk_alloc_fail_after(0);
  kk_Class *c = load_class();
  kk_Summary *s = NULL;
  kk_Err err;
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_OK);
  size_t total = kk_alloc_fail_after(0);
  kk_summary_free(s);
  kk_class_free(c);
  for (size_t i = 1; i <= total; i++) {
    s = NULL;
    kk_alloc_fail_after(i);
    c = kk_class_new();
    kk_Status st = c ? KK_OK : KK_ERR_NOMEM;
    for (int k = 0; k < NSTUD && st == KK_OK; k++) {
      doc(&klass[k], "mid", buf, sizeof buf);
      st = kk_class_add_mem(c, buf, strlen(buf), "x.json", &err);
    }
    if (st == KK_OK) st = kk_class_summarize(c, &s, &err);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_OK || st == KK_ERR_NOMEM);
    KT_CHECK((st == KK_OK) == (s != NULL));
    kk_summary_free(s);
    kk_class_free(c);
  }
}

static void test_json(void) {
  kk_Arena ar = {0};
  kk_Json *j = NULL;
  kk_Err err;
  const char *t = "{\"a\": [1, -2.5e1, true, null], \"s\": \"x\\u00e9\\ud83d\\ude00\\n\","
                  " \"o\": {}, \"a\": \"last\"}";
  KT_CHECK(kk_json_parse(t, strlen(t), "j", &ar, &j, &err) == KK_OK);
  if (j) {
    KT_CHECK_STR(kk_json_str(j, "s", NULL), "x\xC3\xA9\xF0\x9F\x98\x80\n");
    KT_CHECK_STR(kk_json_str(j, "a", NULL), "last");
    const kk_Json *a = &j->items[0];
    KT_CHECK(a->type == KK_JSON_ARRAY && a->n == 4);
    KT_CHECK_NEAR(a->items[1].number, -25, 1e-12);
    KT_CHECK(a->items[2].type == KK_JSON_BOOL && a->items[2].boolean);
    KT_CHECK(kk_json_get(j, "o")->type == KK_JSON_OBJECT);
  }
  const char *bads[] = {"", "{", "[1,]", "{\"a\" 1}", "\"\\x\"", "[1] 2", "01x", "\"a\nb\""};
  for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
    j = NULL;
    KT_CHECK(kk_json_parse(bads[i], strlen(bads[i]), "j", &ar, &j, &err) == KK_ERR_PARSE);
    KT_CHECK(j == NULL);
  }
  char deep[200];
  memset(deep, '[', 100);
  memset(deep + 100, ']', 100);
  KT_CHECK(kk_json_parse(deep, 200, "j", &ar, &j, &err) == KK_ERR_PARSE);
  kk_arena_free(&ar);
}

/* A lone high surrogate followed by another escape: U+FFFD, and the next
** escape is still read (it used to be swallowed). */
static void test_json_bad_surrogate(void) {
  kk_Arena ar = {0};
  kk_Json *j = NULL;
  kk_Err err;
  const char *t = "[\"\\ud800\\u0041B\", \"\\ud800\\ud800\\udc00\", \"\\udc00x\"]";
  KT_CHECK(kk_json_parse(t, strlen(t), "j", &ar, &j, &err) == KK_OK);
  if (j && j->n == 3) {
    KT_CHECK_STR(j->items[0].string, "\xEF\xBF\xBD"
                                     "AB");
    KT_CHECK_STR(j->items[1].string, "\xEF\xBF\xBD\xF0\x90\x80\x80");
    KT_CHECK_STR(j->items[2].string, "\xEF\xBF\xBD"
                                     "x");
  }
  kk_arena_free(&ar);
}

/* A NUL byte inside a number is not part of it (it was accepted, so
** "1<NUL>5" read as 1). */
static void test_json_nul_in_number(void) {
  kk_Arena ar = {0};
  kk_Json *j = NULL;
  kk_Err err;
  static const char t1[] = {'[', '1', '\0', '5', ']'};
  KT_CHECK(kk_json_parse(t1, sizeof t1, "j", &ar, &j, &err) == KK_ERR_PARSE);
  static const char t2[] = {'1', '\0'};
  KT_CHECK(kk_json_parse(t2, sizeof t2, "j", &ar, &j, &err) == KK_ERR_PARSE);
  kk_arena_free(&ar);
}

static void test_output(void) {
  kk_Class *c = load_class();
  kk_Summary *s = NULL;
  kk_Err err;
  KT_CHECK(kk_class_summarize(c, &s, &err) == KK_OK);
  if (!s) return;
  FILE *f = tmpfile();
  kk_summary_print(s, f);
  rewind(f);
  char text[8192];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  KT_CHECK(strstr(text, "Exam mid: 5 students\n") != NULL);
  KT_CHECK(strstr(text, "median 3.00") != NULL);
  KT_CHECK(strstr(text, "Cronbach's alpha: 0.286 (over 2 questions") != NULL);
  /* The fullest bin (2 students) gets the full 40-character bar. */
  char bar[64] = "   70- 80% |";
  memset(bar + 12, '#', 40);
  bar[52] = '\0';
  KT_CHECK(strstr(text, bar) != NULL);
  char dir[64];
  KT_CHECK(kt_tmpdir(dir, sizeof dir, "results") == 0);
  KT_CHECK(kk_summary_write_csv(s, dir, 0, &err) == KK_OK);
  KT_CHECK(kk_summary_write_csv(s, dir, 0, &err) == KK_ERR_EXISTS);
  KT_CHECK(kk_summary_write_csv(s, dir, 1, &err) == KK_OK);
  char path[128];
  snprintf(path, sizeof path, "%s/items.csv", dir);
  char *csv = kt_read_file(path, NULL);
  KT_CHECK(csv && strstr(csv, "q1,choice,5,1,0.600000,0.600000,1.000000,1,1,0,1,3,1,0\r\n"));
  free(csv);
  snprintf(path, sizeof path, "%s/scores.csv", dir);
  csv = kt_read_file(path, NULL);
  KT_CHECK(csv && strstr(csv, "1,A,Aiko,4,4,100.0000,1,A.json\r\n2,C,"));
  free(csv);
  snprintf(path, sizeof path, "%s/histogram.svg", dir);
  csv = kt_read_file(path, NULL);
  /* 10 bars; the 70-80% bar (2 students, the most) is the full 270 px. */
  size_t bars = 0;
  for (const char *q = csv; q && (q = strstr(q, "fill=\"#2662c8\"")); q++) bars++;
  KT_CHECK(bars == 10);
  KT_CHECK(csv && strstr(csv, "height=\"270.0\" fill=\"#2662c8\"") != NULL);
  free(csv);
  const char *names[] = {"summary.csv", "scores.csv", "histogram.csv", "items.csv",
                         "histogram.svg"};
  for (int i = 0; i < 5; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    KT_CHECK(unlink(path) == 0);
  }
  rmdir(dir);
  kk_summary_free(s);
  kk_class_free(c);
}

int main(void) {
  KT_RUN(test_scores);
  KT_RUN(test_items);
  KT_RUN(test_alpha);
  KT_RUN(test_errors);
  KT_RUN(test_repeated_id);
  KT_RUN(test_hostile_numbers);
  KT_RUN(test_oom);
  KT_RUN(test_json);
  KT_RUN(test_json_bad_surrogate);
  KT_RUN(test_json_nul_in_number);
  KT_RUN(test_output);
  return kt_done();
}
