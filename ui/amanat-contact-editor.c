/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact-editor.c: see amanat-contact-editor.h. Nothing typed here reaches the disk
 * but through the vault: the form keeps no undo history of values, and clearing it
 * overwrites the entries' text before emptying them. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "amanat-bidi.h"
#include "amanat-contact-editor.h"
#include "amanat-contact-field-editor.h"
#include "amanat-secret-entry.h"

struct _AmanatContactEditor {
  GtkWidget parent_instance;

  GPtrArray *field_editors; /* AmanatContactFieldEditor in fields_group */

  GtkScrolledWindow *scroller;
  GtkLabel *heading_label;
  GtkWidget *add_field_button;
  AdwEntryRow *name_row;
  AdwPreferencesGroup *fields_group;
  GtkTextView *notes_view;
  AdwEntryRow *tags_row;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE(AmanatContactEditor, amanat_contact_editor, GTK_TYPE_WIDGET)

static void wipe_string(char *text) {
  if (text != NULL) {
    sodium_memzero(text, strlen(text));
    g_free(text);
  }
}

void amanat_contact_draft_free(AmanatContactDraft *draft) {
  if (draft == NULL)
    return;
  g_free(draft->name);
  for (guint i = 0; draft->fields != NULL && i < draft->fields->len; i++) {
    amanat_contact_field *field = &g_array_index(draft->fields, amanat_contact_field, i);
    g_free((char *)field->label);
    wipe_string((char *)field->value);
  }
  if (draft->fields != NULL)
    g_array_unref(draft->fields);
  wipe_string(draft->notes);
  g_strfreev(draft->tags);
  g_free(draft);
}

/* Empties a text buffer without leaving the old text in its undo history. */
static void clear_buffer(GtkTextBuffer *buffer) {
  gtk_text_buffer_set_enable_undo(buffer, FALSE);
  gtk_text_buffer_set_text(buffer, "", 0);
  gtk_text_buffer_set_enable_undo(buffer, TRUE);
}

static void on_remove_field_cb(AmanatContactFieldEditor *editor, AmanatContactEditor *self) {
  /* The focus leaves the row first, for the Add button: a row taken out of its list while
   * it holds the focus leaves GtkListBox pointing at it. */
  GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(editor));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus(root) : NULL;
  if (focus != NULL &&
      (focus == GTK_WIDGET(editor) || gtk_widget_is_ancestor(focus, GTK_WIDGET(editor)))) {
    if (!gtk_widget_get_mapped(self->add_field_button) ||
        !gtk_widget_grab_focus(self->add_field_button))
      gtk_root_set_focus(root, NULL);
  }
  amanat_contact_field_editor_wipe(editor);
  adw_preferences_group_remove(self->fields_group, GTK_WIDGET(editor));
  g_ptr_array_remove(self->field_editors, editor);
}

static AmanatContactFieldEditor *append_field(AmanatContactEditor *self, const char *label,
                                              const char *value, gboolean sensitive) {
  GtkWidget *editor = amanat_contact_field_editor_new(label, value, sensitive);
  g_signal_connect(editor, "remove-requested", G_CALLBACK(on_remove_field_cb), self);
  adw_preferences_group_add(self->fields_group, editor);
  g_ptr_array_add(self->field_editors, editor);
  return AMANAT_CONTACT_FIELD_EDITOR(editor);
}

static void remove_all_fields(AmanatContactEditor *self) {
  while (self->field_editors->len > 0) {
    AmanatContactFieldEditor *editor = g_ptr_array_index(self->field_editors, 0);
    g_signal_handlers_disconnect_by_data(editor, self);
    on_remove_field_cb(editor, self);
  }
}

/* "a, b ,, c" → {"a", "b", "c"}, without repeats. */
static char **split_tags(const char *text) {
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (char **p = parts; *p != NULL; p++) {
    char *tag = g_strstrip(*p);
    if (tag[0] == '\0' || !g_hash_table_add(seen, g_strdup(tag)))
      continue;
    g_strv_builder_add(builder, tag);
  }
  return g_strv_builder_end(builder);
}

static void amanat_contact_editor_dispose(GObject *object) {
  AmanatContactEditor *self = AMANAT_CONTACT_EDITOR(object);

  if (self->field_editors != NULL)
    amanat_contact_editor_clear(self);
  g_clear_pointer(&self->field_editors, g_ptr_array_unref);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_CONTACT_EDITOR);

  G_OBJECT_CLASS(amanat_contact_editor_parent_class)->dispose(object);
}

static void amanat_contact_editor_class_init(AmanatContactEditorClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_contact_editor_dispose;

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-contact-editor.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatContactEditor, scroller);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactEditor, heading_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactEditor, add_field_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactEditor, name_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactEditor, fields_group);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactEditor, notes_view);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactEditor, tags_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactEditor, error_label);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void amanat_contact_editor_init(AmanatContactEditor *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->field_editors = g_ptr_array_new();
}

