/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-leak.c: nothing the user puts into the vault reaches the disk in plaintext. Random
 * markers go into file names and contents, titles, notes, contacts and tags; amanat-cli adds,
 * lists, shows, searches, exports, deletes and compacts with every home, data, config, cache,
 * state, runtime and temporary folder inside the test's own folder; then every byte of every
 * file (and every file name) there is scanned for the markers in UTF-8, UTF-16LE and
 * UTF-16BE, ignoring case. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "amanat.h"
#include "cli-run.h"
#include "marker-scan.h"
#include "sealed-home.h"

#define PW "lantern orbit maple thimble"

/* Where each marker is put. */
typedef enum {
  M_FILE_NAME_TEXT,
  M_FILE_NAME_BINARY,
  M_FILE_NAME_DELETED,
  M_CONTENT_TEXT,
  M_CONTENT_BINARY,
  M_CONTENT_BINARY_UTF16,
  M_CONTENT_DELETED,
  M_TITLE,
  M_TAG_ON_ADD,
  M_TAG_ADDED_LATER,
  M_NOTE_TITLE,
  M_NOTE_TEXT,
  M_CONTACT_NAME,
  M_FIELD,
  M_SENSITIVE_FIELD,
  M_CONTACT_DELETED,
  M_COUNT
} MarkerPlace;

static const char *const place_names[M_COUNT] = {
    "file name (text)",    "file name (binary)",
    "file name (deleted)", "text content",
    "binary content",      "binary content as UTF-16",
    "deleted content",     "title",
    "tag given to add",    "tag added later",
    "note title",          "note text",
    "contact name",        "contact field",
    "sensitive field",     "deleted contact",
};

typedef struct {
  Fixture fixture;
  MarkerSet *markers; /* one per place */
  SealedHome sealed;
  char *sources;
  const char *home; /* sealed.home */
  GStrv env;        /* sealed.env */
} Leak;

/* ---- running amanat-cli in the sealed-off environment ---------------------------------- */

static CliResult *run_in(Leak *l, const char *rest, gsize rest_len, const char *const *args) {
  g_autoptr(GByteArray) input = g_byte_array_new();
  g_byte_array_append(input, (const guint8 *)PW "\n", strlen(PW) + 1);
  if (rest != NULL)
    g_byte_array_append(input, (const guint8 *)rest, rest_len != 0 ? rest_len : strlen(rest));
  CliRunOptions options = {.input = (const char *)input->data,
                           .input_len = input->len,
                           .no_vault = TRUE,
                           .env = (const char *const *)l->env};
  return cli_run_full(&l->fixture, &options, args);
}

#define run(l, rest, ...) run_in((l), (rest), 0, (const char *const[]){__VA_ARGS__, NULL})

static void assert_ok(CliResult *r) {
  assert_status(r, 0);
}

static void setup_env(Leak *l) {
  sealed_home_init(&l->sealed, l->fixture.tmp);
  l->home = l->sealed.home;
  l->env = l->sealed.env;
  l->sources = g_build_filename(l->fixture.tmp, "sources", NULL);
  g_assert_cmpint(g_mkdir_with_parents(l->sources, 0700), ==, 0);
}

static char *write_source(Leak *l, const char *name, const void *data, gsize len) {
  char *path = g_build_filename(l->sources, name, NULL);
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, data, (gssize)len, &error);
  g_assert_no_error(error);
  return path;
}

/* A binary-ish file: noise, a marker in UTF-8 and another in UTF-16LE among NUL bytes. */
static GBytes *binary_content(Leak *l) {
  g_autoptr(GByteArray) bytes = g_byte_array_new();
  g_byte_array_append(bytes, (const guint8 *)"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  for (int i = 0; i < 3000; i++) {
    guint8 b = (guint8)g_random_int_range(0, 256);
    g_byte_array_append(bytes, &b, 1);
  }
  const char *m = marker_set_get(l->markers, M_CONTENT_BINARY);
  g_byte_array_append(bytes, (const guint8 *)m, strlen(m));
  g_byte_array_append(bytes, (const guint8 *)"\0\0", 2);
  g_autoptr(GBytes) wide =
      marker_encode(marker_set_get(l->markers, M_CONTENT_BINARY_UTF16), MARKER_UTF16LE);
  g_byte_array_append(bytes, g_bytes_get_data(wide, NULL), g_bytes_get_size(wide));
  for (int i = 0; i < 500; i++) {
    guint8 b = (guint8)g_random_int_range(0, 256);
    g_byte_array_append(bytes, &b, 1);
  }
  return g_byte_array_free_to_bytes(g_steal_pointer(&bytes));
}

