/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-note-editor.h: a note's title and text, with Save (notes.save) and Delete
 * (notes.delete) for an ancestor to handle. It keeps the text in memory only: no autosave
 * file, no backup, no undo history that outlives the note. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMANAT_TYPE_NOTE_EDITOR (amanat_note_editor_get_type())
G_DECLARE_FINAL_TYPE(AmanatNoteEditor, amanat_note_editor, AMANAT, NOTE_EDITOR, GtkWidget)

/* Shows note `id` (NULL: a new note, not saved yet) with its title and UTF-8 text. */
void amanat_note_editor_load(AmanatNoteEditor *self, const char *id, const char *title,
                             const char *text, gsize text_len);
/* Empties title and text, and forgets the undo history. */
void amanat_note_editor_clear(AmanatNoteEditor *self);

/* The note's id, or NULL for a new note. */
const char *amanat_note_editor_get_id(AmanatNoteEditor *self);
/* Whether title or text changed since loaded or saved. */
gboolean amanat_note_editor_get_modified(AmanatNoteEditor *self);
/* Whether the text (not just the title) changed. */
gboolean amanat_note_editor_get_text_modified(AmanatNoteEditor *self);

/* The title as typed (may be empty). */
const char *amanat_note_editor_get_title(AmanatNoteEditor *self);
/* The whole text; free it with amanat_note_editor_free_text(), which overwrites it. */
char *amanat_note_editor_dup_text(AmanatNoteEditor *self);
void amanat_note_editor_free_text(char *text);

/* Counts the person's changes to title and text: a save remembers it, to tell whether
 * more was typed while it ran. */
guint amanat_note_editor_get_changes(AmanatNoteEditor *self);
/* After a save of what the editor held at `changes`: the note's (perhaps new) id and
 * title. Clears the modified flags unless more was typed since. */
void amanat_note_editor_set_saved(AmanatNoteEditor *self, const char *id, const char *title,
                                  guint changes);
/* Shows a sentence above the text ("Saved.", an error); NULL shows the usual state. */
void amanat_note_editor_set_status(AmanatNoteEditor *self, const char *message);

void amanat_note_editor_focus(AmanatNoteEditor *self);

/* For tests: the widgets. */
GtkEditable *amanat_note_editor_get_title_entry(AmanatNoteEditor *self);
GtkTextBuffer *amanat_note_editor_get_buffer(AmanatNoteEditor *self);

G_END_DECLS
