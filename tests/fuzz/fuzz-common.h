/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h: the fixed keys the fuzz targets and their seed generator share. A fuzzer
 * cannot forge a MAC, so each target can also seal what it is given under one of these
 * keys before it parses it: the checks behind the MAC get fuzzed too. */
#pragma once

#include <stdint.h>

/* Stands in for Argon2id's output in the header target (no KDF run per input). */
static const uint8_t fuzz_master_key[32] = "amanat fuzz master key (fixed!)";

/* A document's key and uid for the chunk target. */
static const uint8_t fuzz_doc_key[32] = "amanat fuzz document key, fixed";
static const uint8_t fuzz_doc_uid[16] = "amanat fuzz uid";

/* The Ed25519 seed the card target signs with when it is given only an X25519 key. */
static const uint8_t fuzz_card_seed[32] = "amanat fuzz card signing seed!!";

/* The bundle target's recipient (an X25519 secret key; its public key is derived) and the
 * Ed25519 seed its sealed inputs are signed with. */
static const uint8_t fuzz_bundle_sk[32] = "amanat fuzz bundle recipient!!!";
static const uint8_t fuzz_bundle_sign_seed[32] = "amanat fuzz bundle signing seed";

/* The pack file name the chunk target reads records from. */
#define FUZZ_PACK_NAME "00112233445566778899aabbccddeeff"

/* Every input starts with one byte that picks what the rest is (see each target). */
enum {
  FUZZ_HEADER_FILE = 0,   /* the bytes of vault.hdr */
  FUZZ_HEADER_SEALED = 1, /* prefix fields, counter, and slot payloads to seal */
  FUZZ_CHUNK_RECORD = 0,  /* a sealed record, as in a pack */
  FUZZ_CHUNK_PLAIN = 1,   /* a record's plaintext, to seal under the fixed key */
  FUZZ_CHUNK_PACK = 2,    /* offset, length, then a whole pack file */
  FUZZ_CARD_TEXT = 0,     /* a card file */
  FUZZ_CARD_BODY = 1,     /* the 128 bytes the card's base64 carries */
  FUZZ_CARD_X25519 = 2,   /* an X25519 key, signed with the fixed seed */
  FUZZ_BUNDLE_FILE = 0,   /* a bundle file, read as the fixed recipient */
  FUZZ_BUNDLE_RECORD = 1, /* a record type byte, then a record's body */
  FUZZ_BUNDLE_PLAIN = 2,  /* a bundle's body plaintext, sealed and signed with fixed keys */
};

/* Layout of a FUZZ_HEADER_SEALED input after the mode byte. */
#define FUZZ_SEALED_PREFIX  0  /* 48 bytes: prefix before its checksum (computed) */
#define FUZZ_SEALED_MASK    48 /* u16: slots sealed under the fixed key; others kept raw */
#define FUZZ_SEALED_COUNTER 50 /* u32 failures, u32 limit */
#define FUZZ_SEALED_SLOTS   58 /* 16 x (nonce[24] || payload[184]) */
#define FUZZ_SEALED_SLOT    (24 + 184)
#define FUZZ_SEALED_LEN     (FUZZ_SEALED_SLOTS + 16 * FUZZ_SEALED_SLOT)
