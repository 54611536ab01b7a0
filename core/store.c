/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store.c: transactions, ids, dates and tags on the open space's database. */
#include "store.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io.h"
#include "space_db.h"
#include "vault_files.h"

/* Inside a batch, every change runs in the batch's one transaction. */
int store_begin(amanat_vault *v) {
  if (v->batch != NULL)
    return v->batch_error;
  return space_db_exec(v->db, "BEGIN IMMEDIATE;");
}

int store_commit(amanat_vault *v) {
  if (v->batch != NULL)
    return v->batch_error;
  int rc = space_db_exec(v->db, "COMMIT;");
  if (rc != AMANAT_OK) {
    store_fail(v, rc);
    return rc;
  }
  /* Committed is committed: the WAL was synced. A checkpoint that fails now (a full
   * disk) is tried again after the next change and when the vault is locked. */
  int settled = space_db_settle(v->db);
  (void)settled;
  vault_files_touch(v->dir_fd);
  return AMANAT_OK;
}

void store_fail(amanat_vault *v, int rc) {
  if (v->batch != NULL) {
    /* Part of the change may be in the batch's transaction: the batch must not commit. */
    if (v->batch_error == AMANAT_OK)
      v->batch_error = rc != AMANAT_OK ? rc : AMANAT_E_IO;
    return;
  }
  if (!sqlite3_get_autocommit(v->db))
    (void)sqlite3_exec(v->db, "ROLLBACK;", NULL, NULL, NULL);
}

int store_prepare(amanat_vault *v, const char *sql, sqlite3_stmt **out) {
  *out = NULL;
  return space_db_error(v->db, sqlite3_prepare_v2(v->db, sql, -1, out, NULL));
}

int store_run(amanat_vault *v, sqlite3_stmt *stmt) {
  int rc = sqlite3_step(stmt);
  int final_rc = sqlite3_finalize(stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    rc = final_rc;
  return space_db_error(v->db, rc);
}

void store_today(char out[11]) {
  time_t now = time(NULL);
  struct tm day;
  gmtime_r(&now, &day);
  strftime(out, 11, "%Y-%m-%d", &day);
}

void store_new_uid(uint8_t uid[STORE_UID_LEN], char hex[STORE_HEX_LEN + 1]) {
  io_random(uid, STORE_UID_LEN);
  sodium_bin2hex(hex, STORE_HEX_LEN + 1, uid, STORE_UID_LEN);
}

int store_resolve(amanat_vault *v, const char *table, const char *prefix, sqlite3_int64 *rowid,
                  char id_out[AMANAT_ID_LEN + 1]) {
  char low[STORE_HEX_LEN + 1], high[STORE_HEX_LEN + 1];
  size_t len = prefix != NULL ? strlen(prefix) : 0;
  if (len < 4 || len > STORE_HEX_LEN)
    return AMANAT_E_INVALID;
  for (size_t i = 0; i < len; i++) {
    char c = prefix[i];
    if (c >= 'A' && c <= 'F')
      c = (char)(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return AMANAT_E_INVALID;
    low[i] = high[i] = c;
  }
  low[len] = high[len] = '\0';
  high[len - 1]++; /* every id starting with `low` sorts below `high` */

  char sql[128];
  snprintf(sql, sizeof sql, "SELECT id, hex FROM %s WHERE hex >= ?1 AND hex < ?2 LIMIT 2;",
           strcmp(table, "contacts") == 0 ? "contacts" : "documents");
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, sql, &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_text(stmt, 1, low, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, high, -1, SQLITE_STATIC);
  int found = 0;
  int step;
  while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (found++ == 0) {
      *rowid = sqlite3_column_int64(stmt, 0);
      const unsigned char *hex = sqlite3_column_text(stmt, 1);
      snprintf(id_out, AMANAT_ID_LEN + 1, "%s", hex != NULL ? (const char *)hex : "");
    }
  }
  int final_rc = sqlite3_finalize(stmt);
  if (step != SQLITE_DONE)
    return space_db_error(v->db, step);
  if (final_rc != SQLITE_OK)
    return space_db_error(v->db, final_rc);
  if (found == 0)
    return AMANAT_E_NOT_FOUND;
  return found > 1 ? AMANAT_E_AMBIGUOUS : AMANAT_OK;
}

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_sequence(const unsigned char *p, size_t left) {
  unsigned c = p[0];
  size_t n = c < 0x80                 ? 1
             : c >= 0xc2 && c <= 0xdf ? 2
             : c >= 0xe0 && c <= 0xef ? 3
             : c >= 0xf0 && c <= 0xf4 ? 4
                                      : 0;
  if (n == 0 || n > left)
    return 0;
  for (size_t k = 1; k < n; k++)
    if ((p[k] & 0xc0) != 0x80)
      return 0;
  if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0) || (c == 0xf0 && p[1] < 0x90) ||
      (c == 0xf4 && p[1] >= 0x90))
    return 0;
  return n;
}

int store_check_text(const char *text, size_t max_len, int multiline) {
  if (text == NULL)
    return AMANAT_E_INVALID;
  size_t len = strlen(text);
  if (len > max_len)
    return AMANAT_E_INVALID;
  const unsigned char *p = (const unsigned char *)text;
  for (size_t i = 0; i < len;) {
    size_t n = utf8_sequence(p + i, len - i);
    if (n == 0)
      return AMANAT_E_INVALID;
    unsigned c = p[i];
    if (n == 1 && (c < 0x20 || c == 0x7f) && !(multiline && (c == '\n' || c == '\t' || c == '\r')))
      return AMANAT_E_INVALID;
    i += n;
  }
  return AMANAT_OK;
}

int store_tag_id(amanat_vault *v, const char *name, sqlite3_int64 *id) {
  if (name == NULL || name[0] == '\0' || store_check_text(name, 200, 0) != AMANAT_OK)
    return AMANAT_E_INVALID;
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "INSERT OR IGNORE INTO tags(name) VALUES (?1);", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  rc = store_run(v, stmt);
  if (rc != AMANAT_OK)
    return rc;
  rc = store_prepare(v, "SELECT id FROM tags WHERE name = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW)
    *id = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return step == SQLITE_ROW ? AMANAT_OK : space_db_error(v->db, step);
}

const char **store_split_list(char *joined, size_t *count) {
  size_t n = 0;
  if (joined != NULL && joined[0] != '\0') {
    n = 1;
    for (char *p = joined; *p != '\0'; p++)
      n += *p == '\x1f';
  }
  const char **items = io_calloc(n + 1, sizeof *items);
  if (items == NULL)
    return NULL;
  size_t i = 0;
  for (char *p = joined; n > 0 && p != NULL; i++) {
    items[i] = p;
    p = strchr(p, '\x1f');
    if (p != NULL)
      *p++ = '\0';
  }
  *count = n;
  return items;
}
