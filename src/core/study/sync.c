/*
** sync.c -- syncing progress through a shared folder (sync.h).
**
** Divisions of this file:
**   records      the file format: framing, checksum, fields
**   device       this store's device id, copies and claimed ids
**   files        reading the folder, writing this device's file
**   replay       recomputing item states from the merged events
**   run          one sync: export, merge, replay, write
**
** A sync file is the magic line "KIOKU-SYNC 1\n" followed by records:
** a 4-byte little-endian payload length, the 8-byte little-endian FNV-1a
** hash (base/hash.h) of the payload, the payload.  The first payload is
** "H\t<device id>"; every other one is an event, eight tab-separated
** fields: kind, sequence, time_ms, item key, deck id, n, m, text (their
** meaning per kind in store_sync.h).  A reader stops at the first record
** that is incomplete or fails its checksum: the rest of a file that is
** still arriving is read at a later sync.  It stops as well at a complete
** record that is malformed or holds a number out of range (anyone with
** access to the folder can plant a file): that one is named in the
** report, and nothing out of range reaches the store.
*/
#define _POSIX_C_SOURCE 200809L
#include "core/study/sync.h"
#include "core/base/i18n.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "core/base/buf.h"
#include "core/base/date.h"
#include "core/base/file.h"
#include "core/base/hash.h"
#include "core/base/num.h"
#include "core/base/rng.h"
#include "core/deck/schema.h"
#include "core/study/action.h"
#include "core/study/optimize.h"
#include "core/study/queue.h"
#include "core/study/settings.h"
#include "core/study/store_sync.h"

#define MAGIC "KIOKU-SYNC 1\n"
#define MAGIC_LEN (sizeof MAGIC - 1)
#define NFIELDS 8

/* ==== records ============================================================= */

static void put_le(kk_Buf *b, uint64_t v, int bytes) {
  char c[8];
  for (int i = 0; i < bytes; i++) c[i] = (char)(v >> (8 * i) & 0xff);
  kk_buf_add(b, c, (size_t)bytes);
}

static uint64_t get_le(const unsigned char *p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

static void put_record(kk_Buf *b, const char *payload, size_t n) {
  put_le(b, n, 4);
  put_le(b, kk_hash_bytes(payload, n, KK_HASH_INIT), 8);
  kk_buf_add(b, payload, n);
}

/* ---- sealing (optional) ----
** A sealed record's payload is 'E', a 24-byte nonce and the ciphertext of
** the event's text with its 16-byte tag (XChaCha20-Poly1305, the device id
** as associated data, so a record cannot be moved to another device's
** file).  The nonce is a keyed hash of the device id and the text: the
** same record always seals alike, different ones never share a nonce. */
#define SEAL_NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEAL_TAG crypto_aead_xchacha20poly1305_ietf_ABYTES
#define CHECK_HEX 16 /* the header's key check: 8 bytes in hex */

/* A keyed hash of a fixed text: tells a wrong passphrase from damage. */
static void key_check(const unsigned char *key, char out[CHECK_HEX + 1]) {
  unsigned char h[CHECK_HEX / 2];
  crypto_generichash(h, sizeof h, (const unsigned char *)"kioku-sync key check", 20, key,
                     KK_SYNC_KEY_BYTES);
  sodium_bin2hex(out, CHECK_HEX + 1, h, sizeof h);
}

static void seal_record(kk_Buf *b, const char *dev, const char *p, size_t n,
                        const unsigned char *key) {
  unsigned char out[1 + SEAL_NONCE + KK_SYNC_RECORD_MAX + SEAL_TAG];
  unsigned char *nonce = out + 1;
  crypto_generichash_state st;
  crypto_generichash_init(&st, key, KK_SYNC_KEY_BYTES, SEAL_NONCE);
  crypto_generichash_update(&st, (const unsigned char *)dev, strlen(dev));
  crypto_generichash_update(&st, (const unsigned char *)p, n);
  crypto_generichash_final(&st, nonce, SEAL_NONCE);
  unsigned long long clen = 0;
  out[0] = 'E';
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + SEAL_NONCE, &clen, (const unsigned char *)p,
                                             n, (const unsigned char *)dev, strlen(dev), NULL,
                                             nonce, key);
  put_record(b, (const char *)out, 1 + SEAL_NONCE + (size_t)clen);
}

/* Opens a sealed payload into out (room for n bytes); returns the text's
** length, or -1 if it is not authentic under key. */
static long open_record(const char *dev, const unsigned char *p, size_t n, const unsigned char *key,
                        char *out) {
  if (n < 1 + SEAL_NONCE + SEAL_TAG || p[0] != 'E') return -1;
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          (unsigned char *)out, &mlen, NULL, p + 1 + SEAL_NONCE, n - 1 - SEAL_NONCE,
          (const unsigned char *)dev, strlen(dev), p + 1, key) != 0)
    return -1;
  return (long)mlen;
}

kk_Status kk_sync_key(const char *pass, size_t len, unsigned char key[KK_SYNC_KEY_BYTES],
                      kk_Err *err) {
  if (sodium_init() < 0) return kk_err_set(err, KK_ERR_IO, NULL, 0, 0, _("cannot start libsodium"));
  unsigned char salt[crypto_pwhash_SALTBYTES];
  crypto_generichash(salt, sizeof salt, (const unsigned char *)pass, len,
                     (const unsigned char *)"kioku-sync salt", 15);
  if (crypto_pwhash(key, KK_SYNC_KEY_BYTES, pass, len, salt, crypto_pwhash_OPSLIMIT_MODERATE,
                    crypto_pwhash_MEMLIMIT_MODERATE / 4, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0,
                      _("not enough memory to derive the sync key from the passphrase"));
  return KK_OK;
}

/* A field may hold neither a tab nor a line break. */
static int plain(const char *s) { return !s || !strpbrk(s, "\t\n\r"); }

static int put_event(kk_Buf *b, const kk_StoreSyncEvent *e, const unsigned char *key) {
  if (!plain(e->item_key) || !plain(e->deck_id) || !plain(e->text)) return -1;
  char p[KK_SYNC_RECORD_MAX];
  int n =
      snprintf(p, sizeof p, "%c\t%" PRId64 "\t%" PRId64 "\t%s\t%s\t%" PRId64 "\t%" PRId64 "\t%s",
               e->kind, e->seq, e->time_ms, e->item_key ? e->item_key : "",
               e->deck_id ? e->deck_id : "", e->n, e->m, e->text ? e->text : "");
  if (n < 0 || (size_t)n >= sizeof p) return -1;
  if (key)
    seal_record(b, e->dev, p, (size_t)n, key);
  else
    put_record(b, p, (size_t)n);
  return 0;
}

static int parse_i64(const char *s, int64_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end) return -1;
  *out = v;
  return 0;
}

/* A parsed file: its name and stat, its device and events (strings point
** into strs). */
typedef struct File {
  char *name, *strs;
  int64_t size, mtime_ns;
  char dev[KK_SYNC_ID_LEN + 1];
  kk_StoreSyncEvent *ev;
  size_t nev;
  int partial; /* stopped before the end */
} File;

static void file_clear(File *f) {
  kk_free(f->name);
  kk_free(f->strs);
  kk_free(f->ev);
  memset(f, 0, sizeof *f);
}

static int valid_id(const char *s, size_t n) {
  if (n != KK_SYNC_ID_LEN) return 0;
  for (size_t i = 0; i < n; i++)
    if (!strchr("0123456789abcdef", s[i])) return 0;
  return 1;
}

