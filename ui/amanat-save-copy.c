/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-save-copy.c: the one way a document leaves the vault in plaintext, so the person is
 * told so before choosing where. The core writes the copy under a hidden name in the chosen
 * folder and renames it only once every chunk verified: a cancelled or failed copy leaves
 * nothing. Progress is published in an atomic that a timer reads, as the import does. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdatomic.h>
#include <string.h>

#include "amanat-bidi.h"
#include "amanat-error-message.h"
#include "amanat-save-copy.h"

struct _AmanatSaveCopy {
  GObject parent_instance;

  AmanatSession *session;
  char *id;
  char *suggested_name;
  GtkWindow *parent;          /* weak */
  AdwMessageDialog *dialog;   /* weak: the warning, then the progress */
  AmanatFileChooser *chooser; /* weak */
  GtkProgressBar *progress_bar;
  GCancellable *cancellable;
  guint progress_source;
  gboolean writing;
  gboolean finished;
  _Atomic int permille; /* written on the worker */
};

G_DEFINE_FINAL_TYPE(AmanatSaveCopy, amanat_save_copy, G_TYPE_OBJECT)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void set_weak(gpointer *slot, gpointer object) {
  if (*slot != NULL)
    g_object_remove_weak_pointer(G_OBJECT(*slot), slot);
  *slot = object;
  if (object != NULL)
    g_object_add_weak_pointer(G_OBJECT(object), slot);
}

static void close_windows(AmanatSaveCopy *self) {
  if (self->dialog != NULL) {
    GtkWindow *dialog = GTK_WINDOW(self->dialog);
    g_signal_handlers_disconnect_by_data(dialog, self);
    set_weak((gpointer *)&self->dialog, NULL);
    gtk_window_destroy(dialog);
  }
  if (self->chooser != NULL) {
    GtkWindow *chooser = GTK_WINDOW(self->chooser);
    g_signal_handlers_disconnect_by_data(chooser, self);
    set_weak((gpointer *)&self->chooser, NULL);
    gtk_window_destroy(chooser);
  }
  self->progress_bar = NULL;
}

/* Ends the run once: `message` NULL when there is nothing to say. */
static void finish(AmanatSaveCopy *self, const char *message, gboolean saved) {
  if (self->finished)
    return;
  self->finished = TRUE;
  self->writing = FALSE;
  g_clear_handle_id(&self->progress_source, g_source_remove);
  close_windows(self);
  g_object_ref(self);
  g_signal_emit(self, signals[SIGNAL_FINISHED], 0, message, saved);
  g_object_unref(self);
}

/* A file name from the title: no folder separators, no hidden name; notes get ".txt". */
static char *suggested_name(const char *title, amanat_doc_kind kind) {
  g_autofree char *name = g_strdup(title != NULL ? title : "");
  g_strdelimit(name, "/\\", '-');
  const char *start = name;
  while (*start == '.' || g_ascii_isspace(*start))
    start++;
  if (*start == '\0')
    /* Translators: the file name offered for a copy of a document without a title. */
    start = _("Untitled");
  if (kind == AMANAT_DOC_NOTE && strchr(start, '.') == NULL)
    return g_strconcat(start, ".txt", NULL);
  return g_strdup(start);
}

static char *error_sentence(int err, const char *path) {
  switch (err) {
  case AMANAT_E_CANCELLED:
    return g_strdup(_("Cancelled: no copy was saved."));
  case AMANAT_E_EXISTS: {
    g_autofree char *basename = g_filename_display_basename(path);
    g_autofree char *name = amanat_bidi_ltr(basename);
    /* Translators: %s is the file name the person chose for the copy. */
    return g_strdup_printf(_("There is already a file named “%s” there. Nothing was saved: "
                             "choose another name."),
                           name);
  }
  case AMANAT_E_IO:
    return g_strdup(_("The copy could not be written. Check the drive or folder and try "
                      "again. Nothing was left there."));
  default:
    return g_strdup(amanat_error_message(err));
  }
}

