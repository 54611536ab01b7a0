/* SPDX-License-Identifier: GPL-3.0-or-later */
/* amanat-render-client.c: starts amanat-renderer with nothing but two pipes, a clean
 * environment and "/" as its folder, writes it the document, and reads back pixels into
 * sodium_malloc memory that is wiped when the texture goes. Every step has a deadline: a
 * renderer that stalls (a document made to spin) is killed, and the viewer says so. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <sodium.h>

#include "amanat-render-client.h"
#include "amanat-secret-bytes.h"
#include "amanat-translations.h"
#include "render-protocol.h"

/* Seconds a step may take: opening a large PDF, or rendering a dense page at 400%. */
#define STEP_TIMEOUT_SECONDS 20

/* What the renderer's environment keeps of ours: where fonts and their configuration are
 * (fontconfig reads the user's fonts too), and gdk-pixbuf's loaders (Flatpak moves them). */
static const char *const PASSED_VARIABLES[] = {
    "HOME",
    "XDG_DATA_HOME",
    "XDG_DATA_DIRS",
    "XDG_CONFIG_HOME",
    "XDG_CONFIG_DIRS",
    "XDG_CACHE_HOME",
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "GDK_PIXBUF_MODULE_FILE",
    "GDK_PIXBUF_MODULEDIR",
};

struct _AmanatRenderClient {
  GObject parent_instance;

  GSubprocess *process;
  GOutputStream *to_renderer;  /* borrowed from process */
  GInputStream *from_renderer; /* borrowed from process */
  gboolean busy;
  render_info info;
};

G_DEFINE_FINAL_TYPE(AmanatRenderClient, amanat_render_client, G_TYPE_OBJECT)

G_DEFINE_QUARK(amanat - render - error - quark, amanat_render_error)

/* One request's state, the GTask's data. */
typedef struct {
  AmanatRenderClient *client; /* borrowed: the task holds a reference */
  GBytes *document;           /* open: dropped once written */
  guint8 message[RENDER_PIXELS_SIZE];
  gsize reply_size;               /* what the request written is answered with... */
  GAsyncReadyCallback on_replied; /* ...and who reads it */
  render_pixels pixels;
  guint8 *buffer; /* sodium_malloc: the pixels, until the texture takes them */
  gsize buffer_len;
  guint timeout_source;
  gboolean timed_out;
} Step;

static void step_free(Step *step) {
  g_clear_handle_id(&step->timeout_source, g_source_remove);
  g_clear_pointer(&step->document, g_bytes_unref);
  if (step->buffer != NULL)
    sodium_free(step->buffer);
  g_free(step);
}

static const char *status_message(AmanatRenderError code) {
  switch (code) {
  case AMANAT_RENDER_ERROR_UNSUPPORTED:
    return _("Amanat shows text, PDF documents and PNG, JPEG, GIF, TIFF, WebP and BMP images. "
             "This file is none of these.");
  case AMANAT_RENDER_ERROR_DAMAGED:
    return _("The file seems damaged or incomplete.");
  case AMANAT_RENDER_ERROR_TOO_LARGE:
    return _("The file is too large to show here.");
  case AMANAT_RENDER_ERROR_ENCRYPTED:
    return _("This PDF is locked with a password, which the viewer cannot open.");
  case AMANAT_RENDER_ERROR_FAILED:
  default:
    return _("The viewer stopped before it finished, or took too long.");
  }
}

static void return_error(GTask *task, AmanatRenderError code) {
  g_task_return_new_error(task, AMANAT_RENDER_ERROR, code, "%s", status_message(code));
  g_object_unref(task);
}

static AmanatRenderError error_for_status(uint32_t status) {
  switch (status) {
  case RENDER_E_UNSUPPORTED:
    return AMANAT_RENDER_ERROR_UNSUPPORTED;
  case RENDER_E_DAMAGED:
    return AMANAT_RENDER_ERROR_DAMAGED;
  case RENDER_E_TOO_LARGE:
    return AMANAT_RENDER_ERROR_TOO_LARGE;
  case RENDER_E_ENCRYPTED:
    return AMANAT_RENDER_ERROR_ENCRYPTED;
  default:
    return AMANAT_RENDER_ERROR_FAILED;
  }
}

