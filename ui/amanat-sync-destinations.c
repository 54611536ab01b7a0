/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-sync-destinations.c: radio rows, one per removable drive and one for a folder. A
 * drive counts when it can be ejected or sits in a removable drive, and has a local path.
 * Under a bare virtual display the monitor sees none: then a row says so, and the folder is
 * the only choice. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-file-chooser.h"
#include "amanat-sync-destinations.h"

struct _AmanatSyncDestinations {
  GtkWidget parent_instance;

  GVolumeMonitor *monitor;
  GListStore *drives;    /* GMount */
  GPtrArray *drive_rows; /* rows before the folder's: one per drive, or a placeholder */
  GFile *folder;

  GtkListBox *list;
  AdwActionRow *folder_row;
  GtkCheckButton *folder_check;
};

G_DEFINE_FINAL_TYPE(AmanatSyncDestinations, amanat_sync_destinations, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static gboolean mount_is_removable(GMount *mount) {
  if (g_mount_is_shadowed(mount))
    return FALSE;
  g_autoptr(GFile) root = g_mount_get_root(mount);
  g_autofree char *path = g_file_get_path(root);
  if (path == NULL)
    return FALSE;
  if (g_mount_can_eject(mount))
    return TRUE;
  g_autoptr(GDrive) drive = g_mount_get_drive(mount);
  return drive != NULL && g_drive_is_removable(drive);
}

static void emit_changed(AmanatSyncDestinations *self) {
  g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

static GtkWidget *drive_row_new(AmanatSyncDestinations *self, GMount *mount) {
  g_autofree char *name = g_mount_get_name(mount);
  g_autoptr(GFile) root = g_mount_get_root(mount);
  g_autofree char *where = g_file_get_parse_name(root);

  GtkWidget *check = gtk_check_button_new();
  gtk_widget_set_valign(check, GTK_ALIGN_CENTER);
  gtk_check_button_set_group(GTK_CHECK_BUTTON(check), self->folder_check);
  gtk_accessible_update_property(GTK_ACCESSIBLE(check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_swapped(check, "toggled", G_CALLBACK(emit_changed), self);

  GtkWidget *row = adw_action_row_new();
  adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(row), FALSE);
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), name);
  adw_action_row_set_subtitle(ADW_ACTION_ROW(row), where);
  adw_action_row_add_prefix(ADW_ACTION_ROW(row), check);
  adw_action_row_add_prefix(ADW_ACTION_ROW(row),
                            gtk_image_new_from_icon_name("drive-removable-media-symbolic"));
  adw_action_row_set_activatable_widget(ADW_ACTION_ROW(row), check);
  g_object_set_data(G_OBJECT(row), "check", check);
  g_object_set_data_full(G_OBJECT(row), "mount", g_object_ref(mount), g_object_unref);
  return row;
}

static void rebuild_rows(AmanatSyncDestinations *self) {
  /* The drive chosen stays chosen if it is still there. */
  GMount *chosen = NULL;
  g_autofree char *dir = amanat_sync_destinations_dup_dir(self, &chosen);
  g_autoptr(GMount) keep = chosen != NULL ? g_object_ref(chosen) : NULL;

  for (guint i = 0; i < self->drive_rows->len; i++)
    gtk_list_box_remove(self->list, g_ptr_array_index(self->drive_rows, i));
  g_ptr_array_set_size(self->drive_rows, 0);

  guint n = g_list_model_get_n_items(G_LIST_MODEL(self->drives));
  for (guint i = 0; i < n; i++) {
    g_autoptr(GMount) mount = g_list_model_get_item(G_LIST_MODEL(self->drives), i);
    GtkWidget *row = drive_row_new(self, mount);
    if (mount == keep)
      gtk_check_button_set_active(g_object_get_data(G_OBJECT(row), "check"), TRUE);
    gtk_list_box_insert(self->list, row, (int)i);
    g_ptr_array_add(self->drive_rows, row);
  }
  if (n == 0) {
    GtkWidget *row = adw_action_row_new();
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), _("No removable drive found"));
    adw_action_row_set_subtitle(ADW_ACTION_ROW(row),
                                _("Plug in a USB stick or a memory card, or choose a folder."));
    adw_action_row_add_prefix(ADW_ACTION_ROW(row),
                              gtk_image_new_from_icon_name("drive-removable-media-symbolic"));
    gtk_widget_add_css_class(row, "dim-label");
    gtk_list_box_insert(self->list, row, 0);
    g_ptr_array_add(self->drive_rows, row);
  }
  emit_changed(self);
}

static void on_mounts_changed_cb(AmanatSyncDestinations *self) {
  g_autolist(GMount) mounts = g_volume_monitor_get_mounts(self->monitor);
  g_list_store_remove_all(self->drives);
  for (GList *l = mounts; l != NULL; l = l->next)
    if (mount_is_removable(l->data))
      g_list_store_append(self->drives, l->data);
  rebuild_rows(self);
}

