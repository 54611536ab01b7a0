/* SPDX-License-Identifier: GPL-3.0-or-later */
/* keyslot.c: keyslot payload encoding and XChaCha20-Poly1305 sealing (FORMAT.md §Keyslots). */
#include "keyslot.h"

#include <sodium.h>
#include <string.h>

#include "bytes.h"
#include "io.h"
#include "secret.h"

keyslot_payload *keyslot_payload_new(void) {
  keyslot_payload *payload = io_secure_alloc(sizeof *payload);
  if (payload != NULL)
    sodium_memzero(payload, sizeof *payload);
  return payload;
}

static void duress_tag(const uint8_t group_key[AMANAT_SPACE_KEY_LEN], unsigned index,
                       const uint8_t *nonce_start, uint8_t tag[AMANAT_DURESS_TAG_LEN]) {
  uint8_t index_byte = (uint8_t)index, digest[crypto_generichash_BYTES_MIN];
  crypto_generichash_state state;
  crypto_generichash_init(&state, group_key, AMANAT_SPACE_KEY_LEN, sizeof digest);
  crypto_generichash_update(&state, (const uint8_t *)AMANAT_DURESS_TAG_LABEL,
                            strlen(AMANAT_DURESS_TAG_LABEL));
  crypto_generichash_update(&state, &index_byte, 1);
  crypto_generichash_update(&state, nonce_start, AMANAT_SLOT_NONCE_LEN - AMANAT_DURESS_TAG_LEN);
  crypto_generichash_final(&state, digest, sizeof digest);
  memcpy(tag, digest, AMANAT_DURESS_TAG_LEN);
}

int keyslot_has_duress_tag(const uint8_t group_key[AMANAT_SPACE_KEY_LEN], unsigned index,
                           const uint8_t slot[AMANAT_SLOT_LEN]) {
  if (sodium_is_zero(group_key, AMANAT_SPACE_KEY_LEN))
    return 0;
  uint8_t tag[AMANAT_DURESS_TAG_LEN];
  duress_tag(group_key, index, slot, tag);
  return sodium_memcmp(tag, slot + AMANAT_SLOT_NONCE_LEN - AMANAT_DURESS_TAG_LEN,
                       AMANAT_DURESS_TAG_LEN) == 0;
}

static void slot_ad(const uint8_t prefix[AMANAT_PREFIX_LEN], unsigned index,
                    uint8_t ad[AMANAT_PREFIX_LEN + 1]) {
  memcpy(ad, prefix, AMANAT_PREFIX_LEN);
  ad[AMANAT_PREFIX_LEN] = (uint8_t)index;
}

