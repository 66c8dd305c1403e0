/*
** pack.h -- exam packs: what students need to sit an exam and nothing more.
** Depends on exam.h, deck/ydoc.h, deck/yamlout.h.  A pack is a YAML file:
** the spec's settings (time limits, navigation, instructions, pools, the
** seed that draws each paper, extensions keyed by a salted hash) and the
** cards the pools can draw, stripped of every answer: no correct flags,
** accepted answers, values, tolerances, truth, cloze answers, explanations,
** feedback or sources; order items are listed sorted, not in their order.
** A paper drawn from a pack is the paper the spec draws (same bank order,
** same seed), so the instructor re-marks results against the spec.
** kk_pack_load returns a new kk_ExamSpec (caller frees with
** kk_exam_spec_free) owning every card, and fills a kk_ExamBank (free with
** kk_exam_bank_free, before the spec).
*/
#ifndef KK_PACK_H
#define KK_PACK_H

#include <stdio.h>

#include "core/base/diag.h"
#include "core/exam/exam.h"

#define KK_PACK_FORMAT 1

/* Writes the pack of spec over its bank items[0..n) to f.  salt: the
** extensions_salt used to hash plain extension keys (the spec's own if it
** has one).  KK_ERR_INVALID when the spec asks for feedback during the exam
** (after_each): a pack holds no answers to give it. */
kk_Status kk_pack_write(const kk_ExamSpec *spec, const kk_ExamItem *items, size_t n,
                        const char *salt, FILE *f, kk_Err *err);

/* 1 if buf starts like a pack. */
int kk_pack_sniff(const char *buf, size_t len);

/* Reads a pack from buf[0..len); problems into diags (path:line:col).
** The spec has answer_key 0: marks computed from it mean nothing. */
kk_Status kk_pack_load_mem(const char *buf, size_t len, const char *path, kk_Diags *diags,
                           kk_ExamSpec **spec, kk_ExamBank *bank);

/* ---- sealed packs ----------------------------------------------------------
** A pack can be handed out before class sealed with a password and opened
** when the proctor announces it: Argon2id (libsodium crypto_pwhash) makes a
** key from the password and a random salt, XChaCha20-Poly1305 encrypts and
** authenticates the YAML.  Layout: "KIOKU-KEXAM-SEALED-1\n", opslimit (u32
** LE), memlimit (u32 LE, KiB), salt (16), nonce (24), ciphertext + tag. */
#define KK_PACK_SEAL_MAGIC "KIOKU-KEXAM-SEALED-1\n"
/* The most costly key settings a sealed pack may ask for (they are read
** before the pack authenticates): a pack asking for more is refused as
** damaged without deriving a key. */
#define KK_PACK_SEAL_MAX_OPS 12u
#define KK_PACK_SEAL_MAX_MEM_KIB (256u * 1024u) /* 256 MiB */

/* The longest password, in bytes: kk_pack_seal refuses longer ones, so
** every sealed pack can be opened in the window and the terminal, which
** both take this many. */
#define KK_PACK_PASSWORD_MAX 1023

int kk_pack_is_sealed(const char *buf, size_t len);
/* Seals plain[0..len) with password (1 to KK_PACK_PASSWORD_MAX bytes):
** *out is a new buffer (kk_free). */
kk_Status kk_pack_seal(const char *plain, size_t len, const char *password, char **out,
                       size_t *out_len, kk_Err *err);
/* Opens a sealed pack: *out is a new NUL-terminated buffer (kk_free).
** KK_ERR_INVALID "wrong password or damaged pack" when it does not
** authenticate. */
kk_Status kk_pack_unseal(const char *buf, size_t len, const char *password, char **out,
                         size_t *out_len, kk_Err *err);

/* An order answer given on a pack's card (item numbers in the pack's
** sorted order) rewritten in the card's own numbering into out; 0, or -1
** if it does not fit or does not parse. */
int kk_pack_order_answer(const kk_Card *card, const char *answer, char *out, size_t size);

#endif
