/*
** ui_drill.c -- the drill screen's state machine: showing an item, the
** answer input of every card type (reveal, choice, true/false, typed and
** numeric text with IME composition, order), automatic grading of
** objective cards with a time-based Hard/Good/Easy split, grading, undo,
** starting and ending a session, and the screen's frame (progress, grade
** buttons).
** The card itself is drawn by ui_card.c.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/base/hash.h"
#include "core/base/i18n.h"
#include "core/base/rng.h"
#include "core/study/sched.h"
#include "core/deck/text.h"
#include "core/exam/mark.h"
#include "core/ui/ui_int.h"

/* ---- showing an item ---------------------------------------------------------- */

static void clear_input(kk_UiDrill *d) {
  d->len = d->caret = 0;
  if (d->buf) d->buf[0] = '\0';
  d->comp[0] = '\0';
  d->comp_cursor = 0;
  d->correct = -1;
  d->suggested = 0;
  d->chosen = -1;
  d->picked = 0;
  d->cursor = 0;
  d->grabbed = 0;
  d->tf_answer = -1;
  d->norder = 0;
  d->nopt = 0;
  d->commit_ms = 0;
  d->scroll = 0;
  d->to_answer = 0;
}

void kk_ui_drill_reset(kk_UiDrill *d) {
  d->active = 0;
  clear_input(d);
}

static uint64_t hash_str(const char *s) {
  return s ? kk_hash_str(s, KK_HASH_V1_SEED) : KK_HASH_V1_SEED;
}

/* The random stream of one showing of an item: from the card's id, the
** item and how often it was reviewed before (kk_UiItem.reps), so each
** showing gets its own order and the same inputs give the same order. */
static void showing_rng(const kk_Ui *ui, const kk_UiItem *it, kk_Rng *r) {
  uint64_t who = kk_rng_mix64(ui->cfg.seed ^ hash_str(it->card->id)) ^ (uint64_t)it->item;
  kk_rng_seed(r, kk_rng_mix64(who) ^ kk_rng_mix64((uint64_t)it->reps));
}

/* Shuffles the order card's rows; never leaves them already solved. */
static void shuffle_order(kk_Ui *ui, kk_UiDrill *d) {
  const kk_Card *c = d->it.card;
  size_t n = c->nitems;
  if (n > KK_DECK_MAX_ORDER_ITEMS) n = KK_DECK_MAX_ORDER_ITEMS; /* the loader's limit */
  kk_Rng r;
  showing_rng(ui, &d->it, &r);
  for (size_t i = 0; i < n; i++) d->order[i] = i;
  /* drawn again while solved, so every unsolved order is equally likely */
  int solved = 1;
  for (int tries = 0; solved && n > 1 && tries < 64; tries++) {
    for (size_t i = 0; i < n; i++) d->order[i] = i;
    kk_rng_shuffle(&r, d->order, n, NULL);
    solved = 1;
    for (size_t i = 0; i < n; i++) solved &= d->order[i] == i;
  }
  if (solved && n > 1) { /* 64 draws of two items all came out solved */
    size_t t = d->order[0];
    memmove(d->order, d->order + 1, (n - 1) * sizeof *d->order);
    d->order[n - 1] = t;
  }
  d->norder = n;
}

/* Shuffles the choice card's options; those marked `fixed: true` (e.g.
** "none of the above") keep their place. */
static void shuffle_options(kk_Ui *ui, kk_UiDrill *d) {
  const kk_Card *c = d->it.card;
  size_t n = c->noptions;
  if (n > KK_UI_MAX_OPTIONS) n = KK_UI_MAX_OPTIONS;
  unsigned char fixed[KK_UI_MAX_OPTIONS] = {0};
  for (size_t i = 0; i < n; i++) d->opt[i] = i, fixed[i] = c->options[i].fixed != 0;
  kk_Rng r;
  showing_rng(ui, &d->it, &r);
  kk_rng_shuffle(&r, d->opt, n, fixed);
  d->nopt = n;
}

void kk_ui_drill_show(kk_Ui *ui, const kk_UiItem *it) {
  kk_UiDrill *d = &ui->d;
  const kk_UiHost *h = ui->cfg.host;
  d->active = 1;
  d->it = *it;
  d->phase = KK_DRILL_ASK;
  d->shown_ms = ui->now_ms;
  d->answered_ms = 0;
  clear_input(d);
  if (it->card->type == KK_CARD_ORDER) shuffle_order(ui, d);
  if (it->card->type == KK_CARD_CHOICE) shuffle_options(ui, d);
  for (int r = 0; r < 4; r++) d->days[r] = -1;
  if (h && h->preview) h->preview(h->ud, it, ui->now_ms, d->days);
  memset(d->counts, 0, sizeof d->counts);
  if (h && h->session_remaining) h->session_remaining(h->ud, ui->now_ms, d->counts);
}

