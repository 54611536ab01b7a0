/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.h: the core's only path to the file system: durable writes, errno mapped to
 * amanat_err, and a fault-injection hook so tests can fail the k-th call. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "amanat.h"

/* Maps an errno value to the closest amanat_err. */
int io_err_from_errno(int error_number);

/* Returns the errno a test asked this call to fail with, or 0. Counts the call. */
int io_fault_hit(void);

AMANAT_MUST_CHECK int io_open(const char *path, int flags, mode_t mode, int *fd_out);
AMANAT_MUST_CHECK int io_openat(int dir_fd, const char *name, int flags, mode_t mode, int *fd_out);
AMANAT_MUST_CHECK int io_pwrite_all(int fd, const void *buf, size_t len, off_t offset);
/* Reads up to len bytes at offset; *got says how many (short only at end of file). */
AMANAT_MUST_CHECK int io_pread_all(int fd, void *buf, size_t len, off_t offset, size_t *got);
AMANAT_MUST_CHECK int io_fsync(int fd);
AMANAT_MUST_CHECK int io_fdatasync(int fd);
AMANAT_MUST_CHECK int io_renameat(int old_dir, const char *old_name, int new_dir,
                                  const char *new_name);
AMANAT_MUST_CHECK int io_mkdir(const char *path, mode_t mode);
/* Renames, failing with AMANAT_E_EXISTS rather than replace a file at `new_path`. */
AMANAT_MUST_CHECK int io_rename_noreplace(const char *old_path, const char *new_path);
AMANAT_MUST_CHECK int io_fsync_path(const char *dir_path);
AMANAT_MUST_CHECK int io_ftruncate(int fd, off_t len);

/* Makes a new file at `path` whose content `fill` writes to the descriptor it is given:
 * written under a hidden temporary name in the same folder, synced, renamed into place
 * only when complete (never over an existing file: AMANAT_E_EXISTS), and the folder
 * synced. Nothing is left behind on failure. */
typedef int (*io_fill)(int fd, void *user_data);
AMANAT_MUST_CHECK int io_publish_new_file(const char *path, io_fill fill, void *user_data);

/* Hidden temporary names: files being written, and vaults being built beside their
 * folder (FORMAT.md §Temporary files). */
#define IO_TEMP_PREFIX    ".amanat-"
#define IO_STAGING_PREFIX ".amanat-new-"

/* Makes a hidden temporary file (O_RDWR, 0600; `directory` 0) or folder (0700; *fd_out
 * then the folder opened read-only) named `prefix` + 6 random letters in `folder`, locked
 * with flock(2) for as long as *fd_out stays open. First sweeps `folder` (below). *path_out
 * is malloc'd. */
AMANAT_MUST_CHECK int io_temp_make(const char *folder, const char *prefix, int directory,
                                   char **path_out, int *fd_out);

/* Removes from `folder` the temporary files and folders that a killed process left: our
 * own, of those names, and not locked by any process. */
void io_temp_sweep(const char *folder);

/* Removes a file, or a folder with what is in it two levels deep (a vault: its files and
 * packs/), never following a link. Allocates nothing. */
void io_remove_tree(const char *path);

/* sodium_malloc with the fault hook; NULL on failure. Free with sodium_free. */
void *io_secure_alloc(size_t len);

/* The C library's allocators behind the same hook: every allocation of the core can be
 * made to fail (free with free). */
void *io_malloc(size_t len);
void *io_calloc(size_t count, size_t size);
void *io_realloc(void *ptr, size_t len);
char *io_strdup(const char *text);

/* Fills buf with random bytes from libsodium. */
void io_random(void *buf, size_t len);

/* The same for large filler (padding that is never read): faster, equally unpredictable. */
void io_random_fill(void *buf, size_t len);

/* Closes fd if >= 0 and sets it to -1; errors on close of a read-only fd are moot. */
void io_close(int *fd);
