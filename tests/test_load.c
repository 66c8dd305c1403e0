/*
** test_load.c -- the YAML deck loader.
** Data-driven: every tests/decks/bad/NAME.yaml is loaded and its
** diagnostics must equal NAME.expect exactly (KK_UPDATE_EXPECT=1 rewrites
** the .expect files; review the diff before committing).  Plus round trips
** of every card type, hostile inputs, and every out-of-memory path.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/deck/cloze.h"
#include "core/deck/load.h"
#include "kt.h"
#include "kt_fixture.h"

static char *diags_text(const kk_Diags *d) {
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  kk_diags_print(d, f);
  fclose(f);
  return out;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_bad_cases(void) {
  const char *dir = "tests/decks/bad";
  DIR *d = opendir(dir);
  KT_CHECK(d != NULL);
  if (!d) return;
  char *names[512];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 512) {
    size_t l = strlen(e->d_name);
    if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0) names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_names);
  KT_CHECK(n >= 30);
  int update = getenv("KK_UPDATE_EXPECT") != NULL;
  for (size_t i = 0; i < n; i++) {
    char path[600], expect_path[600];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    snprintf(expect_path, sizeof expect_path, "%.*s.expect", (int)(strlen(path) - 5), path);
    kk_Diags diags;
    kk_diags_init(&diags, 0);
    kk_Deck *deck = NULL;
    kk_Status st = kk_deck_load_file(path, &diags, &deck);
    kk_diags_sort(&diags);
    char *got = diags_text(&diags);
    /* a bad case must fail to load, or at least warn */
    if (!(st != KK_OK || diags.nwarnings > 0)) {
      fprintf(stderr, "%s: loaded without any diagnostic\n", path);
      KT_CHECK(0);
    }
    if (update) {
      FILE *f = fopen(expect_path, "w");
      if (f) fputs(got, f), fclose(f);
    } else {
      char *want = kt_read_file(expect_path, NULL);
      if (!want || strcmp(got, want) != 0) {
        fprintf(stderr, "%s: diagnostics differ\n--- got\n%s--- want\n%s", path, got,
                want ? want : "(missing .expect)\n");
        KT_CHECK(0);
      } else {
        KT_CHECK(1);
      }
      free(want);
    }
    free(got);
    kk_deck_free(deck);
    kk_diags_free(&diags);
    free(names[i]);
  }
}

