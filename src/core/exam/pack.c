/*
** pack.c -- writing and reading exam packs (see pack.h).
**
** Divisions:
**   writing   the spec's settings, then each card a pool accepts, stripped
**   reading   the same keys back into a kk_ExamSpec and cards in its arena
**   order     pack numbering (sorted items) to card numbering
*/
#define _POSIX_C_SOURCE 200809L
#include "core/exam/pack.h"
#include "core/base/i18n.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/deck/cloze.h"
#include "core/deck/ydoc.h"
#include "core/deck/yamlout.h"
#include "core/exam/paper.h"

static const char *const nav_names[] = {"free", "sequential"};
static const char *const seed_names[] = {"class", "student"};

/* ---- writing ------------------------------------------------------------- */

static void key_str(FILE *f, const char *indent, const char *key, const char *v) {
  fprintf(f, "%s%s: ", indent, key);
  kk_yaml_write_scalar(f, v ? v : "");
  fputc('\n', f);
}

static void str_list(FILE *f, const char *indent, const char *key, const char *const *v, size_t n) {
  fprintf(f, "%s%s: [", indent, key);
  for (size_t i = 0; i < n; i++) {
    if (i) fputs(", ", f);
    kk_yaml_write_scalar(f, v[i]);
  }
  fputs("]\n", f);
}

static int cmp_text(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The cloze text with every answer replaced by "…" (hints kept). */
static char *blank_cloze(const char *text) {
  kk_ClozeResult r;
  size_t len = strlen(text);
  if (kk_cloze_parse(text, len, &r) != KK_CLOZE_OK) return NULL;
  size_t cap = len + r.n * 16 + 1;
  char *o = kk_malloc(cap);
  if (!o) return NULL;
  size_t k = 0, at = 0;
  for (size_t i = 0; i < r.n; i++) {
    const kk_ClozeSpan *sp = &r.spans[i];
    memcpy(o + k, text + at, sp->start - at);
    k += sp->start - at;
    k += (size_t)snprintf(o + k, cap - k, "{{c%d::\xE2\x80\xA6", sp->ord);
    if (sp->hint_len) {
      /* the hint is the student's to see */
      o[k++] = ':';
      o[k++] = ':';
      if (k + sp->hint_len + 3 > cap) {
        kk_free(o);
        return NULL;
      }
      memcpy(o + k, text + sp->hint, sp->hint_len);
      k += sp->hint_len;
    }
    o[k++] = '}';
    o[k++] = '}';
    at = sp->end;
  }
  memcpy(o + k, text + at, len - at);
  k += len - at;
  o[k] = '\0';
  return o;
}

static int pooled(const kk_ExamSpec *s, const kk_ExamItem *it) {
  for (size_t j = 0; j < s->npools; j++)
    if (kk_exam_pool_accepts(&s->pools[j], it->deck_id, it->card)) return 1;
  return 0;
}

static kk_Status write_card(FILE *f, const kk_ExamItem *it, kk_Err *err) {
  const kk_Card *c = it->card;
  key_str(f, "  - ", "deck", it->deck_id);
  key_str(f, "    ", "id", c->id);
  key_str(f, "    ", "type", kk_card_type_name(c->type));
  if (c->ntags) str_list(f, "    ", "tags", c->tags, c->ntags);
  if (c->type == KK_CARD_CLOZE) {
    char *t = blank_cloze(c->front);
    if (!t)
      return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, _("card '%s': cannot blank its clozes"),
                        c->id);
    key_str(f, "    ", "text", t);
    kk_free(t);
    fputs("    cloze: [", f);
    for (size_t i = 0; i < c->ncloze; i++) fprintf(f, "%s%d", i ? ", " : "", c->cloze_ords[i]);
    fputs("]\n", f);
  } else {
    key_str(f, "    ", "text", c->front);
  }
  if (c->image) key_str(f, "    ", "image", c->image);
  if (c->type == KK_CARD_CHOICE) {
    fputs("    options:\n", f);
    for (size_t i = 0; i < c->noptions; i++) {
      key_str(f, "      - ", "text", c->options[i].text);
      if (c->options[i].fixed) fputs("        fixed: true\n", f);
    }
    fprintf(f, "    ncorrect: %zu\n", c->ncorrect);
  }
  if (c->type == KK_CARD_ORDER) {
    const char **v = kk_malloc((c->nitems ? c->nitems : 1) * sizeof *v);
    if (!v) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    memcpy(v, c->items, c->nitems * sizeof *v);
    qsort(v, c->nitems, sizeof *v, cmp_text); /* their order is the answer */
    str_list(f, "    ", "items", v, c->nitems);
    kk_free(v);
  }
  if (c->type == KK_CARD_NUMERIC && c->unit) key_str(f, "    ", "unit", c->unit);
  return KK_OK;
}

