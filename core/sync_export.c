/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_export.c: writing a bundle for peers: what they were not sent yet (or everything),
 * then a verifying re-read, and only then the record of what was sent. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_file.h"
#include "bundle_records.h"
#include "docs_internal.h"
#include "identity.h"
#include "io.h"
#include "secret.h"
#include "space_db.h"
#include "store.h"
#include "sync_bundle.h"
#include "sync_stamp.h"

typedef struct export_peer {
  sqlite3_int64 id;
  uint8_t x25519[32];
  sqlite3_int64 sent_seq, bundles_sent;
} export_peer;

typedef struct export_job {
  amanat_vault *vault;
  const amanat_export_options *options;
  bundle_writer *writer;
  record_buf buf;
  sqlite3_int64 since;
  amanat_export_result *result;
  uint64_t done, total;
} export_job;

static int find_peers(amanat_vault *v, const amanat_export_options *o, export_peer *peers) {
  for (size_t i = 0; i < o->to_count; i++) {
    sqlite3_stmt *stmt = NULL;
    int rc = store_prepare(v,
                           "SELECT id, x25519, verified, sent_seq, bundles_sent FROM peers"
                           " WHERE name = ?1;",
                           &stmt);
    if (rc != AMANAT_OK)
      return rc;
    sqlite3_bind_text(stmt, 1, o->to[i], -1, SQLITE_STATIC);
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW && sqlite3_column_bytes(stmt, 1) == 32) {
      peers[i].id = sqlite3_column_int64(stmt, 0);
      memcpy(peers[i].x25519, sqlite3_column_blob(stmt, 1), 32);
      peers[i].sent_seq = sqlite3_column_int64(stmt, 3);
      peers[i].bundles_sent = sqlite3_column_int64(stmt, 4);
      if (!sqlite3_column_int(stmt, 2) && !o->allow_unverified)
        rc = AMANAT_E_UNVERIFIED;
    } else {
      rc = step == SQLITE_DONE ? AMANAT_E_NOT_FOUND : space_db_error(v->db, step);
    }
    sqlite3_finalize(stmt);
    for (size_t j = 0; j < i && rc == AMANAT_OK; j++)
      if (peers[j].id == peers[i].id)
        rc = AMANAT_E_INVALID; /* the same peer twice */
    if (rc != AMANAT_OK)
      return rc;
  }
  return AMANAT_OK;
}

static int flush_buf(export_job *job) {
  if (job->buf.failed)
    return AMANAT_E_NOMEM;
  int rc = bundle_writer_write(job->writer, job->buf.data, job->buf.len);
  job->result->bytes += job->buf.len;
  record_buf_reset(&job->buf);
  return rc;
}

/* The tag filter: items with any of the export's tags, bound from ?2 on. */
static void tag_filter(const amanat_export_options *o, int documents, char *out, size_t len) {
  out[0] = '\0';
  if (o->tag_count == 0)
    return;
  size_t at = (size_t)snprintf(out, len, "%s",
                               documents ? " AND id IN (SELECT dt.doc FROM document_tags dt JOIN"
                                           " tags t ON t.id = dt.tag WHERE t.name IN ("
                                         : " AND id IN (SELECT ct.contact FROM contact_tags ct"
                                           " JOIN tags t ON t.id = ct.tag WHERE t.name IN (");
  for (size_t i = 0; i < o->tag_count && at < len; i++)
    at += (size_t)snprintf(out + at, len - at, i == 0 ? "?%zu" : ", ?%zu", i + 2);
  if (at < len)
    snprintf(out + at, len - at, "))");
}

static void bind_tags(sqlite3_stmt *stmt, const amanat_export_options *o) {
  for (size_t i = 0; i < o->tag_count; i++)
    sqlite3_bind_text(stmt, (int)i + 2, o->tags[i], -1, SQLITE_STATIC);
}

/* Runs `sql` (with "%s" for the tag filter) over the changed items. */
static int prepare_changed(export_job *job, const char *sql, int documents, sqlite3_stmt **stmt) {
  size_t filter_len = 200 + 8 * job->options->tag_count;
  char *filter = io_malloc(filter_len), *query = io_malloc(filter_len + strlen(sql));
  int rc = filter != NULL && query != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK) {
    tag_filter(job->options, documents, filter, filter_len);
    /* `sql` has one "%s" where the filter goes; spliced by hand, not as a format. */
    const char *hole = strstr(sql, "%s");
    size_t head = hole != NULL ? (size_t)(hole - sql) : strlen(sql);
    memcpy(query, sql, head);
    query[head] = '\0';
    if (hole != NULL) {
      strcat(query, filter);
      strcat(query, hole + 2);
    }
    rc = store_prepare(job->vault, query, stmt);
  }
  if (rc == AMANAT_OK) {
    sqlite3_bind_int64(*stmt, 1, job->since);
    bind_tags(*stmt, job->options);
  }
  free(filter);
  free(query);
  return rc;
}

