/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-setup-page.c: the steps live in a GtkStack and are driven by the actions
 * setup.next, setup.back, setup.skip-duress and setup.create. Weak passwords are warned
 * about, never refused. Creating the vault (three key derivations with a duress password)
 * runs on the session's worker; ::created is emitted with the vault open. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "amanat-error-message.h"
#include "amanat-password-strength.h"
#include "amanat-secret-entry.h"
#include "amanat-setup-page.h"

struct _AmanatSetupPage {
  GtkWidget parent_instance;

  AmanatSession *session;
  amanat_kdf_cost cost;
  gboolean busy;

  GtkStack *stack;
  GtkButton *start_button;
  GtkPasswordEntry *password_entry;
  GtkPasswordEntry *confirm_entry;
  GtkLevelBar *strength_bar;
  GtkLabel *strength_label;
  GtkLabel *password_message;
  GtkCheckButton *duress_wipe_check;
  GtkCheckButton *duress_decoy_check;
  GtkPasswordEntry *duress_entry;
  GtkPasswordEntry *duress_confirm_entry;
  GtkLabel *duress_message;
  GtkSpinner *spinner;
  GtkLabel *creating_label;
  GtkLabel *create_error;
  GtkButton *create_back_button;
};

G_DEFINE_FINAL_TYPE(AmanatSetupPage, amanat_setup_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CREATED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

typedef struct {
  amanat_kdf_cost cost;
  char *password; /* sodium_malloc */
  size_t password_len;
  char *duress; /* sodium_malloc, NULL: no duress password */
  size_t duress_len;
  amanat_duress_action action;
  int duress_error; /* set by the job when only the duress step failed */
} CreateData;

static char *secret_dup(const char *text, size_t *len) {
  *len = strlen(text);
  char *copy = sodium_malloc(*len + 1);
  if (copy != NULL)
    memcpy(copy, text, *len + 1);
  return copy;
}

static void create_data_free(CreateData *data) {
  sodium_free(data->password);
  sodium_free(data->duress);
  g_free(data);
}

static int create_job(amanat_vault **vault, const char *dir, gpointer user_data,
                      GCancellable *cancellable) {
  CreateData *data = user_data;
  int rc = amanat_vault_create(dir, data->password, data->password_len, data->cost);
  if (rc < 0)
    return rc;
  amanat_vault *opened = NULL;
  rc = amanat_vault_open(dir, data->password, data->password_len, AMANAT_SPACE_DEFAULT, &opened);
  sodium_memzero(data->password, data->password_len);
  if (rc < 0)
    return rc;
  *vault = opened;
  if (data->duress != NULL) {
    /* The vault exists and is open whatever happens here; say so separately. */
    data->duress_error =
        amanat_vault_duress_add(opened, data->duress, data->duress_len, data->action);
    sodium_memzero(data->duress, data->duress_len);
  }
  return AMANAT_OK;
}

static void wipe_entries(AmanatSetupPage *self) {
  amanat_secret_entry_wipe(GTK_EDITABLE(self->password_entry));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->confirm_entry));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->duress_entry));
  amanat_secret_entry_wipe(GTK_EDITABLE(self->duress_confirm_entry));
}

static const char *text_of(GtkPasswordEntry *entry) {
  return gtk_editable_get_text(GTK_EDITABLE(entry));
}

static void show_label(GtkLabel *label, const char *text) {
  gtk_label_set_text(label, text != NULL ? text : "");
  gtk_widget_set_visible(GTK_WIDGET(label), text != NULL);
}

/* ---- Password step ----------------------------------------------------------------- */

static gboolean password_step_ready(AmanatSetupPage *self, const char **why) {
  const char *password = text_of(self->password_entry);
  const char *confirm = text_of(self->confirm_entry);
  *why = NULL;
  if (password[0] == '\0')
    return FALSE;
  if (confirm[0] == '\0')
    return FALSE;
  if (strcmp(password, confirm) != 0) {
    *why = _("The two passwords are not the same.");
    return FALSE;
  }
  return TRUE;
}

