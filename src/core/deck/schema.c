/*
** schema.c -- the deck format's tables and the JSON Schema writer.
**
** Divisions: the tables (file, deck, settings, card, source, option, one
** per card type); lookups the loaders use; writing JSON Schema 2020-12.
** Descriptions are the one-line meanings of docs/deck-format.md.
*/
#include "core/deck/schema.h"

#include <string.h>

#include "core/base/i18n.h"
#include "core/base/json.h"
#include "core/deck/load.h"

/* ---- the tables -------------------------------------------------------------*/

#define ID_PATTERN KK_ID_PATTERN(KK_DECK_MAX_ID)

static const char *const scheduler_words[] = {"fsrs", "sm2", NULL};
static const char *const origin_words[] = {"hand", "gen", NULL};
static const char *const leech_words[] = {"suspend", "tag", NULL};

static const kk_SchemaKey a_text = {.types = KK_ST_TEXT};
static const kk_SchemaKey a_option_number = {
    .types = KK_ST_INTEGER, .has_range = 1, .lo = 1, .hi = KK_DECK_MAX_OPTIONS};

const kk_SchemaKey kk_schema_settings[] = {
    {.name = "scheduler",
     .types = KK_ST_STRING,
     .words = scheduler_words,
     .desc = N_("the scheduler: fsrs (default) or sm2"),
     .example = "\"fsrs\""},
    {.name = "retention",
     .types = KK_ST_NUMBER,
     .has_range = 1,
     .lo = 0.7,
     .hi = 0.99,
     .desc = N_("desired retention, 0.70 to 0.99"),
     .example = "0.9"},
    {.name = "new_per_day",
     .types = KK_ST_INTEGER,
     .has_range = 1,
     .lo = 0,
     .hi = 9999,
     .desc = N_("new cards a day"),
     .example = "20"},
    {.name = "reviews_per_day",
     .types = KK_ST_INTEGER,
     .has_range = 1,
     .lo = 0,
     .hi = 99999,
     .desc = N_("reviews a day"),
     .example = "200"},
    {.name = "max_interval_days",
     .types = KK_ST_INTEGER,
     .has_range = 1,
     .lo = 1,
     .hi = KK_DECK_MAX_INTERVAL_DAYS,
     .desc = N_("the longest interval between reviews, in days"),
     .example = "36500"},
    {.name = "exam_date",
     .types = KK_ST_STRING,
     .pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
     .desc = N_("a date YYYY-MM-DD: brings reviews forward so you remember on the day"),
     .example = "\"2027-01-29\""},
    {.name = "exam_retention",
     .types = KK_ST_NUMBER,
     .has_range = 1,
     .lo = 0.7,
     .hi = 0.99,
     .desc = N_("recall wanted on exam day, 0.70 to 0.99 (default 0.95)"),
     .example = "0.95"},
    {.name = "leech_action",
     .types = KK_ST_STRING,
     .words = leech_words,
     .desc = N_("suspend (default) or tag: what a leech (8 lapses) does")},
    {.name = "fold_kana",
     .types = KK_ST_BOOLEAN,
     .desc = N_("typed, cloze and exam answers: hiragana matches katakana (default true)")},
    {0}};

const kk_SchemaKey kk_schema_deck[] = {
    {.name = "id",
     .types = KK_ST_TEXT,
     .required = 1,
     .pattern = ID_PATTERN,
     .desc = N_("the deck's id: letters, digits, '-', '_' or '.'"),
     .example = "\"nato-article5\""},
    {.name = "title",
     .types = KK_ST_TEXT,
     .required = 1,
     .desc = N_("the deck's title"),
     .example = "\"北大西洋条約 第5条\""},
    {.name = "language",
     .types = KK_ST_TEXT,
     .desc = N_("ja (default) or en: how text is broken into lines"),
     .example = "\"ja\""},
    {.name = "description", .types = KK_ST_TEXT, .desc = N_("what the deck is about")},
    {.name = "tags",
     .types = KK_ST_ARRAY,
     .item = &a_text,
     .desc = N_("tags applied to every card"),
     .example = "[\"nato\", \"treaty\"]"},
    {.name = "sources",
     .types = KK_ST_ARRAY,
     .item = &a_text,
     .desc = N_("the documents the deck is built from"),
     .example = "[\"000_58e3e53a805f13db.txt\"]"},
    {.name = "settings",
     .types = KK_ST_OBJECT,
     .keys = kk_schema_settings,
     .desc = N_("study settings; all keys optional")},
    {0}};

