/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-contacts-page.c: every read and change runs as a session job, so the page never
 * waits for the vault. Results carry the page's generation: one that arrives after a lock,
 * or after another contact was chosen, is dropped. Deleting hides the contact at once and
 * deletes it when the undo toast goes away without Undo. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "amanat-bidi.h"
#include "amanat-clipboard.h"
#include "amanat-contacts-page.h"
#include "amanat-document.h"

struct _AmanatContactsPage {
  GtkWidget parent_instance;

  AmanatSession *session;
  guint epoch;      /* bumped on lock: older results are dropped */
  guint generation; /* bumped on lock and by each contact shown */

  GListStore *store; /* AmanatContact, names only */
  GtkStringFilter *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;

  char *shown_id;         /* the contact shown or edited; NULL for a new one */
  AmanatContact *editing; /* as it was when the editor opened; NULL for a new one */
  gboolean saving;
  AmanatContact *pending_delete;
  AdwToast *pending_toast;
  GPtrArray *toasts; /* shown by this page, dismissed on lock */

  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkSearchEntry *search_entry;
  GtkStack *list_stack;
  GtkListView *list_view;
  GtkStack *detail_stack;
  AmanatContactView *contact_view;
  AmanatContactEditor *contact_editor;
};

G_DEFINE_FINAL_TYPE(AmanatContactsPage, amanat_contacts_page, GTK_TYPE_WIDGET)

static gboolean unlocked(AmanatContactsPage *self) {
  return self->session != NULL && amanat_session_get_unlocked(self->session);
}

/* ---- Toasts ------------------------------------------------------------------------ */

static void on_toast_dismissed_cb(AdwToast *toast, AmanatContactsPage *self) {
  g_ptr_array_remove(self->toasts, toast);
  if (toast == self->pending_toast) {
    g_clear_object(&self->pending_toast);
    amanat_contacts_page_commit_pending_delete(self);
  }
}

/* Takes `toast`. */
static void show_toast(AmanatContactsPage *self, AdwToast *toast) {
  g_ptr_array_add(self->toasts, g_object_ref(toast));
  g_signal_connect(toast, "dismissed", G_CALLBACK(on_toast_dismissed_cb), self);
  adw_toast_overlay_add_toast(self->toast_overlay, toast);
}

static void show_message(AmanatContactsPage *self, const char *message) {
  g_autofree char *escaped = g_markup_escape_text(message, -1);
  show_toast(self, adw_toast_new(escaped));
}

static void dismiss_toasts(AmanatContactsPage *self) {
  while (self->toasts->len > 0) {
    g_autoptr(AdwToast) toast = g_object_ref(g_ptr_array_index(self->toasts, 0));
    g_ptr_array_remove_index(self->toasts, 0);
    g_signal_handlers_disconnect_by_data(toast, self);
    adw_toast_dismiss(toast);
  }
  g_clear_object(&self->pending_toast);
}

/* ---- What is shown ----------------------------------------------------------------- */

static void update_actions(AmanatContactsPage *self) {
  GtkWidget *widget = GTK_WIDGET(self);
  const char *mode = gtk_stack_get_visible_child_name(self->detail_stack);
  gboolean open = unlocked(self);
  gboolean viewing = open && g_strcmp0(mode, "view") == 0;
  gboolean editing = open && g_strcmp0(mode, "edit") == 0;

  gtk_widget_action_set_enabled(widget, "contacts.new", open);
  gtk_widget_action_set_enabled(widget, "contacts.edit", viewing);
  gtk_widget_action_set_enabled(widget, "contacts.delete", viewing);
  gtk_widget_action_set_enabled(widget, "contacts.unlink", viewing);
  gtk_widget_action_set_enabled(widget, "contacts.save", editing && !self->saving);
  gtk_widget_action_set_enabled(widget, "contacts.cancel-edit", editing);
  gtk_widget_action_set_enabled(widget, "contacts.add-field", editing);
}

