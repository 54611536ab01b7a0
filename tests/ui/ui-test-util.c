/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-util.c: see ui-test-util.h. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "amanat-document.h"
#include "amanat-documents-page.h"
#include "amanat-lock-page.h"
#include "amanat-setup-page.h"
#include "ui-test-util.h"

/* LeakSanitizer (the -Db_sanitize=address build) adds these to tests/lsan.supp. Both are
 * one-time caches of libraries Amanat never calls itself: GIO's MIME database, filled when
 * gdk-pixbuf loads GTK's own images, and libcloudproviders, which the file chooser's
 * sidebar starts. */
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);

/* GIO and gdk-pixbuf are built without frame pointers: without a full unwind, their
 * leaks' stacks stop after two frames and the suppressions below could not match. */
const char *__asan_default_options(void) {
  return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void) {
  return "leak:gdk_pixbuf_loader_close\n"
         "leak:libcloudproviders.so\n";
}

static char *root;
static char *recent_path;
static GBytes *recent_seed;
static AmanatApplication *app;

static const char recent_contents[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<xbel version=\"1.0\"\n"
    "      xmlns:bookmark=\"http://www.freedesktop.org/standards/desktop-bookmarks\"\n"
    "      xmlns:mime=\"http://www.freedesktop.org/standards/shared-mime-info\"\n"
    ">\n"
    "  <bookmark href=\"file:///tmp/someone-elses-file.txt\" added=\"2024-01-01T00:00:00Z\" "
    "modified=\"2024-01-01T00:00:00Z\" visited=\"2024-01-01T00:00:00Z\">\n"
    "    <info>\n"
    "      <metadata owner=\"http://freedesktop.org\">\n"
    "        <mime:mime-type type=\"text/plain\"/>\n"
    "        <bookmark:applications>\n"
    "          <bookmark:application name=\"gedit\" exec=\"&apos;gedit %u&apos;\" "
    "modified=\"2024-01-01T00:00:00Z\" count=\"1\"/>\n"
    "        </bookmark:applications>\n"
    "      </metadata>\n"
    "    </info>\n"
    "  </bookmark>\n"
    "</xbel>\n";

static char *make_dir(const char *name) {
  char *path = g_build_filename(root, name, NULL);
  g_assert_cmpint(g_mkdir_with_parents(path, 0700), ==, 0);
  return path;
}

void ui_test_init(int *argc, char ***argv) {
  GError *error = NULL;
  root = g_dir_make_tmp("amanat-ui-XXXXXX", &error);
  g_assert_no_error(error);

  g_autofree char *home = make_dir("home");
  g_autofree char *data = make_dir("home/.local/share");
  g_autofree char *config = make_dir("home/.config");
  g_autofree char *cache = make_dir("home/.cache");
  g_autofree char *state = make_dir("home/.local/state");
  g_autofree char *runtime = make_dir("runtime");
  g_autofree char *files = make_dir("files");
  g_setenv("HOME", home, TRUE);
  g_setenv("XDG_DATA_HOME", data, TRUE);
  g_setenv("XDG_CONFIG_HOME", config, TRUE);
  g_setenv("XDG_CACHE_HOME", cache, TRUE);
  g_setenv("XDG_STATE_HOME", state, TRUE);
  g_setenv("XDG_RUNTIME_DIR", runtime, TRUE);
  g_unsetenv("AMANAT_VAULT");
  /* Deterministic rendering and no desktop services: no gvfs, no portals, no animations. */
  g_setenv("GSK_RENDERER", "cairo", TRUE);
  g_setenv("GDK_BACKEND", "x11", TRUE);
  g_setenv("GIO_USE_VFS", "local", TRUE);

  recent_path = g_build_filename(data, "recently-used.xbel", NULL);
  g_assert_true(g_file_set_contents(recent_path, recent_contents, -1, &error));
  g_assert_no_error(error);
  recent_seed = g_bytes_new_static(recent_contents, strlen(recent_contents));

  gtk_test_init(argc, argv, NULL);
  adw_init();
  g_assert_cmpint(amanat_init(), ==, AMANAT_OK);
  g_object_set(gtk_settings_get_default(), "gtk-enable-animations", FALSE, NULL);
}

static void remove_tree(const char *path) {
  if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      remove_tree(child);
    }
    (void)g_chmod(path, 0700);
    (void)g_rmdir(path);
  } else {
    (void)g_unlink(path);
  }
}

