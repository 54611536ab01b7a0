/* SPDX-License-Identifier: GPL-3.0-or-later */
/* x11-picture.c: see x11-picture.h. */
#include "config.h"

#include <X11/Xutil.h>
#include <string.h>

#include "x11-picture.h"

#define MIN_COLOURS    32
#define MAX_MOST_SHARE 0.97

static int x_error_code;

static int on_x_error(Display *display, XErrorEvent *event) {
  x_error_code = event->error_code;
  return 0;
}

/* One channel of `pixel`, scaled to 8 bits. */
static guint8 channel(unsigned long pixel, unsigned long mask) {
  if (mask == 0)
    return 0;
  int shift = __builtin_ctzl(mask);
  unsigned long max = mask >> shift;
  return (guint8)(((pixel & mask) >> shift) * 255 / max);
}

GdkPixbuf *x11_picture_capture(Display *display, Window window) {
  /* A window may go away between the question and the answer: an error, not an exit. */
  XSync(display, False);
  int (*old_handler)(Display *, XErrorEvent *) = XSetErrorHandler(on_x_error);
  x_error_code = 0;
  XWindowAttributes attributes;
  XImage *image = NULL;
  if (XGetWindowAttributes(display, window, &attributes) != 0 && x_error_code == 0 &&
      attributes.map_state == IsViewable)
    image = XGetImage(display, window, 0, 0, (unsigned)attributes.width,
                      (unsigned)attributes.height, AllPlanes, ZPixmap);
  XSync(display, False);
  XSetErrorHandler(old_handler);
  if (image == NULL || x_error_code != 0) {
    if (image != NULL)
      XDestroyImage(image);
    return NULL;
  }

  GdkPixbuf *pixbuf =
      gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, attributes.width, attributes.height);
  guint8 *pixels = gdk_pixbuf_get_pixels(pixbuf);
  int stride = gdk_pixbuf_get_rowstride(pixbuf);
  /* Xvfb's 24-bit visual: 32 bits a pixel, read directly (XGetPixel is ten times slower). */
  gboolean direct = image->bits_per_pixel == 32 && image->byte_order == LSBFirst &&
                    image->red_mask == 0xff0000 && image->green_mask == 0xff00 &&
                    image->blue_mask == 0xff;
  for (int y = 0; y < attributes.height; y++) {
    const guint32 *row = (const guint32 *)(image->data + (gsize)y * image->bytes_per_line);
    for (int x = 0; x < attributes.width; x++) {
      unsigned long p = direct ? row[x] : XGetPixel(image, x, y);
      guint8 *out = pixels + y * stride + 3 * x;
      out[0] = channel(p, image->red_mask);
      out[1] = channel(p, image->green_mask);
      out[2] = channel(p, image->blue_mask);
    }
  }
  XDestroyImage(image);
  return pixbuf;
}

void x11_picture_colours(GdkPixbuf *picture, guint *colours, double *most_share) {
  int width = gdk_pixbuf_get_width(picture), height = gdk_pixbuf_get_height(picture);
  const guint8 *pixels = gdk_pixbuf_read_pixels(picture);
  int stride = gdk_pixbuf_get_rowstride(picture);
  g_autoptr(GHashTable) counts = g_hash_table_new(NULL, NULL);
  guint most = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++) {
      const guint8 *p = pixels + y * stride + 3 * x;
      guint key = (guint)p[0] << 16 | (guint)p[1] << 8 | p[2];
      guint n = GPOINTER_TO_UINT(g_hash_table_lookup(counts, GUINT_TO_POINTER(key))) + 1;
      g_hash_table_insert(counts, GUINT_TO_POINTER(key), GUINT_TO_POINTER(n));
      most = MAX(most, n);
    }
  *colours = g_hash_table_size(counts);
  *most_share = (double)most / ((double)width * height);
}

gboolean x11_picture_is_drawn(GdkPixbuf *picture) {
  guint colours = 0;
  double most_share = 1;
  x11_picture_colours(picture, &colours, &most_share);
  return colours >= MIN_COLOURS && most_share < MAX_MOST_SHARE;
}

double x11_picture_difference(GdkPixbuf *a, GdkPixbuf *b) {
  int width = gdk_pixbuf_get_width(a), height = gdk_pixbuf_get_height(a);
  if (width != gdk_pixbuf_get_width(b) || height != gdk_pixbuf_get_height(b))
    return 1.0;
  const guint8 *pa = gdk_pixbuf_read_pixels(a), *pb = gdk_pixbuf_read_pixels(b);
  int sa = gdk_pixbuf_get_rowstride(a), sb = gdk_pixbuf_get_rowstride(b);
  guint64 differ = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      differ += memcmp(pa + y * sa + 3 * x, pb + y * sb + 3 * x, 3) != 0;
  return (double)differ / ((double)width * height);
}
