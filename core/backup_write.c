/* SPDX-License-Identifier: GPL-3.0-or-later */
/* backup_write.c: writing a backup of a whole vault (FORMAT.md §Backups): both space
 * databases as SQLCipher wrote them and every pack they name, behind the keys that open
 * them, in one secretstream under a random file key, padded with Padmé; then read back in
 * full before it gets its name. Memory stays flat whatever the vault's size. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "bytes.h"
#include "io.h"
#include "kdf.h"
#include "pack.h"
#include "padme.h"
#include "password.h"
#include "recovery_key.h"
#include "secret.h"
#include "space_db.h"
#include "vault_files.h"
#include "vault_internal.h"

enum { MAIN_DB = 0, DECOY_DB = 1 };

typedef struct pack_entry {
  char name[PACK_NAME_LEN + 1];
  uint64_t size;
} pack_entry;

typedef struct writer {
  amanat_vault *v;
  const amanat_backup_options *o;
  char *folder;    /* where the backup goes */
  char *fresh_dir; /* a temporary folder for an empty database, when one is needed */
  int fresh_lock;  /* fresh_dir opened, holding its lock (io_temp_make) */
  sqlite3 *db[2];  /* MAIN_DB restores as the real space, DECOY_DB as its decoy */
  int owned[2];    /* opened here (else the session's own connection) */
  uint64_t db_size[2];
  uint8_t *keys; /* sodium memory: the keys record */
  uint8_t *file_key;
  pack_entry *packs;
  size_t pack_count, pack_cap;
  uint8_t *copy; /* BACKUP_MESSAGE_LEN: file bytes on their way into the stream */
  /* The stream being written. */
  int fd;
  uint64_t offset, total;
  uint64_t messages_left;
  int first;
  crypto_secretstream_xchacha20poly1305_state *state;
  uint8_t *plain; /* sodium memory: holds the keys record */
  size_t used;
  uint8_t *cipher;
  uint8_t header[BACKUP_HEADER_LEN];
} writer;

/* ---- The databases to back up ------------------------------------------------------- */

/* An empty database under a new random key, for a space this session has no file of. */
static int open_fresh(writer *w, int which, uint8_t key[AMANAT_SPACE_KEY_LEN], sqlite3 **out) {
  int rc = AMANAT_OK;
  if (w->fresh_dir == NULL) {
    rc = io_temp_make(w->folder, IO_TEMP_PREFIX, 1, &w->fresh_dir, &w->fresh_lock);
    if (rc != AMANAT_OK)
      return rc;
  }
  char name[32];
  vault_space_db_name(which, name);
  char *path = vault_path(w->fresh_dir, name);
  uint8_t *db_key = io_secure_alloc(32);
  rc = path != NULL && db_key != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK) {
    io_random(key, AMANAT_SPACE_KEY_LEN);
    kdf_space_db_key(key, db_key);
    rc = space_db_create(path, db_key);
  }
  if (rc == AMANAT_OK)
    rc = space_db_open(path, db_key, out);
  secret_free(&db_key);
  free(path);
  return rc;
}

/* The database of space file `index` under `key`: the session's connection when it is that
 * one, else a new one. A duress session has no file for a space it cannot see on disk (the
 * standby space before a wipe, a space in memory): it backs up an empty one in its place, so
 * that its backup looks like any other. */
static int open_source(writer *w, int which, int index, uint8_t key[AMANAT_SPACE_KEY_LEN]) {
  amanat_vault *v = w->v;
  if (!v->ephemeral && v->space_index == index && v->db != NULL) {
    w->db[which] = v->db;
    return AMANAT_OK;
  }
  w->owned[which] = 1;
  int rc = vault_open_space_db(v, index, key, &w->db[which]);
  if (rc == AMANAT_OK || v->payload->role == AMANAT_ROLE_OWNER ||
      (rc != AMANAT_E_DAMAGED && rc != AMANAT_E_MISSING))
    return rc;
  space_db_close(w->db[which]);
  w->db[which] = NULL;
  return open_fresh(w, which, key, &w->db[which]);
}

