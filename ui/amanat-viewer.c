/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-viewer.c: the document is read into sodium_malloc memory on the session's worker.
 * Text is checked for UTF-8 and shown here; images and PDFs go, as bytes over a pipe, to the
 * sandboxed renderer, and only pixels come back. Nothing is written to disk, and what was read
 * is wiped as soon as it has been handed on, and when the window closes (it closes on lock). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "amanat-secret-bytes.h"
#include "amanat-viewer-private.h"
#include "amanat-window.h"
#include "render-protocol.h"

/* Larger text is for another program: a text view slows down long before this. */
#define TEXT_MAX_BYTES ((guint64)8 << 20)

G_DEFINE_FINAL_TYPE(AmanatViewer, amanat_viewer, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVE_COPY_REQUESTED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* What the viewer does with a content type (as the core sniffed it at import). */
static gboolean is_text_type(const char *type) {
  return g_str_has_prefix(type, "text/") || g_strcmp0(type, "application/json") == 0 ||
         g_strcmp0(type, "application/xml") == 0;
}

static gboolean is_rendered_type(const char *type) {
  static const char *const types[] = {"application/pdf", "image/png",  "image/jpeg", "image/gif",
                                      "image/tiff",      "image/webp", "image/bmp"};
  for (gsize i = 0; i < G_N_ELEMENTS(types); i++)
    if (g_strcmp0(type, types[i]) == 0)
      return TRUE;
  return FALSE;
}

static void set_mode(AmanatViewer *self, AmanatViewerMode mode) {
  static const char *const names[] = {"loading", "text", "picture", "message"};
  self->mode = mode;
  gtk_stack_set_visible_child_name(self->stack, names[mode]);
  gboolean pdf = mode == AMANAT_VIEWER_PICTURE && self->client != NULL &&
                 amanat_render_client_get_is_pdf(self->client);
  gtk_action_bar_set_revealed(self->page_bar, pdf);
  amanat_viewer_update_actions(self);
}

/* `title` and `description` in place of the document, with "Save a Copy…" under them. */
static void show_message(AmanatViewer *self, const char *icon, const char *title,
                         const char *description) {
  adw_status_page_set_icon_name(self->message_page, icon);
  adw_status_page_set_title(self->message_page, title);
  adw_status_page_set_description(self->message_page, description);
  set_mode(self, AMANAT_VIEWER_MESSAGE);
}

static void show_failure(AmanatViewer *self, const char *description) {
  show_message(self, "dialog-warning-symbolic", _("This File Could Not Be Shown"), description);
}

/* ---- Text ---------------------------------------------------------------------------- */

static void show_text(AmanatViewer *self, const guint8 *data, gsize len) {
  /* A byte order mark is no part of the text. */
  if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
    data += 3;
    len -= 3;
  }
  if (!g_utf8_validate_len((const char *)data, len, NULL)) {
    show_failure(self, _("The text is not in UTF-8, the only encoding the viewer reads. Save a "
                         "copy to open it in another program."));
    return;
  }
  gtk_text_buffer_set_text(gtk_text_view_get_buffer(self->text_view), (const char *)data, (int)len);
  set_mode(self, AMANAT_VIEWER_TEXT);
  gtk_widget_grab_focus(GTK_WIDGET(self->text_view));
}

/* ---- Pictures ------------------------------------------------------------------------ */

static gboolean is_pdf(AmanatViewer *self) {
  return self->client != NULL && amanat_render_client_get_is_pdf(self->client);
}

static void update_labels(AmanatViewer *self) {
  g_autofree char *page = NULL;
  if (is_pdf(self)) {
    page = g_strdup_printf(ngettext("Page %u of %u", "Page %u of %u", self->n_pages),
                           self->page + 1, self->n_pages);
  } else {
    page = g_strdup(_("Image"));
  }
  gtk_label_set_text(self->page_label, page);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL, page,
                                 -1);
  /* Translators: a zoom level; %d is the percentage, as in "150%". */
  g_autofree char *zoom = g_strdup_printf(_("%d%%"), (int)(self->zoom * 100.0 + 0.5));
  gtk_label_set_text(self->zoom_label, zoom);
  g_autofree char *zoom_name =
      g_strdup_printf(_("Zoom %d%%, fit to width"), (int)(self->zoom * 100.0 + 0.5));
  gtk_accessible_update_property(
      GTK_ACCESSIBLE(gtk_widget_get_parent(GTK_WIDGET(self->zoom_label))),
      GTK_ACCESSIBLE_PROPERTY_LABEL, zoom_name, -1);
}