int ui_test_run(void) {
  int status = g_test_run();
  if (app != NULL) {
    GList *windows = g_list_copy(gtk_application_get_windows(GTK_APPLICATION(app)));
    for (GList *l = windows; l != NULL; l = l->next)
      gtk_window_destroy(l->data);
    g_list_free(windows);
    g_clear_object(&app);
  }
  remove_tree(root);
  return status;
}

const char *ui_test_root(void) {
  return root;
}

const char *ui_test_recent_path(void) {
  return recent_path;
}

void ui_test_assert_recent_unchanged(void) {
  g_autofree char *contents = NULL;
  gsize len = 0;
  GError *error = NULL;
  g_assert_true(g_file_get_contents(recent_path, &contents, &len, &error));
  g_assert_no_error(error);
  g_assert_cmpmem(contents, len, g_bytes_get_data(recent_seed, NULL),
                  g_bytes_get_size(recent_seed));
}

AmanatApplication *ui_test_app(void) {
  if (app == NULL) {
    GError *error = NULL;
    app = amanat_application_new("org.amanat.Amanat.Test", G_APPLICATION_NON_UNIQUE);
    g_assert_true(g_application_register(G_APPLICATION(app), NULL, &error));
    g_assert_no_error(error);
  }
  return app;
}

char *ui_test_new_path(const char *name) {
  static guint counter;
  g_autofree char *unique = g_strdup_printf("%s-%u", name, ++counter);
  return g_build_filename(root, unique, NULL);
}

char *ui_test_write_file(const char *name, const char *contents) {
  char *path = g_build_filename(root, "files", name, NULL);
  GError *error = NULL;
  g_assert_true(g_file_set_contents(path, contents, -1, &error));
  g_assert_no_error(error);
  return path;
}

AmanatWindow *ui_test_window_new(const char *vault_dir) {
  AmanatWindow *window = amanat_window_new(ui_test_app(), vault_dir);
  amanat_window_set_kdf_cost(window, UI_TEST_COST);
  gtk_window_present(GTK_WINDOW(window));
  return window;
}

static gboolean no_windows(gpointer data) {
  return gtk_application_get_windows(GTK_APPLICATION(ui_test_app())) == NULL;
}

void ui_test_window_close(AmanatWindow *window) {
  gtk_window_destroy(GTK_WINDOW(window));
  ui_test_wait(no_windows, NULL, 5000, "the window to close");
  ui_test_run_for(50);
}

typedef struct {
  gboolean done;
} Timer;

static gboolean on_timer_cb(gpointer data) {
  ((Timer *)data)->done = TRUE;
  return G_SOURCE_REMOVE;
}

void ui_test_wait(UiTestCond cond, gpointer data, guint timeout_ms, const char *what) {
  Timer timer = {FALSE};
  guint source = g_timeout_add(timeout_ms, on_timer_cb, &timer);
  while (!cond(data)) {
    if (timer.done)
      g_error("timed out after %u ms waiting for %s", timeout_ms, what);
    g_main_context_iteration(NULL, TRUE);
  }
  if (!timer.done)
    g_source_remove(source);
  while (g_main_context_pending(NULL))
    g_main_context_iteration(NULL, FALSE);
}

static gboolean timer_done(gpointer data) {
  return ((Timer *)data)->done;
}

void ui_test_run_for(guint ms) {
  Timer timer = {FALSE};
  g_timeout_add(ms, on_timer_cb, &timer);
  ui_test_wait(timer_done, &timer, ms + 10000, "a pause");
}

static gboolean window_idle(gpointer data) {
  AmanatWindow *window = data;
  AmanatLockPage *lock = AMANAT_LOCK_PAGE(amanat_window_get_lock_page(window));
  AmanatDocumentsPage *docs = AMANAT_DOCUMENTS_PAGE(amanat_window_get_documents_page(window));
  return !amanat_window_get_busy(window) && !amanat_lock_page_get_busy(lock) &&
         !amanat_documents_page_get_importing(docs);
}