/* Refusing a record: -1, with why (may be NULL) saying what is wrong (a
** message only: the caller adds where). */
#define REFUSE(why, ...) (kk_err_set((why), KK_ERR_INVALID, NULL, 0, 0, __VA_ARGS__), -1)

/* Checks an event's times (a sync file's, or the store's before a
** replay): the event's, a set-due's due time and a bury's end lie in
** 0..KK_TIME_MAX_MS (base/date.h), so the replay's day arithmetic and the
** readers of the stored values stay inside int64_t.  Out of range: -1
** and why (may be NULL). */
static int event_times_bad(const kk_StoreSyncEvent *e, kk_Err *why) {
  if (!kk_time_ok(e->time_ms))
    return REFUSE(why, _("the event's time (%lld ms since 1970) is out of range"),
                  (long long)e->time_ms);
  if (e->kind == KK_SYNC_EV_SET_DUE && !kk_time_ok(e->n))
    return REFUSE(why, _("the due time set (%lld ms since 1970) is out of range"), (long long)e->n);
  if (e->kind == KK_SYNC_EV_BURY && !kk_time_ok(e->n))
    return REFUSE(why, _("the buried-until time (%lld ms since 1970) is out of range"),
                  (long long)e->n);
  return 0;
}

/* Checks a sync file's event: its times, sequences (the event's, an
** undo's) in 1..KK_SYNC_SEQ_MAX, a review's rating 1-4.  A review's
** duration is clamped instead (as every duration read from a file): a
** long pause is no damage. */
static int event_bad(const kk_StoreSyncEvent *e, kk_Err *why) {
  if (e->seq < 1 || e->seq > KK_SYNC_SEQ_MAX)
    return REFUSE(why, _("the sequence number %lld is out of range"), (long long)e->seq);
  if (event_times_bad(e, why)) return -1;
  if (e->kind == KK_SYNC_EV_REVIEW && (e->n < 1 || e->n > 4))
    return REFUSE(why, _("the rating %lld is not 1 to 4"), (long long)e->n);
  if (e->kind == KK_SYNC_EV_UNDO && (e->n < 1 || e->n > KK_SYNC_SEQ_MAX))
    return REFUSE(why, _("the undone review's sequence number %lld is out of range"),
                  (long long)e->n);
  return 0;
}

static int deck_parse(const char *t, kk_StoreDeckSettings *ds, int *full, kk_Err *why);

/* Splits one event payload (NUL-terminated, modified in place) and checks
** it; a malformed or out-of-range record gives -1 and why. */
static int parse_event(char *p, const char *dev, kk_StoreSyncEvent *e, kk_Err *why) {
  char *f[NFIELDS];
  int k = 0;
  f[k++] = p;
  for (char *c = p; *c; c++)
    if (*c == '\t') {
      if (k == NFIELDS) return REFUSE(why, _("not an event record of this version of Kioku"));
      *c = '\0';
      f[k++] = c + 1;
    }
  if (k != NFIELDS || strlen(f[0]) != 1 || !strchr("RUSBDFT", f[0][0]))
    return REFUSE(why, _("not an event record of this version of Kioku"));
  memset(e, 0, sizeof *e);
  e->kind = (unsigned char)f[0][0];
  e->dev = dev;
  if (parse_i64(f[1], &e->seq) || parse_i64(f[2], &e->time_ms) || parse_i64(f[5], &e->n) ||
      parse_i64(f[6], &e->m))
    return REFUSE(why, _("a number field is not a whole number"));
  e->item_key = f[3];
  e->deck_id = f[4];
  e->text = f[7];
  size_t kl = strlen(e->item_key), dl = strlen(e->deck_id);
  if (kl >= KK_STORE_KEY_MAX || dl >= KK_STORE_KEY_MAX || dl == 0 ||
      (e->kind != KK_SYNC_EV_DECK && kl == 0))
    return REFUSE(why, _("an item key or deck id is empty or too long"));
  if (event_bad(e, why)) return -1;
  if (e->kind == KK_SYNC_EV_UNDO && !valid_id(e->text, strlen(e->text)))
    return REFUSE(why, _("an undo names no valid device"));
  kk_StoreDeckSettings ds;
  int full;
  if (e->kind == KK_SYNC_EV_DECK && deck_parse(e->text, &ds, &full, why) != 0) return -1;
  /* a forget carries no number (writers give 0): none reaches the log */
  if (e->kind == KK_SYNC_EV_FORGET) e->n = 0;
  if (e->kind == KK_SYNC_EV_REVIEW) e->m = kk_duration_clamp(e->m);
  return 0;
}

/* Parses buf[0..len) (borrowed) into f (whose name and stat the caller
** sets).  Not a sync file at all: -1; out of memory: -2; otherwise 0 with
** the events up to the first bad or incomplete record.  A complete record
** refused for what it holds fills why (line: the record's number, the
** header being record 1).  Each payload is copied into f->strs with a
** terminator: payloads and terminators take fewer bytes than the records
** they come from. */
static int parse_file(const char *buf, size_t len, File *f, const unsigned char *key, kk_Err *why) {
  if (len < MAGIC_LEN || memcmp(buf, MAGIC, MAGIC_LEN) != 0) return -1;
  f->strs = kk_malloc(len + 1);
  if (!f->strs) return -2;
  size_t cap = 0, off = MAGIC_LEN, used = 0;
  int header = 0, sealed = 0;
  while (off < len) {
    if (len - off < 12) break;
    const unsigned char *h = (const unsigned char *)buf + off;
    uint64_t stored = get_le(h, 4), sum = get_le(h + 4, 8), n = stored;
    if (n == 0 || n > KK_SYNC_RECORD_MAX + 1 + SEAL_NONCE + SEAL_TAG || len - off - 12 < n) break;
    const char *src = buf + off + 12;
    if (kk_hash_bytes(src, (size_t)n, KK_HASH_INIT) != sum) break;
    char *p = f->strs + used;
    if (header && sealed) {
      long m = open_record(f->dev, (const unsigned char *)src, (size_t)n, key, p);
      if (m < 0 || m > KK_SYNC_RECORD_MAX) break;
      n = (uint64_t)m;
    } else {
      memcpy(p, src, (size_t)n);
    }
    p[n] = '\0';
    if (!header) {
      /* "H\tDEVICE", or "H\tDEVICE\tCHECK" for a sealed file */
      if ((n != 2 + KK_SYNC_ID_LEN && n != 3 + KK_SYNC_ID_LEN + CHECK_HEX) || p[0] != 'H' ||
          p[1] != '\t' || !valid_id(p + 2, KK_SYNC_ID_LEN))
        return -1;
      memcpy(f->dev, p + 2, KK_SYNC_ID_LEN);
      f->dev[KK_SYNC_ID_LEN] = '\0';
      if (n > 2 + KK_SYNC_ID_LEN) {
        char want[CHECK_HEX + 1];
        if (!key) return -3;
        key_check(key, want);
        if (p[2 + KK_SYNC_ID_LEN] != '\t' || memcmp(p + 3 + KK_SYNC_ID_LEN, want, CHECK_HEX) != 0)
          return -3;
        sealed = 1;
      }
      header = 1;
    } else {
      if (f->nev == cap) {
        void *m = kk_grow(f->ev, &cap, f->nev + 1, sizeof *f->ev, 256);
        if (!m) return -2;
        f->ev = m;
      }
      if (parse_event(p, f->dev, &f->ev[f->nev], why) != 0) {
        why->line = (int)(f->nev < INT_MAX - 2 ? f->nev + 2 : INT_MAX);
        break;
      }
      f->nev++;
      used += (size_t)n + 1;
    }
    off += 12 + (size_t)stored;
  }
  if (!header) return -1;
  f->partial = off < len;
  return 0;
}

