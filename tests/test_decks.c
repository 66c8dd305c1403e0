/*
** test_decks.c -- the shipped decks (decks/NAME.yaml) against the course
** documents they cite (../shared/seeds/NAME.txt).
**
** The documents are read from KK_SOURCE_DIR/../shared/seeds, or from
** $KK_SEEDS_DIR when set (a worktree elsewhere).  Without them nothing can
** be cited-checked: the test still loads the decks, then prints "SKIPPED:
** seeds not found" and returns 77.
**
** What is checked:
**  - every deck loads with no error and no warning; card ids are unique
**    across decks; at least 200 cards in all; every card is origin: hand
**    (generated decks live in decks/generated/, which is not scanned).
**  - source: the cited document exists; `section` equals a line of it after
**    trimming white space (ASCII and U+3000) and leading bullets '•'; the
**    cited line (1-based, required) lies inside that section.
**  - figures: every number written on the card (front/question/statement,
**    back, explanation, options and their feedback, accepted answers, order
**    items, unit, cloze answers and hints; plus a numeric card's value and
**    non-zero tolerance) occurs in the cited section.  A number is a run of
**    ASCII digits with inner '.' or ',' between digits ("1.0119", "1,750",
**    "2035"), compared as whole tokens, so "5" does not match inside "2035".
**    At the start of a line "N." directly followed by a digit is a list
**    marker: "1.2022年" yields 1 and 2022.  A numeric value is compared with
**    thousands commas removed (1750 matches "1,750").  Full-width digits on
**    a card are rejected (the documents write ASCII digits).
**  - verbatim: a cloze on the Article 5 text (sections listed in
**    kA5Sections) or tagged `quote`, with its markers replaced by their
**    answers, occurs verbatim in the cited section; and together the Article
**    5 clozes cover every paragraph of both Article 5 sections (spaces and
**    the punctuation , . 、 。 aside): the text is drilled phrase by phrase.
**
**  - labels and notes: a question may open with a context label 【...】,
**    which is not part of a quotation; an explanation may end with one
**    short note after 【注】 (general knowledge where a reading is
**    imprecise), whose figures are exempt from the figure check.
**  - coverage: every section of both readings (kSections, 72 headings with
**    text of their own) has at least two cards citing it.
**  - fair choices: among single-answer choice cards, no position holds the
**    correct option, and the correct option is not strictly the longest, in
**    more than 40% of cards (overall and per deck); every option of every
**    choice card has feedback; multiple-answer cards carry `select-all`.
**  - context: no question opens with a bare pronoun or connective
**    (これは, その, 理由は, また, ...) unless a label names the subject.
**  - reasoning: at least a third of all cards are tagged `reasoning` with
**    one of explain / compare / apply / evaluate, each with an explanation.
** The checks that need no document run without the seeds too.
**
** Section: from the cited heading line (its last occurrence at or before
** the cited line, since headings such as まとめ repeat) up to, not
** including, the next line of the document that any shipped card cites as a
** heading, or the end of the document.  The shipped cards cite the most
** specific heading, so a section is exactly one heading's text; a card that
** spans several sub-sections must not carry figures (or cite the parent
** heading with no sub-heading cited).
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deck/cloze.h"
#include "core/deck/deck.h"
#include "core/base/diag.h"
#include "core/deck/load.h"
#include "core/base/utf8.h"
#include "kt.h"

#define SEEDS_DIR KK_SOURCE_DIR "/../shared/seeds"
#define DECKS_DIR KK_SOURCE_DIR "/decks"
#define MAX_DECKS 64
#define MAX_DOCS 16

static const char *const kA5Sections[] = {"北大西洋条約 第5条(原文)", "和訳", NULL};

/* A card's question may open with a context label 【...】 naming what it is
** about (the list a heading belongs to, the subject of a quoted sentence that
** opens with a pronoun).  The label is not part of a quotation. */
#define LABEL_OPEN "\xe3\x80\x90"  /* 【 */
#define LABEL_CLOSE "\xe3\x80\x91" /* 】 */

/* An explanation may end with a note on the reading from general knowledge,
** after 【注】 (where the reading is imprecise).  Its figures need not be in
** the cited section; it is kept short. */
#define NOTE_MARK "\xe3\x80\x90\xe6\xb3\xa8\xe3\x80\x91" /* 【注】 */
#define NOTE_MAX_CHARS 120

/* The text after a leading context label, or s itself. */
static const char *skip_label(const char *s) {
  if (strncmp(s, LABEL_OPEN, 3) != 0) return s;
  const char *e = strstr(s, LABEL_CLOSE);
  return e ? e + 3 : s;
}

/* ---- small string list ------------------------------------------------- */

typedef struct {
  char **v;
  size_t n, cap;
} StrList;

static int strlist_has(const StrList *l, const char *s) {
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->v[i], s) == 0) return 1;
  return 0;
}

