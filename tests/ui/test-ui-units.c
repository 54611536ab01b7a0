/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-units.c: the UI's parts on their own: the log writer, the session's job queue,
 * the paged document model (list, search, hidden rows, busy placeholders) and the
 * hold-to-confirm button. */
#include "config.h"

#include <string.h>

#include "amanat-document-model.h"
#include "amanat-hold-button.h"
#include "amanat-log.h"
#include "amanat-secret-entry.h"
#include "amanat-session.h"
#include "ui-test-util.h"

/* ---- Log writer -------------------------------------------------------------------- */

static void test_log_format(void) {
  const GLogField fields[] = {
      {"GLIB_DOMAIN", "Gtk", -1},
      {"MESSAGE", "Could not open /home/x/Sources/informant-names.pdf", -1},
      {"PRIORITY", "4", -1},
  };
  g_autofree char *line = amanat_log_format_record(G_LOG_LEVEL_WARNING, fields, 3);
  g_assert_cmpstr(line, ==, "Gtk-WARNING: message suppressed");

  /* A domain that is not a plain name is not printed either. */
  const GLogField odd[] = {{"GLIB_DOMAIN", "informant names.pdf", -1}, {"MESSAGE", "x", -1}};
  g_autofree char *odd_line = amanat_log_format_record(G_LOG_LEVEL_CRITICAL, odd, 2);
  g_assert_cmpstr(odd_line, ==, "(unknown)-CRITICAL: message suppressed");
}

static void test_log_writer(void) {
  if (g_test_subprocess()) {
    amanat_log_install();
    const char *mode = g_getenv("AMANAT_TEST_LOG_MODE");
    if (g_strcmp0(mode, "debug") == 0)
      g_setenv("G_MESSAGES_DEBUG", "all", TRUE);
    else
      g_unsetenv("G_MESSAGES_DEBUG");
    g_log("Amanat", G_LOG_LEVEL_MESSAGE, "imported %s", "informant-names.pdf");
    g_log("Amanat", G_LOG_LEVEL_DEBUG, "title %s", "informant-names.pdf");
    return;
  }
  g_setenv("AMANAT_TEST_LOG_MODE", "quiet", TRUE);
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stderr("");
  g_test_trap_assert_stdout("");

  g_setenv("AMANAT_TEST_LOG_MODE", "debug", TRUE);
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stderr(
      "*Amanat-MESSAGE: message suppressed*Amanat-DEBUG: message suppressed*");
  g_test_trap_assert_stderr_unmatched("*informant*");
  g_unsetenv("AMANAT_TEST_LOG_MODE");
}

/* ---- Session ----------------------------------------------------------------------- */

typedef struct {
  const char *password;
  amanat_space_choice space;
} OpenArgs;

static int open_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  const OpenArgs *args = data;
  return amanat_vault_open(dir, args->password, strlen(args->password), args->space, vault);
}

static int sleep_job(amanat_vault **vault, const char *dir, gpointer data,
                     GCancellable *cancellable) {
  g_usleep(GPOINTER_TO_UINT(data) * 1000);
  return AMANAT_OK;
}

static int append_job(amanat_vault **vault, const char *dir, gpointer data,
                      GCancellable *cancellable) {
  return AMANAT_OK;
}

typedef struct {
  GString *order;
  guint done;
} OrderData;

static void on_append_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  OrderData *data = user_data;
  GError *error = NULL;
  g_assert_cmpint(amanat_session_run_finish(AMANAT_SESSION(source), result, &error), ==, 0);
  g_assert_no_error(error);
  g_string_append_c(data->order, (char)('a' + data->done++));
}

static gboolean all_done(gpointer data) {
  return ((OrderData *)data)->done == 3;
}

static gboolean session_idle(gpointer data) {
  return !amanat_session_get_busy(data);
}

static AmanatSession *open_session(const char *dir) {
  AmanatSession *session = amanat_session_new(dir);
  static const OpenArgs args = {UI_TEST_PASSWORD, AMANAT_SPACE_DEFAULT};
  amanat_session_run(session, open_job, (gpointer)&args, NULL, NULL, NULL, NULL);
  ui_test_wait(session_idle, session, 30000, "the vault to open");
  g_assert_true(amanat_session_get_unlocked(session));
  return session;
}