kk_Status kk_pack_write(const kk_ExamSpec *s, const kk_ExamItem *items, size_t n, const char *salt,
                        FILE *f, kk_Err *err) {
  if (s->feedback == KK_FEEDBACK_AFTER_EACH)
    return kk_err_set(err, KK_ERR_INVALID, s->path, 0, 0,
                      _("feedback: after_each cannot be packed: a pack holds no "
                        "answers to give feedback with (use after_submit or never)"));
  if (s->extensions_salt) salt = s->extensions_salt;
  fprintf(f, "# Kioku exam pack: what students receive. It holds no answers;\n"
             "# results are marked with `kioku results mark --spec`.\n");
  fprintf(f, "kioku_pack: %d\n", KK_PACK_FORMAT);
  key_str(f, "", "exam", s->id);
  key_str(f, "", "title", s->title);
  key_str(f, "", "instructions", s->instructions);
  key_str(f, "", "spec_hash", s->hash);
  fprintf(f, "seed: \"%llu\"\n", (unsigned long long)s->seed);
  fprintf(f, "seed_mode: %s\n", seed_names[s->seed_mode == KK_SEED_STUDENT]);
  fprintf(f, "time_limit_ms: %lld\n", (long long)s->time_limit_ms);
  fprintf(f, "question_time_ms: %lld\n", (long long)s->question_time_ms);
  fprintf(f, "shuffle_questions: %s\n", s->shuffle_questions ? "true" : "false");
  fprintf(f, "shuffle_choices: %s\n", s->shuffle_choices ? "true" : "false");
  fprintf(f, "navigation: %s\n", nav_names[s->navigation == KK_NAV_SEQUENTIAL]);
  fprintf(f, "pass_mark: %.10g\n", s->pass_percent);
  if (s->nextensions) {
    key_str(f, "", "extensions_salt", salt);
    fputs("extensions:\n", f);
    for (size_t i = 0; i < s->nextensions; i++) {
      char key[KK_EXAM_EXT_KEY_MAX];
      if (kk_exam_extension_entry_key(salt, s->extensions[i].student_no, key) != 0)
        return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
      fprintf(f, "  \"%s\": %d\n", key, s->extensions[i].minutes);
    }
  }
  fputs("pools:\n", f);
  for (size_t i = 0; i < s->npools; i++) {
    const kk_ExamPool *p = &s->pools[i];
    key_str(f, "  - ", "name", p->name);
    fprintf(f, "    count: %zu\n    points: %.10g\n    question_time_ms: %lld\n", p->count,
            p->points, (long long)p->question_time_ms);
    fputs("    types: [", f);
    int first = 1;
    for (int t = 0; t < KK_CARD_TYPE_COUNT; t++)
      if (p->types & KK_EXAM_TYPE_BIT(t)) {
        fprintf(f, "%s%s", first ? "" : ", ", kk_card_type_name((kk_CardType)t));
        first = 0;
      }
    fputs("]\n", f);
    if (p->ndecks) str_list(f, "    ", "decks", p->decks, p->ndecks);
    if (p->ntags) str_list(f, "    ", "tags", p->tags, p->ntags);
  }
  fputs("cards:\n", f);
  for (size_t i = 0; i < n; i++) {
    if (!pooled(s, &items[i])) continue;
    kk_Status st = write_card(f, &items[i], err);
    if (st) return st;
  }
  if (ferror(f)) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("write failed"));
  return KK_OK;
}

