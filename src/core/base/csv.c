/*
** csv.c -- RFC 4180 CSV reader and writer.
**
** Divisions: byte source (memory or FILE, CR/CRLF folded to LF, positions
** and UTF-8 validation) -- record parser -- writer.
*/
#include "core/base/csv.h"
#include "core/base/i18n.h"

#include <string.h>

#include "core/base/alloc.h"
#include "core/base/utf8.h"

#define CHUNK 65536

struct kk_CsvReader {
  /* source */
  const unsigned char *mem;
  size_t len, pos;
  FILE *f;
  unsigned char *chunk;
  int eof;
  int bom_checked;
  /* position of the next byte */
  int line, col;
  /* position of the byte last returned by get() */
  int cur_line, cur_col;
  kk_Utf8Stream u8; /* the UTF-8 check of the bytes read so far */
  /* options */
  char sep;
  size_t field_max, fields_max;
  char path[KK_ERR_PATH_MAX];
  /* the current record: field bytes, NUL-separated */
  char *buf;
  size_t nbuf, abuf;
  size_t *offs;
  const char **fields;
  size_t nfields, afields;
  int rec_line;
  kk_Status failed;
  kk_Err failed_err;
};

/* ---- byte source ---------------------------------------------------------- */

static kk_CsvReader *reader_new(const char *path, const kk_CsvOptions *opt) {
  kk_CsvReader *r = kk_calloc(1, sizeof *r);
  if (!r) return NULL;
  r->line = 1;
  r->col = 1;
  r->sep = opt && opt->sep ? opt->sep : ',';
  r->field_max = opt && opt->field_max ? opt->field_max : KK_CSV_FIELD_MAX_DEFAULT;
  r->fields_max = opt && opt->fields_max ? opt->fields_max : KK_CSV_FIELDS_MAX_DEFAULT;
  snprintf(r->path, sizeof r->path, "%s", path ? path : "");
  return r;
}

kk_CsvReader *kk_csv_reader_mem(const char *buf, size_t len, const char *path,
                                const kk_CsvOptions *opt) {
  kk_CsvReader *r = reader_new(path, opt);
  if (!r) return NULL;
  r->mem = (const unsigned char *)buf;
  r->len = len;
  return r;
}

kk_CsvReader *kk_csv_reader_file(FILE *f, const char *path, const kk_CsvOptions *opt) {
  kk_CsvReader *r = reader_new(path, opt);
  if (!r) return NULL;
  r->chunk = kk_malloc(CHUNK);
  if (!r->chunk) {
    kk_free(r);
    return NULL;
  }
  r->f = f;
  r->mem = r->chunk;
  return r;
}

void kk_csv_reader_free(kk_CsvReader *r) {
  if (!r) return;
  kk_free(r->chunk);
  kk_free(r->buf);
  kk_free(r->offs);
  kk_free(r->fields);
  kk_free(r);
}

/* Makes at least one byte available; returns 0 at end of input, -1 on a
** read error. */
static int fill(kk_CsvReader *r) {
  if (r->pos < r->len) return 1;
  if (!r->f || r->eof) return 0;
  r->len = fread(r->chunk, 1, CHUNK, r->f);
  r->pos = 0;
  if (r->len == 0) {
    r->eof = 1;
    return ferror(r->f) ? -1 : 0;
  }
  return 1;
}

/* Reads one raw byte: 0..255, -1 at end, -2 on a read error. */
static int raw(kk_CsvReader *r) {
  int k = fill(r);
  if (k <= 0) return k < 0 ? -2 : -1;
  return r->mem[r->pos++];
}

static int peek_raw(kk_CsvReader *r) {
  int k = fill(r);
  if (k <= 0) return k < 0 ? -2 : -1;
  return r->mem[r->pos];
}

static kk_Status fail(kk_CsvReader *r, kk_Err *err, kk_Status code, int line, int col,
                      const char *msg) {
  r->failed = code;
  kk_err_set(&r->failed_err, code, r->path[0] ? r->path : NULL, line, col, "%s", msg);
  if (err) *err = r->failed_err;
  return code;
}

/* Reads one byte with CR and CRLF folded to LF, validating UTF-8 and
** tracking positions.  Returns the byte, -1 at end, or -2 after filling
** err (read error or invalid UTF-8). */
static int get(kk_CsvReader *r, kk_Err *err) {
  if (!r->bom_checked) {
    r->bom_checked = 1;
    if (peek_raw(r) == 0xEF) {
      /* Only the memory path can look three bytes ahead cheaply; a stream
      ** starts with a fresh chunk, which holds the BOM if there is one. */
      if (r->len - r->pos >= 3 && r->mem[r->pos + 1] == 0xBB && r->mem[r->pos + 2] == 0xBF)
        r->pos += 3;
    }
  }
  int b = raw(r);
  if (b == -2) {
    fail(r, err, KK_ERR_IO, 0, 0, _("read error"));
    return -2;
  }
  if (b == -1) {
    if (kk_utf8_stream_pending(&r->u8)) {
      fail(r, err, KK_ERR_PARSE, r->cur_line, r->cur_col,
           _("invalid UTF-8 (truncated sequence at end of file)"));
      return -2;
    }
    return -1;
  }
  int cont = kk_utf8_stream_pending(&r->u8);
  if (!kk_utf8_stream_step(&r->u8, (unsigned char)b)) {
    fail(r, err, KK_ERR_PARSE, r->line, cont ? r->col - 1 : r->col, _("invalid UTF-8"));
    return -2;
  }
  if (b == '\r') {
    if (peek_raw(r) == '\n') r->pos++;
    b = '\n';
  }
  r->cur_line = r->line;
  r->cur_col = cont ? r->col - 1 : r->col;
  if (b == '\n') {
    r->line++;
    r->col = 1;
  } else if (!cont) {
    r->col++;
  }
  return b;
}

