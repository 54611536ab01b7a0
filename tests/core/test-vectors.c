/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-vectors.c: known-answer tests for the header format against the vectors in
 * core/vectors/ (FORMAT.md §Test vectors). With AMANAT_WRITE_VECTORS=DIR set it writes
 * the vectors instead of checking them. */
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "format.h"
#include "header.h"
#include "kdf.h"
#include "keyslot.h"
#include "password.h"
#include "secret.h"
#include "test-util.h"

/* A deterministic randombytes implementation: BLAKE2b-512 of a counter, keyed with a
 * fixed seed. Installed before libsodium starts, so every "random" byte the core draws
 * (salt, keys, slot choice, nonces, fill) is reproducible. */
static const uint8_t vector_seed[32] = "amanat header test vector seed!";
static uint64_t vector_counter;

static void vector_buf(void *const buf, const size_t size) {
  uint8_t *out = buf;
  for (size_t done = 0; done < size;) {
    uint8_t block[64], counter[8];
    for (int i = 0; i < 8; i++)
      counter[i] = (uint8_t)(vector_counter >> (8 * i));
    vector_counter++;
    crypto_generichash(block, sizeof block, counter, sizeof counter, vector_seed,
                       sizeof vector_seed);
    size_t take = size - done < sizeof block ? size - done : sizeof block;
    memcpy(out + done, block, take);
    done += take;
  }
}

static uint32_t vector_random(void) {
  uint32_t r;
  vector_buf(&r, sizeof r);
  return r;
}

static const char *vector_name(void) {
  return "amanat-test-vectors";
}

static struct randombytes_implementation vector_rng = {
    .implementation_name = vector_name,
    .random = vector_random,
    .buf = vector_buf,
};

static const char *vectors_dir(void) {
  const char *dir = g_getenv("AMANAT_VECTORS_DIR");
  g_assert_nonnull(dir);
  return dir;
}

static char *hex(const uint8_t *bytes, size_t len) {
  char *out = g_malloc(len * 2 + 1);
  sodium_bin2hex(out, len * 2 + 1, bytes, len);
  return out;
}

static GBytes *unhex_file(const char *path) {
  GBytes *text = test_read_file(path);
  gsize text_len = 0;
  const char *p = g_bytes_get_data(text, &text_len);
  guint8 *bin = g_malloc(text_len / 2 + 1);
  size_t bin_len = 0;
  g_assert_cmpint(sodium_hex2bin(bin, text_len / 2 + 1, p, text_len, " \n", &bin_len, NULL), ==, 0);
  g_bytes_unref(text);
  return g_bytes_new_take(bin, bin_len);
}

/* Values of the .txt file: "name = value" lines, '#' comments. */
static GHashTable *read_values(const char *path) {
  GBytes *text = test_read_file(path);
  char *s = g_strndup(g_bytes_get_data(text, NULL), g_bytes_get_size(text));
  GHashTable *values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  char **lines = g_strsplit(s, "\n", -1);
  for (char **line = lines; *line != NULL; line++) {
    char *eq = strchr(*line, '=');
    if (**line == '#' || eq == NULL)
      continue;
    *eq = '\0';
    g_hash_table_insert(values, g_strstrip(g_strdup(*line)), g_strstrip(g_strdup(eq + 1)));
  }
  g_strfreev(lines);
  g_free(s);
  g_bytes_unref(text);
  return values;
}

typedef struct {
  int slot;
  keyslot_payload *payload;
  uint8_t master[AMANAT_MASTER_KEY_LEN];
} Decoded;

