/*
** test_sdl.c -- the SDL front end's own modules, without a window: event
** translation (input.c), script parsing and replay into SDL's queue
** (script.c), font discovery and metrics (font.c), the draw-list renderer
** and its text cache on a software renderer over a surface (render.c), and
** PNG writing.  Linked with kioku_sdl (tests/CMakeLists.txt).
*/
#define _POSIX_C_SOURCE 200809L
#include <png.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kt.h"
#include "kt_fixture.h"
#include "sdl/font.h"
#include "sdl/input.h"
#include "sdl/render.h"
#include "sdl/script.h"

static kk_Fonts *fonts; /* NULL when no Japanese font is installed */

static SDL_Event key_event(SDL_Keycode k, Uint16 mod) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = k;
  e.key.keysym.mod = mod;
  return e;
}

static void test_keys(void) {
  kk_UiEvent u;
  SDL_Event e = key_event(SDLK_z, KMOD_LCTRL);
  KT_CHECK(kk_input_translate(&e, 0, 42, &u) == 1);
  KT_CHECK(u.kind == KK_EV_KEY && u.key == KK_KEY_CHAR && u.ch == 'z');
  KT_CHECK(u.mods == KK_MOD_CTRL && u.now_ms == 42);
  e = key_event(SDLK_SLASH, KMOD_LSHIFT); /* '?' on a US keyboard */
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 1 && u.ch == '?');
  e = key_event(SDLK_EQUALS, KMOD_LCTRL | KMOD_LSHIFT); /* Ctrl + '+' */
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 1 && u.ch == '+');
  e = key_event(SDLK_RETURN, 0);
  KT_CHECK(kk_input_translate(&e, 1, 0, &u) == 1 && u.key == KK_KEY_ENTER);
  e = key_event(SDLK_KP_3, 0);
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 1 && u.ch == '3');
  /* A focused field gets printable keys (and Space) as text only. */
  e = key_event(SDLK_1, 0);
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 1 && u.ch == '1');
  KT_CHECK(kk_input_translate(&e, 1, 0, &u) == 0);
  e = key_event(SDLK_SPACE, 0);
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 1 && u.key == KK_KEY_SPACE);
  KT_CHECK(kk_input_translate(&e, 1, 0, &u) == 0);
  e = key_event(SDLK_z, KMOD_LCTRL);
  KT_CHECK(kk_input_translate(&e, 1, 0, &u) == 1 && u.ch == 'z');
  e = key_event(SDLK_LSHIFT, KMOD_LSHIFT);
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 0);
}

static void test_other_events(void) {
  kk_UiEvent u;
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = SDL_TEXTEDITING;
  strcpy(e.edit.text, "きた");
  e.edit.start = 1;
  KT_CHECK(kk_input_translate(&e, 1, 0, &u) == 1);
  KT_CHECK(u.kind == KK_EV_EDIT && u.cursor == 1);
  KT_CHECK_STR(u.text, "きた");
  memset(&e, 0, sizeof e);
  e.type = SDL_MOUSEBUTTONUP;
  e.button.button = SDL_BUTTON_RIGHT;
  e.button.x = 10, e.button.y = 20;
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 1);
  KT_CHECK(u.kind == KK_EV_CLICK && u.button == 3 && u.x == 10 && u.y == 20);
  memset(&e, 0, sizeof e);
  e.type = SDL_MOUSEBUTTONDOWN; /* a press (a drag may follow); the click is the release */
  e.button.button = SDL_BUTTON_LEFT;
  e.button.x = 30, e.button.y = 40;
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 1);
  KT_CHECK(u.kind == KK_EV_PRESS && u.button == 1 && u.x == 30 && u.y == 40);
  memset(&e, 0, sizeof e);
  e.type = SDL_WINDOWEVENT;
  e.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
  e.window.data1 = 800, e.window.data2 = 600;
  KT_CHECK(kk_input_translate(&e, 0, 0, &u) == 1);
  KT_CHECK(u.kind == KK_EV_RESIZE && u.w == 800 && u.h == 600);
  SDL_Keycode k;
  int shift;
  KT_CHECK(kk_input_us_key('?', &k, &shift) && k == SDLK_SLASH && shift);
  KT_CHECK(kk_input_us_key('A', &k, &shift) && k == SDLK_a && shift);
  KT_CHECK(kk_input_us_key('1', &k, &shift) && k == SDLK_1 && !shift);
  KT_CHECK(!kk_input_us_key(0x3042, &k, &shift));
}

