/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wipe.c: panic wipe. The keys, not the data, are what is destroyed: once the header's
 * slots are overwritten and synced — one 4 KiB write, whatever the vault's size — nothing
 * can open the vault; the files are removed after (FORMAT.md §Wiping). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "io.h"
#include "kdf.h"
#include "secret.h"
#include "pack.h"
#include "space_db.h"
#include "store.h"
#include "vault_files.h"
#include "vault_internal.h"

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A wiped header keeps only the magic and version, so that a half-removed vault reads as
 * "wiped" and never as damage to recover from; everything else is random. */
static void wiped_header(uint8_t header[AMANAT_HEADER_LEN]) {
  io_random(header, AMANAT_HEADER_LEN);
  memcpy(header, AMANAT_MAGIC, AMANAT_MAGIC_LEN);
  header[AMANAT_PREFIX_OFF_VERSION] = AMANAT_FORMAT_VERSION & 0xff;
  header[AMANAT_PREFIX_OFF_VERSION + 1] = AMANAT_FORMAT_VERSION >> 8;
  header[AMANAT_PREFIX_OFF_KDF_ALG] = AMANAT_KDF_WIPED;
}

/* Removes every file in `dir_fd` (one level of subfolders: packs/). */
static int remove_all(int dir_fd) {
  int copy = dup(dir_fd);
  DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
  if (d == NULL) {
    if (copy >= 0)
      close(copy);
    return AMANAT_E_IO;
  }
  int rc = AMANAT_OK;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
        strcmp(e->d_name, AMANAT_HEADER_NAME) == 0)
      continue; /* the header goes last: until then the folder reads as "wiped" */
    if (unlinkat(dir_fd, e->d_name, 0) == 0 || errno == ENOENT)
      continue;
    if (errno == EISDIR) {
      int sub = openat(dir_fd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (sub >= 0) {
        int sub_rc = remove_all(sub);
        (void)fsync(sub);
        close(sub);
        if (sub_rc == AMANAT_OK && unlinkat(dir_fd, e->d_name, AT_REMOVEDIR) == 0)
          continue;
      }
    }
    rc = io_err_from_errno(errno);
  }
  closedir(d);
  return rc;
}

int amanat_vault_wipe(const char *dir, amanat_wipe_timings *timings) {
  uint64_t start = now_ns();
  int dir_fd = -1, header_fd = -1;
  int rc = io_open(dir, O_RDONLY | O_DIRECTORY, 0, &dir_fd);
  if (rc != AMANAT_OK)
    return rc == AMANAT_E_MISSING ? AMANAT_E_NOT_A_VAULT : rc;
  /* No flock: a panic wipe must not wait for the app that has the vault open. */
  rc = io_openat(dir_fd, AMANAT_HEADER_NAME, O_RDWR, 0, &header_fd);
  if (rc == AMANAT_E_MISSING) {
    /* A wipe killed after its last file went leaves the empty folder: finish it. */
    io_close(&dir_fd);
    return rmdir(dir) == 0 ? AMANAT_OK : AMANAT_E_NOT_A_VAULT;
  }
  uint8_t header[AMANAT_HEADER_LEN];
  size_t got = 0;
  if (rc == AMANAT_OK)
    rc = io_pread_all(header_fd, header, AMANAT_MAGIC_LEN, 0, &got);
  if (rc == AMANAT_OK && (got != AMANAT_MAGIC_LEN || memcmp(header, AMANAT_MAGIC, got) != 0))
    rc = AMANAT_E_NOT_A_VAULT; /* never overwrite a file that is not ours */
  if (rc == AMANAT_OK) {
    wiped_header(header);
    rc = io_pwrite_all(header_fd, header, AMANAT_HEADER_LEN, 0);
  }
  if (rc == AMANAT_OK)
    rc = io_fdatasync(header_fd);
  uint64_t unrecoverable = now_ns();
  if (rc == AMANAT_OK)
    rc = remove_all(dir_fd);
  if (rc == AMANAT_OK && unlinkat(dir_fd, AMANAT_HEADER_NAME, 0) != 0)
    rc = io_err_from_errno(errno);
  if (rc == AMANAT_OK)
    rc = io_fsync(dir_fd);
  io_close(&header_fd);
  io_close(&dir_fd);
  if (rc == AMANAT_OK && rmdir(dir) != 0 && errno != ENOTEMPTY)
    rc = io_err_from_errno(errno);
  if (timings != NULL) {
    timings->unrecoverable_ns = unrecoverable - start;
    timings->removed_ns = now_ns() - start;
  }
  return rc;
}

