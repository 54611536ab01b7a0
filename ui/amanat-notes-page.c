/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-notes-page.c: notes are documents of kind AMANAT_DOC_NOTE. Every read and save is
 * a session job; results carry the page's generation, and one that arrives after a lock or
 * after another note was opened is dropped. The text goes to the vault only: no autosave
 * file, no temporary file. A modified note is saved into the vault before it locks. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "amanat-bidi.h"
#include "amanat-document.h"
#include "amanat-notes-page.h"

/* A title made from the text's first line is cut to this many characters. */
#define TITLE_FROM_TEXT_MAX 60

/* Written by the first save's job, read by the later ones: all run on the session's one
 * worker thread, in the order queued. */
typedef struct {
  char id[AMANAT_ID_LEN + 1]; /* "" until the note is added */
} NewNoteId;

static NewNoteId *new_note_id_ref(NewNoteId *holder) {
  return g_atomic_rc_box_acquire(holder);
}

static void new_note_id_unref(NewNoteId *holder) {
  g_atomic_rc_box_release(holder);
}

struct _AmanatNotesPage {
  GtkWidget parent_instance;

  AmanatSession *session;
  guint epoch;      /* bumped on lock: older results are dropped */
  guint generation; /* bumped on lock and by each note opened */
  /* The id the open new note gets from its first save, shared with saves queued behind it
   * before that one is done: they edit the note instead of adding it a second time. */
  NewNoteId *new_note;
  guint new_note_generation;

  GListStore *store; /* AmanatDocument of kind note */
  GtkStringFilter *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;

  AmanatDocument *pending_delete;
  AdwToast *pending_toast;
  GPtrArray *toasts; /* shown by this page, dismissed on lock */

  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkSearchEntry *search_entry;
  GtkStack *list_stack;
  GtkListView *list_view;
  GtkStack *detail_stack;
  AmanatNoteEditor *note_editor;
};

G_DEFINE_FINAL_TYPE(AmanatNotesPage, amanat_notes_page, GTK_TYPE_WIDGET)

static gboolean unlocked(AmanatNotesPage *self) {
  return self->session != NULL && amanat_session_get_unlocked(self->session);
}

/* ---- Toasts ------------------------------------------------------------------------ */

static void on_toast_dismissed_cb(AdwToast *toast, AmanatNotesPage *self) {
  g_ptr_array_remove(self->toasts, toast);
  if (toast == self->pending_toast) {
    g_clear_object(&self->pending_toast);
    amanat_notes_page_commit_pending_delete(self);
  }
}

/* Takes `toast`. */
static void show_toast(AmanatNotesPage *self, AdwToast *toast) {
  g_ptr_array_add(self->toasts, g_object_ref(toast));
  g_signal_connect(toast, "dismissed", G_CALLBACK(on_toast_dismissed_cb), self);
  adw_toast_overlay_add_toast(self->toast_overlay, toast);
}

static void show_message(AmanatNotesPage *self, const char *message) {
  g_autofree char *escaped = g_markup_escape_text(message, -1);
  show_toast(self, adw_toast_new(escaped));
}

static void dismiss_toasts(AmanatNotesPage *self) {
  while (self->toasts->len > 0) {
    g_autoptr(AdwToast) toast = g_object_ref(g_ptr_array_index(self->toasts, 0));
    g_ptr_array_remove_index(self->toasts, 0);
    g_signal_handlers_disconnect_by_data(toast, self);
    adw_toast_dismiss(toast);
  }
  g_clear_object(&self->pending_toast);
}

/* ---- What is shown ----------------------------------------------------------------- */

static void update_actions(AmanatNotesPage *self) {
  GtkWidget *widget = GTK_WIDGET(self);
  gboolean open = unlocked(self);
  gboolean editing = open && g_strcmp0(amanat_notes_page_get_mode(self), "editor") == 0;

  gtk_widget_action_set_enabled(widget, "notes.new", open);
  gtk_widget_action_set_enabled(widget, "notes.save", editing);
  gtk_widget_action_set_enabled(widget, "notes.delete", editing);
}

