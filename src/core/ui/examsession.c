/*
** examsession.c -- spec, decks, store and attempt for one run of an exam.
*/
#include "core/base/i18n.h"
#include "core/ui/examsession.h"

#include "core/exam/student.h"

#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/deck/ydoc.h"
#include "core/exam/pack.h"
#include "core/exam/examsched.h"
#include "core/base/paths.h"
#include "core/exam/results.h"
#include "core/study/store.h"

struct kk_ExamSession {
  kk_ExamSessionOptions opt;
  char results_dir[4200];
  kk_ExamSpec *spec;
  kk_ExamBank bank;
  kk_Store *store;
  kk_Attempt *a;
  int submitted_at_start; /* the attempt was already submitted when opened */
  int finished;
  kk_ExamUiHost host;
};

int kk_exam_session_sealed(const char *path) {
  char *buf = NULL;
  size_t len = 0;
  if (kk_file_read(path, kk_ylimits_max_bytes(), &buf, &len, NULL) != KK_OK) return 0;
  int sealed = kk_pack_is_sealed(buf, len);
  kk_free(buf);
  return sealed;
}

kk_Status kk_exam_session_open(const kk_ExamSessionOptions *opt, kk_Diags *diags,
                               kk_ExamSession **out, kk_Err *err) {
  *out = NULL;
  kk_ExamSession *s = kk_calloc(1, sizeof *s);
  if (!s) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  s->opt = *opt;
  if (opt->results_dir)
    snprintf(s->results_dir, sizeof s->results_dir, "%s", opt->results_dir);
  else
    snprintf(s->results_dir, sizeof s->results_dir, "%s/results", opt->data_dir);
  /* An exam pack (pack.h) carries its own cards; a spec names decks. */
  char *buf = NULL;
  size_t len = 0;
  kk_Err fe;
  kk_Status st = kk_file_read(opt->spec_path, kk_ylimits_max_bytes(), &buf, &len, &fe);
  if (st) kk_diags_add(diags, KK_SEV_ERROR, opt->spec_path, 0, 0, "%s", fe.msg);
  if (!st && kk_pack_is_sealed(buf, len)) {
    char *plain = NULL;
    size_t plen = 0;
    if (!opt->pack_password)
      st = kk_err_set(&fe, KK_ERR_USAGE, NULL, 0, 0,
                      _("this exam pack is sealed: the password is needed"));
    else
      st = kk_pack_unseal(buf, len, opt->pack_password, &plain, &plen, &fe);
    if (st) kk_diags_add(diags, KK_SEV_ERROR, opt->spec_path, 0, 0, "%s", fe.msg);
    kk_free(buf);
    buf = plain;
    len = plen;
  }
  if (st) {
    /* reported above */
  } else if (kk_pack_sniff(buf, len))
    st = kk_pack_load_mem(buf, len, opt->spec_path, diags, &s->spec, &s->bank);
  else if ((st = kk_exam_spec_load_mem(buf, len, opt->spec_path, diags, &s->spec)) == KK_OK)
    st = kk_exam_bank_load(s->spec, diags, &s->bank);
  kk_free(buf);
  if (!st && kk_exam_spec_check_bank(s->spec, s->bank.items, s->bank.n, diags)) st = KK_ERR_INVALID;
  if (st) {
    kk_diags_first_error(diags, err);
    if (err) err->code = st;
    goto fail;
  }
  if ((st = kk_store_open(opt->data_dir, err, &s->store))) goto fail;
  *out = s;
  return KK_OK;
fail:
  kk_exam_session_free(s);
  return st;
}

void kk_exam_session_free(kk_ExamSession *s) {
  if (!s) return;
  /* Leaving: one more try for anything whose save failed. */
  if (s->a) kk_attempt_save_pending(s->a, NULL);
  kk_attempt_free(s->a); /* before the store it writes to */
  kk_store_close(s->store);
  kk_exam_bank_free(&s->bank);
  kk_exam_spec_free(s->spec);
  kk_free(s);
}

