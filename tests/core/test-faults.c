/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults.c: the everyday changes under a failing disk. For each operation, every write,
 * sync, rename, temporary file and allocation in the core is made to fail in turn (the k-th
 * call, for every k, with EIO for odd k and ENOSPC for even k) on a fresh copy of one vault:
 *
 * - the operation returns a clean error (I/O, disk full, out of memory) — never success
 *   with half its effect, never a crash;
 * - after locking, the copy opens with its password, `verify` passes, and its canonical
 *   dump is exactly the one before the operation; a k past the operation's last call lets
 *   it succeed, and then the effect is whole.
 *
 * The operations: deleting a document, replacing a note's text, adding a contact, adding a
 * duress password, importing a colleague's bundle. (Creating a vault, changing a password,
 * importing a file, compacting, exporting a bundle, writing and restoring a backup have the
 * same loops in test-vault.c, test-docs.c, test-sync-tamper.c and test-backup.c.)
 * AMANAT_FAULT_STEP=n tries every n-th k only (the sanitizer build). */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "amanat.h"
#include "sync-net.h"
#include "test-util.h"

#define DURESS "harbour violet canvas pebble"

typedef struct {
  SyncNet *net;
  char *template; /* v0 after the set-up, locked */
  char *bundle;   /* from v1 to v0, not imported yet */
  char doc[AMANAT_ID_LEN + 1], note[AMANAT_ID_LEN + 1];
  char *before;
} Faults;

static amanat_vault *open_vault(const char *dir) {
  amanat_vault *v = NULL;
  g_assert_cmpint(
      amanat_vault_open(dir, TEST_PASSWORD, strlen(TEST_PASSWORD), AMANAT_SPACE_DEFAULT, &v), ==,
      AMANAT_OK);
  return v;
}

static char *dump_of(amanat_vault *v) {
  SyncNet one = {.count = 1, .vaults = {v}};
  return sync_net_dump(&one, 0);
}

/* Opens, verifies and dumps the vault at `dir`, then locks it. */
static char *checked_dump(const char *dir) {
  amanat_vault *v = open_vault(dir);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(v, &report), ==, AMANAT_OK);
  char *dump = dump_of(v);
  amanat_vault_lock(v);
  return dump;
}