static int db_file(sqlite3 *db, sqlite3_file **file) {
  int rc = space_db_error(db, sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, file));
  if (rc == AMANAT_OK && (*file == NULL || (*file)->pMethods == NULL))
    rc = AMANAT_E_IO;
  return rc;
}

/* Checkpointed first, so the file holds every committed page; read through SQLite's own
 * handle (a second descriptor, once closed, would drop SQLite's POSIX locks). */
static int settle_and_size(sqlite3 *db, uint64_t *size) {
  int rc = space_db_settle(db);
  sqlite3_file *file = NULL;
  sqlite3_int64 bytes = 0;
  if (rc == AMANAT_OK)
    rc = db_file(db, &file);
  if (rc == AMANAT_OK)
    rc = space_db_error(db, file->pMethods->xFileSize(file, &bytes));
  if (rc == AMANAT_OK &&
      (bytes <= 0 || bytes % AMANAT_DB_PAGE_SIZE != 0 || (uint64_t)bytes > BACKUP_DB_MAX))
    rc = AMANAT_E_DAMAGED;
  *size = (uint64_t)bytes;
  return rc;
}

/* ---- The packs they name -------------------------------------------------------------- */

static int add_pack(writer *w, const char *name) {
  if (name == NULL || strlen(name) != PACK_NAME_LEN ||
      strspn(name, "0123456789abcdef") != PACK_NAME_LEN)
    return AMANAT_E_DAMAGED;
  for (size_t i = 0; i < w->pack_count; i++)
    if (strcmp(w->packs[i].name, name) == 0)
      return AMANAT_OK;
  if (w->pack_count == w->pack_cap) {
    size_t cap = w->pack_cap ? 2 * w->pack_cap : 16;
    pack_entry *grown = io_realloc(w->packs, cap * sizeof *grown);
    if (grown == NULL)
      return AMANAT_E_NOMEM;
    w->packs = grown;
    w->pack_cap = cap;
  }
  memcpy(w->packs[w->pack_count++].name, name, PACK_NAME_LEN + 1);
  return AMANAT_OK;
}

static int collect_packs(writer *w, sqlite3 *db) {
  sqlite3_stmt *stmt = NULL;
  int rc = space_db_error(db, sqlite3_prepare_v2(db, "SELECT name FROM packs;", -1, &stmt, NULL));
  int step = SQLITE_DONE;
  while (rc == AMANAT_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW)
    rc = add_pack(w, (const char *)sqlite3_column_text(stmt, 0));
  if (rc == AMANAT_OK && step != SQLITE_DONE)
    rc = space_db_error(db, step);
  sqlite3_finalize(stmt);
  return rc;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const pack_entry *)a)->name, ((const pack_entry *)b)->name);
}

