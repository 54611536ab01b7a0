/* SPDX-License-Identifier: GPL-3.0-or-later */
/* docs_import.c: importing files and notes, streamed with constant memory. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chunk.h"
#include "docs_internal.h"
#include "io.h"
#include "pack.h"
#include "seal_pool.h"
#include "padme.h"
#include "secret.h"
#include "sniff.h"
#include "space_db.h"
#include "store.h"
#include "sync_items.h"
#include "sync_stamp.h"
#include "workspace.h"

/* Where the bytes come from: a descriptor, or memory (a note). */
typedef struct source {
  int fd;
  const uint8_t *mem;
  size_t mem_len, mem_pos;
  docs_reader reader; /* or a reader (a bundle being imported) */
  void *reader_data;
} source;

static int source_read(source *src, uint8_t *buf, size_t want, size_t *got) {
  *got = 0;
  if (src->reader != NULL)
    return src->reader(src->reader_data, buf, want, got);
  if (src->mem != NULL) {
    size_t n = src->mem_len - src->mem_pos < want ? src->mem_len - src->mem_pos : want;
    memcpy(buf, src->mem + src->mem_pos, n);
    src->mem_pos += n;
    *got = n;
    return AMANAT_OK;
  }
  while (*got < want) {
    ssize_t n = read(src->fd, buf + *got, want - *got);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return AMANAT_E_UNREADABLE;
    }
    if (n == 0)
      break;
    *got += (size_t)n;
  }
  return AMANAT_OK;
}

typedef struct chunk_place {
  size_t touch;
  uint64_t offset;
  uint32_t length;
} chunk_place;

/* Everything one import holds; the plaintext buffers are the vault's workspace. */
typedef struct import_job {
  amanat_vault *vault;
  workspace *work;
  int own_work; /* a workspace of its own, when the vault's was busy */
  pack_writer own_packs;
  pack_writer *packs; /* own_packs, or the batch's writer */
  uint8_t *current, *next;
  uint8_t uid[STORE_UID_LEN];
  char hex[STORE_HEX_LEN + 1];
  chunk_place *places;
  size_t place_count, place_cap;
  uint64_t size, stored;
  size_t max_chunk; /* how far the buffers were written, for the wipe */
  const char *content_type;
  int is_note; /* notes are text/plain by definition */
} import_job;

static int job_init(import_job *job, amanat_vault *v, const uint8_t *uid) {
  memset(job, 0, sizeof *job);
  job->vault = v;
  job->own_packs.dir_fd = -1;
  job->packs = v->batch != NULL ? v->batch : &job->own_packs;
  job->work = workspace_take(v);
  if (job->work == NULL) {
    job->work = workspace_new();
    job->own_work = 1;
    if (job->work == NULL)
      return AMANAT_E_NOMEM;
  }
  job->current = job->work->raw[0];
  job->next = job->work->raw[1];
  io_random(job->work->key, CHUNK_KEY_LEN);
  store_new_uid(job->uid, job->hex);
  if (uid != NULL) {
    memcpy(job->uid, uid, STORE_UID_LEN);
    sodium_bin2hex(job->hex, sizeof job->hex, uid, STORE_UID_LEN);
  }
  return v->batch != NULL ? AMANAT_OK : pack_writer_open(&job->own_packs, v, NULL, 0);
}

static void job_free(import_job *job) {
  pack_writer_close(&job->own_packs);
  if (job->own_work)
    workspace_free(job->work);
  else if (job->work != NULL)
    workspace_give_back(job->work, job->max_chunk);
  free(job->places);
}

static int remember_place(import_job *job, size_t touch, uint64_t offset, size_t length) {
  if (job->place_count == job->place_cap) {
    size_t cap = job->place_cap == 0 ? 16 : job->place_cap * 2;
    chunk_place *grown = io_realloc(job->places, cap * sizeof *grown);
    if (grown == NULL)
      return AMANAT_E_NOMEM;
    job->places = grown;
    job->place_cap = cap;
  }
  job->places[job->place_count++] = (chunk_place){touch, offset, (uint32_t)length};
  return AMANAT_OK;
}

