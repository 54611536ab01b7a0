/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-viewer-actions.c: the viewer's actions and keys: pages (Page Up and Page Down),
 * zoom (Ctrl with +, − and 0), saving a copy, and closing (Escape, Ctrl+W). */
#include "config.h"

#include "amanat-viewer-private.h"

/* Zoom steps, as in document viewers; "fit to width" may fall between two. */
static const double ZOOM_STEPS[] = {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0};

static void previous_page_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  AmanatViewer *self = AMANAT_VIEWER(widget);
  if (self->want_page > 0)
    amanat_viewer_show_page(self, self->want_page - 1);
}

static void next_page_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  AmanatViewer *self = AMANAT_VIEWER(widget);
  amanat_viewer_show_page(self, self->want_page + 1);
}

static void zoom_in_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  AmanatViewer *self = AMANAT_VIEWER(widget);
  for (gsize i = 0; i < G_N_ELEMENTS(ZOOM_STEPS); i++)
    if (ZOOM_STEPS[i] > self->want_zoom * 1.01) {
      amanat_viewer_set_zoom(self, ZOOM_STEPS[i]);
      return;
    }
}

static void zoom_out_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  AmanatViewer *self = AMANAT_VIEWER(widget);
  for (gsize i = G_N_ELEMENTS(ZOOM_STEPS); i-- > 0;)
    if (ZOOM_STEPS[i] < self->want_zoom * 0.99) {
      amanat_viewer_set_zoom(self, ZOOM_STEPS[i]);
      return;
    }
}

static void zoom_fit_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  AmanatViewer *self = AMANAT_VIEWER(widget);
  amanat_viewer_set_zoom(self, amanat_viewer_fit_zoom(self));
}

static void save_copy_action(GtkWidget *widget, const char *action_name, GVariant *param) {
  amanat_viewer_request_save_copy(AMANAT_VIEWER(widget));
}

void amanat_viewer_update_actions(AmanatViewer *self) {
  GtkWidget *widget = GTK_WIDGET(self);
  gboolean pdf = self->client != NULL && amanat_render_client_get_is_pdf(self->client) &&
                 self->mode == AMANAT_VIEWER_PICTURE;
  gtk_widget_action_set_enabled(widget, "viewer.previous-page", pdf && self->want_page > 0);
  gtk_widget_action_set_enabled(widget, "viewer.next-page",
                                pdf && self->want_page + 1 < self->n_pages);
  gtk_widget_action_set_enabled(widget, "viewer.zoom-in",
                                pdf && self->want_zoom < ZOOM_STEPS[G_N_ELEMENTS(ZOOM_STEPS) - 1]);
  gtk_widget_action_set_enabled(widget, "viewer.zoom-out", pdf && self->want_zoom > ZOOM_STEPS[0]);
  gtk_widget_action_set_enabled(widget, "viewer.zoom-fit", pdf);
}

double amanat_viewer_fit_zoom(AmanatViewer *self) {
  int width = gtk_widget_get_width(GTK_WIDGET(self->picture_scroller)), height;
  /* Not allocated yet: the size it opens at (GTK 4.8 wants both pointers). */
  if (width <= 0)
    gtk_window_get_default_size(GTK_WINDOW(self), &width, &height);
  if (self->page_width <= 0 || width <= 0)
    return 1.0;
  /* The picture's margins and a scrollbar's width. */
  double fit = (width - 24 - 16) / (self->page_width * 96.0 / 72.0);
  return CLAMP(fit, ZOOM_STEPS[0], 1.0);
}

void amanat_viewer_class_install_actions(GtkWidgetClass *widget_class) {
  gtk_widget_class_install_action(widget_class, "viewer.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action(widget_class, "viewer.next-page", NULL, next_page_action);
  gtk_widget_class_install_action(widget_class, "viewer.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action(widget_class, "viewer.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action(widget_class, "viewer.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action(widget_class, "viewer.save-copy", NULL, save_copy_action);

  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Page_Up, 0, "viewer.previous-page",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Page_Down, 0, "viewer.next-page", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                      "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                      "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                      "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                      "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                      "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-fit",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "viewer.save-copy",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                      NULL);
}
