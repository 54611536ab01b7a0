/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-settings-window-actions.c: the settings that need a password (settings.*). Each
 * password is copied once into sodium_malloc memory for the worker, freed (and so wiped) right
 * after the job, and the entries are wiped (amanat-secret-entry.c) as soon as it was taken. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "amanat-documents-page.h"
#include "amanat-error-message.h"
#include "amanat-lock-page.h"
#include "amanat-password-strength.h"
#include "amanat-secret-entry.h"
#include "amanat-settings-store.h"
#include "amanat-settings-window-private.h"

typedef struct {
  char *first; /* sodium_malloc */
  size_t first_len;
  char *second; /* sodium_malloc, or NULL */
  size_t second_len;
  amanat_duress_action action;
} Secrets;

static void secrets_free(Secrets *secrets) {
  sodium_free(secrets->first); /* wipes */
  sodium_free(secrets->second);
  g_free(secrets);
}

static char *secret_dup(GtkPasswordEntry *entry, size_t *len) {
  const char *text = gtk_editable_get_text(GTK_EDITABLE(entry));
  *len = strlen(text);
  char *copy = sodium_malloc(*len + 1);
  if (copy != NULL)
    memcpy(copy, text, *len + 1);
  return copy;
}

/* Takes one or two passwords out of their entries. NULL when memory ran out. */
static Secrets *take_secrets(GtkPasswordEntry *first, GtkPasswordEntry *second) {
  Secrets *secrets = g_new0(Secrets, 1);
  secrets->first = secret_dup(first, &secrets->first_len);
  if (second != NULL)
    secrets->second = secret_dup(second, &secrets->second_len);
  if (secrets->first == NULL || (second != NULL && secrets->second == NULL)) {
    secrets_free(secrets);
    return NULL;
  }
  return secrets;
}

static const char *text_of(GtkPasswordEntry *entry) {
  return gtk_editable_get_text(GTK_EDITABLE(entry));
}

static AmanatWindow *main_window(AmanatSettingsWindow *self) {
  return g_weak_ref_get(&self->main_window);
}

/* ---- Change password --------------------------------------------------------------- */

static gboolean password_ready(AmanatSettingsWindow *self, const char **why) {
  const char *current = text_of(self->current_entry);
  const char *new_password = text_of(self->new_entry);
  const char *confirm = text_of(self->confirm_entry);
  *why = NULL;
  if (current[0] == '\0' || new_password[0] == '\0' || confirm[0] == '\0')
    return FALSE;
  if (strcmp(new_password, confirm) != 0) {
    *why = _("The two new passwords are not the same.");
    return FALSE;
  }
  if (strcmp(new_password, current) == 0) {
    *why = _("The new password is the same as the current one.");
    return FALSE;
  }
  return TRUE;
}

static void on_password_changed_cb(AmanatSettingsWindow *self) {
  const char *new_password = text_of(self->new_entry);
  size_t len = strlen(new_password);
  if (len == 0) {
    gtk_level_bar_set_value(self->strength_bar, 0);
    amanat_settings_window_show_label(self->strength_label, NULL);
  } else {
    AmanatPasswordStrength strength = amanat_password_strength(new_password, len);
    gtk_level_bar_set_value(self->strength_bar, (double)strength + 1);
    amanat_settings_window_show_label(self->strength_label,
                                      amanat_password_strength_advice(strength));
  }
  const char *why;
  (void)password_ready(self, &why);
  /* Only complain about a mismatch once the confirmation is as long as the password. */
  size_t confirm_len = strlen(text_of(self->confirm_entry));
  amanat_settings_window_show_label(self->password_message,
                                    why != NULL && confirm_len >= len ? why : NULL);
  amanat_settings_window_update_actions(self);
}

static int change_password_job(amanat_vault **vault, const char *dir, gpointer data,
                               GCancellable *cancellable) {
  Secrets *secrets = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  int rc = amanat_settings_check_password(*vault, secrets->first, secrets->first_len);
  if (rc == AMANAT_OK)
    rc = amanat_vault_change_password(*vault, secrets->second, secrets->second_len);
  sodium_memzero(secrets->first, secrets->first_len);
  sodium_memzero(secrets->second, secrets->second_len);
  return rc;
}

static void set_spinner(GtkSpinner *spinner, gboolean on) {
  gtk_widget_set_visible(GTK_WIDGET(spinner), on);
  gtk_spinner_set_spinning(spinner, on);
}

static void change_password_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  set_spinner(self->password_spinner, FALSE);
  amanat_settings_window_end_job(self);
  if (rc < 0) {
    amanat_settings_window_show_label(self->password_message, error->message);
    gtk_widget_grab_focus(GTK_WIDGET(self->current_entry));
    return;
  }
  amanat_settings_window_toast(self, _("Password changed. Use the new one from now on."));
}

