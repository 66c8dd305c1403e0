/* fuzz_paper.c -- a stored paper (as read back from the store) and answer
** strings on arbitrary bytes: parsing must fail cleanly or give a paper
** that serializes to a fixed point; marking any answer gives 0..1. */
#include <stdlib.h>
#include <string.h>

#include "../exam_bank.h"
#include "core/base/alloc.h"
#include "core/exam/mark.h"
#include "core/exam/paper.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  static int ready;
  static kk_ExamSpec spec;
  if (!ready) {
    bank_init();
    spec.choice_credit = KK_CHOICE_PER_OPTION;
    spec.order_credit = KK_ORDER_PAIRWISE;
    ready = 1;
  }
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  kk_Paper *p = NULL;
  kk_Err err;
  if (kk_paper_parse(text, bank_items, BANK_N, &p, &err) == KK_OK) {
    char *s1 = kk_paper_serialize(p);
    kk_Paper *p2 = NULL;
    if (s1 && kk_paper_parse(s1, bank_items, BANK_N, &p2, &err) == KK_OK) {
      char *s2 = kk_paper_serialize(p2);
      if (s2 && strcmp(s1, s2) != 0) abort();
      kk_free(s2);
    }
    kk_paper_free(p2);
    kk_free(s1);
  }
  kk_paper_free(p);
  /* The bytes as an answer to every question of the bank: each card once,
  ** each blank of a cloze card. */
  for (size_t i = 0; i < BANK_N; i++) {
    int nq = bank_cards[i].type == KK_CARD_CLOZE ? 2 : 1;
    for (int k = 0; k < nq; k++) {
      kk_Question q = {0};
      q.card = &bank_cards[i];
      q.key = bank_cards[i].id;
      q.cloze = bank_cards[i].type == KK_CARD_CLOZE ? k + 1 : 0;
      double m = kk_mark_question(&spec, &q, text);
      if (!(m >= 0 && m <= 1)) abort();
      char buf[512];
      kk_mark_answer_text(&q, text, buf, sizeof buf);
    }
  }
  free(text);
  return 0;
}