/* Starts a session over decks[0..n) (NULL: all of them). */
unsigned kk_ui_session_start(kk_Ui *ui, const size_t *decks, size_t n) {
  const kk_UiHost *h = ui->cfg.host;
  if (!h || !h->session_start || !h->session_next) {
    snprintf(ui->err, sizeof ui->err, _("no progress store: cannot study"));
    return KK_UIF_REDRAW;
  }
  size_t *all = NULL; /* every deck, however many */
  if (!decks) {
    n = ui->cfg.ndecks;
    all = kk_malloc((n ? n : 1) * sizeof *all);
    if (!all) {
      snprintf(ui->err, sizeof ui->err, _("out of memory"));
      return KK_UIF_REDRAW;
    }
    for (size_t i = 0; i < n; i++) all[i] = i;
    decks = all;
  }
  kk_Err e;
  kk_err_clear(&e);
  kk_Status st = h->session_start(h->ud, decks, n, ui->now_ms, &e);
  kk_free(all);
  if (st != KK_OK) {
    snprintf(ui->err, sizeof ui->err, "%.200s", e.msg[0] ? e.msg : _("cannot start a session"));
    return KK_UIF_REDRAW;
  }
  ui->err[0] = '\0';
  kk_UiDrill *d = &ui->d;
  d->answered = d->right = d->nundo = 0;
  d->spent_ms = 0;
  d->session_start_ms = ui->now_ms;
  kk_UiItem it;
  if (!h->session_next(h->ud, ui->now_ms, &it)) {
    kk_ui_toast(ui, _("Nothing to study now"));
    return KK_UIF_REDRAW | KK_UIF_TICK;
  }
  ui->screen = KK_UI_DRILL;
  kk_ui_drill_show(ui, &it);
  return KK_UIF_REDRAW;
}

/* ---- answering ------------------------------------------------------------------ */

static void submit(kk_Ui *ui, int correct) {
  kk_UiDrill *d = &ui->d;
  d->correct = correct;
  d->script_differed = 0;
  d->answered_ms = ui->now_ms;
  d->phase = KK_DRILL_ANSWERED;
  d->to_answer = 1;
  d->comp[0] = '\0';
  if (correct < 0)
    d->suggested = KK_GOOD;
  else if (!correct)
    d->suggested = KK_AGAIN;
  else {
    /* right: Good, as Anki suggests; Hard when it took long.  Never Easy:
    ** one quick key press must not push a new card a week out, so Easy
    ** has only its own key. */
    int64_t took = d->answered_ms - d->shown_ms;
    d->suggested = took > ui->cfg.slow_ms ? KK_HARD : KK_GOOD;
  }
}

static void finish_session(kk_Ui *ui) {
  const kk_UiHost *h = ui->cfg.host;
  ui->d.active = 0;
  ui->summary_tomorrow = h && h->tomorrow_due ? h->tomorrow_due(h->ud, ui->now_ms) : 0;
  ui->screen = KK_UI_SUMMARY;
}

