/* SPDX-License-Identifier: GPL-3.0-or-later */
/* space_db.c: the SQLCipher database of one space (FORMAT.md §Space databases). */
#include "space_db.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "format.h"
#include "io.h"
#include "padme.h"
#include "schema.h"
#include "secret.h"

/* Settings stated on every open, so 3.4 (Debian 12) and 4.x read the same file: the
 * v3 page layout with HMAC-SHA1. 3.4 ignores the two algorithm pragmas silently; 4.x
 * needs them. With a raw key, kdf_iter only sets the HMAC key's derivation, which both
 * versions fix at 2 PBKDF2 rounds over the file's salt. */
static const char cipher_settings[] = "PRAGMA cipher_page_size = 4096;"
                                      "PRAGMA kdf_iter = 64000;"
                                      "PRAGMA cipher_hmac_algorithm = HMAC_SHA1;"
                                      "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1;";

/* Settings that keep freed data and temporary data off the disk. EXCLUSIVE locking
 * before WAL keeps the wal-index in memory: no -shm file. */
static const char connection_settings[] = "PRAGMA secure_delete = ON;"
                                          "PRAGMA temp_store = MEMORY;"
                                          "PRAGMA foreign_keys = ON;"
                                          "PRAGMA locking_mode = EXCLUSIVE;"
                                          "PRAGMA synchronous = FULL;";

int space_db_error(sqlite3 *db, int sqlite_rc) {
  int primary = sqlite_rc & 0xff;
  if (primary == SQLITE_IOERR && db != NULL) {
    int sys = sqlite3_system_errno(db);
    if (sys != 0)
      return io_err_from_errno(sys);
  }
  return space_db_err(sqlite_rc);
}

int space_db_err(int sqlite_rc) {
  switch (sqlite_rc & 0xff) {
  case SQLITE_OK:
  case SQLITE_DONE:
  case SQLITE_ROW:
    return AMANAT_OK;
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT:
  case SQLITE_FORMAT:
    return AMANAT_E_DAMAGED;
  case SQLITE_FULL:
    return AMANAT_E_NO_SPACE;
  case SQLITE_READONLY:
  case SQLITE_PERM:
  case SQLITE_AUTH:
    return AMANAT_E_READ_ONLY;
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return AMANAT_E_BUSY;
  case SQLITE_NOMEM:
    return AMANAT_E_NOMEM;
  default:
    return AMANAT_E_IO;
  }
}

int space_db_exec(sqlite3 *db, const char *sql) {
  return space_db_error(db, sqlite3_exec(db, sql, NULL, NULL, NULL));
}

/* Finalizes `stmt`; an error that only finalize reports (a failed sync after the last
 * row, say) must not be lost. */
static int finish(sqlite3_stmt *stmt, int rc) {
  int final_rc = sqlite3_finalize(stmt);
  return rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE ? final_rc : rc;
}

static int query_int(sqlite3 *db, const char *sql, sqlite3_int64 *out) {
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      *out = sqlite3_column_int64(stmt, 0);
      rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
      rc = SQLITE_CORRUPT; /* a pragma that answers nothing proves nothing */
    }
  }
  return space_db_error(db, finish(stmt, rc));
}

static int apply_key(sqlite3 *db, const uint8_t db_key[32]) {
  /* The raw-key form x'<64 hex>': SQLCipher then derives the HMAC key from the file's
   * own salt, so a changed salt byte is caught (PLATFORM.md). */
  enum { SPEC_LEN = 2 + 64 + 1 };
  char *spec = io_secure_alloc(SPEC_LEN + 1);
  if (spec == NULL)
    return AMANAT_E_NOMEM;
  spec[0] = 'x';
  spec[1] = '\'';
  sodium_bin2hex(spec + 2, 65, db_key, 32);
  spec[SPEC_LEN - 1] = '\'';
  spec[SPEC_LEN] = '\0';
  int rc = sqlite3_key(db, spec, SPEC_LEN);
  secret_free(&spec);
  if (rc != SQLITE_OK)
    return space_db_error(db, rc);
  return space_db_exec(db, cipher_settings);
}

static int enter_wal(sqlite3 *db) {
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL;", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char *mode = sqlite3_column_text(stmt, 0);
    rc = (mode != NULL && strcmp((const char *)mode, "wal") == 0) ? SQLITE_OK : SQLITE_IOERR;
  }
  return space_db_error(db, finish(stmt, rc));
}

