/* test_export.c -- Anki and CSV export of every card type, CSV import into
** a draft deck and its round trip through the loader. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>

#include "core/base/alloc.h"
#include "core/base/csv.h"
#include "core/deck/export.h"
#include "core/deck/load.h"
#include "core/deck/yamlout.h"
#include "kt.h"
#include "kt_fixture.h"

static const char deck_yaml[] =
    "deck:\n"
    "  id: ex\n"
    "  title: Export \"test\"\n"
    "  language: ja\n"
    "  tags: [course]\n"
    "cards:\n"
    "  - id: ex-basic\n"
    "    type: basic\n"
    "    front: 集団防衛[しゅうだんぼうえい]とは?\n"
    "    back: \"a < b & c\"\n"
    "    tags: [art5, two words]\n"
    "    source: {doc: d.txt, section: 主なポイント, line: 12}\n"
    "  - id: ex-rev\n"
    "    type: reversed\n"
    "    front: 集団防衛\n"
    "    back: collective defence\n"
    "  - id: ex-cloze\n"
    "    type: cloze\n"
    "    text: \"GDP比{{c1::5%}}を{{c2::2035年::年}}までに\"\n"
    "    back: ハーグ首脳会合\n"
    "  - id: ex-choice\n"
    "    type: choice\n"
    "    question: 新目標は?\n"
    "    options: [GDP比2%, {text: GDP比5%, feedback: 2035年まで}, GDP比10%]\n"
    "    answer: 2\n"
    "  - id: ex-typed\n"
    "    type: typed\n"
    "    question: 何%?\n"
    "    answer: [\"5%\", 5パーセント]\n"
    "  - id: ex-num\n"
    "    type: numeric\n"
    "    question: 総額は約何億ドル?\n"
    "    answer: 1750\n"
    "    tolerance: 50\n"
    "    unit: 億ドル\n"
    "  - id: ex-tf\n"
    "    type: truefalse\n"
    "    statement: 第5条は自動的な軍事介入を義務づけている。\n"
    "    answer: false\n"
    "    explanation: \"line one\\nline\\ttwo\"\n"
    "  - id: ex-order\n"
    "    type: order\n"
    "    question: 順に並べよ\n"
    "    items: [一, 二, 三]\n";

static kk_Deck *load_deck(void) { return kt_deck(deck_yaml, "ex.yaml"); }

/* Returns the line of s that starts with prefix (malloc'd) or NULL. */
static char *line_starting(const char *s, const char *prefix) {
  size_t n = strlen(prefix);
  for (const char *p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    if (strncmp(p, prefix, n) == 0) {
      const char *e = strchr(p, '\n');
      size_t len = e ? (size_t)(e - p) : strlen(p);
      char *r = malloc(len + 1);
      memcpy(r, p, len);
      r[len] = '\0';
      return r;
    }
  }
  return NULL;
}

/* Splits a tab-separated line in place; returns the number of fields. */
static size_t tabs(char *line, char **f, size_t max) {
  size_t n = 0;
  f[n++] = line;
  for (char *p = line; *p; p++)
    if (*p == '\t') {
      *p = '\0';
      if (n < max) f[n++] = p + 1;
    }
  return n;
}

