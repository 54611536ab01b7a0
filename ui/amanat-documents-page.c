/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-documents-page.c: the main page once the vault is open. Deleting hides the row at
 * once and deletes only when its toast is dismissed without Undo; every change to the
 * vault runs as a session job, so the list stays responsive. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "amanat-bidi.h"
#include "amanat-document-details.h"
#include "amanat-document-model.h"
#include "amanat-error-message.h"
#include "amanat-document-row.h"
#include "amanat-documents-page.h"
#include "amanat-file-chooser.h"
#include "amanat-import-job.h"
#include "amanat-save-copy.h"
#include "amanat-viewer.h"

struct _AmanatDocumentsPage {
  GtkWidget parent_instance;

  AmanatSession *session;
  AmanatDocumentModel *model;
  GtkSingleSelection *selection;

  AmanatFileChooser *chooser;     /* weak */
  AmanatDocumentDetails *details; /* weak */
  AmanatViewer *viewer;           /* weak */
  AmanatSaveCopy *save_copy;      /* while a copy is being saved */
  AmanatImportJob *import_job;
  guint progress_source;

  char *pending_id; /* deleted when its toast goes away without Undo */
  AdwToast *pending_toast;
  GPtrArray *toasts; /* shown by this page, dismissed on lock */

  AdwToastOverlay *toast_overlay;
  GtkSearchEntry *search_entry;
  GtkStack *content_stack;
  GtkListView *list_view;
  GtkRevealer *progress_revealer;
  GtkRevealer *drop_revealer;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE(AmanatDocumentsPage, amanat_documents_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_IMPORTING,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void on_toast_dismissed_cb(AdwToast *toast, AmanatDocumentsPage *self) {
  g_ptr_array_remove(self->toasts, toast);
  if (toast == self->pending_toast) {
    g_clear_object(&self->pending_toast);
    amanat_documents_page_commit_pending_delete(self);
  }
}

/* Takes `toast`. */
static void show_toast(AmanatDocumentsPage *self, AdwToast *toast) {
  g_ptr_array_add(self->toasts, g_object_ref(toast));
  g_signal_connect(toast, "dismissed", G_CALLBACK(on_toast_dismissed_cb), self);
  adw_toast_overlay_add_toast(self->toast_overlay, toast);
}

static void show_message(AmanatDocumentsPage *self, const char *message, gboolean stays) {
  g_autofree char *escaped = g_markup_escape_text(message, -1);
  AdwToast *toast = adw_toast_new(escaped);
  if (stays)
    adw_toast_set_timeout(toast, 0);
  show_toast(self, toast);
}

static void update_content(AmanatDocumentsPage *self) {
  guint n = self->model != NULL ? g_list_model_get_n_items(G_LIST_MODEL(self->model)) : 0;
  const char *name = "list";
  /* While a search runs, "No Results" would only flash by. */
  if (n == 0 && self->model != NULL && amanat_document_model_get_searching(self->model))
    name = NULL;
  else if (n == 0)
    name = self->model != NULL && amanat_document_model_get_query(self->model) != NULL
               ? "no-results"
               : "empty";
  if (name != NULL)
    gtk_stack_set_visible_child_name(self->content_stack, name);
}

static void on_items_changed_cb(GListModel *model, guint position, guint removed, guint added,
                                AmanatDocumentsPage *self) {
  update_content(self);
}

static void on_searching_changed_cb(AmanatDocumentModel *model, GParamSpec *pspec,
                                    AmanatDocumentsPage *self) {
  update_content(self);
}

static void on_search_changed_cb(AmanatDocumentsPage *self) {
  if (self->model == NULL)
    return;
  amanat_documents_page_commit_pending_delete(self);
  amanat_document_model_set_query(self->model,
                                  gtk_editable_get_text(GTK_EDITABLE(self->search_entry)));
}

static void on_stop_search_cb(AmanatDocumentsPage *self) {
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
}

/* ---- Import ------------------------------------------------------------------------ */

static gboolean update_progress_cb(gpointer user_data) {
  AmanatDocumentsPage *self = user_data;
  if (self->import_job != NULL)
    gtk_progress_bar_set_fraction(self->progress_bar,
                                  amanat_import_job_get_fraction(self->import_job));
  return G_SOURCE_CONTINUE;
}

static void set_importing(AmanatDocumentsPage *self, AmanatImportJob *job) {
  g_set_object(&self->import_job, job);
  gtk_revealer_set_reveal_child(self->progress_revealer, job != NULL);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "documents.import", job == NULL);
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "documents.cancel-import", job != NULL);
  if (job == NULL)
    g_clear_handle_id(&self->progress_source, g_source_remove);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_IMPORTING]);
}

