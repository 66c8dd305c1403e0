/*
** ui.h -- the trainer's screens as state machines in the core: home, drill
** (every card type), session summary, stats, author preview, the browser
** (search, sort, suspend, bury, forget, undo), help overlay.
** Input is kk_UiEvent (uievent.h), output a kk_DrawList (draw.h); text is
** measured through the host's kk_TextMetrics, so every screen runs headless.
** Depends on draw.h, metrics.h, uievent.h, deck.h, review.h, diag.h.  The
** data behind the screens (queue, scheduler, store, stats) comes through a
** kk_UiHost the caller supplies (ui_store.h builds the real one; tests use
** fakes).  Decks, host, preview deck and diags are borrowed and must
** outlive the kk_Ui (or be replaced first).  kk_ui_new returns a new kk_Ui;
** caller frees with kk_ui_free.  The help overlay (? or F1) lists every
** shortcut; every button, row and option also takes a click.
*/
#ifndef KK_UI_H
#define KK_UI_H

#include <stddef.h>
#include <stdint.h>

#include "core/deck/deck.h"
#include "core/base/diag.h"
#include "core/ui/draw.h"
#include "core/base/err.h"
#include "core/ui/metrics.h"
#include "core/study/review.h"
#include "core/study/store.h"
#include "core/ui/uievent.h"

typedef enum {
  KK_UI_HOME,     /* decks with counts; Enter starts a session */
  KK_UI_DRILL,    /* one card at a time */
  KK_UI_SUMMARY,  /* end of session: cards, accuracy, time, tomorrow */
  KK_UI_STATS,    /* charts */
  KK_UI_PREVIEW,  /* author preview of one deck with its lint problems */
  KK_UI_BROWSE,   /* every study item, searched, sorted, acted on */
  KK_UI_CARDINFO, /* one item: the card, its source, every review, a chart */
  KK_UI_SETTINGS  /* the student's settings of one deck */
} kk_UiScreen;

/* ---- data the host supplies ------------------------------------------------
** The host (the SDL app, wired to the store, queue and scheduler; or a test)
** answers these callbacks.  Strings and arrays it returns are borrowed and
** must stay valid until the next call of the same callback. */

/* One study item shown in a drill. */
typedef struct kk_UiItem {
  const kk_Card *card; /* borrowed from one of the decks */
  size_t item;         /* item index within the card (kk_card_item_*) */
  size_t deck;         /* index into kk_UiConfig.decks (0 if unknown) */
  kk_Phase phase;      /* the item's phase before this answer */
  int reps;            /* reviews of the item before this showing: with the
                          card id it seeds the order of choice options and
                          order items, so each showing differs */
  int kana;            /* typed answers: 0 as the card's deck says
                          (card->kana_exact), 1 hiragana and katakana match,
                          2 kept apart (the student's setting in force) */
} kk_UiItem;

/* Home screen numbers for one deck. */
typedef struct kk_UiDeckCounts {
  int new_count, learning, due; /* what today's session would show */
  int total;                    /* study items in the deck */
  double mastery;               /* 0..1: share of items known (bar) */
  /* exam-date mode (the student's own date first, else the deck's) */
  char exam_date[11]; /* "YYYY-MM-DD", "" if none */
  int exam_days_left; /* study days until it (< 0: passed) */
  double exam_recall; /* predicted mean recall on the day, < 0 if none */
  int exam_new_short; /* new items the daily limit cannot bring in
                                   in time: warn when > 0 */
} kk_UiDeckCounts;

/* Home screen totals for today. */
typedef struct kk_UiToday {
  int reviewed;          /* answers given today */
  int correct;           /* of which not Again */
  int64_t studied_ms;    /* time spent answering today */
  int streak_days;       /* consecutive study days ending today/yesterday */
  const char *exam_date; /* "YYYY-MM-DD" or NULL */
  int exam_days_left;    /* days until the exam (valid if exam_date) */
  int64_t next_day_ms;   /* when the next study day starts (home reads its
                            numbers again then); 0 if unknown */
} kk_UiToday;

