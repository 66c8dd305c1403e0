/*
** gen_ctx.c -- what the generator asks and in what context: sentences not
** worth asking (captions, boilerplate), sentences that lean on a
** neighbour (これは, 同構想は, This), the document's terms and figures
** with how central they are and of what kind, and choice / true-false
** cards built from same-kind distractors.
**
** Divisions: sentence tests -- terms and figures -- choice and true/false.
*/
#include <stdlib.h>

#include "core/gen/gen_int.h"

/* ---- sentence tests ---------------------------------------------------------- */

static int any_prefix(const char *s, size_t n, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (starts(s, n, list[i])) return 1;
  return 0;
}

static int any_within(const char *s, size_t n, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (contains(s, n, list[i])) return 1;
  return 0;
}

int kk_gen_ctx_skip(const char *s, size_t n) {
  static const char *const caption[] = {
      "写真",  "（写真", "(写真",  "【写真",  "図1",     "図2",    "図3",   "図：",
      "表1",   "表2",    "表：",   "画像",    "出典：",  "出典:",  "Photo", "Figure ",
      "Fig. ", "Table ", "Image:", "Source:", "Caption", "Credit", NULL};
  static const char *const boiler[] = {"©",
                                       "Copyright",
                                       "copyright",
                                       "All rights reserved",
                                       "無断転載",
                                       "転載を禁",
                                       "http://",
                                       "https://",
                                       "www.",
                                       "利用規約",
                                       "お問い合わせ",
                                       "関連記事",
                                       "続きを読む",
                                       "Subscribe",
                                       "Sign up",
                                       "newsletter",
                                       "cookie",
                                       "Cookie",
                                       "＝ロイター",
                                       "=ロイター",
                                       "（ロイター）",
                                       "撮影）",
                                       "提供）",
                                       NULL};
  /* sentences about the document itself */
  static const char *const meta[] = {
      "以下は", "以下に",        "以下の",       "次は",       "本文書", "本稿",          "本記事",
      "本書",   "This document", "This article", "This paper", "Below",  "The following", NULL};
  /* sentences that announce what follows: they need the list after them */
  static const char *const ahead[] = {"以下", "次の", "as follows", "the following", NULL};
  return any_prefix(s, n, caption) || any_within(s, n, boiler) || any_prefix(s, n, meta) ||
         any_within(s, n, ahead);
}

/* Leading connectives that do not change what the sentence points at. */
static void skip_connective(const char **s, size_t *n) {
  static const char *const conn[] = {
      "しかし、",   "ただし、",      "ただ、",    "また、", "さらに、",    "一方、", "だが、",
      "なお、",     "そして、",      "However, ", "But ",   "And ",        "Yet ",   "Still, ",
      "Moreover, ", "In addition, ", "Instead, ", "Also, ", "Meanwhile, ", NULL};
  for (size_t i = 0; conn[i]; i++)
    if (starts(*s, *n, conn[i])) {
      size_t k = strlen(conn[i]);
      *s += k, *n -= k;
      return;
    }
}

/* 同 followed by a kanji, as in 同構想, 同氏, 同年; not the words that
** merely start with it (同盟, 同時, 同様, ...). */
static int dou_anaphor(const char *s, size_t n) {
  static const char *const words[] = {"同盟", "同時", "同様", "同じ", "同意", "同等", "同一",
                                      "同士", "同調", "同化", "同期", "同行", "同情", NULL};
  if (!starts(s, n, "同") || n < 6) return 0;
  size_t m;
  unsigned cp = kk_utf8_at(s, n, 3, &m);
  if (cp < 0x4E00 || cp > 0x9FFF) return 0;
  return !any_prefix(s, n, words);
}

int kk_gen_ctx_anaphor(const Gen *g, const char *s, size_t n) {
  static const char *const ja_words[] = {
      "これ",     "それ",       "あれ",       "この",     "その",     "あの",     "こうした",
      "そうした", "こういった", "そういった", "こうして", "そうして", "このよう", "そのよう",
      "彼",       "両者",       "前者",       "後者",     "理由は",   "背景には", "背景は",
      "目的は",   "狙いは",     "結果、",     "そこで",   "以上",     "上記",     "次の",
      "以下の",   "ここで",     "同様に",     NULL};
  static const char *const en_words[] = {
      "This ", "These ",     "That ",      "Those ", "It ",        "Its ",        "It's ",
      "They ", "Their ",     "Them ",      "Such ",  "He ",        "She ",        "His ",
      "Her ",  "The latter", "The former", "Both ",  "The reason", "As a result", "Here ",
      "This,", "Thus",       "Therefore",  NULL};
  (void)g;
  skip_connective(&s, &n);
  if (any_prefix(s, n, ja_words) || any_prefix(s, n, en_words) || dou_anaphor(s, n)) return 1;
  /* この計画, この構想, これを inside the sentence point back as well */
  if (contains(s, n, "この") && !contains(s, n, "このよう") && !contains(s, n, "このため"))
    return 1;
  return contains(s, n, "これを") || contains(s, n, "これに") || contains(s, n, "これが") ||
         contains(s, n, "それを") || contains(s, n, "それに");
}

