/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-languages.h: the languages offered in Settings, each by its own name. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *code;    /* for LANGUAGE: "ar", "zh_CN" */
  const char *endonym; /* the language's name in itself: never translated */
  gboolean right_to_left;
} AmanatLanguage;

/* The table, ending with a { NULL } entry. */
const AmanatLanguage *amanat_settings_languages(void);
/* The entry for `code`, or NULL. */
const AmanatLanguage *amanat_settings_language_find(const char *code);
/* The entry gettext would use for the environment's languages, or NULL for English. */
const AmanatLanguage *amanat_settings_language_of_environment(void);

G_END_DECLS