/* Decodes a header the way FORMAT.md says, step by step, with the internal functions. */
static Decoded decode(const guint8 *header, size_t len, const char *password) {
  Decoded d = {.slot = -1, .payload = keyslot_payload_new()};
  header_prefix prefix;
  g_assert_cmpint(header_prefix_parse(header, len, &prefix), ==, AMANAT_OK);
  uint8_t *nfc = NULL;
  size_t nfc_len = 0;
  g_assert_cmpint(password_normalize(password, strlen(password), &nfc, &nfc_len), ==, AMANAT_OK);
  g_assert_cmpint(kdf_master_key(nfc, nfc_len, prefix.salt, prefix.cost, d.master), ==, AMANAT_OK);
  secret_free(&nfc);
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++) {
    uint8_t slot_key[AMANAT_SLOT_KEY_LEN];
    kdf_slot_key(d.master, i, NULL, slot_key);
    if (keyslot_open(slot_key, header, i, header + AMANAT_SLOT_OFF(i), d.payload) == AMANAT_OK) {
      g_assert_cmpint(d.slot, ==, -1); /* exactly one slot opens */
      d.slot = (int)i;
    }
  }
  return d;
}

static void write_vectors(const char *dir, GBytes *header) {
  const guint8 *h = g_bytes_get_data(header, NULL);
  Decoded d = decode(h, AMANAT_HEADER_LEN, TEST_PASSWORD);
  g_assert_cmpint(d.slot, >=, 0);
  GString *hexdump = g_string_new(NULL);
  for (size_t i = 0; i < AMANAT_HEADER_LEN; i += 32) {
    char *line = hex(h + i, 32);
    g_string_append_printf(hexdump, "%s\n", line);
    g_free(line);
  }
  char *salt = hex(h + AMANAT_PREFIX_OFF_SALT, AMANAT_SALT_LEN);
  char *master = hex(d.master, sizeof d.master);
  char *primary = hex(d.payload->primary_key, AMANAT_SPACE_KEY_LEN);
  char *secondary = hex(d.payload->secondary_key, AMANAT_SPACE_KEY_LEN);
  char *standby = hex(d.payload->standby_key, AMANAT_SPACE_KEY_LEN);
  char *group = hex(d.payload->group_key, AMANAT_SPACE_KEY_LEN);
  char *values = g_strdup_printf(
      "# Header vector v1: made with the password below, KDF cost 1 pass / 8 MiB.\n"
      "# Decoding header-v1.hex with it MUST give these values (FORMAT.md).\n"
      "password = %s\n"
      "salt = %s\n"
      "opslimit = 1\n"
      "memlimit = 8388608\n"
      "master_key = %s\n"
      "slot = %d\n"
      "role = %u\n"
      "space = %u\n"
      "live_mask = %u\n"
      "scrub_mask = %u\n"
      "primary_key = %s\n"
      "secondary_key = %s\n"
      "standby_key = %s\n"
      "duress_mask = %u\n"
      "group_key = %s\n",
      TEST_PASSWORD, salt, master, d.slot, d.payload->role, d.payload->space, d.payload->live_mask,
      d.payload->scrub_mask, primary, secondary, standby, d.payload->duress_mask, group);
  char *hex_path = g_build_filename(dir, "header-v1.hex", NULL);
  char *txt_path = g_build_filename(dir, "header-v1.txt", NULL);
  g_assert_true(g_file_set_contents(hex_path, hexdump->str, -1, NULL));
  g_assert_true(g_file_set_contents(txt_path, values, -1, NULL));
  g_free(hex_path);
  g_free(txt_path);
  g_free(values);
  g_free(salt);
  g_free(master);
  g_free(primary);
  g_free(secondary);
  g_free(standby);
  g_free(group);
  g_string_free(hexdump, TRUE);
  secret_free(&d.payload);
}

