/*
** student.c -- checking a student's number and name (student.h).
*/
#include "core/exam/student.h"

#include <string.h>

#include "core/base/i18n.h"
#include "core/base/utf8.h"

static int is_space_cp(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000;
}

/* Full sentences per field, so that translations need not assemble them. */
typedef struct {
  const char *bad_utf8, *control, *empty, *too_long;
} Msgs;

static kk_Status clean(const char *in, size_t max_cp, int required, const Msgs *m, char *out,
                       size_t size, kk_Err *err) {
  if (size) out[0] = '\0';
  size_t len = in ? strlen(in) : 0;
  if (len && kk_utf8_validate(in, len, NULL) != KK_OK)
    return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, "%s", m->bad_utf8);
  /* trim both ends */
  size_t a = 0, b = len;
  while (a < b) {
    size_t p = a;
    if (!is_space_cp(kk_utf8_next(in, b, &p))) break;
    a = p;
  }
  while (b > a) {
    size_t p = kk_utf8_prev(in, b, b), q = p;
    if (!is_space_cp(kk_utf8_next(in, b, &q))) break;
    b = p;
  }
  size_t n = 0;
  for (size_t p = a; p < b; n++) {
    int32_t cp = kk_utf8_next(in, b, &p);
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
      return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, "%s", m->control);
  }
  if (required && n == 0) return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, "%s", m->empty);
  if (n > max_cp || b - a + 1 > size)
    return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, m->too_long, max_cp);
  if (b > a) memcpy(out, in + a, b - a); /* in may be NULL when empty (UBSan) */
  out[b - a] = '\0';
  return KK_OK;
}

kk_Status kk_student_number(const char *in, char *out, size_t size, kk_Err *err) {
  const Msgs m = {_("The student number is not valid text."),
                  _("The student number contains a control character."),
                  _("Enter your student number."),
                  _("The student number is too long (at most %zu characters).")};
  return clean(in, KK_STUDENT_NO_MAX, 1, &m, out, size, err);
}

kk_Status kk_student_name(const char *in, char *out, size_t size, kk_Err *err) {
  const Msgs m = {_("The name is not valid text."), _("The name contains a control character."), "",
                  _("The name is too long (at most %zu characters).")};
  return clean(in, KK_STUDENT_NAME_MAX, 0, &m, out, size, err);
}