static int size_packs(writer *w) {
  if (w->pack_count == 0)
    return AMANAT_OK;
  qsort(w->packs, w->pack_count, sizeof *w->packs, by_name);
  int dir_fd = -1;
  int rc = pack_dir_open(w->v, 0, &dir_fd);
  for (size_t i = 0; i < w->pack_count && rc == AMANAT_OK; i++) {
    struct stat st;
    if (fstatat(dir_fd, w->packs[i].name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      rc = io_err_from_errno(errno);
    else if (!S_ISREG(st.st_mode) || st.st_size <= 0 || (uint64_t)st.st_size > PACK_MAX_SIZE)
      rc = AMANAT_E_DAMAGED;
    else
      w->packs[i].size = (uint64_t)st.st_size;
  }
  io_close(&dir_fd);
  return rc;
}

/* ---- The stream --------------------------------------------------------------------- */

static int flush_message(writer *w, int final) {
  unsigned char tag = final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
  crypto_secretstream_xchacha20poly1305_push(w->state, w->cipher, NULL, w->plain,
                                             BACKUP_MESSAGE_LEN, w->first ? w->header : NULL,
                                             w->first ? BACKUP_STREAM_OFF : 0, tag);
  w->first = 0;
  sodium_memzero(w->plain, BACKUP_MESSAGE_LEN); /* the padding is zero */
  w->used = 0;
  w->messages_left--;
  int rc = io_pwrite_all(w->fd, w->cipher, BACKUP_CIPHER_MESSAGE_LEN, (off_t)w->offset);
  w->offset += BACKUP_CIPHER_MESSAGE_LEN;
  if (rc == AMANAT_OK && w->o->progress != NULL &&
      w->o->progress(w->offset, 2 * w->total, w->o->progress_data) != 0)
    rc = AMANAT_E_CANCELLED;
  return rc;
}

static int put(writer *w, const uint8_t *data, size_t len) {
  while (len > 0) {
    if (w->used == BACKUP_MESSAGE_LEN) {
      if (w->messages_left <= 1)
        return AMANAT_E_CHANGED; /* more than was counted: a file grew */
      int rc = flush_message(w, 0);
      if (rc != AMANAT_OK)
        return rc;
    }
    size_t n = BACKUP_MESSAGE_LEN - w->used < len ? BACKUP_MESSAGE_LEN - w->used : len;
    memcpy(w->plain + w->used, data, n);
    w->used += n;
    data += n;
    len -= n;
  }
  return AMANAT_OK;
}

static int put_record_header(writer *w, int type, const char *name, uint64_t size) {
  uint8_t record[BACKUP_RECORD_HEADER_LEN] = {(uint8_t)type};
  if (name != NULL)
    memcpy(record + 1, name, BACKUP_NAME_LEN);
  le64_store(record + 1 + BACKUP_NAME_LEN, size);
  return put(w, record, sizeof record);
}

static int finish_stream(writer *w) {
  int rc = AMANAT_OK;
  while (rc == AMANAT_OK && w->messages_left > 1)
    rc = flush_message(w, 0);
  return rc == AMANAT_OK ? flush_message(w, 1) : rc;
}

static int put_database(writer *w, int which) {
  int type = which == MAIN_DB ? BACKUP_REC_REAL_DB : BACKUP_REC_DECOY_DB;
  sqlite3_file *file = NULL;
  int rc = put_record_header(w, type, NULL, w->db_size[which]);
  if (rc == AMANAT_OK)
    rc = db_file(w->db[which], &file);
  for (uint64_t off = 0; rc == AMANAT_OK && off < w->db_size[which];) {
    uint64_t left = w->db_size[which] - off;
    int n = left < BACKUP_MESSAGE_LEN ? (int)left : BACKUP_MESSAGE_LEN;
    int read_rc = file->pMethods->xRead(file, w->copy, n, (sqlite3_int64)off);
    if (read_rc == SQLITE_IOERR_SHORT_READ)
      rc = AMANAT_E_CHANGED;
    else if (read_rc != SQLITE_OK)
      rc = space_db_error(w->db[which], read_rc);
    if (rc == AMANAT_OK)
      rc = put(w, w->copy, (size_t)n);
    off += (uint64_t)n;
  }
  return rc;
}

static int put_pack(writer *w, int dir_fd, const pack_entry *pack) {
  int fd;
  int rc = io_openat(dir_fd, pack->name, O_RDONLY | O_NOFOLLOW, 0, &fd);
  if (rc == AMANAT_OK)
    rc = put_record_header(w, BACKUP_REC_PACK, pack->name, pack->size);
  for (uint64_t off = 0; rc == AMANAT_OK && off < pack->size;) {
    size_t want =
        pack->size - off < BACKUP_MESSAGE_LEN ? (size_t)(pack->size - off) : BACKUP_MESSAGE_LEN;
    size_t got = 0;
    rc = io_pread_all(fd, w->copy, want, (off_t)off, &got);
    if (rc == AMANAT_OK && got != want)
      rc = AMANAT_E_CHANGED;
    if (rc == AMANAT_OK)
      rc = put(w, w->copy, got);
    off += got;
  }
  io_close(&fd);
  return rc;
}

static int put_everything(writer *w) {
  int rc = put_record_header(w, BACKUP_REC_KEYS, NULL, BACKUP_KEYS_LEN);
  if (rc == AMANAT_OK)
    rc = put(w, w->keys, BACKUP_KEYS_LEN);
  for (int which = MAIN_DB; which <= DECOY_DB && rc == AMANAT_OK; which++)
    rc = put_database(w, which);
  int dir_fd = -1;
  if (rc == AMANAT_OK && w->pack_count > 0)
    rc = pack_dir_open(w->v, 0, &dir_fd);
  for (size_t i = 0; i < w->pack_count && rc == AMANAT_OK; i++)
    rc = put_pack(w, dir_fd, &w->packs[i]);
  io_close(&dir_fd);
  if (rc == AMANAT_OK)
    rc = put_record_header(w, BACKUP_REC_END, NULL, 0);
  return rc == AMANAT_OK ? finish_stream(w) : rc;
}

/* ---- Header ---------------------------------------------------------------------------- */

static int seal_passphrase(writer *w) {
  uint8_t *stanza = w->header + BACKUP_PASS_OFF;
  if (w->o->passphrase == NULL) {
    io_random(stanza, BACKUP_PASS_LEN); /* looks the same as a used one */
    return AMANAT_OK;
  }
  uint8_t *nfc = NULL, *key = io_secure_alloc(32);
  size_t nfc_len = 0;
  int rc = key != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK)
    rc = password_normalize(w->o->passphrase, w->o->passphrase_len, &nfc, &nfc_len);
  if (rc == AMANAT_OK)
    rc = kdf_master_key(nfc, nfc_len, w->header + BACKUP_OFF_SALT, w->o->cost, key);
  if (rc == AMANAT_OK) {
    uint8_t ad[BACKUP_PREFIX_LEN + 1];
    backup_stanza_ad(w->header, BACKUP_STANZA_PASS, ad);
    io_random(stanza, BACKUP_NONCE_LEN);
    crypto_aead_xchacha20poly1305_ietf_encrypt(stanza + BACKUP_NONCE_LEN, NULL, w->file_key,
                                               BACKUP_KEY_LEN, ad, sizeof ad, NULL, stanza, key);
  }
  secret_free(&nfc);
  secret_free(&key);
  return rc;
}

static int seal_recovery(writer *w, const uint8_t *recipient) {
  uint8_t *stanza = w->header + BACKUP_RECOVERY_OFF;
  if (recipient == NULL) {
    io_random(stanza, BACKUP_RECOVERY_LEN);
    stanza[31] &= 0x7f; /* as in every X25519 public key */
    return AMANAT_OK;
  }
  uint8_t *eph_sk = io_secure_alloc(32), *wrap = io_secure_alloc(32);
  int rc = eph_sk != NULL && wrap != NULL ? AMANAT_OK : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK) {
    crypto_box_keypair(stanza, eph_sk);
    rc = backup_recovery_wrap_key(eph_sk, recipient, stanza, recipient, wrap);
  }
  if (rc == AMANAT_OK) {
    uint8_t ad[BACKUP_PREFIX_LEN + 1];
    backup_stanza_ad(w->header, BACKUP_STANZA_RECOVERY, ad);
    uint8_t *nonce = stanza + 32;
    io_random(nonce, BACKUP_NONCE_LEN);
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + BACKUP_NONCE_LEN, NULL, w->file_key,
                                               BACKUP_KEY_LEN, ad, sizeof ad, NULL, nonce, wrap);
  }
  secret_free(&eph_sk);
  secret_free(&wrap);
  return rc;
}

