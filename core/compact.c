/* SPDX-License-Identifier: GPL-3.0-or-later */
/* compact.c: reclaiming the space of deleted documents. Live records are copied as they
 * are (still sealed) into other packs, the database is pointed at the copies in one
 * transaction, and only then are the old packs removed: a crash at any point leaves
 * either the old or the new layout, and removals a crash interrupted are finished at the
 * next unlock (pack_trash). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chunk.h"
#include "docs_internal.h"
#include "io.h"
#include "pack.h"
#include "space_db.h"
#include "store.h"

typedef struct moved_chunk {
  sqlite3_int64 doc, seq;
  size_t touch;
  uint64_t offset;
} moved_chunk;

typedef struct compaction {
  sqlite3_int64 *packs;
  size_t pack_count;
  moved_chunk *moved;
  size_t moved_count, moved_cap;
} compaction;

static int pick_packs(amanat_vault *v, int only_mostly_dead, compaction *c) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         only_mostly_dead ? "SELECT id FROM packs WHERE (used - live) * 2 > used;"
                                          : "SELECT id FROM packs WHERE used > live;",
                         &stmt);
  size_t cap = 0;
  while (rc == AMANAT_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    if (c->pack_count == cap) {
      cap = cap ? cap * 2 : 8;
      sqlite3_int64 *grown = io_realloc(c->packs, cap * sizeof *grown);
      if (grown == NULL) {
        rc = AMANAT_E_NOMEM;
        break;
      }
      c->packs = grown;
    }
    c->packs[c->pack_count++] = sqlite3_column_int64(stmt, 0);
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  return rc;
}

static int remember(compaction *c, sqlite3_int64 doc, sqlite3_int64 seq, size_t touch,
                    uint64_t offset) {
  if (c->moved_count == c->moved_cap) {
    size_t cap = c->moved_cap ? c->moved_cap * 2 : 64;
    moved_chunk *grown = io_realloc(c->moved, cap * sizeof *grown);
    if (grown == NULL)
      return AMANAT_E_NOMEM;
    c->moved = grown;
    c->moved_cap = cap;
  }
  c->moved[c->moved_count++] = (moved_chunk){doc, seq, touch, offset};
  return AMANAT_OK;
}

/* Copies every live record of pack `pack` to the writer. */
static int copy_live_records(amanat_vault *v, compaction *c, sqlite3_int64 pack,
                             pack_writer *writer, pack_reader *reader, uint8_t *record) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "SELECT c.doc, c.seq, p.name, c.offset, c.length FROM chunks c"
                         " JOIN packs p ON p.id = c.pack WHERE c.pack = ?1 ORDER BY c.offset;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, pack);
  while (rc == AMANAT_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    sqlite3_int64 length = sqlite3_column_int64(stmt, 4);
    if (length <= 0 || length > (sqlite3_int64)CHUNK_RECORD_MAX) {
      rc = AMANAT_E_DAMAGED;
      break;
    }
    size_t touch = 0;
    uint64_t offset = 0;
    rc = pack_read(reader, (const char *)sqlite3_column_text(stmt, 2),
                   (uint64_t)sqlite3_column_int64(stmt, 3), record, (size_t)length);
    if (rc == AMANAT_OK)
      rc = pack_writer_append(writer, record, (size_t)length, &touch, &offset);
    if (rc == AMANAT_OK)
      rc = remember(c, sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1), touch, offset);
  }
  sqlite3_finalize(stmt);
  return rc;
}

/* Points the chunks at their copies and moves the old packs to the trash. */
static int record_compaction(amanat_vault *v, compaction *c, pack_writer *writer) {
  int rc = pack_writer_record(writer);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = store_prepare(v, "UPDATE chunks SET pack = ?1, offset = ?2 WHERE doc = ?3 AND seq = ?4;",
                       &stmt);
  for (size_t i = 0; i < c->moved_count && rc == AMANAT_OK; i++) {
    const moved_chunk *m = &c->moved[i];
    sqlite3_bind_int64(stmt, 1, writer->touched[m->touch].id);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)m->offset);
    sqlite3_bind_int64(stmt, 3, m->doc);
    sqlite3_bind_int64(stmt, 4, m->seq);
    if (sqlite3_step(stmt) != SQLITE_DONE)
      rc = space_db_error(v->db, sqlite3_reset(stmt));
    sqlite3_reset(stmt);
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  for (size_t i = 0; i < c->pack_count && rc == AMANAT_OK; i++) {
    rc = store_prepare(v, "INSERT INTO pack_trash(name) SELECT name FROM packs WHERE id = ?1;",
                       &stmt);
    if (rc == AMANAT_OK) {
      sqlite3_bind_int64(stmt, 1, c->packs[i]);
      rc = store_run(v, stmt);
    }
    if (rc == AMANAT_OK &&
        (rc = store_prepare(v, "DELETE FROM packs WHERE id = ?1;", &stmt)) == AMANAT_OK) {
      sqlite3_bind_int64(stmt, 1, c->packs[i]);
      rc = store_run(v, stmt);
    }
  }
  return rc;
}

