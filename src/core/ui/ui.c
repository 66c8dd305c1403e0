/*
** ui.c -- the kk_Ui context: creation, the event dispatcher with the global
** shortcuts (help, zoom, theme, quit), hit-testing of clicks, the frame
** (top bar, current screen, help overlay, toast) and the help overlay.
*/
#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/ui/ui_int.h"

/* The screens' handler tables, by kk_UiScreen. */
static const kk_UiScreenOps *const screens[] = {
    [KK_UI_HOME] = &kk_ui_home_screen,         [KK_UI_DRILL] = &kk_ui_drill_screen,
    [KK_UI_SUMMARY] = &kk_ui_summary_screen,   [KK_UI_STATS] = &kk_ui_stats_screen,
    [KK_UI_PREVIEW] = &kk_ui_preview_screen,   [KK_UI_BROWSE] = &kk_ui_browse_screen,
    [KK_UI_CARDINFO] = &kk_ui_cardinfo_screen, [KK_UI_SETTINGS] = &kk_ui_settings_screen};

static void help_draw(kk_Ui *ui);

static const kk_UiScreenOps *ops(const kk_Ui *ui) { return screens[ui->screen]; }

/* Runs the enter handler of the screen kk_ui_go switched to. */
static void settle(kk_Ui *ui) {
  while (ui->enter_pending) {
    ui->enter_pending = 0;
    if (ops(ui)->enter) ops(ui)->enter(ui);
  }
}

/* ---- creation ---------------------------------------------------------------- */

kk_Ui *kk_ui_new(const kk_UiConfig *cfg) {
  kk_Ui *ui = kk_calloc(1, sizeof *ui);
  if (!ui) return NULL;
  ui->cfg = *cfg;
  ui->dark = cfg->dark;
  ui->zoom_pct = cfg->zoom_pct > 0 ? cfg->zoom_pct : 100;
  if (ui->zoom_pct < KK_UI_ZOOM_MIN) ui->zoom_pct = KK_UI_ZOOM_MIN;
  if (ui->zoom_pct > KK_UI_ZOOM_MAX) ui->zoom_pct = KK_UI_ZOOM_MAX;
  if (!ui->cfg.slow_ms) ui->cfg.slow_ms = 25000;
  ui->screen = cfg->start;
  ui->scale = 1.0f;
  ui->th = kk_ui_theme(ui->dark);
  if (cfg->ndecks) {
    ui->counts = kk_calloc(cfg->ndecks, sizeof *ui->counts);
    if (!ui->counts) {
      kk_ui_free(ui);
      return NULL;
    }
  }
  kk_ui_drill_reset(&ui->d);
  return ui;
}

void kk_ui_free(kk_Ui *ui) {
  if (!ui) return;
  kk_free(ui->d.buf);
  kk_free(ui->counts);
  kk_ui_browse_free(&ui->br);
  kk_ui_context_free(ui); /* the widget parts and ui itself */
}

/* ---- small state accessors ------------------------------------------------------ */

kk_UiScreen kk_ui_screen(const kk_Ui *ui) { return ui->screen; }
int kk_ui_help_open(const kk_Ui *ui) { return ui->help; }
int kk_ui_dark(const kk_Ui *ui) { return ui->dark; }
int kk_ui_zoom_pct(const kk_Ui *ui) { return ui->zoom_pct; }

/* Digits from *p up to a non-digit, as a number of at most 5 digits;
** -1 if none or more. */
static long size_digits(const char **p) {
  long v = 0;
  int n = 0;
  while (**p >= '0' && **p <= '9') {
    if (++n > 5) return -1;
    v = v * 10 + (**p - '0');
    (*p)++;
  }
  return n ? v : -1;
}