static int make_header(writer *w, const uint8_t *recipient) {
  amanat_kdf_cost cost = w->o->cost;
  if (w->o->passphrase == NULL && amanat_kdf_cost_check(cost) != AMANAT_OK)
    cost = amanat_kdf_cost_for(AMANAT_KDF_MODERATE); /* unused, but never out of limits */
  memcpy(w->header, BACKUP_MAGIC, BACKUP_MAGIC_LEN);
  le16_store(w->header + BACKUP_OFF_VERSION, BACKUP_VERSION);
  w->header[BACKUP_OFF_KDF] = BACKUP_KDF_ARGON2ID13;
  w->header[BACKUP_OFF_RESERVED] = 0;
  le32_store(w->header + BACKUP_OFF_OPSLIMIT, cost.opslimit);
  le64_store(w->header + BACKUP_OFF_MEMLIMIT, cost.memlimit);
  io_random(w->header + BACKUP_OFF_SALT, BACKUP_SALT_LEN);
  int rc = seal_passphrase(w);
  if (rc == AMANAT_OK)
    rc = seal_recovery(w, recipient);
  if (rc == AMANAT_OK) {
    crypto_secretstream_xchacha20poly1305_init_push(w->state, w->header + BACKUP_STREAM_OFF,
                                                    w->file_key);
    backup_header_checksum(w->header, w->header + BACKUP_CHECKSUM_OFF);
  }
  return rc;
}

