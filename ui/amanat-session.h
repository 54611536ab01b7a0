/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-session.h: one vault folder and, while unlocked, its open vault. Every core call
 * that may take long runs as a job on the session's one worker thread, in the order the
 * jobs were queued; the main thread only borrows the vault for quick reads. */
#pragma once

#include <gio/gio.h>

#include "amanat.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_SESSION (amanat_session_get_type())
G_DECLARE_FINAL_TYPE(AmanatSession, amanat_session, AMANAT, SESSION, GObject)

/* A job, run on the worker thread with the vault to itself. `vault` is the session's slot:
 * a job may open a vault into it or lock it and set it to NULL. Returns an amanat_err
 * (negative) or any result >= 0. */
typedef int (*AmanatSessionJob)(amanat_vault **vault, const char *dir, gpointer data,
                                GCancellable *cancellable);

AmanatSession *amanat_session_new(const char *dir);
const char *amanat_session_get_dir(AmanatSession *self);

/* Whether the vault is open, as the main thread should see it: FALSE from the moment
 * amanat_session_lock() is called. */
gboolean amanat_session_get_unlocked(AmanatSession *self);

/* Whether any job is queued or running. */
gboolean amanat_session_get_busy(AmanatSession *self);

/* Queues a job. `cancellable` (may be NULL) is cancelled by amanat_session_lock() and
 * amanat_session_close() too. `data` is freed with `destroy` on the main thread after
 * `callback` ran. */
void amanat_session_run(AmanatSession *self, AmanatSessionJob job, gpointer data,
                        GDestroyNotify destroy, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data);
/* The job's result (>= 0), or -1 with `error` set (AMANAT_CORE_ERROR, an amanat_err). */
int amanat_session_run_finish(AmanatSession *self, GAsyncResult *result, GError **error);

/* Cancels queued jobs that can be cancelled and queues a job that locks the vault. */
void amanat_session_lock(AmanatSession *self);

/* Cancels what can be cancelled, locks, then wipes the vault folder (no password needed). */
void amanat_session_wipe_async(AmanatSession *self, GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean amanat_session_wipe_finish(AmanatSession *self, GAsyncResult *result, GError **error);

/* For quick reads on the main thread: the open vault, or NULL when locked or while a job
 * has it. Every non-NULL result must be given back with amanat_session_give_back(). */
amanat_vault *amanat_session_borrow(AmanatSession *self);
void amanat_session_give_back(AmanatSession *self);

/* Cancels jobs, waits for the worker to finish, and locks the vault. Blocks for at most
 * one key derivation. The session runs no more jobs afterwards. */
void amanat_session_close(AmanatSession *self);

G_END_DECLS
