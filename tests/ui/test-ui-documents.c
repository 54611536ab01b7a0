/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-documents.c: the documents page beyond listing, under a virtual display, driven
 * through the app's actions and checked through the core API once the window let the vault
 * go: the details dialog (rename, tags, note, linked contacts, delete with undo), saving a
 * copy (the warning, Amanat's own chooser, the same bytes, recent files untouched), files
 * dropped on the page, a panic wipe that keeps the decoy, and removing a colleague on the
 * Sync page. Saves screenshots of the details and the panic page. */
#include "config.h"

#include <string.h>

#include "amanat-documents-page.h"
#include "amanat-hold-button.h"
#include "amanat-panic-page.h"
#include "amanat-sync-page.h"
#include "ui-test-util.h"

static AmanatDocumentsPage *docs_page(AmanatWindow *window) {
  return AMANAT_DOCUMENTS_PAGE(amanat_window_get_documents_page(window));
}

/* ---- The vault through the core ---------------------------------------------------- */

static amanat_vault *core_open(const char *dir, const char *password) {
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(dir, password, strlen(password), AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  return vault;
}

/* A vault made with the core: the test's password, closed again. */
static char *core_vault_new(void) {
  char *dir = ui_test_new_path("vault");
  g_assert_cmpint(
      amanat_vault_create(dir, UI_TEST_PASSWORD, strlen(UI_TEST_PASSWORD), UI_TEST_COST), ==,
      AMANAT_OK);
  return dir;
}

/* Bytes that do not compress, so that the copy is checked byte for byte. */
static GBytes *random_bytes(gsize size) {
  guint8 *data = g_malloc(size);
  for (gsize i = 0; i < size; i++)
    data[i] = (guint8)g_random_int();
  return g_bytes_new_take(data, size);
}

static char *write_bytes(const char *name, GBytes *bytes) {
  char *path = g_build_filename(ui_test_root(), "files", name, NULL);
  GError *error = NULL;
  g_assert_true(g_file_set_contents(path, g_bytes_get_data(bytes, NULL),
                                    (gssize)g_bytes_get_size(bytes), &error));
  g_assert_no_error(error);
  return path;
}

typedef struct {
  char *title;
  char *notes;
  GStrv tags;
  GStrv contacts;
} DocState;

static void doc_state_free(DocState *state) {
  g_free(state->title);
  g_free(state->notes);
  g_strfreev(state->tags);
  g_strfreev(state->contacts);
  g_free(state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(DocState, doc_state_free)

static GStrv strv_of(const char *const *items, size_t n) {
  GStrv out = g_new0(char *, n + 1);
  for (size_t i = 0; i < n; i++)
    out[i] = g_strdup(items[i]);
  return out;
}

static int copy_state(const amanat_doc_info *doc, void *user_data) {
  DocState *state = user_data;
  state->title = g_strdup(doc->title);
  state->notes = g_strdup(doc->notes);
  state->tags = strv_of(doc->tags, doc->tag_count);
  state->contacts = strv_of(doc->contacts, doc->contact_count);
  return 0;
}

static DocState *core_doc_state(amanat_vault *vault, const char *id) {
  DocState *state = g_new0(DocState, 1);
  g_assert_cmpint(amanat_doc_show(vault, id, copy_state, state), ==, AMANAT_OK);
  return state;
}

/* ---- Waiting ----------------------------------------------------------------------- */

static gboolean details_ready(gpointer data) {
  AmanatDocumentDetails *details = data;
  return !amanat_document_details_get_busy(details) &&
         amanat_document_details_get_title(details) != NULL;
}

static void wait_details(AmanatDocumentDetails *details) {
  ui_test_wait(details_ready, details, 10000, "the details to be read");
}

static gboolean copy_asks(gpointer data) {
  AmanatSaveCopy *copy = amanat_documents_page_get_save_copy(data);
  return copy != NULL &&
         (amanat_save_copy_get_dialog(copy) != NULL || amanat_save_copy_get_chooser(copy) != NULL);
}

static gboolean copy_done(gpointer data) {
  return amanat_documents_page_get_save_copy(data) == NULL;
}

static char *last_copy_message;

static void on_copy_finished_cb(AmanatSaveCopy *copy, const char *message, gboolean saved) {
  g_free(last_copy_message);
  last_copy_message = g_strdup(message);
}

static gboolean in_folder(GtkFileChooser *files, GFile *dir) {
  g_autoptr(GFile) current = gtk_file_chooser_get_current_folder(files);
  return current != NULL && g_file_equal(current, dir);
}

/* Answers the warning with "choose", then writes `name` into `folder` through the chooser;
 * returns the suggested name the chooser showed. */
static char *save_copy_through_chooser(AmanatDocumentsPage *page, const char *folder,
                                       const char *name) {
  ui_test_wait(copy_asks, page, 10000, "the warning");
  AmanatSaveCopy *copy = amanat_documents_page_get_save_copy(page);
  g_signal_connect(copy, "finished", G_CALLBACK(on_copy_finished_cb), NULL);
  AdwMessageDialog *warning = amanat_save_copy_get_dialog(copy);
  g_assert_nonnull(warning);
  g_assert_nonnull(strstr(adw_message_dialog_get_body(warning), "not encrypted"));
  g_assert_cmpstr(adw_message_dialog_get_close_response(warning), ==, "cancel");
  adw_message_dialog_response(warning, "choose");

  AmanatFileChooser *chooser = amanat_save_copy_get_chooser(copy);
  g_assert_nonnull(chooser);
  GtkFileChooser *files = amanat_file_chooser_get_chooser(chooser);
  g_assert_cmpint(gtk_file_chooser_get_action(files), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  char *suggested = gtk_file_chooser_get_current_name(files);
  /* As choosing the folder and typing the name do; GTK 4.8 loses a folder set while the
   * chooser still loads its first one, so it is set again until it holds. */
  g_autoptr(GFile) dir = g_file_new_for_path(folder);
  for (int attempt = 0; attempt < 20 && !in_folder(files, dir); attempt++) {
    g_assert_true(gtk_file_chooser_set_current_folder(files, dir, NULL));
    ui_test_run_for(100);
  }
  g_assert_true(in_folder(files, dir));
  gtk_file_chooser_set_current_name(files, name);
  amanat_file_chooser_accept(chooser);
  return suggested;
}

static guint count_files(const char *folder) {
  g_autoptr(GDir) dir = g_dir_open(folder, 0, NULL);
  guint n = 0;
  while (dir != NULL && g_dir_read_name(dir) != NULL)
    n++;
  return n;
}

/* ---- Details ----------------------------------------------------------------------- */

static void test_details(void) {
  g_autofree char *dir = core_vault_new();
  g_autoptr(GBytes) content = random_bytes(300 * 1024);
  g_autofree char *file = write_bytes("scan-0042.bin", content);
  char doc_id[AMANAT_ID_LEN + 1], layla[AMANAT_ID_LEN + 1], omar[AMANAT_ID_LEN + 1];
  amanat_vault *vault = core_open(dir, UI_TEST_PASSWORD);
  g_assert_cmpint(amanat_doc_import_path(vault, file, NULL, doc_id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_contact_add(vault, "Layla Haddad", NULL, 0, layla), ==, AMANAT_OK);
  g_assert_cmpint(amanat_contact_add(vault, "Omar", NULL, 0, omar), ==, AMANAT_OK);
  amanat_vault_lock(vault);

  AmanatWindow *window = ui_test_window_new(dir);
  gtk_window_set_default_size(GTK_WINDOW(window), 820, 640);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  AmanatDocumentsPage *page = docs_page(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "documents.details", "s", doc_id));
  AmanatDocumentDetails *details = amanat_documents_page_get_details(page);
  g_assert_nonnull(details);
  wait_details(details);
  g_assert_cmpstr(amanat_document_details_get_title(details), ==, "scan-0042.bin");

  /* Rename: the dialog and the list show the new title; no window title names it. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(details), "details.rename", "s",
                                           "  Harbour inspection  "));
  wait_details(details);
  g_assert_cmpstr(amanat_document_details_get_title(details), ==, "Harbour inspection");
  ui_test_wait_idle(window);
  g_autofree char *titles = ui_test_titles(window);
  g_assert_cmpstr(titles, ==, "Harbour inspection");
  g_assert_null(strstr(gtk_window_get_title(GTK_WINDOW(details)), "Harbour"));
  g_assert_cmpstr(gtk_window_get_title(GTK_WINDOW(window)), ==, "Amanat");

  /* Tags: two added, one removed. */
  g_assert_true(
      gtk_widget_activate_action(GTK_WIDGET(details), "details.add-tag", "s", "evidence"));
  wait_details(details);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(details), "details.add-tag", "s", "port"));
  wait_details(details);
  g_assert_cmpuint(g_strv_length((char **)amanat_document_details_get_tags(details)), ==, 2);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(details), "details.remove-tag", "s", "port"));
  wait_details(details);
  const char *const *tags = amanat_document_details_get_tags(details);
  g_assert_true(tags != NULL && g_strv_length((char **)tags) == 1);
  g_assert_cmpstr(tags[0], ==, "evidence");

  /* The note, typed then saved. */
  g_assert_false(gtk_widget_is_sensitive(
      ui_test_child(details, AMANAT_TYPE_DOCUMENT_DETAILS, "save_note_button")));
  amanat_document_details_set_note(details, "Given by the inspector, 3 May. Keep safe.");
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(details), "details.save-note", NULL));
  wait_details(details);
  g_assert_false(gtk_widget_is_sensitive(
      ui_test_child(details, AMANAT_TYPE_DOCUMENT_DETAILS, "save_note_button")));

  /* Contacts: two linked, one unlinked; the names show, not the ids. */
  g_assert_true(
      gtk_widget_activate_action(GTK_WIDGET(details), "details.link-contact", "s", layla));
  wait_details(details);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(details), "details.link-contact", "s", omar));
  wait_details(details);
  g_assert_cmpuint(g_strv_length((char **)amanat_document_details_get_linked(details)), ==, 2);
  g_assert_true(
      gtk_widget_activate_action(GTK_WIDGET(details), "details.unlink-contact", "s", omar));
  wait_details(details);
  g_assert_true(g_strv_contains(amanat_document_details_get_linked(details), layla));
  g_assert_false(g_strv_contains(amanat_document_details_get_linked(details), omar));
  GtkWidget *linked = ui_test_child(details, AMANAT_TYPE_DOCUMENT_DETAILS, "linked_list");
  g_assert_true(ui_test_widget_shows_text(linked, "Layla Haddad"));
  g_assert_false(ui_test_widget_shows_text(linked, "Omar"));
  g_assert_false(ui_test_widget_shows_text(linked, layla));
  /* Omar is offered again in the link popover. */
  GtkWidget *offered = ui_test_child(details, AMANAT_TYPE_DOCUMENT_DETAILS, "contacts_list");
  g_assert_true(ui_test_widget_shows_text(offered, "Omar"));
  gtk_window_set_default_size(GTK_WINDOW(details), 480, 980);
  ui_test_save_window_screenshot(GTK_WINDOW(details), AMANAT_SCREENSHOT_DIR, "document-details");
  gtk_window_set_default_size(GTK_WINDOW(details), 360, 640);
  ui_test_save_window_screenshot(GTK_WINDOW(details), AMANAT_SCREENSHOT_DIR,
                                 "document-details-360");

  /* Save a copy from the details: the warning, then the app's chooser, then the copy. */
  g_autofree char *out = ui_test_new_path("usb-stick");
  g_assert_cmpint(g_mkdir_with_parents(out, 0700), ==, 0);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(details), "details.save-copy", NULL));
  g_autofree char *suggested = save_copy_through_chooser(page, out, "copy.bin");
  g_assert_cmpstr(suggested, ==, "Harbour inspection");
  ui_test_wait(copy_done, page, 20000, "the copy to be written");
  g_autofree char *copy_path = g_build_filename(out, "copy.bin", NULL);
  g_autofree char *copied = NULL;
  gsize copied_len = 0;
  g_assert_true(g_file_get_contents(copy_path, &copied, &copied_len, NULL));
  g_assert_cmpmem(copied, copied_len, g_bytes_get_data(content, NULL), g_bytes_get_size(content));
  g_assert_cmpuint(count_files(out), ==, 1); /* no temporary file left */
  g_assert_nonnull(strstr(last_copy_message, "copy.bin"));

  /* From the window's action (the viewer's button): the same name again is refused, and the
   * first copy stays as it was. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "documents.save-copy", "s", doc_id));
  g_free(save_copy_through_chooser(page, out, "copy.bin"));
  ui_test_wait(copy_done, page, 20000, "the refusal");
  g_assert_cmpuint(count_files(out), ==, 1);
  g_autofree char *again = NULL;
  g_assert_true(g_file_get_contents(copy_path, &again, &copied_len, NULL));
  g_assert_cmpmem(again, copied_len, g_bytes_get_data(content, NULL), g_bytes_get_size(content));
  g_assert_nonnull(strstr(last_copy_message, "already a file named"));

  /* Backing out at the warning writes nothing. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "documents.save-copy", "s", doc_id));
  ui_test_wait(copy_asks, page, 10000, "the warning");
  adw_message_dialog_response(
      amanat_save_copy_get_dialog(amanat_documents_page_get_save_copy(page)), "cancel");
  ui_test_wait(copy_done, page, 5000, "the warning to close");
  g_assert_cmpuint(count_files(out), ==, 1);

  /* Delete from the details: they close, and the page's undo toast brings it back. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "documents.details", "s", doc_id));
  details = amanat_documents_page_get_details(page);
  wait_details(details);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(details), "details.delete", NULL));
  ui_test_run_for(50);
  g_assert_null(amanat_documents_page_get_details(page));
  g_assert_cmpstr(amanat_documents_page_get_pending_delete(page), ==, doc_id);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0);
  amanat_documents_page_undo_delete(page);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);

  /* Locking closes the details, and keeps a note typed but not saved yet. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "documents.details", "s", doc_id));
  details = amanat_documents_page_get_details(page);
  wait_details(details);
  amanat_document_details_set_note(details, "Given by the inspector, 3 May. Copy made.");
  ui_test_lock(window);
  g_assert_null(amanat_documents_page_get_details(page));
  ui_test_window_close(window);

  /* What the vault holds now. */
  vault = core_open(dir, UI_TEST_PASSWORD);
  g_autoptr(DocState) state = core_doc_state(vault, doc_id);
  g_assert_cmpstr(state->title, ==, "Harbour inspection");
  g_assert_cmpstr(state->notes, ==, "Given by the inspector, 3 May. Copy made.");
  g_assert_cmpuint(g_strv_length(state->tags), ==, 1);
  g_assert_cmpstr(state->tags[0], ==, "evidence");
  g_assert_cmpuint(g_strv_length(state->contacts), ==, 1);
  g_assert_cmpstr(state->contacts[0], ==, layla);
  amanat_vault_lock(vault);

  /* GtkRecentManager writes from a timeout after a change: give it time to. */
  ui_test_run_for(1500);
  ui_test_assert_recent_unchanged();
  g_clear_pointer(&last_copy_message, g_free);
}

