/*
** results.c -- writing one attempt's results, reading a class of them.
** The summary statistics are in summary.c.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/exam/results.h"
#include "core/base/i18n.h"
#include "core/base/hash.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "core/base/csv.h"
#include "core/base/file.h"
#include "core/base/date.h"
#include "core/base/diag.h"
#include "core/base/json.h"
#include "core/deck/load.h"
#include "core/exam/mark.h"

static const char *type_name(kk_CardType t) {
  const char *n = kk_card_type_name(t);
  return n ? n : "?";
}

void kk_format_utc(int64_t t_ms, char *buf, size_t size) {
  int64_t ms = t_ms % 1000, secs = t_ms / 1000;
  if (ms < 0) ms += 1000, secs--;
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) rem += 86400, days--;
  int y, m, d;
  kk_date_civil(days, &y, &m, &d);
  snprintf(buf, size, "%04d-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ", y, m, d,
           (long long)(rem / 3600), (long long)(rem / 60 % 60), (long long)(rem % 60),
           (long long)ms);
}

/* ---- one attempt -------------------------------------------------------------*/

/* The texts of question i: answer given, correct answer, readable forms. */
typedef struct {
  char correct[4096], answer_text[8192], correct_text[8192];
} Texts;

/* An attempt at a pack has no answer key: its marks are the instructor's
** to compute (`kioku results mark`); the file holds answers only. */
static int unmarked(const kk_Attempt *a) { return kk_attempt_spec(a)->from_pack; }

static double points(const kk_Attempt *a, size_t i) {
  return unmarked(a) ? 0 : kk_attempt_points(a, i);
}

static void texts(const kk_Attempt *a, size_t i, Texts *t) {
  const kk_Question *q = kk_paper_question(kk_attempt_paper(a), i);
  const kk_Response *r = kk_attempt_response(a, i);
  if (unmarked(a) || kk_mark_correct(q, t->correct, sizeof t->correct) < 0) t->correct[0] = '\0';
  if (kk_mark_answer_text(q, r->answer, t->answer_text, sizeof t->answer_text) < 0)
    t->answer_text[0] = '\0';
  if (!t->correct[0] ||
      kk_mark_answer_text(q, t->correct, t->correct_text, sizeof t->correct_text) < 0)
    t->correct_text[0] = '\0';
}

static void json_num(FILE *f, const char *key, double v) { fprintf(f, "\"%s\": %.10g", key, v); }

/* The status of a document written to f.  fails0: kk_alloc_failures()
** when it was started -- marking and answer texts fall back to 0 and ""
** when memory runs out, which must not reach a file as the student's
** result. */
static kk_Status stream_status(FILE *f, int oom, size_t fails0, kk_Err *err) {
  if (oom || kk_alloc_failures() != fails0)
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  if (ferror(f)) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("write failed"));
  return KK_OK;
}

