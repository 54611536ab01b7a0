/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-renderer.c: amanat-renderer through its protocol (render-protocol.h): a PNG and a
 * two-page PDF, both made in memory, come back at the right size and colours; damaged and
 * unknown input is refused with an exit code, never a crash; the running renderer is under
 * seccomp with no_new_privs. Then the sandbox code itself, in a child of this test: socket,
 * opening for writing, fork, execve and executable memory all fail, and no file appears. */
#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render-protocol.h"
#include "renderer-sandbox.h"

#define RED   0xffff0000u
#define BLUE  0xff0000ffu
#define GREEN 0xff00ff00u

/* ---- Documents made in memory ------------------------------------------------------- */

/* A `width` × `height` PNG, green, its top-left pixel red. */
static GBytes *make_png(int width, int height) {
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  gdk_pixbuf_fill(pixbuf, 0x00ff00ff);
  guint8 *pixels = gdk_pixbuf_get_pixels(pixbuf);
  pixels[0] = 0xff;
  pixels[1] = 0x00;
  pixels[2] = 0x00;
  gchar *buffer = NULL;
  gsize len = 0;
  g_assert_true(gdk_pixbuf_save_to_buffer(pixbuf, &buffer, &len, "png", NULL, NULL));
  return g_bytes_new_take(buffer, len);
}