/* ---- scripts -------------------------------------------------------------- */

/* this run's own folder (a name made from the pid could meet a leftover
** of another run, or another user's file) */
static char tmpdir[256];

static const char *write_tmp(const char *name, const char *text) {
  static char path[320];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
  return path;
}

static void check_script_error(const char *text, int line, int col, const char *what) {
  const char *path = write_tmp("bad.kks", text);
  kk_Script *s = NULL;
  kk_Err err;
  KT_CHECK(kk_script_load(path, &s, &err) == KK_ERR_PARSE);
  KT_CHECK(s == NULL);
  KT_CHECK(err.line == line && err.col == col);
  KT_CHECK(strstr(err.msg, what) != NULL);
  if (err.line != line || err.col != col)
    fprintf(stderr, "  got %d:%d %s\n", err.line, err.col, err.msg);
  unlink(path);
}

static void test_script_errors(void) {
  check_script_error("key Tab\nfrob 1\n", 2, 1, "unknown command");
  check_script_error("key NoSuchKey\n", 1, 14, "unknown key");
  check_script_error("  click 10\n", 1, 11, "X Y");
  check_script_error("text \"open\n", 1, 6, "unterminated");
  check_script_error("wait -5\n", 1, 8, "milliseconds");
  check_script_error("quit now\n", 1, 6, "unexpected text");
  check_script_error("screenshot\n", 1, 11, "file name");
  check_script_error("drag 1 2 3\n", 1, 11, "X0 Y0 X1 Y1");
}

/* Drains SDL's queue into types[] (and the text of text events). */
static int drain(Uint32 *types, int max, char *text, size_t tsize) {
  SDL_Event e;
  int n = 0;
  text[0] = '\0';
  while (SDL_PollEvent(&e)) {
    if (n < max) types[n] = e.type;
    n++;
    if (e.type == SDL_TEXTINPUT && strlen(text) + strlen(e.text.text) < tsize)
      strcat(text, e.text.text);
    if (e.type == SDL_TEXTEDITING_EXT) {
      snprintf(text, tsize, "%s", e.editExt.text);
      SDL_free(e.editExt.text);
    }
  }
  return n;
}

static void test_script_replay(void) {
  const char *path = write_tmp("ok.kks", "# comment\n"
                                         "key ctrl+z\n"
                                         "key 1\n"
                                         "text 北大西洋条約機構と集団的自衛権\n"
                                         "edit ほくたいせいようじょうやくきこう 3\n"
                                         "click 5 6 right\n"
                                         "wait 250\n"
                                         "screenshot out.png\n"
                                         "quit\n"
                                         "key Return\n");
  kk_Script *s = NULL;
  kk_Err err;
  KT_CHECK(kk_script_load(path, &s, &err) == KK_OK);
  unlink(path);
  if (!s) return;
  Uint32 t[8];
  char text[256];
  SDL_PumpEvents();
  drain(t, 8, text, sizeof text);
  kk_ScriptAction a = kk_script_step(s, NULL, 0);
  KT_CHECK(a.step == KK_SCRIPT_EVENTS && a.line == 2);
  KT_CHECK(drain(t, 8, text, sizeof text) == 2 && t[0] == SDL_KEYDOWN && t[1] == SDL_KEYUP);
  /* with a field focused, a printable key also types its text */
  a = kk_script_step(s, NULL, 1);
  KT_CHECK(drain(t, 8, text, sizeof text) == 3 && t[1] == SDL_TEXTINPUT);
  KT_CHECK_STR(text, "1");
  a = kk_script_step(s, NULL, 1);
  int n = drain(t, 8, text, sizeof text);
  KT_CHECK(n == 2); /* 45 bytes: two events, split between code points */
  KT_CHECK_STR(text, "北大西洋条約機構と集団的自衛権");
  a = kk_script_step(s, NULL, 1);
  KT_CHECK(drain(t, 8, text, sizeof text) == 1 && t[0] == SDL_TEXTEDITING_EXT);
  KT_CHECK_STR(text, "ほくたいせいようじょうやくきこう");
  a = kk_script_step(s, NULL, 0);
  KT_CHECK(drain(t, 8, text, sizeof text) == 3 && t[0] == SDL_MOUSEMOTION &&
           t[2] == SDL_MOUSEBUTTONUP);
  a = kk_script_step(s, NULL, 0);
  KT_CHECK(a.step == KK_SCRIPT_WAIT && a.wait_ms == 250);
  a = kk_script_step(s, NULL, 0);
  KT_CHECK(a.step == KK_SCRIPT_SCREENSHOT && a.path && strcmp(a.path, "out.png") == 0);
  a = kk_script_step(s, NULL, 0);
  KT_CHECK(drain(t, 8, text, sizeof text) == 1 && t[0] == SDL_QUIT);
  /* nothing runs after quit */
  KT_CHECK(kk_script_step(s, NULL, 0).step == KK_SCRIPT_DONE);
  kk_script_free(s);
}

