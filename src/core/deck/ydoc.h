/*
** ydoc.h -- a YAML document as a tree of nodes with source positions, built
** from libyaml events under hard limits (size, depth, nodes, aliases).
** Depends on libyaml, alloc.h, diag.h.  A kk_YDoc owns all its nodes and
** strings (one arena); node pointers are valid until kk_ydoc_free.
** Positions are 1-based; columns count code points (libyaml's marks are
** 0-based characters).  Aliases resolve to the anchored node (no copying);
** a walk that follows aliases must charge kk_ydoc_charge to stay bounded.
*/
#ifndef KK_YDOC_H
#define KK_YDOC_H

#include <stddef.h>

#include "core/base/alloc.h"
#include "core/base/diag.h"

typedef enum { KK_YSCALAR, KK_YSEQ, KK_YMAP } kk_YKind;

typedef enum {
  KK_YPLAIN,  /* unquoted: may be a number, bool or null */
  KK_YQUOTED, /* 'single' or "double" quoted */
  KK_YBLOCK   /* | literal or > folded */
} kk_YStyle;

typedef struct kk_YNode kk_YNode;
struct kk_YNode {
  unsigned char kind;  /* kk_YKind */
  unsigned char style; /* kk_YStyle, scalars */
  unsigned char alias; /* 1 if this position held an alias (node is shared) */
  int line, col;       /* start, 1-based, col in code points */
  unsigned nkids;      /* MAP: twice the number of pairs */
  size_t xnodes;       /* nodes in this subtree with aliases expanded */
  size_t xbytes;       /* bytes of text in it, aliases expanded */
  const char *str;     /* scalar value, NUL-terminated (contains no NUL) */
  size_t len;
  kk_YNode **kids; /* SEQ: items; MAP: key0, value0, key1, value1, ... */
};

typedef struct kk_YLimits {
  size_t max_bytes;          /* whole input */
  size_t max_depth;          /* nesting of sequences and mappings */
  size_t max_nodes;          /* nodes in the tree */
  size_t max_aliases;        /* alias occurrences */
  size_t max_visits;         /* node visits a walk may charge (alias bombs) */
  size_t max_scalar;         /* bytes in one scalar */
  size_t max_expanded_nodes; /* nodes of the document with aliases expanded */
  size_t max_expanded_bytes; /* bytes of text, aliases expanded */
} kk_YLimits;

/* The documented defaults, one set for decks and exam specs: 64 MiB,
** depth 64, 4M nodes, 10000 aliases, 8M visits, 1 MiB per scalar; with
** every alias expanded at most 8M nodes and 64 MiB of text (an alias is
** charged, where it stands, for everything it repeats). */
void kk_ylimits_default(kk_YLimits *l);
/* The default max_bytes: the most a deck or spec file may hold. */
size_t kk_ylimits_max_bytes(void);

typedef struct kk_YDoc kk_YDoc;

/* Parses buf[0..len) (UTF-8, must not contain NUL).  On success *out is a
** new document (caller frees with kk_ydoc_free) and KK_OK is returned.  On
** failure an error with position is added to diags and a code returned;
** *out is NULL.  lim may be NULL for the defaults.  path is borrowed for
** the call (copied into the diagnostics). */
kk_Status kk_ydoc_parse(const char *buf, size_t len, const char *path, const kk_YLimits *lim,
                        kk_Diags *diags, kk_YDoc **out);
void kk_ydoc_free(kk_YDoc *d);

/* Streaming: like kk_ydoc_parse, but each item of the sequence that is the
** value of the top-level key `stream_key` is handed to fn as soon as it is
** complete, then dropped from the tree and its memory reused (unless it
** defines an anchor, which later nodes may name).  The item and its strings
** are valid only during the call: fn copies what it keeps.  The sequence
** itself stays in the tree, empty.  fn returns 0 to stop parsing (the parse
** then fails with KK_ERR_INVALID; fn has reported why).  *items_begun (may
** be NULL) receives how many items had started, so after a syntax error a
** caller can tell whether the newest item handed over was followed by
** another (it ended normally) or was cut short by the error. */
typedef int (*kk_YItemFn)(void *ud, kk_YDoc *doc, const kk_YNode *item, size_t index);
kk_Status kk_ydoc_parse_stream(const char *buf, size_t len, const char *path, const kk_YLimits *lim,
                               kk_Diags *diags, const char *stream_key, kk_YItemFn fn, void *ud,
                               size_t *items_begun, kk_YDoc **out);

/* The root node (NULL for an empty document). */
const kk_YNode *kk_ydoc_root(const kk_YDoc *d);
/* Charges n node visits to a walk; returns 0 once the budget is spent. */
int kk_ydoc_charge(kk_YDoc *d, size_t n);
/* The arena of the document, for callers that want to keep strings as long
** as the document lives. */
kk_Arena *kk_ydoc_arena(kk_YDoc *d);

/* Map lookup: the value for key, or NULL.  Borrowed. */
const kk_YNode *kk_ynode_get(const kk_YNode *map, const char *key);
/* Calls fn for every text key of map that repeats an earlier key, with its
** pair number (key = map->kids[2 * pair]) and the first occurrence, in
** linear time.  Returns 0 out of memory (some repeats may then go
** unreported), else 1. */
typedef void (*kk_YRepeatFn)(void *ud, size_t pair, const kk_YNode *first);
int kk_ymap_repeats(const kk_YNode *map, kk_YRepeatFn fn, void *ud);
/* 1 if a plain scalar reads as null (~, null, empty). */
int kk_ynode_is_null(const kk_YNode *n);
/* Reads a plain scalar as a bool (true/false, case-insensitive); returns 1
** and sets *v, else 0. */
int kk_ynode_bool(const kk_YNode *n, int *v);
/* Reads a plain scalar as a whole number in [lo, hi]; returns 1 on success. */
int kk_ynode_int(const kk_YNode *n, long long lo, long long hi, long long *v);
/* Reads a plain scalar as a finite real number; returns 1 on success. */
int kk_ynode_number(const kk_YNode *n, double *v);
/* "a text", "a list", "a mapping" (for messages). */
const char *kk_ynode_kind_name(const kk_YNode *n);

/* Levenshtein distance between a and b in bytes, capped at cap+1. */
size_t kk_edit_distance(const char *a, const char *b, size_t cap);
/* The closest of the n candidates to word if it is a plausible near miss,
** else NULL. */
const char *kk_suggest(const char *word, const char *const *cands, size_t n);

/* 3 if buf starts with the UTF-8 byte-order mark (which YAML allows and
** kk_ydoc_parse skips), else 0.  Positions count from after it. */
size_t kk_ydoc_bom_len(const char *buf, size_t len);
/* 1 if buf looks like UTF-16 (a UTF-16 byte-order mark, or ASCII with a NUL
** beside each character). */
int kk_ydoc_is_utf16(const char *buf, size_t len);

#endif