/* Keeps the first DOCS_TEXT_INDEX_MAX bytes of a text document for the search index. */
static int keep_text(import_job *job, const uint8_t *raw, size_t len) {
  uint8_t *text = workspace_text(job->work);
  if (text == NULL)
    return AMANAT_E_NOMEM;
  size_t room = DOCS_TEXT_INDEX_MAX - job->work->text_len;
  size_t n = len < room ? len : room;
  memcpy(text + job->work->text_len, raw, n);
  job->work->text_len += n;
  return AMANAT_OK;
}

/* Seals and writes the chunk in job->current; the final one carries the padding that
 * brings the document's stored size to its Padmé size (at most CHUNK_PAD_MAX). */
static int write_chunk(import_job *job, size_t raw_len, int final) {
  size_t payload_len = 0;
  int rc = chunk_prepare(&job->work->codec, job->current, raw_len, &payload_len);
  if (raw_len > job->max_chunk)
    job->max_chunk = raw_len;
  size_t pad = 0;
  if (final) {
    uint64_t total = job->stored + chunk_record_len(payload_len, 0);
    uint64_t wanted = padme_round(total) - total;
    pad = wanted < CHUNK_PAD_MAX ? (size_t)wanted : CHUNK_PAD_MAX;
  }
  size_t record_len = 0, touch = 0;
  uint64_t offset = 0;
  if (rc == AMANAT_OK)
    rc = chunk_seal(&job->work->codec, job->work->key, job->uid, job->place_count, final, pad,
                    job->work->record, &record_len);
  if (rc == AMANAT_OK)
    rc = pack_writer_append(job->packs, job->work->record, record_len, &touch, &offset);
  if (rc == AMANAT_OK)
    rc = remember_place(job, touch, offset, record_len);
  job->stored += record_len;
  return rc;
}

static int report_progress(import_job *job, uint64_t expected,
                           const amanat_import_options *options) {
  if (options != NULL && options->progress != NULL &&
      options->progress(job->size, expected, options->progress_data) != 0)
    return AMANAT_E_CANCELLED;
  return AMANAT_OK;
}

/* Writes the oldest chunk the pool has sealed. */
static int write_sealed(import_job *job, seal_pool *pool) {
  const uint8_t *record = NULL;
  size_t record_len = 0, touch = 0;
  uint64_t offset = 0;
  int rc = seal_pool_take(pool, &record, &record_len);
  if (rc == AMANAT_OK)
    rc = pack_writer_append(job->packs, record, record_len, &touch, &offset);
  if (rc == AMANAT_OK)
    rc = remember_place(job, touch, offset, record_len);
  job->stored += record_len;
  return rc;
}

/* A document of more than one chunk: chunks are sealed on every core while this thread
 * reads and writes. One chunk is held back until the next read shows whether it is the
 * last; the last is sealed here, after all others are written, as its padding needs the
 * total. */
static int stream_parallel(import_job *job, source *src, uint64_t expected,
                           const amanat_import_options *options, int index_text, size_t first_len) {
  seal_pool *pool = workspace_pool(job->work, job->work->key, job->uid);
  if (pool == NULL)
    return AMANAT_E_NOMEM;
  int rc = AMANAT_OK;
  uint8_t *held = NULL, *next = NULL;
  int held_slot = seal_pool_input(pool, &held), next_slot = -1;
  memcpy(held, job->current, first_len);
  size_t held_len = first_len, next_len = 0;
  uint64_t seq = 0;
  job->size = first_len;
  for (;;) {
    while (rc == AMANAT_OK && (next_slot = seal_pool_input(pool, &next)) < 0)
      rc = write_sealed(job, pool);
    if (rc == AMANAT_OK)
      rc = source_read(src, next, CHUNK_RAW_MAX, &next_len);
    if (rc != AMANAT_OK || next_len == 0)
      break;
    if (index_text)
      rc = keep_text(job, next, next_len);
    job->size += next_len;
    seal_pool_submit(pool, held_slot, held_len, seq++);
    held_slot = next_slot;
    held = next;
    held_len = next_len;
    next_slot = -1;
    if (rc == AMANAT_OK)
      rc = report_progress(job, expected, options);
  }
  while (rc == AMANAT_OK && seal_pool_pending(pool))
    rc = write_sealed(job, pool);
  if (rc == AMANAT_OK) {
    memcpy(job->current, held, held_len);
    rc = write_chunk(job, held_len, 1);
  }
  /* After a failure, chunks may still be in the workers' hands: take them back (the
   * pool stays with the vault for the next document). */
  while (seal_pool_pending(pool)) {
    const uint8_t *ignored;
    size_t ignored_len;
    int ignored_rc = seal_pool_take(pool, &ignored, &ignored_len);
    (void)ignored_rc;
  }
  if (next_slot >= 0)
    seal_pool_cancel(pool, next_slot, next_len);
  seal_pool_cancel(pool, held_slot, held_len);
  job->max_chunk = CHUNK_RAW_MAX;
  return rc;
}

