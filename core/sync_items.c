/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_items.c: reading and writing the synced state of documents, notes, contacts and
 * tombstones. */
#include "sync_items.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "docs_internal.h"
#include "space_db.h"
#include "store.h"
#include "sync_stamp.h"
#include "io.h"

struct sync_arena_block {
  sync_arena_block *next;
  size_t len;
  max_align_t data[];
};

void *sync_arena_alloc(sync_arena *arena, size_t len) {
  sync_arena_block *block = io_calloc(1, sizeof *block + len + 1);
  if (block == NULL)
    return NULL;
  block->len = len + 1;
  block->next = arena->head;
  arena->head = block;
  return block->data;
}

char *sync_arena_strndup(sync_arena *arena, const char *text, size_t len) {
  char *copy = sync_arena_alloc(arena, len + 1);
  if (copy != NULL && len > 0)
    memcpy(copy, text, len);
  return copy;
}

/* Item states hold names and notes: wiped before they go back to the heap. */
void sync_arena_free(sync_arena *arena) {
  while (arena->head != NULL) {
    sync_arena_block *next = arena->head->next;
    sodium_memzero(arena->head->data, arena->head->len);
    free(arena->head);
    arena->head = next;
  }
}

static const char *column_copy(sync_arena *arena, sqlite3_stmt *stmt, int column) {
  const unsigned char *text = sqlite3_column_text(stmt, column);
  size_t len = (size_t)sqlite3_column_bytes(stmt, column);
  return sync_arena_strndup(arena, text != NULL ? (const char *)text : "", len);
}

static int column_blob16(sqlite3_stmt *stmt, int column, uint8_t out[16]) {
  if (sqlite3_column_bytes(stmt, column) != 16)
    return AMANAT_E_DAMAGED;
  memcpy(out, sqlite3_column_blob(stmt, column), 16);
  return AMANAT_OK;
}

/* vv, clock, origin from three columns starting at `column`. */
static int column_version(sync_arena *arena, sqlite3_stmt *stmt, int column, sync_version *out) {
  out->vv = sync_arena_alloc(arena, sizeof *out->vv);
  if (out->vv == NULL)
    return AMANAT_E_NOMEM;
  if (sync_vv_decode(sqlite3_column_blob(stmt, column), (size_t)sqlite3_column_bytes(stmt, column),
                     out->vv) != AMANAT_OK)
    return AMANAT_E_DAMAGED;
  out->clock = (uint64_t)sqlite3_column_int64(stmt, column + 1);
  memset(out->origin, 0, SYNC_ORIGIN_LEN);
  if (sqlite3_column_bytes(stmt, column + 2) == SYNC_ORIGIN_LEN)
    memcpy(out->origin, sqlite3_column_blob(stmt, column + 2), SYNC_ORIGIN_LEN);
  return AMANAT_OK;
}

/* Collects the text column 0 of every row of `stmt` (bound by the caller) into a list. */
static int collect_texts(amanat_vault *v, sqlite3_stmt *stmt, sync_arena *arena, const char ***out,
                         size_t *count) {
  size_t cap = 8, n = 0;
  const char **list = sync_arena_alloc(arena, cap * sizeof *list);
  int rc = list != NULL ? AMANAT_OK : AMANAT_E_NOMEM, step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (n == cap) {
      const char **grown = sync_arena_alloc(arena, 2 * cap * sizeof *grown);
      if (grown == NULL) {
        rc = AMANAT_E_NOMEM;
        break;
      }
      memcpy(grown, list, n * sizeof *list);
      list = grown;
      cap *= 2;
    }
    if ((list[n] = column_copy(arena, stmt, 0)) == NULL)
      rc = AMANAT_E_NOMEM;
    n++;
  }
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  sqlite3_finalize(stmt);
  *out = list;
  *count = n;
  return rc;
}

static int collect_uids(amanat_vault *v, sqlite3_stmt *stmt, sync_arena *arena, uint8_t (**out)[16],
                        size_t *count) {
  size_t cap = 8, n = 0;
  uint8_t(*list)[16] = sync_arena_alloc(arena, cap * 16);
  int rc = list != NULL ? AMANAT_OK : AMANAT_E_NOMEM, step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (n == cap) {
      uint8_t(*grown)[16] = sync_arena_alloc(arena, 2 * cap * 16);
      if (grown == NULL) {
        rc = AMANAT_E_NOMEM;
        break;
      }
      memcpy(grown, list, n * 16);
      list = grown;
      cap *= 2;
    }
    rc = column_blob16(stmt, 0, list[n++]);
  }
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  sqlite3_finalize(stmt);
  *out = list;
  *count = n;
  return rc;
}