char *kk_gen_ctx_resolve(Gen *g, const char *s, size_t n, const char *prev, size_t pn) {
  if (!g->morph) return NULL;
  const char *body = s;
  size_t bn = n;
  skip_connective(&body, &bn);
  size_t off = (size_t)(body - s), lead;
  if (starts(body, bn, "同") && dou_anaphor(body, bn))
    lead = 3;
  else if (starts(body, bn, "その") || starts(body, bn, "この"))
    lead = 6;
  else
    return NULL;
  /* X: the noun words right after the pointer */
  const kk_GenTok *t;
  size_t k = kk_gen_morph_parse(g->morph, body + lead, bn - lead, &t), xe = 0;
  for (size_t i = 0; i < k && t[i].start == xe; i++) {
    if (t[i].pos != KK_TOK_NOUN && t[i].pos != KK_TOK_SUFFIX && t[i].pos != KK_TOK_PROPER) break;
    xe = t[i].end;
  }
  if (xe == 0) return NULL;
  char x[256];
  if (xe >= sizeof x) return NULL;
  memcpy(x, body + lead, xe);
  x[xe] = '\0';
  /* the nearest preceding noun phrase that ends in X and says more */
  Compound cs[64];
  size_t nc = kk_gen_ctx_compounds(g, prev, pn, cs, 64);
  if (nc > 64) nc = 64;
  for (size_t i = nc; i-- > 0;) {
    size_t len = cs[i].end - cs[i].start;
    const char *a = prev + cs[i].start;
    if (len <= xe || !ends(a, len, x) || starts(a, len, "同")) continue;
    /* only a name (ゴールデン・ドーム構想, 再エネ海域利用法): a generic
    ** phrase (洋上風力発電所) loses what told it apart, so widen instead */
    if (!(cs[i].flags & (KK_TOKF_PLACE | KK_TOKF_PERSON | KK_TOKF_ORG)) && !cs[i].loan) return NULL;
    kk_Buf b = {0};
    kk_buf_add(&b, s, off);
    kk_buf_add(&b, a, len);
    kk_buf_add(&b, body + lead + xe, bn - lead - xe);
    return sb_done(g, &b);
  }
  return NULL;
}

int kk_gen_ctx_event(const char *s, size_t n) {
  static const char *const words[] = {"署名",
                                      "締結",
                                      "調印",
                                      "発表",
                                      "発効",
                                      "採択",
                                      "成立",
                                      "開始",
                                      "始ま",
                                      "侵攻",
                                      "設立",
                                      "創設",
                                      "発足",
                                      "宣言",
                                      "決定",
                                      "合意",
                                      "公表",
                                      "就任",
                                      "開催",
                                      "承認",
                                      "可決",
                                      "施行",
                                      "攻撃",
                                      "併合",
                                      "終結",
                                      "加盟し",
                                      "加盟した",
                                      "行われ",
                                      "打ち上げ",
                                      "発動",
                                      "批准",
                                      "開通",
                                      "完成",
                                      "開業",
                                      "運転を開始",
                                      "着工",
                                      "返還",
                                      "opened",
                                      "completed",
                                      "took over",
                                      "took full control",
                                      "handed over",
                                      "transferred",
                                      "signed",
                                      "adopted",
                                      "launched",
                                      "invaded",
                                      "founded",
                                      "announced",
                                      "entered into force",
                                      "joined",
                                      "established",
                                      "agreed",
                                      "declared",
                                      "approved",
                                      "took office",
                                      "began",
                                      "ended",
                                      "released",
                                      "published",
                                      "took place",
                                      "held",
                                      "ratified",
                                      "invoked",
                                      "created",
                                      NULL};
  return any_within(s, n, words);
}

int kk_gen_ctx_has_subject(Gen *g, const char *s, size_t n) {
  if (!ja(g)) return n > 0 && !(s[0] >= 'a' && s[0] <= 'z');
  if (!g->morph) return contains(s, n, "は") || contains(s, n, "が");
  const kk_GenTok *t;
  size_t k = kk_gen_morph_parse(g->morph, s, n, &t);
  for (size_t i = 0; i < k; i++)
    if (t[i].flags & (KK_TOKF_TOPIC | KK_TOKF_SUBJECT)) return 1;
  return 0;
}

int kk_gen_ctx_has_topic(Gen *g, const char *s, size_t n) {
  if (!ja(g) || !g->morph) return 1;
  const kk_GenTok *t;
  size_t k = kk_gen_morph_parse(g->morph, s, n, &t);
  for (size_t i = 0; i < k; i++)
    if (t[i].flags & KK_TOKF_TOPIC) return 1;
  return 0;
}

