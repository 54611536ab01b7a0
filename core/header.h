/* SPDX-License-Identifier: GPL-3.0-or-later */
/* header.h: the header file's plaintext prefix: encode, and parse with every check. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "amanat.h"
#include "format.h"

typedef struct header_prefix {
  uint16_t version;
  amanat_kdf_cost cost;
  uint8_t salt[AMANAT_SALT_LEN];
} header_prefix;

/* Writes the 64-byte prefix, checksum included. */
void header_prefix_encode(const header_prefix *prefix, uint8_t out[AMANAT_PREFIX_LEN]);

/* Parses a whole header file of `file_len` bytes (buf holds min(file_len, buf_len)).
 * Checks, in this order: magic, version, length, checksum, fields, KDF limits. */
AMANAT_MUST_CHECK int header_prefix_parse(const uint8_t *buf, size_t file_len,
                                          header_prefix *prefix);
