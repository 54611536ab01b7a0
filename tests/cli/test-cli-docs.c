/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-docs.c: amanat-cli's document, note, contact and search commands end to end:
 * output (human and JSON), exit codes, values read from standard input, all-or-nothing. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amanat.h"
#include "cli-run.h"

#define PW "lantern orbit maple thimble"

/* ---- helpers ------------------------------------------------------------------------ */

static void make_vault(Fixture *f) {
  g_autofree char *input = twice(PW);
  g_autoptr(CliResult) r = cli_run(f, input, "init", "--kdf", "interactive");
  assert_status(r, 0);
}

/* Runs amanat-cli with the password, then `rest` (may be NULL), on standard input. */
static CliResult *run_with(Fixture *f, const char *rest, gsize rest_len, const char *const *args) {
  g_autoptr(GByteArray) input = g_byte_array_new();
  g_byte_array_append(input, (const guint8 *)PW "\n", strlen(PW) + 1);
  if (rest != NULL)
    g_byte_array_append(input, (const guint8 *)rest, rest_len != 0 ? rest_len : strlen(rest));
  return cli_run_full(
      f, &(CliRunOptions){.input = (const char *)input->data, .input_len = input->len}, args);
}

#define run_pw(f, rest, ...) run_with((f), (rest), 0, (const char *const[]){__VA_ARGS__, NULL})

/* A failure: exit 1, nothing on stdout, exactly the one given line on stderr. */
static void assert_failure(CliResult *r, const char *message) {
  assert_status(r, 1);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_cmpstr(r->err, ==, message);
}

/* A failure whose one line is not known exactly. */
static void assert_one_line_failure(CliResult *r) {
  assert_status(r, 1);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_cmpuint(strlen(r->err), >, 1);
  g_assert_cmpuint(strlen(r->err), ==, strcspn(r->err, "\n") + 1);
}

static void assert_usage_error(CliResult *r) {
  assert_status(r, 2);
  g_assert_nonnull(strstr(r->err, "Usage: amanat-cli"));
  g_assert_cmpstr(r->out, ==, "");
}

static char *source_path(Fixture *f, const char *name) {
  g_autofree char *dir = g_build_filename(f->tmp, "sources", NULL);
  g_mkdir_with_parents(dir, 0700);
  return g_build_filename(dir, name, NULL);
}

static char *write_source(Fixture *f, const char *name, const void *data, gssize len) {
  char *path = source_path(f, name);
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, data, len, &error);
  g_assert_no_error(error);
  return path;
}

static gboolean is_id(const char *text) {
  if (strlen(text) != AMANAT_ID_LEN)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit(*p) || g_ascii_isupper(*p))
      return FALSE;
  return TRUE;
}

/* The ids printed by add, one per line. */
static GStrv ids_of(CliResult *r) {
  g_autofree char *out = g_strdup(r->out);
  g_strchomp(out);
  GStrv ids = g_strsplit(out, "\n", -1);
  for (char **id = ids; *id != NULL; id++)
    g_assert_true(is_id(*id));
  return ids;
}

static char *add_one(Fixture *f, const char *path) {
  g_autoptr(CliResult) r = run_pw(f, NULL, "add", path);
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_auto(GStrv) ids = ids_of(r);
  g_assert_cmpuint(g_strv_length(ids), ==, 1);
  return g_strdup(ids[0]);
}

static JsonNode *parse_json(const char *text) {
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  json_parser_load_from_data(parser, text, -1, &error);
  g_assert_no_error(error);
  return json_node_copy(json_parser_get_root(parser));
}

/* Runs a listing command with --json and returns its top-level array. */
static JsonArray *json_array_of(CliResult *r) {
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_autoptr(JsonNode) root = parse_json(r->out);
  g_assert_true(JSON_NODE_HOLDS_ARRAY(root));
  return json_array_ref(json_node_get_array(root));
}

static JsonArray *ls_json(Fixture *f) {
  g_autoptr(CliResult) r = run_pw(f, NULL, "ls", "--json");
  return json_array_of(r);
}

static const char *member_string(JsonObject *object, const char *name) {
  JsonNode *node = json_object_get_member(object, name);
  g_assert_nonnull(node);
  g_assert_true(JSON_NODE_HOLDS_VALUE(node));
  g_assert_cmpint(json_node_get_value_type(node), ==, G_TYPE_STRING);
  return json_node_get_string(node);
}

/* The tags (or other string array) of an object, joined with commas. */
static char *member_strings(JsonObject *object, const char *name) {
  JsonNode *node = json_object_get_member(object, name);
  g_assert_nonnull(node);
  g_assert_true(JSON_NODE_HOLDS_ARRAY(node));
  JsonArray *array = json_node_get_array(node);
  g_autoptr(GString) joined = g_string_new(NULL);
  for (guint i = 0; i < json_array_get_length(array); i++) {
    JsonNode *item = json_array_get_element(array, i);
    g_assert_cmpint(json_node_get_value_type(item), ==, G_TYPE_STRING);
    if (i > 0)
      g_string_append_c(joined, ',');
    g_string_append(joined, json_node_get_string(item));
  }
  return g_string_free(g_steal_pointer(&joined), FALSE);
}

/* Checks every member a document object must have, with its type. */
static void assert_document_object(JsonObject *doc) {
  g_assert_true(is_id(member_string(doc, "id")));
  member_string(doc, "title");
  member_string(doc, "type");
  member_string(doc, "notes");
  const char *kind = member_string(doc, "kind");
  g_assert_true(g_str_equal(kind, "document") || g_str_equal(kind, "note"));
  g_assert_true(g_regex_match_simple("^\\d{4}-\\d{2}-\\d{2}$", member_string(doc, "added"), 0, 0));
  JsonNode *size = json_object_get_member(doc, "size");
  g_assert_nonnull(size);
  g_assert_cmpint(json_node_get_value_type(size), ==, G_TYPE_INT64);
  g_assert_cmpint(json_node_get_int(size), >=, 0);
  g_free(member_strings(doc, "tags"));
  g_free(member_strings(doc, "contacts"));
}

