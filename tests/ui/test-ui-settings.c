/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-settings.c: Settings driven through its actions and widgets: change the password and
 * unlock with the new one, a wrong current password refused, add and remove a duress password,
 * wipe-after and auto-lock round trips, the idle lock firing (with a one-second delay through
 * the application's test hook), the pre-unlock prefs file, and screenshots of Settings and the
 * checklist. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "amanat-checklist-page.h"
#include "amanat-lock-page.h"
#include "amanat-prefs-file.h"
#include "amanat-settings-window.h"
#include "ui-test-util.h"

#define NEW_PASSWORD "ferry lantern copper orchard"

static AmanatWindow *new_unlocked_window(char **dir_out) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer(&dir);
  return window;
}

static void import_one(AmanatWindow *window) {
  g_autofree char *a = ui_test_write_file("alpha-report.txt", "first source statement");
  const char *const paths[] = {a, NULL};
  ui_test_import(window, paths);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);
}

static AmanatSettingsWindow *find_settings(void) {
  for (GList *l = gtk_application_get_windows(GTK_APPLICATION(ui_test_app())); l != NULL;
       l = l->next)
    if (AMANAT_IS_SETTINGS_WINDOW(l->data))
      return l->data;
  return NULL;
}

static gboolean settings_idle(gpointer data) {
  return !amanat_settings_window_get_busy(data);
}

static void wait_settings(AmanatSettingsWindow *settings) {
  ui_test_wait(settings_idle, settings, 30000, "Settings to save");
}

/* win.preferences, as the menu item and Ctrl+, do. */
static AmanatSettingsWindow *open_settings(AmanatWindow *window) {
  g_assert_null(find_settings());
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.preferences", NULL));
  AmanatSettingsWindow *settings = find_settings();
  g_assert_nonnull(settings);
  g_assert_true(gtk_window_get_transient_for(GTK_WINDOW(settings)) == GTK_WINDOW(window));
  wait_settings(settings);
  return settings;
}

static gboolean no_settings(gpointer data) {
  return find_settings() == NULL;
}

static void close_settings(AmanatSettingsWindow *settings) {
  gtk_window_destroy(GTK_WINDOW(settings));
  ui_test_wait(no_settings, NULL, 5000, "Settings to close");
}

static gpointer child(AmanatSettingsWindow *settings, const char *name) {
  return ui_test_child(settings, AMANAT_TYPE_SETTINGS_WINDOW, name);
}

static void set_text(AmanatSettingsWindow *settings, const char *name, const char *text) {
  gtk_editable_set_text(GTK_EDITABLE(child(settings, name)), text);
}

static const char *label_text(AmanatSettingsWindow *settings, const char *name) {
  GtkLabel *label = child(settings, name);
  return gtk_widget_get_visible(GTK_WIDGET(label)) ? gtk_label_get_text(label) : NULL;
}

static const char *lock_message(AmanatWindow *window) {
  return amanat_lock_page_get_message(AMANAT_LOCK_PAGE(amanat_window_get_lock_page(window)));
}

/* ---- Password ---------------------------------------------------------------------- */

