/* test_layout.c -- line breaking and furigana placement with fake metrics:
** a wide (CJK) code point is font_px wide, a narrow one font_px / 2, a
** combining one 0.  Hand-written cases with exact breaks, then every line
** of the course documents (../shared/seeds) checked against the rules at
** several widths, then random bytes. */
#define _POSIX_C_SOURCE 200809L
#include "core/base/alloc.h"
#include "core/ui/layout.h"
#include "core/deck/text.h"
#include "kt.h"

#include <dirent.h>
#include <stdint.h>
#include <utf8proc.h>

static int fake_width(void *ud, int px, const char *s, size_t len) {
  int *calls = ud;
  if (calls) (*calls)++;
  size_t p = 0;
  int w = 0;
  while (p < len) {
    int32_t cp = kk_utf8_next(s, len, &p);
    if (cp < 0) cp = 0xFFFD;
    int cw = utf8proc_charwidth(cp);
    w += cw == 2 ? px : cw == 1 ? px / 2 : 0;
  }
  return w;
}
static int fake_line_height(void *ud, int px) { return px + px / 4; }
static int fake_ascent(void *ud, int px) { return px; }

static const kk_TextMetrics metrics = {NULL, fake_width, fake_line_height, fake_ascent};

/* The rules, written out independently of layout.c. */
static const char *const NO_START[] = {"ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ゎ",
                                       "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ", "ヮ",
                                       "ヵ", "ヶ", "ー", "。", "、", "，", "．", "」", "』", "）",
                                       "】", "〕", "！", "？", "・", "々", "〜", "…"};
static const char *const NO_END[] = {"「", "『", "（", "【", "〔"};

static int starts_with_any(const char *s, size_t len, const char *const *set, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (len >= strlen(set[i]) && memcmp(s, set[i], strlen(set[i])) == 0) return 1;
  return 0;
}
static int ends_with_any(const char *s, size_t len, const char *const *set, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t k = strlen(set[i]);
    if (len >= k && memcmp(s + len - k, set[i], k) == 0) return 1;
  }
  return 0;
}

static char *line_str(const kk_Layout *l, size_t i) {
  static char buf[4096];
  size_t n = l->lines[i].len < sizeof buf - 1 ? l->lines[i].len : sizeof buf - 1;
  memcpy(buf, l->text + l->lines[i].off, n);
  buf[n] = '\0';
  return buf;
}

/* Lays out text and compares the lines with want (NULL-terminated). */
static void expect_lines(const char *text, int width, const char *const *want) {
  kk_Layout l;
  kk_Status st = kk_layout_paragraph(text, strlen(text), "ja", width, 16, &metrics, &l);
  KT_CHECK(st == KK_OK);
  if (st != KK_OK) return;
  size_t n = 0;
  while (want[n]) n++;
  if (l.nlines != n) {
    fprintf(stderr, "  '%s' at %d px: %zu lines, want %zu:\n", text, width, l.nlines, n);
    for (size_t i = 0; i < l.nlines; i++) fprintf(stderr, "    [%s]\n", line_str(&l, i));
  }
  KT_CHECK(l.nlines == n);
  for (size_t i = 0; i < n && i < l.nlines; i++) KT_CHECK_STR(line_str(&l, i), want[i]);
  kk_layout_free(&l);
}

#define LINES(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_kinsoku_cases(void) {
  /* 5 CJK per line: 。 hangs past the margin instead of pulling お down. */
  expect_lines("あいうえお。かきく", 80, LINES("あいうえお。", "かきく"));
  expect_lines("あいうえお、かきく", 80, LINES("あいうえお、", "かきく"));
  /* Small kana and ー never start a line. */
  expect_lines("あいうえっかき", 64, LINES("あいう", "えっかき"));
  expect_lines("あいうコーヒー", 64, LINES("あいう", "コーヒー"));
  expect_lines("あいうキャラ", 64, LINES("あいう", "キャラ"));
  /* An opening bracket never ends a line, a closing one never starts it. */
  expect_lines("あいう「かき」く", 64, LINES("あいう", "「かき」", "く"));
  expect_lines("あい「かきく」け", 96, LINES("あい「かき", "く」け"));
  expect_lines("あいうえお「かき」", 96, LINES("あいうえお", "「かき」"));
  expect_lines("あいうえ（注）", 80, LINES("あいうえ", "（注）"));
  /* 」 after 。 keeps the pair together. */
  expect_lines("あいう。」かき", 64, LINES("あい", "う。」か", "き"));
  /* Mixed Japanese and English: NATO stays whole. */
  expect_lines("NATOの第5条は集団防衛を定める。", 48,
               LINES("NATOの", "第5条", "は集団", "防衛を", "定める。"));
  /* Mandatory breaks, empty lines, a trailing newline adds no line. */
  expect_lines("一行目\n\n三行目\n", 400, LINES("一行目", "", "三行目"));
  expect_lines("a\r\nb", 400, LINES("a", "b"));
  expect_lines("", 100, LINES(""));
}

