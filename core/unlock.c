/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unlock.c: what an unlock attempt does after the KDF. Right, wrong and duress passwords
 * run the same steps: every slot is tried, then the whole header page is written once
 * and synced — with a fresh attempt counter, and with the slots this password retires
 * overwritten (a duress password's wipe is that same write). */
#include <sodium.h>
#include <string.h>

#include "counter.h"
#include "io.h"
#include "kdf.h"
#include "secret.h"
#include "space_db.h"
#include "vault_files.h"
#include "vault_internal.h"

int vault_read_header(amanat_vault *v, uint8_t header[AMANAT_HEADER_LEN + 1]) {
  size_t got = 0;
  int rc = io_pread_all(v->header_fd, header, AMANAT_HEADER_LEN + 1, 0, &got);
  if (rc == AMANAT_OK && got != AMANAT_HEADER_LEN)
    rc = got < AMANAT_HEADER_LEN ? AMANAT_E_HEADER_TRUNCATED : AMANAT_E_HEADER_DAMAGED;
  return rc;
}

int vault_write_header(amanat_vault *v, const uint8_t header[AMANAT_HEADER_LEN]) {
  int rc = io_pwrite_all(v->header_fd, header, AMANAT_HEADER_LEN, 0);
  return rc == AMANAT_OK ? io_fdatasync(v->header_fd) : rc;
}

/* Tries every slot, always all of them, so the time does not depend on which opens. */
static int try_every_slot(amanat_vault *v, const uint8_t *master,
                          const uint8_t header[AMANAT_HEADER_LEN]) {
  uint8_t *candidate = io_secure_alloc(AMANAT_SLOT_KEY_LEN);
  keyslot_payload *scratch = keyslot_payload_new();
  int found = -1, rc = AMANAT_OK;
  if (candidate == NULL || scratch == NULL)
    rc = AMANAT_E_NOMEM;
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT && rc == AMANAT_OK; i++) {
    kdf_slot_key(master, i, NULL, candidate);
    int opened = keyslot_open(candidate, header, i, header + AMANAT_SLOT_OFF(i), scratch);
    if (opened == AMANAT_E_NOMEM)
      rc = opened;
    if (opened == AMANAT_OK && found < 0) {
      found = (int)i;
      memcpy(v->slot_key, candidate, AMANAT_SLOT_KEY_LEN);
      memcpy(v->payload, scratch, sizeof *scratch);
    }
  }
  secret_free(&candidate);
  secret_free(&scratch);
  if (rc != AMANAT_OK)
    return rc;
  if (found < 0)
    return AMANAT_E_WRONG_PASSWORD;
  v->slot_index = (unsigned)found;
  if (v->payload->space >= AMANAT_SPACE_COUNT || v->payload->role < AMANAT_ROLE_OWNER ||
      v->payload->role > AMANAT_ROLE_DURESS_DECOY)
    return AMANAT_E_DAMAGED;
  return AMANAT_OK;
}

/* The slots this unlock overwrites: those a finished password change gave up (which a
 * crash may have left readable), and for a duress password with the wipe action, every
 * slot but the duress ones — the real password's among them. */
static uint16_t slots_to_retire(const amanat_vault *v, const uint8_t header[AMANAT_HEADER_LEN]) {
  uint16_t retire = v->payload->scrub_mask;
  if (v->payload->role == AMANAT_ROLE_DURESS_WIPE)
    retire |= (uint16_t) ~(v->payload->live_mask | vault_tagged_slots(v, header));
  return (uint16_t)(retire & ~(1u << v->slot_index));
}

void vault_nested_group(const uint8_t group[AMANAT_SPACE_KEY_LEN],
                        uint8_t nested[AMANAT_SPACE_KEY_LEN]) {
  crypto_generichash(nested, AMANAT_SPACE_KEY_LEN, (const uint8_t *)AMANAT_NESTED_GROUP_LABEL,
                     strlen(AMANAT_NESTED_GROUP_LABEL), group, AMANAT_SPACE_KEY_LEN);
}

