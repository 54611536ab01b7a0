/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-note-editor.c: see amanat-note-editor.h. A plain GtkTextView: GtkSourceView and
 * other editors can write backups or session files, and this one must not. Loading and
 * clearing bypass the undo history, so "Undo" never brings back a closed note. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "amanat-note-editor.h"

struct _AmanatNoteEditor {
  GtkWidget parent_instance;

  char *id;
  gboolean modified;
  gboolean text_modified;
  gboolean loading; /* changes made by load/clear are not the person's */
  guint changes;
  char *status;

  GtkEntry *title_entry;
  GtkLabel *status_label;
  GtkTextView *text_view;
};

G_DEFINE_FINAL_TYPE(AmanatNoteEditor, amanat_note_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODIFIED,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void update_status(AmanatNoteEditor *self) {
  const char *text;
  if (self->status != NULL)
    text = self->status;
  else if (self->modified)
    text = _("Not saved yet. Ctrl+S saves it into the vault, encrypted.");
  else if (self->id == NULL)
    text = _("A new note. It is saved only into the vault, encrypted.");
  else
    text = _("Saved in the vault.");
  gtk_label_set_text(self->status_label, text);
}

static void set_modified(AmanatNoteEditor *self, gboolean modified) {
  g_clear_pointer(&self->status, g_free);
  if (self->modified != modified) {
    self->modified = modified;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_MODIFIED]);
  }
  update_status(self);
}

static void on_title_changed_cb(AmanatNoteEditor *self) {
  if (self->loading)
    return;
  self->changes++;
  set_modified(self, TRUE);
}

static void on_text_changed_cb(AmanatNoteEditor *self) {
  if (self->loading)
    return;
  self->changes++;
  self->text_modified = TRUE;
  set_modified(self, TRUE);
}

/* Replaces the text without an undo step, and drops the history of the old note. */
static void replace_text(AmanatNoteEditor *self, const char *text, gsize len) {
  GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->text_view);
  self->loading = TRUE;
  gtk_text_buffer_set_enable_undo(buffer, FALSE);
  gtk_text_buffer_set_text(buffer, text, (int)len);
  gtk_text_buffer_set_enable_undo(buffer, TRUE);
  GtkTextIter start;
  gtk_text_buffer_get_start_iter(buffer, &start);
  gtk_text_buffer_place_cursor(buffer, &start);
  gtk_text_buffer_set_modified(buffer, FALSE);
  self->loading = FALSE;
}

