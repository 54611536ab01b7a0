/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-malformed.c: every file of tests/vectors/malformed/ gives the error its MANIFEST
 * line names, through the same code that reads such files in use, and changes nothing.
 * A new kind is one more reader in `kinds` below. */
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "bundle_file.h"
#include "chunk.h"
#include "format.h"
#include "identity.h"
#include "kdf.h"
#include "keyslot.h"
#include "malformed.h"
#include "pack.h"
#include "sync_bundle.h"
#include "test-util.h"
#include "vault_internal.h"

typedef struct entry {
  char *file; /* KIND/NAME */
  char *path;
  int expected;
  char *description;
} entry;

static const char *corpus_dir;

/* ---- Expected errors -------------------------------------------------------------- */

static const struct {
  const char *name;
  int code;
} errors[] = {
    {"OK", AMANAT_OK},
    {"WRONG_PASSWORD", AMANAT_E_WRONG_PASSWORD},
    {"NOT_A_VAULT", AMANAT_E_NOT_A_VAULT},
    {"VERSION", AMANAT_E_VERSION},
    {"HEADER_TRUNCATED", AMANAT_E_HEADER_TRUNCATED},
    {"HEADER_DAMAGED", AMANAT_E_HEADER_DAMAGED},
    {"KDF_LIMITS", AMANAT_E_KDF_LIMITS},
    {"DAMAGED", AMANAT_E_DAMAGED},
    {"WIPED", AMANAT_E_WIPED},
    {"BAD_CARD", AMANAT_E_BAD_CARD},
    {"NOT_RECIPIENT", AMANAT_E_NOT_RECIPIENT},
    {"BAD_BUNDLE", AMANAT_E_BAD_BUNDLE},
};

static int error_code(const char *name) {
  for (size_t i = 0; i < G_N_ELEMENTS(errors); i++)
    if (strcmp(errors[i].name, name) == 0)
      return errors[i].code;
  g_error("MANIFEST names an unknown error: %s", name);
}

/* Errors the plaintext prefix alone gives: amanat_vault_read_info sees them too. */
static gboolean prefix_error(int code) {
  return code == AMANAT_E_NOT_A_VAULT || code == AMANAT_E_HEADER_TRUNCATED ||
         code == AMANAT_E_VERSION || code == AMANAT_E_WIPED || code == AMANAT_E_HEADER_DAMAGED ||
         code == AMANAT_E_KDF_LIMITS;
}

/* ---- Headers ---------------------------------------------------------------------- */

/* The control: the password opens slot 0 (so the bad files fail for what was changed). */
static void check_valid_header(const guint8 *h) {
  const char *pw = MALFORMED_PASSWORD;
  guint8 master[AMANAT_MASTER_KEY_LEN], key[AMANAT_SLOT_KEY_LEN];
  amanat_kdf_cost cost = {MALFORMED_OPS, MALFORMED_MEM};
  g_assert_cmpint(
      kdf_master_key((const uint8_t *)pw, strlen(pw), h + AMANAT_PREFIX_OFF_SALT, cost, master), ==,
      AMANAT_OK);
  kdf_slot_key(master, 0, NULL, key);
  keyslot_payload *payload = keyslot_payload_new();
  g_assert_cmpint(keyslot_open(key, h, 0, h + AMANAT_SLOT_OFF(0), payload), ==, AMANAT_OK);
  g_assert_cmpuint(payload->role, ==, AMANAT_ROLE_OWNER);
  sodium_free(payload);
}

static void read_header(const entry *e, GBytes *data) {
  char *dir = test_tmpdir();
  char *hdr = g_build_filename(dir, AMANAT_HEADER_NAME, NULL);
  g_assert_true(
      g_file_set_contents(hdr, g_bytes_get_data(data, NULL), (gssize)g_bytes_get_size(data), NULL));
  amanat_vault_info info;
  int info_rc = amanat_vault_read_info(dir, &info);
  g_assert_cmpint(info_rc, ==, prefix_error(e->expected) ? e->expected : AMANAT_OK);
  if (e->expected == AMANAT_OK) {
    check_valid_header(g_bytes_get_data(data, NULL));
  } else {
    amanat_vault *vault = NULL;
    const char *pw = MALFORMED_PASSWORD;
    g_assert_cmpint(amanat_vault_open(dir, pw, strlen(pw), AMANAT_SPACE_DEFAULT, &vault), ==,
                    e->expected);
    g_assert_null(vault);
  }
  /* Nothing changed: a wrong password only rewrites the attempt counter. */
  GBytes *after = test_read_file(hdr);
  gsize len = g_bytes_get_size(data);
  g_assert_cmpuint(g_bytes_get_size(after), ==, len);
  const guint8 *a = g_bytes_get_data(after, NULL), *b = g_bytes_get_data(data, NULL);
  if (e->expected == AMANAT_E_WRONG_PASSWORD) {
    g_assert_cmpmem(a, AMANAT_COUNTER_OFF, b, AMANAT_COUNTER_OFF);
    g_assert_cmpmem(a + AMANAT_FILLER_OFF, AMANAT_FILLER_LEN, b + AMANAT_FILLER_OFF,
                    AMANAT_FILLER_LEN);
  } else if (len > 0) {
    g_assert_cmpmem(a, len, b, len);
  }
  g_bytes_unref(after);
  test_rmtree(dir);
  g_free(hdr);
  g_free(dir);
}

