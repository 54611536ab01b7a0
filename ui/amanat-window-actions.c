/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-window-actions.c: the window's actions (win.*) and their shortcuts. Which of them
 * are enabled follows the page shown and whether the vault is open. */
#include "config.h"

#include "amanat-window-private.h"

static gboolean on_main_page(AmanatWindow *self) {
  return g_strcmp0(amanat_window_get_page(self), "main") == 0;
}

static void import_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatWindow *self = AMANAT_WINDOW(widget);
  if (on_main_page(self))
    amanat_documents_page_open_chooser(self->documents_page);
}

static void search_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatWindow *self = AMANAT_WINDOW(widget);
  if (on_main_page(self))
    amanat_documents_page_focus_search(self->documents_page);
}

static void lock_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_window_lock(AMANAT_WINDOW(widget));
}

static void panic_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_window_show_panic(AMANAT_WINDOW(widget));
}

static void new_vault_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatWindow *self = AMANAT_WINDOW(widget);
  if (g_strcmp0(amanat_window_get_page(self), "wiped") == 0)
    amanat_window_start_setup(self);
}

void amanat_window_class_install_actions(GtkWidgetClass *widget_class) {
  gtk_widget_class_install_action(widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action(widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action(widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action(widget_class, "win.panic", NULL, panic_action);
  gtk_widget_class_install_action(widget_class, "win.new-vault", NULL, new_vault_action);

  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                      NULL);
}

void amanat_window_update_actions(AmanatWindow *self) {
  const char *page = amanat_window_get_page(self);
  gboolean on_main = g_strcmp0(page, "main") == 0;
  gboolean busy = self->session != NULL && amanat_session_get_busy(self->session);
  gboolean unlocked = self->session != NULL && amanat_session_get_unlocked(self->session);
  GtkWidget *widget = GTK_WIDGET(self);

  gtk_widget_action_set_enabled(widget, "win.import",
                                on_main && unlocked &&
                                    !amanat_documents_page_get_importing(self->documents_page));
  gtk_widget_action_set_enabled(widget, "win.search", on_main && unlocked);
  gtk_widget_action_set_enabled(widget, "win.lock", unlocked);
  gtk_widget_action_set_enabled(widget, "win.panic", g_strcmp0(page, "lock") == 0 || on_main);
  gtk_widget_action_set_enabled(widget, "win.new-vault", g_strcmp0(page, "wiped") == 0 && !busy);
}
