/*
** mxml.c -- Moodle XML out of and into Kioku.
**
** Divisions: export (CDATA, files, one question per card) -- import (one
** card per question, embedded answers, files).
*/
#define _POSIX_C_SOURCE 200809L
#include "core/interop/mxml.h"
#include "core/base/i18n.h"
#include "core/base/num.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/file.h"
#include "core/deck/cloze.h"
#include "core/interop/apkg.h"
#include "core/interop/xml.h"

/* ---- export ------------------------------------------------------------------ */

/* s inside CDATA; a "]]>" in it is split across two sections. */
static void cdata(FILE *f, const char *s) {
  fputs("<![CDATA[", f);
  for (; *s; s++) {
    if (s[0] == ']' && s[1] == ']' && s[2] == '>') {
      fputs("]]]]><![CDATA[>", f);
      s += 2;
      continue;
    }
    fputc(*s, f);
  }
  fputs("]]>", f);
}

/* s as XML character data (for names and short plain values). */
static void xesc(FILE *f, const char *s) {
  for (; *s; s++) switch (*s) {
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '&': fputs("&amp;", f); break;
    case '"': fputs("&quot;", f); break;
    default: fputc(*s, f);
    }
}

static void html_text(FILE *f, const char *tag, const char *s, const char *extra_html) {
  char *h = kk_qbank_html(s ? s : "");
  fprintf(f, "    <%s format=\"html\"><text>", tag);
  kk_Buf b = {0};
  kk_buf_str(&b, h ? h : "");
  if (extra_html) kk_buf_str(&b, extra_html);
  cdata(f, b.p ? b.p : "");
  kk_buf_free(&b);
  free(h);
  fprintf(f, "</text></%s>\n", tag);
}

/* The general feedback: the cloze's extra text and the explanation. */
static void general(FILE *f, const kk_Card *c) {
  kk_Buf b = {0};
  if (c->type == KK_CARD_CLOZE && c->back && *c->back) kk_buf_str(&b, c->back);
  if (c->explanation && *c->explanation) {
    if (b.n) kk_buf_str(&b, "\n\n");
    kk_buf_str(&b, c->explanation);
  }
  html_text(f, "generalfeedback", b.p ? b.p : "", NULL);
  kk_buf_free(&b);
}

/* An answer in Moodle's embedded-answer syntax: } # ~ / " \ escaped. */
static void embedded(kk_Buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (strchr("}#~/\"\\", s[i])) kk_buf_add(b, "\\", 1);
    kk_buf_add(b, s + i, 1);
  }
}

/* Writes the image as a base64 <file>; returns 0 if it could not be read. */
static int file_elem(FILE *f, const kk_Card *c, const char *name, kk_Err *err) {
  char *data = NULL;
  size_t len = 0;
  if (kk_file_read(c->image_path, KK_QBANK_MAX_IMAGE, &data, &len, err) != KK_OK) return 0;
  size_t blen = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
  char *b64 = kk_malloc(blen);
  if (!b64) {
    kk_free(data);
    return 0;
  }
  sodium_bin2base64(b64, blen, (const unsigned char *)data, len, sodium_base64_VARIANT_ORIGINAL);
  fputs("      <file name=\"", f);
  xesc(f, name);
  fprintf(f, "\" path=\"/\" encoding=\"base64\">%s</file>\n", b64);
  kk_free(b64);
  kk_free(data);
  return 1;
}

static void answer(FILE *f, const char *fraction, const char *fmt, const char *text,
                   const char *fb) {
  fprintf(f, "    <answer fraction=\"%s\" format=\"%s\">\n      <text>", fraction, fmt);
  if (strcmp(fmt, "html") == 0) {
    char *h = kk_qbank_html(text);
    cdata(f, h ? h : "");
    free(h);
  } else
    cdata(f, text);
  fputs("</text>\n", f);
  if (fb) {
    fputs("  ", f);
    html_text(f, "feedback", fb, NULL);
  }
  fputs("    </answer>\n", f);
}

