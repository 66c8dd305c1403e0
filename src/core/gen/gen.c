/*
** gen.c -- the deck generator: document structure, ranking, output.
** The candidate miners are in gen_mine.c (sentences) and gen_list.c (lists,
** tables), what to ask and in what context in gen_ctx.c, MeCab behind
** gen_morph.c, text helpers (figures, sentence ends, similarity) in
** gen_text.c.
**
** Divisions: document lines and headings -- ranking, ids, output.
*/
#include "core/gen/gen.h"
#include "core/base/i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/gen/gen_int.h"
#include "core/deck/yamlout.h"

static const char *const kind_names[KK_GEN_KIND_COUNT] = {
    "figure", "term", "definition", "order", "missing", "table", "keyterm", "choice", "truefalse",
};
static const char *const kind_short[KK_GEN_KIND_COUNT] = {
    "fig", "term", "def", "ord", "miss", "tab", "key", "cho", "tf",
};

const char *kk_gen_kind_name(kk_GenKind k) {
  return (unsigned)k < KK_GEN_KIND_COUNT ? kind_names[k] : NULL;
}

/* ---- document lines and headings ------------------------------------------- */

/* Recognises a list marker at text; returns its kind and the content. */
static int list_marker(const char *t, size_t len, const char **content, size_t *clen) {
  static const char *const bullets[] = {"• ", "・", "- ", "* ", "+ ", "◦ ", "‣ ", "●", "○", NULL};
  for (size_t i = 0; bullets[i]; i++)
    if (starts(t, len, bullets[i])) {
      size_t n = strlen(bullets[i]);
      *content = t + n;
      *clen = len - n;
      trim(content, clen);
      return *clen ? M_BULLET : M_NONE;
    }
  size_t i = 0;
  while (i < len && i < 3 && t[i] >= '0' && t[i] <= '9') i++;
  if (i > 0 && i + 1 < len && (t[i] == '.' || t[i] == ')') &&
      (t[i + 1] == ' ' || t[i + 1] == '\t')) {
    *content = t + i + 1;
    *clen = len - i - 1;
    trim(content, clen);
    return *clen ? M_NUMBER : M_NONE;
  }
  return M_NONE;
}

static int is_body(const Line *l) {
  if (l->kind == L_ITEM || l->kind == L_TABLE) return 1;
  if (l->kind != L_TEXT) return 0;
  return ends_punct(l->text, l->tlen) || contains(l->text, l->tlen, "。") ||
         kk_utf8_count(l->text, l->tlen) > 50;
}

static int split_lines(Gen *g, const char *text, size_t len) {
  size_t n = 1;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n') n++;
  g->lines = kk_calloc(n, sizeof *g->lines);
  if (!g->lines) return 0;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || text[i] == '\n') {
      Line *l = &g->lines[g->nlines++];
      l->s = text + start;
      l->len = i - start;
      if (l->len && l->s[l->len - 1] == '\r') l->len--;
      start = i + 1;
      if (i == len && l->len == 0) g->nlines--;
    }
  }
  return 1;
}

