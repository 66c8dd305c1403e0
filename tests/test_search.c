/* test_search.c -- the card search: parsing (and its errors) and matching
** text, tags, decks, types, states and properties. */
#include <string.h>

#include "kt.h"

#include "core/base/alloc.h"
#include "core/study/search.h"

#define DAY ((int64_t)86400000)
#define NOW ((int64_t)1760000000000) /* a fixed instant */

static kk_SearchEnv env(void) {
  kk_SearchEnv e = {{NOW, 540, 4}, NULL};
  return e;
}

/* An item with raw text (folded here), a deck and tags. */
typedef struct Fixture {
  kk_SearchItem it;
  char *folded;
} Fixture;

static void fx_init(Fixture *f, const char *deck, const char *text, const char *const *tags,
                    size_t ntags) {
  kk_Card c;
  memset(f, 0, sizeof *f);
  memset(&c, 0, sizeof c);
  c.front = text;
  kk_search_card_text(&c, &f->folded); /* folded line by line */
  f->it.deck_id = deck;
  f->it.text = f->folded;
  f->it.tags = tags;
  f->it.ntags = ntags;
  f->it.type = KK_CARD_BASIC;
}

/* Does query q match item it?  -1 if q does not parse. */
static int m(const char *q, const kk_SearchItem *it) {
  kk_Search *s = NULL;
  kk_Err e = {0};
  if (kk_search_parse(q, strlen(q), &e, &s) != KK_OK) {
    fprintf(stderr, "  parse of \"%s\" failed: %s\n", q, e.msg);
    return -1;
  }
  kk_SearchEnv en = env();
  int r = kk_search_match(s, it, &en);
  kk_search_free(s);
  return r;
}

static void test_text(void) {
  static const char *const tags[] = {"verb", "jlpt::n5"};
  Fixture f;
  fx_init(&f, "japanese-basics", "タベル (to eat)\nＴＯＫＹＯ 東京", tags, 2);
  KT_CHECK(m("", &f.it) == 1);
  KT_CHECK(m("   ", &f.it) == 1);
  KT_CHECK(m("たべる", &f.it) == 1);     /* kana folded */
  KT_CHECK(m("ﾀﾍﾞﾙ", &f.it) == 1);       /* half-width katakana, NFKC */
  KT_CHECK(m("tokyo", &f.it) == 1);      /* full-width and case */
  KT_CHECK(m("TOKYO 東京", &f.it) == 1); /* two terms, AND */
  KT_CHECK(m("tokyo 大阪", &f.it) == 0);
  KT_CHECK(m("\"to eat\"", &f.it) == 1);
  KT_CHECK(m("\"eat to\"", &f.it) == 0);
  KT_CHECK(m("\"eat) tokyo\"", &f.it) == 0); /* a phrase does not cross fields */
  KT_CHECK(m("eat tokyo", &f.it) == 1);
  KT_CHECK(m("-tokyo", &f.it) == 0);
  KT_CHECK(m("-大阪", &f.it) == 1);
  KT_CHECK(m("大阪 or 東京", &f.it) == 1);
  KT_CHECK(m("大阪 OR 京都", &f.it) == 0);
  KT_CHECK(m("(大阪 or 東京) -(drink or sleep)", &f.it) == 1);
  KT_CHECK(m("-(大阪 or 東京)", &f.it) == 0);
  KT_CHECK(m("東京　たべる", &f.it) == 1); /* ideographic space separates */
  KT_CHECK(m("orange", &f.it) == 0);       /* a word starting with "or" is text */
  kk_free(f.folded);
}