static unsigned grade(kk_Ui *ui, kk_Rating r) {
  kk_UiDrill *d = &ui->d;
  const kk_UiHost *h = ui->cfg.host;
  int64_t took = ui->now_ms - d->shown_ms;
  if (took < 0) took = 0;
  if (h && h->answer) {
    kk_Err e;
    kk_err_clear(&e);
    if (h->answer(h->ud, &d->it, r, ui->now_ms, took, &e) != KK_OK) {
      snprintf(ui->err, sizeof ui->err, "%.200s", e.msg[0] ? e.msg : _("cannot save the answer"));
      kk_ui_toast(ui, ui->err);
      return KK_UIF_REDRAW | KK_UIF_TICK;
    }
  }
  /* a leech is news the student should get at once, not a hidden flag */
  int leech = h && h->answer_leech ? h->answer_leech(h->ud) : 0;
  if (leech == KK_UI_LEECH_SUSPENDED)
    kk_ui_toast(ui, _("Suspended as a leech: this card keeps being forgotten"));
  else if (leech == KK_UI_LEECH_TAGGED)
    kk_ui_toast(ui, _("Tagged as a leech: this card keeps being forgotten"));
  if (d->nundo == KK_UI_UNDO_MAX) {
    memmove(d->undo_right, d->undo_right + 1, (KK_UI_UNDO_MAX - 1) * sizeof *d->undo_right);
    memmove(d->undo_dur, d->undo_dur + 1, (KK_UI_UNDO_MAX - 1) * sizeof *d->undo_dur);
    d->nundo--;
  }
  d->undo_right[d->nundo] = (signed char)(r != KK_AGAIN);
  d->undo_dur[d->nundo++] = took;
  d->answered++;
  d->right += r != KK_AGAIN;
  d->spent_ms += took;
  kk_UiItem next;
  if (h && h->session_next && h->session_next(h->ud, ui->now_ms, &next))
    kk_ui_drill_show(ui, &next);
  else
    finish_session(ui);
  return KK_UIF_REDRAW | (leech ? KK_UIF_TICK : 0);
}

unsigned kk_ui_drill_undo(kk_Ui *ui) {
  kk_UiDrill *d = &ui->d;
  const kk_UiHost *h = ui->cfg.host;
  kk_UiItem it;
  if (!h || !h->undo || !h->undo(h->ud, ui->now_ms, &it)) {
    kk_ui_toast(ui, _("Nothing to undo"));
    return KK_UIF_REDRAW | KK_UIF_TICK;
  }
  if (d->nundo > 0) {
    d->nundo--;
    d->answered--;
    d->right -= d->undo_right[d->nundo];
    d->spent_ms -= d->undo_dur[d->nundo];
  }
  ui->screen = KK_UI_DRILL;
  kk_ui_drill_show(ui, &it);
  kk_ui_toast(ui, _("Took back the last grade"));
  return KK_UIF_REDRAW | KK_UIF_TICK;
}

/* Picks the option shown at row `row`. */
static unsigned choose(kk_Ui *ui, int row) {
  kk_UiDrill *d = &ui->d;
  const kk_Card *c = d->it.card;
  if (row < 0 || (size_t)row >= c->noptions || row >= KK_UI_MAX_OPTIONS) return 0;
  int i = d->nopt ? (int)d->opt[row] : row;
  d->cursor = row;
  if (c->ncorrect > 1) {
    d->picked ^= 1u << i;
    return KK_UIF_REDRAW;
  }
  d->chosen = i;
  d->picked = 1u << i;
  submit(ui, c->options[i].correct != 0);
  return KK_UIF_REDRAW;
}

static unsigned submit_picks(kk_Ui *ui) {
  kk_UiDrill *d = &ui->d;
  const kk_Card *c = d->it.card;
  if (!d->picked) {
    kk_ui_toast(ui, _("Pick the answers first"));
    return KK_UIF_REDRAW | KK_UIF_TICK;
  }
  int ok = 1;
  for (size_t i = 0; i < c->noptions && i < KK_UI_MAX_OPTIONS; i++)
    ok &= ((d->picked >> i) & 1u) == (c->options[i].correct != 0);
  submit(ui, ok);
  return KK_UIF_REDRAW;
}

static unsigned answer_tf(kk_Ui *ui, int v) {
  ui->d.tf_answer = v;
  submit(ui, v == (ui->d.it.card->truth != 0));
  return KK_UIF_REDRAW;
}

static unsigned order_move(kk_UiDrill *d, int from, int to) {
  if (from < 0 || to < 0 || from >= (int)d->norder || to >= (int)d->norder || from == to) return 0;
  size_t t = d->order[from];
  if (from < to)
    memmove(d->order + from, d->order + from + 1, (size_t)(to - from) * sizeof t);
  else
    memmove(d->order + to + 1, d->order + to, (size_t)(from - to) * sizeof t);
  d->order[to] = t;
  d->cursor = to;
  return KK_UIF_REDRAW;
}

static unsigned submit_order(kk_Ui *ui) {
  kk_UiDrill *d = &ui->d;
  int ok = 1;
  for (size_t i = 0; i < d->norder; i++) ok &= d->order[i] == i;
  d->grabbed = 0;
  submit(ui, ok);
  return KK_UIF_REDRAW;
}