static void import_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatDocumentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  int n = amanat_import_job_run_finish(AMANAT_IMPORT_JOB(source), result, &error);

  if (self->import_job != AMANAT_IMPORT_JOB(source))
    return;
  set_importing(self, NULL);
  if (self->session == NULL || !amanat_session_get_unlocked(self->session))
    return; /* locked meanwhile: nothing to say on a locked screen */

  if (n >= 0) {
    g_autofree char *message =
        g_strdup_printf(ngettext("%d file added.", "%d files added.", (unsigned long)n), n);
    show_message(self, message, FALSE);
    amanat_document_model_reload(self->model);
    if (g_list_model_get_n_items(G_LIST_MODEL(self->model)) > 0)
      gtk_widget_activate_action(GTK_WIDGET(self->list_view), "list.scroll-to-item", "u", 0);
  } else {
    gboolean cancelled = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                         g_error_matches(error, AMANAT_CORE_ERROR, AMANAT_E_CANCELLED);
    show_message(self, error->message, !cancelled);
  }
}

void amanat_documents_page_import_files(AmanatDocumentsPage *self, GListModel *files) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  g_return_if_fail(G_IS_LIST_MODEL(files));

  guint n = g_list_model_get_n_items(files);
  if (self->import_job != NULL || self->session == NULL ||
      !amanat_session_get_unlocked(self->session) || n == 0)
    return;
  /* A deletion waiting for its toast would shift under new documents: finish it first. */
  amanat_documents_page_commit_pending_delete(self);

  g_autoptr(AmanatImportJob) job = amanat_import_job_new(files);
  g_autofree char *label =
      g_strdup_printf(ngettext("Adding %u file…", "Adding %u files…", (unsigned long)n), n);
  gtk_label_set_text(self->progress_label, label);
  gtk_progress_bar_set_fraction(self->progress_bar, 0.0);
  set_importing(self, job);
  self->progress_source = g_timeout_add(100, update_progress_cb, self);
  amanat_import_job_run_async(job, self->session, import_done_cb, g_object_ref(self));
}

gboolean amanat_documents_page_get_importing(AmanatDocumentsPage *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self), FALSE);
  return self->import_job != NULL;
}

void amanat_documents_page_cancel_import(AmanatDocumentsPage *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  if (self->import_job != NULL)
    amanat_import_job_cancel(self->import_job);
}

static void on_files_chosen_cb(AmanatFileChooser *chooser, GListModel *files,
                               AmanatDocumentsPage *self) {
  amanat_documents_page_import_files(self, files);
}

static gboolean can_import(AmanatDocumentsPage *self) {
  return self->import_job == NULL && self->session != NULL &&
         amanat_session_get_unlocked(self->session);
}

/* A file manager offers a file list; some programs offer one file. */
static gboolean on_drop_cb(GtkDropTarget *target, const GValue *value, double x, double y,
                           AmanatDocumentsPage *self) {
  gtk_revealer_set_reveal_child(self->drop_revealer, FALSE);
  if (!can_import(self))
    return FALSE;
  g_autoptr(GListStore) files = g_list_store_new(G_TYPE_FILE);
  if (G_VALUE_HOLDS(value, GDK_TYPE_FILE_LIST)) {
    GSList *list = gdk_file_list_get_files(g_value_get_boxed(value));
    for (GSList *l = list; l != NULL; l = l->next)
      g_list_store_append(files, l->data);
    g_slist_free(list);
  } else if (G_VALUE_HOLDS(value, G_TYPE_FILE) && g_value_get_object(value) != NULL) {
    g_list_store_append(files, g_value_get_object(value));
  }
  if (g_list_model_get_n_items(G_LIST_MODEL(files)) == 0)
    return FALSE;
  amanat_documents_page_import_files(self, G_LIST_MODEL(files));
  return TRUE;
}

