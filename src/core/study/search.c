/*
** search.c -- card search: a recursive-descent parser building a small
** tree of nodes (in one array), and a matcher walking it.
**
** Divisions of this file:
**   folding      the text both queries and items are compared in
**   tree         nodes and their construction
**   parser       the grammar of search.h
**   matching     one item against the tree
*/
#include "core/study/search.h"
#include "core/base/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/utf8.h"
#include "core/deck/ruby.h"
#include "core/deck/text.h"
#include "core/study/sched.h"

/* ==== folding ============================================================= */

kk_Status kk_search_fold(const char *s, size_t len, char **out) {
  return kk_text_fold_answer(s, len, out); /* kana folded there too */
}

static void add_line(kk_Buf *b, const char *s) {
  if (!s || !*s) return;
  if (b->n) kk_buf_add(b, "\n", 1);
  kk_buf_str(b, s);
}

kk_Status kk_search_card_text(const kk_Card *c, char **out) {
  kk_Buf b = {0};
  *out = NULL;
  add_line(&b, c->front);
  add_line(&b, c->back);
  for (size_t i = 0; i < c->noptions; i++) add_line(&b, c->options[i].text);
  for (size_t i = 0; i < c->nanswers; i++) add_line(&b, c->answers[i]);
  for (size_t i = 0; i < c->nitems; i++) add_line(&b, c->items[i]);
  add_line(&b, c->explanation);
  char *raw = kk_buf_take(&b);
  if (!raw) return KK_ERR_NOMEM;
  /* fold line by line: folding turns newlines into spaces, and a phrase
  ** should not run from one field into the next */
  kk_Buf f = {0};
  kk_Status st = KK_OK;
  for (const char *p = raw; *p && st == KK_OK;) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char *line = NULL;
    st = kk_search_fold(p, n, &line);
    if (st == KK_OK) {
      if (f.n) kk_buf_add(&f, "\n", 1);
      kk_buf_str(&f, line);
      kk_free(line);
    }
    p += n + (e ? 1 : 0);
  }
  kk_free(raw);
  if (st != KK_OK) {
    kk_buf_free(&f);
    return st;
  }
  *out = kk_buf_take(&f);
  return *out ? KK_OK : KK_ERR_NOMEM;
}

/* ==== tree ================================================================ */

typedef enum { N_TRUE, N_AND, N_OR, N_NOT, N_TEXT, N_TAG, N_DECK, N_TYPE, N_IS, N_PROP } NodeKind;

typedef enum { IS_NEW, IS_DUE, IS_LEARNING, IS_REVIEW, IS_SUSPENDED, IS_BURIED, IS_LEECH } IsWhat;
typedef enum { P_IVL, P_DUE, P_LAPSES, P_REPS, P_S, P_D, P_R, P_EASE } PropField;
typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } PropOp;

typedef struct Node {
  NodeKind kind;
  int a, b;  /* children (AND, OR: both; NOT: a) */
  char *str; /* TEXT: folded; TAG, DECK: the pattern */
  int what;  /* IsWhat, PropField or kk_CardType */
  PropOp op;
  double num;
} Node;

struct kk_Search {
  Node *nodes;
  int n;
  size_t cap;
  int root;
};

static int new_node(kk_Search *s, NodeKind k) {
  if ((size_t)s->n == s->cap) {
    Node *n = kk_grow(s->nodes, &s->cap, s->cap + 1, sizeof *n, 16);
    if (!n) return -1;
    s->nodes = n;
  }
  memset(&s->nodes[s->n], 0, sizeof s->nodes[0]);
  s->nodes[s->n].kind = k;
  s->nodes[s->n].a = s->nodes[s->n].b = -1;
  return s->n++;
}

void kk_search_free(kk_Search *s) {
  if (!s) return;
  for (int i = 0; i < s->n; i++) kk_free(s->nodes[i].str);
  kk_free(s->nodes);
  kk_free(s);
}

int kk_search_is_empty(const kk_Search *s) { return s->nodes[s->root].kind == N_TRUE; }

/* ==== parser ============================================================== */

typedef struct Parser {
  const char *q;
  size_t len, pos;
  kk_Search *s;
  kk_Err *err;
  kk_Status st;
} Parser;