static char *make_vault_with_notes(guint n) {
  char *dir = ui_test_new_path("vault");
  g_assert_cmpint(
      amanat_vault_create(dir, UI_TEST_PASSWORD, strlen(UI_TEST_PASSWORD), UI_TEST_COST), ==,
      AMANAT_OK);
  amanat_vault *vault = NULL;
  g_assert_cmpint(amanat_vault_open(dir, UI_TEST_PASSWORD, strlen(UI_TEST_PASSWORD),
                                    AMANAT_SPACE_DEFAULT, &vault),
                  ==, AMANAT_OK);
  g_assert_cmpint(amanat_vault_batch_begin(vault), ==, AMANAT_OK);
  for (guint i = 0; i < n; i++) {
    char title[64], id[AMANAT_ID_LEN + 1];
    g_snprintf(title, sizeof title, "note %05u %s", i, i % 10 == 7 ? "seven" : "other");
    g_assert_cmpint(amanat_note_add(vault, title, "body", 4, id), ==, AMANAT_OK);
  }
  g_assert_cmpint(amanat_vault_batch_commit(vault), ==, AMANAT_OK);
  amanat_vault_lock(vault);
  return dir;
}

static void test_session_jobs_in_order(void) {
  g_autofree char *dir = make_vault_with_notes(1);
  g_autoptr(AmanatSession) session = open_session(dir);

  OrderData data = {g_string_new(NULL), 0};
  amanat_session_run(session, sleep_job, GUINT_TO_POINTER(200), NULL, NULL, on_append_done_cb,
                     &data);
  amanat_session_run(session, append_job, NULL, NULL, NULL, on_append_done_cb, &data);
  amanat_session_run(session, append_job, NULL, NULL, NULL, on_append_done_cb, &data);
  g_assert_true(amanat_session_get_busy(session));
  /* The main thread never waits for the worker: borrowing fails while a job runs. */
  ui_test_run_for(50);
  g_assert_null(amanat_session_borrow(session));
  ui_test_wait(all_done, &data, 10000, "the jobs");
  g_assert_cmpstr(data.order->str, ==, "abc");
  g_string_free(data.order, TRUE);

  amanat_vault *vault = amanat_session_borrow(session);
  g_assert_nonnull(vault);
  amanat_session_give_back(session);

  amanat_session_lock(session);
  g_assert_false(amanat_session_get_unlocked(session)); /* at once */
  ui_test_wait(session_idle, session, 10000, "the lock");
  g_assert_null(amanat_session_borrow(session));
  amanat_session_close(session);
}

/* ---- Document model ---------------------------------------------------------------- */

typedef struct {
  guint position, removed, added, count;
} Change;

static void on_items_changed_cb(GListModel *model, guint position, guint removed, guint added,
                                Change *change) {
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

static char *title_at(GListModel *model, guint position) {
  g_autoptr(AmanatDocument) doc = g_list_model_get_item(model, position);
  g_assert_nonnull(doc);
  g_assert_false(amanat_document_is_placeholder(doc));
  return g_strdup(amanat_document_get_title(doc));
}

static void test_model_pages(void) {
  const guint n = 1000;
  g_autofree char *dir = make_vault_with_notes(n);
  g_autoptr(AmanatSession) session = open_session(dir);
  g_autoptr(AmanatDocumentModel) model = amanat_document_model_new(session);
  GListModel *list = G_LIST_MODEL(model);

  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 0);
  amanat_document_model_reload(model);
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, n);
  g_assert_true(g_list_model_get_item_type(list) == AMANAT_TYPE_DOCUMENT);
  g_assert_null(g_list_model_get_item(list, n));

  /* Newest first, and only the pages looked at are read. */
  g_autofree char *first = title_at(list, 0);
  g_assert_cmpstr(first, ==, "note 00999 other");
  g_assert_cmpuint(amanat_document_model_get_cached_pages(model), ==, 1);
  g_autofree char *last = title_at(list, n - 1);
  g_assert_cmpstr(last, ==, "note 00000 other");
  g_assert_cmpuint(amanat_document_model_get_cached_pages(model), ==, 2);
  for (guint i = 0; i < n; i += 37) {
    g_autofree char *title = title_at(list, i);
    g_autofree char *want = g_strdup_printf("note %05u", n - 1 - i);
    g_assert_true(g_str_has_prefix(title, want));
  }
  g_assert_cmpuint(amanat_document_model_get_cached_pages(model), <=, 32);

  /* Hiding a row (a deletion waiting for Undo) shifts the rest; unhiding restores. */
  Change change = {0};
  g_signal_connect(model, "items-changed", G_CALLBACK(on_items_changed_cb), &change);
  g_autoptr(AmanatDocument) hidden = amanat_document_model_hide(model, 5);
  g_assert_cmpstr(amanat_document_get_title(hidden), ==, "note 00994 other");
  g_assert_cmpuint(change.position, ==, 5);
  g_assert_cmpuint(change.removed, ==, 1);
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, n - 1);
  g_autofree char *fifth = title_at(list, 5);
  g_assert_cmpstr(fifth, ==, "note 00993 other");
  /* Across a page boundary too. */
  g_autofree char *at_page = title_at(list, 199);
  g_assert_cmpstr(at_page, ==, "note 00799 other");
  amanat_document_model_reload(model); /* the hidden row stays hidden across reloads */
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, n - 1);
  g_assert_true(amanat_document_model_unhide(model, amanat_document_get_id(hidden)));
  g_assert_cmpuint(change.position, ==, 5);
  g_assert_cmpuint(change.added, ==, 1);
  g_autofree char *back = title_at(list, 5);
  g_assert_cmpstr(back, ==, "note 00994 other");
  guint position = 0;
  g_assert_true(amanat_document_model_find(model, amanat_document_get_id(hidden), &position));
  g_assert_cmpuint(position, ==, 5);
  g_signal_handlers_disconnect_by_data(model, &change);

  /* Locking empties the model. */
  amanat_session_lock(session);
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 0);
  ui_test_wait(session_idle, session, 10000, "the lock");
  amanat_session_close(session);
}

