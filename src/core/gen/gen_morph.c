/*
** gen_morph.c -- MeCab behind kk_GenMorph (gen_morph.h): the tagger, and
** the IPA dictionary's part-of-speech columns mapped to the few classes
** the generator needs.  Without KK_HAVE_MECAB only the refusal is built.
*/
#include "core/gen/gen_morph.h"
#include "core/base/i18n.h"

#include <stdio.h>
#include <string.h>

#include "core/base/alloc.h"

#ifdef KK_HAVE_MECAB
#include <mecab.h>

struct kk_GenMorph {
  mecab_t *tagger;
  kk_GenTok *toks;
  size_t cap, ntoks;
  int oom;
  /* the last text parsed: the generator asks about one sentence several
  ** times (topic, subject, terms, figures), so it is parsed once */
  char *last;
  size_t last_n, last_cap;
};

int kk_gen_morph_oom(const kk_GenMorph *m) { return m && m->oom; }

int kk_gen_morph_open(const char *dicdir, kk_GenMorph **out, char *why, size_t whysz) {
  *out = NULL;
  char arg[1100];
  if (dicdir)
    snprintf(arg, sizeof arg, "-d %s", dicdir);
  else
    arg[0] = '\0';
  mecab_t *t = mecab_new2(arg);
  if (!t) {
    const char *e = mecab_strerror(NULL);
    if (e && *e)
      if (dicdir)
        snprintf(why, whysz, _("MeCab could not load its dictionary %s: %s"), dicdir, e);
      else
        snprintf(why, whysz, _("MeCab could not load its dictionary: %s"), e);
    else if (dicdir)
      snprintf(why, whysz, _("MeCab found no dictionary in %s"), dicdir);
    else
      snprintf(why, whysz, "%s", _("MeCab found no dictionary (install mecab-ipadic-utf8)"));
    return 0;
  }
  kk_GenMorph *m = kk_calloc(1, sizeof *m);
  if (!m) {
    mecab_destroy(t);
    snprintf(why, whysz, "%s", _("out of memory"));
    return -1;
  }
  m->tagger = t;
  *out = m;
  return 1;
}

void kk_gen_morph_close(kk_GenMorph *m) {
  if (!m) return;
  mecab_destroy(m->tagger);
  kk_free(m->toks);
  kk_free(m->last);
  kk_free(m);
}

/* The n-th comma-separated column of a feature string (IPA dictionary:
** pos, sub1, sub2, sub3, conjugation, form, base, reading, sound). */
static int column(const char *f, int n, const char *want) {
  for (int i = 0; i < n && f; i++) {
    f = strchr(f, ',');
    if (f) f++;
  }
  if (!f) return 0;
  size_t k = strlen(want);
  return strncmp(f, want, k) == 0 && (f[k] == ',' || f[k] == '\0');
}