int sync_doc_load(amanat_vault *v, sqlite3_int64 row, sync_arena *arena, sync_doc_state *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "SELECT uid, kind, vv, clock, origin, cv, title, content_type, added,"
                         " notes, size, conflict_of FROM documents WHERE id = ?1;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, row);
  int step = sqlite3_step(stmt);
  if (step != SQLITE_ROW) {
    sqlite3_finalize(stmt);
    return step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : space_db_error(v->db, step);
  }
  rc = column_blob16(stmt, 0, out->uid);
  out->kind = sqlite3_column_int(stmt, 1);
  if (rc == AMANAT_OK)
    rc = column_version(arena, stmt, 2, &out->version);
  if (rc == AMANAT_OK)
    rc = column_blob16(stmt, 5, out->cv);
  out->title = column_copy(arena, stmt, 6);
  out->content_type = column_copy(arena, stmt, 7);
  out->added = column_copy(arena, stmt, 8);
  out->notes = column_copy(arena, stmt, 9);
  out->size = (uint64_t)sqlite3_column_int64(stmt, 10);
  if (rc == AMANAT_OK && sqlite3_column_type(stmt, 11) != SQLITE_NULL) {
    out->has_conflict_of = 1;
    rc = column_blob16(stmt, 11, out->conflict_of);
  }
  if (rc == AMANAT_OK &&
      (out->title == NULL || out->content_type == NULL || out->added == NULL || out->notes == NULL))
    rc = AMANAT_E_NOMEM;
  sqlite3_finalize(stmt);
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       "SELECT t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag"
                       " WHERE dt.doc = ?1 ORDER BY t.name;",
                       &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, row);
    rc = collect_texts(v, stmt, arena, &out->tags, &out->tag_count);
  }
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       "SELECT c.uid FROM links l JOIN contacts c ON c.id = l.contact"
                       " WHERE l.doc = ?1 UNION SELECT contact_uid FROM pending_links"
                       " WHERE doc = ?1 ORDER BY 1;",
                       &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, row);
    rc = collect_uids(v, stmt, arena, &out->links, &out->link_count);
  }
  return rc;
}

int sync_contact_load(amanat_vault *v, sqlite3_int64 row, sync_arena *arena,
                      sync_contact_state *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(
      v, "SELECT uid, vv, clock, origin, name, notes, added FROM contacts WHERE id = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, row);
  int step = sqlite3_step(stmt);
  if (step != SQLITE_ROW) {
    sqlite3_finalize(stmt);
    return step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : space_db_error(v->db, step);
  }
  rc = column_blob16(stmt, 0, out->uid);
  if (rc == AMANAT_OK)
    rc = column_version(arena, stmt, 1, &out->version);
  out->name = column_copy(arena, stmt, 4);
  out->notes = column_copy(arena, stmt, 5);
  out->added = column_copy(arena, stmt, 6);
  if (rc == AMANAT_OK && (out->name == NULL || out->notes == NULL || out->added == NULL))
    rc = AMANAT_E_NOMEM;
  sqlite3_finalize(stmt);
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag"
                       " WHERE ct.contact = ?1 ORDER BY t.name;",
                       &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, row);
    rc = collect_texts(v, stmt, arena, &out->tags, &out->tag_count);
  }
  if (rc == AMANAT_OK)
    rc = store_prepare(v, "SELECT count(*) FROM contact_fields WHERE contact = ?1;", &stmt);
  size_t count = 0;
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, row);
    if (sqlite3_step(stmt) == SQLITE_ROW)
      count = (size_t)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    out->fields = sync_arena_alloc(arena, (count + 1) * sizeof *out->fields);
    if (out->fields == NULL)
      rc = AMANAT_E_NOMEM;
  }
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       "SELECT label, value, sensitive, withheld FROM contact_fields"
                       " WHERE contact = ?1 ORDER BY position;",
                       &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, row);
    while (rc == AMANAT_OK && out->field_count < count && sqlite3_step(stmt) == SQLITE_ROW) {
      sync_field *f = &out->fields[out->field_count++];
      f->label = column_copy(arena, stmt, 0);
      f->value = column_copy(arena, stmt, 1);
      f->sensitive = sqlite3_column_int(stmt, 2);
      f->withheld = sqlite3_column_int(stmt, 3);
      if (f->label == NULL || f->value == NULL)
        rc = AMANAT_E_NOMEM;
    }
    sqlite3_finalize(stmt);
  }
  return rc;
}

