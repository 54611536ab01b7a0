/* SPDX-License-Identifier: GPL-3.0-or-later */
/* duress.c: duress passwords, the removal of a wiped real space, and its replacement by
 * the standby space (FORMAT.md §Duress). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "counter.h"
#include "io.h"
#include "kdf.h"
#include "pack.h"
#include "password.h"
#include "secret.h"
#include "space_db.h"
#include "store.h"
#include "vault_files.h"
#include "vault_internal.h"

/* The master key of `password`: refused when it opens any slot of this vault already. */
static int new_password_master(amanat_vault *v, const char *password, size_t len, uint8_t *master) {
  uint8_t *nfc = NULL;
  size_t nfc_len = 0;
  int rc = password_normalize(password, len, &nfc, &nfc_len);
  if (rc == AMANAT_OK)
    rc = kdf_master_key(nfc, nfc_len, v->prefix.salt, v->prefix.cost, master);
  secret_free(&nfc);
  uint8_t header[AMANAT_HEADER_LEN + 1];
  if (rc == AMANAT_OK)
    rc = vault_read_header(v, header);
  keyslot_payload *scratch = keyslot_payload_new();
  if (rc == AMANAT_OK && scratch == NULL)
    rc = AMANAT_E_NOMEM;
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT && rc == AMANAT_OK; i++) {
    uint8_t slot_key[AMANAT_SLOT_KEY_LEN];
    kdf_slot_key(master, i, NULL, slot_key);
    if (keyslot_open(slot_key, header, i, header + AMANAT_SLOT_OFF(i), scratch) == AMANAT_OK)
      rc = AMANAT_E_PASSWORD_IN_USE;
    sodium_memzero(slot_key, sizeof slot_key);
  }
  secret_free(&scratch);
  return rc;
}

/* *written says whether the slot reached the file, even when its sync then failed. */
static int seal_into(amanat_vault *v, const uint8_t *master, unsigned index,
                     const keyslot_payload *payload, int *written) {
  uint8_t slot_key[AMANAT_SLOT_KEY_LEN], sealed[AMANAT_SLOT_LEN];
  kdf_slot_key(master, index, NULL, slot_key);
  int rc = keyslot_seal(slot_key, v->prefix_bytes, index, payload, sealed);
  sodium_memzero(slot_key, sizeof slot_key);
  if (rc == AMANAT_OK)
    rc = io_pwrite_all(v->header_fd, sealed, sizeof sealed, AMANAT_SLOT_OFF(index));
  *written = rc == AMANAT_OK;
  return rc == AMANAT_OK ? io_fdatasync(v->header_fd) : rc;
}

/* Random bytes over slot `index` again, as best we can: a duress password whose adding
 * was reported as failed must not work. */
static void scrub_slot(amanat_vault *v, unsigned index) {
  uint8_t noise[AMANAT_SLOT_LEN];
  io_random(noise, sizeof noise);
  if (io_pwrite_all(v->header_fd, noise, sizeof noise, AMANAT_SLOT_OFF(index)) == AMANAT_OK) {
    int synced = io_fdatasync(v->header_fd);
    (void)synced;
  }
}

/* The duress slot: it opens the decoy; its standby space replaces the real one after a
 * wipe; its live mask is the set of duress slots a wipe keeps. */
static void duress_payload(const keyslot_payload *owner, unsigned index,
                           amanat_duress_action action, keyslot_payload *out) {
  memset(out, 0, sizeof *out);
  out->role = action == AMANAT_DURESS_WIPE ? AMANAT_ROLE_DURESS_WIPE : AMANAT_ROLE_DURESS_DECOY;
  out->space = (uint8_t)(1 - owner->space);
  out->live_mask = (uint16_t)(owner->duress_mask | (1u << index));
  memcpy(out->primary_key, owner->secondary_key, AMANAT_SPACE_KEY_LEN);
  memcpy(out->secondary_key, owner->standby_key, AMANAT_SPACE_KEY_LEN);
  memcpy(out->group_key, owner->group_key, AMANAT_SPACE_KEY_LEN);
}

/* A duress session's own duress password opens the decoy's decoy (the standby space)
 * and never destroys anything: nested wipes would destroy the decoy itself. */
static void nested_payload(const keyslot_payload *duress, unsigned index, keyslot_payload *out) {
  memset(out, 0, sizeof *out);
  out->role = AMANAT_ROLE_DURESS_DECOY;
  out->space = (uint8_t)(1 - duress->space);
  out->live_mask = (uint16_t)(duress->live_mask | (1u << index));
  out->flags = AMANAT_PAYLOAD_FLAG_NESTED;
  memcpy(out->primary_key, duress->secondary_key, AMANAT_SPACE_KEY_LEN);
  memcpy(out->secondary_key, duress->secondary_key, AMANAT_SPACE_KEY_LEN);
  vault_nested_group(duress->group_key, out->group_key);
}

