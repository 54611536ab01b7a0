/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-viewer.c: the document viewer under a virtual display. A text file, a PNG and a
 * two-page PDF (both made in memory) and a binary file are imported; activating each row
 * opens the viewer, which shows the text, an image of the right size, page 1 of 2 and then
 * page 2 (rendered by the sandboxed renderer), or the offer to save a copy. Locking closes the
 * viewer, stops the renderer and leaves no decrypted buffer alive. Screenshots of the text,
 * image and PDF views go to <build>/screenshots/. */
#include "config.h"

#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>

#include "amanat-documents-page.h"
#include "amanat-secret-bytes.h"
#include "amanat-viewer.h"
#include "ui-test-util.h"

#define TEXT_CONTENT "Statement of the witness, page one.\nشهادة الشاهد، الصفحة الأولى.\n"

static AmanatDocumentsPage *docs_page(AmanatWindow *window) {
  return AMANAT_DOCUMENTS_PAGE(amanat_window_get_documents_page(window));
}

/* ---- Files to import ---------------------------------------------------------------- */

static char *write_bytes(const char *name, const void *data, gsize len) {
  char *path = g_build_filename(ui_test_root(), "files", name, NULL);
  g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
  return path;
}

/* A 120 × 80 PNG: blue, with a red top-left pixel. */
static char *write_png(void) {
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, 120, 80);
  gdk_pixbuf_fill(pixbuf, 0x2060c0ff);
  guint8 *pixels = gdk_pixbuf_get_pixels(pixbuf);
  memcpy(pixels, "\xff\x00\x00", 3);
  g_autofree gchar *buffer = NULL;
  gsize len = 0;
  g_assert_true(gdk_pixbuf_save_to_buffer(pixbuf, &buffer, &len, "png", NULL, NULL));
  return write_bytes("photo.png", buffer, len);
}

static cairo_status_t append_to_array(void *closure, const unsigned char *data,
                                      unsigned int length) {
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Two A5 pages with a heading each: the first page's background white, the second's green. */
static char *write_pdf(void) {
  g_autoptr(GByteArray) array = g_byte_array_new();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append_to_array, array, 420, 595);
  cairo_t *cr = cairo_create(surface);
  for (int page = 0; page < 2; page++) {
    if (page == 1) {
      cairo_set_source_rgb(cr, 0.2, 0.7, 0.3);
      cairo_paint(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 28);
    cairo_move_to(cr, 40, 80);
    cairo_show_text(cr, page == 0 ? "Field report" : "Page two");
    cairo_set_font_size(cr, 14);
    for (int line = 0; line < 12; line++) {
      cairo_move_to(cr, 40, 130 + line * 24);
      cairo_show_text(cr, "Names and places are kept in the vault, not here.");
    }
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return write_bytes("report.pdf", array->data, array->len);
}

/* Bytes no viewer knows, with NULs: neither text nor an image. */
static char *write_blob(void) {
  guint8 blob[512];
  for (gsize i = 0; i < sizeof blob; i++)
    blob[i] = (guint8)(i * 31u);
  memcpy(blob, "\x00\x13\x37\xfeXYZ", 7);
  return write_bytes("archive.bin", blob, sizeof blob);
}

/* An unlocked window with the four files imported. */
static AmanatWindow *window_with_files(void) {
  g_autofree char *dir = ui_test_new_path("vault");
  AmanatWindow *window = ui_test_window_new(dir);
  ui_test_setup_vault(window, UI_TEST_PASSWORD, NULL, AMANAT_DURESS_WIPE);
  g_autofree char *text = ui_test_write_file("statement.txt", TEXT_CONTENT);
  g_autofree char *png = write_png();
  g_autofree char *pdf = write_pdf();
  g_autofree char *blob = write_blob();
  const char *const paths[] = {text, png, pdf, blob, NULL};
  ui_test_import(window, paths);
  g_assert_cmpuint(ui_test_n_rows(window), ==, 4);
  return window;
}

/* ---- Opening ------------------------------------------------------------------------ */

static gboolean viewer_settled(gpointer data) {
  AmanatViewer *viewer = amanat_documents_page_get_viewer(data);
  return viewer != NULL && !amanat_viewer_get_busy(viewer) &&
         amanat_viewer_get_mode(viewer) != AMANAT_VIEWER_LOADING;
}

/* Activates the row titled `title`, as Enter or a double click does, and waits for the
 * viewer to show it. */
static AmanatViewer *open_row(AmanatWindow *window, const char *title) {
  AmanatDocumentsPage *page = docs_page(window);
  GListModel *model = amanat_documents_page_get_model(page);
  guint position = G_MAXUINT;
  for (guint i = 0; i < g_list_model_get_n_items(model); i++) {
    g_autoptr(AmanatDocument) doc = g_list_model_get_item(model, i);
    if (g_strcmp0(amanat_document_get_title(doc), title) == 0)
      position = i;
  }
  g_assert_cmpuint(position, !=, G_MAXUINT);
  GtkWidget *list = ui_test_child(page, AMANAT_TYPE_DOCUMENTS_PAGE, "list_view");
  g_assert_true(gtk_widget_activate_action(list, "list.activate-item", "u", position));
  ui_test_wait(viewer_settled, page, 20000, "the viewer to show the document");

  AmanatViewer *viewer = amanat_documents_page_get_viewer(page);
  /* The window's title never names the document. */
  g_assert_cmpstr(gtk_window_get_title(GTK_WINDOW(viewer)), ==, "Document Viewer");
  g_assert_true(gtk_window_get_transient_for(GTK_WINDOW(viewer)) == GTK_WINDOW(window));
  return viewer;
}

static gboolean viewer_gone(gpointer data) {
  return amanat_documents_page_get_viewer(data) == NULL;
}

static gboolean no_secret_bytes(gpointer data) {
  return amanat_secret_bytes_get_alive() == 0;
}

static void close_viewer(AmanatWindow *window) {
  amanat_documents_page_close_viewer(docs_page(window));
  ui_test_wait(viewer_gone, docs_page(window), 5000, "the viewer to close");
  ui_test_wait(no_secret_bytes, NULL, 5000, "the viewer's buffers to be wiped");
}

/* The colour at (x, y), given as fractions of the width and height, as 0xAARRGGBB. */
static guint32 pixel_at(GdkTexture *texture, double x, double y) {
  int width = gdk_texture_get_width(texture), height = gdk_texture_get_height(texture);
  g_autofree guint32 *pixels = g_new(guint32, (gsize)width * height);
  gdk_texture_download(texture, (guchar *)pixels, (gsize)width * 4);
  return pixels[(int)(height * y) * width + (int)(width * x)];
}

/* ---- Tests -------------------------------------------------------------------------- */

static void test_text(void) {
  AmanatWindow *window = window_with_files();
  AmanatViewer *viewer = open_row(window, "statement.txt");
  g_assert_cmpint(amanat_viewer_get_mode(viewer), ==, AMANAT_VIEWER_TEXT);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(viewer), "Statement of the witness"));
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(viewer), "شهادة الشاهد"));
  g_assert_null(amanat_viewer_get_texture(viewer));
  ui_test_save_window_screenshot(GTK_WINDOW(viewer), AMANAT_SCREENSHOT_DIR, "viewer-text");
  close_viewer(window);
  ui_test_window_close(window);
  ui_test_assert_recent_unchanged();
}