/* A labelled value for the mastery bars (value 0..1). */
typedef struct kk_UiBar {
  const char *label;
  double value;
  int count; /* items behind the value, shown beside the bar */
} kk_UiBar;

/* Everything the stats screen draws. */
typedef struct kk_UiStats {
  const int *reviews_per_day; /* oldest first; the last entry is today */
  size_t nreview_days;        /* 30 usually */
  const int *due_forecast;    /* first entry is today */
  size_t nforecast_days;      /* 30 usually */
  double retention;           /* true retention 0..1, < 0 if unknown */
  int retention_reviews;      /* reviews behind it */
  const int *heat;            /* reviews per day, oldest first, last = today */
  size_t nheat_days;          /* e.g. 7 * 26 */
  int heat_first_wday;        /* weekday of heat[0], 0 = Monday */
  const kk_UiBar *deck_mastery;
  size_t ndeck_mastery;
  const kk_UiBar *tag_mastery;
  size_t ntag_mastery;
  const char *exam_date;    /* NULL if none */
  double exam_recall;       /* predicted mean recall on exam day, < 0 if none */
  const char *memory_model; /* which FSRS parameters schedule, one line; NULL: none */
  int leeches;              /* items that became leeches (browse: is:leech) */
  int leeches_suspended;    /* of which suspended */
} kk_UiStats;

/* One row of the browser: a study item with its progress.  Strings are
** borrowed like every host answer. */
typedef struct kk_UiBrowseRow {
  size_t id;      /* the host's handle for actions */
  kk_UiItem item; /* for card info */
  const char *deck, *type, *question;
  const char *state;                       /* "new", "learning", "relearning", "review",
                            "suspended", "buried" or "leech" */
  int studied;                             /* 0: new, the numbers below mean nothing */
  char due[11];                            /* "YYYY-MM-DD" (local day), "" if new */
  double interval_days, stability, recall; /* recall: retrievability now */
  int lapses;
} kk_UiBrowseRow;

/* One entry of an item's history for card info: a review (rating 1..4) or
** an action (rating 0, action names it: "suspend", "forget", ...). */
typedef struct kk_UiReview {
  int64_t time_ms;
  int rating;
  const char *action;                          /* NULL for a review */
  int64_t duration_ms;                         /* time taken to answer */
  double interval_days, stability, difficulty; /* after it */
  double recall;                               /* retrievability just before it, < 0 if unknown */
} kk_UiReview;

/* Card info: the item and its history, oldest first. */
typedef struct kk_UiCardInfo {
  kk_UiItem item;
  const char *key, *deck_title, *state; /* state as in kk_UiBrowseRow */
  int studied;
  char due[11];
  double stability, difficulty, recall; /* now */
  int reps, lapses;
  const kk_UiReview *reviews;
  size_t nreviews;
  int utc_offset_min; /* for showing local times */
} kk_UiCardInfo;

/* The browser's columns, its sort keys (the question column sorts by text). */
typedef enum {
  KK_UI_COL_DECK,
  KK_UI_COL_TYPE,
  KK_UI_COL_QUESTION,
  KK_UI_COL_STATE,
  KK_UI_COL_DUE,
  KK_UI_COL_INTERVAL,
  KK_UI_COL_STABILITY,
  KK_UI_COL_RECALL,
  KK_UI_COL_LAPSES,
  KK_UI_NCOLS
} kk_UiColumn;
/* What kk_UiHost.answer_leech reports. */
enum { KK_UI_LEECH_SUSPENDED = 1, KK_UI_LEECH_TAGGED = 2 };

/* The outcome of kk_UiHost.optimize. */
typedef struct kk_UiFit {
  int fitted;         /* 1: stored and in use; 0: the parameters stay as they were */
  long reviews;       /* reviews the fit learned from */
  double loss_before; /* log loss of the parameters before (defaults) */
  double loss_after;  /* ... and of the fit (valid if fitted) */
  char note[200];     /* why nothing was stored, "" if fitted */
} kk_UiFit;

