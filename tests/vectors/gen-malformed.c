/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gen-malformed.c: writes the malformed-input corpus, OUTDIR/<kind>/<name>, and
 * OUTDIR/MANIFEST with each file's expected error. Each bad file is a valid one (made
 * with the core's own writers) with one thing wrong, so the error it must give is
 * known. Reproducible: libsodium's random generator is replaced by a fixed stream.
 *
 *   gen-malformed OUTDIR */
#define ZSTD_STATIC_LINKING_ONLY
#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zstd.h>

#include "bundle-image.h"
#include "bundle_file.h"
#include "bytes.h"
#include "chunk.h"
#include "fixed-random.h"
#include "format.h"
#include "header.h"
#include "identity.h"
#include "kdf.h"
#include "keyslot.h"
#include "malformed.h"

static const char *out_dir;
static FILE *manifest;
static unsigned written;

static void die(const char *what) {
  fprintf(stderr, "gen-malformed: %s\n", what);
  exit(1);
}

static void make_dir(const char *path) {
  if (mkdir(path, 0755) != 0 && errno != EEXIST)
    die(path);
}

/* Writes OUTDIR/kind/name and its MANIFEST line. */
static void bad(const char *kind, const char *name, const char *expected, const void *data,
                size_t len, const char *description) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", out_dir, kind);
  make_dir(path);
  snprintf(path, sizeof path, "%s/%s/%s", out_dir, kind, name);
  FILE *f = fopen(path, "wb");
  if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
    die(path);
  fprintf(manifest, "%s/%s %s %s\n", kind, name, expected, description);
  written++;
}

/* ---- Headers ---------------------------------------------------------------------- */

static uint8_t good_header[AMANAT_HEADER_LEN];
static uint8_t master[AMANAT_MASTER_KEY_LEN];
static keyslot_payload *owner;

static void reseal_checksum(uint8_t *h) {
  crypto_generichash(h + AMANAT_PREFIX_OFF_CHECKSUM, AMANAT_CHECKSUM_LEN, h,
                     AMANAT_PREFIX_CHECKED_LEN, NULL, 0);
}

/* Seals a raw 184-byte payload into slot `index` of `h` for the password: for payloads
 * the core's writer would never make. */
static void seal_raw(uint8_t *h, unsigned index, const uint8_t plain[AMANAT_SLOT_PAYLOAD_LEN]) {
  uint8_t key[AMANAT_SLOT_KEY_LEN], ad[AMANAT_PREFIX_LEN + 1];
  kdf_slot_key(master, index, NULL, key);
  memcpy(ad, h, AMANAT_PREFIX_LEN);
  ad[AMANAT_PREFIX_LEN] = (uint8_t)index;
  uint8_t *slot = h + AMANAT_SLOT_OFF(index);
  randombytes_buf(slot, AMANAT_SLOT_NONCE_LEN);
  crypto_aead_xchacha20poly1305_ietf_encrypt(slot + AMANAT_SLOT_NONCE_LEN, NULL, plain,
                                             AMANAT_SLOT_PAYLOAD_LEN, ad, sizeof ad, NULL, slot,
                                             key);
}

static void owner_payload_bytes(uint8_t plain[AMANAT_SLOT_PAYLOAD_LEN]) {
  memset(plain, 0, AMANAT_SLOT_PAYLOAD_LEN);
  plain[AMANAT_PAYLOAD_OFF_VERSION] = AMANAT_PAYLOAD_VERSION;
  plain[AMANAT_PAYLOAD_OFF_ROLE] = owner->role;
  plain[AMANAT_PAYLOAD_OFF_SPACE] = owner->space;
  le16_store(plain + AMANAT_PAYLOAD_OFF_LIVE_MASK, owner->live_mask);
  memcpy(plain + AMANAT_PAYLOAD_OFF_PRIMARY_KEY, owner->primary_key, 32);
  memcpy(plain + AMANAT_PAYLOAD_OFF_SECONDARY_KEY, owner->secondary_key, 32);
}

/* A valid header: the password's owner slot in slot 0, random everywhere else. */
static void make_good_header(void) {
  header_prefix prefix = {.version = AMANAT_FORMAT_VERSION, .cost = {MALFORMED_OPS, MALFORMED_MEM}};
  randombytes_buf(prefix.salt, sizeof prefix.salt);
  randombytes_buf(good_header, sizeof good_header);
  header_prefix_encode(&prefix, good_header);
  const char *pw = MALFORMED_PASSWORD;
  if (kdf_master_key((const uint8_t *)pw, strlen(pw), prefix.salt, prefix.cost, master) !=
      AMANAT_OK)
    die("kdf_master_key");
  owner = keyslot_payload_new();
  if (owner == NULL)
    die("out of memory");
  owner->role = AMANAT_ROLE_OWNER;
  owner->space = 0;
  owner->live_mask = 1;
  randombytes_buf(owner->primary_key, 32);
  randombytes_buf(owner->secondary_key, 32);
  uint8_t key[AMANAT_SLOT_KEY_LEN];
  kdf_slot_key(master, 0, NULL, key);
  if (keyslot_seal(key, good_header, 0, owner, good_header + AMANAT_SLOT_OFF(0)) != AMANAT_OK)
    die("keyslot_seal");
}

/* The good header with one byte changed; `checksum` recomputes the prefix checksum after,
 * as someone editing it on purpose would. */
static void header_byte(const char *name, const char *expected, size_t offset, uint8_t value,
                        int checksum, const char *description) {
  uint8_t h[AMANAT_HEADER_LEN];
  memcpy(h, good_header, sizeof h);
  h[offset] = value;
  if (checksum)
    reseal_checksum(h);
  bad("header", name, expected, h, sizeof h, description);
}

static void header_u32(const char *name, size_t offset, uint32_t value, const char *description) {
  uint8_t h[AMANAT_HEADER_LEN];
  memcpy(h, good_header, sizeof h);
  le32_store(h + offset, value);
  reseal_checksum(h);
  bad("header", name, "KDF_LIMITS", h, sizeof h, description);
}

static void header_u64(const char *name, const char *expected, uint64_t value, int checksum,
                       const char *description) {
  uint8_t h[AMANAT_HEADER_LEN];
  memcpy(h, good_header, sizeof h);
  le64_store(h + AMANAT_PREFIX_OFF_MEMLIMIT, value);
  if (checksum)
    reseal_checksum(h);
  bad("header", name, expected, h, sizeof h, description);
}

static void header_payload(const char *name, const char *expected, size_t offset, uint8_t value,
                           const char *description) {
  uint8_t h[AMANAT_HEADER_LEN], plain[AMANAT_SLOT_PAYLOAD_LEN];
  memcpy(h, good_header, sizeof h);
  owner_payload_bytes(plain);
  plain[offset] = value;
  seal_raw(h, 0, plain);
  bad("header", name, expected, h, sizeof h, description);
}

