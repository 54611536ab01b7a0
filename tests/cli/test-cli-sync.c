/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-sync.c: export and import through amanat-cli: what travels, incremental
 * bundles, unverified and unknown colleagues, damaged bundles, parts, and messages. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cli-run.h"

#define PW "lantern orbit maple thimble"

typedef struct {
  Fixture f;
  char *b, *c;
} Sync;

static CliResult *run_in(Sync *s, const char *vault, const char *input, const char *const *args) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer) "--vault");
  g_ptr_array_add(argv, (gpointer)vault);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  return cli_run_full(&s->f,
                      &(CliRunOptions){.input = input != NULL ? input : PW "\n", .no_vault = TRUE},
                      (const char *const *)argv->pdata);
}

#define run_v(s, vault, ...) run_in((s), (vault), NULL, (const char *const[]){__VA_ARGS__, NULL})

static void make_vault(Sync *s, const char *vault) {
  g_autofree char *input = g_strdup_printf("%s\n%s\n", PW, PW);
  g_autoptr(CliResult) r =
      run_in(s, vault, input, (const char *const[]){"init", "--kdf", "interactive", NULL});
  assert_status(r, 0);
}

static char *card_of(Sync *s, const char *vault, const char *name) {
  char *card = g_build_filename(s->f.tmp, name, NULL);
  g_autoptr(CliResult) r = run_v(s, vault, "identity", "export", "-o", card);
  assert_status(r, 0);
  return card;
}

/* `vault` knows `other` as `name`, verified or not. */
static void add_peer(Sync *s, const char *vault, const char *other, const char *name,
                     gboolean verify) {
  g_autofree char *card = card_of(s, other, name);
  g_autoptr(CliResult) r = run_v(s, vault, "peer", "add", card, "--name", name);
  assert_status(r, 0);
  if (verify) {
    g_autoptr(CliResult) v = run_v(s, vault, "peer", "verify", name);
    assert_status(v, 0);
  }
  g_unlink(card);
}

static void set_up(Sync *s, gconstpointer data) {
  fixture_setup(&s->f, data);
  s->b = g_build_filename(s->f.tmp, "vault-b", NULL);
  s->c = g_build_filename(s->f.tmp, "vault-c", NULL);
  make_vault(s, s->f.vault);
  make_vault(s, s->b);
  make_vault(s, s->c);
  add_peer(s, s->f.vault, s->b, "Bob", TRUE);
  add_peer(s, s->b, s->f.vault, "Alice", TRUE);
}

static void tear_down(Sync *s, gconstpointer data) {
  g_free(s->b);
  g_free(s->c);
  fixture_teardown(&s->f, data);
}

