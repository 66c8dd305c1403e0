/*
** apkg_import.c -- an Anki package into YAML decks (kk_apkg_import).
**
** Divisions: the package (members, collection, media list) -- note types
** and decks (schema 11 JSON or schema 18 tables) -- notes to cards --
** history (card states and review log) -- writing (all or nothing).
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/alloc.h"
#include "core/base/i18n.h"
#include "core/base/atomic.h"
#include "core/base/buf.h"
#include "core/base/date.h"
#include "core/base/hash.h"
#include "core/base/json.h"
#include "core/base/paths.h"
#include "core/base/utf8.h"
#include "core/deck/export.h"
#include "core/deck/load.h"
#include "core/deck/cloze.h"
#include "core/deck/yamlout.h"
#include "core/interop/apkg.h"
#include "core/interop/pack.h"
#include "core/study/fsrs.h"

#define MAX_NOTES KK_DECK_MAX_CARDS

typedef struct Model {
  long long id;
  const char *name;
  int cloze, ntmpl;
  const char **flds;
  size_t nflds;
} Model;

typedef struct ADeck {
  long long id;
  const char *name;                  /* "Parent::Child" */
  const char *kioku_id, *kioku_lang; /* written by Kioku's export, or NULL */
  const char *desc;                  /* the deck's description (HTML), or NULL */
  char deck_id[KK_DECK_MAX_ID + 1];
  size_t ncards, cjk, latin;
} ADeck;

typedef struct Note {
  long long nid;
  size_t deck; /* index into decks */
  kk_DraftCard card;
  const char *image;              /* media name, or NULL */
  const unsigned char *cloze_map; /* Anki's cloze number -> Kioku's; NULL: the same */
} Note;

typedef struct Media {
  const char *name;   /* in the package's media list */
  const char *member; /* zip member holding it */
  int used;
} Media;

typedef struct Imp {
  const char *path, *pkgname;
  kk_PackReader *pack;
  sqlite3 *db;
  int schema18, zstd_media;
  long long crt_s;
  kk_Arena ar;
  Model *models;
  size_t nmodels;
  ADeck *decks;
  size_t ndecks;
  Note *notes;
  size_t nnotes;
  Media *media;
  size_t nmedia;
  kk_Diags *diags;
  kk_Err *err;
  const char *first_line; /* opt->first_line */
  /* images seen while converting one note */
  const char *img_first;
  size_t img_count;
  uint64_t warned_types; /* bit set of models warned about, by index (first 64) */
  size_t sounds;         /* [sound:...] tags cut from the current note */
} Imp;

static kk_Status nomem(Imp *m) {
  return kk_err_set(m->err, KK_ERR_NOMEM, m->path, 0, 0, _("out of memory"));
}

static kk_Status corrupt(Imp *m, const char *what) {
  return kk_err_set(m->err, KK_ERR_INVALID, m->path, 0, 0, _("corrupt collection: %s (%s)"), what,
                    sqlite3_errmsg(m->db));
}

static void warn(Imp *m, const char *fmt, ...) KK_PRINTF(2, 3);
static void warn(Imp *m, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  if (!m->diags) return;
  va_start(ap, fmt);
  // NOLINTBEGIN(clang-analyzer-valist.Uninitialized): started just above
  vsnprintf(msg, sizeof msg, fmt, ap);
  // NOLINTEND(clang-analyzer-valist.Uninitialized)
  va_end(ap);
  kk_diags_add(m->diags, KK_SEV_WARNING, m->path, 0, 0, "%s", msg);
}

/* ---- the package -------------------------------------------------------------- */

static int is_zstd(const char *p, size_t n) {
  return n >= 4 && (unsigned char)p[0] == 0x28 && (unsigned char)p[1] == 0xB5 &&
         (unsigned char)p[2] == 0x2F && (unsigned char)p[3] == 0xFD;
}

static kk_Status open_collection(Imp *m) {
  static const char *const names[] = {"collection.anki21b", "collection.anki21",
                                      "collection.anki2"};
  char *raw = NULL, *col = NULL;
  size_t rlen = 0, clen = 0;
  kk_Status st;
  size_t k = 0;
  while (k < 3 && !kk_pack_has(m->pack, names[k])) k++;
  if (k == 3)
    return kk_err_set(m->err, KK_ERR_INVALID, m->path, 0, 0,
                      _("not an Anki package: it holds no collection.anki2, .anki21 or .anki21b"));
  if ((st = kk_pack_read(m->pack, names[k], &raw, &rlen, m->err)) != KK_OK) return st;
  if (k == 0) {
    st = kk_pack_unzstd(raw, rlen, KK_APKG_MAX_TOTAL, m->path, &col, &clen, m->err);
    kk_free(raw);
    if (st != KK_OK) return st;
    m->zstd_media = 1;
  } else {
    col = raw;
    clen = rlen;
  }
  if (clen < 100 || memcmp(col, "SQLite format 3", 16) != 0) {
    kk_free(col);
    return kk_err_set(m->err, KK_ERR_INVALID, m->path, 0, 0,
                      _("corrupt collection: %s is not an SQLite database"), names[k]);
  }
  unsigned char *mem = sqlite3_malloc64(clen);
  if (!mem) {
    kk_free(col);
    return nomem(m);
  }
  memcpy(mem, col, clen);
  kk_free(col);
  if (sqlite3_open(":memory:", &m->db) != SQLITE_OK ||
      sqlite3_deserialize(m->db, "main", mem, (sqlite3_int64)clen, (sqlite3_int64)clen,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) !=
          SQLITE_OK)
    return corrupt(m, _("cannot open it"));
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(m->db, "SELECT count(*) FROM sqlite_master WHERE name='notetypes'", -1, &q,
                         NULL) != SQLITE_OK ||
      sqlite3_step(q) != SQLITE_ROW) {
    sqlite3_finalize(q);
    return corrupt(m, _("cannot read its tables"));
  }
  m->schema18 = sqlite3_column_int(q, 0) > 0;
  sqlite3_finalize(q);
  if (sqlite3_prepare_v2(m->db, "SELECT crt FROM col", -1, &q, NULL) != SQLITE_OK ||
      sqlite3_step(q) != SQLITE_ROW) {
    sqlite3_finalize(q);
    return corrupt(m, _("no col row"));
  }
  m->crt_s = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return KK_OK;
}

/* Reads a protobuf varint at p[*i]; 0 past the end. */
static unsigned long long varint(const unsigned char *p, size_t n, size_t *i) {
  unsigned long long v = 0;
  for (int sh = 0; *i < n && sh < 64; sh += 7) {
    unsigned char b = p[(*i)++];
    v |= (unsigned long long)(b & 0x7F) << sh;
    if (!(b & 0x80)) break;
  }
  return v;
}