static void header_files(void) {
  make_good_header();
  const uint8_t *g = good_header;
  uint8_t h[2 * AMANAT_HEADER_LEN];
  bad("header", "valid", "OK", g, AMANAT_HEADER_LEN,
      "control: the valid header every other one is made from; the password opens slot 0");

  /* Lengths. */
  bad("header", "empty", "HEADER_TRUNCATED", NULL, 0, "an empty file");
  bad("header", "truncated-4", "HEADER_TRUNCATED", g, 4, "the first 4 bytes of the magic");
  bad("header", "truncated-8", "HEADER_TRUNCATED", g, 8, "the magic alone");
  bad("header", "truncated-9", "HEADER_TRUNCATED", g, 9, "cut inside the version");
  bad("header", "truncated-10", "HEADER_TRUNCATED", g, 10, "magic and version only");
  bad("header", "truncated-64", "HEADER_TRUNCATED", g, 64, "the plaintext prefix alone");
  bad("header", "truncated-2048", "HEADER_TRUNCATED", g, 2048, "cut in the middle of slot 8");
  bad("header", "truncated-4095", "HEADER_TRUNCATED", g, 4095, "one byte short");
  memcpy(h, g, AMANAT_HEADER_LEN);
  h[AMANAT_HEADER_LEN] = 0;
  bad("header", "trailing-zero-byte", "HEADER_DAMAGED", h, AMANAT_HEADER_LEN + 1,
      "one zero byte of trailing data");
  h[AMANAT_HEADER_LEN] = '\n';
  bad("header", "trailing-newline", "HEADER_DAMAGED", h, AMANAT_HEADER_LEN + 1,
      "a newline after the header, as an editor adds");
  memcpy(h + AMANAT_HEADER_LEN, g, AMANAT_HEADER_LEN);
  bad("header", "twice", "HEADER_DAMAGED", h, sizeof h, "the header written twice");

  /* Magic. */
  bad("header", "magic-lowercase", "NOT_A_VAULT", "amanat\r\n", 8, "the magic in lower case");
  memcpy(h, g, AMANAT_HEADER_LEN);
  memcpy(h, "AMANAT\n\n", 8);
  bad("header", "magic-line-feeds", "NOT_A_VAULT", h, AMANAT_HEADER_LEN,
      "the magic with its CR turned into LF (a text-mode copy)");
  header_byte("magic-bit-flip", "NOT_A_VAULT", 0, (uint8_t)(g[0] ^ 1), 0,
              "the magic's first bit flipped");
  header_byte("magic-last-byte", "NOT_A_VAULT", 7, 0, 0, "the magic's last byte zeroed");
  bad("header", "magic-short-wrong", "NOT_A_VAULT", "AMX", 3, "3 bytes that are not the magic");
  bad("header", "zip-file", "NOT_A_VAULT", "PK\3\4\24\0\0\0\10\0", 10, "a zip file");
  bad("header", "text-file", "NOT_A_VAULT", "vault.hdr\n", 10, "a line of text");
  static const uint8_t zeros[AMANAT_HEADER_LEN];
  bad("header", "zeros", "NOT_A_VAULT", zeros, sizeof zeros, "4096 zero bytes");

  /* Version. */
  memcpy(h, g, AMANAT_HEADER_LEN);
  le16_store(h + AMANAT_PREFIX_OFF_VERSION, 2);
  reseal_checksum(h);
  bad("header", "version-2", "VERSION", h, AMANAT_HEADER_LEN, "format version 2, checksum valid");
  bad("header", "version-2-truncated", "VERSION", h, 10,
      "version 2 and nothing after: a newer format may be laid out anew");
  le16_store(h + AMANAT_PREFIX_OFF_VERSION, 0xffff);
  bad("header", "version-65535-stale-checksum", "VERSION", h, AMANAT_HEADER_LEN,
      "version 65535; the version is read before the checksum");
  memcpy(h, g, AMANAT_HEADER_LEN);
  le16_store(h + AMANAT_PREFIX_OFF_VERSION, 0);
  reseal_checksum(h);
  bad("header", "version-0", "HEADER_DAMAGED", h, AMANAT_HEADER_LEN, "version 0, checksum valid");

  /* Wiped. */
  memcpy(h, g, AMANAT_HEADER_LEN);
  randombytes_buf(h + AMANAT_PREFIX_OFF_KDF_ALG, AMANAT_HEADER_LEN - AMANAT_PREFIX_OFF_KDF_ALG);
  h[AMANAT_PREFIX_OFF_KDF_ALG] = AMANAT_KDF_WIPED;
  bad("header", "wiped", "WIPED", h, AMANAT_HEADER_LEN, "a panic-wiped header");
  bad("header", "wiped-truncated", "WIPED", h, 11, "a wiped header cut after byte 10");
  h[AMANAT_HEADER_LEN] = 0;
  bad("header", "wiped-trailing-data", "WIPED", h, AMANAT_HEADER_LEN + 1,
      "a wiped header with trailing data: wiped, not damaged");

  /* Fields the checksum covers, with the checksum recomputed. */
  header_byte("kdf-0", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_KDF_ALG, 0, 1, "KDF id 0");
  header_byte("kdf-2", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_KDF_ALG, 2, 1, "KDF id 2 (unknown)");
  header_byte("kdf-254", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_KDF_ALG, 0xfe, 1, "KDF id 254");
  header_byte("slot-count-0", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_SLOT_COUNT, 0, 1, "0 keyslots");
  header_byte("slot-count-15", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_SLOT_COUNT, 15, 1,
              "15 keyslots");
  header_byte("slot-count-17", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_SLOT_COUNT, 17, 1,
              "17 keyslots (more than the file has room for)");
  header_byte("slot-count-255", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_SLOT_COUNT, 255, 1,
              "255 keyslots");
  header_byte("reserved-first", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_RESERVED, 1, 1,
              "a reserved byte not zero");
  header_byte("reserved-last", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_RESERVED + 7, 0x80, 1,
              "the last reserved byte not zero");

  /* Checksum. */
  header_byte("checksum-first-bit", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_CHECKSUM,
              (uint8_t)(g[AMANAT_PREFIX_OFF_CHECKSUM] ^ 1), 0, "a checksum bit flipped");
  header_byte("checksum-last-byte", "HEADER_DAMAGED", AMANAT_PREFIX_LEN - 1,
              (uint8_t)(g[AMANAT_PREFIX_LEN - 1] ^ 0xff), 0, "the checksum's last byte inverted");
  memcpy(h, g, AMANAT_HEADER_LEN);
  memset(h + AMANAT_PREFIX_OFF_CHECKSUM, 0, AMANAT_CHECKSUM_LEN);
  bad("header", "checksum-zero", "HEADER_DAMAGED", h, AMANAT_HEADER_LEN, "a zeroed checksum");
  header_byte("salt-stale-checksum", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_SALT,
              (uint8_t)(g[AMANAT_PREFIX_OFF_SALT] ^ 4), 0,
              "a salt bit flipped, checksum not updated");
  header_byte("opslimit-stale-checksum", "HEADER_DAMAGED", AMANAT_PREFIX_OFF_OPSLIMIT, 2, 0,
              "opslimit 2, checksum not updated");
  header_u64("memlimit-64gib-stale-checksum", "HEADER_DAMAGED", 64ull << 30, 0,
             "a 64 GiB KDF memory demand, checksum not updated: damaged before limits");

  /* KDF cost beyond the limits, checksum valid: refused before any KDF runs. */
  header_u32("opslimit-0", AMANAT_PREFIX_OFF_OPSLIMIT, 0, "0 Argon2id passes");
  header_u32("opslimit-33", AMANAT_PREFIX_OFF_OPSLIMIT, 33, "33 Argon2id passes (at most 32)");
  header_u32("opslimit-max", AMANAT_PREFIX_OFF_OPSLIMIT, UINT32_MAX, "4294967295 passes");
  header_u64("memlimit-64gib", "KDF_LIMITS", 64ull << 30, 1, "a 64 GiB KDF memory demand");
  header_u64("memlimit-4gib-plus-1kib", "KDF_LIMITS", (4ull << 30) + 1024, 1,
             "1 KiB over the 4 GiB maximum");
  header_u64("memlimit-8mib-minus-1kib", "KDF_LIMITS", (8ull << 20) - 1024, 1,
             "1 KiB under the 8 MiB minimum");
  header_u64("memlimit-odd", "KDF_LIMITS", (8ull << 20) + 1, 1,
             "8 MiB + 1 byte: not a multiple of 1024");
  header_u64("memlimit-0", "KDF_LIMITS", 0, 1, "no KDF memory at all");
  header_u64("memlimit-max", "KDF_LIMITS", UINT64_MAX, 1, "2^64 - 1 bytes of KDF memory");
  header_u64("memlimit-2-pow-63", "KDF_LIMITS", 1ull << 63, 1,
             "2^63 bytes: negative as a signed number");

  /* Keyslots: a damaged slot cannot be told from a wrong password (FORMAT.md). */
  size_t s0 = AMANAT_SLOT_OFF(0);
  header_byte("slot-nonce-bit", "WRONG_PASSWORD", s0, (uint8_t)(g[s0] ^ 1), 0,
              "a bit of the password's slot nonce flipped");
  header_byte("slot-ciphertext-bit", "WRONG_PASSWORD", s0 + 100, (uint8_t)(g[s0 + 100] ^ 0x10), 0,
              "a bit of the password's slot ciphertext flipped");
  header_byte("slot-tag-bit", "WRONG_PASSWORD", s0 + AMANAT_SLOT_LEN - 1,
              (uint8_t)(g[s0 + AMANAT_SLOT_LEN - 1] ^ 0x80), 0,
              "a bit of the password's slot tag flipped");
  memcpy(h, g, AMANAT_HEADER_LEN);
  memcpy(h + AMANAT_SLOT_OFF(3), g + s0, AMANAT_SLOT_LEN);
  randombytes_buf(h + s0, AMANAT_SLOT_LEN);
  bad("header", "slot-moved", "WRONG_PASSWORD", h, AMANAT_HEADER_LEN,
      "the password's slot moved from slot 0 to slot 3 (the index is bound in)");
  memcpy(h, g, AMANAT_HEADER_LEN);
  memcpy(h + AMANAT_SLOT_OFF(1), g + s0, AMANAT_SLOT_LEN);
  memcpy(h + s0, g + AMANAT_SLOT_OFF(1), AMANAT_SLOT_LEN);
  bad("header", "slots-swapped", "WRONG_PASSWORD", h, AMANAT_HEADER_LEN, "slots 0 and 1 swapped");
  memcpy(h, g, AMANAT_HEADER_LEN);
  randombytes_buf(h + AMANAT_SLOTS_OFF, AMANAT_SLOT_COUNT * AMANAT_SLOT_LEN);
  bad("header", "slots-random", "WRONG_PASSWORD", h, AMANAT_HEADER_LEN,
      "every slot random: no password exists");
  memcpy(h, g, AMANAT_HEADER_LEN);
  memset(h + AMANAT_SLOTS_OFF, 0, AMANAT_SLOT_COUNT * AMANAT_SLOT_LEN);
  bad("header", "slots-zero", "WRONG_PASSWORD", h, AMANAT_HEADER_LEN, "every slot zero");
  memcpy(h, g, AMANAT_HEADER_LEN);
  h[AMANAT_PREFIX_OFF_SALT] ^= 1;
  reseal_checksum(h);
  bad("header", "salt-changed", "WRONG_PASSWORD", h, AMANAT_HEADER_LEN,
      "a salt bit flipped, checksum recomputed: the prefix is bound into every slot");
  memcpy(h, g, AMANAT_HEADER_LEN);
  le32_store(h + AMANAT_PREFIX_OFF_OPSLIMIT, 2);
  reseal_checksum(h);
  bad("header", "opslimit-changed", "WRONG_PASSWORD", h, AMANAT_HEADER_LEN,
      "opslimit raised from 1 to 2, checksum recomputed");

  /* Slots that open to payloads the core never writes. */
  header_payload("payload-version-0", "WRONG_PASSWORD", AMANAT_PAYLOAD_OFF_VERSION, 0,
                 "a slot that opens, payload version 0: it does not count as open");
  header_payload("payload-version-2", "WRONG_PASSWORD", AMANAT_PAYLOAD_OFF_VERSION, 2,
                 "a slot that opens, payload version 2");
  header_payload("payload-role-0", "DAMAGED", AMANAT_PAYLOAD_OFF_ROLE, 0, "payload role 0");
  header_payload("payload-role-4", "DAMAGED", AMANAT_PAYLOAD_OFF_ROLE, 4,
                 "payload role 4 (unknown)");
  header_payload("payload-role-255", "DAMAGED", AMANAT_PAYLOAD_OFF_ROLE, 255, "payload role 255");
  header_payload("payload-space-2", "DAMAGED", AMANAT_PAYLOAD_OFF_SPACE, 2,
                 "payload space 2 (there are two: 0 and 1)");
  header_payload("payload-space-255", "DAMAGED", AMANAT_PAYLOAD_OFF_SPACE, 255,
                 "payload space 255");
  sodium_free(owner);
}

