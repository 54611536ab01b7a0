/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact-view.c: see amanat-contact-view.h. Rows are rebuilt for each contact, so
 * a revealed field never carries over to the next contact. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "amanat-contact-view.h"
#include "amanat-dates.h"
#include "amanat-document.h"

struct _AmanatContactView {
  GtkWidget parent_instance;

  AmanatContact *contact;
  GPtrArray *field_rows;    /* AmanatContactFieldRow in fields_group */
  GPtrArray *document_rows; /* AdwActionRow in documents_group */

  GtkScrolledWindow *scroller;
  GtkLabel *name_label;
  GtkLabel *added_label;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *notes_group;
  GtkLabel *notes_label;
  AdwPreferencesGroup *tags_group;
  GtkLabel *tags_label;
  AdwPreferencesGroup *documents_group;
};

G_DEFINE_FINAL_TYPE(AmanatContactView, amanat_contact_view, GTK_TYPE_WIDGET)

static void remove_rows(AdwPreferencesGroup *group, GPtrArray *rows) {
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove(group, g_ptr_array_index(rows, i));
  g_ptr_array_set_size(rows, 0);
}

/* "Added 5 May 2024" in the reader's date format. */
static char *dup_added_text(const char *added) {
  if (added == NULL || added[0] == '\0')
    return g_strdup("");
  g_autofree char *day_text = amanat_format_iso_day(added);
  /* Translators: under a contact's name; %s is a date. */
  return g_strdup_printf(_("Added %s"), day_text);
}

static GtkWidget *new_document_row(AmanatDocument *doc) {
  GtkWidget *row = adw_action_row_new();
  adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(row), FALSE);
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), amanat_document_get_display_title(doc));
  g_autofree char *type = amanat_document_dup_type_description(doc);
  adw_action_row_set_subtitle(ADW_ACTION_ROW(row), type);

  GtkWidget *unlink = gtk_button_new_from_icon_name("list-remove-symbolic");
  gtk_widget_set_valign(unlink, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(unlink, "flat");
  gtk_widget_set_tooltip_text(unlink, _("Unlink"));
  /* Translators: the accessible name of the button that unlinks a document from a contact;
   * %s is the document's title. */
  g_autofree char *label =
      g_strdup_printf(_("Unlink “%s”"), amanat_document_get_display_title(doc));
  gtk_accessible_update_property(GTK_ACCESSIBLE(unlink), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_target(GTK_ACTIONABLE(unlink), "s", amanat_document_get_id(doc));
  gtk_actionable_set_action_name(GTK_ACTIONABLE(unlink), "contacts.unlink");
  adw_action_row_add_suffix(ADW_ACTION_ROW(row), unlink);
  return row;
}

static void amanat_contact_view_dispose(GObject *object) {
  AmanatContactView *self = AMANAT_CONTACT_VIEW(object);

  g_clear_object(&self->contact);
  g_clear_pointer(&self->field_rows, g_ptr_array_unref);
  g_clear_pointer(&self->document_rows, g_ptr_array_unref);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_CONTACT_VIEW);

  G_OBJECT_CLASS(amanat_contact_view_parent_class)->dispose(object);
}

static void amanat_contact_view_class_init(AmanatContactViewClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_contact_view_dispose;

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-contact-view.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, scroller);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, name_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, added_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, fields_group);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, notes_group);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, notes_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, tags_group);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, tags_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactView, documents_group);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void amanat_contact_view_init(AmanatContactView *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->field_rows = g_ptr_array_new();
  self->document_rows = g_ptr_array_new();
}

void amanat_contact_view_set_contact(AmanatContactView *self, AmanatContact *contact,
                                     GListModel *documents) {
  g_return_if_fail(AMANAT_IS_CONTACT_VIEW(self));
  g_return_if_fail(AMANAT_IS_CONTACT(contact));

  amanat_contact_view_clear(self);
  self->contact = g_object_ref(contact);

  gtk_label_set_text(self->name_label, amanat_contact_get_name(contact));
  g_autofree char *added = dup_added_text(amanat_contact_get_added(contact));
  gtk_label_set_text(self->added_label, added);

  guint n_fields = amanat_contact_get_n_fields(contact);
  for (guint i = 0; i < n_fields; i++) {
    GtkWidget *row = amanat_contact_field_row_new(amanat_contact_get_field_label(contact, i),
                                                  amanat_contact_get_field_value(contact, i),
                                                  amanat_contact_get_field_sensitive(contact, i));
    adw_preferences_group_add(self->fields_group, row);
    g_ptr_array_add(self->field_rows, row);
  }
  gtk_widget_set_visible(GTK_WIDGET(self->fields_group), n_fields > 0);

  const char *notes = amanat_contact_get_notes(contact);
  gboolean has_notes = notes != NULL && notes[0] != '\0';
  gtk_label_set_text(self->notes_label, has_notes ? notes : "");
  gtk_widget_set_visible(GTK_WIDGET(self->notes_group), has_notes);

  const char *const *tags = amanat_contact_get_tags(contact);
  gboolean has_tags = tags != NULL && tags[0] != NULL;
  g_autofree char *tag_text = has_tags ? g_strjoinv(", ", (char **)tags) : NULL;
  gtk_label_set_text(self->tags_label, has_tags ? tag_text : "");
  gtk_widget_set_visible(GTK_WIDGET(self->tags_group), has_tags);

  guint n_documents = documents != NULL ? g_list_model_get_n_items(documents) : 0;
  for (guint i = 0; i < n_documents; i++) {
    g_autoptr(AmanatDocument) doc = g_list_model_get_item(documents, i);
    GtkWidget *row = new_document_row(doc);
    adw_preferences_group_add(self->documents_group, row);
    g_ptr_array_add(self->document_rows, row);
  }
  adw_preferences_group_set_description(
      self->documents_group,
      n_documents == 0 ? _("No documents are linked to this contact yet.") : NULL);

  gtk_adjustment_set_value(gtk_scrolled_window_get_vadjustment(self->scroller), 0);
}

void amanat_contact_view_clear(AmanatContactView *self) {
  g_return_if_fail(AMANAT_IS_CONTACT_VIEW(self));

  remove_rows(self->fields_group, self->field_rows);
  remove_rows(self->documents_group, self->document_rows);
  gtk_label_set_text(self->name_label, "");
  gtk_label_set_text(self->added_label, "");
  gtk_label_set_text(self->notes_label, "");
  gtk_label_set_text(self->tags_label, "");
  g_clear_object(&self->contact);
}

void amanat_contact_view_hide_all(AmanatContactView *self) {
  g_return_if_fail(AMANAT_IS_CONTACT_VIEW(self));
  for (guint i = 0; i < self->field_rows->len; i++)
    amanat_contact_field_row_set_revealed(g_ptr_array_index(self->field_rows, i), FALSE);
}

AmanatContact *amanat_contact_view_get_contact(AmanatContactView *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_VIEW(self), NULL);
  return self->contact;
}

AmanatContactFieldRow *amanat_contact_view_get_field_row(AmanatContactView *self,
                                                         const char *label) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_VIEW(self), NULL);
  for (guint i = 0; i < self->field_rows->len; i++) {
    AmanatContactFieldRow *row = g_ptr_array_index(self->field_rows, i);
    if (g_strcmp0(amanat_contact_field_row_get_label(row), label) == 0)
      return row;
  }
  return NULL;
}