/* Creating a vault with the seeded generator gives the committed header, byte for byte. */
static void test_create_matches_vector(void) {
  char *root = test_tmpdir();
  char *vault = g_build_filename(root, "vault", NULL);
  vector_counter = 0;
  test_make_vault(vault);
  char *path = g_build_filename(vault, "vault.hdr", NULL);
  GBytes *made = test_read_file(path);
  const char *write_dir = g_getenv("AMANAT_WRITE_VECTORS");
  if (write_dir != NULL) {
    write_vectors(write_dir, made);
  } else {
    char *vector_path = g_build_filename(vectors_dir(), "header-v1.hex", NULL);
    GBytes *expected = unhex_file(vector_path);
    g_assert_cmpmem(g_bytes_get_data(made, NULL), g_bytes_get_size(made),
                    g_bytes_get_data(expected, NULL), g_bytes_get_size(expected));
    g_bytes_unref(expected);
    g_free(vector_path);
  }
  g_bytes_unref(made);
  g_free(path);
  test_rmtree(root);
  g_free(vault);
  g_free(root);
}

static void assert_hex(GHashTable *values, const char *name, const uint8_t *bytes, size_t len) {
  char *got = hex(bytes, len);
  g_assert_cmpstr(got, ==, g_hash_table_lookup(values, name));
  g_free(got);
}

static void assert_uint(GHashTable *values, const char *name, guint64 got) {
  const char *text = g_hash_table_lookup(values, name);
  g_assert_nonnull(text);
  g_assert_cmpuint(g_ascii_strtoull(text, NULL, 10), ==, got);
}

/* Decoding the committed header with its password gives the committed values; the same
 * password in decomposed form (NFD) opens it too, and a wrong one opens no slot. */
static void test_decode_vector(void) {
  if (g_getenv("AMANAT_WRITE_VECTORS") != NULL) {
    g_test_skip("writing vectors");
    return;
  }
  char *hex_path = g_build_filename(vectors_dir(), "header-v1.hex", NULL);
  char *txt_path = g_build_filename(vectors_dir(), "header-v1.txt", NULL);
  GBytes *header = unhex_file(hex_path);
  GHashTable *values = read_values(txt_path);
  const guint8 *h = g_bytes_get_data(header, NULL);
  g_assert_cmpuint(g_bytes_get_size(header), ==, AMANAT_HEADER_LEN);

  Decoded d = decode(h, AMANAT_HEADER_LEN, g_hash_table_lookup(values, "password"));
  assert_hex(values, "salt", h + AMANAT_PREFIX_OFF_SALT, AMANAT_SALT_LEN);
  assert_hex(values, "master_key", d.master, sizeof d.master);
  assert_uint(values, "slot", (guint64)d.slot);
  assert_uint(values, "role", d.payload->role);
  assert_uint(values, "space", d.payload->space);
  assert_uint(values, "live_mask", d.payload->live_mask);
  assert_uint(values, "scrub_mask", d.payload->scrub_mask);
  assert_hex(values, "primary_key", d.payload->primary_key, AMANAT_SPACE_KEY_LEN);
  assert_hex(values, "secondary_key", d.payload->secondary_key, AMANAT_SPACE_KEY_LEN);
  assert_hex(values, "standby_key", d.payload->standby_key, AMANAT_SPACE_KEY_LEN);
  assert_uint(values, "duress_mask", d.payload->duress_mask);
  assert_hex(values, "group_key", d.payload->group_key, AMANAT_SPACE_KEY_LEN);
  g_assert_cmpuint(d.payload->role, ==, AMANAT_ROLE_OWNER);
  g_assert_cmpuint(d.payload->live_mask, ==, 1u << d.slot);
  secret_free(&d.payload);

  Decoded wrong = decode(h, AMANAT_HEADER_LEN, "correct horse battery stapl");
  g_assert_cmpint(wrong.slot, ==, -1);
  secret_free(&wrong.payload);

  g_hash_table_unref(values);
  g_bytes_unref(header);
  g_free(hex_path);
  g_free(txt_path);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(randombytes_set_implementation(&vector_rng), ==, 0);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  g_test_add_func("/vectors/create-matches-vector", test_create_matches_vector);
  g_test_add_func("/vectors/decode-vector", test_decode_vector);
  return g_test_run();
}
