/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact-field-editor.c: see amanat-contact-field-editor.h. Laid out in three short
 * lines (label, value, sensitive switch) so it fits a 360 px wide window. A sensitive value
 * is typed like a password: shown as dots unless peeked at, kept out of input methods'
 * learning and out of the entry's undo history. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-contact-field-editor.h"
#include "amanat-secret-entry.h"

struct _AmanatContactFieldEditor {
  GtkListBoxRow parent_instance;

  GtkEntry *label_entry;
  GtkEntry *value_entry;
  GtkToggleButton *peek_button;
  GtkSwitch *sensitive_switch;
};

G_DEFINE_FINAL_TYPE(AmanatContactFieldEditor, amanat_contact_field_editor, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_REMOVE_REQUESTED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void update_value_entry(AmanatContactFieldEditor *self) {
  gboolean sensitive = gtk_switch_get_active(self->sensitive_switch);
  gboolean peek = gtk_toggle_button_get_active(self->peek_button);
  gtk_widget_set_visible(GTK_WIDGET(self->peek_button), sensitive);
  gtk_entry_set_visibility(self->value_entry, !sensitive || peek);
  gtk_entry_set_input_purpose(self->value_entry,
                              sensitive ? GTK_INPUT_PURPOSE_PASSWORD : GTK_INPUT_PURPOSE_FREE_FORM);
  gtk_button_set_icon_name(GTK_BUTTON(self->peek_button),
                           peek ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->peek_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 peek ? _("Hide the value") : _("Show the value"), -1);
}

static void on_sensitive_changed_cb(AmanatContactFieldEditor *self) {
  if (!gtk_switch_get_active(self->sensitive_switch))
    gtk_toggle_button_set_active(self->peek_button, FALSE);
  update_value_entry(self);
}

static void on_remove_clicked_cb(AmanatContactFieldEditor *self) {
  g_signal_emit(self, signals[SIGNAL_REMOVE_REQUESTED], 0);
}

static GtkWidget *new_icon_button(const char *icon, const char *tooltip) {
  GtkWidget *button = gtk_button_new_from_icon_name(icon);
  gtk_widget_set_valign(button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(button, "flat");
  gtk_widget_set_tooltip_text(button, tooltip);
  gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                 -1);
  return button;
}

static void amanat_contact_field_editor_class_init(AmanatContactFieldEditorClass *klass) {
  signals[SIGNAL_REMOVE_REQUESTED] =
      g_signal_new("remove-requested", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 0);
}

static void amanat_contact_field_editor_init(AmanatContactFieldEditor *self) {
  gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(self), FALSE);
  gtk_list_box_row_set_selectable(GTK_LIST_BOX_ROW(self), FALSE);

  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top(box, 12);
  gtk_widget_set_margin_bottom(box, 12);
  gtk_widget_set_margin_start(box, 12);
  gtk_widget_set_margin_end(box, 12);
  gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(self), box);

  GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  self->label_entry = GTK_ENTRY(gtk_entry_new());
  gtk_widget_set_hexpand(GTK_WIDGET(self->label_entry), TRUE);
  gtk_entry_set_placeholder_text(self->label_entry, _("Label, such as Phone"));
  gtk_entry_set_input_hints(self->label_entry, GTK_INPUT_HINT_PRIVATE);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->label_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Label of the detail"), -1);
  gtk_box_append(GTK_BOX(top), GTK_WIDGET(self->label_entry));
  GtkWidget *remove = new_icon_button("user-trash-symbolic", _("Remove This Detail"));
  g_signal_connect_swapped(remove, "clicked", G_CALLBACK(on_remove_clicked_cb), self);
  gtk_box_append(GTK_BOX(top), remove);
  gtk_box_append(GTK_BOX(box), top);

  GtkWidget *middle = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  self->value_entry = GTK_ENTRY(gtk_entry_new());
  gtk_widget_set_hexpand(GTK_WIDGET(self->value_entry), TRUE);
  gtk_entry_set_placeholder_text(self->value_entry, _("Value"));
  gtk_entry_set_input_hints(self->value_entry,
                            GTK_INPUT_HINT_PRIVATE | GTK_INPUT_HINT_NO_SPELLCHECK);
  amanat_secret_entry_prepare(GTK_EDITABLE(self->value_entry));
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->value_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Value of the detail"), -1);
  gtk_box_append(GTK_BOX(middle), GTK_WIDGET(self->value_entry));
  self->peek_button = GTK_TOGGLE_BUTTON(gtk_toggle_button_new());
  gtk_widget_set_valign(GTK_WIDGET(self->peek_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(GTK_WIDGET(self->peek_button), "flat");
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->peek_button), _("Show or hide the value"));
  g_signal_connect_swapped(self->peek_button, "toggled", G_CALLBACK(update_value_entry), self);
  gtk_box_append(GTK_BOX(middle), GTK_WIDGET(self->peek_button));
  gtk_box_append(GTK_BOX(box), middle);

  GtkWidget *bottom = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new(_("Sensitive: hidden until revealed"));
  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_widget_set_hexpand(label, TRUE);
  gtk_box_append(GTK_BOX(bottom), label);
  self->sensitive_switch = GTK_SWITCH(gtk_switch_new());
  gtk_widget_set_valign(GTK_WIDGET(self->sensitive_switch), GTK_ALIGN_CENTER);
  gtk_accessible_update_relation(GTK_ACCESSIBLE(self->sensitive_switch),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_signal_connect_swapped(self->sensitive_switch, "notify::active",
                           G_CALLBACK(on_sensitive_changed_cb), self);
  gtk_box_append(GTK_BOX(bottom), GTK_WIDGET(self->sensitive_switch));
  gtk_box_append(GTK_BOX(box), bottom);

  update_value_entry(self);
}

