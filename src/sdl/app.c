/*
** app.c -- the trainer window: SDL setup, the event loop, scripted replay.
**
**   clock       sdl/clock.h (KIOKU_NOW_MS plus the script's waits only in
**               the test executable)
**   window      SDL init, window + renderer (software under dummy/offscreen)
**   loop        wait for events, translate, hand to the screen, redraw if
**               the draw list changed, text input on only while wanted
*/
#define _POSIX_C_SOURCE 200809L
#include "sdl/app.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/base/i18n.h"
#include "core/ui/draw.h"
#include "core/ui/ui.h"
#include "sdl/font.h"
#include "sdl/clock.h"
#include "sdl/input.h"
#include "sdl/render.h"
#include "sdl/screen.h"
#include "sdl/script.h"

/* ---- clock ----------------------------------------------------------------- */

typedef kk_WallClock Clock;

/* The system's time, for trace lines a launcher compares with its own. */
static int64_t wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Peak resident set size in kB (VmHWM), 0 if unknown. */
static long peak_rss_kb(void) {
  long kb = 0;
  char line[256];
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return 0;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmHWM:", 6) == 0) kb = strtol(line + 6, NULL, 10);
  fclose(f);
  return kb;
}

static int64_t clock_now(const Clock *c) { return kk_wallclock_now_ms(c); }

/* ---- the window ------------------------------------------------------------ */

typedef struct {
  SDL_Window *win;
  SDL_Renderer *ren;
  kk_Fonts *fonts;
  kk_Render *rd;
  kk_TextMetrics tm;
  kk_DrawList dl;
  kk_Screen screen;
  Clock clock;
  kk_Script *script;
  float scale;    /* device pixels per window coordinate (HiDPI backing) */
  float ui_scale; /* device pixels per point for the screens' sizes */
  int out_w, out_h;
  uint64_t shown_hash;  /* hash of the draw list on screen, 0 none */
  kk_Rect ime;          /* last IME rect sent to SDL */
  int64_t script_until; /* real-clock script wait: resume at this time */
  int exit_code;
  int trace;            /* KIOKU_TRACE=1: timings and memory on stderr */
  int mouse_x, mouse_y; /* last pointer position seen (window coordinates) */
  double t0_ms;         /* monotonic start, for KIOKU_TRACE phase times */
  int first_shown;
  double pump_ms; /* when pump() last drew */
} App;

static void print_err(const kk_Err *e) {
  char buf[1200];
  kk_err_format(e, buf, sizeof buf);
  fprintf(stderr, "%s\n", buf);
}

static int use_software(void) {
  const char *drv = SDL_GetCurrentVideoDriver();
  const char *env = getenv("KIOKU_RENDERER");
  if (env && strcmp(env, "software") == 0) return 1;
  return drv && (strcmp(drv, "dummy") == 0 || strcmp(drv, "offscreen") == 0);
}

static void trace_phase(const App *a, const char *what) {
  if (a->trace) fprintf(stderr, "kioku: %7.1f ms  %s\n", mono_ms() - a->t0_ms, what);
}

static void update_scale(App *a) {
  int ww = 0, wh = 0;
  SDL_GetWindowSize(a->win, &ww, &wh);
  SDL_GetRendererOutputSize(a->ren, &a->out_w, &a->out_h);
  a->scale = ww > 0 ? (float)a->out_w / (float)ww : 1.0f;
  if (a->scale <= 0) a->scale = 1.0f;
  /* Where the system does not scale the backing store (X11), a clearly
  ** HiDPI display still gets larger type: dpi / 96 in quarter steps.
  ** KIOKU_SCALE overrides (and lets tests render HiDPI headlessly). */
  float extra = 1.0f, hdpi = 0, vdpi = 0;
  const char *env = getenv("KIOKU_SCALE");
  if (env && *env) {
    extra = strtof(env, NULL);
    if (extra < 0.5f || extra > 4.0f) extra = 1.0f;
  } else if (a->scale == 1.0f &&
             SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(a->win), NULL, &hdpi, &vdpi) == 0 &&
             hdpi >= 144.0f && hdpi < 600.0f) {
    extra = (float)(int)(hdpi / 96.0f * 4.0f + 0.5f) / 4.0f;
  }
  a->ui_scale = a->scale * extra;
}

