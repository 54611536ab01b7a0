/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-sync-page.c: every core call runs as a session job; results carry the page's epoch
 * and are dropped after a lock. Files are picked with the app's own chooser, so that no
 * card, folder or bundle enters the desktop's recently used files. Removable drives come
 * from GIO's volume monitor; a folder can be chosen instead (and is the only choice where
 * the monitor sees no drive). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "amanat-bidi.h"
#include "amanat-error-message.h"
#include "amanat-file-chooser.h"
#include "amanat-sync-destinations.h"
#include "amanat-sync-page.h"

typedef struct {
  char *name;
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  gboolean verified;
} Peer;

typedef struct ExportData ExportData;

struct _AmanatSyncPage {
  GtkWidget parent_instance;

  AmanatSession *session;
  guint epoch;               /* bumped on lock: older results are dropped */
  GCancellable *cancellable; /* export and import; cancelled on lock */

  char own_code[AMANAT_SAFETY_CODE_LEN + 1];
  GPtrArray *peers;       /* Peer */
  GHashTable *recipients; /* names chosen for the next export */

  gboolean exporting, importing;
  ExportData *export_data; /* while exporting: read by the progress timer */
  guint progress_source;
  char *export_path;
  char *export_status;
  GMount *exported_to; /* the drive the last bundle went to, for Eject */

  char *import_state;
  char *import_summary;
  char *import_code;
  char *import_path; /* kept for "Import Anyway" */
  char *import_peer;

  AdwMessageDialog *dialog; /* weak */
  GPtrArray *toasts;        /* shown by this page, dismissed on lock */

  AdwToastOverlay *toast_overlay;
  GtkLabel *own_code_label;
  GtkListBox *peers_list;
  GtkListBox *recipients_list;
  GtkListBox *unverified_list;
  GtkSwitch *unverified_switch;
  AmanatSyncDestinations *destinations;
  GtkSpinner *export_spinner;
  GtkProgressBar *export_progress;
  GtkWidget *export_status_box;
  GtkImage *export_status_icon;
  GtkLabel *export_status_label;
  GtkWidget *eject_button;
  GtkSpinner *import_spinner;
  GtkWidget *import_status_box;
  GtkLabel *import_title_label;
  GtkLabel *import_status_label;
  GtkLabel *import_code_label;
  GtkWidget *import_anyway_button;
};

G_DEFINE_FINAL_TYPE(AmanatSyncPage, amanat_sync_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void peer_free(gpointer data) {
  Peer *peer = data;
  g_free(peer->name);
  g_free(peer);
}

static gboolean unlocked(AmanatSyncPage *self) {
  return self->session != NULL && amanat_session_get_unlocked(self->session);
}

static GtkWindow *parent_window(AmanatSyncPage *self) {
  GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
  return GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL;
}

static void on_toast_dismissed_cb(AdwToast *toast, AmanatSyncPage *self) {
  g_ptr_array_remove(self->toasts, toast);
}

static void show_message(AmanatSyncPage *self, const char *message) {
  g_autofree char *escaped = g_markup_escape_text(message, -1);
  AdwToast *toast = adw_toast_new(escaped);
  g_ptr_array_add(self->toasts, g_object_ref(toast));
  g_signal_connect(toast, "dismissed", G_CALLBACK(on_toast_dismissed_cb), self);
  adw_toast_overlay_add_toast(self->toast_overlay, toast);
}

/* Toasts name colleagues and files: none outlives a lock. */
static void dismiss_toasts(AmanatSyncPage *self) {
  while (self->toasts->len > 0) {
    g_autoptr(AdwToast) toast = g_object_ref(g_ptr_array_index(self->toasts, 0));
    g_ptr_array_remove_index(self->toasts, 0);
    g_signal_handlers_disconnect_by_data(toast, self);
    adw_toast_dismiss(toast);
  }
}

static Peer *find_peer(AmanatSyncPage *self, const char *name) {
  for (guint i = 0; i < self->peers->len; i++) {
    Peer *peer = g_ptr_array_index(self->peers, i);
    if (g_strcmp0(peer->name, name) == 0)
      return peer;
  }
  return NULL;
}

/* A safety code in a label that stays left to right in a right-to-left language. */
static GtkWidget *code_label_new(const char *code) {
  GtkWidget *label = gtk_label_new(code);
  gtk_label_set_selectable(GTK_LABEL(label), TRUE);
  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_widget_set_direction(label, GTK_TEXT_DIR_LTR);
  gtk_widget_add_css_class(label, "monospace");
  gtk_widget_add_css_class(label, "title-3");
  return label;
}

/* "2 documents, 1 contact, 0 deletions". */
static char *counts_text(const amanat_sync_counts *counts) {
  g_autofree char *documents =
      g_strdup_printf(ngettext("%llu document", "%llu documents", (unsigned long)counts->documents),
                      (unsigned long long)counts->documents);
  g_autofree char *contacts =
      g_strdup_printf(ngettext("%llu contact", "%llu contacts", (unsigned long)counts->contacts),
                      (unsigned long long)counts->contacts);
  g_autofree char *deletions =
      g_strdup_printf(ngettext("%llu deletion", "%llu deletions", (unsigned long)counts->deletions),
                      (unsigned long long)counts->deletions);
  /* Translators: "2 documents, 1 contact, 0 deletions". */
  return g_strdup_printf(_("%s, %s, %s"), documents, contacts, deletions);
}

/* ---- Dialogs ----------------------------------------------------------------------- */

static void on_dialog_destroy_cb(AmanatSyncPage *self, GtkWidget *dialog) {
  if (self->dialog == ADW_MESSAGE_DIALOG(dialog))
    self->dialog = NULL;
}

static void close_dialog(AmanatSyncPage *self) {
  AdwMessageDialog *dialog = g_steal_pointer(&self->dialog);
  if (dialog != NULL) {
    g_signal_handlers_disconnect_by_data(dialog, self);
    gtk_window_destroy(GTK_WINDOW(dialog));
  }
}

/* Takes the page's one dialog slot; the dialog closes itself after a response. */
static AdwMessageDialog *dialog_new(AmanatSyncPage *self, const char *heading, const char *body) {
  close_dialog(self);
  AdwMessageDialog *dialog =
      ADW_MESSAGE_DIALOG(adw_message_dialog_new(parent_window(self), heading, body));
  gtk_window_set_modal(GTK_WINDOW(dialog), TRUE);
  self->dialog = dialog;
  g_signal_connect_object(dialog, "destroy", G_CALLBACK(on_dialog_destroy_cb), self,
                          G_CONNECT_SWAPPED);
  return dialog;
}

static void open_chooser(AmanatSyncPage *self, GtkFileChooserAction action, const char *title,
                         const char *accept, GCallback chosen) {
  AmanatFileChooser *chooser =
      amanat_file_chooser_new_for(parent_window(self), action, title, accept);
  g_signal_connect_object(chooser, "files-chosen", chosen, self, G_CONNECT_SWAPPED);
  gtk_window_present(GTK_WINDOW(chooser));
}

static GFile *first_file(GListModel *files) {
  return g_list_model_get_n_items(files) > 0 ? g_list_model_get_item(files, 0) : NULL;
}

/* ---- What is enabled --------------------------------------------------------------- */

static gboolean unverified_chosen(AmanatSyncPage *self) {
  for (guint i = 0; i < self->peers->len; i++) {
    Peer *peer = g_ptr_array_index(self->peers, i);
    if (!peer->verified && g_hash_table_contains(self->recipients, peer->name))
      return TRUE;
  }
  return FALSE;
}

static void update_actions(AmanatSyncPage *self) {
  GtkWidget *widget = GTK_WIDGET(self);
  gboolean open = unlocked(self);

  gtk_widget_action_set_enabled(widget, "sync.save-identity", open && self->own_code[0] != '\0');
  gtk_widget_action_set_enabled(widget, "sync.add-peer", open);
  gtk_widget_action_set_enabled(widget, "sync.compare", open);
  gtk_widget_action_set_enabled(widget, "sync.remove-peer", open && !self->exporting);
  gtk_widget_action_set_enabled(widget, "sync.export", amanat_sync_page_can_export(self));
  gtk_widget_action_set_enabled(widget, "sync.import", open && !self->importing);
  gtk_widget_action_set_enabled(widget, "sync.import-anyway",
                                open && !self->importing &&
                                    g_strcmp0(self->import_state, "unverified") == 0);
  gtk_widget_action_set_enabled(widget, "sync.eject",
                                self->exported_to != NULL && g_mount_can_eject(self->exported_to));
}

static void on_export_choice_changed_cb(AmanatSyncPage *self) {
  update_actions(self);
}

/* ---- Colleagues -------------------------------------------------------------------- */

static void clear_list(GtkListBox *list) {
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child(GTK_WIDGET(list))) != NULL)
    gtk_list_box_remove(list, child);
}

