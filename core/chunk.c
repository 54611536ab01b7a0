/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chunk.c: compress, pad and seal one chunk; open and decompress it again. */
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_createCCtx_advanced: our own allocator */
#include "chunk.h"

#include <sodium.h>
#include <zstd.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"
#include "io.h"
#include "secret.h"

/* While chunks keep not compressing, only every 16th is tried again: photos and video
 * are stored at close to the speed of a plain copy. */
#define CHUNK_PROBE_EVERY 16

/* zstd's window and tables hold plaintext: they live in locked memory, wiped when freed. */
static void *locked_alloc(void *opaque, size_t size) {
  (void)opaque;
  return io_secure_alloc(size);
}

static void locked_free(void *opaque, void *address) {
  (void)opaque;
  if (address != NULL)
    sodium_free(address);
}

static const ZSTD_customMem locked_memory = {locked_alloc, locked_free, NULL};

int chunk_codec_init(chunk_codec *codec) {
  memset(codec, 0, sizeof *codec);
  codec->cctx = ZSTD_createCCtx_advanced(locked_memory);
  codec->dctx = ZSTD_createDCtx_advanced(locked_memory);
  codec->plain = io_secure_alloc(CHUNK_PLAIN_MAX);
  if (codec->cctx == NULL || codec->dctx == NULL || codec->plain == NULL) {
    chunk_codec_free(codec);
    return AMANAT_E_NOMEM;
  }
  ZSTD_CCtx_setParameter(codec->cctx, ZSTD_c_compressionLevel, CHUNK_ZSTD_LEVEL);
  return AMANAT_OK;
}

void chunk_codec_wipe(chunk_codec *codec, size_t raw_used) {
  size_t used = CHUNK_HEADER_LEN + 2 * (raw_used < CHUNK_RAW_MAX ? raw_used : CHUNK_RAW_MAX);
  sodium_memzero(codec->plain, used < CHUNK_PLAIN_MAX ? used : CHUNK_PLAIN_MAX);
}

void chunk_codec_free(chunk_codec *codec) {
  ZSTD_freeCCtx(codec->cctx);
  ZSTD_freeDCtx(codec->dctx);
  secret_free(&codec->plain);
  memset(codec, 0, sizeof *codec);
}

static void chunk_ad(const uint8_t uid[CHUNK_UID_LEN], uint64_t seq, int final,
                     uint8_t ad[CHUNK_UID_LEN + 9]) {
  memcpy(ad, uid, CHUNK_UID_LEN);
  le64_store(ad + CHUNK_UID_LEN, seq);
  ad[CHUNK_UID_LEN + 8] = final ? 1 : 0;
}

/* `headroom`: raw - CHUNK_HEADER_LEN belongs to the caller's buffer too, so a chunk that
 * is stored as it is can be sealed where it lies, without a copy. */
static int prepare(chunk_codec *codec, uint8_t *raw, size_t raw_len, int headroom,
                   size_t *payload_len) {
  if (raw_len > CHUNK_RAW_MAX)
    return AMANAT_E_INVALID;
  uint8_t *plain = codec->plain;
  codec->sealed_from = plain;
  codec->payload_len = raw_len;
  int probe = codec->incompressible_run < 2 || codec->chunks_seen % CHUNK_PROBE_EVERY == 0;
  codec->chunks_seen++;
  uint8_t flags = 0;
  if (raw_len >= 64 && probe) {
    /* Straight into the plaintext buffer; kept only when it saves at least 1/16. */
    size_t n = ZSTD_compress2(codec->cctx, plain + CHUNK_HEADER_LEN, CHUNK_RAW_MAX, raw, raw_len);
    if (!ZSTD_isError(n) && n < raw_len - raw_len / 16) {
      codec->incompressible_run = 0;
      flags = CHUNK_FLAG_ZSTD;
      codec->payload_len = n;
    } else {
      codec->incompressible_run++;
    }
  }
  if (flags == 0 && headroom)
    codec->sealed_from = raw - CHUNK_HEADER_LEN;
  else if (flags == 0 && raw_len > 0) /* an empty chunk may come as NULL: memcpy's UB */
    memcpy(plain + CHUNK_HEADER_LEN, raw, raw_len);
  codec->sealed_from[0] = flags;
  le32_store(codec->sealed_from + 1, (uint32_t)codec->payload_len);
  *payload_len = codec->payload_len;
  return AMANAT_OK;
}

