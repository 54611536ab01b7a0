/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render-protocol.h: the messages between Amanat and its renderer (amanat-renderer), which
 * decodes images and PDFs in a process of its own that holds no keys. Amanat writes to the
 * renderer's standard input and reads its standard output; both ends are one machine, but
 * every integer is stored little-endian by the functions below, never by casting structs.
 *
 * Conventions: u32 and u64 are unsigned little-endian integers; a magic is 4 ASCII bytes.
 * A message that does not start with its magic ends the conversation.
 *
 * 1. Amanat → renderer, once: OPEN (16 bytes) then the document.
 *      magic "ARop" | u32 version | u64 document length (at most RENDER_MAX_DOCUMENT)
 * 2. Renderer → Amanat, once: INFO (24 bytes).
 *      magic "ARin" | u32 status | u32 kind | u32 page count
 *      | u32 first page's width | u32 first page's height (both in 1/1000 point)
 *    A status other than RENDER_OK ends the conversation: the renderer exits.
 * 3. Amanat → renderer, any number of times: PAGE (16 bytes).
 *      magic "ARpg" | u32 page (from 0) | u32 scale (pixels per point, in 1/1000) | u32 0
 *    Images have one page and ignore the scale: they come at their own size.
 * 4. Renderer → Amanat, for each PAGE: PIXELS (32 bytes), then height × stride bytes.
 *      magic "ARpx" | u32 status | u32 width | u32 height | u32 stride
 *      | u32 page width | u32 page height (1/1000 point) | u32 0
 *    The pixels are cairo's CAIRO_FORMAT_ARGB32: 32-bit native-endian words, alpha
 *    premultiplied (GDK_MEMORY_DEFAULT). A PAGE outside the document gets
 *    RENDER_E_PROTOCOL and no pixels; the renderer then waits for the next PAGE.
 *    The renderer may render smaller than asked, to stay within RENDER_MAX_PIXELS.
 * Amanat ends the conversation by closing the renderer's input; the renderer then exits. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define RENDER_PROTOCOL_VERSION 1

#define RENDER_OPEN_SIZE   16
#define RENDER_INFO_SIZE   24
#define RENDER_PAGE_SIZE   16
#define RENDER_PIXELS_SIZE 32

/* Limits, shared so that Amanat never sends what the renderer would refuse. */
#define RENDER_MAX_DOCUMENT ((uint64_t)256 << 20) /* bytes */
#define RENDER_MAX_SIDE     16384u                /* pixels, either side of a rendered page */
#define RENDER_MAX_PIXELS   (40u << 20)           /* per rendered page: 160 MiB of pixels */
#define RENDER_MAX_SCALE    16000u                /* 1/1000 pixels per point: 1152 dpi */

typedef enum render_status {
  RENDER_OK = 0,
  RENDER_E_UNSUPPORTED = 1, /* neither a PDF nor an image type the renderer decodes */
  RENDER_E_DAMAGED = 2,     /* the decoder gave up: truncated, malformed */
  RENDER_E_TOO_LARGE = 3,   /* more pixels or bytes than the limits above */
  RENDER_E_ENCRYPTED = 4,   /* a PDF that needs a password */
  RENDER_E_PROTOCOL = 5,    /* a malformed message, or a page the document lacks */
} render_status;

typedef enum render_kind {
  RENDER_KIND_NONE = 0,
  RENDER_KIND_IMAGE = 1,
  RENDER_KIND_PDF = 2,
} render_kind;

typedef struct render_info {
  uint32_t status;
  uint32_t kind;
  uint32_t page_count;
  uint32_t page_width_mpt; /* first page, 1/1000 point (an image: its width in pixels × 1000) */
  uint32_t page_height_mpt;
} render_info;

typedef struct render_page_request {
  uint32_t page;
  uint32_t scale_milli;
} render_page_request;

typedef struct render_pixels {
  uint32_t status;
  uint32_t width;
  uint32_t height;
  uint32_t stride;
  uint32_t page_width_mpt;
  uint32_t page_height_mpt;
} render_pixels;

/* Each pack writes exactly its *_SIZE bytes; each unpack returns 0, or -1 when the magic
 * (or the version) is wrong or a field is out of range. */
void render_pack_open(uint8_t out[RENDER_OPEN_SIZE], uint64_t document_len);
int render_unpack_open(const uint8_t in[RENDER_OPEN_SIZE], uint64_t *document_len);

void render_pack_info(uint8_t out[RENDER_INFO_SIZE], const render_info *info);
int render_unpack_info(const uint8_t in[RENDER_INFO_SIZE], render_info *info);

void render_pack_page(uint8_t out[RENDER_PAGE_SIZE], const render_page_request *request);
int render_unpack_page(const uint8_t in[RENDER_PAGE_SIZE], render_page_request *request);

void render_pack_pixels(uint8_t out[RENDER_PIXELS_SIZE], const render_pixels *pixels);
/* Also checks that a RENDER_OK header's size is within the limits and stride covers width. */
int render_unpack_pixels(const uint8_t in[RENDER_PIXELS_SIZE], render_pixels *pixels);

/* The kind of document `data` holds by its first bytes, and for an image the name of the
 * gdk-pixbuf loader that reads it ("png", "jpeg"...), or NULL. Only these types are ever
 * decoded: a loader for any other (SVG, XPM, ICO...) is never started. */
render_kind render_sniff(const uint8_t *data, size_t len, const char **image_loader);
