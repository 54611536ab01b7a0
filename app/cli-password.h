/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-password.h: reading passwords into locked memory, from the terminal or one line of stdin. */
#pragma once

#include <glib.h>
#include <signal.h>
#include <stddef.h>

G_BEGIN_DECLS

#define CLI_PASSWORD_MAX 4096 /* bytes */

/* A password in sodium_malloc memory (guarded, locked, wiped when freed). */
typedef struct CliPassword {
  size_t len;
  char data[]; /* CLI_PASSWORD_MAX bytes, not NUL-terminated */
} CliPassword;

/* The GError domain for reading passwords; the messages are translated sentences. */
#define CLI_PASSWORD_ERROR (cli_password_error_quark())
GQuark cli_password_error_quark(void);

typedef enum {
  CLI_PASSWORD_ERROR_NONE_GIVEN, /* end of input before any byte */
  CLI_PASSWORD_ERROR_EMPTY,
  CLI_PASSWORD_ERROR_TOO_LONG,
  CLI_PASSWORD_ERROR_NOT_UTF8,
  CLI_PASSWORD_ERROR_FAILED, /* memory, or a read error */
} CliPasswordError;

/* Reads one password. On a terminal, prints `prompt` to stderr and reads without echo;
 * otherwise reads one line from fd 0 with read(2), byte by byte, consuming nothing after
 * its newline. Refuses empty, over-long and non-UTF-8 passwords. */
CliPassword *cli_password_read(const char *prompt, GError **error);

/* Wipes and frees. Accepts NULL. */
void cli_password_free(CliPassword *password);

/* Constant-time equality of two passwords (their lengths are compared openly). */
gboolean cli_password_equal(const CliPassword *a, const CliPassword *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliPassword, cli_password_free)

/* Turning the terminal's echo off on standard input, for anything secret typed there (a
 * password, a sensitive contact field). While echo is off, a fatal signal (Ctrl+C) restores
 * it before the process ends, and Ctrl+Z is ignored. */
#define CLI_TERMINAL_FATAL_SIGNALS 4

typedef struct CliTerminalState {
  struct sigaction fatal[CLI_TERMINAL_FATAL_SIGNALS];
  struct sigaction stop;
} CliTerminalState;

/* FALSE with errno set when standard input is not a terminal or cannot be changed. */
gboolean cli_terminal_echo_off(CliTerminalState *saved);

/* Turns echo back on, restores the signal handlers and ends the (unechoed) line on stderr. */
void cli_terminal_echo_restore(const CliTerminalState *saved);

G_END_DECLS
