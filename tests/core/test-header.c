/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-header.c: the header's plaintext prefix: encoding and every parse error. */
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "bytes.h"
#include "format.h"
#include "header.h"

static void make_header(uint8_t header[AMANAT_HEADER_LEN], amanat_kdf_cost cost) {
  header_prefix prefix = {.version = AMANAT_FORMAT_VERSION, .cost = cost};
  memset(prefix.salt, 0xa5, sizeof prefix.salt);
  randombytes_buf(header, AMANAT_HEADER_LEN);
  header_prefix_encode(&prefix, header);
}

/* Recomputes the checksum, as an attacker who edits the prefix on purpose would. */
static void reseal_checksum(uint8_t *header) {
  crypto_generichash(header + AMANAT_PREFIX_OFF_CHECKSUM, AMANAT_CHECKSUM_LEN, header,
                     AMANAT_PREFIX_CHECKED_LEN, NULL, 0);
}

static void test_roundtrip(void) {
  uint8_t header[AMANAT_HEADER_LEN];
  make_header(header, (amanat_kdf_cost){3, 256u << 20});
  g_assert_cmpmem(header, 8, "AMANAT\r\n", 8);
  g_assert_cmpuint(le16_load(header + 8), ==, 1);
  g_assert_cmpuint(header[10], ==, 1);
  g_assert_cmpuint(header[11], ==, 16);
  g_assert_cmpuint(le32_load(header + 12), ==, 3);
  g_assert_cmpuint(le64_load(header + 16), ==, 256u << 20);
  header_prefix parsed;
  g_assert_cmpint(header_prefix_parse(header, sizeof header, &parsed), ==, AMANAT_OK);
  g_assert_cmpuint(parsed.version, ==, 1);
  g_assert_cmpuint(parsed.cost.opslimit, ==, 3);
  g_assert_cmpuint(parsed.cost.memlimit, ==, 256u << 20);
  g_assert_cmpmem(parsed.salt, 16, header + 24, 16);
}

static void test_every_truncation(void) {
  uint8_t header[AMANAT_HEADER_LEN];
  make_header(header, (amanat_kdf_cost){2, 64u << 20});
  header_prefix parsed;
  for (size_t len = 0; len < AMANAT_HEADER_LEN; len++)
    g_assert_cmpint(header_prefix_parse(header, len, &parsed), ==, AMANAT_E_HEADER_TRUNCATED);
}

static void test_trailing_data(void) {
  uint8_t header[AMANAT_HEADER_LEN + 1];
  make_header(header, (amanat_kdf_cost){2, 64u << 20});
  header_prefix parsed;
  g_assert_cmpint(header_prefix_parse(header, sizeof header, &parsed), ==, AMANAT_E_HEADER_DAMAGED);
}

/* Every single-bit change of the prefix is reported, and never as success. */
static void test_every_prefix_bit(void) {
  for (size_t byte = 0; byte < AMANAT_PREFIX_LEN; byte++) {
    for (int bit = 0; bit < 8; bit++) {
      uint8_t header[AMANAT_HEADER_LEN];
      make_header(header, (amanat_kdf_cost){2, 64u << 20});
      header[byte] ^= (uint8_t)(1u << bit);
      header_prefix parsed;
      int rc = header_prefix_parse(header, sizeof header, &parsed);
      if (byte < AMANAT_MAGIC_LEN)
        g_assert_cmpint(rc, ==, AMANAT_E_NOT_A_VAULT);
      else if (byte == AMANAT_PREFIX_OFF_VERSION + 1 ||
               (byte == AMANAT_PREFIX_OFF_VERSION && bit > 0))
        g_assert_cmpint(rc, ==, AMANAT_E_VERSION);
      else
        g_assert_cmpint(rc, ==, AMANAT_E_HEADER_DAMAGED);
    }
  }
}

static void test_newer_version(void) {
  uint8_t header[AMANAT_HEADER_LEN];
  make_header(header, (amanat_kdf_cost){2, 64u << 20});
  le16_store(header + AMANAT_PREFIX_OFF_VERSION, 2);
  header_prefix parsed;
  /* Even cut short: the version is read before the length is judged. */
  g_assert_cmpint(header_prefix_parse(header, 100, &parsed), ==, AMANAT_E_VERSION);
  g_assert_cmpint(header_prefix_parse(header, sizeof header, &parsed), ==, AMANAT_E_VERSION);
}

static void test_not_a_vault(void) {
  uint8_t junk[AMANAT_HEADER_LEN] = "%PDF-1.7 not a vault";
  header_prefix parsed;
  g_assert_cmpint(header_prefix_parse(junk, sizeof junk, &parsed), ==, AMANAT_E_NOT_A_VAULT);
  g_assert_cmpint(header_prefix_parse(junk, 3, &parsed), ==, AMANAT_E_NOT_A_VAULT);
}