static void test_anki(void) {
  kk_Deck *d = load_deck();
  KT_CHECK(d != NULL);
  if (!d) return;
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  kk_Err e;
  KT_CHECK(kk_export_anki(&d, 1, m, &e) == KK_OK);
  fclose(m);
  KT_CHECK(strncmp(out,
                   "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n"
                   "#deck column:3\n#tags column:6\n",
                   strlen("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n"
                          "#deck column:3\n#tags column:6\n")) == 0);
  /* one line per card after the 6 header lines, 6 columns each */
  size_t lines = 0;
  for (char *p = out; *p; p++) lines += *p == '\n';
  KT_CHECK(lines == 6 + kk_deck_card_count(d));
  char *f[8];
  char *l = line_starting(out, "ex-cloze\t");
  KT_CHECK(l != NULL);
  if (l) {
    KT_CHECK(tabs(l, f, 8) == 6);
    KT_CHECK_STR(f[1], "Cloze");
    KT_CHECK_STR(f[2], "\"Export \"\"test\"\"\""); /* quoted for Anki's CSV reader */
    KT_CHECK_STR(f[3], "GDP比{{c1::5%}}を{{c2::2035年::年}}までに");
    KT_CHECK_STR(f[4], "ハーグ首脳会合");
    KT_CHECK_STR(f[5], "course");
    free(l);
  }
  l = line_starting(out, "ex-basic\t");
  if (l) {
    KT_CHECK(tabs(l, f, 8) == 6);
    KT_CHECK_STR(f[1], "Basic");
    KT_CHECK_STR(f[3], "<ruby>集団防衛<rt>しゅうだんぼうえい</rt></ruby>とは?");
    KT_CHECK_STR(f[4], "a &lt; b &amp; c");
    KT_CHECK_STR(f[5], "art5 two_words course");
    free(l);
  } else
    KT_CHECK(0);
  l = line_starting(out, "ex-rev\t");
  if (l) {
    KT_CHECK(tabs(l, f, 8) == 6);
    KT_CHECK_STR(f[1], "Basic (and reversed card)");
    free(l);
  } else
    KT_CHECK(0);
  l = line_starting(out, "ex-choice\t");
  if (l) {
    KT_CHECK(tabs(l, f, 8) == 6);
    KT_CHECK_STR(f[3], "新目標は?<br>A. GDP比2%<br>B. GDP比5%<br>C. GDP比10%");
    KT_CHECK_STR(f[4], "B. GDP比5% — 2035年まで");
    free(l);
  } else
    KT_CHECK(0);
  l = line_starting(out, "ex-typed\t");
  if (l) {
    tabs(l, f, 8);
    KT_CHECK_STR(f[4], "5% / 5パーセント");
    free(l);
  }
  l = line_starting(out, "ex-num\t");
  if (l) {
    tabs(l, f, 8);
    KT_CHECK_STR(f[4], "1750 ± 50億ドル");
    free(l);
  }
  l = line_starting(out, "ex-tf\t");
  if (l) {
    tabs(l, f, 8);
    KT_CHECK_STR(f[4], "誤り<br><br>line one<br>line two");
    free(l);
  }
  l = line_starting(out, "ex-order\t");
  if (l) {
    tabs(l, f, 8);
    KT_CHECK_STR(f[4], "1. 一<br>2. 二<br>3. 三");
    /* the front lists every item, but not in the answer's order */
    KT_CHECK(strstr(f[3], "・一") && strstr(f[3], "・二") && strstr(f[3], "・三"));
    KT_CHECK(strstr(f[3], "・一<br>・二<br>・三") == NULL);
    free(l);
  }
  free(out);
  kk_deck_free(d);
}

static void test_csv_export(void) {
  kk_Deck *d = load_deck();
  KT_CHECK(d != NULL);
  if (!d) return;
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  kk_Err e;
  KT_CHECK(kk_export_csv(&d, 1, m, &e) == KK_OK);
  fclose(m);
  kk_CsvReader *r = kk_csv_reader_mem(out, len, "out.csv", NULL);
  const char *const *f;
  size_t n, rows = 0;
  KT_CHECK(kk_csv_next(r, &f, &n, &e) == KK_OK && n == 14);
  KT_CHECK_STR(f[0], "id");
  KT_CHECK_STR(f[5], "source");
  KT_CHECK_STR(f[10], "answer");
  while (kk_csv_next(r, &f, &n, &e) == KK_OK && n) {
    KT_CHECK(n == 14);
    const kk_Card *c = kk_deck_card(d, rows);
    KT_CHECK_STR(f[0], c->id);
    KT_CHECK_STR(f[1], kk_card_type_name(c->type));
    if (rows == 0) {
      KT_CHECK_STR(f[2], "集団防衛[しゅうだんぼうえい]とは?"); /* plain text, markup kept */
      KT_CHECK_STR(f[3], "a < b & c");
      KT_CHECK_STR(f[5], "d.txt § 主なポイント (line 12)");
    }
    if (c->type == KK_CARD_TRUEFALSE) KT_CHECK_STR(f[3], "誤り\n\nline one\nline\ttwo");
    rows++;
  }
  KT_CHECK(rows == kk_deck_card_count(d));
  kk_csv_reader_free(r);
  free(out);
  kk_deck_free(d);
}

static char *import(const char *csv, kk_Status *st, kk_Err *e, size_t *ncards) {
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  kk_ImportOptions o = {.csv_name = "vocab.csv"};
  *st = kk_import_csv(csv, strlen(csv), &o, m, ncards, e);
  fclose(m);
  return out;
}