static void classify(Gen *g, int markdown) {
  int fenced = 0;
  for (size_t i = 0; i < g->nlines; i++) {
    Line *l = &g->lines[i];
    const char *t = l->s;
    size_t n = l->len;
    int indent = 0;
    while (n && (*t == ' ' || *t == '\t')) indent += *t == '\t' ? 4 : 1, t++, n--;
    while (n >= 3 && memcmp(t, "\xE3\x80\x80", 3) == 0) indent += 2, t += 3, n -= 3;
    l->indent = indent;
    l->text = t;
    l->tlen = n;
    trim(&l->text, &l->tlen);
    if (starts(t, n, "```") || starts(t, n, "~~~")) {
      fenced = !fenced;
      l->kind = L_SKIP;
      continue;
    }
    if (fenced) {
      l->kind = L_SKIP;
      continue;
    }
    if (l->tlen == 0) {
      l->kind = L_BLANK;
      continue;
    }
    if (t[0] == '#') {
      size_t h = 0;
      while (h < n && t[h] == '#') h++;
      if (h <= 6 && h < n && t[h] == ' ') {
        l->kind = L_HEADING;
        l->text = t + h;
        l->tlen = n - h;
        trim(&l->text, &l->tlen);
        while (l->tlen && l->text[l->tlen - 1] == '#') l->tlen--;
        trim(&l->text, &l->tlen);
        if (!l->tlen) l->kind = L_SKIP;
        continue;
      }
    }
    if (t[0] == '|' && memchr(t + 1, '|', n - 1)) {
      int sep = 1;
      for (size_t k = 0; k < n; k++)
        if (!strchr("|-: \t", t[k])) sep = 0;
      l->kind = sep ? L_TABLESEP : L_TABLE;
      continue;
    }
    if (t[0] == '>') { /* a block quote reads as text */
      l->text = t + 1;
      l->tlen = n - 1;
      trim(&l->text, &l->tlen);
    }
    const char *c;
    size_t cl;
    int m = list_marker(l->text, l->tlen, &c, &cl);
    if (m != M_NONE) {
      l->kind = L_ITEM;
      l->marker = m;
      l->text = c;
      l->tlen = cl;
      continue;
    }
    l->kind = L_TEXT;
  }
  /* Plain text: a short standalone line without final punctuation,
  ** followed by a blank line, the end, or body text, is a heading. */
  for (size_t i = 0; i < g->nlines && !markdown; i++) {
    Line *l = &g->lines[i];
    if (l->kind != L_TEXT || l->indent > 0) continue;
    if (kk_gen_ctx_skip(l->text, l->tlen)) continue; /* a caption, not a heading */
    if (kk_utf8_count(l->text, l->tlen) > 50 || ends_punct(l->text, l->tlen) ||
        contains(l->text, l->tlen, "。"))
      continue;
    const Line *next = i + 1 < g->nlines ? &g->lines[i + 1] : NULL;
    if (!next || next->kind == L_BLANK || is_body(next)) l->kind = L_HEADING;
  }
  int section = -1;
  for (size_t i = 0; i < g->nlines; i++) {
    if (g->lines[i].kind == L_HEADING) {
      section = (int)i;
      g->st.headings++;
    }
    g->lines[i].section = section;
  }
}

/* ---- ranking, ids, output --------------------------------------------------- */

static int family(kk_GenKind k) { return k == KK_GEN_ORDER ? 1 : k == KK_GEN_MISSING ? 2 : 0; }

/* ---- against existing decks ------------------------------------------------- */

/* 1 if the answer a[0..n) is what card k asks: it occurs in its cloze
** answers, back, correct options, accepted answers, items or true/false
** statement. */
static int card_asks(const kk_Card *k, const char *a, size_t n) {
  char buf[512];
  if (n == 0 || n >= sizeof buf) return 0;
  memcpy(buf, a, n);
  buf[n] = '\0';
  if (k->type == KK_CARD_CLOZE && k->front) /* its answers, not its whole text */
    for (const char *p = k->front; (p = strstr(p, "{{c")) != NULL;) {
      const char *b = strstr(p, "::"), *e = b ? strstr(b + 2, "}}") : NULL;
      if (!e) break;
      const char *h = strstr(b + 2, "::");
      size_t an = (size_t)((h && h < e ? h : e) - b - 2);
      for (size_t i = 0; i + n <= an; i++)
        if (memcmp(b + 2 + i, a, n) == 0) return 1;
      p = e + 2;
    }
  if (k->type == KK_CARD_TRUEFALSE && k->front && strstr(k->front, buf)) return 1;
  if (k->back && strstr(k->back, buf)) return 1;
  for (size_t i = 0; i < k->noptions; i++)
    if (k->options[i].correct && strstr(k->options[i].text, buf)) return 1;
  for (size_t i = 0; i < k->nanswers; i++)
    if (strstr(k->answers[i], buf)) return 1;
  for (size_t i = 0; i < k->nitems; i++)
    if (strstr(k->items[i], buf)) return 1;
  return 0;
}

