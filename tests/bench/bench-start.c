/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-start.c: start to lock screen. Time from starting build/app/amanat (on a vault, so
 * its first page is the lock screen) to its window being mapped, and to its first frame
 * (the window showing more than a background), side by side with two peer desktop apps
 * started the same way: GNOME Text Editor (GTK 4 and libadwaita too) and KeePassXC (Qt), when
 * installed. Watches the X server itself (MapNotify on the root window), so no app needs to
 * be changed. Runs on a virtual display (packaging/dev.sh bench runs it under xvfb-run);
 * prints a table, never passes or fails on timing. AMANAT_BENCH_RUNS sets the runs (9). */
#include "config.h"

#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "x11-picture.h"

#define PASSWORD   "bench start password"
#define TIMEOUT_US (30 * G_USEC_PER_SEC)

typedef struct {
  const char *name;
  char *program;        /* NULL: not installed */
  const char *renderer; /* GSK_RENDERER, NULL for the app's default */
} Contender;

typedef struct {
  double mapped_ms, drawn_ms;
} Timing;

static Display *display;
static GStrv base_env;

static void die(const char *message) {
  fprintf(stderr, "bench-start: %s\n", message);
  exit(1);
}

/* A home of its own for every app, kept across its runs (warm caches, as on a desktop). */
static GStrv environment_for(const char *root, const Contender *c) {
  GStrv env = g_strdupv(base_env);
  g_autofree char *home = g_build_filename(root, "home", NULL);
  g_autofree char *data = g_build_filename(home, ".local", "share", NULL);
  g_autofree char *config = g_build_filename(home, ".config", NULL);
  g_autofree char *cache = g_build_filename(home, ".cache", NULL);
  g_autofree char *runtime = g_build_filename(root, "run", NULL);
  const char *const dirs[] = {data, config, cache, runtime};
  for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++)
    if (g_mkdir_with_parents(dirs[i], 0700) != 0)
      die("cannot make the test home");
  env = g_environ_setenv(env, "HOME", home, TRUE);
  env = g_environ_setenv(env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv(env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv(env, "XDG_CACHE_HOME", cache, TRUE);
  env = g_environ_setenv(env, "XDG_RUNTIME_DIR", runtime, TRUE);
  env = g_environ_setenv(env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv(env, "QT_QPA_PLATFORM", "xcb", TRUE);
  env = g_environ_unsetenv(env, "AMANAT_VAULT");
  if (c->renderer != NULL)
    env = g_environ_setenv(env, "GSK_RENDERER", c->renderer, TRUE);
  else
    env = g_environ_unsetenv(env, "GSK_RENDERER");
  return env;
}

/* A vault in the app's default place: its first page is then the lock screen. */
static void make_vault(const char *cli, GStrv env) {
  const char *argv[] = {cli, "init", "--kdf", "interactive", NULL};
  GPid pid;
  int in = -1;
  g_autoptr(GError) error = NULL;
  if (!g_spawn_async_with_pipes(NULL, (char **)argv, env,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                    G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &in, NULL, NULL, &error))
    die(error->message);
  const char input[] = PASSWORD "\n" PASSWORD "\n";
  if (write(in, input, sizeof input - 1) != (ssize_t)(sizeof input - 1))
    die("cannot give amanat-cli the password");
  close(in);
  int status = 0;
  waitpid(pid, &status, 0);
  g_spawn_close_pid(pid);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die("amanat-cli init failed");
}

/* The next top-level window mapped (a real window: not a menu, not a 1×1 helper). */
static Window wait_for_map(gint64 deadline) {
  while (g_get_monotonic_time() < deadline) {
    while (XPending(display) > 0) {
      XEvent event;
      XNextEvent(display, &event);
      if (event.type != MapNotify || event.xmap.override_redirect)
        continue;
      XWindowAttributes attributes;
      if (XGetWindowAttributes(display, event.xmap.window, &attributes) != 0 &&
          attributes.width >= 200 && attributes.height >= 150)
        return event.xmap.window;
    }
    struct pollfd fd = {.fd = ConnectionNumber(display), .events = POLLIN};
    (void)poll(&fd, 1, 5);
  }
  return 0;
}

static void stop(GPid pid) {
  kill(pid, SIGTERM);
  for (int i = 0; i < 200; i++) {
    if (waitpid(pid, NULL, WNOHANG) == pid)
      return;
    g_usleep(10 * 1000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
}

static gboolean run_once(const Contender *c, GStrv env, Timing *t) {
  XSync(display, True); /* drops the events of earlier runs */
  const char *argv[] = {c->program, NULL};
  GPid pid;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time();
  if (!g_spawn_async(NULL, (char **)argv, env,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pid, &error))
    die(error->message);
  gint64 deadline = start + TIMEOUT_US;
  Window window = wait_for_map(deadline);
  gint64 mapped = g_get_monotonic_time();
  gint64 drawn = 0;
  while (window != 0 && drawn == 0 && g_get_monotonic_time() < deadline) {
    g_autoptr(GdkPixbuf) picture = x11_picture_capture(display, window);
    if (picture != NULL && x11_picture_is_drawn(picture))
      drawn = g_get_monotonic_time();
    else
      g_usleep(2 * 1000);
  }
  stop(pid);
  g_spawn_close_pid(pid);
  if (window == 0 || drawn == 0)
    return FALSE;
  t->mapped_ms = (double)(mapped - start) / 1000;
  t->drawn_ms = (double)(drawn - start) / 1000;
  return TRUE;
}

int main(int argc, char **argv) {
  if (argc != 3)
    die("usage: bench-start AMANAT AMANAT-CLI");
  const char *name = g_getenv("DISPLAY");
  if (name == NULL || name[0] == '\0' || (display = XOpenDisplay(NULL)) == NULL) {
    printf("bench-start: skipped: no display (packaging/dev.sh bench runs it under xvfb-run)\n");
    return 0;
  }
  XSelectInput(display, DefaultRootWindow(display), SubstructureNotifyMask);
  base_env = g_get_environ();
  const char *runs_text = g_getenv("AMANAT_BENCH_RUNS");
  int runs = runs_text != NULL ? atoi(runs_text) : 9;
  runs = CLAMP(runs, 2, 100);

  Contender contenders[] = {
      {"Amanat (lock screen)", g_strdup(argv[1]), NULL},
      {"Amanat (lock screen)", g_strdup(argv[1]), "cairo"},
      {"GNOME Text Editor", g_find_program_in_path("gnome-text-editor"), NULL},
      {"GNOME Text Editor", g_find_program_in_path("gnome-text-editor"), "cairo"},
      {"KeePassXC (welcome)", g_find_program_in_path("keepassxc"), NULL},
  };

  printf("\nStart to first window on %s (Xvfb: no GPU, so GTK's default GL renderer runs on\n"
         "llvmpipe), warm caches; median of %d runs after one warm-up run\n\n",
         name, runs);
  printf("| app                  | renderer      | window mapped ms | first frame ms |\n");
  printf("|----------------------|---------------|------------------|----------------|\n");
  for (size_t i = 0; i < G_N_ELEMENTS(contenders); i++) {
    Contender *c = &contenders[i];
    const char *renderer = c->renderer != NULL ? c->renderer : "default (GL)";
    if (strstr(c->name, "KeePassXC") != NULL)
      renderer = "Qt raster";
    if (c->program == NULL) {
      printf("| %-20s | %-13s | %16s | %14s |\n", c->name, renderer, "not installed", "");
      continue;
    }
    g_autoptr(GError) error = NULL;
    g_autofree char *root = g_dir_make_tmp("amanat-bench-start-XXXXXX", &error);
    if (root == NULL)
      die(error->message);
    g_auto(GStrv) env = environment_for(root, c);
    if (i < 2)
      make_vault(argv[2], env);

    double mapped[100], drawn[100];
    int done = 0;
    Timing warm_up;
    (void)run_once(c, env, &warm_up);
    for (int r = 0; r < runs; r++) {
      Timing t;
      if (run_once(c, env, &t)) {
        mapped[done] = t.mapped_ms;
        drawn[done] = t.drawn_ms;
        done++;
      }
    }
    if (done == 0)
      printf("| %-20s | %-13s | %16s | %14s |\n", c->name, renderer, "no window", "");
    else
      printf("| %-20s | %-13s | %16.0f | %14.0f |\n", c->name, renderer, bench_median(mapped, done),
             bench_median(drawn, done));
    fflush(stdout);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", root);
    if (system(rm) != 0)
      die("cannot remove the test home");
    g_free(c->program);
  }
  printf("(first frame: the window shows more than a background; read back every 2 ms)\n");
  g_strfreev(base_env);
  XCloseDisplay(display);
  return 0;
}