static int migrate(sqlite3 *db) {
  sqlite3_int64 version = 0;
  int rc = query_int(db, "PRAGMA user_version;", &version);
  if (rc != AMANAT_OK)
    return rc;
  if (version > schema_version)
    return AMANAT_E_VERSION;
  for (int step = (int)version; step < schema_version; step++) {
    char set_version[64];
    snprintf(set_version, sizeof set_version, "PRAGMA user_version = %d;", step + 1);
    rc = space_db_exec(db, "BEGIN IMMEDIATE;");
    if (rc == AMANAT_OK)
      rc = space_db_exec(db, schema_migrations[step]);
    if (rc == AMANAT_OK)
      rc = space_db_exec(db, set_version);
    if (rc == AMANAT_OK)
      rc = space_db_exec(db, "COMMIT;");
    if (rc != AMANAT_OK) {
      (void)sqlite3_exec(db, "ROLLBACK;", NULL, NULL, NULL);
      return rc;
    }
  }
  return AMANAT_OK;
}

static int set_growth_step(sqlite3 *db, uint64_t file_size) {
  uint64_t step = padme_step(file_size);
  int chunk = step < AMANAT_DB_MIN_CHUNK ? AMANAT_DB_MIN_CHUNK : (int)step;
  return space_db_error(db, sqlite3_file_control(db, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk));
}

static int open_keyed(const char *path, const uint8_t db_key[32], int flags, sqlite3 **out) {
  sqlite3 *db = NULL;
  *out = NULL;
  int rc = sqlite3_open_v2(path, &db, flags, NULL);
  if (rc != SQLITE_OK) {
    rc = space_db_error(db, rc);
    sqlite3_close_v2(db);
    return rc;
  }
  sqlite3_extended_result_codes(db, 1);
  rc = apply_key(db, db_key);
  if (rc == AMANAT_OK)
    rc = space_db_exec(db, connection_settings);
  if (rc != AMANAT_OK) {
    sqlite3_close_v2(db);
    return rc;
  }
  *out = db;
  return AMANAT_OK;
}

int space_db_create(const char *path, const uint8_t db_key[32]) {
  /* Made here, not by SQLite, so it is private (0600); SQLite gives its journal the
   * same mode. */
  int fd;
  int rc = io_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600, &fd);
  if (rc != AMANAT_OK)
    return rc;
  io_close(&fd);
  sqlite3 *db = NULL;
  rc = open_keyed(path, db_key, SQLITE_OPEN_READWRITE, &db);
  if (rc != AMANAT_OK)
    return rc;
  /* auto_vacuum only takes effect before the first table: FULL leaves no free pages
   * after a commit, so every page of the file is one integrity_check reads. */
  rc = space_db_exec(db, "PRAGMA auto_vacuum = FULL;");
  if (rc == AMANAT_OK)
    rc = set_growth_step(db, 0);
  if (rc == AMANAT_OK)
    rc = enter_wal(db);
  if (rc == AMANAT_OK)
    rc = migrate(db);
  if (rc == AMANAT_OK)
    rc = space_db_settle(db);
  int close_rc = space_db_error(NULL, sqlite3_close_v2(db));
  if (rc == AMANAT_OK)
    rc = close_rc;
  /* SQLite ignores a failure to delete the WAL on close; a new vault must not start
   * with a stray file, so that counts as failure here. */
  char wal[4096];
  struct stat st;
  if (rc == AMANAT_OK && snprintf(wal, sizeof wal, "%s-wal", path) < (int)sizeof wal &&
      stat(wal, &st) == 0)
    rc = AMANAT_E_IO;
  return rc;
}

int space_db_open(const char *path, const uint8_t db_key[32], sqlite3 **out) {
  struct stat st;
  *out = NULL;
  if (stat(path, &st) != 0) /* never let SQLite make a new empty file in its place */
    return AMANAT_E_MISSING;
  sqlite3 *db = NULL;
  int rc = open_keyed(path, db_key, SQLITE_OPEN_READWRITE, &db);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_int64 tables = 0;
  rc = query_int(db, "SELECT count(*) FROM sqlite_master;", &tables);
  if (rc == AMANAT_OK)
    rc = set_growth_step(db, (uint64_t)st.st_size);
  if (rc == AMANAT_OK)
    rc = enter_wal(db);
  if (rc == AMANAT_OK)
    rc = migrate(db);
  if (rc != AMANAT_OK) {
    sqlite3_close_v2(db);
    return rc;
  }
  /* A process killed after a commit leaves it in the WAL, or checkpointed with the file's
   * tail not yet zeroed: settle now, so the file is as after a clean lock (and `verify`
   * finds no stale page past the end). A failure here is tried again at the next commit. */
  int settled = space_db_settle(db);
  (void)settled;
  *out = db;
  return AMANAT_OK;
}

static int logical_size(sqlite3 *db, uint64_t *out) {
  sqlite3_int64 pages = 0;
  int rc = query_int(db, "PRAGMA page_count;", &pages);
  if (rc == AMANAT_OK)
    *out = (uint64_t)pages * AMANAT_DB_PAGE_SIZE;
  return rc;
}