static gboolean on_drop_accept_cb(GtkDropTarget *target, GdkDrop *drop, AmanatDocumentsPage *self) {
  GdkContentFormats *formats = gdk_drop_get_formats(drop);
  return can_import(self) && (gdk_content_formats_contain_gtype(formats, GDK_TYPE_FILE_LIST) ||
                              gdk_content_formats_contain_gtype(formats, G_TYPE_FILE));
}

/* The highlight: the page's outline (style.css) and a banner that says what a drop does. */
static void on_current_drop_cb(GtkDropTarget *target, GParamSpec *pspec,
                               AmanatDocumentsPage *self) {
  gtk_revealer_set_reveal_child(self->drop_revealer,
                                gtk_drop_target_get_current_drop(target) != NULL);
}

/* ---- Delete ------------------------------------------------------------------------ */

static int delete_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_doc_delete(*vault, data);
}

typedef struct {
  AmanatDocumentsPage *page;
  AmanatDocumentModel *model;
  char *id;
} DeleteData;

static void delete_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  DeleteData *data = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  amanat_document_model_forget_hidden(data->model, data->id);
  amanat_document_model_reload(data->model);
  if (rc < 0 && amanat_session_get_unlocked(AMANAT_SESSION(source)))
    show_message(data->page, error->message, TRUE);

  g_object_unref(data->page);
  g_object_unref(data->model);
  g_free(data->id);
  g_free(data);
}

void amanat_documents_page_commit_pending_delete(AmanatDocumentsPage *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  if (self->pending_id == NULL)
    return;

  char *id = g_steal_pointer(&self->pending_id);
  if (self->session != NULL && self->model != NULL) {
    DeleteData *data = g_new0(DeleteData, 1);
    data->page = g_object_ref(self);
    data->model = g_object_ref(self->model);
    data->id = g_strdup(id);
    amanat_session_run(self->session, delete_job, id, g_free, NULL, delete_done_cb, data);
  } else {
    g_free(id);
  }
  if (self->pending_toast != NULL) {
    AdwToast *toast = g_steal_pointer(&self->pending_toast);
    adw_toast_dismiss(toast);
    g_object_unref(toast);
  }
}

void amanat_documents_page_undo_delete(AmanatDocumentsPage *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  if (self->pending_id == NULL)
    return;
  g_autofree char *id = g_steal_pointer(&self->pending_id);
  if (self->model != NULL)
    (void)amanat_document_model_unhide(self->model, id);
  if (self->pending_toast != NULL) {
    AdwToast *toast = g_steal_pointer(&self->pending_toast);
    adw_toast_dismiss(toast);
    g_object_unref(toast);
  }
}

static void on_undo_clicked_cb(AdwToast *toast, AmanatDocumentsPage *self) {
  if (toast == self->pending_toast)
    amanat_documents_page_undo_delete(self);
}

void amanat_documents_page_delete(AmanatDocumentsPage *self, const char *id) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  g_return_if_fail(id != NULL);

  guint position;
  if (self->model == NULL || !amanat_document_model_find(self->model, id, &position))
    return;
  amanat_documents_page_commit_pending_delete(self);
  /* The commit may have changed nothing yet (its job runs later): find again. */
  if (!amanat_document_model_find(self->model, id, &position))
    return;
  g_autoptr(AmanatDocument) doc = amanat_document_model_hide(self->model, position);
  if (doc == NULL)
    return;

  self->pending_id = g_strdup(id);
  g_autofree char *escaped = g_markup_escape_text(amanat_document_get_display_title(doc), -1);
  g_autofree char *title = amanat_bidi_isolate(escaped);
  /* Translators: shown in a toast with an Undo button; %s is the document's title. */
  g_autofree char *text = g_strdup_printf(_("“%s” deleted"), title);
  AdwToast *toast = adw_toast_new(text);
  adw_toast_set_button_label(toast, _("_Undo"));
  adw_toast_set_priority(toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect(toast, "button-clicked", G_CALLBACK(on_undo_clicked_cb), self);
  self->pending_toast = g_object_ref(toast);
  show_toast(self, toast);
}

