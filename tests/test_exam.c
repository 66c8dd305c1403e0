/* test_exam.c -- exam specs (loading, diagnostics, bank checks), paper
** drawing, and the marking of every question type. */
#include <stdint.h>

#include "core/deck/text.h"
#include "core/base/hash.h"
#include "core/base/alloc.h"
#include "core/exam/exam.h"
#include "core/exam/mark.h"
#include "core/exam/paper.h"
#include "exam_bank.h"
#include "kt.h"

/* ---- helpers ---------------------------------------------------------------*/

static char diag_text[16384];

/* Loads spec text; leaves the printed diagnostics in diag_text. */
static kk_Status load(const char *text, kk_ExamSpec **out) {
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_Status st = kk_exam_spec_load_mem(text, strlen(text), "t.yaml", &d, out);
  FILE *f = tmpfile();
  kk_diags_print(&d, f);
  rewind(f);
  size_t n = fread(diag_text, 1, sizeof diag_text - 1, f);
  diag_text[n] = '\0';
  fclose(f);
  kk_diags_free(&d);
  return st;
}

static int has(const char *needle) {
  if (strstr(diag_text, needle)) return 1;
  fprintf(stderr, "  missing diagnostic: %s\n  in:\n%s", needle, diag_text);
  return 0;
}

