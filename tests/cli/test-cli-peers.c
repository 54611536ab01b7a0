/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-peers.c: amanat-cli's identity and peer commands end to end, between two vaults:
 * identity (human and JSON), identity export, peer add, verify, ls (human and JSON) and rm;
 * bad, missing and own cards; each space its own identity; exit codes. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "amanat.h"
#include "cli-run.h"

#define PW "lantern orbit maple thimble"

#define MSG_BAD_CARD "This is not a valid identity card, or it was altered. Nothing was added.\n"
#define MSG_EXISTS   "A peer with that name or that identity already exists.\n"
#define MSG_OWN_CARD                                                                               \
  "This is your own identity card. Add the card your colleague gives you. Nothing was added.\n"
#define MSG_WRONG_PASSWORD "Wrong password.\n"
#define SAFETY_CODE_RE     "^\\d{5}( \\d{5}){5}$"

/* Two vaults in the test's folder: A (the fixture's) and B. */
typedef struct {
  Fixture f;
  char *b;
} Peers;

/* ---- helpers ------------------------------------------------------------------------ */

/* Runs `amanat-cli --vault VAULT args...` with `input` (NULL: the password alone). */
static CliResult *run_in_v(Peers *p, const char *vault, const char *input,
                           const char *const *args) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer) "--vault");
  g_ptr_array_add(argv, (gpointer)vault);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  return cli_run_full(&p->f,
                      &(CliRunOptions){.input = input != NULL ? input : PW "\n", .no_vault = TRUE},
                      (const char *const *)argv->pdata);
}

#define run_a(p, ...) run_in_v((p), (p)->f.vault, NULL, (const char *const[]){__VA_ARGS__, NULL})
#define run_b(p, ...) run_in_v((p), (p)->b, NULL, (const char *const[]){__VA_ARGS__, NULL})
#define run_with(p, input, ...)                                                                    \
  run_in_v((p), (p)->f.vault, (input), (const char *const[]){__VA_ARGS__, NULL})

static void make_vault(Peers *p, const char *vault) {
  g_autofree char *input = twice(PW);
  g_autoptr(CliResult) r =
      run_in_v(p, vault, input, (const char *const[]){"init", "--kdf", "interactive", NULL});
  assert_status(r, 0);
}

static void peers_setup(Peers *p, gconstpointer data) {
  fixture_setup(&p->f, data);
  p->b = g_build_filename(p->f.tmp, "vault-b", NULL);
  make_vault(p, p->f.vault);
  make_vault(p, p->b);
}

static void peers_teardown(Peers *p, gconstpointer data) {
  g_free(p->b);
  fixture_teardown(&p->f, data);
}

static char *path_in(Peers *p, const char *name) {
  return g_build_filename(p->f.tmp, name, NULL);
}

/* A failure: exit 1, nothing on stdout, exactly the one given line on stderr. */
static void assert_failure(CliResult *r, const char *message) {
  assert_status(r, 1);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_cmpstr(r->err, ==, message);
}

static void assert_usage_error(CliResult *r) {
  assert_status(r, 2);
  g_assert_nonnull(strstr(r->err, "Usage: amanat-cli"));
  g_assert_cmpstr(r->out, ==, "");
}

static JsonNode *parse_json(const char *text) {
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  json_parser_load_from_data(parser, text, -1, &error);
  g_assert_no_error(error);
  return json_node_copy(json_parser_get_root(parser));
}

static const char *member_string(JsonObject *object, const char *name) {
  JsonNode *node = json_object_get_member(object, name);
  g_assert_nonnull(node);
  g_assert_true(JSON_NODE_HOLDS_VALUE(node));
  g_assert_cmpint(json_node_get_value_type(node), ==, G_TYPE_STRING);
  return json_node_get_string(node);
}

static gboolean member_bool(JsonObject *object, const char *name) {
  JsonNode *node = json_object_get_member(object, name);
  g_assert_nonnull(node);
  g_assert_true(JSON_NODE_HOLDS_VALUE(node));
  g_assert_cmpint(json_node_get_value_type(node), ==, G_TYPE_BOOLEAN);
  return json_node_get_boolean(node);
}

static void assert_safety_code(const char *code) {
  g_assert_true(g_regex_match_simple(SAFETY_CODE_RE, code, 0, 0));
}

