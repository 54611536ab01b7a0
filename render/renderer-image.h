/* SPDX-License-Identifier: GPL-3.0-or-later */
/* renderer-image.h: images decoded with gdk-pixbuf, from memory, into a cairo surface. */
#pragma once

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "render-protocol.h"

/* Before the sandbox: a loader for `name` ("png", "jpeg"...), which loads its module (a
 * shared library the sandbox would not let it map). NULL when there is no such loader. */
GdkPixbufLoader *renderer_image_loader_new(const char *name);

/* Decodes `data` with `loader` (consumed) into a new ARGB32 surface, turned as its EXIF
 * orientation says and shrunk to within RENDER_MAX_SIDE and RENDER_MAX_PIXELS. */
render_status renderer_image_decode(GdkPixbufLoader *loader, const uint8_t *data, size_t len,
                                    cairo_surface_t **out);