static GtkWidget *status_label_new(gboolean verified) {
  GtkWidget *label = gtk_label_new(verified ? _("Verified") : _("Not verified"));
  gtk_widget_set_valign(label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(label, verified ? "success" : "warning");
  return label;
}

static void on_recipient_toggled_cb(GtkCheckButton *check, AmanatSyncPage *self) {
  const char *name = g_object_get_data(G_OBJECT(check), "peer-name");
  if (gtk_check_button_get_active(check))
    g_hash_table_add(self->recipients, g_strdup(name));
  else
    g_hash_table_remove(self->recipients, name);
  update_actions(self);
}

static void rebuild_peer_rows(AmanatSyncPage *self) {
  clear_list(self->peers_list);
  clear_list(self->recipients_list);
  gboolean any_unverified = FALSE;

  for (guint i = 0; i < self->peers->len; i++) {
    Peer *peer = g_ptr_array_index(self->peers, i);
    any_unverified |= !peer->verified;

    GtkWidget *row = adw_action_row_new();
    adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(row), FALSE);
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), peer->name);
    if (!peer->verified) {
      GtkWidget *compare = gtk_button_new_with_mnemonic(_("_Compare Codes…"));
      gtk_widget_set_valign(compare, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name(GTK_ACTIONABLE(compare), "sync.compare");
      gtk_actionable_set_action_target(GTK_ACTIONABLE(compare), "s", peer->name);
      adw_action_row_add_suffix(ADW_ACTION_ROW(row), compare);
    }
    adw_action_row_add_suffix(ADW_ACTION_ROW(row), status_label_new(peer->verified));
    GtkWidget *remove = gtk_button_new_from_icon_name("user-trash-symbolic");
    gtk_widget_set_valign(remove, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class(remove, "flat");
    gtk_widget_set_tooltip_text(remove, _("Remove Colleague"));
    /* Translators: the accessible name of a colleague's remove button; %s is the name. */
    g_autofree char *remove_label = g_strdup_printf(_("Remove %s"), peer->name);
    gtk_accessible_update_property(GTK_ACCESSIBLE(remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   remove_label, -1);
    gtk_actionable_set_action_target(GTK_ACTIONABLE(remove), "s", peer->name);
    gtk_actionable_set_action_name(GTK_ACTIONABLE(remove), "sync.remove-peer");
    adw_action_row_add_suffix(ADW_ACTION_ROW(row), remove);
    gtk_list_box_append(self->peers_list, row);

    GtkWidget *check = gtk_check_button_new();
    gtk_widget_set_valign(check, GTK_ALIGN_CENTER);
    g_object_set_data_full(G_OBJECT(check), "peer-name", g_strdup(peer->name), g_free);
    gtk_check_button_set_active(GTK_CHECK_BUTTON(check),
                                g_hash_table_contains(self->recipients, peer->name));
    g_signal_connect(check, "toggled", G_CALLBACK(on_recipient_toggled_cb), self);
    gtk_accessible_update_property(GTK_ACCESSIBLE(check), GTK_ACCESSIBLE_PROPERTY_LABEL, peer->name,
                                   -1);
    GtkWidget *choice = adw_action_row_new();
    adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(choice), FALSE);
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(choice), peer->name);
    if (!peer->verified)
      adw_action_row_set_subtitle(ADW_ACTION_ROW(choice), _("Not verified"));
    adw_action_row_add_prefix(ADW_ACTION_ROW(choice), check);
    adw_action_row_set_activatable_widget(ADW_ACTION_ROW(choice), check);
    gtk_list_box_append(self->recipients_list, choice);
  }

  if (self->peers->len == 0) {
    GtkWidget *row = adw_action_row_new();
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), _("No colleagues yet"));
    adw_action_row_set_subtitle(ADW_ACTION_ROW(row),
                                _("Add a colleague from the identity card they gave you."));
    gtk_list_box_append(self->peers_list, row);
    GtkWidget *none = adw_action_row_new();
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(none),
                                  _("Add a colleague first: a bundle is made for colleagues."));
    gtk_list_box_append(self->recipients_list, none);
  }
  gtk_widget_set_visible(GTK_WIDGET(self->unverified_list), any_unverified);
  if (!any_unverified)
    gtk_switch_set_active(self->unverified_switch, FALSE);
  update_actions(self);
}

