/* SPDX-License-Identifier: GPL-3.0-or-later */
/* e2e-session.c: see e2e-session.h. Every wait polls the real screen with a time limit, so a
 * step that never happens fails with what was awaited instead of hanging the suite. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "e2e-session.h"
#include "x11-picture.h"

#define WAIT_MS   15000 /* for a window, a change on screen, the app's exit */
#define POLL_MS   30
#define STABLE_MS 200 /* unchanged this long: settled (no animations, no blinking cursor) */

/* Someone else's list, which nothing Amanat does may touch. */
static const char recent_seed[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<xbel version=\"1.0\" "
    "xmlns:bookmark=\"http://www.freedesktop.org/standards/desktop-bookmarks\""
    " xmlns:mime=\"http://www.freedesktop.org/standards/shared-mime-info\">\n"
    "  <bookmark href=\"file:///srv/shared/minutes-march.odt\" added=\"2024-03-02T10:00:00Z\""
    " modified=\"2024-03-02T10:00:00Z\" visited=\"2024-03-02T10:00:00Z\"/>\n"
    "</xbel>\n";

/* No window manager draws or focuses anything; GTK's own animations and the blinking
 * cursor would keep the picture from settling. */
static const char gtk_settings[] = "[Settings]\n"
                                   "gtk-cursor-blink=false\n"
                                   "gtk-enable-animations=false\n";

static int x_error_code;

static int on_x_error(Display *display, XErrorEvent *event) {
  x_error_code = event->error_code;
  return 0;
}

static void write_file(const char *path, const char *contents) {
  g_autoptr(GError) error = NULL;
  g_file_set_contents(path, contents, -1, &error);
  g_assert_no_error(error);
}

gboolean e2e_session_init(E2eSession *s) {
  memset(s, 0, sizeof *s);
  const char *display = g_getenv("DISPLAY");
  if (display == NULL || display[0] == '\0') {
    g_test_skip("no display: the 'e2e' suite runs under xvfb-run (packaging/dev.sh test)");
    return FALSE;
  }
  s->display = XOpenDisplay(NULL);
  g_assert_nonnull(s->display);
  XSetErrorHandler(on_x_error);
  /* On a busy machine xdotool may be scheduled out between a key's press and its release:
   * the server would repeat the key. (Xvfb's own setting, for this display only.) */
  XAutoRepeatOff(s->display);
  XFlush(s->display);

  fixture_setup(&s->fixture, NULL);
  sealed_home_init(&s->sealed, s->fixture.tmp);
  s->home = s->sealed.home;
  s->env = s->sealed.env;
  g_autofree char *gtk_config = g_build_filename(s->sealed.config, "gtk-4.0", NULL);
  g_assert_cmpint(g_mkdir_with_parents(gtk_config, 0700), ==, 0);
  s->vault = g_build_filename(s->sealed.data, "amanat", NULL);

  g_autofree char *settings = g_build_filename(gtk_config, "settings.ini", NULL);
  write_file(settings, gtk_settings);
  s->recent_path = g_build_filename(s->sealed.data, "recently-used.xbel", NULL);
  write_file(s->recent_path, recent_seed);
  s->recent_seed = g_bytes_new_static(recent_seed, strlen(recent_seed));
  s->password = E2E_PASSWORD;
  return TRUE;
}

void e2e_session_clear(E2eSession *s) {
  if (s->app != NULL) {
    g_subprocess_force_exit(s->app);
    (void)g_subprocess_wait(s->app, NULL, NULL);
    g_clear_object(&s->app);
  }
  g_clear_object(&s->last);
  g_clear_object(&s->before_document);
  if (s->display != NULL)
    XCloseDisplay(s->display);
  if (s->fixture.tmp != NULL)
    fixture_teardown(&s->fixture, NULL);
  sealed_home_clear(&s->sealed);
  g_free(s->vault);
  g_free(s->recent_path);
  g_clear_pointer(&s->recent_seed, g_bytes_unref);
  memset(s, 0, sizeof *s);
}

char *e2e_path(E2eSession *s, const char *relative) {
  return g_build_filename(s->fixture.tmp, relative, NULL);
}

/* ---- amanat-cli ---------------------------------------------------------------------- */

CliResult *e2e_cli(E2eSession *s, const char *input, const char *const *args) {
  g_autofree char *all = g_strconcat(s->password, "\n", input, NULL);
  CliRunOptions options = {.input = all, .no_vault = TRUE, .env = (const char *const *)s->env};
  CliResult *r = cli_run_full(&s->fixture, &options, args);
  assert_status(r, 0);
  return r;
}

void e2e_make_vault(E2eSession *s) {
  g_autofree char *confirm = g_strconcat(s->password, "\n", NULL);
  g_autoptr(CliResult) r = e2e_cli_ok(s, confirm, "init", "--kdf", "interactive");
  g_assert_true(g_file_test(s->vault, G_FILE_TEST_IS_DIR));
}

/* ---- xdotool ----------------------------------------------------------------------- */

/* Runs xdotool ARGS; its standard output, or NULL when it exits with a failure (search
 * does when nothing matches). */
static char *xdotool(const char *const *args) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)XDOTOOL_PATH);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  g_autofree char *out = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
               &error);
  g_assert_no_error(error);
  return g_spawn_check_wait_status(status, NULL) ? g_steal_pointer(&out) : NULL;
}