/* The document object with `id` in a listing, or NULL. */
static JsonObject *find_object(JsonArray *array, const char *id) {
  for (guint i = 0; i < json_array_get_length(array); i++) {
    JsonObject *object = json_array_get_object_element(array, i);
    if (g_str_equal(member_string(object, "id"), id))
      return object;
  }
  return NULL;
}

static GBytes *get_stdout(Fixture *f, const char *id) {
  g_autoptr(CliResult) r = run_pw(f, NULL, "get", id, "-o", "-");
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  return g_bytes_ref(r->out_bytes);
}

static void assert_bytes(GBytes *bytes, const void *data, gsize len) {
  g_assert_cmpmem(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), data, len);
}

/* A binary-ish payload with NUL bytes, invalid UTF-8 and a newline at the end. */
static const char BINARY[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe\0\x01 tail\n";
#define BINARY_LEN (sizeof BINARY - 1)

/* ---- add ------------------------------------------------------------------------------ */

static void test_add_one(Fixture *f, gconstpointer data) {
  make_vault(f);
  const char text[] = "Notes from the meeting.\n";
  g_autofree char *path = write_source(f, "meeting.txt", text, -1);
  g_autofree char *id = add_one(f, path);

  g_autoptr(JsonArray) docs = ls_json(f);
  g_assert_cmpuint(json_array_get_length(docs), ==, 1);
  JsonObject *doc = json_array_get_object_element(docs, 0);
  assert_document_object(doc);
  g_assert_cmpstr(member_string(doc, "id"), ==, id);
  g_assert_cmpstr(member_string(doc, "title"), ==, "meeting.txt");
  g_assert_cmpstr(member_string(doc, "type"), ==, "text/plain");
  g_assert_cmpstr(member_string(doc, "kind"), ==, "document");
  g_assert_cmpint(json_object_get_int_member(doc, "size"), ==, (gint64)strlen(text));
  g_autofree char *tags = member_strings(doc, "tags");
  g_assert_cmpstr(tags, ==, "");
}

static void test_add_several(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "a.txt", "alpha", -1);
  g_autofree char *b = write_source(f, "b.bin", BINARY, BINARY_LEN);
  g_autofree char *c = write_source(f, "c.txt", "gamma", -1);
  g_autoptr(CliResult) r = run_pw(f, NULL, "add", a, b, c, "--tag", "sources", "--tag=2024");
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_auto(GStrv) ids = ids_of(r);
  g_assert_cmpuint(g_strv_length(ids), ==, 3);

  /* Newest first, each with both tags, sizes as integers. */
  g_autoptr(JsonArray) docs = ls_json(f);
  g_assert_cmpuint(json_array_get_length(docs), ==, 3);
  const char *titles[] = {"c.txt", "b.bin", "a.txt"};
  const gint64 sizes[] = {5, BINARY_LEN, 5};
  for (guint i = 0; i < 3; i++) {
    JsonObject *doc = json_array_get_object_element(docs, i);
    assert_document_object(doc);
    g_assert_cmpstr(member_string(doc, "id"), ==, ids[2 - i]);
    g_assert_cmpstr(member_string(doc, "title"), ==, titles[i]);
    g_assert_cmpint(json_object_get_int_member(doc, "size"), ==, sizes[i]);
    g_autofree char *tags = member_strings(doc, "tags");
    g_assert_cmpstr(tags, ==, "2024,sources");
  }
  g_autoptr(GBytes) back = get_stdout(f, ids[1]);
  assert_bytes(back, BINARY, BINARY_LEN);

  /* ls --tag: only those with the tag; none is [] and status 0. */
  g_autofree char *d = write_source(f, "d.txt", "delta", -1);
  g_autofree char *d_id = add_one(f, d);
  g_autoptr(CliResult) tagged = run_pw(f, NULL, "ls", "--json", "--tag", "sources");
  g_autoptr(JsonArray) with_tag = json_array_of(tagged);
  g_assert_cmpuint(json_array_get_length(with_tag), ==, 3);
  g_assert_null(find_object(with_tag, d_id));
  g_autoptr(CliResult) none = run_pw(f, NULL, "ls", "--tag", "nothing-has-this", "--json");
  assert_status(none, 0);
  g_assert_cmpstr(none->out, ==, "[]\n");
}

static void test_add_stdin(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autoptr(CliResult) r = run_with(f, BINARY, BINARY_LEN, (const char *const[]){"add", "-", NULL});
  assert_status(r, 0);
  g_auto(GStrv) ids = ids_of(r);
  g_autoptr(GBytes) back = get_stdout(f, ids[0]);
  assert_bytes(back, BINARY, BINARY_LEN);
  g_autoptr(JsonArray) docs = ls_json(f);
  g_assert_cmpstr(member_string(json_array_get_object_element(docs, 0), "title"), ==, "");
  g_assert_cmpint(json_object_get_int_member(json_array_get_object_element(docs, 0), "size"), ==,
                  BINARY_LEN);

  /* --title - takes a line first; the rest is the content. */
  const char input[] = "Title from stdin\nthe content\nof two lines\n";
  g_autoptr(CliResult) titled = run_pw(f, input, "add", "--title", "-", "-");
  assert_status(titled, 0);
  g_auto(GStrv) titled_ids = ids_of(titled);
  g_autoptr(CliResult) show = run_pw(f, NULL, "show", titled_ids[0], "--json");
  assert_status(show, 0);
  g_autoptr(JsonNode) node = parse_json(show->out);
  g_assert_true(JSON_NODE_HOLDS_OBJECT(node));
  g_assert_cmpstr(member_string(json_node_get_object(node), "title"), ==, "Title from stdin");
  g_autoptr(GBytes) content = get_stdout(f, titled_ids[0]);
  assert_bytes(content, "the content\nof two lines\n", 25);

  /* Values in argument order: the tag's line, then the title's, then the content. */
  g_autoptr(CliResult) ordered =
      run_pw(f, "from-stdin\nSecond title\nbody", "add", "--tag", "-", "--title=-", "-");
  assert_status(ordered, 0);
  g_auto(GStrv) ordered_ids = ids_of(ordered);
  g_autoptr(CliResult) ordered_show = run_pw(f, NULL, "show", ordered_ids[0], "--json");
  g_autoptr(JsonNode) ordered_node = parse_json(ordered_show->out);
  g_assert_cmpstr(member_string(json_node_get_object(ordered_node), "title"), ==, "Second title");
  g_autofree char *ordered_tags = member_strings(json_node_get_object(ordered_node), "tags");
  g_assert_cmpstr(ordered_tags, ==, "from-stdin");
  g_autoptr(GBytes) ordered_content = get_stdout(f, ordered_ids[0]);
  assert_bytes(ordered_content, "body", 4);

  /* Standard input can be added only once. */
  g_autoptr(CliResult) twice_stdin = run_pw(f, "x", "add", "-", "-");
  assert_usage_error(twice_stdin);
}

