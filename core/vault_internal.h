/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault_internal.h: the open vault's state, shared by the core's vault_*.c files. */
#pragma once

#include <sqlite3.h>
#include <stdint.h>

#include "amanat.h"
#include "format.h"
#include "header.h"
#include "keyslot.h"

struct amanat_vault {
  char *dir;
  int dir_fd;
  int header_fd; /* holds the flock for as long as the vault is open */
  header_prefix prefix;
  uint8_t prefix_bytes[AMANAT_PREFIX_LEN];
  unsigned slot_index;      /* the keyslot this session opened */
  uint8_t *slot_key;        /* sodium_malloc: that slot's key */
  keyslot_payload *payload; /* sodium_malloc: that slot's payload, keys included */
  int space_index;          /* file index of the space in use */
  sqlite3 *db;              /* that space's database */
  uint64_t kdf_ns, ready_ns;
  struct pack_writer *batch; /* set between amanat_vault_batch_begin and its end */
  int batch_error;           /* the first error inside the batch */
  struct workspace *work;    /* plaintext buffers, reused (workspace.h) */
};

/* Opens the database of space file `index` under `space_key`. */
AMANAT_MUST_CHECK int vault_open_space_db(const amanat_vault *v, int index,
                                          const uint8_t space_key[32], sqlite3 **out);
