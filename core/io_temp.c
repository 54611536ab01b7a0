/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io_temp.c: hidden temporary files and folders (FORMAT.md §Temporary files). Each one is
 * locked with flock(2) by the process writing it, so that whatever a killed process left
 * behind — on a USB stick, beside a vault being restored — can be told from one still
 * being written, and is removed the next time Amanat writes into that folder. */
#include "io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_SUFFIX_LEN 6 /* mkstemp's XXXXXX */

static const char *const temp_prefixes[] = {IO_TEMP_PREFIX, IO_STAGING_PREFIX};

/* ".amanat-" or ".amanat-new-" and six of mkstemp's letters and digits. */
static int is_temp_name(const char *name) {
  for (size_t p = 0; p < sizeof temp_prefixes / sizeof *temp_prefixes; p++) {
    size_t len = strlen(temp_prefixes[p]);
    if (strncmp(name, temp_prefixes[p], len) != 0 || strlen(name) != len + TEMP_SUFFIX_LEN)
      continue;
    const char *suffix = name + len;
    size_t ok = strspn(suffix, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    if (ok == TEMP_SUFFIX_LEN)
      return 1;
  }
  return 0;
}

/* Removes `name` in `dir_fd` and, for a folder, what is in it (a staging folder holds
 * files and a packs folder: `depth` levels are enough). */
static void remove_tree_at(int dir_fd, const char *name, int depth) {
  if (unlinkat(dir_fd, name, 0) == 0 || (errno != EISDIR && errno != EPERM) || depth == 0)
    return;
  int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (d == NULL) {
    if (fd >= 0)
      close(fd);
    return;
  }
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      remove_tree_at(dirfd(d), e->d_name, depth - 1);
  closedir(d);
  (void)unlinkat(dir_fd, name, AT_REMOVEDIR);
}

void io_remove_tree(const char *path) {
  remove_tree_at(AT_FDCWD, path, 2);
}

void io_temp_sweep(const char *folder) {
  int dir_fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = dir_fd >= 0 ? fdopendir(dir_fd) : NULL;
  if (d == NULL) {
    if (dir_fd >= 0)
      close(dir_fd);
    return;
  }
  uid_t me = geteuid();
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (!is_temp_name(e->d_name))
      continue;
    int fd = openat(dir_fd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      continue;
    struct stat st;
    /* Only our own, and only when no live process holds its lock (a lock that cannot
     * be taken for any other reason leaves the entry alone). */
    if (fstat(fd, &st) == 0 && st.st_uid == me && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) &&
        flock(fd, LOCK_EX | LOCK_NB) == 0)
      remove_tree_at(dir_fd, e->d_name, 2);
    close(fd);
  }
  closedir(d);
}

/* Still the same file at `path` as the one open at `fd`? (A sweep running between our
 * mkstemp and our flock may have removed it.) */
static int still_there(const char *path, int fd) {
  struct stat by_path, by_fd;
  return lstat(path, &by_path) == 0 && fstat(fd, &by_fd) == 0 && by_path.st_dev == by_fd.st_dev &&
         by_path.st_ino == by_fd.st_ino;
}

int io_temp_make(const char *folder, const char *prefix, int directory, char **path_out,
                 int *fd_out) {
  *path_out = NULL;
  *fd_out = -1;
  io_temp_sweep(folder);
  size_t len = strlen(folder) + 1 + strlen(prefix) + TEMP_SUFFIX_LEN + 1;
  for (int attempt = 0; attempt < 3; attempt++) {
    char *path = io_malloc(len);
    if (path == NULL)
      return AMANAT_E_NOMEM;
    snprintf(path, len, "%s/%sXXXXXX", folder, prefix);
    int injected = io_fault_hit();
    int fd = -1;
    if (injected == 0 && directory) {
      if (mkdtemp(path) == NULL) /* 0700 */
        injected = errno;
      else if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 &&
               errno != ENOENT) /* ENOENT: swept before we could lock it; again */
        injected = errno;
    } else if (injected == 0) {
      fd = mkostemp(path, O_CLOEXEC); /* 0600, O_EXCL */
      if (fd < 0)
        injected = errno;
    }
    if (injected != 0) {
      free(path);
      return io_err_from_errno(injected);
    }
    /* Locked for as long as fd is open; where the file system has no flock, nothing is
     * ever swept from it. */
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
      close(fd); /* a sweep holds it: it is going */
      fd = -1;
    }
    if (fd >= 0 && still_there(path, fd)) {
      *path_out = path;
      *fd_out = fd;
      return AMANAT_OK;
    }
    if (fd >= 0)
      close(fd);
    free(path);
  }
  return AMANAT_E_IO;
}
