/*
** test_num.c -- the one reader of numbers people write (base/num.h) and
** the readers that use it: deck values, CSV import, GIFT and Moodle XML.
** NaN, infinity, hex and numbers past a double's range are refused
** everywhere (they once reached drafts the deck loader refuses, and
** tolerances of infinity).
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/num.h"
#include "core/deck/export.h"
#include "core/interop/gift.h"
#include "core/interop/mxml.h"
#include "core/interop/qbank.h"
#include "kt.h"

static int num(const char *s, double *v) { return kk_num_parse(s, strlen(s), v); }

static void test_parse(void) {
  static const struct {
    const char *in;
    double want;
  } good[] = {{"0", 0},         {"-1.5", -1.5},  {"+2", 2},   {"1e3", 1000},
              {" 7\t", 7},      {"1_000", 1000}, {".5", 0.5}, {"1949\n  ", 1949},
              {"-0.25", -0.25}, {"1E-2", 0.01}};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    double v = -99;
    KT_CHECK(num(good[i].in, &v) && v == good[i].want);
  }
  static const char *const bad[] = {"",         " ",    "nan",   "NaN",    "inf",  "-inf",
                                    "Infinity", "0x10", "1e999", "-1e999", "1..5", "1,5",
                                    "12abc",    "e",    "+",     ".",      "1 2",  "１"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double v = -99;
    KT_CHECK(!num(bad[i], &v) && v == -99);
    if (num(bad[i], &v)) fprintf(stderr, "accepted: '%s'\n", bad[i]);
  }
  /* only len bytes are read; a number too long for any double text */
  double v = 0;
  KT_CHECK(kk_num_parse("12345", 2, &v) && v == 12);
  char big[200];
  memset(big, '1', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  KT_CHECK(!num(big, &v));
}

static kk_Status csv(const char *text, kk_Err *e) {
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  kk_ImportOptions o = {.csv_name = "n.csv"};
  kk_Status st = kk_import_csv(text, strlen(text), &o, m, NULL, e);
  fclose(m);
  free(out);
  return st;
}

/* A source line number past int is no line (it wrapped to 1 before). */
static void test_csv_source_line(void) {
  static const char *const in[] = {"front,back,source\nq,a,doc.md (line 4294967297)\n",
                                   "front,back,source\nq,a,doc.md (line 12)\n"};
  for (int i = 0; i < 2; i++) {
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    KT_REQUIRE(m != NULL);
    kk_ImportOptions o = {.csv_name = "n.csv"};
    kk_Err e;
    KT_CHECK(kk_import_csv(in[i], strlen(in[i]), &o, m, NULL, &e) == KK_OK);
    fclose(m);
    KT_CHECK(out && (strstr(out, "line: 1") != NULL) == (i == 1)); /* "line: 12" */
    KT_CHECK(out && strstr(out, "doc.md") != NULL);
    free(out);
  }
}

static void test_csv(void) {
  kk_Err e;
  const char *head = "front,back,type,answer,tolerance\n";
  static const char *const bad[] = {"q,,numeric,nan,",  "q,,numeric,inf,",  "q,,numeric,1e999,",
                                    "q,,numeric,0x10,", "q,,numeric,5,nan", "q,,numeric,5,inf",
                                    "q,,numeric,5,-1"};
  char buf[256];
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(buf, sizeof buf, "%s%s\n", head, bad[i]);
    KT_CHECK(csv(buf, &e) == KK_ERR_INVALID);
    KT_CHECK(e.line == 2 && (strstr(e.msg, "not a number") || strstr(e.msg, "not a tolerance")));
  }
  snprintf(buf, sizeof buf, "%sq,,numeric, 1949 ,0.5\n", head);
  KT_CHECK(csv(buf, &e) == KK_OK);
}

static kk_Status gift(const char *text, kk_Qbank *q, kk_Err *e) {
  memset(q, 0, sizeof *q);
  return kk_gift_import(text, strlen(text), "n.gift", q, NULL, e);
}

static void test_gift(void) {
  static const char *const bad[] = {"{#nan}",   "{#inf}",    "{#1e999}",
                                    "{#5:inf}", "{#5:nan}",  "{#-1e308..1e308}",
                                    "{#0x10}",  "{#1..inf}", "{#5:}"};
  char buf[256];
  kk_Err e;
  kk_Qbank q;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(buf, sizeof buf, "::q::How many? %s\n", bad[i]);
    KT_CHECK(gift(buf, &q, &e) == KK_ERR_PARSE);
    KT_CHECK(strstr(e.msg, "not a numerical answer") != NULL);
    kk_qbank_free(&q);
  }
  /* the forms GIFT has, and a range written without decimals */
  static const struct {
    const char *in;
    double value, tol;
  } good[] = {{"{#1949}", 1949, 0},
              {"{#1949:2}", 1949, 2},
              {"{#3.13..3.15}", 3.14, 0.01},
              {"{#1..5}", 3, 2},
              {"{#-5..-1}", -3, 2}};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    snprintf(buf, sizeof buf, "::q::How many? %s\n", good[i].in);
    KT_CHECK(gift(buf, &q, &e) == KK_OK && q.ncards == 1);
    if (q.ncards == 1) {
      KT_CHECK_NEAR(q.cards[0].value, good[i].value, 1e-12);
      KT_CHECK_NEAR(q.cards[0].tolerance + 1, good[i].tol + 1, 1e-12);
    }
    kk_qbank_free(&q);
  }
}

static void test_mxml(void) {
  static const struct {
    const char *value, *tol;
  } cases[] = {{"nan", "0"}, {"inf", "0"}, {"1e999", "0"}, {"0x10", "0"},
               {"5", "inf"}, {"5", "nan"}, {"5x", "0"},    {"5", "1e999"}};
  char buf[1024];
  kk_Err e;
  kk_Qbank q;
  for (size_t i = 0; i <= sizeof cases / sizeof cases[0]; i++) {
    int ok = i == sizeof cases / sizeof cases[0];
    snprintf(buf, sizeof buf,
             "<?xml version=\"1.0\"?>\n<quiz>\n<question type=\"numerical\">\n"
             "<name><text>n</text></name>\n<questiontext><text>How many?</text></questiontext>\n"
             "<answer fraction=\"100\"><text>%s</text><tolerance>%s</tolerance></answer>\n"
             "</question>\n</quiz>\n",
             ok ? "1949" : cases[i].value, ok ? "0.5" : cases[i].tol);
    memset(&q, 0, sizeof q);
    kk_Status st = kk_mxml_import(buf, strlen(buf), "n.xml", &q, NULL, &e);
    if (ok) {
      KT_CHECK(st == KK_OK && q.ncards == 1);
      if (q.ncards == 1) KT_CHECK(q.cards[0].value == 1949 && q.cards[0].tolerance == 0.5);
    } else {
      KT_CHECK(st == KK_ERR_PARSE);
      KT_CHECK(strstr(e.msg, "is not a number") != NULL);
    }
    kk_qbank_free(&q);
  }
}

int main(void) {
  KT_RUN(test_parse);
  KT_RUN(test_csv);
  KT_RUN(test_csv_source_line);
  KT_RUN(test_gift);
  KT_RUN(test_mxml);
  return kt_done();
}
