/* SPDX-License-Identifier: GPL-3.0-or-later */
/* settings.c: the app's own settings, kept in the space's `settings` table beside the
 * core's. Only names under "ui." are reachable, so the core's rows (sync counters, the
 * identity's private key) can be neither read nor overwritten through here. */
#include <stdlib.h>
#include <string.h>

#include "amanat.h"
#include "space_db.h"
#include "store.h"
#include "vault_internal.h"
#include "io.h"

#define SETTING_PREFIX    "ui."
#define SETTING_NAME_MAX  200
#define SETTING_VALUE_MAX (64u * 1024u)

static int check_name(const char *name) {
  size_t prefix_len = strlen(SETTING_PREFIX);
  if (name == NULL || strncmp(name, SETTING_PREFIX, prefix_len) != 0 || name[prefix_len] == '\0')
    return AMANAT_E_INVALID;
  return store_check_text(name, SETTING_NAME_MAX, 0) == AMANAT_OK ? AMANAT_OK : AMANAT_E_INVALID;
}

int amanat_setting_get(amanat_vault *v, const char *name, char **value) {
  *value = NULL;
  int rc = check_name(name);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = store_prepare(v, "SELECT value FROM settings WHERE name = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW) {
    size_t len = (size_t)sqlite3_column_bytes(stmt, 0);
    const void *bytes = sqlite3_column_blob(stmt, 0);
    char *copy = io_malloc(len + 1);
    if (copy == NULL) {
      rc = AMANAT_E_NOMEM;
    } else {
      if (len > 0)
        memcpy(copy, bytes, len);
      copy[len] = '\0';
      *value = copy;
    }
  } else {
    rc = step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : space_db_error(v->db, step);
  }
  sqlite3_finalize(stmt);
  return rc;
}

int amanat_setting_set(amanat_vault *v, const char *name, const char *value) {
  if (check_name(name) != AMANAT_OK || store_check_text(value, SETTING_VALUE_MAX, 1) != AMANAT_OK)
    return AMANAT_E_INVALID;
  int rc = store_begin(v);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_stmt *stmt = NULL;
  rc = store_prepare(v, "INSERT OR REPLACE INTO settings(name, value) VALUES (?1, ?2);", &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
    rc = store_run(v, stmt);
  }
  if (rc == AMANAT_OK)
    return store_commit(v);
  store_fail(v, rc);
  return rc;
}