static void set_mode(AmanatNotesPage *self, const char *mode) {
  if (g_strcmp0(mode, "editor") != 0)
    amanat_note_editor_clear(self->note_editor);
  gtk_stack_set_visible_child_name(self->detail_stack, mode);
  if (g_strcmp0(mode, "editor") == 0)
    adw_leaflet_set_visible_child_name(self->leaflet, "detail");
  update_actions(self);
}

static void update_list_stack(AmanatNotesPage *self) {
  guint shown = g_list_model_get_n_items(G_LIST_MODEL(self->filtered));
  guint all = g_list_model_get_n_items(G_LIST_MODEL(self->store));
  gtk_stack_set_visible_child_name(self->list_stack,
                                   shown > 0 ? "list" : (all > 0 ? "no-results" : "empty"));
}

/* Empties every widget that could hold a title or text. */
static void clear_all(AmanatNotesPage *self) {
  self->epoch++;
  self->generation++;
  dismiss_toasts(self);
  g_clear_object(&self->pending_delete);
  g_list_store_remove_all(self->store);
  set_mode(self, "none");
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
  adw_leaflet_set_visible_child_name(self->leaflet, "list");
  update_list_stack(self);
}

static void on_session_unlocked_cb(AmanatNotesPage *self) {
  if (unlocked(self))
    amanat_notes_page_reload(self);
  else
    clear_all(self); /* whatever locked it: nothing of the notes stays on screen */
  update_actions(self);
}

/* ---- Listing ----------------------------------------------------------------------- */

typedef struct {
  AmanatNotesPage *page;
  guint epoch;
  GPtrArray *notes;
} ListData;

static void list_data_free(gpointer data) {
  ListData *list = data;
  g_object_unref(list->page);
  g_ptr_array_unref(list->notes);
  g_free(list);
}

static int collect_note(const amanat_doc_info *info, void *user_data) {
  g_ptr_array_add(user_data, amanat_document_new_from_info(info));
  return 0;
}

static int list_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  ListData *list = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  return amanat_doc_list_kind(*vault, AMANAT_DOC_NOTE, 0, 0, collect_note, list->notes);
}

static void list_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ListData *list = user_data;
  AmanatNotesPage *self = list->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (list->epoch != self->epoch || !unlocked(self))
    return;
  if (rc < 0) {
    show_message(self, error->message);
    return;
  }
  g_autoptr(GPtrArray) keep = g_ptr_array_new();
  for (guint i = 0; i < list->notes->len; i++) {
    AmanatDocument *doc = g_ptr_array_index(list->notes, i);
    if (self->pending_delete == NULL ||
        strcmp(amanat_document_get_id(doc), amanat_document_get_id(self->pending_delete)) != 0)
      g_ptr_array_add(keep, doc);
  }
  g_list_store_splice(self->store, 0, g_list_model_get_n_items(G_LIST_MODEL(self->store)),
                      keep->pdata, keep->len);
  update_list_stack(self);
}

/* ---- Opening a note ---------------------------------------------------------------- */

typedef struct {
  AmanatNotesPage *page;
  guint generation;
  char *id;
  AmanatDocument *doc;
  uint8_t *text; /* sodium memory, from amanat_doc_read_all */
  size_t text_len;
} OpenData;

static void open_data_free(gpointer data) {
  OpenData *open = data;
  g_object_unref(open->page);
  g_free(open->id);
  g_clear_object(&open->doc);
  amanat_free_secret(open->text);
  g_free(open);
}

static int keep_doc(const amanat_doc_info *info, void *user_data) {
  AmanatDocument **doc = user_data;
  g_clear_object(doc);
  *doc = amanat_document_new_from_info(info);
  return 0;
}

static int open_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  OpenData *open = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  int rc = amanat_doc_show(*vault, open->id, keep_doc, &open->doc);
  if (rc == AMANAT_OK && open->doc == NULL)
    rc = AMANAT_E_NOT_FOUND;
  if (rc == AMANAT_OK)
    rc = amanat_doc_read_all(*vault, open->id, AMANAT_NOTE_MAX_BYTES, &open->text, &open->text_len);
  return rc;
}

