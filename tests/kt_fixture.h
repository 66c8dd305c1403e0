/*
** kt_fixture.h -- the setup several tests share, and the counters of kt.h.
** Linked into every test executable (tests/CMakeLists.txt).  Depends on the
** core (decks, exam specs, the store, the UI over the store host).
**
** A fixture that cannot set up what it was asked for records a failure
** itself, with the caller's file:line and the reason (a deck's diagnostics),
** and returns NULL or -1: the test fails even if the caller did not look.
** Callers KT_REQUIRE the result to stop the test there.  Everything a
** fixture returns is the caller's, freed as its type says (kk_deck_free,
** kk_exam_spec_free, kk_store_close, kt_ui_close, kt_rm_rf).
*/
#ifndef KT_FIXTURE_H
#define KT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "core/deck/deck.h"
#include "core/exam/exam.h"
#include "core/study/store.h"
#include "core/ui/ui.h"
#include "core/ui/ui_store.h"

/* Records a failed fixture in kt.h's counters, printed as file:line. */
void kt_fixture_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- files ----------------------------------------------------------------
** kt_tmpdir: makes a new folder /tmp/kk_test_NAME_XXXXXX and writes its
** path into buf; 0, or -1 (failure recorded).  kt_rm_rf removes a folder
** and everything in it (NULL or "" does nothing): 0, or -1 if something
** stayed (named on stderr; not a failure by itself).  kt_write_file writes
** text to path; 0, or -1 (failure recorded). */
#define kt_tmpdir(buf, size, name) kt_tmpdir_at(__FILE__, __LINE__, buf, size, name)
#define kt_write_file(path, text) kt_write_file_at(__FILE__, __LINE__, path, text)
int kt_tmpdir_at(const char *file, int line, char *buf, size_t size, const char *name);
int kt_write_file_at(const char *file, int line, const char *path, const char *text);
int kt_rm_rf(const char *dir);

/* ---- decks, exam specs, the store ----------------------------------------
** kt_deck loads a deck from YAML text (path names it in diagnostics),
** kt_deck_file from a file, kt_spec an exam spec from YAML text, kt_store
** opens (creating) the progress store in folder dir.  A deck or spec loads
** only without errors; on failure its diagnostics are printed. */
#define kt_deck(yaml, path) kt_deck_at(__FILE__, __LINE__, yaml, path)
#define kt_deck_file(path) kt_deck_file_at(__FILE__, __LINE__, path)
#define kt_spec(yaml, path) kt_spec_at(__FILE__, __LINE__, yaml, path)
#define kt_store(dir) kt_store_at(__FILE__, __LINE__, dir)
kk_Deck *kt_deck_at(const char *file, int line, const char *yaml, const char *path);
kk_Deck *kt_deck_file_at(const char *file, int line, const char *path);
kk_ExamSpec *kt_spec_at(const char *file, int line, const char *yaml, const char *path);
kk_Store *kt_store_at(const char *file, int line, const char *dir);

/* Checks (KT_CHECK, one each) that card y, read back from an export,
** matches x: type, front, back, explanation, source document and line,
** options, answers, numeric value, unit and order items. */
void kt_check_card_same(const kk_Card *x, const kk_Card *y);

/* ---- the UI ----------------------------------------------------------------
** kt_metrics: text measured without fonts: a code point from U+1100 up is
** px wide, any other px / 2; a negative px (the bold face) counts as -px;
** lines are px + px / 4 high, the ascent px. */
extern const kk_TextMetrics kt_metrics;
int kt_metrics_width(void *ud, int px, const char *s, size_t len);

/* The whole UI over the real store host, drawn after every event. */
typedef struct kt_Ui {
  kk_UiStore *us;
  kk_Ui *ui;
  kk_DrawList dl;
  int w, h;          /* the window, 960 x 680 unless the test changes it */
  int64_t now;       /* advanced 700 ms by each event */
  int out_of_bounds; /* texts drawn past the window's left or right edge */
} kt_Ui;

/* Opens the UI over store with decks[0..n) (borrowed: they and the store
** outlive the kt_Ui) on screen start, at 1790000000000 ms, and draws it
** once; 0, or -1 (failure recorded).  kt_ui_close frees what it opened. */
#define kt_ui_open(f, store, decks, n, start)                                                      \
  kt_ui_open_at(__FILE__, __LINE__, f, store, decks, n, start)
int kt_ui_open_at(const char *file, int line, kt_Ui *f, kk_Store *store, kk_Deck **decks, size_t n,
                  kk_UiScreen start);
void kt_ui_close(kt_Ui *f);
/* Sends one event (now_ms set), then draws; returns kk_ui_handle's flags. */
unsigned kt_ui_send(kt_Ui *f, kk_UiEvent ev);
unsigned kt_ui_key(kt_Ui *f, kk_Key k, int mods);
unsigned kt_ui_ch(kt_Ui *f, uint32_t c, int mods);
unsigned kt_ui_text(kt_Ui *f, const char *s);
/* The first text drawn that contains s (kt_ui_find) or is s (_exact). */
const kk_DrawCmd *kt_ui_find(const kt_Ui *f, const char *s);
const kk_DrawCmd *kt_ui_find_exact(const kt_Ui *f, const char *s);

#endif
