/*
** cmd_optimize.c -- `kioku fsrs optimize`: fits the FSRS-6 parameters to a
** review log (core/study/optimize.h) and prints them as one line of 21
** comma-separated numbers, the form `kioku fsrs replay --params` takes.
** The figures (reviews used, log loss and binned RMSE of the defaults and
** of the fit) go to stderr, or with --json to stdout as one object.
** --apply stores the fit in the progress store for the scheduler (for one
** deck with --deck ID, else for all).  Bad input: "path:line:col: error:
** message", exit 1.  Usage errors exit 2.
**
** Divisions: options and the time zone; the command.
*/
#define _DEFAULT_SOURCE /* tm_gmtoff, setenv */
#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/base/i18n.h"
#include "core/base/alloc.h"
#include "core/base/paths.h"
#include "core/study/optimize.h"
#include "core/study/revlog.h"
#include "core/study/store.h"

static const char usage[] =
    N_("usage: kioku fsrs optimize [REVLOG.csv] [--json] [--apply [--deck ID]]\n"
       "         [--timezone ZONE] [--day-start HOUR] [--no-short-term] [--data-dir DIR]\n"
       "  Fits the 21 FSRS-6 parameters to a review log: REVLOG.csv in the columns\n"
       "  card_id,review_time,review_rating,review_state,review_duration (times in\n"
       "  ms), or the progress store's own log (of deck ID with --deck).  Prints\n"
       "  the parameters as one line; figures on stderr (--json: all on stdout).\n"
       "  ZONE: an IANA name (Asia/Tokyo), UTC or +HH:MM; default the local zone.\n"
       "  --apply stores the fit for deck ID, or for every deck.\n");

/* ---- options and the time zone ------------------------------------------ */

typedef struct {
  const char *file, *deck, *data_dir, *zone;
  int json, apply, day_start, short_term;
} Args;

/* The local offset at t under the process's TZ. */
static int local_offset(void *ud, int64_t t_ms) {
  (void)ud;
  time_t t = (time_t)(t_ms / 1000);
  struct tm tm;
  return localtime_r(&t, &tm) ? (int)(tm.tm_gmtoff / 60) : 0;
}

/* Sets up o's time zone from ZONE (NULL: the local zone); 0 on success. */
static int set_zone(const char *zone, kk_OptimizeOptions *o) {
  o->offset_fn = local_offset;
  if (!zone) return 0;
  if (strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0) {
    o->offset_fn = NULL;
    o->utc_offset_min = 0;
    return 0;
  }
  /* +HH:MM or -HH:MM, digits only */
  const char *z = zone;
  if (strlen(z) == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':' &&
      isdigit((unsigned char)z[1]) && isdigit((unsigned char)z[2]) &&
      isdigit((unsigned char)z[4]) && isdigit((unsigned char)z[5])) {
    int h = (z[1] - '0') * 10 + (z[2] - '0'), m = (z[4] - '0') * 10 + (z[5] - '0');
    if (h <= 14 && m < 60) {
      o->offset_fn = NULL;
      o->utc_offset_min = (z[0] == '-' ? -1 : 1) * (h * 60 + m);
      return 0;
    }
  }
  /* an IANA name: the C library falls back to UTC for unknown names, so
  ** check that the zone file exists */
  char path[512];
  snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
  if (strstr(zone, "..") || access(path, R_OK) != 0) return -1;
  if (setenv("TZ", zone, 1) != 0) return -1;
  tzset();
  return 0;
}

static int parse_args(int argc, char **argv, Args *a) {
  memset(a, 0, sizeof *a);
  a->day_start = -1;
  a->short_term = 1;
  for (int i = 2; i < argc; i++) {
    const char *s = argv[i];
    int has_val = i + 1 < argc;
    if (strcmp(s, "--json") == 0)
      a->json = 1;
    else if (strcmp(s, "--apply") == 0)
      a->apply = 1;
    else if (strcmp(s, "--no-short-term") == 0)
      a->short_term = 0;
    else if (strcmp(s, "--deck") == 0 && has_val)
      a->deck = argv[++i];
    else if (strcmp(s, "--data-dir") == 0 && has_val)
      a->data_dir = argv[++i];
    else if (strcmp(s, "--timezone") == 0 && has_val)
      a->zone = argv[++i];
    else if (strcmp(s, "--day-start") == 0 && has_val) {
      long h = 0;
      if (!kk_cli_whole(argv[++i], 0, 23, &h)) {
        fprintf(stderr, _("kioku fsrs optimize: --day-start takes an hour 0-23, not '%s'\n"),
                argv[i]);
        return -1;
      }
      a->day_start = (int)h;
    } else if (s[0] == '-' && s[1]) {
      fprintf(stderr, _("kioku fsrs optimize: unknown option or missing value '%s'\n"), s);
      fputs(_(usage), stderr);
      return -1;
    } else if (!a->file)
      a->file = s;
    else {
      fputs(_("kioku fsrs optimize: one review log at most\n"), stderr);
      fputs(_(usage), stderr);
      return -1;
    }
  }
  return 0;
}