/* The window icon: the card with 記 of assets/kioku.svg, drawn with the
** Japanese face (no SVG rasteriser needed at run time). */
static void set_icon(App *a) {
  SDL_Surface *icon = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
  if (!icon) return;
  SDL_FillRect(icon, NULL, SDL_MapRGBA(icon->format, 0, 0, 0, 0));
  SDL_Rect back = {18, 4, 42, 52}, card = {6, 8, 44, 52}, bar = {6, 52, 44, 4};
  SDL_FillRect(icon, &back, SDL_MapRGBA(icon->format, 26, 115, 232, 255));
  SDL_FillRect(icon, &card, SDL_MapRGBA(icon->format, 250, 250, 247, 255));
  SDL_FillRect(icon, &bar, SDL_MapRGBA(icon->format, 26, 115, 232, 255));
  TTF_Font *font = kk_fonts_get(a->fonts, 34, 1);
  SDL_Surface *glyph =
      font ? TTF_RenderUTF8_Blended(font, "\xE8\xA8\x98", (SDL_Color){32, 33, 36, 255}) : NULL;
  if (glyph) {
    SDL_Rect at = {6 + (44 - glyph->w) / 2, 8 + (44 - glyph->h) / 2, glyph->w, glyph->h};
    SDL_SetSurfaceBlendMode(glyph, SDL_BLENDMODE_BLEND);
    SDL_BlitSurface(glyph, NULL, icon, &at);
    SDL_FreeSurface(glyph);
  }
  SDL_SetWindowIcon(a->win, icon);
  SDL_FreeSurface(icon);
}

/* Builds the frame; draws and presents it if it differs from the one on
** screen (or force).  Keeps SDL text input and the IME rect in step. */
static void frame(App *a, int force, int present) {
  kk_draw_reset(&a->dl);
  a->screen.draw(a->screen.ud, a->out_w, a->out_h, a->ui_scale, &a->tm, &a->dl);
  uint64_t h = a->dl.hash ^ ((uint64_t)a->out_w << 32) ^ (uint64_t)a->out_h;
  if (h == 0) h = 1;
  if (force || h != a->shown_hash) {
    kk_Rect ime;
    int have = kk_render_list(a->rd, &a->dl, a->screen.background(a->screen.ud), &ime);
    if (present) SDL_RenderPresent(a->ren);
    a->shown_hash = present ? h : 0;
    if (present && a->trace && !a->first_shown) {
      a->first_shown = 1;
      /* Epoch ms, so a launcher can subtract its own start time. */
      trace_phase(a, "first frame presented");
      fprintf(stderr, "kioku: first frame presented at %lld\n", (long long)wall_ms());
    }
    if (have && memcmp(&ime, &a->ime, sizeof ime) != 0) {
      /* SDL wants window coordinates; the list is in device pixels. */
      SDL_Rect r = {(int)(ime.x / a->scale), (int)(ime.y / a->scale), (int)(ime.w / a->scale),
                    (int)(ime.h / a->scale)};
      SDL_SetTextInputRect(&r);
      a->ime = ime;
    }
  }
  int want = a->screen.text_input(a->screen.ud);
  if (want && !SDL_IsTextInputActive())
    SDL_StartTextInput();
  else if (!want && SDL_IsTextInputActive())
    SDL_StopTextInput();
}