/* Reads the source to its end, one chunk ahead, so the last chunk is known as final. */
static int stream_source(import_job *job, source *src, uint64_t expected,
                         const amanat_import_options *options) {
  size_t current_len = 0, next_len = 0;
  int rc = source_read(src, job->current, CHUNK_RAW_MAX, &current_len);
  if (rc != AMANAT_OK)
    return rc;
  size_t head = current_len < SNIFF_HEAD_BYTES ? current_len : SNIFF_HEAD_BYTES;
  /* A short first read is the whole file; else the size is known, or unknown (a pipe). */
  uint64_t total_hint = current_len < CHUNK_RAW_MAX ? current_len
                        : expected > 0              ? expected
                                                    : UINT64_MAX;
  job->content_type =
      job->is_note ? "text/plain" : sniff_content_type(job->current, head, total_hint);
  int index_text = sniff_is_text(job->content_type);
  if (index_text && (rc = keep_text(job, job->current, current_len)) != AMANAT_OK)
    return rc;
  if (current_len == CHUNK_RAW_MAX && src->mem == NULL && src->reader == NULL)
    return stream_parallel(job, src, expected, options, index_text, current_len);
  for (;;) {
    rc = source_read(src, job->next, CHUNK_RAW_MAX, &next_len);
    if (rc != AMANAT_OK)
      return rc;
    int final = next_len == 0;
    rc = write_chunk(job, current_len, final);
    if (rc != AMANAT_OK)
      return rc;
    job->size += current_len;
    if ((rc = report_progress(job, expected, options)) != AMANAT_OK || final)
      return rc;
    if (index_text && (rc = keep_text(job, job->next, next_len)) != AMANAT_OK)
      return rc;
    uint8_t *swap = job->current;
    job->current = job->next;
    job->next = swap;
    current_len = next_len;
  }
}

