/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-backup.c: amanat-cli's recovery-key new, backup, restore and travel end to end: a
 * restore gives back the same listings and contents of both spaces, peers and identities; a
 * wrong passphrase, a damaged backup or a failing write leaves nothing behind; travel wipes
 * only after a backup that reads back and the word WIPE. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli-run.h"

#define PW      "lantern orbit maple thimble"
#define NEW_PW  "saffron kettle morning atlas"
#define PHRASE  "harbour violet canvas pebble"
#define ORG     "copper meadow lantern drift"
#define COLLEAG "granite whistle autumn ferry"

#define MSG_BAD_BACKUP                                                                             \
  "This is not an Amanat backup, or it is cut short, altered or damaged. Nothing was restored.\n"
#define MSG_WRONG_PHRASE "Wrong passphrase: it does not open this backup.\n"
#define OUT_RESTORED_TAIL                                                                          \
  "Duress passwords are not kept in backups: set them again with “amanat-cli duress set”.\n"

#define run_in(f, text, ...)                                                                       \
  cli_run_full((f), &(CliRunOptions){.input = (text)}, (const char *const[]){__VA_ARGS__, NULL})
/* Without the fixture's --vault. */
#define run_bare(f, text, ...)                                                                     \
  cli_run_full((f), &(CliRunOptions){.input = (text), .no_vault = TRUE},                           \
               (const char *const[]){__VA_ARGS__, NULL})

static char *in_tmp(Fixture *f, const char *name) {
  return g_build_filename(f->tmp, name, NULL);
}

static gboolean exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

static void init_vault(Fixture *f, const char *dir, const char *password) {
  g_autofree char *input = twice(password);
  g_autoptr(CliResult) r = run_bare(f, input, "--vault", dir, "init", "--kdf", "interactive");
  assert_status(r, 0);
}

static char *add(Fixture *f, const char *space, const char *name, const void *data, gsize len) {
  g_autofree char *path = in_tmp(f, name);
  g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
  g_autoptr(CliResult) r = run_in(f, PW "\n", "--space", space, "add", path, "--tag", "evidence");
  assert_status(r, 0);
  g_unlink(path);
  return g_strndup(r->out, 12);
}

/* Both spaces filled: files, a note, contacts with a sensitive field, tags, a verified peer. */
static void fill(Fixture *f) {
  init_vault(f, f->vault, PW);
  guint8 random[150000];
  for (gsize i = 0; i < sizeof random; i++)
    random[i] = (guint8)g_random_int();
  g_autofree char *a = add(f, "real", "photo.jpg", random, sizeof random);
  g_autofree char *b = add(f, "real", "notes.txt", "meeting moved\n", 14);
  g_autofree char *c = add(f, "decoy", "recipe.txt", "two eggs\n", 9);
  g_autoptr(CliResult) note =
      run_in(f, PW "\nthe text of a note\n", "note", "add", "--title", "Note", "--file", "-");
  assert_status(note, 0);
  g_autoptr(CliResult) contact = run_in(f, PW "\n", "contact", "add", "--name", "Sparrow",
                                        "--field", "phone=+961 1 234", "--sensitive", "real=Amal");
  assert_status(contact, 0);
  g_autoptr(CliResult) decoy_contact =
      run_in(f, PW "\n", "--space", "decoy", "contact", "add", "--name", "Baker");
  assert_status(decoy_contact, 0);

  g_autofree char *other = in_tmp(f, "colleague");
  g_autofree char *card = in_tmp(f, "colleague.card");
  init_vault(f, other, COLLEAG);
  g_autoptr(CliResult) exported =
      run_bare(f, COLLEAG "\n", "--vault", other, "identity", "export", "-o", card);
  assert_status(exported, 0);
  g_autoptr(CliResult) peer = run_in(f, PW "\n", "peer", "add", card, "--name", "Amina");
  assert_status(peer, 0);
  g_autoptr(CliResult) verified = run_in(f, PW "\n", "peer", "verify", "Amina");
  assert_status(verified, 0);
}

static GPtrArray *ids_of(const char *json) {
  g_autoptr(JsonParser) parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, json, -1, NULL));
  JsonArray *array = json_node_get_array(json_parser_get_root(parser));
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < json_array_get_length(array); i++)
    g_ptr_array_add(ids, g_strdup(json_object_get_string_member(
                             json_array_get_object_element(array, i), "id")));
  return ids;
}

