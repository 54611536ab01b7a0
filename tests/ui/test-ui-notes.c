/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-notes.c: the notes page under a virtual display: write a note, edit its text and
 * its title, find it again after lock and unlock, a modified note saved on lock, delete with
 * undo, a title taken from the first line. Saves a screenshot of the editor. */
#include "config.h"

#include <string.h>

#include "amanat-document.h"
#include "amanat-notes-page.h"
#include "ui-test-util.h"

#define TITLE "Harbour meeting"
#define TEXT  "Seven workers came.\nThey asked that no names be written down.\n"

static AmanatNotesPage *notes_page(AmanatWindow *window) {
  return AMANAT_NOTES_PAGE(amanat_window_get_notes_page(window));
}

static AmanatWindow *new_unlocked_window(char **dir_out, int width) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = amanat_window_new(ui_test_app(), dir);
  amanat_window_set_kdf_cost(window, UI_TEST_COST);
  gtk_window_set_default_size(GTK_WINDOW(window), width, 640);
  gtk_window_present(GTK_WINDOW(window));
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer(&dir);
  return window;
}

static char *buffer_text(AmanatNoteEditor *editor) {
  GtkTextBuffer *buffer = amanat_note_editor_get_buffer(editor);
  GtkTextIter start, end;
  gtk_text_buffer_get_bounds(buffer, &start, &end);
  return gtk_text_buffer_get_text(buffer, &start, &end, FALSE);
}

static guint n_notes(AmanatWindow *window) {
  return g_list_model_get_n_items(amanat_notes_page_get_model(notes_page(window)));
}

static AmanatDocument *note_at(AmanatWindow *window, guint position) {
  AmanatDocument *doc =
      g_list_model_get_item(amanat_notes_page_get_model(notes_page(window)), position);
  g_assert_nonnull(doc);
  return doc;
}

/* Ctrl+N from the documents: a new note on the notes view. */
static AmanatNoteEditor *new_note(AmanatWindow *window, const char *title, const char *text) {
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.new-item", NULL));
  g_assert_cmpstr(amanat_window_get_view(window), ==, "notes");
  AmanatNotesPage *page = notes_page(window);
  g_assert_cmpstr(amanat_notes_page_get_mode(page), ==, "editor");
  AmanatNoteEditor *editor = amanat_notes_page_get_editor(page);
  g_assert_null(amanat_note_editor_get_id(editor));
  gtk_editable_set_text(amanat_note_editor_get_title_entry(editor), title);
  gtk_text_buffer_set_text(amanat_note_editor_get_buffer(editor), text, -1);
  g_assert_true(amanat_note_editor_get_modified(editor));
  return editor;
}

static void save(AmanatWindow *window) {
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(notes_page(window)), "notes.save", NULL));
  ui_test_wait_idle(window);
}

