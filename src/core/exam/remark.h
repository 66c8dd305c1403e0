/*
** remark.h -- marking a result file on the instructor's side: the answers
** it holds are put on the paper the spec draws for the student's number
** and marked with the spec's own key; nothing the file says about scores,
** deadlines or correct answers is trusted.  Depends on attempt.h, json.h.
** kk_remark returns a new submitted kk_Attempt (no sink); caller frees
** with kk_attempt_free before the spec and the bank.
*/
#ifndef KK_REMARK_H
#define KK_REMARK_H

#include "core/exam/attempt.h"

enum {
  KK_REMARK_PAPER = 1,     /* its questions are not the paper the spec draws */
  KK_REMARK_SPEC_HASH = 2, /* sat on a different version of the spec */
  KK_REMARK_LATE = 4,      /* submitted after the deadline the spec gives */
  KK_REMARK_CLOCK = 8      /* the computer's clock was set back */
};
#define KK_REMARK_LATE_GRACE_MS 5000 /* saving the submission takes a moment */

/* Names of the flag bits set in flags, ", "-separated, into buf, in the
** interface language. */
void kk_remark_flag_names(unsigned flags, char *buf, size_t size);

/* Re-marks the result document buf[0..len) (path for errors) against spec
** and its bank items[0..n).  *flags gets KK_REMARK_* bits.  KK_ERR_PARSE /
** KK_ERR_INVALID for a file that is not a result of this exam. */
kk_Status kk_remark(const kk_ExamSpec *spec, const kk_ExamItem *items, size_t n, const char *buf,
                    size_t len, const char *path, kk_Attempt **out, unsigned *flags, kk_Err *err);

#endif