typedef struct {
  AmanatSyncPage *page;
  guint epoch;
  amanat_identity_info identity;
  GPtrArray *peers;
} ReadData;

static void read_data_free(gpointer data) {
  ReadData *read = data;
  g_object_unref(read->page);
  g_ptr_array_unref(read->peers);
  g_free(read);
}

static int collect_peer(const amanat_peer_info *info, void *user_data) {
  Peer *peer = g_new0(Peer, 1);
  peer->name = g_strdup(info->name);
  g_strlcpy(peer->code, info->safety_code, sizeof peer->code);
  peer->verified = info->verified != 0;
  g_ptr_array_add(user_data, peer);
  return 0;
}

static int read_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  ReadData *read = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  int rc = amanat_identity_show(*vault, &read->identity);
  if (rc < 0)
    return rc;
  return amanat_peer_list(*vault, collect_peer, read->peers);
}

static void read_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ReadData *read = user_data;
  AmanatSyncPage *self = read->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (read->epoch != self->epoch || !unlocked(self))
    return;
  if (rc < 0) {
    show_message(self, error->message);
    return;
  }
  g_strlcpy(self->own_code, read->identity.safety_code, sizeof self->own_code);
  gtk_label_set_text(self->own_code_label, self->own_code);
  g_ptr_array_unref(self->peers);
  self->peers = g_steal_pointer(&read->peers);
  read->peers = g_ptr_array_new_with_free_func(peer_free);
  /* A colleague no longer there is no longer chosen. */
  GHashTableIter iter;
  const char *name;
  g_hash_table_iter_init(&iter, self->recipients);
  while (g_hash_table_iter_next(&iter, (gpointer *)&name, NULL))
    if (find_peer(self, name) == NULL)
      g_hash_table_iter_remove(&iter);
  rebuild_peer_rows(self);
}

/* ---- Identity card, adding and verifying colleagues -------------------------------- */

typedef struct {
  AmanatSyncPage *page;
  guint epoch;
  char *path;
  char *name;
  char code[AMANAT_SAFETY_CODE_LEN + 1];
} PeerData;

static void peer_data_free(gpointer data) {
  PeerData *op = data;
  g_object_unref(op->page);
  g_free(op->path);
  g_free(op->name);
  g_free(op);
}

static PeerData *peer_data_new(AmanatSyncPage *self, const char *path, const char *name) {
  PeerData *op = g_new0(PeerData, 1);
  op->page = g_object_ref(self);
  op->epoch = self->epoch;
  op->path = g_strdup(path);
  op->name = g_strdup(name);
  return op;
}

/* The end of a job on the identity or a colleague: TRUE when it succeeded and the page still
 * shows that vault; a failure is said in a toast. */
static gboolean peer_op_succeeded(PeerData *op, GObject *source, GAsyncResult *result) {
  AmanatSyncPage *self = op->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (op->epoch != self->epoch || !unlocked(self))
    return FALSE;
  if (rc < 0)
    show_message(self, error->message);
  return rc >= 0;
}

static int save_identity_job(amanat_vault **vault, const char *dir, gpointer data,
                             GCancellable *cancellable) {
  PeerData *op = data;
  return *vault == NULL ? AMANAT_E_CANCELLED : amanat_identity_export(*vault, op->path);
}

static void save_identity_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  PeerData *op = user_data;
  AmanatSyncPage *self = op->page;
  if (!peer_op_succeeded(op, source, result))
    return;
  g_autofree char *display = g_filename_display_name(op->path);
  g_autofree char *shown = amanat_bidi_ltr(display);
  /* Translators: %s is the file the identity card was saved as. */
  g_autofree char *text = g_strdup_printf(_("Identity card saved as “%s”."), shown);
  show_message(self, text);
}

static void on_identity_folder_chosen_cb(AmanatSyncPage *self, GListModel *files) {
  g_autoptr(GFile) folder = first_file(files);
  g_autofree char *dir = folder != NULL ? g_file_get_path(folder) : NULL;
  if (dir == NULL)
    return;
  /* A plain name, never over an existing file: identity.card, identity-2.card… */
  g_autofree char *path = g_build_filename(dir, "identity.card", NULL);
  for (guint n = 2; g_file_test(path, G_FILE_TEST_EXISTS) && n < 100; n++) {
    g_autofree char *name = g_strdup_printf("identity-%u.card", n);
    g_free(path);
    path = g_build_filename(dir, name, NULL);
  }
  amanat_sync_page_save_identity(self, path);
}

static void show_compare_dialog(AmanatSyncPage *self, const char *name, const char *code);

static void on_compare_response_cb(AdwMessageDialog *dialog, const char *response,
                                   AmanatSyncPage *self) {
  if (g_strcmp0(response, "verify") == 0)
    amanat_sync_page_verify_peer(self, g_object_get_data(G_OBJECT(dialog), "peer-name"));
}

static void show_compare_dialog(AmanatSyncPage *self, const char *name, const char *code) {
  /* Translators: %s is the colleague's name. */
  g_autofree char *body = g_strdup_printf(
      _("Ask %s to open the Sync page of their Amanat and read their safety code to you, in "
        "person or on a call you trust. Mark them verified only if every digit matches."),
      name);
  AdwMessageDialog *dialog = dialog_new(self, _("Compare Safety Codes"), body);
  adw_message_dialog_set_extra_child(dialog, code_label_new(code));
  adw_message_dialog_add_responses(dialog, "later", _("_Not Now"), "verify",
                                   _("Codes _Match — Mark Verified"), NULL);
  adw_message_dialog_set_response_appearance(dialog, "verify", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response(dialog, "later");
  g_object_set_data_full(G_OBJECT(dialog), "peer-name", g_strdup(name), g_free);
  g_signal_connect_object(dialog, "response", G_CALLBACK(on_compare_response_cb), self, 0);
  gtk_window_present(GTK_WINDOW(dialog));
}

static int add_peer_job(amanat_vault **vault, const char *dir, gpointer data,
                        GCancellable *cancellable) {
  PeerData *op = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  return amanat_peer_add(*vault, op->path, op->name, op->code);
}

static void add_peer_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  PeerData *op = user_data;
  AmanatSyncPage *self = op->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (op->epoch != self->epoch || !unlocked(self))
    return;
  if (rc == AMANAT_E_EXISTS) {
    show_message(self, _("This name or this identity card is already one of your colleagues."));
    return;
  }
  if (rc < 0) {
    show_message(self, error->message);
    return;
  }
  amanat_sync_page_reload(self);
  show_compare_dialog(self, op->name, op->code);
}