/* ==== device ============================================================== */

#define KEY_DEVICE "sync.device"
#define KEY_ORIGIN "sync.origin"
#define KEY_SEQ "sync.seq"         /* last sequence given by this device */
#define KEY_WRITTEN "sync.written" /* last sequence in this device's file */
#define KEY_SEALED "sync.sealed"   /* the key check the file was written with */

/* Reads a sequence setting: 0 if unset, and 0 with *ok = 0 (ok may be
** NULL) if it is not a whole number in 0..KK_SYNC_SEQ_MAX (the store
** damaged, or edited by hand). */
static kk_Status get_seq(kk_Store *s, const char *key, int64_t *v, int *ok, kk_Err *err) {
  char *t = NULL;
  *v = 0;
  if (ok) *ok = 1;
  kk_Status st = kk_store_get_setting(s, key, err, &t);
  if (st == KK_OK && t && (parse_i64(t, v) != 0 || *v < 0 || *v > KK_SYNC_SEQ_MAX)) {
    *v = 0;
    if (ok) *ok = 0;
  }
  kk_free(t);
  return st;
}

static kk_Status set_i64(kk_Store *s, const char *key, int64_t v, kk_Err *err) {
  char t[32];
  snprintf(t, sizeof t, "%" PRId64, v);
  return kk_store_set_setting(s, key, t, err);
}

typedef struct Device {
  char id[KK_SYNC_ID_LEN + 1];
  int64_t seq;     /* last sequence given */
  int64_t written; /* last sequence in the file */
} Device;

/* Makes a new device id from the options' randomness and what it replaces. */
static kk_Status new_device(kk_Store *s, const kk_SyncOptions *o, Device *d, kk_SyncReport *r,
                            kk_Err *err) {
  uint64_t x =
      kk_rng_mix64(o->random ^ kk_hash_str(d->id, KK_HASH_INIT) ^ (uint64_t)o->clock.now_ms);
  snprintf(d->id, sizeof d->id, "%016" PRIx64, x);
  d->seq = d->written = 0;
  r->new_device = 1;
  kk_Status st = kk_store_set_setting(s, KEY_DEVICE, d->id, err);
  if (st == KK_OK) st = set_i64(s, KEY_SEQ, 0, err);
  if (st == KK_OK) st = set_i64(s, KEY_WRITTEN, 0, err);
  if (st == KK_OK && o->origin) st = kk_store_set_setting(s, KEY_ORIGIN, o->origin, err);
  return st;
}

/* Loads this store's device, making a new one on the first sync or when
** the store moved (its origin changed: a copy keeps the old id's events,
** and the old file still merges, but writes under a new id).  A damaged
** sequence setting makes a new one too: the old id's next sequence is
** unknown, and one the other devices already merged would be ignored. */
static kk_Status load_device(kk_Store *s, const kk_SyncOptions *o, Device *d, kk_SyncReport *r,
                             kk_Err *err) {
  char *id = NULL, *origin = NULL;
  int seq_ok = 1;
  memset(d, 0, sizeof *d);
  kk_Status st = kk_store_get_setting(s, KEY_DEVICE, err, &id);
  if (st == KK_OK) st = kk_store_get_setting(s, KEY_ORIGIN, err, &origin);
  if (st == KK_OK) st = get_seq(s, KEY_SEQ, &d->seq, &seq_ok, err);
  if (st == KK_OK) st = get_seq(s, KEY_WRITTEN, &d->written, NULL, err);
  if (st != KK_OK) goto done;
  /* a file written past the last sequence given is damage too: written
  ** anew (from the store) */
  if (d->written > d->seq) d->written = 0;
  int fresh = !id || !valid_id(id, strlen(id)) || !seq_ok;
  if (!fresh) memcpy(d->id, id, KK_SYNC_ID_LEN + 1);
  if (fresh || (o->origin && (!origin || strcmp(origin, o->origin) != 0)))
    st = new_device(s, o, d, r, err);
done:
  kk_free(id);
  kk_free(origin);
  return st;
}

/* ==== files =============================================================== */

typedef struct Folder {
  File *files;
  size_t n, cap;
  int own_changed; /* this device's file is not as last written */
} Folder;

static void folder_clear(Folder *f) {
  for (size_t i = 0; i < f->n; i++) file_clear(&f->files[i]);
  kk_free(f->files);
  memset(f, 0, sizeof *f);
}

static int ends_with(const char *s, const char *t) {
  size_t n = strlen(s), m = strlen(t);
  return n >= m && strcmp(s + n - m, t) == 0;
}

/* A file's modification time in ns, only compared for equality: sync
** tools copy it from the machine that wrote the file, so it may lie
** anywhere; computed modulo 2^64 (a file dated past 2262 does not
** overflow, and every date before reads as it always did). */
static int64_t mtime_ns(const struct stat *st) {
  uint64_t ns = (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec;
  return ns <= INT64_MAX ? (int64_t)ns : -(int64_t)(UINT64_MAX - ns) - 1;
}

/* The first record refused in the folder, for the report: where it is
** (the path with control characters shown as '?': anyone can name a file
** in the folder, and the path may reach a terminal) and what is wrong. */
static void refused(kk_Err *out, const kk_Err *why, const char *path) {
  char shown[KK_ERR_PATH_MAX];
  size_t i = 0;
  for (; path[i] && i + 1 < sizeof shown; i++)
    shown[i] = (unsigned char)path[i] < 0x20 || path[i] == 0x7f ? '?' : path[i];
  shown[i] = '\0';
  kk_err_set(out, why->code, shown, why->line, 0,
             _("%s; the file is merged up to the record before"), why->msg);
}

/* Reads every sync file of dir that changed since the last sync (by size
** and mtime).  Files that cannot be read or are not sync files are
** skipped: another sync tool may be writing them. */
static kk_Status read_folder(kk_Store *s, const char *dir, const Device *d, const kk_SyncOptions *o,
                             Folder *out, kk_SyncReport *r, kk_Err *err) {
  memset(out, 0, sizeof *out);
  DIR *dp = opendir(dir);
  if (!dp)
    return kk_err_set(err, errno == ENOENT || errno == ENOTDIR ? KK_ERR_NOTFOUND : KK_ERR_IO, dir,
                      0, 0, _("cannot open the sync folder: %s; sync skipped"), strerror(errno));
  kk_Status st = KK_OK;
  char own[KK_SYNC_ID_LEN + sizeof KK_SYNC_EXT];
  snprintf(own, sizeof own, "%s%s", d->id, KK_SYNC_EXT);
  int own_seen = 0;
  struct dirent *de;
  while (st == KK_OK && (de = readdir(dp)) != NULL) {
    const char *name = de->d_name;
    if (name[0] == '.' || !ends_with(name, KK_SYNC_EXT)) continue;
    size_t plen = strlen(dir) + strlen(name) + 2;
    char *path = kk_malloc(plen);
    if (!path) {
      st = kk_err_set(err, KK_ERR_NOMEM, dir, 0, 0, _("out of memory"));
      break;
    }
    snprintf(path, plen, "%s/%s", dir, name);
    struct stat sb;
    int64_t size = 0, mt = 0;
    int found = 0, is_own = strcmp(name, own) == 0;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
      kk_free(path);
      continue;
    }
    own_seen |= is_own;
    st = kk_store_sync_file(s, name, &size, &mt, &found, err);
    if (st == KK_OK && found && size == (int64_t)sb.st_size && mt == mtime_ns(&sb)) {
      kk_free(path);
      continue;
    }
    if (is_own) out->own_changed = 1;
    char *buf = NULL;
    size_t len = 0;
    if (st == KK_OK && kk_file_read(path, KK_SYNC_FILE_MAX, &buf, &len, NULL) == KK_OK) {
      if (out->n == out->cap) {
        void *m = kk_grow(out->files, &out->cap, out->n + 1, sizeof *out->files, 8);
        if (!m) {
          kk_free(buf);
          kk_free(path);
          st = kk_err_set(err, KK_ERR_NOMEM, dir, 0, 0, _("out of memory"));
          break;
        }
        out->files = m;
      }
      File *f = &out->files[out->n];
      memset(f, 0, sizeof *f);
      f->name = kk_strdup(name);
      f->size = (int64_t)sb.st_size;
      f->mtime_ns = mtime_ns(&sb);
      kk_Err why;
      kk_err_clear(&why);
      int rc = f->name ? parse_file(buf, len, f, o->key, &why) : -2;
      if (rc == 0 && why.code != KK_OK && r->refused.code == KK_OK)
        refused(&r->refused, &why, path);
      if (rc == -3) {
        file_clear(f);
        r->files_locked++;
      } else if (rc == -2) {
        file_clear(f);
        st = kk_err_set(err, KK_ERR_NOMEM, path, 0, 0, _("out of memory"));
      } else if (rc != 0) {
        file_clear(f);
      } else {
        out->n++;
        r->files_read++;
        r->files_partial += f->partial;
      }
      kk_free(buf);
    }
    kk_free(path);
  }
  closedir(dp);
  if (!own_seen) out->own_changed = 1;
  if (st != KK_OK) folder_clear(out);
  return st;
}