static void set_mode(AmanatContactsPage *self, const char *mode) {
  const char *old = gtk_stack_get_visible_child_name(self->detail_stack);
  if (g_strcmp0(old, "view") == 0 && g_strcmp0(mode, "view") != 0)
    amanat_contact_view_clear(self->contact_view);
  if (g_strcmp0(old, "edit") == 0 && g_strcmp0(mode, "edit") != 0) {
    amanat_contact_editor_clear(self->contact_editor);
    g_clear_object(&self->editing);
  }
  gtk_stack_set_visible_child_name(self->detail_stack, mode);
  if (g_strcmp0(mode, "none") != 0)
    adw_leaflet_set_visible_child_name(self->leaflet, "detail");
  update_actions(self);
}

static void update_list_stack(AmanatContactsPage *self) {
  guint shown = g_list_model_get_n_items(G_LIST_MODEL(self->filtered));
  guint all = g_list_model_get_n_items(G_LIST_MODEL(self->store));
  gtk_stack_set_visible_child_name(self->list_stack,
                                   shown > 0 ? "list" : (all > 0 ? "no-results" : "empty"));
}

/* Empties every widget that could hold a name or a value. */
static void clear_all(AmanatContactsPage *self) {
  self->epoch++;
  self->generation++;
  dismiss_toasts(self);
  g_clear_object(&self->pending_delete);
  g_clear_pointer(&self->shown_id, g_free);
  g_list_store_remove_all(self->store);
  set_mode(self, "none");
  amanat_contact_view_clear(self->contact_view);
  amanat_contact_editor_clear(self->contact_editor);
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
  adw_leaflet_set_visible_child_name(self->leaflet, "list");
  amanat_clipboard_clear_secret();
  update_list_stack(self);
}

static void on_session_unlocked_cb(AmanatContactsPage *self) {
  if (unlocked(self))
    amanat_contacts_page_reload(self);
  else
    clear_all(self); /* whatever locked it: nothing of the contacts stays on screen */
  update_actions(self);
}

/* ---- Listing ----------------------------------------------------------------------- */

typedef struct {
  AmanatContactsPage *page;
  guint epoch;
  GPtrArray *contacts;
} ListData;

static void list_data_free(gpointer data) {
  ListData *list = data;
  g_object_unref(list->page);
  g_ptr_array_unref(list->contacts);
  g_free(list);
}

static int collect_contact(const amanat_contact_info *info, void *user_data) {
  g_ptr_array_add(user_data, amanat_contact_new_from_info(info, FALSE));
  return 0;
}

static int list_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  ListData *list = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  return amanat_contact_list(*vault, collect_contact, list->contacts);
}

static void list_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ListData *list = user_data;
  AmanatContactsPage *self = list->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (list->epoch != self->epoch || !unlocked(self))
    return;
  if (rc < 0) {
    show_message(self, error->message);
    return;
  }
  g_autoptr(GPtrArray) keep = g_ptr_array_new();
  for (guint i = 0; i < list->contacts->len; i++) {
    AmanatContact *contact = g_ptr_array_index(list->contacts, i);
    if (self->pending_delete == NULL ||
        strcmp(amanat_contact_get_id(contact), amanat_contact_get_id(self->pending_delete)) != 0)
      g_ptr_array_add(keep, contact);
  }
  g_list_store_splice(self->store, 0, g_list_model_get_n_items(G_LIST_MODEL(self->store)),
                      keep->pdata, keep->len);
  update_list_stack(self);
}

/* ---- Showing one contact ----------------------------------------------------------- */

typedef struct {
  AmanatContactsPage *page;
  guint generation;
  char *id;
  gboolean edit; /* open the editor rather than the contact's page */
  AmanatContact *contact;
  GPtrArray *documents; /* AmanatDocument */
} ShowData;

static void show_data_free(gpointer data) {
  ShowData *show = data;
  g_object_unref(show->page);
  g_free(show->id);
  g_clear_object(&show->contact);
  g_ptr_array_unref(show->documents);
  g_free(show);
}

static int keep_contact(const amanat_contact_info *info, void *user_data) {
  ShowData *show = user_data;
  g_clear_object(&show->contact);
  show->contact = amanat_contact_new_from_info(info, TRUE);
  return 0;
}

static int keep_document(const amanat_doc_info *info, void *user_data) {
  g_ptr_array_add(user_data, amanat_document_new_from_info(info));
  return 0;
}

