/*
** exam.c -- the exam spec loader.
**
** Divisions:
**   diagnostics      positioned messages, "did you mean" suggestions
**   scalars          strings, booleans, numbers, durations, enums
**   pools            one pool mapping
**   top level        the spec mapping and its defaults
** (Which cards a pool accepts, and loading the decks: exambank.c.)
**
** The YAML document is read into the deck loader's node tree (ydoc.h), under
** the same limits and alias budget, and walked; every problem is reported
** (specs are small), then the load fails if any was an error.  Nulls,
** booleans, numbers and spelling suggestions are the deck loader's.
*/
#include "core/exam/exam.h"
#include "core/base/i18n.h"
#include "core/base/hash.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <limits.h>

#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/deck/load.h"
#include "core/deck/ydoc.h"
#include "core/exam/examschema.h"

typedef struct {
  const char *path;
  kk_Diags *diags;
  kk_ExamSpec *s;
  int nomem;
  int hashed_extensions; /* an extension key is a hash (needs the salt) */
} Ctx;

/* ---- diagnostics -----------------------------------------------------------*/

static kk_Diag *vreport(Ctx *c, kk_Severity sev, const kk_YNode *n, const char *fmt, va_list ap) {
  char msg[600];
  // NOLINTBEGIN(clang-analyzer-valist.Uninitialized): ap is the caller's started list
  vsnprintf(msg, sizeof msg, fmt, ap);
  // NOLINTEND(clang-analyzer-valist.Uninitialized)
  return kk_diags_add(c->diags, sev, c->path, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

static kk_Diag *error(Ctx *c, const kk_YNode *n, const char *fmt, ...) KK_PRINTF(3, 4);
static kk_Diag *error(Ctx *c, const kk_YNode *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kk_Diag *d = vreport(c, KK_SEV_ERROR, n, fmt, ap);
  va_end(ap);
  return d;
}

static kk_Diag *warning(Ctx *c, const kk_YNode *n, const char *fmt, ...) KK_PRINTF(3, 4);
static kk_Diag *warning(Ctx *c, const kk_YNode *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kk_Diag *d = vreport(c, KK_SEV_WARNING, n, fmt, ap);
  va_end(ap);
  return d;
}

/* An unknown word: the deck loader's suggestion (kk_suggest) as a note.
** msg is the whole message ("unknown value of 'x': 'y'"), already translated. */
static void unknown_word(Ctx *c, const kk_YNode *n, const char *msg, const char *w,
                         const char *const *words) {
  kk_Diag *d = error(c, n, "%s", msg);
  size_t nw = 0;
  while (words[nw]) nw++;
  const char *s = kk_suggest(w, words, nw);
  if (s)
    kk_diag_note(c->diags, d, _("did you mean '%s'?"), s);
  else {
    char list[400] = "";
    size_t off = 0;
    for (size_t i = 0; words[i] && off < sizeof list - 40; i++)
      off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "", words[i]);
    kk_diag_note(c->diags, d, _("expected one of: %s"), list);
  }
}

/* ---- scalars -----------------------------------------------------------------
** Nulls, booleans, whole and real numbers are read as the deck loader reads
** them (kk_ynode_*): only unquoted values are null, booleans or numbers. */

static const char *kind_name(const kk_YNode *n) { return kk_ynode_kind_name(n); }

static const char *scalar(const kk_YNode *n) { return n && n->kind == KK_YSCALAR ? n->str : NULL; }

static int is_null(const kk_YNode *n) { return kk_ynode_is_null(n); }

static const char *dup(Ctx *c, const char *v) {
  const char *d = kk_arena_strdup(&c->s->arena, v);
  if (!d) c->nomem = 1;
  return d;
}

/* A non-empty string; NULL (and an error) otherwise. */
static const char *get_string(Ctx *c, const kk_YNode *n, const char *key) {
  const char *v = scalar(n);
  if (!v) {
    error(c, n, _("'%s' must be a string, not %s"), key, kind_name(n));
    return NULL;
  }
  if (is_null(n)) {
    error(c, n, _("'%s' is empty"), key);
    return NULL;
  }
  return dup(c, v);
}

static int get_bool(Ctx *c, const kk_YNode *n, const char *key, int *out) {
  if (kk_ynode_bool(n, out)) return 1;
  error(c, n, _("'%s' must be true or false"), key);
  return 0;
}

static int get_int(Ctx *c, const kk_YNode *n, const char *key, long long lo, long long hi,
                   long long *out) {
  long long x;
  if (!kk_ynode_int(n, LLONG_MIN, LLONG_MAX, &x)) {
    error(c, n, _("'%s' must be a whole number"), key);
    return 0;
  }
  if (x < lo || x > hi) {
    error(c, n, _("'%s' must be between %lld and %lld, not %lld"), key, lo, hi, x);
    return 0;
  }
  return *out = x, 1;
}

static int get_number(Ctx *c, const kk_YNode *n, const char *key, double *out) {
  if (kk_ynode_number(n, out)) return 1;
  error(c, n, _("'%s' must be a number"), key);
  return 0;
}

/* Durations are written with units: "45m", "1h30m", "90s", "1h 15m". */
static int get_duration(Ctx *c, const kk_YNode *n, const char *key, int64_t *out_ms) {
  const char *v = scalar(n);
  if (!v || !*v) {
    error(c, n, _("'%s' must be a duration such as 45m, 1h30m or 90s"), key);
    return 0;
  }
  int64_t total = 0;
  const char *p = v;
  int parts = 0;
  while (*p) {
    while (*p == ' ') p++;
    if (!*p) break;
    if (*p < '0' || *p > '9') goto bad;
    int64_t x = 0;
    while (*p >= '0' && *p <= '9') {
      x = x * 10 + (*p++ - '0');
      if (x > 1000000) goto bad;
    }
    int64_t unit;
    if (*p == 'h')
      unit = 3600000;
    else if (*p == 'm' && p[1] != 's')
      unit = 60000;
    else if (*p == 's')
      unit = 1000;
    else {
      if (!*p && parts == 0) {
        kk_Diag *d = error(c, n, _("'%s' needs a unit"), key);
        kk_diag_note(c->diags, d, _("write %sm for minutes or %ss for seconds"), v, v);
        return 0;
      }
      goto bad;
    }
    p++;
    total += x * unit;
    parts++;
  }
  if (parts == 0) goto bad;
  if (total <= 0) {
    error(c, n, _("'%s' must be longer than zero"), key);
    return 0;
  }
  if (total > (int64_t)7 * 24 * 3600000) {
    error(c, n, _("'%s' is longer than a week"), key);
    return 0;
  }
  *out_ms = total;
  return 1;
bad:
  error(c, n, _("'%s' must be a duration such as 45m, 1h30m or 90s, not '%s'"), key, v);
  return 0;
}

static int get_enum(Ctx *c, const kk_YNode *n, const char *key, const char *const *words,
                    int *out) {
  const char *v = scalar(n);
  if (!v) {
    error(c, n, _("'%s' must be one word, not %s"), key, kind_name(n));
    return 0;
  }
  for (int i = 0; words[i]; i++)
    if (strcmp(v, words[i]) == 0) return *out = i, 1;
  char msg[KK_ERR_MSG_MAX];
  snprintf(msg, sizeof msg, _("unknown value of '%s': '%s'"), key, v);
  unknown_word(c, n, msg, v, words);
  return 0;
}

/* A list of strings (a single string is a list of one).  Returns 1 and an
** arena array, or 0 after an error. */
static int get_strings(Ctx *c, const kk_YNode *n, const char *key, const char ***out, size_t *nout,
                       int **lines, int **cols) {
  size_t cnt = n->kind == KK_YSEQ ? n->nkids : 1;
  if (n->kind == KK_YMAP) {
    error(c, n, _("'%s' must be a list of strings, not a mapping"), key);
    return 0;
  }
  const char **arr = kk_arena_alloc(&c->s->arena, (cnt ? cnt : 1) * sizeof *arr);
  int *ls = lines ? kk_arena_alloc(&c->s->arena, (cnt ? cnt : 1) * sizeof *ls) : NULL;
  int *cs = cols ? kk_arena_alloc(&c->s->arena, (cnt ? cnt : 1) * sizeof *cs) : NULL;
  if (!arr || (lines && !ls) || (cols && !cs)) return c->nomem = 1, 0;
  int ok = 1;
  for (size_t i = 0; i < cnt; i++) {
    const kk_YNode *it = n->kind == KK_YSEQ ? n->kids[i] : n;
    const char *v = get_string(c, it, key);
    if (!v) ok = 0;
    arr[i] = v;
    if (ls) ls[i] = it->line;
    if (cs) cs[i] = it->col;
  }
  if (!ok) return 0;
  *out = arr;
  *nout = cnt;
  if (lines) *lines = ls;
  if (cols) *cols = cs;
  return 1;
}

/* Walks a mapping: checks keys are scalars, known and not repeated, and
** calls back for each.  Returns 0 if n is not a mapping. */
typedef void (*KeyFn)(Ctx *c, const char *key, const kk_YNode *k, const kk_YNode *v, void *ud);

static void note_repeat(void *ud, size_t pair, const kk_YNode *first) {
  ((const kk_YNode **)ud)[pair] = first;
}

/* first[p]: the earlier key pair p of map n repeats, or NULL; an arena
** array, or NULL out of memory (c->nomem set).  Found by hash, as the deck
** loader finds them (kk_ymap_repeats). */
static const kk_YNode **repeats(Ctx *c, const kk_YNode *n) {
  size_t np = n->nkids / 2;
  size_t size = (np ? np : 1) * sizeof(kk_YNode *);
  const kk_YNode **first = kk_arena_alloc(&c->s->arena, size);
  if (!first) return c->nomem = 1, NULL;
  memset(first, 0, size);
  if (!kk_ymap_repeats(n, note_repeat, first)) return c->nomem = 1, NULL;
  return first;
}

static int each_key(Ctx *c, const kk_YNode *n, const char *what, const char *const *keys, KeyFn fn,
                    void *ud) {
  if (n->kind != KK_YMAP) {
    error(c, n, _("%s must be a mapping (key: value lines), not %s"), what, kind_name(n));
    return 0;
  }
  const kk_YNode **first = repeats(c, n);
  if (!first) return 1;
  for (size_t i = 0; i + 1 < n->nkids; i += 2) {
    const kk_YNode *k = n->kids[i], *v = n->kids[i + 1];
    const char *ks = scalar(k);
    if (!ks) {
      error(c, k, _("keys in %s must be plain words"), what);
      continue;
    }
    if (first[i / 2]) {
      kk_Diag *d = error(c, k, _("'%s' is given twice"), ks);
      kk_diag_note(c->diags, d, _("first given at line %d"), first[i / 2]->line);
      continue;
    }
    if (keys) {
      int known = 0;
      for (size_t j = 0; keys[j]; j++)
        if (strcmp(keys[j], ks) == 0) known = 1;
      if (!known) {
        char msg[KK_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, _("unknown key in %s: '%s'"), what, ks);
        unknown_word(c, k, msg, ks, keys);
        continue;
      }
    }
    fn(c, ks, k, v, ud);
  }
  return 1;
}

/* ---- pools -------------------------------------------------------------------*/

/* Keys and words are the tables of examschema.c (which also write the
** JSON Schema for editors). */
#define MAX_KEYS 40

static void pool_key(Ctx *c, const char *key, const kk_YNode *k, const kk_YNode *v, void *ud) {
  kk_ExamPool *p = ud;
  long long x;
  if (!strcmp(key, "name")) {
    const char *s = get_string(c, v, key);
    if (s) p->name = s;
  } else if (!strcmp(key, "decks")) {
    get_strings(c, v, key, &p->decks, &p->ndecks, NULL, NULL);
  } else if (!strcmp(key, "tags")) {
    get_strings(c, v, key, &p->tags, &p->ntags, NULL, NULL);
  } else if (!strcmp(key, "types")) {
    const char **ts;
    size_t nt;
    if (!get_strings(c, v, key, &ts, &nt, NULL, NULL)) return;
    unsigned bits = 0;
    for (size_t i = 0; i < nt; i++) {
      const kk_YNode *it = v->kind == KK_YSEQ ? v->kids[i] : v;
      int t;
      if (!get_enum(c, it, "types", kk_card_type_names, &t)) continue;
      if (t == KK_CARD_BASIC || t == KK_CARD_REVERSED) {
        kk_Diag *d =
            error(c, it, _("%s cards have no answer that can be marked"), kk_card_type_names[t]);
        kk_diag_note(c->diags, d, _("exams use choice, truefalse, typed, numeric, order, cloze"));
        continue;
      }
      bits |= KK_EXAM_TYPE_BIT(t);
    }
    if (bits) p->types = bits;
  } else if (!strcmp(key, "count")) {
    if (get_int(c, v, key, 1, 10000, &x)) p->count = (size_t)x;
    p->count_line = v->line;
    p->count_col = v->col;
  } else if (!strcmp(key, "points")) {
    double d;
    if (get_number(c, v, key, &d)) {
      if (!kk_exam_points_ok(d))
        error(c, v, _("'points' must be above 0 and at most %d"), KK_EXAM_MAX_POINTS);
      else
        p->points = d;
    }
  } else if (!strcmp(key, "question_time_limit")) {
    get_duration(c, v, key, &p->question_time_ms);
  }
  (void)k;
}

/* ---- top level ---------------------------------------------------------------*/

typedef struct {
  const kk_YNode *pools_node;
  int have_id, have_title, have_decks, have_pools, have_time;
  int seed_given;
} Top;

static void shuffle_key(Ctx *c, const char *key, const kk_YNode *k, const kk_YNode *v, void *ud) {
  if (!strcmp(key, "questions"))
    get_bool(c, v, "shuffle.questions", &c->s->shuffle_questions);
  else
    get_bool(c, v, "shuffle.choices", &c->s->shuffle_choices);
}

static void scoring_key(Ctx *c, const char *key, const kk_YNode *k, const kk_YNode *v, void *ud) {
  int e;
  if (!strcmp(key, "choice")) {
    if (get_enum(c, v, "scoring.choice", kk_examschema_choice_words, &e))
      c->s->choice_credit = (kk_ExamChoiceCredit)e;
  } else if (get_enum(c, v, "scoring.order", kk_examschema_order_words, &e)) {
    c->s->order_credit = (kk_ExamOrderCredit)e;
  }
}

static void extensions(Ctx *c, const kk_YNode *v) {
  if (v->kind != KK_YMAP) {
    kk_Diag *d = error(c, v, _("'extensions' must map student numbers to minutes"));
    kk_diag_note(c->diags, d, _("e.g.  extensions: {\"2026014\": 15}"));
    return;
  }
  size_t cnt = v->nkids / 2;
  kk_ExamExtension *ex = kk_arena_alloc(&c->s->arena, (cnt ? cnt : 1) * sizeof *ex);
  const kk_YNode **first = repeats(c, v);
  if (!ex || !first) {
    c->nomem = 1;
    return;
  }
  size_t n = 0;
  for (size_t i = 0; i < cnt; i++) {
    const kk_YNode *k = v->kids[2 * i], *val = v->kids[2 * i + 1];
    const char *no = scalar(k);
    if (!no || !*no) {
      error(c, k, _("an extension's key must be a student number"));
      continue;
    }
    if (first[i]) {
      error(c, k, _("student '%s' has two extensions"), no);
      continue;
    }
    if (!strncmp(no, KK_EXAM_EXT_KEY_PREFIX, strlen(KK_EXAM_EXT_KEY_PREFIX))) {
      const char *h = no + strlen(KK_EXAM_EXT_KEY_PREFIX);
      size_t hl = strspn(h, "0123456789abcdef");
      if (hl != 32 || h[hl]) {
        kk_Diag *d = error(c, k, _("a hashed extension key is '%s' and 32 lower-case hex digits"),
                           KK_EXAM_EXT_KEY_PREFIX);
        kk_diag_note(c->diags, d, _("make them with: kioku exam extension-keys SPEC.yaml"));
        continue;
      }
      c->hashed_extensions = 1;
    }
    long long m;
    if (!get_int(c, val, "extension minutes", 1, 10000, &m)) continue;
    ex[n].student_no = dup(c, no);
    ex[n].minutes = (int)m;
    if (ex[n].student_no) n++;
  }
  c->s->extensions = ex;
  c->s->nextensions = n;
}

static void top_key(Ctx *c, const char *key, const kk_YNode *k, const kk_YNode *v, void *ud) {
  Top *t = ud;
  kk_ExamSpec *s = c->s;
  int e;
  if (!s) return;
  if (!strcmp(key, "exam")) {
    const char *id = get_string(c, v, "exam");
    if (!id) return;
    t->have_id = 1;
    if (!kk_deck_valid_id_max(id, KK_EXAM_MAX_ID)) {
      kk_Diag *d = error(c, v, _("exam id '%s' must be 1 to %d letters, digits, '-', '_' or '.'"),
                         id, KK_EXAM_MAX_ID);
      kk_diag_note(c->diags, d, _("the id names the result files and the stored attempts"));
    }
    s->id = id;
  } else if (!strcmp(key, "title")) {
    if ((s->title = get_string(c, v, key))) t->have_title = 1;
  } else if (!strcmp(key, "instructions")) {
    if (is_null(v)) return;
    const char *i = get_string(c, v, key);
    if (i) s->instructions = i;
  } else if (!strcmp(key, "decks")) {
    t->have_decks = 1;
    get_strings(c, v, key, &s->decks, &s->ndecks, &s->deck_lines, &s->deck_cols);
    if (v->kind == KK_YSEQ && v->nkids == 0)
      error(c, v, _("'decks' is empty; list the deck files to draw from"));
  } else if (!strcmp(key, "pools")) {
    t->have_pools = 1;
    t->pools_node = v;
    s->line_pools = k->line;
    s->col_pools = k->col;
  } else if (!strcmp(key, "time_limit")) {
    t->have_time = 1;
    if (!scalar(v) || strcmp(scalar(v), "none") != 0) get_duration(c, v, key, &s->time_limit_ms);
  } else if (!strcmp(key, "question_time_limit")) {
    get_duration(c, v, key, &s->question_time_ms);
  } else if (!strcmp(key, "shuffle")) {
    const char *sk[MAX_KEYS];
    kk_schema_names(kk_examschema_shuffle, sk, MAX_KEYS);
    int b;
    if (v->kind == KK_YSCALAR) {
      if (get_bool(c, v, key, &b)) s->shuffle_questions = s->shuffle_choices = b;
    } else {
      /* TRANSLATORS: the key's value, in "unknown key in 'shuffle': ..." */
      each_key(c, v, _("'shuffle'"), sk, shuffle_key, NULL);
    }
  } else if (!strcmp(key, "seed")) {
    const char *sv = scalar(v);
    char *end;
    errno = 0;
    unsigned long long sd = sv && *sv && *sv != '-' ? strtoull(sv, &end, 10) : 0;
    if (!sv || !*sv || *sv == '-' || errno || *end)
      error(c, v, _("'seed' must be a whole number from 0 to 18446744073709551615"));
    else
      s->seed = sd, t->seed_given = 1;
  } else if (!strcmp(key, "seed_mode")) {
    if (get_enum(c, v, key, kk_examschema_seed_words, &e)) s->seed_mode = (kk_ExamSeedMode)e;
  } else if (!strcmp(key, "pass_mark")) {
    const char *pv = scalar(v);
    double d;
    char *end;
    if (pv && *pv && (d = strtod(pv, &end), end != pv) && (!*end || (end[0] == '%' && !end[1])) &&
        isfinite(d)) {
      if (!kk_exam_pass_mark_ok(d))
        error(c, v, _("'pass_mark' is a percentage from 0 to 100"));
      else
        s->pass_percent = d;
    } else {
      error(c, v, _("'pass_mark' must be a percentage such as 60 or 60%%"));
    }
  } else if (!strcmp(key, "feedback")) {
    if (get_enum(c, v, key, kk_examschema_feedback_words, &e)) s->feedback = (kk_ExamFeedback)e;
  } else if (!strcmp(key, "review_after_submit")) {
    get_bool(c, v, key, &s->review_after_submit);
  } else if (!strcmp(key, "navigation")) {
    if (get_enum(c, v, key, kk_examschema_nav_words, &e)) s->navigation = (kk_ExamNav)e;
  } else if (!strcmp(key, "scoring")) {
    const char *sk[MAX_KEYS];
    kk_schema_names(kk_examschema_scoring, sk, MAX_KEYS);
    /* TRANSLATORS: the key's value, in "unknown key in 'scoring': ..." */
    each_key(c, v, _("'scoring'"), sk, scoring_key, NULL);
  } else if (!strcmp(key, "update_schedule")) {
    get_bool(c, v, key, &s->update_schedule);
  } else if (!strcmp(key, "extensions")) {
    extensions(c, v);
  } else if (!strcmp(key, "extensions_salt")) {
    const char *salt = get_string(c, v, key);
    if (salt && !*salt)
      error(c, v, _("'extensions_salt' is empty"));
    else if (salt)
      s->extensions_salt = salt;
  }
}

static void load_pools(Ctx *c, const kk_YNode *v) {
  kk_ExamSpec *s = c->s;
  if (v->kind != KK_YSEQ) {
    error(c, v, _("'pools' must be a list of pools, not %s"), kind_name(v));
    return;
  }
  size_t cnt = v->nkids;
  if (cnt == 0) {
    error(c, v, _("'pools' is empty; an exam needs at least one pool"));
    return;
  }
  s->pools = kk_arena_alloc(&s->arena, cnt * sizeof *s->pools);
  if (!s->pools) {
    c->nomem = 1;
    return;
  }
  memset(s->pools, 0, cnt * sizeof *s->pools);
  for (size_t i = 0; i < cnt; i++) {
    const kk_YNode *pn = v->kids[i];
    kk_ExamPool *p = &s->pools[i];
    p->types = KK_EXAM_DEFAULT_TYPES;
    p->points = 1;
    p->line = pn->line;
    p->col = pn->col;
    p->count_line = p->line;
    p->count_col = p->col;
    char nm[32];
    snprintf(nm, sizeof nm, "pool %zu", i + 1);
    p->name = dup(c, nm);
    const char *pool_keys[MAX_KEYS];
    kk_schema_names(kk_examschema_pool, pool_keys, MAX_KEYS);
    if (!each_key(c, pn, _("a pool"), pool_keys, pool_key, p)) continue;
    if (p->count == 0 && !kk_ynode_get(pn, "count"))
      error(c, pn, _("%s has no 'count' (how many questions to draw)"), p->name);
    if (!p->question_time_ms) p->question_time_ms = s->question_time_ms;
  }
  s->npools = cnt;
}

static void defaults(kk_ExamSpec *s) {
  s->instructions = "";
  s->shuffle_questions = 1;
  s->shuffle_choices = 1;
  s->seed_mode = KK_SEED_CLASS;
  s->pass_percent = 50;
  s->feedback = KK_FEEDBACK_AFTER_SUBMIT;
  s->review_after_submit = 1;
  s->navigation = KK_NAV_FREE;
  s->choice_credit = KK_CHOICE_PER_OPTION;
  s->order_credit = KK_ORDER_POSITION;
}

void kk_exam_number_digest(const char *salt, const char *student_no, char hex[33]) {
  unsigned char out[16];
  size_t klen = salt ? strlen(salt) : 0;
  if (sodium_init() < 0) { /* BLAKE2b needs no set-up: go on */
  }
  unsigned char key[crypto_generichash_KEYBYTES_MAX];
  /* A salt of any length becomes a full-size key (itself hashed). */
  if (klen) crypto_generichash(key, sizeof key, (const unsigned char *)salt, klen, NULL, 0);
  crypto_generichash(out, sizeof out, (const unsigned char *)student_no, strlen(student_no),
                     klen ? key : NULL, klen ? sizeof key : 0);
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < 16; i++) {
    hex[2 * i] = digits[out[i] >> 4];
    hex[2 * i + 1] = digits[out[i] & 15];
  }
  hex[32] = '\0';
}

