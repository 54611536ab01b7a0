/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_bundle.h: walking the records of an opened bundle in their required order
 * (sender, contacts, documents with their content, tombstones, end), each decoded
 * strictly, with no id twice. Import applies them; export's re-read only checks them. */
#pragma once

#include "bundle_file.h"
#include "bundle_records.h"
#include "sync_items.h"

/* A document's content as it streams out of the bundle: exactly `left` bytes more. */
typedef struct sync_content {
  bundle_reader *reader;
  uint64_t left;
} sync_content;

/* A docs_reader over a sync_content. */
AMANAT_MUST_CHECK int sync_content_read(void *data, uint8_t *buf, size_t want, size_t *got);

typedef struct sync_handlers {
  int (*contact)(void *ctx, const sync_contact_state *contact);
  /* `content` is NULL when the record carries none; what the handler leaves unread is
   * skipped. */
  int (*document)(void *ctx, const sync_doc_state *doc, sync_content *content);
  int (*tombstone)(void *ctx, const sync_tombstone *tombstone);
  void *ctx;
} sync_handlers;

/* Reads every record, calling the handlers (any may be NULL), then checks the padding
 * and that the bytes read are those the signature covered. */
AMANAT_MUST_CHECK int sync_bundle_walk(bundle_reader *r, const sync_handlers *handlers,
                                       bundle_sender *sender);

/* Opens the bundle at `path` as this space and walks it without applying anything. */
AMANAT_MUST_CHECK int sync_bundle_check(amanat_vault *v, const char *path,
                                        const uint8_t x25519_pk[32], const uint8_t *x25519_sk);
