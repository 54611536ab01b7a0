/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-save-copy.h: "Save a Copy…" of one document: a plain warning that the copy leaves
 * the vault unencrypted, Amanat's own chooser for where (nothing enters the recent files),
 * then the copy written on the session's worker with a progress bar and Cancel. */
#pragma once

#include <adwaita.h>

#include "amanat-file-chooser.h"
#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_SAVE_COPY (amanat_save_copy_get_type())
G_DECLARE_FINAL_TYPE(AmanatSaveCopy, amanat_save_copy, AMANAT, SAVE_COPY, GObject)

/* For the document `id` of `session`. ::finished(message, saved) ends every run: `message`
 * is a sentence to show (NULL when the person backed out before anything was written). */
AmanatSaveCopy *amanat_save_copy_new(AmanatSession *session, const char *id);
const char *amanat_save_copy_get_id(AmanatSaveCopy *self);

/* Reads the title (for the suggested name), then shows the warning over `parent`. */
void amanat_save_copy_start(AmanatSaveCopy *self, GtkWindow *parent);
/* Writes the copy to `path` now, as choosing it in the chooser does (never over a file). */
void amanat_save_copy_write(AmanatSaveCopy *self, const char *path);
/* Stops whatever step is running: dialogs close, a partial copy is removed. */
void amanat_save_copy_cancel(AmanatSaveCopy *self);

/* What is on screen, for tests: the warning or progress dialog, and the chooser. */
AdwMessageDialog *amanat_save_copy_get_dialog(AmanatSaveCopy *self);
AmanatFileChooser *amanat_save_copy_get_chooser(AmanatSaveCopy *self);
/* Whether the copy is being written; its progress from 0 to 1. */
gboolean amanat_save_copy_get_writing(AmanatSaveCopy *self);
double amanat_save_copy_get_fraction(AmanatSaveCopy *self);

G_END_DECLS
