/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bundle-image.h: whole bundle files made with the core's own bundle_writer, and sample
 * items to fill them, for the fuzz seeds and the malformed bundles. Reproducible under
 * fixed-random.h. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "bundle_records.h"

/* A bundle of `body` (the record stream; padding and signature are added) for
 * `recipients`, signed with `sign_sk`: its bytes (malloc'd) and length. */
uint8_t *bundle_image_write(const uint8_t *body, size_t len, const uint8_t (*recipients)[32],
                            size_t count, const uint8_t *sign_sk, size_t *out_len);

/* Sample items, each with its own one-entry version vector in `vv`, the uid's first
 * byte `n`. Strings are static. */
void bundle_image_contact(sync_contact_state *c, sync_vv *vv, uint8_t n);
void bundle_image_document(sync_doc_state *d, sync_vv *vv, uint8_t n, int kind, uint64_t size);
void bundle_image_tombstone(sync_tombstone *t, sync_vv *vv, uint8_t n);