static void test_change_password(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  import_one(window);
  AmanatSettingsWindow *settings = open_settings(window);

  /* Not before all three are filled in and the two new ones match. */
  set_text(settings, "current_entry", UI_TEST_PASSWORD);
  set_text(settings, "new_entry", NEW_PASSWORD);
  set_text(settings, "confirm_entry", "ferry lantern copper orcharx");
  g_assert_false(
      gtk_widget_activate_action(GTK_WIDGET(settings), "settings.change-password", NULL) &&
      amanat_settings_window_get_busy(settings));
  g_assert_cmpstr(label_text(settings, "password_message"), ==,
                  "The two new passwords are not the same.");
  /* The strength meter is the setup page's. */
  g_assert_cmpfloat(gtk_level_bar_get_value(child(settings, "strength_bar")), >=, 3.0);

  set_text(settings, "confirm_entry", NEW_PASSWORD);
  g_assert_null(label_text(settings, "password_message"));
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(settings), "settings.change-password", NULL));
  /* The entries are emptied as soon as the passwords were taken. */
  g_assert_cmpstr(gtk_editable_get_text(child(settings, "current_entry")), ==, "");
  g_assert_cmpstr(gtk_editable_get_text(child(settings, "new_entry")), ==, "");
  g_assert_cmpstr(gtk_editable_get_text(child(settings, "confirm_entry")), ==, "");
  wait_settings(settings);
  g_assert_null(label_text(settings, "password_message"));
  g_assert_cmpstr(amanat_settings_window_get_last_toast(settings), ==,
                  "Password changed. Use the new one from now on.");

  /* Locking closes Settings; the old password no longer opens, the new one does. */
  ui_test_lock(window);
  g_assert_null(find_settings());
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  g_assert_cmpstr(lock_message(window), ==, "Wrong password.");
  ui_test_unlock(window, NEW_PASSWORD);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_current_password_checked(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  AmanatSettingsWindow *settings = open_settings(window);

  /* Someone at the unlocked computer who doesn't know the password can't change it. */
  set_text(settings, "current_entry", "not the password at all");
  set_text(settings, "new_entry", NEW_PASSWORD);
  set_text(settings, "confirm_entry", NEW_PASSWORD);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(settings), "settings.change-password", NULL));
  g_assert_cmpstr(gtk_editable_get_text(child(settings, "current_entry")), ==, "");
  wait_settings(settings);
  g_assert_cmpstr(label_text(settings, "password_message"), ==, "Wrong password.");
  g_assert_cmpstr(amanat_settings_window_get_last_toast(settings), !=,
                  "Password changed. Use the new one from now on.");

  /* Nothing changed: the old password still opens, the new one doesn't. */
  ui_test_lock(window);
  ui_test_unlock(window, NEW_PASSWORD);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  g_assert_cmpstr(lock_message(window), ==, "Wrong password.");
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Duress ------------------------------------------------------------------------ */

static AmanatChecklistPage *checklist_of(AmanatSettingsWindow *settings) {
  return child(settings, "checklist_page");
}

static void test_duress_password(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  import_one(window);
  AmanatSettingsWindow *settings = open_settings(window);
  AmanatChecklistPage *checklist = checklist_of(settings);
  /* The core counts the duress passwords: none were set up with this vault. */
  g_assert_cmpint(amanat_checklist_page_get_check(checklist, "duress"), ==, AMANAT_CHECK_WARNING);

  /* The real password can't be a duress password: the core says so, in plain words. */
  set_text(settings, "duress_entry", UI_TEST_PASSWORD);
  set_text(settings, "duress_confirm_entry", UI_TEST_PASSWORD);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(settings), "settings.add-duress", NULL));
  wait_settings(settings);
  g_assert_cmpstr(label_text(settings, "duress_message"), ==,
                  "That password already opens this vault. Choose another one.");

  /* "Only open the decoy": the real vault stays. */
  gtk_check_button_set_active(child(settings, "duress_decoy_check"), TRUE);
  set_text(settings, "duress_entry", UI_TEST_DURESS);
  set_text(settings, "duress_confirm_entry", UI_TEST_DURESS);
  g_assert_null(label_text(settings, "duress_message"));
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(settings), "settings.add-duress", NULL));
  g_assert_cmpstr(gtk_editable_get_text(child(settings, "duress_entry")), ==, "");
  wait_settings(settings);
  g_assert_null(label_text(settings, "duress_message"));
  g_assert_cmpstr(amanat_settings_window_get_last_toast(settings), ==, "Duress password added.");
  g_assert_cmpint(amanat_checklist_page_get_check(checklist, "duress"), ==, AMANAT_CHECK_GOOD);

  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_DURESS);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0); /* the decoy */
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);

  /* Removing every duress password (the dialog's "Remove" runs this action). */
  settings = open_settings(window);
  g_assert_true(
      gtk_widget_activate_action(GTK_WIDGET(settings), "settings.clear-duress-confirmed", NULL));
  wait_settings(settings);
  g_assert_cmpstr(amanat_settings_window_get_last_toast(settings), ==,
                  "Every duress password was removed.");
  g_assert_cmpint(amanat_checklist_page_get_check(checklist_of(settings), "duress"), ==,
                  AMANAT_CHECK_WARNING);
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_DURESS);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  g_assert_cmpstr(lock_message(window), ==, "Wrong password.");

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Numbers kept in the vault ----------------------------------------------------- */