/* A field that is only the formula guard and white space ("'" + a tab,
** found by the fuzzer) is empty: refused with its column, as the deck
** loader would refuse the draft; so is one of a carriage return. */
static void test_import_blank_after_guard(void) {
  static const char *const rows[] = {"q,'\t\n", "'\t,a\n", "q,\"\r\"\n"};
  static const int cols[] = {2, 1, 2};
  for (size_t i = 0; i < 3; i++) {
    kk_Status st;
    kk_Err e;
    char *yaml = import(rows[i], &st, &e, NULL);
    KT_CHECK(st == KK_ERR_INVALID);
    KT_CHECK(e.col == cols[i]);
    KT_CHECK(strstr(e.msg, "is empty") != NULL);
    free(yaml);
  }
}

static void test_import_roundtrip(void) {
  static const char *const fronts[] = {
      "集団防衛とは", "a, b",  "say \"hi\"", "yes",           "123",     "- dash",
      "key: value",   "#hash", "two\nlines", "{{not a cloze", " padded", "末尾の空白 ",
  };
  static const char *const backs[] = {
      "第5条", "comma",   "quote",     "no", "4.5",  "[x]",
      "a #b",  "&anchor", "line\ttab", "}}", "true", "null",
  };
  size_t n = sizeof fronts / sizeof fronts[0];
  char *csv = NULL;
  size_t clen = 0;
  FILE *m = open_memstream(&csv, &clen);
  static const char *const hdr[] = {"Front", "Back"};
  kk_csv_write_record(m, hdr, 2, ',');
  for (size_t i = 0; i < n; i++) {
    const char *row[] = {fronts[i], backs[i]};
    kk_csv_write_record(m, row, 2, ',');
  }
  fclose(m);
  kk_Status st;
  kk_Err e;
  size_t ncards = 0;
  char *yaml = import(csv, &st, &e, &ncards);
  KT_CHECK(st == KK_OK);
  KT_CHECK(ncards == n); /* the header row is not a card */
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_Deck *d = NULL;
  KT_CHECK(kk_deck_load_mem(yaml, strlen(yaml), "vocab.yaml", &dg, &d) == KK_OK);
  KT_CHECK(dg.nerrors == 0 && dg.nwarnings == 0);
  if (dg.n) kk_diags_print(&dg, stderr);
  if (d) {
    KT_CHECK(kk_deck_card_count(d) == n);
    int line = 2; /* after the header row; multi-line fields push the rest down */
    for (size_t i = 0; i < n && i < kk_deck_card_count(d); i++) {
      const kk_Card *c = kk_deck_card(d, i);
      KT_CHECK(c->type == KK_CARD_BASIC);
      KT_CHECK_STR(c->front, fronts[i]);
      KT_CHECK_STR(c->back, backs[i]);
      KT_CHECK(strncmp(c->id, "csv-vocab-", 10) == 0);
      KT_CHECK(c->source.line == line);
      line += 1 + (strchr(fronts[i], '\n') != NULL) + (strchr(backs[i], '\n') != NULL);
    }
    KT_CHECK_STR(kk_deck_id(d), "csv-vocab");
  }
  kk_deck_free(d);
  kk_diags_free(&dg);
  /* ids follow the front: reordering rows keeps them */
  char *y2 = import("x,1\n集団防衛とは,第5条\n", &st, &e, NULL);
  char *y3 = import("集団防衛とは,changed\nx,1\n", &st, &e, NULL);
  const char *id2 = strstr(y2, "csv-vocab-");
  const char *a = strstr(y2, "  - id: "), *b = strstr(y3, "  - id: ");
  KT_CHECK(id2 && a && b);
  if (a && b) {
    char ida[64], idb[64], idc[64], idd[64];
    sscanf(a, "  - id: %63s", ida);
    sscanf(strstr(a + 1, "  - id: "), "  - id: %63s", idb);
    sscanf(b, "  - id: %63s", idc);
    sscanf(strstr(b + 1, "  - id: "), "  - id: %63s", idd);
    KT_CHECK(strcmp(ida, idd) == 0 && strcmp(idb, idc) == 0);
  }
  free(y2);
  free(y3);
  free(yaml);
  free(csv);
}

