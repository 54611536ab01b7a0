/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bundle_records.h: the records inside a bundle's body (FORMAT.md §Bundle records):
 * a sender record, contacts, documents (each followed by its content when sent),
 * tombstones and an end mark. Encoding and strict decoding. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sync_items.h"

enum {
  RECORD_END = 0,
  RECORD_SENDER = 1,
  RECORD_DOCUMENT = 2,
  RECORD_CONTACT = 3,
  RECORD_TOMBSTONE = 4,
};

#define RECORD_BODY_MAX (8u << 20) /* a record's body; content follows outside it */

#define BUNDLE_FLAG_FULL           1u
#define BUNDLE_FLAG_OMIT_SENSITIVE 2u
#define BUNDLE_FLAG_TAGS           4u

typedef struct bundle_sender {
  uint8_t x25519[32], ed25519[32];
  uint64_t number; /* bundles this sender made for these recipients, this one included */
  uint32_t flags;
} bundle_sender;

/* A growable byte buffer, wiped when freed (it holds names and notes). */
typedef struct record_buf {
  uint8_t *data;
  size_t len, cap;
  int failed;
} record_buf;

void record_buf_reset(record_buf *b);
void record_buf_free(record_buf *b);

/* Each writes one whole record (type, length, body) into `b`. */
void record_put_sender(record_buf *b, const bundle_sender *s);
void record_put_document(record_buf *b, const sync_doc_state *doc, int has_content);
void record_put_contact(record_buf *b, const sync_contact_state *contact, int omit_sensitive);
void record_put_tombstone(record_buf *b, const sync_tombstone *t);
void record_put_end(record_buf *b);

/* Decoders take a record's body and fill the state with copies in `arena`.
 * AMANAT_E_BAD_BUNDLE on any malformed, out-of-range or trailing byte. */
AMANAT_MUST_CHECK int record_get_sender(const uint8_t *body, size_t len, bundle_sender *out);
AMANAT_MUST_CHECK int record_get_document(const uint8_t *body, size_t len, sync_arena *arena,
                                          sync_doc_state *out, int *has_content);
AMANAT_MUST_CHECK int record_get_contact(const uint8_t *body, size_t len, sync_arena *arena,
                                         sync_contact_state *out);
AMANAT_MUST_CHECK int record_get_tombstone(const uint8_t *body, size_t len, sync_arena *arena,
                                           sync_tombstone *out);
