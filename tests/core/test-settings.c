/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-settings.c: the app's in-vault settings, the current-password check, the duress
 * count, and listing documents by kind. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "amanat.h"
#include "test-util.h"

#define DURESS "we are just a small book club"

typedef struct {
  char *root, *dir;
  amanat_vault *vault;
} Fixture;

static amanat_vault *open_with(const char *dir, const char *password, amanat_space_choice choice) {
  amanat_vault *v = NULL;
  int rc = amanat_vault_open(dir, password, strlen(password), choice, &v);
  g_assert_cmpstr(amanat_err_name(rc), ==, amanat_err_name(AMANAT_OK));
  return v;
}

static void set_up(Fixture *f, gconstpointer data) {
  f->root = test_tmpdir();
  f->dir = g_build_filename(f->root, "vault", NULL);
  test_make_vault(f->dir);
  f->vault = open_with(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
}

static void tear_down(Fixture *f, gconstpointer data) {
  amanat_vault_lock(f->vault);
  test_rmtree(f->root);
  g_free(f->dir);
  g_free(f->root);
}

static void reopen(Fixture *f, const char *password, amanat_space_choice choice) {
  amanat_vault_lock(f->vault);
  f->vault = open_with(f->dir, password, choice);
}

/* The value of `name`, or NULL when unset; asserts no other error. */
static char *get(amanat_vault *v, const char *name) {
  char *value = NULL;
  int rc = amanat_setting_get(v, name, &value);
  if (rc == AMANAT_E_NOT_FOUND) {
    g_assert_null(value);
    return NULL;
  }
  g_assert_cmpstr(amanat_err_name(rc), ==, amanat_err_name(AMANAT_OK));
  char *copy = g_strdup(value);
  free(value);
  return copy;
}

/* ---- Settings ---------------------------------------------------------------------- */

static void test_round_trip(Fixture *f, gconstpointer data) {
  g_assert_null(get(f->vault, "ui.auto-lock-minutes"));
  g_assert_cmpint(amanat_setting_set(f->vault, "ui.auto-lock-minutes", "7"), ==, AMANAT_OK);
  g_autofree char *first = get(f->vault, "ui.auto-lock-minutes");
  g_assert_cmpstr(first, ==, "7");
  /* Replaced, not added. */
  g_assert_cmpint(amanat_setting_set(f->vault, "ui.auto-lock-minutes", "12"), ==, AMANAT_OK);
  g_autofree char *second = get(f->vault, "ui.auto-lock-minutes");
  g_assert_cmpstr(second, ==, "12");
  /* Multiline UTF-8 and the empty string are values too. */
  const char *text = "Première ligne\n\tdeuxième — ٣";
  g_assert_cmpint(amanat_setting_set(f->vault, "ui.note", text), ==, AMANAT_OK);
  g_autofree char *note = get(f->vault, "ui.note");
  g_assert_cmpstr(note, ==, text);
  g_assert_cmpint(amanat_setting_set(f->vault, "ui.empty", ""), ==, AMANAT_OK);
  g_autofree char *empty = get(f->vault, "ui.empty");
  g_assert_cmpstr(empty, ==, "");
}

static void test_survives_lock(Fixture *f, gconstpointer data) {
  g_assert_cmpint(amanat_setting_set(f->vault, "ui.checklist.mfa", "1"), ==, AMANAT_OK);
  reopen(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_autofree char *value = get(f->vault, "ui.checklist.mfa");
  g_assert_cmpstr(value, ==, "1");
  g_assert_null(get(f->vault, "ui.checklist.updates"));
  /* Per space: the decoy has its own settings. */
  reopen(f, TEST_PASSWORD, AMANAT_SPACE_DECOY);
  g_assert_null(get(f->vault, "ui.checklist.mfa"));
}

static void test_not_found(Fixture *f, gconstpointer data) {
  char *value = (char *)"untouched";
  g_assert_cmpint(amanat_setting_get(f->vault, "ui.never-set", &value), ==, AMANAT_E_NOT_FOUND);
  g_assert_null(value);
}

static void test_invalid_refused(Fixture *f, gconstpointer data) {
  /* The core's own rows are out of reach, for reading and for writing. */
  amanat_identity_info info;
  g_assert_cmpint(amanat_identity_show(f->vault, &info), ==, AMANAT_OK);
  const char *bad_names[] = {"sync.seq", "sync.origin",  "identity",   "ui.",  "UI.x", "u",
                             "",         "ui.tab\there", "ui.bad\xff", " ui.x"};
  for (size_t i = 0; i < G_N_ELEMENTS(bad_names); i++) {
    char *value = NULL;
    g_assert_cmpint(amanat_setting_set(f->vault, bad_names[i], "1"), ==, AMANAT_E_INVALID);
    g_assert_cmpint(amanat_setting_get(f->vault, bad_names[i], &value), ==, AMANAT_E_INVALID);
    g_assert_null(value);
  }
  g_autofree char *long_name = g_strnfill(300, 'a');
  memcpy(long_name, "ui.", 3);
  g_assert_cmpint(amanat_setting_set(f->vault, long_name, "1"), ==, AMANAT_E_INVALID);

  /* Values: UTF-8 without control characters (newlines and tabs are fine), 64 KiB at most. */
  const char *bad_values[] = {"\xff", "caf\xc3", "bell\a", "nul\x01", "\xed\xa0\x80"};
  for (size_t i = 0; i < G_N_ELEMENTS(bad_values); i++)
    g_assert_cmpint(amanat_setting_set(f->vault, "ui.x", bad_values[i]), ==, AMANAT_E_INVALID);
  g_assert_cmpint(amanat_setting_set(f->vault, "ui.x", NULL), ==, AMANAT_E_INVALID);
  g_autofree char *largest = g_strnfill(64 * 1024, 'x');
  g_assert_cmpint(amanat_setting_set(f->vault, "ui.x", largest), ==, AMANAT_OK);
  g_autofree char *too_large = g_strnfill(64 * 1024 + 1, 'x');
  g_assert_cmpint(amanat_setting_set(f->vault, "ui.x", too_large), ==, AMANAT_E_INVALID);
  g_autofree char *kept = get(f->vault, "ui.x");
  g_assert_cmpstr(kept, ==, largest);

  /* The refused writes changed nothing of the core's own. */
  amanat_identity_info again;
  g_assert_cmpint(amanat_identity_show(f->vault, &again), ==, AMANAT_OK);
  g_assert_cmpstr(again.ed25519_hex, ==, info.ed25519_hex);
}

/* ---- The current password ---------------------------------------------------------- */

static void test_check_password(Fixture *f, gconstpointer data) {
  g_autofree char *header = g_build_filename(f->dir, "vault.hdr", NULL);
  g_autoptr(GBytes) before = test_read_file(header);
  g_assert_cmpint(amanat_vault_check_password(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD)), ==,
                  AMANAT_OK);
  const char *wrong = "correct horse battery stapler";
  g_assert_cmpint(amanat_vault_check_password(f->vault, wrong, strlen(wrong)), ==,
                  AMANAT_E_WRONG_PASSWORD);
  /* A prefix of the right password is wrong too. */
  g_assert_cmpint(amanat_vault_check_password(f->vault, TEST_PASSWORD, 5), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(amanat_vault_check_password(f->vault, "", 0), ==, AMANAT_E_EMPTY_PASSWORD);
  g_assert_cmpint(amanat_vault_check_password(f->vault, "\xff\xfe", 2), ==, AMANAT_E_INVALID);
  /* Never writes: wrong checks don't count as failed unlocks either. */
  g_autoptr(GBytes) after = test_read_file(header);
  g_assert_true(g_bytes_equal(before, after));
}

static void test_check_password_nfc(void) {
  g_autofree char *root = test_tmpdir();
  g_autofree char *dir = g_build_filename(root, "vault", NULL);
  const char *composed = "caf\xc3\xa9 au lait";    /* é as U+00E9 */
  const char *decomposed = "cafe\xcc\x81 au lait"; /* e + U+0301 */
  g_assert_cmpint(amanat_vault_create(dir, composed, strlen(composed), TEST_COST), ==, AMANAT_OK);
  amanat_vault *v = open_with(dir, decomposed, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(amanat_vault_check_password(v, composed, strlen(composed)), ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_check_password(v, decomposed, strlen(decomposed)), ==, AMANAT_OK);
  const char *plain_e = "cafe au lait";
  g_assert_cmpint(amanat_vault_check_password(v, plain_e, strlen(plain_e)), ==,
                  AMANAT_E_WRONG_PASSWORD);
  amanat_vault_lock(v);
  test_rmtree(root);
}

/* ---- Duress passwords -------------------------------------------------------------- */

static unsigned duress_count(amanat_vault *v) {
  unsigned count = 99;
  g_assert_cmpint(amanat_vault_duress_count(v, &count), ==, AMANAT_OK);
  return count;
}

static void test_duress_count(Fixture *f, gconstpointer data) {
  g_assert_cmpuint(duress_count(f->vault), ==, 0);
  g_assert_cmpint(amanat_vault_duress_add(f->vault, DURESS, strlen(DURESS), AMANAT_DURESS_WIPE), ==,
                  AMANAT_OK);
  g_assert_cmpuint(duress_count(f->vault), ==, 1);
  /* A refused one is not counted. */
  g_assert_cmpint(
      amanat_vault_duress_add(f->vault, DURESS, strlen(DURESS), AMANAT_DURESS_DECOY_ONLY), ==,
      AMANAT_E_PASSWORD_IN_USE);
  g_assert_cmpuint(duress_count(f->vault), ==, 1);
  /* Kept in the owner's slot: the same after a new unlock and a password change. */
  reopen(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpuint(duress_count(f->vault), ==, 1);
  const char *next = "a brand new passphrase";
  g_assert_cmpint(amanat_vault_change_password(f->vault, next, strlen(next)), ==, AMANAT_OK);
  g_assert_cmpuint(duress_count(f->vault), ==, 1);
  g_assert_cmpint(amanat_vault_duress_clear(f->vault), ==, AMANAT_OK);
  g_assert_cmpuint(duress_count(f->vault), ==, 0);
}

static void test_duress_session(Fixture *f, gconstpointer data) {
  g_assert_cmpint(
      amanat_vault_duress_add(f->vault, DURESS, strlen(DURESS), AMANAT_DURESS_DECOY_ONLY), ==,
      AMANAT_OK);
  reopen(f, DURESS, AMANAT_SPACE_DEFAULT);
  unsigned count = 99;
  g_assert_cmpint(amanat_vault_duress_count(f->vault, &count), ==, AMANAT_E_NOT_ALLOWED);
  g_assert_cmpuint(count, ==, 0);
  /* The password check answers for this session's own password only, and a duress
   * session looks like any other: its password is right, the real one wrong. */
  g_assert_cmpint(amanat_vault_check_password(f->vault, DURESS, strlen(DURESS)), ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_check_password(f->vault, TEST_PASSWORD, strlen(TEST_PASSWORD)), ==,
                  AMANAT_E_WRONG_PASSWORD);
  /* And checking the real password there destroyed nothing. */
  reopen(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpuint(duress_count(f->vault), ==, 1);
  /* In the owner session the duress password is only a wrong password. */
  g_assert_cmpint(amanat_vault_check_password(f->vault, DURESS, strlen(DURESS)), ==,
                  AMANAT_E_WRONG_PASSWORD);
  reopen(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpuint(duress_count(f->vault), ==, 1);
}

/* ---- Documents by kind ------------------------------------------------------------- */

typedef struct {
  GPtrArray *ids;
  amanat_doc_kind kind;
} Listing;

static int collect(const amanat_doc_info *doc, void *user_data) {
  Listing *listing = user_data;
  g_assert_cmpint(doc->kind, ==, listing->kind);
  g_ptr_array_add(listing->ids, g_strdup(doc->id));
  return 0;
}

static GPtrArray *list_kind(amanat_vault *v, amanat_doc_kind kind, size_t offset, size_t limit) {
  Listing listing = {g_ptr_array_new_with_free_func(g_free), kind};
  g_assert_cmpint(amanat_doc_list_kind(v, kind, offset, limit, collect, &listing), ==, AMANAT_OK);
  return listing.ids;
}

static uint64_t count_kind(amanat_vault *v, amanat_doc_kind kind) {
  uint64_t n = 999;
  g_assert_cmpint(amanat_doc_count_kind(v, kind, &n), ==, AMANAT_OK);
  return n;
}

static int stop_walk(const amanat_doc_info *doc, void *user_data) {
  return 42;
}

static void test_list_kind(Fixture *f, gconstpointer data) {
  g_assert_cmpuint(count_kind(f->vault, AMANAT_DOC_NOTE), ==, 0);
  g_assert_cmpuint(count_kind(f->vault, AMANAT_DOC_FILE), ==, 0);

  /* Files and notes interleaved: f0 n0 f1 n1 n2. */
  g_autofree char *path = g_build_filename(f->root, "in.txt", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < 5; i++) {
    char id[AMANAT_ID_LEN + 1];
    g_autofree char *text = g_strdup_printf("item %d", i);
    if (i == 0 || i == 2) {
      g_assert_true(g_file_set_contents(path, text, -1, NULL));
      g_assert_cmpint(amanat_doc_import_path(f->vault, path, NULL, id), ==, AMANAT_OK);
      g_ptr_array_add(files, g_strdup(id));
    } else {
      g_assert_cmpint(amanat_note_add(f->vault, text, text, strlen(text), id), ==, AMANAT_OK);
      g_ptr_array_add(notes, g_strdup(id));
    }
  }
  g_assert_cmpuint(count_kind(f->vault, AMANAT_DOC_FILE), ==, 2);
  g_assert_cmpuint(count_kind(f->vault, AMANAT_DOC_NOTE), ==, 3);
  uint64_t all = 0;
  g_assert_cmpint(amanat_doc_count(f->vault, NULL, &all), ==, AMANAT_OK);
  g_assert_cmpuint(all, ==, 5);

  /* Newest first. */
  g_autoptr(GPtrArray) listed_notes = list_kind(f->vault, AMANAT_DOC_NOTE, 0, 0);
  g_assert_cmpuint(listed_notes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr(g_ptr_array_index(listed_notes, i), ==, g_ptr_array_index(notes, 2 - i));
  g_autoptr(GPtrArray) listed_files = list_kind(f->vault, AMANAT_DOC_FILE, 0, 0);
  g_assert_cmpuint(listed_files->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(listed_files, 0), ==, g_ptr_array_index(files, 1));
  g_assert_cmpstr(g_ptr_array_index(listed_files, 1), ==, g_ptr_array_index(files, 0));

  /* Offset and limit count within the kind. */
  g_autoptr(GPtrArray) page = list_kind(f->vault, AMANAT_DOC_NOTE, 1, 1);
  g_assert_cmpuint(page->len, ==, 1);
  g_assert_cmpstr(g_ptr_array_index(page, 0), ==, g_ptr_array_index(notes, 1));
  g_autoptr(GPtrArray) past_end = list_kind(f->vault, AMANAT_DOC_FILE, 2, 0);
  g_assert_cmpuint(past_end->len, ==, 0);

  /* A visitor's nonzero result stops the walk and comes back. */
  g_assert_cmpint(amanat_doc_list_kind(f->vault, AMANAT_DOC_NOTE, 0, 0, stop_walk, NULL), ==, 42);

  /* A note's text changed keeps it a note, under the same id. */
  g_assert_cmpint(amanat_note_set_text(f->vault, g_ptr_array_index(notes, 0), "edited", 6), ==,
                  AMANAT_OK);
  g_assert_cmpuint(count_kind(f->vault, AMANAT_DOC_NOTE), ==, 3);

  /* Deleted ones go from both. */
  g_assert_cmpint(amanat_doc_delete(f->vault, g_ptr_array_index(notes, 1)), ==, AMANAT_OK);
  g_assert_cmpuint(count_kind(f->vault, AMANAT_DOC_NOTE), ==, 2);
  g_autoptr(GPtrArray) after_delete = list_kind(f->vault, AMANAT_DOC_NOTE, 0, 0);
  g_assert_cmpuint(after_delete->len, ==, 2);

  /* An unknown kind is refused. */
  uint64_t n = 0;
  g_assert_cmpint(amanat_doc_count_kind(f->vault, (amanat_doc_kind)7, &n), ==, AMANAT_E_INVALID);
  g_assert_cmpint(amanat_doc_list_kind(f->vault, (amanat_doc_kind)7, 0, 0, stop_walk, NULL), ==,
                  AMANAT_E_INVALID);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, set_up, fn, tear_down)
  ADD("/settings/round-trip", test_round_trip);
  ADD("/settings/survives-lock", test_survives_lock);
  ADD("/settings/not-found", test_not_found);
  ADD("/settings/invalid-refused", test_invalid_refused);
  ADD("/settings/check-password", test_check_password);
  g_test_add_func("/settings/check-password-nfc", test_check_password_nfc);
  ADD("/settings/duress-count", test_duress_count);
  ADD("/settings/duress-session", test_duress_session);
  ADD("/settings/list-kind", test_list_kind);
#undef ADD
  return g_test_run();
}