typedef struct OwnWriter {
  kk_Buf b;
  int bad;
  const unsigned char *key;
} OwnWriter;

static int own_event(void *ud, const kk_StoreSyncEvent *e) {
  OwnWriter *w = ud;
  if (put_event(&w->b, e, w->key) != 0) w->bad = 1;
  return w->bad;
}

/* Writes this device's whole file from the store (atomically: a reader
** finds the old file or the new one). */
static kk_Status write_own(kk_Store *s, const char *dir, Device *d, const unsigned char *key,
                           kk_Err *err) {
  OwnWriter w;
  memset(&w, 0, sizeof w);
  w.key = key;
  kk_buf_add(&w.b, MAGIC, MAGIC_LEN);
  char h[3 + KK_SYNC_ID_LEN + CHECK_HEX + 1], check[CHECK_HEX + 1];
  if (key) {
    key_check(key, check);
    snprintf(h, sizeof h, "H\t%s\t%s", d->id, check);
  } else {
    snprintf(h, sizeof h, "H\t%s", d->id);
  }
  put_record(&w.b, h, strlen(h));
  size_t plen = strlen(dir) + KK_SYNC_ID_LEN + sizeof KK_SYNC_EXT + 2;
  char *path = kk_malloc(plen);
  kk_Status st = kk_store_sync_each_own(s, d->id, own_event, &w, err);
  if (st == KK_OK && (w.b.oom || !path))
    st = kk_err_set(err, KK_ERR_NOMEM, dir, 0, 0, _("out of memory"));
  if (st == KK_OK && w.bad)
    st = kk_err_set(err, KK_ERR_INVALID, dir, 0, 0,
                    _("an item key or deck id holds a tab or line break; cannot sync it"));
  if (st != KK_OK || !path) goto done;
  snprintf(path, plen, "%s/%s%s", dir, d->id, KK_SYNC_EXT);
  st = kk_atomic_write(path, KK_ATOMIC_FORCE, w.b.p, w.b.n, err);
  struct stat sb;
  if (st == KK_OK && stat(path, &sb) == 0) {
    char name[KK_SYNC_ID_LEN + sizeof KK_SYNC_EXT];
    snprintf(name, sizeof name, "%s%s", d->id, KK_SYNC_EXT);
    st = kk_store_sync_set_file(s, name, (int64_t)sb.st_size, mtime_ns(&sb), err);
  }
  if (st == KK_OK) st = set_i64(s, KEY_WRITTEN, d->seq, err);
  if (st == KK_OK) st = kk_store_set_setting(s, KEY_SEALED, key ? check : "", err);
  if (st == KK_OK) d->written = d->seq;
done:
  kk_buf_free(&w.b);
  kk_free(path);
  return st;
}

/* ==== replay ============================================================== */

int kk_sync_default_config(kk_Store *s, const kk_Clock *clock, const char *deck_id,
                           kk_SchedConfig *cfg, kk_FsrsParams *params) {
  kk_sched_config_default(cfg);
  kk_StoreDeckSettings ds;
  int found = 0;
  kk_Err e;
  if (kk_store_get_deck_settings(s, deck_id, &e, &ds, &found) == KK_OK && found) {
    /* the student's overrides; "the deck's own" values leave the defaults */
    kk_settings_apply(&ds, cfg);
    int64_t day;
    if (ds.exam_date[0] && kk_date_parse(ds.exam_date, &day))
      cfg->exam_date_ms = kk_clock_day_start_ms(clock, day);
  }
  kk_OptimizeSaved fit;
  kk_optimize_load(s, deck_id, &fit, &found, &e);
  *params = fit.params; /* the defaults when nothing is stored */
  return 0;
}

/* One event of a touched item: copied out of the statement, or staged. */
typedef struct Ev {
  int kind;
  int dev; /* index into the item's device names */
  int64_t seq, time_ms, n, m, row;
  kk_StoreSyncStaged *staged; /* a log entry merged now, or NULL */
  const char *deck;           /* its deck (staged), NULL: Replay.deck */
} Ev;

#define PUT_BATCH 256 /* replayed states written together */

typedef struct Put {
  char item[KK_STORE_KEY_MAX], deck[KK_STORE_KEY_MAX];
  kk_CardState st;
} Put;

typedef struct Replay {
  kk_Store *s;
  const kk_SyncOptions *o;
  char item[KK_STORE_KEY_MAX], deck[KK_STORE_KEY_MAX];
  char (*devs)[KK_SYNC_ID_LEN + 1];
  size_t ndevs, devcap;
  Ev *ev;
  size_t nev, evcap;
  /* the stage's live entries by item key, and the next one to replay */
  kk_StoreSyncStaged **staged;
  size_t nstaged, next;
  Put *put;
  size_t nput;
  int64_t replayed;
  kk_Status st;
  kk_Err *err;
  /* the last deck's options, reused while the deck stays the same */
  char cfg_deck[KK_STORE_KEY_MAX];
  kk_SchedConfig cfg;
  kk_FsrsParams params;
} Replay;

static kk_Status flush_states(Replay *p) {
  kk_StoreSyncItem it[PUT_BATCH];
  for (size_t i = 0; i < p->nput; i++) {
    it[i].item_key = p->put[i].item;
    it[i].deck_id = p->put[i].deck;
    it[i].st = p->put[i].st;
  }
  kk_Status st = p->nput ? kk_store_sync_put_states(p->s, it, p->nput, p->err) : KK_OK;
  p->nput = 0;
  return st;
}