/* Ends a request: a cancellation as such, anything else after killing the renderer (it is
 * then of no further use). */
static void fail(GTask *task, GError *error) {
  Step *step = g_task_get_task_data(task);
  step->client->busy = FALSE;
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !step->timed_out) {
    amanat_render_client_stop(step->client);
    g_task_return_error(task, error);
    g_object_unref(task);
    return;
  }
  g_clear_error(&error);
  amanat_render_client_stop(step->client);
  return_error(task, AMANAT_RENDER_ERROR_FAILED);
}

static gboolean on_step_timeout_cb(gpointer user_data) {
  Step *step = user_data;
  step->timeout_source = 0;
  step->timed_out = TRUE;
  /* The pending read or write then ends with an error or a short count. */
  if (step->client->process != NULL)
    g_subprocess_force_exit(step->client->process);
  return G_SOURCE_REMOVE;
}

static void arm_timeout(Step *step) {
  g_clear_handle_id(&step->timeout_source, g_source_remove);
  step->timeout_source = g_timeout_add_seconds(STEP_TIMEOUT_SECONDS, on_step_timeout_cb, step);
}

/* ---- Finding and starting the renderer ----------------------------------------------- */

char *amanat_render_client_find_renderer(void) {
  g_autofree char *built = amanat_build_tree_dir("render");
  if (built != NULL)
    return g_build_filename(built, "amanat-renderer", NULL);
  return g_build_filename(LIBEXECDIR, "amanat", "amanat-renderer", NULL);
}

static char **renderer_environment(void) {
  g_auto(GStrv) inherited = g_get_environ();
  GStrvBuilder *builder = g_strv_builder_new();
  for (gsize i = 0; i < G_N_ELEMENTS(PASSED_VARIABLES); i++) {
    const char *value = g_environ_getenv(inherited, PASSED_VARIABLES[i]);
    if (value != NULL) {
      g_autofree char *variable = g_strconcat(PASSED_VARIABLES[i], "=", value, NULL);
      g_strv_builder_add(builder, variable);
    }
  }
  char **environment = g_strv_builder_end(builder);
  g_strv_builder_unref(builder);
  return environment;
}

static gboolean start_renderer(AmanatRenderClient *self) {
  /* A renderer that dies while we write to it must give us EPIPE, not kill the app. */
  static gsize ignored = 0;
  if (g_once_init_enter(&ignored)) {
    signal(SIGPIPE, SIG_IGN);
    g_once_init_leave(&ignored, 1);
  }

  g_autofree char *path = amanat_render_client_find_renderer();
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_auto(GStrv) environment = renderer_environment();
  g_subprocess_launcher_set_environ(launcher, environment);
  g_subprocess_launcher_set_cwd(launcher, "/");
  /* GSubprocess passes no descriptor but the three standard ones. */
  self->process = g_subprocess_launcher_spawn(launcher, NULL, path, NULL);
  if (self->process == NULL)
    return FALSE;
  self->to_renderer = g_subprocess_get_stdin_pipe(self->process);
  self->from_renderer = g_subprocess_get_stdout_pipe(self->process);
  return TRUE;
}

/* Finishes a read of `expected` bytes for the step of `task`. FALSE (and the task has
 * failed) when the read failed, came short, or ended after the step's time ran out. */
static gboolean step_read_finish(GObject *source, GAsyncResult *result, GTask *task,
                                 gsize expected) {
  Step *step = g_task_get_task_data(task);
  GError *error = NULL;
  gsize n = 0;
  if (!g_input_stream_read_all_finish(G_INPUT_STREAM(source), result, &n, &error)) {
    fail(task, error);
    return FALSE;
  }
  if (n != expected || step->timed_out) {
    fail(task, NULL);
    return FALSE;
  }
  return TRUE;
}

/* ---- Opening ------------------------------------------------------------------------- */

static void on_info_read_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  GTask *task = user_data;
  Step *step = g_task_get_task_data(task);
  AmanatRenderClient *self = step->client;

  if (!step_read_finish(source, result, task, RENDER_INFO_SIZE))
    return;
  render_info info;
  if (render_unpack_info(step->message, &info) != 0) {
    fail(task, NULL);
    return;
  }
  self->busy = FALSE;
  if (info.status != RENDER_OK) {
    amanat_render_client_stop(self);
    return_error(task, error_for_status(info.status));
    return;
  }
  self->info = info;
  g_task_return_boolean(task, TRUE);
  g_object_unref(task);
}

