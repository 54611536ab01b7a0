/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-stdin-values.h: option values given as "-" and content read from standard input, held
 * in locked memory. */
#pragma once

#include <glib.h>
#include <stddef.h>

G_BEGIN_DECLS

/* Text in sodium_malloc memory (guarded, locked, wiped when freed), always NUL-terminated
 * once anything was stored. Start from {0}. */
typedef struct CliSecureText {
  char *data;
  size_t len;
  size_t cap; /* bytes usable before data must grow, not counting the NUL */
} CliSecureText;

/* Makes room for `more` bytes after len: FALSE when memory runs out. */
gboolean cli_secure_text_reserve(CliSecureText *text, size_t more);

/* Wipes and frees; the text is {0} again. */
void cli_secure_text_clear(CliSecureText *text);

/* Reads `fd` to its end into `out` (at most `max` bytes). Returns 0, or an errno value
 * (EFBIG when longer than `max`, ENOMEM). */
int cli_secure_text_read_fd(CliSecureText *out, int fd, size_t max);

/* Option values that are read from standard input because they were given as "-": after
 * the passwords, one line each (without its newline), in the order they were asked for. */
typedef struct CliStdinValues CliStdinValues;

CliStdinValues *cli_stdin_values_new(void);
void cli_stdin_values_free(CliStdinValues *values);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliStdinValues, cli_stdin_values_free)

/* When *slot is "-", asks for it: cli_stdin_values_read() will point *slot at the line read.
 * `what` names the value in a prompt or an error, as typed ("--name", "--field Phone").
 * `hidden`: typed without echo at a terminal (sensitive values). */
void cli_stdin_values_want(CliStdinValues *values, const char **slot, const char *what,
                           gboolean hidden);

/* Reads every value asked for. Returns CLI_EXIT_OK, or a failure status after printing one
 * line: input ended early, a value is not UTF-8 text or is too long. The values stay valid
 * until `values` is freed. */
int cli_stdin_values_read(CliStdinValues *values);

G_END_DECLS
