/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-terminal.c: passwords typed at a terminal (a pseudo-terminal): no echo, and the
 * terminal restored afterwards, also when Ctrl+C interrupts. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli-run.h"

#define PW "lantern orbit maple thimble"

typedef struct {
  int master;
  int slave; /* our copy, to watch the terminal's settings */
} Pty;

static void pty_open(Pty *pty, int *child_stdin) {
  pty->master = posix_openpt(O_RDWR | O_NOCTTY);
  g_assert_cmpint(pty->master, >=, 0);
  g_assert_cmpint(grantpt(pty->master), ==, 0);
  g_assert_cmpint(unlockpt(pty->master), ==, 0);
  const char *name = ptsname(pty->master);
  g_assert_nonnull(name);
  pty->slave = open(name, O_RDWR | O_NOCTTY);
  g_assert_cmpint(pty->slave, >=, 0);
  *child_stdin = dup(pty->slave);
  g_assert_cmpint(*child_stdin, >=, 0);
}

static void pty_close(Pty *pty) {
  close(pty->master);
  close(pty->slave);
}

static gboolean echo_is_on(const Pty *pty) {
  struct termios t;
  g_assert_cmpint(tcgetattr(pty->slave, &t), ==, 0);
  return (t.c_lflag & ECHO) != 0;
}

/* Waits (up to 20 s) until the command has turned echo off to read a password. */
static void wait_for_echo_off(const Pty *pty) {
  for (int i = 0; i < 2000 && echo_is_on(pty); i++)
    g_usleep(10 * 1000);
  g_assert_false(echo_is_on(pty));
}

/* Everything the terminal would show: it must not contain the password. */
static char *drain_master(const Pty *pty) {
  int flags = fcntl(pty->master, F_GETFL);
  g_assert_cmpint(fcntl(pty->master, F_SETFL, flags | O_NONBLOCK), ==, 0);
  GString *shown = g_string_new(NULL);
  char buf[256];
  for (;;) {
    ssize_t n = read(pty->master, buf, sizeof buf);
    if (n <= 0)
      break;
    g_string_append_len(shown, buf, n);
  }
  return g_string_free(shown, FALSE);
}

static void make_vault(Fixture *f) {
  g_autofree char *input = twice(PW);
  g_autoptr(CliResult) r = cli_run(f, input, "init", "--kdf", "interactive");
  assert_status(r, 0);
}

static void test_terminal_no_echo(Fixture *f, gconstpointer data) {
  make_vault(f);
  Pty pty;
  CliRunOptions options = {0};
  pty_open(&pty, &options.stdin_fd);
  g_assert_true(echo_is_on(&pty));

  g_autoptr(GSubprocess) child = cli_spawn(f, &options, (const char *const[]){"verify", NULL});
  wait_for_echo_off(&pty);
  g_assert_cmpint(write(pty.master, PW "\n", strlen(PW) + 1), ==, (gssize)strlen(PW) + 1);
  g_autoptr(CliResult) r = cli_finish(child, &options);

  assert_status(r, 0);
  g_assert_cmpstr(r->out, ==, "The vault is intact.\n");
  g_assert_cmpstr(r->err, ==, "Password: \n");
  g_assert_true(echo_is_on(&pty));
  g_autofree char *shown = drain_master(&pty);
  g_assert_null(strstr(shown, "lantern"));
  pty_close(&pty);
}

static void test_terminal_interrupted(Fixture *f, gconstpointer data) {
  make_vault(f);
  Pty pty;
  CliRunOptions options = {0};
  pty_open(&pty, &options.stdin_fd);

  g_autoptr(GSubprocess) child = cli_spawn(f, &options, (const char *const[]){"verify", NULL});
  wait_for_echo_off(&pty);
  g_assert_cmpint(write(pty.master, "lant", 4), ==, 4); /* half typed */
  g_subprocess_send_signal(child, SIGINT);
  g_autoptr(CliResult) r = cli_finish(child, &options);

  assert_status(r, 130);
  g_assert_cmpstr(r->out, ==, "");
  g_assert_true(echo_is_on(&pty));
  pty_close(&pty);
}