static void test_all_types(void) {
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  kk_Deck *d = NULL;
  kk_Status st = kk_deck_load_file("tests/decks/good/all-types.yaml", &diags, &d);
  if (st != KK_OK) kk_diags_print(&diags, stderr);
  KT_CHECK(st == KK_OK && diags.nerrors == 0 && diags.nwarnings == 0);
  if (!d) return;
  KT_CHECK_STR(kk_deck_id(d), "sample");
  KT_CHECK_STR(kk_deck_title(d), "見本デッキ");
  KT_CHECK(kk_deck_tag_count(d) == 2);
  KT_CHECK_STR(kk_deck_source(d, 0), "000_58e3e53a805f13db.txt");
  const kk_DeckSettings *s = kk_deck_settings(d);
  KT_CHECK(s->new_per_day == 10 && s->reviews_per_day == -1);
  KT_CHECK_NEAR(s->retention, 0.9, 1e-12);
  KT_CHECK_STR(s->exam_date, "2027-01-29");
  KT_CHECK(kk_deck_card_count(d) == 10);

  const kk_Card *c = kk_deck_find(d, "s-basic");
  KT_CHECK(c && c->type == KK_CARD_BASIC);
  KT_CHECK_STR(c->front, "NATOの集団防衛を定めた条文は?");
  KT_CHECK_STR(c->back, "北大西洋条約 第5条");
  KT_CHECK(c->ntags == 1 && strcmp(c->tags[0], "article5") == 0);
  KT_CHECK_STR(c->source.section, "北大西洋条約 第5条(原文)");
  KT_CHECK(c->source.line == 120);
  KT_CHECK_STR(c->origin, "hand");
  KT_CHECK(c->line == 11 && c->col == 5);

  c = kk_deck_find(d, "s-rev");
  KT_CHECK(c && c->type == KK_CARD_REVERSED && kk_card_item_count(c) == 2);
  char key[200];
  KT_CHECK(kk_card_item_key(c, 1, key, sizeof key) > 0);
  KT_CHECK_STR(key, "s-rev#rev");
  KT_CHECK(kk_card_item_reversed(c, 1) && !kk_card_item_reversed(c, 0));

  c = kk_deck_find(d, "s-cloze");
  KT_CHECK(c && c->type == KK_CARD_CLOZE && c->ncloze == 2);
  KT_CHECK(kk_card_item_count(c) == 2);
  kk_card_item_key(c, 1, key, sizeof key);
  KT_CHECK_STR(key, "s-cloze#c2");
  KT_CHECK(kk_item_key_card_len(key) == 7);
  KT_CHECK(kk_item_key_cloze(key) == 2);
  KT_CHECK_STR(c->back, "Article 5");
  /* the one writer and its reader: what one writes the other reads */
  KT_CHECK(kk_item_key_write("a", 99, 0, key, sizeof key) == 5 && !strcmp(key, "a#c99"));
  KT_CHECK(kk_item_key_cloze(key) == 99);
  KT_CHECK(kk_item_key_write("a", 0, 1, key, sizeof key) == 5 && !strcmp(key, "a#rev"));
  KT_CHECK(kk_item_key_cloze(key) == -1 && kk_item_key_cloze("a") == 0);
  KT_CHECK(kk_item_key_write("abc", 0, 0, key, 4) == 3 &&
           kk_item_key_write("abcd", 0, 0, key, 4) < 0);
  static const char *const not_cloze[] = {"a#c0", "a#c100", "a#c05", "a#c+5",         "a#c 5",
                                          "a#c",  "a#c5x",  "a#x5",  "a#c99999999999"};
  for (size_t i = 0; i < sizeof not_cloze / sizeof *not_cloze; i++)
    KT_CHECK(kk_item_key_cloze(not_cloze[i]) == -1);

  c = kk_deck_find(d, "s-choice");
  KT_CHECK(c && c->noptions == 3 && c->ncorrect == 1 && c->options[1].correct);
  KT_CHECK_STR(c->options[1].feedback, "2035年までに達成する目標。");
  KT_CHECK(c->options[0].feedback == NULL);
  c = kk_deck_find(d, "s-multi");
  KT_CHECK(c && c->ncorrect == 2 && c->options[0].correct && c->options[1].correct &&
           !c->options[2].correct);

  c = kk_deck_find(d, "s-typed");
  KT_CHECK(c && c->nanswers == 2);
  KT_CHECK_STR(c->answers[0], "5%");
  KT_CHECK_STR(c->answers[1], "5パーセント");

  c = kk_deck_find(d, "s-num");
  KT_CHECK(c && c->value == 1750 && c->tolerance == 0);
  KT_CHECK_STR(c->unit, "億ドル");

  c = kk_deck_find(d, "s-tf");
  KT_CHECK(c && c->truth == 0);
  c = kk_deck_find(d, "s-order");
  KT_CHECK(c && c->nitems == 3);
  KT_CHECK_STR(c->items[2], "トランプ2.0と同盟の条件化");
  c = kk_deck_find(d, "s-block");
  KT_CHECK_STR(c->front, "複数行の\nブロック\n");
  KT_CHECK_STR(c->back, "折り畳み テキスト\n");
  KT_CHECK(kk_deck_find(d, "nope") == NULL);
  kk_deck_free(d);
  kk_diags_free(&diags);
}

