/* SPDX-License-Identifier: GPL-3.0-or-later */
/* workspace.h: the buffers that hold plaintext while documents are imported or read,
 * allocated once per open vault (locked memory is slow to map, lock and wipe) and wiped
 * as far as each use wrote into them. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "chunk.h"

typedef struct workspace {
  chunk_codec codec;
  uint8_t *raw[2]; /* CHUNK_RAW_MAX each, sodium_malloc */
  uint8_t *record; /* CHUNK_RECORD_MAX, ciphertext only */
  uint8_t *key;    /* CHUNK_KEY_LEN, sodium_malloc */
  uint8_t *text;   /* the indexed start of a text document, made when first needed */
  size_t text_len;
  struct seal_pool *pool; /* worker threads for large documents, started when first needed */
  int busy;
} workspace;

struct amanat_vault;

/* The vault's workspace, made on first use; NULL when out of memory or already busy
 * (then the caller makes its own with workspace_new). */
workspace *workspace_take(struct amanat_vault *v);
/* The text buffer (DOCS_TEXT_INDEX_MAX bytes), made on first use; NULL when out of memory. */
uint8_t *workspace_text(workspace *w);
/* The workspace's seal pool, started on first use and made ready for a new document
 * sealed under `key` with `uid`; NULL when it cannot start. */
struct seal_pool *workspace_pool(workspace *w, const uint8_t *key, const uint8_t *uid);
/* Gives it back: wipes the first `used` bytes of each plaintext buffer, and the text. */
void workspace_give_back(workspace *w, size_t used);

workspace *workspace_new(void);
void workspace_free(workspace *w);