static void show_texture(AmanatViewer *self, GdkTexture *texture) {
  g_set_object(&self->texture, texture);
  gtk_picture_set_paintable(self->picture, GDK_PAINTABLE(texture));
  if (is_pdf(self)) {
    /* Rendered for the screen's scale: shown at the page's size in the zoom's pixels. */
    int scale = MAX(1, gtk_widget_get_scale_factor(GTK_WIDGET(self)));
    gtk_widget_set_size_request(GTK_WIDGET(self->picture), gdk_texture_get_width(texture) / scale,
                                gdk_texture_get_height(texture) / scale);
    gtk_picture_set_content_fit(self->picture, GTK_CONTENT_FIT_CONTAIN);
    gtk_scrolled_window_set_policy(self->picture_scroller, GTK_POLICY_AUTOMATIC,
                                   GTK_POLICY_AUTOMATIC);
    gtk_widget_add_css_class(GTK_WIDGET(self->picture), "viewer-page");
    gtk_widget_add_css_class(GTK_WIDGET(self->picture_scroller), "viewer-canvas");
  } else {
    /* An image fits the window, never larger than itself. */
    gtk_widget_set_size_request(GTK_WIDGET(self->picture), -1, -1);
    gtk_picture_set_content_fit(self->picture, GTK_CONTENT_FIT_SCALE_DOWN);
    gtk_scrolled_window_set_policy(self->picture_scroller, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
  }
}

static void render_wanted(AmanatViewer *self);

typedef struct {
  AmanatViewer *viewer; /* a reference */
  guint page;
  double zoom;
} RenderRequest;

static void on_render_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  RenderRequest *request = user_data;
  g_autoptr(AmanatViewer) self = request->viewer;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture =
      amanat_render_client_render_finish(AMANAT_RENDER_CLIENT(source), result, &error);

  self->rendering = FALSE;
  if (g_cancellable_is_cancelled(self->cancellable)) {
    g_free(request);
    return;
  }
  if (texture == NULL) {
    show_failure(self, error->message);
    g_free(request);
    return;
  }
  self->page = request->page;
  self->zoom = request->zoom;
  g_free(request);
  show_texture(self, texture);
  update_labels(self);
  set_mode(self, AMANAT_VIEWER_PICTURE);
  render_wanted(self);
}

/* Renders what was last asked for, once the render under way is done. */
static void render_wanted(AmanatViewer *self) {
  if (self->rendering || self->client == NULL || self->n_pages == 0)
    return;
  if (self->texture != NULL && self->page == self->want_page && self->zoom == self->want_zoom)
    return;
  RenderRequest *request = g_new0(RenderRequest, 1);
  request->viewer = g_object_ref(self);
  request->page = self->want_page;
  request->zoom = self->want_zoom;
  double scale = 1.0;
  if (is_pdf(self))
    scale = self->want_zoom * 96.0 / 72.0 * MAX(1, gtk_widget_get_scale_factor(GTK_WIDGET(self)));
  self->rendering = TRUE;
  amanat_render_client_render_async(self->client, request->page, scale, self->cancellable,
                                    on_render_done_cb, request);
}

static void on_opened_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  g_autoptr(AmanatViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean opened = amanat_render_client_open_finish(AMANAT_RENDER_CLIENT(source), result, &error);

  self->rendering = FALSE;
  if (g_cancellable_is_cancelled(self->cancellable))
    return;
  if (!opened) {
    show_failure(self, error->message);
    return;
  }
  double height;
  self->n_pages = amanat_render_client_get_n_pages(self->client);
  amanat_render_client_get_page_size(self->client, &self->page_width, &height);
  self->want_page = 0;
  self->want_zoom = is_pdf(self) ? amanat_viewer_fit_zoom(self) : 1.0;
  render_wanted(self);
}

/* ---- Reading ------------------------------------------------------------------------- */

typedef struct {
  AmanatViewer *viewer; /* a reference */
  char id[AMANAT_ID_LEN + 1];
  size_t max_size;
  uint8_t *data; /* sodium_malloc: wiped by amanat_free_secret */
  size_t len;
} Read;

static void read_free(gpointer data) {
  Read *read = data;
  amanat_free_secret(read->data);
  g_object_unref(read->viewer);
  g_free(read);
}

