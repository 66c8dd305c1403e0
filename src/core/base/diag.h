/*
** diag.h -- a list of diagnostics (errors, warnings, notes) with positions,
** collected by the loaders and by lint.  Depends on err.h, alloc.h.
** A kk_Diags owns its messages; kk_diags_free releases them.  Positions
** are 1-based; columns count code points.  The cap applies to each
** severity: at most `cap` warnings are kept (later ones are counted and
** dropped); at most `cap` errors are kept, the last slot always holding the
** newest error, so a fatal error found at the end is never pushed out.
** Printing puts errors first, then warnings.
*/
#ifndef KK_DIAG_H
#define KK_DIAG_H

#include <stdio.h>

#include "core/base/err.h"

typedef enum { KK_SEV_ERROR, KK_SEV_WARNING } kk_Severity;

typedef struct kk_Diag {
  kk_Severity sev;
  const char *path; /* borrowed from the kk_Diags (owned there) */
  int line, col;    /* 1-based, 0 if none */
  char *msg;        /* owned by the list */
  char *notes;      /* owned; "note: ..." lines joined by '\n', or NULL */
  size_t seq;       /* insertion order, keeps sorting stable */
} kk_Diag;

typedef struct kk_Diags {
  kk_Diag *items;
  size_t n, alloc;
  size_t cap;                        /* most errors, and most warnings, kept; 0 means
                     ** KK_DIAGS_DEFAULT_CAP */
  size_t nerrors, nwarnings;         /* counted even past the cap */
  size_t kept_errors, kept_warnings; /* entries of each kind in items */
  size_t last_error;                 /* index of the newest kept error */
  int truncated;                     /* 1 if entries were dropped at the cap */
  int oom;                           /* 1 if a message could not be stored */
  char **paths;                      /* interned path strings */
  size_t npaths, apaths;
} kk_Diags;

#define KK_DIAGS_DEFAULT_CAP 1000

/* Zero-initialise a kk_Diags, or call this. */
void kk_diags_init(kk_Diags *d, size_t cap);
void kk_diags_free(kk_Diags *d); /* d may be NULL */

/* Adds a diagnostic; returns a pointer to it (valid until the next add) so
** the caller can attach notes, or NULL when dropped (a warning past the
** cap) or out of memory.  An error past the cap replaces the newest kept
** error. */
kk_Diag *kk_diags_add(kk_Diags *d, kk_Severity sev, const char *path, int line, int col,
                      const char *fmt, ...) KK_PRINTF(6, 7);
/* Appends a "note: ..." line to dg (dg may be NULL: then nothing happens). */
void kk_diag_note(kk_Diags *d, kk_Diag *dg, const char *fmt, ...) KK_PRINTF(3, 4);

/* Removes entries [from, to) (and their counts); later entries move down. */
void kk_diags_remove(kk_Diags *d, size_t from, size_t to);

/* Copies the first error into e (for callers that want a single kk_Err).
** Returns its code (KK_ERR_INVALID) or KK_OK when there is none. */
kk_Status kk_diags_first_error(const kk_Diags *d, kk_Err *e);

/* Prints GCC-style lines ("path:line:col: error: msg", then note lines)
** to f: the errors, then the warnings, each in list order. */
void kk_diags_print(const kk_Diags *d, FILE *f);
/* Prints the closing count line, e.g. "3 errors, 1000+ warnings" (the
** numbers shown, '+' when more were dropped at the cap); nothing when the
** list is empty. */
void kk_diags_print_count(const kk_Diags *d, FILE *f);
/* The same count as text in buf (always NUL-terminated; "" when empty). */
void kk_diags_count_text(const kk_Diags *d, char *buf, size_t size);
/* Prints the list as a JSON array of objects to f, errors first. */
void kk_diags_print_json(const kk_Diags *d, FILE *f);
/* Sorts by path, line, column (stable). */
void kk_diags_sort(kk_Diags *d);

#endif
