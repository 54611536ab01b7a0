/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document-details.h: a dialog for one document: its title, tags, note and linked
 * contacts, and the way to save a copy or delete it. Every change runs as a session job. */
#pragma once

#include <adwaita.h>

#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_DOCUMENT_DETAILS (amanat_document_details_get_type())
G_DECLARE_FINAL_TYPE(AmanatDocumentDetails, amanat_document_details, AMANAT, DOCUMENT_DETAILS,
                     AdwWindow)

/* A modal window over `parent` for the document `id`. It emits ::changed after each change
 * it made to the vault, ::save-copy-requested and ::delete-requested (after closing) for what
 * the documents page does, and closes itself when the vault locks. Its title never names the
 * document. */
AmanatDocumentDetails *amanat_document_details_new(GtkWindow *parent, AmanatSession *session,
                                                   const char *id);
const char *amanat_document_details_get_id(AmanatDocumentDetails *self);

/* Whether a read or a change is under way (FALSE once what is shown is current). */
gboolean amanat_document_details_get_busy(AmanatDocumentDetails *self);

/* What the window shows, as last read from the vault. */
const char *amanat_document_details_get_title(AmanatDocumentDetails *self);
const char *const *amanat_document_details_get_tags(AmanatDocumentDetails *self);
/* Ids of the linked contacts. */
const char *const *amanat_document_details_get_linked(AmanatDocumentDetails *self);
/* Before the vault locks: saves a note typed and not saved yet. */
void amanat_document_details_prepare_lock(AmanatDocumentDetails *self);

/* The note as typed (saved or not). */
char *amanat_document_details_dup_note(AmanatDocumentDetails *self);
void amanat_document_details_set_note(AmanatDocumentDetails *self, const char *text);

G_END_DECLS