static int verify_peer_job(amanat_vault **vault, const char *dir, gpointer data,
                           GCancellable *cancellable) {
  PeerData *op = data;
  return *vault == NULL ? AMANAT_E_CANCELLED : amanat_peer_verify(*vault, op->name);
}

static void verify_peer_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  PeerData *op = user_data;
  AmanatSyncPage *self = op->page;
  if (!peer_op_succeeded(op, source, result))
    return;
  /* Translators: %s is the colleague's name. */
  g_autofree char *name = amanat_bidi_isolate(op->name);
  g_autofree char *text = g_strdup_printf(_("%s is verified."), name);
  show_message(self, text);
  amanat_sync_page_reload(self);
}

static int remove_peer_job(amanat_vault **vault, const char *dir, gpointer data,
                           GCancellable *cancellable) {
  PeerData *op = data;
  return *vault == NULL ? AMANAT_E_CANCELLED : amanat_peer_remove(*vault, op->name);
}

static void remove_peer_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  PeerData *op = user_data;
  AmanatSyncPage *self = op->page;
  if (!peer_op_succeeded(op, source, result))
    return;
  /* Translators: %s is the colleague's name. */
  g_autofree char *name = amanat_bidi_isolate(op->name);
  g_autofree char *text = g_strdup_printf(_("%s is no longer one of your colleagues."), name);
  show_message(self, text);
  amanat_sync_page_reload(self);
}

static void on_remove_response_cb(AdwMessageDialog *dialog, const char *response,
                                  AmanatSyncPage *self) {
  if (g_strcmp0(response, "remove") == 0)
    amanat_sync_page_remove_peer(self, g_object_get_data(G_OBJECT(dialog), "peer-name"));
}

static void on_name_changed_cb(GtkEditable *entry, AdwMessageDialog *dialog) {
  g_autofree char *name = g_strstrip(g_strdup(gtk_editable_get_text(entry)));
  adw_message_dialog_set_response_enabled(dialog, "add", name[0] != '\0');
}

static void on_name_response_cb(AdwMessageDialog *dialog, const char *response,
                                AmanatSyncPage *self) {
  if (g_strcmp0(response, "add") != 0)
    return;
  GtkEditable *entry = GTK_EDITABLE(adw_message_dialog_get_extra_child(dialog));
  g_autofree char *name = g_strstrip(g_strdup(gtk_editable_get_text(entry)));
  if (name[0] != '\0')
    amanat_sync_page_add_peer(self, g_object_get_data(G_OBJECT(dialog), "card-path"), name);
}