static void update_password_step(AmanatSetupPage *self) {
  const char *password = text_of(self->password_entry);
  size_t len = strlen(password);
  if (len == 0) {
    gtk_level_bar_set_value(self->strength_bar, 0);
    show_label(self->strength_label, NULL);
  } else {
    AmanatPasswordStrength strength = amanat_password_strength(password, len);
    gtk_level_bar_set_value(self->strength_bar, (double)strength + 1);
    show_label(self->strength_label, amanat_password_strength_advice(strength));
  }
  const char *why;
  gboolean ready = password_step_ready(self, &why);
  /* Only complain about a mismatch once the confirmation is as long as the password. */
  size_t confirm_len = strlen(text_of(self->confirm_entry));
  show_label(self->password_message, why != NULL && confirm_len >= len ? why : NULL);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "setup.to-duress", ready);
}

/* ---- Duress step ------------------------------------------------------------------- */

static gboolean duress_step_ready(AmanatSetupPage *self, const char **why) {
  const char *duress = text_of(self->duress_entry);
  const char *confirm = text_of(self->duress_confirm_entry);
  *why = NULL;
  if (duress[0] == '\0' || confirm[0] == '\0')
    return FALSE;
  if (strcmp(duress, confirm) != 0) {
    *why = _("The two duress passwords are not the same.");
    return FALSE;
  }
  if (strcmp(duress, text_of(self->password_entry)) == 0) {
    *why = _("The duress password must be different from your password.");
    return FALSE;
  }
  return TRUE;
}

static void update_duress_step(AmanatSetupPage *self) {
  const char *why;
  gboolean ready = duress_step_ready(self, &why);
  size_t len = strlen(text_of(self->duress_entry));
  size_t confirm_len = strlen(text_of(self->duress_confirm_entry));
  show_label(self->duress_message, why != NULL && confirm_len >= len ? why : NULL);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "setup.create", ready && !self->busy);
}

static void on_password_changed_cb(AmanatSetupPage *self) {
  update_password_step(self);
  update_duress_step(self);
}

static void on_duress_changed_cb(AmanatSetupPage *self) {
  update_duress_step(self);
}

/* ---- Creating ---------------------------------------------------------------------- */

static void create_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);
  CreateData *data = g_object_steal_data(G_OBJECT(self), "amanat-create-data");

  self->busy = FALSE;
  gtk_spinner_set_spinning(self->spinner, FALSE);
  if (rc < 0) {
    gtk_label_set_text(self->creating_label, _("The vault could not be created."));
    show_label(self->create_error, error->message);
    gtk_widget_set_visible(GTK_WIDGET(self->spinner), FALSE);
    gtk_widget_set_visible(GTK_WIDGET(self->create_back_button), TRUE);
    gtk_widget_grab_focus(GTK_WIDGET(self->create_back_button));
    g_clear_pointer(&data, create_data_free);
    return;
  }

  g_autofree char *warning = NULL;
  if (data != NULL && data->duress_error < 0)
    /* Translators: %s explains why, e.g. "The disk is full. Nothing was changed." */
    warning = g_strdup_printf(_("The vault was created, but the duress password could not be "
                                "set: %s"),
                              amanat_error_message(data->duress_error));
  g_clear_pointer(&data, create_data_free);
  amanat_setup_page_reset(self);
  g_signal_emit(self, signals[SIGNAL_CREATED], 0, warning);
}