/* On the session's worker. */
static int read_job(amanat_vault **vault, const char *dir, gpointer data,
                    GCancellable *cancellable) {
  Read *read = data;
  if (*vault == NULL || g_cancellable_is_cancelled(cancellable))
    return AMANAT_E_CANCELLED;
  return amanat_doc_read_all(*vault, read->id, read->max_size, &read->data, &read->len);
}

static void on_read_done_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  Read *read = user_data; /* freed, and its bytes wiped, by the session after this */
  AmanatViewer *self = read->viewer;
  g_autoptr(GError) error = NULL;
  int rc = amanat_session_run_finish(AMANAT_SESSION(source), result, &error);

  self->reading = FALSE;
  if (g_cancellable_is_cancelled(self->cancellable))
    return;
  if (rc < 0) {
    show_failure(self, error->message);
    return;
  }
  if (!is_rendered_type(self->content_type)) {
    show_text(self, read->data, read->len);
    return;
  }
  self->client = amanat_render_client_new();
  g_autoptr(GBytes) bytes = amanat_secret_bytes_new_take(read->data, read->len);
  read->data = NULL;
  self->rendering = TRUE;
  amanat_render_client_open_async(self->client, bytes, self->cancellable, on_opened_cb,
                                  g_object_ref(self));
}

static void start(AmanatViewer *self) {
  gboolean text = self->kind == AMANAT_DOC_NOTE || is_text_type(self->content_type);
  gboolean rendered = !text && is_rendered_type(self->content_type);
  guint64 max = text ? TEXT_MAX_BYTES : RENDER_MAX_DOCUMENT;

  if (!text && !rendered) {
    show_message(self, "document-save-as-symbolic", _("No Preview for This File"),
                 _("Amanat shows text, PDF documents and images. To open this file with another "
                   "program, save a copy outside the vault."));
    return;
  }
  if (self->size > max) {
    show_failure(self, _("The file is too large to show here."));
    return;
  }
  Read *read = g_new0(Read, 1);
  read->viewer = g_object_ref(self);
  g_strlcpy(read->id, self->id, sizeof read->id);
  read->max_size = (size_t)max;
  self->reading = TRUE;
  set_mode(self, AMANAT_VIEWER_LOADING);
  amanat_session_run(self->session, read_job, read, read_free, self->cancellable, on_read_done_cb,
                     read);
}

/* ---- Closing ------------------------------------------------------------------------- */

static void on_session_unlocked_cb(AmanatViewer *self) {
  if (!amanat_session_get_unlocked(self->session))
    gtk_window_destroy(GTK_WINDOW(self));
}

/* Drops everything that holds the document: the renderer (killed), the pixels (wiped when the
 * texture goes, see amanat-secret-bytes.c) and the text. */
static void forget_document(AmanatViewer *self) {
  if (self->cancellable != NULL)
    g_cancellable_cancel(self->cancellable);
  if (self->client != NULL)
    amanat_render_client_stop(self->client);
  g_clear_object(&self->client);
  if (self->picture != NULL)
    gtk_picture_set_paintable(self->picture, NULL);
  g_clear_object(&self->texture);
  /* GtkTextBuffer keeps its own copy, which GTK frees without wiping: the best we can do is
   * let it go at once. */
  if (self->text_view != NULL)
    gtk_text_buffer_set_text(gtk_text_view_get_buffer(self->text_view), "", 0);
}

void amanat_viewer_request_save_copy(AmanatViewer *self) {
  g_signal_emit(self, signals[SIGNAL_SAVE_COPY_REQUESTED], 0, self->id);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void amanat_viewer_dispose(GObject *object) {
  AmanatViewer *self = AMANAT_VIEWER(object);

  forget_document(self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data(self->session, self);
  g_clear_object(&self->session);
  gtk_widget_dispose_template(GTK_WIDGET(self), AMANAT_TYPE_VIEWER);

  G_OBJECT_CLASS(amanat_viewer_parent_class)->dispose(object);
}

static void amanat_viewer_finalize(GObject *object) {
  AmanatViewer *self = AMANAT_VIEWER(object);

  g_clear_object(&self->cancellable);
  g_free(self->id);
  g_free(self->content_type);

  G_OBJECT_CLASS(amanat_viewer_parent_class)->finalize(object);
}

static void amanat_viewer_class_init(AmanatViewerClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->dispose = amanat_viewer_dispose;
  object_class->finalize = amanat_viewer_finalize;

  signals[SIGNAL_SAVE_COPY_REQUESTED] =
      g_signal_new("save-copy-requested", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource(widget_class, "/org/amanat/Amanat/amanat-viewer.ui");
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, window_title);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, save_button);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, stack);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, text_view);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, picture_scroller);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, picture);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, message_page);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, page_bar);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, page_label);
  gtk_widget_class_bind_template_child(widget_class, AmanatViewer, zoom_label);

  amanat_viewer_class_install_actions(widget_class);
}