static size_t lines_of(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

/* ---- spec loading ------------------------------------------------------------*/

static const char *full_spec = "exam: sec-mid\n"
                               "title: Security midterm\n"
                               "instructions: |\n"
                               "  Answer all questions.\n"
                               "decks: [../intro.yaml, /abs/other.yaml]\n"
                               "time_limit: 1h30m\n"
                               "question_time_limit: 90s\n"
                               "shuffle: {questions: false, choices: true}\n"
                               "seed: 42\n"
                               "seed_mode: student\n"
                               "pass_mark: 60%\n"
                               "feedback: after_each\n"
                               "review_after_submit: false\n"
                               "navigation: sequential\n"
                               "scoring: {choice: all_or_nothing, order: pairwise}\n"
                               "update_schedule: true\n"
                               "extensions: {\"S001\": 15, \"S002\": 30}\n"
                               "pools:\n"
                               "  - name: crypto\n"
                               "    decks: [d1]\n"
                               "    tags: [crypto]\n"
                               "    types: [choice, truefalse]\n"
                               "    count: 2\n"
                               "    points: 2.5\n"
                               "  - count: 1\n"
                               "    question_time_limit: 2m\n";

static void test_load_full(void) {
  kk_ExamSpec *s = NULL;
  KT_CHECK(load(full_spec, &s) == KK_OK);
  KT_CHECK_STR(diag_text, "");
  KT_REQUIRE(s != NULL);
  KT_CHECK_STR(s->id, "sec-mid");
  KT_CHECK_STR(s->title, "Security midterm");
  KT_CHECK_STR(s->instructions, "Answer all questions.\n");
  KT_CHECK(s->ndecks == 2);
  KT_CHECK_STR(s->decks[0], "../intro.yaml");
  KT_CHECK(s->deck_lines[1] == 5 && s->deck_cols[1] == 24);
  KT_CHECK(s->time_limit_ms == (60 + 30) * 60000);
  KT_CHECK(s->question_time_ms == 90000);
  KT_CHECK(s->shuffle_questions == 0 && s->shuffle_choices == 1);
  KT_CHECK(s->seed == 42 && s->seed_mode == KK_SEED_STUDENT);
  KT_CHECK_NEAR(s->pass_percent, 60, 1e-12);
  KT_CHECK(s->feedback == KK_FEEDBACK_AFTER_EACH);
  KT_CHECK(s->review_after_submit == 0);
  KT_CHECK(s->navigation == KK_NAV_SEQUENTIAL);
  KT_CHECK(s->choice_credit == KK_CHOICE_ALL_OR_NOTHING);
  KT_CHECK(s->order_credit == KK_ORDER_PAIRWISE);
  KT_CHECK(s->update_schedule == 1);
  KT_CHECK(kk_exam_spec_extension_min(s, "S002") == 30);
  KT_CHECK(kk_exam_spec_extension_min(s, "S003") == 0);
  KT_CHECK(s->npools == 2);
  if (s->npools == 2) {
    KT_CHECK_STR(s->pools[0].name, "crypto");
    KT_CHECK(s->pools[0].types ==
             (KK_EXAM_TYPE_BIT(KK_CARD_CHOICE) | KK_EXAM_TYPE_BIT(KK_CARD_TRUEFALSE)));
    KT_CHECK(s->pools[0].count == 2);
    KT_CHECK_NEAR(s->pools[0].points, 2.5, 1e-12);
    KT_CHECK(s->pools[0].question_time_ms == 90000); /* spec default */
    KT_CHECK_STR(s->pools[1].name, "pool 2");
    KT_CHECK(s->pools[1].types == KK_EXAM_DEFAULT_TYPES);
    KT_CHECK(s->pools[1].question_time_ms == 120000);
    KT_CHECK_NEAR(s->pools[1].points, 1, 1e-12);
  }
  char buf[256];
  s->path = "exams/mid.yaml";
  KT_CHECK(kk_exam_spec_deck_path(s, 0, buf, sizeof buf) > 0);
  KT_CHECK_STR(buf, "exams/../intro.yaml");
  KT_CHECK(kk_exam_spec_deck_path(s, 1, buf, sizeof buf) > 0);
  KT_CHECK_STR(buf, "/abs/other.yaml");
  KT_CHECK(kk_exam_spec_sniff(full_spec, strlen(full_spec)) == 1);
  KT_CHECK(kk_exam_spec_sniff("id: d\ncards:\n  - x\nexam: no\n", 25) == 0);
  kk_exam_spec_free(s);
}

static void test_defaults(void) {
  kk_ExamSpec *s = NULL;
  const char *t = "exam: e1\ntitle: T\ndecks: [a.yaml]\ntime_limit: none\n"
                  "pools:\n  - count: 3\n";
  KT_CHECK(load(t, &s) == KK_OK);
  KT_CHECK_STR(diag_text, "");
  KT_REQUIRE(s != NULL);
  KT_CHECK(s->time_limit_ms == 0);
  KT_CHECK(s->shuffle_questions && s->shuffle_choices);
  KT_CHECK(s->feedback == KK_FEEDBACK_AFTER_SUBMIT && s->review_after_submit);
  KT_CHECK(s->navigation == KK_NAV_FREE && !s->update_schedule);
  KT_CHECK(s->choice_credit == KK_CHOICE_PER_OPTION);
  KT_CHECK(s->order_credit == KK_ORDER_POSITION);
  KT_CHECK_NEAR(s->pass_percent, 50, 1e-12);
  /* No seed: derived from the id, so stable across loads. */
  KT_CHECK(s->seed == kk_hash_bytes("e1", 2, KK_HASH_INIT));
  KT_CHECK(strlen(s->hash) == 16);
  kk_exam_spec_free(s);
  /* Without any time_limit: loads, with a warning. */
  t = "exam: e1\ntitle: T\ndecks: [a.yaml]\npools:\n  - count: 3\n";
  KT_CHECK(load(t, &s) == KK_OK);
  KT_CHECK(has("t.yaml:1:1: warning: no 'time_limit'"));
  kk_exam_spec_free(s);
  /* the longest exam id loads; one character more is refused with the limit */
  char id[KK_EXAM_MAX_ID + 2], spec[256];
  memset(id, 'x', sizeof id);
  id[KK_EXAM_MAX_ID] = '\0';
  snprintf(spec, sizeof spec,
           "exam: %s\ntitle: T\ndecks: [a.yaml]\ntime_limit: none\n"
           "pools:\n  - count: 3\n",
           id);
  KT_CHECK(load(spec, &s) == KK_OK);
  kk_exam_spec_free(s);
  id[KK_EXAM_MAX_ID] = 'x', id[KK_EXAM_MAX_ID + 1] = '\0';
  snprintf(spec, sizeof spec,
           "exam: %s\ntitle: T\ndecks: [a.yaml]\ntime_limit: none\n"
           "pools:\n  - count: 3\n",
           id);
  KT_CHECK(load(spec, &s) == KK_ERR_INVALID);
  KT_CHECK(has("must be 1 to 100 letters"));
}

static void test_diagnostics(void) {
  const char *t = "exam: sec mid\n"              /* 1 */
                  "titel: X\n"                   /* 2 */
                  "decks: dk.yaml\n"             /* 3 */
                  "time_limit: 45\n"             /* 4 */
                  "pass_mark: 120\n"             /* 5 */
                  "feedback: aftr_each\n"        /* 6 */
                  "pools:\n"                     /* 7 */
                  "  - count: five\n"            /* 8 */
                  "    types: [choise, basic]\n" /* 9 */
                  "    colour: red\n"            /* 10 */
                  "  - types: typed\n"           /* 11 */
                  "shuffle: maybe\n"             /* 12 */
                  "decks: [x]\n";                /* 13 */
  kk_ExamSpec *s = (kk_ExamSpec *)1;
  KT_CHECK(load(t, &s) == KK_ERR_INVALID);
  KT_CHECK(s == NULL);
  KT_CHECK(has("t.yaml:1:7: error: exam id 'sec mid' must be 1 to 100 letters, digits"));
  KT_CHECK(has("t.yaml:2:1: error: unknown key in an exam spec: 'titel'\n"
               "t.yaml:2:1: note: did you mean 'title'?\n"));
  KT_CHECK(has("t.yaml:4:13: error: 'time_limit' needs a unit\n"
               "t.yaml:4:13: note: write 45m for minutes or 45s for seconds\n"));
  KT_CHECK(has("t.yaml:5:12: error: 'pass_mark' is a percentage from 0 to 100\n"));
  KT_CHECK(has("t.yaml:6:11: error: unknown value of 'feedback': 'aftr_each'\n"
               "t.yaml:6:11: note: did you mean 'after_each'?\n"));
  KT_CHECK(has("t.yaml:8:12: error: 'count' must be a whole number\n"));
  KT_CHECK(has("t.yaml:9:13: error: unknown value of 'types': 'choise'\n"
               "t.yaml:9:13: note: did you mean 'choice'?\n"));
  KT_CHECK(has("t.yaml:9:21: error: basic cards have no answer that can be marked\n"));
  KT_CHECK(has("t.yaml:10:5: error: unknown key in a pool: 'colour'\n"));
  KT_CHECK(has("t.yaml:11:5: error: pool 2 has no 'count'"));
  KT_CHECK(has("t.yaml:12:10: error: 'shuffle' must be true or false\n"));
  KT_CHECK(has("t.yaml:13:1: error: 'decks' is given twice\n"
               "t.yaml:13:1: note: first given at line 3\n"));
  KT_CHECK(has("t.yaml:1:1: error: missing 'title'\n"));
  /* The count of problems: every line above, nothing else. */
  size_t errors = 0;
  for (const char *p = diag_text; (p = strstr(p, ": error: ")); p++) errors++;
  KT_CHECK(errors == 13);
}

static void test_diagnostics_more(void) {
  kk_ExamSpec *s = NULL;
  /* Malformed YAML: a parse error with a position. */
  KT_CHECK(load("exam: e\ntitle: [a, b\n", &s) == KK_ERR_PARSE);
  /* the deck loader's YAML front end words it */
  KT_CHECK(has("t.yaml:3:1: error: YAML syntax: did not find expected ',' or ']'"));
  KT_CHECK(load("", &s) == KK_ERR_INVALID);
  KT_CHECK(has("t.yaml:1:1: error: the file is empty"));
  KT_CHECK(load("- a\n- b\n", &s) == KK_ERR_INVALID);
  KT_CHECK(has("t.yaml:1:1: error: an exam spec must be a mapping"));
  const char *t = "exam: e\ntitle: T\ndecks: [a]\ntime_limit: 10x\nseed: -3\n"
                  "extensions: {S1: 0, S2: 5, S2: 6}\npools: {count: 1}\n"
                  "scoring: {order: pairwize}\nquestion_time_limit: 0s\n";
  KT_CHECK(load(t, &s) == KK_ERR_INVALID);
  KT_CHECK(has(
      "t.yaml:4:13: error: 'time_limit' must be a duration such as 45m, 1h30m or 90s, not '10x'"));
  KT_CHECK(has("t.yaml:5:7: error: 'seed' must be a whole number"));
  KT_CHECK(has("t.yaml:6:18: error: 'extension minutes' must be between 1 and 10000, not 0"));
  KT_CHECK(has("t.yaml:6:28: error: student 'S2' has two extensions"));
  KT_CHECK(has("t.yaml:7:8: error: 'pools' must be a list of pools, not a mapping"));
  KT_CHECK(has("t.yaml:8:18: error: unknown value of 'scoring.order': 'pairwize'\n"
               "t.yaml:8:18: note: did you mean 'pairwise'?"));
  KT_CHECK(has("t.yaml:9:22: error: 'question_time_limit' must be longer than zero"));
  KT_CHECK(strstr(diag_text, "no 'time_limit'") == NULL); /* given, if wrong */
}

/* Every allocation failure during a load is reported, never a crash. */
static void test_load_oom(void) {
  kk_ExamSpec *s = NULL;
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_alloc_fail_after(0);
  KT_CHECK(kk_exam_spec_load_mem(full_spec, strlen(full_spec), "t", &d, &s) == KK_OK);
  size_t total = kk_alloc_fail_after(0);
  kk_exam_spec_free(s);
  kk_diags_free(&d);
  KT_CHECK(total >= 2);
  for (size_t i = 1; i <= total; i++) {
    kk_diags_init(&d, 0);
    kk_alloc_fail_after(i);
    kk_Status st = kk_exam_spec_load_mem(full_spec, strlen(full_spec), "t", &d, &s);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_ERR_NOMEM || st == KK_OK);
    KT_CHECK((st == KK_OK) == (s != NULL));
    kk_exam_spec_free(s);
    kk_diags_free(&d);
  }
}