static void test_add_title_and_names(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "source-ahmed-passport.jpg", "\xff\xd8\xff\xe0rest", 8);
  g_autofree char *b = write_source(f, "b.txt", "beta", -1);

  g_autoptr(CliResult) titled = run_pw(f, NULL, "add", a, "--title", "Passport scan");
  assert_status(titled, 0);
  g_autoptr(CliResult) two = run_pw(f, NULL, "add", a, b, "--title", "Both");
  assert_usage_error(two);

  g_autoptr(CliResult) unnamed = run_pw(f, NULL, "add", "--no-filename", a);
  assert_status(unnamed, 0);
  g_auto(GStrv) unnamed_id = ids_of(unnamed);

  g_autoptr(JsonArray) docs = ls_json(f);
  g_assert_cmpuint(json_array_get_length(docs), ==, 2);
  JsonObject *newest = json_array_get_object_element(docs, 0);
  g_assert_cmpstr(member_string(newest, "id"), ==, unnamed_id[0]);
  g_assert_cmpstr(member_string(newest, "title"), ==, "");
  g_assert_cmpstr(member_string(newest, "type"), ==, "image/jpeg");
  g_assert_cmpstr(member_string(json_array_get_object_element(docs, 1), "title"), ==,
                  "Passport scan");

  /* People see "(untitled)", and never the file name that was left out. */
  g_autoptr(CliResult) human = run_pw(f, NULL, "ls");
  assert_status(human, 0);
  g_assert_nonnull(strstr(human->out, "(untitled)"));
  g_assert_nonnull(strstr(human->out, "Passport scan"));
  g_assert_null(strstr(human->out, "ahmed"));
  g_assert_true(g_str_has_prefix(human->out, "ID "));
}

/* Every file is checked first: one that is not there means nothing is added. */
static void test_add_vanished(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "a.txt", "alpha", -1);
  g_autofree char *gone = source_path(f, "vanished.pdf");
  g_autoptr(CliResult) r = run_pw(f, NULL, "add", a, gone);
  g_autofree char *expected = g_strdup_printf(
      "“%s” could not be opened: No such file or directory. Nothing was added.\n", gone);
  assert_failure(r, expected);
  g_autoptr(CliResult) ls = run_pw(f, NULL, "ls", "--json");
  g_assert_cmpstr(ls->out, ==, "[]\n");

  g_autofree char *folder = source_path(f, "");
  g_autoptr(CliResult) dir = run_pw(f, NULL, "add", a, folder);
  assert_one_line_failure(dir);
  g_assert_nonnull(strstr(dir->err, "is a folder"));
}

/* A file that fails while it is imported, after others were added: those are taken out
 * again. /proc files claim a size of 0 but have content, so the core sees them change. */
static void test_add_rolls_back(Fixture *f, gconstpointer data) {
  if (!g_file_test("/proc/self/status", G_FILE_TEST_EXISTS)) {
    g_test_skip("no /proc");
    return;
  }
  make_vault(f);
  g_autofree char *a = write_source(f, "a.txt", "alpha", -1);
  g_autofree char *b = write_source(f, "b.txt", "beta", -1);
  g_autoptr(CliResult) r = run_pw(f, NULL, "add", a, b, "/proc/self/status");
  assert_failure(r, "“/proc/self/status” changed while it was being added. Nothing was added; "
                    "try again.\n");
  g_autoptr(CliResult) ls = run_pw(f, NULL, "ls", "--json");
  g_assert_cmpstr(ls->out, ==, "[]\n");
  g_autoptr(CliResult) verify = run_pw(f, NULL, "verify");
  assert_status(verify, 0);
}

/* No progress line when stderr is not a terminal, even for a large file. */
static void test_add_no_progress_in_pipe(Fixture *f, gconstpointer data) {
  make_vault(f);
  gsize len = 20u << 20;
  g_autofree char *big = g_malloc(len);
  for (gsize i = 0; i < len; i++)
    big[i] = (char)(i * 2654435761u >> 13);
  g_autofree char *path = write_source(f, "big.bin", big, (gssize)len);
  g_autoptr(CliResult) r = run_pw(f, NULL, "add", path);
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
}

/* ---- ls, show ------------------------------------------------------------------------- */

static void test_ls_empty(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autoptr(CliResult) r = run_pw(f, NULL, "ls", "--json");
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, "[]\n");
  g_assert_cmpstr(r->err, ==, "");
  g_autoptr(CliResult) human = run_pw(f, NULL, "ls");
  assert_status(human, 0);
  g_assert_cmpstr(human->err, ==, "");
}