const char *amanat_documents_page_get_pending_delete(AmanatDocumentsPage *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self), NULL);
  return self->pending_id;
}

/* ---- Details and saving a copy ----------------------------------------------------- */

static GtkWindow *page_window(AmanatDocumentsPage *self) {
  GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
  return GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL;
}

static void on_save_copy_finished_cb(AmanatSaveCopy *save_copy, const char *message, gboolean saved,
                                     AmanatDocumentsPage *self) {
  if (self->save_copy == save_copy)
    g_clear_object(&self->save_copy);
  if (message != NULL && self->session != NULL && amanat_session_get_unlocked(self->session))
    show_message(self, message, !saved);
}

static void on_details_save_copy_cb(AmanatDocumentDetails *details, const char *id,
                                    AmanatDocumentsPage *self) {
  amanat_documents_page_save_copy(self, id);
}

static void on_details_delete_cb(AmanatDocumentDetails *details, const char *id,
                                 AmanatDocumentsPage *self) {
  amanat_documents_page_delete(self, id);
}

static void on_details_changed_cb(AmanatDocumentsPage *self) {
  /* Titles and tags show in the rows. */
  amanat_documents_page_commit_pending_delete(self);
  if (self->model != NULL)
    amanat_document_model_reload(self->model);
}

/* ---- Viewer ------------------------------------------------------------------------ */

static void on_viewer_save_copy_cb(AmanatViewer *viewer, const char *id,
                                   AmanatDocumentsPage *self) {
  gtk_widget_activate_action(GTK_WIDGET(self), "documents.save-copy", "s", id);
}

/* Enter, or a double click, on a row. */
static void on_row_activated_cb(GtkListView *list_view, guint position, AmanatDocumentsPage *self) {
  if (self->model == NULL)
    return;
  g_autoptr(AmanatDocument) doc = g_list_model_get_item(G_LIST_MODEL(self->model), position);
  if (doc != NULL && !amanat_document_is_placeholder(doc))
    amanat_documents_page_show_viewer(self, doc);
}

/* ---- Actions ----------------------------------------------------------------------- */

static void details_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  amanat_documents_page_show_details(AMANAT_DOCUMENTS_PAGE(widget),
                                     g_variant_get_string(param, NULL));
}

static void details_selected_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  AmanatDocumentsPage *self = AMANAT_DOCUMENTS_PAGE(widget);
  AmanatDocument *doc = self->selection != NULL
                            ? gtk_single_selection_get_selected_item(self->selection)
                            : NULL; /* borrowed */
  if (doc != NULL && !amanat_document_is_placeholder(doc))
    amanat_documents_page_show_details(self, amanat_document_get_id(doc));
}

static void save_copy_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  amanat_documents_page_save_copy(AMANAT_DOCUMENTS_PAGE(widget), g_variant_get_string(param, NULL));
}

static void delete_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  amanat_documents_page_delete(AMANAT_DOCUMENTS_PAGE(widget), g_variant_get_string(param, NULL));
}

static void delete_selected_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  AmanatDocumentsPage *self = AMANAT_DOCUMENTS_PAGE(widget);
  if (self->selection == NULL)
    return;
  AmanatDocument *doc = gtk_single_selection_get_selected_item(self->selection); /* borrowed */
  if (doc == NULL || amanat_document_is_placeholder(doc))
    return;
  /* A copy: hiding the row may drop the selection's reference to `doc`. */
  g_autofree char *id = g_strdup(amanat_document_get_id(doc));
  amanat_documents_page_delete(self, id);
}

static void import_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  amanat_documents_page_open_chooser(AMANAT_DOCUMENTS_PAGE(widget));
}

static void cancel_import_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  amanat_documents_page_cancel_import(AMANAT_DOCUMENTS_PAGE(widget));
}

static void search_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  amanat_documents_page_focus_search(AMANAT_DOCUMENTS_PAGE(widget));
}

/* ---- List factory ------------------------------------------------------------------ */

static void on_setup_row_cb(GtkSignalListItemFactory *factory, GtkListItem *item) {
  gtk_list_item_set_child(item, amanat_document_row_new());
}