static const char *type_of(kk_CardType t) {
  switch (t) {
  case KK_CARD_CLOZE: return "multianswer";
  case KK_CARD_CHOICE: return "multichoice";
  case KK_CARD_NUMERIC: return "numerical";
  case KK_CARD_TRUEFALSE: return "truefalse";
  case KK_CARD_ORDER: return "ordering";
  default: return "shortanswer";
  }
}

static kk_Status mxml_card(FILE *f, const kk_Deck *d, const kk_Card *c, kk_Diags *rep,
                           kk_Err *err) {
  char img_html[700] = "";
  const char *img = NULL;
  if (c->image && c->image_path) {
    img = strrchr(c->image, '/');
    img = img ? img + 1 : c->image;
    snprintf(img_html, sizeof img_html, "<br><img src=\"@@PLUGINFILE@@/%s\" alt=\"\">", img);
  }
  fprintf(f, "  <question type=\"%s\">\n    <name><text>", type_of(c->type));
  xesc(f, c->id);
  fputs("</text></name>\n", f);
  /* the question text */
  if (c->type == KK_CARD_CLOZE) {
    kk_ClozeResult cr;
    kk_cloze_parse(c->front, strlen(c->front), &cr);
    kk_Buf b = {0};
    size_t at = 0;
    int hints = 0;
    for (size_t i = 0; i < cr.n; i++) {
      const kk_ClozeSpan *sp = &cr.spans[i];
      char *part = kk_strndup(c->front + at, sp->start - at);
      char *h = part ? kk_qbank_html(part) : NULL;
      kk_buf_str(&b, h ? h : "");
      free(h);
      kk_free(part);
      kk_buf_str(&b, "{1:SHORTANSWER:=");
      embedded(&b, c->front + sp->ans, sp->ans_len);
      kk_buf_str(&b, "}");
      hints |= sp->hint_len > 0;
      at = sp->end;
    }
    char *h = kk_qbank_html(c->front + at);
    kk_buf_str(&b, h ? h : "");
    free(h);
    kk_buf_str(&b, img_html);
    fputs("    <questiontext format=\"html\"><text>", f);
    cdata(f, b.p ? b.p : "");
    fputs("</text>\n", f);
    kk_buf_free(&b);
    if (hints)
      kk_qbank_report(rep, d, c, _("cloze hints are dropped (embedded answers have none)"));
    int same = 0;
    for (size_t i = 1; i < cr.n; i++)
      for (size_t k = 0; k < i; k++) same |= cr.spans[i].ord == cr.spans[k].ord;
    if (same) kk_qbank_report(rep, d, c, _("blanks sharing a cloze number become separate blanks"));
  } else {
    char *h = kk_qbank_html(c->front);
    fputs("    <questiontext format=\"html\"><text>", f);
    kk_Buf b = {0};
    kk_buf_str(&b, h ? h : "");
    kk_buf_str(&b, img_html);
    cdata(f, b.p ? b.p : "");
    kk_buf_free(&b);
    free(h);
    fputs("</text>\n", f);
  }
  if (img && !file_elem(f, c, img, err)) return err->code ? err->code : KK_ERR_NOMEM;
  fputs("    </questiontext>\n", f);
  general(f, c);
  fputs("    <defaultgrade>1</defaultgrade>\n    <penalty>0.3333333</penalty>\n"
        "    <hidden>0</hidden>\n    <idnumber>",
        f);
  xesc(f, c->id);
  fputs("</idnumber>\n", f);
  char pct[32];
  switch (c->type) {
  case KK_CARD_BASIC:
  case KK_CARD_REVERSED:
    kk_qbank_report_short_answer(rep, d, c);
    fputs("    <usecase>0</usecase>\n", f);
    answer(f, "100", "moodle_auto_format", c->back, NULL);
    break;
  case KK_CARD_TYPED:
    fputs("    <usecase>0</usecase>\n", f);
    for (size_t i = 0; i < c->nanswers; i++)
      answer(f, "100", "moodle_auto_format", c->answers[i], NULL);
    break;
  case KK_CARD_CHOICE:
    fprintf(f,
            "    <single>%s</single>\n    <shuffleanswers>true</shuffleanswers>\n"
            "    <answernumbering>abc</answernumbering>\n",
            c->ncorrect == 1 ? "true" : "false");
    for (size_t i = 0; i < c->noptions; i++) {
      const kk_Option *o = &c->options[i];
      if (c->ncorrect == 1)
        snprintf(pct, sizeof pct, "%s", o->correct ? "100" : "0");
      else
        kk_qbank_percent(pct, sizeof pct, kk_qbank_fraction(o->correct, c->ncorrect, c->noptions));
      answer(f, pct, "html", o->text, o->feedback);
      if (o->fixed) kk_qbank_report(rep, d, c, _("option %zu's fixed place is dropped"), i + 1);
    }
    break;
  case KK_CARD_NUMERIC: {
    char v[64], t[64];
    snprintf(v, sizeof v, "%.15g", c->value);
    snprintf(t, sizeof t, "%.15g", c->tolerance);
    fprintf(f,
            "    <answer fraction=\"100\" format=\"moodle_auto_format\">\n"
            "      <text>%s</text>\n      <tolerance>%s</tolerance>\n    </answer>\n",
            v, t);
    if (c->unit) {
      fputs("    <units>\n      <unit>\n        <multiplier>1</multiplier>\n"
            "        <unit_name>",
            f);
      xesc(f, c->unit);
      fputs("</unit_name>\n      </unit>\n    </units>\n"
            "    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1</unitpenalty>\n"
            "    <showunits>3</showunits>\n    <unitsleft>0</unitsleft>\n",
            f);
    }
    break;
  }
  case KK_CARD_TRUEFALSE:
    answer(f, c->truth ? "100" : "0", "moodle_auto_format", "true", NULL);
    answer(f, c->truth ? "0" : "100", "moodle_auto_format", "false", NULL);
    break;
  case KK_CARD_ORDER:
    fputs("    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n"
          "    <selectcount>0</selectcount>\n    <gradingtype>ABSOLUTE_POSITION</gradingtype>\n"
          "    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n",
          f);
    for (size_t i = 0; i < c->nitems; i++) {
      snprintf(pct, sizeof pct, "%zu", i + 1);
      answer(f, pct, "html", c->items[i], NULL);
    }
    break;
  default: break;
  }
  fputs("  </question>\n", f);
  return KK_OK;
}

