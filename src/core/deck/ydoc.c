/*
** ydoc.c -- libyaml events to a node tree with positions and limits.
**
** Divisions: limits and UTF-8 pre-check; the builder (an explicit stack,
** so hostile nesting cannot overflow the C stack); node helpers; spelling
** suggestions.
*/
#include "core/deck/ydoc.h"

#include "core/base/hash.h"
#include "core/base/i18n.h"
#include "core/base/num.h"
#include "core/base/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

struct kk_YDoc {
  kk_Arena arena;
  kk_YNode *root;
  size_t visits_left;
};

void kk_ylimits_default(kk_YLimits *l) {
  l->max_bytes = 64u << 20;
  l->max_depth = 64;
  l->max_nodes = 4u << 20;
  l->max_aliases = 10000;
  l->max_visits = 8u << 20;
  l->max_scalar = 1u << 20;
  l->max_expanded_nodes = 8u << 20;
  l->max_expanded_bytes = 64u << 20;
}

size_t kk_ylimits_max_bytes(void) {
  kk_YLimits l;
  kk_ylimits_default(&l);
  return l.max_bytes;
}

static size_t add_sat(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

/* ---- string index ---------------------------------------------------------
** An open-addressing table from names to small integers (anchor numbers,
** key positions), so anchor lookup and repeated-key checks stay linear.
** Slots hold index + 1; the names live elsewhere and are fetched by name(). */

static size_t name_hash(const char *s) { return (size_t)kk_hash_str(s, KK_HASH_INIT); }

typedef const char *(*NameFn)(const void *ud, size_t i);

typedef struct {
  size_t *slot;
  size_t cap, n; /* cap is 0 or a power of two */
} Index;

static void index_free(Index *x) {
  kk_free(x->slot);
  memset(x, 0, sizeof *x);
}

/* The slot holding name, or the empty slot where it would go. */
static size_t *index_slot(const Index *x, const char *name, NameFn fn, const void *ud) {
  size_t h = name_hash(name) & (x->cap - 1);
  while (x->slot[h] && strcmp(fn(ud, x->slot[h] - 1), name) != 0) h = (h + 1) & (x->cap - 1);
  return &x->slot[h];
}

/* The index stored for name, or SIZE_MAX. */
static size_t index_find(const Index *x, const char *name, NameFn fn, const void *ud) {
  if (!x->cap) return SIZE_MAX;
  size_t v = *index_slot(x, name, fn, ud);
  return v ? v - 1 : SIZE_MAX;
}

/* Maps name (= fn(ud, i)) to i, replacing an earlier entry of the same
** name; returns 0 out of memory. */
static int index_put(Index *x, size_t i, NameFn fn, const void *ud) {
  if (2 * (x->n + 1) > x->cap) {
    size_t nc = x->cap ? x->cap * 2 : 64;
    size_t *old = x->slot, oc = x->cap;
    x->slot = kk_calloc(nc, sizeof *x->slot);
    if (!x->slot) return x->slot = old, 0;
    x->cap = nc;
    for (size_t k = 0; k < oc; k++)
      if (old[k]) *index_slot(x, fn(ud, old[k] - 1), fn, ud) = old[k];
    kk_free(old);
  }
  size_t *sl = index_slot(x, fn(ud, i), fn, ud);
  if (!*sl) x->n++;
  *sl = i + 1;
  return 1;
}

size_t kk_ydoc_bom_len(const char *buf, size_t len) {
  return len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

int kk_ydoc_is_utf16(const char *buf, size_t len) {
  const unsigned char *p = (const unsigned char *)buf;
  if (len < 2) return 0;
  if ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)) return 1;
  /* no mark: ASCII text in UTF-16 has a NUL beside each character */
  return len >= 4 && ((p[0] && !p[1] && p[2] && !p[3]) || (!p[0] && p[1] && !p[2] && p[3]));
}

/* ---- builder --------------------------------------------------------------*/

