/*
** exam.h -- the exam spec: what an exam draws from which decks, how it is
** timed, shuffled, scored and shown.  Loaded from YAML (libyaml) with
** line:col diagnostics into a kk_Diags.  Depends on alloc.h, diag.h, deck.h.
** kk_exam_spec_load_* return a new kk_ExamSpec; caller frees with
** kk_exam_spec_free.  Its strings live in the spec's arena; the struct is
** read-only for callers.  docs/exam-format.md describes the format.
*/
#ifndef KK_EXAM_H
#define KK_EXAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/alloc.h"
#include "core/deck/deck.h"
#include "core/base/diag.h"

typedef enum {
  KK_FEEDBACK_NEVER,
  KK_FEEDBACK_AFTER_SUBMIT,
  KK_FEEDBACK_AFTER_EACH
} kk_ExamFeedback;

typedef enum { KK_NAV_FREE, KK_NAV_SEQUENTIAL } kk_ExamNav;

/* A question's points: above 0 and at most KK_EXAM_MAX_POINTS; the pass
** mark: a percentage from 0 to 100.  Every reader of a spec, a pack or a
** stored paper holds them to this (false for NaN). */
#define KK_EXAM_MAX_POINTS 10000
/* The longest exam id (the characters of a deck id: kk_deck_valid_id_max):
** it names result files and stored attempts. */
#define KK_EXAM_MAX_ID 100
static inline int kk_exam_points_ok(double p) { return p > 0 && p <= KK_EXAM_MAX_POINTS; }
static inline int kk_exam_pass_mark_ok(double m) { return m >= 0 && m <= 100; }

/* class: one seed for everybody; student: seed mixed with student number. */
typedef enum { KK_SEED_CLASS, KK_SEED_STUDENT } kk_ExamSeedMode;

/* Partial credit for choice questions with several correct options. */
typedef enum {
  KK_CHOICE_ALL_OR_NOTHING, /* full points only for exactly the right set */
  KK_CHOICE_PER_OPTION      /* right picks/ncorrect - wrong picks/nwrong, >= 0 */
} kk_ExamChoiceCredit;

/* Partial credit for order questions. */
typedef enum {
  KK_ORDER_ALL_OR_NOTHING,
  KK_ORDER_POSITION, /* fraction of items in their correct position */
  KK_ORDER_PAIRWISE  /* fraction of item pairs in the correct relative order */
} kk_ExamOrderCredit;

/* Bit (1u << kk_CardType) per card type. */
#define KK_EXAM_TYPE_BIT(t) (1u << (unsigned)(t))
/* The objective types a pool draws when it names none. */
#define KK_EXAM_DEFAULT_TYPES                                                                      \
  (KK_EXAM_TYPE_BIT(KK_CARD_CHOICE) | KK_EXAM_TYPE_BIT(KK_CARD_TRUEFALSE) |                        \
   KK_EXAM_TYPE_BIT(KK_CARD_TYPED) | KK_EXAM_TYPE_BIT(KK_CARD_NUMERIC) |                           \
   KK_EXAM_TYPE_BIT(KK_CARD_ORDER) | KK_EXAM_TYPE_BIT(KK_CARD_CLOZE))

typedef struct kk_ExamPool {
  const char *name;   /* "pool N" (1-based) if not given */
  const char **decks; /* deck ids to draw from; none: every listed deck */
  size_t ndecks;
  const char **tags; /* a card qualifies if it has any of them; none: all */
  size_t ntags;
  unsigned types;            /* KK_EXAM_TYPE_BIT set */
  size_t count;              /* questions to draw */
  double points;             /* points per question */
  int64_t question_time_ms;  /* per-question limit, 0 = none */
  int line, col;             /* the pool's mapping */
  int count_line, count_col; /* its `count` value (for "cannot supply") */
} kk_ExamPool;

typedef struct kk_ExamExtension {
  const char *student_no;
  int minutes;
} kk_ExamExtension;

typedef struct kk_ExamSpec {
  const char *path; /* as passed to the loader */
  const char *id;   /* `exam:` -- the exam's stable id */
  const char *title;
  const char *instructions; /* "" if none */
  const char **decks;       /* deck files as written (relative to the spec) */
  size_t ndecks;
  int *deck_lines, *deck_cols; /* where each deck entry is */
  kk_ExamPool *pools;
  size_t npools;
  int64_t time_limit_ms;             /* whole exam; 0 = untimed */
  int64_t question_time_ms;          /* default per-question limit, 0 = none */
  int shuffle_questions;             /* default 1 */
  int shuffle_choices;               /* default 1 */
  uint64_t seed;                     /* the class seed (derived from the id if absent) */
  kk_ExamSeedMode seed_mode;         /* default class */
  double pass_percent;               /* 0..100 of the total points, default 50 */
  kk_ExamFeedback feedback;          /* default after_submit */
  int review_after_submit;           /* default 1 */
  kk_ExamNav navigation;             /* default free */
  kk_ExamChoiceCredit choice_credit; /* default per_option */
  kk_ExamOrderCredit order_credit;   /* default position */
  int update_schedule;               /* default 0: answers never touch the schedule */
  int from_pack;                     /* 1: read from a pack (pack.h): the cards hold no
                                answers, marks are computed by `results mark` */
  kk_ExamExtension *extensions;      /* keys: numbers, or kk_exam_extension_key */
  size_t nextensions;
  const char *extensions_salt; /* NULL unless given */
  char hash[17];               /* FNV-1a 64 of the spec bytes, hex */
  int line_pools, col_pools;   /* position of `pools:` (1-based) */
  kk_Arena arena;              /* owns everything above */
} kk_ExamSpec;

