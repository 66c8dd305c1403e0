/*
** test_ui.c -- the trainer screens driven headlessly: a deck loaded from
** YAML in memory, a fake host (queue, intervals, undo, stats) and fake
** text metrics (narrow code points px/2 wide, wide ones px).  Events go in,
** draw lists come out; the tests assert on the UI state, on the host's
** records and on the draw commands (texts present, nothing past the
** window's right edge, IME rectangle at the caret, ...).
*/
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/deck/load.h"
#include "core/ui/ui_store.h"
#include "core/deck/text.h"
#include "core/ui/ui.h"
#include "core/ui/ui_int.h" /* the layout cache's key, by kk_ui_wrap */
#include "core/study/optimize.h"
#include "fsrs_sim.h"
#include "kt.h"
#include "kt_fixture.h"

/* ---- fake metrics ------------------------------------------------------------ */

/* px < 0 is the bold face: narrow code points one pixel wider. */
static int fake_width(void *ud, int px, const char *s, size_t len) {
  size_t i = 0;
  int w = 0, bold = px < 0;
  if (bold) px = -px;
  while (i < len) {
    int32_t cp = kk_utf8_next(s, len, &i);
    w += cp >= 0x1100 ? px : px / 2 + bold;
  }
  return w;
}
static int fake_line_height(void *ud, int px) { return px + px / 4; }
static int fake_ascent(void *ud, int px) { return px; }
static const kk_TextMetrics tm = {NULL, fake_width, fake_line_height, fake_ascent};

/* ---- the deck -------------------------------------------------------------------- */

static const char deck_yaml[] =
    "deck:\n"
    "  id: t\n"
    "  title: テストデッキ\n"
    "  language: ja\n"
    "cards:\n"
    "  - id: b1\n"
    "    type: basic\n"
    "    front: 日本[にっぽん]の首都はどこですか。\n"
    "    back: 東京[とうきょう]\n"
    "    explanation: 一八六八年から首都である。\n"
    "  - id: c1\n"
    "    type: cloze\n"
    "    text: \"The Parties agree that an {{c1::armed attack}} against one or more of "
    "them in {{c2::Europe or North America::two regions}} shall be considered an attack "
    "against them all\"\n"
    "    back: Article 5\n"
    "  - id: ch\n"
    "    type: choice\n"
    "    question: 新目標は?\n"
    "    options:\n"
    "      - GDP比2%\n"
    "      - {text: GDP比5%, feedback: 2035年までに達成する目標。}\n"
    "      - {text: GDP比10%, feedback: 文書にない数字。}\n"
    "    answer: 2\n"
    "  - id: mc\n"
    "    type: choice\n"
    "    question: Which are forms of help?\n"
    "    options: [軍事行動, 後方支援, 自動的な軍事介入]\n"
    "    answer: [1, 2]\n"
    "  - id: ty\n"
    "    type: typed\n"
    "    question: 新目標はGDP比何%?\n"
    "    answer: [\"5%\", 5パーセント]\n"
    "  - id: nu\n"
    "    type: numeric\n"
    "    question: Golden Dome の総額(億ドル)は?\n"
    "    answer: 1750\n"
    "    tolerance: 0\n"
    "    unit: 億ドル\n"
    "  - id: tf\n"
    "    type: truefalse\n"
    "    statement: 第5条は自動的な軍事介入を義務づけている。\n"
    "    answer: false\n"
    "    explanation: 「自国が必要と認める行動」をとるとしている。\n"
    "  - id: or\n"
    "    type: order\n"
    "    question: 時系列に並べよ\n"
    "    items: [Alpha first, Bravo second, Charlie third]\n"
    "  - id: rv\n"
    "    type: reversed\n"
    "    front: 集団防衛\n"
    "    back: collective defence\n";

/* ---- fake host ------------------------------------------------------------------ */

#define QMAX 64
typedef struct Host {
  kk_UiItem q[QMAX];
  size_t nq, pos, cur;
  size_t stack[QMAX]; /* queue index of each answer */
  kk_Rating ratings[QMAX];
  int64_t durations[QMAX];
  size_t nanswers;
  int starts, undos, todays;
  size_t start_n, start_last; /* the decks of the last session start */
  int64_t next_day_ms;        /* what today() reports */
  int stats_days[30], forecast[30], heat[70];
  kk_UiBar bars[2];
  int leech;           /* what answer_leech reports */
  int exam;            /* deck_counts reports an exam date ... */
  int short_new;       /* ... and this many new items that will not fit */
  int fits;            /* optimize calls */
  int fit_seen_pct[8]; /* what the window said at each progress call */
  size_t nfit_seen;
  int bar_overlaps; /* progress bar rects under the progress label */
} Host;

static kk_Status h_start(void *ud, const size_t *decks, size_t n, int64_t now, kk_Err *e) {
  Host *h = ud;
  h->starts++;
  h->pos = 0;
  h->start_n = n;
  h->start_last = n ? decks[n - 1] : SIZE_MAX;
  return KK_OK;
}
static int h_next(void *ud, int64_t now, kk_UiItem *out) {
  Host *h = ud;
  if (h->pos >= h->nq) return 0;
  h->cur = h->pos;
  *out = h->q[h->pos++];
  return 1;
}
static void h_remaining(void *ud, int64_t now, int c[3]) {
  Host *h = ud;
  c[0] = (int)(h->nq - h->pos);
  c[1] = 1;
  c[2] = 2;
}
static void h_preview(void *ud, const kk_UiItem *it, int64_t now, double days[4]) {
  days[0] = 10.0 / 1440, days[1] = 1, days[2] = 4, days[3] = 95;
}
static kk_Status h_answer(void *ud, const kk_UiItem *it, kk_Rating r, int64_t now, int64_t dur,
                          kk_Err *e) {
  Host *h = ud;
  h->stack[h->nanswers] = h->cur;
  h->ratings[h->nanswers] = r;
  h->durations[h->nanswers++] = dur;
  return KK_OK;
}
/* Undo puts the queue back to just after the item answered last. */
static int h_undo(void *ud, int64_t now, kk_UiItem *out) {
  Host *h = ud;
  if (!h->nanswers) return 0;
  h->nanswers--;
  h->undos++;
  h->cur = h->stack[h->nanswers];
  h->pos = h->cur + 1;
  *out = h->q[h->cur];
  return 1;
}
static int h_tomorrow(void *ud, int64_t now) { return 17; }
static void h_counts(void *ud, size_t deck, int64_t now, kk_UiDeckCounts *c) {
  Host *h = ud;
  c->new_count = 5, c->learning = 2, c->due = 11, c->total = 40, c->mastery = 0.25;
  if (h->exam) {
    snprintf(c->exam_date, sizeof c->exam_date, "2027-01-29");
    c->exam_days_left = 67, c->exam_recall = 0.81, c->exam_new_short = h->short_new;
  }
}
static void h_today(void *ud, int64_t now, kk_UiToday *t) {
  Host *h = ud;
  h->todays++;
  t->next_day_ms = h->next_day_ms;
  t->reviewed = 20, t->correct = 15, t->studied_ms = 600000, t->streak_days = 4;
  t->exam_date = "2027-01-29", t->exam_days_left = 67;
}
static void h_stats(void *ud, int64_t now, kk_UiStats *s) {
  Host *h = ud;
  for (int i = 0; i < 30; i++) h->stats_days[i] = i % 5, h->forecast[i] = 30 - i;
  for (int i = 0; i < 70; i++) h->heat[i] = i % 3;
  h->bars[0] = (kk_UiBar){"テストデッキ", 0.4, 9};
  h->bars[1] = (kk_UiBar){"nato", 0.75, 4};
  s->reviews_per_day = h->stats_days, s->nreview_days = 30;
  s->due_forecast = h->forecast, s->nforecast_days = 30;
  s->retention = 0.87, s->retention_reviews = 120;
  s->heat = h->heat, s->nheat_days = 70, s->heat_first_wday = 2;
  s->deck_mastery = &h->bars[0], s->ndeck_mastery = 1;
  s->tag_mastery = &h->bars[1], s->ntag_mastery = 1;
  s->exam_date = "2027-01-29", s->exam_recall = 0.81;
}

static int h_leech(void *ud) { return ((Host *)ud)->leech; }
/* A fit in two steps; a cancel at either stops it. */
static kk_Status h_optimize(void *ud, int64_t now, int (*progress)(void *, double), void *pud,
                            kk_UiFit *out, kk_Err *e) {
  Host *h = ud;
  h->fits++;
  memset(out, 0, sizeof *out);
  if (progress(pud, 0.5) || progress(pud, 1.0))
    return kk_err_set(e, KK_ERR_USAGE, NULL, 0, 0, "cancelled");
  out->fitted = 1, out->reviews = 1234, out->loss_before = 0.4, out->loss_after = 0.35;
  return KK_OK;
}

static const kk_UiHost host_fns = {NULL,        h_counts,  h_today,  h_start, h_next,
                                   h_remaining, h_preview, h_answer, h_undo,  h_tomorrow,
                                   h_stats,     NULL,      NULL,     NULL,    NULL,
                                   NULL,        NULL,      NULL,     h_leech, h_optimize};

/* ---- fixture ----------------------------------------------------------------------- */

typedef struct Fx {
  kk_Deck *deck;
  Host host;
  kk_UiHost fns;
  kk_Ui *ui;
  kk_DrawList dl;
  int w, h;
  int64_t now;
  unsigned flags;
  int out_of_bounds; /* text commands past the window's edges, all frames */
} Fx;

static kk_Deck *load_deck_from(const char *yaml) { return kt_deck(yaml, "t.yaml"); }
static kk_Deck *load_deck(void) { return load_deck_from(deck_yaml); }

/* Queues the items of the cards with the given ids ("" = every card). */
static void queue(Fx *f, const char *const *ids) {
  f->host.nq = 0;
  for (size_t i = 0; i < kk_deck_card_count(f->deck); i++) {
    const kk_Card *c = kk_deck_card(f->deck, i);
    int want = !ids;
    for (size_t k = 0; ids && ids[k]; k++) want |= strcmp(ids[k], c->id) == 0;
    if (!want) continue;
    for (size_t it = 0; it < kk_card_item_count(c) && f->host.nq < QMAX; it++)
      f->host.q[f->host.nq++] = (kk_UiItem){c, it, 0, KK_PHASE_NEW, 0, 0};
  }
}

static void frame(Fx *f) {
  kk_draw_reset(&f->dl);
  kk_ui_draw(f->ui, f->w, f->h, 1.0f, &tm, &f->dl);
  for (size_t i = 0; i < f->dl.n; i++) {
    const kk_DrawCmd *c = &f->dl.cmds[i];
    if (c->kind != KK_DRAW_TEXT || f->w < 160) continue; /* tinier: nothing fits */
    int w = fake_width(NULL, c->style & KK_TEXT_BOLD ? -c->px : c->px, c->text, strlen(c->text));
    if (c->r.x < 0 || c->r.x + w > f->w) {
      f->out_of_bounds++;
      fprintf(stderr, "  text past the edge (w=%d): x=%d w=%d \"%s\"\n", f->w, c->r.x, w, c->text);
    }
  }
}

static unsigned send(Fx *f, kk_UiEvent ev) {
  f->now += 700;
  ev.now_ms = f->now;
  f->flags = kk_ui_handle(f->ui, &ev);
  frame(f);
  return f->flags;
}
static unsigned key(Fx *f, kk_Key k) { return send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = k}); }
static unsigned ch(Fx *f, uint32_t c) {
  return send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = KK_KEY_CHAR, .ch = c});
}
static unsigned chmod(Fx *f, uint32_t c, int mods) {
  return send(f, (kk_UiEvent){.kind = KK_EV_KEY, .key = KK_KEY_CHAR, .ch = c, .mods = mods});
}
static unsigned text(Fx *f, const char *s) {
  return send(f, (kk_UiEvent){.kind = KK_EV_TEXT, .text = s});
}
static unsigned edit(Fx *f, const char *s, int cursor) {
  return send(f, (kk_UiEvent){.kind = KK_EV_EDIT, .text = s, .cursor = cursor});
}
static unsigned click(Fx *f, int x, int y) {
  return send(f, (kk_UiEvent){.kind = KK_EV_CLICK, .x = x, .y = y, .button = 1});
}

/* The first text command containing s, or NULL. */
static const kk_DrawCmd *find(const Fx *f, const char *s) {
  for (size_t i = 0; i < f->dl.n; i++)
    if (f->dl.cmds[i].kind == KK_DRAW_TEXT && strstr(f->dl.cmds[i].text, s)) return &f->dl.cmds[i];
  return NULL;
}
/* The first text command containing s at x >= min_x, or NULL. */
static const kk_DrawCmd *find_right_of(const Fx *f, const char *s, int min_x) {
  for (size_t i = 0; i < f->dl.n; i++)
    if (f->dl.cmds[i].kind == KK_DRAW_TEXT && f->dl.cmds[i].r.x >= min_x &&
        strstr(f->dl.cmds[i].text, s))
      return &f->dl.cmds[i];
  return NULL;
}
static int count_kind(const Fx *f, kk_DrawKind k) {
  int n = 0;
  for (size_t i = 0; i < f->dl.n; i++) n += f->dl.cmds[i].kind == k;
  return n;
}
static unsigned click_text(Fx *f, const char *s) {
  const kk_DrawCmd *c = find(f, s);
  KT_CHECK(c != NULL);
  if (!c) return 0;
  return click(f, c->r.x + (c->r.w > 2 ? c->r.w / 2 : 1), c->r.y + (c->r.h > 2 ? c->r.h / 2 : 1));
}

