/*
** csv.h -- RFC 4180 CSV: a streaming reader (one record at a time, from a
** memory buffer or a FILE) and a field writer.  Depends on err.h, alloc.h.
** A kk_CsvReader owns its record; the field pointers kk_csv_next hands out
** are borrowed and valid until the next kk_csv_next or kk_csv_reader_free.
** Errors carry the 1-based line and column (in code points) of the fault.
*/
#ifndef KK_CSV_H
#define KK_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/base/err.h"

/* Default bounds; a field or record past them is a KK_ERR_LIMIT error. */
#define KK_CSV_FIELD_MAX_DEFAULT (1u << 20) /* bytes in one field */
#define KK_CSV_FIELDS_MAX_DEFAULT 1024      /* fields in one record */

typedef struct kk_CsvOptions {
  char sep;          /* field separator, ',' if 0 */
  size_t field_max;  /* KK_CSV_FIELD_MAX_DEFAULT if 0 */
  size_t fields_max; /* KK_CSV_FIELDS_MAX_DEFAULT if 0 */
} kk_CsvOptions;

typedef struct kk_CsvReader kk_CsvReader;

/* Returns a new reader over buf[0..len) (borrowed, must outlive the
** reader); path is only used in errors (copied).  opt may be NULL.
** Caller frees with kk_csv_reader_free.  NULL when out of memory. */
kk_CsvReader *kk_csv_reader_mem(const char *buf, size_t len, const char *path,
                                const kk_CsvOptions *opt);
/* Same over a stream read in chunks (f borrowed, not closed). */
kk_CsvReader *kk_csv_reader_file(FILE *f, const char *path, const kk_CsvOptions *opt);
void kk_csv_reader_free(kk_CsvReader *r); /* r may be NULL */

/* Reads the next record.  On KK_OK, *fields and *nfields describe it
** (nfields >= 1), or *nfields is 0 at the end of input.  A leading UTF-8
** BOM is skipped; records end at LF, CRLF or CR; CRLF and CR inside a
** quoted field become LF; blank lines are skipped; fields must be valid
** UTF-8.  Errors: KK_ERR_PARSE (unterminated quote -- reported at the
** opening quote --, text after a closing quote, invalid UTF-8),
** KK_ERR_LIMIT, KK_ERR_NOMEM, KK_ERR_IO.  After an error the reader is
** done: later calls return the same code. */
kk_Status kk_csv_next(kk_CsvReader *r, const char *const **fields, size_t *nfields, kk_Err *err);
/* 1-based line on which the last record returned started. */
int kk_csv_record_line(const kk_CsvReader *r);

/* 1 if a spreadsheet would take a cell starting like s for a formula: it
** starts with '=', '+', '-', '@', tab or CR (the OWASP rule). */
int kk_csv_formula_lead(const char *s);
/* Writes s as one CSV field to f: quoted (with "" escapes) when it holds
** sep, a quote, CR, LF or leading/trailing spaces, else as is.  A field
** that kk_csv_formula_lead flags gets a leading apostrophe (and quotes),
** so spreadsheets show it as text: every CSV Kioku writes goes through
** here. */
void kk_csv_write_field(FILE *f, const char *s, char sep);
/* Writes n fields separated by sep and ends the record with CRLF. */
void kk_csv_write_record(FILE *f, const char *const *fields, size_t n, char sep);

#endif
