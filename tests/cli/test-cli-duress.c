/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-duress.c: amanat-cli's duress and panic commands end to end: duress set and clear,
 * wipe (with --yes, at a terminal, --keep-decoy) and wipe-after. A duress unlock opens the
 * decoy, kills the real password and leaves no trace of the real space anywhere near the
 * vault; every command then works on the decoy with output of the same shape as in a normal
 * vault. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "amanat.h"
#include "cli-run.h"

#define PW      "lantern orbit maple thimble"
#define PW2     "saffron kettle morning atlas"
#define DURESS  "harbour violet canvas pebble"
#define DURESS2 "copper meadow lantern drift"
#define DURESS3 "granite whistle autumn ferry"

#define MSG_WRONG_PASSWORD "Wrong password.\n"
#define MSG_NOT_A_VAULT    "This folder is not an Amanat vault.\n"
#define MSG_IN_USE         "That password already opens this vault. Choose another one.\n"
#define MSG_MISMATCH       "The passwords do not match. Nothing was changed.\n"
#define MSG_WIPED          "This vault has been wiped. Nothing in it can be opened any more.\n"
#define OUT_SET_WIPE                                                                               \
  "Duress password set. Typing it instead of your password opens the decoy and destroys the "      \
  "real space.\n"
#define OUT_SET_DECOY_ONLY                                                                         \
  "Duress password set. Typing it instead of your password opens the decoy; nothing is "           \
  "destroyed.\n"
#define OUT_WIPED    "The vault was wiped. It cannot be opened again.\n"
#define OUT_KEPT     "The real space was destroyed. Your password now opens the decoy.\n"
#define OUT_NO_DOCS  "The vault holds no documents yet.\n"
#define OUT_CLEARED  "Every duress password was removed.\n"
#define WIPE_ABORTED "Nothing was wiped.\n"

/* The test's folder (the vault's parent, which is scanned) and, outside it, the folder the
 * source files are added from. */
typedef struct {
  Fixture f;
  char *sources;
} Duress;

static void duress_setup(Duress *d, gconstpointer data) {
  fixture_setup(&d->f, data);
  d->sources = g_strconcat(d->f.tmp, "-sources", NULL);
  g_assert_cmpint(g_mkdir(d->sources, 0700), ==, 0);
}

static void duress_teardown(Duress *d, gconstpointer data) {
  rm_rf(d->sources);
  g_free(d->sources);
  fixture_teardown(&d->f, data);
}

/* ---- helpers ------------------------------------------------------------------------ */

static void make_vault(Fixture *f) {
  g_autofree char *input = twice(PW);
  g_autoptr(CliResult) r = cli_run(f, input, "init", "--kdf", "interactive");
  assert_status(r, 0);
}

/* Runs amanat-cli with `input` (NULL: none) on standard input. */
#define run_in(f, text, ...)                                                                       \
  cli_run_full((f), &(CliRunOptions){.input = (text)}, (const char *const[]){__VA_ARGS__, NULL})

/* With one password line and nothing else on standard input. */
static CliResult *run_as_v(Fixture *f, const char *password, const char *const *args) {
  g_autofree char *input = g_strconcat(password, "\n", NULL);
  return cli_run_full(f, &(CliRunOptions){.input = input}, args);
}
#define run_as(f, password, ...) run_as_v((f), (password), (const char *const[]){__VA_ARGS__, NULL})

static void assert_failure(CliResult *r, int status, const char *message) {
  assert_status(r, status);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_cmpstr(r->err, ==, message);
}

static void assert_usage_error(CliResult *r) {
  assert_status(r, 2);
  g_assert_nonnull(strstr(r->err, "Usage: amanat-cli"));
  g_assert_cmpstr(r->out, ==, "");
}

static char *write_source(Duress *d, const char *name, const char *text) {
  char *path = g_build_filename(d->sources, name, NULL);
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, text, -1, &error);
  g_assert_no_error(error);
  return path;
}

/* Adds a file with `password` (to the decoy with --space decoy when `decoy`); returns the id. */
static char *add_file(Duress *d, const char *password, gboolean decoy, const char *name,
                      const char *text) {
  g_autofree char *path = write_source(d, name, text);
  g_autoptr(CliResult) r = decoy ? run_as(&d->f, password, "--space", "decoy", "add", path)
                                 : run_as(&d->f, password, "add", path);
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_assert_cmpuint(strlen(r->out), ==, AMANAT_ID_LEN + 1);
  return g_strndup(r->out, AMANAT_ID_LEN);
}

static void set_duress(Fixture *f, const char *password, const char *duress, const char *action) {
  g_autofree char *input = g_strdup_printf("%s\n%s\n%s\n", password, duress, duress);
  g_autoptr(CliResult) r = action != NULL ? run_in(f, input, "duress", "set", "--action", action)
                                          : run_in(f, input, "duress", "set");
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==,
                  action != NULL && g_str_equal(action, "decoy-only") ? OUT_SET_DECOY_ONLY
                                                                      : OUT_SET_WIPE);
  g_assert_cmpstr(r->err, ==, "");
}

static JsonNode *parse_json(const char *text) {
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  json_parser_load_from_data(parser, text, -1, &error);
  g_assert_no_error(error);
  return json_node_copy(json_parser_get_root(parser));
}

