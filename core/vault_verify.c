/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault_verify.c: the full integrity check behind `amanat-cli verify`. */
#include <sodium.h>
#include <string.h>

#include "io.h"
#include "space_db.h"
#include "vault_internal.h"

static int verify_header(amanat_vault *v) {
  uint8_t header[AMANAT_HEADER_LEN + 1];
  size_t got = 0;
  header_prefix prefix;
  int rc = io_pread_all(v->header_fd, header, sizeof header, 0, &got);
  if (rc == AMANAT_OK)
    rc = header_prefix_parse(header, got, &prefix);
  if (rc == AMANAT_OK && sodium_memcmp(header, v->prefix_bytes, AMANAT_PREFIX_LEN) != 0)
    rc = AMANAT_E_DAMAGED;
  keyslot_payload *check = keyslot_payload_new();
  if (rc == AMANAT_OK && check == NULL)
    rc = AMANAT_E_NOMEM;
  if (rc == AMANAT_OK && keyslot_open(v->slot_key, header, v->slot_index,
                                      header + AMANAT_SLOT_OFF(v->slot_index), check) != AMANAT_OK)
    rc = AMANAT_E_DAMAGED;
  sodium_free(check);
  return rc == AMANAT_E_NOMEM || rc == AMANAT_E_IO ? rc : (rc == AMANAT_OK ? rc : AMANAT_E_DAMAGED);
}

/* The other space's database, for an owner who holds both keys. */
static int verify_other_space(amanat_vault *v, int *index) {
  const int in_primary = v->space_index == v->payload->space;
  const uint8_t *key = in_primary ? v->payload->secondary_key : v->payload->primary_key;
  *index = 1 - v->space_index;
  sqlite3 *db = NULL;
  int rc = vault_open_space_db(v, *index, key, &db);
  if (rc == AMANAT_OK)
    rc = space_db_verify(db);
  space_db_close(db);
  return rc;
}

int amanat_vault_verify(amanat_vault *v, amanat_verify_report *report) {
  report->part = AMANAT_PART_NONE;
  report->index = 0;
  int rc = verify_header(v);
  if (rc != AMANAT_OK) {
    report->part = AMANAT_PART_HEADER;
    return rc;
  }
  int index = v->space_index;
  rc = space_db_verify(v->db);
  if (rc == AMANAT_OK && v->payload->role == AMANAT_ROLE_OWNER)
    rc = verify_other_space(v, &index);
  if (rc != AMANAT_OK) {
    report->part = AMANAT_PART_DATABASE;
    report->index = index;
    if (rc == AMANAT_E_MISSING || rc == AMANAT_E_VERSION)
      rc = AMANAT_E_DAMAGED;
  }
  return rc;
}