int kk_pack_sniff(const char *buf, size_t len) {
  const char *p = buf, *e = buf + len;
  while (p < e) {
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(e - p);
    if (l >= 11 && !memcmp(p, "kioku_pack:", 11)) return 1;
    // cppcheck-suppress knownConditionTrueFalse ; l is 0 on a blank line (nl == p)
    if (l > 0 && p[0] != '#') return 0; /* blank lines and comments come first */
    p += l + 1;
  }
  return 0;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct {
  const char *path;
  kk_Diags *diags;
  kk_ExamSpec *s;
  int bad, nomem;
} Rd;

static void rd_error(Rd *r, const kk_YNode *n, const char *msg, const char *key) {
  kk_diags_add(r->diags, KK_SEV_ERROR, r->path, n ? n->line : 0, n ? n->col : 0, _("pack: %s%s%s"),
               msg, key ? " " : "", key ? key : "");
  r->bad = 1;
}

static const char *rd_str(Rd *r, const kk_YNode *map, const char *key, int need) {
  const kk_YNode *v = kk_ynode_get(map, key);
  if (!v || v->kind != KK_YSCALAR) {
    if (need) rd_error(r, map, _("missing or not text:"), key);
    return need ? NULL : "";
  }
  const char *d = kk_arena_strndup(&r->s->arena, v->str, v->len);
  if (!d) r->nomem = 1;
  return d;
}

static long long rd_int(Rd *r, const kk_YNode *map, const char *key, long long lo, long long hi,
                        long long dflt) {
  const kk_YNode *v = kk_ynode_get(map, key);
  long long x = dflt;
  if (v && !kk_ynode_int(v, lo, hi, &x)) rd_error(r, v, _("not a whole number in range:"), key);
  return x;
}

static int rd_bool(Rd *r, const kk_YNode *map, const char *key, int dflt) {
  const kk_YNode *v = kk_ynode_get(map, key);
  int b = dflt;
  if (v && !kk_ynode_bool(v, &b)) rd_error(r, v, _("not true or false:"), key);
  return b;
}

static const char **rd_list(Rd *r, const kk_YNode *map, const char *key, size_t *n) {
  const kk_YNode *v = kk_ynode_get(map, key);
  *n = 0;
  if (!v) return NULL;
  if (v->kind != KK_YSEQ) {
    rd_error(r, v, _("not a list:"), key);
    return NULL;
  }
  const char **out = kk_arena_alloc(&r->s->arena, (v->nkids ? v->nkids : 1) * sizeof *out);
  if (!out) {
    r->nomem = 1;
    return NULL;
  }
  for (size_t i = 0; i < v->nkids; i++) {
    const kk_YNode *it = v->kids[i];
    if (it->kind != KK_YSCALAR) {
      rd_error(r, it, _("not text in"), key);
      return NULL;
    }
    if (!(out[i] = kk_arena_strndup(&r->s->arena, it->str, it->len))) r->nomem = 1;
  }
  *n = v->nkids;
  return out;
}

static void rd_pool(Rd *r, const kk_YNode *m, kk_ExamPool *p) {
  p->name = rd_str(r, m, "name", 1);
  p->count = (size_t)rd_int(r, m, "count", 1, 100000, 1);
  const kk_YNode *pts = kk_ynode_get(m, "points");
  p->points = 1;
  if (pts && !(kk_ynode_number(pts, &p->points) && kk_exam_points_ok(p->points)))
    rd_error(r, pts, _("out of range or not a number:"), "points");
  p->question_time_ms = rd_int(r, m, "question_time_ms", 0, (long long)1 << 50, 0);
  size_t nt = 0;
  const char **types = rd_list(r, m, "types", &nt);
  p->types = 0;
  for (size_t i = 0; i < nt; i++) {
    kk_CardType t;
    if (kk_card_type_parse(types[i], &t))
      p->types |= KK_EXAM_TYPE_BIT(t);
    else
      rd_error(r, m, _("unknown card type"), types[i]);
  }
  p->decks = rd_list(r, m, "decks", &p->ndecks);
  p->tags = rd_list(r, m, "tags", &p->ntags);
  p->line = m->line;
  p->col = m->col;
}

static void rd_card(Rd *r, const kk_YNode *m, kk_ExamItem *it) {
  kk_Arena *a = &r->s->arena;
  kk_Card *c = kk_arena_alloc(a, sizeof *c);
  if (!c) {
    r->nomem = 1;
    return;
  }
  memset(c, 0, sizeof *c);
  it->card = c;
  it->deck_id = rd_str(r, m, "deck", 1);
  c->id = rd_str(r, m, "id", 1);
  const char *type = rd_str(r, m, "type", 1);
  if (type && !kk_card_type_parse(type, &c->type)) rd_error(r, m, _("unknown card type"), type);
  c->front = rd_str(r, m, "text", 1);
  c->tags = rd_list(r, m, "tags", &c->ntags);
  const kk_YNode *img = kk_ynode_get(m, "image");
  if (img) c->image = rd_str(r, m, "image", 0);
  c->line = m->line;
  c->col = m->col;
  if (c->type == KK_CARD_CHOICE) {
    const kk_YNode *o = kk_ynode_get(m, "options");
    if (!o || o->kind != KK_YSEQ || o->nkids < 2) {
      rd_error(r, m, _("a choice card needs its options"), NULL);
      return;
    }
    if (o->nkids > KK_DECK_MAX_OPTIONS) {
      rd_error(r, m, _("a choice card has more options than a deck allows"), NULL);
      return;
    }
    c->options = kk_arena_alloc(a, o->nkids * sizeof *c->options);
    if (!c->options) {
      r->nomem = 1;
      return;
    }
    for (size_t i = 0; i < o->nkids; i++) {
      memset(&c->options[i], 0, sizeof c->options[i]);
      c->options[i].text = rd_str(r, o->kids[i], "text", 1);
      c->options[i].fixed = rd_bool(r, o->kids[i], "fixed", 0);
    }
    c->noptions = o->nkids;
    c->ncorrect = (size_t)rd_int(r, m, "ncorrect", 1, (long long)o->nkids, 1);
  } else if (c->type == KK_CARD_ORDER) {
    c->items = rd_list(r, m, "items", &c->nitems);
    if (c->nitems < 2 || c->nitems > KK_DECK_MAX_ORDER_ITEMS) {
      char msg[96];
      snprintf(msg, sizeof msg, _("an order card needs 2 to %d items"), KK_DECK_MAX_ORDER_ITEMS);
      rd_error(r, m, msg, NULL);
    }
  } else if (c->type == KK_CARD_TYPED) {
    /* no accepted answers travel: one empty stands in for them */
    static const char *const none[] = {""};
    c->answers = (const char **)none;
    c->nanswers = 1;
  } else if (c->type == KK_CARD_NUMERIC) {
    const kk_YNode *u = kk_ynode_get(m, "unit");
    if (u) c->unit = rd_str(r, m, "unit", 0);
  } else if (c->type == KK_CARD_CLOZE) {
    const kk_YNode *z = kk_ynode_get(m, "cloze");
    if (!z || z->kind != KK_YSEQ || !z->nkids) {
      rd_error(r, m, _("a cloze card needs its cloze numbers"), NULL);
      return;
    }
    c->cloze_ords = kk_arena_alloc(a, z->nkids * sizeof *c->cloze_ords);
    if (!c->cloze_ords) {
      r->nomem = 1;
      return;
    }
    for (size_t i = 0; i < z->nkids; i++) {
      long long v = 0;
      if (!kk_ynode_int(z->kids[i], 1, KK_CLOZE_MAX_ORD, &v))
        rd_error(r, z->kids[i], _("not a cloze number"), NULL);
      c->cloze_ords[i] = (int)v;
    }
    c->ncloze = z->nkids;
  }
}

kk_Status kk_pack_load_mem(const char *buf, size_t len, const char *path, kk_Diags *diags,
                           kk_ExamSpec **spec, kk_ExamBank *bank) {
  *spec = NULL;
  memset(bank, 0, sizeof *bank);
  kk_YDoc *doc = NULL;
  kk_Status st = kk_ydoc_parse(buf, len, path, NULL, diags, &doc);
  if (st != KK_OK) return st;
  kk_ExamSpec *s = kk_calloc(1, sizeof *s);
  Rd r = {path, diags, s, 0, 0};
  const kk_YNode *root = kk_ydoc_root(doc);
  if (!s) {
    st = KK_ERR_NOMEM;
    goto fail;
  }
  if (!root || root->kind != KK_YMAP ||
      rd_int(&r, root, "kioku_pack", 0, 1000, 0) != KK_PACK_FORMAT) {
    rd_error(&r, root, _("not a Kioku exam pack of this version"), NULL);
    st = KK_ERR_INVALID;
    goto fail;
  }
  s->from_pack = 1;
  s->path = kk_arena_strdup(&s->arena, path ? path : "pack");
  s->id = rd_str(&r, root, "exam", 1);
  s->title = rd_str(&r, root, "title", 1);
  s->instructions = rd_str(&r, root, "instructions", 0);
  const char *hash = rd_str(&r, root, "spec_hash", 1);
  if (hash) snprintf(s->hash, sizeof s->hash, "%s", hash);
  const char *seed = rd_str(&r, root, "seed", 1);
  s->seed = seed ? strtoull(seed, NULL, 10) : 0;
  const char *sm = rd_str(&r, root, "seed_mode", 0);
  s->seed_mode = sm && !strcmp(sm, "student") ? KK_SEED_STUDENT : KK_SEED_CLASS;
  s->time_limit_ms = rd_int(&r, root, "time_limit_ms", 0, (long long)1 << 50, 0);
  s->question_time_ms = rd_int(&r, root, "question_time_ms", 0, (long long)1 << 50, 0);
  s->shuffle_questions = rd_bool(&r, root, "shuffle_questions", 1);
  s->shuffle_choices = rd_bool(&r, root, "shuffle_choices", 1);
  const char *nav = rd_str(&r, root, "navigation", 0);
  s->navigation = nav && !strcmp(nav, "sequential") ? KK_NAV_SEQUENTIAL : KK_NAV_FREE;
  const kk_YNode *pm = kk_ynode_get(root, "pass_mark");
  s->pass_percent = 50;
  if (pm && !(kk_ynode_number(pm, &s->pass_percent) && kk_exam_pass_mark_ok(s->pass_percent)))
    rd_error(&r, pm, _("out of range or not a number:"), "pass_mark");
  /* a pack never shows marks: they are the instructor's to compute */
  s->feedback = KK_FEEDBACK_NEVER;
  s->review_after_submit = 0;
  const kk_YNode *salt = kk_ynode_get(root, "extensions_salt");
  if (salt) s->extensions_salt = rd_str(&r, root, "extensions_salt", 0);
  const kk_YNode *ex = kk_ynode_get(root, "extensions");
  if (ex && ex->kind == KK_YMAP && ex->nkids) {
    size_t ne = ex->nkids / 2;
    s->extensions = kk_arena_alloc(&s->arena, ne * sizeof *s->extensions);
    if (!s->extensions) r.nomem = 1;
    for (size_t i = 0; s->extensions && i < ne; i++) {
      long long m = 0;
      if (!kk_ynode_int(ex->kids[2 * i + 1], 1, 10000, &m))
        rd_error(&r, ex->kids[2 * i + 1], _("extension minutes"), NULL);
      s->extensions[i].student_no =
          kk_arena_strndup(&s->arena, ex->kids[2 * i]->str, ex->kids[2 * i]->len);
      s->extensions[i].minutes = (int)m;
    }
    s->nextensions = s->extensions ? ne : 0;
  }
  const kk_YNode *pools = kk_ynode_get(root, "pools");
  const kk_YNode *cards = kk_ynode_get(root, "cards");
  if (!pools || pools->kind != KK_YSEQ || !pools->nkids || !cards || cards->kind != KK_YSEQ) {
    rd_error(&r, root, _("needs 'pools' and 'cards'"), NULL);
    st = KK_ERR_INVALID;
    goto fail;
  }
  s->pools = kk_arena_alloc(&s->arena, pools->nkids * sizeof *s->pools);
  bank->items = kk_calloc(cards->nkids ? cards->nkids : 1, sizeof *bank->items);
  if (!s->pools || !bank->items) {
    st = KK_ERR_NOMEM;
    goto fail;
  }
  for (size_t i = 0; i < pools->nkids; i++) {
    memset(&s->pools[i], 0, sizeof s->pools[i]);
    rd_pool(&r, pools->kids[i], &s->pools[i]);
  }
  s->npools = pools->nkids;
  for (size_t i = 0; i < cards->nkids && !r.nomem; i++)
    rd_card(&r, cards->kids[i], &bank->items[i]);
  bank->n = cards->nkids;
  if (r.nomem) {
    st = KK_ERR_NOMEM;
    goto fail;
  }
  if (r.bad) {
    st = KK_ERR_INVALID;
    goto fail;
  }
  kk_ydoc_free(doc);
  *spec = s;
  return KK_OK;
fail:
  if (st == KK_ERR_NOMEM) kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, _("out of memory"));
  kk_ydoc_free(doc);
  kk_exam_bank_free(bank);
  kk_exam_spec_free(s);
  return st;
}

