/* SPDX-License-Identifier: GPL-3.0-or-later */
/* backup.h: the backup file (FORMAT.md §Backups): its constants, the encrypted record
 * stream shared by the writer (backup_write.c) and the readers (backup_read.c). */
#pragma once

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#include "amanat.h"

/* ---- Plaintext header ---- */
#define BACKUP_MAGIC           "AMANATBK" /* 8 bytes, no NUL on disk */
#define BACKUP_MAGIC_LEN       8
#define BACKUP_VERSION         1
#define BACKUP_KDF_ARGON2ID13  1
#define BACKUP_OFF_VERSION     8  /* u16 */
#define BACKUP_OFF_KDF         10 /* u8 */
#define BACKUP_OFF_RESERVED    11 /* u8, zero */
#define BACKUP_OFF_OPSLIMIT    12 /* u32 */
#define BACKUP_OFF_MEMLIMIT    16 /* u64 */
#define BACKUP_OFF_SALT        24 /* 16 bytes */
#define BACKUP_PREFIX_LEN      40
#define BACKUP_SALT_LEN        16
#define BACKUP_KEY_LEN         32                                           /* the file key */
#define BACKUP_NONCE_LEN       crypto_aead_xchacha20poly1305_ietf_NPUBBYTES /* 24 */
#define BACKUP_TAG_LEN         crypto_aead_xchacha20poly1305_ietf_ABYTES    /* 16 */
#define BACKUP_WRAPPED_LEN     (BACKUP_KEY_LEN + BACKUP_TAG_LEN)            /* 48 */
#define BACKUP_PASS_OFF        40
#define BACKUP_PASS_LEN        (BACKUP_NONCE_LEN + BACKUP_WRAPPED_LEN) /* 72 */
#define BACKUP_RECOVERY_OFF    112
#define BACKUP_RECOVERY_LEN    (32 + BACKUP_NONCE_LEN + BACKUP_WRAPPED_LEN) /* 104 */
#define BACKUP_STREAM_OFF      216
#define BACKUP_STREAM_HDR_LEN  crypto_secretstream_xchacha20poly1305_HEADERBYTES /* 24 */
#define BACKUP_CHECKSUM_OFF    240 /* BLAKE2b-128 of bytes 0..239: names damage before any KDF */
#define BACKUP_CHECKSUM_LEN    16
#define BACKUP_HEADER_LEN      256
#define BACKUP_STANZA_PASS     1 /* the byte after the prefix in each stanza's AD */
#define BACKUP_STANZA_RECOVERY 2
#define BACKUP_RECOVERY_LABEL  "amanat backup recovery v1"

/* ---- The encrypted stream: messages of a fixed plaintext size ---- */
#define BACKUP_MESSAGE_LEN 65536
#define BACKUP_CIPHER_MESSAGE_LEN                                                                  \
  (BACKUP_MESSAGE_LEN + crypto_secretstream_xchacha20poly1305_ABYTES)

/* ---- Records inside the stream ---- */
#define BACKUP_RECORD_HEADER_LEN 41 /* type u8, name[32], size u64 */
#define BACKUP_NAME_LEN          32
#define BACKUP_REC_END           0
#define BACKUP_REC_KEYS          1
#define BACKUP_REC_REAL_DB       2
#define BACKUP_REC_DECOY_DB      3
#define BACKUP_REC_PACK          4
#define BACKUP_KEYS_LEN          72 /* wipe_after u32, reserved u32, real key, decoy key */
#define BACKUP_KEYS_OFF_REAL     8
#define BACKUP_KEYS_OFF_DECOY    40
#define BACKUP_DB_MAX            (1ull << 40)

struct amanat_backup {
  char *path;
  uint8_t *file_key; /* sodium_malloc */
  uint8_t header[BACKUP_HEADER_LEN];
};

/* Reads and checks the plaintext header of the backup at `path`: magic, version, checksum,
 * fields, KDF limits, and that the file's length is the header plus whole messages. */
AMANAT_MUST_CHECK int backup_read_header(const char *path, uint8_t header[BACKUP_HEADER_LEN]);

/* The recovery stanza's wrap key: BLAKE2b-256 keyed with the X25519 shared secret over the
 * label, the ephemeral public key and the recipient's public key. Fails (AMANAT_E_CRYPTO)
 * when the shared secret is all zero. */
AMANAT_MUST_CHECK int backup_recovery_wrap_key(const uint8_t *secret, const uint8_t *public_key,
                                               const uint8_t eph_pk[32],
                                               const uint8_t recipient[32], uint8_t wrap_key[32]);

/* The header's checksum, over everything before it. */
void backup_header_checksum(const uint8_t header[BACKUP_HEADER_LEN],
                            uint8_t out[BACKUP_CHECKSUM_LEN]);

/* The associated data of stanza `which`: the 40-byte prefix and the stanza's number. */
void backup_stanza_ad(const uint8_t header[BACKUP_HEADER_LEN], uint8_t which,
                      uint8_t ad[BACKUP_PREFIX_LEN + 1]);

/* Receives the records of a backup as they are decrypted. `begin` is called for each
 * database and pack record (type, the pack's name or "", size), `data` with its bytes in
 * order, `end` when it is complete. Any may be NULL. */
typedef struct backup_sink {
  int (*begin)(void *ctx, int type, const char *name, uint64_t size);
  int (*data)(void *ctx, const uint8_t *buf, size_t len);
  int (*end)(void *ctx);
  void *ctx;
} backup_sink;

/* Reads the whole backup at `path` under `file_key`, checking every byte: the header equal to
 * `header`, each message's tag, the records' order and names, the zero padding and the final
 * message at the file's end. `limit` (tests): pretend the file ends there (0: its size).
 * `keys` (BACKUP_KEYS_LEN bytes of sodium memory, may be NULL) receives the keys record. */
AMANAT_MUST_CHECK int backup_read_stream(const char *path, const uint8_t *file_key,
                                         const uint8_t header[BACKUP_HEADER_LEN], uint64_t limit,
                                         const backup_sink *sink, uint8_t *keys,
                                         amanat_progress progress, void *progress_data);
