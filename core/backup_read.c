/* SPDX-License-Identifier: GPL-3.0-or-later */
/* backup_read.c: opening a backup with its passphrase or a recovery key, and reading its
 * encrypted record stream with every check (FORMAT.md §Backups). Nothing here writes. */
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backup.h"
#include "bytes.h"
#include "io.h"
#include "kdf.h"
#include "pack.h"
#include "password.h"
#include "recovery_key.h"
#include "secret.h"

/* ---- Header and stanzas ---------------------------------------------------------------- */

int backup_read_header(const char *path, uint8_t header[BACKUP_HEADER_LEN]) {
  int fd;
  int rc = io_open(path, O_RDONLY, 0, &fd);
  if (rc != AMANAT_OK)
    return rc == AMANAT_E_MISSING ? rc : AMANAT_E_UNREADABLE;
  struct stat st;
  size_t got = 0;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    rc = AMANAT_E_UNREADABLE;
  if (rc == AMANAT_OK)
    rc = io_pread_all(fd, header, BACKUP_HEADER_LEN, 0, &got);
  io_close(&fd);
  if (rc != AMANAT_OK)
    return rc;
  if (got < BACKUP_OFF_VERSION + 2 || memcmp(header, BACKUP_MAGIC, BACKUP_MAGIC_LEN) != 0)
    return AMANAT_E_BAD_BACKUP;
  uint16_t version = le16_load(header + BACKUP_OFF_VERSION);
  if (version > BACKUP_VERSION)
    return AMANAT_E_VERSION;
  if (version == 0 || got < BACKUP_HEADER_LEN)
    return AMANAT_E_BAD_BACKUP;
  uint8_t checksum[BACKUP_CHECKSUM_LEN];
  backup_header_checksum(header, checksum);
  if (sodium_memcmp(checksum, header + BACKUP_CHECKSUM_OFF, BACKUP_CHECKSUM_LEN) != 0 ||
      header[BACKUP_OFF_KDF] != BACKUP_KDF_ARGON2ID13 || header[BACKUP_OFF_RESERVED] != 0)
    return AMANAT_E_BAD_BACKUP;
  amanat_kdf_cost cost = {le32_load(header + BACKUP_OFF_OPSLIMIT),
                          le64_load(header + BACKUP_OFF_MEMLIMIT)};
  if (amanat_kdf_cost_check(cost) != AMANAT_OK)
    return AMANAT_E_BAD_BACKUP; /* before any KDF run: a forged cost costs nothing */
  uint64_t body = (uint64_t)st.st_size - BACKUP_HEADER_LEN;
  if ((uint64_t)st.st_size < BACKUP_HEADER_LEN + BACKUP_CIPHER_MESSAGE_LEN ||
      body % BACKUP_CIPHER_MESSAGE_LEN != 0)
    return AMANAT_E_BAD_BACKUP; /* cut short or lengthened: known before the KDF */
  return AMANAT_OK;
}

void backup_header_checksum(const uint8_t header[BACKUP_HEADER_LEN],
                            uint8_t out[BACKUP_CHECKSUM_LEN]) {
  crypto_generichash(out, BACKUP_CHECKSUM_LEN, header, BACKUP_CHECKSUM_OFF, NULL, 0);
}

void backup_stanza_ad(const uint8_t header[BACKUP_HEADER_LEN], uint8_t which,
                      uint8_t ad[BACKUP_PREFIX_LEN + 1]) {
  memcpy(ad, header, BACKUP_PREFIX_LEN);
  ad[BACKUP_PREFIX_LEN] = which;
}

