/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crash.c: kill -9 at a random moment during a duress unlock and during a panic wipe,
 * hundreds of times, and check what is left (FORMAT.md §Duress and §Wiping):
 *
 * - duress unlock (`ls` with the duress password): right after the kill the real password
 *   either still opens the real space (only when the kill came before the header write) or
 *   is a wrong password; after one more duress unlock to completion the real password is a
 *   wrong password, the duress password lists the decoy's documents, `verify` passes, and
 *   the folder holds exactly the files of a finished duress wipe;
 * - panic wipe (`wipe --yes`): the folder is gone, or reads as wiped (and no password opens
 *   it), or (killed before the header write) is intact; never damaged; a second wipe
 *   finishes whatever is left.
 *
 * Each run copies one template vault, starts amanat-cli on the copy and sends SIGKILL after a
 * delay drawn uniformly from [0, T], T being the command's normal duration (the median of
 * three complete runs). AMANAT_CRASH_RUNS sets the number of runs of each (default 200);
 * AMANAT_CRASH_SEED repeats a run's delays (the seed is printed; by default it comes from
 * g_test_rand_int, so --seed repeats it too).
 *
 * The template's key derivation costs the format's minimum (1 pass, 8 MiB), made through the
 * core API: every run unlocks four or five times, and the cheaper KDF keeps 400 runs within
 * about a minute — and puts more of the kills after the KDF, where the header is written
 * and the real space removed. AMANAT_CRASH_KDF=interactive uses `init --kdf interactive`. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amanat.h"
#include "cli-run.h"
#include "vault-state.h"

#define PW     "lantern orbit maple thimble"
#define DURESS "harbour violet canvas pebble"

#define MSG_WRONG_PASSWORD "Wrong password.\n"
#define MSG_WIPED          "This vault has been wiped. Nothing in it can be opened any more.\n"
#define VAULT_FILES        "packs|space-0.db|space-1.db|vault.hdr"
#define REAL_TITLES        "field-notes.txt|sources.txt"
#define DECOY_TITLES       "garden.txt|recipes.txt"

typedef struct {
  Fixture f;
  char *template_dir;
  GBytes *template_header;
  char *pw_file, *duress_file; /* each password on a line, for standard input */
  GRand *rand;
  guint runs;
} Crash;

/* ---- helpers ------------------------------------------------------------------------ */

static int compare_strings(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *names_in(const char *dir) {
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  for (const char *name; (name = g_dir_read_name(d)) != NULL;)
    g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_strings);
  g_ptr_array_add(names, NULL);
  return g_strjoinv("|", (char **)names->pdata);
}

/* cp -a: the tree with its modes and modification times. */
static void copy_tree(const char *from, const char *to) {
  GStatBuf st;
  g_assert_cmpint(g_stat(from, &st), ==, 0);
  if (S_ISDIR(st.st_mode)) {
    g_assert_cmpint(g_mkdir(to, 0700), ==, 0);
    g_autoptr(GDir) dir = g_dir_open(from, 0, NULL);
    g_assert_nonnull(dir);
    for (const char *name; (name = g_dir_read_name(dir)) != NULL;) {
      g_autofree char *src = g_build_filename(from, name, NULL);
      g_autofree char *dst = g_build_filename(to, name, NULL);
      copy_tree(src, dst);
    }
  } else {
    g_autoptr(GBytes) bytes = read_file(from);
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(bytes, &len);
    int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, data, len), ==, (gssize)len);
    g_assert_cmpint(close(fd), ==, 0);
  }
  g_assert_cmpint(chmod(to, st.st_mode & 07777), ==, 0);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  g_assert_cmpint(utimensat(AT_FDCWD, to, times, 0), ==, 0);
}

/* Runs amanat-cli on the vault in `dir` with `input` on standard input. */
static CliResult *run_on_v(Crash *c, const char *dir, const char *input, const char *const *args) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer) "--vault");
  g_ptr_array_add(argv, (gpointer)dir);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  return cli_run_full(&c->f, &(CliRunOptions){.input = input, .no_vault = TRUE},
                      (const char *const *)argv->pdata);
}
#define run_on(c, dir, input, ...)                                                                 \
  run_on_v((c), (dir), (input), (const char *const[]){__VA_ARGS__, NULL})

static JsonNode *parse_json(const char *text) {
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  json_parser_load_from_data(parser, text, -1, &error);
  g_assert_no_error(error);
  return json_node_copy(json_parser_get_root(parser));
}

