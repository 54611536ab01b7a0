/* SPDX-License-Identifier: GPL-3.0-or-later */
/* batch.c: many changes in one transaction, all kept or none (`add FILE...`, imports of
 * whole folders). Documents' records go to the packs as they come; the packs are synced
 * once before the one commit that refers to them. */
#include <stdlib.h>

#include "docs_internal.h"
#include "pack.h"
#include "space_db.h"
#include "store.h"
#include "vault_files.h"
#include "io.h"

int amanat_vault_batch_begin(amanat_vault *v) {
  if (v->batch != NULL)
    return AMANAT_E_INVALID;
  pack_writer *writer = io_calloc(1, sizeof *writer);
  if (writer == NULL)
    return AMANAT_E_NOMEM;
  int rc = space_db_exec(v->db, "BEGIN IMMEDIATE;");
  if (rc == AMANAT_OK)
    rc = pack_writer_open(writer, v, NULL, 0);
  if (rc != AMANAT_OK) {
    if (!sqlite3_get_autocommit(v->db))
      (void)sqlite3_exec(v->db, "ROLLBACK;", NULL, NULL, NULL);
    pack_writer_close(writer);
    free(writer);
    return rc;
  }
  v->batch = writer;
  v->batch_error = AMANAT_OK;
  return AMANAT_OK;
}

void amanat_vault_batch_abort(amanat_vault *v) {
  if (v->batch == NULL)
    return;
  if (!sqlite3_get_autocommit(v->db))
    (void)sqlite3_exec(v->db, "ROLLBACK;", NULL, NULL, NULL);
  pack_writer_abort(v->batch);
  pack_writer_close(v->batch);
  free(v->batch);
  v->batch = NULL;
  v->batch_error = AMANAT_OK;
}

int amanat_vault_batch_commit(amanat_vault *v) {
  if (v->batch == NULL)
    return AMANAT_E_INVALID;
  int rc = v->batch_error;
  if (rc == AMANAT_OK)
    rc = pack_writer_flush(v->batch);
  if (rc == AMANAT_OK)
    rc = pack_writer_record(v->batch);
  if (rc == AMANAT_OK)
    rc = space_db_exec(v->db, "COMMIT;");
  if (rc != AMANAT_OK) {
    amanat_vault_batch_abort(v);
    return rc;
  }
  pack_writer_close(v->batch);
  free(v->batch);
  v->batch = NULL;
  /* As store_commit: durable once committed; the checkpoint may wait for a later try. */
  int settled = space_db_settle(v->db);
  (void)settled;
  vault_files_touch(v->dir_fd);
  /* Deletions inside the batch skipped their compaction check. */
  docs_compact_after_commit(v);
  return AMANAT_OK;
}
