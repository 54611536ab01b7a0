/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-suspend-lock.c: logind emits PrepareForSleep(true) before the machine sleeps, and
 * waits for every "delay" inhibitor to be released (at most InhibitDelayMaxSec, 5 s by
 * default). So: hold one while awake; on the signal, lock every window, wait until their lock
 * jobs ran (the keys are wiped then), and only then close the inhibitor's descriptor. After
 * the wake-up (PrepareForSleep(false)) take a new one. */
#include "config.h"

#include <gio/gunixfdlist.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "amanat-suspend-lock.h"
#include "amanat-window.h"

#define LOGIND_NAME  "org.freedesktop.login1"
#define LOGIND_PATH  "/org/freedesktop/login1"
#define LOGIND_IFACE "org.freedesktop.login1.Manager"

/* How often to look whether the lock jobs finished, and when to give up waiting. */
#define POLL_MS     20
#define MAX_WAIT_MS 10000

struct _AmanatSuspendLock {
  GObject parent_instance;

  GWeakRef application;
  GDBusConnection *bus;
  GCancellable *cancellable;
  guint signal_id;
  int inhibit_fd; /* -1 when none */
  gboolean inhibit_pending;
  guint wait_source;
  guint waited_ms;
  guint sleeps;
};

G_DEFINE_FINAL_TYPE(AmanatSuspendLock, amanat_suspend_lock, G_TYPE_OBJECT)

static void release_inhibitor(AmanatSuspendLock *self) {
  if (self->inhibit_fd >= 0) {
    close(self->inhibit_fd);
    self->inhibit_fd = -1;
  }
}

static void inhibit_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSuspendLock) self = user_data;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_with_unix_fd_list_finish(
      G_DBUS_CONNECTION(source), &fds, result, &error);
  self->inhibit_pending = FALSE;
  /* No logind, or not allowed: sleep still locks through the signal, only without the wait. */
  if (reply == NULL || g_cancellable_is_cancelled(self->cancellable))
    return;
  gint32 index = -1;
  g_variant_get(reply, "(h)", &index);
  int fd = fds != NULL ? g_unix_fd_list_get(fds, index, NULL) : -1;
  release_inhibitor(self);
  self->inhibit_fd = fd;
}

static void take_inhibitor(AmanatSuspendLock *self) {
  if (self->bus == NULL || self->inhibit_fd >= 0 || self->inhibit_pending)
    return;
  self->inhibit_pending = TRUE;
  g_dbus_connection_call_with_unix_fd_list(
      self->bus, LOGIND_NAME, LOGIND_PATH, LOGIND_IFACE, "Inhibit",
      g_variant_new("(ssss)", "sleep", "Amanat",
                    /* Translators: shown by the system when it lists what delays sleep. */
                    _("Locking the vault before sleep"), "delay"),
      G_VARIANT_TYPE("(h)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, self->cancellable,
      inhibit_done_cb, g_object_ref(self));
}

static gboolean any_window_busy(AmanatSuspendLock *self) {
  g_autoptr(GtkApplication) app = g_weak_ref_get(&self->application);
  if (app == NULL)
    return FALSE;
  for (GList *l = gtk_application_get_windows(app); l != NULL; l = l->next)
    if (AMANAT_IS_WINDOW(l->data) && amanat_window_get_busy(l->data))
      return TRUE;
  return FALSE;
}

static gboolean on_wait_cb(gpointer user_data) {
  AmanatSuspendLock *self = user_data;
  self->waited_ms += POLL_MS;
  if (any_window_busy(self) && self->waited_ms < MAX_WAIT_MS)
    return G_SOURCE_CONTINUE;
  self->wait_source = 0;
  release_inhibitor(self);
  return G_SOURCE_REMOVE;
}

static void on_prepare_for_sleep_cb(GDBusConnection *bus, const char *sender, const char *path,
                                    const char *iface, const char *signal, GVariant *params,
                                    gpointer user_data) {
  AmanatSuspendLock *self = user_data;
  if (!g_variant_is_of_type(params, G_VARIANT_TYPE("(b)")))
    return;
  gboolean going_to_sleep = FALSE;
  g_variant_get(params, "(b)", &going_to_sleep);
  if (!going_to_sleep) {
    take_inhibitor(self);
    return;
  }

  self->sleeps++;
  g_autoptr(AmanatApplication) app = g_weak_ref_get(&self->application);
  if (app != NULL)
    amanat_application_lock_all(app);
  g_clear_handle_id(&self->wait_source, g_source_remove);
  self->waited_ms = 0;
  if (!any_window_busy(self)) {
    release_inhibitor(self);
    return;
  }
  self->wait_source = g_timeout_add(POLL_MS, on_wait_cb, self);
}

static void use_bus(AmanatSuspendLock *self, GDBusConnection *bus) {
  self->bus = g_object_ref(bus);
  self->signal_id = g_dbus_connection_signal_subscribe(
      bus, LOGIND_NAME, LOGIND_IFACE, "PrepareForSleep", LOGIND_PATH, NULL,
      G_DBUS_SIGNAL_FLAGS_NONE, on_prepare_for_sleep_cb, self, NULL);
  take_inhibitor(self);
}

static void got_bus_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSuspendLock) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish(result, &error);
  /* No system bus (a container, a test): nothing to watch. */
  if (bus != NULL && !g_cancellable_is_cancelled(self->cancellable))
    use_bus(self, bus);
}