static void strlist_add_n(StrList *l, const char *s, size_t n) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 32;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
    if (!l->v) abort();
  }
  char *c = malloc(n + 1);
  if (!c) abort();
  memcpy(c, s, n);
  c[n] = '\0';
  l->v[l->n++] = c;
}

static void strlist_add(StrList *l, const char *s) {
  if (!strlist_has(l, s)) strlist_add_n(l, s, strlen(s));
}

static void strlist_free(StrList *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

/* ---- documents ------------------------------------------------------------ */

typedef struct {
  char name[256];
  char *text;
  size_t len;
  size_t *off; /* off[i]: byte offset of line i+1; off[nlines] = len + 1 */
  size_t nlines;
  StrList heads; /* every section cited for this document */
} Doc;

static const char *seeds_dir(void) {
  const char *e = getenv("KK_SEEDS_DIR");
  return e && *e ? e : SEEDS_DIR;
}

static Doc docs[MAX_DOCS];
static size_t ndocs;

static Doc *doc_get(const char *name) {
  for (size_t i = 0; i < ndocs; i++)
    if (strcmp(docs[i].name, name) == 0) return &docs[i];
  if (ndocs == MAX_DOCS || strchr(name, '/') || strlen(name) >= sizeof docs[0].name) return NULL;
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", seeds_dir(), name);
  size_t len = 0;
  char *text = kt_read_file(path, &len);
  if (!text) return NULL;
  Doc *d = &docs[ndocs++];
  memset(d, 0, sizeof *d);
  snprintf(d->name, sizeof d->name, "%s", name);
  d->text = text;
  d->len = len;
  size_t n = 1;
  for (size_t i = 0; i < len; i++) n += text[i] == '\n';
  d->off = malloc((n + 1) * sizeof *d->off);
  if (!d->off) abort();
  d->off[0] = 0;
  size_t k = 1;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n') d->off[k++] = i + 1;
  d->nlines = n;
  d->off[n] = len + 1;
  return d;
}

/* Line i (1-based) without its '\n'. */
static const char *doc_line(const Doc *d, size_t i, size_t *n) {
  *n = d->off[i] - 1 - d->off[i - 1];
  return d->text + d->off[i - 1];
}

static int is_space_at(const char *s, size_t n, size_t *w) {
  if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r')) return *w = 1, 1;
  if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) return *w = 3, 1; /* U+3000 */
  return 0;
}

/* 1 if the line equals heading after trimming space and leading bullets. */
static int line_is(const char *s, size_t n, const char *heading) {
  size_t w;
  for (;;) {
    if (is_space_at(s, n, &w))
      s += w, n -= w;
    else if (n >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0)
      s += 3, n -= 3; /* • */
    else
      break;
  }
  while (n > 0) {
    if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')
      n--;
    else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
      n -= 3;
    else
      break;
  }
  return strlen(heading) == n && memcmp(s, heading, n) == 0;
}

/* Finds the section of a citation: [*from, *to) in lines.  Returns 0 if the
** heading does not occur at or before `line`. */
static int doc_section(const Doc *d, const char *heading, size_t line, size_t *from, size_t *to) {
  size_t h = 0, n;
  for (size_t i = line < d->nlines ? line : d->nlines; i >= 1 && !h; i--) {
    const char *s = doc_line(d, i, &n);
    if (line_is(s, n, heading)) h = i;
  }
  if (!h) return 0;
  size_t next = d->nlines + 1;
  for (size_t i = h + 1; i <= d->nlines && next == d->nlines + 1; i++) {
    const char *s = doc_line(d, i, &n);
    for (size_t k = 0; k < d->heads.n; k++)
      if (line_is(s, n, d->heads.v[k])) {
        next = i;
        break;
      }
  }
  *from = h;
  *to = next;
  return 1;
}

/* ---- numbers ------------------------------------------------------------------ */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Adds the number tokens of s[0..n) to out (see the file comment). */
static void collect_numbers(const char *s, size_t n, StrList *out) {
  size_t i = 0;
  int line_start = 1;
  while (i < n) {
    if (s[i] == '\n') {
      line_start = 1;
      i++;
      continue;
    }
    if (line_start && (s[i] == ' ' || s[i] == '\t')) {
      i++;
      continue;
    }
    if (!is_digit(s[i])) {
      line_start = 0;
      i++;
      continue;
    }
    size_t b = i;
    while (i < n && is_digit(s[i])) i++;
    if (line_start && i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
      strlist_add_n(out, s + b, i - b); /* list marker "N." */
      i++;
      line_start = 0;
      continue;
    }
    while (i + 1 < n && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
      i++;
      while (i < n && is_digit(s[i])) i++;
    }
    strlist_add_n(out, s + b, i - b);
    line_start = 0;
  }
}

static void drop_commas(const char *s, char *out, size_t size) {
  size_t k = 0;
  for (; *s && k + 1 < size; s++)
    if (*s != ',') out[k++] = *s;
  out[k] = '\0';
}

