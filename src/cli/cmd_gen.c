/*
** cmd_gen.c -- `kioku gen DOC [--deck-id ID] [--title T] [--lang ja|en]
** [--max N] [--id-prefix P] [--against DECKS]... [--mark] [--no-mecab]
** [--mecab-dicdir DIR] [-o FILE] [--force]`: drafts a deck from a document
** (core/gen.h) and prints what it found and kept to stderr.
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/base/i18n.h"
#include "cli/usage.h"
#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "core/base/diag.h"
#include "core/base/file.h"
#include "core/gen/gen.h"

static int usage(void) {
  kk_cli_help("gen", stderr);
  return 2;
}

static int gen_run(int argc, char **argv, kk_CliDecks *against);

int kk_cmd_gen(int argc, char **argv) {
  kk_CliDecks against = {0};
  int rc = gen_run(argc, argv, &against);
  kk_cli_decks_free(&against);
  return rc;
}

static int gen_run(int argc, char **argv, kk_CliDecks *against) {
  kk_GenOptions opt = {0};
  const char *doc = NULL, *outpath = NULL, *schema_ref = NULL;
  int force = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **dst = NULL;
    if (strcmp(a, "--no-mecab") == 0) {
      opt.no_morph = 1;
      continue;
    }
    if (strcmp(a, "--mark") == 0) {
      opt.against_mark = 1;
      continue;
    }
    if (strcmp(a, "--mecab-dicdir") == 0) {
      if (++i >= argc) return usage();
      opt.mecab_dicdir = argv[i];
      continue;
    }
    if (strcmp(a, "--against") == 0) {
      if (++i >= argc) return usage();
      kk_Diags diags;
      kk_diags_init(&diags, 0);
      int ok = kk_cli_decks_load(against, argv[i], &diags);
      kk_diags_print(&diags, stderr);
      kk_diags_free(&diags);
      if (!ok) {
        fprintf(stderr, _("kioku gen: cannot use --against %s: it has errors\n"), argv[i]);
        return 1;
      }
      opt.against = (const kk_Deck *const *)against->v;
      opt.nagainst = against->n;
      continue;
    }
    if (strcmp(a, "--deck-id") == 0)
      dst = &opt.deck_id;
    else if (strcmp(a, "--title") == 0)
      dst = &opt.title;
    else if (strcmp(a, "--lang") == 0)
      dst = &opt.lang;
    else if (strcmp(a, "--id-prefix") == 0)
      dst = &opt.id_prefix;
    else if (strcmp(a, "--schema") == 0)
      dst = &schema_ref;
    else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
      dst = &outpath;
    else if (strcmp(a, "--force") == 0) {
      force = 1;
      continue;
    } else if (strcmp(a, "--max") == 0) {
      if (++i >= argc) return usage();
      long v = 0;
      if (!kk_cli_whole(argv[i], 1, LONG_MAX, &v)) {
        fprintf(stderr, _("kioku gen: --max needs a positive number, not '%s'\n"), argv[i]);
        return 2;
      }
      opt.max_cards = (size_t)v;
      continue;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, _("kioku gen: unknown option '%s'\n"), a);
      return usage();
    } else if (!doc) {
      doc = a;
      continue;
    } else
      return usage();
    if (++i >= argc) return usage();
    *dst = argv[i];
  }
  if (!doc) return usage();
  if (!kk_cli_lang_ok("gen", opt.lang)) return 2;
  const char *base = strrchr(doc, '/');
  opt.doc_name = base ? base + 1 : doc;

  size_t len = 0;
  kk_Err rerr;
  char *text = NULL;
  /* one byte over the generator's limit, so the generator reports it */
  if (kk_file_read(doc, (size_t)KK_GEN_DOC_MAX + 1, &text, &len, &rerr) != KK_OK) {
    char msg[KK_ERR_PATH_MAX + KK_ERR_MSG_MAX + 32];
    kk_err_format(&rerr, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    return 1;
  }
  struct stat sb;
  if (outpath && !force && stat(outpath, &sb) == 0) {
    fprintf(stderr, _("kioku gen: %s exists; use --force to overwrite it\n"), outpath);
    kk_free(text);
    return 1;
  }
  /* generate into memory first so a failure leaves no half-written file */
  char *yaml = NULL;
  size_t ylen = 0;
  FILE *mem = open_memstream(&yaml, &ylen);
  if (mem) { /* first line: the schema for editors (docs/editors.md) */
    char line[PATH_MAX * 2 + 64];
    if (!schema_ref)
      kk_cli_modeline(outpath, "deck", line, sizeof line);
    else if (strcmp(schema_ref, "none") != 0)
      kk_cli_modeline_ref(schema_ref, line, sizeof line);
    else
      line[0] = '\0';
    fputs(line, mem);
  }
  if (!mem) {
    kk_free(text);
    fprintf(stderr, "kioku gen: %s\n", _("out of memory"));
    return 1;
  }
  kk_GenStats st;
  kk_Err err;
  kk_Status s = kk_gen_deck(text, len, &opt, mem, &st, &err);
  fclose(mem);
  kk_free(text);
  if (st.morph < 0)
    fprintf(stderr,
            _("kioku gen: %s; falling back to rule-based blanks (figures and quoted terms "
              "only, no key terms)\n"),
            st.morph_why);
  if (s != KK_OK) {
    char msg[1200];
    if (err.path[0] == '\0' || strcmp(err.path, opt.doc_name) == 0)
      snprintf(err.path, sizeof err.path, "%s", doc);
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    free(yaml);
    return s == KK_ERR_USAGE ? 2 : 1;
  }
  size_t nkept = 0;
  for (int k = 0; k < KK_GEN_KIND_COUNT; k++) nkept += st.kept[k];
  if (nkept == 0) {
    kk_cli_error(doc, "%s",
                 _("no cards could be drafted (no figures, quoted terms, defining "
                   "sentences, lists or tables found)"));
    free(yaml);
    return 1;
  }
  int bad;
  kk_Err werr;
  if (outpath) {
    bad = kk_atomic_write(outpath, force ? KK_ATOMIC_FORCE : 0, yaml, ylen, &werr) != KK_OK;
    if (bad) {
      char msg[KK_ERR_PATH_MAX + KK_ERR_MSG_MAX + 32];
      kk_err_format(&werr, msg, sizeof msg);
      fprintf(stderr, "%s\n", msg);
    }
  } else {
    fwrite(yaml, 1, ylen, stdout);
    bad = fflush(stdout) != 0 || ferror(stdout);
    if (bad) kk_cli_error("stdout", "%s", _("write failed"));
  }
  free(yaml);
  if (bad) return 1;
  size_t found = 0, kept = 0;
  char nh[48], ns[48], nl[48], nt[48];
  snprintf(nh, sizeof nh, kk_ngettext("%zu heading", "%zu headings", st.headings), st.headings);
  snprintf(ns, sizeof ns, kk_ngettext("%zu sentence", "%zu sentences", st.sentences), st.sentences);
  snprintf(nl, sizeof nl, kk_ngettext("%zu list", "%zu lists", st.lists), st.lists);
  snprintf(nt, sizeof nt, kk_ngettext("%zu table", "%zu tables", st.tables), st.tables);
  /* TRANSLATORS: the document, then its headings, sentences, lists, tables */
  fprintf(stderr, _("kioku gen: %s: %s, %s, %s, %s\n"), opt.doc_name, nh, ns, nl, nt);
  fprintf(stderr, "%s", _("kioku gen: candidates found/kept:"));
  for (int k = 0; k < KK_GEN_KIND_COUNT; k++) {
    fprintf(stderr, " %s %zu/%zu", kk_gen_kind_name((kk_GenKind)k), st.found[k], st.kept[k]);
    found += st.found[k];
    kept += st.kept[k];
  }
  fprintf(stderr,
          kk_ngettext("; total %zu/%zu (%zu near-duplicate or repeated answer dropped)\n",
                      "; total %zu/%zu (%zu near-duplicates or repeated answers dropped)\n",
                      st.duplicates),
          found, kept, st.duplicates);
  fprintf(stderr,
          _("kioku gen: morphology: %s; context: %zu widened to the previous sentence, %zu "
            "resolved, %zu dropped (still needed a neighbour)"),
          st.morph > 0   ? "MeCab"
          : st.morph < 0 ? _("unavailable (rules)")
                         : _("rules"),
          st.widened, st.resolved, st.context);
  fprintf(stderr,
          kk_ngettext("; %zu sentence skipped (captions, boilerplate, no subject)",
                      "; %zu sentences skipped (captions, boilerplate, no subject)", st.skipped),
          st.skipped);
  if (opt.nagainst)
    fprintf(stderr,
            opt.against_mark
                ? kk_ngettext("; %zu draft marked as already in the given decks",
                              "; %zu drafts marked as already in the given decks", st.against)
                : kk_ngettext("; %zu draft dropped as already in the given decks",
                              "; %zu drafts dropped as already in the given decks", st.against),
            st.against);
  fputc('\n', stderr);
  return 0;
}
