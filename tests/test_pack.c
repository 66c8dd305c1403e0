/* test_pack.c -- exam packs (exam/pack.h): written without any answer,
** read back into cards that draw the very paper the spec draws, order
** answers mapped back to card numbering, damaged packs refused. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/exam/pack.h"
#include "core/exam/remark.h"
#include "core/exam/paper.h"
#include "exam_bank.h"
#include "kt.h"
#include "kt_fixture.h"

static kk_ExamSpec *spec_of(const char *extra) {
  char t[1024];
  snprintf(
      t, sizeof t,
      "exam: e1\ntitle: T\ndecks: [a]\ntime_limit: 10m\nseed_mode: student\n"
      "extensions: {S2: 15}\n%spools:\n  - count: 7\n    types: [choice, truefalse, typed, numeric, order, cloze]\n",
      extra);
  return kt_spec(t, "e1.yaml");
}

static char *pack_text(const kk_ExamSpec *s, kk_Status *st) {
  char *buf = NULL;
  size_t len = 0;
  kk_Err err;
  FILE *m = open_memstream(&buf, &len);
  *st = kk_pack_write(s, bank_items, BANK_N, "salt", m, &err);
  fclose(m);
  return buf;
}

static void test_no_answers(void) {
  kk_ExamSpec *s = spec_of("");
  KT_REQUIRE(s != NULL);
  kk_Status st;
  char *t = pack_text(s, &st);
  KT_CHECK(st == KK_OK);
  /* nothing a student could read an answer from */
  static const char *const leaks[] = {"Advanced Encryption Standard",
                                      "128",
                                      "Confidentiality",
                                      "integrity",
                                      "availability",
                                      " correct:",
                                      "truth",
                                      "S2",
                                      "basic"};
  for (size_t i = 0; i < sizeof leaks / sizeof leaks[0]; i++) {
    if (strstr(t, leaks[i])) fprintf(stderr, "leak: %s\n", leaks[i]);
    KT_CHECK(strstr(t, leaks[i]) == NULL);
  }
  KT_CHECK(strstr(t, "I...") != NULL); /* the cloze hint is the student's */
  KT_CHECK(strstr(t, "items: [detect, identify, protect, respond]") != NULL);
  KT_CHECK(strstr(t, "unit: bits") != NULL);
  free(t);
  kk_exam_spec_free(s);
}

/* Every student number: the paper drawn from the pack is the spec's. */
static void test_same_paper(void) {
  kk_ExamSpec *s = spec_of("");
  KT_REQUIRE(s != NULL);
  kk_Status st;
  char *t = pack_text(s, &st);
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_ExamSpec *ps = NULL;
  kk_ExamBank pb;
  KT_CHECK(kk_pack_load_mem(t, strlen(t), "p.kexam", &d, &ps, &pb) == KK_OK);
  if (d.nerrors) kk_diags_print(&d, stderr);
  kk_diags_free(&d);
  KT_REQUIRE(ps != NULL);
  KT_CHECK(ps->from_pack && ps->feedback == KK_FEEDBACK_NEVER);
  KT_CHECK_STR(ps->hash, s->hash);
  KT_CHECK(kk_exam_spec_extension_min(ps, "S2") == 15); /* hashed, still found */
  KT_CHECK(kk_exam_spec_extension_min(ps, "S3") == 0);
  kk_Err err;
  const char *nos[] = {"1", "2", "S2", "2026014", "x"};
  for (size_t k = 0; k < 5; k++) {
    kk_Paper *a = NULL, *b = NULL;
    KT_CHECK(kk_paper_build(s, bank_items, BANK_N, kk_exam_student_seed(s, nos[k]), &a, &err) ==
             KK_OK);
    KT_CHECK(kk_paper_build(ps, pb.items, pb.n, kk_exam_student_seed(ps, nos[k]), &b, &err) ==
             KK_OK);
    if (a && b) {
      KT_CHECK(kk_paper_count(a) == kk_paper_count(b));
      for (size_t i = 0; i < kk_paper_count(a) && i < kk_paper_count(b); i++) {
        const kk_Question *qa = kk_paper_question(a, i), *qb = kk_paper_question(b, i);
        KT_CHECK_STR(qa->key, qb->key);
        KT_CHECK(qa->nperm == qb->nperm);
        for (size_t j = 0; j < qa->nperm && j < qb->nperm; j++)
          KT_CHECK(qa->perm[j] == qb->perm[j]);
        KT_CHECK(qb->card->type != KK_CARD_CHOICE || qb->card->options[0].correct == 0);
        KT_CHECK(qb->card->truth == 0 && qb->card->value == 0);
      }
    }
    kk_paper_free(a);
    kk_paper_free(b);
  }
  kk_exam_bank_free(&pb);
  kk_exam_spec_free(ps);
  free(t);
  kk_exam_spec_free(s);
}

