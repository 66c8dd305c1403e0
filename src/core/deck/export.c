/*
** export.c -- Anki text import and CSV export of decks; CSV import into a
** draft YAML deck.
**
** Divisions: text rendering (HTML, answers per card type) -- Anki --
** CSV export -- CSV import.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/deck/export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/csv.h"
#include "core/base/hash.h"
#include "core/base/utf8.h"
#include "core/deck/load.h"
#include "core/deck/ruby.h"
#include "core/deck/yamlout.h"

/* ---- text rendering ------------------------------------------------------- */

static void html_plain(FILE *f, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\n': fputs("<br>", f); break;
    case '\t': fputc(' ', f); break;
    case '\r': break;
    default: fputc(s[i], f);
    }
  }
}

void kk_export_html(FILE *f, const char *s) {
  kk_Ruby r;
  if (kk_ruby_parse(s, strlen(s), &r) != KK_OK) {
    html_plain(f, s, strlen(s));
    return;
  }
  for (size_t i = 0; i < r.nruns; i++) {
    const kk_RubyRun *run = &r.runs[i];
    if (!run->ruby) {
      html_plain(f, run->base, run->base_len);
      continue;
    }
    fputs("<ruby>", f);
    html_plain(f, run->base, run->base_len);
    fputs("<rt>", f);
    html_plain(f, run->ruby, run->ruby_len);
    fputs("</rt></ruby>", f);
  }
  kk_ruby_free(&r);
}

/* Text sink: HTML for Anki, as is for CSV. */
typedef struct Out {
  FILE *f;
  int html;
} Out;

static void put(const Out *o, const char *s) {
  if (o->html) kk_export_html(o->f, s);
  else
    fputs(s, o->f);
}

static void nl(const Out *o) { fputs(o->html ? "<br>" : "\n", o->f); }

static int is_ja(const kk_Deck *d) {
  const char *l = kk_deck_language(d);
  return !l || strcmp(l, "en") != 0;
}

static uint64_t hash_str(uint64_t h, const char *s) { return kk_hash_text(s, strlen(s), h); }

/* A scrambled but deterministic order of an order card's items: by hash
** of id and item, rotated if it happens to equal the answer. */
static void scramble(const kk_Card *c, size_t *perm) {
  uint64_t keys[100];
  size_t n = c->nitems;
  if (n > 100) n = 100;
  for (size_t i = 0; i < n; i++) {
    perm[i] = i;
    keys[i] = hash_str(hash_str(KK_HASH_INIT, c->id), c->items[i]);
  }
  for (size_t i = 1; i < n; i++) /* insertion sort: n is small */
    for (size_t j = i; j > 0 && keys[perm[j]] < keys[perm[j - 1]]; j--) {
      size_t t = perm[j];
      perm[j] = perm[j - 1];
      perm[j - 1] = t;
    }
  int same = 1;
  for (size_t i = 0; i < n; i++)
    if (perm[i] != i) same = 0;
  if (same && n > 1) {
    size_t first = perm[0];
    memmove(perm, perm + 1, (n - 1) * sizeof *perm);
    perm[n - 1] = first;
  }
}

static void number(const Out *o, double v) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.15g", v);
  put(o, buf);
}

/* The question side of any card (cloze: the text with its markers). */
static void front(const Out *o, const kk_Deck *d, const kk_Card *c) {
  put(o, c->front ? c->front : "");
  char buf[16];
  switch (c->type) {
  case KK_CARD_CHOICE:
    for (size_t i = 0; i < c->noptions; i++) {
      nl(o);
      snprintf(buf, sizeof buf, "%c. ", i < 26 ? (char)('A' + i) : '?');
      put(o, buf);
      put(o, c->options[i].text);
    }
    break;
  case KK_CARD_ORDER: {
    size_t perm[KK_DECK_MAX_ORDER_ITEMS];
    scramble(c, perm);
    for (size_t i = 0; i < c->nitems && i < KK_DECK_MAX_ORDER_ITEMS; i++) {
      nl(o);
      put(o, "・");
      put(o, c->items[perm[i]]);
    }
    break;
  }
  case KK_CARD_TRUEFALSE:
    nl(o);
    put(o, is_ja(d) ? "(正しい／誤り)" : "(true or false?)");
    break;
  default: break;
  }
}