static void walk(Ctx *c, const kk_YNode *root) {
  kk_ExamSpec *s = c->s;
  Top t = {0};
  if (!root || is_null(root)) {
    kk_Diag *d = kk_diags_add(c->diags, KK_SEV_ERROR, c->path, 1, 1, _("the file is empty"));
    kk_diag_note(c->diags, d, _("an exam spec is a mapping with exam:, title:, decks: and pools:"));
    return;
  }
  const char *top_keys[MAX_KEYS];
  kk_schema_names(kk_examschema_spec, top_keys, MAX_KEYS);
  if (!each_key(c, root, _("an exam spec"), top_keys, top_key, &t)) return;
  /* Pools after the top level, so question_time_limit applies whatever the
  ** key order. */
  if (t.pools_node) load_pools(c, t.pools_node);
  if (!t.have_id) {
    kk_Diag *d = error(c, root, _("missing 'exam' (the exam's id)"));
    kk_diag_note(c->diags, d, _("e.g.  exam: secintro-midterm-2026"));
  }
  if (!t.have_title) error(c, root, _("missing 'title'"));
  if (!t.have_decks) error(c, root, _("missing 'decks' (the deck files to draw from)"));
  if (!t.have_pools) error(c, root, _("missing 'pools' (what to draw from the decks)"));
  if (c->hashed_extensions && !s->extensions_salt)
    error(c, root, _("hashed 'extensions' keys need the 'extensions_salt' they were made with"));
  if (!t.have_time)
    warning(c, root, _("no 'time_limit': the exam is untimed (write time_limit: none to say so)"));
  if (!t.seed_given && s->id) s->seed = kk_hash_bytes(s->id, strlen(s->id), KK_HASH_INIT);
  if (s->time_limit_ms && s->question_time_ms > s->time_limit_ms)
    warning(c, root, _("question_time_limit is longer than the whole exam"));
}

