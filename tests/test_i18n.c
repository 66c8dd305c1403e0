/*
** test_i18n.c -- message catalogs: choosing the language from the
** environment, reading .mo files (the build's own ja catalog, and
** catalogs made here byte by byte, damaged ones included), plural rules,
** contexts.  Runs with the locale left at "C": the language must not
** depend on setlocale.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/bundle.h"
#include "core/base/date.h"
#include "core/base/err.h"
#include "core/base/i18n.h"
#include "core/base/utf8.h"
#include "kt.h"

/* ---- a .mo writer for tests ------------------------------------------------
** Entries must be given sorted by key; keys/values may contain NULs (plural
** forms, contexts), so each has an explicit length. */
typedef struct {
  const char *k;
  size_t kl;
  const char *v;
  size_t vl;
} Ent;

static size_t put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16),
  p[3] = (unsigned char)(v >> 24);
  return 4;
}

/* Writes a little-endian .mo of n entries into buf (big enough); returns its size. */
static size_t make_mo(unsigned char *buf, const Ent *e, uint32_t n) {
  uint32_t orig = 28, trans = orig + 8 * n, data = trans + 8 * n;
  memset(buf, 0, data);
  put32(buf, 0x950412deu);
  put32(buf + 4, 0);
  put32(buf + 8, n);
  put32(buf + 12, orig);
  put32(buf + 16, trans);
  uint32_t at = data;
  for (uint32_t i = 0; i < n; i++) {
    put32(buf + orig + 8 * i, (uint32_t)e[i].kl);
    put32(buf + orig + 8 * i + 4, at);
    memcpy(buf + at, e[i].k, e[i].kl);
    buf[at + e[i].kl] = 0;
    at += (uint32_t)e[i].kl + 1;
  }
  for (uint32_t i = 0; i < n; i++) {
    put32(buf + trans + 8 * i, (uint32_t)e[i].vl);
    put32(buf + trans + 8 * i + 4, at);
    memcpy(buf + at, e[i].v, e[i].vl);
    buf[at + e[i].vl] = 0;
    at += (uint32_t)e[i].vl + 1;
  }
  return at;
}

#define S(x) x, sizeof(x) - 1

static void test_pick(void) {
  unsetenv("LANGUAGE"), unsetenv("LC_ALL"), unsetenv("LC_MESSAGES"), unsetenv("LANG");
  KT_CHECK_STR(kk_i18n_pick(NULL), "en");
  KT_CHECK_STR(kk_i18n_pick("ja"), "ja");
  setenv("LANG", "ja_JP.UTF-8", 1);
  KT_CHECK_STR(kk_i18n_pick(NULL), "ja");
  KT_CHECK_STR(kk_i18n_pick("en"), "en"); /* --lang wins */
  setenv("LC_MESSAGES", "C.UTF-8", 1);
  KT_CHECK_STR(kk_i18n_pick(NULL), "en"); /* LC_MESSAGES before LANG */
  setenv("LC_ALL", "ja_JP.eucJP", 1);
  KT_CHECK_STR(kk_i18n_pick(NULL), "ja"); /* LC_ALL before LC_MESSAGES */
  setenv("LANGUAGE", "en_GB:ja", 1);
  KT_CHECK_STR(kk_i18n_pick(NULL), "en"); /* LANGUAGE first, its first entry */
  setenv("LANGUAGE", "POSIX", 1);
  KT_CHECK_STR(kk_i18n_pick(NULL), "en");
  unsetenv("LANGUAGE"), unsetenv("LC_ALL"), unsetenv("LC_MESSAGES"), unsetenv("LANG");
}

