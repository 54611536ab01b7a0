/* SPDX-License-Identifier: GPL-3.0-or-later */
/* counter.h: the header's attempt-counter block: wrong passwords in a row, and the limit
 * after which the vault wipes itself (0: off). Sealed under a key derived from the header
 * itself: it hides the values from a glance, not from someone who knows this format
 * (SECURITY.md). Rewritten, with a fresh nonce, on every unlock attempt. */
#pragma once

#include <stdint.h>

#include "format.h"

typedef struct counter_state {
  uint32_t failures;
  uint32_t limit;
} counter_state;

/* Reads the block; one that does not open (a new vault's random bytes) reads as 0, 0. */
counter_state counter_read(const uint8_t prefix[AMANAT_PREFIX_LEN],
                           const uint8_t block[AMANAT_COUNTER_LEN]);

/* Seals `state` into a fresh block. */
void counter_write(const uint8_t prefix[AMANAT_PREFIX_LEN], counter_state state,
                   uint8_t block[AMANAT_COUNTER_LEN]);
