/*
** export.c -- Anki text import and CSV export of decks; CSV import into a
** draft YAML deck.
**
** Divisions: text rendering (HTML, answers per card type) -- Anki --
** CSV export -- CSV import.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/deck/export.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/csv.h"
#include "core/base/i18n.h"
#include "core/base/num.h"
#include "core/base/hash.h"
#include "core/base/utf8.h"
#include "core/deck/idset.h"
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
  if (o->html)
    kk_export_html(o->f, s);
  else
    fputs(s, o->f);
}

static void nl(const Out *o) { fputs(o->html ? "<br>" : "\n", o->f); }

static int is_ja(const kk_Deck *d) {
  const char *l = kk_deck_language(d);
  return !l || strcmp(l, "en") != 0;
}

static uint64_t hash_str(uint64_t h, const char *s) { return kk_hash_text(s, strlen(s), h); }

void kk_export_scramble(const kk_Card *c, size_t *perm) {
  uint64_t keys[KK_EXPORT_SCRAMBLE_MAX];
  size_t n = c->nitems;
  if (n > KK_EXPORT_SCRAMBLE_MAX) n = KK_EXPORT_SCRAMBLE_MAX;
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
    kk_export_scramble(c, perm);
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

static char *render_as(void (*fn)(const Out *, const kk_Deck *, const kk_Card *), const kk_Deck *d,
                       const kk_Card *c, int html);

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
        return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, "%s", _("out of memory"));
      fputc('\t', f);
      tags(f, d, c);
      fputc('\n', f);
    }
  }
  if (ferror(f)) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("write failed"));
  return KK_OK;
}

/* ---- CSV export ------------------------------------------------------------- */

/* Renders through fn into a new malloc'd string (open_memstream). */
static char *render_as(void (*fn)(const Out *, const kk_Deck *, const kk_Card *), const kk_Deck *d,
                       const kk_Card *c, int html) {
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

void kk_export_source(FILE *f, const kk_Card *c) {
  if (!c->source.doc) return;
  fputs(c->source.doc, f);
  if (c->source.section) fprintf(f, " § %s", c->source.section);
  if (c->source.line > 0) fprintf(f, " (line %d)", c->source.line);
}

int kk_export_source_parse(const char *s, kk_Arena *ar, const char **doc, const char **section,
                           int *line) {
  *doc = *section = NULL;
  *line = 0;
  while (*s == ' ') s++;
  if (!*s) return 1;
  const char *sec = strstr(s, " § ");
  const char *ln = strstr(s, " (line ");
  size_t dl = sec ? (size_t)(sec - s) : ln ? (size_t)(ln - s) : strlen(s);
  if (!(*doc = kk_arena_strndup(ar, s, dl))) return 0;
  if (sec) {
    const char *a = sec + strlen(" § ");
    size_t sl = ln && ln > a ? (size_t)(ln - a) : strlen(a);
    if (!(*section = kk_arena_strndup(ar, a, sl))) return 0;
  }
  if (ln) { /* a line number in int's range, else none */
    long v = strtol(ln + strlen(" (line "), NULL, 10);
    *line = v > 0 && v <= INT_MAX ? (int)v : 0;
  }
  return 1;
}

static void source_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  kk_export_source(o->f, c);
}