static void test_bank_check(void) {
  const char *t = "exam: e\ntitle: T\ndecks: [a]\ntime_limit: 10m\npools:\n"
                  "  - tags: crypto\n    types: [choice, truefalse]\n    count: 4\n"
                  "  - types: truefalse\n    count: 1\n"
                  "  - tags: social\n    count: 2\n"
                  "  - decks: [d9]\n    count: 1\n";
  kk_ExamSpec *s = NULL;
  KT_CHECK(load(t, &s) == KK_OK);
  KT_REQUIRE(s != NULL);
  kk_Diags d;
  kk_diags_init(&d, 0);
  /* Pool 1: c-single, tf, tf2, tf3 = 4.  Pool 2: 3 true/false cards, all of
  ** which pool 1 may take.  Pool 3: only c-multi.  Pool 4: no deck d9. */
  KT_CHECK(kk_exam_spec_check_bank(s, bank_items, BANK_N, &d) == 4);
  FILE *f = tmpfile();
  kk_diags_print(&d, f);
  rewind(f);
  size_t n = fread(diag_text, 1, sizeof diag_text - 1, f);
  diag_text[n] = '\0';
  fclose(f);
  KT_CHECK(has(
      "t.yaml:10:12: error: pool 2 asks for 1 question; 3 cards match it, but earlier pools may take 3 of them"));
  KT_CHECK(has("t.yaml:12:12: error: pool 3 asks for 2 questions but only 1 card matches it"));
  KT_CHECK(has("t.yaml:13:5: error: pool 4: no deck with id 'd9'"));
  KT_CHECK(has("t.yaml:14:12: error: pool 4 asks for 1 question but only 0 cards match it"));
  kk_diags_free(&d);
  kk_exam_spec_free(s);
}

/* ---- papers ----------------------------------------------------------------------*/

static kk_ExamSpec *paper_spec(const char *extra) {
  char t[1024];
  snprintf(t, sizeof t,
           "exam: e\ntitle: T\ndecks: [a]\ntime_limit: 10m\n%s"
           "pools:\n  - tags: crypto\n    types: truefalse\n    count: 2\n"
           "  - count: 5\n    points: 2\n",
           extra);
  kk_ExamSpec *s = NULL;
  load(t, &s);
  return s;
}

static void test_rng(void) {
  kk_Rng r;
  kk_rng_seed(&r, 7);
  size_t hist[6] = {0};
  for (int i = 0; i < 6000; i++) hist[kk_rng_below(&r, 6)]++;
  for (int i = 0; i < 6; i++) KT_CHECK(hist[i] > 850 && hist[i] < 1150);
  kk_Rng a, b;
  kk_rng_seed(&a, 99);
  kk_rng_seed(&b, 99);
  int same = 1;
  for (int i = 0; i < 100; i++) same &= kk_rng_next(&a) == kk_rng_next(&b);
  KT_CHECK(same);
  kk_rng_seed(&b, 100);
  KT_CHECK(kk_rng_next(&a) != kk_rng_next(&b));
}

/* The shared shuffle: uniform, kept positions stay, and without kept
** positions the same draws as a plain Fisher-Yates (stored seeds keep
** their papers). */
static void test_rng_shuffle(void) {
  kk_Rng r, ref;
  kk_rng_seed(&r, 11);
  kk_rng_seed(&ref, 11);
  size_t a[7], b[7];
  for (int round = 0; round < 50; round++) {
    for (size_t i = 0; i < 7; i++) a[i] = b[i] = i;
    kk_rng_shuffle(&r, a, 7, NULL);
    for (size_t i = 7; i > 1; i--) { /* the plain algorithm */
      size_t j = (size_t)kk_rng_below(&ref, i), t = b[i - 1];
      b[i - 1] = b[j];
      b[j] = t;
    }
    KT_CHECK(memcmp(a, b, sizeof a) == 0);
  }
  /* positions 1 and 4 kept; item 0 lands on the other 5 evenly */
  static const unsigned char keep[7] = {0, 1, 0, 0, 1, 0, 0};
  size_t at[7] = {0};
  for (int round = 0; round < 5000; round++) {
    for (size_t i = 0; i < 7; i++) a[i] = i;
    kk_rng_shuffle(&r, a, 7, keep);
    KT_CHECK(a[1] == 1 && a[4] == 4);
    for (size_t i = 0; i < 7; i++)
      if (a[i] == 0) at[i]++;
  }
  KT_CHECK(at[1] == 0 && at[4] == 0);
  for (size_t i = 0; i < 7; i++)
    if (i != 1 && i != 4) KT_CHECK(at[i] > 850 && at[i] < 1150);
  /* everything kept, or nothing to shuffle: nothing moves */
  static const unsigned char all[3] = {1, 1, 1};
  size_t c[3] = {0, 1, 2};
  kk_rng_shuffle(&r, c, 3, all);
  KT_CHECK(c[0] == 0 && c[1] == 1 && c[2] == 2);
  kk_rng_shuffle(&r, c, 0, NULL);
}

