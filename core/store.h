/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store.h: small helpers every item module (documents, contacts, search) uses on the
 * open space's database: transactions that end settled, ids, dates, tags. */
#pragma once

#include <sqlite3.h>
#include <stdint.h>

#include "vault_internal.h"

#define STORE_UID_LEN 16
#define STORE_HEX_LEN (2 * STORE_UID_LEN)

AMANAT_MUST_CHECK int store_begin(amanat_vault *v);
/* Commits, then checkpoints the WAL with TRUNCATE, zeroes the file tail, and moves the
 * vault's file times together. Once COMMIT succeeds the change is durable and this
 * returns AMANAT_OK, even if the checkpoint has to wait for a later try. */
AMANAT_MUST_CHECK int store_commit(amanat_vault *v);
/* Undoes the transaction after error `rc`; inside a batch, marks the batch failed. */
void store_fail(amanat_vault *v, int rc);

AMANAT_MUST_CHECK int store_prepare(amanat_vault *v, const char *sql, sqlite3_stmt **out);
/* Steps a statement that returns no rows, then finalizes it. */
AMANAT_MUST_CHECK int store_run(amanat_vault *v, sqlite3_stmt *stmt);

/* Today (UTC) as "YYYY-MM-DD": the only date Amanat keeps. */
void store_today(char out[11]);

/* A new random id: 16 bytes, and their lowercase hex. */
void store_new_uid(uint8_t uid[STORE_UID_LEN], char hex[STORE_HEX_LEN + 1]);

/* Finds the row of `table` ("documents" or "contacts") whose id starts with `prefix`
 * (at least 4 hex digits): AMANAT_E_NOT_FOUND, AMANAT_E_AMBIGUOUS or AMANAT_E_INVALID. */
AMANAT_MUST_CHECK int store_resolve(amanat_vault *v, const char *table, const char *prefix,
                                    sqlite3_int64 *rowid, char id_out[AMANAT_ID_LEN + 1]);

/* The id of tag `name`, made when missing. Tags are non-empty UTF-8 without control
 * characters, at most 200 bytes. */
AMANAT_MUST_CHECK int store_tag_id(amanat_vault *v, const char *name, sqlite3_int64 *id);

/* AMANAT_OK when `text` is valid UTF-8 of at most max_len bytes with no control
 * characters (newlines and tabs allowed when multiline). */
AMANAT_MUST_CHECK int store_check_text(const char *text, size_t max_len, int multiline);

/* Splits a list joined with the unit separator (char 31) into a NULL-terminated array
 * of pointers into `joined` (which is modified). *count gets the length. malloc'd. */
const char **store_split_list(char *joined, size_t *count);

/* The search-index docid of an item: documents even, contacts odd. */
static inline sqlite3_int64 store_docid_of_document(sqlite3_int64 id) {
  return id * 2;
}
static inline sqlite3_int64 store_docid_of_contact(sqlite3_int64 id) {
  return id * 2 + 1;
}