static void test_english(void) {
  /* 25 ASCII characters per line (8 px each). */
  expect_lines("The Parties agree that an armed attack against one or more of them "
               "in Europe or North America shall be considered an attack against "
               "them all",
               200,
               LINES("The Parties agree that an", "armed attack against one",
                     "or more of them in Europe", "or North America shall be",
                     "considered an attack", "against them all"));
  /* Trailing spaces do not count and are not part of the line. */
  expect_lines("ab   cd", 24, LINES("ab", "cd"));
  /* A word wider than the line is split by characters, as a last resort. */
  expect_lines("a supercalifragilistic b", 64, LINES("a", "supercal", "ifragili", "stic b"));
}

static void test_long_word(void) {
  /* 100k letters, 10 per line: every line full, in linear time (a
  ** quadratic fill would hit the test timeout). */
  size_t n = 100000;
  char *t = malloc(n);
  memset(t, 'a', n);
  kk_Layout l;
  KT_CHECK(kk_layout_paragraph(t, n, "en", 80, 16, &metrics, &l) == KK_OK);
  KT_CHECK(l.nlines == n / 10);
  int full = 1;
  for (size_t i = 0; i < l.nlines; i++) full &= l.lines[i].len == 10;
  KT_CHECK(full);
  kk_layout_free(&l);
  free(t);
}

static void test_url(void) {
  const char *t = "参照：https://www.nato.int/cps/en/natohq/official_texts_17120.htm"
                  "を見よ。";
  for (int w = 80; w <= 400; w += 40) {
    kk_Layout l;
    KT_CHECK(kk_layout_paragraph(t, strlen(t), "ja", w, 16, &metrics, &l) == KK_OK);
    size_t total = 0;
    for (size_t i = 0; i < l.nlines; i++) {
      KT_CHECK(l.lines[i].width_px <= w || (i + 1 == l.nlines && l.lines[i].width_px <= w + 16));
      KT_CHECK(l.lines[i].off == total);
      total += l.lines[i].len;
    }
    KT_CHECK(total == strlen(t));
    kk_layout_free(&l);
  }
}

