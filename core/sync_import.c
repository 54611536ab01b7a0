/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_import.c: applying a checked bundle in one transaction, merging each item with
 * what this space has (FORMAT.md §Merging):
 *  - a version that saw the local one replaces it; one the local version saw is ignored;
 *  - of two concurrent versions the larger (clock, origin) wins, with both vectors merged;
 *    a losing note whose text differs is kept as a conflict copy, whose id and content
 *    follow from the losing version, so every vault makes the same copy;
 *  - a deletion wins over any version, and is final; a note edited concurrently with its
 *    deletion is kept as a conflict copy;
 *  - a conflict copy whose text the note has again is redundant and goes. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_file.h"
#include "docs_internal.h"
#include "identity.h"
#include "io.h"
#include "secret.h"
#include "space_db.h"
#include "store.h"
#include "sync_bundle.h"
#include "sync_stamp.h"

#define CONFLICT_DOMAIN "AMANAT CONFLICT 1"
#define NOTE_COPY_MAX   (256u << 20) /* a local note read whole to make its copy */

typedef struct import_ctx {
  amanat_vault *v;
  amanat_import_result *result;
} import_ctx;

static int same16(const uint8_t *a, const uint8_t *b) {
  return memcmp(a, b, 16) == 0;
}

/* ---- Content ---------------------------------------------------------------------- */

typedef struct memory_source {
  uint8_t *buf;
  size_t len, pos, cap;
} memory_source;

static int memory_read(void *data, uint8_t *buf, size_t want, size_t *got) {
  memory_source *m = data;
  size_t n = m->len - m->pos < want ? m->len - m->pos : want;
  memcpy(buf, m->buf + m->pos, n);
  m->pos += n;
  *got = n;
  return AMANAT_OK;
}

static int memory_sink(const uint8_t *data, size_t len, void *user_data) {
  memory_source *m = user_data;
  if (len > m->cap - m->len)
    return AMANAT_E_DAMAGED;
  memcpy(m->buf + m->len, data, len);
  m->len += len;
  return AMANAT_OK;
}

/* A local note's text, whole, in locked memory. */
static int read_row(amanat_vault *v, sqlite3_int64 row, uint64_t size, memory_source *m) {
  if (size > NOTE_COPY_MAX)
    return AMANAT_E_NOMEM;
  memset(m, 0, sizeof *m);
  m->cap = (size_t)size;
  m->buf = io_secure_alloc(m->cap + 1);
  if (m->buf == NULL)
    return AMANAT_E_NOMEM;
  return docs_stream(v, row, 0, memory_sink, m, NULL, NULL);
}

typedef struct meta_hook {
  const sync_doc_state *state;
} meta_hook;

static int write_incoming_meta(amanat_vault *v, sqlite3_int64 row, void *data) {
  const meta_hook *hook = data;
  return sync_doc_write_meta(v, row, hook->state, SYNC_WRITE_INCOMING);
}

/* Makes a document row exactly `state`, its content from `reader`. */
static int insert_doc(amanat_vault *v, const sync_doc_state *state, docs_reader reader,
                      void *reader_data) {
  meta_hook hook = {state};
  sqlite3_int64 row = 0;
  int rc = docs_import_content(v, reader, reader_data, state->size, (amanat_doc_kind)state->kind,
                               state->uid, state->content_type, write_incoming_meta, &hook, &row);
  return rc == AMANAT_E_CHANGED ? AMANAT_E_BAD_BUNDLE : rc;
}

/* ---- Conflict copies -------------------------------------------------------------- */

/* The copy's id: from the original's id and the losing text, the same everywhere; later
 * versions of that text merge into the same copy. */
static void copy_uid(const sync_doc_state *loser, uint8_t out[16]) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, 16);
  crypto_generichash_update(&st, (const uint8_t *)CONFLICT_DOMAIN, sizeof CONFLICT_DOMAIN - 1);
  crypto_generichash_update(&st, loser->uid, 16);
  crypto_generichash_update(&st, loser->cv, 16);
  crypto_generichash_final(&st, out, 16);
}

