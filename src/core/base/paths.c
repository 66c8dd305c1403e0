/*
** paths.c -- data dir resolution and mkdir -p with private modes.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/base/paths.h"
#include "core/base/i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

static int set(const char *s) { return s && s[0]; }

kk_Status kk_paths_data_dir_from(const char *arg, const char *kioku_env, const char *xdg_env,
                                 const char *home, kk_Err *err, char *buf, size_t size) {
  int n;
  if (set(arg))
    n = snprintf(buf, size, "%s", arg);
  else if (set(kioku_env))
    n = snprintf(buf, size, "%s", kioku_env);
  else if (set(xdg_env))
    n = snprintf(buf, size, "%s/kioku", xdg_env);
  else if (set(home))
    n = snprintf(buf, size, "%s/.local/share/kioku", home);
  else
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0,
                      _("no data dir: pass --data-dir DIR or set KIOKU_DATA_DIR, "
                        "XDG_DATA_HOME or HOME"));
  if (n < 0 || (size_t)n >= size)
    return kk_err_set(err, KK_ERR_LIMIT, NULL, 0, 0, _("data dir path is too long"));
  /* Trailing slashes would double up when file names are appended. */
  while (n > 1 && buf[n - 1] == '/') buf[--n] = '\0';
  return KK_OK;
}

kk_Status kk_paths_data_dir(const char *arg, kk_Err *err, char *buf, size_t size) {
  return kk_paths_data_dir_from(arg, getenv("KIOKU_DATA_DIR"), getenv("XDG_DATA_HOME"),
                                getenv("HOME"), err, buf, size);
}

/* Creates one directory with mode 0700; an existing directory is fine. */
static kk_Status make_one(const char *path, const char *full, kk_Err *err) {
  struct stat sb;
  if (mkdir(path, 0700) == 0) {
    /* mkdir is subject to the umask; make the mode exact. */
    if (chmod(path, 0700) != 0)
      return kk_err_set(err, KK_ERR_IO, full, 0, 0, _("cannot set mode of %s: %s"), path,
                        strerror(errno));
    return KK_OK;
  }
  int e = errno;
  if (stat(path, &sb) == 0) {
    if (S_ISDIR(sb.st_mode)) return KK_OK;
    return kk_err_set(err, KK_ERR_IO, full, 0, 0, _("%s exists and is not a directory"), path);
  }
  return kk_err_set(err, KK_ERR_IO, full, 0, 0, _("cannot create directory %s: %s"), path,
                    strerror(e));
}

kk_Status kk_paths_mkdir_p(const char *dir, kk_Err *err) {
  char buf[4096];
  size_t len = strlen(dir);
  if (len == 0) return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("empty directory name"));
  if (len >= sizeof buf)
    return kk_err_set(err, KK_ERR_LIMIT, dir, 0, 0, _("directory path is too long"));
  memcpy(buf, dir, len + 1);
  for (size_t i = 1; i <= len; i++) {
    if (buf[i] != '/' && buf[i] != '\0') continue;
    if (buf[i - 1] == '/') continue; /* "//" or a trailing slash */
    char c = buf[i];
    buf[i] = '\0';
    kk_Status st = make_one(buf, dir, err);
    buf[i] = c;
    if (st != KK_OK) return st;
  }
  return KK_OK;
}

char *kk_paths_tilde(const char *path, const char *home, char *buf, size_t size) {
  size_t h = home ? strlen(home) : 0;
  while (h > 1 && home[h - 1] == '/') h--;
  const char *rest = NULL;
  if (h > 1 && home[0] == '/' && strncmp(path, home, h) == 0 && (path[h] == '\0' || path[h] == '/'))
    rest = path + h;
  size_t n = 0, len;
  if (rest) buf[n++] = '~';
  const char *from = rest ? rest : path;
  len = strlen(from);
  if (n + len > size - 1) {
    len = size - 1 - n;
    while (len > 0 && ((unsigned char)from[len] & 0xC0) == 0x80) len--; /* a code point's start */
  }
  memcpy(buf + n, from, len);
  buf[n + len] = '\0';
  return buf;
}

int kk_paths_plain_name(const char *s) {
  if (!*s || *s == '.' || strlen(s) > 200) return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == '/' || *p == '\\' || *p == ':' || *p == 0x7F) return 0;
  return 1;
}