/* Hands one SDL event to the screen; returns the screen's bits. */
static unsigned dispatch(App *a, SDL_Event *ev) {
  unsigned bits = 0;
  kk_UiEvent ue;
  if (ev->type == SDL_WINDOWEVENT) {
    if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) update_scale(a);
    if (ev->window.event == SDL_WINDOWEVENT_EXPOSED) a->shown_hash = 0;
  }
  if (ev->type == SDL_MOUSEMOTION) a->mouse_x = ev->motion.x, a->mouse_y = ev->motion.y;
  /* Ctrl+V in a text field pastes the clipboard's first line as typed text. */
  if (ev->type == SDL_KEYDOWN && ev->key.keysym.sym == SDLK_v &&
      (ev->key.keysym.mod & (KMOD_CTRL | KMOD_GUI)) && SDL_IsTextInputActive()) {
    char *clip = SDL_HasClipboardText() ? SDL_GetClipboardText() : NULL;
    if (clip) {
      clip[strcspn(clip, "\r\n")] = '\0';
      memset(&ue, 0, sizeof ue);
      ue.kind = KK_EV_TEXT;
      ue.text = clip;
      ue.now_ms = clock_now(&a->clock);
      if (clip[0]) bits = a->screen.handle(a->screen.ud, &ue);
      SDL_free(clip);
      return bits;
    }
  }
  if (kk_input_translate(ev, SDL_IsTextInputActive(), clock_now(&a->clock), &ue)) {
    /* The wheel comes without a position: use the last motion seen (SDL's
    ** own mouse state does not follow scripted motion). */
    if (ue.kind == KK_EV_WHEEL) ue.x = a->mouse_x, ue.y = a->mouse_y;
    /* The core works in device pixels. */
    if (ue.kind == KK_EV_CLICK || ue.kind == KK_EV_PRESS || ue.kind == KK_EV_MOVE ||
        ue.kind == KK_EV_WHEEL) {
      ue.x = (int)(ue.x * a->scale);
      ue.y = (int)(ue.y * a->scale);
    } else if (ue.kind == KK_EV_RESIZE) {
      ue.w = a->out_w;
      ue.h = a->out_h;
    }
    bits = a->screen.handle(a->screen.ud, &ue);
  }
  if (ev->type == SDL_TEXTEDITING_EXT) SDL_free(ev->editExt.text);
  if (bits & KK_SCREEN_FULLSCREEN) {
    Uint32 fl = SDL_GetWindowFlags(a->win);
    SDL_SetWindowFullscreen(
        a->win, (fl & SDL_WINDOW_FULLSCREEN_DESKTOP) ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
  }
  return bits;
}

static void tick(App *a) {
  kk_UiEvent ue;
  memset(&ue, 0, sizeof ue);
  ue.kind = KK_EV_TICK;
  ue.now_ms = clock_now(&a->clock);
  a->screen.handle(a->screen.ud, &ue);
}

static int queue_empty(void) {
  SDL_PumpEvents();
  return SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) <= 0;
}

/* Runs the script's next command when everything before it has been
** handled and drawn.  Returns 0 when the script has ended. */
static int script_step(App *a) {
  if (a->script_until) {
    if (clock_now(&a->clock) < a->script_until) return 1;
    a->script_until = 0;
    tick(a);
    return 1;
  }
  kk_ScriptAction act = kk_script_step(a->script, a->win, SDL_IsTextInputActive());
  switch (act.step) {
  case KK_SCRIPT_EVENTS: break;
  case KK_SCRIPT_WAIT:
    if (kk_wallclock_advance(&a->clock, act.wait_ms)) {
      tick(a);
    } else {
      a->script_until = clock_now(&a->clock) + act.wait_ms;
    }
    break;
  case KK_SCRIPT_RESIZE: SDL_SetWindowSize(a->win, act.w, act.h); break;
  case KK_SCRIPT_SCREENSHOT: {
    kk_Err err;
    kk_err_clear(&err);
    frame(a, 1, 0);
    if (kk_render_screenshot(a->ren, act.path, &err) != KK_OK) {
      print_err(&err);
      a->exit_code = 1;
    }
    SDL_RenderPresent(a->ren);
    break;
  }
  case KK_SCRIPT_FRAMES: {
    /* Full frames (build the list, rasterise from the caches, present):
    ** what a change on the card screen costs after its first draw. */
    double worst = 0, t0 = mono_ms();
    for (int i = 0; i < act.w; i++) {
      double f0 = mono_ms();
      frame(a, 1, 1);
      double d = mono_ms() - f0;
      if (d > worst) worst = d;
    }
    double mean = (mono_ms() - t0) / act.w;
    kk_RenderStats st = kk_render_stats(a->rd);
    printf("frames: %d x %dx%d, mean %.3f ms, worst %.3f ms, %zu commands, "
           "text cache %u entries %zu kB\n",
           act.w, a->out_w, a->out_h, mean, worst, a->dl.n, st.entries, st.bytes / 1024);
    fflush(stdout);
    break;
  }
  case KK_SCRIPT_DONE: return 0;
  }
  return 1;
}

