/*
** host.c -- decks, session and progress behind the screens.
**
**   decks       bundled folder, file/folder expansion, loading
**   progress    per-item state and this run's log, in memory
**   schedule    a stand-in scheduler (learning steps, then growing
**               intervals) until the FSRS scheduler is wired in here
**   callbacks   kk_UiHost
*/
#define _XOPEN_SOURCE 700
#include "sdl/host.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/load.h"

#define MIN_MS 60000.0
#define DAY_MS 86400000.0
#define NDAYS 30
#define HEAT_DAYS (7 * 26)

typedef struct {
  size_t deck;
  const kk_Card *card;
  size_t item;
  kk_CardState st;
} Item;

typedef struct {
  size_t item;
  kk_CardState before;
  int64_t time_ms;
  kk_Rating rating;
  int queue_pos; /* where the item was re-queued (-1 none), for undo */
} Review;

struct kk_Host {
  kk_Deck **decks;
  size_t ndecks;
  Item *items;
  size_t nitems;
  size_t *queue; /* session: item indices still to show, in order */
  size_t nqueue, qcap;
  Review *log; /* this run's answers, oldest first */
  size_t nlog, logcap;
  kk_UiBar *bars;
  int per_day[NDAYS], forecast[NDAYS], heat[HEAT_DAYS];
};

/* ---- decks ------------------------------------------------------------------ */

