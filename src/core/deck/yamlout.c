/*
** yamlout.c -- YAML scalars and draft decks.
*/
#include "core/deck/yamlout.h"

#include <string.h>

#include "core/base/alloc.h"
#include "core/base/i18n.h"
#include "core/deck/cloze.h"

/* Words YAML 1.1 resolves to booleans or null. */
static const char *const reserved[] = {
    "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", NULL,
};

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int is_reserved(const char *s) {
  for (size_t i = 0; reserved[i]; i++) {
    const char *a = s, *b = reserved[i];
    while (*a && *b && ascii_lower((unsigned char)*a) == *b) a++, b++;
    if (!*a && !*b) return 1;
  }
  return 0;
}

/* Looks like a number, a date or a special float: only ASCII digits,
** signs, dots, commas, underscores, colons, 'e', 'x', '-' and so on. */
static int numberish(const char *s) {
  const char *p = s;
  if (*p == '+' || *p == '-') p++;
  if (*p == '.') {
    if (strchr(".inf.Inf.INF.nan.NaN.NAN", p[1] ? p[1] : '#')) return 1;
  }
  if (!(*p >= '0' && *p <= '9') && *p != '.') return 0;
  for (; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x80 || c == ' ') return 0;
    if (!strchr("0123456789+-.,_:eExXabcdefABCDEFoOT", c)) return 0;
  }
  return 1;
}

/* 1 for code points YAML treats as line breaks or does not allow raw:
** C1 controls (NEL U+0085 among them), LS U+2028, PS U+2029, BOM U+FEFF,
** U+FFFE, U+FFFF; *esc is their double-quoted escape. */
static int special_cp(const unsigned char *p, int *len, const char **esc) {
  static const char *const c1[32] = {
      "\\x80", "\\x81", "\\x82", "\\x83", "\\x84", "\\N",   "\\x86", "\\x87",
      "\\x88", "\\x89", "\\x8A", "\\x8B", "\\x8C", "\\x8D", "\\x8E", "\\x8F",
      "\\x90", "\\x91", "\\x92", "\\x93", "\\x94", "\\x95", "\\x96", "\\x97",
      "\\x98", "\\x99", "\\x9A", "\\x9B", "\\x9C", "\\x9D", "\\x9E", "\\x9F",
  };
  /* C1 controls U+0080..U+009F (NEL U+0085 is a line break) */
  if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
    *len = 2;
    *esc = c1[p[1] - 0x80];
    return 1;
  }
  /* the non-characters YAML does not allow */
  if (p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBE) {
    *len = 3;
    *esc = "\\uFFFE";
    return 1;
  }
  if (p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBF) {
    *len = 3;
    *esc = "\\uFFFF";
    return 1;
  }
  if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA8) {
    *len = 3;
    *esc = "\\L";
    return 1;
  }
  if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA9) {
    *len = 3;
    *esc = "\\P";
    return 1;
  }
  if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    *len = 3;
    *esc = "\\uFEFF";
    return 1;
  }
  return 0;
}

int kk_yaml_plain_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0) return 0;
  if (s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':') return 0;
  if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0])) return 0;
  if (is_reserved(s) || numberish(s)) return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    int len;
    const char *esc;
    if (*p < 0x20 || *p == 0x7F) return 0;
    if (*p == ':' && (p[1] == ' ' || p[1] == '\0')) return 0;
    if (*p == '#' && p > (const unsigned char *)s && p[-1] == ' ') return 0;
    if (*p >= 0x80 && special_cp(p, &len, &esc)) return 0;
  }
  return 1;
}

void kk_yaml_write_scalar(FILE *f, const char *s) {
  if (kk_yaml_plain_ok(s)) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    int len;
    const char *esc;
    switch (*p) {
    case '"': fputs("\\\"", f); continue;
    case '\\': fputs("\\\\", f); continue;
    case '\n': fputs("\\n", f); continue;
    case '\t': fputs("\\t", f); continue;
    case '\r': fputs("\\r", f); continue;
    default: break;
    }
    if (*p < 0x20 || *p == 0x7F) {
      fprintf(f, "\\x%02X", *p);
    } else if (*p >= 0x80 && special_cp(p, &len, &esc)) {
      fputs(esc, f);
      p += len - 1;
    } else {
      fputc(*p, f);
    }
  }
  fputc('"', f);
}

