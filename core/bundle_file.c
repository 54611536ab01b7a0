/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bundle_file.c: writing and reading the bundle container: recipients, sealed chunks,
 * padding, the signature and numbered parts. */
#include "bundle_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "io.h"
#include "padme.h"
#include "secret.h"

#define SIG_DOMAIN  "AMANAT BUNDLE 1 SIGNATURE"
#define SLOT_DOMAIN "AMANAT BUNDLE 1 SLOT"
#define MSDOS_MAGIC 0x4d44 /* FAT12/16/32, from statfs(2) */
#define READ_BLOCK  (1u << 20)

static void chunk_nonce(uint64_t index, uint8_t nonce[24]) {
  memset(nonce, 0, 24);
  for (int i = 0; i < 8; i++)
    nonce[i] = (uint8_t)(index >> (8 * i));
}

/* The key that wraps the file key for one recipient: from the X25519 shared secret and
 * both public keys, so a slot opens only for the key it was made for. */
static int slot_key(const uint8_t *secret, const uint8_t *their_pk, const uint8_t *eph_pk,
                    const uint8_t *recipient_pk, uint8_t key[32]) {
  uint8_t shared[32];
  if (crypto_scalarmult(shared, secret, their_pk) != 0)
    return AMANAT_E_BAD_BUNDLE; /* a low-order point */
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, 32);
  crypto_generichash_update(&st, (const uint8_t *)SLOT_DOMAIN, sizeof SLOT_DOMAIN - 1);
  crypto_generichash_update(&st, shared, 32);
  crypto_generichash_update(&st, eph_pk, 32);
  crypto_generichash_update(&st, recipient_pk, 32);
  crypto_generichash_final(&st, key, 32);
  sodium_memzero(shared, sizeof shared);
  sodium_memzero(&st, sizeof st);
  return AMANAT_OK;
}

/* ---- Writing ---------------------------------------------------------------------- */

struct bundle_writer {
  char *path, *folder;
  uint64_t part_size;
  char **temps; /* temporary name of each part */
  int *fds;
  unsigned parts;
  char **finals; /* names already renamed into place, for cleanup on failure */
  unsigned finals_done;
  uint64_t written;
  crypto_generichash_state *hash; /* sodium memory */
  uint8_t *file_key, *sign_sk, *plain;
  size_t plain_len;
  uint8_t sealed[BUNDLE_SEALED_LEN];
  uint64_t chunk_index;
  int finished;
};

static int new_part(bundle_writer *w) {
  if (w->parts == BUNDLE_MAX_PARTS)
    return AMANAT_E_INVALID;
  char **temps = io_realloc(w->temps, (w->parts + 1) * sizeof *temps);
  if (temps == NULL)
    return AMANAT_E_NOMEM;
  w->temps = temps;
  int *fds = io_realloc(w->fds, (w->parts + 1) * sizeof *fds);
  if (fds == NULL)
    return AMANAT_E_NOMEM;
  w->fds = fds;
  char *temp = NULL;
  int fd = -1;
  int rc = io_temp_make(w->folder, IO_TEMP_PREFIX, 0, &temp, &fd);
  if (rc != AMANAT_OK)
    return rc;
  w->temps[w->parts] = temp;
  w->fds[w->parts] = fd;
  w->parts++;
  return AMANAT_OK;
}

/* Appends to the stream of parts, starting a new part at each part_size boundary. */
static int put(bundle_writer *w, const uint8_t *data, size_t len) {
  while (len > 0) {
    uint64_t part = w->written / w->part_size, at = w->written % w->part_size;
    if (part >= w->parts) {
      int rc = new_part(w);
      if (rc != AMANAT_OK)
        return rc;
    }
    uint64_t room = w->part_size - at;
    size_t n = len < room ? len : (size_t)room;
    int rc = io_pwrite_all(w->fds[part], data, n, (off_t)at);
    if (rc != AMANAT_OK)
      return rc;
    w->written += n;
    data += n;
    len -= n;
  }
  return AMANAT_OK;
}