/* ---- Drag and drop ----------------------------------------------------------------- */

static GtkDropTarget *page_drop_target(AmanatDocumentsPage *page) {
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers(GTK_WIDGET(page));
  for (guint i = 0; i < g_list_model_get_n_items(controllers); i++) {
    g_autoptr(GObject) controller = g_list_model_get_item(controllers, i);
    if (GTK_IS_DROP_TARGET(controller))
      return GTK_DROP_TARGET(controller);
  }
  g_assert_not_reached();
}

static gboolean emit_drop(GtkDropTarget *target, const GValue *value) {
  gboolean accepted = FALSE;
  g_signal_emit_by_name(target, "drop", value, 10.0, 10.0, &accepted);
  return accepted;
}

static void test_drop(void) {
  g_autofree char *dir = core_vault_new();
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  AmanatDocumentsPage *page = docs_page(window);
  GtkDropTarget *target = page_drop_target(page);
  GtkWidget *banner = ui_test_child(page, AMANAT_TYPE_DOCUMENTS_PAGE, "drop_revealer");

  /* Both kinds a drop may carry. */
  gsize n_types = 0;
  const GType *types = gtk_drop_target_get_gtypes(target, &n_types);
  g_assert_cmpuint(n_types, ==, 2);
  g_assert_true(types[0] == GDK_TYPE_FILE_LIST || types[1] == GDK_TYPE_FILE_LIST);
  g_assert_true(types[0] == G_TYPE_FILE || types[1] == G_TYPE_FILE);

  /* A big file dropped, then Cancel on the progress bar: nothing added. */
  g_autoptr(GBytes) big = random_bytes(6 * 1024 * 1024);
  g_autofree char *big_path = write_bytes("big.bin", big);
  g_autoptr(GFile) big_file = g_file_new_for_path(big_path);
  GSList *one = g_slist_prepend(NULL, big_file);
  g_auto(GValue) big_value = G_VALUE_INIT;
  g_value_init(&big_value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed(&big_value, gdk_file_list_new_from_list(one));
  g_slist_free(one);
  g_assert_true(emit_drop(target, &big_value));
  g_assert_true(amanat_documents_page_get_importing(page));
  GtkWidget *progress = ui_test_child(page, AMANAT_TYPE_DOCUMENTS_PAGE, "progress_revealer");
  g_assert_true(gtk_revealer_get_reveal_child(GTK_REVEALER(progress)));
  /* A second drop while the first is added is refused. */
  g_assert_false(emit_drop(target, &big_value));
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "documents.cancel-import", NULL));
  ui_test_wait_idle(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0);

  /* A file list from a file manager. */
  g_autoptr(GBytes) photo = random_bytes(40 * 1024);
  g_autofree char *photo_path = write_bytes("photo.jpg", photo);
  g_autofree char *minutes = ui_test_write_file("minutes.txt", "meeting minutes");
  g_autoptr(GFile) photo_file = g_file_new_for_path(photo_path);
  g_autoptr(GFile) minutes_file = g_file_new_for_path(minutes);
  GSList *two = g_slist_append(g_slist_append(NULL, photo_file), minutes_file);
  g_auto(GValue) list_value = G_VALUE_INIT;
  g_value_init(&list_value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed(&list_value, gdk_file_list_new_from_list(two));
  g_slist_free(two);
  g_assert_true(emit_drop(target, &list_value));
  g_assert_true(amanat_documents_page_get_importing(page));
  ui_test_wait_idle(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 2);
  g_assert_false(gtk_revealer_get_reveal_child(GTK_REVEALER(banner)));

  /* One file, as some programs offer it. */
  g_autofree char *letter = ui_test_write_file("letter.txt", "dear colleague");
  g_autoptr(GFile) letter_file = g_file_new_for_path(letter);
  g_auto(GValue) file_value = G_VALUE_INIT;
  g_value_init(&file_value, G_TYPE_FILE);
  g_value_set_object(&file_value, letter_file);
  g_assert_true(emit_drop(target, &file_value));
  ui_test_wait_idle(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 3);
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "documents-dropped");
  /* What a drag over the page looks like (GTK sets the state while a drop hovers). */
  gtk_widget_set_state_flags(GTK_WIDGET(page), GTK_STATE_FLAG_DROP_ACTIVE, FALSE);
  gtk_revealer_set_reveal_child(GTK_REVEALER(banner), TRUE);
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "documents-drop-highlight");
  gtk_widget_unset_state_flags(GTK_WIDGET(page), GTK_STATE_FLAG_DROP_ACTIVE);
  gtk_revealer_set_reveal_child(GTK_REVEALER(banner), FALSE);

  /* Locked: a drop is refused. */
  ui_test_lock(window);
  g_assert_false(emit_drop(target, &file_value));
  ui_test_window_close(window);

  amanat_vault *vault = core_open(dir, UI_TEST_PASSWORD);
  g_autofree char *titles = ui_test_core_titles(vault);
  g_assert_nonnull(strstr(titles, "photo.jpg|"));
  g_assert_nonnull(strstr(titles, "minutes.txt|"));
  g_assert_nonnull(strstr(titles, "letter.txt|"));
  g_assert_null(strstr(titles, "big.bin"));
  amanat_vault_lock(vault);
  ui_test_assert_recent_unchanged();
}

