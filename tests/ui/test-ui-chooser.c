/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-chooser.c: picking files to add must leave ~/.local/share/recently-used.xbel
 * exactly as it was. The first test drives Amanat's own chooser window; the second checks
 * that GTK's stock dialog does write the list (the reason that window exists: see
 * ui/amanat-file-chooser.c). The stock-dialog test runs last because it changes the file. */
#include "config.h"

#include <string.h>

#include "amanat-documents-page.h"
#include "amanat-file-chooser.h"
#include "ui-test-util.h"

static AmanatFileChooser *find_chooser(void) {
  GListModel *toplevels = gtk_window_get_toplevels(); /* transfer none */
  guint n = g_list_model_get_n_items(toplevels);
  for (guint i = 0; i < n; i++) {
    g_autoptr(GObject) window = g_list_model_get_item(toplevels, i);
    if (AMANAT_IS_FILE_CHOOSER(window))
      return AMANAT_FILE_CHOOSER(window);
  }
  return NULL;
}

static gboolean has_selection(gpointer data) {
  g_autoptr(GListModel) files = gtk_file_chooser_get_files(data);
  return g_list_model_get_n_items(files) == 1;
}

static gboolean give_up(gpointer data) {
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* GTK 4.8 loses a gtk_file_chooser_set_file() made while the chooser is still loading its
 * first folder; so ask again until the file is selected. */
static void select_file(GtkFileChooser *chooser, GFile *file) {
  for (int attempt = 0; attempt < 10 && !has_selection(chooser); attempt++) {
    GError *error = NULL;
    g_assert_true(gtk_file_chooser_set_file(chooser, file, &error));
    g_assert_no_error(error);
    gboolean late = FALSE;
    guint source = g_timeout_add(500, give_up, &late);
    while (!late && !has_selection(chooser))
      g_main_context_iteration(NULL, TRUE);
    if (!late)
      g_source_remove(source);
  }
  g_assert_true(has_selection(chooser));
}

static gboolean chooser_gone(gpointer data) {
  return find_chooser() == NULL;
}

static gboolean has_rows(gpointer data) {
  return ui_test_n_rows(data) == 1 && !amanat_window_get_busy(data);
}

static void test_chooser_leaves_no_trace(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  g_autofree char *path = ui_test_write_file("from-the-chooser.txt", "chosen in the chooser");

  /* Ctrl+O's action opens it. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.import", NULL));
  AmanatFileChooser *chooser = find_chooser();
  g_assert_nonnull(chooser);
  g_assert_true(gtk_window_get_modal(GTK_WINDOW(chooser)));
  g_assert_true(gtk_window_get_transient_for(GTK_WINDOW(chooser)) == GTK_WINDOW(window));

  GtkFileChooser *files = amanat_file_chooser_get_chooser(chooser);
  g_assert_true(gtk_file_chooser_get_select_multiple(files));
  g_autoptr(GFile) file = g_file_new_for_path(path);
  select_file(files, file);

  /* The Add button, as a click would. */
  gtk_widget_activate(ui_test_child(chooser, AMANAT_TYPE_FILE_CHOOSER, "add_button"));
  ui_test_wait(chooser_gone, NULL, 5000, "the chooser to close");
  ui_test_wait(has_rows, window, 30000, "the chosen file to be added");
  g_autofree char *titles = ui_test_titles(window);
  g_assert_cmpstr(titles, ==, "from-the-chooser.txt");

  /* GtkRecentManager writes from a timeout after a change: give it time to. */
  ui_test_run_for(2000);
  ui_test_assert_recent_unchanged();
  g_autofree char *cache = g_build_filename(g_get_user_cache_dir(), "thumbnails", NULL);
  g_assert_false(g_file_test(cache, G_FILE_TEST_EXISTS));

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static gboolean recent_mentions(const char *name) {
  g_autofree char *contents = NULL;
  if (!g_file_get_contents(ui_test_recent_path(), &contents, NULL, NULL))
    return FALSE;
  return strstr(contents, name) != NULL;
}

static gboolean timed_out(gpointer data) {
  return *(gboolean *)data;
}

static gboolean set_flag(gpointer data) {
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void test_stock_dialog_writes_recent(void) {
  g_autofree char *path = ui_test_write_file("stock-dialog-choice.txt", "x");
  g_autoptr(GFile) file = g_file_new_for_path(path);

  GtkWidget *dialog =
      gtk_file_chooser_dialog_new("Open", NULL, GTK_FILE_CHOOSER_ACTION_OPEN, "_Cancel",
                                  GTK_RESPONSE_CANCEL, "_Open", GTK_RESPONSE_ACCEPT, NULL);
  gtk_window_present(GTK_WINDOW(dialog));
  select_file(GTK_FILE_CHOOSER(dialog), file);
  gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_ACCEPT);

  gboolean late = FALSE;
  guint source = g_timeout_add(5000, set_flag, &late);
  while (!recent_mentions("stock-dialog-choice.txt") && !timed_out(&late))
    g_main_context_iteration(NULL, TRUE);
  if (!late)
    g_source_remove(source);
  gtk_window_destroy(GTK_WINDOW(dialog));
  if (!recent_mentions("stock-dialog-choice.txt"))
    g_test_skip("GTK's file chooser dialog no longer adds chosen files to recently-used.xbel; "
                "ui/amanat-file-chooser.c could be reconsidered");
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/ui/chooser/leaves-no-trace", test_chooser_leaves_no_trace);
  g_test_add_func("/ui/chooser/stock-dialog-writes-recent", test_stock_dialog_writes_recent);
  return ui_test_run();
}