static int seal_chunk(bundle_writer *w, const uint8_t *plain, size_t len, int final) {
  uint8_t nonce[24], flag = (uint8_t) final;
  chunk_nonce(w->chunk_index++, nonce);
  unsigned long long sealed_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(w->sealed, &sealed_len, plain, len, &flag, 1, NULL,
                                             nonce, w->file_key);
  if (!final)
    crypto_generichash_update(w->hash, w->sealed, (size_t)sealed_len);
  return put(w, w->sealed, (size_t)sealed_len);
}

uint64_t bundle_part_limit(const char *path) {
  char *copy = io_strdup(path);
  struct statfs st;
  uint64_t limit = UINT64_MAX;
  if (copy != NULL && statfs(dirname(copy), &st) == 0 && st.f_type == MSDOS_MAGIC)
    limit = BUNDLE_FAT_PART_MAX;
  free(copy);
  return limit;
}

static int exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

static char *part_name(const char *path, unsigned index) {
  size_t len = strlen(path) + 8;
  char *name = io_malloc(len);
  if (name != NULL)
    snprintf(name, len, "%s.%03u", path, index + 1);
  return name;
}

int bundle_writer_open(bundle_writer **out, const char *path, const uint8_t (*recipients)[32],
                       size_t recipient_count, const uint8_t *sign_sk, uint64_t part_size) {
  *out = NULL;
  if (recipient_count == 0 || recipient_count > BUNDLE_SLOTS)
    return AMANAT_E_INVALID;
  char *first_part = part_name(path, 0);
  int taken = first_part == NULL || exists(path) || exists(first_part);
  free(first_part);
  if (taken)
    return AMANAT_E_EXISTS;
  bundle_writer *w = io_calloc(1, sizeof *w);
  if (w == NULL)
    return AMANAT_E_NOMEM;
  *out = w;
  w->path = io_strdup(path);
  char *copy = io_strdup(path);
  w->folder = copy != NULL ? io_strdup(dirname(copy)) : NULL;
  free(copy);
  w->part_size = part_size != 0 ? part_size : bundle_part_limit(path);
  w->hash = io_secure_alloc(sizeof *w->hash);
  w->file_key = io_secure_alloc(32);
  w->sign_sk = io_secure_alloc(crypto_sign_SECRETKEYBYTES);
  w->plain = io_secure_alloc(BUNDLE_CHUNK_LEN);
  if (w->path == NULL || w->folder == NULL || w->hash == NULL || w->file_key == NULL ||
      w->sign_sk == NULL || w->plain == NULL)
    return AMANAT_E_NOMEM;
  if (w->part_size < BUNDLE_SEALED_LEN)
    return AMANAT_E_INVALID;
  memcpy(w->sign_sk, sign_sk, crypto_sign_SECRETKEYBYTES);
  io_random(w->file_key, 32);
  crypto_generichash_init(w->hash, NULL, 0, crypto_generichash_BYTES_MAX);

  uint8_t header[BUNDLE_HEADER_LEN], eph_sk[32];
  header[0] = 0;
  header[1] = BUNDLE_VERSION;
  crypto_box_keypair(header + 2, eph_sk);
  /* Unused slots are random: the number of recipients does not show. */
  io_random(header + 34, BUNDLE_SLOTS * BUNDLE_SLOT_LEN);
  uint8_t order[BUNDLE_SLOTS];
  for (unsigned i = 0; i < BUNDLE_SLOTS; i++)
    order[i] = (uint8_t)i;
  for (unsigned i = BUNDLE_SLOTS - 1; i > 0; i--) {
    unsigned j = randombytes_uniform(i + 1);
    uint8_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  int rc = AMANAT_OK;
  for (size_t r = 0; r < recipient_count && rc == AMANAT_OK; r++) {
    uint8_t key[32], nonce[24] = {0};
    unsigned slot = order[r];
    nonce[0] = (uint8_t)slot;
    rc = slot_key(eph_sk, recipients[r], header + 2, recipients[r], key);
    if (rc == AMANAT_OK)
      crypto_aead_xchacha20poly1305_ietf_encrypt(header + 34 + slot * BUNDLE_SLOT_LEN, NULL,
                                                 w->file_key, 32, header, 34, NULL, nonce, key);
    sodium_memzero(key, sizeof key);
  }
  sodium_memzero(eph_sk, sizeof eph_sk);
  if (rc != AMANAT_OK)
    return AMANAT_E_INVALID;
  crypto_generichash_update(w->hash, header, sizeof header);
  return put(w, header, sizeof header);
}

int bundle_writer_write(bundle_writer *w, const void *data, size_t len) {
  const uint8_t *p = data;
  while (len > 0) {
    size_t n = BUNDLE_CHUNK_LEN - w->plain_len < len ? BUNDLE_CHUNK_LEN - w->plain_len : len;
    memcpy(w->plain + w->plain_len, p, n);
    w->plain_len += n;
    p += n;
    len -= n;
    if (w->plain_len == BUNDLE_CHUNK_LEN) {
      int rc = seal_chunk(w, w->plain, BUNDLE_CHUNK_LEN, 0);
      w->plain_len = 0;
      if (rc != AMANAT_OK)
        return rc;
    }
  }
  return AMANAT_OK;
}

static int rename_parts(bundle_writer *w) {
  w->finals = io_calloc(w->parts, sizeof *w->finals);
  if (w->finals == NULL)
    return AMANAT_E_NOMEM;
  for (unsigned i = 0; i < w->parts; i++) {
    w->finals[i] = w->parts == 1 ? io_strdup(w->path) : part_name(w->path, i);
    if (w->finals[i] == NULL)
      return AMANAT_E_NOMEM;
    int rc = io_rename_noreplace(w->temps[i], w->finals[i]);
    if (rc != AMANAT_OK)
      return rc;
    w->finals_done = i + 1;
  }
  return io_fsync_path(w->folder);
}

int bundle_writer_finish(bundle_writer *w) {
  int rc = AMANAT_OK;
  if (w->plain_len > 0 || w->chunk_index == 0) {
    memset(w->plain + w->plain_len, 0, BUNDLE_CHUNK_LEN - w->plain_len);
    rc = seal_chunk(w, w->plain, BUNDLE_CHUNK_LEN, 0);
    w->plain_len = 0;
  }
  /* Padding: zero chunks until the whole file has a Padmé size. */
  uint64_t total = BUNDLE_HEADER_LEN + w->chunk_index * BUNDLE_SEALED_LEN + BUNDLE_FINAL_LEN;
  uint64_t target = padme_round(total);
  uint64_t chunks =
      (target - BUNDLE_HEADER_LEN - BUNDLE_FINAL_LEN + BUNDLE_SEALED_LEN - 1) / BUNDLE_SEALED_LEN;
  memset(w->plain, 0, BUNDLE_CHUNK_LEN);
  while (rc == AMANAT_OK && w->chunk_index < chunks)
    rc = seal_chunk(w, w->plain, BUNDLE_CHUNK_LEN, 0);
  if (rc == AMANAT_OK) {
    uint8_t message[sizeof SIG_DOMAIN - 1 + crypto_generichash_BYTES_MAX];
    memcpy(message, SIG_DOMAIN, sizeof SIG_DOMAIN - 1);
    crypto_generichash_final(w->hash, message + sizeof SIG_DOMAIN - 1,
                             crypto_generichash_BYTES_MAX);
    crypto_sign_detached(w->plain, NULL, message, sizeof message, w->sign_sk);
    rc = seal_chunk(w, w->plain, BUNDLE_SIG_LEN, 1);
  }
  for (unsigned i = 0; i < w->parts && rc == AMANAT_OK; i++) {
    rc = io_fsync(w->fds[i]);
    /* The verifying re-read should read the drive, not what the kernel still holds. */
    if (rc == AMANAT_OK)
      (void)posix_fadvise(w->fds[i], 0, 0, POSIX_FADV_DONTNEED);
  }
  /* The parts stay open, and so locked against a sweep (io_temp_sweep), until freed. */
  if (rc == AMANAT_OK)
    rc = rename_parts(w);
  return rc;
}

void bundle_writer_keep(bundle_writer *w) {
  w->finished = 1;
}

uint64_t bundle_writer_size(const bundle_writer *w) {
  return w->written;
}

unsigned bundle_writer_parts(const bundle_writer *w) {
  return w->parts;
}

void bundle_writer_free(bundle_writer *w) {
  if (w == NULL)
    return;
  for (unsigned i = 0; i < w->parts; i++) {
    if (w->fds[i] >= 0)
      io_close(&w->fds[i]);
    if (!w->finished && i >= w->finals_done)
      unlink(w->temps[i]);
    free(w->temps[i]);
  }
  /* A failure after some parts were renamed: no bundle may be left half in place. */
  for (unsigned i = 0; w->finals != NULL && i < w->parts; i++) {
    if (!w->finished && i < w->finals_done)
      unlink(w->finals[i]);
    free(w->finals[i]);
  }
  free(w->finals);
  free(w->temps);
  free(w->fds);
  free(w->path);
  free(w->folder);
  secret_free(&w->hash);
  secret_free(&w->file_key);
  secret_free(&w->sign_sk);
  secret_free(&w->plain);
  free(w);
}

/* ---- Reading ---------------------------------------------------------------------- */

struct bundle_reader {
  int *fds;
  uint64_t *part_sizes;
  unsigned parts;
  uint64_t size, chunks; /* body chunks, the signature's not counted */
  uint8_t *file_key, *plain;
  uint8_t checked_hash[crypto_generichash_BYTES_MAX];
  int one_pass; /* the signature is checked at the end, over the bytes read once */
  uint8_t sig[BUNDLE_SIG_LEN], sender_ed[32];
  crypto_generichash_state *hash;
  uint64_t next_chunk;
  size_t plain_pos, plain_len;
  uint8_t sealed[BUNDLE_SEALED_LEN];
};

/* A regular file, opened without blocking (a named pipe must not hang the import). */
static int open_regular(const char *path, int *fd_out, uint64_t *size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return errno == ENOENT ? AMANAT_E_NOT_FOUND : AMANAT_E_UNREADABLE;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return AMANAT_E_UNREADABLE;
  }
  *fd_out = fd;
  *size = (uint64_t)st.st_size;
  return AMANAT_OK;
}