static void start_create(AmanatSetupPage *self, gboolean with_duress) {
  if (self->busy || self->session == NULL)
    return;
  const char *why;
  if (!password_step_ready(self, &why))
    return;
  if (with_duress && !duress_step_ready(self, &why))
    return;

  CreateData *data = g_new0(CreateData, 1);
  data->cost = self->cost;
  data->password = secret_dup(text_of(self->password_entry), &data->password_len);
  if (with_duress) {
    data->duress = secret_dup(text_of(self->duress_entry), &data->duress_len);
    data->action = gtk_check_button_get_active(self->duress_decoy_check) ? AMANAT_DURESS_DECOY_ONLY
                                                                         : AMANAT_DURESS_WIPE;
  }
  if (data->password == NULL || (with_duress && data->duress == NULL)) {
    create_data_free(data);
    gtk_stack_set_visible_child_name(self->stack, "creating");
    show_label(self->create_error, amanat_error_message(AMANAT_E_NOMEM));
    gtk_widget_set_visible(GTK_WIDGET(self->create_back_button), TRUE);
    return;
  }
  /* The entries are not needed any more. */
  wipe_entries(self);

  self->busy = TRUE;
  gtk_label_set_text(self->creating_label, _("Creating your vault…"));
  show_label(self->create_error, NULL);
  gtk_widget_set_visible(GTK_WIDGET(self->create_back_button), FALSE);
  gtk_widget_set_visible(GTK_WIDGET(self->spinner), TRUE);
  gtk_spinner_set_spinning(self->spinner, TRUE);
  gtk_stack_set_visible_child_name(self->stack, "creating");

  /* The page frees `data` once the job is done (it reads duress_error from it). */
  g_object_set_data_full(G_OBJECT(self), "amanat-create-data", data,
                         (GDestroyNotify)create_data_free);
  amanat_session_run(self->session, create_job, data, NULL, NULL, create_done_cb,
                     g_object_ref(self));
}

/* ---- Actions ----------------------------------------------------------------------- */

static void go_to(AmanatSetupPage *self, const char *step, GtkWidget *focus) {
  gtk_stack_set_visible_child_name(self->stack, step);
  if (focus != NULL)
    gtk_widget_grab_focus(focus);
}

static void to_password_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSetupPage *self = AMANAT_SETUP_PAGE(widget);
  go_to(self, "password", GTK_WIDGET(self->password_entry));
}

static void to_duress_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSetupPage *self = AMANAT_SETUP_PAGE(widget);
  const char *why;
  if (password_step_ready(self, &why))
    go_to(self, "duress", GTK_WIDGET(self->duress_wipe_check));
}

static void back_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSetupPage *self = AMANAT_SETUP_PAGE(widget);
  const char *step = amanat_setup_page_get_step(self);
  if (self->busy)
    return;
  if (g_strcmp0(step, "password") == 0)
    go_to(self, "welcome", NULL);
  else if (g_strcmp0(step, "duress") == 0 || g_strcmp0(step, "creating") == 0)
    go_to(self, "password", GTK_WIDGET(self->password_entry));
}

static void skip_duress_action(GtkWidget *widget, const char *name, GVariant *param) {
  start_create(AMANAT_SETUP_PAGE(widget), FALSE);
}

static void create_action(GtkWidget *widget, const char *name, GVariant *param) {
  start_create(AMANAT_SETUP_PAGE(widget), TRUE);
}

static void on_confirm_activate_cb(AmanatSetupPage *self) {
  gtk_widget_activate_action(GTK_WIDGET(self), "setup.to-duress", NULL);
}

static void on_duress_confirm_activate_cb(AmanatSetupPage *self) {
  gtk_widget_activate_action(GTK_WIDGET(self), "setup.create", NULL);
}

