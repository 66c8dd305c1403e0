/* test_ruby.c -- furigana markup: runs, plain text, literals, escapes. */
#include "core/base/alloc.h"
#include "core/deck/ruby.h"
#include "core/deck/text.h"
#include "kt.h"

#include <stdint.h>

/* Renders the runs as "base(ruby)|base|..." for compact expectations. */
static char *render(const char *in) {
  static char buf[2048];
  kk_Ruby r;
  if (kk_ruby_parse(in, strlen(in), &r) != KK_OK) return NULL;
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < r.nruns; i++) {
    const kk_RubyRun *u = &r.runs[i];
    o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%.*s", i ? "|" : "", (int)u->base_len,
                          u->base);
    if (u->ruby) o += (size_t)snprintf(buf + o, sizeof buf - o, "(%s)", u->ruby);
  }
  kk_ruby_free(&r);
  return buf;
}

static void test_rule(void) {
  KT_CHECK_STR(render("漢字[かんじ]"), "漢字(かんじ)");
  KT_CHECK_STR(render("これは漢字[かんじ]です"), "これは|漢字(かんじ)|です");
  KT_CHECK_STR(render("集団[しゅうだん]防衛[ぼうえい]"), "集団(しゅうだん)|防衛(ぼうえい)");
  KT_CHECK_STR(render("人々[ひとびと]と一ヶ月[いっかげつ]"),
               "人々(ひとびと)|と|一ヶ月(いっかげつ)");
  KT_CHECK_STR(render("｜NATO[ナトー]の第5条"), "NATO(ナトー)|の第5条");
  KT_CHECK_STR(render("新|NATO[ナトー]"), "新|NATO(ナトー)");
  KT_CHECK_STR(render("｜北大西洋[きたたいせいよう]"), "北大西洋(きたたいせいよう)");
  /* Literal brackets. */
  KT_CHECK_STR(render("see [1] and a[b]"), "see [1] and a[b]");
  KT_CHECK_STR(render("漢字[]"), "漢字[]");
  KT_CHECK_STR(render("漢字[かん"), "漢字[かん");
  KT_CHECK_STR(render("漢字[か\nん]"), "漢字[か\nん]");
  KT_CHECK_STR(render("a | b"), "a | b");
  KT_CHECK_STR(render("｜[x]"), "｜[x]");
  KT_CHECK_STR(render("｜a\nb[x]"), "｜a\nb[x]");
  /* Escapes. */
  KT_CHECK_STR(render("漢字\\[かんじ]"), "漢字[かんじ]");
  KT_CHECK_STR(render("\\｜NATO[ナトー]"), "｜NATO[ナトー]");
  KT_CHECK_STR(render("a\\\\b \\n"), "a\\b \\n");
  KT_CHECK_STR(render("C:\\dir"), "C:\\dir");
  KT_CHECK_STR(render(""), "");
  /* Kana before the kanji are not part of the base. */
  KT_CHECK_STR(render("お茶[ちゃ]"), "お|茶(ちゃ)");
}

static void test_runs_tile(void) {
  kk_Ruby r;
  const char *in = "第5条[だいごじょう]の集団[しゅうだん]的自衛権";
  KT_CHECK(kk_ruby_parse(in, strlen(in), &r) == KK_OK);
  KT_CHECK_STR(r.plain, "第5条の集団的自衛権");
  KT_CHECK(r.nruby == 2);
  size_t off = 0;
  for (size_t i = 0; i < r.nruns; i++) {
    KT_CHECK(r.runs[i].base_off == off);
    KT_CHECK(r.runs[i].base == r.plain + off);
    off += r.runs[i].base_len;
  }
  KT_CHECK(off == r.plain_len);
  /* Only 条 is Han-adjacent: the digit stops the base. */
  KT_CHECK(r.runs[1].base_len == 3 && r.runs[1].ruby != NULL);
  kk_ruby_free(&r);
  kk_ruby_free(NULL);
}