static int show_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  ShowData *show = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  int rc = amanat_contact_show(*vault, show->id, keep_contact, show);
  if (rc < 0 || show->contact == NULL)
    return rc < 0 ? rc : AMANAT_E_NOT_FOUND;
  const char *const *docs = amanat_contact_get_documents(show->contact);
  /* A document that can't be read is left out of the list rather than fail the page. */
  for (guint i = 0; docs != NULL && docs[i] != NULL; i++)
    if (amanat_doc_show(*vault, docs[i], keep_document, show->documents) < 0)
      continue;
  return AMANAT_OK;
}

static void show_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ShowData *show = user_data;
  AmanatContactsPage *self = show->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (show->generation != self->generation || !unlocked(self))
    return;
  if (rc < 0) {
    show_message(self, error->message);
    set_mode(self, "none");
    return;
  }
  g_free(self->shown_id);
  self->shown_id = g_strdup(amanat_contact_get_id(show->contact));
  if (show->edit) {
    g_set_object(&self->editing, show->contact);
    set_mode(self, "edit");
    amanat_contact_editor_load(self->contact_editor, show->contact);
    amanat_contact_editor_focus(self->contact_editor);
    return;
  }
  g_autoptr(GListStore) docs = g_list_store_new(AMANAT_TYPE_DOCUMENT);
  g_list_store_splice(docs, 0, 0, show->documents->pdata, show->documents->len);
  amanat_contact_view_set_contact(self->contact_view, show->contact, G_LIST_MODEL(docs));
  set_mode(self, "view");
}

static void read_contact(AmanatContactsPage *self, const char *id, gboolean edit) {
  if (!unlocked(self))
    return;
  ShowData *show = g_new0(ShowData, 1);
  show->page = g_object_ref(self);
  show->generation = ++self->generation;
  show->id = g_strdup(id);
  show->edit = edit;
  show->documents = g_ptr_array_new_with_free_func(g_object_unref);
  amanat_session_run(self->session, show_job, show, show_data_free, NULL, show_done_cb, show);
}

/* ---- Saving ------------------------------------------------------------------------ */

typedef struct {
  AmanatContactsPage *page;
  guint generation;
  char *id; /* NULL: a new contact */
  AmanatContactDraft *draft;
  char **old_labels;
  char **old_tags;
  char new_id[AMANAT_ID_LEN + 1];
} SaveData;

static void save_data_free(gpointer data) {
  SaveData *save = data;
  g_object_unref(save->page);
  g_free(save->id);
  amanat_contact_draft_free(save->draft);
  g_strfreev(save->old_labels);
  g_strfreev(save->old_tags);
  g_free(save);
}

/* The items of `a` that are not in `b`. */
static GPtrArray *missing_from(char **a, char **b) {
  GPtrArray *missing = g_ptr_array_new();
  for (guint i = 0; a != NULL && a[i] != NULL; i++)
    if (b == NULL || !g_strv_contains((const char *const *)b, a[i]))
      g_ptr_array_add(missing, a[i]);
  return missing;
}

static int apply_draft(amanat_vault *vault, SaveData *save) {
  AmanatContactDraft *draft = save->draft;
  const amanat_contact_field *fields = (const amanat_contact_field *)draft->fields->data;
  int rc;

  if (save->id == NULL) {
    rc = amanat_contact_add(vault, draft->name, fields, draft->fields->len, save->new_id);
  } else {
    g_strlcpy(save->new_id, save->id, sizeof save->new_id);
    g_auto(GStrv) new_labels = g_new0(char *, draft->fields->len + 1);
    for (guint i = 0; i < draft->fields->len; i++)
      new_labels[i] = g_strdup(fields[i].label);
    g_autoptr(GPtrArray) removed = missing_from(save->old_labels, new_labels);
    rc = amanat_contact_edit(vault, save->id, draft->name, fields, draft->fields->len,
                             (const char *const *)removed->pdata, removed->len);
  }
  if (rc == AMANAT_OK)
    rc = amanat_contact_set_notes(vault, save->new_id, draft->notes);
  g_autoptr(GPtrArray) add = missing_from(draft->tags, save->old_tags);
  g_autoptr(GPtrArray) remove = missing_from(save->old_tags, draft->tags);
  if (rc == AMANAT_OK && (add->len > 0 || remove->len > 0))
    rc = amanat_contact_tag(vault, save->new_id, (const char *const *)add->pdata, add->len,
                            (const char *const *)remove->pdata, remove->len);
  return rc;
}