static void kv(FILE *f, int indent, const char *key, const char *value) {
  fprintf(f, "%*s%s: ", indent, "", key);
  kk_yaml_write_scalar(f, value);
  fputc('\n', f);
}

static void list(FILE *f, int indent, const char *key, const char *const *v, size_t n) {
  fprintf(f, "%*s%s:", indent, "", key);
  if (n == 0) {
    fputs(" []\n", f);
    return;
  }
  fputc('\n', f);
  for (size_t i = 0; i < n; i++) {
    fprintf(f, "%*s  - ", indent, "");
    kk_yaml_write_scalar(f, v[i]);
    fputc('\n', f);
  }
}

/* Comment lines; characters YAML refuses even in comments become '?'. */
static void comment(FILE *f, int indent, const char *text) {
  const unsigned char *p = (const unsigned char *)text;
  fprintf(f, "%*s#%s", indent, "", *p && *p != '\n' ? " " : "");
  for (; *p; p++) {
    int len;
    const char *esc;
    if (*p == '\n') {
      fprintf(f, "\n%*s#%s", indent, "", p[1] && p[1] != '\n' ? " " : "");
    } else if ((*p < 0x20 && *p != '\t') || *p == 0x7F) {
      fputc('?', f);
    } else if (*p >= 0x80 && special_cp(p, &len, &esc)) {
      fputc('?', f);
      p += len - 1;
    } else
      fputc(*p, f);
  }
  fputc('\n', f);
}

/* The loader's names (deck.h); kept here so the emitter links alone. */
static const char *type_name(kk_CardType t) {
  static const char *const names[KK_CARD_TYPE_COUNT] = {
      "basic", "reversed", "cloze", "choice", "typed", "numeric", "truefalse", "order",
  };
  return (unsigned)t < KK_CARD_TYPE_COUNT ? names[t] : "basic";
}

/* A choice card's options and answer: plain strings with `answer` (an
** index or a list of them), or mappings when any option has feedback. */
static void write_options(FILE *f, const kk_DraftCard *c) {
  int fb = 0;
  for (size_t i = 0; c->feedback && i < c->nitems; i++)
    if (c->feedback[i]) fb = 1;
  if (!fb) {
    list(f, 4, "options", c->items, c->nitems);
    if (!c->correct) {
      fprintf(f, "    answer: %zu\n", c->answer);
      return;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->nitems; i++) n += c->correct[i] != 0;
    if (n == 1) {
      for (size_t i = 0; i < c->nitems; i++)
        if (c->correct[i]) fprintf(f, "    answer: %zu\n", i + 1);
      return;
    }
    fputs("    answer: [", f);
    for (size_t i = 0, k = 0; i < c->nitems; i++)
      if (c->correct[i]) fprintf(f, "%s%zu", k++ ? ", " : "", i + 1);
    fputs("]\n", f);
    return;
  }
  fputs("    options:\n", f);
  for (size_t i = 0; i < c->nitems; i++) {
    fputs("      - text: ", f);
    kk_yaml_write_scalar(f, c->items[i]);
    fputc('\n', f);
    if (c->correct ? c->correct[i] : i + 1 == c->answer) fputs("        correct: true\n", f);
    if (c->feedback[i]) kv(f, 8, "feedback", c->feedback[i]);
  }
}