static int send_contacts(export_job *job) {
  amanat_vault *v = job->vault;
  sqlite3_stmt *stmt = NULL;
  int rc =
      prepare_changed(job, "SELECT id FROM contacts WHERE changed > ?1%s ORDER BY id;", 0, &stmt);
  if (rc != AMANAT_OK)
    return rc;
  int step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
    sync_arena arena = {0};
    sync_contact_state state;
    rc = sync_contact_load(v, sqlite3_column_int64(stmt, 0), &arena, &state);
    if (rc == AMANAT_OK) {
      record_put_contact(&job->buf, &state, job->options->omit_sensitive);
      rc = flush_buf(job);
      job->result->sent.contacts++;
    }
    sync_arena_free(&arena);
  }
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  sqlite3_finalize(stmt);
  return rc;
}

static int content_sink(const uint8_t *data, size_t len, void *user_data) {
  export_job *job = user_data;
  job->result->bytes += len;
  job->done += len;
  int rc = bundle_writer_write(job->writer, data, len);
  if (rc == AMANAT_OK && job->options->progress != NULL &&
      job->options->progress(job->done, job->total, job->options->progress_data) != 0)
    rc = AMANAT_E_CANCELLED;
  return rc;
}

static int send_documents(export_job *job) {
  amanat_vault *v = job->vault;
  sqlite3_stmt *stmt = NULL;
  int rc = prepare_changed(
      job,
      "SELECT id, content_changed > ?1 OR kind = 1 FROM documents WHERE changed > ?1%s"
      " ORDER BY id;",
      1, &stmt);
  if (rc != AMANAT_OK)
    return rc;
  int step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
    sqlite3_int64 row = sqlite3_column_int64(stmt, 0);
    int with_content = sqlite3_column_int(stmt, 1) != 0;
    sync_arena arena = {0};
    sync_doc_state state;
    rc = sync_doc_load(v, row, &arena, &state);
    if (rc == AMANAT_OK) {
      record_put_document(&job->buf, &state, with_content);
      rc = flush_buf(job);
    }
    /* The content follows its record, verified chunk by chunk as it is read. A note's
     * text always travels with it: notes are small, and a merge may pick a text the
     * receiver no longer has. A file's content never changes, so once sent is enough. */
    if (rc == AMANAT_OK && with_content)
      rc = docs_stream(v, row, 0, content_sink, job, NULL, NULL);
    job->result->sent.documents++;
    sync_arena_free(&arena);
  }
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  sqlite3_finalize(stmt);
  return rc;
}

static int send_tombstones(export_job *job) {
  amanat_vault *v = job->vault;
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v, "SELECT uid FROM tombstones WHERE changed > ?1 ORDER BY uid;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, job->since);
  int step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
    sync_arena arena = {0};
    sync_tombstone t;
    int found = 0;
    uint8_t uid[16];
    if (sqlite3_column_bytes(stmt, 0) != 16) {
      rc = AMANAT_E_DAMAGED;
      break;
    }
    memcpy(uid, sqlite3_column_blob(stmt, 0), 16);
    rc = sync_find_tombstone(v, uid, &arena, &t, &found);
    if (rc == AMANAT_OK && found) {
      record_put_tombstone(&job->buf, &t);
      rc = flush_buf(job);
      job->result->sent.deletions++;
    }
    sync_arena_free(&arena);
  }
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(v->db, step);
  sqlite3_finalize(stmt);
  return rc;
}

/* Bytes of content an export will carry, for the progress total. */
static uint64_t content_total(amanat_vault *v, sqlite3_int64 since) {
  sqlite3_stmt *stmt = NULL;
  uint64_t total = 0;
  if (store_prepare(v, "SELECT coalesce(sum(size), 0) FROM documents WHERE content_changed > ?1;",
                    &stmt) != AMANAT_OK)
    return 0;
  sqlite3_bind_int64(stmt, 1, since);
  if (sqlite3_step(stmt) == SQLITE_ROW)
    total = (uint64_t)sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return total;
}

static int record_sent(amanat_vault *v, const export_peer *peers, size_t count,
                       sqlite3_int64 last_seq, int advance) {
  int rc = store_begin(v);
  for (size_t i = 0; i < count && rc == AMANAT_OK; i++) {
    sqlite3_stmt *stmt = NULL;
    rc = store_prepare(v,
                       advance ? "UPDATE peers SET sent_seq = max(sent_seq, ?2), bundles_sent ="
                                 " bundles_sent + 1 WHERE id = ?1;"
                               : "UPDATE peers SET bundles_sent = bundles_sent + 1 WHERE id = ?1;",
                       &stmt);
    if (rc == AMANAT_OK) {
      sqlite3_bind_int64(stmt, 1, peers[i].id);
      if (advance)
        sqlite3_bind_int64(stmt, 2, last_seq);
      rc = store_run(v, stmt);
    }
  }
  if (rc == AMANAT_OK)
    return store_commit(v);
  store_fail(v, rc);
  return rc;
}

