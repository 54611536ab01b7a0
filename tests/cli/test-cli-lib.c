/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-lib.c: unit tests of the code amanat-cli links: messages, strength, JSON, tables,
 * locked text buffers. */
#include "config.h"

#include <string.h>

#include "amanat-error-message.h"
#include "amanat-password-strength.h"
#include "amanat.h"
#include "cli-items.h"
#include "cli-json.h"
#include "cli-stdin-values.h"
#include "cli-table.h"

/* Codes run from -1 down without gaps; the first one the core cannot name ends them. */
static gboolean is_core_code(int err) {
  return err == AMANAT_OK || !g_str_equal(amanat_err_name(err), amanat_err_name(-1000));
}

static void test_every_code_has_a_sentence(void) {
  const char *fallback = amanat_error_message(-1000);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  int codes = 0;
  for (int err = AMANAT_OK; is_core_code(err); err--, codes++) {
    const char *message = amanat_error_message(err);
    g_test_message("%s: %s", amanat_err_name(err), message);
    g_assert_nonnull(message);
    g_assert_cmpstr(message, !=, fallback);
    g_assert_true(g_str_has_suffix(message, "."));
    g_assert_null(strchr(message, '\n'));
    g_assert_true(g_hash_table_add(seen, (gpointer)message)); /* all different */
  }
  g_assert_cmpint(codes, >, -AMANAT_E_MISSING);
  g_assert_cmpstr(amanat_error_message(AMANAT_E_WRONG_PASSWORD), ==, "Wrong password.");
}

static void test_set_error(void) {
  g_autoptr(GError) error = NULL;
  g_assert_true(amanat_set_error(&error, AMANAT_OK));
  g_assert_no_error(error);
  g_assert_false(amanat_set_error(&error, AMANAT_E_BUSY));
  g_assert_error(error, AMANAT_CORE_ERROR, AMANAT_E_BUSY);
  g_assert_cmpstr(error->message, ==, amanat_error_message(AMANAT_E_BUSY));
  g_assert_false(amanat_set_error(NULL, AMANAT_E_IO));
}

static AmanatPasswordStrength strength(const char *password) {
  return amanat_password_strength(password, strlen(password));
}

static void test_strength(void) {
  const char *weak[] = {"",
                        "a",
                        "password",
                        "Password1!",
                        "123456789",
                        "qwertyuiop",
                        "aaaaaaaaaaaaa",
                        "abcdefghijklmnop",
                        "iloveyou2024",
                        "hunter22",
                        "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8"};
  for (size_t i = 0; i < G_N_ELEMENTS(weak); i++)
    g_assert_cmpint(strength(weak[i]), ==, AMANAT_PASSWORD_WEAK);

  const char *strong[] = {"correct horse battery staple", "lantern orbit maple thimble",
                          "k8#Lq2!vZr9@", "wR7-sunny-tide-okra"};
  for (size_t i = 0; i < G_N_ELEMENTS(strong); i++)
    g_assert_cmpint(strength(strong[i]), ==, AMANAT_PASSWORD_STRONG);

  g_assert_cmpint(strength("пароль ключ"), >=, AMANAT_PASSWORD_FAIR);
  g_assert_cmpint(strength("Tr0ub4dor&3"), >, AMANAT_PASSWORD_WEAK);

  /* Only `len` bytes are read: no terminator needed. */
  const char buf[] = {'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'};
  g_assert_cmpint(amanat_password_strength(buf, sizeof buf), ==, AMANAT_PASSWORD_WEAK);

  for (int s = AMANAT_PASSWORD_WEAK; s <= AMANAT_PASSWORD_STRONG; s++)
    g_assert_nonnull(amanat_password_strength_advice((AmanatPasswordStrength)s));
}

static void test_json_writer(void) {
  g_autoptr(GString) out = g_string_new(NULL);
  CliJson json;
  cli_json_init(&json, out);
  cli_json_begin_array(&json);
  cli_json_begin_object(&json);
  cli_json_key(&json, "id");
  cli_json_uint(&json, 7);
  cli_json_key(&json, "title");
  cli_json_string(&json, "a \"quoted\" \\ title\n\t\x01 ü \xe2\x80\xa8");
  cli_json_key(&json, "tags");
  cli_json_begin_array(&json);
  cli_json_string(&json, "x");
  cli_json_string(&json, "y");
  cli_json_end_array(&json);
  cli_json_key(&json, "n");
  cli_json_int(&json, -3);
  cli_json_key(&json, "ok");
  cli_json_bool(&json, TRUE);
  cli_json_key(&json, "none");
  cli_json_null(&json);
  cli_json_end_object(&json);
  cli_json_begin_object(&json);
  cli_json_end_object(&json);
  cli_json_end_array(&json);
  g_assert_cmpstr(out->str, ==,
                  "[{\"id\":7,\"title\":\"a \\\"quoted\\\" \\\\ title\\n\\t\\u0001 ü \\u2028\","
                  "\"tags\":[\"x\",\"y\"],\"n\":-3,\"ok\":true,\"none\":null},{}]");

  g_string_truncate(out, 0);
  cli_json_append_escaped(out, "bad \xff byte");
  g_assert_cmpstr(out->str, ==, "\"bad \\ufffd byte\"");

  g_string_truncate(out, 0);
  cli_json_init(&json, out);
  cli_json_begin_array(&json);
  cli_json_end_array(&json);
  g_assert_cmpstr(out->str, ==, "[]");
}