/* The build's own catalog: Japanese although no ja locale exists here. */
static void test_build_catalog(void) {
  const char *dirs[] = {KK_BINARY_DIR "/locale", NULL};
  kk_Err e;
  KT_REQUIRE(kk_i18n_set("ja", dirs, &e) == KK_OK);
  KT_CHECK_STR(kk_i18n_lang(), "ja");
  KT_CHECK_STR(_("show help for a command"), "コマンドのヘルプを表示する");
  KT_CHECK_STR(_("no such message in the catalog"), "no such message in the catalog");
  /* Japanese has one plural form */
  KT_CHECK_STR(kk_ngettext("Streak: %d day", "Streak: %d days", 1), "連続学習: %d 日");
  KT_CHECK_STR(kk_ngettext("Streak: %d day", "Streak: %d days", 5), "連続学習: %d 日");
  /* the lookup paths the program uses find it too */
  kk_i18n_reset();
  KT_CHECK(kk_i18n_set("ja", kk_bundled_locale_dirs(), &e) == KK_OK);
  KT_CHECK_STR(_("window size"), "ウィンドウの大きさ");
  /* a language without a catalog: English, and said so */
  KT_CHECK(kk_i18n_set("xx", dirs, &e) == KK_ERR_NOTFOUND);
  KT_CHECK(strstr(e.msg, "xx") != NULL);
  KT_CHECK_STR(kk_i18n_lang(), "en");
  KT_CHECK_STR(_("window size"), "window size");
  kk_i18n_reset();
  KT_CHECK_STR(kk_ngettext("%d day", "%d days", 1), "%d day");
  KT_CHECK_STR(kk_ngettext("%d day", "%d days", 2), "%d days");
}

static const char hdr3[] =
    "Content-Type: text/plain; charset=UTF-8\n"
    "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);\n";

static void test_plural_and_context(void) {
  static unsigned char buf[4096];
  Ent e[] = {
      {S(""), hdr3, sizeof hdr3 - 1},
      {S("%d file\0%d files"), S("%d plik\0%d pliki\0%d plikow")},
      {S("Good"), S("ok")},
      {S("grade\004Good"), S("zaliczone")},
  };
  size_t n = make_mo(buf, e, 4);
  kk_Err err;
  KT_REQUIRE(kk_i18n_set_mo("pl", buf, n, &err) == KK_OK);
  KT_CHECK_STR(kk_ngettext("%d file", "%d files", 1), "%d plik");
  KT_CHECK_STR(kk_ngettext("%d file", "%d files", 3), "%d pliki");
  KT_CHECK_STR(kk_ngettext("%d file", "%d files", 5), "%d plikow");
  KT_CHECK_STR(kk_ngettext("%d file", "%d files", 12), "%d plikow");
  KT_CHECK_STR(kk_ngettext("%d file", "%d files", 22), "%d pliki");
  KT_CHECK_STR(kk_ngettext("%d file", "%d files", 111), "%d plikow");
  KT_CHECK_STR(_("Good"), "ok");
  KT_CHECK_STR(kk_pgettext("grade", "Good"), "zaliczone");
  KT_CHECK_STR(kk_pgettext("other", "Good"), "Good");
  /* not in the catalog: English plural rule on the msgids */
  KT_CHECK_STR(kk_ngettext("%d cat", "%d cats", 1), "%d cat");
  KT_CHECK_STR(kk_ngettext("%d cat", "%d cats", 2), "%d cats");
  kk_i18n_reset();
}

/* A damaged catalog is refused with an error and changes nothing. */
static void test_damaged(void) {
  static unsigned char good[4096], bad[4096];
  Ent e[] = {{S(""), S("Plural-Forms: nplurals=1; plural=0;\n")}, {S("Yes"), S("はい")}};
  size_t n = make_mo(good, e, 2);
  kk_Err err;
  KT_REQUIRE(kk_i18n_set_mo("ja", good, n, &err) == KK_OK);
  KT_CHECK_STR(_("Yes"), "はい");
  /* truncated at every length */
  int refused = 0;
  for (size_t cut = 0; cut < n; cut++)
    refused += kk_i18n_set_mo("ja", good, cut, &err) == KK_ERR_PARSE;
  KT_CHECK(refused == (int)n);
  KT_CHECK_STR(_("Yes"), "はい"); /* the good catalog is still active */
  /* bad magic */
  memcpy(bad, good, n);
  bad[0] ^= 0xff;
  KT_CHECK(kk_i18n_set_mo("ja", bad, n, &err) == KK_ERR_PARSE);
  /* an offset past the end */
  memcpy(bad, good, n);
  put32(bad + 28 + 8 + 4, 1u << 30);
  KT_CHECK(kk_i18n_set_mo("ja", bad, n, &err) == KK_ERR_PARSE);
  /* a length that runs past the end */
  memcpy(bad, good, n);
  put32(bad + 28 + 16 + 8, 0xffffff00u);
  KT_CHECK(kk_i18n_set_mo("ja", bad, n, &err) == KK_ERR_PARSE);
  /* an entry count larger than the file */
  memcpy(bad, good, n);
  put32(bad + 8, 0x7fffffffu);
  KT_CHECK(kk_i18n_set_mo("ja", bad, n, &err) == KK_ERR_PARSE);
  /* unreadable plural rules */
  const char *rules[] = {
      "Plural-Forms: nplurals=2; plural=n >;\n", "Plural-Forms: nplurals=2; plural=(n==1;\n",
      "Plural-Forms: nplurals=0; plural=0;\n", "Plural-Forms: nplurals=2; plural=x;\n"};
  for (size_t i = 0; i < 4; i++) {
    Ent b[] = {{S(""), NULL, 0}, {S("Yes"), S("はい")}};
    b[0].v = rules[i], b[0].vl = strlen(rules[i]);
    size_t bn = make_mo(bad, b, 2);
    KT_CHECK(kk_i18n_set_mo("ja", bad, bn, &err) == KK_ERR_PARSE);
  }
  /* deep nesting is refused, not a stack overflow */
  char deep[600] = "Plural-Forms: nplurals=2; plural=";
  for (int i = 0; i < 200; i++) strcat(deep, "(");
  strcat(deep, "n");
  for (int i = 0; i < 200; i++) strcat(deep, ")");
  strcat(deep, ";\n");
  Ent d[] = {{S(""), NULL, 0}, {S("Yes"), S("はい")}};
  d[0].v = deep, d[0].vl = strlen(deep);
  size_t dn = make_mo(bad, d, 2);
  KT_CHECK(kk_i18n_set_mo("ja", bad, dn, &err) == KK_ERR_PARSE);
  KT_CHECK_STR(_("Yes"), "はい");
  kk_i18n_reset();
}

