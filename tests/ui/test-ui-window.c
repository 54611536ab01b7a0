/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-window.c: the desktop app's flows, driven through its actions and widgets under
 * a virtual display: setup, lock, unlock, import, search, delete with undo, duress, panic
 * wipe, idle lock. Every test also checks that recently-used.xbel was left alone. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "amanat-document.h"
#include "amanat-documents-page.h"
#include "amanat-hold-button.h"
#include "amanat-lock-page.h"
#include "amanat-panic-page.h"
#include "amanat-setup-page.h"
#include "ui-test-util.h"

static AmanatDocumentsPage *docs_page(AmanatWindow *window) {
  return AMANAT_DOCUMENTS_PAGE(amanat_window_get_documents_page(window));
}

static AmanatWindow *new_unlocked_window(char **dir_out) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer(&dir);
  return window;
}

static void import_three(AmanatWindow *window) {
  g_autofree char *a = ui_test_write_file("alpha-report.txt", "first source statement");
  g_autofree char *b = ui_test_write_file("beta-minutes.txt", "meeting minutes");
  g_autofree char *c = ui_test_write_file("gamma-photo-notes.txt", "photo captions");
  const char *const paths[] = {a, b, c, NULL};
  ui_test_import(window, paths);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 3);
}

/* ---- Setup ------------------------------------------------------------------------- */

static void test_setup_creates_vault(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  GtkWidget *page = amanat_window_get_setup_page(window);
  GType type = AMANAT_TYPE_SETUP_PAGE;

  g_assert_cmpstr(amanat_window_get_page(window), ==, "setup");
  g_assert_cmpstr(amanat_setup_page_get_step(AMANAT_SETUP_PAGE(page)), ==, "welcome");
  g_assert_cmpstr(gtk_window_get_title(GTK_WINDOW(window)), ==, "Amanat");

  /* A weak password is warned about, and a mismatch is said plainly. */
  g_assert_true(gtk_widget_activate_action(page, "setup.to-password", NULL));
  gtk_editable_set_text(ui_test_child(page, type, "password_entry"), "hello1");
  GtkLabel *advice = ui_test_child(page, type, "strength_label");
  g_assert_true(gtk_widget_get_visible(GTK_WIDGET(advice)));
  g_assert_cmpfloat(gtk_level_bar_get_value(ui_test_child(page, type, "strength_bar")), ==, 1.0);
  gtk_editable_set_text(ui_test_child(page, type, "confirm_entry"), "hello2");
  GtkLabel *message = ui_test_child(page, type, "password_message");
  g_assert_true(gtk_widget_get_visible(GTK_WIDGET(message)));
  g_assert_cmpstr(gtk_label_get_text(message), ==, "The two passwords are not the same.");
  (void)gtk_widget_activate_action(page, "setup.to-duress", NULL); /* disabled: stays */
  g_assert_cmpstr(amanat_setup_page_get_step(AMANAT_SETUP_PAGE(page)), ==, "password");

  /* The weak password is accepted once confirmed. */
  gtk_editable_set_text(ui_test_child(page, type, "confirm_entry"), "hello1");
  g_assert_false(gtk_widget_get_visible(GTK_WIDGET(message)));
  g_assert_true(gtk_widget_activate_action(page, "setup.back", NULL));
  g_assert_cmpstr(amanat_setup_page_get_step(AMANAT_SETUP_PAGE(page)), ==, "welcome");
  amanat_setup_page_reset(AMANAT_SETUP_PAGE(page));
  ui_test_setup_vault(window, "hello1", NULL, AMANAT_DURESS_WIPE);

  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  g_assert_cmpstr(gtk_window_get_title(GTK_WINDOW(window)), ==, "Amanat");
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0);
  amanat_vault_info info;
  g_assert_cmpint(amanat_vault_read_info(dir, &info), ==, AMANAT_OK);
  /* The setup entries were emptied. */
  g_assert_cmpstr(gtk_editable_get_text(ui_test_child(page, type, "password_entry")), ==, "");

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Lock and unlock --------------------------------------------------------------- */

