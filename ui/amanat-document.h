/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document.h: what the document list shows of one document or note. */
#pragma once

#include <glib-object.h>

#include "amanat.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_DOCUMENT (amanat_document_get_type())
G_DECLARE_FINAL_TYPE(AmanatDocument, amanat_document, AMANAT, DOCUMENT, GObject)

/* Copies what a listing or search shows of `info`. */
AmanatDocument *amanat_document_new_from_info(const amanat_doc_info *info);
/* A stand-in for a row not read yet (the vault was busy): no id, no title. */
AmanatDocument *amanat_document_new_placeholder(void);

gboolean amanat_document_is_placeholder(AmanatDocument *self);
const char *amanat_document_get_id(AmanatDocument *self);
/* The title as stored: may be "". */
const char *amanat_document_get_title(AmanatDocument *self);
/* The title to show: "Untitled" (translated) when empty. */
const char *amanat_document_get_display_title(AmanatDocument *self);
amanat_doc_kind amanat_document_get_kind(AmanatDocument *self);
const char *amanat_document_get_content_type(AmanatDocument *self);
guint64 amanat_document_get_size(AmanatDocument *self);
/* "YYYY-MM-DD". */
const char *amanat_document_get_added(AmanatDocument *self);
const char *const *amanat_document_get_tags(AmanatDocument *self);

/* Plain words for the type: "Note", "PDF document", "Document" when unknown. */
char *amanat_document_dup_type_description(AmanatDocument *self);
/* The day added in the reader's date format; the stored text when it can't be parsed. */
char *amanat_document_dup_added_description(AmanatDocument *self);

G_END_DECLS