static void test_image(void) {
  AmanatWindow *window = window_with_files();
  AmanatViewer *viewer = open_row(window, "photo.png");
  g_assert_cmpint(amanat_viewer_get_mode(viewer), ==, AMANAT_VIEWER_PICTURE);
  GdkTexture *texture = amanat_viewer_get_texture(viewer);
  g_assert_nonnull(texture);
  g_assert_cmpint(gdk_texture_get_width(texture), ==, 120);
  g_assert_cmpint(gdk_texture_get_height(texture), ==, 80);
  g_assert_cmphex(pixel_at(texture, 0.5, 0.5), ==, 0xff2060c0);
  g_assert_cmpuint(amanat_viewer_get_n_pages(viewer), ==, 1);
  /* No page bar for an image. */
  g_assert_false(
      gtk_action_bar_get_revealed(ui_test_child(viewer, AMANAT_TYPE_VIEWER, "page_bar")));
  ui_test_save_window_screenshot(GTK_WINDOW(viewer), AMANAT_SCREENSHOT_DIR, "viewer-image");
  close_viewer(window);
  ui_test_window_close(window);
}

static gboolean on_page(gpointer data) {
  AmanatViewer *viewer = data;
  return !amanat_viewer_get_busy(viewer) && amanat_viewer_get_page(viewer) == 1;
}

