/* SPDX-License-Identifier: GPL-3.0-or-later */
/* contacts.c: contacts of sources and colleagues: names, labelled fields (sensitive ones
 * hidden by callers until revealed), notes, tags, links to documents. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "docs_internal.h"
#include "io.h"
#include "secret.h"
#include "space_db.h"
#include "store.h"
#include "sync_stamp.h"

#define CONTACT_NAME_MAX 500
#define FIELD_LABEL_MAX  100
#define FIELD_VALUE_MAX  4000

static int check_fields(const amanat_contact_field *fields, size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (fields[i].label == NULL || fields[i].label[0] == '\0' ||
        store_check_text(fields[i].label, FIELD_LABEL_MAX, 0) != AMANAT_OK ||
        store_check_text(fields[i].value, FIELD_VALUE_MAX, 1) != AMANAT_OK)
      return AMANAT_E_INVALID;
  }
  return AMANAT_OK;
}

/* Sets a field: replaces the one with the same label, or appends a new one. */
static int set_field(amanat_vault *v, sqlite3_int64 contact, const amanat_contact_field *field) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "UPDATE contact_fields SET value = ?3, sensitive = ?4, withheld = 0"
                         " WHERE contact = ?1 AND label = ?2;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, contact);
  sqlite3_bind_text(stmt, 2, field->label, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 3, field->value, -1, SQLITE_STATIC);
  sqlite3_bind_int(stmt, 4, field->sensitive ? 1 : 0);
  rc = store_run(v, stmt);
  if (rc != AMANAT_OK || sqlite3_changes(v->db) > 0)
    return rc;
  rc = store_prepare(v,
                     "INSERT INTO contact_fields(contact, position, label, value, sensitive)"
                     " VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM contact_fields"
                     " WHERE contact = ?1), ?2, ?3, ?4);",
                     &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, contact);
  sqlite3_bind_text(stmt, 2, field->label, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 3, field->value, -1, SQLITE_STATIC);
  sqlite3_bind_int(stmt, 4, field->sensitive ? 1 : 0);
  return store_run(v, stmt);
}

static int finish(amanat_vault *v, sqlite3_int64 contact, int rc) {
  if (rc == AMANAT_OK)
    rc = space_db_exec(v->db, "DELETE FROM tags WHERE id NOT IN (SELECT tag FROM document_tags)"
                              " AND id NOT IN (SELECT tag FROM contact_tags);");
  if (rc == AMANAT_OK && contact > 0)
    rc = sync_stamp(v, SYNC_ITEM_CONTACT, contact, 0);
  if (rc == AMANAT_OK && contact > 0)
    rc = contacts_reindex(v, contact);
  if (rc == AMANAT_OK)
    return store_commit(v);
  store_fail(v, rc);
  return rc;
}

int amanat_contact_add(amanat_vault *v, const char *name, const amanat_contact_field *fields,
                       size_t field_count, char id_out[AMANAT_ID_LEN + 1]) {
  if (name == NULL || name[0] == '\0' || store_check_text(name, CONTACT_NAME_MAX, 0) != AMANAT_OK ||
      check_fields(fields, field_count) != AMANAT_OK)
    return AMANAT_E_INVALID;
  uint8_t uid[STORE_UID_LEN];
  char hex[STORE_HEX_LEN + 1], today[11];
  store_new_uid(uid, hex);
  store_today(today);
  int rc = store_begin(v);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_stmt *stmt = NULL;
  rc = store_prepare(v, "INSERT INTO contacts(uid, hex, name, added) VALUES (?1, ?2, ?3, ?4);",
                     &stmt);
  sqlite3_int64 contact = 0;
  if (rc == AMANAT_OK) {
    sqlite3_bind_blob(stmt, 1, uid, STORE_UID_LEN, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, hex, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, today, -1, SQLITE_STATIC);
    rc = store_run(v, stmt);
    contact = sqlite3_last_insert_rowid(v->db);
  }
  for (size_t i = 0; i < field_count && rc == AMANAT_OK; i++)
    rc = set_field(v, contact, &fields[i]);
  rc = finish(v, contact, rc);
  if (rc == AMANAT_OK)
    docs_short_id(hex, id_out);
  return rc;
}