int kk_ui_window_size_parse(const char *s, int *w, int *h) {
  if (!s) return 0;
  long a = size_digits(&s);
  if (*s != 'x' && *s != 'X') return 0;
  s++;
  long b = size_digits(&s);
  if (*s || a < KK_UI_WINDOW_MIN_W || b < KK_UI_WINDOW_MIN_H || a > KK_UI_WINDOW_MAX ||
      b > KK_UI_WINDOW_MAX)
    return 0;
  *w = (int)a;
  *h = (int)b;
  return 1;
}
long kk_ui_metric_calls(const kk_Ui *ui) { return ui->metric_calls; }
const char *kk_ui_error(const kk_Ui *ui) { return ui->err; }

int64_t kk_ui_next_tick_ms(const kk_Ui *ui) {
  int64_t t = ui->toast[0] ? ui->toast_until_ms : 0;
  int64_t day = ui->screen == KK_UI_HOME ? ui->today.next_day_ms : 0;
  if (day && (!t || day < t)) t = day;
  return t;
}

/* ---- events ---------------------------------------------------------------------- */

static unsigned zoom(kk_Ui *ui, int delta) {
  return kk_ui_zoom(ui, delta) ? KK_UIF_REDRAW | KK_UIF_SETTINGS : 0;
}

static unsigned global_key(kk_Ui *ui, const kk_UiEvent *ev, int *done) {
  *done = 1;
  int ctrl = (ev->mods & KK_MOD_CTRL) != 0;
  uint32_t ch = ev->key == KK_KEY_CHAR ? ev->ch : 0;
  if (ctrl && ch == 'q') return KK_UIF_QUIT;
  if (ctrl && (ch == '+' || ch == '=')) return zoom(ui, +10);
  if (ctrl && ch == '-') return zoom(ui, -10);
  if (ctrl && ch == '0') return zoom(ui, 0);
  if (ctrl && ch == 't') {
    ui->dark = !ui->dark;
    return KK_UIF_REDRAW | KK_UIF_SETTINGS;
  }
  if (ev->key == KK_KEY_F11) return KK_UIF_FULLSCREEN;
  if (ui->help) {
    if (ev->key == KK_KEY_ESCAPE || ev->key == KK_KEY_F1 || ch == '?')
      ui->help = 0;
    else if (ev->key == KK_KEY_DOWN || ev->key == KK_KEY_PAGEDOWN)
      ui->help_scroll += 3;
    else if (ev->key == KK_KEY_UP || ev->key == KK_KEY_PAGEUP)
      ui->help_scroll -= 3;
    if (ui->help_scroll < 0) ui->help_scroll = 0;
    return KK_UIF_REDRAW; /* the overlay swallows every other key */
  }
  if (ev->key == KK_KEY_F1 || (ch == '?' && !ctrl && !kk_ui_text_input_active(ui))) {
    ui->help = 1;
    ui->help_scroll = 0;
    return KK_UIF_REDRAW;
  }
  *done = 0;
  return 0;
}

static unsigned click(kk_Ui *ui, const kk_UiEvent *ev) {
  if (ev->button != 1) return 0;
  const kk_UiHit *h = kk_ui_hit_at(ui, ev->x, ev->y);
  if (ui->help) {
    /* the overlay is drawn last: a click outside its panel closes it */
    if (!h || h->id == HIT_CLOSE || h->id == HIT_HELP) ui->help = 0;
    return KK_UIF_REDRAW;
  }
  if (!h) return 0;
  switch (h->id) {
  case HIT_HELP:
    ui->help = 1;
    ui->help_scroll = 0;
    return KK_UIF_REDRAW;
  case HIT_THEME: ui->dark = !ui->dark; return KK_UIF_REDRAW | KK_UIF_SETTINGS;
  case HIT_HOME:
    /* `kioku preview` has no deck list: its home is the preview */
    if (ui->screen == KK_UI_DRILL) ui->d.active = 0;
    kk_ui_go(ui, ui->cfg.ndecks || ui->cfg.nbad_decks ? KK_UI_HOME : KK_UI_PREVIEW);
    return KK_UIF_REDRAW;
  case HIT_STATS: kk_ui_go(ui, KK_UI_STATS); return KK_UIF_REDRAW;
  case HIT_BROWSE: kk_ui_go(ui, KK_UI_BROWSE); return KK_UIF_REDRAW;
  case HIT_SETTINGS:
    ui->st_deck = ui->screen == KK_UI_DRILL && ui->d.active ? ui->d.it.deck : (size_t)ui->home_sel;
    kk_ui_go(ui, KK_UI_SETTINGS);
    return KK_UIF_REDRAW;
  default: break;
  }
  ui->click_mods = ev->mods;
  return ops(ui)->click ? ops(ui)->click(ui, h->id, h->arg) : 0;
}