static void open_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  OpenData *open = user_data;
  AmanatNotesPage *self = open->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (open->generation != self->generation || !unlocked(self))
    return;
  if (rc < 0) {
    show_message(self, error->message);
    set_mode(self, "none");
    return;
  }
  if (amanat_document_get_kind(open->doc) != AMANAT_DOC_NOTE ||
      !g_utf8_validate((const char *)open->text, (gssize)open->text_len, NULL)) {
    show_message(self, _("This document is not a note that Amanat can edit."));
    set_mode(self, "none");
    return;
  }
  set_mode(self, "editor");
  amanat_note_editor_load(self->note_editor, amanat_document_get_id(open->doc),
                          amanat_document_get_title(open->doc), (const char *)open->text,
                          open->text_len);
  amanat_note_editor_focus(self->note_editor);
}

/* ---- Saving ------------------------------------------------------------------------ */

typedef struct {
  AmanatNotesPage *page;
  guint generation;
  guint changes;
  char *id; /* NULL: a new note */
  char *title;
  char *text; /* wiped when freed */
  size_t text_len;
  gboolean text_modified;
  char new_id[AMANAT_ID_LEN + 1];
  NewNoteId *new_note; /* for a note not saved yet */
} SaveData;

static void save_data_free(gpointer data) {
  SaveData *save = data;
  g_object_unref(save->page);
  g_free(save->id);
  g_free(save->title);
  amanat_note_editor_free_text(save->text);
  g_clear_pointer(&save->new_note, new_note_id_unref);
  g_free(save);
}

static int keep_title(const amanat_doc_info *info, void *user_data) {
  char **title = user_data;
  g_free(*title);
  *title = g_strdup(info->title);
  return 0;
}

/* An edited note keeps its id, tags, notes and links: the core gives the text a new key and
 * shreds the old one. The title is set after it, and only when it changed. */
static int save_text(amanat_vault *vault, SaveData *save) {
  int rc = amanat_note_set_text(vault, save->id, save->text, save->text_len);
  g_autofree char *old_title = NULL;
  if (rc == AMANAT_OK)
    rc = amanat_doc_show(vault, save->id, keep_title, &old_title);
  if (rc == AMANAT_OK && g_strcmp0(old_title, save->title) != 0)
    rc = amanat_doc_set_title(vault, save->id, save->title);
  return rc;
}

static int save_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  SaveData *save = data;
  if (*vault == NULL)
    return AMANAT_E_CANCELLED;
  if (save->id == NULL && save->new_note->id[0] != '\0') {
    /* Saved again before the first save came back: that one added it. */
    save->id = g_strdup(save->new_note->id);
    save->text_modified = TRUE;
  }
  if (save->id == NULL) {
    int rc = amanat_note_add(*vault, save->title, save->text, save->text_len, save->new_id);
    if (rc == AMANAT_OK)
      g_strlcpy(save->new_note->id, save->new_id, sizeof save->new_note->id);
    return rc;
  }
  g_strlcpy(save->new_id, save->id, sizeof save->new_id);
  if (!save->text_modified)
    return amanat_doc_set_title(*vault, save->id, save->title);
  return save_text(*vault, save);
}

static void save_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  SaveData *save = user_data;
  AmanatNotesPage *self = save->page;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (!unlocked(self))
    return;
  /* Another note may be open by now: then only the list changes. */
  gboolean current = save->generation == self->generation;
  if (rc < 0 && current)
    amanat_note_editor_set_status(self->note_editor, error->message);
  else if (rc < 0)
    show_message(self, error->message);
  else if (current)
    amanat_note_editor_set_saved(self->note_editor, save->new_id, save->title, save->changes);
  amanat_notes_page_reload(self);
}

/* A note needs a title: the first line of its text, or "Untitled Note". */
static char *dup_title(AmanatNoteEditor *editor, const char *text) {
  g_autofree char *typed = g_strstrip(g_strdup(amanat_note_editor_get_title(editor)));
  if (typed[0] != '\0')
    return g_steal_pointer(&typed);
  g_autofree char *first = g_strndup(text, strcspn(text, "\n"));
  g_strstrip(first);
  if (first[0] == '\0')
    return g_strdup(_("Untitled Note"));
  if (g_utf8_strlen(first, -1) > TITLE_FROM_TEXT_MAX)
    *g_utf8_offset_to_pointer(first, TITLE_FROM_TEXT_MAX) = '\0';
  return g_steal_pointer(&first);
}