/* ---- order ------------------------------------------------------------------ */

int kk_pack_order_answer(const kk_Card *card, const char *answer, char *out, size_t size) {
  size_t n = card->nitems, idx[KK_DECK_MAX_ORDER_ITEMS];
  const char *sorted[KK_DECK_MAX_ORDER_ITEMS];
  unsigned char used[KK_DECK_MAX_ORDER_ITEMS] = {0};
  if (!n || n > KK_DECK_MAX_ORDER_ITEMS) return -1;
  memcpy(sorted, card->items, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, cmp_text);
  int got = kk_paper_parse_list(answer, idx, n, n);
  if (got < 0) return -1;
  size_t k = 0;
  if (size) out[0] = '\0';
  for (int i = 0; i < got; i++) {
    const char *t = sorted[idx[i]];
    size_t j = 0;
    while (j < n && (used[j] || strcmp(card->items[j], t) != 0)) j++;
    if (j == n) return -1;
    used[j] = 1;
    int w = snprintf(out + k, size - k, "%s%zu", i ? "," : "", j + 1);
    if (w < 0 || (size_t)w >= size - k) return -1;
    k += (size_t)w;
  }
  return 0;
}

/* ---- sealed packs ------------------------------------------------------------ */

#define SEAL_OPS 3u
#define SEAL_MEM_KIB (64u * 1024u) /* 64 MiB: a second or so on a laptop */
_Static_assert(SEAL_OPS <= KK_PACK_SEAL_MAX_OPS && SEAL_MEM_KIB <= KK_PACK_SEAL_MAX_MEM_KIB,
               "a pack Kioku seals must open");