/* ---- record parser -------------------------------------------------------- */

static int buf_put(kk_CsvReader *r, char c) {
  if (r->nbuf == r->abuf) {
    char *nb = kk_grow(r->buf, &r->abuf, r->nbuf + 1, 1, 256);
    if (!nb) return 0;
    r->buf = nb;
  }
  r->buf[r->nbuf++] = c;
  return 1;
}

static int field_start(kk_CsvReader *r) {
  if (r->nfields == r->afields) {
    size_t na = kk_grow_cap(r->afields, r->nfields + 1, sizeof(size_t), 16);
    size_t *no = kk_realloc_array(r->offs, na, sizeof *no);
    if (!no) return 0;
    r->offs = no;
    const char **nf = kk_realloc_array(r->fields, na, sizeof *nf);
    if (!nf) return 0;
    r->fields = nf;
    r->afields = na;
  }
  r->offs[r->nfields++] = r->nbuf;
  return 1;
}

int kk_csv_record_line(const kk_CsvReader *r) { return r ? r->rec_line : 0; }

kk_Status kk_csv_next(kk_CsvReader *r, const char *const **fields, size_t *nfields, kk_Err *err) {
  *nfields = 0;
  *fields = NULL;
  if (r->failed) {
    if (err) *err = r->failed_err;
    return r->failed;
  }
  for (;;) { /* one iteration per record; blank lines loop */
    r->nbuf = 0;
    r->nfields = 0;
    int c = get(r, err);
    if (c == -2) return r->failed;
    if (c == -1) return KK_OK; /* end of input */
    r->rec_line = r->cur_line;
    if (c == '\n') continue; /* blank line */
    int done = 0;
    while (!done) { /* one iteration per field; c is its first byte */
      if (r->nfields >= r->fields_max)
        return fail(r, err, KK_ERR_LIMIT, r->cur_line, r->cur_col,
                    _("too many fields in one record"));
      if (!field_start(r)) return fail(r, err, KK_ERR_NOMEM, 0, 0, _("out of memory"));
      size_t start = r->nbuf;
      if (c == '"') {
        int qline = r->cur_line, qcol = r->cur_col;
        for (;;) {
          c = get(r, err);
          if (c == -2) return r->failed;
          if (c == -1)
            return fail(r, err, KK_ERR_PARSE, qline, qcol,
                        _("unterminated quoted field (the quote opened here is never closed)"));
          if (c == '"') {
            c = get(r, err);
            if (c == -2) return r->failed;
            if (c != '"') break; /* closing quote; c follows it */
          }
          if (r->nbuf - start >= r->field_max)
            return fail(r, err, KK_ERR_LIMIT, qline, qcol, _("field too long"));
          if (!buf_put(r, (char)c)) return fail(r, err, KK_ERR_NOMEM, 0, 0, _("out of memory"));
        }
        if (c != -1 && c != '\n' && c != r->sep)
          return fail(r, err, KK_ERR_PARSE, r->cur_line, r->cur_col,
                      _("unexpected text after a closing quote (quotes inside a "
                        "quoted field are written \"\")"));
      } else {
        while (c != -1 && c != '\n' && c != r->sep) {
          if (r->nbuf - start >= r->field_max)
            return fail(r, err, KK_ERR_LIMIT, r->cur_line, r->cur_col, _("field too long"));
          if (!buf_put(r, (char)c)) return fail(r, err, KK_ERR_NOMEM, 0, 0, _("out of memory"));
          c = get(r, err);
          if (c == -2) return r->failed;
        }
      }
      if (!buf_put(r, '\0')) return fail(r, err, KK_ERR_NOMEM, 0, 0, _("out of memory"));
      if (c == r->sep) {
        c = get(r, err);
        if (c == -2) return r->failed;
        if (c == -1 || c == '\n') { /* trailing separator: one empty field */
          if (!field_start(r) || !buf_put(r, '\0'))
            return fail(r, err, KK_ERR_NOMEM, 0, 0, _("out of memory"));
          done = 1;
        }
      } else
        done = 1;
    }
    for (size_t i = 0; i < r->nfields; i++) r->fields[i] = r->buf + r->offs[i];
    *fields = r->fields;
    *nfields = r->nfields;
    return KK_OK;
  }
}

/* ---- writer --------------------------------------------------------------- */

int kk_csv_formula_lead(const char *s) { return s && s[0] && strchr("=+-@\t\r", s[0]) != NULL; }

void kk_csv_write_field(FILE *f, const char *s, char sep) {
  size_t n = strlen(s);
  int formula = kk_csv_formula_lead(s);
  int quote = formula || (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
  for (const char *p = s; *p && !quote; p++)
    if (*p == sep || *p == '"' || *p == '\r' || *p == '\n') quote = 1;
  if (!quote) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (formula) fputc('\'', f);
  for (const char *p = s; *p; p++) {
    if (*p == '"') fputc('"', f);
    fputc(*p, f);
  }
  fputc('"', f);
}

void kk_csv_write_record(FILE *f, const char *const *fields, size_t n, char sep) {
  for (size_t i = 0; i < n; i++) {
    if (i) fputc(sep, f);
    kk_csv_write_field(f, fields[i] ? fields[i] : "", sep);
  }
  fputs("\r\n", f);
}
