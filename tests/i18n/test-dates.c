/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dates.c: days are written in the app's language even though the system has only the
 * C.UTF-8 locale: for every built language, the month's name is the catalogue's, never the
 * C locale's English one (unless the translation is the same word). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "amanat-dates.h"
#include "amanat-translations.h"

static void test_english(void) {
  g_setenv("LANGUAGE", "", TRUE);
  textdomain(textdomain(NULL));
  g_autoptr(GDateTime) day = g_date_time_new_utc(2024, 5, 5, 12, 0, 0);
  g_autofree char *text = amanat_format_day(day);
  g_assert_cmpstr(text, ==, "5 May 2024");
  g_autofree char *iso = amanat_format_iso_day("2023-11-30T10:00:00Z");
  g_assert_cmpstr(iso, ==, "30 Nov 2023");
  g_autofree char *bad = amanat_format_iso_day("not a day");
  g_assert_cmpstr(bad, ==, "not a day");
}

static void test_language(gconstpointer data) {
  const char *code = data;
  g_setenv("LANGUAGE", code, TRUE);
  textdomain(textdomain(NULL)); /* glibc drops what it cached for the old language */
  g_autoptr(GDateTime) day = g_date_time_new_utc(2024, 5, 5, 12, 0, 0);
  g_autofree char *text = amanat_format_day(day);
  /* xgettext:no-c-format */
  const char *format = _("%e %b %Y");
  const char *month = C_("month", "May");
  g_test_message("%s: %s (format %s)", code, text, format);
  g_assert_nonnull(strstr(text, "2024"));
  g_assert_true(strchr(format, '%') != NULL);
  if (strstr(format, "%b") != NULL) {
    g_assert_nonnull(strstr(text, month));
    if (strcmp(month, "May") != 0)
      g_assert_null(strstr(text, "May"));
  } else {
    g_assert_null(strstr(text, "May"));
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  amanat_translations_setup();
  g_test_add_func("/dates/english", test_english);
  const char *root = g_getenv("AMANAT_SOURCE_ROOT");
  g_assert_nonnull(root);
  g_autofree char *path = g_build_filename(root, "i18n", "LINGUAS", NULL);
  g_autofree char *linguas = NULL;
  g_assert_true(g_file_get_contents(path, &linguas, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit(linguas, "\n", -1);
  for (char **l = lines; *l != NULL; l++) {
    g_strstrip(*l);
    if ((*l)[0] == '\0' || (*l)[0] == '#')
      continue;
    g_autofree char *name = g_strdup_printf("/dates/%s", *l);
    g_test_add_data_func(name, *l, test_language);
  }
  return g_test_run();
}
