/* SPDX-License-Identifier: GPL-3.0-or-later */
/* header-image.c: FORMAT.md's header, built from the spec for the fuzz target and seeds. */
#include "header-image.h"

#include <sodium.h>
#include <string.h>

#include "bytes.h"
#include "counter.h"
#include "fuzz-common.h"
#include "kdf.h"
#include "keyslot.h"

void header_image_encode_payload(const keyslot_payload *p, uint8_t out[AMANAT_SLOT_PAYLOAD_LEN]) {
  memset(out, 0, AMANAT_SLOT_PAYLOAD_LEN);
  out[0] = AMANAT_PAYLOAD_VERSION;
  out[1] = p->role;
  out[2] = p->space;
  out[3] = p->flags;
  le16_store(out + 4, p->live_mask);
  le16_store(out + 6, p->scrub_mask);
  memcpy(out + 8, p->primary_key, 32);
  memcpy(out + 40, p->secondary_key, 32);
  memcpy(out + 72, p->standby_key, 32);
  le16_store(out + 104, p->duress_mask);
  memcpy(out + 106, p->group_key, 32);
}

void header_image_build(const uint8_t *in, size_t len, uint8_t header[AMANAT_HEADER_LEN]) {
  uint8_t desc[FUZZ_SEALED_LEN] = {0};
  memcpy(desc, in, len < sizeof desc ? len : sizeof desc);
  memset(header, 0, AMANAT_HEADER_LEN);

  /* The prefix as given, with a correct checksum: the fuzzer cannot compute BLAKE2b. */
  memcpy(header, desc + FUZZ_SEALED_PREFIX, AMANAT_PREFIX_CHECKED_LEN);
  crypto_generichash(header + AMANAT_PREFIX_OFF_CHECKSUM, AMANAT_CHECKSUM_LEN, header,
                     AMANAT_PREFIX_CHECKED_LEN, NULL, 0);

  uint16_t mask = le16_load(desc + FUZZ_SEALED_MASK);
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++) {
    const uint8_t *src = desc + FUZZ_SEALED_SLOTS + i * FUZZ_SEALED_SLOT;
    uint8_t *slot = header + AMANAT_SLOT_OFF(i);
    memcpy(slot, src, AMANAT_SLOT_NONCE_LEN);
    if (!(mask & (1u << i))) {
      memcpy(slot + AMANAT_SLOT_NONCE_LEN, src + AMANAT_SLOT_NONCE_LEN, AMANAT_SLOT_PAYLOAD_LEN);
      continue;
    }
    uint8_t key[AMANAT_SLOT_KEY_LEN], ad[AMANAT_PREFIX_LEN + 1];
    kdf_slot_key(fuzz_master_key, i, NULL, key);
    memcpy(ad, header, AMANAT_PREFIX_LEN);
    ad[AMANAT_PREFIX_LEN] = (uint8_t)i;
    crypto_aead_xchacha20poly1305_ietf_encrypt(slot + AMANAT_SLOT_NONCE_LEN, NULL,
                                               src + AMANAT_SLOT_NONCE_LEN, AMANAT_SLOT_PAYLOAD_LEN,
                                               ad, sizeof ad, NULL, slot, key);
  }
  counter_state counter = {le32_load(desc + FUZZ_SEALED_COUNTER),
                           le32_load(desc + FUZZ_SEALED_COUNTER + 4)};
  counter_write(header, counter, header + AMANAT_COUNTER_OFF);
}