/* The titles in `ls --json` output, sorted and joined with "|". */
static char *titles_of(const char *json) {
  g_autoptr(JsonNode) root = parse_json(json);
  g_assert_true(JSON_NODE_HOLDS_ARRAY(root));
  JsonArray *array = json_node_get_array(root);
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  for (guint i = 0; i < json_array_get_length(array); i++)
    g_ptr_array_add(names, (gpointer)json_object_get_string_member(
                               json_array_get_object_element(array, i), "title"));
  g_ptr_array_sort(names, compare_strings);
  g_ptr_array_add(names, NULL);
  return g_strjoinv("|", (char **)names->pdata);
}

static void assert_titles(Crash *c, const char *dir, const char *password, const char *expected) {
  g_autofree char *input = g_strconcat(password, "\n", NULL);
  g_autoptr(CliResult) r = run_on(c, dir, input, "ls", "--json");
  assert_status(r, 0);
  g_autofree char *titles = titles_of(r->out);
  g_assert_cmpstr(titles, ==, expected);
}

static void write_text(const char *path, const char *text) {
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, text, -1, &error);
  g_assert_no_error(error);
}

static void add_doc(Crash *c, gboolean decoy, const char *name, const char *text) {
  g_autofree char *sources = g_build_filename(c->f.tmp, "sources", NULL);
  g_mkdir_with_parents(sources, 0700);
  g_autofree char *path = g_build_filename(sources, name, NULL);
  write_text(path, text);
  g_autoptr(CliResult) r =
      decoy ? run_on(c, c->template_dir, PW "\n", "--space", "decoy", "add", "--tag", "home", path)
            : run_on(c, c->template_dir, PW "\n", "add", path);
  assert_status(r, 0);
  g_unlink(path);
}

/* ---- the template ---------------------------------------------------------------------- */

static void crash_setup(Crash *c, gconstpointer data) {
  fixture_setup(&c->f, data);
  c->template_dir = g_build_filename(c->f.tmp, "template", NULL);
  c->pw_file = g_build_filename(c->f.tmp, "pw.txt", NULL);
  c->duress_file = g_build_filename(c->f.tmp, "duress.txt", NULL);
  write_text(c->pw_file, PW "\n");
  write_text(c->duress_file, DURESS "\n");
  c->runs = crash_runs(1);

  guint32 seed = g_test_rand_int();
  const char *fixed = g_getenv("AMANAT_CRASH_SEED");
  if (fixed != NULL && fixed[0] != '\0')
    seed = (guint32)g_ascii_strtoull(fixed, NULL, 10);
  g_test_message("%u runs, seed %u (AMANAT_CRASH_SEED=%u repeats the delays)", c->runs, seed, seed);
  c->rand = g_rand_new_with_seed(seed);

  const char *kdf = g_getenv("AMANAT_CRASH_KDF");
  if (kdf != NULL && g_str_equal(kdf, "interactive")) {
    g_autoptr(CliResult) r =
        run_on(c, c->template_dir, PW "\n" PW "\n", "init", "--kdf", "interactive");
    assert_status(r, 0);
  } else {
    amanat_kdf_cost cheapest = {.opslimit = 1, .memlimit = 8u << 20};
    g_assert_cmpint(amanat_vault_create(c->template_dir, PW, strlen(PW), cheapest), ==, AMANAT_OK);
  }
  add_doc(c, FALSE, "sources.txt", "MARKER5e1f: the names of the sources.\n");
  add_doc(c, FALSE, "field-notes.txt", "MARKER5e1f: what they said, and where.\n");
  add_doc(c, TRUE, "recipes.txt", "Flour, water, salt.\n");
  add_doc(c, TRUE, "garden.txt", "Tomatoes in May.\n");
  g_autoptr(CliResult) set =
      run_on(c, c->template_dir, PW "\n" DURESS "\n" DURESS "\n", "duress", "set");
  assert_status(set, 0);
  assert_titles(c, c->template_dir, PW, REAL_TITLES);
  g_autofree char *header = g_build_filename(c->template_dir, "vault.hdr", NULL);
  c->template_header = read_file(header);
}

static void crash_teardown(Crash *c, gconstpointer data) {
  g_rand_free(c->rand);
  g_bytes_unref(c->template_header);
  g_free(c->template_dir);
  g_free(c->pw_file);
  g_free(c->duress_file);
  fixture_teardown(&c->f, data);
}

/* ---- killing a command ----------------------------------------------------------------- */

/* Starts amanat-cli --vault dir args... with `stdin_path` as standard input (NULL: empty). */
static GSubprocess *start(Crash *c, const char *dir, const char *stdin_path, CliRunOptions *options,
                          const char *const *args) {
  *options = (CliRunOptions){.no_vault = TRUE};
  if (stdin_path != NULL) {
    options->stdin_fd = open(stdin_path, O_RDONLY | O_CLOEXEC);
    g_assert_cmpint(options->stdin_fd, >, 0);
  }
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer) "--vault");
  g_ptr_array_add(argv, (gpointer)dir);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  return cli_spawn(&c->f, options, (const char *const *)argv->pdata);
}

