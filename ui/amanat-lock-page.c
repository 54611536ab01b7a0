/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-lock-page.c: the password is copied once into sodium_malloc memory for the
 * worker (freed, and so wiped, right after the key derivation) and the entry wiped
 * (amanat-secret-entry.c). The core opens whatever space the password opens; this page
 * never learns which. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "amanat-error-message.h"
#include "amanat-lock-page.h"
#include "amanat-secret-entry.h"

struct _AmanatLockPage {
  GtkWidget parent_instance;

  AmanatSession *session;
  gboolean busy;

  GtkPasswordEntry *password_entry;
  GtkButton *unlock_button;
  GtkLabel *message_label;
  GtkSpinner *spinner;
};

G_DEFINE_FINAL_TYPE(AmanatLockPage, amanat_lock_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_UNLOCKED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

typedef struct {
  char *password; /* sodium_malloc */
  size_t len;
} Secret;

static void secret_free(Secret *secret) {
  sodium_free(secret->password); /* wipes */
  g_free(secret);
}

static int unlock_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  Secret *secret = data;
  amanat_vault *opened = NULL;
  if (*vault != NULL) { /* already open (a second click raced the first) */
    return AMANAT_OK;
  }
  int rc = amanat_vault_open(dir, secret->password, secret->len, AMANAT_SPACE_DEFAULT, &opened);
  sodium_memzero(secret->password, secret->len);
  if (rc == AMANAT_OK)
    *vault = opened;
  return rc;
}

static void set_busy(AmanatLockPage *self, gboolean busy) {
  self->busy = busy;
  gtk_widget_set_visible(GTK_WIDGET(self->spinner), busy);
  gtk_spinner_set_spinning(self->spinner, busy);
  /* Not insensitive: a focused GtkText that turns insensitive misses its focus-out. */
  gtk_editable_set_editable(GTK_EDITABLE(self->password_entry), !busy);
  gtk_widget_set_sensitive(GTK_WIDGET(self->unlock_button), !busy);
}

static void unlock_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatLockPage) self = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  set_busy(self, FALSE);
  if (rc < 0) {
    amanat_lock_page_set_message(self, error->message);
    gtk_widget_grab_focus(GTK_WIDGET(self->password_entry));
    return;
  }
  amanat_lock_page_set_message(self, NULL);
  g_signal_emit(self, signals[SIGNAL_UNLOCKED], 0);
}

static void on_unlock_clicked_cb(AmanatLockPage *self) {
  amanat_lock_page_unlock(self);
}

static void on_entry_activate_cb(AmanatLockPage *self) {
  amanat_lock_page_unlock(self);
}

static void on_entry_changed_cb(AmanatLockPage *self) {
  /* Typing again hides the last message: it answered the last attempt, not this one. */
  if (gtk_editable_get_text(GTK_EDITABLE(self->password_entry))[0] != '\0')
    amanat_lock_page_set_message(self, NULL);
}

static void amanat_lock_page_dispose(GObject *object) {
  AmanatLockPage *self = AMANAT_LOCK_PAGE(object);

  g_clear_object(&self->session);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_LOCK_PAGE);
  /* dispose_template() unparents bound children only: the top one may not be bound. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child(GTK_WIDGET(self))) != NULL;)
    gtk_widget_unparent(child);

  G_OBJECT_CLASS(amanat_lock_page_parent_class)->dispose(object);
}

static gboolean amanat_lock_page_grab_focus(GtkWidget *widget) {
  return gtk_widget_grab_focus(GTK_WIDGET(AMANAT_LOCK_PAGE(widget)->password_entry));
}

static void amanat_lock_page_class_init(AmanatLockPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_lock_page_dispose;
  widget_class->grab_focus = amanat_lock_page_grab_focus;

  /**
   * AmanatLockPage::unlocked:
   *
   * The session's vault is open. Emitted alike for every password that opens it.
   */
  signals[SIGNAL_UNLOCKED] = g_signal_new("unlocked", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-lock-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatLockPage, password_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatLockPage, unlock_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatLockPage, message_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatLockPage, spinner);
  gtk_widget_class_bind_template_callback(widget_class, on_unlock_clicked_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_entry_changed_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void amanat_lock_page_init(AmanatLockPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  amanat_secret_entry_prepare(GTK_EDITABLE(self->password_entry));
}

void amanat_lock_page_set_session(AmanatLockPage *self, AmanatSession *session) {
  g_return_if_fail(AMANAT_IS_LOCK_PAGE(self));
  g_set_object(&self->session, session);
}

void amanat_lock_page_unlock(AmanatLockPage *self) {
  g_return_if_fail(AMANAT_IS_LOCK_PAGE(self));
  if (self->busy || self->session == NULL)
    return;

  const char *text = gtk_editable_get_text(GTK_EDITABLE(self->password_entry));
  size_t len = strlen(text);
  if (len == 0) {
    amanat_lock_page_set_message(self, amanat_error_message(AMANAT_E_EMPTY_PASSWORD));
    return;
  }
  Secret *secret = g_new0(Secret, 1);
  secret->password = sodium_malloc(len + 1);
  if (secret->password == NULL) {
    g_free(secret);
    amanat_lock_page_set_message(self, amanat_error_message(AMANAT_E_NOMEM));
    return;
  }
  memcpy(secret->password, text, len + 1);
  secret->len = len;
  text = NULL; /* points into the entry's buffer, which the wipe overwrites */
  amanat_secret_entry_wipe(GTK_EDITABLE(self->password_entry));

  amanat_lock_page_set_message(self, NULL);
  set_busy(self, TRUE);
  amanat_session_run(self->session, unlock_job, secret, (GDestroyNotify)secret_free, NULL,
                     unlock_done_cb, g_object_ref(self));
}

gboolean amanat_lock_page_get_busy(AmanatLockPage *self) {
  g_return_val_if_fail(AMANAT_IS_LOCK_PAGE(self), FALSE);
  return self->busy;
}

void amanat_lock_page_set_message(AmanatLockPage *self, const char *message) {
  g_return_if_fail(AMANAT_IS_LOCK_PAGE(self));
  gtk_label_set_text(self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible(GTK_WIDGET(self->message_label), message != NULL);
  if (message != NULL)
    gtk_accessible_update_property(GTK_ACCESSIBLE(self->password_entry),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  else
    gtk_accessible_reset_property(GTK_ACCESSIBLE(self->password_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

const char *amanat_lock_page_get_message(AmanatLockPage *self) {
  g_return_val_if_fail(AMANAT_IS_LOCK_PAGE(self), NULL);
  if (!gtk_widget_get_visible(GTK_WIDGET(self->message_label)))
    return NULL;
  return gtk_label_get_text(self->message_label);
}

void amanat_lock_page_reset(AmanatLockPage *self) {
  g_return_if_fail(AMANAT_IS_LOCK_PAGE(self));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->password_entry));
  amanat_lock_page_set_message(self, NULL);
  gtk_widget_grab_focus(GTK_WIDGET(self->password_entry));
}