static int has_fullwidth_digit(const char *s) {
  for (; s[0] && s[1] && s[2]; s++)
    if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbc && (unsigned char)s[2] >= 0x90 &&
        (unsigned char)s[2] <= 0x99)
      return 1;
  return 0;
}

/* ---- cloze text ----------------------------------------------------------------- */

/* The cloze text with each marker replaced by its answer (and, if hints,
** " " and its hint).  Returns a malloc'd string or NULL if it does not
** parse. */
static char *cloze_plain(const char *text, int hints) {
  static kk_ClozeResult r;
  size_t len = strlen(text);
  if (kk_cloze_parse(text, len, &r) != KK_CLOZE_OK) return NULL;
  char *out = malloc(2 * len + 1);
  if (!out) abort();
  size_t k = 0, at = 0;
  for (size_t i = 0; i < r.n; i++) {
    const kk_ClozeSpan *sp = &r.spans[i];
    memcpy(out + k, text + at, sp->start - at), k += sp->start - at;
    memcpy(out + k, text + sp->ans, sp->ans_len), k += sp->ans_len;
    if (hints && sp->hint_len) {
      out[k++] = ' ';
      memcpy(out + k, text + sp->hint, sp->hint_len), k += sp->hint_len;
    }
    at = sp->end;
  }
  memcpy(out + k, text + at, len - at), k += len - at;
  out[k] = '\0';
  return out;
}

/* ---- the decks ---------------------------------------------------------------------- */

static kk_Deck *decks[MAX_DECKS];
static size_t ndecks;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_load_decks(void) {
  DIR *dir = opendir(DECKS_DIR);
  KT_CHECK(dir != NULL);
  if (!dir) return;
  char *names[MAX_DECKS];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(dir))) {
    size_t l = strlen(e->d_name);
    if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0 && n < MAX_DECKS)
      names[n++] = strdup(e->d_name);
  }
  closedir(dir);
  qsort(names, n, sizeof *names, cmp_str);
  KT_CHECK(n >= 5);
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    char path[512];
    snprintf(path, sizeof path, "decks/%s", names[i]);
    kk_Diags diags;
    kk_diags_init(&diags, 0);
    kk_Deck *d = NULL;
    kk_Status st = kk_deck_load_file(path, &diags, &d);
    if (st != KK_OK || diags.nerrors || diags.nwarnings) kk_diags_print(&diags, stderr);
    KT_CHECK(st == KK_OK);
    KT_CHECK(diags.nerrors == 0);
    KT_CHECK(diags.nwarnings == 0);
    kk_diags_free(&diags);
    if (d) {
      printf("%-28s %3zu cards\n", kk_deck_id(d), kk_deck_card_count(d));
      total += kk_deck_card_count(d);
      decks[ndecks++] = d;
    }
    free(names[i]);
  }
  printf("%-28s %3zu cards\n", "total", total);
  KT_CHECK(total >= 200);

  kk_Diags diags;
  kk_diags_init(&diags, 0);
  size_t dups = kk_decks_check_duplicates(decks, ndecks, &diags);
  if (dups) kk_diags_print(&diags, stderr);
  KT_CHECK(dups == 0);
  kk_diags_free(&diags);

  for (size_t i = 0; i < ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++) {
      const kk_Card *c = kk_deck_card(decks[i], j);
      if (!c->origin || strcmp(c->origin, "hand") != 0) {
        fprintf(stderr, "%s: card %s is not origin: hand\n", kk_deck_path(decks[i]), c->id);
        KT_CHECK(0);
      }
    }
}

/* ---- citations -------------------------------------------------------------------------- */

static int is_a5_section(const char *s) {
  for (size_t i = 0; kA5Sections[i]; i++)
    if (strcmp(s, kA5Sections[i]) == 0) return 1;
  return 0;
}

static int has_tag(const kk_Card *c, const char *tag) {
  for (size_t i = 0; i < c->ntags; i++)
    if (strcmp(c->tags[i], tag) == 0) return 1;
  return 0;
}

/* Per Article 5 section: which bytes the verbatim clozes cover. */
typedef struct {
  const Doc *doc;
  size_t from, to;        /* lines */
  unsigned char *covered; /* indexed by byte offset in doc->text */
} A5Cover;

static A5Cover a5[8];
static size_t na5;

static A5Cover *a5_cover(const Doc *d, size_t from, size_t to) {
  for (size_t i = 0; i < na5; i++)
    if (a5[i].doc == d && a5[i].from == from) return &a5[i];
  if (na5 == sizeof a5 / sizeof a5[0]) return NULL;
  A5Cover *c = &a5[na5++];
  c->doc = d, c->from = from, c->to = to;
  c->covered = calloc(d->len + 1, 1);
  if (!c->covered) abort();
  return c;
}

