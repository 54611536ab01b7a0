/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact-field-row.h: one labelled field of a contact's page. A sensitive field
 * shows dots, and says "Hidden" to screen readers, until its reveal button is pressed. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMANAT_TYPE_CONTACT_FIELD_ROW (amanat_contact_field_row_get_type())
G_DECLARE_FINAL_TYPE(AmanatContactFieldRow, amanat_contact_field_row, AMANAT, CONTACT_FIELD_ROW,
                     AdwActionRow)

/* The copy button activates the "contacts.copied" action (if an ancestor has it) after it
 * put the value on the clipboard. */
GtkWidget *amanat_contact_field_row_new(const char *label, const char *value, gboolean sensitive);

const char *amanat_contact_field_row_get_label(AmanatContactFieldRow *self);
gboolean amanat_contact_field_row_get_sensitive(AmanatContactFieldRow *self);
gboolean amanat_contact_field_row_get_revealed(AmanatContactFieldRow *self);
/* Shows or hides a sensitive value (a field that is not sensitive is always shown). */
void amanat_contact_field_row_set_revealed(AmanatContactFieldRow *self, gboolean revealed);
/* Copies the value to the clipboard, cleared 30 seconds later. */
void amanat_contact_field_row_copy(AmanatContactFieldRow *self);

G_END_DECLS