static void change_password_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSettingsWindow *self = AMANAT_SETTINGS_WINDOW(widget);
  const char *why;
  if (self->busy > 0 || !password_ready(self, &why))
    return;
  Secrets *secrets = take_secrets(self->current_entry, self->new_entry);
  amanat_secret_entry_wipe(GTK_EDITABLE(self->current_entry));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->new_entry));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->confirm_entry));
  if (secrets == NULL) {
    amanat_settings_window_show_label(self->password_message, amanat_error_message(AMANAT_E_NOMEM));
    return;
  }
  amanat_settings_window_show_label(self->password_message, NULL);
  set_spinner(self->password_spinner, TRUE);
  amanat_settings_window_begin_job(self);
  amanat_session_run(self->session, change_password_job, secrets, (GDestroyNotify)secrets_free,
                     NULL, change_password_done_cb, g_object_ref(self));
}

static void on_confirm_activate_cb(AmanatSettingsWindow *self) {
  gtk_widget_activate_action(GTK_WIDGET(self), "settings.change-password", NULL);
}

/* ---- Duress password --------------------------------------------------------------- */

static gboolean duress_ready(AmanatSettingsWindow *self, const char **why) {
  const char *duress = text_of(self->duress_entry);
  const char *confirm = text_of(self->duress_confirm_entry);
  *why = NULL;
  if (duress[0] == '\0' || confirm[0] == '\0')
    return FALSE;
  if (strcmp(duress, confirm) != 0) {
    *why = _("The two duress passwords are not the same.");
    return FALSE;
  }
  return TRUE;
}

static void on_duress_changed_cb(AmanatSettingsWindow *self) {
  const char *why;
  (void)duress_ready(self, &why);
  size_t len = strlen(text_of(self->duress_entry));
  size_t confirm_len = strlen(text_of(self->duress_confirm_entry));
  amanat_settings_window_show_label(self->duress_message,
                                    why != NULL && confirm_len >= len ? why : NULL);
  amanat_settings_window_update_actions(self);
}

static int add_duress_job(amanat_vault **vault, const char *dir, gpointer data,
                          GCancellable *cancellable) {
  Secrets *secrets = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  /* The core refuses a password that already opens the vault, the real one included. */
  int rc = amanat_vault_duress_add(*vault, secrets->first, secrets->first_len, secrets->action);
  sodium_memzero(secrets->first, secrets->first_len);
  return rc;
}

static int clear_duress_job(amanat_vault **vault, const char *dir, gpointer data,
                            GCancellable *cancellable) {
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_vault_duress_clear(*vault);
}

static void duress_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);
  const char *done = g_object_get_data(G_OBJECT(self), "duress-done");

  set_spinner(self->duress_spinner, FALSE);
  amanat_settings_window_end_job(self);
  if (rc < 0) {
    amanat_settings_window_show_label(self->duress_message, error->message);
    return;
  }
  amanat_settings_window_toast(self, done);
  amanat_checklist_page_refresh(self->checklist_page);
}

static void add_duress_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSettingsWindow *self = AMANAT_SETTINGS_WINDOW(widget);
  const char *why;
  if (self->busy > 0 || !duress_ready(self, &why))
    return;
  Secrets *secrets = take_secrets(self->duress_entry, NULL);
  amanat_secret_entry_wipe(GTK_EDITABLE(self->duress_entry));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->duress_confirm_entry));
  if (secrets == NULL) {
    amanat_settings_window_show_label(self->duress_message, amanat_error_message(AMANAT_E_NOMEM));
    return;
  }
  secrets->action = gtk_check_button_get_active(self->duress_decoy_check) ? AMANAT_DURESS_DECOY_ONLY
                                                                          : AMANAT_DURESS_WIPE;
  g_object_set_data(G_OBJECT(self), "duress-done", (gpointer)_("Duress password added."));
  amanat_settings_window_show_label(self->duress_message, NULL);
  set_spinner(self->duress_spinner, TRUE);
  amanat_settings_window_begin_job(self);
  amanat_session_run(self->session, add_duress_job, secrets, (GDestroyNotify)secrets_free, NULL,
                     duress_done_cb, g_object_ref(self));
}

static void on_duress_confirm_activate_cb(AmanatSettingsWindow *self) {
  gtk_widget_activate_action(GTK_WIDGET(self), "settings.add-duress", NULL);
}

static void clear_duress_confirmed_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSettingsWindow *self = AMANAT_SETTINGS_WINDOW(widget);
  if (self->busy > 0)
    return;
  g_object_set_data(G_OBJECT(self), "duress-done",
                    (gpointer)_("Every duress password was removed."));
  amanat_settings_window_show_label(self->duress_message, NULL);
  set_spinner(self->duress_spinner, TRUE);
  amanat_settings_window_begin_job(self);
  amanat_session_run(self->session, clear_duress_job, NULL, NULL, NULL, duress_done_cb,
                     g_object_ref(self));
}

static void on_clear_response_cb(AdwMessageDialog *dialog, const char *response,
                                 AmanatSettingsWindow *self) {
  if (g_strcmp0(response, "remove") == 0)
    gtk_widget_activate_action(GTK_WIDGET(self), "settings.clear-duress-confirmed", NULL);
}

