/* SPDX-License-Identifier: GPL-3.0-or-later */
/* docs_meta.c: documents' metadata: list, show, title, notes, tags, delete. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "docs_internal.h"
#include "space_db.h"
#include "store.h"
#include "sync_stamp.h"
#include "io.h"

void docs_short_id(const char *hex, char id_out[AMANAT_ID_LEN + 1]) {
  size_t n = strlen(hex) < AMANAT_ID_LEN ? strlen(hex) : AMANAT_ID_LEN;
  memcpy(id_out, hex, n);
  id_out[n] = '\0';
}

#define DOC_COLUMNS                                                                                \
  "SELECT d.id, d.hex, d.kind, d.title, d.content_type, d.size, d.added, d.notes,"                 \
  " (SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM document_tags dt"                \
  "   JOIN tags t ON t.id = dt.tag WHERE dt.doc = d.id ORDER BY t.name)),"                         \
  " (SELECT group_concat(h, char(31)) FROM (SELECT substr(c.hex, 1, 12) AS h FROM links l"         \
  "   JOIN contacts c ON c.id = l.contact WHERE l.doc = d.id ORDER BY c.hex))"                     \
  " FROM documents d "

static const char *column_text(sqlite3_stmt *stmt, int column) {
  const unsigned char *text = sqlite3_column_text(stmt, column);
  return text != NULL ? (const char *)text : "";
}

/* Fills an amanat_doc_info from a DOC_COLUMNS row and calls `visit`. */
static int visit_row(sqlite3_stmt *stmt, amanat_doc_visit visit, void *user_data) {
  amanat_doc_info info = {0};
  docs_short_id(column_text(stmt, 1), info.id);
  info.kind = (amanat_doc_kind)sqlite3_column_int(stmt, 2);
  info.title = column_text(stmt, 3);
  info.content_type = column_text(stmt, 4);
  info.size = (uint64_t)sqlite3_column_int64(stmt, 5);
  info.added = column_text(stmt, 6);
  info.notes = column_text(stmt, 7);
  char *tags = io_strdup(column_text(stmt, 8));
  char *contacts = io_strdup(column_text(stmt, 9));
  const char **tag_list = tags != NULL ? store_split_list(tags, &info.tag_count) : NULL;
  const char **contact_list =
      contacts != NULL ? store_split_list(contacts, &info.contact_count) : NULL;
  int rc = AMANAT_E_NOMEM;
  if (tag_list != NULL && contact_list != NULL) {
    info.tags = tag_list;
    info.contacts = contact_list;
    rc = visit(&info, user_data);
  }
  free(tag_list);
  free(contact_list);
  free(tags);
  free(contacts);
  return rc;
}

static int walk(amanat_vault *v, sqlite3_stmt *stmt, amanat_doc_visit visit, void *user_data) {
  int rc = AMANAT_OK, step;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW)
    rc = visit_row(stmt, visit, user_data);
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  sqlite3_finalize(stmt);
  return rc;
}

int amanat_doc_list(amanat_vault *v, const char *tag, size_t offset, size_t limit,
                    amanat_doc_visit visit, void *user_data) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         tag == NULL ? DOC_COLUMNS "ORDER BY d.id DESC LIMIT ?2 OFFSET ?3;"
                                     : DOC_COLUMNS "WHERE d.id IN (SELECT dt.doc FROM document_tags"
                                                   " dt JOIN tags t ON t.id = dt.tag WHERE t.name ="
                                                   " ?1) ORDER BY d.id DESC LIMIT ?2 OFFSET ?3;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  if (tag != NULL)
    sqlite3_bind_text(stmt, 1, tag, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, limit == 0 ? -1 : (sqlite3_int64)limit);
  sqlite3_bind_int64(stmt, 3, (sqlite3_int64)offset);
  return walk(v, stmt, visit, user_data);
}

int amanat_doc_count(amanat_vault *v, const char *tag, uint64_t *count) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         tag == NULL ? "SELECT count(*) FROM documents;"
                                     : "SELECT count(*) FROM document_tags dt JOIN tags t ON"
                                       " t.id = dt.tag WHERE t.name = ?1;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  if (tag != NULL)
    sqlite3_bind_text(stmt, 1, tag, -1, SQLITE_STATIC);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW)
    *count = (uint64_t)sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return step == SQLITE_ROW ? AMANAT_OK : space_db_error(v->db, step);
}