const kk_SchemaKey kk_schema_source[] = {
    {.name = "doc",
     .types = KK_ST_TEXT,
     .required = 1,
     .desc = N_("the document the fact comes from"),
     .example = "\"000_58e3e53a805f13db.txt\""},
    {.name = "section", .types = KK_ST_TEXT, .desc = N_("the heading of its section")},
    {.name = "line",
     .types = KK_ST_INTEGER,
     .has_range = 1,
     .lo = 1,
     .hi = 100000000,
     .desc = N_("the line number in the document"),
     .example = "120"},
    {0}};

const kk_SchemaKey kk_schema_card[] = {
    {.name = "id",
     .types = KK_ST_TEXT,
     .pattern = ID_PATTERN,
     .desc = N_("stable id, unique across all decks loaded together; progress is kept by it"),
     .example = "\"a5-basic-1\""},
    {.name = "type",
     .types = KK_ST_STRING,
     .required = 1,
     .words = kk_card_type_names,
     .desc = N_("the card type")},
    {.name = "tags",
     .types = KK_ST_ARRAY,
     .item = &a_text,
     .desc = N_("list of words"),
     .example = "[\"article5\"]"},
    {.name = "explanation", .types = KK_ST_TEXT, .desc = N_("shown after answering")},
    {.name = "source",
     .types = KK_ST_OBJECT,
     .keys = kk_schema_source,
     .desc = N_("where the fact comes from"),
     .example = "{\"doc\": \"000_58e3e53a805f13db.txt\", \"section\": \"まとめ\", \"line\": 120}"},
    {.name = "origin",
     .types = KK_ST_STRING,
     .words = origin_words,
     .desc = N_("hand (default) or gen (drafted by kioku gen)")},
    {.name = "image",
     .types = KK_ST_STRING,
     .pattern = "^[^/~].*\\.png$",
     .desc = N_("a .png shown with the question, relative to the deck's folder"),
     .example = "\"img/map.png\""},
    {0}};

const kk_SchemaKey kk_schema_option[] = {
    {.name = "text", .types = KK_ST_TEXT, .required = 1, .desc = N_("the option's text")},
    {.name = "correct", .types = KK_ST_BOOLEAN, .desc = N_("true if this option is right")},
    {.name = "feedback", .types = KK_ST_TEXT, .desc = N_("shown when this option is picked")},
    {.name = "fixed",
     .types = KK_ST_BOOLEAN,
     .desc = N_("keeps its place when options are shuffled (\"none of the above\")")},
    {0}};

static const kk_SchemaKey an_option = {.types = KK_ST_TEXT | KK_ST_OBJECT,
                                       .keys = kk_schema_option,
                                       .desc = N_("a text, or {text, correct, feedback, fixed}")};

static const kk_SchemaKey keys_basic[] = {{.name = "front",
                                           .types = KK_ST_TEXT,
                                           .required = 1,
                                           .desc = N_("the question side"),
                                           .example = "\"NATOの集団防衛を定めた条文は?\""},
                                          {.name = "back",
                                           .types = KK_ST_TEXT,
                                           .required = 1,
                                           .desc = N_("the answer side"),
                                           .example = "\"北大西洋条約 第5条\""},
                                          {0}};

static const kk_SchemaKey keys_cloze[] = {
    {.name = "text",
     .types = KK_ST_TEXT,
     .required = 1,
     .desc =
         N_("text with blanks {{c1::answer}} or {{c1::answer::hint}}; one study item per number"),
     .example = "\"an {{c1::armed attack}} against one or more of them\""},
    {.name = "back", .types = KK_ST_TEXT, .desc = N_("shown after answering")},
    {0}};

static const kk_SchemaKey keys_choice[] = {
    {.name = "question", .types = KK_ST_TEXT, .required = 1, .desc = N_("the question")},
    {.name = "options",
     .types = KK_ST_ARRAY,
     .required = 1,
     .min_items = 2,
     .max_items = KK_DECK_MAX_OPTIONS,
     .item = &an_option,
     .desc = N_("2 to 26 options, shuffled on every showing"),
     .example = "[\"GDP比2%\", {\"text\": \"GDP比5%\", \"feedback\": \"2035年までの目標。\"}]"},
    {.name = "answer",
     .types = KK_ST_INTEGER | KK_ST_ARRAY,
     .has_range = 1,
     .lo = 1,
     .hi = KK_DECK_MAX_OPTIONS,
     .min_items = 1,
     .item = &a_option_number,
     .desc = N_("the 1-based number of the right option, or a list when several are right"),
     .example = "2"},
    {0}};

