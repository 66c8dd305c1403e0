/*
** cmd_sync.c -- `kioku sync FOLDER`: merges this store's progress with
** the other devices' through a shared folder, both ways (core/study/sync.h).
*/
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/usage.h"
#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/base/i18n.h"
#include "core/base/paths.h"
#include "core/study/store.h"
#include "core/study/sync.h"

static void print_err(const kk_Err *e) {
  char buf[KK_ERR_PATH_MAX + KK_ERR_MSG_MAX + 64];
  kk_err_format(e, buf, sizeof buf);
  if (e->path[0]) fprintf(stderr, "%s\n", buf);
  else fprintf(stderr, "kioku sync: %s\n", buf);
}

/* Where this store lives: the machine's id (or host name) and the store's
** path, so a store copied elsewhere is told apart from the original. */
static void origin_of(const kk_Store *s, char *buf, size_t size) {
  char host[256] = "";
  char *id = NULL;
  size_t len = 0;
  if (kk_file_read("/etc/machine-id", 256, &id, &len, NULL) == KK_OK) {
    while (len > 0 && (id[len - 1] == '\n' || id[len - 1] == ' ')) id[--len] = '\0';
    snprintf(host, sizeof host, "%s", id);
  }
  kk_free(id);
  if (!host[0] && gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  snprintf(buf, size, "%s:%s", host, kk_store_path(s));
}

int kk_cmd_sync(int argc, char **argv) {
  const char *data_dir = NULL, *folder = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--data-dir") == 0 && i + 1 < argc) data_dir = argv[++i];
    else if (argv[i][0] == '-' || folder) {
      kk_cli_help("sync", stderr);
      return 2;
    } else folder = argv[i];
  }
  if (!folder) {
    kk_cli_help("sync", stderr);
    return 2;
  }
  char dir[4096];
  kk_Err e;
  kk_err_clear(&e);
  kk_Store *s = NULL;
  if (kk_paths_data_dir(data_dir, &e, dir, sizeof dir) != KK_OK ||
      kk_store_open(dir, &e, &s) != KK_OK) {
    print_err(&e);
    return 1;
  }
  kk_SyncOptions o;
  memset(&o, 0, sizeof o);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  o.clock.now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
  o.clock.day_start_hour = 4;
  struct tm tm;
  time_t t = ts.tv_sec;
  if (localtime_r(&t, &tm)) o.clock.utc_offset_min = (int)(tm.tm_gmtoff / 60);
  if (getrandom(&o.random, sizeof o.random, 0) != (ssize_t)sizeof o.random)
    o.random = (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 32;
  char origin[4096 + 300];
  origin_of(s, origin, sizeof origin);
  o.origin = origin;
  kk_SyncReport r;
  kk_Status st = kk_sync_run(s, folder, &o, &r, &e);
  kk_store_close(s);
  if (st != KK_OK) {
    print_err(&e);
    return 1;
  }
  printf(_("synced with %s: %lld sent, %lld received, %lld items updated (device %s)\n"),
         folder, (long long)r.exported, (long long)r.merged, (long long)r.replayed, r.device);
  if (r.files_partial)
    printf(_("%d file(s) were still arriving; the rest merges at the next sync\n"),
           r.files_partial);
  return 0;
}