unsigned kk_ui_handle(kk_Ui *ui, const kk_UiEvent *ev) {
  unsigned f = 0;
  ui->now_ms = ev->now_ms;
  if (!ui->started) {
    ui->started = 1;
    if (ui->screen == KK_UI_DRILL) {
      ui->screen = KK_UI_HOME;
      kk_ui_home_screen.enter(ui);
      f |= kk_ui_session_start(ui, NULL, 0);
      /* straight into a drill: the notice home would show, for a moment */
      if (ui->cfg.notice) kk_ui_toast(ui, ui->cfg.notice), f |= KK_UIF_TICK;
    } else
      ui->enter_pending = 1;
    settle(ui);
  }
  if (ui->toast[0] && ui->now_ms >= ui->toast_until_ms) {
    ui->toast[0] = '\0';
    f |= KK_UIF_REDRAW;
  }
  /* a new study day: home's numbers are read again */
  if (ui->screen == KK_UI_HOME && ui->today.next_day_ms && ui->now_ms >= ui->today.next_day_ms) {
    ui->enter_pending = 1;
    f |= KK_UIF_REDRAW;
  }
  switch (ev->kind) {
  case KK_EV_QUIT: f |= KK_UIF_QUIT; break;
  case KK_EV_RESIZE: f |= KK_UIF_REDRAW; break;
  case KK_EV_MOVE: {
    /* hover: buttons and rows light up under the pointer */
    const kk_UiHit *h = kk_ui_hit_at(ui, ev->x, ev->y);
    int id =
        h && h->id != HIT_OVERLAY && h->id != HIT_CLOSE && h->id != HIT_FIELD ? h->id : HIT_NONE;
    int arg = h ? h->arg : 0;
    if (id != ui->hover_id || arg != ui->hover_arg) {
      ui->hover_id = id;
      ui->hover_arg = arg;
      f |= KK_UIF_REDRAW;
    }
    break;
  }
  case KK_EV_TICK: break;
  case KK_EV_FOCUS:
    /* back from elsewhere (maybe another Kioku, maybe the next morning) */
    if (ui->screen == KK_UI_HOME) {
      ui->enter_pending = 1;
      f |= KK_UIF_REDRAW;
    }
    break;
  case KK_EV_PRESS: break; /* these screens act on the release (CLICK) */
  case KK_EV_CLICK: f |= click(ui, ev); break;
  case KK_EV_WHEEL: {
    int step = ev->dy > 0 ? -3 : 3;
    if (ev->mods & KK_MOD_CTRL) {
      f |= zoom(ui, ev->dy > 0 ? 10 : -10);
      break;
    }
    if (ui->help) {
      ui->help_scroll += step;
      if (ui->help_scroll < 0) ui->help_scroll = 0;
      f |= KK_UIF_REDRAW;
    } else if (ops(ui)->wheel)
      f |= ops(ui)->wheel(ui, ev->dy);
    break;
  }
  case KK_EV_KEY: {
    int done;
    f |= global_key(ui, ev, &done);
    if (!done && ops(ui)->key) f |= ops(ui)->key(ui, ev);
    break;
  }
  case KK_EV_TEXT:
  case KK_EV_EDIT:
    if (kk_ui_text_input_active(ui) && ops(ui)->key) f |= ops(ui)->key(ui, ev);
    break;
  }
  settle(ui);
  ui->th = kk_ui_theme(ui->dark);
  if (kk_ui_text_input_active(ui)) f |= KK_UIF_TEXT_INPUT;
  if (kk_ui_next_tick_ms(ui)) f |= KK_UIF_TICK;
  return f;
}