int backup_recovery_wrap_key(const uint8_t *scalar, const uint8_t *point, const uint8_t eph_pk[32],
                             const uint8_t recipient[32], uint8_t wrap_key[32]) {
  uint8_t *shared = io_secure_alloc(32);
  if (shared == NULL)
    return AMANAT_E_NOMEM;
  int rc = AMANAT_OK;
  if (crypto_scalarmult(shared, scalar, point) != 0) {
    rc = AMANAT_E_CRYPTO; /* a point of small order: no secret to share */
  } else {
    crypto_generichash_state state;
    crypto_generichash_init(&state, shared, 32, 32);
    crypto_generichash_update(&state, (const uint8_t *)BACKUP_RECOVERY_LABEL,
                              strlen(BACKUP_RECOVERY_LABEL));
    crypto_generichash_update(&state, eph_pk, 32);
    crypto_generichash_update(&state, recipient, 32);
    crypto_generichash_final(&state, wrap_key, 32);
    sodium_memzero(&state, sizeof state);
  }
  secret_free(&shared);
  return rc;
}

/* Opens the stanza at `offset` (its nonce, then the wrapped file key) with `wrap_key`. */
static int unwrap(const uint8_t header[BACKUP_HEADER_LEN], uint8_t which, const uint8_t *nonce,
                  const uint8_t *wrap_key, uint8_t *file_key) {
  uint8_t ad[BACKUP_PREFIX_LEN + 1];
  backup_stanza_ad(header, which, ad);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(file_key, NULL, NULL, nonce + BACKUP_NONCE_LEN,
                                                 BACKUP_WRAPPED_LEN, ad, sizeof ad, nonce,
                                                 wrap_key) != 0)
    return AMANAT_E_WRONG_PASSWORD;
  return AMANAT_OK;
}

static int new_backup(const char *path, const uint8_t header[BACKUP_HEADER_LEN],
                      amanat_backup **out) {
  amanat_backup *b = io_calloc(1, sizeof *b);
  if (b == NULL)
    return AMANAT_E_NOMEM;
  b->path = io_strdup(path);
  b->file_key = io_secure_alloc(BACKUP_KEY_LEN);
  memcpy(b->header, header, BACKUP_HEADER_LEN);
  if (b->path == NULL || b->file_key == NULL) {
    amanat_backup_close(b);
    return AMANAT_E_NOMEM;
  }
  *out = b;
  return AMANAT_OK;
}

int amanat_backup_open(const char *path, const char *passphrase, size_t passphrase_len,
                       amanat_backup **out) {
  *out = NULL;
  if (passphrase_len == 0)
    return AMANAT_E_EMPTY_PASSWORD;
  uint8_t header[BACKUP_HEADER_LEN];
  int rc = backup_read_header(path, header);
  amanat_backup *b = NULL;
  if (rc == AMANAT_OK)
    rc = new_backup(path, header, &b);
  uint8_t *nfc = NULL, *key = NULL;
  size_t nfc_len = 0;
  if (rc == AMANAT_OK)
    rc = password_normalize(passphrase, passphrase_len, &nfc, &nfc_len);
  if (rc == AMANAT_OK && (key = io_secure_alloc(32)) == NULL)
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK) {
    amanat_kdf_cost cost = {le32_load(header + BACKUP_OFF_OPSLIMIT),
                            le64_load(header + BACKUP_OFF_MEMLIMIT)};
    rc = kdf_master_key(nfc, nfc_len, header + BACKUP_OFF_SALT, cost, key);
  }
  if (rc == AMANAT_OK)
    rc = unwrap(header, BACKUP_STANZA_PASS, header + BACKUP_PASS_OFF, key, b->file_key);
  secret_free(&nfc);
  secret_free(&key);
  if (rc != AMANAT_OK) {
    amanat_backup_close(b);
    return rc;
  }
  *out = b;
  return AMANAT_OK;
}

