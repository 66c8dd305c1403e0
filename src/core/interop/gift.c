/*
** gift.c -- GIFT out of and into Kioku.
**
** Divisions: export (escapes, one question per card) -- import (splitting
** into questions, the answer block, one card per question).
*/
#define _POSIX_C_SOURCE 200809L
#include "core/interop/gift.h"
#include "core/base/i18n.h"
#include "core/base/num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/deck/cloze.h"
#include "core/interop/apkg.h"

/* ---- export ------------------------------------------------------------------ */

/* Writes s with GIFT's escapes; line breaks as \n. */
static void esc(FILE *f, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '~':
    case '=':
    case '#':
    case '{':
    case '}':
    case ':':
    case '\\':
      fputc('\\', f);
      fputc(*s, f);
      break;
    case '\n': fputs("\\n", f); break;
    case '\r': break;
    default: fputc(*s, f);
    }
  }
}

/* Kioku text as escaped GIFT [html]. */
static int esc_html(FILE *f, const char *s) {
  char *h = kk_qbank_html(s);
  if (!h) return 0;
  esc(f, h);
  free(h);
  return 1;
}

static void fraction(FILE *f, double fr) {
  char buf[32];
  kk_qbank_percent(buf, sizeof buf, fr);
  fprintf(f, "%%%s%%", buf);
}

static void feedback(FILE *f, const kk_Card *c, const char *extra) {
  if ((!c->explanation || !*c->explanation) && !extra) return;
  fputs("####", f);
  if (extra) esc_html(f, extra);
  if (extra && c->explanation && *c->explanation) esc(f, "<br>");
  if (c->explanation) esc_html(f, c->explanation);
}

static void number(FILE *f, double v) { fprintf(f, "%.15g", v); }

/* Writes one card; returns 0 if GIFT cannot hold it (already reported). */
static int gift_card(FILE *f, const kk_Deck *d, const kk_Card *c, kk_Diags *rep) {
  if (c->type == KK_CARD_ORDER) {
    kk_qbank_report(rep, d, c, _("GIFT has no ordering question; skipped (use moodle-xml)"));
    return 0;
  }
  kk_ClozeResult cr;
  const kk_ClozeSpan *spans = cr.spans;
  if (c->type == KK_CARD_CLOZE) {
    kk_cloze_parse(c->front, strlen(c->front), &cr);
    size_t nspans = cr.n;
    if (nspans != 1) {
      kk_qbank_report(rep, d, c,
                      _("GIFT holds one blank per question, this cloze has %zu; skipped (use "
                        "moodle-xml)"),
                      nspans);
      return 0;
    }
    if (spans[0].hint_len)
      kk_qbank_report(rep, d, c, _("the cloze hint is dropped (GIFT has no hints)"));
  }
  if (c->image)
    kk_qbank_report(rep, d, c, _("image '%s' is dropped (GIFT cannot carry files)"), c->image);
  fputs("::", f);
  esc(f, c->id);
  fputs("::[html]", f);
  switch (c->type) {
  case KK_CARD_CLOZE: {
    const kk_ClozeSpan *sp = &spans[0];
    char *before = kk_strndup(c->front, sp->start);
    char *answer = kk_strndup(c->front + sp->ans, sp->ans_len);
    const char *after = c->front + sp->end;
    if (!before || !answer) {
      kk_free(before);
      kk_free(answer);
      return 0;
    }
    esc_html(f, before);
    fputs(" {=", f);
    esc_html(f, answer);
    feedback(f, c, c->back && *c->back ? c->back : NULL);
    fputs("} ", f);
    esc_html(f, after);
    kk_free(before);
    kk_free(answer);
    break;
  }
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED:
    kk_qbank_report_short_answer(rep, d, c);
    esc_html(f, c->front);
    fputs(" {=", f);
    esc_html(f, c->back);
    feedback(f, c, NULL);
    fputc('}', f);
    break;
  case KK_CARD_CHOICE:
    esc_html(f, c->front);
    fputs(" {", f);
    for (size_t i = 0; i < c->noptions; i++) {
      const kk_Option *o = &c->options[i];
      fputs("\n  ", f);
      if (c->ncorrect == 1)
        fputc(o->correct ? '=' : '~', f);
      else {
        fputc('~', f);
        fraction(f, kk_qbank_fraction(o->correct, c->ncorrect, c->noptions));
      }
      esc_html(f, o->text);
      if (o->feedback) {
        fputc('#', f);
        esc_html(f, o->feedback);
      }
      if (o->fixed) kk_qbank_report(rep, d, c, _("option %zu's fixed place is dropped"), i + 1);
    }
    if (c->explanation) fputs("\n  ", f);
    feedback(f, c, NULL);
    fputs("\n}", f);
    break;
  case KK_CARD_TYPED:
    esc_html(f, c->front);
    fputs(" {", f);
    for (size_t i = 0; i < c->nanswers; i++) {
      fputs(i ? " =" : "=", f);
      esc_html(f, c->answers[i]);
    }
    feedback(f, c, NULL);
    fputc('}', f);
    break;
  case KK_CARD_NUMERIC:
    if (c->unit)
      kk_qbank_report(rep, d, c, _("the unit '%s' is dropped (GIFT has no units)"), c->unit);
    esc_html(f, c->front);
    fputs(" {#", f);
    number(f, c->value);
    fputc(':', f);
    number(f, c->tolerance);
    feedback(f, c, NULL);
    fputc('}', f);
    break;
  case KK_CARD_TRUEFALSE:
    esc_html(f, c->front);
    fputs(c->truth ? " {TRUE" : " {FALSE", f);
    feedback(f, c, NULL);
    fputc('}', f);
    break;
  default: break;
  }
  fputs("\n\n", f);
  return 1;
}

