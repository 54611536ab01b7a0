/* SPDX-License-Identifier: GPL-3.0-or-later */
/* backup_restore.c: a backup becomes a new vault (FORMAT.md §Backups, Restoring): built in a
 * hidden folder beside the target — the databases and packs exactly as backed up, a new
 * header whose one owner slot opens with the new password — checked, then published. */
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"
#include "bytes.h"
#include "counter.h"
#include "header.h"
#include "io.h"
#include "kdf.h"
#include "keyslot.h"
#include "pack.h"
#include "password.h"
#include "secret.h"
#include "space_db.h"
#include "vault_files.h"

/* The setting the sync code keeps its replica id in: a restored vault must take a new one,
 * or an older backup would reuse version numbers already sent. */
#define SYNC_ORIGIN_SETTING "sync.origin"

typedef struct restorer {
  const char *staging;
  int real_index; /* file index the real space gets: chosen anew */
  int fd;         /* the file being written */
  uint64_t offset;
} restorer;

static int on_begin(void *ctx, int type, const char *name, uint64_t size) {
  restorer *r = ctx;
  (void)size;
  char db_name[32], *path = NULL;
  if (type == BACKUP_REC_PACK) {
    char packs[sizeof PACK_DIR + 1 + BACKUP_NAME_LEN + 1];
    snprintf(packs, sizeof packs, "%s/%s", PACK_DIR, name);
    path = vault_path(r->staging, packs);
  } else {
    vault_space_db_name(type == BACKUP_REC_REAL_DB ? r->real_index : 1 - r->real_index, db_name);
    path = vault_path(r->staging, db_name);
  }
  if (path == NULL)
    return AMANAT_E_NOMEM;
  int rc = io_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600, &r->fd);
  free(path);
  r->offset = 0;
  return rc;
}

static int on_data(void *ctx, const uint8_t *buf, size_t len) {
  restorer *r = ctx;
  int rc = io_pwrite_all(r->fd, buf, len, (off_t)r->offset);
  r->offset += len;
  return rc;
}

static int on_end(void *ctx) {
  restorer *r = ctx;
  int rc = io_fsync(r->fd);
  io_close(&r->fd);
  return rc;
}

/* A new header: new salt, random slots, one owner slot (0 or 1) holding the restored keys,
 * and the wipe-after limit the vault had. */
static int write_header(const char *staging, const uint8_t *keys, int real_index,
                        const char *password, size_t len, amanat_kdf_cost cost) {
  header_prefix prefix = {.version = AMANAT_FORMAT_VERSION, .cost = cost};
  io_random(prefix.salt, sizeof prefix.salt);
  uint8_t header[AMANAT_HEADER_LEN];
  io_random(header, sizeof header);
  header_prefix_encode(&prefix, header);

  uint8_t *nfc = NULL, *master = io_secure_alloc(AMANAT_MASTER_KEY_LEN);
  uint8_t *slot_key = io_secure_alloc(AMANAT_SLOT_KEY_LEN);
  keyslot_payload *payload = keyslot_payload_new();
  size_t nfc_len = 0;
  int rc = master && slot_key && payload ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = password_normalize(password, len, &nfc, &nfc_len);
  if (rc == AMANAT_OK)
    rc = kdf_master_key(nfc, nfc_len, prefix.salt, cost, master);
  if (rc == AMANAT_OK) {
    unsigned slot = randombytes_uniform(2); /* the real password's zone */
    payload->role = AMANAT_ROLE_OWNER;
    payload->space = (uint8_t)real_index;
    payload->live_mask = (uint16_t)(1u << slot);
    memcpy(payload->primary_key, keys + BACKUP_KEYS_OFF_REAL, AMANAT_SPACE_KEY_LEN);
    memcpy(payload->secondary_key, keys + BACKUP_KEYS_OFF_DECOY, AMANAT_SPACE_KEY_LEN);
    io_random(payload->standby_key, AMANAT_SPACE_KEY_LEN);
    io_random(payload->group_key, AMANAT_SPACE_KEY_LEN);
    kdf_slot_key(master, slot, NULL, slot_key);
    rc = keyslot_seal(slot_key, header, slot, payload, header + AMANAT_SLOT_OFF(slot));
  }
  uint32_t limit = le32_load(keys);
  if (rc == AMANAT_OK && limit > 0)
    counter_write(header, (counter_state){0, limit}, header + AMANAT_COUNTER_OFF);
  char *path = rc == AMANAT_OK ? vault_path(staging, AMANAT_HEADER_NAME) : NULL;
  int fd = -1;
  if (rc == AMANAT_OK)
    rc = path != NULL ? io_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600, &fd) : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = io_pwrite_all(fd, header, AMANAT_HEADER_LEN, 0);
  if (rc == AMANAT_OK)
    rc = io_fsync(fd);
  io_close(&fd);
  free(path);
  secret_free(&nfc);
  secret_free(&master);
  secret_free(&slot_key);
  secret_free(&payload);
  return rc;
}