/* ---- Panic: keep the decoy --------------------------------------------------------- */

static gboolean panic_done(gpointer data) {
  GtkStack *stack = ui_test_child(data, AMANAT_TYPE_PANIC_PAGE, "stack");
  return g_strcmp0(gtk_stack_get_visible_child_name(stack), "done") == 0;
}

/* A real space with one document, a decoy with another, and a duress password that opens the
 * decoy and destroys nothing. */
static char *vault_with_decoy(void) {
  char *dir = core_vault_new();
  g_autofree char *real_file = ui_test_write_file("real-list.txt", "the names that matter");
  g_autofree char *decoy_file = ui_test_write_file("recipes.txt", "lentil soup");
  char id[AMANAT_ID_LEN + 1];
  amanat_vault *vault = core_open(dir, UI_TEST_PASSWORD);
  g_assert_cmpint(amanat_doc_import_path(vault, real_file, NULL, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_duress_add(vault, UI_TEST_DURESS, strlen(UI_TEST_DURESS),
                                          AMANAT_DURESS_DECOY_ONLY),
                  ==, AMANAT_OK);
  amanat_vault_lock(vault);
  g_assert_cmpint(amanat_vault_open(dir, UI_TEST_PASSWORD, strlen(UI_TEST_PASSWORD),
                                    AMANAT_SPACE_DECOY, &vault),
                  ==, AMANAT_OK);
  g_assert_cmpint(amanat_doc_import_path(vault, decoy_file, NULL, id), ==, AMANAT_OK);
  amanat_vault_lock(vault);
  return dir;
}

/* Ticks "I understand" for keeping the decoy and presses Wipe Now; waits for the result. */
static void wipe_keeping_decoy(AmanatWindow *window) {
  GtkWidget *page = amanat_window_get_panic_page(window);
  amanat_panic_page_set_keep_decoy(AMANAT_PANIC_PAGE(page), TRUE);
  gtk_check_button_set_active(ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "understand_check"),
                              TRUE);
  g_signal_emit_by_name(ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "wipe_button"), "clicked");
  ui_test_wait(panic_done, page, 20000, "the wipe");
}