int kk_gen_ctx_summary(const Line *h) {
  static const char *const words[] = {"まとめ",   "要約",       "概要",     "結論",
                                      "おわりに", "要点",       "Summary",  "Conclusion",
                                      "Overview", "Key points", "In brief", NULL};
  return h && any_within(h->text, h->tlen, words);
}

/* ---- terms and figures --------------------------------------------------------- */

/* Units MeCab leaves as plain nouns (ワット, メートル) or as suffixes not
** marked as counters; counters (助数詞) count as units anyway. */
static int unit_word(const char *w, size_t n) {
  static const char *const u[] = {
      "ワット",   "ギガワット",   "キロワット", "メガワット", "ギガ",   "キロ",         "メガ",
      "メートル", "キロメートル", "トン",       "ドル",       "ユーロ", "円",           "時間",
      "基",       "機",           "隻",         "人",         "か国",   "カ国",         "周",
      "倍",       "件",           "億",         "兆",         "万",     "キロワット時", NULL};
  for (size_t i = 0; u[i]; i++)
    if (n == strlen(u[i]) && memcmp(w, u[i], n) == 0) return 1;
  return 0;
}

static int date_unit(const char *w, size_t n) {
  return (n == 3 &&
          (memcmp(w, "年", 3) == 0 || memcmp(w, "月", 3) == 0 || memcmp(w, "日", 3) == 0)) ||
         (n == 6 && memcmp(w, "年度", 6) == 0);
}

