/* SPDX-License-Identifier: GPL-3.0-or-later */
/* header.c: the plaintext prefix of vault.hdr (FORMAT.md §Header). */
#include "header.h"

#include <sodium.h>
#include <string.h>

#include "bytes.h"

static void prefix_checksum(const uint8_t *prefix, uint8_t out[AMANAT_CHECKSUM_LEN]) {
  crypto_generichash(out, AMANAT_CHECKSUM_LEN, prefix, AMANAT_PREFIX_CHECKED_LEN, NULL, 0);
}

void header_prefix_encode(const header_prefix *prefix, uint8_t out[AMANAT_PREFIX_LEN]) {
  memset(out, 0, AMANAT_PREFIX_LEN);
  memcpy(out + AMANAT_PREFIX_OFF_MAGIC, AMANAT_MAGIC, AMANAT_MAGIC_LEN);
  le16_store(out + AMANAT_PREFIX_OFF_VERSION, prefix->version);
  out[AMANAT_PREFIX_OFF_KDF_ALG] = AMANAT_KDF_ARGON2ID13;
  out[AMANAT_PREFIX_OFF_SLOT_COUNT] = AMANAT_SLOT_COUNT;
  le32_store(out + AMANAT_PREFIX_OFF_OPSLIMIT, prefix->cost.opslimit);
  le64_store(out + AMANAT_PREFIX_OFF_MEMLIMIT, prefix->cost.memlimit);
  memcpy(out + AMANAT_PREFIX_OFF_SALT, prefix->salt, AMANAT_SALT_LEN);
  prefix_checksum(out, out + AMANAT_PREFIX_OFF_CHECKSUM);
}

int header_prefix_parse(const uint8_t *buf, size_t file_len, header_prefix *prefix) {
  /* A file shorter than the magic is judged on the bytes it has: an empty or cut header
   * is "truncated", anything else "not a vault". */
  size_t magic_have = file_len < AMANAT_MAGIC_LEN ? file_len : AMANAT_MAGIC_LEN;
  if (memcmp(buf, AMANAT_MAGIC, magic_have) != 0)
    return AMANAT_E_NOT_A_VAULT;
  if (file_len < AMANAT_PREFIX_OFF_VERSION + 2)
    return AMANAT_E_HEADER_TRUNCATED;

  /* The version comes before the checksum: a newer format may lay out the rest anew. */
  uint16_t version = le16_load(buf + AMANAT_PREFIX_OFF_VERSION);
  if (version > AMANAT_FORMAT_VERSION)
    return AMANAT_E_VERSION;
  if (file_len > AMANAT_PREFIX_OFF_KDF_ALG && buf[AMANAT_PREFIX_OFF_KDF_ALG] == AMANAT_KDF_WIPED)
    return AMANAT_E_WIPED;
  if (file_len < AMANAT_HEADER_LEN)
    return AMANAT_E_HEADER_TRUNCATED;
  if (file_len > AMANAT_HEADER_LEN)
    return AMANAT_E_HEADER_DAMAGED; /* trailing data */

  uint8_t checksum[AMANAT_CHECKSUM_LEN];
  prefix_checksum(buf, checksum);
  if (sodium_memcmp(checksum, buf + AMANAT_PREFIX_OFF_CHECKSUM, AMANAT_CHECKSUM_LEN) != 0)
    return AMANAT_E_HEADER_DAMAGED;
  if (version == 0 || buf[AMANAT_PREFIX_OFF_KDF_ALG] != AMANAT_KDF_ARGON2ID13 ||
      buf[AMANAT_PREFIX_OFF_SLOT_COUNT] != AMANAT_SLOT_COUNT ||
      !sodium_is_zero(buf + AMANAT_PREFIX_OFF_RESERVED, 8))
    return AMANAT_E_HEADER_DAMAGED;

  prefix->version = version;
  prefix->cost.opslimit = le32_load(buf + AMANAT_PREFIX_OFF_OPSLIMIT);
  prefix->cost.memlimit = le64_load(buf + AMANAT_PREFIX_OFF_MEMLIMIT);
  memcpy(prefix->salt, buf + AMANAT_PREFIX_OFF_SALT, AMANAT_SALT_LEN);
  return amanat_kdf_cost_check(prefix->cost);
}