static unsigned submit_text(kk_Ui *ui) {
  kk_UiDrill *d = &ui->d;
  const kk_Card *c = d->it.card;
  if (d->comp[0]) return 0; /* Enter belongs to the IME while composing */
  const char *t = d->buf ? d->buf : "";
  if (c->type == KK_CARD_NUMERIC) {
    int right = d->len ? kk_mark_number(c, t) : 0;
    if (right < 0) {
      kk_ui_toast(ui, _("Type a number"));
      return KK_UIF_REDRAW | KK_UIF_TICK;
    }
    submit(ui, right);
    return KK_UIF_REDRAW;
  }
  int differed = 0;
  int ok =
      kk_text_answer_match(
          t, c->answers, c->nanswers,
          (d->it.kana ? d->it.kana == 2 : c->kana_exact) ? KK_TEXT_FOLD_NO_KANA : 0, &differed) > 0;
  submit(ui, d->len ? ok : 0);
  d->script_differed = d->len && ok && differed;
  return KK_UIF_REDRAW;
}

/* ---- the text field ----------------------------------------------------------- */

static int insert(kk_UiDrill *d, const char *s, size_t n) {
  if (d->len + n + 1 > d->cap) {
    char *b = kk_grow(d->buf, &d->cap, d->len + n + 1, 1, 64);
    if (!b) return -1;
    d->buf = b;
  }
  memmove(d->buf + d->caret + n, d->buf + d->caret, d->len - d->caret);
  memcpy(d->buf + d->caret, s, n);
  d->len += n;
  d->caret += n;
  d->buf[d->len] = '\0';
  return 0;
}

static unsigned field_event(kk_Ui *ui, const kk_UiEvent *ev) {
  kk_UiDrill *d = &ui->d;
  if (ev->kind == KK_EV_TEXT && ev->text) {
    /* committed text: drop control characters (newlines, tabs) */
    const char *s = ev->text;
    size_t n = strlen(s), i = 0;
    while (i < n) {
      size_t j = i;
      while (j < n && (unsigned char)s[j] >= 0x20 && s[j] != 0x7f) j++;
      if (j > i && insert(d, s + i, j - i) < 0) {
        kk_ui_toast(ui, _("out of memory"));
        break;
      }
      i = j < n ? j + 1 : j;
    }
    if (d->comp[0]) d->commit_ms = ev->now_ms;
    d->comp[0] = '\0';
    return KK_UIF_REDRAW;
  }
  if (ev->kind == KK_EV_EDIT) {
    snprintf(d->comp, sizeof d->comp, "%s", ev->text ? ev->text : "");
    d->comp_cursor = ev->cursor;
    return KK_UIF_REDRAW;
  }
  if (ev->kind != KK_EV_KEY || d->comp[0]) return 0; /* keys go to the IME */
  switch (ev->key) {
  case KK_KEY_BACKSPACE:
    if (d->caret > 0) {
      size_t p = kk_text_prev_grapheme(d->buf, d->len, d->caret);
      memmove(d->buf + p, d->buf + d->caret, d->len - d->caret + 1);
      d->len -= d->caret - p;
      d->caret = p;
    }
    return KK_UIF_REDRAW;
  case KK_KEY_DELETE:
    if (d->caret < d->len) {
      size_t q = kk_text_next_grapheme(d->buf, d->len, d->caret);
      memmove(d->buf + d->caret, d->buf + q, d->len - q + 1);
      d->len -= q - d->caret;
    }
    return KK_UIF_REDRAW;
  case KK_KEY_LEFT:
    if (d->caret > 0) d->caret = kk_text_prev_grapheme(d->buf, d->len, d->caret);
    return KK_UIF_REDRAW;
  case KK_KEY_RIGHT:
    if (d->caret < d->len) d->caret = kk_text_next_grapheme(d->buf, d->len, d->caret);
    return KK_UIF_REDRAW;
  case KK_KEY_HOME: d->caret = 0; return KK_UIF_REDRAW;
  case KK_KEY_END: d->caret = d->len; return KK_UIF_REDRAW;
  case KK_KEY_ENTER:
    /* Some platforms pass on the Enter that committed a composition right
    ** after the committed text: that one is the IME's, not a submit. */
    if (d->commit_ms && ev->now_ms - d->commit_ms < KK_UI_COMMIT_ENTER_MS) {
      d->commit_ms = 0;
      return 0;
    }
    return submit_text(ui);
  default: return 0;
  }
}

static unsigned drill_scroll(kk_Ui *ui, int dy);

/* ---- events ---------------------------------------------------------------------- */