static void test_pdf_pages(void) {
  AmanatWindow *window = window_with_files();
  AmanatViewer *viewer = open_row(window, "report.pdf");
  g_assert_cmpint(amanat_viewer_get_mode(viewer), ==, AMANAT_VIEWER_PICTURE);
  g_assert_cmpuint(amanat_viewer_get_n_pages(viewer), ==, 2);
  g_assert_cmpuint(amanat_viewer_get_page(viewer), ==, 0);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(viewer), "Page 1 of 2"));
  GdkTexture *first = amanat_viewer_get_texture(viewer);
  g_assert_nonnull(first);
  /* An A5 page keeps its shape (420 × 595 points). */
  double ratio = (double)gdk_texture_get_height(first) / gdk_texture_get_width(first);
  g_assert_cmpfloat_with_epsilon(ratio, 595.0 / 420.0, 0.02);
  ui_test_save_window_screenshot(GTK_WINDOW(viewer), AMANAT_SCREENSHOT_DIR, "viewer-pdf");

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(viewer), "viewer.next-page", NULL));
  ui_test_wait(on_page, viewer, 20000, "page 2");
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(viewer), "Page 2 of 2"));
  GdkTexture *second = amanat_viewer_get_texture(viewer);
  /* Page 2's background, in the bottom margin: green (0.2, 0.7, 0.3). */
  guint32 pixel = pixel_at(second, 0.5, 0.9);
  g_assert_cmpuint((pixel >> 8) & 0xff, >, 0x90);
  g_assert_cmpuint((pixel >> 16) & 0xff, <, 0x60);

  /* Zoom in renders a larger page. */
  int width = gdk_texture_get_width(second);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(viewer), "viewer.zoom-in", NULL));
  ui_test_wait(viewer_settled, docs_page(window), 20000, "the zoomed page");
  g_assert_cmpint(gdk_texture_get_width(amanat_viewer_get_texture(viewer)), >, width);
  g_assert_cmpuint(amanat_viewer_get_page(viewer), ==, 1);
  close_viewer(window);
  ui_test_window_close(window);
}

static void test_unknown_offers_copy(void) {
  AmanatWindow *window = window_with_files();
  AmanatViewer *viewer = open_row(window, "archive.bin");
  g_assert_cmpint(amanat_viewer_get_mode(viewer), ==, AMANAT_VIEWER_MESSAGE);
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(viewer), "No Preview for This File"));
  g_assert_true(ui_test_widget_shows_text(GTK_WIDGET(viewer), "Save a Copy"));
  /* Nothing was decrypted for it. */
  g_assert_cmpuint(amanat_secret_bytes_get_alive(), ==, 0);
  /* The offer leads to the documents page's own Save a Copy (its warning comes first). */
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(viewer), "viewer.save-copy", NULL));
  g_assert_nonnull(amanat_documents_page_get_save_copy(docs_page(window)));
  /* Locking ends both. */
  ui_test_lock(window);
  ui_test_wait(viewer_gone, docs_page(window), 5000, "the viewer to close");
  g_assert_null(amanat_documents_page_get_save_copy(docs_page(window)));
  ui_test_window_close(window);
}

static gboolean process_gone(gpointer data) {
  g_autofree char *path = g_strdup_printf("/proc/%d", GPOINTER_TO_INT(data));
  return !g_file_test(path, G_FILE_TEST_EXISTS);
}

static gboolean renderer_pid_known(gpointer data) {
  AmanatViewer *viewer = amanat_documents_page_get_viewer(data);
  return viewer != NULL && !amanat_viewer_get_busy(viewer);
}

/* Lock: the viewer closes, the renderer is killed, no decrypted buffer is left. */
static void test_lock_closes_and_wipes(void) {
  AmanatWindow *window = window_with_files();
  AmanatViewer *viewer = open_row(window, "report.pdf");
  ui_test_wait(renderer_pid_known, docs_page(window), 5000, "the first page");
  g_assert_cmpuint(amanat_secret_bytes_get_alive(), >=, 1); /* the page's pixels */
  /* The renderer: this process's one child (GSubprocess reaps the ones before). */
  g_autofree char *children_path =
      g_strdup_printf("/proc/%d/task/%d/children", (int)getpid(), (int)getpid());
  g_autofree char *children = NULL;
  g_assert_true(g_file_get_contents(children_path, &children, NULL, NULL));
  int renderer = atoi(children);
  g_assert_cmpint(renderer, >, 0);

  g_object_add_weak_pointer(G_OBJECT(viewer), (gpointer *)&viewer);
  ui_test_lock(window);
  g_assert_null(viewer);
  g_assert_null(amanat_documents_page_get_viewer(docs_page(window)));
  ui_test_wait(no_secret_bytes, NULL, 5000, "the pixels to be wiped");
  ui_test_wait(process_gone, GINT_TO_POINTER(renderer), 5000, "the renderer to exit");
  ui_test_window_close(window);
}

int main(int argc, char **argv) {
  ui_test_init(&argc, &argv);

  g_test_add_func("/ui/viewer/text", test_text);
  g_test_add_func("/ui/viewer/image", test_image);
  g_test_add_func("/ui/viewer/pdf-pages", test_pdf_pages);
  g_test_add_func("/ui/viewer/unknown-offers-copy", test_unknown_offers_copy);
  g_test_add_func("/ui/viewer/lock-closes-and-wipes", test_lock_closes_and_wipes);
  return ui_test_run();
}