/* ---- Chunks and packs ------------------------------------------------------------- */

static chunk_codec codec;
static uint8_t *record;

/* Seals `raw` as chunk `seq` of the document (key, uid) with `pad` bytes of padding. */
static size_t seal(const uint8_t *raw, size_t len, const uint8_t *key, const uint8_t *uid,
                   uint64_t seq, int final, size_t pad) {
  size_t payload_len = 0, record_len = 0;
  if (chunk_prepare(&codec, raw, len, &payload_len) != AMANAT_OK ||
      chunk_seal(&codec, key, uid, seq, final, pad, record, &record_len) != AMANAT_OK)
    die("chunk_seal");
  return record_len;
}

/* Seals a plaintext the writer would never make: flags, u32 length, payload, padding. */
static size_t seal_plain(const uint8_t *plain, size_t len) {
  uint8_t ad[CHUNK_UID_LEN + 9];
  memcpy(ad, malformed_doc_uid, CHUNK_UID_LEN);
  le64_store(ad + CHUNK_UID_LEN, 0);
  ad[CHUNK_UID_LEN + 8] = 1;
  randombytes_buf(record, CHUNK_NONCE_LEN);
  crypto_aead_xchacha20poly1305_ietf_encrypt(record + CHUNK_NONCE_LEN, NULL, plain, len, ad,
                                             sizeof ad, NULL, record, malformed_doc_key);
  return CHUNK_NONCE_LEN + len + CHUNK_TAG_LEN;
}

static void plain_case(const char *name, uint8_t flags, uint32_t stated_len, const uint8_t *payload,
                       size_t payload_len, size_t pad, const char *description) {
  size_t len = CHUNK_HEADER_LEN + payload_len + pad;
  uint8_t *plain = calloc(1, len);
  if (plain == NULL)
    die("out of memory");
  plain[0] = flags;
  le32_store(plain + 1, stated_len);
  if (payload_len > 0)
    memcpy(plain + CHUNK_HEADER_LEN, payload, payload_len);
  size_t n = seal_plain(plain, len);
  bad("chunk", name, "DAMAGED", record, n, description);
  free(plain);
}

static size_t zstd_frame(uint8_t *out, size_t cap, const uint8_t *src, size_t len, int checksum) {
  ZSTD_CCtx *c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum);
  size_t n = ZSTD_compress2(c, out, cap, src, len);
  ZSTD_freeCCtx(c);
  if (ZSTD_isError(n))
    die("ZSTD_compress2");
  return n;
}

