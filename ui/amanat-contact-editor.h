/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact-editor.h: the form that adds or edits a contact: name, fields (label,
 * value, sensitive), notes and tags. Its buttons activate contacts.save,
 * contacts.cancel-edit and contacts.add-field on an ancestor. */
#pragma once

#include <adwaita.h>

#include "amanat-contact.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_CONTACT_EDITOR (amanat_contact_editor_get_type())
G_DECLARE_FINAL_TYPE(AmanatContactEditor, amanat_contact_editor, AMANAT, CONTACT_EDITOR, GtkWidget)

/* What the form holds, checked and trimmed. Every string is owned; values are wiped by
 * amanat_contact_draft_free(). */
typedef struct {
  char *name;
  GArray *fields; /* amanat_contact_field */
  char *notes;
  char **tags;
} AmanatContactDraft;

void amanat_contact_draft_free(AmanatContactDraft *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AmanatContactDraft, amanat_contact_draft_free)

/* Fills the form from `contact` (read with its values), or empties it for a new contact
 * (NULL). */
void amanat_contact_editor_load(AmanatContactEditor *self, AmanatContact *contact);
/* Overwrites and empties every entry (on lock, after saving, on cancel). */
void amanat_contact_editor_clear(AmanatContactEditor *self);

/* Adds an empty field and moves the focus to it. */
void amanat_contact_editor_add_field(AmanatContactEditor *self);

/* The form's content, or NULL with the reason shown in the form (no name, a field without
 * a label, two fields with the same label). */
AmanatContactDraft *amanat_contact_editor_dup_draft(AmanatContactEditor *self);

/* Shows a sentence under the form (NULL hides it). */
void amanat_contact_editor_set_error(AmanatContactEditor *self, const char *message);

void amanat_contact_editor_focus(AmanatContactEditor *self);

/* For tests: the form's widgets. */
GtkEditable *amanat_contact_editor_get_name_entry(AmanatContactEditor *self);
GtkEditable *amanat_contact_editor_get_tags_entry(AmanatContactEditor *self);
GtkTextBuffer *amanat_contact_editor_get_notes_buffer(AmanatContactEditor *self);
/* The field editors (AmanatContactFieldEditor) in order. */
GPtrArray *amanat_contact_editor_get_field_editors(AmanatContactEditor *self);

G_END_DECLS
