/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kdf.c: KDF profiles and limits, the Argon2id run and subkey derivation. */
#include "kdf.h"

#include <sodium.h>
#include <string.h>

#include "bytes.h"

amanat_kdf_cost amanat_kdf_cost_for(amanat_kdf_profile profile) {
  switch (profile) {
  case AMANAT_KDF_INTERACTIVE:
    return (amanat_kdf_cost){crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE};
  case AMANAT_KDF_SENSITIVE:
    return (amanat_kdf_cost){crypto_pwhash_OPSLIMIT_SENSITIVE, crypto_pwhash_MEMLIMIT_SENSITIVE};
  case AMANAT_KDF_MODERATE:
  default:
    return (amanat_kdf_cost){crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
  }
}

int amanat_kdf_cost_check(amanat_kdf_cost cost) {
  if (cost.opslimit < AMANAT_KDF_OPS_MIN || cost.opslimit > AMANAT_KDF_OPS_MAX)
    return AMANAT_E_KDF_LIMITS;
  if (cost.memlimit < AMANAT_KDF_MEM_MIN || cost.memlimit > AMANAT_KDF_MEM_MAX)
    return AMANAT_E_KDF_LIMITS;
  if (cost.memlimit % 1024 != 0) /* Argon2 counts memory in KiB */
    return AMANAT_E_KDF_LIMITS;
  return AMANAT_OK;
}

int kdf_master_key(const uint8_t *password, size_t len, const uint8_t salt[AMANAT_SALT_LEN],
                   amanat_kdf_cost cost, uint8_t master[AMANAT_MASTER_KEY_LEN]) {
  int rc = amanat_kdf_cost_check(cost);
  if (rc != AMANAT_OK)
    return rc;
  if (crypto_pwhash(master, AMANAT_MASTER_KEY_LEN, (const char *)password, len, salt, cost.opslimit,
                    (size_t)cost.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return AMANAT_E_NOMEM; /* Argon2 fails only when it cannot get its memory */
  return AMANAT_OK;
}

void kdf_slot_key(const uint8_t master[AMANAT_MASTER_KEY_LEN], unsigned index,
                  const uint8_t *second_factor, uint8_t slot_key[AMANAT_SLOT_KEY_LEN]) {
  static const uint8_t no_factor[AMANAT_SECOND_FACTOR_LEN];
  uint8_t index_byte = (uint8_t)index;
  crypto_generichash_state state;
  crypto_generichash_init(&state, master, AMANAT_MASTER_KEY_LEN, AMANAT_SLOT_KEY_LEN);
  crypto_generichash_update(&state, (const uint8_t *)AMANAT_SLOT_KEY_LABEL,
                            strlen(AMANAT_SLOT_KEY_LABEL));
  crypto_generichash_update(&state, &index_byte, 1);
  crypto_generichash_update(&state, second_factor != NULL ? second_factor : no_factor,
                            AMANAT_SECOND_FACTOR_LEN);
  crypto_generichash_final(&state, slot_key, AMANAT_SLOT_KEY_LEN);
  sodium_memzero(&state, sizeof state);
}

void kdf_space_db_key(const uint8_t space_key[AMANAT_SPACE_KEY_LEN], uint8_t db_key[32]) {
  crypto_kdf_derive_from_key(db_key, 32, AMANAT_KDF_ID_DB, AMANAT_KDF_CONTEXT_DB, space_key);
}