static void on_card_chosen_cb(AmanatSyncPage *self, GListModel *files) {
  g_autoptr(GFile) card = first_file(files);
  g_autofree char *path = card != NULL ? g_file_get_path(card) : NULL;
  if (path == NULL || !unlocked(self))
    return;
  AdwMessageDialog *dialog =
      dialog_new(self, _("Add Colleague"),
                 _("The name you know this colleague by. Only you see it: it is not sent."));
  GtkWidget *entry = gtk_entry_new();
  gtk_entry_set_activates_default(GTK_ENTRY(entry), TRUE);
  gtk_accessible_update_property(GTK_ACCESSIBLE(entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Colleague's name"), -1);
  adw_message_dialog_set_extra_child(dialog, entry);
  adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance(dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response(dialog, "add");
  adw_message_dialog_set_close_response(dialog, "cancel");
  adw_message_dialog_set_response_enabled(dialog, "add", FALSE);
  g_object_set_data_full(G_OBJECT(dialog), "card-path", g_steal_pointer(&path), g_free);
  g_signal_connect(entry, "changed", G_CALLBACK(on_name_changed_cb), dialog);
  g_signal_connect_object(dialog, "response", G_CALLBACK(on_name_response_cb), self, 0);
  gtk_window_present(GTK_WINDOW(dialog));
  gtk_widget_grab_focus(entry);
}

/* ---- Export ------------------------------------------------------------------------ */

struct ExportData {
  AmanatSyncPage *page;
  guint epoch;
  char *folder;
  GPtrArray *to; /* char*, NULL-terminated */
  gboolean allow_unverified;
  GMount *mount;
  GCancellable *cancellable;
  gint permille; /* atomic: -1 while the total is unknown */
  char *path;
  amanat_export_result result;
};

static void export_data_free(gpointer data) {
  ExportData *ex = data;
  g_object_unref(ex->page);
  g_free(ex->folder);
  g_ptr_array_unref(ex->to);
  g_clear_object(&ex->mount);
  g_clear_object(&ex->cancellable);
  g_free(ex->path);
  g_free(ex);
}

static int export_progress(uint64_t done, uint64_t total, void *user_data) {
  ExportData *ex = user_data;
  g_atomic_int_set(&ex->permille, total > 0 ? (gint)(MIN(done, total) * 1000 / total) : -1);
  return g_cancellable_is_cancelled(ex->cancellable);
}

static int export_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  ExportData *ex = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  amanat_export_options options = {0};
  options.to = (const char *const *)ex->to->pdata;
  options.to_count = ex->to->len - 1;
  options.allow_unverified = ex->allow_unverified;
  options.progress = export_progress;
  options.progress_data = ex;
  /* A random name that is already taken is tried again with another. */
  int rc = AMANAT_E_EXISTS;
  for (int attempt = 0; attempt < 3 && rc == AMANAT_E_EXISTS; attempt++) {
    char name[17];
    amanat_bundle_default_name(name);
    g_free(ex->path);
    ex->path = g_build_filename(ex->folder, name, NULL);
    rc = amanat_bundle_export(*vault, ex->path, &options, &ex->result);
  }
  return rc;
}

static gboolean on_progress_cb(gpointer user_data) {
  AmanatSyncPage *self = user_data;
  if (self->export_data == NULL)
    return G_SOURCE_CONTINUE;
  gint permille = g_atomic_int_get(&self->export_data->permille);
  if (permille < 0)
    gtk_progress_bar_pulse(self->export_progress);
  else
    gtk_progress_bar_set_fraction(self->export_progress, permille / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void set_exporting(AmanatSyncPage *self, ExportData *ex) {
  self->exporting = ex != NULL;
  self->export_data = ex;
  gtk_widget_set_visible(GTK_WIDGET(self->export_spinner), ex != NULL);
  gtk_spinner_set_spinning(self->export_spinner, ex != NULL);
  gtk_widget_set_visible(GTK_WIDGET(self->export_progress), ex != NULL);
  gtk_widget_set_sensitive(GTK_WIDGET(self->destinations), ex == NULL);
  gtk_progress_bar_set_fraction(self->export_progress, 0);
  g_clear_handle_id(&self->progress_source, g_source_remove);
  if (ex != NULL)
    self->progress_source = g_timeout_add(100, on_progress_cb, self);
  update_actions(self);
}

static void set_export_status(AmanatSyncPage *self, const char *text, gboolean ok) {
  g_free(self->export_status);
  self->export_status = g_strdup(text);
  gtk_widget_set_visible(self->export_status_box, text != NULL);
  gtk_label_set_text(self->export_status_label, text != NULL ? text : "");
  gtk_image_set_from_icon_name(self->export_status_icon,
                               ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class(GTK_WIDGET(self->export_status_icon), ok ? "error" : "success");
  gtk_widget_add_css_class(GTK_WIDGET(self->export_status_icon), ok ? "success" : "error");
  gtk_widget_set_visible(self->eject_button,
                         ok && self->exported_to != NULL && g_mount_can_eject(self->exported_to));
}

static void export_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ExportData *ex = user_data;
  AmanatSyncPage *self = ex->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (self->export_data == ex)
    set_exporting(self, NULL);
  if (ex->epoch != self->epoch || !unlocked(self))
    return;
  if (rc < 0) {
    g_clear_object(&self->exported_to);
    set_export_status(self, error->message, FALSE);
    update_actions(self);
    return;
  }
  g_free(self->export_path);
  self->export_path = g_strdup(ex->path);
  g_set_object(&self->exported_to, ex->mount);

  g_autofree char *counts = counts_text(&ex->result.sent);
  g_autofree char *size = g_format_size(ex->result.bytes);
  g_autofree char *base = g_path_get_basename(ex->path);
  g_autofree char *file = amanat_bidi_ltr(base);
  g_autofree char *end = NULL;
  if (ex->mount != NULL) {
    end = g_strdup(_("Safe to remove the drive."));
  } else {
    g_autofree char *display = g_filename_display_name(ex->folder);
    g_autofree char *folder = amanat_bidi_ltr(display);
    /* Translators: %s is a folder; the bundle was written, synced and read back. */
    end = g_strdup_printf(_("Saved in “%s”, written and checked. If that folder is on a drive, "
                            "it is safe to remove it."),
                          folder);
  }
  /* Translators: 1st %s: the bundle's file name; 2nd: "2 documents, 1 contact, 0
   * deletions"; 3rd: its size ("12.3 kB"); 4th: the sentence that follows. */
  g_autofree char *text =
      g_strdup_printf(_("Bundle “%s” written: %s (%s).\n%s"), file, counts, size, end);
  set_export_status(self, text, TRUE);
  update_actions(self);
}

static void on_eject_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  if (!g_mount_eject_with_operation_finish(G_MOUNT(source), result, &error)) {
    if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED))
      show_message(self, error->message);
    return;
  }
  if (self->exported_to == G_MOUNT(source))
    g_clear_object(&self->exported_to);
  set_export_status(self, _("The drive was ejected: you can unplug it now."), TRUE);
  update_actions(self);
}

/* ---- Import ------------------------------------------------------------------------ */

typedef struct {
  AmanatSyncPage *page;
  guint epoch;
  char *path;
  gboolean allow_unverified;
  amanat_import_result result;
} ImportData;

static void import_data_free(gpointer data) {
  ImportData *im = data;
  g_object_unref(im->page);
  g_free(im->path);
  g_free(im);
}

static int import_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  ImportData *im = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  return amanat_bundle_import(*vault, im->path, im->allow_unverified, &im->result);
}

static void set_importing(AmanatSyncPage *self, gboolean importing) {
  self->importing = importing;
  gtk_widget_set_visible(GTK_WIDGET(self->import_spinner), importing);
  gtk_spinner_set_spinning(self->import_spinner, importing);
  update_actions(self);
}

/* Shows the outcome; `state` NULL hides it all. */
static void set_import_status(AmanatSyncPage *self, const char *state, const char *title,
                              const char *summary, const char *code) {
  g_free(self->import_state);
  self->import_state = g_strdup(state != NULL ? state : "none");
  g_free(self->import_summary);
  self->import_summary = g_strdup(summary);
  g_free(self->import_code);
  self->import_code = g_strdup(code);
  gtk_widget_set_visible(self->import_status_box, state != NULL);
  gtk_label_set_text(self->import_title_label, title != NULL ? title : "");
  gtk_label_set_text(self->import_status_label, summary != NULL ? summary : "");
  gtk_widget_set_visible(GTK_WIDGET(self->import_status_label), summary != NULL);
  gtk_label_set_text(self->import_code_label, code != NULL ? code : "");
  gtk_widget_set_visible(GTK_WIDGET(self->import_code_label), code != NULL);
  gtk_widget_set_visible(self->import_anyway_button, g_strcmp0(state, "unverified") == 0);
  update_actions(self);
}