static void on_bind_row_cb(GtkSignalListItemFactory *factory, GtkListItem *item) {
  amanat_document_row_set_document(AMANAT_DOCUMENT_ROW(gtk_list_item_get_child(item)),
                                   gtk_list_item_get_item(item));
}

static void on_unbind_row_cb(GtkSignalListItemFactory *factory, GtkListItem *item) {
  amanat_document_row_set_document(AMANAT_DOCUMENT_ROW(gtk_list_item_get_child(item)), NULL);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void amanat_documents_page_get_property(GObject *object, guint prop_id, GValue *value,
                                               GParamSpec *pspec) {
  AmanatDocumentsPage *self = AMANAT_DOCUMENTS_PAGE(object);

  switch (prop_id) {
  case PROP_IMPORTING:
    g_value_set_boolean(value, self->import_job != NULL);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

/* Both show what was read from the vault: neither outlives a lock. */
static void close_details_and_copy(AmanatDocumentsPage *self) {
  if (self->details != NULL) {
    amanat_document_details_prepare_lock(self->details);
    gtk_window_destroy(GTK_WINDOW(self->details));
  }
  if (self->save_copy != NULL) {
    g_autoptr(AmanatSaveCopy) save_copy = g_steal_pointer(&self->save_copy);
    g_signal_handlers_disconnect_by_data(save_copy, self);
    amanat_save_copy_cancel(save_copy);
  }
}

static void amanat_documents_page_dispose(GObject *object) {
  AmanatDocumentsPage *self = AMANAT_DOCUMENTS_PAGE(object);

  amanat_documents_page_commit_pending_delete(self);
  if (self->chooser != NULL)
    gtk_window_destroy(GTK_WINDOW(self->chooser));
  close_details_and_copy(self);
  amanat_documents_page_close_viewer(self);
  if (self->import_job != NULL)
    amanat_import_job_cancel(self->import_job);
  g_clear_object(&self->import_job);
  g_clear_handle_id(&self->progress_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data(self->model, self);
  g_clear_object(&self->model);
  g_clear_object(&self->selection);
  g_clear_object(&self->session);
  if (self->toasts != NULL)
    for (guint i = 0; i < self->toasts->len; i++)
      g_signal_handlers_disconnect_by_data(g_ptr_array_index(self->toasts, i), self);
  g_clear_pointer(&self->toasts, g_ptr_array_unref);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_DOCUMENTS_PAGE);
  /* dispose_template() unparents bound children only: the top one may not be bound. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child(GTK_WIDGET(self))) != NULL;)
    gtk_widget_unparent(child);

  G_OBJECT_CLASS(amanat_documents_page_parent_class)->dispose(object);
}

static void amanat_documents_page_class_init(AmanatDocumentsPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = amanat_documents_page_get_property;
  object_class->dispose = amanat_documents_page_dispose;

  properties[PROP_IMPORTING] = g_param_spec_boolean("importing", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-documents-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentsPage, toast_overlay);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentsPage, search_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentsPage, content_stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentsPage, list_view);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentsPage, progress_revealer);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentsPage, drop_revealer);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentsPage, progress_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatDocumentsPage, progress_bar);
  gtk_widget_class_bind_template_callback(widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_setup_row_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_bind_row_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_unbind_row_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action(widget_class, "documents.delete", "s", delete_action);
  gtk_widget_class_install_action(widget_class, "documents.delete-selected", NULL,
                                  delete_selected_action);
  gtk_widget_class_install_action(widget_class, "documents.import", NULL, import_action);
  gtk_widget_class_install_action(widget_class, "documents.cancel-import", NULL,
                                  cancel_import_action);
  gtk_widget_class_install_action(widget_class, "documents.search", NULL, search_action);
  gtk_widget_class_install_action(widget_class, "documents.details", "s", details_action);
  gtk_widget_class_install_action(widget_class, "documents.details-selected", NULL,
                                  details_selected_action);
  gtk_widget_class_install_action(widget_class, "documents.save-copy", "s", save_copy_action);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Return, GDK_ALT_MASK,
                                      "documents.details-selected", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Delete, 0, "documents.delete-selected",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "documents.search",
                                      NULL);
}

static void amanat_documents_page_init(AmanatDocumentsPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->toasts = g_ptr_array_new_with_free_func(g_object_unref);

  GtkDropTarget *drop = gtk_drop_target_new(G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes(drop, (GType[]){GDK_TYPE_FILE_LIST, G_TYPE_FILE}, 2);
  g_signal_connect(drop, "drop", G_CALLBACK(on_drop_cb), self);
  g_signal_connect(drop, "accept", G_CALLBACK(on_drop_accept_cb), self);
  g_signal_connect(drop, "notify::current-drop", G_CALLBACK(on_current_drop_cb), self);
  gtk_widget_add_css_class(GTK_WIDGET(self), "documents-page");
  gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(drop));

  g_signal_connect(self->list_view, "activate", G_CALLBACK(on_row_activated_cb), self);
  /* Typing anywhere on the page starts a search. */
  gtk_search_entry_set_key_capture_widget(self->search_entry, GTK_WIDGET(self));
  gtk_widget_action_set_enabled(GTK_WIDGET(self), "documents.cancel-import", FALSE);
  update_content(self);
}

void amanat_documents_page_set_session(AmanatDocumentsPage *self, AmanatSession *session) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  g_return_if_fail(session == NULL || AMANAT_IS_SESSION(session));

  if (self->session == session)
    return;
  amanat_documents_page_prepare_lock(self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data(self->model, self);
  g_clear_object(&self->model);
  g_clear_object(&self->selection);
  g_set_object(&self->session, session);
  if (session != NULL) {
    self->model = amanat_document_model_new(session);
    g_signal_connect(self->model, "items-changed", G_CALLBACK(on_items_changed_cb), self);
    g_signal_connect(self->model, "notify::searching", G_CALLBACK(on_searching_changed_cb), self);
    self->selection = gtk_single_selection_new(g_object_ref(G_LIST_MODEL(self->model)));
    gtk_single_selection_set_autoselect(self->selection, FALSE);
    gtk_single_selection_set_can_unselect(self->selection, TRUE);
  }
  gtk_list_view_set_model(self->list_view, GTK_SELECTION_MODEL(self->selection));
  amanat_documents_page_reload(self);
}

GListModel *amanat_documents_page_get_model(AmanatDocumentsPage *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self), NULL);
  return G_LIST_MODEL(self->model);
}

void amanat_documents_page_reload(AmanatDocumentsPage *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  if (self->model != NULL) {
    amanat_document_model_reload(self->model);
    /* Caches the first page: the rows shown first never wait for a later job. */
    if (g_list_model_get_n_items(G_LIST_MODEL(self->model)) > 0)
      g_object_unref(g_list_model_get_item(G_LIST_MODEL(self->model), 0));
  }
  update_content(self);
}

void amanat_documents_page_open_chooser(AmanatDocumentsPage *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  if (self->import_job != NULL || self->session == NULL ||
      !amanat_session_get_unlocked(self->session))
    return;
  if (self->chooser == NULL) {
    GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
    self->chooser = amanat_file_chooser_new(GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL);
    g_object_add_weak_pointer(G_OBJECT(self->chooser), (gpointer *)&self->chooser);
    g_signal_connect_object(self->chooser, "files-chosen", G_CALLBACK(on_files_chosen_cb), self, 0);
  }
  gtk_window_present(GTK_WINDOW(self->chooser));
}

void amanat_documents_page_focus_search(AmanatDocumentsPage *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

void amanat_documents_page_prepare_lock(AmanatDocumentsPage *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));

  amanat_documents_page_commit_pending_delete(self);
  if (self->chooser != NULL)
    gtk_window_destroy(GTK_WINDOW(self->chooser));
  close_details_and_copy(self);
  amanat_documents_page_close_viewer(self);
  gtk_revealer_set_reveal_child(self->drop_revealer, FALSE);
  if (self->import_job != NULL) {
    amanat_import_job_cancel(self->import_job);
    set_importing(self, NULL);
  }
  while (self->toasts->len > 0) {
    g_autoptr(AdwToast) toast = g_object_ref(g_ptr_array_index(self->toasts, 0));
    g_ptr_array_remove_index(self->toasts, 0);
    g_signal_handlers_disconnect_by_data(toast, self);
    adw_toast_dismiss(toast);
  }
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
  if (self->model != NULL)
    amanat_document_model_set_query(self->model, NULL);
}