static void test_ls_human(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *path = write_source(f, "report.txt", "the convoy left at dawn", -1);
  g_autoptr(CliResult) added = run_pw(f, NULL, "add", path, "--tag", "urgent");
  assert_status(added, 0);
  g_auto(GStrv) ids = ids_of(added);
  g_autoptr(CliResult) r = run_pw(f, NULL, "ls");
  assert_status(r, 0);
  g_auto(GStrv) lines = g_strsplit(r->out, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 3); /* heading, one row, "" after the last \n */
  g_assert_true(g_str_has_prefix(lines[1], ids[0]));
  g_assert_nonnull(strstr(lines[1], "text/plain"));
  g_assert_nonnull(strstr(lines[1], "23 bytes"));
  g_assert_nonnull(strstr(lines[1], "report.txt"));
  g_assert_nonnull(strstr(lines[1], "urgent"));
}

static void test_show(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *path = write_source(f, "report.txt", "the convoy left at dawn", -1);
  g_autofree char *id = add_one(f, path);
  g_autoptr(CliResult) json = run_pw(f, NULL, "show", id, "--json");
  assert_status(json, 0);
  g_autoptr(JsonNode) node = parse_json(json->out);
  g_assert_true(JSON_NODE_HOLDS_OBJECT(node));
  assert_document_object(json_node_get_object(node));
  g_assert_cmpstr(member_string(json_node_get_object(node), "id"), ==, id);

  /* The same object as in the listing. */
  g_autoptr(CliResult) ls = run_pw(f, NULL, "ls", "--json");
  g_autofree char *as_array = g_strdup_printf("[%s]\n", g_strchomp(json->out));
  g_assert_cmpstr(ls->out, ==, as_array);

  /* By a prefix; human output. */
  char prefix[7];
  g_strlcpy(prefix, id, sizeof prefix);
  g_autoptr(CliResult) human = run_pw(f, NULL, "show", prefix);
  assert_status(human, 0);
  g_assert_nonnull(strstr(human->out, id));
  g_assert_nonnull(strstr(human->out, "report.txt"));
  g_assert_nonnull(strstr(human->out, "text/plain"));
}

/* ---- get -------------------------------------------------------------------------------- */

static void test_get(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *path = write_source(f, "b.bin", BINARY, BINARY_LEN);
  g_autofree char *id = add_one(f, path);

  g_autofree char *out = g_build_filename(f->tmp, "restored.bin", NULL);
  g_autoptr(CliResult) r = run_pw(f, NULL, "get", id, "-o", out);
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_cmpstr(r->err, ==, "");
  g_autoptr(GBytes) saved = read_file(out);
  assert_bytes(saved, BINARY, BINARY_LEN);

  g_autoptr(GBytes) streamed = get_stdout(f, id);
  assert_bytes(streamed, BINARY, BINARY_LEN);

  /* An existing file is never overwritten. */
  g_autofree char *existing = write_source(f, "keep.txt", "keep me", -1);
  g_autoptr(CliResult) refused = run_pw(f, NULL, "get", id, "-o", existing);
  g_autofree char *expected = g_strdup_printf(
      "“%s” already exists. Nothing was overwritten; choose another name.\n", existing);
  assert_failure(refused, expected);
  g_autoptr(GBytes) kept = read_file(existing);
  assert_bytes(kept, "keep me", 7);

  /* A bare file name is saved in the current folder. */
  g_autoptr(CliResult) bare = cli_run_full(
      f, &(CliRunOptions){.input = PW "\n", .program = "/bin/sh"},
      (const char *const[]){"-c", "cd \"$2\" && exec \"$0\" --vault \"$1\" get \"$3\" -o copy.bin",
                            cli_path(), f->vault, f->tmp, id, NULL});
  assert_status(bare, 0);
  g_autofree char *copy = g_build_filename(f->tmp, "copy.bin", NULL);
  g_autoptr(GBytes) copied = read_file(copy);
  assert_bytes(copied, BINARY, BINARY_LEN);

  g_autoptr(CliResult) no_output = run_pw(f, NULL, "get", id);
  assert_usage_error(no_output);
}

/* ---- rm and ids ------------------------------------------------------------------------- */

static void test_rm(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "a.txt", "alpha", -1);
  g_autoptr(CliResult) added = run_pw(f, NULL, "add", a, a, a);
  g_auto(GStrv) ids = ids_of(added);

  /* One unknown id: exit 1 naming it, and nothing deleted. */
  g_autoptr(CliResult) refused = run_pw(f, NULL, "rm", ids[0], "ffffffffffff", ids[1]);
  assert_failure(refused, "No document has the ID “ffffffffffff”.\n");
  g_autoptr(JsonArray) all = ls_json(f);
  g_assert_cmpuint(json_array_get_length(all), ==, 3);

  g_autoptr(CliResult) r = run_pw(f, NULL, "rm", ids[0], ids[2]);
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, "Deleted 2 documents.\n");
  g_autoptr(JsonArray) left = ls_json(f);
  g_assert_cmpuint(json_array_get_length(left), ==, 1);
  g_assert_nonnull(find_object(left, ids[1]));
}

static void test_bad_ids(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "a.txt", "alpha", -1);
  g_autofree char *id = add_one(f, a);

  g_autoptr(CliResult) unknown = run_pw(f, NULL, "show", "abcdef012345");
  assert_failure(unknown, "No document has the ID “abcdef012345”.\n");
  g_autoptr(CliResult) get_unknown = run_pw(f, NULL, "get", "abcdef012345", "-o", "-");
  assert_failure(get_unknown, "No document has the ID “abcdef012345”.\n");
  const char *not_ids[] = {"ab", "xyz123", "12 4"};
  for (size_t i = 0; i < G_N_ELEMENTS(not_ids); i++) {
    g_autoptr(CliResult) r = run_pw(f, NULL, "show", not_ids[i]);
    assert_one_line_failure(r);
    g_assert_nonnull(strstr(r->err, "is not an ID"));
  }
  g_autoptr(CliResult) contact = run_pw(f, NULL, "contact", "show", "abcdef012345");
  assert_failure(contact, "No contact has the ID “abcdef012345”.\n");
  g_autoptr(CliResult) tag = run_pw(f, NULL, "tag", "abcdef012345", "+x");
  assert_failure(tag, "No document has the ID “abcdef012345”.\n");
}