static void test_create_edit_and_find_again(void) {
  g_autofree char *dir = NULL;
  AmanatWindow *window = new_unlocked_window(&dir, 900);
  AmanatNotesPage *page = notes_page(window);
  AmanatNoteEditor *editor = new_note(window, TITLE, TEXT);

  save(window);
  g_assert_false(amanat_note_editor_get_modified(editor));
  g_autofree char *first_id = g_strdup(amanat_note_editor_get_id(editor));
  g_assert_nonnull(first_id);
  g_assert_cmpuint(n_notes(window), ==, 1);
  g_autoptr(AmanatDocument) listed = note_at(window, 0);
  g_assert_cmpstr(amanat_document_get_title(listed), ==, TITLE);
  g_assert_cmpint(amanat_document_get_kind(listed), ==, AMANAT_DOC_NOTE);
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "notes-editor");
  /* A note is a document too. */
  amanat_window_show_view(window, "documents");
  ui_test_wait_idle(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);
  amanat_window_show_view(window, "notes");
  ui_test_wait_idle(window);

  /* Editing the text stores the new text, under the same id. */
  GtkTextBuffer *buffer = amanat_note_editor_get_buffer(editor);
  GtkTextIter end;
  gtk_text_buffer_get_end_iter(buffer, &end);
  gtk_text_buffer_insert(buffer, &end, "Next meeting on Friday.\n", -1);
  g_assert_true(amanat_note_editor_get_text_modified(editor));
  save(window);
  g_assert_false(amanat_note_editor_get_modified(editor));
  g_autofree char *second_id = g_strdup(amanat_note_editor_get_id(editor));
  g_assert_cmpstr(second_id, ==, first_id);
  g_assert_cmpuint(n_notes(window), ==, 1);
  amanat_window_show_view(window, "documents");
  ui_test_wait_idle(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1); /* the old version is gone */
  amanat_window_show_view(window, "notes");
  ui_test_wait_idle(window);

  /* Changing the title only keeps the note. */
  gtk_editable_set_text(amanat_note_editor_get_title_entry(editor), "Harbour meeting, May");
  g_assert_false(amanat_note_editor_get_text_modified(editor));
  save(window);
  g_assert_cmpstr(amanat_note_editor_get_id(editor), ==, second_id);
  g_autoptr(AmanatDocument) renamed = note_at(window, 0);
  g_assert_cmpstr(amanat_document_get_title(renamed), ==, "Harbour meeting, May");

  /* Search filters by title. */
  GtkEditable *search = ui_test_child(page, AMANAT_TYPE_NOTES_PAGE, "search_entry");
  gtk_editable_set_text(search, "may");
  ui_test_run_for(400);
  g_assert_cmpuint(n_notes(window), ==, 1);
  gtk_editable_set_text(search, "budget");
  ui_test_run_for(400);
  g_assert_cmpuint(n_notes(window), ==, 0);
  gtk_editable_set_text(search, "");
  ui_test_run_for(400);

  /* Locked: nothing of the note in any widget. */
  ui_test_lock(window);
  g_assert_cmpuint(n_notes(window), ==, 0);
  g_assert_cmpstr(amanat_notes_page_get_mode(page), ==, "none");
  g_assert_false(ui_test_widget_shows_text(GTK_WIDGET(window), "Harbour"));
  g_assert_false(ui_test_widget_shows_text(GTK_WIDGET(window), "Seven workers"));
  g_autofree char *emptied = buffer_text(editor);
  g_assert_cmpstr(emptied, ==, "");

  /* Unlocked: the note is found again, with its new text. */
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpstr(amanat_window_get_view(window), ==, "documents");
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.show-view", "s", "notes"));
  ui_test_wait_idle(window);
  g_assert_cmpuint(n_notes(window), ==, 1);
  g_autoptr(AmanatDocument) found = note_at(window, 0);
  amanat_notes_page_open_note(page, amanat_document_get_id(found));
  ui_test_wait_idle(window);
  g_autofree char *text = buffer_text(editor);
  g_assert_cmpstr(text, ==, TEXT "Next meeting on Friday.\n");
  g_assert_cmpstr(gtk_editable_get_text(amanat_note_editor_get_title_entry(editor)), ==,
                  "Harbour meeting, May");
  g_assert_false(amanat_note_editor_get_modified(editor));
  /* Opening is not an edit: nothing to undo. */
  g_assert_false(gtk_text_buffer_get_can_undo(amanat_note_editor_get_buffer(editor)));

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_modified_note_saved_on_lock(void) {
  AmanatWindow *window = new_unlocked_window(NULL, 900);
  AmanatNotesPage *page = notes_page(window);
  (void)new_note(window, "", "Shopping list\nbread, tea");

  /* Never saved by hand: the lock saves it into the vault. */
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  amanat_window_show_view(window, "notes");
  ui_test_wait_idle(window);
  g_assert_cmpuint(n_notes(window), ==, 1);
  g_autoptr(AmanatDocument) note = note_at(window, 0);
  /* No title typed: the first line is the title. */
  g_assert_cmpstr(amanat_document_get_title(note), ==, "Shopping list");
  amanat_notes_page_open_note(page, amanat_document_get_id(note));
  ui_test_wait_idle(window);
  g_autofree char *text = buffer_text(amanat_notes_page_get_editor(page));
  g_assert_cmpstr(text, ==, "Shopping list\nbread, tea");

  ui_test_window_close(window);
}