static void on_focus_next_cb(GtkWidget *entry, AmanatSetupPage *self) {
  GtkWidget *next = entry == GTK_WIDGET(self->password_entry)
                        ? GTK_WIDGET(self->confirm_entry)
                        : GTK_WIDGET(self->duress_confirm_entry);
  gtk_widget_grab_focus(next);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void amanat_setup_page_dispose(GObject *object) {
  AmanatSetupPage *self = AMANAT_SETUP_PAGE(object);

  g_clear_object(&self->session);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_SETUP_PAGE);
  /* dispose_template() unparents bound children only: the top one may not be bound. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child(GTK_WIDGET(self))) != NULL;)
    gtk_widget_unparent(child);

  G_OBJECT_CLASS(amanat_setup_page_parent_class)->dispose(object);
}

/* Focus where the current step starts: Enter then does the obvious thing. */
static gboolean amanat_setup_page_grab_focus(GtkWidget *widget) {
  AmanatSetupPage *self = AMANAT_SETUP_PAGE(widget);
  const char *step = amanat_setup_page_get_step(self);
  GtkWidget *target = GTK_WIDGET(self->start_button);
  if (g_strcmp0(step, "password") == 0)
    target = GTK_WIDGET(self->password_entry);
  else if (g_strcmp0(step, "duress") == 0)
    target = GTK_WIDGET(self->duress_wipe_check);
  else if (g_strcmp0(step, "creating") == 0)
    target = GTK_WIDGET(self->create_back_button);
  return gtk_widget_grab_focus(target);
}

static void amanat_setup_page_class_init(AmanatSetupPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_setup_page_dispose;
  widget_class->grab_focus = amanat_setup_page_grab_focus;

  /**
   * AmanatSetupPage::created:
   * @warning: (nullable): a sentence to show when only the duress password failed
   *
   * The vault was created and is open.
   */
  signals[SIGNAL_CREATED] = g_signal_new("created", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-setup-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, start_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, password_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, confirm_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, strength_bar);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, strength_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, password_message);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, duress_wipe_check);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, duress_decoy_check);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, duress_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, duress_confirm_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, duress_message);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, spinner);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, creating_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, create_error);
  gtk_widget_class_bind_template_child(widget_class, AmanatSetupPage, create_back_button);
  gtk_widget_class_bind_template_callback(widget_class, on_password_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_duress_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_confirm_activate_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_duress_confirm_activate_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_focus_next_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action(widget_class, "setup.to-password", NULL, to_password_action);
  gtk_widget_class_install_action(widget_class, "setup.to-duress", NULL, to_duress_action);
  gtk_widget_class_install_action(widget_class, "setup.back", NULL, back_action);
  gtk_widget_class_install_action(widget_class, "setup.skip-duress", NULL, skip_duress_action);
  gtk_widget_class_install_action(widget_class, "setup.create", NULL, create_action);
}

static void amanat_setup_page_init(AmanatSetupPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->cost = amanat_kdf_cost_for(AMANAT_KDF_MODERATE);
  amanat_secret_entry_prepare(GTK_EDITABLE(self->password_entry));
  amanat_secret_entry_prepare(GTK_EDITABLE(self->confirm_entry));
  amanat_secret_entry_prepare(GTK_EDITABLE(self->duress_entry));
  amanat_secret_entry_prepare(GTK_EDITABLE(self->duress_confirm_entry));

  gtk_level_bar_remove_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, 1);
  gtk_level_bar_add_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 3);
  gtk_level_bar_add_offset_value(self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, 4);
  update_password_step(self);
  update_duress_step(self);
}

void amanat_setup_page_set_session(AmanatSetupPage *self, AmanatSession *session) {
  g_return_if_fail(AMANAT_IS_SETUP_PAGE(self));
  g_set_object(&self->session, session);
}

void amanat_setup_page_set_kdf_cost(AmanatSetupPage *self, amanat_kdf_cost cost) {
  g_return_if_fail(AMANAT_IS_SETUP_PAGE(self));
  self->cost = cost;
}

const char *amanat_setup_page_get_step(AmanatSetupPage *self) {
  g_return_val_if_fail(AMANAT_IS_SETUP_PAGE(self), NULL);
  return gtk_stack_get_visible_child_name(self->stack);
}

void amanat_setup_page_reset(AmanatSetupPage *self) {
  g_return_if_fail(AMANAT_IS_SETUP_PAGE(self));
  if (self->busy)
    return;
  wipe_entries(self);
  gtk_check_button_set_active(self->duress_wipe_check, TRUE);
  show_label(self->create_error, NULL);
  gtk_stack_set_transition_type(self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_visible_child_name(self->stack, "welcome");
  gtk_stack_set_transition_type(self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
}