static void on_folder_chosen_cb(AmanatSyncDestinations *self, GListModel *files) {
  g_autoptr(GFile) folder =
      g_list_model_get_n_items(files) > 0 ? g_list_model_get_item(files, 0) : NULL;
  if (folder != NULL)
    amanat_sync_destinations_set_folder(self, folder);
}

static void choose_folder(AmanatSyncDestinations *self) {
  GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
  AmanatFileChooser *chooser = amanat_file_chooser_new_for(
      GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
      _("Choose a Folder for the Bundle"), _("_Choose"));
  g_signal_connect_object(chooser, "files-chosen", G_CALLBACK(on_folder_chosen_cb), self,
                          G_CONNECT_SWAPPED);
  gtk_window_present(GTK_WINDOW(chooser));
}

static void on_folder_toggled_cb(AmanatSyncDestinations *self) {
  /* The folder row chosen before any folder: ask for one. */
  if (gtk_check_button_get_active(self->folder_check) && self->folder == NULL &&
      gtk_widget_get_mapped(GTK_WIDGET(self)))
    choose_folder(self);
  emit_changed(self);
}

static void choose_folder_action(GtkWidget *widget, const char *name, GVariant *param) {
  choose_folder(AMANAT_SYNC_DESTINATIONS(widget));
}

static void amanat_sync_destinations_dispose(GObject *object) {
  AmanatSyncDestinations *self = AMANAT_SYNC_DESTINATIONS(object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data(self->monitor, self);
  g_clear_object(&self->monitor);
  g_clear_object(&self->drives);
  g_clear_object(&self->folder);
  g_clear_pointer(&self->drive_rows, g_ptr_array_unref);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_SYNC_DESTINATIONS);

  G_OBJECT_CLASS(amanat_sync_destinations_parent_class)->dispose(object);
}

static void amanat_sync_destinations_class_init(AmanatSyncDestinationsClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_sync_destinations_dispose;

  /**
   * AmanatSyncDestinations::changed:
   *
   * The destination chosen, or the drives offered, changed.
   */
  signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-sync-destinations.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncDestinations, list);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncDestinations, folder_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncDestinations, folder_check);
  gtk_widget_class_bind_template_callback(widget_class, on_folder_toggled_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action(widget_class, "destinations.choose-folder", NULL,
                                  choose_folder_action);
}

static void amanat_sync_destinations_init(AmanatSyncDestinations *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->drives = g_list_store_new(G_TYPE_MOUNT);
  self->drive_rows = g_ptr_array_new();

  self->monitor = g_volume_monitor_get();
  g_signal_connect_swapped(self->monitor, "mount-added", G_CALLBACK(on_mounts_changed_cb), self);
  g_signal_connect_swapped(self->monitor, "mount-removed", G_CALLBACK(on_mounts_changed_cb), self);
  g_signal_connect_swapped(self->monitor, "mount-changed", G_CALLBACK(on_mounts_changed_cb), self);
  on_mounts_changed_cb(self);
}

char *amanat_sync_destinations_dup_dir(AmanatSyncDestinations *self, GMount **mount) {
  g_return_val_if_fail(AMANAT_IS_SYNC_DESTINATIONS(self), NULL);
  if (mount != NULL)
    *mount = NULL;
  if (gtk_check_button_get_active(self->folder_check))
    return self->folder != NULL ? g_file_get_path(self->folder) : NULL;
  for (guint i = 0; i < self->drive_rows->len; i++) {
    GObject *row = g_ptr_array_index(self->drive_rows, i);
    GtkCheckButton *check = g_object_get_data(row, "check");
    GMount *drive = g_object_get_data(row, "mount");
    if (check == NULL || drive == NULL || !gtk_check_button_get_active(check))
      continue;
    g_autoptr(GFile) root = g_mount_get_root(drive);
    if (mount != NULL)
      *mount = drive;
    return g_file_get_path(root);
  }
  return NULL;
}

void amanat_sync_destinations_set_folder(AmanatSyncDestinations *self, GFile *folder) {
  g_return_if_fail(AMANAT_IS_SYNC_DESTINATIONS(self));
  g_return_if_fail(G_IS_FILE(folder));
  g_set_object(&self->folder, folder);
  g_autofree char *shown = g_file_get_parse_name(folder);
  adw_action_row_set_subtitle(self->folder_row, shown);
  gtk_check_button_set_active(self->folder_check, TRUE);
  emit_changed(self);
}

GListModel *amanat_sync_destinations_get_drives(AmanatSyncDestinations *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_DESTINATIONS(self), NULL);
  return G_LIST_MODEL(self->drives);
}

void amanat_sync_destinations_clear(AmanatSyncDestinations *self) {
  g_return_if_fail(AMANAT_IS_SYNC_DESTINATIONS(self));
  g_clear_object(&self->folder);
  adw_action_row_set_subtitle(self->folder_row, _("None chosen"));
  gtk_check_button_set_active(self->folder_check, FALSE);
  for (guint i = 0; i < self->drive_rows->len; i++) {
    GtkCheckButton *check = g_object_get_data(g_ptr_array_index(self->drive_rows, i), "check");
    if (check != NULL)
      gtk_check_button_set_active(check, FALSE);
  }
  emit_changed(self);
}
