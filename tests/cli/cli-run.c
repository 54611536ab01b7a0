/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-run.c: spawns amanat-cli with controlled input and environment, and edits vault files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <linux/capability.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli-run.h"

void fixture_setup(Fixture *f, gconstpointer data) {
  g_autoptr(GError) error = NULL;
  f->tmp = g_dir_make_tmp("amanat-cli-test-XXXXXX", &error);
  g_assert_no_error(error);
  f->vault = g_build_filename(f->tmp, "vault", NULL);
}

void fixture_teardown(Fixture *f, gconstpointer data) {
  rm_rf(f->tmp);
  g_free(f->vault);
  g_free(f->tmp);
}

void cli_result_free(CliResult *r) {
  g_free(r->out);
  g_free(r->err);
  g_clear_pointer(&r->out_bytes, g_bytes_unref);
  g_free(r);
}

const char *cli_path(void) {
  const char *path = g_getenv("AMANAT_CLI");
  return path != NULL && path[0] != '\0' ? path : AMANAT_CLI_PATH;
}

char *twice(const char *password) {
  return g_strdup_printf("%s\n%s\n", password, password);
}

static char *bytes_to_string(GBytes *bytes) {
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data(bytes, &len) : NULL;
  return g_strndup(data != NULL ? data : "", len);
}

