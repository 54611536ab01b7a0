/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault_passwd.c: moving a session's keyslot in place, and changing the password with it
 * (FORMAT.md §Changing a password). */
#include <sodium.h>
#include <string.h>

#include "io.h"
#include "kdf.h"
#include "password.h"
#include "secret.h"
#include "vault_files.h"
#include "vault_internal.h"

int vault_pick_spare(const amanat_vault *v, uint16_t allowed, uint16_t avoid, unsigned *spare) {
  unsigned candidates[AMANAT_SLOT_COUNT], count = 0;
  uint16_t taken = (uint16_t)(v->payload->live_mask | avoid | (1u << v->slot_index));
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++)
    if ((allowed & (1u << i)) && (taken & (1u << i)) == 0)
      candidates[count++] = i;
  if (count == 0)
    return AMANAT_E_NO_FREE_SLOT;
  *spare = candidates[randombytes_uniform(count)];
  return AMANAT_OK;
}

/* Where this session's slot may go, and what it must not touch: the real password stays
 * in its zone; a duress session keeps out of it, and off every duress slot it can see. */
int vault_slot_room(amanat_vault *v, uint16_t *allowed, uint16_t *avoid) {
  *avoid = 0;
  if (v->payload->role == AMANAT_ROLE_OWNER) {
    *allowed = AMANAT_OWNER_ZONE;
    return AMANAT_OK;
  }
  *allowed = (uint16_t)~AMANAT_OWNER_ZONE;
  uint8_t header[AMANAT_HEADER_LEN + 1];
  int rc = vault_read_header(v, header);
  if (rc == AMANAT_OK)
    *avoid = vault_tagged_slots(v, header);
  return rc;
}

int vault_move_own_slot(amanat_vault *v, const uint8_t *master, const keyslot_payload *payload,
                        uint16_t avoid) {
  unsigned spare = 0;
  uint16_t allowed = 0, off_limits = 0;
  int rc = vault_slot_room(v, &allowed, &off_limits);
  /* Neither a slot the session counts as live, nor one the new payload does. */
  if (rc == AMANAT_OK)
    rc = vault_pick_spare(v, allowed, (uint16_t)(avoid | off_limits | payload->live_mask), &spare);
  if (rc != AMANAT_OK)
    return rc;
  uint8_t *slot_key = io_secure_alloc(AMANAT_SLOT_KEY_LEN);
  keyslot_payload *moved = keyslot_payload_new();
  if (slot_key == NULL || moved == NULL)
    rc = AMANAT_E_NOMEM;
  uint8_t sealed[AMANAT_SLOT_LEN];
  if (rc == AMANAT_OK) {
    kdf_slot_key(master, spare, NULL, slot_key);
    memcpy(moved, payload, sizeof *moved);
    moved->live_mask = (uint16_t)((moved->live_mask & ~(1u << v->slot_index)) | (1u << spare));
    moved->scrub_mask = (uint16_t)(1u << v->slot_index);
    rc = keyslot_seal(slot_key, v->prefix_bytes, spare, moved, sealed);
  }
  if (rc == AMANAT_OK)
    rc = io_pwrite_all(v->header_fd, sealed, sizeof sealed, AMANAT_SLOT_OFF(spare));
  if (rc == AMANAT_OK)
    rc = io_fdatasync(v->header_fd);
  if (rc == AMANAT_OK) {
    /* From here the new slot works; the old one goes. */
    unsigned old = v->slot_index;
    v->slot_index = spare;
    memcpy(v->slot_key, slot_key, AMANAT_SLOT_KEY_LEN);
    memcpy(v->payload, moved, sizeof *moved);
    if (master != v->master)
      memcpy(v->master, master, AMANAT_MASTER_KEY_LEN);
    uint8_t noise[AMANAT_SLOT_LEN];
    io_random(noise, sizeof noise);
    rc = io_pwrite_all(v->header_fd, noise, sizeof noise, AMANAT_SLOT_OFF(old));
    if (rc == AMANAT_OK)
      rc = io_fdatasync(v->header_fd);
  }
  vault_files_touch(v->dir_fd);
  secret_free(&slot_key);
  secret_free(&moved);
  return rc;
}

int amanat_vault_change_password(amanat_vault *v, const char *new_password, size_t len) {
  uint8_t *nfc = NULL, *master = NULL;
  size_t nfc_len = 0;
  int rc = password_normalize(new_password, len, &nfc, &nfc_len);
  if (rc == AMANAT_OK && (master = io_secure_alloc(AMANAT_MASTER_KEY_LEN)) == NULL)
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = kdf_master_key(nfc, nfc_len, v->prefix.salt, v->prefix.cost, master);
  if (rc == AMANAT_OK)
    rc = vault_move_own_slot(v, master, v->payload, 0);
  secret_free(&nfc);
  secret_free(&master);
  return rc;
}