/* export --format csv reads back: every card type, field by field. */
static void test_csv_columns_roundtrip(void) {
  kk_Deck *a = NULL;
  KT_REQUIRE(kk_deck_load_file("tests/interop/all-types.yaml", NULL, &a) == KK_OK);
  char *csv = NULL;
  size_t clen = 0;
  FILE *m = open_memstream(&csv, &clen);
  kk_Err e;
  KT_CHECK(kk_export_csv(&a, 1, m, &e) == KK_OK);
  fclose(m);
  kk_Status st;
  size_t n = 0;
  char *yaml = import(csv, &st, &e, &n);
  KT_CHECK(st == KK_OK && n == kk_deck_card_count(a));
  kk_Deck *b = NULL;
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  KT_CHECK(kk_deck_load_mem(yaml, strlen(yaml), "back.yaml", &dg, &b) == KK_OK);
  KT_CHECK(dg.n == 0);
  if (dg.n) kk_diags_print(&dg, stderr);
  for (size_t i = 0; b && i < kk_deck_card_count(a); i++) {
    const kk_Card *x = kk_deck_card(a, i), *y = kk_deck_find(b, x->id);
    KT_CHECK(y != NULL);
    if (!y) continue;
    kt_check_card_same(x, y);
  }
  kk_deck_free(a);
  kk_deck_free(b);
  kk_diags_free(&dg);
  free(yaml);
  free(csv);
}

/* A spreadsheet's own header: columns in any order, Japanese names. */
static void test_csv_named_columns(void) {
  kk_Status st;
  kk_Err e;
  size_t n = 0;
  char *y = import("問題,type,選択肢,答え,tags\n"
                   "首都は?,choice,\"東京\n大阪\",1,geo\n"
                   "2+2,numeric,,4,\n"
                   "空は青い,truefalse,,正しい,\n",
                   &st, &e, &n);
  KT_CHECK(st == KK_OK && n == 3);
  kk_Deck *d = NULL;
  KT_CHECK(y && kk_deck_load_mem(y, strlen(y), "x.yaml", NULL, &d) == KK_OK);
  const kk_Card *c = d ? kk_deck_card(d, 0) : NULL;
  KT_CHECK(c && c->type == KK_CARD_CHOICE && c->noptions == 2 && c->options[0].correct);
  KT_CHECK(c && c->ntags == 1 && strcmp(c->tags[0], "geo") == 0);
  c = d ? kk_deck_card(d, 1) : NULL;
  KT_CHECK(c && c->type == KK_CARD_NUMERIC && c->value == 4);
  c = d ? kk_deck_card(d, 2) : NULL;
  KT_CHECK(c && c->type == KK_CARD_TRUEFALSE && c->truth == 1);
  kk_deck_free(d);
  free(y);
  /* errors point at the row and the column */
  y = import("front,type,options,answer\nq,choice,\"a\nb\",3\n", &st, &e, &n);
  KT_CHECK(st == KK_ERR_INVALID && e.line == 2 && e.col == 4);
  KT_CHECK(strstr(e.msg, "option numbers 1 to 2") != NULL);
  free(y);
  y = import("front,back,type\nq,a,essay\n", &st, &e, &n);
  KT_CHECK(st == KK_ERR_INVALID && e.line == 2 && e.col == 3 && strstr(e.msg, "'essay'"));
  free(y);
  /* cells the CSV writer guarded against formulas read back as written */
  y = import("front,back,type\n'=1+1,'@x,basic\n", &st, &e, &n);
  KT_CHECK(st == KK_OK && y && strstr(y, "front: =1+1\n") && strstr(y, "back: \"@x\""));
  free(y);
  /* a row the deck loader refuses is an error at that row */
  y = import("front,back,type\nfine,yes,basic\nno markers here,x,cloze\nok,fine,basic\n", &st, &e,
             &n);
  KT_CHECK(st == KK_ERR_INVALID && e.line == 3 && strstr(e.msg, "no valid card") != NULL);
  free(y);
  y = import("front,answer,type\nq,many,numeric\n", &st, &e, &n);
  KT_CHECK(st == KK_ERR_INVALID && e.col == 2 && strstr(e.msg, "not a number"));
  free(y);
}

