/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-contacts.c: the contacts page under a virtual display: a contact with a sensitive
 * field shows that value nowhere until it is revealed, hides it again on leaving, copies it
 * to a clipboard that is emptied later, and edits, deletes (with undo) and locks leave no
 * name in any widget. Saves screenshots of the hidden and revealed states. */
#include "config.h"

#include <string.h>

#include "amanat-clipboard.h"
#include "amanat-contact-editor.h"
#include "amanat-contact-field-editor.h"
#include "amanat-contacts-page.h"
#include "ui-test-util.h"

#define NAME      "Falcon (source)"
#define PHONE     "+1 555 0100"
#define REAL_NAME "Amina Haddad"

static AmanatContactsPage *contacts_page(AmanatWindow *window) {
  return AMANAT_CONTACTS_PAGE(amanat_window_get_contacts_page(window));
}

static AmanatWindow *new_unlocked_window(char **dir_out, int width) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = amanat_window_new(ui_test_app(), dir);
  amanat_window_set_kdf_cost(window, UI_TEST_COST);
  gtk_window_set_default_size(GTK_WINDOW(window), width, 640);
  gtk_window_present(GTK_WINDOW(window));
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.show-view", "s", "contacts"));
  g_assert_cmpstr(amanat_window_get_view(window), ==, "contacts");
  if (dir_out != NULL)
    *dir_out = g_steal_pointer(&dir);
  return window;
}

static AmanatContactFieldEditor *field_editor(AmanatContactEditor *editor, guint index) {
  GPtrArray *editors = amanat_contact_editor_get_field_editors(editor);
  g_assert_cmpuint(index, <, editors->len);
  return g_ptr_array_index(editors, index);
}

static void add_field(AmanatContactsPage *page, const char *label, const char *value,
                      gboolean sensitive) {
  AmanatContactEditor *editor = amanat_contacts_page_get_editor(page);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "contacts.add-field", NULL));
  guint last = amanat_contact_editor_get_field_editors(editor)->len - 1;
  amanat_contact_field_editor_set_label(field_editor(editor, last), label);
  amanat_contact_field_editor_set_value(field_editor(editor, last), value);
  amanat_contact_field_editor_set_sensitive(field_editor(editor, last), sensitive);
}

/* Adds the contact the tests use, through the editor, and waits for its page. */
static void add_falcon(AmanatWindow *window) {
  AmanatContactsPage *page = contacts_page(window);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.new-item", NULL));
  g_assert_cmpstr(amanat_contacts_page_get_mode(page), ==, "edit");
  AmanatContactEditor *editor = amanat_contacts_page_get_editor(page);

  /* No name: refused, with a reason, and nothing saved. */
  g_assert_false(amanat_contacts_page_save(page));
  gtk_editable_set_text(amanat_contact_editor_get_name_entry(editor), NAME);
  add_field(page, "Phone", PHONE, FALSE);
  add_field(page, "Real name", REAL_NAME, TRUE);
  add_field(page, "Signal", "@falcon.01", TRUE);
  gtk_text_buffer_set_text(amanat_contact_editor_get_notes_buffer(editor), "Met at the harbour.",
                           -1);
  gtk_editable_set_text(amanat_contact_editor_get_tags_entry(editor), "sources, harbour, sources");

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "contacts.save", NULL));
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_contacts_page_get_mode(page), ==, "view");
  g_assert_cmpuint(g_list_model_get_n_items(amanat_contacts_page_get_model(page)), ==, 1);
}

static AmanatContactFieldRow *field_row(AmanatWindow *window, const char *label) {
  AmanatContactView *view = amanat_contacts_page_get_view(contacts_page(window));
  AmanatContactFieldRow *row = amanat_contact_view_get_field_row(view, label);
  g_assert_nonnull(row);
  return row;
}

static gboolean shows(AmanatWindow *window, const char *text) {
  return ui_test_widget_shows_text(GTK_WIDGET(window), text);
}

/* ---- Sensitive fields -------------------------------------------------------------- */

