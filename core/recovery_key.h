/* SPDX-License-Identifier: GPL-3.0-or-later */
/* recovery_key.h: an organisation's recovery key (FORMAT.md §Recovery keys): an X25519 key
 * pair whose private part is sealed with a passphrase, and whose public part is a card. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "amanat.h"

#define RECOVERY_CARD_MAGIC   "AMANAT RECOVERY 1"
#define RECOVERY_SECRET_MAGIC "AMANAT RECOVERY SECRET 1"
#define RECOVERY_CARD_LABEL   "amanat recovery card v1"
#define RECOVERY_CODE_LABEL   "amanat recovery code v1"

/* Reads and checks a public card: canonical base64, checksum, not of small order. */
AMANAT_MUST_CHECK int recovery_card_read(const char *path, uint8_t public_key[32]);

/* Opens a private key file with its passphrase: `secret` (32 bytes, sodium memory) and the
 * matching public key. AMANAT_E_WRONG_PASSWORD when the passphrase does not open it. */
AMANAT_MUST_CHECK int recovery_secret_open(const char *path, const char *passphrase, size_t len,
                                           uint8_t *secret, uint8_t public_key[32]);

/* Six groups of five digits from BLAKE2b-256(label || public key). */
void recovery_code(const uint8_t public_key[32], char code[AMANAT_RECOVERY_CODE_LEN + 1]);

/* 1 when the X25519 public key is usable: its product with a random scalar is not zero. */
int recovery_x25519_acceptable(const uint8_t public_key[32]);
