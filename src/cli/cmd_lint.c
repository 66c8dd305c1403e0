/*
** cmd_lint.c -- `kioku lint`: check decks (and exam specs) and print
** GCC-style diagnostics; `--fix-ids` writes derived ids into cards that
** have none, as a text edit that keeps comments and formatting.
*/
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/base/i18n.h"
#include "core/base/atomic.h"
#include "cli/usage.h"
#include "cli/lintx.h"
#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/base/utf8.h"
#include "core/deck/deckdir.h"
#include "core/deck/load.h"
#include "core/deck/ydoc.h"

/* Is this YAML file an exam spec?  Its first top-level key is `exam:`. */
static int looks_like_exam(const char *buf) {
  const char *p = buf;
  while (p && *p) {
    if (*p != '#' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' &&
        strncmp(p, "---", 3) != 0)
      return strncmp(p, "exam:", 5) == 0;
    p = strchr(p, '\n');
    if (p) p++;
  }
  return 0;
}

/* ---- --fix-ids ---------------------------------------------------------------*/

/* From a card's start (which may be a tag `!!map` or an anchor `&a`), the
** place to insert its id: the '{' of a flow mapping, or the first key of a
** block mapping.  *indent receives the key's column (0-based) for block
** mappings. */
static size_t insert_point(const char *buf, size_t len, size_t p, size_t *indent) {
  for (;;) {
    while (p < len && (buf[p] == ' ' || buf[p] == '\t')) p++;
    if (p < len && (buf[p] == '!' || buf[p] == '&')) {
      while (p < len && buf[p] != ' ' && buf[p] != '\t' && buf[p] != '\n') p++;
      continue;
    }
    if (p < len && buf[p] == '#')
      while (p < len && buf[p] != '\n') p++;
    if (p < len && (buf[p] == '\n' || buf[p] == '\r')) {
      while (p < len && (buf[p] == '\n' || buf[p] == '\r')) p++;
      continue;
    }
    break;
  }
  size_t ls = p;
  while (ls > 0 && buf[ls - 1] != '\n') ls--;
  *indent = 0;
  for (size_t i = ls; i < p; i++) *indent += ((unsigned char)buf[i] & 0xC0) != 0x80;
  return p;
}