/* In a duress session, the decoy's decoy is what goes: the standby space is made new and
 * empty (decoy only: it lives in memory, and is emptied there). */
static int wipe_standby(amanat_vault *v) {
  if (v->payload->role == AMANAT_ROLE_DURESS_DECOY && v->ephemeral)
    return AMANAT_OK; /* its decoy's decoy is in memory: nothing on disk to destroy */
  if (v->payload->role == AMANAT_ROLE_DURESS_DECOY)
    return AMANAT_OK; /* the standby space is not on disk while the real space is */
  int standby = 1 - v->payload->space;
  if (v->space_index == standby) {
    space_db_close(v->db);
    v->db = NULL;
  }
  int rc = vault_replace_space_db(v, standby, v->payload->secondary_key);
  v->wipe_pending = 1; /* its packs go at the next housekeeping */
  if (rc == AMANAT_OK && v->db == NULL)
    rc = vault_open_space_db(v, standby, v->payload->secondary_key, &v->db);
  return rc;
}

int amanat_vault_wipe_keep_decoy(amanat_vault *v) {
  if (v->payload->role != AMANAT_ROLE_OWNER)
    return wipe_standby(v);
  keyslot_payload *kept = keyslot_payload_new();
  if (kept == NULL)
    return AMANAT_E_NOMEM;
  /* The same password now owns the decoy; a fresh standby space becomes its decoy; no
   * duress password survives (they belonged to the arrangement that is gone). */
  memset(kept, 0, sizeof *kept);
  kept->role = AMANAT_ROLE_OWNER;
  kept->space = (uint8_t)(1 - v->payload->space);
  memcpy(kept->primary_key, v->payload->secondary_key, AMANAT_SPACE_KEY_LEN);
  memcpy(kept->secondary_key, v->payload->standby_key, AMANAT_SPACE_KEY_LEN);
  io_random(kept->standby_key, AMANAT_SPACE_KEY_LEN);
  io_random(kept->group_key, AMANAT_SPACE_KEY_LEN);
  if (sodium_is_zero(kept->secondary_key, AMANAT_SPACE_KEY_LEN))
    io_random(kept->secondary_key, AMANAT_SPACE_KEY_LEN);
  int real = v->payload->space;

  /* One header write destroys every other slot: the old owner slot and duress slots. */
  uint8_t header[AMANAT_HEADER_LEN + 1];
  int rc = vault_read_header(v, header);
  unsigned index = randombytes_uniform(2); /* the real password's zone */
  if (rc == AMANAT_OK) {
    for (unsigned i = 0; i < AMANAT_SLOT_COUNT; i++)
      io_random(header + AMANAT_SLOT_OFF(i), AMANAT_SLOT_LEN);
    kept->live_mask = (uint16_t)(1u << index);
    uint8_t slot_key[AMANAT_SLOT_KEY_LEN];
    kdf_slot_key(v->master, index, NULL, slot_key);
    rc = keyslot_seal(slot_key, header, index, kept, header + AMANAT_SLOT_OFF(index));
    if (rc == AMANAT_OK) {
      memcpy(v->slot_key, slot_key, AMANAT_SLOT_KEY_LEN);
      rc = vault_write_header(v, header);
    }
    sodium_memzero(slot_key, sizeof slot_key);
  }
  if (rc == AMANAT_OK) {
    /* The real space is unrecoverable now; its files follow. */
    space_db_close(v->db);
    v->db = NULL;
    v->slot_index = index;
    memcpy(v->payload, kept, sizeof *kept);
    rc = vault_replace_space_db(v, real, kept->secondary_key);
  }
  if (rc == AMANAT_OK)
    rc = vault_open_space_db(v, kept->space, kept->primary_key, &v->db);
  if (rc == AMANAT_OK) {
    v->space_index = kept->space;
    rc = vault_remove_orphan_packs(v, v->db, NULL);
  }
  vault_files_touch(v->dir_fd);
  secret_free(&kept);
  return rc;
}