static void assert_hex_key(const char *hex) {
  g_assert_true(g_regex_match_simple("^[0-9a-f]{64}$", hex, 0, 0));
}

/* `identity --json` of a vault (and space): its object, checked. */
static JsonObject *identity_of(CliResult *r) {
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_autoptr(JsonNode) root = parse_json(r->out);
  g_assert_true(JSON_NODE_HOLDS_OBJECT(root));
  JsonObject *identity = json_object_ref(json_node_get_object(root));
  g_assert_cmpuint(json_object_get_size(identity), ==, 3);
  assert_safety_code(member_string(identity, "safety_code"));
  assert_hex_key(member_string(identity, "x25519"));
  assert_hex_key(member_string(identity, "ed25519"));
  return identity;
}

/* `peer ls --json` of vault A: the top-level array, every object checked. */
static JsonArray *peers_of(Peers *p) {
  g_autoptr(CliResult) r = run_a(p, "peer", "ls", "--json");
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_autoptr(JsonNode) root = parse_json(r->out);
  g_assert_true(JSON_NODE_HOLDS_ARRAY(root));
  JsonArray *peers = json_array_ref(json_node_get_array(root));
  for (guint i = 0; i < json_array_get_length(peers); i++) {
    JsonObject *peer = json_array_get_object_element(peers, i);
    g_assert_nonnull(peer);
    g_assert_cmpuint(json_object_get_size(peer), ==, 4);
    member_string(peer, "name");
    member_bool(peer, "verified");
    assert_safety_code(member_string(peer, "safety_code"));
    g_assert_true(
        g_regex_match_simple("^\\d{4}-\\d{2}-\\d{2}$", member_string(peer, "added"), 0, 0));
  }
  return peers;
}

/* The safety code in a command's output: the first line that is one, without its indent. */
static char *printed_code(const char *out) {
  g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
  for (char **line = lines; *line != NULL; line++) {
    g_autofree char *code = g_strstrip(g_strdup(*line));
    if (g_regex_match_simple(SAFETY_CODE_RE, code, 0, 0))
      return g_steal_pointer(&code);
  }
  g_test_message("no safety code in: %s", out);
  g_assert_not_reached();
}

/* Exports B's identity card; returns its path. */
static char *export_b(Peers *p) {
  char *card = path_in(p, "layla.card");
  g_autoptr(CliResult) r = run_b(p, "identity", "export", "-o", card);
  assert_status(r, 0);
  g_assert_cmpstr(r->err, ==, "");
  g_assert_nonnull(strstr(r->out, "layla.card"));
  g_assert_nonnull(strstr(r->out, "in person"));
  g_autoptr(CliResult) id = run_b(p, "identity", "--json");
  g_autoptr(JsonObject) identity = identity_of(id);
  g_autofree char *code = printed_code(r->out);
  g_assert_cmpstr(code, ==, member_string(identity, "safety_code"));
  g_autoptr(GBytes) text = read_file(card);
  g_assert_true(g_str_has_prefix(g_bytes_get_data(text, NULL), "AMANAT IDENTITY 1\n"));
  return card;
}

static void assert_no_peers(Peers *p) {
  g_autoptr(CliResult) r = run_a(p, "peer", "ls", "--json");
  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, "[]\n");
  g_assert_cmpstr(r->err, ==, "");
}

/* ---- tests -------------------------------------------------------------------------- */

