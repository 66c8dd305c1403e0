/* fuzz_sync.c -- a sync file planted in the shared folder, on arbitrary
** bytes.  The input's lines are framed as records (length and checksum
** computed here, so the fuzzer reaches the record parser instead of
** stopping at the checksum); an input starting with a NUL byte is written
** as it is, to reach the framing itself.  The sync must end in a status
** with a message, never a crash, a leak or undefined behaviour (times and
** sequences out of range once overflowed the replay).  One store serves
** many inputs and is made afresh every 2000. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base/hash.h"
#include "core/study/store.h"
#include "core/study/sync.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static char root[128], folder[160], storedir[160], peer[256];
static kk_Store *store;
static long runs;

static void fresh_store(void) {
  char cmd[300];
  if (store) kk_store_close(store);
  store = NULL;
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' '%s'", root, folder, storedir);
  if (system(cmd) != 0) abort();
  kk_Err e;
  if (kk_store_open(storedir, &e, &store) != KK_OK) abort();
}

static void put_record(FILE *f, const unsigned char *p, size_t n) {
  uint64_t sum = kk_hash_bytes(p, n, KK_HASH_INIT);
  unsigned char le[12];
  for (int k = 0; k < 4; k++) le[k] = (unsigned char)(n >> (8 * k) & 0xff);
  for (int k = 0; k < 8; k++) le[4 + k] = (unsigned char)(sum >> (8 * k) & 0xff);
  fwrite(le, 1, sizeof le, f);
  fwrite(p, 1, n, f);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (!root[0]) {
    /* tmpfs when there is one: the store commits on every sync */
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(root, sizeof root, "%s/kk_fuzz_sync_%ld", base, (long)getpid());
    snprintf(folder, sizeof folder, "%s/shared", root);
    snprintf(storedir, sizeof storedir, "%s/store", root);
    snprintf(peer, sizeof peer, "%s/00000000000000bb" KK_SYNC_EXT, folder);
  }
  if (runs++ % 2000 == 0) fresh_store();
  FILE *f = fopen(peer, "wb");
  if (!f) abort();
  if (size > 0 && data[0] == 0) {
    fwrite(data + 1, 1, size - 1, f);
  } else {
    fputs("KIOKU-SYNC 1\n", f);
    size_t i = 0;
    while (i < size) {
      const unsigned char *nl = memchr(data + i, '\n', size - i);
      size_t n = nl ? (size_t)(nl - (data + i)) : size - i;
      put_record(f, data + i, n);
      i += n + 1;
    }
  }
  if (fclose(f) != 0) abort();
  /* a new modification time each run: an unchanged file is skipped */
  struct timespec ts[2] = {{1700000000 + runs, 0}, {1700000000 + runs, 0}};
  if (utimensat(AT_FDCWD, peer, ts, 0) != 0) abort();
  kk_SyncOptions o;
  memset(&o, 0, sizeof o);
  o.clock = (kk_Clock){1764547200000 + runs * 1000, 540, 4};
  o.random = (uint64_t)runs * 2654435761u;
  o.origin = "fuzz";
  kk_SyncReport r;
  kk_Err e;
  e.msg[0] = '\0';
  kk_Status st = kk_sync_run(store, folder, &o, &r, &e);
  if (st != KK_OK && !e.msg[0]) abort(); /* a failure says why */
  if (st == KK_OK && r.refused.code != KK_OK && !r.refused.msg[0]) abort();
  return 0;
}
