/* SPDX-License-Identifier: GPL-3.0-or-later */
/* keyslot.h: one keyslot: what it opens (payload) and its AEAD seal. */
#pragma once

#include <stdint.h>

#include "amanat.h"
#include "format.h"

/* Holds keys: allocate with keyslot_payload_new (sodium_malloc), free with secret_free. */
typedef struct keyslot_payload {
  uint8_t role;  /* AMANAT_ROLE_* */
  uint8_t space; /* file index of the space this slot opens */
  uint8_t flags; /* AMANAT_PAYLOAD_FLAG_* */
  uint16_t live_mask;
  uint16_t scrub_mask;
  uint8_t primary_key[AMANAT_SPACE_KEY_LEN];
  uint8_t secondary_key[AMANAT_SPACE_KEY_LEN]; /* owner: the decoy's key; else zero */
  uint8_t standby_key[AMANAT_SPACE_KEY_LEN];   /* the space a duress wipe puts in place of
                                                  the real one (all zero: none yet) */
  uint16_t duress_mask;                        /* owner: live slots holding duress passwords */
  uint8_t group_key[AMANAT_SPACE_KEY_LEN];     /* shared by the owner and its duress slots */
} keyslot_payload;

keyslot_payload *keyslot_payload_new(void);

/* Seals `payload` into slot `index`; the prefix and index are bound in as associated
 * data, so a slot moved to another place or under an altered prefix does not open. */
AMANAT_MUST_CHECK int keyslot_seal(const uint8_t slot_key[AMANAT_SLOT_KEY_LEN],
                                   const uint8_t prefix[AMANAT_PREFIX_LEN], unsigned index,
                                   const keyslot_payload *payload, uint8_t out[AMANAT_SLOT_LEN]);

/* 1 when `slot` is a duress slot of the group whose key is `group_key`: its nonce ends in
 * the group's tag for this index. Without the key the tag is indistinguishable from the
 * rest of the random nonce, so only the owner and duress sessions can tell. */
int keyslot_has_duress_tag(const uint8_t group_key[AMANAT_SPACE_KEY_LEN], unsigned index,
                           const uint8_t slot[AMANAT_SLOT_LEN]);

/* AMANAT_OK and *payload filled when the slot opens under slot_key; otherwise
 * AMANAT_E_WRONG_PASSWORD and *payload untouched. */
AMANAT_MUST_CHECK int keyslot_open(const uint8_t slot_key[AMANAT_SLOT_KEY_LEN],
                                   const uint8_t prefix[AMANAT_PREFIX_LEN], unsigned index,
                                   const uint8_t slot[AMANAT_SLOT_LEN], keyslot_payload *payload);
