/*
** remark.c -- instructor-side marking of result files (see remark.h).
*/
#include "core/exam/remark.h"
#include "core/base/i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/date.h"
#include "core/base/json.h"
#include "core/exam/pack.h"

void kk_remark_flag_names(unsigned flags, char *buf, size_t size) {
  static const char *const names[] = {N_("paper differs from the spec's"), N_("spec hash differs"),
                                      N_("late submission"), N_("clock set back")};
  size_t k = 0;
  if (size) buf[0] = '\0';
  for (unsigned i = 0; i < 4; i++)
    if (flags & (1u << i)) {
      int w = snprintf(buf + k, size > k ? size - k : 0, "%s%s", k ? ", " : "", _(names[i]));
      if (w > 0) k += (size_t)w;
      if (k >= size) break;
    }
}

static kk_Status invalid(kk_Err *err, const char *path, const char *what) {
  return kk_err_set(err, KK_ERR_INVALID, path, 0, 0, _("not a result of this exam: %s"), what);
}

kk_Status kk_remark(const kk_ExamSpec *spec, const kk_ExamItem *items, size_t n, const char *buf,
                    size_t len, const char *path, kk_Attempt **out, unsigned *flags, kk_Err *err) {
  *out = NULL;
  *flags = 0;
  kk_Arena ar = {0};
  kk_Json *root = NULL;
  kk_Paper *paper = NULL;
  kk_Attempt *a = NULL;
  kk_Status st = kk_json_parse(buf, len, path, &ar, &root, err);
  if (st) goto done;
  const kk_Json *student = kk_json_get(root, "student");
  const kk_Json *qs = kk_json_get(root, "questions");
  const char *exam = kk_json_str(root, "exam", NULL);
  const char *no = student ? kk_json_str(student, "number", NULL) : NULL;
  if (!exam || strcmp(exam, spec->id) != 0) {
    st = invalid(err, path, exam ? _("another exam id") : _("no 'exam'"));
    goto done;
  }
  if (!no || !*no || !qs || qs->type != KK_JSON_ARRAY) {
    st = invalid(err, path, _("no student number or questions"));
    goto done;
  }
  const char *name = kk_json_str(student, "name", "");
  if (strcmp(kk_json_str(root, "spec_hash", ""), spec->hash) != 0) *flags |= KK_REMARK_SPEC_HASH;
  if (kk_json_num(root, "clock_back_ms", 0) > 0) *flags |= KK_REMARK_CLOCK;
  int from_pack = !kk_json_bool(root, "marked", 1);
  double started = kk_json_num(root, "started_ms", NAN);
  double submitted = kk_json_num(root, "submitted_ms", NAN);
  /* milliseconds since 1970 as Kioku writes them; a number outside that
  ** range (1e300, say) is no time, and converting it would be undefined */
  if (!(kk_time_ok_d(started) && kk_time_ok_d(submitted) && submitted >= 1)) {
    st = invalid(err, path, _("no start or submission time"));
    goto done;
  }
  /* The paper the spec draws for this number, and the deadline it gives. */
  uint64_t seed = kk_exam_student_seed(spec, no);
  if ((st = kk_paper_build(spec, items, n, seed, &paper, err))) goto done;
  int64_t t0 = (int64_t)started, t1 = (int64_t)submitted;
  int64_t deadline = kk_attempt_deadline_for(spec, no, t0);
  if (deadline && t1 > deadline + KK_REMARK_LATE_GRACE_MS) *flags |= KK_REMARK_LATE;
  size_t np = kk_paper_count(paper);
  if (qs->n != np) *flags |= KK_REMARK_PAPER;
  for (size_t i = 0; i < np && i < qs->n; i++)
    if (strcmp(kk_json_str(&qs->items[i], "id", ""), kk_paper_question(paper, i)->key) != 0)
      *flags |= KK_REMARK_PAPER;
  const kk_Paper *pp = paper;
  if ((st = kk_attempt_new(spec, paper, name, no, seed, t0, deadline, &a))) {
    paper = NULL; /* owned by the attempt call, also on failure */
    kk_err_set(err, st, path, 0, 0, _("out of memory"));
    goto done;
  }
  paper = NULL;
  /* Each answer goes to the question with its id, wherever it stood. */
  for (size_t i = 0; i < qs->n; i++) {
    const kk_Json *q = &qs->items[i];
    const char *id = kk_json_str(q, "id", "");
    const char *ans = kk_json_str(q, "answer", "");
    for (size_t j = 0; j < np; j++) {
      const kk_Question *pq = kk_paper_question(pp, j);
      if (strcmp(pq->key, id) != 0) continue;
      char conv[2048];
      if (from_pack && pq->card->type == KK_CARD_ORDER && ans[0]) {
        if (kk_pack_order_answer(pq->card, ans, conv, sizeof conv) != 0) conv[0] = '\0';
        ans = conv;
      }
      double spent = kk_json_num(q, "time_spent_ms", 0);
      if ((st = kk_attempt_restore(a, j, ans, 0, kk_duration_clamp_d(spent),
                                   kk_json_bool(q, "flagged", 0)))) {
        kk_err_set(err, st, path, 0, 0, _("out of memory"));
        goto done;
      }
      break;
    }
  }
  kk_attempt_restore_state(a, t1, 0, t1);
  *out = a;
  a = NULL;
done:
  kk_attempt_free(a);
  kk_paper_free(paper);
  kk_arena_free(&ar);
  return st;
}