/* The event loop.  Blocks in SDL_WaitEvent unless the screen asked for a
** tick (then with a timeout) or a script is running (then it polls). */
static void loop(App *a) {
  int running = 1, scripting = a->script != NULL;
  int64_t ticked = 0; /* the tick time last delivered */
  /* The first event tells the screen its size (and starts a drill). */
  kk_UiEvent ue;
  memset(&ue, 0, sizeof ue);
  ue.kind = KK_EV_RESIZE;
  ue.w = a->out_w;
  ue.h = a->out_h;
  ue.now_ms = clock_now(&a->clock);
  if (a->screen.handle(a->screen.ud, &ue) & KK_SCREEN_QUIT) return;
  frame(a, 1, 1);
  while (running) {
    SDL_Event ev;
    int got;
    if (scripting && queue_empty()) {
      scripting = script_step(a);
      if (!scripting) break; /* end of script without `quit` */
      got = SDL_PollEvent(&ev);
      if (!got && a->script_until) {
        int64_t left = a->script_until - clock_now(&a->clock);
        if (left > 0) got = SDL_WaitEventTimeout(&ev, (int)(left < 100 ? left : 100));
      }
      if (!got) {
        frame(a, 0, 1);
        continue;
      }
    } else if (scripting) {
      got = SDL_PollEvent(&ev);
    } else {
      int64_t next = a->screen.next_tick(a->screen.ud);
      /* A tick already delivered for this time is not asked again (a
      ** screen that keeps a past time would otherwise spin the loop). */
      if (next > 0 && next != ticked) {
        int64_t wait = next - clock_now(&a->clock);
        got = wait > 0 ? SDL_WaitEventTimeout(&ev, (int)(wait > 60000 ? 60000 : wait))
                       : SDL_PollEvent(&ev);
        if (!got && clock_now(&a->clock) >= next) {
          tick(a);
          ticked = next;
        }
      } else {
        got = SDL_WaitEvent(&ev);
      }
    }
    /* Handle everything queued, then draw once. */
    while (got) {
      if (dispatch(a, &ev) & KK_SCREEN_QUIT) running = 0;
      got = SDL_PollEvent(&ev);
    }
    if (running) frame(a, 0, 1);
  }
}