static int is_dir(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

void kk_host_bundled_dir(char *buf, size_t size) {
  buf[0] = '\0';
  const char *env = getenv("KIOKU_DECKS_DIR");
  if (env && *env) {
    snprintf(buf, size, "%s", env);
    return;
  }
  char exe[1024];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return;
  *slash = '\0';
  /* build tree inside the source tree; installed prefix/bin */
  static const char *const rel[] = {"/../decks", "/../share/kioku/decks", "/decks"};
  for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
    char cand[1200];
    snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
    if (is_dir(cand)) {
      char *real = realpath(cand, NULL);
      snprintf(buf, size, "%s", real ? real : cand);
      free(real);
      return;
    }
  }
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_yaml(const char *name) {
  size_t n = strlen(name);
  return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
         (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static kk_Status add_deck(kk_Host *h, const char *path, kk_Diags *diags) {
  kk_Deck *d = NULL;
  if (kk_deck_load_file(path, diags, &d) != KK_OK || !d) return KK_OK; /* skipped */
  kk_Deck **nd = kk_realloc(h->decks, (h->ndecks + 1) * sizeof *nd);
  if (!nd) {
    kk_deck_free(d);
    return KK_ERR_NOMEM;
  }
  h->decks = nd;
  h->decks[h->ndecks++] = d;
  return KK_OK;
}

static kk_Status add_path(kk_Host *h, const char *path, kk_Diags *diags) {
  if (!is_dir(path)) return add_deck(h, path, diags);
  DIR *dir = opendir(path);
  if (!dir) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, "cannot read the folder");
    return KK_OK;
  }
  char **names = NULL;
  size_t n = 0;
  kk_Status st = KK_OK;
  struct dirent *de;
  while ((de = readdir(dir))) {
    if (de->d_name[0] == '.' || !ends_yaml(de->d_name)) continue;
    char **nn = kk_realloc(names, (n + 1) * sizeof *nn);
    size_t len = strlen(path) + strlen(de->d_name) + 2;
    char *full = nn ? kk_malloc(len) : NULL;
    if (!full) {
      if (nn) names = nn;
      st = KK_ERR_NOMEM;
      break;
    }
    names = nn;
    snprintf(full, len, "%s/%s", path, de->d_name);
    names[n++] = full;
  }
  closedir(dir);
  if (n) qsort(names, n, sizeof *names, cmp_str);
  for (size_t i = 0; i < n; i++) {
    if (st == KK_OK) st = add_deck(h, names[i], diags);
    kk_free(names[i]);
  }
  kk_free(names);
  return st;
}

kk_Status kk_host_new(const char *const *paths, size_t n, kk_Diags *diags,
                      kk_Host **out, kk_Err *err) {
  *out = NULL;
  kk_Host *h = kk_calloc(1, sizeof *h);
  if (!h) goto nomem;
  for (size_t i = 0; i < n; i++)
    if (add_path(h, paths[i], diags) != KK_OK) goto nomem;
  size_t total = 0;
  for (size_t d = 0; d < h->ndecks; d++)
    for (size_t c = 0; c < kk_deck_card_count(h->decks[d]); c++)
      total += kk_card_item_count(kk_deck_card(h->decks[d], c));
  h->items = kk_calloc(total ? total : 1, sizeof *h->items);
  h->bars = kk_calloc(h->ndecks ? h->ndecks : 1, sizeof *h->bars);
  if (!h->items || !h->bars) goto nomem;
  for (size_t d = 0; d < h->ndecks; d++)
    for (size_t c = 0; c < kk_deck_card_count(h->decks[d]); c++) {
      const kk_Card *card = kk_deck_card(h->decks[d], c);
      for (size_t i = 0; i < kk_card_item_count(card); i++)
        h->items[h->nitems++] = (Item){d, card, i, {0}};
    }
  *out = h;
  return KK_OK;
nomem:
  kk_host_free(h);
  return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

void kk_host_free(kk_Host *h) {
  if (!h) return;
  for (size_t i = 0; i < h->ndecks; i++) kk_deck_free(h->decks[i]);
  kk_free(h->decks);
  kk_free(h->items);
  kk_free(h->queue);
  kk_free(h->log);
  kk_free(h->bars);
  kk_free(h);
}

kk_Deck *const *kk_host_decks(const kk_Host *h, size_t *n) {
  *n = h->ndecks;
  return h->decks;
}

/* ---- schedule ------------------------------------------------------------------
** Stand-in until the FSRS scheduler is wired here: learning steps 1m 10m;
** graduating gives the FSRS-6 initial stabilities (Good 2.3 d, Easy 8.3 d)
** as days; reviews grow by 1.2 / 2.5 / 3.25; a lapse relearns for 10m. */

static kk_CardState next_state(const kk_CardState *s, kk_Rating r, int64_t now) {
  kk_CardState n = *s;
  static const double steps_min[2] = {1, 10};
  double days;
  n.reps++;
  n.last_review_ms = now;
  if (s->phase == KK_PHASE_NEW || s->phase == KK_PHASE_LEARNING) {
    int k = s->phase == KK_PHASE_NEW ? 0 : s->step;
    if (r == KK_EASY || (r == KK_GOOD && k + 1 >= 2)) {
      n.phase = KK_PHASE_REVIEW;
      days = r == KK_EASY ? 8.2956 : 2.3065;
      n.step = 0;
    } else {
      n.phase = KK_PHASE_LEARNING;
      n.step = r == KK_AGAIN ? 0 : r == KK_HARD ? k : k + 1;
      days = (r == KK_HARD && k == 0 ? 6 : steps_min[n.step]) * MIN_MS / DAY_MS;
    }
  } else if (s->phase == KK_PHASE_RELEARNING) {
    if (r == KK_AGAIN) {
      days = 10 * MIN_MS / DAY_MS;
    } else {
      n.phase = KK_PHASE_REVIEW;
      double base = s->interval_days > 1 ? s->interval_days : 1;
      days = r == KK_EASY ? base : base * 0.5 < 1 ? 1 : base * 0.5;
    }
  } else {
    double base = s->interval_days > 1 ? s->interval_days : 1;
    if (r == KK_AGAIN) {
      n.phase = KK_PHASE_RELEARNING;
      n.lapses++;
      n.step = 0;
      days = 10 * MIN_MS / DAY_MS;
      n.interval_days = base; /* remembered for after relearning */
      n.due_ms = now + (int64_t)(days * DAY_MS);
      return n;
    }
    days = r == KK_HARD ? base * 1.2 : r == KK_GOOD ? base * 2.5 : base * 3.25;
    if (days < base + 1 && r != KK_HARD) days = base + 1;
  }
  if (days > 36500) days = 36500;
  n.interval_days = days;
  n.due_ms = now + (int64_t)(days * DAY_MS);
  return n;
}

/* ---- callbacks -------------------------------------------------------------- */

static int is_due(const Item *it, int64_t now) {
  return it->st.phase != KK_PHASE_NEW && it->st.due_ms <= now;
}

static void cb_deck_counts(void *ud, size_t deck, int64_t now, kk_UiDeckCounts *out) {
  kk_Host *h = ud;
  memset(out, 0, sizeof *out);
  int known = 0;
  for (size_t i = 0; i < h->nitems; i++) {
    const Item *it = &h->items[i];
    if (it->deck != deck) continue;
    out->total++;
    if (it->st.phase == KK_PHASE_NEW) out->new_count++;
    else if (it->st.phase == KK_PHASE_REVIEW) {
      known++;
      if (is_due(it, now)) out->due++;
    } else if (it->st.due_ms <= now + (int64_t)DAY_MS) out->learning++;
  }
  int limit = kk_deck_settings(h->decks[deck])->new_per_day;
  if (limit < 0) limit = 20;
  if (out->new_count > limit) out->new_count = limit;
  out->mastery = out->total ? (double)known / out->total : 0;
}

static void cb_today(void *ud, int64_t now, kk_UiToday *out) {
  kk_Host *h = ud;
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < h->nlog; i++) {
    if (now - h->log[i].time_ms > (int64_t)DAY_MS) continue;
    out->reviewed++;
    if (h->log[i].rating != KK_AGAIN) out->correct++;
  }
  out->streak_days = out->reviewed ? 1 : 0;
  for (size_t d = 0; d < h->ndecks; d++) {
    const char *ex = kk_deck_settings(h->decks[d])->exam_date;
    if (ex && !out->exam_date) {
      int y, m, dd;
      out->exam_date = ex;
      if (sscanf(ex, "%d-%d-%d", &y, &m, &dd) == 3) {
        /* days from civil date (proleptic Gregorian) */
        y -= m <= 2;
        int64_t era = (y >= 0 ? y : y - 399) / 400;
        int64_t yoe = y - era * 400;
        int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
        int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        int64_t day = era * 146097 + doe - 719468;
        out->exam_days_left = (int)(day - now / (int64_t)DAY_MS);
      }
    }
  }
}

static int queue_push(kk_Host *h, size_t pos, size_t item) {
  if (h->nqueue == h->qcap) {
    size_t nc = h->qcap ? h->qcap * 2 : 64;
    size_t *nq = kk_realloc(h->queue, nc * sizeof *nq);
    if (!nq) return -1;
    h->queue = nq;
    h->qcap = nc;
  }
  if (pos > h->nqueue) pos = h->nqueue;
  memmove(h->queue + pos + 1, h->queue + pos, (h->nqueue - pos) * sizeof *h->queue);
  h->queue[pos] = item;
  h->nqueue++;
  return (int)pos;
}

static kk_Status cb_session_start(void *ud, const size_t *decks, size_t n, int64_t now,
                                  kk_Err *err) {
  kk_Host *h = ud;
  h->nqueue = 0;
  /* learning due, then reviews due, then new items up to each deck's limit,
  ** one item per card a day (siblings wait). */
  for (int pass = 0; pass < 3; pass++) {
    for (size_t k = 0; k < n; k++) {
      int limit = kk_deck_settings(h->decks[decks[k]])->new_per_day;
      if (limit < 0) limit = 20;
      const kk_Card *last = NULL;
      for (size_t i = 0; i < h->nitems; i++) {
        Item *it = &h->items[i];
        if (it->deck != decks[k] || it->st.suspended) continue;
        kk_Phase ph = it->st.phase;
        int take = pass == 0   ? (ph == KK_PHASE_LEARNING || ph == KK_PHASE_RELEARNING) && is_due(it, now)
                   : pass == 1 ? ph == KK_PHASE_REVIEW && is_due(it, now)
                               : ph == KK_PHASE_NEW && limit > 0 && it->card != last;
        if (!take) continue;
        if (pass == 2) limit--, last = it->card;
        if (queue_push(h, h->nqueue, i) < 0)
          return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
      }
    }
  }
  if (!h->nqueue)
    return kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0,
                      "nothing to study now: every card is done for today");
  return KK_OK;
}

