/*
** test_schema.c -- the format tables (core/deck/schema.h,
** core/exam/examschema.h) are what the loaders accept, and the JSON Schema
** written from them says the same: every key a card type's table names
** loads on that type and no other key does; the written schema is JSON
** whose per-type branches list exactly the table's keys; words and
** ranges the loaders check come from the tables.
*/
#define _POSIX_C_SOURCE 200809L
#include "kt.h"

#include "core/base/diag.h"
#include "core/base/json.h"
#include "core/deck/load.h"
#include "core/deck/schema.h"
#include "core/exam/exam.h"
#include "core/exam/examschema.h"

/* Loads one card of type t with extra key `key: x`; returns 1 if the
** loader called that key unknown. */
static int unknown_on(kk_CardType t, const char *key) {
  char buf[512];
  snprintf(buf, sizeof buf, "deck: {id: d, title: T}\ncards:\n  - id: c\n    type: %s\n    %s: x\n",
           kk_card_type_name(t), key);
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_Deck *d = NULL;
  kk_deck_load_mem(buf, strlen(buf), "t.yaml", &dg, &d);
  char want[80];
  snprintf(want, sizeof want, "unknown key '%s'", key);
  int unknown = 0;
  for (size_t i = 0; i < dg.n; i++) unknown |= strstr(dg.items[i].msg, want) != NULL;
  kk_deck_free(d);
  kk_diags_free(&dg);
  return unknown;
}

static int in_table(const kk_SchemaKey *tab, const char *key) {
  return kk_schema_find(tab, key) != NULL;
}

static void test_card_keys_are_the_tables(void) {
  for (int t = 0; t < KK_CARD_TYPE_COUNT; t++) {
    const kk_SchemaKey *own = kk_schema_type_keys((kk_CardType)t);
    KT_REQUIRE(own != NULL);
    for (const kk_SchemaKey *k = own; k->name; k++) KT_CHECK(!unknown_on((kk_CardType)t, k->name));
    for (const kk_SchemaKey *k = kk_schema_card; k->name; k++)
      if (strcmp(k->name, "type") != 0 && strcmp(k->name, "id") != 0)
        KT_CHECK(!unknown_on((kk_CardType)t, k->name));
    /* every other type's key is refused here */
    for (int u = 0; u < KK_CARD_TYPE_COUNT; u++)
      for (const kk_SchemaKey *k = kk_schema_type_keys((kk_CardType)u); k->name; k++)
        if (!in_table(own, k->name) && !in_table(kk_schema_card, k->name))
          KT_CHECK(unknown_on((kk_CardType)t, k->name));
    KT_CHECK(unknown_on((kk_CardType)t, "colour"));
  }
}

static void test_words_and_ranges_come_from_tables(void) {
  const kk_SchemaKey *r = kk_schema_find(kk_schema_settings, "retention");
  KT_REQUIRE(r && r->has_range);
  KT_CHECK_NEAR(r->lo, 0.7, 1e-12);
  const kk_SchemaKey *o = kk_schema_find(kk_schema_type_keys(KK_CARD_CHOICE), "options");
  KT_REQUIRE(o != NULL);
  KT_CHECK(o->min_items == 2 && o->max_items == 26);
  const kk_SchemaKey *ty = kk_schema_find(kk_schema_card, "type");
  KT_REQUIRE(ty && ty->words);
  size_t n = 0;
  while (ty->words[n]) n++;
  KT_CHECK(n == KK_CARD_TYPE_COUNT);
  /* a spec word the table lists loads; one it lacks does not */
  const char *good = "exam: e\ntitle: T\ndecks: [d.yaml]\ntime_limit: none\n"
                     "feedback: after_each\npools: [{count: 1}]\n";
  const char *bad = "exam: e\ntitle: T\ndecks: [d.yaml]\ntime_limit: none\n"
                    "feedback: sometimes\npools: [{count: 1}]\n";
  KT_CHECK_STR(kk_examschema_feedback_words[2], "after_each");
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_ExamSpec *s = NULL;
  KT_CHECK(kk_exam_spec_load_mem(good, strlen(good), "s.yaml", &dg, &s) == KK_OK);
  KT_CHECK(s && s->feedback == KK_FEEDBACK_AFTER_EACH);
  kk_exam_spec_free(s);
  KT_CHECK(kk_exam_spec_load_mem(bad, strlen(bad), "s.yaml", &dg, &s) != KK_OK);
  kk_diags_free(&dg);
  /* every top-level spec key of the table is known to the spec loader */
  for (const kk_SchemaKey *k = kk_examschema_spec; k->name; k++) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s: ~\n", k->name);
    kk_diags_init(&dg, 0);
    s = NULL;
    kk_exam_spec_load_mem(buf, strlen(buf), "s.yaml", &dg, &s);
    int unknown = 0;
    for (size_t i = 0; i < dg.n; i++) unknown |= strstr(dg.items[i].msg, "unknown key") != NULL;
    KT_CHECK(!unknown);
    kk_exam_spec_free(s);
    kk_diags_free(&dg);
  }
}