/* While the core waits on a long task: a frame at most every 50 ms, and
** Escape or a closed window cancels it (a closed window also ends the
** loop afterwards).  Other input meanwhile is dropped. */
static int pump(void *ud, double done) {
  App *a = ud;
  double t = mono_ms();
  if (t - a->pump_ms >= 50 || done <= 0) {
    frame(a, 0, 1);
    a->pump_ms = t;
  }
  int cancel = 0;
  SDL_Event ev;
  while (SDL_PollEvent(&ev)) {
    if (ev.type == SDL_QUIT) {
      cancel = 1;
      SDL_PushEvent(&ev); /* the loop quits once the task has stopped */
      break;
    }
    if (ev.type == SDL_KEYDOWN && ev.key.keysym.sym == SDLK_ESCAPE) cancel = 1;
    if (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
      update_scale(a);
    if (ev.type == SDL_TEXTEDITING_EXT) SDL_free(ev.editExt.text);
  }
  return cancel;
}

/* ---- run ------------------------------------------------------------------- */

int kk_app_run(const kk_AppOptions *opt) {
  App a;
  memset(&a, 0, sizeof a);
  kk_Err err;
  kk_err_clear(&err);
  kk_draw_init(&a.dl);
  a.exit_code = 0;
  const char *trace = getenv("KIOKU_TRACE");
  a.trace = trace && *trace && strcmp(trace, "0") != 0;
  kk_wallclock_init(&a.clock);
  int sdl_up = 0, screen_up = 0;
  kk_CoreScreen *core = NULL;
  kk_ExamScreen *exam = NULL;
  kk_FontSpec reg, bold, fallback;
  if (opt->script && kk_script_load(opt->script, &a.script, &err) != KK_OK) goto fail_err;
  a.t0_ms = mono_ms();
  if (kk_fonts_find(opt->font, &reg, &bold, &fallback, &err) != KK_OK) goto fail_err;
  trace_phase(&a, "fontconfig match");
  /* Decks and store first: their errors come before any window opens. */
  if (opt->mode == KK_APP_TEST) {
    if (kk_test_screen_new(&a.screen) != 0) {
      kk_err_set(&err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
      goto fail_err;
    }
    screen_up = 1;
  } else if (opt->mode == KK_APP_EXAM) {
    if (kk_exam_screen_new(opt, &a.screen, &exam, &err) != KK_OK) goto fail_err;
  } else if (kk_core_screen_new(opt, clock_now(&a.clock), &a.screen, &core, &err) != KK_OK) {
    goto fail_err;
  } else {
    kk_core_screen_set_pump(core, pump, &a);
  }
  trace_phase(&a, "decks and store ready");

  SDL_SetHint(SDL_HINT_IME_SUPPORT_EXTENDED_TEXT, "1");
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    kk_err_set(&err, KK_ERR_IO, NULL, 0, 0, "cannot start SDL video: %s", SDL_GetError());
    goto fail_err;
  }
  sdl_up = 1;
  trace_phase(&a, "SDL video up");
  if (kk_fonts_open(&reg, &bold, &fallback, &a.fonts, &err) != KK_OK) goto fail_err;
  trace_phase(&a, "fonts open");
  kk_fonts_metrics(a.fonts, &a.tm);

  int w = opt->width, h = opt->height;
  if ((w <= 0 || h <= 0) && core) kk_core_screen_saved_size(core, &w, &h);
  if (w <= 0 || h <= 0) w = 960, h = 680;
  Uint32 wflags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
  /* an exam takes the whole screen unless asked otherwise (or scripted) */
  if (opt->mode == KK_APP_EXAM && !opt->windowed && !opt->script && opt->width <= 0)
    wflags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  a.win = SDL_CreateWindow("Kioku", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, wflags);
  if (!a.win) {
    kk_err_set(&err, KK_ERR_IO, NULL, 0, 0, "cannot open a window: %s", SDL_GetError());
    goto fail_err;
  }
  SDL_SetWindowMinimumSize(a.win, KK_UI_WINDOW_MIN_W, KK_UI_WINDOW_MIN_H);
  set_icon(&a);
  if (opt->mode == KK_APP_PREVIEW) {
    char title[1100];
    snprintf(title, sizeof title, "Kioku \xE2\x80\x94 preview %s", opt->paths[0]);
    SDL_SetWindowTitle(a.win, title);
  }
  a.ren = SDL_CreateRenderer(a.win, -1, use_software() ? SDL_RENDERER_SOFTWARE : 0);
  if (!a.ren) a.ren = SDL_CreateRenderer(a.win, -1, SDL_RENDERER_SOFTWARE);
  if (!a.ren) {
    kk_err_set(&err, KK_ERR_IO, NULL, 0, 0, "cannot create a renderer: %s", SDL_GetError());
    goto fail_err;
  }
  a.rd = kk_render_new(a.ren, a.fonts);
  if (!a.rd) {
    kk_err_set(&err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
    goto fail_err;
  }
  update_scale(&a);
  if (a.trace) {
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(a.ren, &info) == 0)
      fprintf(stderr, "kioku: video %s, renderer %s, scale %.2f, font %s\n",
              SDL_GetCurrentVideoDriver(), info.name, (double)a.ui_scale, kk_fonts_family(a.fonts));
  }
  SDL_StopTextInput(); /* on by default in SDL2: only a focused field wants it */

  trace_phase(&a, "window up");
  loop(&a);
  /* Remember the window size for the next start. */
  if (core && !(SDL_GetWindowFlags(a.win) & (SDL_WINDOW_FULLSCREEN | SDL_WINDOW_MAXIMIZED))) {
    int ww = 0, wh = 0;
    SDL_GetWindowSize(a.win, &ww, &wh);
    kk_core_screen_save_size(core, ww, wh);
  }
  goto done;

fail_err:
  print_err(&err);
  a.exit_code = 1;
done:
  if (a.trace) {
    if (a.rd) {
      kk_RenderStats st = kk_render_stats(a.rd);
      fprintf(stderr, "kioku: text cache %u hits, %u misses, %u evictions\n", st.hits, st.misses,
              st.evictions);
    }
    fprintf(stderr, "kioku: peak RSS %ld kB\n", peak_rss_kb());
  }
  if (screen_up) kk_test_screen_free(a.screen.ud);
  kk_core_screen_free(core);
  kk_exam_screen_free(exam);
  kk_render_free(a.rd);
  kk_draw_free(&a.dl);
  if (a.ren) SDL_DestroyRenderer(a.ren);
  if (a.win) SDL_DestroyWindow(a.win);
  kk_fonts_free(a.fonts);
  kk_fonts_shutdown();
  kk_script_free(a.script);
  if (TTF_WasInit()) TTF_Quit();
  if (sdl_up) SDL_Quit();
  return a.exit_code;
}