GtkWidget *amanat_contact_field_editor_new(const char *label, const char *value,
                                           gboolean sensitive) {
  AmanatContactFieldEditor *self = g_object_new(AMANAT_TYPE_CONTACT_FIELD_EDITOR, NULL);
  amanat_contact_field_editor_set_label(self, label);
  amanat_contact_field_editor_set_sensitive(self, sensitive);
  amanat_contact_field_editor_set_value(self, value);
  return GTK_WIDGET(self);
}

const char *amanat_contact_field_editor_get_label(AmanatContactFieldEditor *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_FIELD_EDITOR(self), NULL);
  return gtk_editable_get_text(GTK_EDITABLE(self->label_entry));
}

const char *amanat_contact_field_editor_get_value(AmanatContactFieldEditor *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_FIELD_EDITOR(self), NULL);
  return gtk_editable_get_text(GTK_EDITABLE(self->value_entry));
}

gboolean amanat_contact_field_editor_get_sensitive(AmanatContactFieldEditor *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_FIELD_EDITOR(self), FALSE);
  return gtk_switch_get_active(self->sensitive_switch);
}

void amanat_contact_field_editor_set_label(AmanatContactFieldEditor *self, const char *label) {
  g_return_if_fail(AMANAT_IS_CONTACT_FIELD_EDITOR(self));
  gtk_editable_set_text(GTK_EDITABLE(self->label_entry), label != NULL ? label : "");
}

void amanat_contact_field_editor_set_value(AmanatContactFieldEditor *self, const char *value) {
  g_return_if_fail(AMANAT_IS_CONTACT_FIELD_EDITOR(self));
  gtk_editable_set_text(GTK_EDITABLE(self->value_entry), value != NULL ? value : "");
}

void amanat_contact_field_editor_set_sensitive(AmanatContactFieldEditor *self, gboolean sensitive) {
  g_return_if_fail(AMANAT_IS_CONTACT_FIELD_EDITOR(self));
  gtk_switch_set_active(self->sensitive_switch, sensitive);
  update_value_entry(self);
}

void amanat_contact_field_editor_focus(AmanatContactFieldEditor *self) {
  g_return_if_fail(AMANAT_IS_CONTACT_FIELD_EDITOR(self));
  gtk_widget_grab_focus(GTK_WIDGET(self->label_entry));
}

void amanat_contact_field_editor_wipe(AmanatContactFieldEditor *self) {
  g_return_if_fail(AMANAT_IS_CONTACT_FIELD_EDITOR(self));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->value_entry));
  gtk_editable_set_text(GTK_EDITABLE(self->label_entry), "");
}
