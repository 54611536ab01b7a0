/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-import-job.c: the files are checked first (regular, readable, local), then
 * imported inside one batch so that a failure or a cancel leaves the vault unchanged. The
 * worker publishes progress in atomics; the page polls them, so no idle callback is queued
 * per chunk. */
#include "config.h"

#include <stdatomic.h>
#include <stdint.h>
#include <sys/stat.h>

#include "amanat-import-job.h"

struct _AmanatImportJob {
  GObject parent_instance;

  GPtrArray *paths; /* file names (bytes), one per file */
  GCancellable *cancellable;

  /* Written on the worker thread, read on the main thread. */
  gint64 total_bytes; /* set before the job is queued, then read-only */
  _Atomic int64_t done_bytes;
};

G_DEFINE_FINAL_TYPE(AmanatImportJob, amanat_import_job, G_TYPE_OBJECT)

typedef struct {
  AmanatImportJob *job;
  gint64 base; /* bytes of the files before this one */
} Progress;

static int on_progress(uint64_t done, uint64_t total, void *user_data) {
  Progress *progress = user_data;
  atomic_store(&progress->job->done_bytes, progress->base + (int64_t)done);
  return g_cancellable_is_cancelled(progress->job->cancellable) ? 1 : 0;
}

/* Runs on the session's worker. */
static int import_files(amanat_vault **vault, const char *dir, gpointer data,
                        GCancellable *cancellable) {
  AmanatImportJob *self = data;

  if (*vault == NULL || g_cancellable_is_cancelled(cancellable))
    return AMANAT_E_CANCELLED;
  for (guint i = 0; i < self->paths->len; i++) {
    const char *path = g_ptr_array_index(self->paths, i);
    struct stat st;
    if (path == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
      return AMANAT_E_UNREADABLE;
  }

  int rc = amanat_vault_batch_begin(*vault);
  if (rc < 0)
    return rc;
  Progress progress = {.job = self};
  for (guint i = 0; i < self->paths->len && rc >= 0; i++) {
    const char *path = g_ptr_array_index(self->paths, i);
    struct stat st;
    if (g_cancellable_is_cancelled(cancellable)) {
      rc = AMANAT_E_CANCELLED;
      break;
    }
    amanat_import_options options = {.progress = on_progress, .progress_data = &progress};
    char id[AMANAT_ID_LEN + 1];
    rc = amanat_doc_import_path(*vault, path, &options, id);
    if (stat(path, &st) == 0)
      progress.base += st.st_size;
    atomic_store(&self->done_bytes, progress.base);
  }
  if (rc < 0) {
    amanat_vault_batch_abort(*vault);
    return rc;
  }
  rc = amanat_vault_batch_commit(*vault);
  return rc < 0 ? rc : (int)self->paths->len;
}

static void amanat_import_job_finalize(GObject *object) {
  AmanatImportJob *self = AMANAT_IMPORT_JOB(object);

  g_ptr_array_unref(self->paths);
  g_clear_object(&self->cancellable);

  G_OBJECT_CLASS(amanat_import_job_parent_class)->finalize(object);
}

static void amanat_import_job_class_init(AmanatImportJobClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->finalize = amanat_import_job_finalize;
}

static void amanat_import_job_init(AmanatImportJob *self) {
  self->paths = g_ptr_array_new_with_free_func(g_free);
  self->cancellable = g_cancellable_new();
}

AmanatImportJob *amanat_import_job_new(GListModel *files) {
  g_return_val_if_fail(G_IS_LIST_MODEL(files), NULL);

  AmanatImportJob *self = g_object_new(AMANAT_TYPE_IMPORT_JOB, NULL);
  guint n = g_list_model_get_n_items(files);
  for (guint i = 0; i < n; i++) {
    g_autoptr(GFile) file = g_list_model_get_item(files, i);
    /* NULL for a file with no local path: the job then fails as unreadable. */
    char *path = g_file_get_path(file);
    struct stat st;
    if (path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode))
      self->total_bytes += st.st_size;
    g_ptr_array_add(self->paths, path);
  }
  return self;
}

guint amanat_import_job_get_n_files(AmanatImportJob *self) {
  g_return_val_if_fail(AMANAT_IS_IMPORT_JOB(self), 0);
  return self->paths->len;
}

static void import_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  GTask *task = user_data;
  GError *error = NULL;
  int n = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);
  if (n < 0)
    g_task_return_error(task, error);
  else
    g_task_return_int(task, n);
  g_object_unref(task);
}

void amanat_import_job_run_async(AmanatImportJob *self, AmanatSession *session,
                                 GAsyncReadyCallback callback, gpointer user_data) {
  g_return_if_fail(AMANAT_IS_IMPORT_JOB(self));
  g_return_if_fail(AMANAT_IS_SESSION(session));

  GTask *task = g_task_new(self, NULL, callback, user_data);
  amanat_session_run(session, import_files, g_object_ref(self), g_object_unref, self->cancellable,
                     import_done_cb, task);
}

int amanat_import_job_run_finish(AmanatImportJob *self, GAsyncResult *result, GError **error) {
  g_return_val_if_fail(g_task_is_valid(result, self), -1);
  GError *local = NULL;
  gssize n = g_task_propagate_int(G_TASK(result), &local);
  if (local != NULL) {
    g_propagate_error(error, local);
    return -1;
  }
  return (int)n;
}

void amanat_import_job_cancel(AmanatImportJob *self) {
  g_return_if_fail(AMANAT_IS_IMPORT_JOB(self));
  g_cancellable_cancel(self->cancellable);
}

double amanat_import_job_get_fraction(AmanatImportJob *self) {
  g_return_val_if_fail(AMANAT_IS_IMPORT_JOB(self), 0.0);
  if (self->total_bytes <= 0)
    return 0.0;
  int64_t done = atomic_load(&self->done_bytes);
  return CLAMP((double)done / (double)self->total_bytes, 0.0, 1.0);
}
