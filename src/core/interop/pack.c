/*
** pack.c -- zip archives in memory (libzip) and zstd frames (libzstd).
**
** Divisions: reading zip -- zstd -- writing zip.
*/
#include "core/interop/pack.h"
#include "core/base/i18n.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <zstd.h>

#include "core/base/alloc.h"
#include "core/base/atomic.h"

#define CHUNK ((size_t)65536) /* bytes unpacked per step */

/* ---- reading zip ------------------------------------------------------------ */

struct kk_PackReader {
  zip_t *za;
  size_t max_total, used;
  char path[KK_ERR_PATH_MAX];
};

/* A member name that stays inside the folder it is extracted to. */
static int safe_name(const char *s) {
  if (!*s || *s == '/' || strchr(s, '\\')) return 0;
  for (const char *p = s; *p;) {
    const char *e = strchr(p, '/');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.') return 0;
    p += n;
    if (*p == '/') p++;
  }
  return 1;
}

kk_Status kk_pack_open(const void *buf, size_t len, const char *path, size_t max_total,
                       kk_PackReader **out, kk_Err *err) {
  *out = NULL;
  zip_error_t ze;
  zip_error_init(&ze);
  kk_PackReader *r = kk_calloc(1, sizeof *r);
  if (!r) return kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
  snprintf(r->path, sizeof r->path, "%s", path ? path : "");
  r->max_total = max_total;
  zip_source_t *src = zip_source_buffer_create(len ? buf : "", len, 0, &ze);
  kk_Status st;
  if (!src) {
    st = kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
    goto fail;
  }
  r->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (!r->za) {
    zip_source_free(src);
    st = kk_err_set(err, KK_ERR_PARSE, path, 0, 0, _("not a zip archive (%s)"),
                    zip_error_strerror(&ze));
    goto fail;
  }
  zip_int64_t n = zip_get_num_entries(r->za, 0);
  size_t declared = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name(r->za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
    if (!name || !safe_name(name)) {
      st = kk_err_set(err, KK_ERR_INVALID, path, 0, 0,
                      _("member name '%s' would leave the folder it is extracted to"),
                      name ? name : "?");
      goto fail;
    }
    zip_stat_t zs;
    if (zip_stat_index(r->za, (zip_uint64_t)i, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE)) {
      if (zs.size > max_total || declared + zs.size > max_total) {
        st = kk_err_set(err, KK_ERR_LIMIT, path, 0, 0,
                        _("the archive unpacks to more than %zu bytes"), max_total);
        goto fail;
      }
      declared += (size_t)zs.size;
    }
  }
  *out = r;
  zip_error_fini(&ze);
  return KK_OK;
fail:
  zip_error_fini(&ze);
  kk_pack_close(r);
  return st;
}

void kk_pack_close(kk_PackReader *r) {
  if (!r) return;
  if (r->za) zip_discard(r->za);
  kk_free(r);
}

int kk_pack_has(kk_PackReader *r, const char *name) { return zip_name_locate(r->za, name, 0) >= 0; }

size_t kk_pack_count(kk_PackReader *r) {
  zip_int64_t n = zip_get_num_entries(r->za, 0);
  return n > 0 ? (size_t)n : 0;
}