static int setup_yaml(Fx *f, const char *yaml, const char *const *ids, kk_UiScreen start, int w,
                      int h) {
  memset(f, 0, sizeof *f);
  f->deck = load_deck_from(yaml);
  KT_CHECK(f->deck != NULL);
  if (!f->deck) return 0;
  f->fns = host_fns;
  f->fns.ud = &f->host;
  queue(f, ids);
  kk_UiConfig cfg = {0};
  cfg.decks = &f->deck;
  cfg.ndecks = 1;
  cfg.host = &f->fns;
  cfg.start = start;
  cfg.seed = 42;
  cfg.preview_deck = f->deck;
  f->ui = kk_ui_new(&cfg);
  KT_CHECK(f->ui != NULL);
  f->w = w, f->h = h;
  f->now = 1700000000000;
  kk_draw_init(&f->dl);
  send(f, (kk_UiEvent){.kind = KK_EV_RESIZE, .w = w, .h = h});
  return f->ui != NULL;
}

static int setup(Fx *f, const char *const *ids, kk_UiScreen start, int w, int h) {
  return setup_yaml(f, deck_yaml, ids, start, w, h);
}

static void teardown(Fx *f) {
  KT_CHECK(f->out_of_bounds == 0);
  KT_CHECK(!f->dl.oom);
  kk_ui_free(f->ui);
  kk_draw_free(&f->dl);
  kk_deck_free(f->deck);
}

static kk_UiDrillState state(const Fx *f) {
  kk_UiDrillState s;
  kk_ui_drill_state(f->ui, &s);
  return s;
}

/* The number key that picks card option `option` (options are shuffled). */
static uint32_t opt_key(const Fx *f, size_t option) {
  kk_UiDrillState s = state(f);
  for (size_t row = 0; row < s.noptions; row++)
    if (s.options[row] == option) return (uint32_t)('1' + row);
  KT_CHECK(!"option not shown");
  return '0';
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_basic_reveal_grade(void) {
  Fx f;
  const char *ids[] = {"b1", "rv", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.active);
  KT_CHECK_STR(s.item.card->id, "b1");
  KT_CHECK(s.phase == KK_DRILL_ASK);
  /* the ruby base and its reading, the reading smaller and above */
  const kk_DrawCmd *base = find(&f, "日本"), *rd = find(&f, "にっぽん");
  KT_CHECK(base && rd);
  if (base && rd) {
    KT_CHECK(rd->px < base->px);
    KT_CHECK(rd->r.y < base->r.y);
    KT_CHECK(strstr(base->text, "[") == NULL);
  }
  KT_CHECK(find(&f, "東京") == NULL); /* the answer is hidden */
  text(&f, "3");                      /* text without a text field goes nowhere */
  KT_CHECK(state(&f).phase == KK_DRILL_ASK && f.host.nanswers == 0);
  KT_CHECK(find(&f, "Show answer") != NULL);
  key(&f, KK_KEY_SPACE);
  s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED);
  KT_CHECK(s.suggested == KK_GOOD);
  KT_CHECK(find(&f, "東京") != NULL);
  KT_CHECK(find(&f, "とうきょう") != NULL);
  KT_CHECK(find(&f, "一八六八年") != NULL); /* explanation */
  /* every grade button shows its interval */
  KT_CHECK(find(&f, "10m") && find(&f, "1d") && find(&f, "4d") && find(&f, "3.1mo"));
  KT_CHECK(find(&f, "Again") && find(&f, "Hard") && find(&f, "Good") && find(&f, "Easy"));
  ch(&f, '2');
  KT_CHECK(f.host.nanswers == 1 && f.host.ratings[0] == KK_HARD);
  s = state(&f);
  KT_CHECK_STR(s.item.card->id, "rv");
  /* the reversed item 0 asks the front */
  KT_CHECK(find(&f, "集団防衛") != NULL);
  /* click the reveal button, then the Easy button */
  click_text(&f, "Show answer");
  KT_CHECK(state(&f).phase == KK_DRILL_ANSWERED);
  KT_CHECK(find(&f, "collective defence") != NULL);
  click_text(&f, "Easy");
  KT_CHECK(f.host.nanswers == 2 && f.host.ratings[1] == KK_EASY);
  /* reversed item 1 asks the back */
  s = state(&f);
  KT_CHECK(s.active && s.item.item == 1);
  KT_CHECK(find(&f, "collective defence") != NULL && find(&f, "集団防衛") == NULL);
  key(&f, KK_KEY_ENTER);
  key(&f, KK_KEY_ENTER); /* Enter accepts the suggested Good */
  KT_CHECK(f.host.nanswers == 3 && f.host.ratings[2] == KK_GOOD);
  /* session over: the summary */
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SUMMARY);
  KT_CHECK(find(&f, "Cards: 3") != NULL);
  KT_CHECK(find(&f, "Accuracy: 100%") != NULL);
  KT_CHECK(find(&f, "Tomorrow: 17 due") != NULL);
  key(&f, KK_KEY_ENTER);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  teardown(&f);
}

static void test_cloze(void) {
  Fx f;
  const char *ids[] = {"c1", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 700, 500)) return;
  /* c1 asked: blank shown, c2 shows its answer */
  KT_CHECK(find(&f, "[\xE2\x80\xA6]") != NULL);
  KT_CHECK(find(&f, "armed attack") == NULL);
  KT_CHECK(find(&f, "Europe") != NULL);
  key(&f, KK_KEY_SPACE);
  const kk_DrawCmd *a = find(&f, "armed");
  KT_CHECK(a != NULL);
  if (a) KT_CHECK(a->style & KK_TEXT_BOLD);
  KT_CHECK(find(&f, "Article 5") != NULL);
  ch(&f, '3');
  /* c2 asked: its hint in the blank */
  KT_CHECK(state(&f).item.item == 1);
  KT_CHECK(find(&f, "[two regions]") != NULL);
  KT_CHECK(find(&f, "Europe") == NULL);
  KT_CHECK(find(&f, "armed") != NULL);
  teardown(&f);
}

/* A bold run (the revealed cloze answer) is wider than regular text: the
** text after it starts where the bold run ends, not on top of it. */
static void test_bold_run_width(void) {
  static const char yaml[] =
      "deck: {id: b, title: B, language: ja}\n"
      "cards:\n"
      "  - {id: w1, type: cloze, text: \"2017年の{{c1::WannaCry}}はランサムウェアだった。\"}\n";
  Fx f;
  if (!setup_yaml(&f, yaml, NULL, KK_UI_DRILL, 800, 600)) return;
  key(&f, KK_KEY_SPACE);
  const kk_DrawCmd *bold = find(&f, "WannaCry"), *next = find(&f, "\xE3\x81\xAF"); /* は */
  KT_CHECK(bold && next);
  if (bold && next) {
    KT_CHECK(bold->style & KK_TEXT_BOLD);
    int bw = fake_width(NULL, -bold->px, "WannaCry", 8);
    KT_CHECK(bold->r.w == bw);
    KT_CHECK(next->r.y == bold->r.y && next->r.x >= bold->r.x + bw);
  }
  teardown(&f);
}

static void test_choice(void) {
  Fx f;
  const char *ids[] = {"ch", "mc", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 700)) return;
  KT_CHECK(find(&f, "Press the option") != NULL);
  /* a wrong pick by click: marked, feedback shown, Again suggested */
  click_text(&f, "GDP比10%");
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED);
  KT_CHECK(s.correct == 0 && s.chosen == 2);
  KT_CHECK(s.suggested == KK_AGAIN);
  KT_CHECK(find(&f, "文書にない数字") != NULL);
  KT_CHECK(find(&f, "Wrong") != NULL && find(&f, "Enter: Again") != NULL);
  KT_CHECK(find(&f, "\xE2\x9C\x93") != NULL && find(&f, "\xE2\x9C\x97") != NULL);
  /* override the suggestion */
  ch(&f, '2');
  KT_CHECK(f.host.ratings[0] == KK_HARD);
  /* several answers: toggle with number keys, Enter checks */
  KT_CHECK(find(&f, "Choose all that apply") != NULL);
  ch(&f, opt_key(&f, 0));
  ch(&f, opt_key(&f, 2));
  ch(&f, opt_key(&f, 2));
  ch(&f, opt_key(&f, 1));
  s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ASK && s.picked == 3u);
  key(&f, KK_KEY_ENTER);
  s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 1);
  /* answered at once: Good all the same (Easy only by its own key) */
  KT_CHECK(s.suggested == KK_GOOD);
  KT_CHECK(find(&f, "Enter: Good") != NULL);
  key(&f, KK_KEY_SPACE);
  KT_CHECK(f.host.ratings[1] == KK_GOOD);
  teardown(&f);
}

static void test_choice_slow_and_keys(void) {
  Fx f;
  const char *ids[] = {"ch", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 700)) return;
  f.now += 30000; /* past slow_ms: a right answer suggests Hard */
  key(&f, KK_KEY_DOWN);
  KT_CHECK(state(&f).order_cursor == 1);
  size_t want = opt_key(&f, 1) - '1'; /* the row option 2 is shown at */
  while ((size_t)state(&f).order_cursor < want) key(&f, KK_KEY_DOWN);
  while ((size_t)state(&f).order_cursor > want) key(&f, KK_KEY_UP);
  key(&f, KK_KEY_ENTER);
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.correct == 1 && s.chosen == 1);
  KT_CHECK(s.suggested == KK_HARD);
  KT_CHECK(find(&f, "2035年") != NULL);
  teardown(&f);
}

static int order_solved(const kk_UiDrillState *s) {
  for (size_t i = 0; i < s->norder; i++)
    if (s->order[i] != i) return 0;
  return 1;
}

/* Shows the one queued item again as its reps-th showing (Esc, then
** Enter on home starts a new session over it). */
static kk_UiDrillState show_again(Fx *f, int reps) {
  f->host.q[0].reps = reps;
  key(f, KK_KEY_ESCAPE);
  key(f, KK_KEY_ENTER);
  return state(f);
}

static const char shuffle_yaml[] = "deck: {id: s, title: S}\n"
                                   "cards:\n"
                                   "  - id: q1\n"
                                   "    type: choice\n"
                                   "    question: Which?\n"
                                   "    options:\n"
                                   "      - right\n"
                                   "      - wrong a\n"
                                   "      - wrong b\n"
                                   "      - {text: none of the above, fixed: true}\n"
                                   "    answer: 1\n"
                                   "  - id: o1\n"
                                   "    type: order\n"
                                   "    question: Order them\n"
                                   "    items: [first, second, third, fourth]\n";

/* Choice options are shuffled per showing, from the card id and the
** review count: the right answer lands on every free row about equally
** often, a `fixed` option never moves, and the same showing gives the
** same order. */
static void test_choice_shuffle(void) {
  Fx f;
  const char *ids[] = {"q1", NULL};
  if (!setup_yaml(&f, shuffle_yaml, ids, KK_UI_DRILL, 800, 600)) return;
  KT_CHECK(kk_deck_card(f.deck, 0)->options[3].fixed == 1);
  KT_CHECK(kk_deck_card(f.deck, 0)->options[0].fixed == 0);
  enum { N = 600 };
  int at[4] = {0, 0, 0, 0}, changed = 0;
  size_t prev[4] = {0, 0, 0, 0};
  for (int r = 0; r < N; r++) {
    kk_UiDrillState s = show_again(&f, r);
    KT_CHECK(s.active && s.noptions == 4);
    if (!s.active || s.noptions != 4) break;
    KT_CHECK(s.options[3] == 3); /* "none of the above" stays last */
    for (size_t row = 0; row < 4; row++)
      if (s.options[row] == 0) at[row]++;
    changed += r > 0 && memcmp(prev, s.options, sizeof prev) != 0;
    memcpy(prev, s.options, sizeof prev);
  }
  /* 200 expected per free row; 50 is over four standard deviations */
  for (int row = 0; row < 3; row++) KT_CHECK(at[row] > 150 && at[row] < 250);
  KT_CHECK(at[3] == 0);
  KT_CHECK(changed > N / 2);
  /* deterministic: the same showing again, the same order */
  kk_UiDrillState a = show_again(&f, 7), b = show_again(&f, 7);
  KT_CHECK(memcmp(a.options, b.options, sizeof a.options) == 0);
  /* the shown row picks its option: the right one wherever it is */
  ch(&f, opt_key(&f, 0));
  KT_CHECK(state(&f).correct == 1 && state(&f).chosen == 0);
  teardown(&f);
}