/* Calls `visit` on each block of the bytes past the last page. It goes through SQLite's
 * own file handle: a second descriptor, once closed, would drop SQLite's POSIX locks. */
typedef int (*tail_visit)(sqlite3_file *file, uint8_t *block, int len, sqlite3_int64 offset);

static int walk_tail(sqlite3 *db, uint64_t from, tail_visit visit) {
  sqlite3_file *file = NULL;
  int rc = space_db_error(db, sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file));
  if (rc != AMANAT_OK)
    return rc;
  if (file == NULL || file->pMethods == NULL)
    return AMANAT_E_IO;
  sqlite3_int64 size = 0;
  rc = space_db_error(db, file->pMethods->xFileSize(file, &size));
  if (rc != AMANAT_OK)
    return rc;
  if ((uint64_t)size < from) /* the file lost pages SQLite counts */
    return AMANAT_E_DAMAGED;
  uint8_t block[16384];
  for (sqlite3_int64 off = (sqlite3_int64)from; off < size && rc == AMANAT_OK;) {
    int want = size - off < (sqlite3_int64)sizeof block ? (int)(size - off) : (int)sizeof block;
    rc = space_db_error(db, file->pMethods->xRead(file, block, want, off));
    if (rc == AMANAT_OK)
      rc = visit(file, block, want, off);
    off += want;
  }
  return rc;
}

static int zero_block(sqlite3_file *file, uint8_t *block, int len, sqlite3_int64 offset) {
  if (sodium_is_zero(block, (size_t)len))
    return AMANAT_OK;
  int injected = io_fault_hit();
  if (injected != 0)
    return io_err_from_errno(injected);
  memset(block, 0, (size_t)len);
  int rc = file->pMethods->xWrite(file, block, len, offset);
  if (rc == SQLITE_OK)
    rc = file->pMethods->xSync(file, SQLITE_SYNC_FULL);
  return space_db_err(rc);
}

static int require_zero_block(sqlite3_file *file, uint8_t *block, int len, sqlite3_int64 offset) {
  (void)file;
  (void)offset;
  return sodium_is_zero(block, (size_t)len) ? AMANAT_OK : AMANAT_E_DAMAGED;
}

int space_db_settle(sqlite3 *db) {
  const char *file_name = sqlite3_db_filename(db, "main");
  if (file_name == NULL || file_name[0] == '\0')
    return AMANAT_OK; /* in memory: nothing to settle */
  int rc = space_db_error(
      db, sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL));
  uint64_t logical = 0;
  if (rc == AMANAT_OK)
    rc = logical_size(db, &logical);
  /* A shrink leaves stale pages in the last growth step; zero them so the file holds
   * nothing unauthenticated. */
  if (rc == AMANAT_OK)
    rc = walk_tail(db, logical, zero_block);
  sqlite3_file *file = NULL;
  sqlite3_int64 size = 0;
  if (rc == AMANAT_OK &&
      sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK &&
      file != NULL && file->pMethods->xFileSize(file, &size) == SQLITE_OK)
    rc = set_growth_step(db, (uint64_t)size);
  return rc;
}

int space_db_verify(sqlite3 *db) {
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check;", -1, &stmt, NULL);
  int ok = 0, rows = 0;
  if (rc == SQLITE_OK) {
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const unsigned char *line = sqlite3_column_text(stmt, 0);
      rows++;
      ok = rows == 1 && line != NULL && strcmp((const char *)line, "ok") == 0;
    }
  }
  rc = finish(stmt, rc == SQLITE_DONE ? SQLITE_OK : rc);
  if (rc != SQLITE_OK) {
    int err = space_db_error(db, rc);
    return err == AMANAT_E_IO || err == AMANAT_OK ? AMANAT_E_DAMAGED : err;
  }
  if (!ok)
    return AMANAT_E_DAMAGED;
  uint64_t logical = 0;
  rc = logical_size(db, &logical);
  if (rc == AMANAT_OK)
    rc = walk_tail(db, logical, require_zero_block);
  return rc;
}

int space_db_open_memory(const uint8_t db_key[32], sqlite3 **out) {
  (void)db_key; /* nothing reaches the disk: there is nothing to encrypt */
  sqlite3 *db = NULL;
  *out = NULL;
  int rc = space_db_error(
      NULL, sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL));
  if (rc == AMANAT_OK)
    rc = space_db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
  if (rc == AMANAT_OK)
    rc = migrate(db);
  if (rc != AMANAT_OK) {
    sqlite3_close_v2(db);
    return rc;
  }
  *out = db;
  return AMANAT_OK;
}

void space_db_close(sqlite3 *db) {
  if (db == NULL)
    return;
  /* Closing has no one to report to: every change settled when it was made. */
  int settled = space_db_settle(db);
  (void)settled;
  sqlite3_close_v2(db);
}