/* Records the first error, at byte offset off of the query. */
static int perr(Parser *p, kk_Status code, size_t off, const char *msg, const char *arg) {
  if (p->st != KK_OK) return -1;
  int col = 1;
  for (size_t i = 0; i < off && i < p->len;) {
    kk_utf8_next(p->q, p->len, &i);
    col++;
  }
  p->st = code;
  kk_err_set(p->err, code, "search", 1, col, "%s%s%s%s", msg, arg ? " '" : "", arg ? arg : "",
             arg ? "'" : "");
  return -1;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* U+3000 at q[i], the ideographic space a Japanese IME types. */
static int is_wide_space(const Parser *p, size_t i) {
  return i + 2 < p->len && (unsigned char)p->q[i] == 0xE3 && (unsigned char)p->q[i + 1] == 0x80 &&
         (unsigned char)p->q[i + 2] == 0x80;
}

static void skip_spaces(Parser *p) {
  while (p->pos < p->len) {
    if (is_space(p->q[p->pos]))
      p->pos++;
    else if (is_wide_space(p, p->pos))
      p->pos += 3;
    else
      break;
  }
}

static int at_end(Parser *p) {
  skip_spaces(p);
  return p->pos >= p->len;
}

static int node_of(Parser *p, NodeKind k) {
  int n = new_node(p->s, k);
  if (n < 0) return perr(p, KK_ERR_NOMEM, p->pos, _("out of memory"), NULL);
  return n;
}

static int binary(Parser *p, NodeKind k, int a, int b) {
  int n = node_of(p, k);
  if (n < 0) return -1;
  p->s->nodes[n].a = a;
  p->s->nodes[n].b = b;
  return n;
}

/* Reads a "quoted" string starting at p->pos (on the quote) into *out (a
** new string, \" and \\ unescaped). */
static int read_quoted(Parser *p, char **out) {
  size_t start = p->pos++;
  kk_Buf b = {0};
  while (p->pos < p->len && p->q[p->pos] != '"') {
    if (p->q[p->pos] == '\\' && p->pos + 1 < p->len &&
        (p->q[p->pos + 1] == '"' || p->q[p->pos + 1] == '\\'))
      p->pos++;
    kk_buf_add(&b, p->q + p->pos, 1);
    p->pos++;
  }
  if (p->pos >= p->len) {
    kk_buf_free(&b);
    return perr(p, KK_ERR_PARSE, start, _("unclosed quote"), NULL);
  }
  p->pos++;
  *out = kk_buf_take(&b);
  if (!*out) return perr(p, KK_ERR_NOMEM, start, _("out of memory"), NULL);
  return 0;
}

static char *lower_dup(const char *s, size_t n) {
  char *d = kk_strndup(s, n);
  if (d)
    for (char *c = d; *c; c++)
      if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
  return d;
}

static int text_node(Parser *p, const char *t, size_t n, size_t at) {
  char *f = NULL;
  if (kk_search_fold(t, n, &f) != KK_OK) return perr(p, KK_ERR_NOMEM, at, _("out of memory"), NULL);
  if (!*f) {
    kk_free(f);
    return node_of(p, N_TRUE);
  }
  int k = node_of(p, N_TEXT);
  if (k < 0) {
    kk_free(f);
    return -1;
  }
  p->s->nodes[k].str = f;
  return k;
}

static const char *const IS_NAMES[] = {"new",       "due",    "learning", "review",
                                       "suspended", "buried", "leech",    NULL};
static const char *const PROP_NAMES[] = {"ivl", "due", "lapses", "reps", "s",
                                         "d",   "r",   "ease",   NULL};

static int find_name(const char *const *names, const char *v, size_t n) {
  for (int i = 0; names[i]; i++)
    if (strlen(names[i]) == n && strncmp(names[i], v, n) == 0) return i;
  return -1;
}

/* prop:FIELD OP NUMBER; v is lowercased. */
static int prop_node(Parser *p, const char *v, size_t at) {
  size_t f = 0;
  while (v[f] >= 'a' && v[f] <= 'z') f++;
  int field = find_name(PROP_NAMES, v, f);
  if (field < 0) return perr(p, KK_ERR_PARSE, at, _("unknown property in"), v);
  const char *o = v + f;
  PropOp op;
  size_t ol = 1;
  if (o[0] == '<' && o[1] == '=')
    op = OP_LE, ol = 2;
  else if (o[0] == '>' && o[1] == '=')
    op = OP_GE, ol = 2;
  else if (o[0] == '!' && o[1] == '=')
    op = OP_NE, ol = 2;
  else if (o[0] == '<')
    op = OP_LT;
  else if (o[0] == '>')
    op = OP_GT;
  else if (o[0] == '=')
    op = OP_EQ;
  else
    return perr(p, KK_ERR_PARSE, at, _("expected one of = != < <= > >= in"), v);
  const char *num = o + ol;
  char *end = NULL;
  double d = strtod(num, &end);
  if (!*num || *end || !isfinite(d)) return perr(p, KK_ERR_PARSE, at, _("expected a number in"), v);
  int k = node_of(p, N_PROP);
  if (k < 0) return -1;
  p->s->nodes[k].what = field;
  p->s->nodes[k].op = op;
  p->s->nodes[k].num = d;
  return k;
}

/* key:value, value a new string (taken). */
static int key_node(Parser *p, const char *key, size_t klen, char *value, size_t at) {
  int k = -1;
  if (!*value) {
    char kb[16];
    snprintf(kb, sizeof kb, "%.*s:", (int)klen, key);
    kk_free(value);
    return perr(p, KK_ERR_PARSE, at, _("a value is missing after"), kb);
  }
  if (klen == 3 && strncmp(key, "tag", 3) == 0) {
    if ((k = node_of(p, N_TAG)) >= 0) p->s->nodes[k].str = value, value = NULL;
  } else if (klen == 4 && strncmp(key, "deck", 4) == 0) {
    if ((k = node_of(p, N_DECK)) >= 0) p->s->nodes[k].str = value, value = NULL;
  } else if (klen == 2 && strncmp(key, "is", 2) == 0) {
    int w = find_name(IS_NAMES, value, strlen(value));
    if (w < 0)
      k = perr(p, KK_ERR_PARSE, at,
               _("unknown state (new, due, learning, review, suspended, buried, leech):"), value);
    else if ((k = node_of(p, N_IS)) >= 0)
      p->s->nodes[k].what = w;
  } else if (klen == 4 && strncmp(key, "type", 4) == 0) {
    int w = -1;
    for (int t = 0; t < KK_CARD_TYPE_COUNT; t++)
      if (strcmp(kk_card_type_name((kk_CardType)t), value) == 0) w = t;
    if (w < 0)
      k = perr(p, KK_ERR_PARSE, at, _("unknown card type"), value);
    else if ((k = node_of(p, N_TYPE)) >= 0)
      p->s->nodes[k].what = w;
  } else {
    k = prop_node(p, value, at);
  }
  kk_free(value);
  return k;
}

static int is_key(const char *w, size_t n) {
  static const char *const keys[] = {"tag", "deck", "is", "prop", "type", NULL};
  for (int i = 0; keys[i]; i++)
    if (strlen(keys[i]) == n && strncmp(w, keys[i], n) == 0) return 1;
  return 0;
}

static int term(Parser *p) {
  size_t at = p->pos;
  if (p->q[p->pos] == '"') {
    char *t = NULL;
    if (read_quoted(p, &t) < 0) return -1;
    int k = text_node(p, t, strlen(t), at);
    kk_free(t);
    return k;
  }
  size_t start = p->pos;
  while (p->pos < p->len && !is_space(p->q[p->pos]) && !is_wide_space(p, p->pos) &&
         p->q[p->pos] != '(' && p->q[p->pos] != ')' && p->q[p->pos] != '"')
    p->pos++;
  const char *w = p->q + start;
  size_t n = p->pos - start;
  const char *colon = memchr(w, ':', n);
  char *lk = colon ? lower_dup(w, (size_t)(colon - w)) : NULL;
  if (colon && !lk) return perr(p, KK_ERR_NOMEM, at, _("out of memory"), NULL);
  if (lk && is_key(lk, strlen(lk))) {
    size_t klen = strlen(lk);
    char *value = NULL;
    if ((size_t)(colon - w) + 1 == n && p->pos < p->len && p->q[p->pos] == '"') {
      if (read_quoted(p, &value) < 0) {
        kk_free(lk);
        return -1;
      }
      char *lv = lower_dup(value, strlen(value));
      kk_free(value);
      value = lv;
    } else {
      value = lower_dup(colon + 1, n - (size_t)(colon - w) - 1);
    }
    int k = value ? key_node(p, lk, klen, value, at)
                  : perr(p, KK_ERR_NOMEM, at, _("out of memory"), NULL);
    kk_free(lk);
    return k;
  }
  kk_free(lk);
  if (n == 0) return perr(p, KK_ERR_PARSE, at, _("unexpected quote"), NULL);
  return text_node(p, w, n, at);
}

static int parse_or(Parser *p, int depth);

static int parse_unary(Parser *p, int depth) {
  if (depth > KK_SEARCH_MAX_DEPTH)
    return perr(p, KK_ERR_LIMIT, p->pos, _("the query is nested too deeply"), NULL);
  if (at_end(p))
    return perr(p, KK_ERR_PARSE, p->pos, _("a search term is missing at the end"), NULL);
  char c = p->q[p->pos];
  if (c == '-' && p->pos + 1 < p->len && !is_space(p->q[p->pos + 1])) {
    p->pos++;
    int a = parse_unary(p, depth + 1);
    if (a < 0) return -1;
    return binary(p, N_NOT, a, -1);
  }
  if (c == '(') {
    size_t open = p->pos++;
    int e = parse_or(p, depth + 1);
    if (e < 0) return -1;
    if (at_end(p) || p->q[p->pos] != ')')
      return perr(p, KK_ERR_PARSE, open, _("unclosed parenthesis"), NULL);
    p->pos++;
    return e;
  }
  if (c == ')') return perr(p, KK_ERR_PARSE, p->pos, _("unexpected ')'"), NULL);
  return term(p);
}

/* 1 if the next word is the operator "or". */
static int next_is_or(Parser *p) {
  if (at_end(p)) return 0;
  const char *w = p->q + p->pos;
  size_t left = p->len - p->pos;
  if (left < 2 || (w[0] != 'o' && w[0] != 'O') || (w[1] != 'r' && w[1] != 'R')) return 0;
  return left == 2 || is_space(w[2]) || w[2] == '(' || w[2] == '"';
}

static int parse_and(Parser *p, int depth) {
  int left = parse_unary(p, depth);
  while (left >= 0 && !at_end(p) && p->q[p->pos] != ')' && !next_is_or(p)) {
    int right = parse_unary(p, depth);
    left = right < 0 ? -1 : binary(p, N_AND, left, right);
  }
  return left;
}

static int parse_or(Parser *p, int depth) {
  int left = parse_and(p, depth);
  while (left >= 0 && next_is_or(p)) {
    p->pos += 2;
    int right = parse_and(p, depth);
    left = right < 0 ? -1 : binary(p, N_OR, left, right);
  }
  return left;
}

kk_Status kk_search_parse(const char *q, size_t len, kk_Err *err, kk_Search **out) {
  *out = NULL;
  if (len > KK_SEARCH_MAX_BYTES)
    return kk_err_set(err, KK_ERR_LIMIT, "search", 1, 1, _("the query is longer than %d bytes"),
                      KK_SEARCH_MAX_BYTES);
  kk_Search *s = kk_calloc(1, sizeof *s);
  if (!s) return kk_err_set(err, KK_ERR_NOMEM, "search", 0, 0, _("out of memory"));
  Parser p = {q, len, 0, s, err, KK_OK};
  if (at_end(&p)) {
    s->root = node_of(&p, N_TRUE);
  } else {
    s->root = parse_or(&p, 0);
    if (s->root >= 0 && !at_end(&p)) perr(&p, KK_ERR_PARSE, p.pos, _("unexpected ')'"), NULL);
  }
  if (p.st != KK_OK || s->root < 0) {
    kk_search_free(s);
    return p.st != KK_OK ? p.st : KK_ERR_NOMEM;
  }
  *out = s;
  return KK_OK;
}

/* ==== matching ============================================================ */

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Does pattern (lowercase, * = any run) match s[0..n) whole, ASCII case
** ignored? */
static int glob(const char *pat, const char *s, size_t n) {
  const char *star = NULL;
  size_t i = 0, back = 0;
  while (i < n) {
    if (*pat == '*') {
      star = pat++;
      back = i;
    } else if (*pat && *pat == lower(s[i])) {
      pat++, i++;
    } else if (star) {
      pat = star + 1;
      i = ++back;
    } else {
      return 0;
    }
  }
  while (*pat == '*') pat++;
  return *pat == '\0';
}

/* tag:NAME matches the tag NAME and its children NAME::... */
static int tag_matches(const char *pat, const char *tag) {
  size_t n = strlen(tag);
  if (glob(pat, tag, n)) return 1;
  for (const char *c = strstr(tag, "::"); c; c = strstr(c + 2, "::"))
    if (glob(pat, tag, (size_t)(c - tag))) return 1;
  return 0;
}

static int cmp(double v, PropOp op, double x) {
  switch (op) {
  case OP_EQ: return v == x;
  case OP_NE: return v != x;
  case OP_LT: return v < x;
  case OP_LE: return v <= x;
  case OP_GT: return v > x;
  case OP_GE: return v >= x;
  }
  return 0;
}

static int is_new(const kk_SearchItem *it) {
  return !it->has_state || it->state.phase == KK_PHASE_NEW;
}

static int is_matches(IsWhat w, const kk_SearchItem *it, const kk_SearchEnv *env) {
  const kk_CardState *st = &it->state;
  int64_t now = env->clock.now_ms;
  switch (w) {
  case IS_NEW: return is_new(it);
  case IS_DUE:
    if (is_new(it)) return 0;
    if (st->phase == KK_PHASE_REVIEW)
      return kk_clock_day(&env->clock, st->due_ms) <= kk_clock_day(&env->clock, now);
    return st->due_ms <= now;
  case IS_LEARNING:
    return it->has_state && (st->phase == KK_PHASE_LEARNING || st->phase == KK_PHASE_RELEARNING);
  case IS_REVIEW:
    return it->has_state && (st->phase == KK_PHASE_REVIEW || st->phase == KK_PHASE_RELEARNING);
  case IS_SUSPENDED: return it->has_state && st->suspended;
  case IS_BURIED: return it->has_state && st->buried_until_ms > now;
  case IS_LEECH: return it->has_state && st->leech;
  }
  return 0;
}

static int prop_matches(const Node *n, const kk_SearchItem *it, const kk_SearchEnv *env) {
  if (!it->has_state) return 0; /* a new item has no properties yet */
  const kk_CardState *st = &it->state;
  double v = 0;
  switch ((PropField)n->what) {
  case P_IVL: v = st->interval_days; break;
  case P_DUE:
    if (st->phase == KK_PHASE_NEW) return 0;
    v = (double)(kk_clock_day(&env->clock, st->due_ms) -
                 kk_clock_day(&env->clock, env->clock.now_ms));
    break;
  case P_LAPSES: v = st->lapses; break;
  case P_REPS: v = st->reps; break;
  case P_S: v = st->stability; break;
  case P_D: v = st->difficulty; break;
  case P_R:
    if (st->phase == KK_PHASE_NEW) return 0;
    v = kk_sched_retention_at(env->params, st, env->clock.now_ms);
    break;
  case P_EASE: v = st->ease; break;
  }
  return cmp(v, n->op, n->num);
}

static int eval(const kk_Search *s, int i, const kk_SearchItem *it, const kk_SearchEnv *env) {
  const Node *n = &s->nodes[i];
  switch (n->kind) {
  case N_TRUE: return 1;
  case N_AND: return eval(s, n->a, it, env) && eval(s, n->b, it, env);
  case N_OR: return eval(s, n->a, it, env) || eval(s, n->b, it, env);
  case N_NOT: return !eval(s, n->a, it, env);
  case N_TEXT: return it->text && strstr(it->text, n->str) != NULL;
  case N_TAG:
    for (size_t t = 0; t < it->ntags; t++)
      if (it->tags[t] && tag_matches(n->str, it->tags[t])) return 1;
    return 0;
  case N_DECK: return it->deck_id && glob(n->str, it->deck_id, strlen(it->deck_id));
  case N_TYPE: return it->type == n->what;
  case N_IS: return is_matches((IsWhat)n->what, it, env);
  case N_PROP: return prop_matches(n, it, env);
  }
  return 0;
}

int kk_search_match(const kk_Search *s, const kk_SearchItem *it, const kk_SearchEnv *env) {
  return eval(s, s->root, it, env);
}

/* ==== items of a queue input ============================================= */

void kk_search_items_refresh(const kk_QueueInput *in, kk_SearchItems *items) {
  for (size_t i = 0; i < items->n && i < in->nitems; i++) {
    items->v[i].has_state = in->items[i].has_state;
    items->v[i].state = in->items[i].state;
  }
}

kk_Status kk_search_items_build(const kk_QueueInput *in, kk_SearchItems *out) {
  memset(out, 0, sizeof *out);
  if (!in->nitems) return KK_OK;
  out->v = kk_calloc(in->nitems, sizeof *out->v);
  out->texts = kk_calloc(in->nitems, sizeof *out->texts);
  if (!out->v || !out->texts) goto fail;
  out->n = in->nitems;
  for (size_t i = 0; i < in->nitems; i++) {
    const kk_QueueItem *qi = &in->items[i];
    kk_SearchItem *it = &out->v[i];
    const kk_Card *c = qi->deck_card;
    it->deck_id = in->decks[qi->deck].id;
    it->type = c ? (int)c->type : -1;
    it->tags = c ? c->tags : NULL;
    it->ntags = c ? c->ntags : 0;
    if (c && i > 0 && in->items[i - 1].deck_card == c) {
      it->text = out->v[i - 1].text; /* a sibling: the same card */
    } else if (c) {
      if (kk_search_card_text(c, &out->texts[i]) != KK_OK) goto fail;
      it->text = out->texts[i];
    }
  }
  kk_search_items_refresh(in, out);
  return KK_OK;
fail:
  kk_search_items_free(out);
  return KK_ERR_NOMEM;
}

void kk_search_items_free(kk_SearchItems *items) {
  if (!items) return;
  for (size_t i = 0; items->texts && i < items->n; i++) kk_free(items->texts[i]);
  kk_free(items->texts);
  kk_free(items->v);
  memset(items, 0, sizeof *items);
}

const char *kk_search_state_name(const kk_SearchItem *it, int64_t now_ms) {
  if (!it->has_state) return "new";
  const kk_CardState *st = &it->state;
  if (st->suspended) return "suspended";
  if (st->buried_until_ms > now_ms) return "buried";
  if (st->leech) return "leech";
  switch (st->phase) {
  case KK_PHASE_NEW: return "new";
  case KK_PHASE_LEARNING: return "learning";
  case KK_PHASE_RELEARNING: return "relearning";
  case KK_PHASE_REVIEW: return "review";
  }
  return "new";
}

kk_Status kk_search_question(const kk_Card *c, char **out) {
  char *plain = NULL;
  size_t n = 0;
  *out = NULL;
  const char *f = c->front ? c->front : "";
  kk_Status st = kk_ruby_plain(f, strlen(f), &plain, &n);
  if (st != KK_OK) return st;
  size_t w = 0;
  int space = 1; /* drops leading spaces */
  for (size_t r = 0; r < n; r++) {
    char ch = plain[r];
    /* a cloze "{{cN::text::hint}}" shows as its text */
    if (c->type == KK_CARD_CLOZE && ch == '{' && r + 3 < n && plain[r + 1] == '{' &&
        plain[r + 2] == 'c') {
      size_t d = r + 3;
      while (d < n && plain[d] >= '0' && plain[d] <= '9') d++;
      char *close = d > r + 3 && d + 1 < n && plain[d] == ':' && plain[d + 1] == ':'
                        ? strstr(plain + d + 2, "}}")
                        : NULL;
      if (close) {
        size_t end = (size_t)(close - plain), from = d + 2;
        const char *hint = memchr(plain + from, ':', end - from);
        size_t stop = hint && hint + 1 < close && hint[1] == ':' ? (size_t)(hint - plain) : end;
        memmove(plain + w, plain + from, stop - from);
        w += stop - from;
        space = 0;
        r = end + 1;
        continue;
      }
    }
    if (is_space(ch)) {
      if (!space) plain[w++] = ' ';
      space = 1;
    } else {
      plain[w++] = ch;
      space = 0;
    }
  }
  while (w > 0 && plain[w - 1] == ' ') w--;
  plain[w] = '\0';
  *out = plain;
  return KK_OK;
}
