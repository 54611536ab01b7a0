/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-document-details.c: what is shown comes from one read job (the document and the
 * vault's contacts, for names and the link list); each change is a job that is followed by a
 * new read, so the window always shows what the vault holds. A dialog rather than a side pane:
 * the same window serves a phone at 360 px and the desktop, and the list behind it keeps its
 * place. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-document-details-private.h"
#include "amanat-document.h"
#include "amanat-error-message.h"

G_DEFINE_FINAL_TYPE(AmanatDocumentDetails, amanat_document_details, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHANGED,
  SIGNAL_SAVE_COPY_REQUESTED,
  SIGNAL_DELETE_REQUESTED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void contact_name_free(gpointer data) {
  ContactName *contact = data;
  g_free(contact->name);
  g_free(contact);
}

static const char *contact_name(AmanatDocumentDetails *self, const char *id) {
  for (guint i = 0; self->contacts != NULL && i < self->contacts->len; i++) {
    ContactName *contact = g_ptr_array_index(self->contacts, i);
    if (g_strcmp0(contact->id, id) == 0)
      return contact->name[0] != '\0' ? contact->name : _("Unnamed contact");
  }
  return id;
}

static void show_message(AmanatDocumentDetails *self, const char *message) {
  g_autofree char *escaped = g_markup_escape_text(message, -1);
  adw_toast_overlay_add_toast(self->toast_overlay, adw_toast_new(escaped));
}

static void clear_list(GtkListBox *list, GtkWidget *keep) {
  GtkWidget *child = gtk_widget_get_first_child(GTK_WIDGET(list));
  while (child != NULL) {
    GtkWidget *next = gtk_widget_get_next_sibling(child);
    if (child != keep)
      gtk_list_box_remove(list, child);
    child = next;
  }
}

/* An icon button at the end of a row that runs `action` on `target`. */
static GtkWidget *row_button_new(const char *icon, const char *action, const char *target,
                                 const char *tooltip, const char *label) {
  GtkWidget *button = gtk_button_new_from_icon_name(icon);
  gtk_widget_set_valign(button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(button, "flat");
  gtk_widget_set_tooltip_text(button, tooltip);
  gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "s", target);
  gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
  return button;
}

/* ---- Showing the last read --------------------------------------------------------- */

static void show_tags(AmanatDocumentDetails *self) {
  clear_list(self->tags_list, GTK_WIDGET(self->tag_row));
  const char *const *tags = amanat_document_get_tags(self->document);
  int position = 0;
  for (const char *const *tag = tags; tag != NULL && *tag != NULL; tag++, position++) {
    GtkWidget *row = adw_action_row_new();
    adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(row), FALSE);
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), *tag);
    /* Translators: the accessible name of a tag's remove button; %s is the tag. */
    g_autofree char *label = g_strdup_printf(_("Remove tag “%s”"), *tag);
    adw_action_row_add_suffix(ADW_ACTION_ROW(row),
                              row_button_new("window-close-symbolic", "details.remove-tag", *tag,
                                             _("Remove Tag"), label));
    gtk_list_box_insert(self->tags_list, row, position);
  }
}

static void show_links(AmanatDocumentDetails *self) {
  clear_list(self->linked_list, NULL);
  for (char **id = self->linked; id != NULL && *id != NULL; id++) {
    const char *name = contact_name(self, *id);
    GtkWidget *row = adw_action_row_new();
    adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(row), FALSE);
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), name);
    GtkWidget *icon = gtk_image_new_from_icon_name("avatar-default-symbolic");
    gtk_accessible_update_property(GTK_ACCESSIBLE(icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
    adw_action_row_add_prefix(ADW_ACTION_ROW(row), icon);
    /* Translators: the accessible name of a linked contact's unlink button; %s: the name. */
    g_autofree char *label = g_strdup_printf(_("Unlink “%s”"), name);
    adw_action_row_add_suffix(
        ADW_ACTION_ROW(row),
        row_button_new("edit-delete-symbolic", "details.unlink-contact", *id, _("Unlink"), label));
    gtk_list_box_append(self->linked_list, row);
  }
  if (self->linked == NULL || self->linked[0] == NULL) {
    GtkWidget *row = adw_action_row_new();
    adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), _("No linked contacts"));
    gtk_widget_add_css_class(row, "dim-label");
    gtk_list_box_append(self->linked_list, row);
  }

  /* The popover offers the contacts not linked yet. */
  clear_list(self->contacts_list, NULL);
  guint offered = 0;
  for (guint i = 0; self->contacts != NULL && i < self->contacts->len; i++) {
    ContactName *contact = g_ptr_array_index(self->contacts, i);
    if (self->linked != NULL && g_strv_contains((const char *const *)self->linked, contact->id))
      continue;
    GtkWidget *label = gtk_label_new(contact_name(self, contact->id));
    gtk_label_set_xalign(GTK_LABEL(label), 0);
    gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
    GtkWidget *row = gtk_list_box_row_new();
    gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), label);
    g_object_set_data_full(G_OBJECT(row), "contact-id", g_strdup(contact->id), g_free);
    gtk_list_box_append(self->contacts_list, row);
    offered++;
  }
  if (offered == 0) {
    GtkWidget *label = gtk_label_new(self->contacts != NULL && self->contacts->len > 0
                                         ? _("Every contact is linked already.")
                                         : _("No contacts in the vault yet."));
    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_widget_add_css_class(label, "dim-label");
    GtkWidget *row = gtk_list_box_row_new();
    gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(row), FALSE);
    gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), label);
    gtk_list_box_append(self->contacts_list, row);
  }
}

