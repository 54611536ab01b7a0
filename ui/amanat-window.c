/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-window.c: switches between the pages as the vault is created, unlocked, locked
 * and wiped, and locks it after a time without input. Nothing about the vault's contents
 * ever reaches the window title. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-error-message.h"
#include "amanat-prefs-file.h"
#include "amanat-settings-window.h"
#include "amanat-window-private.h"

G_DEFINE_FINAL_TYPE(AmanatWindow, amanat_window, ADW_TYPE_APPLICATION_WINDOW)

static void set_previous_page(AmanatWindow *self, const char *name) {
  char *copy = g_strdup(name);
  g_free(self->previous_page);
  self->previous_page = copy;
}

/* "documents", "notes" or "contacts". */
static const char *visible_view(AmanatWindow *self) {
  return adw_view_stack_get_visible_child_name(self->view_stack);
}

static void show_page(AmanatWindow *self, const char *name) {
  gtk_stack_set_visible_child_name(self->stack, name);
  gboolean on_main = g_strcmp0(name, "main") == 0;
  gtk_widget_set_visible(self->import_button,
                         on_main && g_strcmp0(visible_view(self), "documents") == 0);
  /* The view switcher only where its pages are: elsewhere the title is just "Amanat". */
  adw_view_switcher_title_set_view_switcher_enabled(self->switcher_title, on_main);
  gtk_widget_set_visible(self->lock_button, on_main);
  amanat_window_update_actions(self);

  if (g_strcmp0(name, "lock") == 0)
    amanat_lock_page_reset(self->lock_page);
  else if (g_strcmp0(name, "setup") == 0)
    gtk_widget_grab_focus(GTK_WIDGET(self->setup_page));
  else if (g_strcmp0(name, "panic") == 0)
    amanat_panic_page_focus_default(self->panic_page);
  else if (on_main)
    amanat_window_focus_search(self);
}

static void on_view_changed_cb(AmanatWindow *self) {
  gboolean on_main = g_strcmp0(amanat_window_get_page(self), "main") == 0;
  /* Notes written or deleted on the notes view are documents too. */
  if (on_main && g_strcmp0(visible_view(self), "documents") == 0 &&
      amanat_session_get_unlocked(self->session))
    amanat_documents_page_reload(self->documents_page);
  gtk_widget_set_visible(self->import_button,
                         on_main && g_strcmp0(visible_view(self), "documents") == 0);
  amanat_window_update_actions(self);
}

/* ---- Idle lock --------------------------------------------------------------------- */

static guint idle_timeout_ms(AmanatWindow *self) {
  GtkApplication *app = gtk_window_get_application(GTK_WINDOW(self));
  guint seconds = AMANAT_IS_APPLICATION(app)
                      ? amanat_application_get_idle_timeout(AMANAT_APPLICATION(app))
                      : AMANAT_DEFAULT_IDLE_TIMEOUT;
  return seconds * 1000;
}

static gboolean on_idle_timeout_cb(gpointer user_data);

static void arm_idle_timer(AmanatWindow *self, guint delay_ms) {
  g_clear_handle_id(&self->idle_source, g_source_remove);
  if (self->session == NULL || !amanat_session_get_unlocked(self->session))
    return;
  guint timeout = idle_timeout_ms(self);
  if (timeout == 0)
    return; /* 0 turns the idle lock off */
  self->idle_source = g_timeout_add(MIN(delay_ms, timeout), on_idle_timeout_cb, self);
}

static gboolean on_idle_timeout_cb(gpointer user_data) {
  AmanatWindow *self = user_data;
  self->idle_source = 0;

  /* A running import counts as use: it is not locked (and so cancelled) under the person. */
  if (amanat_session_get_busy(self->session))
    self->last_activity_us = g_get_monotonic_time();
  gint64 idle_ms = (g_get_monotonic_time() - self->last_activity_us) / 1000;
  guint timeout = idle_timeout_ms(self);
  if (timeout == 0)
    return G_SOURCE_REMOVE;
  if (idle_ms >= (gint64)timeout) {
    amanat_window_lock(self);
    return G_SOURCE_REMOVE;
  }
  arm_idle_timer(self, (guint)(timeout - idle_ms));
  return G_SOURCE_REMOVE;
}

static void on_idle_timeout_changed_cb(AmanatWindow *self) {
  arm_idle_timer(self, idle_timeout_ms(self));
}

