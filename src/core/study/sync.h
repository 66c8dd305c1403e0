/*
** sync.h -- progress on several machines through any shared folder (a
** Syncthing or Nextcloud folder, a network share, a USB stick), with no
** server.  Each store has a device id and appends only to its own file
** DEVICE.kioku-sync in the folder: its reviews (global id = device id +
** sequence), undos as tombstones, forget and set-due entries, suspend and
** bury actions and per-deck settings, each record framed with its length
** and a checksum.  A sync
** exports what is new, merges every other file (conflict copies made by
** sync tools included) into the store, and recomputes the touched items'
** states by replaying their merged events through the scheduler.  Files
** hold ids, times, ratings and settings only -- no card text.  Format and
** rules: docs/sync.md.  Depends on store_sync.h, sched.h, deck.h.
*/
#ifndef KK_SYNC_H
#define KK_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/err.h"
#include "core/study/fsrs.h"
#include "core/study/sched.h"
#include "core/study/store.h"

#define KK_SYNC_EXT ".kioku-sync"
#define KK_SYNC_ID_LEN 16           /* hex digits of a device id */
#define KK_SYNC_FILE_MAX (1u << 30) /* largest sync file read */
#define KK_SYNC_RECORD_MAX 4096     /* longest record payload */
#define KK_SYNC_KEY_BYTES 32

/* The scheduler options and FSRS parameters to replay deck_id's items
** with; return 0.  Every device must answer alike for their states to
** agree (the same decks, or the defaults). */
typedef int (*kk_SyncConfigFn)(void *ud, const char *deck_id, kk_SchedConfig *cfg,
                               kk_FsrsParams *params);

typedef struct kk_SyncOptions {
  kk_Clock clock;         /* now (event times), UTC offset and day start (replay) */
  uint64_t random;        /* fresh randomness, used if a device id is made */
  const char *origin;     /* where this store lives (machine id + path), or NULL:
                         ** a store whose origin changed was copied and takes
                         ** a new device id */
  kk_SyncConfigFn config; /* NULL: kk_sync_default_config */
  void *config_ud;
  const unsigned char *key; /* KK_SYNC_KEY_BYTES from kk_sync_key, or NULL:
                            ** this device's file is written in the clear */
} kk_SyncOptions;

typedef struct kk_SyncReport {
  char device[KK_SYNC_ID_LEN + 1]; /* this store's device id after the sync */
  int new_device;                  /* 1: a device id was made (first sync, or the
                         ** store was copied or its id claimed elsewhere) */
  int files_read;                  /* sync files parsed (unchanged ones are skipped) */
  int files_partial;               /* of those, ending in an incomplete or damaged
                         ** record (the rest merged; retried next time) */
  int files_locked;                /* encrypted with another passphrase (or none given):
                         ** not read */
  kk_Err refused;                  /* the first record refused for what it holds (a
                         ** number out of range, a malformed field; code KK_OK if
                         ** none): path the file, line the record's number in it
                         ** (the header is record 1).  Its file counts as partial
                         ** and merges up to the record before, at every sync
                         ** while it stays so. */
  int64_t exported;                /* events written for this device */
  int64_t merged;                  /* events of other devices that changed the store */
  int64_t replayed;                /* items whose states were recomputed */
} kk_SyncReport;

/* Syncs store s with folder dir, both ways.  A missing folder (an
** unmounted share) gives KK_ERR_NOTFOUND and changes nothing; nothing is
** ever lost to an interrupted sync (each step is a transaction or an
** atomic file write, and the next sync finishes the work).  report may be
** NULL. */
kk_Status kk_sync_run(kk_Store *s, const char *dir, const kk_SyncOptions *o, kk_SyncReport *report,
                      kk_Err *err);

/* The defaults with the student's deck overrides from the store (retention,
** maximum interval, scheduler, learning and relearning steps, leech
** threshold and action, exam date: its day starts by clock's offset and
** day start) and the fitted FSRS parameters. */
int kk_sync_default_config(kk_Store *s, const kk_Clock *clock, const char *deck_id,
                           kk_SchedConfig *cfg, kk_FsrsParams *params);

/* The key for a passphrase (Argon2id, moderate limits; the salt is a hash
** of the passphrase so every device derives the same key).  Records are
** then sealed with XChaCha20-Poly1305.  Returns KK_ERR_NOMEM if Argon2id
** cannot get its memory. */
kk_Status kk_sync_key(const char *passphrase, size_t len, unsigned char key[KK_SYNC_KEY_BYTES],
                      kk_Err *err);

/* Replays every item that has synced events (as a sync does for the items
** it touches); for tests and repairs. */
kk_Status kk_sync_replay_all(kk_Store *s, const kk_SyncOptions *o, int64_t *replayed, kk_Err *err);

#endif