static int compare_strings(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The titles `ls --json` lists with `password`, sorted and joined with "|". */
static char *titles(Fixture *f, const char *password) {
  g_autoptr(CliResult) r = run_as(f, password, "ls", "--json");
  assert_status(r, 0);
  g_autoptr(JsonNode) root = parse_json(r->out);
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

/* The names directly in `dir`, sorted and joined with "|". */
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

/* A random marker: "MARKER" and 16 hex digits. */
static char *make_marker(void) {
  g_autoptr(GString) marker = g_string_new("MARKER");
  for (int i = 0; i < 16; i++)
    g_string_append_printf(marker, "%x", (unsigned)g_random_int_range(0, 16));
  return g_string_free(g_steal_pointer(&marker), FALSE);
}

/* ---- the leak scanner --------------------------------------------------------------- */

typedef struct {
  GBytes *patterns[3]; /* UTF-8, UTF-16LE, UTF-16BE of the marker's random part, lower case */
  GString *found;      /* where it was found */
} Scanner;

static GBytes *encode(const char *ascii, int encoding) {
  gsize n = strlen(ascii);
  if (encoding == 0)
    return g_bytes_new(ascii, n);
  guint8 *out = g_malloc0(2 * n);
  for (gsize i = 0; i < n; i++)
    out[2 * i + (encoding == 1 ? 0 : 1)] = (guint8)g_ascii_tolower(ascii[i]);
  return g_bytes_new_take(out, 2 * n);
}

static void scanner_init(Scanner *s, const char *marker) {
  g_autofree char *hex = g_ascii_strdown(marker + strlen("MARKER"), -1);
  for (int e = 0; e < 3; e++)
    s->patterns[e] = encode(hex, e);
  s->found = g_string_new(NULL);
}

static void scanner_clear(Scanner *s) {
  for (int e = 0; e < 3; e++)
    g_bytes_unref(s->patterns[e]);
  g_string_free(s->found, TRUE);
}

static void scan_bytes(Scanner *s, const char *where, const guint8 *data, gsize len) {
  static const char *const encodings[] = {"UTF-8", "UTF-16LE", "UTF-16BE"};
  g_autofree guint8 *lower = g_malloc(len + 1);
  for (gsize i = 0; i < len; i++)
    lower[i] = (guint8)g_ascii_tolower((char)data[i]);
  for (int e = 0; e < 3; e++) {
    gsize plen = 0;
    const void *pattern = g_bytes_get_data(s->patterns[e], &plen);
    if (len >= plen && memmem(lower, len, pattern, plen) != NULL)
      g_string_append_printf(s->found, "%s (%s)\n", where, encodings[e]);
  }
}

/* Every name and every byte under `path`, links not followed. */
static void scan_tree(Scanner *s, const char *path) {
  GStatBuf st;
  g_assert_cmpint(g_lstat(path, &st), ==, 0);
  g_autofree char *base = g_path_get_basename(path);
  scan_bytes(s, path, (const guint8 *)base, strlen(base));
  if (S_ISDIR(st.st_mode)) {
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    g_assert_nonnull(dir);
    for (const char *name; (name = g_dir_read_name(dir)) != NULL;) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      scan_tree(s, child);
    }
  } else if (S_ISREG(st.st_mode)) {
    g_autoptr(GBytes) bytes = read_file(path);
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(bytes, &len);
    scan_bytes(s, path, data != NULL ? data : (const guint8 *)"", len);
  }
}

/* Chi-square of the byte counts of `data` against a uniform distribution (255 degrees of
 * freedom: about 255 ± 23 for random bytes). */
static double chi_square(const guint8 *data, gsize len) {
  double counts[256] = {0};
  for (gsize i = 0; i < len; i++)
    counts[data[i]] += 1;
  double expected = (double)len / 256, chi = 0;
  for (int b = 0; b < 256; b++)
    chi += (counts[b] - expected) * (counts[b] - expected) / expected;
  return chi;
}

/* ---- duress set, then a duress unlock ------------------------------------------------ */

static void test_duress_wipe(Duress *d, gconstpointer data) {
  Fixture *f = &d->f;
  make_vault(f);
  g_autofree char *marker = make_marker();
  g_autofree char *real_name = g_strdup_printf("%s-sources.txt", marker);
  g_autofree char *real_text = g_strdup_printf("Meeting with %s at the harbour.\n", marker);
  g_free(add_file(d, PW, FALSE, real_name, real_text));
  g_autofree char *note_input = g_strdup_printf("%s\nThe contact is %s.\n", PW, marker);
  g_autoptr(CliResult) note =
      run_in(f, note_input, "note", "add", "--title", marker, "--file", "-");
  assert_status(note, 0);
  g_free(add_file(d, PW, TRUE, "recipes.txt", "Flour, water, salt.\n"));
  g_free(add_file(d, PW, TRUE, "garden.txt", "Tomatoes in May.\n"));
  g_autofree char *before = names_in(f->vault);
  g_assert_cmpstr(before, ==, "packs|space-0.db|space-1.db|vault.hdr");

  set_duress(f, PW, DURESS, NULL);

  /* The duress password, through a real command: the decoy's documents, not the real ones. */
  g_autofree char *listed = titles(f, DURESS);
  g_assert_cmpstr(listed, ==, "garden.txt|recipes.txt");
  g_autoptr(CliResult) real = run_as(f, PW, "ls");
  assert_failure(real, 3, MSG_WRONG_PASSWORD);
  g_autofree char *after = names_in(f->vault);
  g_assert_cmpstr(after, ==, before);
  g_assert_true(g_file_test(f->vault, G_FILE_TEST_IS_DIR));

  /* Nothing of the real space anywhere near the vault: a positive control first. */
  Scanner scanner;
  scanner_init(&scanner, marker);
  for (int e = 0; e < 3; e++) {
    g_autofree char *control = g_build_filename(f->tmp, "control.bin", NULL);
    g_autoptr(GBytes) planted = encode(marker, e);
    g_autoptr(GByteArray) content = g_byte_array_new();
    g_byte_array_append(content, (const guint8 *)"\x01\x02 noise ", 9);
    g_byte_array_append(content, g_bytes_get_data(planted, NULL), g_bytes_get_size(planted));
    g_assert_true(g_file_set_contents(control, (const char *)content->data, content->len, NULL));
    scan_tree(&scanner, f->tmp);
    g_assert_nonnull(strstr(scanner.found->str, "control.bin"));
    g_string_truncate(scanner.found, 0);
    g_assert_cmpint(g_unlink(control), ==, 0);
  }
  scan_tree(&scanner, f->tmp);
  g_assert_cmpstr(scanner.found->str, ==, "");
  scanner_clear(&scanner);

  /* The header still looks random past its plaintext prefix. */
  g_autofree char *header_path = g_build_filename(f->vault, "vault.hdr", NULL);
  g_autoptr(GBytes) header = read_file(header_path);
  g_assert_cmpuint(g_bytes_get_size(header), ==, 4096);
  double chi = chi_square((const guint8 *)g_bytes_get_data(header, NULL) + 64, 4096 - 64);
  g_test_message("header chi-square (255 dof): %.1f", chi);
  g_assert_cmpfloat(chi, <, 400);

  /* The duress password keeps opening the decoy. */
  g_autofree char *again = titles(f, DURESS);
  g_assert_cmpstr(again, ==, "garden.txt|recipes.txt");
}

/* ---- every command in a duress session, and the same in a normal vault --------------- */

/* Output with ids and dates masked, so that two vaults can be compared. */
static char *masked(const char *text) {
  g_autoptr(GRegex) id = g_regex_new("\\b[0-9a-f]{12}\\b", 0, 0, NULL);
  g_autoptr(GRegex) day = g_regex_new("\\b\\d{4}-\\d{2}-\\d{2}\\b", 0, 0, NULL);
  g_autofree char *no_ids = g_regex_replace_literal(id, text, -1, 0, "<ID>", 0, NULL);
  return g_regex_replace_literal(day, no_ids, -1, 0, "<DAY>", 0, NULL);
}

/* Every key path of a JSON value: "[].id", "[].tags[]"... sorted, one per line. */
static void collect_keys(JsonNode *node, const char *prefix, GPtrArray *keys) {
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    JsonObject *object = json_node_get_object(node);
    g_autoptr(GList) members = json_object_get_members(object);
    for (GList *m = members; m != NULL; m = m->next) {
      g_autofree char *path = g_strdup_printf("%s.%s", prefix, (const char *)m->data);
      g_ptr_array_add(keys, g_strdup(path));
      collect_keys(json_object_get_member(object, m->data), path, keys);
    }
  } else if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray *array = json_node_get_array(node);
    g_autofree char *path = g_strdup_printf("%s[]", prefix);
    for (guint i = 0; i < json_array_get_length(array); i++)
      collect_keys(json_array_get_element(array, i), path, keys);
  }
}

