/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crash-sync.c: `kill -9` of amanat-cli at random points of an import and of an
 * export. After each: the vault opens with its password, `verify` passes, and its
 * canonical dump is the one before the command or the one after it; an export leaves at
 * most a whole bundle that imports, and at most one hidden temporary file, which the next
 * export removes. Runs: an eighth of AMANAT_CRASH_RUNS (default 200). */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "amanat.h"
#include "cli-run.h"
#include "vault-state.h"

#define PW "lantern orbit maple thimble"

typedef struct {
  Fixture f;
  char *a, *b_template, *bundle, *pw_file;
  char *before, *after; /* b's dumps */
  GRand *rand;
  guint runs;
} CrashSync;

static amanat_vault *open_v(const char *dir) {
  return vault_state_open(dir, PW, AMANAT_SPACE_DEFAULT);
}

static char *checked_dump(const char *dir) {
  return vault_state_checked_dump(dir, PW, AMANAT_SPACE_DEFAULT);
}

static void note(amanat_vault *v, const char *title, const char *text, char id[AMANAT_ID_LEN + 1]) {
  g_assert_cmpint(amanat_note_add(v, title, text, strlen(text), id), ==, AMANAT_OK);
}

static void copy_tree(const char *from, const char *to) {
  g_autofree char *cmd = g_strdup_printf("cp -a '%s' '%s'", from, to);
  g_assert_true(g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL));
}

static void setup(CrashSync *c, gconstpointer data) {
  fixture_setup(&c->f, data);
  c->runs = crash_runs(8);
  guint32 seed = g_test_rand_int();
  g_test_message("%u runs, seed %u", c->runs, seed);
  c->rand = g_rand_new_with_seed(seed);
  c->pw_file = g_build_filename(c->f.tmp, "pw", NULL);
  g_assert_true(g_file_set_contents(c->pw_file, PW "\n", -1, NULL));
  c->a = g_build_filename(c->f.tmp, "a", NULL);
  c->b_template = g_build_filename(c->f.tmp, "b", NULL);
  amanat_kdf_cost cheapest = {.opslimit = 1, .memlimit = 8u << 20};
  g_assert_cmpint(amanat_vault_create(c->a, PW, strlen(PW), cheapest), ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_create(c->b_template, PW, strlen(PW), cheapest), ==, AMANAT_OK);
  amanat_vault *a = open_v(c->a), *b = open_v(c->b_template);
  g_autofree char *card_a = g_build_filename(c->f.tmp, "a.card", NULL);
  g_autofree char *card_b = g_build_filename(c->f.tmp, "b.card", NULL);
  char code[AMANAT_SAFETY_CODE_LEN + 1], id[AMANAT_ID_LEN + 1], keep[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_identity_export(a, card_a), ==, AMANAT_OK);
  g_assert_cmpint(amanat_identity_export(b, card_b), ==, AMANAT_OK);
  g_assert_cmpint(amanat_peer_add(a, card_b, "b", code), ==, AMANAT_OK);
  g_assert_cmpint(amanat_peer_add(b, card_a, "a", code), ==, AMANAT_OK);
  g_assert_cmpint(amanat_peer_verify(a, "b"), ==, AMANAT_OK);
  g_assert_cmpint(amanat_peer_verify(b, "a"), ==, AMANAT_OK);
  /* b already has some of a's items; the bundle then adds, changes and deletes. */
  note(a, "old", "first words", keep);
  note(a, "doomed", "to be deleted", id);
  g_autofree char *first = g_build_filename(c->f.tmp, "first", NULL);
  amanat_export_options options = {.to = (const char *[]){"b"}, .to_count = 1};
  amanat_export_result result;
  g_assert_cmpint(amanat_bundle_export(a, first, &options, &result), ==, AMANAT_OK);
  amanat_import_result imported;
  g_assert_cmpint(amanat_bundle_import(b, first, 0, &imported), ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_delete(a, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_set_text(a, keep, "second words", 12), ==, AMANAT_OK);
  for (int i = 0; i < 20; i++) {
    g_autofree char *title = g_strdup_printf("new %d", i);
    g_autofree char *text = g_strnfill(20000 + i, 'x');
    note(a, title, text, id);
  }
  amanat_contact_field field = {"phone", "+1 555 0100", 1};
  g_assert_cmpint(amanat_contact_add(a, "Samira", &field, 1, id), ==, AMANAT_OK);
  c->bundle = g_build_filename(c->f.tmp, "second", NULL);
  g_assert_cmpint(amanat_bundle_export(a, c->bundle, &options, &result), ==, AMANAT_OK);
  c->before = vault_state_dump(b);
  amanat_vault_lock(a);
  amanat_vault_lock(b);
  /* The state after: the same import on a copy. */
  g_autofree char *done = g_build_filename(c->f.tmp, "done", NULL);
  copy_tree(c->b_template, done);
  amanat_vault *d = open_v(done);
  g_assert_cmpint(amanat_bundle_import(d, c->bundle, 0, &imported), ==, AMANAT_OK);
  c->after = vault_state_dump(d);
  amanat_vault_lock(d);
  g_assert_cmpstr(c->before, !=, c->after);
}

static void teardown(CrashSync *c, gconstpointer data) {
  g_rand_free(c->rand);
  g_free(c->a);
  g_free(c->b_template);
  g_free(c->bundle);
  g_free(c->pw_file);
  g_free(c->before);
  g_free(c->after);
  fixture_teardown(&c->f, data);
}

/* Runs amanat-cli --vault dir args..., killed after `delay` µs (0: not killed). */
static int run_killed(CrashSync *c, const char *dir, gint64 delay, gint64 *took,
                      const char *const *args) {
  CliRunOptions options = {.no_vault = TRUE};
  options.stdin_fd = open(c->pw_file, O_RDONLY | O_CLOEXEC);
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer) "--vault");
  g_ptr_array_add(argv, (gpointer)dir);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  gint64 begin = g_get_monotonic_time();
  g_autoptr(GSubprocess) child = cli_spawn(&c->f, &options, (const char *const *)argv->pdata);
  if (delay > 0) {
    g_usleep((gulong)delay);
    g_subprocess_force_exit(child);
  }
  g_autoptr(CliResult) r = cli_finish(child, &options);
  if (took != NULL)
    *took = g_get_monotonic_time() - begin;
  if (r->status != 0 && r->status != -SIGKILL)
    g_test_message("stderr: %s", r->err);
  g_assert_true(r->status == 0 || r->status == -SIGKILL);
  return r->status;
}

