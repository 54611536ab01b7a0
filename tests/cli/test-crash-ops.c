/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crash-ops.c: `kill -9` of amanat-cli at random points of add, rm, compact, passwd,
 * duress set and restore. After each kill the vault opens with its password (the old or
 * the new one for passwd), `verify` passes, and its canonical dump (amanat_vault_dump) is
 * the one before the command or the one after it:
 *
 * - add FILE: as before, or as after with one new document whose id and time of adding
 *   are its own (they are random and the clock's) and everything else as in a clean run;
 * - rm ID ID: both documents or neither (the command deletes in one batch);
 * - compact: the same dump, and the packs folder either as before or as after — no pack
 *   lost, every one the database names present;
 * - passwd: at least one of the two passwords opens, the same content either way; when
 *   both do (killed between writing the new slot and scrubbing the old), the first unlock
 *   with the new password retires the old one (FORMAT.md §Changing a password);
 * - duress set: the real password opens the same real space; the duress password is
 *   either still wrong or opens the decoy as it was (tried on a copy: it wipes);
 * - restore BACKUP --vault NEW: NEW does not exist, or it is the whole restored vault; a
 *   hidden staging folder beside it may be left, holding no plaintext (marker scan), and
 *   the next restore beside it removes it.
 *
 * Export, import (test-crash-sync.c), duress unlock and panic wipe (test-crash.c) have
 * their own harnesses. Delays are uniform in [0, T], T being the median of three complete
 * runs. Runs per command: a quarter of AMANAT_CRASH_RUNS (default 200), at least 12;
 * AMANAT_CRASH_SEED repeats the delays. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amanat.h"
#include "cli-run.h"
#include "marker-scan.h"
#include "vault-state.h"

#define PW         "lantern orbit maple thimble"
#define NEW_PW     "quarry beacon lilac tundra"
#define DURESS     "harbour violet canvas pebble"
#define PASSPHRASE "saffron ledger glacier monsoon"

enum { MARKER_TITLE, MARKER_CONTENT, MARKER_NOTE, N_MARKERS };

typedef struct {
  Fixture f;
  char *template_dir, *backup, *sources, *add_file;
  char *doomed[2]; /* ids `rm` deletes */
  char *real_dump, *decoy_dump;
  MarkerSet *markers;
  GRand *rand;
  guint runs;
} CrashOps;

/* ---- the template ------------------------------------------------------------------- */

/* A file of `len` bytes from the test's random stream (incompressible: every chunk is
 * written at its full size). */
static char *random_file(CrashOps *c, const char *name, gsize len) {
  g_autofree guint8 *bytes = g_malloc(len);
  for (gsize i = 0; i < len; i++)
    bytes[i] = (guint8)g_rand_int(c->rand);
  char *path = g_build_filename(c->sources, name, NULL);
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, (const char *)bytes, (gssize)len, &error);
  g_assert_no_error(error);
  return path;
}

static void import(CrashOps *c, amanat_vault *v, const char *name, gsize len,
                   char id[AMANAT_ID_LEN + 1]) {
  g_autofree char *path = random_file(c, name, len);
  amanat_import_options options = {0};
  g_assert_cmpint(amanat_doc_import_path(v, path, &options, id), ==, AMANAT_OK);
  g_unlink(path);
}

