/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-store.c: the app's settings live in the vault's own `settings` table, in
 * the space in use, through the core's amanat_setting_* calls. Never on disk outside the
 * vault: a checklist tick says too much. `dir` is kept in the API for callers, unused. */
#include "config.h"

#include <stdlib.h>

#include "amanat-settings-store.h"

int amanat_settings_store_get(amanat_vault *vault, const char *dir, const char *name,
                              char **value) {
  g_return_val_if_fail(dir != NULL && name != NULL && value != NULL, AMANAT_E_INVALID);
  *value = NULL;
  if (vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  char *stored = NULL; /* malloc'd by the core: handed on as GLib memory */
  int rc = amanat_setting_get(vault, name, &stored);
  if (rc == AMANAT_OK)
    *value = g_strdup(stored);
  free(stored);
  return rc;
}

int amanat_settings_store_set(amanat_vault *vault, const char *dir, const char *name,
                              const char *value) {
  g_return_val_if_fail(dir != NULL && name != NULL && value != NULL, AMANAT_E_INVALID);
  if (vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_setting_set(vault, name, value);
}

guint amanat_settings_store_get_uint(amanat_vault *vault, const char *dir, const char *name,
                                     guint min, guint max, guint fallback) {
  g_autofree char *text = NULL;
  if (amanat_settings_store_get(vault, dir, name, &text) != AMANAT_OK)
    return fallback;
  guint64 number = 0;
  if (!g_ascii_string_to_unsigned(text, 10, min, max, &number, NULL))
    return fallback;
  return (guint)number;
}

int amanat_settings_store_set_uint(amanat_vault *vault, const char *dir, const char *name,
                                   guint value) {
  char text[16];
  g_snprintf(text, sizeof text, "%u", value);
  return amanat_settings_store_set(vault, dir, name, text);
}

int amanat_settings_check_password(amanat_vault *vault, const char *password, size_t password_len) {
  g_return_val_if_fail(password != NULL, AMANAT_E_INVALID);
  if (vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_vault_check_password(vault, password, password_len);
}