/* Save pressed again before a new note's first save came back, and a lock right after:
 * one note, with the last text (not a second note per press). */
static void test_quick_saves(void) {
  AmanatWindow *window = new_unlocked_window(NULL, 900);
  AmanatNotesPage *page = notes_page(window);
  AmanatNoteEditor *editor = new_note(window, TITLE, "first words");
  GtkWidget *widget = GTK_WIDGET(page);
  g_assert_true(gtk_widget_activate_action(widget, "notes.save", NULL));
  gtk_text_buffer_set_text(amanat_note_editor_get_buffer(editor), "second words", -1);
  g_assert_true(gtk_widget_activate_action(widget, "notes.save", NULL));
  gtk_text_buffer_set_text(amanat_note_editor_get_buffer(editor), "third words", -1);
  g_assert_true(gtk_widget_activate_action(widget, "notes.save", NULL));
  gtk_text_buffer_set_text(amanat_note_editor_get_buffer(editor), "last words", -1);
  ui_test_lock(window); /* saves what is still unsaved */
  ui_test_unlock(window, UI_TEST_PASSWORD);
  amanat_window_show_view(window, "notes");
  ui_test_wait_idle(window);
  g_assert_cmpuint(n_notes(window), ==, 1);
  g_autoptr(AmanatDocument) note = note_at(window, 0);
  g_assert_cmpstr(amanat_document_get_title(note), ==, TITLE);
  amanat_notes_page_open_note(page, amanat_document_get_id(note));
  ui_test_wait_idle(window);
  g_autofree char *text = buffer_text(amanat_notes_page_get_editor(page));
  g_assert_cmpstr(text, ==, "last words");
  /* And only one document: no copy of an earlier version. */
  amanat_window_show_view(window, "documents");
  ui_test_wait_idle(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);

  ui_test_window_close(window);
}

static void test_delete_with_undo(void) {
  AmanatWindow *window = new_unlocked_window(NULL, 900);
  AmanatNotesPage *page = notes_page(window);
  (void)new_note(window, TITLE, TEXT);
  save(window);
  g_assert_cmpuint(n_notes(window), ==, 1);

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "notes.delete", NULL));
  g_assert_cmpuint(n_notes(window), ==, 0);
  g_assert_cmpstr(amanat_notes_page_get_mode(page), ==, "none");
  amanat_notes_page_undo_delete(page);
  ui_test_wait_idle(window);
  g_assert_cmpuint(n_notes(window), ==, 1);
  g_assert_cmpstr(amanat_notes_page_get_mode(page), ==, "editor");

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "notes.delete", NULL));
  amanat_notes_page_commit_pending_delete(page);
  ui_test_wait_idle(window);
  g_assert_cmpuint(n_notes(window), ==, 0);
  amanat_window_show_view(window, "documents");
  ui_test_wait_idle(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0);

  ui_test_window_close(window);
}

static void test_narrow_editor(void) {
  AmanatWindow *window = new_unlocked_window(NULL, 360);
  (void)new_note(window, TITLE, TEXT);
  save(window);
  AdwLeaflet *leaflet = ui_test_child(notes_page(window), AMANAT_TYPE_NOTES_PAGE, "leaflet");
  ui_test_run_for(200);
  g_assert_true(adw_leaflet_get_folded(leaflet));
  g_assert_cmpstr(adw_leaflet_get_visible_child_name(leaflet), ==, "detail");
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "notes-editor-360");
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(notes_page(window)), "notes.back", NULL));
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "notes-list-360");
  ui_test_window_close(window);
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/ui/notes/create-edit-and-find-again", test_create_edit_and_find_again);
  g_test_add_func("/ui/notes/modified-note-saved-on-lock", test_modified_note_saved_on_lock);
  g_test_add_func("/ui/notes/quick-saves", test_quick_saves);
  g_test_add_func("/ui/notes/delete-with-undo", test_delete_with_undo);
  g_test_add_func("/ui/notes/narrow-editor", test_narrow_editor);
  return ui_test_run();
}
