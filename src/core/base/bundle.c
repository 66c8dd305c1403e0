/*
** bundle.c -- locating the shipped decks.
*/
#define _XOPEN_SOURCE 700
#include "core/base/bundle.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KK_SOURCE_DECKS
#define KK_SOURCE_DECKS ""
#endif
#ifndef KK_INSTALLED_DECKS
#define KK_INSTALLED_DECKS ""
#endif

static int is_dir(const char *p) {
  struct stat st;
  return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *kk_bundled_decks_dir(void) {
  static char found[PATH_MAX];
  if (found[0]) return found;
  const char *env = getenv("KIOKU_BUNDLED_DECKS");
  const char *cands[] = {env, KK_SOURCE_DECKS, KK_INSTALLED_DECKS};
  /* When installed, prefer the installed copy over a source tree that may
  ** have moved on: the source tree wins only for a binary that is not in
  ** the install prefix. */
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  int installed = 0;
  if (n > 0) {
    exe[n] = '\0';
    const char *share = strstr(KK_INSTALLED_DECKS, "/share/kioku/decks");
    if (share) {
      size_t plen = (size_t)(share - KK_INSTALLED_DECKS);
      installed = strncmp(exe, KK_INSTALLED_DECKS, plen) == 0 && exe[plen] == '/' &&
                  strncmp(exe + plen, "/bin/", 5) == 0;
    }
  }
  if (installed) cands[1] = KK_INSTALLED_DECKS, cands[2] = KK_SOURCE_DECKS;
  for (size_t i = 0; i < sizeof cands / sizeof *cands; i++)
    if (is_dir(cands[i])) {
      snprintf(found, sizeof found, "%s", cands[i]);
      return found;
    }
  if (n > 0) { /* <prefix>/bin/kioku -> <prefix>/share/kioku/decks */
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      char rel[PATH_MAX + 32];
      snprintf(rel, sizeof rel, "%s/../share/kioku/decks", exe);
      if (is_dir(rel) && realpath(rel, found)) return found;
    }
  }
  found[0] = '\0';
  return NULL;
}