static void test_ruby(void) {
  kk_Layout l;
  const char *t = "集団[しゅうだん]防衛[ぼうえい]";
  KT_CHECK(kk_layout_paragraph(t, strlen(t), "ja", 48, 16, &metrics, &l) == KK_OK);
  KT_CHECK_STR(l.text, "集団防衛");
  KT_CHECK(l.nlines == 2);
  KT_CHECK_STR(line_str(&l, 0), "集団");
  KT_CHECK_STR(line_str(&l, 1), "防衛");
  KT_CHECK(l.nrubies == 2);
  KT_CHECK(l.ruby_px == 8);
  KT_CHECK(l.ruby_h_px == fake_line_height(NULL, 8));
  KT_CHECK(l.line_h_px == fake_line_height(NULL, 16));
  KT_CHECK(l.lines[0].y_px == l.ruby_h_px);
  KT_CHECK(l.lines[1].y_px == 2 * l.ruby_h_px + l.line_h_px);
  KT_CHECK(l.height_px == 2 * (l.ruby_h_px + l.line_h_px));
  KT_CHECK_STR(l.rubies[0].text, "しゅうだん");
  KT_CHECK(l.rubies[0].line == 0 && l.rubies[1].line == 1);
  KT_CHECK(l.lines[1].first_ruby == 1 && l.lines[1].nruby == 1);
  /* しゅうだん at 8 px = 40 px over a 32 px base: centred would be -4,
  ** kept at 0. */
  KT_CHECK(l.rubies[0].w_px == 40 && l.rubies[0].x_px == 0);
  KT_CHECK(l.rubies[0].y_px == 0);
  /* ぼうえい = 32 px over 防衛 (32 px): exactly above. */
  KT_CHECK(l.rubies[1].x_px == 0 && l.rubies[1].w_px == 32);
  KT_CHECK(l.rubies[1].y_px == l.lines[1].y_px - l.ruby_h_px);
  kk_layout_free(&l);

  /* Wide readings side by side do not overlap. */
  KT_CHECK(kk_layout_paragraph(t, strlen(t), "ja", 400, 16, &metrics, &l) == KK_OK);
  KT_CHECK(l.nlines == 1 && l.nrubies == 2);
  KT_CHECK(l.rubies[0].x_px == 0 && l.rubies[0].w_px == 40);
  KT_CHECK(l.rubies[1].base_x_px == 32 && l.rubies[1].x_px == 40);
  KT_CHECK(l.lines[0].first_ruby == 0 && l.lines[0].nruby == 2);
  kk_layout_free(&l);

  /* A base in the middle of a line, centred. */
  t = "第5条[だいごじょう]は";
  KT_CHECK(kk_layout_paragraph(t, strlen(t), "ja", 400, 16, &metrics, &l) == KK_OK);
  KT_CHECK(l.nrubies == 1 && l.nlines == 1);
  KT_CHECK(l.rubies[0].base_x_px == 24 && l.rubies[0].base_w_px == 16);
  KT_CHECK(l.rubies[0].w_px == 48);
  KT_CHECK(l.rubies[0].x_px == 24 + (16 - 48) / 2);
  kk_layout_free(&l);

  /* A base is never split, even when wider than the line. */
  t = "あ｜NATOPLUSMORE[ナトー]い";
  KT_CHECK(kk_layout_paragraph(t, strlen(t), "ja", 40, 16, &metrics, &l) == KK_OK);
  int found = 0;
  for (size_t i = 0; i < l.nlines; i++)
    if (strcmp(line_str(&l, i), "NATOPLUSMORE") == 0) found = 1;
  KT_CHECK(found);
  kk_layout_free(&l);

  /* No ruby: no band. */
  KT_CHECK(kk_layout_paragraph("abc", 3, "en", 100, 16, &metrics, &l) == KK_OK);
  KT_CHECK(l.ruby_h_px == 0 && l.lines[0].y_px == 0 && l.nrubies == 0);
  kk_layout_free(&l);
}

static void test_raw(void) {
  /* An answer field shows what was typed: brackets stay, offsets match. */
  kk_Layout l;
  const char *t = "漢字[かんじ]\\[";
  KT_CHECK(kk_layout_paragraph_flags(t, strlen(t), "ja", 400, 16, KK_LAYOUT_RAW, &metrics, &l) ==
           KK_OK);
  KT_CHECK_STR(l.text, t);
  KT_CHECK(l.nrubies == 0 && l.nlines == 1 && l.lines[0].len == strlen(t));
  size_t line;
  int x;
  kk_layout_locate(&l, &metrics, 6, &line, &x);
  KT_CHECK(line == 0 && x == 32);
  kk_layout_free(&l);
  /* An ideographic space never starts a soft-wrapped line. */
  expect_lines("あいう\u3000\u3000えお", 64, LINES("あいう", "えお"));
}

static void test_locate(void) {
  kk_Layout l;
  const char *t = "あいうえお かきくけこ";
  KT_CHECK(kk_layout_paragraph(t, strlen(t), "ja", 80, 16, &metrics, &l) == KK_OK);
  KT_CHECK(l.nlines == 2);
  size_t line;
  int x;
  kk_layout_locate(&l, &metrics, 6, &line, &x);
  KT_CHECK(line == 0 && x == 32);
  kk_layout_locate(&l, &metrics, l.lines[1].off + 3, &line, &x);
  KT_CHECK(line == 1 && x == 16);
  kk_layout_locate(&l, &metrics, l.len, &line, &x);
  KT_CHECK(line == 1 && x == 80);
  kk_layout_free(&l);
}

static int is_word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Break whitespace: what may lie between two lines. */
static int is_break_space(int32_t c) {
  return c == ' ' || c == '\t' || c == 0x3000 || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
         c == 0x85 || c == 0x2028 || c == 0x2029;
}
static int is_newline_cp(int32_t c) {
  return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}
