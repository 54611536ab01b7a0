/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-window.c: reads the vault's settings through a session job when it opens and
 * saves each change through another, so the window never waits on the disk. The password
 * changes, the duress password and the decoy are in amanat-settings-window-actions.c. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-application.h"
#include "amanat-prefs-file.h"
#include "amanat-secret-entry.h"
#include "amanat-settings-languages.h"
#include "amanat-settings-store.h"
#include "amanat-settings-window-private.h"

G_DEFINE_FINAL_TYPE(AmanatSettingsWindow, amanat_settings_window, ADW_TYPE_PREFERENCES_WINDOW)

/* ---- Helpers ----------------------------------------------------------------------- */

void amanat_settings_window_show_label(GtkLabel *label, const char *text) {
  gtk_label_set_text(label, text != NULL ? text : "");
  gtk_widget_set_visible(GTK_WIDGET(label), text != NULL);
}

void amanat_settings_window_toast(AmanatSettingsWindow *self, const char *text) {
  g_free(self->last_toast);
  self->last_toast = g_strdup(text);
  AdwToast *toast = adw_toast_new(text);
  adw_preferences_window_add_toast(ADW_PREFERENCES_WINDOW(self), toast);
}

void amanat_settings_window_begin_job(AmanatSettingsWindow *self) {
  self->busy++;
  amanat_settings_window_update_actions(self);
}

void amanat_settings_window_end_job(AmanatSettingsWindow *self) {
  g_return_if_fail(self->busy > 0);
  self->busy--;
  amanat_settings_window_update_actions(self);
}

static AmanatApplication *app_of(AmanatSettingsWindow *self) {
  GtkApplication *app = gtk_window_get_application(GTK_WINDOW(self));
  return AMANAT_IS_APPLICATION(app) ? AMANAT_APPLICATION(app) : NULL;
}

/* ---- Loading ----------------------------------------------------------------------- */

typedef struct {
  guint auto_lock_minutes;
  guint32 wipe_after;
} Loaded;

static int load_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  Loaded *loaded = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  loaded->auto_lock_minutes = amanat_settings_store_get_uint(
      *vault, dir, AMANAT_SETTING_AUTO_LOCK_MINUTES, 1, AMANAT_MAX_AUTO_LOCK_MINUTES,
      AMANAT_DEFAULT_AUTO_LOCK_MINUTES);
  return amanat_vault_get_wipe_after(*vault, &loaded->wipe_after);
}

static void load_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_object_get_data(G_OBJECT(self), "loaded");
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  amanat_settings_window_end_job(self);
  if (rc < 0) {
    amanat_settings_window_toast(self, error->message);
    return;
  }
  self->loading = TRUE;
  gtk_spin_button_set_value(self->auto_lock_spin, loaded->auto_lock_minutes);
  gtk_switch_set_active(self->wipe_after_switch, loaded->wipe_after > 0);
  if (loaded->wipe_after > 0)
    gtk_spin_button_set_value(self->wipe_after_spin, loaded->wipe_after);
  gtk_widget_set_sensitive(self->wipe_after_row, loaded->wipe_after > 0);
  self->loading = FALSE;
}

static void load(AmanatSettingsWindow *self) {
  Loaded *loaded = g_new0(Loaded, 1);
  /* The window keeps the result; the job writes into it on the worker. */
  g_object_set_data_full(G_OBJECT(self), "loaded", loaded, g_free);
  amanat_settings_window_begin_job(self);
  amanat_session_run(self->session, load_job, loaded, NULL, NULL, load_done_cb, g_object_ref(self));
}

/* ---- Saving one number ------------------------------------------------------------- */

typedef struct {
  guint value;
} NumberChange;

static int auto_lock_job(amanat_vault **vault, const char *dir, gpointer data,
                         GCancellable *cancellable) {
  NumberChange *change = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_settings_store_set_uint(*vault, dir, AMANAT_SETTING_AUTO_LOCK_MINUTES,
                                        change->value);
}

static int wipe_after_job(amanat_vault **vault, const char *dir, gpointer data,
                          GCancellable *cancellable) {
  NumberChange *change = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_vault_set_wipe_after(*vault, change->value);
}

static void save_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  if (amanat_session_run_finish(AMANAT_SESSION(source), result, &error) < 0)
    amanat_settings_window_toast(self, error->message);
  amanat_settings_window_end_job(self);
}

static void save_number(AmanatSettingsWindow *self, AmanatSessionJob job, guint value) {
  NumberChange *change = g_new0(NumberChange, 1);
  change->value = value;
  amanat_settings_window_begin_job(self);
  amanat_session_run(self->session, job, change, g_free, NULL, save_done_cb, g_object_ref(self));
}

/* ---- Signal callbacks -------------------------------------------------------------- */

static void on_auto_lock_changed_cb(AmanatSettingsWindow *self) {
  if (self->loading)
    return;
  guint minutes = (guint)gtk_spin_button_get_value_as_int(self->auto_lock_spin);
  AmanatApplication *app = app_of(self);
  if (app != NULL)
    amanat_application_set_idle_timeout(app, minutes * 60);
  save_number(self, auto_lock_job, minutes);
}

