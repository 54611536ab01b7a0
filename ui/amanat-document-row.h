/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document-row.h: one row of the document list: title, type, size, date, tags. */
#pragma once

#include <gtk/gtk.h>

#include "amanat-document.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_DOCUMENT_ROW (amanat_document_row_get_type())
G_DECLARE_FINAL_TYPE(AmanatDocumentRow, amanat_document_row, AMANAT, DOCUMENT_ROW, GtkWidget)

GtkWidget *amanat_document_row_new(void);

/* Shows `document` (NULL: nothing). */
void amanat_document_row_set_document(AmanatDocumentRow *self, AmanatDocument *document);
AmanatDocument *amanat_document_row_get_document(AmanatDocumentRow *self);

G_END_DECLS