/* ---- the frame ---------------------------------------------------------------- */

void kk_ui_draw(kk_Ui *ui, int w, int h, float scale, const kk_TextMetrics *tm, kk_DrawList *dl) {
  if (!tm || !dl) return; /* programmer error: nothing to measure or draw with */
  kk_ui_frame_begin(ui, w, h, scale, tm, dl);
  kk_draw_rect(dl, (kk_Rect){0, 0, ui->w, ui->h}, ui->th->bg);
  settle(ui);
  ui->footer_y = ui->h;
  if (ops(ui)->draw) ops(ui)->draw(ui);
  if (ui->toast[0]) {
    int px = kk_ui_px(ui, 14), pad = kk_ui_sp(ui, 8);
    int tw = kk_ui_text_w(ui, px, ui->toast, strlen(ui->toast));
    if (tw > ui->w - 4 * pad) tw = ui->w - 4 * pad;
    int th = kk_ui_line_h(ui, px) + 2 * pad;
    /* above the screen's bottom buttons, never over them */
    int bottom = ui->footer_y < ui->h ? ui->footer_y - pad : ui->h - 3 * pad;
    kk_Rect r = {(ui->w - tw) / 2 - pad, bottom - th, tw + 2 * pad, th};
    kk_draw_rect(dl, r, ui->th->text);
    kk_ui_label(ui, r.x + pad, r.y + pad, px, 0, ui->th->bg, ui->toast, ui->w - 4 * pad);
  }
  if (ui->help) help_draw(ui);
  ui->tm = NULL;
  ui->dl = NULL;
}

/* ---- help overlay -------------------------------------------------------------- */

typedef struct Shortcut {
  const char *keys, *what;
} Shortcut;

static const Shortcut sc_all[] = {{N_("? / F1"), N_("show or hide this help")},
                                  {N_("Ctrl + / Ctrl -"), N_("larger / smaller text")},
                                  {N_("Ctrl 0"), N_("text size back to 100%")},
                                  {N_("Ctrl T"), N_("light / dark theme")},
                                  {N_("F11"), N_("full screen")},
                                  {N_("Ctrl Q"), N_("quit")},
                                  {N_("Up / Down, wheel"), N_("scroll this help")},
                                  {NULL, NULL}};
static const Shortcut sc_home[] = {{N_("Up / Down, J / K"), N_("choose a deck")},
                                   {N_("Home / End, PgUp / PgDn"), N_("first / last deck, page")},
                                   {N_("Enter / Space"), N_("study the chosen deck")},
                                   {N_("A"), N_("study all decks")},
                                   {N_("S"), N_("statistics")},
                                   {N_("B"), N_("browse every item (search, suspend, forget)")},
                                   {N_("O"), N_("your settings for the chosen deck")},
                                   {NULL, NULL}};
static const Shortcut sc_drill[] = {
    {N_("Space / Enter"), N_("show the answer; then accept the suggested grade")},
    {N_("1 2 3 4"), N_("grade: Again, Hard, Good, Easy")},
    {N_("1..9"), N_("choice: pick an option (several answers: toggle, Enter submits)")},
    {N_("Up / Down"), N_("choice, order: move the selection")},
    {N_("Space"), N_("order: pick up / put down the selected item")},
    {N_("Alt/Shift Up/Down"), N_("order: move the selected item")},
    {N_("T / F"), N_("true-or-false: answer")},
    {N_("Enter"), N_("typed, numeric: submit (not while composing)")},
    {N_("Backspace"), N_("delete the last character")},
    {N_("Ctrl Z"), N_("undo the last grade")},
    {N_("B"), N_("browse every item (not while typing an answer)")},
    {N_("I"), N_("card info: source, every review, stability chart")},
    {N_("PgUp / PgDn, wheel"), N_("scroll a long card")},
    {N_("Esc"), N_("back to the deck list")},
    {NULL, NULL}};