static int cmp_span_start(const void *a, const void *b) {
  const kk_GenSpan *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

size_t kk_gen_ctx_figures(Gen *g, const char *s, size_t n, kk_GenSpan *out, size_t max) {
  size_t k = kk_gen_figures(s, n, out, max);
  if (k > max) k = max;
  if (!g->morph || !ja(g)) return k;
  const kk_GenTok *t;
  size_t nt = kk_gen_morph_parse(g->morph, s, n, &t), i = 0;
  while (i < nt && k < max) {
    if (t[i].pos != KK_TOK_NUM) {
      i++;
      continue;
    }
    size_t j = i + 1;
    while (j < nt && t[j].start == t[j - 1].end &&
           (t[j].pos == KK_TOK_NUM || (t[j].pos == KK_TOK_SYMBOL && j + 1 < nt &&
                                       t[j + 1].pos == KK_TOK_NUM && t[j].end - t[j].start == 1)))
      j++;
    size_t u = j;
    while (u < nt && t[u].start == t[u - 1].end &&
           ((t[u].pos == KK_TOK_SUFFIX && (t[u].flags & KK_TOKF_COUNTER)) ||
            unit_word(s + t[u].start, t[u].end - t[u].start)) &&
           !date_unit(s + t[u].start, t[u].end - t[u].start))
      u++;
    /* "1キロワット時あたり" is a rate's denominator, not a figure */
    size_t ue = u > j ? t[u - 1].end : 0;
    if (u > j && (starts(s + ue, n - ue, "あたり") || starts(s + ue, n - ue, "当たり"))) u = j;
    /* 一例, 一度, 二つ: a small count in kanji numerals is a word, not a
    ** figure; 数百基, 数兆円 are amounts */
    int digit = 0;
    for (size_t q = t[i].start; q < t[j - 1].end; q++) digit |= s[q] >= '0' && s[q] <= '9';
    if (!digit && !contains(s + t[i].start, t[u > j ? u - 1 : j - 1].end - t[i].start, "百") &&
        !contains(s + t[i].start, t[u > j ? u - 1 : j - 1].end - t[i].start, "千") &&
        !contains(s + t[i].start, t[u > j ? u - 1 : j - 1].end - t[i].start, "万") &&
        !contains(s + t[i].start, t[u > j ? u - 1 : j - 1].end - t[i].start, "億") &&
        !contains(s + t[i].start, t[u > j ? u - 1 : j - 1].end - t[i].start, "兆"))
      u = j;
    /* 第2次, 第3条: an ordinal, not an amount */
    if (t[i].start >= 3 && memcmp(s + t[i].start - 3, "第", 3) == 0) u = j;
    /* "1周", "1人": one of something is not a fact to ask */
    if (u > j && j == i + 1 && t[i].end - t[i].start == 1 && s[t[i].start] == '1') u = j;
    if (u > j) {
      kk_GenSpan f = {t[i].start, t[u - 1].end, 5};
      int overlap = 0;
      for (size_t q = 0; q < k; q++)
        if (f.start < out[q].end && out[q].start < f.end) overlap = 1;
      if (!overlap) out[k++] = f;
    }
    i = u > j ? u : j;
  }
  qsort(out, k, sizeof *out, cmp_span_start);
  return k;
}

static int is_katakana(unsigned cp) { return (cp >= 0x30A0 && cp <= 0x30FF) || cp == 0x30FC; }

static int strip_suffix(const char *h, size_t n) {
  static const char *const w[] = {"的", "上", "中",   "下", "等", "間", "内",   "外",   "後",
                                  "前", "側", "など", "期", "時", "末", "以降", "以来", NULL};
  for (size_t i = 0; w[i]; i++)
    if (n == strlen(w[i]) && memcmp(h, w[i], n) == 0) return 1;
  return 0;
}

static int upper_at(const char *s, size_t n, size_t i) {
  return i < n && s[i] >= 'A' && s[i] <= 'Z';
}

/* English names: runs of capitalised words ("Gatun Lake", "Panama Canal
** Authority", "Ferdinand de Lesseps"), joined by of/de/the; a single word
** only when it does not start the sentence. */
static size_t en_compounds(const char *s, size_t n, Compound *out, size_t max) {
  size_t nc = 0, i = 0;
  while (i < n) {
    if (!upper_at(s, n, i) || (i > 0 && s[i - 1] != ' ' && s[i - 1] != '(' && s[i - 1] != '"')) {
      i++;
      continue;
    }
    size_t a = i, e = i, last = i;
    int words = 0;
    while (e < n && upper_at(s, n, e)) {
      size_t w = e;
      while (w < n && ((s[w] >= 'a' && s[w] <= 'z') || (s[w] >= 'A' && s[w] <= 'Z') ||
                       s[w] == '-' || (unsigned char)s[w] >= 0x80))
        w++;
      last = e;
      e = w;
      words++;
      /* a joining word and then another capitalised word */
      static const char *const joins[] = {" of ", " de ", " the ", " and ", NULL};
      size_t jn = 0;
      for (size_t q = 0; joins[q] && !jn; q++)
        if (starts(s + e, n - e, joins[q]) && upper_at(s, n, e + strlen(joins[q])))
          jn = strlen(joins[q]);
      if (jn)
        e += jn;
      else if (e + 1 < n && s[e] == ' ' && upper_at(s, n, e + 1))
        e++;
      else
        break;
    }
    if (starts(s + a, e - a, "The ") && words >= 2) a += 4, words--; /* The Panama Canal */
    int first = a == 0;
    /* French, British, Chinese, Russian: adjectives, not names */
    if (words == 1 &&
        (ends(s + a, e - a, "ch") || ends(s + a, e - a, "sh") || ends(s + a, e - a, "ese") ||
         ends(s + a, e - a, "ian") || ends(s + a, e - a, "can") || ends(s + a, e - a, "pean")))
      first = 1;
    if (words >= 2 || (!first && words == 1 && e - a >= 3)) {
      if (nc < max) {
        Compound *c = &out[nc];
        memset(c, 0, sizeof *c);
        c->start = a;
        c->end = e;
        c->head = last;
        c->ntok = words;
      }
      nc++;
    }
    i = e > a ? e : a + 1;
  }
  return nc;
}

size_t kk_gen_ctx_compounds(Gen *g, const char *s, size_t n, Compound *out, size_t max) {
  if (!ja(g)) return en_compounds(s, n, out, max);
  if (!g->morph) return 0;
  const kk_GenTok *t;
  size_t k = kk_gen_morph_parse(g->morph, s, n, &t), nc = 0;
  size_t i = 0;
  while (i < k) {
    kk_GenTokPos p = t[i].pos;
    int starter = p == KK_TOK_NOUN || p == KK_TOK_PROPER ||
                  (p == KK_TOK_PREFIX && !(t[i].flags & KK_TOKF_PRENUM) && i + 1 < k &&
                   (t[i + 1].pos == KK_TOK_NOUN || t[i + 1].pos == KK_TOK_PROPER));
    /* 同構想, 同氏 point back: not a term of their own */
    if (p == KK_TOK_PREFIX && t[i].end - t[i].start == 3 && memcmp(s + t[i].start, "同", 3) == 0)
      starter = 0;
    if (!starter) {
      i++;
      continue;
    }
    size_t j = i + 1;
    while (j < k && t[j].start == t[j - 1].end) {
      kk_GenTokPos q = t[j].pos;
      if (q == KK_TOK_NOUN || q == KK_TOK_PROPER ||
          (q == KK_TOK_SUFFIX && !(t[j].flags & KK_TOKF_COUNTER))) {
        j++;
        continue;
      }
      /* ・ between two nouns: ゴールデン・ドーム */
      if ((t[j].flags & KK_TOKF_NAKAGURO) && j + 1 < k &&
          (t[j + 1].pos == KK_TOK_NOUN || t[j + 1].pos == KK_TOK_PROPER)) {
        j += 2;
        continue;
      }
      break;
    }
    /* a サ変 noun before する is a verb, not a term */
    size_t e = j;
    if (e < k && (t[e].flags & KK_TOKF_SURU) && e - i >= 1) e--;
    /* trailing 的, 上, 下, 期 ... make an adjective or a when/where of the
    ** term: トランプ政権下 is トランプ政権 */
    int adjectival = e > i + 1 && t[e - 1].pos == KK_TOK_SUFFIX &&
                     t[e - 1].end - t[e - 1].start == 3 && memcmp(s + t[e - 1].start, "的", 3) == 0;
    while (e > i + 1 && t[e - 1].pos == KK_TOK_SUFFIX &&
           strip_suffix(s + t[e - 1].start, t[e - 1].end - t[e - 1].start))
      e--;
    if (adjectival) e = i; /* 多極的: describes, is not a term (no compound) */
    if (e > i) {
      /* a number right before ("2%目標") or after makes it part of a figure */
      int by_number = (i > 0 && t[i - 1].pos == KK_TOK_NUM) || (e < k && t[e].pos == KK_TOK_NUM) ||
                      (i > 1 && t[i - 2].pos == KK_TOK_NUM && t[i - 1].end == t[i].start) ||
                      unit_word(s + t[i].start, t[e - 1].end - t[i].start);
      if (!by_number) {
        if (nc < max) {
          Compound *c = &out[nc];
          c->start = t[i].start;
          c->end = t[e - 1].end;
          c->head = t[e - 1].start;
          c->ntok = (int)(e - i);
          c->flags = 0;
          for (size_t q = i; q < e; q++) c->flags |= t[q].flags;
          size_t at = c->start, m;
          c->katakana = 1;
          c->loan = 0;
          while (at < c->end) {
            unsigned cp = kk_utf8_at(s, n, at, &m);
            if (!is_katakana(cp) && cp != 0x30FB)
              c->katakana = 0;
            else if (cp != 0x30FB && cp != 0x30FC)
              c->loan = 1;
            at += m;
          }
        }
        nc++;
      }
    }
    i = j > i ? j : i + 1;
  }
  return nc;
}

static int vague_head(const char *h, size_t n) {
  static const char *const vague[] = {"化", "性", "的", "上", "中", "等", "間", "内",   "外",
                                      "後", "前", "下", "側", "面", "用", "度", "など", NULL};
  for (size_t i = 0; vague[i]; i++)
    if (n == strlen(vague[i]) && memcmp(h, vague[i], n) == 0) return 1;
  return 0;
}

static uint64_t term_hash(const char *s, size_t n) { return kk_hash_text(s, n, KK_HASH_INIT); }

const Term *kk_gen_ctx_term(const Gen *g, const char *s, size_t n) {
  if (!g->term_cap) return NULL;
  size_t mask = g->term_cap - 1, i = (size_t)term_hash(s, n) & mask;
  while (g->term_ix[i]) {
    const Term *t = &g->terms[g->term_ix[i] - 1];
    if (t->n == n && memcmp(t->s, s, n) == 0) return t;
    i = (i + 1) & mask;
  }
  return NULL;
}

static Term *term_add(Gen *g, const char *s, size_t n) {
  Term *found = (Term *)kk_gen_ctx_term(g, s, n);
  if (found) return found;
  if ((g->nterms + 1) * 2 > g->term_cap) {
    size_t cap = g->term_cap ? g->term_cap * 2 : 256;
    size_t *ix = kk_calloc(cap, sizeof *ix);
    if (!ix) return g->oom = 1, NULL;
    for (size_t k = 0; k < g->nterms; k++) {
      size_t i = (size_t)term_hash(g->terms[k].s, g->terms[k].n) & (cap - 1);
      while (ix[i]) i = (i + 1) & (cap - 1);
      ix[i] = k + 1;
    }
    kk_free(g->term_ix);
    g->term_ix = ix;
    g->term_cap = cap;
  }
  if (g->nterms == g->aterms) {
    Term *nt = kk_grow(g->terms, &g->aterms, g->nterms + 1, sizeof *nt, 128);
    if (!nt) return g->oom = 1, NULL;
    g->terms = nt;
  }
  Term *t = &g->terms[g->nterms];
  memset(t, 0, sizeof *t);
  t->s = adup(g, s, n);
  if (!t->s) return NULL;
  t->n = n;
  t->last_sec = -2;
  size_t i = (size_t)term_hash(s, n) & (g->term_cap - 1);
  while (g->term_ix[i]) i = (i + 1) & (g->term_cap - 1);
  g->term_ix[i] = ++g->nterms;
  return t;
}

/* The kind of a term, for distractors: the class of a proper noun, else
** the last word of a compound (構想, 条約, 大統領). */
static const char *term_kind(Gen *g, const char *s, const Compound *c) {
  const char *cls = (c->flags & KK_TOKF_COUNTRY)  ? "C:country"
                    : (c->flags & KK_TOKF_PERSON) ? "C:person"
                    : (c->flags & KK_TOKF_ORG)    ? "C:org"
                    : (c->flags & KK_TOKF_PLACE)  ? "C:place"
                                                  : NULL;
  if (cls && c->ntok == 1) return cls;
  if (c->ntok < 2) return NULL;
  /* suffixes that make processes or qualities of anything (近代化,
  ** 曖昧化; 重要性) say nothing about the kind of thing */
  if (vague_head(s + c->head, c->end - c->head)) return NULL;
  kk_Buf b = {0};
  kk_buf_str(&b, "H:");
  kk_buf_add(&b, s + c->head, c->end - c->head);
  return sb_done(g, &b);
}

#define FIG_POOL_MAX 4096

/* A noun of hiragana alone is MeCab cutting an unknown word (きぼう into
** き + ぼう), not a term. */
static int only_hiragana(const char *s, size_t n) {
  size_t i = 0, m;
  while (i < n) {
    unsigned cp = kk_utf8_at(s, n, i, &m);
    if (cp < 0x3041 || cp > 0x309F) return 0;
    i += m;
  }
  return 1;
}

void kk_gen_ctx_note(Gen *g, const char *s, size_t n, int section, int heading) {
  Compound cs[128];
  size_t nc = kk_gen_ctx_compounds(g, s, n, cs, 128);
  if (nc > 128) nc = 128;
  int summary = section >= 0 && kk_gen_ctx_summary(&g->lines[section]);
  for (size_t i = 0; i < nc && !g->oom; i++) {
    const Compound *c = &cs[i];
    size_t len = c->end - c->start;
    size_t cp = kk_utf8_count(s + c->start, len);
    if (cp < 2 || cp > 20 || only_hiragana(s + c->start, len)) continue;
    Term *t = term_add(g, s + c->start, len);
    if (!t) return;
    t->count++;
    if (t->last_sec != section) t->nsec++, t->last_sec = section;
    if (heading) t->heading = 1;
    if (heading && section == g->title_line && c->ntok == 1) t->title = 1;
    if (heading && section == g->title_line) t->in_title = 1;
    if (summary) t->summary = 1;
    if ((c->ntok >= 2 && !vague_head(s + c->head, c->end - c->head)) ||
        (c->flags & (KK_TOKF_PLACE | KK_TOKF_PERSON | KK_TOKF_ORG)) || (c->katakana && cp >= 3) ||
        !ja(g))
      t->proper = 1;
    if (!t->kind) t->kind = term_kind(g, s, c);
  }
  if (heading) return;
  kk_GenSpan sp[16];
  size_t k = kk_gen_ctx_figures(g, s, n, sp, 16);
  for (size_t i = 0; i < k && g->nfigs < FIG_POOL_MAX && !g->oom; i++) {
    if (sp[i].weight == 1) continue; /* article numbers */
    size_t len = sp[i].end - sp[i].start;
    int dup = 0;
    for (size_t f = 0; f < g->nfigs && !dup; f++)
      if (strlen(g->figs[f].s) == len && memcmp(g->figs[f].s, s + sp[i].start, len) == 0) dup = 1;
    if (dup) continue;
    if (g->nfigs == g->afigs) {
      Fig *nf = kk_grow(g->figs, &g->afigs, g->nfigs + 1, sizeof *nf, 64);
      if (!nf) {
        g->oom = 1;
        return;
      }
      g->figs = nf;
    }
    Fig *f = &g->figs[g->nfigs];
    f->s = adup(g, s + sp[i].start, len);
    f->kind = kk_gen_ctx_fig_kind(g, s + sp[i].start, len);
    if (f->s && f->kind) g->nfigs++;
  }
}

static int has_hiragana(const char *s, size_t n) {
  size_t i = 0, m;
  while (i < n) {
    unsigned cp = kk_utf8_at(s, n, i, &m);
    if (cp >= 0x3041 && cp <= 0x309F) return 1;
    i += m;
  }
  return 0;
}

double kk_gen_ctx_centrality(const Term *t) {
  if (!t || t->title) return 0;
  if (t->count < 2 && !t->heading) return 0;
  /* a one-word common noun (特徴, 影響, 専門家) is asked only when a
  ** heading names it and it recurs across sections, and never the abstract
  ** words every text uses */
  if (!t->proper && (!t->heading || t->nsec < 2)) return 0;
  /* 一例, 一度; 揺らぎ, 仕組み: a count word or a verb made noun */
  if (!t->proper && (starts(t->s, t->n, "一") || starts(t->s, t->n, "二") ||
                     starts(t->s, t->n, "三") || has_hiragana(t->s, t->n)))
    return 0;
  static const char *const abstract[] = {
      "影響", "可能性", "必要", "問題", "特徴", "重要",   "課題", "役割", "意義",   "観点",
      "側面", "傾向",   "状況", "結果", "方向", "専門家", "場合", "一方", "現状",   "背景",
      "目的", "理由",   "変化", "強化", "実現", "懸念",   "議論", "要因", "展望",   "今後",
      "全体", "一部",   "費用", "目標", "方式", "割合",   "出力", "計画", "仕組み", "整備",
      "開発", "導入",   "拡大", "分野", "環境", "研究",   "運用", NULL};
  for (size_t i = 0; abstract[i]; i++)
    if (t->n == strlen(abstract[i]) && memcmp(t->s, abstract[i], t->n) == 0) return 0;
  double sec = t->nsec > 4 ? 4 : t->nsec;
  return 2.5 + 0.75 * sec + (t->heading ? 1.5 : 0) + (t->summary ? 1 : 0) + (t->proper ? 0.5 : 0) +
         (t->count >= 4 ? 0.5 : 0);
}

const char *kk_gen_ctx_fig_kind(Gen *g, const char *s, size_t n) {
  kk_Buf b = {0};
  kk_buf_str(&b, "U:");
  size_t i = 0, m;
  while (i < n) {
    unsigned cp = kk_utf8_at(s, n, i, &m);
    int digit = (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
    if (digit) {
      size_t run = 0;
      while (i < n) {
        cp = kk_utf8_at(s, n, i, &m);
        if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))
          run++;
        else if (!(cp == ',' || cp == '.') || i + m >= n || !(s[i + m] >= '0' && s[i + m] <= '9'))
          break;
        i += m;
      }
      /* the magnitude: 1,750 and 5,420 are alike, 82 and 22,000 are not */
      char mag[16];
      snprintf(mag, sizeof mag, "N%zu", run);
      kk_buf_str(&b, run == 4 && !(i < n && s[i] == ',') ? "Y" : mag);
      continue;
    }
    kk_buf_add(&b, s + i, m);
    i += m;
  }
  return sb_done(g, &b);
}

