/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-password.c: reads passwords byte by byte into sodium_malloc memory, never through stdio. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stddef.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include "cli-password.h"

/* clang-format off */
G_DEFINE_QUARK(cli-password-error-quark, cli_password_error)
/* clang-format on */

/* The terminal state to restore, and the buffer to wipe, if a signal ends the process
 * while echo is off. Only the signal handler and cli_terminal_* below touch them. */
static struct termios saved_termios;
static volatile sig_atomic_t echo_is_off;
static CliPassword *volatile password_being_read;

static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

G_STATIC_ASSERT(G_N_ELEMENTS(fatal_signals) == CLI_TERMINAL_FATAL_SIGNALS);

/* Async-signal-safe: restores echo, wipes the half-read password, exits 128 + signal. */
static void on_fatal_signal(int signo) {
  if (echo_is_off)
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
  CliPassword *pw = password_being_read;
  if (pw != NULL)
    sodium_memzero(pw->data, CLI_PASSWORD_MAX + 1);
  ssize_t ignored = write(STDERR_FILENO, "\n", 1);
  (void)ignored;
  _exit(128 + signo);
}

static void restore_signals(const CliTerminalState *saved) {
  for (size_t i = 0; i < G_N_ELEMENTS(fatal_signals); i++)
    sigaction(fatal_signals[i], &saved->fatal[i], NULL);
  sigaction(SIGTSTP, &saved->stop, NULL);
}

gboolean cli_terminal_echo_off(CliTerminalState *saved) {
  if (tcgetattr(STDIN_FILENO, &saved_termios) != 0)
    return FALSE;

  struct sigaction on_fatal = {.sa_handler = on_fatal_signal};
  sigemptyset(&on_fatal.sa_mask);
  for (size_t i = 0; i < G_N_ELEMENTS(fatal_signals); i++)
    sigaddset(&on_fatal.sa_mask, fatal_signals[i]);
  for (size_t i = 0; i < G_N_ELEMENTS(fatal_signals); i++)
    sigaction(fatal_signals[i], &on_fatal, &saved->fatal[i]);
  /* Stopping with Ctrl+Z would leave the shell with echo off. */
  struct sigaction ignore = {.sa_handler = SIG_IGN};
  sigaction(SIGTSTP, &ignore, &saved->stop);

  struct termios quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t)ECHO;
  echo_is_off = 1;
  if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) {
    int saved_errno = errno;
    echo_is_off = 0;
    restore_signals(saved);
    errno = saved_errno;
    return FALSE;
  }
  return TRUE;
}

void cli_terminal_echo_restore(const CliTerminalState *saved) {
  tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
  echo_is_off = 0;
  restore_signals(saved);
  /* The newline the user typed was not echoed. */
  ssize_t ignored = write(STDERR_FILENO, "\n", 1);
  (void)ignored;
}

/* Reads one byte into *out: 1, 0 at end of input, -1 with errno on error. */
static ssize_t read_byte(char *out) {
  for (;;) {
    ssize_t n = read(STDIN_FILENO, out, 1);
    if (n >= 0 || errno != EINTR)
      return n;
  }
}

/* Reads up to a newline into pw. Bytes past CLI_PASSWORD_MAX are drained (so they do not
 * reach the shell) through the spare byte at the end of the buffer. */
static gboolean read_line(CliPassword *pw, GError **error) {
  gboolean any = FALSE, too_long = FALSE;
  pw->len = 0;
  for (;;) {
    char *slot = &pw->data[pw->len < CLI_PASSWORD_MAX ? pw->len : CLI_PASSWORD_MAX];
    ssize_t n = read_byte(slot);
    if (n < 0) {
      int saved_errno = errno;
      g_set_error(error, CLI_PASSWORD_ERROR, CLI_PASSWORD_ERROR_FAILED,
                  _("The password could not be read: %s"), g_strerror(saved_errno));
      return FALSE;
    }
    if (n == 0)
      break;
    any = TRUE;
    if (*slot == '\n') {
      *slot = '\0';
      break;
    }
    if (pw->len < CLI_PASSWORD_MAX)
      pw->len++;
    else
      too_long = TRUE;
  }
  sodium_memzero(&pw->data[CLI_PASSWORD_MAX], 1);

  if (!any) {
    g_set_error_literal(error, CLI_PASSWORD_ERROR, CLI_PASSWORD_ERROR_NONE_GIVEN,
                        _("No password was given."));
    return FALSE;
  }
  if (too_long) {
    g_set_error(error, CLI_PASSWORD_ERROR, CLI_PASSWORD_ERROR_TOO_LONG,
                _("The password is too long: it may have at most %d bytes."), CLI_PASSWORD_MAX);
    return FALSE;
  }
  if (pw->len == 0) {
    g_set_error_literal(error, CLI_PASSWORD_ERROR, CLI_PASSWORD_ERROR_EMPTY,
                        _("The password is empty."));
    return FALSE;
  }
  if (!g_utf8_validate_len(pw->data, pw->len, NULL)) {
    g_set_error_literal(error, CLI_PASSWORD_ERROR, CLI_PASSWORD_ERROR_NOT_UTF8,
                        _("The password is not valid UTF-8 text."));
    return FALSE;
  }
  return TRUE;
}

CliPassword *cli_password_read(const char *prompt, GError **error) {
  /* sodium_malloc puts the block against a guard page: its address is only aligned when
   * the size is a multiple of the alignment. */
  size_t size = sizeof(CliPassword) + CLI_PASSWORD_MAX + 1;
  size = (size + _Alignof(max_align_t) - 1) / _Alignof(max_align_t) * _Alignof(max_align_t);
  g_autoptr(CliPassword) pw = sodium_malloc(size);
  if (pw == NULL) {
    g_set_error_literal(error, CLI_PASSWORD_ERROR, CLI_PASSWORD_ERROR_FAILED,
                        _("There is not enough memory to hold the password."));
    return NULL;
  }
  pw->len = 0;

  gboolean terminal = isatty(STDIN_FILENO);
  CliTerminalState saved;
  if (terminal) {
    fputs(prompt, stderr);
    fflush(stderr);
    if (!cli_terminal_echo_off(&saved)) {
      int saved_errno = errno;
      g_set_error(error, CLI_PASSWORD_ERROR, CLI_PASSWORD_ERROR_FAILED,
                  _("The password could not be read: %s"), g_strerror(saved_errno));
      return NULL;
    }
  }

  password_being_read = pw;
  gboolean ok = read_line(pw, error);
  password_being_read = NULL;

  if (terminal)
    cli_terminal_echo_restore(&saved);
  return ok ? g_steal_pointer(&pw) : NULL;
}

void cli_password_free(CliPassword *password) {
  if (password != NULL)
    sodium_free(password); /* wipes before freeing */
}

gboolean cli_password_equal(const CliPassword *a, const CliPassword *b) {
  if (a->len != b->len)
    return FALSE;
  return sodium_memcmp(a->data, b->data, a->len) == 0;
}
