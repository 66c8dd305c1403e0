/*
** examschema.c -- the exam-spec format's tables and its JSON Schema.
** Descriptions are the one-line meanings of docs/exam-format.md.
*/
#include "core/exam/examschema.h"

#include "core/base/i18n.h"
#include "core/base/json.h"
#include "core/deck/load.h"
#include "core/exam/exam.h"

#define ID_PATTERN KK_ID_PATTERN(KK_EXAM_MAX_ID)
/* 45m, 1h30m, 90s, "1h 15m" (exam.c get_duration) */
#define DURATION "( *[0-9]+(h|m|s) *)+"

const char *const kk_examschema_feedback_words[] = {"never", "after_submit", "after_each", NULL};
const char *const kk_examschema_nav_words[] = {"free", "sequential", NULL};
const char *const kk_examschema_seed_words[] = {"class", "student", NULL};
const char *const kk_examschema_choice_words[] = {"all_or_nothing", "per_option", NULL};
const char *const kk_examschema_order_words[] = {"all_or_nothing", "position", "pairwise", NULL};
/* the types a pool may draw (basic and reversed have no answer to mark) */
static const char *const objective_words[] = {"choice", "truefalse", "typed", "numeric",
                                              "order",  "cloze",     NULL};

static const kk_SchemaKey a_text = {.types = KK_ST_TEXT};
static const kk_SchemaKey a_type = {.types = KK_ST_STRING, .words = objective_words};
static const kk_SchemaKey minutes = {
    .types = KK_ST_INTEGER, .has_range = 1, .lo = 1, .hi = 10000, .desc = N_("extra minutes")};

const kk_SchemaKey kk_examschema_shuffle[] = {
    {.name = "questions", .types = KK_ST_BOOLEAN, .desc = N_("shuffle the order of the questions")},
    {.name = "choices",
     .types = KK_ST_BOOLEAN,
     .desc = N_("shuffle the options of choice questions")},
    {0}};

const kk_SchemaKey kk_examschema_scoring[] = {
    {.name = "choice",
     .types = KK_ST_STRING,
     .words = kk_examschema_choice_words,
     .desc = N_("choice questions with several right options: per_option or all_or_nothing")},
    {.name = "order",
     .types = KK_ST_STRING,
     .words = kk_examschema_order_words,
     .desc = N_("order questions: position, pairwise or all_or_nothing")},
    {0}};

const kk_SchemaKey kk_examschema_pool[] = {
    {.name = "name",
     .types = KK_ST_TEXT,
     .desc = N_("the pool's name (default \"pool N\")"),
     .example = "\"Article 5\""},
    {.name = "decks",
     .types = KK_ST_TEXT | KK_ST_ARRAY,
     .item = &a_text,
     .desc = N_("deck ids (the id inside the deck file); default all"),
     .example = "[\"nato-article5\"]"},
    {.name = "tags",
     .types = KK_ST_TEXT | KK_ST_ARRAY,
     .item = &a_text,
     .desc = N_("a card qualifies if it has any of them; default all"),
     .example = "[\"article5\"]"},
    {.name = "types",
     .types = KK_ST_STRING | KK_ST_ARRAY,
     .words = objective_words,
     .item = &a_type,
     .desc = N_("card types to draw; default the objective types"),
     .example = "[\"choice\", \"truefalse\"]"},
    {.name = "count",
     .types = KK_ST_INTEGER,
     .required = 1,
     .has_range = 1,
     .lo = 1,
     .hi = 10000,
     .desc = N_("questions drawn from this pool"),
     .example = "4"},
    {.name = "points",
     .types = KK_ST_NUMBER,
     .has_range = 1,
     .lo = 0,
     .lo_exclusive = 1,
     .hi = 10000,
     .desc = N_("points per question (default 1)"),
     .example = "2"},
    {.name = "question_time_limit",
     .types = KK_ST_STRING,
     .pattern = "^" DURATION "$",
     .desc = N_("limit per question: 45s, 2m, 1h30m"),
     .example = "\"45s\""},
    {0}};

static const kk_SchemaKey a_pool = {.types = KK_ST_OBJECT,
                                    .keys = kk_examschema_pool,
                                    .desc = N_("a pool: what to draw and how many")};