/* One contact in full: its row, then its fields, tags and linked documents. */
static int visit_contact(amanat_vault *v, sqlite3_stmt *row, amanat_contact_visit visit,
                         void *user_data) {
  sqlite3_int64 contact = sqlite3_column_int64(row, 0);
  amanat_contact_info info = {0};
  docs_short_id((const char *)sqlite3_column_text(row, 1), info.id);
  info.name = (const char *)sqlite3_column_text(row, 2);
  info.notes = (const char *)sqlite3_column_text(row, 3);
  info.added = (const char *)sqlite3_column_text(row, 4);
  char *tags =
      io_strdup(sqlite3_column_text(row, 5) ? (const char *)sqlite3_column_text(row, 5) : "");
  char *docs =
      io_strdup(sqlite3_column_text(row, 6) ? (const char *)sqlite3_column_text(row, 6) : "");
  const char **tag_list = tags ? store_split_list(tags, &info.tag_count) : NULL;
  const char **doc_list = docs ? store_split_list(docs, &info.document_count) : NULL;

  sqlite3_stmt *stmt = NULL;
  amanat_contact_field *fields = NULL;
  size_t count = 0, cap = 0;
  int rc = tag_list && doc_list ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       "SELECT label, value, sensitive FROM contact_fields WHERE contact = ?1"
                       " ORDER BY position;",
                       &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, contact);
    while (rc == AMANAT_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      if (count == cap) {
        cap = cap ? cap * 2 : 8;
        amanat_contact_field *grown = io_realloc(fields, cap * sizeof *grown);
        if (grown == NULL) {
          rc = AMANAT_E_NOMEM;
          break;
        }
        fields = grown;
      }
      /* Copied: the next step invalidates the statement's column pointers. */
      const unsigned char *label = sqlite3_column_text(stmt, 0);
      const unsigned char *value = sqlite3_column_text(stmt, 1);
      fields[count].label = io_strdup(label ? (const char *)label : "");
      fields[count].value = io_strdup(value ? (const char *)value : "");
      fields[count].sensitive = sqlite3_column_int(stmt, 2);
      count++;
      if (fields[count - 1].label == NULL || fields[count - 1].value == NULL)
        rc = AMANAT_E_NOMEM;
    }
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  if (rc == AMANAT_OK) {
    info.fields = fields;
    info.field_count = count;
    info.tags = tag_list;
    info.documents = doc_list;
    rc = visit(&info, user_data);
  }
  for (size_t i = 0; i < count; i++) {
    /* Field values may be sensitive: wiped before they are freed. */
    if (fields[i].value)
      sodium_memzero((void *)fields[i].value, strlen(fields[i].value));
    free((void *)fields[i].label);
    free((void *)fields[i].value);
  }
  free(fields);
  free(tag_list);
  free(doc_list);
  free(tags);
  free(docs);
  return rc;
}

#define CONTACT_COLUMNS                                                                            \
  "SELECT c.id, c.hex, c.name, c.notes, c.added,"                                                  \
  " (SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM contact_tags ct"                 \
  "   JOIN tags t ON t.id = ct.tag WHERE ct.contact = c.id ORDER BY t.name)),"                     \
  " (SELECT group_concat(h, char(31)) FROM (SELECT substr(d.hex, 1, 12) AS h FROM links l"         \
  "   JOIN documents d ON d.id = l.doc WHERE l.contact = c.id ORDER BY d.hex))"                    \
  " FROM contacts c "

static int walk_contacts(amanat_vault *v, sqlite3_stmt *stmt, amanat_contact_visit visit,
                         void *user_data) {
  int rc = AMANAT_OK, step;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW)
    rc = visit_contact(v, stmt, visit, user_data);
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  sqlite3_finalize(stmt);
  return rc;
}