static int valid_kind(amanat_doc_kind kind) {
  return kind == AMANAT_DOC_FILE || kind == AMANAT_DOC_NOTE;
}

int amanat_doc_list_kind(amanat_vault *v, amanat_doc_kind kind, size_t offset, size_t limit,
                         amanat_doc_visit visit, void *user_data) {
  if (!valid_kind(kind))
    return AMANAT_E_INVALID;
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, DOC_COLUMNS "WHERE d.kind = ?1 ORDER BY d.id DESC LIMIT ?2 OFFSET ?3;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int(stmt, 1, (int)kind);
  sqlite3_bind_int64(stmt, 2, limit == 0 ? -1 : (sqlite3_int64)limit);
  sqlite3_bind_int64(stmt, 3, (sqlite3_int64)offset);
  return walk(v, stmt, visit, user_data);
}

int amanat_doc_count_kind(amanat_vault *v, amanat_doc_kind kind, uint64_t *count) {
  if (!valid_kind(kind))
    return AMANAT_E_INVALID;
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT count(*) FROM documents WHERE kind = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int(stmt, 1, (int)kind);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW)
    *count = (uint64_t)sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return step == SQLITE_ROW ? AMANAT_OK : space_db_error(v->db, step);
}

int amanat_doc_resolve(amanat_vault *v, const char *id_prefix, char id_out[AMANAT_ID_LEN + 1]) {
  sqlite3_int64 doc;
  return store_resolve(v, "documents", id_prefix, &doc, id_out);
}

int amanat_doc_show(amanat_vault *v, const char *id, amanat_doc_visit visit, void *user_data) {
  sqlite3_int64 doc = 0;
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "documents", id, &doc, full);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = store_prepare(v, DOC_COLUMNS "WHERE d.id = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, doc);
  return walk(v, stmt, visit, user_data);
}

int docs_add_tag(amanat_vault *v, sqlite3_int64 doc, const char *name) {
  sqlite3_int64 tag = 0;
  int rc = store_tag_id(v, name, &tag);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = store_prepare(v, "INSERT OR IGNORE INTO document_tags(doc, tag) VALUES (?1, ?2);", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, doc);
  sqlite3_bind_int64(stmt, 2, tag);
  return store_run(v, stmt);
}

/* Tags no longer used by anything go, so a deleted item's tags do not linger. */
int docs_drop_unused_tags(amanat_vault *v) {
  return space_db_exec(v->db, "DELETE FROM tags WHERE id NOT IN (SELECT tag FROM document_tags)"
                              " AND id NOT IN (SELECT tag FROM contact_tags);");
}

/* Runs `change` on one document inside a transaction, then reindexes it. */
typedef int (*doc_change)(amanat_vault *v, sqlite3_int64 doc, const void *arg);

static int change_document(amanat_vault *v, const char *id, doc_change change, const void *arg) {
  sqlite3_int64 doc = 0;
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "documents", id, &doc, full);
  if (rc == AMANAT_OK)
    rc = store_begin(v);
  if (rc != AMANAT_OK)
    return rc;
  rc = change(v, doc, arg);
  if (rc == AMANAT_OK)
    rc = sync_stamp(v, SYNC_ITEM_DOCUMENT, doc, 0);
  if (rc == AMANAT_OK)
    rc = docs_drop_unused_tags(v);
  if (rc == AMANAT_OK)
    rc = docs_reindex(v, doc, NULL, 0);
  if (rc == AMANAT_OK)
    return store_commit(v);
  store_fail(v, rc);
  return rc;
}

static int set_column(amanat_vault *v, sqlite3_int64 doc, const char *sql, const char *value) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, sql, &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_text(stmt, 1, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, doc);
  return store_run(v, stmt);
}

static int change_title(amanat_vault *v, sqlite3_int64 doc, const void *arg) {
  return set_column(v, doc, "UPDATE documents SET title = ?1 WHERE id = ?2;", arg);
}

static int change_notes(amanat_vault *v, sqlite3_int64 doc, const void *arg) {
  return set_column(v, doc, "UPDATE documents SET notes = ?1 WHERE id = ?2;", arg);
}