static void test_lock_and_unlock(void) {
  g_autofree char *dir = NULL;
  AmanatWindow *window = new_unlocked_window(&dir);
  import_three(window);

  ui_test_lock(window);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0); /* nothing of the list stays in memory */

  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  g_assert_true(amanat_window_get_unlocked(window));
  g_assert_cmpuint(ui_test_n_rows(window), ==, 3);
  g_assert_cmpstr(gtk_window_get_title(GTK_WINDOW(window)), ==, "Amanat");

  /* A new window on an existing vault starts on the lock page. */
  ui_test_window_close(window);
  window = ui_test_window_new(dir);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 3);
  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_wrong_password(void) {
  g_autofree char *dir = NULL;
  AmanatWindow *window = new_unlocked_window(&dir);
  ui_test_lock(window);

  AmanatLockPage *page = AMANAT_LOCK_PAGE(amanat_window_get_lock_page(window));
  ui_test_unlock(window, "not the password");
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  g_assert_false(amanat_window_get_unlocked(window));
  g_assert_cmpstr(amanat_lock_page_get_message(page), ==, "Wrong password.");
  GtkEditable *entry = ui_test_child(page, AMANAT_TYPE_LOCK_PAGE, "password_entry");
  g_assert_cmpstr(gtk_editable_get_text(entry), ==, "");

  /* Typing again hides the old answer; the right password opens. */
  gtk_editable_set_text(entry, "x");
  g_assert_null(amanat_lock_page_get_message(page));
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  g_assert_null(amanat_lock_page_get_message(page));

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Documents --------------------------------------------------------------------- */

static void test_import_two_files(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  g_autofree char *a = ui_test_write_file("interview.txt", "what the source said");
  g_autofree char *b = ui_test_write_file("scan.pdf", "%PDF-1.4\n% not really a PDF\n");
  const char *const paths[] = {a, b, NULL};
  ui_test_import(window, paths);

  g_assert_cmpuint(ui_test_n_rows(window), ==, 2);
  g_autofree char *titles = ui_test_titles(window);
  g_assert_true(strstr(titles, "interview.txt") != NULL);
  g_assert_true(strstr(titles, "scan.pdf") != NULL);

  /* A file that can't be read adds nothing, not even the good one next to it. */
  g_autofree char *missing = ui_test_new_path("missing.txt");
  g_autofree char *c = ui_test_write_file("good.txt", "fine");
  const char *const bad[] = {c, missing, NULL};
  ui_test_import(window, bad);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 2);

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static gboolean n_rows_is(gpointer data) {
  AmanatWindow *window = data;
  guint want = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(window), "want-rows"));
  return ui_test_n_rows(window) == want;
}

static void wait_rows(AmanatWindow *window, guint n) {
  g_object_set_data(G_OBJECT(window), "want-rows", GUINT_TO_POINTER(n));
  ui_test_wait(n_rows_is, window, 5000, "the list to change");
}