static int add_part(bundle_reader *r, int fd, uint64_t size) {
  int *fds = io_realloc(r->fds, (r->parts + 1) * sizeof *fds);
  if (fds == NULL) {
    close(fd);
    return AMANAT_E_NOMEM;
  }
  r->fds = fds;
  uint64_t *sizes = io_realloc(r->part_sizes, (r->parts + 1) * sizeof *sizes);
  if (sizes == NULL) {
    close(fd);
    return AMANAT_E_NOMEM;
  }
  r->part_sizes = sizes;
  r->fds[r->parts] = fd;
  r->part_sizes[r->parts++] = size;
  r->size += size;
  return AMANAT_OK;
}

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* PATH alone, or PATH.001, PATH.002... (PATH may name the first part itself). */
static int open_parts(bundle_reader *r, const char *path) {
  char *base = io_strdup(path);
  if (base == NULL)
    return AMANAT_E_NOMEM;
  int fd = -1;
  uint64_t size = 0;
  int rc = AMANAT_OK;
  if (ends_with(base, ".001")) {
    base[strlen(base) - 4] = '\0';
  } else {
    rc = open_regular(path, &fd, &size);
    if (rc == AMANAT_OK) {
      free(base);
      return add_part(r, fd, size);
    }
    if (rc != AMANAT_E_NOT_FOUND) {
      free(base);
      return rc;
    }
  }
  for (unsigned i = 0; i < BUNDLE_MAX_PARTS; i++) {
    char *name = part_name(base, i);
    if (name == NULL) {
      rc = AMANAT_E_NOMEM;
      break;
    }
    rc = open_regular(name, &fd, &size);
    free(name);
    if (rc == AMANAT_E_NOT_FOUND && i > 0) {
      rc = AMANAT_OK; /* the parts end here; a missing last part shows as a cut bundle */
      break;
    }
    if (rc == AMANAT_OK)
      rc = add_part(r, fd, size);
    if (rc != AMANAT_OK)
      break;
  }
  free(base);
  return rc == AMANAT_E_NOT_FOUND ? AMANAT_E_UNREADABLE : rc;
}

