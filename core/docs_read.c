/* SPDX-License-Identifier: GPL-3.0-or-later */
/* docs_read.c: reading documents back: streamed, every chunk verified before any of its
 * bytes go out. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chunk.h"
#include "docs_internal.h"
#include "io.h"
#include "pack.h"
#include "secret.h"
#include "space_db.h"
#include "store.h"
#include "workspace.h"

typedef struct doc_secrets {
  uint8_t uid[STORE_UID_LEN];
  uint8_t *key; /* sodium_malloc */
  uint64_t chunk_count, size;
} doc_secrets;

static int load_secrets(amanat_vault *v, sqlite3_int64 doc, doc_secrets *out) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT uid, doc_key, chunk_count, size FROM documents WHERE id = ?1;",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, doc);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW) {
    out->key = io_secure_alloc(CHUNK_KEY_LEN);
    if (out->key == NULL) {
      rc = AMANAT_E_NOMEM;
    } else if (sqlite3_column_bytes(stmt, 0) != STORE_UID_LEN ||
               sqlite3_column_bytes(stmt, 1) != CHUNK_KEY_LEN) {
      rc = AMANAT_E_DAMAGED;
    } else {
      memcpy(out->uid, sqlite3_column_blob(stmt, 0), STORE_UID_LEN);
      memcpy(out->key, sqlite3_column_blob(stmt, 1), CHUNK_KEY_LEN);
      out->chunk_count = (uint64_t)sqlite3_column_int64(stmt, 2);
      out->size = (uint64_t)sqlite3_column_int64(stmt, 3);
    }
  } else {
    rc = step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : space_db_error(v->db, step);
  }
  sqlite3_finalize(stmt);
  return rc;
}

int docs_stream(amanat_vault *v, sqlite3_int64 doc, uint64_t limit, docs_sink sink, void *sink_data,
                amanat_progress progress, void *progress_data) {
  doc_secrets secrets = {0};
  pack_reader reader;
  pack_reader_init(&reader, v);
  workspace *work = workspace_take(v);
  int own_work = work == NULL;
  if (own_work)
    work = workspace_new();
  sqlite3_stmt *stmt = NULL;
  int rc = work != NULL ? load_secrets(v, doc, &secrets) : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = store_prepare(v,
                       "SELECT c.seq, p.name, c.offset, c.length FROM chunks c"
                       " JOIN packs p ON p.id = c.pack WHERE c.doc = ?1 ORDER BY c.seq;",
                       &stmt);
  uint64_t seq = 0, sent = 0;
  size_t max_chunk = 0;
  if (rc == AMANAT_OK) {
    uint8_t *record = work->record, *raw = work->raw[0];
    sqlite3_bind_int64(stmt, 1, doc);
    int step;
    while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
      const char *pack = (const char *)sqlite3_column_text(stmt, 1);
      uint64_t offset = (uint64_t)sqlite3_column_int64(stmt, 2);
      sqlite3_int64 length = sqlite3_column_int64(stmt, 3);
      size_t raw_len = 0;
      int final = seq + 1 == secrets.chunk_count;
      if ((uint64_t)sqlite3_column_int64(stmt, 0) != seq || pack == NULL || length <= 0 ||
          length > (sqlite3_int64)CHUNK_RECORD_MAX || seq >= secrets.chunk_count)
        rc = AMANAT_E_DAMAGED;
      if (rc == AMANAT_OK)
        rc = pack_read(&reader, pack, offset, record, (size_t)length);
      if (rc == AMANAT_OK) {
        max_chunk = CHUNK_RAW_MAX; /* a damaged record may have left plaintext anywhere */
        rc = chunk_open(&work->codec, secrets.key, secrets.uid, seq, final, record, (size_t)length,
                        raw, &raw_len);
      }
      /* Only the last chunk may be short: anything else means chunks were cut or swapped. */
      if (rc == AMANAT_OK && !final && raw_len != CHUNK_RAW_MAX)
        rc = AMANAT_E_DAMAGED;
      if (rc == AMANAT_OK && limit != 0 && sent + raw_len > limit)
        raw_len = (size_t)(limit - sent);
      if (rc == AMANAT_OK && raw_len > 0)
        rc = sink(raw, raw_len, sink_data);
      sent += raw_len;
      seq++;
      if (rc == AMANAT_OK && progress != NULL && progress(sent, secrets.size, progress_data) != 0)
        rc = AMANAT_E_CANCELLED;
      if (rc == AMANAT_OK && limit != 0 && sent >= limit)
        break;
    }
    if (rc == AMANAT_OK && step != SQLITE_ROW && step != SQLITE_DONE)
      rc = space_db_error(v->db, step);
    if (rc == AMANAT_OK && limit == 0 && (seq != secrets.chunk_count || sent != secrets.size))
      rc = AMANAT_E_DAMAGED;
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  secret_free(&secrets.key);
  if (own_work)
    workspace_free(work);
  else
    workspace_give_back(work, secrets.size < max_chunk ? (size_t)secrets.size : max_chunk);
  pack_reader_close(&reader);
  return rc;
}