/* ---- Chunks and packs ------------------------------------------------------------- */

static int open_chunk(const guint8 *record, size_t len) {
  chunk_codec codec;
  g_assert_cmpint(chunk_codec_init(&codec), ==, AMANAT_OK);
  guint8 *raw = g_malloc(CHUNK_RAW_MAX);
  size_t raw_len = 0;
  int rc =
      chunk_open(&codec, malformed_doc_key, malformed_doc_uid, 0, 1, record, len, raw, &raw_len);
  g_free(raw);
  chunk_codec_free(&codec);
  return rc;
}

static void read_chunk(const entry *e, GBytes *data) {
  /* An exact-size copy: the sanitizer build sees any read past the end. */
  gsize len = g_bytes_get_size(data);
  guint8 *copy = g_memdup2(g_bytes_get_data(data, NULL), len > 0 ? len : 1);
  g_assert_cmpint(open_chunk(copy, len), ==, e->expected);
  g_free(copy);
}

static void read_pack(const entry *e, GBytes *data) {
  char *dir = test_tmpdir();
  char *packs = g_build_filename(dir, PACK_DIR, NULL);
  char *path = g_build_filename(packs, MALFORMED_PACK_NAME, NULL);
  g_assert_cmpint(g_mkdir(packs, 0700), ==, 0);
  g_assert_true(g_file_set_contents(path, g_bytes_get_data(data, NULL),
                                    (gssize)g_bytes_get_size(data), NULL));
  struct amanat_vault vault = {.dir_fd = open(dir, O_RDONLY | O_DIRECTORY)};
  g_assert_cmpint(vault.dir_fd, >=, 0);
  pack_reader reader;
  pack_reader_init(&reader, &vault);
  guint8 *record = g_malloc(MALFORMED_PACK_RECORD_LEN);
  int rc = pack_read(&reader, MALFORMED_PACK_NAME, 0, record, MALFORMED_PACK_RECORD_LEN);
  pack_reader_close(&reader);
  if (rc == AMANAT_OK)
    rc = open_chunk(record, MALFORMED_PACK_RECORD_LEN);
  g_assert_cmpint(rc, ==, e->expected);
  g_free(record);
  close(vault.dir_fd);
  test_rmtree(dir);
  g_free(path);
  g_free(packs);
  g_free(dir);
}

/* ---- Identity cards --------------------------------------------------------------- */

static char *card_vault_dir;
static amanat_vault *card_vault; /* where amanat_peer_add tries every card */

static int count_peer(const amanat_peer_info *peer, void *user_data) {
  (*(unsigned *)user_data)++;
  return 0;
}

static unsigned peer_count(void) {
  unsigned count = 0;
  g_assert_cmpint(amanat_peer_list(card_vault, count_peer, &count), ==, AMANAT_OK);
  return count;
}

static void read_card(const entry *e, GBytes *data) {
  gsize len = g_bytes_get_size(data);
  char *copy = g_memdup2(g_bytes_get_data(data, NULL), len > 0 ? len : 1);
  identity_public out;
  g_assert_cmpint(identity_card_parse(copy, len, &out), ==, e->expected);
  g_free(copy);
  /* Through the API a peer is added from the file, or nothing is. */
  if (card_vault == NULL) {
    card_vault_dir = test_tmpdir();
    char *vault_dir = g_build_filename(card_vault_dir, "vault", NULL);
    test_make_vault(vault_dir);
    g_assert_cmpint(amanat_vault_open(vault_dir, TEST_PASSWORD, strlen(TEST_PASSWORD),
                                      AMANAT_SPACE_DEFAULT, &card_vault),
                    ==, AMANAT_OK);
    g_free(vault_dir);
  }
  unsigned before = peer_count();
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  g_assert_cmpint(amanat_peer_add(card_vault, e->path, e->file, code), ==, e->expected);
  g_assert_cmpuint(peer_count(), ==, before + (e->expected == AMANAT_OK));
}

/* ---- Bundles ---------------------------------------------------------------------- */

/* As import reads it, up to where a vault comes in: the container whole, then every
 * record (handlers that apply nothing). */