#define xdo(...) g_free(xdotool((const char *const[]){__VA_ARGS__, NULL}))

/* The windows xdotool's search finds. */
static GArray *search(const char *const *args) {
  GArray *found = g_array_new(FALSE, FALSE, sizeof(Window));
  g_autofree char *out = xdotool(args);
  g_auto(GStrv) lines = g_strsplit(out != NULL ? out : "", "\n", -1);
  for (char **line = lines; *line != NULL; line++) {
    Window window = (Window)g_ascii_strtoull(*line, NULL, 10);
    if (window != 0)
      g_array_append_val(found, window);
  }
  return found;
}

static gboolean contains(GArray *windows, Window window) {
  for (guint i = 0; i < windows->len; i++)
    if (g_array_index(windows, Window, i) == window)
      return TRUE;
  return FALSE;
}

void e2e_keys(E2eSession *s, const char *const *keys) {
  g_autoptr(GPtrArray) args = g_ptr_array_new();
  g_ptr_array_add(args, (gpointer) "key");
  g_ptr_array_add(args, (gpointer) "--delay");
  g_ptr_array_add(args, (gpointer) "30");
  for (const char *const *k = keys; *k != NULL; k++)
    g_ptr_array_add(args, (gpointer)*k);
  g_ptr_array_add(args, NULL);
  g_autofree char *out = xdotool((const char *const *)args->pdata);
  g_assert_nonnull(out);
}

void e2e_type(E2eSession *s, const char *text) {
  g_autofree char *out = xdotool((const char *const[]){"type", "--delay", "8", text, NULL});
  g_assert_nonnull(out);
}

void e2e_focus(E2eSession *s, Window window) {
  g_autofree char *id = g_strdup_printf("%lu", (unsigned long)window);
  xdo("windowfocus", "--sync", id);
}

/* ---- windows --------------------------------------------------------------------------- */

gboolean e2e_window_mapped(E2eSession *s, Window window) {
  XWindowAttributes attributes;
  x_error_code = 0;
  Status ok = XGetWindowAttributes(s->display, window, &attributes);
  return ok != 0 && x_error_code == 0 && attributes.map_state == IsViewable;
}

/* A mapped window that xdotool finds by class, and by name unless `name` is NULL, other than
 * `besides`; or 0. */
static Window find_window(E2eSession *s, const char *name, Window besides) {
  const char *const by_class[] = {"search", "--onlyvisible", "--class", "^amanat$", NULL};
  const char *const by_name[] = {"search", "--onlyvisible", "--name", name, NULL};
  g_autoptr(GArray) of_class = search(by_class);
  g_autoptr(GArray) named = name != NULL ? search(by_name) : NULL;
  for (guint i = 0; i < of_class->len; i++) {
    Window window = g_array_index(of_class, Window, i);
    if (window != besides && (named == NULL || contains(named, window)) &&
        e2e_window_mapped(s, window))
      return window;
  }
  return 0;
}

static Window wait_window(E2eSession *s, const char *name, Window besides, const char *what) {
  for (gint64 end = g_get_monotonic_time() + WAIT_MS * 1000; g_get_monotonic_time() < end;) {
    Window window = find_window(s, name, besides);
    if (window != 0)
      return window;
    g_usleep(POLL_MS * 1000);
  }
  g_error("no %s was mapped within %d ms", what, WAIT_MS);
}

Window e2e_find_other_window(E2eSession *s, Window besides) {
  return find_window(s, NULL, besides);
}

char *e2e_window_name(E2eSession *s, Window window) {
  g_autofree char *id = g_strdup_printf("%lu", (unsigned long)window);
  char *name = xdotool((const char *const[]){"getwindowname", id, NULL});
  g_assert_nonnull(name);
  return g_strchomp(name);
}

