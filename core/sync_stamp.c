/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_stamp.c: versions of local changes, and the counters behind them (kept in the
 * space's settings table). */
#include "sync_stamp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "space_db.h"
#include "store.h"

#define SETTING_ORIGIN "sync.origin"
#define SETTING_CLOCK  "sync.clock"
#define SETTING_SEQ    "sync.seq"

static int read_int_setting(amanat_vault *v, const char *name, sqlite3_int64 *value) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT value FROM settings WHERE name = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  int step = sqlite3_step(stmt);
  *value = step == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  return step == SQLITE_ROW || step == SQLITE_DONE ? AMANAT_OK : space_db_error(v->db, step);
}

static int write_int_setting(amanat_vault *v, const char *name, sqlite3_int64 value) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "INSERT OR REPLACE INTO settings(name, value) VALUES (?1, ?2);", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, value);
  return store_run(v, stmt);
}

int sync_origin(amanat_vault *v, uint8_t origin[SYNC_ORIGIN_LEN]) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT value FROM settings WHERE name = '" SETTING_ORIGIN "';", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == SYNC_ORIGIN_LEN) {
    memcpy(origin, sqlite3_column_blob(stmt, 0), SYNC_ORIGIN_LEN);
    sqlite3_finalize(stmt);
    return AMANAT_OK;
  }
  sqlite3_finalize(stmt);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return space_db_error(v->db, step);
  io_random(origin, SYNC_ORIGIN_LEN);
  rc = store_prepare(
      v, "INSERT OR REPLACE INTO settings(name, value) VALUES ('" SETTING_ORIGIN "', ?1);", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, origin, SYNC_ORIGIN_LEN, SQLITE_STATIC);
  return store_run(v, stmt);
}

int sync_last_seq(amanat_vault *v, sqlite3_int64 *seq) {
  return read_int_setting(v, SETTING_SEQ, seq);
}

int sync_next_seq(amanat_vault *v, sqlite3_int64 *seq) {
  int rc = read_int_setting(v, SETTING_SEQ, seq);
  if (rc == AMANAT_OK)
    rc = write_int_setting(v, SETTING_SEQ, ++*seq);
  return rc;
}

int sync_observe_clock(amanat_vault *v, uint64_t seen) {
  sqlite3_int64 clock = 0;
  int rc = read_int_setting(v, SETTING_CLOCK, &clock);
  if (rc == AMANAT_OK && seen > (uint64_t)clock)
    rc = write_int_setting(v, SETTING_CLOCK, (sqlite3_int64)seen);
  return rc;
}

/* The clock of a new local version: past every version this space has seen. */
static int tick_clock(amanat_vault *v, uint64_t *clock) {
  sqlite3_int64 now = 0;
  int rc = read_int_setting(v, SETTING_CLOCK, &now);
  if (rc == AMANAT_OK && now == INT64_MAX)
    rc = AMANAT_E_INVALID;
  if (rc == AMANAT_OK)
    rc = write_int_setting(v, SETTING_CLOCK, now + 1);
  *clock = (uint64_t)now + 1;
  return rc;
}

static const char *table_of(sync_item_kind kind) {
  return kind == SYNC_ITEM_DOCUMENT ? "documents" : "contacts";
}

int sync_read_version(amanat_vault *v, sync_item_kind kind, sqlite3_int64 row, sync_vv *vv,
                      uint64_t *clock, uint8_t origin[SYNC_ORIGIN_LEN]) {
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT vv, clock, origin FROM %s WHERE id = ?1;", table_of(kind));
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, sql, &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, row);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW) {
    rc = sync_vv_decode(sqlite3_column_blob(stmt, 0), (size_t)sqlite3_column_bytes(stmt, 0), vv);
    *clock = (uint64_t)sqlite3_column_int64(stmt, 1);
    memset(origin, 0, SYNC_ORIGIN_LEN);
    if (sqlite3_column_bytes(stmt, 2) == SYNC_ORIGIN_LEN)
      memcpy(origin, sqlite3_column_blob(stmt, 2), SYNC_ORIGIN_LEN);
    if (rc != AMANAT_OK)
      rc = AMANAT_E_DAMAGED;
  } else {
    rc = step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : space_db_error(v->db, step);
  }
  sqlite3_finalize(stmt);
  return rc;
}