#define SEAL_HEAD                                                                                  \
  (sizeof KK_PACK_SEAL_MAGIC - 1 + 8 + crypto_pwhash_SALTBYTES +                                   \
   crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)

int kk_pack_is_sealed(const char *buf, size_t len) {
  size_t m = sizeof KK_PACK_SEAL_MAGIC - 1;
  return len >= m && memcmp(buf, KK_PACK_SEAL_MAGIC, m) == 0;
}

static void put32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int derive(unsigned char *key, const char *password, const unsigned char *salt, uint32_t ops,
                  uint32_t mem_kib) {
  return crypto_pwhash(key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES, password, strlen(password),
                       salt, ops, (size_t)mem_kib * 1024, crypto_pwhash_ALG_ARGON2ID13);
}

kk_Status kk_pack_seal(const char *plain, size_t len, const char *password, char **out,
                       size_t *out_len, kk_Err *err) {
  *out = NULL;
  if (sodium_init() < 0)
    return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, _("libsodium cannot start"));
  if (!password || !*password)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("an empty password"));
  if (strlen(password) > KK_PACK_PASSWORD_MAX)
    return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("the password is longer than %d bytes"),
                      KK_PACK_PASSWORD_MAX);
  size_t total = SEAL_HEAD + len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  unsigned char *o = kk_malloc(total);
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  if (!o) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  size_t m = sizeof KK_PACK_SEAL_MAGIC - 1;
  memcpy(o, KK_PACK_SEAL_MAGIC, m);
  put32(o + m, SEAL_OPS);
  put32(o + m + 4, SEAL_MEM_KIB);
  unsigned char *salt = o + m + 8, *nonce = salt + crypto_pwhash_SALTBYTES;
  randombytes_buf(salt, crypto_pwhash_SALTBYTES);
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  if (derive(key, password, salt, SEAL_OPS, SEAL_MEM_KIB) != 0) {
    kk_free(o);
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory deriving the key"));
  }
  unsigned long long clen = 0;
  /* the header is authenticated too */
  crypto_aead_xchacha20poly1305_ietf_encrypt(o + SEAL_HEAD, &clen, (const unsigned char *)plain,
                                             len, o, SEAL_HEAD, NULL, nonce, key);
  sodium_memzero(key, sizeof key);
  *out = (char *)o;
  *out_len = SEAL_HEAD + (size_t)clen;
  return KK_OK;
}