static void setup(CrashOps *c, gconstpointer data) {
  fixture_setup(&c->f, data);
  c->runs = crash_runs(4);
  guint32 seed = g_test_rand_int();
  const char *fixed = g_getenv("AMANAT_CRASH_SEED");
  if (fixed != NULL && fixed[0] != '\0')
    seed = (guint32)g_ascii_strtoull(fixed, NULL, 10);
  g_test_message("%u runs, seed %u (AMANAT_CRASH_SEED repeats the delays)", c->runs, seed);
  c->rand = g_rand_new_with_seed(seed);
  c->sources = g_build_filename(c->f.tmp, "sources", NULL);
  g_assert_cmpint(g_mkdir(c->sources, 0700), ==, 0);
  const char *places[N_MARKERS] = {"title", "content", "note"};
  c->markers = marker_set_new(places, N_MARKERS);

  /* The cheapest key derivation the format allows: each run unlocks several times. */
  c->template_dir = g_build_filename(c->f.tmp, "template", NULL);
  amanat_kdf_cost cheapest = {.opslimit = 1, .memlimit = 8u << 20};
  g_assert_cmpint(amanat_vault_create(c->template_dir, PW, strlen(PW), cheapest), ==, AMANAT_OK);
  char id[AMANAT_ID_LEN + 1];
  amanat_vault *decoy = vault_state_open(c->template_dir, PW, AMANAT_SPACE_DECOY);
  import(c, decoy, "recipes.txt", 5000, id);
  import(c, decoy, "garden.txt", 90000, id);
  c->decoy_dump = vault_state_dump(decoy);
  amanat_vault_lock(decoy);
  amanat_vault *v = vault_state_open(c->template_dir, PW, AMANAT_SPACE_DEFAULT);
  for (int i = 0; i < 6; i++) {
    g_autofree char *name = g_strdup_printf("kept-%d.bin", i);
    import(c, v, name, 40000 + 150000 * i, id);
  }
  for (int i = 0; i < 2; i++) {
    import(c, v, i == 0 ? "doomed-big.bin" : "doomed-small.bin", i == 0 ? 1500000 : 3000, id);
    c->doomed[i] = g_strdup(id);
  }
  /* Dead records for `compact`: a fifth of the packs, under the quarter at which a
   * deletion compacts by itself. */
  for (int i = 0; i < 3; i++) {
    g_autofree char *name = g_strdup_printf("draft-%d.bin", i);
    import(c, v, name, 600000, id);
    if (i < 2)
      g_assert_cmpint(amanat_doc_delete(v, id), ==, AMANAT_OK);
  }
  const char *text = marker_set_get(c->markers, MARKER_CONTENT);
  g_assert_cmpint(
      amanat_note_add(v, marker_set_get(c->markers, MARKER_TITLE), text, strlen(text), id), ==,
      AMANAT_OK);
  const char *note = marker_set_get(c->markers, MARKER_NOTE);
  g_assert_cmpint(amanat_doc_set_notes(v, id, note), ==, AMANAT_OK);
  amanat_contact_field field = {"phone", "+1 555 0100", 1};
  g_assert_cmpint(amanat_contact_add(v, "Samira", &field, 1, id), ==, AMANAT_OK);
  c->real_dump = vault_state_dump(v);

  c->backup = g_build_filename(c->f.tmp, "vault.backup", NULL);
  amanat_backup_options backup = {
      .passphrase = PASSPHRASE, .passphrase_len = strlen(PASSPHRASE), .cost = cheapest};
  g_assert_cmpint(amanat_backup_write(v, c->backup, &backup), ==, AMANAT_OK);
  amanat_vault_lock(v);
}

static void teardown(CrashOps *c, gconstpointer data) {
  g_rand_free(c->rand);
  marker_set_free(c->markers);
  g_free(c->template_dir);
  g_free(c->backup);
  g_free(c->sources);
  g_free(c->add_file);
  g_free(c->doomed[0]);
  g_free(c->doomed[1]);
  g_free(c->real_dump);
  g_free(c->decoy_dump);
  fixture_teardown(&c->f, data);
}

/* ---- running and killing ----------------------------------------------------------- */

/* Runs amanat-cli args... with `input` on standard input, killed after `delay` µs (0: let
 * it finish, which it must). Returns the time it ran, in µs. */