/* The answer a draft asks: its (first) cloze answer, the correct option,
** or the back of a definition; NULL for order cards. */
static const char *draft_answer(const Cand *c, size_t *n) {
  if (c->kind == KK_GEN_CHOICE || c->kind == KK_GEN_MISSING) {
    const char *a = c->items[c->answer - 1];
    *n = strlen(a);
    return a;
  }
  if (c->kind == KK_GEN_ORDER) return NULL;
  const char *src = c->kind == KK_GEN_TRUEFALSE || c->kind == KK_GEN_DEFINITION ? NULL : c->front;
  if (!src) {
    /* a definition asks its term; true/false drafts were clozes on the
    ** same key, checked before conversion */
    return NULL;
  }
  const char *p = strstr(src, "{{c"), *b = p ? strstr(p, "::") : NULL;
  const char *e = b ? strstr(b + 2, "}}") : NULL;
  if (!e) return NULL;
  const char *h = strstr(b + 2, "::");
  *n = (size_t)((h && h < e ? h : e) - b - 2);
  return b + 2;
}

/* The id of a card of opt->against, in the same section of the same
** document, that asks the same answer or is cut from the same sentence
** (Dice >= 0.8, cloze markup ignored), or NULL. */
static const char *against(const Gen *g, const Cand *c) {
  size_t an = 0;
  const char *a = draft_answer(c, &an);
  const Line *h = &g->lines[c->section];
  for (size_t d = 0; d < g->opt->nagainst; d++) {
    const kk_Deck *deck = g->opt->against[d];
    for (size_t i = 0; deck && i < kk_deck_card_count(deck); i++) {
      const kk_Card *k = kk_deck_card(deck, i);
      if (!k->source.doc || strcmp(k->source.doc, g->opt->doc_name) != 0) continue;
      if (!k->source.section || strlen(k->source.section) != h->tlen ||
          memcmp(k->source.section, h->text, h->tlen) != 0)
        continue;
      if (a && card_asks(k, a, an)) return k->id;
      /* the same sentence, whatever it blanks, is the same fact */
      if (c->key && k->front && kk_gen_similarity(k->front, c->key) >= 0.8) return k->id;
    }
  }
  return NULL;
}

/* Candidates scoring below this are noise (e.g. a long sentence whose only
** figure is an article number). */
#define MIN_SCORE 3.0
/* A cloze answer may be asked this many times in one deck; article
** numbers (第5条, Article 5), which documents repeat everywhere, fewer. */
#define ANSWER_REPEAT_MAX 3
#define ARTICLE_REPEAT_MAX 1

/* Calls fn on each cloze answer (without hint) of text. */
static int next_answer(const char **p, const char **a, size_t *n) {
  const char *s = strstr(*p, "{{c");
  if (!s) return 0;
  const char *b = strstr(s, "::"), *e = b ? strstr(b + 2, "}}") : NULL;
  if (!b || !e) return 0;
  const char *h = strstr(b + 2, "::");
  *a = b + 2;
  *n = (size_t)((h && h < e ? h : e) - *a);
  *p = e + 2;
  return 1;
}

static int is_article(const char *a, size_t n) {
  return (n > 6 && memcmp(a, "第", 3) == 0 && memcmp(a + n - 3, "条", 3) == 0) ||
         (n > 8 && memcmp(a, "Article ", 8) == 0);
}

/* Index of answer a[0..n) among those already asked, or nanswers. */
static size_t answer_find(const Gen *g, const char *a, size_t n) {
  for (size_t i = 0; i < g->nanswers; i++)
    if (g->answer_len[i] == n && memcmp(g->answers[i], a, n) == 0) return i;
  return g->nanswers;
}

/* 1 if every answer of this cloze was already asked often enough. */
static int stale_answers(const Gen *g, const char *front) {
  const char *p = front, *a;
  size_t n, answers = 0;
  while (next_answer(&p, &a, &n)) {
    answers++;
    size_t i = answer_find(g, a, n);
    size_t count = i < g->nanswers ? g->answer_n[i] : 0;
    if (count < (is_article(a, n) ? ARTICLE_REPEAT_MAX : ANSWER_REPEAT_MAX)) return 0;
  }
  return answers > 0;
}