/* ---- The whole backup -------------------------------------------------------------- */

static int prepare_sources(writer *w) {
  amanat_vault *v = w->v;
  keyslot_payload *p = v->payload;
  uint32_t wipe_after = 0;
  int rc = amanat_vault_housekeeping(v); /* a duress wipe's removal is finished first */
  if (rc == AMANAT_OK)
    rc = amanat_vault_get_wipe_after(v, &wipe_after);
  if (rc != AMANAT_OK)
    return rc;
  le32_store(w->keys, wipe_after);
  memcpy(w->keys + BACKUP_KEYS_OFF_REAL, p->primary_key, AMANAT_SPACE_KEY_LEN);
  memcpy(w->keys + BACKUP_KEYS_OFF_DECOY, p->secondary_key, AMANAT_SPACE_KEY_LEN);
  rc = open_source(w, MAIN_DB, p->space, w->keys + BACKUP_KEYS_OFF_REAL);
  if (rc == AMANAT_OK)
    rc = open_source(w, DECOY_DB, 1 - p->space, w->keys + BACKUP_KEYS_OFF_DECOY);
  for (int which = MAIN_DB; which <= DECOY_DB && rc == AMANAT_OK; which++) {
    rc = settle_and_size(w->db[which], &w->db_size[which]);
    if (rc == AMANAT_OK)
      rc = collect_packs(w, w->db[which]);
  }
  return rc == AMANAT_OK ? size_packs(w) : rc;
}

/* Counts the stream's plaintext, then the messages its Padmé size needs. */
static void count_messages(writer *w) {
  uint64_t content = BACKUP_RECORD_HEADER_LEN + BACKUP_KEYS_LEN;
  for (int which = MAIN_DB; which <= DECOY_DB; which++)
    content += BACKUP_RECORD_HEADER_LEN + w->db_size[which];
  for (size_t i = 0; i < w->pack_count; i++)
    content += BACKUP_RECORD_HEADER_LEN + w->packs[i].size;
  content += BACKUP_RECORD_HEADER_LEN;
  uint64_t padded = padme_round(content);
  w->messages_left = (padded + BACKUP_MESSAGE_LEN - 1) / BACKUP_MESSAGE_LEN;
  w->total = BACKUP_HEADER_LEN + w->messages_left * BACKUP_CIPHER_MESSAGE_LEN;
}

typedef struct verify_progress {
  const amanat_backup_options *o;
  uint64_t total;
} verify_progress;

static int on_verify_progress(uint64_t done, uint64_t total, void *user_data) {
  verify_progress *p = user_data;
  (void)total;
  return p->o->progress(p->total + done, 2 * p->total, p->o->progress_data);
}

/* Writes the temporary file, syncs it, reads it back in full, and only then gives it its
 * name (never over another file) and syncs the folder. */
static int write_and_publish(writer *w, const char *path) {
  char *temp = NULL;
  int rc = io_temp_make(w->folder, IO_TEMP_PREFIX, 0, &temp, &w->fd);
  if (rc != AMANAT_OK)
    return rc;
  /* A second descriptor keeps the lock (against a sweep) until the rename. */
  int lock = fcntl(w->fd, F_DUPFD_CLOEXEC, 0);
  rc = io_pwrite_all(w->fd, w->header, BACKUP_HEADER_LEN, 0);
  w->offset = BACKUP_HEADER_LEN;
  if (rc == AMANAT_OK)
    rc = put_everything(w);
  if (rc == AMANAT_OK)
    rc = io_fsync(w->fd);
  io_close(&w->fd);
  verify_progress vp = {w->o, w->total};
  if (rc == AMANAT_OK) {
    rc = backup_read_stream(temp, w->file_key, w->header, 0, NULL, NULL,
                            w->o->progress != NULL ? on_verify_progress : NULL, &vp);
    if (rc == AMANAT_E_BAD_BACKUP)
      rc = AMANAT_E_IO; /* what was written did not read back */
  }
  if (rc == AMANAT_OK)
    rc = io_rename_noreplace(temp, path);
  if (rc == AMANAT_OK) {
    rc = io_fsync_path(w->folder);
    if (rc != AMANAT_OK)
      (void)unlink(path); /* not durable: take it back */
  } else {
    (void)unlink(temp);
  }
  io_close(&lock);
  free(temp);
  return rc;
}