/* Ids are random: add files until two share their first 4 digits. */
static void test_ambiguous_id(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *dir = source_path(f, "many");
  g_mkdir_with_parents(dir, 0700);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(args, g_strdup("add"));
  for (int i = 0; i < 500; i++)
    g_ptr_array_add(args, g_strdup_printf("%s/%d.txt", dir, i));
  for (guint i = 1; i < args->len; i++)
    g_assert_true(g_file_set_contents(args->pdata[i], "x", 1, NULL));
  g_ptr_array_add(args, NULL);

  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char *shared = NULL;
  for (int round = 0; round < 6 && shared == NULL; round++) {
    g_autoptr(CliResult) r = run_with(f, NULL, 0, (const char *const *)args->pdata);
    assert_status(r, 0);
    g_auto(GStrv) ids = ids_of(r);
    for (char **id = ids; *id != NULL && shared == NULL; id++) {
      char *prefix = g_strndup(*id, 4);
      if (!g_hash_table_add(seen, prefix))
        shared = g_strndup(*id, 4);
    }
  }
  g_assert_nonnull(shared);
  g_autoptr(CliResult) r = run_pw(f, NULL, "show", shared);
  g_autofree char *expected = g_strdup_printf(
      "More than one document has an ID that starts with “%s”. Type more of the ID.\n", shared);
  assert_failure(r, expected);
  g_autoptr(CliResult) rm = run_pw(f, NULL, "rm", shared);
  assert_failure(rm, expected);
  g_free(shared);
}

/* ---- tag -------------------------------------------------------------------------------- */

static void test_tag(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "a.txt", "alpha", -1);
  g_autoptr(CliResult) added = run_pw(f, NULL, "add", a, "--tag", "b", "--tag", "keep");
  g_auto(GStrv) ids = ids_of(added);
  g_autoptr(CliResult) r = run_pw(f, NULL, "tag", ids[0], "+a", "-b", "+urgent");
  assert_status(r, 0);
  g_autoptr(JsonArray) docs = ls_json(f);
  g_autofree char *tags = member_strings(json_array_get_object_element(docs, 0), "tags");
  g_assert_cmpstr(tags, ==, "a,keep,urgent");

  /* A change read from standard input. */
  g_autoptr(CliResult) from_stdin = run_pw(f, "-keep\n", "tag", ids[0], "-");
  assert_status(from_stdin, 0);
  g_autoptr(JsonArray) after = ls_json(f);
  g_autofree char *tags_after = member_strings(json_array_get_object_element(after, 0), "tags");
  g_assert_cmpstr(tags_after, ==, "a,urgent");

  g_autoptr(CliResult) nothing = run_pw(f, NULL, "tag", ids[0]);
  assert_usage_error(nothing);
  g_autoptr(CliResult) bare_plus = run_pw(f, NULL, "tag", ids[0], "+");
  assert_usage_error(bare_plus);
}

/* ---- notes ------------------------------------------------------------------------------ */

static void test_note_add(Fixture *f, gconstpointer data) {
  make_vault(f);
  const char text[] = "Call back on Tuesday.\nThe library, not the café.\n";
  g_autoptr(CliResult) r = run_pw(f, text, "note", "add", "--title", "Reminder", "--file", "-");
  assert_status(r, 0);
  g_auto(GStrv) ids = ids_of(r);
  g_autoptr(GBytes) back = get_stdout(f, ids[0]);
  assert_bytes(back, text, strlen(text));

  g_autofree char *path = write_source(f, "note.txt", "From a file: rendezvous", -1);
  g_autoptr(CliResult) from_file =
      run_pw(f, "Title from stdin\n", "note", "add", "--file", path, "--title", "-");
  assert_status(from_file, 0);
  g_auto(GStrv) file_ids = ids_of(from_file);

  g_autoptr(JsonArray) docs = ls_json(f);
  JsonObject *note = find_object(docs, file_ids[0]);
  g_assert_nonnull(note);
  g_assert_cmpstr(member_string(note, "kind"), ==, "note");
  g_assert_cmpstr(member_string(note, "title"), ==, "Title from stdin");
  g_assert_cmpstr(member_string(find_object(docs, ids[0]), "title"), ==, "Reminder");

  g_autoptr(CliResult) found = run_pw(f, NULL, "search", "rendezvous", "--json");
  g_autoptr(JsonArray) hits = json_array_of(found);
  g_assert_cmpuint(json_array_get_length(hits), ==, 1);
  g_assert_cmpstr(member_string(json_array_get_object_element(hits, 0), "kind"), ==, "note");

  /* Not UTF-8: refused, nothing added. */
  g_autoptr(CliResult) bad = run_pw(f, "abc\xff\xfe", "note", "add", "--title", "X", "--file", "-");
  assert_failure(bad, "The note’s text is not valid UTF-8 text. Nothing was added.\n");
  g_autoptr(JsonArray) same = ls_json(f);
  g_assert_cmpuint(json_array_get_length(same), ==, 2);

  /* Both from standard input: the title's line, then the text to the end. */
  g_autoptr(CliResult) both =
      run_pw(f, "Both\nline one\nline two", "note", "add", "--file", "-", "--title", "-");
  assert_status(both, 0);
  g_auto(GStrv) both_ids = ids_of(both);
  g_autoptr(GBytes) both_text = get_stdout(f, both_ids[0]);
  assert_bytes(both_text, "line one\nline two", 17);

  g_autoptr(CliResult) no_file = run_pw(f, NULL, "note", "add", "--title", "X");
  assert_usage_error(no_file);
}

/* ---- contacts --------------------------------------------------------------------------- */

#define SECRET "falcon.01-signal"

static char *add_contact(Fixture *f) {
  g_autoptr(CliResult) r =
      run_pw(f, "Falcon\n" SECRET "\n", "contact", "add", "--name", "-", "--field",
             "Phone=+1 555 0100", "--sensitive", "Signal=-", "--field", "City=Herat");
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_auto(GStrv) ids = ids_of(r);
  return g_strdup(ids[0]);
}