/* The answer side (cloze: its extra text); explanation appended. */
static void back(const Out *o, const kk_Deck *d, const kk_Card *c) {
  int any = 0;
  char buf[32];
  switch (c->type) {
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED:
  case KK_CARD_CLOZE:
    if (c->back && *c->back) put(o, c->back), any = 1;
    break;
  case KK_CARD_CHOICE:
    for (size_t i = 0; i < c->noptions; i++) {
      if (!c->options[i].correct) continue;
      if (any) nl(o);
      snprintf(buf, sizeof buf, "%c. ", i < 26 ? (char)('A' + i) : '?');
      put(o, buf);
      put(o, c->options[i].text);
      if (c->options[i].feedback) put(o, " — "), put(o, c->options[i].feedback);
      any = 1;
    }
    break;
  case KK_CARD_TYPED:
    for (size_t i = 0; i < c->nanswers; i++) {
      if (i) put(o, " / ");
      put(o, c->answers[i]);
      any = 1;
    }
    break;
  case KK_CARD_NUMERIC:
    number(o, c->value);
    if (c->tolerance > 0) put(o, " ± "), number(o, c->tolerance);
    if (c->unit) {
      if (!is_ja(d)) put(o, " ");
      put(o, c->unit);
    }
    any = 1;
    break;
  case KK_CARD_TRUEFALSE:
    put(o, c->truth ? (is_ja(d) ? "正しい" : "True") : (is_ja(d) ? "誤り" : "False"));
    any = 1;
    break;
  case KK_CARD_ORDER:
    for (size_t i = 0; i < c->nitems; i++) {
      if (i) nl(o);
      snprintf(buf, sizeof buf, "%zu. ", i + 1);
      put(o, buf);
      put(o, c->items[i]);
      any = 1;
    }
    break;
  default: break;
  }
  if (c->explanation && *c->explanation) {
    if (any) nl(o), nl(o);
    put(o, c->explanation);
  }
}

/* Writes s with tabs and line breaks flattened to spaces (non-HTML
** columns of the Anki file); a text with a double quote is written quoted
** with the quote doubled, as Anki's CSV reader expects. */
static void flat(FILE *f, const char *s) {
  int q = strchr(s, '"') != NULL;
  if (q) fputc('"', f);
  if (kk_csv_formula_lead(s)) fputc('\'', f); /* spreadsheets: text, not a formula */
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
  }
  if (q) fputc('"', f);
}

static void tag(FILE *f, const char *t, int *first) {
  if (!*first) fputc(' ', f);
  *first = 0;
  for (; *t; t++) fputc(*t == ' ' || *t == '\t' || *t == '\n' || *t == '"' ? '_' : *t, f);
}

static void tags(FILE *f, const kk_Deck *d, const kk_Card *c) {
  int first = 1;
  const char *lead = c->ntags ? c->tags[0] : kk_deck_tag_count(d) ? kk_deck_tag(d, 0) : "";
  if (kk_csv_formula_lead(lead)) fputc('\'', f); /* spreadsheets: text, not a formula */
  for (size_t i = 0; i < c->ntags; i++) tag(f, c->tags[i], &first);
  for (size_t i = 0; i < kk_deck_tag_count(d); i++) {
    const char *t = kk_deck_tag(d, i);
    int dup = 0;
    for (size_t k = 0; k < c->ntags; k++)
      if (strcmp(c->tags[k], t) == 0) dup = 1;
    if (!dup) tag(f, t, &first);
  }
}

