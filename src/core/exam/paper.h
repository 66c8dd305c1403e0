/*
** paper.h -- an exam paper: the questions one student gets, drawn
** deterministically from a spec, a bank of cards and a seed, with the
** shuffled order of each question's options (marking is mark.h).
** Depends on exam.h, deck.h.  kk_paper_build / kk_paper_parse return a new
** kk_Paper; caller frees with kk_paper_free.  A paper borrows the cards of
** the bank: valid until the decks they came from are freed.
**
** Answers are strings in the card's own terms, so they survive shuffling:
**   choice     chosen options as 1-based card option numbers, ascending,
**              comma-separated ("2,4"); "" = unanswered
**   truefalse  "true" or "false"
**   typed, cloze, numeric   the text typed (cloze with several blanks:
**              one line per blank)
**   order      the card's 1-based item numbers in the order the student
**              put them ("3,1,2")
*/
#ifndef KK_PAPER_H
#define KK_PAPER_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/rng.h"
#include "core/exam/exam.h"

/* The seed of student_no's paper: the class seed, or in student mode the
** class seed mixed with the student number. */
uint64_t kk_exam_student_seed(const kk_ExamSpec *spec, const char *student_no);

/* ---- papers ---------------------------------------------------------------*/

typedef struct kk_Question {
  const kk_Card *card;   /* borrowed from the bank */
  const char *deck_id;   /* borrowed */
  const char *key;       /* item key: card id, or "id#cN" for cloze */
  int cloze;             /* cloze number for cloze cards, else 0 */
  size_t pool;           /* index into spec->pools */
  double points;         /* full marks */
  int64_t time_limit_ms; /* per-question limit, 0 = none */
  size_t *perm;          /* shown position i -> card option/item perm[i] */
  size_t nperm;          /* options (choice), items (order), else 0 */
} kk_Question;

typedef struct kk_Paper kk_Paper;

/* Draws the paper: pools in order, each takes `count` distinct cards at
** random from the items it accepts that no earlier pool took (a cloze card
** then gets one of its numbers at random); questions are shuffled if the
** spec says so (else each pool's cards keep their deck order), choice
** options if the spec says so, order items always.
** The same spec, bank (same order) and seed give the same paper.
** KK_ERR_INVALID (in err) when a pool cannot supply its count. */
kk_Status kk_paper_build(const kk_ExamSpec *spec, const kk_ExamItem *items, size_t n, uint64_t seed,
                         kk_Paper **out, kk_Err *err);
void kk_paper_free(kk_Paper *p); /* p may be NULL */

size_t kk_paper_count(const kk_Paper *p);
const kk_Question *kk_paper_question(const kk_Paper *p, size_t i);
double kk_paper_max_points(const kk_Paper *p);

/* Writes the paper as text (one line per question: key, pool, points,
** time limit, permutation) so a stored attempt is re-read exactly.
** Returns a new string; caller kk_frees.  NULL when out of memory. */
char *kk_paper_serialize(const kk_Paper *p);
/* Reads text written by kk_paper_serialize, finding the cards in items.
** KK_ERR_NOTFOUND if a card is gone from the decks, KK_ERR_PARSE if the
** text is damaged. */
kk_Status kk_paper_parse(const char *text, const kk_ExamItem *items, size_t n, kk_Paper **out,
                         kk_Err *err);

/* Parses a list "3,1,2" of 1-based numbers into 0-based idx[], at most max;
** returns how many, or -1 if malformed or out of 1..limit. */
int kk_paper_parse_list(const char *s, size_t *idx, size_t max, size_t limit);

/* ---- cloze helpers --------------------------------------------------------*/

/* The text of a cloze card with blank `ord` hidden ("[...]" or "[hint]")
** and every other cloze shown as its answer, whatever its length.  Returns
** a new string (kk_free), NULL out of memory: never the text with its
** answers in it. */
char *kk_cloze_prompt(const char *text, int ord);
/* The answers of blank `ord`, one per line, in text order, whatever their
** length, with their number in *count (0 if none).  Returns a new string
** (kk_free), NULL out of memory. */
char *kk_cloze_answers(const char *text, int ord, int *count);

#endif