static void chunk_files(void) {
  if (chunk_codec_init(&codec) != AMANAT_OK)
    die("chunk_codec_init");
  record = malloc(CHUNK_RECORD_MAX);
  uint8_t *text = malloc(CHUNK_RAW_MAX + 1), *frame = malloc(CHUNK_RAW_MAX);
  if (record == NULL || text == NULL || frame == NULL)
    die("out of memory");
  static const char line[] = "The source's name stays in the vault. ";
  for (size_t i = 0; i <= CHUNK_RAW_MAX; i++)
    text[i] = (uint8_t)line[i % (sizeof line - 1)];
  const uint8_t *k = malformed_doc_key, *u = malformed_doc_uid;

  /* The valid record everything else is cut from: 2000 bytes of text, compressed. */
  uint8_t good[4096];
  size_t n = seal(text, 2000, k, u, 0, 1, 0);
  if (n > sizeof good)
    die("record too long");
  memcpy(good, record, n);
  size_t good_len = n;
  bad("chunk", "valid", "OK", good, good_len, "control: the valid record the others are cut from");

  bad("chunk", "empty", "DAMAGED", NULL, 0, "no bytes at all");
  bad("chunk", "truncated-23", "DAMAGED", good, 23, "shorter than the nonce");
  bad("chunk", "truncated-44", "DAMAGED", good, CHUNK_OVERHEAD - 1,
      "one byte shorter than nonce, chunk header and tag");
  bad("chunk", "truncated-half", "DAMAGED", good, good_len / 2, "the first half of a record");
  bad("chunk", "truncated-tag", "DAMAGED", good, good_len - 1, "the tag's last byte cut off");
  uint8_t buf[8192];
  memcpy(buf, good, good_len);
  buf[good_len] = 0;
  bad("chunk", "trailing-byte", "DAMAGED", buf, good_len + 1, "one byte of trailing data");
  memcpy(buf + good_len, good, good_len);
  bad("chunk", "twice", "DAMAGED", buf, 2 * good_len, "the record twice, as one");
  static const size_t flips[][2] = {{0, 1}, {30, 0x40}, {100, 0x01}};
  static const char *const flip_names[] = {"flip-nonce", "flip-ciphertext", "flip-late"};
  for (int i = 0; i < 3; i++) {
    memcpy(buf, good, good_len);
    size_t at = flips[i][0] < good_len ? flips[i][0] : good_len - 20;
    buf[at] ^= (uint8_t)flips[i][1];
    bad("chunk", flip_names[i], "DAMAGED", buf, good_len, "one bit flipped");
  }
  memcpy(buf, good, good_len);
  buf[good_len - 1] ^= 0x80;
  bad("chunk", "flip-tag", "DAMAGED", buf, good_len, "a bit of the tag flipped");
  memcpy(buf, good, good_len);
  memcpy(buf, good + 1, CHUNK_NONCE_LEN); /* the nonce shifted by a byte */
  bad("chunk", "nonce-replaced", "DAMAGED", buf, good_len, "another nonce");

  /* Sealed right, but for another place: the AD binds document, index and final flag. */
  n = seal(text, 2000, k, u, 1, 1, 0);
  bad("chunk", "index-1", "DAMAGED", record, n, "sealed as chunk 1, read as chunk 0");
  n = seal(text, 2000, k, u, 1ull << 32, 1, 0);
  bad("chunk", "index-2-pow-32", "DAMAGED", record, n,
      "sealed as chunk 2^32 (only its high word differs)");
  n = seal(text, 2000, k, u, 0, 0, 0);
  bad("chunk", "not-final", "DAMAGED", record, n,
      "sealed as not the last chunk: a document cut short");
  uint8_t other_uid[16], other_key[32];
  memcpy(other_uid, u, 16);
  other_uid[15] ^= 1;
  n = seal(text, 2000, k, other_uid, 0, 1, 0);
  bad("chunk", "other-document", "DAMAGED", record, n,
      "another document's chunk (uid differs), same key");
  memcpy(other_key, k, 32);
  other_key[0] ^= 1;
  n = seal(text, 2000, other_key, u, 0, 1, 0);
  bad("chunk", "other-key", "DAMAGED", record, n, "sealed under another document key");

  /* Plaintexts the writer never makes, sealed correctly. */
  uint8_t payload[300];
  memcpy(payload, text, sizeof payload);
  plain_case("flags-2", 0x02, 300, payload, 300, 0, "flags bit 1 set (undefined)");
  plain_case("flags-ff", 0xff, 300, payload, 300, 0, "every flag bit set");
  plain_case("length-past-end", 0, 301, payload, 300, 0, "payload length one past the plaintext");
  plain_case("length-max", 0, UINT32_MAX, payload, 300, 0, "payload length 2^32 - 1");
  plain_case("length-short-nonzero-rest", 0, 200, payload, 300, 0,
             "payload length 200 of 300: the rest is read as padding and is not zero");
  uint8_t padded[310];
  memcpy(padded, payload, 300);
  memset(padded + 300, 0, 10);
  padded[309] = 1;
  plain_case("padding-last-nonzero", 0, 300, padded, 310, 0, "the last padding byte is 1");
  padded[309] = 0;
  padded[300] = 0x80;
  plain_case("padding-first-nonzero", 0, 300, padded, 310, 0, "the first padding byte is 0x80");
  plain_case("header-only-length-1", 0, 1, NULL, 0, 0,
             "a chunk header alone, claiming one byte of payload");

  /* zstd payloads. */
  uint8_t garbage[200];
  randombytes_buf(garbage, sizeof garbage);
  plain_case("zstd-garbage", CHUNK_FLAG_ZSTD, sizeof garbage, garbage, sizeof garbage, 0,
             "zstd flag on random bytes");
  plain_case("zstd-flag-on-text", CHUNK_FLAG_ZSTD, 300, payload, 300, 0,
             "zstd flag on a payload that is not compressed");
  size_t f = zstd_frame(frame, CHUNK_RAW_MAX, text, 5000, 0);
  plain_case("zstd-truncated", CHUNK_FLAG_ZSTD, (uint32_t)(f - 3), frame, f - 3, 0,
             "a zstd frame with its last 3 bytes cut");
  memcpy(frame + f, garbage, 16);
  plain_case("zstd-trailing-garbage", CHUNK_FLAG_ZSTD, (uint32_t)(f + 16), frame, f + 16, 0,
             "a zstd frame followed by 16 random bytes");
  f = zstd_frame(frame, CHUNK_RAW_MAX, text, 5000, 1);
  frame[f - 1] ^= 0x55;
  plain_case("zstd-bad-checksum", CHUNK_FLAG_ZSTD, (uint32_t)f, frame, f, 0,
             "a zstd frame whose content checksum does not match");
  f = zstd_frame(frame, CHUNK_RAW_MAX, text, CHUNK_RAW_MAX + 1, 0);
  plain_case("zstd-over-1mib", CHUNK_FLAG_ZSTD, (uint32_t)f, frame, f, 0,
             "a zstd frame of 1 MiB + 1 byte: more than a chunk holds");
  /* A frame header asking for a 2^41-byte window (descriptor 0xff), then an empty block. */
  static const uint8_t window[] = {0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xff, 0x01, 0x00, 0x00};
  plain_case("zstd-window-2-pow-41", CHUNK_FLAG_ZSTD, sizeof window, window, sizeof window, 0,
             "a zstd frame asking for a 2 TiB window");
  /* A single-segment frame that says 1 GiB of content follows. */
  uint8_t big[16] = {0x28, 0xb5, 0x2f, 0xfd, 0xa0};
  le32_store(big + 5, 1u << 30);
  big[9] = 0x01; /* last, raw block of size 0 */
  plain_case("zstd-content-1gib", CHUNK_FLAG_ZSTD, 12, big, 12, 0,
             "a zstd frame that declares 1 GiB of content");

  /* Packs: the record at offset 0 is read with MALFORMED_PACK_RECORD_LEN bytes. */
  uint8_t noise[MALFORMED_PACK_RECORD_LEN - CHUNK_OVERHEAD];
  randombytes_buf(noise, sizeof noise);
  n = seal(noise, sizeof noise, k, u, 0, 1, 0);
  if (n != MALFORMED_PACK_RECORD_LEN)
    die("pack record length");
  uint8_t pack[3 * MALFORMED_PACK_RECORD_LEN];
  memcpy(pack, record, n);
  randombytes_buf(pack + n, sizeof pack - n);
  bad("pack", "valid", "OK", pack, sizeof pack, "control: a valid record, then random fill");
  bad("pack", "empty", "DAMAGED", NULL, 0, "an empty pack");
  bad("pack", "cut-short", "DAMAGED", pack, n - 1, "the pack ends one byte before the record");
  bad("pack", "cut-half", "DAMAGED", pack, n / 2, "the pack ends halfway through the record");
  uint8_t shifted[sizeof pack + 1];
  shifted[0] = 0;
  memcpy(shifted + 1, pack, sizeof pack);
  bad("pack", "shifted", "DAMAGED", shifted, sizeof shifted,
      "a byte inserted before the record: it is read one byte off");
  memcpy(shifted, pack, sizeof pack);
  n = seal(noise, sizeof noise, other_key, u, 0, 1, 0);
  memcpy(shifted, record, n);
  bad("pack", "other-key", "DAMAGED", shifted, sizeof pack,
      "the record at offset 0 is another document's");
  memset(shifted, 0, sizeof pack);
  bad("pack", "zeros", "DAMAGED", shifted, sizeof pack, "a pack of zeros");

  free(text);
  free(frame);
  free(record);
  chunk_codec_free(&codec);
}

/* ---- Identity cards --------------------------------------------------------------- */

static uint8_t sign_pk[32], sign_sk[64], x_pk[32];

/* A card for (x25519, ed25519) signed with `sk`. malloc'd text. */
static char *card(const uint8_t x25519[32], const uint8_t ed25519[32], const uint8_t *sk) {
  identity_public pub;
  memcpy(pub.x25519, x25519, 32);
  memcpy(pub.ed25519, ed25519, 32);
  char *text = NULL;
  if (identity_card_make(&pub, sk, &text) != AMANAT_OK)
    die("identity_card_make");
  return text;
}

static void card_text(const char *name, const char *text, const char *description) {
  bad("card", name, "BAD_CARD", text, strlen(text), description);
}

/* A card text built from a format and the good card's base64 body. */
static void card_printf(const char *name, const char *description, const char *format, ...) {
  char text[1024];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(text, sizeof text, format, args);
  va_end(args);
  if (n < 0 || (size_t)n >= sizeof text)
    die("card too long");
  bad("card", name, "BAD_CARD", text, (size_t)n, description);
}

/* Small-order X25519 keys: the product with any clamped scalar is zero. Checked here, so
 * a wrong constant cannot slip in. */
static void low_order_x25519(const char *name, const uint8_t key[32], const char *description) {
  uint8_t scalar[32], shared[32];
  randombytes_buf(scalar, sizeof scalar);
  if (crypto_scalarmult(shared, scalar, key) == 0 && !sodium_is_zero(shared, 32))
    die(name);
  char *text = card(key, sign_pk, sign_sk);
  card_text(name, text, description);
  free(text);
}