int chunk_prepare(chunk_codec *codec, const uint8_t *raw, size_t raw_len, size_t *payload_len) {
  return prepare(codec, (uint8_t *)(uintptr_t)raw, raw_len, 0, payload_len);
}

int chunk_prepare_in_place(chunk_codec *codec, uint8_t *raw, size_t raw_len, size_t *payload_len) {
  return prepare(codec, raw, raw_len, 1, payload_len);
}

int chunk_seal(chunk_codec *codec, const uint8_t key[CHUNK_KEY_LEN],
               const uint8_t uid[CHUNK_UID_LEN], uint64_t seq, int final, size_t pad,
               uint8_t *record, size_t *record_len) {
  if (pad > CHUNK_PAD_MAX || (pad > 0 && codec->sealed_from != codec->plain))
    return AMANAT_E_INVALID; /* only the codec's own buffer has room for padding */
  uint8_t *plain = codec->sealed_from;
  memset(plain + CHUNK_HEADER_LEN + codec->payload_len, 0, pad);
  size_t plain_len = CHUNK_HEADER_LEN + codec->payload_len + pad;
  uint8_t ad[CHUNK_UID_LEN + 9];
  chunk_ad(uid, seq, final, ad);
  io_random(record, CHUNK_NONCE_LEN);
  crypto_aead_xchacha20poly1305_ietf_encrypt(record + CHUNK_NONCE_LEN, NULL, plain, plain_len, ad,
                                             sizeof ad, NULL, record, key);
  *record_len = CHUNK_NONCE_LEN + plain_len + CHUNK_TAG_LEN;
  return AMANAT_OK;
}

int chunk_open(chunk_codec *codec, const uint8_t key[CHUNK_KEY_LEN],
               const uint8_t uid[CHUNK_UID_LEN], uint64_t seq, int final, const uint8_t *record,
               size_t record_len, uint8_t *raw, size_t *raw_len) {
  if (record_len < CHUNK_OVERHEAD || record_len > CHUNK_RECORD_MAX)
    return AMANAT_E_DAMAGED;
  uint8_t ad[CHUNK_UID_LEN + 9];
  chunk_ad(uid, seq, final, ad);
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          codec->plain, &plain_len, NULL, record + CHUNK_NONCE_LEN, record_len - CHUNK_NONCE_LEN,
          ad, sizeof ad, record, key) != 0)
    return AMANAT_E_DAMAGED;
  uint8_t flags = codec->plain[0];
  size_t payload_len = le32_load(codec->plain + 1);
  if ((flags & ~CHUNK_FLAG_ZSTD) != 0 || payload_len > plain_len - CHUNK_HEADER_LEN)
    return AMANAT_E_DAMAGED;
  const uint8_t *payload = codec->plain + CHUNK_HEADER_LEN;
  if (!sodium_is_zero(payload + payload_len, plain_len - CHUNK_HEADER_LEN - payload_len))
    return AMANAT_E_DAMAGED; /* padding is zero, and authenticated */
  if (flags & CHUNK_FLAG_ZSTD) {
    size_t n = ZSTD_decompressDCtx(codec->dctx, raw, CHUNK_RAW_MAX, payload, payload_len);
    if (ZSTD_isError(n))
      return AMANAT_E_DAMAGED;
    *raw_len = n;
  } else {
    if (payload_len > CHUNK_RAW_MAX)
      return AMANAT_E_DAMAGED;
    memcpy(raw, payload, payload_len);
    *raw_len = payload_len;
  }
  return AMANAT_OK;
}