static void to_ui(const kk_Host *h, size_t i, kk_UiItem *out) {
  const Item *it = &h->items[i];
  out->card = it->card;
  out->item = it->item;
  out->deck = it->deck;
  out->phase = it->st.phase;
}

static size_t find_item(const kk_Host *h, const kk_UiItem *u) {
  for (size_t i = 0; i < h->nitems; i++)
    if (h->items[i].card == u->card && h->items[i].item == u->item) return i;
  return (size_t)-1;
}

static int cb_session_next(void *ud, int64_t now, kk_UiItem *out) {
  kk_Host *h = ud;
  if (!h->nqueue) return 0;
  to_ui(h, h->queue[0], out);
  return 1;
}

static void cb_session_remaining(void *ud, int64_t now, int counts[3]) {
  kk_Host *h = ud;
  counts[0] = counts[1] = counts[2] = 0;
  for (size_t q = 0; q < h->nqueue; q++) {
    kk_Phase ph = h->items[h->queue[q]].st.phase;
    counts[ph == KK_PHASE_NEW ? 0 : ph == KK_PHASE_REVIEW ? 2 : 1]++;
  }
}

static void cb_preview(void *ud, const kk_UiItem *u, int64_t now, double days[4]) {
  kk_Host *h = ud;
  size_t i = find_item(h, u);
  kk_CardState st = {0};
  if (i != (size_t)-1) st = h->items[i].st;
  for (int r = 1; r <= 4; r++) days[r - 1] = next_state(&st, (kk_Rating)r, now).interval_days;
}