/* The current text version of document `uid` here, if it is a live note. */
static int live_cv(amanat_vault *v, const uint8_t uid[16], uint8_t cv[16], int *live) {
  sqlite3_stmt *stmt = NULL;
  *live = 0;
  int rc = store_prepare(v, "SELECT cv FROM documents WHERE uid = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, uid, 16, SQLITE_STATIC);
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == 16) {
    memcpy(cv, sqlite3_column_blob(stmt, 0), 16);
    *live = 1;
  }
  sqlite3_finalize(stmt);
  return AMANAT_OK;
}

static int is_tombstoned(amanat_vault *v, const uint8_t uid[16], int *found) {
  sync_arena arena = {0};
  sync_tombstone t;
  int rc = sync_find_tombstone(v, uid, &arena, &t, found);
  sync_arena_free(&arena);
  return rc;
}

/* Where a document's content comes from: the bundle, a note read whole, or nowhere. */
typedef struct content_src {
  docs_reader read; /* NULL: no content at hand */
  void *data;
} content_src;

static int apply_doc(import_ctx *ctx, const sync_doc_state *in, content_src src);

/* Keeps `loser` as a conflict copy, merged like any incoming note, unless it holds the
 * text the winner has. */
static int keep_copy(import_ctx *ctx, const sync_doc_state *loser, const uint8_t winner_cv[16],
                     content_src src) {
  ctx->result->conflicts++;
  if (same16(loser->cv, winner_cv))
    return AMANAT_OK;
  sync_doc_state copy = *loser;
  copy_uid(loser, copy.uid);
  copy.has_conflict_of = 1;
  memcpy(copy.conflict_of, loser->uid, 16);
  return apply_doc(ctx, &copy, src);
}

/* Copies of note `uid` that hold the text it has now go (with a tombstone, so every
 * vault drops them). */