static gint64 run_killed(CrashOps *c, const char *input, gint64 delay, const char *const *args) {
  g_autofree char *input_path = g_build_filename(c->f.tmp, "input", NULL);
  g_autoptr(GError) error = NULL;
  g_file_set_contents(input_path, input, -1, &error);
  g_assert_no_error(error);
  CliRunOptions options = {.no_vault = TRUE};
  options.stdin_fd = open(input_path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint(options.stdin_fd, >, 0);
  gint64 begin = g_get_monotonic_time();
  g_autoptr(GSubprocess) child = cli_spawn(&c->f, &options, args);
  if (delay > 0) {
    g_usleep((gulong)delay);
    g_subprocess_force_exit(child);
  }
  g_autoptr(CliResult) r = cli_finish(child, &options);
  gint64 took = g_get_monotonic_time() - begin;
  if (r->status != 0 && (delay == 0 || r->status != -SIGKILL))
    g_test_message("stdout: %s\nstderr: %s", r->out, r->err);
  g_assert_true(r->status == 0 || (delay > 0 && r->status == -SIGKILL));
  return took;
}

static int compare_int64(gconstpointer a, gconstpointer b) {
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

typedef struct Op Op;
struct Op {
  const char *name;
  const char *input;
  /* The command's arguments for the vault at `dir`, NULL-terminated (in c->f.tmp). */
  void (*args)(CrashOps *c, const char *dir, const char *argv[8]);
  /* Classifies what a run left at `dir`: FALSE = as before, TRUE = as after; fails the
   * test when it is neither. `reference` is what a complete run's classify saved. */
  gboolean (*check)(CrashOps *c, const char *dir, gpointer reference);
  /* Once, after a complete run on `dir`: what `check` compares with. */
  gpointer (*reference)(CrashOps *c, const char *dir);
  /* Removes what a run may leave outside `dir`. */
  void (*clean)(CrashOps *c, const char *dir);
  gboolean makes_vault; /* runs where there is no vault yet, instead of on the template */
  /* Once, after the killed runs. */
  void (*finish)(CrashOps *c, const char *dir);
};

static void run_op(CrashOps *c, const Op *op) {
  g_autofree char *dir = g_build_filename(c->f.tmp, "run", NULL);
  const char *argv[8] = {0};
  op->args(c, dir, argv);

  gint64 took[3];
  gpointer reference = NULL;
  for (int i = 0; i < 3; i++) {
    if (!op->makes_vault)
      copy_dir(c->template_dir, dir);
    took[i] = run_killed(c, op->input, 0, argv);
    if (reference == NULL)
      reference = op->reference(c, dir);
    rm_rf(dir);
    if (op->clean != NULL)
      op->clean(c, dir);
  }
  qsort(took, 3, sizeof took[0], compare_int64);
  gint64 limit = took[1];

  guint befores = 0, afters = 0;
  gint64 begin = g_get_monotonic_time();
  for (guint run = 0; run < c->runs; run++) {
    if (!op->makes_vault)
      copy_dir(c->template_dir, dir);
    run_killed(c, op->input, 1 + (gint64)g_rand_double_range(c->rand, 0, (double)limit), argv);
    if (op->check(c, dir, reference))
      afters++;
    else
      befores++;
    rm_rf(dir);
    if (op->clean != NULL)
      op->clean(c, dir);
  }
  g_test_message("%s: a whole run takes %.1f ms; %u runs in %.1f s: %u as before, %u as after",
                 op->name, limit / 1000.0, c->runs, (g_get_monotonic_time() - begin) / 1e6, befores,
                 afters);
  g_free(reference);
  if (op->finish != NULL)
    op->finish(c, dir);
  if (c->runs >= 40) { /* so that the kills really land on both sides */
    g_assert_cmpuint(befores, >=, 1);
    g_assert_cmpuint(afters, >=, 1);
  }
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- add --------------------------------------------------------------------------- */

/* A dump's lines with what differs between two runs of the same `add` masked (the new
 * document's random id and its time of adding), sorted. */
static char *masked_lines(const char *dump) {
  g_autoptr(GRegex) id = g_regex_new("^document [0-9a-f]{32} ", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) added = g_regex_new(" added=[^ ]* ", 0, 0, NULL);
  g_autofree char *a = g_regex_replace_literal(id, dump, -1, 0, "document * ", 0, NULL);
  g_autofree char *b = g_regex_replace_literal(added, a, -1, 0, " added=* ", 0, NULL);
  g_auto(GStrv) lines = g_strsplit(b, "\n", -1);
  qsort(lines, g_strv_length(lines), sizeof *lines, compare_strings);
  return g_strjoinv("\n", lines);
}

static void add_args(CrashOps *c, const char *dir, const char *argv[8]) {
  c->add_file = random_file(c, "interview.bin", 3u << 20);
  const char *args[] = {"--vault", dir, "add", c->add_file, NULL};
  memcpy(argv, args, sizeof args);
}

static gpointer dump_reference(CrashOps *c, const char *dir) {
  return vault_state_checked_dump(dir, PW, AMANAT_SPACE_DEFAULT);
}

static gboolean add_check(CrashOps *c, const char *dir, gpointer reference) {
  g_autofree char *dump = vault_state_checked_dump(dir, PW, AMANAT_SPACE_DEFAULT);
  if (strcmp(dump, c->real_dump) == 0)
    return FALSE;
  g_autofree char *masked = masked_lines(dump);
  g_autofree char *expected = masked_lines(reference);
  g_assert_cmpstr(masked, ==, expected);
  /* Every item that was there is there unchanged: only the new document differs. */
  g_auto(GStrv) before = g_strsplit(c->real_dump, "\n", -1);
  for (char **line = before; *line != NULL; line++)
    g_assert_nonnull(strstr(dump, *line));
  return TRUE;
}

/* ---- rm ---------------------------------------------------------------------------- */

static void rm_args(CrashOps *c, const char *dir, const char *argv[8]) {
  const char *args[] = {"--vault", dir, "rm", c->doomed[0], c->doomed[1], NULL};
  memcpy(argv, args, sizeof args);
}

static gboolean dump_is_before_or_after(CrashOps *c, const char *dir, gpointer reference) {
  g_autofree char *dump = vault_state_checked_dump(dir, PW, AMANAT_SPACE_DEFAULT);
  if (strcmp(dump, c->real_dump) == 0)
    return FALSE;
  g_assert_cmpstr(dump, ==, reference);
  return TRUE;
}

/* ---- compact ----------------------------------------------------------------------- */

static char *pack_names(const char *dir) {
  g_autofree char *packs = g_build_filename(dir, "packs", NULL);
  g_autoptr(GDir) d = g_dir_open(packs, 0, NULL);
  g_assert_nonnull(d);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  for (const char *name; (name = g_dir_read_name(d)) != NULL;)
    g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_strings);
  g_ptr_array_add(names, NULL);
  return g_strjoinv(" ", (char **)names->pdata);
}

static void compact_args(CrashOps *c, const char *dir, const char *argv[8]) {
  const char *args[] = {"--vault", dir, "compact", NULL};
  memcpy(argv, args, sizeof args);
}

static gpointer packs_reference(CrashOps *c, const char *dir) {
  g_autofree char *names = pack_names(dir);
  return g_strdup_printf("%u", (guint)(strlen(names) + 1) / 33); /* 32 hex digits and a space */
}

/* Packs are as before (the template's names; a kill before the commit may leave a new,
 * unreferenced pack beside them) or as after (the template's dead packs gone, the count
 * of a clean run). The opening inside vault_state_checked_dump finishes an interrupted
 * removal, so the names are read after it. */
static gboolean compact_check(CrashOps *c, const char *dir, gpointer reference) {
  g_autofree char *dump = vault_state_checked_dump(dir, PW, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(dump, ==, c->real_dump);
  g_autofree char *template = pack_names(c->template_dir);
  g_autofree char *names = pack_names(dir);
  g_auto(GStrv) kept = g_strsplit(template, " ", -1);
  guint present = 0;
  for (char **name = kept; *name != NULL; name++)
    present += strstr(names, *name) != NULL;
  if (present == g_strv_length(kept))
    return FALSE;
  g_autofree char *count = g_strdup_printf("%u", (guint)(strlen(names) + 1) / 33);
  g_assert_cmpstr(count, ==, reference);
  return TRUE;
}

/* ---- passwd ------------------------------------------------------------------------ */

static guint passwd_both; /* runs that left both passwords working */

static void passwd_args(CrashOps *c, const char *dir, const char *argv[8]) {
  const char *args[] = {"--vault", dir, "passwd", NULL};
  memcpy(argv, args, sizeof args);
}

static gpointer empty_reference(CrashOps *c, const char *dir) {
  return g_strdup("");
}

static gboolean opens(const char *dir, const char *password) {
  amanat_vault *v = NULL;
  int rc = amanat_vault_open(dir, password, strlen(password), AMANAT_SPACE_DEFAULT, &v);
  g_assert_true(rc == AMANAT_OK || rc == AMANAT_E_WRONG_PASSWORD);
  amanat_vault_lock(v);
  return rc == AMANAT_OK;
}

static gboolean passwd_check(CrashOps *c, const char *dir, gpointer reference) {
  g_autofree char *copy = g_build_filename(c->f.tmp, "copy", NULL);
  copy_dir(dir, copy);
  gboolean old_opens = opens(copy, PW);
  if (old_opens) {
    g_autofree char *dump = vault_state_checked_dump(copy, PW, AMANAT_SPACE_DEFAULT);
    g_assert_cmpstr(dump, ==, c->real_dump);
  }
  rm_rf(copy);
  gboolean new_opens = opens(dir, NEW_PW);
  g_assert_true(old_opens || new_opens); /* never neither */
  if (!new_opens)
    return FALSE;
  g_autofree char *dump = vault_state_checked_dump(dir, NEW_PW, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(dump, ==, c->real_dump);
  /* The new password's unlock retired the old slot, if it was still there. */
  g_assert_false(opens(dir, PW));
  passwd_both += old_opens;
  return TRUE;
}

/* ---- duress set -------------------------------------------------------------------- */

static void duress_args(CrashOps *c, const char *dir, const char *argv[8]) {
  const char *args[] = {"--vault", dir, "duress", "set", NULL};
  memcpy(argv, args, sizeof args);
}

static gboolean duress_check(CrashOps *c, const char *dir, gpointer reference) {
  g_autofree char *copy = g_build_filename(c->f.tmp, "copy", NULL);
  copy_dir(dir, copy);
  g_autofree char *real = vault_state_checked_dump(dir, PW, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(real, ==, c->real_dump);
  /* On the copy: a duress unlock wipes the real space. */
  gboolean set = opens(copy, DURESS);
  if (set) {
    g_autofree char *decoy = vault_state_checked_dump(copy, DURESS, AMANAT_SPACE_DEFAULT);
    g_assert_cmpstr(decoy, ==, c->decoy_dump);
    g_assert_false(opens(copy, PW));
  }
  rm_rf(copy);
  return set;
}

/* ---- restore ----------------------------------------------------------------------- */

static guint restore_leftovers; /* runs that left a hidden staging folder */

static void restore_args(CrashOps *c, const char *dir, const char *argv[8]) {
  const char *args[] = {"restore", c->backup, "--vault", dir, "--kdf", "interactive", NULL};
  memcpy(argv, args, sizeof args);
}

/* The restored vault, or nothing at `dir`. */
static gboolean restore_check(CrashOps *c, const char *dir, gpointer reference) {
  if (!g_file_test(dir, G_FILE_TEST_EXISTS))
    return FALSE;
  g_autofree char *real = vault_state_checked_dump(dir, NEW_PW, AMANAT_SPACE_DEFAULT);
  g_assert_cmpstr(real, ==, c->real_dump);
  g_autofree char *decoy = vault_state_checked_dump(dir, NEW_PW, AMANAT_SPACE_DECOY);
  g_assert_cmpstr(decoy, ==, c->decoy_dump);
  return TRUE;
}

/* The hidden staging folders beside the target (FORMAT.md §Temporary files). */
static GPtrArray *staging_folders(CrashOps *c) {
  g_autoptr(GDir) d = g_dir_open(c->f.tmp, 0, NULL);
  g_assert_nonnull(d);
  GPtrArray *staging = g_ptr_array_new_with_free_func(g_free);
  for (const char *name; (name = g_dir_read_name(d)) != NULL;)
    if (g_str_has_prefix(name, ".amanat-new-"))
      g_ptr_array_add(staging, g_build_filename(c->f.tmp, name, NULL));
  return staging;
}

/* A killed restore may leave its staging folder: encrypted, so no marker is in it, and
 * removed by the next restore beside it — so there is never more than one. */
static void restore_clean(CrashOps *c, const char *dir) {
  g_autoptr(GPtrArray) staging = staging_folders(c);
  g_assert_cmpuint(staging->len, <=, 1);
  for (guint i = 0; i < staging->len; i++) {
    g_autoptr(MarkerScan) scan = marker_scan_new(c->markers);
    marker_scan_tree(scan, staging->pdata[i]);
    g_assert_cmpstr(marker_scan_report(scan), ==, "");
    restore_leftovers++;
  }
}

/* After the killed runs, one complete restore leaves no staging folder at all. */
static void restore_finish(CrashOps *c, const char *dir) {
  run_killed(
      c, PASSPHRASE "\n" NEW_PW "\n" NEW_PW "\n", 0,
      (const char *const[]){"restore", c->backup, "--vault", dir, "--kdf", "interactive", NULL});
  g_autoptr(GPtrArray) staging = staging_folders(c);
  g_assert_cmpuint(staging->len, ==, 0);
  g_assert_true(restore_check(c, dir, NULL));
  rm_rf(dir);
}

/* ---- the tests --------------------------------------------------------------------- */

static const Op ops[] = {
    {.name = "add",
     .input = PW "\n",
     .args = add_args,
     .check = add_check,
     .reference = dump_reference},
    {.name = "rm",
     .input = PW "\n",
     .args = rm_args,
     .check = dump_is_before_or_after,
     .reference = dump_reference},
    {.name = "compact",
     .input = PW "\n",
     .args = compact_args,
     .check = compact_check,
     .reference = packs_reference},
    {.name = "passwd",
     .input = PW "\n" NEW_PW "\n" NEW_PW "\n",
     .args = passwd_args,
     .check = passwd_check,
     .reference = empty_reference},
    {.name = "duress-set",
     .input = PW "\n" DURESS "\n" DURESS "\n",
     .args = duress_args,
     .check = duress_check,
     .reference = empty_reference},
    {.name = "restore",
     .input = PASSPHRASE "\n" NEW_PW "\n" NEW_PW "\n",
     .args = restore_args,
     .check = restore_check,
     .reference = empty_reference,
     .clean = restore_clean,
     .makes_vault = TRUE,
     .finish = restore_finish},
};

static void test_op(CrashOps *c, gconstpointer data) {
  const Op *op = data;
  run_op(c, op);
  if (op->check == passwd_check)
    g_test_message("passwd: %u runs left both passwords working", passwd_both);
  if (op->check == restore_check)
    g_test_message("restore: %u runs left a staging folder (no marker in any; each removed "
                   "by the next restore)",
                   restore_leftovers);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  for (gsize i = 0; i < G_N_ELEMENTS(ops); i++) {
    g_autofree char *path = g_strdup_printf("/crash-ops/%s", ops[i].name);
    g_test_add(path, CrashOps, &ops[i], setup, test_op, teardown);
  }
  return g_test_run();
}
