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
  uint8_t *master;          /* sodium_malloc: the password's Argon2id output, so this
                               session can move its slot (slot keys depend on the index) */
  keyslot_payload *payload; /* sodium_malloc: that slot's payload, keys included */
  int space_index;          /* file index of the space in use */
  sqlite3 *db;              /* that space's database */
  uint64_t kdf_ns, ready_ns;
  struct pack_writer *batch; /* set between amanat_vault_batch_begin and its end */
  int batch_error;           /* the first error inside the batch */
  struct workspace *work;    /* plaintext buffers, reused (workspace.h) */
  int wipe_pending;          /* a duress wipe still has the real space's data to remove */
  int ephemeral;             /* the space is in memory only (a decoy-only duress session's
                                decoy of the decoy): nothing of it is kept */
};

/* The work every unlock attempt does after the KDF, whatever the password: try every
 * slot, then write the whole header page once (counter, scrubbed slots) and sync it. */
AMANAT_MUST_CHECK int vault_unlock_header(amanat_vault *v, const uint8_t *master,
                                          uint8_t header[AMANAT_HEADER_LEN]);

/* The slots whose nonce carries the duress tag of this session's group, or of the group
 * of the duress slots it added itself (keyslot.h). */
uint16_t vault_tagged_slots(const amanat_vault *v, const uint8_t header[AMANAT_HEADER_LEN]);

/* A wrong password's stand-in for opening a space: the same work, then nothing. */
void vault_spend_open_time(amanat_vault *v);

/* Opens the space the session asked for (see amanat_space_choice). */
AMANAT_MUST_CHECK int vault_open_chosen_space(amanat_vault *v, amanat_space_choice choice);

/* Seals `payload` for this session's password (`master`) into a random spare slot (not
 * live, not this session's, not in `avoid`), syncs, then overwrites the old slot and
 * syncs: a crash leaves the old or the new slot working, never neither. The session then
 * uses the new slot. The payload's live mask is updated here. */
AMANAT_MUST_CHECK int vault_move_own_slot(amanat_vault *v, const uint8_t *master,
                                          const keyslot_payload *payload, uint16_t avoid);

/* A random slot among `allowed` that is neither live, this session's, nor in `avoid`. */
AMANAT_MUST_CHECK int vault_pick_spare(const amanat_vault *v, uint16_t allowed, uint16_t avoid,
                                       unsigned *spare);

/* The slots this session's own slot may move to, and those it must keep off. */
AMANAT_MUST_CHECK int vault_slot_room(amanat_vault *v, uint16_t *allowed, uint16_t *avoid);

/* The group key of the duress slots a session with group key `group` adds. */
void vault_nested_group(const uint8_t group[AMANAT_SPACE_KEY_LEN],
                        uint8_t nested[AMANAT_SPACE_KEY_LEN]);

/* Writes a whole header image in place and syncs it. */
AMANAT_MUST_CHECK int vault_write_header(amanat_vault *v, const uint8_t header[AMANAT_HEADER_LEN]);

/* Reads the whole header file as it is now. */
AMANAT_MUST_CHECK int vault_read_header(amanat_vault *v, uint8_t header[AMANAT_HEADER_LEN + 1]);

/* Makes space file `index` a new, empty database under `space_key`, replacing what was
 * there (built beside it and renamed over it). */
AMANAT_MUST_CHECK int vault_replace_space_db(amanat_vault *v, int index,
                                             const uint8_t space_key[32]);

/* Removes every pack that neither database `a` nor `b` (may be NULL) refers to. */
AMANAT_MUST_CHECK int vault_remove_orphan_packs(amanat_vault *v, sqlite3 *a, sqlite3 *b);

/* Opens the database of space file `index` under `space_key`. */
AMANAT_MUST_CHECK int vault_open_space_db(const amanat_vault *v, int index,
                                          const uint8_t space_key[32], sqlite3 **out);