/* The loader.  With partial set, a spec that parsed but broke rules is
** still returned (with KK_ERR_INVALID) so lint can go on to its decks. */
static kk_Status load_spec(const char *buf, size_t len, const char *path, kk_Diags *diags,
                           kk_ExamSpec **out, int partial) {
  *out = NULL;
  if (!path) path = "<spec>";
  size_t errs0 = diags->nerrors;
  kk_ExamSpec *s = kk_calloc(1, sizeof *s);
  if (!s) return KK_ERR_NOMEM;
  defaults(s);
  kk_Status st = KK_OK;
  kk_YDoc *doc = NULL;
  if (!(s->path = kk_arena_strdup(&s->arena, path))) goto nomem;
  {
    uint64_t h = kk_hash_bytes(buf, len, KK_HASH_INIT);
    snprintf(s->hash, sizeof s->hash, "%016llx", (unsigned long long)h);
  }
  /* the deck loader's YAML front end and limits (alias budget included) */
  st = kk_ydoc_parse(buf, len, s->path, NULL, diags, &doc);
  if (st != KK_OK) goto fail;
  Ctx c = {s->path, diags, s, 0, 0};
  walk(&c, kk_ydoc_root(doc));
  if (c.nomem || diags->oom) goto nomem;
  if (diags->nerrors > errs0) {
    st = KK_ERR_INVALID;
    if (!partial) goto fail;
  }
  kk_ydoc_free(doc);
  *out = s;
  return st;
nomem:
  st = KK_ERR_NOMEM;
fail:
  kk_ydoc_free(doc);
  kk_exam_spec_free(s);
  return st;
}