/* 1 if s[a..b) holds only break whitespace; *nl set if it holds a newline. */
static int only_break_space(const char *s, size_t a, size_t b, int *nl) {
  *nl = 0;
  while (a < b) {
    int32_t c = kk_utf8_next(s, b, &a);
    if (!is_break_space(c)) return 0;
    if (is_newline_cp(c)) *nl = 1;
  }
  return 1;
}

/* Checks every rule on a finished layout; returns the number of problems
** (and prints the first few). */
static int check_layout(const kk_Layout *l, int width, const char *what) {
  int bad = 0, nl;
  size_t pos = 0;
#define BAD(...)                                                                                   \
  do {                                                                                             \
    if (bad++ < 5) {                                                                               \
      fprintf(stderr, "  %s at %d px, line %zu: ", what, width, i);                                \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fprintf(stderr, "\n");                                                                       \
    }                                                                                              \
  } while (0)
  for (size_t i = 0; i < l->nlines; i++) {
    const kk_LayoutLine *ln = &l->lines[i];
    const char *s = l->text + ln->off;
    /* Tiling: only break whitespace between lines. */
    if (ln->off < pos || ln->off + ln->len > l->len) {
      BAD("out of order");
      break;
    }
    if (!only_break_space(l->text, pos, ln->off, &nl)) BAD("drops text");
    int soft_before = i > 0 && !nl;
    pos = ln->off + ln->len;
    int soft_after = 0;
    if (i + 1 < l->nlines && l->lines[i + 1].off >= pos) {
      only_break_space(l->text, pos, l->lines[i + 1].off, &nl);
      soft_after = !nl;
    }
    if (ln->len == 0) continue;
    if (soft_before && starts_with_any(s, ln->len, NO_START, sizeof NO_START / sizeof *NO_START))
      BAD("starts with a forbidden character: %.*s", (int)ln->len, s);
    if (soft_after && ends_with_any(s, ln->len, NO_END, sizeof NO_END / sizeof *NO_END))
      BAD("ends with a forbidden character: %.*s", (int)ln->len, s);
    /* Width: only a hanging 。、，． may pass the margin, or a line that
    ** is one grapheme. */
    int w = fake_width(NULL, 16, s, ln->len);
    if (w != ln->width_px) BAD("width %d, measured %d", ln->width_px, w);
    size_t last = kk_utf8_prev(s, ln->len, ln->len);
    int wl = fake_width(NULL, 16, s + last, ln->len - last);
    int hang = ends_with_any(s, ln->len, (const char *const[]){"。", "、", "，", "．"}, 4);
    if (w > width && !(hang && w - wl <= width) && kk_text_next_grapheme(s, ln->len, 0) != ln->len)
      BAD("%d px wide: %.*s", w, (int)ln->len, s);
    /* English words: never split unless wider than the line. */
    if (soft_after && l->lines[i + 1].off == pos && is_word_byte(s[ln->len - 1]) &&
        is_word_byte(l->text[pos])) {
      size_t a = pos, b = pos;
      while (a > 0 && is_word_byte(l->text[a - 1])) a--;
      while (b < l->len && is_word_byte(l->text[b])) b++;
      if (fake_width(NULL, 16, l->text + a, b - a) <= width)
        BAD("splits the word %.*s", (int)(b - a), l->text + a);
    }
  }
  size_t i = l->nlines;
  if (!only_break_space(l->text, pos, l->len, &nl)) BAD("drops the tail");
#undef BAD
  return bad;
}

static void test_article5(void) {
  const char *t = "The Parties agree that an armed attack against one or more of them in "
                  "Europe or North America shall be considered an attack against them all "
                  "and consequently they agree that, if such an armed attack occurs, each "
                  "of them, in exercise of the right of individual or collective "
                  "self-defence recognised by Article 51 of the Charter of the United "
                  "Nations, will assist the Party or Parties so attacked by taking "
                  "forthwith, individually and in concert with the other Parties, such "
                  "action as it deems necessary, including the use of armed force, to "
                  "restore and maintain the security of the North Atlantic area.";
  for (int w = 96; w <= 640; w += 37) {
    kk_Layout l;
    KT_CHECK(kk_layout_paragraph(t, strlen(t), "en", w, 16, &metrics, &l) == KK_OK);
    KT_CHECK(check_layout(&l, w, "Article 5") == 0);
    /* Greedy: the next line's first word would not have fitted. */
    for (size_t i = 0; i + 1 < l.nlines; i++) {
      const char *nx = l.text + l.lines[i + 1].off;
      size_t wl = strcspn(nx, " -");
      if (nx[wl] == '-') wl++;
      KT_CHECK(l.lines[i].width_px + 8 + fake_width(NULL, 16, nx, wl) > w);
    }
    kk_layout_free(&l);
  }
}

