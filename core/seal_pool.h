/* SPDX-License-Identifier: GPL-3.0-or-later */
/* seal_pool.h: sealing a large document's chunks on every core. The caller reads chunks
 * into free slots and submits them in order; worker threads compress and seal them; the
 * caller takes the records back in the same order and writes them. The final chunk
 * (whose padding depends on everything before it) is sealed by the caller itself. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "amanat.h"
#include "chunk.h"

typedef struct seal_pool seal_pool;

/* Starts the workers; `key` and `uid` are copied into locked memory. */
AMANAT_MUST_CHECK int seal_pool_start(seal_pool **out, const uint8_t key[CHUNK_KEY_LEN],
                                      const uint8_t uid[CHUNK_UID_LEN]);

/* Makes an idle pool (nothing submitted or held) ready for another document. */
void seal_pool_reset(seal_pool *p, const uint8_t key[CHUNK_KEY_LEN],
                     const uint8_t uid[CHUNK_UID_LEN]);

/* A free slot for the next chunk: its index, and its raw buffer (CHUNK_RAW_MAX bytes) in
 * *raw; -1 when every slot is busy (take one back first). */
int seal_pool_input(seal_pool *p, uint8_t **raw);
/* Hands slot `index` over, holding non-final chunk `seq` of `raw_len` bytes. */
void seal_pool_submit(seal_pool *p, int index, size_t raw_len, uint64_t seq);
/* Gives back a slot that will not be submitted, wiping `raw_len` bytes of it. */
void seal_pool_cancel(seal_pool *p, int index, size_t raw_len);
/* 1 while any submitted chunk has not been taken back. */
int seal_pool_pending(seal_pool *p);
/* Waits for the oldest submitted chunk and gives its record; valid until the next call. */
AMANAT_MUST_CHECK int seal_pool_take(seal_pool *p, const uint8_t **record, size_t *len);

/* Stops the workers and wipes every buffer. Accepts NULL. */
void seal_pool_stop(seal_pool *p);