static void show_document(AmanatDocumentDetails *self) {
  AmanatDocument *doc = self->document;
  gtk_editable_set_text(GTK_EDITABLE(self->title_row), amanat_document_get_title(doc));
  g_autofree char *type = amanat_document_dup_type_description(doc);
  g_autofree char *size = g_format_size(amanat_document_get_size(doc));
  g_autofree char *added = amanat_document_dup_added_description(doc);
  /* Translators: under the type of a document: its size and the day it was added, as in
   * "1.2 MB · added 5 May 2024". */
  g_autofree char *subtitle = g_strdup_printf(_("%s · added %s"), size, added);
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(self->info_row), type);
  adw_action_row_set_subtitle(self->info_row, subtitle);
  show_tags(self);
  /* A note being typed is not replaced by what a change of something else read back. */
  if (!self->note_dirty) {
    gtk_text_buffer_set_text(gtk_text_view_get_buffer(self->note_view),
                             self->notes != NULL ? self->notes : "", -1);
    self->note_dirty = FALSE;
  }
  amanat_document_details_update_actions(self);
  show_links(self);
  gtk_stack_set_visible_child_name(self->stack, "details");
}

/* ---- Reading ----------------------------------------------------------------------- */

typedef struct {
  AmanatDocumentDetails *self;
  AmanatDocument *document;
  char *notes;
  GStrv linked;
  GPtrArray *contacts;
} ReadData;

static void read_data_free(gpointer data) {
  ReadData *read = data;
  g_object_unref(read->self);
  g_clear_object(&read->document);
  g_free(read->notes);
  g_strfreev(read->linked);
  g_ptr_array_unref(read->contacts);
  g_free(read);
}

static int collect_document(const amanat_doc_info *doc, void *user_data) {
  ReadData *read = user_data;
  read->document = amanat_document_new_from_info(doc);
  read->notes = g_strdup(doc->notes);
  read->linked = g_new0(char *, doc->contact_count + 1);
  for (size_t i = 0; i < doc->contact_count; i++)
    read->linked[i] = g_strdup(doc->contacts[i]);
  return 0;
}

static int collect_contact(const amanat_contact_info *info, void *user_data) {
  ContactName *contact = g_new0(ContactName, 1);
  g_strlcpy(contact->id, info->id, sizeof contact->id);
  contact->name = g_strdup(info->name != NULL ? info->name : "");
  g_ptr_array_add(user_data, contact);
  return 0;
}

/* Runs on the session's worker. */
static int read_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  ReadData *read = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  int rc = amanat_doc_show(*vault, read->self->id, collect_document, read);
  if (rc < 0)
    return rc;
  return amanat_contact_list(*vault, collect_contact, read->contacts);
}

static void job_finished(AmanatDocumentDetails *self) {
  self->jobs--;
  gtk_widget_set_sensitive(GTK_WIDGET(self->stack), TRUE);
}

static void read_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ReadData *read = user_data;
  AmanatDocumentDetails *self = read->self;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  job_finished(self);
  if (self->gone)
    return;
  if (rc < 0) {
    /* Deleted meanwhile (a sync import), or the vault closed: nothing left to show. */
    gtk_window_destroy(GTK_WINDOW(self));
    return;
  }
  g_set_object(&self->document, read->document);
  g_free(self->notes);
  self->notes = g_steal_pointer(&read->notes);
  g_strfreev(self->linked);
  self->linked = g_steal_pointer(&read->linked);
  g_ptr_array_unref(self->contacts);
  self->contacts = g_ptr_array_ref(read->contacts);
  show_document(self);
}

static void reload(AmanatDocumentDetails *self) {
  if (self->gone || !amanat_session_get_unlocked(self->session))
    return;
  ReadData *read = g_new0(ReadData, 1);
  read->self = g_object_ref(self);
  read->contacts = g_ptr_array_new_with_free_func(contact_name_free);
  self->jobs++;
  amanat_session_run(self->session, read_job, read, read_data_free, NULL, read_done_cb, read);
}

