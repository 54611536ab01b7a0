/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-notes-page.h: the notes of the unlocked vault (documents of kind AMANAT_DOC_NOTE):
 * a list filtered by title, and an editor beside it, or instead of it on a narrow window. */
#pragma once

#include <adwaita.h>

#include "amanat-note-editor.h"
#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_NOTES_PAGE (amanat_notes_page_get_type())
G_DECLARE_FINAL_TYPE(AmanatNotesPage, amanat_notes_page, AMANAT, NOTES_PAGE, GtkWidget)

/* Largest note the editor opens. */
#define AMANAT_NOTE_MAX_BYTES (16u << 20)

/* Shows the notes of `session`; the page reloads itself when the vault is unlocked or the
 * page is shown, and empties itself when the vault locks. */
void amanat_notes_page_set_session(AmanatNotesPage *self, AmanatSession *session);

/* The notes the list shows (AmanatDocument, filtered by the search). */
GListModel *amanat_notes_page_get_model(AmanatNotesPage *self);
void amanat_notes_page_reload(AmanatNotesPage *self);

/* Reads note `id` into the editor (on the session's worker). */
void amanat_notes_page_open_note(AmanatNotesPage *self, const char *id);
/* An empty editor for a new note. */
void amanat_notes_page_new_note(AmanatNotesPage *self);
/* Saves the editor's note into the vault (nothing happens when nothing changed). */
void amanat_notes_page_save(AmanatNotesPage *self);
/* Deletes the note open once its undo toast goes away without Undo. */
void amanat_notes_page_delete(AmanatNotesPage *self);
void amanat_notes_page_undo_delete(AmanatNotesPage *self);
void amanat_notes_page_commit_pending_delete(AmanatNotesPage *self);

void amanat_notes_page_focus_search(AmanatNotesPage *self);
/* "none" or "editor". */
const char *amanat_notes_page_get_mode(AmanatNotesPage *self);
AmanatNoteEditor *amanat_notes_page_get_editor(AmanatNotesPage *self);

/* Before the vault locks: saves a modified note into the vault (encrypted, like any save),
 * commits a pending deletion, then empties the list, the editor, the search and the
 * toasts. */
void amanat_notes_page_prepare_lock(AmanatNotesPage *self);

G_END_DECLS