static void test_wipe_after_round_trip(void) {
  g_autofree char *dir = NULL;
  AmanatWindow *window = new_unlocked_window(&dir);
  AmanatSettingsWindow *settings = open_settings(window);
  GtkSwitch *on = child(settings, "wipe_after_switch");
  GtkSpinButton *limit = child(settings, "wipe_after_spin");
  g_assert_false(gtk_switch_get_active(on)); /* off by default: destructive, opt-in */
  g_assert_false(gtk_widget_get_sensitive(child(settings, "wipe_after_row")));

  gtk_switch_set_active(on, TRUE);
  gtk_spin_button_set_value(limit, 5);
  wait_settings(settings);
  close_settings(settings);

  settings = open_settings(window);
  g_assert_true(gtk_switch_get_active(child(settings, "wipe_after_switch")));
  g_assert_cmpint(gtk_spin_button_get_value_as_int(child(settings, "wipe_after_spin")), ==, 5);
  close_settings(settings);

  /* What the core itself holds. */
  ui_test_lock(window);
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(dir, UI_TEST_PASSWORD, strlen(UI_TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  uint32_t stored = 0;
  g_assert_cmpint(amanat_vault_get_wipe_after(vault, &stored), ==, AMANAT_OK);
  g_assert_cmpuint(stored, ==, 5);
  amanat_vault_lock(vault);

  /* Off again is 0. */
  ui_test_unlock(window, UI_TEST_PASSWORD);
  settings = open_settings(window);
  gtk_switch_set_active(child(settings, "wipe_after_switch"), FALSE);
  wait_settings(settings);
  ui_test_lock(window);
  g_assert_cmpint(amanat_vault_open(dir, UI_TEST_PASSWORD, strlen(UI_TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_get_wipe_after(vault, &stored), ==, AMANAT_OK);
  g_assert_cmpuint(stored, ==, 0);
  amanat_vault_lock(vault);

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static gboolean page_is_lock(gpointer data) {
  return g_strcmp0(amanat_window_get_page(data), "lock") == 0 && !amanat_window_get_busy(data);
}

static void test_auto_lock(void) {
  AmanatApplication *app = ui_test_app();
  AmanatWindow *window = new_unlocked_window(NULL);
  g_assert_cmpuint(amanat_application_get_idle_timeout(app), ==, 5 * 60);

  AmanatSettingsWindow *settings = open_settings(window);
  GtkSpinButton *minutes = child(settings, "auto_lock_spin");
  g_assert_cmpint(gtk_spin_button_get_value_as_int(minutes), ==, 5);
  gtk_spin_button_set_value(minutes, 2);
  wait_settings(settings);
  g_assert_cmpuint(amanat_application_get_idle_timeout(app), ==, 2 * 60);
  close_settings(settings);

  /* Kept in the vault and applied again at the next unlock. */
  ui_test_lock(window);
  amanat_application_set_idle_timeout(app, 999);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpuint(amanat_application_get_idle_timeout(app), ==, 2 * 60);
  settings = open_settings(window);
  g_assert_cmpint(gtk_spin_button_get_value_as_int(child(settings, "auto_lock_spin")), ==, 2);

  /* The lock fires after the delay without input, and Settings closes with it. The test hook
   * is the application's delay in seconds. */
  amanat_application_set_idle_timeout(app, 1);
  gint64 start = g_get_monotonic_time();
  ui_test_wait(page_is_lock, window, 5000, "the idle lock");
  g_assert_cmpint(g_get_monotonic_time() - start, >=, 900 * 1000);
  g_assert_false(amanat_window_get_unlocked(window));
  g_assert_null(find_settings());

  amanat_application_set_idle_timeout(app, AMANAT_DEFAULT_IDLE_TIMEOUT);
  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_settings_need_unlocked_vault(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  ui_test_lock(window);
  /* Disabled while locked: nothing opens. */
  (void)gtk_widget_activate_action(GTK_WIDGET(window), "win.preferences", NULL);
  (void)gtk_widget_activate_action(GTK_WIDGET(window), "win.checklist", NULL);
  g_assert_null(find_settings());
  ui_test_window_close(window);
}

/* ---- The prefs file ---------------------------------------------------------------- */

static void test_prefs_round_trip(void) {
  g_autofree char *path = amanat_prefs_file_path();
  g_autofree char *expected = g_build_filename(g_get_user_config_dir(), "amanat", "prefs", NULL);
  g_assert_cmpstr(path, ==, expected);

  g_autoptr(GError) error = NULL;
  g_assert_true(amanat_prefs_file_set_language("ckb", &error));
  g_assert_no_error(error);
  g_assert_true(amanat_prefs_file_set_last_vault("/media/stick/vault", &error));
  g_assert_no_error(error);
  g_autofree char *language = amanat_prefs_file_dup_language();
  g_autofree char *last = amanat_prefs_file_dup_last_vault();
  g_assert_cmpstr(language, ==, "ckb");
  g_assert_cmpstr(last, ==, "/media/stick/vault");

  /* Only the owner may read it, in a folder only the owner may list. */
  struct stat st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_autofree char *dir = g_path_get_dirname(path);
  g_assert_cmpint(g_stat(dir, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0700);

  /* A plain key file holding exactly these two keys, nothing else. */
  g_autoptr(GKeyFile) file = g_key_file_new();
  g_assert_true(g_key_file_load_from_file(file, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error(error);
  gsize n_keys = 0;
  g_auto(GStrv) keys = g_key_file_get_keys(file, "amanat", &n_keys, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(n_keys, ==, 2);

  /* Not a language code: refused, and the file keeps the old one. */
  g_assert_false(amanat_prefs_file_set_language("ar;rm -rf", &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error(&error);
  g_autofree char *kept = amanat_prefs_file_dup_language();
  g_assert_cmpstr(kept, ==, "ckb");

  /* Back to the computer's language. */
  g_assert_true(amanat_prefs_file_set_language(NULL, &error));
  g_autofree char *none = amanat_prefs_file_dup_language();
  g_assert_null(none);
  g_autofree char *still = amanat_prefs_file_dup_last_vault();
  g_assert_cmpstr(still, ==, "/media/stick/vault");

  /* A damaged file reads as empty rather than failing. */
  g_assert_true(g_file_set_contents(path, "\x01\x02 not a key file [", -1, &error));
  g_autofree char *from_garbage = amanat_prefs_file_dup_language();
  g_assert_null(from_garbage);
  g_assert_true(amanat_prefs_file_set_language("fa", &error));
  g_autofree char *repaired = amanat_prefs_file_dup_language();
  g_assert_cmpstr(repaired, ==, "fa");
  g_assert_true(amanat_prefs_file_set_language(NULL, &error));
}

static void test_prefs_atomic_write(void) {
  g_autofree char *path = amanat_prefs_file_path();
  g_autofree char *dir = g_path_get_dirname(path);
  g_autoptr(GError) error = NULL;
  g_assert_true(amanat_prefs_file_set_language("tr", &error));
  struct stat before;
  g_assert_cmpint(g_stat(path, &before), ==, 0);

  /* A new file renamed over the old one (a new inode), never the old one rewritten in place:
   * a crash leaves either the whole old file or the whole new one. */
  g_assert_true(amanat_prefs_file_set_language("ru", &error));
  struct stat after;
  g_assert_cmpint(g_stat(path, &after), ==, 0);
  g_assert_cmpuint(before.st_ino, !=, after.st_ino);

  /* No temporary file is left behind. */
  g_autoptr(GDir) listing = g_dir_open(dir, 0, &error);
  g_assert_no_error(error);
  guint n = 0;
  for (const char *name; (name = g_dir_read_name(listing)) != NULL; n++)
    g_assert_cmpstr(name, ==, "prefs");
  g_assert_cmpuint(n, ==, 1);

  /* When writing fails half-way (here: a file-size limit, which binds root too, unlike
   * permissions), the old file stays whole and no temporary file is left. */
  struct rlimit limit, tiny;
  g_assert_cmpint(getrlimit(RLIMIT_FSIZE, &limit), ==, 0);
  tiny = limit;
  tiny.rlim_cur = 4;
  void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &tiny), ==, 0);
  gboolean written = amanat_prefs_file_set_language("ar", &error);
  g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &limit), ==, 0);
  signal(SIGXFSZ, old_handler);
  g_assert_false(written);
  g_assert_nonnull(error);
  g_clear_error(&error);
  g_autoptr(GDir) again = g_dir_open(dir, 0, &error);
  g_assert_no_error(error);
  n = 0;
  for (const char *name; (name = g_dir_read_name(again)) != NULL; n++)
    g_assert_cmpstr(name, ==, "prefs");
  g_assert_cmpuint(n, ==, 1);
  g_autofree char *kept = amanat_prefs_file_dup_language();
  g_assert_cmpstr(kept, ==, "ru");

  g_assert_true(amanat_prefs_file_set_language(NULL, &error));
}

static void test_prefs_apply_language(void) {
  g_autoptr(GError) error = NULL;
  g_autofree char *before = g_strdup(g_getenv("LANGUAGE"));
  g_assert_true(amanat_prefs_file_set_language("fa", &error));
  g_autofree char *applied = amanat_prefs_file_apply_language();
  g_assert_cmpstr(applied, ==, "fa");
  g_assert_cmpstr(g_getenv("LANGUAGE"), ==, "fa");

  /* No choice: the environment is left alone. */
  g_assert_true(amanat_prefs_file_set_language(NULL, &error));
  g_setenv("LANGUAGE", "de", TRUE);
  g_autofree char *nothing = amanat_prefs_file_apply_language();
  g_assert_null(nothing);
  g_assert_cmpstr(g_getenv("LANGUAGE"), ==, "de");

  if (before != NULL)
    g_setenv("LANGUAGE", before, TRUE);
  else
    g_unsetenv("LANGUAGE");
}

static void test_language_choice_saved(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  AmanatSettingsWindow *settings = open_settings(window);
  AdwComboRow *row = child(settings, "language_row");
  g_assert_cmpuint(adw_combo_row_get_selected(row), ==, 0); /* the computer's */

  GListModel *names = adw_combo_row_get_model(row);
  guint arabic = G_MAXUINT;
  for (guint i = 0; i < g_list_model_get_n_items(names); i++) {
    g_autoptr(GtkStringObject) name = g_list_model_get_item(names, i);
    if (g_strcmp0(gtk_string_object_get_string(name), "العربية") == 0)
      arabic = i;
  }
  g_assert_cmpuint(arabic, !=, G_MAXUINT);
  adw_combo_row_set_selected(row, arabic);
  g_autofree char *stored = amanat_prefs_file_dup_language();
  g_assert_cmpstr(stored, ==, "ar");
  g_assert_cmpstr(amanat_settings_window_get_last_toast(settings), ==,
                  "Amanat will use this language the next time it starts.");
  close_settings(settings);

  /* Shown again when Settings reopens. */
  settings = open_settings(window);
  g_assert_cmpuint(adw_combo_row_get_selected(child(settings, "language_row")), ==, arabic);
  adw_combo_row_set_selected(child(settings, "language_row"), 0);
  g_autofree char *cleared = amanat_prefs_file_dup_language();
  g_assert_null(cleared);

  /* The vault folder was remembered for the next start. */
  g_autofree char *last = amanat_prefs_file_dup_last_vault();
  g_assert_cmpstr(last, ==, amanat_window_get_vault_dir(window));

  ui_test_window_close(window);
}

static void test_language_at_start(void) {
  /* A language GTK has no catalogue for (Sorani Kurdish): Amanat sets LANGUAGE before GTK
   * starts, and the right-to-left direction from its own table. */
  g_autoptr(GError) error = NULL;
  g_autofree char *before = g_strdup(g_getenv("LANGUAGE"));
  g_assert_true(amanat_prefs_file_set_language("ckb", &error));
  g_autoptr(AmanatApplication) app =
      amanat_application_new("org.amanat.Amanat.TestLanguage", G_APPLICATION_NON_UNIQUE);
  g_assert_true(g_application_register(G_APPLICATION(app), NULL, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(g_getenv("LANGUAGE"), ==, "ckb");
  g_assert_cmpint(gtk_widget_get_default_direction(), ==, GTK_TEXT_DIR_RTL);

  gtk_widget_set_default_direction(GTK_TEXT_DIR_LTR);
  g_assert_true(amanat_prefs_file_set_language(NULL, &error));
  if (before != NULL)
    g_setenv("LANGUAGE", before, TRUE);
  else
    g_unsetenv("LANGUAGE");
}

/* ---- Decoy ------------------------------------------------------------------------- */

static void test_open_decoy(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  import_one(window);
  AmanatSettingsWindow *settings = open_settings(window);
  adw_preferences_window_set_visible_page_name(ADW_PREFERENCES_WINDOW(settings), "general");
  set_text(settings, "decoy_entry", UI_TEST_PASSWORD);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(settings), "settings.open-decoy", NULL));
  ui_test_wait(no_settings, NULL, 30000, "the decoy to open");
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "main");
  g_assert_true(amanat_window_get_unlocked(window));
  g_assert_cmpuint(ui_test_n_rows(window), ==, 0); /* the decoy is empty */

  /* Back to the real documents: lock, and unlock with the real password. */
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 1);

  /* A wrong password leaves Amanat locked, and says why. */
  settings = open_settings(window);
  set_text(settings, "decoy_entry", "not the password");
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(settings), "settings.open-decoy", NULL));
  ui_test_wait(page_is_lock, window, 30000, "the failed decoy unlock");
  g_assert_cmpstr(lock_message(window), ==, "Wrong password.");
  g_assert_null(find_settings());

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

/* ---- Screenshots ------------------------------------------------------------------- */

static gboolean mapped(gpointer data) {
  return gtk_widget_get_mapped(data) && gtk_widget_get_width(data) > 0;
}

static void save(GtkWidget *widget, const char *name) {
  ui_test_wait(mapped, widget, 5000, "the window to be mapped");
  ui_test_run_for(300);
  int width = gtk_widget_get_width(widget);
  int height = gtk_widget_get_height(widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
  GtkSnapshot *snapshot = gtk_snapshot_new();
  gdk_paintable_snapshot(paintable, snapshot, width, height);
  g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node(snapshot);
  g_assert_nonnull(node);
  GskRenderer *renderer = gtk_native_get_renderer(GTK_NATIVE(widget));
  g_autoptr(GdkTexture) texture =
      gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, width, height));
  g_assert_cmpint(g_mkdir_with_parents(AMANAT_SCREENSHOT_DIR, 0755), ==, 0);
  g_autofree char *file = g_strdup_printf("%s.png", name);
  g_autofree char *path = g_build_filename(AMANAT_SCREENSHOT_DIR, file, NULL);
  g_assert_true(gdk_texture_save_to_png(texture, path));
  g_test_message("%s: %dx%d", path, width, height);
}

/* A system with one plain swap partition, to show the warnings. */
static char *fake_device_of(const char *path, gboolean is_file, gpointer data) {
  return g_strdup("sda3");
}

static char *fake_dm_uuid(const char *name, gpointer data) {
  return NULL;
}

static char **fake_slaves(const char *name, gpointer data) {
  return NULL;
}

static const AmanatSwapSystem plain_swap = {fake_device_of, fake_dm_uuid, fake_slaves, NULL};

static void test_screenshots(void) {
  AmanatWindow *window = new_unlocked_window(NULL);
  AmanatSettingsWindow *settings = open_settings(window);
  gtk_window_set_default_size(GTK_WINDOW(settings), 640, 900);
  set_text(settings, "new_entry", "harbour lantern");
  save(GTK_WIDGET(settings), "settings-security");
  set_text(settings, "new_entry", "");

  amanat_settings_window_show_page(settings, "general");
  save(GTK_WIDGET(settings), "settings-general");

  amanat_settings_window_show_page(settings, "checklist");
  wait_settings(settings);
  AmanatChecklistPage *checklist = checklist_of(settings);
  gtk_check_button_set_active(amanat_checklist_page_get_step(checklist, "passwords"), TRUE);
  gtk_check_button_set_active(amanat_checklist_page_get_step(checklist, "updates"), TRUE);
  wait_settings(settings);
  save(GTK_WIDGET(settings), "checklist");

  amanat_checklist_page_set_swap_source(
      checklist, "Filename\tType\tSize\tUsed\tPriority\n/dev/sda3 partition 8388604 0 -2\n",
      &plain_swap, "freeze mem disk", "[platform] shutdown reboot suspend");
  g_assert_cmpint(amanat_checklist_page_get_check(checklist, "swap"), ==, AMANAT_CHECK_WARNING);
  g_assert_cmpint(amanat_checklist_page_get_check(checklist, "hibernation"), ==,
                  AMANAT_CHECK_WARNING);
  save(GTK_WIDGET(settings), "checklist-warnings");
  close_settings(settings);

  /* The narrowest supported width. */
  gtk_window_set_default_size(GTK_WINDOW(window), 360, 640);
  settings = open_settings(window);
  gtk_window_set_default_size(GTK_WINDOW(settings), 360, 640);
  save(GTK_WIDGET(settings), "settings-360");
  amanat_settings_window_show_page(settings, "checklist");
  wait_settings(settings);
  save(GTK_WIDGET(settings), "checklist-360");
  close_settings(settings);

  ui_test_window_close(window);
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/settings/prefs/round-trip", test_prefs_round_trip);
  g_test_add_func("/settings/prefs/atomic-write", test_prefs_atomic_write);
  g_test_add_func("/settings/prefs/apply-language", test_prefs_apply_language);
  g_test_add_func("/settings/change-password", test_change_password);
  g_test_add_func("/settings/current-password-checked", test_current_password_checked);
  g_test_add_func("/settings/duress-password", test_duress_password);
  g_test_add_func("/settings/wipe-after", test_wipe_after_round_trip);
  g_test_add_func("/settings/auto-lock", test_auto_lock);
  g_test_add_func("/settings/need-unlocked-vault", test_settings_need_unlocked_vault);
  g_test_add_func("/settings/language", test_language_choice_saved);
  g_test_add_func("/settings/language-at-start", test_language_at_start);
  g_test_add_func("/settings/open-decoy", test_open_decoy);
  g_test_add_func("/settings/screenshots", test_screenshots);
  return ui_test_run();
}
