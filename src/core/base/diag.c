/*
** diag.c -- diagnostic lists.
*/
#include "core/base/term.h"
#include "core/base/diag.h"
#include "core/base/i18n.h"
#include "core/base/json.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/alloc.h"

void kk_diags_init(kk_Diags *d, size_t cap) {
  memset(d, 0, sizeof *d);
  d->cap = cap;
}

void kk_diags_free(kk_Diags *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) {
    kk_free(d->items[i].msg);
    kk_free(d->items[i].notes);
  }
  kk_free(d->items);
  for (size_t i = 0; i < d->npaths; i++) kk_free(d->paths[i]);
  kk_free(d->paths);
  memset(d, 0, sizeof *d);
}

static const char *intern_path(kk_Diags *d, const char *path) {
  if (!path) return "";
  for (size_t i = 0; i < d->npaths; i++)
    if (strcmp(d->paths[i], path) == 0) return d->paths[i];
  char **np = kk_grow(d->paths, &d->apaths, d->npaths + 1, sizeof *np, 4);
  if (!np) return NULL;
  d->paths = np;
  char *s = kk_strdup(path);
  if (!s) return NULL;
  d->paths[d->npaths++] = s;
  return s;
}

static char *vformat(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  // NOLINTBEGIN(clang-analyzer-valist.Uninitialized): copied just above
  int n = vsnprintf(NULL, 0, fmt, ap2);
  // NOLINTEND(clang-analyzer-valist.Uninitialized)
  va_end(ap2);
  if (n < 0) return NULL;
  char *s = kk_malloc((size_t)n + 1);
  if (!s) return NULL;
  // NOLINTBEGIN(clang-analyzer-valist.Uninitialized): ap is the caller's started list
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  // NOLINTEND(clang-analyzer-valist.Uninitialized)
  return s;
}

kk_Diag *kk_diags_add(kk_Diags *d, kk_Severity sev, const char *path, int line, int col,
                      const char *fmt, ...) {
  int err = sev == KK_SEV_ERROR;
  if (err)
    d->nerrors++;
  else
    d->nwarnings++;
  size_t cap = d->cap ? d->cap : KK_DIAGS_DEFAULT_CAP;
  kk_Diag *slot = NULL;
  if (!err && d->kept_warnings >= cap) {
    d->truncated = 1;
    return NULL;
  }
  if (err && d->kept_errors >= cap) {
    /* the newest error takes the last error slot: fatal errors come last */
    d->truncated = 1;
    slot = &d->items[d->last_error];
  } else if (d->n == d->alloc) {
    kk_Diag *ni = kk_grow(d->items, &d->alloc, d->n + 1, sizeof *ni, 16);
    if (!ni) {
      d->oom = 1;
      return NULL;
    }
    d->items = ni;
  }
  const char *ip = intern_path(d, path);
  va_list ap;
  va_start(ap, fmt);
  char *msg = vformat(fmt, ap);
  va_end(ap);
  if (!ip || !msg) {
    kk_free(msg);
    d->oom = 1;
    return NULL;
  }
  kk_Diag *dg = slot;
  if (slot) {
    kk_free(slot->msg);
    kk_free(slot->notes);
  } else {
    if (!d->items) { /* cannot happen after the growth above; keeps analysis honest */
      kk_free(msg);
      d->oom = 1;
      return NULL;
    }
    dg = &d->items[d->n];
    dg->seq = d->n++;
    if (err)
      d->kept_errors++, d->last_error = d->n - 1;
    else
      d->kept_warnings++;
  }
  dg->sev = sev;
  dg->path = ip;
  dg->line = line;
  dg->col = col;
  dg->msg = msg;
  dg->notes = NULL;
  return dg;
}

void kk_diag_note(kk_Diags *d, kk_Diag *dg, const char *fmt, ...) {
  if (!dg) return;
  va_list ap;
  va_start(ap, fmt);
  char *note = vformat(fmt, ap);
  va_end(ap);
  if (!note) {
    d->oom = 1;
    return;
  }
  size_t old = dg->notes ? strlen(dg->notes) : 0, add = strlen(note);
  char *nn = kk_realloc(dg->notes, old + add + 2);
  if (!nn) {
    kk_free(note);
    d->oom = 1;
    return;
  }
  if (old) nn[old++] = '\n';
  memcpy(nn + old, note, add + 1);
  dg->notes = nn;
  kk_free(note);
}

kk_Status kk_diags_first_error(const kk_Diags *d, kk_Err *e) {
  for (size_t i = 0; i < d->n; i++) {
    const kk_Diag *dg = &d->items[i];
    if (dg->sev == KK_SEV_ERROR)
      return kk_err_set(e, KK_ERR_INVALID, dg->path, dg->line, dg->col, "%s", dg->msg);
  }
  if (d->nerrors)
    return kk_err_set(e, d->oom ? KK_ERR_NOMEM : KK_ERR_INVALID, NULL, 0, 0,
                      kk_ngettext("%zu error", "%zu errors", d->nerrors), d->nerrors);
  kk_err_clear(e);
  return KK_OK;
}