/* The media list: legacy JSON {"0": "name"}, or (latest packages) zstd'd
** protobuf MediaEntries {repeated MediaEntry entries = 1} with MediaEntry
** {string name = 1; ...}, member names being the entries' indexes. */
static kk_Status read_media(Imp *m) {
  char *raw = NULL, *buf = NULL;
  size_t rlen = 0, len = 0;
  kk_Status st;
  if (!kk_pack_has(m->pack, "media")) return KK_OK;
  if ((st = kk_pack_read(m->pack, "media", &raw, &rlen, m->err)) != KK_OK) return st;
  if (is_zstd(raw, rlen)) {
    st = kk_pack_unzstd(raw, rlen, KK_APKG_MAX_TOTAL, m->path, &buf, &len, m->err);
    kk_free(raw);
    if (st != KK_OK) return st;
  } else {
    buf = raw;
    len = rlen;
  }
  size_t a = 0;
  while (a < len && (buf[a] == ' ' || buf[a] == '\n')) a++;
  if (a < len && buf[a] == '{') {
    kk_Json *j = NULL;
    if ((st = kk_json_parse(buf, len, m->path, &m->ar, &j, m->err)) != KK_OK) goto done;
    if (j->type != KK_JSON_OBJECT) goto bad;
    m->media = kk_arena_alloc(&m->ar, (j->n ? j->n : 1) * sizeof *m->media);
    if (!m->media) goto oom;
    for (size_t i = 0; i < j->n; i++) {
      if (j->items[i].type != KK_JSON_STRING) goto bad;
      m->media[m->nmedia++] = (Media){j->items[i].string, j->keys[i], 0};
    }
  } else {
    const unsigned char *p = (const unsigned char *)buf;
    size_t i = 0, cap = 0;
    while (i < len) {
      unsigned long long key = varint(p, len, &i);
      if ((key & 7) != 2) goto bad;
      unsigned long long el = varint(p, len, &i);
      if (el > len - i) goto bad;
      size_t end = i + (size_t)el;
      if (key >> 3 == 1) { /* one MediaEntry */
        const char *name = NULL;
        while (i < end) {
          unsigned long long k2 = varint(p, end, &i);
          if ((k2 & 7) == 0) {
            varint(p, end, &i);
            continue;
          }
          if ((k2 & 7) != 2) goto bad;
          unsigned long long fl = varint(p, end, &i);
          if (fl > end - i) goto bad;
          if (k2 >> 3 == 1) name = kk_arena_strndup(&m->ar, buf + i, (size_t)fl);
          i += (size_t)fl;
        }
        if (!name) goto bad;
        if (m->nmedia == cap) {
          Media *nv =
              kk_arena_grow(&m->ar, m->media, m->nmedia, &cap, m->nmedia + 1, sizeof *nv, 64);
          if (!nv) goto oom;
          m->media = nv;
        }
        char idx[24];
        snprintf(idx, sizeof idx, "%zu", m->nmedia);
        const char *member = kk_arena_strdup(&m->ar, idx);
        if (!member) goto oom;
        m->media[m->nmedia++] = (Media){name, member, 0};
      }
      i = end;
    }
    m->zstd_media = 1;
  }
  st = KK_OK;
  goto done;
bad:
  st = kk_err_set(m->err, KK_ERR_INVALID, m->path, 0, 0, _("the media list is damaged"));
  goto done;
oom:
  st = nomem(m);
done:
  kk_free(buf);
  return st;
}

/* ---- note types and decks --------------------------------------------------------- */

static int cmp_model(const void *a, const void *b) {
  long long x = ((const Model *)a)->id, y = ((const Model *)b)->id;
  return x < y ? -1 : x > y;
}
static int cmp_deck(const void *a, const void *b) {
  long long x = ((const ADeck *)a)->id, y = ((const ADeck *)b)->id;
  return x < y ? -1 : x > y;
}