/* A card id of 101 to KK_DECK_MAX_ID characters, which the deck loader
** accepts, was refused by the CSV import (it kept a limit of its own). */
static void test_csv_id_limit(void) {
  char id[KK_DECK_MAX_ID + 2];
  memset(id, 'k', sizeof id - 1);
  id[KK_DECK_MAX_ID] = '\0'; /* the longest id */
  char csv[400];
  snprintf(csv, sizeof csv, "id,front,back\n%s,q,a\n", id);
  kk_Status st;
  kk_Err e;
  size_t n = 0;
  char *y = import(csv, &st, &e, &n);
  KT_CHECK(st == KK_OK && n == 1);
  kk_Deck *d = NULL;
  KT_CHECK(y && kk_deck_load_mem(y, strlen(y), "x.yaml", NULL, &d) == KK_OK);
  const kk_Card *c = d ? kk_deck_card(d, 0) : NULL;
  KT_CHECK(c && strcmp(c->id, id) == 0);
  kk_deck_free(d);
  free(y);
  /* a deck id given as an option leaves room for the card ids made from
  ** it ("<deck id>-<8 hex>-<n>"): 100 characters load, 101 are refused */
  id[KK_IMPORT_MAX_DECK_ID] = '\0';
  char *out = NULL;
  size_t olen = 0;
  FILE *m = open_memstream(&out, &olen);
  kk_ImportOptions o = {.csv_name = "v.csv", .deck_id = id};
  KT_CHECK(kk_import_csv("dog,inu\ndog,inu\n", 16, &o, m, NULL, &e) == KK_OK);
  fclose(m);
  d = NULL;
  KT_CHECK(out && kk_deck_load_mem(out, strlen(out), "v.yaml", NULL, &d) == KK_OK);
  KT_CHECK(d && strcmp(kk_deck_id(d), id) == 0 && kk_deck_card_count(d) == 2);
  kk_deck_free(d);
  free(out);
  id[KK_IMPORT_MAX_DECK_ID] = 'k';
  id[KK_IMPORT_MAX_DECK_ID + 1] = '\0';
  m = open_memstream(&out, &olen);
  KT_CHECK(kk_import_csv("dog,inu\n", 8, &o, m, NULL, &e) == KK_ERR_USAGE);
  fclose(m);
  free(out);
  memset(id, 'k', sizeof id - 1);
  /* one more character is refused by both */
  id[KK_DECK_MAX_ID] = 'k', id[KK_DECK_MAX_ID + 1] = '\0';
  snprintf(csv, sizeof csv, "id,front,back\n%s,q,a\n", id);
  y = import(csv, &st, &e, &n);
  KT_CHECK(st == KK_ERR_INVALID && e.line == 2 && e.col == 1);
  free(y);
  KT_CHECK(!kk_deck_valid_id(id));
  KT_CHECK(!kk_deck_valid_id("") && !kk_deck_valid_id("a b") && kk_deck_valid_id("a-b_c.9"));
}