static int insert_document(import_job *job, amanat_doc_kind kind, const char *title) {
  amanat_vault *v = job->vault;
  char today[11];
  store_today(today);
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(v,
                         "INSERT INTO documents(uid, hex, kind, title, content_type, size, added,"
                         " doc_key, chunk_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);",
                         &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, job->uid, STORE_UID_LEN, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, job->hex, -1, SQLITE_STATIC);
  sqlite3_bind_int(stmt, 3, (int)kind);
  sqlite3_bind_text(stmt, 4, title, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 5, job->content_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 6, (sqlite3_int64)job->size);
  sqlite3_bind_text(stmt, 7, today, -1, SQLITE_STATIC);
  sqlite3_bind_blob(stmt, 8, job->work->key, CHUNK_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 9, (sqlite3_int64)job->place_count);
  rc = store_run(v, stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_int64 doc = sqlite3_last_insert_rowid(v->db);
  rc = store_prepare(v,
                     "INSERT INTO chunks(doc, seq, pack, offset, length)"
                     " VALUES (?1, ?2, ?3, ?4, ?5);",
                     &stmt);
  for (size_t i = 0; i < job->place_count && rc == AMANAT_OK; i++) {
    const chunk_place *p = &job->places[i];
    sqlite3_bind_int64(stmt, 1, doc);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
    sqlite3_bind_int64(stmt, 3, job->packs->touched[p->touch].id);
    sqlite3_bind_int64(stmt, 4, (sqlite3_int64)p->offset);
    sqlite3_bind_int64(stmt, 5, p->length);
    if (sqlite3_step(stmt) != SQLITE_DONE)
      rc = space_db_error(v->db, sqlite3_reset(stmt));
    sqlite3_reset(stmt);
  }
  if (stmt != NULL)
    sqlite3_finalize(stmt);
  return rc;
}

/* Inside a batch any failed import fails the whole batch, even one refused up front. */
static int refuse(amanat_vault *v, int rc) {
  if (v->batch != NULL)
    store_fail(v, rc);
  return rc;
}

/* What to make of the streamed content, beyond a new document with a new id. */
typedef struct import_hooks {
  const uint8_t *uid;          /* NULL: a new random id */
  const char *content_type;    /* NULL: sniffed */
  docs_row_hook before_insert; /* runs in the transaction before the row goes in */
  docs_row_hook after_insert;  /* and after, before the row is indexed */
  void *hook_data;
  sqlite3_int64 row; /* out: the new row */
} import_hooks;

/* Validates, streams, then records everything in one transaction. */
static int import_source(amanat_vault *v, source *src, uint64_t expected, int size_is_known,
                         int fd_is_file, amanat_doc_kind kind, const char *title,
                         const amanat_import_options *options, import_hooks *hooks,
                         char id_out[AMANAT_ID_LEN + 1]) {
  size_t tag_count = options != NULL ? options->tag_count : 0;
  const char *const *tags = options != NULL ? options->tags : NULL;
  if (store_check_text(title, DOCS_TITLE_MAX, 0) != AMANAT_OK)
    return refuse(v, AMANAT_E_INVALID);
  for (size_t i = 0; i < tag_count; i++)
    if (tags[i] == NULL || tags[i][0] == '\0' || store_check_text(tags[i], 200, 0) != AMANAT_OK)
      return refuse(v, AMANAT_E_INVALID);

  import_job job;
  int rc = job_init(&job, v, hooks != NULL ? hooks->uid : NULL);
  job.is_note = kind == AMANAT_DOC_NOTE;
  if (rc == AMANAT_OK)
    rc = stream_source(&job, src, expected, options);
  if (rc == AMANAT_OK && hooks != NULL && hooks->content_type != NULL)
    job.content_type = hooks->content_type;
  if (rc == AMANAT_OK && size_is_known && job.size != expected)
    rc = AMANAT_E_CHANGED;
  if (rc == AMANAT_OK && fd_is_file) {
    /* A file that grew or shrank while it was read is not stored half-way. */
    struct stat st;
    if (fstat(src->fd, &st) != 0 || (uint64_t)st.st_size != expected)
      rc = AMANAT_E_CHANGED;
  }
  /* In a batch, the packs are synced once, before the batch's commit. */
  if (rc == AMANAT_OK && v->batch == NULL)
    rc = pack_writer_flush(job.packs);
  if (rc == AMANAT_OK)
    rc = store_begin(v);
  if (rc == AMANAT_OK) {
    rc = pack_writer_record(job.packs);
    if (rc == AMANAT_OK && hooks != NULL && hooks->before_insert != NULL)
      rc = hooks->before_insert(v, 0, hooks->hook_data);
    if (rc == AMANAT_OK)
      rc = insert_document(&job, kind, title);
    sqlite3_int64 doc = sqlite3_last_insert_rowid(v->db);
    for (size_t i = 0; i < tag_count && rc == AMANAT_OK; i++)
      rc = docs_add_tag(v, doc, tags[i]);
    if (rc == AMANAT_OK)
      rc = sync_stamp(v, SYNC_ITEM_DOCUMENT, doc, 1);
    if (rc == AMANAT_OK && hooks != NULL && hooks->after_insert != NULL)
      rc = hooks->after_insert(v, doc, hooks->hook_data);
    if (rc == AMANAT_OK)
      rc = docs_reindex(v, doc, job.work->text, job.work->text_len);
    if (hooks != NULL)
      hooks->row = doc;
    if (rc == AMANAT_OK)
      rc = store_commit(v);
    else
      store_fail(v, rc);
  }
  if (rc != AMANAT_OK && v->batch != NULL)
    store_fail(v, rc); /* the whole batch is undone at its end */
  else if (rc != AMANAT_OK)
    pack_writer_abort(job.packs);
  else if (id_out != NULL)
    docs_short_id(job.hex, id_out);
  job_free(&job);
  return rc;
}

int docs_import_content(amanat_vault *v, docs_reader reader, void *reader_data, uint64_t size,
                        amanat_doc_kind kind, const uint8_t uid[16], const char *content_type,
                        docs_row_hook after_insert, void *hook_data, sqlite3_int64 *row) {
  if (v->batch == NULL)
    return AMANAT_E_INVALID;
  source src = {.fd = -1, .reader = reader, .reader_data = reader_data};
  amanat_import_options options = {.no_filename = 1};
  import_hooks hooks = {.uid = uid,
                        .content_type = content_type,
                        .after_insert = after_insert,
                        .hook_data = hook_data};
  int rc = import_source(v, &src, size, 1, 0, kind, "", &options, &hooks, NULL);
  *row = hooks.row;
  return rc;
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash != NULL ? slash + 1 : path;
}

static const char *choose_title(const char *file_name, const amanat_import_options *options) {
  if (options != NULL && options->title != NULL)
    return options->title;
  if (options != NULL && options->no_filename)
    return "";
  return file_name != NULL ? base_name(file_name) : "";
}

int amanat_doc_import_fd(amanat_vault *v, int fd, const char *file_name,
                         const amanat_import_options *options, char id_out[AMANAT_ID_LEN + 1]) {
  source src = {.fd = fd};
  struct stat st;
  if (fstat(fd, &st) != 0)
    return refuse(v, AMANAT_E_UNREADABLE);
  int is_file = S_ISREG(st.st_mode);
  return import_source(v, &src, is_file ? (uint64_t)st.st_size : 0, is_file, is_file,
                       AMANAT_DOC_FILE, choose_title(file_name, options), options, NULL, id_out);
}

int amanat_doc_import_path(amanat_vault *v, const char *path, const amanat_import_options *options,
                           char id_out[AMANAT_ID_LEN + 1]) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return refuse(v, AMANAT_E_UNREADABLE);
  struct stat st;
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    close(fd);
    return refuse(v, AMANAT_E_UNREADABLE);
  }
  int rc = amanat_doc_import_fd(v, fd, path, options, id_out);
  close(fd);
  return rc;
}