/* Order items too are shuffled anew per showing, deterministically. */
static void test_order_shuffle(void) {
  Fx f;
  const char *ids[] = {"o1", NULL};
  if (!setup_yaml(&f, shuffle_yaml, ids, KK_UI_DRILL, 800, 600)) return;
  enum { N = 600 };
  int at[4][4];
  memset(at, 0, sizeof at);
  for (int r = 0; r < N; r++) {
    kk_UiDrillState s = show_again(&f, r);
    KT_CHECK(s.norder == 4);
    if (s.norder != 4) break;
    KT_CHECK(!order_solved(&s));
    for (size_t row = 0; row < 4; row++) at[s.order[row]][row]++;
  }
  /* no solved start biases the rows a little: 150 expected, 120 at least */
  for (int i = 0; i < 4; i++)
    for (int row = 0; row < 4; row++) KT_CHECK(at[i][row] > 110 && at[i][row] < 190);
  kk_UiDrillState a = show_again(&f, 3), b = show_again(&f, 3);
  KT_CHECK(memcmp(a.order, b.order, sizeof a.order) == 0);
  teardown(&f);
}

static void test_typed_ime(void) {
  Fx f;
  const char *ids[] = {"ty", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  KT_CHECK(kk_ui_text_input_active(f.ui));
  KT_CHECK(f.flags & KK_UIF_TEXT_INPUT);
  /* a printable key while typing is text, not a shortcut */
  ch(&f, '?');
  KT_CHECK(!kk_ui_help_open(f.ui));
  text(&f, "5");
  edit(&f, "ぱーせ", 2);
  kk_UiDrillState s = state(&f);
  KT_CHECK_STR(s.typed, "5");
  KT_CHECK_STR(s.composition, "ぱーせ");
  const kk_DrawCmd *c = find(&f, "ぱーせ");
  KT_CHECK(c != NULL);
  if (c) KT_CHECK(c->style & KK_TEXT_UNDERLINE);
  /* the IME rectangle sits at the caret: after "5" and two composed chars */
  const kk_DrawCmd *typed = find(&f, "5");
  const kk_DrawCmd *ime = NULL;
  for (size_t i = 0; i < f.dl.n; i++)
    if (f.dl.cmds[i].kind == KK_DRAW_IME_RECT) ime = &f.dl.cmds[i];
  KT_CHECK(ime != NULL && typed != NULL);
  if (ime && typed && c) KT_CHECK(ime->r.x == c->r.x + 2 * c->px);
  /* Enter while composing belongs to the IME */
  key(&f, KK_KEY_ENTER);
  KT_CHECK(state(&f).phase == KK_DRILL_ASK);
  /* Backspace while composing does not touch the committed text */
  key(&f, KK_KEY_BACKSPACE);
  KT_CHECK_STR(state(&f).typed, "5");
  text(&f, "パーセンント");
  /* an Enter right behind the commit is the IME's: no submit */
  f.now -= 690;
  key(&f, KK_KEY_ENTER);
  KT_CHECK(state(&f).phase == KK_DRILL_ASK);
  s = state(&f);
  KT_CHECK_STR(s.typed, "5パーセンント");
  KT_CHECK_STR(s.composition, "");
  /* fix the typo: caret left twice, Backspace, End */
  key(&f, KK_KEY_LEFT);
  key(&f, KK_KEY_LEFT);
  key(&f, KK_KEY_BACKSPACE);
  key(&f, KK_KEY_END);
  KT_CHECK_STR(state(&f).typed, "5パーセント");
  key(&f, KK_KEY_ENTER);
  s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 1);
  KT_CHECK(!kk_ui_text_input_active(f.ui));
  KT_CHECK(!(f.flags & KK_UIF_TEXT_INPUT));
  teardown(&f);
}

static void test_typed_grapheme_and_diff(void) {
  Fx f;
  const char *ids[] = {"ty", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  /* が as か + combining dakuten is one grapheme: one Backspace removes it */
  text(&f, "6か\xE3\x82\x99");
  KT_CHECK(strlen(state(&f).typed) == 7);
  key(&f, KK_KEY_BACKSPACE);
  KT_CHECK_STR(state(&f).typed, "6");
  /* a family emoji (ZWJ sequence) is one grapheme too */
  text(&f, "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9");
  key(&f, KK_KEY_BACKSPACE);
  KT_CHECK_STR(state(&f).typed, "6");
  text(&f, "%");
  key(&f, KK_KEY_ENTER);
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.correct == 0 && s.suggested == KK_AGAIN);
  /* the diff: "6" typed (wrong), "5" expected (missing), "%" shared */
  const kk_DrawCmd *six = find(&f, "6"), *five = NULL;
  for (size_t i = 0; i < f.dl.n; i++)
    if (f.dl.cmds[i].kind == KK_DRAW_TEXT && strcmp(f.dl.cmds[i].text, "5") == 0)
      five = &f.dl.cmds[i];
  KT_CHECK(six && five);
  if (six && five) {
    KT_CHECK(six->style & KK_TEXT_UNDERLINE);
    KT_CHECK(five->style & KK_TEXT_UNDERLINE);
    KT_CHECK(memcmp(&six->color, &five->color, sizeof six->color) != 0);
  }
  KT_CHECK(find(&f, "You typed") && find(&f, "Answer"));
  teardown(&f);
}

/* Hiragana typed for a katakana answer is right, and the drill says the
** script differed (issue 12). */
static void test_typed_kana(void) {
  Fx f;
  const char *ids[] = {"ty", "ty", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  text(&f, "5ぱーせんと");
  key(&f, KK_KEY_ENTER);
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 1 && s.script_differed == 1);
  KT_CHECK(find(&f, "other kana") != NULL); /* said on the card, not only in the state */
  /* the differing kana are marked, but not in the wrong answer's bold */
  const kk_DrawCmd *typed = find(&f, "ぱーせんと");
  KT_CHECK(typed != NULL);
  if (typed) KT_CHECK((typed->style & KK_TEXT_UNDERLINE) && !(typed->style & KK_TEXT_BOLD));
  teardown(&f);
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  text(&f, "5パーセント");
  key(&f, KK_KEY_ENTER);
  s = state(&f);
  KT_CHECK(s.correct == 1 && s.script_differed == 0);
  KT_CHECK(find(&f, "other kana") == NULL);
  teardown(&f);
}

/* A notice in bold is broken into lines by bold widths: no line runs past
** the window's edge (the store's journal note is long Latin text). */
static void test_bold_notice_wraps(void) {
  Fx f;
  if (!setup(&f, NULL, KK_UI_HOME, 640, 480)) return;
  kk_ui_free(f.ui);
  kk_UiConfig cfg = {0};
  cfg.decks = &f.deck;
  cfg.ndecks = 1;
  cfg.host = &f.fns;
  cfg.start = KK_UI_HOME;
  cfg.notice = "No write-ahead log: the progress store in /tmp/tmp.Qrh597u79b/d uses a "
               "rollback journal: where it was made the file system could not do SQLite's "
               "write-ahead log";
  f.ui = kk_ui_new(&cfg);
  KT_CHECK(f.ui != NULL);
  if (!f.ui) return;
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE, .w = 640, .h = 480});
  KT_CHECK(find(&f, "No write-ahead log") != NULL);
  KT_CHECK(find(&f, "write-ahead log") != NULL);
  teardown(&f); /* checks every text command, bold ones at bold widths */
}

/* The answer that makes a card a leech says so at once: suspended, or
** only tagged when the deck asks for that (issue 12). */
static void test_leech_toast(void) {
  Fx f;
  const char *ids[] = {"b1", "rv", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 640, 480)) return;
  key(&f, KK_KEY_SPACE);
  unsigned fl = key(&f, KK_KEY_ENTER);
  KT_CHECK(f.host.nanswers == 1);
  KT_CHECK(find(&f, "leech") == NULL); /* an ordinary answer: nothing said */
  f.host.leech = KK_UI_LEECH_SUSPENDED;
  key(&f, KK_KEY_SPACE);
  fl = ch(&f, '1');
  KT_CHECK(f.host.nanswers == 2);
  KT_CHECK(find(&f, "Suspended as a leech") != NULL);
  KT_CHECK(fl & KK_UIF_TICK); /* the toast goes away by itself */
  f.host.leech = KK_UI_LEECH_TAGGED;
  key(&f, KK_KEY_SPACE);
  ch(&f, '1');
  KT_CHECK(find(&f, "Tagged as a leech") != NULL);
  teardown(&f);
}

static void test_numeric(void) {
  Fx f;
  const char *ids[] = {"nu", "nu", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  KT_CHECK(find(&f, "億ドル") != NULL); /* the unit beside the field */
  text(&f, "abc");
  key(&f, KK_KEY_ENTER);
  KT_CHECK(state(&f).phase == KK_DRILL_ASK); /* not a number: asked again */
  KT_CHECK(find(&f, "Type a number") != NULL);
  KT_CHECK(f.flags & KK_UIF_TICK);
  key(&f, KK_KEY_HOME);
  for (int i = 0; i < 3; i++) key(&f, KK_KEY_DELETE);
  KT_CHECK_STR(state(&f).typed, "");
  text(&f, "１，７５０ 億ドル");
  key(&f, KK_KEY_ENTER);
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 1);
  KT_CHECK(find(&f, "Answer: 1750 億ドル") != NULL);
  teardown(&f);
}

static void test_truefalse(void) {
  Fx f;
  const char *ids[] = {"tf", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  ch(&f, 't');
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 0);
  KT_CHECK(find(&f, "自国が必要と認める") != NULL);
  /* Ctrl+Z before grading takes nothing back (no answer recorded yet) */
  ch(&f, '1');
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SUMMARY);
  chmod(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  KT_CHECK(f.host.undos == 1 && f.host.nanswers == 0);
  KT_CHECK(state(&f).answered == 0);
  click_text(&f, "False (F)");
  s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 1);
  teardown(&f);
}

static void test_order_keyboard(void) {
  Fx f;
  const char *ids[] = {"or", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.norder == 3);
  KT_CHECK(!order_solved(&s)); /* shuffled */
  /* selection sort by keyboard: pick up the right item, move it up */
  for (size_t want = 0; want < s.norder; want++) {
    s = state(&f);
    size_t at = want;
    while (at < s.norder && s.order[at] != want) at++;
    while ((size_t)state(&f).order_cursor < at) key(&f, KK_KEY_DOWN);
    while ((size_t)state(&f).order_cursor > at) key(&f, KK_KEY_UP);
    key(&f, KK_KEY_SPACE); /* pick up */
    for (size_t k = at; k > want; k--) key(&f, KK_KEY_UP);
    key(&f, KK_KEY_SPACE); /* put down */
  }
  s = state(&f);
  KT_CHECK(order_solved(&s));
  key(&f, KK_KEY_ENTER);
  s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 1);
  teardown(&f);
}

static void test_order_mouse(void) {
  Fx f;
  const char *ids[] = {"or", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  static const char *names[3] = {"Alpha", "Bravo", "Charlie"};
  /* click a row, then click where it goes */
  for (size_t want = 0; want < 3; want++) {
    kk_UiDrillState s = state(&f);
    if (s.order[want] == want) continue;
    click_text(&f, names[want]);
    KT_CHECK(names[state(&f).order[state(&f).order_cursor]] == names[want]);
    key(&f, KK_KEY_SPACE);
    /* the row currently at position `want` */
    click_text(&f, names[state(&f).order[want]]);
  }
  kk_UiDrillState s = state(&f);
  KT_CHECK(order_solved(&s));
  /* the ▼ button of the first row swaps it down; ▲ of the second back up */
  const kk_DrawCmd *dn = find(&f, "\xE2\x96\xBC");
  KT_CHECK(dn != NULL);
  if (dn) click(&f, dn->r.x + 1, dn->r.y + 1);
  s = state(&f);
  KT_CHECK(s.order[0] == 1 && s.order[1] == 0);
  click_text(&f, "Check");
  s = state(&f);
  KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 0);
  /* the correct order beside the student's: row 1 Bravo | Alpha */
  const kk_DrawCmd *yours = find(&f, "Your order"), *right = find(&f, "Correct order");
  KT_CHECK(yours && right);
  if (yours && right) {
    KT_CHECK(right->r.x > yours->r.x && right->r.y == yours->r.y);
    const kk_DrawCmd *mine = find_right_of(&f, "Bravo", 0),
                     *want = find_right_of(&f, "Alpha", right->r.x);
    KT_CHECK(mine && want && mine->r.x < right->r.x && want->r.y == mine->r.y);
  }
  /* narrow: the correct order under the student's */
  f.w = 320;
  frame(&f);
  yours = find(&f, "Your order"), right = find(&f, "Correct order");
  KT_CHECK(yours && right && right->r.y > yours->r.y && right->r.x == yours->r.x);
  teardown(&f);
}

/* An order card of n items (item-001 ... in the right order) as a deck. */
static char *order_deck(size_t n) {
  size_t cap = 200 + n * 16, o = 0;
  char *y = malloc(cap);
  if (!y) return NULL;
  o += (size_t)snprintf(y, cap,
                        "deck: {id: big, title: Big}\ncards:\n"
                        "  - {id: long, type: order, question: Sort them, items: [");
  for (size_t i = 0; i < n; i++)
    o += (size_t)snprintf(y + o, cap - o, "%sitem-%03zu", i ? ", " : "", i + 1);
  snprintf(y + o, cap - o, "]}\n");
  return y;
}