static cairo_status_t append_to_array(void *closure, const unsigned char *data,
                                      unsigned int length) {
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Two 200 × 100 point pages: the first red, the second blue. */
static GBytes *make_pdf(void) {
  GByteArray *array = g_byte_array_new();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append_to_array, array, 200, 100);
  cairo_t *cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 0, 0);
  cairo_paint(cr);
  cairo_show_page(cr);
  cairo_set_source_rgb(cr, 0, 0, 1);
  cairo_paint(cr);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  g_assert_cmpint(cairo_surface_status(surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(surface);
  return g_byte_array_free_to_bytes(array);
}

/* ---- Talking to the renderer -------------------------------------------------------- */

typedef struct {
  GSubprocess *process;
  GOutputStream *in;
  GInputStream *out;
} Renderer;

/* Started as the app starts it: pipes only, an empty environment, "/" as its folder. */
static void renderer_start(Renderer *r, GBytes *document) {
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  const char *const no_environment[] = {NULL};
  g_subprocess_launcher_set_environ(launcher, (char **)no_environment);
  g_subprocess_launcher_set_cwd(launcher, "/");
  g_autoptr(GError) error = NULL;
  r->process = g_subprocess_launcher_spawn(launcher, &error, RENDERER_PATH, NULL);
  g_assert_no_error(error);
  r->in = g_subprocess_get_stdin_pipe(r->process);
  r->out = g_subprocess_get_stdout_pipe(r->process);

  guint8 open[RENDER_OPEN_SIZE];
  gsize len = g_bytes_get_size(document);
  render_pack_open(open, len);
  /* A renderer that refuses may exit before it has read everything: no error check here. */
  (void)g_output_stream_write_all(r->in, open, sizeof open, NULL, NULL, NULL);
  (void)g_output_stream_write_all(r->in, g_bytes_get_data(document, NULL), len, NULL, NULL, NULL);
}

/* Closes its input and returns its exit status (-1 when killed by a signal). */
static int renderer_finish(Renderer *r) {
  (void)g_output_stream_close(r->in, NULL, NULL);
  g_assert_true(g_subprocess_wait(r->process, NULL, NULL));
  int status =
      g_subprocess_get_if_exited(r->process) ? g_subprocess_get_exit_status(r->process) : -1;
  g_clear_object(&r->process);
  return status;
}

static void read_info(Renderer *r, render_info *info) {
  guint8 message[RENDER_INFO_SIZE];
  gsize n = 0;
  g_assert_true(g_input_stream_read_all(r->out, message, sizeof message, &n, NULL, NULL));
  g_assert_cmpuint(n, ==, sizeof message);
  g_assert_cmpint(render_unpack_info(message, info), ==, 0);
}

/* Starts the renderer on `document`, which it must accept. */
static void renderer_open(Renderer *r, GBytes *document, render_info *info) {
  renderer_start(r, document);
  read_info(r, info);
  g_assert_cmpuint(info->status, ==, RENDER_OK);
}

/* Asks for a page; returns its pixels (NULL on a refusal, whose status goes to *status). */
static guint32 *read_page(Renderer *r, guint page, double scale, render_pixels *header) {
  render_page_request request = {page, (uint32_t)(scale * 1000)};
  guint8 message[RENDER_PIXELS_SIZE];
  render_pack_page(message, &request);
  g_assert_true(g_output_stream_write_all(r->in, message, RENDER_PAGE_SIZE, NULL, NULL, NULL));
  gsize n = 0;
  g_assert_true(g_input_stream_read_all(r->out, message, sizeof message, &n, NULL, NULL));
  g_assert_cmpuint(n, ==, sizeof message);
  g_assert_cmpint(render_unpack_pixels(message, header), ==, 0);
  if (header->status != RENDER_OK)
    return NULL;
  gsize len = (gsize)header->height * header->stride;
  guint32 *pixels = g_malloc(len);
  g_assert_true(g_input_stream_read_all(r->out, pixels, len, &n, NULL, NULL));
  g_assert_cmpuint(n, ==, len);
  return pixels;
}

static guint32 pixel_at(const guint32 *pixels, const render_pixels *header, guint x, guint y) {
  return pixels[y * (header->stride / 4) + x];
}

/* ---- Tests -------------------------------------------------------------------------- */

static void test_png(void) {
  g_autoptr(GBytes) png = make_png(40, 30);
  Renderer r = {0};
  render_info info;
  renderer_open(&r, png, &info);
  g_assert_cmpuint(info.kind, ==, RENDER_KIND_IMAGE);
  g_assert_cmpuint(info.page_count, ==, 1);
  g_assert_cmpuint(info.page_width_mpt, ==, 40000);

  render_pixels header;
  g_autofree guint32 *pixels = read_page(&r, 0, 1.0, &header);
  g_assert_nonnull(pixels);
  g_assert_cmpuint(header.width, ==, 40);
  g_assert_cmpuint(header.height, ==, 30);
  g_assert_cmphex(pixel_at(pixels, &header, 0, 0), ==, RED);
  g_assert_cmphex(pixel_at(pixels, &header, 39, 29), ==, GREEN);
  g_assert_cmpint(renderer_finish(&r), ==, 0);
}

static void test_pdf_pages(void) {
  g_autoptr(GBytes) pdf = make_pdf();
  Renderer r = {0};
  render_info info;
  renderer_open(&r, pdf, &info);
  g_assert_cmpuint(info.kind, ==, RENDER_KIND_PDF);
  g_assert_cmpuint(info.page_count, ==, 2);
  g_assert_cmpuint(info.page_width_mpt, ==, 200000);
  g_assert_cmpuint(info.page_height_mpt, ==, 100000);

  render_pixels header;
  g_autofree guint32 *first = read_page(&r, 0, 1.0, &header);
  g_assert_nonnull(first);
  g_assert_cmpuint(header.width, ==, 200);
  g_assert_cmpuint(header.height, ==, 100);
  g_assert_cmphex(pixel_at(first, &header, 100, 50), ==, RED);

  /* A page the document lacks is refused; the renderer goes on. */
  g_assert_null(read_page(&r, 7, 1.0, &header));
  g_assert_cmpuint(header.status, ==, RENDER_E_PROTOCOL);

  g_autofree guint32 *second = read_page(&r, 1, 2.0, &header);
  g_assert_nonnull(second);
  g_assert_cmpuint(header.width, ==, 400);
  g_assert_cmpuint(header.height, ==, 200);
  g_assert_cmphex(pixel_at(second, &header, 200, 100), ==, BLUE);

  /* A scale beyond the limits is shrunk, not obeyed. */
  g_autofree guint32 *huge = read_page(&r, 0, 1000.0, &header);
  g_assert_nonnull(huge);
  g_assert_cmpuint(header.width, <=, RENDER_MAX_SIDE);
  g_assert_cmpuint((guint64)header.width * header.height, <=, RENDER_MAX_PIXELS);
  g_assert_cmpint(renderer_finish(&r), ==, 0);
}

/* A page whose text names Helvetica without embedding it: poppler asks fontconfig for a
 * substitute, which it reads from the system's fonts inside the sandbox. */
static GBytes *make_pdf_with_system_font(void) {
  const char *objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      NULL, /* the content stream, below */
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };
  const char *content = "BT /F1 48 Tf 10 30 Td (Amanat) Tj ET";
  g_autofree char *stream =
      g_strdup_printf("<< /Length %zu >>\nstream\n%s\nendstream", strlen(content), content);
  objects[3] = stream;
  GString *pdf = g_string_new("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS(objects)];
  for (gsize i = 0; i < G_N_ELEMENTS(objects); i++) {
    offsets[i] = pdf->len;
    g_string_append_printf(pdf, "%zu 0 obj\n%s\nendobj\n", i + 1, objects[i]);
  }
  gsize xref = pdf->len;
  g_string_append_printf(pdf, "xref\n0 %zu\n0000000000 65535 f \n", G_N_ELEMENTS(objects) + 1);
  for (gsize i = 0; i < G_N_ELEMENTS(objects); i++)
    g_string_append_printf(pdf, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf(pdf, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                         G_N_ELEMENTS(objects) + 1, xref);
  return g_string_free_to_bytes(pdf);
}

static void test_pdf_system_font(void) {
  g_autoptr(GBytes) pdf = make_pdf_with_system_font();
  Renderer r = {0};
  render_info info;
  renderer_open(&r, pdf, &info);
  render_pixels header;
  g_autofree guint32 *pixels = read_page(&r, 0, 1.0, &header);
  g_assert_nonnull(pixels);
  guint dark = 0;
  for (guint y = 0; y < header.height; y++)
    for (guint x = 0; x < header.width; x++)
      dark += (pixel_at(pixels, &header, x, y) & 0xff) < 0x40;
  /* 48-point letters cover a good part of the page; white paper would give none. */
  g_test_message("%u dark pixels of %u", dark, header.width * header.height);
  g_assert_cmpuint(dark, >, 500);
  g_assert_cmpint(renderer_finish(&r), ==, 0);
}

/* Refused with `status` and the refusal's exit code (4), not a crash. */
static void assert_refused(GBytes *document, render_status status) {
  Renderer r = {0};
  renderer_start(&r, document);
  render_info info;
  read_info(&r, &info);
  g_assert_cmpuint(info.status, ==, status);
  g_assert_cmpint(renderer_finish(&r), ==, 4);
}

static void test_damaged(void) {
  g_autoptr(GBytes) png = make_png(64, 64);
  g_autoptr(GBytes) pdf = make_pdf();
  /* Cut inside the header chunks. (Cut inside the pixel data, gdk-pixbuf shows the rows it
   * has, as other viewers do.) */
  g_autoptr(GBytes) png_head = g_bytes_new_from_bytes(png, 0, 41);
  g_autoptr(GBytes) pdf_head = g_bytes_new_from_bytes(pdf, 0, 200);
  assert_refused(png_head, RENDER_E_DAMAGED);
  assert_refused(pdf_head, RENDER_E_DAMAGED);

  /* The right first bytes, then noise. */
  guint8 noise[4096];
  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8)(i * 7919u >> 3);
  memcpy(noise, "\x89PNG\r\n\x1a\n", 8);
  g_autoptr(GBytes) fake_png = g_bytes_new(noise, sizeof noise);
  assert_refused(fake_png, RENDER_E_DAMAGED);
  memcpy(noise, "%PDF-1.7\n", 9);
  g_autoptr(GBytes) fake_pdf = g_bytes_new(noise, sizeof noise);
  assert_refused(fake_pdf, RENDER_E_DAMAGED);
}

static void test_unsupported(void) {
  g_autoptr(GBytes) text = g_bytes_new_static("just some words\n", 16);
  assert_refused(text, RENDER_E_UNSUPPORTED);
  /* SVG is an image gdk-pixbuf reads, but not one the renderer lets it. */
  const char svg[] = "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>";
  g_autoptr(GBytes) svg_bytes = g_bytes_new_static(svg, sizeof svg - 1);
  assert_refused(svg_bytes, RENDER_E_UNSUPPORTED);
}

/* PNG's chunk checksum (ISO 3309 CRC-32), bit by bit: enough for one header. */
static guint32 crc32_of(const guint8 *data, gsize len) {
  guint32 crc = 0xffffffffu;
  for (gsize i = 0; i < len; i++) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; bit++)
      crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/* An image that claims to be 65536 × 65536 pixels: refused as too large from its header,
 * before anything that size is allocated, in well under a second. */
static void test_bomb(void) {
  g_autoptr(GBytes) png = make_png(8, 8);
  gsize len = 0;
  guint8 *data = g_bytes_unref_to_data(g_steal_pointer(&png), &len);
  /* IHDR: type at 12, width and height (big-endian) at 16 and 20, its CRC at 29. */
  memcpy(data + 16, "\x00\x01\x00\x00\x00\x01\x00\x00", 8);
  guint32 crc = crc32_of(data + 12, 17);
  guint8 crc_bytes[4] = {crc >> 24, crc >> 16, crc >> 8, crc};
  memcpy(data + 29, crc_bytes, 4);
  g_autoptr(GBytes) bomb = g_bytes_new_take(data, len);
  gint64 start = g_get_monotonic_time();
  Renderer r = {0};
  renderer_start(&r, bomb);
  render_info info;
  read_info(&r, &info);
  g_assert_cmpuint(info.status, ==, RENDER_E_TOO_LARGE);
  g_assert_cmpint(renderer_finish(&r), ==, 4);
  g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
}

static void test_protocol_garbage(void) {
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = g_subprocess_launcher_spawn(launcher, NULL, RENDERER_PATH, NULL);
  g_assert_nonnull(process);
  g_autoptr(GBytes) garbage = g_bytes_new_static("GET / HTTP/1.1\r\n\r\n", 18);
  g_assert_true(g_subprocess_communicate(process, garbage, NULL, NULL, NULL, NULL));
  g_assert_true(g_subprocess_get_if_exited(process));
  g_assert_cmpint(g_subprocess_get_exit_status(process), ==, 2);
}

/* The renderer waiting for a page request is under seccomp's filter mode, unable to gain
 * privileges, and not dumpable. */
static void test_renderer_is_sandboxed(void) {
  g_autoptr(GBytes) pdf = make_pdf();
  Renderer r = {0};
  render_info info;
  renderer_open(&r, pdf, &info);

  g_autofree char *path =
      g_strdup_printf("/proc/%s/status", g_subprocess_get_identifier(r.process));
  g_autofree char *status = NULL;
  g_assert_true(g_file_get_contents(path, &status, NULL, NULL));
  g_assert_nonnull(strstr(status, "\nNoNewPrivs:\t1\n"));
  g_assert_nonnull(strstr(status, "\nSeccomp:\t2\n"));
  g_assert_cmpint(renderer_finish(&r), ==, 0);
}

/* ---- The sandbox itself, in a child ------------------------------------------------- */

static void sandboxed_child(const char *dir) {
  g_autofree char *target = g_build_filename(dir, "written", NULL);
  g_assert_cmpint(renderer_sandbox_enter(), ==, 0);

  /* Reading still works: fonts and libraries are read this way. */
  int readable = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  g_assert_cmpint(readable, >=, 0);
  char byte;
  g_assert_cmpint(read(readable, &byte, 1), ==, 1);
  /* ...but what is open for reading can't be written through. */
  g_assert_cmpint(write(readable, "x", 1), ==, -1);
  close(readable);

  errno = 0;
  g_assert_cmpint(socket(AF_INET, SOCK_STREAM, 0), ==, -1);
  g_assert_cmpint(errno, ==, EACCES);
  g_assert_cmpint(socket(AF_UNIX, SOCK_STREAM, 0), ==, -1);

  errno = 0;
  g_assert_cmpint(open(target, O_WRONLY | O_CREAT, 0600), ==, -1);
  g_assert_cmpint(errno, ==, EACCES);
  g_assert_cmpint(openat(AT_FDCWD, target, O_RDWR | O_CREAT, 0600), ==, -1);
  g_assert_cmpint(open(target, O_RDONLY | O_CREAT, 0600), ==, -1);
  g_assert_cmpint(mkdir(target, 0700), ==, -1);
  g_assert_cmpint(unlink(dir), ==, -1);

  errno = 0;
  pid_t pid = fork();
  if (pid == 0)
    _exit(0); /* must never happen: the parent's assertion below then fails */
  g_assert_cmpint(pid, ==, -1);

  char *const argv[] = {(char *)"/bin/true", NULL};
  char *const envp[] = {NULL};
  g_assert_cmpint(execve("/bin/true", argv, envp), ==, -1);

  void *code = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true(code == MAP_FAILED);
  void *data = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true(data != MAP_FAILED);
  g_assert_cmpint(mprotect(data, 4096, PROT_READ | PROT_EXEC), ==, -1);

  /* Straight out: LeakSanitizer's exit-time scan (sanitizer build) needs a helper task that
   * the filter refuses. */
  fflush(stdout);
  _exit(0);
}

/* A folder named after the test's process, which its child finds by its parent's id. */
static char *sandbox_dir(pid_t test_pid) {
  g_autofree char *name = g_strdup_printf("amanat-sandbox-%d", (int)test_pid);
  return g_build_filename(g_get_tmp_dir(), name, NULL);
}

static void test_sandbox_denies(void) {
  if (g_test_subprocess()) {
    g_autofree char *child_dir = sandbox_dir(getppid());
    sandboxed_child(child_dir);
    return;
  }
  g_autofree char *dir = sandbox_dir(getpid());
  g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
  g_test_trap_subprocess(NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_autofree char *target = g_build_filename(dir, "written", NULL);
  g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
  g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* The message layouts: magic, version and the pixel limits are checked on unpacking. */
static void test_protocol_checks(void) {
  guint8 message[RENDER_PIXELS_SIZE];
  render_pixels pixels = {RENDER_OK, 10, 10, 40, 0, 0};
  render_pack_pixels(message, &pixels);
  render_pixels back;
  g_assert_cmpint(render_unpack_pixels(message, &back), ==, 0);
  g_assert_cmpuint(back.stride, ==, 40);
  pixels.width = RENDER_MAX_SIDE + 1;
  pixels.stride = pixels.width * 4;
  render_pack_pixels(message, &pixels);
  g_assert_cmpint(render_unpack_pixels(message, &back), ==, -1);
  pixels = (render_pixels){RENDER_OK, 10, 10, 39, 0, 0}; /* stride shorter than a row */
  render_pack_pixels(message, &pixels);
  g_assert_cmpint(render_unpack_pixels(message, &back), ==, -1);

  guint8 open[RENDER_OPEN_SIZE];
  uint64_t len = 0;
  render_pack_open(open, (uint64_t)5 << 32 | 7);
  g_assert_cmpint(render_unpack_open(open, &len), ==, 0);
  g_assert_cmpuint(len, ==, (uint64_t)5 << 32 | 7);
  open[4] = 99; /* another version */
  g_assert_cmpint(render_unpack_open(open, &len), ==, -1);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/renderer/protocol-checks", test_protocol_checks);
  g_test_add_func("/renderer/png", test_png);
  g_test_add_func("/renderer/pdf-pages", test_pdf_pages);
  g_test_add_func("/renderer/pdf-system-font", test_pdf_system_font);
  g_test_add_func("/renderer/damaged", test_damaged);
  g_test_add_func("/renderer/unsupported", test_unsupported);
  g_test_add_func("/renderer/bomb", test_bomb);
  g_test_add_func("/renderer/protocol-garbage", test_protocol_garbage);
  g_test_add_func("/renderer/sandboxed", test_renderer_is_sandboxed);
  g_test_add_func("/renderer/sandbox-denies", test_sandbox_denies);
  return g_test_run();
}