const char *kk_gen_ctx_label_kind(Gen *g, const char *s) {
  size_t n = strlen(s);
  if (g->morph) {
    Compound cs[16];
    size_t nc = kk_gen_ctx_compounds(g, s, n, cs, 16);
    if (nc == 0 || nc > 16) return NULL;
    const Compound *c = &cs[nc - 1];
    if (c->flags & KK_TOKF_COUNTRY) return "C:country";
    return adup(g, s + c->head, c->end - c->head);
  }
  if (ja(g)) { /* the last two characters: 強化, 競争 */
    size_t at = n, k = 0;
    while (at > 0 && k < 2) {
      at--;
      while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80) at--;
      k++;
    }
    return k == 2 ? adup(g, s + at, n - at) : NULL;
  }
  const char *w = strrchr(s, ' '); /* the last word */
  w = w ? w + 1 : s;
  kk_Buf b = {0};
  for (; *w; w++) {
    char c = *w >= 'A' && *w <= 'Z' ? (char)(*w + 32) : *w;
    if (c != '.' && c != ',' && c != ')') kk_buf_add(&b, &c, 1);
  }
  return sb_done(g, &b);
}

/* 1 if a and b name the same thing (欧州 and ヨーロッパ): never both
** among the options. */
static int synonyms(const char *a, size_t an, const char *b) {
  static const char *const sets[][4] = {{"欧州", "ヨーロッパ", NULL},
                                        {"米国", "アメリカ", "合衆国", "アメリカ合衆国"},
                                        {"英国", "イギリス", NULL},
                                        {"ロシア", "ロシア連邦", NULL},
                                        {"中国", "中華人民共和国", NULL},
                                        {"韓国", "大韓民国", NULL},
                                        {"北朝鮮", "朝鮮民主主義人民共和国", NULL},
                                        {"United States", "America", "US", "U.S."},
                                        {"Britain", "United Kingdom", "UK", NULL}};
  for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
    int ia = 0, ib = 0;
    for (size_t k = 0; k < 4 && sets[i][k]; k++) {
      if (strlen(sets[i][k]) == an && memcmp(sets[i][k], a, an) == 0) ia = 1;
      if (strcmp(sets[i][k], b) == 0) ib = 1;
    }
    if (ia && ib) return 1;
  }
  return 0;
}