static unsigned ask_key(kk_Ui *ui, const kk_UiEvent *ev) {
  kk_UiDrill *d = &ui->d;
  const kk_Card *c = d->it.card;
  int plain = !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT));
  uint32_t ch = ev->key == KK_KEY_CHAR && plain ? ev->ch : 0;
  int enter = ev->key == KK_KEY_ENTER, space = ev->key == KK_KEY_SPACE;
  switch (c->type) {
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED:
  case KK_CARD_CLOZE:
    if (enter || space) {
      submit(ui, -1);
      return KK_UIF_REDRAW;
    }
    return 0;
  case KK_CARD_CHOICE:
    if (ch >= '1' && ch <= '9') return choose(ui, (int)(ch - '1'));
    if (ev->key == KK_KEY_DOWN || ch == 'j') {
      if (d->cursor + 1 < (int)c->noptions) d->cursor++;
      return KK_UIF_REDRAW;
    }
    if (ev->key == KK_KEY_UP || ch == 'k') {
      if (d->cursor > 0) d->cursor--;
      return KK_UIF_REDRAW;
    }
    if (c->ncorrect > 1) {
      if (space) return choose(ui, d->cursor);
      if (enter) return submit_picks(ui);
      return 0;
    }
    if (enter || space) return choose(ui, d->cursor);
    return 0;
  case KK_CARD_TRUEFALSE:
    if (ch == 't' || ch == '1' || ch == 'y') return answer_tf(ui, 1);
    if (ch == 'f' || ch == '2' || ch == 'n') return answer_tf(ui, 0);
    return 0;
  case KK_CARD_ORDER: {
    int move = d->grabbed || (ev->mods & (KK_MOD_ALT | KK_MOD_SHIFT));
    if (ev->key == KK_KEY_UP || ev->key == KK_KEY_DOWN || ch == 'k' || ch == 'j') {
      int dir = ev->key == KK_KEY_UP || ch == 'k' ? -1 : 1;
      if (move) return order_move(d, d->cursor, d->cursor + dir);
      int n = d->cursor + dir;
      if (n >= 0 && n < (int)d->norder) d->cursor = n;
      return KK_UIF_REDRAW;
    }
    if (space) {
      d->grabbed = !d->grabbed;
      return KK_UIF_REDRAW;
    }
    if (enter) return submit_order(ui);
    return 0;
  }
  case KK_CARD_TYPED:
  case KK_CARD_NUMERIC: return field_event(ui, ev);
  case KK_CARD_TYPE_COUNT: break;
  }
  return 0;
}

static unsigned drill_event(kk_Ui *ui, const kk_UiEvent *ev) {
  kk_UiDrill *d = &ui->d;
  if (ev->kind == KK_EV_KEY && (ev->mods & KK_MOD_CTRL) && ev->key == KK_KEY_CHAR && ev->ch == 'z')
    return kk_ui_drill_undo(ui);
  if (!d->active) return 0;
  if (ev->kind == KK_EV_KEY && ev->key == KK_KEY_ESCAPE && !d->comp[0]) {
    d->active = 0;
    kk_ui_go(ui, KK_UI_HOME);
    return KK_UIF_REDRAW;
  }
  if (ev->kind == KK_EV_KEY && ev->key == KK_KEY_CHAR && ev->ch == 'b' &&
      !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT)) && !kk_ui_text_input_active(ui) && ui->cfg.host) {
    kk_ui_go(ui, KK_UI_BROWSE); /* the session waits; Esc there comes back */
    return KK_UIF_REDRAW;
  }
  if (ev->kind == KK_EV_KEY && ev->key == KK_KEY_CHAR && ev->ch == 'i' &&
      !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT)) && !kk_ui_text_input_active(ui) && ui->cfg.host)
    return kk_ui_cardinfo_open(ui, &d->it);
  if (ev->kind == KK_EV_KEY && (ev->key == KK_KEY_PAGEDOWN || ev->key == KK_KEY_PAGEUP))
    return drill_scroll(ui, ev->key == KK_KEY_PAGEDOWN ? d->view_h * 3 / 4 : -d->view_h * 3 / 4);
  if (d->phase == KK_DRILL_ANSWERED) {
    if (ev->kind != KK_EV_KEY) return 0;
    uint32_t ch = ev->key == KK_KEY_CHAR && !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT)) ? ev->ch : 0;
    if (ch >= '1' && ch <= '4') return grade(ui, (kk_Rating)(ch - '0'));
    if ((ev->key == KK_KEY_ENTER || ev->key == KK_KEY_SPACE) && d->suggested)
      return grade(ui, d->suggested);
    return 0;
  }
  if (kk_ui_text_input_active(ui) && ev->kind == KK_EV_KEY && ev->key == KK_KEY_CHAR &&
      !(ev->mods & (KK_MOD_CTRL | KK_MOD_ALT)))
    return 0; /* its text arrives as KK_EV_TEXT */
  return ask_key(ui, ev);
}