Window e2e_wait_other_window(E2eSession *s, Window besides) {
  Window window = wait_window(s, NULL, besides, "second window of the app");
  e2e_wait_painted(s, window);
  return window;
}

void e2e_wait_window_gone(E2eSession *s, Window window) {
  for (gint64 end = g_get_monotonic_time() + WAIT_MS * 1000; g_get_monotonic_time() < end;) {
    if (!e2e_window_mapped(s, window))
      return;
    g_usleep(POLL_MS * 1000);
  }
  g_error("window %lu was still mapped after %d ms", (unsigned long)window, WAIT_MS);
}

/* ---- the app ------------------------------------------------------------------------- */

static void child_setup(gpointer data) {
  /* Killed with the test, so that a failed test leaves no app holding the bus name. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
}

void e2e_app_start(E2eSession *s, const char *language) {
  g_assert_null(s->app);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
  for (char **e = s->env; *e != NULL; e++) {
    g_auto(GStrv) pair = g_strsplit(*e, "=", 2);
    g_subprocess_launcher_setenv(launcher, pair[0], pair[1], TRUE);
  }
  g_subprocess_launcher_setenv(launcher, "LANGUAGE", language, TRUE);
  /* Xvfb has no GPU: GTK's GL renderer would run on llvmpipe and compile its shaders into the
   * fresh cache at every start (seconds). The pictures are the same. */
  g_subprocess_launcher_setenv(launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_unsetenv(launcher, "AMANAT_VAULT");
  /* Standard output carries the test's TAP: the app's goes to standard error. */
  g_subprocess_launcher_take_stdout_fd(launcher, dup(STDERR_FILENO));
  g_subprocess_launcher_set_child_setup(launcher, child_setup, NULL, NULL);
  g_autoptr(GError) error = NULL;
  s->app = g_subprocess_launcher_spawn(launcher, &error, AMANAT_APP_PATH, NULL);
  g_assert_no_error(error);

  s->window = wait_window(s, "^Amanat$", 0, "window named “Amanat” of class “amanat”");
  e2e_wait_painted(s, s->window);
  g_clear_object(&s->last);
  s->last = e2e_settle(s, s->window);
  e2e_assert_not_blank(s->last);
}

static void on_exited_cb(GObject *source, GAsyncResult *result, gpointer user_data) {
  *(gboolean *)user_data = TRUE;
}

static void wait_exit(E2eSession *s) {
  gboolean exited = FALSE;
  g_subprocess_wait_async(s->app, NULL, on_exited_cb, &exited);
  for (gint64 end = g_get_monotonic_time() + WAIT_MS * 1000;
       !exited && g_get_monotonic_time() < end;) {
    if (!g_main_context_iteration(NULL, FALSE))
      g_usleep(10 * 1000);
  }
  g_assert_true(exited);
}

void e2e_app_quit(E2eSession *s) {
  g_assert_nonnull(s->app);
  e2e_focus(s, s->window);
  e2e_key(s, "ctrl+q");
  wait_exit(s);
  g_assert_true(g_subprocess_get_if_exited(s->app));
  g_assert_cmpint(g_subprocess_get_exit_status(s->app), ==, 0);
  g_clear_object(&s->app);
  s->window = 0;
}

/* ---- pictures ------------------------------------------------------------------------ */

GdkPixbuf *e2e_capture(E2eSession *s, Window window) {
  GdkPixbuf *picture = x11_picture_capture(s->display, window);
  if (picture == NULL)
    g_error("window %lu could not be read (gone, or not mapped)", (unsigned long)window);
  return picture;
}

double e2e_difference(GdkPixbuf *a, GdkPixbuf *b) {
  return x11_picture_difference(a, b);
}

GdkPixbuf *e2e_settle(E2eSession *s, Window window) {
  g_autoptr(GdkPixbuf) last = e2e_capture(s, window);
  gint64 stable_since = g_get_monotonic_time();
  for (gint64 end = stable_since + WAIT_MS * 1000; g_get_monotonic_time() < end;) {
    g_usleep(POLL_MS * 1000);
    g_autoptr(GdkPixbuf) now = e2e_capture(s, window);
    if (e2e_difference(now, last) > 0) {
      g_set_object(&last, now);
      stable_since = g_get_monotonic_time();
    } else if (g_get_monotonic_time() - stable_since >= STABLE_MS * 1000) {
      return g_steal_pointer(&last);
    }
  }
  g_error("window %lu kept changing for %d ms", (unsigned long)window, WAIT_MS);
}

/* Waits until the share of pixels that differ from `image` is above `fraction` (`above`) or
 * at most `fraction` (not `above`), then settles. */
static GdkPixbuf *wait_difference(E2eSession *s, Window window, GdkPixbuf *image, gboolean above,
                                  double fraction, const char *what) {
  double seen = 0;
  g_autoptr(GdkPixbuf) now = NULL;
  for (gint64 end = g_get_monotonic_time() + WAIT_MS * 1000; g_get_monotonic_time() < end;) {
    g_clear_object(&now);
    now = e2e_capture(s, window);
    seen = e2e_difference(now, image);
    if (above ? seen > fraction : seen <= fraction)
      return e2e_settle(s, window);
    g_usleep(POLL_MS * 1000);
  }
  /* What the window showed instead, to look at. */
  e2e_save(now, "failed");
  g_error("waiting for %s: %.1f%% of the window differed after %d ms (%s %.1f%% needed)", what,
          100 * seen, WAIT_MS, above ? "more than" : "at most", 100 * fraction);
}

GdkPixbuf *e2e_wait_change(E2eSession *s, Window window, GdkPixbuf *before, double fraction,
                           const char *what) {
  return wait_difference(s, window, before, TRUE, fraction, what);
}

GdkPixbuf *e2e_wait_similar(E2eSession *s, Window window, GdkPixbuf *target, double fraction,
                            const char *what) {
  return wait_difference(s, window, target, FALSE, fraction, what);
}

void e2e_assert_not_blank(GdkPixbuf *image) {
  g_assert_cmpint(gdk_pixbuf_get_width(image), >=, 300);
  g_assert_cmpint(gdk_pixbuf_get_height(image), >=, 200);
  guint colours = 0;
  double most_share = 0;
  x11_picture_colours(image, &colours, &most_share);
  if (!x11_picture_is_drawn(image))
    g_error("a blank picture: %u colours, the commonest on %.1f%% of it", colours,
            100 * most_share);
}

/* Mapped is not drawn yet: the first frame comes a moment later. */
void e2e_wait_painted(E2eSession *s, Window window) {
  for (gint64 end = g_get_monotonic_time() + WAIT_MS * 1000; g_get_monotonic_time() < end;) {
    g_autoptr(GdkPixbuf) now = e2e_capture(s, window);
    if (x11_picture_is_drawn(now))
      return;
    g_usleep(POLL_MS * 1000);
  }
  g_error("window %lu stayed blank for %d ms", (unsigned long)window, WAIT_MS);
}

GdkPixbuf *e2e_next(E2eSession *s, double fraction, const char *what) {
  GdkPixbuf *image = e2e_wait_change(s, s->window, s->last, fraction, what);
  e2e_assert_not_blank(image);
  g_clear_object(&s->last);
  s->last = image;
  return image;
}

double e2e_ink_centre(GdkPixbuf *image, int y0, int y1) {
  int width = gdk_pixbuf_get_width(image);
  const guint8 *pixels = gdk_pixbuf_read_pixels(image);
  int stride = gdk_pixbuf_get_rowstride(image);
  double sum = 0, n = 0;
  for (int y = y0; y < MIN(y1, gdk_pixbuf_get_height(image)); y++)
    for (int x = 0; x < width; x++) {
      const guint8 *p = pixels + y * stride + 3 * x;
      if (p[0] + p[1] + p[2] < 3 * 100) {
        sum += x;
        n++;
      }
    }
  g_assert_cmpfloat(n, >, 100);
  return sum / n / width;
}

void e2e_save(GdkPixbuf *image, const char *name) {
  g_assert_cmpint(g_mkdir_with_parents(AMANAT_SCREENSHOT_DIR, 0755), ==, 0);
  g_autofree char *file = g_strdup_printf("e2e-%s.png", name);
  g_autofree char *path = g_build_filename(AMANAT_SCREENSHOT_DIR, file, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(gdk_pixbuf_save(image, path, "png", &error, NULL));
  g_assert_no_error(error);
  g_test_message("%s: %dx%d", path, gdk_pixbuf_get_width(image), gdk_pixbuf_get_height(image));
}

void e2e_assert_recent_unchanged(E2eSession *s) {
  g_autoptr(GBytes) now = read_file(s->recent_path);
  g_assert_true(g_bytes_equal(now, s->recent_seed));
}