/* Everything a space shows through the CLI, contents of documents included. */
static void snapshot_space(Fixture *f, const char *dir, const char *password, const char *space,
                           GString *out) {
  g_autofree char *line = g_strconcat(password, "\n", NULL);
  const char *lists[][3] = {{"ls", "--json", NULL},
                            {"contact", "ls", "--json"},
                            {"peer", "ls", "--json"},
                            {"identity", "--json", NULL},
                            {"wipe-after", NULL, NULL}};
  for (gsize i = 0; i < G_N_ELEMENTS(lists); i++) {
    g_autoptr(CliResult) r =
        run_bare(f, line, "--vault", dir, "--space", space, lists[i][0], lists[i][1], lists[i][2]);
    assert_status(r, 0);
    g_string_append(out, r->out);
    if (i == 0) {
      g_autoptr(GPtrArray) ids = ids_of(r->out);
      for (guint k = 0; k < ids->len; k++) {
        g_autoptr(CliResult) got =
            run_bare(f, line, "--vault", dir, "--space", space, "get", ids->pdata[k], "-o", "-");
        assert_status(got, 0);
        g_autofree char *sum = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, got->out_bytes);
        g_string_append_printf(out, "%s %s\n", (char *)ids->pdata[k], sum);
      }
    }
    if (i == 1) {
      g_autoptr(GPtrArray) ids = ids_of(r->out);
      for (guint k = 0; k < ids->len; k++) {
        g_autoptr(CliResult) shown = run_bare(f, line, "--vault", dir, "--space", space, "contact",
                                              "show", ids->pdata[k], "--reveal", "--json");
        assert_status(shown, 0);
        g_string_append(out, shown->out);
      }
    }
  }
}

static char *snapshot(Fixture *f, const char *dir, const char *password) {
  GString *out = g_string_new(NULL);
  snapshot_space(f, dir, password, "real", out);
  g_string_append(out, "---- decoy\n");
  snapshot_space(f, dir, password, "decoy", out);
  return g_string_free(out, FALSE);
}

static void backup_with_phrase(Fixture *f, const char *path) {
  g_autoptr(CliResult) r =
      run_in(f, PW "\n" PHRASE "\n" PHRASE "\n", "backup", "-o", path, "--kdf", "interactive");
  assert_status(r, 0);
  g_autofree char *expected = g_strdup_printf(
      "The backup was written to %s and read back in full: it is complete.\n", path);
  g_assert_cmpstr(r->out, ==, expected);
}

static void restore_ok(Fixture *f, const char *path, const char *target, const char *input,
                       const char *key) {
  g_autoptr(CliResult) r =
      key != NULL ? run_bare(f, input, "restore", path, "--key", key, "--vault", target, "--kdf",
                             "interactive")
                  : run_bare(f, input, "restore", path, "--vault", target, "--kdf", "interactive");
  assert_status(r, 0);
  g_assert_true(g_str_has_suffix(r->out, OUT_RESTORED_TAIL));
}

/* ---- tests ------------------------------------------------------------------------- */

static void test_restore_identical(Fixture *f, gconstpointer data) {
  fill(f);
  g_autofree char *before = snapshot(f, f->vault, PW);
  g_assert_nonnull(strstr(before, "Amina"));
  g_assert_nonnull(strstr(before, "Amal"));
  g_autofree char *path = in_tmp(f, "backup.bin");
  backup_with_phrase(f, path);
  g_autofree char *target = in_tmp(f, "restored");
  restore_ok(f, path, target, PHRASE "\n" NEW_PW "\n" NEW_PW "\n", NULL);
  g_autofree char *after = snapshot(f, target, NEW_PW);
  g_assert_cmpstr(after, ==, before);
  /* The old password does not open the restored vault. */
  g_autoptr(CliResult) old = run_bare(f, PW "\n", "--vault", target, "ls");
  assert_status(old, 3);
  /* And it verifies. */
  g_autoptr(CliResult) verified = run_bare(f, NEW_PW "\n", "--vault", target, "verify");
  assert_status(verified, 0);
}

