/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault_verify.c: the full integrity check behind `amanat-cli verify`. */
#include <sodium.h>
#include <string.h>

#include "io.h"
#include "docs_internal.h"
#include "space_db.h"
#include "store.h"
#include "vault_internal.h"

static int verify_header(amanat_vault *v) {
  uint8_t header[AMANAT_HEADER_LEN + 1];
  size_t got = 0;
  header_prefix prefix;
  int rc = io_pread_all(v->header_fd, header, sizeof header, 0, &got);
  if (rc == AMANAT_OK)
    rc = header_prefix_parse(header, got, &prefix);
  if (rc == AMANAT_OK && sodium_memcmp(header, v->prefix_bytes, AMANAT_PREFIX_LEN) != 0)
    rc = AMANAT_E_DAMAGED;
  keyslot_payload *check = keyslot_payload_new();
  if (rc == AMANAT_OK && check == NULL)
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK && keyslot_open(v->slot_key, header, v->slot_index,
                                      header + AMANAT_SLOT_OFF(v->slot_index), check) != AMANAT_OK)
    rc = AMANAT_E_DAMAGED;
  sodium_free(check);
  return rc == AMANAT_E_NOMEM || rc == AMANAT_E_IO ? rc : (rc == AMANAT_OK ? rc : AMANAT_E_DAMAGED);
}

typedef struct doc_failure {
  char id[AMANAT_ID_LEN + 1];
  int rc;
} doc_failure;

static int discard(const uint8_t *data, size_t len, void *user_data) {
  (void)data;
  (void)len;
  (void)user_data;
  return AMANAT_OK;
}

/* Reads every document of the database in use through its chunks' AEAD. */
static int verify_documents(amanat_vault *v, amanat_verify_report *report) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT id, hex FROM documents ORDER BY id;", &stmt);
  while (rc == AMANAT_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    rc = docs_stream(v, sqlite3_column_int64(stmt, 0), 0, discard, NULL, NULL, NULL);
    if (rc != AMANAT_OK) {
      report->part = AMANAT_PART_DOCUMENT;
      report->index = v->space_index;
      docs_short_id((const char *)sqlite3_column_text(stmt, 1), report->document_id);
    }
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  return rc;
}

/* One space: its database, then its documents. */
static int verify_space(amanat_vault *v, amanat_verify_report *report) {
  int rc = space_db_verify(v->db);
  if (rc != AMANAT_OK) {
    report->part = AMANAT_PART_DATABASE;
    report->index = v->space_index;
    return rc;
  }
  return verify_documents(v, report);
}

/* The other space, for an owner who holds both keys: checked through the same code by
 * pointing the session at it for the while. */
static int verify_other_space(amanat_vault *v, amanat_verify_report *report) {
  const int in_primary = v->space_index == v->payload->space;
  const uint8_t *key = in_primary ? v->payload->secondary_key : v->payload->primary_key;
  int other = 1 - v->space_index;
  sqlite3 *db = NULL;
  int rc = vault_open_space_db(v, other, key, &db);
  if (rc != AMANAT_OK) {
    report->part = AMANAT_PART_DATABASE;
    report->index = other;
    return rc;
  }
  sqlite3 *own_db = v->db;
  int own_index = v->space_index;
  v->db = db;
  v->space_index = other;
  rc = verify_space(v, report);
  v->db = own_db;
  v->space_index = own_index;
  space_db_close(db);
  return rc;
}

int amanat_vault_verify(amanat_vault *v, amanat_verify_report *report) {
  memset(report, 0, sizeof *report);
  int rc = verify_header(v);
  if (rc != AMANAT_OK) {
    report->part = AMANAT_PART_HEADER;
    return rc;
  }
  rc = verify_space(v, report);
  if (rc == AMANAT_OK && v->payload->role == AMANAT_ROLE_OWNER)
    rc = verify_other_space(v, report);
  if (rc == AMANAT_E_MISSING || rc == AMANAT_E_VERSION || rc == AMANAT_E_NOT_FOUND)
    rc = AMANAT_E_DAMAGED;
  return rc;
}