/* The deck model's limit reaches the drill: every item of the largest
** order card the loader accepts is shown and the card can be solved (v1
** kept 32 and dropped the rest silently). */
static void test_order_limit(void) {
  static const size_t sizes[] = {32, 33, 64, 65, KK_DECK_MAX_ORDER_ITEMS};
  for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
    size_t n = sizes[si];
    char *y = order_deck(n);
    if (!y) return;
    Fx f;
    const char *ids[] = {"long", NULL};
    if (setup_yaml(&f, y, ids, KK_UI_DRILL, 800, 600)) {
      kk_UiDrillState s = state(&f);
      KT_CHECK(s.norder == n);
      size_t shown = 0;
      for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "item-%03zu", i + 1);
        shown += find(&f, name) != NULL;
      }
      KT_CHECK(shown == n);
      /* selection sort by keyboard, without drawing every step */
      kk_UiEvent ev = {0};
      ev.kind = KK_EV_KEY;
      ev.now_ms = f.now;
      for (size_t want = 0; want < s.norder; want++) {
        s = state(&f);
        size_t at = want;
        while (at < s.norder && s.order[at] != want) at++;
        ev.key = KK_KEY_DOWN;
        while ((size_t)state(&f).order_cursor < at) kk_ui_handle(f.ui, &ev);
        ev.key = KK_KEY_UP;
        while ((size_t)state(&f).order_cursor > at) kk_ui_handle(f.ui, &ev);
        ev.key = KK_KEY_SPACE;
        kk_ui_handle(f.ui, &ev);
        ev.key = KK_KEY_UP;
        for (size_t k = at; k > want; k--) kk_ui_handle(f.ui, &ev);
        ev.key = KK_KEY_SPACE;
        kk_ui_handle(f.ui, &ev);
      }
      key(&f, KK_KEY_ENTER);
      s = state(&f);
      KT_CHECK(s.phase == KK_DRILL_ANSWERED && s.correct == 1);
      teardown(&f);
    }
    free(y);
  }
}

static void test_undo(void) {
  Fx f;
  const char *ids[] = {"b1", "tf", "rv", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  key(&f, KK_KEY_SPACE);
  ch(&f, '1');
  ch(&f, 'f');
  ch(&f, '3');
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.answered == 2 && s.answered_right == 1);
  KT_CHECK_STR(s.item.card->id, "rv");
  chmod(&f, 'z', KK_MOD_CTRL);
  s = state(&f);
  KT_CHECK_STR(s.item.card->id, "tf");
  KT_CHECK(s.phase == KK_DRILL_ASK);
  KT_CHECK(s.answered == 1 && s.answered_right == 0);
  KT_CHECK(find(&f, "Took back") != NULL);
  /* the Undo button does what Ctrl+Z does */
  ch(&f, 'f');
  KT_CHECK(state(&f).phase == KK_DRILL_ANSWERED);
  ch(&f, '3');
  KT_CHECK(state(&f).answered == 2);
  click_text(&f, "Undo");
  KT_CHECK(state(&f).answered == 1);
  KT_CHECK_STR(state(&f).item.card->id, "tf");
  /* the toast goes away after its time */
  f.now += 5000;
  send(&f, (kk_UiEvent){.kind = KK_EV_TICK});
  KT_CHECK(find(&f, "Took back") == NULL);
  chmod(&f, 'z', KK_MOD_CTRL);
  KT_CHECK_STR(state(&f).item.card->id, "b1");
  /* the notice sits above the Show answer button, not over it */
  for (int hgt = 600; hgt >= 400; hgt -= 200) {
    f.h = hgt;
    frame(&f);
    const kk_DrawCmd *toast = find(&f, "Took back"), *show = find(&f, "Show answer");
    KT_CHECK(toast && show);
    if (toast && show) KT_CHECK(toast->r.y + toast->r.h + 8 <= show->r.y);
  }
  f.h = 600;
  chmod(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(find(&f, "Nothing to undo") != NULL);
  KT_CHECK(f.host.undos == 3);
  teardown(&f);
}

/* Every card type through a narrow and a wide window: nothing is drawn
** past the right edge, the Japanese lines break, and the session ends. */
static void test_full_session_layout(void) {
  static const int widths[] = {300, 420, 1280};
  for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
    Fx f;
    if (!setup(&f, NULL, KK_UI_DRILL, widths[wi], 700)) return;
    int guard = 0;
    while (kk_ui_screen(f.ui) == KK_UI_DRILL && guard++ < 50) {
      kk_UiDrillState s = state(&f);
      switch (s.item.card->type) {
      case KK_CARD_TYPED:
        text(&f, "5%");
        key(&f, KK_KEY_ENTER);
        break;
      case KK_CARD_NUMERIC:
        text(&f, "1750");
        key(&f, KK_KEY_ENTER);
        break;
      case KK_CARD_TRUEFALSE: ch(&f, 'f'); break;
      case KK_CARD_CHOICE:
        if (s.item.card->ncorrect > 1)
          ch(&f, opt_key(&f, 0)), ch(&f, opt_key(&f, 1)), key(&f, KK_KEY_ENTER);
        else
          ch(&f, opt_key(&f, 1));
        break;
      case KK_CARD_ORDER: key(&f, KK_KEY_ENTER); break;
      default: key(&f, KK_KEY_SPACE); break;
      }
      KT_CHECK(state(&f).phase == KK_DRILL_ANSWERED);
      key(&f, KK_KEY_ENTER);
    }
    KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SUMMARY);
    KT_CHECK(f.host.nanswers == f.host.nq);
    /* every objective card but order (left shuffled) was answered right */
    int again = 0;
    for (size_t i = 0; i < f.host.nanswers; i++) again += f.host.ratings[i] == KK_AGAIN;
    KT_CHECK(again == 1);
    teardown(&f);
  }
}

/* A card taller than the window scrolls; its rows stay clickable only
** where they are visible. */
static void test_scroll(void) {
  Fx f;
  const char *ids[] = {"mc", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 400, 260)) return;
  const kk_DrawCmd *c = find(&f, "自動的な軍事介入");
  int y0 = c ? c->r.y : 0;
  unsigned fl = send(&f, (kk_UiEvent){.kind = KK_EV_WHEEL, .dy = -1});
  KT_CHECK(fl & KK_UIF_REDRAW);
  c = find(&f, "自動的な軍事介入");
  KT_CHECK(c && c->r.y < y0);
  key(&f, KK_KEY_PAGEDOWN);
  key(&f, KK_KEY_PAGEDOWN);
  key(&f, KK_KEY_PAGEDOWN);
  fl = key(&f, KK_KEY_PAGEDOWN); /* at the end: nothing moves */
  KT_CHECK(!(fl & KK_UIF_REDRAW));
  key(&f, KK_KEY_PAGEUP);
  key(&f, KK_KEY_PAGEUP);
  key(&f, KK_KEY_PAGEUP);
  key(&f, KK_KEY_PAGEUP);
  c = find(&f, "自動的な軍事介入");
  KT_CHECK(c && c->r.y == y0);
  teardown(&f);
}

/* In a 640x480 window, revealing a card whose question fills the view
** scrolls to the answer. */
static void test_reveal_scrolls_to_answer(void) {
  static const char yaml[] =
      "deck: {id: l, title: L, language: ja}\n"
      "cards:\n"
      "  - id: long\n"
      "    type: basic\n"
      "    front: \"長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。"
      "長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。"
      "長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。"
      "長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。"
      "長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。長い問題文。\"\n"
      "    back: ANSWERTEXT\n"
      "    explanation: 解説の文。\n";
  Fx f;
  if (!setup_yaml(&f, yaml, NULL, KK_UI_DRILL, 640, 480)) return;
  KT_CHECK(find(&f, "Show answer") != NULL);
  const kk_DrawCmd *show = find(&f, "Show answer");
  int bottom = show ? show->r.y : 480; /* the view ends above the buttons */
  key(&f, KK_KEY_SPACE);
  KT_CHECK(state(&f).phase == KK_DRILL_ANSWERED);
  const kk_DrawCmd *a = find(&f, "ANSWERTEXT");
  KT_CHECK(a != NULL);
  if (a) KT_CHECK(a->r.y > 60 && a->r.y + a->r.h < bottom - 40);
  /* the student may scroll back up to the question */
  key(&f, KK_KEY_PAGEUP);
  key(&f, KK_KEY_PAGEUP);
  key(&f, KK_KEY_PAGEUP);
  KT_CHECK(find(&f, "Card") != NULL);
  teardown(&f);
}

static void test_home(void) {
  Fx f;
  if (!setup(&f, NULL, KK_UI_HOME, 900, 600)) return;
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  KT_CHECK(find(&f, "テストデッキ") != NULL);
  KT_CHECK(find(&f, "5 new") && find(&f, "2 learning") && find(&f, "11 due"));
  KT_CHECK(find(&f, "25% known of 40") != NULL);
  KT_CHECK(find(&f, "Today: 20 answers, 75% right") != NULL);
  KT_CHECK(find(&f, "Streak: 4 days") != NULL);
  KT_CHECK(find(&f, "January 29, 2027") != NULL);
  /* a click on a deck starts it */
  click_text(&f, "テストデッキ");
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  KT_CHECK(f.host.starts == 1);
  KT_CHECK(state(&f).active);
  key(&f, KK_KEY_ESCAPE);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  key(&f, KK_KEY_ENTER);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL && f.host.starts == 2);
  /* a narrow window keeps everything inside */
  f.w = 260;
  frame(&f);
  key(&f, KK_KEY_ESCAPE);
  frame(&f);
  teardown(&f);
}

/* Home reads its numbers again when the window gets the focus back and
** when the study day turns (a tick at the time the host gave). */
static void test_home_refresh(void) {
  Fx f;
  if (!setup(&f, NULL, KK_UI_HOME, 900, 600)) return;
  int n0 = f.host.todays;
  KT_CHECK(n0 >= 1);
  KT_CHECK(kk_ui_next_tick_ms(f.ui) == 0); /* the host gave no day end */
  send(&f, (kk_UiEvent){.kind = KK_EV_FOCUS});
  KT_CHECK(f.host.todays == n0 + 1);
  KT_CHECK(f.flags & KK_UIF_REDRAW);
  /* the day ends in an hour: a tick is asked for then */
  f.host.next_day_ms = f.now + 3600000;
  send(&f, (kk_UiEvent){.kind = KK_EV_FOCUS});
  KT_CHECK(kk_ui_next_tick_ms(f.ui) == f.host.next_day_ms);
  KT_CHECK(f.flags & KK_UIF_TICK);
  int n1 = f.host.todays;
  send(&f, (kk_UiEvent){.kind = KK_EV_TICK}); /* too early: nothing read */
  KT_CHECK(f.host.todays == n1);
  f.now = f.host.next_day_ms;
  f.host.next_day_ms += 86400000;
  send(&f, (kk_UiEvent){.kind = KK_EV_TICK});
  KT_CHECK(f.host.todays == n1 + 1);
  KT_CHECK(kk_ui_next_tick_ms(f.ui) == f.host.next_day_ms);
  /* away from home neither refreshes it */
  ch(&f, 's');
  int n2 = f.host.todays;
  send(&f, (kk_UiEvent){.kind = KK_EV_FOCUS});
  KT_CHECK(f.host.todays == n2 && kk_ui_next_tick_ms(f.ui) == 0);
  teardown(&f);
}

