/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pack.c: appending to and reading from pack files. */
#include "pack.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "padme.h"
#include "space_db.h"
#include "store.h"

int pack_dir_open(amanat_vault *v, int create, int *dir_fd) {
  int rc = io_openat(v->dir_fd, PACK_DIR, O_RDONLY | O_DIRECTORY, 0, dir_fd);
  if (rc != AMANAT_E_MISSING || !create)
    return rc;
  int injected = io_fault_hit();
  if (injected != 0 || mkdirat(v->dir_fd, PACK_DIR, 0700) != 0)
    return io_err_from_errno(injected != 0 ? injected : errno);
  rc = io_fsync(v->dir_fd);
  if (rc == AMANAT_OK)
    rc = io_openat(v->dir_fd, PACK_DIR, O_RDONLY | O_DIRECTORY, 0, dir_fd);
  return rc;
}

static int add_touch(pack_writer *w, pack_touch **out) {
  if (w->count == w->cap) {
    size_t cap = w->cap == 0 ? 4 : w->cap * 2;
    pack_touch *grown = io_realloc(w->touched, cap * sizeof *grown);
    if (grown == NULL)
      return AMANAT_E_NOMEM;
    w->touched = grown;
    w->cap = cap;
  }
  *out = &w->touched[w->count++];
  memset(*out, 0, sizeof **out);
  (*out)->fd = -1;
  return AMANAT_OK;
}

static int avoided(const pack_writer *w, sqlite3_int64 id) {
  for (size_t i = 0; i < w->avoid_count; i++)
    if (w->avoid[i] == id)
      return 1;
  return 0;
}

/* Takes the fullest pack that still has room, so packs fill up one after another. */
static int take_current_pack(pack_writer *w) {
  sqlite3_stmt *stmt = NULL;
  int rc = store_prepare(
      w->vault, "SELECT id, name, used FROM packs WHERE used < ?1 ORDER BY used DESC;", &stmt);
  if (rc != AMANAT_OK)
    return rc;
  sqlite3_bind_int64(stmt, 1, PACK_MAX_SIZE - 4096);
  int step;
  while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(stmt, 0);
    const unsigned char *name = sqlite3_column_text(stmt, 1);
    if (avoided(w, id) || name == NULL || strlen((const char *)name) != PACK_NAME_LEN)
      continue;
    pack_touch *t = NULL;
    rc = add_touch(w, &t);
    if (rc != AMANAT_OK)
      break;
    t->id = id;
    memcpy(t->name, name, PACK_NAME_LEN + 1);
    t->used_before = t->end = t->recorded_end = (uint64_t)sqlite3_column_int64(stmt, 2);
    rc = io_openat(w->dir_fd, t->name, O_RDWR, 0, &t->fd);
    struct stat st;
    if (rc == AMANAT_OK && fstat(t->fd, &st) != 0)
      rc = AMANAT_E_IO;
    if (rc == AMANAT_OK)
      t->size_before = (uint64_t)st.st_size;
    if (rc == AMANAT_E_MISSING)
      rc = AMANAT_E_DAMAGED;
    break;
  }
  sqlite3_finalize(stmt);
  if (rc == AMANAT_OK && step != SQLITE_ROW && step != SQLITE_DONE)
    rc = space_db_error(w->vault->db, step);
  return rc;
}

int pack_writer_open(pack_writer *w, amanat_vault *v, const sqlite3_int64 *avoid,
                     size_t avoid_count) {
  memset(w, 0, sizeof *w);
  w->vault = v;
  w->dir_fd = -1;
  w->avoid = avoid;
  w->avoid_count = avoid_count;
  int rc = pack_dir_open(v, 1, &w->dir_fd);
  if (rc == AMANAT_OK)
    rc = take_current_pack(w);
  return rc;
}

static int start_new_pack(pack_writer *w, pack_touch **out) {
  pack_touch *t = NULL;
  int rc = add_touch(w, &t);
  if (rc != AMANAT_OK)
    return rc;
  uint8_t random_name[PACK_NAME_LEN / 2];
  io_random(random_name, sizeof random_name);
  sodium_bin2hex(t->name, sizeof t->name, random_name, sizeof random_name);
  t->is_new = 1;
  rc = io_openat(w->dir_fd, t->name, O_RDWR | O_CREAT | O_EXCL, 0600, &t->fd);
  if (rc != AMANAT_OK) {
    w->count--; /* nothing was made */
    return rc;
  }
  *out = t;
  return AMANAT_OK;
}

int pack_writer_append(pack_writer *w, const uint8_t *record, size_t len, size_t *touch_index,
                       uint64_t *offset) {
  pack_touch *t = w->count > 0 ? &w->touched[w->count - 1] : NULL;
  if (t == NULL || t->end + len > PACK_MAX_SIZE) {
    int rc = start_new_pack(w, &t);
    if (rc != AMANAT_OK)
      return rc;
  }
  int rc = io_pwrite_all(t->fd, record, len, (off_t)t->end);
  if (rc != AMANAT_OK)
    return rc;
  *touch_index = (size_t)(t - w->touched);
  *offset = t->end;
  t->end += len;
  t->live_added += len;
  return AMANAT_OK;
}