static void test_search_as_you_type(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  import_three(window);
  GtkEditable *search =
      ui_test_child(docs_page(window), AMANAT_TYPE_DOCUMENTS_PAGE, "search_entry");

  gtk_editable_set_text(search, "alp");
  wait_rows(window, 1);
  g_autofree char *titles = ui_test_titles(window);
  g_assert_cmpstr(titles, ==, "alpha-report.txt");

  gtk_editable_set_text(search, "nothing-matches-this");
  wait_rows(window, 0);
  GtkStack *content = ui_test_child(docs_page(window), AMANAT_TYPE_DOCUMENTS_PAGE, "content_stack");
  g_assert_cmpstr(gtk_stack_get_visible_child_name(content), ==, "no-results");

  gtk_editable_set_text(search, "");
  wait_rows(window, 3);
  g_assert_cmpstr(gtk_stack_get_visible_child_name(content), ==, "list");

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static char *first_id(AmanatWindow *window, char **title) {
  g_autoptr(AmanatDocument) doc =
      g_list_model_get_item(amanat_documents_page_get_model(docs_page(window)), 0);
  if (title != NULL)
    *title = g_strdup(amanat_document_get_title(doc));
  return g_strdup(amanat_document_get_id(doc));
}

static void test_delete_and_undo(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  import_three(window);
  g_autofree char *before = ui_test_titles(window);
  g_autofree char *title = NULL;
  g_autofree char *id = first_id(window, &title);

  /* Through the row's action, as the trash button does. */
  g_assert_true(
      gtk_widget_activate_action(GTK_WIDGET(docs_page(window)), "documents.delete", "s", id));
  g_assert_cmpstr(amanat_documents_page_get_pending_delete(docs_page(window)), ==, id);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 2);
  g_autofree char *hidden = ui_test_titles(window);
  g_assert_null(strstr(hidden, title));

  amanat_documents_page_undo_delete(docs_page(window));
  g_assert_null(amanat_documents_page_get_pending_delete(docs_page(window)));
  g_assert_cmpuint(ui_test_n_rows(window), ==, 3);
  g_autofree char *after = ui_test_titles(window);
  g_assert_cmpstr(after, ==, before);

  /* The Delete key deletes the selected row (documents.delete-selected). */
  GtkListView *list = ui_test_child(docs_page(window), AMANAT_TYPE_DOCUMENTS_PAGE, "list_view");
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION(gtk_list_view_get_model(list));
  gtk_single_selection_set_selected(selection, 1);
  AmanatDocument *selected = gtk_single_selection_get_selected_item(selection);
  g_autofree char *selected_id = g_strdup(amanat_document_get_id(selected));
  g_assert_true(
      gtk_widget_activate_action(GTK_WIDGET(docs_page(window)), "documents.delete-selected", NULL));
  g_assert_cmpstr(amanat_documents_page_get_pending_delete(docs_page(window)), ==, selected_id);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 2);
  amanat_documents_page_undo_delete(docs_page(window));
  g_assert_cmpuint(ui_test_n_rows(window), ==, 3);

  /* Still there after a reload from the vault, and after locking. */
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_autofree char *reloaded = ui_test_titles(window);
  g_assert_cmpstr(reloaded, ==, before);

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_delete_without_undo(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  import_three(window);
  g_autofree char *title = NULL;
  g_autofree char *id = first_id(window, &title);

  amanat_documents_page_delete(docs_page(window), id);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 2);
  /* The toast goes away without Undo: now it is deleted. */
  amanat_documents_page_commit_pending_delete(docs_page(window));
  ui_test_wait_idle(window);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 2);

  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 2);
  g_autofree char *titles = ui_test_titles(window);
  g_assert_null(strstr(titles, title));

  /* A deletion still waiting for its toast is done before the vault locks. */
  g_autofree char *second = first_id(window, NULL);
  amanat_documents_page_delete(docs_page(window), second);
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Duress ------------------------------------------------------------------------ */

static void add_decoy_note(const char *dir, const char *title) {
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(dir, UI_TEST_PASSWORD, strlen(UI_TEST_PASSWORD),
                                    AMANAT_SPACE_DECOY, &vault),
                  ==, AMANAT_OK);
  char id[AMANAT_ID_LEN + 1];
  g_assert_cmpint(amanat_note_add(vault, title, "shopping list", 13, id), ==, AMANAT_OK);
  amanat_vault_lock(vault);
}

static void test_duress_shows_decoy_only(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, UI_TEST_DURESS, AMANAT_DURESS_WIPE);
  import_three(window);
  ui_test_lock(window);
  add_decoy_note(dir, "Groceries");

  AmanatLockPage *page = AMANAT_LOCK_PAGE(amanat_window_get_lock_page(window));
  ui_test_unlock(window, UI_TEST_DURESS);
  /* Exactly what the real password shows: the documents page, no message. */
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  g_assert_null(amanat_lock_page_get_message(page));
  g_autofree char *titles = ui_test_titles(window);
  g_assert_cmpstr(titles, ==, "Groceries");

  /* The real space was destroyed: the real password opens nothing any more. */
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  g_assert_cmpstr(amanat_lock_page_get_message(page), ==, "Wrong password.");

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_duress_decoy_only_keeps_real(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, UI_TEST_DURESS, AMANAT_DURESS_DECOY_ONLY);
  import_three(window);
  ui_test_lock(window);

  ui_test_unlock(window, UI_TEST_DURESS);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0);
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 3);

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Panic ------------------------------------------------------------------------- */

static gboolean page_is_wiped(gpointer data) {
  return g_strcmp0(amanat_window_get_page(data), "wiped") == 0;
}

