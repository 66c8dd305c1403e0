/*
** test_ui_unlock.c -- the password screen of a sealed pack: typed text is
** drawn only as dots, Backspace removes a whole character, Enter submits
** only with something typed, a refusal clears the field and says why,
** Escape leaves, over-long or invalid input is ignored.
*/
#include <string.h>

#include "core/base/utf8.h"
#include "core/ui/ui_unlock.h"
#include "core/exam/pack.h"
#include "kt.h"
#include "kt_fixture.h"

static kk_DrawList dl;

static void draw(kk_UnlockUi *u) {
  kk_draw_reset(&dl);
  kk_unlock_ui_draw(u, 800, 600, 1.0f, &kt_metrics, &dl);
}

/* 1 if any text command contains s */
static int shows(const char *s) {
  for (size_t i = 0; i < dl.n; i++)
    if (dl.cmds[i].kind == KK_DRAW_TEXT && strstr(dl.cmds[i].text, s)) return 1;
  return 0;
}

static unsigned text(kk_UnlockUi *u, const char *s) {
  kk_UiEvent ev = {0};
  ev.kind = KK_EV_TEXT;
  ev.text = s;
  return kk_unlock_ui_handle(u, &ev);
}

static unsigned key(kk_UnlockUi *u, kk_Key k) {
  kk_UiEvent ev = {0};
  ev.kind = KK_EV_KEY;
  ev.key = k;
  return kk_unlock_ui_handle(u, &ev);
}

static void test_unlock(void) {
  kk_draw_init(&dl);
  kk_UnlockUi *u = kk_unlock_ui_new("final.kexam", 0, 0);
  KT_REQUIRE(u != NULL);
  draw(u);
  KT_CHECK(shows("This exam is locked"));
  KT_CHECK(shows("final.kexam"));
  KT_CHECK((key(u, KK_KEY_ENTER) & KK_UNLOCK_SUBMIT) == 0); /* nothing typed yet */
  KT_CHECK(text(u, "secret") & KK_UNLOCK_REDRAW);
  KT_CHECK(text(u, "秘密") & KK_UNLOCK_REDRAW);
  draw(u);
  KT_CHECK(!shows("secret") && !shows("秘密"));
  KT_CHECK(shows(
      "\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F")); /* 8 dots */
  KT_CHECK(!shows(
      "\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F\xE2\x97\x8F"));
  key(u, KK_KEY_BACKSPACE); /* removes 密, not one byte of it */
  KT_CHECK_STR(kk_unlock_ui_password(u), "secret秘");
  KT_CHECK(text(u, "\xff") == 0); /* invalid UTF-8 is not taken */
  KT_CHECK_STR(kk_unlock_ui_password(u), "secret秘");
  KT_CHECK(key(u, KK_KEY_ENTER) & KK_UNLOCK_SUBMIT);
  kk_unlock_ui_refuse(u, "That password does not open this exam.");
  KT_CHECK_STR(kk_unlock_ui_password(u), "");
  draw(u);
  KT_CHECK(shows("That password does not open this exam."));
  /* as long as a pack may be sealed with is kept whole (a pack sealed
  ** from a long password file opens here too); past it, typing is refused
  ** whole, not cut */
  static char big[KK_PACK_PASSWORD_MAX + 2];
  memset(big, 'a', KK_PACK_PASSWORD_MAX);
  big[KK_PACK_PASSWORD_MAX] = '\0';
  KT_CHECK(text(u, big) & KK_UNLOCK_REDRAW);
  KT_CHECK(strlen(kk_unlock_ui_password(u)) == KK_PACK_PASSWORD_MAX);
  KT_CHECK(text(u, "b") == 0);
  KT_CHECK(strlen(kk_unlock_ui_password(u)) == KK_PACK_PASSWORD_MAX);
  kk_unlock_ui_refuse(u, "again");
  big[KK_PACK_PASSWORD_MAX] = 'a';
  big[KK_PACK_PASSWORD_MAX + 1] = '\0';
  KT_CHECK(text(u, big) == 0);
  KT_CHECK_STR(kk_unlock_ui_password(u), "");
  KT_CHECK(key(u, KK_KEY_ESCAPE) & KK_UNLOCK_QUIT);
  kk_unlock_ui_free(u);
  kk_draw_free(&dl);
}

int main(void) {
  KT_RUN(test_unlock);
  return kt_done();
}
