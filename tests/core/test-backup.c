/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backup.c: backups, restore and recovery keys. A restored vault holds the same
 * documents (content byte for byte), notes, contacts, tags, links, peers, identities, settings
 * and decoy as the one backed up; every flipped byte and every truncation of a backup is
 * refused and leaves nothing behind; a failing write leaves no backup. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "test-util.h"
#include "vault_internal.h"

#define PASSPHRASE "umbrella quarry lantern seven"
#define NEW_PW     "violet harbour tram forty"

typedef struct {
  char *root, *dir, *restored, *backup, *sources;
} Fixture;

static void set_up(Fixture *f, gconstpointer data) {
  (void)data;
  f->root = test_tmpdir();
  f->dir = g_build_filename(f->root, "vault", NULL);
  f->restored = g_build_filename(f->root, "restored", NULL);
  f->backup = g_build_filename(f->root, "backup.bin", NULL);
  f->sources = g_build_filename(f->root, "sources", NULL);
  g_assert_cmpint(g_mkdir(f->sources, 0700), ==, 0);
  test_make_vault(f->dir);
}

static void tear_down(Fixture *f, gconstpointer data) {
  (void)data;
  test_rmtree(f->root);
  g_free(f->root);
  g_free(f->dir);
  g_free(f->restored);
  g_free(f->backup);
  g_free(f->sources);
}

static amanat_vault *open_as(const char *dir, const char *password, amanat_space_choice choice) {
  amanat_vault *v = NULL;
  int rc = amanat_vault_open(dir, password, strlen(password), choice, &v);
  g_assert_cmpstr(amanat_err_name(rc), ==, "ok");
  return v;
}

static void check(int rc) {
  g_assert_cmpstr(amanat_err_name(rc), ==, "ok");
}

#define assert_err(expr, expected)                                                                 \
  g_assert_cmpstr(amanat_err_name(expr), ==, amanat_err_name(expected))

static amanat_backup_options passphrase_options(void) {
  return (amanat_backup_options){
      .passphrase = PASSPHRASE, .passphrase_len = strlen(PASSPHRASE), .cost = TEST_COST};
}

/* ---- Filling a vault, and a dump of everything a space holds ------------------------- */

static char *add_file(Fixture *f, amanat_vault *v, const char *name, const void *data, gsize len,
                      const char *tag) {
  g_autofree char *path = g_build_filename(f->sources, name, NULL);
  g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
  const char *tags[] = {tag};
  amanat_import_options options = {.tags = tag != NULL ? tags : NULL, .tag_count = tag != NULL};
  char id[AMANAT_ID_LEN + 1];
  check(amanat_doc_import_path(v, path, &options, id));
  return g_strdup(id);
}

static char *add_contact(amanat_vault *v, const char *name) {
  amanat_contact_field fields[] = {{"phone", "+961 1 234 567", 0}, {"signal", "@sparrow.42", 1}};
  char id[AMANAT_ID_LEN + 1];
  check(amanat_contact_add(v, name, fields, G_N_ELEMENTS(fields), id));
  return g_strdup(id);
}

static void fill_space(Fixture *f, amanat_vault *v, const char *which, gsize big) {
  guint8 *random = g_malloc(big);
  randombytes_buf(random, big);
  g_autofree char *a = add_file(f, v, "photo.jpg", random, big, "evidence");
  g_free(random);
  const char text[] = "Interview notes: the meeting moved to Thursday.\n";
  g_autofree char *b = add_file(f, v, "notes.txt", text, sizeof text - 1, NULL);
  char note[AMANAT_ID_LEN + 1];
  check(amanat_note_add(v, which, "a note\nwith two lines", 21, note));
  check(amanat_doc_set_notes(v, b, "from the archive"));
  g_autofree char *contact = add_contact(v, which);
  const char *tags[] = {"source"};
  check(amanat_contact_tag(v, contact, tags, 1, NULL, 0));
  check(amanat_contact_set_notes(v, contact, "met twice"));
  check(amanat_link(v, a, contact, 1));
  amanat_identity_info info;
  check(amanat_identity_show(v, &info)); /* the identity exists before the backup */
}

static int dump_doc(const amanat_doc_info *doc, void *user_data) {
  GString *out = user_data;
  g_string_append_printf(out, "doc %s %d %s|%s|%" G_GUINT64_FORMAT "|%s|%s|", doc->id, doc->kind,
                         doc->title, doc->content_type, doc->size, doc->added, doc->notes);
  for (size_t i = 0; i < doc->tag_count; i++)
    g_string_append_printf(out, "t:%s,", doc->tags[i]);
  for (size_t i = 0; i < doc->contact_count; i++)
    g_string_append_printf(out, "c:%s,", doc->contacts[i]);
  g_string_append_c(out, '\n');
  return 0;
}