static unsigned drill_click(kk_Ui *ui, int id, int arg) {
  kk_UiDrill *d = &ui->d;
  if (id == HIT_UNDO) return kk_ui_drill_undo(ui);
  if (!d->active) return 0;
  if (id == HIT_CARDINFO) return kk_ui_cardinfo_open(ui, &d->it);
  const kk_Card *c = d->it.card;
  if (d->phase == KK_DRILL_ANSWERED) {
    if (id == HIT_GRADE && arg >= 1 && arg <= 4) return grade(ui, (kk_Rating)arg);
    return 0;
  }
  switch (id) {
  case HIT_REVEAL: submit(ui, -1); return KK_UIF_REDRAW;
  case HIT_OPTION: return choose(ui, arg);
  case HIT_TRUE: return answer_tf(ui, 1);
  case HIT_FALSE: return answer_tf(ui, 0);
  case HIT_ORDER_ROW:
    if (d->grabbed) {
      d->grabbed = 0;
      order_move(d, d->cursor, arg);
    }
    d->cursor = arg;
    return KK_UIF_REDRAW;
  case HIT_ORDER_UP: return order_move(d, arg, arg - 1);
  case HIT_ORDER_DOWN: return order_move(d, arg, arg + 1);
  case HIT_SUBMIT:
    if (c->type == KK_CARD_ORDER) return submit_order(ui);
    if (c->type == KK_CARD_CHOICE) return submit_picks(ui);
    return submit_text(ui);
  default: return 0;
  }
}

static unsigned drill_scroll(kk_Ui *ui, int dy) {
  kk_UiDrill *d = &ui->d;
  int max = d->content_h - d->view_h;
  int s = d->scroll + dy;
  if (s > max) s = max;
  if (s < 0) s = 0;
  if (s == d->scroll) return 0;
  d->scroll = s;
  return KK_UIF_REDRAW;
}

void kk_ui_drill_state(const kk_Ui *ui, kk_UiDrillState *out) {
  const kk_UiDrill *d = &ui->d;
  memset(out, 0, sizeof *out);
  out->active = d->active && ui->screen == KK_UI_DRILL;
  out->item = d->it;
  out->phase = d->phase;
  out->typed = d->buf ? d->buf : "";
  out->composition = d->comp;
  out->correct = d->correct;
  out->suggested = d->suggested;
  out->script_differed = d->script_differed;
  out->chosen = d->chosen;
  out->picked = d->picked;
  memcpy(out->order, d->order, sizeof out->order);
  memcpy(out->options, d->opt, sizeof out->options);
  out->noptions = d->nopt;
  out->norder = d->norder;
  out->order_cursor = d->cursor;
  out->answered = d->answered;
  out->answered_right = d->right;
}

/* ---- drawing the screen -------------------------------------------------------- */

/* The answer was just shown: when it starts below the upper part of the
** view (a long question in a small window), scroll it to the top.  The
** card is laid out once into a scratch list to find where it starts. */
static void scroll_to_answer(kk_Ui *ui, kk_UiDrill *d, kk_Rect area) {
  d->to_answer = 0;
  kk_DrawList scratch, *dl = ui->dl;
  size_t hits = ui->nhits;
  kk_draw_init(&scratch);
  ui->dl = &scratch;
  int ay = -1, h = kk_ui_card_draw(ui, d, area, &ay);
  ui->dl = dl;
  ui->nhits = hits;
  kk_draw_free(&scratch);
  int max = h - area.h;
  if (ay < 0 || max <= 0) return;
  if (ay >= d->scroll && ay <= d->scroll + area.h / 2) return; /* in view */
  int s = ay - kk_ui_sp(ui, 8);
  d->scroll = s < 0 ? 0 : s > max ? max : s;
}

