/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fault_vfs.c: SQLite's writes pass the same fault hook as the core's own, so a test can
 * fail the k-th write of any operation, database writes included. With no fault armed it
 * only forwards. */
#include "fault_vfs.h"

#include <errno.h>
#include <sqlite3.h>
#include <stddef.h>

#include "io.h"

typedef struct shim_file {
  sqlite3_file base;
  sqlite3_file *real; /* lives right after this struct, in the same allocation */
} shim_file;

static sqlite3_vfs *real_vfs;

static sqlite3_file *real_of(sqlite3_file *f) {
  return ((shim_file *)f)->real;
}

static int injected_result(int ioerr) {
  int injected = io_fault_hit();
  if (injected == 0)
    return SQLITE_OK;
  errno = injected; /* what sqlite3_system_errno() will report */
  /* Report a full disk as SQLite's own VFS would: SQLITE_FULL. */
  return io_err_from_errno(injected) == AMANAT_E_NO_SPACE ? SQLITE_FULL : ioerr;
}

static int shim_close(sqlite3_file *f) {
  return real_of(f)->pMethods->xClose(real_of(f));
}
static int shim_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off) {
  return real_of(f)->pMethods->xRead(real_of(f), buf, amt, off);
}
static int shim_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off) {
  int rc = injected_result(SQLITE_IOERR_WRITE);
  return rc != SQLITE_OK ? rc : real_of(f)->pMethods->xWrite(real_of(f), buf, amt, off);
}
static int shim_truncate(sqlite3_file *f, sqlite3_int64 size) {
  int rc = injected_result(SQLITE_IOERR_TRUNCATE);
  return rc != SQLITE_OK ? rc : real_of(f)->pMethods->xTruncate(real_of(f), size);
}
static int shim_sync(sqlite3_file *f, int flags) {
  int rc = injected_result(SQLITE_IOERR_FSYNC);
  return rc != SQLITE_OK ? rc : real_of(f)->pMethods->xSync(real_of(f), flags);
}
static int shim_file_size(sqlite3_file *f, sqlite3_int64 *size) {
  return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
static int shim_lock(sqlite3_file *f, int level) {
  return real_of(f)->pMethods->xLock(real_of(f), level);
}
static int shim_unlock(sqlite3_file *f, int level) {
  return real_of(f)->pMethods->xUnlock(real_of(f), level);
}
static int shim_check_reserved(sqlite3_file *f, int *out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
static int shim_file_control(sqlite3_file *f, int op, void *arg) {
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
static int shim_sector_size(sqlite3_file *f) {
  return real_of(f)->pMethods->xSectorSize(real_of(f));
}
static int shim_device_characteristics(sqlite3_file *f) {
  return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
static int shim_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out) {
  return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, out);
}
static int shim_shm_lock(sqlite3_file *f, int offset, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
static void shim_shm_barrier(sqlite3_file *f) {
  real_of(f)->pMethods->xShmBarrier(real_of(f));
}
static int shim_shm_unmap(sqlite3_file *f, int delete_flag) {
  return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}
static int shim_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **out) {
  return real_of(f)->pMethods->xFetch(real_of(f), off, amt, out);
}
static int shim_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) {
  return real_of(f)->pMethods->xUnfetch(real_of(f), off, p);
}

static const sqlite3_io_methods shim_methods = {
    .iVersion = 3,
    .xClose = shim_close,
    .xRead = shim_read,
    .xWrite = shim_write,
    .xTruncate = shim_truncate,
    .xSync = shim_sync,
    .xFileSize = shim_file_size,
    .xLock = shim_lock,
    .xUnlock = shim_unlock,
    .xCheckReservedLock = shim_check_reserved,
    .xFileControl = shim_file_control,
    .xSectorSize = shim_sector_size,
    .xDeviceCharacteristics = shim_device_characteristics,
    .xShmMap = shim_shm_map,
    .xShmLock = shim_shm_lock,
    .xShmBarrier = shim_shm_barrier,
    .xShmUnmap = shim_shm_unmap,
    .xFetch = shim_fetch,
    .xUnfetch = shim_unfetch,
};

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
                     int *out_flags) {
  (void)vfs;
  shim_file *shim = (shim_file *)f;
  shim->base.pMethods = NULL;
  shim->real = (sqlite3_file *)(shim + 1);
  int rc = real_vfs->xOpen(real_vfs, name, shim->real, flags, out_flags);
  if (rc == SQLITE_OK)
    shim->base.pMethods = &shim_methods;
  return rc;
}

static int shim_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
  (void)vfs;
  int rc = injected_result(SQLITE_IOERR_DELETE);
  return rc != SQLITE_OK ? rc : real_vfs->xDelete(real_vfs, name, sync_dir);
}

/* Everything else goes straight to the default VFS. */
static int shim_access(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
  (void)vfs;
  return real_vfs->xAccess(real_vfs, name, flags, out);
}
static int shim_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out) {
  (void)vfs;
  return real_vfs->xFullPathname(real_vfs, name, n, out);
}
static void *shim_dl_open(sqlite3_vfs *vfs, const char *name) {
  (void)vfs;
  (void)name;
  return NULL; /* no extensions are ever loaded */
}
static int shim_randomness(sqlite3_vfs *vfs, int n, char *out) {
  (void)vfs;
  return real_vfs->xRandomness(real_vfs, n, out);
}
static int shim_sleep(sqlite3_vfs *vfs, int microseconds) {
  (void)vfs;
  return real_vfs->xSleep(real_vfs, microseconds);
}
static int shim_current_time(sqlite3_vfs *vfs, double *out) {
  (void)vfs;
  return real_vfs->xCurrentTime(real_vfs, out);
}
static int shim_last_error(sqlite3_vfs *vfs, int n, char *out) {
  (void)vfs;
  return real_vfs->xGetLastError(real_vfs, n, out);
}
static int shim_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
  (void)vfs;
  return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static sqlite3_vfs shim_vfs = {
    .iVersion = 2,
    .zName = "amanat",
    .xOpen = shim_open,
    .xDelete = shim_delete,
    .xAccess = shim_access,
    .xFullPathname = shim_full_pathname,
    .xDlOpen = shim_dl_open,
    .xRandomness = shim_randomness,
    .xSleep = shim_sleep,
    .xCurrentTime = shim_current_time,
    .xGetLastError = shim_last_error,
    .xCurrentTimeInt64 = shim_current_time_int64,
};

int fault_vfs_register(void) {
  if (real_vfs != NULL)
    return AMANAT_OK;
  if (sqlite3_initialize() != SQLITE_OK)
    return AMANAT_E_IO;
  real_vfs = sqlite3_vfs_find(NULL);
  if (real_vfs == NULL || real_vfs->iVersion < 2)
    return AMANAT_E_IO;
  shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
  shim_vfs.mxPathname = real_vfs->mxPathname;
  return sqlite3_vfs_register(&shim_vfs, 1) == SQLITE_OK ? AMANAT_OK : AMANAT_E_IO;
}
