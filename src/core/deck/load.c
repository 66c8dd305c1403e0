/*
** load.c -- YAML deck loader.
**
** Divisions: reading files; positions inside scalars; typed readers for
** node values (each reports its own mistakes); the card schema, one reader
** per card type; the deck schema; the entry points.
*/
#define _XOPEN_SOURCE 700
#include "core/deck/load.h"

#include "core/base/hash.h"

#include <limits.h>
#include <stdlib.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/deck/cloze.h"
#include "core/base/date.h"
#include "core/base/file.h"
#include "core/base/i18n.h"
#include "core/base/utf8.h"
#include "core/deck/deck_impl.h"
#include "core/deck/schema.h"
#include "core/deck/ydoc.h"

/* ---- loader state -----------------------------------------------------------*/

typedef struct {
  kk_Deck *d;
  kk_YDoc *doc;
  kk_Diags *diags;
  const char *path;
  const char *buf;
  size_t len;
  size_t *lines; /* byte offset of each line start, built on demand */
  size_t nlines;
  int oom;
  size_t last_card_diags; /* diags->n when the newest card started */
  size_t last_card_end;   /* diags->n when it ended */
  /* what messages call the thing being read, built only when a message
  ** is written: a fixed text (who_fixed), or "card 'ID'" / "card N" */
  const char *who_fixed;
  const char *who_id;
  size_t who_index;
  const char *who_type; /* with what == NULL: "card 'id' of type T" */
  char who[200];
} L;

#define ERR(l, n, ...)                                                                             \
  kk_diags_add((l)->diags, KK_SEV_ERROR, (l)->path, (n)->line, (n)->col, __VA_ARGS__)
#define WARN(l, n, ...)                                                                            \
  kk_diags_add((l)->diags, KK_SEV_WARNING, (l)->path, (n)->line, (n)->col, __VA_ARGS__)

/* Cards are streamed: their nodes live only while the card is read, so the
** deck keeps copies of the strings it needs, in its own arena. */
static const char *who(L *l) {
  if (l->who_fixed)
    snprintf(l->who, sizeof l->who, "%s", l->who_fixed);
  else if (l->who_id)
    snprintf(l->who, sizeof l->who, _("card '%s'"), l->who_id);
  else
    snprintf(l->who, sizeof l->who, _("card %zu"), l->who_index + 1);
  return l->who;
}

static const char *dup_str(L *l, const char *s) {
  const char *c = kk_arena_strdup(&l->d->arena, s);
  if (!c) l->oom = 1;
  return c;
}

/* Every text a card shows passes here: longer than a card can draw is an
** error at its position (NULL returned, not out of memory). */
static const char *keep_str(L *l, const kk_YNode *n) {
  if (n->len > KK_DECK_MAX_TEXT) {
    ERR(l, n, _("%s: a text of %zu bytes is longer than a card can show (%zu KiB)"), who(l), n->len,
        KK_DECK_MAX_TEXT >> 10);
    return NULL;
  }
  const char *c = kk_arena_strndup(&l->d->arena, n->str, n->len);
  if (!c) l->oom = 1;
  return c;
}

/* ---- positions inside scalars ---------------------------------------------------*/

static int build_lines(L *l) {
  if (l->lines) return 1;
  size_t n = 1;
  for (size_t i = 0; i < l->len; i++) n += l->buf[i] == '\n';
  l->lines = kk_malloc(n * sizeof *l->lines);
  if (!l->lines) return 0;
  l->lines[0] = 0;
  l->nlines = 1;
  for (size_t i = 0; i < l->len; i++)
    if (l->buf[i] == '\n') l->lines[l->nlines++] = i + 1;
  return 1;
}

/* Byte offset of (line, col) in the source, or (size_t)-1. */
static size_t source_offset(L *l, int line, int col) {
  if (!build_lines(l) || line < 1 || (size_t)line > l->nlines) return (size_t)-1;
  size_t p = l->lines[line - 1];
  return p + kk_utf8_line_col_to_off(l->buf + p, l->len - p, 1, col);
}