static void on_wipe_after_changed_cb(AmanatSettingsWindow *self) {
  gboolean on = gtk_switch_get_active(self->wipe_after_switch);
  gtk_widget_set_sensitive(self->wipe_after_row, on);
  if (self->loading)
    return;
  guint limit = on ? (guint)gtk_spin_button_get_value_as_int(self->wipe_after_spin) : 0;
  save_number(self, wipe_after_job, limit);
}

static void on_language_selected_cb(AmanatSettingsWindow *self) {
  if (self->loading)
    return;
  guint selected = adw_combo_row_get_selected(self->language_row);
  /* Row 0 is "the computer's language"; the rest follow the table. */
  const char *code = selected == 0 ? NULL : amanat_settings_languages()[selected - 1].code;
  g_autoptr(GError) error = NULL;
  if (!amanat_prefs_file_set_language(code, &error)) {
    amanat_settings_window_toast(self, error->message);
    return;
  }
  amanat_settings_window_toast(self, _("Amanat will use this language the next time it starts."));
}

static void on_focus_next_cb(GtkWidget *entry) {
  gtk_widget_child_focus(GTK_WIDGET(gtk_widget_get_root(entry)), GTK_DIR_TAB_FORWARD);
}

static void on_session_unlocked_cb(AmanatSettingsWindow *self) {
  /* Nothing of the vault stays on screen once it is locked. */
  if (!amanat_session_get_unlocked(self->session))
    gtk_window_destroy(GTK_WINDOW(self));
}

static void on_activity_cb(AmanatSettingsWindow *self) {
  g_autoptr(AmanatWindow) window = g_weak_ref_get(&self->main_window);
  if (window != NULL)
    amanat_window_note_activity(window);
}

static gboolean on_key_activity_cb(GtkEventControllerKey *controller, guint keyval, guint keycode,
                                   GdkModifierType state, AmanatSettingsWindow *self) {
  on_activity_cb(self);
  return GDK_EVENT_PROPAGATE;
}

/* Using Settings is using Amanat: the main window's idle lock must not fire under it. */
static void add_activity_controllers(AmanatSettingsWindow *self) {
  GtkEventController *key = gtk_event_controller_key_new();
  gtk_event_controller_set_propagation_phase(key, GTK_PHASE_CAPTURE);
  g_signal_connect(key, "key-pressed", G_CALLBACK(on_key_activity_cb), self);
  gtk_widget_add_controller(GTK_WIDGET(self), key);

  GtkEventController *motion = gtk_event_controller_motion_new();
  gtk_event_controller_set_propagation_phase(motion, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped(motion, "motion", G_CALLBACK(on_activity_cb), self);
  gtk_widget_add_controller(GTK_WIDGET(self), motion);

  GtkGesture *click = gtk_gesture_click_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), 0);
  gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped(click, "pressed", G_CALLBACK(on_activity_cb), self);
  gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(click));
}

static void fill_languages(AmanatSettingsWindow *self) {
  g_autoptr(GtkStringList) names = gtk_string_list_new(NULL);
  /* Translators: the first choice in the language list. */
  gtk_string_list_append(names, _("System default"));
  guint selected = 0, i = 1;
  g_autofree char *chosen = amanat_prefs_file_dup_language();
  for (const AmanatLanguage *l = amanat_settings_languages(); l->code != NULL; l++, i++) {
    gtk_string_list_append(names, l->endonym);
    if (g_strcmp0(chosen, l->code) == 0)
      selected = i;
  }
  self->loading = TRUE;
  adw_combo_row_set_model(self->language_row, G_LIST_MODEL(names));
  adw_combo_row_set_selected(self->language_row, selected);
  self->loading = FALSE;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void wipe_entries(AmanatSettingsWindow *self) {
  GtkPasswordEntry *entries[] = {self->current_entry,        self->new_entry,
                                 self->confirm_entry,        self->duress_entry,
                                 self->duress_confirm_entry, self->decoy_entry};
  for (guint i = 0; i < G_N_ELEMENTS(entries); i++)
    if (entries[i] != NULL)
      amanat_secret_entry_wipe(GTK_EDITABLE(entries[i]));
}

static void amanat_settings_window_dispose(GObject *object) {
  AmanatSettingsWindow *self = AMANAT_SETTINGS_WINDOW(object);

  wipe_entries(self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data(self->session, self);
  g_clear_object(&self->session);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_SETTINGS_WINDOW);

  G_OBJECT_CLASS(amanat_settings_window_parent_class)->dispose(object);
}

static void amanat_settings_window_finalize(GObject *object) {
  AmanatSettingsWindow *self = AMANAT_SETTINGS_WINDOW(object);

  g_weak_ref_clear(&self->main_window);
  g_free(self->last_toast);

  G_OBJECT_CLASS(amanat_settings_window_parent_class)->finalize(object);
}

static void amanat_settings_window_class_init(AmanatSettingsWindowClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_settings_window_dispose;
  object_class->finalize = amanat_settings_window_finalize;

  g_type_ensure(AMANAT_TYPE_CHECKLIST_PAGE);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-settings-window.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, current_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, new_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, confirm_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, strength_bar);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, strength_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, password_message);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, password_spinner);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, duress_wipe_check);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, duress_decoy_check);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, duress_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, duress_confirm_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, duress_message);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, duress_spinner);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, auto_lock_spin);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, wipe_after_switch);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, wipe_after_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, wipe_after_spin);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, language_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, decoy_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, decoy_message);
  gtk_widget_class_bind_template_child(widget_class, AmanatSettingsWindow, checklist_page);
  gtk_widget_class_bind_template_callback(widget_class, on_auto_lock_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_wipe_after_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_language_selected_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_focus_next_cb);

  amanat_settings_window_class_install_actions(widget_class);
}