static void on_activity_cb(AmanatWindow *self) {
  amanat_window_note_activity(self);
}

static gboolean on_key_activity_cb(GtkEventControllerKey *controller, guint keyval, guint keycode,
                                   GdkModifierType state, AmanatWindow *self) {
  amanat_window_note_activity(self);
  return GDK_EVENT_PROPAGATE;
}

/* Any key, pointer motion, click or scroll on `widget` counts as use of this window's vault.
 * The handlers go with whichever of the two is destroyed first. */
static void add_activity_controllers(AmanatWindow *self, GtkWidget *widget) {
  GtkEventController *key = gtk_event_controller_key_new();
  gtk_event_controller_set_propagation_phase(key, GTK_PHASE_CAPTURE);
  g_signal_connect_object(key, "key-pressed", G_CALLBACK(on_key_activity_cb), self, 0);
  gtk_widget_add_controller(widget, key);

  GtkEventController *motion = gtk_event_controller_motion_new();
  gtk_event_controller_set_propagation_phase(motion, GTK_PHASE_CAPTURE);
  g_signal_connect_object(motion, "motion", G_CALLBACK(on_activity_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller(widget, motion);

  GtkGesture *click = gtk_gesture_click_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), 0);
  gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(click), GTK_PHASE_CAPTURE);
  g_signal_connect_object(click, "pressed", G_CALLBACK(on_activity_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(click));

  GtkEventController *scroll = gtk_event_controller_scroll_new(
      GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  gtk_event_controller_set_propagation_phase(scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object(scroll, "scroll-begin", G_CALLBACK(on_activity_cb), self,
                          G_CONNECT_SWAPPED);
  g_signal_connect_object(scroll, "scroll", G_CALLBACK(on_activity_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller(widget, scroll);
}

/* ---- Pages ------------------------------------------------------------------------- */

static int housekeeping_job(amanat_vault **vault, const char *dir, gpointer data,
                            GCancellable *cancellable) {
  return *vault != NULL ? amanat_vault_housekeeping(*vault) : AMANAT_OK;
}

static gboolean on_housekeeping_cb(gpointer user_data) {
  AmanatWindow *self = user_data;
  self->housekeeping_source = 0;
  if (amanat_session_get_unlocked(self->session))
    amanat_session_run(self->session, housekeeping_job, NULL, NULL, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void after_unlock(AmanatWindow *self) {
  self->last_activity_us = g_get_monotonic_time();
  /* The vault's own settings (the idle lock's delay), and its folder for the next start. */
  GtkApplication *app = gtk_window_get_application(GTK_WINDOW(self));
  if (AMANAT_IS_APPLICATION(app))
    amanat_settings_window_apply_vault_settings(self->session, AMANAT_APPLICATION(app));
  (void)amanat_prefs_file_set_last_vault(amanat_session_get_dir(self->session), NULL);
  arm_idle_timer(self, idle_timeout_ms(self));
  /* Reads the first rows now, while the worker is free. */
  amanat_documents_page_reload(self->documents_page);
  show_page(self, "main");
  /* Deferred work (after a duress unlock: removing the destroyed space's data) holds the
   * vault for a while. It waits until the first rows are on screen, so that the list looks
   * the same whichever password opened the vault. */
  g_clear_handle_id(&self->housekeeping_source, g_source_remove);
  self->housekeeping_source = g_timeout_add_seconds(3, on_housekeeping_cb, self);
}

static void on_unlocked_cb(AmanatWindow *self) {
  after_unlock(self);
}

static void on_created_cb(AmanatWindow *self, const char *warning) {
  after_unlock(self);
  if (warning != NULL)
    amanat_documents_page_show_message(self->documents_page, warning, TRUE);
}

static void on_session_unlocked_cb(AmanatWindow *self) {
  if (amanat_session_get_unlocked(self->session))
    return;
  g_clear_handle_id(&self->idle_source, g_source_remove);
  g_clear_handle_id(&self->housekeeping_source, g_source_remove);
  amanat_panic_page_set_can_keep_decoy(self->panic_page, FALSE);
  /* Locked from elsewhere (the application, the screensaver): leave the documents. */
  if (g_strcmp0(amanat_window_get_page(self), "main") == 0)
    show_page(self, "lock");
  amanat_window_update_actions(self);
}

/* A bundle brought documents, notes or contacts: every view shows them. */
static void on_sync_imported_cb(AmanatWindow *self) {
  amanat_documents_page_reload(self->documents_page);
  amanat_notes_page_reload(self->notes_page);
  amanat_contacts_page_reload(self->contacts_page);
}

static void on_importing_changed_cb(AmanatWindow *self) {
  amanat_window_update_actions(self);
}

static void on_session_busy_cb(AmanatWindow *self) {
  amanat_window_update_actions(self);
}

static void wipe_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  amanat_panic_page_set_busy(self->panic_page, FALSE);
  if (!amanat_session_wipe_finish(AMANAT_SESSION(source), result, &error)) {
    amanat_panic_page_set_error(self->panic_page, error->message);
    return;
  }
  g_clear_pointer(&self->previous_page, g_free);
  show_page(self, "wiped");
}

/* Destroys the real space only; the session goes on in what was the decoy. */
static int keep_decoy_job(amanat_vault **vault, const char *dir, gpointer data,
                          GCancellable *cancellable) {
  return *vault != NULL ? amanat_vault_wipe_keep_decoy(*vault) : AMANAT_E_NOT_ALLOWED;
}

static void keep_decoy_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  amanat_panic_page_set_busy(self->panic_page, FALSE);
  if (amanat_session_run_finish(AMANAT_SESSION(source), result, &error) < 0)
    amanat_panic_page_set_error(self->panic_page, error->message);
  else
    amanat_panic_page_show_done(self->panic_page);
  arm_idle_timer(self, idle_timeout_ms(self));
}

static void wipe_keep_decoy(AmanatWindow *self) {
  if (!amanat_session_get_unlocked(self->session)) {
    amanat_panic_page_set_error(self->panic_page, amanat_error_message(AMANAT_E_NOT_ALLOWED));
    return;
  }
  /* What the views read from the real space goes; they read again after. */
  amanat_documents_page_prepare_lock(self->documents_page);
  amanat_notes_page_prepare_lock(self->notes_page);
  amanat_contacts_page_prepare_lock(self->contacts_page);
  amanat_sync_page_prepare_lock(self->sync_page);
  amanat_panic_page_set_error(self->panic_page, NULL);
  amanat_panic_page_set_busy(self->panic_page, TRUE);
  amanat_session_run(self->session, keep_decoy_job, NULL, NULL, NULL, keep_decoy_done_cb,
                     g_object_ref(self));
}

static void on_panic_finished_cb(AmanatWindow *self) {
  g_clear_pointer(&self->previous_page, g_free);
  if (!amanat_session_get_unlocked(self->session)) {
    show_page(self, "lock");
    return;
  }
  on_sync_imported_cb(self); /* every view reads the space that is left */
  amanat_sync_page_reload(self->sync_page);
  show_page(self, "main");
}

static void on_wipe_requested_cb(AmanatWindow *self) {
  g_clear_handle_id(&self->idle_source, g_source_remove);
  if (amanat_panic_page_get_keep_decoy(self->panic_page)) {
    wipe_keep_decoy(self);
    return;
  }
  amanat_documents_page_prepare_lock(self->documents_page);
  amanat_panic_page_set_error(self->panic_page, NULL);
  amanat_panic_page_set_busy(self->panic_page, TRUE);
  amanat_session_wipe_async(self->session, wipe_done_cb, g_object_ref(self));
}

static void on_panic_cancelled_cb(AmanatWindow *self) {
  g_autofree char *back = g_steal_pointer(&self->previous_page);
  if (back == NULL || (g_strcmp0(back, "main") == 0 && !amanat_session_get_unlocked(self->session)))
    back = g_strdup("lock");
  show_page(self, back);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void amanat_window_dispose(GObject *object) {
  AmanatWindow *self = AMANAT_WINDOW(object);

  g_clear_handle_id(&self->idle_source, g_source_remove);
  g_clear_handle_id(&self->housekeeping_source, g_source_remove);
  if (self->documents_page != NULL)
    amanat_documents_page_prepare_lock(self->documents_page);
  /* Queued before the session closes: a modified note is saved, a deletion is done. */
  if (self->notes_page != NULL)
    amanat_notes_page_prepare_lock(self->notes_page);
  if (self->contacts_page != NULL)
    amanat_contacts_page_prepare_lock(self->contacts_page);
  if (self->sync_page != NULL)
    amanat_sync_page_prepare_lock(self->sync_page);
  if (self->session != NULL) {
    g_signal_handlers_disconnect_by_data(self->session, self);
    /* Waits for the worker (at most one key derivation) and locks the vault. */
    amanat_session_close(self->session);
  }
  g_clear_object(&self->session);
  g_clear_pointer(&self->previous_page, g_free);

  G_OBJECT_CLASS(amanat_window_parent_class)->dispose(object);
}

static void amanat_window_class_init(AmanatWindowClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_window_dispose;

  g_type_ensure(AMANAT_TYPE_SETUP_PAGE);
  g_type_ensure(AMANAT_TYPE_LOCK_PAGE);
  g_type_ensure(AMANAT_TYPE_DOCUMENTS_PAGE);
  g_type_ensure(AMANAT_TYPE_NOTES_PAGE);
  g_type_ensure(AMANAT_TYPE_CONTACTS_PAGE);
  g_type_ensure(AMANAT_TYPE_SYNC_PAGE);
  g_type_ensure(AMANAT_TYPE_PANIC_PAGE);
  gtk_widget_class_set_template_from_resource(widget_class, "/org/amanat/Amanat/amanat-window.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, import_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, lock_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, setup_page);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, lock_page);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, documents_page);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, switcher_title);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, view_stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, notes_page);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, contacts_page);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, sync_page);
  gtk_widget_class_bind_template_child(widget_class, AmanatWindow, panic_page);
  gtk_widget_class_bind_template_callback(widget_class, on_unlocked_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_created_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_wipe_requested_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_panic_cancelled_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_panic_finished_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_importing_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_view_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_sync_imported_cb);

  amanat_window_class_install_actions(widget_class);
}

static void amanat_window_init(AmanatWindow *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  add_activity_controllers(self, GTK_WIDGET(self));
  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class(GTK_WIDGET(self), "devel");
}

AmanatWindow *amanat_window_new(AmanatApplication *application, const char *vault_dir) {
  g_return_val_if_fail(AMANAT_IS_APPLICATION(application), NULL);
  g_return_val_if_fail(vault_dir != NULL, NULL);

  AmanatWindow *self = g_object_new(AMANAT_TYPE_WINDOW, "application", application, NULL);
  self->session = amanat_session_new(vault_dir);
  g_signal_connect_swapped(self->session, "notify::unlocked", G_CALLBACK(on_session_unlocked_cb),
                           self);
  g_signal_connect_swapped(self->session, "notify::busy", G_CALLBACK(on_session_busy_cb), self);
  amanat_setup_page_set_session(self->setup_page, self->session);
  amanat_lock_page_set_session(self->lock_page, self->session);
  amanat_documents_page_set_session(self->documents_page, self->session);
  amanat_notes_page_set_session(self->notes_page, self->session);
  amanat_contacts_page_set_session(self->contacts_page, self->session);
  amanat_sync_page_set_session(self->sync_page, self->session);
  g_signal_connect_object(application, "notify::idle-timeout",
                          G_CALLBACK(on_idle_timeout_changed_cb), self, G_CONNECT_SWAPPED);

  amanat_vault_info info;
  int rc = amanat_vault_read_info(vault_dir, &info);
  if (rc == AMANAT_E_NOT_A_VAULT) {
    show_page(self, "setup");
  } else {
    show_page(self, "lock");
    /* A damaged, wiped or newer vault: say so before anyone types a password. */
    if (rc < 0)
      amanat_lock_page_set_message(self->lock_page, amanat_error_message(rc));
  }
  return self;
}

const char *amanat_window_get_vault_dir(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return amanat_session_get_dir(self->session);
}

const char *amanat_window_get_page(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return gtk_stack_get_visible_child_name(self->stack);
}

gboolean amanat_window_get_unlocked(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), FALSE);
  return self->session != NULL && amanat_session_get_unlocked(self->session);
}

gboolean amanat_window_get_busy(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), FALSE);
  return self->session != NULL && amanat_session_get_busy(self->session);
}

void amanat_window_set_kdf_cost(AmanatWindow *self, amanat_kdf_cost cost) {
  g_return_if_fail(AMANAT_IS_WINDOW(self));
  amanat_setup_page_set_kdf_cost(self->setup_page, cost);
}

void amanat_window_lock(AmanatWindow *self) {
  g_return_if_fail(AMANAT_IS_WINDOW(self));
  if (self->session == NULL || !amanat_session_get_unlocked(self->session))
    return;
  g_clear_handle_id(&self->idle_source, g_source_remove);
  /* A deletion waiting for its toast is done first: the lock job runs after it. */
  amanat_documents_page_prepare_lock(self->documents_page);
  /* So is the save of a modified note (into the vault, encrypted). */
  amanat_notes_page_prepare_lock(self->notes_page);
  amanat_contacts_page_prepare_lock(self->contacts_page);
  amanat_sync_page_prepare_lock(self->sync_page);
  amanat_session_lock(self->session);
  /* The next unlock starts on the documents, whatever was shown before. */
  adw_view_stack_set_visible_child_name(self->view_stack, "documents");
  if (g_strcmp0(amanat_window_get_page(self), "panic") != 0)
    show_page(self, "lock");
  else
    set_previous_page(self, "lock");
}

void amanat_window_show_panic(AmanatWindow *self) {
  g_return_if_fail(AMANAT_IS_WINDOW(self));
  const char *page = amanat_window_get_page(self);
  if (g_strcmp0(page, "lock") != 0 && g_strcmp0(page, "main") != 0)
    return; /* no vault to wipe, or already on the way */
  set_previous_page(self, page);
  /* The panic page must not sit behind an open document. */
  amanat_documents_page_close_viewer(self->documents_page);
  amanat_panic_page_reset(self->panic_page);
  amanat_panic_page_set_can_keep_decoy(self->panic_page,
                                       amanat_session_get_unlocked(self->session));
  show_page(self, "panic");
}

void amanat_window_note_activity(AmanatWindow *self) {
  g_return_if_fail(AMANAT_IS_WINDOW(self));
  self->last_activity_us = g_get_monotonic_time();
  /* The timer re-arms itself for what is left when it fires; nothing to do per event. */
  if (self->idle_source == 0 && self->session != NULL && amanat_session_get_unlocked(self->session))
    arm_idle_timer(self, idle_timeout_ms(self));
}

void amanat_window_watch_activity(AmanatWindow *self, GtkWidget *widget) {
  g_return_if_fail(AMANAT_IS_WINDOW(self));
  g_return_if_fail(GTK_IS_WIDGET(widget));
  add_activity_controllers(self, widget);
}

void amanat_window_start_setup(AmanatWindow *self) {
  g_return_if_fail(AMANAT_IS_WINDOW(self));
  amanat_setup_page_reset(self->setup_page);
  show_page(self, "setup");
}

GtkWidget *amanat_window_get_setup_page(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return GTK_WIDGET(self->setup_page);
}

GtkWidget *amanat_window_get_lock_page(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return GTK_WIDGET(self->lock_page);
}

GtkWidget *amanat_window_get_documents_page(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return GTK_WIDGET(self->documents_page);
}

GtkWidget *amanat_window_get_notes_page(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return GTK_WIDGET(self->notes_page);
}

GtkWidget *amanat_window_get_contacts_page(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return GTK_WIDGET(self->contacts_page);
}

GtkWidget *amanat_window_get_sync_page(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return GTK_WIDGET(self->sync_page);
}

const char *amanat_window_get_view(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return visible_view(self);
}

void amanat_window_show_view(AmanatWindow *self, const char *view) {
  g_return_if_fail(AMANAT_IS_WINDOW(self));
  g_return_if_fail(view != NULL);
  if (g_strcmp0(amanat_window_get_page(self), "main") != 0)
    return;
  adw_view_stack_set_visible_child_name(self->view_stack, view);
}

void amanat_window_focus_search(AmanatWindow *self) {
  g_return_if_fail(AMANAT_IS_WINDOW(self));
  const char *view = visible_view(self);
  if (g_strcmp0(view, "notes") == 0)
    amanat_notes_page_focus_search(self->notes_page);
  else if (g_strcmp0(view, "contacts") == 0)
    amanat_contacts_page_focus_search(self->contacts_page);
  else
    amanat_documents_page_focus_search(self->documents_page);
}

GtkWidget *amanat_window_get_panic_page(AmanatWindow *self) {
  g_return_val_if_fail(AMANAT_IS_WINDOW(self), NULL);
  return GTK_WIDGET(self->panic_page);
}