/* The columns after the six readable ones: what `kioku import csv` needs
** to rebuild the card exactly. */
static void explanation_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  if (c->explanation) fputs(c->explanation, o->f);
}
static void question_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  fputs(c->front ? c->front : "", o->f);
}
static void options_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  for (size_t i = 0; i < c->noptions; i++) fprintf(o->f, "%s%s", i ? "\n" : "", c->options[i].text);
}
static void feedback_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  int any = 0;
  for (size_t i = 0; i < c->noptions; i++) any |= c->options[i].feedback != NULL;
  for (size_t i = 0; any && i < c->noptions; i++)
    fprintf(o->f, "%s%s", i ? "\n" : "", c->options[i].feedback ? c->options[i].feedback : "");
}
static void answer_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  switch (c->type) {
  case KK_CARD_CHOICE:
    for (size_t i = 0, k = 0; i < c->noptions; i++)
      if (c->options[i].correct) fprintf(o->f, "%s%zu", k++ ? "," : "", i + 1);
    break;
  case KK_CARD_TYPED:
    for (size_t i = 0; i < c->nanswers; i++) fprintf(o->f, "%s%s", i ? "\n" : "", c->answers[i]);
    break;
  case KK_CARD_NUMERIC: fprintf(o->f, "%.15g", c->value); break;
  case KK_CARD_TRUEFALSE: fputs(c->truth ? "true" : "false", o->f); break;
  case KK_CARD_ORDER: break;
  default: fputs(c->back ? c->back : "", o->f);
  }
}
static void tolerance_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  if (c->type == KK_CARD_NUMERIC && c->tolerance > 0) fprintf(o->f, "%.15g", c->tolerance);
}
static void unit_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  if (c->type == KK_CARD_NUMERIC && c->unit) fputs(c->unit, o->f);
}
static void items_fn(const Out *o, const kk_Deck *d, const kk_Card *c) {
  (void)d;
  for (size_t i = 0; i < c->nitems; i++) fprintf(o->f, "%s%s", i ? "\n" : "", c->items[i]);
}

#define CSV_COLS 14

kk_Status kk_export_csv(kk_Deck *const *decks, size_t n, FILE *f, kk_Err *err) {
  static const char *const header[CSV_COLS] = {
      "id",       "type",    "front",    "back",   "tags",      "source", "explanation",
      "question", "options", "feedback", "answer", "tolerance", "unit",   "items"};
  static void (*const fns[CSV_COLS])(const Out *, const kk_Deck *, const kk_Card *) = {
      NULL,        NULL,       front,       back,      tags_fn,      source_fn, explanation_fn,
      question_fn, options_fn, feedback_fn, answer_fn, tolerance_fn, unit_fn,   items_fn};
  kk_csv_write_record(f, header, CSV_COLS, ',');
  for (size_t di = 0; di < n; di++) {
    const kk_Deck *d = decks[di];
    for (size_t i = 0; i < kk_deck_card_count(d); i++) {
      const kk_Card *c = kk_deck_card(d, i);
      char *cells[CSV_COLS] = {0};
      const char *row[CSV_COLS];
      int ok = 1;
      for (size_t k = 2; k < CSV_COLS; k++) ok &= (cells[k] = render_as(fns[k], d, c, 0)) != NULL;
      row[0] = c->id;
      row[1] = kk_card_type_name(c->type);
      for (size_t k = 2; k < CSV_COLS; k++) row[k] = cells[k] ? cells[k] : "";
      if (ok) kk_csv_write_record(f, row, CSV_COLS, ',');
      for (size_t k = 2; k < CSV_COLS; k++) free(cells[k]);
      if (!ok) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    }
  }
  if (ferror(f)) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("write failed"));
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
  for (a += n; *a == ' '; a++) {
  }
  return *a == '\0';
}

static int header_row(const char *a, const char *b) {
  static const char *const pairs[][2] = {
      {"front", "back"}, {"question", "answer"}, {"q", "a"},       {"表", "裏"}, {"おもて", "うら"},
      {"問題", "答え"},  {"質問", "答え"},       {"質問", "回答"}, {"問", "答"}, {NULL, NULL},
  };
  for (size_t i = 0; pairs[i][0]; i++)
    if (same_word(a, pairs[i][0]) && same_word(b, pairs[i][1])) return 1;
  return 0;
}

/* Blank as the deck loader counts it (a text of spaces, tabs and line
** breaks is an empty text there). */
static int blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return 0;
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

typedef struct Row {
  const char *front, *back;
  int line;
  char id[KK_DECK_MAX_ID + 1];
} Row;

/* A cell written by a formula-safe CSV writer ("'=x", kk_csv_write_field)
** reads back as the text it stood for. */
static const char *unguard(const char *s) {
  return s[0] == '\'' && kk_csv_formula_lead(s + 1) ? s + 1 : s;
}

/* ---- CSV import with named columns ------------------------------------------ */