int amanat_note_add(amanat_vault *v, const char *title, const char *text, size_t text_len,
                    char id_out[AMANAT_ID_LEN + 1]) {
  if (title == NULL || title[0] == '\0')
    return refuse(v, AMANAT_E_INVALID);
  if (text == NULL)
    text = "";
  source src = {.fd = -1, .mem = (const uint8_t *)text, .mem_len = text_len};
  amanat_import_options options = {.no_filename = 1};
  return import_source(v, &src, text_len, 1, 0, AMANAT_DOC_NOTE, title, &options, NULL, id_out);
}

/* A note's new text: the row is made again under the same id, so the new content gets a
 * new key and the old one is shredded with its row. */
typedef struct note_rewrite {
  sqlite3_int64 old_row;
  sync_doc_state *state; /* the note's metadata, carried over */
  sync_arena arena;
} note_rewrite;

static int drop_old_note(amanat_vault *v, sqlite3_int64 unused, void *data) {
  (void)unused;
  note_rewrite *rewrite = data;
  return docs_delete_row(v, rewrite->old_row);
}

static int restore_note_state(amanat_vault *v, sqlite3_int64 row, void *data) {
  note_rewrite *rewrite = data;
  return sync_doc_write_meta(v, row, rewrite->state, SYNC_WRITE_LOCAL_EDIT);
}

int amanat_note_set_text(amanat_vault *v, const char *id, const char *text, size_t text_len) {
  if (v->batch != NULL)
    return refuse(v, AMANAT_E_INVALID);
  sqlite3_int64 doc = 0;
  char full[AMANAT_ID_LEN + 1];
  int rc = store_resolve(v, "documents", id, &doc, full);
  if (rc != AMANAT_OK)
    return rc;
  note_rewrite rewrite = {.old_row = doc};
  sync_doc_state state;
  rewrite.state = &state;
  rc = sync_doc_load(v, doc, &rewrite.arena, &state);
  if (rc == AMANAT_OK && state.kind != AMANAT_DOC_NOTE)
    rc = AMANAT_E_INVALID;
  if (rc == AMANAT_OK) {
    source src = {
        .fd = -1, .mem = (const uint8_t *)(text != NULL ? text : ""), .mem_len = text_len};
    amanat_import_options options = {.no_filename = 1};
    import_hooks hooks = {.uid = state.uid,
                          .before_insert = drop_old_note,
                          .after_insert = restore_note_state,
                          .hook_data = &rewrite};
    rc = import_source(v, &src, text_len, 1, 0, AMANAT_DOC_NOTE, state.title, &options, &hooks,
                       NULL);
  }
  sync_arena_free(&rewrite.arena);
  if (rc == AMANAT_OK)
    docs_compact_after_commit(v);
  return rc;
}
