/* SPDX-License-Identifier: GPL-3.0-or-later */
/* renderer-pdf.c: a PDF's pages to pixels. The page's stated size is untrusted: it decides
 * the surface's size only after the limits have shrunk it. */
#include "renderer-pdf.h"

#include <math.h>

/* Below this, a page would be a few pixels: nothing anyone asks for. */
#define MIN_SCALE 0.01
/* Larger than any paper (about 5.6 m): a size beyond it is taken as damage. */
#define MAX_PAGE_POINTS 16000.0

render_status renderer_pdf_open(GBytes *bytes, PopplerDocument **out) {
  g_autoptr(GError) error = NULL;
  *out = poppler_document_new_from_bytes(bytes, NULL, &error);
  if (*out != NULL)
    return poppler_document_get_n_pages(*out) > 0 ? RENDER_OK : RENDER_E_DAMAGED;
  if (g_error_matches(error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    return RENDER_E_ENCRYPTED;
  return RENDER_E_DAMAGED;
}

static gboolean page_points(PopplerPage *page, double *width, double *height) {
  poppler_page_get_size(page, width, height);
  return isfinite(*width) && isfinite(*height) && *width >= 1.0 && *height >= 1.0 &&
         *width <= MAX_PAGE_POINTS && *height <= MAX_PAGE_POINTS;
}

gboolean renderer_pdf_page_size(PopplerDocument *document, unsigned index, uint32_t *width_mpt,
                                uint32_t *height_mpt) {
  if (index >= (unsigned)poppler_document_get_n_pages(document))
    return FALSE;
  PopplerPage *page = poppler_document_get_page(document, (int)index);
  double width, height;
  gboolean ok = page != NULL && page_points(page, &width, &height);
  g_clear_object(&page);
  if (!ok)
    return FALSE;
  *width_mpt = (uint32_t)lround(width * 1000.0);
  *height_mpt = (uint32_t)lround(height * 1000.0);
  return TRUE;
}

render_status renderer_pdf_render(PopplerDocument *document, unsigned index, uint32_t scale_milli,
                                  cairo_surface_t **out) {
  *out = NULL;
  if (index >= (unsigned)poppler_document_get_n_pages(document))
    return RENDER_E_PROTOCOL;
  /* PopplerPage has no g_autoptr in Debian 12's poppler (22.12). */
  PopplerPage *page = poppler_document_get_page(document, (int)index);
  double width, height;
  if (page == NULL || !page_points(page, &width, &height)) {
    g_clear_object(&page);
    return RENDER_E_DAMAGED;
  }

  double scale = CLAMP(scale_milli, 1u, RENDER_MAX_SCALE) / 1000.0;
  scale = MIN(scale, RENDER_MAX_SIDE / width);
  scale = MIN(scale, RENDER_MAX_SIDE / height);
  scale = MIN(scale, sqrt(RENDER_MAX_PIXELS / (width * height)));
  scale = MAX(scale, MIN_SCALE);
  int pixels_wide = MAX(1, (int)floor(width * scale));
  int pixels_high = MAX(1, (int)floor(height * scale));

  cairo_surface_t *surface =
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pixels_wide, pixels_high);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    g_object_unref(page);
    return RENDER_E_TOO_LARGE;
  }
  cairo_t *cr = cairo_create(surface);
  /* Paper is white; poppler draws only what the page paints. */
  cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
  cairo_paint(cr);
  cairo_scale(cr, pixels_wide / width, pixels_high / height);
  poppler_page_render(page, cr);
  g_object_unref(page);
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return RENDER_E_DAMAGED;
  }
  *out = surface;
  return RENDER_OK;
}