static void test_seeds(void) {
  /* ../shared/seeds from the repo root; from a worktree one level deeper
  ** (/work/wt/NAME) the same folder is ../../shared/seeds. */
  const char *dir = KK_SOURCE_DIR "/../shared/seeds";
  DIR *d = opendir(dir);
  if (!d) d = opendir(dir = KK_SOURCE_DIR "/../../shared/seeds");
  if (!d) {
    printf("SKIPPED: test_seeds: %s not found\n", dir);
    return;
  }
  struct dirent *e;
  int files = 0, paragraphs = 0, lines = 0, problems = 0;
  static const int widths[] = {100, 160, 250, 333, 480, 800};
  while ((e = readdir(d))) {
    size_t nl = strlen(e->d_name);
    if (nl < 4 || strcmp(e->d_name + nl - 4, ".txt") != 0) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    size_t len = 0;
    char *buf = kt_read_file(path, &len);
    if (!buf) continue;
    files++;
    /* Each source line is a paragraph; the whole file is laid out too. */
    for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
      kk_Layout l;
      if (kk_layout_paragraph(buf, len, "ja", widths[wi], 16, &metrics, &l) != KK_OK) {
        problems++;
        continue;
      }
      problems += check_layout(&l, widths[wi], e->d_name);
      lines += (int)l.nlines;
      kk_layout_free(&l);
    }
    for (char *p = buf; *p;) {
      char *q = strchr(p, '\n');
      size_t n = q ? (size_t)(q - p) : strlen(p);
      if (n > 0) {
        paragraphs++;
        int w = 120 + (paragraphs * 53) % 500;
        kk_Layout l;
        if (kk_layout_paragraph(p, n, "ja", w, 16, &metrics, &l) != KK_OK)
          problems++;
        else {
          problems += check_layout(&l, w, e->d_name);
          kk_layout_free(&l);
        }
      }
      p += n + (q != NULL);
    }
    free(buf);
  }
  closedir(d);
  printf("seeds: %d files, %d paragraphs, %d lines checked\n", files, paragraphs, lines);
  KT_CHECK(files > 0);
  KT_CHECK(problems == 0);
}

static uint32_t rng_state = 4242;
static uint32_t rng(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 8;
}

static void test_random(void) {
  static const char *pieces[] = {"あ",       "っ",        "。", "「",   "」", "漢",          "[",
                                 "]",        "よみ",      "｜", "word", " ",  "\n",          "\xFF",
                                 "\xE6\xBC", "e\xCC\x81", "ー", "、",   "-",  "http://x.y/z"};
  int bad = 0;
  for (int it = 0; it < 2000; it++) {
    char buf[512];
    size_t o = 0, k = rng() % 60;
    for (size_t i = 0; i < k; i++) {
      const char *pc = pieces[rng() % (sizeof pieces / sizeof *pieces)];
      memcpy(buf + o, pc, strlen(pc));
      o += strlen(pc);
    }
    if (rng() % 4 == 0) /* sometimes raw bytes */
      for (size_t i = 0; i < o; i++) buf[i] = (char)(rng() & 0xFF);
    int w = (int)(rng() % 200) - 10;
    kk_Layout l;
    if (kk_layout_paragraph(buf, o, "ja", w, 16, &metrics, &l) != KK_OK) {
      bad++;
      continue;
    }
    if (l.nlines == 0 || kk_utf8_validate(l.text, l.len, NULL) != KK_OK) bad++;
    size_t pos = 0;
    for (size_t i = 0; i < l.nlines; i++) {
      if (l.lines[i].off < pos || l.lines[i].off + l.lines[i].len > l.len) bad++;
      pos = l.lines[i].off + l.lines[i].len;
    }
    for (size_t i = 0; i < l.nrubies; i++)
      if (l.rubies[i].line >= l.nlines) bad++;
    kk_layout_free(&l);
  }
  KT_CHECK(bad == 0);
}

