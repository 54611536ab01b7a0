/* SPDX-License-Identifier: GPL-3.0-or-later */
/* space_db.h: one space's SQLCipher database: keyed open with settings stated for both
 * SQLCipher 3.4 and 4.x, migrations, durable settling and verification. */
#pragma once

#include <sqlite3.h>
#include <stdint.h>

#include "amanat.h"

/* Creates a new database at `path` (which must not exist) and brings it to the current
 * schema. Closed again before returning. */
AMANAT_MUST_CHECK int space_db_create(const char *path, const uint8_t db_key[32]);

/* Opens an existing database; migrates it forward. AMANAT_E_DAMAGED when the key does
 * not authenticate its first page. */
AMANAT_MUST_CHECK int space_db_open(const char *path, const uint8_t db_key[32], sqlite3 **out);

/* A database in memory with the current schema; nothing of it is ever written. */
AMANAT_MUST_CHECK int space_db_open_memory(const uint8_t db_key[32], sqlite3 **out);

/* After a change: checkpoint the WAL with TRUNCATE, zero the file beyond the last page,
 * sync, and set the growth step (Padmé) for the file's new size. */
AMANAT_MUST_CHECK int space_db_settle(sqlite3 *db);

/* Full check: every page through SQLCipher's HMAC (PRAGMA integrity_check must say
 * "ok") and every byte past the last page zero. */
AMANAT_MUST_CHECK int space_db_verify(sqlite3 *db);

/* Settles and closes; accepts NULL. */
void space_db_close(sqlite3 *db);

/* Maps a SQLite result code to an amanat_err. */
int space_db_err(int sqlite_rc);

/* The same, using the connection's last system errno for I/O errors (a full disk). */
int space_db_error(sqlite3 *db, int sqlite_rc);

/* Runs SQL that returns no rows. */
AMANAT_MUST_CHECK int space_db_exec(sqlite3 *db, const char *sql);
