/*
** cmd_stats.c -- `kioku stats` (study statistics, text or JSON) and
** `kioku revlog export` (the review log as FSRS-optimizer CSV).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/usage.h"
#include "core/base/i18n.h"
#include "core/base/alloc.h"
#include "core/deck/deckdir.h"
#include "core/deck/load.h"
#include "core/base/paths.h"
#include "core/study/stats.h"
#include "core/study/revlog.h"
#include "core/study/store.h"

/* Loads one deck file; a deck that does not load is named with the advice
** to lint it (not its diagnostics: stats is no linter). */
static int load_one(kk_CliDecks *dl, const char *path) {
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  kk_Deck *d = NULL;
  kk_Status st = kk_deck_load_file(path, &diags, &d);
  kk_diags_free(&diags);
  if (st != KK_OK) {
    kk_cli_error(path, _("the deck does not load; run 'kioku lint %s'"), path);
    return 0;
  }
  if (!kk_cli_decks_add(dl, d)) {
    kk_deck_free(d);
    return 0;
  }
  return 1;
}

/* Loads a deck file, or the deck files (.yaml, .yml) directly in a folder,
** sorted; through the one deck-folder scanner. */
static int load_path(kk_CliDecks *dl, const char *path) {
  kk_DeckDir dd;
  kk_deckdir_init(&dd);
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  int ok = kk_deckdir_add(&dd, path, 0, &diags) == KK_OK;
  kk_diags_print(&diags, stderr);
  kk_diags_free(&diags);
  for (size_t i = 0; ok && i < dd.n; i++) ok = load_one(dl, dd.paths[i]);
  kk_deckdir_free(&dd);
  return ok;
}

static void print_pct(const char *label, int passed, int total) {
  if (total)
    printf("%s%.1f%% (%d/%d)", label, 100.0 * passed / total, passed, total);
  else
    printf("%s-", label);
}

static void print_text(const kk_Stats *st, const kk_Store *s, const char *deck) {
  if (deck)
    printf(_("Progress store: %s  deck: %s\n"), kk_store_path(s), deck);
  else
    printf(_("Progress store: %s\n"), kk_store_path(s));
  printf(_("Due today: %d   tomorrow: %d\n"), st->due_today, st->due_tomorrow);
  printf(_("Items: %d   new %d, learning %d, review %d (young %d, mature %d), suspended %d\n"),
         st->items, st->new_count, st->learning_count, st->review_count, st->young, st->mature,
         st->suspended);
  print_pct(_("True retention, last 30 days: "), st->retention_passed, st->retention_reviews);
  print_pct(_("   young "), st->young_passed, st->young_reviews);
  print_pct(_("   mature "), st->mature_passed, st->mature_reviews);
  char streak[64];
  kk_i18n_days(streak, sizeof streak, st->streak);
  printf(_("\nReviews today: %d   in total: %lld   streak: %s%s\n"), st->reviews_today,
         (long long)st->total_reviews, streak,
         st->streak && !st->studied_today ? _(" (study today to keep it)") : "");
  printf("%s", _("Reviews per day, last 30 days (oldest first):\n "));
  for (int i = 0; i < KK_STATS_DAYS; i++) printf(" %d", st->reviews_per_day[i]);
  printf("%s", _("\nDue in the next 30 days (today first):\n "));
  for (int i = 0; i < KK_STATS_DAYS; i++) printf(" %d", st->forecast[i]);
  printf("\n");
  if (st->ndecks) printf("%s", _("Mastery by deck (review phase, stability >= 21 days):\n"));
  for (size_t i = 0; i < st->ndecks; i++)
    printf("  %-24s %5.1f%%  %d/%d\n", st->decks[i].name, 100 * st->decks[i].mastery,
           st->decks[i].mastered, st->decks[i].items);
  if (st->ntags) printf("%s", _("Mastery by tag:\n"));
  for (size_t i = 0; i < st->ntags; i++)
    printf("  %-24s %5.1f%%  %d/%d\n", st->tags[i].name, 100 * st->tags[i].mastery,
           st->tags[i].mastered, st->tags[i].items);
  /* TRANSLATORS: cards forgotten again and again */
  if (st->nleeches) printf(_("Leeches (%zu):\n"), st->nleeches);
  for (size_t i = 0; i < st->nleeches; i++) {
    char lapses[64];
    snprintf(lapses, sizeof lapses,
             kk_ngettext("%d lapse", "%d lapses", (unsigned long)st->leeches[i].lapses),
             st->leeches[i].lapses);
    printf("  %-24s %s, %s%s\n", st->leeches[i].item_key, st->leeches[i].deck_id, lapses,
           st->leeches[i].suspended ? _(", suspended") : "");
  }
}