kk_Status kk_exam_spec_load_mem(const char *buf, size_t len, const char *path, kk_Diags *diags,
                                kk_ExamSpec **out) {
  return load_spec(buf, len, path, diags, out, 0);
}

kk_Status kk_exam_spec_load_partial(const char *buf, size_t len, const char *path, kk_Diags *diags,
                                    kk_ExamSpec **out) {
  return load_spec(buf, len, path, diags, out, 1);
}

kk_Status kk_exam_spec_load_file(const char *path, kk_Diags *diags, kk_ExamSpec **out) {
  *out = NULL;
  char *buf;
  size_t n;
  kk_Err e;
  kk_Status st = kk_file_read(path, kk_ylimits_max_bytes(), &buf, &n, &e);
  if (st != KK_OK) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, "%s", e.msg);
    return st;
  }
  st = kk_exam_spec_load_mem(buf, n, path, diags, out);
  kk_free(buf);
  return st;
}

void kk_exam_spec_free(kk_ExamSpec *s) {
  if (!s) return;
  kk_arena_free(&s->arena);
  kk_free(s);
}

int kk_exam_spec_sniff(const char *buf, size_t len) {
  /* A cheap look at the top level, line by line: a key `exam:` at column 1
  ** before any `cards:` key. */
  const char *p = buf, *e = buf + len;
  while (p < e) {
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(e - p);
    if (l >= 5 && !memcmp(p, "exam:", 5)) return 1;
    if (l >= 6 && !memcmp(p, "cards:", 6)) return 0;
    p += l + 1;
  }
  return 0;
}