/* kk_draft_misfit is the loader's limits, at each boundary: what it
** passes loads once written, one more is refused with the reason. */
static void test_draft_misfit(void) {
  size_t big = KK_DECK_MAX_TEXT + 1;
  char *longest = kk_malloc(big + 1);
  KT_REQUIRE(longest != NULL);
  memset(longest, 'x', big);
  longest[big] = '\0';
  char *fits = longest + 1; /* KK_DECK_MAX_TEXT bytes */
  const char *opts[KK_DECK_MAX_ORDER_ITEMS + 1];
  for (size_t i = 0; i < KK_DECK_MAX_ORDER_ITEMS + 1; i++) opts[i] = "o";
  int correct[KK_DECK_MAX_OPTIONS + 1] = {1};
  char why[160];
  kk_DraftCard ch = {.id = "c",
                     .type = KK_CARD_CHOICE,
                     .front = "q",
                     .items = opts,
                     .nitems = KK_DECK_MAX_OPTIONS,
                     .correct = correct};
  kk_DraftCard ord = {.id = "o",
                      .type = KK_CARD_ORDER,
                      .front = "q",
                      .items = opts,
                      .nitems = KK_DECK_MAX_ORDER_ITEMS};
  kk_DraftCard basic = {.id = "b", .type = KK_CARD_BASIC, .front = fits, .back = "a"};
  KT_CHECK(!kk_draft_misfit(&ch, why, sizeof why));
  KT_CHECK(!kk_draft_misfit(&ord, why, sizeof why));
  KT_CHECK(!kk_draft_misfit(&basic, why, sizeof why));
  /* what passes loads */
  kk_DraftCard three[] = {ch, ord, basic};
  kk_DraftDeck dd = {.id = "misfit", .title = "t", .language = "en", .cards = three, .ncards = 3};
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  kk_yaml_write_deck(m, &dd);
  fclose(m);
  kk_Deck *d = NULL;
  KT_CHECK(kk_deck_load_mem(out, len, "misfit.yaml", NULL, &d) == KK_OK);
  KT_CHECK(d && kk_deck_card_count(d) == 3);
  kk_deck_free(d);
  free(out);
  /* one more option, item or byte is refused, with the count */
  ch.nitems++, ord.nitems++, basic.front = longest;
  KT_CHECK(kk_draft_misfit(&ch, why, sizeof why) && strstr(why, "27 options"));
  KT_CHECK(kk_draft_misfit(&ord, why, sizeof why) && strstr(why, "101 items"));
  KT_CHECK(kk_draft_misfit(&basic, why, sizeof why) && strstr(why, "262145 bytes"));
  /* every text a card shows is measured */
  const char *one_long[] = {"o", longest};
  kk_DraftCard t = {
      .id = "t", .type = KK_CARD_TYPED, .front = "q", .answers = one_long, .nanswers = 2};
  KT_CHECK(kk_draft_misfit(&t, why, sizeof why));
  t.nanswers = 1;
  KT_CHECK(!kk_draft_misfit(&t, why, sizeof why));
  t.tags = one_long, t.ntags = 2;
  KT_CHECK(kk_draft_misfit(&t, why, sizeof why));
  t.ntags = 0, t.explanation = longest;
  KT_CHECK(kk_draft_misfit(&t, why, sizeof why));
  t.explanation = NULL, t.src_doc = "doc.txt", t.src_section = longest;
  KT_CHECK(kk_draft_misfit(&t, why, sizeof why));
  t.src_section = NULL, t.src_doc = longest;
  KT_CHECK(kk_draft_misfit(&t, why, sizeof why));
  t.src_doc = NULL;
  KT_CHECK(!kk_draft_misfit(&t, why, sizeof why));
  kk_DraftCard num = {.id = "n", .type = KK_CARD_NUMERIC, .front = "q", .unit = longest};
  KT_CHECK(kk_draft_misfit(&num, why, sizeof why));
  basic.front = "q", basic.back = longest;
  KT_CHECK(kk_draft_misfit(&basic, why, sizeof why));
  /* the id is the importer's to make valid, not measured here */
  basic.back = "a", basic.id = longest;
  KT_CHECK(!kk_draft_misfit(&basic, why, sizeof why));
  /* a cloze the loader would refuse */
  kk_DraftCard cz = {.id = "z", .type = KK_CARD_CLOZE, .front = "{{c1::a}} {{c3::b}}"};
  KT_CHECK(kk_draft_misfit(&cz, why, sizeof why) && strstr(why, "cloze"));
  cz.front = "{{c1::a}} {{c2::b}}";
  KT_CHECK(!kk_draft_misfit(&cz, why, sizeof why));
  cz.front = "{{c1::a {{c2::b}} }}";
  KT_CHECK(kk_draft_misfit(&cz, why, sizeof why));
  ch.nitems = 2, ch.items = one_long;
  KT_CHECK(kk_draft_misfit(&ch, why, sizeof why));
  ch.items = opts, ch.feedback = one_long;
  KT_CHECK(kk_draft_misfit(&ch, why, sizeof why));
  kk_free(longest);
}

/* "PREFIX" + n bytes of 'x' + "SUFFIX", a new string (kk_free). */
static char *padded(const char *prefix, size_t n, const char *suffix) {
  size_t a = strlen(prefix), b = strlen(suffix);
  char *s = kk_malloc(a + n + b + 1);
  if (!s) return NULL;
  memcpy(s, prefix, a);
  memset(s + a, 'x', n);
  memcpy(s + a + n, suffix, b + 1);
  return s;
}

/* A cell longer than a card can show is an error at its row (the draft
** was written and failed lint); the longest that can be shown imports. */
static void test_csv_long_text(void) {
  kk_Status st;
  kk_Err e;
  size_t cards = 0;
  char *csv = padded("dog,inu\nq2,", KK_DECK_MAX_TEXT, "\nq3,a3\n");
  KT_REQUIRE(csv != NULL);
  char *y = import(csv, &st, &e, &cards);
  KT_CHECK(st == KK_OK && cards == 3);
  kk_Deck *d = NULL;
  KT_CHECK(y && kk_deck_load_mem(y, strlen(y), "x.yaml", NULL, &d) == KK_OK);
  kk_deck_free(d);
  free(y);
  kk_free(csv);
  csv = padded("dog,inu\nq2,", KK_DECK_MAX_TEXT + 1, "\nq3,a3\n"); /* one byte more */
  KT_REQUIRE(csv != NULL);
  y = import(csv, &st, &e, &cards);
  KT_CHECK(st == KK_ERR_INVALID && e.line == 2 && e.col == 2 && strstr(e.msg, "262145 bytes"));
  free(y);
  kk_free(csv);
  csv = padded("dog,inu\n", KK_DECK_MAX_TEXT + 1, ",a2\n"); /* the front this time */
  KT_REQUIRE(csv != NULL);
  y = import(csv, &st, &e, &cards);
  KT_CHECK(st == KK_ERR_INVALID && e.line == 2 && e.col == 1);
  free(y);
  kk_free(csv);
  /* the same after a front,back header row, and with named columns */
  static const char *const heads[] = {"front,back\ndog,inu\nq2,", "front,back,tags\ndog,inu,\nq2,"};
  for (size_t i = 0; i < 2; i++) {
    csv = padded(heads[i], KK_DECK_MAX_TEXT + 1, i ? ",t\n" : "\n");
    KT_REQUIRE(csv != NULL);
    y = import(csv, &st, &e, &cards);
    KT_CHECK(st == KK_ERR_INVALID && e.line == 3 && strstr(e.msg, "262145 bytes"));
    free(y);
    kk_free(csv);
  }
}