static int sink_to_fd(const uint8_t *data, size_t len, void *user_data) {
  int fd = *(const int *)user_data;
  while (len > 0) {
    int injected = io_fault_hit();
    ssize_t n = injected != 0 ? -1 : write(fd, data, len);
    if (n < 0) {
      int e = injected != 0 ? injected : errno;
      if (e == EINTR)
        continue;
      return io_err_from_errno(e);
    }
    data += n;
    len -= (size_t)n;
  }
  return AMANAT_OK;
}

int amanat_doc_export_fd(amanat_vault *v, const char *id, int fd, amanat_progress progress,
                         void *progress_data) {
  sqlite3_int64 doc = 0;
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "documents", id, &doc, full);
  if (rc == AMANAT_OK)
    rc = docs_stream(v, doc, 0, sink_to_fd, &fd, progress, progress_data);
  return rc;
}

typedef struct export_job {
  amanat_vault *vault;
  sqlite3_int64 doc;
  amanat_progress progress;
  void *progress_data;
} export_job;

static int fill_export(int fd, void *user_data) {
  export_job *job = user_data;
  return docs_stream(job->vault, job->doc, 0, sink_to_fd, &fd, job->progress, job->progress_data);
}

/* The copy is the user's, in the folder they chose; it gets its final name only after
 * its last chunk has verified, and never in place of a file already there. */
int amanat_doc_export_path(amanat_vault *v, const char *id, const char *path,
                           amanat_progress progress, void *progress_data) {
  char full[AMANAT_ID_LEN + 1];
  export_job job = {v, 0, progress, progress_data};
  int rc = store_resolve(v, "documents", id, &job.doc, full);
  return rc == AMANAT_OK ? io_publish_new_file(path, fill_export, &job) : rc;
}

typedef struct memory_sink {
  uint8_t *buf;
  size_t len, cap;
} memory_sink;

static int sink_to_memory(const uint8_t *data, size_t len, void *user_data) {
  memory_sink *m = user_data;
  if (len > m->cap - m->len)
    return AMANAT_E_DAMAGED; /* longer than the size on record */
  memcpy(m->buf + m->len, data, len);
  m->len += len;
  return AMANAT_OK;
}

int amanat_doc_read_all(amanat_vault *v, const char *id, size_t max_size, uint8_t **out,
                        size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  sqlite3_int64 doc = 0;
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "documents", id, &doc, full);
  doc_secrets secrets = {0};
  if (rc == AMANAT_OK)
    rc = load_secrets(v, doc, &secrets);
  secret_free(&secrets.key);
  if (rc != AMANAT_OK)
    return rc;
  if (secrets.size > max_size)
    return AMANAT_E_INVALID;
  memory_sink m = {.buf = io_secure_alloc(secrets.size + 1), .cap = secrets.size};
  if (m.buf == NULL)
    return AMANAT_E_NOMEM;
  rc = docs_stream(v, doc, 0, sink_to_memory, &m, NULL, NULL);
  if (rc != AMANAT_OK) {
    secret_free(&m.buf);
    return rc;
  }
  *out = m.buf;
  *out_len = m.len;
  return AMANAT_OK;
}

void amanat_free_secret(void *secret) {
  if (secret != NULL)
    sodium_free(secret);
}