static char *col_text(Imp *m, const char *column) {
  char sql[64];
  snprintf(sql, sizeof sql, "SELECT %s FROM col", column);
  sqlite3_stmt *q = NULL;
  char *v = NULL;
  if (sqlite3_prepare_v2(m->db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
      sqlite3_column_text(q, 0))
    v = kk_arena_strndup(&m->ar, (const char *)sqlite3_column_text(q, 0),
                         (size_t)sqlite3_column_bytes(q, 0));
  sqlite3_finalize(q);
  return v;
}

static kk_Status read_types11(Imp *m) {
  kk_Json *models = NULL, *decks = NULL;
  char *mt = col_text(m, "models"), *dt = col_text(m, "decks");
  kk_Status st;
  if (!mt || !dt) return corrupt(m, _("no note types"));
  if ((st = kk_json_parse(mt, strlen(mt), m->path, &m->ar, &models, m->err)) != KK_OK ||
      (st = kk_json_parse(dt, strlen(dt), m->path, &m->ar, &decks, m->err)) != KK_OK)
    return st;
  if (models->type != KK_JSON_OBJECT || decks->type != KK_JSON_OBJECT)
    return corrupt(m, _("note types are not a JSON object"));
  m->models = kk_arena_alloc(&m->ar, (models->n + 1) * sizeof *m->models);
  m->decks = kk_arena_alloc(&m->ar, (decks->n + 1) * sizeof *m->decks);
  if (!m->models || !m->decks) return nomem(m);
  for (size_t i = 0; i < models->n; i++) {
    const kk_Json *o = &models->items[i];
    Model *md = &m->models[m->nmodels++];
    memset(md, 0, sizeof *md);
    md->id = strtoll(models->keys[i], NULL, 10);
    md->name = kk_json_str(o, "name", "?");
    md->cloze = kk_json_num(o, "type", 0) == 1; /* compared as read: no conversion */
    const kk_Json *t = kk_json_get(o, "tmpls"), *f = kk_json_get(o, "flds");
    md->ntmpl = t && t->type == KK_JSON_ARRAY ? (int)t->n : 1;
    if (f && f->type == KK_JSON_ARRAY) {
      md->flds = kk_arena_alloc(&m->ar, (f->n + 1) * sizeof *md->flds);
      if (!md->flds) return nomem(m);
      for (size_t k = 0; k < f->n; k++) md->flds[k] = kk_json_str(&f->items[k], "name", "");
      md->nflds = f->n;
    }
  }
  for (size_t i = 0; i < decks->n; i++) {
    const kk_Json *o = &decks->items[i];
    ADeck *d = &m->decks[m->ndecks++];
    memset(d, 0, sizeof *d);
    d->id = strtoll(decks->keys[i], NULL, 10);
    d->name = kk_json_str(o, "name", "Default");
    d->kioku_id = kk_json_str(o, "kioku_id", NULL);
    d->kioku_lang = kk_json_str(o, "kioku_lang", NULL);
    d->desc = kk_json_str(o, "desc", NULL);
  }
  return KK_OK;
}

/* Schema 18: notetypes/fields/templates/decks tables; the kind (normal or
** cloze) is field 1 of the note type's protobuf config. */
static kk_Status read_types18(Imp *m) {
  sqlite3_stmt *q = NULL;
  size_t n = 0;
  if (sqlite3_prepare_v2(m->db,
                         "SELECT id, name, config, (SELECT count(*) FROM templates t WHERE "
                         "t.ntid = n.id), (SELECT count(*) FROM notetypes) FROM notetypes n",
                         -1, &q, NULL) != SQLITE_OK)
    return corrupt(m, _("cannot read note types"));
  while (sqlite3_step(q) == SQLITE_ROW) {
    if (!m->models) {
      n = (size_t)sqlite3_column_int64(q, 4);
      m->models = kk_arena_alloc(&m->ar, (n + 1) * sizeof *m->models);
      if (!m->models) goto oom;
    }
    if (m->nmodels >= n) break;
    Model *md = &m->models[m->nmodels++];
    memset(md, 0, sizeof *md);
    md->id = sqlite3_column_int64(q, 0);
    md->name = kk_arena_strdup(&m->ar, (const char *)sqlite3_column_text(q, 1));
    const unsigned char *cfg = sqlite3_column_blob(q, 2);
    size_t cl = (size_t)sqlite3_column_bytes(q, 2), i = 0;
    while (cfg && i < cl) {
      unsigned long long key = varint(cfg, cl, &i);
      unsigned long long v = varint(cfg, cl, &i);
      if (key == 0x08) {
        md->cloze = v == 1;
        break;
      }
      if ((key & 7) == 2)
        i += v < cl - i ? (size_t)v : cl - i;
      else if ((key & 7) != 0)
        break;
    }
    md->ntmpl = sqlite3_column_int(q, 3);
    if (!md->name) goto oom;
  }
  sqlite3_finalize(q);
  q = NULL;
  for (size_t i = 0; i < m->nmodels; i++) {
    Model *md = &m->models[i];
    if (sqlite3_prepare_v2(m->db, "SELECT name FROM fields WHERE ntid = ? ORDER BY ord", -1, &q,
                           NULL) != SQLITE_OK)
      return corrupt(m, _("cannot read fields"));
    sqlite3_bind_int64(q, 1, md->id);
    size_t cap = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
      if (md->nflds == cap) {
        const char **nv =
            kk_arena_grow(&m->ar, md->flds, md->nflds, &cap, md->nflds + 1, sizeof *nv, 8);
        if (!nv) goto oom;
        md->flds = nv;
      }
      md->flds[md->nflds] = kk_arena_strdup(&m->ar, (const char *)sqlite3_column_text(q, 0));
      if (!md->flds[md->nflds++]) goto oom;
    }
    sqlite3_finalize(q);
    q = NULL;
  }
  if (sqlite3_prepare_v2(m->db, "SELECT id, name, (SELECT count(*) FROM decks) FROM decks", -1, &q,
                         NULL) != SQLITE_OK)
    return corrupt(m, _("cannot read decks"));
  n = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    if (!m->decks) {
      n = (size_t)sqlite3_column_int64(q, 2);
      m->decks = kk_arena_alloc(&m->ar, (n + 1) * sizeof *m->decks);
      if (!m->decks) goto oom;
    }
    if (m->ndecks >= n) break;
    ADeck *d = &m->decks[m->ndecks++];
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(q, 0);
    /* levels are separated by 0x1f in this schema */
    char *name = kk_arena_strdup(&m->ar, (const char *)sqlite3_column_text(q, 1));
    if (!name) goto oom;
    kk_Buf b = {0};
    for (const char *p = name; *p; p++)
      if (*p == 0x1f)
        kk_buf_str(&b, "::");
      else
        kk_buf_add(&b, p, 1);
    char *full = kk_buf_take(&b);
    d->name = full ? kk_arena_strdup(&m->ar, full) : NULL;
    kk_free(full);
    if (!d->name) goto oom;
  }
  sqlite3_finalize(q);
  return KK_OK;
oom:
  sqlite3_finalize(q);
  return nomem(m);
}

/* ---- notes to cards ---------------------------------------------------------------- */

static void on_img(void *ud, const char *src) {
  Imp *m = ud;
  if (!m->img_count++) m->img_first = kk_arena_strdup(&m->ar, src);
}

/* A field's HTML as Kioku text, in the arena; [sound:...] tags are cut
** out and counted (Kioku plays no sound). */
static const char *text(Imp *m, const char *html, size_t len) {
  char *t = kk_apkg_html_text(html, len, on_img, m);
  if (!t) return NULL;
  for (char *p; (p = strstr(t, "[sound:")) != NULL;) {
    char *e = strchr(p, ']');
    if (!e) break;
    memmove(p, e + 1, strlen(e + 1) + 1);
    m->sounds++;
  }
  const char *r = kk_arena_strdup(&m->ar, t);
  kk_free(t);
  return r;
}

static int field_index(const Model *md, const char *name) {
  for (size_t i = 0; i < md->nflds; i++)
    if (strcmp(md->flds[i], name) == 0) return (int)i;
  return -1;
}

static int blank(const char *s) {
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\n' && *s != '\t') return 0;
  return 1;
}

static int known_basic(const char *n) {
  static const char *const names[] = {"Basic", "基本", "Basic (type in the answer)", NULL};
  for (size_t i = 0; names[i]; i++)
    if (strcmp(n, names[i]) == 0) return 1;
  return 0;
}
static int known_reversed(const char *n) {
  return strcmp(n, "Basic (and reversed card)") == 0 ||
         strcmp(n, "Basic (optional reversed card)") == 0 || strncmp(n, "基本（", 9) == 0;
}

static const char **arena_list(Imp *m, const kk_Json *a, size_t *n) {
  *n = 0;
  if (!a || a->type != KK_JSON_ARRAY) return NULL;
  const char **v = kk_arena_alloc(&m->ar, (a->n + 1) * sizeof *v);
  if (!v) return NULL;
  for (size_t i = 0; i < a->n; i++)
    if (a->items[i].type == KK_JSON_STRING) v[(*n)++] = a->items[i].string;
  return v;
}

