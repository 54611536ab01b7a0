/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vault_files.c: folder-level operations of the vault (FORMAT.md §Vault folder). */
#include "vault_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "io.h"

char *vault_path(const char *dir, const char *name) {
  size_t len = strlen(dir) + 1 + strlen(name) + 1;
  char *path = io_malloc(len);
  if (path != NULL)
    snprintf(path, len, "%s/%s", dir, name);
  return path;
}

void vault_space_db_name(int index, char name[32]) {
  snprintf(name, 32, AMANAT_SPACE_DB_FMT, index);
}

static char *parent_of(const char *dir) {
  char *copy = io_strdup(dir);
  if (copy == NULL)
    return NULL;
  char *parent = io_strdup(dirname(copy));
  free(copy);
  return parent;
}

int vault_folder_check_new(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (errno != ENOENT)
      return io_err_from_errno(errno);
    char *parent = parent_of(dir);
    if (parent == NULL)
      return AMANAT_E_NOMEM;
    int rc = stat(parent, &st) == 0 && S_ISDIR(st.st_mode) ? AMANAT_OK : AMANAT_E_MISSING;
    free(parent);
    return rc;
  }
  if (!S_ISDIR(st.st_mode))
    return AMANAT_E_EXISTS;
  /* An empty folder is replaced by the new vault: only if its owner may write to it. */
  if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) != 0)
    return AMANAT_E_READ_ONLY;
  DIR *d = opendir(dir);
  if (d == NULL)
    return io_err_from_errno(errno);
  int rc = AMANAT_OK;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      rc = AMANAT_E_EXISTS;
      break;
    }
  }
  closedir(d);
  return rc;
}

int vault_folder_make_staging(const char *dir, char **out, int *lock_fd) {
  *out = NULL;
  *lock_fd = -1;
  char *parent = parent_of(dir);
  if (parent == NULL)
    return AMANAT_E_NOMEM;
  int rc = io_temp_make(parent, IO_STAGING_PREFIX, 1, out, lock_fd);
  free(parent);
  return rc;
}

int vault_folder_publish(const char *staging, const char *dir) {
  char *parent = parent_of(dir); /* before the rename: nothing may fail between */
  if (parent == NULL)
    return AMANAT_E_NOMEM;
  int rc = io_fsync_path(staging);
  /* rename(2) replaces an empty folder, and fails on a non-empty one: a race with
   * someone filling `dir` meanwhile cannot destroy their files. */
  if (rc == AMANAT_OK)
    rc = io_renameat(AT_FDCWD, staging, AT_FDCWD, dir);
  if (rc != AMANAT_OK) {
    free(parent);
    return rc;
  }
  rc = io_fsync_path(parent);
  free(parent);
  if (rc != AMANAT_OK)
    vault_folder_remove(dir); /* not durable: take the new, still empty vault back */
  return rc;
}

void vault_folder_remove(const char *dir) {
  io_remove_tree(dir); /* allocates nothing: it runs after failures */
}

static void touch_entries(int dir_fd, const struct timespec times[2], int depth) {
  DIR *d = NULL;
  int fd = dup(dir_fd);
  if (fd >= 0 && (d = fdopendir(fd)) == NULL)
    close(fd);
  if (d == NULL)
    return;
  rewinddir(d);
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (e->d_name[0] == '.')
      continue;
    (void)utimensat(dir_fd, e->d_name, times, AT_SYMLINK_NOFOLLOW);
    if (depth == 0 && e->d_type == DT_DIR) { /* the packs folder */
      int sub = openat(dir_fd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (sub >= 0) {
        touch_entries(sub, times, 1);
        close(sub);
      }
    }
  }
  closedir(d);
}

void vault_files_touch(int dir_fd) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct timespec times[2] = {now, now};
  touch_entries(dir_fd, times, 0);
}