enum {
  C_ID,
  C_TYPE,
  C_FRONT,
  C_BACK,
  C_TAGS,
  C_SOURCE,
  C_EXPL,
  C_QUESTION,
  C_OPTIONS,
  C_FEEDBACK,
  C_ANSWER,
  C_TOLERANCE,
  C_UNIT,
  C_ITEMS,
  C_NCOLS
};

static const char *const col_names[][4] = {
    [C_ID] = {"id"},
    [C_TYPE] = {"type"},
    [C_FRONT] = {"front", "表"},
    [C_BACK] = {"back", "裏"},
    [C_TAGS] = {"tags", "tag"},
    [C_SOURCE] = {"source"},
    [C_EXPL] = {"explanation", "解説"},
    [C_QUESTION] = {"question", "text", "statement", "問題"},
    [C_OPTIONS] = {"options", "choices", "選択肢"},
    [C_FEEDBACK] = {"feedback"},
    [C_ANSWER] = {"answer", "answers", "correct", "答え"},
    [C_TOLERANCE] = {"tolerance"},
    [C_UNIT] = {"unit"},
    [C_ITEMS] = {"items"},
};

/* A header row naming columns: every cell a known name, one of them the
** card's text (front or question), and more than the two-column pair.
** Fills col[C_*] with the field index or -1. */
static int named_header(const char *const *fl, size_t nf, int *col) {
  for (int k = 0; k < C_NCOLS; k++) col[k] = -1;
  size_t named = 0;
  for (size_t i = 0; i < nf; i++) {
    if (blank(fl[i])) continue;
    int hit = -1;
    for (int k = 0; k < C_NCOLS && hit < 0; k++)
      for (int a = 0; a < 4 && col_names[k][a] && hit < 0; a++)
        if (same_word(fl[i], col_names[k][a])) hit = k;
    if (hit < 0 || col[hit] >= 0) return 0;
    col[hit] = (int)i;
    named++;
  }
  return (col[C_FRONT] >= 0 || col[C_QUESTION] >= 0) && named > 2;
}

/* Splits s at line breaks into a new arena list (empty lines dropped
** unless keep_empty). */
static const char **lines(kk_Arena *ar, const char *s, int keep_empty, size_t *n) {
  size_t k = 1;
  for (const char *p = s; *p; p++) k += *p == '\n';
  const char **v = kk_arena_alloc(ar, k * sizeof *v);
  *n = 0;
  if (!v) return NULL;
  for (const char *p = s;;) {
    const char *e = strchr(p, '\n');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    if (l && p[l - 1] == '\r') l--;
    if (l || keep_empty) {
      v[*n] = kk_arena_strndup(ar, p, l);
      if (!v[(*n)++]) return NULL;
    }
    if (!e) break;
    p = e + 1;
  }
  return v;
}

static int truth_word(const char *s, int *t) {
  static const char *const yes[] = {"true", "t", "yes", "正しい", "正", "○", "はい", NULL};
  static const char *const no[] = {"false", "f", "no", "誤り", "誤", "×", "いいえ", NULL};
  for (size_t i = 0; yes[i]; i++)
    if (same_word(s, yes[i])) return *t = 1, 1;
  for (size_t i = 0; no[i]; i++)
    if (same_word(s, no[i])) return *t = 0, 1;
  return 0;
}

typedef struct ColImport {
  kk_CsvReader *r;
  const int *col;
  const char *path, *deck_id;
  kk_Arena *ar;
  kk_DraftCard *cards;
  int *rows; /* the CSV line of each card */
  size_t n, a;
  size_t cjk, latin;
  kk_IdSet *ids; /* the ids used so far */
  kk_Err *err;
} ColImport;

static const char *cell(ColImport *ci, const char *const *fl, size_t nf, int k) {
  int i = ci->col[k];
  return i >= 0 && (size_t)i < nf ? unguard(fl[i]) : "";
}

