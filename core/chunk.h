/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chunk.h: one chunk of a document as it lies in a pack: compressed when that helps,
 * padded, and sealed with XChaCha20-Poly1305 under the document's key, with the
 * document's id, the chunk's index and a final flag bound in (FORMAT.md §Chunks). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "amanat.h"

#define CHUNK_RAW_MAX    (1u << 20) /* bytes of the original per chunk */
#define CHUNK_PAD_MAX    (1u << 20) /* padding the final chunk may carry */
#define CHUNK_HEADER_LEN 5          /* u8 flags, u32 payload length */
#define CHUNK_NONCE_LEN  24
#define CHUNK_TAG_LEN    16
#define CHUNK_OVERHEAD   (CHUNK_NONCE_LEN + CHUNK_HEADER_LEN + CHUNK_TAG_LEN)
#define CHUNK_PLAIN_MAX  (CHUNK_HEADER_LEN + CHUNK_RAW_MAX + CHUNK_PAD_MAX)
#define CHUNK_RECORD_MAX (CHUNK_NONCE_LEN + CHUNK_PLAIN_MAX + CHUNK_TAG_LEN)
#define CHUNK_FLAG_ZSTD  0x01u
#define CHUNK_KEY_LEN    32
#define CHUNK_UID_LEN    16
#define CHUNK_ZSTD_LEVEL 3

/* Work buffers for sealing and opening chunks; all in sodium_malloc memory, since they
 * hold plaintext. */
typedef struct ZSTD_CCtx_s ZSTD_CCtx;
typedef struct ZSTD_DCtx_s ZSTD_DCtx;

typedef struct chunk_codec {
  ZSTD_CCtx *cctx; /* zstd's own work memory comes from sodium_malloc too */
  ZSTD_DCtx *dctx;
  uint8_t *plain;              /* CHUNK_PLAIN_MAX: header, payload, padding */
  uint8_t *sealed_from;        /* the prepared plaintext: plain, or the caller's buffer */
  size_t payload_len;          /* its payload, after CHUNK_HEADER_LEN bytes of header */
  unsigned incompressible_run; /* chunks in a row that did not compress */
  unsigned chunks_seen;
} chunk_codec;

AMANAT_MUST_CHECK int chunk_codec_init(chunk_codec *codec);
void chunk_codec_free(chunk_codec *codec);
/* Wipes the plaintext buffer as far as chunks of up to `raw_used` bytes can have
 * reached (payload, padding and header). */
void chunk_codec_wipe(chunk_codec *codec, size_t raw_used);

/* Sealing is two steps, so the final chunk's padding can be sized from the compressed
 * length: chunk_prepare compresses `raw` (when that helps) and returns the payload's
 * length; chunk_seal then encrypts it as chunk `seq` (final if `final`) with `pad` zero
 * bytes inside the encryption. `record` must hold CHUNK_RECORD_MAX bytes. */
AMANAT_MUST_CHECK int chunk_prepare(chunk_codec *codec, const uint8_t *raw, size_t raw_len,
                                    size_t *payload_len);
/* The same for a `raw` that has CHUNK_HEADER_LEN writable bytes before it: a chunk that
 * does not compress is then sealed where it lies, without a copy (non-final chunks). */
AMANAT_MUST_CHECK int chunk_prepare_in_place(chunk_codec *codec, uint8_t *raw, size_t raw_len,
                                             size_t *payload_len);
AMANAT_MUST_CHECK int chunk_seal(chunk_codec *codec, const uint8_t key[CHUNK_KEY_LEN],
                                 const uint8_t uid[CHUNK_UID_LEN], uint64_t seq, int final,
                                 size_t pad, uint8_t *record, size_t *record_len);

/* The record length for `payload_len` payload bytes and `pad` bytes of padding. */
static inline size_t chunk_record_len(size_t payload_len, size_t pad) {
  return CHUNK_OVERHEAD + payload_len + pad;
}

/* Opens a record: authenticates it as chunk `seq` (final or not) of the document, and
 * writes the original bytes to `raw` (CHUNK_RAW_MAX bytes). AMANAT_E_DAMAGED when any
 * check fails. */
AMANAT_MUST_CHECK int chunk_open(chunk_codec *codec, const uint8_t key[CHUNK_KEY_LEN],
                                 const uint8_t uid[CHUNK_UID_LEN], uint64_t seq, int final,
                                 const uint8_t *record, size_t record_len, uint8_t *raw,
                                 size_t *raw_len);
