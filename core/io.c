/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.c: durable file operations with errno mapping and a test fault hook. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_uint fault_target;
static atomic_uint fault_calls;
static atomic_int fault_errno;

unsigned amanat_fault_arm(unsigned k, int error_number) {
  unsigned calls = atomic_exchange(&fault_calls, 0);
  atomic_store(&fault_errno, error_number);
  atomic_store(&fault_target, k);
  return calls;
}

int io_fault_hit(void) {
  unsigned n = atomic_fetch_add(&fault_calls, 1) + 1;
  unsigned target = atomic_load(&fault_target);
  if (target != 0 && n == target)
    return atomic_load(&fault_errno);
  return 0;
}

int io_err_from_errno(int error_number) {
  switch (error_number) {
  case ENOSPC:
  case EDQUOT:
  case EFBIG:
    return AMANAT_E_NO_SPACE;
  case EACCES:
  case EPERM:
  case EROFS:
    return AMANAT_E_READ_ONLY;
  case ENOENT:
    return AMANAT_E_MISSING;
  case ENOMEM:
    return AMANAT_E_NOMEM;
  case EWOULDBLOCK:
    return AMANAT_E_BUSY;
  case EEXIST:
  case ENOTEMPTY:
    return AMANAT_E_EXISTS;
  default:
    return AMANAT_E_IO;
  }
}

int io_open(const char *path, int flags, mode_t mode, int *fd_out) {
  return io_openat(AT_FDCWD, path, flags, mode, fd_out);
}

int io_openat(int dir_fd, const char *name, int flags, mode_t mode, int *fd_out) {
  *fd_out = -1;
  /* Opening to create is a write; opening to read is not counted. */
  if ((flags & O_CREAT) != 0) {
    int injected = io_fault_hit();
    if (injected != 0)
      return io_err_from_errno(injected);
  }
  int fd;
  do {
    fd = openat(dir_fd, name, flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return io_err_from_errno(errno);
  *fd_out = fd;
  return AMANAT_OK;
}

int io_pwrite_all(int fd, const void *buf, size_t len, off_t offset) {
  int injected = io_fault_hit();
  if (injected != 0)
    return io_err_from_errno(injected);
  const uint8_t *p = buf;
  while (len > 0) {
    ssize_t n = pwrite(fd, p, len, offset);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return io_err_from_errno(errno);
    }
    if (n == 0)
      return AMANAT_E_NO_SPACE;
    p += n;
    len -= (size_t)n;
    offset += n;
  }
  return AMANAT_OK;
}

int io_pread_all(int fd, void *buf, size_t len, off_t offset, size_t *got) {
  uint8_t *p = buf;
  size_t done = 0;
  while (done < len) {
    ssize_t n = pread(fd, p + done, len - done, offset + (off_t)done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      *got = done;
      return io_err_from_errno(errno);
    }
    if (n == 0)
      break;
    done += (size_t)n;
  }
  *got = done;
  return AMANAT_OK;
}

int io_fsync(int fd) {
  int injected = io_fault_hit();
  if (injected != 0)
    return io_err_from_errno(injected);
  if (fsync(fd) != 0)
    return io_err_from_errno(errno);
  return AMANAT_OK;
}

int io_fdatasync(int fd) {
  int injected = io_fault_hit();
  if (injected != 0)
    return io_err_from_errno(injected);
  if (fdatasync(fd) != 0)
    return io_err_from_errno(errno);
  return AMANAT_OK;
}

int io_renameat(int old_dir, const char *old_name, int new_dir, const char *new_name) {
  int injected = io_fault_hit();
  if (injected != 0)
    return io_err_from_errno(injected);
  if (renameat(old_dir, old_name, new_dir, new_name) != 0)
    return io_err_from_errno(errno);
  return AMANAT_OK;
}

int io_rename_noreplace(const char *old_path, const char *new_path) {
  int injected = io_fault_hit();
  if (injected != 0)
    return io_err_from_errno(injected);
  if (renameat2(AT_FDCWD, old_path, AT_FDCWD, new_path, RENAME_NOREPLACE) != 0)
    return io_err_from_errno(errno);
  return AMANAT_OK;
}

int io_mkdir(const char *path, mode_t mode) {
  int injected = io_fault_hit();
  if (injected != 0)
    return io_err_from_errno(injected);
  if (mkdir(path, mode) != 0)
    return io_err_from_errno(errno);
  return AMANAT_OK;
}

int io_fsync_path(const char *dir_path) {
  int fd;
  int rc = io_open(dir_path, O_RDONLY | O_DIRECTORY, 0, &fd);
  if (rc != AMANAT_OK)
    return rc;
  rc = io_fsync(fd);
  io_close(&fd);
  return rc;
}

int io_ftruncate(int fd, off_t len) {
  int injected = io_fault_hit();
  if (injected != 0)
    return io_err_from_errno(injected);
  if (ftruncate(fd, len) != 0)
    return io_err_from_errno(errno);
  return AMANAT_OK;
}

int io_publish_new_file(const char *path, io_fill fill, void *user_data) {
  char *copy = io_strdup(path);
  if (copy == NULL)
    return AMANAT_E_NOMEM;
  const char *folder = dirname(copy); /* "." for a bare file name */
  char *temp = NULL;
  int fd = -1;
  int rc = io_temp_make(folder, IO_TEMP_PREFIX, 0, &temp, &fd);
  if (rc == AMANAT_OK) {
    rc = fill(fd, user_data);
    if (rc == AMANAT_OK)
      rc = io_fsync(fd);
    if (rc == AMANAT_OK)
      rc = io_rename_noreplace(temp, path);
    if (rc == AMANAT_OK)
      rc = io_fsync_path(folder);
    if (rc != AMANAT_OK)
      unlink(temp);
    close(fd); /* only now: the lock keeps a sweep away until the rename */
  }
  free(temp);
  free(copy);
  return rc;
}

void *io_secure_alloc(size_t len) {
  if (io_fault_hit() != 0)
    return NULL;
  return sodium_malloc(len);
}

void *io_malloc(size_t len) {
  return io_fault_hit() != 0 ? NULL : malloc(len);
}

void *io_calloc(size_t count, size_t size) {
  return io_fault_hit() != 0 ? NULL : calloc(count, size);
}

void *io_realloc(void *ptr, size_t len) {
  return io_fault_hit() != 0 ? NULL : realloc(ptr, len);
}

char *io_strdup(const char *text) {
  return io_fault_hit() != 0 ? NULL : strdup(text);
}

void io_random(void *buf, size_t len) {
  randombytes_buf(buf, len);
}

/* Bulk filler: the system generator costs a system call per 256 bytes here, so large
 * fills use a ChaCha20 keystream under a fresh random key instead. */
void io_random_fill(void *buf, size_t len) {
  if (len < 4096) {
    randombytes_buf(buf, len);
    return;
  }
  uint8_t key[crypto_stream_chacha20_KEYBYTES], nonce[crypto_stream_chacha20_NONCEBYTES];
  randombytes_buf(key, sizeof key);
  randombytes_buf(nonce, sizeof nonce);
  crypto_stream_chacha20(buf, len, nonce, key);
  sodium_memzero(key, sizeof key);
}

void io_close(int *fd) {
  if (*fd >= 0) {
    (void)close(*fd);
    *fd = -1;
  }
}