kk_Status kk_pack_unseal(const char *buf, size_t len, const char *password, char **out,
                         size_t *out_len, kk_Err *err) {
  *out = NULL;
  if (sodium_init() < 0)
    return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, _("libsodium cannot start"));
  const unsigned char *b = (const unsigned char *)buf;
  size_t m = sizeof KK_PACK_SEAL_MAGIC - 1;
  if (!kk_pack_is_sealed(buf, len) || len < SEAL_HEAD + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, _("not a sealed exam pack"));
  uint32_t ops = get32(b + m), mem = get32(b + m + 4);
  /* The key settings are read before anything authenticates them: a planted
  ** pack asking for 2 GiB and 20 passes made a student's machine swap (and
  ** the fuzzer run out of memory).  Kioku writes SEAL_OPS and SEAL_MEM_KIB;
  ** a later one may raise them fourfold at most. */
  if (ops < 1 || ops > KK_PACK_SEAL_MAX_OPS || mem < 8 || mem > KK_PACK_SEAL_MAX_MEM_KIB)
    return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0,
                      _("a damaged sealed pack (its key settings)"));
  const unsigned char *salt = b + m + 8, *nonce = salt + crypto_pwhash_SALTBYTES;
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  if (derive(key, password ? password : "", salt, ops, mem) != 0)
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory deriving the key"));
  size_t clen = len - SEAL_HEAD;
  unsigned char *o = kk_malloc(clen + 1);
  unsigned long long plen = 0;
  int bad = !o || crypto_aead_xchacha20poly1305_ietf_decrypt(o, &plen, NULL, b + SEAL_HEAD, clen, b,
                                                             SEAL_HEAD, nonce, key) != 0;
  sodium_memzero(key, sizeof key);
  if (bad) {
    kk_Status st =
        o ? kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, _("wrong password, or a damaged pack"))
          : kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    kk_free(o);
    return st;
  }
  o[plen] = '\0';
  *out = (char *)o;
  *out_len = (size_t)plen;
  return KK_OK;
}
