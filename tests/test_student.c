/*
** test_student.c -- the one check of a student's number and name: trimmed
** (ASCII and ideographic spaces), a lone space refused, caps at 64 / 200
** code points counted as code points (Japanese names), control characters
** and invalid UTF-8 refused.
*/
#include <string.h>

#include "core/exam/student.h"
#include "kt.h"

static void test_number(void) {
  char out[KK_STUDENT_BUF];
  kk_Err e;
  KT_CHECK(kk_student_number("  S123\t", out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "S123");
  KT_CHECK(kk_student_number("\xE3\x80\x80"
                             "24A001"
                             "\xE3\x80\x80",
                             out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "24A001");
  KT_CHECK(kk_student_number(" ", out, sizeof out, &e) == KK_ERR_INVALID);
  KT_CHECK(strstr(e.msg, "student number") != NULL);
  KT_CHECK(kk_student_number("", out, sizeof out, &e) == KK_ERR_INVALID);
  KT_CHECK(kk_student_number(NULL, out, sizeof out, &e) == KK_ERR_INVALID);
  KT_CHECK(kk_student_number("S1\x1b[2J", out, sizeof out, &e) == KK_ERR_INVALID);
  KT_CHECK(kk_student_number("S1\xff", out, sizeof out, &e) == KK_ERR_INVALID);
  char n64[65], n65[66];
  memset(n64, '7', 64), n64[64] = '\0';
  memset(n65, '7', 65), n65[65] = '\0';
  KT_CHECK(kk_student_number(n64, out, sizeof out, &e) == KK_OK);
  KT_CHECK(kk_student_number(n65, out, sizeof out, &e) == KK_ERR_INVALID);
  KT_CHECK(strstr(e.msg, "64") != NULL);
  /* 10,000 characters, as in the attack */
  static char big[10001];
  memset(big, '9', 10000);
  KT_CHECK(kk_student_number(big, out, sizeof out, &e) == KK_ERR_INVALID);
}

static void test_name(void) {
  char out[KK_STUDENT_BUF];
  kk_Err e;
  KT_CHECK(kk_student_name("", out, sizeof out, &e) == KK_OK); /* a resumed attempt */
  KT_CHECK_STR(out, "");
  KT_CHECK(kk_student_name(" 山田 花子 ", out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "山田 花子");
  /* 200 kanji (600 bytes) fit; 201 do not */
  char name[4 * 201 + 1] = "";
  for (int i = 0; i < 200; i++) strcat(name, "花");
  KT_CHECK(kk_student_name(name, out, sizeof out, &e) == KK_OK);
  strcat(name, "花");
  KT_CHECK(kk_student_name(name, out, sizeof out, &e) == KK_ERR_INVALID);
  KT_CHECK(kk_student_name("Hana\nKen", out, sizeof out, &e) == KK_ERR_INVALID);
}

int main(void) {
  KT_RUN(test_number);
  KT_RUN(test_name);
  return kt_done();
}
