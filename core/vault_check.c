/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault_check.c: what a session may ask about its own keys without changing anything:
 * whether a password is the one that opened it, and how many duress passwords the owner
 * has set. */
#include <sodium.h>

#include "io.h"
#include "kdf.h"
#include "password.h"
#include "secret.h"
#include "vault_internal.h"

/* The session keeps its password's Argon2id output (v->master): the same derivation with
 * the header's salt and cost gives the same bytes for the same password, and nothing else
 * does. Nothing is written, no slot is tried, so a duress password typed here is just a
 * wrong password and the attempt counter does not move. */
int amanat_vault_check_password(amanat_vault *v, const char *password, size_t len) {
  uint8_t *nfc = NULL, *master = NULL;
  size_t nfc_len = 0;
  int rc = password_normalize(password, len, &nfc, &nfc_len);
  if (rc == AMANAT_OK && (master = io_secure_alloc(AMANAT_MASTER_KEY_LEN)) == NULL)
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = kdf_master_key(nfc, nfc_len, v->prefix.salt, v->prefix.cost, master);
  secret_free(&nfc);
  /* Constant time: how much of the key matched must not show. */
  if (rc == AMANAT_OK && sodium_memcmp(master, v->master, AMANAT_MASTER_KEY_LEN) != 0)
    rc = AMANAT_E_WRONG_PASSWORD;
  secret_free(&master);
  return rc;
}

/* The owner's payload records, in its duress mask, which live slots hold duress passwords
 * (duress.c). A duress session can't tell its siblings apart from the real password's
 * slot, so it gets no count at all. */
int amanat_vault_duress_count(amanat_vault *v, unsigned *count) {
  *count = 0;
  if (v->payload->role != AMANAT_ROLE_OWNER)
    return AMANAT_E_NOT_ALLOWED;
  uint16_t duress =
      (uint16_t)(v->payload->duress_mask & v->payload->live_mask & ~(1u << v->slot_index));
  *count = (unsigned)__builtin_popcount(duress);
  return AMANAT_OK;
}