static int compact(amanat_vault *v, int only_mostly_dead) {
  compaction c = {0};
  pack_writer writer;
  pack_reader reader;
  pack_reader_init(&reader, v);
  uint8_t *record = io_malloc(CHUNK_RECORD_MAX);
  int rc = record != NULL ? pick_packs(v, only_mostly_dead, &c) : AMANAT_E_NOMEM;
  if (rc != AMANAT_OK || c.pack_count == 0) {
    free(record);
    free(c.packs);
    return rc;
  }
  rc = pack_writer_open(&writer, v, c.packs, c.pack_count);
  for (size_t i = 0; i < c.pack_count && rc == AMANAT_OK; i++)
    rc = copy_live_records(v, &c, c.packs[i], &writer, &reader, record);
  if (rc == AMANAT_OK)
    rc = pack_writer_flush(&writer);
  if (rc == AMANAT_OK && (rc = store_begin(v)) == AMANAT_OK) {
    rc = record_compaction(v, &c, &writer);
    if (rc == AMANAT_OK)
      rc = store_commit(v);
    else
      store_fail(v, rc);
  }
  if (rc != AMANAT_OK)
    pack_writer_abort(&writer);
  pack_writer_close(&writer);
  pack_reader_close(&reader);
  free(record);
  free(c.packs);
  free(c.moved);
  return rc == AMANAT_OK ? docs_empty_trash(v) : rc;
}

int docs_empty_trash(amanat_vault *v) {
  sqlite3_stmt *stmt = NULL;
  int dir_fd = -1, any = 0;
  int rc = store_prepare(v, "SELECT name FROM pack_trash;", &stmt);
  while (rc == AMANAT_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(stmt, 0);
    if (dir_fd < 0 && (rc = pack_dir_open(v, 0, &dir_fd)) != AMANAT_OK)
      break;
    int injected = io_fault_hit();
    if (name != NULL && strchr(name, '/') == NULL &&
        (injected != 0 || unlinkat(dir_fd, name, 0) != 0) &&
        (injected != 0 ? injected : errno) != ENOENT)
      rc = io_err_from_errno(injected != 0 ? injected : errno);
    any = 1;
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  if (rc == AMANAT_OK && any)
    rc = io_fsync(dir_fd);
  io_close(&dir_fd);
  if (rc == AMANAT_OK && any && (rc = store_begin(v)) == AMANAT_OK) {
    rc = space_db_exec(v->db, "DELETE FROM pack_trash;");
    if (rc == AMANAT_OK)
      rc = store_commit(v);
    else
      store_fail(v, rc);
  }
  return rc == AMANAT_E_MISSING ? AMANAT_OK : rc;
}

int docs_compact_if_needed(amanat_vault *v) {
  if (v->batch != NULL)
    return AMANAT_OK; /* compaction commits on its own: not inside a batch */
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "SELECT coalesce(sum(used), 0), coalesce(sum(used - live), 0)"
                         " FROM packs;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_int64 used = 0, dead = 0;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    used = sqlite3_column_int64(stmt, 0);
    dead = sqlite3_column_int64(stmt, 1);
  }
  sqlite3_finalize(stmt);
  /* A quarter of the packs dead: rewrite the packs that are mostly dead. */
  return dead > 0 && dead * 4 >= used ? compact(v, 1) : AMANAT_OK;
}

void docs_compact_after_commit(amanat_vault *v) {
  /* The change is committed and durable: a compaction failing now leaves the packs as
   * they were (compact() is all or nothing) and is tried again after the next deletion,
   * so it is not the change's failure. */
  int rc = docs_compact_if_needed(v);
  (void)rc;
}

int amanat_vault_compact(amanat_vault *v) {
  if (v->batch != NULL)
    return AMANAT_E_INVALID;
  return compact(v, 0);
}