static void test_model_search(void) {
  g_autofree char *dir = make_vault_with_notes(300);
  g_autoptr(AmanatSession) session = open_session(dir);
  g_autoptr(AmanatDocumentModel) model = amanat_document_model_new(session);
  GListModel *list = G_LIST_MODEL(model);

  amanat_document_model_set_query(model, "seven");
  g_assert_true(amanat_document_model_get_searching(model)); /* on the worker */
  ui_test_wait(session_idle, session, 10000, "the search");
  g_assert_false(amanat_document_model_get_searching(model));
  g_assert_cmpstr(amanat_document_model_get_query(model), ==, "seven");
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 30);
  for (guint i = 0; i < 30; i++) {
    g_autofree char *title = title_at(list, i);
    g_assert_true(g_str_has_suffix(title, "seven"));
  }
  g_autoptr(AmanatDocument) hidden = amanat_document_model_hide(model, 3);
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 29);
  amanat_document_model_reload(model);
  ui_test_wait(session_idle, session, 10000, "the search");
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 29);
  g_assert_true(amanat_document_model_unhide(model, amanat_document_get_id(hidden)));
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 30);

  /* Punctuation alone has no words: no results, no error. */
  amanat_document_model_set_query(model, "--");
  ui_test_wait(session_idle, session, 10000, "the search");
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 0);
  amanat_document_model_set_query(model, "  ");
  g_assert_null(amanat_document_model_get_query(model));
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 300);
  amanat_session_close(session);
}

static gboolean n_items_is(gpointer data) {
  return g_list_model_get_n_items(data) == 50;
}

static void test_model_placeholders_while_busy(void) {
  g_autofree char *dir = make_vault_with_notes(50);
  g_autoptr(AmanatSession) session = open_session(dir);
  g_autoptr(AmanatDocumentModel) model = amanat_document_model_new(session);
  GListModel *list = G_LIST_MODEL(model);
  amanat_document_model_reload(model);
  g_assert_cmpuint(g_list_model_get_n_items(list), ==, 50);

  /* A job holds the vault: rows not read yet are placeholders, never a wait. */
  amanat_session_run(session, sleep_job, GUINT_TO_POINTER(300), NULL, NULL, NULL, NULL);
  ui_test_run_for(50);
  g_autoptr(AmanatDocument) doc = g_list_model_get_item(list, 10);
  g_assert_true(amanat_document_is_placeholder(doc));
  g_assert_cmpstr(amanat_document_get_display_title(doc), ==, "…");

  /* When the job is done the model reads again by itself. */
  Change change = {0};
  g_signal_connect(model, "items-changed", G_CALLBACK(on_items_changed_cb), &change);
  ui_test_wait(session_idle, session, 10000, "the job");
  g_assert_cmpuint(change.count, >=, 1);
  ui_test_wait(n_items_is, list, 1000, "the reload");
  g_autofree char *title = title_at(list, 10);
  g_assert_cmpstr(title, ==, "note 00039 other");
  g_signal_handlers_disconnect_by_data(model, &change);
  amanat_session_close(session);
}

