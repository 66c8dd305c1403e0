/*
** gen_morph.h -- Japanese morphology for the deck generator (internal to
** gen*.c): MeCab with its dictionary segments a sentence into words with
** parts of speech, so blanks fall on whole terms.  Built without MeCab, or
** when its dictionary is missing, opening fails with the reason and the
** generator keeps its rule-based blanks.  A kk_GenMorph owns the tagger and
** a token buffer; tokens are valid until the next parse or the close.
*/
#ifndef KK_GEN_MORPH_H
#define KK_GEN_MORPH_H

#include <stddef.h>

typedef enum {
  KK_TOK_OTHER,   /* verbs, adjectives, adverbs, conjunctions, ... */
  KK_TOK_NOUN,    /* common noun (一般, サ変接続, 形容動詞語幹, ...) */
  KK_TOK_PROPER,  /* proper noun; sub says which */
  KK_TOK_NUM,     /* a numeral (名詞,数) */
  KK_TOK_SUFFIX,  /* 名詞,接尾 (費, 国, 年 as a counter, ...) */
  KK_TOK_PREFIX,  /* 接頭詞 (再, 同, 約, ...) */
  KK_TOK_PRONOUN, /* 名詞,代名詞 (これ, それ, ...) */
  KK_TOK_DEPNOUN, /* 名詞,非自立 / 副詞可能 / 特殊 / 接続詞的 (もの, こと, 従来) */
  KK_TOK_PARTICLE, /* 助詞 */
  KK_TOK_AUX,      /* 助動詞 */
  KK_TOK_VERB,     /* 動詞 */
  KK_TOK_SYMBOL    /* 記号 */
} kk_GenTokPos;

enum {
  KK_TOKF_TOPIC = 1,      /* particle は (係助詞) */
  KK_TOKF_SUBJECT = 2,    /* particle が (格助詞) */
  KK_TOKF_COUNTRY = 4,    /* proper noun: 地域,国 */
  KK_TOKF_PLACE = 8,      /* proper noun: 地域 */
  KK_TOKF_PERSON = 16,    /* proper noun: 人名 */
  KK_TOKF_ORG = 32,       /* proper noun: 組織 */
  KK_TOKF_COUNTER = 64,   /* suffix: 助数詞 (年, ドル, 人) */
  KK_TOKF_SURU = 128,     /* verb する (after a サ変 noun: a verb, not a term) */
  KK_TOKF_NAKAGURO = 256, /* the symbol ・ joining katakana words */
  KK_TOKF_PRENUM = 512    /* prefix before a number (約) */
};

typedef struct kk_GenTok {
  size_t start, end; /* bytes of the parsed text */
  kk_GenTokPos pos;
  unsigned flags;
} kk_GenTok;

typedef struct kk_GenMorph kk_GenMorph;

/* Opens MeCab with its default dictionary, or dicdir when not NULL, into
** *out.  Returns 1; or 0 with *out NULL and the reason in why (always
** NUL-terminated) when the build has no MeCab or the dictionary is
** missing; or -1 when memory ran out. */
int kk_gen_morph_open(const char *dicdir, kk_GenMorph **out, char *why, size_t whysz);
/* 1 if a parse ran out of memory (its tokens were lost). */
int kk_gen_morph_oom(const kk_GenMorph *m);
void kk_gen_morph_close(kk_GenMorph *m); /* m may be NULL */
/* Segments s[0..n); sets *toks to the tokens (valid until the next call)
** and returns their count; 0 on failure or for an empty text. */
size_t kk_gen_morph_parse(kk_GenMorph *m, const char *s, size_t n, const kk_GenTok **toks);

#endif
