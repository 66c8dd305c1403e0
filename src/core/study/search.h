/*
** search.h -- the card search of the browser and `kioku cards`: parsing a
** query such as `tag:verb -is:suspended prop:lapses>3 "to eat"` and matching
** study items against it.  Depends on review.h (states, clock), sched.h
** (retrievability), deck.h (card text), text.h (folding), queue.h (the
** loaded items).  kk_search_parse
** returns a new kk_Search; caller frees with kk_search_free.  Items are
** borrowed for the call.  Never prints.
**
** Grammar (Anki's search, the part Kioku has):
**   query  := or                      the empty query matches everything
**   or     := and ("or" and)*         "or" in any case
**   and    := unary+                  terms side by side must all hold
**   unary  := "-" unary | "(" or ")" | term
**   term   := text | "quoted text" | key ":" value | key ":" "quoted value"
**   keys   := tag:NAME (a tag or one of its NAME::children; * matches any run)
**             deck:ID (* as for tags)   type:basic|reversed|cloze|...
**             is:new|due|learning|review|suspended|buried|leech
**             prop:FIELD OP NUMBER, FIELD ivl|due|lapses|reps|s|d|r|ease,
**                  OP = != < <= > >= (due counts days from today: prop:due<0
**                  is overdue, prop:due=1 due tomorrow)
** Text matches anywhere in the item's text, folded as kk_search_fold folds
** (so "ﾀﾍﾞﾙ", "タベル" and "たべる" are one word, "Tokyo" matches "TOKYO").
*/
#ifndef KK_SEARCH_H
#define KK_SEARCH_H

#include <stddef.h>

#include "core/base/err.h"
#include "core/deck/deck.h"
#include "core/study/fsrs.h"
#include "core/study/queue.h"
#include "core/study/review.h"

#define KK_SEARCH_MAX_BYTES 4096 /* longest query */
#define KK_SEARCH_MAX_DEPTH 32   /* deepest nesting of ( and - */

typedef struct kk_Search kk_Search;

/* One study item as the search sees it; every pointer is borrowed. */
typedef struct kk_SearchItem {
  const char *deck_id;
  const char *text; /* the item's text, already kk_search_fold-ed */
  const char *const *tags;
  size_t ntags;
  int type;           /* kk_CardType, or -1 */
  int has_state;      /* 0: never studied (new) */
  kk_CardState state; /* valid if has_state */
} kk_SearchItem;

/* What matching needs besides the item: now, and the FSRS parameters for
** prop:r (NULL: the defaults). */
typedef struct kk_SearchEnv {
  kk_Clock clock;
  const kk_FsrsParams *params;
} kk_SearchEnv;

/* Parses q[0..len).  A bad query gives KK_ERR_PARSE with err->line 1 and
** err->col the 1-based code point where the problem starts (path
** "search"); longer than KK_SEARCH_MAX_BYTES or nested deeper than
** KK_SEARCH_MAX_DEPTH: KK_ERR_LIMIT; KK_ERR_NOMEM. */
kk_Status kk_search_parse(const char *q, size_t len, kk_Err *err, kk_Search **out);
void kk_search_free(kk_Search *s); /* s may be NULL */

/* 1 if the item matches.  A pure function of its arguments. */
int kk_search_match(const kk_Search *s, const kk_SearchItem *it, const kk_SearchEnv *env);

/* 1 if the query is empty (matches everything). */
int kk_search_is_empty(const kk_Search *s);

/* Folds text for searching: kk_text_fold_answer (NFKC, case folding,
** spaces, katakana to hiragana).  Returns a new string in *out (caller
** kk_frees). */
kk_Status kk_search_fold(const char *s, size_t len, char **out);

/* The searchable text of a card, folded: front, back, options, accepted
** answers, order items and explanation, one per line.  A new string in
** *out (caller kk_frees). */
kk_Status kk_search_card_text(const kk_Card *c, char **out);

/* The item's state as one word, the is: names: "suspended", "buried" and
** "leech" first (they decide what the student sees), else "new",
** "learning", "relearning" or "review". */
const char *kk_search_state_name(const kk_SearchItem *it, int64_t now_ms);

/* The card's question as one line of plain text (furigana markup reduced
** to its base, whitespace runs to one space).  A new string in *out
** (caller kk_frees). */
kk_Status kk_search_question(const kk_Card *c, char **out);

/* The search items of every item of a queue input, item i for in->items[i]
** (items added by key alone have no text).  Borrows in (its keys, states
** at the time of the call, cards); owns the folded texts.  Fill with
** kk_search_items_build, release with kk_search_items_free. */
typedef struct kk_SearchItems {
  kk_SearchItem *v;
  size_t n;
  char **texts; /* owned; texts[i] NULL where item i shares item i-1's */
} kk_SearchItems;
kk_Status kk_search_items_build(const kk_QueueInput *in, kk_SearchItems *out);
/* Copies the states of in's items again (after actions or reviews). */
void kk_search_items_refresh(const kk_QueueInput *in, kk_SearchItems *items);
void kk_search_items_free(kk_SearchItems *items); /* empties it; may be NULL */

#endif
