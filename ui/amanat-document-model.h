/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document-model.h: a GListModel of AmanatDocument backed by the vault: the whole
 * list (newest first) read in pages as rows are shown, or the results of a search. */
#pragma once

#include <gio/gio.h>

#include "amanat-document.h"
#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_DOCUMENT_MODEL (amanat_document_model_get_type())
G_DECLARE_FINAL_TYPE(AmanatDocumentModel, amanat_document_model, AMANAT, DOCUMENT_MODEL, GObject)

/* Rows read from the vault at a time. */
#define AMANAT_DOCUMENT_MODEL_PAGE_SIZE 200

AmanatDocumentModel *amanat_document_model_new(AmanatSession *session);

/* NULL or blank: the whole list; otherwise search results for `query`, found on the
 * session's worker: they replace the rows when they arrive (see :searching). */
void amanat_document_model_set_query(AmanatDocumentModel *self, const char *query);
/* The query in use, or NULL for the whole list. */
const char *amanat_document_model_get_query(AmanatDocumentModel *self);

/* Whether a search is running; the rows change when it is done. */
gboolean amanat_document_model_get_searching(AmanatDocumentModel *self);

/* Reads the count (or runs the search) again and drops every cached row. */
void amanat_document_model_reload(AmanatDocumentModel *self);
/* Empties the model and forgets everything it read (on lock). */
void amanat_document_model_clear(AmanatDocumentModel *self);

/* Takes the row at `position` out of view (a deletion waiting for its undo toast) and
 * returns it; NULL when out of range. */
AmanatDocument *amanat_document_model_hide(AmanatDocumentModel *self, guint position);
/* Puts a hidden row back where it was. FALSE when `id` is not hidden. */
gboolean amanat_document_model_unhide(AmanatDocumentModel *self, const char *id);
/* Forgets a hidden row whose document was deleted; call amanat_document_model_reload()
 * after. */
void amanat_document_model_forget_hidden(AmanatDocumentModel *self, const char *id);

/* Finds a row by id among the rows read so far. */
gboolean amanat_document_model_find(AmanatDocumentModel *self, const char *id, guint *position);

/* How many pages of rows are cached (for tests). */
guint amanat_document_model_get_cached_pages(AmanatDocumentModel *self);

G_END_DECLS