/* All of a save is kept, or none of it. */
static int save_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  int rc = amanat_vault_batch_begin(*vault);
  if (rc < 0)
    return rc;
  rc = apply_draft(*vault, data);
  if (rc < 0) {
    amanat_vault_batch_abort(*vault);
    return rc;
  }
  return amanat_vault_batch_commit(*vault);
}

static void save_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  SaveData *save = user_data;
  AmanatContactsPage *self = save->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  self->saving = FALSE;
  update_actions(self);
  if (save->generation != self->generation || !unlocked(self))
    return;
  if (rc < 0) {
    amanat_contact_editor_set_error(self->contact_editor, error->message);
    return;
  }
  show_message(self, _("Contact saved."));
  amanat_contacts_page_reload(self);
  read_contact(self, save->new_id, FALSE);
}

gboolean amanat_contacts_page_save(AmanatContactsPage *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACTS_PAGE(self), FALSE);
  if (!unlocked(self) || self->saving ||
      g_strcmp0(amanat_contacts_page_get_mode(self), "edit") != 0)
    return FALSE;
  AmanatContactDraft *draft = amanat_contact_editor_dup_draft(self->contact_editor);
  if (draft == NULL)
    return FALSE;

  SaveData *save = g_new0(SaveData, 1);
  save->page = g_object_ref(self);
  save->generation = self->generation;
  save->id = g_strdup(self->shown_id);
  save->draft = draft;
  /* What the contact had when the editor opened: fields and tags no longer in the form
   * are removed. */
  if (self->editing != NULL) {
    guint n = amanat_contact_get_n_fields(self->editing);
    save->old_labels = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++)
      save->old_labels[i] = g_strdup(amanat_contact_get_field_label(self->editing, i));
    save->old_tags = g_strdupv((char **)amanat_contact_get_tags(self->editing));
  }
  /* Not the editor made insensitive: that would take the focus from under the entry. */
  self->saving = TRUE;
  update_actions(self);
  amanat_session_run(self->session, save_job, save, save_data_free, NULL, save_done_cb, save);
  return TRUE;
}

/* ---- Deleting and unlinking -------------------------------------------------------- */

static int delete_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_contact_delete(*vault, data);
}

static void change_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatContactsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (!unlocked(self))
    return;
  if (rc < 0)
    show_message(self, error->message);
  amanat_contacts_page_reload(self);
}

void amanat_contacts_page_commit_pending_delete(AmanatContactsPage *self) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  if (self->pending_delete == NULL)
    return;

  g_autoptr(AmanatContact) contact = g_steal_pointer(&self->pending_delete);
  if (self->session != NULL)
    amanat_session_run(self->session, delete_job, g_strdup(amanat_contact_get_id(contact)), g_free,
                       NULL, change_done_cb, g_object_ref(self));
  if (self->pending_toast != NULL) {
    g_autoptr(AdwToast) toast = g_steal_pointer(&self->pending_toast);
    adw_toast_dismiss(toast);
  }
}

void amanat_contacts_page_undo_delete(AmanatContactsPage *self) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  if (self->pending_delete == NULL)
    return;
  g_autoptr(AmanatContact) contact = g_steal_pointer(&self->pending_delete);
  if (self->pending_toast != NULL) {
    g_autoptr(AdwToast) toast = g_steal_pointer(&self->pending_toast);
    adw_toast_dismiss(toast);
  }
  amanat_contacts_page_reload(self);
  read_contact(self, amanat_contact_get_id(contact), FALSE);
}

static void on_undo_clicked_cb(AdwToast *toast, AmanatContactsPage *self) {
  if (toast == self->pending_toast)
    amanat_contacts_page_undo_delete(self);
}