static void test_identity(Peers *p, gconstpointer data) {
  g_autoptr(CliResult) json = run_a(p, "identity", "--json");
  g_autoptr(JsonObject) identity = identity_of(json);
  const char *code = member_string(identity, "safety_code");

  /* The human output shows the same code, on a line of its own, and both keys. */
  g_autoptr(CliResult) human = run_a(p, "identity");
  assert_status(human, 0);
  g_assert_cmpstr(human->err, ==, "");
  g_autofree char *shown = printed_code(human->out);
  g_assert_cmpstr(shown, ==, code);
  g_assert_nonnull(strstr(human->out, member_string(identity, "x25519")));
  g_assert_nonnull(strstr(human->out, member_string(identity, "ed25519")));

  /* The same identity every time; another vault and the decoy space have their own. */
  g_autoptr(CliResult) again = run_a(p, "identity", "--json");
  g_autoptr(JsonObject) same = identity_of(again);
  g_assert_cmpstr(member_string(same, "safety_code"), ==, code);
  g_assert_cmpstr(member_string(same, "ed25519"), ==, member_string(identity, "ed25519"));
  g_autoptr(CliResult) other = run_b(p, "identity", "--json");
  g_autoptr(JsonObject) b = identity_of(other);
  g_assert_cmpstr(member_string(b, "safety_code"), !=, code);
  g_autoptr(CliResult) decoy_run = run_a(p, "--space", "decoy", "identity", "--json");
  g_autoptr(JsonObject) decoy = identity_of(decoy_run);
  g_assert_cmpstr(member_string(decoy, "safety_code"), !=, code);
  g_assert_cmpstr(member_string(decoy, "x25519"), !=, member_string(identity, "x25519"));
  g_assert_cmpstr(member_string(decoy, "ed25519"), !=, member_string(identity, "ed25519"));
}

static void test_add_verify_rm(Peers *p, gconstpointer data) {
  g_autofree char *card = export_b(p);
  g_autoptr(CliResult) b_run = run_b(p, "identity", "--json");
  g_autoptr(JsonObject) b = identity_of(b_run);
  const char *b_code = member_string(b, "safety_code");

  /* Added, not verified, with B's safety code and what to do next. */
  g_autoptr(CliResult) add = run_a(p, "peer", "add", card, "--name", "Layla");
  assert_status(add, 0);
  g_assert_cmpstr(add->err, ==, "");
  g_autofree char *code = printed_code(add->out);
  g_assert_cmpstr(code, ==, b_code);
  g_assert_nonnull(strstr(add->out, "NOT VERIFIED"));
  g_assert_nonnull(strstr(add->out, "amanat-cli identity"));
  g_assert_nonnull(strstr(add->out, "peer verify Layla"));

  g_autoptr(JsonArray) before = peers_of(p);
  g_assert_cmpuint(json_array_get_length(before), ==, 1);
  JsonObject *peer = json_array_get_object_element(before, 0);
  g_assert_cmpstr(member_string(peer, "name"), ==, "Layla");
  g_assert_false(member_bool(peer, "verified"));
  g_assert_cmpstr(member_string(peer, "safety_code"), ==, b_code);

  g_autoptr(CliResult) human = run_a(p, "peer", "ls");
  assert_status(human, 0);
  g_assert_nonnull(strstr(human->out, "Layla"));
  g_assert_nonnull(strstr(human->out, "NOT VERIFIED"));
  g_assert_nonnull(strstr(human->out, b_code));

  g_autoptr(CliResult) verify = run_a(p, "peer", "verify", "Layla");
  assert_status(verify, 0);
  g_assert_cmpstr(verify->err, ==, "");
  g_autoptr(JsonArray) after = peers_of(p);
  g_assert_cmpuint(json_array_get_length(after), ==, 1);
  g_assert_true(member_bool(json_array_get_object_element(after, 0), "verified"));
  g_autoptr(CliResult) verified = run_a(p, "peer", "ls");
  g_assert_null(strstr(verified->out, "NOT VERIFIED"));
  g_assert_nonnull(strstr(verified->out, "verified"));

  /* The same card again, under the same name or another: refused, nothing changes. */
  g_autoptr(CliResult) again = run_a(p, "peer", "add", card, "--name", "Layla");
  assert_failure(again, MSG_EXISTS);
  g_autoptr(CliResult) renamed = run_a(p, "peer", "add", card, "--name", "Layla B");
  assert_failure(renamed, MSG_EXISTS);
  g_autoptr(JsonArray) still = peers_of(p);
  g_assert_cmpuint(json_array_get_length(still), ==, 1);
  g_assert_true(member_bool(json_array_get_object_element(still, 0), "verified"));

  /* Unknown names. */
  g_autoptr(CliResult) nobody = run_a(p, "peer", "verify", "Nobody");
  assert_failure(nobody, "There is no peer named “Nobody”.\n");
  g_autoptr(CliResult) nobody_rm = run_a(p, "peer", "rm", "Nobody");
  assert_failure(nobody_rm, "There is no peer named “Nobody”.\n");

  g_autoptr(CliResult) rm = run_a(p, "peer", "rm", "Layla");
  assert_status(rm, 0);
  g_assert_cmpstr(rm->err, ==, "");
  assert_no_peers(p);
  g_autoptr(CliResult) rm_again = run_a(p, "peer", "rm", "Layla");
  assert_failure(rm_again, "There is no peer named “Layla”.\n");
  g_autoptr(CliResult) empty = run_a(p, "peer", "ls");
  assert_status(empty, 0);
  g_assert_true(g_str_has_prefix(empty->out, "No peers yet."));
}

