/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-password.c: NFC normalisation of passwords and what it refuses. */
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "password.h"
#include "secret.h"

static void expect_nfc(const char *input, const char *expected) {
  uint8_t *out = NULL;
  size_t len = 0;
  g_assert_cmpint(password_normalize(input, strlen(input), &out, &len), ==, AMANAT_OK);
  g_assert_cmpmem(out, len, expected, strlen(expected));
  secret_free(&out);
  g_assert_null(out);
}

static void test_composed_and_decomposed(void) {
  expect_nfc("caf\xc3\xa9", "caf\xc3\xa9");                           /* é precomposed */
  expect_nfc("cafe\xcc\x81", "caf\xc3\xa9");                          /* e + U+0301 */
  expect_nfc("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", "\xed\x95\x9c"); /* Hangul jamo -> 한 */
  expect_nfc("\xd8\xa7\xd9\x93", "\xd8\xa2");                         /* alef + madda -> آ */
  expect_nfc("plain ascii ", "plain ascii ");                         /* spaces kept as typed */
}

static void test_compatibility_forms_kept(void) {
  /* NFC, not NFKC: a full-width letter stays what it is. */
  expect_nfc("\xef\xbc\xa1", "\xef\xbc\xa1");
}

static void expect_refused(const char *input, size_t len, int expected) {
  uint8_t *out = NULL;
  size_t out_len = 0;
  g_assert_cmpint(password_normalize(input, len, &out, &out_len), ==, expected);
  g_assert_null(out);
}

static void test_refusals(void) {
  expect_refused("", 0, AMANAT_E_EMPTY_PASSWORD);
  expect_refused("\xff\xfe", 2, AMANAT_E_INVALID);
  expect_refused("ab\xc3", 3, AMANAT_E_INVALID); /* cut in the middle of a character */
  expect_refused("a\0b", 3, AMANAT_E_INVALID);   /* embedded NUL */
  char *long_password = g_malloc(AMANAT_PASSWORD_MAX_BYTES + 1);
  memset(long_password, 'x', AMANAT_PASSWORD_MAX_BYTES + 1);
  expect_refused(long_password, AMANAT_PASSWORD_MAX_BYTES + 1, AMANAT_E_INVALID);
  uint8_t *out = NULL;
  size_t len = 0;
  g_assert_cmpint(password_normalize(long_password, AMANAT_PASSWORD_MAX_BYTES, &out, &len), ==,
                  AMANAT_OK);
  g_assert_cmpuint(len, ==, AMANAT_PASSWORD_MAX_BYTES);
  secret_free(&out);
  g_free(long_password);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_assert_cmpint(sodium_init(), >=, 0);
  g_test_add_func("/password/composed-and-decomposed", test_composed_and_decomposed);
  g_test_add_func("/password/compatibility-forms-kept", test_compatibility_forms_kept);
  g_test_add_func("/password/refusals", test_refusals);
  return g_test_run();
}