const char *kk_pack_name(kk_PackReader *r, size_t i) {
  return zip_get_name(r->za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
}

kk_Status kk_pack_read(kk_PackReader *r, const char *name, char **out, size_t *out_len,
                       kk_Err *err) {
  *out = NULL;
  *out_len = 0;
  zip_int64_t idx = zip_name_locate(r->za, name, 0);
  if (idx < 0)
    return kk_err_set(err, KK_ERR_NOTFOUND, r->path, 0, 0, _("the archive has no '%s'"), name);
  zip_file_t *zf = zip_fopen_index(r->za, (zip_uint64_t)idx, 0);
  if (!zf)
    return kk_err_set(err, KK_ERR_PARSE, r->path, 0, 0, _("cannot unpack '%s': %s"), name,
                      zip_strerror(r->za));
  size_t cap = 0, n = 0;
  char *buf = NULL;
  kk_Status st;
  for (;;) {
    if (cap - n < CHUNK + 1) {
      char *nb = kk_grow(buf, &cap, n + CHUNK + 1, 1, CHUNK * 2);
      if (!nb) {
        st = kk_err_set(err, KK_ERR_NOMEM, r->path, 0, 0, _("out of memory"));
        goto fail;
      }
      buf = nb;
    }
    zip_int64_t got = zip_fread(zf, buf + n, CHUNK);
    if (got < 0) {
      st = kk_err_set(err, KK_ERR_PARSE, r->path, 0, 0, _("cannot unpack '%s': %s"), name,
                      zip_file_strerror(zf));
      goto fail;
    }
    if (got == 0) break;
    n += (size_t)got;
    r->used += (size_t)got;
    if (r->used > r->max_total) {
      st = kk_err_set(err, KK_ERR_LIMIT, r->path, 0, 0,
                      _("the archive unpacks to more than %zu bytes"), r->max_total);
      goto fail;
    }
  }
  zip_fclose(zf);
  buf[n] = '\0';
  *out = buf;
  *out_len = n;
  return KK_OK;
fail:
  zip_fclose(zf);
  kk_free(buf);
  return st;
}

/* ---- zstd --------------------------------------------------------------------- */

kk_Status kk_pack_unzstd(const void *buf, size_t len, size_t max, const char *path, char **out,
                         size_t *out_len, kk_Err *err) {
  *out = NULL;
  *out_len = 0;
  ZSTD_DCtx *dc = ZSTD_createDCtx();
  char *ob = NULL;
  size_t cap = 0, n = 0;
  kk_Status st = KK_OK;
  if (!dc) goto nomem;
  ZSTD_inBuffer in = {buf, len, 0};
  size_t last = 0;
  for (;;) {
    if (cap - n < CHUNK + 1) {
      char *nb = kk_grow(ob, &cap, n + CHUNK + 1, 1, CHUNK * 4);
      if (!nb) goto nomem;
      ob = nb;
    }
    ZSTD_outBuffer o = {ob, cap - 1, n};
    last = ZSTD_decompressStream(dc, &o, &in);
    if (ZSTD_isError(last)) {
      st = kk_err_set(err, KK_ERR_PARSE, path, 0, 0, _("damaged zstd data (%s)"),
                      ZSTD_getErrorName(last));
      goto fail;
    }
    n = o.pos;
    if (n > max) {
      st = kk_err_set(err, KK_ERR_LIMIT, path, 0, 0, _("unpacks to more than %zu bytes"), max);
      goto fail;
    }
    if (in.pos == in.size && o.pos < o.size) break;
  }
  if (last != 0) {
    st = kk_err_set(err, KK_ERR_PARSE, path, 0, 0, _("truncated zstd data"));
    goto fail;
  }
  ZSTD_freeDCtx(dc);
  ob[n] = '\0';
  *out = ob;
  *out_len = n;
  return KK_OK;
nomem:
  st = kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
fail:
  ZSTD_freeDCtx(dc);
  kk_free(ob);
  return st;
}

/* ---- writing zip -------------------------------------------------------------- */

struct kk_PackWriter {
  zip_source_t *src; /* the archive's own bytes, kept past zip_close */
  zip_t *za;
};

kk_Status kk_pack_writer_new(kk_PackWriter **out, kk_Err *err) {
  *out = NULL;
  zip_error_t ze;
  zip_error_init(&ze);
  kk_PackWriter *w = kk_calloc(1, sizeof *w);
  if (!w) goto nomem;
  w->src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!w->src) goto nomem;
  zip_source_keep(w->src);
  w->za = zip_open_from_source(w->src, ZIP_TRUNCATE, &ze);
  if (!w->za) goto nomem;
  zip_error_fini(&ze);
  *out = w;
  return KK_OK;
nomem:
  zip_error_fini(&ze);
  kk_pack_writer_free(w);
  return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
}

kk_Status kk_pack_add(kk_PackWriter *w, const char *name, const void *buf, size_t len,
                      kk_Err *err) {
  /* libzip frees the copy with free() once the archive is written */
  void *copy = malloc(len ? len : 1);
  if (!copy) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  if (len) memcpy(copy, buf, len);
  zip_source_t *s = zip_source_buffer(w->za, copy, len, 1);
  if (!s) {
    free(copy);
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  }
  /* from here the source owns copy (freep): zip_source_free releases it */
  // NOLINTBEGIN(clang-analyzer-unix.Malloc): copy is owned by s
  zip_int64_t idx = zip_file_add(w->za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  // NOLINTEND(clang-analyzer-unix.Malloc)
  if (idx < 0) {
    zip_source_free(s);
    return kk_err_set(err, KK_ERR_INVALID, NULL, 0, 0, _("cannot add '%s': %s"), name,
                      zip_strerror(w->za));
  }
  zip_set_file_compression(w->za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0);
  return KK_OK;
}

kk_Status kk_pack_writer_commit(kk_PackWriter *w, const char *path, int flags, kk_Err *err) {
  kk_Status st = KK_OK;
  kk_Atomic *a = NULL;
  char chunk[65536];
  int opened = 0;
  if (zip_close(w->za) != 0) {
    st = kk_err_set(err, KK_ERR_IO, path, 0, 0, _("cannot build the archive: %s"),
                    zip_strerror(w->za));
    goto fail;
  }
  w->za = NULL;
  if ((st = kk_atomic_open(path, flags, &a, err)) != KK_OK) goto fail;
  if (zip_source_open(w->src) < 0) {
    st = kk_err_set(err, KK_ERR_IO, path, 0, 0, _("cannot read the built archive"));
    goto fail;
  }
  opened = 1;
  for (;;) {
    zip_int64_t got = zip_source_read(w->src, chunk, sizeof chunk);
    if (got < 0) {
      st = kk_err_set(err, KK_ERR_IO, path, 0, 0, _("cannot read the built archive"));
      goto fail;
    }
    if (got == 0) break;
    fwrite(chunk, 1, (size_t)got, kk_atomic_file(a));
  }
  zip_source_close(w->src);
  st = kk_atomic_commit(a, err);
  a = NULL;
  kk_pack_writer_free(w);
  return st;
fail:
  if (opened) zip_source_close(w->src);
  kk_atomic_abort(a);
  kk_pack_writer_free(w);
  return st;
}

void kk_pack_writer_free(kk_PackWriter *w) {
  if (!w) return;
  if (w->za) zip_discard(w->za);
  if (w->src) zip_source_free(w->src);
  kk_free(w);
}