static void test_sensitive_hidden_until_revealed(void) {
  g_autofree char *dir = NULL;
  AmanatWindow *window = new_unlocked_window(&dir, 900);
  AmanatContactsPage *page = contacts_page(window);
  add_falcon(window);

  /* The name and the ordinary field show; the sensitive ones show nowhere. */
  g_assert_true(shows(window, NAME));
  g_assert_true(shows(window, PHONE));
  g_assert_true(shows(window, "Met at the harbour."));
  g_assert_true(shows(window, "harbour, sources"));
  g_assert_false(shows(window, REAL_NAME));
  g_assert_false(shows(window, "@falcon.01"));
  AmanatContactFieldRow *row = field_row(window, "Real name");
  g_assert_true(amanat_contact_field_row_get_sensitive(row));
  g_assert_false(amanat_contact_field_row_get_revealed(row));
  g_assert_true(amanat_contact_field_row_get_revealed(field_row(window, "Phone")));
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "contacts-sensitive-hidden");

  /* Revealing one field shows that one only. */
  amanat_contact_field_row_set_revealed(row, TRUE);
  g_assert_true(shows(window, REAL_NAME));
  g_assert_false(shows(window, "@falcon.01"));
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "contacts-revealed");

  /* Leaving the contacts hides it again. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.show-view", "s", "documents"));
  ui_test_run_for(50);
  g_assert_false(amanat_contact_field_row_get_revealed(row));
  g_assert_false(shows(window, REAL_NAME));
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(window), "win.show-view", "s", "contacts"));

  /* So does showing another contact: the rows are new. */
  amanat_contact_field_row_set_revealed(field_row(window, "Real name"), TRUE);
  g_assert_true(shows(window, REAL_NAME));
  g_autoptr(AmanatContact) first = g_list_model_get_item(amanat_contacts_page_get_model(page), 0);
  amanat_contacts_page_show_contact(page, amanat_contact_get_id(first));
  ui_test_wait_idle(window);
  g_assert_false(shows(window, REAL_NAME));

  /* Search filters by name. */
  GtkEditable *search = ui_test_child(page, AMANAT_TYPE_CONTACTS_PAGE, "search_entry");
  gtk_editable_set_text(search, "FALC");
  ui_test_run_for(400); /* the search entry's delay */
  g_assert_cmpuint(g_list_model_get_n_items(amanat_contacts_page_get_model(page)), ==, 1);
  gtk_editable_set_text(search, "nobody");
  ui_test_run_for(400);
  g_assert_cmpuint(g_list_model_get_n_items(amanat_contacts_page_get_model(page)), ==, 0);
  gtk_editable_set_text(search, "");
  ui_test_run_for(400);

  /* Locking leaves no name, value or note in any widget; unlocking shows it hidden. */
  amanat_contact_field_row_set_revealed(field_row(window, "Real name"), TRUE);
  ui_test_lock(window);
  g_assert_cmpuint(g_list_model_get_n_items(amanat_contacts_page_get_model(page)), ==, 0);
  g_assert_cmpstr(amanat_contacts_page_get_mode(page), ==, "none");
  g_assert_false(shows(window, NAME));
  g_assert_false(shows(window, PHONE));
  g_assert_false(shows(window, REAL_NAME));
  g_assert_false(shows(window, "Met at the harbour."));
  ui_test_unlock(window, UI_TEST_PASSWORD);
  g_assert_cmpuint(g_list_model_get_n_items(amanat_contacts_page_get_model(page)), ==, 1);
  g_autoptr(AmanatContact) again = g_list_model_get_item(amanat_contacts_page_get_model(page), 0);
  g_assert_cmpstr(amanat_contact_get_name(again), ==, NAME);
  /* The list keeps names only, never values. */
  g_assert_null(amanat_contact_get_field_value(again, 0));
  amanat_contacts_page_show_contact(page, amanat_contact_get_id(again));
  ui_test_wait_idle(window);
  g_assert_false(amanat_contact_field_row_get_revealed(field_row(window, "Real name")));
  g_assert_false(shows(window, REAL_NAME));

  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static gboolean no_secret(gpointer data) {
  return !amanat_clipboard_has_secret();
}

