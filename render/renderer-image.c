/* SPDX-License-Identifier: GPL-3.0-or-later */
/* renderer-image.c: an image's bytes to pixels. gdk-pixbuf reads the header first and says
 * how large the image claims to be: a claim beyond the decode limit stops the decoding
 * there, before anything that large is allocated. */
#include "renderer-image.h"

#include <math.h>

/* Pixels the decoder may allocate before shrinking to RENDER_MAX_PIXELS (a 100-megapixel
 * photo is real; a 1-gigapixel claim is a bomb). */
#define DECODE_MAX_PIXELS (100u << 20)
/* Bytes fed to the loader at a time, so that a refused header stops it early. */
#define FEED_BYTES (64u << 10)

typedef struct {
  gboolean too_large;
} SizeCheck;

static void on_size_prepared_cb(GdkPixbufLoader *loader, int width, int height,
                                gpointer user_data) {
  SizeCheck *check = user_data;
  if (width <= 0 || height <= 0)
    return;
  if ((guint64)width * (guint64)height > DECODE_MAX_PIXELS) {
    check->too_large = TRUE;
    /* A size of zero makes the loader give up here, before it allocates the pixels. */
    gdk_pixbuf_loader_set_size(loader, 0, 0);
    return;
  }
  double shrink = 1.0;
  shrink = MIN(shrink, (double)RENDER_MAX_SIDE / width);
  shrink = MIN(shrink, (double)RENDER_MAX_SIDE / height);
  shrink = MIN(shrink, sqrt((double)RENDER_MAX_PIXELS / ((double)width * height)));
  if (shrink < 1.0)
    gdk_pixbuf_loader_set_size(loader, MAX(1, (int)(width * shrink)),
                               MAX(1, (int)(height * shrink)));
}

GdkPixbufLoader *renderer_image_loader_new(const char *name) {
  return gdk_pixbuf_loader_new_with_type(name, NULL);
}

/* gdk-pixbuf's straight RGB(A) bytes to cairo's premultiplied native-endian words. */
static cairo_surface_t *surface_from_pixbuf(GdkPixbuf *pixbuf) {
  int width = gdk_pixbuf_get_width(pixbuf);
  int height = gdk_pixbuf_get_height(pixbuf);
  int channels = gdk_pixbuf_get_n_channels(pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha(pixbuf);
  if (gdk_pixbuf_get_bits_per_sample(pixbuf) != 8 || channels != (alpha ? 4 : 3))
    return NULL;

  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return NULL;
  }
  cairo_surface_flush(surface);
  const guint8 *src = gdk_pixbuf_read_pixels(pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride(pixbuf);
  guint8 *dst = cairo_image_surface_get_data(surface);
  int dst_stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < height; y++) {
    const guint8 *s = src + (gsize)y * src_stride;
    guint32 *d = (guint32 *)(void *)(dst + (gsize)y * dst_stride);
    for (int x = 0; x < width; x++, s += channels) {
      guint32 a = alpha ? s[3] : 255;
      guint32 r = (s[0] * a + 127) / 255, g = (s[1] * a + 127) / 255, b = (s[2] * a + 127) / 255;
      d[x] = a << 24 | r << 16 | g << 8 | b;
    }
  }
  cairo_surface_mark_dirty(surface);
  return surface;
}

render_status renderer_image_decode(GdkPixbufLoader *loader, const uint8_t *data, size_t len,
                                    cairo_surface_t **out) {
  *out = NULL;
  SizeCheck check = {FALSE};
  g_signal_connect(loader, "size-prepared", G_CALLBACK(on_size_prepared_cb), &check);

  gboolean ok = TRUE;
  for (size_t done = 0; ok && !check.too_large && done < len; done += FEED_BYTES)
    ok = gdk_pixbuf_loader_write(loader, data + done, MIN(FEED_BYTES, len - done), NULL);
  /* Closing is needed even after a failure or a refusal; its own error means truncated. */
  gboolean closed = gdk_pixbuf_loader_close(loader, NULL);
  render_status status = RENDER_OK;
  if (check.too_large)
    status = RENDER_E_TOO_LARGE;
  else if (!ok || !closed || gdk_pixbuf_loader_get_pixbuf(loader) == NULL)
    status = RENDER_E_DAMAGED;

  if (status == RENDER_OK) {
    GdkPixbuf *turned = gdk_pixbuf_apply_embedded_orientation(gdk_pixbuf_loader_get_pixbuf(loader));
    *out = turned != NULL ? surface_from_pixbuf(turned) : NULL;
    g_clear_object(&turned);
    if (*out == NULL)
      status = RENDER_E_DAMAGED;
  }
  g_object_unref(loader);
  return status;
}
