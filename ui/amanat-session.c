/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-session.c: the core is not safe to call from two threads at once, and its slow
 * calls (key derivation, imports, wipes) must not freeze the window. So a session runs
 * them one after another on one worker thread, under a mutex that the main thread only
 * ever tries to take (never waits for) when it reads. */
#include "config.h"

#include "amanat-error-message.h"
#include "amanat-session.h"

struct _AmanatSession {
  GObject parent_instance;

  char *dir;
  GMutex mutex;        /* guards `vault` */
  amanat_vault *vault; /* NULL while locked */
  GThreadPool *pool;   /* one thread: jobs run in the order queued */

  GPtrArray *cancellables; /* of jobs not finished yet (main thread) */
  guint pending;           /* jobs queued or running (main thread) */
  guint generation;        /* bumped by each lock request (main thread) */
  gboolean unlocked;
  gboolean closed;
};

G_DEFINE_FINAL_TYPE(AmanatSession, amanat_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNLOCKED,
  PROP_BUSY,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  AmanatSessionJob job;
  gpointer data;
  GDestroyNotify destroy;
  GAsyncReadyCallback callback;
  gpointer user_data;
  guint generation;
  gboolean has_vault; /* after the job: written on the worker, read in the callback */
} Job;

static void job_free(Job *job) {
  if (job->destroy != NULL)
    job->destroy(job->data);
  g_free(job);
}

static void set_unlocked(AmanatSession *self, gboolean unlocked) {
  if (self->unlocked == unlocked)
    return;
  self->unlocked = unlocked;
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_UNLOCKED]);
}

/* Runs on the worker thread. */
static void worker_run(gpointer task_ptr, gpointer pool_data) {
  GTask *task = task_ptr;
  AmanatSession *self = pool_data;
  Job *job = g_task_get_task_data(task);

  g_mutex_lock(&self->mutex);
  int rc = job->job(&self->vault, self->dir, job->data, g_task_get_cancellable(task));
  job->has_vault = self->vault != NULL;
  g_mutex_unlock(&self->mutex);

  if (rc < 0) {
    GError *error = NULL;
    (void)amanat_set_error(&error, rc);
    g_task_return_error(task, error);
  } else {
    g_task_return_int(task, rc);
  }
  g_object_unref(task);
}

/* Back on the main thread. */
static void job_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  AmanatSession *self = AMANAT_SESSION(source);
  Job *job = g_task_get_task_data(G_TASK(result));
  GCancellable *cancellable = g_task_get_cancellable(G_TASK(result));

  if (cancellable != NULL)
    g_ptr_array_remove(self->cancellables, cancellable);
  self->pending--;
  /* A job queued before the latest lock request must not show the vault as open. */
  if (job->generation == self->generation && !self->closed)
    set_unlocked(self, job->has_vault);
  /* The caller first, so that what it changes is in place when "busy" turns FALSE. */
  g_object_ref(self);
  if (job->callback != NULL)
    job->callback(source, result, job->user_data);
  if (self->pending == 0)
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_BUSY]);
  g_object_unref(self);
}

static int lock_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  amanat_vault_lock(*vault);
  *vault = NULL;
  return AMANAT_OK;
}

static int wipe_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  amanat_vault_lock(*vault);
  *vault = NULL;
  return amanat_vault_wipe(dir, NULL);
}

static void cancel_all(AmanatSession *self) {
  for (guint i = 0; i < self->cancellables->len; i++)
    g_cancellable_cancel(g_ptr_array_index(self->cancellables, i));
}