static int bind_version(sqlite3_stmt *stmt, int column, const sync_version *version) {
  uint8_t *encoded = io_malloc(SYNC_VV_MAX_ENTRIES * SYNC_VV_ENTRY_LEN + 1);
  if (encoded == NULL)
    return AMANAT_E_NOMEM;
  size_t len = sync_vv_encode(version->vv, encoded);
  sqlite3_bind_blob(stmt, column, encoded, (int)len, SQLITE_TRANSIENT);
  free(encoded);
  sqlite3_bind_int64(stmt, column + 1, (sqlite3_int64)version->clock);
  sqlite3_bind_blob(stmt, column + 2, version->origin, SYNC_ORIGIN_LEN, SQLITE_TRANSIENT);
  return AMANAT_OK;
}

static int run_on_row(amanat_vault *v, const char *sql, sqlite3_int64 row) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, sql, &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, row);
  return store_run(v, stmt);
}

static int write_links(amanat_vault *v, sqlite3_int64 row, const sync_doc_state *state) {
  int rc = run_on_row(v, "DELETE FROM links WHERE doc = ?1;", row);
  if (rc == AMANAT_OK)
    rc = run_on_row(v, "DELETE FROM pending_links WHERE doc = ?1;", row);
  for (size_t i = 0; i < state->link_count && rc == AMANAT_OK; i++) {
    sqlite3_int64 contact = 0;
    rc = sync_find_row(v, 2, state->links[i], &contact);
    /* A link to a deleted contact goes with the contact, wherever the deletion came first. */
    sync_arena scratch = {0};
    sync_tombstone t;
    int gone = 0;
    if (rc == AMANAT_OK && contact == 0)
      rc = sync_find_tombstone(v, state->links[i], &scratch, &t, &gone);
    sync_arena_free(&scratch);
    if (rc == AMANAT_OK && gone)
      continue;
    sqlite3_stmt *stmt = NULL;
    if (rc == AMANAT_OK)
      rc = store_prepare(
          v,
          contact != 0 ? "INSERT OR IGNORE INTO links(doc, contact) VALUES (?1, ?2);"
                       : "INSERT OR IGNORE INTO pending_links(doc, contact_uid) VALUES (?1, ?3);",
          &stmt);
    if (rc != AMANAT_OK)
      break;
    sqlite3_bind_int64(stmt, 1, row);
    if (contact != 0)
      sqlite3_bind_int64(stmt, 2, contact);
    else
      sqlite3_bind_blob(stmt, 3, state->links[i], 16, SQLITE_STATIC);
    rc = store_run(v, stmt);
  }
  return rc;
}

int sync_doc_write_meta(amanat_vault *v, sqlite3_int64 row, const sync_doc_state *state,
                        sync_write_mode mode) {
  sqlite3_int64 seq = 0;
  int rc = sync_next_seq(v, &seq);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       mode == SYNC_WRITE_INCOMING
                           ? "UPDATE documents SET title = ?2, content_type = ?3, added = ?4,"
                             " notes = ?5, conflict_of = ?6, vv = ?7, clock = ?8, origin = ?9,"
                             " cv = ?10, changed = ?11 WHERE id = ?1;"
                           : "UPDATE documents SET title = ?2, content_type = ?3, added = ?4,"
                             " notes = ?5, conflict_of = ?6, vv = ?7, clock = ?8, origin = ?9"
                             " WHERE id = ?1;",
                       &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, row);
  sqlite3_bind_text(stmt, 2, state->title, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 3, state->content_type, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 4, state->added, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 5, state->notes, -1, SQLITE_STATIC);
  if (state->has_conflict_of)
    sqlite3_bind_blob(stmt, 6, state->conflict_of, 16, SQLITE_STATIC);
  rc = bind_version(stmt, 7, &state->version);
  if (mode == SYNC_WRITE_INCOMING) {
    sqlite3_bind_blob(stmt, 10, state->cv, 16, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 11, seq);
  }
  if (rc == AMANAT_OK)
    rc = store_run(v, stmt);
  else
    sqlite3_finalize(stmt);
  if (rc == AMANAT_OK)
    rc = run_on_row(v, "DELETE FROM document_tags WHERE doc = ?1;", row);
  for (size_t i = 0; i < state->tag_count && rc == AMANAT_OK; i++)
    rc = docs_add_tag(v, row, state->tags[i]);
  if (rc == AMANAT_OK)
    rc = write_links(v, row, state);
  if (rc == AMANAT_OK && mode == SYNC_WRITE_LOCAL_EDIT)
    rc = sync_stamp(v, SYNC_ITEM_DOCUMENT, row, 1);
  return rc;
}