typedef struct kk_UiHost {
  void *ud; /* borrowed, passed to every callback */
  /* Home numbers for deck i (index into kk_UiConfig.decks). */
  void (*deck_counts)(void *ud, size_t deck, int64_t now_ms, kk_UiDeckCounts *out);
  /* Today's totals. */
  void (*today)(void *ud, int64_t now_ms, kk_UiToday *out);
  /* Starts a session over decks[0..n) (indices; borrowed for the call).  On
  ** failure fills err; the UI shows err's message. */
  kk_Status (*session_start)(void *ud, const size_t *decks, size_t n, int64_t now_ms, kk_Err *err);
  /* The next item of the session: returns 1 and fills *out, 0 when done. */
  int (*session_next)(void *ud, int64_t now_ms, kk_UiItem *out);
  /* Items left in the session: [0] new, [1] learning, [2] review. */
  void (*session_remaining)(void *ud, int64_t now_ms, int counts[3]);
  /* The interval in days each rating would give; days[r - 1] for rating r. */
  void (*preview)(void *ud, const kk_UiItem *it, int64_t now_ms, double days[4]);
  /* Records an answer (duration: card shown -> answer given). */
  kk_Status (*answer)(void *ud, const kk_UiItem *it, kk_Rating r, int64_t now_ms,
                      int64_t duration_ms, kk_Err *err);
  /* Takes back the last answer of this session: returns 1 and the item to
  ** show again in *out, 0 if there is nothing to undo. */
  int (*undo)(void *ud, int64_t now_ms, kk_UiItem *out);
  /* Items due tomorrow (for the summary). */
  int (*tomorrow_due)(void *ud, int64_t now_ms);
  /* Fills the stats screen data. */
  void (*stats)(void *ud, int64_t now_ms, kk_UiStats *out);
  /* Browser: the items matching query (search.h syntax) sorted by column
  ** sort (descending if desc); *rows borrowed until the next browse call.
  ** Returns the count, or -1 with err filled when the query does not parse
  ** or the store fails. */
  long (*browse)(void *ud, const char *query, kk_UiColumn sort, int desc, int64_t now_ms,
                 const kk_UiBrowseRow **rows, kk_Err *err);
  /* Applies action (a kk_StoreAction: suspend, unsuspend, bury, forget,
  ** set-due with days) to the rows with ids[0..n), recorded so that undo
  ** takes it back as one step.  The next browse call shows the change. */
  kk_Status (*browse_action)(void *ud, const size_t *ids, size_t n, int action, int days,
                             int64_t now_ms, kk_Err *err);
  /* Takes back the last browse_action: returns the items restored, 0 if
  ** there is nothing to undo. */
  size_t (*browse_undo)(void *ud, int64_t now_ms);
  /* Card info of item it: returns 1 and fills *out (borrowed until the next
  ** call), 0 if the item is unknown. */
  int (*card_info)(void *ud, const kk_UiItem *it, int64_t now_ms, kk_UiCardInfo *out);
  /* Settings of deck i: the student's own (store.h's "the deck's own"
  ** values where unset), the deck's suggestion (every value filled), and
  ** the study day's start hour (all decks).  Returns 0 without a store. */
  int (*settings_get)(void *ud, size_t deck, kk_StoreDeckSettings *mine,
                      kk_StoreDeckSettings *suggested, int *day_start_hour);
  kk_Status (*settings_put)(void *ud, size_t deck, const kk_StoreDeckSettings *mine,
                            int day_start_hour, kk_Err *err);
  /* Reviews a day the deck's studied items would need at retention r (a
  ** steady-state estimate from each item's stability); *items gets how
  ** many items that is over. */
  double (*settings_workload)(void *ud, size_t deck, double retention, int64_t now_ms, int *items);
  /* After an answer was recorded: KK_UI_LEECH_* if it made the item a
  ** leech, else 0.  NULL: never reported. */
  int (*answer_leech)(void *ud);
  /* Fits the FSRS parameters to the student's review log and, when the
  ** fit is better than the defaults, stores it for every deck so the
  ** scheduler uses it from the next answer on.  progress (with pud) is
  ** called with the fraction done; nonzero from it cancels (the call then
  ** returns KK_ERR_USAGE and stores nothing).  NULL: the stats screen
  ** offers no fit. */
  kk_Status (*optimize)(void *ud, int64_t now_ms, int (*progress)(void *pud, double done),
                        void *pud, kk_UiFit *out, kk_Err *err);
} kk_UiHost;