/* A deck that failed to load is on home, greyed, with its first error at
** path:line:col; Enter lists every problem; Esc comes back.  A notice
** (a new progress store) is shown too. */
static void test_home_bad_deck(void) {
  Fx f;
  memset(&f, 0, sizeof f);
  f.deck = load_deck();
  if (!f.deck) return;
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_diags_add(&dg, KK_SEV_ERROR, "decks/broken.yaml", 3, 5, "mapping values are not allowed here");
  kk_diags_add(&dg, KK_SEV_ERROR, "decks/broken.yaml", 9, 1, "card 'x' has no 'type'");
  kk_UiBadDeck bad = {"decks/broken.yaml", &dg};
  f.fns = host_fns;
  f.fns.ud = &f.host;
  queue(&f, NULL);
  kk_UiConfig cfg = {0};
  cfg.decks = &f.deck;
  cfg.ndecks = 1;
  cfg.bad_decks = &bad;
  cfg.nbad_decks = 1;
  cfg.host = &f.fns;
  cfg.start = KK_UI_HOME;
  cfg.notice = "Created a new progress store at /tmp/x/progress.sqlite3";
  f.ui = kk_ui_new(&cfg);
  KT_CHECK(f.ui != NULL);
  if (!f.ui) return;
  f.w = 900, f.h = 600;
  f.now = 1700000000000;
  kk_draw_init(&f.dl);
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE, .w = 900, .h = 600});
  KT_CHECK(find(&f, "Created a new progress store at /tmp/x") != NULL);
  KT_CHECK(find(&f, "broken.yaml (not loaded)") != NULL);
  KT_CHECK(find(&f, "decks/broken.yaml:3:5: error: mapping values are not allowed here") != NULL);
  KT_CHECK(find(&f, "2 problems") != NULL);
  KT_CHECK(find(&f, "card 'x' has no") == NULL); /* only the first on home */
  key(&f, KK_KEY_DOWN);
  key(&f, KK_KEY_ENTER);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_PREVIEW);
  KT_CHECK(f.host.starts == 0); /* no session over a deck that is not there */
  KT_CHECK(find(&f, "mapping values are not allowed here") != NULL);
  KT_CHECK(find(&f, "card 'x' has no 'type'") != NULL);
  key(&f, KK_KEY_ESCAPE);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  /* a click on the row does the same */
  click_text(&f, "broken.yaml (not loaded)");
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_PREVIEW);
  key(&f, KK_KEY_ESCAPE);
  /* with no card to show, the list of problems takes the window */
  for (int i = 0; i < 30; i++)
    kk_diags_add(&dg, KK_SEV_WARNING, "decks/broken.yaml", 20 + i, 1, "card %d has no 'source'", i);
  f.w = 640, f.h = 480;
  key(&f, KK_KEY_ENTER);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_PREVIEW);
  int shown = 0;
  for (size_t i = 0; i < f.dl.n; i++)
    shown += f.dl.cmds[i].kind == KK_DRAW_TEXT && strstr(f.dl.cmds[i].text, "decks/broken.yaml:") &&
             f.dl.cmds[i].r.y + f.dl.cmds[i].r.h <= 480;
  KT_CHECK(shown >= 20);
  /* the list scrolls to its last entry and no further: one Up after many
  ** Downs brings the one before it back */
  for (int i = 0; i < 100; i++) key(&f, KK_KEY_DOWN);
  KT_CHECK(find(&f, "card 29 has no") != NULL && find(&f, "card 28 has no") == NULL);
  key(&f, KK_KEY_UP);
  KT_CHECK(find(&f, "card 28 has no") != NULL);
  key(&f, KK_KEY_ESCAPE);
  f.w = 900, f.h = 600;
  /* studying all decks takes the loaded one only */
  ch(&f, 'a');
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL && f.host.starts == 1);
  teardown(&f);
  kk_diags_free(&dg);
}

static void h_today_one(void *ud, int64_t now, kk_UiToday *t) {
  t->reviewed = 1, t->correct = 1, t->studied_ms = 6000, t->streak_days = 1;
  t->exam_date = "2027-01-29", t->exam_days_left = 1;
}

/* `kioku drill` goes straight to a card: the notice (a new store) shows
** there for a moment instead of on home. */
static void test_drill_notice(void) {
  Fx f;
  memset(&f, 0, sizeof f);
  f.deck = load_deck();
  if (!f.deck) return;
  f.fns = host_fns;
  f.fns.ud = &f.host;
  const char *ids[] = {"b1", NULL};
  queue(&f, ids);
  kk_UiConfig cfg = {0};
  cfg.decks = &f.deck;
  cfg.ndecks = 1;
  cfg.host = &f.fns;
  cfg.start = KK_UI_DRILL;
  cfg.notice = "Created a new progress store at /tmp/y/progress.sqlite3";
  f.ui = kk_ui_new(&cfg);
  KT_REQUIRE(f.ui != NULL);
  f.w = 800, f.h = 600;
  f.now = 1700000000000;
  kk_draw_init(&f.dl);
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE, .w = 800, .h = 600});
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  KT_CHECK(find(&f, "Created a new progress store at /tmp/y") != NULL);
  teardown(&f);
}

/* Counts of one read in the singular. */
static void test_home_singular(void) {
  Fx f;
  memset(&f, 0, sizeof f);
  if (!setup(&f, NULL, KK_UI_STATS, 900, 600)) return;
  f.fns.today = h_today_one;
  key(&f, KK_KEY_ESCAPE); /* home reads the totals on entry */
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  KT_CHECK(find(&f, "Today: 1 answer, 100% right") != NULL);
  KT_CHECK(find(&f, "Streak: 1 day") != NULL && find(&f, "Streak: 1 days") == NULL);
  KT_CHECK(find(&f, "1 day left") != NULL);
  teardown(&f);
}

static void test_help_zoom_theme(void) {
  Fx f;
  const char *ids[] = {"b1", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  ch(&f, '?');
  KT_CHECK(kk_ui_help_open(f.ui));
  KT_CHECK(find(&f, "Keyboard shortcuts") != NULL);
  KT_CHECK(find(&f, "Ctrl Z") != NULL && find(&f, "1 2 3 4") != NULL);
  /* every screen's shortcuts are listed; scrolling reaches the end */
  for (int i = 0; i < 60; i++) key(&f, KK_KEY_DOWN);
  KT_CHECK(find(&f, "Preview (authors)") != NULL);
  const kk_DrawCmd *end = find(&f, "Esc closes this help");
  KT_CHECK(end && end->r.y > 0 && end->r.y + end->r.h <= f.h);
  /* keys do not reach the drill under the overlay */
  key(&f, KK_KEY_SPACE);
  KT_CHECK(state(&f).phase == KK_DRILL_ASK);
  key(&f, KK_KEY_ESCAPE);
  KT_CHECK(!kk_ui_help_open(f.ui));
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  /* the ? button in the top bar opens it; a click outside closes it */
  click_text(&f, "?");
  KT_CHECK(kk_ui_help_open(f.ui));
  click(&f, 1, f.h - 2);
  KT_CHECK(!kk_ui_help_open(f.ui));
  /* hover lights a button up, and only a change of hover redraws */
  const kk_DrawCmd *sa = find(&f, "Show answer");
  KT_CHECK(sa != NULL);
  if (sa) {
    KT_CHECK(!(send(&f, (kk_UiEvent){.kind = KK_EV_MOVE, .x = 2, .y = f.h / 2}) & KK_UIF_REDRAW));
    KT_CHECK(send(&f, (kk_UiEvent){.kind = KK_EV_MOVE, .x = sa->r.x + 1, .y = sa->r.y + 1}) &
             KK_UIF_REDRAW);
    sa = find(&f, "Show answer");
    KT_CHECK(sa &&
             !(send(&f, (kk_UiEvent){.kind = KK_EV_MOVE, .x = sa->r.x + 2, .y = sa->r.y + 1}) &
               KK_UIF_REDRAW));
  }
  /* Ctrl + wheel zooms */
  KT_CHECK(send(&f, (kk_UiEvent){.kind = KK_EV_WHEEL, .dy = 1, .mods = KK_MOD_CTRL}) &
           KK_UIF_SETTINGS);
  KT_CHECK(kk_ui_zoom_pct(f.ui) == 110);
  chmod(&f, '0', KK_MOD_CTRL);
  /* zoom */
  const kk_DrawCmd *c = find(&f, "日本");
  int px0 = c ? c->px : 0;
  unsigned fl = chmod(&f, '+', KK_MOD_CTRL);
  KT_CHECK(fl & KK_UIF_SETTINGS);
  KT_CHECK(kk_ui_zoom_pct(f.ui) == 110);
  c = find(&f, "日本");
  KT_CHECK(c && c->px > px0);
  chmod(&f, '0', KK_MOD_CTRL);
  KT_CHECK(kk_ui_zoom_pct(f.ui) == 100);
  for (int i = 0; i < 40; i++) chmod(&f, '-', KK_MOD_CTRL);
  KT_CHECK(kk_ui_zoom_pct(f.ui) == 50);
  for (int i = 0; i < 40; i++) chmod(&f, '=', KK_MOD_CTRL);
  KT_CHECK(kk_ui_zoom_pct(f.ui) == 300);
  /* theme: the background changes */
  kk_Color bg0 = f.dl.cmds[0].color;
  fl = chmod(&f, 't', KK_MOD_CTRL);
  KT_CHECK(fl & KK_UIF_SETTINGS);
  KT_CHECK(kk_ui_dark(f.ui));
  KT_CHECK(memcmp(&bg0, &f.dl.cmds[0].color, sizeof bg0) != 0);
  KT_CHECK(chmod(&f, 'q', KK_MOD_CTRL) & KK_UIF_QUIT);
  KT_CHECK(send(&f, (kk_UiEvent){.kind = KK_EV_QUIT}) & KK_UIF_QUIT);
  teardown(&f);
}

static void test_stats(void) {
  Fx f;
  if (!setup(&f, NULL, KK_UI_HOME, 900, 1400)) return;
  int rects0 = count_kind(&f, KK_DRAW_RECT);
  ch(&f, 's');
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_STATS);
  KT_CHECK(find(&f, "87.0% of 120 reviews") != NULL);
  KT_CHECK(find(&f, "Predicted recall on exam day (January 29, 2027): 81%") != NULL);
  KT_CHECK(find(&f, "Reviews per day") && find(&f, "Due in the next 30 days"));
  KT_CHECK(find(&f, "Mastery per deck") && find(&f, "Mastery per tag"));
  KT_CHECK(find(&f, "nato") != NULL);
  KT_CHECK(find(&f, "29 days ago") && find(&f, "in 29 days"));
  /* 30 + 30 bars (some zero) and 70 heat cells are rects */
  KT_CHECK(count_kind(&f, KK_DRAW_RECT) > rects0 + 100);
  key(&f, KK_KEY_ESCAPE);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  teardown(&f);
}

/* Exam-date mode per deck: home and stats show the date, the days left and
** the predicted recall on the day for each deck, and warn on the deck's row
** when its new cards cannot all come in before the exam (issue 12). */
static void test_exam_per_deck(void) {
  static const int sizes[2][2] = {{640, 480}, {960, 680}};
  for (int k = 0; k < 2; k++) {
    Fx f;
    if (!setup(&f, NULL, KK_UI_HOME, sizes[k][0], sizes[k][1])) return;
    KT_CHECK(find(&f, "predicted recall") == NULL); /* no exam: no line */
    f.host.exam = 1;
    ch(&f, 's');
    key(&f, KK_KEY_ESCAPE); /* home reads its numbers again */
    const kk_DrawCmd *ex =
        find(&f, "Exam January 29, 2027: 67 days left, predicted recall on the day 81%");
    const kk_DrawCmd *row = find(&f, "テスト");
    KT_CHECK(ex && row);
    if (ex && row) KT_CHECK(ex->r.y > row->r.y); /* inside the deck's row, below its title */
    KT_CHECK(find(&f, "cannot be introduced") == NULL);
    f.host.short_new = 12;
    ch(&f, 's');
    KT_CHECK(find(&f, "Exams per deck") != NULL);
    KT_CHECK(find(&f, "67 days left, predicted recall on the day 81%") != NULL);
    KT_CHECK(find(&f, "12 new cards cannot be introduced before the exam") != NULL);
    key(&f, KK_KEY_ESCAPE);
    const kk_DrawCmd *w = find(&f, "12 new cards cannot be introduced before the exam");
    KT_CHECK(w != NULL);
    if (w) KT_CHECK(w->r.y + w->r.h < sizes[k][1]);
    teardown(&f);
  }
}

/* The stats screen's "Optimize now": progress shown while the fit runs
** (the host's busy callback draws), Escape there cancels, and the outcome
** stays on the screen (issue 15). */
typedef struct Busy {
  Fx *f;
  int cancel_at; /* the call that asks to cancel, 0 never */
  int calls;
} Busy;
static int busy_cb(void *ud, double done) {
  Busy *b = ud;
  b->calls++;
  frame(b->f); /* what the window shows now */
  Host *h = &b->f->host;
  /* the percentage the window shows, + 1 (0: no progress line) */
  int pct = 0;
  for (int p = 0; p <= 100 && !pct; p++) {
    char want[64];
    snprintf(want, sizeof want, "Fitting your memory model… %d%%", p);
    if (find(b->f, want)) pct = p + 1;
  }
  (void)done;
  if (h->nfit_seen < 8) h->fit_seen_pct[h->nfit_seen++] = pct;
  /* the progress bar starts right of the (bold) label, never under it */
  const kk_DrawCmd *l = find(b->f, "Fitting your memory model");
  if (l) {
    int lw = fake_width(NULL, -l->px, l->text, strlen(l->text));
    for (size_t i = 0; i < b->f->dl.n; i++) {
      const kk_DrawCmd *r = &b->f->dl.cmds[i];
      if (r->kind == KK_DRAW_RECT && r->r.y >= l->r.y && r->r.y < l->r.y + l->r.h &&
          r->r.x > l->r.x && r->r.x < l->r.x + lw)
        h->bar_overlaps++;
    }
  }
  return b->calls == b->cancel_at;
}