static void test_copy_clears_clipboard(void) {
  AmanatWindow *window = new_unlocked_window(NULL, 900);
  add_falcon(window);

  amanat_clipboard_set_clear_delay_ms(500);
  AmanatContactFieldRow *row = field_row(window, "Real name");
  amanat_contact_field_row_copy(row);
  g_assert_false(amanat_contact_field_row_get_revealed(row)); /* copying does not reveal */
  GdkClipboard *clipboard = gtk_widget_get_clipboard(GTK_WIDGET(window));
  GdkContentProvider *content = gdk_clipboard_get_content(clipboard);
  g_assert_nonnull(content);
  GValue value = G_VALUE_INIT;
  g_value_init(&value, G_TYPE_STRING);
  g_assert_true(gdk_content_provider_get_value(content, &value, NULL));
  g_assert_cmpstr(g_value_get_string(&value), ==, REAL_NAME);
  g_value_unset(&value);
  g_assert_true(gdk_content_formats_contain_mime_type(gdk_clipboard_get_formats(clipboard),
                                                      "x-kde-passwordManagerHint"));
  g_assert_true(amanat_clipboard_has_secret());

  ui_test_wait(no_secret, NULL, 5000, "the clipboard to be cleared");
  g_assert_null(gdk_clipboard_get_content(clipboard));

  /* Something copied since is left alone. */
  amanat_contact_field_row_copy(row);
  ui_test_run_for(100);
  gdk_clipboard_set_text(clipboard, "the person's own text");
  ui_test_run_for(100); /* the X server's selection events */
  GdkContentProvider *own = gdk_clipboard_get_content(clipboard);
  g_assert_nonnull(own);
  ui_test_wait(no_secret, NULL, 5000, "the clipboard timer");
  g_assert_true(gdk_clipboard_get_content(clipboard) == own);

  /* Locking clears a copied secret at once. */
  amanat_clipboard_set_clear_delay_ms(0);
  amanat_contact_field_row_copy(row);
  ui_test_lock(window);
  g_assert_false(amanat_clipboard_has_secret());
  g_assert_null(gdk_clipboard_get_content(clipboard));

  ui_test_window_close(window);
}

/* ---- Editing and deleting ---------------------------------------------------------- */

static void test_edit_contact(void) {
  AmanatWindow *window = new_unlocked_window(NULL, 900);
  AmanatContactsPage *page = contacts_page(window);
  add_falcon(window);

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "contacts.edit", NULL));
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_contacts_page_get_mode(page), ==, "edit");
  AmanatContactEditor *editor = amanat_contacts_page_get_editor(page);
  g_assert_cmpstr(gtk_editable_get_text(amanat_contact_editor_get_name_entry(editor)), ==, NAME);
  GPtrArray *editors = amanat_contact_editor_get_field_editors(editor);
  g_assert_cmpuint(editors->len, ==, 3);
  g_assert_cmpstr(amanat_contact_field_editor_get_value(field_editor(editor, 1)), ==, REAL_NAME);
  g_assert_true(amanat_contact_field_editor_get_sensitive(field_editor(editor, 1)));

  /* Rename, make the phone sensitive, drop Signal, add an address, change the tags. */
  gtk_editable_set_text(amanat_contact_editor_get_name_entry(editor), "Kestrel");
  amanat_contact_field_editor_set_sensitive(field_editor(editor, 0), TRUE);
  g_signal_emit_by_name(field_editor(editor, 2), "remove-requested");
  g_assert_cmpuint(editors->len, ==, 2);
  add_field(page, "Address", "12 Harbour Road", FALSE);
  gtk_editable_set_text(amanat_contact_editor_get_tags_entry(editor), "sources");

  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "contacts-editor");

  /* Two fields with one label are refused, with the reason said. */
  add_field(page, "Phone", "+1 555 0199", FALSE);
  g_assert_false(amanat_contacts_page_save(page));
  GtkLabel *error = ui_test_child(editor, AMANAT_TYPE_CONTACT_EDITOR, "error_label");
  g_assert_true(gtk_widget_get_visible(GTK_WIDGET(error)));
  g_signal_emit_by_name(field_editor(editor, 3), "remove-requested");

  g_assert_true(amanat_contacts_page_save(page));
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_contacts_page_get_mode(page), ==, "view");
  g_assert_true(shows(window, "Kestrel"));
  g_assert_false(shows(window, NAME));
  g_assert_true(amanat_contact_field_row_get_sensitive(field_row(window, "Phone")));
  g_assert_false(shows(window, PHONE));
  g_assert_true(shows(window, "12 Harbour Road"));
  AmanatContactView *view = amanat_contacts_page_get_view(page);
  g_assert_null(amanat_contact_view_get_field_row(view, "Signal"));
  AmanatContact *shown = amanat_contact_view_get_contact(view);
  g_assert_cmpuint(g_strv_length((char **)amanat_contact_get_tags(shown)), ==, 1);
  g_assert_cmpstr(amanat_contact_get_tags(shown)[0], ==, "sources");

  /* Cancel keeps what was saved. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "contacts.edit", NULL));
  ui_test_wait_idle(window);
  gtk_editable_set_text(amanat_contact_editor_get_name_entry(editor), "Not kept");
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "contacts.cancel-edit", NULL));
  ui_test_wait_idle(window);
  g_assert_cmpstr(amanat_contacts_page_get_mode(page), ==, "view");
  g_assert_false(shows(window, "Not kept"));
  g_autoptr(AmanatContact) listed = g_list_model_get_item(amanat_contacts_page_get_model(page), 0);
  g_assert_cmpstr(amanat_contact_get_name(listed), ==, "Kestrel");

  ui_test_window_close(window);
}

static void test_delete_with_undo(void) {
  g_autofree char *dir = NULL;
  AmanatWindow *window = new_unlocked_window(&dir, 900);
  AmanatContactsPage *page = contacts_page(window);
  GListModel *model = amanat_contacts_page_get_model(page);
  add_falcon(window);

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "contacts.delete", NULL));
  g_assert_cmpuint(g_list_model_get_n_items(model), ==, 0);
  g_assert_cmpstr(amanat_contacts_page_get_mode(page), ==, "none");
  amanat_contacts_page_undo_delete(page);
  ui_test_wait_idle(window);
  g_assert_cmpuint(g_list_model_get_n_items(model), ==, 1);
  g_assert_cmpstr(amanat_contacts_page_get_mode(page), ==, "view");

  /* Locking while the toast is up deletes it for good. */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "contacts.delete", NULL));
  ui_test_lock(window);
  ui_test_unlock(window, UI_TEST_PASSWORD);
  ui_test_wait_idle(window);
  g_assert_cmpuint(g_list_model_get_n_items(model), ==, 0);

  ui_test_window_close(window);
}