void amanat_contacts_page_delete(AmanatContactsPage *self) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  AmanatContact *shown = amanat_contact_view_get_contact(self->contact_view);
  if (shown == NULL || !unlocked(self))
    return;
  amanat_contacts_page_commit_pending_delete(self);

  self->pending_delete = g_object_ref(shown);
  guint position;
  for (position = 0; position < g_list_model_get_n_items(G_LIST_MODEL(self->store)); position++) {
    g_autoptr(AmanatContact) item = g_list_model_get_item(G_LIST_MODEL(self->store), position);
    if (strcmp(amanat_contact_get_id(item), amanat_contact_get_id(shown)) == 0) {
      g_list_store_remove(self->store, position);
      break;
    }
  }
  update_list_stack(self);
  g_clear_pointer(&self->shown_id, g_free);
  self->generation++;
  set_mode(self, "none");
  adw_leaflet_set_visible_child_name(self->leaflet, "list");

  g_autofree char *escaped =
      g_markup_escape_text(amanat_contact_get_name(self->pending_delete), -1);
  g_autofree char *name = amanat_bidi_isolate(escaped);
  /* Translators: shown in a toast with an Undo button; %s is the contact's name. */
  g_autofree char *text = g_strdup_printf(_("“%s” deleted"), name);
  AdwToast *toast = adw_toast_new(text);
  adw_toast_set_button_label(toast, _("_Undo"));
  adw_toast_set_priority(toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect(toast, "button-clicked", G_CALLBACK(on_undo_clicked_cb), self);
  self->pending_toast = g_object_ref(toast);
  show_toast(self, toast);
}

typedef struct {
  char contact[AMANAT_ID_LEN + 1];
  char *doc;
} UnlinkData;

static void unlink_data_free(gpointer data) {
  UnlinkData *unlink = data;
  g_free(unlink->doc);
  g_free(unlink);
}

static int unlink_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  UnlinkData *unlink = data;
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_link(*vault, unlink->doc, unlink->contact, 0);
}

static void unlink_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatContactsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (!unlocked(self))
    return;
  if (rc < 0)
    show_message(self, error->message);
  if (self->shown_id != NULL && g_strcmp0(amanat_contacts_page_get_mode(self), "view") == 0)
    read_contact(self, self->shown_id, FALSE);
}

/* ---- Callbacks and actions --------------------------------------------------------- */

static void on_search_changed_cb(AmanatContactsPage *self) {
  gtk_string_filter_set_search(self->filter,
                               gtk_editable_get_text(GTK_EDITABLE(self->search_entry)));
  update_list_stack(self);
}

static void on_stop_search_cb(AmanatContactsPage *self) {
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
}

static void on_row_activated_cb(AmanatContactsPage *self, guint position) {
  g_autoptr(AmanatContact) contact = g_list_model_get_item(G_LIST_MODEL(self->filtered), position);
  if (contact != NULL)
    amanat_contacts_page_show_contact(self, amanat_contact_get_id(contact));
}

/* Leaving a contact (back to the list on a narrow window) hides its fields again. */
static void on_leaflet_child_changed_cb(AmanatContactsPage *self) {
  if (g_strcmp0(adw_leaflet_get_visible_child_name(self->leaflet), "list") == 0)
    amanat_contact_view_hide_all(self->contact_view);
}

static void new_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_contacts_page_new_contact(AMANAT_CONTACTS_PAGE(widget));
}

static void edit_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_contacts_page_edit(AMANAT_CONTACTS_PAGE(widget));
}

static void delete_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_contacts_page_delete(AMANAT_CONTACTS_PAGE(widget));
}

static void save_action(GtkWidget *widget, const char *name, GVariant *param) {
  (void)amanat_contacts_page_save(AMANAT_CONTACTS_PAGE(widget));
}

static void cancel_edit_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatContactsPage *self = AMANAT_CONTACTS_PAGE(widget);
  if (self->shown_id != NULL) {
    read_contact(self, self->shown_id, FALSE);
  } else {
    set_mode(self, "none");
    adw_leaflet_set_visible_child_name(self->leaflet, "list");
  }
}

static void add_field_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_contact_editor_add_field(AMANAT_CONTACTS_PAGE(widget)->contact_editor);
}