/* Queues a save of what the editor holds now. */
static void queue_save(AmanatNotesPage *self) {
  AmanatNoteEditor *editor = self->note_editor;
  SaveData *save = g_new0(SaveData, 1);
  save->page = g_object_ref(self);
  save->generation = self->generation;
  save->changes = amanat_note_editor_get_changes(editor);
  save->id = g_strdup(amanat_note_editor_get_id(editor));
  save->text = amanat_note_editor_dup_text(editor);
  save->text_len = strlen(save->text);
  save->title = dup_title(editor, save->text);
  save->text_modified = amanat_note_editor_get_text_modified(editor);
  if (save->id == NULL) {
    if (self->new_note == NULL || self->new_note_generation != self->generation) {
      g_clear_pointer(&self->new_note, new_note_id_unref);
      self->new_note = g_atomic_rc_box_new0(NewNoteId);
      self->new_note_generation = self->generation;
    }
    save->new_note = new_note_id_ref(self->new_note);
  }
  amanat_note_editor_set_status(editor, _("Saving…"));
  amanat_session_run(self->session, save_job, save, save_data_free, NULL, save_done_cb, save);
}

void amanat_notes_page_save(AmanatNotesPage *self) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  if (!unlocked(self) || g_strcmp0(amanat_notes_page_get_mode(self), "editor") != 0)
    return;
  /* A new note is saved even when empty: the person asked for it. */
  if (!amanat_note_editor_get_modified(self->note_editor) &&
      amanat_note_editor_get_id(self->note_editor) != NULL)
    return;
  queue_save(self);
}

/* Saves before the editor moves on to another note. */
static void save_if_modified(AmanatNotesPage *self) {
  if (unlocked(self) && g_strcmp0(amanat_notes_page_get_mode(self), "editor") == 0 &&
      amanat_note_editor_get_modified(self->note_editor))
    queue_save(self);
}

/* ---- Deleting ---------------------------------------------------------------------- */

static int delete_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  if (*vault == NULL)
    return AMANAT_E_NOT_ALLOWED;
  return amanat_doc_delete(*vault, data);
}

static void delete_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatNotesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (!unlocked(self))
    return;
  if (rc < 0)
    show_message(self, error->message);
  amanat_notes_page_reload(self);
}

void amanat_notes_page_commit_pending_delete(AmanatNotesPage *self) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  if (self->pending_delete == NULL)
    return;

  g_autoptr(AmanatDocument) doc = g_steal_pointer(&self->pending_delete);
  if (self->session != NULL)
    amanat_session_run(self->session, delete_job, g_strdup(amanat_document_get_id(doc)), g_free,
                       NULL, delete_done_cb, g_object_ref(self));
  if (self->pending_toast != NULL) {
    g_autoptr(AdwToast) toast = g_steal_pointer(&self->pending_toast);
    adw_toast_dismiss(toast);
  }
}

void amanat_notes_page_undo_delete(AmanatNotesPage *self) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  if (self->pending_delete == NULL)
    return;
  g_autoptr(AmanatDocument) doc = g_steal_pointer(&self->pending_delete);
  if (self->pending_toast != NULL) {
    g_autoptr(AdwToast) toast = g_steal_pointer(&self->pending_toast);
    adw_toast_dismiss(toast);
  }
  amanat_notes_page_reload(self);
  amanat_notes_page_open_note(self, amanat_document_get_id(doc));
}

static void on_undo_clicked_cb(AdwToast *toast, AmanatNotesPage *self) {
  if (toast == self->pending_toast)
    amanat_notes_page_undo_delete(self);
}