/* Dates and durations in the interface language, English and Japanese. */
static void test_dates(void) {
  char buf[64];
  int64_t d = kk_date_days(2026, 12, 4);
  kk_i18n_reset();
  KT_CHECK_STR(kk_i18n_date(buf, sizeof buf, d), "December 4, 2026");
  KT_CHECK_STR(kk_i18n_days(buf, sizeof buf, 1), "1 day");
  KT_CHECK_STR(kk_i18n_days(buf, sizeof buf, 2), "2 days");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 1), "1 second");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 59.4), "59 seconds");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 59.6), "1 minute");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 180), "3 minutes");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 3 * 3600), "3 hours");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 2 * 86400), "2 days");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 120 * 86400), "4 months");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 365.25 * 86400), "1 year");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 1.5 * 365.25 * 86400), "1.5 years");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, -5), "0 seconds");
  /* a short buffer is cut, still terminated */
  KT_CHECK_STR(kk_i18n_date(buf, 6, d), "Decem");
  const char *dirs[] = {KK_BINARY_DIR "/locale", NULL};
  kk_Err e;
  KT_REQUIRE(kk_i18n_set("ja", dirs, &e) == KK_OK);
  KT_CHECK_STR(kk_i18n_date(buf, sizeof buf, d), "2026年12月4日");
  KT_CHECK_STR(kk_i18n_date(buf, sizeof buf, kk_date_days(2027, 1, 31)), "2027年1月31日");
  KT_CHECK_STR(kk_i18n_days(buf, sizeof buf, 2), "2日");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 180), "3分");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 2 * 86400), "2日");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 5 * 3600), "5時間");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 120 * 86400), "4か月");
  KT_CHECK_STR(kk_i18n_duration(buf, sizeof buf, 30), "30秒");
  kk_i18n_reset();
}

/* A Japanese message too long for a kk_Err is cut between characters. */
static void test_err_cut(void) {
  kk_Err e;
  char long_ja[3 * 400 + 1] = "";
  for (int i = 0; i < 400; i++) strcat(long_ja, "あ");
  for (int shift = 0; shift < 3; shift++) {
    kk_err_set(&e, KK_ERR_INVALID, "x.yaml", 1, 1, "%.*s%s", shift, "abc", long_ja);
    size_t len = strlen(e.msg);
    KT_CHECK(len > KK_ERR_MSG_MAX - 4 && len < KK_ERR_MSG_MAX);
    KT_CHECK(kk_utf8_validate(e.msg, len, NULL) == KK_OK);
  }
}

int main(void) {
  KT_RUN(test_pick);
  KT_RUN(test_build_catalog);
  KT_RUN(test_plural_and_context);
  KT_RUN(test_damaged);
  KT_RUN(test_dates);
  KT_RUN(test_err_cut);
  return kt_done();
}
