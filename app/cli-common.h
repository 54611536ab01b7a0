/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-common.h: what every amanat-cli command shares: exit codes, options, errors, unlocking. */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "amanat.h"
#include "cli-password.h"
#include "cli-stdin-values.h"

G_BEGIN_DECLS

/* Exit statuses: a stable contract (DESIGN.md §7). */
typedef enum {
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_WRONG_PASSWORD = 3,
} CliExit;

typedef struct CliCommand CliCommand;

/* The global options, resolved. */
typedef struct CliContext {
  const char *vault_dir; /* from --vault, $AMANAT_VAULT or the default */
  gboolean vault_dir_is_default;
  amanat_space_choice space; /* --space */
  const CliCommand *command; /* the command being run */
} CliContext;

typedef enum {
  CLI_ARG_NO_MATCH,
  CLI_ARG_MATCH,   /* *value set, *i advanced past the value */
  CLI_ARG_MISSING, /* the option is there but its value is not */
} CliArgMatch;

/* Matches argv[*i] against `--name VALUE` or `--name=VALUE`. */
CliArgMatch cli_arg_value(int argc, char **argv, int *i, const char *name, const char **value);

/* TRUE for "--help" and "-h". */
gboolean cli_arg_is_help(const char *arg);

/* Prints "amanat-cli: <message>" and the usage of the current command (or the global usage
 * when ctx is NULL) to stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const CliContext *ctx, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* Prints the usage line of a command (or the global one) to `out`. */
void cli_print_usage(FILE *out, const CliCommand *command);

/* Prints the translated sentence for a core error on one line of stderr; returns
 * CLI_EXIT_WRONG_PASSWORD for AMANAT_E_WRONG_PASSWORD, else CLI_EXIT_FAILURE. */
int cli_fail(int err);

/* The same for a GError (from cli_password_read or amanat_set_error). */
int cli_fail_error(const GError *error);

/* Prints a translated sentence on one line of stderr; returns CLI_EXIT_FAILURE. */
int cli_fail_message(const char *message);

/* Warns on stderr, with advice, when a new password is weak. Never refuses it. Commands
 * warn after they succeeded, so that a failure stays one line on stderr. */
void cli_warn_if_weak(gboolean weak);

/* Reads a password (with `prompt` on a terminal) and opens the vault in ctx. Returns
 * CLI_EXIT_OK with *out set, or a failure status after printing why. The password is
 * wiped before this returns. */
int cli_unlock(const CliContext *ctx, const char *prompt, amanat_vault **out);

/* cli_unlock with the prompt "Password: ", then reads the option values given as "-" (none
 * when `values` is NULL). On failure the vault is locked again and *out is NULL. */
int cli_unlock_with_values(const CliContext *ctx, CliStdinValues *values, amanat_vault **out);

/* TRUE when `text` is UTF-8 of at most `max_bytes` bytes with no control characters (but
 * line breaks and tabs when `multiline`): what the vault accepts as a title, name or tag. */
gboolean cli_text_is_valid(const char *text, size_t max_bytes, gboolean multiline);

/* Reads a new password and its confirmation. Returns CLI_EXIT_OK with *out set and *weak
 * telling whether the caller still has to warn that it is easy to guess (on a terminal the
 * warning comes at once), or a failure status after printing why. */
int cli_read_new_password(const char *prompt, CliPassword **out, gboolean *weak);

G_END_DECLS

/* Commands without options of their own accept only --help. Returns -1 to go on, or an
 * exit status. */
int cli_no_arguments(const CliContext *ctx, int argc, char **argv);

/* Before writing a new file at `path`: nothing is ever overwritten (not a file, not a
 * link, even a dangling one) and the folder must exist. CLI_EXIT_OK, or a failure said. */
int cli_check_new_file(const char *path);