kk_Status kk_mxml_export(const kk_QbankSections *secs, FILE *f, kk_Diags *report, kk_Err *err) {
  if (sodium_init() < 0) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("libsodium failed"));
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Written by kioku export --format "
        "moodle-xml -->\n<quiz>\n",
        f);
  for (size_t si = 0; si < secs->n; si++) {
    const kk_QbankSection *sec = &secs->v[si];
    fputs("  <question type=\"category\">\n    <category><text>$course$/top/", f);
    xesc(f, sec->category);
    fputs("</text></category>\n  </question>\n", f);
    for (size_t i = 0; i < sec->n; i++) {
      kk_Err e = {0};
      kk_Status st = mxml_card(f, sec->decks[i], sec->cards[i], report, &e);
      if (st != KK_OK) {
        if (err) *err = e;
        return st;
      }
    }
  }
  fputs("</quiz>\n", f);
  if (ferror(f)) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("write failed"));
  return KK_OK;
}

/* ---- import ------------------------------------------------------------------ */

typedef struct M {
  kk_Qbank *q;
  const char *path;
  kk_Diags *diags;
  kk_Err *err;
  const char *category;
  /* images the current text shows */
  const char *img;
  size_t nimg;
} M;

static void on_img(void *ud, const char *src) {
  M *m = ud;
  if (!m->nimg++) m->img = kk_qbank_str(m->q, src, strlen(src));
}

/* HTML (or plain) text to Kioku text, in the arena. */
static const char *txt(M *m, const char *s, int images) {
  char *t = kk_apkg_html_text(s, strlen(s), images ? on_img : NULL, m);
  if (!t) return NULL;
  const char *r = kk_qbank_str(m->q, t, strlen(t));
  kk_free(t);
  return r;
}