/* ---- choice and true/false --------------------------------------------------- */

/* The one distinct answer of a cloze, or 0. */
static int single_answer(const char *front, const char **a, size_t *an) {
  const char *p = front;
  *a = NULL;
  while ((p = strstr(p, "{{c")) != NULL) {
    const char *b = strstr(p, "::"), *e = b ? strstr(b + 2, "}}") : NULL;
    if (!b || !e) return 0;
    size_t n = (size_t)(e - b - 2);
    if (*a && (n != *an || memcmp(*a, b + 2, n) != 0)) return 0;
    *a = b + 2;
    *an = n;
    p = e + 2;
  }
  return *a != NULL;
}

/* front with every cloze replaced by with (NULL: its answer). */
static char *unclozed(Gen *g, const char *front, const char *with) {
  kk_Buf b = {0};
  const char *p = front, *q;
  while ((q = strstr(p, "{{c")) != NULL) {
    const char *m = strstr(q, "::"), *e = m ? strstr(m + 2, "}}") : NULL;
    if (!m || !e) break;
    kk_buf_add(&b, p, (size_t)(q - p));
    if (with)
      kk_buf_str(&b, with);
    else
      kk_buf_add(&b, m + 2, (size_t)(e - m - 2));
    p = e + 2;
  }
  kk_buf_str(&b, p);
  return sb_done(g, &b);
}