static kk_Status cb_answer(void *ud, const kk_UiItem *u, kk_Rating r, int64_t now,
                           int64_t duration_ms, kk_Err *err) {
  kk_Host *h = ud;
  size_t i = find_item(h, u);
  if (i == (size_t)-1) return kk_err_set(err, KK_ERR_NOTFOUND, NULL, 0, 0, "unknown card");
  if (h->nlog == h->logcap) {
    size_t nc = h->logcap ? h->logcap * 2 : 64;
    Review *nl = kk_realloc(h->log, nc * sizeof *nl);
    if (!nl) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    h->log = nl;
    h->logcap = nc;
  }
  Review *rv = &h->log[h->nlog];
  *rv = (Review){i, h->items[i].st, now, r, -1};
  h->items[i].st = next_state(&h->items[i].st, r, now);
  /* Take it off the queue; a learning item comes back later this session. */
  for (size_t q = 0; q < h->nqueue; q++)
    if (h->queue[q] == i) {
      memmove(h->queue + q, h->queue + q + 1, (h->nqueue - q - 1) * sizeof *h->queue);
      h->nqueue--;
      break;
    }
  kk_Phase ph = h->items[i].st.phase;
  if (ph == KK_PHASE_LEARNING || ph == KK_PHASE_RELEARNING)
    rv->queue_pos = queue_push(h, r == KK_AGAIN ? 3 : 6, i);
  h->nlog++;
  return KK_OK;
}