static void test_cloze(void) {
  kk_ClozeResult r;
  const char *t = "an {{c1::armed attack}} in {{c2::Europe::where}} and {{c1::more}}";
  KT_CHECK(kk_cloze_parse(t, strlen(t), &r) == KK_CLOZE_OK);
  KT_CHECK(r.n == 3 && r.max_ord == 2);
  char *q = kk_cloze_render(t, &r, 2, 0, "[", "]");
  KT_CHECK_STR(q, "an armed attack in [where] and more");
  char *a = kk_cloze_render(t, &r, 1, 0, "[", "]");
  KT_CHECK_STR(a, "an [...] in Europe and [...]");
  char *ans = kk_cloze_answer(t, &r, 1);
  KT_CHECK_STR(ans, "armed attack / more");
  kk_free(q), kk_free(a), kk_free(ans);
  const char *bad[] = {"{{c1::x", "x}} y",       "{{x::y}}",   "{{c1::}}", "{{c1::a {{c2::b}} }}",
                       "none",    "{{c2::gap}}", "{{c100::x}}"};
  kk_ClozeProblem want[] = {KK_CLOZE_UNCLOSED, KK_CLOZE_STRAY_CLOSE, KK_CLOZE_BAD_HEAD,
                            KK_CLOZE_EMPTY,    KK_CLOZE_NESTED,      KK_CLOZE_NONE,
                            KK_CLOZE_GAP,      KK_CLOZE_BAD_HEAD};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    KT_CHECK(kk_cloze_parse(bad[i], strlen(bad[i]), &r) == want[i]);
  /* gaps renumbered in order (Anki's c2 deleted), hints and case kept */
  const char *g = "x {{c7::a}} {{C3::b::hint}} {{c007::c}} {{c99::d}} y";
  KT_REQUIRE(kk_cloze_parse(g, strlen(g), &r) == KK_CLOZE_GAP);
  unsigned char map[KK_CLOZE_MAX_ORD + 1];
  char *fixed = kk_cloze_renumber(g, &r, map);
  KT_CHECK_STR(fixed, "x {{c2::a}} {{C1::b::hint}} {{c2::c}} {{c3::d}} y");
  KT_CHECK(map[3] == 1 && map[7] == 2 && map[99] == 3 && map[1] == 0 && map[2] == 0);
  KT_CHECK(fixed && kk_cloze_parse(fixed, strlen(fixed), &r) == KK_CLOZE_OK && r.max_ord == 3);
  kk_free(fixed);
}

/* Hostile inputs: each must fail with an error, in bounded time. */
static void test_hostile(void) {
  kk_Diags d;
  kk_Deck *deck;
  /* alias bomb: each level doubles */
  char bomb[4096];
  size_t o = (size_t)sprintf(bomb, "a0: &a0 [x, x]\n");
  for (int i = 1; i < 40; i++)
    o += (size_t)sprintf(bomb + o, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d]\n", i, i, i - 1, i - 1,
                         i - 1, i - 1);
  o += (size_t)sprintf(bomb + o, "deck: {id: b, title: B}\ncards: *a39\n");
  kk_diags_init(&d, 0);
  KT_CHECK(kk_deck_load_mem(bomb, o, "bomb.yaml", &d, &deck) != KK_OK && deck == NULL);
  KT_CHECK(d.nerrors > 0);
  kk_diags_free(&d);

  /* deep nesting */
  size_t depth = 100000;
  char *deep = malloc(depth * 2 + 64);
  size_t k = (size_t)sprintf(deep, "cards: ");
  for (size_t i = 0; i < depth; i++) deep[k++] = '[';
  for (size_t i = 0; i < depth; i++) deep[k++] = ']';
  kk_diags_init(&d, 0);
  KT_CHECK(kk_deck_load_mem(deep, k, "deep.yaml", &d, &deck) == KK_ERR_LIMIT);
  KT_CHECK(d.n > 0 && strstr(d.items[0].msg, "nesting deeper than 64") != NULL);
  kk_diags_free(&d);
  free(deep);

  /* binary garbage, NUL, empty, bare scalar */
  const struct {
    const char *buf;
    size_t len;
    const char *msg;
  } cases[] = {
      {"\x89PNG\r\n\x1a\n\0\0\0", 11, "invalid UTF-8"},
      {"deck: {id: a}\0cards: []", 23, "NUL byte"},
      {"", 0, "file is empty"},
      {"just a line of text", 19, "must be a mapping"},
      {"- a\n- b\n", 8, "must be a mapping"},
      {"deck: {id: a, title: b}\ncards: [{id: x, type: basic, front: 'unterminated}]", 74,
       "YAML syntax"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    kk_diags_init(&d, 0);
    KT_CHECK(kk_deck_load_mem(cases[i].buf, cases[i].len, "h.yaml", &d, &deck) != KK_OK);
    KT_CHECK(d.n > 0 && strstr(d.items[0].msg, cases[i].msg) != NULL);
    if (d.n && !strstr(d.items[0].msg, cases[i].msg))
      fprintf(stderr, "case %zu: %s\n", i, d.items[0].msg);
    kk_diags_free(&d);
  }

  /* many problems: the list stops at its cap and says so */
  size_t cap = 200000;
  char *many = malloc(cap);
  k = (size_t)sprintf(many, "deck: {id: m, title: M}\ncards:\n");
  for (int i = 0; i < 3000; i++) k += (size_t)sprintf(many + k, "  - {id: c%d, type: bogus}\n", i);
  kk_diags_init(&d, 100);
  KT_CHECK(kk_deck_load_mem(many, k, "many.yaml", &d, &deck) == KK_ERR_INVALID);
  /* 100 errors kept (the last slot holds the newest), 100 warnings */
  KT_CHECK(d.kept_errors == 100 && d.truncated && d.nerrors == 3000);
  KT_CHECK(d.kept_warnings == 100 && d.n == 200);
  KT_CHECK(d.n && strstr(d.items[d.last_error].msg, "card 'c2999'") != NULL);
  kk_diags_free(&d);
  free(many);
}