static int write_bundle(export_job *job, const char *path, const export_peer *peers, size_t count,
                        const identity_public *own, const uint8_t *sign_sk) {
  const amanat_export_options *o = job->options;
  uint8_t(*recipients)[32] = io_calloc(count + 1, 32);
  if (recipients == NULL)
    return AMANAT_E_NOMEM;
  sqlite3_int64 number = 0;
  for (size_t i = 0; i < count; i++) {
    memcpy(recipients[i], peers[i].x25519, 32);
    if (peers[i].bundles_sent > number)
      number = peers[i].bundles_sent;
  }
  memcpy(recipients[count], own->x25519, 32); /* and to itself, to read it back */
  int rc = bundle_writer_open(&job->writer, path, (const uint8_t(*)[32])recipients, count + 1,
                              sign_sk, o->part_size);
  free(recipients);
  if (rc != AMANAT_OK)
    return rc;
  bundle_sender sender = {.number = (uint64_t)number + 1,
                          .flags = (o->full ? BUNDLE_FLAG_FULL : 0) |
                                   (o->omit_sensitive ? BUNDLE_FLAG_OMIT_SENSITIVE : 0) |
                                   (o->tag_count > 0 ? BUNDLE_FLAG_TAGS : 0)};
  memcpy(sender.x25519, own->x25519, 32);
  memcpy(sender.ed25519, own->ed25519, 32);
  record_put_sender(&job->buf, &sender);
  rc = flush_buf(job);
  if (rc == AMANAT_OK)
    rc = send_contacts(job);
  if (rc == AMANAT_OK)
    rc = send_documents(job);
  if (rc == AMANAT_OK)
    rc = send_tombstones(job);
  if (rc == AMANAT_OK) {
    record_put_end(&job->buf);
    rc = flush_buf(job);
  }
  if (rc == AMANAT_OK)
    rc = bundle_writer_finish(job->writer);
  return rc;
}

int amanat_bundle_export(amanat_vault *v, const char *path, const amanat_export_options *o,
                         amanat_export_result *result) {
  memset(result, 0, sizeof *result);
  if (v->batch != NULL || o == NULL || o->to_count == 0 || o->to_count > AMANAT_BUNDLE_MAX_PEERS)
    return AMANAT_E_INVALID;
  export_peer peers[AMANAT_BUNDLE_MAX_PEERS];
  identity_public own;
  uint8_t *sign_sk = io_secure_alloc(64), *box_sk = io_secure_alloc(32);
  int rc = sign_sk != NULL && box_sk != NULL ? find_peers(v, o, peers) : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = identity_load(v, &own, box_sk, sign_sk);
  sqlite3_int64 last_seq = 0;
  if (rc == AMANAT_OK)
    rc = sync_last_seq(v, &last_seq);
  export_job job = {.vault = v, .options = o, .result = result};
  if (rc == AMANAT_OK) {
    job.since = 0;
    if (!o->full) {
      job.since = peers[0].sent_seq;
      for (size_t i = 1; i < o->to_count; i++)
        if (peers[i].sent_seq < job.since)
          job.since = peers[i].sent_seq;
    }
    job.total = content_total(v, job.since);
    rc = write_bundle(&job, path, peers, o->to_count, &own, sign_sk);
  }
  if (rc == AMANAT_OK) {
    result->parts = bundle_writer_parts(job.writer);
    result->bytes = bundle_writer_size(job.writer);
    /* The drive is safe to remove only once what is on it reads back whole. */
    rc = sync_bundle_check(v, path, own.x25519, box_sk);
  }
  if (rc == AMANAT_OK)
    rc = record_sent(v, peers, o->to_count, last_seq, o->tag_count == 0);
  if (rc == AMANAT_OK)
    bundle_writer_keep(job.writer);
  else if (rc == AMANAT_E_IO || rc == AMANAT_E_UNREADABLE)
    rc = AMANAT_E_IO;
  bundle_writer_free(job.writer); /* removes what it wrote unless kept */
  record_buf_free(&job.buf);
  secret_free(&sign_sk);
  secret_free(&box_sk);
  return rc;
}

void amanat_bundle_default_name(char name[17]) {
  uint8_t bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  sodium_bin2hex(name, 17, bytes, sizeof bytes);
}
