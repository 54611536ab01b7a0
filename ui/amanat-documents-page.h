/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-documents-page.h: the unlocked vault's document list: search as you type, add
 * files (chooser or drag and drop) with progress, delete with undo. */
#pragma once

#include <adwaita.h>

#include "amanat-document-details.h"
#include "amanat-save-copy.h"
#include "amanat-session.h"
#include "amanat-viewer.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_DOCUMENTS_PAGE (amanat_documents_page_get_type())
G_DECLARE_FINAL_TYPE(AmanatDocumentsPage, amanat_documents_page, AMANAT, DOCUMENTS_PAGE, GtkWidget)

/* Shows the documents of `session` (reloads; NULL shows nothing). */
void amanat_documents_page_set_session(AmanatDocumentsPage *self, AmanatSession *session);

/* The list the page shows (an AmanatDocumentModel, or an empty model before a session). */
GListModel *amanat_documents_page_get_model(AmanatDocumentsPage *self);

/* Reloads the list, e.g. after the vault was unlocked. */
void amanat_documents_page_reload(AmanatDocumentsPage *self);

/* Adds `files` (GFile) in one batch on the session's worker, with a progress bar and a
 * Cancel button. Does nothing while another import runs. */
void amanat_documents_page_import_files(AmanatDocumentsPage *self, GListModel *files);
gboolean amanat_documents_page_get_importing(AmanatDocumentsPage *self);
/* Cancels the running import: nothing of it is kept. */
void amanat_documents_page_cancel_import(AmanatDocumentsPage *self);

/* Opens Amanat's own file chooser (see amanat-file-chooser.c for why not the stock one). */
void amanat_documents_page_open_chooser(AmanatDocumentsPage *self);

void amanat_documents_page_focus_search(AmanatDocumentsPage *self);

/* Deletes the document `id` once its undo toast goes away without Undo. */
void amanat_documents_page_delete(AmanatDocumentsPage *self, const char *id);
/* Undoes the deletion waiting in the toast. */
void amanat_documents_page_undo_delete(AmanatDocumentsPage *self);
/* Deletes the document waiting in the toast now, and dismisses the toast. */
void amanat_documents_page_commit_pending_delete(AmanatDocumentsPage *self);
/* The id of the document waiting to be deleted, or NULL. */
const char *amanat_documents_page_get_pending_delete(AmanatDocumentsPage *self);

/* Shows a sentence in a toast; `stays` keeps it until dismissed. */
void amanat_documents_page_show_message(AmanatDocumentsPage *self, const char *message,
                                        gboolean stays);

/* Opens the details dialog of the document `id` (documents.details). */
void amanat_documents_page_show_details(AmanatDocumentsPage *self, const char *id);
/* The details dialog open, or NULL. */
AmanatDocumentDetails *amanat_documents_page_get_details(AmanatDocumentsPage *self);

/* "Save a Copy…" of the document `id` (documents.save-copy): the warning, the chooser, the
 * copy written with progress; the outcome in a toast. Does nothing while a copy is saved. */
void amanat_documents_page_save_copy(AmanatDocumentsPage *self, const char *id);
/* The copy being saved, or NULL. */
AmanatSaveCopy *amanat_documents_page_get_save_copy(AmanatDocumentsPage *self);

/* Opens the viewer on `document` (a row activated), or brings it forward. */
void amanat_documents_page_show_viewer(AmanatDocumentsPage *self, AmanatDocument *document);
/* The viewer open, or NULL. */
AmanatViewer *amanat_documents_page_get_viewer(AmanatDocumentsPage *self);
/* Closes the viewer, which wipes what it read (on lock, and before the panic page). */
void amanat_documents_page_close_viewer(AmanatDocumentsPage *self);

/* Before the vault locks: commits a pending deletion, closes the chooser and the details,
 * cancels an import or a copy being saved, clears the search and every toast. */
void amanat_documents_page_prepare_lock(AmanatDocumentsPage *self);

G_END_DECLS