static void test_refusals(Fixture *f, gconstpointer data) {
  init_vault(f, f->vault, PW);
  g_autofree char *path = in_tmp(f, "backup.bin");
  backup_with_phrase(f, path);
  g_autofree char *target = in_tmp(f, "restored");

  /* A wrong passphrase: exit 3, nothing made, the new password never asked. */
  g_autoptr(CliResult) wrong = run_bare(f, "harbour violet canvas pebbl\n" NEW_PW "\n" NEW_PW "\n",
                                        "restore", path, "--vault", target);
  assert_status(wrong, 3);
  g_assert_cmpstr(wrong->err, ==, MSG_WRONG_PHRASE);
  g_assert_false(exists(target));

  /* A damaged byte in the stream, or a file cut short: exit 1, nothing made. */
  struct stat st;
  g_assert_cmpint(stat(path, &st), ==, 0);
  gint64 offsets[] = {300, st.st_size / 2, st.st_size - 1};
  for (gsize i = 0; i < G_N_ELEMENTS(offsets); i++) {
    flip_byte(path, offsets[i], 0x10);
    g_autoptr(CliResult) r = run_bare(f, PHRASE "\n" NEW_PW "\n" NEW_PW "\n", "restore", path,
                                      "--vault", target, "--kdf", "interactive");
    assert_status(r, 1);
    g_assert_cmpstr(r->err, ==, MSG_BAD_BACKUP);
    g_assert_false(exists(target));
    flip_byte(path, offsets[i], 0x10);
  }
  g_autoptr(GBytes) whole = read_file(path);
  g_autofree char *cut = in_tmp(f, "cut.bin");
  g_assert_true(g_file_set_contents(cut, g_bytes_get_data(whole, NULL), st.st_size - 100, NULL));
  g_autoptr(CliResult) truncated = run_bare(f, PHRASE "\n", "restore", cut, "--vault", target);
  assert_status(truncated, 1);
  g_assert_cmpstr(truncated->err, ==, MSG_BAD_BACKUP);
  g_assert_false(exists(target));

  /* A target that is not empty: refused before any passphrase is read. */
  g_autoptr(CliResult) occupied = run_bare(f, "", "restore", path, "--vault", f->vault);
  assert_status(occupied, 1);
  g_assert_nonnull(strstr(occupied->err, "already a vault"));

  /* A backup never replaces a file. */
  g_autoptr(CliResult) again =
      run_in(f, PW "\n" PHRASE "\n" PHRASE "\n", "backup", "-o", path, "--kdf", "interactive");
  assert_status(again, 1);
  g_assert_nonnull(strstr(again->err, "already exists"));
  assert_file_unchanged(path, whole);

  /* The passphrases must match. */
  g_autofree char *other = in_tmp(f, "other.bin");
  g_autoptr(CliResult) mismatch =
      run_in(f, PW "\n" PHRASE "\nsomething else\n", "backup", "-o", other);
  assert_status(mismatch, 1);
  g_assert_false(exists(other));
}

/* The real space's listing and document contents (restore-identical checks the rest). */
static char *real_documents(Fixture *f, const char *dir, const char *password) {
  GString *out = g_string_new(NULL);
  g_autofree char *line = g_strconcat(password, "\n", NULL);
  g_autoptr(CliResult) r = run_bare(f, line, "--vault", dir, "ls", "--json");
  assert_status(r, 0);
  g_string_append(out, r->out);
  g_autoptr(GPtrArray) ids = ids_of(r->out);
  for (guint k = 0; k < ids->len; k++) {
    g_autoptr(CliResult) got = run_bare(f, line, "--vault", dir, "get", ids->pdata[k], "-o", "-");
    assert_status(got, 0);
    g_autofree char *sum = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, got->out_bytes);
    g_string_append_printf(out, "%s %s\n", (char *)ids->pdata[k], sum);
  }
  return g_string_free(out, FALSE);
}