static kk_Status col_row(ColImport *ci, const char *const *fl, size_t nf, int line) {
  kk_Arena *ar = ci->ar;
  const char *path = ci->path;
#define CELL(k) cell(ci, fl, nf, k)
#define BAD(k, ...) kk_err_set(ci->err, KK_ERR_INVALID, path, line, ci->col[k] + 1, __VA_ARGS__)
  kk_DraftCard c = {0};
  const char *type = CELL(C_TYPE);
  c.type = KK_CARD_BASIC;
  if (!blank(type)) {
    char tw[32];
    size_t a = 0, z = strlen(type);
    while (a < z && type[a] == ' ') a++;
    while (z > a && type[z - 1] == ' ') z--;
    snprintf(tw, sizeof tw, "%.*s", (int)(z - a), type + a);
    for (char *p = tw; *p; p++)
      if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    if (!kk_card_type_parse(tw, &c.type)) return BAD(C_TYPE, _("unknown card type '%s'"), tw);
  } else if (!blank(CELL(C_OPTIONS)))
    c.type = KK_CARD_CHOICE;
  const char *q = CELL(C_QUESTION);
  const char *text = !blank(q) ? q : CELL(C_FRONT);
  if (blank(text))
    return BAD(ci->col[C_QUESTION] >= 0 ? C_QUESTION : C_FRONT, _("the card's text is empty"));
  if (!(c.front = kk_arena_strdup(ar, text))) goto nomem;
  const char *ans = CELL(C_ANSWER), *bk = CELL(C_BACK);
  const char *av = !blank(ans) ? ans : bk; /* the answer, else the back */
  int ak = !blank(ans) ? C_ANSWER : C_BACK;
  size_t n;
  switch (c.type) {
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED:
  case KK_CARD_CLOZE:
    if (blank(av) && c.type != KK_CARD_CLOZE) return BAD(C_BACK, _("the back is empty"));
    if (!blank(av) && !(c.back = kk_arena_strdup(ar, av))) goto nomem;
    break;
  case KK_CARD_CHOICE: {
    c.items = lines(ar, CELL(C_OPTIONS), 0, &c.nitems);
    if (!c.items) goto nomem;
    if (c.nitems < 2)
      return BAD(C_OPTIONS, _("a choice card needs two or more options, one per line"));
    int *cor = kk_arena_alloc(ar, c.nitems * sizeof *cor);
    if (!cor) goto nomem;
    memset(cor, 0, c.nitems * sizeof *cor);
    size_t ncor = 0;
    for (const char *p = ans; *p;) {
      while (*p == ' ' || *p == ',') p++;
      if (!*p) break;
      char *e;
      long v = strtol(p, &e, 10);
      if (e == p || v < 1 || (size_t)v > c.nitems)
        return BAD(C_ANSWER, _("answer must list option numbers 1 to %zu, such as \"1,3\""),
                   c.nitems);
      ncor += !cor[v - 1];
      cor[v - 1] = 1;
      p = e;
    }
    if (!ncor) return BAD(C_ANSWER, _("a choice card needs the numbers of its correct options"));
    c.correct = cor;
    const char *fb = CELL(C_FEEDBACK);
    if (!blank(fb)) {
      const char **fl2 = lines(ar, fb, 1, &n);
      const char **fv = kk_arena_alloc(ar, c.nitems * sizeof *fv);
      if (!fl2 || !fv) goto nomem;
      for (size_t i = 0; i < c.nitems; i++) fv[i] = i < n && *fl2[i] ? fl2[i] : NULL;
      c.feedback = fv;
    }
    break;
  }
  case KK_CARD_TYPED:
    c.answers = lines(ar, av, 0, &c.nanswers);
    if (!c.answers) goto nomem;
    if (!c.nanswers) return BAD(ak, _("a typed card needs an answer"));
    break;
  case KK_CARD_NUMERIC: {
    if (!kk_num_parse(av, strlen(av), &c.value)) return BAD(ak, _("'%s' is not a number"), av);
    const char *tol = CELL(C_TOLERANCE);
    if (!blank(tol) && !(kk_num_parse(tol, strlen(tol), &c.tolerance) && c.tolerance >= 0))
      return BAD(C_TOLERANCE, _("'%s' is not a tolerance"), tol);
    if (!blank(CELL(C_UNIT)) && !(c.unit = kk_arena_strdup(ar, CELL(C_UNIT)))) goto nomem;
    break;
  }
  case KK_CARD_TRUEFALSE:
    if (!truth_word(av, &c.truth)) return BAD(ak, _("'%s' is not true or false"), av);
    break;
  case KK_CARD_ORDER:
    c.items = lines(ar, CELL(C_ITEMS), 0, &c.nitems);
    if (!c.items) goto nomem;
    if (c.nitems < 2) return BAD(C_ITEMS, _("an order card needs two or more items, one per line"));
    break;
  default: break;
  }
  if (!blank(CELL(C_EXPL)) && !(c.explanation = kk_arena_strdup(ar, CELL(C_EXPL)))) goto nomem;
  {
    const char *t = CELL(C_TAGS);
    size_t k = 1;
    for (const char *p = t; *p; p++) k += *p == ' ';
    const char **tv = kk_arena_alloc(ar, k * sizeof *tv);
    if (!tv) goto nomem;
    size_t nt = 0;
    for (const char *p = t; *p;) {
      while (*p == ' ') p++;
      const char *e = p;
      while (*e && *e != ' ') e++;
      if (e > p && !(tv[nt++] = kk_arena_strndup(ar, p, (size_t)(e - p)))) goto nomem;
      p = e;
    }
    c.tags = tv;
    c.ntags = nt;
  }
  if (!kk_export_source_parse(CELL(C_SOURCE), ar, &c.src_doc, &c.src_section, &c.src_line))
    goto nomem;
  if (!c.src_doc) c.src_doc = path, c.src_line = line;
  const char *id = CELL(C_ID);
  if (!blank(id) && !kk_deck_valid_id(id))
    return BAD(C_ID, _("id '%s' may only use letters, digits, '-', '_' and '.'"), id);
  if (!blank(id))
    c.id = kk_arena_strdup(ar, id);
  else {
    char buf[200];
    uint64_t h = hash_str(KK_HASH_INIT, c.front);
    snprintf(buf, sizeof buf, "%s-%08x", ci->deck_id, (unsigned)(h >> 32));
    c.id = kk_arena_strdup(ar, buf);
  }
  if (!c.id) goto nomem;
  if (!blank(id)) {
    int added = kk_idset_add(ci->ids, c.id);
    if (added == 0) return BAD(C_ID, _("id '%s' is used twice"), id);
    if (added < 0) goto nomem;
  } else {
    char buf[KK_DECK_MAX_ID + 1];
    if (!kk_idset_unique(ci->ids, c.id, buf, sizeof buf) || !(c.id = kk_arena_strdup(ar, buf)))
      goto nomem;
  }
  if (ci->n >= KK_DECK_MAX_CARDS)
    return kk_err_set(ci->err, KK_ERR_LIMIT, path, line, 1, _("more than %d cards"),
                      KK_DECK_MAX_CARDS);
  if (ci->n == ci->a) {
    size_t na = kk_grow_cap(ci->a, ci->n + 1, sizeof(kk_DraftCard), 64);
    kk_DraftCard *nv = kk_realloc_array(ci->cards, na, sizeof *nv);
    if (!nv) goto nomem;
    ci->cards = nv;
    int *nr = kk_realloc_array(ci->rows, na, sizeof *nr);
    if (!nr) goto nomem;
    ci->rows = nr;
    ci->a = na;
  }
  ci->rows[ci->n] = line;
  ci->cards[ci->n++] = c;
  for (size_t i = 0, l = strlen(c.front), m; i < l; i += m) {
    unsigned cp = kk_utf8_at(c.front, l, i, &m);
    if (kk_utf8_is_cjk(cp))
      ci->cjk++;
    else if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
      ci->latin++;
  }
  return KK_OK;
nomem:
  return kk_err_set(ci->err, KK_ERR_NOMEM, path, line, 1, _("out of memory"));
#undef CELL
#undef BAD
}

