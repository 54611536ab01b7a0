/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-duress.c: duress passwords, the decoy space, panic wipe and wipe after failures. */
#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "amanat.h"
#include "format.h"
#include "test-util.h"

#define DURESS  "we are just a small book club"
#define DURESS2 "another harmless phrase"

typedef struct {
  char *root, *dir;
} Fixture;

static void set_up(Fixture *f, gconstpointer data) {
  f->root = test_tmpdir();
  f->dir = g_build_filename(f->root, "vault", NULL);
  test_make_vault(f->dir);
}

static void tear_down(Fixture *f, gconstpointer data) {
  test_rmtree(f->root);
  g_free(f->dir);
  g_free(f->root);
}

static amanat_vault *open_as(Fixture *f, const char *password, amanat_space_choice choice) {
  amanat_vault *v = NULL;
  int rc = amanat_vault_open(f->dir, password, strlen(password), choice, &v);
  g_assert_cmpstr(amanat_err_name(rc), ==, "ok");
  return v;
}

/* Imports a small text file holding `text` and returns nothing: the id is not needed. */
static void add_text(Fixture *f, amanat_vault *v, const char *text) {
  char *path = g_build_filename(f->root, "in.txt", NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_doc_import_path(v, path, NULL, id), ==, AMANAT_OK);
  g_unlink(path);
  g_free(path);
}

static int count_hit(const amanat_search_hit *hit, void *user_data) {
  (*(int *)user_data)++;
  return 0;
}

static int hits(amanat_vault *v, const char *query) {
  int n = 0;
  g_assert_cmpint(amanat_search(v, query, 0, count_hit, &n), ==, AMANAT_OK);
  return n;
}

static guint64 count_docs(amanat_vault *v) {
  guint64 n = 0;
  g_assert_cmpint(amanat_doc_count(v, NULL, &n), ==, AMANAT_OK);
  return n;
}

static int compare_names(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in the vault folder and in packs/, sorted: the "set of files". */
static char *file_set(const char *dir) {
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  g_ptr_array_sort(names, compare_names);
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf(out, "%s ", (char *)names->pdata[i]);
  g_ptr_array_unref(names);
  return g_string_free(out, FALSE);
}

static int count_packs(const char *dir) {
  char *packs = g_build_filename(dir, "packs", NULL);
  GDir *d = g_dir_open(packs, 0, NULL);
  int n = 0;
  while (d != NULL && g_dir_read_name(d) != NULL)
    n++;
  if (d != NULL)
    g_dir_close(d);
  g_free(packs);
  return n;
}

/* Real and decoy filled; a duress password with the wipe action. */
static void prepare(Fixture *f, amanat_duress_action action) {
  amanat_vault *real = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  add_text(f, real, "realsecret witness statement");
  g_assert_cmpint(amanat_vault_duress_add(real, DURESS, strlen(DURESS), action), ==, AMANAT_OK);
  amanat_vault_lock(real);
  amanat_vault *decoy = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DECOY);
  add_text(f, decoy, "decoyrecipe lentil soup");
  amanat_vault_lock(decoy);
}