/* A figure, or null when there was nothing to measure it on. */
static void json_num(double v) {
  if (v == v)
    printf("%.6f", v);
  else
    printf("null");
}

/* ---- the command ----------------------------------------------------------- */

static void print_params(FILE *f, const kk_FsrsParams *p) {
  for (int i = 0; i < KK_FSRS_NPARAMS; i++) fprintf(f, "%s%.4f", i ? "," : "", p->w[i]);
}

int kk_cmd_fsrs_optimize(int argc, char **argv) {
  Args a;
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(_(usage), stdout);
      return 0;
    }
  if (parse_args(argc, argv, &a) != 0) return 2;
  kk_OptimizeOptions o;
  kk_optimize_options_default(&o);
  o.short_term = a.short_term;
  if (set_zone(a.zone, &o) != 0) {
    fprintf(stderr,
            _("kioku fsrs optimize: unknown time zone '%s' (an IANA name such as "
              "Asia/Tokyo, UTC, or +HH:MM)\n"),
            a.zone);
    return 2;
  }
  kk_Store *s = NULL;
  kk_Revlog *log = NULL;
  kk_Err e;
  kk_err_clear(&e);
  int rc = 1;
  if (!a.file || a.apply) {
    char dir[4096];
    if (kk_paths_data_dir(a.data_dir, &e, dir, sizeof dir) != KK_OK ||
        kk_store_open(dir, &e, &s) != KK_OK) {
      kk_cli_print_err("fsrs optimize", &e);
      goto done;
    }
  }
  if (a.day_start >= 0) {
    o.day_start_hour = a.day_start;
  } else if (s) { /* the student's own study day */
    o.day_start_hour = kk_store_day_start_hour(s, o.day_start_hour);
  }
  kk_Status st =
      a.file ? kk_revlog_read_file(a.file, &log, &e) : kk_revlog_read_store(s, a.deck, &log, &e);
  if (st != KK_OK) {
    kk_cli_print_err("fsrs optimize", &e);
    goto done;
  }
  kk_OptimizeResult r;
  if (kk_optimize_fit(log, &o, &r, &e) != KK_OK) {
    kk_cli_print_err("fsrs optimize", &e);
    goto done;
  }
  if (a.json) {
    printf("{\"fitted\": %s, \"reviews\": %ld, \"cards\": %ld, \"parameters\": [",
           r.fitted ? "true" : "false", r.reviews, r.cards);
    for (int i = 0; i < KK_FSRS_NPARAMS; i++) printf("%s%.4f", i ? ", " : "", r.params.w[i]);
    printf("],\n \"default\": {\"log_loss\": ");
    json_num(r.loss_default);
    printf(", \"rmse_bins\": ");
    json_num(r.rmse_default);
    printf("},\n \"fit\": {\"log_loss\": ");
    json_num(r.loss_fit);
    printf(", \"rmse_bins\": ");
    json_num(r.rmse_fit);
    printf("}");
    if (r.note[0]) {
      printf(",\n \"note\": \"");
      for (const char *c = r.note; *c; c++) printf(*c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
      printf("\"");
    }
    printf("}\n");
  } else {
    print_params(stdout, &r.params);
    putchar('\n');
    if (r.note[0]) fprintf(stderr, "kioku fsrs optimize: %s\n", r.note);
    fprintf(stderr,
            kk_ngettext("reviews used: %ld (of %ld card)\n", "reviews used: %ld (of %ld cards)\n",
                        (unsigned long)r.cards),
            r.reviews, r.cards);
    if (r.reviews)
      fprintf(stderr, _("defaults: log loss %.4f, RMSE (bins) %.4f\n"), r.loss_default,
              r.rmse_default);
    if (r.fitted)
      fprintf(stderr, _("fit:      log loss %.4f, RMSE (bins) %.4f\n"), r.loss_fit, r.rmse_fit);
  }
  if (fflush(stdout) != 0) goto done;
  if (a.apply) {
    if (!r.fitted) {
      fputs(_("kioku fsrs optimize: nothing applied: the scheduler keeps the "
              "parameters it had\n"),
            stderr);
    } else if (kk_optimize_save(s, a.deck, &r, &e) != KK_OK) {
      kk_cli_print_err("fsrs optimize", &e);
      goto done;
    } else {
      if (a.deck)
        fprintf(stderr, _("applied to deck %s\n"), a.deck);
      else
        fputs(_("applied to every deck\n"), stderr);
    }
  }
  rc = 0;
done:
  kk_revlog_free(log);
  kk_store_close(s);
  return rc;
}