static const Shortcut sc_summary[] = {{N_("Enter / Esc"), N_("back to the deck list")},
                                      {N_("S"), N_("statistics")},
                                      {N_("Ctrl Z"), N_("take back the last grade")},
                                      {NULL, NULL}};
static const Shortcut sc_stats[] = {
    {N_("Up / Down, wheel"), N_("scroll")},
    {"O", N_("fit your memory model to your own reviews (Esc cancels)")},
    {N_("Esc / H"), N_("back to the deck list")},
    {NULL, NULL}};
static const Shortcut sc_preview[] = {
    {N_("Right / PgDn / N"), N_("next card or item")},
    {N_("Left / PgUp / P"), N_("previous card or item")},
    {N_("Space / Enter"), N_("question / answer side")},
    {N_("Home / End"), N_("first / last card")},
    {N_("Esc"), N_("back to the deck list (when decks are loaded)")},
    {N_("Up / Down, wheel"), N_("scroll the problem list")},
    {NULL, NULL}};

static const Shortcut sc_browse[] = {
    {N_("typing"), N_("search: words, \"a phrase\", tag:T, deck:D, is:due|new|suspended|leech, "
                      "prop:lapses>3, prop:ivl>=10, -not, or")},
    {N_("Up / Down, PgUp / PgDn"), N_("move; with Shift: select a range")},
    {N_("Click, Ctrl / Shift click"), N_("select; toggle one; select a range")},
    {N_("Ctrl A"), N_("select every item shown")},
    {N_("Ctrl J"), N_("suspend / unsuspend the selected items")},
    {N_("Ctrl B"), N_("bury the selected items until tomorrow")},
    {N_("Ctrl Alt N"), N_("forget: back to new (the history stays)")},
    {N_("Ctrl Shift D"), N_("set the due date: in how many days")},
    {N_("Ctrl Z"), N_("undo the last action")},
    {N_("Enter, Info"), N_("card info of the item under the cursor")},
    {N_("Ctrl 1..9, click a heading"), N_("sort by that column (again: reverse)")},
    {N_("Esc"), N_("clear the search; then back")},
    {NULL, NULL}};
static const Shortcut sc_settings[] = {
    {N_("Up / Down"), N_("choose a setting")},
    {N_("Left / Right (Shift: x10)"), N_("less / more; switch a choice")},
    {N_("Enter"), N_("type steps or the exam date; Enter keeps it, Esc cancels")},
    {N_("Delete"), N_("this setting back to the deck's")},
    {N_("Ctrl R"), N_("every setting back to the deck's")},
    {N_("Esc"), N_("back to the deck list")},
    {NULL, NULL}};
static const Shortcut sc_cardinfo[] = {
    {N_("Up / Down, PgUp / PgDn, wheel"), N_("scroll")}, {N_("Esc / I"), N_("back")}, {NULL, NULL}};
static int help_section(kk_Ui *ui, const char *title, const Shortcut *sc, int x, int y, int w,
                        int draw) {
  int px = kk_ui_px(ui, 14), lh = kk_ui_line_h(ui, px);
  int kw = w * 2 / 5;
  int h = 0;
  if (draw) kk_ui_label(ui, x, y, kk_ui_px(ui, 15), KK_TEXT_BOLD, ui->th->accent, title, w);
  h += kk_ui_line_h(ui, kk_ui_px(ui, 15)) + kk_ui_sp(ui, 4);
  for (; sc->keys; sc++) {
    const char *what = _(sc->what);
    kk_UiSpan sp = {what, strlen(what), ui->th->text, px, 0, 0, 0, {0, 0, 0, 0}};
    int ph = kk_ui_para(ui, &sp, 1, x + kw, y + h, w - kw, KK_UI_ALIGN_LEFT, draw);
    if (draw)
      kk_ui_label(ui, x, y + h, px, KK_TEXT_BOLD, ui->th->text, _(sc->keys), kw - kk_ui_sp(ui, 8));
    h += ph > lh ? ph : lh;
  }
  return h + kk_ui_sp(ui, 12);
}

