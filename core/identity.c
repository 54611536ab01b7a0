/* SPDX-License-Identifier: GPL-3.0-or-later */
/* identity.c: a space's identity keys, safety codes and identity cards. */
#include "identity.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "secret.h"
#include "space_db.h"
#include "store.h"

#define CARD_SIGNING_LABEL "amanat identity card v1"
#define SAFETY_LABEL       "amanat safety code v1"
#define IDENTITY_SETTING   "identity"

void identity_safety_code(const identity_public *id, char code[AMANAT_SAFETY_CODE_LEN + 1]) {
  uint8_t digest[32];
  crypto_generichash_state state;
  crypto_generichash_init(&state, NULL, 0, sizeof digest);
  crypto_generichash_update(&state, (const uint8_t *)SAFETY_LABEL, strlen(SAFETY_LABEL));
  crypto_generichash_update(&state, id->x25519, 32);
  crypto_generichash_update(&state, id->ed25519, 32);
  crypto_generichash_final(&state, digest, sizeof digest);
  /* Six groups of five digits, each from 17 bits of the digest (less than 100 000). */
  char *p = code;
  for (int group = 0; group < 6; group++) {
    uint32_t bits = (uint32_t)digest[3 * group] | (uint32_t)digest[3 * group + 1] << 8 |
                    (uint32_t)(digest[3 * group + 2] & 1) << 16;
    p += snprintf(p, 7, group < 5 ? "%05u " : "%05u", (unsigned)(bits % 100000));
  }
}

/* Stored as one setting: the Ed25519 seed, then the X25519 secret key. */
static int store_new_identity(amanat_vault *v, uint8_t *secret64) {
  io_random(secret64, 64);
  int rc = store_begin(v);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = store_prepare(v, "INSERT INTO settings(name, value) VALUES ('" IDENTITY_SETTING "', ?1);",
                       &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_blob(stmt, 1, secret64, 64, SQLITE_STATIC);
    rc = store_run(v, stmt);
  }
  if (rc == AMANAT_OK)
    return store_commit(v);
  store_fail(v, rc);
  return rc;
}

static int read_identity(amanat_vault *v, uint8_t *secret64, int *found) {
  sqlite3_stmt *stmt = NULL;
  *found = 0;
  int rc =
      store_prepare(v, "SELECT value FROM settings WHERE name = '" IDENTITY_SETTING "';", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW) {
    if (sqlite3_column_bytes(stmt, 0) != 64) {
      rc = AMANAT_E_DAMAGED;
    } else {
      memcpy(secret64, sqlite3_column_blob(stmt, 0), 64);
      *found = 1;
    }
  } else if (step != SQLITE_DONE) {
    rc = space_db_error(v->db, step);
  }
  sqlite3_finalize(stmt);
  return rc;
}

int identity_load(amanat_vault *v, identity_public *pub, uint8_t *x25519_secret,
                  uint8_t *ed25519_secret) {
  uint8_t *secret64 = io_secure_alloc(64), *sign_sk = io_secure_alloc(64);
  int found = 0;
  int rc =
      secret64 != NULL && sign_sk != NULL ? read_identity(v, secret64, &found) : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK && !found)
    rc = store_new_identity(v, secret64);
  if (rc == AMANAT_OK) {
    crypto_sign_seed_keypair(pub->ed25519, sign_sk, secret64);
    crypto_scalarmult_base(pub->x25519, secret64 + 32);
    if (x25519_secret != NULL)
      memcpy(x25519_secret, secret64 + 32, 32);
    if (ed25519_secret != NULL)
      memcpy(ed25519_secret, sign_sk, 64);
  }
  secret_free(&secret64);
  secret_free(&sign_sk);
  return rc;
}

static void signed_message(const identity_public *id,
                           uint8_t out[sizeof CARD_SIGNING_LABEL - 1 + 64]) {
  memcpy(out, CARD_SIGNING_LABEL, sizeof CARD_SIGNING_LABEL - 1);
  memcpy(out + sizeof CARD_SIGNING_LABEL - 1, id->x25519, 32);
  memcpy(out + sizeof CARD_SIGNING_LABEL - 1 + 32, id->ed25519, 32);
}