static void test_order_mapping(void) {
  const kk_Card *c = bank_find("ord"); /* identify, protect, detect, respond */
  char out[64];
  /* pack order: detect(1) identify(2) protect(3) respond(4) */
  KT_CHECK(kk_pack_order_answer(c, "2,3,1,4", out, sizeof out) == 0);
  KT_CHECK_STR(out, "1,2,3,4");
  KT_CHECK(kk_pack_order_answer(c, "4,1", out, sizeof out) == 0);
  KT_CHECK_STR(out, "4,3");
  KT_CHECK(kk_pack_order_answer(c, "9", out, sizeof out) == -1);
}

static void test_refused(void) {
  kk_ExamSpec *s = spec_of("feedback: after_each\n");
  KT_REQUIRE(s != NULL);
  kk_Status st;
  char *t = pack_text(s, &st);
  KT_CHECK(st == KK_ERR_INVALID);
  free(t);
  kk_exam_spec_free(s);
  /* damaged packs: errors, never a crash */
  const char *bad[] = {
      "kioku_pack: 1\n",
      "kioku_pack: 2\nexam: x\n",
      "kioku_pack: 1\nexam: x\ntitle: t\n"
      "spec_hash: h\nseed: \"1\"\npools: [{name: p, count: 1, types: [bogus]}]\ncards: []\n",
      "kioku_pack: 1\nexam: x\ntitle: t\nspec_hash: h\nseed: \"1\"\n"
      "pools: [{name: p, count: 1, types: [choice]}]\ncards:\n  - {deck: d, id: a, type: choice, text: q}\n",
      "- just a list\n",
      "kioku_pack: [1]\n"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    kk_Diags d;
    kk_diags_init(&d, 0);
    kk_ExamSpec *ps = NULL;
    kk_ExamBank pb;
    KT_CHECK(kk_pack_load_mem(bad[i], strlen(bad[i]), "b.kexam", &d, &ps, &pb) != KK_OK);
    KT_CHECK(ps == NULL && d.nerrors > 0);
    kk_diags_free(&d);
  }
}

static void test_seal(void) {
  const char plain[] = "kioku_pack: 1\nexam: secret\n";
  char *box = NULL, *back = NULL;
  size_t blen = 0, plen = 0;
  kk_Err err;
  KT_REQUIRE(kk_pack_seal(plain, sizeof plain - 1, "pw", &box, &blen, &err) == KK_OK);
  KT_CHECK(kk_pack_is_sealed(box, blen) && !kk_pack_sniff(box, blen));
  KT_CHECK(memmem(box, blen, "secret", 6) == NULL);
  KT_CHECK(kk_pack_unseal(box, blen, "pw", &back, &plen, &err) == KK_OK);
  KT_CHECK(back && plen == sizeof plain - 1 && !strcmp(back, plain));
  kk_free(back);
  back = NULL;
  KT_CHECK(kk_pack_unseal(box, blen, "pW", &back, &plen, &err) == KK_ERR_INVALID && !back);
  box[blen - 20] ^= 1; /* a flipped bit in the ciphertext */
  KT_CHECK(kk_pack_unseal(box, blen, "pw", &back, &plen, &err) == KK_ERR_INVALID && !back);
  box[blen - 20] ^= 1;
  box[sizeof KK_PACK_SEAL_MAGIC + 10] ^= 1; /* ... and in the salt */
  KT_CHECK(kk_pack_unseal(box, blen, "pw", &back, &plen, &err) == KK_ERR_INVALID && !back);
  KT_CHECK(kk_pack_unseal(box, 30, "pw", &back, &plen, &err) == KK_ERR_INVALID && !back);
  kk_free(box);
}

