/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-application.c: no GSettings or dconf (they store plain text): the few settings
 * the app needs come from the vault in a later step, or from the environment. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-application.h"
#include "amanat-prefs-file.h"
#include "amanat-settings-languages.h"
#include "amanat-suspend-lock.h"
#include "amanat-translations.h"
#include "amanat-window.h"

struct _AmanatApplication {
  AdwApplication parent_instance;

  guint idle_timeout;
  AmanatSuspendLock *suspend_lock;
};

G_DEFINE_FINAL_TYPE(AmanatApplication, amanat_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_IDLE_TIMEOUT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static AmanatWindow *active_amanat_window(AmanatApplication *self) {
  GtkWindow *window = gtk_application_get_active_window(GTK_APPLICATION(self));
  if (AMANAT_IS_WINDOW(window))
    return AMANAT_WINDOW(window);
  for (GList *l = gtk_application_get_windows(GTK_APPLICATION(self)); l != NULL; l = l->next)
    if (AMANAT_IS_WINDOW(l->data))
      return l->data;
  return NULL;
}

static void lock_action(GSimpleAction *action, GVariant *param, gpointer user_data) {
  amanat_application_lock_all(user_data);
}

static void panic_action(GSimpleAction *action, GVariant *param, gpointer user_data) {
  AmanatWindow *window = active_amanat_window(user_data);
  if (window != NULL) {
    gtk_window_present(GTK_WINDOW(window));
    amanat_window_show_panic(window);
  }
}

static void quit_action(GSimpleAction *action, GVariant *param, gpointer user_data) {
  GtkApplication *app = user_data;
  /* Destroying a window locks its vault (see amanat_window_dispose). */
  GList *windows = g_list_copy(gtk_application_get_windows(app));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy(l->data);
  g_list_free(windows);
  g_application_quit(G_APPLICATION(app));
}

static void shortcuts_action(GSimpleAction *action, GVariant *param, gpointer user_data) {
  AmanatApplication *self = user_data;
  g_autoptr(GtkBuilder) builder =
      gtk_builder_new_from_resource("/org/amanat/Amanat/amanat-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW(gtk_builder_get_object(builder, "shortcuts_window"));
  gtk_window_set_transient_for(shortcuts, GTK_WINDOW(active_amanat_window(self)));
  gtk_window_set_application(shortcuts, GTK_APPLICATION(self));
  gtk_window_present(shortcuts);
}

static void about_action(GSimpleAction *action, GVariant *param, gpointer user_data) {
  AmanatApplication *self = user_data;
  GtkWidget *about = g_object_new(
      ADW_TYPE_ABOUT_WINDOW, "transient-for", active_amanat_window(self), "application-name",
      "Amanat", "application-icon", "org.amanat.Amanat", "version", PACKAGE_VERSION,
      "developer-name", _("The Amanat contributors"), "comments",
      _("An encrypted vault for documents, notes and contacts that works offline, on this "
        "computer only."),
      "license-type", GTK_LICENSE_GPL_3_0, "translator-credits", _("translator-credits"), NULL);
  gtk_window_present(GTK_WINDOW(about));
}

static const GActionEntry app_actions[] = {
    {.name = "lock", .activate = lock_action},
    {.name = "panic", .activate = panic_action},
    {.name = "quit", .activate = quit_action},
    {.name = "shortcuts", .activate = shortcuts_action},
    {.name = "about", .activate = about_action},
};

static void on_screensaver_active_cb(AmanatApplication *self) {
  gboolean active = FALSE;
  g_object_get(self, "screensaver-active", &active, NULL);
  if (active)
    amanat_application_lock_all(self);
}

static void amanat_application_startup(GApplication *application) {
  AmanatApplication *self = AMANAT_APPLICATION(application);

  /* The language chosen in Settings, before GTK starts (it reads its text direction then) and
   * before any window is built. */
  g_autofree char *language = amanat_prefs_file_apply_language();
  G_APPLICATION_CLASS(amanat_application_parent_class)->startup(application);
  /* GTK has no catalogue of its own for some languages (ckb, bo, ti): it can't tell their
   * direction, so Amanat's table does. */
  const AmanatLanguage *chosen = language != NULL ? amanat_settings_language_find(language)
                                                  : amanat_settings_language_of_environment();
  if (chosen != NULL)
    gtk_widget_set_default_direction(chosen->right_to_left ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  /* The toolkit's own strings (menus, the About window) for languages it has no catalogue for. */
  amanat_translations_supply_toolkit();

  g_action_map_add_action_entries(G_ACTION_MAP(self), app_actions, G_N_ELEMENTS(app_actions), self);
  static const char *const lock_accels[] = {"<Control>l", NULL};
  /* Hard to press by accident, and it only opens the confirmation. */
  static const char *const panic_accels[] = {"<Control><Alt><Shift>w", NULL};
  static const char *const quit_accels[] = {"<Control>q", NULL};
  static const char *const shortcuts_accels[] = {"<Control>question", NULL};
  GtkApplication *app = GTK_APPLICATION(self);
  gtk_application_set_accels_for_action(app, "app.lock", lock_accels);
  gtk_application_set_accels_for_action(app, "app.panic", panic_accels);
  gtk_application_set_accels_for_action(app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action(app, "app.shortcuts", shortcuts_accels);

  g_signal_connect_swapped(self, "notify::screensaver-active", G_CALLBACK(on_screensaver_active_cb),
                           self);
  /* Locks before the computer sleeps; does nothing where there is no logind. */
  self->suspend_lock = amanat_suspend_lock_new(self);
}

static void amanat_application_activate(GApplication *application) {
  AmanatApplication *self = AMANAT_APPLICATION(application);

  AmanatWindow *window = active_amanat_window(self);
  if (window == NULL) {
    g_autofree char *dir = amanat_application_dup_default_vault_dir();
    window = amanat_window_new(self, dir);
  }
  gtk_window_present(GTK_WINDOW(window));
}

static void amanat_application_get_property(GObject *object, guint prop_id, GValue *value,
                                            GParamSpec *pspec) {
  AmanatApplication *self = AMANAT_APPLICATION(object);

  switch (prop_id) {
  case PROP_IDLE_TIMEOUT:
    g_value_set_uint(value, self->idle_timeout);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_application_set_property(GObject *object, guint prop_id, const GValue *value,
                                            GParamSpec *pspec) {
  AmanatApplication *self = AMANAT_APPLICATION(object);

  switch (prop_id) {
  case PROP_IDLE_TIMEOUT:
    amanat_application_set_idle_timeout(self, g_value_get_uint(value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_application_dispose(GObject *object) {
  AmanatApplication *self = AMANAT_APPLICATION(object);

  g_clear_object(&self->suspend_lock);

  G_OBJECT_CLASS(amanat_application_parent_class)->dispose(object);
}

static void amanat_application_class_init(AmanatApplicationClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS(klass);

  object_class->dispose = amanat_application_dispose;
  object_class->get_property = amanat_application_get_property;
  object_class->set_property = amanat_application_set_property;
  app_class->startup = amanat_application_startup;
  app_class->activate = amanat_application_activate;

  properties[PROP_IDLE_TIMEOUT] = g_param_spec_uint(
      "idle-timeout", NULL, NULL, 0, G_MAXUINT / 1000, AMANAT_DEFAULT_IDLE_TIMEOUT,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void amanat_application_init(AmanatApplication *self) {
  self->idle_timeout = AMANAT_DEFAULT_IDLE_TIMEOUT;
}

AmanatApplication *amanat_application_new(const char *application_id, GApplicationFlags flags) {
  /* The resources sit under /org/amanat/Amanat whatever the id (.Devel included). */
  return g_object_new(AMANAT_TYPE_APPLICATION, "application-id", application_id, "flags", flags,
                      "resource-base-path", "/org/amanat/Amanat", NULL);
}

char *amanat_application_dup_default_vault_dir(void) {
  const char *from_env = g_getenv("AMANAT_VAULT");
  if (from_env != NULL && from_env[0] != '\0')
    return g_strdup(from_env);
  char *last = amanat_prefs_file_dup_last_vault();
  if (last != NULL)
    return last;
  return g_build_filename(g_get_user_data_dir(), "amanat", NULL);
}

guint amanat_application_get_idle_timeout(AmanatApplication *self) {
  g_return_val_if_fail(AMANAT_IS_APPLICATION(self), AMANAT_DEFAULT_IDLE_TIMEOUT);
  return self->idle_timeout;
}

void amanat_application_set_idle_timeout(AmanatApplication *self, guint seconds) {
  g_return_if_fail(AMANAT_IS_APPLICATION(self));
  if (self->idle_timeout == seconds)
    return;
  self->idle_timeout = seconds;
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_IDLE_TIMEOUT]);
}

void amanat_application_lock_all(AmanatApplication *self) {
  g_return_if_fail(AMANAT_IS_APPLICATION(self));
  for (GList *l = gtk_application_get_windows(GTK_APPLICATION(self)); l != NULL; l = l->next)
    if (AMANAT_IS_WINDOW(l->data))
      amanat_window_lock(l->data);
}
