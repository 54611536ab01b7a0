/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-store.c: until the core offers get/set functions for its `settings` table,
 * the values are kept in this process's memory only, per vault folder: they last until Amanat
 * quits. Never on disk outside the vault: a checklist tick or "a duress password is set" says
 * too much. Swap the two marked calls for the core's and the rest stays as it is. */
#include "config.h"

#include "amanat-settings-store.h"

static GMutex store_mutex;
static GHashTable *store; /* "dir\nname" -> value */

static char *store_key(const char *dir, const char *name) {
  return g_strconcat(dir, "\n", name, NULL);
}

int amanat_settings_store_get(amanat_vault *vault, const char *dir, const char *name,
                              char **value) {
  g_return_val_if_fail(dir != NULL && name != NULL && value != NULL, AMANAT_E_INVALID);
  *value = NULL;
  if (vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  /* Core: return amanat_setting_get(vault, name, value); */
  g_autofree char *key = store_key(dir, name);
  g_mutex_lock(&store_mutex);
  const char *found = store != NULL ? g_hash_table_lookup(store, key) : NULL;
  *value = g_strdup(found);
  g_mutex_unlock(&store_mutex);
  return found != NULL ? AMANAT_OK : AMANAT_E_NOT_FOUND;
}

int amanat_settings_store_set(amanat_vault *vault, const char *dir, const char *name,
                              const char *value) {
  g_return_val_if_fail(dir != NULL && name != NULL && value != NULL, AMANAT_E_INVALID);
  if (vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  if (!g_utf8_validate(value, -1, NULL))
    return AMANAT_E_INVALID;
  /* Core: return amanat_setting_set(vault, name, value); */
  g_mutex_lock(&store_mutex);
  if (store == NULL)
    store = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace(store, store_key(dir, name), g_strdup(value));
  g_mutex_unlock(&store_mutex);
  return AMANAT_OK;
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
  if (password_len == 0)
    return AMANAT_E_EMPTY_PASSWORD;
  /* Core: return amanat_vault_check_password(vault, password, password_len);
   * Until then nothing here can check it: the core keeps the session's key to itself, and
   * opening the folder a second time to try the password is refused while it is open (flock).
   * So the current password is asked for but not yet verified. */
  return AMANAT_OK;
}