static void amanat_note_editor_get_property(GObject *object, guint prop_id, GValue *value,
                                            GParamSpec *pspec) {
  AmanatNoteEditor *self = AMANAT_NOTE_EDITOR(object);

  switch (prop_id) {
  case PROP_MODIFIED:
    g_value_set_boolean(value, self->modified);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void amanat_note_editor_dispose(GObject *object) {
  AmanatNoteEditor *self = AMANAT_NOTE_EDITOR(object);

  if (self->text_view != NULL)
    amanat_note_editor_clear(self);
  g_clear_pointer(&self->id, g_free);
  g_clear_pointer(&self->status, g_free);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_NOTE_EDITOR);
  for (GtkWidget *child; (child = gtk_widget_get_first_child(GTK_WIDGET(self))) != NULL;)
    gtk_widget_unparent(child);

  G_OBJECT_CLASS(amanat_note_editor_parent_class)->dispose(object);
}

static void amanat_note_editor_class_init(AmanatNoteEditorClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->get_property = amanat_note_editor_get_property;
  object_class->dispose = amanat_note_editor_dispose;

  properties[PROP_MODIFIED] = g_param_spec_boolean("modified", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/amanat/Amanat/amanat-note-editor.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatNoteEditor, title_entry);
  gtk_widget_class_bind_template_child(widget_class, AmanatNoteEditor, status_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatNoteEditor, text_view);
  gtk_widget_class_bind_template_callback(widget_class, on_title_changed_cb);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void amanat_note_editor_init(AmanatNoteEditor *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  g_signal_connect_swapped(gtk_text_view_get_buffer(self->text_view), "changed",
                           G_CALLBACK(on_text_changed_cb), self);
  update_status(self);
}

void amanat_note_editor_load(AmanatNoteEditor *self, const char *id, const char *title,
                             const char *text, gsize text_len) {
  g_return_if_fail(AMANAT_IS_NOTE_EDITOR(self));

  g_free(self->id);
  self->id = g_strdup(id);
  self->loading = TRUE;
  gtk_editable_set_text(GTK_EDITABLE(self->title_entry), title != NULL ? title : "");
  self->loading = FALSE;
  replace_text(self, text != NULL ? text : "", text != NULL ? text_len : 0);
  self->text_modified = FALSE;
  set_modified(self, FALSE);
}

void amanat_note_editor_clear(AmanatNoteEditor *self) {
  g_return_if_fail(AMANAT_IS_NOTE_EDITOR(self));
  amanat_note_editor_load(self, NULL, "", "", 0);
}

const char *amanat_note_editor_get_id(AmanatNoteEditor *self) {
  g_return_val_if_fail(AMANAT_IS_NOTE_EDITOR(self), NULL);
  return self->id;
}

gboolean amanat_note_editor_get_modified(AmanatNoteEditor *self) {
  g_return_val_if_fail(AMANAT_IS_NOTE_EDITOR(self), FALSE);
  return self->modified;
}

gboolean amanat_note_editor_get_text_modified(AmanatNoteEditor *self) {
  g_return_val_if_fail(AMANAT_IS_NOTE_EDITOR(self), FALSE);
  return self->text_modified;
}

const char *amanat_note_editor_get_title(AmanatNoteEditor *self) {
  g_return_val_if_fail(AMANAT_IS_NOTE_EDITOR(self), NULL);
  return gtk_editable_get_text(GTK_EDITABLE(self->title_entry));
}

char *amanat_note_editor_dup_text(AmanatNoteEditor *self) {
  g_return_val_if_fail(AMANAT_IS_NOTE_EDITOR(self), NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->text_view);
  GtkTextIter start, end;
  gtk_text_buffer_get_bounds(buffer, &start, &end);
  return gtk_text_buffer_get_text(buffer, &start, &end, FALSE);
}

void amanat_note_editor_free_text(char *text) {
  if (text == NULL)
    return;
  sodium_memzero(text, strlen(text));
  g_free(text);
}

guint amanat_note_editor_get_changes(AmanatNoteEditor *self) {
  g_return_val_if_fail(AMANAT_IS_NOTE_EDITOR(self), 0);
  return self->changes;
}

void amanat_note_editor_set_saved(AmanatNoteEditor *self, const char *id, const char *title,
                                  guint changes) {
  g_return_if_fail(AMANAT_IS_NOTE_EDITOR(self));
  g_return_if_fail(id != NULL);

  g_free(self->id);
  self->id = g_strdup(id);
  if (changes != self->changes)
    return; /* typed on while it was saved: still modified */
  if (title != NULL && g_strcmp0(title, amanat_note_editor_get_title(self)) != 0) {
    self->loading = TRUE;
    gtk_editable_set_text(GTK_EDITABLE(self->title_entry), title);
    self->loading = FALSE;
  }
  self->text_modified = FALSE;
  set_modified(self, FALSE);
}

void amanat_note_editor_set_status(AmanatNoteEditor *self, const char *message) {
  g_return_if_fail(AMANAT_IS_NOTE_EDITOR(self));
  g_free(self->status);
  self->status = g_strdup(message);
  update_status(self);
}

void amanat_note_editor_focus(AmanatNoteEditor *self) {
  g_return_if_fail(AMANAT_IS_NOTE_EDITOR(self));
  if (self->id == NULL && gtk_editable_get_text(GTK_EDITABLE(self->title_entry))[0] == '\0')
    gtk_widget_grab_focus(GTK_WIDGET(self->title_entry));
  else
    gtk_widget_grab_focus(GTK_WIDGET(self->text_view));
}

GtkEditable *amanat_note_editor_get_title_entry(AmanatNoteEditor *self) {
  g_return_val_if_fail(AMANAT_IS_NOTE_EDITOR(self), NULL);
  return GTK_EDITABLE(self->title_entry);
}

GtkTextBuffer *amanat_note_editor_get_buffer(AmanatNoteEditor *self) {
  g_return_val_if_fail(AMANAT_IS_NOTE_EDITOR(self), NULL);
  return gtk_text_view_get_buffer(self->text_view);
}
