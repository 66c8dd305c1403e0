/*
** qbank.c -- draft cards and images of an imported question bank, and
** their all-or-nothing writer.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/interop/qbank.h"
#include "core/base/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/atomic.h"
#include "core/base/paths.h"
#include "core/base/utf8.h"
#include "core/deck/idset.h"
#include "core/deck/export.h"
#include "core/deck/load.h"

kk_DraftCard *kk_qbank_add(kk_Qbank *q) {
  if (q->ncards >= KK_DECK_MAX_CARDS) return NULL;
  if (q->ncards == q->acards) {
    kk_DraftCard *nv = kk_grow(q->cards, &q->acards, q->ncards + 1, sizeof *nv, 64);
    if (!nv) return NULL;
    q->cards = nv;
  }
  kk_DraftCard *c = &q->cards[q->ncards++];
  memset(c, 0, sizeof *c);
  return c;
}

char *kk_qbank_str(kk_Qbank *q, const char *s, size_t n) {
  return kk_arena_strndup(&q->ar, s ? s : "", s ? n : 0);
}

kk_Status kk_qbank_image(kk_Qbank *q, const char *name, const void *data, size_t len, kk_Err *err) {
  if (!kk_paths_plain_name(name))
    return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0,
                      _("image name '%s' would leave the deck's folder"), name);
  if (len > KK_QBANK_MAX_IMAGE)
    return kk_err_set(err, KK_ERR_LIMIT, NULL, 0, 0, _("image '%s' is larger than %zu bytes"), name,
                      KK_QBANK_MAX_IMAGE);
  for (size_t i = 0; i < q->nimages; i++)
    if (strcmp(q->images[i].name, name) == 0) return KK_OK; /* first one wins */
  if (q->nimages == q->aimages) {
    kk_QbankImage *nv = kk_grow(q->images, &q->aimages, q->nimages + 1, sizeof *nv, 8);
    if (!nv) goto nomem;
    q->images = nv;
  }
  kk_QbankImage *im = &q->images[q->nimages];
  im->name = kk_arena_strdup(&q->ar, name);
  char *d = kk_arena_alloc(&q->ar, len ? len : 1);
  if (!im->name || !d) goto nomem;
  if (len) memcpy(d, data, len);
  im->data = d;
  im->len = len;
  q->nimages++;
  return KK_OK;
nomem:
  return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
}

size_t kk_qbank_drop_oversize(kk_Qbank *q, const char *path, kk_Diags *diags) {
  size_t k = 0, dropped = 0;
  for (size_t i = 0; i < q->ncards; i++) {
    const kk_DraftCard *c = &q->cards[i];
    char why[160];
    if (kk_draft_misfit(c, why, sizeof why)) {
      char who[32];
      snprintf(who, sizeof who, "%zu", i + 1);
      const char *name = c->id && *c->id ? c->id : who;
      if (diags)
        kk_diags_add(diags, KK_SEV_WARNING, path, c->src_line, c->src_line ? 1 : 0,
                     _("question '%s' has %s; skipped"), name, why);
      dropped++;
      continue;
    }
    q->cards[k++] = *c;
  }
  q->ncards = k;
  return dropped;
}

void kk_qbank_free(kk_Qbank *q) {
  if (!q) return;
  kk_free(q->cards);
  kk_free(q->images);
  kk_arena_free(&q->ar);
  memset(q, 0, sizeof *q);
}

double kk_qbank_fraction(int correct, size_t ncorrect, size_t noptions) {
  if (correct) return ncorrect ? 1.0 / (double)ncorrect : 0;
  size_t nwrong = noptions > ncorrect ? noptions - ncorrect : 0;
  return nwrong ? -1.0 / (double)nwrong : 0;
}

void kk_qbank_percent(char *buf, size_t size, double fr) {
  snprintf(buf, size, "%.5f", fr * 100);
  char *e = buf + strlen(buf) - 1;
  while (e > buf && *e == '0') *e-- = '\0';
  if (*e == '.') *e = '\0';
  if (strcmp(buf, "-0") == 0) snprintf(buf, size, "0");
}