/* ---- Writing ----------------------------------------------------------------------- */

typedef struct {
  AmanatSaveCopy *self;
  char *path;
} WriteData;

static void write_data_free(gpointer data) {
  WriteData *write = data;
  g_object_unref(write->self);
  g_free(write->path);
  g_free(write);
}

static int on_write_progress(uint64_t done, uint64_t total, void *user_data) {
  AmanatSaveCopy *self = user_data;
  atomic_store(&self->permille, total > 0 ? (int)(MIN(done, total) * 1000 / total) : 0);
  return g_cancellable_is_cancelled(self->cancellable) ? 1 : 0;
}

/* Runs on the session's worker. */
static int write_job(amanat_vault **vault, const char *dir, gpointer data,
                     GCancellable *cancellable) {
  WriteData *write = data;
  if (*vault == NULL || g_cancellable_is_cancelled(cancellable))
    return AMANAT_E_CANCELLED;
  return amanat_doc_export_path(*vault, write->self->id, write->path, on_write_progress,
                                write->self);
}

static void write_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  WriteData *write = user_data;
  AmanatSaveCopy *self = write->self;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (rc >= 0) {
    g_autofree char *basename = g_filename_display_basename(write->path);
    g_autofree char *name = amanat_bidi_ltr(basename);
    /* Translators: %s is the file name of the copy, outside the vault. */
    g_autofree char *text = g_strdup_printf(_("Copy saved as “%s”. It is not encrypted."), name);
    finish(self, text, TRUE);
    return;
  }
  /* Anything but a core error means the session closed under the copy. */
  int err = error->domain == AMANAT_CORE_ERROR ? error->code : AMANAT_E_CANCELLED;
  g_autofree char *text = error_sentence(err, write->path);
  finish(self, text, FALSE);
}

static gboolean update_progress_cb(gpointer user_data) {
  AmanatSaveCopy *self = user_data;
  if (self->progress_bar != NULL)
    gtk_progress_bar_set_fraction(self->progress_bar, amanat_save_copy_get_fraction(self));
  return G_SOURCE_CONTINUE;
}

static void on_progress_response_cb(AdwMessageDialog *dialog, const char *response,
                                    AmanatSaveCopy *self) {
  /* The dialog closes itself; the job stops at its next chunk and reports. */
  set_weak((gpointer *)&self->dialog, NULL);
  self->progress_bar = NULL;
  g_cancellable_cancel(self->cancellable);
}