/* A choice option marked `fixed` keeps its place on every paper. */
static void test_paper_fixed_option(void) {
  kk_ExamSpec *s = paper_spec("");
  KT_REQUIRE(s != NULL);
  kk_Card *single = NULL;
  for (size_t i = 0; i < BANK_N; i++)
    if (bank_cards[i].type == KK_CARD_CHOICE && bank_cards[i].noptions == 4)
      single = &bank_cards[i];
  KT_REQUIRE(single != NULL);
  kk_Option *o = (kk_Option *)single->options;
  o[3].fixed = 1;
  int seen = 0, moved = 0;
  for (uint64_t seed = 1; seed < 60; seed++) {
    kk_Paper *p = NULL;
    kk_Err err;
    KT_CHECK(kk_paper_build(s, bank_items, BANK_N, seed, &p, &err) == KK_OK);
    if (!p) break;
    for (size_t i = 0; i < kk_paper_count(p); i++) {
      const kk_Question *q = kk_paper_question(p, i);
      if (q->card != single) continue;
      seen++;
      KT_CHECK(q->nperm == 4 && q->perm[3] == 3);
      moved += q->perm[0] != 0;
    }
    kk_paper_free(p);
  }
  o[3].fixed = 0;
  KT_CHECK(seen > 5 && moved > 0); /* drawn, and the others still shuffled */
  kk_exam_spec_free(s);
}

static void test_paper_build(void) {
  kk_ExamSpec *s = paper_spec("");
  KT_CHECK(s != NULL);
  KT_REQUIRE(s != NULL);
  kk_Paper *p1 = NULL, *p2 = NULL, *p3 = NULL;
  kk_Err err;
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, 1, &p1, &err) == KK_OK);
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, 1, &p2, &err) == KK_OK);
  if (!p1 || !p2) return;
  KT_CHECK(kk_paper_count(p1) == 7);
  KT_CHECK_NEAR(kk_paper_max_points(p1), 2 * 1 + 5 * 2, 1e-12);
  char *t1 = kk_paper_serialize(p1), *t2 = kk_paper_serialize(p2);
  KT_CHECK_STR(t1, t2); /* same seed, same paper */
  KT_CHECK(lines_of(t1) == 8);
  /* Distinct cards, never the basic one, pools' points kept. */
  size_t tf_from_pool0 = 0;
  for (size_t i = 0; i < kk_paper_count(p1); i++) {
    const kk_Question *q = kk_paper_question(p1, i);
    KT_CHECK(q->card->type != KK_CARD_BASIC);
    for (size_t j = 0; j < i; j++) KT_CHECK(kk_paper_question(p1, j)->card != q->card);
    KT_CHECK_NEAR(q->points, q->pool == 0 ? 1 : 2, 1e-12);
    if (q->pool == 0) tf_from_pool0 += q->card->type == KK_CARD_TRUEFALSE;
    if (q->card->type == KK_CARD_CLOZE) {
      KT_CHECK(q->cloze == 1 || q->cloze == 2);
      char want[16];
      snprintf(want, sizeof want, "cz#c%d", q->cloze);
      KT_CHECK_STR(q->key, want);
    }
    if (q->card->type == KK_CARD_ORDER) {
      int ident = 1;
      for (size_t k = 0; k < q->nperm; k++) ident &= q->perm[k] == k;
      KT_CHECK(q->nperm == 4 && !ident);
    }
  }
  KT_CHECK(tf_from_pool0 == 2);
  /* Round trip through the stored form. */
  KT_CHECK(kk_paper_parse(t1, bank_items, BANK_N, &p3, &err) == KK_OK);
  if (p3) {
    char *t3 = kk_paper_serialize(p3);
    KT_CHECK_STR(t3, t1);
    KT_CHECK(kk_paper_question(p3, 0)->card == kk_paper_question(p1, 0)->card);
    kk_free(t3);
  }
  /* Other seeds give other papers (order or choice of cards). */
  int differs = 0;
  for (uint64_t seed = 2; seed < 12; seed++) {
    kk_Paper *px = NULL;
    KT_CHECK(kk_paper_build(s, bank_items, BANK_N, seed, &px, &err) == KK_OK);
    char *tx = px ? kk_paper_serialize(px) : NULL;
    if (tx && strcmp(tx, t1)) differs++;
    kk_free(tx);
    kk_paper_free(px);
  }
  KT_CHECK(differs >= 9);
  /* A paper whose card has left the decks cannot be resumed. */
  kk_paper_free(p3);
  p3 = NULL;
  KT_CHECK(kk_paper_parse(t1, bank_items + 8, 2, &p3, &err) == KK_ERR_NOTFOUND);
  KT_CHECK(p3 == NULL);
  KT_CHECK(kk_paper_parse("garbage", bank_items, BANK_N, &p3, &err) == KK_ERR_PARSE);
  kk_free(t1);
  kk_free(t2);
  kk_paper_free(p1);
  kk_paper_free(p2);
  kk_paper_free(p3);
  kk_exam_spec_free(s);
}