static void wait_for_echo_on(const Pty *pty) {
  for (int i = 0; i < 2000 && !echo_is_on(pty); i++)
    g_usleep(10 * 1000);
  g_assert_true(echo_is_on(pty));
}

/* Values given as "-" are typed at the terminal after the password, each after a prompt; a
 * sensitive one without echo. */
static void test_terminal_values(Fixture *f, gconstpointer data) {
  make_vault(f);
  Pty pty;
  CliRunOptions options = {0};
  pty_open(&pty, &options.stdin_fd);

  g_autoptr(GSubprocess) child = cli_spawn(
      f, &options,
      (const char *const[]){"contact", "add", "--name", "-", "--sensitive", "PIN=-", NULL});
  wait_for_echo_off(&pty);
  g_assert_cmpint(write(pty.master, PW "\n", strlen(PW) + 1), ==, (gssize)strlen(PW) + 1);
  wait_for_echo_on(&pty);
  g_assert_cmpint(write(pty.master, "Falcon\n", 7), ==, 7);
  wait_for_echo_off(&pty);
  g_assert_cmpint(write(pty.master, "4711\n", 5), ==, 5);
  g_autoptr(CliResult) r = cli_finish(child, &options);

  assert_status(r, 0);
  g_assert_cmpuint(strlen(r->out), ==, 13);
  g_assert_cmpstr(r->err, ==, "Password: \nValue of --name: Value of --sensitive PIN: \n");
  g_assert_true(echo_is_on(&pty));
  g_autofree char *shown = drain_master(&pty);
  g_assert_nonnull(strstr(shown, "Falcon"));
  g_assert_null(strstr(shown, "4711"));
  g_assert_null(strstr(shown, "lantern"));
  pty_close(&pty);
}

/* Adding a large file with stderr on a terminal: one progress line, redrawn with \r and
 * erased at the end; standard output still only the ID. */
static void test_terminal_progress(Fixture *f, gconstpointer data) {
  make_vault(f);
  Pty pty;
  int spare = -1;
  pty_open(&pty, &spare);
  close(spare);
  const char *terminal = ptsname(pty.master);
  g_assert_nonnull(terminal);

  gsize len = 40u << 20;
  g_autofree guint32 *bytes = g_malloc(len);
  GRand *rand = g_rand_new_with_seed(7);
  for (gsize i = 0; i < len / 4; i++)
    bytes[i] = g_rand_int(rand);
  g_rand_free(rand);
  g_autofree char *path = g_build_filename(f->tmp, "big.bin", NULL);
  g_assert_true(g_file_set_contents(path, (const char *)bytes, (gssize)len, NULL));

  g_autoptr(CliResult) r =
      cli_run_full(f, &(CliRunOptions){.input = PW "\n", .program = "/bin/sh"},
                   (const char *const[]){"-c", "exec \"$0\" --vault \"$1\" add \"$2\" 2>\"$3\"",
                                         cli_path(), f->vault, path, terminal, NULL});
  assert_status(r, 0);
  g_assert_cmpuint(strlen(r->out), ==, 13);
  g_autofree char *shown = drain_master(&pty);
  g_assert_true(g_str_has_prefix(shown, "\rAdding big.bin: "));
  g_assert_nonnull(strstr(shown, "100% (41.9\u00a0MB of 41.9\u00a0MB)"));
  g_assert_true(g_str_has_suffix(shown, "\r\033[K"));
  g_assert_null(strchr(shown, '\n'));
  pty_close(&pty);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add("/cli/terminal/no-echo", Fixture, NULL, fixture_setup, test_terminal_no_echo,
             fixture_teardown);
  g_test_add("/cli/terminal/interrupted", Fixture, NULL, fixture_setup, test_terminal_interrupted,
             fixture_teardown);
  g_test_add("/cli/terminal/values", Fixture, NULL, fixture_setup, test_terminal_values,
             fixture_teardown);
  g_test_add("/cli/terminal/progress", Fixture, NULL, fixture_setup, test_terminal_progress,
             fixture_teardown);
  return g_test_run();
}
