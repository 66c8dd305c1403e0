/*
** student.h -- what a student types as their number and name, checked
** once for every way into an exam (the window's start screen, --number and
** --student, the terminal prompts): surrounding white space (ASCII and the
** ideographic space U+3000) trimmed, valid UTF-8 without control
** characters, a number of 1 to KK_STUDENT_NO_MAX code points, a name of at
** most KK_STUDENT_NAME_MAX.  Depends on err.h.  Writes into caller buffers.
*/
#ifndef KK_STUDENT_H
#define KK_STUDENT_H

#include <stddef.h>

#include "core/base/err.h"

#define KK_STUDENT_NO_MAX 64    /* code points */
#define KK_STUDENT_NAME_MAX 200 /* code points */
/* Bytes a buffer needs for either, with the NUL (4 bytes a code point). */
#define KK_STUDENT_BUF (4 * KK_STUDENT_NAME_MAX + 1)

/* Checks and trims the student number `in` into out (size bytes, at least
** KK_STUDENT_BUF).  KK_ERR_INVALID with a message a student understands
** (empty, too long, control characters, invalid UTF-8). */
kk_Status kk_student_number(const char *in, char *out, size_t size, kk_Err *err);
/* The same for the name; an empty name is allowed (a resumed attempt
** keeps its stored one). */
kk_Status kk_student_name(const char *in, char *out, size_t size, kk_Err *err);

#endif