/* The written deck schema: JSON, with one if/then branch per card type
** whose properties are the common keys and exactly that type's keys. */
static void test_written_schema(void) {
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  KT_REQUIRE(f != NULL);
  KT_CHECK(kk_schema_write_deck(f));
  fclose(f);
  kk_Arena a = {0};
  kk_Json *j = NULL;
  kk_Err e;
  KT_REQUIRE(kk_json_parse(out, len, "deck.schema.json", &a, &j, &e) == KK_OK);
  KT_CHECK_STR(kk_json_str(j, "$schema", ""), "https://json-schema.org/draft/2020-12/schema");
  const kk_Json *cards = kk_json_get(kk_json_get(j, "properties"), "cards");
  const kk_Json *all = kk_json_get(kk_json_get(cards, "items"), "allOf");
  KT_REQUIRE(all && all->type == KK_JSON_ARRAY && all->n == KK_CARD_TYPE_COUNT);
  size_t ncommon = 0;
  while (kk_schema_card[ncommon].name) ncommon++;
  for (size_t t = 0; t < all->n; t++) {
    const kk_Json *br = &all->items[t];
    const kk_Json *c = kk_json_get(kk_json_get(kk_json_get(br, "if"), "properties"), "type");
    KT_CHECK_STR(kk_json_str(c, "const", ""), kk_card_type_name((kk_CardType)t));
    const kk_Json *then = kk_json_get(br, "then");
    const kk_Json *props = kk_json_get(then, "properties");
    const kk_Json *ap = kk_json_get(then, "additionalProperties");
    KT_CHECK(ap && ap->type == KK_JSON_BOOL && !ap->boolean);
    const kk_SchemaKey *own = kk_schema_type_keys((kk_CardType)t);
    size_t nown = 0;
    while (own[nown].name) nown++;
    KT_REQUIRE(props && props->type == KK_JSON_OBJECT);
    KT_CHECK(props->n == ncommon + nown);
    for (size_t i = 0; i < nown; i++) {
      const kk_Json *p = kk_json_get(props, own[i].name);
      KT_CHECK(p && p->type == KK_JSON_OBJECT && kk_json_str(p, "description", NULL));
    }
  }
  kk_arena_free(&a);
  free(out);
  /* and the spec schema is JSON too */
  f = open_memstream(&out, &len);
  KT_REQUIRE(f != NULL);
  KT_CHECK(kk_examschema_write(f));
  fclose(f);
  KT_CHECK(kk_json_parse(out, len, "exam.schema.json", &a, &j, &e) == KK_OK);
  kk_arena_free(&a);
  free(out);
}

int main(void) {
  KT_RUN(test_card_keys_are_the_tables);
  KT_RUN(test_words_and_ranges_come_from_tables);
  KT_RUN(test_written_schema);
  return kt_done();
}