typedef struct {
  kk_YNode *node; /* the open container */
  size_t base;    /* where its children start on the value stack */
  char *anchor;   /* its anchor, registered when it closes */
  int stream;     /* 1: the streamed sequence; its items go to the callback */
} Frame;

typedef struct {
  char *name;
  kk_YNode *node;
} Anchor;

typedef struct {
  kk_YDoc *doc;
  const kk_YLimits *lim;
  kk_Diags *diags;
  const char *path;
  kk_YNode **vals;
  size_t nvals, capvals;
  Frame *frames;
  size_t nframes, capframes;
  Anchor *anchors;
  size_t nanchors, capanchors;
  Index anchor_ix; /* anchor name -> newest Anchor */
  size_t nodes, aliases;
  size_t xnodes, xbytes; /* the whole document as expanded so far */
  int reader_failed;     /* libyaml's reader rejected the bytes (encoding) */
  /* streaming */
  const char *stream_key;
  kk_YItemFn fn;
  void *ud;
  size_t nitems;          /* items handed to fn so far */
  size_t nbegun;          /* items started so far */
  kk_ArenaMark item_mark; /* arena state when the current item started */
  size_t item_anchors;    /* anchors registered before it started */
  size_t item_nodes;      /* node count before it started */
  int stopped;            /* fn asked to stop */
} Builder;

/* 1 if the innermost open frame is the streamed sequence, i.e. the next
** value to complete at this level is one of its items. */
static int in_stream(const Builder *b) { return b->nframes && b->frames[b->nframes - 1].stream; }

static void item_begin(Builder *b) {
  b->nbegun++;
  b->item_mark = kk_arena_mark(&b->doc->arena);
  b->item_anchors = b->nanchors;
  b->item_nodes = b->nodes;
}

/* An item of the streamed sequence is complete: hand it over, then forget
** it unless it holds an anchor. */
static void item_end(Builder *b, kk_YNode *n) {
  if (!b->fn(b->ud, b->doc, n, b->nitems++)) b->stopped = 1;
  if (b->nanchors == b->item_anchors) {
    kk_arena_release(&b->doc->arena, b->item_mark);
    b->nodes = b->item_nodes;
  }
}

static kk_Status err_at(Builder *b, kk_Status code, int line, int col, const char *msg,
                        const char *note) {
  kk_Diag *dg = kk_diags_add(b->diags, KK_SEV_ERROR, b->path, line, col, "%s", msg);
  if (note) kk_diag_note(b->diags, dg, "%s", note);
  return code;
}

static kk_YNode *new_node(Builder *b, kk_YKind kind, const yaml_mark_t *m) {
  if (++b->nodes > b->lim->max_nodes) return NULL;
  kk_YNode *n = kk_arena_alloc(&b->doc->arena, sizeof *n);
  if (!n) return NULL;
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->line = (int)m->line + 1;
  n->col = (int)m->column + 1;
  return n;
}

/* Appends a finished node to the innermost open container (or the root). */
static int add_value(Builder *b, kk_YNode *n) {
  if (in_stream(b)) {
    item_end(b, n);
    return 1;
  }
  if (b->nframes == 0) {
    if (!b->doc->root) b->doc->root = n;
    return 1;
  }
  // NOLINTBEGIN(bugprone-sizeof-expression): array of pointers
  kk_YNode **v = kk_grow(b->vals, &b->capvals, b->nvals + 1, sizeof *v, 64);
  // NOLINTEND(bugprone-sizeof-expression)
  if (!v) return 0;
  b->vals = v;
  b->vals[b->nvals++] = n;
  return 1;
}

static const char *anchor_name(const void *ud, size_t i) {
  return ((const Builder *)ud)->anchors[i].name;
}

