/*
** ui_unlock.c -- the password screen of a sealed exam pack (ui_unlock.h),
** drawn with the shared widgets.
*/
#include "core/ui/ui_unlock.h"

#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/i18n.h"
#include "core/base/utf8.h"
#include "core/exam/pack.h"
#include "core/ui/ui_int.h"

#define PW_MAX KK_PACK_PASSWORD_MAX /* as long as a pack may be sealed with */

struct kk_UnlockUi {
  kk_Ui *w; /* the widget context */
  char name[128];
  char pw[PW_MAX + 1];
  size_t len;
  char msg[256];
};

/* Overwrites the password so it does not linger in freed memory. */
static void wipe(kk_UnlockUi *u) {
  volatile char *p = u->pw;
  for (size_t i = 0; i < sizeof u->pw; i++) p[i] = 0;
  u->len = 0;
}

kk_UnlockUi *kk_unlock_ui_new(const char *name, int dark, int zoom_pct) {
  kk_UnlockUi *u = kk_calloc(1, sizeof *u);
  if (!u) return NULL;
  u->w = kk_ui_context_new(dark, zoom_pct);
  if (!u->w) {
    kk_free(u);
    return NULL;
  }
  snprintf(u->name, sizeof u->name, "%s", name ? name : "");
  return u;
}

void kk_unlock_ui_free(kk_UnlockUi *u) {
  if (!u) return;
  wipe(u);
  kk_ui_context_free(u->w);
  kk_free(u);
}

const char *kk_unlock_ui_password(const kk_UnlockUi *u) { return u->pw; }

kk_Color kk_unlock_ui_background(const kk_UnlockUi *u) { return kk_ui_theme(u->w->dark)->bg; }

void kk_unlock_ui_refuse(kk_UnlockUi *u, const char *msg) {
  wipe(u);
  snprintf(u->msg, sizeof u->msg, "%s", msg ? msg : "");
}

static unsigned submit(kk_UnlockUi *u) {
  if (u->len == 0) return 0;
  u->msg[0] = '\0';
  return KK_UNLOCK_SUBMIT | KK_UNLOCK_REDRAW;
}

unsigned kk_unlock_ui_handle(kk_UnlockUi *u, const kk_UiEvent *ev) {
  switch (ev->kind) {
  case KK_EV_TEXT: {
    size_t n = ev->text ? strlen(ev->text) : 0;
    /* only whole, valid UTF-8 text, and never past the limit */
    if (n == 0 || u->len + n > PW_MAX || kk_utf8_validate(ev->text, n, NULL) != KK_OK) return 0;
    memcpy(u->pw + u->len, ev->text, n);
    u->len += n;
    u->pw[u->len] = '\0';
    return KK_UNLOCK_REDRAW;
  }
  case KK_EV_KEY:
    if (ev->key == KK_KEY_ESCAPE ||
        (ev->key == KK_KEY_CHAR && ev->ch == 'q' && (ev->mods & KK_MOD_CTRL)))
      return KK_UNLOCK_QUIT;
    if (ev->key == KK_KEY_ENTER) return submit(u);
    if (ev->key == KK_KEY_BACKSPACE && u->len > 0) {
      u->len = kk_utf8_prev(u->pw, u->len, u->len);
      u->pw[u->len] = '\0';
      return KK_UNLOCK_REDRAW;
    }
    return 0;
  case KK_EV_CLICK: {
    const kk_UiHit *hit = kk_ui_hit_at(u->w, ev->x, ev->y);
    return hit && hit->id == HIT_SUBMIT ? submit(u) : 0;
  }
  case KK_EV_QUIT: return KK_UNLOCK_QUIT;
  case KK_EV_RESIZE: return KK_UNLOCK_REDRAW;
  default: return 0;
  }
}

void kk_unlock_ui_draw(kk_UnlockUi *u, int w, int h, float scale, const kk_TextMetrics *tm,
                       kk_DrawList *dl) {
  if (!tm || !dl) return;
  kk_Ui *ui = u->w;
  kk_ui_frame_begin(ui, w, h, scale, tm, dl);
  w = ui->w, h = ui->h;
  const kk_UiTheme *th = ui->th;
  kk_draw_rect(dl, (kk_Rect){0, 0, w, h}, th->bg);
  int m = kk_ui_sp(ui, 24), pw = w - 2 * m;
  if (pw > kk_ui_sp(ui, 560)) pw = kk_ui_sp(ui, 560);
  int x = (w - pw) / 2, y = h / 5;
  y += kk_ui_wrap(ui, _("This exam is locked"), th->text, kk_ui_px(ui, 22), KK_TEXT_BOLD, x, y, pw,
                  1);
  y += kk_ui_sp(ui, 6);
  if (u->name[0]) {
    y += kk_ui_wrap(ui, u->name, th->muted, kk_ui_px(ui, 13), 0, x, y, pw, 1);
    y += kk_ui_sp(ui, 10);
  }
  y += kk_ui_wrap(ui, _("Type the password your proctor announces, then press Enter."), th->text,
                  kk_ui_px(ui, 15), 0, x, y, pw, 1);
  y += kk_ui_sp(ui, 14);
  /* the field: one dot per code point, never the password itself */
  char dots[3 * 64 + 1];
  size_t nd = kk_utf8_count(u->pw, u->len), o = 0;
  for (size_t i = 0; i < nd && i < 64; i++) memcpy(dots + o, "\xE2\x97\x8F", 3), o += 3;
  dots[o] = '\0';
  int fpx = kk_ui_px(ui, 18), fh = kk_ui_line_h(ui, fpx) + 2 * kk_ui_sp(ui, 8);
  int bw = kk_ui_sp(ui, 120);
  kk_Rect field = {x, y, pw - bw - kk_ui_sp(ui, 10), fh};
  kk_draw_rect(dl, field, th->panel);
  kk_draw_frame(dl, field, th->accent, kk_ui_sp(ui, 2) > 1 ? kk_ui_sp(ui, 2) : 1);
  kk_ui_label(ui, field.x + kk_ui_sp(ui, 10), field.y + kk_ui_sp(ui, 8), fpx, 0, th->text, dots,
              field.w - kk_ui_sp(ui, 20));
  kk_ui_button(ui, (kk_Rect){field.x + field.w + kk_ui_sp(ui, 10), y, bw, fh}, _("Unlock"), NULL,
               u->len > 0, HIT_SUBMIT, 0);
  y += fh + kk_ui_sp(ui, 12);
  if (u->msg[0]) kk_ui_wrap(ui, u->msg, th->bad, kk_ui_px(ui, 15), KK_TEXT_BOLD, x, y, pw, 1);
  kk_ui_frame_end(ui);
}
