/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync_version.h: the version of a synced item (FORMAT.md §Sync versions): a version
 * vector, which says what a version has seen, and a Lamport clock with its writer's
 * replica id, which orders versions that saw neither each other. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "amanat.h"

#define SYNC_ORIGIN_LEN     16
#define SYNC_VV_ENTRY_LEN   (SYNC_ORIGIN_LEN + 8)
#define SYNC_VV_MAX_ENTRIES 256 /* writers of one item; a bundle with more is refused */

/* A version vector: entries sorted by origin, each origin once, every counter > 0. The
 * encoded form (FORMAT.md) is the entries back to back: origin, then counter big-endian. */
typedef struct sync_vv {
  size_t count;
  uint8_t origin[SYNC_VV_MAX_ENTRIES][SYNC_ORIGIN_LEN];
  uint64_t counter[SYNC_VV_MAX_ENTRIES];
} sync_vv;

typedef enum sync_order {
  SYNC_EQUAL,
  SYNC_BEFORE,     /* a saw less than b: b replaces a */
  SYNC_AFTER,      /* a saw more than b */
  SYNC_CONCURRENT, /* each saw something the other did not */
} sync_order;

/* AMANAT_E_BAD_BUNDLE when `bytes` is not a valid encoding (unsorted, repeated, zero). */
AMANAT_MUST_CHECK int sync_vv_decode(const uint8_t *bytes, size_t len, sync_vv *out);
/* Writes count * SYNC_VV_ENTRY_LEN bytes into `out`. */
size_t sync_vv_encode(const sync_vv *vv, uint8_t *out);
sync_order sync_vv_compare(const sync_vv *a, const sync_vv *b);
/* a := the entry-wise maximum of a and b. AMANAT_E_INVALID past SYNC_VV_MAX_ENTRIES. */
AMANAT_MUST_CHECK int sync_vv_merge(sync_vv *a, const sync_vv *b);
/* Adds one to `origin`'s counter. */
AMANAT_MUST_CHECK int sync_vv_bump(sync_vv *vv, const uint8_t origin[SYNC_ORIGIN_LEN]);

/* Between two concurrent versions, the one with the larger (clock, origin) wins. Nonzero
 * when version a wins over version b. */
int sync_wins(uint64_t clock_a, const uint8_t origin_a[SYNC_ORIGIN_LEN], uint64_t clock_b,
              const uint8_t origin_b[SYNC_ORIGIN_LEN]);