/* Random bytes from `from` up to the Padmé size of `end`, so a pack's size says only
 * roughly how much it holds, and nothing in it looks different from the rest. */
static int fill_to_padme(pack_touch *t) {
  uint64_t target = padme_round(t->end);
  if (target > PACK_MAX_SIZE)
    target = PACK_MAX_SIZE > t->end ? PACK_MAX_SIZE : t->end;
  uint64_t from = t->size_before > t->end ? t->size_before : t->end;
  uint8_t noise[65536];
  int rc = AMANAT_OK;
  while (from < target && rc == AMANAT_OK) {
    size_t n = target - from < sizeof noise ? (size_t)(target - from) : sizeof noise;
    io_random_fill(noise, n);
    rc = io_pwrite_all(t->fd, noise, n, (off_t)from);
    from += n;
  }
  return rc;
}

int pack_writer_flush(pack_writer *w) {
  int any_new = 0, rc = AMANAT_OK;
  for (size_t i = 0; i < w->count && rc == AMANAT_OK; i++) {
    pack_touch *t = &w->touched[i];
    if (t->end == t->used_before && !t->is_new)
      continue;
    rc = fill_to_padme(t);
    if (rc == AMANAT_OK)
      rc = io_fdatasync(t->fd);
    any_new |= t->is_new;
  }
  if (rc == AMANAT_OK && any_new)
    rc = io_fsync(w->dir_fd);
  return rc;
}

int pack_writer_record(pack_writer *w) {
  int rc = AMANAT_OK;
  for (size_t i = 0; i < w->count && rc == AMANAT_OK; i++) {
    pack_touch *t = &w->touched[i];
    sqlite3_stmt *stmt = NULL;
    if (t->id == 0) {
      rc = store_prepare(w->vault, "INSERT INTO packs(name, used, live) VALUES (?1, 0, 0);", &stmt);
      if (rc != AMANAT_OK)
        break;
      sqlite3_bind_text(stmt, 1, t->name, -1, SQLITE_STATIC);
      rc = store_run(w->vault, stmt);
      t->id = sqlite3_last_insert_rowid(w->vault->db);
      t->recorded_end = 0;
    }
    if (rc != AMANAT_OK || (t->end == t->recorded_end && t->live_added == t->recorded_live))
      continue;
    rc = store_prepare(w->vault, "UPDATE packs SET used = ?1, live = live + ?2 WHERE id = ?3;",
                       &stmt);
    if (rc != AMANAT_OK)
      break;
    sqlite3_bind_int64(stmt, 1, (sqlite3_int64)t->end);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)(t->live_added - t->recorded_live));
    sqlite3_bind_int64(stmt, 3, t->id);
    rc = store_run(w->vault, stmt);
    if (rc == AMANAT_OK) {
      t->recorded_end = t->end;
      t->recorded_live = t->live_added;
    }
  }
  return rc;
}

void pack_writer_abort(pack_writer *w) {
  for (size_t i = 0; i < w->count; i++) {
    pack_touch *t = &w->touched[i];
    if (t->is_new) {
      io_close(&t->fd);
      (void)unlinkat(w->dir_fd, t->name, 0);
    } else if (t->fd >= 0 && ftruncate(t->fd, (off_t)t->size_before) == 0) {
      (void)fdatasync(t->fd);
    }
  }
  if (w->dir_fd >= 0)
    (void)fsync(w->dir_fd);
}

void pack_writer_close(pack_writer *w) {
  for (size_t i = 0; i < w->count; i++)
    io_close(&w->touched[i].fd);
  free(w->touched);
  io_close(&w->dir_fd);
  memset(w, 0, sizeof *w);
  w->dir_fd = -1;
}

void pack_reader_init(pack_reader *r, amanat_vault *v) {
  memset(r, 0, sizeof *r);
  r->vault = v;
  r->dir_fd = -1;
  r->fd = -1;
}

int pack_read(pack_reader *r, const char *name, uint64_t offset, uint8_t *buf, size_t len) {
  int rc = AMANAT_OK;
  if (r->dir_fd < 0 && (rc = pack_dir_open(r->vault, 0, &r->dir_fd)) != AMANAT_OK)
    return rc == AMANAT_E_MISSING ? AMANAT_E_DAMAGED : rc;
  if (r->fd < 0 || strcmp(r->name, name) != 0) {
    io_close(&r->fd);
    if (strlen(name) != PACK_NAME_LEN || strchr(name, '/') != NULL)
      return AMANAT_E_DAMAGED;
    rc = io_openat(r->dir_fd, name, O_RDONLY, 0, &r->fd);
    if (rc != AMANAT_OK)
      return rc == AMANAT_E_MISSING ? AMANAT_E_DAMAGED : rc;
    memcpy(r->name, name, PACK_NAME_LEN + 1);
  }
  size_t got = 0;
  rc = io_pread_all(r->fd, buf, len, (off_t)offset, &got);
  if (rc == AMANAT_OK && got != len)
    rc = AMANAT_E_DAMAGED; /* the pack was cut short */
  return rc;
}

void pack_reader_close(pack_reader *r) {
  io_close(&r->fd);
  io_close(&r->dir_fd);
}
