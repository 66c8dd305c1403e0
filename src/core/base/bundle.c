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
#ifndef KK_BUILD_LOCALE
#define KK_BUILD_LOCALE ""
#endif
#ifndef KK_INSTALLED_LOCALE
#define KK_INSTALLED_LOCALE ""
#endif

static int is_dir(const char *p) {
  struct stat st;
  return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <dir of the running binary>/../share/SUB into out, if it exists. */
static int beside_binary_sub(char *out, const char *sub) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return 0;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return 0;
  *slash = '\0';
  char rel[PATH_MAX + 32];
  snprintf(rel, sizeof rel, "%s/../share/%s", exe, sub);
  return is_dir(rel) && realpath(rel, out) != NULL;
}

static int beside_binary(char *out) { return beside_binary_sub(out, "kioku/decks"); }

const char *const *kk_bundled_locale_dirs(void) {
  static char beside[PATH_MAX];
  static const char *dirs[4];
  if (dirs[0]) return dirs;
  size_t n = 0;
  if (beside_binary_sub(beside, "locale")) dirs[n++] = beside;
  if (*KK_BUILD_LOCALE) dirs[n++] = KK_BUILD_LOCALE;
  if (*KK_INSTALLED_LOCALE) dirs[n++] = KK_INSTALLED_LOCALE;
  dirs[n] = NULL;
  if (n == 0) dirs[0] = NULL;
  return dirs;
}

const char *kk_bundled_decks_dir(void) {
  static char found[PATH_MAX];
  if (found[0]) return found;
  /* An installed binary (a package, cmake --install, a copied prefix) finds
  ** the decks installed beside it, wherever the prefix is; a binary in the
  ** build tree has none beside it and uses the source tree it was built
  ** from; the configured install prefix comes last. */
  const char *env = getenv("KIOKU_BUNDLED_DECKS");
  if (is_dir(env)) {
    snprintf(found, sizeof found, "%s", env);
    return found;
  }
  if (beside_binary(found)) return found;
  const char *cands[] = {KK_SOURCE_DECKS, KK_INSTALLED_DECKS};
  for (size_t i = 0; i < sizeof cands / sizeof *cands; i++)
    if (is_dir(cands[i])) {
      snprintf(found, sizeof found, "%s", cands[i]);
      return found;
    }
  found[0] = '\0';
  return NULL;
}