static void skip(M *m, const kk_Xml *x, const char *type, const char *name) {
  kk_diags_add(m->diags, KK_SEV_WARNING, m->path, x->line, 1,
               _("question '%s': %s questions are not a Kioku card type; skipped"),
               name && *name ? name : _("(untitled)"), type);
}

static const char *pname(const char *s) {
  return strncmp(s, "@@PLUGINFILE@@/", 15) == 0 ? s + 15 : s;
}

/* The question's image: the first <img> of its text, taken from the
** embedded files when it is a PNG. */
static kk_Status take_image(M *m, const kk_Xml *qx, const kk_Xml *qt, kk_DraftCard *c,
                            const char *name) {
  if (!m->nimg) return KK_OK;
  const char *want = pname(m->img);
  if (m->nimg > 1)
    kk_diags_add(m->diags, KK_SEV_WARNING, m->path, qx->line, 1,
                 _("question '%s': only the first image is kept"), name);
  size_t l = strlen(want);
  if (l < 5 || strcmp(want + l - 4, ".png") != 0) {
    kk_diags_add(m->diags, KK_SEV_WARNING, m->path, qx->line, 1,
                 _("question '%s': image '%s' is not a PNG and was left out"), name, want);
    return KK_OK;
  }
  for (size_t i = 0; qt && i < qt->nkids; i++) {
    const kk_Xml *fx = qt->kids[i];
    const char *fn = kk_xml_attr(fx, "name");
    if (strcmp(fx->name, "file") != 0 || !fn || strcmp(fn, want) != 0) continue;
    size_t tl = strlen(fx->text), bl = 0;
    unsigned char *bin = kk_malloc(tl / 4 * 3 + 4);
    if (!bin) return kk_err_set(m->err, KK_ERR_NOMEM, m->path, 0, 0, _("out of memory"));
    if (sodium_base642bin(bin, tl / 4 * 3 + 4, fx->text, tl, " \t\r\n", &bl, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
      kk_free(bin);
      return kk_err_set(m->err, KK_ERR_PARSE, m->path, fx->line, 1,
                        _("file '%s' is not valid base64"), fn);
    }
    kk_Status st = kk_qbank_image(m->q, fn, bin, bl, m->err);
    kk_free(bin);
    if (st != KK_OK) {
      m->err->line = fx->line;
      snprintf(m->err->path, sizeof m->err->path, "%s", m->path);
      return st;
    }
    c->image = kk_qbank_str(m->q, fn, strlen(fn));
    return KK_OK;
  }
  return kk_err_set(m->err, KK_ERR_NOTFOUND, m->path, qx->line, 1,
                    _("question '%s' shows '%s', which the file does not hold"), name, want);
}

/* Embedded answers {N:TYPE:=a#fb~b} in t to cloze markers. */
static const char *embedded_to_cloze(M *m, const kk_Xml *qx, const char *t, const char *name) {
  kk_Buf b = {0};
  int k = 0;
  for (size_t i = 0; t[i];) {
    if (t[i] != '{') {
      kk_buf_add(&b, t + i++, 1);
      continue;
    }
    size_t j = i + 1;
    while (t[j] >= '0' && t[j] <= '9') j++;
    if (t[j] != ':') {
      kk_buf_add(&b, t + i++, 1);
      continue;
    }
    size_t ts = j + 1, te = ts;
    while (t[te] && t[te] != ':' && t[te] != '}') te++;
    if (t[te] != ':') {
      kk_buf_add(&b, t + i++, 1);
      continue;
    }
    /* the answers up to the unescaped '}' */
    size_t e = te + 1;
    while (t[e] && t[e] != '}') e += t[e] == '\\' && t[e + 1] ? 2 : 1;
    if (!t[e]) {
      kk_buf_add(&b, t + i++, 1);
      continue;
    }
    int choice = strncmp(t + ts, "MULTICHOICE", 11) == 0 || strncmp(t + ts, "MC", 2) == 0 ||
                 strncmp(t + ts, "MULTIRESPONSE", 13) == 0 || strncmp(t + ts, "MR", 2) == 0;
    int numerical = strncmp(t + ts, "NUMERICAL", 9) == 0 || strncmp(t + ts, "NM", 2) == 0;
    /* the first full-credit answer: '=' or %100%; answers are separated
    ** by '~', feedback follows '#' */
    kk_Buf ans = {0};
    int found = 0;
    for (size_t p = te + 1; p < e && !found;) {
      int full = 0;
      size_t s = p;
      if (t[s] == '~') s++;
      if (t[s] == '=') full = 1, s++;
      if (s < e && t[s] == '%') {
        full = strtod(t + s + 1, NULL) >= 100;
        size_t pe = s + 1;
        while (pe < e && t[pe] != '%') pe++;
        s = pe < e ? pe + 1 : e;
      }
      size_t q = s;
      while (q < e && t[q] != '~' && t[q] != '#') q += t[q] == '\\' && q + 1 < e ? 2 : 1;
      if (full) {
        for (size_t r = s; r < q; r++) {
          if (t[r] == '\\' && r + 1 < q)
            r++;
          else if (numerical && t[r] == ':')
            break;
          kk_buf_add(&ans, t + r, 1);
        }
        found = 1;
      }
      while (q < e && t[q] != '~') q += t[q] == '\\' && q + 1 < e ? 2 : 1;
      p = q;
    }
    if (!found || !ans.n) {
      kk_buf_free(&ans);
      kk_buf_free(&b);
      kk_diags_add(m->diags, KK_SEV_WARNING, m->path, qx->line, 1,
                   _("question '%s': an embedded answer without a full-credit answer; skipped"),
                   name);
      return "";
    }
    if (choice)
      kk_diags_add(m->diags, KK_SEV_WARNING, m->path, qx->line, 1,
                   _("question '%s': embedded choices become a typed blank"), name);
    char head[32];
    snprintf(head, sizeof head, "{{c%d::", ++k);
    kk_buf_str(&b, head);
    kk_buf_add(&b, ans.p, ans.n);
    kk_buf_str(&b, "}}");
    kk_buf_free(&ans);
    i = e + 1;
  }
  if (b.oom) {
    kk_buf_free(&b);
    return NULL;
  }
  const char *r = kk_qbank_str(m->q, b.p ? b.p : "", b.n);
  kk_buf_free(&b);
  if (r && !k) {
    kk_diags_add(m->diags, KK_SEV_WARNING, m->path, qx->line, 1,
                 _("question '%s': no embedded answers; skipped"), name);
    return "";
  }
  return r;
}

static kk_Status question(M *m, const kk_Xml *qx) {
  const char *type = kk_xml_attr(qx, "type");
  if (!type) type = "";
  if (strcmp(type, "category") == 0) {
    const char *cat = kk_xml_text(qx, "category");
    const char *slash = strrchr(cat, '/');
    const char *last = slash ? slash + 1 : cat;
    if (!*last) return KK_OK;
    char *tag = kk_qbank_str(m->q, last, strlen(last));
    if (!tag) goto oom;
    if (!m->q->title) m->q->title = tag;
    char *t2 = kk_qbank_str(m->q, last, strlen(last));
    if (!t2) goto oom;
    for (char *p = t2; *p; p++)
      if ((unsigned char)*p < 0x80 && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                                        (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
        *p = '-';
    m->category = t2;
    return KK_OK;
  }
  const char *name = kk_xml_text(qx, "name");
  static const char *const known[] = {"multichoice", "truefalse", "shortanswer", "numerical",
                                      "multianswer", "ordering",  NULL};
  int ok = 0;
  for (size_t i = 0; known[i]; i++) ok |= strcmp(type, known[i]) == 0;
  if (!ok) {
    skip(m, qx, type, name);
    return KK_OK;
  }
  const kk_Xml *qt = kk_xml_child(qx, "questiontext");
  m->img = NULL;
  m->nimg = 0;
  const char *front = txt(m, kk_xml_text(qx, "questiontext"), 1);
  const char *gf = txt(m, kk_xml_text(qx, "generalfeedback"), 0);
  if (!front || !gf) goto oom;
  kk_DraftCard *c = kk_qbank_add(m->q);
  if (!c) goto oom;
  c->id = *name ? kk_qbank_str(m->q, name, strlen(name)) : NULL;
  c->front = front;
  c->explanation = *gf ? gf : NULL;
  c->src_line = qx->line;
  if (m->category) {
    const char **tv = kk_arena_alloc(&m->q->ar, sizeof *tv);
    if (!tv) goto oom;
    tv[0] = m->category;
    c->tags = tv;
    c->ntags = 1;
  }
  /* answers */
  size_t na = 0;
  for (size_t i = 0; i < qx->nkids; i++) na += strcmp(qx->kids[i]->name, "answer") == 0;
  const char **texts = kk_arena_alloc(&m->q->ar, (na + 1) * sizeof *texts);
  const char **fbs = kk_arena_alloc(&m->q->ar, (na + 1) * sizeof *fbs);
  double *fr = kk_arena_alloc(&m->q->ar, (na + 1) * sizeof *fr);
  const kk_Xml **ax = kk_arena_alloc(&m->q->ar, (na + 1) * sizeof(const kk_Xml *));
  if (!texts || !fbs || !fr || !ax) goto oom;
  na = 0;
  for (size_t i = 0; i < qx->nkids; i++) {
    const kk_Xml *a = qx->kids[i];
    if (strcmp(a->name, "answer") != 0) continue;
    const char *fmt = kk_xml_attr(a, "format");
    const kk_Xml *tx = kk_xml_child(a, "text");
    const char *raw = tx ? tx->text : a->text;
    texts[na] =
        fmt && strcmp(fmt, "html") == 0 ? txt(m, raw, 0) : kk_qbank_str(m->q, raw, strlen(raw));
    const char *fb = kk_xml_text(a, "feedback");
    fbs[na] = *fb ? txt(m, fb, 0) : NULL;
    const char *fs = kk_xml_attr(a, "fraction");
    fr[na] = fs ? strtod(fs, NULL) : 0;
    ax[na] = a;
    if (!texts[na] || (*fb && !fbs[na])) goto oom;
    na++;
  }
  if (strcmp(type, "multichoice") == 0) {
    int *cor = kk_arena_alloc(&m->q->ar, (na + 1) * sizeof *cor);
    if (!cor) goto oom;
    size_t ncor = 0;
    for (size_t i = 0; i < na; i++) ncor += (cor[i] = fr[i] > 0) != 0;
    if (!ncor) goto no_credit;
    for (size_t i = 0; i < na; i++)
      if (cor[i] && (fr[i] < 100.0 / (double)ncor - 0.01 || fr[i] > 100.0 / (double)ncor + 0.01))
        kk_diags_add(m->diags, KK_SEV_WARNING, m->path, ax[i]->line, 1,
                     _("question '%s': option '%s' earns %g%%; Kioku gives every correct option "
                       "an equal share"),
                     name, texts[i], fr[i]);
    c->type = KK_CARD_CHOICE;
    c->items = texts;
    c->nitems = na;
    c->feedback = fbs;
    c->correct = cor;
  } else if (strcmp(type, "truefalse") == 0) {
    c->type = KK_CARD_TRUEFALSE;
    int set = 0;
    for (size_t i = 0; i < na && !set; i++)
      if (fr[i] >= 100) {
        c->truth = strcmp(texts[i], "true") == 0;
        set = 1;
      }
    if (!set) goto no_credit;
  } else if (strcmp(type, "shortanswer") == 0) {
    c->type = KK_CARD_TYPED;
    const char **v = kk_arena_alloc(&m->q->ar, (na + 1) * sizeof *v);
    if (!v) goto oom;
    for (size_t i = 0; i < na; i++)
      if (fr[i] >= 100)
        v[c->nanswers++] = texts[i];
      else
        kk_diags_add(m->diags, KK_SEV_WARNING, m->path, ax[i]->line, 1,
                     _("question '%s': answer '%s' earns %g%%; Kioku accepts full-credit "
                       "answers only, so it is left out"),
                     name, texts[i], fr[i]);
    c->answers = v;
    if (!c->nanswers) goto no_credit;
  } else if (strcmp(type, "numerical") == 0) {
    c->type = KK_CARD_NUMERIC;
    size_t i = 0;
    while (i < na && fr[i] < 100) i++;
    if (i == na) goto no_credit;
    if (!kk_num_parse(texts[i], strlen(texts[i]), &c->value))
      return kk_err_set(m->err, KK_ERR_PARSE, m->path, ax[i]->line, 1,
                        _("question '%s': answer '%s' is not a number"), name, texts[i]);
    const kk_Xml *tol = kk_xml_child(ax[i], "tolerance");
    c->tolerance = 0;
    if (tol && *tol->text && !kk_num_parse(tol->text, strlen(tol->text), &c->tolerance))
      return kk_err_set(m->err, KK_ERR_PARSE, m->path, tol->line, 1,
                        _("question '%s': tolerance '%s' is not a number"), name, tol->text);
    if (c->tolerance < 0) c->tolerance = -c->tolerance;
    const kk_Xml *units = kk_xml_child(qx, "units");
    for (size_t u = 0; units && u < units->nkids; u++) {
      const kk_Xml *ux = units->kids[u];
      if (strcmp(kk_xml_text(ux, "multiplier"), "1") == 0 ||
          strtod(kk_xml_text(ux, "multiplier"), NULL) == 1) {
        const char *un = kk_xml_text(ux, "unit_name");
        if (*un) c->unit = kk_qbank_str(m->q, un, strlen(un));
        break;
      }
    }
  } else if (strcmp(type, "multianswer") == 0) {
    c->type = KK_CARD_CLOZE;
    c->front = embedded_to_cloze(m, qx, front, name);
    if (!c->front) goto oom;
    if (!*c->front) {
      m->q->ncards--;
      return KK_OK;
    }
    c->back = NULL;
  } else { /* ordering: by fraction (the position) when all are distinct */
    c->type = KK_CARD_ORDER;
    for (size_t i = 1; i < na; i++) /* insertion sort by fraction, stable */
      for (size_t j = i; j > 0 && fr[j] < fr[j - 1]; j--) {
        double t = fr[j];
        fr[j] = fr[j - 1], fr[j - 1] = t;
        const char *s = texts[j];
        texts[j] = texts[j - 1], texts[j - 1] = s;
      }
    c->items = texts;
    c->nitems = na;
    if (na < 2) goto no_credit;
  }
  return take_image(m, qx, qt, c, name);
no_credit:
  m->q->ncards--;
  kk_diags_add(m->diags, KK_SEV_WARNING, m->path, qx->line, 1,
               _("question '%s': no answer earns full credit; skipped"), name);
  return KK_OK;
oom:
  return kk_err_set(m->err, KK_ERR_NOMEM, m->path, qx->line, 1, _("out of memory"));
}

kk_Status kk_mxml_import(const char *buf, size_t len, const char *path, kk_Qbank *q,
                         kk_Diags *diags, kk_Err *err) {
  if (sodium_init() < 0) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("libsodium failed"));
  M m = {.q = q, .path = path, .diags = diags, .err = err};
  kk_Xml *root = NULL;
  kk_Status st = kk_xml_parse(buf, len, path, &q->ar, &root, err);
  if (st != KK_OK) return st;
  if (strcmp(root->name, "quiz") != 0)
    return kk_err_set(err, KK_ERR_INVALID, path, root->line, 1,
                      _("not a Moodle question bank: the root element is <%s>, not <quiz>"),
                      root->name);
  for (size_t i = 0; i < root->nkids; i++) {
    if (strcmp(root->kids[i]->name, "question") != 0) continue;
    if ((st = question(&m, root->kids[i])) != KK_OK) return st;
  }
  kk_qbank_drop_oversize(q, path, diags);
  return KK_OK;
}