static void back_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatContactsPage *self = AMANAT_CONTACTS_PAGE(widget);
  adw_leaflet_set_visible_child_name(self->leaflet, "list");
  gtk_widget_grab_focus(GTK_WIDGET(self->list_view));
}

static void unlink_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatContactsPage *self = AMANAT_CONTACTS_PAGE(widget);
  if (self->shown_id == NULL || !unlocked(self))
    return;
  UnlinkData *unlink = g_new0(UnlinkData, 1);
  g_strlcpy(unlink->contact, self->shown_id, sizeof unlink->contact);
  unlink->doc = g_variant_dup_string(param, NULL);
  amanat_session_run(self->session, unlink_job, unlink, unlink_data_free, NULL, unlink_done_cb,
                     g_object_ref(self));
}

static void copied_action(GtkWidget *widget, const char *name, GVariant *param) {
  /* Translators: %d is a number of seconds (30). */
  g_autofree char *text =
      g_strdup_printf(ngettext("Copied. The clipboard will be emptied in %d second.",
                               "Copied. The clipboard will be emptied in %d seconds.",
                               AMANAT_CLIPBOARD_CLEAR_SECONDS),
                      AMANAT_CLIPBOARD_CLEAR_SECONDS);
  show_message(AMANAT_CONTACTS_PAGE(widget), text);
}

static void search_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_contacts_page_focus_search(AMANAT_CONTACTS_PAGE(widget));
}

/* ---- GObject ----------------------------------------------------------------------- */

static void amanat_contacts_page_unmap(GtkWidget *widget) {
  /* Switched to another page, or the window hid: revealed fields are hidden again. */
  amanat_contact_view_hide_all(AMANAT_CONTACTS_PAGE(widget)->contact_view);
  GTK_WIDGET_CLASS(amanat_contacts_page_parent_class)->unmap(widget);
}

static void amanat_contacts_page_dispose(GObject *object) {
  AmanatContactsPage *self = AMANAT_CONTACTS_PAGE(object);

  if (self->toasts != NULL) {
    amanat_contacts_page_commit_pending_delete(self);
    dismiss_toasts(self);
  }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data(self->session, self);
  g_clear_object(&self->session);
  g_clear_object(&self->pending_delete);
  g_clear_object(&self->editing);
  g_clear_pointer(&self->shown_id, g_free);
  g_clear_pointer(&self->toasts, g_ptr_array_unref);
  if (self->list_view != NULL)
    gtk_list_view_set_model(self->list_view, NULL);
  g_clear_object(&self->selection);
  g_clear_object(&self->filtered);
  g_clear_object(&self->store);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_CONTACTS_PAGE);

  G_OBJECT_CLASS(amanat_contacts_page_parent_class)->dispose(object);
}

static void amanat_contacts_page_class_init(AmanatContactsPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_contacts_page_dispose;
  widget_class->unmap = amanat_contacts_page_unmap;

  g_type_ensure(AMANAT_TYPE_CONTACT);
  g_type_ensure(AMANAT_TYPE_CONTACT_VIEW);
  g_type_ensure(AMANAT_TYPE_CONTACT_EDITOR);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-contacts-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatContactsPage, toast_overlay);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactsPage, leaflet);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactsPage, search_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactsPage, list_stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactsPage, list_view);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactsPage, detail_stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactsPage, contact_view);
  gtk_widget_class_bind_template_child(widget_class, AmanatContactsPage, contact_editor);
  gtk_widget_class_bind_template_callback(widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_row_activated_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action(widget_class, "contacts.new", NULL, new_action);
  gtk_widget_class_install_action(widget_class, "contacts.edit", NULL, edit_action);
  gtk_widget_class_install_action(widget_class, "contacts.delete", NULL, delete_action);
  gtk_widget_class_install_action(widget_class, "contacts.save", NULL, save_action);
  gtk_widget_class_install_action(widget_class, "contacts.cancel-edit", NULL, cancel_edit_action);
  gtk_widget_class_install_action(widget_class, "contacts.add-field", NULL, add_field_action);
  gtk_widget_class_install_action(widget_class, "contacts.back", NULL, back_action);
  gtk_widget_class_install_action(widget_class, "contacts.unlink", "s", unlink_action);
  gtk_widget_class_install_action(widget_class, "contacts.copied", NULL, copied_action);
  gtk_widget_class_install_action(widget_class, "contacts.search", NULL, search_action);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "contacts.save",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "contacts.edit",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "contacts.search",
                                      NULL);
}