/* Runs the command to completion on a fresh copy of the template: its duration in µs. */
static gint64 timed_run(Crash *c, const char *dir, const char *stdin_path,
                        const char *const *args) {
  copy_tree(c->template_dir, dir);
  CliRunOptions options;
  gint64 begin = g_get_monotonic_time();
  g_autoptr(GSubprocess) child = start(c, dir, stdin_path, &options, args);
  g_autoptr(CliResult) r = cli_finish(child, &options);
  gint64 took = g_get_monotonic_time() - begin;
  assert_status(r, 0);
  return took;
}

static int compare_int64(gconstpointer a, gconstpointer b) {
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

/* Runs the command on a copy and sends SIGKILL after a delay uniform in [0, limit] µs.
 * Returns the exit status (-9 when the kill came first). */
static int killed_run(Crash *c, const char *dir, const char *stdin_path, gint64 limit,
                      const char *const *args) {
  copy_tree(c->template_dir, dir);
  gint64 delay = (gint64)g_rand_double_range(c->rand, 0, (double)limit);
  CliRunOptions options;
  g_autoptr(GSubprocess) child = start(c, dir, stdin_path, &options, args);
  g_usleep((gulong)delay);
  g_subprocess_force_exit(child);
  g_autoptr(CliResult) r = cli_finish(child, &options);
  g_assert_true(r->status == 0 || r->status == -SIGKILL);
  return r->status;
}

static gboolean header_is_template(Crash *c, const char *dir) {
  g_autofree char *path = g_build_filename(dir, "vault.hdr", NULL);
  g_autoptr(GBytes) header = read_file(path);
  return g_bytes_equal(header, c->template_header);
}

/* ---- duress unlock ----------------------------------------------------------------------- */

static void test_crash_duress_unlock(Crash *c, gconstpointer data) {
  const char *const ls[] = {"ls", "--json", NULL};
  g_autofree char *dir = g_build_filename(c->f.tmp, "run", NULL);

  /* T, and what a finished duress wipe leaves: the decoy's packs only. */
  gint64 took[3];
  g_autofree char *decoy_packs = NULL;
  for (int i = 0; i < 3; i++) {
    took[i] = timed_run(c, dir, c->duress_file, ls);
    g_autofree char *packs = g_build_filename(dir, "packs", NULL);
    g_autofree char *names = names_in(packs);
    if (decoy_packs == NULL)
      decoy_packs = g_strdup(names);
    g_assert_cmpstr(names, ==, decoy_packs);
    assert_titles(c, dir, DURESS, DECOY_TITLES);
    rm_rf(dir);
  }
  g_autofree char *template_packs_dir = g_build_filename(c->template_dir, "packs", NULL);
  g_autofree char *template_packs = names_in(template_packs_dir);
  g_assert_cmpstr(template_packs, !=, decoy_packs); /* the real space's packs do go */
  qsort(took, 3, sizeof took[0], compare_int64);
  gint64 limit = took[1];
  g_test_message("duress unlock (ls): %.1f ms", limit / 1000.0);

  guint before = 0, after = 0, finished = 0;
  gint64 begin = g_get_monotonic_time();
  for (guint run = 0; run < c->runs; run++) {
    int status = killed_run(c, dir, c->duress_file, limit, ls);
    gboolean written = !header_is_template(c, dir);

    /* Right after the kill: the real password is dead, or (header not yet written) opens
     * the real space unchanged. */
    g_autoptr(CliResult) real = run_on(c, dir, PW "\n", "ls", "--json");
    if (real->status == 3) {
      g_assert_true(written);
      g_assert_cmpstr(real->err, ==, MSG_WRONG_PASSWORD);
      if (status == 0)
        finished++;
      else
        after++;
    } else {
      assert_status(real, 0);
      g_assert_false(written);
      g_autofree char *titles = titles_of(real->out);
      g_assert_cmpstr(titles, ==, REAL_TITLES);
      before++;
    }

    /* One more duress unlock, to completion; then everything is as after a clean one. */
    assert_titles(c, dir, DURESS, DECOY_TITLES);
    g_autoptr(CliResult) dead = run_on(c, dir, PW "\n", "ls");
    assert_status(dead, 3);
    g_assert_cmpstr(dead->err, ==, MSG_WRONG_PASSWORD);
    g_autoptr(CliResult) verify = run_on(c, dir, DURESS "\n", "verify");
    assert_status(verify, 0);
    g_autofree char *files = names_in(dir);
    g_assert_cmpstr(files, ==, VAULT_FILES);
    g_autofree char *packs_dir = g_build_filename(dir, "packs", NULL);
    g_autofree char *packs = names_in(packs_dir);
    g_assert_cmpstr(packs, ==, decoy_packs);
    rm_rf(dir);
  }
  g_test_message("duress unlock: %u runs in %.1f s: killed before the header write %u, after it "
                 "%u, finished before the kill %u",
                 c->runs, (g_get_monotonic_time() - begin) / 1e6, before, after, finished);
  if (c->runs >= 50) { /* so that the kills really land on both sides of the write */
    g_assert_cmpuint(before, >=, 1);
    g_assert_cmpuint(after, >=, 1);
  }
}

/* ---- panic wipe -------------------------------------------------------------------------- */

static void test_crash_panic_wipe(Crash *c, gconstpointer data) {
  const char *const wipe[] = {"wipe", "--yes", NULL};
  g_autofree char *dir = g_build_filename(c->f.tmp, "run", NULL);

  gint64 took[3];
  for (int i = 0; i < 3; i++) {
    took[i] = timed_run(c, dir, NULL, wipe);
    g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
  }
  qsort(took, 3, sizeof took[0], compare_int64);
  gint64 limit = took[1];
  g_test_message("panic wipe: %.1f ms", limit / 1000.0);

  guint gone = 0, emptied = 0, wiped = 0, intact = 0;
  gint64 begin = g_get_monotonic_time();
  for (guint run = 0; run < c->runs; run++) {
    killed_run(c, dir, NULL, limit, wipe);
    g_autofree char *header = g_build_filename(dir, "vault.hdr", NULL);

    if (!g_file_test(dir, G_FILE_TEST_EXISTS)) {
      gone++;
      continue;
    }
    g_autofree char *files = names_in(dir);
    if (files[0] == '\0') {
      /* Killed after the header went and before the folder did: nothing is left in it,
       * and a second wipe removes the folder too. */
      emptied++;
      g_autoptr(CliResult) finish = run_on(c, dir, NULL, "wipe", "--yes");
      assert_status(finish, 0);
      g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
      continue;
    }
    if (!g_file_test(header, G_FILE_TEST_EXISTS))
      g_error("files are left without a header: %s", files);

    if (header_is_template(c, dir)) {
      /* Killed before the header write: the vault is whole. */
      intact++;
      g_assert_cmpstr(files, ==, VAULT_FILES);
      g_autoptr(CliResult) verify = run_on(c, dir, PW "\n", "verify");
      assert_status(verify, 0);
      g_assert_cmpstr(verify->out, ==, "The vault is intact.\n");
    } else {
      /* Past the header write: wiped, never damaged, and no password opens it. */
      wiped++;
      g_autoptr(GBytes) bytes = read_file(header);
      g_assert_cmpuint(g_bytes_get_size(bytes), ==, 4096);
      g_assert_cmpint(((const guint8 *)g_bytes_get_data(bytes, NULL))[10], ==, 0xff);
      g_autoptr(CliResult) info = run_on(c, dir, NULL, "info");
      assert_status(info, 1);
      g_assert_cmpstr(info->err, ==, MSG_WIPED);
      g_autoptr(CliResult) real = run_on(c, dir, PW "\n", "ls");
      assert_status(real, 1);
      g_assert_cmpstr(real->err, ==, MSG_WIPED);
      g_autoptr(CliResult) duress = run_on(c, dir, DURESS "\n", "ls");
      assert_status(duress, 1);
      g_assert_cmpstr(duress->err, ==, MSG_WIPED);
    }

    /* A second wipe finishes what is left. */
    g_autoptr(CliResult) again = run_on(c, dir, NULL, "wipe", "--yes");
    assert_status(again, 0);
    g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
  }
  g_test_message("panic wipe: %u runs in %.1f s: folder gone %u, emptied %u, header wiped with "
                 "files left %u, intact (killed before the header write) %u",
                 c->runs, (g_get_monotonic_time() - begin) / 1e6, gone, emptied, wiped, intact);
  if (c->runs >= 50) {
    g_assert_cmpuint(intact, >=, 1);
    g_assert_cmpuint(gone + emptied + wiped, >=, 1);
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  g_test_add("/crash/duress-unlock", Crash, NULL, crash_setup, test_crash_duress_unlock,
             crash_teardown);
  g_test_add("/crash/panic-wipe", Crash, NULL, crash_setup, test_crash_panic_wipe, crash_teardown);
  return g_test_run();
}