static void test_text_for_terminal(void) {
  const struct {
    const char *in, *out;
    gboolean multiline;
  } cases[] = {
      {"plain", "plain", FALSE},
      {"esc\033[2Jape", "esc\xef\xbf\xbd[2Jape", FALSE}, /* ESC */
      {"c1 \xc2\x9b"
       "31m",
       "c1 \xef\xbf\xbd"
       "31m",
       FALSE}, /* U+009B CSI */
      {"two\nlines\ttab", "two\xef\xbf\xbdlines\xef\xbf\xbdtab", FALSE},
      {"two\nlines\ttab", "two\nlines\ttab", TRUE},
      {"bad \xff byte", "bad \xef\xbf\xbd byte", FALSE},
      {"سلام", "سلام", FALSE},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *safe = cli_text_for_terminal(cases[i].in, cases[i].multiline);
    g_assert_cmpstr(safe, ==, cases[i].out);
  }
  g_assert_cmpuint(cli_text_width("abc"), ==, 3);
  g_assert_cmpuint(cli_text_width("日本"), ==, 4);
  g_assert_cmpuint(cli_text_width("e\xcc\x81"), ==, 1); /* e + combining acute */
}

static void test_table(void) {
  g_autoptr(CliTable) table = cli_table_new(3);
  cli_table_align_right(table, 1);
  const char *rows[][3] = {{"ID", "SIZE", "TITLE"}, {"ab", "5 kB", "日本"}, {"abcd", "12", ""}};
  for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
    cli_table_add_row(table, rows[i]);
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  cli_table_print(table, out);
  fclose(out);
  g_assert_cmpstr(text, ==,
                  "ID    SIZE  TITLE\n"
                  "ab    5 kB  日本\n"
                  "abcd    12\n");
  free(text);
}

static void test_secure_text(void) {
  CliSecureText text = {0};
  for (int i = 0; i < 1000; i++) {
    g_assert_true(cli_secure_text_reserve(&text, 1));
    text.data[text.len++] = (char)('a' + i % 26);
    text.data[text.len] = '\0';
  }
  g_assert_cmpuint(text.len, ==, 1000);
  g_assert_cmpuint(strlen(text.data), ==, 1000);
  g_assert_true(g_str_has_prefix(text.data, "abcdefghijklmnopqrstuvwxyza"));
  cli_secure_text_clear(&text);
  g_assert_null(text.data);
  g_assert_cmpuint(text.len, ==, 0);
}

static void test_contact_json_hides(void) {
  const amanat_contact_field fields[] = {{"Phone", "+1 555", 0}, {"Signal", "secret.01", 1}};
  const char *tags[] = {"source"};
  amanat_contact_info info = {.id = "0123456789ab",
                              .name = "Falcon",
                              .notes = "",
                              .added = "2024-05-01",
                              .fields = fields,
                              .field_count = 2,
                              .tags = tags,
                              .tag_count = 1};
  g_autoptr(GString) out = g_string_new(NULL);
  CliJson json;
  cli_json_init(&json, out);
  cli_json_contact(&json, &info, FALSE);
  g_assert_null(strstr(out->str, "secret.01"));
  g_assert_nonnull(strstr(out->str, "{\"label\":\"Signal\",\"value\":null,\"sensitive\":true,"
                                    "\"hidden\":true}"));
  g_string_truncate(out, 0);
  cli_json_init(&json, out);
  cli_json_contact(&json, &info, TRUE);
  g_assert_nonnull(strstr(out->str, "\"value\":\"secret.01\",\"sensitive\":true,\"hidden\":false"));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK); /* libsodium, for locked memory */
  g_test_add_func("/messages/every-code", test_every_code_has_a_sentence);
  g_test_add_func("/messages/set-error", test_set_error);
  g_test_add_func("/messages/strength", test_strength);
  g_test_add_func("/cli/json-writer", test_json_writer);
  g_test_add_func("/cli/text-for-terminal", test_text_for_terminal);
  g_test_add_func("/cli/table", test_table);
  g_test_add_func("/cli/secure-text", test_secure_text);
  g_test_add_func("/cli/contact-json-hides", test_contact_json_hides);
  return g_test_run();
}