static int add_anchor(Builder *b, const char *name, kk_YNode *n) {
  if (!name) return 1;
  Anchor *an = kk_grow(b->anchors, &b->capanchors, b->nanchors + 1, sizeof *an, 64);
  if (!an) return 0;
  b->anchors = an;
  char *copy = kk_arena_strdup(&b->doc->arena, name);
  if (!copy) return 0;
  b->anchors[b->nanchors].name = copy;
  b->anchors[b->nanchors].node = n;
  if (!index_put(&b->anchor_ix, b->nanchors, anchor_name, b)) return 0;
  b->nanchors++;
  return 1;
}

static kk_YNode *find_anchor(Builder *b, const char *name) {
  size_t i = index_find(&b->anchor_ix, name, anchor_name, b);
  return i == SIZE_MAX ? NULL : b->anchors[i].node;
}

static const char *yaml_problem(const yaml_parser_t *p) {
  return p->problem ? p->problem : _("malformed YAML");
}

static kk_Status build(Builder *b, const char *buf, size_t len) {
  yaml_parser_t parser;
  yaml_event_t ev;
  kk_Status st = KK_OK;
  int done = 0, docs = 0;
  if (!yaml_parser_initialize(&parser))
    return err_at(b, KK_ERR_NOMEM, 0, 0, _("out of memory starting the YAML parser"), NULL);
  yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  while (!done) {
    if (!yaml_parser_parse(&parser, &ev)) {
      b->reader_failed = parser.error == YAML_READER_ERROR;
      if (parser.error == YAML_MEMORY_ERROR) {
        st = err_at(b, KK_ERR_NOMEM, 0, 0, _("out of memory while parsing YAML"), NULL);
      } else {
        char msg[512];
        const yaml_mark_t *m = &parser.problem_mark;
        if (parser.context)
          snprintf(msg, sizeof msg, _("YAML syntax: %s %s"), yaml_problem(&parser), parser.context);
        else
          snprintf(msg, sizeof msg, _("YAML syntax: %s"), yaml_problem(&parser));
        char note[400] = "";
        if (parser.context)
          snprintf(note, sizeof note, _("%s started at line %d, column %d"), parser.context,
                   (int)parser.context_mark.line + 1, (int)parser.context_mark.column + 1);
        /* libyaml marks count characters; find the byte to explain tabs */
        size_t off = kk_utf8_line_col_to_off(buf, len, (int)m->line + 1, (int)m->column + 1);
        if (off < len && buf[off] == '\t')
          snprintf(note, sizeof note,
                   _("YAML does not allow tabs for indentation; indent with spaces"));
        st = err_at(b, KK_ERR_PARSE, (int)m->line + 1, (int)m->column + 1, msg,
                    note[0] ? note : NULL);
      }
      break;
    }
    const yaml_mark_t *m = &ev.start_mark;
    switch (ev.type) {
    case YAML_STREAM_END_EVENT: done = 1; break;
    case YAML_DOCUMENT_START_EVENT:
      if (++docs > 1)
        st = err_at(b, KK_ERR_INVALID, (int)m->line + 1, (int)m->column + 1,
                    _("a file holds one YAML document; found a second '---'"), NULL);
      break;
    case YAML_SCALAR_EVENT: {
      size_t vlen = ev.data.scalar.length;
      if (vlen > b->lim->max_scalar) {
        char msg[400];
        snprintf(msg, sizeof msg, _("text of %zu bytes exceeds the limit of %zu bytes"), vlen,
                 b->lim->max_scalar);
        st = err_at(b, KK_ERR_LIMIT, (int)m->line + 1, (int)m->column + 1, msg, NULL);
        break;
      }
      if (in_stream(b)) item_begin(b);
      kk_YNode *n = new_node(b, KK_YSCALAR, m);
      char *s =
          n ? kk_arena_strndup(&b->doc->arena, (const char *)ev.data.scalar.value, vlen) : NULL;
      if (!n || !s) {
        st = b->nodes > b->lim->max_nodes
                 ? err_at(b, KK_ERR_LIMIT, (int)m->line + 1, (int)m->column + 1,
                          _("too many YAML nodes"), NULL)
                 : err_at(b, KK_ERR_NOMEM, (int)m->line + 1, (int)m->column + 1, _("out of memory"),
                          NULL);
        break;
      }
      if (memchr(s, '\0', vlen)) {
        st = err_at(b, KK_ERR_INVALID, (int)m->line + 1, (int)m->column + 1,
                    _("text contains a NUL character (\\0)"), NULL);
        break;
      }
      n->str = s;
      n->len = vlen;
      n->xnodes = 1;
      n->xbytes = vlen;
      b->xnodes = add_sat(b->xnodes, 1);
      b->xbytes = add_sat(b->xbytes, vlen);
      switch (ev.data.scalar.style) {
      case YAML_PLAIN_SCALAR_STYLE: n->style = KK_YPLAIN; break;
      case YAML_LITERAL_SCALAR_STYLE:
      case YAML_FOLDED_SCALAR_STYLE: n->style = KK_YBLOCK; break;
      default: n->style = KK_YQUOTED; break;
      }
      /* the anchor first: a streamed item that defines one must be kept */
      if (!add_anchor(b, (const char *)ev.data.scalar.anchor, n) || !add_value(b, n))
        st = err_at(b, KK_ERR_NOMEM, 0, 0, _("out of memory"), NULL);
      break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      if (b->nframes >= b->lim->max_depth) {
        char msg[300];
        snprintf(msg, sizeof msg, _("nesting deeper than %zu levels"), b->lim->max_depth);
        st = err_at(b, KK_ERR_LIMIT, (int)m->line + 1, (int)m->column + 1, msg, NULL);
        break;
      }
      if (in_stream(b)) item_begin(b);
      /* the streamed sequence: a sequence that is the value of the
      ** top-level key stream_key (one key waits on the value stack) */
      int stream = 0;
      if (b->fn && ev.type == YAML_SEQUENCE_START_EVENT && b->nframes == 1 &&
          b->frames[0].node->kind == KK_YMAP && ((b->nvals - b->frames[0].base) & 1)) {
        const kk_YNode *key = b->vals[b->nvals - 1];
        stream = key->kind == KK_YSCALAR && strcmp(key->str, b->stream_key) == 0;
      }
      kk_YNode *n = new_node(b, ev.type == YAML_SEQUENCE_START_EVENT ? KK_YSEQ : KK_YMAP, m);
      Frame *fr = n ? kk_grow(b->frames, &b->capframes, b->nframes + 1, sizeof *fr, 64) : NULL;
      if (!fr) {
        st = b->nodes > b->lim->max_nodes
                 ? err_at(b, KK_ERR_LIMIT, (int)m->line + 1, (int)m->column + 1,
                          _("too many YAML nodes"), NULL)
                 : err_at(b, KK_ERR_NOMEM, 0, 0, _("out of memory"), NULL);
        break;
      }
      b->frames = fr;
      const char *anchor = ev.type == YAML_SEQUENCE_START_EVENT
                               ? (const char *)ev.data.sequence_start.anchor
                               : (const char *)ev.data.mapping_start.anchor;
      Frame *f = &b->frames[b->nframes++];
      f->node = n;
      f->base = b->nvals;
      f->stream = stream;
      f->anchor = anchor ? kk_arena_strdup(&b->doc->arena, anchor) : NULL;
      if (anchor && !f->anchor) st = err_at(b, KK_ERR_NOMEM, 0, 0, _("out of memory"), NULL);
      break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
      Frame *f = &b->frames[--b->nframes];
      kk_YNode *n = f->node;
      size_t k = b->nvals - f->base;
      if (k) {
        // NOLINTBEGIN(bugprone-sizeof-expression)
        n->kids = kk_arena_alloc(&b->doc->arena, k * sizeof *n->kids);
        // NOLINTEND(bugprone-sizeof-expression)
        if (!n->kids) {
          st = err_at(b, KK_ERR_NOMEM, 0, 0, _("out of memory"), NULL);
          break;
        }
        // NOLINTBEGIN(bugprone-sizeof-expression)
        memcpy(n->kids, b->vals + f->base, k * sizeof *n->kids);
        // NOLINTEND(bugprone-sizeof-expression)
      }
      n->nkids = (unsigned)k;
      n->xnodes = 1;
      for (size_t i = 0; i < k; i++) {
        n->xnodes = add_sat(n->xnodes, n->kids[i]->xnodes);
        n->xbytes = add_sat(n->xbytes, n->kids[i]->xbytes);
      }
      b->xnodes = add_sat(b->xnodes, 1);
      b->nvals = f->base;
      if (!add_anchor(b, f->anchor, n) || !add_value(b, n))
        st = err_at(b, KK_ERR_NOMEM, 0, 0, _("out of memory"), NULL);
      break;
    }
    case YAML_ALIAS_EVENT: {
      const char *name = (const char *)ev.data.alias.anchor;
      if (++b->aliases > b->lim->max_aliases) {
        char msg[300];
        snprintf(msg, sizeof msg, _("more than %zu aliases"), b->lim->max_aliases);
        st = err_at(b, KK_ERR_LIMIT, (int)m->line + 1, (int)m->column + 1, msg, NULL);
        break;
      }
      if (in_stream(b)) item_begin(b);
      kk_YNode *target = find_anchor(b, name);
      if (!target) {
        char msg[400];
        snprintf(msg, sizeof msg,
                 _("alias '*%.100s' names no anchor defined (and closed) before it"), name);
        st = err_at(b, KK_ERR_INVALID, (int)m->line + 1, (int)m->column + 1, msg, NULL);
        break;
      }
      /* The alias repeats its target: charge the expansion here, so a
      ** small file cannot stand for gigabytes of text. */
      b->xnodes = add_sat(b->xnodes, target->xnodes);
      b->xbytes = add_sat(b->xbytes, target->xbytes);
      if (b->xnodes > b->lim->max_expanded_nodes || b->xbytes > b->lim->max_expanded_bytes) {
        char msg[600];
        if (b->xbytes > b->lim->max_expanded_bytes)
          snprintf(msg, sizeof msg,
                   _("alias '*%.100s' repeats too much: with aliases expanded the "
                     "file would hold more than %zu MiB of text"),
                   name, b->lim->max_expanded_bytes >> 20);
        else
          snprintf(msg, sizeof msg,
                   _("alias '*%.100s' repeats too much: with aliases expanded the "
                     "file would have more than %zu nodes"),
                   name, b->lim->max_expanded_nodes);
        st = err_at(b, KK_ERR_LIMIT, (int)m->line + 1, (int)m->column + 1, msg,
                    _("an alias copies everything its anchor holds; write such text once"));
        break;
      }
      /* A shallow copy carrying this position; children stay shared. */
      kk_YNode *n = new_node(b, target->kind, m);
      if (!n) {
        st = err_at(b, KK_ERR_LIMIT, (int)m->line + 1, (int)m->column + 1, _("too many YAML nodes"),
                    NULL);
        break;
      }
      int line = n->line, col = n->col;
      *n = *target; /* NOLINT: shallow copy on purpose */
      n->line = line, n->col = col, n->alias = 1;
      if (!add_value(b, n)) st = err_at(b, KK_ERR_NOMEM, 0, 0, _("out of memory"), NULL);
      break;
    }
    default: break;
    }
    yaml_event_delete(&ev);
    if (st == KK_OK && b->stopped) st = KK_ERR_INVALID;
    if (st != KK_OK) break;
  }
  yaml_parser_delete(&parser);
  return st;
}