int amanat_doc_set_title(amanat_vault *v, const char *id, const char *title) {
  if (store_check_text(title, DOCS_TITLE_MAX, 0) != AMANAT_OK)
    return AMANAT_E_INVALID;
  return change_document(v, id, change_title, title);
}

int amanat_doc_set_notes(amanat_vault *v, const char *id, const char *notes) {
  if (store_check_text(notes, DOCS_NOTES_MAX, 1) != AMANAT_OK)
    return AMANAT_E_INVALID;
  return change_document(v, id, change_notes, notes);
}

typedef struct tag_change {
  const char *const *add, *const *remove;
  size_t add_count, remove_count;
} tag_change;

static int change_tags(amanat_vault *v, sqlite3_int64 doc, const void *arg) {
  const tag_change *change = arg;
  int rc = AMANAT_OK;
  for (size_t i = 0; i < change->add_count && rc == AMANAT_OK; i++)
    rc = docs_add_tag(v, doc, change->add[i]);
  for (size_t i = 0; i < change->remove_count && rc == AMANAT_OK; i++) {
    sqlite3_stmt *stmt = NULL;
    rc = store_prepare(v,
                       "DELETE FROM document_tags WHERE doc = ?2 AND tag ="
                       " (SELECT id FROM tags WHERE name = ?1);",
                       &stmt);
    if (rc != AMANAT_OK)
      break;
    sqlite3_bind_text(stmt, 1, change->remove[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, doc);
    rc = store_run(v, stmt);
  }
  return rc;
}

int amanat_doc_tag(amanat_vault *v, const char *id, const char *const *add, size_t add_count,
                   const char *const *remove, size_t remove_count) {
  tag_change change = {add, remove, add_count, remove_count};
  return change_document(v, id, change_tags, &change);
}

int docs_uid_of(amanat_vault *v, sqlite3_int64 doc, uint8_t uid[16]) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT uid FROM documents WHERE id = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, doc);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == STORE_UID_LEN)
    memcpy(uid, sqlite3_column_blob(stmt, 0), STORE_UID_LEN);
  else
    rc = step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : AMANAT_E_DAMAGED;
  sqlite3_finalize(stmt);
  return rc;
}

/* The key goes with the row: with secure_delete and the WAL checkpointed with TRUNCATE
 * (store_commit), no copy of it stays on disk, and the chunks become noise. */
int docs_delete_row(amanat_vault *v, sqlite3_int64 doc) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "UPDATE packs SET live = live - (SELECT coalesce(sum(c.length), 0) FROM"
                         " chunks c WHERE c.doc = ?1 AND c.pack = packs.id)"
                         " WHERE id IN (SELECT pack FROM chunks WHERE doc = ?1);",
                         &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, doc);
    rc = store_run(v, stmt);
  }
  if (rc == AMANAT_OK &&
      (rc = store_prepare(v, "DELETE FROM search_index WHERE docid = ?1;", &stmt)) == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, store_docid_of_document(doc));
    rc = store_run(v, stmt);
  }
  if (rc == AMANAT_OK &&
      (rc = store_prepare(v, "DELETE FROM documents WHERE id = ?1;", &stmt)) == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, doc);
    rc = store_run(v, stmt);
  }
  return rc;
}

int amanat_doc_delete(amanat_vault *v, const char *id) {
  sqlite3_int64 doc = 0;
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "documents", id, &doc, full);
  if (rc == AMANAT_OK)
    rc = store_begin(v);
  if (rc != AMANAT_OK)
    return rc;
  uint8_t uid[STORE_UID_LEN];
  rc = docs_uid_of(v, doc, uid);
  if (rc == AMANAT_OK)
    rc = sync_tombstone_local(v, SYNC_ITEM_DOCUMENT, doc, uid);
  if (rc == AMANAT_OK)
    rc = docs_delete_row(v, doc);
  if (rc == AMANAT_OK)
    rc = docs_drop_unused_tags(v);
  if (rc != AMANAT_OK) {
    store_fail(v, rc);
    return rc;
  }
  rc = store_commit(v);
  if (rc == AMANAT_OK)
    docs_compact_after_commit(v);
  return rc;
}