/* Adds the visible texts of a card (cloze markers resolved) to out. */
static void card_texts(const kk_Card *c, StrList *out) {
  if (c->front) {
    if (c->type == KK_CARD_CLOZE) {
      char *p = cloze_plain(c->front, 1);
      strlist_add(out, p ? p : c->front);
      free(p);
    } else {
      strlist_add(out, c->front);
    }
  }
  if (c->back) strlist_add(out, c->back);
  if (c->explanation) {
    const char *note = strstr(c->explanation, NOTE_MARK);
    if (note) {
      if (note > c->explanation)
        strlist_add_n(out, c->explanation, (size_t)(note - c->explanation));
    } else {
      strlist_add(out, c->explanation);
    }
  }
  if (c->unit) strlist_add(out, c->unit);
  for (size_t i = 0; i < c->noptions; i++) {
    if (c->options[i].text) strlist_add(out, c->options[i].text);
    if (c->options[i].feedback) strlist_add(out, c->options[i].feedback);
  }
  for (size_t i = 0; i < c->nanswers; i++) strlist_add(out, c->answers[i]);
  for (size_t i = 0; i < c->nitems; i++) strlist_add(out, c->items[i]);
}

static void check_card(const char *path, const kk_Card *c) {
  const kk_Source *s = &c->source;
  if (!s->doc || !s->section || s->line <= 0) {
    fprintf(stderr, "%s: card %s: source needs doc, section and line\n", path, c->id);
    KT_CHECK(0);
    return;
  }
  const Doc *d = doc_get(s->doc);
  if (!d) {
    fprintf(stderr, "%s: card %s: document %s not found\n", path, c->id, s->doc);
    KT_CHECK(0);
    return;
  }
  size_t from, to;
  if (!doc_section(d, s->section, (size_t)s->line, &from, &to)) {
    fprintf(stderr, "%s: card %s: no line \"%s\" in %s at or before line %d\n", path, c->id,
            s->section, s->doc, s->line);
    KT_CHECK(0);
    return;
  }
  if ((size_t)s->line >= to) {
    fprintf(stderr, "%s: card %s: line %d is outside section \"%s\" (lines %zu-%zu)\n", path, c->id,
            s->line, s->section, from, to - 1);
    KT_CHECK(0);
  }
  size_t sb = d->off[from - 1], se = d->off[to - 1] - 1; /* section bytes [sb, se) */
  if (se > d->len) se = d->len;
  char *sect = malloc(se - sb + 1);
  if (!sect) abort();
  memcpy(sect, d->text + sb, se - sb);
  sect[se - sb] = '\0';

  /* figures */
  StrList have = {0}, texts = {0}, nums = {0};
  collect_numbers(sect, se - sb, &have);
  card_texts(c, &texts);
  for (size_t i = 0; i < texts.n; i++) {
    if (has_fullwidth_digit(texts.v[i])) {
      fprintf(stderr, "%s: card %s: full-width digit in \"%s\"\n", path, c->id, texts.v[i]);
      KT_CHECK(0);
    }
    collect_numbers(texts.v[i], strlen(texts.v[i]), &nums);
  }
  int ok = 1;
  for (size_t i = 0; i < nums.n; i++)
    if (!strlist_has(&have, nums.v[i])) {
      fprintf(stderr, "%s: card %s: figure %s is not in section \"%s\" of %s\n", path, c->id,
              nums.v[i], s->section, s->doc);
      ok = 0;
    }
  if (c->type == KK_CARD_NUMERIC) {
    StrList bare = {0};
    char buf[64];
    for (size_t i = 0; i < have.n; i++) {
      drop_commas(have.v[i], buf, sizeof buf);
      strlist_add(&bare, buf);
    }
    double vals[2] = {c->value, c->tolerance};
    for (int k = 0; k < 2; k++) {
      if (k == 1 && c->tolerance == 0) continue;
      snprintf(buf, sizeof buf, "%.15g", vals[k]);
      if (!strlist_has(&bare, buf)) {
        fprintf(stderr, "%s: card %s: numeric %s %s is not in section \"%s\"\n", path, c->id,
                k ? "tolerance" : "answer", buf, s->section);
        ok = 0;
      }
    }
    strlist_free(&bare);
  }
  KT_CHECK(ok);

  /* verbatim quotations */
  int a5sec = is_a5_section(s->section);
  if (c->type == KK_CARD_CLOZE && (a5sec || has_tag(c, "quote"))) {
    char *plain = cloze_plain(skip_label(c->front), 0);
    const char *at = plain ? strstr(sect, plain) : NULL;
    if (!at) {
      fprintf(stderr, "%s: card %s: not verbatim in section \"%s\": %s\n", path, c->id, s->section,
              plain ? plain : c->front);
      KT_CHECK(0);
    } else {
      KT_CHECK(1);
      A5Cover *cv = a5sec ? a5_cover(d, from, to) : NULL;
      size_t pl = strlen(plain);
      for (; cv && at; at = strstr(at + 1, plain))
        memset(cv->covered + sb + (size_t)(at - sect), 1, pl);
    }
    free(plain);
  }
  free(sect);
  strlist_free(&have);
  strlist_free(&texts);
  strlist_free(&nums);
}

