/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-render-client.h: the app's side of amanat-renderer, the sandboxed process that turns
 * an image or a PDF into pixels (render/render-protocol.h). One client, one renderer process,
 * one document; one request at a time. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AMANAT_RENDER_ERROR (amanat_render_error_quark())
GQuark amanat_render_error_quark(void);

typedef enum {
  AMANAT_RENDER_ERROR_FAILED,      /* no renderer, or it crashed, stalled or spoke nonsense */
  AMANAT_RENDER_ERROR_UNSUPPORTED, /* not a type the renderer reads */
  AMANAT_RENDER_ERROR_DAMAGED,     /* the decoder gave up */
  AMANAT_RENDER_ERROR_TOO_LARGE,   /* beyond the renderer's limits */
  AMANAT_RENDER_ERROR_ENCRYPTED,   /* a PDF that needs a password */
} AmanatRenderError;

#define AMANAT_TYPE_RENDER_CLIENT (amanat_render_client_get_type())
G_DECLARE_FINAL_TYPE(AmanatRenderClient, amanat_render_client, AMANAT, RENDER_CLIENT, GObject)

AmanatRenderClient *amanat_render_client_new(void);

/* The renderer this process would start: beside the build folder's binaries when it runs
 * from one (found from /proc/self/exe, so no build path is compiled in), else the installed
 * one in libexecdir. */
char *amanat_render_client_find_renderer(void);

/* Starts the renderer and hands it `document`. The client drops its reference once the bytes
 * are written: give it a GBytes whose free function wipes them. Errors are AMANAT_RENDER_ERROR
 * with a translated message, or G_IO_ERROR_CANCELLED. */
void amanat_render_client_open_async(AmanatRenderClient *self, GBytes *document,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean amanat_render_client_open_finish(AmanatRenderClient *self, GAsyncResult *result,
                                          GError **error);

/* After a successful open: whether it is a PDF (else an image), its pages (an image: 1) and
 * the first page's size in points (an image: in pixels). */
gboolean amanat_render_client_get_is_pdf(AmanatRenderClient *self);
guint amanat_render_client_get_n_pages(AmanatRenderClient *self);
void amanat_render_client_get_page_size(AmanatRenderClient *self, double *width, double *height);

/* Page `page` (from 0) at `scale` pixels per point (images ignore it). The texture's bytes are
 * wiped when the texture is freed. */
void amanat_render_client_render_async(AmanatRenderClient *self, guint page, double scale,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
GdkTexture *amanat_render_client_render_finish(AmanatRenderClient *self, GAsyncResult *result,
                                               GError **error);

/* Kills the renderer; later requests fail. Also done when the client is freed. */
void amanat_render_client_stop(AmanatRenderClient *self);

/* The renderer's process id while it runs, else 0 (for tests). */
GPid amanat_render_client_get_pid(AmanatRenderClient *self);

G_END_DECLS
