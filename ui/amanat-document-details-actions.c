/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document-details-actions.c: the details dialog's actions (details.*), which its
 * rows and buttons use and the tests drive. Text comes in trimmed; a tag is never empty. */
#include "config.h"

#include "amanat-document-details-private.h"

static char *stripped(GVariant *param) {
  return g_strstrip(g_strdup(g_variant_get_string(param, NULL)));
}

static void change(GtkWidget *widget, AmanatDetailsChange kind, const char *value) {
  amanat_document_details_run_change(AMANAT_DOCUMENT_DETAILS(widget), kind, value);
}

static void rename_action(GtkWidget *widget, const char *name, GVariant *param) {
  g_autofree char *title = stripped(param);
  change(widget, AMANAT_DETAILS_CHANGE_TITLE, title);
}

static void add_tag_action(GtkWidget *widget, const char *name, GVariant *param) {
  g_autofree char *tag = stripped(param);
  if (tag[0] != '\0')
    change(widget, AMANAT_DETAILS_CHANGE_ADD_TAG, tag);
}

static void remove_tag_action(GtkWidget *widget, const char *name, GVariant *param) {
  change(widget, AMANAT_DETAILS_CHANGE_REMOVE_TAG, g_variant_get_string(param, NULL));
}

static void save_note_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_document_details_save_note(AMANAT_DOCUMENT_DETAILS(widget));
}

static void link_action(GtkWidget *widget, const char *name, GVariant *param) {
  change(widget, AMANAT_DETAILS_CHANGE_LINK, g_variant_get_string(param, NULL));
}

static void unlink_action(GtkWidget *widget, const char *name, GVariant *param) {
  change(widget, AMANAT_DETAILS_CHANGE_UNLINK, g_variant_get_string(param, NULL));
}

static void save_copy_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_document_details_request_save_copy(AMANAT_DOCUMENT_DETAILS(widget));
}

static void delete_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_document_details_request_delete(AMANAT_DOCUMENT_DETAILS(widget));
}

void amanat_document_details_class_install_actions(GtkWidgetClass *widget_class) {
  gtk_widget_class_install_action(widget_class, "details.rename", "s", rename_action);
  gtk_widget_class_install_action(widget_class, "details.add-tag", "s", add_tag_action);
  gtk_widget_class_install_action(widget_class, "details.remove-tag", "s", remove_tag_action);
  gtk_widget_class_install_action(widget_class, "details.save-note", NULL, save_note_action);
  gtk_widget_class_install_action(widget_class, "details.link-contact", "s", link_action);
  gtk_widget_class_install_action(widget_class, "details.unlink-contact", "s", unlink_action);
  gtk_widget_class_install_action(widget_class, "details.save-copy", NULL, save_copy_action);
  gtk_widget_class_install_action(widget_class, "details.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                      "details.save-note", NULL);
}

void amanat_document_details_update_actions(AmanatDocumentDetails *self) {
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "details.save-note", self->note_dirty);
}