int amanat_contact_resolve(amanat_vault *v, const char *id_prefix, char id_out[AMANAT_ID_LEN + 1]) {
  sqlite3_int64 contact;
  return store_resolve(v, "contacts", id_prefix, &contact, id_out);
}

int amanat_contact_list(amanat_vault *v, amanat_contact_visit visit, void *user_data) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, CONTACT_COLUMNS "ORDER BY c.name COLLATE NOCASE, c.id;", &stmt);
  return rc == AMANAT_OK ? walk_contacts(v, stmt, visit, user_data) : rc;
}

int amanat_contact_show(amanat_vault *v, const char *id, amanat_contact_visit visit,
                        void *user_data) {
  sqlite3_int64 contact = 0;
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "contacts", id, &contact, full);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = store_prepare(v, CONTACT_COLUMNS "WHERE c.id = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, contact);
  return walk_contacts(v, stmt, visit, user_data);
}

static int begin_on(amanat_vault *v, const char *id, sqlite3_int64 *contact) {
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "contacts", id, contact, full);
  return rc == AMANAT_OK ? store_begin(v) : rc;
}

static int run_text(amanat_vault *v, const char *sql, sqlite3_int64 contact, const char *text) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, sql, &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, contact);
  if (text != NULL)
    sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
  return store_run(v, stmt);
}

int amanat_contact_edit(amanat_vault *v, const char *id, const char *name,
                        const amanat_contact_field *set, size_t set_count,
                        const char *const *remove_labels, size_t remove_count) {
  if ((name != NULL && (name[0] == '\0' || store_check_text(name, CONTACT_NAME_MAX, 0))) ||
      check_fields(set, set_count) != AMANAT_OK)
    return AMANAT_E_INVALID;
  sqlite3_int64 contact = 0;
  int rc = begin_on(v, id, &contact);
  if (rc != AMANAT_OK)
    return rc;
  if (name != NULL)
    rc = run_text(v, "UPDATE contacts SET name = ?2 WHERE id = ?1;", contact, name);
  for (size_t i = 0; i < set_count && rc == AMANAT_OK; i++)
    rc = set_field(v, contact, &set[i]);
  for (size_t i = 0; i < remove_count && rc == AMANAT_OK; i++)
    rc = run_text(v, "DELETE FROM contact_fields WHERE contact = ?1 AND label = ?2;", contact,
                  remove_labels[i]);
  return finish(v, contact, rc);
}

int amanat_contact_set_notes(amanat_vault *v, const char *id, const char *notes) {
  if (store_check_text(notes, DOCS_NOTES_MAX, 1) != AMANAT_OK)
    return AMANAT_E_INVALID;
  sqlite3_int64 contact = 0;
  int rc = begin_on(v, id, &contact);
  if (rc != AMANAT_OK)
    return rc;
  rc = run_text(v, "UPDATE contacts SET notes = ?2 WHERE id = ?1;", contact, notes);
  return finish(v, contact, rc);
}

int amanat_contact_tag(amanat_vault *v, const char *id, const char *const *add, size_t add_count,
                       const char *const *remove, size_t remove_count) {
  sqlite3_int64 contact = 0;
  int rc = begin_on(v, id, &contact);
  if (rc != AMANAT_OK)
    return rc;
  for (size_t i = 0; i < add_count && rc == AMANAT_OK; i++) {
    sqlite3_int64 tag = 0;
    rc = store_tag_id(v, add[i], &tag);
    sqlite3_stmt *stmt = NULL;
    if (rc == AMANAT_OK)
      rc = store_prepare(v, "INSERT OR IGNORE INTO contact_tags(contact, tag) VALUES (?1, ?2);",
                         &stmt);
    if (rc == AMANAT_OK) {
      sqlite3_bind_int64(stmt, 1, contact);
      sqlite3_bind_int64(stmt, 2, tag);
      rc = store_run(v, stmt);
    }
  }
  for (size_t i = 0; i < remove_count && rc == AMANAT_OK; i++)
    rc = run_text(v,
                  "DELETE FROM contact_tags WHERE contact = ?1 AND tag ="
                  " (SELECT id FROM tags WHERE name = ?2);",
                  contact, remove[i]);
  return finish(v, contact, rc);
}

