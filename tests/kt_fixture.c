/*
** kt_fixture.c -- the test counters of kt.h and the shared setup
** (kt_fixture.h): temporary folders and files, decks and exam specs from
** text, the progress store, fake text metrics, the UI over the store host.
*/
#define _XOPEN_SOURCE 700
#include "kt_fixture.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/utf8.h"
#include "core/deck/load.h"
#include "kt.h"

/* kt.h's counters: one set for the test and the fixtures it calls. */
int kt_pass, kt_fail, kt_cur_fail;
const char *kt_cur = "";

void kt_fixture_fail(const char *file, int line, const char *fmt, ...) {
  kt_fail++, kt_cur_fail++;
  fprintf(stderr, "%s:%d: %s: fixture failed: ", file, line, kt_cur);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* ---- files ------------------------------------------------------------------ */

int kt_tmpdir_at(const char *file, int line, char *buf, size_t size, const char *name) {
  if ((size_t)snprintf(buf, size, "/tmp/kk_test_%s_XXXXXX", name) >= size || !mkdtemp(buf)) {
    kt_fixture_fail(file, line, "cannot make a temporary folder for %s", name);
    if (size) buf[0] = '\0';
    return -1;
  }
  return 0;
}

static int rm_left; /* entries kt_rm_rf could not remove */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  if (remove(path) != 0) {
    fprintf(stderr, "cannot remove %s\n", path);
    rm_left++;
  }
  return 0;
}

int kt_rm_rf(const char *dir) {
  if (!dir || !*dir) return 0;
  rm_left = 0;
  if (nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0) return -1;
  return rm_left ? -1 : 0;
}

int kt_write_file_at(const char *file, int line, const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  int ok = f && fputs(text, f) >= 0;
  if (f && fclose(f) != 0) ok = 0;
  if (!ok) {
    kt_fixture_fail(file, line, "cannot write %s", path);
    return -1;
  }
  return 0;
}

/* ---- decks, exam specs, the store ------------------------------------------------- */

static kk_Deck *deck_done(const char *file, int line, const char *path, kk_Status st, kk_Diags *dg,
                          kk_Deck *d) {
  if (st != KK_OK || !d || dg->nerrors) {
    kk_diags_print(dg, stderr);
    kt_fixture_fail(file, line, "the deck %s did not load", path);
    kk_deck_free(d);
    d = NULL;
  }
  kk_diags_free(dg);
  return d;
}

kk_Deck *kt_deck_at(const char *file, int line, const char *yaml, const char *path) {
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_Deck *d = NULL;
  kk_Status st = kk_deck_load_mem(yaml, strlen(yaml), path, &dg, &d);
  return deck_done(file, line, path, st, &dg, d);
}

kk_Deck *kt_deck_file_at(const char *file, int line, const char *path) {
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_Deck *d = NULL;
  kk_Status st = kk_deck_load_file(path, &dg, &d);
  return deck_done(file, line, path, st, &dg, d);
}

kk_ExamSpec *kt_spec_at(const char *file, int line, const char *yaml, const char *path) {
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_ExamSpec *s = NULL;
  kk_Status st = kk_exam_spec_load_mem(yaml, strlen(yaml), path, &dg, &s);
  if (st != KK_OK || !s || dg.nerrors) {
    kk_diags_print(&dg, stderr);
    kt_fixture_fail(file, line, "the exam spec %s did not load", path);
    kk_exam_spec_free(s);
    s = NULL;
  }
  kk_diags_free(&dg);
  return s;
}

kk_Store *kt_store_at(const char *file, int line, const char *dir) {
  kk_Store *s = NULL;
  kk_Err e;
  if (kk_store_open(dir, &e, &s) != KK_OK) {
    kt_fixture_fail(file, line, "cannot open a progress store in %s: %s", dir, e.msg);
    return NULL;
  }
  return s;
}

void kt_check_card_same(const kk_Card *x, const kk_Card *y) {
  KT_CHECK(x->type == y->type);
  KT_CHECK_STR(x->front, y->front);
  KT_CHECK_STR(x->back ? x->back : "", y->back ? y->back : "");
  KT_CHECK_STR(x->explanation ? x->explanation : "", y->explanation ? y->explanation : "");
  KT_CHECK_STR(x->source.doc, y->source.doc);
  KT_CHECK(x->source.line == y->source.line);
  KT_CHECK(x->noptions == y->noptions && x->ncorrect == y->ncorrect);
  for (size_t k = 0; k < x->noptions && k < y->noptions; k++) {
    KT_CHECK_STR(x->options[k].text, y->options[k].text);
    KT_CHECK(x->options[k].correct == y->options[k].correct);
    KT_CHECK_STR(x->options[k].feedback ? x->options[k].feedback : "",
                 y->options[k].feedback ? y->options[k].feedback : "");
  }
  KT_CHECK(x->nanswers == y->nanswers);
  for (size_t k = 0; k < x->nanswers && k < y->nanswers; k++)
    KT_CHECK_STR(x->answers[k], y->answers[k]);
  KT_CHECK(x->value == y->value && x->tolerance == y->tolerance && x->truth == y->truth);
  KT_CHECK_STR(x->unit ? x->unit : "", y->unit ? y->unit : "");
  KT_CHECK(x->nitems == y->nitems);
  for (size_t k = 0; k < x->nitems && k < y->nitems; k++) KT_CHECK_STR(x->items[k], y->items[k]);
}