/* ---- Narrow window ----------------------------------------------------------------- */

static void test_narrow_window(void) {
  AmanatWindow *window = new_unlocked_window(NULL, 360);
  AmanatContactsPage *page = contacts_page(window);
  add_falcon(window);

  AdwLeaflet *leaflet = ui_test_child(page, AMANAT_TYPE_CONTACTS_PAGE, "leaflet");
  ui_test_run_for(200);
  g_assert_true(adw_leaflet_get_folded(leaflet));
  g_assert_cmpstr(adw_leaflet_get_visible_child_name(leaflet), ==, "detail");
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "contacts-360");

  /* Back to the list hides a revealed field. */
  AmanatContactFieldRow *row = field_row(window, "Real name");
  amanat_contact_field_row_set_revealed(row, TRUE);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(page), "contacts.back", NULL));
  g_assert_cmpstr(adw_leaflet_get_visible_child_name(leaflet), ==, "list");
  g_assert_false(amanat_contact_field_row_get_revealed(row));

  ui_test_window_close(window);
}

/* ---- Right to left ----------------------------------------------------------------- */

static void test_right_to_left(void) {
  gtk_widget_set_default_direction(GTK_TEXT_DIR_RTL);
  AmanatWindow *window = new_unlocked_window(NULL, 900);
  add_falcon(window);
  AmanatContactsPage *page = contacts_page(window);
  /* Mirrored: the list's search entry sits right of the detail side. */
  GtkWidget *search = ui_test_child(page, AMANAT_TYPE_CONTACTS_PAGE, "search_entry");
  AmanatContactView *view = amanat_contacts_page_get_view(page);
  ui_test_run_for(200);
  graphene_point_t search_at, view_at;
  g_assert_true(
      gtk_widget_compute_point(search, GTK_WIDGET(window), &GRAPHENE_POINT_INIT(0, 0), &search_at));
  g_assert_true(gtk_widget_compute_point(GTK_WIDGET(view), GTK_WIDGET(window),
                                         &GRAPHENE_POINT_INIT(0, 0), &view_at));
  g_assert_cmpfloat(search_at.x, >, view_at.x);
  ui_test_save_screenshot(window, AMANAT_SCREENSHOT_DIR, "contacts-rtl");
  ui_test_window_close(window);
  gtk_widget_set_default_direction(GTK_TEXT_DIR_LTR);
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/ui/contacts/sensitive-hidden-until-revealed",
                  test_sensitive_hidden_until_revealed);
  g_test_add_func("/ui/contacts/copy-clears-clipboard", test_copy_clears_clipboard);
  g_test_add_func("/ui/contacts/edit", test_edit_contact);
  g_test_add_func("/ui/contacts/delete-with-undo", test_delete_with_undo);
  g_test_add_func("/ui/contacts/narrow-window", test_narrow_window);
  g_test_add_func("/ui/contacts/right-to-left", test_right_to_left);
  return ui_test_run();
}