/* The rest of a CSV whose first row named its columns. */
static kk_Status import_columns(ColImport *ci, const kk_ImportOptions *opt, const char *stem,
                                FILE *f, size_t *ncards) {
  for (;;) {
    const char *const *fl;
    size_t nf;
    kk_Status st;
    if ((st = kk_csv_next(ci->r, &fl, &nf, ci->err)) != KK_OK) return st;
    if (nf == 0) break;
    int empty = 1;
    for (size_t i = 0; i < nf; i++) empty &= blank(fl[i]);
    if (empty) continue;
    if ((st = col_row(ci, fl, nf, kk_csv_record_line(ci->r))) != KK_OK) return st;
  }
  if (!ci->n)
    return kk_err_set(ci->err, KK_ERR_INVALID, ci->path, 0, 0,
                      _("no cards: the file has a header row and no rows"));
  const char *sources[] = {ci->path};
  kk_DraftDeck d = {
      .id = ci->deck_id,
      .title = opt && opt->title ? opt->title : stem,
      .language =
          opt && opt->lang ? opt->lang : (ci->cjk * 4 >= ci->latin && ci->cjk ? "ja" : "en"),
      .sources = sources,
      .nsources = 1,
      .header = "Drafted by `kioku import csv`; check it with `kioku lint`.",
      .cards = ci->cards,
      .ncards = ci->n,
  };
  /* sources the rows name are listed too */
  const char **srcs = kk_arena_alloc(ci->ar, (ci->n + 1) * sizeof *srcs);
  if (!srcs) return kk_err_set(ci->err, KK_ERR_NOMEM, ci->path, 0, 0, _("out of memory"));
  size_t ns = 0;
  for (size_t i = 0; i < ci->n; i++) {
    int seen = 0;
    for (size_t k = 0; k < ns && !seen; k++) seen = strcmp(srcs[k], ci->cards[i].src_doc) == 0;
    if (!seen) srcs[ns++] = ci->cards[i].src_doc;
  }
  d.sources = srcs;
  d.nsources = ns;
  /* the draft must load: a row the loader refuses is an error at that row */
  char *yaml = NULL;
  size_t ylen = 0;
  FILE *m = open_memstream(&yaml, &ylen);
  if (!m) return kk_err_set(ci->err, KK_ERR_NOMEM, ci->path, 0, 0, _("out of memory"));
  kk_yaml_write_deck(m, &d);
  if (fclose(m) != 0) {
    free(yaml);
    return kk_err_set(ci->err, KK_ERR_NOMEM, ci->path, 0, 0, _("out of memory"));
  }
  kk_Diags dg;
  kk_diags_init(&dg, 1);
  kk_Deck *chk = NULL;
  kk_Status st = KK_OK;
  if (kk_deck_load_mem(yaml, ylen, "draft.yaml", &dg, &chk) != KK_OK) {
    kk_Err e;
    kk_diags_first_error(&dg, &e);
    /* the card whose "  - id:" line comes last before the error's line */
    size_t k = 0;
    int yl = 1;
    for (size_t i = 0; i < ylen && yl <= e.line; i++) {
      if (yaml[i] == '\n') {
        yl++;
        if (yl <= e.line && strncmp(yaml + i + 1, "  - id: ", 8) == 0) k++;
      }
    }
    int row = k ? ci->rows[k - 1] : 0;
    st = kk_err_set(ci->err, KK_ERR_INVALID, ci->path, row, 1,
                    _("this row makes no valid card: %s"), e.msg);
  } else {
    fwrite(yaml, 1, ylen, f);
    if (ncards) *ncards = ci->n;
    if (ferror(f)) st = kk_err_set(ci->err, KK_ERR_IO, NULL, 0, 0, _("write failed"));
  }
  kk_deck_free(chk);
  kk_diags_free(&dg);
  free(yaml);
  return st;
}