static char *render_as(void (*fn)(const Out *, const kk_Deck *, const kk_Card *),
                       const kk_Deck *d, const kk_Card *c, int html);

/* Writes one HTML column of the Anki file.  A text a spreadsheet would take
** for a formula (kk_csv_formula_lead) starts with its first character as
** an HTML character reference instead: Anki shows the same text.  Returns
** 0, or -1 when out of memory. */
static int html_cell(FILE *f, void (*fn)(const Out *, const kk_Deck *, const kk_Card *),
                     const kk_Deck *d, const kk_Card *c) {
  char *s = render_as(fn, d, c, 1);
  if (!s) return -1;
  const char *p = s;
  if (kk_csv_formula_lead(p)) fprintf(f, "&#%d;", *p++);
  fputs(p, f);
  free(s);
  return 0;
}

/* ---- Anki ------------------------------------------------------------------ */

kk_Status kk_export_anki(kk_Deck *const *decks, size_t n, FILE *f, kk_Err *err) {
  fputs("#separator:tab\n"
        "#html:true\n"
        "#guid column:1\n"
        "#notetype column:2\n"
        "#deck column:3\n"
        "#tags column:6\n",
        f);
  for (size_t di = 0; di < n; di++) {
    const kk_Deck *d = decks[di];
    for (size_t i = 0; i < kk_deck_card_count(d); i++) {
      const kk_Card *c = kk_deck_card(d, i);
      const char *type = c->type == KK_CARD_CLOZE      ? "Cloze"
                       : c->type == KK_CARD_REVERSED ? "Basic (and reversed card)"
                                                     : "Basic";
      flat(f, c->id);
      fputc('\t', f);
      fputs(type, f);
      fputc('\t', f);
      flat(f, kk_deck_title(d));
      fputc('\t', f);
      if (html_cell(f, front, d, c) || (fputc('\t', f), html_cell(f, back, d, c)))
        return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
      fputc('\t', f);
      tags(f, d, c);
      fputc('\n', f);
    }
  }
  if (ferror(f)) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, "write failed");
  return KK_OK;
}

/* ---- CSV export ------------------------------------------------------------- */

/* Renders through fn into a new malloc'd string (open_memstream). */
static char *render_as(void (*fn)(const Out *, const kk_Deck *, const kk_Card *),
                       const kk_Deck *d, const kk_Card *c, int html) {
  char *s = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&s, &n);
  if (!m) return NULL;
  Out o = {m, html};
  fn(&o, d, c);
  if (fclose(m) != 0) {
    free(s);
    return NULL;
  }
  return s;
}

static void tags_fn(const Out *o, const kk_Deck *d, const kk_Card *c) { tags(o->f, d, c); }

static void source_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  if (!c->source.doc) return;
  fputs(c->source.doc, o->f);
  if (c->source.section) fprintf(o->f, " § %s", c->source.section);
  if (c->source.line > 0) fprintf(o->f, " (line %d)", c->source.line);
}

kk_Status kk_export_csv(kk_Deck *const *decks, size_t n, FILE *f, kk_Err *err) {
  static const char *const header[] = {"id", "type", "front", "back", "tags", "source"};
  kk_csv_write_record(f, header, 6, ',');
  for (size_t di = 0; di < n; di++) {
    const kk_Deck *d = decks[di];
    for (size_t i = 0; i < kk_deck_card_count(d); i++) {
      const kk_Card *c = kk_deck_card(d, i);
      char *fr = render_as(front, d, c, 0), *bk = render_as(back, d, c, 0);
      char *tg = render_as(tags_fn, d, c, 0), *src = render_as(source_fn, d, c, 0);
      if (!fr || !bk || !tg || !src) {
        free(fr), free(bk), free(tg), free(src);
        return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "out of memory");
      }
      const char *row[] = {c->id, kk_card_type_name(c->type), fr, bk, tg, src};
      kk_csv_write_record(f, row, 6, ',');
      free(fr), free(bk), free(tg), free(src);
    }
  }
  if (ferror(f)) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, "write failed");
  return KK_OK;
}