/* ---- Password entries ------------------------------------------------------------- */

/* The bytes of the entry's buffer, as far as `len` (the buffer is at least that big: it
 * held `len` bytes before). */
static const char *buffer_bytes(GtkWidget *entry) {
  GtkEntryBuffer *buffer =
      gtk_text_get_buffer(GTK_TEXT(gtk_editable_get_delegate(GTK_EDITABLE(entry))));
  return gtk_entry_buffer_get_text(buffer);
}

static gboolean contains(const char *bytes, size_t len, const char *needle) {
  return memmem(bytes, len, needle, strlen(needle)) != NULL;
}

static void test_secret_entry_wipe(void) {
  const char *password = UI_TEST_PASSWORD;
  size_t len = strlen(password);

  /* What GTK does by itself: emptying the entry leaves the old bytes in its buffer. */
  GtkWidget *plain = g_object_ref_sink(gtk_password_entry_new());
  gtk_editable_set_text(GTK_EDITABLE(plain), password);
  gtk_editable_set_text(GTK_EDITABLE(plain), "");
  gboolean gtk_leaves_it = memmem(buffer_bytes(plain), len, "battery", 7) != NULL;
  g_object_unref(plain);

  GtkWidget *entry = g_object_ref_sink(gtk_password_entry_new());
  amanat_secret_entry_prepare(GTK_EDITABLE(entry));
  g_assert_false(gtk_editable_get_enable_undo(GTK_EDITABLE(entry)));
  gtk_editable_set_text(GTK_EDITABLE(entry), password);
  amanat_secret_entry_wipe(GTK_EDITABLE(entry));
  g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(entry)), ==, "");
  g_assert_false(contains(buffer_bytes(entry), len, "battery"));
  g_object_unref(entry);

  if (!gtk_leaves_it)
    g_test_message("GTK now wipes deleted password text itself");
}

/* ---- Hold button ------------------------------------------------------------------- */

static void on_confirmed_cb(AmanatHoldButton *button, guint *count) {
  (*count)++;
}

static void test_hold_button(void) {
  GtkWidget *button = amanat_hold_button_new("Hold");
  g_object_ref_sink(button);
  guint confirmed = 0;
  g_signal_connect(button, "confirmed", G_CALLBACK(on_confirmed_cb), &confirmed);
  amanat_hold_button_set_duration(AMANAT_HOLD_BUTTON(button), 400);

  amanat_hold_button_begin_hold(AMANAT_HOLD_BUTTON(button));
  ui_test_run_for(150);
  amanat_hold_button_end_hold(AMANAT_HOLD_BUTTON(button));
  ui_test_run_for(500);
  g_assert_cmpuint(confirmed, ==, 0);

  amanat_hold_button_begin_hold(AMANAT_HOLD_BUTTON(button));
  ui_test_run_for(700);
  g_assert_cmpuint(confirmed, ==, 1);
  g_assert_cmpfloat(amanat_hold_button_get_fraction(AMANAT_HOLD_BUTTON(button)), ==, 0.0);

  /* An insensitive button can't be held. */
  gtk_widget_set_sensitive(button, FALSE);
  amanat_hold_button_begin_hold(AMANAT_HOLD_BUTTON(button));
  ui_test_run_for(700);
  g_assert_cmpuint(confirmed, ==, 1);
  g_object_unref(button);
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/ui/log/format", test_log_format);
  g_test_add_func("/ui/log/writer", test_log_writer);
  g_test_add_func("/ui/session/jobs-in-order", test_session_jobs_in_order);
  g_test_add_func("/ui/model/pages", test_model_pages);
  g_test_add_func("/ui/model/search", test_model_search);
  g_test_add_func("/ui/model/placeholders-while-busy", test_model_placeholders_while_busy);
  g_test_add_func("/ui/hold-button", test_hold_button);
  g_test_add_func("/ui/secret-entry/wipe", test_secret_entry_wipe);
  return ui_test_run();
}
