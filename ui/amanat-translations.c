/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-translations.c: gettext set-up shared by the app and the command line. */
#include "config.h"

#include "amanat-translations.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

/* `relative` inside the build folder that holds the running binary, found by walking up from
 * /proc/self/exe to a folder with meson's build.ninja and the built catalogues. Nothing about the
 * build path is compiled in, so two builds in different folders give identical binaries. */
char *amanat_build_tree_dir(const char *relative) {
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (exe == NULL)
    return NULL;
  g_autofree char *dir = g_path_get_dirname(exe);
  for (int depth = 0; depth < 4; depth++) {
    g_autofree char *ninja = g_build_filename(dir, "build.ninja", NULL);
    g_autofree char *catalogues = g_build_filename(dir, relative, NULL);
    if (g_file_test(ninja, G_FILE_TEST_IS_REGULAR) && g_file_test(catalogues, G_FILE_TEST_IS_DIR))
      return g_steal_pointer(&catalogues);
    char *parent = g_path_get_dirname(dir);
    g_free(dir);
    dir = parent;
  }
  return NULL;
}

/* The language part of a locale name: "fr_FR.UTF-8@euro" -> "fr_FR". */
static char *language_of(const char *locale) {
  return g_strndup(locale, strcspn(locale, ".@"));
}

/* A fresh Debian has only C.UTF-8 (PLATFORM.md): a LANG=fr_FR.UTF-8 that names a locale
 * which is not installed makes setlocale() fail, and gettext would then ignore every
 * language. Run in C.UTF-8 instead and carry the language over in LANGUAGE, which glibc
 * honours there, so the command line still follows LANG. */
static void set_locale(void) {
  if (setlocale(LC_ALL, "") != NULL)
    return;
  const char *wanted = NULL;
  const char *const variables[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (gsize i = 0; i < G_N_ELEMENTS(variables) && wanted == NULL; i++) {
    const char *value = g_getenv(variables[i]);
    if (value != NULL && value[0] != '\0')
      wanted = value;
  }
  setlocale(LC_ALL, "C.UTF-8");
  const char *language = g_getenv("LANGUAGE");
  if (wanted != NULL && (language == NULL || language[0] == '\0') && strcmp(wanted, "C") != 0 &&
      strcmp(wanted, "POSIX") != 0 && !g_str_has_prefix(wanted, "C.")) {
    g_autofree char *code = language_of(wanted);
    g_setenv("LANGUAGE", code, TRUE);
  }
}

void amanat_translations_setup(void) {
  set_locale();
  g_autofree char *built = amanat_build_tree_dir("i18n");
  bindtextdomain(GETTEXT_PACKAGE, built != NULL ? built : LOCALEDIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
}

/* Whether `dir` holds a catalogue of `domain` for `language`. */
static gboolean has_catalogue(const char *dir, const char *domain, const char *language) {
  g_autofree char *file = g_strconcat(domain, ".mo", NULL);
  g_autofree char *path = g_build_filename(dir, language, "LC_MESSAGES", file, NULL);
  return g_file_test(path, G_FILE_TEST_IS_REGULAR);
}

static void supply_domain(const char *domain, const char **system_dir) {
  if (*system_dir == NULL)
    *system_dir = g_strdup(bindtextdomain(domain, NULL));
  g_autofree char *relative = g_build_filename("i18n", "toolkit", domain, NULL);
  g_autofree char *built = amanat_build_tree_dir(relative);
  const char *ours = built != NULL ? built : TOOLKIT_LOCALEDIR;
  const char *chosen = *system_dir;
  for (const char *const *name = g_get_language_names(); *name != NULL; name++) {
    if (strcmp(*name, "C") == 0 || strcmp(*name, "POSIX") == 0 ||
        has_catalogue(*system_dir, domain, *name))
      break;
    if (has_catalogue(ours, domain, *name)) {
      chosen = ours;
      break;
    }
  }
  bindtextdomain(domain, chosen);
  bind_textdomain_codeset(domain, "UTF-8");
}

void amanat_translations_supply_toolkit(void) {
  /* Where GTK and libadwaita bound their domains at start-up, kept for language changes. */
  static const char *gtk_dir, *adw_dir;
  supply_domain("gtk40", &gtk_dir);
  supply_domain("libadwaita", &adw_dir);
}