/* ---- CSV import ------------------------------------------------------------- */

/* 1 if a equals w ignoring ASCII case and surrounding spaces. */
static int same_word(const char *a, const char *w) {
  while (*a == ' ') a++;
  size_t n = strlen(w);
  for (size_t i = 0; i < n; i++) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != w[i]) return 0;
  }
  for (a += n; *a == ' '; a++) {}
  return *a == '\0';
}

static int header_row(const char *a, const char *b) {
  static const char *const pairs[][2] = {
    {"front", "back"}, {"question", "answer"}, {"q", "a"}, {"表", "裏"},
    {"おもて", "うら"}, {"問題", "答え"}, {"質問", "答え"}, {"質問", "回答"},
    {"問", "答"}, {NULL, NULL},
  };
  for (size_t i = 0; pairs[i][0]; i++)
    if (same_word(a, pairs[i][0]) && same_word(b, pairs[i][1])) return 1;
  return 0;
}

static int blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n') return 0;
  return 1;
}

/* "csv-" + the stem of name, lower-case letters, digits and '-'. */
static void slug(const char *name, char *buf, size_t size) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  size_t k = (size_t)snprintf(buf, size, "csv-");
  int dash = 1;
  for (size_t i = 0; i < n && k + 1 < size; i++) {
    char c = base[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      buf[k++] = c;
      dash = 0;
    } else if (!dash) {
      buf[k++] = '-';
      dash = 1;
    }
  }
  while (k > 4 && buf[k - 1] == '-') k--;
  if (k == 4) k = (size_t)snprintf(buf, size, "csv-deck");
  buf[k] = '\0';
}

static int valid_id(const char *s) {
  size_t n = 0;
  for (; *s; s++, n++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '-' || *s == '_' || *s == '.'))
      return 0;
  return n > 0 && n <= 100;
}

typedef struct Row {
  const char *front, *back;
  int line;
  char id[160];
} Row;

/* A cell written by a formula-safe CSV writer ("'=x", kk_csv_write_field)
** reads back as the text it stood for. */
static const char *unguard(const char *s) {
  return s[0] == '\'' && kk_csv_formula_lead(s + 1) ? s + 1 : s;
}

