/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-viewer.h: a window that shows one document from the vault without writing anything
 * to disk: text in a read-only view, images and PDF pages as pixels from the sandboxed
 * renderer, and for anything else an offer to save a copy. */
#pragma once

#include <adwaita.h>

#include "amanat-document.h"
#include "amanat-session.h"

G_BEGIN_DECLS

#define AMANAT_TYPE_VIEWER (amanat_viewer_get_type())
G_DECLARE_FINAL_TYPE(AmanatViewer, amanat_viewer, AMANAT, VIEWER, AdwWindow)

/* What the viewer shows. */
typedef enum {
  AMANAT_VIEWER_LOADING,
  AMANAT_VIEWER_TEXT,
  AMANAT_VIEWER_PICTURE,
  AMANAT_VIEWER_MESSAGE, /* a type it can't show, or an error: with "Save a Copy…" */
} AmanatViewerMode;

/* A window over `parent` for `document` of `session`, reading it at once. It emits
 * ::save-copy-requested (the document's id) for the documents page to act on; it closes, and
 * wipes what it read, when the vault locks. Its title never names the document. */
AmanatViewer *amanat_viewer_new(GtkWindow *parent, AmanatSession *session,
                                AmanatDocument *document);
const char *amanat_viewer_get_id(AmanatViewer *self);

AmanatViewerMode amanat_viewer_get_mode(AmanatViewer *self);
/* Whether a read or a render is under way (FALSE once what is shown is current). */
gboolean amanat_viewer_get_busy(AmanatViewer *self);
/* The page or image shown (borrowed), or NULL. */
GdkTexture *amanat_viewer_get_texture(AmanatViewer *self);
/* The page shown (from 0) and the document's pages (1 for an image, 0 for text). */
guint amanat_viewer_get_page(AmanatViewer *self);
guint amanat_viewer_get_n_pages(AmanatViewer *self);
/* Goes to page `page` (from 0) of a PDF; out-of-range pages are ignored. */
void amanat_viewer_show_page(AmanatViewer *self, guint page);
/* The PDF's zoom: 1.0 is 100 % (72 points to 96 pixels). */
double amanat_viewer_get_zoom(AmanatViewer *self);
void amanat_viewer_set_zoom(AmanatViewer *self, double zoom);

G_END_DECLS
