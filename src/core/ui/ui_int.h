/*
** ui_int.h -- internals shared by the ui_*.c files; not part of the public
** API (include core/ui.h instead).  Divisions: the kk_Ui context, the
** theme, text runs and paragraph layout (ui_text.c), widgets, list rows,
** scrolling and hit rectangles (ui_widgets.c), answer checking
** (ui_answer.c), the frame (ui_frame.c), and the screens' handler tables
** (ui_home.c, ui_drill.c, ui_stats.c, ui_preview.c, ui_browse.c) through which the
** dispatcher (ui.c) runs them.  The exam screens (ui_exam.c) keep a kk_Ui
** of their own as the widget context, so both windows share every widget.
*/
#ifndef KK_UI_INT_H
#define KK_UI_INT_H

#include "core/ui/layout.h"
#include "core/ui/ui.h"

/* ---- theme --------------------------------------------------------------- */
typedef struct kk_UiTheme {
  kk_Color bg, panel, text, muted, accent, accent_text, good, bad, warn, border, bar_bg, new_c,
      learn_c, due_c, shade, selection;
} kk_UiTheme;
const kk_UiTheme *kk_ui_theme(int dark);

/* ---- hit rectangles --------------------------------------------------------- */
typedef enum {
  HIT_NONE,
  HIT_DECK,     /* arg: deck index */
  HIT_BAD_DECK, /* arg: index into cfg.bad_decks */
  HIT_STUDY_ALL,
  HIT_STATS,
  HIT_HOME,
  HIT_HELP,
  HIT_THEME,
  HIT_REVEAL,
  HIT_GRADE,  /* arg: rating */
  HIT_OPTION, /* arg: option index */
  HIT_TRUE,
  HIT_FALSE,
  HIT_ORDER_ROW,  /* arg: row */
  HIT_ORDER_UP,   /* arg: row */
  HIT_ORDER_DOWN, /* arg: row */
  HIT_SUBMIT,
  HIT_FIELD,
  HIT_UNDO,
  HIT_PREV,
  HIT_NEXT,
  HIT_FLIP,
  HIT_OPTIMIZE,   /* stats: fit the FSRS parameters now */
  HIT_CLOSE,      /* closes the help overlay / summary */
  HIT_OVERLAY,    /* swallows clicks inside the help panel */
  HIT_BROWSE,     /* the top bar's Browse button */
  HIT_BROWSE_ROW, /* arg: row */
  HIT_BROWSE_COL, /* arg: kk_UiColumn, sorts */
  HIT_BROWSE_ACT, /* arg: kk_StoreAction, or 0 for undo */
  HIT_CARDINFO,   /* opens card info (browser footer, drill) */
  HIT_SET_ROW,    /* arg: settings row */
  HIT_SET_DEC,    /* arg: row */
  HIT_SET_INC,    /* arg: row */
  HIT_SET_RESET,  /* every setting back to the deck's */
  HIT_SETTINGS    /* the top bar's Settings button */
} kk_UiHitId;

typedef struct kk_UiHit {
  kk_Rect r;
  int id, arg;
} kk_UiHit;

/* ---- drill state ---------------------------------------------------------- */
#define KK_UI_MAX_OPTIONS 32 /* bits of kk_UiDrill.picked */
_Static_assert(KK_DECK_MAX_OPTIONS <= KK_UI_MAX_OPTIONS,
               "the drill holds every option a card may have");
#define KK_UI_UNDO_MAX 64

typedef struct kk_UiDrill {
  int active;
  kk_UiItem it;
  kk_DrillPhase phase;
  int64_t shown_ms, answered_ms;
  double days[4];
  int counts[3];
  /* text field (typed, numeric): committed text and caret (byte offset) */
  char *buf;
  size_t len, cap, caret;
  char comp[256];      /* IME composition */
  int comp_cursor;     /* in code points */
  int correct;         /* -1 self-graded */
  int script_differed; /* typed: right only once kana were folded */
  kk_Rating suggested;
  int chosen;
  unsigned picked;
  size_t order[KK_DECK_MAX_ORDER_ITEMS], norder; /* order: row -> item */
  size_t opt[KK_UI_MAX_OPTIONS], nopt;           /* choice: row -> option; nopt 0:
                                             as in the card */
  int cursor, grabbed;
  int tf_answer;         /* truefalse: 1 true, 0 false, -1 none */
  int64_t commit_ms;     /* when a TEXT event ended a composition */
  int scroll;            /* card scrolled up by this many pixels */
  int to_answer;         /* answer just shown: the next draw scrolls to it */
  int content_h, view_h; /* of the last draw, to bound scrolling */
  /* session */
  int answered, right;
  int64_t spent_ms, session_start_ms;
  signed char undo_right[KK_UI_UNDO_MAX];
  int64_t undo_dur[KK_UI_UNDO_MAX];
  int nundo;
} kk_UiDrill;