static void test_stats_optimize(void) {
  Fx f;
  if (!setup(&f, NULL, KK_UI_HOME, 640, 480)) return;
  kk_ui_free(f.ui);
  Busy b = {&f, 0, 0};
  kk_UiConfig cfg = {0};
  cfg.decks = &f.deck;
  cfg.ndecks = 1;
  cfg.host = &f.fns;
  cfg.start = KK_UI_STATS;
  cfg.busy = busy_cb;
  cfg.busy_ud = &b;
  f.ui = kk_ui_new(&cfg);
  KT_CHECK(f.ui != NULL);
  if (!f.ui) return;
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE, .w = 640, .h = 480});
  KT_CHECK(find(&f, "Optimize now (O)") != NULL);
  click_text(&f, "Optimize now");
  KT_CHECK(f.host.fits == 1);
  /* drawn at the start and after each step, with the fraction done */
  KT_CHECK(b.calls == 3 && f.host.nfit_seen == 3);
  KT_CHECK(f.host.fit_seen_pct[0] == 1 && f.host.fit_seen_pct[1] == 51 &&
           f.host.fit_seen_pct[2] == 101);
  KT_CHECK(f.host.bar_overlaps == 0);
  KT_CHECK(find(&f, "Fitting") == NULL); /* over */
  KT_CHECK(find(&f, "Fitted on 1234 reviews: log loss 0.400 → 0.350") != NULL);
  /* cancelled half way: said so, and the button is back */
  b.calls = 0, b.cancel_at = 2;
  ch(&f, 'o');
  KT_CHECK(f.host.fits == 2);
  KT_CHECK(find(&f, "Cancelled: nothing changed") != NULL);
  KT_CHECK(find(&f, "Fitted on") == NULL);
  KT_CHECK(find(&f, "Optimize now (O)") != NULL);
  /* leaving the screen forgets the message */
  key(&f, KK_KEY_ESCAPE);
  ch(&f, 's');
  KT_CHECK(find(&f, "Cancelled") == NULL);
  teardown(&f);
}

/* In a small window the statistics scroll to their last line and no
** further: never into a blank page. */
static void test_stats_scroll_end(void) {
  Fx f;
  if (!setup(&f, NULL, KK_UI_STATS, 640, 480)) return;
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_STATS);
  const kk_DrawCmd *tag = find(&f, "Mastery per tag");
  KT_CHECK(tag && tag->r.y > 480); /* below the fold */
  unsigned fl = 0;
  for (int i = 0; i < 40; i++) fl = key(&f, KK_KEY_PAGEDOWN);
  KT_CHECK(!(fl & KK_UIF_REDRAW)); /* at the end: nothing moves */
  const kk_DrawCmd *last = find(&f, "nato");
  KT_CHECK(last != NULL);
  /* the last line is in the window's lower half, not scrolled away */
  if (last) KT_CHECK(last->r.y + last->r.h <= 480 && last->r.y > 240);
  for (int i = 0; i < 40; i++) send(&f, (kk_UiEvent){.kind = KK_EV_WHEEL, .dy = -1});
  last = find(&f, "nato");
  KT_CHECK(last && last->r.y + last->r.h <= 480 && last->r.y > 240);
  key(&f, KK_KEY_HOME);
  KT_CHECK(find(&f, "True retention") != NULL);
  teardown(&f);
}

static void test_preview(void) {
  Fx f;
  if (!setup(&f, NULL, KK_UI_PREVIEW, 800, 600)) return;
  kk_Diags dg;
  kk_diags_init(&dg, 0);
  kk_diags_add(&dg, KK_SEV_ERROR, "t.yaml", 12, 5, "cloze card without a marker");
  kk_ui_set_preview(f.ui, f.deck, &dg);
  frame(&f);
  KT_CHECK(find(&f, "t.yaml:12:5: error: cloze card without a marker") != NULL);
  KT_CHECK(find(&f, "card 1 of 9") != NULL);
  KT_CHECK(find(&f, "東京") == NULL);
  key(&f, KK_KEY_SPACE);
  KT_CHECK(find(&f, "東京") != NULL);
  /* page through every item: 10 (the cloze and the reversed card give two) */
  int pages = 1;
  while (key(&f, KK_KEY_RIGHT) & KK_UIF_REDRAW) {
    pages++;
    key(&f, KK_KEY_SPACE); /* answer side too */
    if (pages > 20) break;
  }
  KT_CHECK(pages == 11);
  KT_CHECK(find(&f, "card 9 of 9") != NULL);
  key(&f, KK_KEY_HOME);
  KT_CHECK(find(&f, "card 1 of 9") != NULL);
  click_text(&f, "Next");
  KT_CHECK(find(&f, "item 1 of 2") != NULL);
  /* the deck failed to load: only the problems */
  kk_ui_set_preview(f.ui, NULL, &dg);
  frame(&f);
  KT_CHECK(find(&f, "did not load") != NULL);
  KT_CHECK(find(&f, "t.yaml:12:5") != NULL);
  kk_ui_set_preview(f.ui, f.deck, NULL);
  teardown(&f);
  kk_diags_free(&dg);
}

static int wide_width(void *ud, int px, const char *s, size_t len) {
  return 2 * fake_width(ud, px, s, len);
}

/* Measurements are memoised across frames, and forgotten when the host's
** metrics change. */
static void test_metrics_cache(void) {
  Fx f;
  const char *ids[] = {"b1", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  long c0 = kk_ui_metric_calls(f.ui);
  frame(&f);
  frame(&f);
  KT_CHECK(kk_ui_metric_calls(f.ui) == c0); /* same frame: all from the cache */
  const kk_DrawCmd *c = find(&f, "Show answer");
  int w0 = c ? c->r.w : 0;
  kk_TextMetrics wide = {NULL, wide_width, fake_line_height, fake_ascent};
  kk_draw_reset(&f.dl);
  kk_ui_draw(f.ui, f.w, f.h, 1.0f, &wide, &f.dl);
  c = find(&f, "Show answer");
  KT_CHECK(c && c->r.w == 2 * w0);
  KT_CHECK(kk_ui_metric_calls(f.ui) > c0);
  /* told to forget: measured again */
  long c1 = kk_ui_metric_calls(f.ui);
  kk_ui_forget_metrics(f.ui);
  frame(&f);
  KT_CHECK(kk_ui_metric_calls(f.ui) > c1);
  teardown(&f);
}

/* Paragraph layouts are kept across passes and frames: a frame drawn
** again lays nothing out, and what the kept layouts draw is what a fresh
** context draws, at another width and with other metrics (each an input
** of the layout's key). */
static void test_layout_cache(void) {
  Fx f, g;
  const char *ids[] = {"b1", NULL};
  if (!setup(&f, ids, KK_UI_DRILL, 800, 600)) return;
  long n0 = kk_ui_layout_count(f.ui);
  KT_CHECK(n0 > 0);
  frame(&f);
  KT_CHECK(kk_ui_layout_count(f.ui) == n0); /* all kept */
  /* narrower: laid out again, and drawn as a fresh context draws it */
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE, .w = 300, .h = 600});
  f.w = 300;
  frame(&f);
  KT_CHECK(kk_ui_layout_count(f.ui) > n0);
  if (setup(&g, ids, KK_UI_DRILL, 300, 600)) {
    send(&g, (kk_UiEvent){.kind = KK_EV_RESIZE, .w = 300, .h = 600});
    frame(&g);
    KT_CHECK(f.dl.n == g.dl.n && f.dl.hash == g.dl.hash);
    /* other metrics behind the same context: laid out with them */
    long nw = kk_ui_layout_count(f.ui);
    kk_TextMetrics wide = {NULL, wide_width, fake_line_height, fake_ascent};
    kk_draw_reset(&f.dl);
    kk_ui_draw(f.ui, f.w, f.h, 1.0f, &wide, &f.dl);
    KT_CHECK(kk_ui_layout_count(f.ui) > nw);
    /* and when told to forget them */
    nw = kk_ui_layout_count(g.ui);
    kk_ui_forget_metrics(g.ui);
    frame(&g);
    KT_CHECK(kk_ui_layout_count(g.ui) > nw);
    /* the same frame again: nothing new laid out */
    long n1 = kk_ui_layout_count(f.ui);
    kk_draw_reset(&f.dl);
    kk_ui_draw(f.ui, f.w, f.h, 1.0f, &wide, &f.dl);
    KT_CHECK(kk_ui_layout_count(f.ui) == n1);
    teardown(&g);
  }
  teardown(&f);
}

static int bold_wide(void *ud, int px, const char *s, size_t len) {
  return px < 0 ? 2 * fake_width(ud, -px, s, len) : fake_width(ud, px, s, len);
}

/* The layout cache's key, input by input: a paragraph laid out in another
** language, width, size or face is laid out again, and many paragraphs in
** turn (more than the cache holds) measure as a fresh context measures. */
static void test_layout_cache_key(void) {
  static const kk_TextMetrics bt = {NULL, bold_wide, fake_line_height, fake_ascent};
  kk_Ui *ui = kk_ui_context_new(0, 100), *fresh = kk_ui_context_new(0, 100);
  kk_DrawList dl;
  kk_draw_init(&dl);
  KT_REQUIRE(ui != NULL && fresh != NULL);
  kk_ui_frame_begin(ui, 400, 300, 1.0f, &bt, &dl);
  kk_ui_frame_begin(fresh, 400, 300, 1.0f, &bt, &dl);
  const char *t = "Article 5 of the North Atlantic Treaty 北大西洋条約第5条";
  kk_Color c = {0, 0, 0, 255};
  ui->lang = "en";
  long n = kk_ui_layout_count(ui);
  int h = kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0);
  KT_CHECK(kk_ui_layout_count(ui) == n + 1);
  KT_CHECK(kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0) == h && kk_ui_layout_count(ui) == n + 1);
  ui->lang = "ja";
  kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0);
  KT_CHECK(kk_ui_layout_count(ui) == n + 2);
  ui->lang = NULL;
  kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0);
  KT_CHECK(kk_ui_layout_count(ui) == n + 3);
  kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 199, 0);
  KT_CHECK(kk_ui_layout_count(ui) == n + 4);
  kk_ui_wrap(ui, t, c, 15, 0, 0, 0, 199, 0);
  KT_CHECK(kk_ui_layout_count(ui) == n + 5);
  /* bold measures twice as wide here: more lines, so taller */
  int hb = kk_ui_wrap(ui, t, c, 16, KK_TEXT_BOLD, 0, 0, 200, 0);
  KT_CHECK(kk_ui_layout_count(ui) == n + 6);
  KT_CHECK(hb > h);
  KT_CHECK(kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0) == h);
  /* many paragraphs, twice over: every height is a fresh context's */
  char buf[KK_UI_LCACHE * 3][48];
  int same = 1;
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < KK_UI_LCACHE * 3; i++) {
      snprintf(buf[i], sizeof buf[i], "%.*s", 6 + i % 40,
               "条約第5条は締約国に対する武力攻撃を全締約国に対する");
      int w = 60 + i;
      if (i % 7 == 0) kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0); /* kept in use */
      same &= kk_ui_wrap(ui, buf[i], c, 16, 0, 0, 0, w, 0) ==
              kk_ui_wrap(fresh, buf[i], c, 16, 0, 0, 0, w, 0);
    }
  KT_CHECK(same);
  /* a paragraph found again outlives a cache's worth of one-off ones */
  kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0);
  kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0);
  for (int i = 0; i < KK_UI_LCACHE - 1; i++) kk_ui_wrap(ui, buf[i], c, 16, 0, 0, 0, 300 + i, 0);
  n = kk_ui_layout_count(ui);
  kk_ui_wrap(ui, t, c, 16, 0, 0, 0, 200, 0);
  KT_CHECK(kk_ui_layout_count(ui) == n);
  kk_ui_frame_end(ui);
  kk_ui_frame_end(fresh);
  kk_ui_context_free(ui);
  kk_ui_context_free(fresh);
  kk_draw_free(&dl);
}