static int read_at(bundle_reader *r, uint64_t offset, uint8_t *buf, size_t len) {
  unsigned part = 0;
  while (part < r->parts && offset >= r->part_sizes[part])
    offset -= r->part_sizes[part++];
  while (len > 0) {
    if (part >= r->parts)
      return AMANAT_E_BAD_BUNDLE;
    uint64_t room = r->part_sizes[part] - offset;
    size_t n = len < room ? len : (size_t)room;
    size_t got = 0;
    int rc = io_pread_all(r->fds[part], buf, n, (off_t)offset, &got);
    if (rc != AMANAT_OK)
      return AMANAT_E_UNREADABLE;
    if (got != n)
      return AMANAT_E_BAD_BUNDLE; /* the file shrank under us */
    buf += n;
    len -= n;
    offset = 0;
    part++;
  }
  return AMANAT_OK;
}

static int open_chunk(bundle_reader *r, uint64_t index, int final, uint8_t *plain,
                      size_t *plain_len) {
  uint64_t offset = BUNDLE_HEADER_LEN + index * BUNDLE_SEALED_LEN;
  size_t len = final ? BUNDLE_FINAL_LEN : BUNDLE_SEALED_LEN;
  int rc = read_at(r, offset, r->sealed, len);
  if (rc != AMANAT_OK)
    return rc;
  if (!final && r->hash != NULL)
    crypto_generichash_update(r->hash, r->sealed, len);
  uint8_t nonce[24], flag = (uint8_t) final;
  chunk_nonce(index, nonce);
  unsigned long long out_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &out_len, NULL, r->sealed, len, &flag, 1,
                                                 nonce, r->file_key) != 0)
    return AMANAT_E_BAD_BUNDLE;
  *plain_len = (size_t)out_len;
  return AMANAT_OK;
}