static void test_duress_wipe(Fixture *f, gconstpointer data) {
  prepare(f, AMANAT_DURESS_WIPE);
  g_assert_cmpint(count_packs(f->dir), >=, 1);
  char *before = file_set(f->dir);

  amanat_vault *v = open_as(f, DURESS, AMANAT_SPACE_DEFAULT);
  /* The real password is dead before anything of the decoy is used. */
  g_assert_cmpint(test_try_open(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_E_BUSY);
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 1);
  g_assert_cmpint(hits(v, "realsecret"), ==, 0);
  g_assert_cmpuint(count_docs(v), ==, 1);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(v, &report), ==, AMANAT_OK);
  amanat_vault_lock(v);

  g_assert_cmpint(test_try_open(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  /* A valid vault with the same set of files; the real space's pack is gone. */
  char *after = file_set(f->dir);
  g_assert_cmpstr(after, ==, before);
  g_assert_cmpint(count_packs(f->dir), ==, 1);
  /* The duress password keeps opening the decoy, which behaves like any vault. */
  v = open_as(f, DURESS, AMANAT_SPACE_DEFAULT);
  add_text(f, v, "decoyrecipe second");
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 2);
  g_assert_cmpint(amanat_vault_change_password(v, "new decoy words", 15), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_E_WRONG_PASSWORD);
  v = open_as(f, "new decoy words", AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(amanat_vault_verify(v, &report), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_free(before);
  g_free(after);
}

/* --space decoy in a duress session: the decoy's own decoy, which keeps what it is given. */
static void test_decoy_of_decoy(Fixture *f, gconstpointer data) {
  prepare(f, AMANAT_DURESS_WIPE);
  amanat_vault *v = open_as(f, DURESS, AMANAT_SPACE_DECOY);
  g_assert_cmpuint(count_docs(v), ==, 0);
  add_text(f, v, "nestedthing");
  amanat_vault_lock(v);
  v = open_as(f, DURESS, AMANAT_SPACE_DECOY);
  g_assert_cmpint(hits(v, "nestedthing"), ==, 1);
  /* Duress passwords set from a duress session open the decoy's decoy. */
  g_assert_cmpint(amanat_vault_duress_add(v, DURESS2, strlen(DURESS2), AMANAT_DURESS_WIPE), ==,
                  AMANAT_OK);
  amanat_vault_lock(v);
  v = open_as(f, DURESS2, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(hits(v, "nestedthing"), ==, 1);
  amanat_vault_lock(v);
  v = open_as(f, DURESS, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 1); /* the decoy was not harmed */
  g_assert_cmpint(amanat_vault_wipe_keep_decoy(v), ==, AMANAT_OK);
  amanat_vault_lock(v);
  v = open_as(f, DURESS, AMANAT_SPACE_DECOY);
  g_assert_cmpuint(count_docs(v), ==, 0); /* the decoy's decoy was what went */
  amanat_vault_lock(v);
  v = open_as(f, DURESS, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 1);
  amanat_vault_lock(v);
}

/* A wipe through one duress password keeps every other duress password, whichever was
 * set first, and kills the real one. */
static void test_sibling_duress_survive(Fixture *f, gconstpointer data) {
  prepare(f, AMANAT_DURESS_WIPE); /* DURESS, set first */
  amanat_vault *v = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(amanat_vault_duress_add(v, DURESS2, strlen(DURESS2), AMANAT_DURESS_WIPE), ==,
                  AMANAT_OK);
  g_assert_cmpint(amanat_vault_change_password(v, "moved real", 10), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_assert_cmpint(test_try_open(f->dir, "moved real", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->dir, DURESS2, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_assert_cmpint(test_try_open(f->dir, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  /* A duress session's own password change keeps its tag: still a sibling. */
  v = open_as(f, DURESS2, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(amanat_vault_change_password(v, "third phrase", 12), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_assert_cmpint(test_try_open(f->dir, "third phrase", AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
}

static void test_decoy_only(Fixture *f, gconstpointer data) {
  prepare(f, AMANAT_DURESS_DECOY_ONLY);
  amanat_vault *v = open_as(f, DURESS, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 1);
  g_assert_cmpint(hits(v, "realsecret"), ==, 0);
  /* It changes its password and adds duress passwords of its own like any vault: slots
   * go outside the real password's zone, so nothing real is touched. */
  g_assert_cmpint(amanat_vault_change_password(v, "x y z", 5), ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_duress_add(v, "q r s", 5, AMANAT_DURESS_WIPE), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  /* Its own duress password opens its decoy's decoy (in memory: the real space is still
   * on disk), and destroys nothing. */
  v = open_as(f, "q r s", AMANAT_SPACE_DEFAULT);
  g_assert_cmpuint(count_docs(v), ==, 0);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, "x y z", AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  v = open_as(f, "x y z", AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 1);
  g_assert_cmpint(amanat_vault_duress_clear(v), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, "q r s", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->dir, "x y z", AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  /* Its --space decoy works, and keeps nothing. */
  v = open_as(f, "x y z", AMANAT_SPACE_DECOY);
  add_text(f, v, "ephemeralthing");
  g_assert_cmpint(hits(v, "ephemeralthing"), ==, 1);
  amanat_vault_lock(v);
  v = open_as(f, "x y z", AMANAT_SPACE_DECOY);
  g_assert_cmpuint(count_docs(v), ==, 0);
  amanat_vault_lock(v);
  /* Nothing was destroyed; what the in-memory space wrote to packs/ is cleaned up by the
   * owner, who alone can tell it belongs to nobody. */
  int packs_with_orphans = count_packs(f->dir);
  v = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(hits(v, "realsecret"), ==, 1);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(v, &report), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(count_packs(f->dir), <, packs_with_orphans);
  v = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DECOY);
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 1);
  g_assert_cmpint(amanat_vault_verify(v, &report), ==, AMANAT_OK);
  amanat_vault_lock(v);
}

static void test_refusals_and_limits(Fixture *f, gconstpointer data) {
  amanat_vault *v = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(
      amanat_vault_duress_add(v, TEST_PASSWORD, strlen(TEST_PASSWORD), AMANAT_DURESS_WIPE), ==,
      AMANAT_E_PASSWORD_IN_USE);
  g_assert_cmpint(amanat_vault_duress_add(v, "", 0, AMANAT_DURESS_WIPE), ==,
                  AMANAT_E_EMPTY_PASSWORD);
  int added = 0;
  for (int i = 0; i < 20; i++) {
    char pw[32];
    g_snprintf(pw, sizeof pw, "duress number %d", i);
    int rc = amanat_vault_duress_add(v, pw, strlen(pw),
                                     i % 2 ? AMANAT_DURESS_WIPE : AMANAT_DURESS_DECOY_ONLY);
    if (rc == AMANAT_E_NO_FREE_SLOT)
      break;
    g_assert_cmpint(rc, ==, AMANAT_OK);
    added++;
  }
  /* Every slot but the real password's and one spare. */
  g_assert_cmpint(added, ==, AMANAT_SLOT_COUNT - 2);
  g_assert_cmpint(amanat_vault_duress_add(v, "duress number 3", 15, AMANAT_DURESS_WIPE), ==,
                  AMANAT_E_PASSWORD_IN_USE);
  /* A password change still finds its spare. */
  g_assert_cmpint(amanat_vault_change_password(v, "changed real", 12), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, "duress number 0", AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_assert_cmpint(test_try_open(f->dir, "changed real", AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  v = open_as(f, "changed real", AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(amanat_vault_duress_clear(v), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, "duress number 0", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->dir, "duress number 13", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->dir, "changed real", AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
}

/* A duress unlock killed before its data removal: the real password is dead already, and
 * the next duress unlock finishes the removal. */
static void test_interrupted_duress_wipe(Fixture *f, gconstpointer data) {
  prepare(f, AMANAT_DURESS_WIPE);
  int packs_before = count_packs(f->dir);
  pid_t child = fork();
  if (child == 0) {
    amanat_vault *v = NULL;
    int rc = amanat_vault_open(f->dir, DURESS, strlen(DURESS), AMANAT_SPACE_DEFAULT, &v);
    _exit(rc == AMANAT_OK ? 0 : 1); /* no lock: as if the power went */
  }
  int status = 0;
  waitpid(child, &status, 0);
  g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  g_assert_cmpint(count_packs(f->dir), ==, packs_before);
  g_assert_cmpint(test_try_open(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->dir, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_assert_cmpint(count_packs(f->dir), ==, 1);
}

static void test_panic_wipe(Fixture *f, gconstpointer data) {
  prepare(f, AMANAT_DURESS_WIPE);
  amanat_wipe_timings t = {0};
  g_assert_cmpint(amanat_vault_wipe(f->dir, &t), ==, AMANAT_OK);
  g_assert_false(g_file_test(f->dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint(t.unrecoverable_ns, >, 0);
  g_assert_cmpuint(t.removed_ns, >=, t.unrecoverable_ns);
  g_assert_cmpint(test_try_open(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_NOT_A_VAULT);
  g_assert_cmpint(amanat_vault_wipe(f->dir, NULL), ==, AMANAT_E_NOT_A_VAULT);
  /* A wipe killed after the last file leaves an empty folder; wiping again removes it. */
  g_assert_cmpint(g_mkdir(f->dir, 0700), ==, 0);
  g_assert_cmpint(amanat_vault_wipe(f->dir, NULL), ==, AMANAT_OK);
  g_assert_false(g_file_test(f->dir, G_FILE_TEST_EXISTS));
  /* Never a folder that is not a vault. */
  char *other = g_build_filename(f->root, "photos", NULL);
  char *file = g_build_filename(other, "vault.hdr", NULL);
  g_assert_cmpint(g_mkdir(other, 0700), ==, 0);
  g_assert_true(g_file_set_contents(file, "not ours at all", -1, NULL));
  g_assert_cmpint(amanat_vault_wipe(other, NULL), ==, AMANAT_E_NOT_A_VAULT);
  g_assert_true(g_file_test(file, G_FILE_TEST_EXISTS));
  g_free(file);
  g_free(other);
}

/* After the header sync and before the files are gone (a crash), the vault reads as
 * wiped, never as damaged; wiping again finishes. */
static void test_half_wiped(Fixture *f, gconstpointer data) {
  prepare(f, AMANAT_DURESS_WIPE);
  char *header = g_build_filename(f->dir, "vault.hdr", NULL);
  guint8 wiped[AMANAT_HEADER_LEN];
  randombytes_buf(wiped, sizeof wiped);
  memcpy(wiped, AMANAT_MAGIC, AMANAT_MAGIC_LEN);
  wiped[8] = 1;
  wiped[9] = 0;
  wiped[10] = 0xff;
  g_assert_true(g_file_set_contents(header, (char *)wiped, sizeof wiped, NULL));
  g_assert_cmpint(test_try_open(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_E_WIPED);
  g_assert_cmpint(test_try_open(f->dir, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_E_WIPED);
  amanat_vault_info info;
  g_assert_cmpint(amanat_vault_read_info(f->dir, &info), ==, AMANAT_E_WIPED);
  g_assert_cmpint(amanat_vault_wipe(f->dir, NULL), ==, AMANAT_OK);
  g_assert_false(g_file_test(f->dir, G_FILE_TEST_EXISTS));
  g_free(header);
}

static void test_wipe_keep_decoy(Fixture *f, gconstpointer data) {
  prepare(f, AMANAT_DURESS_WIPE);
  char *before = file_set(f->dir);
  amanat_vault *v = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(amanat_vault_wipe_keep_decoy(v), ==, AMANAT_OK);
  /* The session goes on, in what was the decoy. */
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 1);
  g_assert_cmpint(hits(v, "realsecret"), ==, 0);
  amanat_vault_lock(v);
  char *after = file_set(f->dir);
  g_assert_cmpstr(after, ==, before);
  g_assert_cmpint(count_packs(f->dir), ==, 1);
  v = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  g_assert_cmpint(hits(v, "decoyrecipe"), ==, 1);
  amanat_verify_report report;
  g_assert_cmpint(amanat_vault_verify(v, &report), ==, AMANAT_OK);
  amanat_vault_lock(v);
  g_assert_cmpint(test_try_open(f->dir, DURESS, AMANAT_SPACE_DEFAULT), ==, AMANAT_E_WRONG_PASSWORD);
  v = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DECOY);
  g_assert_cmpuint(count_docs(v), ==, 0);
  amanat_vault_lock(v);
  g_free(before);
  g_free(after);
}

static void test_wipe_after_failures(Fixture *f, gconstpointer data) {
  char *header = g_build_filename(f->dir, "vault.hdr", NULL);
  amanat_vault *v = open_as(f, TEST_PASSWORD, AMANAT_SPACE_DEFAULT);
  guint32 limit = 99;
  g_assert_cmpint(amanat_vault_get_wipe_after(v, &limit), ==, AMANAT_OK);
  g_assert_cmpuint(limit, ==, 0); /* off by default */
  g_assert_cmpint(amanat_vault_set_wipe_after(v, 3), ==, AMANAT_OK);
  amanat_vault_lock(v);
  /* Every attempt rewrites the counter block, on or off. */
  GBytes *a = test_read_file(header);
  g_assert_cmpint(test_try_open(f->dir, "wrong 1", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  GBytes *b = test_read_file(header);
  g_assert_false(memcmp((const guint8 *)g_bytes_get_data(a, NULL) + AMANAT_COUNTER_OFF,
                        (const guint8 *)g_bytes_get_data(b, NULL) + AMANAT_COUNTER_OFF,
                        AMANAT_COUNTER_LEN) == 0);
  g_assert_cmpint(test_try_open(f->dir, "wrong 2", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  /* A right password in between starts the count again. */
  g_assert_cmpint(test_try_open(f->dir, TEST_PASSWORD, AMANAT_SPACE_DEFAULT), ==, AMANAT_OK);
  g_assert_cmpint(test_try_open(f->dir, "wrong 3", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_cmpint(test_try_open(f->dir, "wrong 4", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_true(g_file_test(f->dir, G_FILE_TEST_EXISTS));
  g_assert_cmpint(test_try_open(f->dir, "wrong 5", AMANAT_SPACE_DEFAULT), ==,
                  AMANAT_E_WRONG_PASSWORD);
  g_assert_false(g_file_test(f->dir, G_FILE_TEST_EXISTS)); /* the third in a row */
  g_bytes_unref(a);
  g_bytes_unref(b);
  g_free(header);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
#define ADD(path, func) g_test_add(path, Fixture, NULL, set_up, func, tear_down)
  ADD("/duress/wipe", test_duress_wipe);
  ADD("/duress/decoy-of-decoy", test_decoy_of_decoy);
  ADD("/duress/sibling-duress-survive", test_sibling_duress_survive);
  ADD("/duress/decoy-only", test_decoy_only);
  ADD("/duress/refusals-and-limits", test_refusals_and_limits);
  ADD("/duress/interrupted-wipe", test_interrupted_duress_wipe);
  ADD("/duress/panic-wipe", test_panic_wipe);
  ADD("/duress/half-wiped", test_half_wiped);
  ADD("/duress/keep-decoy", test_wipe_keep_decoy);
  ADD("/duress/wipe-after-failures", test_wipe_after_failures);
#undef ADD
  return g_test_run();
}