kk_Status kk_results_write_json(const kk_Attempt *a, FILE *f, kk_Err *err) {
  size_t fails0 = kk_alloc_failures();
  const kk_ExamSpec *s = kk_attempt_spec(a);
  const kk_Paper *p = kk_attempt_paper(a);
  char t0[40], t1[40];
  kk_format_utc(kk_attempt_started_ms(a), t0, sizeof t0);
  kk_format_utc(kk_attempt_submitted_ms(a), t1, sizeof t1);
  double score = unmarked(a) ? 0 : kk_attempt_score(a), max = kk_attempt_max_score(a);
  fputs("{\n  \"format\": \"kioku-exam-result 1\",\n  \"exam\": ", f);
  kk_json_string(f, s->id);
  fputs(",\n  \"title\": ", f);
  kk_json_string(f, s->title);
  fputs(",\n  \"spec_hash\": ", f);
  kk_json_string(f, s->hash);
  fputs(",\n  \"student\": {\"name\": ", f);
  kk_json_string(f, kk_attempt_student_name(a));
  fputs(", \"number\": ", f);
  kk_json_string(f, kk_attempt_student_no(a));
  fprintf(f, "},\n  \"seed\": \"%llu\",\n", (unsigned long long)kk_attempt_seed(a));
  fprintf(f, "  \"started_ms\": %lld,\n  \"started\": \"%s\",\n",
          (long long)kk_attempt_started_ms(a), t0);
  fprintf(f, "  \"deadline_ms\": %lld,\n", (long long)kk_attempt_deadline_ms(a));
  fprintf(f, "  \"submitted_ms\": %lld,\n  \"submitted\": \"%s\",\n",
          (long long)kk_attempt_submitted_ms(a), t1);
  fprintf(f, "  \"auto_submitted\": %s,\n", kk_attempt_auto_submitted(a) ? "true" : "false");
  /* How far the computer's clock was set back during the attempt (0: never). */
  fprintf(f, "  \"clock_back_ms\": %lld,\n", (long long)kk_attempt_clock_back_ms(a));
  /* false: from a pack, scores below are 0 until `kioku results mark` */
  fprintf(f, "  \"marked\": %s,\n  ", unmarked(a) ? "false" : "true");
  json_num(f, "score", score);
  fputs(",\n  ", f);
  json_num(f, "max_score", max);
  fputs(",\n  ", f);
  json_num(f, "percent", max > 0 ? 100.0 * score / max : 0);
  fputs(",\n  ", f);
  json_num(f, "pass_mark", s->pass_percent);
  fprintf(f, ",\n  \"passed\": %s,\n  \"questions\": [",
          !unmarked(a) && kk_attempt_passed(a) ? "true" : "false");
  Texts *t = kk_malloc(sizeof *t);
  if (!t) return stream_status(f, 1, fails0, err);
  for (size_t i = 0; i < kk_paper_count(p); i++) {
    const kk_Question *q = kk_paper_question(p, i);
    const kk_Response *r = kk_attempt_response(a, i);
    fprintf(f, "%s\n    {\"n\": %zu, \"id\": ", i ? "," : "", i + 1);
    kk_json_string(f, q->key);
    fprintf(f, ", \"type\": \"%s\", \"pool\": ", type_name(q->card->type));
    kk_json_string(f, s->npools > q->pool ? s->pools[q->pool].name : "");
    fputs(", \"answer\": ", f);
    kk_json_string(f, r->answer);
    texts(a, i, t);
    fputs(", \"answer_text\": ", f);
    kk_json_string(f, t->answer_text);
    fputs(", \"correct\": ", f);
    kk_json_string(f, t->correct);
    fputs(", \"correct_text\": ", f);
    kk_json_string(f, t->correct_text);
    fputs(", ", f);
    json_num(f, "points", points(a, i));
    fputs(", ", f);
    json_num(f, "max_points", q->points);
    fprintf(f, ", \"time_spent_ms\": %lld, \"flagged\": %s", (long long)r->time_spent_ms,
            r->flagged ? "true" : "false");
    if (q->card->type == KK_CARD_CHOICE) fprintf(f, ", \"options\": %zu", q->card->noptions);
    fputc('}', f);
  }
  kk_free(t);
  fputs("\n  ]\n}\n", f);
  return stream_status(f, 0, fails0, err);
}

kk_Status kk_results_write_csv(const kk_Attempt *a, FILE *f, kk_Err *err) {
  size_t fails0 = kk_alloc_failures();
  const kk_ExamSpec *s = kk_attempt_spec(a);
  const kk_Paper *p = kk_attempt_paper(a);
  char t0[40], t1[40], num[64];
  kk_format_utc(kk_attempt_started_ms(a), t0, sizeof t0);
  kk_format_utc(kk_attempt_submitted_ms(a), t1, sizeof t1);
  fputs("exam,student_name,student_no,seed,started,submitted,question,id,type,"
        "answer,answer_text,correct,correct_text,points,max_points,"
        "time_spent_ms,flagged\r\n",
        f);
  Texts *t = kk_malloc(sizeof *t);
  if (!t) return stream_status(f, 1, fails0, err);
  for (size_t i = 0; i < kk_paper_count(p); i++) {
    const kk_Question *q = kk_paper_question(p, i);
    const kk_Response *r = kk_attempt_response(a, i);
    texts(a, i, t);
    kk_csv_write_field(f, s->id, ',');
    fputc(',', f);
    kk_csv_write_field(f, kk_attempt_student_name(a), ',');
    fputc(',', f);
    kk_csv_write_field(f, kk_attempt_student_no(a), ',');
    fprintf(f, ",%llu,%s,%s,%zu,", (unsigned long long)kk_attempt_seed(a), t0, t1, i + 1);
    kk_csv_write_field(f, q->key, ',');
    fprintf(f, ",%s,", type_name(q->card->type));
    kk_csv_write_field(f, r->answer, ',');
    fputc(',', f);
    kk_csv_write_field(f, t->answer_text, ',');
    fputc(',', f);
    kk_csv_write_field(f, t->correct, ',');
    fputc(',', f);
    kk_csv_write_field(f, t->correct_text, ',');
    snprintf(num, sizeof num, ",%.10g,%.10g,%lld,%d\r\n", points(a, i), q->points,
             (long long)r->time_spent_ms, r->flagged);
    fputs(num, f);
  }
  kk_free(t);
  return stream_status(f, 0, fails0, err);
}