static void amanat_suspend_lock_dispose(GObject *object) {
  AmanatSuspendLock *self = AMANAT_SUSPEND_LOCK(object);

  g_cancellable_cancel(self->cancellable);
  g_clear_handle_id(&self->wait_source, g_source_remove);
  if (self->bus != NULL && self->signal_id != 0)
    g_dbus_connection_signal_unsubscribe(self->bus, self->signal_id);
  self->signal_id = 0;
  g_clear_object(&self->bus);
  release_inhibitor(self);

  G_OBJECT_CLASS(amanat_suspend_lock_parent_class)->dispose(object);
}

static void amanat_suspend_lock_finalize(GObject *object) {
  AmanatSuspendLock *self = AMANAT_SUSPEND_LOCK(object);

  g_clear_object(&self->cancellable);
  g_weak_ref_clear(&self->application);

  G_OBJECT_CLASS(amanat_suspend_lock_parent_class)->finalize(object);
}

static void amanat_suspend_lock_class_init(AmanatSuspendLockClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->dispose = amanat_suspend_lock_dispose;
  object_class->finalize = amanat_suspend_lock_finalize;
}

static void amanat_suspend_lock_init(AmanatSuspendLock *self) {
  self->inhibit_fd = -1;
  self->cancellable = g_cancellable_new();
  g_weak_ref_init(&self->application, NULL);
}

AmanatSuspendLock *amanat_suspend_lock_new(AmanatApplication *application) {
  g_return_val_if_fail(AMANAT_IS_APPLICATION(application), NULL);

  AmanatSuspendLock *self = g_object_new(AMANAT_TYPE_SUSPEND_LOCK, NULL);
  g_weak_ref_set(&self->application, application);
  g_bus_get(G_BUS_TYPE_SYSTEM, self->cancellable, got_bus_cb, g_object_ref(self));
  return self;
}

AmanatSuspendLock *amanat_suspend_lock_new_for_bus(AmanatApplication *application,
                                                   GDBusConnection *bus) {
  g_return_val_if_fail(AMANAT_IS_APPLICATION(application), NULL);
  g_return_val_if_fail(G_IS_DBUS_CONNECTION(bus), NULL);

  AmanatSuspendLock *self = g_object_new(AMANAT_TYPE_SUSPEND_LOCK, NULL);
  g_weak_ref_set(&self->application, application);
  use_bus(self, bus);
  return self;
}

gboolean amanat_suspend_lock_get_inhibiting(AmanatSuspendLock *self) {
  g_return_val_if_fail(AMANAT_IS_SUSPEND_LOCK(self), FALSE);
  return self->inhibit_fd >= 0;
}

guint amanat_suspend_lock_get_sleeps(AmanatSuspendLock *self) {
  g_return_val_if_fail(AMANAT_IS_SUSPEND_LOCK(self), 0);
  return self->sleeps;
}