/* A request is written: now its answer, within the deadline. The document (after an open) is
 * no longer ours to keep: it goes, wiped, as soon as the renderer has its own copy. */
static void on_request_written_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  GTask *task = user_data;
  Step *step = g_task_get_task_data(task);
  GError *error = NULL;

  g_clear_pointer(&step->document, g_bytes_unref);
  if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(source), result, NULL, &error)) {
    fail(task, error);
    return;
  }
  arm_timeout(step);
  g_input_stream_read_all_async(step->client->from_renderer, step->message, step->reply_size,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable(task), step->on_replied,
                                task);
}

/* Two writes, not one writev: GLib 2.74's asynchronous writev on a pipe trips over its own
 * check when the pipe fills. */
static void on_open_written_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  GTask *task = user_data;
  Step *step = g_task_get_task_data(task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(source), result, NULL, &error)) {
    fail(task, error);
    return;
  }
  gsize len = 0;
  const void *data = g_bytes_get_data(step->document, &len);
  g_output_stream_write_all_async(G_OUTPUT_STREAM(source), data, len, G_PRIORITY_DEFAULT,
                                  g_task_get_cancellable(task), on_request_written_cb, task);
}

void amanat_render_client_open_async(AmanatRenderClient *self, GBytes *document,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data) {
  g_return_if_fail(AMANAT_IS_RENDER_CLIENT(self));
  g_return_if_fail(document != NULL);

  GTask *task = g_task_new(self, cancellable, callback, user_data);
  if (self->busy || self->process != NULL) {
    g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_PENDING, "renderer already open");
    g_object_unref(task);
    return;
  }
  gsize len = g_bytes_get_size(document);
  if (len > RENDER_MAX_DOCUMENT) {
    return_error(task, AMANAT_RENDER_ERROR_TOO_LARGE);
    return;
  }
  if (!start_renderer(self)) {
    return_error(task, AMANAT_RENDER_ERROR_FAILED);
    return;
  }

  Step *step = g_new0(Step, 1);
  step->client = self;
  step->document = g_bytes_ref(document);
  step->reply_size = RENDER_INFO_SIZE;
  step->on_replied = on_info_read_cb;
  g_task_set_task_data(task, step, (GDestroyNotify)step_free);
  self->busy = TRUE;
  render_pack_open(step->message, len);
  arm_timeout(step);
  g_output_stream_write_all_async(self->to_renderer, step->message, RENDER_OPEN_SIZE,
                                  G_PRIORITY_DEFAULT, cancellable, on_open_written_cb, task);
}

gboolean amanat_render_client_open_finish(AmanatRenderClient *self, GAsyncResult *result,
                                          GError **error) {
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  return g_task_propagate_boolean(G_TASK(result), error);
}

gboolean amanat_render_client_get_is_pdf(AmanatRenderClient *self) {
  g_return_val_if_fail(AMANAT_IS_RENDER_CLIENT(self), FALSE);
  return self->info.kind == RENDER_KIND_PDF;
}

guint amanat_render_client_get_n_pages(AmanatRenderClient *self) {
  g_return_val_if_fail(AMANAT_IS_RENDER_CLIENT(self), 0);
  return self->info.page_count;
}

void amanat_render_client_get_page_size(AmanatRenderClient *self, double *width, double *height) {
  g_return_if_fail(AMANAT_IS_RENDER_CLIENT(self));
  *width = self->info.page_width_mpt / 1000.0;
  *height = self->info.page_height_mpt / 1000.0;
}

/* ---- Rendering ----------------------------------------------------------------------- */

static void on_pixels_read_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  GTask *task = user_data;
  Step *step = g_task_get_task_data(task);

  if (!step_read_finish(source, result, task, step->buffer_len))
    return;
  step->client->busy = FALSE;
  g_clear_handle_id(&step->timeout_source, g_source_remove);
  g_autoptr(GBytes) bytes = amanat_secret_bytes_new_take(step->buffer, step->buffer_len);
  step->buffer = NULL;
  GdkTexture *texture = gdk_memory_texture_new((int)step->pixels.width, (int)step->pixels.height,
                                               GDK_MEMORY_DEFAULT, bytes, step->pixels.stride);
  g_task_return_pointer(task, texture, g_object_unref);
  g_object_unref(task);
}