uint16_t vault_tagged_slots(const amanat_vault *v, const uint8_t header[AMANAT_HEADER_LEN]) {
  uint8_t nested[AMANAT_SPACE_KEY_LEN];
  vault_nested_group(v->payload->group_key, nested);
  uint16_t tagged = 0;
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++)
    if (keyslot_has_duress_tag(v->payload->group_key, i, header + AMANAT_SLOT_OFF(i)) ||
        keyslot_has_duress_tag(nested, i, header + AMANAT_SLOT_OFF(i)))
      tagged |= (uint16_t)(1u << i);
  sodium_memzero(nested, sizeof nested);
  return tagged;
}

int vault_unlock_header(amanat_vault *v, const uint8_t *master, uint8_t header[AMANAT_HEADER_LEN]) {
  int rc = try_every_slot(v, master, header);
  if (rc != AMANAT_OK && rc != AMANAT_E_WRONG_PASSWORD)
    return rc;
  counter_state counter = counter_read(header, header + AMANAT_COUNTER_OFF);
  if (rc == AMANAT_OK) {
    counter.failures = 0;
    uint16_t retire = slots_to_retire(v, header);
    for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++)
      if (retire & (1u << i))
        io_random(header + AMANAT_SLOT_OFF(i), AMANAT_SLOT_LEN);
  } else if (counter.failures < UINT32_MAX) {
    counter.failures++;
  }
  counter_write(header, counter, header + AMANAT_COUNTER_OFF);
  int write_rc = vault_write_header(v, header);
  vault_files_touch(v->dir_fd);
  if (write_rc != AMANAT_OK)
    return write_rc;
  if (rc == AMANAT_E_WRONG_PASSWORD && counter.limit > 0 && counter.failures >= counter.limit)
    return AMANAT_E_WIPED; /* the caller wipes the vault, then says "Wrong password" */
  return rc;
}

/* Opens a database that cannot be opened, so a wrong password spends the time a right
 * one spends opening its space. */
static void open_nothing(amanat_vault *v) {
  uint8_t key[32];
  io_random(key, sizeof key);
  sqlite3 *db = NULL;
  int rc = vault_open_space_db(v, 0, key, &db);
  (void)rc;
  space_db_close(db);
  sodium_memzero(key, sizeof key);
}

/* The session's space, by role and choice:
 * - owner: the real space; with AMANAT_SPACE_DECOY, the decoy;
 * - duress: the decoy; with AMANAT_SPACE_DECOY, the decoy's own decoy — the standby
 *   space once a wipe has put it in the real space's place, else (decoy only: the real
 *   space is still there) a space in memory that keeps nothing. */
int vault_open_chosen_space(amanat_vault *v, amanat_space_choice choice) {
  keyslot_payload *p = v->payload;
  if (choice == AMANAT_SPACE_DEFAULT) {
    v->space_index = p->space;
    int rc = vault_open_space_db(v, v->space_index, p->primary_key, &v->db);
    if (rc == AMANAT_E_DAMAGED && (p->flags & AMANAT_PAYLOAD_FLAG_NESTED) &&
        p->role == AMANAT_ROLE_DURESS_DECOY) {
      /* A duress password a decoy-only session added opens the standby space, which is
       * not on disk while the real space is: it lives in memory, as that session's did. */
      v->ephemeral = 1;
      return space_db_open_memory(p->primary_key, &v->db);
    }
    return rc;
  }
  if (p->role == AMANAT_ROLE_OWNER) {
    v->space_index = 1 - p->space;
    return vault_open_space_db(v, v->space_index, p->secondary_key, &v->db);
  }
  if (p->role == AMANAT_ROLE_DURESS_WIPE) {
    int rc = amanat_vault_housekeeping(v); /* puts the standby space in place first */
    v->space_index = 1 - p->space;
    return rc == AMANAT_OK ? vault_open_space_db(v, v->space_index, p->secondary_key, &v->db) : rc;
  }
  v->space_index = 1 - p->space;
  v->ephemeral = 1;
  return space_db_open_memory(p->secondary_key, &v->db);
}

void vault_spend_open_time(amanat_vault *v) {
  open_nothing(v);
}
