/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-file-chooser.c: why not GtkFileChooserNative (GTK 4.8)?
 *
 * - Its fallback, GtkFileChooserDialog, accepts through
 *   gtk_file_chooser_widget_should_respond(), which ends in add_selection_to_recent_list():
 *   every chosen file goes into ~/.local/share/recently-used.xbel.
 * - Turning GtkSettings:gtk-recent-files-enabled off does not help: the recent manager's
 *   add_item callback marks the list dirty even when add_full() refused the entry, and a
 *   dirty list with recent files off is written back empty — the person's whole list is
 *   lost (PLATFORM.md). Changing the setting at run time does the same at once.
 * - Through the portal (Flatpak, or GDK_DEBUG=portals), the chooser runs in
 *   xdg-desktop-portal-gtk/-gnome, which add the chosen files to the list themselves.
 *
 * GtkFileChooserWidget itself never touches the list: only the dialog's response path
 * does. So Amanat embeds the widget in its own window and reads the selection directly.
 * tests/ui checks that recently-used.xbel is unchanged, and that the stock dialog does
 * write it (so that this window is still needed). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-file-chooser.h"

struct _AmanatFileChooser {
  AdwWindow parent_instance;

  GtkFileChooserWidget *chooser;
  GtkButton *add_button;
};

G_DEFINE_FINAL_TYPE(AmanatFileChooser, amanat_file_chooser, ADW_TYPE_WINDOW)

enum {
  SIGNAL_FILES_CHOSEN,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void on_cancel_clicked_cb(AmanatFileChooser *self) {
  gtk_window_destroy(GTK_WINDOW(self));
}

static void on_add_clicked_cb(AmanatFileChooser *self) {
  amanat_file_chooser_accept(self);
}

static void amanat_file_chooser_class_init(AmanatFileChooserClass *klass) {
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  /**
   * AmanatFileChooser::files-chosen:
   * @files: a GListModel of GFile
   */
  signals[SIGNAL_FILES_CHOSEN] =
      g_signal_new("files-chosen", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-file-chooser.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatFileChooser, chooser);
  gtk_widget_class_bind_template_child(widget_class, AmanatFileChooser, add_button);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_add_clicked_cb);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void amanat_file_chooser_init(AmanatFileChooser *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  /* Enter or a double click on a file activates the default widget: Add. */
  gtk_window_set_default_widget(GTK_WINDOW(self), GTK_WIDGET(self->add_button));

  g_autoptr(GFile) home = g_file_new_for_path(g_get_home_dir());
  (void)gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(self->chooser), home, NULL);
}

AmanatFileChooser *amanat_file_chooser_new(GtkWindow *parent) {
  return g_object_new(AMANAT_TYPE_FILE_CHOOSER, "transient-for", parent, "modal", TRUE, NULL);
}

AmanatFileChooser *amanat_file_chooser_new_for(GtkWindow *parent, GtkFileChooserAction action,
                                               const char *title, const char *accept_label) {
  g_return_val_if_fail(action == GTK_FILE_CHOOSER_ACTION_OPEN ||
                           action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER ||
                           action == GTK_FILE_CHOOSER_ACTION_SAVE,
                       NULL);
  AmanatFileChooser *self = amanat_file_chooser_new(parent);
  /* One file first: GTK refuses the save action while several may be selected. */
  gtk_file_chooser_set_select_multiple(GTK_FILE_CHOOSER(self->chooser), FALSE);
  gtk_file_chooser_set_action(GTK_FILE_CHOOSER(self->chooser), action);
  gtk_window_set_title(GTK_WINDOW(self), title);
  gtk_button_set_label(self->add_button, accept_label);
  return self;
}

GtkFileChooser *amanat_file_chooser_get_chooser(AmanatFileChooser *self) {
  g_return_val_if_fail(AMANAT_IS_FILE_CHOOSER(self), NULL);
  return GTK_FILE_CHOOSER(self->chooser);
}

/* Hidden first, destroyed after: the handler may open another window over the parent. */
static void emit_chosen(AmanatFileChooser *self, GListStore *chosen) {
  g_object_ref(self);
  gtk_widget_set_visible(GTK_WIDGET(self), FALSE);
  g_signal_emit(self, signals[SIGNAL_FILES_CHOSEN], 0, chosen);
  gtk_window_destroy(GTK_WINDOW(self));
  g_object_unref(self);
}

void amanat_file_chooser_accept(AmanatFileChooser *self) {
  g_return_if_fail(AMANAT_IS_FILE_CHOOSER(self));

  /* Saving: the folder open and the name typed, a file that need not exist yet. */
  if (gtk_file_chooser_get_action(GTK_FILE_CHOOSER(self->chooser)) ==
      GTK_FILE_CHOOSER_ACTION_SAVE) {
    g_autoptr(GFile) target = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(self->chooser));
    if (target == NULL ||
        g_file_query_file_type(target, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
      return;
    g_autoptr(GListStore) chosen = g_list_store_new(G_TYPE_FILE);
    g_list_store_append(chosen, target);
    emit_chosen(self, chosen);
    return;
  }

  g_autoptr(GListModel) files = gtk_file_chooser_get_files(GTK_FILE_CHOOSER(self->chooser));
  gboolean folders = gtk_file_chooser_get_action(GTK_FILE_CHOOSER(self->chooser)) ==
                     GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;
  GFileType wanted = folders ? G_FILE_TYPE_DIRECTORY : G_FILE_TYPE_REGULAR;
  /* Only files: a folder that was activated opens instead (the widget does that). */
  g_autoptr(GListStore) chosen = g_list_store_new(G_TYPE_FILE);
  guint n = g_list_model_get_n_items(files);
  for (guint i = 0; i < n; i++) {
    g_autoptr(GFile) file = g_list_model_get_item(files, i);
    if (g_file_query_file_type(file, G_FILE_QUERY_INFO_NONE, NULL) == wanted)
      g_list_store_append(chosen, file);
  }
  /* Choosing a folder with none selected in it: the folder that is open. */
  if (folders && g_list_model_get_n_items(G_LIST_MODEL(chosen)) == 0) {
    g_autoptr(GFile) current = gtk_file_chooser_get_current_folder(GTK_FILE_CHOOSER(self->chooser));
    if (current != NULL)
      g_list_store_append(chosen, current);
  }
  if (g_list_model_get_n_items(G_LIST_MODEL(chosen)) == 0)
    return;
  emit_chosen(self, chosen);
}