/* The stem of a file name, and it slugged (lower-case letters, digits, '-'). */
static void stem_slug(const char *name, char *stem, size_t ss, char *slug, size_t sl) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  const char *dot = strrchr(base, '.');
  int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
  snprintf(stem, ss, "%.*s", n, base);
  size_t k = 0;
  int dash = 1;
  for (int i = 0; i < n && k + 1 < sl && k < 60; i++) {
    char c = base[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug[k++] = c;
      dash = 0;
    } else if (!dash) {
      slug[k++] = '-';
      dash = 1;
    }
  }
  while (k && slug[k - 1] == '-') k--;
  slug[k] = '\0';
  if (!k) snprintf(slug, sl, "bank");
}

kk_Status kk_qbank_write(kk_Qbank *q, const kk_QbankOptions *opt, const char *yaml_path,
                         kk_Err *err) {
  char stem[256], deck_id[KK_DECK_MAX_ID + 1], dir[1024];
  const char *name = opt->name ? opt->name : "bank";
  stem_slug(name, stem, sizeof stem, deck_id, sizeof deck_id);
  if (opt->deck_id) {
    if (!kk_deck_valid_id(opt->deck_id))
      return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0,
                        _("deck id '%s' must be 1 to %d letters, digits, '-', '_' or '.'"),
                        opt->deck_id, KK_DECK_MAX_ID);
    snprintf(deck_id, sizeof deck_id, "%s", opt->deck_id);
  }
  if (!q->ncards)
    return kk_err_set(err, KK_ERR_INVALID, name, 0, 0, _("no questions Kioku can hold"));
  /* ids, sources, language */
  size_t cjk = 0, latin = 0;
  kk_IdSet *ids = kk_idset_new();
  if (!ids) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  for (size_t i = 0; i < q->ncards; i++) {
    kk_DraftCard *c = &q->cards[i];
    char own[KK_DECK_MAX_ID + 16], id[KK_DECK_MAX_ID + 1];
    if (c->id && kk_deck_valid_id(c->id))
      snprintf(own, sizeof own, "%s", c->id);
    else
      kk_deck_derive_id(deck_id, kk_card_type_name(c->type), c->front, own, sizeof own);
    if (!kk_idset_unique(ids, own, id, sizeof id) || !(c->id = kk_arena_strdup(&q->ar, id))) {
      kk_idset_free(ids);
      return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    }
    if (!c->src_doc) c->src_doc = name;
    for (size_t k = 0, l = strlen(c->front); k < l;) {
      size_t used = 0;
      uint32_t cp = kk_utf8_at(c->front, l, k, &used);
      if (kk_utf8_is_cjk(cp))
        cjk++;
      else if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
        latin++;
      k += used ? used : 1;
    }
  }
  kk_idset_free(ids);
  const char *sources[] = {name};
  kk_DraftDeck d = {
      .id = deck_id,
      .title = opt->title ? opt->title
               : q->title ? q->title
                          : stem,
      .language = opt->lang                 ? opt->lang
                  : cjk * 4 >= latin && cjk ? "ja"
                                            : "en",
      .sources = sources,
      .nsources = 1,
      .header = "Imported from a question bank; check it with `kioku lint`.",
      .cards = q->cards,
      .ncards = q->ncards,
  };
  char *yaml = NULL;
  size_t ylen = 0;
  FILE *f = open_memstream(&yaml, &ylen);
  if (!f) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  if (opt->first_line) fputs(opt->first_line, f);
  kk_yaml_write_deck(f, &d);
  if (fclose(f) != 0) {
    free(yaml);
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  }
  kk_Status st = KK_OK;
  kk_Diags dg;
  kk_diags_init(&dg, 4);
  kk_Deck *chk = NULL;
  size_t written = 0;
  char(*paths)[1100] = NULL;
  if (kk_deck_load_mem(yaml, ylen, yaml_path, &dg, &chk) != KK_OK) {
    kk_Err e;
    kk_diags_first_error(&dg, &e);
    st = kk_err_set(err, KK_ERR_INVALID, name, 0, 0, _("the deck would not load: %s (line %d)"),
                    e.msg, e.line);
    goto done;
  }
  /* the images go beside the deck file */
  const char *slash = strrchr(yaml_path, '/');
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - yaml_path) : 1, slash ? yaml_path : ".");
  paths = kk_calloc(q->nimages + 1, sizeof *paths);
  if (!paths) {
    st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    goto done;
  }
  snprintf(paths[0], sizeof paths[0], "%s", yaml_path);
  for (size_t i = 0; i < q->nimages; i++)
    snprintf(paths[i + 1], sizeof paths[i + 1], "%s/%s", dir, q->images[i].name);
  if (!opt->force)
    for (size_t i = 0; i <= q->nimages; i++) {
      struct stat sb;
      if (lstat(paths[i], &sb) == 0) {
        st = kk_err_set(err, KK_ERR_EXISTS, paths[i], 0, 0,
                        _("exists; use --force to overwrite it"));
        goto done;
      }
    }
  for (; written <= q->nimages; written++) {
    const void *data = written ? q->images[written - 1].data : yaml;
    size_t len = written ? q->images[written - 1].len : ylen;
    st = kk_atomic_write(paths[written], opt->force ? KK_ATOMIC_FORCE : 0, data, len, err);
    if (st != KK_OK) {
      for (size_t k = 0; k < written; k++) unlink(paths[k]);
      goto done;
    }
  }