static void test_import(CrashSync *c, gconstpointer data) {
  g_autofree char *dir = g_build_filename(c->f.tmp, "run", NULL);
  const char *args[] = {"import", c->bundle, NULL};
  copy_tree(c->b_template, dir);
  gint64 took = 0;
  run_killed(c, dir, 0, &took, args);
  rm_rf(dir);
  guint befores = 0, afters = 0;
  for (guint i = 0; i < c->runs; i++) {
    copy_tree(c->b_template, dir);
    run_killed(c, dir, 1 + (gint64)g_rand_double_range(c->rand, 0, (double)took), NULL, args);
    g_autofree char *dump = checked_dump(dir);
    if (strcmp(dump, c->before) == 0)
      befores++;
    else if (strcmp(dump, c->after) == 0)
      afters++;
    else
      g_error("run %u: the vault is neither as before nor as after the import", i);
    rm_rf(dir);
  }
  g_test_message("%u runs as before, %u as after (a whole run takes %.0f ms)", befores, afters,
                 took / 1000.0);
}

/* Hidden temporary files in `folder` (FORMAT.md §Temporary files). */
static guint temporaries_in(const char *folder) {
  g_autoptr(GDir) d = g_dir_open(folder, 0, NULL);
  g_assert_nonnull(d);
  guint count = 0;
  for (const char *name; (name = g_dir_read_name(d)) != NULL;)
    count += g_str_has_prefix(name, ".amanat-");
  return count;
}

static void test_export(CrashSync *c, gconstpointer data) {
  g_autofree char *out = g_build_filename(c->f.tmp, "out", NULL);
  g_autofree char *receiver = g_build_filename(c->f.tmp, "receiver", NULL);
  const char *args[] = {"export", "--to", "b", "--full", "-o", out, NULL};
  g_autofree char *a_before = checked_dump(c->a);
  gint64 took = 0;
  run_killed(c, c->a, 0, &took, args);
  g_unlink(out);
  guint whole = 0, leftovers = 0;
  for (guint i = 0; i < c->runs; i++) {
    run_killed(c, c->a, 1 + (gint64)g_rand_double_range(c->rand, 0, (double)took), NULL, args);
    /* A killed export may leave its temporary file; the next export removes it. */
    guint temporaries = temporaries_in(c->f.tmp);
    g_assert_cmpuint(temporaries, <=, 1);
    leftovers += temporaries;
    g_autofree char *dump = checked_dump(c->a);
    g_assert_cmpstr(dump, ==, a_before); /* an export changes no item */
    if (g_file_test(out, G_FILE_TEST_EXISTS)) {
      /* Renamed into place only once synced whole: it imports. */
      copy_tree(c->b_template, receiver);
      amanat_vault *r = open_v(receiver);
      amanat_import_result result;
      g_assert_cmpint(amanat_bundle_import(r, out, 0, &result), ==, AMANAT_OK);
      amanat_vault_lock(r);
      rm_rf(receiver);
      g_unlink(out);
      whole++;
    }
  }
  run_killed(c, c->a, 0, NULL, args);
  g_assert_cmpuint(temporaries_in(c->f.tmp), ==, 0);
  g_test_message("%u runs left a whole bundle, %u left none; %u left a temporary file, each "
                 "removed by the next export",
                 whole, c->runs - whole, leftovers);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  g_test_add("/crash-sync/import", CrashSync, NULL, setup, test_import, teardown);
  g_test_add("/crash-sync/export", CrashSync, NULL, setup, test_export, teardown);
  return g_test_run();
}