/* ---- configuration ------------------------------------------------------- */

/* A deck file that failed to load: listed on home, greyed, with its first
** error; Enter shows every problem.  Both fields borrowed. */
typedef struct kk_UiBadDeck {
  const char *path;
  const kk_Diags *diags; /* the loader's problems (at least one error) */
} kk_UiBadDeck;

typedef struct kk_UiConfig {
  kk_Deck *const *decks; /* borrowed; the home screen lists them in order */
  size_t ndecks;
  const kk_UiHost *host; /* borrowed; NULL allowed for a preview-only UI */
  kk_UiScreen start;     /* KK_UI_HOME, KK_UI_DRILL (session over all
                            decks at the first event) or KK_UI_PREVIEW */
  int dark;              /* 1: dark theme */
  int zoom_pct;          /* font zoom in percent, 0 = 100 */
  int64_t slow_ms;       /* objective cards right after this suggest Hard,
                            else Good (0 = 25000); Easy is never suggested */
  uint64_t seed;         /* mixed into the shuffle of choice options and
                            order items (with card id and reps) */
  /* Preview screen: the deck (NULL if it failed to load) and its lint
  ** problems (NULL if none), both borrowed.  See kk_ui_set_preview. */
  const kk_Deck *preview_deck;
  const kk_Diags *preview_diags;
  const char *preview_path;      /* shown in the title; borrowed */
  const kk_UiBadDeck *bad_decks; /* borrowed; listed after the decks */
  size_t nbad_decks;
  const char *notice; /* shown on home (e.g. "created a new progress store
                         at ..."), NULL if none; borrowed */
  /* Called while the UI waits on a long task (the FSRS fit) with the
  ** fraction done: the host draws a frame (kk_ui_draw shows the progress)
  ** and returns nonzero if the student asked to cancel (Escape).  It must
  ** not call kk_ui_handle.  NULL: the task runs without progress. */
  int (*busy)(void *ud, double done);
  void *busy_ud;
} kk_UiConfig;

typedef struct kk_Ui kk_Ui;

/* Returns a new kk_Ui, or NULL out of memory; caller frees with kk_ui_free. */
kk_Ui *kk_ui_new(const kk_UiConfig *cfg);
void kk_ui_free(kk_Ui *ui); /* ui may be NULL */

/* ---- input ---------------------------------------------------------------
** Send one event (e.g. KK_EV_RESIZE) before the first kk_ui_draw: its
** now_ms is when the home numbers are read or the session (start =
** KK_UI_DRILL) begins.  kk_ui_handle returns KK_UIF_* bits.  Clicks are
** hit-tested against the rectangles of the last kk_ui_draw (none before
** the first draw); KK_EV_MOVE redraws only when the hovered target
** changes; Ctrl+wheel zooms.  While
** kk_ui_text_input_active, KK_KEY_CHAR keys without Ctrl/Alt are ignored:
** their text arrives as KK_EV_TEXT; at other times KK_EV_TEXT/EDIT are
** ignored. */
enum {
  KK_UIF_REDRAW = 1,     /* the screen changed: draw again */
  KK_UIF_QUIT = 2,       /* the user asked to quit (Ctrl+Q, window close) */
  KK_UIF_TEXT_INPUT = 4, /* text input wanted now (kk_ui_text_input_active) */
  KK_UIF_TICK = 8,       /* send KK_EV_TICK at kk_ui_next_tick_ms */
  KK_UIF_SETTINGS = 16,  /* theme or zoom changed: persist them */
  KK_UIF_FULLSCREEN = 32 /* toggle fullscreen (F11) */
};
unsigned kk_ui_handle(kk_Ui *ui, const kk_UiEvent *ev);