kk_Status kk_ydoc_parse(const char *buf, size_t len, const char *path, const kk_YLimits *lim,
                        kk_Diags *diags, kk_YDoc **out) {
  return kk_ydoc_parse_stream(buf, len, path, lim, diags, NULL, NULL, NULL, NULL, out);
}

kk_Status kk_ydoc_parse_stream(const char *buf, size_t len, const char *path, const kk_YLimits *lim,
                               kk_Diags *diags, const char *stream_key, kk_YItemFn fn, void *ud,
                               size_t *items_begun, kk_YDoc **out) {
  kk_YLimits deflim;
  if (!lim) kk_ylimits_default(&deflim), lim = &deflim;
  *out = NULL;
  if (len > lim->max_bytes) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, _("file is %zu bytes; the limit is %zu bytes"),
                 len, lim->max_bytes);
    return KK_ERR_LIMIT;
  }
  if (kk_ydoc_is_utf16(buf, len)) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 1, 1, _("UTF-16 is not supported, save as UTF-8"));
    return KK_ERR_PARSE;
  }
  size_t bom = kk_ydoc_bom_len(buf, len);
  buf += bom, len -= bom;
  /* NUL bytes and invalid UTF-8 are found by libyaml too, but its words
  ** are cryptic: a quick look for NUL here, and the full UTF-8 check only
  ** when libyaml's reader fails (see reader_failed below). */
  int line, col;
  unsigned char bad;
  if (memchr(buf, '\0', len) && !kk_utf8_check(buf, len, &line, &col, &bad)) {
    if (bad == 0)
      kk_diags_add(diags, KK_SEV_ERROR, path, line, col,
                   _("file contains a NUL byte; is it a binary file?"));
    else
      kk_diags_add(diags, KK_SEV_ERROR, path, line, col,
                   _("invalid UTF-8 (byte 0x%02X); save the file as UTF-8"), bad);
    return KK_ERR_PARSE;
  }
  kk_YDoc *doc = kk_calloc(1, sizeof *doc);
  if (!doc) {
    kk_diags_add(diags, KK_SEV_ERROR, path, 0, 0, _("out of memory"));
    return KK_ERR_NOMEM;
  }
  doc->visits_left = lim->max_visits;
  Builder b = {.doc = doc,
               .lim = lim,
               .diags = diags,
               .path = path,
               .stream_key = stream_key,
               .fn = stream_key ? fn : NULL,
               .ud = ud};
  kk_Status st = build(&b, buf, len);
  if (b.reader_failed && !kk_utf8_check(buf, len, &line, &col, &bad)) {
    /* replace libyaml's reader message with a plain one */
    if (diags->n && diags->items[diags->n - 1].sev == KK_SEV_ERROR) {
      kk_Diag *last = &diags->items[diags->n - 1];
      kk_free(last->msg);
      kk_free(last->notes);
      last->notes = NULL;
      last->msg = NULL;
      last->line = line;
      last->col = col;
      char tmp[256];
      if (bad == 0)
        snprintf(tmp, sizeof tmp, _("file contains a NUL byte; is it a binary file?"));
      else
        snprintf(tmp, sizeof tmp, _("invalid UTF-8 (byte 0x%02X); save the file as UTF-8"), bad);
      last->msg = kk_strdup(tmp);
      if (!last->msg) last->msg = kk_strdup(""), diags->oom = 1;
    }
  }
  if (items_begun) *items_begun = b.nbegun;
  kk_free(b.vals);
  kk_free(b.frames);
  kk_free(b.anchors);
  index_free(&b.anchor_ix);
  if (st != KK_OK) {
    kk_ydoc_free(doc);
    return st;
  }
  *out = doc;
  return KK_OK;
}

