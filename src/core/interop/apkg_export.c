/*
** apkg_export.c -- Kioku decks as an Anki package: a schema-11 collection
** built in an in-memory SQLite database, serialised, zipped with the media
** map and the images.
**
** Divisions: fields (HTML of each card type) -- the collection's JSON
** (note types, decks, options) -- progress (card states, review log) --
** kk_apkg_export.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/interop/apkg.h"
#include "core/base/i18n.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "core/base/file.h"
#include "core/base/hash.h"
#include "core/base/json.h"
#include "core/deck/export.h"
#include "core/interop/pack.h"

#define ID_NOTE_BASE 1600000000000LL /* note ids: this + running index */
#define ID_CARD_BASE 1610000000000LL /* card ids */
#define ID_DECK_BASE 1590000000000LL /* deck ids (1 is Anki's Default) */

/* The schema every Anki version imports (rslib's schema11). */
static const char SCHEMA[] =
    "CREATE TABLE col (id integer primary key, crt integer not null,"
    " mod integer not null, scm integer not null, ver integer not null,"
    " dty integer not null, usn integer not null, ls integer not null,"
    " conf text not null, models text not null, decks text not null,"
    " dconf text not null, tags text not null);"
    "CREATE TABLE notes (id integer primary key, guid text not null,"
    " mid integer not null, mod integer not null, usn integer not null,"
    " tags text not null, flds text not null, sfld integer not null,"
    " csum integer not null, flags integer not null, data text not null);"
    "CREATE TABLE cards (id integer primary key, nid integer not null,"
    " did integer not null, ord integer not null, mod integer not null,"
    " usn integer not null, type integer not null, queue integer not null,"
    " due integer not null, ivl integer not null, factor integer not null,"
    " reps integer not null, lapses integer not null, left integer not null,"
    " odue integer not null, odid integer not null, flags integer not null,"
    " data text not null);"
    "CREATE TABLE revlog (id integer primary key, cid integer not null,"
    " usn integer not null, ease integer not null, ivl integer not null,"
    " lastIvl integer not null, factor integer not null, time integer not null,"
    " type integer not null);"
    "CREATE TABLE graves (usn integer not null, oid integer not null,"
    " type integer not null);"
    "CREATE INDEX ix_notes_usn on notes (usn);"
    "CREATE INDEX ix_cards_usn on cards (usn);"
    "CREATE INDEX ix_revlog_usn on revlog (usn);"
    "CREATE INDEX ix_cards_nid on cards (nid);"
    "CREATE INDEX ix_cards_sched on cards (did, queue, due);"
    "CREATE INDEX ix_revlog_cid on revlog (cid);"
    "CREATE INDEX ix_notes_csum on notes (csum);";

/* ---- fields ----------------------------------------------------------------- */

/* A growing in-memory stream (open_memstream) for one field or document. */
typedef struct Mem {
  char *p;
  size_t n;
  FILE *f;
} Mem;

static int mem_open(Mem *m) {
  m->p = NULL;
  m->n = 0;
  m->f = open_memstream(&m->p, &m->n);
  return m->f != NULL;
}

/* Closes the stream; the text stays in m->p (NULL on failure). */
static int mem_close(Mem *m) {
  if (!m->f) return 0;
  int bad = fclose(m->f) != 0;
  m->f = NULL;
  if (bad) {
    free(m->p);
    m->p = NULL;
  }
  return !bad;
}

static void num(FILE *f, double v) { fprintf(f, "%.15g", v); }