static void amanat_session_get_property(GObject *object, guint prop_id, GValue *value,
                                        GParamSpec *pspec) {
  AmanatSession *self = AMANAT_SESSION(object);

  switch (prop_id) {
  case PROP_UNLOCKED:
    g_value_set_boolean(value, self->unlocked);
    break;
  case PROP_BUSY:
    g_value_set_boolean(value, self->pending > 0);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_session_finalize(GObject *object) {
  AmanatSession *self = AMANAT_SESSION(object);

  amanat_session_close(self);
  g_ptr_array_unref(self->cancellables);
  g_mutex_clear(&self->mutex);
  g_free(self->dir);

  G_OBJECT_CLASS(amanat_session_parent_class)->finalize(object);
}

static void amanat_session_class_init(AmanatSessionClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->get_property = amanat_session_get_property;
  object_class->finalize = amanat_session_finalize;

  properties[PROP_UNLOCKED] = g_param_spec_boolean("unlocked", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
      g_param_spec_boolean("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void amanat_session_init(AmanatSession *self) {
  g_mutex_init(&self->mutex);
  self->cancellables = g_ptr_array_new_with_free_func(g_object_unref);
  /* One exclusive thread: jobs never overlap and keep their order. */
  self->pool = g_thread_pool_new(worker_run, self, 1, TRUE, NULL);
}

AmanatSession *amanat_session_new(const char *dir) {
  g_return_val_if_fail(dir != NULL, NULL);

  AmanatSession *self = g_object_new(AMANAT_TYPE_SESSION, NULL);
  self->dir = g_strdup(dir);
  return self;
}

const char *amanat_session_get_dir(AmanatSession *self) {
  g_return_val_if_fail(AMANAT_IS_SESSION(self), NULL);
  return self->dir;
}

gboolean amanat_session_get_unlocked(AmanatSession *self) {
  g_return_val_if_fail(AMANAT_IS_SESSION(self), FALSE);
  return self->unlocked;
}

gboolean amanat_session_get_busy(AmanatSession *self) {
  g_return_val_if_fail(AMANAT_IS_SESSION(self), FALSE);
  return self->pending > 0;
}

void amanat_session_run(AmanatSession *self, AmanatSessionJob job_func, gpointer data,
                        GDestroyNotify destroy, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data) {
  g_return_if_fail(AMANAT_IS_SESSION(self));
  g_return_if_fail(job_func != NULL);

  Job *job = g_new0(Job, 1);
  job->job = job_func;
  job->data = data;
  job->destroy = destroy;
  job->callback = callback;
  job->user_data = user_data;
  job->generation = self->generation;

  GTask *task = g_task_new(self, cancellable, job_done_cb, NULL);
  g_task_set_task_data(task, job, (GDestroyNotify)job_free);
  /* The core reports cancellation itself (AMANAT_E_CANCELLED); keep its own result. */
  g_task_set_check_cancellable(task, FALSE);

  if (self->closed) {
    g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_CLOSED, "closed");
    self->pending++;
    g_object_unref(task);
    return;
  }
  if (cancellable != NULL)
    g_ptr_array_add(self->cancellables, g_object_ref(cancellable));
  if (self->pending++ == 0)
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_BUSY]);
  g_thread_pool_push(self->pool, task, NULL);
}

int amanat_session_run_finish(AmanatSession *self, GAsyncResult *result, GError **error) {
  g_return_val_if_fail(g_task_is_valid(result, self), -1);
  GError *local = NULL;
  gssize value = g_task_propagate_int(G_TASK(result), &local);
  if (local != NULL) {
    g_propagate_error(error, local);
    return -1;
  }
  return (int)value;
}

void amanat_session_lock(AmanatSession *self) {
  g_return_if_fail(AMANAT_IS_SESSION(self));
  if (self->closed)
    return;
  cancel_all(self);
  self->generation++;
  set_unlocked(self, FALSE);
  amanat_session_run(self, lock_job, NULL, NULL, NULL, NULL, NULL);
}

static void wipe_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  GTask *task = user_data;
  GError *error = NULL;
  if (amanat_session_run_finish(AMANAT_SESSION(source), result, &error) < 0)
    g_task_return_error(task, error);
  else
    g_task_return_boolean(task, TRUE);
  g_object_unref(task);
}

void amanat_session_wipe_async(AmanatSession *self, GAsyncReadyCallback callback,
                               gpointer user_data) {
  g_return_if_fail(AMANAT_IS_SESSION(self));

  GTask *task = g_task_new(self, NULL, callback, user_data);
  cancel_all(self);
  self->generation++;
  set_unlocked(self, FALSE);
  amanat_session_run(self, wipe_job, NULL, NULL, NULL, wipe_done_cb, task);
}

gboolean amanat_session_wipe_finish(AmanatSession *self, GAsyncResult *result, GError **error) {
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  return g_task_propagate_boolean(G_TASK(result), error);
}

amanat_vault *amanat_session_borrow(AmanatSession *self) {
  g_return_val_if_fail(AMANAT_IS_SESSION(self), NULL);
  if (!self->unlocked || self->closed)
    return NULL;
  if (!g_mutex_trylock(&self->mutex))
    return NULL;
  if (self->vault == NULL) {
    g_mutex_unlock(&self->mutex);
    return NULL;
  }
  return self->vault;
}

void amanat_session_give_back(AmanatSession *self) {
  g_return_if_fail(AMANAT_IS_SESSION(self));
  g_mutex_unlock(&self->mutex);
}

void amanat_session_close(AmanatSession *self) {
  g_return_if_fail(AMANAT_IS_SESSION(self));
  if (self->closed)
    return;
  cancel_all(self);
  self->closed = TRUE;
  set_unlocked(self, FALSE);
  /* Runs what is queued (cancelled imports stop at once), then stops the thread. */
  g_thread_pool_free(g_steal_pointer(&self->pool), FALSE, TRUE);
  g_mutex_lock(&self->mutex);
  amanat_vault_lock(self->vault);
  self->vault = NULL;
  g_mutex_unlock(&self->mutex);
}
