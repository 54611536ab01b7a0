/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-panic-page.c: emits ::wipe-requested once the person confirmed, ::cancelled when
 * they back out, ::finished when they leave the confirmation that the real space was
 * destroyed. The window runs the wipe. The choice to keep the decoy is offered only while the
 * vault is open: the core needs the session to know which space is the real one. It is offered
 * whichever password opened it: in a duress session the core destroys only the decoy's own
 * spare space, and the screen reads the same, so nothing shows which password was typed. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <adwaita.h>

#include "amanat-hold-button.h"
#include "amanat-panic-page.h"

struct _AmanatPanicPage {
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkCheckButton *everything_check;
  GtkCheckButton *keep_decoy_check;
  AdwActionRow *keep_decoy_row;
  GtkLabel *understand_label;
  GtkWidget *continue_button;
  AmanatHoldButton *hold_button;
  GtkCheckButton *understand_check;
  GtkButton *wipe_button;
  GtkButton *cancel_button;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  gboolean busy;
  gboolean can_keep_decoy;
};

G_DEFINE_FINAL_TYPE(AmanatPanicPage, amanat_panic_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_WIPE_REQUESTED,
  SIGNAL_CANCELLED,
  SIGNAL_FINISHED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void update_sensitivity(AmanatPanicPage *self) {
  gboolean understood = gtk_check_button_get_active(self->understand_check);
  gtk_widget_set_sensitive(GTK_WIDGET(self->everything_check), !self->busy);
  gtk_widget_set_sensitive(GTK_WIDGET(self->keep_decoy_row), !self->busy && self->can_keep_decoy);
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

/* The words of "I understand" follow the choice, and ticking it again is needed. */
static void on_choice_toggled_cb(AmanatPanicPage *self) {
  gboolean keep = amanat_panic_page_get_keep_decoy(self);
  gtk_label_set_text_with_mnemonic(
      self->understand_label,
      keep ? _("I _understand that the real space will be destroyed and only the decoy kept")
           : _("I _understand that everything in the vault will be destroyed"));
  gtk_check_button_set_active(self->understand_check, FALSE);
  update_sensitivity(self);
}

static void on_continue_clicked_cb(AmanatPanicPage *self) {
  g_signal_emit(self, signals[SIGNAL_FINISHED], 0);
}

static void on_cancel_clicked_cb(AmanatPanicPage *self) {
  if (g_strcmp0(gtk_stack_get_visible_child_name(self->stack), "done") == 0)
    on_continue_clicked_cb(self);
  else if (!self->busy)
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
  signals[SIGNAL_FINISHED] = g_signal_new("finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure(AMANAT_TYPE_HOLD_BUTTON);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-panic-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, everything_check);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, keep_decoy_check);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, keep_decoy_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, understand_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatPanicPage, continue_button);
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
  gtk_widget_class_bind_template_callback(widget_class, on_choice_toggled_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_continue_clicked_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action(widget_class, "panic.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "panic.cancel", NULL);
}

static void amanat_panic_page_init(AmanatPanicPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  amanat_panic_page_set_can_keep_decoy(self, FALSE);
}

void amanat_panic_page_reset(AmanatPanicPage *self) {
  g_return_if_fail(AMANAT_IS_PANIC_PAGE(self));
  gtk_stack_set_visible_child_name(self->stack, "confirm");
  gtk_check_button_set_active(self->everything_check, TRUE);
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

void amanat_panic_page_set_can_keep_decoy(AmanatPanicPage *self, gboolean can) {
  g_return_if_fail(AMANAT_IS_PANIC_PAGE(self));
  self->can_keep_decoy = can;
  if (!can && amanat_panic_page_get_keep_decoy(self))
    gtk_check_button_set_active(self->everything_check, TRUE);
  adw_action_row_set_subtitle(
      self->keep_decoy_row,
      can ? _("Your documents, notes and contacts go; the decoy stays, and your password opens it "
              "from then on.")
          : _("Only while the vault is open: unlock it first to choose this."));
  update_sensitivity(self);
}

gboolean amanat_panic_page_get_keep_decoy(AmanatPanicPage *self) {
  g_return_val_if_fail(AMANAT_IS_PANIC_PAGE(self), FALSE);
  return gtk_check_button_get_active(self->keep_decoy_check);
}

void amanat_panic_page_set_keep_decoy(AmanatPanicPage *self, gboolean keep) {
  g_return_if_fail(AMANAT_IS_PANIC_PAGE(self));
  if (keep && !self->can_keep_decoy)
    return;
  gtk_check_button_set_active(keep ? self->keep_decoy_check : self->everything_check, TRUE);
}

void amanat_panic_page_show_done(AmanatPanicPage *self) {
  g_return_if_fail(AMANAT_IS_PANIC_PAGE(self));
  amanat_panic_page_set_busy(self, FALSE);
  gtk_stack_set_visible_child_name(self->stack, "done");
  gtk_widget_grab_focus(self->continue_button);
}
