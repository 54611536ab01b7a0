/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-card.c: libFuzzer target for identity cards (FORMAT.md §Identities).
 *
 * Input: a mode byte, then one of:
 *   FUZZ_CARD_TEXT    a card file as a colleague hands it over;
 *   FUZZ_CARD_BODY    the 128 bytes its base64 carries (keys and signature), encoded here;
 *   FUZZ_CARD_X25519  an X25519 public key, put on a card signed with the fixed seed, so
 *                     the low-order check is reached with keys the fuzzer picks.
 * Besides crashes, it aborts when a card is accepted that is not in the one canonical
 * form, names a key that is not a valid Ed25519 point, or when the X25519 check disagrees
 * with a scalar multiplication done here. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "identity.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define B64_LEN sodium_base64_ENCODED_LEN(IDENTITY_CARD_BODY_LEN, sodium_base64_VARIANT_ORIGINAL)

static uint8_t sign_pk[32], sign_sk[64];

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz-card: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);          \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  CHECK(amanat_init() == AMANAT_OK);
  crypto_sign_seed_keypair(sign_pk, sign_sk, fuzz_card_seed);
  return 0;
}

static int parse(const char *text, size_t len, identity_public *out) {
  /* A copy of exactly `len` bytes: ASan then sees any read past the end. */
  char *copy = malloc(len > 0 ? len : 1);
  CHECK(copy != NULL);
  memcpy(copy, text, len);
  int rc = identity_card_parse(copy, len, out);
  CHECK(rc == AMANAT_OK || rc == AMANAT_E_BAD_CARD);
  if (rc == AMANAT_OK) {
    /* The one canonical form: magic line, base64 of both keys and the signature, and at
     * most one final newline. */
    size_t magic = strlen(IDENTITY_CARD_MAGIC);
    CHECK(len == magic + B64_LEN || len == magic + B64_LEN + 1);
    CHECK(len == magic + B64_LEN || copy[len - 1] == '\n');
    uint8_t body[IDENTITY_CARD_BODY_LEN];
    memcpy(body, out->x25519, 32);
    memcpy(body + 32, out->ed25519, 32);
    char b64[B64_LEN];
    size_t body_len = 0;
    uint8_t decoded[IDENTITY_CARD_BODY_LEN];
    CHECK(sodium_base642bin(decoded, sizeof decoded, copy + magic + 1, B64_LEN - 1, NULL, &body_len,
                            NULL, sodium_base64_VARIANT_ORIGINAL) == 0);
    sodium_bin2base64(b64, sizeof b64, decoded, sizeof decoded, sodium_base64_VARIANT_ORIGINAL);
    CHECK(memcmp(b64, copy + magic + 1, B64_LEN - 1) == 0);
    CHECK(memcmp(decoded, body, 64) == 0);
    CHECK(crypto_core_ed25519_is_valid_point(out->ed25519));
  }
  free(copy);
  return rc;
}

/* A card's text for a 128-byte body, exactly as identity_card_make lays it out. */
static size_t card_text(const uint8_t body[IDENTITY_CARD_BODY_LEN], char *out) {
  size_t magic = strlen(IDENTITY_CARD_MAGIC);
  memcpy(out, IDENTITY_CARD_MAGIC "\n", magic + 1);
  sodium_bin2base64(out + magic + 1, B64_LEN, body, IDENTITY_CARD_BODY_LEN,
                    sodium_base64_VARIANT_ORIGINAL);
  out[magic + B64_LEN] = '\n';
  return magic + B64_LEN + 1;
}

/* Signs a card for `x25519` with the fixed key: accepted exactly when the key is not of
 * small order, which a clamped scalar multiple of 8 shows by giving zero. */
static void check_x25519(const uint8_t x25519[32]) {
  identity_public pub;
  memcpy(pub.x25519, x25519, 32);
  memcpy(pub.ed25519, sign_pk, 32);
  char *text = NULL;
  CHECK(identity_card_make(&pub, sign_sk, &text) == AMANAT_OK);
  identity_public out;
  int rc = parse(text, strlen(text), &out);
  free(text);
  uint8_t scalar[32], shared[32];
  memcpy(scalar, fuzz_card_seed, 32);
  int weak = crypto_scalarmult(shared, scalar, x25519) != 0 || sodium_is_zero(shared, 32);
  CHECK((rc == AMANAT_OK) == !weak);
  if (rc == AMANAT_OK)
    CHECK(memcmp(out.x25519, x25519, 32) == 0 && memcmp(out.ed25519, sign_pk, 32) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  identity_public out;
  const uint8_t *in = data + 1;
  size_t len = size - 1;
  if (data[0] == FUZZ_CARD_BODY) {
    uint8_t body[IDENTITY_CARD_BODY_LEN] = {0};
    memcpy(body, in, len < sizeof body ? len : sizeof body);
    char text[64 + B64_LEN];
    size_t text_len = card_text(body, text);
    (void)parse(text, text_len, &out);
  } else if (data[0] == FUZZ_CARD_X25519) {
    uint8_t key[32] = {0};
    memcpy(key, in, len < sizeof key ? len : sizeof key);
    check_x25519(key);
  } else {
    (void)parse((const char *)in, len, &out);
  }
  return 0;
}
