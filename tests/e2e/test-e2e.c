/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-e2e.c: the real `amanat` binary on the virtual display, driven by key presses the way
 * a person would use it: the lock screen (a wrong password, then the right one), the
 * documents amanat-cli imported before, a file added through the app's file chooser, a
 * search, the viewer, a note and a contact typed in, the sync page, the settings window, the
 * lock, quitting; then the vault is read back with amanat-cli; then a second start in Arabic,
 * whose layout must be mirrored. Each step saves <build>/screenshots/e2e-NAME.png and checks
 * that the picture shows something and changed as the step says.
 *
 * The steps are one session in order: each test below continues where the previous one left
 * the app. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "e2e-steps.h"

#define NOTE_TITLE   "Meeting at the harbour"
#define NOTE_TEXT    "Bring the ledger. Ask for Samira at the gate."
#define CONTACT_NAME "Nightingale"
#define ADDED_NAME   "Witness statement (typed).txt"

static E2eSession session;
static gboolean ready;
/* Pictures later steps compare with. */
static GdkPixbuf *locked_image, *documents_image;

#define REQUIRE_SESSION()                                                                          \
  G_STMT_START {                                                                                   \
    if (!ready) {                                                                                  \
      g_test_skip("no session (see the first test)");                                              \
      return;                                                                                      \
    }                                                                                              \
  }                                                                                                \
  G_STMT_END

static void save_last(const char *name) {
  e2e_save(session.last, name);
}

static char *write_source(const char *name, const char *contents) {
  g_autofree char *dir = e2e_path(&session, "sources");
  g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
  char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, contents, -1, &error);
  g_assert_no_error(error);
  return path;
}

/* ---- the steps --------------------------------------------------------------------- */

static void test_lock_screen(void) {
  if (!e2e_session_init(&session))
    return;
  ready = TRUE;
  e2e_make_vault(&session);
  g_autofree char *a =
      write_source("Interview with the harbour workers.txt", "Notes from the interview, 3 May.\n");
  g_autofree char *b = write_source("Budget 2024.pdf", "%PDF-1.4\n% sample\n");
  g_autofree char *c = write_source("Court ruling (scan).pdf", "%PDF-1.4\n% sample\n");
  g_autoptr(CliResult) added = e2e_cli_ok(&session, NULL, "add", a, b, c);
  g_autoptr(CliResult) contact =
      e2e_cli_ok(&session, NULL, "contact", "add", "--name", "Legal aid desk");

  e2e_app_start(&session, "");
  g_assert_true(e2e_window_mapped(&session, session.window));
  save_last("lock");
  locked_image = g_object_ref(session.last);
}

static void test_wrong_password(void) {
  REQUIRE_SESSION();
  e2e_focus(&session, session.window);
  e2e_type(&session, "not the password");
  (void)e2e_next(&session, 0.0003, "the typed password's dots");
  e2e_main_key(&session, "Return");
  (void)e2e_next(&session, 0.0005, "a wrong-password message");
  save_last("lock-wrong");
  /* Still the lock screen: a message, not a new page. */
  g_assert_cmpfloat(e2e_difference(session.last, locked_image), <, 0.1);
}

static void test_unlock(void) {
  REQUIRE_SESSION();
  e2e_unlock(&session);
  save_last("documents");
  documents_image = g_object_ref(session.last);
}

static void test_add_through_chooser(void) {
  REQUIRE_SESSION();
  g_autofree char *path = write_source(ADDED_NAME, "I saw the convoy at dawn.\n");
  g_autoptr(GdkPixbuf) chooser = NULL;
  e2e_add_file(&session, path, &chooser);
  e2e_assert_not_blank(chooser);
  e2e_save(chooser, "chooser");
  save_last("added");
}

static void test_search(void) {
  REQUIRE_SESSION();
  e2e_search(&session, "harbour");
  save_last("search");
  e2e_clear_search(&session);
}

static void test_viewer(void) {
  REQUIRE_SESSION();
  Window window = 0;
  E2eOpened opened = e2e_open_first_document(&session, &window);
  if (opened == E2E_OPENED_NOTHING) {
    g_test_skip("the document viewer has not landed: activating a row opened nothing, so "
                "there is no e2e-viewer.png yet");
    return;
  }
  g_autoptr(GdkPixbuf) image =
      opened == E2E_OPENED_WINDOW ? e2e_settle(&session, window) : g_object_ref(session.last);
  e2e_assert_not_blank(image);
  /* Until the viewer opens from the row, the row opens the document's details. */
  g_autofree char *name = opened == E2E_OPENED_WINDOW ? e2e_window_name(&session, window) : NULL;
  gboolean details = g_strcmp0(name, "Document Details") == 0;
  e2e_save(image, details ? "details" : "viewer");
  e2e_close_document(&session, opened, window);
  if (details)
    g_test_skip("the document viewer has not landed: activating a row opens the document's "
                "details (e2e-details.png), so there is no e2e-viewer.png yet");
}

static void test_note(void) {
  REQUIRE_SESSION();
  e2e_show_view(&session, 2);
  e2e_add_note(&session, NOTE_TITLE, NOTE_TEXT);
  save_last("notes");
}

static void test_contact(void) {
  REQUIRE_SESSION();
  e2e_show_view(&session, 3);
  e2e_add_contact(&session, CONTACT_NAME, NULL, NULL, NULL, NULL);
  save_last("contacts");
}

static void test_sync(void) {
  REQUIRE_SESSION();
  e2e_show_view(&session, 4);
  save_last("sync");
}

static void test_settings(void) {
  REQUIRE_SESSION();
  Window settings = e2e_open_settings(&session);
  g_autoptr(GdkPixbuf) image = e2e_settle(&session, settings);
  e2e_assert_not_blank(image);
  e2e_save(image, "settings");
  e2e_close_settings(&session, settings);
}