/* Paths, messages and notes quote deck text: printed terminal-safe. */
static void print_where(const kk_Diag *dg, FILE *f) {
  if (dg->path[0]) kk_term_puts(f, dg->path), fputc(':', f);
  if (dg->line > 0) fprintf(f, "%d:", dg->line);
  if (dg->line > 0 && dg->col > 0) fprintf(f, "%d:", dg->col);
  if (dg->path[0] || dg->line > 0) fputc(' ', f);
}

/* The i-th entry in printing order: the errors, then the warnings. */
static const kk_Diag *nth_printed(const kk_Diags *d, size_t *cursor, int *pass) {
  for (; *pass < 2; (*pass)++, *cursor = 0)
    while (*cursor < d->n) {
      const kk_Diag *dg = &d->items[(*cursor)++];
      if ((dg->sev == KK_SEV_ERROR) == (*pass == 0)) return dg;
    }
  return NULL;
}

void kk_diags_print(const kk_Diags *d, FILE *f) {
  size_t cur = 0;
  int pass = 0;
  for (const kk_Diag *dg; (dg = nth_printed(d, &cur, &pass));) {
    print_where(dg, f);
    fprintf(f, "%s: ", dg->sev == KK_SEV_ERROR ? "error" : "warning");
    kk_term_puts(f, dg->msg);
    fputc('\n', f);
    if (dg->notes) {
      const char *p = dg->notes;
      while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        print_where(dg, f);
        fputs("note: ", f);
        kk_term_write(f, p, len);
        fputc('\n', f);
        p += len + (nl ? 1 : 0);
      }
    }
  }
  if (d->oom) fprintf(f, "kioku: %s\n", _("out of memory while recording problems"));
}

void kk_diags_count_text(const kk_Diags *d, char *buf, size_t size) {
  if (!size) return;
  buf[0] = '\0';
  if (!d->nerrors && !d->nwarnings) return;
  /* "3 errors, 1000+ warnings": '+' after a number when more were dropped */
  char e[64], w[64];
  snprintf(e, sizeof e, kk_ngettext("%zu%s error", "%zu%s errors", d->nerrors), d->kept_errors,
           d->nerrors > d->kept_errors ? "+" : "");
  snprintf(w, sizeof w, kk_ngettext("%zu%s warning", "%zu%s warnings", d->nwarnings),
           d->kept_warnings, d->nwarnings > d->kept_warnings ? "+" : "");
  /* TRANSLATORS: the error count, then the warning count */
  snprintf(buf, size, _("%s, %s"), e, w);
}

void kk_diags_print_count(const kk_Diags *d, FILE *f) {
  char buf[96];
  kk_diags_count_text(d, buf, sizeof buf);
  if (buf[0]) fprintf(f, "%s\n", buf);
}

void kk_diags_print_json(const kk_Diags *d, FILE *f) {
  fputs("[", f);
  size_t cur = 0;
  int pass = 0, any = 0;
  for (const kk_Diag *dg; (dg = nth_printed(d, &cur, &pass)); any = 1) {
    fputs(any ? ",\n {" : "\n {", f);
    fputs("\"file\": ", f);
    kk_json_string(f, dg->path);
    fprintf(f, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"message\": ", dg->line,
            dg->col, dg->sev == KK_SEV_ERROR ? "error" : "warning");
    kk_json_string(f, dg->msg);
    fputs(", \"notes\": [", f);
    if (dg->notes) {
      const char *p = dg->notes;
      int first = 1;
      while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *one = kk_strndup(p, len);
        if (one) {
          if (!first) fputs(", ", f);
          kk_json_string(f, one);
          first = 0;
          kk_free(one);
        }
        p += len + (nl ? 1 : 0);
      }
    }
    fputs("]}", f);
  }
  fputs(d->n ? "\n]\n" : "]\n", f);
}

static int cmp_diag(const void *a, const void *b) {
  const kk_Diag *x = a, *y = b;
  if (x->sev != y->sev) return x->sev == KK_SEV_ERROR ? -1 : 1;
  int c = strcmp(x->path, y->path);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

static void find_last_error(kk_Diags *d) {
  d->last_error = 0;
  size_t best = 0;
  for (size_t i = 0; i < d->n; i++)
    if (d->items[i].sev == KK_SEV_ERROR && d->items[i].seq >= best)
      best = d->items[i].seq, d->last_error = i;
}

void kk_diags_sort(kk_Diags *d) {
  if (d->n > 1) qsort(d->items, d->n, sizeof *d->items, cmp_diag);
  find_last_error(d);
}

void kk_diags_remove(kk_Diags *d, size_t from, size_t to) {
  if (to > d->n) to = d->n;
  if (from >= to) return;
  for (size_t i = from; i < to; i++) {
    if (d->items[i].sev == KK_SEV_ERROR)
      d->nerrors--, d->kept_errors--;
    else
      d->nwarnings--, d->kept_warnings--;
    kk_free(d->items[i].msg);
    kk_free(d->items[i].notes);
  }
  memmove(d->items + from, d->items + to, (d->n - to) * sizeof *d->items);
  d->n -= to - from;
  for (size_t i = 0; i < d->n; i++) d->items[i].seq = i;
  find_last_error(d);
}