/* The next version of row `row` by this replica. */
static int next_version(amanat_vault *v, sync_item_kind kind, sqlite3_int64 row, sync_vv *vv,
                        uint64_t *clock, uint8_t origin[SYNC_ORIGIN_LEN]) {
  uint64_t old_clock = 0;
  int rc = sync_read_version(v, kind, row, vv, &old_clock, origin);
  if (rc == AMANAT_OK)
    rc = sync_origin(v, origin);
  if (rc == AMANAT_OK)
    rc = sync_vv_bump(vv, origin);
  if (rc == AMANAT_OK)
    rc = tick_clock(v, clock);
  return rc;
}

int sync_stamp(amanat_vault *v, sync_item_kind kind, sqlite3_int64 row, int content_changed) {
  sync_vv *vv = io_malloc(sizeof *vv);
  if (vv == NULL)
    return AMANAT_E_NOMEM;
  uint64_t clock = 0;
  uint8_t origin[SYNC_ORIGIN_LEN], encoded[SYNC_VV_MAX_ENTRIES * SYNC_VV_ENTRY_LEN];
  sqlite3_int64 seq = 0;
  int rc = next_version(v, kind, row, vv, &clock, origin);
  if (rc == AMANAT_OK)
    rc = sync_next_seq(v, &seq);
  size_t encoded_len = rc == AMANAT_OK ? sync_vv_encode(vv, encoded) : 0;
  free(vv);
  if (rc != AMANAT_OK)
    return rc;
  char sql[200];
  if (kind == SYNC_ITEM_DOCUMENT && content_changed)
    snprintf(sql, sizeof sql,
             "UPDATE documents SET vv = ?1, clock = ?2, origin = ?3, changed = ?4,"
             " content_changed = ?4, cv = randomblob(16) WHERE id = ?5;");
  else
    snprintf(sql, sizeof sql,
             "UPDATE %s SET vv = ?1, clock = ?2, origin = ?3, changed = ?4 WHERE id = ?5;",
             table_of(kind));
  sqlite3_stmt *stmt = NULL;
  rc = store_prepare(v, sql, &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, encoded, (int)encoded_len, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 2, (sqlite3_int64)clock);
  sqlite3_bind_blob(stmt, 3, origin, SYNC_ORIGIN_LEN, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 4, seq);
  sqlite3_bind_int64(stmt, 5, row);
  return store_run(v, stmt);
}

int sync_tombstone_local(amanat_vault *v, sync_item_kind kind, sqlite3_int64 row,
                         const uint8_t uid[16]) {
  sync_vv *vv = io_malloc(sizeof *vv);
  if (vv == NULL)
    return AMANAT_E_NOMEM;
  uint64_t clock = 0;
  uint8_t origin[SYNC_ORIGIN_LEN], encoded[SYNC_VV_MAX_ENTRIES * SYNC_VV_ENTRY_LEN];
  sqlite3_int64 seq = 0;
  int rc = next_version(v, kind, row, vv, &clock, origin);
  if (rc == AMANAT_OK)
    rc = sync_next_seq(v, &seq);
  size_t encoded_len = rc == AMANAT_OK ? sync_vv_encode(vv, encoded) : 0;
  free(vv);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc =
        store_prepare(v,
                      "INSERT OR REPLACE INTO tombstones(uid, kind, vv, clock, origin, changed, cv)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce((SELECT cv FROM documents"
                      " WHERE uid = ?1 AND ?2 = 1), x''));",
                      &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, uid, 16, SQLITE_TRANSIENT);
  sqlite3_bind_int(stmt, 2, (int)kind);
  sqlite3_bind_blob(stmt, 3, encoded, (int)encoded_len, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 4, (sqlite3_int64)clock);
  sqlite3_bind_blob(stmt, 5, origin, SYNC_ORIGIN_LEN, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 6, seq);
  return store_run(v, stmt);
}
