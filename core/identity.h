/* SPDX-License-Identifier: GPL-3.0-or-later */
/* identity.h: a space's identity (X25519 for encryption, Ed25519 for signatures), its
 * safety code, and identity cards (FORMAT.md §Identities). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "amanat.h"
#include "vault_internal.h"

#define IDENTITY_CARD_MAGIC    "AMANAT IDENTITY 1"
#define IDENTITY_CARD_BODY_LEN (32 + 32 + 64)

typedef struct identity_public {
  uint8_t x25519[32];
  uint8_t ed25519[32];
} identity_public;

/* The safety code of a public identity: 30 digits in six groups of five. */
void identity_safety_code(const identity_public *id, char code[AMANAT_SAFETY_CODE_LEN + 1]);

/* The space's identity, made and stored on first use. Secret keys in sodium memory
 * (x25519_secret: 32 bytes, ed25519_secret: 64), or NULL when not wanted. */
AMANAT_MUST_CHECK int identity_load(amanat_vault *v, identity_public *pub, uint8_t *x25519_secret,
                                    uint8_t *ed25519_secret);

/* Parses a card's text: the magic line, then the base64 of x25519 || ed25519 || signature.
 * Checks the signature, that both keys are canonical and not of low order, and that
 * nothing else follows. */
AMANAT_MUST_CHECK int identity_card_parse(const char *text, size_t len, identity_public *out);

/* The card's text for an identity, signed with its Ed25519 secret key. malloc'd. */
AMANAT_MUST_CHECK int identity_card_make(const identity_public *pub, const uint8_t *ed25519_secret,
                                         char **text);