const kk_SchemaKey kk_examschema_spec[] = {
    {.name = "exam",
     .types = KK_ST_TEXT,
     .required = 1,
     .pattern = ID_PATTERN,
     .desc = N_("the exam's id; names the stored attempts and the result files"),
     .example = "\"security-midterm-2026\""},
    {.name = "title",
     .types = KK_ST_TEXT,
     .required = 1,
     .desc = N_("shown on the start screen and in the results")},
    {.name = "instructions", .types = KK_ST_TEXT, .desc = N_("shown on the start screen")},
    {.name = "decks",
     .types = KK_ST_TEXT | KK_ST_ARRAY,
     .required = 1,
     .min_items = 1,
     .item = &a_text,
     .desc = N_("deck files (a list, or one string), relative to the spec's folder"),
     .example = "[\"../nato-article5.yaml\"]"},
    {.name = "pools",
     .types = KK_ST_ARRAY,
     .required = 1,
     .min_items = 1,
     .item = &a_pool,
     .desc = N_("what to draw, in this order")},
    {.name = "time_limit",
     .types = KK_ST_STRING,
     .pattern = "^(none|" DURATION ")$",
     .desc = N_("the whole exam: 45m, 1h30m, 90s; or none for an untimed exam"),
     .example = "\"40m\""},
    {.name = "question_time_limit",
     .types = KK_ST_STRING,
     .pattern = "^" DURATION "$",
     .desc = N_("default limit per question"),
     .example = "\"2m\""},
    {.name = "shuffle",
     .types = KK_ST_BOOLEAN | KK_ST_OBJECT,
     .keys = kk_examschema_shuffle,
     .desc = N_("true/false, or {questions: B, choices: B}; default both true"),
     .example = "{\"questions\": true, \"choices\": true}"},
    {.name = "seed",
     .types = KK_ST_INTEGER,
     .has_range = 1,
     .lo = 0,
     .hi = 1e300,
     .desc = N_("whole number; default: a hash of the id (so every run of one spec agrees)"),
     .example = "20261123"},
    {.name = "seed_mode",
     .types = KK_ST_STRING,
     .words = kk_examschema_seed_words,
     .desc =
         N_("class (default): everybody gets the same paper; student: every student their own")},
    {.name = "pass_mark",
     .types = KK_ST_NUMBER | KK_ST_STRING,
     .has_range = 1,
     .lo = 0,
     .hi = 100,
     .pattern = "^[0-9]+(\\.[0-9]+)?%?$",
     .desc = N_("percentage of the total points; default 50"),
     .example = "\"60%\""},
    {.name = "feedback",
     .types = KK_ST_STRING,
     .words = kk_examschema_feedback_words,
     .desc = N_("never (no score shown), after_submit (default) or after_each")},
    {.name = "review_after_submit",
     .types = KK_ST_BOOLEAN,
     .desc = N_(
         "default true: the results screen lists each question with the answer given and the correct one")},
    {.name = "navigation",
     .types = KK_ST_STRING,
     .words = kk_examschema_nav_words,
     .desc = N_("free (default): any question in any order; sequential: forward only")},
    {.name = "scoring",
     .types = KK_ST_OBJECT,
     .keys = kk_examschema_scoring,
     .desc = N_("partial credit")},
    {.name = "update_schedule",
     .types = KK_ST_BOOLEAN,
     .desc = N_("default false: exam answers are kept apart from spaced repetition")},
    {.name = "extensions",
     .types = KK_ST_OBJECT,
     .values = &minutes,
     .desc = N_("student number (or \"h:\" and its salted hash): minutes of extra time"),
     .example = "{\"2026-0007\": 10}"},
    {.name = "extensions_salt",
     .types = KK_ST_TEXT,
     .pattern = "\\S",
     .desc = N_("the salt the hashed extensions keys were made with")},
    {0}};

int kk_examschema_write(FILE *f) {
  return kk_schema_write_doc(
      f, "exam", _("Kioku exam spec"),
      _("A Kioku exam spec: what an exam draws from which decks, how it is timed and marked. See docs/exam-format.md."),
      kk_examschema_spec);
}