/* Writes one document through the atomic writer. */
static kk_Status write_file(const char *path, int force, const kk_Attempt *a, int json,
                            kk_Err *err) {
  kk_Atomic *w = NULL;
  kk_Status st = kk_atomic_open(path, force ? KK_ATOMIC_FORCE : 0, &w, err);
  if (st) return st;
  FILE *f = kk_atomic_file(w);
  st = json ? kk_results_write_json(a, f, err) : kk_results_write_csv(a, f, err);
  if (st) {
    kk_atomic_abort(w);
    if (err) snprintf(err->path, sizeof err->path, "%s", path);
    return st;
  }
  return kk_atomic_commit(w, err);
}

/* 1 if path holds a result document (what an earlier run wrote); an
** empty, unreadable or damaged file -- as a crash can leave -- does not
** count. */
static int holds_result(const char *path) {
  size_t len = 0;
  char *buf = NULL;
  kk_Err e;
  if (kk_file_read(path, (size_t)1 << 28, &buf, &len, &e) != KK_OK) return 0;
  kk_Arena arena = {0};
  kk_Json *doc = NULL;
  int ok = len > 0 && kk_json_parse(buf, len, path, &arena, &doc, &e) == KK_OK &&
           doc->type == KK_JSON_OBJECT && kk_json_get(doc, "student") != NULL;
  kk_arena_free(&arena);
  kk_free(buf);
  return ok;
}

kk_Status kk_results_write(const kk_Attempt *a, const char *dir, int force, char *json_path,
                           size_t size, kk_Err *err) {
  if (!kk_attempt_submitted_ms(a))
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("the attempt is not submitted"));
  /* A readable part (the number made file-safe) and the digest of the
  ** exact number, which alone tells numbers apart. */
  char no[40], digest[33];
  size_t k = 0;
  const char *sn = kk_attempt_student_no(a);
  for (const char *p = sn; *p && k < 32; p++) {
    char ch = *p;
    int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             ch == '-' || ch == '.' || ch == '_';
    no[k++] = ok ? ch : '_';
  }
  no[k] = '\0';
  kk_exam_number_digest(NULL, sn, digest);
  char jp[KK_ERR_PATH_MAX], cp[KK_ERR_PATH_MAX];
  const char *id = kk_attempt_spec(a)->id;
  int n1 = snprintf(jp, sizeof jp, "%s/%s_%s-%s.json", dir, id, no, digest);
  int n2 = snprintf(cp, sizeof cp, "%s/%s_%s-%s.csv", dir, id, no, digest);
  if (n1 < 0 || n2 < 0 || n1 >= (int)sizeof jp || n2 >= (int)sizeof cp)
    return kk_err_set(err, KK_ERR_LIMIT, dir, 0, 0, _("path too long"));
  /* The JSON is written last, so a real one means both were written. */
  if (!force && holds_result(jp))
    return kk_err_set(err, KK_ERR_EXISTS, jp, 0, 0, _("exists; not overwritten (use --force)"));
  kk_Status st = write_file(cp, 1, a, 0, err);
  if (!st) st = write_file(jp, 1, a, 1, err);
  if (!st && json_path) snprintf(json_path, size, "%s", jp);
  return st;
}

/* ---- a class of results ----------------------------------------------------------*/

struct kk_Class {
  kk_ResultStudent *s;
  size_t n, cap;
  kk_Arena arena;
};

kk_Class *kk_class_new(void) { return kk_calloc(1, sizeof(kk_Class)); }

void kk_class_free(kk_Class *c) {
  if (!c) return;
  kk_free(c->s);
  kk_arena_free(&c->arena);
  kk_free(c);
}