static char *key_set(const char *json) {
  g_autoptr(JsonNode) root = parse_json(json);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
  collect_keys(root, "", keys);
  g_ptr_array_sort(keys, compare_strings);
  g_autoptr(GString) out = g_string_new(NULL);
  for (guint i = 0; i < keys->len; i++)
    if (i == 0 || strcmp(keys->pdata[i], keys->pdata[i - 1]) != 0)
      g_string_append_printf(out, "%s\n", (const char *)keys->pdata[i]);
  return g_string_free(g_steal_pointer(&out), FALSE);
}

typedef struct {
  Duress *d;
  GPtrArray *steps; /* one line per command: its name, status, masked output */
} Session;

/* Runs a command with `input` on standard input, records it and returns the result. */
static CliResult *step(Session *s, const char *input, gboolean json, const char *const *args) {
  CliResult *r = cli_run_full(&s->d->f, &(CliRunOptions){.input = input}, args);
  g_autofree char *line = g_strjoinv(" ", (char **)args);
  g_autofree char *name = masked(line);
  if (r->status != 0)
    g_test_message("%s: exit %d\nstdout: %s\nstderr: %s", name, r->status, r->out, r->err);
  g_assert_cmpint(r->status, ==, 0);
  g_autofree char *out = masked(r->out);
  g_autofree char *err = masked(r->err);
  g_autofree char *keys = json ? key_set(r->out) : g_strdup("");
  g_ptr_array_add(s->steps, g_strdup_printf("$ %s\n%s%s%s", name, out, err, keys));
  return r;
}

#define STEP(s, input, json, ...)                                                                  \
  step((s), (input), (json), (const char *const[]){__VA_ARGS__, NULL})