static const kk_SchemaKey keys_typed[] = {
    {.name = "question", .types = KK_ST_TEXT, .required = 1, .desc = N_("the question")},
    {.name = "answer",
     .types = KK_ST_TEXT | KK_ST_ARRAY,
     .required = 1,
     .min_items = 1,
     .item = &a_text,
     .desc = N_("the accepted answers (one text or a list)"),
     .example = "[\"5%\", \"5パーセント\"]"},
    {0}};

static const kk_SchemaKey keys_numeric[] = {
    {.name = "question", .types = KK_ST_TEXT, .required = 1, .desc = N_("the question")},
    {.name = "answer",
     .types = KK_ST_NUMBER,
     .required = 1,
     .desc = N_("the number"),
     .example = "1750"},
    {.name = "tolerance",
     .types = KK_ST_NUMBER,
     .has_range = 1,
     .lo = 0,
     .hi = 1e300,
     .desc = N_("how far an answer may be off (absolute)"),
     .example = "0"},
    {.name = "unit",
     .types = KK_ST_TEXT,
     .desc = N_("the unit shown after the number"),
     .example = "\"億ドル\""},
    {0}};

static const kk_SchemaKey keys_truefalse[] = {
    {.name = "statement", .types = KK_ST_TEXT, .required = 1, .desc = N_("the statement")},
    {.name = "answer",
     .types = KK_ST_BOOLEAN,
     .required = 1,
     .desc = N_("whether it is true (unquoted true or false)"),
     .example = "false"},
    {0}};

static const kk_SchemaKey keys_order[] = {
    {.name = "question", .types = KK_ST_TEXT, .required = 1, .desc = N_("the question")},
    {.name = "items",
     .types = KK_ST_ARRAY,
     .required = 1,
     .min_items = 2,
     .max_items = KK_DECK_MAX_ORDER_ITEMS,
     .item = &a_text,
     .desc = N_("the items in the correct order; shown shuffled")},
    {0}};

static const kk_SchemaKey a_card = {
    .types = KK_ST_OBJECT, .keys = kk_schema_card, .desc = N_("a card")};

const kk_SchemaKey kk_schema_file[] = {{.name = "deck",
                                        .types = KK_ST_OBJECT,
                                        .required = 1,
                                        .keys = kk_schema_deck,
                                        .desc = N_("what the deck is")},
                                       {.name = "cards",
                                        .types = KK_ST_ARRAY,
                                        .required = 1,
                                        .item = &a_card,
                                        .desc = N_("the cards")},
                                       {0}};

/* what each card type is, for hover help on `type` */
static const char *const type_desc[KK_CARD_TYPE_COUNT] = {
    N_("basic: a question and an answer"),
    N_("reversed: studied front->back and back->front"),
    N_("cloze: {{cN::answer}} blanks; one study item per N"),
    N_("choice: pick the right option(s)"),
    N_("typed: the student types the answer"),
    N_("numeric: a number, an optional tolerance and unit"),
    N_("truefalse: a statement and whether it is true"),
    N_("order: put the items in order")};

const kk_SchemaKey *kk_schema_type_keys(kk_CardType t) {
  switch (t) {
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED: return keys_basic;
  case KK_CARD_CLOZE: return keys_cloze;
  case KK_CARD_CHOICE: return keys_choice;
  case KK_CARD_TYPED: return keys_typed;
  case KK_CARD_NUMERIC: return keys_numeric;
  case KK_CARD_TRUEFALSE: return keys_truefalse;
  case KK_CARD_ORDER: return keys_order;
  default: return NULL;
  }
}

/* ---- lookups ------------------------------------------------------------------*/

const kk_SchemaKey *kk_schema_find(const kk_SchemaKey *table, const char *key) {
  for (; table && table->name; table++)
    if (strcmp(table->name, key) == 0) return table;
  return NULL;
}