static void show_progress(AmanatSaveCopy *self) {
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(
      self->parent, _("Saving a Copy…"),
      _("Each part is checked as it is written. Keep the drive connected until this is done.")));
  gtk_window_set_modal(GTK_WINDOW(dialog), TRUE);
  GtkWidget *bar = gtk_progress_bar_new();
  gtk_accessible_update_property(GTK_ACCESSIBLE(bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 _("Saving a copy"), -1);
  adw_message_dialog_set_extra_child(dialog, bar);
  adw_message_dialog_add_response(dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response(dialog, "cancel");
  g_signal_connect(dialog, "response", G_CALLBACK(on_progress_response_cb), self);
  set_weak((gpointer *)&self->dialog, dialog);
  self->progress_bar = GTK_PROGRESS_BAR(bar);
  gtk_window_present(GTK_WINDOW(dialog));
}

/* ---- Warning and chooser ----------------------------------------------------------- */

static void on_file_chosen_cb(AmanatFileChooser *chooser, GListModel *files, AmanatSaveCopy *self) {
  set_weak((gpointer *)&self->chooser, NULL);
  g_autoptr(GFile) file =
      g_list_model_get_n_items(files) > 0 ? g_list_model_get_item(files, 0) : NULL;
  g_autofree char *path = file != NULL ? g_file_get_path(file) : NULL;
  if (path == NULL) {
    finish(self, _("Amanat can save copies only to folders on this computer or its drives."),
           FALSE);
    return;
  }
  amanat_save_copy_write(self, path);
}

static void on_chooser_destroy_cb(AmanatFileChooser *chooser, AmanatSaveCopy *self) {
  /* Closed without choosing (a choice disconnects this first). */
  set_weak((gpointer *)&self->chooser, NULL);
  if (!self->writing)
    finish(self, NULL, FALSE);
}

static void open_chooser(AmanatSaveCopy *self) {
  AmanatFileChooser *chooser = amanat_file_chooser_new_for(
      self->parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save a Copy"), _("_Save"));
  gtk_file_chooser_set_current_name(amanat_file_chooser_get_chooser(chooser), self->suggested_name);
  set_weak((gpointer *)&self->chooser, chooser);
  g_signal_connect(chooser, "files-chosen", G_CALLBACK(on_file_chosen_cb), self);
  g_signal_connect(chooser, "destroy", G_CALLBACK(on_chooser_destroy_cb), self);
  gtk_window_present(GTK_WINDOW(chooser));
}

static void on_warning_response_cb(AdwMessageDialog *dialog, const char *response,
                                   AmanatSaveCopy *self) {
  set_weak((gpointer *)&self->dialog, NULL);
  if (g_strcmp0(response, "choose") == 0)
    open_chooser(self);
  else
    finish(self, NULL, FALSE);
}

static void show_warning(AmanatSaveCopy *self) {
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(
      self->parent, _("Save an Unencrypted Copy?"),
      _("The copy is saved outside the vault and is not encrypted. Anyone who can open that "
        "folder or drive can read it, and Amanat can neither lock nor wipe it. Deleting it "
        "later may not remove every trace from the disk.")));
  gtk_window_set_modal(GTK_WINDOW(dialog), TRUE);
  adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "choose",
                                   _("_Choose Where to Save…"), NULL);
  adw_message_dialog_set_response_appearance(dialog, "choose", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response(dialog, "cancel");
  adw_message_dialog_set_close_response(dialog, "cancel");
  g_signal_connect(dialog, "response", G_CALLBACK(on_warning_response_cb), self);
  set_weak((gpointer *)&self->dialog, dialog);
  gtk_window_present(GTK_WINDOW(dialog));
}

/* ---- Reading the title ------------------------------------------------------------- */

typedef struct {
  AmanatSaveCopy *self;
  char *title;
  amanat_doc_kind kind;
} ShowData;

static void show_data_free(gpointer data) {
  ShowData *show = data;
  g_object_unref(show->self);
  g_free(show->title);
  g_free(show);
}

static int copy_title(const amanat_doc_info *doc, void *user_data) {
  ShowData *show = user_data;
  show->title = g_strdup(doc->title);
  show->kind = doc->kind;
  return 0;
}

static int show_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  ShowData *show = data;
  if (*vault == NULL || g_cancellable_is_cancelled(cancellable))
    return AMANAT_E_CANCELLED;
  return amanat_doc_show(*vault, show->self->id, copy_title, show);
}

static void show_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  ShowData *show = user_data;
  AmanatSaveCopy *self = show->self;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  if (self->finished)
    return;
  if (rc < 0) {
    gboolean core = error->domain == AMANAT_CORE_ERROR && error->code != AMANAT_E_CANCELLED;
    finish(self, core ? error->message : NULL, FALSE);
    return;
  }
  g_free(self->suggested_name);
  self->suggested_name = suggested_name(show->title, show->kind);
  show_warning(self);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void amanat_save_copy_dispose(GObject *object) {
  AmanatSaveCopy *self = AMANAT_SAVE_COPY(object);

  g_cancellable_cancel(self->cancellable);
  g_clear_handle_id(&self->progress_source, g_source_remove);
  close_windows(self);
  set_weak((gpointer *)&self->parent, NULL);
  g_clear_object(&self->session);

  G_OBJECT_CLASS(amanat_save_copy_parent_class)->dispose(object);
}

static void amanat_save_copy_finalize(GObject *object) {
  AmanatSaveCopy *self = AMANAT_SAVE_COPY(object);

  g_clear_object(&self->cancellable);
  g_free(self->id);
  g_free(self->suggested_name);

  G_OBJECT_CLASS(amanat_save_copy_parent_class)->finalize(object);
}