static void help_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  kk_draw_rect(ui->dl, (kk_Rect){0, 0, ui->w, ui->h}, th->shade);
  int m = kk_ui_sp(ui, 24);
  int pw = ui->w - 2 * m;
  int maxw = kk_ui_sp(ui, 640);
  if (pw > maxw) pw = maxw;
  if (pw < 1) pw = 1;
  kk_Rect p = {(ui->w - pw) / 2, m, pw, ui->h - 2 * m};
  if (p.h < 1) p.h = 1;
  kk_draw_rect(ui->dl, p, th->panel);
  kk_draw_frame(ui->dl, p, th->border, 1);
  kk_ui_hit(ui, (kk_Rect){0, 0, ui->w, ui->h}, HIT_CLOSE, 0);
  kk_ui_hit(ui, p, HIT_OVERLAY, 0);
  int pad = kk_ui_sp(ui, 16);
  /* the current screen first, then every other one */
  static const struct {
    kk_UiScreen s;
    const char *name;
    const Shortcut *sc;
  } secs[] = {{KK_UI_HOME, N_("Deck list"), sc_home},
              {KK_UI_DRILL, N_("Drill"), sc_drill},
              {KK_UI_SUMMARY, N_("Session summary"), sc_summary},
              {KK_UI_STATS, N_("Statistics"), sc_stats},
              {KK_UI_PREVIEW, N_("Preview (authors)"), sc_preview},
              {KK_UI_BROWSE, N_("Browser"), sc_browse},
              {KK_UI_CARDINFO, N_("Card info"), sc_cardinfo},
              {KK_UI_SETTINGS, N_("Settings"), sc_settings}};
  size_t nsecs = sizeof secs / sizeof *secs;
  kk_draw_clip(ui->dl, p);
  int lh = kk_ui_line_h(ui, kk_ui_px(ui, 14));
  int y = p.y + pad - ui->help_scroll * lh;
  kk_ui_label(ui, p.x + pad, y, kk_ui_px(ui, 20), KK_TEXT_BOLD, th->text, _("Keyboard shortcuts"),
              p.w - 2 * pad);
  y += kk_ui_line_h(ui, kk_ui_px(ui, 20)) + kk_ui_sp(ui, 8);
  for (size_t i = 0; i < nsecs; i++)
    if (secs[i].s == ui->screen)
      y += help_section(ui, _(secs[i].name), secs[i].sc, p.x + pad, y, p.w - 2 * pad, 1);
  for (size_t i = 0; i < nsecs; i++)
    if (secs[i].s != ui->screen)
      y += help_section(ui, _(secs[i].name), secs[i].sc, p.x + pad, y, p.w - 2 * pad, 1);
  y += help_section(ui, _("Everywhere"), sc_all, p.x + pad, y, p.w - 2 * pad, 1);
  kk_ui_label(ui, p.x + pad, y, kk_ui_px(ui, 12), 0, th->muted,
              _("Every button also works with the mouse. Esc closes this help."), p.w - 2 * pad);
  kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
  int bottom = y + kk_ui_line_h(ui, kk_ui_px(ui, 12)) + pad;
  /* a position bar when the help is taller than its panel (a small
  ** window, a longer translation): the rest is a scroll away */
  kk_UiScroll bar = {0};
  bar.pos = ui->help_scroll * lh;
  bar.view_h = p.h;
  bar.content_h = bottom - (p.y - bar.pos);
  kk_ui_scrollbar(ui, p, &bar);
  /* keep the scroll within the content for the next frame */
  while (ui->help_scroll > 0 && bottom < p.y + p.h) {
    ui->help_scroll--;
    bottom += lh;
  }
}