/* The key settings come before anything is authenticated: a planted pack
** asking for 2 GiB of memory (found by the fuzzer, which ran out of memory)
** or for many passes is refused before a key is derived. */
/* A password as long as the window and the terminal take seals and opens;
** a longer one is refused when sealing (the window kept 256 bytes, so a
** pack sealed from a longer password file could not be opened there). */
static void test_seal_password_limit(void) {
  static char pw[KK_PACK_PASSWORD_MAX + 2];
  memset(pw, 'k', KK_PACK_PASSWORD_MAX);
  pw[KK_PACK_PASSWORD_MAX] = '\0';
  const char plain[] = "kioku_pack: 1\nexam: long\n";
  char *box = NULL, *back = NULL;
  size_t blen = 0, plen = 0;
  kk_Err err;
  KT_CHECK(kk_pack_seal(plain, sizeof plain - 1, pw, &box, &blen, &err) == KK_OK);
  KT_CHECK(box && kk_pack_unseal(box, blen, pw, &back, &plen, &err) == KK_OK && back &&
           !strcmp(back, plain));
  kk_free(back);
  kk_free(box);
  box = NULL;
  pw[KK_PACK_PASSWORD_MAX] = 'k';
  pw[KK_PACK_PASSWORD_MAX + 1] = '\0';
  KT_CHECK(kk_pack_seal(plain, sizeof plain - 1, pw, &box, &blen, &err) == KK_ERR_USAGE && !box);
  KT_CHECK(strstr(err.msg, "longer than") != NULL);
}

static void test_seal_costly_settings(void) {
  const char plain[] = "kioku_pack: 1\nexam: secret\n";
  char *box = NULL, *back = NULL;
  size_t blen = 0, plen = 0, m = sizeof KK_PACK_SEAL_MAGIC - 1;
  kk_Err err;
  KT_REQUIRE(kk_pack_seal(plain, sizeof plain - 1, "pw", &box, &blen, &err) == KK_OK);
  static const struct {
    uint32_t ops, mem_kib;
  } bad[] = {
      {3, 1u << 21},                         /* 2 GiB */
      {3, KK_PACK_SEAL_MAX_MEM_KIB + 1},     /* just past the cap */
      {KK_PACK_SEAL_MAX_OPS + 1, 64 * 1024}, /* too many passes */
      {0xffffffffu, 0xffffffffu},
      {0, 64 * 1024},
      {3, 7},
  };
  unsigned char *h = (unsigned char *)box + m;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    for (int k = 0; k < 4; k++) {
      h[k] = (unsigned char)(bad[i].ops >> (8 * k));
      h[4 + k] = (unsigned char)(bad[i].mem_kib >> (8 * k));
    }
    back = NULL;
    err.msg[0] = '\0';
    KT_CHECK(kk_pack_unseal(box, blen, "pw", &back, &plen, &err) == KK_ERR_INVALID && !back);
    KT_CHECK(strstr(err.msg, "key settings") != NULL);
  }
  kk_free(box);
}