static int find_slot(bundle_reader *r, const uint8_t *header, const uint8_t *sk,
                     const uint8_t *pk) {
  uint8_t key[32];
  if (header[0] != 0 || header[1] != BUNDLE_VERSION)
    return header[0] == 0 && header[1] > BUNDLE_VERSION ? AMANAT_E_VERSION : AMANAT_E_BAD_BUNDLE;
  if (slot_key(sk, header + 2, header + 2, pk, key) != AMANAT_OK)
    return AMANAT_E_BAD_BUNDLE;
  int found = 0;
  uint8_t candidate[32];
  /* Every slot is tried, found or not, so timing does not tell which one was ours. */
  for (unsigned slot = 0; slot < BUNDLE_SLOTS; slot++) {
    uint8_t nonce[24] = {0};
    nonce[0] = (uint8_t)slot;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(candidate, NULL, NULL,
                                                   header + 34 + slot * BUNDLE_SLOT_LEN,
                                                   BUNDLE_SLOT_LEN, header, 34, nonce, key) == 0 &&
        !found) {
      memcpy(r->file_key, candidate, 32);
      found = 1;
    }
  }
  sodium_memzero(candidate, sizeof candidate);
  sodium_memzero(key, sizeof key);
  return found ? AMANAT_OK : AMANAT_E_NOT_RECIPIENT;
}

