/* test_csv.c -- the CSV reader and writer. */
#define _POSIX_C_SOURCE 200809L
#include "core/base/alloc.h"
#include "core/base/csv.h"
#include "kt.h"

/* Reads every record of s, joining fields with '|' and records with '\n'
** into out; returns the status of the last kk_csv_next. */
static kk_Status read_all(const char *s, size_t len, char *out, size_t size, kk_Err *err) {
  kk_CsvReader *r = kk_csv_reader_mem(s, len, "t.csv", NULL);
  out[0] = '\0';
  kk_Status st = KK_OK;
  for (;;) {
    const char *const *f;
    size_t n;
    st = kk_csv_next(r, &f, &n, err);
    if (st != KK_OK || n == 0) break;
    for (size_t i = 0; i < n; i++) {
      if (i) strncat(out, "|", size - strlen(out) - 1);
      strncat(out, f[i], size - strlen(out) - 1);
    }
    strncat(out, "\n", size - strlen(out) - 1);
  }
  kk_csv_reader_free(r);
  return st;
}

static void test_basic(void) {
  char out[256];
  kk_Err e;
  KT_CHECK(read_all("a,b\nc,d\n", 8, out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "a|b\nc|d\n");
  /* no final newline, empty fields, trailing separator */
  KT_CHECK(read_all("a,,b\n,x,", 9, out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "a||b\n|x|\n");
}

static void test_quotes(void) {
  char out[256];
  kk_Err e;
  const char *s = "\"a,b\",\"say \"\"hi\"\"\"\n\"\",x\n";
  KT_CHECK(read_all(s, strlen(s), out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "a,b|say \"hi\"\n|x\n");
  /* a quote in the middle of an unquoted field is kept as text */
  KT_CHECK(read_all("ab\"c,d\n", 7, out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "ab\"c|d\n");
}

static void test_crlf_and_newlines(void) {
  char out[256];
  kk_Err e;
  const char *s = "a,b\r\n\"line1\r\nline2\",c\r\n\r\nlast,\"x\ry\"";
  KT_CHECK(read_all(s, strlen(s), out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "a|b\nline1\nline2|c\nlast|x\ny\n");
  /* record lines: the third record starts on line 5 */
  kk_CsvReader *r = kk_csv_reader_mem(s, strlen(s), "t.csv", NULL);
  const char *const *f;
  size_t n;
  int lines[3] = {0, 0, 0};
  for (int i = 0; i < 3; i++) {
    KT_CHECK(kk_csv_next(r, &f, &n, &e) == KK_OK && n == 2);
    lines[i] = kk_csv_record_line(r);
  }
  KT_CHECK(lines[0] == 1 && lines[1] == 2 && lines[2] == 5);
  KT_CHECK(kk_csv_next(r, &f, &n, &e) == KK_OK && n == 0);
  kk_csv_reader_free(r);
}

static void test_bom_and_japanese(void) {
  char out[256];
  kk_Err e;
  const char *s = "\xEF\xBB\xBF"
                  "表,裏\n第5条,集団防衛\n";
  KT_CHECK(read_all(s, strlen(s), out, sizeof out, &e) == KK_OK);
  KT_CHECK_STR(out, "表|裏\n第5条|集団防衛\n");
}

static void test_invalid_utf8(void) {
  char out[256];
  kk_Err e;
  /* line 2, column 4 (code points): "あい," then a stray continuation byte */
  const char *s = "ok,fine\nあい,\x80x\n";
  KT_CHECK(read_all(s, strlen(s), out, sizeof out, &e) == KK_ERR_PARSE);
  KT_CHECK(e.line == 2 && e.col == 4);
  KT_CHECK(strstr(e.msg, "UTF-8") != NULL);
  /* an overlong encoding of '/' and a UTF-16 surrogate are refused */
  KT_CHECK(read_all("\xC0\xAF", 2, out, sizeof out, &e) == KK_ERR_PARSE);
  KT_CHECK(read_all("a\xED\xA0\x80", 4, out, sizeof out, &e) == KK_ERR_PARSE);
  /* truncated sequence at the end */
  KT_CHECK(read_all("a\xE3\x81", 3, out, sizeof out, &e) == KK_ERR_PARSE);
}

static void test_unterminated(void) {
  char out[256];
  kk_Err e;
  const char *s = "a,b\nc,\"open\nstill open\n";
  KT_CHECK(read_all(s, strlen(s), out, sizeof out, &e) == KK_ERR_PARSE);
  KT_CHECK(e.line == 2 && e.col == 3);
  KT_CHECK(strstr(e.msg, "unterminated") != NULL);
  char buf[600];
  kk_err_format(&e, buf, sizeof buf);
  KT_CHECK(strncmp(buf, "t.csv:2:3: error: unterminated", 30) == 0);
  /* text after a closing quote */
  KT_CHECK(read_all("\"a\"b,c\n", 7, out, sizeof out, &e) == KK_ERR_PARSE);
  KT_CHECK(e.line == 1 && e.col == 4);
}

static void test_limits(void) {
  char big[300];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  kk_CsvOptions o = {',', 100, 3};
  kk_CsvReader *r = kk_csv_reader_mem(big, strlen(big), "t.csv", &o);
  const char *const *f;
  size_t n;
  kk_Err e;
  KT_CHECK(kk_csv_next(r, &f, &n, &e) == KK_ERR_LIMIT);
  KT_CHECK(e.line == 1);
  /* the reader stays failed */
  KT_CHECK(kk_csv_next(r, &f, &n, &e) == KK_ERR_LIMIT);
  kk_csv_reader_free(r);
  r = kk_csv_reader_mem("a,b,c,d\n", 8, "t.csv", &o);
  KT_CHECK(kk_csv_next(r, &f, &n, &e) == KK_ERR_LIMIT);
  kk_csv_reader_free(r);
}

static void test_stream_and_writer(void) {
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  const char *rec1[] = {"plain", "has,comma", "has \"quote\"", "two\nlines"};
  const char *rec2[] = {" padded", "日本語", ""};
  kk_csv_write_record(f, rec1, 4, ',');
  kk_csv_write_record(f, rec2, 3, ',');
  fclose(f);
  KT_CHECK_STR(mem, "plain,\"has,comma\",\"has \"\"quote\"\"\",\"two\nlines\"\r\n"
                    "\" padded\",日本語,\r\n");
  /* read it back through the FILE path */
  FILE *in = fmemopen(mem, len, "rb");
  kk_CsvReader *r = kk_csv_reader_file(in, "w.csv", NULL);
  const char *const *fl;
  size_t n;
  kk_Err e;
  KT_CHECK(kk_csv_next(r, &fl, &n, &e) == KK_OK && n == 4);
  for (size_t i = 0; i < 4 && n == 4; i++) KT_CHECK_STR(fl[i], rec1[i]);
  KT_CHECK(kk_csv_next(r, &fl, &n, &e) == KK_OK && n == 3);
  for (size_t i = 0; i < 3 && n == 3; i++) KT_CHECK_STR(fl[i], rec2[i]);
  KT_CHECK(kk_csv_next(r, &fl, &n, &e) == KK_OK && n == 0);
  kk_csv_reader_free(r);
  fclose(in);
  free(mem);
}

/* Spreadsheet formula injection (OWASP "CSV injection"): a cell that
** starts with = + - @ tab or CR is written with a leading apostrophe (and
** quoted), so a spreadsheet shows it as text instead of running it. */
static void test_formula_cells(void) {
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  const char *rec[] = {
      "=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "a=b", "ok"};
  kk_csv_write_record(f, rec, 8, ',');
  fclose(f);
  KT_CHECK_STR(mem, "\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1\",\"'-2+3\",\"'@SUM(A1)\","
                    "\"'\tx\",\"'\rx\",a=b,ok\r\n");
  free(mem);
  KT_CHECK(kk_csv_formula_lead("=1") && kk_csv_formula_lead("\t") && !kk_csv_formula_lead("1=") &&
           !kk_csv_formula_lead(""));
}

static void test_oom(void) {
  const char *s = "a,\"b\nc\",d\n1,2,3\n";
  kk_alloc_fail_after(0);
  /* count the allocations of a full read, then fail each in turn */
  size_t total = 0;
  {
    kk_alloc_fail_after(0);
    kk_CsvReader *r = kk_csv_reader_mem(s, strlen(s), NULL, NULL);
    const char *const *f;
    size_t n;
    kk_Err e;
    while (kk_csv_next(r, &f, &n, &e) == KK_OK && n) {
    }
    kk_csv_reader_free(r);
    total = kk_alloc_count();
  }
  KT_CHECK(total > 0);
  for (size_t i = 1; i <= total; i++) {
    kk_alloc_fail_after(i);
    kk_CsvReader *r = kk_csv_reader_mem(s, strlen(s), NULL, NULL);
    kk_Status st = KK_ERR_NOMEM;
    if (r) {
      const char *const *f;
      size_t n;
      kk_Err e;
      while ((st = kk_csv_next(r, &f, &n, &e)) == KK_OK && n) {
      }
      kk_csv_reader_free(r);
    }
    KT_CHECK(st == KK_ERR_NOMEM);
  }
  kk_alloc_fail_after(0);
}

int main(void) {
  KT_RUN(test_basic);
  KT_RUN(test_quotes);
  KT_RUN(test_crlf_and_newlines);
  KT_RUN(test_bom_and_japanese);
  KT_RUN(test_invalid_utf8);
  KT_RUN(test_unterminated);
  KT_RUN(test_limits);
  KT_RUN(test_stream_and_writer);
  KT_RUN(test_formula_cells);
  KT_RUN(test_oom);
  return kt_done();
}