/* Ed25519 keys that are not canonical points of large order: checked here too. */
static void bad_ed25519(const char *name, const uint8_t key[32], const char *description) {
  if (crypto_core_ed25519_is_valid_point(key))
    die(name);
  uint8_t body[IDENTITY_CARD_BODY_LEN];
  memcpy(body, x_pk, 32);
  memcpy(body + 32, key, 32);
  randombytes_buf(body + 64, 64); /* no secret key exists to sign with */
  char b64[sodium_base64_ENCODED_LEN(IDENTITY_CARD_BODY_LEN, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, body, sizeof body, sodium_base64_VARIANT_ORIGINAL);
  card_printf(name, description, "%s\n%s\n", IDENTITY_CARD_MAGIC, b64);
}

static void card_files(void) {
  uint8_t seed_bytes[32], x_sk[32];
  randombytes_buf(seed_bytes, sizeof seed_bytes);
  crypto_sign_seed_keypair(sign_pk, sign_sk, seed_bytes);
  /* A key whose base64 has '+' or '/', so the URL-safe alphabet differs from it. */
  char *good = NULL;
  for (;;) {
    randombytes_buf(x_sk, sizeof x_sk);
    crypto_scalarmult_base(x_pk, x_sk);
    free(good);
    good = card(x_pk, sign_pk, sign_sk);
    if (strpbrk(good, "+/") != NULL)
      break;
  }
  const char *magic = IDENTITY_CARD_MAGIC;
  size_t magic_len = strlen(magic);
  char body[200];
  snprintf(body, sizeof body, "%.*s", 172, good + magic_len + 1);

  bad("card", "valid", "OK", good, strlen(good),
      "control: the valid card the others are made from");
  card_text("empty", "", "an empty file");
  card_printf("magic-only", "the first line alone", "%s\n", magic);
  card_printf("magic-version-2", "AMANAT IDENTITY 2", "AMANAT IDENTITY 2\n%s\n", body);
  card_printf("magic-lowercase", "the first line in lower case", "amanat identity 1\n%s\n", body);
  card_printf("magic-no-newline", "no line break after the first line", "%s%s\n", magic, body);
  card_printf("magic-two-spaces", "two spaces in the first line", "AMANAT  IDENTITY 1\n%s\n", body);
  card_printf("crlf", "CRLF line endings", "%s\r\n%s\r\n", magic, body);
  card_printf("cr-final", "a CR after the body", "%s\n%s\r", magic, body);
  card_printf("two-final-newlines", "an empty line at the end", "%s\n%s\n\n", magic, body);
  card_printf("trailing-text", "a comment line after the card", "%s\n%s\n# Layla\n", magic, body);
  card_printf("trailing-space", "a space after the body", "%s\n%s \n", magic, body);
  card_printf("leading-bom", "a UTF-8 byte-order mark first", "\xef\xbb\xbf%s\n%s\n", magic, body);
  card_printf("leading-space", "a space before the first line", " %s\n%s\n", magic, body);
  card_printf("leading-blank-line", "an empty line first", "\n%s\n%s\n", magic, body);
  card_printf("body-truncated", "the body's last four characters missing", "%s\n%.168s\n", magic,
              body);
  card_printf("body-extra-char", "one character more in the body", "%s\n%sA\n", magic, body);
  card_printf("body-no-padding", "the body without its '=' padding", "%s\n%.171s\n", magic, body);
  char noncanonical[200];
  memcpy(noncanonical, body, 173);
  /* 128 bytes: 42 groups, then 2 bytes in 3 characters and '='; the third character's
   * low 2 bits are unused and must be zero. */
  static const char b64_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const char *pos = strchr(b64_alphabet, noncanonical[170]);
  noncanonical[170] = b64_alphabet[(pos - b64_alphabet) | 1];
  card_printf("body-noncanonical", "the unused low bits of the base64 set: same bytes", "%s\n%s\n",
              magic, noncanonical);
  char urlsafe[200];
  memcpy(urlsafe, body, 173);
  for (char *c = urlsafe; *c != '\0'; c++)
    *c = *c == '+' ? '-' : *c == '/' ? '_' : *c;
  card_printf("body-urlsafe", "the URL-safe base64 alphabet", "%s\n%s\n", magic, urlsafe);
  card_printf("body-wrapped", "the body wrapped at 76 characters", "%s\n%.76s\n%s\n", magic, body,
              body + 76);
  card_printf("body-space-inside", "a space inside the body", "%s\n%.86s %s\n", magic, body,
              body + 86);
  char with_nul[400];
  int at = snprintf(with_nul, sizeof with_nul, "%s\n%.100s", magic, body);
  with_nul[at] = '\0';
  int rest = snprintf(with_nul + at + 1, sizeof with_nul - (size_t)at - 1, "%s\n", body + 101);
  bad("card", "body-nul-inside", "BAD_CARD", with_nul, (size_t)at + 1 + (size_t)rest,
      "a NUL byte in place of a body character");
  char star[200];
  memcpy(star, body, 173);
  star[50] = '*';
  card_printf("body-invalid-char", "a character outside base64", "%s\n%s\n", magic, star);
  uint8_t raw[129];
  char b64[200];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(b64, sizeof b64, raw, 129, sodium_base64_VARIANT_ORIGINAL);
  card_printf("body-129-bytes", "172 characters of canonical base64 holding 129 bytes", "%s\n%s\n",
              magic, b64);
  sodium_bin2base64(b64, sizeof b64, raw, 127, sodium_base64_VARIANT_ORIGINAL);
  card_printf("body-127-bytes", "172 characters of canonical base64 holding 127 bytes", "%s\n%s\n",
              magic, b64);
  card_printf("two-cards", "two cards one after the other", "%s%s", good, good);
  /* UTF-16: every character followed by a zero byte. */
  char utf16[512];
  size_t good_len = strlen(good);
  for (size_t i = 0; i < good_len; i++) {
    utf16[2 * i] = good[i];
    utf16[2 * i + 1] = 0;
  }
  bad("card", "utf-16le", "BAD_CARD", utf16, 2 * good_len, "the card saved as UTF-16LE");

  /* Signatures. */
  uint8_t decoded[IDENTITY_CARD_BODY_LEN];
  size_t decoded_len = 0;
  if (sodium_base642bin(decoded, sizeof decoded, body, 172, NULL, &decoded_len, NULL,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    die("base64");
  uint8_t changed[IDENTITY_CARD_BODY_LEN];
  static const struct {
    const char *name;
    size_t offset;
    uint8_t mask;
    const char *description;
  } flips[] = {
      {"signature-bit", 64, 0x01, "a bit of the signature flipped"},
      {"signature-s-high-bit", 127, 0x80, "the signature's s made non-canonical (top bit)"},
      {"x25519-bit", 5, 0x10, "a bit of the X25519 key flipped after signing"},
      {"ed25519-bit", 40, 0x02, "a bit of the Ed25519 key flipped after signing"},
  };
  for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
    memcpy(changed, decoded, sizeof changed);
    changed[flips[i].offset] ^= flips[i].mask;
    sodium_bin2base64(b64, sizeof b64, changed, sizeof changed, sodium_base64_VARIANT_ORIGINAL);
    card_printf(flips[i].name, flips[i].description, "%s\n%s\n", magic, b64);
  }
  memcpy(changed, decoded, sizeof changed);
  memset(changed + 64, 0, 64);
  sodium_bin2base64(b64, sizeof b64, changed, sizeof changed, sodium_base64_VARIANT_ORIGINAL);
  card_printf("signature-zero", "an all-zero signature", "%s\n%s\n", magic, b64);
  memcpy(changed, decoded, sizeof changed);
  memcpy(changed, decoded + 32, 32);
  memcpy(changed + 32, decoded, 32);
  sodium_bin2base64(b64, sizeof b64, changed, sizeof changed, sodium_base64_VARIANT_ORIGINAL);
  card_printf("keys-swapped", "X25519 and Ed25519 keys swapped", "%s\n%s\n", magic, b64);
  uint8_t other_pk[32], other_sk[64];
  randombytes_buf(seed_bytes, sizeof seed_bytes);
  crypto_sign_seed_keypair(other_pk, other_sk, seed_bytes);
  char *forged = card(x_pk, sign_pk, other_sk);
  card_text("signature-other-key", forged, "signed by another key than the one it names");
  free(forged);

  /* X25519 keys of small order, each signed properly. */
  uint8_t key[32] = {0};
  low_order_x25519("x25519-zero", key, "X25519 key 0");
  key[0] = 1;
  low_order_x25519("x25519-one", key, "X25519 key 1");
  key[31] = 0x80;
  low_order_x25519("x25519-one-high-bit", key, "X25519 key 1 with the ignored top bit set");
  memset(key, 0, 32);
  key[31] = 0x80;
  low_order_x25519("x25519-zero-high-bit", key, "X25519 key 0 with the ignored top bit set");
  memset(key, 0xff, 32);
  key[31] = 0x7f;
  key[0] = 0xec;
  low_order_x25519("x25519-p-minus-1", key, "X25519 key p - 1 (order 2)");
  key[0] = 0xed;
  low_order_x25519("x25519-p", key, "X25519 key p: 0, not reduced");
  key[0] = 0xee;
  low_order_x25519("x25519-p-plus-1", key, "X25519 key p + 1: 1, not reduced");
  static const uint8_t order8_a[32] = {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae,
                                       0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
                                       0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd,
                                       0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00};
  static const uint8_t order8_b[32] = {0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24,
                                       0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef, 0x5b,
                                       0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86,
                                       0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57};
  low_order_x25519("x25519-order-8-a", order8_a, "an X25519 key of order 8");
  low_order_x25519("x25519-order-8-b", order8_b, "the other X25519 key of order 8");
  memcpy(key, order8_a, 32);
  key[31] |= 0x80;
  low_order_x25519("x25519-order-8-high-bit", key, "order 8, with the ignored top bit set");

  /* Ed25519 keys that are not canonical points of large order. */
  memset(key, 0, 32);
  key[0] = 1;
  bad_ed25519("ed25519-identity", key, "the Ed25519 identity point (order 1)");
  memset(key, 0, 32);
  bad_ed25519("ed25519-y-0", key, "y = 0, a point of order 4");
  memset(key, 0xff, 32);
  key[0] = 0xec;
  key[31] = 0x7f;
  bad_ed25519("ed25519-y-minus-1", key, "y = -1, the point of order 2");
  key[0] = 0xee;
  bad_ed25519("ed25519-y-p-plus-1", key, "y = p + 1: the identity, not reduced");
  memset(key, 0, 32);
  key[0] = 2;
  bad_ed25519("ed25519-not-on-curve", key, "y = 2: no x exists, not a point");
  free(good);
}

/* ---- Bundles ---------------------------------------------------------------------- */

#define BUNDLE_SIZE (BUNDLE_HEADER_LEN + 2 * BUNDLE_SEALED_LEN + BUNDLE_FINAL_LEN)

static uint8_t reader_pk[32], signer_pk[32], signer_sk[64];
static uint8_t body[3 * BUNDLE_CHUNK_LEN];
static size_t body_len;
static record_buf rb;
static bundle_sender sender;
static sync_vv vvs[8];

static void body_add(const void *p, size_t n) {
  if (body_len + n > sizeof body)
    die("bundle body too long");
  memcpy(body + body_len, p, n);
  body_len += n;
}

/* Moves the record just put into `rb` to the body. */
static void body_record(void) {
  if (rb.failed)
    die("record_put");
  body_add(rb.data, rb.len);
  record_buf_reset(&rb);
}

static void body_start(void) {
  body_len = 0;
  record_put_sender(&rb, &sender);
  body_record();
}

static void body_end(void) {
  record_put_end(&rb);
  body_record();
}

/* A record of `type` whose body is `len` bytes of `fill` (a length the reader sees). */
static void body_raw_record(uint8_t type, uint32_t len, const void *data, size_t data_len) {
  uint8_t head[5] = {type};
  le32_store(head + 1, len);
  body_add(head, sizeof head);
  if (data_len > 0)
    body_add(data, data_len);
}

static void contact_record(uint8_t n) {
  sync_contact_state c;
  bundle_image_contact(&c, &vvs[n % 8], n);
  record_put_contact(&rb, &c, 0);
  body_record();
}

static void doc_record(uint8_t n, int kind, const void *content, size_t len) {
  sync_doc_state d;
  bundle_image_document(&d, &vvs[n % 8], n, kind, len);
  record_put_document(&rb, &d, 1);
  body_record();
  body_add(content, len);
}

static void tombstone_record(uint8_t n) {
  sync_tombstone t;
  bundle_image_tombstone(&t, &vvs[n % 8], n);
  record_put_tombstone(&rb, &t);
  body_record();
}

/* The body as a signed bundle for the reader, with its MANIFEST line. */
static void bundle_body(const char *name, const char *expected, const char *description) {
  size_t len = 0;
  uint8_t *file =
      bundle_image_write(body, body_len, (const uint8_t(*)[32])reader_pk, 1, signer_sk, &len);
  bad("bundle", name, expected, file, len, description);
  free(file);
}

/* The valid bundle with one byte changed. */
static const uint8_t *good_bundle;
static void bundle_flip(const char *name, const char *expected, size_t offset, uint8_t mask,
                        const char *description) {
  uint8_t *b = malloc(BUNDLE_SIZE);
  if (b == NULL)
    die("out of memory");
  memcpy(b, good_bundle, BUNDLE_SIZE);
  b[offset] ^= mask;
  bad("bundle", name, expected, b, BUNDLE_SIZE, description);
  free(b);
}

/* Which slot opens for the reader: found here from the layout, not with the core. */
static unsigned reader_slot(const uint8_t *b) {
  static const char domain[] = "AMANAT BUNDLE 1 SLOT";
  uint8_t shared[32], key[32], file_key[32];
  if (crypto_scalarmult(shared, malformed_bundle_sk, b + 2) != 0)
    die("scalarmult");
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, 32);
  crypto_generichash_update(&st, (const uint8_t *)domain, sizeof domain - 1);
  crypto_generichash_update(&st, shared, 32);
  crypto_generichash_update(&st, b + 2, 32);
  crypto_generichash_update(&st, reader_pk, 32);
  crypto_generichash_final(&st, key, 32);
  for (unsigned slot = 0; slot < BUNDLE_SLOTS; slot++) {
    uint8_t nonce[24] = {(uint8_t)slot};
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(file_key, NULL, NULL,
                                                   b + 34 + slot * BUNDLE_SLOT_LEN,
                                                   BUNDLE_SLOT_LEN, b, 34, nonce, key) == 0)
      return slot;
  }
  die("no slot opens for the reader");
  return 0;
}

