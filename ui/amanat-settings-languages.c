/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-languages.c: the languages of the communities DESIGN.md names, whether or
 * not a translation is built yet (gettext falls back to English). The direction is kept here
 * because GTK has no catalogue of its own for some of them (PLATFORM.md: ckb, bo, ti), so it
 * can't tell that Sorani Kurdish is written right to left. */
#include "config.h"

#include <string.h>

#include "amanat-settings-languages.h"

static const AmanatLanguage languages[] = {
    {"en", "English", FALSE},
    {"ar", "العربية", TRUE},
    {"fa", "فارسی", TRUE},
    {"ckb", "کوردی (سۆرانی)", TRUE},
    {"ku", "Kurdî (Kurmancî)", FALSE},
    {"tr", "Türkçe", FALSE},
    {"ru", "Русский", FALSE},
    {"uk", "Українська", FALSE},
    {"ug", "ئۇيغۇرچە", TRUE},
    {"ur", "اردو", TRUE},
    {"ps", "پښتو", TRUE},
    {"bo", "བོད་ཡིག", FALSE},
    {"my", "မြန်မာဘာသာ", FALSE},
    {"ti", "ትግርኛ", FALSE},
    {"am", "አማርኛ", FALSE},
    {"zh_CN", "简体中文", FALSE},
    {"zh_TW", "繁體中文", FALSE},
    {"es", "Español", FALSE},
    {"fr", "Français", FALSE},
    {NULL, NULL, FALSE},
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
