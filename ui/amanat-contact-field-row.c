/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contact-field-row.c: see amanat-contact-field-row.h. While hidden, no label holds
 * the value: the subtitle shows a fixed number of dots (not the value's length), and the
 * subtitle label's accessible name is "Hidden" so screen readers say that, not the dots. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "amanat-clipboard.h"
#include "amanat-contact-field-row.h"

#define HIDDEN_DOTS "●●●●●●●●"

struct _AmanatContactFieldRow {
  AdwActionRow parent_instance;

  char *label;
  char *value; /* wiped when the row goes away */
  gboolean sensitive;
  gboolean revealed;

  GtkToggleButton *reveal_button;
  GtkButton *copy_button;
};

G_DEFINE_FINAL_TYPE(AmanatContactFieldRow, amanat_contact_field_row, ADW_TYPE_ACTION_ROW)

/* The action row's own subtitle label (libadwaita gives no getter for it). */
static GtkWidget *find_subtitle_label(GtkWidget *widget) {
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
       child = gtk_widget_get_next_sibling(child)) {
    if (GTK_IS_LABEL(child) && gtk_widget_has_css_class(child, "subtitle"))
      return child;
    GtkWidget *found = find_subtitle_label(child);
    if (found != NULL)
      return found;
  }
  return NULL;
}

static void update(AmanatContactFieldRow *self) {
  gboolean shown = !self->sensitive || self->revealed;
  GtkWidget *subtitle_label;

  /* First-strong isolate: a phone number has no letters to give it a direction, and would
   * read backwards ("0100 555 1+") in a right-to-left window; an Arabic value stays RTL. */
  g_autofree char *isolated = shown ? g_strconcat("\u2068", self->value, "\u2069", NULL) : NULL;
  adw_action_row_set_subtitle(ADW_ACTION_ROW(self), shown ? isolated : HIDDEN_DOTS);
  subtitle_label = find_subtitle_label(GTK_WIDGET(self));
  if (shown) {
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                   self->value, -1);
    if (subtitle_label != NULL)
      gtk_accessible_reset_property(GTK_ACCESSIBLE(subtitle_label), GTK_ACCESSIBLE_PROPERTY_LABEL);
  } else {
    /* Translators: what a screen reader says for a sensitive field's hidden value. */
    const char *hidden = _("Hidden");
    gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                   hidden, -1);
    if (subtitle_label != NULL)
      gtk_accessible_update_property(GTK_ACCESSIBLE(subtitle_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                     hidden, -1);
  }

  if (self->sensitive) {
    gtk_button_set_icon_name(GTK_BUTTON(self->reveal_button),
                             self->revealed ? "view-conceal-symbolic" : "view-reveal-symbolic");
    g_autofree char *reveal_label = self->revealed ? g_strdup_printf(_("Hide “%s”"), self->label)
                                                   : g_strdup_printf(_("Show “%s”"), self->label);
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->reveal_button),
                                self->revealed ? _("Hide") : _("Show"));
    gtk_accessible_update_property(GTK_ACCESSIBLE(self->reveal_button),
                                   GTK_ACCESSIBLE_PROPERTY_LABEL, reveal_label, -1);
  }
}

static void on_reveal_toggled_cb(GtkToggleButton *button, AmanatContactFieldRow *self) {
  amanat_contact_field_row_set_revealed(self, gtk_toggle_button_get_active(button));
}

static void on_copy_clicked_cb(GtkButton *button, AmanatContactFieldRow *self) {
  amanat_contact_field_row_copy(self);
}

static void amanat_contact_field_row_finalize(GObject *object) {
  AmanatContactFieldRow *self = AMANAT_CONTACT_FIELD_ROW(object);

  g_free(self->label);
  if (self->value != NULL) {
    sodium_memzero(self->value, strlen(self->value));
    g_free(self->value);
  }

  G_OBJECT_CLASS(amanat_contact_field_row_parent_class)->finalize(object);
}

static void amanat_contact_field_row_class_init(AmanatContactFieldRowClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->finalize = amanat_contact_field_row_finalize;
}

static void amanat_contact_field_row_init(AmanatContactFieldRow *self) {
  /* Labels and values are the person's text, never markup. */
  adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(self), FALSE);
  adw_action_row_set_subtitle_lines(ADW_ACTION_ROW(self), 0);

  self->reveal_button = GTK_TOGGLE_BUTTON(gtk_toggle_button_new());
  gtk_widget_set_valign(GTK_WIDGET(self->reveal_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(GTK_WIDGET(self->reveal_button), "flat");
  gtk_widget_set_visible(GTK_WIDGET(self->reveal_button), FALSE);
  g_signal_connect(self->reveal_button, "toggled", G_CALLBACK(on_reveal_toggled_cb), self);
  adw_action_row_add_suffix(ADW_ACTION_ROW(self), GTK_WIDGET(self->reveal_button));

  self->copy_button = GTK_BUTTON(gtk_button_new_from_icon_name("edit-copy-symbolic"));
  gtk_widget_set_valign(GTK_WIDGET(self->copy_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(GTK_WIDGET(self->copy_button), "flat");
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->copy_button), _("Copy"));
  g_signal_connect(self->copy_button, "clicked", G_CALLBACK(on_copy_clicked_cb), self);
  adw_action_row_add_suffix(ADW_ACTION_ROW(self), GTK_WIDGET(self->copy_button));
}

GtkWidget *amanat_contact_field_row_new(const char *label, const char *value, gboolean sensitive) {
  g_return_val_if_fail(label != NULL, NULL);

  AmanatContactFieldRow *self = g_object_new(AMANAT_TYPE_CONTACT_FIELD_ROW, NULL);
  self->label = g_strdup(label);
  self->value = g_strdup(value != NULL ? value : "");
  self->sensitive = sensitive;
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(self), label);
  gtk_widget_set_visible(GTK_WIDGET(self->reveal_button), sensitive);
  /* Translators: the accessible name of a contact field's copy button; %s is its label. */
  g_autofree char *copy_label = g_strdup_printf(_("Copy “%s”"), label);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->copy_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 copy_label, -1);
  update(self);
  return GTK_WIDGET(self);
}

const char *amanat_contact_field_row_get_label(AmanatContactFieldRow *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_FIELD_ROW(self), NULL);
  return self->label;
}

gboolean amanat_contact_field_row_get_sensitive(AmanatContactFieldRow *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_FIELD_ROW(self), FALSE);
  return self->sensitive;
}

gboolean amanat_contact_field_row_get_revealed(AmanatContactFieldRow *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACT_FIELD_ROW(self), FALSE);
  return !self->sensitive || self->revealed;
}

void amanat_contact_field_row_set_revealed(AmanatContactFieldRow *self, gboolean revealed) {
  g_return_if_fail(AMANAT_IS_CONTACT_FIELD_ROW(self));
  if (!self->sensitive || self->revealed == revealed)
    return;
  self->revealed = revealed;
  gtk_toggle_button_set_active(self->reveal_button, revealed);
  update(self);
}

void amanat_contact_field_row_copy(AmanatContactFieldRow *self) {
  g_return_if_fail(AMANAT_IS_CONTACT_FIELD_ROW(self));
  amanat_clipboard_copy_secret(GTK_WIDGET(self), self->value);
  (void)gtk_widget_activate_action(GTK_WIDGET(self), "contacts.copied", NULL);
}
