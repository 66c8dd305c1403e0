/*
** clistore.c -- what the commands that read the student's progress share:
** opening the progress store and the system clock.
*/
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/base/i18n.h"
#include "core/base/alloc.h"
#include "core/base/paths.h"

void kk_cli_print_err(const char *cmd, const kk_Err *e) {
  char buf[KK_ERR_PATH_MAX + KK_ERR_MSG_MAX + 64];
  kk_err_format(e, buf, sizeof buf);
  /* "path: error: msg" when the error is about a file, as everywhere. */
  if (e->path[0])
    fprintf(stderr, "%s\n", buf);
  else
    fprintf(stderr, "kioku %s: %s\n", cmd, buf);
}

int kk_cli_lang_ok(const char *cmd, const char *lang) {
  if (!lang || strcmp(lang, "ja") == 0 || strcmp(lang, "en") == 0) return 1;
  fprintf(stderr, _("kioku %s: --lang must be ja or en\n"), cmd);
  return 0;
}

int kk_cli_whole(const char *s, long lo, long hi, long *v) {
  if (!s) return 0;
  const char *d = s[0] == '-' ? s + 1 : s;
  if (*d < '0' || *d > '9') return 0; /* no space, no '+', not empty */
  char *end;
  errno = 0;
  long x = strtol(s, &end, 10);
  if (*end || errno == ERANGE || x < lo || x > hi) return 0;
  *v = x;
  return 1;
}

int kk_cli_store_open(const char *cmd, const char *data_dir, kk_Store **s) {
  char dir[4096];
  kk_Err e;
  kk_err_clear(&e);
  if (kk_paths_data_dir(data_dir, &e, dir, sizeof dir) != KK_OK ||
      kk_store_open(dir, &e, s) != KK_OK) {
    kk_cli_print_err(cmd, &e);
    return 0;
  }
  /* a mistyped --data-dir shows */
  if (kk_store_created(*s))
    fprintf(stderr, _("kioku %s: created a new progress store at %s\n"), cmd, kk_store_path(*s));
  if (kk_store_journal_note(*s))
    fprintf(stderr, "kioku %s: warning: %s\n", cmd, kk_store_journal_note(*s));
  return 1;
}

kk_Clock kk_cli_clock(kk_Store *s) {
  kk_Clock c = {0, 0, KK_DAY_START_DEFAULT};
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  c.now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
  struct tm tm;
  time_t t = ts.tv_sec;
  if (localtime_r(&t, &tm)) c.utc_offset_min = (int)(tm.tm_gmtoff / 60);
  if (s) c.day_start_hour = kk_store_day_start_hour(s, KK_DAY_START_DEFAULT);
  return c;
}
