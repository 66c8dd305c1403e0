/*
** ui_frame.c -- what every screen draws and calls around its own content:
** sizes for the zoom and scale, the top bar, the toast, plural forms,
** and switching screens.  Screens call these; they never call the dispatcher (ui.c),
** which reaches them only through their handler tables (ui_int.h).
*/
#include <stdio.h>
#include <string.h>

#include "core/base/i18n.h"
#include "core/ui/ui_int.h"

#define TOAST_MS 2500

int kk_ui_px(const kk_Ui *ui, int base_pt) {
  int px = (int)(base_pt * ui->zoom_pct / 100.0 * ui->scale + 0.5);
  return px < 4 ? 4 : px;
}

int kk_ui_sp(const kk_Ui *ui, int pt) { return (int)(pt * ui->zoom_pct / 100.0 * ui->scale + 0.5); }

void kk_ui_toast(kk_Ui *ui, const char *msg) {
  snprintf(ui->toast, sizeof ui->toast, "%s", msg);
  ui->toast_until_ms = ui->now_ms + TOAST_MS;
}

const char *kk_ui_ngettext(const char *one, const char *other, unsigned long n) {
  return kk_ngettext(one, other, n);
}

int kk_ui_exam_text(const kk_UiDeckCounts *c, char *buf, size_t size) {
  if (!c->exam_date[0]) return 0;
  unsigned long days = c->exam_days_left > 0 ? (unsigned long)c->exam_days_left : 0;
  char date[64];
  kk_ui_fmt_date(c->exam_date, date, sizeof date);
  if (c->exam_days_left < 0)
    snprintf(buf, size, _("Exam %s: passed"), date);
  else if (c->exam_recall >= 0)
    snprintf(buf, size,
             kk_ui_ngettext("Exam %s: %d day left, predicted recall on the day %d%%",
                            "Exam %s: %d days left, predicted recall on the day %d%%", days),
             date, c->exam_days_left, (int)(c->exam_recall * 100 + 0.5));
  else
    snprintf(buf, size, kk_ui_ngettext("Exam %s: %d day left", "Exam %s: %d days left", days), date,
             c->exam_days_left);
  return 1;
}

int kk_ui_exam_warning(const kk_UiDeckCounts *c, char *buf, size_t size) {
  if (!c->exam_date[0] || c->exam_days_left < 0 || c->exam_new_short <= 0) return 0;
  snprintf(buf, size,
           kk_ui_ngettext("%d new card cannot be introduced before the exam at the daily limit",
                          "%d new cards cannot be introduced before the exam at the daily limit",
                          (unsigned long)c->exam_new_short),
           c->exam_new_short);
  return 1;
}

void kk_ui_go(kk_Ui *ui, kk_UiScreen s) {
  ui->screen = s;
  ui->enter_pending = 1;
}

int kk_ui_top_bar(kk_Ui *ui, const char *title) {
  const kk_UiTheme *th = ui->th;
  int px = kk_ui_px(ui, 15), pad = kk_ui_sp(ui, 10);
  int h = kk_ui_line_h(ui, px) + 2 * pad;
  kk_draw_rect(ui->dl, (kk_Rect){0, 0, ui->w, h}, th->panel);
  kk_draw_line(ui->dl, 0, h - 1, ui->w, h - 1, th->border);
  /* buttons from the right: ? help, theme, stats, home, then browse and
  ** settings (the first to go in a narrow window) */
  static const struct {
    const char *label;
    int id;
  } b[] = {{"?", HIT_HELP},        {"\xE2\x97\x90", HIT_THEME}, {N_("Stats"), HIT_STATS},
           {N_("Home"), HIT_HOME}, {N_("Browse"), HIT_BROWSE},  {N_("Settings"), HIT_SETTINGS}};
  int x = ui->w - pad;
  int bh = h - 2 * kk_ui_sp(ui, 5);
  for (size_t i = 0; i < sizeof b / sizeof *b; i++) {
    if ((b[i].id == HIT_STATS || b[i].id == HIT_BROWSE || b[i].id == HIT_SETTINGS) &&
        (ui->screen == KK_UI_PREVIEW || !ui->cfg.host))
      continue;
    /* settings are per deck: the chosen one on home, the card's in a drill */
    if (b[i].id == HIT_SETTINGS &&
        (!ui->cfg.ndecks || (ui->screen != KK_UI_HOME && ui->screen != KK_UI_DRILL)))
      continue;
    const char *label = b[i].label[0] == '?' || b[i].id == HIT_THEME ? b[i].label : _(b[i].label);
    int bw = kk_ui_text_w(ui, px, label, strlen(label)) + 2 * pad;
    if (x - bw < ui->w / 2) break; /* narrow window: keep the title */
    x -= bw;
    kk_ui_button(ui, (kk_Rect){x, kk_ui_sp(ui, 5), bw, bh}, label, NULL, 0, b[i].id, 0);
    x -= kk_ui_sp(ui, 6);
  }
  kk_ui_label(ui, pad, pad, px, KK_TEXT_BOLD, th->text, title, x - 2 * pad);
  return h;
}