static char *add_file(Sync *s, const char *name, const char *text) {
  char *path = g_build_filename(s->f.tmp, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  g_autoptr(CliResult) r = run_v(s, s->f.vault, "add", path);
  assert_status(r, 0);
  return path;
}

static void test_round_trip(Sync *s, gconstpointer data) {
  g_autofree char *file = add_file(s, "report.txt", "the report\n");
  g_autofree char *bundle = g_build_filename(s->f.tmp, "to-bob", NULL);
  g_autoptr(CliResult) e = run_v(s, s->f.vault, "export", "--to", "Bob", "-o", bundle);
  assert_status(e, 0);
  g_assert_nonnull(strstr(e->out, "safe to remove the drive"));
  g_autoptr(CliResult) i = run_v(s, s->b, "import", bundle);
  assert_status(i, 0);
  g_assert_nonnull(strstr(i->out, "Imported a bundle from “Alice”."));
  g_assert_nonnull(strstr(i->out, "Added: 1 document or note, "));
  g_autoptr(CliResult) ls = run_v(s, s->b, "ls", "--json");
  assert_status(ls, 0);
  g_assert_nonnull(strstr(ls->out, "\"report.txt\""));
  /* Nothing new: the next export carries nothing, and writing over a file is refused. */
  g_autoptr(CliResult) again = run_v(s, s->f.vault, "export", "--to", "Bob", "-o", bundle);
  assert_status(again, 1);
  g_autofree char *second = g_build_filename(s->f.tmp, "again", NULL);
  g_autoptr(CliResult) empty = run_v(s, s->f.vault, "export", "--to", "Bob", "-o", second);
  assert_status(empty, 0);
  g_assert_nonnull(strstr(empty->out, "Sent 0 documents and notes, 0 contacts, 0 deletions ("));
}

/* -o a folder: a random name that says nothing about what the file is. */
static void test_folder_gets_random_name(Sync *s, gconstpointer data) {
  g_autofree char *file = add_file(s, "a.txt", "a\n");
  g_autofree char *stick = g_build_filename(s->f.tmp, "stick", NULL);
  g_assert_cmpint(g_mkdir(stick, 0700), ==, 0);
  g_autoptr(CliResult) e = run_v(s, s->f.vault, "export", "--to", "Bob", "-o", stick);
  assert_status(e, 0);
  GDir *dir = g_dir_open(stick, 0, NULL);
  const char *name = g_dir_read_name(dir);
  g_assert_nonnull(name);
  g_assert_true(g_regex_match_simple("^[0-9a-f]{16}$", name, 0, 0));
  g_assert_null(g_dir_read_name(dir));
  g_dir_close(dir);
}

static void test_unverified_and_unknown(Sync *s, gconstpointer data) {
  add_peer(s, s->f.vault, s->c, "Carol", FALSE);
  g_autofree char *file = add_file(s, "a.txt", "a\n");
  g_autofree char *bundle = g_build_filename(s->f.tmp, "to-carol", NULL);
  g_autoptr(CliResult) refused = run_v(s, s->f.vault, "export", "--to", "Carol", "-o", bundle);
  assert_status(refused, 1);
  g_assert_nonnull(strstr(refused->err, "“Carol” is not verified"));
  g_assert_false(g_file_test(bundle, G_FILE_TEST_EXISTS));
  g_autoptr(CliResult) allowed =
      run_v(s, s->f.vault, "export", "--to", "Carol", "-o", bundle, "--allow-unverified");
  assert_status(allowed, 0);
  g_assert_nonnull(strstr(allowed->err, "not verified"));
  /* Carol does not know Alice: refused, with Alice's safety code to compare. */
  g_autoptr(CliResult) unknown = run_v(s, s->c, "import", bundle);
  assert_status(unknown, 1);
  g_assert_true(g_regex_match_simple("safety code is \\d{5}( \\d{5}){5}\\.", unknown->err, 0, 0));
  g_autoptr(CliResult) ls = run_v(s, s->c, "ls", "--json");
  g_assert_cmpstr(ls->out, ==, "[]\n");
  /* Bob is not a recipient of Carol's bundle. */
  g_autoptr(CliResult) wrong = run_v(s, s->b, "import", bundle);
  assert_status(wrong, 1);
  g_assert_cmpstr(wrong->err, ==,
                  "This bundle was not made for this vault. Nothing was changed.\n");
}

static void test_damaged(Sync *s, gconstpointer data) {
  g_autofree char *file = add_file(s, "a.txt", "a\n");
  g_autofree char *bundle = g_build_filename(s->f.tmp, "to-bob", NULL);
  g_autoptr(CliResult) e = run_v(s, s->f.vault, "export", "--to", "Bob", "-o", bundle);
  assert_status(e, 0);
  flip_byte(bundle, 2000, 0x40);
  g_autoptr(CliResult) i = run_v(s, s->b, "import", bundle);
  assert_status(i, 1);
  g_assert_cmpstr(i->err, ==,
                  "This bundle is damaged, incomplete or was altered. Nothing was changed.\n");
  g_autoptr(CliResult) ls = run_v(s, s->b, "ls", "--json");
  g_assert_cmpstr(ls->out, ==, "[]\n");
  g_autoptr(CliResult) missing = run_v(s, s->b, "import", "/nonexistent/bundle");
  assert_status(missing, 1);
  g_autoptr(CliResult) wrong_pw =
      run_in(s, s->b, "not the password\n", (const char *const[]){"import", bundle, NULL});
  assert_status(wrong_pw, 3);
}

/* A bundle too big for the drive's largest file goes out in numbered parts. */
static void test_parts(Sync *s, gconstpointer data) {
  g_autofree char *big = g_build_filename(s->f.tmp, "big.bin", NULL);
  g_autofree char *bytes = g_malloc(400000);
  for (int i = 0; i < 400000; i++)
    bytes[i] = (char)g_random_int();
  g_assert_true(g_file_set_contents(big, bytes, 400000, NULL));
  g_autoptr(CliResult) add = run_v(s, s->f.vault, "add", big);
  assert_status(add, 0);
  g_autofree char *bundle = g_build_filename(s->f.tmp, "split", NULL);
  g_autoptr(CliResult) e =
      run_v(s, s->f.vault, "export", "--to", "Bob", "-o", bundle, "--part-size", "131072");
  assert_status(e, 0);
  g_assert_nonnull(strstr(e->out, "parts: import them together"));
  g_autofree char *first = g_strdup_printf("%s.001", bundle);
  g_autoptr(CliResult) i = run_v(s, s->b, "import", first);
  assert_status(i, 0);
  g_autoptr(CliResult) get = run_v(s, s->b, "ls", "--json");
  g_assert_nonnull(strstr(get->out, "\"size\":400000"));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add("/cli-sync/" name, Sync, NULL, set_up, fn, tear_down)
  ADD("round-trip", test_round_trip);
  ADD("folder-gets-random-name", test_folder_gets_random_name);
  ADD("unverified-and-unknown", test_unverified_and_unknown);
  ADD("damaged", test_damaged);
  ADD("parts", test_parts);
  return g_test_run();
}
