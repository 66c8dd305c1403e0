/*
** schema.h -- the deck format as data: one table per mapping (keys, JSON
** types, required, enum words, ranges, one-line descriptions, examples).
** The deck loader checks keys against these tables, takes its enum words
** and ranges from them, and kk_schema_write turns them into a JSON Schema
** (draft 2020-12) for editors, so the two cannot drift.  The exam layer
** describes exam specs with the same kk_SchemaKey (exam/examschema.h).
** Depends on deck.h, i18n.h (descriptions are N_() strings, translated when
** written).  All tables are static and borrowed.
*/
#ifndef KK_SCHEMA_H
#define KK_SCHEMA_H

#include <stddef.h>
#include <stdio.h>

#include "core/deck/deck.h"

/* JSON types a value may have (bits).  KK_ST_TEXT is what the loaders call
** a text: any YAML scalar that is not null (so `back: 1750` is a text). */
enum {
  KK_ST_STRING = 1,
  KK_ST_INTEGER = 2,
  KK_ST_NUMBER = 4,
  KK_ST_BOOLEAN = 8,
  KK_ST_ARRAY = 16,
  KK_ST_OBJECT = 32,
  KK_ST_TEXT = KK_ST_STRING | KK_ST_NUMBER | KK_ST_BOOLEAN
};

typedef struct kk_SchemaKey kk_SchemaKey;
struct kk_SchemaKey {
  /* (pointers and doubles first, ints last: no padding) */
  const char *name;            /* the key; NULL ends a table */
  const char *const *words;    /* strings: the allowed words (NULL-terminated) */
  double lo, hi;               /* numbers, with has_range */
  const char *pattern;         /* strings: a regular expression they match */
  size_t min_items, max_items; /* arrays (0: no bound) */
  const kk_SchemaKey *item;    /* arrays: what each entry is (one element) */
  const kk_SchemaKey *keys;    /* objects: their keys (a table) */
  const kk_SchemaKey *values;  /* objects with free keys: what each value is */
  const char *desc;            /* N_(): a one-line meaning */
  const char *example;         /* JSON text of an example value, or NULL */
  unsigned types;              /* KK_ST_* bits */
  int required;                /* 1: the loader reports its absence as an error */
  int has_range;               /* numbers: lo <= value <= hi */
  int lo_exclusive;            /* lo < value */
};

/* The tables of the deck format. */
extern const kk_SchemaKey kk_schema_file[];     /* deck, cards */
extern const kk_SchemaKey kk_schema_deck[];     /* the deck: mapping */
extern const kk_SchemaKey kk_schema_settings[]; /* deck settings */
extern const kk_SchemaKey kk_schema_card[];     /* keys every card has */
extern const kk_SchemaKey kk_schema_source[];   /* a card's source */
extern const kk_SchemaKey kk_schema_option[];   /* a choice option mapping */
/* The keys of card type t besides the common ones, or NULL. */
const kk_SchemaKey *kk_schema_type_keys(kk_CardType t);

/* Looks key up in table; NULL if absent. */
const kk_SchemaKey *kk_schema_find(const kk_SchemaKey *table, const char *key);
/* Fills names[] with the table's key names (at most cap - 1), NULL-ends it;
** returns how many. */
size_t kk_schema_names(const kk_SchemaKey *table, const char **names, size_t cap);

/* Writes the JSON Schema of the deck format to f (descriptions in the
** active interface language).  Returns 0 on a write error. */
int kk_schema_write_deck(FILE *f);

/* The pieces, for other formats (exam specs): writes the schema of one
** value described by k at indent ind (no trailing newline). */
void kk_schema_write_value(FILE *f, const kk_SchemaKey *k, int ind);
/* Writes "properties" and "required" of an object whose keys are table (the
** object's opening brace is the caller's), at indent ind; a trailing comma
** after them when more follows. */
void kk_schema_write_props(FILE *f, const kk_SchemaKey *table, int ind, int more);
/* Writes a whole schema document for a file whose top-level keys are table:
** its $id is https://kioku.example.org/schema/NAME.schema.json, title and
** description (already translated) follow.  Returns 0 on a write error. */
int kk_schema_write_doc(FILE *f, const char *name, const char *title, const char *description,
                        const kk_SchemaKey *table);

#endif