int kk_cmd_stats(int argc, char **argv) {
  int json = 0, rc = 1;
  const char *deck = NULL, *data_dir = NULL;
  kk_CliDecks dl = {0};
  kk_Store *s = NULL;
  kk_QueueInput *in = NULL;
  kk_Stats *st = NULL;
  kk_Err e;
  kk_err_clear(&e);
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0)
      json = 1;
    else if (strcmp(argv[i], "--deck") == 0 && i + 1 < argc)
      deck = argv[++i];
    else if (strcmp(argv[i], "--data-dir") == 0 && i + 1 < argc)
      data_dir = argv[++i];
    else if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else if (argv[i][0] == '-') {
      fprintf(stderr, _("kioku stats: unknown option '%s'\n"), argv[i]);
      kk_cli_help("stats", stderr);
      return 2;
    } else
      break;
  }
  for (; i < argc; i++)
    if (!load_path(&dl, argv[i])) goto done;
  if (!kk_cli_store_open("stats", data_dir, &s)) goto done;
  kk_Clock clock = kk_cli_clock(s);
  if (deck) {
    int known = 0;
    for (size_t k = 0; k < dl.n; k++) known |= strcmp(kk_deck_id(dl.v[k]), deck) == 0;
    if (!known && kk_store_deck_known(s, deck, &e, &known) != KK_OK) {
      kk_cli_print_err("stats", &e);
      goto done;
    }
    if (!known) {
      fprintf(stderr, _("kioku stats: no deck '%s' in %s or the decks given\n"), deck,
              kk_store_path(s));
      goto done;
    }
  }
  if (dl.n) {
    in = kk_queue_input_new();
    if (!in) {
      kk_err_set(&e, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
      kk_cli_print_err("stats", &e);
      goto done;
    }
    if (kk_queue_input_add_decks(in, dl.v, dl.n, &e) != KK_OK ||
        kk_queue_input_read_store(in, s, &clock, &e) != KK_OK) {
      kk_cli_print_err("stats", &e);
      goto done;
    }
  }
  if (kk_stats_compute(s, in, deck, &clock, &e, &st) != KK_OK) {
    kk_cli_print_err("stats", &e);
    goto done;
  }
  if (json) {
    if (kk_stats_write_json(st, stdout) != 0) goto done;
  } else {
    print_text(st, s, deck);
  }
  rc = fflush(stdout) == 0 ? 0 : 1;
done:
  kk_stats_free(st);
  kk_queue_input_free(in);
  kk_store_close(s);
  kk_cli_decks_free(&dl);
  return rc;
}

int kk_cmd_revlog(int argc, char **argv) {
  const char *data_dir = NULL, *file = NULL;
  int force = 0;
  if (argc < 2 || strcmp(argv[1], "export") != 0) {
    kk_cli_help("revlog", stderr);
    return 2;
  }
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--force") == 0)
      force = 1;
    else if (strcmp(argv[i], "--data-dir") == 0 && i + 1 < argc)
      data_dir = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, _("kioku revlog: unknown option '%s'\n"), argv[i]);
      kk_cli_help("revlog", stderr);
      return 2;
    } else if (file) {
      fputs(_("kioku revlog: one output file only\n"), stderr);
      kk_cli_help("revlog", stderr);
      return 2;
    } else
      file = argv[i];
  }
  if (!file) {
    kk_cli_help("revlog", stderr);
    return 2;
  }
  kk_Store *s = NULL;
  if (!kk_cli_store_open("revlog", data_dir, &s)) return 1;
  kk_Err e;
  kk_err_clear(&e);
  int rc = 0;
  if (strcmp(file, "-") == 0 ? kk_revlog_write(s, stdout, &e) != KK_OK
                             : kk_revlog_export(s, file, force, &e) != KK_OK) {
    kk_cli_print_err("revlog", &e);
    rc = 1;
  }
  kk_store_close(s);
  return rc;
}