/* ---- fonts ----------------------------------------------------------------- */

static void test_fonts(void) {
  if (!fonts) return;
  const char *fam = kk_fonts_family(fonts);
  KT_CHECK(strstr(fam, "JP") != NULL || strstr(fam, "Japan") != NULL);
  kk_TextMetrics m;
  kk_fonts_metrics(fonts, &m);
  /* CJK ideographs are one em wide */
  KT_CHECK(m.width(m.ud, 20, "北大西洋", strlen("北大西洋")) == 80);
  KT_CHECK(m.width(m.ud, 20, "", 0) == 0);
  KT_CHECK(m.width(m.ud, 20, "ab", 2) < m.width(m.ud, 20, "abcd", 4));
  KT_CHECK(m.line_height(m.ud, 20) >= 20 && m.ascent(m.ud, 20) > 0);
  /* U+2717 is not in the Japanese face: measured with the fallback face */
  KT_CHECK(m.width(m.ud, 20, "\xE2\x9C\x97", 3) > 0);
  /* one TTF_Font per size and style, kept */
  TTF_Font *a = kk_fonts_get(fonts, 18, 0), *b = kk_fonts_get(fonts, 18, 0);
  KT_CHECK(a && a == b && kk_fonts_get(fonts, 18, 1) != a);
}

/* A collection opened at a Chinese face is moved to its JP face, unless the
** user chose the face with --font PATH:INDEX. */
static void test_jp_face(void) {
  if (!fonts) return;
  kk_FontSpec reg, bold, fb;
  kk_Err err;
  if (kk_fonts_find(NULL, &reg, &bold, &fb, &err) != KK_OK) return;
  kk_Fonts *f = NULL;
  kk_Fonts *g = NULL;
  kk_FontSpec none;
  memset(&none, 0, sizeof none);
  TTF_Font *probe = TTF_OpenFontIndex(reg.path, 16, 0);
  long faces = probe ? TTF_FontFaces(probe) : 0;
  if (probe) TTF_CloseFont(probe);
  if (faces < 3) {
    fprintf(stderr, "  %s is not a collection: face choice not tested\n", reg.path);
    return;
  }
  kk_FontSpec other = reg;
  other.index = reg.index == 2 ? 1 : 2;
  KT_CHECK(kk_fonts_open(&other, &none, &none, &f, &err) == KK_OK);
  if (f) KT_CHECK(strstr(kk_fonts_family(f), "JP") != NULL);
  other.exact = 1;
  KT_CHECK(kk_fonts_open(&other, &none, &none, &g, &err) == KK_OK);
  if (g) KT_CHECK(strstr(kk_fonts_family(g), "JP") == NULL);
  kk_fonts_free(f);
  kk_fonts_free(g);
  /* PATH:INDEX parsing */
  char spec[1100];
  snprintf(spec, sizeof spec, "%s:3", reg.path);
  KT_CHECK(kk_fonts_find(spec, &other, &bold, &fb, &err) == KK_OK);
  KT_CHECK(other.index == 3 && other.exact && strcmp(other.path, reg.path) == 0);
  KT_CHECK(kk_fonts_find("/no/such/font.ttc:1", &other, &bold, &fb, &err) == KK_ERR_NOTFOUND);
}

/* ---- renderer ---------------------------------------------------------------- */

