/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-language.c: amanat-cli speaks the user's language, found from LANGUAGE or from LANG
 * even when LANG names a locale this system does not have (a fresh Debian has only
 * C.UTF-8), using the catalogues of the build folder it runs from. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "amanat-translations.h"

/* Runs `amanat-cli --help` with a clean environment plus `env` (NULL-terminated pairs). */
static char *help_with(const char *const *env) {
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  const char *const empty[] = {NULL};
  g_subprocess_launcher_set_environ(launcher, (char **)empty);
  g_subprocess_launcher_setenv(launcher, "PATH", "/usr/bin:/bin", TRUE);
  for (const char *const *e = env; *e != NULL; e += 2)
    g_subprocess_launcher_setenv(launcher, e[0], e[1], TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) cli =
      g_subprocess_launcher_spawn(launcher, &error, AMANAT_CLI_PATH, "--help", NULL);
  g_assert_no_error(error);
  char *out = NULL;
  g_assert_true(g_subprocess_communicate_utf8(cli, NULL, NULL, &out, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(g_subprocess_get_successful(cli));
  return out;
}

static const char *const msgid = "Exit status: 0 success, 1 failure, 2 usage error, 3 wrong "
                                 "password.";

/* The translation this test process finds for `code` in the build's catalogue. */
static char *expected_for(const char *code) {
  g_setenv("LANGUAGE", code, TRUE);
  textdomain(textdomain(NULL));
  char *translated = g_strdup(gettext(msgid));
  g_setenv("LANGUAGE", "", TRUE);
  textdomain(textdomain(NULL));
  return translated;
}

static void test_language(gconstpointer data) {
  const char *code = data;
  g_autofree char *expected = expected_for(code);
  g_assert_cmpstr(expected, !=, msgid);

  const char *const by_language[] = {"LC_ALL", "C.UTF-8", "LANGUAGE", code, NULL};
  g_autofree char *a = help_with(by_language);
  g_assert_nonnull(strstr(a, expected));
  g_assert_null(strstr(a, msgid));

  /* LANG names a locale that is not installed here. */
  g_autofree char *locale = g_strdup_printf("%s%s.UTF-8", code, strchr(code, '_') ? "" : "_XX");
  const char *const by_lang[] = {"LANG", locale, NULL};
  g_autofree char *b = help_with(by_lang);
  g_assert_nonnull(strstr(b, expected));
}

static void test_english(void) {
  const char *const c[] = {"LC_ALL", "C.UTF-8", NULL};
  g_autofree char *out = help_with(c);
  g_assert_nonnull(strstr(out, msgid));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  amanat_translations_setup();
  g_test_add_func("/cli-language/english", test_english);
  const char *const languages[] = {"ar", "ru", "zh_CN", "bo", "fr"};
  for (gsize i = 0; i < G_N_ELEMENTS(languages); i++) {
    g_autofree char *name = g_strdup_printf("/cli-language/%s", languages[i]);
    g_test_add_data_func(name, languages[i], test_language);
  }
  return g_test_run();
}