static void clear_duress_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSettingsWindow *self = AMANAT_SETTINGS_WINDOW(widget);
  GtkWidget *dialog = adw_message_dialog_new(
      GTK_WINDOW(self), _("Remove every duress password?"),
      _("Afterwards only your real password opens the vault. The decoy and its contents stay."));
  adw_message_dialog_add_responses(ADW_MESSAGE_DIALOG(dialog), "cancel", _("_Cancel"), "remove",
                                   _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance(ADW_MESSAGE_DIALOG(dialog), "remove",
                                             ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response(ADW_MESSAGE_DIALOG(dialog), "cancel");
  adw_message_dialog_set_close_response(ADW_MESSAGE_DIALOG(dialog), "cancel");
  g_signal_connect_object(dialog, "response", G_CALLBACK(on_clear_response_cb), self, 0);
  gtk_window_present(GTK_WINDOW(dialog));
}

/* ---- The decoy --------------------------------------------------------------------- */

/* The real vault has to be locked first: a vault folder is open once at a time (flock). A
 * wrong password therefore leaves Amanat locked, as on the lock page; a duress password typed
 * here acts as a duress password anywhere does. */
static int open_decoy_job(amanat_vault **vault, const char *dir, gpointer data,
                          GCancellable *cancellable) {
  Secrets *secrets = data;
  amanat_vault_lock(*vault);
  *vault = NULL;
  amanat_vault *opened = NULL;
  int rc = amanat_vault_open(dir, secrets->first, secrets->first_len, AMANAT_SPACE_DECOY, &opened);
  sodium_memzero(secrets->first, secrets->first_len);
  if (rc == AMANAT_OK)
    *vault = opened;
  return rc;
}

static void open_decoy_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);
  g_autoptr(AmanatWindow) window = main_window(self);

  amanat_settings_window_end_job(self);
  if (window == NULL)
    return;
  if (rc < 0) {
    /* The window is on its lock page by now (this window closed with the lock). */
    amanat_lock_page_set_message(AMANAT_LOCK_PAGE(amanat_window_get_lock_page(window)),
                                 error->message);
    return;
  }
  AmanatDocumentsPage *documents = AMANAT_DOCUMENTS_PAGE(amanat_window_get_documents_page(window));
  amanat_documents_page_reload(documents);
  amanat_documents_page_show_message(documents, _("This is the decoy. Lock Amanat to leave it."),
                                     TRUE);
  gtk_window_destroy(GTK_WINDOW(self));
}

static void open_decoy_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSettingsWindow *self = AMANAT_SETTINGS_WINDOW(widget);
  if (self->busy > 0 || text_of(self->decoy_entry)[0] == '\0')
    return;
  Secrets *secrets = take_secrets(self->decoy_entry, NULL);
  amanat_secret_entry_wipe(GTK_EDITABLE(self->decoy_entry));
  if (secrets == NULL) {
    amanat_settings_window_show_label(self->decoy_message, amanat_error_message(AMANAT_E_NOMEM));
    return;
  }
  amanat_settings_window_begin_job(self);
  amanat_session_run(self->session, open_decoy_job, secrets, (GDestroyNotify)secrets_free, NULL,
                     open_decoy_done_cb, g_object_ref(self));
}

static void on_decoy_activate_cb(AmanatSettingsWindow *self) {
  gtk_widget_activate_action(GTK_WIDGET(self), "settings.open-decoy", NULL);
}

/* ---- Installing -------------------------------------------------------------------- */

void amanat_settings_window_class_install_actions(GtkWidgetClass *widget_class) {
  gtk_widget_class_install_action(widget_class, "settings.change-password", NULL,
                                  change_password_action);
  gtk_widget_class_install_action(widget_class, "settings.add-duress", NULL, add_duress_action);
  gtk_widget_class_install_action(widget_class, "settings.clear-duress", NULL, clear_duress_action);
  gtk_widget_class_install_action(widget_class, "settings.clear-duress-confirmed", NULL,
                                  clear_duress_confirmed_action);
  gtk_widget_class_install_action(widget_class, "settings.open-decoy", NULL, open_decoy_action);

  gtk_widget_class_bind_template_callback(widget_class, on_password_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_confirm_activate_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_duress_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_duress_confirm_activate_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_decoy_activate_cb);
}

void amanat_settings_window_update_actions(AmanatSettingsWindow *self) {
  GtkWidget *widget = GTK_WIDGET(self);
  gboolean idle = self->busy == 0;
  const char *why;
  gtk_widget_action_set_enabled(widget, "settings.change-password",
                                idle && self->current_entry != NULL && password_ready(self, &why));
  gtk_widget_action_set_enabled(widget, "settings.add-duress",
                                idle && self->duress_entry != NULL && duress_ready(self, &why));
  gtk_widget_action_set_enabled(widget, "settings.clear-duress", idle);
  gtk_widget_action_set_enabled(widget, "settings.clear-duress-confirmed", idle);
  gtk_widget_action_set_enabled(widget, "settings.open-decoy", idle);
}
