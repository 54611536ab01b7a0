/* SPDX-License-Identifier: GPL-3.0-or-later */
/* x11-picture.h: a window's pixels read back from the X server (Xvfb in the tests), and the
 * few measures the end-to-end tests and the start benchmark take of them. */
#pragma once

#include <X11/Xlib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

/* The window's pixels now (RGB), or NULL when it is gone or not viewable. */
GdkPixbuf *x11_picture_capture(Display *display, Window window);

/* The number of colours, and the share of the pixels the most common one covers. */
void x11_picture_colours(GdkPixbuf *picture, guint *colours, double *most_share);

/* Whether the picture shows something drawn (text is antialiased: dozens of shades, and no
 * colour covers almost everything), rather than an empty or one-colour window. */
gboolean x11_picture_is_drawn(GdkPixbuf *picture);

/* The share of pixels that differ (1.0 when the sizes do). */
double x11_picture_difference(GdkPixbuf *a, GdkPixbuf *b);
