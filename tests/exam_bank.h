/*
** exam_bank.h -- a small hand-built bank of cards for the exam tests (one
** of each objective type, plus cards an exam must never draw), so the
** engine is tested without the YAML deck loader.  Include once per test.
*/
#ifndef EXAM_BANK_H
#define EXAM_BANK_H

#include <string.h>

#include "core/exam/exam.h"

static kk_Option bank_opts_single[] = {
    {"Caesar", NULL, 0, 0}, {"AES", NULL, 1, 0}, {"ROT13", NULL, 0, 0}, {"Vigenere", NULL, 0, 0}};
static kk_Option bank_opts_multi[] = {{"phishing", NULL, 1, 0},
                                      {"firewall", NULL, 0, 0},
                                      {"pretexting", NULL, 1, 0},
                                      {"hashing", NULL, 0, 0},
                                      {"patching", NULL, 0, 0}};
static const char *bank_typed_answers[] = {"Advanced Encryption Standard", "AES"};
static const char *bank_order_items[] = {"identify", "protect", "detect", "respond"};
static int bank_cloze_ords[] = {1, 2};
static const char *bank_tag_crypto[] = {"crypto"};
static const char *bank_tag_social[] = {"social"};

static kk_Card bank_cards[] = {
    {.id = "c-single",
     .type = KK_CARD_CHOICE,
     .front = "Which is a block cipher?",
     .options = bank_opts_single,
     .noptions = 4,
     .ncorrect = 1,
     .tags = bank_tag_crypto,
     .ntags = 1},
    {.id = "c-multi",
     .type = KK_CARD_CHOICE,
     .front = "Which are social engineering?",
     .options = bank_opts_multi,
     .noptions = 5,
     .ncorrect = 2,
     .tags = bank_tag_social,
     .ntags = 1},
    {.id = "tf",
     .type = KK_CARD_TRUEFALSE,
     .front = "MD5 is collision resistant.",
     .truth = 0,
     .tags = bank_tag_crypto,
     .ntags = 1},
    {.id = "typed",
     .type = KK_CARD_TYPED,
     .front = "What does AES stand for?",
     .answers = bank_typed_answers,
     .nanswers = 2,
     .tags = bank_tag_crypto,
     .ntags = 1},
    {.id = "num",
     .type = KK_CARD_NUMERIC,
     .front = "AES block size?",
     .value = 128,
     .tolerance = 0,
     .unit = "bits",
     .tags = bank_tag_crypto,
     .ntags = 1},
    {.id = "ord",
     .type = KK_CARD_ORDER,
     .front = "Order the functions.",
     .items = bank_order_items,
     .nitems = 4},
    {.id = "cz",
     .type = KK_CARD_CLOZE,
     .front = "{{c1::Confidentiality}}, {{c2::integrity::I...}} and "
              "{{c1::availability}}",
     .cloze_ords = bank_cloze_ords,
     .ncloze = 2},
    {.id = "basic", .type = KK_CARD_BASIC, .front = "Q", .back = "A"},
    {.id = "tf2",
     .type = KK_CARD_TRUEFALSE,
     .front = "TLS 1.3 removed RSA key exchange.",
     .truth = 1,
     .tags = bank_tag_crypto,
     .ntags = 1},
    {.id = "tf3",
     .type = KK_CARD_TRUEFALSE,
     .front = "A nonce may be reused.",
     .truth = 0,
     .tags = bank_tag_crypto,
     .ntags = 1},
};
#define BANK_N (sizeof bank_cards / sizeof bank_cards[0])

/* items[i] = card i; the first seven in deck "d1", the rest in "d2". */
static kk_ExamItem bank_items[BANK_N];

static inline void bank_init(void) {
  for (size_t i = 0; i < BANK_N; i++) {
    bank_items[i].deck_id = i < 7 ? "d1" : "d2";
    bank_items[i].card = &bank_cards[i];
  }
}

static inline const kk_Card *bank_find(const char *id) {
  for (size_t i = 0; i < BANK_N; i++)
    if (!strcmp(bank_cards[i].id, id)) return &bank_cards[i];
  return NULL;
}

#endif