static void test_errors_and_oom(void) {
  kk_Layout l;
  KT_CHECK(kk_layout_paragraph("a", 1, "ja", 100, 16, NULL, &l) == KK_ERR_USAGE);
  KT_CHECK(kk_layout_paragraph("a", 1, "ja", 100, 0, &metrics, &l) == KK_ERR_USAGE);
  KT_CHECK(kk_layout_paragraph("abc def", 7, NULL, 30, 16, &metrics, &l) == KK_OK);
  KT_CHECK(l.nlines == 2);
  kk_layout_free(&l);
  KT_CHECK(kk_layout_paragraph(NULL, 0, NULL, 100, 16, &metrics, &l) == KK_OK);
  KT_CHECK(l.nlines == 1);
  kk_layout_free(&l);
  kk_layout_free(NULL);
  size_t big = KK_LAYOUT_MAX_BYTES + 1;
  char *b = malloc(big);
  memset(b, 'a', big);
  KT_CHECK(kk_layout_paragraph(b, big, "en", 100, 16, &metrics, &l) == KK_ERR_LIMIT);
  free(b);

  const char *t = "集団[しゅうだん]防衛は NATO の柱。";
  kk_alloc_fail_after(0);
  KT_CHECK(kk_layout_paragraph(t, strlen(t), "ja", 64, 16, &metrics, &l) == KK_OK);
  kk_layout_free(&l);
  size_t total = kk_alloc_fail_after(0);
  KT_CHECK(total >= 5);
  for (size_t i = 1; i <= total; i++) {
    kk_alloc_fail_after(i);
    kk_Status st = kk_layout_paragraph(t, strlen(t), "ja", 64, 16, &metrics, &l);
    kk_alloc_fail_after(0);
    KT_CHECK(st == KK_ERR_NOMEM && l.lines == NULL && l.text == NULL);
  }
}

/* U+FFFF is libunibreak's end-of-text marker: a text containing one must
** lay out (it once tripped an assertion inside the library; fuzz finding). */
static void test_uffff_inside(void) {
  const char t[] = "NATO \xEF\xBF\xBF 第5条 \xEF\xBF\xBF\xEF\xBF\xBF end";
  kk_Layout l;
  KT_CHECK(kk_layout_paragraph(t, sizeof t - 1, "ja", 40, 16, &metrics, &l) == KK_OK);
  size_t total = 0;
  for (size_t i = 0; i < l.nlines; i++) total += l.lines[i].len;
  KT_CHECK(l.nlines >= 2 && total > 0);
  kk_layout_free(&l);
}

/* Hinted fonts measure a whole line wider than its glyphs one by one: here
** each narrow code point is 5 px alone and 6 px within a longer string.
** Every line still fits when measured whole. */
static int hinted_width(void *ud, int px, const char *s, size_t len) {
  int n = 0;
  for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n * (n > 1 ? px / 2 + 1 : px / 2);
}

static void test_whole_line_width(void) {
  static const kk_TextMetrics hinted = {NULL, hinted_width, fake_line_height, fake_ascent};
  const char *s = "Unanswered questions: 18 (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "
                  "14, 15, 16, 17, 18)";
  kk_Layout L;
  KT_CHECK(kk_layout_paragraph(s, strlen(s), "ja", 300, 10, &hinted, &L) == KK_OK);
  KT_CHECK(L.nlines >= 2);
  for (size_t i = 0; i < L.nlines; i++) {
    int w = hinted_width(NULL, 10, L.text + L.lines[i].off, L.lines[i].len);
    KT_CHECK(w <= 300);
    KT_CHECK(L.lines[i].width_px == w);
  }
  kk_layout_free(&L);
}

int main(void) {
  KT_RUN(test_uffff_inside);
  KT_RUN(test_kinsoku_cases);
  KT_RUN(test_english);
  KT_RUN(test_long_word);
  KT_RUN(test_url);
  KT_RUN(test_ruby);
  KT_RUN(test_raw);
  KT_RUN(test_locate);
  KT_RUN(test_article5);
  KT_RUN(test_seeds);
  KT_RUN(test_random);
  KT_RUN(test_errors_and_oom);
  KT_RUN(test_whole_line_width);
  return kt_done();
}