static char *import_summary(const amanat_import_result *r) {
  GString *text = g_string_new(NULL);
  if (r->added.documents + r->updated.documents + r->deleted.documents > 0)
    /* Translators: a line of the import summary: documents added, updated and deleted. */
    g_string_append_printf(text,
                           _("Documents: %llu added, %llu"
                             " updated, %llu deleted"),
                           (unsigned long long)r->added.documents,
                           (unsigned long long)r->updated.documents,
                           (unsigned long long)r->deleted.documents);
  if (r->added.contacts + r->updated.contacts + r->deleted.contacts > 0) {
    if (text->len > 0)
      g_string_append_c(text, '\n');
    /* Translators: a line of the import summary: contacts added, updated and deleted. */
    g_string_append_printf(text,
                           _("Contacts: %llu added, %llu"
                             " updated, %llu deleted"),
                           (unsigned long long)r->added.contacts,
                           (unsigned long long)r->updated.contacts,
                           (unsigned long long)r->deleted.contacts);
  }
  if (r->conflicts > 0) {
    if (text->len > 0)
      g_string_append_c(text, '\n');
    g_string_append_printf(text,
                           ngettext("%llu item was changed here and there: both "
                                    "edits were merged, a note's other version kept as a copy.",
                                    "%llu items were changed here and there: "
                                    "both edits were merged, a note's other version kept as a "
                                    "copy.",
                                    (unsigned long)r->conflicts),
                           (unsigned long long)r->conflicts);
  }
  if (text->len == 0)
    g_string_append(text, _("Nothing new: this vault already had everything in the bundle."));
  return g_string_free(text, FALSE);
}

static void import_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ImportData *im = user_data;
  AmanatSyncPage *self = im->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  set_importing(self, FALSE);
  if (im->epoch != self->epoch || !unlocked(self))
    return;
  g_free(self->import_path);
  self->import_path = g_strdup(im->path);
  g_free(self->import_peer);
  self->import_peer = g_strdup(im->result.peer);

  if (rc >= 0) {
    g_autofree char *summary = import_summary(&im->result);
    /* Translators: %s is the colleague the bundle came from. */
    g_autofree char *peer = amanat_bidi_isolate(im->result.peer);
    g_autofree char *title = g_strdup_printf(_("Imported from %s"), peer);
    set_import_status(self, "done", title, summary, NULL);
    g_signal_emit(self, signals[SIGNAL_IMPORTED], 0);
    return;
  }
  int err = error != NULL ? error->code : rc;
  if (err == AMANAT_E_UNKNOWN_SENDER) {
    set_import_status(self, "unknown-sender", error->message,
                      _("The sender's safety code is below. If you know who sent it, add their "
                        "identity card as a colleague, compare this code with them, then import "
                        "the bundle again."),
                      im->result.safety_code);
  } else if (err == AMANAT_E_UNVERIFIED) {
    /* Translators: %s is the colleague's name; their safety code follows. */
    g_autofree char *summary = g_strdup_printf(
        _("The bundle is from %s. Compare this safety code with them before you trust it:"),
        im->result.peer);
    set_import_status(self, "unverified", error->message, summary, im->result.safety_code);
  } else {
    set_import_status(self, "error", error->message, NULL, NULL);
  }
}

static void on_bundle_chosen_cb(AmanatSyncPage *self, GListModel *files) {
  g_autoptr(GFile) bundle = first_file(files);
  g_autofree char *path = bundle != NULL ? g_file_get_path(bundle) : NULL;
  if (path != NULL)
    amanat_sync_page_import(self, path, FALSE);
}

static void on_import_anyway_response_cb(AdwMessageDialog *dialog, const char *response,
                                         AmanatSyncPage *self) {
  if (g_strcmp0(response, "import") == 0 && self->import_path != NULL) {
    g_autofree char *path = g_strdup(self->import_path);
    amanat_sync_page_import(self, path, TRUE);
  }
}

/* ---- Actions ----------------------------------------------------------------------- */

static void save_identity_action(GtkWidget *widget, const char *name, GVariant *param) {
  open_chooser(AMANAT_SYNC_PAGE(widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
               _("Save Identity Card"), _("_Save Here"), G_CALLBACK(on_identity_folder_chosen_cb));
}

static void add_peer_action(GtkWidget *widget, const char *name, GVariant *param) {
  open_chooser(AMANAT_SYNC_PAGE(widget), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("Choose a Colleague's Identity Card"), _("_Open"), G_CALLBACK(on_card_chosen_cb));
}

static void compare_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSyncPage *self = AMANAT_SYNC_PAGE(widget);
  Peer *peer = find_peer(self, g_variant_get_string(param, NULL));
  if (peer != NULL)
    show_compare_dialog(self, peer->name, peer->code);
}

static void remove_peer_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSyncPage *self = AMANAT_SYNC_PAGE(widget);
  Peer *peer = find_peer(self, g_variant_get_string(param, NULL));
  if (peer == NULL)
    return;
  g_autofree char *peer_name = amanat_bidi_isolate(peer->name);
  /* Translators: %s is the colleague's name. */
  g_autofree char *body = g_strdup_printf(
      _("Bundles from %s can no longer be imported here, and new bundles are not made for "
        "them. What they sent before stays in the vault. To exchange documents again, add "
        "their identity card and compare safety codes again."),
      peer_name);
  AdwMessageDialog *dialog = dialog_new(self, _("Remove Colleague?"), body);
  adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance(dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response(dialog, "cancel");
  adw_message_dialog_set_close_response(dialog, "cancel");
  g_object_set_data_full(G_OBJECT(dialog), "peer-name", g_strdup(peer->name), g_free);
  g_signal_connect_object(dialog, "response", G_CALLBACK(on_remove_response_cb), self, 0);
  gtk_window_present(GTK_WINDOW(dialog));
}

static void export_action(GtkWidget *widget, const char *name, GVariant *param) {
  (void)amanat_sync_page_export(AMANAT_SYNC_PAGE(widget));
}

static void eject_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSyncPage *self = AMANAT_SYNC_PAGE(widget);
  if (self->exported_to == NULL)
    return;
  g_autoptr(GMountOperation) operation = gtk_mount_operation_new(parent_window(self));
  g_mount_eject_with_operation(self->exported_to, G_MOUNT_UNMOUNT_NONE, operation, NULL,
                               on_eject_done_cb, g_object_ref(self));
}

static void import_action(GtkWidget *widget, const char *name, GVariant *param) {
  open_chooser(AMANAT_SYNC_PAGE(widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Choose a Bundle"),
               _("_Import"), G_CALLBACK(on_bundle_chosen_cb));
}

static void import_anyway_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatSyncPage *self = AMANAT_SYNC_PAGE(widget);
  const char *peer = self->import_peer != NULL ? self->import_peer : "";
  /* Translators: %s is the colleague's name. */
  g_autofree char *body = g_strdup_printf(
      _("Anyone who gave you a forged identity card in the name of %s could have made this "
        "bundle. Compare safety codes first whenever you can."),
      peer);
  AdwMessageDialog *dialog = dialog_new(self, _("Import From a Colleague Not Verified?"), body);
  adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "import", _("_Import Anyway"),
                                   NULL);
  adw_message_dialog_set_response_appearance(dialog, "import", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response(dialog, "cancel");
  adw_message_dialog_set_close_response(dialog, "cancel");
  g_signal_connect_object(dialog, "response", G_CALLBACK(on_import_anyway_response_cb), self, 0);
  gtk_window_present(GTK_WINDOW(dialog));
}