static void test_keys(void) {
  static const char *const tags[] = {"Verb", "jlpt::n5"};
  Fixture f;
  fx_init(&f, "japanese-basics", "taberu", tags, 2);
  KT_CHECK(m("tag:verb", &f.it) == 1);
  KT_CHECK(m("TAG:VERB", &f.it) == 1);
  KT_CHECK(m("tag:noun", &f.it) == 0);
  KT_CHECK(m("tag:jlpt", &f.it) == 1); /* a parent tag */
  KT_CHECK(m("tag:jlpt::n5", &f.it) == 1);
  KT_CHECK(m("tag:jlpt::n4", &f.it) == 0);
  KT_CHECK(m("tag:jl*", &f.it) == 1);
  KT_CHECK(m("tag:n5", &f.it) == 0); /* a child alone is not the tag */
  KT_CHECK(m("tag:*n5", &f.it) == 1);
  KT_CHECK(m("deck:japanese-basics", &f.it) == 1);
  KT_CHECK(m("deck:japanese", &f.it) == 0);
  KT_CHECK(m("deck:japanese*", &f.it) == 1);
  KT_CHECK(m("deck:\"JAPANESE-BASICS\"", &f.it) == 1);
  KT_CHECK(m("type:basic", &f.it) == 1);
  KT_CHECK(m("type:cloze", &f.it) == 0);
  KT_CHECK(m("12:30", &f.it) == 0); /* not a key: text */
  kk_free(f.folded);
}

static void test_states(void) {
  Fixture f;
  fx_init(&f, "d", "x", NULL, 0);
  kk_SearchItem *it = &f.it;
  /* new: no state */
  KT_CHECK(m("is:new", it) == 1);
  KT_CHECK(m("is:due", it) == 0);
  KT_CHECK(m("is:review", it) == 0);
  KT_CHECK(m("prop:lapses=0", it) == 0); /* new items have no properties */
  /* a review item due two days ago, 3 lapses, interval 10 */
  it->has_state = 1;
  it->state.phase = KK_PHASE_REVIEW;
  it->state.due_ms = NOW - 2 * DAY;
  it->state.last_review_ms = NOW - 12 * DAY;
  it->state.interval_days = 10;
  it->state.stability = 10;
  it->state.difficulty = 6;
  it->state.lapses = 3;
  it->state.reps = 9;
  KT_CHECK(m("is:new", it) == 0);
  KT_CHECK(m("is:due", it) == 1);
  KT_CHECK(m("is:review", it) == 1);
  KT_CHECK(m("is:learning", it) == 0);
  KT_CHECK(m("is:suspended", it) == 0);
  KT_CHECK(m("prop:lapses>3", it) == 0);
  KT_CHECK(m("prop:lapses>=3", it) == 1);
  KT_CHECK(m("prop:lapses=3 prop:reps!=8", it) == 1);
  KT_CHECK(m("prop:ivl>=10", it) == 1);
  KT_CHECK(m("prop:ivl<10", it) == 0);
  KT_CHECK(m("prop:due<0", it) == 1);
  KT_CHECK(m("prop:due=-2", it) == 1);
  KT_CHECK(m("prop:s>9.5 prop:d<=6", it) == 1);
  KT_CHECK(m("prop:r<0.9", it) == 1); /* 12 days on a 10-day stability */
  KT_CHECK(m("prop:r>0.5", it) == 1);
  /* due tomorrow: not due, prop:due=1 */
  it->state.due_ms = NOW + DAY;
  KT_CHECK(m("is:due", it) == 0);
  KT_CHECK(m("prop:due=1", it) == 1);
  /* suspended, buried, leech */
  it->state.suspended = 1;
  it->state.leech = 1;
  it->state.buried_until_ms = NOW + 3600000;
  KT_CHECK(m("is:suspended is:leech is:buried", it) == 1);
  KT_CHECK(m("-is:suspended", it) == 0);
  it->state.buried_until_ms = NOW - 1;
  KT_CHECK(m("is:buried", it) == 0);
  /* relearning: both learning and review, due when due_ms has passed */
  it->state.phase = KK_PHASE_RELEARNING;
  it->state.due_ms = NOW + 60000;
  KT_CHECK(m("is:learning is:review", it) == 1);
  KT_CHECK(m("is:due", it) == 0);
  it->state.due_ms = NOW;
  KT_CHECK(m("is:due", it) == 1);
  kk_free(f.folded);
}

/* Parses q, expecting failure code with the error at column col. */
static void bad(const char *q, kk_Status code, int col, const char *frag) {
  kk_Search *s = NULL;
  kk_Err e = {0};
  kk_Status st = kk_search_parse(q, strlen(q), &e, &s);
  KT_CHECK(st == code);
  KT_CHECK(s == NULL);
  KT_CHECK(e.col == col);
  KT_CHECK(strstr(e.msg, frag) != NULL);
  if (st != code || e.col != col || !strstr(e.msg, frag))
    fprintf(stderr, "  query \"%s\": status %d col %d: %s\n", q, (int)st, e.col, e.msg);
  kk_search_free(s);
}