static void test_paper_shuffle_options(void) {
  kk_ExamSpec *s = paper_spec("shuffle: false\n");
  kk_Err err;
  KT_REQUIRE(s != NULL);
  kk_Paper *p = NULL;
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, 5, &p, &err) == KK_OK);
  KT_REQUIRE(p != NULL);
  /* Unshuffled: pool order kept, choice options in card order. */
  KT_CHECK(kk_paper_question(p, 0)->pool == 0 && kk_paper_question(p, 1)->pool == 0);
  for (size_t i = 0; i < kk_paper_count(p); i++) {
    const kk_Question *q = kk_paper_question(p, i);
    if (i >= 2) KT_CHECK(q->pool == 1);
    if (q->card->type == KK_CARD_CHOICE)
      for (size_t k = 0; k < q->nperm; k++) KT_CHECK(q->perm[k] == k);
  }
  kk_paper_free(p);
  kk_exam_spec_free(s);
  /* A pool that cannot be filled once earlier pools drew. */
  s = paper_spec("");
  s->pools[1].count = 9;
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, 5, &p, &err) == KK_ERR_INVALID);
  KT_CHECK(strstr(err.msg, "pool 2 asks for 9 questions but only 7 unused") != NULL);
  kk_exam_spec_free(s);
}

static void test_student_seed(void) {
  kk_ExamSpec *s = paper_spec("seed: 1234\n");
  KT_REQUIRE(s != NULL);
  KT_CHECK(kk_exam_student_seed(s, "A1") == 1234);
  KT_CHECK(kk_exam_student_seed(s, "B2") == 1234);
  s->seed_mode = KK_SEED_STUDENT;
  uint64_t a = kk_exam_student_seed(s, "A1"), b = kk_exam_student_seed(s, "B2");
  KT_CHECK(a != b && a != 1234);
  KT_CHECK(a == kk_exam_student_seed(s, "A1"));
  kk_exam_spec_free(s);
}

/* ---- marking -------------------------------------------------------------------*/

static kk_Question question(const char *id, int cloze) {
  kk_Question q = {0};
  q.card = bank_find(id);
  q.key = id;
  q.cloze = cloze;
  q.points = 1;
  return q;
}

static void test_mark_choice(void) {
  kk_ExamSpec *s = paper_spec("");
  KT_REQUIRE(s != NULL);
  kk_Question q = question("c-single", 0);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "2"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, ""), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "2,3"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "9"), 0, 1e-12);
  /* Multi: correct {1,3} of 5, so 3 wrong options.  Per option:
  ** right/2 - wrong/3, at least 0. */
  q = question("c-multi", 0);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1,3"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "3"), 1.0 / 2, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1,2"), 1.0 / 2 - 1.0 / 3, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1,3,5"), 1 - 1.0 / 3, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "2,4"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1,2,3,4,5"), 0, 1e-12);
  s->choice_credit = KK_CHOICE_ALL_OR_NOTHING;
  KT_CHECK_NEAR(kk_mark_question(s, &q, "3"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "3,1"), 1, 1e-12);
  char buf[256];
  KT_CHECK(kk_mark_correct(&q, buf, sizeof buf) == 3);
  KT_CHECK_STR(buf, "1,3");
  KT_CHECK(kk_mark_answer_text(&q, "3,1", buf, sizeof buf) > 0);
  KT_CHECK_STR(buf, "pretexting | phishing");
  kk_exam_spec_free(s);
}

static void test_mark_simple_types(void) {
  kk_ExamSpec *s = paper_spec("");
  KT_REQUIRE(s != NULL);
  char buf[256];
  kk_Question q = question("tf", 0); /* truth: false */
  KT_CHECK_NEAR(kk_mark_question(s, &q, "false"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "true"), 0, 1e-12);
  q = question("typed", 0);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "aes"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "  advanced   ENCRYPTION standard "), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "\xEF\xBC\xA1\xEF\xBC\xA5\xEF\xBC\xB3"), 1,
                1e-12); /* full-width AES */
  KT_CHECK_NEAR(kk_mark_question(s, &q, "DES"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, " \xE3\x80\x80 "), 0, 1e-12); /* blank once folded */
  KT_CHECK(kk_mark_correct(&q, buf, sizeof buf) > 0);
  KT_CHECK_STR(buf, "Advanced Encryption Standard");
  q = question("num", 0);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "128"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "128 bits"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x98"), 1,
                1e-12); /* １２８ */
  KT_CHECK_NEAR(kk_mark_question(s, &q, "127"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "12 8x"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "lots"), 0, 1e-12);
  bank_find("num");
  kk_Card tol = *bank_find("num");
  tol.tolerance = 0.5;
  q.card = &tol;
  KT_CHECK_NEAR(kk_mark_question(s, &q, "127.6"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "127.4"), 0, 1e-12);
  /* kana folded by default; a deck with fold_kana: false keeps them apart */
  kk_Card kana = *bank_find("typed");
  const char *zt[2] = {"ZTA", "ゼロトラスト"}; /* the kana one second */
  kana.answers = zt;
  kana.nanswers = 2;
  q = question("typed", 0);
  q.card = &kana;
  KT_CHECK_NEAR(kk_mark_question(s, &q, "ぜろとらすと"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "ｾﾞﾛﾄﾗｽﾄ"), 1, 1e-12);
  kana.kana_exact = 1;
  KT_CHECK_NEAR(kk_mark_question(s, &q, "ぜろとらすと"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "ゼロトラスト"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "zta"), 1, 1e-12);
  KT_CHECK(kk_mark_matches("ぜろとらすと", "ゼロトラスト"));
  KT_CHECK(!kk_mark_matches_flags("ぜろとらすと", "ゼロトラスト", KK_TEXT_FOLD_NO_KANA));
  kk_exam_spec_free(s);
}