static void amanat_save_copy_class_init(AmanatSaveCopyClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->dispose = amanat_save_copy_dispose;
  object_class->finalize = amanat_save_copy_finalize;

  /**
   * AmanatSaveCopy::finished:
   * @message: (nullable): a sentence for the person, NULL when they backed out
   * @saved: whether the copy was written
   */
  signals[SIGNAL_FINISHED] =
      g_signal_new("finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void amanat_save_copy_init(AmanatSaveCopy *self) {
  self->cancellable = g_cancellable_new();
}

AmanatSaveCopy *amanat_save_copy_new(AmanatSession *session, const char *id) {
  g_return_val_if_fail(AMANAT_IS_SESSION(session), NULL);
  g_return_val_if_fail(id != NULL, NULL);

  AmanatSaveCopy *self = g_object_new(AMANAT_TYPE_SAVE_COPY, NULL);
  self->session = g_object_ref(session);
  self->id = g_strdup(id);
  return self;
}

const char *amanat_save_copy_get_id(AmanatSaveCopy *self) {
  g_return_val_if_fail(AMANAT_IS_SAVE_COPY(self), NULL);
  return self->id;
}

void amanat_save_copy_start(AmanatSaveCopy *self, GtkWindow *parent) {
  g_return_if_fail(AMANAT_IS_SAVE_COPY(self));
  if (self->finished || self->suggested_name != NULL)
    return;
  set_weak((gpointer *)&self->parent, parent);
  ShowData *show = g_new0(ShowData, 1);
  show->self = g_object_ref(self);
  amanat_session_run(self->session, show_job, show, show_data_free, self->cancellable, show_done_cb,
                     show);
}

void amanat_save_copy_write(AmanatSaveCopy *self, const char *path) {
  g_return_if_fail(AMANAT_IS_SAVE_COPY(self));
  g_return_if_fail(path != NULL);
  if (self->finished || self->writing)
    return;
  close_windows(self);
  /* Checked here as well as in the core, to say so before a progress dialog flashes by. */
  if (g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_autofree char *text = error_sentence(AMANAT_E_EXISTS, path);
    finish(self, text, FALSE);
    return;
  }
  self->writing = TRUE;
  atomic_store(&self->permille, 0);
  show_progress(self);
  self->progress_source = g_timeout_add(100, update_progress_cb, self);
  WriteData *write = g_new0(WriteData, 1);
  write->self = g_object_ref(self);
  write->path = g_strdup(path);
  amanat_session_run(self->session, write_job, write, write_data_free, self->cancellable,
                     write_done_cb, write);
}

void amanat_save_copy_cancel(AmanatSaveCopy *self) {
  g_return_if_fail(AMANAT_IS_SAVE_COPY(self));
  g_cancellable_cancel(self->cancellable);
  close_windows(self);
  /* A copy being written reports itself when the worker stops. */
  if (!self->writing)
    finish(self, NULL, FALSE);
}

AdwMessageDialog *amanat_save_copy_get_dialog(AmanatSaveCopy *self) {
  g_return_val_if_fail(AMANAT_IS_SAVE_COPY(self), NULL);
  return self->dialog;
}

AmanatFileChooser *amanat_save_copy_get_chooser(AmanatSaveCopy *self) {
  g_return_val_if_fail(AMANAT_IS_SAVE_COPY(self), NULL);
  return self->chooser;
}

gboolean amanat_save_copy_get_writing(AmanatSaveCopy *self) {
  g_return_val_if_fail(AMANAT_IS_SAVE_COPY(self), FALSE);
  return self->writing;
}

double amanat_save_copy_get_fraction(AmanatSaveCopy *self) {
  g_return_val_if_fail(AMANAT_IS_SAVE_COPY(self), 0.0);
  return CLAMP(atomic_load(&self->permille) / 1000.0, 0.0, 1.0);
}
