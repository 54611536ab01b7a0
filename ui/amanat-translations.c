/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-translations.c: gettext set-up shared by the app and the command line. */
#include "config.h"

#include "amanat-translations.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

/* The build folder that holds the running binary, found by walking up from /proc/self/exe
 * to a folder with meson's build.ninja and the built catalogues. Nothing about the build
 * path is compiled in, so two builds in different folders give identical binaries. */
static char *build_tree_locale_dir(void) {
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (exe == NULL)
    return NULL;
  g_autofree char *dir = g_path_get_dirname(exe);
  for (int depth = 0; depth < 4; depth++) {
    g_autofree char *ninja = g_build_filename(dir, "build.ninja", NULL);
    g_autofree char *catalogues = g_build_filename(dir, "i18n", NULL);
    if (g_file_test(ninja, G_FILE_TEST_IS_REGULAR) &&
        g_file_test(catalogues, G_FILE_TEST_IS_DIR))
      return g_steal_pointer(&catalogues);
    char *parent = g_path_get_dirname(dir);
    g_free(dir);
    dir = parent;
  }
  return NULL;
}

void amanat_translations_setup(void) {
  setlocale(LC_ALL, "");
  g_autofree char *built = build_tree_locale_dir();
  bindtextdomain(GETTEXT_PACKAGE, built != NULL ? built : LOCALEDIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
}