static JsonObject *field_named(JsonObject *contact, const char *label) {
  JsonArray *fields = json_object_get_array_member(contact, "fields");
  for (guint i = 0; i < json_array_get_length(fields); i++) {
    JsonObject *field = json_array_get_object_element(fields, i);
    if (g_str_equal(member_string(field, "label"), label))
      return field;
  }
  return NULL;
}

static void test_contact_add_show(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *id = add_contact(f);

  g_autoptr(CliResult) ls = run_pw(f, NULL, "contact", "ls");
  assert_status(ls, 0);
  g_assert_nonnull(strstr(ls->out, id));
  g_assert_nonnull(strstr(ls->out, "Falcon"));
  g_assert_null(strstr(ls->out, SECRET));

  g_autoptr(CliResult) ls_json_r = run_pw(f, NULL, "contact", "ls", "--json");
  g_assert_null(strstr(ls_json_r->out, SECRET));
  g_autoptr(JsonArray) contacts = json_array_of(ls_json_r);
  g_assert_cmpuint(json_array_get_length(contacts), ==, 1);
  JsonObject *listed = json_array_get_object_element(contacts, 0);
  g_assert_cmpstr(member_string(listed, "id"), ==, id);
  g_assert_cmpstr(member_string(listed, "name"), ==, "Falcon");
  member_string(listed, "added");
  member_string(listed, "notes");
  g_free(member_strings(listed, "tags"));
  g_free(member_strings(listed, "documents"));
  JsonObject *hidden = field_named(listed, "Signal");
  g_assert_nonnull(hidden);
  g_assert_true(json_node_is_null(json_object_get_member(hidden, "value")));
  g_assert_true(json_object_get_boolean_member(hidden, "hidden"));
  g_assert_true(json_object_get_boolean_member(hidden, "sensitive"));
  JsonObject *phone = field_named(listed, "Phone");
  g_assert_cmpstr(member_string(phone, "value"), ==, "+1 555 0100");
  g_assert_false(json_object_get_boolean_member(phone, "sensitive"));

  g_autoptr(CliResult) show = run_pw(f, NULL, "contact", "show", id);
  assert_status(show, 0);
  g_assert_null(strstr(show->out, SECRET));
  g_assert_nonnull(strstr(show->out, "(hidden — use --reveal)"));
  g_assert_nonnull(strstr(show->out, "Herat"));
  g_autoptr(CliResult) show_json = run_pw(f, NULL, "contact", "show", id, "--json");
  assert_status(show_json, 0);
  g_assert_null(strstr(show_json->out, SECRET));
  g_assert_true(g_str_has_prefix(show_json->out, "{"));

  g_autoptr(CliResult) revealed = run_pw(f, NULL, "contact", "show", id, "--reveal");
  assert_status(revealed, 0);
  g_assert_nonnull(strstr(revealed->out, SECRET));
  g_autoptr(CliResult) revealed_json = run_pw(f, NULL, "contact", "show", "--json", "--reveal", id);
  g_autoptr(JsonNode) node = parse_json(revealed_json->out);
  JsonObject *signal = field_named(json_node_get_object(node), "Signal");
  g_assert_cmpstr(member_string(signal, "value"), ==, SECRET);
  g_assert_false(json_object_get_boolean_member(signal, "hidden"));

  /* Standard input ended before a value: one line, nothing added. */
  g_autoptr(CliResult) short_input =
      run_pw(f, "Only a name\n", "contact", "add", "--name", "-", "--sensitive", "PIN=-");
  assert_failure(short_input, "Standard input ended before the value of --sensitive PIN.\n");
  g_autoptr(CliResult) bad_field = run_pw(f, NULL, "contact", "add", "--name", "X", "--field", "y");
  assert_usage_error(bad_field);
  g_autoptr(CliResult) no_name = run_pw(f, NULL, "contact", "add", "--field", "a=b");
  assert_usage_error(no_name);
  g_autoptr(CliResult) still_one = run_pw(f, NULL, "contact", "ls", "--json");
  g_autoptr(JsonArray) one = json_array_of(still_one);
  g_assert_cmpuint(json_array_get_length(one), ==, 1);
}

static void test_contact_edit_rm(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *id = add_contact(f);
  g_autoptr(CliResult) r = run_pw(f, "met at the\tlibrary\n", "contact", "edit", id, "--name",
                                  "Falcon (Herat)", "--field", "Phone=+1 555 0199", "--sensitive",
                                  "Email=f@example.org", "--remove", "City", "--notes", "-");
  assert_status(r, 0);
  g_autoptr(CliResult) show = run_pw(f, NULL, "contact", "show", id, "--json", "--reveal");
  g_autoptr(JsonNode) node = parse_json(show->out);
  JsonObject *contact = json_node_get_object(node);
  g_assert_cmpstr(member_string(contact, "name"), ==, "Falcon (Herat)");
  g_assert_cmpstr(member_string(contact, "notes"), ==, "met at the\tlibrary");
  g_assert_cmpstr(member_string(field_named(contact, "Phone"), "value"), ==, "+1 555 0199");
  g_assert_true(json_object_get_boolean_member(field_named(contact, "Email"), "sensitive"));
  g_assert_null(field_named(contact, "City"));
  g_assert_nonnull(field_named(contact, "Signal"));

  g_autoptr(CliResult) nothing = run_pw(f, NULL, "contact", "edit", id);
  assert_usage_error(nothing);

  /* Values from standard input come in argument order, whatever the options. */
  g_autoptr(CliResult) other =
      run_pw(f, "1234\nHeron\n", "contact", "add", "--sensitive", "PIN=-", "--name", "-");
  assert_status(other, 0);
  g_auto(GStrv) other_id = ids_of(other);
  g_autoptr(CliResult) other_show =
      run_pw(f, NULL, "contact", "show", other_id[0], "--json", "--reveal");
  g_autoptr(JsonNode) other_node = parse_json(other_show->out);
  g_assert_cmpstr(member_string(json_node_get_object(other_node), "name"), ==, "Heron");
  g_assert_cmpstr(member_string(field_named(json_node_get_object(other_node), "PIN"), "value"), ==,
                  "1234");
  g_autoptr(CliResult) refused = run_pw(f, NULL, "contact", "rm", id, "abcdef012345");
  assert_failure(refused, "No contact has the ID “abcdef012345”.\n");
  g_autoptr(CliResult) kept = run_pw(f, NULL, "contact", "ls", "--json");
  g_autoptr(JsonArray) both = json_array_of(kept);
  g_assert_cmpuint(json_array_get_length(both), ==, 2);

  g_autoptr(CliResult) rm = run_pw(f, NULL, "contact", "rm", id, other_id[0]);
  assert_status(rm, 0);
  g_assert_cmpstr(rm->out, ==, "Deleted 2 contacts.\n");
  g_autoptr(CliResult) empty = run_pw(f, NULL, "contact", "ls", "--json");
  g_assert_cmpstr(empty->out, ==, "[]\n");
}