/* A withheld field keeps the value this space has under the same label, if any. */
static int find_kept_value(sqlite3_stmt *old_fields, const char *label, const char **value,
                           int *sensitive) {
  sqlite3_reset(old_fields);
  sqlite3_bind_text(old_fields, 2, label, -1, SQLITE_STATIC);
  if (sqlite3_step(old_fields) != SQLITE_ROW)
    return 0;
  *value = (const char *)sqlite3_column_text(old_fields, 0);
  *sensitive = sqlite3_column_int(old_fields, 1);
  return *value != NULL;
}

static int write_fields(amanat_vault *v, sqlite3_int64 row, const sync_contact_state *state,
                        sync_arena *scratch) {
  /* The kept values are read before the old fields go. */
  const char **kept = sync_arena_alloc(scratch, (state->field_count + 1) * sizeof *kept);
  int *kept_sensitive = sync_arena_alloc(scratch, (state->field_count + 1) * sizeof(int));
  if (kept == NULL || kept_sensitive == NULL)
    return AMANAT_E_NOMEM;
  sqlite3_stmt *old_fields = NULL;
  int rc = store_prepare(v,
                         "SELECT value, sensitive FROM contact_fields WHERE contact = ?1 AND"
                         " label = ?2 AND withheld = 0;",
                         &old_fields);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(old_fields, 1, row);
  for (size_t i = 0; i < state->field_count && rc == AMANAT_OK; i++) {
    const char *value = NULL;
    kept[i] = NULL;
    if (state->fields[i].withheld &&
        find_kept_value(old_fields, state->fields[i].label, &value, &kept_sensitive[i])) {
      kept[i] = sync_arena_strndup(scratch, value, strlen(value));
      if (kept[i] == NULL)
        rc = AMANAT_E_NOMEM;
    }
  }
  sqlite3_finalize(old_fields);
  if (rc == AMANAT_OK)
    rc = run_on_row(v, "DELETE FROM contact_fields WHERE contact = ?1;", row);
  for (size_t i = 0; i < state->field_count && rc == AMANAT_OK; i++) {
    const sync_field *f = &state->fields[i];
    sqlite3_stmt *stmt = NULL;
    rc = store_prepare(v,
                       "INSERT INTO contact_fields(contact, position, label, value, sensitive,"
                       " withheld) VALUES (?1, ?2, ?3, ?4, ?5, ?6);",
                       &stmt);
    if (rc != AMANAT_OK)
      break;
    int withheld = f->withheld && kept[i] == NULL;
    sqlite3_bind_int64(stmt, 1, row);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
    sqlite3_bind_text(stmt, 3, f->label, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4,
                      kept[i] != NULL ? kept[i]
                      : withheld      ? ""
                                      : f->value,
                      -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 5, kept[i] != NULL ? kept_sensitive[i] : f->sensitive);
    sqlite3_bind_int(stmt, 6, withheld);
    rc = store_run(v, stmt);
  }
  return rc;
}