static char *first_line(const char *out) {
  return g_strndup(out, strcspn(out, "\n"));
}

/* ---- the test ------------------------------------------------------------------------- */

static void test_no_plaintext_on_disk(Leak *l, gconstpointer data) {
  l->markers = marker_set_new(place_names, M_COUNT);
  setup_env(l);
  const char *M[M_COUNT];
  for (int m = 0; m < M_COUNT; m++)
    M[m] = marker_set_get(l->markers, m);

  /* Sources, kept outside what the final scan sees until they are deleted. */
  g_autofree char *text_name = g_strdup_printf("report-%s.txt", M[M_FILE_NAME_TEXT]);
  g_autofree char *text =
      g_strdup_printf("The convoy left at dawn. Source: %s.\nEnd.\n", M[M_CONTENT_TEXT]);
  g_autofree char *text_path = write_source(l, text_name, text, strlen(text));
  g_autofree char *bin_name = g_strdup_printf("%s.bin", M[M_FILE_NAME_BINARY]);
  g_autoptr(GBytes) bin = binary_content(l);
  g_autofree char *bin_path =
      write_source(l, bin_name, g_bytes_get_data(bin, NULL), g_bytes_get_size(bin));
  g_autofree char *doomed_name = g_strdup_printf("%s.txt", M[M_FILE_NAME_DELETED]);
  g_autofree char *doomed = g_strdup_printf("to be deleted: %s\n", M[M_CONTENT_DELETED]);
  g_autofree char *doomed_path = write_source(l, doomed_name, doomed, strlen(doomed));
  /* Every marker in every encoding, for the scanner's positive control. */
  g_autoptr(GBytes) control = marker_set_control_bytes(l->markers);
  g_free(
      write_source(l, "control.bin", g_bytes_get_data(control, NULL), g_bytes_get_size(control)));

  g_autofree char *init_input = twice(PW);
  CliRunOptions init_options = {
      .input = init_input, .no_vault = TRUE, .env = (const char *const *)l->env};
  g_autoptr(CliResult) init = cli_run_full(
      &l->fixture, &init_options, (const char *const[]){"init", "--kdf", "interactive", NULL});
  assert_ok(init);
  g_autofree char *vault = g_build_filename(l->home, ".local", "share", "amanat", NULL);
  g_assert_true(g_file_test(vault, G_FILE_TEST_IS_DIR));

  /* add, with a tag; then a title of its own; then a tag added later. */
  g_autoptr(CliResult) added =
      run(l, NULL, "add", text_path, bin_path, doomed_path, "--tag", M[M_TAG_ON_ADD]);
  assert_ok(added);
  g_auto(GStrv) ids = g_strsplit(g_strchomp(added->out), "\n", -1);
  g_assert_cmpuint(g_strv_length(ids), ==, 3);
  g_autofree char *titled_input = g_strdup_printf("%s\n%s", M[M_TITLE], "short body\n");
  g_autoptr(CliResult) titled = run(l, titled_input, "add", "--title", "-", "-");
  assert_ok(titled);
  g_autofree char *tag_change = g_strdup_printf("+%s", M[M_TAG_ADDED_LATER]);
  g_autoptr(CliResult) tagged = run(l, NULL, "tag", ids[0], tag_change);
  assert_ok(tagged);

  /* A note, and contacts: values through standard input and through arguments. */
  g_autofree char *note_text =
      g_strdup_printf("Meeting moved.\nAsk for %s at the door.\n", M[M_NOTE_TEXT]);
  g_autoptr(CliResult) note =
      run(l, note_text, "note", "add", "--title", M[M_NOTE_TITLE], "--file", "-");
  assert_ok(note);
  g_autofree char *field = g_strdup_printf("City=%s", M[M_FIELD]);
  g_autofree char *contact_input =
      g_strdup_printf("%s\n%s\n", M[M_CONTACT_NAME], M[M_SENSITIVE_FIELD]);
  g_autoptr(CliResult) contact = run(l, contact_input, "contact", "add", "--name", "-", "--field",
                                     field, "--sensitive", "Signal=-");
  assert_ok(contact);
  g_autoptr(CliResult) contact2 = run(l, NULL, "contact", "add", "--name", M[M_CONTACT_DELETED]);
  assert_ok(contact2);
  g_autofree char *contact_id = first_line(contact->out);
  g_autofree char *contact2_id = first_line(contact2->out);

  /* Reading everything back. */
  const char *const *reads[] = {
      (const char *const[]){"ls", NULL},
      (const char *const[]){"ls", "--json", NULL},
      (const char *const[]){"ls", "--tag", M[M_TAG_ON_ADD], NULL},
      (const char *const[]){"show", ids[0], NULL},
      (const char *const[]){"show", ids[1], "--json", NULL},
      (const char *const[]){"contact", "ls", "--json", NULL},
      (const char *const[]){"contact", "show", contact_id, "--reveal", NULL},
      (const char *const[]){"contact", "show", contact_id, "--json", "--reveal", NULL},
      (const char *const[]){"search", M[M_CONTENT_TEXT], NULL},
      (const char *const[]){"search", "--json", M[M_NOTE_TITLE], NULL},
      (const char *const[]){"search", M[M_FIELD], NULL},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(reads); i++) {
    g_autoptr(CliResult) r = run_in(l, NULL, 0, reads[i]);
    assert_ok(r);
  }
  g_autoptr(CliResult) found = run(l, NULL, "search", M[M_CONTENT_TEXT]);
  g_assert_nonnull(strstr(found->out, ids[0]));
  g_autofree char *query = g_strdup_printf("%s\n", M[M_CONTACT_NAME]);
  g_autoptr(CliResult) by_name = run(l, query, "search", "-");
  assert_ok(by_name);
  g_assert_nonnull(strstr(by_name->out, contact_id));
  g_autoptr(CliResult) got = run(l, NULL, "get", ids[1], "-o", "-");
  assert_ok(got);
  g_assert_true(g_bytes_equal(got->out_bytes, bin));

  /* Deleting and compacting. */
  g_autoptr(CliResult) rm = run(l, NULL, "rm", ids[2]);
  assert_ok(rm);
  g_autoptr(CliResult) compact = run(l, NULL, "compact");
  assert_ok(compact);
  g_autoptr(CliResult) contact_rm = run(l, NULL, "contact", "rm", contact2_id);
  assert_ok(contact_rm);
  g_autoptr(CliResult) verify = run(l, NULL, "verify");
  assert_ok(verify);

  /* Positive control: the scanner finds the markers where they are in plaintext. */
  g_autoptr(MarkerScan) control_scan = marker_scan_new(l->markers);
  marker_scan_tree(control_scan, l->sources);
  for (int m = 0; m < M_COUNT; m++)
    for (int e = 0; e < MARKER_N_ENCODINGS; e++)
      g_assert_cmpuint(marker_scan_hits(control_scan, m, e), >, 0);
  /* name + control, content + control */
  g_assert_cmpuint(marker_scan_hits(control_scan, M_FILE_NAME_TEXT, MARKER_UTF8), >=, 2);
  g_assert_cmpuint(marker_scan_hits(control_scan, M_CONTENT_TEXT, MARKER_UTF8), >=, 2);
  g_assert_cmpuint(marker_scan_hits(control_scan, M_CONTENT_BINARY_UTF16, MARKER_UTF16LE), >=, 2);

  /* The sources go; nothing of the markers may remain anywhere. */
  rm_rf(l->sources);
  g_assert_false(g_file_test(l->sources, G_FILE_TEST_EXISTS));
  g_autoptr(MarkerScan) scan = marker_scan_new(l->markers);
  marker_scan_tree(scan, l->fixture.tmp);
  g_test_message("scanned %u files, %" G_GUINT64_FORMAT " bytes", marker_scan_files(scan),
                 marker_scan_bytes(scan));
  g_assert_cmpuint(marker_scan_files(scan), >=, 4); /* the header, the databases, a pack at least */
  if (marker_scan_report(scan)[0] != '\0')
    g_test_message("plaintext found on disk:\n%s", marker_scan_report(scan));
  g_assert_cmpstr(marker_scan_report(scan), ==, "");
}

static void leak_setup(Leak *l, gconstpointer data) {
  memset(l, 0, sizeof *l);
  fixture_setup(&l->fixture, data);
}

static void leak_teardown(Leak *l, gconstpointer data) {
  g_clear_pointer(&l->markers, marker_set_free);
  sealed_home_clear(&l->sealed);
  g_free(l->sources);
  fixture_teardown(&l->fixture, data);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  g_test_add("/cli/leak/no-plaintext-on-disk", Leak, NULL, leak_setup, test_no_plaintext_on_disk,
             leak_teardown);
  return g_test_run();
}