/* Columns count code points: an error after Japanese text points at the
** right character. */
static void test_columns(void) {
  const char *y =
      "deck: {id: j, title: 日本語}\ncards:\n"
      "  - {id: x, type: cloze, text: \"集団防衛 {{c1::第5条}} と }} 余り\", source: {doc: d}}\n";
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_Deck *deck;
  KT_CHECK(kk_deck_load_mem(y, strlen(y), "c.yaml", &d, &deck) == KK_ERR_INVALID);
  KT_CHECK(d.n == 1);
  /* The opening quote is at column 32 ("  - {id: x, type: cloze, text: "),
  ** so the value starts at 33; before the stray '}}' stand
  ** "集団防衛 {{c1::第5条}} と " = 4 + 1 + 11 + 1 + 1 + 1 = 19 code points. */
  if (d.n) {
    KT_CHECK(d.items[0].line == 3);
    KT_CHECK(d.items[0].col == 33 + 19);
  }
  kk_diags_free(&d);
}

/* Every allocation of loading a real deck fails in turn: each time a clean
** error, no leak (the sanitizer build checks leaks), no crash. */
static void test_oom_walk(void) {
  size_t len;
  char *buf = kt_read_file("tests/decks/good/all-types.yaml", &len);
  KT_CHECK(buf != NULL);
  if (!buf) return;
  kk_alloc_fail_after(0);
  kk_Deck *deck = NULL;
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_Status st = kk_deck_load_mem(buf, len, "all.yaml", &d, &deck);
  size_t total = kk_alloc_fail_after(0);
  KT_CHECK(st == KK_OK && total > 3);
  kk_deck_free(deck);
  kk_diags_free(&d);
  /* every allocation, arena ones included, is failed in turn: each run
  ** ends in a clean out-of-memory error, or loads (the failure hit only a
  ** diagnostic's text); nothing else, and ASan sees no leak */
  size_t clean = 0, loaded = 0, other = 0;
  for (size_t n = 1; n <= total; n++) {
    kk_diags_init(&d, 0);
    kk_alloc_fail_after(n);
    st = kk_deck_load_mem(buf, len, "all.yaml", &d, &deck);
    kk_alloc_fail_after(0);
    if (st == KK_ERR_NOMEM && deck == NULL)
      clean++;
    else if (st == KK_OK)
      loaded++, kk_deck_free(deck);
    else
      other++;
    kk_diags_free(&d);
  }
  printf("oom walk: %zu allocations, %zu clean out-of-memory errors, %zu loaded\n", total, clean,
         loaded);
  KT_CHECK(other == 0 && clean + loaded == total);
  /* the deck's nodes and strings are hundreds of arena allocations: a walk
  ** that reached only new arena blocks saw 9 (59 with the key index) */
  KT_CHECK(total > 400);
  free(buf);
}