static void set_up(Faults *f, gconstpointer data) {
  f->net = sync_net_new(2);
  amanat_vault *v0 = f->net->vaults[0], *v1 = f->net->vaults[1];
  const char *text = "the minutes of the meeting";
  g_assert_cmpint(amanat_note_add(v0, "minutes", text, strlen(text), f->note), ==, AMANAT_OK);
  /* Deleting the small draft leaves too little dead space for a compaction (which has
   * its own loop in test-docs.c). */
  g_autofree char *big = g_strnfill(300000, 'q');
  g_assert_cmpint(amanat_note_add(v0, "transcript", big, strlen(big), f->doc), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_add(v0, "draft", "a few words", 11, f->doc), ==, AMANAT_OK);
  char id[AMANAT_ID_LEN + 1];
  amanat_contact_field field = {"phone", "+1 555 0100", 1};
  g_assert_cmpint(amanat_contact_add(v0, "Samira", &field, 1, id), ==, AMANAT_OK);
  /* The bundle brings a new note, a contact and a change to one of v0's items. */
  g_autofree char *first = sync_net_bundle_path(f->net);
  g_assert_cmpint(sync_net_export(f->net, 0, (const unsigned[]){1}, 1, 1, first), ==, AMANAT_OK);
  amanat_import_result result;
  g_assert_cmpint(amanat_bundle_import(v1, first, 0, &result), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_set_text(v1, f->note, "amended minutes", 15), ==, AMANAT_OK);
  g_autofree char *other = g_strnfill(20000, 'w');
  g_assert_cmpint(amanat_note_add(v1, "from v1", other, strlen(other), id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_contact_add(v1, "Omid", &field, 1, id), ==, AMANAT_OK);
  f->bundle = sync_net_bundle_path(f->net);
  g_assert_cmpint(sync_net_export(f->net, 1, (const unsigned[]){0}, 1, 0, f->bundle), ==,
                  AMANAT_OK);
  f->before = dump_of(v0);
  amanat_vault_lock(v0);
  f->net->vaults[0] = NULL;
  f->template = g_strdup(f->net->dirs[0]);
}

static void tear_down(Faults *f, gconstpointer data) {
  sync_net_free(f->net);
  g_free(f->template);
  g_free(f->bundle);
  g_free(f->before);
}

typedef int (*Operation)(Faults *f, amanat_vault *v);

static int delete_document(Faults *f, amanat_vault *v) {
  return amanat_doc_delete(v, f->doc);
}

static int replace_note_text(Faults *f, amanat_vault *v) {
  return amanat_note_set_text(v, f->note, "rewritten minutes", 17);
}

static int add_contact(Faults *f, amanat_vault *v) {
  amanat_contact_field field = {"signal", "+44 20 7946 0000", 1};
  char id[AMANAT_ID_LEN + 1];
  return amanat_contact_add(v, "Nadia", &field, 1, id);
}

static int add_duress(Faults *f, amanat_vault *v) {
  return amanat_vault_duress_add(v, DURESS, strlen(DURESS), AMANAT_DURESS_WIPE);
}

static int import_bundle(Faults *f, amanat_vault *v) {
  amanat_import_result result;
  return amanat_bundle_import(v, f->bundle, 0, &result);
}

/* 1 (every k), or every n-th k from AMANAT_FAULT_STEP=n: the sanitizer build, three times
 * slower, runs every third. */
static unsigned fault_step(void) {
  const char *text = g_getenv("AMANAT_FAULT_STEP");
  guint64 step = 1;
  if (text != NULL && text[0] != '\0') {
    g_autoptr(GError) error = NULL;
    g_ascii_string_to_unsigned(text, 10, 1, 100, &step, &error);
    g_assert_no_error(error);
  }
  return (unsigned)step;
}

/* Runs `op` on a fresh copy for every k until it no longer reaches the k-th call. */
static void every_fault(Faults *f, Operation op, gboolean changes_dump) {
  g_autofree char *copy = g_build_filename(f->net->root, "copy", NULL);
  unsigned failures = 0, slots_written = 0, last_k = 0, step = fault_step();
  for (unsigned k = 1;; k += step) {
    /* Every k once, the error alternating: a failing drive, a full one. */
    int error = k % 2 == 1 ? EIO : ENOSPC;
    test_copy_dir(f->template, copy);
    amanat_vault *v = open_vault(copy);
    amanat_fault_arm(k, error);
    int rc = op(f, v);
    unsigned calls = amanat_fault_arm(0, 0);
    amanat_vault_lock(v);
    g_autofree char *dump = checked_dump(copy);
    if (rc == AMANAT_OK) {
      /* Succeeded: whole. (A fault after the point of no return, a checkpoint after
       * the commit, is reported as success, the change being durable.) */
      if (changes_dump)
        g_assert_cmpstr(dump, !=, f->before);
      else
        g_assert_cmpstr(dump, ==, f->before);
      if (op == add_duress) /* it opens the decoy (and wipes the copy's real space) */
        g_assert_cmpint(test_try_open(copy, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
      test_rmtree(copy);
      if (calls < k) {
        last_k = k;
        break;
      }
      continue;
    }
    if (rc != AMANAT_E_IO && rc != AMANAT_E_NO_SPACE && rc != AMANAT_E_NOMEM)
      g_error("k = %u: %s", k, amanat_err_name(rc));
    g_assert_cmpstr(dump, ==, f->before);
    if (op == add_duress) {
      /* A keyslot changes in place (FORMAT.md §Changing a password): a sync failing after
       * the slot's write may leave the password working though reported as failed. */
      int duress = test_try_open(copy, DURESS, AMANAT_SPACE_DEFAULT);
      g_assert_true(duress == AMANAT_E_WRONG_PASSWORD || duress == AMANAT_OK);
      slots_written += duress == AMANAT_OK;
    }
    failures++;
    test_rmtree(copy);
    g_assert_cmpuint(k, <, 2000);
  }
  g_test_message("%u failures injected (k = 1, %u ... %u), each leaving the vault as it was",
                 failures, 1 + step, last_k);
  if (op == add_duress)
    g_test_message("%u of them left the duress password working: the owner's slot had already "
                   "moved to one listing it, and only the old slot's scrub failed (the next "
                   "unlock finishes it)",
                   slots_written);
  g_assert_cmpuint(failures * step, >=, 12);
}

static void test_delete(Faults *f, gconstpointer data) {
  every_fault(f, delete_document, TRUE);
}

static void test_note_text(Faults *f, gconstpointer data) {
  every_fault(f, replace_note_text, TRUE);
}

static void test_contact(Faults *f, gconstpointer data) {
  every_fault(f, add_contact, TRUE);
}

static void test_duress(Faults *f, gconstpointer data) {
  every_fault(f, add_duress, FALSE);
}

static void test_import(Faults *f, gconstpointer data) {
  every_fault(f, import_bundle, TRUE);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
#define ADD(path, func) g_test_add(path, Faults, NULL, set_up, func, tear_down)
  ADD("/faults/delete-document", test_delete);
  ADD("/faults/note-text", test_note_text);
  ADD("/faults/add-contact", test_contact);
  ADD("/faults/add-duress", test_duress);
  ADD("/faults/import-bundle", test_import);
#undef ADD
  return g_test_run();
}