size_t kk_schema_names(const kk_SchemaKey *table, const char **names, size_t cap) {
  size_t n = 0;
  for (; table && table->name && n + 1 < cap; table++) names[n++] = table->name;
  if (cap) names[n] = NULL;
  return n;
}

/* ---- writing JSON Schema ------------------------------------------------------*/

static void indent(FILE *f, int ind) { fprintf(f, "\n%*s", ind, ""); }

static void number(FILE *f, double v) { fprintf(f, "%.15g", v); }

static void write_types(FILE *f, unsigned t) {
  static const struct {
    unsigned bit;
    const char *name;
  } names[] = {{KK_ST_STRING, "string"},   {KK_ST_NUMBER, "number"}, {KK_ST_INTEGER, "integer"},
               {KK_ST_BOOLEAN, "boolean"}, {KK_ST_ARRAY, "array"},   {KK_ST_OBJECT, "object"}};
  if (t & KK_ST_NUMBER) t &= ~(unsigned)KK_ST_INTEGER; /* integers are numbers */
  size_t n = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) n += (t & names[i].bit) != 0;
  fputs(n > 1 ? "[" : "", f);
  size_t k = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (t & names[i].bit) fprintf(f, "%s\"%s\"", k++ ? ", " : "", names[i].name);
  fputs(n > 1 ? "]" : "", f);
}

static void write_words(FILE *f, const char *const *w) {
  fputc('[', f);
  for (size_t i = 0; w[i]; i++) {
    if (i) fputs(", ", f);
    kk_json_string(f, w[i]);
  }
  fputc(']', f);
}

static void write_card(FILE *f, const kk_SchemaKey *k, int ind);

/* The members of one value's schema after its opening brace. */
static void write_members(FILE *f, const kk_SchemaKey *k, int ind) {
  int first = 1;
#define NEXT() (first ? (void)(first = 0) : (void)fputc(',', f), indent(f, ind))
  if (k->desc) {
    NEXT();
    fputs("\"description\": ", f);
    kk_json_string(f, _(k->desc));
  }
  NEXT();
  fputs("\"type\": ", f);
  write_types(f, k->types);
  if (k->words) {
    NEXT();
    /* words are for strings: a list (say) of them is checked by its items */
    fputs(k->types == KK_ST_STRING ? "\"enum\": "
                                   : "\"if\": {\"type\": \"string\"}, \"then\": {\"enum\": ",
          f);
    write_words(f, k->words);
    fputs(k->types == KK_ST_STRING ? "" : "}", f);
  }
  if (k->pattern) {
    NEXT();
    fputs("\"pattern\": ", f);
    kk_json_string(f, k->pattern);
  } else if (k->required && (k->types & KK_ST_STRING) && !k->words) {
    NEXT(); /* the loaders refuse a required text that is empty or blank */
    fputs("\"pattern\": \"\\\\S\"", f);
  }
  if (k->has_range) {
    NEXT();
    fputs(k->lo_exclusive ? "\"exclusiveMinimum\": " : "\"minimum\": ", f);
    number(f, k->lo);
    if (k->hi < 1e300) {
      NEXT();
      fputs("\"maximum\": ", f);
      number(f, k->hi);
    }
  }
  if (k->types & KK_ST_ARRAY) {
    if (k->min_items) {
      NEXT();
      fprintf(f, "\"minItems\": %zu", k->min_items);
    }
    if (k->max_items) {
      NEXT();
      fprintf(f, "\"maxItems\": %zu", k->max_items);
    }
    if (k->item) {
      NEXT();
      fputs("\"items\": ", f);
      if (k->item->keys == kk_schema_card)
        write_card(f, k->item, ind);
      else
        kk_schema_write_value(f, k->item, ind);
    }
  }
  if (k->keys) {
    NEXT();
    kk_schema_write_props(f, k->keys, ind, 1);
    fputs("\"additionalProperties\": false", f);
  }
  if (k->values) {
    NEXT();
    fputs("\"additionalProperties\": ", f);
    kk_schema_write_value(f, k->values, ind);
  }
  if (k->example) {
    NEXT();
    fprintf(f, "\"examples\": [%s]", k->example);
  }
#undef NEXT
}

void kk_schema_write_value(FILE *f, const kk_SchemaKey *k, int ind) {
  fputc('{', f);
  write_members(f, k, ind + 2);
  indent(f, ind);
  fputc('}', f);
}

