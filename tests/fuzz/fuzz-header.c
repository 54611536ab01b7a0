/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-header.c: libFuzzer target for vault.hdr: the plaintext prefix as
 * amanat_vault_read_info reads it, then what an unlock does with the keyslots and the
 * attempt counter — with a fixed master key in place of Argon2id.
 *
 * Input: one mode byte, then either the header file itself (FUZZ_HEADER_FILE) or a
 * description whose slots this target seals under the fixed key (FUZZ_HEADER_SEALED), so
 * the payload checks behind the AEAD are reached too. Besides crashes, it aborts when the
 * core breaks a rule of FORMAT.md: read_info and the parser disagree, an unlock changes
 * the prefix or filler, retires its own slot, or miscounts attempts. */
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "counter.h"
#include "format.h"
#include "fuzz-common.h"
#include "header-image.h"
#include "header.h"
#include "keyslot.h"
#include "kdf.h"
#include "vault_internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char vault_dir[64];
static int file_fd = -1; /* vault.hdr in vault_dir, for amanat_vault_read_info */
static struct amanat_vault vault;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz-header: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

static void remove_dir(void) {
  char path[sizeof vault_dir + 16];
  snprintf(path, sizeof path, "%s/%s", vault_dir, AMANAT_HEADER_NAME);
  unlink(path);
  rmdir(vault_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  CHECK(amanat_init() == AMANAT_OK);
  /* In memory (tmpfs) when there is one: on a disk, the file writes are the bottleneck. */
  snprintf(vault_dir, sizeof vault_dir, "/dev/shm/amanat-fuzz-header-XXXXXX");
  if (mkdtemp(vault_dir) == NULL) {
    snprintf(vault_dir, sizeof vault_dir, "/tmp/amanat-fuzz-header-XXXXXX");
    CHECK(mkdtemp(vault_dir) != NULL);
  }
  atexit(remove_dir);
  char path[sizeof vault_dir + 16];
  snprintf(path, sizeof path, "%s/%s", vault_dir, AMANAT_HEADER_NAME);
  file_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  CHECK(file_fd >= 0);
  /* The unlock writes its header image here, as it would to vault.hdr. */
  vault.header_fd = memfd_create("vault.hdr", MFD_CLOEXEC);
  vault.dir_fd = -1; /* nothing to touch */
  vault.slot_key = sodium_malloc(AMANAT_SLOT_KEY_LEN);
  vault.master = sodium_malloc(AMANAT_MASTER_KEY_LEN);
  vault.payload = keyslot_payload_new();
  CHECK(vault.header_fd >= 0 && vault.slot_key && vault.master && vault.payload);
  return 0;
}

static void write_file(int fd, const uint8_t *data, size_t len) {
  CHECK(ftruncate(fd, 0) == 0);
  CHECK(len == 0 || pwrite(fd, data, len, 0) == (ssize_t)len);
}

/* The unlock's one header write, read back. */
static void read_written(uint8_t out[AMANAT_HEADER_LEN]) {
  CHECK(pread(vault.header_fd, out, AMANAT_HEADER_LEN, 0) == AMANAT_HEADER_LEN);
}

static void check_unlock(const uint8_t header_in[AMANAT_HEADER_LEN]) {
  uint8_t header[AMANAT_HEADER_LEN], written[AMANAT_HEADER_LEN];
  memcpy(header, header_in, sizeof header);
  counter_state before = counter_read(header, header + AMANAT_COUNTER_OFF);
  CHECK(ftruncate(vault.header_fd, 0) == 0);
  int rc = vault_unlock_header(&vault, fuzz_master_key, header);
  CHECK(rc == AMANAT_OK || rc == AMANAT_E_WRONG_PASSWORD || rc == AMANAT_E_DAMAGED ||
        rc == AMANAT_E_WIPED);
  if (rc == AMANAT_E_DAMAGED)
    return; /* a slot opened to a payload out of range: refused before any write */
  read_written(written);
  /* Only keyslots and the counter may change; the prefix and filler never do. */
  CHECK(memcmp(written, header_in, AMANAT_PREFIX_LEN) == 0);
  CHECK(memcmp(written + AMANAT_FILLER_OFF, header_in + AMANAT_FILLER_OFF, AMANAT_FILLER_LEN) == 0);
  counter_state after = counter_read(written, written + AMANAT_COUNTER_OFF);
  if (rc == AMANAT_OK) {
    CHECK(after.failures == 0 && after.limit == before.limit);
    CHECK(vault.slot_index < AMANAT_SLOT_COUNT);
    CHECK(vault.payload->space < AMANAT_SPACE_COUNT);
    /* The slot that opened is never among those the unlock retires. */
    keyslot_payload *again = keyslot_payload_new();
    CHECK(again != NULL);
    CHECK(keyslot_open(vault.slot_key, written, vault.slot_index,
                       written + AMANAT_SLOT_OFF(vault.slot_index), again) == AMANAT_OK);
    sodium_free(again);
  } else {
    uint32_t expected = before.failures == UINT32_MAX ? UINT32_MAX : before.failures + 1;
    CHECK(after.failures == expected && after.limit == before.limit);
    CHECK((rc == AMANAT_E_WIPED) == (before.limit > 0 && expected >= before.limit));
    /* A wrong password changes no slot. */
    CHECK(memcmp(written + AMANAT_SLOTS_OFF, header_in + AMANAT_SLOTS_OFF,
                 AMANAT_SLOT_COUNT * AMANAT_SLOT_LEN) == 0);
  }
}

static void check_file(const uint8_t *file, size_t len) {
  write_file(file_fd, file, len);
  amanat_vault_info info;
  int via_api = amanat_vault_read_info(vault_dir, &info);
  /* read_info reads one byte past the header's size to see trailing data. */
  size_t have = len < AMANAT_HEADER_LEN + 1 ? len : AMANAT_HEADER_LEN + 1;
  uint8_t buf[AMANAT_HEADER_LEN + 1] = {0};
  memcpy(buf, file, have);
  header_prefix prefix;
  int rc = header_prefix_parse(buf, have, &prefix);
  CHECK(rc == via_api);
  if (rc != AMANAT_OK)
    return;
  CHECK(len == AMANAT_HEADER_LEN);
  CHECK(info.format_version == prefix.version && info.kdf.opslimit == prefix.cost.opslimit &&
        info.kdf.memlimit == prefix.cost.memlimit);
  CHECK(amanat_kdf_cost_check(prefix.cost) == AMANAT_OK);
  check_unlock(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  if (data[0] == FUZZ_HEADER_SEALED) {
    uint8_t header[AMANAT_HEADER_LEN];
    header_image_build(data + 1, size - 1, header);
    check_file(header, sizeof header);
  } else {
    check_file(data + 1, size - 1);
  }
  return 0;
}