static void amanat_viewer_init(AmanatViewer *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->cancellable = g_cancellable_new();
  self->zoom = self->want_zoom = 1.0;
  set_mode(self, AMANAT_VIEWER_LOADING);
}

AmanatViewer *amanat_viewer_new(GtkWindow *parent, AmanatSession *session,
                                AmanatDocument *document) {
  g_return_val_if_fail(parent == NULL || GTK_IS_WINDOW(parent), NULL);
  g_return_val_if_fail(AMANAT_IS_SESSION(session), NULL);
  g_return_val_if_fail(AMANAT_IS_DOCUMENT(document), NULL);

  AmanatViewer *self = g_object_new(AMANAT_TYPE_VIEWER, "transient-for", parent, NULL);
  /* In the application, so that its shortcuts (lock, panic) work from here too. */
  if (parent != NULL && gtk_window_get_application(parent) != NULL)
    gtk_window_set_application(GTK_WINDOW(self), gtk_window_get_application(parent));
  /* Reading here is using the app: it must not lock under the reader for lack of input. */
  if (AMANAT_IS_WINDOW(parent))
    amanat_window_watch_activity(AMANAT_WINDOW(parent), GTK_WIDGET(self));

  self->session = g_object_ref(session);
  self->id = g_strdup(amanat_document_get_id(document));
  self->content_type = g_strdup(amanat_document_get_content_type(document));
  self->kind = amanat_document_get_kind(document);
  self->size = amanat_document_get_size(document);
  g_autofree char *type = amanat_document_dup_type_description(document);
  adw_window_title_set_subtitle(self->window_title, type);
  g_signal_connect_swapped(session, "notify::unlocked", G_CALLBACK(on_session_unlocked_cb), self);

  if (amanat_session_get_unlocked(session))
    start(self);
  return self;
}

const char *amanat_viewer_get_id(AmanatViewer *self) {
  g_return_val_if_fail(AMANAT_IS_VIEWER(self), NULL);
  return self->id;
}

AmanatViewerMode amanat_viewer_get_mode(AmanatViewer *self) {
  g_return_val_if_fail(AMANAT_IS_VIEWER(self), AMANAT_VIEWER_LOADING);
  return self->mode;
}

gboolean amanat_viewer_get_busy(AmanatViewer *self) {
  g_return_val_if_fail(AMANAT_IS_VIEWER(self), FALSE);
  if (self->reading || self->rendering)
    return TRUE;
  /* A page asked for and not rendered yet. */
  return self->mode == AMANAT_VIEWER_PICTURE &&
         (self->page != self->want_page || self->zoom != self->want_zoom);
}

GdkTexture *amanat_viewer_get_texture(AmanatViewer *self) {
  g_return_val_if_fail(AMANAT_IS_VIEWER(self), NULL);
  return self->texture;
}

guint amanat_viewer_get_page(AmanatViewer *self) {
  g_return_val_if_fail(AMANAT_IS_VIEWER(self), 0);
  return self->page;
}

guint amanat_viewer_get_n_pages(AmanatViewer *self) {
  g_return_val_if_fail(AMANAT_IS_VIEWER(self), 0);
  return self->n_pages;
}

void amanat_viewer_show_page(AmanatViewer *self, guint page) {
  g_return_if_fail(AMANAT_IS_VIEWER(self));
  if (!is_pdf(self) || page >= self->n_pages)
    return;
  self->want_page = page;
  amanat_viewer_update_actions(self);
  render_wanted(self);
}

double amanat_viewer_get_zoom(AmanatViewer *self) {
  g_return_val_if_fail(AMANAT_IS_VIEWER(self), 1.0);
  return self->zoom;
}

void amanat_viewer_set_zoom(AmanatViewer *self, double zoom) {
  g_return_if_fail(AMANAT_IS_VIEWER(self));
  if (!is_pdf(self))
    return;
  self->want_zoom = CLAMP(zoom, 0.25, 4.0);
  amanat_viewer_update_actions(self);
  render_wanted(self);
}