static void test_panic_keep_decoy(void) {
  g_autofree char *dir = vault_with_decoy();
  amanat_vault *vault = NULL;
  AmanatWindow *window = ui_test_window_new(dir);
  gtk_window_set_default_size(GTK_WINDOW(window), 820, 760);
  GtkWidget *page = amanat_window_get_panic_page(window);
  AmanatPanicPage *panic = AMANAT_PANIC_PAGE(page);

  /* From the lock screen only "everything" can be chosen. */
  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "panic", NULL);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "panic");
  g_assert_false(
      gtk_widget_get_sensitive(ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "keep_decoy_row")));
  amanat_panic_page_set_keep_decoy(panic, TRUE);
  g_assert_false(amanat_panic_page_get_keep_decoy(panic));
  g_signal_emit_by_name(page, "cancelled");

  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_autofree char *before = ui_test_titles(window);
  g_assert_cmpstr(before, ==, "real-list.txt");

  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "panic", NULL);
  g_assert_true(
      gtk_widget_get_sensitive(ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "keep_decoy_row")));
  GtkCheckButton *understand = ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "understand_check");
  gtk_check_button_set_active(understand, TRUE);
  /* Changing the choice asks for "I understand" again, in the choice's words. */
  gtk_check_button_set_active(ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "keep_decoy_check"),
                              TRUE);
  g_assert_true(amanat_panic_page_get_keep_decoy(panic));
  g_assert_false(gtk_check_button_get_active(understand));
  g_assert_true(ui_test_widget_shows_text(page, "only the decoy kept"));
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "panic-keep-decoy");

  /* The hold-to-confirm, shortened for the test. */
  AmanatHoldButton *hold = ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "hold_button");
  amanat_hold_button_set_duration(hold, 300);
  amanat_hold_button_begin_hold(hold);
  ui_test_wait(panic_done, page, 20000, "the real space to be destroyed");
  g_assert_true(g_file_test(dir, G_FILE_TEST_IS_DIR));
  g_assert_true(amanat_window_get_unlocked(window));
  g_assert_true(ui_test_widget_shows_text(page, "The Real Space Was Destroyed"));
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "panic-kept-decoy");
  amanat_hold_button_set_duration(hold, 2000);

  /* Continue: the documents are the decoy's. */
  g_signal_emit_by_name(ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "continue_button"), "clicked");
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  ui_test_wait_idle(window);
  g_autofree char *after = ui_test_titles(window);
  g_assert_cmpstr(after, ==, "recipes.txt");
  ui_test_window_close(window);

  /* The core's promise (amanat.h): the real password now opens what was the decoy, the real
   * space is gone, and no duress password survives. */
  vault = core_open(dir, UI_TEST_PASSWORD);
  g_autofree char *titles = ui_test_core_titles(vault);
  g_assert_cmpstr(titles, ==, "recipes.txt|");
  amanat_vault_lock(vault);
  g_assert_cmpint(
      amanat_vault_open(dir, UI_TEST_DURESS, strlen(UI_TEST_DURESS), AMANAT_SPACE_DEFAULT, &vault),
      ==, AMANAT_E_WRONG_PASSWORD);
  ui_test_assert_recent_unchanged();
}