static void test_errors(void) {
  bad("\"to eat", KK_ERR_PARSE, 1, "unclosed quote");
  bad("東京 \"to eat", KK_ERR_PARSE, 4, "unclosed quote"); /* columns count code points */
  bad("(a or b", KK_ERR_PARSE, 1, "unclosed parenthesis");
  bad("a)", KK_ERR_PARSE, 2, "unexpected ')'");
  bad("is:sleeping", KK_ERR_PARSE, 1, "sleeping");
  bad("x prop:foo>1", KK_ERR_PARSE, 3, "unknown property");
  bad("prop:lapses~3", KK_ERR_PARSE, 1, "expected one of");
  bad("prop:lapses>three", KK_ERR_PARSE, 1, "expected a number");
  bad("prop:lapses>", KK_ERR_PARSE, 1, "expected a number");
  bad("tag:", KK_ERR_PARSE, 1, "missing after 'tag:'");
  bad("type:essay", KK_ERR_PARSE, 1, "unknown card type");
  bad("a or", KK_ERR_PARSE, 5, "missing");
  char deep[200] = "";
  for (int i = 0; i < 40; i++) strcat(deep, "(");
  strcat(deep, "x");
  bad(deep, KK_ERR_LIMIT, 34, "nested");
  char *big = kk_malloc(KK_SEARCH_MAX_BYTES + 2);
  memset(big, 'a', KK_SEARCH_MAX_BYTES + 1);
  big[KK_SEARCH_MAX_BYTES + 1] = '\0';
  bad(big, KK_ERR_LIMIT, 1, "longer");
  kk_free(big);
  Fixture f;
  fx_init(&f, "d", "a - b", NULL, 0);
  KT_CHECK(m("a - b", &f.it) == 1); /* a lone minus between spaces is text */
  KT_CHECK(m("-", &f.it) == 1);
  kk_free(f.folded);
}

/* Every out-of-memory point of a parse fails cleanly. */
static void test_oom(void) {
  const char *q = "tag:verb (たべる or \"to eat\") -is:suspended prop:lapses>3 deck:x*";
  int ok = 0;
  for (int n = 0; n < 200 && !ok; n++) {
    kk_alloc_fail_after(n);
    kk_Search *s = NULL;
    kk_Err e = {0};
    kk_Status st = kk_search_parse(q, strlen(q), &e, &s);
    kk_alloc_fail_after(-1);
    if (st == KK_OK)
      ok = 1;
    else
      KT_CHECK(st == KK_ERR_NOMEM && s == NULL);
    kk_search_free(s);
  }
  KT_CHECK(ok);
}

static void test_card_text(void) {
  kk_Option opts[2] = {{"ねこ", NULL, 1, 0}, {"イヌ", NULL, 0, 0}};
  kk_Card c;
  memset(&c, 0, sizeof c);
  c.front = "Which is the \"cat\"?";
  c.options = opts;
  c.noptions = 2;
  c.explanation = "Ｎｅｋｏ";
  char *t = NULL;
  KT_REQUIRE(kk_search_card_text(&c, &t) == KK_OK);
  KT_CHECK_STR(t, "which is the \"cat\"?\nねこ\nいぬ\nneko");
  kk_free(t);
  KT_REQUIRE(kk_search_question(&c, &t) == KK_OK);
  KT_CHECK_STR(t, "Which is the \"cat\"?");
  kk_free(t);
  c.type = KK_CARD_CLOZE;
  c.front = "  {{c1::東京::首都}}は\n日本の{{c2::首都}}。{{c3::broken ";
  KT_REQUIRE(kk_search_question(&c, &t) == KK_OK);
  KT_CHECK_STR(t, "東京は 日本の首都。{{c3::broken");
  kk_free(t);
}

int main(void) {
  KT_RUN(test_text);
  KT_RUN(test_keys);
  KT_RUN(test_states);
  KT_RUN(test_errors);
  KT_RUN(test_oom);
  KT_RUN(test_card_text);
  return kt_done();
}