int sync_contact_write(amanat_vault *v, sqlite3_int64 *row, const sync_contact_state *state) {
  sqlite3_int64 seq = 0;
  int rc = sync_next_seq(v, &seq);
  sqlite3_stmt *stmt = NULL;
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, state->uid, 16);
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       *row == 0 ? "INSERT INTO contacts(uid, hex, name, notes, added, vv, clock,"
                                   " origin, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);"
                                 : "UPDATE contacts SET name = ?3, notes = ?4, added = ?5, vv = ?6,"
                                   " clock = ?7, origin = ?8, changed = ?9 WHERE id = ?10;",
                       &stmt);
  if (rc != AMANAT_OK)
    return rc;
  if (*row == 0) {
    sqlite3_bind_blob(stmt, 1, state->uid, 16, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, hex, -1, SQLITE_STATIC);
  } else {
    sqlite3_bind_int64(stmt, 10, *row);
  }
  sqlite3_bind_text(stmt, 3, state->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 4, state->notes, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 5, state->added, -1, SQLITE_STATIC);
  rc = bind_version(stmt, 6, &state->version);
  sqlite3_bind_int64(stmt, 9, seq);
  if (rc == AMANAT_OK)
    rc = store_run(v, stmt);
  else
    sqlite3_finalize(stmt);
  if (rc != AMANAT_OK)
    return rc;
  if (*row == 0)
    *row = sqlite3_last_insert_rowid(v->db);
  sync_arena scratch = {0};
  rc = write_fields(v, *row, state, &scratch);
  sync_arena_free(&scratch);
  if (rc == AMANAT_OK)
    rc = run_on_row(v, "DELETE FROM contact_tags WHERE contact = ?1;", *row);
  for (size_t i = 0; i < state->tag_count && rc == AMANAT_OK; i++) {
    sqlite3_int64 tag = 0;
    rc = store_tag_id(v, state->tags[i], &tag);
    if (rc == AMANAT_OK)
      rc = store_prepare(v, "INSERT OR IGNORE INTO contact_tags(contact, tag) VALUES (?1, ?2);",
                         &stmt);
    if (rc == AMANAT_OK) {
      sqlite3_bind_int64(stmt, 1, *row);
      sqlite3_bind_int64(stmt, 2, tag);
      rc = store_run(v, stmt);
    }
  }
  /* Documents that named this contact before it arrived are linked now. */
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       "INSERT OR IGNORE INTO links(doc, contact) SELECT doc, ?1 FROM"
                       " pending_links WHERE contact_uid = ?2;",
                       &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, *row);
    sqlite3_bind_blob(stmt, 2, state->uid, 16, SQLITE_STATIC);
    rc = store_run(v, stmt);
  }
  if (rc == AMANAT_OK)
    rc = store_prepare(v, "DELETE FROM pending_links WHERE contact_uid = ?1;", &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_blob(stmt, 1, state->uid, 16, SQLITE_STATIC);
    rc = store_run(v, stmt);
  }
  if (rc == AMANAT_OK)
    rc = contacts_reindex(v, *row);
  return rc;
}

int sync_find_row(amanat_vault *v, int kind, const uint8_t uid[16], sqlite3_int64 *row) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         kind == 1 ? "SELECT id FROM documents WHERE uid = ?1;"
                                   : "SELECT id FROM contacts WHERE uid = ?1;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, uid, 16, SQLITE_STATIC);
  int step = sqlite3_step(stmt);
  *row = step == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  return step == SQLITE_ROW || step == SQLITE_DONE ? AMANAT_OK : space_db_error(v->db, step);
}

int sync_find_tombstone(amanat_vault *v, const uint8_t uid[16], sync_arena *arena,
                        sync_tombstone *out, int *found) {
  sqlite3_stmt *stmt = NULL;
  *found = 0;
  int rc =
      store_prepare(v, "SELECT kind, vv, clock, origin, cv FROM tombstones WHERE uid = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, uid, 16, SQLITE_STATIC);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW) {
    memcpy(out->uid, uid, 16);
    out->kind = sqlite3_column_int(stmt, 0);
    rc = column_version(arena, stmt, 1, &out->version);
    memset(out->cv, 0, 16);
    if (sqlite3_column_bytes(stmt, 4) == 16)
      memcpy(out->cv, sqlite3_column_blob(stmt, 4), 16);
    *found = 1;
  } else if (step != SQLITE_DONE) {
    rc = space_db_error(v->db, step);
  }
  sqlite3_finalize(stmt);
  return rc;
}

int sync_tombstone_write(amanat_vault *v, const sync_tombstone *t) {
  sqlite3_int64 seq = 0;
  int rc = sync_next_seq(v, &seq);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc =
        store_prepare(v,
                      "INSERT OR REPLACE INTO tombstones(uid, kind, vv, clock, origin, changed, cv)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);",
                      &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, t->uid, 16, SQLITE_STATIC);
  sqlite3_bind_int(stmt, 2, t->kind);
  rc = bind_version(stmt, 3, &t->version);
  sqlite3_bind_int64(stmt, 6, seq);
  sqlite3_bind_blob(stmt, 7, t->cv, 16, SQLITE_STATIC);
  if (rc == AMANAT_OK)
    return store_run(v, stmt);
  sqlite3_finalize(stmt);
  return rc;
}
