/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-viewer-private.h: what amanat-viewer.c shares with amanat-viewer-actions.c. */
#pragma once

#include "amanat-render-client.h"
#include "amanat-viewer.h"

G_BEGIN_DECLS

struct _AmanatViewer {
  AdwWindow parent_instance;

  AmanatSession *session;
  char *id;
  char *content_type;
  amanat_doc_kind kind;
  guint64 size;
  GCancellable *cancellable; /* cancelled when the viewer closes */

  AmanatViewerMode mode;
  gboolean reading;
  AmanatRenderClient *client; /* images and PDFs, while open */
  gboolean rendering;
  GdkTexture *texture;
  guint n_pages;
  guint page;        /* shown */
  double zoom;       /* shown */
  guint want_page;   /* asked for; rendered when the current render is done */
  double want_zoom;  /* asked for */
  double page_width; /* first page, points */

  AdwWindowTitle *window_title;
  GtkWidget *save_button;
  GtkStack *stack;
  GtkTextView *text_view;
  GtkScrolledWindow *picture_scroller;
  GtkPicture *picture;
  AdwStatusPage *message_page;
  GtkActionBar *page_bar;
  GtkLabel *page_label;
  GtkLabel *zoom_label;
};

void amanat_viewer_class_install_actions(GtkWidgetClass *widget_class);
/* Enables the page and zoom actions for what is shown. */
void amanat_viewer_update_actions(AmanatViewer *self);
/* The zoom that fits the first page's width into the window, within the zoom steps. */
double amanat_viewer_fit_zoom(AmanatViewer *self);
/* Asks the viewer's owner to save a copy (emits ::save-copy-requested). */
void amanat_viewer_request_save_copy(AmanatViewer *self);

G_END_DECLS
