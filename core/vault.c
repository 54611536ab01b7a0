/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault.c: create, unlock, lock, change password and verify a vault (FORMAT.md). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "amanat.h"
#include "docs_internal.h"
#include "fault_vfs.h"
#include "format.h"
#include "header.h"
#include "io.h"
#include "kdf.h"
#include "keyslot.h"
#include "pack.h"
#include "password.h"
#include "secret.h"
#include "space_db.h"
#include "vault_files.h"
#include "vault_internal.h"
#include "workspace.h"

int amanat_init(void) {
  if (sodium_init() < 0)
    return AMANAT_E_CRYPTO;
  return fault_vfs_register();
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Password -> NFC -> Argon2id, with every intermediate in locked memory. */
static int derive_master(const char *password, size_t len, const header_prefix *prefix,
                         uint8_t **master_out) {
  uint8_t *nfc = NULL;
  size_t nfc_len = 0;
  *master_out = NULL;
  int rc = password_normalize(password, len, &nfc, &nfc_len);
  if (rc != AMANAT_OK)
    return rc;
  uint8_t *master = io_secure_alloc(AMANAT_MASTER_KEY_LEN);
  if (master == NULL)
    rc = AMANAT_E_NOMEM;
  else
    rc = kdf_master_key(nfc, nfc_len, prefix->salt, prefix->cost, master);
  secret_free(&nfc);
  if (rc != AMANAT_OK) {
    secret_free(&master);
    return rc;
  }
  *master_out = master;
  return AMANAT_OK;
}

static int write_header_file(const char *dir, const uint8_t header[AMANAT_HEADER_LEN]) {
  char *path = vault_path(dir, AMANAT_HEADER_NAME);
  if (path == NULL)
    return AMANAT_E_NOMEM;
  int fd;
  int rc = io_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600, &fd);
  free(path);
  if (rc != AMANAT_OK)
    return rc;
  rc = io_pwrite_all(fd, header, AMANAT_HEADER_LEN, 0);
  if (rc == AMANAT_OK)
    rc = io_fsync(fd);
  io_close(&fd);
  return rc;
}

static int make_pack_dir(const char *dir) {
  char *path = vault_path(dir, PACK_DIR);
  if (path == NULL)
    return AMANAT_E_NOMEM;
  int rc = io_mkdir(path, 0700);
  free(path);
  return rc;
}

static int create_space_db(const char *dir, int index, const uint8_t space_key[32]) {
  char name[32];
  vault_space_db_name(index, name);
  char *path = vault_path(dir, name);
  uint8_t *db_key = io_secure_alloc(32);
  int rc = AMANAT_E_NOMEM;
  if (path != NULL && db_key != NULL) {
    kdf_space_db_key(space_key, db_key);
    rc = space_db_create(path, db_key);
  }
  secret_free(&db_key);
  free(path);
  return rc;
}

/* Builds the whole vault inside `staging`: header first, then both databases. */
static int build_vault(const char *staging, const char *password, size_t len,
                       amanat_kdf_cost cost) {
  header_prefix prefix = {.version = AMANAT_FORMAT_VERSION, .cost = cost};
  io_random(prefix.salt, sizeof prefix.salt);
  uint8_t header[AMANAT_HEADER_LEN];
  io_random(header, sizeof header); /* unused slots, counter block and filler: random */
  header_prefix_encode(&prefix, header);

  uint8_t *master = NULL;
  uint8_t *slot_key = io_secure_alloc(AMANAT_SLOT_KEY_LEN);
  keyslot_payload *payload = keyslot_payload_new();
  int rc = slot_key != NULL && payload != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = derive_master(password, len, &prefix, &master);
  if (rc == AMANAT_OK) {
    /* Which file is real, and which slot the owner uses, are chosen at random so that
     * neither says anything. */
    unsigned slot = randombytes_uniform(2); /* the real password's zone: slot 0 or 1 */
    payload->role = AMANAT_ROLE_OWNER;
    payload->space = (uint8_t)randombytes_uniform(AMANAT_SPACE_COUNT);
    payload->live_mask = (uint16_t)(1u << slot);
    io_random(payload->primary_key, AMANAT_SPACE_KEY_LEN);
    io_random(payload->secondary_key, AMANAT_SPACE_KEY_LEN);
    io_random(payload->standby_key, AMANAT_SPACE_KEY_LEN);
    io_random(payload->group_key, AMANAT_SPACE_KEY_LEN);
    kdf_slot_key(master, slot, NULL, slot_key);
    rc = keyslot_seal(slot_key, header, slot, payload, header + AMANAT_SLOT_OFF(slot));
  }
  if (rc == AMANAT_OK)
    rc = write_header_file(staging, header);
  if (rc == AMANAT_OK)
    rc = make_pack_dir(staging);
  for (int i = 0; i < AMANAT_SPACE_COUNT && rc == AMANAT_OK; i++)
    rc = create_space_db(staging, i,
                         i == payload->space ? payload->primary_key : payload->secondary_key);
  secret_free(&master);
  secret_free(&slot_key);
  secret_free(&payload);
  return rc;
}