/* ---- Sync: removing a colleague ---------------------------------------------------- */

static int count_peer(const amanat_peer_info *peer, void *user_data) {
  (*(guint *)user_data)++;
  return 0;
}

static void test_remove_peer(void) {
  /* A colleague's card, from a vault made with the core. */
  g_autofree char *peer_dir = core_vault_new();
  amanat_vault *peer = core_open(peer_dir, UI_TEST_PASSWORD);
  g_autofree char *card = ui_test_new_path("card");
  g_assert_cmpint(amanat_identity_export(peer, card), ==, AMANAT_OK);
  amanat_vault_lock(peer);

  g_autofree char *dir = core_vault_new();
  AmanatWindow *window = ui_test_window_new(dir);
  gtk_window_set_default_size(GTK_WINDOW(window), 820, 900);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.show-view", "s", "sync"));
  AmanatSyncPage *page = AMANAT_SYNC_PAGE(amanat_window_get_sync_page(window));
  ui_test_wait_idle(window);
  amanat_sync_page_add_peer(page, card, "Layla");
  ui_test_wait_idle(window);
  adw_message_dialog_response(amanat_sync_page_get_dialog(page), "later");
  ui_test_run_for(50);
  g_assert_cmpuint(amanat_sync_page_get_n_peers(page), ==, 1);

  /* Cancel keeps the colleague; Remove removes them. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "sync.remove-peer", "s", "Layla"));
  AdwMessageDialog *confirm = amanat_sync_page_get_dialog(page);
  g_assert_nonnull(confirm);
  g_assert_cmpstr(adw_message_dialog_get_default_response(confirm), ==, "cancel");
  adw_message_dialog_response(confirm, "cancel");
  ui_test_wait_idle(window);
  g_assert_cmpuint(amanat_sync_page_get_n_peers(page), ==, 1);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "sync.remove-peer", "s", "Layla"));
  adw_message_dialog_response(amanat_sync_page_get_dialog(page), "remove");
  ui_test_wait_idle(window);
  ui_test_run_for(50);
  ui_test_wait_idle(window);
  g_assert_cmpuint(amanat_sync_page_get_n_peers(page), ==, 0);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(page), "no longer one of your colleagues"));
  ui_test_window_close(window);

  amanat_vault *vault = core_open(dir, UI_TEST_PASSWORD);
  guint peers = 0;
  g_assert_cmpint(amanat_peer_list(vault, count_peer, &peers), ==, AMANAT_OK);
  g_assert_cmpuint(peers, ==, 0);
  amanat_vault_lock(vault);
}

/* Under duress the same choice reads the same on screen; the core leaves the real space be. */
static void test_panic_keep_decoy_under_duress(void) {
  g_autofree char *dir = vault_with_decoy();
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_unlock(window, UI_TEST_DURESS);
  g_autofree char *shown = ui_test_titles(window);
  g_assert_cmpstr(shown, ==, "recipes.txt");
  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "panic", NULL);
  GtkWidget *page = amanat_window_get_panic_page(window);
  g_assert_true(
      gtk_widget_get_sensitive(ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "keep_decoy_row")));
  wipe_keeping_decoy(window);
  g_assert_true(ui_test_widget_shows_text(page, "The Real Space Was Destroyed"));
  g_signal_emit_by_name(page, "finished");
  ui_test_wait_idle(window);
  g_autofree char *after = ui_test_titles(window);
  g_assert_cmpstr(after, ==, "recipes.txt");
  ui_test_window_close(window);

  amanat_vault *vault = core_open(dir, UI_TEST_PASSWORD);
  g_autofree char *titles = ui_test_core_titles(vault);
  g_assert_cmpstr(titles, ==, "real-list.txt|");
  amanat_vault_lock(vault);
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);
  g_test_add_func("/ui/documents/details", test_details);
  g_test_add_func("/ui/documents/drop", test_drop);
  g_test_add_func("/ui/panic/keep-decoy", test_panic_keep_decoy);
  g_test_add_func("/ui/panic/keep-decoy-under-duress", test_panic_keep_decoy_under_duress);
  g_test_add_func("/ui/sync/remove-peer", test_remove_peer);
  return ui_test_run();
}