kk_Status kk_import_csv(const char *buf, size_t len, const kk_ImportOptions *opt, FILE *f,
                        size_t *ncards, kk_Err *err) {
  const char *path = opt && opt->csv_name ? opt->csv_name : "input.csv";
  char deck_id[KK_DECK_MAX_ID + 1], stem[256];
  if (opt && opt->deck_id) {
    if (!kk_deck_valid_id_max(opt->deck_id, KK_IMPORT_MAX_DECK_ID))
      return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0,
                        _("deck id '%s' must be 1 to %d letters, digits, '-', '_' or '.'"),
                        opt->deck_id, KK_IMPORT_MAX_DECK_ID);
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
  kk_IdSet *ids = NULL;
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
    if (!seen_row) {
      int col[C_NCOLS];
      if (named_header(fl, nf, col)) {
        ColImport ci = {.r = r,
                        .col = col,
                        .path = path,
                        .deck_id = deck_id,
                        .ar = &ar,
                        .ids = kk_idset_new(),
                        .err = err};
        st = ci.ids ? import_columns(&ci, opt, stem, f, ncards)
                    : kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
        kk_free(ci.cards);
        kk_free(ci.rows);
        kk_idset_free(ci.ids);
        goto done;
      }
    }
    size_t used = nf;
    while (used > 2 && blank(fl[used - 1])) used--;
    if (used <= 2 && blank(fl[0]) && (used < 2 || blank(fl[1]))) continue; /* empty row */
    if (used != 2) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, 1,
                      _("expected two columns (front,back), found %zu"), used);
      goto done;
    }
    int first = !seen_row;
    seen_row = 1;
    if (first && header_row(fl[0], fl[1])) continue;
    /* judged without the formula guard: "'" + a tab is an empty text */
    int empty0 = blank(unguard(fl[0])), empty1 = blank(unguard(fl[1]));
    if (empty0 || empty1) {
      st = kk_err_set(err, KK_ERR_INVALID, path, line, empty0 ? 1 : 2, "%s",
                      empty0 ? _("the front (column 1) is empty")
                             : _("the back (column 2) is empty"));
      goto done;
    }
    if (nrows >= KK_DECK_MAX_CARDS) {
      st = kk_err_set(err, KK_ERR_LIMIT, path, line, 1, _("more than %d cards"), KK_DECK_MAX_CARDS);
      goto done;
    }
    if (nrows == arows) {
      Row *nr = kk_grow(rows, &arows, nrows + 1, sizeof *nr, 64);
      if (!nr) goto nomem;
      rows = nr;
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
        if (kk_utf8_is_cjk(cp))
          cjk++;
        else if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
          latin++;
        i += m;
      }
    }
  }
  if (nrows == 0) {
    st = kk_err_set(err, KK_ERR_INVALID, path, 0, 0,
                    _("no cards: the file has no rows of front,back"));
    goto done;
  }
  /* ids from the front: stable when rows move or backs change */
  cards = kk_calloc(nrows ? nrows : 1, sizeof *cards);
  if (!cards || !(ids = kk_idset_new())) goto nomem;
  for (size_t i = 0; i < nrows; i++) {
    Row *row = &rows[i];
    uint64_t h = hash_str(KK_HASH_INIT, row->front);
    char base[KK_DECK_MAX_ID + 16]; /* deck_id is at most KK_IMPORT_MAX_DECK_ID */
    snprintf(base, sizeof base, "%s-%08x", deck_id, (unsigned)(h >> 32));
    if (!kk_idset_unique(ids, base, row->id, sizeof row->id)) goto nomem;
    cards[i] = (kk_DraftCard){
        .id = row->id,
        .type = KK_CARD_BASIC,
        .front = row->front,
        .back = row->back,
        .src_doc = path,
        .src_line = row->line,
    };
    char why[160], front_why[160];
    if (kk_draft_misfit(&cards[i], why, sizeof why)) {
      kk_DraftCard front_only = cards[i];
      front_only.back = ""; /* the column: the front when it misfits alone */
      int col = kk_draft_misfit(&front_only, front_why, sizeof front_why) ? 1 : 2;
      st = kk_err_set(err, KK_ERR_INVALID, path, row->line, col,
                      _("this row makes no valid card: %s"), why);
      goto done;
    }
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
  st = ferror(f) ? kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("write failed")) : KK_OK;
  goto done;
nomem:
  st = kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
done:
  kk_csv_reader_free(r);
  kk_free(rows);
  kk_free(cards);
  kk_idset_free(ids);
  kk_arena_free(&ar);
  return st;
}