static int is_filler(const char *s, size_t n, size_t *w) {
  if (n >= 1 && (s[0] == ' ' || s[0] == ',' || s[0] == '.')) return *w = 1, 1;
  if (n >= 3 && (memcmp(s, "、", 3) == 0 || memcmp(s, "。", 3) == 0)) return *w = 3, 1;
  return 0;
}

static void test_citations(void) {
  /* every heading cited for each document bounds the sections */
  for (size_t i = 0; i < ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++) {
      const kk_Card *c = kk_deck_card(decks[i], j);
      Doc *d = c->source.doc ? doc_get(c->source.doc) : NULL;
      if (d && c->source.section) strlist_add(&d->heads, c->source.section);
    }
  for (size_t i = 0; i < ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++)
      check_card(kk_deck_path(decks[i]), kk_deck_card(decks[i], j));

  /* Article 5: both the original and the translation are drilled in full */
  size_t nsec = 0;
  for (size_t k = 0; kA5Sections[k]; k++) nsec++;
  KT_CHECK(na5 == nsec);
  for (size_t i = 0; i < na5; i++) {
    const A5Cover *cv = &a5[i];
    for (size_t ln = cv->from + 1; ln < cv->to; ln++) {
      size_t n, w;
      const char *s = doc_line(cv->doc, ln, &n);
      if (n < 40) continue; /* headings such as "Article 5", blank lines */
      size_t base = (size_t)(s - cv->doc->text);
      for (size_t b = 0; b < n;) {
        if (is_filler(s + b, n - b, &w)) {
          b += w;
          continue;
        }
        if (!cv->covered[base + b]) {
          size_t k = n - b < 60 ? n - b : 60;
          while (k < n - b && ((unsigned char)s[b + k] & 0xc0) == 0x80) k--;
          fprintf(stderr, "%s:%zu: Article 5 text not drilled by any verbatim cloze: %.*s\n",
                  cv->doc->name, ln, (int)k, s + b);
          KT_CHECK(0);
          break;
        }
        b++;
      }
    }
  }
}

/* ---- coverage: every section of both readings ----------------------------- */

/* The sections of the readings, by their heading line: every heading with
** text of its own.  Left out: the title and photo caption, the reference
** lists, and headings that only group sub-headings (e.g. 「米中ロの核戦略比較」)
** or have a one-line lead-in (「ウクライナ停戦交渉がNATOに与える具体的影響」).
** A card counts for the section its citation resolves to. */
typedef struct {
  const char *doc;
  size_t line;
  const char *heading;
} Section;

#define DOC0 "000_58e3e53a805f13db.txt"
#define DOC3 "003_4239d4c3afee01f3.txt"
#define MIN_CARDS_PER_SECTION 2