int amanat_vault_create(const char *dir, const char *password, size_t password_len,
                        amanat_kdf_cost cost) {
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
  rc = build_vault(staging, password, password_len, cost);
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

/* Reads the whole header; one byte more than its size shows trailing data. */
static int read_header(int fd, uint8_t buf[AMANAT_HEADER_LEN + 1], header_prefix *prefix) {
  size_t got = 0;
  int rc = io_pread_all(fd, buf, AMANAT_HEADER_LEN + 1, 0, &got);
  if (rc != AMANAT_OK)
    return rc;
  return header_prefix_parse(buf, got, prefix);
}

static int open_dir_and_header(const char *dir, int header_flags, int *dir_fd, int *header_fd) {
  *header_fd = -1;
  int rc = io_open(dir, O_RDONLY | O_DIRECTORY, 0, dir_fd);
  if (rc != AMANAT_OK)
    return rc == AMANAT_E_MISSING || rc == AMANAT_E_IO ? AMANAT_E_NOT_A_VAULT : rc;
  rc = io_openat(*dir_fd, AMANAT_HEADER_NAME, header_flags, 0, header_fd);
  if (rc == AMANAT_E_MISSING)
    rc = AMANAT_E_NOT_A_VAULT;
  return rc;
}

int amanat_vault_read_info(const char *dir, amanat_vault_info *info) {
  int dir_fd = -1, header_fd = -1;
  int rc = open_dir_and_header(dir, O_RDONLY, &dir_fd, &header_fd);
  uint8_t buf[AMANAT_HEADER_LEN + 1];
  header_prefix prefix;
  if (rc == AMANAT_OK)
    rc = read_header(header_fd, buf, &prefix);
  if (rc == AMANAT_OK) {
    info->format_version = prefix.version;
    info->kdf = prefix.cost;
  }
  io_close(&header_fd);
  io_close(&dir_fd);
  return rc;
}

int vault_open_space_db(const amanat_vault *v, int index, const uint8_t space_key[32],
                        sqlite3 **out) {
  char name[32];
  vault_space_db_name(index, name);
  char *path = vault_path(v->dir, name);
  uint8_t *db_key = io_secure_alloc(32);
  int rc = AMANAT_E_NOMEM;
  if (path != NULL && db_key != NULL) {
    kdf_space_db_key(space_key, db_key);
    rc = space_db_open(path, db_key, out);
  }
  secret_free(&db_key);
  free(path);
  return rc;
}

static int unlock(amanat_vault *v, const char *password, size_t len, amanat_space_choice choice) {
  int rc = open_dir_and_header(v->dir, O_RDWR, &v->dir_fd, &v->header_fd);
  if (rc != AMANAT_OK)
    return rc;
  if (flock(v->header_fd, LOCK_EX | LOCK_NB) != 0)
    return errno == EWOULDBLOCK ? AMANAT_E_BUSY : AMANAT_E_IO;
  uint8_t header[AMANAT_HEADER_LEN + 1];
  rc = read_header(v->header_fd, header, &v->prefix);
  if (rc != AMANAT_OK)
    return rc;
  memcpy(v->prefix_bytes, header, AMANAT_PREFIX_LEN);

  uint8_t *master = NULL;
  uint64_t start = now_ns();
  rc = derive_master(password, len, &v->prefix, &master);
  uint64_t kdf_done = now_ns();
  v->kdf_ns = kdf_done - start;
  if (rc == AMANAT_OK)
    rc = vault_unlock_header(v, master, header);
  if (rc == AMANAT_OK) {
    memcpy(v->master, master, AMANAT_MASTER_KEY_LEN);
  }
  secret_free(&master);
  if (rc == AMANAT_E_WIPED) {
    /* Too many wrong passwords in a row, with the limit the owner chose. */
    io_close(&v->header_fd);
    int wiped = amanat_vault_wipe(v->dir, NULL);
    (void)wiped;
    return AMANAT_E_WRONG_PASSWORD;
  }
  if (rc == AMANAT_E_WRONG_PASSWORD)
    vault_spend_open_time(v);
  if (rc != AMANAT_OK)
    return rc;
  v->wipe_pending = v->payload->role == AMANAT_ROLE_DURESS_WIPE;
  rc = vault_open_chosen_space(v, choice);
  if (rc == AMANAT_OK && !v->ephemeral)
    rc = docs_empty_trash(v); /* finishes a compaction a crash interrupted */
  v->ready_ns = now_ns() - kdf_done;
  return rc;
}

int amanat_vault_open(const char *dir, const char *password, size_t password_len,
                      amanat_space_choice choice, amanat_vault **out) {
  *out = NULL;
  amanat_vault *v = io_calloc(1, sizeof *v);
  if (v == NULL)
    return AMANAT_E_NOMEM;
  v->dir_fd = v->header_fd = -1;
  v->dir = io_strdup(dir);
  v->slot_key = io_secure_alloc(AMANAT_SLOT_KEY_LEN);
  v->master = io_secure_alloc(AMANAT_MASTER_KEY_LEN);
  v->payload = keyslot_payload_new();
  int rc = AMANAT_E_NOMEM;
  if (v->dir != NULL && v->slot_key != NULL && v->master != NULL && v->payload != NULL)
    rc = unlock(v, password, password_len, choice);
  if (rc != AMANAT_OK) {
    amanat_vault_lock(v);
    return rc;
  }
  *out = v;
  return AMANAT_OK;
}

void amanat_vault_lock(amanat_vault *v) {
  if (v == NULL)
    return;
  amanat_vault_batch_abort(v); /* a batch never committed is undone */
  if (v->db != NULL) {
    int done = amanat_vault_housekeeping(v); /* a duress wipe's data removal, at the latest */
    (void)done;
  }
  workspace_free(v->work);
  space_db_close(v->db);
  v->db = NULL;
  if (v->dir_fd >= 0 && v->header_fd >= 0)
    vault_files_touch(v->dir_fd);
  io_close(&v->header_fd); /* releases the flock */
  io_close(&v->dir_fd);
  secret_free(&v->slot_key);
  secret_free(&v->master);
  secret_free(&v->payload);
  free(v->dir);
  sodium_memzero(v, sizeof *v);
  free(v);
}

void amanat_vault_open_timings(const amanat_vault *v, uint64_t *kdf_ns, uint64_t *ready_ns) {
  *kdf_ns = v->kdf_ns;
  *ready_ns = v->ready_ns;
}