/* The same sequence of commands, every one of them, with `pw` (then `pw2` after passwd). */
static void run_every_command(Session *s, const char *pw, const char *pw2) {
  Duress *d = s->d;
  g_autofree char *pw_line = g_strconcat(pw, "\n", NULL);
  g_autofree char *pw2_line = g_strconcat(pw2, "\n", NULL);
  const char *report_text = "Field report: the bridge was closed on Monday.\n";
  g_autofree char *report = write_source(d, "report.txt", report_text);
  g_autofree char *other = write_source(d, "other.txt", "Another file.\n");

  g_autoptr(CliResult) info = STEP(s, NULL, FALSE, "info");
  g_autoptr(CliResult) verify = STEP(s, pw_line, FALSE, "verify");
  g_assert_cmpstr(verify->out, ==, "The vault is intact.\n");
  g_autoptr(CliResult) add = STEP(s, pw_line, FALSE, "add", "--tag", "work", report);
  g_autofree char *id = g_strndup(add->out, AMANAT_ID_LEN);
  g_autoptr(CliResult) ls_json = STEP(s, pw_line, TRUE, "ls", "--json");
  g_autoptr(CliResult) ls = STEP(s, pw_line, FALSE, "ls");
  g_autoptr(CliResult) show_json = STEP(s, pw_line, TRUE, "show", id, "--json");
  g_autoptr(CliResult) show = STEP(s, pw_line, FALSE, "show", id);
  g_autoptr(CliResult) get = STEP(s, pw_line, FALSE, "get", id, "-o", "-");
  g_assert_cmpstr(get->out, ==, report_text);
  g_autoptr(CliResult) tag = STEP(s, pw_line, FALSE, "tag", id, "+travel", "-work");
  g_autofree char *note_input = g_strconcat(pw_line, "Buy bread and milk.\n", NULL);
  g_autoptr(CliResult) note =
      STEP(s, note_input, FALSE, "note", "add", "--title", "Shopping", "--file", "-");
  g_autoptr(CliResult) contact = STEP(s, pw_line, FALSE, "contact", "add", "--name", "Falcon",
                                      "--field", "City=Aden", "--sensitive", "Phone=555 0101");
  g_autofree char *contact_id = g_strndup(contact->out, AMANAT_ID_LEN);
  g_autoptr(CliResult) contacts_json = STEP(s, pw_line, TRUE, "contact", "ls", "--json");
  g_autoptr(CliResult) contacts = STEP(s, pw_line, FALSE, "contact", "ls");
  g_autoptr(CliResult) contact_json =
      STEP(s, pw_line, TRUE, "contact", "show", contact_id, "--json");
  g_autoptr(CliResult) contact_shown =
      STEP(s, pw_line, FALSE, "contact", "show", contact_id, "--reveal");
  g_autoptr(CliResult) edit =
      STEP(s, pw_line, FALSE, "contact", "edit", contact_id, "--name", "Hawk", "--remove", "City");
  g_autoptr(CliResult) search_json = STEP(s, pw_line, TRUE, "search", "bridge", "--json");
  g_autoptr(CliResult) search = STEP(s, pw_line, FALSE, "search", "Hawk");
  g_autoptr(CliResult) contact_rm = STEP(s, pw_line, FALSE, "contact", "rm", contact_id);
  g_autoptr(CliResult) rm = STEP(s, pw_line, FALSE, "rm", id);
  g_autoptr(CliResult) compact = STEP(s, pw_line, FALSE, "compact");

  g_autofree char *passwd_input = g_strdup_printf("%s\n%s\n%s\n", pw, pw2, pw2);
  g_autoptr(CliResult) passwd = STEP(s, passwd_input, FALSE, "passwd");
  g_autoptr(CliResult) old = run_as(&d->f, pw, "ls");
  assert_failure(old, 3, MSG_WRONG_PASSWORD);

  g_autoptr(CliResult) decoy_add = STEP(s, pw2_line, FALSE, "--space", "decoy", "add", other);
  g_autoptr(CliResult) decoy_ls_json = STEP(s, pw2_line, TRUE, "--space", "decoy", "ls", "--json");
  g_autoptr(CliResult) decoy_ls = STEP(s, pw2_line, FALSE, "--space", "decoy", "ls");
  g_autoptr(CliResult) after_decoy = STEP(s, pw2_line, FALSE, "ls");

  g_autofree char *set_input = g_strdup_printf("%s\n%s\n%s\n", pw2, DURESS3, DURESS3);
  g_autoptr(CliResult) set = STEP(s, set_input, FALSE, "duress", "set");
  g_autoptr(CliResult) clear = STEP(s, pw2_line, FALSE, "duress", "clear");
  g_autoptr(CliResult) five = STEP(s, pw2_line, FALSE, "wipe-after", "5");
  g_autoptr(CliResult) shown_five = STEP(s, pw2_line, FALSE, "wipe-after");
  g_autoptr(CliResult) off = STEP(s, pw2_line, FALSE, "wipe-after", "off");
  g_autoptr(CliResult) shown_off = STEP(s, pw2_line, FALSE, "wipe-after");
  g_autoptr(CliResult) keep = STEP(s, pw2_line, FALSE, "wipe", "--keep-decoy");
  g_assert_cmpstr(keep->out, ==, OUT_KEPT);
  g_autoptr(CliResult) standby = STEP(s, pw2_line, FALSE, "--space", "decoy", "ls");
  g_assert_cmpstr(standby->out, ==, OUT_NO_DOCS);
  g_autoptr(CliResult) last = STEP(s, pw2_line, FALSE, "verify");
}

static void test_duress_every_command(Duress *d, gconstpointer data) {
  /* A vault whose decoy holds two documents, opened with a duress password... */
  Fixture *f = &d->f;
  make_vault(f);
  g_free(add_file(d, PW, FALSE, "secret-sources.txt", "The real thing.\n"));
  g_free(add_file(d, PW, TRUE, "recipes.txt", "Flour, water, salt.\n"));
  g_free(add_file(d, PW, TRUE, "garden.txt", "Tomatoes in May.\n"));
  set_duress(f, PW, DURESS, NULL);
  Session duress = {d, g_ptr_array_new_with_free_func(g_free)};
  run_every_command(&duress, DURESS, DURESS2);
  /* Still nothing of the real space, and the real password stays dead. */
  g_autoptr(CliResult) real = run_as(f, PW, "ls");
  assert_failure(real, 3, MSG_WRONG_PASSWORD);

  /* ...and a fresh vault whose real space holds the same two, opened with its password. */
  rm_rf(f->vault);
  make_vault(f);
  g_free(add_file(d, PW, FALSE, "recipes.txt", "Flour, water, salt.\n"));
  g_free(add_file(d, PW, FALSE, "garden.txt", "Tomatoes in May.\n"));
  Session normal = {d, g_ptr_array_new_with_free_func(g_free)};
  run_every_command(&normal, PW, PW2);

  g_assert_cmpuint(duress.steps->len, ==, normal.steps->len);
  for (guint i = 0; i < normal.steps->len; i++)
    g_assert_cmpstr(duress.steps->pdata[i], ==, normal.steps->pdata[i]);
  g_ptr_array_unref(duress.steps);
  g_ptr_array_unref(normal.steps);
}

/* ---- the other action, and refusals -------------------------------------------------- */

