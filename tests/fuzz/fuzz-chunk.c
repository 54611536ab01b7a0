/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-chunk.c: libFuzzer target for the pack and chunk reader (FORMAT.md §Packs, §Chunks).
 *
 * Input: a mode byte, a byte whose bit 0 is the final flag and bits 1-2 the chunk index,
 * then one of:
 *   FUZZ_CHUNK_RECORD  a sealed record, opened under the fixed document key;
 *   FUZZ_CHUNK_PLAIN   the plaintext of a record (flags, u32 length, payload, padding),
 *                      sealed here from the spec, then opened: reaches the length,
 *                      padding and zstd checks behind the AEAD;
 *   FUZZ_CHUNK_PACK    u16 offset, u16 length, then a pack file: read with pack_read as
 *                      a document read does, then opened.
 * Besides crashes, it aborts when a record that opens breaks FORMAT.md (more than 1 MiB
 * of content, content that is not the payload) or does not survive being sealed again. */
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "chunk.h"
#include "fuzz-common.h"
#include "pack.h"
#include "vault_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static chunk_codec codec;
static uint8_t *record, *raw, *raw_again;
static char vault_dir[64];
static int pack_fd = -1;
static struct amanat_vault vault; /* only its folder, for pack_read */

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz-chunk: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);         \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

static void remove_dir(void) {
  char path[sizeof vault_dir + 64];
  snprintf(path, sizeof path, "%s/" PACK_DIR "/" FUZZ_PACK_NAME, vault_dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/" PACK_DIR, vault_dir);
  rmdir(path);
  rmdir(vault_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  CHECK(amanat_init() == AMANAT_OK);
  CHECK(chunk_codec_init(&codec) == AMANAT_OK);
  record = malloc(CHUNK_RECORD_MAX);
  raw = malloc(CHUNK_RAW_MAX);
  raw_again = malloc(CHUNK_RAW_MAX);
  CHECK(record && raw && raw_again);
  /* In memory (tmpfs) when there is one: on a disk, the file writes are the bottleneck. */
  snprintf(vault_dir, sizeof vault_dir, "/dev/shm/amanat-fuzz-chunk-XXXXXX");
  if (mkdtemp(vault_dir) == NULL) {
    snprintf(vault_dir, sizeof vault_dir, "/tmp/amanat-fuzz-chunk-XXXXXX");
    CHECK(mkdtemp(vault_dir) != NULL);
  }
  atexit(remove_dir);
  char path[sizeof vault_dir + 64];
  snprintf(path, sizeof path, "%s/" PACK_DIR, vault_dir);
  CHECK(mkdir(path, 0700) == 0);
  snprintf(path, sizeof path, "%s/" PACK_DIR "/" FUZZ_PACK_NAME, vault_dir);
  pack_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  vault.dir_fd = open(vault_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  CHECK(pack_fd >= 0 && vault.dir_fd >= 0);
  return 0;
}

/* Seals `plain` as chunk `seq` of the fixed document, from the spec. */
static size_t seal_plain(const uint8_t *plain, size_t len, uint64_t seq, int final) {
  uint8_t ad[CHUNK_UID_LEN + 9];
  memcpy(ad, fuzz_doc_uid, CHUNK_UID_LEN);
  le64_store(ad + CHUNK_UID_LEN, seq);
  ad[CHUNK_UID_LEN + 8] = final ? 1 : 0;
  memset(record, 0x5a, CHUNK_NONCE_LEN);
  crypto_aead_xchacha20poly1305_ietf_encrypt(record + CHUNK_NONCE_LEN, NULL, plain, len, ad,
                                             sizeof ad, NULL, record, fuzz_doc_key);
  return CHUNK_NONCE_LEN + len + CHUNK_TAG_LEN;
}

/* What opened must seal and open again to the same bytes (the writer's side). */
static void check_reseal(const uint8_t *content, size_t len, uint64_t seq, int final) {
  size_t payload_len = 0, record_len = 0, again_len = 0;
  CHECK(chunk_prepare(&codec, content, len, &payload_len) == AMANAT_OK);
  CHECK(chunk_seal(&codec, fuzz_doc_key, fuzz_doc_uid, seq, final, 0, record, &record_len) ==
        AMANAT_OK);
  CHECK(chunk_open(&codec, fuzz_doc_key, fuzz_doc_uid, seq, final, record, record_len, raw_again,
                   &again_len) == AMANAT_OK);
  CHECK(again_len == len && memcmp(raw_again, content, len) == 0);
}

static void open_record(const uint8_t *rec, size_t len, uint64_t seq, int final,
                        const uint8_t *plain) {
  size_t raw_len = 0;
  int rc = chunk_open(&codec, fuzz_doc_key, fuzz_doc_uid, seq, final, rec, len, raw, &raw_len);
  CHECK(rc == AMANAT_OK || rc == AMANAT_E_DAMAGED);
  if (rc != AMANAT_OK)
    return;
  CHECK(raw_len <= CHUNK_RAW_MAX);
  if (plain != NULL && (plain[0] & CHUNK_FLAG_ZSTD) == 0)
    CHECK(raw_len == le32_load(plain + 1) && memcmp(raw, plain + CHUNK_HEADER_LEN, raw_len) == 0);
  check_reseal(raw, raw_len, seq, final); /* overwrites `record`: it has been read */
}

static void read_pack(const uint8_t *in, size_t len, uint64_t seq, int final) {
  if (len < 4)
    return;
  uint64_t offset = le16_load(in);
  size_t want = le16_load(in + 2);
  const uint8_t *file = in + 4;
  size_t file_len = len - 4;
  CHECK(ftruncate(pack_fd, 0) == 0);
  CHECK(file_len == 0 || pwrite(pack_fd, file, file_len, 0) == (ssize_t)file_len);
  pack_reader reader;
  pack_reader_init(&reader, &vault);
  int rc = pack_read(&reader, FUZZ_PACK_NAME, offset, record, want);
  pack_reader_close(&reader);
  /* A record that runs past the end of its pack is damage, never a short read. (A
   * document read never asks for 0 bytes.) */
  CHECK(want == 0 || (rc == AMANAT_OK) == (offset + want <= file_len));
  if (rc == AMANAT_OK)
    open_record(record, want, seq, final, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2 || size - 2 > CHUNK_PLAIN_MAX)
    return 0;
  int final = data[1] & 1;
  uint64_t seq = (data[1] >> 1) & 3;
  const uint8_t *in = data + 2;
  size_t len = size - 2;
  switch (data[0]) {
  case FUZZ_CHUNK_PLAIN: {
    if (len < CHUNK_HEADER_LEN)
      return 0;
    uint8_t *plain = malloc(len);
    CHECK(plain != NULL);
    memcpy(plain, in, len);
    size_t record_len = seal_plain(plain, len, seq, final);
    open_record(record, record_len, seq, final, plain);
    free(plain);
    break;
  }
  case FUZZ_CHUNK_PACK:
    read_pack(in, len, seq, final);
    break;
  default: /* read where it lies, so ASan sees any read past its end */
    open_record(in, len, seq, final, NULL);
    break;
  }
  return 0;
}