void amanat_notes_page_delete(AmanatNotesPage *self) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  if (!unlocked(self) || g_strcmp0(amanat_notes_page_get_mode(self), "editor") != 0)
    return;
  const char *id = amanat_note_editor_get_id(self->note_editor);
  if (id == NULL) {
    /* Never saved: nothing to delete in the vault. */
    set_mode(self, "none");
    adw_leaflet_set_visible_child_name(self->leaflet, "list");
    return;
  }
  amanat_notes_page_commit_pending_delete(self);

  g_autofree char *note_id = g_strdup(id);
  for (guint i = 0; i < g_list_model_get_n_items(G_LIST_MODEL(self->store)); i++) {
    g_autoptr(AmanatDocument) doc = g_list_model_get_item(G_LIST_MODEL(self->store), i);
    if (strcmp(amanat_document_get_id(doc), note_id) == 0) {
      self->pending_delete = g_object_ref(doc);
      g_list_store_remove(self->store, i);
      break;
    }
  }
  self->generation++;
  set_mode(self, "none");
  adw_leaflet_set_visible_child_name(self->leaflet, "list");
  update_list_stack(self);
  if (self->pending_delete == NULL)
    return; /* not listed yet: reload, and leave it */

  g_autofree char *escaped =
      g_markup_escape_text(amanat_document_get_display_title(self->pending_delete), -1);
  g_autofree char *title = amanat_bidi_isolate(escaped);
  /* Translators: shown in a toast with an Undo button; %s is the note's title. */
  g_autofree char *text = g_strdup_printf(_("“%s” deleted"), title);
  AdwToast *toast = adw_toast_new(text);
  adw_toast_set_button_label(toast, _("_Undo"));
  adw_toast_set_priority(toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect(toast, "button-clicked", G_CALLBACK(on_undo_clicked_cb), self);
  self->pending_toast = g_object_ref(toast);
  show_toast(self, toast);
}

/* ---- Callbacks and actions --------------------------------------------------------- */

static void on_search_changed_cb(AmanatNotesPage *self) {
  gtk_string_filter_set_search(self->filter,
                               gtk_editable_get_text(GTK_EDITABLE(self->search_entry)));
  update_list_stack(self);
}

static void on_stop_search_cb(AmanatNotesPage *self) {
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
}

static void on_row_activated_cb(AmanatNotesPage *self, guint position) {
  g_autoptr(AmanatDocument) doc = g_list_model_get_item(G_LIST_MODEL(self->filtered), position);
  if (doc != NULL)
    amanat_notes_page_open_note(self, amanat_document_get_id(doc));
}

static void new_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_notes_page_new_note(AMANAT_NOTES_PAGE(widget));
}

static void save_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_notes_page_save(AMANAT_NOTES_PAGE(widget));
}

static void delete_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_notes_page_delete(AMANAT_NOTES_PAGE(widget));
}

static void back_action(GtkWidget *widget, const char *name, GVariant *param) {
  AmanatNotesPage *self = AMANAT_NOTES_PAGE(widget);
  adw_leaflet_set_visible_child_name(self->leaflet, "list");
  gtk_widget_grab_focus(GTK_WIDGET(self->list_view));
}

static void search_action(GtkWidget *widget, const char *name, GVariant *param) {
  amanat_notes_page_focus_search(AMANAT_NOTES_PAGE(widget));
}

/* ---- GObject ----------------------------------------------------------------------- */

static void amanat_notes_page_map(GtkWidget *widget) {
  GTK_WIDGET_CLASS(amanat_notes_page_parent_class)->map(widget);
  /* Notes may have been added or deleted on the documents page meanwhile. */
  amanat_notes_page_reload(AMANAT_NOTES_PAGE(widget));
}

static void amanat_notes_page_dispose(GObject *object) {
  AmanatNotesPage *self = AMANAT_NOTES_PAGE(object);

  if (self->toasts != NULL) {
    amanat_notes_page_commit_pending_delete(self);
    dismiss_toasts(self);
  }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data(self->session, self);
  g_clear_object(&self->session);
  g_clear_object(&self->pending_delete);
  g_clear_pointer(&self->new_note, new_note_id_unref);
  g_clear_pointer(&self->toasts, g_ptr_array_unref);
  if (self->list_view != NULL)
    gtk_list_view_set_model(self->list_view, NULL);
  g_clear_object(&self->selection);
  g_clear_object(&self->filtered);
  g_clear_object(&self->store);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_NOTES_PAGE);

  G_OBJECT_CLASS(amanat_notes_page_parent_class)->dispose(object);
}