static const Section kSections[] = {
    {DOC0, 7, "現状(2026年2月時点)"},
    {DOC0, 12, "第2次トランプ政権とNATOの関係(総論)"},
    {DOC0, 17, "第1次政権時を上回る「実利主義(トランザクショナル)」"},
    {DOC0, 30, "主なポイント"},
    {DOC0, 43, "相互防衛義務(第5条)の条件付け"},
    {DOC0, 48, "国防費「2%目標」の厳格化"},
    {DOC0, 53, "ウクライナ支援とNATOの関係"},
    {DOC0, 58, "2026年現在の状況と懸念"},
    {DOC0, 63, "NATOの「トランプ・プルーフ(トランプ耐性)」作戦"},
    {DOC0, 78, "今後の展望"},
    {DOC0, 83, "まとめ"},
    {DOC0, 103, "追記:相互防衛義務(第5条)の現状"},
    {DOC0, 114, "米国の脱退という最悪のシナリオはあり得るか"},
    {DOC0, 129, "ドイツと米国"},
    {DOC0, 137, "フランスと米国"},
    {DOC0, 150, "停戦交渉の進展とNATOの役割"},
    {DOC0, 158, "停戦成立のシナリオとNATO"},
    {DOC0, 166, "追記まとめ"},
    {DOC0, 193, "1.2022年:ウクライナ侵攻とNATOの再活性化"},
    {DOC0, 199, "2.2023~2024年:長期戦化と負担分担論の再浮上"},
    {DOC0, 205, "3.2025年以降:トランプ2.0と同盟の条件化"},
    {DOC0, 214, "1.米国とNATO欧州諸国の非対称性"},
    {DOC0, 220, "2.主要国別の特徴"},
    {DOC0, 230, "3.比較の意味"},
    {DOC0, 237, "1.抑止の信頼性低下というシグナル"},
    {DOC0, 243, "2.直接的軍事行動への影響"},
    {DOC0, 253, "3.戦略的帰結"},
    {DOC0, 264, "最後に"},
    {DOC0, 274, "北大西洋条約 第5条(原文)"},
    {DOC0, 283, "和訳"},
    {DOC0, 292, "補足(重要ポイント)"},
    {DOC3, 7, "現状(2026年2月時点)"},
    {DOC3, 12, "第2次トランプ政権(2025年1月発足)の防衛戦略"},
    {DOC3, 19, "防衛戦略の主な柱"},
    {DOC3, 39, "「力による平和」の再定義"},
    {DOC3, 46, "国防予算の増額"},
    {DOC3, 53, "核戦力の近代化"},
    {DOC3, 60, "同盟国への「公平な負担」要求"},
    {DOC3, 67, "NATO諸国への圧力"},
    {DOC3, 74, "日韓との関係"},
    {DOC3, 81, "対中・対ロシア戦略の変化"},
    {DOC3, 88, "中国への集中(ピボット)"},
    {DOC3, 95, "ウクライナ支援の転換"},
    {DOC3, 100, "統合抑止と先端技術"},
    {DOC3, 105, "AIと自律型兵器"},
    {DOC3, 110, "非介入主義の側面"},
    {DOC3, 115, "今後の展望"},
    {DOC3, 132, "まとめ"},
    {DOC3, 153, "核戦力近代化の定義と背景"},
    {DOC3, 160, "抑止安定性への影響"},
    {DOC3, 171, "地域安全保障への波及"},
    {DOC3, 180, "米国の核戦略"},
    {DOC3, 193, "ロシアの核戦略"},
    {DOC3, 200, "中国の核戦略"},
    {DOC3, 215, "三極比較の構造的特徴"},
    {DOC3, 230, "「世界最強の軍事力」という概念"},
    {DOC3, 237, "弊害① 安全保障の取引化"},
    {DOC3, 242, "弊害② 軍拡競争の誘発"},
    {DOC3, 247, "弊害③ 非軍事的安全保障の軽視"},
    {DOC3, 252, "まとめ"},
    {DOC3, 261, "非介入主義とは"},
    {DOC3, 265, "意義と理論的意義"},
    {DOC3, 278, "第2次トランプ政権における位置付け"},
    {DOC3, 285, "台湾海峡情勢"},
    {DOC3, 291, "朝鮮半島情勢"},
    {DOC3, 300, "構想と目的"},
    {DOC3, 304, "現状(2026年初頭)"},
    {DOC3, 310, "戦略的含意"},
    {DOC3, 314, "① 技術・戦術的課題"},
    {DOC3, 317, "② 戦略安定性への影響"},
    {DOC3, 320, "③ 予算負担と機会費用"},
    {DOC3, 324, "最後に"},
};
#define NSECTIONS (sizeof kSections / sizeof kSections[0])

/* Runs after test_citations (which collects the cited headings). */
static void test_sections(void) {
  size_t count[NSECTIONS] = {0};
  for (size_t k = 0; k < NSECTIONS; k++) {
    const Section *s = &kSections[k];
    Doc *d = doc_get(s->doc);
    size_t n = 0;
    const char *text = d && s->line <= d->nlines ? doc_line(d, s->line, &n) : NULL;
    if (!text || !line_is(text, n, s->heading)) {
      fprintf(stderr, "%s:%zu: section heading \"%s\" not found there\n", s->doc, s->line,
              s->heading);
      KT_CHECK(0);
    }
  }
  for (size_t i = 0; i < ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++) {
      const kk_Card *c = kk_deck_card(decks[i], j);
      const kk_Source *s = &c->source;
      Doc *d = s->doc ? doc_get(s->doc) : NULL;
      size_t from, to;
      if (!d || !s->section || s->line <= 0 ||
          !doc_section(d, s->section, (size_t)s->line, &from, &to))
        continue; /* test_citations reports it */
      for (size_t k = 0; k < NSECTIONS; k++)
        if (kSections[k].line == from && strcmp(kSections[k].doc, s->doc) == 0) count[k]++;
    }
  size_t short_of = 0;
  for (size_t k = 0; k < NSECTIONS; k++)
    if (count[k] < MIN_CARDS_PER_SECTION) {
      fprintf(stderr, "%s:%zu: section \"%s\" has %zu card(s); every section needs %d\n",
              kSections[k].doc, kSections[k].line, kSections[k].heading, count[k],
              MIN_CARDS_PER_SECTION);
      short_of++;
    }
  printf("sections: %zu, each with at least %d cards: %s\n", NSECTIONS, MIN_CARDS_PER_SECTION,
         short_of ? "no" : "yes");
  KT_CHECK(short_of == 0);
}

/* ---- fair choices ------------------------------------------------------------ */

/* Among single-answer choice cards, no option position holds the correct
** option, and the correct option is not strictly the longest (a tie gives
** no clue), in more than 40% of cards: over all decks and within each deck that has at least
** kMinChoice such cards (the exam pools draw per deck).  Multiple-answer
** cards are left out: their correct options are most of the list. */
#define MAX_SHARE 0.40
#define MIN_CHOICE 5

