/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-renderer.c: Amanat's document renderer. It reads one image or PDF on standard
 * input, then answers page requests with pixels on standard output (render-protocol.h).
 * Amanat starts one per document shown; it holds no keys and sees nothing else of the vault.
 *
 * Order matters: the bytes are read into memory and their type told from their first bytes
 * (comparisons, no parsing); what the decoder needs from disk is loaded; then the sandbox
 * closes (renderer-sandbox.c); only then does a decoder see the bytes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "render-protocol.h"
#include "renderer-image.h"
#include "renderer-pdf.h"
#include "renderer-sandbox.h"

/* LeakSanitizer's exit-time scan traces the process from a helper task, which the filter
 * refuses; the sanitizer build leaves it off here (the decoders are not ours to fix). */
#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
  return "detect_leaks=0";
}
#endif

enum {
  EXIT_PROTOCOL = 2, /* Amanat sent something malformed, or went away */
  EXIT_SANDBOX = 3,  /* the sandbox could not be set up: nothing was decoded */
  EXIT_REFUSED = 4,  /* the document was refused (the status said why) */
};

/* Moves all `len` bytes through the pipe, across short counts and interruptions. */
static gboolean transfer_full(int fd, guint8 *p, size_t len, gboolean writing) {
  while (len > 0) {
    ssize_t n = writing ? write(fd, p, len) : read(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    p += n;
    len -= (size_t)n;
  }
  return TRUE;
}

static gboolean read_full(int fd, void *buf, size_t len) {
  return transfer_full(fd, buf, len, FALSE);
}

static gboolean write_full(int fd, const void *buf, size_t len) {
  return transfer_full(fd, (guint8 *)buf, len, TRUE); /* write(2) only reads it */
}

static gboolean send_info(const render_info *info) {
  guint8 message[RENDER_INFO_SIZE];
  render_pack_info(message, info);
  return write_full(STDOUT_FILENO, message, sizeof message);
}

/* The header, then the surface's rows as they are in memory. */
static gboolean send_pixels(cairo_surface_t *surface, uint32_t page_width_mpt,
                            uint32_t page_height_mpt) {
  render_pixels header = {
      .status = RENDER_OK,
      .width = (uint32_t)cairo_image_surface_get_width(surface),
      .height = (uint32_t)cairo_image_surface_get_height(surface),
      .stride = (uint32_t)cairo_image_surface_get_stride(surface),
      .page_width_mpt = page_width_mpt,
      .page_height_mpt = page_height_mpt,
  };
  guint8 message[RENDER_PIXELS_SIZE];
  render_pack_pixels(message, &header);
  return write_full(STDOUT_FILENO, message, sizeof message) &&
         write_full(STDOUT_FILENO, cairo_image_surface_get_data(surface),
                    (size_t)header.height * header.stride);
}

static gboolean send_failure(render_status status) {
  render_pixels header = {.status = status};
  guint8 message[RENDER_PIXELS_SIZE];
  render_pack_pixels(message, &header);
  return write_full(STDOUT_FILENO, message, sizeof message);
}

/* Answers page requests until Amanat closes the pipe. An image is one surface, decoded
 * already; a PDF's pages are rendered as asked. */
static int serve_pages(cairo_surface_t *image, PopplerDocument *pdf) {
  for (;;) {
    guint8 message[RENDER_PAGE_SIZE];
    render_page_request request;
    if (!read_full(STDIN_FILENO, message, sizeof message))
      return EXIT_SUCCESS; /* the pipe closed: done */
    if (render_unpack_page(message, &request) != 0)
      return EXIT_PROTOCOL;

    gboolean sent;
    if (image != NULL) {
      uint32_t width = (uint32_t)cairo_image_surface_get_width(image);
      uint32_t height = (uint32_t)cairo_image_surface_get_height(image);
      sent = request.page == 0 ? send_pixels(image, width * 1000u, height * 1000u)
                               : send_failure(RENDER_E_PROTOCOL);
    } else {
      cairo_surface_t *surface = NULL;
      uint32_t width = 0, height = 0;
      render_status status = renderer_pdf_render(pdf, request.page, request.scale_milli, &surface);
      if (status == RENDER_OK && !renderer_pdf_page_size(pdf, request.page, &width, &height))
        status = RENDER_E_DAMAGED;
      sent = status == RENDER_OK ? send_pixels(surface, width, height) : send_failure(status);
      if (surface != NULL)
        cairo_surface_destroy(surface);
    }
    if (!sent)
      return EXIT_PROTOCOL;
  }
}

/* Refuses the document with `status` and exits. */
static int refuse(render_status status) {
  render_info info = {.status = status};
  (void)send_info(&info);
  return EXIT_REFUSED;
}

int main(int argc, char **argv) {
  if (renderer_sandbox_prepare() != 0)
    return EXIT_SANDBOX;

  guint8 open_message[RENDER_OPEN_SIZE];
  uint64_t len = 0;
  if (!read_full(STDIN_FILENO, open_message, sizeof open_message) ||
      render_unpack_open(open_message, &len) != 0)
    return EXIT_PROTOCOL;
  if (len == 0 || len > RENDER_MAX_DOCUMENT) {
    /* Nothing untrusted was parsed, but refuse from inside the sandbox all the same. */
    if (renderer_sandbox_enter() != 0)
      return EXIT_SANDBOX;
    return refuse(len == 0 ? RENDER_E_DAMAGED : RENDER_E_TOO_LARGE);
  }
  guint8 *data = g_malloc(len);
  if (!read_full(STDIN_FILENO, data, len))
    return EXIT_PROTOCOL;

  const char *loader_name = NULL;
  render_kind kind = render_sniff(data, len, &loader_name);
  GdkPixbufLoader *loader =
      kind == RENDER_KIND_IMAGE ? renderer_image_loader_new(loader_name) : NULL;

  if (renderer_sandbox_enter() != 0)
    return EXIT_SANDBOX;
  /* From here on, untrusted bytes meet the decoders. */

  if (kind == RENDER_KIND_NONE || (kind == RENDER_KIND_IMAGE && loader == NULL))
    return refuse(RENDER_E_UNSUPPORTED);

  render_info info = {.status = RENDER_OK, .kind = kind, .page_count = 1};
  cairo_surface_t *image = NULL;
  PopplerDocument *pdf = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_take(data, len);
  if (kind == RENDER_KIND_IMAGE) {
    render_status status = renderer_image_decode(loader, data, len, &image);
    if (status != RENDER_OK)
      return refuse(status);
    info.page_width_mpt = (uint32_t)cairo_image_surface_get_width(image) * 1000u;
    info.page_height_mpt = (uint32_t)cairo_image_surface_get_height(image) * 1000u;
  } else {
    render_status status = renderer_pdf_open(bytes, &pdf);
    if (status != RENDER_OK)
      return refuse(status);
    info.page_count = (uint32_t)poppler_document_get_n_pages(pdf);
    if (!renderer_pdf_page_size(pdf, 0, &info.page_width_mpt, &info.page_height_mpt))
      return refuse(RENDER_E_DAMAGED);
  }
  if (!send_info(&info))
    return EXIT_PROTOCOL;

  int rc = serve_pages(image, pdf);
  if (image != NULL)
    cairo_surface_destroy(image);
  g_clear_object(&pdf);
  return rc;
}