/* Scrolling of content taller than its view: pos is how far the content
** is scrolled up, in pixels; content_h and view_h come from the last
** layout. */
typedef struct kk_UiScroll {
  int pos, content_h, view_h;
} kk_UiScroll;

/* ---- a one-line text field (ui_widgets.c) --------------------------------- */
#define KK_UI_FIELD_MAX 512 /* bytes, with the NUL */
typedef struct kk_UiField {
  char buf[KK_UI_FIELD_MAX];
  size_t len, caret; /* bytes */
  char comp[256];    /* IME composition, "" if none */
  int comp_cursor;   /* in code points */
} kk_UiField;
/* Applies a TEXT or EDIT event, or an editing key (Backspace, Delete,
** Left, Right, Home, End; not while composing).  Returns 1 if the text
** changed, 2 if only the caret or composition did, 0 if the event was not
** the field's.  Text past KK_UI_FIELD_MAX is dropped. */
int kk_ui_field_event(kk_UiField *f, const kk_UiEvent *ev);
/* Draws the field in r (text, composition underlined, caret). */
void kk_ui_field_draw(kk_Ui *ui, kk_Rect r, const kk_UiField *f, int px, const char *placeholder);

/* ---- browser state (ui_browse.c) ------------------------------------------ */
typedef struct kk_UiBrowse {
  kk_UiField q;
  const kk_UiBrowseRow *rows; /* the host's, valid until its next browse */
  long n;
  unsigned char *sel; /* n flags, owned */
  long cursor, anchor;
  kk_UiColumn sort;
  int desc;
  kk_UiScroll scroll;
  int reveal;   /* the cursor moved: scroll it into view */
  int row_h;    /* of the last draw (metrics exist only then) */
  int due_mode; /* asking in how many days to set the due date */
  /* the selection and cursor by item id, kept after each event: rows are
  ** the host's and may be gone when the screen is entered again */
  size_t *keep_ids, nkeep, keep_cap, cursor_id;
  kk_UiField days;
  char err[200]; /* the query's problem, "" if none */
} kk_UiBrowse;

/* ---- the context ---------------------------------------------------------- */
struct kk_Ui {
  kk_UiConfig cfg;
  kk_UiScreen screen;
  int help, dark, zoom_pct, started;
  int enter_pending; /* kk_ui_go switched screens: run its enter */
  int64_t now_ms;
  /* frame geometry of the last draw */
  int w, h;
  float scale;
  const kk_TextMetrics *tm; /* valid during kk_ui_draw only: the cache below */
  /* text measurements memoised across frames (ui_text.c): the host's
  ** metrics are called once per distinct (size, string) */
  const kk_TextMetrics *host_tm;
  kk_TextMetrics cache_tm;
  kk_TextMetrics cache_src;          /* the host's table when the cache was filled */
  struct kk_UiWidth *wcache;         /* KK_UI_WCACHE slots */
  int lh_cache[256], asc_cache[256]; /* by px, 0 = unknown */
  long metric_calls;                 /* calls that reached the host */
  struct kk_UiLaid *laid;            /* KK_UI_LCACHE paragraph layouts */
  size_t laid_next;                  /* where the search for a slot to replace starts */
  long layouts;                      /* paragraphs laid out (not from laid) */
  const kk_UiTheme *th;
  kk_DrawList *dl;
  const char *lang; /* BCP 47 tag for line breaking, from the deck */
  kk_UiHit *hits;
  size_t nhits, hitcap;
  int hits_oom;
  /* the hit under the pointer (KK_EV_MOVE) */
  int hover_id, hover_arg;
  /* home */
  int home_sel;
  kk_UiDeckCounts *counts;
  kk_UiToday today;
  /* drill and summary */
  kk_UiDrill d;
  int summary_tomorrow;
  /* stats */
  kk_UiStats stats;
  int stats_scroll;     /* in lines */
  int stats_scroll_max; /* of the last draw: the end of the page */
  int fit_running;      /* the FSRS fit is under way (kk_UiHost.optimize) */
  double fit_done;      /* its progress, 0..1 */
  char fit_msg[320];    /* how the last fit ended, "" if none this visit */
  /* preview */
  size_t pv_card, pv_item;
  int pv_answer, pv_scroll;
  int help_scroll;
  kk_UiBrowse br;
  /* card info: what it shows, the screen to go back to, scrolling */
  kk_UiItem ci_item;
  kk_UiCardInfo ci;
  int ci_ok;
  kk_UiScreen ci_back;
  kk_UiScroll ci_scroll;
  /* settings */
  size_t st_deck;
  int st_ok, st_row, st_editing, st_day_start;
  kk_StoreDeckSettings st_mine, st_sugg;
  kk_UiField st_field;
  char st_err[160];
  int click_mods; /* KK_MOD_* of the click being handled */
  char err[256];
  char toast[512];
  int64_t toast_until_ms;
  int footer_y; /* top of the screen's bottom buttons (ui->h if none): the
                   toast is drawn above it */
};