/* Properties of table; before them the keys of also (may be NULL), as
** `true`: described elsewhere, but allowed here too. */
static void write_props(FILE *f, const kk_SchemaKey *also, const kk_SchemaKey *table, int ind,
                        int more) {
  fputs("\"properties\": {", f);
  int first = 1;
  for (const kk_SchemaKey *k = also; k && k->name; k++) {
    fputs(first ? "" : ",", f);
    first = 0;
    indent(f, ind + 2);
    kk_json_string(f, k->name);
    fputs(": true", f);
  }
  for (const kk_SchemaKey *k = table; k->name; k++) {
    fputs(first ? "" : ",", f);
    first = 0;
    indent(f, ind + 2);
    kk_json_string(f, k->name);
    fputs(": ", f);
    kk_schema_write_value(f, k, ind + 2);
  }
  indent(f, ind);
  fputc('}', f);
  int nreq = 0;
  for (const kk_SchemaKey *k = table; k->name; k++) nreq += k->required;
  if (nreq) {
    fputc(',', f);
    indent(f, ind);
    fputs("\"required\": [", f);
    int i = 0;
    for (const kk_SchemaKey *k = table; k->name; k++)
      if (k->required) {
        if (i++) fputs(", ", f);
        kk_json_string(f, k->name);
      }
    fputc(']', f);
  }
  if (more) {
    fputc(',', f);
    indent(f, ind);
  }
}

void kk_schema_write_props(FILE *f, const kk_SchemaKey *table, int ind, int more) {
  write_props(f, NULL, table, ind, more);
}

/* A card: the common keys, then for each type (if `type` is T) its keys
** and no others.  Each branch names the common keys again (as `true`) and
** says additionalProperties: false, because editors' language servers
** implement draft 7 and ignore unevaluatedProperties; that one stays for
** 2020-12 validators, for cards whose type is missing or unknown. */
static void write_card(FILE *f, const kk_SchemaKey *k, int ind) {
  int in = ind + 2;
  fputc('{', f);
  indent(f, in);
  fputs("\"description\": ", f);
  kk_json_string(f, _(k->desc));
  fputs(",", f);
  indent(f, in);
  fputs("\"type\": \"object\",", f);
  indent(f, in);
  kk_schema_write_props(f, kk_schema_card, in, 1);
  fputs("\"allOf\": [", f);
  for (int t = 0; t < KK_CARD_TYPE_COUNT; t++) {
    const kk_SchemaKey *tk = kk_schema_type_keys((kk_CardType)t);
    fputs(t ? "," : "", f);
    indent(f, in + 2);
    fputs("{", f);
    indent(f, in + 4);
    fputs("\"if\": {\"properties\": {\"type\": {\"const\": ", f);
    kk_json_string(f, kk_card_type_name((kk_CardType)t));
    fputs("}}, \"required\": [\"type\"]},", f);
    indent(f, in + 4);
    fputs("\"then\": {", f);
    indent(f, in + 6);
    fputs("\"description\": ", f);
    kk_json_string(f, _(type_desc[t]));
    fputs(",", f);
    indent(f, in + 6);
    write_props(f, kk_schema_card, tk, in + 6, 1);
    fputs("\"additionalProperties\": false", f);
    indent(f, in + 4);
    fputs("}", f);
    indent(f, in + 2);
    fputs("}", f);
  }
  indent(f, in);
  fputs("],", f);
  indent(f, in);
  fputs("\"unevaluatedProperties\": false", f);
  indent(f, ind);
  fputc('}', f);
}

int kk_schema_write_doc(FILE *f, const char *name, const char *title, const char *description,
                        const kk_SchemaKey *table) {
  fputs("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n", f);
  fprintf(f, "  \"$id\": \"https://kioku.example.org/schema/%s.schema.json\",\n", name);
  fputs("  \"title\": ", f);
  kk_json_string(f, title);
  fputs(",\n  \"description\": ", f);
  kk_json_string(f, description);
  fputs(",\n  \"type\": \"object\",\n  ", f);
  kk_schema_write_props(f, table, 2, 1);
  fputs("\"additionalProperties\": false\n}\n", f);
  return !ferror(f);
}

int kk_schema_write_deck(FILE *f) {
  return kk_schema_write_doc(
      f, "deck", _("Kioku deck"),
      _("A Kioku deck: deck: (what the deck is) and cards: (a list). See docs/deck-format.md."),
      kk_schema_file);
}