/* Images: found inside the deck's folder, missing, or escaping it through a
** symbolic link (which the path alone cannot show). */
static void test_image_paths(void) {
  char dir[64];
  if (kt_tmpdir(dir, sizeof dir, "img") != 0) return;
  char p[512], deckp[512], outside[512];
  snprintf(p, sizeof p, "%s/decks", dir);
  mkdir(p, 0700);
  snprintf(p, sizeof p, "%s/decks/img", dir);
  mkdir(p, 0700);
  snprintf(p, sizeof p, "%s/decks/img/map.png", dir);
  kt_write_file(p, "\x89PNG fake");
  snprintf(outside, sizeof outside, "%s/secret.png", dir);
  kt_write_file(outside, "secret");
  snprintf(p, sizeof p, "%s/decks/img/link.png", dir);
  KT_CHECK(symlink(outside, p) == 0);
  snprintf(deckp, sizeof deckp, "%s/decks/d.yaml", dir);
  kt_write_file(
      deckp, "deck: {id: im, title: I}\ncards:\n"
             "  - {id: a, type: basic, front: F, back: B, image: img/map.png, source: {doc: d}}\n");
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_Deck *deck = NULL;
  KT_CHECK(kk_deck_load_file(deckp, &d, &deck) == KK_OK);
  if (deck) {
    const kk_Card *c = kk_deck_card(deck, 0);
    KT_CHECK_STR(c->image, "img/map.png");
    KT_CHECK(c->image_path && strstr(c->image_path, "/decks/img/map.png") != NULL);
    KT_CHECK(c->image_path && c->image_path[0] == '/');
  }
  kk_deck_free(deck);
  kk_diags_free(&d);

  kt_write_file(
      deckp,
      "deck: {id: im, title: I}\ncards:\n"
      "  - {id: a, type: basic, front: F, back: B, image: img/link.png, source: {doc: d}}\n"
      "  - {id: b, type: basic, front: F, back: B, image: img/none.png, source: {doc: d}}\n");
  kk_diags_init(&d, 0);
  KT_CHECK(kk_deck_load_file(deckp, &d, &deck) == KK_ERR_INVALID && deck == NULL);
  KT_CHECK(d.nerrors == 2);
  if (d.n == 2) {
    KT_CHECK(strstr(d.items[0].msg, "leads outside the deck's folder") != NULL);
    KT_CHECK(d.items[0].line == 3);
    KT_CHECK(strstr(d.items[1].msg, "not found") != NULL);
  }
  kk_diags_free(&d);
  unlink(p);
  unlink(outside);
  snprintf(p, sizeof p, "%s/decks/img/map.png", dir);
  unlink(p);
  unlink(deckp);
  snprintf(p, sizeof p, "%s/decks/img", dir);
  rmdir(p);
  snprintf(p, sizeof p, "%s/decks", dir);
  rmdir(p);
  rmdir(dir);
}

/* Alias amplification: one 1 MiB text (four items of 256 KiB) repeated
** through 200 aliases used to load as 200 MiB of copies (25 s and 10 GB at
** 10000 aliases).  The expansion is budgeted: the load fails at the alias
** that passes 64 MiB, with its position, before more copies are made. */
static void test_alias_amplification(void) {
  size_t part = KK_DECK_MAX_TEXT, cap = 4 * part + 30000, k;
  char *buf = malloc(cap);
  KT_CHECK(buf != NULL);
  if (!buf) return;
  k = (size_t)sprintf(buf, "deck: {id: amp, title: A}\ncards:\n"
                           "  - {id: c0, type: order, source: {doc: d}, question: q, items: &t [");
  for (int i = 0; i < 4; i++) {
    memset(buf + k, 'a' + i, part);
    k += part;
    buf[k++] = i < 3 ? ',' : ']';
  }
  k += (size_t)sprintf(buf + k, "}\n");
  for (int i = 1; i <= 200; i++)
    k += (size_t)sprintf(
        buf + k, "  - {id: c%d, type: order, source: {doc: d}, question: q, items: *t}\n", i);
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_Deck *deck = NULL;
  kk_Status st = kk_deck_load_mem(buf, k, "amp.yaml", &d, &deck);
  KT_CHECK(st == KK_ERR_LIMIT && deck == NULL);
  KT_CHECK(d.nerrors == 1 && d.n >= 1);
  if (d.n) {
    /* the anchor and 63 aliases hold 64 MiB; with the other texts the
    ** 63rd alias (card 64, line 66; its '*' at column 66) passes the budget */
    KT_CHECK(d.items[0].line == 66 && d.items[0].col == 66);
    KT_CHECK(strstr(d.items[0].msg, "alias '*t' repeats too much") != NULL);
    fprintf(stderr, "  %d:%d: %s\n", d.items[0].line, d.items[0].col, d.items[0].msg);
  }
  kk_deck_free(deck);
  kk_diags_free(&d);
  free(buf);
}