int amanat_vault_duress_add(amanat_vault *v, const char *password, size_t len,
                            amanat_duress_action action) {
  if (len == 0)
    return AMANAT_E_EMPTY_PASSWORD;
  uint8_t *master = io_secure_alloc(AMANAT_MASTER_KEY_LEN);
  keyslot_payload *slot = keyslot_payload_new(), *owner = keyslot_payload_new();
  int rc = master && slot && owner ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = new_password_master(v, password, len, master);
  unsigned index = 0, dummy = 0, own_slot = v->slot_index;
  uint16_t allowed = 0, off_limits = 0;
  int written = 0;
  if (rc == AMANAT_OK)
    rc = vault_slot_room(v, &allowed, &off_limits);
  /* Duress slots lie outside the real password's zone. A duress session's own slot must
   * then still find a spare out there. */
  if (rc == AMANAT_OK)
    rc = vault_pick_spare(v, (uint16_t)~AMANAT_OWNER_ZONE, off_limits, &index);
  if (rc == AMANAT_OK && v->payload->role != AMANAT_ROLE_OWNER)
    rc = vault_pick_spare(v, allowed, (uint16_t)(off_limits | (1u << index)), &dummy);
  if (rc == AMANAT_OK) {
    if (v->payload->role == AMANAT_ROLE_OWNER) {
      if (sodium_is_zero(v->payload->standby_key, AMANAT_SPACE_KEY_LEN))
        io_random(v->payload->standby_key, AMANAT_SPACE_KEY_LEN); /* a vault from before */
      if (sodium_is_zero(v->payload->group_key, AMANAT_SPACE_KEY_LEN))
        io_random(v->payload->group_key, AMANAT_SPACE_KEY_LEN);
      duress_payload(v->payload, index, action, slot);
    } else {
      nested_payload(v->payload, index, slot);
    }
    rc = seal_into(v, master, index, slot, &written);
  }
  if (rc == AMANAT_OK) {
    memcpy(owner, v->payload, sizeof *owner);
    owner->live_mask |= (uint16_t)(1u << index);
    if (owner->role == AMANAT_ROLE_OWNER)
      owner->duress_mask |= (uint16_t)(1u << index);
    rc = vault_move_own_slot(v, v->master, owner, 0);
  }
  /* Failed before our own slot moved to one that lists the duress slot: take it back.
   * (Once it moved, only the old slot's scrub failed; the next unlock finishes that.) */
  if (rc != AMANAT_OK && written && v->slot_index == own_slot)
    scrub_slot(v, index);
  secret_free(&master);
  secret_free(&slot);
  secret_free(&owner);
  return rc;
}

/* The owner clears every duress slot; a duress session only those it added itself (its
 * decoy's own duress passwords), never its siblings. */
int amanat_vault_duress_clear(amanat_vault *v) {
  uint8_t header[AMANAT_HEADER_LEN + 1], nested[AMANAT_SPACE_KEY_LEN];
  int rc = vault_read_header(v, header);
  if (rc != AMANAT_OK)
    return rc;
  vault_nested_group(v->payload->group_key, nested);
  uint16_t duress = v->payload->role == AMANAT_ROLE_OWNER
                        ? (uint16_t)(v->payload->duress_mask | vault_tagged_slots(v, header))
                        : 0;
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++)
    if (keyslot_has_duress_tag(nested, i, header + AMANAT_SLOT_OFF(i)))
      duress |= (uint16_t)(1u << i);
  sodium_memzero(nested, sizeof nested);
  duress &= (uint16_t) ~(1u << v->slot_index);
  keyslot_payload *owner = keyslot_payload_new();
  if (owner == NULL)
    return AMANAT_E_NOMEM;
  memcpy(owner, v->payload, sizeof *owner);
  owner->live_mask &= (uint16_t)~duress;
  owner->duress_mask = 0;
  /* First the session's own slot no longer counts them, then they are overwritten. */
  rc = vault_move_own_slot(v, v->master, owner, 0);
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT && rc == AMANAT_OK; i++) {
    if ((duress & (1u << i)) == 0)
      continue;
    uint8_t noise[AMANAT_SLOT_LEN];
    io_random(noise, sizeof noise);
    rc = io_pwrite_all(v->header_fd, noise, sizeof noise, AMANAT_SLOT_OFF(i));
  }
  if (rc == AMANAT_OK)
    rc = io_fdatasync(v->header_fd);
  secret_free(&owner);
  return rc;
}

int vault_replace_space_db(amanat_vault *v, int index, const uint8_t space_key[32]) {
  char name[32], temp_name[40];
  vault_space_db_name(index, name);
  snprintf(temp_name, sizeof temp_name, ".%s.new", name);
  char *temp = vault_path(v->dir, temp_name);
  uint8_t *db_key = io_secure_alloc(32);
  int rc = temp != NULL && db_key != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK) {
    (void)unlinkat(v->dir_fd, temp_name, 0); /* left by a crash */
    kdf_space_db_key(space_key, db_key);
    rc = space_db_create(temp, db_key);
  }
  if (rc == AMANAT_OK)
    rc = io_renameat(v->dir_fd, temp_name, v->dir_fd, name);
  if (rc == AMANAT_OK)
    rc = io_fsync(v->dir_fd);
  if (rc != AMANAT_OK && temp != NULL)
    (void)unlinkat(v->dir_fd, temp_name, 0);
  secret_free(&db_key);
  free(temp);
  return rc;
}