size_t kk_class_count(const kk_Class *c) { return c->n; }
const kk_ResultStudent *kk_class_student(const kk_Class *c, size_t i) {
  return i < c->n ? &c->s[i] : NULL;
}

/* 0 <= got <= max <= cap (a little slack for sums of fractions). */
static int points_ok(double got, double max, double cap) {
  return got >= 0 && max >= 0 && max <= cap && got <= max + 1e-9 * (1 + max);
}

static kk_Status invalid(kk_Err *err, const char *path, const char *what) {
  return kk_err_set(err, KK_ERR_INVALID, path, 0, 0, _("not a Kioku exam result: %s"), what);
}

kk_Status kk_class_add_mem(kk_Class *c, const char *buf, size_t len, const char *path,
                           kk_Err *err) {
  kk_Json *root;
  kk_Status st = kk_json_parse(buf, len, path, &c->arena, &root, err);
  if (st) return st;
  kk_ResultStudent r = {0};
  const kk_Json *student = kk_json_get(root, "student");
  const kk_Json *qs = kk_json_get(root, "questions");
  if (root->type != KK_JSON_OBJECT) return invalid(err, path, _("not an object"));
  if (!(r.exam_id = kk_json_str(root, "exam", NULL))) return invalid(err, path, _("no 'exam'"));
  if (!student || !(r.number = kk_json_str(student, "number", NULL)))
    return invalid(err, path, _("no 'student.number'"));
  r.name = kk_json_str(student, "name", "");
  if (!qs || qs->type != KK_JSON_ARRAY) return invalid(err, path, _("no 'questions' list"));
  r.score = kk_json_num(root, "score", NAN);
  r.max_score = kk_json_num(root, "max_score", NAN);
  if (isnan(r.score) || isnan(r.max_score))
    return invalid(err, path, _("no 'score' or 'max_score'"));
  /* What Kioku writes is finite, not negative and at most the maximum; a
  ** file edited by hand (or by a student) may say anything. */
  if (!points_ok(r.score, r.max_score, (double)KK_EXAM_MAX_POINTS * (double)(qs->n ? qs->n : 1)))
    return invalid(err, path, _("'score' is not between 0 and 'max_score'"));
  r.passed = kk_json_bool(root, "passed", 0);
  r.clock_back_ms = kk_json_num(root, "clock_back_ms", 0);
  if (!(isfinite(r.clock_back_ms) && r.clock_back_ms >= 0))
    return invalid(err, path, _("'clock_back_ms' is not a time"));
  r.nanswers = qs->n;
  r.answers = kk_arena_alloc(&c->arena, (qs->n ? qs->n : 1) * sizeof *r.answers);
  if (!r.answers || !(r.path = kk_arena_strdup(&c->arena, path ? path : "")))
    return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
  for (size_t i = 0; i < qs->n; i++) {
    const kk_Json *q = &qs->items[i];
    kk_ResultAnswer *a = &r.answers[i];
    a->id = kk_json_str(q, "id", NULL);
    a->type = kk_json_str(q, "type", "");
    a->answer = kk_json_str(q, "answer", "");
    a->points = kk_json_num(q, "points", NAN);
    a->max_points = kk_json_num(q, "max_points", NAN);
    double no = kk_json_num(q, "options", 0);
    a->noptions = no >= 0 && no <= 1000 ? (int)no : 0;
    if (!a->id || isnan(a->points) || isnan(a->max_points))
      return invalid(err, path, _("a question lacks 'id', 'points' or 'max_points'"));
    if (!points_ok(a->points, a->max_points, KK_EXAM_MAX_POINTS))
      return invalid(err, path, _("a question's 'points' are not between 0 and 'max_points'"));
  }
  if (c->n == c->cap) {
    kk_ResultStudent *ns = kk_grow(c->s, &c->cap, c->n + 1, sizeof *ns, 32);
    if (!ns) return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
    c->s = ns;
  }
  c->s[c->n++] = r;
  return KK_OK;
}

kk_Status kk_class_add_file(kk_Class *c, const char *path, kk_Err *err) {
  char *buf;
  size_t n;
  kk_Status st = kk_file_read(path, (size_t)1 << 28, &buf, &n, err);
  if (st != KK_OK) return st;
  st = kk_class_add_mem(c, buf, n, path, err);
  kk_free(buf);
  return st;
}