typedef struct {
  size_t n, longest, pos[26];
} ChoiceStats;

static void choice_count(const kk_Card *c, ChoiceStats *st) {
  if (c->type != KK_CARD_CHOICE || c->ncorrect != 1 || c->noptions > 26) return;
  size_t right = 0, len[26], max_other = 0;
  for (size_t k = 0; k < c->noptions; k++) {
    len[k] = kk_utf8_count(c->options[k].text, strlen(c->options[k].text));
    if (c->options[k].correct) right = k;
  }
  for (size_t k = 0; k < c->noptions; k++)
    if (k != right && len[k] > max_other) max_other = len[k];
  st->n++;
  st->pos[right]++;
  if (len[right] > max_other) st->longest++;
}

static int choice_fair(const char *what, const ChoiceStats *st) {
  int ok = 1;
  size_t worst = 0;
  for (size_t k = 1; k < 26; k++)
    if (st->pos[k] > st->pos[worst]) worst = k;
  printf("%-28s %3zu single-answer choice cards: correct longest %3.0f%%, most in one "
         "position %3.0f%% (option %zu)\n",
         what, st->n, st->n ? 100.0 * st->longest / st->n : 0.0,
         st->n ? 100.0 * st->pos[worst] / st->n : 0.0, worst + 1);
  if (st->n == 0) return 1;
  if ((double)st->longest > MAX_SHARE * st->n) {
    fprintf(stderr,
            "%s: the correct option is the longest in %zu of %zu choice cards (max %.0f%%)\n", what,
            st->longest, st->n, 100 * MAX_SHARE);
    ok = 0;
  }
  if ((double)st->pos[worst] > MAX_SHARE * st->n) {
    fprintf(stderr,
            "%s: the correct option is option %zu in %zu of %zu choice cards (max %.0f%%)\n", what,
            worst + 1, st->pos[worst], st->n, 100 * MAX_SHARE);
    ok = 0;
  }
  return ok;
}

static void test_choice_balance(void) {
  ChoiceStats all = {0};
  for (size_t i = 0; i < ndecks; i++) {
    ChoiceStats st = {0};
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++) {
      choice_count(kk_deck_card(decks[i], j), &st);
      choice_count(kk_deck_card(decks[i], j), &all);
    }
    if (st.n >= MIN_CHOICE) KT_CHECK(choice_fair(kk_deck_path(decks[i]), &st));
  }
  KT_CHECK(all.n >= MIN_CHOICE);
  KT_CHECK(choice_fair("all decks", &all));
}

/* ---- context: no bare opener ----------------------------------------------------- */

/* A question, statement, front or cloze text never opens with a pronoun or
** connective that points outside the card, unless a context label 【...】
** names the subject first. */
static const char *const kBareOpeners[] = {
    "これは",   "これら", "それは", "それら",     "その",       "この点",
    "こうした", "理由は", "また",   "したがって", "結果として", "総じて",
    "一方",     "しかし", "さらに", "加えて",     "つまり",     NULL};

static void test_openers(void) {
  size_t bad = 0;
  for (size_t i = 0; i < ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++) {
      const kk_Card *c = kk_deck_card(decks[i], j);
      if (!c->front) continue;
      const char *s = c->front;
      while (*s == ' ' || *s == '"' || strncmp(s, "\xe3\x80\x8c", 3) == 0) /* 「 */
        s += *s == ' ' || *s == '"' ? 1 : 3;
      for (size_t k = 0; kBareOpeners[k]; k++)
        if (strncmp(s, kBareOpeners[k], strlen(kBareOpeners[k])) == 0) {
          fprintf(stderr, "%s: card %s opens with \"%s\" without naming its subject: %.60s\n",
                  kk_deck_path(decks[i]), c->id, kBareOpeners[k], c->front);
          bad++;
          break;
        }
    }
  KT_CHECK(bad == 0);
}

/* ---- reasoning cards ------------------------------------------------------------- */

/* Cards tagged `reasoning` ask to explain, compare, apply or evaluate (one of
** those tags too).  At least a third of all cards are such cards; each has an
** explanation, and a reasoning choice card has feedback on every option. */
static const char *const kKinds[] = {"explain", "compare", "apply", "evaluate", NULL};