static void amanat_settings_window_init(AmanatSettingsWindow *self) {
  g_weak_ref_init(&self->main_window, NULL);
  gtk_widget_init_template(GTK_WIDGET(self));
  GtkPasswordEntry *entries[] = {self->current_entry,        self->new_entry,
                                 self->confirm_entry,        self->duress_entry,
                                 self->duress_confirm_entry, self->decoy_entry};
  for (guint i = 0; i < G_N_ELEMENTS(entries); i++)
    amanat_secret_entry_prepare(GTK_EDITABLE(entries[i]));
  gtk_level_bar_remove_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, 1);
  gtk_level_bar_add_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 3);
  gtk_level_bar_add_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, 4);
  gtk_widget_set_sensitive(self->wipe_after_row, FALSE);
  add_activity_controllers(self);
  fill_languages(self);
  amanat_settings_window_update_actions(self);
}

AmanatSettingsWindow *amanat_settings_window_new(AmanatWindow *window, AmanatSession *session) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(window), NULL);
  g_return_val_if_fail(AMANAT_IS_SESSION(session), NULL);

  AmanatSettingsWindow *self =
      g_object_new(AMANAT_TYPE_SETTINGS_WINDOW, "transient-for", window, "application",
                   gtk_window_get_application(GTK_WINDOW(window)), NULL);
  g_weak_ref_set(&self->main_window, window);
  self->session = g_object_ref(session);
  g_signal_connect_swapped(session, "notify::unlocked", G_CALLBACK(on_session_unlocked_cb), self);
  amanat_checklist_page_set_session(self->checklist_page, session);
  load(self);
  amanat_settings_window_update_actions(self);
  return self;
}

void amanat_settings_window_show_page(AmanatSettingsWindow *self, const char *name) {
  g_return_if_fail(AMANAT_IS_SETTINGS_WINDOW(self));
  adw_preferences_window_set_visible_page_name(ADW_PREFERENCES_WINDOW(self), name);
  if (g_strcmp0(name, "checklist") == 0)
    amanat_checklist_page_refresh(self->checklist_page);
}

gboolean amanat_settings_window_get_busy(AmanatSettingsWindow *self) {
  g_return_val_if_fail(AMANAT_IS_SETTINGS_WINDOW(self), FALSE);
  return self->busy > 0 || amanat_checklist_page_get_busy(self->checklist_page);
}

const char *amanat_settings_window_get_last_toast(AmanatSettingsWindow *self) {
  g_return_val_if_fail(AMANAT_IS_SETTINGS_WINDOW(self), NULL);
  return self->last_toast;
}

/* ---- Applying the vault's settings after an unlock ---------------------------------- */

typedef struct {
  GWeakRef application;
  guint minutes;
} ApplyData;

static void apply_data_free(ApplyData *data) {
  g_weak_ref_clear(&data->application);
  g_free(data);
}

static int read_auto_lock_job(amanat_vault **vault, const char *dir, gpointer data,
                              GCancellable *cancellable) {
  ApplyData *apply = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  apply->minutes = amanat_settings_store_get_uint(*vault, dir, AMANAT_SETTING_AUTO_LOCK_MINUTES, 1,
                                                  AMANAT_MAX_AUTO_LOCK_MINUTES,
                                                  AMANAT_DEFAULT_AUTO_LOCK_MINUTES);
  return AMANAT_OK;
}

static void read_auto_lock_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ApplyData *apply = user_data;
  if (amanat_session_run_finish(AMANAT_SESSION(source), result, NULL) < 0)
    return;
  g_autoptr(AmanatApplication) app = g_weak_ref_get(&apply->application);
  if (app != NULL)
    amanat_application_set_idle_timeout(app, apply->minutes * 60);
}

void amanat_settings_window_apply_vault_settings(AmanatSession *session,
                                                 AmanatApplication *application) {
  g_return_if_fail(AMANAT_IS_SESSION(session));
  g_return_if_fail(AMANAT_IS_APPLICATION(application));
  ApplyData *apply = g_new0(ApplyData, 1);
  g_weak_ref_init(&apply->application, application);
  /* `apply` is freed after the callback ran, so the callback may use it. */
  amanat_session_run(session, read_auto_lock_job, apply, (GDestroyNotify)apply_data_free, NULL,
                     read_auto_lock_done_cb, apply);
}
