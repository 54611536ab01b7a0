/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_stamp.h: giving changed items their new version, inside the caller's
 * transaction. Every function that changes a document, note or contact calls one of
 * these, so incremental exports see the change and merges can order it. */
#pragma once

#include <sqlite3.h>
#include <stdint.h>

#include "sync_version.h"
#include "vault_internal.h"

typedef enum sync_item_kind {
  SYNC_ITEM_DOCUMENT = 1,
  SYNC_ITEM_CONTACT = 2,
} sync_item_kind;

/* This space's replica id (made on first use, made anew after a restore). */
AMANAT_MUST_CHECK int sync_origin(amanat_vault *v, uint8_t origin[SYNC_ORIGIN_LEN]);

/* The next local change number; every change gets a larger one. */
AMANAT_MUST_CHECK int sync_next_seq(amanat_vault *v, sqlite3_int64 *seq);
/* The last change number handed out (0 when none). */
AMANAT_MUST_CHECK int sync_last_seq(amanat_vault *v, sqlite3_int64 *seq);

/* Advances the Lamport clock past `seen` (a clock in an imported version). */
AMANAT_MUST_CHECK int sync_observe_clock(amanat_vault *v, uint64_t seen);

/* Marks row `row` of documents or contacts as changed here: bumps this replica's entry
 * of its version vector, sets a new clock and this origin, and a new change number; with
 * `content_changed` also a new content version. */
AMANAT_MUST_CHECK int sync_stamp(amanat_vault *v, sync_item_kind kind, sqlite3_int64 row,
                                 int content_changed);

/* Reads an item's version: its vector, clock and origin. */
AMANAT_MUST_CHECK int sync_read_version(amanat_vault *v, sync_item_kind kind, sqlite3_int64 row,
                                        sync_vv *vv, uint64_t *clock,
                                        uint8_t origin[SYNC_ORIGIN_LEN]);

/* Records that the item with `uid` was deleted by this replica: its version one past
 * the item's last (`row` must still exist). Call before deleting the row. */
AMANAT_MUST_CHECK int sync_tombstone_local(amanat_vault *v, sync_item_kind kind, sqlite3_int64 row,
                                           const uint8_t uid[16]);
