/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-sync.c: the Sync page under a virtual display, against vaults the test drives
 * with the core API: adding and verifying a colleague from a card, saving this vault's card,
 * exporting to a folder (the drive list may be empty here) and importing that bundle on the
 * other side, importing a bundle back (the other views show what came), from a colleague
 * not verified (after a confirmation) and from an unknown sender (its safety code shown).
 * Saves a screenshot of the page. */
#include "config.h"

#include <string.h>

#include "amanat-file-chooser.h"
#include "amanat-notes-page.h"
#include "amanat-sync-page.h"
#include "ui-test-util.h"

#define PEER_PASSWORD "peer vault password"

static AmanatSyncPage *sync_page(AmanatWindow *window) {
  return AMANAT_SYNC_PAGE(amanat_window_get_sync_page(window));
}

/* A vault made and opened with the core API. */
static amanat_vault *core_vault(char **dir_out) {
  g_autofree char *dir = ui_test_new_path("peer-vault");
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_create(dir, PEER_PASSWORD, strlen(PEER_PASSWORD), UI_TEST_COST), ==,
                  AMANAT_OK);
  g_assert_cmpint(
      amanat_vault_open(dir, PEER_PASSWORD, strlen(PEER_PASSWORD), AMANAT_SPACE_DEFAULT, &vault),
      ==, AMANAT_OK);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer(&dir);
  return vault;
}

static char *card_of(amanat_vault *vault) {
  char *card = ui_test_new_path("card");
  g_assert_cmpint(amanat_identity_export(vault, card), ==, AMANAT_OK);
  return card;
}

static char *code_of(amanat_vault *vault) {
  amanat_identity_info info;
  g_assert_cmpint(amanat_identity_show(vault, &info), ==, AMANAT_OK);
  return g_strdup(info.safety_code);
}

/* A bundle from `vault` to the peer it knows as `to`, in a new folder. */
static char *core_export(amanat_vault *vault, const char *to) {
  g_autofree char *folder = ui_test_new_path("bundle");
  g_assert_cmpint(g_mkdir_with_parents(folder, 0700), ==, 0);
  char *path = g_build_filename(folder, "bundle", NULL);
  const char *names[] = {to};
  amanat_export_options options = {.to = names, .to_count = 1};
  amanat_export_result result;
  g_assert_cmpint(amanat_bundle_export(vault, path, &options, &result), ==, AMANAT_OK);
  return path;
}

static AmanatFileChooser *find_chooser(void) {
  GListModel *toplevels = gtk_window_get_toplevels(); /* transfer none */
  for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
    g_autoptr(GObject) window = g_list_model_get_item(toplevels, i);
    if (AMANAT_IS_FILE_CHOOSER(window))
      return AMANAT_FILE_CHOOSER(window);
  }
  return NULL;
}

static gboolean has_selection(gpointer chooser) {
  g_autoptr(GListModel) files = gtk_file_chooser_get_files(chooser);
  return g_list_model_get_n_items(files) > 0;
}

static gboolean chooser_gone(gpointer data) {
  return find_chooser() == NULL;
}

static AdwMessageDialog *wait_dialog(AmanatWindow *window) {
  ui_test_wait_idle(window);
  AdwMessageDialog *dialog = amanat_sync_page_get_dialog(sync_page(window));
  g_assert_nonnull(dialog);
  return dialog;
}

