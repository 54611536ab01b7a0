/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-memory.c: after lock, this process's memory holds neither the password nor any
 * key: every readable mapping of /proc/self/mem is scanned for them. The secrets are
 * only ever kept here masked (XOR with random bytes), so the scan cannot find the test's
 * own copies. */
#include <fcntl.h>
#include <glib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "header.h"
#include "kdf.h"
#include "keyslot.h"
#include "password.h"
#include "secret.h"
#include "test-util.h"

typedef struct {
  guint8 masked[64];
  guint8 mask[64];
  size_t len;
  const char *what;
  unsigned hits;
} Needle;

static void needle_set(Needle *n, const char *what, const guint8 *secret, size_t len) {
  g_assert_cmpuint(len, <=, sizeof n->masked);
  randombytes_buf(n->mask, len);
  for (size_t i = 0; i < len; i++)
    n->masked[i] = secret[i] ^ n->mask[i];
  n->len = len;
  n->what = what;
  n->hits = 0;
}

static void scan_buffer(const guint8 *p, size_t len, Needle *needles, int count) {
  for (int k = 0; k < count; k++) {
    Needle *n = &needles[k];
    guint8 first = n->masked[0] ^ n->mask[0];
    for (size_t i = 0; i + n->len <= len; i++) {
      if (p[i] != first)
        continue;
      size_t j = 1;
      while (j < n->len && (p[i + j] ^ n->mask[j]) == n->masked[j])
        j++;
      n->hits += j == n->len;
    }
  }
}

/* Reads every readable private or file mapping of this process and scans it. */
static void scan_process(Needle *needles, int count) {
  FILE *maps = fopen("/proc/self/maps", "r");
  int mem = open("/proc/self/mem", O_RDONLY);
  g_assert_nonnull(maps);
  g_assert_cmpint(mem, >=, 0);
  char line[512];
  guint8 *chunk = g_malloc(1 << 20);
  while (fgets(line, sizeof line, maps) != NULL) {
    unsigned long start, end;
    char perms[5];
    if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) != 3 || perms[0] != 'r' ||
        strstr(line, "[vvar]") != NULL || strstr(line, "[vsyscall]") != NULL)
      continue;
    /* AddressSanitizer reserves terabytes of shadow memory: no heap is that large here. */
    if (end - start > (4ul << 30))
      continue;
    for (unsigned long at = start; at < end; at += (1 << 20) - 64) {
      size_t want = MIN((unsigned long)(1 << 20), end - at);
      ssize_t got = pread(mem, chunk, want, (off_t)at);
      if (got > 0)
        scan_buffer(chunk, (size_t)got, needles, count);
      if (want < (1 << 20))
        break;
    }
  }
  sodium_memzero(chunk, 1 << 20);
  g_free(chunk);
  close(mem);
  fclose(maps);
}

static void test_nothing_after_lock(void) {
  char *root = test_tmpdir();
  char *dir = g_build_filename(root, "vault", NULL);
  /* A password made at run time, in locked memory, never as a literal. */
  char *password = sodium_malloc(33);
  guint8 raw[16];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2hex(password, 33, raw, sizeof raw);
  sodium_memzero(raw, sizeof raw);
  g_assert_cmpint(amanat_vault_create(dir, password, 32, TEST_COST), ==, AMANAT_OK);

  /* Compute what the vault's keys are, the way FORMAT.md says, and keep them masked. */
  Needle needles[7];
  needle_set(&needles[0], "password", (const guint8 *)password, 32);
  char *header_path = g_build_filename(dir, "vault.hdr", NULL);
  GBytes *header = test_read_file(header_path);
  const guint8 *h = g_bytes_get_data(header, NULL);
  header_prefix prefix;
  g_assert_cmpint(header_prefix_parse(h, g_bytes_get_size(header), &prefix), ==, AMANAT_OK);
  uint8_t *master = sodium_malloc(32), *slot_key = sodium_malloc(32), *nfc = NULL;
  size_t nfc_len = 0;
  g_assert_cmpint(password_normalize(password, 32, &nfc, &nfc_len), ==, AMANAT_OK);
  g_assert_cmpint(kdf_master_key(nfc, nfc_len, prefix.salt, prefix.cost, master), ==, AMANAT_OK);
  secret_free(&nfc);
  keyslot_payload *payload = keyslot_payload_new();
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++) {
    kdf_slot_key(master, i, NULL, slot_key);
    if (keyslot_open(slot_key, h, i, h + AMANAT_SLOT_OFF(i), payload) == AMANAT_OK)
      break;
  }
  needle_set(&needles[1], "master key", master, 32);
  needle_set(&needles[2], "slot key", slot_key, 32);
  needle_set(&needles[3], "real space key", payload->primary_key, 32);
  needle_set(&needles[4], "decoy space key", payload->secondary_key, 32);
  uint8_t db_key[32];
  kdf_space_db_key(payload->primary_key, db_key);
  needle_set(&needles[5], "real database key", db_key, 32);
  char db_key_hex[65]; /* the form SQLCipher is given */
  sodium_bin2hex(db_key_hex, sizeof db_key_hex, db_key, sizeof db_key);
  needle_set(&needles[6], "real database key in hex", (const guint8 *)db_key_hex, 64);
  sodium_memzero(db_key_hex, sizeof db_key_hex);
  sodium_memzero(db_key, sizeof db_key);
  secret_free(&payload);
  secret_free(&master);
  secret_free(&slot_key);
  g_bytes_unref(header);

  /* A session that uses everything: documents, search, read back. */
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(dir, password, 32, AMANAT_SPACE_DEFAULT, &vault), ==,
                  AMANAT_OK);
  char *file = g_build_filename(root, "doc.txt", NULL);
  g_assert_true(g_file_set_contents(file, "a short text to import", -1, NULL));
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_doc_import_path(vault, file, NULL, id), ==, AMANAT_OK);
  uint8_t *content = NULL;
  size_t content_len = 0;
  g_assert_cmpint(amanat_doc_read_all(vault, id, 1 << 20, &content, &content_len), ==, AMANAT_OK);
  amanat_free_secret(content);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(vault, &report), ==, AMANAT_OK);
  amanat_vault_lock(vault);
  sodium_free(password); /* the caller's own copy goes too, as the CLI's does */

  scan_process(needles, G_N_ELEMENTS(needles));
  for (unsigned k = 0; k < G_N_ELEMENTS(needles); k++) {
    if (needles[k].hits != 0)
      g_test_message("%s found %u times", needles[k].what, needles[k].hits);
    g_assert_cmpuint(needles[k].hits, ==, 0);
  }
  g_free(file);
  g_free(header_path);
  test_rmtree(root);
  g_free(dir);
  g_free(root);
}

/* The scanner can fail: a secret left in memory is found. */
static void test_scanner_finds(void) {
  guint8 *secret = g_malloc(32);
  randombytes_buf(secret, 32);
  Needle needle;
  needle_set(&needle, "planted", secret, 32);
  scan_process(&needle, 1);
  g_assert_cmpuint(needle.hits, >=, 1);
  sodium_memzero(secret, 32);
  g_free(secret);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  g_test_add_func("/memory/scanner-finds", test_scanner_finds);
  g_test_add_func("/memory/nothing-after-lock", test_nothing_after_lock);
  return g_test_run();
}