static void amanat_notes_page_class_init(AmanatNotesPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_notes_page_dispose;
  widget_class->map = amanat_notes_page_map;

  g_type_ensure(AMANAT_TYPE_DOCUMENT);
  g_type_ensure(AMANAT_TYPE_NOTE_EDITOR);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-notes-page.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatNotesPage, toast_overlay);
  gtk_widget_class_bind_template_child(widget_class, AmanatNotesPage, leaflet);
  gtk_widget_class_bind_template_child(widget_class, AmanatNotesPage, search_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatNotesPage, list_stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatNotesPage, list_view);
  gtk_widget_class_bind_template_child(widget_class, AmanatNotesPage, detail_stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatNotesPage, note_editor);
  gtk_widget_class_bind_template_callback(widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback(widget_class, on_row_activated_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action(widget_class, "notes.new", NULL, new_action);
  gtk_widget_class_install_action(widget_class, "notes.save", NULL, save_action);
  gtk_widget_class_install_action(widget_class, "notes.delete", NULL, delete_action);
  gtk_widget_class_install_action(widget_class, "notes.back", NULL, back_action);
  gtk_widget_class_install_action(widget_class, "notes.search", NULL, search_action);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "notes.save",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "notes.search",
                                      NULL);
}

static void amanat_notes_page_init(AmanatNotesPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->toasts = g_ptr_array_new_with_free_func(g_object_unref);

  self->store = g_list_store_new(AMANAT_TYPE_DOCUMENT);
  self->filter = gtk_string_filter_new(
      gtk_property_expression_new(AMANAT_TYPE_DOCUMENT, NULL, "display-title"));
  gtk_string_filter_set_match_mode(self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case(self->filter, TRUE);
  self->filtered =
      gtk_filter_list_model_new(g_object_ref(G_LIST_MODEL(self->store)), GTK_FILTER(self->filter));
  self->selection = gtk_single_selection_new(g_object_ref(G_LIST_MODEL(self->filtered)));
  gtk_single_selection_set_autoselect(self->selection, FALSE);
  gtk_single_selection_set_can_unselect(self->selection, TRUE);
  gtk_list_view_set_model(self->list_view, GTK_SELECTION_MODEL(self->selection));
  update_list_stack(self);
  update_actions(self);
}

void amanat_notes_page_set_session(AmanatNotesPage *self, AmanatSession *session) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
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

GListModel *amanat_notes_page_get_model(AmanatNotesPage *self) {
  g_return_val_if_fail(AMANAT_IS_NOTES_PAGE(self), NULL);
  return G_LIST_MODEL(self->filtered);
}

void amanat_notes_page_reload(AmanatNotesPage *self) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  if (!unlocked(self))
    return;
  ListData *list = g_new0(ListData, 1);
  list->page = g_object_ref(self);
  list->epoch = self->epoch;
  list->notes = g_ptr_array_new_with_free_func(g_object_unref);
  amanat_session_run(self->session, list_job, list, list_data_free, NULL, list_done_cb, list);
}

void amanat_notes_page_open_note(AmanatNotesPage *self, const char *id) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  g_return_if_fail(id != NULL);
  if (!unlocked(self))
    return;
  save_if_modified(self);
  OpenData *open = g_new0(OpenData, 1);
  open->page = g_object_ref(self);
  open->generation = ++self->generation;
  open->id = g_strdup(id);
  amanat_session_run(self->session, open_job, open, open_data_free, NULL, open_done_cb, open);
}

void amanat_notes_page_new_note(AmanatNotesPage *self) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  if (!unlocked(self))
    return;
  save_if_modified(self);
  self->generation++; /* a note still being read must not replace the new one */
  set_mode(self, "editor");
  amanat_note_editor_load(self->note_editor, NULL, "", "", 0);
  amanat_note_editor_focus(self->note_editor);
}

void amanat_notes_page_focus_search(AmanatNotesPage *self) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  adw_leaflet_set_visible_child_name(self->leaflet, "list");
  gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

const char *amanat_notes_page_get_mode(AmanatNotesPage *self) {
  g_return_val_if_fail(AMANAT_IS_NOTES_PAGE(self), NULL);
  return gtk_stack_get_visible_child_name(self->detail_stack);
}

AmanatNoteEditor *amanat_notes_page_get_editor(AmanatNotesPage *self) {
  g_return_val_if_fail(AMANAT_IS_NOTES_PAGE(self), NULL);
  return self->note_editor;
}

void amanat_notes_page_prepare_lock(AmanatNotesPage *self) {
  g_return_if_fail(AMANAT_IS_NOTES_PAGE(self));
  save_if_modified(self);
  amanat_notes_page_commit_pending_delete(self);
  clear_all(self);
}