int amanat_backup_open_with_key(const char *path, const char *key_path, const char *passphrase,
                                size_t passphrase_len, amanat_backup **out) {
  *out = NULL;
  if (passphrase_len == 0)
    return AMANAT_E_EMPTY_PASSWORD;
  uint8_t header[BACKUP_HEADER_LEN], pk[32];
  int rc = backup_read_header(path, header);
  amanat_backup *b = NULL;
  if (rc == AMANAT_OK)
    rc = new_backup(path, header, &b);
  uint8_t *secret = io_secure_alloc(32), *wrap = io_secure_alloc(32);
  if (rc == AMANAT_OK && (secret == NULL || wrap == NULL))
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = recovery_secret_open(key_path, passphrase, passphrase_len, secret, pk);
  const uint8_t *eph_pk = header + BACKUP_RECOVERY_OFF;
  if (rc == AMANAT_OK && backup_recovery_wrap_key(secret, eph_pk, eph_pk, pk, wrap) != AMANAT_OK)
    rc = AMANAT_E_WRONG_PASSWORD; /* not a point anyone encrypted to: not for this key */
  if (rc == AMANAT_OK)
    rc = unwrap(header, BACKUP_STANZA_RECOVERY, eph_pk + 32, wrap, b->file_key);
  secret_free(&secret);
  secret_free(&wrap);
  if (rc != AMANAT_OK) {
    amanat_backup_close(b);
    return rc;
  }
  *out = b;
  return AMANAT_OK;
}

void amanat_backup_close(amanat_backup *b) {
  if (b == NULL)
    return;
  secret_free(&b->file_key);
  free(b->path);
  free(b);
}

/* ---- The record stream ----------------------------------------------------------------- */

typedef struct stream_in {
  int fd;
  uint64_t offset, size;
  crypto_secretstream_xchacha20poly1305_state *state; /* sodium memory */
  uint8_t *plain;                                     /* sodium memory: holds the keys record */
  uint8_t *cipher;
  size_t avail, pos;
  int first, final_seen;
  const uint8_t *header;
  amanat_progress progress;
  void *progress_data;
} stream_in;

/* Decrypts the next message. Every message is whole and tagged MESSAGE but the last, which
 * is tagged FINAL and ends the file. */
static int pull_message(stream_in *in) {
  if (in->final_seen || in->size - in->offset < BACKUP_CIPHER_MESSAGE_LEN)
    return AMANAT_E_BAD_BACKUP;
  size_t got = 0;
  int rc = io_pread_all(in->fd, in->cipher, BACKUP_CIPHER_MESSAGE_LEN, (off_t)in->offset, &got);
  if (rc != AMANAT_OK)
    return rc;
  if (got != BACKUP_CIPHER_MESSAGE_LEN)
    return AMANAT_E_BAD_BACKUP;
  unsigned long long len = 0;
  unsigned char tag = 0;
  /* The first message binds the whole plaintext header: no byte of it can change. */
  if (crypto_secretstream_xchacha20poly1305_pull(
          in->state, in->plain, &len, &tag, in->cipher, BACKUP_CIPHER_MESSAGE_LEN,
          in->first ? in->header : NULL, in->first ? BACKUP_STREAM_OFF : 0) != 0 ||
      len != BACKUP_MESSAGE_LEN)
    return AMANAT_E_BAD_BACKUP;
  in->first = 0;
  in->offset += BACKUP_CIPHER_MESSAGE_LEN;
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    in->final_seen = 1;
  else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
    return AMANAT_E_BAD_BACKUP;
  if (in->final_seen != (in->offset == in->size))
    return AMANAT_E_BAD_BACKUP; /* a final message before the end, or none at it */
  in->avail = BACKUP_MESSAGE_LEN;
  in->pos = 0;
  if (in->progress != NULL && in->progress(in->offset, in->size, in->progress_data) != 0)
    return AMANAT_E_CANCELLED;
  return AMANAT_OK;
}

/* Up to `want` bytes of plaintext, in place: *data and *len. */
static int stream_next(stream_in *in, size_t want, const uint8_t **data, size_t *len) {
  if (in->pos == in->avail) {
    int rc = pull_message(in);
    if (rc != AMANAT_OK)
      return rc;
  }
  *len = in->avail - in->pos < want ? in->avail - in->pos : want;
  *data = in->plain + in->pos;
  in->pos += *len;
  return AMANAT_OK;
}