/* 1 if a key-term or quoted-term cloze asks an answer already asked by
** such a card in the same section; else, when record is set, records it
** (running out of memory sets g->oom). */
static int asked_in_section(Gen *g, const Cand *c, int record) {
  if (c->kind != KK_GEN_KEYTERM && c->kind != KK_GEN_TERM) return 0;
  const char *p = c->front, *a;
  size_t n;
  if (!next_answer(&p, &a, &n)) return 0;
  for (size_t i = 0; i < g->nasked; i++)
    if (g->asked_sec[i] == c->section && g->asked_len[i] == n && memcmp(g->asked[i], a, n) == 0)
      return 1;
  if (!record) return 0;
  if (g->nasked == g->aasked) {
    size_t na = kk_grow_cap(g->aasked, g->nasked + 1, sizeof(size_t), 32);
    const char **v = kk_realloc_array(g->asked, na, sizeof *v);
    if (!v) return g->oom = 1, 0;
    g->asked = v;
    size_t *l = kk_realloc_array(g->asked_len, na, sizeof *l);
    if (!l) return g->oom = 1, 0;
    g->asked_len = l;
    int *sc = kk_realloc_array(g->asked_sec, na, sizeof *sc);
    if (!sc) return g->oom = 1, 0;
    g->asked_sec = sc;
    g->aasked = na;
  }
  g->asked[g->nasked] = a;
  g->asked_len[g->nasked] = n;
  g->asked_sec[g->nasked++] = c->section;
  return 0;
}

/* Counts the distinct answers of a kept cloze; 0 when out of memory. */
static int record_answers(Gen *g, const char *front) {
  const char *p = front, *a;
  size_t n;
  while (next_answer(&p, &a, &n)) {
    /* an answer repeated inside one card counts once */
    const char *q = front, *b;
    size_t bn;
    int seen = 0;
    while (next_answer(&q, &b, &bn) && b < a)
      if (bn == n && memcmp(a, b, n) == 0) seen = 1;
    if (seen) continue;
    size_t i = answer_find(g, a, n);
    if (i == g->nanswers) {
      if (g->nanswers == g->aanswers) {
        size_t na = kk_grow_cap(g->aanswers, g->nanswers + 1, sizeof(size_t), 64);
        const char **nv = kk_realloc_array(g->answers, na, sizeof(const char *));
        if (!nv) return 0;
        g->answers = nv;
        size_t *nl = kk_realloc_array(g->answer_len, na, sizeof(size_t));
        if (!nl) return 0;
        g->answer_len = nl;
        size_t *nc = kk_realloc_array(g->answer_n, na, sizeof(size_t));
        if (!nc) return 0;
        g->answer_n = nc;
        g->aanswers = na;
      }
      g->answers[i] = a;
      g->answer_len[i] = n;
      g->answer_n[i] = 0;
      g->nanswers++;
    }
    g->answer_n[i]++;
  }
  return 1;
}

static int cmp_score(const void *a, const void *b) {
  const Cand *x = a, *y = b;
  if (x->section != y->section) return x->section - y->section;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  if (x->line != y->line) return x->line - y->line;
  return (int)x->kind - (int)y->kind;
}

static int cmp_adj(const void *a, const void *b) {
  const Cand *x = a, *y = b;
  if (x->adj != y->adj) return x->adj > y->adj ? -1 : 1;
  if (x->line != y->line) return x->line - y->line;
  if (x->kind != y->kind) return (int)x->kind - (int)y->kind;
  return strcmp(x->front, y->front);
}

static int cmp_out(const void *a, const void *b) {
  const Cand *const *x = a, *const *y = b;
  if ((*x)->line != (*y)->line) return (*x)->line - (*y)->line;
  if ((*x)->kind != (*y)->kind) return (int)(*x)->kind - (int)(*y)->kind;
  return strcmp((*x)->id, (*y)->id);
}

