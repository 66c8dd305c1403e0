/*
** uiscreen.c -- the core's screens (kk_Ui) as the loop's kk_Screen: the
** host (decks, store) behind them, settings saved when they change, and
** for `kioku preview` the deck file watched and reloaded.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/base/alloc.h"
#include "core/base/i18n.h"
#include "core/deck/load.h"
#include "core/ui/ui.h"
#include "sdl/host.h"
#include "sdl/screen.h"

static void print_err(const kk_Err *e) {
  char buf[1200];
  kk_err_format(e, buf, sizeof buf);
  fprintf(stderr, "%s\n", buf);
}

#define WATCH_MS 500

struct kk_CoreScreen {
  kk_Ui *ui;
  kk_Host *host;
  kk_Diags diags;    /* problems found loading the decks */
  char notice[1200]; /* shown on home */
  /* preview: the deck file, watched for changes */
  const char *pv_path;
  kk_Deck *pv_deck;
  kk_Diags pv_diags;
  struct timespec pv_mtime;
  off_t pv_size;
  int64_t pv_next_ms;
  int64_t now_ms;
  int syncing;          /* a sync folder is remembered */
  int64_t sync_next_ms; /* the next periodic sync */
  /* the loop's frame-and-poll while the UI waits on a long task */
  int (*pump)(void *ud, double done);
  void *pump_ud;
};
typedef struct kk_CoreScreen Core;

static void pv_load(Core *c) {
  kk_Deck *d = NULL;
  kk_Diags diags;
  kk_diags_init(&diags, 200);
  kk_deck_load_file(c->pv_path, &diags, &d);
  kk_diags_sort(&diags);
  kk_deck_free(c->pv_deck);
  kk_diags_free(&c->pv_diags);
  c->pv_deck = d;
  c->pv_diags = diags;
  if (c->ui) kk_ui_set_preview(c->ui, c->pv_deck, &c->pv_diags);
}

/* 1 if the preview file changed since the last look. */
static int pv_changed(Core *c) {
  struct stat sb;
  if (stat(c->pv_path, &sb) != 0) return 0;
  int changed = sb.st_mtim.tv_sec != c->pv_mtime.tv_sec ||
                sb.st_mtim.tv_nsec != c->pv_mtime.tv_nsec || sb.st_size != c->pv_size;
  c->pv_mtime = sb.st_mtim;
  c->pv_size = sb.st_size;
  return changed;
}

/* The UI waits on a long task (the FSRS fit): the loop draws and reads
** Escape. */
static int core_busy(void *ud, double done) {
  Core *c = ud;
  return c->pump ? c->pump(c->pump_ud, done) : 0;
}

void kk_core_screen_set_pump(kk_CoreScreen *c, int (*pump)(void *ud, double done), void *ud) {
  c->pump = pump;
  c->pump_ud = ud;
}

static unsigned core_handle(void *ud, const kk_UiEvent *ev) {
  Core *c = ud;
  c->now_ms = ev->now_ms;
  unsigned out = 0;
  if (c->pv_path && ev->kind == KK_EV_TICK && ev->now_ms >= c->pv_next_ms) {
    c->pv_next_ms = ev->now_ms + WATCH_MS;
    if (pv_changed(c)) {
      pv_load(c);
      out |= KK_SCREEN_REDRAW;
    }
  }
  if (c->syncing && ev->kind == KK_EV_TICK && ev->now_ms >= c->sync_next_ms) {
    /* the result replaces home's notice line in place (cfg.notice borrows it) */
    c->sync_next_ms = ev->now_ms + KK_HOST_SYNC_EVERY_MS;
    kk_host_sync(c->host, ev->now_ms, c->notice, sizeof c->notice);
    out |= KK_SCREEN_REDRAW;
  }
  unsigned f = kk_ui_handle(c->ui, ev);
  if (f & KK_UIF_REDRAW) out |= KK_SCREEN_REDRAW;
  if (f & KK_UIF_QUIT) out |= KK_SCREEN_QUIT;
  if (f & KK_UIF_FULLSCREEN) out |= KK_SCREEN_FULLSCREEN;
  if (f & KK_UIF_SETTINGS) {
    out |= KK_SCREEN_SETTINGS;
    kk_Err e;
    if (c->host &&
        kk_host_save_settings(c->host, kk_ui_dark(c->ui), kk_ui_zoom_pct(c->ui), &e) != KK_OK)
      print_err(&e);
  }
  return out;
}

static void core_draw(void *ud, int w, int h, float scale, const kk_TextMetrics *tm,
                      kk_DrawList *dl) {
  kk_ui_draw(((Core *)ud)->ui, w, h, scale, tm, dl);
}

static int core_text_input(void *ud) { return kk_ui_text_input_active(((Core *)ud)->ui); }

static int64_t core_next_tick(void *ud) {
  Core *c = ud;
  int64_t t = kk_ui_next_tick_ms(c->ui);
  if (c->pv_path) {
    if (!c->pv_next_ms) c->pv_next_ms = c->now_ms + WATCH_MS;
    if (!t || c->pv_next_ms < t) t = c->pv_next_ms;
  }
  if (c->syncing) {
    if (!c->sync_next_ms) c->sync_next_ms = c->now_ms + KK_HOST_SYNC_EVERY_MS;
    if (!t || c->sync_next_ms < t) t = c->sync_next_ms;
  }
  return t;
}