/* Parses an exam spec from buf[0..len).  Every problem found goes into
** diags (errors and warnings, "did you mean" notes for unknown keys).
** Returns KK_OK and a new spec in *out, or KK_ERR_PARSE / KK_ERR_INVALID /
** KK_ERR_NOMEM with *out NULL.  path is used for diagnostics only. */
kk_Status kk_exam_spec_load_mem(const char *buf, size_t len, const char *path, kk_Diags *diags,
                                kk_ExamSpec **out);
/* Like kk_exam_spec_load_mem, but a spec that parsed and broke rules is
** still returned in *out (status KK_ERR_INVALID), with whatever was valid
** filled in: lint uses it to check the decks too.  Caller frees it. */
kk_Status kk_exam_spec_load_partial(const char *buf, size_t len, const char *path, kk_Diags *diags,
                                    kk_ExamSpec **out);
/* Reads path and calls kk_exam_spec_load_mem.  KK_ERR_IO if unreadable. */
kk_Status kk_exam_spec_load_file(const char *path, kk_Diags *diags, kk_ExamSpec **out);
void kk_exam_spec_free(kk_ExamSpec *s); /* s may be NULL */

/* 1 if buf looks like an exam spec (a top-level mapping with an `exam`
** key), 0 otherwise; for `kioku lint`, to tell specs from decks. */
int kk_exam_spec_sniff(const char *buf, size_t len);

/* Minutes of extra time for student_no (0 if none): an extension keyed by
** the number itself, or by its kk_exam_extension_key under the spec's
** extensions_salt. */
int kk_exam_spec_extension_min(const kk_ExamSpec *s, const char *student_no);

/* Extensions in a file students receive need not name the students: a key
** "h:" + 32 hex digits is an Argon2id hash (libsodium) of the number under
** the spec's `extensions_salt`.  Finding one's own key costs a fraction of
** a second; trying every possible number for each key costs days.  (A
** student who knows a classmate's number can still test it: the hash hides
** extensions from reading, not from guessing a known number.) */
#define KK_EXAM_EXT_KEY_PREFIX "h:"
#define KK_EXAM_EXT_KEY_MAX 40
#define KK_EXAM_EXT_OPSLIMIT 2
#define KK_EXAM_EXT_MEMLIMIT (16u << 20)
/* Writes the key of student_no under salt into key; 0, or -1 when out of
** memory. */
int kk_exam_extension_key(const char *salt, const char *student_no, char key[KK_EXAM_EXT_KEY_MAX]);
/* The key a spec's extension entry is written under for students: the
** entry's own key when it is already a hash, else its kk_exam_extension_key
** under salt.  0, or -1 when out of memory. */
int kk_exam_extension_entry_key(const char *salt, const char *entry, char key[KK_EXAM_EXT_KEY_MAX]);

/* Writes the path of deck i resolved against the spec's folder into buf
** (absolute entries are kept); returns its length or -1 if it did not fit. */
int kk_exam_spec_deck_path(const kk_ExamSpec *s, size_t i, char *buf, size_t size);

/* ---- the bank: the cards an exam may draw from -------------------------- */

/* One card of a loaded deck, with the id of the deck it came from. */
typedef struct kk_ExamItem {
  const char *deck_id; /* borrowed */
  const kk_Card *card; /* borrowed */
} kk_ExamItem;

/* 1 if card qualifies for pool p (deck, tags, type; cloze must have a
** number; choice at least one correct option). */
int kk_exam_pool_accepts(const kk_ExamPool *p, const char *deck_id, const kk_Card *card);

/* Checks that every pool can supply its count from items[0..n) whatever the
** seed, given that a card is used at most once per paper and pools draw in
** order; also that pool deck ids exist.  Adds an error per shortfall to
** diags (at the pool's `count`).  Returns the number of errors added. */
size_t kk_exam_spec_check_bank(const kk_ExamSpec *s, const kk_ExamItem *items, size_t n,
                               kk_Diags *diags);

/* The decks a spec lists, loaded, and their cards as a bank.  (exambank.c) */
typedef struct kk_ExamBank {
  kk_Deck **decks; /* owned */
  size_t ndecks;
  kk_ExamItem *items; /* owned array; cards borrowed from decks */
  size_t n;
} kk_ExamBank;

/* Loads every deck of s (paths relative to the spec's folder) with
** core/load.h.  Problems go to diags: deck problems at the deck files, an
** unreadable deck at its entry in the spec, ids used by two decks.  On
** KK_OK *b is filled (free with kk_exam_bank_free); otherwise it is empty. */
kk_Status kk_exam_bank_load(const kk_ExamSpec *s, kk_Diags *diags, kk_ExamBank *b);
void kk_exam_bank_free(kk_ExamBank *b); /* b may be NULL */

/* Lints a spec completely: parses it, loads its decks and checks that the
** pools can be supplied (kk_exam_spec_check_bank).  Every problem goes into
** diags; returns KK_OK when there is no error, else the first failure's
** status (KK_ERR_INVALID for rule breaks).  `kioku lint` calls this for
** files kk_exam_spec_sniff recognises. */
kk_Status kk_exam_spec_lint_mem(const char *buf, size_t len, const char *path, kk_Diags *diags);
kk_Status kk_exam_spec_lint(const char *path, kk_Diags *diags);

/* ---- small shared helpers -------------------------------------------------*/

/* A collision-resistant digest (BLAKE2b-128, libsodium) of the exact
** student number, keyed by salt (NULL or "" for none), as 32 lower-case hex
** digits and a NUL in hex[33].  Used where two numbers must never share a
** name (result files) and where a number must not be readable (the keys
** of extensions in what students receive). */
void kk_exam_number_digest(const char *salt, const char *student_no, char hex[33]);

#endif