static int collect_id(const amanat_doc_info *doc, void *user_data) {
  g_ptr_array_add(user_data, g_strdup(doc->id));
  return 0;
}

static int dump_contact(const amanat_contact_info *c, void *user_data) {
  GString *out = user_data;
  g_string_append_printf(out, "contact %s %s|%s|%s|", c->id, c->name, c->notes, c->added);
  for (size_t i = 0; i < c->field_count; i++)
    g_string_append_printf(out, "f:%s=%s/%d,", c->fields[i].label, c->fields[i].value,
                           c->fields[i].sensitive);
  for (size_t i = 0; i < c->tag_count; i++)
    g_string_append_printf(out, "t:%s,", c->tags[i]);
  for (size_t i = 0; i < c->document_count; i++)
    g_string_append_printf(out, "d:%s,", c->documents[i]);
  g_string_append_c(out, '\n');
  return 0;
}

static int collect_contact(const amanat_contact_info *c, void *user_data) {
  g_ptr_array_add(user_data, g_strdup(c->id));
  return 0;
}

static int dump_peer(const amanat_peer_info *peer, void *user_data) {
  g_string_append_printf(user_data, "peer %s %s %d %s\n", peer->name, peer->safety_code,
                         peer->verified, peer->added);
  return 0;
}

/* Everything the session's space shows, document contents included (as SHA-256). */
static char *dump(amanat_vault *v) {
  GString *out = g_string_new(NULL);
  check(amanat_doc_list(v, NULL, 0, 0, dump_doc, out));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);
  check(amanat_doc_list(v, NULL, 0, 0, collect_id, ids));
  for (guint i = 0; i < ids->len; i++) {
    uint8_t *content = NULL;
    size_t len = 0;
    check(amanat_doc_read_all(v, ids->pdata[i], 64u << 20, &content, &len));
    g_autofree char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, content, len);
    g_string_append_printf(out, "content %s %s\n", (char *)ids->pdata[i], sum);
    amanat_free_secret(content);
  }
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func(g_free);
  check(amanat_contact_list(v, collect_contact, contacts));
  for (guint i = 0; i < contacts->len; i++)
    check(amanat_contact_show(v, contacts->pdata[i], dump_contact, out));
  check(amanat_peer_list(v, dump_peer, out));
  amanat_identity_info info;
  check(amanat_identity_show(v, &info));
  g_string_append_printf(out, "identity %s %s %s\n", info.x25519_hex, info.ed25519_hex,
                         info.safety_code);
  uint32_t limit = 0;
  check(amanat_vault_get_wipe_after(v, &limit));
  g_string_append_printf(out, "wipe-after %u\n", limit);
  return g_string_free(out, FALSE);
}

static char *dump_of(const char *dir, const char *password, amanat_space_choice choice) {
  amanat_vault *v = open_as(dir, password, choice);
  char *text = dump(v);
  amanat_vault_lock(v);
  return text;
}

static int setting_count(amanat_vault *v, const char *name) {
  sqlite3_stmt *stmt = NULL;
  g_assert_cmpint(
      sqlite3_prepare_v2(v->db, "SELECT count(*) FROM settings WHERE name = ?1;", -1, &stmt, NULL),
      ==, SQLITE_OK);
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
  int count = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return count;
}