/* ---- search ----------------------------------------------------------------------------- */

static void test_search(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *path =
      write_source(f, "report.txt", "Report: the convoy left Kabul at dawn.", -1);
  g_autoptr(CliResult) added = run_pw(f, NULL, "add", path, "--title", "Convoy summary");
  g_auto(GStrv) doc = ids_of(added);
  g_autofree char *contact = add_contact(f);

  g_autoptr(CliResult) human = run_pw(f, NULL, "search", "kabul");
  assert_status(human, 0);
  g_autofree char *expected_line = g_strdup_printf("document  %s  Convoy summary\n", doc[0]);
  g_assert_cmpstr(human->out, ==, expected_line);

  g_autoptr(CliResult) json = run_pw(f, NULL, "search", "--json", "herat");
  g_autoptr(JsonArray) hits = json_array_of(json);
  g_assert_cmpuint(json_array_get_length(hits), ==, 1);
  JsonObject *hit = json_array_get_object_element(hits, 0);
  g_assert_cmpstr(member_string(hit, "id"), ==, contact);
  g_assert_cmpstr(member_string(hit, "kind"), ==, "contact");
  g_assert_cmpstr(member_string(hit, "title"), ==, "Falcon");

  /* The query from standard input, so it stays out of the process list. */
  g_autoptr(CliResult) from_stdin = run_pw(f, "convoy summ\n", "search", "-", "--json");
  g_autoptr(JsonArray) stdin_hits = json_array_of(from_stdin);
  g_assert_cmpuint(json_array_get_length(stdin_hits), ==, 1);
  g_assert_cmpstr(member_string(json_array_get_object_element(stdin_hits, 0), "id"), ==, doc[0]);

  g_autoptr(CliResult) none = run_pw(f, NULL, "search", "nothing-like-this", "--json");
  assert_status(none, 0);
  g_assert_cmpstr(none->out, ==, "[]\n");
  g_autoptr(CliResult) none_human = run_pw(f, NULL, "search", "nothing-like-this");
  assert_status(none_human, 0);
  g_assert_cmpstr(none_human->out, ==, "");

  g_autoptr(CliResult) no_words = run_pw(f, NULL, "search", "  ...  ");
  assert_failure(no_words, "The search has no words to look for. Type a word or a name.\n");
  g_autoptr(CliResult) no_query = run_pw(f, NULL, "search");
  assert_usage_error(no_query);
}

/* ---- compact, verify --------------------------------------------------------------------- */

static void test_compact(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "a.bin", BINARY, BINARY_LEN);
  g_autoptr(CliResult) added = run_pw(f, NULL, "add", a, a, a);
  g_auto(GStrv) ids = ids_of(added);
  g_autoptr(CliResult) rm = run_pw(f, NULL, "rm", ids[0], ids[1]);
  assert_status(rm, 0);
  g_autoptr(CliResult) r = run_pw(f, NULL, "compact");
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_autoptr(GBytes) back = get_stdout(f, ids[2]);
  assert_bytes(back, BINARY, BINARY_LEN);
  g_autoptr(CliResult) verify = run_pw(f, NULL, "verify");
  assert_status(verify, 0);
  g_autoptr(CliResult) extra = run_pw(f, NULL, "compact", "now");
  assert_usage_error(extra);
}

static void test_verify_damaged_document(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "a.bin", "first document", -1);
  g_autofree char *id = add_one(f, a);
  g_autofree char *packs = g_build_filename(f->vault, "packs", NULL);
  g_autoptr(GDir) dir = g_dir_open(packs, 0, NULL);
  g_assert_nonnull(dir);
  const char *name = g_dir_read_name(dir);
  g_assert_nonnull(name);
  g_autofree char *pack = g_build_filename(packs, name, NULL);
  flip_byte(pack, 40, 0x01);

  g_autoptr(CliResult) r = run_pw(f, NULL, "verify");
  g_autofree char *expected = g_strdup_printf("Document %s is damaged.\n", id);
  assert_failure(r, expected);

  g_autofree char *out = g_build_filename(f->tmp, "restored.bin", NULL);
  g_autoptr(CliResult) get = run_pw(f, NULL, "get", id, "-o", out);
  g_autofree char *named = g_strdup_printf("Document %s is damaged: its data failed the integrity "
                                           "check. Other documents are not affected.\n",
                                           id);
  assert_failure(get, named);
  g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
}

/* ---- usage errors, spaces ------------------------------------------------------------------ */