static void test_duress_decoy_only(Duress *d, gconstpointer data) {
  Fixture *f = &d->f;
  make_vault(f);
  g_autofree char *id = add_file(d, PW, FALSE, "sources.txt", "The real thing.\n");
  g_free(add_file(d, PW, TRUE, "recipes.txt", "Flour, water, salt.\n"));
  set_duress(f, PW, DURESS, "decoy-only");

  g_autofree char *decoy = titles(f, DURESS);
  g_assert_cmpstr(decoy, ==, "recipes.txt");
  /* Nothing was destroyed: the real password opens the real space, its document intact. */
  g_autofree char *real = titles(f, PW);
  g_assert_cmpstr(real, ==, "sources.txt");
  g_autoptr(CliResult) get = run_as(f, PW, "get", id, "-o", "-");
  assert_status(get, 0);
  g_assert_cmpstr(get->out, ==, "The real thing.\n");
  g_autoptr(CliResult) verify = run_as(f, PW, "verify");
  assert_status(verify, 0);
  g_autofree char *still = titles(f, DURESS);
  g_assert_cmpstr(still, ==, "recipes.txt");
}

static void test_duress_refusals(Duress *d, gconstpointer data) {
  Fixture *f = &d->f;
  make_vault(f);
  g_free(add_file(d, PW, FALSE, "sources.txt", "The real thing.\n"));

  /* The real password as a duress password. */
  g_autofree char *same = g_strdup_printf("%s\n%s\n%s\n", PW, PW, PW);
  g_autoptr(CliResult) r = run_in(f, same, "duress", "set");
  assert_failure(r, 1, MSG_IN_USE);
  g_autofree char *real = titles(f, PW);
  g_assert_cmpstr(real, ==, "sources.txt");

  /* A confirmation that does not match: nothing is added. */
  g_autofree char *mismatch = g_strdup_printf("%s\n%s\n%s\n", PW, DURESS, DURESS2);
  g_autoptr(CliResult) m = run_in(f, mismatch, "duress", "set");
  assert_failure(m, 1, MSG_MISMATCH);
  g_autoptr(CliResult) not_added = run_as(f, DURESS, "ls");
  assert_failure(not_added, 3, MSG_WRONG_PASSWORD);
  g_autoptr(CliResult) not_added2 = run_as(f, DURESS2, "ls");
  assert_failure(not_added2, 3, MSG_WRONG_PASSWORD);

  /* A duress password already in use, added again. */
  set_duress(f, PW, DURESS, NULL);
  g_autofree char *twice_input = g_strdup_printf("%s\n%s\n%s\n", PW, DURESS, DURESS);
  g_autoptr(CliResult) again = run_in(f, twice_input, "duress", "set");
  assert_failure(again, 1, MSG_IN_USE);

  /* A wrong real password: exit 3 before any new password is read. */
  g_autofree char *wrong = g_strdup_printf("%s\n%s\n%s\n", DURESS2, DURESS3, DURESS3);
  g_autoptr(CliResult) w = run_in(f, wrong, "duress", "set");
  assert_failure(w, 3, MSG_WRONG_PASSWORD);

  /* A weak duress password: a warning, not a refusal. */
  g_autofree char *weak = g_strdup_printf("%s\n%s\n%s\n", PW, "1234", "1234");
  g_autoptr(CliResult) k = run_in(f, weak, "duress", "set", "--action", "decoy-only");
  assert_status(k, 0);
  g_assert_cmpstr(k->out, ==, OUT_SET_DECOY_ONLY);
  g_assert_cmpstr(k->err, !=, "");

  /* duress clear: both duress passwords are wrong passwords afterwards. */
  g_autoptr(CliResult) c = run_as(f, PW, "duress", "clear");
  assert_status(c, 0);
  g_assert_cmpstr(c->out, ==, OUT_CLEARED);
  g_autoptr(CliResult) gone = run_as(f, DURESS, "ls");
  assert_failure(gone, 3, MSG_WRONG_PASSWORD);
  g_autoptr(CliResult) gone2 = run_as(f, "1234", "ls");
  assert_failure(gone2, 3, MSG_WRONG_PASSWORD);
  g_autofree char *kept = titles(f, PW);
  g_assert_cmpstr(kept, ==, "sources.txt");

  /* Usage errors, before any password is read. */
  g_autoptr(CliResult) u1 = run_in(f, NULL, "duress", "set", "--action", "burn");
  assert_usage_error(u1);
  g_autoptr(CliResult) u2 = run_in(f, NULL, "duress", "set", "--action");
  assert_usage_error(u2);
  g_autoptr(CliResult) u3 = run_in(f, NULL, "duress", "clear", "now");
  assert_usage_error(u3);
  g_autoptr(CliResult) u4 = run_in(f, NULL, "duress");
  assert_usage_error(u4);
  g_assert_nonnull(strstr(u4->err, "set, clear"));
  g_autoptr(CliResult) help = run_in(f, NULL, "duress", "set", "--help");
  assert_status(help, 0);
  g_assert_nonnull(strstr(help->out, "duress set [--action wipe|decoy-only]"));

  /* Not a vault. */
  g_autoptr(CliResult) nv =
      cli_run_full(f, &(CliRunOptions){.input = PW "\n", .no_vault = TRUE},
                   (const char *const[]){"--vault", d->sources, "duress", "set", NULL});
  assert_failure(nv, 1, MSG_NOT_A_VAULT);
}

/* ---- wipe ------------------------------------------------------------------------------ */

/* Every file of the vault, for checking that nothing changed. */
static GHashTable *snapshot(const char *dir) {
  GHashTable *files =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(todo, g_strdup(dir));
  while (todo->len > 0) {
    g_autofree char *path = g_ptr_array_steal_index(todo, todo->len - 1);
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
      g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
      for (const char *name; (name = g_dir_read_name(d)) != NULL;)
        g_ptr_array_add(todo, g_build_filename(path, name, NULL));
      g_hash_table_insert(files, g_strdup(path), g_bytes_new("dir", 3));
    } else {
      g_hash_table_insert(files, g_strdup(path), read_file(path));
    }
  }
  return files;
}