/* `--name -`: the name is the line after the password. Names may start with "-". */
static void test_name_from_stdin(Peers *p, gconstpointer data) {
  g_autofree char *card = export_b(p);
  g_autoptr(CliResult) add = run_with(p, PW "\nLayla Haddad\n", "peer", "add", card, "--name", "-");
  assert_status(add, 0);
  g_assert_nonnull(strstr(add->out, "peer verify 'Layla Haddad'"));
  g_autoptr(JsonArray) peers = peers_of(p);
  g_assert_cmpuint(json_array_get_length(peers), ==, 1);
  g_assert_cmpstr(member_string(json_array_get_object_element(peers, 0), "name"), ==,
                  "Layla Haddad");

  /* Input that ends before the name: nothing is added. */
  g_autoptr(CliResult) removed = run_a(p, "peer", "rm", "Layla Haddad");
  assert_status(removed, 0);
  g_autoptr(CliResult) short_input = run_with(p, PW "\n", "peer", "add", card, "--name", "-");
  assert_status(short_input, 1);
  assert_no_peers(p);

  /* An empty name or one with a line break is refused. */
  g_autoptr(CliResult) empty = run_a(p, "peer", "add", card, "--name", "");
  assert_status(empty, 1);
  g_autoptr(CliResult) control = run_a(p, "peer", "add", card, "--name", "a\tb");
  assert_status(control, 1);
  assert_no_peers(p);

  g_autoptr(CliResult) dash = run_a(p, "peer", "add", card, "--name=-x");
  assert_status(dash, 0);
  g_assert_nonnull(strstr(dash->out, "peer verify -- -x"));
  g_autoptr(CliResult) verify = run_a(p, "peer", "verify", "--", "-x");
  assert_status(verify, 0);
  g_autoptr(CliResult) rm = run_a(p, "peer", "rm", "--", "-x");
  assert_status(rm, 0);
  assert_no_peers(p);
}

static void test_own_card(Peers *p, gconstpointer data) {
  g_autofree char *own = path_in(p, "own.card");
  g_autoptr(CliResult) export = run_a(p, "identity", "export", "-o", own);
  assert_status(export, 0);
  g_autoptr(CliResult) add = run_a(p, "peer", "add", own, "--name", "Me");
  assert_failure(add, MSG_OWN_CARD);
  assert_no_peers(p);
}

/* Flips one character of the card's base64 body to another valid one: the keys change, so
 * the signature no longer verifies. */
static void alter_card(const char *card) {
  g_autoptr(GBytes) text = read_file(card);
  const char *data = g_bytes_get_data(text, NULL);
  gsize offset = strlen("AMANAT IDENTITY 1\n") + 40;
  while (!g_ascii_isalpha(data[offset]))
    offset++;
  flip_byte(card, (gint64)offset, 0x20); /* a letter's case */
}

