/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-import-job.h: adds files to the vault in one batch, on the session's worker, with
 * progress and cancellation: all the files are added, or none. */
#pragma once

#include <gio/gio.h>

#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_IMPORT_JOB (amanat_import_job_get_type())
G_DECLARE_FINAL_TYPE(AmanatImportJob, amanat_import_job, AMANAT, IMPORT_JOB, GObject)

/* `files` holds GFile objects with local paths. */
AmanatImportJob *amanat_import_job_new(GListModel *files);

guint amanat_import_job_get_n_files(AmanatImportJob *self);

void amanat_import_job_run_async(AmanatImportJob *self, AmanatSession *session,
                                 GAsyncReadyCallback callback, gpointer user_data);
/* The number of files added, or -1 with `error` set (nothing was added). */
int amanat_import_job_run_finish(AmanatImportJob *self, GAsyncResult *result, GError **error);

/* Asks the job to stop; it then fails with AMANAT_E_CANCELLED and adds nothing. */
void amanat_import_job_cancel(AmanatImportJob *self);

/* From 0 to 1; safe to call while the job runs. */
double amanat_import_job_get_fraction(AmanatImportJob *self);

G_END_DECLS