/* 1 while a text field has focus (start SDL text input then, stop it
** otherwise, so an IME does not swallow Space/Enter elsewhere). */
int kk_ui_text_input_active(const kk_Ui *ui);
/* Absolute time (ms) at which the UI wants a KK_EV_TICK (a toast ends,
** home's study day ends), 0 if never. */
int64_t kk_ui_next_tick_ms(const kk_Ui *ui);

/* ---- output --------------------------------------------------------------
** Appends the frame for a w x h pixel window to dl (the caller resets it).
** scale is the HiDPI factor (pixels per logical point, 1.0 normally).
** Keeps hit rectangles for the next kk_ui_handle.  tm is borrowed for the
** call; widths and paragraph layouts are memoised across frames and
** forgotten when the table's contents change or kk_ui_forget_metrics is
** called (e.g. after loading another font behind the same table).  Text commands carry their
** measured size in r.w / r.h. */
void kk_ui_draw(kk_Ui *ui, int w, int h, float scale, const kk_TextMetrics *tm, kk_DrawList *dl);
void kk_ui_forget_metrics(kk_Ui *ui);

/* ---- state ---------------------------------------------------------------- */
kk_UiScreen kk_ui_screen(const kk_Ui *ui);
int kk_ui_help_open(const kk_Ui *ui);
int kk_ui_dark(const kk_Ui *ui);
int kk_ui_zoom_pct(const kk_Ui *ui);

/* ---- window size -----------------------------------------------------------
** The one rule for a window's size, whoever asks for it: the window's own
** minimum, `--size WxH`, and the size the window saved for the next start. */
#define KK_UI_WINDOW_MIN_W 480
#define KK_UI_WINDOW_MIN_H 360
#define KK_UI_WINDOW_MAX 16384
/* Reads "WxH" (or "WXH": decimal digits only, nothing around them) within
** those limits into *w and *h: 1, or 0 (then *w and *h are untouched). */
int kk_ui_window_size_parse(const char *s, int *w, int *h);
/* Text measurements that reached the host's kk_TextMetrics so far (the UI
** memoises them across frames), for figures. */
long kk_ui_metric_calls(const kk_Ui *ui);
/* Paragraphs laid out so far (the UI keeps the last few layouts across the
** measure and draw passes and across frames), for figures and tests. */
long kk_ui_layout_count(const kk_Ui *ui);
/* Replaces the preview deck and problems (after a reload); borrowed. */
void kk_ui_set_preview(kk_Ui *ui, const kk_Deck *deck, const kk_Diags *diags);

/* What the drill screen is doing, for tests and scripts. */
typedef enum {
  KK_DRILL_ASK,     /* question shown, waiting for an answer / reveal */
  KK_DRILL_ANSWERED /* answer shown, waiting for the grade */
} kk_DrillPhase;

typedef struct kk_UiDrillState {
  int active; /* 1 if a card is shown */
  kk_UiItem item;
  kk_DrillPhase phase;
  const char *typed;       /* the text field's committed text (valid until the
                          next kk_ui_* call) */
  const char *composition; /* IME composition, "" if none */
  int correct;             /* ANSWERED on an objective card: 1 right, 0 wrong;
                          -1 for self-graded cards */
  kk_Rating suggested;     /* the grade Enter/Space would give (0 if none) */
  int script_differed;     /* ANSWERED, typed: right, but written in the other
                          kana (hiragana for katakana or back): say so */
  int chosen;              /* choice: last option picked (0-based card option
                          number, whatever row it was shown at), -1 none */
  unsigned picked;         /* choice with several answers: bit i = option i */
  size_t options[32];      /* choice: options[row] = card option shown at row */
  size_t noptions;
  size_t order[KK_DECK_MAX_ORDER_ITEMS]; /* order: order[i] = index of the item
                                           shown at row i */
  size_t norder;
  int order_cursor;   /* order: selected row */
  int answered;       /* answers given this session */
  int answered_right; /* of which not Again */
} kk_UiDrillState;
void kk_ui_drill_state(const kk_Ui *ui, kk_UiDrillState *out);

/* The message of the last error shown (e.g. a failed session start), "" if
** none. */
const char *kk_ui_error(const kk_Ui *ui);

#endif
