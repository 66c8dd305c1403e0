/*
** cmd_schema.c -- `kioku schema deck|exam [--lang LANG]`: prints the JSON
** Schema (draft 2020-12) of decks or exam specs, written from the tables
** the loaders check against (core/deck/schema.h, core/exam/examschema.h).
** Editors with a YAML language server use it for completion, hover help
** and red underlines; docs/editors.md says how.
*/
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/base/bundle.h"
#include "core/base/i18n.h"
#include "core/deck/schema.h"
#include "core/exam/examschema.h"

static int usage(void) {
  fprintf(stderr, "%s", _("usage: kioku schema deck|exam [--lang ja|en]\n"));
  return 2;
}

int kk_cmd_schema(int argc, char **argv) {
  const char *what = NULL, *lang = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
      lang = argv[++i];
    else if (strncmp(argv[i], "--lang=", 7) == 0)
      lang = argv[i] + 7;
    else if (argv[i][0] != '-' && !what)
      what = argv[i];
    else
      return usage();
  }
  if (!what || (strcmp(what, "deck") != 0 && strcmp(what, "exam") != 0)) return usage();
  if (lang) {
    kk_Err err;
    if (kk_i18n_set(kk_i18n_pick(lang), kk_bundled_locale_dirs(), &err) != KK_OK) {
      char msg[KK_ERR_PATH_MAX + KK_ERR_MSG_MAX + 32];
      kk_err_format(&err, msg, sizeof msg);
      fprintf(stderr, "kioku schema: %s\n", msg); /* says English stays on */
    }
  }
  int ok = strcmp(what, "deck") == 0 ? kk_schema_write_deck(stdout) : kk_examschema_write(stdout);
  if (fflush(stdout) != 0) ok = 0;
  if (!ok) {
    fprintf(stderr, "%s", _("kioku schema: could not write the schema\n"));
    return 1;
  }
  return 0;
}