static void make_id(Gen *g, Cand *c, Cand **kept, size_t nkept) {
  const Line *h = &g->lines[c->section];
  uint64_t x = hash_str(KK_HASH_INIT, g->opt->doc_name);
  x = kk_hash_text(h->text, h->tlen, x);
  x = hash_str(x, kind_names[c->kind]);
  x = hash_str(x, c->key ? c->key : c->front);
  snprintf(c->id, sizeof c->id, "%s%s-%08x", g->prefix, kind_short[c->kind], (unsigned)(x >> 32));
  for (int n = 2;; n++) {
    int clash = 0;
    for (size_t i = 0; i < nkept; i++)
      if (strcmp(kept[i]->id, c->id) == 0) clash = 1;
    if (!clash) break;
    snprintf(c->id, sizeof c->id, "%s%s-%08x-%d", g->prefix, kind_short[c->kind],
             (unsigned)(x >> 32), n);
  }
}

static const char *detect_lang(const char *text, size_t len) {
  size_t cjk = 0, latin = 0, i = 0, n;
  while (i < len) {
    unsigned cp = kk_utf8_at(text, len, i, &n);
    if (kk_utf8_is_cjk(cp))
      cjk++;
    else if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
      latin++;
    i += n;
  }
  return cjk * 4 >= latin ? "ja" : "en";
}

static char *slug(Gen *g, const char *name) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  kk_Buf b = {0};
  kk_buf_str(&b, "gen-");
  int dash = 1;
  for (size_t i = 0; i < n; i++) {
    char c = base[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      kk_buf_add(&b, &c, 1);
      dash = 0;
    } else if (!dash) {
      kk_buf_str(&b, "-");
      dash = 1;
    }
  }
  if (b.n && b.p[b.n - 1] == '-') b.n--, b.p[b.n] = '\0';
  return sb_done(g, &b);
}

static kk_Status write_deck(Gen *g, FILE *out, Cand **kept, size_t nkept) {
  kk_DraftCard *cards = kk_calloc(nkept ? nkept : 1, sizeof *cards);
  if (!cards) return KK_ERR_NOMEM;
  static const char *const tags_by_kind[KK_GEN_KIND_COUNT][2] = {
      {"gen", "figure"},  {"gen", "term"},    {"gen", "definition"},
      {"gen", "order"},   {"gen", "missing"}, {"gen", "table"},
      {"gen", "keyterm"}, {"gen", "choice"},  {"gen", "truefalse"},
  };
  for (size_t i = 0; i < nkept; i++) {
    const Cand *c = kept[i];
    kk_DraftCard *d = &cards[i];
    d->id = c->id;
    d->type = c->kind == KK_GEN_DEFINITION  ? KK_CARD_BASIC
              : c->kind == KK_GEN_ORDER     ? KK_CARD_ORDER
              : c->kind == KK_GEN_MISSING   ? KK_CARD_CHOICE
              : c->kind == KK_GEN_CHOICE    ? KK_CARD_CHOICE
              : c->kind == KK_GEN_TRUEFALSE ? KK_CARD_TRUEFALSE
                                            : KK_CARD_CLOZE;
    d->truth = c->kind == KK_GEN_TRUEFALSE && c->answer;
    d->explanation = c->expl;
    d->front = c->front;
    d->back = c->back;
    d->items = c->items;
    d->nitems = c->nitems;
    d->answer = c->answer;
    d->tags = tags_by_kind[c->kind];
    d->ntags = 2;
    d->src_doc = g->opt->doc_name;
    d->src_section = adup(g, g->lines[c->section].text, g->lines[c->section].tlen);
    d->src_line = c->line;
    d->origin = "gen";
    if (c->against) {
      kk_Buf m = {0};
      kk_buf_str(&m, "kioku gen: asks what card ");
      kk_buf_str(&m, c->against);
      kk_buf_str(&m, " already asks (same section); keep one of them");
      d->comment = sb_done(g, &m);
    }
  }
  const char *title = g->opt->title;
  if (!title) {
    title = g->opt->doc_name;
    for (size_t i = 0; i < g->nlines; i++)
      if (g->lines[i].kind == L_HEADING) {
        kk_Buf t = {0};
        kk_buf_add(&t, g->lines[i].text, g->lines[i].tlen);
        kk_buf_str(&t, ja(g) ? "（自動生成）" : " (generated)");
        title = sb_done(g, &t);
        break;
      }
  }
  kk_Buf desc = {0};
  kk_buf_str(&desc, ja(g) ? "kioku gen が " : "Drafted by kioku gen from ");
  kk_buf_str(&desc, g->opt->doc_name);
  kk_buf_str(&desc, ja(g) ? " から作成した下書き。使う前に各カードを確認すること。"
                          : "; review every card before use.");
  kk_Buf hdr = {0};
  kk_buf_str(&hdr, "Generated by `kioku gen` from ");
  kk_buf_str(&hdr, g->opt->doc_name);
  kk_buf_str(&hdr, ". Every card here is origin: gen (cut from the document).\n"
                   "Edit freely; set origin: hand on cards you rewrite.");
  static const char *const deck_tags[] = {"gen"};
  const char *sources[] = {g->opt->doc_name};
  kk_DraftDeck d = {
      .id = g->opt->deck_id ? g->opt->deck_id : slug(g, g->opt->doc_name),
      .title = title,
      .language = g->lang,
      .description = sb_done(g, &desc),
      .sources = sources,
      .nsources = 1,
      .tags = deck_tags,
      .ntags = 1,
      .header = sb_done(g, &hdr),
      .cards = cards,
      .ncards = nkept,
  };
  kk_Status st = KK_OK;
  if (g->oom || !d.id || !d.title)
    st = KK_ERR_NOMEM;
  else
    kk_yaml_write_deck(out, &d);
  kk_free(cards);
  return st;
}