/* Writes data over the deck at path with the atomic writer (the real file
** behind a symbolic link is replaced; its mode is kept).  Returns 0, or -1
** (reported). */
static int replace_file(const char *path, const char *data, size_t n) {
  char real[PATH_MAX];
  if (!realpath(path, real)) {
    kk_cli_error(path, _("cannot resolve: %s"), strerror(errno));
    return -1;
  }
  kk_Err e;
  if (kk_atomic_write(real, KK_ATOMIC_FORCE, data, n, &e) != KK_OK) {
    char msg[KK_ERR_PATH_MAX + KK_ERR_MSG_MAX + 32];
    kk_err_format(&e, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    return -1;
  }
  return 0;
}

/* Writes ids into the id-less cards of deck into path's text.  The edited
** text is loaded again before anything is written: it must load with the
** same cards and the ids written.  Returns the number written, -1 on error
** (reported; the file is then left as it was). */
static int fix_ids(const char *path, const char *buf, size_t len, const kk_Deck *deck) {
  size_t n = kk_deck_card_count(deck), nfix = 0, cap = len + 1;
  for (size_t i = 0; i < n; i++) {
    const kk_Card *c = kk_deck_card(deck, i);
    if (!c->id_derived) continue;
    nfix++;
    size_t p = kk_utf8_line_col_to_off(buf, len, c->line, c->col), indent;
    insert_point(buf, len, p, &indent);
    size_t add = strlen(c->id) + indent + 16;
    if (cap > SIZE_MAX - add) return -1;
    cap += add;
  }
  if (!nfix) return 0;
  /* a file rewritten anyway gets the schema line editors read, if it lacks one */
  char line[PATH_MAX * 2 + 64] = "";
  if (!kk_cli_has_modeline(buf, len)) kk_cli_modeline(path, "deck", line, sizeof line);
  size_t bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  cap += strlen(line);
  char *out = malloc(cap);
  if (!out) {
    kk_cli_error(path, "%s", _("out of memory"));
    return -1;
  }
  memcpy(out, buf, bom);
  memcpy(out + bom, line, strlen(line));
  size_t o = bom + strlen(line), at = bom;
  for (size_t i = 0; i < n; i++) {
    const kk_Card *c = kk_deck_card(deck, i);
    if (!c->id_derived) continue;
    size_t indent;
    size_t p = insert_point(buf, len, kk_utf8_line_col_to_off(buf, len, c->line, c->col), &indent);
    memcpy(out + o, buf + at, p - at);
    o += p - at;
    if (p < len && buf[p] == '{') { /* flow mapping: {id: X, type: ...} */
      o += (size_t)snprintf(out + o, cap - o, "{id: %s, ", c->id);
      at = p + 1;
    } else { /* block mapping: "id: X" then the key's own indentation */
      o += (size_t)snprintf(out + o, cap - o, "id: %s\n%*s", c->id, (int)indent, "");
      at = p;
    }
  }
  memcpy(out + o, buf + at, len - at);
  o += len - at;
  /* check the edit before it touches the file */
  kk_Diags check;
  kk_diags_init(&check, 0);
  kk_Deck *again = NULL;
  int ok =
      kk_deck_load_mem(out, o, path, &check, &again) == KK_OK && kk_deck_card_count(again) == n;
  for (size_t i = 0; ok && i < n; i++) {
    const kk_Card *was = kk_deck_card(deck, i), *now = kk_deck_card(again, i);
    ok = !now->id_derived && strcmp(was->id, now->id) == 0;
  }
  kk_deck_free(again);
  kk_diags_free(&check);
  int rc = -1;
  if (!ok)
    kk_cli_error(path, "%s",
                 _("could not insert the ids safely here; the file is unchanged "
                   "(write the ids by hand)"));
  else if (replace_file(path, out, o) == 0)
    rc = (int)nfix;
  free(out);
  return rc;
}

/* ---- main ---------------------------------------------------------------------*/

int kk_cmd_lint(int argc, char **argv) {
  int json = 0, fix = 0;
  kk_DeckDir pl;
  kk_deckdir_init(&pl);
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  int usage = 0, missing = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--format") == 0 && i + 1 < argc) {
      const char *f = argv[++i];
      if (strcmp(f, "json") == 0)
        json = 1;
      else if (strcmp(f, "text") == 0)
        json = 0;
      else
        usage = 1;
    } else if (strncmp(a, "--format=", 9) == 0) {
      if (strcmp(a + 9, "json") == 0)
        json = 1;
      else if (strcmp(a + 9, "text") != 0)
        usage = 1;
    } else if (strcmp(a, "--fix-ids") == 0) {
      fix = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, _("kioku lint: unknown option '%s'\n"), a);
      usage = 1;
    } else {
      /* folders recursively; links followed, each folder and file once */
      kk_Status st = kk_deckdir_add(&pl, a, 1, &diags);
      if (st == KK_ERR_NOMEM) {
        fprintf(stderr, "kioku lint: %s\n", _("out of memory"));
        usage = 1;
      } else if (st) {
        missing = 1;
      }
    }
  }
  if (usage || (pl.n == 0 && !missing)) {
    kk_cli_help("lint", stderr);
    kk_deckdir_free(&pl);
    kk_diags_free(&diags);
    return 2;
  }
  // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
  kk_Deck **decks = calloc(pl.n ? pl.n : 1, sizeof *decks);
  // NOLINTEND(bugprone-sizeof-expression)
  size_t ndecks = 0;
  int fixed_total = 0, io_fail = 0;
  for (size_t i = 0; decks && i < pl.n; i++) {
    const char *path = pl.paths[i];
    char *buf;
    size_t len;
    kk_Err e;
    kk_YLimits lim;
    kk_ylimits_default(&lim);
    if (kk_file_read(path, lim.max_bytes, &buf, &len, &e) != KK_OK) {
      kk_diags_add(&diags, KK_SEV_ERROR, path, 0, 0, "%s", e.msg);
      continue;
    }
    if (kk_cli_lint_pack(path, buf, len, &diags)) {
      kk_free(buf);
      continue;
    }
    if (looks_like_exam(buf)) {
      kk_cli_lint_exam(path, buf, len, &diags);
      kk_free(buf);
      continue;
    }
    kk_Deck *d = NULL;
    if (kk_deck_load_mem(buf, len, path, &diags, &d) == KK_OK &&
        kk_deck_resolve_assets(d, path, &diags) != KK_OK) {
      kk_deck_free(d);
      d = NULL;
    }
    if (d && fix) {
      int nf = fix_ids(path, buf, len, d);
      if (nf < 0)
        io_fail = 1;
      else
        fixed_total += nf;
    }
    kk_free(buf);
    if (d) decks[ndecks++] = d;
  }
  if (ndecks > 1) kk_decks_check_duplicates(decks, ndecks, &diags);
  kk_diags_sort(&diags);
  if (json)
    kk_diags_print_json(&diags, stdout);
  else
    kk_diags_print(&diags, stderr), kk_diags_print_count(&diags, stderr);
  if (fix && fixed_total)
    fprintf(
        stderr,
        kk_ngettext("kioku lint: wrote %d id; the warnings above about missing ids are fixed\n",
                    "kioku lint: wrote %d ids; the warnings above about missing ids are fixed\n",
                    (unsigned long)fixed_total),
        fixed_total);
  if (!json && !diags.nerrors && !diags.nwarnings && !missing)
    fprintf(stderr,
            kk_ngettext("kioku lint: %zu file, no problems\n",
                        "kioku lint: %zu files, no problems\n", pl.n),
            pl.n);
  int rc = diags.nerrors || missing || io_fail || (diags.nwarnings && !fix) ? 1 : 0;
  for (size_t i = 0; i < ndecks; i++) kk_deck_free(decks[i]);
  free(decks);
  kk_diags_free(&diags);
  kk_deckdir_free(&pl);
  return rc;
}