/* ---- Lock -------------------------------------------------------------------------- */

/* Empties everything that came from the vault, or that says where bundles went. */
static void clear_all(AmanatSyncPage *self) {
  self->epoch++;
  g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  self->cancellable = g_cancellable_new();
  close_dialog(self);
  dismiss_toasts(self);
  self->own_code[0] = '\0';
  gtk_label_set_text(self->own_code_label, "");
  g_ptr_array_set_size(self->peers, 0);
  g_hash_table_remove_all(self->recipients);
  amanat_sync_destinations_clear(self->destinations);
  gtk_switch_set_active(self->unverified_switch, FALSE);
  g_clear_pointer(&self->export_path, g_free);
  g_clear_object(&self->exported_to);
  set_export_status(self, NULL, TRUE);
  g_clear_pointer(&self->import_path, g_free);
  g_clear_pointer(&self->import_peer, g_free);
  set_import_status(self, NULL, NULL, NULL, NULL);
  rebuild_peer_rows(self);
}

static void on_session_unlocked_cb(AmanatSyncPage *self) {
  if (unlocked(self))
    amanat_sync_page_reload(self);
  else
    clear_all(self);
  update_actions(self);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void amanat_sync_page_map(GtkWidget *widget) {
  GTK_WIDGET_CLASS(amanat_sync_page_parent_class)->map(widget);
  /* Colleagues added from the command line, or a card's state changed: read again. */
  amanat_sync_page_reload(AMANAT_SYNC_PAGE(widget));
}

static void amanat_sync_page_dispose(GObject *object) {
  AmanatSyncPage *self = AMANAT_SYNC_PAGE(object);

  close_dialog(self);
  if (self->toasts != NULL)
    dismiss_toasts(self);
  g_clear_pointer(&self->toasts, g_ptr_array_unref);
  if (self->cancellable != NULL)
    g_cancellable_cancel(self->cancellable);
  g_clear_handle_id(&self->progress_source, g_source_remove);
  self->export_data = NULL;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data(self->session, self);
  g_clear_object(&self->session);
  g_clear_object(&self->cancellable);
  g_clear_object(&self->exported_to);
  g_clear_pointer(&self->peers, g_ptr_array_unref);
  g_clear_pointer(&self->recipients, g_hash_table_unref);
  g_clear_pointer(&self->export_path, g_free);
  g_clear_pointer(&self->export_status, g_free);
  g_clear_pointer(&self->import_state, g_free);
  g_clear_pointer(&self->import_summary, g_free);
  g_clear_pointer(&self->import_code, g_free);
  g_clear_pointer(&self->import_path, g_free);
  g_clear_pointer(&self->import_peer, g_free);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_SYNC_PAGE);

  G_OBJECT_CLASS(amanat_sync_page_parent_class)->dispose(object);
}

static void amanat_sync_page_class_init(AmanatSyncPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_sync_page_dispose;
  widget_class->map = amanat_sync_page_map;

  /**
   * AmanatSyncPage::imported:
   *
   * A bundle was imported: documents, notes and contacts may have changed.
   */
  signals[SIGNAL_IMPORTED] = g_signal_new("imported", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure(AMANAT_TYPE_SYNC_DESTINATIONS);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-sync-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, toast_overlay);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, own_code_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, peers_list);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, recipients_list);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, unverified_list);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, unverified_switch);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, destinations);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, export_spinner);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, export_progress);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, export_status_box);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, export_status_icon);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, export_status_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, eject_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, import_spinner);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, import_status_box);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, import_title_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, import_status_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, import_code_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatSyncPage, import_anyway_button);
  gtk_widget_class_bind_template_callback(widget_class, on_export_choice_changed_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action(widget_class, "sync.save-identity", NULL, save_identity_action);
  gtk_widget_class_install_action(widget_class, "sync.add-peer", NULL, add_peer_action);
  gtk_widget_class_install_action(widget_class, "sync.compare", "s", compare_action);
  gtk_widget_class_install_action(widget_class, "sync.remove-peer", "s", remove_peer_action);
  gtk_widget_class_install_action(widget_class, "sync.export", NULL, export_action);
  gtk_widget_class_install_action(widget_class, "sync.eject", NULL, eject_action);
  gtk_widget_class_install_action(widget_class, "sync.import", NULL, import_action);
  gtk_widget_class_install_action(widget_class, "sync.import-anyway", NULL, import_anyway_action);
}

static void amanat_sync_page_init(AmanatSyncPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->cancellable = g_cancellable_new();
  self->toasts = g_ptr_array_new_with_free_func(g_object_unref);
  self->peers = g_ptr_array_new_with_free_func(peer_free);
  self->recipients = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  self->import_state = g_strdup("none");
  /* Digits in groups read left to right in every language. */
  gtk_widget_set_direction(GTK_WIDGET(self->own_code_label), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction(GTK_WIDGET(self->import_code_label), GTK_TEXT_DIR_LTR);
  rebuild_peer_rows(self);
  update_actions(self);
}

/* ---- Public API -------------------------------------------------------------------- */

void amanat_sync_page_set_session(AmanatSyncPage *self, AmanatSession *session) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  g_return_if_fail(session == NULL || AMANAT_IS_SESSION(session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data(self->session, self);
  clear_all(self);
  g_set_object(&self->session, session);
  if (session != NULL)
    g_signal_connect_swapped(session, "notify::unlocked", G_CALLBACK(on_session_unlocked_cb), self);
  on_session_unlocked_cb(self);
}

void amanat_sync_page_reload(AmanatSyncPage *self) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  if (!unlocked(self))
    return;
  ReadData *read = g_new0(ReadData, 1);
  read->page = g_object_ref(self);
  read->epoch = self->epoch;
  read->peers = g_ptr_array_new_with_free_func(peer_free);
  amanat_session_run(self->session, read_job, read, read_data_free, NULL, read_done_cb, read);
}

const char *amanat_sync_page_get_safety_code(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), NULL);
  return self->own_code;
}

