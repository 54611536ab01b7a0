/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-languages.c: the languages Amanat is translated into (i18n/LINGUAS), each
 * named in itself. The direction is kept here
 * because GTK has no catalogue of its own for some of them (PLATFORM.md: ckb, bo, ti), so it
 * can't tell that Sorani Kurdish is written right to left. */
#include "config.h"

#include <string.h>

#include "amanat-settings-languages.h"

static const AmanatLanguage languages[] = {
    {"en", "English", FALSE},     {"ar", "العربية", TRUE},         {"fa", "فارسی", TRUE},
    {"ug", "ئۇيغۇرچە", TRUE},     {"ckb", "کوردی (سۆرانی)", TRUE}, {"ur", "اردو", TRUE},
    {"ru", "Русский", FALSE},     {"uk", "Українська", FALSE},     {"be", "Беларуская", FALSE},
    {"zh_CN", "简体中文", FALSE}, {"zh_TW", "繁體中文", FALSE},    {"bo", "བོད་ཡིག", FALSE},
    {"ko", "한국어", FALSE},      {"tr", "Türkçe", FALSE},         {"vi", "Tiếng Việt", FALSE},
    {"my", "မြန်မာဘာသာ", FALSE},   {"ti", "ትግርኛ", FALSE},           {"am", "አማርኛ", FALSE},
    {"es", "Español", FALSE},     {"fr", "Français", FALSE},       {NULL, NULL, FALSE},
};

const AmanatLanguage *amanat_settings_languages(void) {
  return languages;
}

const AmanatLanguage *amanat_settings_language_find(const char *code) {
  if (code == NULL)
    return NULL;
  for (const AmanatLanguage *l = languages; l->code != NULL; l++)
    if (strcmp(l->code, code) == 0)
      return l;
  return NULL;
}

/* The first of the user's languages (LANGUAGE, then the locale) that is in the table, as
 * gettext would choose it; NULL when English (C) comes first. */
const AmanatLanguage *amanat_settings_language_of_environment(void) {
  for (const char *const *name = g_get_language_names(); *name != NULL; name++) {
    if (strcmp(*name, "C") == 0 || strcmp(*name, "POSIX") == 0)
      return NULL;
    const AmanatLanguage *found = amanat_settings_language_find(*name);
    if (found != NULL)
      return found;
  }
  return NULL;
}