void amanat_documents_page_show_message(AmanatDocumentsPage *self, const char *message,
                                        gboolean stays) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  g_return_if_fail(message != NULL);
  show_message(self, message, stays);
}

void amanat_documents_page_show_details(AmanatDocumentsPage *self, const char *id) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  g_return_if_fail(id != NULL);
  if (self->session == NULL || !amanat_session_get_unlocked(self->session))
    return;
  if (self->details != NULL) {
    if (g_strcmp0(amanat_document_details_get_id(self->details), id) == 0) {
      gtk_window_present(GTK_WINDOW(self->details));
      return;
    }
    gtk_window_destroy(GTK_WINDOW(self->details));
  }
  self->details = amanat_document_details_new(page_window(self), self->session, id);
  g_object_add_weak_pointer(G_OBJECT(self->details), (gpointer *)&self->details);
  g_signal_connect_object(self->details, "changed", G_CALLBACK(on_details_changed_cb), self,
                          G_CONNECT_SWAPPED);
  g_signal_connect_object(self->details, "save-copy-requested", G_CALLBACK(on_details_save_copy_cb),
                          self, 0);
  g_signal_connect_object(self->details, "delete-requested", G_CALLBACK(on_details_delete_cb), self,
                          0);
  gtk_window_present(GTK_WINDOW(self->details));
}