/* A Kioku note: the card from its JSON field.  0 if the JSON is not usable. */
static int kioku_card(Imp *m, const char *json, kk_DraftCard *c) {
  kk_Json *j = NULL;
  kk_Err e;
  if (kk_json_parse(json, strlen(json), m->path, &m->ar, &j, &e) != KK_OK) return 0;
  if (!kk_card_type_parse(kk_json_str(j, "type", ""), &c->type)) return 0;
  c->front = kk_json_str(j, "question", NULL);
  if (!c->front) return 0;
  switch (c->type) {
  case KK_CARD_CHOICE: {
    const kk_Json *o = kk_json_get(j, "options");
    if (!o || o->type != KK_JSON_ARRAY || !o->n) return 0;
    const char **items = kk_arena_alloc(&m->ar, o->n * sizeof *items);
    const char **fb = kk_arena_alloc(&m->ar, o->n * sizeof *fb);
    int *correct = kk_arena_alloc(&m->ar, o->n * sizeof *correct);
    if (!items || !fb || !correct) return 0;
    for (size_t i = 0; i < o->n; i++) {
      items[i] = kk_json_str(&o->items[i], "text", "");
      fb[i] = kk_json_str(&o->items[i], "feedback", NULL);
      correct[i] = kk_json_bool(&o->items[i], "correct", 0);
    }
    c->items = items, c->nitems = o->n, c->feedback = fb, c->correct = correct;
    return 1;
  }
  case KK_CARD_TYPED:
    c->answers = arena_list(m, kk_json_get(j, "answers"), &c->nanswers);
    return c->nanswers > 0;
  case KK_CARD_NUMERIC:
    c->value = kk_json_num(j, "value", 0);
    c->tolerance = kk_json_num(j, "tolerance", 0);
    c->unit = kk_json_str(j, "unit", NULL);
    return 1;
  case KK_CARD_TRUEFALSE: c->truth = kk_json_bool(j, "truth", 0); return 1;
  case KK_CARD_ORDER:
    c->items = arena_list(m, kk_json_get(j, "items"), &c->nitems);
    return c->nitems >= 2;
  default: return 0;
  }
}

static const Model *find_model(Imp *m, long long id) {
  Model k = {.id = id};
  return bsearch(&k, m->models, m->nmodels, sizeof *m->models, cmp_model);
}

static size_t find_deck(Imp *m, long long id) {
  ADeck k = {.id = id};
  ADeck *d = bsearch(&k, m->decks, m->ndecks, sizeof *m->decks, cmp_deck);
  return d ? (size_t)(d - m->decks) : (size_t)-1;
}

/* Splits flds at 0x1f into the arena. */
static const char **split_fields(Imp *m, const char *f, size_t len, size_t *n) {
  size_t k = 1;
  for (size_t i = 0; i < len; i++) k += f[i] == 0x1f;
  const char **v = kk_arena_alloc(&m->ar, k * sizeof *v);
  size_t *lens = kk_arena_alloc(&m->ar, k * sizeof *lens);
  if (!v || !lens) return NULL;
  *n = 0;
  size_t a = 0;
  for (size_t i = 0; i <= len; i++)
    if (i == len || f[i] == 0x1f) {
      v[*n] = kk_arena_strndup(&m->ar, f + a, i - a);
      if (!v[(*n)++]) return NULL;
      a = i + 1;
    }
  return v;
}

static const char *field_text(Imp *m, const char *const *f, size_t nf, int i) {
  if (i < 0 || (size_t)i >= nf) return "";
  return text(m, f[i], strlen(f[i]));
}

/* Anki keeps c1 and c3 when c2 is deleted; Kioku numbers blanks without
** gaps.  The text is renumbered and the map kept for the review history.
** -1 out of memory, else 0 (other cloze problems are kk_draft_misfit's). */
static int renumber_cloze(Imp *m, Note *nt, const Model *md) {
  kk_DraftCard *c = &nt->card;
  kk_ClozeResult *r = kk_malloc(sizeof *r);
  if (!r) return -1;
  int rc = 0;
  if (kk_cloze_parse(c->front, strlen(c->front), r) == KK_CLOZE_GAP) {
    unsigned char *map = kk_arena_alloc(&m->ar, KK_CLOZE_MAX_ORD + 1);
    char *fixed = map ? kk_cloze_renumber(c->front, r, map) : NULL;
    const char *kept = fixed ? kk_arena_strdup(&m->ar, fixed) : NULL;
    kk_free(fixed);
    if (!kept) {
      rc = -1;
    } else {
      c->front = kept;
      nt->cloze_map = map;
      int n = 0;
      for (int k = 1; k <= KK_CLOZE_MAX_ORD; k++) n += map[k] != 0;
      warn(m,
           _("note %lld (%s): cloze numbers renumbered 1 to %d without gaps, as Kioku numbers "
             "them; their progress moves with them"),
           nt->nid, md->name, n);
    }
  }
  kk_free(r);
  return rc;
}

