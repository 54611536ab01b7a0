/* SPDX-License-Identifier: GPL-3.0-or-later */
/* recovery_key.c: organisation recovery keys: making the key pair, sealing its private part
 * with a passphrase, and reading both files back with every check (FORMAT.md §Recovery keys). */
#include "recovery_key.h"

#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "io.h"
#include "kdf.h"
#include "password.h"
#include "secret.h"

#define CARD_BODY_LEN     40 /* public key, then 8 bytes of checksum */
#define SECRET_PARAMS_LEN 28 /* opslimit u32, memlimit u64, salt[16] */
#define SECRET_PLAIN_LEN  64 /* secret key, public key */
#define SECRET_BODY_LEN                                                                            \
  (SECRET_PARAMS_LEN + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + SECRET_PLAIN_LEN +           \
   crypto_aead_xchacha20poly1305_ietf_ABYTES) /* 132 */
#define FILE_MAX 4096

int recovery_x25519_acceptable(const uint8_t pk[32]) {
  uint8_t scalar[32], shared[32];
  io_random(scalar, sizeof scalar);
  int ok = crypto_scalarmult(shared, scalar, pk) == 0 && !sodium_is_zero(shared, sizeof shared);
  sodium_memzero(scalar, sizeof scalar);
  sodium_memzero(shared, sizeof shared);
  return ok;
}

void recovery_code(const uint8_t pk[32], char code[AMANAT_RECOVERY_CODE_LEN + 1]) {
  uint8_t digest[32];
  crypto_generichash_state state;
  crypto_generichash_init(&state, NULL, 0, sizeof digest);
  crypto_generichash_update(&state, (const uint8_t *)RECOVERY_CODE_LABEL,
                            strlen(RECOVERY_CODE_LABEL));
  crypto_generichash_update(&state, pk, 32);
  crypto_generichash_final(&state, digest, sizeof digest);
  char *p = code;
  for (int group = 0; group < 6; group++) {
    uint32_t bits = (uint32_t)digest[3 * group] | (uint32_t)digest[3 * group + 1] << 8 |
                    (uint32_t)(digest[3 * group + 2] & 1) << 16;
    p += snprintf(p, 7, group < 5 ? "%05u " : "%05u", (unsigned)(bits % 100000));
  }
}

static void card_checksum(const uint8_t pk[32], uint8_t out[8]) {
  uint8_t digest[crypto_generichash_BYTES_MIN];
  crypto_generichash_state state;
  crypto_generichash_init(&state, NULL, 0, sizeof digest);
  crypto_generichash_update(&state, (const uint8_t *)RECOVERY_CARD_LABEL,
                            strlen(RECOVERY_CARD_LABEL));
  crypto_generichash_update(&state, pk, 32);
  crypto_generichash_final(&state, digest, sizeof digest);
  memcpy(out, digest, 8);
}

/* ---- Text files: a magic line, one line of canonical base64, one final newline ---- */

typedef struct text_file {
  char *text; /* sodium memory: a private key file is secret until opened */
  size_t len;
} text_file;

static int read_text(const char *path, text_file *out) {
  out->text = NULL;
  out->len = 0;
  int fd;
  int rc = io_open(path, O_RDONLY, 0, &fd);
  if (rc != AMANAT_OK)
    return rc == AMANAT_E_MISSING ? rc : AMANAT_E_UNREADABLE;
  out->text = io_secure_alloc(FILE_MAX + 1);
  if (out->text == NULL)
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = io_pread_all(fd, out->text, FILE_MAX + 1, 0, &out->len);
  io_close(&fd);
  if (rc == AMANAT_OK && out->len > FILE_MAX)
    rc = AMANAT_E_BAD_RECOVERY_KEY;
  if (rc != AMANAT_OK)
    secret_free(&out->text);
  return rc;
}

/* Decodes "MAGIC\n<base64 of exactly body_len bytes>\n" (the final newline optional),
 * accepting only the one canonical encoding. */
