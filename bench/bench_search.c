/* bench_search.c -- prints how long the browser's search takes per
** keystroke: a query typed one character at a time, each prefix parsed and
** matched against 100,000 items (Japanese and English text, tags, states),
** as the browser filters while the student types.  Target: < 50 ms. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/base/alloc.h"
#include "core/study/search.h"

#define NITEMS 100000

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *const WORDS[] = {"東京",      "タベル",     "のむ",     "経済", "market",
                                    "price",     "Elasticity", "需要",     "供給", "ＧＤＰ",
                                    "inflation", "金利",       "bank",     "学生", "study",
                                    "記憶",      "memory",     "interval", "復習", "card"};
static const char *const TAGS[] = {"econ", "jlpt::n5", "verb", "noun", "macro::money"};

int main(void) {
  kk_SearchItem *items = calloc(NITEMS, sizeof *items);
  char **texts = calloc(NITEMS, sizeof *texts);
  unsigned x = 12345;
  for (int i = 0; i < NITEMS; i++) {
    char raw[400] = "";
    for (int w = 0; w < 14; w++) {
      x = x * 1103515245u + 12345u;
      strcat(raw, WORDS[(x >> 8) % 20]);
      strcat(raw, w == 6 ? "\n" : " ");
    }
    kk_Card c;
    memset(&c, 0, sizeof c);
    c.front = raw;
    kk_search_card_text(&c, &texts[i]);
    items[i].text = texts[i];
    items[i].deck_id = i % 2 ? "economics" : "japanese";
    items[i].tags = TAGS + (i % 4);
    items[i].ntags = 2;
    items[i].type = i % 8;
    items[i].has_state = i % 3 != 0;
    items[i].state.phase = (kk_Phase)(i % 4);
    items[i].state.lapses = i % 7;
    items[i].state.due_ms = 1760000000000LL + (int64_t)(i % 30 - 10) * 86400000;
    items[i].state.last_review_ms = 1760000000000LL - 86400000LL * 5;
    items[i].state.stability = 1 + i % 50;
  }
  kk_SearchEnv env = {{1760000000000LL, 540, 4}, NULL};
  static const char *const QUERIES[] = {"inflation 金利", "たべる",
                                        "-is:suspended tag:jlpt prop:lapses>3 market",
                                        "(bank or 経済) -deck:japanese prop:r<0.9"};
  for (size_t qi = 0; qi < sizeof QUERIES / sizeof *QUERIES; qi++) {
    const char *q = QUERIES[qi];
    size_t len = strlen(q);
    double worst = 0, total = 0;
    int keys = 0;
    long last = 0;
    for (size_t n = 1; n <= len; n++) {
      if (n < len && (q[n] & 0xC0) == 0x80) continue; /* inside a character */
      double t0 = now_s();
      kk_Search *s = NULL;
      kk_Err e = {0};
      long hits = 0;
      if (kk_search_parse(q, n, &e, &s) == KK_OK) {
        for (int i = 0; i < NITEMS; i++) hits += kk_search_match(s, &items[i], &env);
        kk_search_free(s);
      }
      double dt = now_s() - t0;
      total += dt;
      keys++;
      if (dt > worst) worst = dt;
      last = hits;
    }
    printf(
        "search %-45s %d items: %5.2f ms per keystroke (worst %5.2f ms, %d keystrokes), %ld hits\n",
        q, NITEMS, total / keys * 1e3, worst * 1e3, keys, last);
  }
  for (int i = 0; i < NITEMS; i++) kk_free(texts[i]);
  free(texts);
  free(items);
  return 0;
}