int identity_card_make(const identity_public *pub, const uint8_t *ed25519_secret, char **text) {
  uint8_t body[IDENTITY_CARD_BODY_LEN], message[sizeof CARD_SIGNING_LABEL - 1 + 64];
  memcpy(body, pub->x25519, 32);
  memcpy(body + 32, pub->ed25519, 32);
  signed_message(pub, message);
  crypto_sign_detached(body + 64, NULL, message, sizeof message, ed25519_secret);
  size_t b64_len = sodium_base64_ENCODED_LEN(sizeof body, sodium_base64_VARIANT_ORIGINAL);
  size_t len = strlen(IDENTITY_CARD_MAGIC) + 1 + b64_len + 1;
  *text = io_malloc(len);
  if (*text == NULL)
    return AMANAT_E_NOMEM;
  char *p = *text + sprintf(*text, "%s\n", IDENTITY_CARD_MAGIC);
  sodium_bin2base64(p, b64_len, body, sizeof body, sodium_base64_VARIANT_ORIGINAL);
  strcat(p, "\n");
  return AMANAT_OK;
}

/* X25519 keys of small order make every shared secret predictable: refuse them. */
static int x25519_acceptable(const uint8_t pk[32]) {
  uint8_t scalar[32], shared[32];
  io_random(scalar, sizeof scalar);
  int ok = crypto_scalarmult(shared, scalar, pk) == 0 && !sodium_is_zero(shared, sizeof shared);
  sodium_memzero(scalar, sizeof scalar);
  sodium_memzero(shared, sizeof shared);
  return ok;
}

int identity_card_parse(const char *text, size_t len, identity_public *out) {
  size_t magic = strlen(IDENTITY_CARD_MAGIC);
  if (len < magic + 1 || memcmp(text, IDENTITY_CARD_MAGIC, magic) != 0 || text[magic] != '\n')
    return AMANAT_E_BAD_CARD;
  const char *b64 = text + magic + 1;
  size_t b64_len = len - magic - 1;
  if (b64_len > 0 && b64[b64_len - 1] == '\n')
    b64_len--; /* one final newline, nothing else */
  uint8_t body[IDENTITY_CARD_BODY_LEN];
  size_t body_len = 0;
  const char *end = NULL;
  if (b64_len != sodium_base64_ENCODED_LEN(sizeof body, sodium_base64_VARIANT_ORIGINAL) - 1 ||
      sodium_base642bin(body, sizeof body, b64, b64_len, NULL, &body_len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      body_len != sizeof body || end != b64 + b64_len)
    return AMANAT_E_BAD_CARD;
  /* Only the one canonical encoding: base64's unused low bits must be zero. */
  char canonical[sodium_base64_ENCODED_LEN(IDENTITY_CARD_BODY_LEN, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(canonical, sizeof canonical, body, sizeof body, sodium_base64_VARIANT_ORIGINAL);
  if (memcmp(canonical, b64, b64_len) != 0)
    return AMANAT_E_BAD_CARD;
  identity_public id;
  memcpy(id.x25519, body, 32);
  memcpy(id.ed25519, body + 32, 32);
  uint8_t message[sizeof CARD_SIGNING_LABEL - 1 + 64];
  signed_message(&id, message);
  if (!crypto_core_ed25519_is_valid_point(id.ed25519) || !x25519_acceptable(id.x25519) ||
      crypto_sign_verify_detached(body + 64, message, sizeof message, id.ed25519) != 0)
    return AMANAT_E_BAD_CARD;
  *out = id;
  return AMANAT_OK;
}

int amanat_identity_show(amanat_vault *v, amanat_identity_info *info) {
  identity_public pub;
  int rc = identity_load(v, &pub, NULL, NULL);
  if (rc != AMANAT_OK)
    return rc;
  sodium_bin2hex(info->x25519_hex, sizeof info->x25519_hex, pub.x25519, 32);
  sodium_bin2hex(info->ed25519_hex, sizeof info->ed25519_hex, pub.ed25519, 32);
  identity_safety_code(&pub, info->safety_code);
  return AMANAT_OK;
}