static int cp_count(const char *s, size_t n) {
  int c = 0;
  for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* Position of byte `off` of scalar n's value.  Exact when the value sits
** verbatim on one source line (plain, or quoted without escapes before
** off); otherwise the scalar's own start. */
static void scalar_pos(L *l, const kk_YNode *n, size_t off, int *line, int *col) {
  *line = n->line;
  *col = n->col;
  if (n->style == KK_YBLOCK || off > n->len) return;
  size_t p = source_offset(l, n->line, n->col);
  if (p == (size_t)-1) return;
  int q = n->style == KK_YQUOTED;
  if (q) p++;
  if (p + off > l->len || memcmp(l->buf + p, n->str, off) != 0) return;
  if (memchr(n->str, '\n', off)) return;
  *col = n->col + q + cp_count(n->str, off);
}

/* ---- typed readers ----------------------------------------------------------------*/

static int is_null(const kk_YNode *n) { return !n || kk_ynode_is_null(n); }

static void note_repeat(void *ud, size_t pair, const kk_YNode *first) {
  ((const kk_YNode **)ud)[pair] = first;
}

/* Checks map's keys against allowed; reports unknown and repeated keys. */
static void check_keys(L *l, const kk_YNode *map, const char *const *allowed, const char *what_in) {
  char what_buf[400];
#define WHAT()                                                                                     \
  (what_in ? what_in                                                                               \
   : l->who_type                                                                                   \
       ? (snprintf(what_buf, sizeof what_buf, _("%s of type %s"), who(l), l->who_type), what_buf)  \
       : who(l))
  size_t na = 0;
  while (allowed[na]) na++;
  /* first[p]: the earlier key that pair p repeats, or NULL (found by hash:
  ** a card may have 100k keys) */
  const kk_YNode **first = NULL;
  if (map->nkids > 2) {
    // NOLINTBEGIN(bugprone-sizeof-expression): array of pointers
    first = kk_calloc(map->nkids / 2, sizeof *first);
    // NOLINTEND(bugprone-sizeof-expression)
    if (!first || !kk_ymap_repeats(map, note_repeat, first)) {
      l->oom = 1;
      kk_free(first);
      return;
    }
  }
  for (size_t i = 0; i + 1 < map->nkids; i += 2) {
    const kk_YNode *k = map->kids[i];
    if (k->kind != KK_YSCALAR) {
      ERR(l, k, _("%s: keys must be plain words, not %s"), WHAT(), kk_ynode_kind_name(k));
      continue;
    }
    int known = 0;
    for (size_t j = 0; j < na && !known; j++)
      known = k->str[0] == allowed[j][0] && strcmp(k->str, allowed[j]) == 0;
    if (!known) {
      const char *s = kk_suggest(k->str, allowed, na);
      kk_Diag *dg =
          s ? ERR(l, k, _("%s has unknown key '%s'; did you mean '%s'?"), WHAT(), k->str, s)
            : ERR(l, k, _("%s has unknown key '%s'"), WHAT(), k->str);
      if (!s) {
        char list[400] = "";
        for (size_t j = 0; j < na; j++) {
          size_t u = strlen(list);
          snprintf(list + u, sizeof list - u, "%s%s", j ? ", " : "", allowed[j]);
        }
        kk_diag_note(l->diags, dg, _("known keys here: %s"), list);
      }
    }
    const kk_YNode *o = first ? first[i / 2] : NULL;
    if (o) {
      kk_Diag *dg = ERR(l, k, _("%s has the key '%s' twice"), WHAT(), k->str);
      kk_diag_note(l->diags, dg, _("first at line %d, column %d"), o->line, o->col);
    }
  }
  kk_free(first);
#undef WHAT
}

/* A text value.  Returns the arena copy, or NULL (reported if required or
** of the wrong kind).  *node (may be NULL) receives the value node. */
static const char *get_text(L *l, const kk_YNode *map, const char *key, int required,
                            const kk_YNode **node) {
  const kk_YNode *v = kk_ynode_get(map, key);
  if (node) *node = v;
  if (!v || is_null(v)) {
    if (required) {
      if (v)
        ERR(l, v, _("%s has an empty '%s'"), who(l), key);
      else
        ERR(l, map, _("%s has no '%s'"), who(l), key);
    }
    return NULL;
  }
  if (v->kind != KK_YSCALAR) {
    ERR(l, v, _("%s: '%s' must be a text, not %s"), who(l), key, kk_ynode_kind_name(v));
    return NULL;
  }
  size_t i = 0;
  while (i < v->len &&
         (v->str[i] == ' ' || v->str[i] == '\t' || v->str[i] == '\r' || v->str[i] == '\n'))
    i++;
  if (i == v->len) {
    if (required) ERR(l, v, _("%s has an empty '%s'"), who(l), key);
    return NULL;
  }
  return keep_str(l, v);
}

/* A list of texts (or, if allow_single, one text).  Returns an arena array
** of *n strings; NULL with *n 0 when absent or wrong (reported). */
static const char **get_text_list(L *l, const kk_YNode *map, const char *key, int allow_single,
                                  size_t min, size_t *n) {
  *n = 0;
  const kk_YNode *v = kk_ynode_get(map, key);
  if (!v || is_null(v)) {
    if (min) ERR(l, v ? v : map, _("%s has no '%s'"), who(l), key);
    return NULL;
  }
  if (v->kind == KK_YSCALAR && allow_single) {
    const char *s = get_text(l, map, key, 1, NULL);
    if (!s) return NULL;
    const char **arr = kk_arena_alloc(&l->d->arena, sizeof *arr);
    if (!arr) return l->oom = 1, NULL;
    arr[0] = s;
    *n = 1;
    return arr;
  }
  if (v->kind != KK_YSEQ) {
    if (allow_single)
      ERR(l, v, _("%s: '%s' must be a list or a text, not %s"), who(l), key, kk_ynode_kind_name(v));
    else
      ERR(l, v, _("%s: '%s' must be a list, not %s"), who(l), key, kk_ynode_kind_name(v));
    return NULL;
  }
  if (!kk_ydoc_charge(l->doc, v->nkids)) {
    ERR(l, v, _("%s: too much to expand (alias bomb?)"), who(l));
    return NULL;
  }
  const char **arr = kk_arena_alloc(&l->d->arena, (v->nkids ? v->nkids : 1) * sizeof *arr);
  if (!arr) return l->oom = 1, NULL;
  size_t k = 0;
  for (size_t i = 0; i < v->nkids; i++) {
    const kk_YNode *it = v->kids[i];
    if (it->kind != KK_YSCALAR || is_null(it)) {
      ERR(l, it, _("%s: each entry of '%s' must be a text, not %s"), who(l), key,
          kk_ynode_kind_name(it));
      continue;
    }
    const char *s = keep_str(l, it);
    if (s) arr[k++] = s;
  }
  if (k < min)
    ERR(l, v,
        kk_ngettext("%s: '%s' needs at least %zu entry, it has %zu",
                    "%s: '%s' needs at least %zu entries, it has %zu", min),
        who(l), key, min, k);
  *n = k;
  return arr;
}

/* ---- cards ----------------------------------------------------------------------*/

/* The keys of each mapping are the tables of schema.c (which also write
** the JSON Schema for editors); check_keys takes their names. */
#define MAX_KEYS 40

int kk_deck_valid_id(const char *s) { return kk_deck_valid_id_max(s, KK_DECK_MAX_ID); }

int kk_deck_valid_id_max(const char *s, size_t max) {
  size_t n = 0;
  for (; *s; s++, n++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.'))
      return 0;
  }
  return n > 0 && n <= max;
}

void kk_deck_derive_id(const char *deck_id, const char *type, const char *text, char *buf,
                       size_t size) {
  uint64_t h = kk_hash_str(type ? type : "", KK_HASH_V1_SEED);
  h = kk_hash_str("\x1f", h);
  h = kk_hash_str(text ? text : "", h);
  /* the prefix is cut so the whole id stays within KK_DECK_MAX_ID */
  snprintf(buf, size, "%.*s-%08llx", KK_DECK_MAX_ID - 9, deck_id && *deck_id ? deck_id : "card",
           (unsigned long long)((h ^ (h >> 32)) & 0xffffffffu));
}

static void read_cloze(L *l, const kk_YNode *map, kk_Card *c) {
  const kk_YNode *tn;
  c->front = get_text(l, map, "text", 1, &tn);
  c->back = get_text(l, map, "back", 0, NULL);
  if (!c->front) return;
  kk_ClozeResult r;
  kk_ClozeProblem p = kk_cloze_parse(tn->str, tn->len, &r);
  if (p != KK_CLOZE_OK) {
    int line, col;
    scalar_pos(l, tn, r.problem_at, &line, &col);
    kk_Diag *dg = kk_diags_add(l->diags, KK_SEV_ERROR, l->path, line, col, "%s: %s", who(l),
                               kk_cloze_problem_str(p));
    if (p == KK_CLOZE_GAP)
      kk_diag_note(l->diags, dg, _("c%d is missing; renumber the markers c1, c2, ..."),
                   r.missing_ord);
    if (p == KK_CLOZE_NONE)
      kk_diag_note(l->diags, dg, _("mark each blank like {{c1::answer}} or {{c1::answer::hint}}"));
    return;
  }
  int *ords = kk_arena_alloc(&l->d->arena, (size_t)r.max_ord * sizeof *ords);
  if (!ords) {
    l->oom = 1;
    return;
  }
  for (int k = 0; k < r.max_ord; k++) ords[k] = k + 1;
  c->cloze_ords = ords;
  c->ncloze = (size_t)r.max_ord;
}

static void read_choice(L *l, const kk_YNode *map, kk_Card *c) {
  c->front = get_text(l, map, "question", 1, NULL);
  const kk_YNode *opts = kk_ynode_get(map, "options");
  if (!opts || is_null(opts)) {
    ERR(l, opts ? opts : map, _("%s is type 'choice' but has no 'options'"), who(l));
    return;
  }
  if (opts->kind != KK_YSEQ) {
    ERR(l, opts, _("%s: 'options' must be a list, not %s"), who(l), kk_ynode_kind_name(opts));
    return;
  }
  const kk_SchemaKey *ok = kk_schema_find(kk_schema_type_keys(KK_CARD_CHOICE), "options");
  if (opts->nkids < ok->min_items) {
    ERR(l, opts, _("%s: a choice needs at least 2 options, it has %zu"), who(l),
        (size_t)opts->nkids);
    return;
  }
  if (opts->nkids > ok->max_items) {
    ERR(l, opts, _("%s: a choice has at most %d options, it has %zu"), who(l), KK_DECK_MAX_OPTIONS,
        (size_t)opts->nkids);
    return;
  }
  kk_Option *o = kk_arena_alloc(&l->d->arena, opts->nkids * sizeof *o);
  if (!o) {
    l->oom = 1;
    return;
  }
  memset(o, 0, opts->nkids * sizeof *o);
  size_t marked = 0;
  const char *opt_keys[MAX_KEYS];
  kk_schema_names(kk_schema_option, opt_keys, MAX_KEYS);
  for (size_t i = 0; i < opts->nkids; i++) {
    const kk_YNode *it = opts->kids[i];
    if (it->kind == KK_YSCALAR && !is_null(it)) {
      o[i].text = keep_str(l, it);
    } else if (it->kind == KK_YMAP) {
      char what[400];
      snprintf(what, sizeof what, _("option %zu of %s"), i + 1, who(l));
      check_keys(l, it, opt_keys, what);
      o[i].text = get_text(l, it, "text", 1, NULL);
      o[i].feedback = get_text(l, it, "feedback", 0, NULL);
      const kk_YNode *cn = kk_ynode_get(it, "correct");
      if (cn && !kk_ynode_bool(cn, &o[i].correct))
        ERR(l, cn, _("%s: 'correct' must be true or false"), what);
      const kk_YNode *fx = kk_ynode_get(it, "fixed");
      if (fx && !kk_ynode_bool(fx, &o[i].fixed))
        ERR(l, fx, _("%s: 'fixed' must be true or false"), what);
      marked += o[i].correct != 0;
    } else {
      ERR(l, it, _("%s: option %zu must be a text or a mapping with 'text', not %s"), who(l), i + 1,
          kk_ynode_kind_name(it));
    }
    for (size_t j = 0; j < i; j++)
      if (o[i].text && o[j].text && strcmp(o[i].text, o[j].text) == 0) {
        WARN(l, it, _("%s: option %zu repeats option %zu"), who(l), i + 1, j + 1);
        break;
      }
  }
  c->options = o;
  c->noptions = opts->nkids;
  const kk_YNode *an = kk_ynode_get(map, "answer");
  if (!an || is_null(an)) {
    if (!marked) {
      kk_Diag *dg = ERR(l, an ? an : map, _("%s is type 'choice' but has no 'answer'"), who(l));
      kk_diag_note(
          l->diags, dg,
          _("give 'answer: N' (1 to %zu), a list '[1, 3]', or mark options 'correct: true'"),
          (size_t)opts->nkids);
    }
  } else {
    if (marked)
      WARN(l, an, _("%s has both 'answer' and options marked 'correct'; using both"), who(l));
    const kk_YNode *const *vals = &an;
    size_t nv = 1;
    if (an->kind == KK_YSEQ) vals = (const kk_YNode *const *)an->kids, nv = an->nkids;
    if (an->kind == KK_YMAP || nv == 0)
      ERR(l, an, _("%s: 'answer' must be an option number or a list of them"), who(l));
    for (size_t i = 0; i < nv && an->kind != KK_YMAP; i++) {
      long long k;
      if (!kk_ynode_int(vals[i], -1000000, 1000000, &k)) {
        ERR(l, vals[i], _("%s: 'answer' must be an option number (1 to %zu), not '%s'"), who(l),
            (size_t)opts->nkids, vals[i]->kind == KK_YSCALAR ? vals[i]->str : "...");
      } else if (k < 1 || (size_t)k > opts->nkids) {
        ERR(l, vals[i], _("%s: answer %lld is out of range: the card has %zu options"), who(l), k,
            (size_t)opts->nkids);
      } else {
        o[k - 1].correct = 1;
      }
    }
  }
  for (size_t i = 0; i < c->noptions; i++) c->ncorrect += o[i].correct != 0;
}

static void read_card_body(L *l, const kk_YNode *map, kk_Card *c) {
  switch (c->type) {
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED:
    c->front = get_text(l, map, "front", 1, NULL);
    c->back = get_text(l, map, "back", 1, NULL);
    break;
  case KK_CARD_CLOZE: read_cloze(l, map, c); break;
  case KK_CARD_CHOICE: read_choice(l, map, c); break;
  case KK_CARD_TYPED:
    c->front = get_text(l, map, "question", 1, NULL);
    c->answers = get_text_list(l, map, "answer", 1, 1, &c->nanswers);
    break;
  case KK_CARD_NUMERIC: {
    c->front = get_text(l, map, "question", 1, NULL);
    c->unit = get_text(l, map, "unit", 0, NULL);
    const kk_YNode *an = kk_ynode_get(map, "answer"), *tn = kk_ynode_get(map, "tolerance");
    if (!an || is_null(an))
      ERR(l, an ? an : map, _("%s is type 'numeric' but has no 'answer'"), who(l));
    else if (!kk_ynode_number(an, &c->value))
      ERR(l, an, _("%s: 'answer' must be a number, not '%s'"), who(l),
          an->kind == KK_YSCALAR ? an->str : kk_ynode_kind_name(an));
    if (tn && !is_null(tn) && (!kk_ynode_number(tn, &c->tolerance) || c->tolerance < 0))
      ERR(l, tn, _("%s: 'tolerance' must be a number >= 0"), who(l));
    break;
  }
  case KK_CARD_TRUEFALSE: {
    c->front = get_text(l, map, "statement", 1, NULL);
    const kk_YNode *an = kk_ynode_get(map, "answer");
    if (!an || is_null(an))
      ERR(l, an ? an : map, _("%s is type 'truefalse' but has no 'answer'"), who(l));
    else if (!kk_ynode_bool(an, &c->truth))
      ERR(l, an, _("%s: 'answer' must be true or false (unquoted)"), who(l));
    break;
  }
  case KK_CARD_ORDER:
    c->front = get_text(l, map, "question", 1, NULL);
    c->items = get_text_list(l, map, "items", 0, 2, &c->nitems);
    if (c->nitems > KK_DECK_MAX_ORDER_ITEMS)
      ERR(l, map, _("%s: an order card has at most %d items"), who(l), KK_DECK_MAX_ORDER_ITEMS);
    break;
  default: break;
  }
}

/* An image path must stay inside the deck's folder: relative, no '..'
** component, no backslash, a .png file.  (Symlinks are checked against the
** real folder in kk_deck_load_file.) */
static void read_image(L *l, const kk_YNode *map, kk_Card *c) {
  const kk_YNode *n;
  const char *img = get_text(l, map, "image", 0, &n);
  if (!img) return;
  const char *why = NULL;
  size_t len = strlen(img);
  if (img[0] == '/' || img[0] == '~')
    why = _("must be a path relative to the deck's folder");
  else if (strchr(img, '\\'))
    why = _("must use '/' between folders");
  else if (len < 5 || strcmp(img + len - 4, ".png") != 0)
    why = _("must be a .png file");
  for (const char *p = img; !why && *p;) {
    const char *slash = strchr(p, '/');
    size_t seg = slash ? (size_t)(slash - p) : strlen(p);
    if (seg == 2 && p[0] == '.' && p[1] == '.')
      why = _("must not leave the deck's folder ('..')");
    else if (seg == 0)
      why = _("must not contain empty folder names ('//')");
    p += seg + (slash ? 1 : 0);
  }
  if (why) {
    ERR(l, n, _("%s: image '%s' %s"), who(l), img, why);
    return;
  }
  c->image = img;
}

static void read_source(L *l, const kk_YNode *map, kk_Card *c) {
  const kk_YNode *s = kk_ynode_get(map, "source");
  if (!s || is_null(s)) {
    kk_Diag *dg = WARN(l, map, _("%s has no 'source'"), who(l));
    kk_diag_note(l->diags, dg,
                 _("say where the fact comes from: source: {doc: FILE, section: HEADING}"));
    return;
  }
  if (s->kind != KK_YMAP) {
    ERR(l, s, _("%s: 'source' must be a mapping {doc, section, line}, not %s"), who(l),
        kk_ynode_kind_name(s));
    return;
  }
  const char *src_keys[MAX_KEYS];
  kk_schema_names(kk_schema_source, src_keys, MAX_KEYS);
  char what[400];
  snprintf(what, sizeof what, _("the source of %s"), who(l));
  check_keys(l, s, src_keys, what);
  c->source.doc = get_text(l, s, "doc", 1, NULL);
  c->source.section = get_text(l, s, "section", 0, NULL);
  const kk_YNode *ln = kk_ynode_get(s, "line");
  long long v;
  if (ln && !is_null(ln)) {
    const kk_SchemaKey *lk = kk_schema_find(kk_schema_source, "line");
    if (kk_ynode_int(ln, (long long)lk->lo, (long long)lk->hi, &v))
      c->source.line = (int)v;
    else
      ERR(l, ln, _("%s: source 'line' must be a line number >= 1"), who(l));
  }
}

static void read_card(L *l, const kk_YNode *map, size_t index, kk_Card *c) {
  memset(c, 0, sizeof *c);
  c->id = "";
  c->origin = "hand";
  c->line = map->line;
  c->col = map->col;
  l->who_fixed = NULL, l->who_id = NULL, l->who_index = index;
  if (map->kind != KK_YMAP) {
    ERR(l, map, _("card %zu must be a mapping of keys (id, type, ...), not %s"), index + 1,
        kk_ynode_kind_name(map));
    return;
  }
  const kk_YNode *idn = kk_ynode_get(map, "id");
  if (idn && is_null(idn)) {
    kk_Diag *dg = ERR(l, idn, _("card %zu has an empty 'id'"), index + 1);
    kk_diag_note(l->diags, dg, _("write an id, or remove the key and run 'kioku lint --fix-ids'"));
  } else if (idn) {
    if (idn->kind != KK_YSCALAR || !kk_deck_valid_id(idn->str)) {
      ERR(l, idn, _("card %zu: 'id' must be 1 to %d letters, digits, '-', '_' or '.'"), index + 1,
          KK_DECK_MAX_ID);
    } else {
      c->id = keep_str(l, idn);
      if (!c->id) c->id = "";
      c->id_line = idn->line;
      c->id_col = idn->col;
      l->who_id = idn->str;
    }
  }
  const kk_YNode *tn = kk_ynode_get(map, "type");
  int typed = 0;
  if (!tn || is_null(tn)) {
    kk_Diag *dg = ERR(l, tn ? tn : map, _("%s has no 'type'"), who(l));
    kk_diag_note(l->diags, dg,
                 _("types: basic, reversed, cloze, choice, typed, numeric, truefalse, order"));
  } else if (tn->kind != KK_YSCALAR || !kk_card_type_parse(tn->str, &c->type)) {
    const char *names[KK_CARD_TYPE_COUNT];
    for (int i = 0; i < KK_CARD_TYPE_COUNT; i++) names[i] = kk_card_type_name((kk_CardType)i);
    const char *s = tn->kind == KK_YSCALAR ? kk_suggest(tn->str, names, KK_CARD_TYPE_COUNT) : NULL;
    kk_Diag *dg =
        s ? ERR(l, tn, _("%s has unknown type '%s'; did you mean '%s'?"), who(l), tn->str, s)
          : ERR(l, tn, _("%s has unknown type '%s'"), who(l),
                tn->kind == KK_YSCALAR ? tn->str : kk_ynode_kind_name(tn));
    if (!s)
      kk_diag_note(l->diags, dg,
                   _("types: basic, reversed, cloze, choice, typed, numeric, truefalse, order"));
  } else {
    typed = 1;
  }
  /* keys: common + this type's (all types' keys when the type is unknown,
  ** so one mistake does not cascade) */
  const char *allowed[MAX_KEYS];
  size_t na = kk_schema_names(kk_schema_card, allowed, MAX_KEYS);
  if (typed) {
    for (const kk_SchemaKey *k = kk_schema_type_keys(c->type); k->name; k++)
      if (na < MAX_KEYS - 1) allowed[na++] = k->name;
  } else {
    for (int t = 0; t < KK_CARD_TYPE_COUNT; t++)
      for (const kk_SchemaKey *k = kk_schema_type_keys((kk_CardType)t); k->name; k++) {
        int have = 0;
        for (size_t j = 0; j < na; j++) have |= strcmp(allowed[j], k->name) == 0;
        if (!have && na < MAX_KEYS - 1) allowed[na++] = k->name;
      }
  }
  allowed[na] = NULL;
  l->who_type = typed ? kk_card_type_name(c->type) : NULL;
  check_keys(l, map, allowed, NULL);
  l->who_type = NULL;
  if (typed) read_card_body(l, map, c);
  c->explanation = get_text(l, map, "explanation", 0, NULL);
  read_image(l, map, c);
  c->tags = get_text_list(l, map, "tags", 0, 0, &c->ntags);
  read_source(l, map, c);
  const kk_YNode *on = kk_ynode_get(map, "origin");
  c->origin = "hand";
  if (on && !is_null(on)) {
    const char *const *w = kk_schema_find(kk_schema_card, "origin")->words; /* hand, gen */
    if (on->kind == KK_YSCALAR && (strcmp(on->str, w[0]) == 0 || strcmp(on->str, w[1]) == 0))
      c->origin = strcmp(on->str, w[1]) == 0 ? w[1] : w[0];
    else
      ERR(l, on, _("%s: 'origin' must be 'hand' or 'gen'"), who(l));
  }
  /* no id at all: derived in finish_cards, once the deck id is known */
  c->id_derived = !c->id[0] && !idn;
}

/* Gives id-less cards their derived ids (and says so). */
static void derive_ids(L *l) {
  kk_Deck *d = l->d;
  for (size_t i = 0; i < d->ncards && !l->oom; i++) {
    kk_Card *c = &d->cards[i];
    if (!c->id_derived) continue;
    char id[KK_DECK_MAX_ID + 32];
    kk_deck_derive_id(d->id, kk_card_type_name(c->type), c->front ? c->front : "", id, sizeof id);
    c->id = dup_str(l, id);
    if (!c->id) c->id = "";
    kk_Diag *dg = kk_diags_add(l->diags, KK_SEV_WARNING, l->path, c->line, c->col,
                               _("card %zu has no 'id'; using the derived id '%s'"), i + 1, id);
    kk_diag_note(
        l->diags, dg,
        _("progress is kept by id: run 'kioku lint --fix-ids %s' to write ids into the file"),
        l->path);
  }
}

/* ---- deck -------------------------------------------------------------------------*/

static void read_settings(L *l, const kk_YNode *s) {
  kk_DeckSettings *st = &l->d->settings;
  if (!s || is_null(s)) return;
  if (s->kind != KK_YMAP) {
    ERR(l, s, _("deck 'settings' must be a mapping, not %s"), kk_ynode_kind_name(s));
    return;
  }
  const char *keys[MAX_KEYS];
  kk_schema_names(kk_schema_settings, keys, MAX_KEYS);
  check_keys(l, s, keys, _("deck settings"));
  l->who_fixed = _("deck settings");
  const kk_YNode *n;
  const char *sch = get_text(l, s, "scheduler", 0, &n);
  if (sch) {
    const char *const *w = kk_schema_find(kk_schema_settings, "scheduler")->words; /* fsrs, sm2 */
    if (strcmp(sch, w[0]) != 0 && strcmp(sch, w[1]) != 0)
      ERR(l, n, _("deck settings: 'scheduler' must be 'fsrs' or 'sm2', not '%s'"), sch);
    else
      st->scheduler = sch;
  }
  const kk_SchemaKey *rk = kk_schema_find(kk_schema_settings, "retention");
  if ((n = kk_ynode_get(s, "retention")) && !is_null(n))
    if (!kk_ynode_number(n, &st->retention) || st->retention < rk->lo || st->retention > rk->hi)
      ERR(l, n, _("deck settings: 'retention' must be a number from 0.70 to 0.99")),
          st->retention = 0;
  struct {
    const char *key;
    int *dst;
  } ints[] = {{"new_per_day", &st->new_per_day},
              {"reviews_per_day", &st->reviews_per_day},
              {"max_interval_days", &st->max_interval_days}};
  for (size_t i = 0; i < 3; i++) {
    long long v;
    const kk_SchemaKey *ik = kk_schema_find(kk_schema_settings, ints[i].key);
    long long lo = (long long)ik->lo, hi = (long long)ik->hi;
    if ((n = kk_ynode_get(s, ints[i].key)) && !is_null(n)) {
      if (kk_ynode_int(n, lo, hi, &v))
        *ints[i].dst = (int)v;
      else
        ERR(l, n, _("deck settings: '%s' must be a whole number from %lld to %lld"), ints[i].key,
            lo, hi);
    }
  }
  const char *date = get_text(l, s, "exam_date", 0, &n);
  if (date) {
    if (!kk_date_parse(date, NULL))
      ERR(l, n, _("deck settings: 'exam_date' must be a date YYYY-MM-DD, not '%s'"), date);
    else
      st->exam_date = date;
  }
  const kk_SchemaKey *ek = kk_schema_find(kk_schema_settings, "exam_retention");
  if ((n = kk_ynode_get(s, "exam_retention")) && !is_null(n))
    if (!kk_ynode_number(n, &st->exam_retention) || st->exam_retention < ek->lo ||
        st->exam_retention > ek->hi)
      ERR(l, n, _("deck settings: 'exam_retention' must be a number from 0.70 to 0.99")),
          st->exam_retention = 0;
  const char *la = get_text(l, s, "leech_action", 0, &n);
  if (la) {
    const char *const *w = kk_schema_find(kk_schema_settings, "leech_action")->words;
    if (strcmp(la, w[0]) != 0 && strcmp(la, w[1]) != 0) /* suspend, tag */
      ERR(l, n, _("deck settings: 'leech_action' must be 'suspend' or 'tag', not '%s'"), la);
    else
      st->leech_action = la;
  }
  if ((n = kk_ynode_get(s, "fold_kana")) && !is_null(n) && !kk_ynode_bool(n, &st->fold_kana))
    ERR(l, n, _("deck settings: 'fold_kana' must be true or false")), st->fold_kana = 1;
}

static void read_deck_header(L *l, const kk_YNode *dn) {
  kk_Deck *d = l->d;
  l->who_fixed = _("the deck");
  const char *keys[MAX_KEYS];
  kk_schema_names(kk_schema_deck, keys, MAX_KEYS);
  check_keys(l, dn, keys, _("the deck"));
  const kk_YNode *idn;
  d->id = get_text(l, dn, "id", 1, &idn);
  if (idn) d->line = idn->line, d->col = idn->col;
  if (d->id && idn && !kk_deck_valid_id(d->id)) {
    ERR(l, idn, _("deck 'id' must be 1 to %d letters, digits, '-', '_' or '.'"), KK_DECK_MAX_ID);
    d->id = NULL;
  }
  d->title = get_text(l, dn, "title", 1, NULL);
  d->language = get_text(l, dn, "language", 0, NULL);
  d->description = get_text(l, dn, "description", 0, NULL);
  d->tags = get_text_list(l, dn, "tags", 0, 0, &d->ntags);
  d->sources = get_text_list(l, dn, "sources", 0, 0, &d->nsources);
  read_settings(l, kk_ynode_get(dn, "settings"));
}

static const char *card_id(const void *ctx, size_t i) {
  return ((const kk_Deck *)ctx)->cards[i].id;
}

static void check_duplicate_ids(L *l) {
  kk_Deck *d = l->d;
  kk_StrIndex ix;
  if (!kk_strindex_init(&ix, d->ncards, card_id, d)) {
    l->oom = 1;
    return;
  }
  for (size_t i = 0; i < d->ncards; i++) {
    const kk_Card *c = &d->cards[i];
    if (!c->id[0]) continue;
    size_t first = kk_strindex_add(&ix, i);
    if (first == KK_STRINDEX_NONE) continue;
    const kk_Card *o = &d->cards[first];
    /* the id's own position, unless it stands before the card (the card is
    ** an alias of an earlier one): then the card's */
    int own =
        c->id_line && (c->id_line > c->line || (c->id_line == c->line && c->id_col >= c->col));
    int line = own ? c->id_line : c->line, col = own ? c->id_col : c->col;
    kk_Diag *dg = kk_diags_add(l->diags, KK_SEV_ERROR, l->path, line, col,
                               _("duplicate card id '%s'"), c->id);
    kk_diag_note(l->diags, dg, _("first used by the card at line %d, column %d"), o->line, o->col);
  }
  kk_strindex_free(&ix);
}

/* The streaming callback: one item of `cards:` is complete. */
static int on_card(void *ud, kk_YDoc *doc, const kk_YNode *cn, size_t index) {
  L *l = ud;
  kk_Deck *d = l->d;
  l->doc = doc;
  if (l->oom) return 0;
  if (index >= KK_DECK_MAX_CARDS) {
    ERR(l, cn, _("more than %d cards in one deck; split it"), KK_DECK_MAX_CARDS);
    return 0;
  }
  if (cn->kind == KK_YMAP && !kk_ydoc_charge(l->doc, cn->nkids)) {
    ERR(l, cn, _("the cards expand to too many nodes (alias bomb?)"));
    return 0;
  }
  if (d->ncards == d->capcards) {
    kk_Card *ncards = kk_grow(d->cards, &d->capcards, d->ncards + 1, sizeof *ncards, 64);
    if (!ncards) {
      l->oom = 1;
      return 0;
    }
    d->cards = ncards;
  }
  l->last_card_diags = l->diags->n;
  read_card(l, cn, index, &d->cards[d->ncards]);
  l->last_card_end = l->diags->n;
  d->ncards++;
  return !l->oom;
}

static void read_root(L *l, const kk_YNode *root) {
  kk_Deck *d = l->d;
  if (!root) {
    kk_Diag *dg = kk_diags_add(l->diags, KK_SEV_ERROR, l->path, 1, 1,
                               _("file is empty; a deck needs 'deck:' and 'cards:'"));
    kk_diag_note(l->diags, dg, _("see docs/deck-format.md for a complete example"));
    return;
  }
  if (root->kind != KK_YMAP) {
    kk_Diag *dg = ERR(l, root, _("a deck file must be a mapping with 'deck:' and 'cards:', not %s"),
                      kk_ynode_kind_name(root));
    kk_diag_note(l->diags, dg, _("see docs/deck-format.md for a complete example"));
    return;
  }
  if (kk_ynode_get(root, "exam")) {
    ERR(l, root, _("this is an exam spec, not a deck"));
    return;
  }
  const char *top[MAX_KEYS];
  kk_schema_names(kk_schema_file, top, MAX_KEYS);
  check_keys(l, root, top, _("the file"));
  const kk_YNode *dn = kk_ynode_get(root, "deck");
  if (!dn || dn->kind != KK_YMAP) {
    if (dn)
      ERR(l, dn, _("'deck' must be a mapping with id, title, ...; not %s"), kk_ynode_kind_name(dn));
    else
      ERR(l, root, _("the file has no 'deck:' section (id, title, language, ...)"));
  } else {
    read_deck_header(l, dn);
  }
  if (!d->language) d->language = "ja";
  if (!d->description) d->description = "";
  const kk_YNode *cards = kk_ynode_get(root, "cards");
  if (!cards || is_null(cards)) {
    ERR(l, cards ? cards : root, _("the file has no 'cards:' list"));
    return;
  }
  if (cards->kind != KK_YSEQ) {
    ERR(l, cards, _("'cards' must be a list, not %s"), kk_ynode_kind_name(cards));
    return;
  }
  if (cards->alias) {
    ERR(l, cards, _("'cards' must be written out, not an alias ('*name') of another list"));
    return;
  }
  /* the cards themselves were read while parsing (on_card) */
  if (d->ncards == 0) WARN(l, cards, _("the deck has no cards"));
  /* the deck's settings are known only now */
  for (size_t i = 0; i < d->ncards; i++) d->cards[i].kana_exact = !d->settings.fold_kana;
  derive_ids(l);
  check_duplicate_ids(l);
}

/* ---- entry points ------------------------------------------------------------------*/

kk_Status kk_deck_load_mem(const char *buf, size_t len, const char *path, kk_Diags *diags,
                           kk_Deck **out) {
  kk_Diags local;
  kk_diags_init(&local, 0);
  if (!diags) diags = &local;
  if (!path) path = "<memory>";
  *out = NULL;
  size_t errors_before = diags->nerrors;
  /* positions count from after a byte-order mark, here as in ydoc */
  size_t bom = kk_ydoc_bom_len(buf, len);
  buf += bom, len -= bom;
  kk_YDoc *doc = NULL;
  kk_Status st = KK_OK;
  L l = {.diags = diags, .path = path, .buf = buf, .len = len};
  l.d = kk_calloc(1, sizeof *l.d);
  if (l.d) {
    l.d->settings.new_per_day = -1;
    l.d->settings.reviews_per_day = -1;
    l.d->settings.scheduler = "fsrs";
    l.d->settings.leech_action = "suspend";
    l.d->settings.fold_kana = 1;
    l.d->path = kk_arena_strdup(&l.d->arena, path);
  }
  if (!l.d || !l.d->path) {
    l.oom = 1;
  } else {
    size_t begun = 0;
    st = kk_ydoc_parse_stream(buf, len, path, NULL, diags, "cards", on_card, &l, &begun, &doc);
    if (st == KK_OK) {
      l.doc = doc;
      read_root(&l, kk_ydoc_root(doc));
    } else if (st == KK_ERR_PARSE && l.d->ncards && begun == l.d->ncards &&
               diags->n > l.last_card_end) {
      /* no next card had begun: libyaml closed the newest card only because
      ** of the bad token that failed the parse, so what was said of that
      ** card (say, a key it lacks that stands misindented below) is noise */
      kk_diags_remove(diags, l.last_card_diags, l.last_card_end);
    }
  }
  kk_free(l.lines);
  if (!l.oom && st == KK_OK && diags->nerrors == errors_before && !kk_deck_build_index(l.d))
    l.oom = 1;
  if (l.oom) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, _("out of memory loading the deck"));
    st = KK_ERR_NOMEM;
  } else if (st == KK_OK && (diags->nerrors != errors_before || diags->oom)) {
    st = KK_ERR_INVALID;
  }
  if (st != KK_OK)
    kk_deck_free(l.d);
  else
    *out = l.d;
  kk_ydoc_free(doc);
  kk_diags_free(&local);
  return st;
}