static void test_usage_errors(Fixture *f, gconstpointer data) {
  make_vault(f);
  const char *const cases[][8] = {
      {"add", NULL},
      {"add", "--frobnicate", "x", NULL},
      {"add", "--title", NULL},
      {"add", "a", "b", "--title", "T", NULL},
      {"ls", "extra", NULL},
      {"ls", "--tag", NULL},
      {"show", NULL},
      {"show", "abcd", "abce", NULL},
      {"get", "abcd", NULL},
      {"get", "abcd", "-o", NULL},
      {"rm", NULL},
      {"tag", NULL},
      {"tag", "abcd", NULL},
      {"note", NULL},
      {"note", "add", "--file", "-", NULL},
      {"note", "rm", NULL},
      {"contact", NULL},
      {"contact", "frobnicate", NULL},
      {"contact", "add", NULL},
      {"contact", "add", "--name", "X", "--notes", "n", NULL},
      {"contact", "add", "--name", "X", "--name", "Y", NULL},
      {"contact", "edit", "abcd", NULL},
      {"contact", "edit", "--name", "X", NULL},
      {"contact", "show", NULL},
      {"contact", "ls", "--reveal", NULL},
      {"contact", "rm", NULL},
      {"search", NULL},
      {"search", "--frobnicate", "x", NULL},
      {"compact", "--json", NULL},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("case %zu: %s", i, cases[i][0]);
    g_autoptr(CliResult) r = run_with(f, NULL, 0, cases[i]);
    assert_usage_error(r);
  }
}

static void test_space_decoy(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "real.txt", "in the real space", -1);
  g_autofree char *b = write_source(f, "decoy.txt", "in the decoy", -1);
  g_autofree char *real_id = add_one(f, a);
  g_autoptr(CliResult) decoy_add = run_pw(f, NULL, "--space", "decoy", "add", b);
  assert_status(decoy_add, 0);
  g_auto(GStrv) decoy_id = ids_of(decoy_add);

  g_autoptr(JsonArray) real = ls_json(f);
  g_assert_cmpuint(json_array_get_length(real), ==, 1);
  g_assert_nonnull(find_object(real, real_id));
  g_autoptr(CliResult) decoy_ls = run_pw(f, NULL, "--space", "decoy", "ls", "--json");
  g_autoptr(JsonArray) decoy = json_array_of(decoy_ls);
  g_assert_cmpuint(json_array_get_length(decoy), ==, 1);
  g_assert_nonnull(find_object(decoy, decoy_id[0]));

  g_autoptr(CliResult) cross = run_pw(f, NULL, "--space=decoy", "get", real_id, "-o", "-");
  g_autofree char *expected = g_strdup_printf("No document has the ID “%s”.\n", real_id);
  assert_failure(cross, expected);
  g_autoptr(CliResult) decoy_search = run_pw(f, NULL, "--space", "decoy", "search", "real");
  assert_status(decoy_search, 0);
  g_assert_cmpstr(decoy_search->out, ==, "");
}

/* Every command unlocks first: a wrong password is exit status 3 and changes nothing. */
static void test_wrong_password(Fixture *f, gconstpointer data) {
  make_vault(f);
  g_autofree char *a = write_source(f, "a.txt", "alpha", -1);
  const char *const cases[][7] = {
      {"add", a, NULL},
      {"ls", "--json", NULL},
      {"note", "add", "--title", "T", "--file", a},
      {"contact", "add", "--name", "X", NULL},
      {"search", "alpha", NULL},
      {"compact", NULL},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(CliResult) r =
        cli_run_full(f, &(CliRunOptions){.input = "not the password\n"}, cases[i]);
    assert_status(r, 3);
    g_assert_cmpstr(r->out, ==, "");
    g_assert_cmpstr(r->err, ==, "Wrong password.\n");
  }
  g_autoptr(CliResult) ls = run_pw(f, NULL, "ls", "--json");
  g_assert_cmpstr(ls->out, ==, "[]\n");
  g_autoptr(CliResult) contacts = run_pw(f, NULL, "contact", "ls", "--json");
  g_assert_cmpstr(contacts->out, ==, "[]\n");
}

static void test_help_lists_commands(Fixture *f, gconstpointer data) {
  g_autoptr(CliResult) r =
      cli_run_full(f, &(CliRunOptions){.no_vault = TRUE}, (const char *const[]){"--help", NULL});
  assert_status(r, 0);
  const char *commands[] = {"  add FILE...",     "  ls ",
                            "  show ID",         "  get ID -o PATH|-",
                            "  rm ID...",        "  tag ID ",
                            "  note add ",       "  contact add ",
                            "  contact ls",      "  contact show ID",
                            "  contact edit ID", "  contact rm ID...",
                            "  search QUERY",    "  compact"};
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    g_assert_nonnull(strstr(r->out, commands[i]));
  g_autoptr(CliResult) sub = run_pw(f, NULL, "contact", "show", "--help");
  assert_status(sub, 0);
  g_assert_true(g_str_has_prefix(sub->out, "Usage: amanat-cli [OPTIONS] contact show ID"));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);

#define ADD(path, func)                                                                            \
  g_test_add("/cli-docs/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD("add/one", test_add_one);
  ADD("add/several", test_add_several);
  ADD("add/stdin", test_add_stdin);
  ADD("add/title-and-names", test_add_title_and_names);
  ADD("add/vanished", test_add_vanished);
  ADD("add/rolls-back", test_add_rolls_back);
  ADD("add/no-progress-in-pipe", test_add_no_progress_in_pipe);
  ADD("ls/empty", test_ls_empty);
  ADD("ls/human", test_ls_human);
  ADD("show", test_show);
  ADD("get", test_get);
  ADD("rm", test_rm);
  ADD("ids/bad", test_bad_ids);
  ADD("ids/ambiguous", test_ambiguous_id);
  ADD("tag", test_tag);
  ADD("note/add", test_note_add);
  ADD("contact/add-show", test_contact_add_show);
  ADD("contact/edit-rm", test_contact_edit_rm);
  ADD("search", test_search);
  ADD("compact", test_compact);
  ADD("verify/damaged-document", test_verify_damaged_document);
  ADD("usage-errors", test_usage_errors);
  ADD("space-decoy", test_space_decoy);
  ADD("wrong-password", test_wrong_password);
  ADD("help", test_help_lists_commands);
#undef ADD
  return g_test_run();
}