/* ---- Changing ---------------------------------------------------------------------- */

typedef struct {
  AmanatDocumentDetails *self;
  AmanatDetailsChange kind;
  char *doc_id;
  char *value;
} ChangeData;

static void change_data_free(gpointer data) {
  ChangeData *change = data;
  g_object_unref(change->self);
  g_free(change->doc_id);
  g_free(change->value);
  g_free(change);
}

/* Runs on the session's worker. */
static int change_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  ChangeData *change = data;
  const char *const one[] = {change->value};
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  switch (change->kind) {
  case AMANAT_DETAILS_CHANGE_TITLE:
    return amanat_doc_set_title(*vault, change->doc_id, change->value);
  case AMANAT_DETAILS_CHANGE_ADD_TAG:
    return amanat_doc_tag(*vault, change->doc_id, one, 1, NULL, 0);
  case AMANAT_DETAILS_CHANGE_REMOVE_TAG:
    return amanat_doc_tag(*vault, change->doc_id, NULL, 0, one, 1);
  case AMANAT_DETAILS_CHANGE_NOTES:
    return amanat_doc_set_notes(*vault, change->doc_id, change->value);
  case AMANAT_DETAILS_CHANGE_LINK:
    return amanat_link(*vault, change->doc_id, change->value, 1);
  case AMANAT_DETAILS_CHANGE_UNLINK:
    return amanat_link(*vault, change->doc_id, change->value, 0);
  }
  return AMANAT_E_INVALID;
}

static void change_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ChangeData *change = user_data;
  AmanatDocumentDetails *self = change->self;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  job_finished(self);
  if (rc >= 0)
    g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
  if (self->gone)
    return;
  if (rc < 0 && amanat_session_get_unlocked(self->session))
    show_message(self, error->message);
  if (rc >= 0 && change->kind == AMANAT_DETAILS_CHANGE_ADD_TAG)
    gtk_editable_set_text(GTK_EDITABLE(self->tag_row), "");
  reload(self);
}

void amanat_document_details_run_change(AmanatDocumentDetails *self, AmanatDetailsChange kind,
                                        const char *value) {
  if (!amanat_session_get_unlocked(self->session))
    return;
  ChangeData *change = g_new0(ChangeData, 1);
  change->self = g_object_ref(self);
  change->kind = kind;
  change->doc_id = g_strdup(self->id);
  change->value = g_strdup(value);
  self->jobs++;
  /* Nothing to press twice while the change runs; it is quick. */
  gtk_widget_set_sensitive(GTK_WIDGET(self->stack), FALSE);
  amanat_session_run(self->session, change_job, change, change_data_free, NULL, change_done_cb,
                     change);
}

static char *note_text(AmanatDocumentDetails *self) {
  GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->note_view);
  GtkTextIter start, end;
  gtk_text_buffer_get_bounds(buffer, &start, &end);
  return gtk_text_buffer_get_text(buffer, &start, &end, FALSE);
}

void amanat_document_details_save_note(AmanatDocumentDetails *self) {
  if (!self->note_dirty)
    return;
  g_autofree char *text = note_text(self);
  self->note_dirty = FALSE;
  amanat_document_details_update_actions(self);
  amanat_document_details_run_change(self, AMANAT_DETAILS_CHANGE_NOTES, text);
}

/* ---- Signal handlers --------------------------------------------------------------- */

static void on_title_apply_cb(AmanatDocumentDetails *self) {
  const char *text = gtk_editable_get_text(GTK_EDITABLE(self->title_row));
  gtk_widget_activate_action(GTK_WIDGET(self), "details.rename", "s", text);
}

static void on_tag_apply_cb(AmanatDocumentDetails *self) {
  const char *text = gtk_editable_get_text(GTK_EDITABLE(self->tag_row));
  gtk_widget_activate_action(GTK_WIDGET(self), "details.add-tag", "s", text);
}

static void on_contact_activated_cb(AmanatDocumentDetails *self, GtkListBoxRow *row) {
  const char *id = g_object_get_data(G_OBJECT(row), "contact-id");
  gtk_popover_popdown(self->link_popover);
  if (id != NULL)
    gtk_widget_activate_action(GTK_WIDGET(self), "details.link-contact", "s", id);
}

static void on_note_changed_cb(AmanatDocumentDetails *self) {
  self->note_dirty = TRUE;
  amanat_document_details_update_actions(self);
}

static void on_session_unlocked_cb(AmanatDocumentDetails *self) {
  /* Locked: nothing read from the vault may stay on screen. */
  if (!amanat_session_get_unlocked(self->session))
    gtk_window_destroy(GTK_WINDOW(self));
}

