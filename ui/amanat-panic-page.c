/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-panic-page.c: emits ::wipe-requested once the person confirmed, ::cancelled when
 * they back out. The window runs the wipe. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-hold-button.h"
#include "amanat-panic-page.h"

struct _AmanatPanicPage {
  GtkWidget parent_instance;

  AmanatHoldButton *hold_button;
  GtkCheckButton *understand_check;
  GtkButton *wipe_button;
  GtkButton *cancel_button;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE(AmanatPanicPage, amanat_panic_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_WIPE_REQUESTED,
  SIGNAL_CANCELLED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void update_sensitivity(AmanatPanicPage *self) {
  gboolean understood = gtk_check_button_get_active(self->understand_check);
  gtk_widget_set_sensitive(GTK_WIDGET(self->hold_button), !self->busy);
  gtk_widget_set_sensitive(GTK_WIDGET(self->understand_check), !self->busy);
  gtk_widget_set_sensitive(GTK_WIDGET(self->wipe_button), !self->busy && understood);
  gtk_widget_set_sensitive(GTK_WIDGET(self->cancel_button), !self->busy);
}

static void request_wipe(AmanatPanicPage *self) {
  if (self->busy)
    return;
  g_signal_emit(self, signals[SIGNAL_WIPE_REQUESTED], 0);
}

static void on_hold_confirmed_cb(AmanatPanicPage *self) {
  request_wipe(self);
}

static void on_wipe_clicked_cb(AmanatPanicPage *self) {
  if (gtk_check_button_get_active(self->understand_check))
    request_wipe(self);
}

static void on_understand_toggled_cb(AmanatPanicPage *self) {
  update_sensitivity(self);
}

static void on_cancel_clicked_cb(AmanatPanicPage *self) {
  if (!self->busy)
    g_signal_emit(self, signals[SIGNAL_CANCELLED], 0);
}

static void cancel_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  on_cancel_clicked_cb(AMANAT_PANIC_PAGE(widget));
}

static void amanat_panic_page_dispose(GObject *object) {
  gtk_widget_dispose_template(GTK_WIDGET(object), AMANAT_TYPE_PANIC_PAGE);
  /* dispose_template() unparents bound children only: the top one may not be bound. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child(GTK_WIDGET(object))) != NULL;)
    gtk_widget_unparent(child);
  G_OBJECT_CLASS(amanat_panic_page_parent_class)->dispose(object);
}

static void amanat_panic_page_class_init(AmanatPanicPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_panic_page_dispose;

  signals[SIGNAL_WIPE_REQUESTED] =
      g_signal_new("wipe-requested", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CANCELLED] = g_signal_new("cancelled", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure(AMANAT_TYPE_HOLD_BUTTON);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-panic-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, hold_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, understand_check);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, wipe_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, cancel_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, error_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, spinner);
  gtk_widget_class_bind_template_callback(widget_class, on_hold_confirmed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_wipe_clicked_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_understand_toggled_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel_clicked_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action(widget_class, "panic.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "panic.cancel", NULL);
}

static void amanat_panic_page_init(AmanatPanicPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  update_sensitivity(self);
}

void amanat_panic_page_reset(AmanatPanicPage *self) {
  g_return_if_fail(AMANAT_IS_PANIC_PAGE(self));
  gtk_check_button_set_active(self->understand_check, FALSE);
  amanat_hold_button_end_hold(self->hold_button);
  amanat_panic_page_set_error(self, NULL);
  amanat_panic_page_set_busy(self, FALSE);
}

void amanat_panic_page_set_busy(AmanatPanicPage *self, gboolean busy) {
  g_return_if_fail(AMANAT_IS_PANIC_PAGE(self));
  self->busy = busy;
  gtk_widget_set_visible(GTK_WIDGET(self->spinner), busy);
  gtk_spinner_set_spinning(self->spinner, busy);
  update_sensitivity(self);
}

void amanat_panic_page_set_error(AmanatPanicPage *self, const char *message) {
  g_return_if_fail(AMANAT_IS_PANIC_PAGE(self));
  gtk_label_set_text(self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible(GTK_WIDGET(self->error_label), message != NULL);
}

void amanat_panic_page_focus_default(AmanatPanicPage *self) {
  g_return_if_fail(AMANAT_IS_PANIC_PAGE(self));
  gtk_widget_grab_focus(GTK_WIDGET(self->cancel_button));
}