static void classify(const char *f, kk_GenTok *t, const char *surface, size_t len) {
  t->pos = KK_TOK_OTHER;
  t->flags = 0;
  if (column(f, 0, "名詞")) {
    if (column(f, 1, "固有名詞")) {
      t->pos = KK_TOK_PROPER;
      if (column(f, 2, "人名"))
        t->flags |= KK_TOKF_PERSON;
      else if (column(f, 2, "組織"))
        t->flags |= KK_TOKF_ORG;
      else if (column(f, 2, "地域"))
        t->flags |= column(f, 3, "国") ? KK_TOKF_COUNTRY | KK_TOKF_PLACE : KK_TOKF_PLACE;
    } else if (column(f, 1, "数"))
      t->pos = KK_TOK_NUM;
    else if (column(f, 1, "接尾")) {
      t->pos = KK_TOK_SUFFIX;
      if (column(f, 2, "助数詞")) t->flags |= KK_TOKF_COUNTER;
    } else if (column(f, 1, "代名詞"))
      t->pos = KK_TOK_PRONOUN;
    else if (column(f, 1, "非自立") || column(f, 1, "副詞可能") || column(f, 1, "特殊") ||
             column(f, 1, "接続詞的") || column(f, 1, "動詞非自立的"))
      t->pos = KK_TOK_DEPNOUN;
    else
      t->pos = KK_TOK_NOUN;
    /* unknown words made of digits, signs or Latin punctuation ("%", ",")
    ** are not nouns to build terms from */
    int letter = 0;
    for (size_t i = 0; i < len; i++) {
      unsigned char c = (unsigned char)surface[i];
      if (c >= 0x80 || ((c | 32) >= 'a' && (c | 32) <= 'z')) letter = 1;
    }
    if (!letter && t->pos != KK_TOK_NUM) t->pos = KK_TOK_SYMBOL;
  } else if (column(f, 0, "接頭詞")) {
    t->pos = KK_TOK_PREFIX;
    if (column(f, 1, "数接続")) t->flags |= KK_TOKF_PRENUM;
  } else if (column(f, 0, "助詞")) {
    t->pos = KK_TOK_PARTICLE;
    if (len == 3 && memcmp(surface, "は", 3) == 0 && column(f, 1, "係助詞"))
      t->flags |= KK_TOKF_TOPIC;
    if (len == 3 && memcmp(surface, "が", 3) == 0 && column(f, 1, "格助詞"))
      t->flags |= KK_TOKF_SUBJECT;
  } else if (column(f, 0, "助動詞"))
    t->pos = KK_TOK_AUX;
  else if (column(f, 0, "動詞")) {
    t->pos = KK_TOK_VERB;
    if (column(f, 6, "する")) t->flags |= KK_TOKF_SURU;
  } else if (column(f, 0, "記号")) {
    t->pos = KK_TOK_SYMBOL;
    if (len == 3 && memcmp(surface, "・", 3) == 0) t->flags |= KK_TOKF_NAKAGURO;
  }
}

size_t kk_gen_morph_parse(kk_GenMorph *m, const char *s, size_t n, const kk_GenTok **toks) {
  *toks = NULL;
  if (!m || n == 0) return 0;
  if (m->last && m->last_n == n && memcmp(m->last, s, n) == 0) {
    *toks = m->toks;
    return m->ntoks;
  }
  m->last_n = 0;
  /* MeCab reads past the given length to a NUL in some lookups (ASan
  ** caught it on a text slice): it parses a NUL-terminated copy, which is
  ** also the cache key for the next call. */
  if (!m->last || n + 1 > m->last_cap) {
    char *nl = kk_realloc(m->last, n + 1);
    if (!nl) {
      m->oom = 1;
      return 0;
    }
    m->last = nl, m->last_cap = n + 1;
  }
  memcpy(m->last, s, n);
  m->last[n] = '\0';
  const char *text = m->last;
  const mecab_node_t *node = mecab_sparse_tonode2(m->tagger, text, n);
  size_t k = 0;
  for (const mecab_node_t *p = node; p; p = p->next) {
    if (p->stat == MECAB_BOS_NODE || p->stat == MECAB_EOS_NODE || p->length == 0) continue;
    if (k == m->cap) {
      kk_GenTok *nt = kk_grow(m->toks, &m->cap, k + 1, sizeof *nt, 64);
      if (!nt) {
        m->oom = 1;
        return 0;
      }
      m->toks = nt;
    }
    kk_GenTok *t = &m->toks[k++];
    t->start = (size_t)(p->surface - text);
    t->end = t->start + p->length;
    classify(p->feature ? p->feature : "", t, p->surface, p->length);
  }
  m->last_n = n;
  m->ntoks = k;
  *toks = m->toks;
  return k;
}

#else /* built without MeCab */

int kk_gen_morph_open(const char *dicdir, kk_GenMorph **out, char *why, size_t whysz) {
  *out = NULL;
  snprintf(why, whysz, "%s",
           _("this build of kioku has no MeCab (install libmecab-dev and "
             "mecab-ipadic-utf8, then rebuild)"));
  return 0;
}

int kk_gen_morph_oom(const kk_GenMorph *m) { return 0; }

void kk_gen_morph_close(kk_GenMorph *m) { (void)m; }

size_t kk_gen_morph_parse(kk_GenMorph *m, const char *s, size_t n, const kk_GenTok **toks) {
  *toks = NULL;
  return 0;
}

#endif
