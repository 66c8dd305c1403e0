/*
** modeline.c -- the `# yaml-language-server: $schema=...` first line that
** kioku gen, import and lint --fix-ids write into deck files, so editors
** with a YAML language server check them against docs/schema/ (see
** docs/editors.md).  The path is relative to the file written, to the
** schema shipped beside the bundled decks: <src>/docs/schema in a source
** tree, <prefix>/share/kioku/docs/schema when installed (so the shipped
** decks' own ../docs/schema/ lines hold in both).
*/
#define _XOPEN_SOURCE 700
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/base/bundle.h"

#define MODELINE "# yaml-language-server: $schema="

int kk_cli_has_modeline(const char *buf, size_t len) {
  size_t n = strlen(MODELINE) - strlen("$schema=");
  for (size_t i = 0; i + n <= len;) {
    if (memcmp(buf + i, MODELINE, n) == 0) return 1;
    const char *nl = memchr(buf + i, '\n', len - i);
    if (!nl) break;
    i = (size_t)(nl - buf) + 1;
  }
  return 0;
}

/* The shipped schema of kind ("deck", "exam") into real (a real path), or 0. */
static int find_schema(const char *kind, char real[PATH_MAX]) {
  const char *decks = kk_bundled_decks_dir();
  if (!decks) return 0;
  char p[PATH_MAX + 64];
  snprintf(p, sizeof p, "%s/../docs/schema/%s.schema.json", decks, kind);
  return realpath(p, real) != NULL;
}

int kk_cli_modeline(const char *out_path, const char *kind, char *buf, size_t size) {
  char schema[PATH_MAX], dir[PATH_MAX], here[PATH_MAX];
  if (size) buf[0] = '\0';
  if (!find_schema(kind, schema)) return 0;
  snprintf(dir, sizeof dir, "%s", out_path ? out_path : "./x");
  char *slash = strrchr(dir, '/');
  if (slash)
    slash == dir ? (void)(dir[1] = '\0') : (void)(*slash = '\0');
  else
    snprintf(dir, sizeof dir, ".");
  if (!realpath(dir, here)) return 0;
  /* the common leading folders, then one ".." for each of here's others */
  size_t common = 0;
  for (size_t i = 0; here[i] && here[i] == schema[i]; i++)
    if (here[i] == '/') common = i;
  size_t hl = strlen(here);
  if (hl <= strlen(schema) && strncmp(here, schema, hl) == 0 && schema[hl] == '/') common = hl;
  char rel[PATH_MAX * 2] = "";
  size_t r = 0;
  for (size_t i = common; i < hl; i++)
    if (here[i] == '/' && r + 4 < sizeof rel) r += (size_t)snprintf(rel + r, sizeof rel - r, "../");
  snprintf(rel + r, sizeof rel - r, "%s", schema + common + 1);
  int n = snprintf(buf, size, MODELINE "%s\n", rel);
  return n > 0 && (size_t)n < size ? n : (buf[0] = '\0', 0);
}

int kk_cli_modeline_ref(const char *ref, char *buf, size_t size) {
  int n = snprintf(buf, size, MODELINE "%s\n", ref);
  return n > 0 && (size_t)n < size ? n : (buf[0] = '\0', 0);
}