static void test_render(void) {
  if (!fonts) return;
  SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 320, 80, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
  kk_Render *rd = r ? kk_render_new(r, fonts) : NULL;
  KT_CHECK(rd != NULL);
  if (!rd) goto done;
  kk_DrawList dl;
  kk_draw_init(&dl);
  kk_draw_rect(&dl, (kk_Rect){0, 0, 320, 80}, (kk_Color){255, 255, 255, 255});
  kk_draw_text(&dl, 4, 4, 24, 0, (kk_Color){0, 0, 0, 255}, "記憶", strlen("記憶"));
  kk_draw_ime_rect(&dl, (kk_Rect){7, 8, 1, 20});
  kk_Rect ime = {0, 0, 0, 0};
  KT_CHECK(kk_render_list(rd, &dl, (kk_Color){0, 0, 0, 255}, &ime) == 1);
  KT_CHECK(ime.x == 7 && ime.h == 20);
  /* the text left dark pixels on the white rect */
  Uint32 *px = surf->pixels;
  int dark = 0;
  for (int y = 0; y < 40; y++)
    for (int x = 0; x < 60; x++) dark += (px[y * (surf->pitch / 4) + x] & 0xFF) < 128;
  KT_CHECK(dark > 20);
  kk_RenderStats st = kk_render_stats(rd);
  KT_CHECK(st.misses == 1 && st.hits == 0 && st.entries == 1);
  kk_render_list(rd, &dl, (kk_Color){0, 0, 0, 255}, NULL);
  st = kk_render_stats(rd);
  KT_CHECK(st.misses == 1 && st.hits == 1);
  /* the same text in another colour is another texture */
  kk_draw_reset(&dl);
  kk_draw_text(&dl, 4, 4, 24, 0, (kk_Color){200, 0, 0, 255}, "記憶", strlen("記憶"));
  kk_render_list(rd, &dl, (kk_Color){0, 0, 0, 255}, NULL);
  KT_CHECK(kk_render_stats(rd).misses == 2);
  /* bounded: many distinct strings evict the least recently used */
  for (int i = 0; i < KK_TEXT_CACHE_MAX + 40; i++) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "第%d条", i);
    kk_draw_reset(&dl);
    kk_draw_text(&dl, 0, 40, 12, 0, (kk_Color){0, 0, 0, 255}, buf, (size_t)n);
    kk_render_list(rd, &dl, (kk_Color){0, 0, 0, 255}, NULL);
  }
  st = kk_render_stats(rd);
  KT_CHECK(st.entries <= KK_TEXT_CACHE_MAX && st.evictions >= 40);
  kk_draw_free(&dl);
done:
  kk_render_free(rd);
  if (r) SDL_DestroyRenderer(r);
  SDL_FreeSurface(surf);
}

static void test_png(void) {
  const unsigned char rgba[2 * 3 * 4] = {255, 0, 0, 255, 0,  255, 0,  255, 0, 0, 255, 255,
                                         1,   2, 3, 255, 40, 50,  60, 255, 7, 8, 9,   255};
  char path[320];
  snprintf(path, sizeof path, "%s/shot.png", tmpdir);
  kk_Err err;
  KT_CHECK(kk_png_write(path, rgba, 3, 2, 12, &err) == KK_OK);
  png_image img;
  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  unsigned char back[sizeof rgba];
  KT_CHECK(png_image_begin_read_from_file(&img, path));
  img.format = PNG_FORMAT_RGBA;
  KT_CHECK(img.width == 3 && img.height == 2);
  KT_CHECK(png_image_finish_read(&img, NULL, back, 0, NULL));
  KT_CHECK(memcmp(back, rgba, sizeof rgba) == 0);
  unlink(path);
  KT_CHECK(kk_png_write("/nonexistent-dir/x.png", rgba, 3, 2, 12, &err) == KK_ERR_IO);
}

int main(void) {
  if (kt_tmpdir(tmpdir, sizeof tmpdir, "sdl") != 0) return kt_done();
  if (SDL_Init(SDL_INIT_EVENTS) != 0) {
    fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
    return 1;
  }
  kk_FontSpec reg, bold, fb;
  kk_Err err;
  if (kk_fonts_find(NULL, &reg, &bold, &fb, &err) == KK_OK &&
      kk_fonts_open(&reg, &bold, &fb, &fonts, &err) != KK_OK)
    fonts = NULL;
  if (!fonts) fprintf(stderr, "no Japanese font: font and renderer tests skipped\n");
  KT_RUN(test_keys);
  KT_RUN(test_other_events);
  KT_RUN(test_script_errors);
  KT_RUN(test_script_replay);
  KT_RUN(test_fonts);
  KT_RUN(test_jp_face);
  KT_RUN(test_render);
  KT_RUN(test_png);
  int have_fonts = fonts != NULL;
  kk_fonts_free(fonts);
  kk_fonts_shutdown();
  if (TTF_WasInit()) TTF_Quit();
  SDL_Quit();
  kt_rm_rf(tmpdir);
  int rc = kt_done();
  /* the font and renderer tests did not run: say skipped, not passed */
  if (rc == 0 && !have_fonts)
    return kt_skip("no Japanese font: font and renderer tests did not run (fonts-noto-cjk)");
  return rc;
}