static int decode_text(const text_file *file, const char *magic, uint8_t *body, size_t body_len) {
  size_t magic_len = strlen(magic);
  if (file->len < magic_len + 1 || memcmp(file->text, magic, magic_len) != 0 ||
      file->text[magic_len] != '\n')
    return AMANAT_E_BAD_RECOVERY_KEY;
  const char *b64 = file->text + magic_len + 1;
  size_t b64_len = file->len - magic_len - 1;
  if (b64_len > 0 && b64[b64_len - 1] == '\n')
    b64_len--;
  size_t expected = sodium_base64_ENCODED_LEN(body_len, sodium_base64_VARIANT_ORIGINAL) - 1;
  size_t got = 0;
  const char *end = NULL;
  if (b64_len != expected ||
      sodium_base642bin(body, body_len, b64, b64_len, NULL, &got, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      got != body_len || end != b64 + b64_len)
    return AMANAT_E_BAD_RECOVERY_KEY;
  char *canonical = io_secure_alloc(expected + 1);
  if (canonical == NULL)
    return AMANAT_E_NOMEM;
  sodium_bin2base64(canonical, expected + 1, body, body_len, sodium_base64_VARIANT_ORIGINAL);
  int rc = memcmp(canonical, b64, expected) == 0 ? AMANAT_OK : AMANAT_E_BAD_RECOVERY_KEY;
  secret_free(&canonical);
  return rc;
}

/* The text of a file: magic line and base64 line, in sodium memory. */
static int encode_text(const char *magic, const uint8_t *body, size_t body_len, text_file *out) {
  size_t b64_len = sodium_base64_ENCODED_LEN(body_len, sodium_base64_VARIANT_ORIGINAL);
  out->text = io_secure_alloc(strlen(magic) + 1 + b64_len + 1);
  if (out->text == NULL)
    return AMANAT_E_NOMEM;
  size_t magic_len = strlen(magic);
  memcpy(out->text, magic, magic_len);
  out->text[magic_len] = '\n';
  sodium_bin2base64(out->text + magic_len + 1, b64_len, body, body_len,
                    sodium_base64_VARIANT_ORIGINAL);
  out->len = magic_len + 1 + b64_len - 1;
  out->text[out->len++] = '\n';
  return AMANAT_OK;
}

static int write_text(int fd, void *user_data) {
  const text_file *file = user_data;
  return io_pwrite_all(fd, file->text, file->len, 0);
}

/* ---- Public card ---- */

int recovery_card_read(const char *path, uint8_t pk[32]) {
  text_file file;
  int rc = read_text(path, &file);
  if (rc != AMANAT_OK)
    return rc;
  uint8_t body[CARD_BODY_LEN], check[8];
  rc = decode_text(&file, RECOVERY_CARD_MAGIC, body, sizeof body);
  secret_free(&file.text);
  if (rc != AMANAT_OK)
    return rc;
  card_checksum(body, check);
  if (sodium_memcmp(check, body + 32, sizeof check) != 0 || !recovery_x25519_acceptable(body))
    return AMANAT_E_BAD_RECOVERY_KEY;
  memcpy(pk, body, 32);
  return AMANAT_OK;
}

int amanat_recovery_card_code(const char *card_path, char code[AMANAT_RECOVERY_CODE_LEN + 1]) {
  uint8_t pk[32];
  int rc = recovery_card_read(card_path, pk);
  if (rc == AMANAT_OK)
    recovery_code(pk, code);
  return rc;
}

/* ---- Private key file ---- */

static void secret_ad(const uint8_t *params,
                      uint8_t ad[sizeof RECOVERY_SECRET_MAGIC - 1 + SECRET_PARAMS_LEN]) {
  memcpy(ad, RECOVERY_SECRET_MAGIC, sizeof RECOVERY_SECRET_MAGIC - 1);
  memcpy(ad + sizeof RECOVERY_SECRET_MAGIC - 1, params, SECRET_PARAMS_LEN);
}

/* Argon2id of the NFC passphrase: the key that seals the private key file. */
static int passphrase_key(const char *passphrase, size_t len, const uint8_t salt[16],
                          amanat_kdf_cost cost, uint8_t *key) {
  uint8_t *nfc = NULL;
  size_t nfc_len = 0;
  int rc = password_normalize(passphrase, len, &nfc, &nfc_len);
  if (rc == AMANAT_OK)
    rc = kdf_master_key(nfc, nfc_len, salt, cost, key);
  secret_free(&nfc);
  return rc;
}

int recovery_secret_open(const char *path, const char *passphrase, size_t len, uint8_t *secret,
                         uint8_t pk[32]) {
  text_file file;
  int rc = read_text(path, &file);
  if (rc != AMANAT_OK)
    return rc;
  uint8_t body[SECRET_BODY_LEN];
  rc = decode_text(&file, RECOVERY_SECRET_MAGIC, body, sizeof body);
  secret_free(&file.text);
  if (rc != AMANAT_OK)
    return rc;
  amanat_kdf_cost cost = {le32_load(body), le64_load(body + 4)};
  if (amanat_kdf_cost_check(cost) != AMANAT_OK)
    return AMANAT_E_BAD_RECOVERY_KEY;
  uint8_t *key = io_secure_alloc(32), *plain = io_secure_alloc(SECRET_PLAIN_LEN);
  rc = key != NULL && plain != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = passphrase_key(passphrase, len, body + 12, cost, key);
  uint8_t ad[sizeof RECOVERY_SECRET_MAGIC - 1 + SECRET_PARAMS_LEN];
  secret_ad(body, ad);
  const uint8_t *nonce = body + SECRET_PARAMS_LEN;
  const uint8_t *sealed = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (rc == AMANAT_OK &&
      crypto_aead_xchacha20poly1305_ietf_decrypt(
          plain, NULL, NULL, sealed, SECRET_PLAIN_LEN + crypto_aead_xchacha20poly1305_ietf_ABYTES,
          ad, sizeof ad, nonce, key) != 0)
    rc = AMANAT_E_WRONG_PASSWORD;
  if (rc == AMANAT_OK) {
    /* The sealed public key must be the secret key's: a file made by anything else fails. */
    uint8_t derived[32];
    crypto_scalarmult_base(derived, plain);
    if (sodium_memcmp(derived, plain + 32, 32) != 0 || !recovery_x25519_acceptable(derived))
      rc = AMANAT_E_BAD_RECOVERY_KEY;
    if (rc == AMANAT_OK) {
      memcpy(secret, plain, 32);
      memcpy(pk, derived, 32);
    }
  }
  secret_free(&key);
  secret_free(&plain);
  return rc;
}

/* Takes back a file this call published, durably. */
static void remove_published(const char *path) {
  char *copy = io_strdup(path);
  if (copy != NULL && unlink(path) == 0) {
    int synced = io_fsync_path(dirname(copy));
    (void)synced;
  }
  free(copy);
}

int amanat_recovery_key_new(const char *private_path, const char *public_path,
                            const char *passphrase, size_t passphrase_len, amanat_kdf_cost cost,
                            char code[AMANAT_RECOVERY_CODE_LEN + 1]) {
  int rc = amanat_kdf_cost_check(cost);
  if (rc != AMANAT_OK)
    return rc;
  if (passphrase_len == 0)
    return AMANAT_E_EMPTY_PASSWORD;
  if (strcmp(private_path, public_path) == 0)
    return AMANAT_E_INVALID;
  uint8_t *plain = io_secure_alloc(SECRET_PLAIN_LEN), *key = io_secure_alloc(32);
  text_file secret_text = {0}, card_text = {0};
  rc = plain != NULL && key != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  uint8_t body[SECRET_BODY_LEN], card[CARD_BODY_LEN];
  if (rc == AMANAT_OK) {
    crypto_box_keypair(plain + 32, plain); /* X25519: public key, secret key */
    le32_store(body, cost.opslimit);
    le64_store(body + 4, cost.memlimit);
    io_random(body + 12, 16);
    io_random(body + SECRET_PARAMS_LEN, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    rc = passphrase_key(passphrase, passphrase_len, body + 12, cost, key);
  }
  if (rc == AMANAT_OK) {
    uint8_t ad[sizeof RECOVERY_SECRET_MAGIC - 1 + SECRET_PARAMS_LEN];
    secret_ad(body, ad);
    const uint8_t *nonce = body + SECRET_PARAMS_LEN;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        body + SECRET_PARAMS_LEN + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, NULL, plain,
        SECRET_PLAIN_LEN, ad, sizeof ad, NULL, nonce, key);
    memcpy(card, plain + 32, 32);
    card_checksum(plain + 32, card + 32);
    rc = encode_text(RECOVERY_SECRET_MAGIC, body, sizeof body, &secret_text);
  }
  if (rc == AMANAT_OK)
    rc = encode_text(RECOVERY_CARD_MAGIC, card, sizeof card, &card_text);
  /* The private part first: a card without its key would invite backups nobody can open. */
  if (rc == AMANAT_OK)
    rc = io_publish_new_file(private_path, write_text, &secret_text);
  if (rc == AMANAT_OK) {
    rc = io_publish_new_file(public_path, write_text, &card_text);
    if (rc != AMANAT_OK)
      remove_published(private_path);
  }
  if (rc == AMANAT_OK && code != NULL)
    recovery_code(card, code);
  secret_free(&secret_text.text);
  secret_free(&card_text.text);
  secret_free(&plain);
  secret_free(&key);
  sodium_memzero(body, sizeof body);
  return rc;
}
