/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pack.h: pack files, where document chunks live: many documents per file, random
 * names, sizes rounded up with Padmé and filled with random bytes (FORMAT.md §Packs). */
#pragma once

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "vault_internal.h"

#define PACK_DIR      "packs"
#define PACK_MAX_SIZE (64u << 20)
#define PACK_NAME_LEN 32

typedef struct pack_touch {
  sqlite3_int64 id; /* 0 until a new pack is recorded */
  char name[PACK_NAME_LEN + 1];
  int fd;
  int is_new;
  uint64_t used_before; /* the pack's committed length when the writer took it */
  uint64_t size_before; /* its file size then */
  uint64_t end;         /* where the next record goes */
  uint64_t live_added;
  uint64_t recorded_end;  /* what pack_writer_record last wrote to the row */
  uint64_t recorded_live; /* of live_added, how much the row already counts */
} pack_touch;

/* Appends records to the space's packs, then makes them durable and records them in the
 * database in the caller's transaction; or takes everything back. */
typedef struct pack_writer {
  amanat_vault *vault;
  int dir_fd;
  pack_touch *touched;
  size_t count, cap;
  const sqlite3_int64 *avoid; /* packs not to append to (being compacted) */
  size_t avoid_count;
} pack_writer;

AMANAT_MUST_CHECK int pack_writer_open(pack_writer *w, amanat_vault *v, const sqlite3_int64 *avoid,
                                       size_t avoid_count);
/* Writes a record; *touch_index says which touched pack took it, *offset where. */
AMANAT_MUST_CHECK int pack_writer_append(pack_writer *w, const uint8_t *record, size_t len,
                                         size_t *touch_index, uint64_t *offset);
/* Fills each touched pack up to its Padmé size with random bytes and syncs everything. */
AMANAT_MUST_CHECK int pack_writer_flush(pack_writer *w);
/* Inside the caller's transaction: inserts the rows of new packs and brings every
 * touched pack's `used` and `live` up to date. May be called again after more appends
 * (a batch records after each document). */
AMANAT_MUST_CHECK int pack_writer_record(pack_writer *w);
/* After a failure: new packs are removed, old ones cut back to their former size. */
void pack_writer_abort(pack_writer *w);
void pack_writer_close(pack_writer *w);

/* Reads records from packs, keeping the last pack open. */
typedef struct pack_reader {
  amanat_vault *vault;
  int dir_fd;
  int fd;
  char name[PACK_NAME_LEN + 1];
} pack_reader;

void pack_reader_init(pack_reader *r, amanat_vault *v);
AMANAT_MUST_CHECK int pack_read(pack_reader *r, const char *name, uint64_t offset, uint8_t *buf,
                                size_t len);
void pack_reader_close(pack_reader *r);

/* Opens (making it when missing) the vault's packs folder. */
AMANAT_MUST_CHECK int pack_dir_open(amanat_vault *v, int create, int *dir_fd);