static void test_panic_wipe_with_checkbox(void) {
  g_autofree char *dir = NULL;
  AmanatWindow *window = new_unlocked_window(&dir);
  import_three(window);
  g_assert_true(g_file_test(dir, G_FILE_TEST_IS_DIR));

  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "panic", NULL);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "panic");
  GtkWidget *page = amanat_window_get_panic_page(window);
  GtkWidget *wipe = ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "wipe_button");
  g_assert_false(gtk_widget_get_sensitive(wipe)); /* not before "I understand" */
  gtk_check_button_set_active(ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "understand_check"),
                              TRUE);
  g_assert_true(gtk_widget_get_sensitive(wipe));
  gtk_widget_activate(wipe);

  ui_test_wait(page_is_wiped, window, 30000, "the wipe");
  g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
  g_assert_false(amanat_window_get_unlocked(window));
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0);

  /* A new vault can be made in its place. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.new-vault", NULL));
  g_assert_cmpstr(amanat_window_get_page(window), ==, "setup");

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_panic_hold_to_wipe(void) {
  g_autofree char *dir = NULL;
  AmanatWindow *window = new_unlocked_window(&dir);
  ui_test_lock(window); /* from the lock screen too: no password needed */

  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "panic", NULL);
  GtkWidget *page = amanat_window_get_panic_page(window);
  AmanatHoldButton *hold = ui_test_child(page, AMANAT_TYPE_PANIC_PAGE, "hold_button");
  g_assert_cmpuint(amanat_hold_button_get_duration(hold), ==, 2000);

  /* Letting go early cancels. */
  amanat_hold_button_begin_hold(hold);
  ui_test_run_for(400);
  g_assert_cmpfloat(amanat_hold_button_get_fraction(hold), >, 0.1);
  amanat_hold_button_end_hold(hold);
  g_assert_cmpfloat(amanat_hold_button_get_fraction(hold), ==, 0.0);
  ui_test_run_for(2000);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "panic");
  g_assert_true(g_file_test(dir, G_FILE_TEST_IS_DIR));

  /* Cancel goes back to where the person was. */
  g_signal_emit_by_name(page, "cancelled");
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");

  /* Holding the whole time wipes. */
  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "panic", NULL);
  amanat_hold_button_begin_hold(hold);
  ui_test_wait(page_is_wiped, window, 30000, "the hold and the wipe");
  g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Idle lock --------------------------------------------------------------------- */

static gboolean page_is_lock(gpointer data) {
  return g_strcmp0(amanat_window_get_page(data), "lock") == 0 && !amanat_window_get_busy(data);
}

static void test_idle_lock(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  amanat_application_set_idle_timeout(ui_test_app(), 1);

  /* Activity keeps it open. */
  for (int i = 0; i < 6; i++) {
    ui_test_run_for(250);
    amanat_window_note_activity(window);
  }
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");

  ui_test_wait(page_is_lock, window, 5000, "the idle lock");
  g_assert_false(amanat_window_get_unlocked(window));

  amanat_application_set_idle_timeout(ui_test_app(), AMANAT_DEFAULT_IDLE_TIMEOUT);
  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/ui/setup/creates-vault", test_setup_creates_vault);
  g_test_add_func("/ui/lock/lock-and-unlock", test_lock_and_unlock);
  g_test_add_func("/ui/lock/wrong-password", test_wrong_password);
  g_test_add_func("/ui/documents/import-two-files", test_import_two_files);
  g_test_add_func("/ui/documents/search-as-you-type", test_search_as_you_type);
  g_test_add_func("/ui/documents/delete-and-undo", test_delete_and_undo);
  g_test_add_func("/ui/documents/delete-without-undo", test_delete_without_undo);
  g_test_add_func("/ui/duress/shows-decoy-only", test_duress_shows_decoy_only);
  g_test_add_func("/ui/duress/decoy-only-keeps-real", test_duress_decoy_only_keeps_real);
  g_test_add_func("/ui/panic/wipe-with-checkbox", test_panic_wipe_with_checkbox);
  g_test_add_func("/ui/panic/hold-to-wipe", test_panic_hold_to_wipe);
  g_test_add_func("/ui/idle-lock", test_idle_lock);
  return ui_test_run();
}