const kk_ExamSpec *kk_exam_session_spec(const kk_ExamSession *s) { return s->spec; }
kk_Store *kk_exam_session_store(kk_ExamSession *s) { return s->store; }

int kk_exam_session_known(kk_ExamSession *s, const char *student_no) {
  return kk_examdb_exists(s->store, s->spec->id, student_no) == 1;
}

kk_Status kk_exam_session_start(kk_ExamSession *s, const char *name, const char *number,
                                int64_t now_ms, kk_Attempt **out, kk_ExamOpenInfo *info,
                                kk_Err *err) {
  *out = NULL;
  /* one check of what the student typed, for every way in */
  char no_buf[KK_STUDENT_BUF], name_buf[KK_STUDENT_BUF];
  kk_Status st = kk_student_number(number, no_buf, sizeof no_buf, err);
  if (!st) st = kk_student_name(name, name_buf, sizeof name_buf, err);
  if (st) return st;
  kk_attempt_free(s->a);
  s->a = NULL;
  s->finished = 0;
  st = kk_examdb_open(s->store, s->spec, s->bank.items, s->bank.n, name_buf, no_buf, now_ms, &s->a,
                      info, err);
  if (st) return st;
  s->submitted_at_start = kk_attempt_submitted_ms(s->a) != 0;
  *out = s->a;
  return KK_OK;
}

kk_Status kk_exam_session_finish(kk_ExamSession *s, int64_t now_ms, char *msg, size_t size,
                                 kk_Err *err) {
  if (size) msg[0] = '\0';
  if (!s->a || !kk_attempt_submitted_ms(s->a) || s->finished) return KK_OK;
  /* results only once the submission itself is in the store: a retry
  ** first; if it still fails, say so and try again on the next call */
  if (!kk_attempt_saved(s->a)) {
    kk_attempt_tick(s->a, now_ms, NULL, err);
    if (!kk_attempt_saved(s->a)) {
      if (size) snprintf(msg, size, _("The submission could not be saved yet; retrying."));
      return err->code ? err->code : KK_ERR_DB;
    }
  }
  s->finished = 1;
  char jp[4400];
  size_t off = 0;
  kk_Status st = kk_paths_mkdir_p(s->results_dir, err);
  if (!st) st = kk_results_write(s->a, s->results_dir, s->opt.force, jp, sizeof jp, err);
  if (st == KK_ERR_EXISTS && s->submitted_at_start) {
    off = (size_t)snprintf(msg, size, _("Results were written before: %s."), err->path);
    st = KK_OK;
  } else if (!st) {
    off = (size_t)snprintf(msg, size, _("Results saved: %s."), jp);
  }
  if (off >= size) off = size ? size - 1 : 0;
  if (st) return st;
  if (!s->submitted_at_start && s->spec->update_schedule) {
    kk_Clock clock = {now_ms, s->opt.utc_offset_min, s->opt.day_start_hour};
    size_t n = 0;
    st = kk_exam_apply_schedule(s->store, s->a, &clock, &n, err);
    if (!st && size > off)
      snprintf(msg + off, size - off,
               kk_ngettext(" Study schedule updated for %zu question.",
                           " Study schedule updated for %zu questions.", n),
               n);
  }
  return st;
}

/* ---- the screens' host ---------------------------------------------------------*/

static kk_Status ui_open(void *ud, const char *name, const char *number, int64_t now_ms,
                         kk_Attempt **out, kk_Err *err) {
  return kk_exam_session_start(ud, name, number, now_ms, out, NULL, err);
}

static void ui_submitted(void *ud, kk_Attempt *a, int64_t now_ms, char *msg, size_t size) {
  kk_Err err;
  kk_err_clear(&err);
  (void)a;
  if (kk_exam_session_finish(ud, now_ms, msg, size, &err) != KK_OK) kk_err_format(&err, msg, size);
}

const kk_ExamUiHost *kk_exam_session_ui_host(kk_ExamSession *s) {
  s->host.ud = s;
  s->host.open = ui_open;
  s->host.submitted = ui_submitted;
  return &s->host;
}
