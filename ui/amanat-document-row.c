/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document-row.c: the row widget the document list's factory binds to items. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-bidi.h"
#include "amanat-document-row.h"

struct _AmanatDocumentRow {
  GtkWidget parent_instance;

  AmanatDocument *document;

  GtkImage *icon;
  GtkLabel *title_label;
  GtkLabel *details_label;
  GtkLabel *tags_label;
  GtkButton *details_button;
  GtkButton *delete_button;
};

G_DEFINE_FINAL_TYPE(AmanatDocumentRow, amanat_document_row, GTK_TYPE_WIDGET)

static void update(AmanatDocumentRow *self) {
  AmanatDocument *doc = self->document;
  gboolean real = doc != NULL && !amanat_document_is_placeholder(doc);

  gtk_label_set_text(self->title_label, doc != NULL ? amanat_document_get_display_title(doc) : "");
  gtk_widget_set_visible(GTK_WIDGET(self->delete_button), real);
  gtk_widget_set_visible(GTK_WIDGET(self->details_button), real);
  if (!real) {
    gtk_label_set_text(self->details_label, "");
    gtk_widget_set_visible(GTK_WIDGET(self->tags_label), FALSE);
    gtk_image_set_from_icon_name(self->icon, "text-x-generic-symbolic");
    gtk_actionable_set_action_name(GTK_ACTIONABLE(self->delete_button), NULL);
    gtk_actionable_set_action_target_value(GTK_ACTIONABLE(self->delete_button), NULL);
    gtk_actionable_set_action_name(GTK_ACTIONABLE(self->details_button), NULL);
    gtk_actionable_set_action_target_value(GTK_ACTIONABLE(self->details_button), NULL);
    return;
  }

  /* Each part isolated: a size ("45 bytes") or a day in a right-to-left line must not
   * reorder with its neighbours. */
  g_autofree char *type_text = amanat_document_dup_type_description(doc);
  g_autofree char *size_text = g_format_size(amanat_document_get_size(doc));
  g_autofree char *added_text = amanat_document_dup_added_description(doc);
  g_autofree char *type = amanat_bidi_isolate(type_text);
  g_autofree char *size = amanat_bidi_isolate(size_text);
  g_autofree char *added = amanat_bidi_isolate(added_text);
  /* Translators: a document's details in the list: type, size, day added, as in
   * "PDF document · 1.2 MB · 5 May 2024". */
  g_autofree char *details = g_strdup_printf(_("%s · %s · %s"), type, size, added);
  gtk_label_set_text(self->details_label, details);

  const char *const *tags = amanat_document_get_tags(doc);
  gboolean has_tags = tags != NULL && tags[0] != NULL;
  g_autofree char *tag_text = has_tags ? g_strjoinv(", ", (char **)tags) : NULL;
  gtk_widget_set_visible(GTK_WIDGET(self->tags_label), has_tags);
  gtk_label_set_text(self->tags_label, has_tags ? tag_text : "");

  if (amanat_document_get_kind(doc) == AMANAT_DOC_NOTE) {
    gtk_image_set_from_icon_name(self->icon, "accessories-text-editor-symbolic");
  } else {
    g_autofree char *content_type =
        g_content_type_from_mime_type(amanat_document_get_content_type(doc));
    g_autoptr(GIcon) icon =
        content_type != NULL ? g_content_type_get_symbolic_icon(content_type) : NULL;
    if (icon != NULL)
      gtk_image_set_from_gicon(self->icon, icon);
    else
      gtk_image_set_from_icon_name(self->icon, "text-x-generic-symbolic");
  }

  /* The target first: the action takes the document's id. */
  gtk_actionable_set_action_target(GTK_ACTIONABLE(self->delete_button), "s",
                                   amanat_document_get_id(doc));
  gtk_actionable_set_action_name(GTK_ACTIONABLE(self->delete_button), "documents.delete");
  /* Translators: the accessible name of a row's delete button; %s is the title. */
  g_autofree char *delete_label =
      g_strdup_printf(_("Delete “%s”"), amanat_document_get_display_title(doc));
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->delete_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 delete_label, -1);

  gtk_actionable_set_action_target(GTK_ACTIONABLE(self->details_button), "s",
                                   amanat_document_get_id(doc));
  gtk_actionable_set_action_name(GTK_ACTIONABLE(self->details_button), "documents.details");
  /* Translators: the accessible name of a row's details button; %s is the title. */
  g_autofree char *details_label =
      g_strdup_printf(_("Details of “%s”"), amanat_document_get_display_title(doc));
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->details_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL, details_label, -1);
}

static void amanat_document_row_dispose(GObject *object) {
  AmanatDocumentRow *self = AMANAT_DOCUMENT_ROW(object);

  g_clear_object(&self->document);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_DOCUMENT_ROW);
  /* dispose_template() unparents bound children only: the top one may not be bound. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child(GTK_WIDGET(self))) != NULL;)
    gtk_widget_unparent(child);

  G_OBJECT_CLASS(amanat_document_row_parent_class)->dispose(object);
}

static void amanat_document_row_class_init(AmanatDocumentRowClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_document_row_dispose;

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-document-row.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentRow, icon);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentRow, title_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentRow, details_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentRow, tags_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentRow, details_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentRow, delete_button);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void amanat_document_row_init(AmanatDocumentRow *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
}

GtkWidget *amanat_document_row_new(void) {
  return g_object_new(AMANAT_TYPE_DOCUMENT_ROW, NULL);
}

void amanat_document_row_set_document(AmanatDocumentRow *self, AmanatDocument *document) {
  g_return_if_fail(AMANAT_IS_DOCUMENT_ROW(self));
  g_return_if_fail(document == NULL || AMANAT_IS_DOCUMENT(document));

  if (g_set_object(&self->document, document) || document == NULL)
    update(self);
}

AmanatDocument *amanat_document_row_get_document(AmanatDocumentRow *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_ROW(self), NULL);
  return self->document;
}
