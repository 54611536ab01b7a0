/* SPDX-License-Identifier: GPL-3.0-or-later */
/* malformed.h: what the malformed files in tests/vectors/malformed/ are read with. The
 * generator and the test share it; MANIFEST repeats it for people. */
#pragma once

#include <stdint.h>

/* Headers: the password whose keyslot the nearly valid headers hold, and their cost. */
#define MALFORMED_PASSWORD "correct horse battery staple"
#define MALFORMED_OPS      1u
#define MALFORMED_MEM      (8u << 20)

/* Chunks and packs: every record is opened as chunk 0, the final one, of this document. */
static const uint8_t malformed_doc_key[32] = "amanat malformed vectors doc key";
static const uint8_t malformed_doc_uid[16] = "amanat malformed";

/* Packs: the record at offset 0 is read with this length (the valid record's). */
#define MALFORMED_PACK_RECORD_LEN 1000u
#define MALFORMED_PACK_NAME       "0123456789abcdef0123456789abcdef"

/* Bundles: read as the recipient whose X25519 secret key this is (its public key is
 * derived); the valid ones are signed with the Ed25519 key of this seed. */
static const uint8_t malformed_bundle_sk[32] = "amanat malformed bundle reader!";
static const uint8_t malformed_bundle_sign_seed[32] = "amanat malformed bundle signer!";
