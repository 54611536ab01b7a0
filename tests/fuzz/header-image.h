/* SPDX-License-Identifier: GPL-3.0-or-later */
/* header-image.h: builds a whole header from a FUZZ_HEADER_SEALED description, sealing
 * slots and the attempt counter as FORMAT.md says (written here from the spec, not with
 * the core's own sealing code, so the two check each other). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "format.h"

/* `in` holds `len` bytes laid out as FUZZ_SEALED_* (missing bytes read as zero). Slots
 * whose bit is set in the mask are sealed under fuzz_master_key's slot keys. */
void header_image_build(const uint8_t *in, size_t len, uint8_t header[AMANAT_HEADER_LEN]);

/* Encodes a payload's fields into the 184 bytes a slot seals (FORMAT.md §Payload). */
struct keyslot_payload;
void header_image_encode_payload(const struct keyslot_payload *p,
                                 uint8_t out[AMANAT_SLOT_PAYLOAD_LEN]);