kk_Status kk_deck_resolve_assets(kk_Deck *d, const char *path, kk_Diags *diags) {
  char dir[PATH_MAX], real_dir[PATH_MAX], full[PATH_MAX * 2], real[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  else
    snprintf(dir, sizeof dir, ".");
  if (!realpath(dir, real_dir)) return KK_OK; /* nothing can be inside it */
  size_t rdl = strlen(real_dir);
  kk_Status st = KK_OK;
  for (size_t i = 0; i < d->ncards; i++) {
    kk_Card *c = &d->cards[i];
    if (!c->image) continue;
    snprintf(full, sizeof full, "%s/%s", real_dir, c->image);
    if (!realpath(full, real)) {
      kk_diags_add(diags, KK_SEV_ERROR, path, c->line, c->col,
                   _("card '%s': image '%s' not found in the deck's folder"), c->id, c->image);
      st = KK_ERR_INVALID;
      continue;
    }
    if (strncmp(real, real_dir, rdl) != 0 || real[rdl] != '/') {
      kk_Diag *dg =
          kk_diags_add(diags, KK_SEV_ERROR, path, c->line, c->col,
                       _("card '%s': image '%s' leads outside the deck's folder"), c->id, c->image);
      kk_diag_note(diags, dg, _("it resolves to %s (a symbolic link?)"), real);
      st = KK_ERR_INVALID;
      continue;
    }
    kk_Err fe;
    if (kk_file_check(real, &fe) != KK_OK) {
      kk_diags_add(diags, KK_SEV_ERROR, path, c->line, c->col, _("card '%s': image '%s' %s"), c->id,
                   c->image, fe.msg);
      st = KK_ERR_INVALID;
      continue;
    }
    c->image_path = kk_arena_strdup(&d->arena, real);
    if (!c->image_path) return KK_ERR_NOMEM;
  }
  return st;
}

kk_Status kk_deck_load_file(const char *path, kk_Diags *diags, kk_Deck **out) {
  char *buf;
  size_t len;
  kk_Err e;
  kk_YLimits lim;
  kk_ylimits_default(&lim);
  *out = NULL;
  kk_Status st = kk_file_read(path, lim.max_bytes, &buf, &len, &e);
  if (st != KK_OK) {
    if (diags) kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, "%s", e.msg);
    return st;
  }
  st = kk_deck_load_mem(buf, len, path, diags, out);
  kk_free(buf);
  if (st == KK_OK) {
    kk_Diags local;
    kk_diags_init(&local, 0);
    st = kk_deck_resolve_assets(*out, path, diags ? diags : &local);
    kk_diags_free(&local);
    if (st != KK_OK) {
      if (st == KK_ERR_NOMEM && diags)
        kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, _("out of memory"));
      kk_deck_free(*out);
      *out = NULL;
    }
  }
  return st;
}