static void on_pixels_header_read_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  GTask *task = user_data;
  Step *step = g_task_get_task_data(task);

  if (!step_read_finish(source, result, task, RENDER_PIXELS_SIZE))
    return;
  if (render_unpack_pixels(step->message, &step->pixels) != 0) {
    fail(task, NULL);
    return;
  }
  if (step->pixels.status != RENDER_OK) {
    /* The renderer goes on: another page may render. */
    step->client->busy = FALSE;
    return_error(task, error_for_status(step->pixels.status));
    return;
  }
  step->buffer_len = (gsize)step->pixels.height * step->pixels.stride;
  step->buffer = sodium_malloc(step->buffer_len);
  if (step->buffer == NULL) {
    fail(task, NULL);
    return;
  }
  g_input_stream_read_all_async(step->client->from_renderer, step->buffer, step->buffer_len,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable(task), on_pixels_read_cb,
                                task);
}

void amanat_render_client_render_async(AmanatRenderClient *self, guint page, double scale,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data) {
  g_return_if_fail(AMANAT_IS_RENDER_CLIENT(self));

  GTask *task = g_task_new(self, cancellable, callback, user_data);
  if (self->busy) {
    g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_PENDING, "a request is under way");
    g_object_unref(task);
    return;
  }
  if (self->process == NULL || page >= self->info.page_count) {
    return_error(task, AMANAT_RENDER_ERROR_FAILED);
    return;
  }

  Step *step = g_new0(Step, 1);
  step->client = self;
  step->reply_size = RENDER_PIXELS_SIZE;
  step->on_replied = on_pixels_header_read_cb;
  g_task_set_task_data(task, step, (GDestroyNotify)step_free);
  self->busy = TRUE;
  render_page_request request = {
      .page = page,
      .scale_milli = (uint32_t)CLAMP(scale * 1000.0, 1.0, (double)RENDER_MAX_SCALE),
  };
  render_pack_page(step->message, &request);
  arm_timeout(step);
  g_output_stream_write_all_async(self->to_renderer, step->message, RENDER_PAGE_SIZE,
                                  G_PRIORITY_DEFAULT, cancellable, on_request_written_cb, task);
}

GdkTexture *amanat_render_client_render_finish(AmanatRenderClient *self, GAsyncResult *result,
                                               GError **error) {
  g_return_val_if_fail(g_task_is_valid(result, self), NULL);
  return g_task_propagate_pointer(G_TASK(result), error);
}

/* ---- Life ---------------------------------------------------------------------------- */

void amanat_render_client_stop(AmanatRenderClient *self) {
  g_return_if_fail(AMANAT_IS_RENDER_CLIENT(self));
  if (self->process == NULL)
    return;
  /* SIGKILL: a renderer that may be compromised gets no say. GSubprocess reaps it. */
  g_subprocess_force_exit(self->process);
  self->to_renderer = NULL;
  self->from_renderer = NULL;
  g_clear_object(&self->process);
}

GPid amanat_render_client_get_pid(AmanatRenderClient *self) {
  g_return_val_if_fail(AMANAT_IS_RENDER_CLIENT(self), 0);
  const char *id = self->process != NULL ? g_subprocess_get_identifier(self->process) : NULL;
  return id != NULL ? (GPid)g_ascii_strtoll(id, NULL, 10) : 0;
}

static void amanat_render_client_dispose(GObject *object) {
  amanat_render_client_stop(AMANAT_RENDER_CLIENT(object));
  G_OBJECT_CLASS(amanat_render_client_parent_class)->dispose(object);
}

static void amanat_render_client_class_init(AmanatRenderClientClass *klass) {
  G_OBJECT_CLASS(klass)->dispose = amanat_render_client_dispose;
}

static void amanat_render_client_init(AmanatRenderClient *self) {}

AmanatRenderClient *amanat_render_client_new(void) {
  return g_object_new(AMANAT_TYPE_RENDER_CLIENT, NULL);
}
