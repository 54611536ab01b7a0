/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault_passwd.c: changing the password by re-wrapping the keyslot in place
 * (FORMAT.md §Changing a password). */
#include <sodium.h>
#include <string.h>

#include "io.h"
#include "kdf.h"
#include "password.h"
#include "secret.h"
#include "vault_files.h"
#include "vault_internal.h"

/* A random free slot: neither in use nor this session's. */
static int pick_spare_slot(const amanat_vault *v, unsigned *spare) {
  unsigned candidates[AMANAT_SLOT_COUNT], count = 0;
  for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++)
    if ((v->payload->live_mask & (1u << i)) == 0 && i != v->slot_index)
      candidates[count++] = i;
  if (count == 0)
    return AMANAT_E_NO_FREE_SLOT;
  *spare = candidates[randombytes_uniform(count)];
  return AMANAT_OK;
}

static int new_slot_key(const amanat_vault *v, const char *password, size_t len, unsigned slot,
                        uint8_t *slot_key) {
  uint8_t *nfc = NULL, *master = NULL;
  size_t nfc_len = 0;
  int rc = password_normalize(password, len, &nfc, &nfc_len);
  if (rc == AMANAT_OK && (master = io_secure_alloc(AMANAT_MASTER_KEY_LEN)) == NULL)
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = kdf_master_key(nfc, nfc_len, v->prefix.salt, v->prefix.cost, master);
  if (rc == AMANAT_OK)
    kdf_slot_key(master, slot, NULL, slot_key);
  secret_free(&nfc);
  secret_free(&master);
  return rc;
}

/* The new slot is written into a spare and synced before the old one is overwritten and
 * synced: a crash in between leaves both passwords working, never neither, and the new
 * slot's scrub mask names the old one so the next unlock finishes the job. */
int amanat_vault_change_password(amanat_vault *v, const char *new_password, size_t len) {
  if (v->payload->role != AMANAT_ROLE_OWNER)
    return AMANAT_E_NOT_ALLOWED;
  unsigned spare = 0;
  int rc = pick_spare_slot(v, &spare);
  if (rc != AMANAT_OK)
    return rc;
  uint8_t *slot_key = io_secure_alloc(AMANAT_SLOT_KEY_LEN);
  keyslot_payload *payload = keyslot_payload_new();
  if (slot_key == NULL || payload == NULL)
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = new_slot_key(v, new_password, len, spare, slot_key);

  uint8_t sealed[AMANAT_SLOT_LEN];
  if (rc == AMANAT_OK) {
    memcpy(payload, v->payload, sizeof *payload);
    payload->live_mask = (uint16_t)((payload->live_mask & ~(1u << v->slot_index)) | (1u << spare));
    payload->scrub_mask = (uint16_t)(1u << v->slot_index);
    rc = keyslot_seal(slot_key, v->prefix_bytes, spare, payload, sealed);
  }
  if (rc == AMANAT_OK)
    rc = io_pwrite_all(v->header_fd, sealed, sizeof sealed, AMANAT_SLOT_OFF(spare));
  if (rc == AMANAT_OK)
    rc = io_fdatasync(v->header_fd);
  if (rc == AMANAT_OK) {
    /* From here the new password works; the old slot goes. */
    unsigned old = v->slot_index;
    v->slot_index = spare;
    memcpy(v->slot_key, slot_key, AMANAT_SLOT_KEY_LEN);
    memcpy(v->payload, payload, sizeof *payload);
    uint8_t noise[AMANAT_SLOT_LEN];
    io_random(noise, sizeof noise);
    rc = io_pwrite_all(v->header_fd, noise, sizeof noise, AMANAT_SLOT_OFF(old));
    if (rc == AMANAT_OK)
      rc = io_fdatasync(v->header_fd);
  }
  vault_files_touch(v->dir_fd);
  secret_free(&slot_key);
  secret_free(&payload);
  return rc;
}