kk_Status kk_gift_export(const kk_QbankSections *secs, FILE *f, kk_Diags *report, kk_Err *err) {
  fputs("// Written by kioku export --format gift\n\n", f);
  for (size_t si = 0; si < secs->n; si++) {
    const kk_QbankSection *sec = &secs->v[si];
    fputs("$CATEGORY: ", f);
    for (const char *t = sec->category; *t; t++) fputc(*t == '\n' ? ' ' : *t, f);
    fputs("\n\n", f);
    for (size_t i = 0; i < sec->n; i++) gift_card(f, sec->decks[i], sec->cards[i], report);
  }
  if (ferror(f)) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("write failed"));
  return KK_OK;
}

/* ---- import ------------------------------------------------------------------- */

typedef struct G {
  kk_Qbank *q;
  const char *path;
  kk_Diags *diags;
  kk_Err *err;
  int html; /* the question is [html] */
  const char *category;
} G;

/* Unescapes s[0..n) (and, for [html], turns it into text): a string in the
** arena, trimmed. */
static char *text(G *g, const char *s, size_t n) {
  kk_Buf b = {0};
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n) {
      char c = s[++i];
      if (c == 'n')
        kk_buf_add(&b, "\n", 1);
      else if (strchr("~=#{}:\\", c))
        kk_buf_add(&b, &c, 1);
      else {
        kk_buf_add(&b, "\\", 1);
        kk_buf_add(&b, &c, 1);
      }
    } else
      kk_buf_add(&b, s + i, 1);
  }
  if (b.oom) {
    kk_buf_free(&b);
    return NULL;
  }
  char *raw = kk_buf_take(&b);
  if (!raw) return NULL;
  char *t;
  if (g->html) {
    t = kk_apkg_html_text(raw, strlen(raw), NULL, NULL);
  } else {
    size_t a = 0, z = strlen(raw);
    while (a < z && (raw[a] == ' ' || raw[a] == '\n' || raw[a] == '\t')) a++;
    while (z > a && (raw[z - 1] == ' ' || raw[z - 1] == '\n' || raw[z - 1] == '\t')) z--;
    t = kk_strndup(raw + a, z - a);
  }
  kk_free(raw);
  if (!t) return NULL;
  char *r = kk_qbank_str(g->q, t, strlen(t));
  kk_free(t);
  return r;
}

/* The offset of the next unescaped ch in s[i..n), or n. */
static size_t find(const char *s, size_t i, size_t n, char ch) {
  for (; i < n; i++) {
    if (s[i] == '\\') {
      i++;
      continue;
    }
    if (s[i] == ch) return i;
  }
  return n;
}

/* Same for the two-character sequence ab. */
static size_t find2(const char *s, size_t i, size_t n, char a, char b) {
  for (; i + 1 < n; i++) {
    if (s[i] == '\\') {
      i++;
      continue;
    }
    if (s[i] == a && s[i + 1] == b) return i;
  }
  return n;
}

static void skip(G *g, int line, const char *kind, const char *title) {
  kk_diags_add(g->diags, KK_SEV_WARNING, g->path, line, 1,
               _("question '%s': %s questions are not a Kioku card type; skipped"),
               title ? title : _("(untitled)"), kind);
}