AmanatDocumentDetails *amanat_documents_page_get_details(AmanatDocumentsPage *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self), NULL);
  return self->details;
}

void amanat_documents_page_save_copy(AmanatDocumentsPage *self, const char *id) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  g_return_if_fail(id != NULL);
  if (self->session == NULL || !amanat_session_get_unlocked(self->session))
    return;
  /* One copy at a time: its dialogs are modal anyway. */
  if (self->save_copy != NULL)
    return;
  self->save_copy = amanat_save_copy_new(self->session, id);
  g_signal_connect(self->save_copy, "finished", G_CALLBACK(on_save_copy_finished_cb), self);
  /* Over the details or the viewer when they are open, so that the warning is in front. */
  GtkWindow *parent = self->details != NULL  ? GTK_WINDOW(self->details)
                      : self->viewer != NULL ? GTK_WINDOW(self->viewer)
                                             : page_window(self);
  amanat_save_copy_start(self->save_copy, parent);
}

AmanatSaveCopy *amanat_documents_page_get_save_copy(AmanatDocumentsPage *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self), NULL);
  return self->save_copy;
}

void amanat_documents_page_show_viewer(AmanatDocumentsPage *self, AmanatDocument *document) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  g_return_if_fail(AMANAT_IS_DOCUMENT(document));
  if (self->session == NULL || !amanat_session_get_unlocked(self->session))
    return;
  if (self->viewer != NULL) {
    if (g_strcmp0(amanat_viewer_get_id(self->viewer), amanat_document_get_id(document)) == 0) {
      gtk_window_present(GTK_WINDOW(self->viewer));
      return;
    }
    gtk_window_destroy(GTK_WINDOW(self->viewer));
  }
  self->viewer = amanat_viewer_new(page_window(self), self->session, document);
  g_object_add_weak_pointer(G_OBJECT(self->viewer), (gpointer *)&self->viewer);
  g_signal_connect_object(self->viewer, "save-copy-requested", G_CALLBACK(on_viewer_save_copy_cb),
                          self, 0);
  gtk_window_present(GTK_WINDOW(self->viewer));
}

AmanatViewer *amanat_documents_page_get_viewer(AmanatDocumentsPage *self) {
  g_return_val_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self), NULL);
  return self->viewer;
}

void amanat_documents_page_close_viewer(AmanatDocumentsPage *self) {
  g_return_if_fail(AMANAT_IS_DOCUMENTS_PAGE(self));
  if (self->viewer != NULL)
    gtk_window_destroy(GTK_WINDOW(self->viewer));
}
