/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-lib.c: unit tests of the code amanat-cli links: messages, strength, JSON. */
#include "config.h"

#include <string.h>

#include "amanat-error-message.h"
#include "amanat-password-strength.h"
#include "amanat.h"
#include "cli-json.h"

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

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/messages/every-code", test_every_code_has_a_sentence);
  g_test_add_func("/messages/set-error", test_set_error);
  g_test_add_func("/messages/strength", test_strength);
  g_test_add_func("/cli/json-writer", test_json_writer);
  return g_test_run();
}
