/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-bundle.c: libFuzzer target for sync bundles (the container of bundle_file.c and
 * the records of bundle_records.c, walked by sync_bundle.c). No vault is needed: the walk
 * runs with handlers that only look at what they are given.
 *
 * Input: a mode byte, then one of:
 *   FUZZ_BUNDLE_FILE    a bundle file: written to a file in /dev/shm, opened with
 *                       bundle_reader_open as the fixed recipient (fuzz_bundle_sk), then
 *                       walked with sync_bundle_walk;
 *   FUZZ_BUNDLE_RECORD  a byte whose low 2 bits pick sender, document, contact or
 *                       tombstone, then a record's body for record_get_*;
 *   FUZZ_BUNDLE_PLAIN   a bundle's body plaintext (the record stream), sealed here from
 *                       the container's layout to the fixed recipient and signed with the
 *                       fixed seed (its sender record's Ed25519 key, bytes 37..68, is
 *                       set to that seed's key first), then opened and walked: reaches the
 *                       record order, duplicate, content and padding checks behind the
 *                       signature.
 * Besides crashes, it aborts when an error other than the documented ones comes back,
 * when a record that decodes does not encode again to exactly its bytes (one encoding per
 * value), when a bundle sealed here per the layout does not open, or when the walk's
 * sender differs from the one the signature was checked against. */
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle_file.h"
#include "bundle_records.h"
#include "fuzz-common.h"
#include "sync_bundle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz-bundle: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

#define SIG_DOMAIN  "AMANAT BUNDLE 1 SIGNATURE"
#define SLOT_DOMAIN "AMANAT BUNDLE 1 SLOT"
#define OUR_SLOT    5
#define MAX_CHUNKS  8

static char dir[64], path[96];
static int fd = -1;
static uint8_t recipient_pk[32], sign_pk[32], sign_sk[64];
static uint8_t header[BUNDLE_HEADER_LEN], file_key[32];
static uint8_t *sealed, *plain;
static record_buf again;

static void remove_dir(void) {
  unlink(path);
  rmdir(dir);
}

/* The header of every FUZZ_BUNDLE_PLAIN input, from the layout: version, a fixed
 * ephemeral key, the fixed file key wrapped for the recipient in slot OUR_SLOT, the other
 * slots filler. */
static void make_header(void) {
  uint8_t eph_sk[32], shared[32], key[32], nonce[24] = {OUR_SLOT};
  crypto_generichash(eph_sk, 32, (const uint8_t *)"eph", 3, NULL, 0);
  crypto_generichash(file_key, 32, (const uint8_t *)"file key", 8, NULL, 0);
  header[0] = 0;
  header[1] = BUNDLE_VERSION;
  crypto_scalarmult_base(header + 2, eph_sk);
  memset(header + 34, 0xa5, BUNDLE_SLOTS * BUNDLE_SLOT_LEN);
  CHECK(crypto_scalarmult(shared, eph_sk, recipient_pk) == 0);
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, 32);
  crypto_generichash_update(&st, (const uint8_t *)SLOT_DOMAIN, sizeof SLOT_DOMAIN - 1);
  crypto_generichash_update(&st, shared, 32);
  crypto_generichash_update(&st, header + 2, 32);
  crypto_generichash_update(&st, recipient_pk, 32);
  crypto_generichash_final(&st, key, 32);
  crypto_aead_xchacha20poly1305_ietf_encrypt(header + 34 + OUR_SLOT * BUNDLE_SLOT_LEN, NULL,
                                             file_key, 32, header, 34, NULL, nonce, key);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  CHECK(amanat_init() == AMANAT_OK);
  crypto_scalarmult_base(recipient_pk, fuzz_bundle_sk);
  crypto_sign_seed_keypair(sign_pk, sign_sk, fuzz_bundle_sign_seed);
  make_header();
  sealed = malloc(BUNDLE_HEADER_LEN + MAX_CHUNKS * BUNDLE_SEALED_LEN + BUNDLE_FINAL_LEN);
  plain = malloc(MAX_CHUNKS * BUNDLE_CHUNK_LEN);
  CHECK(sealed != NULL && plain != NULL);
  /* In memory (tmpfs) when there is one: on a disk, the file writes are the bottleneck. */
  snprintf(dir, sizeof dir, "/dev/shm/amanat-fuzz-bundle-XXXXXX");
  if (mkdtemp(dir) == NULL) {
    snprintf(dir, sizeof dir, "/tmp/amanat-fuzz-bundle-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
  }
  snprintf(path, sizeof path, "%s/bundle", dir);
  fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  CHECK(fd >= 0);
  atexit(remove_dir);
  return 0;
}

/* ---- Records ---------------------------------------------------------------------- */

/* What decoded must encode to exactly the bytes it came from. */
static void check_again(const uint8_t *body, size_t len) {
  CHECK(!again.failed && again.len == 5 + len);
  CHECK(again.data[1] == (uint8_t)len && again.data[2] == (uint8_t)(len >> 8) &&
        again.data[3] == (uint8_t)(len >> 16) && again.data[4] == (uint8_t)(len >> 24));
  CHECK(len == 0 || memcmp(again.data + 5, body, len) == 0);
  record_buf_reset(&again);
}

static void decode_record(unsigned which, const uint8_t *in, size_t len) {
  /* A copy of exactly `len` bytes: ASan then sees any read past the end. */
  uint8_t *body = malloc(len > 0 ? len : 1);
  CHECK(body != NULL);
  memcpy(body, in, len);
  sync_arena arena = {0};
  int rc;
  switch (which & 3) {
  case 0: {
    bundle_sender s;
    rc = record_get_sender(body, len, &s);
    if (rc == AMANAT_OK) {
      record_put_sender(&again, &s);
      CHECK(again.data[0] == RECORD_SENDER);
    }
    break;
  }
  case 1: {
    sync_doc_state d;
    int has_content = 0;
    rc = record_get_document(body, len, &arena, &d, &has_content);
    if (rc == AMANAT_OK) {
      CHECK(has_content == 0 || has_content == 1);
      record_put_document(&again, &d, has_content);
      CHECK(again.data[0] == RECORD_DOCUMENT);
    }
    break;
  }
  case 2: {
    sync_contact_state c;
    rc = record_get_contact(body, len, &arena, &c);
    if (rc == AMANAT_OK) {
      record_put_contact(&again, &c, 0);
      CHECK(again.data[0] == RECORD_CONTACT);
    }
    break;
  }
  default: {
    sync_tombstone t;
    rc = record_get_tombstone(body, len, &arena, &t);
    if (rc == AMANAT_OK) {
      record_put_tombstone(&again, &t);
      CHECK(again.data[0] == RECORD_TOMBSTONE);
    }
    break;
  }
  }
  CHECK(rc == AMANAT_OK || rc == AMANAT_E_BAD_BUNDLE);
  if (rc == AMANAT_OK)
    check_again(body, len);
  record_buf_reset(&again);
  sync_arena_free(&arena);
  free(body);
}

/* ---- Walking ---------------------------------------------------------------------- */

static int on_contact(void *ctx, const sync_contact_state *c) {
  (void)ctx;
  CHECK(c->name != NULL && c->name[0] != '\0');
  return AMANAT_OK;
}

/* Reads a little of the content (the walk skips the rest). */
static int on_document(void *ctx, const sync_doc_state *d, sync_content *content) {
  (void)ctx;
  if (content == NULL)
    return AMANAT_OK;
  CHECK(content->left == d->size);
  uint8_t buf[100];
  size_t got = 0;
  int rc = sync_content_read(content, buf, sizeof buf, &got);
  if (rc == AMANAT_OK)
    CHECK(got == (d->size < sizeof buf ? d->size : sizeof buf));
  return rc;
}

static int on_tombstone(void *ctx, const sync_tombstone *t) {
  (void)ctx;
  CHECK(t->kind == 1 || t->kind == 2);
  return AMANAT_OK;
}

static const sync_handlers handlers = {on_contact, on_document, on_tombstone, NULL};

/* Opens the file at `path` and walks it; the code the open gave. */
static int read_bundle(void) {
  bundle_reader *r = NULL;
  uint8_t ed[32], x[32];
  int rc = bundle_reader_open(&r, path, fuzz_bundle_sk, recipient_pk, ed, x);
  CHECK(rc == AMANAT_OK || rc == AMANAT_E_BAD_BUNDLE || rc == AMANAT_E_NOT_RECIPIENT ||
        rc == AMANAT_E_VERSION);
  if (rc == AMANAT_OK) {
    bundle_sender sender;
    int walked = sync_bundle_walk(r, &handlers, &sender);
    CHECK(walked == AMANAT_OK || walked == AMANAT_E_BAD_BUNDLE);
    if (walked == AMANAT_OK)
      CHECK(memcmp(sender.ed25519, ed, 32) == 0 && memcmp(sender.x25519, x, 32) == 0);
  }
  bundle_reader_free(r);
  return rc;
}

static void write_file(const uint8_t *bytes, size_t len) {
  CHECK(ftruncate(fd, 0) == 0);
  CHECK(len == 0 || pwrite(fd, bytes, len, 0) == (ssize_t)len);
}

/* Seals `len` bytes of body plaintext into a bundle per the layout, and reads it. */
static void seal_and_read(const uint8_t *in, size_t len) {
  size_t chunks = len == 0 ? 1 : (len + BUNDLE_CHUNK_LEN - 1) / BUNDLE_CHUNK_LEN;
  if (chunks > MAX_CHUNKS)
    return;
  memset(plain, 0, chunks * BUNDLE_CHUNK_LEN);
  if (len > 0)
    memcpy(plain, in, len);
  memcpy(plain + 37, sign_pk, 32); /* the sender record names the signer */
  memcpy(sealed, header, BUNDLE_HEADER_LEN);
  uint8_t *at = sealed + BUNDLE_HEADER_LEN;
  for (size_t i = 0; i <= chunks; i++) {
    uint8_t nonce[24] = {0}, flag = i == chunks;
    for (int b = 0; b < 8; b++)
      nonce[b] = (uint8_t)((uint64_t)i >> (8 * b));
    if (i < chunks) {
      crypto_aead_xchacha20poly1305_ietf_encrypt(at, NULL, plain + i * BUNDLE_CHUNK_LEN,
                                                 BUNDLE_CHUNK_LEN, &flag, 1, NULL, nonce,
                                                 file_key);
      at += BUNDLE_SEALED_LEN;
    } else {
      uint8_t message[sizeof SIG_DOMAIN - 1 + crypto_generichash_BYTES_MAX], sig[64];
      memcpy(message, SIG_DOMAIN, sizeof SIG_DOMAIN - 1);
      crypto_generichash(message + sizeof SIG_DOMAIN - 1, crypto_generichash_BYTES_MAX, sealed,
                         (size_t)(at - sealed), NULL, 0);
      crypto_sign_detached(sig, NULL, message, sizeof message, sign_sk);
      crypto_aead_xchacha20poly1305_ietf_encrypt(at, NULL, sig, sizeof sig, &flag, 1, NULL, nonce,
                                                 file_key);
      at += BUNDLE_FINAL_LEN;
    }
  }
  write_file(sealed, (size_t)(at - sealed));
  int rc = read_bundle();
  /* The container is valid: only the sender record's first bytes can make it fail. */
  uint32_t body = (uint32_t)plain[1] | (uint32_t)plain[2] << 8 | (uint32_t)plain[3] << 16 |
                  (uint32_t)plain[4] << 24;
  CHECK((rc == AMANAT_OK) == (plain[0] == RECORD_SENDER && body >= 64));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const uint8_t *in = data + 1;
  size_t len = size - 1;
  switch (data[0]) {
  case FUZZ_BUNDLE_RECORD:
    if (len >= 1)
      decode_record(in[0], in + 1, len - 1);
    break;
  case FUZZ_BUNDLE_PLAIN:
    seal_and_read(in, len);
    break;
  default:
    write_file(in, len);
    (void)read_bundle();
    break;
  }
  return 0;
}