/* The one rule for a typed number (the drill's and the exam's): the
** forms people type, the card's unit after it, and nothing num.h refuses. */
static void test_mark_number(void) {
  static kk_Card yen = {.id = "y", .type = KK_CARD_NUMERIC, .value = 1750, .unit = "億ドル"};
  static kk_Card neg = {.id = "n", .type = KK_CARD_NUMERIC, .value = -5};
  static kk_Card tol = {.id = "t", .type = KK_CARD_NUMERIC, .value = 127, .tolerance = 0.5};
  static const struct {
    const kk_Card *c;
    const char *typed;
    int want;
  } cases[] = {
      {&yen, "1750", 1},
      {&yen, "\xEF\xBC\x91\xEF\xBC\x8C\xEF\xBC\x97\xEF\xBC\x95\xEF\xBC\x90 億ドル", 1},
      {&yen, "1,750億ドル", 1},
      {&yen, "1 750", 1},
      {&yen, "1_750", 1},
      {&yen, "1750.0 億ドル", 1},
      {&yen, " 1750 ", 1},
      {&yen, "1751", 0},
      {&yen,
       "\xE2\x88\x92"
       "1750",
       0},
      {&yen, "1750 dollars", -1},
      {&yen, "abc", -1},
      {&yen, "", -1},
      {&yen, "0x6D6", -1},
      {&yen, "inf", -1},
      {&yen, "17 50x", -1},
      {&neg,
       "\xE2\x88\x92"
       "5",
       1},
      {&neg, "-5", 1},
      {&neg, "\xEF\xBC\x8D\xEF\xBC\x95", 1},
      {&neg, "5", 0},
      {&neg, "nan", -1},
      {&neg, "1e999", -1},
      {&neg, "5 億ドル", -1}, /* no unit on this card */
      {&tol, "127.4", 1},
      {&tol, "126.5", 1},
      {&tol, "127.6", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    int got = kk_mark_number(cases[i].c, cases[i].typed);
    KT_CHECK(got == cases[i].want);
    if (got != cases[i].want) fprintf(stderr, "  '%s': %d\n", cases[i].typed, got);
  }
  /* longer than any number with its unit: not a number, not a crash */
  char big[600];
  memset(big, '1', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  KT_CHECK(kk_mark_number(&yen, big) == -1);
}

/* A cloze longer than any fixed buffer: its prompt is whole and never
** shows the answers (a prompt that did not fit fell back to the card text,
** answers and all), and long answers are marked whole, to the last
** character (each was cut at 2 KiB, so a wrong ending still scored). */
static void test_long_cloze(void) {
  kk_ExamSpec *s = paper_spec("");
  KT_REQUIRE(s != NULL);
  static char text[40000], answer[12000], wrong[12000];
  size_t n = 0;
  n += (size_t)snprintf(text + n, sizeof text - n, "{{c1::SECRETANSWER}} ");
  for (int i = 0; i < 1500; i++) n += (size_t)snprintf(text + n, sizeof text - n, "filler ");
  n += (size_t)snprintf(text + n, sizeof text - n, "{{c1::");
  size_t a0 = n;
  for (int i = 0; i < 5000; i++) text[n++] = (char)('a' + i % 26);
  size_t alen = n - a0;
  n += (size_t)snprintf(text + n, sizeof text - n, "}} end");
  char *p = kk_cloze_prompt(text, 1);
  KT_CHECK(p != NULL && strlen(p) > 8192);
  KT_CHECK(p && strstr(p, "SECRETANSWER") == NULL && strstr(p, "abcdefghij") == NULL);
  KT_CHECK(p && strstr(p, "[...]") != NULL && strstr(p, " end") != NULL);
  kk_free(p);
  int nb = 0;
  char *all = kk_cloze_answers(text, 1, &nb);
  KT_CHECK(nb == 2 && all && strlen(all) == strlen("SECRETANSWER") + 1 + alen);
  kk_free(all);
  kk_Card big = *bank_find("cz");
  big.front = text;
  kk_Question q = question("cz", 1);
  q.card = &big;
  snprintf(answer, sizeof answer, "secretanswer\n%.*s", (int)alen, text + a0);
  snprintf(wrong, sizeof wrong, "%s", answer);
  wrong[strlen(wrong) - 1] = 'Z'; /* the last character of the long blank */
  KT_CHECK_NEAR(kk_mark_question(s, &q, answer), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, wrong), 0.5, 1e-12);
  kk_exam_spec_free(s);
}

/* Position credit from first principles: share of slots holding the item
** that belongs there; pairwise: share of item pairs in the right order. */
static double ref_position(const size_t *a, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += a[i] == i;
  return (double)k / (double)n;
}
static double ref_pairwise(const size_t *a, size_t n) {
  size_t k = 0, pairs = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++)
      if (i != j) {
        /* item a[i] shown before a[j]: right if it belongs before it */
        if (i < j) pairs++, k += a[i] < a[j];
      }
  return (double)k / (double)pairs;
}

static void test_mark_order(void) {
  kk_ExamSpec *s = paper_spec("");
  KT_REQUIRE(s != NULL);
  kk_Question q = question("ord", 0);
  struct {
    const char *ans;
    size_t a[4];
  } cases[] = {{"1,2,3,4", {0, 1, 2, 3}},
               {"1,2,4,3", {0, 1, 3, 2}},
               {"4,3,2,1", {3, 2, 1, 0}},
               {"2,1,4,3", {1, 0, 3, 2}},
               {"4,1,2,3", {3, 0, 1, 2}}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    s->order_credit = KK_ORDER_POSITION;
    KT_CHECK_NEAR(kk_mark_question(s, &q, cases[i].ans), ref_position(cases[i].a, 4), 1e-12);
    s->order_credit = KK_ORDER_PAIRWISE;
    KT_CHECK_NEAR(kk_mark_question(s, &q, cases[i].ans), ref_pairwise(cases[i].a, 4), 1e-12);
    s->order_credit = KK_ORDER_ALL_OR_NOTHING;
    KT_CHECK_NEAR(kk_mark_question(s, &q, cases[i].ans), i == 0 ? 1 : 0, 1e-12);
  }
  /* Hand values for two of them: 1,2,4,3 -> 2 of 4 slots, 5 of 6 pairs;
  ** 4,1,2,3 -> 0 slots, 3 of 6 pairs. */
  s->order_credit = KK_ORDER_POSITION;
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1,2,4,3"), 0.5, 1e-12);
  s->order_credit = KK_ORDER_PAIRWISE;
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1,2,4,3"), 5.0 / 6, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "4,1,2,3"), 3.0 / 6, 1e-12);
  /* Not a permutation: nothing. */
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1,1,2,3"), 0, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "1,2,3"), 0, 1e-12);
  char buf[256];
  KT_CHECK(kk_mark_answer_text(&q, "2,1,3,4", buf, sizeof buf) > 0);
  KT_CHECK_STR(buf, "protect > identify > detect > respond");
  KT_CHECK(kk_mark_correct(&q, buf, sizeof buf) > 0);
  KT_CHECK_STR(buf, "1,2,3,4");
  kk_exam_spec_free(s);
}