static void test_bad_cards(Peers *p, gconstpointer data) {
  g_autofree char *card = export_b(p);
  g_autofree char *altered = path_in(p, "altered.card");
  g_autoptr(GBytes) good = read_file(card);
  g_autoptr(GError) error = NULL;
  g_file_set_contents(altered, g_bytes_get_data(good, NULL), g_bytes_get_size(good), &error);
  g_assert_no_error(error);
  alter_card(altered);
  g_autoptr(CliResult) forged = run_a(p, "peer", "add", altered, "--name", "Forger");
  assert_failure(forged, MSG_BAD_CARD);

  /* A byte that is not base64, a text that is not a card, an empty file. */
  g_autofree char *broken = path_in(p, "broken.card");
  g_file_set_contents(broken, g_bytes_get_data(good, NULL), g_bytes_get_size(good), &error);
  g_assert_no_error(error);
  flip_byte(broken, 30, 0x80);
  g_autoptr(CliResult) not_base64 = run_a(p, "peer", "add", broken, "--name", "Forger");
  assert_failure(not_base64, MSG_BAD_CARD);
  g_autofree char *text = path_in(p, "notes.txt");
  g_file_set_contents(text, "Layla's number: 555 0199\n", -1, &error);
  g_assert_no_error(error);
  g_autoptr(CliResult) not_card = run_a(p, "peer", "add", text, "--name", "Forger");
  assert_failure(not_card, MSG_BAD_CARD);
  g_autofree char *empty = path_in(p, "empty.card");
  g_file_set_contents(empty, "", 0, &error);
  g_assert_no_error(error);
  g_autoptr(CliResult) nothing = run_a(p, "peer", "add", empty, "--name", "Forger");
  assert_failure(nothing, MSG_BAD_CARD);
  assert_no_peers(p);

  /* Missing or unreadable: one line naming the file. */
  g_autofree char *missing = path_in(p, "missing.card");
  g_autoptr(CliResult) gone = run_a(p, "peer", "add", missing, "--name", "Nobody");
  assert_status(gone, 1);
  g_assert_cmpstr(gone->out, ==, "");
  g_assert_nonnull(strstr(gone->err, "missing.card"));
  g_assert_cmpuint(strlen(gone->err), ==, strcspn(gone->err, "\n") + 1);
  g_autoptr(CliResult) folder = run_a(p, "peer", "add", p->f.tmp, "--name", "Nobody");
  assert_status(folder, 1);
  g_assert_cmpuint(strlen(folder->err), ==, strcspn(folder->err, "\n") + 1);
  assert_no_peers(p);

  /* The good card still works. */
  g_autoptr(CliResult) add = run_a(p, "peer", "add", card, "--name", "Layla");
  assert_status(add, 0);
}

static void test_export_never_replaces(Peers *p, gconstpointer data) {
  g_autofree char *target = path_in(p, "precious.txt");
  g_autoptr(GError) error = NULL;
  g_file_set_contents(target, "do not touch\n", -1, &error);
  g_assert_no_error(error);
  g_autoptr(GBytes) before = read_file(target);
  g_autoptr(CliResult) r = run_a(p, "identity", "export", "-o", target);
  g_autofree char *expected = g_strdup_printf(
      "“%s” already exists. Nothing was overwritten; choose another name.\n", target);
  assert_failure(r, expected);
  assert_file_unchanged(target, before);

  /* A dangling link is not replaced either, and its target is not made. */
  g_autofree char *link = path_in(p, "link.card");
  g_autofree char *link_target = path_in(p, "elsewhere.card");
  g_assert_cmpint(symlink(link_target, link), ==, 0);
  g_autoptr(CliResult) dangling = run_a(p, "identity", "export", "-o", link);
  assert_status(dangling, 1);
  g_assert_false(g_file_test(link_target, G_FILE_TEST_EXISTS));

  /* A folder that does not exist. */
  g_autofree char *nowhere = path_in(p, "no-such-folder/me.card");
  g_autoptr(CliResult) no_folder = run_a(p, "identity", "export", "-o", nowhere);
  assert_status(no_folder, 1);
  g_assert_cmpuint(strlen(no_folder->err), ==, strcspn(no_folder->err, "\n") + 1);
}

/* Each space its own peers: the decoy does not see the real space's, and the other way. */
static void test_spaces(Peers *p, gconstpointer data) {
  g_autofree char *card = export_b(p);
  g_autoptr(CliResult) add = run_a(p, "--space", "decoy", "peer", "add", card, "--name", "Layla");
  assert_status(add, 0);
  g_assert_nonnull(strstr(add->out, "--space decoy peer verify Layla"));
  assert_no_peers(p);
  g_autoptr(CliResult) decoy = run_a(p, "--space", "decoy", "peer", "ls", "--json");
  assert_status(decoy, 0);
  g_assert_nonnull(strstr(decoy->out, "\"Layla\""));
  g_autoptr(CliResult) real_add = run_a(p, "peer", "add", card, "--name", "Layla");
  assert_status(real_add, 0);
}