/* Sizes in pixels for the current zoom and scale. */
int kk_ui_px(const kk_Ui *ui, int base_pt); /* font size */
int kk_ui_sp(const kk_Ui *ui, int pt);      /* spacing (scale only) */

/* ---- text (ui_text.c) ---------------------------------------------------- */
#define KK_UI_WCACHE 8192
struct kk_UiWidth {
  uint64_t key; /* hash of px and the bytes; 0 = empty */
  uint32_t len;
  int w;
};
/* A paragraph's layout kept across measure and draw passes and frames
** (ui_text.c): a screen measures its scrolled content before it draws it,
** and draws the same text frame after frame.  The key is every input of
** the layout: the markup, the language tag, the width, the size and
** whether the bold face measured it; the metrics are the cached ones, and
** forgetting them forgets these too. */
#define KK_UI_LCACHE 64
struct kk_UiLaid {
  char *markup; /* owned, NUL-terminated; NULL = empty slot */
  size_t len;
  uint64_t hash;
  char lang[16];
  int max_w, px, bold;
  int used; /* found since the slot was last passed over for replacement */
  kk_Layout L;
};
/* Points ui->tm at the memoising metrics over host (clearing the cache if
** the host's metrics changed). */
void kk_ui_metrics_begin(kk_Ui *ui, const kk_TextMetrics *host);
/* Frees the memoised widths and layouts (at the context's end). */
void kk_ui_text_free(kk_Ui *ui);

/* One styled run of a paragraph.  ruby: parse 漢字[かんじ] markup in s. */
typedef struct kk_UiSpan {
  const char *s;
  size_t len;
  kk_Color color;
  int px, style, ruby;
  int bg; /* 1: fill bg_color behind the run */
  kk_Color bg_color;
} kk_UiSpan;

enum { KK_UI_ALIGN_LEFT = 0, KK_UI_ALIGN_CENTER = 1 };

/* Lays spans out in a column max_w wide at (x, y), breaking lines with the
** kinsoku rules; draws when ui->dl is set and draw is 1.  Returns the height
** used.  Returns -1 out of memory (nothing drawn). */
int kk_ui_para(kk_Ui *ui, const kk_UiSpan *spans, size_t n, int x, int y, int max_w, int align,
               int draw);
/* Width of s[0..len) at px (ruby markup not parsed). */
int kk_ui_text_w(kk_Ui *ui, int px, const char *s, size_t len);
int kk_ui_line_h(kk_Ui *ui, int px);
/* Draws one line of text, cut with "…" to fit max_w (max_w <= 0: no cut);
** returns its width.  Sets the command's r.w/r.h. */
int kk_ui_label(kk_Ui *ui, int x, int y, int px, int style, kk_Color c, const char *s, int max_w);
/* One run of s (furigana markup read) wrapped into a column w wide at
** (x, y); drawn when draw is 1.  Returns the height (0 if s is empty or
** out of memory). */
int kk_ui_wrap(kk_Ui *ui, const char *s, kk_Color c, int px, int style, int x, int y, int w,
               int draw);

/* ---- widgets (ui_widgets.c) ---------------------------------------------- */
void kk_ui_hit(kk_Ui *ui, kk_Rect r, int id, int arg);
/* 1 if the pointer is over the hit (id, arg). */
int kk_ui_hovered(const kk_Ui *ui, int id, int arg);
/* A button with a label (and an optional small second line); returns its
** width.  hot: drawn highlighted. */
void kk_ui_button(kk_Ui *ui, kk_Rect r, const char *label, const char *sub, int hot, int id,
                  int arg);