static void test_exchange(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  gtk_window_set_default_size(GTK_WINDOW(window), 900, 1200);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  g_autofree char *report = ui_test_write_file("report.txt", "harbour report");
  g_autofree char *minutes = ui_test_write_file("minutes.txt", "meeting minutes");
  const char *const files[] = {report, minutes, NULL};
  ui_test_import(window, files);

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.show-view", "s", "sync"));
  g_assert_cmpstr(amanat_window_get_view(window), ==, "sync");
  AmanatSyncPage *page = sync_page(window);
  ui_test_wait_idle(window);
  g_autofree char *own_code = g_strdup(amanat_sync_page_get_safety_code(page));
  g_assert_cmpuint(strlen(own_code), ==, AMANAT_SAFETY_CODE_LEN);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(page), own_code));
  GtkWidget *code_label = ui_test_child(page, AMANAT_TYPE_SYNC_PAGE, "own_code_label");
  g_assert_cmpint(gtk_widget_get_direction(code_label), ==, GTK_TEXT_DIR_LTR);
  g_assert_true(gtk_label_get_selectable(GTK_LABEL(code_label)));
  g_assert_cmpuint(amanat_sync_page_get_n_peers(page), ==, 0);
  /* Whatever drives the monitor sees (none under Xvfb), the list is there. */
  g_assert_nonnull(amanat_sync_page_get_drives(page));

  /* The other vault's card, added as a colleague: not verified until the codes match. */
  g_autofree char *peer_dir = NULL;
  amanat_vault *peer = core_vault(&peer_dir);
  g_autofree char *peer_card = card_of(peer);
  g_autofree char *peer_code = code_of(peer);
  amanat_sync_page_add_peer(page, peer_card, "Layla");
  AdwMessageDialog *compare = wait_dialog(window);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(compare), peer_code));
  g_assert_cmpuint(amanat_sync_page_get_n_peers(page), ==, 1);
  g_assert_cmpint(amanat_sync_page_get_peer_verified(page, "Layla"), ==, 0);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(page), "Not verified"));

  /* Not verified: exporting to Layla needs the explicit switch. */
  g_autofree char *out = ui_test_new_path("usb");
  g_assert_cmpint(g_mkdir_with_parents(out, 0700), ==, 0);
  g_autoptr(GFile) out_folder = g_file_new_for_path(out);
  amanat_sync_page_set_recipient(page, "Layla", TRUE);
  g_assert_false(amanat_sync_page_can_export(page)); /* no destination yet */
  amanat_sync_page_set_destination_folder(page, out_folder);
  g_assert_false(amanat_sync_page_can_export(page)); /* Layla is not verified */
  amanat_sync_page_set_allow_unverified(page, TRUE);
  g_assert_true(amanat_sync_page_can_export(page));
  amanat_sync_page_set_allow_unverified(page, FALSE);

  adw_message_dialog_response(compare, "verify");
  ui_test_wait_idle(window);
  ui_test_run_for(50);
  g_assert_cmpint(amanat_sync_page_get_peer_verified(page, "Layla"), ==, 1);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(page), "Verified"));
  g_assert_true(amanat_sync_page_can_export(page));

  /* This vault's card, for the other side. */
  g_autofree char *own_card = ui_test_new_path("own-card");
  amanat_sync_page_save_identity(page, own_card);
  ui_test_wait_idle(window);
  g_assert_true(g_file_test(own_card, G_FILE_TEST_IS_REGULAR));
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  g_assert_cmpint(amanat_peer_add(peer, own_card, "Amina", code), ==, AMANAT_OK);
  g_assert_cmpstr(code, ==, own_code);
  g_assert_cmpint(amanat_peer_verify(peer, "Amina"), ==, AMANAT_OK);

  /* Export to the folder: a random name in it, and a plain "written" status. */
  g_assert_true(amanat_sync_page_export(page));
  g_assert_true(amanat_sync_page_get_busy(page));
  g_assert_false(amanat_sync_page_can_export(page));
  ui_test_wait_idle(window);
  ui_test_run_for(50);
  g_assert_false(amanat_sync_page_get_busy(page));
  const char *bundle = amanat_sync_page_get_export_path(page);
  g_assert_nonnull(bundle);
  g_autofree char *bundle_dir = g_path_get_dirname(bundle);
  g_assert_cmpstr(bundle_dir, ==, out);
  g_autofree char *bundle_name = g_path_get_basename(bundle);
  g_assert_cmpuint(strlen(bundle_name), ==, 16);
  g_assert_true(g_file_test(bundle, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull(strstr(amanat_sync_page_get_export_status(page), "2 documents"));
  g_assert_nonnull(strstr(amanat_sync_page_get_export_status(page), "written and checked"));
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "sync-page");

  /* The other vault imports it with the core API: both documents arrived. */
  amanat_import_result result;
  g_assert_cmpint(amanat_bundle_import(peer, bundle, 0, &result), ==, AMANAT_OK);
  g_assert_cmpstr(result.peer, ==, "Amina");
  g_assert_cmpuint(result.added.documents, ==, 2);
  g_autofree char *peer_titles = ui_test_core_titles(peer);
  g_assert_nonnull(strstr(peer_titles, "report.txt|"));
  g_assert_nonnull(strstr(peer_titles, "minutes.txt|"));

  /* And sends something back: the app imports it, every view shows it. */
  char id[AMANAT_ID_LEN + 1];
  g_autofree char *brief = ui_test_write_file("brief.txt", "a brief from Layla");
  g_assert_cmpint(amanat_doc_import_path(peer, brief, NULL, id), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_add(peer, "Layla's note", "call at nine", 12, id), ==, AMANAT_OK);
  g_autofree char *back = core_export(peer, "Amina");
  AmanatNotesPage *notes = AMANAT_NOTES_PAGE(amanat_window_get_notes_page(window));
  guint notes_before = g_list_model_get_n_items(amanat_notes_page_get_model(notes));
  amanat_sync_page_import(page, back, FALSE);
  ui_test_wait_idle(window);
  ui_test_run_for(50);
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_sync_page_get_import_state(page), ==, "done");
  g_assert_nonnull(strstr(amanat_sync_page_get_import_summary(page), "Documents: 2 added"));
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(page), "Imported from \u2068Layla\u2069"));
  g_autofree char *titles = ui_test_titles(window);
  g_assert_nonnull(strstr(titles, "brief.txt"));
  g_assert_nonnull(strstr(titles, "Layla's note"));
  g_assert_cmpuint(g_list_model_get_n_items(amanat_notes_page_get_model(notes)), ==,
                   notes_before + 1);
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "sync-imported");

  /* Locking leaves no code, colleague or result on the page. */
  ui_test_lock(window);
  g_assert_cmpuint(amanat_sync_page_get_n_peers(page), ==, 0);
  g_assert_cmpstr(amanat_sync_page_get_safety_code(page), ==, "");
  g_assert_cmpstr(amanat_sync_page_get_import_state(page), ==, "none");
  g_assert_false(ui_test_widget_shows_text(GTK_WIDGET(window), own_code));
  g_assert_false(ui_test_widget_shows_text(GTK_WIDGET(window), "Layla"));

  amanat_vault_lock(peer);
  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_unknown_and_unverified_sender(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  gtk_window_set_default_size(GTK_WINDOW(window), 900, 1200);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.show-view", "s", "sync"));
  AmanatSyncPage *page = sync_page(window);
  ui_test_wait_idle(window);
  g_autofree char *own_card = ui_test_new_path("own-card");
  amanat_sync_page_save_identity(page, own_card);
  ui_test_wait_idle(window);

  /* A vault that knows this one, but that this one does not know. */
  amanat_vault *stranger = core_vault(NULL);
  char code[AMANAT_SAFETY_CODE_LEN + 1];
  g_assert_cmpint(amanat_peer_add(stranger, own_card, "Amina", code), ==, AMANAT_OK);
  g_assert_cmpint(amanat_peer_verify(stranger, "Amina"), ==, AMANAT_OK);
  g_assert_cmpint(amanat_note_add(stranger, "Stranger's note", "hello", 5, code), ==, AMANAT_OK);
  g_autofree char *bundle = core_export(stranger, "Amina");
  g_autofree char *stranger_code = code_of(stranger);

  amanat_sync_page_import(page, bundle, FALSE);
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_sync_page_get_import_state(page), ==, "unknown-sender");
  g_assert_cmpstr(amanat_sync_page_get_import_code(page), ==, stranger_code);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(page), stranger_code));
  GtkWidget *code_label = ui_test_child(page, AMANAT_TYPE_SYNC_PAGE, "import_code_label");
  g_assert_true(gtk_widget_get_visible(code_label));
  g_assert_cmpint(gtk_widget_get_direction(code_label), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0);
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "sync-unknown-sender");

  /* Added but not verified: refused, then imported after the confirmation. */
  /* Through the page's own chooser and the naming dialog, as a person would. */
  g_autofree char *card = card_of(stranger);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "sync.add-peer", NULL));
  AmanatFileChooser *chooser = find_chooser();
  g_assert_nonnull(chooser);
  GtkFileChooser *files = amanat_file_chooser_get_chooser(chooser);
  g_assert_false(gtk_file_chooser_get_select_multiple(files));
  g_autoptr(GFile) card_file = g_file_new_for_path(card);
  g_assert_true(gtk_file_chooser_set_file(files, card_file, NULL));
  ui_test_wait(has_selection, files, 5000, "the card to be selected");
  amanat_file_chooser_accept(chooser);
  ui_test_wait(chooser_gone, NULL, 5000, "the chooser to close");
  AdwMessageDialog *naming = amanat_sync_page_get_dialog(page);
  g_assert_nonnull(naming);
  g_assert_false(adw_message_dialog_get_response_enabled(naming, "add"));
  gtk_editable_set_text(GTK_EDITABLE(adw_message_dialog_get_extra_child(naming)), " Stranger ");
  g_assert_true(adw_message_dialog_get_response_enabled(naming, "add"));
  adw_message_dialog_response(naming, "add");
  AdwMessageDialog *compare = wait_dialog(window);
  g_assert_true(compare != naming);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(compare), stranger_code));
  adw_message_dialog_response(compare, "later");
  ui_test_run_for(50);
  g_assert_cmpint(amanat_sync_page_get_peer_verified(page, "Stranger"), ==, 0);
  amanat_sync_page_import(page, bundle, FALSE);
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_sync_page_get_import_state(page), ==, "unverified");
  g_assert_cmpstr(amanat_sync_page_get_import_code(page), ==, stranger_code);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "sync.import-anyway", NULL));
  AdwMessageDialog *confirm = amanat_sync_page_get_dialog(page);
  g_assert_nonnull(confirm);
  adw_message_dialog_response(confirm, "import");
  ui_test_wait_idle(window);
  ui_test_run_for(50);
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_sync_page_get_import_state(page), ==, "done");
  g_autofree char *titles = ui_test_titles(window);
  g_assert_nonnull(strstr(titles, "Stranger's note"));

  amanat_vault_lock(stranger);
  /* GtkRecentManager writes from a timeout after a change: give it time to. */
  ui_test_run_for(2000);
  ui_test_assert_recent_unchanged();
  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);
  g_test_add_func("/ui/sync/exchange", test_exchange);
  g_test_add_func("/ui/sync/unknown-and-unverified-sender", test_unknown_and_unverified_sender);
  return ui_test_run();
}
