/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-screenshots.c: runs the real window under the virtual display and saves PNG
 * screenshots of its main states into <build>/screenshots/ (AMANAT_SCREENSHOT_DIR), at a
 * desktop width and at 360 px. A check that every state renders, and pictures for review. */
#include "config.h"

#include <glib/gstdio.h>

#include "amanat-documents-page.h"
#include "amanat-setup-page.h"
#include "ui-test-util.h"

static gboolean mapped(gpointer data) {
  return gtk_widget_get_mapped(data) && gtk_widget_get_width(data) > 0;
}

/* Renders `window` as it is now, after the main loop settled. */
static void save(AmanatWindow *window, const char *name) {
  ui_test_wait(mapped, window, 5000, "the window to be mapped");
  ui_test_run_for(300); /* layout, icons, the list's rows */

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

  g_assert_cmpint(g_mkdir_with_parents(AMANAT_SCREENSHOT_DIR, 0755), ==, 0);
  g_autofree char *file = g_strdup_printf("%s.png", name);
  g_autofree char *path = g_build_filename(AMANAT_SCREENSHOT_DIR, file, NULL);
  g_assert_true(gdk_texture_save_to_png(texture, path));
  g_test_message("%s: %dx%d", path, width, height);
}

static AmanatWindow *open_window(const char *dir, int width, int height) {
  AmanatWindow *window = amanat_window_new(ui_test_app(), dir);
  amanat_window_set_kdf_cost(window, UI_TEST_COST);
  gtk_window_set_default_size(GTK_WINDOW(window), width, height);
  gtk_window_present(GTK_WINDOW(window));
  return window;
}

static void import_samples(AmanatWindow *window) {
  g_autofree char *a = ui_test_write_file("Interview with the harbour workers.txt",
                                          "Notes from the interview, 3 May.");
  g_autofree char *b = ui_test_write_file("Budget 2024.pdf", "%PDF-1.4\n% sample\n");
  g_autofree char *c = ui_test_write_file("Court ruling (scan).pdf", "%PDF-1.4\n% sample\n");
  g_autofree char *d =
      ui_test_write_file("Meeting minutes — legal aid team.txt", "Minutes of the meeting.");
  const char *const paths[] = {a, b, c, d, NULL};
  ui_test_import(window, paths);
}

static void test_screenshots(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = open_window(dir, 820, 640);

  save(window, "setup");
  GtkWidget *setup = amanat_window_get_setup_page(window);
  g_assert_true(gtk_widget_activate_action(setup, "setup.to-password", NULL));
  gtk_editable_set_text(ui_test_child(setup, AMANAT_TYPE_SETUP_PAGE, "password_entry"),
                        "harbour lantern");
  gtk_editable_set_text(ui_test_child(setup, AMANAT_TYPE_SETUP_PAGE, "confirm_entry"),
                        "harbour lantern");
  save(window, "setup-password");
  g_assert_true(gtk_widget_activate_action(setup, "setup.to-duress", NULL));
  save(window, "setup-duress");
  amanat_setup_page_reset(AMANAT_SETUP_PAGE(setup));

  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  save(window, "documents-empty");
  import_samples(window);
  save(window, "documents");

  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "panic", NULL);
  save(window, "panic");
  g_signal_emit_by_name(amanat_window_get_panic_page(window), "cancelled");

  ui_test_lock(window);
  ui_test_unlock(window, "not the password");
  save(window, "lock-wrong-password");
  ui_test_window_close(window);

  /* The narrowest supported width. */
  window = open_window(dir, 360, 640);
  save(window, "lock-360");
  ui_test_unlock(window, UI_TEST_PASSWORD);
  save(window, "documents-360");
  g_action_group_activate_action(G_ACTION_GROUP(ui_test_app()), "panic", NULL);
  save(window, "panic-360");
  ui_test_window_close(window);

  g_autofree char *fresh = ui_test_new_path("vault");
  window = open_window(fresh, 360, 640);
  save(window, "setup-360");
  ui_test_window_close(window);

  ui_test_assert_recent_unchanged();
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/ui/screenshots", test_screenshots);
  return ui_test_run();
}
