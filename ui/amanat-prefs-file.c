/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-prefs-file.c: a GKeyFile written whole and atomically. g_file_set_contents_full() with
 * CONSISTENT | DURABLE writes a temporary file (mode 0600), fsyncs it, renames it over the old
 * one and then fsyncs the folder, so that a crash can't lose the rename (seen with strace on
 * Debian 12's GLib 2.74: open tmp, fsync, rename, open folder, fsync). */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libintl.h>
#include <string.h>

#include "amanat-prefs-file.h"

#define GROUP        "amanat"
#define KEY_LANGUAGE "language"
#define KEY_VAULT    "last-vault"

char *amanat_prefs_file_path(void) {
  return g_build_filename(g_get_user_config_dir(), "amanat", "prefs", NULL);
}

static GKeyFile *load(void) {
  g_autofree char *path = amanat_prefs_file_path();
  GKeyFile *file = g_key_file_new();
  /* A missing or broken file is an empty one: it holds nothing that can't be chosen again. */
  (void)g_key_file_load_from_file(file, path, G_KEY_FILE_NONE, NULL);
  return file;
}

static gboolean save(GKeyFile *file, GError **error) {
  g_autofree char *path = amanat_prefs_file_path();
  g_autofree char *dir = g_path_get_dirname(path);
  if (g_mkdir_with_parents(dir, 0700) != 0) {
    int saved = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "%s", g_strerror(saved));
    return FALSE;
  }
  gsize len = 0;
  g_autofree char *data = g_key_file_to_data(file, &len, NULL);
  return g_file_set_contents_full(path, data, (gssize)len,
                                  G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                  0600, error);
}

static gboolean valid_language(const char *code) {
  size_t len = strlen(code);
  if (len == 0 || len > 32)
    return FALSE;
  for (size_t i = 0; i < len; i++)
    if (!g_ascii_isalnum(code[i]) && strchr("_@-", code[i]) == NULL)
      return FALSE;
  return TRUE;
}

char *amanat_prefs_file_dup_language(void) {
  g_autoptr(GKeyFile) file = load();
  g_autofree char *code = g_key_file_get_string(file, GROUP, KEY_LANGUAGE, NULL);
  if (code == NULL || !valid_language(code))
    return NULL;
  return g_steal_pointer(&code);
}

gboolean amanat_prefs_file_set_language(const char *code, GError **error) {
  if (code != NULL && code[0] != '\0' && !valid_language(code)) {
    g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("That is not a language code."));
    return FALSE;
  }
  g_autoptr(GKeyFile) file = load();
  if (code == NULL || code[0] == '\0')
    (void)g_key_file_remove_key(file, GROUP, KEY_LANGUAGE, NULL);
  else
    g_key_file_set_string(file, GROUP, KEY_LANGUAGE, code);
  return save(file, error);
}

char *amanat_prefs_file_dup_last_vault(void) {
  g_autoptr(GKeyFile) file = load();
  g_autofree char *dir = g_key_file_get_string(file, GROUP, KEY_VAULT, NULL);
  if (dir == NULL || !g_path_is_absolute(dir))
    return NULL;
  return g_steal_pointer(&dir);
}

gboolean amanat_prefs_file_set_last_vault(const char *dir, GError **error) {
  g_return_val_if_fail(dir != NULL, FALSE);
  g_autofree char *absolute = g_canonicalize_filename(dir, NULL);
  g_autoptr(GKeyFile) file = load();
  g_autofree char *old = g_key_file_get_string(file, GROUP, KEY_VAULT, NULL);
  if (g_strcmp0(old, absolute) == 0)
    return TRUE;
  g_key_file_set_string(file, GROUP, KEY_VAULT, absolute);
  return save(file, error);
}

char *amanat_prefs_file_apply_language(void) {
  char *code = amanat_prefs_file_dup_language();
  if (code == NULL)
    return NULL;
  g_setenv("LANGUAGE", code, TRUE);
  /* Re-setting the domain makes glibc drop translations it cached for the old language. */
  textdomain(textdomain(NULL));
  return code;
}