guint amanat_sync_page_get_n_peers(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), 0);
  return self->peers->len;
}

int amanat_sync_page_get_peer_verified(AmanatSyncPage *self, const char *name) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), -1);
  Peer *peer = find_peer(self, name);
  return peer == NULL ? -1 : peer->verified ? 1 : 0;
}

void amanat_sync_page_save_identity(AmanatSyncPage *self, const char *path) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  g_return_if_fail(path != NULL);
  if (!unlocked(self))
    return;
  PeerData *op = peer_data_new(self, path, NULL);
  amanat_session_run(self->session, save_identity_job, op, peer_data_free, NULL,
                     save_identity_done_cb, op);
}

void amanat_sync_page_add_peer(AmanatSyncPage *self, const char *card_path, const char *name) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  g_return_if_fail(card_path != NULL && name != NULL);
  if (!unlocked(self))
    return;
  PeerData *op = peer_data_new(self, card_path, name);
  amanat_session_run(self->session, add_peer_job, op, peer_data_free, NULL, add_peer_done_cb, op);
}

void amanat_sync_page_verify_peer(AmanatSyncPage *self, const char *name) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  g_return_if_fail(name != NULL);
  if (!unlocked(self))
    return;
  PeerData *op = peer_data_new(self, NULL, name);
  amanat_session_run(self->session, verify_peer_job, op, peer_data_free, NULL, verify_peer_done_cb,
                     op);
}

void amanat_sync_page_remove_peer(AmanatSyncPage *self, const char *name) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  g_return_if_fail(name != NULL);
  if (!unlocked(self))
    return;
  PeerData *op = peer_data_new(self, NULL, name);
  amanat_session_run(self->session, remove_peer_job, op, peer_data_free, NULL, remove_peer_done_cb,
                     op);
}

AdwMessageDialog *amanat_sync_page_get_dialog(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), NULL);
  return self->dialog;
}

void amanat_sync_page_set_recipient(AmanatSyncPage *self, const char *name, gboolean chosen) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  for (GtkWidget *row = gtk_widget_get_first_child(GTK_WIDGET(self->recipients_list)); row != NULL;
       row = gtk_widget_get_next_sibling(row)) {
    GtkWidget *check = adw_action_row_get_activatable_widget(ADW_ACTION_ROW(row));
    if (check != NULL && g_strcmp0(g_object_get_data(G_OBJECT(check), "peer-name"), name) == 0)
      gtk_check_button_set_active(GTK_CHECK_BUTTON(check), chosen);
  }
}

void amanat_sync_page_set_allow_unverified(AmanatSyncPage *self, gboolean allow) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  gtk_switch_set_active(self->unverified_switch, allow);
}

void amanat_sync_page_set_destination_folder(AmanatSyncPage *self, GFile *folder) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  amanat_sync_destinations_set_folder(self->destinations, folder);
}

GListModel *amanat_sync_page_get_drives(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), NULL);
  return amanat_sync_destinations_get_drives(self->destinations);
}

gboolean amanat_sync_page_can_export(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), FALSE);
  guint chosen = g_hash_table_size(self->recipients);
  g_autofree char *dir = amanat_sync_destinations_dup_dir(self->destinations, NULL);
  return unlocked(self) && !self->exporting && chosen > 0 && chosen <= AMANAT_BUNDLE_MAX_PEERS &&
         dir != NULL &&
         (!unverified_chosen(self) || gtk_switch_get_active(self->unverified_switch));
}

gboolean amanat_sync_page_export(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), FALSE);
  if (!amanat_sync_page_can_export(self))
    return FALSE;

  ExportData *ex = g_new0(ExportData, 1);
  ex->page = g_object_ref(self);
  ex->epoch = self->epoch;
  GMount *mount = NULL;
  ex->folder = amanat_sync_destinations_dup_dir(self->destinations, &mount);
  ex->mount = mount != NULL ? g_object_ref(mount) : NULL;
  ex->to = g_ptr_array_new_with_free_func(g_free);
  /* In the order the list shows them. */
  for (guint i = 0; i < self->peers->len; i++) {
    Peer *peer = g_ptr_array_index(self->peers, i);
    if (g_hash_table_contains(self->recipients, peer->name))
      g_ptr_array_add(ex->to, g_strdup(peer->name));
  }
  g_ptr_array_add(ex->to, NULL);
  ex->allow_unverified = gtk_switch_get_active(self->unverified_switch);
  ex->cancellable = g_object_ref(self->cancellable);
  ex->permille = -1;

  g_clear_pointer(&self->export_path, g_free);
  g_clear_object(&self->exported_to);
  set_export_status(self, NULL, TRUE);
  set_exporting(self, ex);
  amanat_session_run(self->session, export_job, ex, export_data_free, self->cancellable,
                     export_done_cb, ex);
  return TRUE;
}

const char *amanat_sync_page_get_export_path(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), NULL);
  return self->export_path;
}

const char *amanat_sync_page_get_export_status(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), NULL);
  return self->export_status;
}

void amanat_sync_page_import(AmanatSyncPage *self, const char *path, gboolean allow_unverified) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  g_return_if_fail(path != NULL);
  if (!unlocked(self) || self->importing)
    return;
  ImportData *im = g_new0(ImportData, 1);
  im->page = g_object_ref(self);
  im->epoch = self->epoch;
  im->path = g_strdup(path);
  im->allow_unverified = allow_unverified;
  set_import_status(self, NULL, NULL, NULL, NULL);
  set_importing(self, TRUE);
  amanat_session_run(self->session, import_job, im, import_data_free, self->cancellable,
                     import_done_cb, im);
}

const char *amanat_sync_page_get_import_state(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), NULL);
  return self->import_state;
}

const char *amanat_sync_page_get_import_summary(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), NULL);
  return self->import_summary;
}

const char *amanat_sync_page_get_import_code(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), NULL);
  return self->import_code;
}

gboolean amanat_sync_page_get_busy(AmanatSyncPage *self) {
  g_return_val_if_fail(AMANAT_IS_SYNC_PAGE(self), FALSE);
  return self->exporting || self->importing;
}

void amanat_sync_page_prepare_lock(AmanatSyncPage *self) {
  g_return_if_fail(AMANAT_IS_SYNC_PAGE(self));
  clear_all(self);
}