/* The card as JSON in the Kioku field: what the HTML fields cannot say
** exactly (correct options, accepted answers, tolerance, item order). */
static void kioku_json(FILE *f, const kk_Card *c) {
  fputs("{\"type\":", f);
  kk_json_string(f, kk_card_type_name(c->type));
  fputs(",\"question\":", f);
  kk_json_string(f, c->front ? c->front : "");
  switch (c->type) {
  case KK_CARD_CHOICE:
    fputs(",\"options\":[", f);
    for (size_t i = 0; i < c->noptions; i++) {
      fputs(i ? ",{\"text\":" : "{\"text\":", f);
      kk_json_string(f, c->options[i].text);
      fprintf(f, ",\"correct\":%s", c->options[i].correct ? "true" : "false");
      if (c->options[i].feedback) {
        fputs(",\"feedback\":", f);
        kk_json_string(f, c->options[i].feedback);
      }
      fputc('}', f);
    }
    fputc(']', f);
    break;
  case KK_CARD_TYPED:
    fputs(",\"answers\":[", f);
    for (size_t i = 0; i < c->nanswers; i++) {
      if (i) fputc(',', f);
      kk_json_string(f, c->answers[i]);
    }
    fputc(']', f);
    break;
  case KK_CARD_NUMERIC:
    fputs(",\"value\":", f);
    num(f, c->value);
    fputs(",\"tolerance\":", f);
    num(f, c->tolerance);
    if (c->unit) {
      fputs(",\"unit\":", f);
      kk_json_string(f, c->unit);
    }
    break;
  case KK_CARD_TRUEFALSE: fprintf(f, ",\"truth\":%s", c->truth ? "true" : "false"); break;
  case KK_CARD_ORDER:
    fputs(",\"items\":[", f);
    for (size_t i = 0; i < c->nitems; i++) {
      if (i) fputc(',', f);
      kk_json_string(f, c->items[i]);
    }
    fputc(']', f);
    break;
  default: break;
  }
  fputc('}', f);
}

static int is_ja(const kk_Deck *d) { return strcmp(kk_deck_language(d), "en") != 0; }

/* Writes the note's fields separated by 0x1f, in the order of its note
** type (see the models below). */
static void fields(FILE *f, const kk_Deck *d, const kk_Card *c, const char *img) {
  char buf[32];
  switch (c->type) {
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED:
  case KK_CARD_CLOZE:
    kk_export_html(f, c->front ? c->front : "");
    if (img) fprintf(f, "<br><img src=\"%s\">", img);
    fputc(0x1f, f);
    kk_export_html(f, c->back ? c->back : "");
    break;
  default: /* Kioku: Question, Options, TypeIn, Answer */
    kk_export_html(f, c->front ? c->front : "");
    if (img) fprintf(f, "<br><img src=\"%s\">", img);
    fputc(0x1f, f);
    if (c->type == KK_CARD_CHOICE)
      for (size_t i = 0; i < c->noptions; i++) {
        if (i) fputs("<br>", f);
        snprintf(buf, sizeof buf, "%c. ", i < 26 ? (char)('A' + i) : '?');
        fputs(buf, f);
        kk_export_html(f, c->options[i].text);
      }
    else if (c->type == KK_CARD_ORDER) {
      size_t perm[KK_EXPORT_SCRAMBLE_MAX];
      kk_export_scramble(c, perm);
      for (size_t i = 0; i < c->nitems && i < KK_EXPORT_SCRAMBLE_MAX; i++) {
        if (i) fputs("<br>", f);
        fputs("・", f);
        kk_export_html(f, c->items[perm[i]]);
      }
    } else if (c->type == KK_CARD_TRUEFALSE)
      fputs(is_ja(d) ? "正しい／誤り" : "True / False", f);
    fputc(0x1f, f);
    if (c->type == KK_CARD_TYPED && c->nanswers)
      kk_export_html(f, c->answers[0]);
    else if (c->type == KK_CARD_NUMERIC) {
      num(f, c->value);
    }
    fputc(0x1f, f);
    if (c->type == KK_CARD_CHOICE) {
      int any = 0;
      for (size_t i = 0; i < c->noptions; i++) {
        if (!c->options[i].correct) continue;
        if (any++) fputs("<br>", f);
        snprintf(buf, sizeof buf, "%c. ", i < 26 ? (char)('A' + i) : '?');
        fputs(buf, f);
        kk_export_html(f, c->options[i].text);
      }
    } else if (c->type == KK_CARD_TYPED) {
      for (size_t i = 0; i < c->nanswers; i++) {
        if (i) fputs(" / ", f);
        kk_export_html(f, c->answers[i]);
      }
    } else if (c->type == KK_CARD_NUMERIC) {
      num(f, c->value);
      if (c->tolerance > 0) fputs(" ± ", f), num(f, c->tolerance);
      if (c->unit) fputs(is_ja(d) ? "" : " ", f), kk_export_html(f, c->unit);
    } else if (c->type == KK_CARD_TRUEFALSE)
      fputs(c->truth ? (is_ja(d) ? "正しい" : "True") : (is_ja(d) ? "誤り" : "False"), f);
    else if (c->type == KK_CARD_ORDER)
      for (size_t i = 0; i < c->nitems; i++) {
        if (i) fputs("<br>", f);
        fprintf(f, "%zu. ", i + 1);
        kk_export_html(f, c->items[i]);
      }
    break;
  }
  fputc(0x1f, f);
  kk_export_html(f, c->explanation ? c->explanation : "");
  fputc(0x1f, f);
  {
    Mem m;
    if (mem_open(&m)) {
      kk_export_source(m.f, c);
      if (mem_close(&m)) kk_export_html(f, m.p);
      free(m.p);
    }
  }
  if (c->type != KK_CARD_BASIC && c->type != KK_CARD_REVERSED && c->type != KK_CARD_CLOZE) {
    fputc(0x1f, f);
    Mem m;
    if (mem_open(&m)) {
      kioku_json(m.f, c);
      if (mem_close(&m)) kk_export_html(f, m.p);
      free(m.p);
    }
  }
}