typedef struct Ans {
  const char *text, *feedback;
  double fraction; /* from %n% */
  int correct;     /* '=' */
  int has_fraction;
} Ans;

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* One question: s[0..n), starting on line `line`. */
static kk_Status question(G *g, const char *s, size_t n, int line) {
  size_t i = 0;
  const char *title = NULL;
  while (i < n && is_space(s[i])) i++;
  if (i + 1 < n && s[i] == ':' && s[i + 1] == ':') {
    size_t e = find2(s, i + 2, n, ':', ':');
    if (e < n) {
      int h = g->html;
      g->html = 0;
      title = text(g, s + i + 2, e - i - 2);
      g->html = h;
      if (!title) goto oom;
      i = e + 2;
    }
  }
  while (i < n && is_space(s[i])) i++;
  g->html = 0;
  if (i < n && s[i] == '[') {
    size_t e = find(s, i, n, ']');
    if (e < n) {
      g->html = e - i - 1 == 4 && strncmp(s + i + 1, "html", 4) == 0;
      i = e + 1;
    }
  }
  size_t ob = find(s, i, n, '{');
  if (ob >= n) {
    skip(g, line, "description", title);
    return KK_OK;
  }
  size_t cb = find(s, ob + 1, n, '}');
  if (cb >= n)
    return kk_err_set(g->err, KK_ERR_PARSE, g->path, line, 1,
                      _("question '%s': its answer block has no closing '}'"),
                      title ? title : _("(untitled)"));
  const char *before = text(g, s + i, ob - i);
  const char *after = text(g, s + cb + 1, n - cb - 1);
  if (!before || !after) goto oom;
  /* the answer block: general feedback after ####, then answers */
  const char *a = s + ob + 1;
  size_t an = cb - ob - 1;
  const char *general = NULL;
  size_t gf = find2(a, 0, an, '#', '#');
  while (gf < an && !(gf + 3 < an && a[gf + 2] == '#' && a[gf + 3] == '#'))
    gf = find2(a, gf + 1, an, '#', '#');
  if (gf < an) {
    general = text(g, a + gf + 4, an - gf - 4);
    if (!general) goto oom;
    an = gf;
  }
  size_t k = 0;
  while (k < an && is_space(a[k])) k++;
  while (an > k && is_space(a[an - 1])) an--;
  kk_DraftCard *c;
  if (k == an) {
    skip(g, line, "essay", title);
    return KK_OK;
  }
  if (a[k] == '#') { /* numerical */
    size_t st = k + 1, en = an;
    size_t eq = find(a, st, an, '=');
    if (eq < an) { /* several answers: the first full-credit one */
      st = eq + 1;
      size_t nx = find(a, st, an, '=');
      size_t tl = find(a, st, an, '~');
      en = nx < tl ? nx : tl;
      if (st < en && a[st] == '%') st = find(a, st + 1, en, '%') + 1;
    }
    size_t fb = find(a, st, en, '#');
    char num[128];
    snprintf(num, sizeof num, "%.*s", (int)(fb - st), a + st);
    /* value, min..max or value:tolerance, each a plain finite decimal */
    char *dots = strstr(num, ".."), *colon = dots ? NULL : strchr(num, ':');
    char *cut = dots ? dots : colon;
    double v, tol = 0;
    if (!kk_num_parse(num, cut ? (size_t)(cut - num) : strlen(num), &v)) goto bad_number;
    if (dots) {
      double hi;
      if (!kk_num_parse(dots + 2, strlen(dots + 2), &hi)) goto bad_number;
      tol = (hi - v) / 2;
      v = v + tol;
    } else if (colon && !kk_num_parse(colon + 1, strlen(colon + 1), &tol)) {
      goto bad_number;
    }
    if (!isfinite(v) || !isfinite(tol)) goto bad_number; /* 1e308 minus -1e308 */
    if (!(c = kk_qbank_add(g->q))) goto oom;
    c->type = KK_CARD_NUMERIC;
    c->value = v;
    c->tolerance = tol < 0 ? -tol : tol;
  } else {
    /* true/false? */
    size_t fb = find(a, k, an, '#');
    size_t wl = fb - k;
    while (wl && is_space(a[k + wl - 1])) wl--;
    char w[8] = "";
    if (wl < sizeof w) {
      for (size_t j = 0; j < wl; j++) w[j] = (char)(a[k + j] | 0x20);
      w[wl] = '\0';
    }
    if (!strcmp(w, "t") || !strcmp(w, "true") || !strcmp(w, "f") || !strcmp(w, "false")) {
      if (!(c = kk_qbank_add(g->q))) goto oom;
      c->type = KK_CARD_TRUEFALSE;
      c->truth = w[0] == 't';
    } else {
      /* answers: each starts with an unescaped = or ~ */
      Ans ans[64];
      size_t na = 0, more = 0;
      int tilde = 0, arrow = 0;
      size_t p = k;
      while (p < an) {
        if (a[p] != '=' && a[p] != '~') {
          p++;
          continue;
        }
        if (na == 64) { /* more than any card holds: counted, not kept */
          more++;
          p = find(a, p + 1, an, '=') < find(a, p + 1, an, '~') ? find(a, p + 1, an, '=')
                                                                : find(a, p + 1, an, '~');
          continue;
        }
        Ans *x = &ans[na++];
        memset(x, 0, sizeof *x);
        x->correct = a[p] == '=';
        tilde |= a[p] == '~';
        size_t st = p + 1, e1 = find(a, st, an, '='), e2 = find(a, st, an, '~');
        size_t en = e1 < e2 ? e1 : e2;
        if (st < en && a[st] == '%') {
          size_t pe = find(a, st + 1, en, '%');
          if (pe < en) {
            x->fraction = strtod(a + st + 1, NULL);
            x->has_fraction = 1;
            st = pe + 1;
          }
        }
        if (find2(a, st, en, '-', '>') < en) arrow = 1;
        size_t fbk = find(a, st, en, '#');
        x->text = text(g, a + st, fbk - st);
        if (fbk < en) x->feedback = text(g, a + fbk + 1, en - fbk - 1);
        if (!x->text || (fbk < en && !x->feedback)) goto oom;
        if (x->feedback && !*x->feedback) x->feedback = NULL;
        p = en;
      }
      if (arrow) {
        skip(g, line, "matching", title);
        return KK_OK;
      }
      if (more) { /* never cut silently: a card would lose answers */
        kk_diags_add(g->diags, KK_SEV_WARNING, g->path, line, 1,
                     _("question '%s' has %zu answers, more than a Kioku card holds; skipped"),
                     title ? title : _("(untitled)"), na + more);
        return KK_OK;
      }
      if (!na) {
        skip(g, line, "unrecognised", title);
        return KK_OK;
      }
      if (!(c = kk_qbank_add(g->q))) goto oom;
      if (!tilde && *after && na == 1) { /* missing word, short answer: a cloze */
        c->type = KK_CARD_CLOZE;
        kk_Buf b = {0};
        kk_buf_str(&b, before);
        kk_buf_str(&b, *before ? " {{c1::" : "{{c1::");
        kk_buf_str(&b, ans[0].text);
        kk_buf_str(&b, *after ? "}} " : "}}");
        kk_buf_str(&b, after);
        char *t = kk_buf_take(&b);
        if (!t) goto oom;
        c->front = kk_qbank_str(g->q, t, strlen(t));
        kk_free(t);
        if (!c->front) goto oom;
        c->back = general;
        general = NULL;
      } else if (!tilde) {
        c->type = KK_CARD_TYPED;
        const char **v = kk_arena_alloc(&g->q->ar, na * sizeof *v);
        if (!v) goto oom;
        for (size_t j = 0; j < na; j++) v[j] = ans[j].text;
        c->answers = v;
        c->nanswers = na;
      } else {
        c->type = KK_CARD_CHOICE;
        const char **items = kk_arena_alloc(&g->q->ar, na * sizeof *items);
        const char **fbs = kk_arena_alloc(&g->q->ar, na * sizeof *fbs);
        int *cor = kk_arena_alloc(&g->q->ar, na * sizeof *cor);
        if (!items || !fbs || !cor) goto oom;
        size_t ncor = 0;
        for (size_t j = 0; j < na; j++) {
          items[j] = ans[j].text;
          fbs[j] = ans[j].feedback;
          cor[j] = ans[j].has_fraction ? ans[j].fraction > 0 : ans[j].correct;
          ncor += cor[j] != 0;
        }
        if (!ncor) {
          kk_diags_add(g->diags, KK_SEV_WARNING, g->path, line, 1,
                       _("question '%s': no answer earns credit; skipped"),
                       title ? title : _("(untitled)"));
          g->q->ncards--;
          return KK_OK;
        }
        for (size_t j = 0; j < na; j++)
          if (ans[j].has_fraction && ans[j].fraction > 0) {
            /* a share other than an equal one of 100 */
            double share = 100.0 / (double)ncor;
            if (ans[j].fraction < share - 0.01 || ans[j].fraction > share + 0.01)
              kk_diags_add(g->diags, KK_SEV_WARNING, g->path, line, 1,
                           _("question '%s': option '%s' earns %g%%; Kioku gives every "
                             "correct option an equal share"),
                           title ? title : _("(untitled)"), ans[j].text, ans[j].fraction);
          }
        c->items = items;
        c->nitems = na;
        c->feedback = fbs;
        c->correct = cor;
        if (*after) { /* missing word with choices: a blank in the question */
          kk_Buf b = {0};
          kk_buf_str(&b, before);
          kk_buf_str(&b, " ___ ");
          kk_buf_str(&b, after);
          char *t = kk_buf_take(&b);
          if (!t) goto oom;
          before = kk_qbank_str(g->q, t, strlen(t));
          kk_free(t);
          if (!before) goto oom;
        }
      }
    }
  }
  if (!c->front) c->front = before;
  c->explanation = general && *general ? general : NULL;
  c->id = title;
  c->src_line = line;
  if (g->category) {
    const char **tv = kk_arena_alloc(&g->q->ar, sizeof *tv);
    if (!tv) goto oom;
    tv[0] = g->category;
    c->tags = tv;
    c->ntags = 1;
  }
  if (!*c->front) {
    g->q->ncards--;
    kk_diags_add(g->diags, KK_SEV_WARNING, g->path, line, 1,
                 _("question '%s' has no text; skipped"), title ? title : _("(untitled)"));
  }
  return KK_OK;
bad_number:
  return kk_err_set(g->err, KK_ERR_PARSE, g->path, line, 1,
                    _("question '%s': not a numerical answer"), title ? title : _("(untitled)"));
oom:
  return kk_err_set(g->err, KK_ERR_NOMEM, g->path, line, 1, _("out of memory"));
}

