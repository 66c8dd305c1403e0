/*
** apkg.h -- Anki packages (.apkg) out of and into Kioku.  Depends on
** deck.h, store.h (progress goes through the store's own functions), pack.h
** and SQLite.  An Anki collection is a foreign file format, so the SQL that
** reads and writes it lives here; the rule that SQL stays in the store is
** about Kioku's own progress store, which this module never queries.
** Everything borrows its inputs; files are written through the atomic
** writer and only once everything was produced.  docs/interop.md says what
** travels and what does not.
*/
#ifndef KK_APKG_H
#define KK_APKG_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/diag.h"
#include "core/base/err.h"
#include "core/deck/deck.h"
#include "core/study/store.h"

/* Note type ids Kioku writes (fixed, so a second export updates the same
** note types in Anki and an import knows Kioku's own notes). */
#define KK_APKG_MODEL_BASIC 1735000000001LL
#define KK_APKG_MODEL_REVERSED 1735000000002LL
#define KK_APKG_MODEL_CLOZE 1735000000003LL
#define KK_APKG_MODEL_KIOKU 1735000000004LL

/* Caps on what an import unpacks. */
#define KK_APKG_MAX_FILE ((size_t)1 << 31)   /* the .apkg itself */
#define KK_APKG_MAX_TOTAL ((size_t)1 << 31)  /* all members, unpacked */
#define KK_APKG_MAX_IMAGE ((size_t)16 << 20) /* one image taken into a deck */

typedef struct kk_ApkgCounts {
  size_t decks, notes, cards, media, reviews;
} kk_ApkgCounts;

typedef struct kk_ApkgExportOptions {
  kk_Store *progress; /* NULL: every card new, no review log */
  int64_t now_ms;     /* the collection's creation and modification time */
} kk_ApkgExportOptions;

/* Writes the n decks as an Anki package (collection.anki2 in schema 11,
** the media map and the images) to path; flags as kk_atomic_open's.  One
** note per card: Basic, Basic (and reversed card) and Cloze note types with
** Explanation and Source fields, and a "Kioku" note type for choice, typed,
** numeric, true/false and order cards (a type-in field for typed and
** numeric answers; the card itself in a Kioku field for a lossless way
** back).  Note guids are the card ids.  counts may be NULL. */
kk_Status kk_apkg_export(kk_Deck *const *decks, size_t n, const kk_ApkgExportOptions *opt,
                         const char *path, int flags, kk_ApkgCounts *counts, kk_Err *err);

typedef struct kk_ApkgImportOptions {
  kk_Store *history;      /* non-NULL: the review log and card states go here */
  int force;              /* replace existing deck and image files */
  const char *first_line; /* written before each deck (an editor modeline); NULL: none */
} kk_ApkgImportOptions;

/* Reads the package in buf[0..len) (path names it) and writes one YAML
** deck per Anki deck holding notes into the folder out_dir (created if
** missing), images beside the decks.  Reads collection.anki21b (zstd,
** with the newer media list), else collection.anki21, else
** collection.anki2.  Warnings (note types imported as basic cards, dropped
** images) go to diags (may be NULL).  Nothing is written unless the whole
** package was read; a failed write removes what was written.  counts may
** be NULL. */
kk_Status kk_apkg_import(const char *buf, size_t len, const char *path, const char *out_dir,
                         const kk_ApkgImportOptions *opt, kk_Diags *diags, kk_ApkgCounts *counts,
                         kk_Err *err);

/* Anki field HTML to Kioku text: <br>, <div> and <p> become line breaks,
** <ruby>漢字<rt>かんじ</rt></ruby> becomes 漢字[かんじ] (｜ marks a base that
** is not all kanji), other tags are dropped with their text kept, entities
** are decoded.  The src of each <img> is passed to img (may be NULL).
** Returns a new string (caller kk_frees) or NULL when out of memory. */
char *kk_apkg_html_text(const char *html, size_t len, void (*img)(void *ud, const char *src),
                        void *ud);

#endif