/* Converts one note.  Returns 1 if it became a card, 0 if skipped (with a
** warning), -1 out of memory. */
static int convert_note(Imp *m, Note *nt, const Model *md, const char *guid, const char *tags,
                        const char *flds, size_t flen, int max_ord) {
  kk_DraftCard *c = &nt->card;
  size_t nf = 0;
  const char **f = split_fields(m, flds, flen, &nf);
  if (!f) return -1;
  m->img_first = NULL;
  m->img_count = 0;
  m->sounds = 0;
  int kioku_f = field_index(md, "Kioku");
  int expl = field_index(md, "Explanation"), src = field_index(md, "Source");
  const char *t;
  int ours = md->id >= KK_APKG_MODEL_BASIC && md->id <= KK_APKG_MODEL_KIOKU;
  if (md->cloze) {
    c->type = KK_CARD_CLOZE;
    int tf = field_index(md, "Text"), bf = field_index(md, "Back Extra");
    c->front = field_text(m, f, nf, tf < 0 ? 0 : tf);
    c->back = field_text(m, f, nf, bf < 0 ? 1 : bf);
    if (c->front && !strstr(c->front, "{{c")) {
      warn(m, _("note %lld (%s): a cloze note without cloze deletions, skipped"), nt->nid,
           md->name);
      return 0;
    }
    if (c->front && renumber_cloze(m, nt, md) < 0) return -1;
  } else if (kioku_f >= 0 && ours) {
    const char *json = field_text(m, f, nf, kioku_f);
    if (!json) return -1;
    m->img_first = NULL;
    m->img_count = 0;
    field_text(m, f, nf, field_index(md, "Question")); /* for its image */
    if (!kioku_card(m, json, c)) {
      warn(m, _("note %lld (%s): the Kioku field does not describe a card, skipped"), nt->nid,
           md->name);
      return 0;
    }
  } else {
    int fr = field_index(md, "Front"), bk = field_index(md, "Back");
    if (fr < 0) fr = 0;
    if (bk < 0) bk = nf > 1 ? 1 : -1;
    c->front = field_text(m, f, nf, fr);
    if (strcmp(md->name, "Basic (type in the answer)") == 0) {
      c->type = KK_CARD_TYPED;
      const char *a = field_text(m, f, nf, bk);
      if (!a) return -1;
      const char **v = kk_arena_alloc(&m->ar, sizeof *v);
      if (!v) return -1;
      v[0] = a;
      c->answers = v;
      c->nanswers = blank(a) ? 0 : 1;
    } else {
      /* an optional reverse the note did not ask for is a basic card */
      c->type = md->ntmpl >= 2 && known_reversed(md->name) && max_ord >= 1 ? KK_CARD_REVERSED
                                                                           : KK_CARD_BASIC;
      if (!ours && !known_basic(md->name) && !known_reversed(md->name)) {
        size_t idx = (size_t)(md - m->models);
        if (idx >= 64 || !(m->warned_types & (1ull << idx)))
          warn(m,
               _("note type '%s' is not one Kioku knows: its notes become basic cards "
                 "(first field on the front, the others on the back)"),
               md->name);
        if (idx < 64) m->warned_types |= 1ull << idx;
        /* the back: every other field that has text, one per line */
        kk_Buf b = {0};
        for (size_t i = 0; i < nf; i++) {
          if ((int)i == fr || (int)i == expl || (int)i == src) continue;
          const char *v = field_text(m, f, nf, (int)i);
          if (!v) return -1;
          if (blank(v)) continue;
          if (b.n) kk_buf_add(&b, "\n", 1);
          kk_buf_str(&b, v);
        }
        char *back = kk_buf_take(&b);
        if (!back) return -1;
        c->back = kk_arena_strdup(&m->ar, back);
        kk_free(back);
      } else
        c->back = field_text(m, f, nf, bk);
    }
  }
  if (!c->front || (c->type <= KK_CARD_CLOZE && !c->back)) return -1;
  if (blank(c->front) || (c->type <= KK_CARD_REVERSED && blank(c->back)) ||
      (c->type == KK_CARD_TYPED && !c->nanswers)) {
    warn(m, _("note %lld (%s): an empty side, skipped"), nt->nid, md->name);
    return 0;
  }
  if (c->type == KK_CARD_CLOZE && blank(c->back)) c->back = NULL;
  if (expl >= 0) {
    t = field_text(m, f, nf, expl);
    if (!t) return -1;
    c->explanation = blank(t) ? NULL : t;
  }
  if (src >= 0) {
    t = field_text(m, f, nf, src);
    if (!t) return -1;
    if (!blank(t) && !kk_export_source_parse(t, &m->ar, &c->src_doc, &c->src_section, &c->src_line))
      return -1;
  }
  if (!c->src_doc) {
    c->src_doc = m->pkgname;
    c->src_section = m->decks[nt->deck].name;
  }
  if (m->sounds)
    warn(m,
         kk_ngettext("note %lld (%s): %zu sound left out (Kioku plays no sound)",
                     "note %lld (%s): %zu sounds left out (Kioku plays no sound)", m->sounds),
         nt->nid, md->name, m->sounds);
  /* images: the first PNG is the card's; the others are reported */
  if (m->img_count) {
    const char *im = m->img_first;
    size_t l = im ? strlen(im) : 0;
    if (im && l > 4 && strcmp(im + l - 4, ".png") == 0)
      nt->image = im;
    else
      warn(m, _("note %lld: image '%s' is not a PNG and was left out"), nt->nid, im ? im : "?");
    if (m->img_count > 1)
      warn(m, _("note %lld (%s): only the first image is kept"), nt->nid, md->name);
  }
  /* id: the card id Kioku exported as the guid, else from the note id */
  char id[KK_DECK_MAX_ID + 32];
  if (ours && kk_deck_valid_id(guid))
    snprintf(id, sizeof id, "%s", guid);
  else
    snprintf(id, sizeof id, "anki-%lld", nt->nid);
  c->id = kk_arena_strdup(&m->ar, id);
  /* tags: Anki's are space-separated */
  size_t nt_ = 0, cap = 0;
  const char **tv = NULL;
  for (const char *p = tags; *p;) {
    while (*p == ' ') p++;
    const char *e = p;
    while (*e && *e != ' ') e++;
    if (e > p) {
      if (nt_ == cap) {
        const char **nv = kk_arena_grow(&m->ar, tv, nt_, &cap, nt_ + 1, sizeof *nv, 4);
        if (!nv) return -1;
        tv = nv;
      }
      tv[nt_++] = kk_arena_strndup(&m->ar, p, (size_t)(e - p));
      if (!tv[nt_ - 1]) return -1;
    }
    p = e;
  }
  c->tags = tv;
  c->ntags = nt_;
  if (!c->id) return -1;
  char why[160];
  if (kk_draft_misfit(c, why, sizeof why)) {
    warn(m, _("note %lld (%s) has %s; skipped"), nt->nid, md->name, why);
    return 0;
  }
  ADeck *d = &m->decks[nt->deck];
  for (const char *p = c->front; *p;) {
    size_t used;
    uint32_t cp = kk_utf8_at(p, strlen(p), 0, &used);
    if (kk_utf8_is_cjk(cp))
      d->cjk++;
    else if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
      d->latin++;
    p += used ? used : 1;
  }
  return 1;
}

static kk_Status read_notes(Imp *m) {
  sqlite3_stmt *q = NULL;
  size_t cap = 0;
  if (sqlite3_prepare_v2(m->db,
                         "SELECT n.id, n.guid, n.mid, n.tags, n.flds, c.did, c.mo FROM notes n "
                         "JOIN (SELECT nid, MIN(ord) AS o, did, MAX(ord) AS mo FROM cards "
                         "GROUP BY nid) c "
                         "ON c.nid = n.id ORDER BY n.id",
                         -1, &q, NULL) != SQLITE_OK)
    return corrupt(m, _("cannot read notes"));
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    long long nid = sqlite3_column_int64(q, 0);
    const Model *md = find_model(m, sqlite3_column_int64(q, 2));
    size_t di = find_deck(m, sqlite3_column_int64(q, 5));
    if (!md) {
      warn(m, _("note %lld has a note type the collection does not define, skipped"), nid);
      continue;
    }
    if (di == (size_t)-1) di = find_deck(m, 1);
    if (di == (size_t)-1) {
      warn(m, _("note %lld is in a deck the collection does not define, skipped"), nid);
      continue;
    }
    if (m->nnotes >= MAX_NOTES) {
      sqlite3_finalize(q);
      return kk_err_set(m->err, KK_ERR_LIMIT, m->path, 0, 0, _("more than %d notes"), MAX_NOTES);
    }
    if (m->nnotes == cap) {
      Note *nv = kk_grow(m->notes, &cap, m->nnotes + 1, sizeof *nv, 256);
      if (!nv) goto oom;
      m->notes = nv;
    }
    Note *nt = &m->notes[m->nnotes];
    memset(nt, 0, sizeof *nt);
    nt->nid = nid;
    nt->deck = di;
    const char *guid = (const char *)sqlite3_column_text(q, 1);
    const char *tags = (const char *)sqlite3_column_text(q, 3);
    const char *flds = (const char *)sqlite3_column_text(q, 4);
    int r = convert_note(m, nt, md, guid ? guid : "", tags ? tags : "", flds ? flds : "",
                         (size_t)sqlite3_column_bytes(q, 4), sqlite3_column_int(q, 6));
    if (r < 0) goto oom;
    if (r > 0) {
      m->nnotes++;
      m->decks[di].ncards++;
    }
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) return corrupt(m, _("cannot read notes"));
  return KK_OK;
oom:
  sqlite3_finalize(q);
  return nomem(m);
}

