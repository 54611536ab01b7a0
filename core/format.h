/* SPDX-License-Identifier: GPL-3.0-or-later */
/* format.h: every on-disk constant of the vault format, in one place (see FORMAT.md). */
#pragma once

#include <sodium.h>

/* ---- File names inside a vault folder ---- */
#define AMANAT_HEADER_NAME  "vault.hdr"
#define AMANAT_SPACE_DB_FMT "space-%d.db" /* %d: the space file index, 0 or 1 */
#define AMANAT_SPACE_COUNT  2

/* ---- Header file: plaintext prefix ---- */
#define AMANAT_MAGIC          "AMANAT\r\n" /* 8 bytes, no terminating NUL on disk */
#define AMANAT_MAGIC_LEN      8
#define AMANAT_FORMAT_VERSION 1
#define AMANAT_KDF_ARGON2ID13 1
#define AMANAT_KDF_WIPED      0xff /* byte 10 of a wiped header: nothing else in it means anything */

#define AMANAT_PREFIX_OFF_MAGIC      0
#define AMANAT_PREFIX_OFF_VERSION    8  /* u16 LE */
#define AMANAT_PREFIX_OFF_KDF_ALG    10 /* u8 */
#define AMANAT_PREFIX_OFF_SLOT_COUNT 11 /* u8 */
#define AMANAT_PREFIX_OFF_OPSLIMIT   12 /* u32 LE */
#define AMANAT_PREFIX_OFF_MEMLIMIT   16 /* u64 LE, bytes */
#define AMANAT_PREFIX_OFF_SALT       24 /* 16 bytes */
#define AMANAT_PREFIX_OFF_RESERVED   40 /* 8 zero bytes */
#define AMANAT_PREFIX_OFF_CHECKSUM   48 /* 16 bytes: BLAKE2b-128 of bytes 0..47 */
#define AMANAT_PREFIX_CHECKED_LEN    48
#define AMANAT_PREFIX_LEN            64
#define AMANAT_SALT_LEN              16
#define AMANAT_CHECKSUM_LEN          16

/* ---- Header file: keyslots ---- */
#define AMANAT_SLOT_COUNT       16
#define AMANAT_SLOT_LEN         224
#define AMANAT_SLOT_NONCE_LEN   crypto_aead_xchacha20poly1305_ietf_NPUBBYTES /* 24 */
#define AMANAT_SLOT_TAG_LEN     crypto_aead_xchacha20poly1305_ietf_ABYTES    /* 16 */
#define AMANAT_SLOT_PAYLOAD_LEN (AMANAT_SLOT_LEN - AMANAT_SLOT_NONCE_LEN - AMANAT_SLOT_TAG_LEN)
#define AMANAT_SLOTS_OFF        AMANAT_PREFIX_LEN
#define AMANAT_SLOT_OFF(i)      (AMANAT_SLOTS_OFF + (i)*AMANAT_SLOT_LEN)

/* ---- Header file: attempt-counter block and filler ---- */
#define AMANAT_COUNTER_OFF (AMANAT_SLOTS_OFF + AMANAT_SLOT_COUNT * AMANAT_SLOT_LEN) /* 3648 */
#define AMANAT_COUNTER_LEN 64
#define AMANAT_FILLER_OFF  (AMANAT_COUNTER_OFF + AMANAT_COUNTER_LEN) /* 3712 */
#define AMANAT_HEADER_LEN  4096
#define AMANAT_FILLER_LEN  (AMANAT_HEADER_LEN - AMANAT_FILLER_OFF)

/* ---- Keyslot payload (plaintext inside the slot's AEAD) ---- */
#define AMANAT_PAYLOAD_VERSION           1
#define AMANAT_PAYLOAD_OFF_VERSION       0
#define AMANAT_PAYLOAD_OFF_ROLE          1
#define AMANAT_PAYLOAD_OFF_SPACE         2
#define AMANAT_PAYLOAD_OFF_FLAGS         3
#define AMANAT_PAYLOAD_OFF_LIVE_MASK     4 /* u16 LE */
#define AMANAT_PAYLOAD_OFF_SCRUB_MASK    6 /* u16 LE */
#define AMANAT_PAYLOAD_OFF_PRIMARY_KEY   8
#define AMANAT_PAYLOAD_OFF_SECONDARY_KEY 40
#define AMANAT_PAYLOAD_OFF_STANDBY_KEY   72  /* key of the space that replaces a wiped one */
#define AMANAT_PAYLOAD_OFF_DURESS_MASK   104 /* u16 LE: owner: the live slots that are duress */
#define AMANAT_PAYLOAD_OFF_GROUP_KEY     106 /* tags the duress slots of one vault */
#define AMANAT_PAYLOAD_OFF_RESERVED      138
#define AMANAT_DURESS_TAG_LEN            8 /* the last bytes of a duress slot's nonce */
#define AMANAT_DURESS_TAG_LABEL          "amanat duress tag v1"
#define AMANAT_SPACE_KEY_LEN             32

#define AMANAT_ROLE_OWNER        1
#define AMANAT_ROLE_DURESS_WIPE  2
#define AMANAT_ROLE_DURESS_DECOY 3

#define AMANAT_PAYLOAD_FLAG_SECOND_FACTOR 0x01u
#define AMANAT_PAYLOAD_FLAG_NESTED        0x02u /* a duress session's own duress slot */

/* The real password's slot always lies in slots 0 and 1 (where it moves between them);
 * duress slots lie in 2..15. Nothing on disk shows this: every slot looks random. */
#define AMANAT_OWNER_ZONE         0x0003u
#define AMANAT_NESTED_GROUP_LABEL "amanat nested duress v1"

/* ---- Key derivation ---- */
#define AMANAT_MASTER_KEY_LEN    32
#define AMANAT_SLOT_KEY_LEN      crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define AMANAT_SLOT_KEY_LABEL    "amanat slot key v1" /* 18 bytes */
#define AMANAT_SECOND_FACTOR_LEN 32
#define AMANAT_KDF_CONTEXT_DB    "amanatDB" /* crypto_kdf context: space key -> database key */
#define AMANAT_KDF_ID_DB         1

/* Accepted Argon2id cost (FORMAT.md §KDF limits). */
#define AMANAT_KDF_OPS_MIN 1u
#define AMANAT_KDF_OPS_MAX 32u
#define AMANAT_KDF_MEM_MIN (8ull << 20)
#define AMANAT_KDF_MEM_MAX (4ull << 30)

/* ---- Space databases ---- */
#define AMANAT_DB_PAGE_SIZE 4096
#define AMANAT_DB_MIN_CHUNK (64 * 1024)