static int stream_read(stream_in *in, uint8_t *out, size_t len) {
  while (len > 0) {
    const uint8_t *data;
    size_t n;
    int rc = stream_next(in, len, &data, &n);
    if (rc != AMANAT_OK)
      return rc;
    memcpy(out, data, n);
    out += n;
    len -= n;
  }
  return AMANAT_OK;
}

/* After the end record: zero padding to the end of the final message. */
static int stream_finish(stream_in *in) {
  for (;;) {
    if (!sodium_is_zero(in->plain + in->pos, in->avail - in->pos))
      return AMANAT_E_BAD_BACKUP;
    in->pos = in->avail;
    if (in->final_seen)
      return AMANAT_OK;
    int rc = pull_message(in);
    if (rc != AMANAT_OK)
      return rc;
  }
}

static int is_pack_name(const uint8_t name[BACKUP_NAME_LEN]) {
  for (int i = 0; i < BACKUP_NAME_LEN; i++)
    if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
      return 0;
  return 1;
}

/* Checks one record header against what may come at this point of the stream. */
static int check_record(int expected, int type, const uint8_t *name, uint64_t size,
                        const uint8_t *last_pack) {
  if (expected == BACKUP_REC_PACK && type == BACKUP_REC_END)
    return size == 0 && sodium_is_zero(name, BACKUP_NAME_LEN) ? AMANAT_OK : AMANAT_E_BAD_BACKUP;
  if (type != expected)
    return AMANAT_E_BAD_BACKUP;
  switch (type) {
  case BACKUP_REC_KEYS:
    return size == BACKUP_KEYS_LEN && sodium_is_zero(name, BACKUP_NAME_LEN) ? AMANAT_OK
                                                                            : AMANAT_E_BAD_BACKUP;
  case BACKUP_REC_REAL_DB:
  case BACKUP_REC_DECOY_DB:
    return size > 0 && size <= BACKUP_DB_MAX && size % AMANAT_DB_PAGE_SIZE == 0 &&
                   sodium_is_zero(name, BACKUP_NAME_LEN)
               ? AMANAT_OK
               : AMANAT_E_BAD_BACKUP;
  default: /* a pack: named, in strictly ascending order (so each name once) */
    return size > 0 && size <= PACK_MAX_SIZE && is_pack_name(name) &&
                   (last_pack[0] == 0 || memcmp(name, last_pack, BACKUP_NAME_LEN) > 0)
               ? AMANAT_OK
               : AMANAT_E_BAD_BACKUP;
  }
}

/* Passes `size` bytes of the record on to the sink. */
static int copy_record(stream_in *in, uint64_t size, const backup_sink *sink) {
  while (size > 0) {
    const uint8_t *data;
    size_t n;
    int rc =
        stream_next(in, size > BACKUP_MESSAGE_LEN ? BACKUP_MESSAGE_LEN : (size_t)size, &data, &n);
    if (rc == AMANAT_OK && sink->data != NULL)
      rc = sink->data(sink->ctx, data, n);
    if (rc != AMANAT_OK)
      return rc;
    size -= n;
  }
  return sink->end != NULL ? sink->end(sink->ctx) : AMANAT_OK;
}