int amanat_contact_delete(amanat_vault *v, const char *id) {
  sqlite3_int64 contact = 0;
  int rc = begin_on(v, id, &contact);
  if (rc != AMANAT_OK)
    return rc;
  uint8_t uid[STORE_UID_LEN];
  rc = contacts_uid_of(v, contact, uid);
  if (rc == AMANAT_OK)
    rc = sync_tombstone_local(v, SYNC_ITEM_CONTACT, contact, uid);
  if (rc == AMANAT_OK)
    rc = contacts_delete_row(v, contact);
  return finish(v, 0, rc);
}

int contacts_uid_of(amanat_vault *v, sqlite3_int64 contact, uint8_t uid[STORE_UID_LEN]) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT uid FROM contacts WHERE id = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, contact);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == STORE_UID_LEN)
    memcpy(uid, sqlite3_column_blob(stmt, 0), STORE_UID_LEN);
  else
    rc = step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : AMANAT_E_DAMAGED;
  sqlite3_finalize(stmt);
  return rc;
}

int contacts_delete_row(amanat_vault *v, sqlite3_int64 contact) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "DELETE FROM search_index WHERE docid = ?1;", &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, store_docid_of_contact(contact));
    rc = store_run(v, stmt);
  }
  if (rc == AMANAT_OK)
    rc = run_text(v, "DELETE FROM contacts WHERE id = ?1;", contact, NULL);
  return rc;
}

int amanat_link(amanat_vault *v, const char *doc_id, const char *contact_id, int linked) {
  sqlite3_int64 doc = 0, contact = 0;
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "documents", doc_id, &doc, full);
  if (rc == AMANAT_OK)
    rc = begin_on(v, contact_id, &contact);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_stmt *stmt = NULL;
  rc = store_prepare(v,
                     linked ? "INSERT OR IGNORE INTO links(doc, contact) VALUES (?1, ?2);"
                            : "DELETE FROM links WHERE doc = ?1 AND contact = ?2;",
                     &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, doc);
    sqlite3_bind_int64(stmt, 2, contact);
    rc = store_run(v, stmt);
  }
  /* A link is part of the document's state, which is what travels. */
  if (rc == AMANAT_OK)
    rc = sync_stamp(v, SYNC_ITEM_DOCUMENT, doc, 0);
  return finish(v, 0, rc);
}

/* Index: name, every field's label and value, notes and tags. */
int contacts_reindex(amanat_vault *v, sqlite3_int64 contact) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "SELECT c.name || char(10) || c.notes || char(10) ||"
                         " coalesce((SELECT group_concat(f.label || ' ' || f.value, char(10))"
                         " FROM contact_fields f WHERE f.contact = c.id), '') || char(10) ||"
                         " coalesce((SELECT group_concat(t.name, ' ') FROM contact_tags ct"
                         " JOIN tags t ON t.id = ct.tag WHERE ct.contact = c.id), '')"
                         " FROM contacts c WHERE c.id = ?1;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, contact);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW) {
    const uint8_t *body = sqlite3_column_text(stmt, 0);
    size_t len = (size_t)sqlite3_column_bytes(stmt, 0);
    uint8_t *copy = io_secure_alloc(len + 1);
    if (copy == NULL) {
      rc = AMANAT_E_NOMEM;
    } else {
      memcpy(copy, body, len);
      sqlite3_finalize(stmt);
      stmt = NULL;
      rc = docs_index_store(v, store_docid_of_contact(contact), copy, len);
      secret_free(&copy);
    }
  } else {
    rc = step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : space_db_error(v->db, step);
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  return rc;
}