/* Hashes the header and every body chunk as stored, for the signature. */
static int hash_body(bundle_reader *r, uint8_t out[crypto_generichash_BYTES_MAX]) {
  uint64_t end = BUNDLE_HEADER_LEN + r->chunks * BUNDLE_SEALED_LEN;
  /* No bigger than the bundle: most bundles are a few KiB. */
  uint8_t *block = io_malloc(end < READ_BLOCK ? (size_t)end : READ_BLOCK);
  if (block == NULL)
    return AMANAT_E_NOMEM;
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES_MAX);
  int rc = AMANAT_OK;
  for (uint64_t at = 0; at < end && rc == AMANAT_OK;) {
    size_t n = end - at < READ_BLOCK ? (size_t)(end - at) : READ_BLOCK;
    rc = read_at(r, at, block, n);
    if (rc == AMANAT_OK)
      crypto_generichash_update(&st, block, n);
    at += n;
  }
  crypto_generichash_final(&st, out, crypto_generichash_BYTES_MAX);
  free(block);
  return rc;
}

static int check_signature(const uint8_t *sig, const uint8_t *hash, const uint8_t *pk) {
  uint8_t message[sizeof SIG_DOMAIN - 1 + crypto_generichash_BYTES_MAX];
  memcpy(message, SIG_DOMAIN, sizeof SIG_DOMAIN - 1);
  memcpy(message + sizeof SIG_DOMAIN - 1, hash, crypto_generichash_BYTES_MAX);
  return crypto_sign_verify_detached(sig, message, sizeof message, pk) == 0 ? AMANAT_OK
                                                                            : AMANAT_E_BAD_BUNDLE;
}

/* The first record of every bundle: who sent it (FORMAT.md §Bundle records). */
static int read_sender(bundle_reader *r, uint8_t ed[32], uint8_t x[32]) {
  size_t len = 0;
  int rc = open_chunk(r, 0, 0, r->plain, &len);
  if (rc != AMANAT_OK)
    return rc;
  /* type 1, body length 4 bytes little-endian, then x25519 and ed25519 first */
  uint32_t body = (uint32_t)r->plain[1] | (uint32_t)r->plain[2] << 8 | (uint32_t)r->plain[3] << 16 |
                  (uint32_t)r->plain[4] << 24;
  if (r->plain[0] != 1 || body < 64)
    return AMANAT_E_BAD_BUNDLE;
  memcpy(x, r->plain + 5, 32);
  memcpy(ed, r->plain + 37, 32);
  return AMANAT_OK;
}

static int reader_open(bundle_reader **out, const char *path, const uint8_t *x25519_sk,
                       const uint8_t *x25519_pk, uint8_t sender_ed25519[32],
                       uint8_t sender_x25519[32], int one_pass) {
  *out = NULL;
  bundle_reader *r = io_calloc(1, sizeof *r);
  if (r == NULL)
    return AMANAT_E_NOMEM;
  *out = r;
  r->file_key = io_secure_alloc(32);
  r->plain = io_secure_alloc(BUNDLE_CHUNK_LEN);
  if (r->file_key == NULL || r->plain == NULL)
    return AMANAT_E_NOMEM;
  int rc = open_parts(r, path);
  if (rc != AMANAT_OK)
    return rc;
  if (r->size < BUNDLE_HEADER_LEN + BUNDLE_SEALED_LEN + BUNDLE_FINAL_LEN ||
      (r->size - BUNDLE_HEADER_LEN - BUNDLE_FINAL_LEN) % BUNDLE_SEALED_LEN != 0)
    return AMANAT_E_BAD_BUNDLE;
  r->chunks = (r->size - BUNDLE_HEADER_LEN - BUNDLE_FINAL_LEN) / BUNDLE_SEALED_LEN;
  uint8_t header[BUNDLE_HEADER_LEN];
  rc = read_at(r, 0, header, sizeof header);
  if (rc == AMANAT_OK)
    rc = find_slot(r, header, x25519_sk, x25519_pk);
  uint8_t sig[BUNDLE_SIG_LEN + 1];
  size_t sig_len = 0;
  r->one_pass = one_pass;
  if (rc == AMANAT_OK && !one_pass)
    rc = hash_body(r, r->checked_hash);
  if (rc == AMANAT_OK)
    rc = open_chunk(r, r->chunks, 1, r->plain, &sig_len);
  if (rc == AMANAT_OK && sig_len != BUNDLE_SIG_LEN)
    rc = AMANAT_E_BAD_BUNDLE;
  if (rc == AMANAT_OK)
    memcpy(sig, r->plain, BUNDLE_SIG_LEN);
  if (rc == AMANAT_OK)
    rc = read_sender(r, sender_ed25519, sender_x25519);
  if (rc == AMANAT_OK && !one_pass)
    rc = check_signature(sig, r->checked_hash, sender_ed25519);
  if (rc != AMANAT_OK)
    return rc;
  memcpy(r->sig, sig, BUNDLE_SIG_LEN);
  memcpy(r->sender_ed, sender_ed25519, 32);
  /* Reading starts again at the first chunk, hashing what it reads once more. */
  r->hash = io_secure_alloc(sizeof *r->hash);
  if (r->hash == NULL)
    return AMANAT_E_NOMEM;
  crypto_generichash_init(r->hash, NULL, 0, crypto_generichash_BYTES_MAX);
  crypto_generichash_update(r->hash, header, sizeof header);
  r->next_chunk = 0;
  r->plain_pos = r->plain_len = 0;
  return AMANAT_OK;
}