static kk_Color core_background(void *ud) {
  return kk_ui_dark(((Core *)ud)->ui) ? (kk_Color){30, 31, 34, 255}
                                      : (kk_Color){250, 250, 247, 255};
}

void kk_core_screen_free(kk_CoreScreen *c) {
  if (!c) return;
  /* on quit: what was studied goes to the folder */
  if (c->syncing) kk_host_sync(c->host, c->now_ms, c->notice, sizeof c->notice);
  kk_ui_free(c->ui);
  kk_host_free(c->host);
  kk_deck_free(c->pv_deck);
  kk_diags_free(&c->pv_diags);
  kk_diags_free(&c->diags);
  kk_free(c);
}

/* Builds the core screens for opt's mode; problems loading decks are
** printed (the home screen still opens with the decks that loaded). */
kk_Status kk_core_screen_new(const kk_AppOptions *opt, int64_t now_ms, kk_Screen *s,
                             kk_CoreScreen **out, kk_Err *err) {
  Core *c = kk_calloc(1, sizeof *c);
  if (!c) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
  c->now_ms = now_ms;
  kk_diags_init(&c->diags, 200);
  kk_diags_init(&c->pv_diags, 200);
  kk_UiConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  if (opt->mode == KK_APP_PREVIEW) {
    c->pv_path = opt->paths[0];
    pv_changed(c);
    pv_load(c);
    cfg.start = KK_UI_PREVIEW;
    cfg.preview_deck = c->pv_deck;
    cfg.preview_diags = &c->pv_diags;
    cfg.preview_path = c->pv_path;
  } else {
    kk_HostOptions ho = {
        opt->paths,   opt->npaths, opt->deck_dirs, opt->ndeck_dirs, opt->mode == KK_APP_DRILL,
        opt->data_dir};
    kk_Status st = kk_host_new(&ho, &c->diags, &c->host, err);
    kk_diags_print(&c->diags, stderr);
    if (st != KK_OK) {
      kk_core_screen_free(c);
      return st;
    }
    cfg.decks = kk_host_decks(c->host, &cfg.ndecks);
    cfg.bad_decks = kk_host_bad_decks(c->host, &cfg.nbad_decks);
    cfg.host = kk_host_ui(c->host);
    const char *created = kk_host_created_store(c->host);
    if (created) {
      /* a mistyped --data-dir must not pass silently */
      snprintf(c->notice, sizeof c->notice, _("Created a new progress store at %s"), created);
      fprintf(stderr, _("kioku: created a new progress store at %s\n"), created);
      cfg.notice = c->notice;
    } else if (kk_host_sync(c->host, now_ms, c->notice, sizeof c->notice)) {
      c->syncing = 1; /* on start, then every few minutes and on quit */
      /* the next a period on (unset, the first tick synced again at once
      ** and replaced the start's notice) */
      c->sync_next_ms = now_ms + KK_HOST_SYNC_EVERY_MS;
      cfg.notice = c->notice;
    }
    const char *journal = kk_host_journal_note(c->host);
    if (journal) {
      /* slower and less safe with two windows: say why, once, on home */
      char line[600];
      snprintf(line, sizeof line, _("No write-ahead log: %s"), journal);
      size_t n = strlen(c->notice);
      snprintf(c->notice + n, sizeof c->notice - n, "%s%s", n ? ". " : "", line);
      fprintf(stderr, "kioku: warning: %s\n", journal);
      cfg.notice = c->notice;
    }
    cfg.busy = core_busy;
    cfg.busy_ud = c;
    cfg.start = opt->mode == KK_APP_DRILL ? KK_UI_DRILL : KK_UI_HOME;
    kk_host_settings(c->host, &cfg.dark, &cfg.zoom_pct);
    if (opt->mode == KK_APP_DRILL && cfg.ndecks == 0) {
      kk_core_screen_free(c);
      return kk_err_set(err, KK_ERR_INVALID, opt->paths[0], 0, 0, "no deck could be loaded");
    }
  }
  const char *dark = getenv("KIOKU_DARK");
  if (dark && *dark) cfg.dark = strcmp(dark, "1") == 0;
  c->ui = kk_ui_new(&cfg);
  if (!c->ui) {
    kk_core_screen_free(c);
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
  }
  *s = (kk_Screen){c, core_handle, core_draw, core_text_input, core_next_tick, core_background};
  *out = c;
  return KK_OK;
}

void kk_core_screen_saved_size(kk_CoreScreen *c, int *w, int *h) {
  *w = *h = 0;
  if (c->host) kk_host_window_size(c->host, w, h);
}

void kk_core_screen_save_size(kk_CoreScreen *c, int w, int h) {
  kk_Err e;
  if (c->host && kk_host_save_window_size(c->host, w, h, &e) != KK_OK) print_err(&e);
}