static void read_bundle(const entry *e, GBytes *data) {
  (void)data;
  guint8 pk[32], ed[32], x[32];
  crypto_scalarmult_base(pk, malformed_bundle_sk);
  bundle_reader *r = NULL;
  int rc = bundle_reader_open(&r, e->path, malformed_bundle_sk, pk, ed, x);
  if (rc == AMANAT_OK) {
    sync_handlers none = {0};
    bundle_sender sender;
    rc = sync_bundle_walk(r, &none, &sender);
    if (rc == AMANAT_OK)
      g_assert_cmpmem(sender.ed25519, 32, ed, 32);
  }
  bundle_reader_free(r);
  g_assert_cmpint(rc, ==, e->expected);
}

/* ---- The manifest ----------------------------------------------------------------- */

static const struct {
  const char *kind;
  void (*read)(const entry *e, GBytes *data);
} kinds[] = {
    {"header", read_header},
    {"chunk", read_chunk},
    {"pack", read_pack},
    {"card", read_card},
    {"bundle", read_bundle},
};

static void check_entry(gconstpointer data) {
  const entry *e = data;
  g_test_message("%s: %s", e->file, e->description);
  GBytes *bytes = test_read_file(e->path);
  for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
    if (g_str_has_prefix(e->file, kinds[i].kind) && e->file[strlen(kinds[i].kind)] == '/') {
      kinds[i].read(e, bytes);
      g_bytes_unref(bytes);
      return;
    }
  }
  g_error("no reader for %s", e->file);
}

static GPtrArray *read_manifest(void) {
  char *path = g_build_filename(corpus_dir, "MANIFEST", NULL);
  char *text = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
  GPtrArray *entries = g_ptr_array_new();
  char **lines = g_strsplit(text, "\n", -1);
  for (char **line = lines; *line != NULL; line++) {
    if ((*line)[0] == '#' || (*line)[0] == '\0')
      continue;
    char **fields = g_strsplit(*line, " ", 3);
    g_assert_cmpuint(g_strv_length(fields), ==, 3);
    entry *e = g_new0(entry, 1);
    e->file = g_strdup(fields[0]);
    e->path = g_build_filename(corpus_dir, fields[0], NULL);
    e->expected = error_code(fields[1]);
    e->description = g_strdup(fields[2]);
    g_ptr_array_add(entries, e);
    g_strfreev(fields);
  }
  g_strfreev(lines);
  g_free(text);
  g_free(path);
  return entries;
}

static GPtrArray *entries;

/* Every file in the folder is listed once, every listed file is there, and at least 100
 * of them are bad (issue 8). */
static void check_manifest(void) {
  GHashTable *listed = g_hash_table_new(g_str_hash, g_str_equal);
  unsigned bad = 0;
  for (guint i = 0; i < entries->len; i++) {
    entry *e = g_ptr_array_index(entries, i);
    g_assert_false(g_hash_table_contains(listed, e->file));
    g_hash_table_add(listed, e->file);
    g_assert_true(g_file_test(e->path, G_FILE_TEST_IS_REGULAR));
    bad += e->expected != AMANAT_OK;
  }
  GDir *top = g_dir_open(corpus_dir, 0, NULL);
  g_assert_nonnull(top);
  unsigned files = 0;
  for (const char *kind; (kind = g_dir_read_name(top)) != NULL;) {
    char *sub = g_build_filename(corpus_dir, kind, NULL);
    if (g_file_test(sub, G_FILE_TEST_IS_DIR)) {
      GDir *d = g_dir_open(sub, 0, NULL);
      for (const char *name; (name = g_dir_read_name(d)) != NULL; files++) {
        char *file = g_strdup_printf("%s/%s", kind, name);
        if (!g_hash_table_contains(listed, file))
          g_error("%s is not in MANIFEST", file);
        g_free(file);
      }
      g_dir_close(d);
    }
    g_free(sub);
  }
  g_dir_close(top);
  g_assert_cmpuint(files, ==, entries->len);
  g_assert_cmpuint(bad, >=, 100);
  g_hash_table_unref(listed);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  if (argc != 2)
    g_error("usage: test-malformed [--tap] MALFORMED-DIR");
  corpus_dir = argv[1];
  entries = read_manifest();
  g_test_add_func("/malformed/manifest", check_manifest);
  for (guint i = 0; i < entries->len; i++) {
    entry *e = g_ptr_array_index(entries, i);
    char *test_path = g_strdup_printf("/malformed/%s", e->file);
    g_test_add_data_func(test_path, e, check_entry);
    g_free(test_path);
  }
  int status = g_test_run();
  amanat_vault_lock(card_vault);
  if (card_vault_dir != NULL)
    test_rmtree(card_vault_dir);
  g_free(card_vault_dir);
  for (guint i = 0; i < entries->len; i++) {
    entry *e = g_ptr_array_index(entries, i);
    g_free(e->file);
    g_free(e->path);
    g_free(e->description);
    g_free(e);
  }
  g_ptr_array_free(entries, TRUE);
  return status;
}
