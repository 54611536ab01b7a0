/* SPDX-License-Identifier: GPL-3.0-or-later */
/* docs_internal.h: what the document, contact and search modules share. */
#pragma once

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "vault_internal.h"

#define DOCS_TEXT_INDEX_MAX (1u << 20) /* bytes of a text document's start that are indexed */
#define DOCS_TITLE_MAX      1000
#define DOCS_NOTES_MAX      (1u << 20)

/* The first AMANAT_ID_LEN hex digits of a full id. */
void docs_short_id(const char *hex, char id_out[AMANAT_ID_LEN + 1]);

/* Tags document row `doc` with `name` (made when missing). */
AMANAT_MUST_CHECK int docs_add_tag(amanat_vault *v, sqlite3_int64 doc, const char *name);

/* Rebuilds the search index entry of document row `doc` from its title, tags, notes and,
 * for text, the start of its content: `text` when the caller has it, else read back. */
AMANAT_MUST_CHECK int docs_reindex(amanat_vault *v, sqlite3_int64 doc, const uint8_t *text,
                                   size_t text_len);

/* Replaces search-index entry `docid` with the tokens of `body`. */
AMANAT_MUST_CHECK int docs_index_store(amanat_vault *v, sqlite3_int64 docid, const uint8_t *body,
                                       size_t len);

/* The same for contact row `contact`: name, fields, notes and tags. */
AMANAT_MUST_CHECK int contacts_reindex(amanat_vault *v, sqlite3_int64 contact);

/* Streams document row `doc` to `sink` chunk by chunk after each chunk verifies, stopping
 * once `limit` bytes went out (0: no limit). */
typedef int (*docs_sink)(const uint8_t *data, size_t len, void *user_data);
AMANAT_MUST_CHECK int docs_stream(amanat_vault *v, sqlite3_int64 doc, uint64_t limit,
                                  docs_sink sink, void *sink_data, amanat_progress progress,
                                  void *progress_data);

/* After deletions: compacts when dead space passes the threshold. */
AMANAT_MUST_CHECK int docs_compact_if_needed(amanat_vault *v);
/* The same after a committed change, which its failure does not undo: ignored. */
void docs_compact_after_commit(amanat_vault *v);

/* Finishes removals a crash interrupted: pack files recorded as trash. */
AMANAT_MUST_CHECK int docs_empty_trash(amanat_vault *v);

/* A contact row's 16-byte uid. */
AMANAT_MUST_CHECK int contacts_uid_of(amanat_vault *v, sqlite3_int64 contact, uint8_t uid[16]);
/* Removes contact row `contact` and its search entry (fields, tags and links go with it),
 * inside the caller's transaction; no tombstone. */
AMANAT_MUST_CHECK int contacts_delete_row(amanat_vault *v, sqlite3_int64 contact);
/* The same for document row `doc`: its key goes with the row (crypto-shredding), its
 * chunks count as dead space. */
AMANAT_MUST_CHECK int docs_delete_row(amanat_vault *v, sqlite3_int64 doc);
/* A document row's 16-byte uid. */
AMANAT_MUST_CHECK int docs_uid_of(amanat_vault *v, sqlite3_int64 doc, uint8_t uid[16]);
/* Tags no longer used by any item go. */
AMANAT_MUST_CHECK int docs_drop_unused_tags(amanat_vault *v);

/* Reads up to `want` bytes into `buf`; *got < want only at the end. */
typedef int (*docs_reader)(void *data, uint8_t *buf, size_t want, size_t *got);
/* Runs inside an import's transaction with the new row (0 before it exists). */
typedef int (*docs_row_hook)(amanat_vault *v, sqlite3_int64 row, void *data);

/* Inside a batch: streams exactly `size` bytes from `reader` into a new document row with
 * id `uid` (AMANAT_E_CHANGED when the reader gives more or fewer), then runs
 * `after_insert` (which sets the metadata) and indexes the row. */
AMANAT_MUST_CHECK int docs_import_content(amanat_vault *v, docs_reader reader, void *reader_data,
                                          uint64_t size, amanat_doc_kind kind,
                                          const uint8_t uid[16], const char *content_type,
                                          docs_row_hook after_insert, void *hook_data,
                                          sqlite3_int64 *row);