GSubprocess *cli_spawn(Fixture *f, const CliRunOptions *o, const char *const *args) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)(o->program != NULL ? o->program : cli_path()));
  if (!o->no_vault && o->program == NULL) {
    g_ptr_array_add(argv, (gpointer) "--vault");
    g_ptr_array_add(argv, f->vault);
  }
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);

  g_auto(GStrv) env = g_get_environ();
  g_autofree char *home = g_build_filename(f->tmp, "home", NULL);
  g_autofree char *data_home = g_build_filename(f->tmp, "xdg", NULL);
  env = g_environ_setenv(env, "LANGUAGE", "C", TRUE);
  env = g_environ_setenv(env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv(env, "HOME", home, TRUE);
  env = g_environ_setenv(env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_unsetenv(env, "AMANAT_VAULT");
  for (const char *const *e = o->env; e != NULL && *e != NULL; e++) {
    g_auto(GStrv) pair = g_strsplit(*e, "=", 2);
    env = g_environ_setenv(env, pair[0], pair[1], TRUE);
  }

  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
  if (o->stdin_fd <= 0)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(flags);
  g_subprocess_launcher_set_environ(launcher, env);
  if (o->stdin_fd > 0)
    g_subprocess_launcher_take_stdin_fd(launcher, o->stdin_fd);
  if (o->setup != NULL)
    g_subprocess_launcher_set_child_setup(launcher, o->setup, o->setup_data, NULL);

  g_autoptr(GError) error = NULL;
  GSubprocess *child =
      g_subprocess_launcher_spawnv(launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error(error);
  return child;
}

CliResult *cli_finish(GSubprocess *child, const CliRunOptions *o) {
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = NULL;
  if (o->stdin_fd <= 0) /* a pipe: communicate needs bytes, maybe none, to close it */
    input = o->input != NULL
                ? g_bytes_new(o->input, o->input_len != 0 ? o->input_len : strlen(o->input))
                : g_bytes_new(NULL, 0);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_subprocess_communicate(child, input, NULL, &out, &err, &error);
  g_assert_no_error(error);

  CliResult *r = g_new0(CliResult, 1);
  r->out = bytes_to_string(out);
  r->out_bytes = out != NULL ? g_bytes_ref(out) : g_bytes_new(NULL, 0);
  r->err = bytes_to_string(err);
  if (g_subprocess_get_if_exited(child))
    r->status = g_subprocess_get_exit_status(child);
  else
    r->status = -g_subprocess_get_term_sig(child);
  return r;
}

CliResult *cli_run_full(Fixture *f, const CliRunOptions *o, const char *const *args) {
  g_autoptr(GSubprocess) child = cli_spawn(f, o, args);
  return cli_finish(child, o);
}

GBytes *read_file(const char *path) {
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;
  g_file_get_contents(path, &data, &len, &error);
  g_assert_no_error(error);
  return g_bytes_new_take(data, len);
}

void write_bytes_at(const char *path, gint64 offset, const void *bytes, gsize len) {
  int fd = open(path, O_WRONLY);
  g_assert_cmpint(fd, >=, 0);
  g_assert_cmpint(pwrite(fd, bytes, len, offset), ==, (gssize)len);
  g_assert_cmpint(close(fd), ==, 0);
}

void flip_byte(const char *path, gint64 offset, guint8 mask) {
  int fd = open(path, O_RDWR);
  g_assert_cmpint(fd, >=, 0);
  guint8 byte = 0;
  g_assert_cmpint(pread(fd, &byte, 1, offset), ==, 1);
  byte ^= mask;
  g_assert_cmpint(pwrite(fd, &byte, 1, offset), ==, 1);
  g_assert_cmpint(close(fd), ==, 0);
}

void copy_dir(const char *from, const char *to) {
  g_autoptr(GError) error = NULL;
  g_assert_cmpint(g_mkdir(to, 0700), ==, 0);
  g_autoptr(GDir) dir = g_dir_open(from, 0, &error);
  g_assert_no_error(error);
  for (const char *name; (name = g_dir_read_name(dir)) != NULL;) {
    g_autofree char *src = g_build_filename(from, name, NULL);
    g_autofree char *dst = g_build_filename(to, name, NULL);
    if (g_file_test(src, G_FILE_TEST_IS_DIR)) {
      copy_dir(src, dst);
      continue;
    }
    g_autoptr(GBytes) bytes = read_file(src);
    g_file_set_contents(dst, g_bytes_get_data(bytes, NULL), (gssize)g_bytes_get_size(bytes),
                        &error);
    g_assert_no_error(error);
  }
}

void rm_rf(const char *path) {
  if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
    g_chmod(path, 0700);
    GDir *dir = g_dir_open(path, 0, NULL);
    for (const char *name; dir != NULL && (name = g_dir_read_name(dir)) != NULL;) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      rm_rf(child);
    }
    if (dir != NULL)
      g_dir_close(dir);
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

gboolean dir_is_empty(const char *path) {
  g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
  g_assert_nonnull(dir);
  const char *name = g_dir_read_name(dir);
  if (name != NULL)
    g_test_message("%s holds %s", path, name);
  return name == NULL;
}

void assert_file_unchanged(const char *path, GBytes *before) {
  g_autoptr(GBytes) after = read_file(path);
  g_assert_true(g_bytes_equal(before, after));
}

/* Runs between fork and exec: only async-signal-safe calls. For root, execve recomputes
 * the capabilities from the bounding set, so the capabilities leave that set too. */
void child_drop_dac_capabilities(gpointer unused) {
  static const int caps[] = {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER};
  struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
  memset(data, 0, sizeof data);
  if (syscall(SYS_capget, &header, data) != 0)
    _exit(120);
  for (size_t i = 0; i < G_N_ELEMENTS(caps); i++) {
    prctl(PR_CAPBSET_DROP, caps[i], 0, 0, 0); /* fails harmlessly without CAP_SETPCAP */
    data[CAP_TO_INDEX(caps[i])].effective &= ~CAP_TO_MASK(caps[i]);
    data[CAP_TO_INDEX(caps[i])].permitted &= ~CAP_TO_MASK(caps[i]);
    data[CAP_TO_INDEX(caps[i])].inheritable &= ~CAP_TO_MASK(caps[i]);
  }
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  if (syscall(SYS_capset, &header, data) != 0)
    _exit(121);
}

void child_limit_file_size(gpointer limit_bytes) {
  struct rlimit limit = {.rlim_cur = GPOINTER_TO_SIZE(limit_bytes),
                         .rlim_max = GPOINTER_TO_SIZE(limit_bytes)};
  if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
    _exit(122);
  signal(SIGXFSZ, SIG_IGN);
}
