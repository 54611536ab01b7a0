/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render-protocol.c: the renderer's messages as bytes (render-protocol.h), and which
 * documents it accepts at all. */
#include "render-protocol.h"

#include <string.h>

static const uint8_t MAGIC_OPEN[4] = {'A', 'R', 'o', 'p'};
static const uint8_t MAGIC_INFO[4] = {'A', 'R', 'i', 'n'};
static const uint8_t MAGIC_PAGE[4] = {'A', 'R', 'p', 'g'};
static const uint8_t MAGIC_PIXELS[4] = {'A', 'R', 'p', 'x'};

static void store32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

static uint32_t load32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void render_pack_open(uint8_t out[RENDER_OPEN_SIZE], uint64_t document_len) {
  memcpy(out, MAGIC_OPEN, 4);
  store32(out + 4, RENDER_PROTOCOL_VERSION);
  store32(out + 8, (uint32_t)document_len);
  store32(out + 12, (uint32_t)(document_len >> 32));
}

int render_unpack_open(const uint8_t in[RENDER_OPEN_SIZE], uint64_t *document_len) {
  if (memcmp(in, MAGIC_OPEN, 4) != 0 || load32(in + 4) != RENDER_PROTOCOL_VERSION)
    return -1;
  *document_len = (uint64_t)load32(in + 8) | (uint64_t)load32(in + 12) << 32;
  return 0;
}

void render_pack_info(uint8_t out[RENDER_INFO_SIZE], const render_info *info) {
  memcpy(out, MAGIC_INFO, 4);
  store32(out + 4, info->status);
  store32(out + 8, info->kind);
  store32(out + 12, info->page_count);
  store32(out + 16, info->page_width_mpt);
  store32(out + 20, info->page_height_mpt);
}

int render_unpack_info(const uint8_t in[RENDER_INFO_SIZE], render_info *info) {
  if (memcmp(in, MAGIC_INFO, 4) != 0)
    return -1;
  info->status = load32(in + 4);
  info->kind = load32(in + 8);
  info->page_count = load32(in + 12);
  info->page_width_mpt = load32(in + 16);
  info->page_height_mpt = load32(in + 20);
  if (info->status == RENDER_OK &&
      (info->page_count == 0 || (info->kind != RENDER_KIND_IMAGE && info->kind != RENDER_KIND_PDF)))
    return -1;
  return 0;
}

void render_pack_page(uint8_t out[RENDER_PAGE_SIZE], const render_page_request *request) {
  memcpy(out, MAGIC_PAGE, 4);
  store32(out + 4, request->page);
  store32(out + 8, request->scale_milli);
  store32(out + 12, 0);
}

int render_unpack_page(const uint8_t in[RENDER_PAGE_SIZE], render_page_request *request) {
  if (memcmp(in, MAGIC_PAGE, 4) != 0)
    return -1;
  request->page = load32(in + 4);
  request->scale_milli = load32(in + 8);
  return 0;
}

void render_pack_pixels(uint8_t out[RENDER_PIXELS_SIZE], const render_pixels *pixels) {
  memcpy(out, MAGIC_PIXELS, 4);
  store32(out + 4, pixels->status);
  store32(out + 8, pixels->width);
  store32(out + 12, pixels->height);
  store32(out + 16, pixels->stride);
  store32(out + 20, pixels->page_width_mpt);
  store32(out + 24, pixels->page_height_mpt);
  store32(out + 28, 0);
}

int render_unpack_pixels(const uint8_t in[RENDER_PIXELS_SIZE], render_pixels *pixels) {
  if (memcmp(in, MAGIC_PIXELS, 4) != 0)
    return -1;
  pixels->status = load32(in + 4);
  pixels->width = load32(in + 8);
  pixels->height = load32(in + 12);
  pixels->stride = load32(in + 16);
  pixels->page_width_mpt = load32(in + 20);
  pixels->page_height_mpt = load32(in + 24);
  if (pixels->status != RENDER_OK)
    return 0;
  if (pixels->width == 0 || pixels->height == 0 || pixels->width > RENDER_MAX_SIDE ||
      pixels->height > RENDER_MAX_SIDE ||
      (uint64_t)pixels->width * pixels->height > RENDER_MAX_PIXELS ||
      pixels->stride < pixels->width * 4u || pixels->stride > pixels->width * 4u + 64u)
    return -1;
  return 0;
}

/* ---- What the renderer reads -------------------------------------------------------- */

static int starts_with(const uint8_t *data, size_t len, size_t at, const char *magic,
                       size_t magic_len) {
  return len >= at + magic_len && memcmp(data + at, magic, magic_len) == 0;
}

#define STARTS(at, lit) starts_with(data, len, (at), (lit), sizeof(lit) - 1)

/* "BM", then a DIB header whose size names one of the known versions. */
static int is_bmp(const uint8_t *data, size_t len) {
  if (len < 18 || !STARTS(0, "BM"))
    return 0;
  uint32_t dib = load32(data + 14);
  return dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 108 || dib == 124;
}

render_kind render_sniff(const uint8_t *data, size_t len, const char **image_loader) {
  *image_loader = NULL;
  if (STARTS(0, "%PDF-"))
    return RENDER_KIND_PDF;
  if (STARTS(0, "\x89PNG\r\n\x1a\n"))
    *image_loader = "png";
  else if (STARTS(0, "\xff\xd8\xff"))
    *image_loader = "jpeg";
  else if (STARTS(0, "GIF87a") || STARTS(0, "GIF89a"))
    *image_loader = "gif";
  else if (STARTS(0, "II*\0") || STARTS(0, "MM\0*"))
    *image_loader = "tiff";
  else if (STARTS(0, "RIFF") && STARTS(8, "WEBP"))
    *image_loader = "webp";
  else if (is_bmp(data, len))
    *image_loader = "bmp";
  return *image_loader != NULL ? RENDER_KIND_IMAGE : RENDER_KIND_NONE;
}
