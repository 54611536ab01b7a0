/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bundle_file.h: the bundle container (FORMAT.md §Bundles): a version, an ephemeral
 * X25519 key, sixteen recipient slots, then a body of fixed-size chunks sealed with
 * XChaCha20-Poly1305 under a random file key, padded to a Padmé size, and a last chunk
 * holding the sender's Ed25519 signature over everything before it. Large bundles are
 * split into numbered parts. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sodium.h>

#include "amanat.h"

#define BUNDLE_VERSION      1
#define BUNDLE_SLOTS        16
#define BUNDLE_SLOT_LEN     (32 + 16)
#define BUNDLE_HEADER_LEN   (2 + 32 + BUNDLE_SLOTS * BUNDLE_SLOT_LEN)
#define BUNDLE_CHUNK_LEN    4096 /* plaintext bytes of each body chunk */
#define BUNDLE_SEALED_LEN   (BUNDLE_CHUNK_LEN + 16)
#define BUNDLE_SIG_LEN      64
#define BUNDLE_FINAL_LEN    (BUNDLE_SIG_LEN + 16)
#define BUNDLE_MAX_PARTS    999
#define BUNDLE_FAT_PART_MAX 4294967295ull /* FAT32's largest file: 4 GiB - 1 */

typedef struct bundle_writer bundle_writer;

/* Starts a bundle at `path` for `recipients` (X25519 public keys, 1 to BUNDLE_SLOTS,
 * distinct), signed with `sign_sk`. Nothing appears at `path` before bundle_writer_finish;
 * `part_size` 0 picks the file system's limit. AMANAT_E_EXISTS when `path` (or its first
 * part) exists. */
AMANAT_MUST_CHECK int bundle_writer_open(bundle_writer **out, const char *path,
                                         const uint8_t (*recipients)[32], size_t recipient_count,
                                         const uint8_t *sign_sk, uint64_t part_size);
AMANAT_MUST_CHECK int bundle_writer_write(bundle_writer *w, const void *data, size_t len);
/* Pads, signs, syncs every part, renames them into place and syncs the folder. */
AMANAT_MUST_CHECK int bundle_writer_finish(bundle_writer *w);
/* Keeps the finished bundle: without this, bundle_writer_free removes it again (an export
 * whose re-read failed leaves nothing behind). */
void bundle_writer_keep(bundle_writer *w);
/* The parts written (1 when the bundle is one file), once finished. */
unsigned bundle_writer_parts(const bundle_writer *w);
/* Bytes written, all parts together. */
uint64_t bundle_writer_size(const bundle_writer *w);
/* Frees; a bundle not kept is removed, parts and temporary files. */
void bundle_writer_free(bundle_writer *w);

typedef struct bundle_reader bundle_reader;

/* Opens the bundle at `path` (a single file, or the first part NAME.001, or NAME when its
 * parts are NAME.001...) as recipient `x25519_sk`/`x25519_pk`, and checks it whole: the
 * slot, the signature over every byte, the sender record. AMANAT_E_NOT_RECIPIENT when no
 * slot is ours; AMANAT_E_BAD_BUNDLE when anything else fails. `sender_ed25519` and
 * `sender_x25519` receive the signer. */
AMANAT_MUST_CHECK int bundle_reader_open(bundle_reader **out, const char *path,
                                         const uint8_t *x25519_sk, const uint8_t *x25519_pk,
                                         uint8_t sender_ed25519[32], uint8_t sender_x25519[32]);
/* The same, for reading back a bundle this space just wrote: the signature is checked by
 * bundle_reader_finish over the bytes read once, not before the first record (an import
 * must not use this: it would read records before the sender is proven). */
AMANAT_MUST_CHECK int bundle_reader_open_one_pass(bundle_reader **out, const char *path,
                                                  const uint8_t *x25519_sk,
                                                  const uint8_t *x25519_pk,
                                                  uint8_t sender_ed25519[32],
                                                  uint8_t sender_x25519[32]);
/* Reads exactly `len` bytes of the body's plaintext, from its start. */
AMANAT_MUST_CHECK int bundle_reader_read(bundle_reader *r, void *buf, size_t len);
/* After the last record: the rest of the body must be zero, and the bytes read again must
 * be those the signature was checked over. */
AMANAT_MUST_CHECK int bundle_reader_finish(bundle_reader *r);
void bundle_reader_free(bundle_reader *r);

/* The part size for a bundle written into the folder of `path`. */
uint64_t bundle_part_limit(const char *path);
