/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact-field-editor.h: one field in the contact editor: its label, its value and
 * whether it is sensitive (hidden until revealed). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AMANAT_TYPE_CONTACT_FIELD_EDITOR (amanat_contact_field_editor_get_type())
G_DECLARE_FINAL_TYPE(AmanatContactFieldEditor, amanat_contact_field_editor, AMANAT,
                     CONTACT_FIELD_EDITOR, GtkListBoxRow)

/* Emits "remove-requested" when its Remove button is pressed. */
GtkWidget *amanat_contact_field_editor_new(const char *label, const char *value,
                                           gboolean sensitive);

const char *amanat_contact_field_editor_get_label(AmanatContactFieldEditor *self);
const char *amanat_contact_field_editor_get_value(AmanatContactFieldEditor *self);
gboolean amanat_contact_field_editor_get_sensitive(AmanatContactFieldEditor *self);

void amanat_contact_field_editor_set_label(AmanatContactFieldEditor *self, const char *label);
void amanat_contact_field_editor_set_value(AmanatContactFieldEditor *self, const char *value);
void amanat_contact_field_editor_set_sensitive(AmanatContactFieldEditor *self, gboolean sensitive);

/* Moves the keyboard focus to the label. */
void amanat_contact_field_editor_focus(AmanatContactFieldEditor *self);
/* Overwrites the value's text, then empties both entries. */
void amanat_contact_field_editor_wipe(AmanatContactFieldEditor *self);

G_END_DECLS