static void amanat_contacts_page_init(AmanatContactsPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->toasts = g_ptr_array_new_with_free_func(g_object_unref);

  self->store = g_list_store_new(AMANAT_TYPE_CONTACT);
  self->filter =
      gtk_string_filter_new(gtk_property_expression_new(AMANAT_TYPE_CONTACT, NULL, "name"));
  gtk_string_filter_set_match_mode(self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case(self->filter, TRUE);
  self->filtered =
      gtk_filter_list_model_new(g_object_ref(G_LIST_MODEL(self->store)), GTK_FILTER(self->filter));
  self->selection = gtk_single_selection_new(g_object_ref(G_LIST_MODEL(self->filtered)));
  gtk_single_selection_set_autoselect(self->selection, FALSE);
  gtk_single_selection_set_can_unselect(self->selection, TRUE);
  gtk_list_view_set_model(self->list_view, GTK_SELECTION_MODEL(self->selection));

  g_signal_connect_swapped(self->leaflet, "notify::visible-child",
                           G_CALLBACK(on_leaflet_child_changed_cb), self);
  update_list_stack(self);
  update_actions(self);
}

void amanat_contacts_page_set_session(AmanatContactsPage *self, AmanatSession *session) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
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

GListModel *amanat_contacts_page_get_model(AmanatContactsPage *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACTS_PAGE(self), NULL);
  return G_LIST_MODEL(self->filtered);
}

void amanat_contacts_page_reload(AmanatContactsPage *self) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  if (!unlocked(self))
    return;
  ListData *list = g_new0(ListData, 1);
  list->page = g_object_ref(self);
  list->epoch = self->epoch;
  list->contacts = g_ptr_array_new_with_free_func(g_object_unref);
  amanat_session_run(self->session, list_job, list, list_data_free, NULL, list_done_cb, list);
}

void amanat_contacts_page_show_contact(AmanatContactsPage *self, const char *id) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  g_return_if_fail(id != NULL);
  read_contact(self, id, FALSE);
}

void amanat_contacts_page_new_contact(AmanatContactsPage *self) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  if (!unlocked(self))
    return;
  self->generation++; /* a contact still being read must not replace the form */
  g_clear_pointer(&self->shown_id, g_free);
  set_mode(self, "edit");
  g_clear_object(&self->editing);
  amanat_contact_editor_load(self->contact_editor, NULL);
  amanat_contact_editor_focus(self->contact_editor);
}

void amanat_contacts_page_edit(AmanatContactsPage *self) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  /* Read again: the page holds what was shown, perhaps changed since. */
  if (self->shown_id != NULL && g_strcmp0(amanat_contacts_page_get_mode(self), "view") == 0)
    read_contact(self, self->shown_id, TRUE);
}

void amanat_contacts_page_focus_search(AmanatContactsPage *self) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  adw_leaflet_set_visible_child_name(self->leaflet, "list");
  gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

const char *amanat_contacts_page_get_mode(AmanatContactsPage *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACTS_PAGE(self), NULL);
  return gtk_stack_get_visible_child_name(self->detail_stack);
}

AmanatContactView *amanat_contacts_page_get_view(AmanatContactsPage *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACTS_PAGE(self), NULL);
  return self->contact_view;
}

AmanatContactEditor *amanat_contacts_page_get_editor(AmanatContactsPage *self) {
  g_return_val_if_fail(AMANAT_IS_CONTACTS_PAGE(self), NULL);
  return self->contact_editor;
}

void amanat_contacts_page_prepare_lock(AmanatContactsPage *self) {
  g_return_if_fail(AMANAT_IS_CONTACTS_PAGE(self));
  amanat_contacts_page_commit_pending_delete(self);
  clear_all(self);
}
