/* SPDX-License-Identifier: GPL-3.0-or-later */
/* docs_index.c: keeping a document's search-index entry in step with it. */
#include <sodium.h>
#include <string.h>

#include "docs_internal.h"
#include "io.h"
#include "secret.h"
#include "sniff.h"
#include "space_db.h"
#include "store.h"
#include "text_index.h"

typedef struct text_buffer {
  uint8_t *data;
  size_t len, cap;
} text_buffer;

static int append(const uint8_t *data, size_t len, void *user_data) {
  text_buffer *b = user_data;
  size_t n = len < b->cap - b->len ? len : b->cap - b->len;
  memcpy(b->data + b->len, data, n);
  b->len += n;
  return AMANAT_OK;
}

static void append_text(text_buffer *b, const char *text) {
  append((const uint8_t *)text, strlen(text), b);
  append((const uint8_t *)"\n", 1, b);
}

/* Drops a UTF-8 sequence cut off at the end (the indexed start of a long text). */
static size_t trim_partial_utf8(const uint8_t *data, size_t len) {
  for (size_t back = 1; back <= 4 && back <= len; back++) {
    uint8_t c = data[len - back];
    if ((c & 0xc0) == 0x80)
      continue; /* a continuation byte: look further back for its lead */
    size_t need = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    return need > back ? len - back : len;
  }
  return len;
}

int docs_index_store(amanat_vault *v, sqlite3_int64 docid, const uint8_t *body, size_t len) {
  char *tokens = NULL;
  size_t tokens_len = 0;
  int rc = text_index_tokens((const char *)body, len, &tokens, &tokens_len);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_stmt *stmt = NULL;
  rc = store_prepare(v, "DELETE FROM search_index WHERE docid = ?1;", &stmt);
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, docid);
    rc = store_run(v, stmt);
  }
  if (rc == AMANAT_OK &&
      (rc = store_prepare(v, "INSERT INTO search_index(docid, body) VALUES (?1, ?2);", &stmt)) ==
          AMANAT_OK) {
    sqlite3_bind_int64(stmt, 1, docid);
    sqlite3_bind_text(stmt, 2, tokens, (int)tokens_len, SQLITE_STATIC);
    rc = store_run(v, stmt);
  }
  text_index_free(tokens, tokens_len);
  return rc;
}

int docs_reindex(amanat_vault *v, sqlite3_int64 doc, const uint8_t *text, size_t text_len) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "SELECT title, notes, content_type, (SELECT group_concat(t.name, ' ')"
                         " FROM document_tags dt JOIN tags t ON t.id = dt.tag WHERE dt.doc = ?1)"
                         " FROM documents WHERE id = ?1;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, doc);
  int step = sqlite3_step(stmt);
  if (step != SQLITE_ROW) {
    sqlite3_finalize(stmt);
    return step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : space_db_error(v->db, step);
  }
  const char *title = (const char *)sqlite3_column_text(stmt, 0);
  const char *notes = (const char *)sqlite3_column_text(stmt, 1);
  const char *type = (const char *)sqlite3_column_text(stmt, 2);
  const char *tags = (const char *)sqlite3_column_text(stmt, 3);
  size_t meta_len =
      (title ? strlen(title) : 0) + (notes ? strlen(notes) : 0) + (tags ? strlen(tags) : 0) + 4;
  int is_text = type != NULL && sniff_is_text(type);
  size_t text_room = !is_text ? 0 : text != NULL ? text_len : DOCS_TEXT_INDEX_MAX;
  text_buffer body = {.cap = meta_len + text_room};
  body.data = io_secure_alloc(body.cap);
  if (body.data == NULL) {
    sqlite3_finalize(stmt);
    return AMANAT_E_NOMEM;
  }
  append_text(&body, title ? title : "");
  append_text(&body, tags ? tags : "");
  append_text(&body, notes ? notes : "");
  sqlite3_finalize(stmt);
  size_t meta_end = body.len;
  if (is_text && text != NULL)
    append(text, text_len, &body);
  else if (is_text)
    rc = docs_stream(v, doc, DOCS_TEXT_INDEX_MAX, append, &body, NULL, NULL);
  body.len = meta_end + trim_partial_utf8(body.data + meta_end, body.len - meta_end);
  if (rc == AMANAT_OK) {
    rc = docs_index_store(v, store_docid_of_document(doc), body.data, body.len);
    /* Text that is not UTF-8 is left out of the index; the metadata still goes in. */
    if (rc == AMANAT_E_INVALID)
      rc = docs_index_store(v, store_docid_of_document(doc), body.data, meta_end);
  }
  secret_free(&body.data);
  return rc;
}