static void test_limits(void) {
  /* A base longer than KK_RUBY_MAX_BASE is literal text. */
  char buf[1024];
  size_t o = 0;
  for (int i = 0; i < KK_RUBY_MAX_BASE + 1; i++) o += (size_t)sprintf(buf + o, "字");
  strcpy(buf + o, "[じ]");
  char *plain = NULL;
  KT_CHECK(kk_ruby_plain(buf, strlen(buf), &plain, NULL) == KK_OK);
  KT_CHECK(plain && strstr(plain, "[じ]") != NULL);
  kk_free(plain);
  /* Exactly KK_RUBY_MAX_BASE is fine. */
  o = 0;
  for (int i = 0; i < KK_RUBY_MAX_BASE; i++) o += (size_t)sprintf(buf + o, "字");
  strcpy(buf + o, "[じ]");
  KT_CHECK(kk_ruby_plain(buf, strlen(buf), &plain, NULL) == KK_OK);
  KT_CHECK(plain && strstr(plain, "[") == NULL);
  kk_free(plain);
}

static void test_plain_and_invalid(void) {
  char *p = NULL;
  size_t n = 0;
  const char *in = "漢\xFF[かん]字[じ\xE6]";
  KT_CHECK(kk_ruby_plain(in, strlen(in), &p, &n) == KK_OK);
  /* 漢 is cut off from `[` by U+FFFD, so that bracket is literal. */
  KT_CHECK_STR(p, "漢\xEF\xBF\xBD[かん]字");
  KT_CHECK(n == strlen(p));
  kk_free(p);
  kk_Ruby r;
  KT_CHECK(kk_ruby_parse(in, strlen(in), &r) == KK_OK);
  KT_CHECK(r.nruby == 1 && strcmp(r.runs[r.nruns - 1].ruby, "じ\xEF\xBF\xBD") == 0);
  kk_ruby_free(&r);
}

static void test_oom(void) {
  const char *in = "集団[しゅうだん]";
  kk_alloc_fail_after(0);
  kk_Ruby r;
  KT_CHECK(kk_ruby_parse(in, strlen(in), &r) == KK_OK);
  kk_ruby_free(&r);
  size_t total = kk_alloc_fail_after(0);
  KT_CHECK(total == 3);
  for (size_t i = 1; i <= total; i++) {
    kk_alloc_fail_after(i);
    kk_Status st = kk_ruby_parse(in, strlen(in), &r);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_ERR_NOMEM && r.plain == NULL && r.runs == NULL);
  }
}

static uint32_t rng_state = 777;
static uint32_t rng(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 8;
}

static void test_random(void) {
  /* Random mixes of markup pieces and raw bytes: runs always tile the
  ** plain text, which is always well-formed. */
  static const char *pieces[] = {"漢", "字", "[",  "]",    "｜",       "|",  "\\",
                                 "か", "a",  "\n", "\xFF", "\xE6\xBC", "々", " "};
  int ok = 1;
  for (int it = 0; it < 3000 && ok; it++) {
    char buf[256];
    size_t o = 0, k = rng() % 40;
    for (size_t i = 0; i < k; i++) {
      const char *pc = pieces[rng() % (sizeof pieces / sizeof *pieces)];
      memcpy(buf + o, pc, strlen(pc));
      o += strlen(pc);
    }
    kk_Ruby r;
    if (kk_ruby_parse(buf, o, &r) != KK_OK) {
      ok = 0;
      break;
    }
    size_t off = 0;
    for (size_t i = 0; i < r.nruns; i++) {
      if (r.runs[i].base_off != off || r.runs[i].base_len == 0) ok = 0;
      if (r.runs[i].ruby && kk_utf8_validate(r.runs[i].ruby, r.runs[i].ruby_len, NULL) != KK_OK)
        ok = 0;
      off += r.runs[i].base_len;
    }
    if (off != r.plain_len || kk_utf8_validate(r.plain, r.plain_len, NULL) != KK_OK) ok = 0;
    kk_ruby_free(&r);
  }
  KT_CHECK(ok);
}

int main(void) {
  KT_RUN(test_rule);
  KT_RUN(test_runs_tile);
  KT_RUN(test_limits);
  KT_RUN(test_plain_and_invalid);
  KT_RUN(test_oom);
  KT_RUN(test_random);
  return kt_done();
}