int kk_exam_extension_key(const char *salt, const char *student_no, char key[KK_EXAM_EXT_KEY_MAX]) {
  unsigned char bsalt[crypto_pwhash_SALTBYTES], out[16];
  if (sodium_init() < 0) return -1;
  /* the salt string, of any length, made the 16 bytes Argon2id takes */
  crypto_generichash(bsalt, sizeof bsalt, (const unsigned char *)salt, strlen(salt), NULL, 0);
  if (crypto_pwhash(out, sizeof out, student_no, strlen(student_no), bsalt, KK_EXAM_EXT_OPSLIMIT,
                    KK_EXAM_EXT_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return -1;
  static const char digits[] = "0123456789abcdef";
  size_t p = (size_t)snprintf(key, KK_EXAM_EXT_KEY_MAX, "%s", KK_EXAM_EXT_KEY_PREFIX);
  for (int i = 0; i < 16; i++) {
    key[p++] = digits[out[i] >> 4];
    key[p++] = digits[out[i] & 15];
  }
  key[p] = '\0';
  return 0;
}

int kk_exam_extension_entry_key(const char *salt, const char *entry,
                                char key[KK_EXAM_EXT_KEY_MAX]) {
  if (!strncmp(entry, KK_EXAM_EXT_KEY_PREFIX, strlen(KK_EXAM_EXT_KEY_PREFIX))) {
    snprintf(key, KK_EXAM_EXT_KEY_MAX, "%s", entry);
    return 0;
  }
  return kk_exam_extension_key(salt, entry, key);
}

int kk_exam_spec_extension_min(const kk_ExamSpec *s, const char *student_no) {
  char key[KK_EXAM_EXT_KEY_MAX];
  int have_key = 0;
  for (size_t i = 0; i < s->nextensions; i++) {
    const char *k = s->extensions[i].student_no;
    if (!strcmp(k, student_no)) return s->extensions[i].minutes;
    if (s->extensions_salt && !strncmp(k, KK_EXAM_EXT_KEY_PREFIX, strlen(KK_EXAM_EXT_KEY_PREFIX))) {
      if (!have_key)
        have_key = kk_exam_extension_key(s->extensions_salt, student_no, key) == 0 ? 1 : -1;
      if (have_key == 1 && !strcmp(k, key)) return s->extensions[i].minutes;
    }
  }
  return 0;
}

int kk_exam_spec_deck_path(const kk_ExamSpec *s, size_t i, char *buf, size_t size) {
  if (i >= s->ndecks) return -1;
  const char *d = s->decks[i];
  const char *slash = strrchr(s->path, '/');
  int n;
  if (d[0] == '/' || !slash)
    n = snprintf(buf, size, "%s", d);
  else
    n = snprintf(buf, size, "%.*s/%s", (int)(slash - s->path), s->path, d);
  return n < 0 || (size_t)n >= size ? -1 : n;
}
