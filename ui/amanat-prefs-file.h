/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-prefs-file.h: the few settings needed before a vault is unlocked (the language, the
 * last vault folder) in one small key file, $XDG_CONFIG_HOME/amanat/prefs. Nothing sensitive
 * goes there: every other setting lives inside the vault, never in GSettings or dconf. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The file's path. Free with g_free. */
char *amanat_prefs_file_path(void);

/* The language code chosen in Amanat ("ar", "zh_CN"…), or NULL for the system's. */
char *amanat_prefs_file_dup_language(void);
/* NULL or "" goes back to the system's language. FALSE with `error` set for a code that is
 * not one (letters, digits, '_', '@' and '-' only) or when the file can't be written. */
gboolean amanat_prefs_file_set_language(const char *code, GError **error);

/* The folder of the vault last opened, or NULL. */
char *amanat_prefs_file_dup_last_vault(void);
/* Stores `dir` (made absolute). Writes nothing when it is already the one stored. */
gboolean amanat_prefs_file_set_last_vault(const char *dir, GError **error);

/* Sets LANGUAGE from the file, before any window is built (gettext reads it at each lookup;
 * PLATFORM.md: never setlocale to a named locale). Returns the code applied, or NULL when the
 * file names none. Free with g_free. */
char *amanat_prefs_file_apply_language(void);

G_END_DECLS
