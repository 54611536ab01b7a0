/* SPDX-License-Identifier: GPL-3.0-or-later */
/* renderer-pdf.h: PDF pages rendered with poppler-glib, from memory, into cairo surfaces. */
#pragma once

#include <cairo.h>
#include <poppler.h>

#include "render-protocol.h"

/* Opens the document in `bytes` (which must outlive it). */
render_status renderer_pdf_open(GBytes *bytes, PopplerDocument **out);

/* The size of page `index` in 1/1000 point; FALSE when the page is missing or its size is
 * not a positive number. */
gboolean renderer_pdf_page_size(PopplerDocument *document, unsigned index, uint32_t *width_mpt,
                                uint32_t *height_mpt);

/* Renders page `index` on white at `scale_milli` pixels per 1000 points, shrunk if needed to
 * within RENDER_MAX_SIDE and RENDER_MAX_PIXELS, into a new ARGB32 surface. */
render_status renderer_pdf_render(PopplerDocument *document, unsigned index, uint32_t scale_milli,
                                  cairo_surface_t **out);