static void test_usage_errors(Peers *p, gconstpointer data) {
  g_autofree char *card = export_b(p);
  const char *const cases[][8] = {
      {"identity", "extra", NULL},
      {"identity", "--frobnicate", NULL},
      {"identity", "export", NULL},
      {"identity", "export", "-o", NULL},
      {"identity", "export", "-o", "a", "-o", "b", NULL},
      {"identity", "export", "-o", "a", "extra", NULL},
      {"identity", "export", "-o", "-", NULL},
      {"peer", NULL},
      {"peer", "frobnicate", NULL},
      {"peer", "add", NULL},
      {"peer", "add", card, NULL},
      {"peer", "add", "--name", "Layla", NULL},
      {"peer", "add", card, "--name", NULL},
      {"peer", "add", card, "--name", "A", "--name", "B", NULL},
      {"peer", "add", card, card, "--name", "A", NULL},
      {"peer", "add", card, "--name", "A", "--verified", NULL},
      {"peer", "verify", NULL},
      {"peer", "verify", "a", "b", NULL},
      {"peer", "ls", "extra", NULL},
      {"peer", "ls", "--reveal", NULL},
      {"peer", "rm", NULL},
      {"peer", "rm", "--all", NULL},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("case %zu: %s %s", i, cases[i][0], cases[i][1] ? cases[i][1] : "");
    g_autoptr(CliResult) r = run_in_v(p, p->f.vault, NULL, cases[i]);
    assert_usage_error(r);
  }
  assert_no_peers(p);
}

/* Every command unlocks first: a wrong password is exit status 3 and changes nothing. */
static void test_wrong_password(Peers *p, gconstpointer data) {
  g_autofree char *card = export_b(p);
  g_autofree char *out = path_in(p, "out.card");
  g_autoptr(CliResult) add = run_a(p, "peer", "add", card, "--name", "Layla");
  assert_status(add, 0);
  const char *const cases[][7] = {
      {"identity", NULL},
      {"identity", "--json", NULL},
      {"identity", "export", "-o", out, NULL},
      {"peer", "add", card, "--name", "Other", NULL},
      {"peer", "verify", "Layla", NULL},
      {"peer", "ls", "--json", NULL},
      {"peer", "rm", "Layla", NULL},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(CliResult) r = run_in_v(p, p->f.vault, "not the password\n", cases[i]);
    assert_status(r, 3);
    g_assert_cmpstr(r->out, ==, "");
    g_assert_cmpstr(r->err, ==, MSG_WRONG_PASSWORD);
  }
  g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
  g_autoptr(JsonArray) peers = peers_of(p);
  g_assert_cmpuint(json_array_get_length(peers), ==, 1);
  g_assert_false(member_bool(json_array_get_object_element(peers, 0), "verified"));
}

static void test_help(Peers *p, gconstpointer data) {
  g_autoptr(CliResult) r = cli_run_full(&p->f, &(CliRunOptions){.no_vault = TRUE},
                                        (const char *const[]){"--help", NULL});
  assert_status(r, 0);
  const char *commands[] = {"  identity [--json]",         "  identity export -o FILE",
                            "  peer add FILE --name NAME", "  peer verify ",
                            "  peer ls [--json]",          "  peer rm "};
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    g_assert_nonnull(strstr(r->out, commands[i]));
  g_autoptr(CliResult) sub = run_a(p, "peer", "add", "--help");
  assert_status(sub, 0);
  g_assert_true(
      g_str_has_prefix(sub->out, "Usage: amanat-cli [OPTIONS] peer add FILE --name NAME"));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);

#define ADD(path, func)                                                                            \
  g_test_add("/cli-peers/" path, Peers, NULL, peers_setup, func, peers_teardown)
  ADD("identity", test_identity);
  ADD("add-verify-rm", test_add_verify_rm);
  ADD("name-from-stdin", test_name_from_stdin);
  ADD("own-card", test_own_card);
  ADD("bad-cards", test_bad_cards);
  ADD("export-never-replaces", test_export_never_replaces);
  ADD("spaces", test_spaces);
  ADD("usage-errors", test_usage_errors);
  ADD("wrong-password", test_wrong_password);
  ADD("help", test_help);
#undef ADD
  return g_test_run();
}