void ui_test_wait_idle(AmanatWindow *window) {
  ui_test_wait(window_idle, window, 30000, "the vault's jobs to finish");
}

gpointer ui_test_child(gpointer widget, GType type, const char *name) {
  GObject *child = gtk_widget_get_template_child(GTK_WIDGET(widget), type, name);
  g_assert_nonnull(child);
  return child;
}

static void set_text(gpointer widget, GType type, const char *name, const char *text) {
  gtk_editable_set_text(GTK_EDITABLE(ui_test_child(widget, type, name)), text);
}

static gboolean on_main_page(gpointer data) {
  return g_strcmp0(amanat_window_get_page(data), "main") == 0 && window_idle(data);
}

void ui_test_setup_vault(AmanatWindow *window, const char *password, const char *duress,
                         amanat_duress_action action) {
  GtkWidget *page = amanat_window_get_setup_page(window);
  GType type = AMANAT_TYPE_SETUP_PAGE;
  g_assert_cmpstr(amanat_window_get_page(window), ==, "setup");

  g_assert_true(gtk_widget_activate_action(page, "setup.to-password", NULL));
  g_assert_cmpstr(amanat_setup_page_get_step(AMANAT_SETUP_PAGE(page)), ==, "password");
  set_text(page, type, "password_entry", password);
  set_text(page, type, "confirm_entry", password);
  g_assert_true(gtk_widget_activate_action(page, "setup.to-duress", NULL));
  g_assert_cmpstr(amanat_setup_page_get_step(AMANAT_SETUP_PAGE(page)), ==, "duress");
  if (duress == NULL) {
    g_assert_true(gtk_widget_activate_action(page, "setup.skip-duress", NULL));
  } else {
    const char *check = action == AMANAT_DURESS_WIPE ? "duress_wipe_check" : "duress_decoy_check";
    gtk_check_button_set_active(ui_test_child(page, type, check), TRUE);
    set_text(page, type, "duress_entry", duress);
    set_text(page, type, "duress_confirm_entry", duress);
    g_assert_true(gtk_widget_activate_action(page, "setup.create", NULL));
  }
  ui_test_wait(on_main_page, window, 30000, "the new vault to open");
  g_assert_true(amanat_window_get_unlocked(window));
}

static gboolean unlock_settled(gpointer data) {
  AmanatWindow *window = data;
  return window_idle(window) &&
         !amanat_lock_page_get_busy(AMANAT_LOCK_PAGE(amanat_window_get_lock_page(window)));
}

static gboolean entry_emptied(gpointer data) {
  return gtk_editable_get_text(data)[0] == '\0';
}

void ui_test_unlock(AmanatWindow *window, const char *password) {
  GtkWidget *page = amanat_window_get_lock_page(window);
  g_assert_cmpstr(amanat_window_get_page(window), ==, "lock");
  set_text(page, AMANAT_TYPE_LOCK_PAGE, "password_entry", password);
  /* As a key press on the button would: GtkButton clicks a moment after "activate". */
  gtk_widget_activate(ui_test_child(page, AMANAT_TYPE_LOCK_PAGE, "unlock_button"));
  /* The entry is emptied as soon as the password was taken. */
  ui_test_wait(entry_emptied, ui_test_child(page, AMANAT_TYPE_LOCK_PAGE, "password_entry"), 5000,
               "the password to be taken");
  ui_test_wait(unlock_settled, window, 30000, "the unlock to finish");
}

static gboolean locked(gpointer data) {
  return !amanat_window_get_unlocked(data) && window_idle(data);
}

void ui_test_lock(AmanatWindow *window) {
  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "lock", NULL);
  ui_test_wait(locked, window, 30000, "the vault to lock");
}