int keyslot_seal(const uint8_t slot_key[AMANAT_SLOT_KEY_LEN],
                 const uint8_t prefix[AMANAT_PREFIX_LEN], unsigned index,
                 const keyslot_payload *payload, uint8_t out[AMANAT_SLOT_LEN]) {
  uint8_t *plain = io_secure_alloc(AMANAT_SLOT_PAYLOAD_LEN);
  if (plain == NULL)
    return AMANAT_E_NOMEM;
  sodium_memzero(plain, AMANAT_SLOT_PAYLOAD_LEN);
  plain[AMANAT_PAYLOAD_OFF_VERSION] = AMANAT_PAYLOAD_VERSION;
  plain[AMANAT_PAYLOAD_OFF_ROLE] = payload->role;
  plain[AMANAT_PAYLOAD_OFF_SPACE] = payload->space;
  plain[AMANAT_PAYLOAD_OFF_FLAGS] = payload->flags;
  le16_store(plain + AMANAT_PAYLOAD_OFF_LIVE_MASK, payload->live_mask);
  le16_store(plain + AMANAT_PAYLOAD_OFF_SCRUB_MASK, payload->scrub_mask);
  memcpy(plain + AMANAT_PAYLOAD_OFF_PRIMARY_KEY, payload->primary_key, AMANAT_SPACE_KEY_LEN);
  memcpy(plain + AMANAT_PAYLOAD_OFF_SECONDARY_KEY, payload->secondary_key, AMANAT_SPACE_KEY_LEN);
  memcpy(plain + AMANAT_PAYLOAD_OFF_STANDBY_KEY, payload->standby_key, AMANAT_SPACE_KEY_LEN);
  le16_store(plain + AMANAT_PAYLOAD_OFF_DURESS_MASK, payload->duress_mask);
  memcpy(plain + AMANAT_PAYLOAD_OFF_GROUP_KEY, payload->group_key, AMANAT_SPACE_KEY_LEN);

  uint8_t ad[AMANAT_PREFIX_LEN + 1];
  slot_ad(prefix, index, ad);
  io_random(out, AMANAT_SLOT_NONCE_LEN);
  /* A duress slot's nonce ends in its group's tag, so a duress wipe keeps its siblings. */
  if (payload->role != AMANAT_ROLE_OWNER &&
      !sodium_is_zero(payload->group_key, AMANAT_SPACE_KEY_LEN))
    duress_tag(payload->group_key, index, out, out + AMANAT_SLOT_NONCE_LEN - AMANAT_DURESS_TAG_LEN);
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + AMANAT_SLOT_NONCE_LEN, NULL, plain,
                                             AMANAT_SLOT_PAYLOAD_LEN, ad, sizeof ad, NULL, out,
                                             slot_key);
  secret_free(&plain);
  return AMANAT_OK;
}

/* Runs the same work whether or not the slot opens: unlock tries every slot. */
int keyslot_open(const uint8_t slot_key[AMANAT_SLOT_KEY_LEN],
                 const uint8_t prefix[AMANAT_PREFIX_LEN], unsigned index,
                 const uint8_t slot[AMANAT_SLOT_LEN], keyslot_payload *payload) {
  uint8_t *plain = io_secure_alloc(AMANAT_SLOT_PAYLOAD_LEN);
  if (plain == NULL)
    return AMANAT_E_NOMEM;
  uint8_t ad[AMANAT_PREFIX_LEN + 1];
  slot_ad(prefix, index, ad);
  int rc = AMANAT_E_WRONG_PASSWORD;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL, slot + AMANAT_SLOT_NONCE_LEN,
                                                 AMANAT_SLOT_LEN - AMANAT_SLOT_NONCE_LEN, ad,
                                                 sizeof ad, slot, slot_key) == 0 &&
      plain[AMANAT_PAYLOAD_OFF_VERSION] == AMANAT_PAYLOAD_VERSION) {
    payload->role = plain[AMANAT_PAYLOAD_OFF_ROLE];
    payload->space = plain[AMANAT_PAYLOAD_OFF_SPACE];
    payload->flags = plain[AMANAT_PAYLOAD_OFF_FLAGS];
    payload->live_mask = le16_load(plain + AMANAT_PAYLOAD_OFF_LIVE_MASK);
    payload->scrub_mask = le16_load(plain + AMANAT_PAYLOAD_OFF_SCRUB_MASK);
    memcpy(payload->primary_key, plain + AMANAT_PAYLOAD_OFF_PRIMARY_KEY, AMANAT_SPACE_KEY_LEN);
    memcpy(payload->secondary_key, plain + AMANAT_PAYLOAD_OFF_SECONDARY_KEY, AMANAT_SPACE_KEY_LEN);
    memcpy(payload->standby_key, plain + AMANAT_PAYLOAD_OFF_STANDBY_KEY, AMANAT_SPACE_KEY_LEN);
    payload->duress_mask = le16_load(plain + AMANAT_PAYLOAD_OFF_DURESS_MASK);
    memcpy(payload->group_key, plain + AMANAT_PAYLOAD_OFF_GROUP_KEY, AMANAT_SPACE_KEY_LEN);
    rc = AMANAT_OK;
  }
  secret_free(&plain);
  return rc;
}