static void drill_draw(kk_Ui *ui) {
  const kk_UiTheme *th = ui->th;
  kk_UiDrill *d = &ui->d;
  const char *title = _("Drill");
  if (d->it.deck < ui->cfg.ndecks) title = kk_deck_title(ui->cfg.decks[d->it.deck]);
  if (d->it.deck < ui->cfg.ndecks) ui->lang = kk_deck_language(ui->cfg.decks[d->it.deck]);
  int top = kk_ui_top_bar(ui, title && *title ? title : _("Drill"));
  if (!d->active) return;
  int m = kk_ui_sp(ui, 16), spx = kk_ui_px(ui, 13), slh = kk_ui_line_h(ui, spx);
  char buf[160];

  /* progress: remaining counts and a bar */
  int y = top + kk_ui_sp(ui, 8);
  int left = d->counts[0] + d->counts[1] + d->counts[2];
  int x = m;
  struct {
    int v;
    kk_Color c;
    const char *fmt;
  } cs[3] = {{d->counts[0], th->new_c, _("%d new")},
             {d->counts[1], th->learn_c, _("%d learning")},
             {d->counts[2], th->due_c, _("%d review")}};
  for (int k = 0; k < 3; k++) {
    snprintf(buf, sizeof buf, cs[k].fmt, cs[k].v);
    int w = kk_ui_text_w(ui, spx, buf, strlen(buf));
    if (x + w > ui->w - m) break;
    kk_ui_label(ui, x, y, spx, 0, cs[k].c, buf, 0);
    x += w + kk_ui_sp(ui, 14);
  }
  snprintf(buf, sizeof buf, _("%d done"), d->answered);
  int dw = kk_ui_text_w(ui, spx, buf, strlen(buf));
  int rx = ui->w - m - dw;
  if (x + dw <= ui->w - m) kk_ui_label(ui, rx, y, spx, 0, th->muted, buf, 0);
  int btx = rx; /* buttons right to left before "done" */
  if (d->nundo) {
    /* the mouse way to Ctrl+Z */
    const char *undo_label = _("Undo");
    int uw = kk_ui_text_w(ui, spx, undo_label, strlen(undo_label)) + kk_ui_sp(ui, 12);
    int ux = rx - kk_ui_sp(ui, 12) - uw;
    if (ux >= x) {
      kk_ui_button_small(ui, (kk_Rect){ux, y - kk_ui_sp(ui, 2), uw, slh + kk_ui_sp(ui, 4)},
                         undo_label, HIT_UNDO, 0);
      btx = ux;
    }
  }
  if (ui->cfg.host) { /* the mouse way to I: card info */
    const char *info = _("Info");
    int iw = kk_ui_text_w(ui, spx, info, strlen(info)) + kk_ui_sp(ui, 12);
    int ix = btx - kk_ui_sp(ui, 12) - iw;
    if (ix >= x)
      kk_ui_button_small(ui, (kk_Rect){ix, y - kk_ui_sp(ui, 2), iw, slh + kk_ui_sp(ui, 4)}, info,
                         HIT_CARDINFO, 0);
  }
  y += slh + kk_ui_sp(ui, 4);
  int total = d->answered + left;
  kk_ui_bar(ui, (kk_Rect){m, y, ui->w - 2 * m > 1 ? ui->w - 2 * m : 1, kk_ui_sp(ui, 4) + 1},
            total ? (double)d->answered / total : 0, th->accent);
  y += kk_ui_sp(ui, 4) + 1 + m;

  /* bottom bar */
  int bpx = kk_ui_px(ui, 15), blh = kk_ui_line_h(ui, bpx);
  int bh = blh + slh + kk_ui_sp(ui, 14);
  int by = ui->h - bh - m;
  ui->footer_y = by;
  const kk_Card *c = d->it.card;
  if (d->phase == KK_DRILL_ANSWERED) {
    int gap = kk_ui_sp(ui, 8);
    int bw = (ui->w - 2 * m - 3 * gap) / 4, maxw = kk_ui_sp(ui, 150);
    if (bw > maxw) bw = maxw;
    if (bw < 1) bw = 1;
    int bx = (ui->w - 4 * bw - 3 * gap) / 2;
    for (int r = 0; r < 4; r++) {
      char label[32], iv[16];
      snprintf(label, sizeof label, "%d %s", r + 1, kk_ui_grade_name(r + 1));
      /* labelled as the scheduler labels intervals ("10m", "4d", "3.1mo") */
      if (d->days[r] >= 0)
        kk_sched_format_days(d->days[r], iv, sizeof iv);
      else
        snprintf(iv, sizeof iv, "-");
      kk_ui_button(ui, (kk_Rect){bx + r * (bw + gap), by, bw, bh}, label, iv,
                   (int)d->suggested == r + 1, HIT_GRADE, r + 1);
    }
  } else {
    const char *label = NULL, *hint = NULL;
    int id = HIT_SUBMIT;
    switch (c->type) {
    case KK_CARD_BASIC:
    case KK_CARD_REVERSED:
    case KK_CARD_CLOZE:
      label = _("Show answer");
      hint = _("Space");
      id = HIT_REVEAL;
      break;
    case KK_CARD_TYPED:
    case KK_CARD_NUMERIC:
    case KK_CARD_ORDER:
      label = _("Check");
      hint = _("Enter");
      break;
    case KK_CARD_CHOICE:
      if (c->ncorrect > 1) label = _("Check"), hint = _("Enter");
      break;
    default: break;
    }
    if (label) {
      int bw = kk_ui_sp(ui, 200);
      if (bw > ui->w - 2 * m) bw = ui->w - 2 * m;
      if (bw < 1) bw = 1;
      kk_ui_button(ui, (kk_Rect){(ui->w - bw) / 2, by, bw, bh}, label, hint, 1, id, 0);
    } else {
      const char *h = c->type == KK_CARD_TRUEFALSE ? _("Press T or F, or click")
                                                   : _("Press the option's number, or click it");
      int hw = kk_ui_text_w(ui, spx, h, strlen(h));
      if (hw > ui->w - 2 * m) hw = ui->w - 2 * m;
      kk_ui_label(ui, (ui->w - hw) / 2, by + (bh - slh) / 2, spx, 0, th->muted, h, ui->w - 2 * m);
    }
  }

  /* the card, centred in a readable column; the margins leave room for
  ** 。、 hanging past the column's edge */
  int qm = kk_ui_px(ui, 24) > m ? kk_ui_px(ui, 24) : m;
  int cw = ui->w - 2 * qm, maxw = kk_ui_sp(ui, 720);
  if (cw > maxw) cw = maxw;
  if (cw < 1) cw = 1;
  kk_Rect area = {(ui->w - cw) / 2, y, cw, by - m - y};
  if (area.h < 1) area.h = 1;
  d->view_h = area.h;
  kk_draw_clip(ui->dl, (kk_Rect){0, area.y, ui->w, area.h});
  size_t hits = ui->nhits;
  if (d->to_answer) scroll_to_answer(ui, d, area);
  kk_Rect at = area;
  at.y -= d->scroll;
  d->content_h = kk_ui_card_draw(ui, d, at, NULL);
  /* rows scrolled out of view must not catch clicks meant for the bars */
  for (size_t i = hits; i < ui->nhits; i++) {
    kk_Rect *r = &ui->hits[i].r;
    int y0 = r->y > area.y ? r->y : area.y;
    int bot = r->y + r->h < area.y + area.h ? r->y + r->h : area.y + area.h;
    r->h = bot > y0 ? bot - y0 : 0;
    r->y = y0;
  }
  kk_draw_clip(ui->dl, (kk_Rect){0, 0, 0, 0});
  if (d->content_h > area.h) {
    /* a scroll bar at the right edge */
    int sh = (int)((double)area.h * area.h / d->content_h);
    int sy = area.y + (int)((double)d->scroll * area.h / d->content_h);
    kk_draw_rect(ui->dl,
                 (kk_Rect){ui->w - kk_ui_sp(ui, 6), sy, kk_ui_sp(ui, 4) + 1, sh > 4 ? sh : 4},
                 th->border);
  }
}

int kk_ui_text_input_active(const kk_Ui *ui) {
  const kk_UiDrill *d = &ui->d;
  if (ui->screen == KK_UI_BROWSE) return !ui->help; /* the search field */
  if (ui->screen == KK_UI_SETTINGS) return !ui->help && ui->st_editing;
  return ui->screen == KK_UI_DRILL && !ui->help && d->active && d->phase == KK_DRILL_ASK &&
         d->it.card && (d->it.card->type == KK_CARD_TYPED || d->it.card->type == KK_CARD_NUMERIC);
}

static unsigned drill_wheel(kk_Ui *ui, int dy) {
  return drill_scroll(ui, (dy > 0 ? -3 : 3) * kk_ui_sp(ui, 16));
}

const kk_UiScreenOps kk_ui_drill_screen = {NULL, drill_event, drill_click, drill_wheel, drill_draw};