static void test_recovery_key(Fixture *f, gconstpointer data) {
  fill(f);
  g_autofree char *before = real_documents(f, f->vault, PW);
  g_autofree char *key = in_tmp(f, "org.key");
  g_autofree char *card = in_tmp(f, "org.card");
  g_autoptr(CliResult) made = run_bare(f, ORG "\n" ORG "\n", "recovery-key", "new", "-o", key,
                                       "--public", card, "--kdf", "interactive");
  assert_status(made, 0);
  g_autoptr(GRegex) code_re = g_regex_new("[0-9]{5}( [0-9]{5}){5}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_assert_true(g_regex_match(code_re, made->out, 0, &match));
  g_autofree char *code = g_match_info_fetch(match, 0);
  g_assert_true(exists(key) && exists(card));

  /* Only the vault password is read with --to-key alone. */
  g_autofree char *path = in_tmp(f, "backup.bin");
  g_autoptr(CliResult) backup = run_in(f, PW "\n", "backup", "-o", path, "--to-key", card);
  assert_status(backup, 0);
  g_assert_nonnull(strstr(backup->out, code)); /* the code to compare */

  g_autofree char *target = in_tmp(f, "restored");
  g_autoptr(CliResult) wrong =
      run_bare(f, "not the org passphrase\n", "restore", path, "--key", key, "--vault", target);
  assert_status(wrong, 3);
  g_assert_false(exists(target));
  g_autoptr(CliResult) no_phrase = run_bare(f, ORG "\n", "restore", path, "--vault", target);
  assert_status(no_phrase, 3); /* no passphrase opens a backup made to a key only */
  restore_ok(f, path, target, ORG "\n" NEW_PW "\n" NEW_PW "\n", key);
  g_autofree char *after = real_documents(f, target, NEW_PW);
  g_assert_cmpstr(after, ==, before);

  /* A card that is not one: refused before any password. */
  g_autofree char *other = in_tmp(f, "other.bin");
  g_autoptr(CliResult) bad = run_in(f, "", "backup", "-o", other, "--to-key", key);
  assert_status(bad, 1);
  g_assert_cmpstr(bad->err, ==, "This is not a valid recovery key file, or it was altered.\n");
  g_assert_false(exists(other));
}

static void test_travel(Fixture *f, gconstpointer data) {
  fill(f);
  g_autofree char *before = snapshot(f, f->vault, PW);
  g_autofree char *path = in_tmp(f, "travel.bin");

  /* No WIPE: nothing is wiped, the backup stays. */
  g_autoptr(CliResult) declined = run_in(f, PW "\n" PHRASE "\n" PHRASE "\nwipe it\n", "travel",
                                         "-o", path, "--kdf", "interactive");
  assert_status(declined, 1);
  g_autofree char *stays = g_strdup_printf("Nothing was wiped. The backup stays in %s.\n", path);
  g_assert_true(g_str_has_suffix(declined->err, stays));
  g_assert_true(exists(path));
  g_autoptr(CliResult) ls = run_in(f, PW "\n", "ls", "--json");
  assert_status(ls, 0);
  g_assert_true(g_str_has_prefix(before, ls->out)); /* the listing as before */
  g_unlink(path);

  /* A wrong password: exit 3, no backup, nothing wiped. */
  g_autoptr(CliResult) wrong = run_in(f, "wrong password\n" PHRASE "\n" PHRASE "\nWIPE\n", "travel",
                                      "-o", path, "--kdf", "interactive");
  assert_status(wrong, 3);
  g_assert_false(exists(path));
  g_assert_true(exists(f->vault));

  /* The whole way: backup, read back, WIPE, gone; restore gives it all back. */
  g_autoptr(CliResult) r = run_in(f, PW "\n" PHRASE "\n" PHRASE "\nWIPE\n", "travel", "-o", path,
                                  "--kdf", "interactive");
  assert_status(r, 0);
  g_assert_nonnull(strstr(r->out, "The vault was wiped. It cannot be opened again.\n"));
  g_assert_nonnull(strstr(r->out, "amanat-cli restore "));
  g_assert_false(exists(f->vault));
  restore_ok(f, path, f->vault, PHRASE "\n" NEW_PW "\n" NEW_PW "\n", NULL);
  g_autofree char *after = snapshot(f, f->vault, NEW_PW);
  g_assert_cmpstr(after, ==, before);
}

/* A disk that fills up while the backup is written: no backup file (nor a temporary one) is
 * left, the command says so, and travel wipes nothing. */
static void test_write_fails(Fixture *f, gconstpointer data) {
  fill(f);
  g_autofree char *folder = in_tmp(f, "stick");
  g_assert_cmpint(g_mkdir(folder, 0700), ==, 0);
  g_autofree char *path = g_build_filename(folder, "backup.bin", NULL);
  const char *commands[] = {"backup", "travel"};
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
    CliRunOptions options = {.input = PW "\n" PHRASE "\n" PHRASE "\nWIPE\n",
                             .setup = child_limit_file_size,
                             .setup_data = GSIZE_TO_POINTER(300 * 1024)};
    g_autoptr(CliResult) r = cli_run_full(
        f, &options, (const char *const[]){commands[i], "-o", path, "--kdf", "interactive", NULL});
    assert_status(r, 1);
    g_assert_nonnull(strstr(r->err, "The backup could not be made, and no backup file was left."));
    g_assert_nonnull(strstr(r->err, "The disk is full."));
    g_assert_cmpuint(strlen(r->err) - 1, ==, strcspn(r->err, "\n")); /* one line */
    g_assert_true(dir_is_empty(folder));
    g_assert_true(exists(f->vault));
  }
  g_autoptr(CliResult) ls = run_in(f, PW "\n", "ls");
  assert_status(ls, 0);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD("/cli-backup/restore-identical", test_restore_identical);
  ADD("/cli-backup/refusals", test_refusals);
  ADD("/cli-backup/recovery-key", test_recovery_key);
  ADD("/cli-backup/travel", test_travel);
  ADD("/cli-backup/write-fails", test_write_fails);
#undef ADD
  return g_test_run();
}
