/*
** cmd_sync.c -- `kioku sync FOLDER`: merges this store's progress with
** the other devices' through a shared folder, both ways (core/study/sync.h).
*/
#define _DEFAULT_SOURCE /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/usage.h"
#include <sodium.h>

#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/base/i18n.h"
#include "core/base/paths.h"
#include "core/study/store.h"
#include "core/study/sync.h"
#include "sdl/host.h"

int kk_cmd_sync(int argc, char **argv) {
  const char *data_dir = NULL, *folder = NULL, *pass_file = NULL;
  int remember = 0, forget = 0, st_code = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--data-dir") == 0 && i + 1 < argc)
      data_dir = argv[++i];
    else if (strcmp(argv[i], "--remember") == 0)
      remember = 1;
    else if (strcmp(argv[i], "--forget") == 0)
      forget = 1;
    else if (strcmp(argv[i], "--passphrase-file") == 0 && i + 1 < argc)
      pass_file = argv[++i];
    else if (argv[i][0] == '-' || folder) {
      kk_cli_help("sync", stderr);
      return 2;
    } else
      folder = argv[i];
  }
  if ((forget && (remember || folder || pass_file)) || (remember && !folder)) {
    kk_cli_help("sync", stderr);
    return 2;
  }
  char dir[4096];
  kk_Err e;
  kk_err_clear(&e);
  kk_Store *s = NULL;
  char *saved = NULL;
  if (kk_paths_data_dir(data_dir, &e, dir, sizeof dir) != KK_OK ||
      kk_store_open(dir, &e, &s) != KK_OK) {
    kk_cli_print_err("sync", &e);
    return 1;
  }
  if (forget) {
    st_code = kk_store_set_setting(s, KK_HOST_SYNC_KEY, NULL, &e) == KK_OK &&
                      kk_store_set_setting(s, KK_HOST_SYNC_SECRET, NULL, &e) == KK_OK
                  ? 0
                  : 1;
    if (st_code) kk_cli_print_err("sync", &e);
    goto done;
  }
  if (!folder) {
    if (kk_store_get_setting(s, KK_HOST_SYNC_KEY, &e, &saved) != KK_OK || !saved) {
      fputs(_("kioku sync: no folder given and none remembered (kioku sync --remember FOLDER)\n"),
            stderr);
      st_code = 2;
      goto done;
    }
    folder = saved;
  }
  kk_SyncOptions o;
  char origin[4400];
  unsigned char key[KK_SYNC_KEY_BYTES];
  kk_host_sync_options(s, kk_cli_clock(s).now_ms, &o, origin, sizeof origin, key);
  if (pass_file) {
    /* the passphrase: the file's first line */
    char *pass = NULL;
    size_t len = 0;
    kk_Status ps = kk_file_read(pass_file, 4096, &pass, &len, &e);
    if (ps == KK_OK) {
      len = strcspn(pass, "\r\n");
      if (len == 0) ps = kk_err_set(&e, KK_ERR_INVALID, pass_file, 1, 1, _("empty passphrase"));
    }
    if (ps == KK_OK) ps = kk_sync_key(pass, len, key, &e);
    if (pass) sodium_memzero(pass, len);
    kk_free(pass);
    if (ps != KK_OK) {
      kk_cli_print_err("sync", &e);
      st_code = 1;
      goto done;
    }
    o.key = key;
  }
  kk_SyncReport r;
  if (kk_sync_run(s, folder, &o, &r, &e) != KK_OK) {
    kk_cli_print_err("sync", &e);
    st_code = 1;
    goto done;
  }
  printf(_("synced with %s: %lld sent, %lld received, %lld items updated (device %s)\n"), folder,
         (long long)r.exported, (long long)r.merged, (long long)r.replayed, r.device);
  /* a refused record (a number out of range, a malformed field) is no file
  ** still arriving: it is named, with its file and record */
  int refused = r.refused.code != KK_OK;
  if (refused) {
    char msg[KK_ERR_MSG_MAX + 600];
    kk_err_format(&r.refused, msg, sizeof msg);
    fprintf(stderr, "kioku sync: %s\n", msg);
  }
  if (r.files_partial > refused)
    printf(_("%d file(s) were still arriving; the rest merges at the next sync\n"),
           r.files_partial - refused);
  /* remembered only once it worked: the window syncs with it from now on */
  char abs[4096];
  if (remember && !realpath(folder, abs)) snprintf(abs, sizeof abs, "%s", folder);
  if (remember && kk_store_set_setting(s, KK_HOST_SYNC_KEY, abs, &e) != KK_OK) {
    kk_cli_print_err("sync", &e);
    st_code = 1;
  }
  if (remember && o.key) {
    char hex[2 * KK_SYNC_KEY_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, o.key, KK_SYNC_KEY_BYTES);
    if (kk_store_set_setting(s, KK_HOST_SYNC_SECRET, hex, &e) != KK_OK) {
      kk_cli_print_err("sync", &e);
      st_code = 1;
    }
    sodium_memzero(hex, sizeof hex);
  }
  if (r.files_locked)
    printf(_("%d file(s) are sealed with another passphrase (or need one: --passphrase-file)\n"),
           r.files_locked);
done:
  kk_free(saved);
  kk_store_close(s);
  return st_code;
}
