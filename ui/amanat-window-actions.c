/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-window-actions.c: the window's actions (win.*) and their shortcuts. Which of them
 * are enabled follows the page shown and whether the vault is open. */
#include "config.h"

#include "amanat-settings-window.h"
#include "amanat-window-private.h"

static gboolean on_main_page(AmanatWindow *self) {
  return g_strcmp0(amanat_window_get_page(self), "main") == 0;
}

static void import_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatWindow *self = AMANAT_WINDOW(widget);
  if (!on_main_page(self))
    return;
  amanat_window_show_view(self, "documents");
  amanat_documents_page_open_chooser(self->documents_page);
}

static void search_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatWindow *self = AMANAT_WINDOW(widget);
  if (on_main_page(self))
    amanat_window_focus_search(self);
}

/* win.show-view::documents, ::notes, ::contacts */
static void show_view_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_window_show_view(AMANAT_WINDOW(widget), g_variant_get_string(param, NULL));
}

/* A new note on the notes view, a new contact on the contacts view. */
static void new_item_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatWindow *self = AMANAT_WINDOW(widget);
  if (!on_main_page(self))
    return;
  const char *view = amanat_window_get_view(self);
  if (g_strcmp0(view, "contacts") == 0) {
    amanat_contacts_page_new_contact(self->contacts_page);
  } else {
    amanat_window_show_view(self, "notes");
    amanat_notes_page_new_note(self->notes_page);
  }
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

static void show_settings(AmanatWindow *self, const char *page) {
  if (!amanat_window_get_unlocked(self))
    return;
  AmanatSettingsWindow *settings = amanat_settings_window_new(self, self->session);
  amanat_settings_window_show_page(settings, page);
  gtk_window_present(GTK_WINDOW(settings));
}

static void preferences_action(GtkWidget *widget, const char *name, GVariant *param) {
  show_settings(AMANAT_WINDOW(widget), "security");
}

static void checklist_action(GtkWidget *widget, const char *name, GVariant *param) {
  show_settings(AMANAT_WINDOW(widget), "checklist");
}

/* documents.save-copy (document id) from anywhere in the window, e.g. the viewer: the
 * documents page has the action too, and its copy runs there. */
static void save_copy_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatWindow *self = AMANAT_WINDOW(widget);
  amanat_documents_page_save_copy(self->documents_page, g_variant_get_string(param, NULL));
}

void amanat_window_class_install_actions(GtkWidgetClass *widget_class) {
  gtk_widget_class_install_action(widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action(widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action(widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action(widget_class, "win.panic", NULL, panic_action);
  gtk_widget_class_install_action(widget_class, "win.new-vault", NULL, new_vault_action);
  gtk_widget_class_install_action(widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action(widget_class, "win.new-item", NULL, new_item_action);
  gtk_widget_class_install_action(widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action(widget_class, "win.checklist", NULL, checklist_action);
  gtk_widget_class_install_action(widget_class, "documents.save-copy", "s", save_copy_action);

  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s",
                                      "documents");
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s",
                                      "notes");
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-view", "s",
                                      "contacts");
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-view", "s",
                                      "sync");
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-item",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                      "win.preferences", NULL);
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
  gtk_widget_action_set_enabled(widget, "win.show-view", on_main && unlocked);
  gtk_widget_action_set_enabled(widget, "win.new-item", on_main && unlocked);
  gtk_widget_action_set_enabled(widget, "win.lock", unlocked);
  gtk_widget_action_set_enabled(widget, "win.preferences", unlocked);
  gtk_widget_action_set_enabled(widget, "win.checklist", unlocked);
  gtk_widget_action_set_enabled(widget, "win.panic", g_strcmp0(page, "lock") == 0 || on_main);
  gtk_widget_action_set_enabled(widget, "win.new-vault", g_strcmp0(page, "wiped") == 0 && !busy);
}