/* Deck ids: Kioku's own when it wrote the package, else "anki-" and the
** name's letters and digits (or a hash of a name without any). */
static void name_decks(Imp *m) {
  for (size_t i = 0; i < m->ndecks; i++) {
    ADeck *d = &m->decks[i];
    if (!d->ncards) continue;
    char *id = d->deck_id;
    if (d->kioku_id && kk_deck_valid_id(d->kioku_id))
      snprintf(id, sizeof d->deck_id, "%s", d->kioku_id);
    else {
      size_t k = (size_t)snprintf(id, sizeof d->deck_id, "anki-");
      int dash = 1;
      for (const char *p = d->name; *p && k + 2 < 60; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
          id[k++] = c;
          dash = 0;
        } else if (!dash) {
          id[k++] = '-';
          dash = 1;
        }
      }
      while (k > 5 && id[k - 1] == '-') k--;
      id[k] = '\0';
      if (k == 5)
        snprintf(id, sizeof d->deck_id, "anki-%08x",
                 (unsigned)(kk_hash_str(d->name, KK_HASH_INIT) >> 32));
    }
    for (int n = 2;; n++) {
      int clash = 0;
      for (size_t j = 0; j < i && !clash; j++)
        clash = m->decks[j].ncards && strcmp(m->decks[j].deck_id, id) == 0;
      if (!clash) break;
      size_t l = strlen(id);
      if (n > 2) l = (size_t)(strrchr(id, '-') - id);
      snprintf(id + l, sizeof d->deck_id - l, "-%d", n);
    }
  }
}

/* ---- history -------------------------------------------------------------------------- */

typedef struct Hist {
  kk_StoreHistory *items;
  size_t n, cap;
  size_t *deck;  /* per item */
  size_t *first; /* per item: its first log's index in logs */
  kk_ReviewLog *logs;
  size_t nlogs, alogs;
  char *keys; /* item keys, KK_STORE_KEY_MAX apart */
} Hist;

static void hist_free(Hist *h) {
  kk_free(h->first);
  kk_free(h->items);
  kk_free(h->deck);
  kk_free(h->logs);
  kk_free(h->keys);
}

static const Note *find_note(Imp *m, long long nid) {
  size_t a = 0, b = m->nnotes;
  while (a < b) {
    size_t mid = (a + b) / 2;
    if (m->notes[mid].nid < nid)
      a = mid + 1;
    else
      b = mid;
  }
  return a < m->nnotes && m->notes[a].nid == nid ? &m->notes[a] : NULL;
}

/* Bounds for numbers from a package's tables: an interval (days, or
** seconds when negative) and a count (reps, lapses, ease factor). */
#define MAX_IVL_DAYS 100000000LL
#define MAX_IVL_S 100000000LL
static long long count_clamp(long long n) {
  return n < 0 ? 0 : n > KK_STATE_MAX_COUNT ? KK_STATE_MAX_COUNT : n;
}

static double card_data(const char *data, const char *key) {
  if (!data) return 0;
  char pat[8];
  snprintf(pat, sizeof pat, "\"%s\":", key);
  const char *p = strstr(data, pat);
  return p ? strtod(p + strlen(pat), NULL) : 0;
}

