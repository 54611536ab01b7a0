/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-padme.c: Padmé rounding against values worked out by hand. */
#include <glib.h>

#include "padme.h"

static void test_known_values(void) {
  /* E = floor(log2 L), S = floor(log2 E) + 1, step 2^(E-S). */
  g_assert_cmpuint(padme_round(0), ==, 0);
  g_assert_cmpuint(padme_round(1), ==, 1);
  g_assert_cmpuint(padme_round(9), ==, 10);      /* E=3 S=2 step 2 */
  g_assert_cmpuint(padme_round(100), ==, 104);   /* E=6 S=3 step 8 */
  g_assert_cmpuint(padme_round(1000), ==, 1024); /* E=9 S=4 step 32 */
  g_assert_cmpuint(padme_step(65536), ==, 2048); /* E=16 S=5 */
  g_assert_cmpuint(padme_round(65537), ==, 65536 + 2048);
  g_assert_cmpuint(padme_step(1ull << 30), ==, 1ull << 25); /* E=30 S=5 */
}

static void test_bounded_overhead(void) {
  for (guint64 len = 1; len < (1u << 20); len += 97) {
    guint64 rounded = padme_round(len);
    g_assert_cmpuint(rounded, >=, len);
    g_assert_cmpuint((rounded - len) * 100, <=, len * 12 + 100);
    g_assert_cmpuint(padme_round(rounded), ==, rounded);
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/padme/known-values", test_known_values);
  g_test_add_func("/padme/bounded-overhead", test_bounded_overhead);
  return g_test_run();
}
