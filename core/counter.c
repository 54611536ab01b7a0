/* SPDX-License-Identifier: GPL-3.0-or-later */
/* counter.c: sealing and reading the attempt-counter block (FORMAT.md §Attempt counter). */
#include "counter.h"

#include <sodium.h>
#include <string.h>

#include "bytes.h"
#include "io.h"

#define COUNTER_LABEL     "amanat attempt counter v1"
#define COUNTER_PLAIN_LEN (AMANAT_COUNTER_LEN - AMANAT_SLOT_NONCE_LEN - AMANAT_SLOT_TAG_LEN)

/* The key comes from the prefix (magic, version, cost, salt): anyone with the header can
 * derive it. It only makes the block look like every other random byte of the header. */
static void counter_key(const uint8_t prefix[AMANAT_PREFIX_LEN], uint8_t key[32]) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, NULL, 0, 32);
  crypto_generichash_update(&state, (const uint8_t *)COUNTER_LABEL, strlen(COUNTER_LABEL));
  crypto_generichash_update(&state, prefix, AMANAT_PREFIX_LEN);
  crypto_generichash_final(&state, key, 32);
}

counter_state counter_read(const uint8_t prefix[AMANAT_PREFIX_LEN],
                           const uint8_t block[AMANAT_COUNTER_LEN]) {
  counter_state state = {0, 0};
  uint8_t key[32], plain[COUNTER_PLAIN_LEN];
  counter_key(prefix, key);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL, block + AMANAT_SLOT_NONCE_LEN,
                                                 AMANAT_COUNTER_LEN - AMANAT_SLOT_NONCE_LEN, prefix,
                                                 AMANAT_PREFIX_LEN, block, key) == 0) {
    state.failures = le32_load(plain);
    state.limit = le32_load(plain + 4);
  }
  sodium_memzero(key, sizeof key);
  return state;
}

void counter_write(const uint8_t prefix[AMANAT_PREFIX_LEN], counter_state state,
                   uint8_t block[AMANAT_COUNTER_LEN]) {
  uint8_t key[32], plain[COUNTER_PLAIN_LEN] = {0};
  counter_key(prefix, key);
  le32_store(plain, state.failures);
  le32_store(plain + 4, state.limit);
  io_random(block, AMANAT_SLOT_NONCE_LEN);
  crypto_aead_xchacha20poly1305_ietf_encrypt(block + AMANAT_SLOT_NONCE_LEN, NULL, plain,
                                             sizeof plain, prefix, AMANAT_PREFIX_LEN, NULL, block,
                                             key);
  sodium_memzero(key, sizeof key);
}