static int cb_undo(void *ud, int64_t now, kk_UiItem *out) {
  kk_Host *h = ud;
  if (!h->nlog) return 0;
  Review *rv = &h->log[--h->nlog];
  if (rv->queue_pos >= 0 && (size_t)rv->queue_pos < h->nqueue &&
      h->queue[rv->queue_pos] == rv->item) {
    memmove(h->queue + rv->queue_pos, h->queue + rv->queue_pos + 1,
            (h->nqueue - (size_t)rv->queue_pos - 1) * sizeof *h->queue);
    h->nqueue--;
  }
  h->items[rv->item].st = rv->before;
  if (queue_push(h, 0, rv->item) < 0) return 0;
  to_ui(h, rv->item, out);
  return 1;
}

static int cb_tomorrow_due(void *ud, int64_t now) {
  kk_Host *h = ud;
  int n = 0;
  for (size_t i = 0; i < h->nitems; i++)
    if (h->items[i].st.phase != KK_PHASE_NEW && h->items[i].st.due_ms <= now + 2 * (int64_t)DAY_MS &&
        h->items[i].st.due_ms > now + (int64_t)DAY_MS / 2)
      n++;
  return n;
}

static void cb_stats(void *ud, int64_t now, kk_UiStats *out) {
  kk_Host *h = ud;
  memset(out, 0, sizeof *out);
  memset(h->per_day, 0, sizeof h->per_day);
  memset(h->forecast, 0, sizeof h->forecast);
  memset(h->heat, 0, sizeof h->heat);
  int64_t today = now / (int64_t)DAY_MS;
  int rev = 0, right = 0;
  for (size_t i = 0; i < h->nlog; i++) {
    int64_t ago = today - h->log[i].time_ms / (int64_t)DAY_MS;
    if (ago >= 0 && ago < NDAYS) h->per_day[NDAYS - 1 - ago]++;
    if (ago >= 0 && ago < HEAT_DAYS) h->heat[HEAT_DAYS - 1 - ago]++;
    if (h->log[i].before.phase == KK_PHASE_REVIEW) {
      rev++;
      right += h->log[i].rating != KK_AGAIN;
    }
  }
  for (size_t i = 0; i < h->nitems; i++) {
    const Item *it = &h->items[i];
    if (it->st.phase == KK_PHASE_NEW) continue;
    int64_t d = it->st.due_ms / (int64_t)DAY_MS - today;
    if (d < 0) d = 0;
    if (d < NDAYS) h->forecast[d]++;
  }
  for (size_t d = 0; d < h->ndecks; d++) {
    kk_UiDeckCounts c;
    cb_deck_counts(h, d, now, &c);
    h->bars[d] = (kk_UiBar){kk_deck_title(h->decks[d]), c.mastery, c.total};
  }
  out->reviews_per_day = h->per_day;
  out->nreview_days = NDAYS;
  out->due_forecast = h->forecast;
  out->nforecast_days = NDAYS;
  out->retention = rev ? (double)right / rev : -1;
  out->retention_reviews = rev;
  out->heat = h->heat;
  out->nheat_days = HEAT_DAYS;
  /* 1970-01-01 was a Thursday (3 with Monday = 0). */
  out->heat_first_wday = (int)(((today - (HEAT_DAYS - 1)) % 7 + 7 + 3) % 7);
  out->deck_mastery = h->bars;
  out->ndeck_mastery = h->ndecks;
  out->exam_recall = -1;
}

void kk_host_callbacks(kk_Host *h, kk_UiHost *cb) {
  memset(cb, 0, sizeof *cb);
  cb->ud = h;
  cb->deck_counts = cb_deck_counts;
  cb->today = cb_today;
  cb->session_start = cb_session_start;
  cb->session_next = cb_session_next;
  cb->session_remaining = cb_session_remaining;
  cb->preview = cb_preview;
  cb->answer = cb_answer;
  cb->undo = cb_undo;
  cb->tomorrow_due = cb_tomorrow_due;
  cb->stats = cb_stats;
}