/* Texts a card cannot draw (over KK_DECK_MAX_TEXT) used to pass lint and
** show as a blank card: now an error at the text; the limit itself loads. */
static void test_text_limit(void) {
  for (int over = 0; over <= 1; over++) {
    size_t n = KK_DECK_MAX_TEXT + (size_t)over, k;
    char *buf = malloc(n + 200);
    KT_CHECK(buf != NULL);
    if (!buf) return;
    k = (size_t)sprintf(buf, "deck: {id: t, title: T}\ncards:\n"
                             "  - {id: c1, type: basic, source: {doc: d}, back: b, front: ");
    memset(buf + k, 'x', n);
    k += n;
    k += (size_t)sprintf(buf + k, "}\n");
    kk_Diags d;
    kk_diags_init(&d, 0);
    kk_Deck *deck = NULL;
    kk_Status st = kk_deck_load_mem(buf, k, "long.yaml", &d, &deck);
    if (!over) {
      KT_CHECK(st == KK_OK && deck && strlen(kk_deck_card(deck, 0)->front) == n);
    } else {
      KT_CHECK(st == KK_ERR_INVALID && d.nerrors == 1);
      KT_CHECK(d.n == 1 && d.items[0].line == 3 && d.items[0].col == 61);
      KT_CHECK(d.n == 1 && strstr(d.items[0].msg, "card 'c1': a text of 262145 bytes is "
                                                  "longer than a card can show (256 KiB)"));
    }
    kk_deck_free(deck);
    kk_diags_free(&d);
    free(buf);
  }
}

/* The settings this round added: exam_retention, leech_action, fold_kana. */
static void test_new_settings(void) {
  static const char y[] =
      "deck:\n  id: s\n  title: S\n  settings:\n    exam_retention: 0.97\n"
      "    leech_action: tag\n    fold_kana: false\n"
      "cards:\n  - id: a\n    type: typed\n    question: q\n    answer: ゼロトラスト\n";
  kk_Diags d;
  kk_diags_init(&d, 0);
  kk_Deck *deck = NULL;
  KT_CHECK(kk_deck_load_mem(y, sizeof y - 1, "s.yaml", &d, &deck) == KK_OK);
  if (deck) {
    const kk_DeckSettings *s = kk_deck_settings(deck);
    KT_CHECK_NEAR(s->exam_retention, 0.97, 1e-12);
    KT_CHECK_STR(s->leech_action, "tag");
    KT_CHECK(s->fold_kana == 0 && kk_deck_card(deck, 0)->kana_exact == 1);
  }
  kk_deck_free(deck);
  kk_diags_free(&d);
  /* the defaults */
  static const char y2[] = "deck:\n  id: s\n  title: S\n"
                           "cards:\n  - id: a\n    type: typed\n    question: q\n    answer: x\n";
  kk_diags_init(&d, 0);
  deck = NULL;
  KT_CHECK(kk_deck_load_mem(y2, sizeof y2 - 1, "s.yaml", &d, &deck) == KK_OK);
  if (deck) {
    const kk_DeckSettings *s = kk_deck_settings(deck);
    KT_CHECK(s->exam_retention == 0 && strcmp(s->leech_action, "suspend") == 0);
    KT_CHECK(s->fold_kana == 1 && kk_deck_card(deck, 0)->kana_exact == 0);
  }
  kk_deck_free(deck);
  kk_diags_free(&d);
  /* bad values: errors that name the key */
  static const char *const bad[] = {"exam_retention: 1.5", "leech_action: delete",
                                    "fold_kana: maybe"};
  for (size_t i = 0; i < 3; i++) {
    char buf[256];
    int n = snprintf(buf, sizeof buf,
                     "deck:\n  id: s\n  title: S\n  settings:\n    %s\n"
                     "cards:\n  - id: a\n    type: basic\n    front: q\n    back: a\n",
                     bad[i]);
    kk_diags_init(&d, 0);
    deck = NULL;
    KT_CHECK(kk_deck_load_mem(buf, (size_t)n, "s.yaml", &d, &deck) != KK_OK);
    char key[32];
    snprintf(key, sizeof key, "'%.*s'", (int)(strchr(bad[i], ':') - bad[i]), bad[i]);
    int named = 0;
    for (size_t k = 0; k < d.n; k++)
      named |= d.items[k].sev == KK_SEV_ERROR && strstr(d.items[k].msg, key);
    KT_CHECK(named);
    kk_deck_free(deck);
    kk_diags_free(&d);
  }
}

