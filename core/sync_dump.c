/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_dump.c: a canonical text dump of a space's synced items, in uid order, for
 * comparing vaults (the convergence and crash tests) and for audits. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bundle_records.h"
#include "docs_internal.h"
#include "io.h"
#include "space_db.h"
#include "store.h"

static void put(record_buf *b, const char *text) {
  size_t len = strlen(text);
  if (b->failed)
    return;
  if (b->len + len + 1 > b->cap) {
    size_t cap = b->cap == 0 ? 65536 : b->cap;
    while (cap < b->len + len + 1)
      cap *= 2;
    uint8_t *grown = io_secure_alloc(cap);
    if (grown == NULL) {
      b->failed = 1;
      return;
    }
    if (b->data != NULL) {
      memcpy(grown, b->data, b->len);
      sodium_free(b->data);
    }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, text, len);
  b->len += len;
}

/* A string with backslashes, quotes and control characters escaped. */
static void put_escaped(record_buf *b, const char *text) {
  put(b, "\"");
  for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
    char one[8];
    if (*p < 0x20 || *p == '"' || *p == '\\')
      snprintf(one, sizeof one, "\\x%02x", *p);
    else
      snprintf(one, sizeof one, "%c", *p);
    put(b, one);
  }
  put(b, "\"");
}

static void put_hex(record_buf *b, const uint8_t *bytes, size_t len) {
  char hex[2 * 64 + 1];
  while (len > 0) {
    size_t n = len < 64 ? len : 64;
    sodium_bin2hex(hex, sizeof hex, bytes, n);
    put(b, hex);
    bytes += n;
    len -= n;
  }
}

static void put_version(record_buf *b, const sync_version *v) {
  uint8_t entry[SYNC_VV_ENTRY_LEN * SYNC_VV_MAX_ENTRIES];
  size_t len = sync_vv_encode(v->vv, entry);
  char clock[32];
  put(b, " vv=");
  put_hex(b, entry, len);
  snprintf(clock, sizeof clock, " clock=%llu origin=", (unsigned long long)v->clock);
  put(b, clock);
  put_hex(b, v->origin, SYNC_ORIGIN_LEN);
}

static void put_tags(record_buf *b, const char *const *tags, size_t count) {
  put(b, " tags=[");
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      put(b, ",");
    put_escaped(b, tags[i]);
  }
  put(b, "]");
}

static int hash_sink(const uint8_t *data, size_t len, void *user_data) {
  crypto_generichash_update(user_data, data, len);
  return AMANAT_OK;
}

static int dump_document(amanat_vault *v, sqlite3_int64 row, record_buf *b) {
  sync_arena arena = {0};
  sync_doc_state d;
  int rc = sync_doc_load(v, row, &arena, &d);
  uint8_t digest[32];
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, sizeof digest);
  if (rc == AMANAT_OK)
    rc = docs_stream(v, row, 0, hash_sink, &st, NULL, NULL);
  crypto_generichash_final(&st, digest, sizeof digest);
  if (rc == AMANAT_OK) {
    char line[96];
    put(b, "document ");
    put_hex(b, d.uid, 16);
    snprintf(line, sizeof line, " kind=%d size=%llu added=%s", d.kind, (unsigned long long)d.size,
             d.added);
    put(b, line);
    put(b, " title=");
    put_escaped(b, d.title);
    put(b, " type=");
    put_escaped(b, d.content_type);
    put(b, " notes=");
    put_escaped(b, d.notes);
    put_tags(b, d.tags, d.tag_count);
    put(b, " links=[");
    for (size_t i = 0; i < d.link_count; i++) {
      if (i > 0)
        put(b, ",");
      put_hex(b, d.links[i], 16);
    }
    put(b, "] conflict_of=");
    if (d.has_conflict_of)
      put_hex(b, d.conflict_of, 16);
    else
      put(b, "-");
    put_version(b, &d.version);
    put(b, " content=");
    put_hex(b, digest, sizeof digest);
    put(b, "\n");
  }
  sync_arena_free(&arena);
  return rc;
}

static int dump_contact(amanat_vault *v, sqlite3_int64 row, record_buf *b) {
  sync_arena arena = {0};
  sync_contact_state c;
  int rc = sync_contact_load(v, row, &arena, &c);
  if (rc == AMANAT_OK) {
    put(b, "contact ");
    put_hex(b, c.uid, 16);
    put(b, " added=");
    put(b, c.added);
    put(b, " name=");
    put_escaped(b, c.name);
    put(b, " notes=");
    put_escaped(b, c.notes);
    put(b, " fields=[");
    for (size_t i = 0; i < c.field_count; i++) {
      char flags[16];
      if (i > 0)
        put(b, ",");
      put_escaped(b, c.fields[i].label);
      put(b, ":");
      put_escaped(b, c.fields[i].value);
      snprintf(flags, sizeof flags, ":%d%d", c.fields[i].sensitive, c.fields[i].withheld);
      put(b, flags);
    }
    put(b, "]");
    put_tags(b, c.tags, c.tag_count);
    put_version(b, &c.version);
    put(b, "\n");
  }
  sync_arena_free(&arena);
  return rc;
}

/* Runs `each` over the rows `sql` selects (row id in column 0). */
static int for_rows(amanat_vault *v, const char *sql, record_buf *b,
                    int (*each)(amanat_vault *, sqlite3_int64, record_buf *)) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, sql, &stmt);
  int step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW)
    rc = each(v, sqlite3_column_int64(stmt, 0), b);
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  return rc;
}

static int dump_tombstones(amanat_vault *v, record_buf *b) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT uid, kind FROM tombstones ORDER BY uid;", &stmt);
  while (rc == AMANAT_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    char kind[16];
    put(b, "deleted ");
    put_hex(b, sqlite3_column_blob(stmt, 0), (size_t)sqlite3_column_bytes(stmt, 0));
    snprintf(kind, sizeof kind, " kind=%d\n", sqlite3_column_int(stmt, 1));
    put(b, kind);
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  return rc;
}

int amanat_vault_dump(amanat_vault *v, int fd) {
  record_buf b = {0};
  int rc = for_rows(v, "SELECT id FROM documents ORDER BY uid;", &b, dump_document);
  if (rc == AMANAT_OK)
    rc = for_rows(v, "SELECT id FROM contacts ORDER BY uid;", &b, dump_contact);
  if (rc == AMANAT_OK)
    rc = dump_tombstones(v, &b);
  if (rc == AMANAT_OK && b.failed)
    rc = AMANAT_E_NOMEM;
  for (size_t at = 0; rc == AMANAT_OK && at < b.len;) {
    ssize_t n = write(fd, b.data + at, b.len - at);
    if (n < 0)
      rc = AMANAT_E_IO;
    else
      at += (size_t)n;
  }
  if (b.data != NULL)
    sodium_free(b.data);
  return rc;
}