kk_Status kk_gen_deck(const char *text, size_t len, const kk_GenOptions *opt, FILE *out,
                      kk_GenStats *stats, kk_Err *err) {
  if (!opt || !opt->doc_name || !*opt->doc_name)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, "%s", _("the document needs a name"));
  if (opt->lang && strcmp(opt->lang, "ja") != 0 && strcmp(opt->lang, "en") != 0)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("language must be 'ja' or 'en', not '%s'"),
                      opt->lang);
  if (len > KK_GEN_DOC_MAX)
    return kk_err_set(err, KK_ERR_LIMIT, opt->doc_name, 0, 0, _("document is larger than %u MiB"),
                      KK_GEN_DOC_MAX >> 20);
  int line, col;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3;
  if (!kk_utf8_check(text, len, &line, &col, NULL))
    return kk_err_set(err, KK_ERR_PARSE, opt->doc_name, line, col, "%s",
                      _("invalid UTF-8 (or a NUL byte); the document must be UTF-8 text"));
  Gen g = {0};
  g.opt = opt;
  g.prefix = opt->id_prefix ? opt->id_prefix : "gen-";
  g.lang = opt->lang ? opt->lang : detect_lang(text, len);
  kk_Status st = KK_OK;
  Cand **kept = NULL;
  if (!split_lines(&g, text, len)) goto nomem;
  size_t nl = strlen(opt->doc_name);
  int markdown = (nl > 3 && strcmp(opt->doc_name + nl - 3, ".md") == 0) ||
                 (nl > 9 && strcmp(opt->doc_name + nl - 9, ".markdown") == 0);
  g.markdown = markdown;
  classify(&g, markdown);
  g.prev_section = -2;
  g.title_line = -1;
  for (size_t i = 0; i < g.nlines && g.title_line < 0; i++)
    if (g.lines[i].kind == L_HEADING) g.title_line = (int)i;
  if (ja(&g) && !opt->no_morph) {
    int r = kk_gen_morph_open(opt->mecab_dicdir, &g.morph, g.st.morph_why, sizeof g.st.morph_why);
    if (r < 0) goto nomem;
    g.st.morph = r ? 1 : -1;
  }
  /* pass 0: the document's terms and figures (centrality, distractors) */
  if (g.morph || !ja(&g))
    for (size_t i = 0; i < g.nlines; i++)
      if (g.lines[i].kind == L_HEADING)
        kk_gen_ctx_note(&g, g.lines[i].text, g.lines[i].tlen, (int)i, 1);
  kk_gen_mine_sentences(&g);
  g.pass = 1;
  g.prev = NULL;
  g.prev_section = -2;
  kk_gen_mine_sentences(&g);
  kk_gen_list_mine(&g);
  kk_gen_list_missing(&g);
  kk_gen_list_tables(&g);
  if (g.oom || kk_gen_morph_oom(g.morph)) goto nomem;
  /* rank: within a section each further card costs a little, so the deck
  ** spreads over the document; then near-duplicates go */
  if (g.ncands) qsort(g.cands, g.ncands, sizeof *g.cands, cmp_score);
  for (size_t i = 0, r = 0; i < g.ncands; i++) {
    r = (i > 0 && g.cands[i - 1].section == g.cands[i].section) ? r + 1 : 0;
    g.cands[i].adj = g.cands[i].score - 0.75 * (double)r;
  }
  if (g.ncands) qsort(g.cands, g.ncands, sizeof *g.cands, cmp_adj);
  kept = kk_malloc((g.ncands ? g.ncands : 1) * sizeof(Cand *));
  if (!kept) goto nomem;
  size_t nkept = 0;
  size_t max_cards =
      opt->max_cards && opt->max_cards < KK_GEN_MAX_CARDS ? opt->max_cards : KK_GEN_MAX_CARDS;
  for (size_t i = 0; i < g.ncands; i++) {
    Cand *c = &g.cands[i];
    if (c->score < MIN_SCORE || !c->front) continue;
    if (nkept >= max_cards) break;
    int cloze = c->kind != KK_GEN_DEFINITION && family(c->kind) == 0;
    int dup = cloze && stale_answers(&g, c->front);
    if (!dup && cloze) dup = asked_in_section(&g, c, 0);
    if (!dup) {
      c->bg = kk_gen_bigrams(c->key);
      if (c->bg.oom) goto nomem;
      for (size_t k = 0; k < nkept && !dup; k++) {
        const Cand *o = kept[k];
        if (family(o->kind) != family(c->kind)) continue;
        /* Dice >= 0.8 needs the shorter to be at least 2/3 of the longer */
        size_t lo = o->bg.n < c->bg.n ? o->bg.n : c->bg.n;
        if (lo * 10 < (o->bg.n + c->bg.n) * 4) continue;
        if (kk_gen_sketch_meet(&o->bg, &c->bg) && kk_gen_dice(&o->bg, &c->bg) >= 0.8) dup = 1;
      }
    }
    if (dup) {
      g.st.duplicates++;
      continue;
    }
    if (opt->nagainst && (c->against = against(&g, c)) != NULL) {
      g.st.against++;
      if (!opt->against_mark) continue;
    }
    if (cloze && !record_answers(&g, c->front)) goto nomem;
    if (cloze) asked_in_section(&g, c, 1);
    kk_gen_ctx_convert(&g, c);
    if (g.oom) goto nomem;
    make_id(&g, c, kept, nkept);
    kept[nkept++] = c;
    g.st.kept[c->kind]++;
  }
  if (nkept) qsort(kept, nkept, sizeof(Cand *), cmp_out);
  if (kk_gen_morph_oom(g.morph)) goto nomem;
  st = write_deck(&g, out, kept, nkept);
  if (st == KK_ERR_NOMEM) goto nomem;
  if (stats) *stats = g.st;
  goto done;
nomem:
  st = kk_err_set(err, KK_ERR_NOMEM, opt->doc_name, 0, 0, "%s", _("out of memory"));
done:
  kk_free(kept);
  for (size_t i = 0; i < g.ncands; i++) kk_free(g.cands[i].bg.v);
  kk_free(g.cands);
  kk_free(g.answers);
  kk_free(g.answer_len);
  kk_free(g.answer_n);
  kk_free(g.pool);
  kk_free(g.pool_list);
  kk_free(g.lines);
  kk_free(g.asked);
  kk_free(g.asked_len);
  kk_free(g.asked_sec);
  kk_gen_ctx_free(&g);
  kk_arena_free(&g.arena);
  return st;
}