int bundle_reader_read(bundle_reader *r, void *buf, size_t len) {
  uint8_t *p = buf;
  while (len > 0) {
    if (r->plain_pos == r->plain_len) {
      if (r->next_chunk == r->chunks)
        return AMANAT_E_BAD_BUNDLE; /* a record runs past the body */
      int rc = open_chunk(r, r->next_chunk++, 0, r->plain, &r->plain_len);
      if (rc != AMANAT_OK)
        return rc;
      r->plain_pos = 0;
    }
    size_t n = r->plain_len - r->plain_pos < len ? r->plain_len - r->plain_pos : len;
    memcpy(p, r->plain + r->plain_pos, n);
    r->plain_pos += n;
    p += n;
    len -= n;
  }
  return AMANAT_OK;
}

static int all_zero(const uint8_t *p, size_t len) {
  uint8_t acc = 0;
  for (size_t i = 0; i < len; i++)
    acc |= p[i];
  return acc == 0;
}

int bundle_reader_finish(bundle_reader *r) {
  if (!all_zero(r->plain + r->plain_pos, r->plain_len - r->plain_pos))
    return AMANAT_E_BAD_BUNDLE;
  while (r->next_chunk < r->chunks) {
    int rc = open_chunk(r, r->next_chunk++, 0, r->plain, &r->plain_len);
    if (rc != AMANAT_OK)
      return rc;
    if (!all_zero(r->plain, r->plain_len))
      return AMANAT_E_BAD_BUNDLE;
  }
  r->plain_pos = r->plain_len;
  uint8_t again[crypto_generichash_BYTES_MAX];
  crypto_generichash_final(r->hash, again, sizeof again);
  if (r->one_pass)
    return check_signature(r->sig, again, r->sender_ed);
  /* The bytes applied must be the bytes whose signature was checked. */
  return sodium_memcmp(again, r->checked_hash, sizeof again) == 0 ? AMANAT_OK : AMANAT_E_BAD_BUNDLE;
}

int bundle_reader_open(bundle_reader **out, const char *path, const uint8_t *x25519_sk,
                       const uint8_t *x25519_pk, uint8_t sender_ed25519[32],
                       uint8_t sender_x25519[32]) {
  return reader_open(out, path, x25519_sk, x25519_pk, sender_ed25519, sender_x25519, 0);
}

int bundle_reader_open_one_pass(bundle_reader **out, const char *path, const uint8_t *x25519_sk,
                                const uint8_t *x25519_pk, uint8_t sender_ed25519[32],
                                uint8_t sender_x25519[32]) {
  return reader_open(out, path, x25519_sk, x25519_pk, sender_ed25519, sender_x25519, 1);
}

void bundle_reader_free(bundle_reader *r) {
  if (r == NULL)
    return;
  for (unsigned i = 0; i < r->parts; i++)
    close(r->fds[i]);
  free(r->fds);
  free(r->part_sizes);
  secret_free(&r->file_key);
  secret_free(&r->plain);
  secret_free(&r->hash);
  free(r);
}
