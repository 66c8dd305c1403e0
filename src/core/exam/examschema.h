/*
** examschema.h -- the exam-spec format as data (core/deck/schema.h's
** kk_SchemaKey): the tables exam.c checks keys and words against, and the
** JSON Schema written from them for editors.  Depends on deck/schema.h.
** All tables are static and borrowed.
*/
#ifndef KK_EXAMSCHEMA_H
#define KK_EXAMSCHEMA_H

#include <stdio.h>

#include "core/deck/schema.h"

extern const kk_SchemaKey kk_examschema_spec[];    /* the top level */
extern const kk_SchemaKey kk_examschema_pool[];    /* one pool */
extern const kk_SchemaKey kk_examschema_shuffle[]; /* shuffle: {questions, choices} */
extern const kk_SchemaKey kk_examschema_scoring[]; /* scoring: {choice, order} */

/* The words of the enumerated keys, NULL-terminated, in the order of their
** enums in exam.h. */
extern const char *const kk_examschema_feedback_words[];
extern const char *const kk_examschema_nav_words[];
extern const char *const kk_examschema_seed_words[];
extern const char *const kk_examschema_choice_words[];
extern const char *const kk_examschema_order_words[];

/* Writes the JSON Schema of exam specs to f (descriptions in the active
** interface language).  Returns 0 on a write error. */
int kk_examschema_write(FILE *f);

#endif
