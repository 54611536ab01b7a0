/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-translations.c: gettext set-up shared by the app and the command line. */
#include "config.h"

#include "amanat-translations.h"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* Binaries run from the build folder use the catalogues built there. */
static const char *locale_dir(void) {
  g_autofree char *exe = realpath("/proc/self/exe", NULL);
  g_autofree char *root = realpath(BUILD_ROOT, NULL);
  if (exe == NULL || root == NULL)
    return LOCALEDIR;
  size_t n = strlen(root);
  if (strncmp(exe, root, n) == 0 && exe[n] == '/')
    return BUILD_LOCALEDIR;
  return LOCALEDIR;
}

void amanat_translations_setup(void) {
  setlocale(LC_ALL, "");
  bindtextdomain(GETTEXT_PACKAGE, locale_dir());
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
}