/* Times a hand-made result file may hold that no Kioku writes (1e300 ms
** once reached an out-of-range conversion to int64_t, undefined behaviour):
** a start or submission time out of range refuses the file; a question's
** time spent out of range is taken as the largest time. */
static void test_remark_hostile_times(void) {
  kk_ExamSpec *s = spec_of("");
  KT_REQUIRE(s != NULL);
  kk_Paper *p = NULL;
  kk_Err err;
  KT_REQUIRE(kk_paper_build(s, bank_items, BANK_N, kk_exam_student_seed(s, "S1"), &p, &err) ==
             KK_OK);
  const char *key = kk_paper_question(p, 0)->key;
  static const struct {
    const char *started, *submitted, *spent;
    int ok;
  } cases[] = {
      {"1700000000000", "1700000060000", "1000", 1},
      {"1700000000000", "1700000060000", "1e300", 1},
      {"1700000000000", "1700000060000", "-1e300", 1},
      {"1e300", "1700000060000", "1000", 0},
      {"-1e300", "1700000060000", "1000", 0},
      {"1700000000000", "1e300", "1000", 0},
      {"1700000000000", "-5", "1000", 0},
      /* under a millisecond: 0 once converted, "not submitted" (fuzz_remark) */
      {"1700000000000", "0.00125", "1000", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char doc[1024];
    snprintf(doc, sizeof doc,
             "{\"exam\": \"e1\", \"student\": {\"number\": \"S1\", \"name\": \"A\"},"
             " \"started_ms\": %s, \"submitted_ms\": %s, \"questions\": ["
             "{\"id\": \"%s\", \"answer\": \"1\", \"time_spent_ms\": %s}]}",
             cases[i].started, cases[i].submitted, key, cases[i].spent);
    kk_Attempt *a = NULL;
    unsigned flags = 0;
    kk_Status st = kk_remark(s, bank_items, BANK_N, doc, strlen(doc), "r.json", &a, &flags, &err);
    if (cases[i].ok) {
      KT_CHECK(st == KK_OK && a != NULL);
    } else {
      KT_CHECK(st == KK_ERR_INVALID && a == NULL);
      KT_CHECK(strstr(err.msg, "no start or submission time") != NULL);
    }
    kk_attempt_free(a);
  }
  kk_paper_free(p);
  kk_exam_spec_free(s);
}

/* A pack's points and pass mark are held to the spec's rule (an edited
** pack gave NaN or negative scores and a result file no reader takes). */
static void test_pack_numbers(void) {
  kk_ExamSpec *s = spec_of("pass_mark: 60\n");
  KT_REQUIRE(s != NULL);
  kk_Status st;
  char *t = pack_text(s, &st);
  KT_REQUIRE(st == KK_OK && t != NULL);
  static const struct {
    const char *from, *to;
  } edits[] = {
      {"    points: 1\n", "    points: .nan\n"}, {"    points: 1\n", "    points: -1\n"},
      {"    points: 1\n", "    points: 0\n"},    {"    points: 1\n", "    points: 1e300\n"},
      {"pass_mark: 60\n", "pass_mark: 500\n"},   {"pass_mark: 60\n", "pass_mark: -1\n"},
      {"pass_mark: 60\n", "pass_mark: .inf\n"},  {"    points: 1\n", "    points: 10000\n"}};
  for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
    char *at = strstr(t, edits[i].from);
    KT_REQUIRE(at != NULL);
    char buf[65536];
    int n = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - t), t, edits[i].to,
                     at + strlen(edits[i].from));
    KT_REQUIRE(n > 0 && (size_t)n < sizeof buf);
    kk_Diags d;
    kk_diags_init(&d, 0);
    kk_ExamSpec *ps = NULL;
    kk_ExamBank pb = {0};
    int last = i == sizeof edits / sizeof edits[0] - 1; /* 10000: the largest allowed */
    KT_CHECK((kk_pack_load_mem(buf, (size_t)n, "p.kexam", &d, &ps, &pb) == KK_OK) == last);
    KT_CHECK(last ? d.nerrors == 0 : d.nerrors > 0);
    kk_diags_free(&d);
    if (ps) kk_exam_bank_free(&pb);
    kk_exam_spec_free(ps);
  }
  free(t);
  kk_exam_spec_free(s);
}