/* The one window-size rule: WxH in digits, within the window's limits. */
static void test_window_size_parse(void) {
  static const struct {
    const char *s;
    int ok, w, h;
  } cases[] = {
      {"960x680", 1, 960, 680},   {"1024X720", 1, 1024, 720},
      {"480x360", 1, 480, 360},   {"16384x16384", 1, 16384, 16384},
      {"0800x0600", 1, 800, 600}, {"479x360", 0, 0, 0},
      {"480x359", 0, 0, 0},       {"16385x600", 0, 0, 0},
      {"800x16385", 0, 0, 0},     {" 800x600", 0, 0, 0},
      {"800x600 ", 0, 0, 0},      {"+800x600", 0, 0, 0},
      {"800x-600", 0, 0, 0},      {"800x", 0, 0, 0},
      {"x600", 0, 0, 0},          {"800*600", 0, 0, 0},
      {"800x600x2", 0, 0, 0},     {"99999999999x600", 0, 0, 0},
      {"000000800x600", 0, 0, 0}, {"", 0, 0, 0},
      {"10x10", 0, 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    int w = -7, h = -7;
    int ok = kk_ui_window_size_parse(cases[i].s, &w, &h);
    KT_CHECK(ok == cases[i].ok);
    if (ok != cases[i].ok) fprintf(stderr, "  window size '%s'\n", cases[i].s);
    KT_CHECK(ok ? w == cases[i].w && h == cases[i].h : w == -7 && h == -7);
  }
  int w = 1, h = 1;
  KT_CHECK(!kk_ui_window_size_parse(NULL, &w, &h) && w == 1 && h == 1);
}

/* "Study all" takes every deck, however many (it stopped at 256). */
static void test_study_all_decks(void) {
  Fx f;
  const char *ids[] = {"b1", NULL};
  if (!setup(&f, ids, KK_UI_HOME, 800, 600)) return;
  enum { NDECKS = 300 };
  static kk_Deck *many[NDECKS];
  for (size_t i = 0; i < NDECKS; i++) many[i] = f.deck;
  kk_UiConfig cfg = {0};
  cfg.decks = many;
  cfg.ndecks = NDECKS;
  cfg.host = &f.fns;
  cfg.start = KK_UI_HOME;
  kk_Ui *ui = kk_ui_new(&cfg);
  KT_REQUIRE(ui != NULL);
  kk_ui_session_start(ui, NULL, 0);
  KT_CHECK(f.host.start_n == NDECKS && f.host.start_last == NDECKS - 1);
  kk_ui_free(ui);
  teardown(&f);
}

/* Every screen in very small windows: nothing crashes; from 160 pixels
** up nothing is drawn past the edges. */
static void test_small_windows(void) {
  static const int sizes[][2] = {{1, 1}, {20, 15}, {160, 120}, {200, 600}};
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    Fx f;
    if (!setup(&f, NULL, KK_UI_HOME, sizes[k][0], sizes[k][1])) return;
    ch(&f, '?');
    key(&f, KK_KEY_ESCAPE);
    ch(&f, 's');
    key(&f, KK_KEY_ESCAPE);
    key(&f, KK_KEY_ENTER);
    /* a mix of keys that moves every card type on; stop at the summary */
    for (int i = 0; i < 200 && kk_ui_screen(f.ui) == KK_UI_DRILL; i++) {
      switch (i % 7) {
      case 0: key(&f, KK_KEY_SPACE); break;
      case 1: text(&f, "1"); break;
      case 2: key(&f, KK_KEY_ENTER); break;
      case 3: ch(&f, 't'); break;
      case 4: ch(&f, '1'); break;
      case 5: key(&f, KK_KEY_DOWN); break;
      default: key(&f, KK_KEY_ENTER); break;
      }
    }
    if (kk_ui_screen(f.ui) != KK_UI_SUMMARY) {
      kk_UiDrillState s = state(&f);
      fprintf(stderr, "screen %d card %s phase %d answered %d\n", kk_ui_screen(f.ui),
              s.item.card ? s.item.card->id : "-", s.phase, s.answered);
    }
    KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SUMMARY);
    kk_ui_set_preview(f.ui, f.deck, NULL);
    f.flags = 0;
    teardown(&f);
  }
}

/* Out of memory anywhere in creation and drawing: no crash, no leak. */
static void test_oom(void) {
  kk_Deck *deck = load_deck();
  if (!deck) return;
  Host host;
  memset(&host, 0, sizeof host);
  kk_UiHost fns = host_fns;
  fns.ud = &host;
  for (size_t i = 0; i < kk_deck_card_count(deck); i++)
    host.q[host.nq++] = (kk_UiItem){kk_deck_card(deck, i), 0, 0, KK_PHASE_NEW, 0, 0};
  kk_UiConfig cfg = {0};
  cfg.decks = &deck;
  cfg.ndecks = 1;
  cfg.host = &fns;
  cfg.start = KK_UI_DRILL;
  int survived = 0;
  for (size_t n = 1; n < 400; n++) {
    /* the callbacks read these through fns.ud */
    host.nanswers = 0; /* cppcheck-suppress unreadVariable */
    host.pos = 0;      /* cppcheck-suppress unreadVariable */
    kk_alloc_fail_after(n);
    kk_Ui *ui = kk_ui_new(&cfg);
    if (ui) {
      kk_DrawList dl;
      kk_draw_init(&dl);
      kk_UiEvent ev = {.kind = KK_EV_RESIZE, .now_ms = 1};
      kk_ui_handle(ui, &ev);
      for (int k = 0; k < 6; k++) {
        kk_draw_reset(&dl);
        kk_ui_draw(ui, 500, 400, 1.0f, &tm, &dl);
        ev = (kk_UiEvent){.kind = KK_EV_KEY, .key = KK_KEY_SPACE, .now_ms = 2 + k};
        kk_ui_handle(ui, &ev);
        ev = (kk_UiEvent){.kind = KK_EV_TEXT, .text = "5%", .now_ms = 2 + k};
        kk_ui_handle(ui, &ev);
        ev = (kk_UiEvent){.kind = KK_EV_KEY, .key = KK_KEY_ENTER, .now_ms = 2 + k};
        kk_ui_handle(ui, &ev);
      }
      kk_draw_free(&dl);
      survived++;
    }
    kk_ui_free(ui);
  }
  kk_alloc_fail_after(0);
  KT_CHECK(survived > 300);
  kk_deck_free(deck);
}

/* The real host: a session over a store in a temporary directory. */
static void test_store_host(void) {
  char dir[64];
  if (kt_tmpdir(dir, sizeof dir, "ui") != 0) return;
  kk_Deck *deck = load_deck();
  kk_Store *store = NULL;
  kk_UiStore *us = NULL;
  kk_Err e;
  KT_CHECK(deck != NULL);
  KT_CHECK(kk_store_open(dir, &e, &store) == KK_OK);
  if (!deck || !store) goto done;
  KT_CHECK(kk_ui_store_new(store, &deck, 1, 540, 4, &e, &us) == KK_OK);
  if (!us) goto done;
  kk_UiConfig cfg = {0};
  cfg.decks = &deck;
  cfg.ndecks = 1;
  cfg.host = kk_ui_store_host(us);
  cfg.start = KK_UI_HOME;
  Fx f;
  memset(&f, 0, sizeof f);
  f.ui = kk_ui_new(&cfg);
  f.w = 900, f.h = 700;
  f.now = 1790000000000; /* 2026-09-21 */
  kk_draw_init(&f.dl);
  send(&f, (kk_UiEvent){.kind = KK_EV_RESIZE});
  /* 11 items, all new; within the new-per-day limit, one per card */
  KT_CHECK(find(&f, "9 new") != NULL);
  KT_CHECK(find(&f, "0% known of 11") != NULL);
  key(&f, KK_KEY_ENTER);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  kk_UiDrillState s = state(&f);
  KT_CHECK(s.active && s.item.phase == KK_PHASE_NEW);
  /* the grade buttons show the scheduler's intervals for a new card */
  key(&f, KK_KEY_ENTER);
  if (s.item.card->type == KK_CARD_BASIC) KT_CHECK(find(&f, "1m") && find(&f, "10m"));
  /* answer everything right until the session ends (Again would loop) */
  int guard = 0;
  while (kk_ui_screen(f.ui) == KK_UI_DRILL && guard++ < 100) {
    s = state(&f);
    if (s.phase == KK_DRILL_ASK) {
      switch (s.item.card->type) {
      case KK_CARD_TYPED:
        text(&f, "5%");
        key(&f, KK_KEY_ENTER);
        break;
      case KK_CARD_NUMERIC:
        text(&f, "1750");
        key(&f, KK_KEY_ENTER);
        break;
      case KK_CARD_TRUEFALSE: ch(&f, 'f'); break;
      case KK_CARD_CHOICE:
        if (s.item.card->ncorrect > 1)
          ch(&f, opt_key(&f, 0)), ch(&f, opt_key(&f, 1)), key(&f, KK_KEY_ENTER);
        else
          ch(&f, opt_key(&f, 1));
        break;
      case KK_CARD_ORDER: key(&f, KK_KEY_ENTER); break;
      default: key(&f, KK_KEY_SPACE); break;
      }
    }
    ch(&f, '4'); /* Easy: graduates at once */
  }
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_SUMMARY);
  int64_t n = 0;
  KT_CHECK(kk_store_review_count(store, NULL, &e, &n) == KK_OK);
  KT_CHECK(n == 9);
  KT_CHECK(state(&f).answered == 9);
  /* undo the last review: the store forgets it, the card is back */
  chmod(&f, 'z', KK_MOD_CTRL);
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_DRILL);
  KT_CHECK(kk_store_review_count(store, NULL, &e, &n) == KK_OK && n == 8);
  key(&f, KK_KEY_ESCAPE);
  /* home: the answered cards left today's counts */
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  KT_CHECK(find(&f, "Today: 8 answers, 100% right") != NULL);
  KT_CHECK(find(&f, "9 new") == NULL);
  KT_CHECK(find(&f, "Streak: 1 day") != NULL);
  KT_CHECK(find(&f, "2 new") != NULL || find(&f, "1 new") != NULL);
  /* stats from the store */
  ch(&f, 's');
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_STATS);
  KT_CHECK(find(&f, "Reviews per day") != NULL);
  KT_CHECK(find(&f, "テストデッキ") != NULL);
  {
    /* the chart's top label is today's 8 reviews: the host's arrays were
    ** read after its per-deck numbers, which rebuild them */
    int top8 = 0;
    for (size_t i = 0; i < f.dl.n; i++)
      top8 |= f.dl.cmds[i].kind == KK_DRAW_TEXT && strcmp(f.dl.cmds[i].text, "8") == 0;
    KT_CHECK(top8);
  }
  /* home asks for a tick when the study day turns (04:00 at UTC+9) and
  ** then reads its numbers again: nothing studied on the new day */
  key(&f, KK_KEY_ESCAPE);
  f.now += 5000;
  send(&f, (kk_UiEvent){.kind = KK_EV_TICK}); /* the toast is gone */
  KT_CHECK(kk_ui_screen(f.ui) == KK_UI_HOME);
  KT_CHECK(kk_ui_next_tick_ms(f.ui) == 1790017200000);
  KT_CHECK(find(&f, "Today: 8 answers") != NULL);
  f.now = 1790017200000 - 700; /* send adds 700 */
  send(&f, (kk_UiEvent){.kind = KK_EV_TICK});
  KT_CHECK(find(&f, "Today: nothing studied yet") != NULL);
  KT_CHECK(kk_ui_next_tick_ms(f.ui) == 1790017200000 + 86400000);
  KT_CHECK_STR(kk_ui_store_error(us), "");
  KT_CHECK(f.out_of_bounds == 0);
  {
    /* the student's own exam date for the deck: home gets it per deck with
    ** the predicted recall on the day */
    const kk_UiHost *h = kk_ui_store_host(us);
    kk_UiDeckCounts dc;
    memset(&dc, 0, sizeof dc);
    h->deck_counts(h->ud, 0, f.now, &dc);
    KT_CHECK(dc.exam_date[0] == '\0' && dc.exam_recall < 0);
    kk_StoreDeckSettings ds;
    int found = 0;
    KT_CHECK(kk_store_get_deck_settings(store, kk_deck_id(deck), &e, &ds, &found) == KK_OK);
    snprintf(ds.exam_date, sizeof ds.exam_date, "2026-10-21");
    KT_CHECK(kk_store_put_deck_settings(store, kk_deck_id(deck), &ds, &e) == KK_OK);
    memset(&dc, 0, sizeof dc);
    h->deck_counts(h->ud, 0, f.now, &dc);
    KT_CHECK_STR(dc.exam_date, "2026-10-21");
    /* 29 or 30 days: the fixture's clock sits near a local day boundary */
    KT_CHECK(dc.exam_days_left >= 29 && dc.exam_days_left <= 30 && dc.exam_new_short == 0);
    KT_CHECK(dc.exam_recall > 0.3 && dc.exam_recall < 1.0); /* 8 of 11 studied */
    /* the student's date is too close for the new items: a warning count */
    snprintf(ds.exam_date, sizeof ds.exam_date, "2026-09-22");
    KT_CHECK(kk_store_put_deck_settings(store, kk_deck_id(deck), &ds, &e) == KK_OK);
    h->deck_counts(h->ud, 0, f.now, &dc);
    KT_CHECK(dc.exam_days_left >= 0 && dc.exam_days_left <= 1 && dc.exam_new_short > 0);
  }
  kk_ui_free(f.ui);
  kk_draw_free(&f.dl);
