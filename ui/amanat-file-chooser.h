/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-file-chooser.h: a window for picking files to add, that leaves no trace in the
 * desktop's list of recently used files. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMANAT_TYPE_FILE_CHOOSER (amanat_file_chooser_get_type())
G_DECLARE_FINAL_TYPE(AmanatFileChooser, amanat_file_chooser, AMANAT, FILE_CHOOSER, AdwWindow)

/* A modal chooser for several files, over `parent`. It emits ::files-chosen with a
 * GListModel of GFile when the person accepts, and closes itself either way. */
AmanatFileChooser *amanat_file_chooser_new(GtkWindow *parent);

/* The same for one file (GTK_FILE_CHOOSER_ACTION_OPEN), one folder
 * (GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER: the folder selected, else the one open) or a file to
 * write (GTK_FILE_CHOOSER_ACTION_SAVE: the name typed in the folder open; it may exist), with
 * its own title and accept button; ::files-chosen then holds that one GFile. */
AmanatFileChooser *amanat_file_chooser_new_for(GtkWindow *parent, GtkFileChooserAction action,
                                               const char *title, const char *accept_label);

/* The embedded chooser widget, for tests that select files programmatically. */
GtkFileChooser *amanat_file_chooser_get_chooser(AmanatFileChooser *self);

/* Accepts the current selection, as the Add button does. */
void amanat_file_chooser_accept(AmanatFileChooser *self);

G_END_DECLS