static int drop_redundant_copies(amanat_vault *v, const uint8_t uid[16]) {
  uint8_t cv[16];
  int live = 0;
  int rc = live_cv(v, uid, cv, &live);
  if (rc != AMANAT_OK || !live)
    return rc;
  sqlite3_stmt *stmt = NULL;
  rc = store_prepare(v, "SELECT id, uid FROM documents WHERE conflict_of = ?1 AND cv = ?2;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, uid, 16, SQLITE_STATIC);
  sqlite3_bind_blob(stmt, 2, cv, 16, SQLITE_STATIC);
  sqlite3_int64 rows[16];
  uint8_t uids[16][16];
  size_t n = 0;
  while (n < 16 && sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_bytes(stmt, 1) == 16) {
    rows[n] = sqlite3_column_int64(stmt, 0);
    memcpy(uids[n++], sqlite3_column_blob(stmt, 1), 16);
  }
  sqlite3_finalize(stmt);
  for (size_t i = 0; i < n && rc == AMANAT_OK; i++) {
    rc = sync_tombstone_local(v, SYNC_ITEM_DOCUMENT, rows[i], uids[i]);
    if (rc == AMANAT_OK)
      rc = docs_delete_row(v, rows[i]);
  }
  return rc;
}

/* ---- Documents -------------------------------------------------------------------- */

static int apply_against_tombstone(import_ctx *ctx, const sync_doc_state *in,
                                   const sync_tombstone *t, content_src src) {
  ctx->result->unchanged++;
  sync_order order = sync_vv_compare(in->version.vv, t->version.vv);
  if (in->kind != AMANAT_DOC_NOTE || order == SYNC_BEFORE || order == SYNC_EQUAL)
    return AMANAT_OK;
  /* Edited while it was deleted elsewhere: the deletion stands, the edit is kept. */
  return keep_copy(ctx, in, t->cv, src);
}

static int replace_content(import_ctx *ctx, sqlite3_int64 row, const sync_doc_state *state,
                           content_src src) {
  if (src.read == NULL)
    return AMANAT_E_BUNDLE_GAP;
  int rc = docs_delete_row(ctx->v, row);
  return rc == AMANAT_OK ? insert_doc(ctx->v, state, src.read, src.data) : rc;
}

static int write_meta(amanat_vault *v, sqlite3_int64 row, const sync_doc_state *state) {
  int rc = sync_doc_write_meta(v, row, state, SYNC_WRITE_INCOMING);
  return rc == AMANAT_OK ? docs_reindex(v, row, NULL, 0) : rc;
}

/* A local note about to lose its text: read whole first, kept as a copy after the row
 * changed (so the copy is not taken for one of the text the note still has). */
typedef struct held_text {
  memory_source m;
  int held;
} held_text;

static int hold_text(import_ctx *ctx, sqlite3_int64 row, const sync_doc_state *local,
                     const uint8_t winner_cv[16], held_text *h) {
  memset(h, 0, sizeof *h);
  if (local->kind != AMANAT_DOC_NOTE || same16(local->cv, winner_cv))
    return AMANAT_OK;
  h->held = 1;
  return read_row(ctx->v, row, local->size, &h->m);
}

static int keep_held(import_ctx *ctx, const sync_doc_state *local, const uint8_t winner_cv[16],
                     held_text *h) {
  int rc = AMANAT_OK;
  if (h->held)
    rc = keep_copy(ctx, local, winner_cv, (content_src){memory_read, &h->m});
  else if (local->kind == AMANAT_DOC_NOTE)
    ctx->result->conflicts++;
  secret_free(&h->m.buf);
  return rc;
}

static int apply_concurrent(import_ctx *ctx, sqlite3_int64 row, const sync_doc_state *in,
                            const sync_doc_state *local, content_src src) {
  int in_wins =
      sync_wins(in->version.clock, in->version.origin, local->version.clock, local->version.origin);
  sync_doc_state merged = in_wins ? *in : *local;
  sync_vv *vv = io_malloc(sizeof *vv);
  if (vv == NULL)
    return AMANAT_E_NOMEM;
  *vv = *local->version.vv;
  int rc = sync_vv_merge(vv, in->version.vv);
  merged.version.vv = vv;
  int notes = in->kind == AMANAT_DOC_NOTE;
  if (!notes)
    ctx->result->conflicts++;
  if (rc == AMANAT_OK && !in_wins) {
    rc = write_meta(ctx->v, row, &merged);
    if (rc == AMANAT_OK && notes)
      rc = keep_copy(ctx, in, local->cv, src);
  } else if (rc == AMANAT_OK) {
    held_text held;
    rc = hold_text(ctx, row, local, in->cv, &held);
    if (rc == AMANAT_OK)
      rc = same16(in->cv, local->cv) ? write_meta(ctx->v, row, &merged)
                                     : replace_content(ctx, row, &merged, src);
    if (rc == AMANAT_OK && notes)
      rc = keep_held(ctx, local, in->cv, &held);
    else
      secret_free(&held.m.buf);
  }
  free(vv);
  return rc;
}

static int apply_doc(import_ctx *ctx, const sync_doc_state *in, content_src src) {
  amanat_vault *v = ctx->v;
  sync_arena arena = {0};
  sync_tombstone t;
  int gone = 0;
  sqlite3_int64 row = 0;
  int rc = sync_find_tombstone(v, in->uid, &arena, &t, &gone);
  if (rc == AMANAT_OK && gone) {
    rc = apply_against_tombstone(ctx, in, &t, src);
    sync_arena_free(&arena);
    return rc;
  }
  if (rc == AMANAT_OK)
    rc = sync_find_row(v, 1, in->uid, &row);
  if (rc == AMANAT_OK && row == 0) {
    /* New here; a copy whose text its note has again is not made. */
    uint8_t cv[16];
    int live = 0;
    if (in->has_conflict_of)
      rc = live_cv(v, in->conflict_of, cv, &live);
    if (rc == AMANAT_OK && live && same16(cv, in->cv)) {
      sync_tombstone drop = {.kind = SYNC_ITEM_DOCUMENT, .version = in->version};
      memcpy(drop.uid, in->uid, 16);
      memcpy(drop.cv, in->cv, 16);
      rc = sync_tombstone_write(v, &drop);
      ctx->result->deleted.documents++;
    } else if (rc == AMANAT_OK) {
      rc = src.read != NULL ? insert_doc(v, in, src.read, src.data) : AMANAT_E_BUNDLE_GAP;
      ctx->result->added.documents++;
    }
  } else if (rc == AMANAT_OK) {
    sync_doc_state local;
    rc = sync_doc_load(v, row, &arena, &local);
    if (rc == AMANAT_OK && local.kind != in->kind)
      rc = AMANAT_E_BAD_BUNDLE;
    sync_order order =
        rc == AMANAT_OK ? sync_vv_compare(in->version.vv, local.version.vv) : SYNC_EQUAL;
    if (rc == AMANAT_OK && order == SYNC_AFTER) {
      rc = same16(in->cv, local.cv) ? write_meta(v, row, in) : replace_content(ctx, row, in, src);
      ctx->result->updated.documents++;
    } else if (rc == AMANAT_OK && order == SYNC_CONCURRENT) {
      rc = apply_concurrent(ctx, row, in, &local, src);
      ctx->result->updated.documents++;
    } else if (rc == AMANAT_OK) {
      ctx->result->unchanged++;
    }
  }
  if (rc == AMANAT_OK)
    rc = sync_observe_clock(v, in->version.clock);
  if (rc == AMANAT_OK && in->kind == AMANAT_DOC_NOTE)
    rc = drop_redundant_copies(v, in->has_conflict_of ? in->conflict_of : in->uid);
  sync_arena_free(&arena);
  return rc;
}

static int apply_document(void *data, const sync_doc_state *in, sync_content *content) {
  content_src src = {content != NULL ? sync_content_read : NULL, content};
  return apply_doc(data, in, src);
}

/* ---- Contacts and deletions ------------------------------------------------------- */

static int has_withheld(const sync_contact_state *c) {
  for (size_t i = 0; i < c->field_count; i++)
    if (c->fields[i].withheld)
      return 1;
  return 0;
}

static int apply_contact(void *data, const sync_contact_state *in) {
  import_ctx *ctx = data;
  amanat_vault *v = ctx->v;
  int gone = 0;
  sqlite3_int64 row = 0;
  int rc = is_tombstoned(v, in->uid, &gone);
  if (rc == AMANAT_OK && gone) {
    ctx->result->unchanged++;
    return AMANAT_OK;
  }
  rc = sync_find_row(v, 2, in->uid, &row);
  if (rc == AMANAT_OK && row == 0) {
    ctx->result->added.contacts++;
    rc = sync_contact_write(v, &row, in);
  } else if (rc == AMANAT_OK) {
    sync_arena arena = {0};
    sync_contact_state local;
    rc = sync_contact_load(v, row, &arena, &local);
    sync_order order =
        rc == AMANAT_OK ? sync_vv_compare(in->version.vv, local.version.vv) : SYNC_EQUAL;
    if (rc == AMANAT_OK && order == SYNC_AFTER) {
      rc = sync_contact_write(v, &row, in);
      ctx->result->updated.contacts++;
    } else if (rc == AMANAT_OK && order == SYNC_CONCURRENT) {
      int in_wins = sync_wins(in->version.clock, in->version.origin, local.version.clock,
                              local.version.origin);
      sync_contact_state merged = in_wins ? *in : local;
      sync_vv *vv = io_malloc(sizeof *vv);
      rc = vv != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
      if (rc == AMANAT_OK) {
        *vv = *local.version.vv;
        rc = sync_vv_merge(vv, in->version.vv);
        merged.version.vv = vv;
      }
      if (rc == AMANAT_OK)
        rc = sync_contact_write(v, &row, &merged);
      free(vv);
      ctx->result->conflicts++;
      ctx->result->updated.contacts++;
    } else if (rc == AMANAT_OK && order == SYNC_EQUAL && has_withheld(&local) &&
               !has_withheld(in)) {
      /* The same version, now with the fields an earlier export left out. */
      rc = sync_contact_write(v, &row, in);
      ctx->result->updated.contacts++;
    } else if (rc == AMANAT_OK) {
      ctx->result->unchanged++;
    }
    sync_arena_free(&arena);
  }
  if (rc == AMANAT_OK)
    rc = sync_observe_clock(v, in->version.clock);
  return rc;
}

static int apply_tombstone(void *data, const sync_tombstone *in) {
  import_ctx *ctx = data;
  amanat_vault *v = ctx->v;
  int gone = 0;
  int rc = is_tombstoned(v, in->uid, &gone);
  if (rc != AMANAT_OK || gone) {
    ctx->result->unchanged++;
    return rc;
  }
  sqlite3_int64 row = 0;
  rc = sync_find_row(v, in->kind, in->uid, &row);
  if (rc == AMANAT_OK && row != 0 && in->kind == SYNC_ITEM_DOCUMENT) {
    sync_arena arena = {0};
    sync_doc_state local;
    rc = sync_doc_load(v, row, &arena, &local);
    sync_order order =
        rc == AMANAT_OK ? sync_vv_compare(local.version.vv, in->version.vv) : SYNC_EQUAL;
    held_text held = {0};
    if (rc == AMANAT_OK && (order == SYNC_AFTER || order == SYNC_CONCURRENT))
      rc = hold_text(ctx, row, &local, in->cv, &held);
    if (rc == AMANAT_OK)
      rc = docs_delete_row(v, row);
    if (rc == AMANAT_OK)
      rc = sync_tombstone_write(v, in);
    /* Edited here while deleted there: the deletion stands, the edit is kept. */
    if (rc == AMANAT_OK && held.held)
      rc = keep_held(ctx, &local, in->cv, &held);
    else
      secret_free(&held.m.buf);
    ctx->result->deleted.documents++;
    sync_arena_free(&arena);
    if (rc == AMANAT_OK)
      rc = sync_observe_clock(v, in->version.clock);
    return rc;
  } else if (rc == AMANAT_OK && row != 0) {
    rc = contacts_delete_row(v, row);
    ctx->result->deleted.contacts++;
  } else if (rc == AMANAT_OK) {
    ctx->result->unchanged++;
  }
  /* Documents here that named the contact before it arrived name it no more. */
  if (rc == AMANAT_OK && in->kind == SYNC_ITEM_CONTACT) {
    sqlite3_stmt *stmt = NULL;
    rc = store_prepare(v, "DELETE FROM pending_links WHERE contact_uid = ?1;", &stmt);
    if (rc == AMANAT_OK) {
      sqlite3_bind_blob(stmt, 1, in->uid, 16, SQLITE_STATIC);
      rc = store_run(v, stmt);
    }
  }
  if (rc == AMANAT_OK)
    rc = sync_tombstone_write(v, in);
  if (rc == AMANAT_OK)
    rc = sync_observe_clock(v, in->version.clock);
  return rc;
}

/* ---- The import ------------------------------------------------------------------- */

typedef struct sender_peer {
  sqlite3_int64 id;
  int verified, is_self;
} sender_peer;

static int find_sender(amanat_vault *v, const uint8_t ed[32], const uint8_t x[32],
                       const identity_public *own, sender_peer *peer,
                       amanat_import_result *result) {
  identity_public sender;
  memcpy(sender.ed25519, ed, 32);
  memcpy(sender.x25519, x, 32);
  identity_safety_code(&sender, result->safety_code);
  memset(peer, 0, sizeof *peer);
  if (sodium_memcmp(ed, own->ed25519, 32) == 0 && sodium_memcmp(x, own->x25519, 32) == 0) {
    peer->is_self = peer->verified = 1; /* a bundle this space made, read back */
    return AMANAT_OK;
  }
  sqlite3_stmt *stmt = NULL;
  int rc =
      store_prepare(v, "SELECT id, name, verified, x25519 FROM peers WHERE ed25519 = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_blob(stmt, 1, ed, 32, SQLITE_STATIC);
  int step = sqlite3_step(stmt);
  if (step == SQLITE_ROW && sqlite3_column_bytes(stmt, 3) == 32 &&
      sodium_memcmp(sqlite3_column_blob(stmt, 3), x, 32) == 0) {
    peer->id = sqlite3_column_int64(stmt, 0);
    const char *name = (const char *)sqlite3_column_text(stmt, 1);
    snprintf(result->peer, sizeof result->peer, "%s", name != NULL ? name : "");
    peer->verified = sqlite3_column_int(stmt, 2);
  } else {
    rc = step == SQLITE_ROW || step == SQLITE_DONE ? AMANAT_E_UNKNOWN_SENDER
                                                   : space_db_error(v->db, step);
  }
  sqlite3_finalize(stmt);
  return rc;
}

static int note_received(amanat_vault *v, sqlite3_int64 peer, uint64_t number) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(
      v, "UPDATE peers SET last_received = max(last_received, ?2) WHERE id = ?1;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, peer);
  sqlite3_bind_int64(stmt, 2, (sqlite3_int64)(number > INT64_MAX ? INT64_MAX : number));
  return store_run(v, stmt);
}

int amanat_bundle_import(amanat_vault *v, const char *path, int allow_unverified,
                         amanat_import_result *result) {
  memset(result, 0, sizeof *result);
  if (v->batch != NULL)
    return AMANAT_E_INVALID;
  identity_public own;
  uint8_t *box_sk = io_secure_alloc(32), ed[32], x[32];
  int rc = box_sk != NULL ? identity_load(v, &own, box_sk, NULL) : AMANAT_E_NOMEM;
  bundle_reader *reader = NULL;
  if (rc == AMANAT_OK)
    rc = bundle_reader_open(&reader, path, box_sk, own.x25519, ed, x);
  secret_free(&box_sk);
  sender_peer peer;
  if (rc == AMANAT_OK)
    rc = find_sender(v, ed, x, &own, &peer, result);
  if (rc == AMANAT_OK && !peer.verified && !allow_unverified)
    rc = AMANAT_E_UNVERIFIED;
  if (rc == AMANAT_OK)
    rc = amanat_vault_batch_begin(v);
  if (rc != AMANAT_OK) {
    bundle_reader_free(reader);
    return rc;
  }
  import_ctx ctx = {v, result};
  sync_handlers handlers = {apply_contact, apply_document, apply_tombstone, &ctx};
  bundle_sender sender;
  rc = sync_bundle_walk(reader, &handlers, &sender);
  bundle_reader_free(reader);
  if (rc == AMANAT_OK && !peer.is_self)
    rc = note_received(v, peer.id, sender.number);
  if (rc == AMANAT_OK)
    rc = docs_drop_unused_tags(v);
  if (rc == AMANAT_OK && v->batch_error != AMANAT_OK)
    rc = v->batch_error;
  if (rc != AMANAT_OK) {
    amanat_vault_batch_abort(v);
    amanat_import_result keep = *result;
    memset(result, 0, sizeof *result);
    memcpy(result->safety_code, keep.safety_code, sizeof keep.safety_code);
    memcpy(result->peer, keep.peer, sizeof keep.peer);
    return rc == AMANAT_E_CHANGED ? AMANAT_E_BAD_BUNDLE : rc;
  }
  return amanat_vault_batch_commit(v); /* which compacts when deletions call for it */
}