/* ---- the UI ------------------------------------------------------------------- */

int kt_metrics_width(void *ud, int px, const char *s, size_t len) {
  size_t i = 0;
  int w = 0;
  (void)ud;
  if (px < 0) px = -px;
  while (i < len) {
    int32_t cp = kk_utf8_next(s, len, &i);
    w += cp >= 0x1100 ? px : px / 2;
  }
  return w;
}
static int line_height(void *ud, int px) { return (void)ud, px + px / 4; }
static int ascent(void *ud, int px) { return (void)ud, px; }
const kk_TextMetrics kt_metrics = {NULL, kt_metrics_width, line_height, ascent};

static void frame(kt_Ui *f) {
  kk_draw_reset(&f->dl);
  kk_ui_draw(f->ui, f->w, f->h, 1.0f, &kt_metrics, &f->dl);
  for (size_t i = 0; i < f->dl.n; i++) {
    const kk_DrawCmd *c = &f->dl.cmds[i];
    if (c->kind != KK_DRAW_TEXT) continue;
    int w = kt_metrics_width(NULL, c->px, c->text, strlen(c->text));
    if (c->r.x < 0 || c->r.x + w > f->w) f->out_of_bounds++;
  }
}

int kt_ui_open_at(const char *file, int line, kt_Ui *f, kk_Store *store, kk_Deck **decks, size_t n,
                  kk_UiScreen start) {
  memset(f, 0, sizeof *f);
  kk_draw_init(&f->dl);
  kk_Err e;
  if (kk_ui_store_new(store, decks, n, 540, 4, &e, &f->us) != KK_OK) {
    kt_fixture_fail(file, line, "cannot open the store host: %s", e.msg);
    return -1;
  }
  kk_UiConfig cfg = {0};
  cfg.decks = decks;
  cfg.ndecks = n;
  cfg.host = kk_ui_store_host(f->us);
  cfg.start = start;
  f->ui = kk_ui_new(&cfg);
  if (!f->ui) {
    kt_fixture_fail(file, line, "cannot open the UI");
    return -1;
  }
  f->w = 960, f->h = 680;
  f->now = 1790000000000;
  kt_ui_send(f, (kk_UiEvent){.kind = KK_EV_RESIZE});
  return 0;
}

void kt_ui_close(kt_Ui *f) {
  kk_ui_free(f->ui);
  kk_draw_free(&f->dl);
  kk_ui_store_free(f->us);
  memset(f, 0, sizeof *f);
}

unsigned kt_ui_send(kt_Ui *f, kk_UiEvent ev) {
  f->now += 700;
  ev.now_ms = f->now;
  unsigned fl = kk_ui_handle(f->ui, &ev);
  frame(f);
  return fl;
}

unsigned kt_ui_key(kt_Ui *f, kk_Key k, int mods) {
  return kt_ui_send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = k, .mods = mods});
}

unsigned kt_ui_ch(kt_Ui *f, uint32_t c, int mods) {
  return kt_ui_send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = KK_KEY_CHAR, .ch = c, .mods = mods});
}

unsigned kt_ui_text(kt_Ui *f, const char *s) {
  return kt_ui_send(f, (kk_UiEvent){.kind = KK_EV_TEXT, .text = s});
}

const kk_DrawCmd *kt_ui_find(const kt_Ui *f, const char *s) {
  for (size_t i = 0; i < f->dl.n; i++)
    if (f->dl.cmds[i].kind == KK_DRAW_TEXT && strstr(f->dl.cmds[i].text, s)) return &f->dl.cmds[i];
  return NULL;
}

const kk_DrawCmd *kt_ui_find_exact(const kt_Ui *f, const char *s) {
  for (size_t i = 0; i < f->dl.n; i++)
    if (f->dl.cmds[i].kind == KK_DRAW_TEXT && strcmp(f->dl.cmds[i].text, s) == 0)
      return &f->dl.cmds[i];
  return NULL;
}