void kk_gen_ctx_convert(Gen *g, Cand *c) {
  if (!c->akind || (c->kind != KK_GEN_FIGURE && c->kind != KK_GEN_KEYTERM)) return;
  const char *a;
  size_t an = 0;
  if (!single_answer(c->front, &a, &an)) return;
  uint64_t h = hash_str(KK_HASH_INIT, c->key);
  int form = (int)(h % 3); /* 0 cloze, 1 choice, 2 true/false */
  if (form == 0) return;
  char *plain = unclozed(g, c->front, NULL);
  if (!plain) return;
  /* same-kind candidates from the document, in a stable hashed order */
  const char *pick[3] = {NULL, NULL, NULL};
  uint64_t best[3] = {UINT64_MAX, UINT64_MAX, UINT64_MAX};
  int fig = strncmp(c->akind, "U:", 2) == 0;
  size_t total = fig ? g->nfigs : g->nterms;
  for (size_t i = 0; i < total; i++) {
    const char *s, *kind;
    if (fig)
      s = g->figs[i].s, kind = g->figs[i].kind;
    else
      s = g->terms[i].s, kind = g->terms[i].kind;
    if (!kind || strcmp(kind, c->akind) != 0) continue;
    uint64_t x = hash_str(h, s);
    if (x >= best[2]) continue; /* cheap test first: it would not be picked */
    size_t sn = strlen(s);
    if ((sn == an && memcmp(s, a, an) == 0) || strstr(plain, s) || synonyms(a, an, s) ||
        contains(s, sn, "::") || has_markup(s, sn))
      continue;
    char ab[256];
    if (an < sizeof ab) {
      memcpy(ab, a, an);
      ab[an] = '\0';
      if (strstr(s, ab) || strstr(ab, s)) continue; /* 構想 vs 防衛構想 */
    }
    for (int q = 0; q < 3; q++)
      if (x < best[q]) {
        for (int r = 2; r > q; r--) best[r] = best[r - 1], pick[r] = pick[r - 1];
        best[q] = x;
        pick[q] = s;
        break;
      }
  }
  if (form == 1 && !pick[2]) form = pick[0] ? 2 : 0;
  if (form == 2 && !pick[0]) form = 0;
  if (form == 0) return;
  char *answer = adup(g, a, an);
  if (!answer) return;
  if (form == 1) {
    const char **o = kk_arena_alloc(&g->arena, 4 * sizeof *o);
    char *q = unclozed(g, c->front, ja(g) ? "（　　）" : "_____");
    if (!o || !q) {
      g->oom = 1;
      return;
    }
    size_t pos = (size_t)((h >> 8) % 4);
    for (size_t i = 0, d = 0; i < 4; i++) o[i] = i == pos ? answer : pick[d++];
    kk_Buf b = {0};
    kk_buf_str(&b, ja(g) ? "空欄に入るものはどれか。\n" : "Which fits the blank?\n");
    kk_buf_str(&b, q);
    c->front = sb_done(g, &b);
    c->items = o;
    c->nitems = 4;
    c->answer = pos + 1;
    c->kind = KK_GEN_CHOICE;
  } else {
    int truth = (int)((h >> 4) & 1);
    kk_Buf b = {0};
    if (truth)
      kk_buf_str(&b, plain);
    else {
      char *f = unclozed(g, c->front, pick[0]);
      if (!f) return;
      kk_buf_str(&b, f);
    }
    c->front = sb_done(g, &b);
    c->answer = (size_t)truth;
    if (!truth && c->expl) {
      kk_Buf e = {0};
      if (ja(g)) {
        kk_buf_str(&e, "誤り:「"), kk_buf_str(&e, pick[0]), kk_buf_str(&e, "」ではなく「");
        kk_buf_str(&e, answer), kk_buf_str(&e, "」。\n");
      } else {
        kk_buf_str(&e, "False: "), kk_buf_str(&e, answer), kk_buf_str(&e, ", not ");
        kk_buf_str(&e, pick[0]), kk_buf_str(&e, ".\n");
      }
      kk_buf_str(&e, c->expl);
      c->expl = sb_done(g, &e);
    }
    c->kind = KK_GEN_TRUEFALSE;
  }
  g->st.found[c->kind]++;
}

void kk_gen_ctx_free(Gen *g) {
  kk_free(g->terms);
  kk_free(g->term_ix);
  kk_free(g->figs);
  kk_gen_morph_close(g->morph);
}