void amanat_contact_editor_load(AmanatContactEditor *self, AmanatContact *contact) {
  g_return_if_fail(AMANAT_IS_CONTACT_EDITOR(self));
  g_return_if_fail(contact == NULL || AMANAT_IS_CONTACT(contact));

  amanat_contact_editor_clear(self);
  gtk_label_set_text(self->heading_label, contact != NULL ? _("Edit Contact") : _("New Contact"));
  if (contact == NULL) {
    gtk_adjustment_set_value(gtk_scrolled_window_get_vadjustment(self->scroller), 0);
    return;
  }

  gtk_editable_set_text(GTK_EDITABLE(self->name_row), amanat_contact_get_name(contact));
  guint n = amanat_contact_get_n_fields(contact);
  for (guint i = 0; i < n; i++)
    (void)append_field(self, amanat_contact_get_field_label(contact, i),
                       amanat_contact_get_field_value(contact, i),
                       amanat_contact_get_field_sensitive(contact, i));

  /* Loading is not an edit the person could undo. */
  GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->notes_view);
  gtk_text_buffer_begin_irreversible_action(buffer);
  gtk_text_buffer_set_text(buffer, amanat_contact_get_notes(contact), -1);
  gtk_text_buffer_end_irreversible_action(buffer);

  const char *const *tags = amanat_contact_get_tags(contact);
  g_autofree char *tag_text = tags != NULL ? g_strjoinv(", ", (char **)tags) : g_strdup("");
  gtk_editable_set_text(GTK_EDITABLE(self->tags_row), tag_text);
  gtk_adjustment_set_value(gtk_scrolled_window_get_vadjustment(self->scroller), 0);
}

void amanat_contact_editor_clear(AmanatContactEditor *self) {
  g_return_if_fail(AMANAT_IS_CONTACT_EDITOR(self));

  remove_all_fields(self);
  amanat_secret_entry_wipe(GTK_EDITABLE(self->name_row));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->tags_row));
  clear_buffer(gtk_text_view_get_buffer(self->notes_view));
  amanat_contact_editor_set_error(self, NULL);
}

void amanat_contact_editor_add_field(AmanatContactEditor *self) {
  g_return_if_fail(AMANAT_IS_CONTACT_EDITOR(self));
  amanat_contact_field_editor_focus(append_field(self, "", "", FALSE));
}

AmanatContactDraft *amanat_contact_editor_dup_draft(AmanatContactEditor *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_EDITOR(self), NULL);

  g_autoptr(AmanatContactDraft) draft = g_new0(AmanatContactDraft, 1);
  draft->name = g_strstrip(g_strdup(gtk_editable_get_text(GTK_EDITABLE(self->name_row))));
  if (draft->name[0] == '\0') {
    amanat_contact_editor_set_error(self, _("A contact needs a name. A code name is enough."));
    gtk_widget_grab_focus(GTK_WIDGET(self->name_row));
    return NULL;
  }

  draft->fields = g_array_new(FALSE, TRUE, sizeof(amanat_contact_field));
  g_autoptr(GHashTable) labels = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < self->field_editors->len; i++) {
    AmanatContactFieldEditor *editor = g_ptr_array_index(self->field_editors, i);
    g_autofree char *label = g_strstrip(g_strdup(amanat_contact_field_editor_get_label(editor)));
    const char *value = amanat_contact_field_editor_get_value(editor);
    if (label[0] == '\0' && value[0] == '\0')
      continue; /* an empty line left over: not a field */
    if (label[0] == '\0') {
      amanat_contact_editor_set_error(self, _("Every detail needs a label, such as “Phone”."));
      amanat_contact_field_editor_focus(editor);
      return NULL;
    }
    if (g_hash_table_contains(labels, label)) {
      /* Translators: %s is a label a person gave two of a contact's details. */
      g_autofree char *shown = amanat_bidi_isolate(label);
      g_autofree char *message =
          g_strdup_printf(_("Two details have the label “%s”. Give each its own label."), shown);
      amanat_contact_editor_set_error(self, message);
      amanat_contact_field_editor_focus(editor);
      return NULL;
    }
    amanat_contact_field field = {
        .label = g_steal_pointer(&label),
        .value = g_strdup(value),
        .sensitive = amanat_contact_field_editor_get_sensitive(editor),
    };
    g_array_append_val(draft->fields, field);
    g_hash_table_add(labels, (char *)field.label);
  }

  GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->notes_view);
  GtkTextIter start, end;
  gtk_text_buffer_get_bounds(buffer, &start, &end);
  draft->notes = gtk_text_buffer_get_text(buffer, &start, &end, FALSE);
  draft->tags = split_tags(gtk_editable_get_text(GTK_EDITABLE(self->tags_row)));
  amanat_contact_editor_set_error(self, NULL);
  return g_steal_pointer(&draft);
}

void amanat_contact_editor_set_error(AmanatContactEditor *self, const char *message) {
  g_return_if_fail(AMANAT_IS_CONTACT_EDITOR(self));
  gtk_label_set_text(self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible(GTK_WIDGET(self->error_label), message != NULL);
}

void amanat_contact_editor_focus(AmanatContactEditor *self) {
  g_return_if_fail(AMANAT_IS_CONTACT_EDITOR(self));
  gtk_widget_grab_focus(GTK_WIDGET(self->name_row));
}

GtkEditable *amanat_contact_editor_get_name_entry(AmanatContactEditor *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_EDITOR(self), NULL);
  return GTK_EDITABLE(self->name_row);
}

GtkEditable *amanat_contact_editor_get_tags_entry(AmanatContactEditor *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_EDITOR(self), NULL);
  return GTK_EDITABLE(self->tags_row);
}

GtkTextBuffer *amanat_contact_editor_get_notes_buffer(AmanatContactEditor *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_EDITOR(self), NULL);
  return gtk_text_view_get_buffer(self->notes_view);
}

GPtrArray *amanat_contact_editor_get_field_editors(AmanatContactEditor *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_EDITOR(self), NULL);
  return self->field_editors;
}