static void test_import_errors(void) {
  kk_Status st;
  kk_Err e;
  char *y = import("a,b\nonly one\nc,d\n", &st, &e, NULL);
  KT_CHECK(st == KK_ERR_INVALID && e.line == 2);
  KT_CHECK(strstr(e.msg, "two columns") != NULL);
  char buf[600];
  kk_err_format(&e, buf, sizeof buf);
  KT_CHECK(strncmp(buf, "vocab.csv:2:1: error: expected two columns", 41) == 0);
  free(y);
  y = import("a,b\nc,\n", &st, &e, NULL);
  KT_CHECK(st == KK_ERR_INVALID && e.line == 2 && e.col == 2);
  free(y);
  y = import("a,b\n\"c,d\n", &st, &e, NULL);
  KT_CHECK(st == KK_ERR_PARSE && e.line == 2);
  free(y);
  /* trailing empty columns are fine; tab-separated input is detected */
  size_t n = 0;
  y = import("表\t裏\nあ\tい\t\n", &st, &e, &n);
  KT_CHECK(st == KK_OK && n == 1);
  free(y);
}

/* Every scalar the emitter writes reads back as the same string. */
static void test_yaml_scalars(void) {
  static const char *const texts[] = {
      "plain",
      "集団防衛とは何か",
      "yes",
      "No",
      "null",
      "~",
      "true",
      "123",
      "-1.5e3",
      "0x1F",
      ".inf",
      "2026-02-05",
      "- dash",
      "? q",
      ": colon",
      "a: b",
      "a:b",
      "a #b",
      "a#b",
      "#x",
      "{{c1::5%}}を",
      "[x]",
      "&anchor",
      "*alias",
      "!tag",
      "%pct",
      "@at",
      "`tick",
      "'q'",
      "\"dq\"",
      "back\\slash",
      " lead",
      "trail ",
      "tab\there",
      "line\nbreak",
      "cr\rx",
      "bell\a",
      "del\x7f",
      "c1 \xc2\x9c ctl",
      "nel \xc2\x85",
      "ls \xe2\x80\xa8",
      "ps \xe2\x80\xa9",
      "bom \xef\xbb\xbf",
      "nonchar \xef\xbf\xbe",
      "全角　スペース",
      "ends with colon:",
      "|",
      ">",
  };
  size_t n = sizeof texts / sizeof texts[0];
  kk_DraftCard cards[64];
  char ids[64][16];
  for (size_t i = 0; i < n; i++) {
    snprintf(ids[i], sizeof ids[i], "s-%zu", i);
    cards[i] = (kk_DraftCard){.id = ids[i],
                              .type = KK_CARD_BASIC,
                              .front = texts[i],
                              .back = texts[n - 1 - i],
                              .src_doc = texts[i],
                              .src_section = texts[i],
                              .src_line = 1,
                              .origin = "gen",
                              .comment = texts[i]};
  }
  const char *tags[] = {"yes", "a: b"};
  kk_DraftDeck d = {.id = "scalars",
                    .title = "x: y",
                    .language = "ja",
                    .description = "#",
                    .tags = tags,
                    .ntags = 2,
                    .header = "header\nwith \xc2\x9c lines",
                    .cards = cards,
                    .ncards = n};
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  kk_yaml_write_deck(m, &d);
  fclose(m);
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_Deck *deck = NULL;
  KT_CHECK(kk_deck_load_mem(out, len, "scalars.yaml", &dg, &deck) == KK_OK);
  KT_CHECK(dg.nerrors == 0);
  if (dg.nerrors) kk_diags_print(&dg, stderr), fputs(out, stderr);
  if (deck) {
    KT_CHECK_STR(kk_deck_title(deck), "x: y");
    KT_CHECK(kk_deck_card_count(deck) == n);
    for (size_t i = 0; i < n && i < kk_deck_card_count(deck); i++) {
      const kk_Card *c = kk_deck_card(deck, i);
      KT_CHECK_STR(c->front, texts[i]);
      KT_CHECK_STR(c->back, texts[n - 1 - i]);
      KT_CHECK_STR(c->source.section, texts[i]);
    }
  }
  KT_CHECK(kk_yaml_plain_ok("集団防衛"));
  KT_CHECK(!kk_yaml_plain_ok("yes") && !kk_yaml_plain_ok("a: b") && !kk_yaml_plain_ok(""));
  kk_deck_free(deck);
  kk_diags_free(&dg);
  free(out);
}

