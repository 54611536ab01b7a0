/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kdf.h: password -> master key (Argon2id) and the keys derived from it. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "amanat.h"
#include "format.h"

/* One Argon2id run. `password` is already NFC (password_normalize). */
AMANAT_MUST_CHECK int kdf_master_key(const uint8_t *password, size_t len,
                                     const uint8_t salt[AMANAT_SALT_LEN], amanat_kdf_cost cost,
                                     uint8_t master[AMANAT_MASTER_KEY_LEN]);

/* The key of keyslot `index`: BLAKE2b-256 keyed with the master key over the label, the
 * index and the second factor's secret (32 zero bytes when there is none). */
void kdf_slot_key(const uint8_t master[AMANAT_MASTER_KEY_LEN], unsigned index,
                  const uint8_t *second_factor, uint8_t slot_key[AMANAT_SLOT_KEY_LEN]);

/* The SQLCipher key of a space, from the space key. */
void kdf_space_db_key(const uint8_t space_key[AMANAT_SPACE_KEY_LEN], uint8_t db_key[32]);