static void bundle_files(void) {
  crypto_scalarmult_base(reader_pk, malformed_bundle_sk);
  crypto_sign_seed_keypair(signer_pk, signer_sk, malformed_bundle_sign_seed);
  randombytes_buf(sender.x25519, 32);
  memcpy(sender.ed25519, signer_pk, 32);
  sender.number = 7;
  sender.flags = BUNDLE_FLAG_OMIT_SENSITIVE;
  uint8_t content[500], other_sk[32], others[3][32];
  randombytes_buf(content, sizeof content);
  static const char note[] = "Call back on Monday.";

  /* The valid bundle the byte-level cases are made from: every kind of record. */
  body_start();
  contact_record(1);
  doc_record(2, AMANAT_DOC_FILE, content, sizeof content);
  doc_record(3, AMANAT_DOC_NOTE, note, sizeof note - 1);
  tombstone_record(4);
  body_end();
  size_t good_len = 0;
  uint8_t *good =
      bundle_image_write(body, body_len, (const uint8_t(*)[32])reader_pk, 1, signer_sk, &good_len);
  if (good_len != BUNDLE_SIZE) {
    fprintf(stderr, "gen-malformed: bundle of %zu bytes, body %zu\n", good_len, body_len);
    die("bundle size");
  }
  good_bundle = good;
  bad("bundle", "valid", "OK", good, good_len,
      "control: a contact, a file and a note with their content, a deletion");
  body_start();
  body_end();
  bundle_body("valid-no-items", "OK", "control: the sender record and the end mark alone");
  for (int i = 0; i < 3; i++) {
    randombytes_buf(other_sk, 32);
    crypto_scalarmult_base(others[i], other_sk);
  }
  memcpy(others[1], reader_pk, 32);
  size_t len = 0;
  uint8_t *file = bundle_image_write(body, body_len, (const uint8_t(*)[32])others, 3, signer_sk, &len);
  bad("bundle", "valid-three-recipients", "OK", file, len,
      "control: made for three recipients, the reader second");
  free(file);
  file = bundle_image_write(body, body_len, (const uint8_t(*)[32])others + 2, 1, signer_sk, &len);
  bad("bundle", "not-for-us", "NOT_RECIPIENT", file, len, "made for another recipient only");
  free(file);

  /* Lengths. */
  const size_t last = BUNDLE_HEADER_LEN + 2 * BUNDLE_SEALED_LEN;
  bad("bundle", "empty", "BAD_BUNDLE", NULL, 0, "an empty file");
  bad("bundle", "cut-2", "BAD_BUNDLE", good, 2, "the version alone");
  bad("bundle", "cut-34", "BAD_BUNDLE", good, 34, "version and ephemeral key, no slots");
  bad("bundle", "cut-header", "BAD_BUNDLE", good, BUNDLE_HEADER_LEN, "the header alone");
  bad("bundle", "cut-in-chunk", "BAD_BUNDLE", good, BUNDLE_HEADER_LEN + 8000,
      "cut in the middle of the first body chunk");
  bad("bundle", "cut-signature", "BAD_BUNDLE", good, last,
      "the signature chunk missing: the chunk count is whole, the file too short");
  bad("bundle", "cut-1-byte", "BAD_BUNDLE", good, BUNDLE_SIZE - 1, "one byte short");
  uint8_t *b = malloc(2 * BUNDLE_SIZE);
  if (b == NULL)
    die("out of memory");
  memcpy(b, good, BUNDLE_HEADER_LEN + BUNDLE_SEALED_LEN);
  memcpy(b + BUNDLE_HEADER_LEN + BUNDLE_SEALED_LEN, good + last, BUNDLE_FINAL_LEN);
  bad("bundle", "chunk-missing", "BAD_BUNDLE", b, BUNDLE_SIZE - BUNDLE_SEALED_LEN,
      "the last body chunk removed: a whole number of chunks, one fewer");
  memcpy(b, good, BUNDLE_SIZE);
  b[BUNDLE_SIZE] = '\n';
  bad("bundle", "trailing-newline", "BAD_BUNDLE", b, BUNDLE_SIZE + 1,
      "a newline appended: the body is not a whole number of chunks");
  randombytes_buf(b + BUNDLE_SIZE, BUNDLE_SEALED_LEN);
  bad("bundle", "trailing-chunk", "BAD_BUNDLE", b, BUNDLE_SIZE + BUNDLE_SEALED_LEN,
      "a whole chunk of garbage appended: the signature chunk is then read at the wrong place");
  memcpy(b + BUNDLE_SIZE, good, BUNDLE_SIZE);
  bad("bundle", "twice", "BAD_BUNDLE", b, 2 * BUNDLE_SIZE, "the bundle written twice");

  /* Version and keys. */
  bundle_flip("version-0", "BAD_BUNDLE", 1, 0x01, "version 0");
  bundle_flip("version-2", "VERSION", 1, 0x03, "version 2: a newer Amanat's bundle");
  bundle_flip("version-255", "VERSION", 1, 0xfe, "version 255");
  bundle_flip("eph-key-bit", "NOT_RECIPIENT", 2 + 7, 0x20,
              "a bit of the ephemeral key flipped: the slot key differs");
  memcpy(b, good, BUNDLE_SIZE);
  memset(b + 2, 0, 32);
  bad("bundle", "eph-key-zero", "BAD_BUNDLE", b, BUNDLE_SIZE,
      "an all-zero ephemeral key (small order): no shared secret");
  unsigned slot = reader_slot(good);
  size_t our = 34 + slot * BUNDLE_SLOT_LEN, other = 34 + ((slot + 1) % BUNDLE_SLOTS) * BUNDLE_SLOT_LEN;
  bundle_flip("slot-bit", "NOT_RECIPIENT", our + 3, 0x01, "a bit of the reader's slot flipped");
  bundle_flip("slot-tag-bit", "NOT_RECIPIENT", our + BUNDLE_SLOT_LEN - 1, 0x80,
              "a bit of the reader's slot's tag flipped");
  bundle_flip("other-slot-bit", "BAD_BUNDLE", other + 10, 0x04,
              "a bit of an unused slot flipped: the signature covers every slot");
  memcpy(b, good, BUNDLE_SIZE);
  memcpy(b + other, good + our, BUNDLE_SLOT_LEN);
  memcpy(b + our, good + other, BUNDLE_SLOT_LEN);
  bad("bundle", "slot-moved", "NOT_RECIPIENT", b, BUNDLE_SIZE,
      "the reader's slot swapped with the next one (the index is in its nonce)");
  memcpy(b, good, BUNDLE_SIZE);
  randombytes_buf(b + 34, BUNDLE_SLOTS * BUNDLE_SLOT_LEN);
  bad("bundle", "slots-random", "NOT_RECIPIENT", b, BUNDLE_SIZE, "every slot random");

  /* Chunks and the signature. */
  bundle_flip("chunk-0-bit", "BAD_BUNDLE", BUNDLE_HEADER_LEN + 100, 0x01,
              "a bit of the first body chunk flipped");
  bundle_flip("chunk-0-tag-bit", "BAD_BUNDLE", BUNDLE_HEADER_LEN + BUNDLE_SEALED_LEN - 1, 0x01,
              "a bit of the first body chunk's tag flipped");
  bundle_flip("chunk-1-bit", "BAD_BUNDLE", BUNDLE_HEADER_LEN + BUNDLE_SEALED_LEN + BUNDLE_CHUNK_LEN / 2, 0x10,
              "a bit of the padding chunk flipped");
  memcpy(b, good, BUNDLE_SIZE);
  memcpy(b + BUNDLE_HEADER_LEN, good + BUNDLE_HEADER_LEN + BUNDLE_SEALED_LEN, BUNDLE_SEALED_LEN);
  memcpy(b + BUNDLE_HEADER_LEN + BUNDLE_SEALED_LEN, good + BUNDLE_HEADER_LEN, BUNDLE_SEALED_LEN);
  bad("bundle", "chunks-swapped", "BAD_BUNDLE", b, BUNDLE_SIZE, "the two body chunks swapped");
  bundle_flip("signature-chunk-bit", "BAD_BUNDLE", last + 20, 0x02,
              "a bit of the sealed signature flipped");
  bundle_flip("signature-chunk-tag-bit", "BAD_BUNDLE", BUNDLE_SIZE - 1, 0x40,
              "a bit of the signature chunk's tag flipped");
  memcpy(b, good, BUNDLE_SIZE);
  memcpy(b + last, good + BUNDLE_HEADER_LEN, BUNDLE_FINAL_LEN);
  bad("bundle", "signature-chunk-replaced", "BAD_BUNDLE", b, BUNDLE_SIZE,
      "the signature chunk replaced by the start of a body chunk");
  free(b);
  body_start();
  contact_record(1);
  body_end();
  uint8_t evil_pk[32], evil_sk[64], seed[32];
  randombytes_buf(seed, sizeof seed);
  crypto_sign_seed_keypair(evil_pk, evil_sk, seed);
  file = bundle_image_write(body, body_len, (const uint8_t(*)[32])reader_pk, 1, evil_sk, &len);
  bad("bundle", "signature-other-key", "BAD_BUNDLE", file, len,
      "signed by another key than the sender record names");
  free(file);
  bundle_sender forged = sender;
  memcpy(forged.ed25519, evil_pk, 32);
  body_len = 0;
  record_put_sender(&rb, &forged);
  body_record();
  contact_record(1);
  body_end();
  bundle_body("sender-names-other-key", "BAD_BUNDLE",
              "the sender record names another key than the one that signed");

  /* Records behind a valid signature. */
  body_len = 0;
  contact_record(1);
  body_end();
  bundle_body("sender-missing", "BAD_BUNDLE", "the first record is a contact, not the sender");
  uint8_t raw[80];
  memcpy(raw, sender.x25519, 32);
  memcpy(raw + 32, signer_pk, 32);
  memset(raw + 64, 0, sizeof raw - 64);
  body_len = 0;
  body_raw_record(RECORD_SENDER, 77, raw, 77);
  body_end();
  bundle_body("sender-trailing-byte", "BAD_BUNDLE", "a sender record one byte too long");
  body_len = 0;
  body_raw_record(RECORD_SENDER, 64, raw, 64);
  body_end();
  bundle_body("sender-short", "BAD_BUNDLE", "a sender record without its number and flags");
  bundle_sender odd = sender;
  odd.flags = 8;
  body_len = 0;
  record_put_sender(&rb, &odd);
  body_record();
  body_end();
  bundle_body("sender-unknown-flag", "BAD_BUNDLE", "a sender flag this version does not know");
  body_start();
  contact_record(1);
  record_put_sender(&rb, &sender);
  body_record();
  body_end();
  bundle_body("sender-twice", "BAD_BUNDLE", "a second sender record after a contact");

  body_start();
  doc_record(2, AMANAT_DOC_NOTE, note, sizeof note - 1);
  contact_record(1);
  body_end();
  bundle_body("order-contact-after-document", "BAD_BUNDLE", "a contact after a document");
  body_start();
  tombstone_record(4);
  doc_record(2, AMANAT_DOC_NOTE, note, sizeof note - 1);
  body_end();
  bundle_body("order-document-after-tombstone", "BAD_BUNDLE", "a document after a deletion");
  body_start();
  contact_record(1);
  contact_record(1);
  body_end();
  bundle_body("duplicate-contact", "BAD_BUNDLE", "one contact uid twice");
  body_start();
  doc_record(2, AMANAT_DOC_NOTE, note, sizeof note - 1);
  tombstone_record(2);
  body_end();
  bundle_body("duplicate-document-tombstone", "BAD_BUNDLE",
              "a document and a deletion of the same uid");
  body_start();
  body_raw_record(5, 4, "abcd", 4);
  body_end();
  bundle_body("record-type-5", "BAD_BUNDLE", "a record type this version does not know");
  body_start();
  body_raw_record(RECORD_CONTACT, RECORD_BODY_MAX + 1, NULL, 0);
  body_end();
  bundle_body("record-length-over-limit", "BAD_BUNDLE",
              "a record whose length is 1 byte over the 8 MiB limit");
  body_start();
  body_raw_record(RECORD_CONTACT, 1u << 20, NULL, 0);
  body_end();
  bundle_body("record-length-past-end", "BAD_BUNDLE",
              "a record of 1 MiB (under the limit) that runs past the body");
  body_start();
  sync_doc_state d;
  bundle_image_document(&d, &vvs[2], 2, AMANAT_DOC_FILE, 1u << 30);
  record_put_document(&rb, &d, 1);
  body_record();
  body_add(content, sizeof content);
  body_end();
  bundle_body("content-past-end", "BAD_BUNDLE", "a document whose 1 GiB content runs past the body");
  body_start();
  contact_record(1);
  body_end();
  body_add("\1", 1);
  bundle_body("padding-nonzero", "BAD_BUNDLE", "a non-zero byte right after the end mark");
  body_start();
  contact_record(1);
  body_end();
  static uint8_t later[2 * BUNDLE_CHUNK_LEN];
  later[sizeof later - 1] = 0x80;
  body_add(later + body_len, sizeof later - body_len);
  bundle_body("padding-nonzero-later-chunk", "BAD_BUNDLE",
              "a non-zero byte at the end of the second body chunk, after the end mark");

  /* Fields, each in one record of an otherwise valid bundle. */
  struct {
    const char *name, *title, *tag0, *tag1, *description;
    int kind, has_content, conflict;
    uint64_t size;
  } docs[] = {
      {"title-invalid-utf8", "R\xc3\xa9sum\xc3", NULL, NULL, "a title cut inside a UTF-8 sequence",
       1, 0, 0, 0},
      {"title-overlong-utf8", "a\xc0\xaf", NULL, NULL, "a title with an overlong UTF-8 '/'", 1, 0,
       0, 0},
      {"title-surrogate", "\xed\xa0\x80", NULL, NULL, "a title with a UTF-16 surrogate in UTF-8",
       1, 0, 0, 0},
      {"title-control-char", "line\none", NULL, NULL, "a line break in a title", 1, 0, 0, 0},
      {"tags-unsorted", NULL, "zebra", "apple", "tags out of order", 1, 0, 0, 0},
      {"tags-duplicate", NULL, "apple", "apple", "one tag twice", 1, 0, 0, 0},
      {"tag-empty", NULL, "", "apple", "an empty tag", 1, 0, 0, 0},
      {"document-kind-2", NULL, NULL, NULL, "document kind 2", 2, 0, 0, 0},
      {"document-has-content-2", NULL, NULL, NULL, "the has-content byte 2", 1, 2, 0, 0},
      {"document-conflict-flag-2", NULL, NULL, NULL, "the conflict-origin flag 2", 1, 0, 2, 0},
      {"document-size-over-int64", NULL, NULL, NULL, "a size of 2^63 bytes", 1, 0, 0,
       1ull << 63},
  };
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
    body_start();
    bundle_image_document(&d, &vvs[2], 2, docs[i].kind, docs[i].size);
    if (docs[i].title != NULL)
      d.title = docs[i].title;
    const char *tags[2] = {docs[i].tag0, docs[i].tag1};
    if (docs[i].tag0 != NULL) {
      d.tags = tags;
      d.tag_count = 2;
    }
    d.has_conflict_of = docs[i].conflict;
    record_put_document(&rb, &d, docs[i].has_content);
    body_record();
    body_end();
    bundle_body(docs[i].name, "BAD_BUNDLE", docs[i].description);
  }
  body_start();
  bundle_image_document(&d, &vvs[2], 2, AMANAT_DOC_FILE, 0);
  uint8_t links[2][16];
  memset(links[0], 0x99, 16);
  memset(links[1], 0x98, 16);
  d.links = links;
  d.link_count = 2;
  record_put_document(&rb, &d, 0);
  body_record();
  body_end();
  bundle_body("links-unsorted", "BAD_BUNDLE", "a document's contact links out of order");

  /* Versions: the vector's one encoding, and a clock. */
  struct {
    const char *name, *description;
    int how;
  } versions[] = {
      {"version-vector-unsorted", "version vector entries out of origin order", 0},
      {"version-vector-repeated", "one origin twice in a version vector", 1},
      {"version-vector-zero-counter", "a version vector entry with counter 0", 2},
      {"version-vector-empty", "an empty version vector", 3},
      {"version-clock-zero", "Lamport clock 0", 4},
  };
  for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
    body_start();
    sync_tombstone t;
    bundle_image_tombstone(&t, &vvs[4], 4);
    sync_vv *vv = &vvs[4];
    vv->count = 2;
    memset(vv->origin[1], 0x10, SYNC_ORIGIN_LEN); /* before origin[0]: unsorted */
    vv->counter[1] = 1;
    if (versions[i].how == 1)
      memcpy(vv->origin[1], vv->origin[0], SYNC_ORIGIN_LEN);
    if (versions[i].how >= 2) {
      memset(vv->origin[1], 0x7f, SYNC_ORIGIN_LEN);
      vv->counter[1] = versions[i].how == 2 ? 0 : 1;
    }
    if (versions[i].how == 3)
      vv->count = 0;
    if (versions[i].how == 4)
      t.version.clock = 0;
    record_put_tombstone(&rb, &t);
    body_record();
    body_end();
    bundle_body(versions[i].name, "BAD_BUNDLE", versions[i].description);
  }
  body_start();
  sync_tombstone t;
  bundle_image_tombstone(&t, &vvs[4], 4);
  t.kind = 3;
  record_put_tombstone(&rb, &t);
  body_record();
  body_end();
  bundle_body("tombstone-kind-3", "BAD_BUNDLE", "a deletion of item kind 3");

  /* Contacts' fields. */
  static sync_field withheld[] = {{"Phone", "+961 1 234 567", 1, 0}};
  static sync_field twice[] = {{"Phone", "1", 0, 0}, {"Phone", "2", 0, 0}};
  sync_contact_state c;
  body_start();
  bundle_image_contact(&c, &vvs[1], 1);
  c.fields = withheld;
  c.field_count = 1;
  record_put_contact(&rb, &c, 0); /* the encoder drops a withheld value: set the flag after */
  uint8_t *flag = memmem(rb.data, rb.len, withheld[0].value, strlen(withheld[0].value));
  if (flag == NULL || flag[strlen(withheld[0].value)] != 1)
    die("field flags");
  flag[strlen(withheld[0].value)] = 3;
  body_record();
  body_end();
  bundle_body("field-withheld-with-value", "BAD_BUNDLE",
              "a field marked withheld that carries a value");
  body_start();
  c.fields = twice;
  c.field_count = 2;
  record_put_contact(&rb, &c, 0);
  body_record();
  body_end();
  bundle_body("field-label-twice", "BAD_BUNDLE", "two fields with one label");
  body_start();
  bundle_image_contact(&c, &vvs[1], 1);
  c.name = "";
  record_put_contact(&rb, &c, 0);
  body_record();
  body_end();
  bundle_body("contact-name-empty", "BAD_BUNDLE", "a contact without a name");

  record_buf_free(&rb);
  free(good);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: gen-malformed OUTDIR\n");
    return 2;
  }
  out_dir = argv[1];
  make_dir(out_dir);
  fixed_random_install("amanat malformed inputs v1");
  if (amanat_init() != AMANAT_OK)
    die("amanat_init");
  char path[4096];
  snprintf(path, sizeof path, "%s/MANIFEST", out_dir);
  manifest = fopen(path, "w");
  if (manifest == NULL)
    die(path);
  fprintf(manifest,
          "# Malformed inputs and the error each must give. Written by\n"
          "# tests/vectors/gen-malformed.c, checked by tests/vectors/test-malformed.c.\n"
          "#\n"
          "# Each line: FILE EXPECTED DESCRIPTION. FILE is KIND/NAME; EXPECTED is an\n"
          "# amanat_err name without AMANAT_E_. How each kind is read:\n"
          "#   header/  as vault.hdr of a vault folder: amanat_vault_read_info, then\n"
          "#            amanat_vault_open with the password \"%s\"\n"
          "#            (its valid slot is slot 0; cost %u pass, %u MiB)\n"
          "#   chunk/   as a record opened as chunk 0, the final one, of the document whose\n"
          "#            key and uid are in tests/vectors/malformed.h\n"
          "#   pack/    as a pack file whose record at offset 0 is %u bytes long, read and\n"
          "#            opened as a chunk/ record\n"
          "#   card/    as an identity card: identity_card_parse, then amanat_peer_add\n"
          "#   bundle/  as a sync bundle: bundle_reader_open as the recipient whose X25519\n"
          "#            secret key is in tests/vectors/malformed.h, then sync_bundle_walk\n",
          MALFORMED_PASSWORD, MALFORMED_OPS, MALFORMED_MEM >> 20, MALFORMED_PACK_RECORD_LEN);
  header_files();
  chunk_files();
  card_files();
  bundle_files();
  if (fclose(manifest) != 0)
    die("MANIFEST");
  fprintf(stderr, "gen-malformed: %u files\n", written);
  return 0;
}