static int references(sqlite3 *db, const char *name) {
  if (db == NULL)
    return 0;
  sqlite3_stmt *stmt = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM packs WHERE name = ?1;", -1, &stmt, NULL) ==
      SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    found = sqlite3_step(stmt) == SQLITE_ROW;
  }
  sqlite3_finalize(stmt);
  return found;
}

int vault_remove_orphan_packs(amanat_vault *v, sqlite3 *a, sqlite3 *b) {
  int dir_fd = -1;
  int rc = pack_dir_open(v, 1, &dir_fd);
  if (rc != AMANAT_OK)
    return rc;
  int copy = dup(dir_fd);
  DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
  if (d == NULL) {
    if (copy >= 0)
      close(copy);
    io_close(&dir_fd);
    return AMANAT_E_IO;
  }
  int removed = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL && rc == AMANAT_OK;) {
    if (e->d_name[0] == '.' || references(a, e->d_name) || references(b, e->d_name))
      continue;
    int injected = io_fault_hit();
    if (injected != 0 || (unlinkat(dir_fd, e->d_name, 0) != 0 && errno != ENOENT))
      rc = io_err_from_errno(injected != 0 ? injected : errno);
    removed = 1;
  }
  closedir(d);
  if (rc == AMANAT_OK && removed)
    rc = io_fsync(dir_fd);
  io_close(&dir_fd);
  return rc;
}

/* After a duress wipe: the real space's keys are gone from the header; now its database
 * is replaced by the (empty) standby space and its packs are removed. Done when the
 * standby space opens: a crash part-way is finished by the next duress unlock. */
static int remove_wiped_space(amanat_vault *v) {
  int other = 1 - v->payload->space;
  sqlite3 *standby = NULL;
  if (vault_open_space_db(v, other, v->payload->secondary_key, &standby) != AMANAT_OK) {
    space_db_close(standby);
    standby = NULL;
    int rc = vault_replace_space_db(v, other, v->payload->secondary_key);
    if (rc == AMANAT_OK)
      rc = vault_open_space_db(v, other, v->payload->secondary_key, &standby);
    if (rc != AMANAT_OK) {
      space_db_close(standby);
      return rc;
    }
  }
  /* The session may be in either space: the decoy's database is the one not standby. */
  sqlite3 *decoy = NULL;
  int rc = AMANAT_OK;
  if (v->space_index == v->payload->space && v->db != NULL && !v->ephemeral)
    decoy = v->db;
  else
    rc = vault_open_space_db(v, v->payload->space, v->payload->primary_key, &decoy);
  if (rc == AMANAT_OK)
    rc = vault_remove_orphan_packs(v, decoy, standby);
  if (decoy != v->db)
    space_db_close(decoy);
  space_db_close(standby);
  vault_files_touch(v->dir_fd);
  return rc;
}

/* An owner holds both spaces' keys, so it alone can tell packs nobody refers to: those a
 * decoy-only duress session's in-memory space wrote, or a crash left. They go. */
static int remove_orphans_as_owner(amanat_vault *v) {
  const int in_primary = v->space_index == v->payload->space;
  const uint8_t *other_key = in_primary ? v->payload->secondary_key : v->payload->primary_key;
  sqlite3 *other = NULL;
  int rc = vault_open_space_db(v, 1 - v->space_index, other_key, &other);
  if (rc == AMANAT_OK)
    rc = vault_remove_orphan_packs(v, v->db, other);
  space_db_close(other);
  return rc == AMANAT_E_DAMAGED || rc == AMANAT_E_MISSING ? AMANAT_OK : rc; /* when unsure:
                                                                             keep */
}

int amanat_vault_housekeeping(amanat_vault *v) {
  if (v->payload->role == AMANAT_ROLE_OWNER && v->db != NULL && v->batch == NULL)
    return remove_orphans_as_owner(v);
  if (!v->wipe_pending)
    return AMANAT_OK;
  int rc = remove_wiped_space(v);
  if (rc == AMANAT_OK)
    v->wipe_pending = 0;
  return rc;
}

int amanat_vault_set_wipe_after(amanat_vault *v, uint32_t limit) {
  uint8_t header[AMANAT_HEADER_LEN + 1];
  int rc = vault_read_header(v, header);
  if (rc != AMANAT_OK)
    return rc;
  counter_state counter = {0, limit};
  counter_write(header, counter, header + AMANAT_COUNTER_OFF);
  return vault_write_header(v, header);
}

int amanat_vault_get_wipe_after(amanat_vault *v, uint32_t *limit) {
  uint8_t header[AMANAT_HEADER_LEN + 1];
  int rc = vault_read_header(v, header);
  if (rc == AMANAT_OK)
    *limit = counter_read(header, header + AMANAT_COUNTER_OFF).limit;
  return rc;
}