static void test_reasoning(void) {
  size_t total = 0, reasoning = 0, kinds[4] = {0};
  for (size_t i = 0; i < ndecks; i++) {
    size_t dn = kk_deck_card_count(decks[i]), dr = 0;
    for (size_t j = 0; j < dn; j++) {
      const kk_Card *c = kk_deck_card(decks[i], j);
      if (!has_tag(c, "reasoning")) continue;
      dr++;
      size_t nk = 0;
      for (size_t k = 0; kKinds[k]; k++)
        if (has_tag(c, kKinds[k])) kinds[k]++, nk++;
      int ok = nk == 1 && c->explanation && *c->explanation;
      for (size_t k = 0; c->type == KK_CARD_CHOICE && k < c->noptions; k++)
        if (!c->options[k].feedback || !*c->options[k].feedback) ok = 0;
      if (!ok)
        fprintf(stderr,
                "%s: reasoning card %s needs one kind tag (explain, compare, apply, "
                "evaluate), an explanation and, for choice, feedback on every option\n",
                kk_deck_path(decks[i]), c->id);
      KT_CHECK(ok);
    }
    printf("%-28s %3zu of %3zu cards reasoning (%2.0f%%)\n", kk_deck_id(decks[i]), dr, dn,
           dn ? 100.0 * dr / dn : 0.0);
    total += dn;
    reasoning += dr;
  }
  printf("%-28s %3zu of %3zu cards reasoning (%2.0f%%): explain %zu, compare %zu, apply %zu, "
         "evaluate %zu\n",
         "all decks", reasoning, total, total ? 100.0 * reasoning / total : 0.0, kinds[0], kinds[1],
         kinds[2], kinds[3]);
  if (3 * reasoning < total)
    fprintf(stderr, "only %zu of %zu cards are reasoning cards; at least a third must be\n",
            reasoning, total);
  KT_CHECK(3 * reasoning >= total);
}

/* ---- per-option feedback ----------------------------------------------------------- */

/* Every option of every choice card says why it is right or wrong. */
static void test_choice_feedback(void) {
  size_t n = 0;
  for (size_t i = 0; i < ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++) {
      const kk_Card *c = kk_deck_card(decks[i], j);
      for (size_t k = 0; c->type == KK_CARD_CHOICE && k < c->noptions; k++) {
        n++;
        if (!c->options[k].feedback || !*c->options[k].feedback) {
          fprintf(stderr, "%s: card %s: option %zu (%s) has no feedback\n", kk_deck_path(decks[i]),
                  c->id, k + 1, c->options[k].text);
          KT_CHECK(0);
        }
      }
    }
  KT_CHECK(n > 0);
}

/* ---- select-all cards ----------------------------------------------------------- */

/* A choice card with several correct options carries the tag `select-all`
** and no other card does: exam specs draw partial-credit questions by it. */
static void test_select_all(void) {
  size_t multi = 0;
  for (size_t i = 0; i < ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++) {
      const kk_Card *c = kk_deck_card(decks[i], j);
      int is_multi = c->type == KK_CARD_CHOICE && c->ncorrect > 1;
      multi += (size_t)is_multi;
      if (is_multi != has_tag(c, "select-all")) {
        fprintf(stderr, "%s: card %s: tag select-all %s\n", kk_deck_path(decks[i]), c->id,
                is_multi ? "missing on a card with several correct options"
                         : "on a card without several correct options");
        KT_CHECK(0);
      }
    }
  KT_CHECK(multi > 0);
}

/* ---- notes on the readings --------------------------------------------------------- */

static void test_notes(void) {
  size_t notes = 0;
  for (size_t i = 0; i < ndecks; i++)
    for (size_t j = 0; j < kk_deck_card_count(decks[i]); j++) {
      const kk_Card *c = kk_deck_card(decks[i], j);
      const char *n = c->explanation ? strstr(c->explanation, NOTE_MARK) : NULL;
      if (!n) continue;
      notes++;
      size_t chars = kk_utf8_count(n, strlen(n));
      if (chars > NOTE_MAX_CHARS + 3 || strstr(n + 1, NOTE_MARK)) {
        fprintf(stderr, "%s: card %s: a note is one, at the end, at most %d characters\n",
                kk_deck_path(decks[i]), c->id, NOTE_MAX_CHARS);
        KT_CHECK(0);
      }
    }
  printf("notes on the readings: %zu\n", notes);
  KT_CHECK(1);
}

int main(void) {
  KT_RUN(test_load_decks);
  KT_RUN(test_choice_balance);
  KT_RUN(test_openers);
  KT_RUN(test_reasoning);
  KT_RUN(test_notes);
  KT_RUN(test_select_all);
  KT_RUN(test_choice_feedback);
  Doc *probe = doc_get("000_58e3e53a805f13db.txt");
  Doc *probe2 = doc_get("003_4239d4c3afee01f3.txt");
  int rc;
  if (!probe || !probe2) {
    rc = kt_done();
    if (rc == 0) {
      char why[1200];
      snprintf(why, sizeof why, "seeds not found (%s)", seeds_dir());
      rc = kt_skip(why);
    }
  } else {
    KT_RUN(test_citations);
    KT_RUN(test_sections);
    rc = kt_done();
  }
  for (size_t i = 0; i < ndecks; i++) kk_deck_free(decks[i]);
  for (size_t i = 0; i < ndocs; i++) {
    free(docs[i].text);
    free(docs[i].off);
    strlist_free(&docs[i].heads);
  }
  for (size_t i = 0; i < na5; i++) free(a5[i].covered);
  return rc;
}