static kk_Status read_history(Imp *m, Hist *h) {
  sqlite3_stmt *qc = NULL, *qr = NULL;
  kk_Status st = KK_OK;
  if (sqlite3_prepare_v2(m->db,
                         "SELECT id, nid, ord, type, queue, due, ivl, factor, reps, lapses, "
                         "data FROM cards ORDER BY id",
                         -1, &qc, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(m->db,
                         "SELECT id, cid, ease, ivl, type, time FROM revlog ORDER BY cid, id", -1,
                         &qr, NULL) != SQLITE_OK) {
    st = corrupt(m, _("cannot read cards or the review log"));
    goto done;
  }
  int rr = sqlite3_step(qr);
  int rc;
  while ((rc = sqlite3_step(qc)) == SQLITE_ROW) {
    long long cid = sqlite3_column_int64(qc, 0);
    const Note *nt = find_note(m, sqlite3_column_int64(qc, 1));
    int ord = sqlite3_column_int(qc, 2);
    size_t first_log = h->nlogs;
    /* this card's reviews (both sorted by card id) */
    while (rr == SQLITE_ROW && sqlite3_column_int64(qr, 1) < cid) rr = sqlite3_step(qr);
    for (; rr == SQLITE_ROW && sqlite3_column_int64(qr, 1) == cid; rr = sqlite3_step(qr)) {
      int ease = sqlite3_column_int(qr, 2), type = sqlite3_column_int(qr, 4);
      if (!nt || ease < 1 || ease > 4 || type > 3) continue; /* manual entries */
      /* a package is anyone's file: a review at no real time, or with an
      ** interval past any schedule, is skipped like a manual entry (their
      ** arithmetic below would overflow) */
      long long rid = sqlite3_column_int64(qr, 0), ivl = sqlite3_column_int64(qr, 3);
      if (!kk_time_ok(rid) || ivl < -MAX_IVL_S || ivl > MAX_IVL_DAYS) continue;
      if (h->nlogs == h->alogs) {
        kk_ReviewLog *nv = kk_grow(h->logs, &h->alogs, h->nlogs + 1, sizeof *nv, 1024);
        if (!nv) goto oom;
        h->logs = nv;
      }
      kk_ReviewLog *l = &h->logs[h->nlogs++];
      memset(l, 0, sizeof *l);
      l->time_ms = rid;
      l->rating = (kk_Rating)ease;
      l->interval_days = ivl >= 0 ? (double)ivl : (double)-ivl / 86400.0;
      l->duration_ms = kk_duration_clamp(sqlite3_column_int64(qr, 5));
      l->phase_before = type == 1 || type == 3      ? KK_PHASE_REVIEW
                        : type == 2                 ? KK_PHASE_RELEARNING
                        : h->nlogs - 1 == first_log ? KK_PHASE_NEW
                                                    : KK_PHASE_LEARNING;
      if (h->nlogs - 1 > first_log) {
        kk_ReviewLog *p = l - 1;
        l->elapsed_days = (double)(l->time_ms - p->time_ms) / 86400000.0;
        p->phase_after = l->phase_before == KK_PHASE_NEW ? KK_PHASE_LEARNING : l->phase_before;
      }
    }
    if (!nt) continue;
    const kk_DraftCard *c = &nt->card;
    char key[KK_STORE_KEY_MAX];
    int cloze = c->type == KK_CARD_CLOZE, rev = c->type == KK_CARD_REVERSED && ord == 1;
    int num = ord < 0 || ord >= KK_CLOZE_MAX_ORD ? 0
              : nt->cloze_map                    ? nt->cloze_map[ord + 1]
                                                 : ord + 1;
    if ((cloze && !num) || (!cloze && !rev && ord != 0) ||
        kk_item_key_write(c->id, cloze ? num : 0, rev, key, sizeof key) < 0) {
      h->nlogs = first_log;
      continue;
    }
    int type = sqlite3_column_int(qc, 3), queue = sqlite3_column_int(qc, 4);
    kk_CardState s = {0};
    if (type == 0 && h->nlogs == first_log) continue; /* new, never reviewed */
    if (h->n == h->cap) {
      size_t na = kk_grow_cap(h->cap, h->n + 1, KK_STORE_KEY_MAX, 256);
      kk_StoreHistory *ni = kk_realloc_array(h->items, na, sizeof *ni);
      size_t *nd = kk_realloc_array(h->deck, na, sizeof *nd);
      size_t *nf = kk_realloc_array(h->first, na, sizeof *nf);
      char *nk = kk_realloc_array(h->keys, na, KK_STORE_KEY_MAX);
      if (ni) h->items = ni;
      if (nd) h->deck = nd;
      if (nf) h->first = nf;
      if (nk) h->keys = nk;
      if (!ni || !nd || !nf || !nk) goto oom;
      h->cap = na;
    }
    long long due = sqlite3_column_int64(qc, 5), ivl = sqlite3_column_int64(qc, 6);
    const char *data = (const char *)sqlite3_column_text(qc, 10);
    s.phase = type == 2   ? KK_PHASE_REVIEW
              : type == 3 ? KK_PHASE_RELEARNING
              : type == 1 ? KK_PHASE_LEARNING
                          : KK_PHASE_NEW;
    s.interval_days = (double)(ivl > 0 ? ivl : 0);
    s.review_interval_days = s.interval_days;
    s.ease = count_clamp(sqlite3_column_int64(qc, 7)) / 1000.0;
    s.reps = (int)count_clamp(sqlite3_column_int64(qc, 8));
    s.lapses = (int)count_clamp(sqlite3_column_int64(qc, 9));
    s.suspended = queue == -1;
    s.stability = card_data(data, "s");
    s.difficulty = card_data(data, "d");
    /* a memory state out of FSRS's range (or NaN) is no memory state */
    if (!(s.stability >= KK_FSRS_S_MIN && s.stability <= KK_FSRS_S_MAX &&
          s.difficulty >= KK_FSRS_D_MIN && s.difficulty <= KK_FSRS_D_MAX))
      s.stability = s.difficulty = 0;
    if (s.phase != KK_PHASE_NEW && s.stability <= 0) {
      /* no FSRS memory state in the package: at 90% retention the
      ** interval is about the stability */
      s.stability = s.interval_days > 0 ? s.interval_days : 0.5;
      s.difficulty = 5;
    }
    /* due: days after the collection's creation, or seconds; worked out in
    ** double and used only if it is a time (else the card is due now) */
    double due_ms = s.phase == KK_PHASE_REVIEW || queue == 3
                        ? ((double)m->crt_s + (double)due * 86400) * 1000
                        : (double)due * 1000;
    if (s.phase != KK_PHASE_NEW && kk_time_ok_d(due_ms)) s.due_ms = (int64_t)due_ms;
    if (h->nlogs > first_log) {
      kk_ReviewLog *last = &h->logs[h->nlogs - 1];
      s.last_review_ms = last->time_ms;
      last->phase_after = s.phase == KK_PHASE_NEW ? KK_PHASE_LEARNING : s.phase;
      last->stability = s.stability;
      last->difficulty = s.difficulty;
    }
    char *kslot = h->keys + h->n * KK_STORE_KEY_MAX;
    snprintf(kslot, KK_STORE_KEY_MAX, "%s", key);
    h->deck[h->n] = nt->deck;
    h->items[h->n] = (kk_StoreHistory){.state = s, .nlogs = h->nlogs - first_log};
    /* logs and item_key pointers are set once the arrays stop moving */
    h->first[h->n] = first_log;
    h->n++;
  }
  if (rc != SQLITE_DONE) {
    st = corrupt(m, _("cannot read cards"));
    goto done;
  }
  for (size_t i = 0; i < h->n; i++) {
    h->items[i].logs = h->logs + h->first[i];
    h->items[i].item_key = h->keys + i * KK_STORE_KEY_MAX;
  }
  goto done;
oom:
  st = nomem(m);
done:
  sqlite3_finalize(qc);
  sqlite3_finalize(qr);
  return st;
}

/* ---- writing ----------------------------------------------------------------------------- */

typedef struct OutFile {
  char path[1100];
  char *data; /* malloc'd (open_memstream) or kk_alloc'd (media) */
  size_t len;
  int from_pack;
} OutFile;

static kk_Status render_deck(Imp *m, size_t di, OutFile *of) {
  ADeck *d = &m->decks[di];
  kk_DraftCard *cards = kk_calloc(d->ncards, sizeof *cards);
  const char **sources = kk_calloc(d->ncards, sizeof *sources);
  size_t n = 0, ns = 0;
  char *desc = NULL;
  kk_Status st = KK_OK;
  if (!cards || !sources) goto oom;
  for (size_t i = 0; i < m->nnotes; i++) {
    if (m->notes[i].deck != di) continue;
    cards[n] = m->notes[i].card;
    if (m->notes[i].image) cards[n].image = m->notes[i].image;
    const char *doc = cards[n].src_doc;
    int seen = 0;
    for (size_t k = 0; k < ns && !seen; k++) seen = strcmp(sources[k], doc) == 0;
    if (!seen) sources[ns++] = doc;
    n++;
  }
  const char *lang = d->kioku_lang ? d->kioku_lang : d->cjk * 4 >= d->latin && d->cjk ? "ja" : "en";
  if (d->desc && *d->desc) {
    desc =
        d->kioku_id ? kk_strdup(d->desc) : kk_apkg_html_text(d->desc, strlen(d->desc), NULL, NULL);
    if (!desc) goto oom;
  }
  kk_DraftDeck dd = {.id = d->deck_id,
                     .title = d->name,
                     .language = lang,
                     .description = desc && *desc ? desc : NULL,
                     .sources = sources,
                     .nsources = ns,
                     .cards = cards,
                     .ncards = n,
                     .header = "Imported by `kioku import apkg`; check it with `kioku lint`."};
  FILE *f = open_memstream(&of->data, &of->len);
  if (!f) goto oom;
  if (m->first_line) fputs(m->first_line, f);
  kk_yaml_write_deck(f, &dd);
  if (fclose(f) != 0) goto oom;
  /* the deck must load: a conversion that broke it is an error, not a file */
  kk_Diags dg;
  kk_diags_init(&dg, 4);
  kk_Deck *chk = NULL;
  if (kk_deck_load_mem(of->data, of->len, of->path, &dg, &chk) != KK_OK) {
    kk_Err e;
    kk_diags_first_error(&dg, &e);
    st = kk_err_set(m->err, KK_ERR_INVALID, m->path, 0, 0,
                    _("deck '%s' would not load: %s (line %d)"), d->name, e.msg, e.line);
  }
  kk_deck_free(chk);
  kk_diags_free(&dg);
  goto done;
oom:
  st = nomem(m);
done:
  kk_free(desc);
  kk_free(cards);
  kk_free(sources);
  return st;
}

static const Media *find_media(Imp *m, const char *name) {
  for (size_t i = 0; i < m->nmedia; i++)
    if (strcmp(m->media[i].name, name) == 0) return &m->media[i];
  return NULL;
}

kk_Status kk_apkg_import(const char *buf, size_t len, const char *path, const char *out_dir,
                         const kk_ApkgImportOptions *opt, kk_Diags *diags, kk_ApkgCounts *counts,
                         kk_Err *err) {
  kk_Err ierr = {0};
  Imp m = {.path = path,
           .diags = diags,
           .err = err ? err : &ierr,
           .first_line = opt ? opt->first_line : NULL};
  const char *base = strrchr(path, '/');
  m.pkgname = base ? base + 1 : path;
  Hist h = {0};
  OutFile *files = NULL;
  size_t nfiles = 0, written = 0, ndecks = 0;
  kk_Status st;
  if ((st = kk_pack_open(buf, len, path, KK_APKG_MAX_TOTAL, &m.pack, m.err)) != KK_OK) goto fail;
  if ((st = open_collection(&m)) != KK_OK) goto fail;
  if ((st = read_media(&m)) != KK_OK) goto fail;
  if ((st = m.schema18 ? read_types18(&m) : read_types11(&m)) != KK_OK) goto fail;
  qsort(m.models, m.nmodels, sizeof *m.models, cmp_model);
  qsort(m.decks, m.ndecks, sizeof *m.decks, cmp_deck);
  if ((st = read_notes(&m)) != KK_OK) goto fail;
  if (!m.nnotes) {
    st = kk_err_set(m.err, KK_ERR_INVALID, path, 0, 0, _("the package holds no notes to import"));
    goto fail;
  }
  name_decks(&m);
  if (opt && opt->history && (st = read_history(&m, &h)) != KK_OK) goto fail;
  /* every file, in memory first */
  for (size_t i = 0; i < m.ndecks; i++) ndecks += m.decks[i].ncards > 0;
  files = kk_calloc(ndecks + m.nmedia + 1, sizeof *files);
  if (!files) goto oom;
  for (size_t i = 0; i < m.nnotes; i++) {
    const char *im = m.notes[i].image;
    if (!im) continue;
    const Media *md = find_media(&m, im);
    if (!md) {
      st = kk_err_set(m.err, KK_ERR_NOTFOUND, path, 0, 0,
                      _("missing media: note %lld shows '%s', which the package does not hold"),
                      m.notes[i].nid, im);
      goto fail;
    }
    if (md->used) continue;
    ((Media *)md)->used = 1;
    if (!kk_paths_plain_name(im)) {
      st = kk_err_set(m.err, KK_ERR_INVALID, path, 0, 0,
                      _("media name '%s' would leave the deck's folder"), im);
      goto fail;
    }
    OutFile *of = &files[nfiles++];
    of->from_pack = 1;
    snprintf(of->path, sizeof of->path, "%s/%s", out_dir, im);
    char *raw = NULL;
    size_t rl = 0;
    if ((st = kk_pack_read(m.pack, md->member, &raw, &rl, m.err)) != KK_OK) {
      if (st == KK_ERR_NOTFOUND)
        st = kk_err_set(m.err, KK_ERR_NOTFOUND, path, 0, 0,
                        _("missing media: '%s' is listed but not in the package"), im);
      goto fail;
    }
    if (m.zstd_media && is_zstd(raw, rl)) {
      st = kk_pack_unzstd(raw, rl, KK_APKG_MAX_IMAGE, path, &of->data, &of->len, m.err);
      kk_free(raw);
      if (st != KK_OK) goto fail;
    } else {
      of->data = raw;
      of->len = rl;
    }
    if (of->len > KK_APKG_MAX_IMAGE) {
      st = kk_err_set(m.err, KK_ERR_LIMIT, path, 0, 0, _("image '%s' is larger than %zu bytes"), im,
                      KK_APKG_MAX_IMAGE);
      goto fail;
    }
  }
  for (size_t i = 0; i < m.ndecks; i++) {
    if (!m.decks[i].ncards) continue;
    OutFile *of = &files[nfiles++];
    snprintf(of->path, sizeof of->path, "%s/%s.yaml", out_dir, m.decks[i].deck_id);
    if ((st = render_deck(&m, i, of)) != KK_OK) goto fail;
  }
  /* then to disk: refuse to replace anything unless forced, before writing */
  if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
    st = kk_err_set(m.err, KK_ERR_IO, out_dir, 0, 0, _("cannot create the folder: %s"),
                    strerror(errno));
    goto fail;
  }
  if (!(opt && opt->force))
    for (size_t i = 0; i < nfiles; i++) {
      struct stat sb;
      if (lstat(files[i].path, &sb) == 0) {
        st = kk_err_set(m.err, KK_ERR_EXISTS, files[i].path, 0, 0,
                        _("exists; use --force to overwrite it"));
        goto fail;
      }
    }
  for (; written < nfiles; written++)
    if ((st = kk_atomic_write(files[written].path, opt && opt->force ? KK_ATOMIC_FORCE : 0,
                              files[written].data, files[written].len, m.err)) != KK_OK)
      goto unwrite;
  if (opt && opt->history) {
    for (size_t i = 0; i < m.ndecks; i++) {
      if (!m.decks[i].ncards) continue;
      /* this deck's items, gathered in place */
      size_t k = 0;
      for (size_t j = 0; j < h.n; j++)
        if (h.deck[j] == i) {
          kk_StoreHistory t = h.items[k];
          size_t td = h.deck[k];
          h.items[k] = h.items[j], h.deck[k] = h.deck[j];
          h.items[j] = t, h.deck[j] = td;
          k++;
        }
      if (k && (st = kk_store_import_history(opt->history, m.decks[i].deck_id, h.items, k,
                                             m.err)) != KK_OK)
        goto unwrite;
      for (size_t j = 0; j < k; j++) h.deck[j] = (size_t)-1;
    }
  }
  if (counts) {
    *counts = (kk_ApkgCounts){
        .decks = ndecks, .notes = m.nnotes, .media = nfiles - ndecks, .reviews = h.nlogs};
    for (size_t i = 0; i < m.nnotes; i++) counts->cards += 1;
  }
  st = KK_OK;
  goto done;
unwrite:
  for (size_t i = 0; i < written; i++) unlink(files[i].path);
  goto fail;
oom:
  st = nomem(&m);
fail:
done:
  for (size_t i = 0; i < nfiles; i++) {
    if (files[i].from_pack)
      kk_free(files[i].data);
    else
      free(files[i].data);
  }
  kk_free(files);
  hist_free(&h);
  kk_free(m.notes);
  kk_arena_free(&m.ar);
  sqlite3_close(m.db);
  kk_pack_close(m.pack);
  return st;
}