/* Ids repeated across decks: each repeat is reported once, against the
** first deck that has the id (its file, line and column in the note);
** repeats inside one deck are the loader's, not reported again. */
static void test_cross_deck_ids(void) {
  kk_Deck *a = kt_deck("deck: {id: a, title: A}\n"
                       "cards:\n"
                       "  - {id: x, type: basic, front: q, back: r}\n"
                       "  - {id: y, type: basic, front: q, back: r}\n",
                       "a.yaml");
  kk_Deck *b = kt_deck("deck: {id: b, title: B}\n"
                       "cards:\n"
                       "  - {id: z, type: basic, front: q, back: r}\n"
                       "  - {id: x, type: basic, front: q, back: r}\n",
                       "b.yaml");
  kk_Deck *c = kt_deck("deck: {id: c, title: C}\n"
                       "cards:\n"
                       "  - {id: x, type: basic, front: q, back: r}\n"
                       "  - {id: z, type: basic, front: q, back: r}\n",
                       "c.yaml");
  if (a && b && c) {
    kk_Deck *decks[] = {a, b, c};
    kk_Diags d;
    kk_diags_init(&d, 0);
    KT_CHECK(kk_decks_check_duplicates(decks, 3, &d) == 3);
    KT_CHECK(d.nerrors == 3);
    int bx = 0, cx = 0, cz = 0;
    for (size_t i = 0; i < d.n; i++) {
      const kk_Diag *g = &d.items[i];
      const char *n = g->notes ? g->notes : "";
      if (!strcmp(g->path, "b.yaml") && g->line == 4 && strstr(g->msg, "'x'") &&
          strstr(g->msg, "deck 'a'") && strstr(n, "a.yaml:3:"))
        bx++;
      if (!strcmp(g->path, "c.yaml") && g->line == 3 && strstr(g->msg, "'x'") &&
          strstr(g->msg, "deck 'a'") && strstr(n, "a.yaml:3:"))
        cx++;
      if (!strcmp(g->path, "c.yaml") && g->line == 4 && strstr(g->msg, "'z'") &&
          strstr(g->msg, "deck 'b'") && strstr(n, "b.yaml:3:"))
        cz++;
    }
    KT_CHECK(bx == 1 && cx == 1 && cz == 1);
    /* one deck twice is not a clash with itself */
    kk_Diags e;
    kk_diags_init(&e, 0);
    kk_Deck *same[] = {a, a};
    KT_CHECK(kk_decks_check_duplicates(same, 2, &e) == 0);
    kk_diags_free(&e);
    kk_diags_free(&d);
  }
  kk_deck_free(a);
  kk_deck_free(b);
  kk_deck_free(c);
}

int main(void) {
  KT_RUN(test_new_settings);
  KT_RUN(test_image_paths);
  KT_RUN(test_bad_cases);
  KT_RUN(test_all_types);
  KT_RUN(test_cloze);
  KT_RUN(test_hostile);
  KT_RUN(test_alias_amplification);
  KT_RUN(test_text_limit);
  KT_RUN(test_columns);
  KT_RUN(test_oom_walk);
  KT_RUN(test_cross_deck_ids);
  return kt_done();
}
