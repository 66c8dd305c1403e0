/*
** mark.h -- marking one answer to one question of a paper under the spec's
** partial-credit rules, and writing correct answers and readable answers.
** Depends on paper.h (the answer-string format is described there) and
** deck/text.h (answer folding).  Pure functions: no allocation that
** outlives a call, nothing owned.
*/
#ifndef KK_MARK_H
#define KK_MARK_H

#include <stddef.h>

#include "core/exam/paper.h"

/* The fraction of full marks (0..1) the answer earns under the spec's
** partial-credit rules.  "" or NULL earns 0. */
double kk_mark_question(const kk_ExamSpec *spec, const kk_Question *q, const char *answer);
/* Writes the correct answer in the answer-string format above (typed: the
** first accepted answer; numeric: the value) into buf; returns its length,
** or -1 if it did not fit. */
int kk_mark_correct(const kk_Question *q, char *buf, size_t size);
/* Writes a readable form of an answer string (option texts joined by
** " | ", order items joined by " > ") into buf; returns its length or -1. */
int kk_mark_answer_text(const kk_Question *q, const char *answer, char *buf, size_t size);

/* The one rule for a number typed as the answer to a numeric card, in the
** drill and in exams: full-width digits and signs, U+2212 as minus, ','
** and '_' as thousands separators and spaces between digits are read as
** the number; the card's unit may follow; the number itself is read by
** num.h (no hex, no "inf").  Returns 1 if it is the card's value (within
** its tolerance), 0 if it is another number, -1 if it is not a number. */
int kk_mark_number(const kk_Card *c, const char *typed);

/* 1 if a typed answer equals an accepted one after kk_text_fold_answer
** (NFKC, case folding, whitespace runs collapsed, katakana as hiragana);
** an empty answer never matches. */
int kk_mark_matches(const char *given, const char *accepted);
/* The same with text.h's folding flags (KK_TEXT_FOLD_NO_KANA for a deck
** with fold_kana: false). */
int kk_mark_matches_flags(const char *given, const char *accepted, unsigned flags);

#endif