static gboolean on_close_request_cb(AmanatDocumentDetails *self) {
  /* A note typed and not saved yet is kept, as the notes editor does. */
  if (amanat_session_get_unlocked(self->session))
    amanat_document_details_save_note(self);
  return GDK_EVENT_PROPAGATE;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void amanat_document_details_dispose(GObject *object) {
  AmanatDocumentDetails *self = AMANAT_DOCUMENT_DETAILS(object);

  self->gone = TRUE;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data(self->session, self);
  g_clear_object(&self->session);
  g_clear_object(&self->document);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_DOCUMENT_DETAILS);

  G_OBJECT_CLASS(amanat_document_details_parent_class)->dispose(object);
}

static void amanat_document_details_finalize(GObject *object) {
  AmanatDocumentDetails *self = AMANAT_DOCUMENT_DETAILS(object);

  g_free(self->id);
  g_free(self->notes);
  g_strfreev(self->linked);
  g_ptr_array_unref(self->contacts);

  G_OBJECT_CLASS(amanat_document_details_parent_class)->finalize(object);
}

static void amanat_document_details_class_init(AmanatDocumentDetailsClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_document_details_dispose;
  object_class->finalize = amanat_document_details_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAVE_COPY_REQUESTED] =
      g_signal_new("save-copy-requested", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DELETE_REQUESTED] =
      g_signal_new("delete-requested", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-document-details.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, toast_overlay);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, title_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, info_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, tags_list);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, tag_row);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, note_view);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, save_note_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, linked_list);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, link_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, link_popover);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentDetails, contacts_list);
  gtk_widget_class_bind_template_callback(widget_class, on_title_apply_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_tag_apply_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_contact_activated_cb);

  amanat_document_details_class_install_actions(widget_class);
}

static void amanat_document_details_init(AmanatDocumentDetails *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->contacts = g_ptr_array_new_with_free_func(contact_name_free);
  g_signal_connect_swapped(gtk_text_view_get_buffer(self->note_view), "changed",
                           G_CALLBACK(on_note_changed_cb), self);
  g_signal_connect(self, "close-request", G_CALLBACK(on_close_request_cb), NULL);
  amanat_document_details_update_actions(self);
}

AmanatDocumentDetails *amanat_document_details_new(GtkWindow *parent, AmanatSession *session,
                                                   const char *id) {
  g_return_val_if_fail(AMANAT_IS_SESSION(session), NULL);
  g_return_val_if_fail(id != NULL, NULL);

  AmanatDocumentDetails *self =
      g_object_new(AMANAT_TYPE_DOCUMENT_DETAILS, "transient-for", parent, NULL);
  self->session = g_object_ref(session);
  self->id = g_strdup(id);
  g_signal_connect_swapped(session, "notify::unlocked", G_CALLBACK(on_session_unlocked_cb), self);
  reload(self);
  return self;
}

const char *amanat_document_details_get_id(AmanatDocumentDetails *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_DETAILS(self), NULL);
  return self->id;
}

gboolean amanat_document_details_get_busy(AmanatDocumentDetails *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_DETAILS(self), FALSE);
  return self->jobs > 0;
}

const char *amanat_document_details_get_title(AmanatDocumentDetails *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_DETAILS(self), NULL);
  return self->document != NULL ? amanat_document_get_title(self->document) : NULL;
}

const char *const *amanat_document_details_get_tags(AmanatDocumentDetails *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_DETAILS(self), NULL);
  return self->document != NULL ? amanat_document_get_tags(self->document) : NULL;
}

const char *const *amanat_document_details_get_linked(AmanatDocumentDetails *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_DETAILS(self), NULL);
  return (const char *const *)self->linked;
}

char *amanat_document_details_dup_note(AmanatDocumentDetails *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENT_DETAILS(self), NULL);
  return note_text(self);
}

void amanat_document_details_set_note(AmanatDocumentDetails *self, const char *text) {
  g_return_if_fail(AMANAT_IS_DOCUMENT_DETAILS(self));
  gtk_text_buffer_set_text(gtk_text_view_get_buffer(self->note_view), text, -1);
}

void amanat_document_details_request_save_copy(AmanatDocumentDetails *self) {
  amanat_document_details_save_note(self);
  g_signal_emit(self, signals[SIGNAL_SAVE_COPY_REQUESTED], 0, self->id);
}

void amanat_document_details_request_delete(AmanatDocumentDetails *self) {
  g_autofree char *id = g_strdup(self->id);
  g_object_ref(self);
  /* Closed first: the undo toast is on the page behind. */
  gtk_window_destroy(GTK_WINDOW(self));
  g_signal_emit(self, signals[SIGNAL_DELETE_REQUESTED], 0, id);
  g_object_unref(self);
}

void amanat_document_details_prepare_lock(AmanatDocumentDetails *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENT_DETAILS(self));
  /* Queued before the lock, like the notes editor's save. */
  if (amanat_session_get_unlocked(self->session))
    amanat_document_details_save_note(self);
}