kk_Status kk_import_csv(const char *buf, size_t len, const kk_ImportOptions *opt, FILE *f,
                        size_t *ncards, kk_Err *err) {
  const char *path = opt && opt->csv_name ? opt->csv_name : "input.csv";
  char deck_id[128], stem[256];
  if (opt && opt->deck_id) {
    if (!valid_id(opt->deck_id))
      return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0,
                        "deck id '%s' may only use letters, digits, '-', '_' and '.'",
                        opt->deck_id);
    snprintf(deck_id, sizeof deck_id, "%s", opt->deck_id);
  } else
    slug(path, deck_id, sizeof deck_id);
  {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(stem, sizeof stem, "%.*s", n, base);
  }
  /* separator: a tab on the first line and no comma means tab-separated */
  char sep = ',';
  {
    const char *e = memchr(buf, '\n', len);
    size_t fl = e ? (size_t)(e - buf) : len;
    if (memchr(buf, '\t', fl) && !memchr(buf, ',', fl)) sep = '\t';
  }
  kk_CsvOptions co = {.sep = sep};
  kk_CsvReader *r = kk_csv_reader_mem(buf, len, path, &co);
  kk_Arena ar = {0};
  Row *rows = NULL;
  kk_DraftCard *cards = NULL;
  size_t nrows = 0, arows = 0, cjk = 0, latin = 0;
  int seen_row = 0;
  kk_Status st = KK_OK;
  if (!r) goto nomem;
  for (;;) {
    const char *const *fl;
    size_t nf;
    st = kk_csv_next(r, &fl, &nf, err);
    if (st != KK_OK) goto done;
    if (nf == 0) break;
    int line = kk_csv_record_line(r);
    size_t used = nf;
    while (used > 2 && blank(fl[used - 1])) used--;
    if (used <= 2 && blank(fl[0]) && (used < 2 || blank(fl[1]))) continue; /* empty row */
    if (used != 2) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, 1,
                      "expected two columns (front,back), found %zu", used);
      goto done;
    }
    int first = !seen_row;
    seen_row = 1;
    if (first && header_row(fl[0], fl[1])) continue;
    if (blank(fl[0]) || blank(fl[1])) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, blank(fl[0]) ? 1 : 2,
                      "the %s is empty", blank(fl[0]) ? "front (column 1)" : "back (column 2)");
      goto done;
    }
    if (nrows >= KK_DECK_MAX_CARDS) {
      st = kk_err_set(err, KK_ERR_LIMIT, path, line, 1, "more than %d cards",
                      KK_DECK_MAX_CARDS);
      goto done;
    }
    if (nrows == arows) {
      size_t na = arows < 64 ? 64 : arows * 2;
      Row *nr = kk_realloc(rows, na * sizeof *nr);
      if (!nr) goto nomem;
      rows = nr;
      arows = na;
    }
    Row *row = &rows[nrows++];
    row->front = kk_arena_strdup(&ar, unguard(fl[0]));
    row->back = kk_arena_strdup(&ar, unguard(fl[1]));
    row->line = line;
    if (!row->front || !row->back) goto nomem;
    for (size_t k = 0; k < 2; k++) {
      const char *s = fl[k];
      size_t sl = strlen(s), i = 0, m;
      while (i < sl) {
        unsigned cp = kk_utf8_at(s, sl, i, &m);
        if (kk_utf8_is_cjk(cp)) cjk++;
        else if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
          latin++;
        i += m;
      }
    }
  }
  if (nrows == 0) {
    st = kk_err_set(err, KK_ERR_INVALID, path, 0, 0,
                    "no cards: the file has no rows of front,back");
    goto done;
  }
  /* ids from the front: stable when rows move or backs change */
  cards = kk_calloc(nrows ? nrows : 1, sizeof *cards);
  if (!cards) goto nomem;
  for (size_t i = 0; i < nrows; i++) {
    Row *row = &rows[i];
    uint64_t h = hash_str(KK_HASH_INIT, row->front);
    snprintf(row->id, sizeof row->id, "%s-%08x", deck_id, (unsigned)(h >> 32));
    for (int k = 2;; k++) {
      int clash = 0;
      for (size_t j = 0; j < i && !clash; j++)
        if (strcmp(rows[j].id, row->id) == 0) clash = 1;
      if (!clash) break;
      snprintf(row->id, sizeof row->id, "%s-%08x-%d", deck_id, (unsigned)(h >> 32), k);
    }
    cards[i] = (kk_DraftCard){
      .id = row->id, .type = KK_CARD_BASIC, .front = row->front, .back = row->back,
      .src_doc = path, .src_line = row->line,
    };
  }
  const char *sources[] = {path};
  const char *lang = opt && opt->lang ? opt->lang : (cjk * 4 >= latin && cjk ? "ja" : "en");
  kk_DraftDeck d = {
    .id = deck_id,
    .title = opt && opt->title ? opt->title : stem,
    .language = lang,
    .sources = sources,
    .nsources = 1,
    .header = "Drafted by `kioku import csv`; check it with `kioku lint`.",
    .cards = cards,
    .ncards = nrows,
  };
  kk_yaml_write_deck(f, &d);
  if (ncards) *ncards = nrows;
  st = ferror(f) ? kk_err_set(err, KK_ERR_IO, NULL, 0, 0, "write failed") : KK_OK;
  goto done;
nomem:
  st = kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, "out of memory");
done:
  kk_csv_reader_free(r);
  kk_free(rows);
  kk_free(cards);
  kk_arena_free(&ar);
  return st;
}