done:
  kk_deck_free(chk);
  kk_diags_free(&dg);
  kk_free(paths);
  free(yaml);
  return st;
}

void kk_qbank_report(kk_Diags *report, const kk_Deck *d, const kk_Card *c, const char *fmt, ...) {
  if (!report) return;
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  // NOLINTBEGIN(clang-analyzer-valist.Uninitialized): started just above
  vsnprintf(msg, sizeof msg, fmt, ap);
  // NOLINTEND(clang-analyzer-valist.Uninitialized)
  va_end(ap);
  kk_diags_add(report, KK_SEV_WARNING, kk_deck_path(d), c->line, c->col, _("card '%s': %s"), c->id,
               msg);
}

char *kk_qbank_html(const char *s) {
  char *p = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&p, &n);
  if (!f) return NULL;
  kk_export_html(f, s ? s : "");
  if (fclose(f) != 0) {
    free(p);
    return NULL;
  }
  return p;
}

kk_QbankSection *kk_qbank_section(kk_QbankSections *s, const char *category, size_t cap) {
  if (s->n == s->cap) {
    kk_QbankSection *nv = kk_grow(s->v, &s->cap, s->n + 1, sizeof *nv, 8);
    if (!nv) return NULL;
    s->v = nv;
  }
  kk_QbankSection *sec = &s->v[s->n];
  memset(sec, 0, sizeof *sec);
  sec->category = kk_arena_strdup(&s->ar, category);
  sec->decks = kk_arena_alloc(&s->ar, (cap ? cap : 1) * sizeof(const kk_Deck *));
  sec->cards = kk_arena_alloc(&s->ar, (cap ? cap : 1) * sizeof(const kk_Card *));
  if (!sec->category || !sec->decks || !sec->cards) return NULL;
  sec->cap = cap;
  s->n++;
  return sec;
}

void kk_qbank_section_add(kk_QbankSection *sec, const kk_Deck *d, const kk_Card *c) {
  if (sec->n >= sec->cap) return;
  sec->decks[sec->n] = d;
  sec->cards[sec->n++] = c;
}

kk_Status kk_qbank_sections_decks(kk_QbankSections *s, kk_Deck *const *decks, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t nc = kk_deck_card_count(decks[i]);
    kk_QbankSection *sec = kk_qbank_section(s, kk_deck_title(decks[i]), nc);
    if (!sec) return KK_ERR_NOMEM;
    for (size_t k = 0; k < nc; k++) kk_qbank_section_add(sec, decks[i], kk_deck_card(decks[i], k));
  }
  return KK_OK;
}

void kk_qbank_sections_free(kk_QbankSections *s) {
  if (!s) return;
  kk_free(s->v);
  kk_arena_free(&s->ar);
  memset(s, 0, sizeof *s);
}

void kk_qbank_report_short_answer(kk_Diags *report, const kk_Deck *d, const kk_Card *c) {
  kk_qbank_report(report, d, c,
                  c->type == KK_CARD_REVERSED
                      ? _("%s becomes a short answer: the back must be typed exactly; the "
                          "back-to-front direction is dropped")
                      : _("%s becomes a short answer: the back must be typed exactly"),
                  kk_card_type_name(c->type));
}