static void assert_same_files(GHashTable *before, const char *dir) {
  g_autoptr(GHashTable) after = snapshot(dir);
  g_assert_cmpuint(g_hash_table_size(after), ==, g_hash_table_size(before));
  GHashTableIter iter;
  gpointer path, bytes;
  g_hash_table_iter_init(&iter, before);
  while (g_hash_table_iter_next(&iter, &path, &bytes)) {
    GBytes *now = g_hash_table_lookup(after, path);
    g_assert_nonnull(now);
    if (!g_bytes_equal(now, bytes))
      g_test_message("%s changed", (const char *)path);
    g_assert_true(g_bytes_equal(now, bytes));
  }
}

static void test_wipe(Duress *d, gconstpointer data) {
  Fixture *f = &d->f;
  make_vault(f);
  g_free(add_file(d, PW, FALSE, "sources.txt", "The real thing.\n"));
  set_duress(f, PW, DURESS, NULL);
  g_autoptr(GHashTable) before = snapshot(f->vault);

  /* No terminal and no --yes: refused, nothing touched. */
  g_autoptr(CliResult) refused = run_in(f, NULL, "wipe");
  assert_status(refused, 1);
  g_assert_cmpstr(refused->out, ==, "");
  g_assert_nonnull(strstr(refused->err, "--yes"));
  g_assert_cmpuint(strlen(refused->err), ==, strcspn(refused->err, "\n") + 1);
  assert_same_files(before, f->vault);
  /* Not even the confirmation word on standard input replaces --yes. */
  g_autoptr(CliResult) typed = run_in(f, "WIPE\n", "wipe");
  assert_status(typed, 1);
  assert_same_files(before, f->vault);
  g_autofree char *intact = titles(f, PW);
  g_assert_cmpstr(intact, ==, "sources.txt");

  /* --yes: no password, the folder is gone. */
  g_autoptr(CliResult) wiped = run_in(f, NULL, "wipe", "--yes");
  assert_status(wiped, 0);
  g_assert_cmpstr(wiped->out, ==, OUT_WIPED);
  g_assert_cmpstr(wiped->err, ==, "");
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));
  g_autoptr(CliResult) info = run_in(f, NULL, "info");
  assert_failure(info, 1, MSG_NOT_A_VAULT);
  g_autoptr(CliResult) ls = run_as(f, PW, "ls");
  assert_failure(ls, 1, MSG_NOT_A_VAULT);
  g_autoptr(CliResult) twice_wiped = run_in(f, NULL, "wipe", "--yes");
  assert_failure(twice_wiped, 1, MSG_NOT_A_VAULT);

  /* A folder that is not a vault, with a vault.hdr of other content: left alone. */
  g_assert_cmpint(g_mkdir(f->vault, 0700), ==, 0);
  g_autofree char *hdr = g_build_filename(f->vault, "vault.hdr", NULL);
  g_assert_true(g_file_set_contents(hdr, "not a header, just a note\n", -1, NULL));
  g_autoptr(GBytes) note = read_file(hdr);
  g_autoptr(CliResult) other = run_in(f, NULL, "wipe", "--yes");
  assert_failure(other, 1, MSG_NOT_A_VAULT);
  assert_file_unchanged(hdr, note);
  g_autoptr(CliResult) other_keep = run_as(f, PW, "wipe", "--keep-decoy");
  assert_failure(other_keep, 1, MSG_NOT_A_VAULT);
  assert_file_unchanged(hdr, note);

  /* Usage errors. */
  g_autoptr(CliResult) u = run_in(f, NULL, "wipe", "--yes", "now");
  assert_usage_error(u);
  assert_file_unchanged(hdr, note);
}

/* A wiped header with files left (a wipe that was interrupted) reads as wiped to every
 * command, and a second wipe removes the rest. */
static void test_wipe_half_done(Duress *d, gconstpointer data) {
  Fixture *f = &d->f;
  make_vault(f);
  g_free(add_file(d, PW, FALSE, "sources.txt", "The real thing.\n"));

  /* Root ignores permissions unless its capabilities could be dropped: probe first. */
  g_autofree char *probe_dir = g_build_filename(f->tmp, "locked", NULL);
  g_autofree char *probe = g_build_filename(probe_dir, "probe", NULL);
  g_assert_cmpint(g_mkdir(probe_dir, 0500), ==, 0);
  g_autoptr(CliResult) probed = cli_run_full(
      f, &(CliRunOptions){.program = "/bin/mkdir", .setup = child_drop_dac_capabilities},
      (const char *const[]){probe, NULL});
  if (probed->status == 0) {
    g_test_skip("cannot drop the capabilities that override file permissions here");
    return;
  }

  /* The folder may not be written: the header is overwritten, the files cannot go. */
  g_assert_cmpint(g_chmod(f->vault, 0500), ==, 0);
  g_autoptr(CliResult) r = cli_run_full(f, &(CliRunOptions){.setup = child_drop_dac_capabilities},
                                        (const char *const[]){"wipe", "--yes", NULL});
  g_assert_cmpint(g_chmod(f->vault, 0700), ==, 0);
  assert_status(r, 1);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_nonnull(strstr(r->err, "cannot be opened again"));
  g_assert_cmpuint(strlen(r->err), ==, strcspn(r->err, "\n") + 1);
  g_assert_true(g_file_test(f->vault, G_FILE_TEST_IS_DIR));

  g_autoptr(CliResult) info = run_in(f, NULL, "info");
  assert_failure(info, 1, MSG_WIPED);
  g_autoptr(CliResult) ls = run_as(f, PW, "ls");
  assert_failure(ls, 1, MSG_WIPED);
  g_autoptr(CliResult) verify = run_as(f, PW, "verify");
  assert_failure(verify, 1, MSG_WIPED);
  g_autoptr(CliResult) keep = run_as(f, PW, "wipe", "--keep-decoy");
  assert_failure(keep, 1, MSG_WIPED);

  g_autoptr(CliResult) again = run_in(f, NULL, "wipe", "--yes");
  assert_status(again, 0);
  g_assert_cmpstr(again->out, ==, OUT_WIPED);
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));
}