static void tag(FILE *f, const char *t) {
  for (; *t; t++) fputc(*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r' ? '_' : *t, f);
  fputc(' ', f);
}

/* Anki's tag string: " a b c " (card tags, then the deck's). */
static void tags(FILE *f, const kk_Deck *d, const kk_Card *c) {
  fputc(' ', f);
  for (size_t i = 0; i < c->ntags; i++) tag(f, c->tags[i]);
  for (size_t i = 0; i < kk_deck_tag_count(d); i++) {
    const char *t = kk_deck_tag(d, i);
    int dup = 0;
    for (size_t k = 0; k < c->ntags; k++) dup |= strcmp(c->tags[k], t) == 0;
    if (!dup) tag(f, t);
  }
}

/* ---- the collection's JSON ---------------------------------------------------- */

static void model(FILE *f, long long id, const char *name, int cloze, const char *const *flds,
                  const char *const *tmpl, int ntmpl, int first, long long now_s) {
  fprintf(f, "%s\"%lld\":{\"id\":%lld,\"name\":", first ? "" : ",", id, id);
  kk_json_string(f, name);
  fprintf(f,
          ",\"type\":%d,\"mod\":%lld,\"usn\":0,\"sortf\":0,\"did\":null,"
          "\"tags\":[],\"vers\":[],\"latexPre\":",
          cloze, now_s);
  kk_json_string(f, "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
                    "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n"
                    "\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n"
                    "\\begin{document}\n");
  fputs(",\"latexPost\":\"\\\\end{document}\",\"latexsvg\":false,\"css\":", f);
  kk_json_string(f, ".card { font-family: sans-serif; font-size: 20px; text-align: center; }\n");
  fputs(",\"flds\":[", f);
  for (int i = 0; flds[i]; i++) {
    fprintf(f, "%s{\"name\":", i ? "," : "");
    kk_json_string(f, flds[i]);
    fprintf(f,
            ",\"ord\":%d,\"sticky\":false,\"rtl\":false,\"font\":\"Arial\","
            "\"size\":20,\"media\":[]}",
            i);
  }
  fputs("],\"tmpls\":[", f);
  for (int i = 0; i < ntmpl; i++) {
    fprintf(f, "%s{\"name\":\"Card %d\",\"ord\":%d,\"qfmt\":", i ? "," : "", i + 1, i);
    kk_json_string(f, tmpl[2 * (size_t)i]);
    fputs(",\"afmt\":", f);
    kk_json_string(f, tmpl[2 * (size_t)i + 1]);
    fputs(",\"bqfmt\":\"\",\"bafmt\":\"\",\"did\":null,\"bfont\":\"\",\"bsize\":0}", f);
  }
  fputs("],\"req\":[", f);
  for (int i = 0; i < ntmpl && !cloze; i++) fprintf(f, "%s[%d,\"any\",[%d]]", i ? "," : "", i, i);
  fputs("]}", f);
}

#define EXPL "{{#Explanation}}<br><br>{{Explanation}}{{/Explanation}}"

static void models(FILE *f, long long now_s) {
  static const char *const basic_f[] = {"Front", "Back", "Explanation", "Source", NULL};
  static const char *const cloze_f[] = {"Text", "Back Extra", "Explanation", "Source", NULL};
  static const char *const kioku_f[] = {"Question",    "Options", "TypeIn", "Answer",
                                        "Explanation", "Source",  "Kioku",  NULL};
  static const char *const basic_t[] = {"{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}" EXPL,
                                        "{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}" EXPL};
  static const char *const cloze_t[] = {"{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}" EXPL};
  static const char *const kioku_t[] = {
      "{{Question}}{{#Options}}<br><br>{{Options}}{{/Options}}"
      "{{#TypeIn}}<br><br>{{type:TypeIn}}{{/TypeIn}}",
      "{{Question}}{{#Options}}<br><br>{{Options}}{{/Options}}<hr id=answer>"
      "{{#TypeIn}}{{type:TypeIn}}<br>{{/TypeIn}}{{Answer}}" EXPL};
  fputc('{', f);
  model(f, KK_APKG_MODEL_BASIC, "Basic", 0, basic_f, basic_t, 1, 1, now_s);
  model(f, KK_APKG_MODEL_REVERSED, "Basic (and reversed card)", 0, basic_f, basic_t, 2, 0, now_s);
  model(f, KK_APKG_MODEL_CLOZE, "Cloze", 1, cloze_f, cloze_t, 1, 0, now_s);
  model(f, KK_APKG_MODEL_KIOKU, "Kioku", 0, kioku_f, kioku_t, 1, 0, now_s);
  fputc('}', f);
}

static void deck_json(FILE *f, long long id, const char *name, const char *kioku_id,
                      const char *lang, const char *desc, long long now_s, int first) {
  fprintf(f, "%s\"%lld\":{\"id\":%lld,\"name\":", first ? "" : ",", id, id);
  kk_json_string(f, name);
  fprintf(f,
          ",\"mod\":%lld,\"usn\":0,\"collapsed\":false,\"browserCollapsed\":false,"
          "\"newToday\":[0,0],\"revToday\":[0,0],\"lrnToday\":[0,0],\"timeToday\":[0,0],"
          "\"dyn\":0,\"conf\":1,\"extendNew\":0,\"extendRev\":0,\"desc\":",
          now_s);
  kk_json_string(f, desc ? desc : "");
  if (kioku_id) {
    fputs(",\"kioku_id\":", f);
    kk_json_string(f, kioku_id);
    fputs(",\"kioku_lang\":", f);
    kk_json_string(f, lang);
  }
  fputc('}', f);
}

static const char DCONF[] =
    "{\"1\":{\"id\":1,\"name\":\"Default\",\"mod\":0,\"usn\":0,\"maxTaken\":60,"
    "\"autoplay\":true,\"timer\":0,\"replayq\":true,\"dyn\":false,"
    "\"new\":{\"delays\":[1.0,10.0],\"ints\":[1,4,0],\"initialFactor\":2500,\"order\":1,"
    "\"perDay\":20,\"bury\":false},"
    "\"rev\":{\"perDay\":200,\"ease4\":1.3,\"maxIvl\":36500,\"hardFactor\":1.2,\"bury\":false},"
    "\"lapse\":{\"delays\":[10.0],\"mult\":0.0,\"minInt\":1,\"leechFails\":8,\"leechAction\":1}}}";

static const char CONF[] =
    "{\"activeDecks\":[1],\"curDeck\":1,\"newSpread\":0,\"collapseTime\":1200,"
    "\"timeLim\":0,\"estTimes\":true,\"dueCounts\":true,\"curModel\":null,"
    "\"nextPos\":1,\"sortType\":\"noteFld\",\"sortBackwards\":false,\"addToCur\":true}";

/* ---- progress ------------------------------------------------------------------ */

typedef struct ItemCard {
  char *key;
  long long cid;
  long long last_ivl;
} ItemCard;

typedef struct Export {
  sqlite3 *db;
  sqlite3_stmt *ins_note, *ins_card, *ins_rev;
  long long crt_s, now_s;
  ItemCard *items;
  size_t nitems, aitems;
  long long last_rev_id;
  size_t reviews;
  kk_Status st;
  kk_Err *err;
} Export;

static int cmp_item(const void *a, const void *b) {
  return strcmp(((const ItemCard *)a)->key, ((const ItemCard *)b)->key);
}

static ItemCard *find_item(Export *x, const char *key) {
  ItemCard k = {(char *)key, 0, 0};
  return bsearch(&k, x->items, x->nitems, sizeof *x->items, cmp_item);
}

static kk_Status db_fail(Export *x, const char *what) {
  return kk_err_set(x->err, KK_ERR_DB, NULL, 0, 0, "%s: %s", what, sqlite3_errmsg(x->db));
}

/* Anki's card columns for a Kioku state. */
static void card_sched(Export *x, const kk_CardState *s, long long pos, sqlite3_stmt *q) {
  int type = 0, queue = 0, left = 0;
  long long due = pos, ivl = 0, factor = 0;
  if (s && s->phase != KK_PHASE_NEW) {
    factor = s->ease > 0 ? llround(s->ease * 1000) : 2500;
    if (s->phase == KK_PHASE_REVIEW) {
      type = queue = 2;
      due = (s->due_ms / 1000 - x->crt_s) / 86400;
      ivl = llround(s->interval_days) > 0 ? llround(s->interval_days) : 1;
    } else {
      type = s->phase == KK_PHASE_LEARNING ? 1 : 3;
      queue = 1;
      due = s->due_ms / 1000;
      left = 1001;
      ivl = llround(s->review_interval_days);
    }
    if (s->suspended) queue = -1;
  }
  sqlite3_bind_int(q, 6, type);
  sqlite3_bind_int(q, 7, queue);
  sqlite3_bind_int64(q, 8, due);
  sqlite3_bind_int64(q, 9, ivl);
  sqlite3_bind_int64(q, 10, factor);
  sqlite3_bind_int(q, 11, s ? s->reps : 0);
  sqlite3_bind_int(q, 12, s ? s->lapses : 0);
  sqlite3_bind_int(q, 13, left);
  char data[128] = "";
  if (s && s->phase != KK_PHASE_NEW && s->stability > 0)
    snprintf(data, sizeof data, "{\"s\":%.4f,\"d\":%.4f}", s->stability, s->difficulty);
  sqlite3_bind_text(q, 14, data, -1, SQLITE_TRANSIENT);
}

static long long rev_ivl(double days) {
  if (days >= 1) return llround(days);
  long long secs = llround(days * 86400);
  return secs > 0 ? -secs : 0;
}

static int each_review(void *ud, const kk_StoreReview *r) {
  Export *x = ud;
  ItemCard *ic = r->item_key ? find_item(x, r->item_key) : NULL;
  if (!ic) return 0; /* a card no longer in the deck */
  sqlite3_stmt *q = x->ins_rev;
  long long id = r->log.time_ms;
  if (id <= x->last_rev_id) id = x->last_rev_id + 1;
  x->last_rev_id = id;
  long long ivl = rev_ivl(r->log.interval_days);
  int type = r->log.phase_before == KK_PHASE_REVIEW       ? 1
             : r->log.phase_before == KK_PHASE_RELEARNING ? 2
                                                          : 0;
  long long dur = r->log.duration_ms;
  if (dur < 0) dur = 0;
  if (dur > 3600000) dur = 3600000;
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_int64(q, 2, ic->cid);
  sqlite3_bind_int(q, 3, (int)r->log.rating);
  sqlite3_bind_int64(q, 4, ivl);
  sqlite3_bind_int64(q, 5, ic->last_ivl);
  sqlite3_bind_int64(q, 6, r->before.ease > 0 ? llround(r->before.ease * 1000) : 0);
  sqlite3_bind_int64(q, 7, dur);
  sqlite3_bind_int(q, 8, type);
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  if (rc != SQLITE_DONE) {
    x->st = db_fail(x, _("writing the review log"));
    return 1;
  }
  ic->last_ivl = ivl;
  x->reviews++;
  return 0;
}

/* ---- kk_apkg_export -------------------------------------------------------------- */

typedef struct Media {
  char *name;       /* in the package's media map */
  const char *path; /* borrowed from the card */
} Media;

/* The media name of a card's image: its file name, prefixed with the deck
** id when another file already took it. */
static const char *media_name(Media **mv, size_t *nm, size_t *am, const kk_Deck *d,
                              const kk_Card *c, kk_Status *st) {
  const char *base = strrchr(c->image, '/');
  base = base ? base + 1 : c->image;
  for (size_t i = 0; i < *nm; i++)
    if (strcmp((*mv)[i].path, c->image_path) == 0) return (*mv)[i].name;
  char buf[600];
  snprintf(buf, sizeof buf, "%s", base);
  for (size_t i = 0; i < *nm; i++)
    if (strcmp((*mv)[i].name, buf) == 0) {
      snprintf(buf, sizeof buf, "%s-%s", kk_deck_id(d), base);
      break;
    }
  Media *nv = kk_grow(*mv, am, *nm + 1, sizeof *nv, 8);
  if (!nv) goto nomem;
  *mv = nv;
  nv[*nm].name = kk_strdup(buf);
  nv[*nm].path = c->image_path;
  if (!nv[*nm].name) goto nomem;
  return nv[(*nm)++].name;
nomem:
  *st = KK_ERR_NOMEM;
  return NULL;
}

static long long model_of(kk_CardType t) {
  switch (t) {
  case KK_CARD_BASIC: return KK_APKG_MODEL_BASIC;
  case KK_CARD_REVERSED: return KK_APKG_MODEL_REVERSED;
  case KK_CARD_CLOZE: return KK_APKG_MODEL_CLOZE;
  default: return KK_APKG_MODEL_KIOKU;
  }
}

/* The Anki card ord of a card's item i. */
static int item_ord(const kk_Card *c, size_t i) {
  if (c->type == KK_CARD_CLOZE) return kk_card_item_cloze(c, i) - 1;
  return (int)i;
}

kk_Status kk_apkg_export(kk_Deck *const *decks, size_t n, const kk_ApkgExportOptions *opt,
                         const char *path, int flags, kk_ApkgCounts *counts, kk_Err *err) {
  Export x = {.err = err};
  Media *media = NULL;
  size_t nmedia = 0, amedia = 0, nnotes = 0, ncards = 0;
  kk_PackWriter *pw = NULL;
  unsigned char *col = NULL;
  Mem mm = {0}, dm = {0}, fm = {0};
  kk_Status st = KK_OK;
  kk_Err ierr = {0};
  if (!err) err = x.err = &ierr;
  x.now_s = opt->now_ms / 1000;
  x.crt_s = x.now_s - x.now_s % 86400;
  if (sqlite3_open(":memory:", &x.db) != SQLITE_OK) goto nomem;
  if (sqlite3_exec(x.db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec(x.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
    st = db_fail(&x, _("creating the collection"));
    goto fail;
  }
  /* the col row: note types, decks, options */
  if (!mem_open(&mm) || !mem_open(&dm)) goto nomem;
  models(mm.f, x.now_s);
  fputs("{\"1\":{\"id\":1,\"name\":\"Default\",\"mod\":0,\"usn\":0,\"collapsed\":false,"
        "\"browserCollapsed\":false,\"newToday\":[0,0],\"revToday\":[0,0],"
        "\"lrnToday\":[0,0],\"timeToday\":[0,0],\"dyn\":0,\"conf\":1,\"extendNew\":0,"
        "\"extendRev\":0,\"desc\":\"\"}",
        dm.f);
  for (size_t di = 0; di < n; di++)
    deck_json(dm.f, ID_DECK_BASE + (long long)di + 1, kk_deck_title(decks[di]),
              kk_deck_id(decks[di]), kk_deck_language(decks[di]), kk_deck_description(decks[di]),
              x.now_s, 0);
  fputc('}', dm.f);
  if (!mem_close(&mm) || !mem_close(&dm)) goto nomem;
  {
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(x.db, "INSERT INTO col VALUES (1,?,?,?,11,0,0,0,?,?,?,?,'{}')", -1,
                                &q, NULL);
    if (rc == SQLITE_OK) {
      sqlite3_bind_int64(q, 1, x.crt_s);
      sqlite3_bind_int64(q, 2, opt->now_ms);
      sqlite3_bind_int64(q, 3, opt->now_ms);
      sqlite3_bind_text(q, 4, CONF, -1, SQLITE_STATIC);
      sqlite3_bind_text(q, 5, mm.p, (int)mm.n, SQLITE_STATIC);
      sqlite3_bind_text(q, 6, dm.p, (int)dm.n, SQLITE_STATIC);
      sqlite3_bind_text(q, 7, DCONF, -1, SQLITE_STATIC);
      rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_OK) {
      st = db_fail(&x, _("writing the collection"));
      goto fail;
    }
  }
  if (sqlite3_prepare_v2(x.db, "INSERT INTO notes VALUES (?,?,?,?,0,?,?,?,?,0,'')", -1, &x.ins_note,
                         NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(x.db, "INSERT INTO cards VALUES (?,?,?,?,?,0,?,?,?,?,?,?,?,?,0,0,0,?)", -1,
                         &x.ins_card, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(x.db, "INSERT INTO revlog VALUES (?,?,0,?,?,?,?,?,?)", -1, &x.ins_rev,
                         NULL) != SQLITE_OK) {
    st = db_fail(&x, _("preparing the collection"));
    goto fail;
  }
  for (size_t di = 0; di < n; di++) {
    const kk_Deck *d = decks[di];
    for (size_t ci = 0; ci < kk_deck_card_count(d); ci++) {
      const kk_Card *c = kk_deck_card(d, ci);
      const char *img = NULL;
      if (c->image && c->image_path) {
        img = media_name(&media, &nmedia, &amedia, d, c, &st);
        if (!img) goto nomem;
      }
      long long nid = ID_NOTE_BASE + (long long)nnotes;
      Mem tm;
      if (!mem_open(&fm)) goto nomem;
      fields(fm.f, d, c, img);
      if (!mem_close(&fm)) goto nomem;
      if (!mem_open(&tm)) goto nomem;
      tags(tm.f, d, c);
      if (!mem_close(&tm)) goto nomem;
      const char *sep = memchr(fm.p, 0x1f, fm.n);
      size_t sfl = sep ? (size_t)(sep - fm.p) : fm.n;
      /* csum: a checksum of the sort field for Anki's duplicate check
      ** (Anki recomputes it when the note is edited) */
      uint64_t h = kk_hash_bytes(fm.p, sfl, KK_HASH_INIT);
      sqlite3_stmt *q = x.ins_note;
      sqlite3_bind_int64(q, 1, nid);
      sqlite3_bind_text(q, 2, c->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64(q, 3, model_of(c->type));
      sqlite3_bind_int64(q, 4, x.now_s);
      sqlite3_bind_text(q, 5, tm.p, (int)tm.n, SQLITE_STATIC);
      sqlite3_bind_text(q, 6, fm.p, (int)fm.n, SQLITE_STATIC);
      sqlite3_bind_text(q, 7, fm.p, (int)sfl, SQLITE_STATIC);
      sqlite3_bind_int64(q, 8, (long long)(h >> 33));
      int rc = sqlite3_step(q);
      sqlite3_reset(q);
      free(tm.p);
      free(fm.p);
      fm.p = NULL;
      if (rc != SQLITE_DONE) {
        st = db_fail(&x, _("writing a note"));
        goto fail;
      }
      nnotes++;
      for (size_t ii = 0; ii < kk_card_item_count(c); ii++) {
        char key[KK_STORE_KEY_MAX];
        long long cid = ID_CARD_BASE + (long long)ncards;
        kk_CardState s;
        int found = 0;
        if (kk_card_item_key(c, ii, key, sizeof key) < 0) continue;
        if (opt->progress &&
            (st = kk_store_get_state(opt->progress, key, err, &s, &found)) != KK_OK)
          goto fail;
        q = x.ins_card;
        sqlite3_bind_int64(q, 1, cid);
        sqlite3_bind_int64(q, 2, nid);
        sqlite3_bind_int64(q, 3, ID_DECK_BASE + (long long)di + 1);
        sqlite3_bind_int(q, 4, item_ord(c, ii));
        sqlite3_bind_int64(q, 5, x.now_s);
        card_sched(&x, found ? &s : NULL, (long long)nnotes, q);
        rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE) {
          st = db_fail(&x, _("writing a card"));
          goto fail;
        }
        ncards++;
        if (opt->progress) {
          if (x.nitems == x.aitems) {
            ItemCard *nv = kk_grow(x.items, &x.aitems, x.nitems + 1, sizeof *nv, 256);
            if (!nv) goto nomem;
            x.items = nv;
          }
          x.items[x.nitems] = (ItemCard){kk_strdup(key), cid, 0};
          if (!x.items[x.nitems].key) goto nomem;
          x.nitems++;
        }
      }
    }
  }
  if (opt->progress) {
    qsort(x.items, x.nitems, sizeof *x.items, cmp_item);
    for (size_t di = 0; di < n; di++) {
      x.st = KK_OK;
      st = kk_store_each_review(opt->progress, kk_deck_id(decks[di]), 0, each_review, &x, err);
      if (st == KK_OK) st = x.st;
      if (st != KK_OK) goto fail;
    }
  }
  if (sqlite3_exec(x.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    st = db_fail(&x, _("writing the collection"));
    goto fail;
  }
  sqlite3_finalize(x.ins_note), x.ins_note = NULL;
  sqlite3_finalize(x.ins_card), x.ins_card = NULL;
  sqlite3_finalize(x.ins_rev), x.ins_rev = NULL;
  sqlite3_int64 colsize = 0;
  col = sqlite3_serialize(x.db, "main", &colsize, 0);
  if (!col) goto nomem;
  /* the package */
  if ((st = kk_pack_writer_new(&pw, err)) != KK_OK) goto fail;
  if ((st = kk_pack_add(pw, "collection.anki2", col, (size_t)colsize, err)) != KK_OK) goto fail;
  if (!mem_open(&fm)) goto nomem;
  fputc('{', fm.f);
  for (size_t i = 0; i < nmedia; i++) {
    fprintf(fm.f, "%s\"%zu\":", i ? "," : "", i);
    kk_json_string(fm.f, media[i].name);
  }
  fputc('}', fm.f);
  if (!mem_close(&fm)) goto nomem;
  if ((st = kk_pack_add(pw, "media", fm.p, fm.n, err)) != KK_OK) goto fail;
  for (size_t i = 0; i < nmedia; i++) {
    char *data = NULL, name[32];
    size_t len = 0;
    if ((st = kk_file_read(media[i].path, KK_APKG_MAX_IMAGE, &data, &len, err)) != KK_OK) {
      if (!err->path[0]) snprintf(err->path, sizeof err->path, "%s", media[i].path);
      goto fail;
    }
    snprintf(name, sizeof name, "%zu", i);
    st = kk_pack_add(pw, name, data, len, err);
    kk_free(data);
    if (st != KK_OK) goto fail;
  }
  st = kk_pack_writer_commit(pw, path, flags, err);
  pw = NULL;
  if (st != KK_OK) goto fail;
  if (counts)
    *counts = (kk_ApkgCounts){
        .decks = n, .notes = nnotes, .cards = ncards, .media = nmedia, .reviews = x.reviews};
  goto done;
nomem:
  st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
fail:
  kk_pack_writer_free(pw);
done:
  if (mm.f) fclose(mm.f);
  if (dm.f) fclose(dm.f);
  if (fm.f) fclose(fm.f);
  free(mm.p);
  free(dm.p);
  free(fm.p);
  sqlite3_free(col);
  sqlite3_finalize(x.ins_note);
  sqlite3_finalize(x.ins_card);
  sqlite3_finalize(x.ins_rev);
  sqlite3_close(x.db);
  for (size_t i = 0; i < x.nitems; i++) kk_free(x.items[i].key);
  kk_free(x.items);
  for (size_t i = 0; i < nmedia; i++) kk_free(media[i].name);
  kk_free(media);
  return st;
}