done:
  kk_ui_store_free(us);
  kk_store_close(store);
  kk_deck_free(deck);
  static const char *const files[] = {"progress.sqlite3", "progress.sqlite3-wal",
                                      "progress.sqlite3-shm", "progress.sqlite3-journal"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  if (rmdir(dir) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

/* Two windows (two store connections) drilling one deck: undo takes back
** the window's own answer, and an item answered in both keeps both reviews
** (issue 12). */
static void test_two_windows(void) {
  char dir[64];
  if (kt_tmpdir(dir, sizeof dir, "ui2") != 0) return;
  kk_Deck *deck = load_deck();
  kk_Store *sa = NULL, *sb = NULL;
  kk_UiStore *a = NULL, *b = NULL;
  kk_Err e;
  KT_CHECK(deck != NULL);
  KT_CHECK(kk_store_open(dir, &e, &sa) == KK_OK);
  KT_CHECK(kk_store_open(dir, &e, &sb) == KK_OK);
  if (!deck || !sa || !sb) goto done;
  KT_CHECK(kk_ui_store_new(sa, &deck, 1, 540, 4, &e, &a) == KK_OK);
  KT_CHECK(kk_ui_store_new(sb, &deck, 1, 540, 4, &e, &b) == KK_OK);
  if (!a || !b) goto done;
  const kk_UiHost *ha = kk_ui_store_host(a), *hb = kk_ui_store_host(b);
  int64_t now = 1790000000000;
  size_t d0 = 0;
  KT_CHECK(ha->session_start(ha->ud, &d0, 1, now, &e) == KK_OK);
  KT_CHECK(hb->session_start(hb->ud, &d0, 1, now, &e) == KK_OK);
  kk_UiItem ia, ib;
  /* both windows show the same first item; both answer it */
  KT_CHECK(ha->session_next(ha->ud, now, &ia) == 1);
  KT_CHECK(hb->session_next(hb->ud, now, &ib) == 1);
  KT_CHECK(ia.card == ib.card && ia.item == ib.item);
  KT_CHECK(ha->answer(ha->ud, &ia, KK_EASY, now, 1000, &e) == KK_OK);
  KT_CHECK(hb->answer(hb->ud, &ib, KK_EASY, now + 5000, 1000, &e) == KK_OK);
  kk_CardState st;
  int found = 0;
  char key[KK_STORE_KEY_MAX];
  kk_card_item_key(ia.card, ia.item, key, sizeof key);
  KT_CHECK(kk_store_get_state(sa, key, &e, &st, &found) == KK_OK && found);
  KT_CHECK(st.reps == 2); /* both answers count */
  /* A answers another item, then B one more: A's undo takes back its own */
  KT_CHECK(ha->session_next(ha->ud, now + 10000, &ia) == 1);
  KT_CHECK(ha->answer(ha->ud, &ia, KK_GOOD, now + 10000, 1000, &e) == KK_OK);
  memset(&ib, 0, sizeof ib);
  ib.card = kk_deck_card(deck, kk_deck_card_count(deck) - 1); /* another card */
  KT_CHECK(ib.card != ia.card);
  KT_CHECK(hb->answer(hb->ud, &ib, KK_EASY, now + 20000, 1000, &e) == KK_OK);
  int64_t n = 0;
  KT_CHECK(kk_store_review_count(sa, NULL, &e, &n) == KK_OK && n == 4);
  kk_UiItem back;
  KT_CHECK(ha->undo(ha->ud, now + 30000, &back) == 1);
  KT_CHECK(back.card == ia.card && back.item == ia.item);
  KT_CHECK(kk_store_review_count(sa, NULL, &e, &n) == KK_OK && n == 3);
  kk_card_item_key(ib.card, ib.item, key, sizeof key);
  KT_CHECK(kk_store_get_state(sa, key, &e, &st, &found) == KK_OK && found && st.reps >= 1);
  KT_CHECK_STR(kk_ui_store_error(a), "");
done:
  kk_ui_store_free(a);
  kk_ui_store_free(b);
  kk_store_close(sa);
  kk_store_close(sb);
  kk_deck_free(deck);
  static const char *const files[] = {"progress.sqlite3", "progress.sqlite3-wal",
                                      "progress.sqlite3-shm", "progress.sqlite3-journal"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  if (rmdir(dir) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

/* The store host's fit: a student's synthetic log in the progress store
** is fitted from the window; a cancel stores nothing; a finished fit is
** stored for every deck, the stats screen names it, and the scheduler's
** parameters are the fit's (issue 15). */
static int count_progress(void *ud, double done) {
  int *n = ud;
  (*n)++;
  return done > 0.3 && n[1]; /* n[1]: cancel once past 30% */
}

static void test_store_host_optimize(void) {
  char dir[64];
  if (kt_tmpdir(dir, sizeof dir, "ui_fit") != 0) return;
  kk_Deck *deck = load_deck();
  kk_Store *store = NULL;
  kk_UiStore *us = NULL;
  kk_Revlog *log = kk_revlog_new();
  kk_Err e;
  KT_CHECK(deck && log);
  KT_CHECK(kk_store_open(dir, &e, &store) == KK_OK);
  if (!deck || !store || !log) goto done;
  kk_FsrsParams truth;
  kk_fsrs_default_params(&truth);
  const double s0[4] = {1.0, 3.0, 6.0, 20.0};
  memcpy(truth.w, s0, sizeof s0);
  truth.w[8] = 1.3, truth.w[9] = 0.3, truth.w[11] = 1.0;
  KT_CHECK(sim_student(&truth, 150, 10, 120, 1, 5, log) > 600);
  const char *deck_id = kk_deck_id(deck);
  for (size_t i = 0; i < log->n; i++) {
    const kk_RevlogRow *r = &log->rows[i];
    char key[32];
    snprintf(key, sizeof key, "sim-%lld", (long long)r->card);
    kk_CardState before = {0}, after = {0};
    before.phase = (kk_Phase)(r->state < 4 ? r->state : KK_PHASE_REVIEW);
    after.phase = r->rating == 1 ? KK_PHASE_RELEARNING : KK_PHASE_REVIEW;
    kk_ReviewLog rl = {0};
    rl.time_ms = r->time_ms, rl.rating = (kk_Rating)r->rating, rl.phase_before = before.phase;
    rl.phase_after = after.phase;
    if (kk_store_record_review(store, key, deck_id, &before, &after, &rl, &e) != KK_OK) {
      KT_CHECK(!"record");
      goto done;
    }
  }
  KT_CHECK(kk_ui_store_new(store, &deck, 1, 0, 4, &e, &us) == KK_OK);
  if (!us) goto done;
  const kk_UiHost *h = kk_ui_store_host(us);
  KT_CHECK(h->optimize != NULL && h->answer_leech != NULL);
  int64_t now = 1790000000000;
  kk_UiFit fit;
  kk_OptimizeSaved saved;
  int found = 1;
  int calls[2] = {0, 1};
  KT_CHECK(h->optimize(h->ud, now, count_progress, calls, &fit, &e) == KK_ERR_USAGE);
  KT_CHECK(calls[0] > 0);
  KT_CHECK(kk_optimize_load(store, deck_id, &saved, &found, &e) == KK_OK && found == 0);
  kk_UiStats st;
  memset(&st, 0, sizeof st);
  h->stats(h->ud, now, &st);
  KT_CHECK(st.memory_model && strstr(st.memory_model, "FSRS defaults"));
  calls[0] = 0, calls[1] = 0;
  KT_CHECK(h->optimize(h->ud, now, count_progress, calls, &fit, &e) == KK_OK);
  KT_CHECK(calls[0] > 1);
  KT_CHECK(fit.fitted == 1 && fit.reviews >= KK_OPTIMIZE_MIN_REVIEWS);
  KT_CHECK(fit.loss_after < fit.loss_before);
  KT_CHECK(kk_optimize_load(store, deck_id, &saved, &found, &e) == KK_OK && found == 1);
  KT_CHECK(saved.reviews == fit.reviews);
  KT_CHECK(fabs(saved.params.w[0] - truth.w[0]) < fabs(0.212 - truth.w[0]));
  h->stats(h->ud, now, &st);
  KT_CHECK(st.memory_model && strstr(st.memory_model, "your own FSRS parameters"));
  /* the scheduler's intervals now come from the fit: a first Good differs */
  kk_UiItem it = {kk_deck_card(deck, 0), 0, 0, KK_PHASE_NEW, 0, 0};
  double with_fit[4], dflt[4];
  KT_CHECK(h->session_start(h->ud, (size_t[]){0}, 1, now, &e) == KK_OK);
  KT_CHECK(h->session_next(h->ud, now, &it) == 1);
  h->preview(h->ud, &it, now, with_fit);
  KT_CHECK(kk_optimize_clear(store, NULL, &e) == KK_OK);
  kk_ui_store_free(us);
  us = NULL;
  KT_CHECK(kk_ui_store_new(store, &deck, 1, 0, 4, &e, &us) == KK_OK);
  if (!us) goto done;
  h = kk_ui_store_host(us);
  KT_CHECK(h->session_start(h->ud, (size_t[]){0}, 1, now, &e) == KK_OK);
  KT_CHECK(h->session_next(h->ud, now, &it) == 1);
  h->preview(h->ud, &it, now, dflt);
  KT_CHECK(fabs(with_fit[3] - dflt[3]) > 1e-6);
done:
  kk_ui_store_free(us);
  kk_store_close(store);
  kk_revlog_free(log);
  kk_deck_free(deck);
  KT_CHECK(kt_rm_rf(dir) == 0);
}

/* The store host tells the window when an answer makes a card a leech:
** suspended by default, only tagged with leech_action: tag (issue 12). */
static void leech_case(const char *yaml, int want) {
  char dir[64];
  if (kt_tmpdir(dir, sizeof dir, "ui_leech") != 0) return;
  kk_Deck *deck = load_deck_from(yaml);
  kk_Store *store = NULL;
  kk_UiStore *us = NULL;
  kk_Err e;
  KT_CHECK(deck != NULL);
  KT_CHECK(kk_store_open(dir, &e, &store) == KK_OK);
  if (!deck || !store) goto done;
  int64_t now = 1790000000000;
  const kk_Card *card = kk_deck_card(deck, 0);
  char key[128];
  kk_card_item_key(card, 0, key, sizeof key);
  /* a review card forgotten 7 times, due now: one more lapse makes a leech */
  kk_CardState before = {0}, after = {0};
  after.phase = KK_PHASE_REVIEW, after.stability = 10, after.difficulty = 5;
  after.interval_days = 10, after.due_ms = now - 86400000,
  after.last_review_ms = now - 11 * 86400000LL;
  after.reps = 20, after.lapses = 7;
  kk_ReviewLog rl = {0};
  rl.time_ms = after.last_review_ms, rl.rating = KK_GOOD, rl.phase_before = KK_PHASE_REVIEW;
  rl.phase_after = KK_PHASE_REVIEW;
  KT_CHECK(kk_store_record_review(store, key, kk_deck_id(deck), &before, &after, &rl, &e) == KK_OK);
  KT_CHECK(kk_ui_store_new(store, &deck, 1, 0, 4, &e, &us) == KK_OK);
  if (!us) goto done;
  const kk_UiHost *h = kk_ui_store_host(us);
  KT_CHECK(h->session_start(h->ud, (size_t[]){0}, 1, now, &e) == KK_OK);
  kk_UiItem it;
  int guard = 0, seen = 0;
  while (h->session_next(h->ud, now, &it) && guard++ < 50) {
    int mine = it.card == card && it.item == 0;
    KT_CHECK(h->answer(h->ud, &it, mine ? KK_AGAIN : KK_EASY, now, 1000, &e) == KK_OK);
    if (mine) {
      seen = 1;
      KT_CHECK(h->answer_leech(h->ud) == want);
      break;
    }
    KT_CHECK(h->answer_leech(h->ud) == 0); /* an ordinary answer */
  }
  KT_CHECK(seen);
  /* the statistics screen counts it, suspended or not */
  kk_UiStats stv;
  memset(&stv, 0, sizeof stv);
  h->stats(h->ud, now, &stv);
  KT_CHECK(stv.leeches == 1);
  KT_CHECK(stv.leeches_suspended == (want == KK_UI_LEECH_SUSPENDED));
done:
  kk_ui_store_free(us);
  kk_store_close(store);
  kk_deck_free(deck);
  KT_CHECK(kt_rm_rf(dir) == 0);
}

static void test_store_host_leech(void) {
  leech_case(deck_yaml, KK_UI_LEECH_SUSPENDED);
  char yaml[sizeof deck_yaml + 64];
  const char *at = strstr(deck_yaml, "cards:\n");
  KT_CHECK(at != NULL);
  if (!at) return;
  snprintf(yaml, sizeof yaml, "%.*s  settings:\n    leech_action: tag\n%s", (int)(at - deck_yaml),
           deck_yaml, at);
  leech_case(yaml, KK_UI_LEECH_TAGGED);
}

int main(void) {
  KT_RUN(test_basic_reveal_grade);
  KT_RUN(test_cloze);
  KT_RUN(test_bold_run_width);
  KT_RUN(test_choice);
  KT_RUN(test_choice_slow_and_keys);
  KT_RUN(test_typed_ime);
  KT_RUN(test_typed_grapheme_and_diff);
  KT_RUN(test_typed_kana);
  KT_RUN(test_leech_toast);
  KT_RUN(test_bold_notice_wraps);
  KT_RUN(test_numeric);
  KT_RUN(test_truefalse);
  KT_RUN(test_choice_shuffle);
  KT_RUN(test_order_shuffle);
  KT_RUN(test_order_keyboard);
  KT_RUN(test_order_mouse);
  KT_RUN(test_order_limit);
  KT_RUN(test_undo);
  KT_RUN(test_full_session_layout);
  KT_RUN(test_scroll);
  KT_RUN(test_reveal_scrolls_to_answer);
  KT_RUN(test_home);
  KT_RUN(test_home_singular);
  KT_RUN(test_home_refresh);
  KT_RUN(test_home_bad_deck);
  KT_RUN(test_drill_notice);
  KT_RUN(test_help_zoom_theme);
  KT_RUN(test_stats);
  KT_RUN(test_exam_per_deck);
  KT_RUN(test_stats_optimize);
  KT_RUN(test_stats_scroll_end);
  KT_RUN(test_preview);
  KT_RUN(test_metrics_cache);
  KT_RUN(test_layout_cache);
  KT_RUN(test_layout_cache_key);
  KT_RUN(test_window_size_parse);
  KT_RUN(test_study_all_decks);
  KT_RUN(test_small_windows);
  KT_RUN(test_oom);
  KT_RUN(test_store_host);
  KT_RUN(test_two_windows);
  KT_RUN(test_store_host_optimize);
  KT_RUN(test_store_host_leech);
  return kt_done();
}