static int add_dev(Replay *p, const char *dev) {
  for (size_t k = 0; k < p->ndevs; k++)
    if (strcmp(p->devs[k], dev) == 0) return (int)k;
  if (p->ndevs == p->devcap) {
    void *m = kk_grow(p->devs, &p->devcap, p->ndevs + 1, sizeof *p->devs, 8);
    if (!m) return -1;
    p->devs = m;
  }
  snprintf(p->devs[p->ndevs], KK_SYNC_ID_LEN + 1, "%s", dev);
  return (int)p->ndevs++;
}

static Ev *add_ev(Replay *p) {
  if (p->nev == p->evcap) {
    void *m = kk_grow(p->ev, &p->evcap, p->nev + 1, sizeof *p->ev, 64);
    if (!m) return NULL;
    p->ev = m;
  }
  Ev *v = &p->ev[p->nev++];
  memset(v, 0, sizeof *v);
  return v;
}

static int cmp_ev(const void *a, const void *b) {
  const Ev *x = a, *y = b;
  if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_staged(const void *a, const void *b) {
  const kk_StoreSyncStaged *x = *(kk_StoreSyncStaged *const *)a,
                           *y = *(kk_StoreSyncStaged *const *)b;
  int c = strcmp(x->e.item_key, y->e.item_key);
  if (c) return c;
  return x < y ? -1 : x > y; /* the order merged */
}

/* Puts the item's events (the store's, already by device and sequence,
** and the staged ones) in device-name, sequence order. */
static int order_events(Replay *p) {
  int staged = 0;
  while (p->next < p->nstaged && strcmp(p->staged[p->next]->e.item_key, p->item) == 0) {
    kk_StoreSyncStaged *g = p->staged[p->next++];
    int dev = add_dev(p, g->e.dev);
    Ev *v = dev < 0 ? NULL : add_ev(p);
    if (!v) return -1;
    v->kind = g->e.kind;
    v->dev = dev;
    v->seq = g->e.seq;
    v->time_ms = g->e.time_ms;
    v->n = g->e.n;
    v->m = g->e.m;
    v->staged = g;
    v->deck = g->e.deck_id;
    staged = 1;
  }
  if (!staged) return 0;
  /* renumber the devices by name, then sort */
  size_t nd = p->ndevs;
  int rank[64], *r = nd <= 64 ? rank : kk_malloc(nd * sizeof *r);
  if (!r) return -1;
  for (size_t k = 0; k < nd; k++) {
    r[k] = 0;
    for (size_t j = 0; j < nd; j++)
      if (strcmp(p->devs[j], p->devs[k]) < 0) r[k]++;
  }
  for (size_t i = 0; i < p->nev; i++) p->ev[i].dev = r[p->ev[i].dev];
  char(*sorted)[KK_SYNC_ID_LEN + 1] = kk_malloc(nd * sizeof *sorted);
  if (sorted) {
    for (size_t k = 0; k < nd; k++) memcpy(sorted[r[k]], p->devs[k], sizeof *sorted);
    memcpy(p->devs, sorted, nd * sizeof *sorted);
    kk_free(sorted);
  }
  if (r != rank) kk_free(r);
  if (!sorted) return -1;
  qsort(p->ev, p->nev, sizeof *p->ev, cmp_ev);
  if (p->ev[0].deck) snprintf(p->deck, sizeof p->deck, "%s", p->ev[0].deck);
  return 0;
}

/* Both times of a set-due lie in 0..KK_TIME_MAX_MS (event_times_bad):
** the days between them fit an int. */
_Static_assert(KK_TIME_MAX_MS / KK_DAY_MS + 2 < INT_MAX, "set-due days fit an int");

/* Replays the collected events of one item: each device's events in their
** sequence order, merged across devices by time (then device id), so a
** device whose clock runs wrong cannot reorder its own answers.  Staged
** entries receive their derived columns; stored reviews are rewritten. */
static kk_Status replay_item(Replay *p) {
  if (order_events(p) != 0) return kk_err_set(p->err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  if (p->nev == 0) return KK_OK;
  if (strcmp(p->cfg_deck, p->deck) != 0) {
    snprintf(p->cfg_deck, sizeof p->cfg_deck, "%s", p->deck);
    if (p->o->config)
      p->o->config(p->o->config_ud, p->deck, &p->cfg, &p->params);
    else
      kk_sync_default_config(p->s, &p->o->clock, p->deck, &p->cfg, &p->params);
  }
  /* events arrive by (device, sequence): device k's run starts at head[k] */
  size_t nd = p->ndevs;
  size_t *head = kk_calloc(nd * 2 + 1, sizeof *head);
  if (!head) return kk_err_set(p->err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  size_t *end = head + nd;
  for (size_t i = 0; i < p->nev; i++) {
    size_t k = (size_t)p->ev[i].dev;
    if (i == 0 || p->ev[i - 1].dev != p->ev[i].dev) head[k] = i;
    end[k] = i + 1;
  }
  kk_CardState st;
  memset(&st, 0, sizeof st);
  uint64_t fuzz = kk_queue_fuzz_key(p->item);
  kk_Status ks = KK_OK;
  for (;;) {
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < nd; k++) {
      if (head[k] >= end[k]) continue;
      if (best == SIZE_MAX || p->ev[head[k]].time_ms < p->ev[head[best]].time_ms) best = k;
    }
    if (best == SIZE_MAX) break;
    const Ev *e = &p->ev[head[best]++];
    if (e->kind == KK_SYNC_EV_REVIEW) {
      kk_CardState before = st;
      kk_ReviewLog log;
      memset(&log, 0, sizeof log);
      kk_Clock c = p->o->clock;
      c.now_ms = e->time_ms;
      kk_sched_answer(&p->cfg, &p->params, &st, (kk_Rating)e->n, &c, fuzz, &log);
      log.duration_ms = e->m;
      if (e->staged) {
        e->staged->before = before;
        e->staged->log = log;
      } else {
        ks = kk_store_update_review(p->s, e->row, &before, &log, p->err);
        if (ks != KK_OK) break;
      }
    } else if (e->kind == KK_SYNC_EV_FORGET || e->kind == KK_SYNC_EV_SET_DUE) {
      /* as the browser applied it at that time; set-due to the time it set */
      kk_Clock c = p->o->clock;
      c.now_ms = e->time_ms;
      int64_t days = e->kind == KK_SYNC_EV_SET_DUE
                         ? kk_clock_day(&c, e->n) - kk_clock_day(&c, e->time_ms)
                         : 0; /* a forget has no due time */
      kk_CardState next;
      kk_Err ignore;
      if (kk_action_apply(e->kind == KK_SYNC_EV_FORGET ? KK_STORE_ACTION_FORGET
                                                       : KK_STORE_ACTION_SET_DUE,
                          &st, &c,
                          days <= 0                   ? 0
                          : days > KK_ACTION_MAX_DAYS ? KK_ACTION_MAX_DAYS
                                                      : (int)days,
                          &next, &ignore) == KK_OK) {
        st = next;
        if (e->kind == KK_SYNC_EV_SET_DUE) st.due_ms = e->n;
      }
    } else if (e->kind == KK_SYNC_EV_SUSPEND) {
      st.suspended = e->n != 0;
    } else if (e->kind == KK_SYNC_EV_BURY) {
      st.buried_until_ms = e->n;
    }
  }
  kk_free(head);
  if (ks == KK_OK) {
    Put *u = &p->put[p->nput++];
    memcpy(u->item, p->item, sizeof u->item);
    memcpy(u->deck, p->deck, sizeof u->deck);
    u->st = st;
    if (p->nput == PUT_BATCH) ks = flush_states(p);
  }
  p->replayed++;
  p->nev = p->ndevs = 0;
  return ks;
}

/* Replays the staged items whose keys sort before key (NULL: all left). */
static kk_Status replay_staged_before(Replay *p, const char *key) {
  kk_Status st = KK_OK;
  while (st == KK_OK && p->next < p->nstaged &&
         (!key || strcmp(p->staged[p->next]->e.item_key, key) < 0)) {
    snprintf(p->item, sizeof p->item, "%s", p->staged[p->next]->e.item_key);
    snprintf(p->deck, sizeof p->deck, "%s", p->staged[p->next]->e.deck_id);
    st = replay_item(p);
  }
  return st;
}

static int replay_event(void *ud, const kk_StoreSyncEvent *e) {
  Replay *p = ud;
  if (strcmp(e->item_key, p->item) != 0) {
    p->st = replay_item(p);
    if (p->st == KK_OK) p->st = replay_staged_before(p, e->item_key);
    if (p->st != KK_OK) return 1;
    snprintf(p->item, sizeof p->item, "%s", e->item_key);
    snprintf(p->deck, sizeof p->deck, "%s", e->deck_id);
  }
  /* a store damaged, or filled by a Kioku that did not check, may hold
  ** times out of range: those events are passed over */
  if (event_times_bad(e, NULL)) return 0;
  /* the store gives an item's events by device, then sequence */
  int dev = (p->ndevs && strcmp(p->devs[p->ndevs - 1], e->dev ? e->dev : "") == 0)
                ? (int)p->ndevs - 1
                : add_dev(p, e->dev ? e->dev : "");
  Ev *v = dev < 0 ? NULL : add_ev(p);
  if (!v) {
    p->st = kk_err_set(p->err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    return 1;
  }
  v->kind = e->kind;
  v->dev = dev;
  v->seq = e->seq;
  v->time_ms = e->time_ms;
  v->n = e->n;
  v->m = e->m;
  v->row = e->row;
  return 0;
}

/* Recomputes every touched item's state and the staged entries' derived
** columns (inside the caller's transaction), writes the stage (g may be
** NULL) and forgets the touched set. */
static kk_Status replay_touched(kk_Store *s, const kk_SyncOptions *o, kk_StoreSyncStage *g,
                                int64_t *replayed, kk_Err *err) {
  Replay p;
  memset(&p, 0, sizeof p);
  p.s = s;
  p.o = o;
  p.err = err;
  p.st = KK_OK;
  kk_Status st = KK_OK;
  p.put = kk_malloc(PUT_BATCH * sizeof *p.put);
  size_t nv = 0;
  kk_StoreSyncStaged *v = g ? kk_store_sync_stage_entries(g, &nv) : NULL;
  // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
  if (nv) p.staged = kk_malloc(nv * sizeof *p.staged);
  if (!p.put || (nv && !p.staged)) {
    st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    goto done;
  }
  for (size_t i = 0; i < nv; i++)
    if (!v[i].dead) p.staged[p.nstaged++] = &v[i];
  // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
  if (p.nstaged) qsort(p.staged, p.nstaged, sizeof *p.staged, cmp_staged);
  st = kk_store_sync_each_touched(s, replay_event, &p, err);
  if (st == KK_OK) st = p.st;
  if (st == KK_OK) st = replay_item(&p);
  if (st == KK_OK) st = replay_staged_before(&p, NULL);
  if (st == KK_OK) st = flush_states(&p);
  if (st == KK_OK && g) st = kk_store_sync_write_stage(s, g, err);
  /* items whose events are all gone: a replay of nothing, a new item */
  if (st == KK_OK) st = kk_store_sync_reset_bare(s, &p.replayed, err);
  if (st == KK_OK) st = kk_store_sync_clear_touched(s, err);
  if (replayed) *replayed += p.replayed;
done:
  kk_free(p.devs);
  kk_free(p.ev);
  kk_free(p.staged);
  kk_free(p.put);
  return st;
}

kk_Status kk_sync_replay_all(kk_Store *s, const kk_SyncOptions *o, int64_t *replayed, kk_Err *err) {
  kk_Status st = kk_store_sync_begin(s, err);
  if (st != KK_OK) return st;
  st = kk_store_sync_touch_all(s, err);
  if (st == KK_OK) st = replay_touched(s, o, NULL, replayed, err);
  if (st == KK_OK) return kk_store_sync_commit(s, err);
  kk_store_sync_rollback(s);
  return st;
}

/* ==== deck settings ======================================================= */

/* A deck's settings as a 'D' event's text: space-separated
**   RETENTION NEW REVIEWS MAXIVL SCHEDULER DATE|- LEARNING RELEARNING
**   LEECH_THRESHOLD LEECH_ACTION FOLD_KANA
** (the store's values, "the deck's own" included; steps as typed, with
** space, tab, line breaks and '%' written %XX, "-" when empty).  Records
** of Kioku before the last five fields end after the date; a reader
** ignores fields it does not know at the end. */
#define DECK_TEXT_MAX 640 /* 6 numbers, a date, 2 x 63 bytes of steps x 3 */
#define DECK_BASE_FIELDS 6

/* Appends steps text s at *k in buf[size] (room checked by the caller's
** size: DECK_TEXT_MAX holds the longest). */
static void put_steps(char *buf, size_t size, size_t *k, const char *s) {
  if (!s[0] || strcmp(s, "-") == 0) {
    *k += (size_t)snprintf(buf + *k, size - *k, "%s", s[0] ? "%2D" : "-");
    return;
  }
  for (const char *c = s; *c && *k + 4 < size; c++) {
    if (strchr(" %\t\n\r", *c))
      *k += (size_t)snprintf(buf + *k, size - *k, "%%%02X", (unsigned char)*c);
    else
      buf[(*k)++] = *c;
  }
  buf[*k] = '\0';
}

static void deck_text(const kk_StoreDeckSettings *ds, char *buf, size_t size) {
  char steps[2][3 * sizeof ds->learning_steps];
  size_t k = 0;
  put_steps(steps[0], sizeof steps[0], &k, ds->learning_steps);
  k = 0;
  put_steps(steps[1], sizeof steps[1], &k, ds->relearning_steps);
  snprintf(buf, size, "%.17g %d %d %d %d %s %s %s %d %d %d", ds->retention, ds->new_per_day,
           ds->reviews_per_day, ds->max_interval_days, ds->scheduler,
           ds->exam_date[0] ? ds->exam_date : "-", steps[0], steps[1], ds->leech_threshold,
           ds->leech_action, ds->fold_kana);
}

static int hexval(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                : -1;
}

/* Reads one steps field (n bytes at p) into out[size]. */
static int get_steps(const char *p, size_t n, char *out, size_t size) {
  size_t k = 0;
  if (n == 1 && p[0] == '-') n = 0;
  for (size_t i = 0; i < n; i++) {
    char c = p[i];
    if (c == '%') {
      int hi = i + 2 < n ? hexval(p[i + 1]) : -1, lo = hi >= 0 ? hexval(p[i + 2]) : -1;
      if (lo < 0) return -1;
      c = (char)(hi * 16 + lo);
      i += 2;
    }
    if (k + 1 >= size || c == '\0') return -1;
    out[k++] = c;
  }
  out[k] = '\0';
  return 0;
}

/* Splits t at spaces into at most max fields (start, length); returns
** how many. */
static int deck_fields(const char *t, const char **f, size_t *len, int max) {
  int n = 0;
  for (const char *p = t;;) {
    while (*p == ' ') p++;
    if (!*p || n == max) return n;
    f[n] = p;
    len[n] = strcspn(p, " ");
    p += len[n++];
  }
}

static int field_int(const char *p, size_t n, int *out) {
  char tmp[24];
  int64_t v;
  if (n == 0 || n >= sizeof tmp) return -1;
  memcpy(tmp, p, n);
  tmp[n] = '\0';
  if (parse_i64(tmp, &v) != 0 || v < -1000000 || v > 1000000) return -1;
  *out = (int)v;
  return 0;
}

/* The fields of a 'D' text, in order (for messages). */
static const char *const DECK_FIELD[DECK_BASE_FIELDS + 5] = {
    "retention",       "new_per_day",  "reviews_per_day", "max_interval_days",
    "scheduler",       "exam_date",    "learning_steps",  "relearning_steps",
    "leech_threshold", "leech_action", "fold_kana"};

static int deck_bad(kk_Err *why, int field) {
  return REFUSE(why, _("deck settings: the value of '%s' is malformed or out of range"),
                DECK_FIELD[field]);
}

/* Whether v is "the deck's own" value own, or lies in the range the deck
** format allows for key (deck/schema.c, the deck loader's rule). */
static int deck_in_range(const char *key, double v, double own) {
  const kk_SchemaKey *k = kk_schema_find(kk_schema_settings, key);
  return v == own || (v >= k->lo && v <= k->hi);
}

/* Parses a 'D' text (deck_text's format) and checks every value: each is
** "the deck's own" or one the deck format allows (retention, daily
** limits, maximum interval), a scheduler or leech action there is, a real
** date, a leech threshold >= 0 (steps are checked where they are used,
** as the settings screen stores them).  *full = 0 for a record of older
** Kioku, whose last five settings are then left as "the deck's own".
** Refused: -1 and why (may be NULL). */
static int deck_parse(const char *t, kk_StoreDeckSettings *ds, int *full, kk_Err *why) {
  const char *f[DECK_BASE_FIELDS + 5];
  size_t len[DECK_BASE_FIELDS + 5];
  memset(ds, 0, sizeof *ds);
  ds->leech_action = ds->fold_kana = -1;
  int n = deck_fields(t, f, len, DECK_BASE_FIELDS + 5);
  if (n < DECK_BASE_FIELDS || (n > DECK_BASE_FIELDS && n < DECK_BASE_FIELDS + 5))
    return REFUSE(why, _("deck settings: %d fields where 6 or 11 are wanted"), n);
  if (!kk_num_parse(f[0], len[0], &ds->retention) || !deck_in_range("retention", ds->retention, 0))
    return deck_bad(why, 0);
  if (field_int(f[1], len[1], &ds->new_per_day) ||
      !deck_in_range("new_per_day", ds->new_per_day, -1))
    return deck_bad(why, 1);
  if (field_int(f[2], len[2], &ds->reviews_per_day) ||
      !deck_in_range("reviews_per_day", ds->reviews_per_day, -1))
    return deck_bad(why, 2);
  if (field_int(f[3], len[3], &ds->max_interval_days) ||
      !deck_in_range("max_interval_days", ds->max_interval_days, 0))
    return deck_bad(why, 3);
  if (field_int(f[4], len[4], &ds->scheduler) ||
      (ds->scheduler != -1 && ds->scheduler != KK_SCHED_FSRS && ds->scheduler != KK_SCHED_SM2))
    return deck_bad(why, 4);
  if (!(len[5] == 1 && f[5][0] == '-')) {
    if (len[5] != 10) return deck_bad(why, 5);
    memcpy(ds->exam_date, f[5], 10);
    ds->exam_date[10] = '\0';
    if (!kk_date_parse(ds->exam_date, NULL)) return deck_bad(why, 5);
  }
  *full = n > DECK_BASE_FIELDS;
  if (!*full) return 0;
  if (get_steps(f[6], len[6], ds->learning_steps, sizeof ds->learning_steps))
    return deck_bad(why, 6);
  if (get_steps(f[7], len[7], ds->relearning_steps, sizeof ds->relearning_steps))
    return deck_bad(why, 7);
  if (field_int(f[8], len[8], &ds->leech_threshold) || ds->leech_threshold < 0 ||
      ds->leech_threshold > KK_LEECH_THRESHOLD_MAX)
    return deck_bad(why, 8);
  if (field_int(f[9], len[9], &ds->leech_action) ||
      (ds->leech_action != -1 && ds->leech_action != KK_LEECH_TAG &&
       ds->leech_action != KK_LEECH_SUSPEND))
    return deck_bad(why, 9);
  if (field_int(f[10], len[10], &ds->fold_kana)) return deck_bad(why, 10);
  ds->fold_kana = ds->fold_kana < 0 ? -1 : ds->fold_kana != 0; /* as the store keeps it */
  return 0;
}

typedef struct DeckCtx {
  kk_Store *s;
  int64_t now_ms;
  kk_Status st;
  kk_Err *err;
} DeckCtx;

/* A deck whose settings differ from those last synced changed here.  What
** was last synced may be a record of older Kioku, without the last five
** settings: they count as "the deck's own" then, so a device that set
** them before it was updated sends them once. */
static int deck_local(void *ud, const char *deck_id, const kk_StoreDeckSettings *ds,
                      const char *seen) {
  DeckCtx *c = ud;
  char t[DECK_TEXT_MAX];
  deck_text(ds, t, sizeof t);
  if (seen && strcmp(seen, t) == 0) return 0;
  kk_StoreDeckSettings old;
  int full = 1;
  /* settings out of range (the store edited by hand) stay here: every
  ** other device would refuse the record, and the rest of this file */
  if (deck_parse(t, &old, &full, NULL) != 0) return 0;
  if (seen && deck_parse(seen, &old, &full, NULL) == 0 && !full) {
    char was[DECK_TEXT_MAX];
    deck_text(&old, was, sizeof was);
    if (strcmp(was, t) == 0) {
      /* unchanged: remembered in this version's form */
      c->st = kk_store_sync_set_deck_seen(c->s, deck_id, t, c->err);
      return c->st != KK_OK;
    }
  }
  c->st = kk_store_sync_add_local(c->s, KK_SYNC_EV_DECK, "", deck_id, 0, t, c->now_ms, c->err);
  if (c->st == KK_OK) c->st = kk_store_sync_set_deck_seen(c->s, deck_id, t, c->err);
  if (c->st == KK_OK) c->st = kk_store_sync_touch_deck(c->s, deck_id, c->err);
  return c->st != KK_OK;
}

/* Applies the newest settings of each deck (last writer wins); a deck
** whose settings change has its items replayed under them (so every device
** replays an item with the same settings). */
static int deck_winner(void *ud, const char *deck_id, const char *text) {
  DeckCtx *c = ud;
  kk_StoreDeckSettings ds, cur;
  char t[DECK_TEXT_MAX], want[DECK_TEXT_MAX];
  int found = 0, full = 0;
  if (deck_parse(text, &ds, &full, NULL) != 0) return 0; /* stored before it was refused */
  c->st = kk_store_get_deck_settings(c->s, deck_id, c->err, &cur, &found);
  if (c->st != KK_OK) return 1;
  if (!full) {
    /* a record of older Kioku: the settings it does not carry stay as
    ** this device has them (cur holds "the deck's own" without a row) */
    memcpy(ds.learning_steps, cur.learning_steps, sizeof ds.learning_steps);
    memcpy(ds.relearning_steps, cur.relearning_steps, sizeof ds.relearning_steps);
    ds.leech_threshold = cur.leech_threshold;
    ds.leech_action = cur.leech_action;
    ds.fold_kana = cur.fold_kana;
  }
  deck_text(&cur, t, sizeof t);
  deck_text(&ds, want, sizeof want);
  if (found && strcmp(t, want) == 0) return 0;
  c->st = kk_store_put_deck_settings(c->s, deck_id, &ds, c->err);
  if (c->st == KK_OK) c->st = kk_store_sync_set_deck_seen(c->s, deck_id, want, c->err);
  if (c->st == KK_OK) c->st = kk_store_sync_touch_deck(c->s, deck_id, c->err);
  return c->st != KK_OK;
}

/* ==== run ================================================================= */

static int cmp_event(const void *a, const void *b) {
  const kk_StoreSyncEvent *x = a, *y = b;
  int c = strcmp(x->dev, y->dev);
  if (c) return c;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Merges the folder's events: per device, those after the last one merged
** before (copies of one record in several files count once).  Every file
** of a device is a prefix of its log, with gaps only where a review was
** undone (its tombstone comes later), so nothing past the newest merged
** sequence is skipped. */
static kk_Status merge_folder(kk_Store *s, Folder *f, const Device *d, kk_StoreSyncStage *g,
                              kk_SyncReport *r, kk_Err *err) {
  size_t total = 0;
  for (size_t i = 0; i < f->n; i++) total += f->files[i].nev;
  kk_StoreSyncEvent *all = kk_malloc((total ? total : 1) * sizeof *all);
  if (!all) return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  size_t n = 0;
  for (size_t i = 0; i < f->n; i++)
    for (size_t j = 0; j < f->files[i].nev; j++)
      if (strcmp(f->files[i].ev[j].dev, d->id) != 0) all[n++] = f->files[i].ev[j];
  qsort(all, n, sizeof *all, cmp_event);
  kk_Status st = KK_OK;
  size_t i = 0;
  while (st == KK_OK && i < n) {
    size_t j = i;
    while (j < n && strcmp(all[j].dev, all[i].dev) == 0) j++;
    int64_t max = 0;
    st = kk_store_sync_peer(s, all[i].dev, &max, err);
    /* compact the new ones, once each, to the front of the run */
    size_t m = i;
    int64_t last = max;
    for (size_t k = i; k < j; k++)
      if (all[k].seq > last) {
        all[m++] = all[k];
        last = all[k].seq;
      }
    if (st == KK_OK && m > i) st = kk_store_sync_merge(s, all + i, m - i, g, &r->merged, err);
    if (st == KK_OK && last > max) st = kk_store_sync_set_peer(s, all[i].dev, last, err);
    i = j;
  }
  kk_free(all);
  /* complete files need no second reading while they stay as they are */
  for (size_t k = 0; st == KK_OK && k < f->n; k++)
    if (!f->files[k].partial)
      st = kk_store_sync_set_file(s, f->files[k].name, f->files[k].size, f->files[k].mtime_ns, err);
  return st;
}

/* Someone else writes under this device's id (the store was copied by
** hand to a machine that reports the same origin): events of this id in
** the folder beyond what this device gave. */
static int id_claimed(const Folder *f, const Device *d) {
  for (size_t i = 0; i < f->n; i++)
    if (strcmp(f->files[i].dev, d->id) == 0)
      for (size_t j = 0; j < f->files[i].nev; j++)
        if (f->files[i].ev[j].seq > d->seq) return 1;
  return 0;
}

kk_Status kk_sync_run(kk_Store *s, const char *dir, const kk_SyncOptions *o, kk_SyncReport *report,
                      kk_Err *err) {
  kk_SyncReport r;
  memset(&r, 0, sizeof r);
  Folder f;
  memset(&f, 0, sizeof f);
  Device d;
  kk_StoreSyncStage *stage = NULL;
  int in_tx = 0;
  struct stat sb;
  if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
    return kk_err_set(err, KK_ERR_NOTFOUND, dir, 0, 0,
                      _("the sync folder is missing (not mounted?); sync skipped"));
  kk_Status st = load_device(s, o, &d, &r, err);
  if (st == KK_OK) st = read_folder(s, dir, &d, o, &f, &r, err);
  if (st == KK_OK && id_claimed(&f, &d)) {
    st = new_device(s, o, &d, &r, err);
    f.own_changed = 1;
  }
  if (st == KK_OK && !(stage = kk_store_sync_stage_new()))
    st = kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  if (st != KK_OK) goto done;

  /* export: local changes become this device's events */
  st = kk_store_sync_begin(s, err);
  if (st != KK_OK) goto done;
  in_tx = 1;
  /* read again inside the transaction: another window of this store may
  ** have exported meanwhile */
  int seq_ok = 1;
  st = get_seq(s, KEY_SEQ, &d.seq, &seq_ok, err);
  if (st == KK_OK && !seq_ok)
    st = kk_err_set(err, KK_ERR_INVALID, kk_store_path(s), 0, 0,
                    _("the store setting '%s' is damaged (not a sequence number); sync again"),
                    KEY_SEQ);
  DeckCtx dc = {s, o->clock.now_ms, KK_OK, err};
  if (st == KK_OK) st = kk_store_sync_each_deck(s, deck_local, &dc, err);
  if (st == KK_OK) st = dc.st;
  int64_t last = d.seq;
  if (st == KK_OK) st = kk_store_sync_export(s, d.id, d.seq, o->clock.now_ms, &last, err);
  r.exported = last - d.seq;
  if (st == KK_OK && last > d.seq) st = set_i64(s, KEY_SEQ, last, err);
  /* merge: the other devices' events, the deck settings that win, and
  ** the states of every item touched */
  if (st == KK_OK) st = merge_folder(s, &f, &d, stage, &r, err);
  if (st == KK_OK) st = kk_store_sync_each_deck_winner(s, deck_winner, &dc, err);
  if (st == KK_OK) st = dc.st;
  if (st == KK_OK) st = replay_touched(s, o, stage, &r.replayed, err);
  if (st != KK_OK) goto done; /* rolled back there */
  in_tx = 0;
  st = kk_store_sync_commit(s, err); /* rolls back itself on failure */
  if (st != KK_OK) goto done;
  d.seq = last;

  /* this device's file: rewritten whole when it lacks events or is not
  ** as last written (truncated or replaced by a sync tool) */
  char want[CHECK_HEX + 1] = "", *had = NULL;
  if (o->key) key_check(o->key, want);
  st = kk_store_get_setting(s, KEY_SEALED, err, &had);
  int resealed = st == KK_OK && strcmp(had ? had : "", want) != 0;
  kk_free(had);
  if (st == KK_OK && (d.written < d.seq || f.own_changed || resealed))
    st = write_own(s, dir, &d, o->key, err);
done:
  if (in_tx) kk_store_sync_rollback(s);
  memcpy(r.device, d.id, sizeof r.device);
  if (report) *report = r;
  kk_store_sync_stage_free(stage);
  folder_clear(&f);
  return st;
}
