/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact-view.h: one contact's page: name, labelled fields (sensitive ones hidden
 * until revealed), notes, tags and linked documents, with Edit and Delete (the
 * contacts.edit and contacts.delete actions of an ancestor). */
#pragma once

#include <adwaita.h>

#include "amanat-contact-field-row.h"
#include "amanat-contact.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_CONTACT_VIEW (amanat_contact_view_get_type())
G_DECLARE_FINAL_TYPE(AmanatContactView, amanat_contact_view, AMANAT, CONTACT_VIEW, GtkWidget)

/* Shows `contact` (read with its values) and its linked documents (AmanatDocument, may be
 * NULL). Every sensitive field starts hidden. */
void amanat_contact_view_set_contact(AmanatContactView *self, AmanatContact *contact,
                                     GListModel *documents);
/* Empties the view: no name or value stays in any widget. */
void amanat_contact_view_clear(AmanatContactView *self);
/* Hides every revealed sensitive field again. */
void amanat_contact_view_hide_all(AmanatContactView *self);

AmanatContact *amanat_contact_view_get_contact(AmanatContactView *self);
/* The row of the field labelled `label`, or NULL. */
AmanatContactFieldRow *amanat_contact_view_get_field_row(AmanatContactView *self,
                                                         const char *label);

G_END_DECLS
