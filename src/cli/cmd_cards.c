/*
** cmd_cards.c -- `kioku cards`: the study items of the given decks (the
** bundled decks if none) with their progress, filtered by a search query
** (core/study/search.h), as text, CSV or JSON; and `kioku cards
** suspend|unsuspend|bury|forget|set-due` on the items a query matches,
** each recorded in the progress store (undoable in the window, skipped by
** the review log export).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/usage.h"
#include "core/base/alloc.h"
#include "core/base/bundle.h"
#include "core/base/csv.h"
#include "core/base/date.h"
#include "core/base/i18n.h"
#include "core/base/json.h"
#include "core/base/utf8.h"
#include "core/study/action.h"
#include "core/study/queue.h"
#include "core/study/sched.h"
#include "core/study/search.h"

enum { F_TEXT, F_CSV, F_JSON };

typedef struct Ctx {
  kk_CliDecks decks;
  kk_Store *store;
  kk_QueueInput *in;
  kk_SearchItems items;
  kk_Search *search;
  kk_SearchEnv env;
} Ctx;

static void ctx_free(Ctx *c) {
  kk_search_free(c->search);
  kk_search_items_free(&c->items);
  kk_queue_input_free(c->in);
  kk_store_close(c->store);
  kk_cli_decks_free(&c->decks);
}

/* Loads the decks, reads the store, parses the query.  Returns 0 after
** printing why not (exit code 1). */
static int ctx_open(Ctx *c, const char *data_dir, const char *query, char **paths, int npaths) {
  kk_Err e;
  kk_err_clear(&e);
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  const char *bundled = kk_bundled_decks_dir();
  int ok = 1;
  if (npaths == 0 && !bundled) {
    fputs(_("kioku cards: no decks given and no bundled decks found\n"), stderr);
    ok = 0;
  }
  for (int i = 0; ok && i < npaths; i++) ok = kk_cli_decks_load(&c->decks, paths[i], &diags);
  if (ok && npaths == 0) ok = kk_cli_decks_load(&c->decks, bundled, &diags);
  kk_diags_print(&diags, stderr);
  kk_diags_free(&diags);
  if (!ok) return 0;
  if (kk_search_parse(query, strlen(query), &e, &c->search) != KK_OK) {
    char buf[KK_ERR_PATH_MAX + KK_ERR_MSG_MAX + 64];
    kk_err_format(&e, buf, sizeof buf);
    fprintf(stderr, "%s\n  %s\n  %*s^\n", buf, query, e.col > 0 ? e.col - 1 : 0, "");
    return 0;
  }
  if (!kk_cli_store_open("cards", data_dir, &c->store)) return 0;
  c->env.clock = kk_cli_clock(c->store);
  c->in = kk_queue_input_new();
  if (!c->in) {
    kk_err_set(&e, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  } else if (kk_queue_input_add_decks(c->in, c->decks.v, c->decks.n, &e) == KK_OK &&
             kk_queue_input_read_store(c->in, c->store, &c->env.clock, &e) == KK_OK) {
    if (kk_search_items_build(c->in, &c->items) == KK_OK) return 1;
    kk_err_set(&e, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  }
  kk_cli_print_err("cards", &e);
  return 0;
}

static int matches(const Ctx *c, size_t i) {
  kk_SearchEnv env = c->env;
  env.params = c->in->decks[c->in->items[i].deck].params;
  return kk_search_match(c->search, &c->items.v[i], &env);
}

/* ---- listing ------------------------------------------------------------- */

typedef struct Row {
  const char *deck, *key, *type, *state;
  char due[16], ivl[24], stab[24], r[24], lapses[16], reps[16];
  char *question; /* owned */
} Row;

static void fmt_date(const kk_Clock *clk, int64_t t_ms, char *buf, size_t size) {
  int y, m, d;
  kk_date_civil(kk_clock_day(clk, t_ms + (int64_t)clk->day_start_hour * 3600000), &y, &m, &d);
  snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

static int row_of(const Ctx *c, size_t i, Row *r) {
  const kk_QueueItem *qi = &c->in->items[i];
  const kk_SearchItem *it = &c->items.v[i];
  const kk_CardState *st = &it->state;
  memset(r, 0, sizeof *r);
  r->deck = it->deck_id;
  r->key = qi->key;
  r->type = it->type >= 0 ? kk_card_type_name((kk_CardType)it->type) : "";
  r->state = kk_search_state_name(it, c->env.clock.now_ms);
  int studied = it->has_state && st->phase != KK_PHASE_NEW;
  if (studied) {
    fmt_date(&c->env.clock, st->due_ms, r->due, sizeof r->due);
    snprintf(r->ivl, sizeof r->ivl, "%.2f", st->interval_days);
    snprintf(r->stab, sizeof r->stab, "%.2f", st->stability);
    snprintf(r->r, sizeof r->r, "%.3f",
             kk_sched_retention_at(c->in->decks[qi->deck].params, st, c->env.clock.now_ms));
  }
  snprintf(r->lapses, sizeof r->lapses, "%d", it->has_state ? st->lapses : 0);
  snprintf(r->reps, sizeof r->reps, "%d", it->has_state ? st->reps : 0);
  if (qi->deck_card) return kk_search_question(qi->deck_card, &r->question) == KK_OK;
  r->question = kk_strndup("", 0);
  return r->question != NULL;
}

/* At most max code points of s, with "…" when cut, into buf. */
static void clip(const char *s, size_t max, char *buf, size_t size) {
  size_t len = strlen(s), cut = kk_utf8_col_to_off(s, len, max);
  snprintf(buf, size, "%.*s%s", (int)cut, s, cut < len ? "…" : "");
}

static const char *const COLS[] = {"deck",   "item",          "type",      "state",
                                   "due",    "interval_days", "stability", "retrievability",
                                   "lapses", "reps",          "question"};
#define NCOLS (sizeof COLS / sizeof COLS[0])

static void put_row(int format, const Row *r, int first) {
  const char *v[NCOLS] = {r->deck, r->key, r->type,   r->state, r->due,     r->ivl,
                          r->stab, r->r,   r->lapses, r->reps,  r->question};
  if (format == F_CSV) {
    kk_csv_write_record(stdout, v, NCOLS, ',');
  } else if (format == F_JSON) {
    fputs(first ? "\n  {" : ",\n  {", stdout);
    for (size_t k = 0; k < NCOLS; k++) {
      printf("%s\"%s\": ", k ? ", " : "", COLS[k]);
      int number = k >= 5 && k <= 9;
      if (number && !*v[k])
        fputs("null", stdout);
      else if (number)
        fputs(v[k], stdout);
      else
        kk_json_string(stdout, v[k]);
    }
    fputs("}", stdout);
  } else {
    char q[256];
    clip(r->question, 40, q, sizeof q);
    printf("%-20s %-10s %-10s %-10s %8s %6s %3s  %s\n", r->deck, r->type, r->state,
           r->due[0] ? r->due : "-", r->ivl[0] ? r->ivl : "-", r->r[0] ? r->r : "-", r->lapses, q);
  }
}

static int list(Ctx *c, int format) {
  size_t shown = 0;
  if (format == F_CSV)
    kk_csv_write_record(stdout, COLS, NCOLS, ',');
  else if (format == F_JSON)
    fputs("[", stdout);
  else
    printf("%-20s %-10s %-10s %-10s %8s %6s %3s  %s\n", "deck", "type", "state", "due", "interval",
           "recall", "lap", "question");
  for (size_t i = 0; i < c->in->nitems; i++) {
    if (!matches(c, i)) continue;
    Row r;
    if (!row_of(c, i, &r)) {
      fputs(_("kioku cards: out of memory\n"), stderr);
      return 1;
    }
    put_row(format, &r, shown == 0);
    kk_free(r.question);
    shown++;
  }
  if (format == F_JSON)
    fputs(shown ? "\n]\n" : "]\n", stdout);
  else if (format == F_TEXT)
    printf(kk_ngettext("%zu item\n", "%zu items\n", shown), shown);
  return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- actions ------------------------------------------------------------- */

static int act(Ctx *c, kk_StoreAction action, int days) {
  size_t done = 0;
  kk_Err e;
  kk_err_clear(&e);
  for (size_t i = 0; i < c->in->nitems; i++) {
    if (!matches(c, i)) continue;
    const kk_QueueItem *qi = &c->in->items[i];
    if (kk_action_run(c->store, qi->key, c->in->decks[qi->deck].id, action, &c->env.clock, days,
                      NULL, NULL, &e) != KK_OK) {
      kk_cli_print_err("cards", &e);
      fprintf(stderr,
              kk_ngettext("kioku cards: %zu item changed before the error\n",
                          "kioku cards: %zu items changed before the error\n", done),
              done);
      return 1;
    }
    done++;
  }
  /* TRANSLATORS: "suspend: 3 items"; the action is the command's own word */
  printf(kk_ngettext("%s: %zu item\n", "%s: %zu items\n", done), kk_store_action_name((int)action),
         done);
  return 0;
}

static int parse_action(const char *s, kk_StoreAction *out) {
  for (int a = KK_STORE_ACTION_SUSPEND; a <= KK_STORE_ACTION_SET_DUE; a++)
    if (strcmp(s, kk_store_action_name(a)) == 0) {
      *out = (kk_StoreAction)a;
      return 1;
    }
  return 0;
}

int kk_cmd_cards(int argc, char **argv) {
  const char *data_dir = NULL, *query = NULL;
  int format = F_TEXT, i = 1, days = 0, rc = 1;
  kk_StoreAction action = 0;
  if (argc > 1 && parse_action(argv[1], &action)) {
    i = 2;
    if (action == KK_STORE_ACTION_SET_DUE) {
      long d = 0;
      if (i >= argc || !kk_cli_whole(argv[i], 0, KK_ACTION_MAX_DAYS, &d)) {
        fprintf(stderr,
                _("kioku cards set-due: DAYS must be a whole number of days from today, 0..%d\n"),
                KK_ACTION_MAX_DAYS);
        kk_cli_help("cards", stderr);
        return 2;
      }
      days = (int)d;
      i++;
    }
  }
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--search") == 0 && i + 1 < argc && !action)
      query = argv[++i];
    else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc && !action) {
      const char *f = argv[++i];
      if (strcmp(f, "text") == 0)
        format = F_TEXT;
      else if (strcmp(f, "csv") == 0)
        format = F_CSV;
      else if (strcmp(f, "json") == 0)
        format = F_JSON;
      else {
        fprintf(stderr, _("kioku cards: unknown format '%s'\n"), f);
        kk_cli_help("cards", stderr);
        return 2;
      }
    } else if (strcmp(argv[i], "--data-dir") == 0 && i + 1 < argc)
      data_dir = argv[++i];
    else if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else if (argv[i][0] == '-' && argv[i][1] && (!action || query)) {
      fprintf(stderr, _("kioku cards: unknown option '%s'\n"), argv[i]);
      kk_cli_help("cards", stderr);
      return 2;
    } else if (action && !query)
      query = argv[i];
    else
      break;
  }
  if (action && !query) {
    fputs(_("kioku cards: which items?  Give a search query\n"), stderr);
    kk_cli_help("cards", stderr);
    return 2;
  }
  if (action && !*query) {
    fputs(_("kioku cards: an empty query would change every item; to mean every item,"
            " say so: 'deck:*'\n"),
          stderr);
    return 2;
  }
  Ctx c;
  memset(&c, 0, sizeof c);
  if (ctx_open(&c, data_dir, query ? query : "", argv + i, argc - i))
    rc = action ? act(&c, action, days) : list(&c, format);
  ctx_free(&c);
  return rc;
}