/* A category name as a tag: letters, digits, '-', '_' and non-ASCII kept,
** the rest '-'; the last path level only ($course$/top/Name -> Name). */
static const char *category_tag(G *g, const char *s, size_t n) {
  const char *slash = NULL;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '/') slash = s + i;
  if (slash) {
    n -= (size_t)(slash + 1 - s);
    s = slash + 1;
  }
  char *t = kk_qbank_str(g->q, s, n);
  if (!t) return NULL;
  for (char *p = t; *p; p++)
    if ((unsigned char)*p < 0x80 && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                                      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
      *p = '-';
  return t;
}

kk_Status kk_gift_import(const char *buf, size_t len, const char *path, kk_Qbank *q,
                         kk_Diags *diags, kk_Err *err) {
  G g = {.q = q, .path = path, .diags = diags, .err = err};
  kk_Buf cur = {0};
  int line = 1, qline = 0;
  kk_Status st = KK_OK;
  size_t i = 0;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i <= len) {
    size_t e = i;
    while (e < len && buf[e] != '\n') e++;
    const char *l = buf + i;
    size_t ln = e - i;
    if (ln && l[ln - 1] == '\r') ln--;
    size_t k = 0;
    while (k < ln && (l[k] == ' ' || l[k] == '\t')) k++;
    int blank = k == ln;
    if (k + 2 <= ln && l[k] == '/' && l[k + 1] == '/') {
      /* a comment line */
    } else if (k + 10 <= ln && strncmp(l + k, "$CATEGORY:", 10) == 0) {
      size_t a = k + 10;
      while (a < ln && l[a] == ' ') a++;
      char *name = kk_qbank_str(q, l + a, ln - a);
      if (!name) goto oom;
      const char *slash = strrchr(name, '/');
      if (!q->title) q->title = slash ? slash + 1 : name;
      g.category = category_tag(&g, l + a, ln - a);
      if (!g.category) goto oom;
    } else if (blank) {
      if (cur.n) {
        if ((st = question(&g, cur.p, cur.n, qline)) != KK_OK) goto done;
        kk_buf_free(&cur);
      }
    } else {
      if (!cur.n) qline = line;
      kk_buf_add(&cur, l, ln);
      kk_buf_add(&cur, "\n", 1);
    }
    if (cur.oom) goto oom;
    line++;
    i = e + 1;
  }
  if (cur.n) st = question(&g, cur.p, cur.n, qline);
  if (st == KK_OK) kk_qbank_drop_oversize(q, path, diags);
  goto done;
oom:
  st = kk_err_set(err, KK_ERR_NOMEM, path, line, 1, _("out of memory"));
done:
  kk_buf_free(&cur);
  return st;
}