static void expect_cost(amanat_kdf_cost cost, int expected) {
  uint8_t header[AMANAT_HEADER_LEN];
  make_header(header, (amanat_kdf_cost){2, 64u << 20});
  le32_store(header + AMANAT_PREFIX_OFF_OPSLIMIT, cost.opslimit);
  le64_store(header + AMANAT_PREFIX_OFF_MEMLIMIT, cost.memlimit);
  reseal_checksum(header);
  header_prefix parsed;
  g_assert_cmpint(header_prefix_parse(header, sizeof header, &parsed), ==, expected);
}

static void test_kdf_limits(void) {
  expect_cost((amanat_kdf_cost){3, 64ull << 30}, AMANAT_E_KDF_LIMITS); /* 64 GiB */
  expect_cost((amanat_kdf_cost){3, (4ull << 30) + 1024}, AMANAT_E_KDF_LIMITS);
  expect_cost((amanat_kdf_cost){3, 4ull << 30}, AMANAT_OK);
  expect_cost((amanat_kdf_cost){3, (8u << 20) - 1024}, AMANAT_E_KDF_LIMITS);
  expect_cost((amanat_kdf_cost){3, (64u << 20) + 1}, AMANAT_E_KDF_LIMITS);
  expect_cost((amanat_kdf_cost){0, 64u << 20}, AMANAT_E_KDF_LIMITS);
  expect_cost((amanat_kdf_cost){33, 64u << 20}, AMANAT_E_KDF_LIMITS);
  expect_cost((amanat_kdf_cost){UINT32_MAX, 64u << 20}, AMANAT_E_KDF_LIMITS);
  expect_cost((amanat_kdf_cost){32, 64u << 20}, AMANAT_OK);
}

static void test_fields_checked(void) {
  header_prefix parsed;
  uint8_t header[AMANAT_HEADER_LEN];
  make_header(header, (amanat_kdf_cost){2, 64u << 20});
  header[AMANAT_PREFIX_OFF_KDF_ALG] = 2;
  reseal_checksum(header);
  g_assert_cmpint(header_prefix_parse(header, sizeof header, &parsed), ==, AMANAT_E_HEADER_DAMAGED);
  make_header(header, (amanat_kdf_cost){2, 64u << 20});
  header[AMANAT_PREFIX_OFF_SLOT_COUNT] = 8;
  reseal_checksum(header);
  g_assert_cmpint(header_prefix_parse(header, sizeof header, &parsed), ==, AMANAT_E_HEADER_DAMAGED);
  make_header(header, (amanat_kdf_cost){2, 64u << 20});
  header[AMANAT_PREFIX_OFF_RESERVED + 3] = 1;
  reseal_checksum(header);
  g_assert_cmpint(header_prefix_parse(header, sizeof header, &parsed), ==, AMANAT_E_HEADER_DAMAGED);
  make_header(header, (amanat_kdf_cost){2, 64u << 20});
  le16_store(header + AMANAT_PREFIX_OFF_VERSION, 0);
  reseal_checksum(header);
  g_assert_cmpint(header_prefix_parse(header, sizeof header, &parsed), ==, AMANAT_E_HEADER_DAMAGED);
}

static void test_layout_constants(void) {
  g_assert_cmpint(AMANAT_SLOT_PAYLOAD_LEN, ==, 184);
  g_assert_cmpint(AMANAT_COUNTER_OFF, ==, 3648);
  g_assert_cmpint(AMANAT_FILLER_OFF, ==, 3712);
  g_assert_cmpint(AMANAT_FILLER_LEN, ==, 384);
  g_assert_cmpint(AMANAT_SLOT_OFF(15) + AMANAT_SLOT_LEN, ==, AMANAT_COUNTER_OFF);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(sodium_init(), >=, 0);
  g_test_add_func("/header/roundtrip", test_roundtrip);
  g_test_add_func("/header/every-truncation", test_every_truncation);
  g_test_add_func("/header/trailing-data", test_trailing_data);
  g_test_add_func("/header/every-prefix-bit", test_every_prefix_bit);
  g_test_add_func("/header/newer-version", test_newer_version);
  g_test_add_func("/header/not-a-vault", test_not_a_vault);
  g_test_add_func("/header/kdf-limits", test_kdf_limits);
  g_test_add_func("/header/fields-checked", test_fields_checked);
  g_test_add_func("/header/layout-constants", test_layout_constants);
  return g_test_run();
}