/* Every pack the database names must have come back. */
static int check_packs_present(const char *staging, sqlite3 *db) {
  char *packs = vault_path(staging, PACK_DIR);
  int dir_fd = -1;
  int rc = packs != NULL ? io_open(packs, O_RDONLY | O_DIRECTORY, 0, &dir_fd) : AMANAT_E_NOMEM;
  free(packs);
  sqlite3_stmt *stmt = NULL;
  if (rc == AMANAT_OK)
    rc = space_db_error(db, sqlite3_prepare_v2(db, "SELECT name FROM packs;", -1, &stmt, NULL));
  int step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(stmt, 0);
    if (name == NULL || strchr(name, '/') != NULL || faccessat(dir_fd, name, F_OK, 0) != 0)
      rc = AMANAT_E_BAD_BACKUP;
  }
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(db, step);
  sqlite3_finalize(stmt);
  io_close(&dir_fd);
  return rc;
}

/* Opens a restored database: it must open under its key and pass the full check; the sync
 * replica id goes. */
static int settle_database(const char *staging, int index, const uint8_t *space_key) {
  char name[32];
  vault_space_db_name(index, name);
  char *path = vault_path(staging, name);
  uint8_t *db_key = io_secure_alloc(32);
  sqlite3 *db = NULL;
  int rc = path != NULL && db_key != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK) {
    kdf_space_db_key(space_key, db_key);
    rc = space_db_open(path, db_key, &db);
  }
  if (rc == AMANAT_OK)
    rc = space_db_exec(db, "DELETE FROM settings WHERE name = '" SYNC_ORIGIN_SETTING "';");
  if (rc == AMANAT_OK)
    rc = space_db_settle(db);
  if (rc == AMANAT_OK)
    rc = space_db_verify(db);
  if (rc == AMANAT_OK)
    rc = check_packs_present(staging, db);
  space_db_close(db);
  if (rc == AMANAT_OK) {
    /* Closing must leave no journal beside it. */
    char wal[40];
    snprintf(wal, sizeof wal, "%s-wal", name);
    char *wal_path = vault_path(staging, wal);
    if (wal_path == NULL)
      rc = AMANAT_E_NOMEM;
    else if (access(wal_path, F_OK) == 0)
      rc = AMANAT_E_IO;
    free(wal_path);
  }
  secret_free(&db_key);
  free(path);
  /* A database that does not open under the key it came with is a forged backup. */
  return rc == AMANAT_E_DAMAGED || rc == AMANAT_E_VERSION ? AMANAT_E_BAD_BACKUP : rc;
}

static int build(amanat_backup *b, const char *staging, const char *password, size_t len,
                 amanat_kdf_cost cost, amanat_progress progress, void *progress_data) {
  restorer r = {.staging = staging, .real_index = (int)randombytes_uniform(2), .fd = -1};
  uint8_t *keys = io_secure_alloc(BACKUP_KEYS_LEN);
  char *packs = vault_path(staging, PACK_DIR);
  int rc = keys != NULL && packs != NULL ? io_mkdir(packs, 0700) : AMANAT_E_NOMEM;
  const backup_sink sink = {on_begin, on_data, on_end, &r};
  if (rc == AMANAT_OK)
    rc = backup_read_stream(b->path, b->file_key, b->header, 0, &sink, keys, progress,
                            progress_data);
  io_close(&r.fd);
  if (rc == AMANAT_OK)
    rc = io_fsync_path(packs);
  if (rc == AMANAT_OK)
    rc = settle_database(staging, r.real_index, keys + BACKUP_KEYS_OFF_REAL);
  if (rc == AMANAT_OK)
    rc = settle_database(staging, 1 - r.real_index, keys + BACKUP_KEYS_OFF_DECOY);
  if (rc == AMANAT_OK)
    rc = write_header(staging, keys, r.real_index, password, len, cost);
  secret_free(&keys);
  free(packs);
  return rc;
}

int amanat_backup_restore(amanat_backup *b, const char *dir, const char *password,
                          size_t password_len, amanat_kdf_cost cost, amanat_progress progress,
                          void *progress_data) {
  int rc = amanat_kdf_cost_check(cost);
  if (rc != AMANAT_OK)
    return rc;
  if (password_len == 0)
    return AMANAT_E_EMPTY_PASSWORD;
  rc = vault_folder_check_new(dir);
  if (rc != AMANAT_OK)
    return rc;
  char *staging = NULL;
  int staging_lock = -1;
  rc = vault_folder_make_staging(dir, &staging, &staging_lock);
  if (rc != AMANAT_OK)
    return rc;
  rc = build(b, staging, password, password_len, cost, progress, progress_data);
  if (rc == AMANAT_OK) {
    int dir_fd;
    if (io_open(staging, O_RDONLY | O_DIRECTORY, 0, &dir_fd) == AMANAT_OK) {
      vault_files_touch(dir_fd);
      io_close(&dir_fd);
    }
    rc = vault_folder_publish(staging, dir);
  }
  if (rc != AMANAT_OK)
    vault_folder_remove(staging); /* nothing half-made is left behind */
  io_close(&staging_lock);
  free(staging);
  return rc;
}