/* Loads pack text t with entries added at `at` (one per number from have
** up to the limit, printf-style `entry`) until it holds limit, then limit
** + 1: the first loads, the second is refused with a message holding
** `said`. */
static void check_limit(const char *t, const char *at, size_t have, size_t limit, const char *entry,
                        const char *said) {
  for (int extra = 0; extra < 2; extra++) {
    size_t want = limit + (size_t)extra, n = 0;
    static char buf[65536];
    n += (size_t)snprintf(buf, sizeof buf, "%.*s", (int)(at - t), t);
    for (size_t k = have; k < want && n < sizeof buf - 64; k++)
      n += (size_t)snprintf(buf + n, sizeof buf - n, entry, k);
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", at);
    KT_REQUIRE(n < sizeof buf - 1);
    kk_Diags d;
    kk_diags_init(&d, 0);
    kk_ExamSpec *ps = NULL;
    kk_ExamBank pb = {0};
    int ok = kk_pack_load_mem(buf, n, "p.kexam", &d, &ps, &pb) == KK_OK;
    KT_CHECK(ok == (extra == 0));
    int found = 0;
    for (size_t i = 0; i < d.n; i++) found |= strstr(d.items[i].msg, said) != NULL;
    KT_CHECK(found == (extra == 1));
    kk_diags_free(&d);
    if (ps) kk_exam_bank_free(&pb);
    kk_exam_spec_free(ps);
  }
}

/* A choice card with more options than a deck may have (a planted or
** damaged pack) is refused: the exam screens hold KK_DECK_MAX_OPTIONS, and
** a 300-option card wrote past them.  As many as a deck allows load. */
static void test_pack_options_limit(void) {
  kk_ExamSpec *s = spec_of("pass_mark: 60\n");
  KT_REQUIRE(s != NULL);
  kk_Status st;
  char *t = pack_text(s, &st);
  KT_REQUIRE(st == KK_OK && t != NULL);
  char *at = strstr(t, "    options:\n");
  KT_REQUIRE(at != NULL);
  at += strlen("    options:\n");
  size_t have = 0;
  for (const char *p = at; !strncmp(p, "      - text:", 13); p = strchr(p, '\n') + 1) {
    have++;
    /* an option's other keys ("fixed") are on their own lines */
    while (!strncmp(strchr(p, '\n') + 1, "        ", 8)) p = strchr(p, '\n') + 1;
  }
  KT_REQUIRE(have >= 2 && have < KK_DECK_MAX_OPTIONS);
  check_limit(t, at, have, KK_DECK_MAX_OPTIONS, "      - text: \"added %zu\"\n", "more options");
  free(t);
  kk_exam_spec_free(s);
}

/* An order card in a pack holds what a deck allows: 100 items load, 101
** are refused with the limit named. */
static void test_pack_order_limit(void) {
  kk_ExamSpec *s = spec_of("pass_mark: 60\n");
  KT_REQUIRE(s != NULL);
  kk_Status st;
  char *t = pack_text(s, &st);
  KT_REQUIRE(st == KK_OK && t != NULL);
  char *at = strstr(t, "    items: [");
  KT_REQUIRE(at != NULL);
  at += strlen("    items: [");
  size_t have = 1;
  for (const char *p = at; *p != ']'; p++) have += *p == ',';
  KT_REQUIRE(have >= 2 && have < KK_DECK_MAX_ORDER_ITEMS);
  check_limit(t, at, have, KK_DECK_MAX_ORDER_ITEMS, "added %zu, ",
              "an order card needs 2 to 100 items");
  free(t);
  kk_exam_spec_free(s);
}

int main(void) {
  bank_init();
  KT_RUN(test_no_answers);
  KT_RUN(test_same_paper);
  KT_RUN(test_order_mapping);
  KT_RUN(test_refused);
  KT_RUN(test_seal);
  KT_RUN(test_seal_costly_settings);
  KT_RUN(test_remark_hostile_times);
  KT_RUN(test_pack_options_limit);
  KT_RUN(test_pack_order_limit);
  KT_RUN(test_seal_password_limit);
  KT_RUN(test_pack_numbers);
  return kt_done();
}