/* At a terminal, the exact word WIPE confirms; anything else stops. */
typedef struct {
  int master, slave;
} Pty;

static void pty_open(Pty *pty, int *child_stdin) {
  pty->master = posix_openpt(O_RDWR | O_NOCTTY);
  g_assert_cmpint(pty->master, >=, 0);
  g_assert_cmpint(grantpt(pty->master), ==, 0);
  g_assert_cmpint(unlockpt(pty->master), ==, 0);
  const char *name = ptsname(pty->master);
  g_assert_nonnull(name);
  pty->slave = open(name, O_RDWR | O_NOCTTY);
  g_assert_cmpint(pty->slave, >=, 0);
  *child_stdin = dup(pty->slave);
  g_assert_cmpint(*child_stdin, >=, 0);
}

static void pty_close(Pty *pty) {
  close(pty->master);
  close(pty->slave);
}

static gboolean echo_is_on(const Pty *pty) {
  struct termios t;
  g_assert_cmpint(tcgetattr(pty->slave, &t), ==, 0);
  return (t.c_lflag & ECHO) != 0;
}

static void wait_for_echo(const Pty *pty, gboolean on) {
  for (int i = 0; i < 2000 && echo_is_on(pty) != on; i++)
    g_usleep(10 * 1000);
  g_assert_true(echo_is_on(pty) == on);
}

/* Runs `args` at a terminal, typing `word` as the confirmation (and, when `password` is not
 * NULL, the password once echo is off). */
static CliResult *run_at_terminal(Fixture *f, const char *word, const char *password,
                                  const char *const *args) {
  Pty pty;
  CliRunOptions options = {0};
  pty_open(&pty, &options.stdin_fd);
  g_autoptr(GSubprocess) child = cli_spawn(f, &options, args);
  g_autofree char *line = g_strconcat(word, "\n", NULL);
  g_assert_cmpint(write(pty.master, line, strlen(line)), ==, (gssize)strlen(line));
  if (password != NULL) {
    wait_for_echo(&pty, FALSE);
    g_autofree char *pw_line = g_strconcat(password, "\n", NULL);
    g_assert_cmpint(write(pty.master, pw_line, strlen(pw_line)), ==, (gssize)strlen(pw_line));
  }
  CliResult *r = cli_finish(child, &options);
  g_assert_true(echo_is_on(&pty));
  pty_close(&pty);
  return r;
}

static void test_wipe_at_terminal(Duress *d, gconstpointer data) {
  Fixture *f = &d->f;
  make_vault(f);
  g_autoptr(GHashTable) before = snapshot(f->vault);

  const char *wrong_words[] = {"wipe", "WIPE NOW", "yes", "", "Y"};
  for (size_t i = 0; i < G_N_ELEMENTS(wrong_words); i++) {
    g_autoptr(CliResult) r =
        run_at_terminal(f, wrong_words[i], NULL, (const char *const[]){"wipe", NULL});
    assert_status(r, 1);
    g_assert_cmpstr(r->out, ==, "");
    g_assert_true(g_str_has_suffix(r->err, "Type WIPE to go on: " WIPE_ABORTED));
    g_assert_nonnull(strstr(r->err, "This destroys the vault in"));
    assert_same_files(before, f->vault);
  }

  g_autoptr(CliResult) wiped =
      run_at_terminal(f, "WIPE", NULL, (const char *const[]){"wipe", NULL});
  assert_status(wiped, 0);
  g_assert_cmpstr(wiped->out, ==, OUT_WIPED);
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));

  /* --keep-decoy at a terminal: the word first, then the password. */
  make_vault(f);
  g_free(add_file(d, PW, FALSE, "sources.txt", "The real thing.\n"));
  g_free(add_file(d, PW, TRUE, "recipes.txt", "Flour, water, salt.\n"));
  g_autoptr(CliResult) stopped =
      run_at_terminal(f, "no", NULL, (const char *const[]){"wipe", "--keep-decoy", NULL});
  assert_status(stopped, 1);
  g_assert_true(g_str_has_suffix(stopped->err, WIPE_ABORTED));
  g_autofree char *real = titles(f, PW);
  g_assert_cmpstr(real, ==, "sources.txt");
  g_autoptr(CliResult) kept =
      run_at_terminal(f, "WIPE", PW, (const char *const[]){"wipe", "--keep-decoy", NULL});
  assert_status(kept, 0);
  g_assert_cmpstr(kept->out, ==, OUT_KEPT);
  g_autofree char *now = titles(f, PW);
  g_assert_cmpstr(now, ==, "recipes.txt");
}

/* ---- wipe --keep-decoy -------------------------------------------------------------------- */

static void test_wipe_keep_decoy(Duress *d, gconstpointer data) {
  Fixture *f = &d->f;
  make_vault(f);
  g_free(add_file(d, PW, FALSE, "sources.txt", "The real thing.\n"));
  g_free(add_file(d, PW, FALSE, "names.txt", "Who said what.\n"));
  g_autofree char *decoy_id = add_file(d, PW, TRUE, "recipes.txt", "Flour, water, salt.\n");
  set_duress(f, PW, DURESS, NULL);
  set_duress(f, PW, DURESS2, "decoy-only");

  g_autoptr(CliResult) wrong = run_as(f, DURESS3, "wipe", "--keep-decoy");
  assert_failure(wrong, 3, MSG_WRONG_PASSWORD);
  g_autofree char *real = titles(f, PW);
  g_assert_cmpstr(real, ==, "names.txt|sources.txt");

  g_autoptr(CliResult) r = run_as(f, PW, "wipe", "--keep-decoy");
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, OUT_KEPT);
  g_assert_cmpstr(r->err, ==, "");

  /* The real password opens what was the decoy, as an ordinary vault. */
  g_autofree char *now = titles(f, PW);
  g_assert_cmpstr(now, ==, "recipes.txt");
  g_autoptr(CliResult) get = run_as(f, PW, "get", decoy_id, "-o", "-");
  assert_status(get, 0);
  g_assert_cmpstr(get->out, ==, "Flour, water, salt.\n");
  g_autoptr(CliResult) verify = run_as(f, PW, "verify");
  assert_status(verify, 0);
  g_autoptr(CliResult) decoy = run_as(f, PW, "--space", "decoy", "ls");
  assert_status(decoy, 0);
  g_assert_cmpstr(decoy->out, ==, OUT_NO_DOCS);
  g_autofree char *files = names_in(f->vault);
  g_assert_cmpstr(files, ==, "packs|space-0.db|space-1.db|vault.hdr");

  /* Duress passwords went with the real space. */
  g_autoptr(CliResult) d1 = run_as(f, DURESS, "ls");
  assert_failure(d1, 3, MSG_WRONG_PASSWORD);
  g_autoptr(CliResult) d2 = run_as(f, DURESS2, "ls");
  assert_failure(d2, 3, MSG_WRONG_PASSWORD);
  g_autofree char *still = titles(f, PW);
  g_assert_cmpstr(still, ==, "recipes.txt");
}