void kk_ydoc_free(kk_YDoc *d) {
  if (!d) return;
  kk_arena_free(&d->arena);
  kk_free(d);
}

const kk_YNode *kk_ydoc_root(const kk_YDoc *d) { return d->root; }
kk_Arena *kk_ydoc_arena(kk_YDoc *d) { return &d->arena; }

int kk_ydoc_charge(kk_YDoc *d, size_t n) {
  if (d->visits_left < n) {
    d->visits_left = 0;
    return 0;
  }
  d->visits_left -= n;
  return 1;
}

/* ---- node helpers -----------------------------------------------------------*/

const kk_YNode *kk_ynode_get(const kk_YNode *map, const char *key) {
  if (!map || map->kind != KK_YMAP) return NULL;
  for (size_t i = 0; i + 1 < map->nkids; i += 2) {
    const kk_YNode *k = map->kids[i];
    if (k->kind == KK_YSCALAR && k->str[0] == key[0] && strcmp(k->str, key) == 0)
      return map->kids[i + 1];
  }
  return NULL;
}

static const char *key_name(const void *ud, size_t i) {
  return ((const kk_YNode *)ud)->kids[2 * i]->str;
}

int kk_ymap_repeats(const kk_YNode *map, kk_YRepeatFn fn, void *ud) {
  if (!map || map->kind != KK_YMAP) return 1;
  Index x = {0};
  for (size_t i = 0; i + 1 < map->nkids; i += 2) {
    const kk_YNode *k = map->kids[i];
    if (k->kind != KK_YSCALAR) continue;
    size_t first = index_find(&x, k->str, key_name, map);
    if (first != SIZE_MAX)
      fn(ud, i / 2, map->kids[2 * first]);
    else if (!index_put(&x, i / 2, key_name, map))
      return index_free(&x), 0;
  }
  index_free(&x);
  return 1;
}