static int read_records(stream_in *in, const backup_sink *sink, uint8_t *keys) {
  int expected = BACKUP_REC_KEYS;
  uint8_t last_pack[BACKUP_NAME_LEN + 1] = {0};
  for (;;) {
    uint8_t record[BACKUP_RECORD_HEADER_LEN];
    int rc = stream_read(in, record, sizeof record);
    if (rc != AMANAT_OK)
      return rc;
    int type = record[0];
    const uint8_t *name = record + 1;
    uint64_t size = le64_load(record + 1 + BACKUP_NAME_LEN);
    rc = check_record(expected, type, name, size, last_pack);
    if (rc != AMANAT_OK)
      return rc;
    if (type == BACKUP_REC_END)
      return stream_finish(in);
    if (type == BACKUP_REC_KEYS) {
      uint8_t *copy = io_secure_alloc(BACKUP_KEYS_LEN);
      if (copy == NULL)
        return AMANAT_E_NOMEM;
      rc = stream_read(in, copy, BACKUP_KEYS_LEN);
      if (rc == AMANAT_OK && !sodium_is_zero(copy + 4, 4))
        rc = AMANAT_E_BAD_BACKUP;
      if (rc == AMANAT_OK && keys != NULL)
        memcpy(keys, copy, BACKUP_KEYS_LEN);
      secret_free(&copy);
      if (rc != AMANAT_OK)
        return rc;
      expected = BACKUP_REC_REAL_DB;
      continue;
    }
    char pack_name[BACKUP_NAME_LEN + 1] = "";
    if (type == BACKUP_REC_PACK) {
      memcpy(pack_name, name, BACKUP_NAME_LEN);
      memcpy(last_pack, name, BACKUP_NAME_LEN);
    }
    if (sink->begin != NULL && (rc = sink->begin(sink->ctx, type, pack_name, size)) != AMANAT_OK)
      return rc;
    rc = copy_record(in, size, sink);
    if (rc != AMANAT_OK)
      return rc;
    expected = type == BACKUP_REC_REAL_DB ? BACKUP_REC_DECOY_DB : BACKUP_REC_PACK;
  }
}

int backup_read_stream(const char *path, const uint8_t *file_key,
                       const uint8_t header[BACKUP_HEADER_LEN], uint64_t limit,
                       const backup_sink *sink, uint8_t *keys, amanat_progress progress,
                       void *progress_data) {
  static const backup_sink no_sink = {0};
  stream_in in = {
      .fd = -1, .first = 1, .header = header, .progress = progress, .progress_data = progress_data};
  uint8_t now[BACKUP_HEADER_LEN];
  int rc = backup_read_header(path, now);
  /* The file must still be the one whose header was opened. */
  if (rc == AMANAT_OK && memcmp(now, header, BACKUP_HEADER_LEN) != 0)
    rc = AMANAT_E_BAD_BACKUP;
  if (rc == AMANAT_OK)
    rc = io_open(path, O_RDONLY, 0, &in.fd);
  struct stat st;
  if (rc == AMANAT_OK && fstat(in.fd, &st) != 0)
    rc = AMANAT_E_UNREADABLE;
  if (rc == AMANAT_OK) {
    in.size = limit != 0 && limit < (uint64_t)st.st_size ? limit : (uint64_t)st.st_size;
    in.offset = BACKUP_HEADER_LEN;
    in.state = io_secure_alloc(sizeof *in.state);
    in.plain = io_secure_alloc(BACKUP_MESSAGE_LEN);
    in.cipher = io_malloc(BACKUP_CIPHER_MESSAGE_LEN);
    if (in.state == NULL || in.plain == NULL || in.cipher == NULL)
      rc = AMANAT_E_NOMEM;
  }
  if (rc == AMANAT_OK &&
      (in.size < BACKUP_HEADER_LEN || crypto_secretstream_xchacha20poly1305_init_pull(
                                          in.state, header + BACKUP_STREAM_OFF, file_key) != 0))
    rc = AMANAT_E_BAD_BACKUP;
  if (rc == AMANAT_OK)
    rc = read_records(&in, sink != NULL ? sink : &no_sink, keys);
  io_close(&in.fd);
  secret_free(&in.state);
  secret_free(&in.plain);
  free(in.cipher);
  return rc;
}

int amanat_backup_check(amanat_backup *b, amanat_progress progress, void *progress_data) {
  return backup_read_stream(b->path, b->file_key, b->header, 0, NULL, NULL, progress,
                            progress_data);
}