/* ---- wipe-after ------------------------------------------------------------------------ */

static void test_wipe_after(Duress *d, gconstpointer data) {
  Fixture *f = &d->f;
  make_vault(f);
  g_free(add_file(d, PW, FALSE, "sources.txt", "The real thing.\n"));

  g_autoptr(CliResult) shown = run_as(f, PW, "wipe-after");
  assert_status(shown, 0);
  g_assert_cmpstr(shown->out, ==, "Wiping after wrong passwords is off.\n");
  g_autoptr(CliResult) set = run_as(f, PW, "wipe-after", "3");
  assert_status(set, 0);
  g_assert_cmpstr(set->out, ==, "The vault will be wiped after 3 wrong passwords in a row.\n");
  g_assert_cmpstr(set->err, ==, "");
  g_autoptr(CliResult) shown3 = run_as(f, PW, "wipe-after");
  g_assert_cmpstr(shown3->out, ==, "The vault is wiped after 3 wrong passwords in a row.\n");

  /* Two wrong, then the right one: the count starts again. */
  for (int i = 0; i < 2; i++) {
    g_autoptr(CliResult) w = run_as(f, DURESS, "ls");
    assert_failure(w, 3, MSG_WRONG_PASSWORD);
  }
  g_autofree char *listed = titles(f, PW);
  g_assert_cmpstr(listed, ==, "sources.txt");
  /* Three wrong in a row: the third still only says "Wrong password", and the vault is gone. */
  for (int i = 0; i < 3; i++) {
    g_assert_true(g_file_test(f->vault, G_FILE_TEST_IS_DIR));
    g_autoptr(CliResult) w = run_as(f, DURESS, "ls");
    assert_failure(w, 3, MSG_WRONG_PASSWORD);
  }
  g_assert_false(g_file_test(f->vault, G_FILE_TEST_EXISTS));
  g_autoptr(CliResult) info = run_in(f, NULL, "info");
  assert_failure(info, 1, MSG_NOT_A_VAULT);

  /* One, then off: no wipe however many wrong passwords. */
  make_vault(f);
  g_autoptr(CliResult) one = run_as(f, PW, "wipe-after", "1");
  g_assert_cmpstr(one->out, ==, "The vault will be wiped after 1 wrong password in a row.\n");
  g_autoptr(CliResult) off = run_as(f, PW, "wipe-after", "off");
  assert_status(off, 0);
  g_assert_cmpstr(off->out, ==, "The vault will not be wiped after wrong passwords.\n");
  for (int i = 0; i < 3; i++) {
    g_autoptr(CliResult) w = run_as(f, DURESS, "ls");
    assert_failure(w, 3, MSG_WRONG_PASSWORD);
  }
  g_autoptr(CliResult) opens = run_as(f, PW, "wipe-after");
  assert_status(opens, 0);
  g_assert_cmpstr(opens->out, ==, "Wiping after wrong passwords is off.\n");

  /* A duress session sets it too, with the same words; a wrong password counts. */
  set_duress(f, PW, DURESS2, NULL);
  g_autoptr(CliResult) in_duress = run_as(f, DURESS2, "wipe-after", "1000");
  assert_status(in_duress, 0);
  g_assert_cmpstr(in_duress->out, ==,
                  "The vault will be wiped after 1000 wrong passwords in a row.\n");
  g_autoptr(CliResult) shown_duress = run_as(f, DURESS2, "wipe-after");
  g_assert_cmpstr(shown_duress->out, ==,
                  "The vault is wiped after 1000 wrong passwords in a row.\n");

  /* Usage errors, before any password is read. */
  const char *bad[] = {"0", "1001", "-1", "+3", "3x", "abc", "", " 3", "00000", "OFF", "1e3"};
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(CliResult) u = run_in(f, NULL, "wipe-after", bad[i]);
    assert_usage_error(u);
  }
  g_autoptr(CliResult) two = run_in(f, NULL, "wipe-after", "3", "4");
  assert_usage_error(two);
  g_autoptr(CliResult) wrong = run_as(f, DURESS3, "wipe-after", "3");
  assert_failure(wrong, 3, MSG_WRONG_PASSWORD);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add("/cli/duress/" path, Duress, NULL, duress_setup, func, duress_teardown)
  ADD("wipe", test_duress_wipe);
  ADD("every-command", test_duress_every_command);
  ADD("decoy-only", test_duress_decoy_only);
  ADD("refusals", test_duress_refusals);
  ADD("panic-wipe", test_wipe);
  ADD("panic-wipe-half-done", test_wipe_half_done);
  ADD("panic-wipe-at-terminal", test_wipe_at_terminal);
  ADD("keep-decoy", test_wipe_keep_decoy);
  ADD("wipe-after", test_wipe_after);
  return g_test_run();
}