static void put_setting(amanat_vault *v, const char *name) {
  g_autofree char *sql =
      g_strdup_printf("INSERT OR REPLACE INTO settings(name, value) VALUES ('%s', x'0102');", name);
  g_assert_cmpint(sqlite3_exec(v->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A vault with both spaces filled, a verified peer, a wipe-after limit and sync settings. */
static void fill_vault(Fixture *f, gsize big) {
  g_autofree char *other = g_build_filename(f->root, "colleague", NULL);
  g_autofree char *card = g_build_filename(f->root, "colleague.card", NULL);
  test_make_vault(other);
  amanat_vault *c = open_as(other, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  check(amanat_identity_export(c, card));
  amanat_vault_lock(c);

  amanat_vault *v = open_as(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  fill_space(f, v, "real", big);
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  check(amanat_peer_add(v, card, "Amina", code));
  check(amanat_peer_verify(v, "Amina"));
  check(amanat_vault_set_wipe_after(v, 7));
  put_setting(v, "sync.origin");
  put_setting(v, "kept.setting");
  amanat_vault_lock(v);
  v = open_as(f->dir, TEST_PASSWORD, AMANAT_SPACE_DECOY);
  fill_space(f, v, "decoy", 1000);
  put_setting(v, "sync.origin");
  amanat_vault_lock(v);
}

static int path_exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

/* Nothing but `keep` (NULL-terminated names) in `dir`: no temporary file or folder left. */
static void assert_only(const char *dir, const char *const *keep) {
  GDir *d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  for (const char *name; (name = g_dir_read_name(d)) != NULL;)
    if (!g_strv_contains(keep, name))
      g_error("unexpected %s in %s", name, dir);
  g_dir_close(d);
}

static void backup_with(Fixture *f, const amanat_backup_options *options, const char *password,
                        amanat_space_choice choice) {
  amanat_vault *v = open_as(f->dir, password, choice);
  check(amanat_backup_write(v, f->backup, options));
  amanat_vault_lock(v);
}

static void restore_with_passphrase(Fixture *f) {
  amanat_backup *b = NULL;
  check(amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b));
  check(amanat_backup_restore(b, f->restored, NEW_PW, strlen(NEW_PW), TEST_COST, NULL, NULL));
  amanat_backup_close(b);
}

/* ---- Tests ------------------------------------------------------------------------- */

static void test_roundtrip(Fixture *f, gconstpointer data) {
  (void)data;
  fill_vault(f, 1536 * 1024 + 17); /* two chunks, across stream messages */
  g_autofree char *real = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_autofree char *decoy = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DECOY);
  g_assert_nonnull(strstr(real, "peer Amina"));
  g_assert_nonnull(strstr(real, "wipe-after 7"));

  amanat_backup_options options = passphrase_options();
  gint64 start = g_get_monotonic_time();
  backup_with(f, &options, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  gint64 written = g_get_monotonic_time();
  restore_with_passphrase(f);
  gint64 restored = g_get_monotonic_time();
  struct stat st;
  g_assert_cmpint(stat(f->backup, &st), ==, 0);
  g_test_message("backup %" G_GINT64_FORMAT " bytes: written and verified in %.3f s, restored in "
                 "%.3f s",
                 (gint64)st.st_size, (written - start) / 1e6, (restored - written) / 1e6);
  g_assert_cmpint((st.st_size - BACKUP_HEADER_LEN) % BACKUP_CIPHER_MESSAGE_LEN, ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  const char *const root_files[] = {"vault",     "restored",       "backup.bin", "sources",
                                    "colleague", "colleague.card", NULL};
  assert_only(f->root, root_files);

  g_autofree char *real_after = dump_of(f->restored, NEW_PW, AMANAT_SPACE_DEFAULT);
  g_autofree char *decoy_after = dump_of(f->restored, NEW_PW, AMANAT_SPACE_DECOY);
  g_assert_cmpstr(real_after, ==, real);
  g_assert_cmpstr(decoy_after, ==, decoy);
  /* The new password only; a new header (other salt). */
  assert_err(test_try_open(f->restored, TEST_PASSWORD, AMANAT_SPACE_DEFAULT),
             AMANAT_E_WRONG_PASSWORD);
  amanat_vault *v = open_as(f->restored, NEW_PW, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(setting_count(v, "sync.origin"), ==, 0);
  g_assert_cmpint(setting_count(v, "kept.setting"), ==, 1);
  amanat_verify_report report;
  check(amanat_vault_verify(v, &report));
  amanat_vault_lock(v);
  v = open_as(f->restored, NEW_PW, AMANAT_SPACE_DECOY);
  g_assert_cmpint(setting_count(v, "sync.origin"), ==, 0);
  amanat_vault_lock(v);
  g_autofree char *old_hdr = g_build_filename(f->dir, "vault.hdr", NULL);
  g_autofree char *new_hdr = g_build_filename(f->restored, "vault.hdr", NULL);
  g_autoptr(GBytes) a = test_read_file(old_hdr);
  g_autoptr(GBytes) b = test_read_file(new_hdr);
  g_assert_false(memcmp((const guint8 *)g_bytes_get_data(a, NULL) + AMANAT_PREFIX_OFF_SALT,
                        (const guint8 *)g_bytes_get_data(b, NULL) + AMANAT_PREFIX_OFF_SALT,
                        16) == 0);
}

static void test_wrong_passphrase(Fixture *f, gconstpointer data) {
  (void)data;
  amanat_backup_options options = passphrase_options();
  backup_with(f, &options, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  amanat_backup *b = NULL;
  assert_err(amanat_backup_open(f->backup, "umbrella quarry lantern sever", 29, &b),
             AMANAT_E_WRONG_PASSWORD);
  g_assert_null(b);
  assert_err(amanat_backup_open(f->backup, "", 0, &b), AMANAT_E_EMPTY_PASSWORD);
  g_assert_false(path_exists(f->restored));
  /* NFC: a decomposed passphrase opens what the composed one sealed. */
  const char composed[] = "caf\xc3\xa9 noir", decomposed[] = "cafe\xcc\x81 noir";
  options.passphrase = composed;
  options.passphrase_len = strlen(composed);
  g_autofree char *other = g_build_filename(f->root, "nfc.bin", NULL);
  amanat_vault *v = open_as(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  check(amanat_backup_write(v, other, &options));
  /* Never over an existing file. */
  assert_err(amanat_backup_write(v, other, &options), AMANAT_E_EXISTS);
  amanat_vault_lock(v);
  check(amanat_backup_open(other, decomposed, strlen(decomposed), &b));
  check(amanat_backup_check(b, NULL, NULL));
  amanat_backup_close(b);
  /* Not a backup. */
  g_autofree char *hdr = g_build_filename(f->dir, "vault.hdr", NULL);
  assert_err(amanat_backup_open(hdr, PASSPHRASE, strlen(PASSPHRASE), &b), AMANAT_E_BAD_BACKUP);
  /* A newer version. */
  test_flip_byte(other, BACKUP_OFF_VERSION, 0x02);
  assert_err(amanat_backup_open(other, decomposed, strlen(decomposed), &b), AMANAT_E_VERSION);
  /* Restoring over something is refused before anything is written. */
  check(amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b));
  assert_err(amanat_backup_restore(b, f->dir, NEW_PW, strlen(NEW_PW), TEST_COST, NULL, NULL),
             AMANAT_E_EXISTS);
  amanat_backup_close(b);
}

static void test_recovery_key(Fixture *f, gconstpointer data) {
  (void)data;
  fill_vault(f, 70000);
  g_autofree char *real = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_autofree char *decoy = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DECOY);
  g_autofree char *secret = g_build_filename(f->root, "org.key", NULL);
  g_autofree char *card = g_build_filename(f->root, "org.card", NULL);
  char code[AMANAT_RECOVERY_CODE_LEN + 1], again[AMANAT_RECOVERY_CODE_LEN + 1];
  check(amanat_recovery_key_new(secret, card, PASSPHRASE, strlen(PASSPHRASE), TEST_COST, code));
  check(amanat_recovery_card_code(card, again));
  g_assert_cmpstr(code, ==, again);
  g_assert_true(g_regex_match_simple("^[0-9]{5}( [0-9]{5}){5}$", code, 0, 0));
  assert_err(amanat_recovery_key_new(secret, card, PASSPHRASE, strlen(PASSPHRASE), TEST_COST, NULL),
             AMANAT_E_EXISTS);
  g_autofree char *other_card = g_build_filename(f->root, "x.card", NULL);
  assert_err(amanat_recovery_key_new(secret, other_card, "p", 1, TEST_COST, NULL), AMANAT_E_EXISTS);
  g_assert_false(path_exists(other_card));

  /* To the key only: no passphrase opens it; the key with its passphrase does. */
  amanat_backup_options options = {.recovery_card = card, .cost = TEST_COST};
  backup_with(f, &options, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  amanat_backup *b = NULL;
  assert_err(amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b),
             AMANAT_E_WRONG_PASSWORD);
  assert_err(amanat_backup_open_with_key(f->backup, secret, "wrong", 5, &b),
             AMANAT_E_WRONG_PASSWORD);
  assert_err(amanat_backup_open_with_key(f->backup, card, PASSPHRASE, strlen(PASSPHRASE), &b),
             AMANAT_E_BAD_RECOVERY_KEY);
  check(amanat_backup_open_with_key(f->backup, secret, PASSPHRASE, strlen(PASSPHRASE), &b));
  check(amanat_backup_restore(b, f->restored, NEW_PW, strlen(NEW_PW), TEST_COST, NULL, NULL));
  amanat_backup_close(b);
  g_autofree char *real_after = dump_of(f->restored, NEW_PW, AMANAT_SPACE_DEFAULT);
  g_autofree char *decoy_after = dump_of(f->restored, NEW_PW, AMANAT_SPACE_DECOY);
  g_assert_cmpstr(real_after, ==, real);
  g_assert_cmpstr(decoy_after, ==, decoy);

  /* Another organisation's key does not open it. */
  g_autofree char *secret2 = g_build_filename(f->root, "other.key", NULL);
  g_autofree char *card2 = g_build_filename(f->root, "other.card", NULL);
  check(amanat_recovery_key_new(secret2, card2, PASSPHRASE, strlen(PASSPHRASE), TEST_COST, NULL));
  assert_err(amanat_backup_open_with_key(f->backup, secret2, PASSPHRASE, strlen(PASSPHRASE), &b),
             AMANAT_E_WRONG_PASSWORD);

  /* Both at once: either opens it. */
  g_autofree char *both = g_build_filename(f->root, "both.bin", NULL);
  options = passphrase_options();
  options.recovery_card = card;
  amanat_vault *v = open_as(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  check(amanat_backup_write(v, both, &options));
  amanat_vault_lock(v);
  check(amanat_backup_open(both, PASSPHRASE, strlen(PASSPHRASE), &b));
  check(amanat_backup_check(b, NULL, NULL));
  amanat_backup_close(b);
  check(amanat_backup_open_with_key(both, secret, PASSPHRASE, strlen(PASSPHRASE), &b));
  check(amanat_backup_check(b, NULL, NULL));
  amanat_backup_close(b);

  /* Cards and key files: anything altered is refused. */
  g_autoptr(GBytes) card_bytes = test_read_file(card);
  gsize card_len = g_bytes_get_size(card_bytes);
  for (gsize i = 0; i < card_len; i++) {
    g_autofree char *text = g_strndup(g_bytes_get_data(card_bytes, NULL), card_len);
    text[i] ^= (i == card_len - 1) ? 0x20 : 0x01;
    g_autofree char *bad = g_build_filename(f->root, "bad.card", NULL);
    g_assert_true(g_file_set_contents(bad, text, (gssize)card_len, NULL));
    char unused[AMANAT_RECOVERY_CODE_LEN + 1];
    assert_err(amanat_recovery_card_code(bad, unused), AMANAT_E_BAD_RECOVERY_KEY);
    g_unlink(bad);
  }
  g_autofree char *appended = g_strconcat(g_bytes_get_data(card_bytes, NULL), "x", NULL);
  g_autofree char *bad = g_build_filename(f->root, "long.card", NULL);
  g_assert_true(g_file_set_contents(bad, appended, (gssize)card_len + 1, NULL));
  assert_err(amanat_recovery_card_code(bad, code), AMANAT_E_BAD_RECOVERY_KEY);
  options = (amanat_backup_options){.recovery_card = bad, .cost = TEST_COST};
  g_autofree char *never = g_build_filename(f->root, "never.bin", NULL);
  v = open_as(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  assert_err(amanat_backup_write(v, never, &options), AMANAT_E_BAD_RECOVERY_KEY);
  amanat_vault_lock(v);
  g_assert_false(path_exists(never));
  g_autoptr(GBytes) key_bytes = test_read_file(secret);
  for (gsize i = 0; i < g_bytes_get_size(key_bytes); i += 7) {
    g_autofree char *text =
        g_strndup(g_bytes_get_data(key_bytes, NULL), g_bytes_get_size(key_bytes));
    text[i] ^= 0x01;
    g_autofree char *bad_key = g_build_filename(f->root, "bad.key", NULL);
    g_assert_true(g_file_set_contents(bad_key, text, (gssize)g_bytes_get_size(key_bytes), NULL));
    int rc = amanat_backup_open_with_key(f->backup, bad_key, PASSPHRASE, strlen(PASSPHRASE), &b);
    g_assert_true(rc == AMANAT_E_BAD_RECOVERY_KEY || rc == AMANAT_E_WRONG_PASSWORD);
    g_assert_null(b);
    g_unlink(bad_key);
  }
}

/* The offsets a tampering test visits. Every one would take 15 minutes here (the smallest
 * backup is some 450 KB, two empty databases, and each check decrypts up to the byte): so
 * every byte of the header, the 96 bytes on either side of every message boundary (a
 * message's tag, the next one's start), and one byte in 97 elsewhere. A change inside a message
 * fails its Poly1305 tag wherever it lies; what the sample checks is that no region escapes the
 * reader. */
static gint64 next_offset_every(gint64 i, gint64 stride) {
  gint64 in_message = (i - BACKUP_HEADER_LEN) % BACKUP_CIPHER_MESSAGE_LEN;
  if (in_message < 96 || in_message >= BACKUP_CIPHER_MESSAGE_LEN - 97)
    return i + 1;
  gint64 next = i + stride;
  gint64 tail = i - in_message + BACKUP_CIPHER_MESSAGE_LEN - 96;
  return next < tail ? next : tail;
}

static gint64 next_offset(gint64 i) {
  return next_offset_every(i, 97);
}

/* XORs a header byte and recomputes the checksum, as a forger would. */
static void edit_header_byte(const char *path, gint64 offset, guint8 mask) {
  test_flip_byte(path, offset, mask);
  int fd = open(path, O_RDWR);
  g_assert_cmpint(fd, >=, 0);
  uint8_t header[BACKUP_HEADER_LEN];
  g_assert_cmpint(pread(fd, header, sizeof header, 0), ==, (gssize)sizeof header);
  backup_header_checksum(header, header + BACKUP_CHECKSUM_OFF);
  g_assert_cmpint(pwrite(fd, header, sizeof header, 0), ==, (gssize)sizeof header);
  close(fd);
}

/* Every byte of a small backup, flipped: opening or reading it fails, and a restore leaves
 * nothing. The header's bytes go through the whole open (one KDF run each); the stream's
 * through the same reader a restore uses, under the key the open found. */
static void test_every_byte(Fixture *f, gconstpointer data) {
  (void)data;
  amanat_backup_options options = passphrase_options();
  backup_with(f, &options, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  struct stat st;
  g_assert_cmpint(stat(f->backup, &st), ==, 0);
  gint64 start = g_get_monotonic_time();
  amanat_backup *b = NULL;
  /* Damage: the checksum names it before any KDF run (the version comes first, as in the
   * vault's header). */
  for (gint64 i = 0; i < BACKUP_HEADER_LEN; i++) {
    test_flip_byte(f->backup, i, 0xff);
    int rc = amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b);
    g_assert_true(rc == AMANAT_E_BAD_BACKUP ||
                  (rc == AMANAT_E_VERSION && i / 2 == BACKUP_OFF_VERSION / 2));
    g_assert_null(b);
    test_flip_byte(f->backup, i, 0xff);
  }
  /* Deliberate edits, the checksum made to match: the passphrase's stanza no longer opens,
   * or the stream (which binds the header) does not. */
  for (gint64 i = 0; i < BACKUP_CHECKSUM_OFF; i++) {
    edit_header_byte(f->backup, i, 0x01);
    int rc = amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b);
    if (rc == AMANAT_OK) {
      g_assert_cmpint(i, >=, BACKUP_RECOVERY_OFF); /* the unused stanza, the stream header */
      assert_err(amanat_backup_check(b, NULL, NULL), AMANAT_E_BAD_BACKUP);
      amanat_backup_close(b);
    } else {
      g_assert_true(rc == AMANAT_E_WRONG_PASSWORD || rc == AMANAT_E_BAD_BACKUP ||
                    rc == AMANAT_E_VERSION);
      g_assert_null(b);
    }
    edit_header_byte(f->backup, i, 0x01);
  }
  gint64 header_done = g_get_monotonic_time();
  check(amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b));
  unsigned flipped = 0;
  for (gint64 i = BACKUP_HEADER_LEN; i < st.st_size; i = next_offset(i)) {
    flipped++;
    test_flip_byte(f->backup, i, 0x01);
    assert_err(amanat_backup_check(b, NULL, NULL), AMANAT_E_BAD_BACKUP);
    test_flip_byte(f->backup, i, 0x01);
  }
  check(amanat_backup_check(b, NULL, NULL));
  gint64 stream_done = g_get_monotonic_time();
  /* A sample through a whole restore: nothing at the target, nothing beside it. */
  const char *const root_files[] = {"vault", "backup.bin", "sources", NULL};
  for (gint64 i = BACKUP_HEADER_LEN; i < st.st_size; i += st.st_size / 23) {
    test_flip_byte(f->backup, i, 0x80);
    assert_err(amanat_backup_restore(b, f->restored, NEW_PW, strlen(NEW_PW), TEST_COST, NULL, NULL),
               AMANAT_E_BAD_BACKUP);
    g_assert_false(path_exists(f->restored));
    assert_only(f->root, root_files);
    test_flip_byte(f->backup, i, 0x80);
  }
  amanat_backup_close(b);
  g_test_message("%" G_GINT64_FORMAT " bytes: %d header flips %.2f s, %u stream flips %.2f s",
                 (gint64)st.st_size, BACKUP_HEADER_LEN, (header_done - start) / 1e6, flipped,
                 (stream_done - header_done) / 1e6);
}

/* Cut short at every offset, or lengthened: refused before or while reading. */
static void test_every_truncation(Fixture *f, gconstpointer data) {
  (void)data;
  amanat_backup_options options = passphrase_options();
  backup_with(f, &options, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  struct stat st;
  g_assert_cmpint(stat(f->backup, &st), ==, 0);
  amanat_backup *b = NULL;
  check(amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b));
  /* Every length the reader can be given. */
  unsigned cuts = 0;
  for (uint64_t len = 1; len < (uint64_t)st.st_size;
       len = (uint64_t)next_offset_every((gint64)len, 293), cuts++)
    assert_err(backup_read_stream(b->path, b->file_key, b->header, len, NULL, NULL, NULL, NULL),
               AMANAT_E_BAD_BACKUP);
  /* Real files cut short: at every message boundary (where the length alone looks right) and
   * beside it, through open and restore. */
  g_test_message("%u lengths of %" G_GINT64_FORMAT " checked", cuts, (gint64)st.st_size);
  g_autofree char *cut = g_build_filename(f->root, "cut.bin", NULL);
  g_autoptr(GBytes) whole = test_read_file(f->backup);
  for (gint64 boundary = BACKUP_HEADER_LEN; boundary < st.st_size;
       boundary += BACKUP_CIPHER_MESSAGE_LEN) {
    gint64 lengths[] = {boundary - 1, boundary, boundary + 1, boundary + 30000};
    for (int k = 0; k < 4; k++) {
      if (lengths[k] >= st.st_size)
        continue;
      g_assert_true(g_file_set_contents(cut, g_bytes_get_data(whole, NULL), lengths[k], NULL));
      amanat_backup *c = NULL;
      int rc = amanat_backup_open(cut, PASSPHRASE, strlen(PASSPHRASE), &c);
      if (rc == AMANAT_OK) {
        assert_err(
            amanat_backup_restore(c, f->restored, NEW_PW, strlen(NEW_PW), TEST_COST, NULL, NULL),
            AMANAT_E_BAD_BACKUP);
        amanat_backup_close(c);
      } else {
        assert_err(rc, AMANAT_E_BAD_BACKUP);
      }
      g_assert_false(path_exists(f->restored));
    }
  }
  /* Appended: one byte, or a whole message of garbage. */
  amanat_backup_close(b);
  for (gsize extra = 1; extra <= BACKUP_CIPHER_MESSAGE_LEN;
       extra += BACKUP_CIPHER_MESSAGE_LEN - 1) {
    GByteArray *longer = g_byte_array_new();
    g_byte_array_append(longer, g_bytes_get_data(whole, NULL), (guint)st.st_size);
    guint8 *garbage = g_malloc(extra);
    randombytes_buf(garbage, extra);
    g_byte_array_append(longer, garbage, (guint)extra);
    g_assert_true(g_file_set_contents(cut, (const char *)longer->data, longer->len, NULL));
    g_free(garbage);
    g_byte_array_unref(longer);
    amanat_backup *c = NULL;
    int rc = amanat_backup_open(cut, PASSPHRASE, strlen(PASSPHRASE), &c);
    if (rc == AMANAT_OK) {
      assert_err(amanat_backup_check(c, NULL, NULL), AMANAT_E_BAD_BACKUP);
      amanat_backup_close(c);
    } else {
      assert_err(rc, AMANAT_E_BAD_BACKUP);
    }
  }
}

/* A write, sync, rename or allocation failing at any point: no backup is left (not even a
 * temporary one), and the vault is as it was. */
static void test_write_faults(Fixture *f, gconstpointer data) {
  (void)data;
  fill_vault(f, 1000);
  g_autofree char *before = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  amanat_backup_options options = passphrase_options();
  const char *const root_files[] = {"vault", "sources", "colleague", "colleague.card", NULL};
  unsigned failures = 0;
  for (unsigned k = 1;; k++) {
    amanat_vault *v = open_as(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
    amanat_fault_arm(k, k % 2 ? ENOSPC : EIO);
    int rc = amanat_backup_write(v, f->backup, &options);
    unsigned calls = amanat_fault_arm(0, 0);
    amanat_vault_lock(v);
    if (rc == AMANAT_OK) {
      /* A fault the backup did not need (closing a database settles it again): what was
       * written is whole. */
      amanat_backup *b = NULL;
      check(amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b));
      check(amanat_backup_check(b, NULL, NULL));
      amanat_backup_close(b);
      if (calls < k)
        break; /* the fault was never reached */
      g_assert_cmpint(g_unlink(f->backup), ==, 0);
      continue;
    }
    failures++;
    g_assert_true(rc == AMANAT_E_NO_SPACE || rc == AMANAT_E_IO || rc == AMANAT_E_NOMEM);
    g_assert_false(path_exists(f->backup));
    assert_only(f->root, root_files);
  }
  g_assert_cmpuint(failures, >, 10);
  g_autofree char *after = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(after, ==, before);
  /* And the backup made after them restores. */
  restore_with_passphrase(f);
  g_autofree char *restored = dump_of(f->restored, NEW_PW, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(restored, ==, before);
}

/* The same for a restore: nothing at the target, no staging folder left. */
static void test_restore_faults(Fixture *f, gconstpointer data) {
  (void)data;
  fill_vault(f, 1000);
  amanat_backup_options options = passphrase_options();
  backup_with(f, &options, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  amanat_backup *b = NULL;
  check(amanat_backup_open(f->backup, PASSPHRASE, strlen(PASSPHRASE), &b));
  const char *const root_files[] = {"vault",          "sources",    "colleague",
                                    "colleague.card", "backup.bin", NULL};
  for (unsigned k = 1;; k++) {
    amanat_fault_arm(k, k % 2 ? ENOSPC : EIO);
    int rc = amanat_backup_restore(b, f->restored, NEW_PW, strlen(NEW_PW), TEST_COST, NULL, NULL);
    unsigned calls = amanat_fault_arm(0, 0);
    if (rc == AMANAT_OK) {
      check(test_try_open(f->restored, NEW_PW, AMANAT_SPACE_DEFAULT));
      if (calls < k)
        break;
      test_rmtree(f->restored);
      continue;
    }
    g_assert_false(path_exists(f->restored));
    assert_only(f->root, root_files);
  }
  amanat_backup_close(b);
  check(test_try_open(f->restored, NEW_PW, AMANAT_SPACE_DEFAULT));
}

/* A duress session's backup looks like any other: the space it shows as the real one, and a
 * decoy (empty when it has none on disk). Its restore holds nothing of the real space. */
static void test_duress_session(Fixture *f, gconstpointer data) {
  (void)data;
  fill_vault(f, 1000);
  const char *duress = "harbour violet canvas pebble";
  g_autofree char *decoy = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DECOY);
  amanat_vault *v = open_as(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  check(amanat_vault_duress_add(v, duress, strlen(duress), AMANAT_DURESS_DECOY_ONLY));
  amanat_vault_lock(v);
  g_autofree char *real = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);

  amanat_backup_options options = passphrase_options();
  backup_with(f, &options, duress, AMANAT_SPACE_DEFAULT);
  restore_with_passphrase(f);
  g_autofree char *as_real = dump_of(f->restored, NEW_PW, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(as_real, ==, decoy);
  amanat_vault *r = open_as(f->restored, NEW_PW, AMANAT_SPACE_DECOY);
  uint64_t count = 1;
  check(amanat_doc_count(r, NULL, &count));
  g_assert_cmpuint(count, ==, 0);
  amanat_vault_lock(r);
  /* Decoy only: the real space is untouched. */
  g_autofree char *real_after = dump_of(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(real_after, ==, real);
  /* The backup holds no pack of the real space: it is about the decoy's size. */
  struct stat st;
  g_assert_cmpint(stat(f->backup, &st), ==, 0);
  g_assert_cmpint(st.st_size, <, 1 << 20);

  /* A duress password with the wipe action: the real space is gone; the backup the duress
   * session makes is the decoy again, with the standby space (empty) as its decoy. */
  const char *wiping = "copper meadow lantern drift";
  v = open_as(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  check(amanat_vault_duress_add(v, wiping, strlen(wiping), AMANAT_DURESS_WIPE));
  amanat_vault_lock(v);
  g_unlink(f->backup);
  test_rmtree(f->restored);
  backup_with(f, &options, wiping, AMANAT_SPACE_DEFAULT);
  assert_err(test_try_open(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), AMANAT_E_WRONG_PASSWORD);
  restore_with_passphrase(f);
  g_autofree char *after_wipe = dump_of(f->restored, NEW_PW, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(after_wipe, ==, decoy);
  r = open_as(f->restored, NEW_PW, AMANAT_SPACE_DECOY);
  check(amanat_doc_count(r, NULL, &count));
  g_assert_cmpuint(count, ==, 0);
  amanat_vault_lock(r);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
#define ADD(path, func) g_test_add(path, Fixture, NULL, set_up, func, tear_down)
  ADD("/backup/roundtrip", test_roundtrip);
  ADD("/backup/wrong-passphrase", test_wrong_passphrase);
  ADD("/backup/recovery-key", test_recovery_key);
  ADD("/backup/every-byte", test_every_byte);
  ADD("/backup/every-truncation", test_every_truncation);
  ADD("/backup/write-faults", test_write_faults);
  ADD("/backup/restore-faults", test_restore_faults);
  ADD("/backup/duress-session", test_duress_session);
#undef ADD
  return g_test_run();
}