static void write_card(FILE *f, const kk_DraftCard *c) {
  if (c->comment) comment(f, 2, c->comment);
  fputs("  - ", f);
  fputs("id: ", f);
  kk_yaml_write_scalar(f, c->id);
  fputc('\n', f);
  kv(f, 4, "type", type_name(c->type));
  switch (c->type) {
  case KK_CARD_CLOZE:
    kv(f, 4, "text", c->front);
    if (c->back) kv(f, 4, "back", c->back);
    break;
  case KK_CARD_CHOICE:
    kv(f, 4, "question", c->front);
    write_options(f, c);
    break;
  case KK_CARD_TYPED:
    kv(f, 4, "question", c->front);
    if (c->nanswers == 1)
      kv(f, 4, "answer", c->answers[0]);
    else
      list(f, 4, "answer", c->answers, c->nanswers);
    break;
  case KK_CARD_NUMERIC: {
    char num[64];
    kv(f, 4, "question", c->front);
    snprintf(num, sizeof num, "%.15g", c->value);
    fprintf(f, "    answer: %s\n", num);
    if (c->tolerance > 0) {
      snprintf(num, sizeof num, "%.15g", c->tolerance);
      fprintf(f, "    tolerance: %s\n", num);
    }
    if (c->unit) kv(f, 4, "unit", c->unit);
    break;
  }
  case KK_CARD_ORDER:
    kv(f, 4, "question", c->front);
    list(f, 4, "items", c->items, c->nitems);
    break;
  case KK_CARD_TRUEFALSE:
    kv(f, 4, "statement", c->front);
    fprintf(f, "    answer: %s\n", c->truth ? "true" : "false");
    break;
  default:
    kv(f, 4, "front", c->front);
    kv(f, 4, "back", c->back ? c->back : "");
    break;
  }
  if (c->image) kv(f, 4, "image", c->image);
  if (c->explanation) kv(f, 4, "explanation", c->explanation);
  if (c->ntags) list(f, 4, "tags", c->tags, c->ntags);
  if (c->src_doc) {
    fputs("    source:\n", f);
    kv(f, 6, "doc", c->src_doc);
    if (c->src_section) kv(f, 6, "section", c->src_section);
    if (c->src_line > 0) fprintf(f, "      line: %d\n", c->src_line);
  }
  if (c->origin) kv(f, 4, "origin", c->origin);
}

void kk_yaml_write_deck(FILE *f, const kk_DraftDeck *d) {
  if (d->header) comment(f, 0, d->header);
  fputs("deck:\n", f);
  kv(f, 2, "id", d->id);
  kv(f, 2, "title", d->title);
  kv(f, 2, "language", d->language ? d->language : "ja");
  if (d->description) kv(f, 2, "description", d->description);
  if (d->ntags) list(f, 2, "tags", d->tags, d->ntags);
  if (d->nsources) list(f, 2, "sources", d->sources, d->nsources);
  fputs(d->ncards ? "cards:\n" : "cards: []\n", f);
  for (size_t i = 0; i < d->ncards; i++) {
    if (i) fputc('\n', f);
    write_card(f, &d->cards[i]);
  }
}

/* The first text of n in v longer than a card can show, or NULL. */
static const char *long_text(const char *const *v, size_t n) {
  for (size_t i = 0; v && i < n; i++)
    if (v[i] && strlen(v[i]) > KK_DECK_MAX_TEXT) return v[i];
  return NULL;
}

int kk_draft_misfit(const kk_DraftCard *c, char *why, size_t size) {
  if (c->type == KK_CARD_CHOICE && c->nitems > KK_DECK_MAX_OPTIONS) {
    snprintf(why, size, _("%zu options, more than a Kioku choice card holds (%d)"), c->nitems,
             KK_DECK_MAX_OPTIONS);
    return 1;
  }
  if (c->type == KK_CARD_ORDER && c->nitems > KK_DECK_MAX_ORDER_ITEMS) {
    snprintf(why, size, _("%zu items, more than a Kioku order card holds (%d)"), c->nitems,
             KK_DECK_MAX_ORDER_ITEMS);
    return 1;
  }
  const char *one[] = {c->front, c->back, c->unit, c->explanation, c->src_doc, c->src_section};
  const char *t = long_text(one, sizeof one / sizeof *one);
  if (!t) t = long_text(c->items, c->nitems);
  if (!t && c->feedback) t = long_text(c->feedback, c->nitems);
  if (!t) t = long_text(c->answers, c->nanswers);
  if (!t) t = long_text(c->tags, c->ntags);
  if (t) {
    snprintf(why, size, _("a text of %zu bytes, longer than a card can show (%zu KiB)"), strlen(t),
             KK_DECK_MAX_TEXT >> 10);
    return 1;
  }
  if (c->type == KK_CARD_CLOZE && c->front) {
    kk_ClozeResult *r = kk_malloc(sizeof *r);
    kk_ClozeProblem p = r ? kk_cloze_parse(c->front, strlen(c->front), r) : KK_CLOZE_OK;
    kk_free(r);
    if (p != KK_CLOZE_OK) {
      snprintf(why, size, _("a cloze Kioku cannot read: %s"), kk_cloze_problem_str(p));
      return 1;
    }
  }
  return 0;
}