/* A small one-line button at 13 pt. */
void kk_ui_button_small(kk_Ui *ui, kk_Rect r, const char *label, int id, int arg);
void kk_ui_bar(kk_Ui *ui, kk_Rect r, double frac, kk_Color fg);
void kk_ui_fmt_duration(int64_t ms, char *buf, size_t size);
/* An item state of the store ("new", "review", "suspended", ...) and a
** card type name of the deck format ("basic", "cloze", ...) in the
** interface language; an unknown name comes back as it is (borrowed). */
const char *kk_ui_state_label(const char *state);
/* A YYYY-MM-DD date as the interface language writes dates ("March 12,
** 2026", "2026年3月12日") into buf; anything else copied as it is.
** Returns buf. */
const char *kk_ui_fmt_date(const char *iso, char *buf, size_t size);
const char *kk_ui_type_label(const char *type);

/* The hit under (x, y) in the last frame (the newest on top), or NULL. */
const kk_UiHit *kk_ui_hit_at(const kk_Ui *ui, int x, int y);

/* A row of a list (choice options, order items): a number column and
** wrapped text, with an optional small note below.  Tall rows grow; text
** is never cut. */
typedef struct kk_UiRow {
  const char *key;  /* number column ("1", "3."); NULL: none */
  const char *text; /* the row's text (furigana markup read) */
  const char *note; /* a smaller muted paragraph below; NULL: none */
  int on;           /* chosen: filled with the selection colour */
  int cursor;       /* keyboard focus: a thick accent frame */
  int lifted;       /* picked up to be moved: thick accent frame */
  int right_w;      /* room kept free at the right edge (for buttons) */
} kk_UiRow;
/* Lays out the row at (x, y), w wide, text at px; when draw is 1 draws it
** and registers the hit (id, arg).  Returns its height. */
int kk_ui_row(kk_Ui *ui, int x, int y, int w, int px, const kk_UiRow *row, int id, int arg,
              int draw);

/* Scrolling of content taller than its view: kk_UiScroll (above). */
/* Keeps pos within 0 .. content_h - view_h. */
void kk_ui_scroll_clamp(kk_UiScroll *s);
/* Moves by dy pixels (positive: further down the content); 1 if it moved. */
int kk_ui_scroll_by(kk_UiScroll *s, int dy);
/* Scrolls the least that brings content rows [top, bottom) into view (the
** top wins when the range is taller than the view). */
void kk_ui_scroll_reveal(kk_UiScroll *s, int top, int bottom);
/* A thin position bar at the right edge of view (nothing when all fits). */
void kk_ui_scrollbar(kk_Ui *ui, kk_Rect view, const kk_UiScroll *s);

/* ---- frames drawn outside kk_ui_draw (the exam screens) ------------------- */
/* A widget context without screens: theme, zoom, the metrics cache and
** the hit list.  Returns NULL out of memory; caller frees with
** kk_ui_context_free (which kk_ui_free also ends with). */
kk_Ui *kk_ui_context_new(int dark, int zoom_pct);
void kk_ui_context_free(kk_Ui *ui); /* ui may be NULL */
/* Starts a frame: geometry, memoised metrics over tm, theme, no hits. */
void kk_ui_frame_begin(kk_Ui *ui, int w, int h, float scale, const kk_TextMetrics *tm,
                       kk_DrawList *dl);
void kk_ui_frame_end(kk_Ui *ui);
/* Zoom limits and one step of the zoom keys: delta +-10 percent, 0 back
** to 100.  Returns 1 if the zoom changed. */
#define KK_UI_ZOOM_MIN 50
#define KK_UI_ZOOM_MAX 300
int kk_ui_zoom(kk_Ui *ui, int delta);

/* ---- answers (ui_answer.c) ----------------------------------------------- */
/* Splits cloze text into pieces for cloze number `ord`, hidden or
** revealed (up to cap pieces); returns how many.  Text that does not parse
** as cloze comes back as one plain piece. */
typedef struct kk_UiClozePiece {
  const char *s;
  size_t len;
  int kind; /* 0 plain, 1 the asked blank hidden (s: its hint, may be
               empty), 2 the asked blank's answer, 3 another cloze's answer */
} kk_UiClozePiece;
size_t kk_ui_cloze_split(const char *text, int ord, int revealed, kk_UiClozePiece *out, size_t cap);