static int check_options(const amanat_backup_options *o, uint8_t recipient[32], int *has_key) {
  *has_key = 0;
  if (o->passphrase == NULL && o->recovery_card == NULL)
    return AMANAT_E_INVALID;
  if (o->passphrase != NULL) {
    if (o->passphrase_len == 0)
      return AMANAT_E_EMPTY_PASSWORD;
    int rc = amanat_kdf_cost_check(o->cost);
    if (rc != AMANAT_OK)
      return rc;
  }
  if (o->recovery_card != NULL) {
    int rc = recovery_card_read(o->recovery_card, recipient);
    if (rc != AMANAT_OK)
      return rc == AMANAT_E_UNREADABLE || rc == AMANAT_E_MISSING ? rc : AMANAT_E_BAD_RECOVERY_KEY;
    *has_key = 1;
  }
  return AMANAT_OK;
}

static void writer_free(writer *w) {
  for (int which = MAIN_DB; which <= DECOY_DB; which++)
    if (w->owned[which])
      space_db_close(w->db[which]);
  if (w->fresh_dir != NULL)
    vault_folder_remove(w->fresh_dir);
  io_close(&w->fresh_lock);
  free(w->fresh_dir);
  free(w->folder);
  free(w->packs);
  free(w->copy);
  free(w->cipher);
  secret_free(&w->keys);
  secret_free(&w->file_key);
  secret_free(&w->state);
  secret_free(&w->plain);
}

int amanat_backup_write(amanat_vault *v, const char *path, const amanat_backup_options *o) {
  uint8_t recipient[32];
  int has_key = 0;
  int rc = check_options(o, recipient, &has_key);
  if (rc != AMANAT_OK)
    return rc;
  if (v->batch != NULL)
    return AMANAT_E_NOT_ALLOWED; /* uncommitted changes would be left out */
  struct stat st;
  if (lstat(path, &st) == 0)
    return AMANAT_E_EXISTS;
  writer w = {.v = v, .o = o, .fd = -1, .fresh_lock = -1, .first = 1};
  char *copy = io_strdup(path);
  if (copy != NULL)
    w.folder = io_strdup(dirname(copy));
  free(copy);
  w.keys = io_secure_alloc(BACKUP_KEYS_LEN);
  w.file_key = io_secure_alloc(BACKUP_KEY_LEN);
  w.state = io_secure_alloc(sizeof *w.state);
  w.plain = io_secure_alloc(BACKUP_MESSAGE_LEN);
  w.copy = io_malloc(BACKUP_MESSAGE_LEN);
  w.cipher = io_malloc(BACKUP_CIPHER_MESSAGE_LEN);
  rc = w.folder && w.keys && w.file_key && w.state && w.plain && w.copy && w.cipher
           ? AMANAT_OK
           : AMANAT_E_NOMEM;
  if (rc == AMANAT_OK) {
    sodium_memzero(w.keys, BACKUP_KEYS_LEN);
    sodium_memzero(w.plain, BACKUP_MESSAGE_LEN);
    io_random(w.file_key, BACKUP_KEY_LEN);
    rc = prepare_sources(&w);
  }
  if (rc == AMANAT_OK) {
    count_messages(&w);
    rc = make_header(&w, has_key ? recipient : NULL);
  }
  if (rc == AMANAT_OK)
    rc = write_and_publish(&w, path);
  writer_free(&w);
  return rc;
}