void ui_test_import(AmanatWindow *window, const char *const *paths) {
  g_autoptr(GListStore) files = g_list_store_new(G_TYPE_FILE);
  for (const char *const *p = paths; *p != NULL; p++) {
    g_autoptr(GFile) file = g_file_new_for_path(*p);
    g_list_store_append(files, file);
  }
  AmanatDocumentsPage *page = AMANAT_DOCUMENTS_PAGE(amanat_window_get_documents_page(window));
  amanat_documents_page_import_files(page, G_LIST_MODEL(files));
  g_assert_true(amanat_documents_page_get_importing(page));
  ui_test_wait_idle(window);
}

guint ui_test_n_rows(AmanatWindow *window) {
  AmanatDocumentsPage *page = AMANAT_DOCUMENTS_PAGE(amanat_window_get_documents_page(window));
  return g_list_model_get_n_items(amanat_documents_page_get_model(page));
}

char *ui_test_titles(AmanatWindow *window) {
  AmanatDocumentsPage *page = AMANAT_DOCUMENTS_PAGE(amanat_window_get_documents_page(window));
  GListModel *model = amanat_documents_page_get_model(page);
  GString *titles = g_string_new(NULL);
  guint n = g_list_model_get_n_items(model);
  for (guint i = 0; i < n; i++) {
    g_autoptr(AmanatDocument) doc = g_list_model_get_item(model, i);
    if (i > 0)
      g_string_append_c(titles, '|');
    g_string_append(titles, amanat_document_get_title(doc));
  }
  return g_string_free(titles, FALSE);
}

static int add_core_title(const amanat_doc_info *doc, void *user_data) {
  g_string_append_printf(user_data, "%s|", doc->title);
  return 0;
}

char *ui_test_core_titles(amanat_vault *vault) {
  GString *titles = g_string_new(NULL);
  g_assert_cmpint(amanat_doc_list(vault, NULL, 0, 0, add_core_title, titles), ==, AMANAT_OK);
  return g_string_free(titles, FALSE);
}

static gboolean window_mapped(gpointer data) {
  return gtk_widget_get_mapped(data) && gtk_widget_get_width(data) > 0;
}

void ui_test_save_screenshot(AmanatWindow *window, const char *dir, const char *name) {
  ui_test_save_window_screenshot(GTK_WINDOW(window), dir, name);
}

void ui_test_save_window_screenshot(GtkWindow *window, const char *dir, const char *name) {
  ui_test_wait(window_mapped, window, 5000, "the window to be mapped");
  ui_test_run_for(300); /* layout, icons, the lists' rows */

  GtkWidget *widget = GTK_WIDGET(window);
  int width = gtk_widget_get_width(widget);
  int height = gtk_widget_get_height(widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
  GtkSnapshot *snapshot = gtk_snapshot_new();
  gdk_paintable_snapshot(paintable, snapshot, width, height);
  g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node(snapshot);
  g_assert_nonnull(node);
  GskRenderer *renderer = gtk_native_get_renderer(GTK_NATIVE(window));
  g_autoptr(GdkTexture) texture =
      gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, width, height));

  g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
  g_autofree char *file = g_strdup_printf("%s.png", name);
  g_autofree char *path = g_build_filename(dir, file, NULL);
  g_assert_true(gdk_texture_save_to_png(texture, path));
  g_test_message("%s: %dx%d", path, width, height);
}

gboolean ui_test_widget_shows_text(GtkWidget *widget, const char *text) {
  const char *shown = NULL;
  g_autofree char *buffer_text = NULL;
  if (GTK_IS_LABEL(widget)) {
    shown = gtk_label_get_text(GTK_LABEL(widget));
  } else if (GTK_IS_EDITABLE(widget)) {
    shown = gtk_editable_get_text(GTK_EDITABLE(widget));
  } else if (GTK_IS_TEXT_VIEW(widget)) {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer(GTK_TEXT_VIEW(widget));
    GtkTextIter start, end;
    gtk_text_buffer_get_bounds(buffer, &start, &end);
    buffer_text = gtk_text_buffer_get_text(buffer, &start, &end, TRUE);
    shown = buffer_text;
  }
  if (shown != NULL && strstr(shown, text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
       child = gtk_widget_get_next_sibling(child))
    if (ui_test_widget_shows_text(child, text))
      return TRUE;
  return FALSE;
}