/* ---- frame (ui_frame.c) ---------------------------------------------------- */
/* Draws the top bar with title and the Home/Stats/theme/help buttons;
** returns its height. */
int kk_ui_top_bar(kk_Ui *ui, const char *title);
/* The word for grade 1-4 (Again, Hard, Good, Easy) in the interface
** language: a borrowed string. */
const char *kk_ui_grade_name(int grade);
/* Shows msg for a moment at the bottom of the window. */
void kk_ui_toast(kk_Ui *ui, const char *msg);
/* The message for count n: `one` when n is 1, else `other` (both printf
** formats with the same conversions).  The one place plural forms are
** chosen, with gettext's ngettext signature so a translation swaps it in. */
const char *kk_ui_ngettext(const char *one, const char *other, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));
/* Deck c's exam line ("Exam 2027-01-29: 12 days left, predicted recall on
** the day 81%") into buf; 0 if c has no exam date. */
int kk_ui_exam_text(const kk_UiDeckCounts *c, char *buf, size_t size);
/* The warning when the daily limit cannot bring in c's new items before
** the exam; 0 (buf untouched) if there is none. */
int kk_ui_exam_warning(const kk_UiDeckCounts *c, char *buf, size_t size);
/* Switches screens; the dispatcher then runs the new screen's `enter`
** (refreshing the data of home and stats) before the next draw. */
void kk_ui_go(kk_Ui *ui, kk_UiScreen s);

/* ---- screens ------------------------------------------------------------------
** Each screen is a table of handlers.  The dispatcher (ui.c) keeps one
** table per kk_UiScreen and calls through it; screens never call ui.c, so
** the files depend one way: text, widgets, frame <- card, answer <- drill
** <- home (and summary), stats, preview <- ui.c.  A NULL handler does
** nothing. */
typedef struct kk_UiScreenOps {
  void (*enter)(kk_Ui *ui);                         /* after kk_ui_go */
  unsigned (*key)(kk_Ui *ui, const kk_UiEvent *ev); /* KK_EV_KEY, TEXT, EDIT */
  unsigned (*click)(kk_Ui *ui, int id, int arg);    /* a hit of this screen */
  unsigned (*wheel)(kk_Ui *ui, int dy);             /* dy > 0: away from the user */
  void (*draw)(kk_Ui *ui);
} kk_UiScreenOps;

extern const kk_UiScreenOps kk_ui_home_screen;     /* ui_home.c */
extern const kk_UiScreenOps kk_ui_summary_screen;  /* ui_home.c */
extern const kk_UiScreenOps kk_ui_drill_screen;    /* ui_drill.c */
extern const kk_UiScreenOps kk_ui_stats_screen;    /* ui_stats.c */
extern const kk_UiScreenOps kk_ui_preview_screen;  /* ui_preview.c */
extern const kk_UiScreenOps kk_ui_browse_screen;   /* ui_browse.c */
extern const kk_UiScreenOps kk_ui_cardinfo_screen; /* ui_cardinfo.c */
extern const kk_UiScreenOps kk_ui_settings_screen; /* ui_settings.c */
/* Opens card info on item it; Esc comes back to the current screen. */
unsigned kk_ui_cardinfo_open(kk_Ui *ui, const kk_UiItem *it);
void kk_ui_browse_free(kk_UiBrowse *b);

/* Drill entry points the other screens use (ui_drill.c). */
/* Starts a session over decks[0..n) (NULL: all) and shows its first item. */
unsigned kk_ui_session_start(kk_Ui *ui, const size_t *decks, size_t n);
/* Shows item it in the ASK phase (fresh input, intervals, counts). */
void kk_ui_drill_show(kk_Ui *ui, const kk_UiItem *it);
/* Takes back the last grade (Ctrl+Z, the Undo buttons). */
unsigned kk_ui_drill_undo(kk_Ui *ui);
void kk_ui_drill_reset(kk_UiDrill *d);
/* An Enter this soon after a TEXT that ended a composition is the IME's. */
#define KK_UI_COMMIT_ENTER_MS 40
/* Draws the card of `it` in phase (question or answer) into column r,
** using drill state d for the student's input; returns the height
** (ui_card.c).  answer_y (may be NULL) gets where the answer side starts,
** from r.y, or -1 on the question side. */
int kk_ui_card_draw(kk_Ui *ui, const kk_UiDrill *d, kk_Rect r, int *answer_y);

#endif
