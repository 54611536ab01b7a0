/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_items.h: an item's whole synced state (FORMAT.md §Bundle records), read from and
 * written to the space database. Exports read it, imports and merges write it. */
#pragma once

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "sync_version.h"
#include "vault_internal.h"

/* Strings and arrays of item states live in an arena, freed (and wiped) at once. */
typedef struct sync_arena_block sync_arena_block;
typedef struct sync_arena {
  sync_arena_block *head;
} sync_arena;

void *sync_arena_alloc(sync_arena *arena, size_t len);
char *sync_arena_strndup(sync_arena *arena, const char *text, size_t len);
void sync_arena_free(sync_arena *arena);

typedef struct sync_version {
  sync_vv *vv; /* in the arena */
  uint64_t clock;
  uint8_t origin[SYNC_ORIGIN_LEN];
} sync_version;

typedef struct sync_doc_state {
  uint8_t uid[16];
  int kind;
  sync_version version;
  uint8_t cv[16]; /* content version */
  const char *title, *content_type, *added, *notes;
  uint64_t size;
  const char **tags; /* sorted */
  size_t tag_count;
  uint8_t (*links)[16]; /* contact uids, sorted */
  size_t link_count;
  int has_conflict_of;
  uint8_t conflict_of[16];
} sync_doc_state;

typedef struct sync_field {
  const char *label, *value;
  int sensitive, withheld;
} sync_field;

typedef struct sync_contact_state {
  uint8_t uid[16];
  sync_version version;
  const char *name, *notes, *added;
  sync_field *fields; /* in position order */
  size_t field_count;
  const char **tags; /* sorted */
  size_t tag_count;
} sync_contact_state;

typedef struct sync_tombstone {
  uint8_t uid[16];
  int kind; /* sync_item_kind */
  sync_version version;
  uint8_t cv[16]; /* a document's content version when it was deleted; zero otherwise */
} sync_tombstone;

AMANAT_MUST_CHECK int sync_doc_load(amanat_vault *v, sqlite3_int64 row, sync_arena *arena,
                                    sync_doc_state *out);
AMANAT_MUST_CHECK int sync_contact_load(amanat_vault *v, sqlite3_int64 row, sync_arena *arena,
                                        sync_contact_state *out);

typedef enum sync_write_mode {
  SYNC_WRITE_LOCAL_EDIT, /* the state's version, then a new local version (content changed) */
  SYNC_WRITE_INCOMING,   /* exactly the state's version and content version */
} sync_write_mode;

/* Writes a document's metadata (not its content) to row `row`: title, notes, added,
 * content type, tags, links (to contacts not here yet: remembered), conflict origin,
 * version; a new change number. */
AMANAT_MUST_CHECK int sync_doc_write_meta(amanat_vault *v, sqlite3_int64 row,
                                          const sync_doc_state *state, sync_write_mode mode);
/* Writes a contact (row 0: a new one; *row gets it) exactly as `state`, fields a sender
 * withheld keeping their value here. */
AMANAT_MUST_CHECK int sync_contact_write(amanat_vault *v, sqlite3_int64 *row,
                                         const sync_contact_state *state);

/* The row of the document or contact with `uid`, 0 when none. */
AMANAT_MUST_CHECK int sync_find_row(amanat_vault *v, int kind, const uint8_t uid[16],
                                    sqlite3_int64 *row);
/* The tombstone of `uid`, if any (*found 0 when none). */
AMANAT_MUST_CHECK int sync_find_tombstone(amanat_vault *v, const uint8_t uid[16], sync_arena *arena,
                                          sync_tombstone *out, int *found);
AMANAT_MUST_CHECK int sync_tombstone_write(amanat_vault *v, const sync_tombstone *t);