int kk_ynode_is_null(const kk_YNode *n) {
  return n && n->kind == KK_YSCALAR && n->style == KK_YPLAIN &&
         (n->len == 0 || strcmp(n->str, "~") == 0 || strcasecmp(n->str, "null") == 0);
}

int kk_ynode_bool(const kk_YNode *n, int *v) {
  if (!n || n->kind != KK_YSCALAR || n->style != KK_YPLAIN) return 0;
  if (strcasecmp(n->str, "true") == 0) return *v = 1, 1;
  if (strcasecmp(n->str, "false") == 0) return *v = 0, 1;
  return 0;
}

int kk_ynode_int(const kk_YNode *n, long long lo, long long hi, long long *v) {
  if (!n || n->kind != KK_YSCALAR || n->style != KK_YPLAIN || n->len == 0) return 0;
  char *end;
  errno = 0;
  long long x = strtoll(n->str, &end, 10);
  if (errno || *end || x < lo || x > hi) return 0;
  *v = x;
  return 1;
}

int kk_ynode_number(const kk_YNode *n, double *v) {
  if (!n || n->kind != KK_YSCALAR || n->style != KK_YPLAIN) return 0;
  return kk_num_parse(n->str, n->len, v);
}

const char *kk_ynode_kind_name(const kk_YNode *n) {
  if (!n) return _("nothing");
  switch (n->kind) {
  case KK_YSCALAR: return kk_ynode_is_null(n) ? _("an empty value") : _("a text");
  case KK_YSEQ: return _("a list");
  case KK_YMAP: return _("a mapping");
  }
  return _("a value");
}

/* ---- suggestions ------------------------------------------------------------*/

size_t kk_edit_distance(const char *a, const char *b, size_t cap) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) return cap + 1;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t prev = row[0], best;
    row[0] = i;
    best = row[0];
    for (size_t j = 1; j <= lb; j++) {
      size_t cur = row[j];
      size_t sub = prev + (a[i - 1] != b[j - 1]);
      size_t del = row[j] + 1, ins = row[j - 1] + 1;
      row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
      prev = cur;
      if (row[j] < best) best = row[j];
    }
    if (best > cap) return cap + 1;
  }
  return row[lb];
}

const char *kk_suggest(const char *word, const char *const *cands, size_t n) {
  size_t wl = strlen(word);
  size_t cap = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
  const char *best = NULL;
  size_t bestd = cap + 1;
  for (size_t i = 0; i < n; i++) {
    size_t d = kk_edit_distance(word, cands[i], cap);
    if (d < bestd) bestd = d, best = cands[i];
  }
  return best;
}