static void test_lock_again(void) {
  REQUIRE_SESSION();
  e2e_lock(&session);
  save_last("locked");
  /* The same lock screen as at the start: nothing of the vault stays on screen. */
  double from_start = e2e_difference(session.last, locked_image);
  g_test_message("locked screen differs from the first by %.2f%%", 100 * from_start);
  g_assert_cmpfloat(from_start, <, 0.02);
}

static void test_quit(void) {
  REQUIRE_SESSION();
  e2e_app_quit(&session);
  e2e_assert_recent_unchanged(&session);
}

/* ---- what the session left in the vault ------------------------------------------------ */

static JsonArray *parse_array(JsonParser *parser, const char *json) {
  g_autoptr(GError) error = NULL;
  g_assert_true(json_parser_load_from_data(parser, json, -1, &error));
  g_assert_no_error(error);
  JsonNode *root = json_parser_get_root(parser);
  g_assert_true(JSON_NODE_HOLDS_ARRAY(root));
  return json_node_get_array(root);
}

/* The id of the one object in `array` whose `key` is `value` (asserts there is exactly one). */
static char *find_one(JsonArray *array, const char *key, const char *value) {
  char *id = NULL;
  for (guint i = 0; i < json_array_get_length(array); i++) {
    JsonObject *object = json_array_get_object_element(array, i);
    if (g_strcmp0(json_object_get_string_member(object, key), value) == 0) {
      g_assert_null(id);
      id = g_strdup(json_object_get_string_member(object, "id"));
    }
  }
  if (id == NULL)
    g_error("nothing with %s “%s” in the vault", key, value);
  return id;
}

static void test_vault_after(void) {
  REQUIRE_SESSION();
  g_autoptr(CliResult) ls = e2e_cli_ok(&session, NULL, "ls", "--json");
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonArray *docs = parse_array(parser, ls->out);
  g_assert_cmpuint(json_array_get_length(docs), ==, 5); /* 3 from the CLI, 1 added, 1 note */
  g_autofree char *added = find_one(docs, "title", ADDED_NAME);
  g_autoptr(CliResult) added_bytes = e2e_cli_ok(&session, NULL, "get", added, "-o", "-");
  g_assert_cmpstr(added_bytes->out, ==, "I saw the convoy at dawn.\n");

  g_autofree char *note = find_one(docs, "title", NOTE_TITLE);
  g_autoptr(CliResult) note_text = e2e_cli_ok(&session, NULL, "get", note, "-o", "-");
  g_assert_cmpstr(note_text->out, ==, NOTE_TEXT);

  g_autoptr(CliResult) contacts = e2e_cli_ok(&session, NULL, "contact", "ls", "--json");
  g_autoptr(JsonParser) contact_parser = json_parser_new();
  JsonArray *people = parse_array(contact_parser, contacts->out);
  g_assert_cmpuint(json_array_get_length(people), ==, 2);
  g_autofree char *contact = find_one(people, "name", CONTACT_NAME);
}

/* ---- right to left ------------------------------------------------------------------- */

/* The language chosen in Settings, as the app keeps it before unlock (amanat-prefs-file.c). */
static void choose_language(const char *code) {
  g_autofree char *path = g_build_filename(session.home, ".config", "amanat", "prefs", NULL);
  g_autoptr(GKeyFile) prefs = g_key_file_new();
  (void)g_key_file_load_from_file(prefs, path, G_KEY_FILE_NONE, NULL);
  g_key_file_set_string(prefs, "amanat", "language", code);
  g_autoptr(GError) error = NULL;
  g_assert_true(g_key_file_save_to_file(prefs, path, &error));
  g_assert_no_error(error);
}

static void test_right_to_left(void) {
  REQUIRE_SESSION();
  /* Both ways a person gets Arabic: the system's language and the app's own setting. */
  choose_language("ar");
  e2e_app_start(&session, "ar");
  save_last("rtl-lock");
  e2e_unlock(&session);
  save_last("rtl");

  /* The rows' text and icons sit left of the middle left to right, right of it mirrored. */
  int height = gdk_pixbuf_get_height(session.last);
  double ltr = e2e_ink_centre(documents_image, height / 6, height * 3 / 5);
  double rtl = e2e_ink_centre(session.last, height / 6, height * 3 / 5);
  g_test_message("ink centre: %.2f left to right, %.2f right to left", ltr, rtl);
  g_assert_cmpfloat(ltr, <, 0.45);
  g_assert_cmpfloat(rtl, >, 0.55);
  e2e_app_quit(&session);
  e2e_assert_recent_unchanged(&session);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/e2e/01-lock-screen", test_lock_screen);
  g_test_add_func("/e2e/02-wrong-password", test_wrong_password);
  g_test_add_func("/e2e/03-unlock", test_unlock);
  g_test_add_func("/e2e/04-add-through-chooser", test_add_through_chooser);
  g_test_add_func("/e2e/05-search", test_search);
  g_test_add_func("/e2e/06-viewer", test_viewer);
  g_test_add_func("/e2e/07-note", test_note);
  g_test_add_func("/e2e/08-contact", test_contact);
  g_test_add_func("/e2e/09-sync", test_sync);
  g_test_add_func("/e2e/10-settings", test_settings);
  g_test_add_func("/e2e/11-lock-again", test_lock_again);
  g_test_add_func("/e2e/12-quit", test_quit);
  g_test_add_func("/e2e/13-vault-after", test_vault_after);
  g_test_add_func("/e2e/14-right-to-left", test_right_to_left);
  int status = g_test_run();
  g_clear_object(&locked_image);
  g_clear_object(&documents_image);
  if (ready)
    e2e_session_clear(&session);
  return status;
}