static void test_mark_cloze(void) {
  kk_ExamSpec *s = paper_spec("");
  KT_REQUIRE(s != NULL);
  char buf[512];
  const char *text = bank_find("cz")->front;
  char *t = kk_cloze_prompt(text, 1);
  KT_CHECK_STR(t ? t : "", "[...], integrity and [...]");
  kk_free(t);
  t = kk_cloze_prompt(text, 2);
  KT_CHECK_STR(t ? t : "", "Confidentiality, [I...] and availability");
  kk_free(t);
  int nb = 0;
  t = kk_cloze_answers(text, 1, &nb);
  KT_CHECK(nb == 2);
  KT_CHECK_STR(t ? t : "", "Confidentiality\navailability");
  kk_free(t);
  t = kk_cloze_answers(text, 9, &nb);
  KT_CHECK(nb == 0 && t && !*t);
  kk_free(t);
  kk_Question q = question("cz", 1);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "confidentiality\nAvailability"), 1, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "confidentiality\nintegrity"), 0.5, 1e-12);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "availability"), 0, 1e-12);
  q = question("cz", 2);
  KT_CHECK_NEAR(kk_mark_question(s, &q, "Integrity"), 1, 1e-12);
  KT_CHECK(kk_mark_correct(&q, buf, sizeof buf) > 0);
  KT_CHECK_STR(buf, "integrity");
  kk_exam_spec_free(s);
}

/* Every allocation failure while drawing, storing and re-reading a paper
** is reported as KK_ERR_NOMEM, never a crash or a half-built paper. */
static void test_paper_oom(void) {
  kk_ExamSpec *s = paper_spec("");
  KT_REQUIRE(s != NULL);
  kk_Err err;
  kk_Paper *p = NULL;
  kk_alloc_fail_after(0);
  KT_CHECK(kk_paper_build(s, bank_items, BANK_N, 9, &p, &err) == KK_OK);
  char *text = p ? kk_paper_serialize(p) : NULL;
  kk_Paper *back = NULL;
  KT_CHECK(text && kk_paper_parse(text, bank_items, BANK_N, &back, &err) == KK_OK);
  size_t total = kk_alloc_fail_after(0);
  kk_paper_free(back);
  kk_paper_free(p);
  KT_CHECK(total > 5);
  size_t failures = 0;
  for (size_t i = 1; i <= total; i++) {
    p = back = NULL;
    char *t = NULL;
    kk_alloc_fail_after(i);
    kk_Status st = kk_paper_build(s, bank_items, BANK_N, 9, &p, &err);
    if (st == KK_OK) t = kk_paper_serialize(p);
    kk_Status st2 = t ? kk_paper_parse(t, bank_items, BANK_N, &back, &err) : KK_ERR_NOMEM;
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_OK || st == KK_ERR_NOMEM);
    KT_CHECK((st == KK_OK) == (p != NULL));
    KT_CHECK(st2 == KK_OK || st2 == KK_ERR_NOMEM);
    KT_CHECK((st2 == KK_OK) == (back != NULL));
    failures += st != KK_OK || !t || st2 != KK_OK;
    kk_free(t);
    kk_paper_free(back);
    kk_paper_free(p);
  }
  KT_CHECK(failures == total); /* each injected failure was noticed */
  kk_free(text);
  kk_exam_spec_free(s);
}

/* The sample spec shipped in decks/exams lints clean over the shipped decks
** and draws 18 questions worth 26 points, one paper per student. */
static void test_shipped_sample(void) {
  const char *path = "decks/exams/security-midterm.yaml";
  kk_Diags d;
  kk_diags_init(&d, 0);
  KT_CHECK(kk_exam_spec_lint(path, &d) == KK_OK);
  KT_CHECK(d.nerrors == 0);
  if (d.nerrors) kk_diags_print(&d, stderr);
  kk_diags_free(&d);
  kk_diags_init(&d, 0);
  kk_ExamSpec *s = NULL;
  kk_ExamBank b = {0};
  KT_CHECK(kk_exam_spec_load_file(path, &d, &s) == KK_OK);
  if (s && kk_exam_bank_load(s, &d, &b) == KK_OK) {
    kk_Err err;
    kk_Paper *p1 = NULL, *p2 = NULL;
    KT_CHECK(kk_paper_build(s, b.items, b.n, kk_exam_student_seed(s, "1"), &p1, &err) == KK_OK);
    KT_CHECK(kk_paper_build(s, b.items, b.n, kk_exam_student_seed(s, "2"), &p2, &err) == KK_OK);
    if (p1 && p2) {
      KT_CHECK(kk_paper_count(p1) == 4 + 6 + 4 + 4);
      KT_CHECK_NEAR(kk_paper_max_points(p1), 4 * 2 + 6 * 1 + 4 * 2 + 4 * 1, 1e-12);
      char *t1 = kk_paper_serialize(p1), *t2 = kk_paper_serialize(p2);
      KT_CHECK(t1 && t2 && strcmp(t1, t2) != 0);
      kk_free(t1);
      kk_free(t2);
    }
    kk_paper_free(p1);
    kk_paper_free(p2);
  } else {
    KT_CHECK(!"sample spec or its decks failed to load");
  }
  kk_exam_bank_free(&b);
  kk_exam_spec_free(s);
  kk_diags_free(&d);
}