/* Every allocation of an import can fail: a clean NOMEM, never a crash or
** a leak (the sanitizer build checks the leaks). */
/* Deck text that a spreadsheet would run as a formula: neutralised in the
** CSV export (leading apostrophe) and in the Anki text file (the first
** character as an HTML reference in HTML columns, an apostrophe in the
** plain ones). */
static void test_formula_injection(void) {
  static const char y[] =
      "deck:\n  id: fx\n  title: \"=cmd|' /C calc'!A0\"\n"
      "cards:\n"
      "  - id: fx-1\n    type: basic\n    front: \"=HYPERLINK(\\\"http://x\\\")\"\n"
      "    back: \"@SUM(A1)\"\n    tags: [\"+t\"]\n";
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_Deck *d = NULL;
  KT_REQUIRE(kk_deck_load_mem(y, sizeof y - 1, "fx.yaml", &dg, &d) == KK_OK);
  kk_diags_free(&dg);
  kk_Err e;
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  KT_CHECK(kk_export_csv(&d, 1, f, &e) == KK_OK);
  fclose(f);
  KT_CHECK(strstr(mem, ",\"'=HYPERLINK(") != NULL);
  KT_CHECK(strstr(mem, ",\"'@SUM(A1)\",") != NULL);
  KT_CHECK(strstr(mem, ",=") == NULL && strstr(mem, ",@") == NULL && strstr(mem, ",+") == NULL);
  free(mem);
  mem = NULL;
  f = open_memstream(&mem, &len);
  KT_CHECK(kk_export_anki(&d, 1, f, &e) == KK_OK);
  fclose(f);
  char *row = line_starting(mem, "fx-1\t");
  KT_CHECK(row != NULL);
  if (row) {
    char *col[8];
    size_t n = tabs(row, col, 8);
    KT_CHECK(n == 6);
    if (n == 6) {
      KT_CHECK(col[2][0] == '\'');                          /* deck title */
      KT_CHECK(strncmp(col[3], "&#61;HYPERLINK", 14) == 0); /* front */
      KT_CHECK(strncmp(col[4], "&#64;SUM", 8) == 0);        /* back */
      KT_CHECK(col[5][0] == '\'');                          /* tags */
    }
    free(row);
  }
  free(mem);
  kk_deck_free(d);
}

static void test_import_oom(void) {
  const char *csv = "front,back\n集団防衛とは,第5条\n\"a\nb\",c\nx,y\n";
  kk_Status st;
  kk_Err e;
  kk_alloc_fail_after(0);
  char *ok = import(csv, &st, &e, NULL);
  size_t total = kk_alloc_count();
  KT_CHECK(st == KK_OK && total > 0);
  size_t bad = 0;
  for (size_t i = 1; i <= total; i++) {
    kk_alloc_fail_after(i);
    char *y = import(csv, &st, &e, NULL);
    if (!(st == KK_ERR_NOMEM || (st == KK_OK && strcmp(y, ok) == 0))) bad++;
    free(y);
  }
  kk_alloc_fail_after(0);
  KT_CHECK(bad == 0);
  free(ok);
}

int main(void) {
  KT_RUN(test_anki);
  KT_RUN(test_csv_export);
  KT_RUN(test_import_roundtrip);
  KT_RUN(test_import_errors);
  KT_RUN(test_csv_columns_roundtrip);
  KT_RUN(test_csv_named_columns);
  KT_RUN(test_csv_id_limit);
  KT_RUN(test_draft_misfit);
  KT_RUN(test_csv_long_text);
  KT_RUN(test_import_blank_after_guard);
  KT_RUN(test_yaml_scalars);
  KT_RUN(test_formula_injection);
  KT_RUN(test_import_oom);
  return kt_done();
}