/* Lint goes on to the decks when the spec itself has problems. */
static void test_lint_collects_all(void) {
  const char *t = "exam: x\ntitle: T\ndecks: [../nato-article5.yaml, nope.yaml]\n"
                  "time_limit: 5m\npools:\n  - count: 2\n    typs: [choice]\n";
  kk_Diags d;
  kk_diags_init(&d, 0);
  KT_CHECK(kk_exam_spec_lint_mem(t, strlen(t), "decks/exams/t.yaml", &d) == KK_ERR_INVALID);
  FILE *f = tmpfile();
  kk_diags_print(&d, f);
  rewind(f);
  size_t n = fread(diag_text, 1, sizeof diag_text - 1, f);
  diag_text[n] = '\0';
  fclose(f);
  KT_CHECK(has("decks/exams/t.yaml:7:5: error: unknown key in a pool: 'typs'"));
  KT_CHECK(has("decks/exams/t.yaml:3:32: error: cannot read deck 'nope.yaml'"));
  KT_CHECK(d.nerrors == 2);
  kk_diags_free(&d);
  kk_ExamSpec *s = NULL;
  kk_diags_init(&d, 0);
  KT_CHECK(kk_exam_spec_load_partial(t, strlen(t), "t.yaml", &d, &s) == KK_ERR_INVALID);
  KT_CHECK(s && s->ndecks == 2 && s->npools == 1);
  kk_exam_spec_free(s);
  kk_diags_free(&d);
}

/* The full example in docs/exam-format.md is a valid spec. */
static void test_docs_example(void) {
  size_t len = 0;
  char *doc = kt_read_file("docs/exam-format.md", &len);
  KT_CHECK(doc != NULL);
  KT_REQUIRE(doc != NULL);
  char *start = strstr(doc, "```yaml\n");
  char *end = start ? strstr(start + 8, "```") : NULL;
  KT_CHECK(start && end);
  if (start && end) {
    kk_ExamSpec *s = NULL;
    *end = '\0';
    KT_CHECK(load(start + 8, &s) == KK_OK);
    KT_CHECK_STR(diag_text, "");
    KT_CHECK(s && s->npools == 2 && s->nextensions == 2);
    kk_exam_spec_free(s);
  }
  free(doc);
}

/* The spec is read by the deck loader's YAML front end: nulls, booleans and
** "did you mean" as in decks, and the same limits.  (A second front end with
** its own rules used to accept 'true' quoted, miss NULL and TRUE, suggest
** by other thresholds, and let a 111 KB spec grow to 1.5 GB through aliases.) */
static void test_spec_reads_like_decks(void) {
  kk_ExamSpec *s = NULL;
  const char *base = "exam: e\ntitle: T\ndecks: [a]\ntime_limit: none\n";
  char t[1024];
  /* NULL and Null are null; TRUE and tRuE are true (unquoted) */
  snprintf(t, sizeof t,
           "%sinstructions: NULL\nreview_after_submit: tRuE\n"
           "update_schedule: TRUE\npools:\n  - count: 1\n",
           base);
  KT_CHECK(load(t, &s) == KK_OK);
  KT_REQUIRE(s != NULL);
  KT_CHECK_STR(s->instructions, "");
  KT_CHECK(s->review_after_submit == 1 && s->update_schedule == 1);
  kk_exam_spec_free(s);
  s = NULL;
  /* a quoted 'true' is a text, as in a deck */
  snprintf(t, sizeof t, "%sshuffle: 'true'\npools:\n  - count: 1\n", base);
  KT_CHECK(load(t, &s) == KK_ERR_INVALID && s == NULL);
  KT_CHECK(has("t.yaml:5:10: error: 'shuffle' must be true or false\n"));
  /* the deck loader's suggestions: 'tgas' is a near miss of 'tags' */
  snprintf(t, sizeof t, "%spools:\n  - count: 1\n    tgas: x\n", base);
  KT_CHECK(load(t, &s) == KK_ERR_INVALID);
  KT_CHECK(has("t.yaml:7:5: error: unknown key in a pool: 'tgas'\n"
               "t.yaml:7:5: note: did you mean 'tags'?\n"));
  /* the alias budget: one 1 MiB title repeated 70 times is refused at the
  ** alias that passes 64 MiB, before anything is copied */
  size_t big = ((size_t)1 << 20) - 64, cap = big + 4096, k;
  char *buf = malloc(cap);
  KT_REQUIRE(buf != NULL);
  k = (size_t)sprintf(buf, "exam: e\ntitle: &t ");
  memset(buf + k, 'x', big);
  k += big;
  k += (size_t)sprintf(buf + k, "\ntime_limit: none\npools:\n  - count: 1\ndecks: [");
  for (int i = 0; i < 70; i++) k += (size_t)sprintf(buf + k, "%s*t", i ? ", " : "");
  k += (size_t)sprintf(buf + k, "]\n");
  kk_Diags d;
  kk_diags_init(&d, 0);
  KT_CHECK(kk_exam_spec_load_mem(buf, k, "big.yaml", &d, &s) == KK_ERR_LIMIT && s == NULL);
  KT_CHECK(d.n == 1 && strstr(d.items[0].msg, "alias '*t' repeats too much") != NULL);
  KT_CHECK(d.n == 1 && d.items[0].line == 6);
  kk_diags_free(&d);
  free(buf);
}

int main(void) {
  bank_init();
  KT_RUN(test_load_full);
  KT_RUN(test_defaults);
  KT_RUN(test_diagnostics);
  KT_RUN(test_diagnostics_more);
  KT_RUN(test_spec_reads_like_decks);
  KT_RUN(test_load_oom);
  KT_RUN(test_bank_check);
  KT_RUN(test_rng);
  KT_RUN(test_rng_shuffle);
  KT_RUN(test_paper_fixed_option);
  KT_RUN(test_paper_build);
  KT_RUN(test_paper_shuffle_options);
  KT_RUN(test_student_seed);
  KT_RUN(test_mark_choice);
  KT_RUN(test_mark_simple_types);
  KT_RUN(test_mark_order);
  KT_RUN(test_mark_cloze);
  KT_RUN(test_mark_number);
  KT_RUN(test_long_cloze);
  KT_RUN(test_paper_oom);
  KT_RUN(test_shipped_sample);
  KT_RUN(test_docs_example);
  KT_RUN(test_lint_collects_all);
  return kt_done();
}
